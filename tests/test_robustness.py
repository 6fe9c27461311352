"""Robustness, in-process (AppTest): bad data, hostile links, safe downloads, no raw HTML.

The browser tests (tests/browser/test_robustness_browser.py) try one corruption class per page in
Chromium; the classes they do not cover are tried here, each on a page that uses the broken file. Hostile
links are tried on every parameter of every page, class by class (the browser tests combine them per page).
See docs/robustness.md for the full list and results.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import re
import shutil
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.state import DATA_DIR_ENV
from declared import default, taken_down
from industrial_base import links
from industrial_base.i18n import Messages
from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR, DataPackage
from industrial_base.provenance import FORMULA_PREFIXES
from industrial_base.registry import Control, Kind, Page, View
from test_pages import (
    APP_DIR,
    ENTRYPOINT,
    PAGE_IDS,
    PAGES,
    VIEW_IDS,
    VIEWS,
    every_view,
    open_downloads,
    open_page,
    open_view,
    view_ids,
)
from test_validation import rewrite, schema_of

# --------------------------------------------------------------------------------------------
# Bad data: the corruption classes the browser tests do not try
# --------------------------------------------------------------------------------------------


def path_of(data_dir: Path, name: str) -> Path:
    return data_dir / schema_of(data_dir, name)["path"]


def add_column(data_dir: Path, name: str) -> None:
    def add(rows: list[list[str]]) -> None:
        rows[0].append("surprise")
        for row in rows[1:]:
            row.append("x")

    rewrite(data_dir, name, add)


def set_cell(name: str, line: int, column: str, value: str) -> Callable[[Path], None]:
    return lambda data_dir: rewrite(
        data_dir, name, lambda rows: rows[line - 1].__setitem__(rows[0].index(column), value)
    )


@dataclass(frozen=True)
class Case:
    kind: str
    dataset: str
    apply: Callable[[Path], None]
    page: str
    """The page (id) it is tried on; the chart cards it takes down there follow from the views' `reads`."""
    rule: str
    line: int | None
    column: str | None


CASES = [
    Case(
        "UTF-8 byte-order mark",
        "lg_key_support",
        lambda d: path_of(d, "lg_key_support").write_bytes(
            b"\xef\xbb\xbf" + path_of(d, "lg_key_support").read_bytes()
        ),
        page="little_giants",
        rule="no-bom",
        line=1,
        column=None,
    ),
    Case(
        "extra column",
        "lg_regions",
        lambda d: add_column(d, "lg_regions"),
        page="little_giants",
        rule="extra-column",
        line=1,
        column="surprise",
    ),
    Case(
        "wrong type",
        "china_share_world_mva",
        set_cell("china_share_world_mva", 3, "value_pct", "lots"),
        page="value_added",
        rule="type",
        line=3,
        column="value_pct",
    ),
    Case(
        "unknown province code",
        "lg_province_b1b2",
        set_cell("lg_province_b1b2", 2, "adcode", "999999"),
        page="little_giants",
        rule="foreign-key",
        line=2,
        column="adcode",
    ),
    Case(
        "empty file",
        "wdi_vintages",
        lambda d: path_of(d, "wdi_vintages").write_bytes(b""),
        page="sources",
        rule="non-empty",
        line=1,
        column=None,
    ),
    Case(
        "header only",
        "key_products_examples",
        lambda d: rewrite(d, "key_products_examples", lambda rows: rows.__delitem__(slice(1, None))),
        page="key_products",
        rule="has-rows",
        line=1,
        column=None,
    ),
]


