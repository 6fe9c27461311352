"""Pure-core behaviour: unit transforms, formula-safe CSV export, metadata, the package zip."""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd
import pytest

from industrial_base.package import DEFAULT_DATA_DIR, load_package
from industrial_base.provenance import metadata_json, package_zip, sources_of, to_safe_csv
from industrial_base.transforms import Units, cagr, transform_series, window

SERIES = pd.DataFrame({"year": [2012, 2013, 2015, 2016], "value": [100.0, 110.0, 121.0, 133.1]})


def test_level_is_unchanged() -> None:
    assert transform_series(SERIES, Units.LEVEL)["result"].tolist() == [100.0, 110.0, 121.0, 133.1]


def test_year_on_year_does_not_span_a_missing_year() -> None:
    result = transform_series(SERIES, Units.YOY)["result"]
    assert pd.isna(result[0]) and pd.isna(result[2])  # 2012 has no 2011; 2015 has no 2014
    assert result[1] == pytest.approx(10.0) and result[3] == pytest.approx(10.0)


def test_index_is_100_at_the_first_year() -> None:
    result = transform_series(SERIES, Units.INDEX)["result"].tolist()
    assert result[0] == 100 and result[-1] == pytest.approx(133.1)


def test_cagr_over_the_window() -> None:
    row = transform_series(SERIES, Units.CAGR).iloc[0]
    assert (row["start_year"], row["year"]) == (2012, 2016)
    assert row["result"] == pytest.approx((1.331 ** (1 / 4) - 1) * 100)
    assert cagr(16.98, 31.4, 9) == pytest.approx(7.07, abs=0.01)
    with pytest.raises(ValueError):
        cagr(0, 1, 3)


def test_transform_per_group_and_window() -> None:
    frame = pd.concat([SERIES.assign(country="A"), SERIES.assign(country="B", value=SERIES["value"] * 2)])
    indexed = transform_series(window(frame, 2013, 2016), Units.INDEX, by="country")
    assert indexed.groupby("country")["result"].first().tolist() == [100, 100]
    assert indexed["year"].min() == 2013


@pytest.mark.parametrize("dangerous", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"])
def test_csv_export_neutralises_formulas(dangerous: str) -> None:
    frame = pd.DataFrame({"text": [dangerous, "safe"], "number": [-5, 3.5]})
    exported = pd.read_csv(io.BytesIO(to_safe_csv(frame)), keep_default_na=False)
    assert exported["text"][0] == "'" + dangerous
    assert exported["text"][1] == "safe"
    assert exported["number"].tolist() == [-5, 3.5]  # numbers untouched, negative ones included


def test_exported_csv_of_a_real_table_round_trips() -> None:
    table = load_package(DEFAULT_DATA_DIR).table("lg_batches")
    exported = pd.read_csv(io.BytesIO(to_safe_csv(table)))
    assert exported["count"].tolist() == table["count"].tolist()


def test_sources_of_ranks_by_confidence() -> None:
    table = load_package(DEFAULT_DATA_DIR).table("china_share_world_mva")
    sources = sources_of(table)
    assert {"publisher", "source_url", "confidence"} <= set(sources.columns)
    order = ["high", "medium-high", "medium", "low-medium", "low", "n/a"]
    ranks = [order.index(c) for c in sources["confidence"].dropna()]
    assert ranks == sorted(ranks)


def test_metadata_json_carries_schema_and_licence() -> None:
    package = load_package(DEFAULT_DATA_DIR)
    metadata = json.loads(metadata_json(package.descriptor, "wdi_mva_usd"))
    assert metadata["dataset"]["schema"]["fields"]
    assert metadata["package"]["licenses"]


def test_package_zip_holds_every_resource() -> None:
    package = load_package(DEFAULT_DATA_DIR)
    with zipfile.ZipFile(io.BytesIO(package_zip(DEFAULT_DATA_DIR, package.descriptor))) as archive:
        names = set(archive.namelist())
    assert "datapackage.json" in names
    assert {r["path"] for r in package.descriptor["resources"]} <= names


def test_the_served_map_asset_is_current() -> None:
    """app/static/china_provinces.geojson is the compact copy of the data package's boundaries."""
    import sys

    sys.path.insert(0, str(DEFAULT_DATA_DIR.parent / "tools"))
    from build_static_geo import TARGET, render

    assert TARGET.read_text(encoding="utf-8") == render(), "run: python tools/build_static_geo.py"
    served = json.loads(TARGET.read_text(encoding="utf-8"))
    source = load_package(DEFAULT_DATA_DIR).tables["china_provinces"].frame
    assert sorted(f["properties"]["adcode"] for f in served["features"]) == sorted(source["adcode"])
