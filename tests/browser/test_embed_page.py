"""A real chart's static embed page, drawn by Chromium with the plotly.js the API serves: no server, no
Streamlit; the page and the script are handed to the browser from memory (`page.route`), and any request to
another URL fails the test. With JavaScript off the page shows the picture instead."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Browser, Page, Route

from conftest import SCREENSHOT_DIR, page_errors
from data_api.embed import PLOTLY_JS, PLOTLY_JS_FILE, render_embed
from industrial_base import export
from industrial_base.i18n import Messages
from industrial_base.loading import load_package
from industrial_base.pages.little_giants.batches import BATCHES

pytestmark = pytest.mark.browser
ORIGIN = "http://embed.test"


def embed_html() -> str:
    m = Messages("zh")
    package = load_package()
    card = BATCHES(m, package)
    assert card is not None
    return render_embed(
        m,
        figure=card.figure.to_json(),
        title=card.title,
        takeaway=card.takeaway,
        sources=export.source_line(m, card.displayed),
        licence=export.licences(package.descriptor, card.datasets),
        accessed=date(2026, 12, 3),
        link="/little-giants?view=batches&lang=zh",
        picture="/picture.png",
    )


def serve(page: Page, html: str) -> list[str]:
    """Answer the page's requests from memory; returns the URLs asked for that we do not serve."""
    strays: list[str] = []

    def handle(route: Route) -> None:
        url = route.request.url
        if url == f"{ORIGIN}/embed":
            route.fulfill(body=html, content_type="text/html; charset=utf-8")
        elif url == ORIGIN + PLOTLY_JS:
            route.fulfill(body=PLOTLY_JS_FILE.read_bytes(), content_type="application/javascript")
        else:
            strays.append(url)
            route.abort()

    page.route("**/*", handle)
    return strays


def test_the_embed_page_draws_the_chart_with_our_plotly(page: Page) -> None:
    strays = serve(page, embed_html())
    page.goto(f"{ORIGIN}/embed")
    page.wait_for_selector("#chart .main-svg", timeout=20_000)
    assert page.locator("#chart .bars .point").count() >= 3  # one bar per batch at least
    assert page.locator("noscript").count() == 1
    page.screenshot(path=str(SCREENSHOT_DIR / "embed_lg_batches_zh.png"), full_page=True)
    assert not strays, strays
    assert not page_errors(page)


def test_without_javascript_the_picture_is_shown(browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        strays = serve(page, embed_html())
        page.goto(f"{ORIGIN}/embed")
        picture = page.locator("img")
        assert picture.count() == 1 and picture.get_attribute("src") == "/picture.png"
        title = BATCHES(Messages("zh"), load_package()).title  # type: ignore[union-attr]
        assert picture.get_attribute("alt", timeout=5_000).startswith(f"{title}：")
        assert strays == [f"{ORIGIN}/picture.png"]  # the browser asked for the picture (aborted here)
    finally:
        context.close()
