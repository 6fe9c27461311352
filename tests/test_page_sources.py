"""Sources & methods page: every dataset with schema and sources, legends, checks, download, licences."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from industrial_base.facts.value_added import gdp_share_comparison, world_share_comparison
from industrial_base.i18n import Messages
from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR, DataPackage
from industrial_base.pages import sources as sv
from industrial_base.provenance import CONFIDENCE_ORDER, package_zip
from industrial_base.registry import md
from test_pages import every_view, open_page, texts, view_ids
from test_validation import rewrite

PAGE = "sources.py"
EN, ZH = Messages("en"), Messages("zh")
VIEWS = [view.id for view in sv.PAGE.views]
"""The page's sections in page order; a section is headed by its title (`sources.<id>.title`)."""
CHARTS = {view.id for view in sv.PAGE.views if view.chart is not None}
"""Views that are a chart card (its title names it; no section heading)."""


@pytest.fixture(scope="module")
def package() -> DataPackage:
    return load_package(DEFAULT_DATA_DIR)


# --- the page ---


DATASETS = {"view": "datasets"}
"""The catalogue's link: the page opens on where the figures come from (a chart), the catalogue one click
away."""


def test_sources_page_lists_every_dataset(package: DataPackage) -> None:
    at = open_page(PAGE, DATASETS)
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Sources & methods"
    assert [h.value for h in at.header] == ["Datasets"]
    names = [r["name"] for r in package.descriptor["resources"]]
    catalogue = at.dataframe[0].value
    assert list(catalogue["dataset"]) == names
    labels = [e.label for e in at.expander]
    for name in names:
        assert any(f"`{name}`" in label for label in labels), name


def test_dataset_expander_shows_schema_and_sources_once_opened(package: DataPackage) -> None:
    at = open_page(PAGE, DATASETS)
    assert "**Schema**" not in texts(at)  # lazy: nothing is built while closed
    at.session_state["details_china_mva_cny_derived_wdi"] = True
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    shown = texts(at)
    assert "**Schema**" in shown and "`china_mva_cny_derived_wdi.csv`" in shown
    resource = package.resource("china_mva_cny_derived_wdi")
    assert any(
        list(d.value.get("field", [])) == [f["name"] for f in resource["schema"]["fields"]]
        for d in at.dataframe
    )


def test_sources_page_offers_the_zip_download_with_the_catalogue() -> None:
    for view, at in every_view(PAGE):
        buttons = [b for b in at.get("download_button") if "data package" in b.label.lower()]
        assert len(buttons) == (1 if view == "datasets" else 0), view


def test_package_zip_holds_the_descriptor_and_every_file(package: DataPackage) -> None:
    data = package_zip(DEFAULT_DATA_DIR, package.descriptor)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
        assert "datapackage.json" in names and "geo/NOTICE.md" in names
        assert {r["path"] for r in package.descriptor["resources"]} <= names
        assert json.loads(archive.read("datapackage.json"))["name"] == package.descriptor["name"]