@pytest.fixture(scope="module")
def corrupted_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of data/ with every case applied; each breaks a different dataset."""
    copy = tmp_path_factory.mktemp("robustness") / "data"
    shutil.copytree(DEFAULT_DATA_DIR, copy)
    for case in CASES:
        case.apply(copy)
    package = load_package(copy)
    assert {n for n, r in package.tables.items() if not r.ok} == {c.dataset for c in CASES}
    return copy


@pytest.fixture
def on_corrupted_copy(corrupted_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(DATA_DIR_ENV, str(corrupted_copy))
    return corrupted_copy


def chart_keys(at: AppTest) -> set[str]:
    """Keys of the chart cards drawn (`st.plotly_chart(key=f"chart_{key}")`)."""
    return {chart.proto.id.rsplit("-chart_", 1)[-1] for chart in at.get("plotly_chart")}


@cache
def clean_chart_keys(page: str) -> frozenset[str]:
    """The chart cards the page draws on the shipped data, over all its views."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(DATA_DIR_ENV, raising=False)
        return frozenset().union(*(chart_keys(at) for _, at in every_view(page)))


def failed_datasets(at: AppTest) -> set[str]:
    """Datasets named by the error cards of the page ("the dataset `X` failed validation")."""
    return {
        match.group(1)
        for error in at.error
        if (match := re.search(r"the dataset `(\w+)` failed validation", error.value))
    }


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.kind)
def test_bad_data_class_becomes_an_error_card(case: Case, on_corrupted_copy: Path) -> None:
    """Over every view of the page: the broken dataset's error card names file, line and column, and every
    chart whose data is fine still draws."""
    clean = clean_chart_keys(case.page)
    failed: set[str] = set()
    drawn: set[str] = set()
    tables: list[pd.DataFrame] = []
    file = f"data/{schema_of(on_corrupted_copy, case.dataset)['path']}"
    for view, at in every_view(case.page):
        assert not at.exception, (view, [e.message for e in at.exception])
        failed |= failed_datasets(at)
        drawn |= chart_keys(at)
        tables += [
            df.value for df in at.dataframe if "rule" in df.value.columns and df.value["file"].iloc[0] == file
        ]
    assert case.dataset in failed
    assert tables, "the error card lists the issues with file, line and column"
    first = tables[0].iloc[0]
    assert first["rule"] == case.rule
    assert (None if pd.isna(first["line"]) else int(first["line"])) == case.line
    assert (None if pd.isna(first["column"]) else first["column"]) == case.column
    lost_here = set().union(*(taken_down(c.dataset) for c in CASES)) & clean
    assert lost_here == {key for key in clean if any(key in taken_down(c.dataset) for c in CASES)}
    assert drawn == clean - lost_here, "every chart whose data is fine still draws"


@pytest.mark.parametrize(("page", "view"), VIEWS, ids=VIEW_IDS)
def test_every_view_runs_on_the_corrupted_copy(page: Page, view: View, on_corrupted_copy: Path) -> None:
    at = open_view(page, view.id)
    assert not at.exception, [e.message for e in at.exception]
    assert failed_datasets(at) <= {c.dataset for c in CASES}
    broken = {c.dataset for c in CASES} & set(view.needs)
    assert (view.key in chart_keys(at)) == (view.chart is not None and not broken), (
        "lost only if it needs one"
    )


# --------------------------------------------------------------------------------------------
# Hostile links
# --------------------------------------------------------------------------------------------


def covering_views(page: Page) -> list[View]:
    """Views that between them draw every control of the page (a page-wide one is read on every view), the
    first that adds a control each time."""
    chosen: list[View] = []
    seen: set[str] = set()
    for view in page.views:
        keys = {control.key for control in view.controls}
        if keys - seen:
            chosen.append(view)
            seen |= keys
    return chosen


CONTROL_VIEWS = [(page, view) for page in PAGES for view in covering_views(page)]
"""Each page's controls, on views that draw them (from the registry)."""
VIEW_PAGES = [page for page in PAGES if len(page.views) > 1]
"""Pages drawn one view at a time (`dashboard.page`, parameter `view`)."""
MARKUP = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "$x$",
    "[link](javascript:alert(1))",
    "https://evil.example",
    ":red[red] **bold** :material/home:",
]
HOSTILE: dict[str, list[str]] = {
    "unknown value": ["nonexistent"],
    "20,000 characters": ["x" * 19_975 + MARKUP[0]],
    "markup, repeated keys": MARKUP,
    "wrong type": ["abc"],
    "unicode digits": ["²", "２０１５"],
    "huge number": ["9" * 5000, "2015"],
    "control characters, backticks": ["a\nb\r\u202e`c``d"],
    "150 repeated keys": ["nonexistent"] * 150,  # x 5 parameters stays under Streamlit's 1,000-field limit
}
CODE_SPAN = re.compile(r"(`+) (.*?) \1", re.DOTALL)
EN = Messages()


