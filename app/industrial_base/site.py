"""The dashboard's pages, listed once, in navigation order: the navigation and the overview's page guide both
read `PAGES`, and every test that visits pages, views, charts or controls iterates it."""

from __future__ import annotations

from industrial_base.pages import (
    clusters,
    fact_check,
    key_products,
    little_giants,
    overview,
    sources,
    value_added,
    weak_links,
)
from industrial_base.registry import ABOUT_DATA, DASHBOARD, Page

PAGES: tuple[Page, ...] = (
    overview.PAGE,
    value_added.PAGE,
    key_products.PAGE,
    little_giants.PAGE,
    clusters.PAGE,
    weak_links.PAGE,
    fact_check.PAGE,
    sources.PAGE,
)
GROUPS = (DASHBOARD, ABOUT_DATA)
"""Navigation groups, in order (`ui.nav.<group>`)."""


def page(page_id: str) -> Page:
    """The registry entry of a page; KeyError names the unknown id."""
    for entry in PAGES:
        if entry.id == page_id:
            return entry
    raise KeyError(f"no page '{page_id}' in industrial_base.site.PAGES")
