"""What a link may say: the values of the dashboard's URL parameters, read, checked and written back.

Streamlit's own `bind="query-params"` writes the *formatted label* of an option into the URL, so a link would
change with the wording (and the language) of the labels. Here the URL carries ids ("?sector=nev&units=yoy"),
values are checked against what the control offers, and anything unusable is dropped with a notice instead of
an exception: a parser takes any list of strings and returns (value or None, problems in the reader's
language). Pure Python; the dashboard binds these to widgets (`dashboard.url_state`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from industrial_base.i18n import Messages

Parser = Callable[[Messages, list[str]], tuple[Any, list[str]]]
VIEW = "view"
"""The link parameter that names the view a page shows (`?view=map`)."""
MAX_SHOWN = 40
MAX_PROBLEMS = 8


def shorten(value: str) -> str:
    return value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…"


def shown(value: str) -> str:
    """A value from the link as it may appear in a notice: shortened, with control and format characters
    (line breaks, bidi overrides) replaced by U+FFFD, inside an inline code span.

    Markdown escapes are not enough: Streamlit turns `$…$` into LaTeX, `[text](url)` into a link, and
    — after escapes are resolved — bare URLs, e-mail addresses and `:material/…:` into links and icons.
    None of that happens inside a code span, so the reader sees exactly the text of the link.
    """
    text = "".join("\ufffd" if unicodedata.category(c) in ("Cc", "Cf") else c for c in shorten(value))
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"  # CommonMark strips one space on each side


def one_of(valid: Sequence[str]) -> Parser:
    """A single value from `valid`; repeated keys keep the first valid one."""

    def parse(m: Messages, values: list[str]) -> tuple[Any, list[str]]:
        problems = [m("ui.link.unknown_value", value=shown(v)) for v in values if v not in valid]
        chosen = [v for v in values if v in valid]
        if len(values) > 1:
            problems.append(m("ui.link.too_many_values", count=len(values)))
        return (chosen[0] if chosen else None), problems

    return parse


def many_of(valid: Sequence[str]) -> Parser:
    """Any subset of `valid`, in the order of `valid`; unknown values are dropped."""

    def parse(m: Messages, values: list[str]) -> tuple[Any, list[str]]:
        problems = [m("ui.link.unknown_value", value=shown(v)) for v in values if v not in valid]
        chosen = tuple(v for v in valid if v in values)
        return (chosen if chosen else None), problems

    return parse


def year_range(first: int, last: int) -> Parser:
    """Two years within [first, last], e.g. ?years=2015&years=2021."""

    def is_year(text: str) -> bool:
        # ASCII digits only: "²".isdigit() is true but int("²") raises, and int() of a 5,000-digit string
        # raises too (Python's int-from-str digit limit).
        return len(text) <= 4 and text.isascii() and text.isdigit() and first <= int(text) <= last

    def parse(m: Messages, values: list[str]) -> tuple[Any, list[str]]:
        if len(values) != 2 or not all(is_year(v) for v in values):
            given = ", ".join(shown(v) for v in values[:3]) + (", …" if len(values) > 3 else "")
            return None, [m("ui.link.not_years", given=given, first=first, last=last)]
        low, high = sorted(int(v) for v in values)
        return (low, high), []

    return parse


def free_text(max_length: int) -> Parser:
    """One string of at most `max_length` characters (a search box)."""

    def parse(m: Messages, values: list[str]) -> tuple[Any, list[str]]:
        problems = [m("ui.link.too_many_values", count=len(values))] if len(values) > 1 else []
        if not values or len(values[0]) > max_length:
            return None, [*problems, m("ui.link.too_long", max_length=max_length)]
        return values[0], problems

    return parse


def flag(m: Messages, values: list[str]) -> tuple[Any, list[str]]:
    """A toggle: `true` or `false`."""
    value, problems = one_of(["true", "false"])(m, values)
    return (None if value is None else value == "true"), problems


def notice(m: Messages, param: str, problems: list[str]) -> str:
    """The one notice for a parameter's problems: bounded however often the link repeats the key."""
    if len(problems) > MAX_PROBLEMS:
        more = m("ui.link.more_problems", count=len(problems) - MAX_PROBLEMS + 1)
        problems = [*problems[: MAX_PROBLEMS - 1], more]
    return m("ui.link.ignored", key=shorten(param), problems=m.separator("items").join(problems))