@cache
def shipped() -> DataPackage:
    return load_package(DEFAULT_DATA_DIR)


def test_every_link_parameter_is_declared() -> None:
    """The app binds widgets to the link only through `dashboard.url_state`, and calls it only for a declared
    control (`dashboard.controls`), the view picker (`view`), the language and the sidebar's sectors: no
    parameter is read that the registry does not name, so the batteries below cover them all."""
    callers = {
        str(path.relative_to(APP_DIR))
        for path in APP_DIR.rglob("*.py")
        if re.search(r"url_state\.(seed|initial)\(", path.read_text()) and path.name != "url_state.py"
    }
    assert callers == {"dashboard/controls.py", "dashboard/page.py", "dashboard/state.py"}
    readers = [p.name for p in APP_DIR.rglob("*.py") if re.search(r"\bst\.query_params", p.read_text())]
    assert sorted(readers) == ["card.py", "url_state.py"], "only the binding and the permalinks read the link"


def notice_for(at: AppTest, param: str) -> str | None:
    found = [
        w.value for w in at.warning if w.value.startswith(f"Ignored part of the link: parameter '{param}'")
    ]
    assert len(found) <= 1, found
    return found[0] if found else None


def assert_inert(notice: str, values: list[str]) -> None:
    """Bounded, and every value from the link sits inside a code span (no markdown, LaTeX or links)."""
    assert len(notice) < 800, f"notice of {len(notice)} characters"
    outside = CODE_SPAN.sub("", notice)
    for value in values:
        for piece in {
            value[:40],
            "<script",
            "<img",
            "javascript:",
            "$x$",
            "](",
            "https:",
            ":red[",
            "\n",
            "\u202e",
        }:
            if piece in value:
                assert piece not in outside, f"{piece!r} outside a code span: {notice!r}"


def expects_notice(control: Control, values: list[str]) -> bool:
    """A free-text search accepts one short value; everything else here is invalid for every parameter."""
    return not (control.kind is Kind.TEXT and len(values) == 1 and len(values[0]) <= control.max_chars)


@pytest.mark.parametrize("kind", HOSTILE)
@pytest.mark.parametrize(("page", "view"), CONTROL_VIEWS, ids=[f"{p.id}-{v.id}" for p, v in CONTROL_VIEWS])
def test_hostile_link(page: Page, view: View, kind: str) -> None:
    values = HOSTILE[kind]
    params = [control.key for control in view.controls]
    query: dict[str, str | list[str]] = {param: values for param in params}
    if view is not page.views[0]:
        query["view"] = view.id
    at = open_page(page, query)
    assert not at.exception, [e.message for e in at.exception]
    for control in view.controls:
        notice = notice_for(at, control.key)
        if expects_notice(control, values):
            assert notice is not None, f"no notice for '{control.key}'"
            assert_inert(notice, values)
        else:
            assert notice is None
            assert at.session_state[control.key] == values[0], "the search box holds the text as typed"
        if control.kind in (Kind.CHOICE, Kind.CHOICES, Kind.FLAG):  # the ignored values leave the default
            held = at.session_state[control.key]
            assert (tuple(held) if isinstance(held, list) else held) == default(control, EN, shipped())


