"""Fact check: every claim of the article with a verdict computed from the datasets, and its evidence."""

from __future__ import annotations

import streamlit as st

from dashboard import controls, state
from dashboard.card import error_card, grid, lazy_expander, show_chart
from dashboard.page import show_page
from industrial_base.pages import fact_check as fc
from industrial_base.registry import View

m = state.messages()


def claims(view: View) -> None:
    every = state.build(fc.CLAIMS)
    verdict = controls.draw(fc.VERDICT)
    chosen = tuple(state.selected_sectors()) if state.sector_filter_active() else None
    if chosen is not None:
        labels = state.sector_labels()
        general = int(fc.selected(every.table, verdict, None)["sector_id"].isna().sum())
        st.info(
            m(
                "fact_check.filter.sector_notice",
                sectors=m.join((labels[s] for s in chosen), final=False),
                general=general,
            ),
            icon=":material/filter_alt:",
        )
    show_chart(view, verdict=verdict)
    shown = fc.selected(every.table, verdict, chosen)
    if shown.empty:
        st.info(m("fact_check.filter.empty"))
    for heading, indices in fc.by_half(m, every.table, shown):
        st.subheader(heading)
        for index in indices:
            claim(every.blocks[index])


def claim(block: fc.ClaimBlock) -> None:
    if block.error is not None:
        error_card(block.title, block.error)
        return
    with st.container(border=True, key=f"claim_{block.key}"):
        st.markdown(block.text)
        if block.evidence is not None:
            # The grid runs only while its expander is open: a dozen grids drawn on every visit made the page
            # slow, while the verdict, reason and tolerance stay in sight.
            table = block.evidence
            label = m("fact_check.card.evidence", n=len(table))
            lazy_expander(label, f"evidence_{block.key}", lambda: grid(table))


show_page(fc.PAGE, draw={"claims": claims})
