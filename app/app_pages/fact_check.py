"""Fact check: every claim of the article with a verdict computed from the datasets, and its evidence."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import controls, state
from dashboard.cards import error_card, grid, guarded, lazy_expander, show_chart
from dashboard.page import header
from industrial_base.factcheck import Verdict
from industrial_base.pages import fact_check as fc

m = header("fact_check")


def claims() -> None:
    every = state.build(fc.CLAIMS)
    verdict = controls.choices(
        "verdict",
        m("fact_check.filter.label"),
        {v.value: fc.verdict_label(m, v.value) for v in Verdict},
        pills=True,
        help=m("fact_check.filter.help"),
    ).draw()
    sector_filter = tuple(state.selected_sectors()) if state.sector_filter_active() else None
    if sector_filter is not None:
        labels = state.sector_labels()
        general = int(fc.selected(every.table, verdict, None)["sector_id"].isna().sum())
        st.info(
            m(
                "fact_check.filter.sector_notice",
                sectors=m.join((labels[s] for s in sector_filter), final=False),
                general=general,
            ),
            icon=":material/filter_alt:",
        )
    show_chart(fc.VERDICTS, verdict=verdict, sector_filter=sector_filter)
    shown = fc.selected(every.table, verdict, sector_filter)
    if shown.empty:
        st.info(m("fact_check.filter.empty"))
    for index in shown.index:
        claim(every.blocks[index])


def claim(block: fc.ClaimBlock) -> None:
    if block.error is not None:
        error_card(block.title, block.error)
        return
    with st.container(border=True, key=f"claim_{block.key}"):
        st.markdown(block.text)
        if block.evidence is not None:
            evidence(block.key, block.evidence)


def evidence(key: str, table: pd.DataFrame) -> None:
    """The grid runs only while its expander is open: a dozen grids drawn on every visit made the page slow,
    while the verdict, reason and tolerance stay in sight."""
    lazy_expander(m("fact_check.card.evidence", n=len(table)), f"evidence_{key}", lambda: grid(table))


guarded(m("fact_check.title"), claims)
