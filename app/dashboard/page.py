"""A page drawn from its registry (`industrial_base.registry.Page`): its header, and its views shown one at a
time, chosen in the page and named in the link (`?view=`).

A page with several views shows one of them, with its commentary and downloads, and a control listing the
others (as Our World in Data's explorers and FRED's graphs do). Only the chosen view's code runs: a page of
nine charts costs one chart per rerun, per redraw and per filter change, and a link opens the chart it was
copied from. A page file calls `show_page` with the drawing of each view that is not a chart.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from contextlib import suppress

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard import controls, state, url_state
from dashboard.card import guarded, sector_scope_note, show_chart
from industrial_base import links
from industrial_base.i18n import Messages
from industrial_base.package import DatasetUnavailable
from industrial_base.registry import Control, Page, View, md


def picker_key(page: Page) -> str:
    """The view picker's widget key; each page keeps its own choice (the link parameter is `view` on every
    page)."""
    return f"page{links.VIEW}_{page.id}"


def header(page: Page) -> Messages:
    """The page's title and the line under it (built from the data where the page says so; a failure leaves
    it out, and the views' error cards say why)."""
    m = state.messages()
    st.title(m(f"{page.words}.title"))
    caption = None
    if page.caption is None:
        caption = m.optional(f"{page.words}.caption")
    else:
        with suppress(DatasetUnavailable):
            caption = state.build(page.caption)
    if caption:
        st.caption(md(caption))
    return m


def show_page(page: Page, draw: Mapping[str, Callable[[View], None]] | None = None) -> View:
    """Draw the page's header, its view picker (when it has several views) and the chosen view; return it.
    The first view is the default and leaves the link clean; an unknown `?view=` is ignored with the usual
    notice. `draw` gives the drawing of each view that is not a chart alone, by view id."""
    drawers = dict(draw or {})
    undrawn = [view.id for view in page.views if view.chart is None and view.id not in drawers]
    if undrawn:
        raise TypeError(f"{page.id}: views {undrawn} are neither a chart nor drawn by the page")
    m = header(page)
    controls.arrive(page.id, [control.key for view in page.views for control in view.controls])
    for control in _page_wide(page):
        controls.seed(control)
    controls_area = st.container()  # above the picker; filled by the chosen view, which runs after it
    view = _picked(page, m) if len(page.views) > 1 else page.views[0]
    guarded(m(f"{view.words}.short"), lambda: _draw(page, view, drawers.get(view.id), controls_area))
    return view


def _page_wide(page: Page) -> list[Control]:
    """The controls drawn above the view picker, read from the link on every view."""
    return [control for control in page.controls if control.page_wide]


def _picked(page: Page, m: Messages) -> View:
    """The view picker: pills naming each view (their label collapsed: the pills name the views; it stays for
    screen readers). A page reached through the navigation opens on its first view, as its link does."""
    labels = {view.id: m(f"{view.words}.label") for view in page.views}
    key = picker_key(page)
    first = page.views[0].id
    opens = _linked(page) or first
    url_state.seed(key, links.one_of(list(labels)), opens, param=links.VIEW, remember=False)
    sections = sum(view.chart is None or bool(view.parts) for view in page.views)
    kind = "section" if sections * 2 > len(page.views) else "chart"  # what it picks, for screen readers
    chosen = st.pills(
        m(f"ui.views.{kind}"),
        list(labels),
        format_func=labels.__getitem__,
        key=key,
        required=True,
        wrap=True,
        label_visibility="collapsed",
    )
    url_state.publish(key, chosen, first, lambda value: [value], param=links.VIEW)
    return page.view(str(chosen))


def _linked(page: Page) -> str | None:
    """The view a link without `?view=` opens when it is not the first: a former default view
    (`View.former_default`, the clusters list) whose own controls' parameters the link carries."""
    if url_state.named(links.VIEW):
        return None
    page_wide = {control.key for control in _page_wide(page)}
    for view in page.views[1:]:
        own = [control.key for control in view.controls if control.key not in page_wide]
        if view.former_default and any(url_state.named(key) for key in own):
            return view.id
    return None


def _draw(page: Page, view: View, draw: Callable[[View], None] | None, controls_area: DeltaGenerator) -> None:
    used, page_wide = view.controls, _page_wide(page)
    with controls_area:
        values = _row([control for control in used if control in page_wide])
    for control in page_wide:  # not drawn on this view: as the reader left them, bad link values reported
        if control.key not in values:
            controls.value(control)
    if view.heading:
        heading = st.header if page.headings == "header" else st.subheader
        heading(state.messages()(f"{view.words}.title"))
    if view.filtered is not None:
        sector_scope_note(view.filtered)
    if draw is not None:
        draw(view)
        return
    values.update(_row([control for control in used if control not in page_wide]))
    show_chart(view, **values)


def _row(shown: Sequence[Control]) -> dict[str, Hashable]:
    """Controls side by side (wrapping on a phone); their values, corrected where a control corrects them
    (with its notice below the row)."""
    if not shown:
        return {}
    with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
        drawn = [(control, controls.draw(control)) for control in shown]
    return {control.key: controls.checked(control, value) for control, value in drawn}
