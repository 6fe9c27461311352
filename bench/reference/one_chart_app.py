"""Reference app for the benchmark: one plotly chart built with ``plotly.graph_objects`` from a small frame,
plus a selectbox that changes the data, so "filter change -> redraw" can be timed against the dashboard.

Deliberately plain (no caching, no helpers): it is what a single-chart Streamlit page costs.
"""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="One-chart reference", layout="wide")

SERIES = ["alpha", "beta", "gamma", "delta"]
YEARS = list(range(2012, 2026))
FRAME = pd.DataFrame(
    [
        {"series": name, "year": year, "value": 10 + 3 * i + (year - 2012) * (1 + i / 2) + (year % (i + 2))}
        for i, name in enumerate(SERIES)
        for year in YEARS
    ]
)

st.title("One-chart reference")
choice = st.selectbox("Series", SERIES, key="series")
shown = FRAME[FRAME["series"] == choice]
figure = go.Figure(go.Scatter(x=shown["year"], y=shown["value"], mode="lines+markers", name=choice))
figure.update_layout(title=f"Series {choice}", margin={"l": 40, "r": 20, "t": 40, "b": 40}, height=420)
st.plotly_chart(figure, width="stretch", key="chart")
