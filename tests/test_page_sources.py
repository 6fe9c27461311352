"""Sources & methods page: every dataset with schema and sources, legends, checks, download, licences."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from industrial_base.package import DEFAULT_DATA_DIR, DataPackage, load_package
from industrial_base.provenance import CONFIDENCE_ORDER, package_zip
from industrial_base.views import sources as sv
from test_pages import open_page, texts


@pytest.fixture(scope="module")
def package() -> DataPackage:
    return load_package(DEFAULT_DATA_DIR)


# --- the page ---


def test_sources_page_lists_every_dataset(package: DataPackage) -> None:
    at = open_page("sources.py")
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Sources & methods"
    names = [r["name"] for r in package.descriptor["resources"]]
    catalogue = at.dataframe[0].value
    assert list(catalogue["dataset"]) == names
    labels = [e.label for e in at.expander]
    for name in names:
        assert any(f"`{name}`" in label for label in labels), name


def test_sources_page_offers_the_zip_download() -> None:
    at = open_page("sources.py")
    buttons = [b for b in at.get("download_button") if "data package" in b.label.lower()]
    assert len(buttons) == 1


def test_package_zip_holds_the_descriptor_and_every_file(package: DataPackage) -> None:
    data = package_zip(DEFAULT_DATA_DIR, package.descriptor)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
        assert "datapackage.json" in names and "geo/NOTICE.md" in names
        assert {r["path"] for r in package.descriptor["resources"]} <= names
        assert json.loads(archive.read("datapackage.json"))["name"] == package.descriptor["name"]


def test_sources_page_shows_legends_checks_and_licences() -> None:
    at = open_page("sources.py")
    shown = texts(at)
    for heading in (
        "How to read confidence and basis",
        "How derived figures are made",
        "Known discrepancies",
    ):
        assert heading in shown
    tables = [t.value for t in at.table]
    confidence = next(t for t in tables if "confidence" in t.columns)
    assert set(CONFIDENCE_ORDER) | {"unrated"} <= set(confidence["confidence"])
    basis = next(t for t in tables if "basis" in t.columns)
    assert set(sv.BASIS_ORDER) <= set(basis["basis"])
    assert "1,584" in shown and "1,744" in shown and "155" in shown and "142" in shown
    assert "NV.IND.MANF.CD" in shown and "PA.NUS.FCRF" in shown
    assert any("passed validation" in s.value for s in at.success)
    assert len(at.get("plotly_chart")) == 1  # World Bank vintages
    frames = [d.value for d in at.dataframe]
    licences = next(f for f in frames if "licence" in f.columns and "applies_to" in f.columns)
    assert {"CC-BY-4.0", "Apache-2.0"} <= set(licences["licence"])


def test_sources_page_vintage_indicator_from_the_link() -> None:
    at = open_page("sources.py", {"vintage_indicator": "NV.IND.MANF.CD"})
    assert not at.exception and not at.warning
    assert at.session_state["vintage_indicator"] == "NV.IND.MANF.CD"
    bad = open_page("sources.py", {"vintage_indicator": "nonsense"})
    assert any("vintage_indicator" in w.value for w in bad.warning)


def test_sources_page_says_the_sector_filter_does_not_apply() -> None:
    at = open_page("sources.py", {"sector": "nev"})
    assert any("not broken down by sector" in i.value for i in at.info)


def test_sources_page_lists_issues_of_a_broken_dataset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    path = data / "lg_reviews.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("passed")] = "many"
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("INDUSTRIAL_BASE_DATA_DIR", str(data))
    at = open_page("sources.py")
    assert not at.exception, [e.message for e in at.exception]
    errors = " ".join(e.value for e in at.error)
    assert "failed validation" in errors and "lg_reviews" in errors
    issues = [d.value for d in at.dataframe if "rule" in d.value.columns]
    assert any((f["column"] == "passed").any() for f in issues)
    # the other checks keep working
    assert "1,584" in texts(at)


# --- the view ---


def test_datasets_frame_reads_the_descriptor(package: DataPackage) -> None:
    frame = sv.datasets_frame(package.descriptor, package.tables)
    assert len(frame) == len(package.descriptor["resources"])
    assert (frame["status"] == "valid").all()
    row = frame.set_index("dataset").loc["key_products_examples"]
    assert row["sector"] == "yes (sector_id)" and row["rows"] == len(package.table("key_products_examples"))
    assert frame.set_index("dataset").loc["china_provinces", "licence"] == "Apache-2.0"


def test_schema_frame_lists_fields_and_units(package: DataPackage) -> None:
    resource = package.resource("china_mva_cny_derived_wdi")
    schema = sv.schema_frame(resource)
    assert list(schema["field"]) == [f["name"] for f in resource["schema"]["fields"]]
    assert schema.set_index("field").loc["usd_bn", "unit"] == "billion current US$"
    assert schema.set_index("field").loc["year", "key"]


def test_sources_markdown_links_only_urls() -> None:
    resource = {"sources": [{"title": "A [x]", "path": "https://a.example/"}, {"title": "B", "path": "npm"}]}
    assert sv.sources_markdown(resource) == "- [A (x)](https://a.example/)\n- B"


def test_derivation_checks_reproduce_the_stored_values(package: DataPackage) -> None:
    _, cny = sv.derived_cny_check(package.table("china_mva_cny_derived_wdi"))
    assert cny["max_gap"] < 0.5 and cny["diff_min"] < 0 <= cny["diff_max"] + 1e-9
    _, world = sv.world_share_check(package.table("wdi_mva_usd"), package.table("china_share_world_mva"))
    assert world["max_gap"] < 0.01
    _, rollup = sv.rollup_check(package.table("lg_province_b1b2"), package.table("lg_cumulative"))
    assert rollup["total"] == rollup["stock"]
    frame, derived = sv.share_times_gdp(package.table("china_mva_cny_official"))
    assert derived["count"] == len(frame) and set(frame["year"]) == {2022, 2023}


def test_discrepancy_checks(package: DataPackage) -> None:
    batch = sv.batch_conflict(package.table("lg_batches"), package.table("lg_cumulative"))
    assert batch["final"] == 1584 and batch["sum"] == batch["stock"]
    review = sv.review_conflict(
        package.table("lg_reviews"), package.table("lg_batches"), package.table("lg_cumulative")
    )
    assert {review["high"], review["low"]} == {155, 142}
    assert review["with_high"] == review["after"] and review["matching"] == "155"
    gdp = sv.gdp_share_comparison(
        package.table("china_mva_share_gdp_official"), package.table("wdi_mva_share_gdp")
    )
    assert (gdp["difference_pp"] == (gdp["miit_pct"] - gdp["wdi_pct"]).round(2)).all()
    about = sv.world_share_comparison(package.table("china_share_world_mva"))
    assert (about["official_claim_pct"] >= about["computed_pct"]).all()


def test_vintages_keep_only_years_two_copies_share(package: DataPackage) -> None:
    frame = package.table("wdi_vintages")
    part = sv.vintages(frame, "NV.IND.MANF.CD")
    assert part["wdi_vintage"].nunique() >= 2
    assert (part.groupby("year")["wdi_vintage"].nunique() >= 2).all()
    numbers = sv.vintage_numbers(part)
    assert numbers["low"] <= numbers["high"] and numbers["first_year"] == 2012
    figure = sv.vintage_figure(part, "NV.IND.MANF.CD")
    assert len(figure.data) == part["wdi_vintage"].nunique()


def test_legends_count_every_row(package: DataPackage) -> None:
    tables = {name: r.frame for name, r in package.tables.items() if r.ok}
    legend = sv.confidence_legend(tables, {"high": "sure"})
    with_column = sum(len(f) for f in tables.values() if f is not None and "confidence" in f)
    assert int(legend["rows"].sum()) == with_column
    assert legend.set_index("confidence").loc["high", "meaning"] == "sure"


def test_licences_come_from_the_descriptor(package: DataPackage) -> None:
    frame = sv.licences_frame(package.descriptor)
    package_licence = package.descriptor["licenses"][0]
    first = frame.iloc[0]
    assert first["licence"] == package_licence["name"] and "whole package" in first["datasets"]
    geo = frame[frame["licence"] == "Apache-2.0"].iloc[0]
    assert geo["datasets"] == "china_provinces"
    assert sv.notice_text(DEFAULT_DATA_DIR) and "Apache" in (sv.notice_text(DEFAULT_DATA_DIR) or "")
