"""Reference app for the benchmark: the one-chart page inside the *shape* of the dashboard, with none of its
code. Streamlit's own floor for a multipage app with a sidebar filter: its navigation and filter figures are
what the dashboard's frame alone costs, before any page content.

- ``st.navigation`` with eight pages in two sections, material icons, in the sidebar (like the dashboard);
- below it a two-option segmented control (the language switch) and a seven-option multiselect with help
  (the sector filter) that filters the chart's data, and a caption;
- the measured page is not the default one (``/chart``), as every dashboard page but the overview;
- on it, the one-chart reference's title, chart and nothing else (no commentary, no card, no downloads).
"""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Multipage reference", layout="wide")

SERIES = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"]
YEARS = list(range(2012, 2026))
FRAME = pd.DataFrame(
    [
        {"series": name, "year": year, "value": 10 + 3 * i + (year - 2012) * (1 + i / 2) + (year % (i + 2))}
        for i, name in enumerate(SERIES)
        for year in YEARS
    ]
)


def home() -> None:
    st.title("Multipage reference")


def chart() -> None:
    st.title("One chart in the dashboard's frame")
    chosen = st.session_state.get("sectors") or SERIES
    shown = FRAME[FRAME["series"].isin(chosen)].groupby("year", as_index=False)["value"].sum()
    figure = go.Figure(go.Scatter(x=shown["year"], y=shown["value"], mode="lines+markers", name="total"))
    figure.update_layout(
        title=f"{len(chosen)} series", margin={"l": 40, "r": 20, "t": 40, "b": 40}, height=420
    )
    st.plotly_chart(figure, width="stretch", key="chart")


def placeholder() -> None:
    st.title("Another page")


ICONS = ["show_chart", "precision_manufacturing", "domain", "hub", "fact_check"]
page = st.navigation(
    {
        "Dashboard": [
            st.Page(home, title="Home", icon=":material/dashboard:", default=True),
            st.Page(chart, title="Chart", icon=":material/bar_chart:", url_path="chart"),
            *[
                st.Page(placeholder, title=f"Page {i}", icon=f":material/{icon}:", url_path=f"page-{i}")
                for i, icon in enumerate(ICONS, start=3)
            ],
        ],
        "About": [st.Page(placeholder, title="About", icon=":material/menu_book:", url_path="about")],
    }
)
with st.sidebar:
    st.segmented_control("Language", ["English", "Other"], default="English", key="lang", required=True)
    st.multiselect("Sectors", SERIES, key="sectors", placeholder="All sectors", help="Filters the chart.")
    st.caption("Copy the address bar to share this view.")
page.run()
