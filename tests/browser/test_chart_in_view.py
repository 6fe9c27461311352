"""The chart a reader came for is in view: at 1280x800, on every view that shows a chart, at least three
quarters of the chart is on screen before any scrolling. On a phone the chart still comes before its
commentary."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from conftest import wait_for_app_idle, wait_for_plotly
from industrial_base import site
from industrial_base.pages import clusters, key_products, little_giants, sources, value_added

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1280, "height": 800}
IN_VIEW = 0.75
VIEWS = {"value_added": value_added, "key_products": key_products, "little_giants": little_giants}
VIEWS |= {"clusters": clusters, "sources": sources}
CHART_VIEWS = [
    (site.page(page).url_path, view.id)
    for page, module in VIEWS.items()
    for view in module.VIEWS
    if view.chart is not None
] + [(site.page("fact_check").url_path, "")]
SHOWN = """() => {
    const chart = [...document.querySelectorAll("[data-testid='stMain'] [data-testid='stPlotlyChart']")]
        .find(e => e.getBoundingClientRect().height > 50);
    if (!chart) return null;
    const box = chart.getBoundingClientRect();
    return {top: box.top, height: box.height,
            shown: Math.max(0, Math.min(box.bottom, innerHeight) - Math.max(box.top, 0)) / box.height};
}"""


def test_every_chart_view_has_three_quarters_of_its_chart_in_view(browser: Browser, app_server: str) -> None:
    assert len(CHART_VIEWS) >= 20  # every chart view of every page (22 when written)
    context = browser.new_context(viewport=LAPTOP)
    short = {}
    try:
        page = context.new_page()
        for path, view in CHART_VIEWS:
            page.goto(f"{app_server}/{path}" + (f"?view={view}" if view else ""))
            wait_for_app_idle(page)
            wait_for_plotly(page, 1)
            measured = page.evaluate(SHOWN)
            assert measured is not None, (path, view)
            if measured["shown"] < IN_VIEW:
                short[f"{path}?view={view}"] = measured
    finally:
        context.close()
    assert not short, short


def test_on_a_phone_the_chart_comes_before_its_commentary(browser: Browser, app_server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{app_server}/little-giants")
        wait_for_app_idle(page)
        wait_for_plotly(page, 1)
        chart = page.locator("[data-testid='stMain'] [data-testid='stPlotlyChart']").first.bounding_box()
        commentary = page.get_by_text("What the article says").first.bounding_box()
        assert chart is not None and commentary is not None
        assert chart["y"] + chart["height"] <= commentary["y"]
    finally:
        context.close()
