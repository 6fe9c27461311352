"""Pure-core behaviour: unit transforms, formula-safe CSV export, metadata, the package zip."""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd
import pytest

from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR
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


# --- value added (views) ---


def test_value_added_every_unit_has_a_label_in_both_languages() -> None:
    from industrial_base.i18n import Messages
    from industrial_base.pages import value_added as va

    en, zh = Messages("en"), Messages("zh")
    for units in Units:
        assert va.unit_label(en, units) and va.unit_label(zh, units) != va.unit_label(en, units)
    assert va.unit_short_label(en, Units.YOY) == "Year-on-year change"
    assert va.unit_short_label(zh, Units.YOY) == "同比变化"
    assert va.unit_short_label(zh, Units.LEVEL) == "水平值"


def test_value_added_figures_have_chinese_axes_and_legends() -> None:
    from industrial_base.i18n import Messages
    from industrial_base.pages import value_added as va

    zh, en = Messages("zh"), Messages("en")
    package = load_package(DEFAULT_DATA_DIR)
    derived = package.table("china_mva_cny_derived_wdi")
    official = package.table("china_mva_cny_official")
    first, last = int(derived["year"].min()), int(derived["year"].max())
    series = va.mva_series(derived, first, last, Units.LEVEL)
    figure = va.mva_figure(zh, series, va.official_points(official), Units.LEVEL, log_y=False)
    assert figure.layout.yaxis.title.text == "万亿元（现价）"
    names = {trace.name for trace in figure.data}
    assert {"据世界银行数据推算（美元 × 汇率）", "官方表述（工信部/国家统计局）"} <= names
    assert not names & set(en.labels("value_added.mva.points").values())

    cagr_series = va.mva_series(derived, first, last, Units.CAGR)
    bars = va.mva_figure(zh, cagr_series, official.iloc[0:0], Units.CAGR, log_y=False)
    assert list(bars.data[0].y) == [f"{first}—{last}年"]
    assert bars.layout.xaxis.title.text == "年均增长率（%）"

    shares = va.world_share_figure(zh, package.table("china_share_world_mva"), first, last)
    assert shares.layout.yaxis.title.text == "占全球制造业增加值比重（%）"
    assert "官方说法" in {trace.name for trace in shares.data}
    assert any("（“约”）" in text for trace in shares.data if trace.text for text in trace.text)

    gdp = va.share_of_gdp_figure(
        zh, package.table("wdi_mva_share_gdp"), package.table("china_mva_share_gdp_official"), first, last
    )
    assert gdp.layout.yaxis.title.text == "占GDP比重（%）"
    assert {"世界银行WDI（NV.IND.MANF.ZS）", "工信部（官方）"} <= {trace.name for trace in gdp.data}


def test_value_added_comparison_is_in_trillions_with_country_names_in_the_reader_language() -> None:
    from industrial_base.i18n import Messages
    from industrial_base.pages import value_added as va

    usd = load_package(DEFAULT_DATA_DIR).table("wdi_mva_usd")
    countries = ["CHN", "USA"]
    figure = va.comparison_figure(Messages("zh"), usd, countries, 2012, 2021, log_y=False, measure="usd")
    assert {trace.name for trace in figure.data} == {"中国", "美国"}
    assert figure.layout.yaxis.title.text == "万亿美元（现价）"
    china = next(trace for trace in figure.data if trace.name == "中国")
    expected = usd[(usd["iso3"] == "CHN") & (usd["year"] <= 2021)].sort_values("year")["value"] / 1000
    assert list(china.y) == pytest.approx(list(expected))
    english = va.comparison_figure(Messages("en"), usd, countries, 2012, 2021, log_y=False, measure="share")
    assert {trace.name for trace in english.data} == {"China", "United States"}
    assert english.layout.yaxis.title.text == "% of GDP"


def test_value_added_official_share_list_follows_the_reader_convention() -> None:
    from industrial_base.i18n import Messages
    from industrial_base.pages import value_added as va

    official = load_package(DEFAULT_DATA_DIR).table("china_mva_share_gdp_official")
    stated = official.dropna(subset=["value_pct"])
    english = va.official_share_list(Messages("en"), official)
    chinese = va.official_share_list(Messages("zh"), official)
    assert english.count(", ") == chinese.count("、") == len(stated) - 1
    assert english.startswith("2021: 27.4%") and chinese.startswith("2021年27.4%")
    assert english.endswith("2025 H1: 25.7%") and chinese.endswith("2025年上半年25.7%")
