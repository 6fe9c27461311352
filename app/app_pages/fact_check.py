"""Fact check: every claim of the article with a verdict computed from the datasets, and its evidence."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import state, url_state, verdicts
from dashboard.cards import chart_card, column_config, error_card, guarded, md
from industrial_base import figures
from industrial_base.factcheck import VERDICT_COLOURS, VERDICT_LABELS, Evidence, Verdict
from industrial_base.package import DatasetUnavailable
from industrial_base.palette import NEUTRAL

VERDICT_HEX = {
    Verdict.MATCHES: "#009E73",
    Verdict.DIFFERS: "#D55E00",
    Verdict.PARTLY: "#E69F00",
    Verdict.UNVERIFIABLE: "#999999",
    Verdict.OPINION: "#CC79A7",
}
PAGE_TITLES = {
    "overview": "Overview",
    "value_added": "Manufacturing value added",
    "key_products": "Key products",
    "little_giants": "Little giants",
    "clusters": "Clusters",
}

st.title("Fact check")
st.caption(
    "Each quantitative claim of the article is compared with the sourced figures in the data package. "
    "Verdicts are computed by code from the datasets, so they follow the data."
)


def claims_frame() -> pd.DataFrame:
    claims = state.table("claims")
    results = verdicts.verdicts()
    claims["verdict"] = [
        VERDICT_LABELS[r.verdict] if isinstance(r, Evidence) else "unavailable (data failed validation)"
        for r in (results.get(c) for c in claims["claim_id"])
    ]
    claims["reason"] = [
        r.reason if isinstance(r, Evidence) else "" for r in (results.get(c) for c in claims["claim_id"])
    ]
    return claims


def render() -> None:
    claims = claims_frame()
    verdict_ids = [v.value for v in Verdict]
    url_state.seed("verdict", url_state.many_of(verdict_ids), default=[])
    chosen = st.pills(
        "Verdict",
        verdict_ids,
        selection_mode="multi",
        format_func=lambda v: VERDICT_LABELS[Verdict(v)],
        key="verdict",
        help="Leave empty for every verdict.",
    )
    url_state.publish("verdict", chosen, [])
    results = verdicts.verdicts()
    shown = claims
    if chosen:
        keep = {VERDICT_LABELS[Verdict(v)] for v in chosen}
        shown = shown[shown["verdict"].isin(keep)]
    if state.sector_filter_active():
        sectors = state.selected_sectors()
        general = int(shown["sector_id"].isna().sum())
        shown = shown[shown["sector_id"].isin(sectors)]
        labels = state.sector_labels()
        names = ", ".join(labels[s] for s in sectors)
        st.info(
            f"Sector filter on ({names}): showing claims about these sectors. {general} claim(s) not about a "
            "particular sector are hidden; clear the sector filter to see them.",
            icon=":material/filter_alt:",
        )
    counts = (
        shown["verdict"]
        .value_counts()
        .reindex([VERDICT_LABELS[v] for v in Verdict], fill_value=0)
        .reset_index()
    )
    counts.columns = ["verdict", "claims"]
    colours = [VERDICT_HEX.get(v, NEUTRAL) for v in Verdict]
    chart_card(
        key="verdicts",
        title="Claims by verdict",
        figure=lambda: figures.bars(
            counts,
            category="verdict",
            value="claims",
            colours=colours,
            value_title="Claims",
            hover_unit="claims",
        ),
        displayed=shown[
            [
                "claim_id",
                "page",
                "sector_id",
                "claim_en",
                "article_value_text",
                "verdict",
                "reason",
                "source_url",
            ]
        ],
        resources=["claims"],
        takeaway=f"{len(shown)} claims shown: "
        + ", ".join(
            f"{n} {label.lower()}" for label, n in zip(counts["verdict"], counts["claims"], strict=True) if n
        )
        + ".",
    )
    if shown.empty:
        st.info("No claim matches these filters.")
    for _, claim in shown.iterrows():
        claim_card(claim, results.get(claim["claim_id"]))


def claim_card(claim: pd.Series, result: Evidence | DatasetUnavailable | None) -> None:
    if isinstance(result, DatasetUnavailable):
        error_card(str(claim["claim_en"]), result)
        return
    with st.container(border=True, key=f"claim_{claim['claim_id']}"):
        if result is not None:
            colour = VERDICT_COLOURS[result.verdict]
            st.markdown(f":{colour}-badge[Fact check: {VERDICT_LABELS[result.verdict]}]")
        st.markdown(f"**{md(str(claim['claim_en']))}**")
        page = PAGE_TITLES.get(str(claim["page"]), str(claim["page"]))
        st.caption(md(f"The article's value: {claim['article_value_text']} · discussed on: {page}"))
        if result is None:
            return
        st.markdown(md(result.reason))
        if result.figures:
            evidence = pd.DataFrame([vars(f) for f in result.figures])
            st.dataframe(evidence, hide_index=True, width="stretch", column_config=column_config(evidence))
        if result.tolerance:
            st.caption(f"Tolerance: {result.tolerance}")


guarded("Fact check", render)
