"""The dashboard in Simplified Chinese, as a reader of `?lang=zh` links sees it in Chromium.

Screenshots of every page (desktop and phone) go to tests/artifacts/screenshots/zh_*.png for checking by
eye; the tests check what a machine can: Chinese titles and navigation, no English frame words left, the
CJK font actually renders (no tofu), and the language choice lives in the link.
"""

from __future__ import annotations

import itertools
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page

from conftest import each_view, nav_links, page_errors, screenshot, wait_for_app_idle, wait_for_plotly
from industrial_base.i18n import Messages

pytestmark = pytest.mark.browser

EN, ZH = Messages("en"), Messages("zh")
PAGE_KEYS = ["overview", "value_added", "key_products", "little_giants", "clusters", "fact_check", "sources"]
CARD_WORDS = [EN(f"ui.card.{key}") for key in ("article_says", "data_shows", "how_verdicts", "download")]
PAGE_NAMES = [EN(f"ui.nav.{key}") for key in PAGE_KEYS if key != "overview"]

GLYPHS_JS = """(text) => {
    // Width of the text against the same number of unassigned code points (drawn as the .notdef box):
    // without a CJK font Chromium draws every Chinese character as that box.
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = getComputedStyle(document.querySelector('h1')).font;
    const tofu = '\\u0378'.repeat([...text].length);
    return [ctx.measureText(text).width, ctx.measureText(tofu).width];
}"""


def visit(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app_idle(page)


def main_text(page: Page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def assert_chinese_page(page: Page, key: str) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    assert page_errors(page) == []
    title = page.locator("h1").first.inner_text().strip()
    assert (ZH("ui.app.title") if key == "overview" else ZH(f"ui.nav.{key}")) in title, title
    shown = main_text(page)
    # Sources & methods lists the datasets' own (English) titles, which may contain page names.
    frame_words = CARD_WORDS + (PAGE_NAMES if key != "sources" else [])
    leftovers = [word for word in frame_words if word in shown]
    assert not leftovers, f"{key}: English frame words in the Chinese view: {leftovers}"


@pytest.mark.parametrize(("tag", "fixture"), [("desktop", "page"), ("phone", "phone_page")])
def test_every_page_reads_in_chinese(
    app_server: str, tag: str, fixture: str, request: pytest.FixtureRequest
) -> None:
    page: Page = request.getfixturevalue(fixture)
    visit(page, f"{app_server}/?lang=zh")
    labels = [label for label, _ in nav_links(page)]
    assert labels == [ZH(f"ui.nav.{key}") for key in PAGE_KEYS], labels
    for key in PAGE_KEYS:
        path = "" if key == "overview" else key.replace("_", "-")
        charts = 0
        views = each_view(page, f"{app_server}/{path}?lang=zh")
        # Every view on the desktop; on the phone each page's first view (the layout differs, not the words).
        for view in views if tag == "desktop" else itertools.islice(views, 1):
            charts += wait_for_plotly(page)
            assert_chinese_page(page, key)
            assert parse_qs(urlparse(page.url).query).get("lang") == ["zh"], "the language stays in the link"
            screenshot(page, f"zh_{tag}_{key}" + (f"_{view}" if view else ""))
        if tag == "desktop":
            assert charts >= (0 if key == "overview" else 1)  # the overview's figures are metrics


def test_chinese_glyphs_render_with_a_cjk_font(app_server: str, page: Page) -> None:
    """Fails on a machine without a CJK font (CI installs fonts-noto-cjk): the title would be tofu."""
    visit(page, f"{app_server}/?lang=zh")
    text_width, tofu_width = page.evaluate(GLYPHS_JS, ZH("ui.app.title"))
    assert text_width > 0 and abs(text_width - tofu_width) > 1, (text_width, tofu_width)


def test_language_switch_rewrites_the_page_and_the_link(app_server: str, page: Page) -> None:
    visit(page, f"{app_server}/value-added?units=yoy")
    assert page.locator("h1").first.inner_text().strip() == EN("ui.nav.value_added")
    page.locator("[data-testid='stSidebar'] button", has_text="简体中文").click()
    wait_for_app_idle(page)
    wait_for_plotly(page, min_count=1)
    query = parse_qs(urlparse(page.url).query)
    assert query.get("lang") == ["zh"] and query.get("units") == ["yoy"], page.url
    assert page.locator("h1").first.inner_text().strip() == ZH("ui.nav.value_added")

    page.locator("[data-testid='stSidebarNav'] a", has_text=ZH("ui.nav.clusters")).click()
    wait_for_app_idle(page)
    assert parse_qs(urlparse(page.url).query).get("lang") == ["zh"], page.url
    assert page.locator("h1").first.inner_text().strip() == ZH("ui.nav.clusters")

    page.locator("[data-testid='stSidebar'] button", has_text="English").click()
    wait_for_app_idle(page)
    assert "lang" not in parse_qs(urlparse(page.url).query), page.url
    assert page.locator("h1").first.inner_text().strip() == EN("ui.nav.clusters")
