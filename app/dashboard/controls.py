"""Controls whose value lives in the link: each is declared in one call (widget, key, parser, default).

`Control.draw()` takes the value from the link once (a bad value is dropped with a notice), draws the widget,
writes the value back to the link (the default leaves it out) and returns it, hashable, ready to pass to a
builder. `Control.value()` gives the value without drawing the widget: a view that does not use a
page-wide control leaves it hidden, its value stays in the link, and it comes back as the reader left it
(`url_state.seed` keeps a session copy).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import streamlit as st

from dashboard import url_state

Options = Mapping[str, str] | Callable[[], Mapping[str, str]]
"""Option id -> label in the reader's language, or a function giving them (options read from the data are
only looked up when the control is drawn, inside its view's error guard)."""


@dataclass(frozen=True)
class Control:
    """A widget bound to the link: `key` is its session-state key and its URL parameter (unless `param`)."""

    key: str
    parse: url_state.Parser
    default: Any
    """The value when the link has none (a function giving it, when it depends on options from the data)."""
    widget: Callable[[], Any]
    """Draws the widget (seeded through session state, so it passes no default of its own)."""
    encode: Callable[[Any], list[str]] | None = None
    convert: Callable[[Any], Any] = field(default=lambda value: value)
    """From the parsed link value to the widget's value (ids to ints, say)."""
    param: str | None = None
    remember: bool = True

    def seed(self) -> None:
        url_state.seed(
            self.key, self.parse, self.fallback, self.convert, param=self.param, remember=self.remember
        )

    def draw(self) -> Hashable:
        self.seed()
        chosen = self.widget()
        url_state.publish(self.key, chosen, self.fallback, self.encode, param=self.param)
        return hashable(chosen)

    def value(self) -> Hashable:
        """The value without the widget (its view does not use it); the link keeps it, a bad one dropped."""
        self.seed()
        chosen = st.session_state[self.key]
        url_state.publish(self.key, chosen, self.fallback, self.encode, param=self.param)
        return self.checked(hashable(chosen))

    @property
    def fallback(self) -> Any:
        """The default value (looked up now when it depends on options read from the data)."""
        return self.default() if callable(self.default) else self.default

    def checked(self, value: Hashable) -> Hashable:
        """The value a builder gets for what the widget holds (a control may correct it, with a notice drawn
        where this is called: below the row of controls)."""
        return value


def hashable(value: Any) -> Hashable:
    return tuple(value) if isinstance(value, list) else value


def _options(options: Options) -> Mapping[str, str]:
    return options() if callable(options) else options


def choice(
    key: str,
    label: str,
    options: Options,
    default: str | None = None,
    *,
    pills: bool = False,
    help: str | None = None,
    param: str | None = None,
    remember: bool = True,
    label_visibility: Literal["visible", "hidden", "collapsed"] = "visible",
) -> Control:
    """One of several options as a segmented control (or pills), `?key=ID`; the default is the first option
    unless given. Options wrap on a phone instead of scrolling out of sight."""

    def labels() -> Mapping[str, str]:
        return _options(options)

    def widget() -> Any:
        shown = labels()
        draw = st.pills if pills else st.segmented_control
        return draw(
            label,
            list(shown),
            format_func=shown.__getitem__,
            key=key,
            required=True,
            help=help,
            wrap=True,
            label_visibility=label_visibility,
        )

    def parse(values: list[str]) -> tuple[Any, list[str]]:
        return url_state.one_of(list(labels()))(values)

    def first() -> str:
        return default if default is not None else next(iter(labels()))

    return Control(key, parse, first, widget, param=param, remember=remember)


def choices(
    key: str,
    label: str,
    options: Options,
    default: Sequence[str] = (),
    *,
    pills: bool = False,
    placeholder: str | None = None,
    help: str | None = None,
    convert: Callable[[str], Any] | None = None,
    container: Any = None,
) -> Control:
    """Any of several options, as a multiselect (or pills), `?key=ID&key=ID`. `convert` turns link ids into
    the option values (ints for adcodes and years); `container` draws the widget in a column."""

    def labels() -> Mapping[str, str]:
        return _options(options)

    def widget() -> Any:
        shown = labels()
        values = list(shown)
        if convert is not None:
            values = [convert(value) for value in values]
            names = {convert(k): v for k, v in shown.items()}
            format_func = names.__getitem__
        else:
            format_func = shown.__getitem__
        where = container if container is not None else st
        if pills:
            return where.pills(
                label, values, selection_mode="multi", format_func=format_func, key=key, help=help
            )
        return where.multiselect(
            label, values, format_func=format_func, key=key, placeholder=placeholder, help=help
        )

    def parse(values: list[str]) -> tuple[Any, list[str]]:
        return url_state.many_of(list(labels()))(values)

    to_values = (lambda ids: [convert(i) for i in ids]) if convert is not None else (lambda ids: ids)
    return Control(key, parse, list(default), widget, convert=to_values)


def flag(key: str, label: str, *, help: str | None = None) -> Control:
    """A toggle, `?key=true` (off by default)."""
    return Control(
        key,
        url_state.flag(),
        False,
        lambda: st.toggle(label, key=key, help=help),
        encode=url_state.lower_bool,
        convert=lambda value: value == "true",
    )


def text(key: str, label: str, max_chars: int, *, placeholder: str | None = None) -> Control:
    """A search box, `?key=words` (stripped); a link longer than `max_chars` is dropped with a notice."""

    def widget() -> str:
        return str(st.text_input(label, key=key, max_chars=max_chars, placeholder=placeholder)).strip()

    return Control(key, url_state.free_text(max_chars), "", widget)


def year_range(key: str, label: str, first: int, last: int, too_short: str, *, width: int = 420) -> Control:
    """Two years within [first, last], `?key=2015&key=2021`. A one-year window is widened to every year
    with the notice `too_short` (no chart has a meaning for one year)."""
    every = (first, last)
    link: dict[str, tuple[int, int]] = {}

    def widget() -> tuple[int, int]:
        start, end = st.select_slider(
            label,
            options=list(range(first, last + 1)),
            value=link.get(key, every),
            key=key,
            width=width,
        )
        return int(start), int(end)

    return YearRange(key, url_state.year_range(first, last), every, widget, too_short=too_short, link=link)


@dataclass(frozen=True, kw_only=True)
class YearRange(Control):
    """A range slider takes its mode from `value=`, so it is seeded through `value=` (the link's years, read
    once per run in `seed`) rather than through session state."""

    too_short: str
    link: dict[str, tuple[int, int]]

    def seed(self) -> None:
        self.link[self.key] = url_state.initial(self.key, self.parse, default=self.default)

    def draw(self) -> Hashable:
        if self.key not in self.link:
            self.seed()
        chosen = self.widget()
        url_state.publish(self.key, chosen, self.default)
        return chosen

    def value(self) -> Hashable:
        if self.key not in self.link:
            self.seed()
        start, end = st.session_state.get(self.key) or self.link[self.key]
        url_state.publish(self.key, (int(start), int(end)), self.default)
        return self.checked((int(start), int(end)))

    def checked(self, value: Hashable) -> Hashable:
        """A one-year window is widened to every year, with the notice."""
        if isinstance(value, tuple) and value[0] == value[1]:
            st.warning(self.too_short)
            return self.default
        return value
