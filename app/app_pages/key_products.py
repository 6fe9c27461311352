"""Key products (106): what is known and not published, the strong-base programme, the article's examples."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.cards import commentary_card, download_row, grid, guarded
from dashboard.page import header, show_views
from industrial_base.cards import md
from industrial_base.package import DatasetUnavailable
from industrial_base.pages import key_products as kp

try:  # the caption quotes the headline figure; if its dataset failed, each view's error card says why
    caption: str | None = state.build(kp.KNOWN).caption
except DatasetUnavailable:
    caption = ""
m = header("key_products", caption)


def programme() -> None:
    st.subheader(m("key_products.labels.known"))
    guarded(m("key_products.labels.known_short"), known)
    st.subheader(m("key_products.labels.foundations"))
    guarded(m("key_products.labels.foundations"), lambda: st.markdown(state.build(kp.FOUNDATIONS)))


def known() -> None:
    shown = state.build(kp.KNOWN)
    left, right = st.columns([2, 3], gap="medium")
    with left:
        st.metric(
            m("key_products.known.metric_label"),
            shown.value,
            delta=m("key_products.known.metric_delta"),
            delta_color="gray",
            delta_arrow="off",
            help=shown.help,
            border=True,
        )
        st.markdown(shown.intro)
    with right, st.container(border=True, key="card_not_published"):
        st.markdown(f":orange-badge[:material/block: {m('key_products.known.badge')}]")
        st.markdown(shown.not_published)


def examples() -> None:
    shown = state.build(kp.EXAMPLES, sectors=tuple(state.selected_sectors()))
    st.markdown(md(shown.intro))
    if shown.all_hidden is not None:
        st.info(shown.all_hidden, icon=":material/filter_alt_off:")
        return
    if shown.some_hidden is not None:
        st.caption(shown.some_hidden)
    for block in shown.blocks:
        left, right = st.columns([3, 2], gap="medium")
        with left, st.container(border=True, key=f"card_example_{block.key}"):
            st.markdown(block.heading)
            for metric in block.metrics:
                st.markdown(metric)
        with right:
            commentary_card(block.commentary)
    with st.expander(m("key_products.labels.examples_table")):
        grid(shown.shown, kp.EXAMPLES.reads)
        st.caption(m("ui.card.research_language"))
        download_row("examples", shown.shown, ["key_products_examples"])


show_views("key_products", kp.VIEWS, draw={"programme": programme, "examples": examples}, sections=True)