def test_sources_page_shows_legends_checks_and_licences() -> None:
    legends = open_page(PAGE, {"view": "legends"})
    assert [h.value for h in legends.header] == ["How to read confidence and basis"]
    tables = [t.value for t in legends.table]
    confidence = next(t for t in tables if "Confidence" in t.columns)
    assert set(CONFIDENCE_ORDER) | {"unrated"} <= set(confidence["Confidence"])
    assert "Shown as" not in confidence.columns  # English names equal the levels
    basis = next(t for t in tables if "Basis" in t.columns)
    assert set(sv.BASIS_ORDER) <= set(basis["Basis"])
    assert "Computed from WDI" in set(basis["Shown as"])
    derivations = open_page(PAGE, {"view": "derivations"})
    shown = texts(derivations)
    assert "How derived figures are made" in shown
    assert "NV.IND.MANF.CD" in shown and "PA.NUS.FCRF" in shown
    discrepancies = open_page(PAGE, {"view": "discrepancies"})
    shown = texts(discrepancies)
    assert "Known discrepancies" in shown
    assert "1,584" in shown and "1,744" in shown and "155" in shown and "142" in shown
    assert len(discrepancies.get("plotly_chart")) == 0  # the vintages chart is a view of its own
    assert len(open_page(PAGE, {"view": "revisions"}).get("plotly_chart")) == 1  # World Bank vintages
    validation = open_page(PAGE, {"view": "validation"})
    assert any("passed validation" in s.value for s in validation.success)
    licences = open_page(PAGE, {"view": "licences"})
    frames = [d.value for d in licences.dataframe]
    licence_table = next(f for f in frames if "licence" in f.columns and "applies_to" in f.columns)
    assert {"CC-BY-4.0", "Apache-2.0"} <= set(licence_table["licence"])
    assert any("NOTICE.md" in e.label for e in licences.expander)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_view_runs_alone_under_its_own_heading(language: str) -> None:
    """Each section is a view opened by its link (`?view=ID`); only that section is drawn."""
    m = Messages(language)
    query = {"lang": language} if language != "en" else None
    seen = []
    for view, at in every_view(PAGE, query):
        seen.append(view)
        assert not at.exception, (view, [e.message for e in at.exception])
        assert not at.error and not at.warning, (view, [e.value for e in [*at.error, *at.warning]])
        control = at.button_group(key="pageview_sources")
        assert control.value == view and control.label == m("ui.views.section")
        assert view_ids(at) == VIEWS and control.options == [m(f"sources.{v}.label") for v in VIEWS]
        assert at.query_params.get("view") == (None if view == VIEWS[0] else view)  # the default: clean link
        assert [h.value for h in at.header] == ([] if view in CHARTS else [m(f"sources.{view}.title")])
        assert at.title[0].value == m("sources.page.nav")
        assert len(at.get("plotly_chart")) == (1 if view in CHARTS else 0), view
        assert bool(at.table) == (view == "legends"), view
    assert seen == VIEWS


def test_unknown_view_is_ignored_with_a_notice_and_shows_the_first() -> None:
    at = open_page(PAGE, {"view": "nonsense"})
    assert not at.exception, [e.message for e in at.exception]
    notices = [w.value for w in at.warning]
    assert any(
        n.startswith("Ignored part of the link: parameter 'view'") and "nonsense" in n for n in notices
    )
    assert at.button_group(key="pageview_sources").value == "evidence"
    assert "view" not in at.query_params
    assert not at.header and not at.dataframe and len(at.get("plotly_chart")) == 1  # a chart, not the grid


def test_sources_page_vintage_indicator_from_the_link() -> None:
    at = open_page(PAGE, {"view": "revisions", "vintage_indicator": "NV.IND.MANF.CD"})
    assert not at.exception and not at.warning
    assert at.session_state["vintage_indicator"] == "NV.IND.MANF.CD"
    bad = open_page(PAGE, {"view": "revisions", "vintage_indicator": "nonsense"})
    assert any("vintage_indicator" in w.value for w in bad.warning)


def test_sources_page_caches_per_indicator_and_language(package: DataPackage) -> None:
    """Cached card and checks follow the indicator control and the language (both in the cache key)."""
    frame = package.table("wdi_vintages")
    cny = sv.DERIVATIONS["derived_cny"](EN, package).numbers

    def card_texts(m: Messages, indicator: str) -> tuple[str, str]:
        names = m.labels("sources.controls.vintage_indicator.names")
        numbers = sv.vintage_numbers(m, sv.vintages(frame, indicator))
        return (
            md(m("sources.revisions.title", indicator=names[indicator])),
            md(m("sources.revisions.takeaway", **numbers)),
        )

    at = open_page(PAGE, {"view": "revisions"})
    shown = texts(at)
    assert all(text in shown for text in card_texts(EN, "NV.IND.MANF.ZS"))
    at.segmented_control(key="vintage_indicator").set_value("NV.IND.MANF.CD").run()
    assert not at.exception, [e.message for e in at.exception]
    shown = texts(at)
    assert all(text in shown for text in card_texts(EN, "NV.IND.MANF.CD"))
    assert not any(text in shown for text in card_texts(EN, "NV.IND.MANF.ZS"))
    at.segmented_control(key="lang").set_value("zh").run()
    assert not at.exception, [e.message for e in at.exception]
    shown = texts(at)
    assert all(text in shown for text in card_texts(ZH, "NV.IND.MANF.CD"))
    assert not any(text in shown for text in card_texts(EN, "NV.IND.MANF.CD"))
    # the other sections, picked in the same session, in the new language
    at.button_group(key="pageview_sources").set_value("derivations").run()
    assert not at.exception, [e.message for e in at.exception]
    shown = texts(at)
    assert md(ZH("sources.derivations.derived_cny", **cny)) in shown
    assert md(EN("sources.derivations.derived_cny", **cny)) not in shown
    at.button_group(key="pageview_sources").set_value("legends").run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.table[0].value.columns[0] == "可信度"


