"""Fact-check verdict badges beside the commentary on every page.

The verdicts are computed once per loaded package (`industrial_base.factcheck.results`) and hold no words,
so one computation serves every language; the badges are written with the reader's `Messages`."""

from __future__ import annotations

from dashboard import state
from industrial_base.package import DatasetUnavailable
from industrial_base.pages.fact_check import BADGES, VERDICT_COLOURS


def badge(claim_id: str) -> str:
    """A short coloured verdict badge followed by the claim it judges, e.g. ":green-badge[Matches] Fact
    check of 16.98 trillion yuan" (Streamlit markdown); grey "Unavailable" when the check's data failed."""
    m = state.messages()
    try:
        verdict, label = state.build(BADGES).get(claim_id, (None, claim_id))
    except DatasetUnavailable:
        verdict, label = None, claim_id
    judged = m("ui.verdicts.badge", claim=label)
    if verdict is None:
        return f":gray-badge[{m('ui.verdicts.unavailable')}] {judged}"
    return f":{VERDICT_COLOURS[verdict]}-badge[{m(f'ui.verdicts.short.{verdict}')}] {judged}"


def badges(claim_ids: tuple[str, ...]) -> str:
    return "  \n".join(badge(claim_id) for claim_id in claim_ids)
