"""Overview page: the article's headline metrics read from the data, the summary, links to every page."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from industrial_base.i18n import Messages
from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR, DataPackage
from industrial_base.pages import overview as ov
from industrial_base.pages import sources as sv
from test_pages import APP_DIR, open_page, texts

EN = Messages("en")


@pytest.fixture(scope="module")
def package() -> DataPackage:
    return load_package(DEFAULT_DATA_DIR)


# --- the page ---


def test_overview_shows_the_five_headline_metrics_from_the_data(package: DataPackage) -> None:
    at = open_page("overview.py")
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Industrial Base Monitor"
    metrics = {m.label: m for m in at.metric}
    assert len(metrics) == 5
    official = package.table("china_mva_cny_official")
    stated_2021 = official[(official["year"] == 2021) & (official["basis"] == "official")]
    mva = next(m for label, m in metrics.items() if label.startswith("Manufacturing value added, 2021"))
    assert mva.value.startswith(f"{float(stated_2021['value_trillion_cny'].iloc[0]):g}")
    assert "106" in [m.value for m in metrics.values()]
    assert f"{4762:,}" in [m.value for m in metrics.values()]
    for metric in metrics.values():
        assert "Source:" in metric.proto.help, metric.label
        assert "Basis:" in metric.proto.help and "Confidence:" in metric.proto.help


def test_overview_metric_help_names_publisher_and_date(package: DataPackage) -> None:
    at = open_page("overview.py")
    cumulative = package.table("lg_cumulative")
    row = cumulative[cumulative["as_of"] == "2021-11-23"].iloc[0]
    little = next(m for m in at.metric if m.label.startswith("'Little giant'"))
    assert str(row["publisher"]) in little.proto.help and "23 Nov 2021" in little.proto.help
    key = next(m for m in at.metric if m.label.startswith("Key products"))
    assert "no list" in key.proto.delta.lower() or "no list" in key.proto.help.lower()


def test_overview_links_every_other_page() -> None:
    """The links carry the pages' url paths (the file stem with dashes)."""
    at = open_page("overview.py")
    linked = {link.proto.page for link in at.get("page_link")}
    pages = {p.stem.replace("_", "-") for p in (APP_DIR / "app_pages").glob("*.py")} - {"overview"}
    assert pages <= linked, (linked, pages)


def test_overview_summary_cites_the_article() -> None:
    at = open_page("overview.py")
    shown = texts(at)
    assert "Chen Xuedong" in shown
    assert "https://zutglobal.com/news/40.html" in shown


def test_overview_says_the_sector_filter_does_not_apply() -> None:
    at = open_page("overview.py", {"sector": "nev"})
    assert not at.exception
    assert any("not broken down by sector" in i.value for i in at.info)


def test_overview_survives_a_broken_dataset(app_data: Path) -> None:
    (app_data / "lg_cumulative.csv").write_text("not,a,valid\nfile\n", encoding="utf-8")
    at = open_page("overview.py")
    assert not at.exception, [e.message for e in at.exception]
    assert any(m.value == "unavailable" for m in at.metric)
    assert len(at.metric) == 5


# --- the view ---


def test_mva_headline_is_the_official_2021_figure_and_names_the_derived_series(package: DataPackage) -> None:
    derived = package.table("china_mva_cny_derived_wdi")
    headline = ov.HEADLINES["mva"](EN, package)
    assert headline["value"] == "31.4 tn yuan"
    derived_years = derived["year"]
    assert f"({int(derived_years.min())}–{int(derived_years.max())}" in headline["help"]
    assert "+85%" in headline["delta"]
    assert "cdrb.com.cn" in headline["help"]


def test_little_giants_headline_takes_the_last_stock_of_the_article_year(package: DataPackage) -> None:
    headline = ov.HEADLINES["little_giants"](EN, package)
    assert headline["value"] == "4,762"
    assert headline["delta"] == "more than 14,600 by 2024"
    assert "charted on Little giants" in headline["help"]


def test_clusters_headline_counts_after_each_round(package: DataPackage) -> None:
    headline = ov.HEADLINES["clusters"](EN, package)
    assert headline["value"] == "25" and headline["delta"] == "80 after 2024"


def test_world_share_headline_is_computed_not_official(package: DataPackage) -> None:
    shares = package.table("china_share_world_mva")
    headline = ov.HEADLINES["world_share"](EN, package)
    computed = shares[shares["basis"] == "computed"].sort_values("year")
    assert headline["value"] == f"{float(computed['value_pct'].iloc[-1]):.1f}%"
    assert "not an official figure" in headline["help"]
    assert "about 30%" in headline["help"]


def test_key_products_headline_has_no_series(package: DataPackage) -> None:
    headline = ov.HEADLINES["key_products"](EN, package)
    assert headline["value"] == "106"
    assert "zutglobal.com" in headline["help"] and "Claim in the article" in headline["help"]


def test_source_help_handles_missing_fields() -> None:
    row = pd.Series({"publisher": pd.NA, "source_date": None, "source_url": "", "confidence": float("nan")})
    shown = ov.source_help(EN, row)
    assert "publisher not recorded" in shown and "date not recorded" in shown and "not rated" in shown
    assert "](" not in shown


def test_evidence_rows_count_every_row_with_a_basis(package: DataPackage) -> None:
    tables = {name: r.frame for name, r in package.tables.items() if r.ok}
    topics = {name: r.get("topic", "") for name, r in package.resources.items()}
    rows = sv.evidence_rows(EN, tables, topics)
    expected = sum(len(f) for f in tables.values() if f is not None and "basis" in f)
    assert int(rows["rows"].sum()) == expected
    by_topic = sv.evidence_by_topic(rows)
    shares = by_topic.groupby("topic")["share_pct"].sum()
    assert ((shares - 100).abs() < 1e-9).all()
    figure = sv.evidence_figure(EN, by_topic)
    assert {trace.name for trace in figure.data} <= set(Messages("en").labels("ui.basis").values())
    numbers = sv.evidence_numbers(rows)
    assert numbers["rows"] == expected and 0 < numbers["official_pct"] < 100


def test_cached_metrics_and_evidence_follow_the_language_in_one_session() -> None:
    """Metrics and the evidence card are cached per language: switching redraws them in Chinese and back."""
    zh = Messages("zh")
    at = open_page("overview.py")
    english = [metric.label for metric in at.metric]
    assert any(label.startswith("Manufacturing value added, 2021") for label in english)
    at.segmented_control(key="lang").set_value("zh").run()
    assert not at.exception
    chinese = [metric.label for metric in at.metric]
    assert zh("overview.headlines.mva.label", year=2021) in chinese and not set(chinese) & set(english)
    at.segmented_control(key="lang").set_value("en").run()
    assert [metric.label for metric in at.metric] == english
    # the evidence card lives on Sources & methods (?view=evidence), cached per language there too
    evidence = open_page("sources.py", {"view": "evidence"})
    assert f"**{EN('sources.evidence.title')}**" in texts(evidence)
    evidence.segmented_control(key="lang").set_value("zh").run()
    assert f"**{zh('sources.evidence.title')}**" in texts(evidence)