def test_sources_page_says_the_sector_filter_does_not_apply() -> None:
    for view, at in every_view(PAGE, {"sector": "nev"}):
        assert any("not broken down by sector" in i.value for i in at.info), view


@pytest.fixture
def broken_reviews(app_data: Path) -> Path:
    """A copy of the data, read by the app, whose lg_reviews has "many" in its first row's `passed`."""
    rewrite(app_data, "lg_reviews", lambda rows: rows[1].__setitem__(rows[0].index("passed"), "many"))
    return app_data


@pytest.mark.usefixtures("broken_reviews")
def test_sources_page_lists_issues_of_a_broken_dataset(package: DataPackage) -> None:
    at = open_page(PAGE, {"view": "validation"})
    assert not at.exception, [e.message for e in at.exception]
    errors = " ".join(e.value for e in at.error)
    datasets = len(package.descriptor["resources"])
    assert f"1 of {datasets} datasets failed validation" in errors and "**`lg_reviews`**" in texts(at)
    issues = [d.value for d in at.dataframe if "rule" in d.value.columns]
    assert any((f["column"] == "passed").any() for f in issues)


@pytest.mark.usefixtures("broken_reviews")
def test_a_broken_dataset_is_an_error_card_only_where_it_is_used() -> None:
    for view, at in every_view(PAGE):
        assert not at.exception, (view, [e.message for e in at.exception])
        errors = " ".join(e.value for e in at.error)
        if view == "discrepancies":
            # the review check is an error card naming file, row and column; the other checks keep working
            assert "`lg_reviews` failed validation" in errors
            card = next(d.value for d in at.dataframe if "rule" in d.value.columns)
            row = card[card["column"] == "passed"].iloc[0]
            assert row["file"] == "data/lg_reviews.csv" and row["line"] == 2 and row["value"] == "many"
            assert "1,584" in texts(at)
        elif view == "validation":
            assert "failed validation" in errors
        elif view == "datasets":
            catalogue = at.dataframe[0].value.set_index("dataset")
            assert catalogue.loc["lg_reviews", "status"] == "failed"
            assert set(catalogue.drop(index="lg_reviews")["status"]) == {"valid"}
            at.session_state["details_lg_reviews"] = True
            at.run()
            assert "`lg_reviews` failed validation" in " ".join(e.value for e in at.error)
        else:
            assert not errors, view


# --- the view ---


def test_datasets_frame_reads_the_descriptor(package: DataPackage) -> None:
    frame = sv.datasets_frame(EN, package.descriptor, package.tables)
    assert len(frame) == len(package.descriptor["resources"])
    assert frame["valid"].all() and (frame["status"] == "valid").all()
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
    assert sv.sources_markdown(EN, resource) == "- [A (x)](https://a.example/)\n- B"
    assert sv.sources_markdown(ZH, {"sources": []}) == "- （未列出来源）"


def test_derivation_checks_reproduce_the_stored_values(package: DataPackage) -> None:
    cny = sv.DERIVATIONS["derived_cny"](EN, package).numbers
    assert cny["max_gap"] < 0.5 and cny["diff_min"] < 0 <= cny["diff_max"] + 1e-9
    assert cny["usd_100m"] == pytest.approx(cny["usd_bn"] * 10)
    world = sv.DERIVATIONS["world_share"](EN, package).numbers
    assert world["max_gap"] < 0.01
    rollup = sv.DERIVATIONS["rollup"](EN, package).numbers
    assert rollup["total"] == rollup["stock"]
    check = sv.DERIVATIONS["share_gdp"](EN, package)
    frame, derived = check.frame, check.numbers
    assert derived["count"] == len(frame) and set(frame["year"]) == {2022, 2023}
    assert derived["years"] == "2022, 2023"
    assert sv.DERIVATIONS["share_gdp"](ZH, package).numbers["years"] == "2022、2023"


