"""Robustness in a real browser: corrupted data and hostile links.

Bad data: two corrupted copies of ``data/``, one server each. Every page gets one corruption class of a
file it uses, and within a copy each page's broken chart is a different one, so a page shows exactly the
error cards of the datasets broken in that copy. On every page of both copies: the broken chart is an
error card ("failed validation" plus the issues table naming file, line and column), every other chart
draws, there is no exception and no console error. The remaining corruption classes run in-process
(AppTest) in ``tests/test_robustness.py``.

Hostile links: every URL parameter each page reads gets markup (HTML, ``javascript:`` URLs, LaTeX,
markdown links and colours, bare URLs), repeated keys, a 20,000-character value and wrong types, on the
normal dashboard. Nothing may run, no link or formula may appear, the values show only as literal text in
an "Ignored part of the link" notice, and the hostile values leave the address bar.
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
from playwright.sync_api import Dialog, Locator, Page

from conftest import (
    APP_ENTRYPOINT,
    REPO_ROOT,
    SCREENSHOT_DIR,
    each_view,
    page_errors,
    screenshot,
    start_streamlit,
    stop_streamlit,
    wait_for_app_idle,
    wait_for_plotly,
)
from industrial_base.loading import load_package

pytestmark = pytest.mark.browser

DATA_DIR = REPO_ROOT / "data"
DATA_DIR_ENV = "INDUSTRIAL_BASE_DATA_DIR"
PAGES = ["", "value-added", "key-products", "little-giants", "clusters", "fact-check", "sources"]
# The keys of the chart cards (st.container(key=f"card_{key}") -> class st-key-card_KEY) each page draws
# on the shipped data, over all its views.
CHART_CARDS: dict[str, frozenset[str]] = {
    "": frozenset(),
    "value-added": frozenset({"mva", "share_gdp", "world_share", "comparison"}),
    "key-products": frozenset({"strong_base"}),
    "little-giants": frozenset(
        {
            "lg_batches",
            "lg_stock",
            "lg_reviews",
            "lg_map",
            "lg_top_provinces",
            "lg_regions",
            "lg_cities",
            "lg_profile",
            "lg_registry",
        }
    ),
    "clusters": frozenset({"cluster_fields", "cluster_map", "cluster_province_bars", "cluster_totals"}),
    "fact-check": frozenset({"verdicts"}),
    "sources": frozenset({"evidence", "vintages"}),
}


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
    """The page this corruption class is tried on."""
    card: str | None
    """Title of the error card on that page (None: the page has no card for it, see `metric`)."""
    rule: str
    line: int | None
    column: str | None
    effects: dict[str, frozenset[str]]
    """Every page that shows an error card for the dataset -> the chart cards it loses there."""
    metric: str | None = None
    """Overview: the headline metric that must read 'unavailable' instead of an error card."""


def claim_text(claim_id: str) -> str:
    with (DATA_DIR / "claims.csv").open(encoding="utf-8", newline="") as handle:
        return next(row["claim_en"] for row in csv.DictReader(handle) if row["claim_id"] == claim_id)


NONE = frozenset[str]()
COPIES: dict[str, list[Corruption]] = {
    "A": [
        Corruption(
            "out-of-range value",
            "china_mva_share_gdp_official",
            set_cell("china_mva_share_gdp_official", 3, "value_pct", "150"),
            page="value-added",
            card="Manufacturing as a share of China's GDP",
            rule="maximum",
            line=3,
            column="value_pct",
            effects={"value-added": frozenset({"share_gdp"}), "sources": NONE},
        ),
        Corruption(
            "unknown sector code",
            "key_products_examples",
            set_cell("key_products_examples", 2, "sector_id", "spaceships"),
            page="key-products",
            card="The article's examples",
            rule="enum",  # sector_id carries the sector list as an enum as well as a foreign key
            line=2,
            column="sector_id",
            effects={"key-products": NONE, "fact-check": NONE},
        ),
        Corruption(
            "non-UTF-8 bytes",
            "lg_cities",
            non_utf8_bytes("lg_cities", 3),
            page="little-giants",
            card="Leading cities",
            rule="utf-8",
            line=3,
            column="as_of",
            effects={"little-giants": frozenset({"lg_cities"})},
        ),
        Corruption(
            "truncated row",
            "wdi_vintages",
            truncate_last_row("wdi_vintages"),
            page="sources",
            card="World Bank revisions",
            rule="row-length",
            line=None,  # the last line: taken from the validator
            column=None,
            effects={"sources": frozenset({"vintages"})},
        ),
    ],
    "B": [
        Corruption(
            "missing column",
            "china_share_world_mva",
            drop_column("china_share_world_mva", "value_pct"),
            page="",
            card=None,
            metric="Share of world manufacturing",
            rule="missing-column",
            line=1,
            column="value_pct",
            effects={"value-added": frozenset({"world_share"}), "sources": NONE},
        ),
        Corruption(
            "duplicate key",
            "lg_industry",
            duplicate_first_row("lg_industry"),
            page="fact-check",
            card=claim_text("lg-basic-90"),
            rule="primary-key",
            line=None,  # the appended last line: taken from the validator
            column="scope, classification, category",
            effects={"fact-check": NONE, "little-giants": frozenset({"lg_profile", "lg_registry"})},
        ),
        Corruption(
            "GeoJSON that is not valid JSON",
            "china_provinces",
            invalid_geojson,
            page="clusters",
            card="Clusters by province",  # on the map view; the province bars do not read the boundaries
            rule="geojson",
            line=1,
            column=None,
            effects={"clusters": frozenset({"cluster_map"}), "little-giants": frozenset({"lg_map"})},
        ),
        Corruption(
            "GBK with CR line endings",
            "lg_regions",
            spreadsheet_on_chinese_windows("lg_regions"),
            page="little-giants",
            card="Little giants by region",
            rule="utf-8",
            line=None,  # the first line with Chinese text: taken from the validator
            column=None,
            effects={"little-giants": frozenset({"lg_regions"})},
        ),
    ],
}


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
    name = re.sub(r"\W+", "_", f"robustness {corruption.page or 'overview'} {corruption.kind}").strip("_")
    card.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"))


def chart_drawn(page: Page, key: str) -> bool:
    return page.locator(f".st-key-card_{key} .js-plotly-plot .main-svg").count() > 0


_DRAWN_CARDS_JS = """() => [...document.querySelectorAll("[data-testid='stMain'] [class*='st-key-card_']")]
    .filter((card) => card.querySelector(".js-plotly-plot .main-svg"))
    .map((card) => [...card.classList].find((name) => name.startsWith("st-key-card_")).slice(12))"""


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "overview")
def test_corrupted_data_page(corrupted: CorruptedServer, page: Page, path: str) -> None:
    """Over every view of the page: the broken datasets' error cards (file, line, column), and every chart
    whose data is fine still draws."""
    lost = frozenset().union(*(c.effects.get(path, NONE) for c in corrupted.corruptions))
    drawn: set[str] = set()
    cards: list[dict] = []
    for view in each_view(page, f"{corrupted.url}/{path}"):
        assert_healthy(page)
        wait_for_plotly(page)
        drawn |= set(page.evaluate(_DRAWN_CARDS_JS))
        broken_drawn = [k for k in sorted(lost) if page.locator(f".st-key-card_{k}").count()]
        assert not broken_drawn, f"view {view!r}: a broken chart drew"
        for card in error_cards(page):
            cards.append(card)
            corruption = next((c for c in corrupted.corruptions if c.card == card["title"]), None)
            if corruption is not None and corruption.page == path:
                alert = page.locator("[data-testid='stMain'] [data-testid='stAlertContentError']").filter(
                    has_text=f"the dataset {corruption.dataset} failed validation"
                )
                card_screenshot(
                    alert.first.locator("xpath=ancestor::div[@data-testid='stVerticalBlock'][1]"), corruption
                )
        for corruption in (c for c in corrupted.corruptions if c.page == path and c.metric):
            metric = page.locator("[data-testid='stMetric']", has_text=corruption.metric)
            assert metric.locator("[data-testid='stMetricValue']").inner_text().strip() == "unavailable"
            others = page.locator("[data-testid='stMetricValue']").all_inner_texts()
            assert len(others) >= 5 and sum(v.strip() != "unavailable" for v in others) == len(others) - 1
            card_screenshot(metric, corruption)
    assert not sorted(CHART_CARDS[path] - lost - drawn), "a chart on healthy data did not draw"
    assert not drawn & lost

    expected = {c.dataset for c in corrupted.corruptions if path in c.effects}
    assert {dataset_of(card) for card in cards} == expected
    for card in cards:
        assert "failed validation" in card["text"]
        assert card["header"][:3] == ["file", "line", "column"] and card["rows"], card

    for corruption in (c for c in corrupted.corruptions if c.page == path):
        file, line, column, rule = corrupted.first_issue[corruption.dataset]
        if corruption.line is not None:
            assert line == corruption.line
        if corruption.column is not None:
            assert column == corruption.column
        if corruption.metric:
            continue
        mine = [card for card in cards if card["title"] == corruption.card]
        assert len(mine) == 1, [card["title"] for card in cards]
        first_row = mine[0]["rows"][0]
        assert first_row[0] == file and file.startswith("data/"), first_row
        assert first_row[1] == ("" if line is None else str(line)), first_row
        assert first_row[2] == (column or ""), first_row
        if "rule" in mine[0]["header"]:  # the grid only renders the columns in view
            rules = [row[mine[0]["header"].index("rule")] for row in mine[0]["rows"]]
            assert rule in rules, mine[0]["rows"]


# --------------------------------------------------------------------------------------------
# Hostile links
# --------------------------------------------------------------------------------------------

# Every parameter each page reads (`url_state.seed/initial` in app/); test_params_table_is_complete keeps
# this in step with the code.
PARAMS: dict[str, list[str]] = {
    "": ["sector"],
    "value-added": ["sector", "years", "units", "log", "countries", "measure"],
    "key-products": ["sector", "view"],
    "little-giants": ["sector", "view"],
    "clusters": ["sector", "view", "q", "field", "province", "cohort", "confidence"],
    "fact-check": ["sector", "verdict"],
    "sources": ["sector", "vintage_indicator"],
}
PINNED_VIEW = {"value-added": "comparison", "sources": "revisions"}
"""Pages whose parameters are read by one view only: their hostile links name that view (a bad `view` is
tried on the other pages)."""
LONG_PARAM = {
    "value-added": "countries",
    "clusters": "q",
    "fact-check": "verdict",
    "sources": "vintage_indicator",
}
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


def test_params_table_is_complete() -> None:
    """Every parameter the app reads from the URL is exercised below."""
    source = "\n".join(p.read_text() for p in (REPO_ROOT / "app").rglob("*.py"))
    read = set(re.findall(r"controls\.(?:choice|choices|flag|text|year_range)\(\s*\"(\w+)\"", source))
    read.discard("")
    if "url_state.seed(SECTOR_KEY" in source:
        read.add("sector")
    if "param=VIEW_PARAM" in source:
        read.add("view")
    assert read == {p for params in PARAMS.values() for p in params}


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


def hostile_links(path: str) -> dict[str, list[tuple[str, str]]]:
    params = PARAMS[path]
    long_param = LONG_PARAM.get(path, "sector")
    return {
        "markup, repeated keys": [(p, value) for p in params for value in MARKUP],
        "20,000 characters, wrong types": [
            (p, value) for p in params for value in ([LONG] if p == long_param else []) + WRONG_TYPES
        ],
    }


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "overview")
def test_hostile_links(app_server: str, page: Page, dialogs: list[str], path: str) -> None:
    visit(page, f"{app_server}/{path}")
    assert_healthy(page)
    clean = dangerous_counts(page)
    clean_charts = wait_for_plotly(page)
    for label, pairs in hostile_links(path).items():
        pinned = [("view", PINNED_VIEW[path])] if path in PINNED_VIEW else []
        url = f"{app_server}/{path}?{urlencode(pinned + pairs)}"
        assert len(url) < 60_000, "keep links under the server's request-line limit"
        visit(page, url)
        assert_healthy(page)
        assert dialogs == [], label
        found = notices(page)
        missing = set(PARAMS[path]) - set(found)
        assert not missing, f"{label}: no notice for {missing}"
        for param, notice in found.items():
            assert set(notice["tags"]) <= {"P", "CODE"}, f"{label}/{param}: live markup {notice['tags']}"
            assert len(notice["text"]) < 800, f"{label}/{param}: notice of {len(notice['text'])} characters"
            if label.startswith("markup") and param not in {"q", "years"}:
                shown = [value for value in MARKUP if value in notice["text"]]
                assert shown == MARKUP, f"{param}: values not shown literally: {notice['text']}"
        after = dangerous_counts(page)
        assert all(after[name] <= clean[name] for name in DANGEROUS), (label, clean, after)
        html = page.locator("[data-testid='stApp']").inner_html()
        assert not [snippet for snippet in LIVE_HTML if snippet in html], label
        left = parse_qs(urlparse(page.url).query)
        kept = {"q"} | ({"view"} if path in PINNED_VIEW else set())
        assert not (set(left) - kept), f"{label}: rejected values stayed in the address bar: {sorted(left)}"
        if "q" in PARAMS[path]:  # free text: the first value is kept if short enough, as plain text
            search = page.get_by_label("Search names (Chinese or English) and cities")
            assert search.input_value() == (MARKUP[0] if label.startswith("markup") else "")
        assert wait_for_plotly(page) >= min(clean_charts, 1)
        if path == "value-added" and label.startswith("markup"):
            screenshot(page, "robustness_hostile_link_value_added")
