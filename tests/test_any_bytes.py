"""Any bytes in a data file give a reported issue, never an exception (property-based, with Hypothesis).

A file's bytes are outside our control: a dataset re-saved by a spreadsheet on a Chinese-language Windows
machine (GBK, CR line endings), a UTF-16 export, a truncated copy or random garbage must each become an issue
naming the file, line and column where it can, while every other dataset keeps loading.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from industrial_base import rules
from industrial_base.__main__ import main as cli
from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR, DataPackage
from industrial_base.validation import split_cells

SHIPPED = load_package(DEFAULT_DATA_DIR)
RESOURCES = sorted(SHIPPED.tables)
TABLES = sorted(name for name in RESOURCES if "schema" in SHIPPED.resource(name))
BOUNDED = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
"""Tens of examples per property, no deadline: the suite's time stays bounded."""


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One copy of data/ for the whole module; each example rewrites one file and the test puts it back."""
    target = tmp_path_factory.mktemp("any_bytes") / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    yield target


def loaded_with(copy: Path, name: str, content: bytes) -> DataPackage:
    """The package with resource `name`'s file replaced by `content` (restored afterwards)."""
    path = copy / SHIPPED.resource(name)["path"]
    original = path.read_bytes()
    path.write_bytes(content)
    try:
        return load_package(copy)
    finally:
        path.write_bytes(original)


def assert_only_it_broke(package: DataPackage, name: str) -> None:
    """The broken resource has an error naming its file; every other resource still loads."""
    file = f"data/{SHIPPED.resource(name)['path']}"
    errors = package.tables[name].errors
    assert errors, f"{name} loaded from content that is not its table"
    assert all(issue.file == file for issue in errors), [str(issue) for issue in errors]
    assert [other for other, result in package.tables.items() if other != name and not result.ok] == []


@BOUNDED
@given(name=st.sampled_from(RESOURCES), content=st.binary(max_size=3000))
def test_arbitrary_bytes_in_any_resource(copy: Path, name: str, content: bytes) -> None:
    assert_only_it_broke(loaded_with(copy, name, content), name)


CELL_CHARACTERS = list("abcxyz 019.-+=,;:'\"\t") + list("中国制造业增加值小巨人")
"""Letters, digits, separators and quotes, and Chinese (GBK encodes every one of them)."""
LINE_ENDINGS = ["\n", "\r\n", "\r"]
ENCODINGS = ["utf-8", "utf-8-sig", "gbk", "utf-16"]


@st.composite
def csv_shaped(draw: st.DrawFn, header: list[str] | None = None) -> bytes:
    """Rows of cells joined by commas (quotes and separators inside cells left as drawn, so some rows are
    malformed), each row ended by LF, CRLF or CR (mixed within a file), in a random encoding. With `header`,
    the first row is that header, ended as the rest."""
    cell = st.text(alphabet=CELL_CHARACTERS, max_size=10)
    rows = draw(st.lists(st.lists(cell, min_size=1, max_size=7), max_size=8))
    if header is not None:
        rows = [header, *rows]
    text = "".join(",".join(row) + draw(st.sampled_from(LINE_ENDINGS)) for row in rows)
    return text.encode(draw(st.sampled_from(ENCODINGS)))


@BOUNDED
@given(name=st.sampled_from(RESOURCES), content=csv_shaped())
def test_csv_shaped_text_in_any_encoding_and_line_ending(copy: Path, name: str, content: bytes) -> None:
    assert_only_it_broke(loaded_with(copy, name, content), name)


@settings(BOUNDED, max_examples=25)
@given(data=st.data(), name=st.sampled_from(TABLES))
def test_the_real_header_with_random_rows_never_raises(copy: Path, data: st.DataObject, name: str) -> None:
    """Rows that may pass the schema reach the foreign keys and the domain rules: those report, never raise.
    (A rule reading two tables may rightly report on the other one, so only "it returns" is asserted, and
    that every issue names a file of the package.)"""
    header = [field["name"] for field in SHIPPED.resource(name)["schema"]["fields"]]
    package = loaded_with(copy, name, data.draw(csv_shaped(header)))
    files = {f"data/{resource['path']}" for resource in SHIPPED.descriptor["resources"]}
    assert {issue.file for issue in package.issues} <= files


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(BOUNDED, max_examples=30)
@given(
    content=st.binary(max_size=500)
    | JSON.map(lambda doc: json.dumps(doc).encode())
    | st.lists(JSON, max_size=3).map(lambda r: json.dumps({"name": "x", "resources": r}).encode())
)
def test_any_descriptor_is_a_reported_problem(copy: Path, content: bytes) -> None:
    path = copy / "datapackage.json"
    original = path.read_bytes()
    path.write_bytes(content)
    try:
        package = load_package(copy)
    finally:
        path.write_bytes(original)
    assert {issue.file for issue in package.package_issues} <= {"data/datapackage.json"}
    assert not package.tables, "no resource of ours is described by random content"


# --- the realistic cases, named ---------------------------------------------------------------------------


