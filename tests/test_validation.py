"""The validator on the shipped data and on each class of corruption, applied to a temporary copy."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from industrial_base.__main__ import main as cli
from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR, DataPackage
from industrial_base.validation import Issue

TARGET = "lg_batches"  # a mid-sized table with integer, enum, required and primary-key fields


@pytest.fixture(scope="module")
def shipped() -> DataPackage:
    return load_package(DEFAULT_DATA_DIR)


def schema_of(data_dir: Path, name: str) -> dict:
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    return next(r for r in descriptor["resources"] if r["name"] == name)


def rewrite(data_dir: Path, name: str, change: Callable[[list[list[str]]], None]) -> Path:
    """Parse a resource's CSV, let `change` edit the rows (header first) in place, write it back."""
    path = data_dir / schema_of(data_dir, name)["path"]
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    change(rows)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def issues_for(data_dir: Path, name: str) -> list[Issue]:
    package = load_package(data_dir)
    return package.tables[name].errors


def only_target_broken(data_dir: Path, name: str) -> None:
    """The broken dataset fails; every dataset that does not depend on it still loads."""
    package = load_package(data_dir)
    assert package.tables[name].frame is None
    healthy = [n for n, r in package.tables.items() if n != name and r.ok]
    assert len(healthy) >= len(package.tables) - 2, [n for n, r in package.tables.items() if not r.ok]


def field_names(data_dir: Path, name: str, field_type: str | None = None) -> list[str]:
    fields = schema_of(data_dir, name)["schema"]["fields"]
    return [f["name"] for f in fields if field_type is None or f.get("type") == field_type]


# --- the shipped data ---


def test_shipped_package_is_valid(shipped: DataPackage) -> None:
    assert shipped.errors == [], "\n".join(map(str, shipped.errors))
    assert len(shipped.tables) >= 15
    assert all(result.ok for result in shipped.tables.values())


def test_every_csv_row_has_provenance(shipped: DataPackage) -> None:
    lookups = {"sectors", "provinces", "sector_map", "china_provinces"}
    for name, result in shipped.tables.items():
        if name in lookups or result.document is not None:
            continue
        frame = result.frame
        for column in ("source_url", "publisher", "confidence"):
            assert column in frame.columns, f"{name} lacks {column}"
        rated = frame["confidence"].notna() | frame["confidence_note"].notna()
        assert rated.all(), f"{name}: a row has neither a confidence nor a note saying why it is unrated"


def test_cli_reports_valid_package(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["validate", str(DEFAULT_DATA_DIR)]) == 0
    assert "datasets valid" in capsys.readouterr().out


# --- corruption classes: each is caught with file, line and column ---


def test_missing_column(data_copy: Path) -> None:
    column = field_names(data_copy, TARGET, "integer")[0]

    def drop(rows: list[list[str]]) -> None:
        index = rows[0].index(column)
        for row in rows:
            del row[index]

    rewrite(data_copy, TARGET, drop)
    issues = issues_for(data_copy, TARGET)
    assert any(i.rule == "missing-column" and i.column == column and i.line == 1 for i in issues)
    only_target_broken(data_copy, TARGET)


def test_extra_column(data_copy: Path) -> None:
    def add(rows: list[list[str]]) -> None:
        rows[0].append("surprise")
        for row in rows[1:]:
            row.append("x")

    rewrite(data_copy, TARGET, add)
    issues = issues_for(data_copy, TARGET)
    assert any(
        i.rule == "extra-column" and i.column == "surprise" and i.file.endswith(".csv") for i in issues
    )


def test_wrong_type_names_line_and_column(data_copy: Path) -> None:
    column = field_names(data_copy, TARGET, "integer")[0]

    def corrupt(rows: list[list[str]]) -> None:
        rows[3][rows[0].index(column)] = "twelve"

    rewrite(data_copy, TARGET, corrupt)
    issues = issues_for(data_copy, TARGET)
    match = [i for i in issues if i.rule == "type"]
    assert match and match[0].line == 4 and match[0].column == column and match[0].value == "twelve"
    assert "line 4" in str(match[0]) and column in str(match[0])
    only_target_broken(data_copy, TARGET)


