"""The reader's language, from session state (seeded from `?lang=` by `state.seed_language`)."""

from __future__ import annotations

import streamlit as st

from industrial_base.i18n import DEFAULT_LANGUAGE, LANGUAGES, Messages

LANG_KEY = "lang"


def current() -> Messages:
    """The messages of the chosen language; English until a valid choice is made."""
    chosen = st.session_state.get(LANG_KEY)
    return Messages(chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE)
