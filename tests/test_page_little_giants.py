"""Little giants: the page (AppTest) and its pure view module."""

from __future__ import annotations

import inspect

import pandas as pd
import plotly.graph_objects as go
import pytest

from industrial_base.package import DataPackage, load_package
from industrial_base.views import little_giants as lg
from test_pages import open_page, texts

PAGE = "little_giants.py"


@pytest.fixture(scope="module")
def package() -> DataPackage:
    return load_package()


@pytest.fixture(scope="module")
def labels(package: DataPackage) -> dict[str, str]:
    sectors = package.table("sectors").sort_values("sort_order")
    return dict(zip(sectors["sector_id"], sectors["label_en"], strict=True))


# --- the page ----------------------------------------------------------------------------------------------


def test_page_shows_title_cards_and_the_4762_check() -> None:
    at = open_page(PAGE)
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error and not at.warning
    assert [t.value for t in at.title] == ["Little giants"]
    shown = " ".join(texts(at).split())
    assert "248 + 1,584 + 2,930 = **4,762**" in shown
    assert "1,744 / 1,748" in shown  # the batch-2 discrepancy is spelled out
    assert "not published" in shown  # batches 6-7 have no final count
    assert "155" in shown and "142" in shown  # the review conflict is kept, and the choice is said
    assert "not new designations" in shown  # key little giants are not added to totals
    assert "more than 60%" in shown and "about 90% in manufacturing" in shown
    assert len(at.get("plotly_chart")) == 9


def test_sector_filter_changes_only_the_sector_card() -> None:
    everything = open_page(PAGE)
    nev = open_page(PAGE, {"sector": "nev"})
    assert not nev.exception and not nev.warning
    notes = [i.value for i in nev.info]
    assert any("not broken down by sector" in n for n in notes)
    assert any("Filtered to sectors: NEV" in n for n in notes)
    assert "of 3,330 firms" in texts(everything)
    assert "338 of 338 firms" in texts(nev)
    # cards without a sector dimension are unchanged
    assert "248 + 1,584 + 2,930 = **4,762**" in texts(nev)
    assert len(nev.get("plotly_chart")) == len(everything.get("plotly_chart"))