def test_out_of_range_value(data_copy: Path) -> None:
    fields = schema_of(data_copy, TARGET)["schema"]["fields"]
    bounded = next(f for f in fields if "minimum" in f.get("constraints", {}))

    def corrupt(rows: list[list[str]]) -> None:
        rows[2][rows[0].index(bounded["name"])] = str(bounded["constraints"]["minimum"] - 1)

    rewrite(data_copy, TARGET, corrupt)
    issues = issues_for(data_copy, TARGET)
    assert any(i.rule == "minimum" and i.line == 3 and i.column == bounded["name"] for i in issues)


def test_duplicate_primary_key(data_copy: Path) -> None:
    rewrite(data_copy, TARGET, lambda rows: rows.append(list(rows[1])))
    issues = issues_for(data_copy, TARGET)
    duplicates = [i for i in issues if i.rule == "primary-key"]
    assert duplicates and duplicates[0].line is not None and duplicates[0].line > 2
    assert "first used on line 2" in duplicates[0].message


def test_unknown_sector_code(data_copy: Path) -> None:
    def corrupt(rows: list[list[str]]) -> None:
        rows[1][rows[0].index("sector_id")] = "spaceships"

    rewrite(data_copy, "clusters", corrupt)
    issues = issues_for(data_copy, "clusters")
    assert any(i.column == "sector_id" and i.line == 2 and i.value == "spaceships" for i in issues)
    only_target_broken(data_copy, "clusters")


def test_unknown_province_code(data_copy: Path) -> None:
    def corrupt(rows: list[list[str]]) -> None:
        rows[1][rows[0].index("adcode")] = "999999"

    rewrite(data_copy, "lg_province_b1b2", corrupt)
    issues = issues_for(data_copy, "lg_province_b1b2")
    assert any(
        i.rule == "foreign-key" and i.line == 2 and i.column == "adcode" and i.value == "999999"
        for i in issues
    )


def test_empty_file(data_copy: Path) -> None:
    (data_copy / schema_of(data_copy, TARGET)["path"]).write_bytes(b"")
    issues = issues_for(data_copy, TARGET)
    assert [i.rule for i in issues] == ["non-empty"]
    only_target_broken(data_copy, TARGET)


def test_header_only(data_copy: Path) -> None:
    rewrite(data_copy, TARGET, lambda rows: rows.__delitem__(slice(1, None)))
    issues = issues_for(data_copy, TARGET)
    assert any(i.rule == "has-rows" and i.line == 1 for i in issues)


def test_non_utf8_bytes(data_copy: Path) -> None:
    path = data_copy / schema_of(data_copy, TARGET)["path"]
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b",", b",\xff\xfe", 1)
    path.write_bytes(b"\n".join(lines))
    issues = issues_for(data_copy, TARGET)
    assert len(issues) == 1 and issues[0].rule == "utf-8" and issues[0].line == 3
    assert issues[0].column == field_names(data_copy, TARGET)[1]


def test_utf8_bom(data_copy: Path) -> None:
    path = data_copy / schema_of(data_copy, TARGET)["path"]
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    issues = issues_for(data_copy, TARGET)
    assert [i.rule for i in issues] == ["no-bom"] and issues[0].line == 1


def test_truncated_row(data_copy: Path) -> None:
    path = data_copy / schema_of(data_copy, TARGET)["path"]
    text = path.read_text(encoding="utf-8").rstrip("\n")
    last_comma = text.rfind(",", 0, text.rfind(",", 0, len(text)))
    path.write_text(text[:last_comma] + "\n", encoding="utf-8")
    issues = issues_for(data_copy, TARGET)
    truncated = [i for i in issues if i.rule == "row-length"]
    assert truncated and truncated[0].column in field_names(data_copy, TARGET)
    assert truncated[0].line == text.count("\n") + 1


