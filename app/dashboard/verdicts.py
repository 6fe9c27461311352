"""Fact-check verdict badges beside the commentary on every page.

The verdicts are computed once per loaded package (`industrial_base.factcheck.verdicts`) and hold no words,
so one computation serves every language; the badges are written with the reader's `Messages`."""

from __future__ import annotations

from dashboard import state
from industrial_base.factcheck import Evidence
from industrial_base.factcheck import verdicts as verdicts_of
from industrial_base.package import DatasetUnavailable
from industrial_base.pages.fact_check import BADGE_LABELS, VERDICT_COLOURS


def _claim_label(claim_id: str) -> str:
    try:
        return state.build(BADGE_LABELS).get(claim_id, claim_id)
    except DatasetUnavailable:
        return claim_id


def badge(claim_id: str) -> str:
    """A short coloured verdict badge followed by the claim it judges, e.g. ":green-badge[Matches] Fact
    check of 16.98 trillion yuan" (Streamlit markdown); grey "Unavailable" when the check's data failed."""
    m = state.messages()
    result = verdicts_of(state.package()).get(claim_id)
    judged = m("ui.verdicts.badge", claim=_claim_label(claim_id))
    if not isinstance(result, Evidence):
        return f":gray-badge[{m('ui.verdicts.unavailable')}] {judged}"
    short = m(f"ui.verdicts.short.{result.verdict}")
    return f":{VERDICT_COLOURS[result.verdict]}-badge[{short}] {judged}"


def badges(claim_ids: tuple[str, ...]) -> str:
    return "  \n".join(badge(claim_id) for claim_id in claim_ids)
