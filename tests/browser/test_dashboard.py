"""The dashboard as a reader sees it: every page in headless Chromium, on a desktop and on a phone.

Pages, views, controls and words come from the registries (`derived`): the navigation must list exactly
the registry's pages in order; each page (test id: the page), each one-of-several control (`<page>-<key>`)
and each view the sector filter applies to (`<page>-<view>`) has a test of its own, one tab per device.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from derived import (
    EN,
    LANGUAGES,
    PAGES,
    SECTOR_KEY,
    VIEW_PARAM,
    VIEWS,
    card_class,
    chart_cards,
    choice_controls,
    has_picker,
    link,
    offered,
    page_params,
    path,
    sector_label,
    view_params,
)
from playwright.sync_api import Page

from conftest import drawn_chart_cards, nav_links, page_errors, screenshot, wait_for_app_idle, wait_for_plotly
from industrial_base import site
from industrial_base.i18n import Messages
from industrial_base.registry import Control, View
from industrial_base.registry import Page as RegistryPage

pytestmark = pytest.mark.browser

EXPECTED_PAGES = [EN(f"{entry.words}.nav") for entry in PAGES]
SECTOR = "nev"
"""The sector the filter tests choose (an id of data/sectors.csv)."""


def visit(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app_idle(page)


def assert_healthy(page: Page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0, page.locator(
        "[data-testid='stException']"
    ).first.inner_text()
    assert page_errors(page) == []


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_the_navigation_lists_every_page_in_order(app_server: str, tab: Page) -> None:
    visit(tab, app_server)
    links = nav_links(tab)
    assert [label for label, _ in links] == EXPECTED_PAGES
    assert [href.rstrip("/") for _, href in links] == [
        f"{app_server}/{path(entry)}".rstrip("/") for entry in PAGES
    ]


@pytest.mark.parametrize("entry", page_params())
def test_every_page_renders_on_desktop(app_server: str, tab: Page, entry: RegistryPage) -> None:
    visit(tab, f"{app_server}/{link(entry)}")
    assert_healthy(tab)
    assert tab.locator("h1").first.inner_text().strip() == EN(f"{entry.words}.title")
    first = entry.views[0]  # Sources, Clusters and Key products open on a section, the overview on metrics
    charts = wait_for_plotly(tab, int(first.chart is not None))
    assert charts >= int(first.chart is not None), f"{entry.id}: no chart drawn"
    assert drawn_chart_cards(tab) == chart_cards(first)
    screenshot(tab, f"desktop_{entry.id}")


@pytest.mark.parametrize("entry", page_params())
def test_every_page_renders_on_a_phone(app_server: str, phone_tab: Page, entry: RegistryPage) -> None:
    visit(phone_tab, f"{app_server}/{link(entry)}")
    assert_healthy(phone_tab)
    assert phone_tab.locator("h1").first.inner_text().strip() == EN(f"{entry.words}.title")
    screenshot(phone_tab, f"phone_{entry.id}")


@pytest.mark.parametrize(
    ("entry", "view", "control"),
    [
        pytest.param(entry, view, control, id=f"{entry.id}-{control.key}")
        for entry, view, control in choice_controls()
    ],
)
def test_choice_control_rerenders_chart_and_updates_url(
    app_server: str, tab: Page, entry: RegistryPage, view: View, control: Control
) -> None:
    """Picking another option redraws the view's chart and puts the option's id in the link."""
    visit(tab, f"{app_server}/{link(entry, view)}")
    wait_for_plotly(tab, min_count=1)
    chart = tab.locator(f".{card_class(view)} .js-plotly-plot")
    before = chart.first.inner_html()
    options = offered(control, EN)
    other = next(option for option in options if option != control.fallback(options))
    tab.locator(f".st-key-{control.key}").get_by_role("radio", name=options[other], exact=True).click()
    wait_for_app_idle(tab)
    wait_for_plotly(tab, min_count=1)
    assert query(tab).get(control.key) == [other]
    assert chart.first.inner_html() != before
    screenshot(tab, f"desktop_{entry.id}_{control.key}_{other}")


def test_shared_link_reproduces_the_view(app_server: str, tab: Page) -> None:
    entry = site.page("value_added")
    units = next(control for control in entry.controls if control.key == "units")
    visit(tab, f"{app_server}/{link(entry, units='index', years=['2015', '2021'])}")
    wait_for_plotly(tab, min_count=1)
    assert_healthy(tab)
    assert offered(units, EN)["index"] in tab.locator("[data-testid='stMain']").inner_text()
    shown = query(tab)
    assert shown.get("units") == ["index"] and shown.get("years") == ["2015", "2021"]


def choose_sector(page: Page, label: str) -> None:
    """Pick a sector in the sidebar multiselect the way a reader does: click, type, Enter."""
    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect'] input")
    box.click()
    box.fill(label)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_for_app_idle(page)


@pytest.mark.parametrize(("entry", "view"), view_params((e, v) for e, v in VIEWS if v.filtered))
def test_sector_filter_rerenders_charts_and_updates_url(
    app_server: str, tab: Page, entry: RegistryPage, view: View
) -> None:
    """On every view the sector filter applies to: the view redraws for the chosen sector (its chart too,
    where it has one: the key products' examples are cards), and the link keeps the view."""
    charted = view.chart is not None
    visit(tab, f"{app_server}/{link(entry, view)}")
    wait_for_plotly(tab, min_count=int(charted))
    before = tab.locator("[data-testid='stMain']").inner_text()
    charts_before = [c.inner_html() for c in tab.locator(".js-plotly-plot").all()]
    choose_sector(tab, sector_label(SECTOR, EN))
    wait_for_plotly(tab, min_count=int(charted))
    shown = query(tab)
    assert shown.get(SECTOR_KEY) == [SECTOR]
    assert shown.get(VIEW_PARAM) == parse_qs(urlparse(link(entry, view)).query).get(VIEW_PARAM), (
        "the view stays"
    )
    after = tab.locator("[data-testid='stMain']").inner_text()
    assert after != before and sector_label(SECTOR, EN) in after
    if charted:
        assert [c.inner_html() for c in tab.locator(".js-plotly-plot").all()] != charts_before
    assert_healthy(tab)
    screenshot(tab, f"desktop_{entry.id}_{view.id}_{SECTOR}")


def test_sector_filter_survives_navigation(app_server: str, tab: Page) -> None:
    visit(tab, f"{app_server}/{link(site.page('clusters'), sector=[SECTOR, 'materials'])}")
    tab.locator(
        "[data-testid='stSidebarNav'] a", has_text=EN(f"{site.page('little_giants').words}.nav")
    ).click()
    wait_for_app_idle(tab)
    assert sorted(query(tab).get(SECTOR_KEY, [])) == sorted([SECTOR, "materials"])


@pytest.mark.parametrize(
    ("entry", "language"),
    [pytest.param(e, m, id=f"{e.id}-{m.lang}") for e in PAGES if has_picker(e) for m in LANGUAGES],
)
def test_choice_controls_fit_a_phone_screen(
    app_server: str, phone_tab: Page, entry: RegistryPage, language: Messages
) -> None:
    """Every option of the page's option groups (the view picker, one-of-several controls) is on screen at
    390 px (they wrap, not scroll away), in either language."""
    visit(phone_tab, f"{app_server}/{link(entry, lang=language.lang)}")
    width = phone_tab.viewport_size["width"] if phone_tab.viewport_size else 390
    options = phone_tab.locator("[data-testid='stMain'] [role='radio']")
    assert options.count() >= len(entry.views)
    for index in range(options.count()):
        box = options.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (
            options.nth(index).inner_text(),
            box,
        )


def test_view_picker_shows_one_chart_and_names_it_in_the_link(app_server: str, tab: Page) -> None:
    """A reader picks a chart: only that card is drawn, the link names it, and the link reopens it."""
    entry = site.page("little_giants")
    first, cities = entry.views[0], entry.view("cities")
    visit(tab, f"{app_server}/{link(entry)}")
    assert wait_for_plotly(tab, min_count=1) == 1
    main = tab.locator("[data-testid='stMain']")
    assert EN(f"{first.words}.title") in main.inner_text()
    tab.get_by_role("radio", name=EN(f"{cities.words}.label"), exact=True).click()
    wait_for_app_idle(tab)
    assert wait_for_plotly(tab, min_count=1) == 1
    assert query(tab).get(VIEW_PARAM) == [cities.id]
    assert EN(f"{cities.words}.title") in main.inner_text()
    assert EN(f"{first.words}.title") not in main.inner_text()
    assert drawn_chart_cards(tab) == {cities.key}
    shared = tab.url
    visit(tab, shared)
    assert wait_for_plotly(tab, min_count=1) == 1
    assert EN(f"{cities.words}.title") in main.inner_text()
    assert_healthy(tab)
    screenshot(tab, f"desktop_{entry.id}_view_{cities.id}")


def test_download_popover_builds_its_buttons_when_opened(app_server: str, tab: Page) -> None:
    """The buttons are created when the popover opens (a rerun); the CSV then downloads as before."""
    entry = site.page("little_giants")
    first = entry.views[0]
    visit(tab, f"{app_server}/{link(entry)}")
    wait_for_plotly(tab, min_count=1)
    displayed = EN("ui.card.download_displayed")
    assert tab.get_by_role("button", name=displayed).count() == 0
    tab.locator(f".{card_class(first)} [data-testid='stPopover'] button").first.click()
    wait_for_app_idle(tab)
    button = tab.get_by_role("button", name=displayed)
    button.wait_for(state="visible", timeout=15000)
    with tab.expect_download() as download:
        button.click()
    text = download.value.path().read_text(encoding="utf-8")
    assert download.value.suggested_filename == f"{first.key}_displayed.csv"
    assert "batch" in text.splitlines()[0]
    assert "4328" in text  # batch 4's final count, as charted
    assert_healthy(tab)
