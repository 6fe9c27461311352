"""Little giants: the page (AppTest) and its pure view module."""

from __future__ import annotations

import inspect

import pandas as pd
import plotly.graph_objects as go
import pytest
from streamlit import config

from industrial_base.facts.little_giants import FINAL, NOT_PUBLISHED, chosen_reviews
from industrial_base.i18n import Messages
from industrial_base.loading import load_package
from industrial_base.package import DataPackage
from industrial_base.pages.little_giants import PAGE as PAGE_DECLARED
from industrial_base.pages.little_giants import batches, common, geography, industry
from test_pages import every_view, open_page, texts, view_ids

PAGE = "little_giants.py"
EN, ZH = Messages("en"), Messages("zh")


@pytest.fixture(scope="module")
def package() -> DataPackage:
    return load_package()


@pytest.fixture(scope="module")
def labels(package: DataPackage) -> dict[str, str]:
    sectors = package.table("sectors").sort_values("sort_order")
    return dict(zip(sectors["sector_id"], sectors["label_en"], strict=True))


# --- the page ----------------------------------------------------------------------------------------------


VIEWS = [view.id for view in PAGE_DECLARED.views]


def whole_page(query: dict[str, str | list[str]] | None = None) -> str:
    """The words of every view of the page, each opened through its link, checked for exceptions."""
    shown = []
    for view, at in every_view(PAGE, query):
        assert not at.exception, (view, [e.message for e in at.exception])
        shown.append(texts(at))
    return " ".join(" ".join(shown).split())


def test_page_shows_one_chart_per_view_and_the_4762_check() -> None:
    first = open_page(PAGE)
    assert view_ids(first) == VIEWS
    for view, at in every_view(PAGE):
        assert not at.exception, (view, [e.message for e in at.exception])
        assert not at.error and not at.warning, view
        assert [t.value for t in at.title] == ["Little giants"]
        assert len(at.get("plotly_chart")) == 1, view  # only the chosen chart runs
    shown = whole_page()
    assert "248 + 1,584 + 2,930 = **4,762**" in shown
    assert "1,744 / 1,748" in shown  # the batch-2 discrepancy is spelled out
    assert "not published" in shown  # batches 6-7 have no final count
    assert "155" in shown and "142" in shown  # the review conflict is kept, and the choice is said
    assert "not new designations" in shown  # key little giants are not added to totals
    assert "more than 60%" in shown and "about 90% in manufacturing" in shown


def test_a_link_opens_its_view_and_the_picker_writes_the_link() -> None:
    at = open_page(PAGE, {"view": "map"})
    assert at.pills(key="pageview_little_giants").value == "map"
    assert f"**{EN('little_giants.map.title')}**" in texts(at)
    assert f"**{EN('little_giants.batches.title')}**" not in texts(at)
    at.pills(key="pageview_little_giants").set_value("cities").run()
    assert at.query_params["view"] == "cities"
    assert f"**{EN('little_giants.cities.title')}**" in texts(at)
    at.pills(key="pageview_little_giants").set_value("batches").run()  # the default leaves the link clean
    assert "view" not in at.query_params
    assert f"**{EN('little_giants.batches.title')}**" in texts(at)


def test_an_unknown_view_is_ignored_with_a_notice() -> None:
    at = open_page(PAGE, {"view": "nonsense"})
    assert not at.exception
    assert any("nonsense" in w.value and "view" in w.value for w in at.warning), [w.value for w in at.warning]
    assert at.pills(key="pageview_little_giants").value == "batches"
    assert len(at.get("plotly_chart")) == 1


def test_sector_filter_changes_only_the_sector_card() -> None:
    everything = open_page(PAGE, {"view": "registry"})
    nev = open_page(PAGE, {"view": "registry", "sector": "nev"})
    assert not nev.exception and not nev.warning
    assert any("Filtered to sectors: NEV" in i.value for i in nev.info)
    assert "of 3,330 firms" in texts(everything)
    assert "338 of 338 firms" in texts(nev)
    # views without a sector dimension say so and are unchanged
    first_view = open_page(PAGE, {"sector": "nev"})
    assert any("not broken down by sector" in i.value for i in first_view.info)
    assert "248 + 1,584 + 2,930 = **4,762**" in texts(first_view)
    assert len(first_view.get("plotly_chart")) == 1


