"""A page: its header, and its views shown one at a time, chosen in the page and named in the link (`?view=`).

A page with several charts shows one of them, with its commentary and downloads, and a control listing the
others (as Our World in Data's explorers and FRED's graphs do). Only the chosen view's code runs: a page of
nine charts costs one chart per rerun, per redraw and per filter change, and a link opens the chart it was
copied from. The views are declared in the core (`industrial_base.cards.View`, in each page's module); a
page file adds its controls and the drawing of any view that is not a chart, and `show_views` does the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard import state
from dashboard.cards import guarded, md, sector_scope_note, show_chart
from dashboard.controls import Control, choice
from industrial_base import site
from industrial_base.cards import SECTORS, View
from industrial_base.i18n import Messages

VIEW_PARAM = "view"


def header(page_id: str, caption: str | None = None) -> Messages:
    """The page's title and caption (the registry's, or `caption` already written); returns the reader's
    messages for the page file to use."""
    m = state.messages()
    entry = site.page(page_id)
    st.title(m(entry.title))
    if caption is None and entry.caption is not None:
        caption = m(entry.caption)
    if caption:
        st.caption(md(caption))
    return m


def widget_key(page_id: str) -> str:
    """Each page keeps its own choice (the link parameter is `view` on every page)."""
    return f"page{VIEW_PARAM}_{page_id}"


def show_views(
    page_id: str,
    views: Sequence[View],
    *,
    draw: Mapping[str, Callable[[], None]] | None = None,
    controls: Sequence[Control] = (),
    seeded: Sequence[str] = (),
    sections: bool = False,
    top_level_headings: bool = False,
) -> str:
    """Draw the view picker and the chosen view; return the chosen view's id. The first view is the default
    and leaves the link clean; an unknown `?view=` is ignored with the usual notice.

    `draw` gives the drawing of each view that is not a chart, by view id. `controls` are the page's
    controls (a view names those it uses). The `seeded` ones are page-wide: they take their link values
    before anything is drawn, so a bad value in a link is reported whichever view the link opens, and are
    drawn above the view picker; a view's own controls are drawn with it, under its heading.
    `sections`: the views are sections of a page, not charts (the picker says so). `top_level_headings`:
    view headings are the page's main headings (`st.header`, not `st.subheader`)."""
    m = state.messages()
    drawers = dict(draw or {})
    undrawn = [view.id for view in views if view.chart is None and view.id not in drawers]
    if undrawn:
        raise TypeError(f"{page_id}: views {undrawn} are neither a chart nor drawn by the page")
    by_key = {control.key: control for control in controls}
    page_wide = [by_key[key] for key in seeded]
    for control in page_wide:
        control.seed()
    controls_area = st.container()  # above the picker; filled by the chosen view, which runs after it
    labels = {view.id: m(f"{page_id}.views.{view.id}") for view in views}
    kind = "section" if sections else "chart"
    picker = choice(
        widget_key(page_id),
        m(f"ui.views.{kind}"),
        labels,
        pills=True,
        param=VIEW_PARAM,
        label_visibility="collapsed",  # the pills name the charts; the label stays for screen readers
        remember=False,  # a page reached through the navigation opens on its first view, as its link does
    )
    chosen = str(picker.draw())
    view = next(view for view in views if view.id == chosen)
    title = labels[chosen]  # a drawn section's name on its error card
    if view.chart is not None or view.title:
        title = m(view.chart.title if view.chart is not None else str(view.title))
    heading = st.header if top_level_headings else st.subheader
    used = [by_key[key] for key in view.controls]
    guarded(title, lambda: _draw(view, drawers.get(chosen), used, page_wide, controls_area, heading))
    return chosen


def _draw(
    view: View,
    draw: Callable[[], None] | None,
    used: Sequence[Control],
    page_wide: Sequence[Control],
    controls_area: DeltaGenerator,
    heading: Callable[[str], object],
) -> None:
    m = state.messages()
    with controls_area:
        values = _row([control for control in used if control in page_wide])
    hidden = [control for control in page_wide if control.key not in values]
    values.update({control.key: control.value() for control in hidden})  # as the reader left them
    if view.heading:
        heading(m(view.heading))
    by_sector = view.chart.by_sector if view.chart is not None else view.by_sector
    if by_sector is not None:
        sector_scope_note(by_sector)
    values.update(_row([control for control in used if control not in page_wide]))
    if view.chart is not None:
        show_chart(view.chart, **{name: values[name] for name in view.chart.params if name != SECTORS})
    elif draw is not None:
        draw()


def _row(shown: Sequence[Control]) -> dict[str, Hashable]:
    """Controls side by side (wrapping on a phone); their values, corrected where a control corrects them
    (with its notice below the row)."""
    if not shown:
        return {}
    with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
        drawn = [(control, control.draw()) for control in shown]
    return {control.key: control.checked(value) for control, value in drawn}
