"""Overview: the article's headline figures, our summary of its argument, and a guide to the pages."""

from __future__ import annotations

from contextlib import suppress

import streamlit as st
from streamlit.errors import StreamlitAPIException

from dashboard import state
from dashboard.page import show_page
from industrial_base import site
from industrial_base.freshness import FRESHNESS
from industrial_base.package import DatasetUnavailable
from industrial_base.pages import overview as ov
from industrial_base.registry import View, md

m = state.messages()


def overview(view: View) -> None:
    st.subheader(m("overview.labels.figures"))
    st.caption(m("overview.metrics_caption"))
    st.caption(md(state.build(FRESHNESS)))
    cells = [column for _ in range(0, len(ov.HEADLINES), 3) for column in st.columns(3, gap="small")]
    for column, (key, spec) in zip(cells, ov.HEADLINES.items(), strict=False):
        with column:
            try:
                headline = state.build(spec)
            except DatasetUnavailable as error:
                st.metric(
                    m(f"overview.headlines.{key}.title"),
                    m("ui.errors.metric_unavailable"),
                    help=m("ui.errors.metric_help", name=error.name),
                    border=True,
                )
                continue
            st.metric(**headline, delta_color="gray", delta_arrow="off", border=True, height="stretch")

    st.subheader(m("overview.labels.argument"))
    st.markdown(md(m("overview.summary")))
    weak = site.page("weak_links")  # the argument's second half, charted
    with suppress(StreamlitAPIException):  # a page not registered in this build of the app
        st.page_link(weak.script, label=m("overview.weak_links"), icon=weak.icon)
    source = state.build(ov.ARTICLE)
    if source:
        st.caption(md(source))

    st.subheader(m("overview.labels.pages"))
    guide = [page for page in site.PAGES if not page.is_default]
    for start in range(0, len(guide), 3):
        for column, page in zip(st.columns(3), guide[start : start + 3], strict=False):
            label = m(f"{page.words}.nav")
            with column, st.container(border=True, height="stretch"):
                try:
                    st.page_link(page.script, label=label, icon=page.icon)
                except StreamlitAPIException:  # a page not registered in this build of the app
                    st.markdown(m("ui.nav.not_available", label=label))
                st.caption(md(m(f"{page.words}.guide")))


show_page(ov.PAGE, draw={"overview": overview})