def test_errors_are_collected_not_first_fail(data_copy: Path) -> None:
    column = field_names(data_copy, TARGET, "integer")[0]

    def corrupt(rows: list[list[str]]) -> None:
        for row in rows[1:4]:
            row[rows[0].index(column)] = "n/a"

    rewrite(data_copy, TARGET, corrupt)
    assert [i.line for i in issues_for(data_copy, TARGET) if i.rule == "type"] == [2, 3, 4]


def test_invalid_geojson_is_reported_and_isolated(data_copy: Path) -> None:
    geo = next(
        r
        for r in json.loads((data_copy / "datapackage.json").read_text())["resources"]
        if r.get("format") == "geojson"
    )
    (data_copy / geo["path"]).write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    package = load_package(data_copy)
    assert package.tables[geo["name"]].errors[0].rule == "geojson"
    assert package.tables["lg_province_b1b2"].ok


def test_broken_descriptor_is_a_clear_error(data_copy: Path) -> None:
    (data_copy / "datapackage.json").write_text("{not json", encoding="utf-8")
    package = load_package(data_copy)
    assert package.package_issues and "not valid JSON" in package.package_issues[0].message


def test_cli_exits_non_zero_and_names_the_problem(
    data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    column = field_names(data_copy, TARGET, "integer")[0]
    rewrite(data_copy, TARGET, lambda rows: rows[2].__setitem__(rows[0].index(column), "oops"))
    assert cli(["validate", str(data_copy)]) == 1
    out = capsys.readouterr().out
    assert f"FAIL {TARGET}" in out and "line 3" in out and f"column '{column}'" in out and "'oops'" in out


# --- domain rules ---


def test_published_sums_hold_on_shipped_data(shipped: DataPackage) -> None:
    batches = shipped.table("lg_batches")
    final = batches[batches["count_type"] == "announced_final"].set_index("batch")["count"]
    assert final[1] + final[2] + final[3] == 4762
    province = shipped.table("lg_province_b1b2")
    assert province["count"].sum() == 1832
    clusters = shipped.table("clusters")
    assert (clusters["cohort"] == 2021).sum() == 25 and clusters["cohort"].isin([2021, 2022]).sum() == 45


def test_broken_published_sum_is_flagged(data_copy: Path) -> None:
    def change(rows: list[list[str]]) -> None:
        header = rows[0]
        for row in rows[1:]:
            if row[header.index("batch")] == "3" and row[header.index("count_type")] == "announced_final":
                row[header.index("count")] = "2931"

    rewrite(data_copy, TARGET, change)
    issues = issues_for(data_copy, TARGET)
    assert any(i.rule == "published-sum" and "4,763" in i.message and "4,762" in i.message for i in issues)


def test_missing_cluster_row_is_flagged(data_copy: Path) -> None:
    rewrite(data_copy, "clusters", lambda rows: rows.__delitem__(5))
    issues = issues_for(data_copy, "clusters")
    assert any(i.rule == "published-count" and "25" in i.message for i in issues)


def test_wrong_derivation_is_flagged(data_copy: Path) -> None:
    def change(rows: list[list[str]]) -> None:
        rows[3][rows[0].index("value_100m_cny")] = "1.0"

    rewrite(data_copy, "china_mva_cny_derived_wdi", change)
    issues = issues_for(data_copy, "china_mva_cny_derived_wdi")
    assert any(i.rule == "derivation" and i.line == 4 for i in issues)


def test_formula_like_text_is_rejected(data_copy: Path) -> None:
    column = field_names(data_copy, TARGET, "string")[-1]
    rewrite(data_copy, TARGET, lambda rows: rows[2].__setitem__(rows[0].index(column), "=HYPERLINK(1)"))
    issues = issues_for(data_copy, TARGET)
    assert any(i.rule == "formula-like" and i.line == 3 and i.column == column for i in issues)


def test_a_missing_column_is_reported_once(data_copy: Path) -> None:
    column = field_names(data_copy, TARGET, "string")[0]

    def drop(rows: list[list[str]]) -> None:
        index = rows[0].index(column)
        for row in rows:
            del row[index]

    rewrite(data_copy, TARGET, drop)
    assert [i.rule for i in issues_for(data_copy, TARGET) if i.column == column] == ["missing-column"]
