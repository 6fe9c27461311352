"""Fact-check verdicts for the pages: computed once per process from the cached package.

The verdicts hold no words (see `industrial_base.factcheck.Text`), so one cache serves every language; the
badges and the page write them with the reader's `Messages`."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from industrial_base.factcheck import VERDICT_COLOURS, Evidence, evaluate
from industrial_base.i18n import Messages
from industrial_base.package import DatasetUnavailable


@st.cache_resource(show_spinner=False)
def _verdicts(path: str) -> dict[str, Evidence | DatasetUnavailable]:
    package = state.package()
    try:
        claims = package.table("claims")
    except DatasetUnavailable:
        return {}
    return dict(zip(claims["claim_id"], evaluate(package), strict=True))


def verdicts() -> dict[str, Evidence | DatasetUnavailable]:
    return _verdicts(str(state.data_dir()))


def _claim_labels(m: Messages) -> dict[str, str]:
    """Claim id -> the article's value as stated, in `m`'s language (the other one, marked, if missing)."""
    try:
        claims = state.package().table("claims")
    except DatasetUnavailable:
        return {}
    strip = str.maketrans("", "", "[]:*_`$")
    return {
        claim_id: m.name(english, chinese).translate(strip)
        for claim_id, english, chinese in zip(
            claims["claim_id"], claims["article_value_text"], claims["article_value_text_zh"], strict=True
        )
    }


def _claim_label(claim_id: str) -> str:
    return state.cached(_claim_labels).get(claim_id, claim_id)


def badge(claim_id: str) -> str:
    """A short coloured verdict badge followed by the claim it judges, e.g. ":green-badge[Matches] Fact
    check of 16.98 trillion yuan" (Streamlit markdown); grey "Unavailable" when the check's data failed."""
    m = state.messages()
    result = verdicts().get(claim_id)
    judged = m("ui.verdicts.badge", claim=_claim_label(claim_id))
    if not isinstance(result, Evidence):
        return f":gray-badge[{m('ui.verdicts.unavailable')}] {judged}"
    short = m(f"ui.verdicts.short.{result.verdict}")
    return f":{VERDICT_COLOURS[result.verdict]}-badge[{short}] {judged}"


def badges(claim_ids: tuple[str, ...]) -> str:
    return "  \n".join(badge(claim_id) for claim_id in claim_ids)
