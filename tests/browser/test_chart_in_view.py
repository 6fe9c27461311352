"""The chart a reader came for is in view: at 1280x800, on every view that shows a chart (the registry's
`derived.CHART_VIEWS`, one test each, named `<page>-<view>`), at least three quarters of the chart is on
screen before any scrolling. On a phone the chart still comes before its commentary."""

from __future__ import annotations

import pytest
from derived import CHART_VIEWS, EN, card_class, link, view_params
from playwright.sync_api import Browser, Page

from conftest import wait_for_app_idle, wait_for_plotly
from industrial_base import site
from industrial_base.registry import Page as RegistryPage
from industrial_base.registry import View

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1280, "height": 800}
IN_VIEW = 0.75
TAB = {"viewport": LAPTOP}
SHOWN = """() => {
    const chart = [...document.querySelectorAll("[data-testid='stMain'] [data-testid='stPlotlyChart']")]
        .find(e => e.getBoundingClientRect().height > 50);
    if (!chart) return null;
    const box = chart.getBoundingClientRect();
    return {top: box.top, height: box.height,
            shown: Math.max(0, Math.min(box.bottom, innerHeight) - Math.max(box.top, 0)) / box.height};
}"""


@pytest.mark.parametrize(("entry", "view"), view_params(CHART_VIEWS))
def test_every_chart_view_has_three_quarters_of_its_chart_in_view(
    tab: Page, app_server: str, entry: RegistryPage, view: View
) -> None:
    tab.goto(f"{app_server}/{link(entry, view)}")  # the link, not a pick: the view as it opens
    wait_for_app_idle(tab)
    wait_for_plotly(tab, 1)
    assert tab.locator(f".{card_class(view)} .js-plotly-plot").count() == 1, "not this view's chart"
    measured = tab.evaluate(SHOWN)
    assert measured is not None, view.words
    assert measured["shown"] >= IN_VIEW, measured


def test_on_a_phone_the_chart_comes_before_its_commentary(browser: Browser, app_server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{app_server}/{link(site.page('little_giants'))}")
        wait_for_app_idle(page)
        wait_for_plotly(page, 1)
        chart = page.locator("[data-testid='stMain'] [data-testid='stPlotlyChart']").first.bounding_box()
        commentary = page.get_by_text(EN("ui.card.article_says")).first.bounding_box()
        assert chart is not None and commentary is not None
        assert chart["y"] + chart["height"] <= commentary["y"]
    finally:
        context.close()
