"""The dashboard as a reader sees it: every page in headless Chromium, on a desktop and on a phone."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page

from conftest import nav_links, page_errors, screenshot, wait_for_app_idle, wait_for_plotly

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
        # Sources and Clusters open on a table, Key products on what is known; the overview shows metrics
        if label not in {"Sources & methods", "Clusters", "Overview", "Key products (106)"}:
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


@pytest.mark.parametrize(
    ("path", "charted"),
    [
        ("clusters?view=fields", True),
        ("little-giants?view=registry", True),
        ("key-products?view=examples", False),  # the examples are cards, not a chart
        ("fact-check", True),
    ],
)
def test_sector_filter_rerenders_charts_and_updates_url(
    app_server: str, page: Page, path: str, charted: bool
) -> None:
    visit(page, f"{app_server}/{path}")
    wait_for_plotly(page, min_count=int(charted))
    before = page.locator("[data-testid='stMain']").inner_text()
    charts_before = [c.inner_html() for c in page.locator(".js-plotly-plot").all()]
    choose_sector(page, "NEV & intelligent")
    wait_for_plotly(page, min_count=int(charted))
    query = parse_qs(urlparse(page.url).query)
    assert query.get("sector") == ["nev"]
    assert query.get("view") == parse_qs(urlparse(path).query).get("view"), "the view stays in the link"
    after = page.locator("[data-testid='stMain']").inner_text()
    assert after != before and "NEV & intelligent connected vehicles" in after
    if charted:
        assert [c.inner_html() for c in page.locator(".js-plotly-plot").all()] != charts_before
    assert_healthy(page)
    screenshot(page, f"desktop_{slug(path)}_nev")


def test_sector_filter_survives_navigation(app_server: str, page: Page) -> None:
    visit(page, f"{app_server}/clusters?sector=nev&sector=materials")
    page.locator("[data-testid='stSidebarNav'] a", has_text="Little giants").click()
    wait_for_app_idle(page)
    assert sorted(parse_qs(urlparse(page.url).query).get("sector", [])) == ["materials", "nev"]


@pytest.mark.parametrize(
    "path", ["value-added", "value-added?lang=zh", "sources?view=discrepancies", "little-giants?lang=zh"]
)
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


def test_view_picker_shows_one_chart_and_names_it_in_the_link(app_server: str, page: Page) -> None:
    """A reader picks a chart: only that card is drawn, the link names it, and the link reopens it."""
    visit(page, f"{app_server}/little-giants")
    assert wait_for_plotly(page, min_count=1) == 1
    main = page.locator("[data-testid='stMain']")
    assert "Little giants per batch" in main.inner_text()
    page.get_by_role("radio", name="Cities", exact=True).click()
    wait_for_app_idle(page)
    assert wait_for_plotly(page, min_count=1) == 1
    assert parse_qs(urlparse(page.url).query).get("view") == ["cities"]
    assert "Leading cities" in main.inner_text() and "Little giants per batch" not in main.inner_text()
    shared = page.url
    visit(page, shared)
    assert wait_for_plotly(page, min_count=1) == 1
    assert "Leading cities" in main.inner_text()
    assert_healthy(page)
    screenshot(page, "desktop_little_giants_view_cities")


def test_download_popover_builds_its_buttons_when_opened(app_server: str, page: Page) -> None:
    """The buttons are created when the popover opens (a rerun); the CSV then downloads as before."""
    visit(page, f"{app_server}/little-giants")
    wait_for_plotly(page, min_count=1)
    assert page.get_by_role("button", name="Displayed data (CSV)").count() == 0
    page.locator("[data-testid='stPopover'] button").first.click()
    wait_for_app_idle(page)
    button = page.get_by_role("button", name="Displayed data (CSV)")
    button.wait_for(state="visible", timeout=15000)
    with page.expect_download() as download:
        button.click()
    path = download.value.path()
    text = path.read_text(encoding="utf-8")
    assert download.value.suggested_filename == "lg_batches_displayed.csv"
    assert "batch" in text.splitlines()[0]
    assert "4328" in text  # batch 4's final count, as charted
    assert_healthy(page)