def spreadsheet_copy(name: str) -> bytes:
    """The resource as a spreadsheet on a Chinese-language Windows machine saves it: GBK, CR line endings."""
    text = (DEFAULT_DATA_DIR / SHIPPED.resource(name)["path"]).read_text(encoding="utf-8")
    return text.replace("\n", "\r").encode("gbk", errors="replace")


@pytest.mark.parametrize("name", TABLES)
def test_gbk_with_cr_line_endings_in_every_table(copy: Path, name: str) -> None:
    """Every table, re-saved as GBK with CR line endings: reported with what to do; nothing else breaks. A
    table without Chinese text is the same bytes in GBK as in UTF-8, so only its line endings are said."""
    package = loaded_with(copy, name, spreadsheet_copy(name))
    issues = package.tables[name].issues
    assert "line-endings" in {issue.rule for issue in issues}
    if package.tables[name].errors:
        assert_only_it_broke(package, name)
        encoding = next(issue for issue in issues if issue.rule == "utf-8")
        assert "GBK" in encoding.message and "re-save it as UTF-8" in encoding.message
        assert encoding.line is not None and encoding.line > 1, "lines counted at CR, as an editor does"
        assert encoding.column in split_cells(spreadsheet_copy(name).split(b"\r")[0].decode())
    else:
        assert package.tables[name].ok


def test_gbk_names_the_line_and_column_of_the_first_chinese_cell(copy: Path) -> None:
    package = loaded_with(copy, "lg_province_b1b2", spreadsheet_copy("lg_province_b1b2"))
    first = package.tables["lg_province_b1b2"].errors[0]
    assert (first.rule, first.line, first.column) == ("utf-8", 2, "province_zh")
    assert "Chinese-language Windows" in first.message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("adcode,name\n北京,1\n".encode("utf-16"), "UTF-16"),
        ("adcode,name\n北京,1\n".encode("utf-16-le"), "UTF-16"),
        (b"adcode,name\n1,a\x00b\n", "NUL"),
        (b"adcode,\xff\xfe\n", "not valid UTF-8"),
    ],
    ids=["utf-16 with mark", "utf-16 without mark", "NUL", "stray bytes"],
)
def test_encoding_problems_say_what_to_do(copy: Path, content: bytes, message: str) -> None:
    issues = loaded_with(copy, "provinces", content).tables["provinces"].errors
    assert issues[0].rule == "utf-8" and message in issues[0].message and "UTF-8" in issues[0].message


def test_a_cr_file_that_is_otherwise_fine_loads_with_a_warning(copy: Path) -> None:
    text = (DEFAULT_DATA_DIR / "lg_batches.csv").read_text(encoding="utf-8")
    result = loaded_with(copy, "lg_batches", text.replace("\n", "\r").encode()).tables["lg_batches"]
    assert result.ok and len(result.frame) == len(SHIPPED.table("lg_batches"))
    assert [(i.rule, i.severity, i.line) for i in result.issues] == [("line-endings", "warning", 1)]


def test_lines_are_counted_at_lf_crlf_and_cr(copy: Path) -> None:
    """A type error on the fourth row is on line 5, whichever line endings the file uses."""
    lines = (DEFAULT_DATA_DIR / "lg_batches.csv").read_text(encoding="utf-8").splitlines()
    header = split_cells(lines[0])
    cells = split_cells(lines[4])
    cells[header.index("count")] = "many"
    lines[4] = ",".join(cells)
    for ending in LINE_ENDINGS:
        content = ending.join(lines).encode() + ending.encode()
        errors = loaded_with(copy, "lg_batches", content).tables["lg_batches"].errors
        assert [(e.rule, e.line, e.column) for e in errors] == [("type", 5, "count")], ending


@pytest.mark.parametrize("line", ["", "a", 'a,"b,c",d', 'a,"b', '""', "a\rb", ",,"])
def test_split_cells_never_raises(line: str) -> None:
    cells = split_cells(line)
    assert len(cells) == 1 + sum(1 for i, c in enumerate(line) if c == "," and line[:i].count('"') % 2 == 0)


def test_the_validator_cli_reports_a_gbk_cr_file(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = copy / SHIPPED.resource("clusters")["path"]
    original = path.read_bytes()
    path.write_bytes(spreadsheet_copy("clusters"))
    try:
        assert cli(["validate", str(copy)]) == 1
    finally:
        path.write_bytes(original)
    out = capsys.readouterr().out
    assert "FAIL clusters" in out and "GBK" in out and "bare CR" in out
    assert out.count("FAIL") == 1, "only the broken dataset fails"


def test_a_rule_that_fails_on_odd_rows_becomes_an_issue(monkeypatch: pytest.MonkeyPatch) -> None:
    """A domain rule meets rows its author did not foresee: an issue on its resource, not an exception."""

    def brittle(frames: dict, file: str) -> list:
        return [frames["lg_batches"].iloc[10_000]]  # IndexError on any real table

    monkeypatch.setattr(rules, "RULES", [rules.Rule("a brittle rule", ("lg_batches",), brittle)])
    package = load_package(DEFAULT_DATA_DIR)
    [issue] = package.tables["lg_batches"].errors
    assert issue.rule == "rule-failed" and "a brittle rule" in issue.message and "IndexError" in issue.message
