"""Little giants: every view is a chart, drawn from the page's registry."""

from __future__ import annotations

from dashboard.page import show_page
from industrial_base.pages.little_giants import PAGE

show_page(PAGE)
