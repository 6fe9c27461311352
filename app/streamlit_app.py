"""Entrypoint: page config, the global sector filter and navigation. Run with `make run`."""

from __future__ import annotations

import streamlit as st

from dashboard import state

st.set_page_config(
    page_title="Industrial Base Monitor",
    page_icon="🏭",
    layout="wide",
    menu_items={"About": "Sourced figures behind China's 'advanced industrial base' commentary (2022)."},
)

PAGES = {
    "Dashboard": [
        st.Page(
            "app_pages/overview.py",
            title="Overview",
            icon=":material/dashboard:",
            default=True,
        ),
        st.Page(
            "app_pages/value_added.py",
            title="Manufacturing value added",
            icon=":material/show_chart:",
            url_path="value-added",
        ),
        st.Page(
            "app_pages/key_products.py",
            title="Key products (106)",
            icon=":material/precision_manufacturing:",
            url_path="key-products",
        ),
        st.Page(
            "app_pages/little_giants.py",
            title="Little giants",
            icon=":material/domain:",
            url_path="little-giants",
        ),
        st.Page("app_pages/clusters.py", title="Clusters", icon=":material/hub:", url_path="clusters"),
        st.Page(
            "app_pages/fact_check.py", title="Fact check", icon=":material/fact_check:", url_path="fact-check"
        ),
    ],
    "About the data": [
        st.Page(
            "app_pages/sources.py", title="Sources & methods", icon=":material/menu_book:", url_path="sources"
        ),
    ],
}

page = st.navigation(PAGES)

with st.sidebar:
    state.sector_sidebar()
    st.caption("Copy the address bar to share this exact view: filters, years and units are in the link.")

page.run()
