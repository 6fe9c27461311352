"""Robustness in a real browser: corrupted data and hostile links.

Bad data: two corrupted copies of ``data/``, one server each. Every page gets one corruption class of a
file it uses, and within a copy no view reads two broken datasets, so a view shows exactly the error cards
of the datasets broken in that copy that it reads. What a broken dataset takes down is derived from the
registries (``derived``: each view's ``View.reads``, the fact checks' reads, the overview's metrics), and
so are the error cards' titles (the catalogue's ``<page>.<view>.short``, or the claim). On every view of
both copies (one test each, ``<copy>-<page>-<view>``): the broken chart is an error card ("failed
validation" plus the issues table naming file, line and column), the chart cards drawn are exactly the
view's healthy ones, there is no exception and no console error. The remaining corruption classes run
in-process (AppTest) in ``tests/test_robustness.py``.

Hostile links: every URL parameter each page reads gets markup (HTML, ``javascript:`` URLs, LaTeX, markdown
links and colours, bare URLs), repeated keys, a 20,000-character value and wrong types, on the normal
dashboard: the sector filter, the view picker and each control, through the views that together read every
control (``derived.pinned_views``, ``derived.view_reads``). Nothing may run, no link or formula may appear,
the values show only as literal text in an "Ignored part of the link" notice, and the hostile values leave
the address bar.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from derived import (
    EN,
    HEADLINES,
    PAGES,
    SECTOR_KEY,
    VIEW_PARAM,
    VIEWS,
    card_titles,
    chart_cards,
    claim_titles,
    error_datasets,
    failing_metrics,
    kept_in_link,
    link,
    long_param,
    lost_charts,
    page_params,
    pinned_views,
    shows_claims,
    shows_values_literally,
    view_params,
    view_reads,
)
from playwright.sync_api import Browser, Dialog, Locator, Page

from conftest import (
    APP_ENTRYPOINT,
    DESKTOP_VIEWPORT,
    REPO_ROOT,
    SCREENSHOT_DIR,
    attach_error_collector,
    drawn_chart_cards,
    open_view,
    page_errors,
    screenshot,
    start_streamlit,
    stop_streamlit,
    wait_for_app_idle,
    wait_for_plotly,
)
from industrial_base import site
from industrial_base.loading import load_package
from industrial_base.registry import Page as RegistryPage
from industrial_base.registry import View

pytestmark = pytest.mark.browser

DATA_DIR = REPO_ROOT / "data"
DATA_DIR_ENV = "INDUSTRIAL_BASE_DATA_DIR"


def visit(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app_idle(page)


def assert_healthy(page: Page) -> None:
    exceptions = page.locator("[data-testid='stException']")
    assert exceptions.count() == 0, exceptions.first.inner_text()
    assert page_errors(page) == []
    assert page.locator("h1").first.inner_text().strip(), "no page title"


# --------------------------------------------------------------------------------------------
# Corrupting a copy of data/
# --------------------------------------------------------------------------------------------


def resource_path(data_dir: Path, name: str) -> Path:
    package = load_package(data_dir)
    return package.path_of(name)


def edit_rows(data_dir: Path, name: str, change: Callable[[list[list[str]]], None]) -> None:
    """Parse a resource's CSV, let `change` edit the rows (header first) in place, write it back."""
    path = resource_path(data_dir, name)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    change(rows)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def set_cell(name: str, line: int, column: str, value: str) -> Callable[[Path], None]:
    def apply(data_dir: Path) -> None:
        edit_rows(data_dir, name, lambda rows: rows[line - 1].__setitem__(rows[0].index(column), value))

    return apply


def drop_column(name: str, column: str) -> Callable[[Path], None]:
    def apply(data_dir: Path) -> None:
        def drop(rows: list[list[str]]) -> None:
            index = rows[0].index(column)
            for row in rows:
                del row[index]

        edit_rows(data_dir, name, drop)

    return apply


