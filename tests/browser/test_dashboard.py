"""The dashboard as a reader sees it: every page in headless Chromium, on a desktop and on a phone."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from conftest import nav_links, page_errors, screenshot, wait_for_app_idle, wait_for_plotly
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

EXPECTED_PAGES = {
    "Overview",
    "Manufacturing value added",
    "Key products (106)",
    "Little giants",
    "Clusters",
    "Fact check",
    "Sources & methods",
}


def visit(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app_idle(page)


def slug(label: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in label.lower()).strip("_")


def assert_healthy(page: Page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0, page.locator(
        "[data-testid='stException']"
    ).first.inner_text()
    assert page_errors(page) == []


def test_every_page_renders_on_desktop(app_server: str, page: Page) -> None:
    visit(page, app_server)
    links = nav_links(page)
    assert {label for label, _ in links} >= EXPECTED_PAGES
    for label, href in links:
        visit(page, href)
        assert_healthy(page)
        assert page.locator("h1").first.inner_text().strip(), f"{label}: no title"
        charts = wait_for_plotly(page)
        if label not in {"Sources & methods"}:
            assert charts >= 1, f"{label}: no chart drawn"
        screenshot(page, f"desktop_{slug(label)}")


def test_every_page_renders_on_a_phone(app_server: str, phone_page: Page) -> None:
    visit(phone_page, app_server)
    hrefs = {label: href for label, href in nav_links(phone_page)} if nav_links(phone_page) else {}
    for label in EXPECTED_PAGES:
        target = hrefs.get(label) or f"{app_server}/{slug(label)}"
        visit(phone_page, target)
        assert_healthy(phone_page)
        screenshot(phone_page, f"phone_{slug(label)}")


def test_units_control_rerenders_chart_and_updates_url(app_server: str, page: Page) -> None:
    visit(page, f"{app_server}/value-added")
    wait_for_plotly(page, min_count=1)
    before = page.locator(".js-plotly-plot").first.inner_html()
    page.get_by_role("radio", name="Year-on-year change").click()
    wait_for_app_idle(page)
    wait_for_plotly(page, min_count=1)
    assert parse_qs(urlparse(page.url).query).get("units") == ["yoy"]
    assert page.locator(".js-plotly-plot").first.inner_html() != before
    screenshot(page, "desktop_value_added_yoy")


def test_shared_link_reproduces_the_view(app_server: str, page: Page) -> None:
    visit(page, f"{app_server}/value-added?units=index&years=2015&years=2021")
    wait_for_plotly(page, min_count=1)
    assert_healthy(page)
    assert "Index" in page.locator("[data-testid='stMain']").inner_text()
    query = parse_qs(urlparse(page.url).query)
    assert query.get("units") == ["index"] and query.get("years") == ["2015", "2021"]


def choose_sector(page: Page, label: str) -> None:
    """Pick a sector in the sidebar multiselect the way a reader does: click, type, Enter."""
    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect'] input")
    box.click()
    box.fill(label)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_for_app_idle(page)


@pytest.mark.parametrize("path", ["clusters", "little-giants", "key-products", "fact-check"])
def test_sector_filter_rerenders_charts_and_updates_url(app_server: str, page: Page, path: str) -> None:
    visit(page, f"{app_server}/{path}")
    wait_for_plotly(page, min_count=1)
    before = page.locator("[data-testid='stMain']").inner_text()
    charts_before = [c.inner_html() for c in page.locator(".js-plotly-plot").all()]
    choose_sector(page, "NEV & intelligent")
    wait_for_plotly(page, min_count=1)
    assert parse_qs(urlparse(page.url).query).get("sector") == ["nev"]
    after = page.locator("[data-testid='stMain']").inner_text()
    assert after != before and "NEV & intelligent connected vehicles" in after
    assert [c.inner_html() for c in page.locator(".js-plotly-plot").all()] != charts_before
    assert_healthy(page)
    screenshot(page, f"desktop_{slug(path)}_nev")


def test_sector_filter_survives_navigation(app_server: str, page: Page) -> None:
    visit(page, f"{app_server}/clusters?sector=nev&sector=materials")
    page.locator("[data-testid='stSidebarNav'] a", has_text="Little giants").click()
    wait_for_app_idle(page)
    assert sorted(parse_qs(urlparse(page.url).query).get("sector", [])) == ["materials", "nev"]


@pytest.mark.parametrize("path", ["value-added", "value-added?lang=zh", "sources"])
def test_choice_controls_fit_a_phone_screen(app_server: str, phone_page: Page, path: str) -> None:
    """Every option of the page's option groups is on screen at 390 px (they wrap, not scroll away)."""
    visit(phone_page, f"{app_server}/{path}")
    width = phone_page.viewport_size["width"] if phone_page.viewport_size else 390
    options = phone_page.locator("[data-testid='stMain'] [role='radio']")
    assert options.count() >= 4
    for index in range(options.count()):
        box = options.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (
            options.nth(index).inner_text(),
            box,
        )
