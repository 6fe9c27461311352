"""Entrypoint: page config, language, the global sector filter and navigation. Run with `make run`."""

from __future__ import annotations

import streamlit as st

from dashboard import state

state.seed_language()
m = state.messages()

st.set_page_config(
    page_title=m("ui.app.title"),
    page_icon="🏭",
    layout="wide",
    menu_items={"About": m("ui.app.about")},
)

PAGES = {
    m("ui.nav.dashboard"): [
        st.Page(
            "app_pages/overview.py",
            title=m("ui.nav.overview"),
            icon=":material/dashboard:",
            default=True,
        ),
        st.Page(
            "app_pages/value_added.py",
            title=m("ui.nav.value_added"),
            icon=":material/show_chart:",
            url_path="value-added",
        ),
        st.Page(
            "app_pages/key_products.py",
            title=m("ui.nav.key_products"),
            icon=":material/precision_manufacturing:",
            url_path="key-products",
        ),
        st.Page(
            "app_pages/little_giants.py",
            title=m("ui.nav.little_giants"),
            icon=":material/domain:",
            url_path="little-giants",
        ),
        st.Page(
            "app_pages/clusters.py", title=m("ui.nav.clusters"), icon=":material/hub:", url_path="clusters"
        ),
        st.Page(
            "app_pages/fact_check.py",
            title=m("ui.nav.fact_check"),
            icon=":material/fact_check:",
            url_path="fact-check",
        ),
    ],
    m("ui.nav.about_data"): [
        st.Page(
            "app_pages/sources.py",
            title=m("ui.nav.sources"),
            icon=":material/menu_book:",
            url_path="sources",
        ),
    ],
}

page = st.navigation(PAGES)

with st.spinner(m("ui.app.loading")):
    state.package()

with st.sidebar:
    state.language_switch()
    state.sector_sidebar()
    st.caption(m("ui.sidebar.share"))

page.run()