@pytest.mark.parametrize("kind", HOSTILE)
@pytest.mark.parametrize("page", VIEW_PAGES, ids=[page.id for page in VIEW_PAGES])
def test_hostile_view_link(page: Page, kind: str) -> None:
    """A bad `view` is shown only as literal text in the notice, and the page opens on its first view."""
    values = HOSTILE[kind]
    at = open_page(page, {"view": values})
    assert not at.exception, [e.message for e in at.exception]
    notice = notice_for(at, "view")
    assert notice is not None, "no notice for 'view'"
    assert_inert(notice, values)
    assert at.session_state[f"pageview_{page.id}"] == page.views[0].id == view_ids(at)[0]
    assert "view" not in at.query_params


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_sector_link(kind: str) -> None:
    """The sidebar's sector filter, on the page a link lands on (AppTest runs the default page)."""
    values = HOSTILE[kind]
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    at.query_params["sector"] = values
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.multiselect(key="sector").value == []
    notice = notice_for(at, "sector")
    assert notice is not None
    assert_inert(notice, values)


def test_many_repeated_keys_give_a_short_notice() -> None:
    at = open_page("value_added", {"units": [f"u{i}" for i in range(900)]})
    notice = notice_for(at, "units")
    assert notice is not None and "894 more problem(s)" in notice and len(notice) < 800


def test_links_beyond_streamlits_limits_are_dropped_whole() -> None:
    """Streamlit ignores a query string of more than 1,000 fields or 512 Ki characters (server log only),
    so such a link opens the page in its default state, without a notice."""
    at = open_page("value_added", {"units": ["yoy"] * 1001})
    assert not at.exception and not at.warning
    assert at.session_state["units"] == "level"


@pytest.mark.parametrize(
    "years", [["²", "2015"], ["9" * 5000, "2015"], ["２０１５", "2016"], ["+2015", "2016"]]
)
def test_year_range_rejects_non_ascii_and_huge_numbers(years: list[str]) -> None:
    """`"²".isdigit()` is true but `int("²")` raises; `int()` of 5,000 digits raises too."""
    value, problems = links.year_range(2012, 2025)(EN, years)
    assert value is None and problems


@pytest.mark.parametrize(
    "value", ["plain", "a`b", "``x``", "`", " padded ", "tab\there", "new\nline", "\u202eevil", "x" * 100]
)
def test_shown_is_one_literal_code_span(value: str) -> None:
    text = links.shown(value)
    match = re.fullmatch(r"(`+) (.*) \1", text, re.DOTALL)
    assert match, text
    inner = match.group(2)
    assert all(len(run) < len(match.group(1)) for run in re.findall("`+", inner)), (
        "the fence cannot close early"
    )
    assert "\n" not in inner and "\t" not in inner and "\u202e" not in inner
    assert inner == links.shorten(value).translate({0x0A: 0xFFFD, 0x09: 0xFFFD, 0x202E: 0xFFFD})


# --------------------------------------------------------------------------------------------
# No raw HTML anywhere
# --------------------------------------------------------------------------------------------


def test_no_raw_html_in_the_app() -> None:
    """Nothing in app/ renders raw HTML: every string reaches the browser through escaping markdown."""
    offenders = [
        f"{path.relative_to(APP_DIR)}:{number}: {line.strip()}"
        for path in sorted(APP_DIR.rglob("*"))
        if path.suffix in {".py", ".toml"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"unsafe_allow_html|st\.html\(|components\.v1|components\.html", line)
    ]
    assert offenders == []


# --------------------------------------------------------------------------------------------
# Downloads
# --------------------------------------------------------------------------------------------

SAFE_BUILDERS = {"to_safe_csv", "metadata_json", "package_zip", "render"}
"""`render` draws a chart picture (PNG, SVG: nothing a spreadsheet runs; tests/test_export.py)."""
PICTURES = {"image/png", "image/svg+xml"}


