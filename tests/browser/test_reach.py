"""Ways readers arrive: a browser set to Chinese, and a chart embedded in an article (`?embed=true`)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from derived import EN, ZH, link, offered
from playwright.sync_api import Browser

from conftest import page_errors, wait_for_app_idle, wait_for_plotly
from industrial_base import site
from industrial_base.i18n import LANGUAGES as LANGUAGE_NAMES

pytestmark = pytest.mark.browser

LITTLE_GIANTS, CLUSTERS, VALUE_ADDED = (
    site.page(key) for key in ("little_giants", "clusters", "value_added")
)


def test_a_chinese_browser_opens_in_chinese_and_the_link_still_wins(
    browser: Browser, app_server: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{app_server}/{link(LITTLE_GIANTS)}")
        wait_for_app_idle(page)
        assert page.locator("h1").first.inner_text() == ZH(f"{LITTLE_GIANTS.words}.title")
        assert (
            page.locator("[data-testid='stSidebarNav']").inner_text().count(ZH(f"{CLUSTERS.words}.nav")) == 1
        )
        assert parse_qs(urlparse(page.url).query).get("lang") == ["zh"]  # the link says what is shown
        page.goto(f"{app_server}/{link(LITTLE_GIANTS, lang='en')}")
        wait_for_app_idle(page)
        assert page.locator("h1").first.inner_text() == EN(f"{LITTLE_GIANTS.words}.title")
        page.locator("[data-testid='stSidebar'] button", has_text=LANGUAGE_NAMES["zh"]).click()
        wait_for_app_idle(page)
        assert page.locator("h1").first.inner_text() == ZH(f"{LITTLE_GIANTS.words}.title")
        assert not page_errors(page)
    finally:
        context.close()


def test_an_english_browser_opens_in_english(browser: Browser, app_server: str) -> None:
    context = browser.new_context(locale="en-GB")
    try:
        page = context.new_page()
        page.goto(f"{app_server}/{link(CLUSTERS)}")
        wait_for_app_idle(page)
        assert page.locator("h1").first.inner_text() == EN(f"{CLUSTERS.words}.title")
        assert "lang" not in parse_qs(urlparse(page.url).query)
    finally:
        context.close()


def test_an_embedded_view_has_no_sidebar_and_keeps_its_link_state(browser: Browser, app_server: str) -> None:
    context = browser.new_context(viewport={"width": 900, "height": 700})
    try:
        page = context.new_page()
        comparison = VALUE_ADDED.view("comparison")
        measure = next(control for control in comparison.controls if control.key == "measure")
        page.goto(f"{app_server}/{link(VALUE_ADDED, comparison, measure='share', lang='zh', embed='true')}")
        wait_for_app_idle(page)
        wait_for_plotly(page, 1)
        assert page.locator("[data-testid='stSidebar']").count() == 0
        assert page.locator("[data-testid='stSidebarNav']").count() == 0
        main = page.locator("[data-testid='stMain']").inner_text()
        assert ZH(f"{comparison.words}.title") in main  # the view and the language of the link
        assert page.locator("[data-testid='stException']").count() == 0
        selected = page.locator(
            f".st-key-{measure.key} button[aria-checked='true'], .st-key-{measure.key} [aria-pressed='true']"
        )
        assert offered(measure, ZH)["share"] in selected.first.inner_text()
        sector = page.goto(
            f"{app_server}/{link(CLUSTERS, CLUSTERS.view('fields'), sector='nev', embed='true')}"
        )
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