def test_sector_filter_that_hides_everything_says_so() -> None:
    at = open_page(PAGE, {"sector": "ngit"})
    assert not at.exception
    assert any("None of the registry's manufacturing divisions" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 8  # the registry chart is replaced by the notice, not drawn empty


def test_invalid_sector_link_is_ignored_without_exception() -> None:
    at = open_page(PAGE, {"sector": ["nev", "x" * 300]})
    assert not at.exception
    assert at.multiselect(key="sector").value == ["nev"]


def test_the_view_module_is_pure() -> None:
    assert "streamlit" not in inspect.getsource(lg)


# --- batches -----------------------------------------------------------------------------------------------


def test_batch_sum_reproduces_the_published_stock(package: DataPackage) -> None:
    check = lg.batch_check(package.table("lg_batches"), package.table("lg_cumulative"))
    assert (check.b1, check.b2, check.b3) == (248, 1584, 2930)
    assert check.total == check.stock == 4762 and check.matches
    assert check.stock_date == "2021-11-23"
    assert check.b2_publicity == "1,744 / 1,748"
    assert check.b2_gap == "160 and 164"
    assert check.unpublished == "6–7"


def test_batches_without_a_final_count_are_not_filled(package: DataPackage) -> None:
    series = lg.batch_series(package.table("lg_batches"))
    final = series[series["series"] == lg.FINAL_NAME]
    missing = final[final["status"] == lg.NOT_PUBLISHED]
    assert sorted(missing["batch"]) == [6, 7]
    assert missing["count"].isna().all()
    figure = lg.batch_figure(series)
    bars = next(t for t in figure.data if t.type == "bar")
    assert sum(pd.notna(v) for v in bars.y) == 5
    assert sum("not published" in a.text for a in figure.layout.annotations) == 2
    # every compilation is drawn, none is merged into the final bars
    markers = sum(len(t.y) for t in figure.data if t.type == "scatter")
    assert markers == int((series["series"] != lg.FINAL_NAME).sum())


def test_span_and_thousands() -> None:
    assert lg.span([6, 7]) == "6–7" and lg.span([1, 3]) == "1, 3" and lg.span([]) == ""
    assert lg.thousands([1744, 1748]) == "1,744 / 1,748"


# --- stock and reviews -------------------------------------------------------------------------------------


def test_stock_keeps_more_than_qualifiers(package: DataPackage) -> None:
    points = lg.stock_points(package.table("lg_cumulative"))
    assert list(points["shown"]) == ["1,832", "4,762", "8,997", ">12,000", ">14,600"]
    figure = lg.stock_figure(points)
    assert any(t.marker.symbol == "triangle-up-open" for t in figure.data if t.type == "scatter")


def test_key_little_giants_are_never_in_the_stock(package: DataPackage) -> None:
    key = package.table("lg_key_support")
    points = lg.stock_points(package.table("lg_cumulative"))
    assert set(points["cumulative"]).isdisjoint(set(key["count"]))
    note = lg.key_support_note(key)
    assert note["key_batches"] == len(key)


def test_review_conflict_is_kept_and_the_choice_reconciles(package: DataPackage) -> None:
    chosen, others, reconciled = lg.chosen_reviews(
        package.table("lg_reviews"), package.table("lg_batches"), package.table("lg_cumulative")
    )
    batch1 = chosen[chosen["reviewed_batch"] == "1"].iloc[0]
    assert batch1["passed"] == 155 and "published stock" in batch1["why"]
    assert 142 in set(others["passed"]) and 1079 in set(others["passed"])
    assert reconciled is not None
    assert reconciled.previous - reconciled.reviewed + reconciled.passed + reconciled.new == reconciled.stock
    assert reconciled.stock == 8997
    summary = lg.review_summary(chosen, others)
    assert summary.reviewed == 248 + 1584 + 2930 and summary.passed == 155 + 1078 + 2430
    assert summary.combined == 3916


# --- geography ---------------------------------------------------------------------------------------------


def test_province_map_draws_every_feature(package: DataPackage) -> None:
    b1b2 = package.table("lg_province_b1b2")
    provinces = package.table("provinces")
    frame = lg.province_frame(b1b2)
    no_data = lg.no_data_areas(b1b2, provinces)
    document = package.tables["china_provinces"].document
    figure = lg.province_map(document, frame, no_data)
    assert all(isinstance(t, go.Choroplethmap) for t in figure.data)
    drawn = [int(a) for t in figure.data for a in t.locations]
    assert sorted(drawn) == sorted(int(f["properties"]["adcode"]) for f in document["features"])
    assert sum(figure.data[0].z) == 1832
    assert lg.province_numbers(frame)["top"] == "Zhejiang"


def test_regions_chart_only_published_counts(package: DataPackage) -> None:
    regions = package.table("lg_regions")
    frame = lg.region_frame(regions)
    assert frame["count"].notna().all()
    assert set(frame.groupby("scope")["count"].sum()) == {4762, 2930, 8997}
    numbers = lg.region_numbers(regions)
    assert numbers["unpublished_scope"].startswith("batch 5")
    assert "59%" in numbers["unpublished_shares"]


# --- industry ----------------------------------------------------------------------------------------------


def test_profile_check_separates_foundation_and_manufacturing(package: DataPackage) -> None:
    check = lg.profile_check(package.table("lg_industry"))
    assert check.foundation == 60 and check.manufacturing == 90
    assert check.registry_share == pytest.approx(64.77)
    frame = lg.profile_frame(package.table("lg_industry"))
    assert ">60%" in set(frame["shown"]) and "≈90%" in set(frame["shown"])


def test_registry_is_filtered_and_coloured_by_sector(package: DataPackage, labels: dict[str, str]) -> None:
    industry = package.table("lg_industry")
    every = lg.registry_frame(industry, list(labels), labels)
    assert set(every["sector_id"]) <= set(labels)
    nev = lg.registry_frame(industry, ["nev"], labels)
    assert list(nev["sector_id"]) == ["nev"]
    assert lg.registry_frame(industry, ["ngit"], labels).empty
    figure = lg.registry_figure(every)
    assert list(figure.data[0].marker.color) == [lg.SECTOR_COLOURS[s] for s in every["sector_id"]]