def duplicate_first_row(name: str) -> Callable[[Path], None]:
    def apply(data_dir: Path) -> None:
        edit_rows(data_dir, name, lambda rows: rows.append(list(rows[1])))

    return apply


def non_utf8_bytes(name: str, line: int) -> Callable[[Path], None]:
    """Put two bytes that are not UTF-8 at the start of the second field of `line`."""

    def apply(data_dir: Path) -> None:
        path = resource_path(data_dir, name)
        lines = path.read_bytes().split(b"\n")
        lines[line - 1] = lines[line - 1].replace(b",", b",\xff\xfe", 1)
        path.write_bytes(b"\n".join(lines))

    return apply


def truncate_last_row(name: str) -> Callable[[Path], None]:
    """Cut the last row off before its last two fields, as an interrupted write would."""

    def apply(data_dir: Path) -> None:
        path = resource_path(data_dir, name)
        text = path.read_text(encoding="utf-8").rstrip("\n")
        cut = text.rfind(",", 0, text.rfind(","))
        path.write_text(text[:cut] + "\n", encoding="utf-8")

    return apply


def spreadsheet_on_chinese_windows(name: str) -> Callable[[Path], None]:
    """The file as a spreadsheet on a Chinese-language Windows machine saves it: GBK with CR line endings."""

    def apply(data_dir: Path) -> None:
        path = resource_path(data_dir, name)
        path.write_bytes(path.read_text(encoding="utf-8").replace("\n", "\r").encode("gbk"))

    return apply


def invalid_geojson(data_dir: Path) -> None:
    path = resource_path(data_dir, "china_provinces")
    path.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")


@dataclass(frozen=True)
class Corruption:
    kind: str
    dataset: str
    apply: Callable[[Path], None]
    page: str
    """The id of the page this corruption class is checked in detail on: its error card's title and first row
    (or the overview's metric), and a screenshot of it."""
    rule: str
    line: int | None
    column: str | None

    @property
    def effects(self) -> dict[str, frozenset[str]]:
        """Every page that shows an error card for the dataset -> the chart cards it loses there (from the
        views' `reads`)."""
        broken = {self.dataset}
        return {
            entry.id: frozenset().union(*(lost_charts(view, broken) for view in entry.views))
            for entry in PAGES
            if any(error_datasets(view, broken) for view in entry.views)
        }

    @property
    def cards(self) -> frozenset[str]:
        """Titles of its error cards on its page (English)."""
        return frozenset().union(*(card_titles(view, self.dataset) for view in site.page(self.page).views))

    @property
    def metrics(self) -> frozenset[str]:
        """The overview's metrics that read 'unavailable' instead of an error card, on its page."""
        return frozenset().union(
            *(failing_metrics(view, self.dataset) for view in site.page(self.page).views)
        )


COPIES: dict[str, list[Corruption]] = {
    "A": [
        Corruption(
            "out-of-range value",
            "china_mva_share_gdp_official",
            set_cell("china_mva_share_gdp_official", 3, "value_pct", "150"),
            page="value_added",
            rule="maximum",
            line=3,
            column="value_pct",
        ),
        Corruption(
            "unknown sector code",
            "key_products_examples",
            set_cell("key_products_examples", 2, "sector_id", "spaceships"),
            page="key_products",
            rule="enum",  # sector_id carries the sector list as an enum as well as a foreign key
            line=2,
            column="sector_id",
        ),
        Corruption(
            "non-UTF-8 bytes",
            "lg_cities",
            non_utf8_bytes("lg_cities", 3),
            page="little_giants",
            rule="utf-8",
            line=3,
            column="as_of",
        ),
        Corruption(
            "truncated row",
            "wdi_vintages",
            truncate_last_row("wdi_vintages"),
            page="sources",
            rule="row-length",
            line=None,  # the last line: taken from the validator
            column=None,
        ),
    ],
    "B": [
        Corruption(
            "missing column",
            "china_share_world_mva",
            drop_column("china_share_world_mva", "value_pct"),
            page="overview",
            rule="missing-column",
            line=1,
            column="value_pct",
        ),
        Corruption(
            "duplicate key",
            "lg_industry",
            duplicate_first_row("lg_industry"),
            page="fact_check",
            rule="primary-key",
            line=None,  # the appended last line: taken from the validator
            column="scope, classification, category",
        ),
        Corruption(
            "GeoJSON that is not valid JSON",
            "china_provinces",
            invalid_geojson,
            page="clusters",  # on the map view; the province bars do not read the boundaries
            rule="geojson",
            line=1,
            column=None,
        ),
        Corruption(
            "GBK with CR line endings",
            "lg_regions",
            spreadsheet_on_chinese_windows("lg_regions"),
            page="little_giants",
            rule="utf-8",
            line=None,  # the first line with Chinese text: taken from the validator
            column=None,
        ),
    ],
}


