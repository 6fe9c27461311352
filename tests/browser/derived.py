"""What the browser suites visit and expect, derived from the dashboard's registries (never restated by hand).

Every list of pages, views, chart cards, URL parameters and catalogue words the browser tests use comes
from here: `industrial_base.site.PAGES` (the pages in navigation order, their views and controls), the
catalogue (`industrial_base.i18n.Messages`), the fact checks' declared reads (`factcheck.CHECKS`) and the
dashboard's widget keys (`dashboard.page`, `dashboard.card`, `dashboard.state`). A view added to a registry
shows up in every per-view battery (their test ids are `<page>-<view>`) without a test edit.

Import from a test module as `from derived import ...` (pytest puts tests/browser on the path, as for
`conftest`).
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

import pytest

from dashboard.page import picker_key
from dashboard.state import SECTOR_KEY
from industrial_base import factcheck, site
from industrial_base.i18n import Messages
from industrial_base.links import VIEW as VIEW_PARAM
from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR, DataPackage
from industrial_base.pages import fact_check, overview
from industrial_base.registry import EVERY, Control, Kind, Page, View
from industrial_base.sectors import SECTOR_NAMES

EN, ZH = Messages("en"), Messages("zh")
LANGUAGES = (EN, ZH)
PAGES: tuple[Page, ...] = site.PAGES
VIEWS: tuple[tuple[Page, View], ...] = tuple((page, view) for page in PAGES for view in page.views)
"""Every (page, view) pair, in navigation order."""
CHART_VIEWS = tuple((page, view) for page, view in VIEWS if view.chart is not None)
"""Every view that draws a chart card (a chart alone, or a section with a chart among its parts)."""


# --- pages, views and their links ------------------------------------------------------------------------


def path(page: Page) -> str:
    """The page's path under the server ("" for the default page at `/`)."""
    return page.url_path or ""


def page_id(page: Page) -> str:
    return page.id


def view_id(page: Page, view: View) -> str:
    """The test id of a view: `<page>-<view>` (`value_added-mva`)."""
    return f"{page.id}-{view.id}"


def view_params(views: Iterable[tuple[Page, View]] = VIEWS) -> list[Any]:
    """`pytest.param(page, view)` for each pair, named `<page>-<view>`."""
    return [pytest.param(page, view, id=view_id(page, view)) for page, view in views]


def page_params(pages: Iterable[Page] = PAGES) -> list[Any]:
    """`pytest.param(page)` for each page, named by its id."""
    return [pytest.param(page, id=page.id) for page in pages]


def has_picker(page: Page) -> bool:
    """A page with several views draws the view picker (`dashboard.page`); one with a single view does not."""
    return len(page.views) > 1


def link(page: Page, view: View | None = None, **query: str | list[str]) -> str:
    """The page's link as the app writes it: `?view=` only for a view that is not the first (the first leaves
    the link clean), then `query` (a list value repeats the key)."""
    pairs: list[tuple[str, str]] = []
    if view is not None and view != page.views[0]:
        pairs.append((VIEW_PARAM, view.id))
    for key, value in query.items():
        pairs += [(key, item) for item in value] if isinstance(value, list) else [(key, value)]
    return path(page) + (f"?{urlencode(pairs)}" if pairs else "")


def picker_class(page: Page) -> str:
    """CSS class of the page's view picker (`st.pills(key=...)` -> `st-key-<key>`)."""
    return f"st-key-{picker_key(page)}"


def card_class(view: View) -> str:
    """CSS class of a view's chart card (`st.container(key=f"card_{view.key}")`)."""
    return f"st-key-card_{view.key}"


def chart_cards(page_or_view: Page | View) -> frozenset[str]:
    """The keys of the chart cards a page draws over all its views, or a view draws (`View.key` of each view
    with a chart)."""
    views = page_or_view.views if isinstance(page_or_view, Page) else (page_or_view,)
    return frozenset(view.key for view in views if view.chart is not None)


# --- what a broken dataset takes down ----------------------------------------------------------------------

HEADLINES = tuple(overview.HEADLINES.items())
"""The overview's metric cards: a broken dataset makes its metric read 'unavailable', not an error card."""


def _card_reads(view: View) -> frozenset[str]:
    """The datasets of `View.reads` whose failure shows an error card on the view: every one, except those
    only the overview's metric cards read (they say 'unavailable' instead) and the package-wide `EVERY`."""
    metric_only = {
        name
        for _, headline in HEADLINES
        if any(part is headline for part in view.parts)
        for name in headline.reads
    }
    metric_only -= {
        name
        for part in view.prepared
        if not part.lenient and not any(part is headline for _, headline in HEADLINES)
        for name in part.reads
    }
    metric_only -= {name for control in view.controls if control.options for name in control.options.reads}
    return frozenset(view.reads) - metric_only - {EVERY}


def shows_claims(view: View) -> bool:
    """The fact check's view: each claim is drawn with its own error card when a dataset its check reads
    failed (`industrial_base.factcheck`)."""
    return any(part is fact_check.CLAIMS for part in view.parts)


