"""A page: its header, and its views shown one at a time, chosen in the page and named in the link (`?view=`).

A page with several charts shows one of them, with its commentary and downloads, and a control listing the
others (as Our World in Data's explorers and FRED's graphs do). Only the chosen view's code runs: a page of
nine charts costs one chart per rerun, per redraw and per filter change, and a link opens the chart it was
copied from. A page file declares its views; `show_views` does the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard import controls, state
from dashboard.cards import guarded, md, sector_scope_note, show_chart
from industrial_base import site
from industrial_base.cards import SECTORS, Chart
from industrial_base.i18n import Messages

VIEW_PARAM = "view"


@dataclass(frozen=True)
class View:
    """A part of a page that stands on its own: a chart (`chart`), or a section the page draws (`draw`).

    Its label is `<page>.views.<id>` in the catalogue; `heading` is the catalogue key of the section heading
    drawn above it. `controls` are the page's controls this view uses: they are drawn above the view picker,
    and their values are passed to the chart's builder by name. `by_sector` says whether the sidebar's sector
    filter applies to a drawn section (a chart knows it from its builder); None draws no note.
    """

    id: str
    chart: Chart | None = None
    draw: Callable[[], None] | None = None
    heading: str | None = None
    controls: tuple[controls.Control, ...] = ()
    by_sector: bool | None = None
    title: str | None = None
    """Catalogue key of a drawn section's name on its error card (default: the view's label)."""

    def __post_init__(self) -> None:
        if (self.chart is None) == (self.draw is None):
            raise TypeError(f"view '{self.id}' shows a chart or draws a section, one of the two")


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
    seeded: Sequence[controls.Control] = (),
    sections: bool = False,
    top_level_headings: bool = False,
) -> str:
    """Draw the view picker and the chosen view; return the chosen view's id. The first view is the default
    and leaves the link clean; an unknown `?view=` is ignored with the usual notice.

    `seeded` controls take their link values before anything is drawn, so a bad value in a link is reported
    whichever view the link opens. `sections`: the views are sections of a page, not charts (the picker says
    so). `top_level_headings`: view headings are the page's main headings (`st.header`, not `st.subheader`)."""
    m = state.messages()
    for control in seeded:
        control.seed()
    controls_area = st.container()  # above the picker; filled by the chosen view, which runs after it
    labels = {view.id: m(f"{page_id}.views.{view.id}") for view in views}
    kind = "section" if sections else "chart"
    picker = controls.choice(
        widget_key(page_id),
        m(f"ui.views.{kind}"),
        labels,
        pills=True,
        help=m("ui.views.section_help" if sections else "ui.views.help"),
        param=VIEW_PARAM,
        remember=False,  # a page reached through the navigation opens on its first view, as its link does
    )
    chosen = str(picker.draw())
    view = next(view for view in views if view.id == chosen)
    title = labels[chosen]  # a drawn section's name on its error card
    if view.chart is not None or view.title:
        title = m(view.chart.title if view.chart is not None else str(view.title))
    heading = st.header if top_level_headings else st.subheader
    guarded(title, lambda: _draw(view, controls_area, seeded, heading))
    return chosen


def _draw(
    view: View,
    controls_area: DeltaGenerator,
    seeded: Sequence[controls.Control],
    heading: Callable[[str], object],
) -> None:
    m = state.messages()
    values: dict[str, Hashable] = {}
    if view.controls:
        with controls_area:
            with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
                drawn = [(control, control.draw()) for control in view.controls]
            values = {control.key: control.checked(value) for control, value in drawn}
    values.update(
        {c.key: c.value() for c in seeded if c.key not in values}
    )  # hidden: as the reader left them
    if view.heading:
        heading(m(view.heading))
    by_sector = view.chart.by_sector if view.chart is not None else view.by_sector
    if by_sector is not None:
        sector_scope_note(by_sector)
    if view.chart is not None:
        show_chart(view.chart, **{name: values[name] for name in view.chart.params if name != SECTORS})
    elif view.draw is not None:
        view.draw()