def test_discrepancy_checks(package: DataPackage) -> None:
    batch = sv.DISCREPANCIES["batch"](EN, package).numbers
    assert batch["final"] == 1584 and batch["sum"] == batch["stock"]
    review = sv.DISCREPANCIES["review"](EN, package).numbers
    assert {review["high"], review["low"]} == {155, 142}
    assert review["with_high"] == review["after"] and review["matching"] == "155"
    gdp = gdp_share_comparison(
        package.table("china_mva_share_gdp_official"), package.table("wdi_mva_share_gdp")
    )
    assert (gdp["difference_pp"] == (gdp["miit_pct"] - gdp["wdi_pct"]).round(2)).all()
    about = world_share_comparison(package.table("china_share_world_mva"))
    assert (about["official_claim_pct"] >= about["computed_pct"]).all()


def test_vintages_keep_only_years_two_copies_share(package: DataPackage) -> None:
    frame = package.table("wdi_vintages")
    part = sv.vintages(frame, "NV.IND.MANF.CD")
    assert part["wdi_vintage"].nunique() >= 2
    assert (part.groupby("year")["wdi_vintage"].nunique() >= 2).all()
    numbers = sv.vintage_numbers(EN, part)
    assert numbers["low"] <= numbers["high"] and numbers["first_year"] == 2012
    figure = sv.vintage_figure(EN, part, "NV.IND.MANF.CD")
    assert len(figure.data) == part["wdi_vintage"].nunique()
    assert figure.layout.yaxis.title.text == "Billion current US$ (NV.IND.MANF.CD)"
    assert max(max(trace.y) for trace in figure.data) == part["value"].max()


def test_legends_count_every_row(package: DataPackage) -> None:
    tables = {name: r.frame for name, r in package.tables.items() if r.ok}
    legend = sv.legend(EN, tables, "confidence")
    with_column = sum(len(f) for f in tables.values() if f is not None and "confidence" in f)
    assert int(legend["rows"].sum()) == with_column
    assert legend.set_index("confidence").loc["high", "meaning"] == EN("sources.confidence.high")
    basis = sv.legend(EN, tables, "basis")
    with_basis = sum(len(f) for f in tables.values() if f is not None and "basis" in f)
    assert int(basis["rows"].sum()) == with_basis


def test_licences_come_from_the_descriptor(package: DataPackage) -> None:
    frame = sv.licences_frame(EN, package.descriptor)
    package_licence = package.descriptor["licenses"][0]
    first = frame.iloc[0]
    assert first["licence"] == package_licence["name"] and "whole package" in first["datasets"]
    geo = frame[frame["licence"] == "Apache-2.0"].iloc[0]
    assert geo["datasets"] == "china_provinces"
    assert sv.notice_text(DEFAULT_DATA_DIR) and "Apache" in (sv.notice_text(DEFAULT_DATA_DIR) or "")


# --- in Chinese ---


def test_sources_page_in_chinese(package: DataPackage) -> None:
    opened = dict(every_view(PAGE, {"lang": "zh"}))
    for view, at in opened.items():
        assert not at.exception, (view, [e.message for e in at.exception])
        assert at.title[0].value == "来源与方法"
        assert [h.value for h in at.header] == ([] if view in CHARTS else [ZH(f"sources.{view}.title")])
    shown = "\n".join(texts(at) for at in opened.values())
    for english in ("Known discrepancies", "Every year", "Derived yuan series", "Batch 2 counts"):
        assert english not in shown
    # commentary with the data's numbers, in the reader's conventions
    cny = sv.DERIVATIONS["derived_cny"](EN, package).numbers
    derived = ZH("sources.derivations.derived_cny", **cny)
    assert derived in texts(opened["derivations"])
    assert "亿美元" in derived and f"{cny['usd_bn'] * 10:,.2f}" in derived
    discrepancies = texts(opened["discrepancies"])
    batch = sv.DISCREPANCIES["batch"](ZH, package).numbers
    assert ZH("sources.discrepancies.batch", **batch) in discrepancies and "1,584 家" in discrepancies
    assert batch["stock_date"].endswith("日") and "年" in batch["stock_date"]
    review = sv.DISCREPANCIES["review"](ZH, package).numbers
    assert ZH("sources.discrepancies.review", **review) in discrepancies
    datasets = len(package.descriptor["resources"])
    validation = opened["validation"]
    assert [s.value for s in validation.success] == [ZH("sources.validation.ok", datasets=datasets)]
    # the vintage card: title, control and takeaway in Chinese, numbers in 亿美元 as the chart
    part = sv.vintages(package.table("wdi_vintages"), "NV.IND.MANF.ZS")
    names = ZH.labels("sources.controls.vintage_indicator.names")
    revisions = texts(opened["revisions"])
    assert ZH("sources.revisions.title", indicator=names["NV.IND.MANF.ZS"]) in revisions
    assert ZH("sources.revisions.takeaway", **sv.vintage_numbers(ZH, part)) in revisions
    assert opened["revisions"].segmented_control(key="vintage_indicator").label == "指标"
    # legends: the data's levels, their Chinese names and our explanations
    tables = [t.value for t in opened["legends"].table]
    confidence = next(t for t in tables if "可信度" in t.columns)
    assert list(confidence.columns) == ["可信度", "显示为", "含义", "行数"]
    row = confidence.set_index("可信度").loc["high"]
    assert row["显示为"] == "高" and row["含义"] == ZH("sources.confidence.high")
    assert confidence.set_index("可信度").loc["unrated", "显示为"] == "未评级"
    basis = next(t for t in tables if "依据" in t.columns)
    assert basis.set_index("依据").loc["computed", "显示为"] == "据世界银行WDI计算"
    # dataset titles are the descriptor's Chinese ones (title_zh, beside the English in one file)
    catalogue = opened["datasets"].dataframe[0].value
    assert list(catalogue["title"]) == [r["title_zh"] for r in package.descriptor["resources"]]
    assert "中国制造业增加值" in " ".join(catalogue["title"])
    assert set(catalogue["status"]) == {"通过"}
    assert ZH.column_labels()["difference_pp"] == "差值（百分点）"


