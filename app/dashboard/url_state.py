"""Two-way binding between widgets and the URL, keyed by stable ids.

Streamlit's own `bind="query-params"` writes the *formatted label* of an option into the URL, so a link would
change with the wording (and the language) of the labels. Here the URL carries ids ("?sector=nev&units=yoy"),
values are validated, and anything unusable is dropped with a visible notice instead of an exception.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import streamlit as st

from dashboard import language

T = TypeVar("T")
Parser = Callable[[list[str]], tuple[Any, list[str]]]
MAX_SHOWN = 40
MAX_PROBLEMS = 8


def _shorten(value: str) -> str:
    return value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…"


def shown(value: str) -> str:
    """A value from the link as it may appear in a notice: shortened, with control and format characters
    (line breaks, bidi overrides) replaced by U+FFFD, inside an inline code span.

    Markdown escapes are not enough: Streamlit turns `$…$` into LaTeX, `[text](url)` into a link, and
    — after escapes are resolved — bare URLs, e-mail addresses and `:material/…:` into links and icons.
    None of that happens inside a code span, so the reader sees exactly the text of the link.
    """
    text = "".join("\ufffd" if unicodedata.category(c) in ("Cc", "Cf") else c for c in _shorten(value))
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"  # CommonMark strips one space on each side


def one_of(valid: Sequence[str]) -> Parser:
    """A single value from `valid`; repeated keys keep the first valid one."""

    def parse(values: list[str]) -> tuple[Any, list[str]]:
        m = language.current()
        problems = [m("ui.link.unknown_value", value=shown(v)) for v in values if v not in valid]
        chosen = [v for v in values if v in valid]
        if len(values) > 1:
            problems.append(m("ui.link.too_many_values", count=len(values)))
        return (chosen[0] if chosen else None), problems

    return parse


def many_of(valid: Sequence[str]) -> Parser:
    """Any subset of `valid`, in the order of `valid`; unknown values are dropped."""

    def parse(values: list[str]) -> tuple[Any, list[str]]:
        m = language.current()
        problems = [m("ui.link.unknown_value", value=shown(v)) for v in values if v not in valid]
        chosen = [v for v in valid if v in values]
        return (chosen if chosen else None), problems

    return parse


def year_range(first: int, last: int) -> Parser:
    """Two years within [first, last], e.g. ?years=2015&years=2021."""

    def is_year(text: str) -> bool:
        # ASCII digits only: "²".isdigit() is true but int("²") raises, and int() of a 5,000-digit string
        # raises too (Python's int-from-str digit limit).
        return len(text) <= 4 and text.isascii() and text.isdigit() and first <= int(text) <= last

    def parse(values: list[str]) -> tuple[Any, list[str]]:
        if len(values) != 2 or not all(is_year(v) for v in values):
            given = ", ".join(shown(v) for v in values[:3]) + (", …" if len(values) > 3 else "")
            return None, [language.current()("ui.link.not_years", given=given, first=first, last=last)]
        low, high = sorted(int(v) for v in values)
        return (low, high), []

    return parse


def free_text(max_length: int) -> Parser:
    """One string of at most `max_length` characters (a search box)."""

    def parse(values: list[str]) -> tuple[Any, list[str]]:
        m = language.current()
        problems = [m("ui.link.too_many_values", count=len(values))] if len(values) > 1 else []
        if len(values[0]) > max_length:
            return None, [*problems, m("ui.link.too_long", max_length=max_length)]
        return values[0], problems

    return parse


def flag() -> Parser:
    return one_of(["true", "false"])


def initial(
    key: str,
    parse: Parser,
    default: Any,
    convert: Callable[[Any], Any] = lambda v: v,
    param: str | None = None,
) -> Any:
    """The value the URL asks for, else the default, to pass as a widget's `value=`/`default=`.

    Invalid URL values are reported (once, while the widget does not exist yet) and otherwise ignored. Use
    this for widgets whose mode depends on their value (a range slider); `seed` for the rest. `param` is the
    URL parameter when it differs from the widget's key.
    """
    param = param or key
    values = st.query_params.get_all(param)
    value, problems = parse(values) if values else (None, [])
    if problems and key not in st.session_state:
        m = language.current()
        if len(problems) > MAX_PROBLEMS:  # a link may repeat a key thousands of times
            more = m("ui.link.more_problems", count=len(problems) - MAX_PROBLEMS + 1)
            problems = [*problems[: MAX_PROBLEMS - 1], more]
        st.warning(
            m("ui.link.ignored", key=_shorten(param), problems=m.separator("items").join(problems)), icon="⚠️"
        )
    return convert(value) if value is not None else default


KEPT = "kept_"
"""Prefix of the session-state copy `publish` keeps of a widget's value (see `seed`)."""


def seed(
    key: str,
    parse: Parser,
    default: Any,
    convert: Callable[[Any], Any] = lambda v: v,
    param: str | None = None,
    remember: bool = True,
) -> None:
    """Before the widget is drawn: take its value from the URL once per session (or page visit), else the
    default, through session state (so the widget call passes no default of its own).

    A widget that was not drawn in the last run (its view was not shown) has lost its state; with `remember`
    it gets back the value `publish` kept, exactly as the reader left it. The link alone cannot always say
    that: an empty choice is dropped from it, and lists come back in option order."""
    if key in st.session_state:
        return
    kept = st.session_state.get(KEPT + key) if remember else None
    st.session_state[key] = kept if kept is not None else initial(key, parse, default, convert, param)


def publish(
    key: str,
    value: Any,
    default: Any,
    encode: Callable[[Any], list[str]] | None = None,
    param: str | None = None,
) -> None:
    """After the widget is drawn: write its value to the URL, or drop the parameter when it is the default.
    `param` is the URL parameter when it differs from the widget's key."""
    st.session_state[KEPT + key] = value
    key = param or key
    if value == default or value is None:
        if key in st.query_params:
            del st.query_params[key]
        return
    encoded = (
        encode(value)
        if encode
        else ([str(v) for v in value] if isinstance(value, list | tuple) else [str(value)])
    )
    if st.query_params.get_all(key) != encoded:
        st.query_params[key] = encoded


def lower_bool(value: bool) -> list[str]:
    return ["true" if value else "false"]
