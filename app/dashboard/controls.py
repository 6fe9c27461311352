"""The widgets of the controls a page declares (`industrial_base.registry.Control`), bound to the link.

`draw(control)` takes the value from the link once (a bad value is dropped with a notice), draws the widget,
writes the value back to the link (the default leaves it out) and returns it, hashable, ready to pass to a
builder. `value(control)` gives the value without drawing the widget: a view that does not use a page-wide
control leaves it hidden, its value stays in the link, and it comes back as the reader left it
(`url_state.seed` keeps a session copy).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import streamlit as st

from dashboard import state, url_state
from industrial_base.registry import Control, Kind

YEARS_WIDTH = 420
"""The year slider's width (px): wide enough to pick single years, narrow enough to sit beside others."""
LINK_YEARS = "link_years_"
"""Session-state prefix of the years a link asked for (a range slider is seeded through `value=`)."""


def offered(control: Control) -> Any:
    """What the control offers in the reader's language ({id: label}, or (first, last) years)."""
    built = state.build(control.options) if control.options is not None else None
    return control.offered(state.messages(), built)


ARRIVED = "controls_page"
"""Session-state key: the page whose controls the last run drew (see `arrive`)."""


def arrive(page_id: str, keys: Iterable[str]) -> None:
    """On a page's first run after another page's: forget the other page's widget values under the same keys.

    Streamlit keys a widget's value by the widget's id, and two pages' controls with one key (Weak links
    reuses Value added's units, years, log scale and economies) are different widgets: the new page's would
    find nothing under its own id and hold None (a required choice) or an out-of-range window. The kept copy
    (`url_state.seed`) brings the reader's value back, set by code before the widget exists."""
    if st.session_state.get(ARRIVED) == page_id:
        return
    st.session_state[ARRIVED] = page_id
    for key in set(keys):
        if key in st.session_state:
            del st.session_state[key]


def seed(control: Control) -> None:
    """Its value from the link (or the default), before anything is drawn."""
    choices = offered(control)
    parse, default = control.parser(choices), control.fallback(choices)
    if control.kind is Kind.YEARS:  # a range slider takes its mode from `value=`: seeded through it
        if control.key not in st.session_state:
            st.session_state[LINK_YEARS + control.key] = url_state.initial(control.key, parse, default)
        return
    listed = control.kind is Kind.CHOICES  # a multiselect holds a list
    url_state.seed(control.key, parse, default, convert=list if listed else lambda value: value)


def _seeded(control: Control) -> None:
    """Seed a control not seeded yet this run: a page-wide one is seeded at the top of every run (a range
    slider's link years are read there once, so a bad value's notice shows once)."""
    if not control.page_wide:
        seed(control)


def draw(control: Control) -> Hashable:
    _seeded(control)
    chosen = _widget(control, offered(control))
    return _published(control, chosen)


def value(control: Control) -> Hashable:
    """The value without the widget (its view does not use it); the link keeps it, a bad one dropped."""
    _seeded(control)
    if control.kind is Kind.YEARS:
        chosen = st.session_state.get(control.key) or st.session_state[LINK_YEARS + control.key]
    else:
        chosen = st.session_state[control.key]
        # Not left in session state past this run: Streamlit files a key set by code under the widget that
        # last had the key, so a widget of another page with the same key (Weak links' units after Value
        # added's) would find nothing and hold None. The kept copy seeds the next run (`url_state.seed`).
        del st.session_state[control.key]
    return checked(control, _published(control, chosen))


def _published(control: Control, chosen: Any) -> Hashable:
    if control.kind is Kind.YEARS:
        chosen = (int(chosen[0]), int(chosen[1]))
    url_state.publish(control.key, chosen, control.fallback(offered(control)), control.encode)
    return tuple(chosen) if isinstance(chosen, list) else chosen  # a multiselect's list: hashable


def checked(control: Control, value: Hashable) -> Hashable:
    """The value a builder gets for what the widget holds: a one-year window is widened to every year, with
    the notice `<page>.controls.<key>.too_short` (no chart has a meaning for one year)."""
    if control.kind is Kind.YEARS and isinstance(value, tuple) and value[0] == value[1]:
        st.warning(state.messages()(f"{control.words}.too_short"))
        return control.fallback(offered(control))
    return value


def _widget(control: Control, choices: Any) -> Any:
    m = state.messages()
    label = m(f"{control.words}.label")
    placeholder = m.optional(f"{control.words}.placeholder")
    if control.kind is Kind.TEXT:
        text = st.text_input(label, key=control.key, max_chars=control.max_chars, placeholder=placeholder)
        return str(text).strip()
    common: dict[str, Any] = {"key": control.key, "help": m.optional(f"{control.words}.help")}
    if control.kind in (Kind.CHOICE, Kind.CHOICES):
        common |= {"options": list(choices), "format_func": choices.__getitem__}
    if control.kind is Kind.CHOICE:
        widget = st.pills if control.pills else st.segmented_control
        return widget(label, required=True, wrap=True, **common)
    if control.kind is Kind.CHOICES:
        if control.pills:
            return st.pills(label, selection_mode="multi", **common)
        return st.multiselect(label, placeholder=placeholder, **common)
    if control.kind is Kind.FLAG:
        return st.toggle(label, **common)
    first, last = choices
    years = list(range(first, last + 1))
    chosen = st.session_state.get(LINK_YEARS + control.key, (first, last))
    start, end = st.select_slider(label, options=years, value=chosen, width=YEARS_WIDTH, **common)
    return int(start), int(end)