def test_sources_page_in_chinese_lists_issues_of_a_broken_dataset(
    package: DataPackage, app_data: Path
) -> None:
    (app_data / "lg_reviews.csv").write_text("not,a,valid\nfile\n", encoding="utf-8")
    validation = open_page(PAGE, {"lang": "zh", "view": "validation"})
    assert not validation.exception, [e.message for e in validation.exception]
    datasets = len(package.descriptor["resources"])
    assert f"{datasets} 个数据集中有 1 个未通过校验" in " ".join(e.value for e in validation.error)
    discrepancies = open_page(PAGE, {"lang": "zh", "view": "discrepancies"})
    assert not discrepancies.exception, [e.message for e in discrepancies.exception]
    assert "`lg_reviews` 未通过校验" in " ".join(e.value for e in discrepancies.error)


def test_vintage_figure_in_chinese_counts_in_yi(package: DataPackage) -> None:
    """Billions are shown to Chinese readers in 亿 (× 10): axis, hover and takeaway numbers agree."""
    part = sv.vintages(package.table("wdi_vintages"), "NV.IND.MANF.CD")
    figure = sv.vintage_figure(ZH, part, "NV.IND.MANF.CD")
    assert figure.layout.yaxis.title.text == "亿美元（现价）"
    assert figure.layout.yaxis.tickformat == ",d"
    assert all("亿美元" in trace.hovertemplate for trace in figure.data)
    assert max(max(trace.y) for trace in figure.data) == pytest.approx(part["value"].max() * 10)
    english, chinese = sv.vintage_numbers(EN, part), sv.vintage_numbers(ZH, part)
    assert chinese["range"] == pytest.approx(english["range"] * 10) and chinese["year"] == english["year"]
    share = sv.vintages(package.table("wdi_vintages"), "NV.IND.MANF.ZS")
    figure = sv.vintage_figure(ZH, share, "NV.IND.MANF.ZS")
    assert figure.layout.yaxis.title.text == "占GDP比重（%）"
    assert max(max(trace.y) for trace in figure.data) == share["value"].max()


def test_chinese_lists_and_licences(package: DataPackage) -> None:
    assert sv.joined(ZH, ["1,744", "1,800"], last=True) == "1,744 和 1,800"
    assert sv.joined(EN, ["1,744", "1,800", "1,900"], last=True) == "1,744, 1,800 and 1,900"
    frame = sv.licences_frame(ZH, package.descriptor)
    assert frame.iloc[0]["datasets"].startswith("整个数据包")
    datasets = sv.datasets_frame(ZH, package.descriptor, package.tables).set_index("dataset")
    assert datasets.loc["key_products_examples", "sector"] == "是（sector_id）"
    assert datasets.loc["china_provinces", "sector"] == "否"