def download_calls() -> list[tuple[str, ast.Call]]:
    calls = []
    for path in sorted(APP_DIR.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == (
                "download_button"
            ):
                calls.append((f"{path.relative_to(APP_DIR)}:{node.lineno}", node))
    return calls


def builder_name(call: ast.Call) -> str | None:
    """The function a download's `data=lambda: BUILDER(...)` calls, if that is its form."""
    data = next((k.value for k in call.keywords if k.arg == "data"), None)
    if not isinstance(data, ast.Lambda) or not isinstance(data.body, ast.Call):
        return None
    func = data.body.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def test_every_download_button_uses_a_safe_builder() -> None:
    """Each st.download_button in app/ builds its file lazily through to_safe_csv, metadata_json or
    package_zip, and every CSV through to_safe_csv (the spreadsheet-formula-safe writer)."""
    calls = download_calls()
    assert len(calls) >= 4
    for where, call in calls:
        builder = builder_name(call)
        assert builder in SAFE_BUILDERS, f"{where}: data= does not go through {sorted(SAFE_BUILDERS)}"
        mime = next((getattr(k.value, "value", None) for k in call.keywords if k.arg == "mime"), None)
        if mime == "text/csv":
            assert builder == "to_safe_csv", where
        if builder == "render":
            assert mime is None or mime in PICTURES, where  # `mime` comes with the format: png or svg


INJECTED = {
    # page: (dataset, line, column, formula); each text field is free text in its schema. The validator
    # already rejects text starting with = + @ tab or CR, so what can reach an export is a '-' formula.
    "clusters": ("clusters", 2, "name_en_unofficial", '-1+HYPERLINK("http://evil.example","x")'),
    "little_giants": ("lg_cities", 2, "city", "-SUM(1+1)"),
    "key_products": ("key_products_examples", 2, "metric", "-2+3"),
}


@pytest.fixture
def formula_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    copy = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, copy)
    for dataset, line, column, formula in INJECTED.values():
        set_cell(dataset, line, column, formula)(copy)
    assert load_package(copy).errors == []
    monkeypatch.setenv(DATA_DIR_ENV, str(copy))
    yield copy


def unsafe_cells(payload: bytes) -> list[str]:
    """Cells a spreadsheet would run as a formula: starting with = + - @ tab or CR and not a number."""
    found = []
    for row in csv.reader(io.StringIO(payload.decode("utf-8"), newline="")):
        for cell in row:
            if cell.startswith(FORMULA_PREFIXES):
                try:
                    float(cell)
                except ValueError:
                    found.append(cell)
    return found


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_download_buttons_neutralise_formulas(
    page: Page, formula_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run the page with st.download_button recorded, then build every file the reader could download."""
    recorded: list[dict[str, Any]] = []

    def record(label: str, data: Any = None, **kwargs: Any) -> bool:
        recorded.append({"label": label, "data": data, **kwargs})
        return False

    monkeypatch.setattr(st, "download_button", record)
    for view, at in every_view(page):
        open_downloads(at)
        assert not at.exception, (view, [e.message for e in at.exception])
    # The overview has no chart card (its figures are metrics); every other page offers downloads.
    assert bool(recorded) == any(v.chart for v in page.views), "a page with a chart offers downloads"
    csv_text = ""
    for button in recorded:
        if button["mime"] in PICTURES:
            continue  # a picture of the chart, drawn by a browser (tests/test_export.py)
        payload = button["data"]() if callable(button["data"]) else button["data"]
        assert isinstance(payload, bytes), button["label"]
        if button["mime"] == "text/csv":
            assert unsafe_cells(payload) == [], f"{button['label']}: {unsafe_cells(payload)[:3]}"
            csv_text += payload.decode("utf-8")
        elif button["mime"] == "application/json":
            json.loads(payload)
        elif button["mime"] == "application/zip":
            # The package zip ships the data files unchanged: they are the validated source of truth.
            with zipfile.ZipFile(io.BytesIO(payload)) as archive:
                assert archive.read("datapackage.json") == (formula_copy / "datapackage.json").read_bytes()
        else:
            pytest.fail(f"{button['label']}: unexpected mime type {button['mime']}")
    if page.id in INJECTED:
        formula = INJECTED[page.id][3]
        assert "'" + formula.replace('"', '""') in csv_text, "the injected formula is exported, neutralised"