def test_sector_filter_that_hides_everything_says_so() -> None:
    at = open_page(PAGE, {"view": "registry", "sector": "ngit"})
    assert not at.exception
    assert any("None of the registry's manufacturing divisions" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 0  # the registry chart is replaced by the notice, not drawn empty


def test_cached_cards_follow_the_sector_filter_and_language_in_one_session() -> None:
    """The cards are cached per (sectors, language): one session changing both must see each new state,
    including the empty registry and the way back (a key missing from the cache would show stale cards)."""
    at = open_page(PAGE, {"view": "registry"})
    assert "of 3,330 firms" in texts(at)
    at.multiselect(key="sector").set_value(["nev"]).run()
    assert "338 of 338 firms" in texts(at) and "of 3,330 firms" not in texts(at)
    at.multiselect(key="sector").set_value(["ngit"]).run()
    assert any("None of the registry's manufacturing divisions" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 0
    at.multiselect(key="sector").set_value([]).run()
    assert "of 3,330 firms" in texts(at) and len(at.get("plotly_chart")) == 1
    at.pills(key="pageview_little_giants").set_value("batches").run()
    at.segmented_control(key="lang").set_value("zh").run()
    assert not at.exception
    assert at.title[0].value == ZH("little_giants.page.title")
    assert "**" + ZH("little_giants.batches.title") + "**" in texts(at)
    assert "**" + EN("little_giants.batches.title") + "**" not in texts(at)


def test_page_in_chinese_shows_chinese_titles_and_commentary_with_the_numbers(package: DataPackage) -> None:
    first = open_page(PAGE, {"lang": "zh"})
    assert [t.value for t in first.title] == [ZH("little_giants.page.title")] == ["专精特新“小巨人”企业"]
    assert [o for o in first.pills(key="pageview_little_giants").options] == [
        ZH(f"little_giants.{view}.label") for view in VIEWS
    ]
    for view, at in every_view(PAGE, {"lang": "zh"}):
        assert not at.error and not at.warning, view
        assert len(at.get("plotly_chart")) == 1, view
    shown = whole_page({"lang": "zh"})
    for key in ("batches", "stock", "reviews", "map", "regions", "cities", "profile", "registry"):
        assert f"**{ZH(f'little_giants.{key}.title')}**" in shown, key
    assert f"**{ZH('little_giants.top_provinces.title', n=10)}**" == "**前10位省份（第1–2批）**"
    assert "**前10位省份（第1–2批）**" in shown
    check = batches.batch_check(ZH, package.table("lg_batches"), package.table("lg_cumulative"))
    takeaway = ZH("little_giants.batches.takeaway", **check)
    assert "第6–7批只有公示名单汇总数" in takeaway and f"*{' '.join(takeaway.split())}*" in shown
    # the commentary has the data's numbers, dates in the Chinese convention and lists joined the Chinese way
    assert "248 + 1,584 + 2,930 = **4,762**，即2021年11月23日公布的总数" in shown
    assert "（分别多出160和164家）" in shown
    assert (
        "4,762 − 248（第1批，参加复核）+ 155（通过复核）+ 4,328（第4批）= **8,997**（2022年9月8日）" in shown
    )
    assert ">12,000（2023年8月1日）、>14,600（2024年）" in shown
    assert "第1–2批“小巨人”企业中，浙江省最多（1,832家中的162家）" in shown
    # no English card title or commentary leaks into the Chinese page
    for english in ("Little giants per batch", "What the data shows", "Published stock", "Leading cities"):
        assert english not in shown, english


def test_chinese_sector_filter_notice_names_the_sector_in_chinese() -> None:
    at = open_page(PAGE, {"lang": "zh", "sector": "ngit", "view": "registry"})
    assert not at.exception
    expected = ZH("little_giants.registry.empty", chosen="新一代信息技术")
    assert any(i.value == expected for i in at.info), [i.value for i in at.info]


def test_invalid_sector_link_is_ignored_without_exception() -> None:
    at = open_page(PAGE, {"sector": ["nev", "x" * 300]})
    assert not at.exception
    assert at.multiselect(key="sector").value == ["nev"]


def test_the_view_module_is_pure() -> None:
    for module in (common, batches, geography, industry):
        assert "streamlit" not in inspect.getsource(module)


# --- batches -----------------------------------------------------------------------------------------------


def test_batch_sum_reproduces_the_published_stock(package: DataPackage) -> None:
    check = batches.batch_check(EN, package.table("lg_batches"), package.table("lg_cumulative"))
    assert (check["b1"], check["b2"], check["b3"]) == (248, 1584, 2930)
    assert check["total"] == check["stock"] == 4762  # the sum matches the published stock
    assert check["stock_date"] == "23 Nov 2021"
    assert check["b2_publicity"] == "1,744 / 1,748"
    assert check["b2_gap"] == "160 and 164"
    assert check["unpublished"] == "6–7"


def test_batches_without_a_final_count_are_not_filled(package: DataPackage) -> None:
    series = batches.batch_series(EN, package.table("lg_batches"))
    final = series[series["count_type"] == FINAL]
    assert set(final["series"]) == {"Final count (MIIT)"}
    missing = final[final["status"] == NOT_PUBLISHED]
    assert sorted(missing["batch"]) == [6, 7]
    assert missing["count"].isna().all()
    figure = batches.batch_figure(EN, series)
    bars = next(t for t in figure.data if t.type == "bar")
    assert sum(pd.notna(v) for v in bars.y) == 5
    assert sum("not published" in a.text for a in figure.layout.annotations) == 2
    # every compilation is drawn, none is merged into the final bars
    markers = sum(len(t.y) for t in figure.data if t.type == "scatter")
    assert markers == int((series["count_type"] != FINAL).sum())


def test_span_and_thousands() -> None:
    assert common.span([6, 7]) == "6–7" and common.span([1, 3]) == "1, 3" and common.span([]) == ""
    assert common.thousands([1744, 1748]) == "1,744 / 1,748"


# --- stock and reviews -------------------------------------------------------------------------------------


def test_stock_keeps_more_than_qualifiers(package: DataPackage) -> None:
    points = batches.stock_points(package.table("lg_cumulative"))
    assert list(points["shown"]) == ["1,832", "4,762", "8,997", ">12,000", ">14,600"]
    figure = batches.stock_figure(EN, points)
    assert any(t.marker.symbol == "triangle-up-open" for t in figure.data if t.type == "scatter")


def test_key_little_giants_are_never_in_the_stock(package: DataPackage) -> None:
    key = package.table("lg_key_support")
    points = batches.stock_points(package.table("lg_cumulative"))
    assert set(points["cumulative"]).isdisjoint(set(key["count"]))
    note = batches.key_support_note(key)
    assert note["key_batches"] == len(key)


def test_review_conflict_is_kept_and_the_choice_reconciles(package: DataPackage) -> None:
    chosen, others, reconciled = chosen_reviews(
        package.table("lg_reviews"), package.table("lg_batches"), package.table("lg_cumulative")
    )
    batch1 = chosen[chosen["reviewed_batch"] == "1"].iloc[0]
    assert (
        batch1["passed"] == 155 and "published stock" in EN.labels("little_giants.reviews.why")[batch1["why"]]
    )
    assert 142 in set(others["passed"]) and 1079 in set(others["passed"])
    assert reconciled is not None
    assert reconciled.previous - reconciled.reviewed + reconciled.passed + reconciled.new == reconciled.stock
    assert reconciled.stock == 8997
    summary = batches.review_summary(EN, chosen, others)
    assert summary["reviewed"] == 248 + 1584 + 2930 and summary["passed"] == 155 + 1078 + 2430
    assert summary["combined"] == 3916


# --- geography ---------------------------------------------------------------------------------------------


def test_province_map_draws_every_feature(package: DataPackage) -> None:
    b1b2 = package.table("lg_province_b1b2")
    provinces = package.table("provinces")
    frame = geography.province_frame(b1b2)
    no_data = geography.no_data_areas(b1b2, provinces)
    document = package.tables["china_provinces"].document
    figure = geography.province_map(EN, document, frame, no_data)
    assert all(isinstance(t, go.Choroplethmap) for t in figure.data)
    drawn = [int(a) for t in figure.data for a in t.locations]
    assert sorted(drawn) == sorted(int(f["properties"]["adcode"]) for f in document["features"])
    assert sum(figure.data[0].z) == 1832
    assert geography.province_numbers(EN, frame)["top"] == "Zhejiang"


def test_regions_chart_only_published_counts(package: DataPackage) -> None:
    regions = package.table("lg_regions")
    frame = geography.region_frame(EN, regions)
    assert frame["count"].notna().all()
    assert set(frame.groupby("scope")["count"].sum()) == {4762, 2930, 8997}
    numbers = geography.region_numbers(EN, regions)
    assert numbers["unpublished_scope"].startswith("batch 5")
    assert "59%" in numbers["unpublished_shares"]


# --- industry ----------------------------------------------------------------------------------------------


def test_profile_check_separates_foundation_and_manufacturing(package: DataPackage) -> None:
    check = industry.profile_check(EN, package.table("lg_industry"))
    assert check["foundation"] == 60 and check["manufacturing"] == 90
    assert check["registry_share"] == pytest.approx(64.77)
    frame = industry.profile_frame(package.table("lg_industry"))
    assert ">60%" in set(frame["shown"]) and "≈90%" in set(frame["shown"])


def test_registry_is_filtered_and_coloured_by_sector(package: DataPackage, labels: dict[str, str]) -> None:
    rows = package.table("lg_industry")
    every = industry.registry_frame(rows, list(labels), labels)
    assert set(every["sector_id"]) <= set(labels)
    nev = industry.registry_frame(rows, ["nev"], labels)
    assert list(nev["sector_id"]) == ["nev"]
    assert industry.registry_frame(rows, ["ngit"], labels).empty
    figure = industry.registry_figure(EN, every)
    assert list(figure.data[0].marker.color) == [industry.SECTOR_COLOURS[s] for s in every["sector_id"]]


# --- Chinese figures and words ------------------------------------------------------------------------------


def legend_names(figure: go.Figure) -> set[str]:
    return {t.name for t in figure.data if t.name and t.showlegend is not False}


def test_chinese_batch_and_stock_figures(package: DataPackage) -> None:
    series = batches.batch_series(ZH, package.table("lg_batches"))
    assert "第1批（2019年）" in set(series["batch_label"])
    assert set(series.loc[series["count"].isna(), "status"]) == {"未公布"}
    figure = batches.batch_figure(ZH, series)
    assert figure.layout.yaxis.title.text == "企业数（家）"
    assert {"最终公布数（工信部）", "工信部公示名单", "汇总：中制智库（行业协会）"} <= legend_names(figure)
    assert "第1批<br>2019年" in figure.layout.xaxis.ticktext
    assert sum(a.text == "最终数量：未公布" for a in figure.layout.annotations) == 2
    assert all("家" in t.hovertemplate for t in figure.data)

    stock = batches.stock_figure(ZH, batches.stock_points(package.table("lg_cumulative")))
    assert stock.layout.yaxis.title.text == "“小巨人”企业（存量）"
    assert stock.layout.xaxis.title.text == "截至日期（按公布时的写法）"
    assert "2021年11月23日" in stock.layout.xaxis.ticktext
    assert {"确切数量", "以门槛值公布（“超过”）"} <= legend_names(stock)


def test_chinese_review_figure_and_summary(package: DataPackage) -> None:
    chosen, others, _ = chosen_reviews(
        package.table("lg_reviews"), package.table("lg_batches"), package.table("lg_cumulative")
    )
    reason = chosen.loc[chosen["reviewed_batch"] == "1", "why"].iloc[0]
    assert ZH.labels("little_giants.reviews.why")[reason] == "可还原工信部公布的存量"
    figure = batches.reviews_figure(ZH, chosen)
    assert {t.name for t in figure.data} == {"参加复核（该批最终数量）", "通过复核"}
    assert figure.layout.yaxis.title.text == "企业数（家）"
    assert "第1批<br>（2022年复核）" in set(figure.data[0].x)
    summary = batches.review_summary(ZH, chosen, others)
    assert summary["choices"].startswith("第1批：155家（可还原工信部公布的存量）；第2批：1,078家")


def test_chinese_map_and_province_bars_use_chinese_names(package: DataPackage) -> None:
    b1b2 = package.table("lg_province_b1b2")
    frame = geography.province_frame(b1b2)
    no_data = geography.no_data_areas(b1b2, package.table("provinces"))
    figure = geography.province_map(ZH, "boundaries.geojson", frame, no_data)
    assert figure.data[0].colorbar.title.text == "企业数（家）"
    assert "浙江省" in figure.data[0].text and "Zhejiang" not in figure.data[0].text
    assert figure.data[0].hovertemplate.startswith("%{text}: %{z:,} 家")
    assert "台湾: 不在工信部统计表中" in figure.data[1].text
    bars = geography.top_provinces_figure(ZH, frame, 10)
    assert bars.data[0].y[0] == "浙江省" and bars.layout.xaxis.title.text == "企业数（家）"
    numbers = geography.province_numbers(ZH, frame)
    assert numbers["top"] == "浙江省" and numbers["derived"].count("、") == 5


def test_chinese_region_city_profile_and_registry_figures(package: DataPackage) -> None:
    regions = geography.region_figure(ZH, geography.region_frame(ZH, package.table("lg_regions")))
    assert regions.layout.yaxis.title.text == "企业数（家）"
    assert {"东部", "中部", "西部", "东北"} <= set(regions.data[0].x)
    assert any("（n = 4,762，4个区域）" in name for name in legend_names(regions))
    cities = geography.city_figure(ZH, geography.city_frame(package.table("lg_cities")))
    assert "深圳" in cities.layout.yaxis.ticktext and "Shenzhen" not in cities.layout.yaxis.ticktext
    assert cities.layout.xaxis.title.text == "企业数（家）"
    profile = industry.profile_figure(ZH, industry.profile_frame(package.table("lg_industry")))
    assert profile.layout.xaxis.title.text == "占比（%，按公布值）"
    assert {"官方", "第三方"} <= legend_names(profile)
    sectors = package.table("sectors")
    labels = dict(zip(sectors["sector_id"], sectors["label_zh"], strict=True))
    registry = industry.registry_figure(
        ZH, industry.registry_frame(package.table("lg_industry"), list(labels), labels)
    )
    assert registry.layout.xaxis.title.text == "企业数（登记信息标注）"
    assert "高端装备" in legend_names(registry)
    assert any("通用设备制造业" in label for label in registry.data[0].y)


def test_words_are_joined_in_the_reader_convention() -> None:
    assert EN.join(["A", "B", "C"]) == "A, B and C" and EN.join(["A", "B"]) == "A and B"
    assert ZH.join(["甲", "乙", "丙"]) == "甲、乙和丙"


def test_maps_say_why_when_static_serving_is_off() -> None:
    """Without static file serving the map would load the page's HTML as its boundaries (a blank map): the
    card says why instead, and charts that are not maps are unaffected."""
    before = config.get_option("server.enableStaticServing")
    config.set_option("server.enableStaticServing", False)
    try:
        at = open_page(PAGE, {"view": "map"})
        assert not at.exception
        assert len(at.get("plotly_chart")) == 0
        assert any("server.enableStaticServing" in e.value for e in at.error)
        assert len(open_page(PAGE, {"view": "regions"}).get("plotly_chart")) == 1
    finally:
        config.set_option("server.enableStaticServing", before)
