"""A plain Streamlit app with the dashboard's frame and the widgets it uses, and none of its code: the floor
for the accessibility test (tests/browser/test_accessibility.py). Whatever axe-core finds here comes from
Streamlit itself; whatever it finds on the dashboard and not here is the dashboard's own.

It runs with the dashboard's own settings (the test copies app/.streamlit/config.toml beside it)."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Plain widgets", layout="wide")
FRAME = pd.DataFrame({"year": list(range(2012, 2026)), "value": [float(v * v) for v in range(14)]})


def widgets() -> None:
    st.title("Plain widgets")
    st.caption("A caption under the title, as every page has.")
    st.pills("Chart", ["One", "Two", "Three"], default="One", key="view", label_visibility="collapsed")
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.select_slider("Years", options=list(range(2012, 2026)), value=(2012, 2025), key="years")
        st.segmented_control("Units", ["Level", "Change"], default="Level", key="units", required=True)
        st.toggle("Log scale", key="log", help="Help text.")
    st.multiselect("Economies", ["A", "B", "C"], default=["A"], key="economies")
    st.text_input("Search", key="q", placeholder="Search")
    st.subheader("A section")
    st.info("An information box.", icon=":material/filter_alt:")
    left, right = st.columns([3, 2])
    with left, st.container(border=True):
        st.markdown("**A chart card**")
        figure = go.Figure(go.Scatter(x=FRAME["year"], y=FRAME["value"], mode="lines+markers", name="series"))
        figure.update_layout(height=380, legend={"orientation": "h"})
        st.plotly_chart(figure, width="stretch", key="chart")
        st.markdown("*A takeaway.*")
        st.caption("A footnote.")
        with st.container(horizontal=True, vertical_alignment="center"):
            st.segmented_control(
                "View",
                ["Chart", "Table", "Sources"],
                default="Chart",
                key="tab",
                label_visibility="collapsed",
                required=True,
            )
            with st.popover("Download", icon=":material/download:"):
                st.download_button("CSV", data="a,b\n1,2\n", file_name="x.csv", on_click="ignore")
    with right, st.container(border=True):
        st.markdown(":green-badge[Matches] a badge\n\n**What the article says**\n\nSome words.")
        st.page_link(st.Page(other, title="Other"), label="A page link", icon=":material/fact_check:")
    st.dataframe(FRAME, hide_index=True, width="stretch")
    st.table(FRAME.head(3))
    st.metric(
        "A metric", "31.4", delta="+85%", delta_color="gray", delta_arrow="off", border=True, help="Help."
    )
    with st.expander("An expander"):
        st.write("Inside.")
    tabs = st.tabs(["Text", "BibTeX"])
    with tabs[0]:
        st.code("A citation.", language=None, wrap_lines=True)
    st.warning("A warning.")
    st.error("An error.")
    st.success("A success.")


def other() -> None:
    st.title("Another page")


page = st.navigation(
    {
        "Dashboard": [
            st.Page(widgets, title="Widgets", icon=":material/dashboard:", default=True),
            *[
                st.Page(other, title=f"Page {i}", icon=":material/show_chart:", url_path=f"page-{i}")
                for i in range(5)
            ],
        ],
        "About": [st.Page(other, title="About", icon=":material/menu_book:", url_path="about")],
    }
)
with st.sidebar:
    st.segmented_control("Language", ["English", "简体中文"], default="English", key="lang", required=True)
    st.multiselect(
        "Sectors", ["a", "b"], key="sectors", placeholder="All sectors", help="Filters the charts."
    )
    st.caption("Copy the address bar to share this view.")
page.run()