def test_every_corruption_shows_on_its_page() -> None:
    """Each corruption class is seen on the page it is checked on (an error card, or the overview's metric),
    and within a copy no view and no claim reads two broken datasets (an error card names only the first)."""
    for name, corruptions in COPIES.items():
        for corruption in corruptions:
            shown = corruption.page in corruption.effects or corruption.metrics
            assert shown, f"{name}/{corruption.kind}: nothing on {corruption.page} reads {corruption.dataset}"
            assert corruption.cards or corruption.metrics, corruption.kind
        broken = [c.dataset for c in corruptions]
        for _, view in VIEWS:
            reading = sorted(error_datasets(view, broken))
            assert shows_claims(view) or len(reading) <= 1, f"copy {name}: {view.words} reads {reading}"
        for first, second in ((a, b) for a in broken for b in broken if a < b):
            assert not claim_titles(first) & claim_titles(second), (
                f"copy {name}: a claim reads {first}, {second}"
            )


@dataclass
class CorruptedServer:
    name: str
    url: str
    corruptions: list[Corruption]
    first_issue: dict[str, tuple[str, int | None, str | None, str]] = field(default_factory=dict)
    """dataset -> (file, line, column, rule) of the validator's first error."""


@pytest.fixture(scope="module", params=sorted(COPIES))
def corrupted(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CorruptedServer]:
    """A corrupted copy of data/ (the folder keeps the name `data`) served by its own streamlit."""
    name: str = request.param
    copy = tmp_path_factory.mktemp(f"copy_{name}") / "data"
    shutil.copytree(DATA_DIR, copy)
    corruptions = COPIES[name]
    for corruption in corruptions:
        corruption.apply(copy)
    package = load_package(copy)
    server = CorruptedServer(name, "", corruptions)
    for corruption in corruptions:
        errors = package.tables[corruption.dataset].errors
        assert errors, f"{corruption.kind}: {corruption.dataset} still validates"
        assert corruption.rule in {e.rule for e in errors}, [str(e) for e in errors]
        first = errors[0]
        server.first_issue[corruption.dataset] = (first.file, first.line, first.column, first.rule)
    broken = {n for n, r in package.tables.items() if not r.ok}
    assert broken == {c.dataset for c in corruptions}, "a corruption leaked into another dataset"
    proc, server.url = start_streamlit(APP_ENTRYPOINT, REPO_ROOT, env={DATA_DIR_ENV: str(copy)})
    try:
        yield server
    finally:
        stop_streamlit(proc)


@pytest.fixture(scope="module")
def copy_tab(browser: Browser, corrupted: CorruptedServer) -> Iterator[Page]:
    """One tab for every view of a copy, closed before the copy's server stops (a tab left open would log
    its failed reconnects as console errors of the next test)."""
    context = browser.new_context(viewport=DESKTOP_VIEWPORT)
    tab = context.new_page()
    attach_error_collector(tab)
    try:
        yield tab
    finally:
        context.close()


