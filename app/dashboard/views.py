"""One view of a page at a time, chosen in the page and named in the link (`?view=map`).

A page with several charts shows one of them, with its commentary and downloads, and a control listing the
others (as Our World in Data's explorers and FRED's graphs do). Only the chosen view's code runs: a page of
nine charts costs one chart per rerun, per redraw and per filter change, and a link opens the chart it was
copied from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from dashboard import url_state

VIEW_PARAM = "view"


@dataclass(frozen=True)
class View:
    """A part of a page that stands on its own: its id in the link, its label, and how to draw it."""

    id: str
    label: str
    draw: Callable[[], None]


def widget_key(page: str) -> str:
    """Each page keeps its own choice (the link parameter is `view` on every page)."""
    return f"page{VIEW_PARAM}_{page}"


def show_one(page: str, label: str, views: Sequence[View], help: str | None = None) -> str:
    """Draw the control and the chosen view; return the chosen view's id. The first view is the default and
    leaves the link clean; an unknown `?view=` is ignored with the usual notice."""
    ids = [view.id for view in views]
    labels = {view.id: view.label for view in views}
    key = widget_key(page)
    # Not remembered: a page reached through the navigation opens on its first view, as its link does.
    url_state.seed(key, url_state.one_of(ids), default=ids[0], param=VIEW_PARAM, remember=False)
    chosen = st.pills(
        label,
        ids,
        format_func=labels.__getitem__,
        key=key,
        required=True,
        help=help,
        wrap=True,  # nine short labels wrap on a phone instead of scrolling out of sight
    )
    url_state.publish(key, chosen, ids[0], param=VIEW_PARAM)
    next(view for view in views if view.id == chosen).draw()
    return str(chosen)
