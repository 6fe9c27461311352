"""Ways readers arrive: a browser set to Chinese, and a chart embedded in an article (`?embed=true`)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser

from conftest import page_errors, wait_for_app_idle, wait_for_plotly
from industrial_base.i18n import Messages

pytestmark = pytest.mark.browser

EN, ZH = Messages("en"), Messages("zh")


def test_a_chinese_browser_opens_in_chinese_and_the_link_still_wins(
    browser: Browser, app_server: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{app_server}/little-giants")
        wait_for_app_idle(page)
        assert page.locator("h1").first.inner_text() == ZH("little_giants.page.title")
        assert page.locator("[data-testid='stSidebarNav']").inner_text().count(ZH("ui.nav.clusters")) == 1
        assert parse_qs(urlparse(page.url).query).get("lang") == ["zh"]  # the link says what is shown
        page.goto(f"{app_server}/little-giants?lang=en")
        wait_for_app_idle(page)
        assert page.locator("h1").first.inner_text() == EN("little_giants.page.title")
        page.locator("[data-testid='stSidebar'] button", has_text="简体中文").click()
        wait_for_app_idle(page)
        assert page.locator("h1").first.inner_text() == ZH("little_giants.page.title")
        assert not page_errors(page)
    finally:
        context.close()


def test_an_english_browser_opens_in_english(browser: Browser, app_server: str) -> None:
    context = browser.new_context(locale="en-GB")
    try:
        page = context.new_page()
        page.goto(f"{app_server}/clusters")
        wait_for_app_idle(page)
        assert page.locator("h1").first.inner_text() == EN("clusters.title")
        assert "lang" not in parse_qs(urlparse(page.url).query)
    finally:
        context.close()


def test_an_embedded_view_has_no_sidebar_and_keeps_its_link_state(browser: Browser, app_server: str) -> None:
    context = browser.new_context(viewport={"width": 900, "height": 700})
    try:
        page = context.new_page()
        page.goto(f"{app_server}/value-added?view=comparison&measure=share&lang=zh&embed=true")
        wait_for_app_idle(page)
        wait_for_plotly(page, 1)
        assert page.locator("[data-testid='stSidebar']").count() == 0
        assert page.locator("[data-testid='stSidebarNav']").count() == 0
        main = page.locator("[data-testid='stMain']").inner_text()
        assert ZH("value_added.comparison.heading") in main  # the view and the language of the link
        assert page.locator("[data-testid='stException']").count() == 0
        selected = page.locator(
            "[class*='st-key-measure'] button[aria-checked='true'], "
            "[class*='st-key-measure'] [aria-pressed='true']"
        )
        assert ZH("value_added.controls.measures.share") in selected.first.inner_text()
        sector = page.goto(f"{app_server}/clusters?view=fields&sector=nev&embed=true")
        assert sector is not None
        wait_for_app_idle(page)
        assert page.locator("[data-testid='stSidebar']").count() == 0
        assert (
            EN("ui.scope.filtered", sectors="NEV").split(":")[0]
            in page.locator("[data-testid='stMain']").inner_text()
        )  # the link's sectors still filter an embedded view
        assert not page_errors(page)
    finally:
        context.close()