_ERROR_CARDS_JS = """() => [
        ...document.querySelectorAll("[data-testid='stMain'] [data-testid='stAlertContentError']")
    ]
    .filter((alert) => alert.textContent.includes("This part of the page is unavailable"))
    .map((alert) => {
        const card = alert.closest("[data-testid='stVerticalBlock']");
        const grid = card ? card.querySelector("[data-testid='stDataFrame'] table") : null;
        const cells = (row, tag) => [...row.querySelectorAll(tag)].map((cell) => cell.textContent);
        return {
            text: alert.textContent,
            title: card?.querySelector("[data-testid='stMarkdownContainer'] strong")?.textContent ?? "",
            header: grid ? [...grid.querySelectorAll("thead tr")].flatMap((row) => cells(row, "th")) : [],
            rows: grid ? [...grid.querySelectorAll("tbody tr")].map((row) => cells(row, "td")) : [],
        };
    })"""


def error_cards(page: Page) -> list[dict]:
    """Every error card in the main area: its alert text, title and the issues table (header, rows)."""
    page.wait_for_function(
        """() => [
                ...document.querySelectorAll("[data-testid='stMain'] [data-testid='stAlertContentError']")
            ]
            .filter((alert) => alert.textContent.includes("This part of the page is unavailable"))
            .every((alert) => alert.closest("[data-testid='stVerticalBlock']")
                ?.querySelector("[data-testid='stDataFrame'] table tbody tr"))""",
        timeout=15000,
        polling=100,
    )
    return page.evaluate(_ERROR_CARDS_JS)


def dataset_of(card: dict) -> str:
    match = re.search(r"the dataset (\S+) failed validation", card["text"])
    assert match, card["text"]
    return match.group(1)