@functools.cache
def _claims() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(claim id, English claim, datasets its check reads) of every row of data/claims.csv."""
    with (DEFAULT_DATA_DIR / "claims.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            (row["claim_id"], row["claim_en"], factcheck.CHECKS[row["check"]].reads)
            for row in csv.DictReader(handle)
        )


def claim_titles(dataset: str) -> frozenset[str]:
    """The English text of every claim whose check reads `dataset` (the titles of their error cards)."""
    return frozenset(text for _, text, reads in _claims() if dataset in reads)


def error_datasets(view: View, broken: Iterable[str]) -> frozenset[str]:
    """The broken datasets that show an error card on the view (named in its alert)."""
    broken = set(broken)
    found = _card_reads(view) & broken
    if shows_claims(view):
        found |= {name for name in broken if claim_titles(name)}
    return frozenset(found)


def lost_charts(view: View, broken: Iterable[str]) -> frozenset[str]:
    """The view's chart card (its key) when a broken dataset takes it down: a chart that is not lenient and
    reads one of them."""
    chart = view.chart
    if chart is None or chart.lenient or not (set(chart.reads) & set(broken)):
        return frozenset()
    return frozenset({view.key})


def card_titles(view: View, dataset: str) -> frozenset[str]:
    """The titles of the error cards `dataset` shows on the view (English): each claim of the fact check
    whose check reads it; otherwise the view's `<page>.<view>.short` (a section that guards its parts one by
    one titles them itself: not derived here)."""
    if shows_claims(view):
        return claim_titles(dataset)
    return frozenset({EN(f"{view.words}.short")}) if dataset in _card_reads(view) else frozenset()


def failing_metrics(view: View, dataset: str) -> frozenset[str]:
    """The labels of the overview's metric cards on the view that read `dataset` (English)."""
    return frozenset(
        EN(f"overview.headlines.{key}.title")
        for key, headline in HEADLINES
        if dataset in headline.reads and any(part is headline for part in view.parts)
    )


# --- URL parameters --------------------------------------------------------------------------------------


def pinned_views(page: Page) -> list[View | None]:
    """The views that links must name, together, for every control of the page to be read (None: the first
    view, whose link names none): the one view using every control that is not page-wide, where there is
    one; else, in page order, each view that uses a control no view picked before it uses (a page whose views
    each have their own controls, such as a chart's measure). `[None]` when the page has no such control."""
    own = [control for control in page.controls if not control.page_wide]
    if not own:
        return [None]
    every = next((view for view in page.views if all(c in view.controls for c in own)), None)
    picked = [every] if every is not None else []
    left = [] if every is not None else own
    for view in page.views:
        if any(control in view.controls for control in left):
            picked.append(view)
            left = [control for control in left if control not in view.controls]
    return [None if view == page.views[0] else view for view in picked]


def view_reads(page: Page, view: View | None) -> list[str]:
    """The URL parameters a link to `view` of the page has read (None: the first view): the sidebar's
    sectors, the view picker's `view`, the page-wide controls and the view's own."""
    shown = page.views[0] if view is None else view
    keys = [c.key for c in page.controls if c.page_wide or c in shown.controls]
    return [SECTOR_KEY, *([VIEW_PARAM] if has_picker(page) else []), *keys]


LONG_KINDS = (Kind.TEXT, Kind.CHOICES, Kind.CHOICE)
"""Kinds of control that take a 20,000-character value, in order of preference: free text, then many values,
then one of several (a flag or a year range has nothing long to take)."""


def long_param(page: Page) -> str:
    """The parameter that gets a 20,000-character value: the page's first control of the first kind in
    `LONG_KINDS`, else the sidebar's sectors (many values, on every page)."""
    for kind in LONG_KINDS:
        for control in page.controls:
            if control.kind is kind:
                return control.key
    return SECTOR_KEY


def kept_in_link(control: Control) -> bool:
    """A bad value of a free-text control stays in the link (its first value, shortened), as plain text."""
    return control.kind is Kind.TEXT


def shows_values_literally(control: Control) -> bool:
    """A notice quotes every rejected value of the control (a text keeps its first; a year range says which
    years it takes instead)."""
    return control.kind not in (Kind.TEXT, Kind.YEARS)


def choice_controls() -> list[tuple[Page, View, Control]]:
    """Every one-of-several control, with the first view that draws it."""
    found = []
    for page in PAGES:
        for control in page.controls:
            if control.kind is Kind.CHOICE:
                found.append((page, next(v for v in page.views if control in v.controls), control))
    return found


@functools.cache
def _package() -> DataPackage:
    return load_package(DEFAULT_DATA_DIR)


def offered(control: Control, m: Messages) -> Any:
    """What a control offers on the shipped data, in `m`'s language: {id: label} for a choice, (first, last)
    for years, None for a flag or a text."""
    built = control.options(m, _package()) if control.options is not None else None
    return control.offered(m, built)


def sector_label(sector: str, m: Messages) -> str:
    """A sector's name in `m`'s language (the sidebar's filter shows it), from the shipped data."""
    return str(SECTOR_NAMES(m, _package())[sector])
