"""Weak links: the shortcomings the article names against the data; every view is a chart, drawn from the
page's registry."""

from __future__ import annotations

from dashboard.page import show_page
from industrial_base.pages.weak_links import PAGE

show_page(PAGE)