def card_screenshot(card: Locator, corruption: Corruption) -> None:
    """The error card alone, as tests/artifacts/screenshots/robustness_<page>_<class>.png."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"\W+", "_", f"robustness {corruption.page} {corruption.kind}").strip("_")
    card.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"))


@pytest.mark.parametrize(("entry", "view"), view_params())
def test_corrupted_data_view(
    corrupted: CorruptedServer, copy_tab: Page, entry: RegistryPage, view: View
) -> None:
    """The broken datasets the view reads are error cards (file, line, column); its chart draws when its data
    is fine, and no broken chart draws."""
    tab = copy_tab
    tab.js_errors.clear()  # type: ignore[attr-defined]
    broken = {c.dataset for c in corrupted.corruptions}
    lost = lost_charts(view, broken)
    open_view(tab, corrupted.url, entry, view)
    assert_healthy(tab)
    wait_for_plotly(tab)
    broken_drawn = [key for key in sorted(lost) if tab.locator(f".st-key-card_{key}").count()]
    assert not broken_drawn, "a broken chart drew"
    assert drawn_chart_cards(tab) == chart_cards(view) - lost, "a chart on healthy data did not draw"

    cards = error_cards(tab)
    assert {dataset_of(card) for card in cards} == error_datasets(view, broken)
    for card in cards:
        assert "failed validation" in card["text"]
        assert card["header"][:3] == ["file", "line", "column"] and card["rows"], card

    failing = frozenset().union(*(failing_metrics(view, name) for name in broken))
    if failing:
        values = tab.locator("[data-testid='stMetricValue']").all_inner_texts()
        unavailable = EN("ui.errors.metric_unavailable")
        assert len(values) >= len(HEADLINES) and sum(v.strip() == unavailable for v in values) == len(failing)

    for corruption in (c for c in corrupted.corruptions if c.page == entry.id):
        titles, metrics = card_titles(view, corruption.dataset), failing_metrics(view, corruption.dataset)
        if not titles and not metrics:
            continue
        file, line, column, rule = corrupted.first_issue[corruption.dataset]
        if corruption.line is not None:
            assert line == corruption.line
        if corruption.column is not None:
            assert column == corruption.column
        for label in sorted(metrics):
            metric = tab.locator("[data-testid='stMetric']", has_text=label)
            assert metric.locator("[data-testid='stMetricValue']").inner_text().strip() == unavailable
            card_screenshot(metric, corruption)
        for title in sorted(titles):
            mine = [card for card in cards if card["title"] == title]
            assert len(mine) == 1, (title, [card["title"] for card in cards])
            first_row = mine[0]["rows"][0]
            assert first_row[0] == file and file.startswith("data/"), first_row
            assert first_row[1] == ("" if line is None else str(line)), first_row
            assert first_row[2] == (column or ""), first_row
            if "rule" in mine[0]["header"]:  # the grid only renders the columns in view
                rules = [row[mine[0]["header"].index("rule")] for row in mine[0]["rows"]]
                assert rule in rules, mine[0]["rows"]
        if titles:
            alert = tab.locator("[data-testid='stMain'] [data-testid='stAlertContentError']").filter(
                has_text=f"the dataset {corruption.dataset} failed validation"
            )
            card_screenshot(
                alert.first.locator("xpath=ancestor::div[@data-testid='stVerticalBlock'][1]"), corruption
            )


# --------------------------------------------------------------------------------------------
# Hostile links
# --------------------------------------------------------------------------------------------

MARKUP = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "$x$",
    "[link](javascript:alert(1))",
    "https://evil.example",
    ":red[red] **bold**",
]
LONG = "x" * (20_000 - len(MARKUP[0])) + MARKUP[0]
WRONG_TYPES = ["abc", "²", "9" * 5000]  # "²".isdigit() is true; int() of 5,000 digits raises
DANGEROUS = {
    "script": "script",
    "iframe/object/embed": "iframe, object, embed",
    "img": "img",
    "javascript link": "a[href^='javascript' i]",
    "evil link": "a[href*='evil.example']",
    "event handler": "[onerror], [onload], [onclick], [onmouseover], [onfocus]",
    "formula": ".katex",
}
LIVE_HTML = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    'href="javascript:alert(1)"',
    'href="https://evil.example"',
]
_NOTICES_JS = """() => [
        ...document.querySelectorAll("[data-testid='stApp'] [data-testid='stAlertContentWarning']")
    ]
    .map((alert) => {
        const body = alert.querySelector("[data-testid='stMarkdownContainer']");
        return {
            text: body ? body.textContent : "",
            tags: body ? [...new Set([...body.querySelectorAll("*")].map((el) => el.tagName))] : [],
        };
    })
    .filter((notice) => notice.text.startsWith("Ignored part of the link"))"""


SEEDED = re.compile(r"url_state\.(?:seed|initial)\(\s*([\w.]+)")
READ_THROUGH = {"control.key", "SECTOR_KEY", "key", "url_state.LANG_KEY"}
"""What the app passes `url_state` as the parameter's key: a registry control's key (`dashboard.controls`),
the sector filter's (`dashboard.state`), the view picker's (`dashboard.page`, whose parameter is `view`) and
the language's (tested by test_chinese.py and test_reach.py)."""


def test_params_table_is_complete() -> None:
    """Every parameter the app reads from the URL is exercised below: the app reads the link only through
    `url_state`, under a registry control's key, the sector filter's, the view picker's or the language's;
    `derived.view_reads` lists the first three for each view a hostile link opens (`derived.pinned_views`:
    together they read every control of the page, and the view on a page with several views)."""
    source = "\n".join(p.read_text() for p in (REPO_ROOT / "app").rglob("*.py"))
    assert set(SEEDED.findall(source)) == READ_THROUGH
    assert "param=links.VIEW" in source
    exercised = {
        param for entry in PAGES for view in pinned_views(entry) for param in hostile_params(entry, view)
    }
    controls = {control.key for entry in PAGES for view in entry.views for control in view.controls}
    assert exercised == controls | {SECTOR_KEY, VIEW_PARAM}


def dangerous_counts(page: Page) -> dict[str, int]:
    return {
        name: page.locator(f"[data-testid='stApp'] :is({selector})").count()
        for name, selector in DANGEROUS.items()
    }


def notices(page: Page) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for notice in page.evaluate(_NOTICES_JS):
        match = re.match(r"Ignored part of the link: parameter '(\w+)'", notice["text"])
        assert match, notice["text"]
        found[match.group(1)] = notice
    return found


