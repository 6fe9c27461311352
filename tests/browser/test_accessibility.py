"""Accessibility at Streamlit's floor: axe-core (WCAG 2.1 A and AA rules) finds nothing on any view, in either
language, that it does not also find on a plain Streamlit app with the same frame and widgets; every control
can be reached and used from the keyboard.

The views are the registry's (`derived.VIEWS`): one test per language and view, named `<lang>-<page>-<view>`,
all in one shared tab (a view of the page already open is picked in its view picker, as a reader does).

axe-core comes with the `axe-playwright-python` package (a PyPI test dependency: no npm step), injected as
`axe.min.js` into the page."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from derived import EN, LANGUAGES, VIEWS, ZH, link, offered, sector_label, view_id
from playwright.sync_api import Browser, Page

from conftest import REPO_ROOT, open_view, start_streamlit, stop_streamlit, wait_for_app_idle, wait_for_plotly
from industrial_base import site
from industrial_base.i18n import LANGUAGES as LANGUAGE_NAMES
from industrial_base.i18n import Messages
from industrial_base.registry import Page as RegistryPage
from industrial_base.registry import View

pytestmark = pytest.mark.browser

AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
REFERENCE = Path(__file__).parent / "reference" / "plain_widgets_app.py"
SETTINGS = REPO_ROOT / "app" / ".streamlit" / "config.toml"
TAB = {"viewport": {"width": 1280, "height": 800}}
SECTOR = "nev"
"""The sector chosen from the keyboard (an id of data/sectors.csv), typed by its Chinese name."""
RUN_AXE = """async (tags) => {
    const options = {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']};
    const result = await axe.run(document, options);
    return result.violations.map(v => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + (n.failureSummary || '')),
    }));
}"""


def violations(page: Page) -> dict[str, Any]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is drawn now, by rule id."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return {v["id"]: v for v in page.evaluate(RUN_AXE, WCAG)}


@pytest.fixture(scope="module")
def reference_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The plain app, served with the dashboard's settings (its theme, above all)."""
    folder = tmp_path_factory.mktemp("plain_widgets")
    shutil.copy(REFERENCE, folder / REFERENCE.name)
    (folder / ".streamlit").mkdir()
    shutil.copy(SETTINGS, folder / ".streamlit" / "config.toml")
    proc, base = start_streamlit(REFERENCE.name, folder)
    try:
        yield base
    finally:
        stop_streamlit(proc)


@pytest.fixture(scope="module")
def floor(browser: Browser, reference_url: str) -> set[str]:
    """Rule ids axe-core reports on the plain app: Streamlit's own (its navigation's list markup, say)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(reference_url)
        wait_for_app_idle(page)
        wait_for_plotly(page, 1)
        return set(violations(page))
    finally:
        context.close()


@pytest.mark.parametrize(
    ("language", "entry", "view"),
    [
        pytest.param(m, entry, view, id=f"{m.lang}-{view_id(entry, view)}")
        for m in LANGUAGES
        for entry, view in VIEWS
    ],
)
def test_no_view_has_a_violation_the_plain_app_does_not_have(
    tab: Page, app_server: str, floor: set[str], language: Messages, entry: RegistryPage, view: View
) -> None:
    open_view(tab, app_server, entry, view, lang=language.lang)
    wait_for_plotly(tab, int(view.chart is not None))
    found = {rule: details for rule, details in violations(tab).items() if rule not in floor}
    if found:  # axe may have caught elements faded while a rerun settled: judge the settled page
        wait_for_app_idle(tab)
        found = {rule: details for rule, details in violations(tab).items() if rule not in floor}
    assert not found, found


def test_the_plain_app_is_a_real_floor(floor: set[str]) -> None:
    """The comparison means something only if axe runs and reports what it finds (Streamlit's navigation
    markup, at the time of writing), and the dashboard's theme leaves no contrast failure of its own."""
    assert "color-contrast" not in floor
    assert floor <= {"list", "listitem", "aria-allowed-role", "region", "nested-interactive"}


def focused(page: Page) -> str:
    """What has the keyboard focus: its role or tag, and its accessible name or text."""
    return str(
        page.evaluate(
            """() => { const e = document.activeElement;
            return (e.getAttribute('role') || e.tagName.toLowerCase()) + ' ' +
                   (e.getAttribute('aria-label') || e.innerText || e.value || '').trim().slice(0, 60); }"""
        )
    )


def tab_until(page: Page, wanted: str, limit: int = 80) -> str:
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if wanted in now:
            return now
    raise AssertionError(f"{wanted!r} never took the focus with Tab")


def pick(page: Page, key: str) -> None:
    """Choose in a radio group from the keyboard: arrows move along it (only its chosen option is a Tab
    stop, the usual pattern), Space picks the one with the focus."""
    page.keyboard.press(key)
    page.keyboard.press("Space")
    wait_for_app_idle(page)


def test_every_control_is_reached_and_used_from_the_keyboard(browser: Browser, app_server: str) -> None:
    """On the value-added page (its page-wide controls: a year range, units, a log switch), then the view
    picker, a card's tabs and downloads, and the sidebar."""
    entry = site.page("value_added")
    years, units, log = (next(c for c in entry.controls if c.key == key) for key in ("years", "units", "log"))
    first_year, _ = offered(years, EN)
    unit_ids = list(offered(units, EN))
    first, second = entry.views[:2]
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{app_server}/{link(entry)}")
        wait_for_app_idle(page)
        # the year range: Tab reaches the first thumb; arrow keys move it, and the link follows
        tab_until(page, EN(f"{years.words}.label"))
        page.keyboard.press("ArrowRight")
        wait_for_app_idle(page)
        assert f"years={first_year + 1}" in page.url
        # the units (a segmented control): Tab reaches the chosen one, an arrow and Space pick the next
        tab_until(page, f"radio {offered(units, EN)[unit_ids[0]]}")
        pick(page, "ArrowRight")
        assert f"units={unit_ids[1]}" in page.url
        # the log scale toggle: Space switches it
        tab_until(page, f"switch {EN(f'{log.words}.label')}")
        page.keyboard.press("Space")
        wait_for_app_idle(page)
        assert "log=true" in page.url
        # the view picker: the chosen chart's pill, then the next one
        tab_until(page, f"radio {EN(f'{first.words}.label')}")
        pick(page, "ArrowRight")
        assert f"view={second.id}" in page.url
        # the card's tabs: Chart, then Table
        tab_until(page, f"radio {EN('ui.card.chart')}")
        pick(page, "ArrowRight")
        assert page.locator("[data-testid='stMain'] [data-testid='stDataFrame']").count() == 1
        # the downloads: Enter opens the menu, its buttons take the focus in turn
        tab_until(page, "button download")  # its icon's name, then its label
        page.keyboard.press("Enter")
        wait_for_app_idle(page)
        tab_until(page, EN("ui.card.download_displayed"))
        page.keyboard.press("Escape")
        # the sidebar: the language switch and the sector filter
        tab_until(page, f"radio {LANGUAGE_NAMES['en']}")
        pick(page, "ArrowRight")
        assert "lang=zh" in page.url
        tab_until(page, "combobox")
        page.keyboard.type(sector_label(SECTOR, ZH))
        page.keyboard.press("Enter")
        wait_for_app_idle(page)
        assert f"sector={SECTOR}" in page.url
    finally:
        context.close()
