"""Fact check: every claim of the article with a verdict computed from the datasets, and its evidence."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import state, url_state, verdicts
from dashboard.cards import chart_card, column_config, error_card, guarded, md
from industrial_base import factcheck as fc
from industrial_base.factcheck import VERDICT_COLOURS, Evidence, Verdict
from industrial_base.package import DatasetUnavailable

m = state.messages()

st.title(m("fact_check.title"))
st.caption(m("fact_check.caption"))

# The claim and the article's value in the reader's language (the table's columns). No bare strings at module
# level on a page: Streamlit's magic would print them.
CLAIM, VALUE = ("claim_zh", "article_value_text_zh") if m.is_chinese else ("claim_en", "article_value_text")


def claims_frame() -> pd.DataFrame:
    """The claims with the reader's-language text, each claim's verdict id, verdict name and reason."""
    claims = state.table("claims")
    results = [verdicts.verdicts().get(c) for c in claims["claim_id"]]
    claims[CLAIM] = [m.name(e, z) for e, z in zip(claims["claim_en"], claims["claim_zh"], strict=True)]
    claims[VALUE] = [
        m.name(e, z)
        for e, z in zip(claims["article_value_text"], claims["article_value_text_zh"], strict=True)
    ]
    claims["verdict_id"] = [r.verdict.value if isinstance(r, Evidence) else fc.UNAVAILABLE for r in results]
    claims["verdict"] = [fc.verdict_label(m, v) for v in claims["verdict_id"]]
    claims["reason"] = [fc.say(m, r.reason) if isinstance(r, Evidence) else "" for r in results]
    return claims


def render() -> None:
    claims = claims_frame()
    verdict_ids = [v.value for v in Verdict]
    url_state.seed("verdict", url_state.many_of(verdict_ids), default=[])
    chosen = st.pills(
        m("fact_check.filter.label"),
        verdict_ids,
        selection_mode="multi",
        format_func=lambda v: fc.verdict_label(m, v),
        key="verdict",
        help=m("fact_check.filter.help"),
    )
    url_state.publish("verdict", chosen, [])
    results = verdicts.verdicts()
    shown = claims
    if chosen:
        shown = shown[shown["verdict_id"].isin(chosen)]
    if state.sector_filter_active():
        sectors = state.selected_sectors()
        general = int(shown["sector_id"].isna().sum())
        shown = shown[shown["sector_id"].isin(sectors)]
        labels = state.sector_labels()
        st.info(
            m(
                "fact_check.filter.sector_notice",
                sectors=str(m.entry("fact_check.filter.sector_separator")).join(labels[s] for s in sectors),
                general=general,
            ),
            icon=":material/filter_alt:",
        )
    counts = fc.verdict_counts(m, list(shown["verdict_id"]))
    chart_card(
        key="verdicts",
        title=m("fact_check.chart.title"),
        figure=lambda: fc.verdict_figure(m, counts),
        displayed=shown[["claim_id", "page", "sector_id", CLAIM, VALUE, "verdict", "reason", "source_url"]],
        resources=["claims"],
        takeaway=fc.takeaway(m, counts, len(shown)),
    )
    if shown.empty:
        st.info(m("fact_check.filter.empty"))
    for _, claim in shown.iterrows():
        claim_card(claim, results.get(claim["claim_id"]))


def claim_card(claim: pd.Series, result: Evidence | DatasetUnavailable | None) -> None:
    if isinstance(result, DatasetUnavailable):
        error_card(str(claim[CLAIM]), result)
        return
    with st.container(border=True, key=f"claim_{claim['claim_id']}"):
        if result is not None:
            colour = VERDICT_COLOURS[result.verdict]
            badge = m("fact_check.card.badge", verdict=fc.verdict_label(m, result.verdict))
            st.markdown(f":{colour}-badge[{badge}]")
        st.markdown(f"**{md(str(claim[CLAIM]))}**")
        page = str(claim["page"])
        st.caption(
            md(
                m(
                    "fact_check.card.article_value",
                    value=claim[VALUE],
                    page=m(f"ui.nav.{page}") if page in m.entry("ui.nav") else page,
                )
            )
        )
        if result is None:
            return
        st.markdown(md(fc.say(m, result.reason)))
        if result.figures:
            evidence = fc.evidence_table(m, result)
            st.dataframe(evidence, hide_index=True, width="stretch", column_config=column_config(evidence))
        if result.tolerance:
            st.caption(m("fact_check.card.tolerance", tolerance=fc.say(m, result.tolerance)))


guarded(m("fact_check.title"), render)
