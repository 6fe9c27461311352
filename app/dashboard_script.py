"""The dashboard's Streamlit script: page config, language, the global sector filter and navigation.

The server's entrypoint is `streamlit_app.py` beside it (the dashboard and the data API in one process), which
hands this script to `st.App`; `make run` starts that. AppTest runs this script directly.

Embedded (`?embed=true`, for an article's iframe) the page is drawn without the navigation and the sidebar:
the link alone says which view, language and sectors to show."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from industrial_base import site

state.seed_language()
m = state.messages()

st.set_page_config(
    page_title=m("ui.app.title"),
    page_icon="🏭",
    layout="wide",
    menu_items={"About": m("ui.app.about")},
)

embedded = bool(st.context.is_embedded)
page = st.navigation(
    {
        m(f"ui.nav.{group}"): [
            st.Page(
                entry.script,
                title=m(f"{entry.words}.nav"),
                icon=entry.icon,
                url_path=entry.url_path,
                default=entry.is_default,
            )
            for entry in site.PAGES
            if entry.group == group
        ]
        for group in site.GROUPS
    },
    position="hidden" if embedded else "sidebar",
)

with st.spinner(m("ui.app.loading")):
    state.package()

if embedded:
    state.seed_sectors()
else:
    with st.sidebar:
        state.language_switch()
        state.sector_sidebar()
        st.caption(m("ui.sidebar.share"))

page.run()
state.settle_heap()
