"""Fact-check verdicts for the pages: computed once per process from the cached package."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from industrial_base.factcheck import VERDICT_COLOURS, VERDICT_LABELS, Evidence, evaluate
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


def badge(claim_id: str) -> str:
    """A coloured verdict badge (Streamlit markdown), or a grey 'unavailable' badge."""
    result = verdicts().get(claim_id)
    if not isinstance(result, Evidence):
        return ":gray-badge[Fact check unavailable]"
    return f":{VERDICT_COLOURS[result.verdict]}-badge[Fact check: {VERDICT_LABELS[result.verdict]}]"


def badges(claim_ids: tuple[str, ...]) -> str:
    return " ".join(badge(claim_id) for claim_id in claim_ids)
