"""Two-way binding between widgets and the link, keyed by stable ids (the values are read and checked by
`industrial_base.links`; a bad one is dropped with a visible notice instead of an exception)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from industrial_base import links
from industrial_base.i18n import DEFAULT_LANGUAGE, LANGUAGES, Messages

KEPT = "kept_"
"""Prefix of the session-state copy `publish` keeps of a widget's value (see `seed`)."""
LANG_KEY = "lang"


def messages() -> Messages:
    """The words of the reader's language, from session state (seeded from `?lang=` by
    `state.seed_language`); English until a valid choice is made."""
    chosen = st.session_state.get(LANG_KEY)
    return Messages(chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE)


def named(param: str) -> bool:
    """Whether the link carries this parameter (with any value)."""
    return param in st.query_params


def initial(key: str, parse: links.Parser, default: Any, param: str | None = None) -> Any:
    """The value the link asks for, else the default, to pass as a widget's `value=`/`default=`.

    Invalid link values are reported (once, while the widget does not exist yet) and otherwise ignored. Use
    this for widgets whose mode depends on their value (a range slider); `seed` for the rest. `param` is the
    URL parameter when it differs from the widget's key.
    """
    param = param or key
    values = st.query_params.get_all(param)
    m = messages()
    value, problems = parse(m, values) if values else (None, [])
    if problems and key not in st.session_state:
        st.warning(links.notice(m, param, problems), icon="⚠️")
    return value if value is not None else default


def seed(
    key: str,
    parse: links.Parser,
    default: Any,
    param: str | None = None,
    remember: bool = True,
    convert: Callable[[Any], Any] = lambda value: value,
) -> None:
    """Before the widget is drawn: take its value from the link once per session (or page visit), else the
    default, through session state (so the widget call passes no default of its own). `convert` turns the
    value into what the widget holds (a multiselect holds a list).

    A widget that was not drawn in the last run (its view was not shown) has lost its state; with `remember`
    it gets back the value `publish` kept, exactly as the reader left it. The link alone cannot always say
    that: an empty choice is dropped from it, and lists come back in option order."""
    if key in st.session_state:
        return
    kept = st.session_state.get(KEPT + key) if remember else None
    st.session_state[key] = kept if kept is not None else convert(initial(key, parse, default, param))


def publish(
    key: str, value: Any, default: Any, encode: Callable[[Any], list[str]], param: str | None = None
) -> None:
    """After the widget is drawn: write its value to the link, or drop the parameter when it is the default.
    `param` is the URL parameter when it differs from the widget's key."""
    st.session_state[KEPT + key] = value
    key = param or key
    if (tuple(value) if isinstance(value, list) else value) in (default, None):
        if key in st.query_params:
            del st.query_params[key]
        return
    encoded = encode(value)
    if st.query_params.get_all(key) != encoded:
        st.query_params[key] = encoded
