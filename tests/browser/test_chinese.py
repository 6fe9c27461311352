"""The dashboard in Simplified Chinese, as a reader of `?lang=zh` links sees it in Chromium.

Screenshots of every view (desktop) and of every page (phone) go to tests/artifacts/screenshots/zh_*.png for
checking by eye; the tests check what a machine can: Chinese titles and navigation, no English frame words
left, the chart cards each view should draw and no other, the CJK font actually renders (no tofu), and the
language choice lives in the link. Pages and views are the registry's (`derived`): one test per view on the
desktop (`<page>-<view>`), one per page on the phone, each battery in one shared tab.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from derived import EN, PAGES, VIEWS, ZH, chart_cards, link, page_params, view_params
from playwright.sync_api import Page

from conftest import (
    drawn_chart_cards,
    nav_links,
    open_view,
    page_errors,
    screenshot,
    wait_for_app_idle,
    wait_for_plotly,
)
from industrial_base import site
from industrial_base.i18n import LANGUAGES as LANGUAGE_NAMES
from industrial_base.registry import Page as RegistryPage
from industrial_base.registry import View

pytestmark = pytest.mark.browser

CARD_WORDS = [EN(f"ui.card.{key}") for key in ("article_says", "data_shows", "how_verdicts", "download")]
PAGE_NAMES = [EN(f"{entry.words}.nav") for entry in PAGES if not entry.is_default]

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


def assert_chinese_page(page: Page, entry: RegistryPage) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    assert page_errors(page) == []
    title = page.locator("h1").first.inner_text().strip()
    assert ZH(f"{entry.words}.title") in title, title
    shown = main_text(page)
    # Sources & methods lists the datasets' own (English) titles, which may contain page names.
    frame_words = CARD_WORDS + (PAGE_NAMES if entry.id != "sources" else [])
    leftovers = [word for word in frame_words if word in shown]
    assert not leftovers, f"{entry.id}: English frame words in the Chinese view: {leftovers}"
    assert parse_qs(urlparse(page.url).query).get("lang") == ["zh"], "the language stays in the link"


@pytest.mark.parametrize("device", ["tab", "phone_tab"], ids=["desktop", "phone"])
def test_the_navigation_reads_in_chinese(
    app_server: str, device: str, request: pytest.FixtureRequest
) -> None:
    page: Page = request.getfixturevalue(device)
    visit(page, f"{app_server}/?lang=zh")
    labels = [label for label, _ in nav_links(page)]
    assert labels == [ZH(f"{entry.words}.nav") for entry in PAGES], labels


@pytest.mark.parametrize(("entry", "view"), view_params(VIEWS))
def test_every_view_reads_in_chinese(app_server: str, tab: Page, entry: RegistryPage, view: View) -> None:
    open_view(tab, app_server, entry, view, lang="zh")
    wait_for_plotly(tab, int(view.chart is not None))
    assert drawn_chart_cards(tab) == chart_cards(view)
    assert_chinese_page(tab, entry)
    screenshot(tab, f"zh_desktop_{entry.id}_{view.id}")


@pytest.mark.parametrize("entry", page_params())
def test_every_page_reads_in_chinese_on_a_phone(
    app_server: str, phone_tab: Page, entry: RegistryPage
) -> None:
    """Each page's first view: the layout differs from the desktop's, not the words."""
    visit(phone_tab, f"{app_server}/{link(entry, lang='zh')}")
    wait_for_plotly(phone_tab, int(entry.views[0].chart is not None))
    assert_chinese_page(phone_tab, entry)
    screenshot(phone_tab, f"zh_phone_{entry.id}")


def test_chinese_glyphs_render_with_a_cjk_font(app_server: str, page: Page) -> None:
    """Fails on a machine without a CJK font (CI installs fonts-noto-cjk): the title would be tofu."""
    visit(page, f"{app_server}/?lang=zh")
    text_width, tofu_width = page.evaluate(GLYPHS_JS, ZH("ui.app.title"))
    assert text_width > 0 and abs(text_width - tofu_width) > 1, (text_width, tofu_width)


def test_language_switch_rewrites_the_page_and_the_link(app_server: str, page: Page) -> None:
    value_added, clusters = site.page("value_added"), site.page("clusters")
    visit(page, f"{app_server}/{link(value_added, units='yoy')}")
    assert page.locator("h1").first.inner_text().strip() == EN(f"{value_added.words}.title")
    page.locator("[data-testid='stSidebar'] button", has_text=LANGUAGE_NAMES["zh"]).click()
    wait_for_app_idle(page)
    wait_for_plotly(page, min_count=1)
    query = parse_qs(urlparse(page.url).query)
    assert query.get("lang") == ["zh"] and query.get("units") == ["yoy"], page.url
    assert page.locator("h1").first.inner_text().strip() == ZH(f"{value_added.words}.title")

    page.locator("[data-testid='stSidebarNav'] a", has_text=ZH(f"{clusters.words}.nav")).click()
    wait_for_app_idle(page)
    assert parse_qs(urlparse(page.url).query).get("lang") == ["zh"], page.url
    assert page.locator("h1").first.inner_text().strip() == ZH(f"{clusters.words}.title")

    page.locator("[data-testid='stSidebar'] button", has_text=LANGUAGE_NAMES["en"]).click()
    wait_for_app_idle(page)
    assert "lang" not in parse_qs(urlparse(page.url).query), page.url
    assert page.locator("h1").first.inner_text().strip() == EN(f"{clusters.words}.title")