@pytest.fixture
def dialogs(page: Page) -> list[str]:
    """Every JS dialog (alert/confirm/prompt) the page opens; each is dismissed so nothing blocks."""
    seen: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        seen.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return seen


def hostile_params(entry: RegistryPage, pinned: View | None) -> list[str]:
    """The parameters a hostile link to the page's view `pinned` spoils (None: its first view): all it reads,
    but `view` where the link must name a view (`derived.pinned_views`; a bad `view` is tried on the first
    view)."""
    return [param for param in view_reads(entry, pinned) if not (pinned and param == VIEW_PARAM)]


def hostile_links(entry: RegistryPage, pinned: View | None) -> dict[str, list[tuple[str, str]]]:
    spoilt, long = hostile_params(entry, pinned), long_param(entry)
    return {
        "markup, repeated keys": [(p, value) for p in spoilt for value in MARKUP],
        "20,000 characters, wrong types": [
            (p, value) for p in spoilt for value in ([LONG] if p == long else []) + WRONG_TYPES
        ],
    }


@pytest.mark.parametrize("entry", page_params())
def test_hostile_links(app_server: str, page: Page, dialogs: list[str], entry: RegistryPage) -> None:
    for pinned in pinned_views(entry):
        visit(page, f"{app_server}/{link(entry, pinned)}")  # the same view from a clean link: the baseline
        assert_healthy(page)
        clean = dangerous_counts(page)
        clean_charts = wait_for_plotly(page)
        hostile_link_answered(page, app_server, dialogs, entry, pinned, clean, clean_charts)


def hostile_link_answered(
    page: Page,
    app_server: str,
    dialogs: list[str],
    entry: RegistryPage,
    pinned: View | None,
    clean: dict[str, int],
    clean_charts: int,
) -> None:
    """Hostile links to one view of the page (`pinned`, None: its first): a notice for each parameter it
    reads, shown as plain text, no live markup, nothing rejected left in the address bar, the chart drawn."""
    literal = {c.key for c in entry.controls if not shows_values_literally(c)}
    texts = [c for c in entry.controls if kept_in_link(c) and c.key in view_reads(entry, pinned)]
    kept = {c.key for c in texts} | ({VIEW_PARAM} if pinned else set())
    for label, pairs in hostile_links(entry, pinned).items():
        url = f"{app_server}/{link(entry, pinned)}"
        url += ("&" if "?" in url else "?") + urlencode(pairs)
        assert len(url) < 60_000, "keep links under the server's request-line limit"
        visit(page, url)
        assert_healthy(page)
        assert dialogs == [], label
        found = notices(page)
        missing = set(hostile_params(entry, pinned)) - set(found)
        assert not missing, f"{label}: no notice for {missing}"
        for param, notice in found.items():
            assert set(notice["tags"]) <= {"P", "CODE"}, f"{label}/{param}: live markup {notice['tags']}"
            assert len(notice["text"]) < 800, f"{label}/{param}: notice of {len(notice['text'])} characters"
            if label.startswith("markup") and param not in literal:
                shown = [value for value in MARKUP if value in notice["text"]]
                assert shown == MARKUP, f"{param}: values not shown literally: {notice['text']}"
        after = dangerous_counts(page)
        assert all(after[name] <= clean[name] for name in DANGEROUS), (label, clean, after)
        html = page.locator("[data-testid='stApp']").inner_html()
        assert not [snippet for snippet in LIVE_HTML if snippet in html], label
        left = parse_qs(urlparse(page.url).query)
        assert not (set(left) - kept), f"{label}: rejected values stayed in the address bar: {sorted(left)}"
        for text in texts:  # free text: the first value is kept if short enough, as plain text
            search = page.get_by_label(EN(f"{text.words}.label"))
            assert search.input_value() == (MARKUP[0] if label.startswith("markup") else "")
        assert wait_for_plotly(page) >= min(clean_charts, 1)
        if entry.id == "value_added" and label.startswith("markup"):
            screenshot(page, "robustness_hostile_link_value_added")
