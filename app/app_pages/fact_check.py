"""Fact check: every claim of the article with a verdict computed from the datasets, and its evidence."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import state, url_state, verdicts
from dashboard.cards import Card, column_config, error_card, guarded, guarded_card, md
from industrial_base import factcheck as fc
from industrial_base.factcheck import VERDICT_COLOURS, Evidence, Verdict
from industrial_base.i18n import Messages
from industrial_base.package import DatasetUnavailable

m = state.messages()

st.title(m("fact_check.title"))
st.caption(m("fact_check.caption"))


def text_columns(m: Messages) -> tuple[str, str]:
    """The claim and the article's value in `m`'s language (the table's columns)."""
    return ("claim_zh", "article_value_text_zh") if m.is_chinese else ("claim_en", "article_value_text")


@dataclass(frozen=True)
class ClaimBlock:
    """One claim's block as drawn: an error card (`error`) or its words and evidence table."""

    key: str
    title: str
    error: DatasetUnavailable | None
    text: str
    """Markdown: the verdict badge, the claim, the article's value, page and tolerance (small, grey) and
    our reason, as one block (one element per claim instead of four: the page lists every claim)."""
    evidence: pd.DataFrame | None


def claim_text(title: str, details: str, badge: str | None = None, reason: str | None = None) -> str:
    details = details.replace("[", "\\[").replace("]", "\\]")  # inside a :small[…] directive
    text = "  \n".join([*([badge] if badge else []), f"**{md(title)}**", f":small[:gray[{details}]]"])
    return text if reason is None else f"{text}\n\n{reason}"


@dataclass(frozen=True)
class Claims:
    """The claims in one language: the table (reader's-language text, verdict id, name and reason) and each
    claim's block by the table's index. Shared between sessions: read-only."""

    table: pd.DataFrame
    blocks: dict[object, ClaimBlock]


def claims_frame(m: Messages) -> pd.DataFrame:
    """The claims with the reader's-language text, each claim's verdict id, verdict name and reason."""
    claim_column, value_column = text_columns(m)
    claims = state.table("claims")
    results = [verdicts.verdicts().get(c) for c in claims["claim_id"]]
    claims[claim_column] = m.names(claims["claim_en"], claims["claim_zh"])
    claims[value_column] = m.names(claims["article_value_text"], claims["article_value_text_zh"])
    claims["verdict_id"] = [r.verdict.value if isinstance(r, Evidence) else fc.UNAVAILABLE for r in results]
    claims["verdict"] = [fc.verdict_label(m, v) for v in claims["verdict_id"]]
    claims["reason"] = [fc.say(m, r.reason) if isinstance(r, Evidence) else "" for r in results]
    return claims


def claim_block(m: Messages, claim: pd.Series, result: Evidence | DatasetUnavailable | None) -> ClaimBlock:
    claim_column, value_column = text_columns(m)
    title = str(claim[claim_column])
    page = str(claim["page"])
    caption = md(
        m(
            "fact_check.card.article_value",
            value=claim[value_column],
            page=m(f"ui.nav.{page}") if page in m.entry("ui.nav") else page,
        )
    )
    key = str(claim["claim_id"])
    if not isinstance(result, Evidence):
        error = result if isinstance(result, DatasetUnavailable) else None
        return ClaimBlock(key=key, title=title, error=error, text=claim_text(title, caption), evidence=None)
    badge = m("fact_check.card.badge", verdict=fc.verdict_label(m, result.verdict))
    if result.tolerance:
        caption += " · " + m("fact_check.card.tolerance", tolerance=fc.say(m, result.tolerance))
    return ClaimBlock(
        key=key,
        title=title,
        error=None,
        text=claim_text(
            title,
            caption,
            badge=f":{VERDICT_COLOURS[result.verdict]}-badge[{badge}]",
            reason=md(fc.say(m, result.reason)),
        ),
        evidence=fc.evidence_table(m, result) if result.figures else None,
    )


def prepared_claims(m: Messages) -> Claims:
    """`Claims` once per (data folder, language) (cached by `state.cached`). A `DatasetUnavailable` of the
    claims table is raised (shown as an error card), not cached."""
    claims = claims_frame(m)
    results = verdicts.verdicts()
    blocks = {
        index: claim_block(m, claim, results.get(claim["claim_id"])) for index, claim in claims.iterrows()
    }
    return Claims(table=claims, blocks=blocks)


def claims_of(m: Messages) -> Claims:
    return state.cached(prepared_claims)


def selected(claims: pd.DataFrame, chosen: tuple[str, ...], sectors: tuple[str, ...] | None) -> pd.DataFrame:
    """The claims with the chosen verdicts (all if none chosen) in the chosen sectors (None: no sector filter,
    claims without a sector stay)."""
    shown = claims
    if chosen:
        shown = shown[shown["verdict_id"].isin(chosen)]
    if sectors is not None:
        shown = shown[shown["sector_id"].isin(sectors)]
    return shown


def verdicts_card(m: Messages, chosen: tuple[str, ...], sectors: tuple[str, ...] | None) -> Card:
    claim_column, value_column = text_columns(m)
    shown = selected(claims_of(m).table, chosen, sectors)
    counts = fc.verdict_counts(m, list(shown["verdict_id"]))
    columns = ["claim_id", "page", "sector_id", claim_column, value_column, "verdict", "reason", "source_url"]
    return Card(
        key="verdicts",
        title=m("fact_check.chart.title"),
        figure=fc.verdict_figure(m, counts),
        displayed=shown[columns],
        resources=("claims",),
        takeaway=fc.takeaway(m, counts, len(shown)),
    )


def render() -> None:
    claims = claims_of(m)
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
    sectors = tuple(state.selected_sectors()) if state.sector_filter_active() else None
    shown = selected(claims.table, tuple(chosen), sectors)
    if sectors is not None:
        general = int(selected(claims.table, tuple(chosen), None)["sector_id"].isna().sum())
        labels = state.sector_labels()
        st.info(
            m(
                "fact_check.filter.sector_notice",
                sectors=m.join((labels[s] for s in sectors), final=False),
                general=general,
            ),
            icon=":material/filter_alt:",
        )
    guarded_card(m("fact_check.chart.title"), verdicts_card, tuple(chosen), sectors)
    if shown.empty:
        st.info(m("fact_check.filter.empty"))
    for index in shown.index:
        claim_card(claims.blocks[index])


def claim_card(block: ClaimBlock) -> None:
    if block.error is not None:
        error_card(block.title, block.error)
        return
    with st.container(border=True, key=f"claim_{block.key}"):
        st.markdown(block.text)
        if block.evidence is not None:
            evidence_table(block.key, block.evidence)


def evidence_table(key: str, evidence: pd.DataFrame) -> None:
    """The grid runs only while its expander is open (opening it reruns the page): a dozen grids drawn on
    every visit made the page slow, while the verdict, reason and tolerance stay in sight."""
    label = m("fact_check.card.evidence", n=len(evidence))
    expander = st.expander(label, key=f"evidence_{key}", on_change="rerun")
    if expander.open:
        with expander:
            st.dataframe(evidence, hide_index=True, width="stretch", column_config=column_config(evidence))


guarded(m("fact_check.title"), render)
