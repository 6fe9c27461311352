"""Any link gives a clear notice, never an exception (property-based, with Hypothesis): the parsers of every
declared control, and whole pages opened with random query strings. The controls come from the registries."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from declared import offered
from industrial_base import links, site
from industrial_base.i18n import Messages
from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR
from industrial_base.registry import Control, Kind
from test_pages import open_page

PACKAGE = load_package(DEFAULT_DATA_DIR)
CONTROLS = [control for page in site.PAGES for control in page.controls]
SAMPLES = ["", "true", "2015", "nev", "CHN", "９", "<script>", "$x$", "[a](javascript:x)"]
VALUES = st.lists(st.text(max_size=60) | st.sampled_from(SAMPLES), max_size=12)
"""What a link may hold for one parameter: nothing, one value, or the key repeated, with any text."""
BOUNDED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CODE_SPAN = re.compile(r"(`+) (.*?) \1", re.DOTALL)
MARKUP = re.compile(r"[<>\[\]$*\\]")


def in_domain(control: Control, choices: object, value: object) -> bool:
    """What a parser may give back: a value the control offers."""
    if control.kind is Kind.CHOICE:
        return value in choices  # type: ignore[operator]
    if control.kind is Kind.CHOICES:
        return isinstance(value, tuple) and set(value) <= set(choices)  # type: ignore[call-overload]
    if control.kind is Kind.FLAG:
        return isinstance(value, bool)
    if control.kind is Kind.TEXT:
        return isinstance(value, str) and len(value) <= control.max_chars
    first, last = choices  # type: ignore[misc]
    return isinstance(value, tuple) and first <= value[0] <= value[1] <= last


@BOUNDED
@given(control=st.sampled_from(CONTROLS), values=VALUES, language=st.sampled_from(["en", "zh"]))
def test_every_control_parses_any_link_values(control: Control, values: list[str], language: str) -> None:
    """A value the control offers, or None with a notice that shows the link's text only inside code spans
    and stays short however long or repeated the link is."""
    m = Messages(language)
    choices = offered(control, m, PACKAGE)
    value, problems = control.parser(choices)(m, values)
    assert value is None or in_domain(control, choices, value), (control.words, values, value)
    if value is None and values:
        assert problems, "a link value that is not used is said to be ignored"
    notice = links.notice(m, control.key, problems)
    assert len(notice) < 1200
    outside = CODE_SPAN.sub("", notice)
    for text in values:
        if MARKUP.search(text):  # markup from a link is shown only as literal text
            assert text[:40] not in outside, (text, notice)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    page=st.sampled_from(site.PAGES),
    query=st.dictionaries(
        st.sampled_from(["view", "sector", "lang", *(c.key for c in CONTROLS)]) | st.text(max_size=8),
        VALUES.filter(bool),
        max_size=4,
    ),
)
def test_any_query_string_opens_the_page(page: object, query: dict[str, list[str]]) -> None:
    """Random parameters and values, on any page: the page draws, without an exception."""
    at = open_page(page, query)  # type: ignore[arg-type]
    assert not at.exception, (query, [e.message for e in at.exception])
    assert at.title
