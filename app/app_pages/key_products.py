"""Key products (106): what is known and not published, the strong-base programme, the article's examples."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.card import commentary_card, download_row, grid, guarded
from dashboard.page import show_page
from industrial_base.pages import key_products as kp
from industrial_base.registry import View, md

m = state.messages()


def programme(view: View) -> None:
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
            shown["value"],
            delta=m("key_products.known.metric_delta"),
            delta_color="gray",
            delta_arrow="off",
            help=shown["help"],
            border=True,
        )
        st.markdown(shown["intro"])
    with right, st.container(border=True, key="card_not_published"):
        st.markdown(f":orange-badge[:material/block: {m('key_products.known.badge')}]")
        st.markdown(shown["not_published"])


def examples(view: View) -> None:
    shown = state.build(kp.EXAMPLES, sectors=tuple(state.selected_sectors()))
    st.markdown(md(shown["intro"]))
    if "all_hidden" in shown:
        st.info(shown["all_hidden"], icon=":material/filter_alt_off:")
        return
    if shown["some_hidden"] is not None:
        st.caption(shown["some_hidden"])
    for block in shown["blocks"]:
        left, right = st.columns([3, 2], gap="medium")
        with left, st.container(border=True, key=f"card_example_{block['key']}"):
            st.markdown(block["heading"])
            for metric in block["metrics"]:
                st.markdown(metric)
        with right:
            commentary_card(block["commentary"])
    with st.expander(m("key_products.labels.examples_table")):
        grid(shown["shown"], kp.EXAMPLES.reads)
        st.caption(m("ui.card.research_language"))
        download_row("key_products_examples", shown["shown"], ["key_products_examples"])


show_page(kp.PAGE, draw={"programme": programme, "examples": examples})
