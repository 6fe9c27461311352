"""Clusters: the page (AppTest: views, filters, URL state, sector filter) and its pure view module."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.page import picker_key
from industrial_base.facts import clusters as facts
from industrial_base.i18n import Messages
from industrial_base.loading import load_package
from industrial_base.package import DataPackage
from industrial_base.pages import clusters as cv
from test_pages import every_view, open_page, texts, view_ids
from test_validation import rewrite, schema_of

PAGE = "clusters.py"
EN, ZH = Messages("en"), Messages("zh")
UNNAMED = EN("clusters.names.unnamed")
VIEWS = [view.id for view in cv.PAGE.views]
CONTROL = picker_key(cv.PAGE)
CHARTS = {view.id: {view.key} if view.chart else set() for view in cv.PAGE.views}
"""The chart card each view draws (the list is a table, not a chart)."""
HEADINGS = {view.id: view.id for view in cv.PAGE.views if view.heading}
"""Views with a heading of their own: the list (a chart's card names the chart)."""
LIST = {"view": "list"}
"""The list's link: the page opens on the clusters by field (a chart), the list is one click away."""


@pytest.fixture(scope="module")
def package() -> DataPackage:
    return load_package()


@pytest.fixture(scope="module")
def labels(package: DataPackage) -> dict[str, str]:
    sectors = package.table("sectors").sort_values("sort_order")
    return dict(zip(sectors["sector_id"], sectors["label_en"], strict=True))


def shown_rows(at) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return at.dataframe[0].value


def flat(at: AppTest) -> str:
    return " ".join(texts(at).split())


def chart_keys(at: AppTest) -> set[str]:
    """Keys of the chart cards drawn (`st.plotly_chart(key=f"chart_{key}")`)."""
    return {chart.proto.id.rsplit("-chart_", 1)[-1] for chart in at.get("plotly_chart")}


def views_shown(at: AppTest, *ids: str) -> str:
    """The text of each view in turn, chosen with the page's control as a reader would, then back to the
    list (whose filters come back from the link)."""
    shown = []
    for view in ids:
        at.button_group(key=CONTROL).set_value(view).run()
        assert not at.exception, [e.message for e in at.exception]
        shown.append(flat(at))
    at.button_group(key=CONTROL).set_value("list").run()
    assert not at.exception, [e.message for e in at.exception]
    return "\n".join(shown)


# --- the page ----------------------------------------------------------------------------------------------


def test_page_shows_title_table_and_the_claim_check() -> None:
    opened = dict(every_view(PAGE))
    assert list(opened) == VIEWS
    for view, at in opened.items():
        assert not at.exception, (view, [e.message for e in at.exception])
        assert not at.error and not at.warning, view
        assert [t.value for t in at.title] == ["Clusters"]
    shown = flat(opened["claim"])
    assert "The 25 is right" in shown and "our table lists 25 clusters" in shown
    assert "not found in any published source" in shown
    assert "45 national clusters after the 2022 round and 80 after 2024" in shown
    assert "14 unnamed winners of 2024" in flat(opened["list"])  # the list's caption
    rows = shown_rows(opened["list"])
    assert len(rows) == 66
    assert (rows["name"] == UNNAMED).sum() == 2
    assert sum(len(at.get("plotly_chart")) for at in opened.values()) == 4


def test_sidebar_sector_filter_changes_the_counts() -> None:
    everything = open_page(PAGE, LIST)
    nev = open_page(PAGE, {"sector": "nev", **LIST})
    assert not nev.exception and not nev.warning
    rows = shown_rows(nev)
    assert 0 < len(rows) < len(shown_rows(everything))
    assert set(rows["field"]) == {"NEV & intelligent connected vehicles"}
    assert f"Showing **{len(rows)}** of the 66" in texts(nev)
    assert "Showing **66** of the 66" in texts(everything)
    assert any("Filtered to sectors" in i.value for i in nev.info)
    totals = open_page(PAGE, {"sector": "nev", "view": "claim"})
    assert not totals.exception and not totals.warning
    assert any("not broken down by sector" in i.value for i in totals.info)  # the totals card says so


def test_url_seeds_the_page_filters() -> None:
    at = open_page(
        PAGE,
        {"q": "Suzhou", "field": "biomed", "province": "320000", "cohort": "2022", "confidence": "high"},
    )
    assert not at.exception and not at.warning
    assert at.text_input(key="q").value == "Suzhou"
    assert at.multiselect(key="field").value == ["biomed"]
    assert at.multiselect(key="province").value == ["320000"]
    assert at.multiselect(key="cohort").value == ["2022"]
    assert at.multiselect(key="confidence").value == ["high"]
    rows = shown_rows(at)
    assert list(rows["cluster_id"]) == ["c45-38"]


def test_filters_are_written_back_to_the_url() -> None:
    at = open_page(PAGE, LIST)
    at.multiselect(key="cohort").set_value(["2021", "2024"]).run()
    assert at.query_params["cohort"] == ["2021", "2024"]  # ids, one value each
    at.text_input(key="q").input("集成电路").run()
    assert not at.exception
    assert at.query_params["q"] in ("集成电路", ["集成电路"])
    assert list(shown_rows(at)["cluster_id"]) == ["c45-03", "c24-03"]
    at.multiselect(key="cohort").set_value([]).run()
    assert "cohort" not in at.query_params  # the default is not written


def test_search_that_matches_nothing_says_so() -> None:
    at = open_page(PAGE, {"q": "no such cluster"})
    assert not at.exception
    assert any("No cluster matches" in i.value for i in at.info)
    assert "Showing **0**" in texts(at)


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("cohort", "1999"),
        ("province", "999999"),
        ("field", "bogus"),
        ("confidence", "certain"),
        ("q", "x" * 500),
        ("q", ["a", "b"]),
    ],
)
def test_invalid_params_are_ignored_with_a_notice(param: str, value: str | list[str]) -> None:
    at = open_page(PAGE, {param: value})
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any("Ignored part of the link" in w and f"parameter '{param}'" in w for w in warnings)
    assert max(len(w) for w in warnings) < 400
    assert len(at.dataframe) == 1


def test_cached_list_and_cards_follow_every_filter_and_the_language(package: DataPackage) -> None:
    """The list, its caption and the cards are cached per (data, language, filter values) and shared by every
    session: each change must show what the new values select, and going back the old rows again. A filter
    left out of a cache key would leave the previous state's rows or words on the page."""
    clusters, provinces = package.table("clusters"), package.table("provinces")

    def expected(**given: Any) -> list[str]:
        return list(cv.filter_clusters(clusters, provinces, **given)["cluster_id"])

    def check(at: AppTest, ids: list[str]) -> None:
        assert not at.exception, [e.message for e in at.exception]
        assert list(shown_rows(at)["cluster_id"]) == ids
        assert f"Showing **{len(ids)}** of the 66" in flat(at)

    at = open_page(PAGE, LIST)
    everything = expected()
    check(at, everything)
    cards = views_shown(at, "fields", "map")
    assert "in 3 of the 6 fields shown" in cards and "Jiangsu has the most listed clusters (12)" in cards
    changes = [
        ("text_input", "q", "Suzhou", "", {"q": "Suzhou"}),
        ("multiselect", "field", ["biomed"], [], {"field": ("biomed",)}),
        ("multiselect", "province", ["320000"], [], {"province": ("320000",)}),
        ("multiselect", "cohort", ["2024"], [], {"cohort": ("2024",)}),
        ("multiselect", "confidence", ["high"], [], {"confidence": ("high",)}),
        ("multiselect", "sector", ["nev"], [], {"sectors": ("nev",)}),
    ]
    for kind, key, value, default, given in changes:
        ids = expected(**given)
        assert 0 < len(ids) < len(everything), key  # each change selects something else
        widget = getattr(at, kind)(key=key)
        (widget.input(value) if kind == "text_input" else widget.set_value(value)).run()
        check(at, ids)
        cards = views_shown(at, "fields", "map")
        check(at, ids)  # back on the list, its filters come back from the link
        if key == "sector":  # the cards follow the sidebar's sectors too
            assert "in the 1 field(s) shown" in cards
            assert "Fujian, Guangdong, Hubei and Jilin have the most listed clusters (1 each)" in cards
            assert "Jiangsu has the most" not in cards
        widget = getattr(at, kind)(key=key)
        (widget.input(default) if kind == "text_input" else widget.set_value(default)).run()
        check(at, everything)
        cards = views_shown(at, "fields", "map")
        assert "in 3 of the 6 fields shown" in cards and "Jiangsu has the most listed clusters (12)" in cards

    at.multiselect(key="cohort").set_value(["2021"]).run()
    at.segmented_control(key="lang").set_value("zh").run()  # same filters, other language: new words
    assert not at.exception
    rows = shown_rows(at).set_index("cluster_id")
    assert list(rows.index) == expected(cohort=("2021",))
    assert rows.loc["c45-01", "name"] == "广东省深圳市新一代信息通信集群"
    shown = flat(at)
    assert f"当前显示我们能列出的66个集群中的 **{len(rows)}** 个" in shown and "Showing" not in shown
    assert "江苏已列出的集群最多（12个）" in views_shown(at, "map")


# --- one view at a time -----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_view_runs_and_its_link_opens_it(language: str) -> None:
    m = Messages(language)
    query = {"lang": language}
    for view, at in every_view(PAGE, query):
        assert not at.exception, (view, [e.message for e in at.exception])
        assert not at.error and not at.warning, view
        assert view_ids(at) == VIEWS
        assert at.button_group(key=CONTROL).value == view
        assert at.button_group(key=CONTROL).options == [m(f"clusters.{v}.label") for v in VIEWS]
        assert at.query_params.get("view") == (None if view == VIEWS[0] else view)  # the default: clean
        headings = [m(f"clusters.{HEADINGS[view]}.title")] if view in HEADINGS else []
        assert [h.value for h in at.subheader] == headings
        assert chart_keys(at) == CHARTS[view], view  # only the chosen view's card runs
        assert len(at.dataframe) == (1 if view == "list" else 0), view


def test_each_view_says_whether_the_sector_filter_applies() -> None:
    for view, at in every_view(PAGE, {"sector": "nev"}):
        assert not at.exception, (view, [e.message for e in at.exception])
        notes = [i.value for i in at.info]
        filtered = EN("ui.scope.filtered", sectors="NEV & intelligent connected vehicles")
        assert (filtered in notes) == (view != "claim"), view
        assert (EN("ui.scope.no_sector") in notes) == (view == "claim"), view


def test_an_unknown_view_is_ignored_and_the_first_is_shown() -> None:
    at = open_page(PAGE, {"view": "nonexistent"})
    assert not at.exception
    assert any("Ignored part of the link" in w.value and "parameter 'view'" in w.value for w in at.warning)
    assert at.button_group(key=CONTROL).value == VIEWS[0] == "fields"  # a chart, not the list's grid
    assert "view" not in at.query_params
    assert not at.dataframe and chart_keys(at) == CHARTS["fields"]


def test_a_link_with_the_lists_filters_and_no_view_opens_the_list() -> None:
    """Links copied while the list was the page's default name no view: their search and filters still open
    the list (and the link then names it)."""
    at = open_page(PAGE, {"q": "Suzhou"})
    assert not at.exception and not at.warning
    assert at.button_group(key=CONTROL).value == "list"
    assert at.text_input(key="q").value == "Suzhou" and len(at.dataframe) == 1
    assert at.query_params["view"] == "list"
    plain = open_page(PAGE, {"sector": "nev"})  # the sidebar's filter is every view's: the first view
    assert plain.button_group(key=CONTROL).value == "fields" and not plain.dataframe


def test_list_filters_survive_a_visit_to_another_view(package: DataPackage) -> None:
    """The list's widgets are not drawn on another view; their values wait in the link and come back."""
    filters = {"q": "Suzhou", "cohort": ("2022",)}
    rows = list(
        cv.filter_clusters(package.table("clusters"), package.table("provinces"), **filters)["cluster_id"]
    )
    assert 0 < len(rows) < 66
    at = open_page(PAGE, {"q": "Suzhou", "cohort": "2022"})  # no view: its filters open the list
    assert at.button_group(key=CONTROL).value == "list"
    assert list(shown_rows(at)["cluster_id"]) == rows
    at.button_group(key=CONTROL).set_value("map").run()
    assert not at.exception and not at.dataframe
    assert at.query_params["view"] == "map"
    assert (at.query_params["q"], at.query_params["cohort"]) == ("Suzhou", "2022")  # kept in the link
    at.button_group(key=CONTROL).set_value("list").run()
    assert not at.exception and not at.warning
    assert at.text_input(key="q").value == "Suzhou" and at.multiselect(key="cohort").value == ["2022"]
    assert list(shown_rows(at)["cluster_id"]) == rows
    assert at.query_params["view"] == "list"


def test_a_broken_boundary_file_fails_the_map_view_only(app_data: Path) -> None:
    geo = schema_of(app_data, "china_provinces")
    (app_data / geo["path"]).write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    for view, at in every_view(PAGE):
        assert not at.exception, (view, [e.message for e in at.exception])
        if view != "map":
            assert not at.error and chart_keys(at) == CHARTS[view], view
            continue
        assert not at.get("plotly_chart")
        assert [e.value for e in at.error] == [EN("ui.errors.unavailable", name="china_provinces", count=1)]
        assert f"**{EN('clusters.provinces.short')}**" in texts(at)
        issues = at.dataframe[0].value.iloc[0]
        assert (issues["file"], issues["line"], issues["rule"]) == (f"data/{geo['path']}", 1, "geojson")


def test_no_cluster_in_the_chosen_sectors_says_so_on_the_province_views(app_data: Path) -> None:
    def move_nev_to_other(rows: list[list[str]]) -> None:
        column = rows[0].index("sector_id")
        for row in rows[1:]:
            row[column] = "other" if row[column] == "nev" else row[column]

    rewrite(app_data, "clusters", move_nev_to_other)
    assert load_package(app_data).errors == []
    for view in ("map", "provinces"):
        at = open_page(PAGE, {"sector": "nev", "view": view})
        assert not at.exception and not at.error, view
        assert EN("clusters.provinces.empty") in [i.value for i in at.info], view
        assert not at.get("plotly_chart"), view
        assert not at.subheader


def test_the_view_module_is_pure() -> None:
    assert "streamlit" not in inspect.getsource(cv)


# --- provinces ---------------------------------------------------------------------------------------------


def test_cross_province_clusters_are_not_dropped(package: DataPackage, labels: dict[str, str]) -> None:
    clusters = package.table("clusters")
    provinces = package.table("provinces")
    by_sector, mapped = cv.province_counts(EN, clusters, provinces, labels)
    cross = int(clusters["province_adcode"].isna().sum())
    assert cross > 0
    assert int(by_sector["clusters"].sum()) == len(clusters)  # every cluster counted exactly once
    assert int(mapped["clusters"].sum()) + cross == len(clusters)  # the map leaves out only those
    assert (
        int(by_sector.loc[by_sector["place"] == EN("clusters.provinces.cross_label"), "clusters"].sum())
        == cross
    )
    numbers = cv.province_numbers(EN, by_sector, clusters)
    assert numbers["cross"] == cross and numbers["counted"] == len(clusters)
    assert numbers["top"] == "Jiangsu"


def test_counts_by_province_for_the_45_match_the_published_breakdown(
    package: DataPackage, labels: dict[str, str]
) -> None:
    clusters = package.table("clusters")
    forty_five = clusters[clusters["cohort"].isin([2021, 2022])]
    _, mapped = cv.province_counts(EN, forty_five, package.table("provinces"), labels)
    counts = dict(zip(mapped["province_en"], mapped["clusters"], strict=True))
    assert counts["Jiangsu"] == 10 and counts["Guangdong"] == 7 and counts["Zhejiang"] == 4
    published = cv.list_numbers(package.table("clusters"), package.table("clusters_aggregates"))
    assert published["by_province"].startswith("JS10 GD7 ZJ4")


def test_cluster_provinces_split_cross_province_records(package: DataPackage) -> None:
    clusters = package.table("clusters")
    provinces = package.table("provinces")
    codes = facts.cluster_provinces(clusters, provinces)
    by_id = dict(zip(clusters["cluster_id"], codes, strict=True))
    assert by_id["c45-31"] == (110000, 120000, 130000)  # Beijing-Tianjin-Hebei
    assert by_id["c24-01"] == (610000, 150000, 640000)  # Shaanxi; Inner Mongolia; Ningxia
    assert by_id["c45-01"] == (440000,)
    assert facts.province_names("Shaanxi; Gansu (cross-provincial)") == ["Shaanxi", "Gansu"]


def test_an_unknown_province_is_an_error_not_a_silent_drop(data_copy: Path) -> None:
    """A cluster placed in a province the lookup does not have fails validation (it would drop off a map)."""

    def move(rows: list[list[str]]) -> None:
        header = rows[0]
        rows[1][header.index("province_adcode")] = ""
        rows[1][header.index("province_or_region")] = "Atlantis; Jiangsu (cross-provincial)"

    rewrite(data_copy, "clusters", move)
    [issue] = load_package(data_copy).tables["clusters"].errors
    assert (issue.rule, issue.line, issue.column) == ("known-province", 2, "province_or_region")
    assert "Atlantis" in str(issue.value)


def test_province_filter_matches_cross_province_clusters(package: DataPackage) -> None:
    clusters = package.table("clusters")
    provinces = package.table("provinces")
    shaanxi = cv.filter_clusters(clusters, provinces, province=("610000",))
    assert set(shaanxi["cluster_id"]) == {"c45-20", "c24-01", "c24-14"}


# --- fields, totals and the claim -------------------------------------------------------------------------


def test_field_comparison_official_vs_inferred(package: DataPackage, labels: dict[str, str]) -> None:
    frame = cv.field_comparison(
        EN, package.table("clusters"), package.table("clusters_aggregates"), labels, list(labels)
    )
    official = frame[frame["split"] == cv.OFFICIAL]
    ours = frame[frame["split"] == cv.INFERRED]
    assert int(official["clusters"].sum()) == 45 and int(ours["clusters"].sum()) == 45
    assert official.set_index("sector_id").loc["ngit", "clusters"] == 13
    assert pd.isna(official.set_index("sector_id").loc["other", "clusters"])  # not in the published split
    numbers = cv.field_numbers(EN, frame)
    assert numbers["agree"] < numbers["fields"] == 6  # ours does not reproduce the split
    assert "New-generation information technology: 12 vs 13" in numbers["differences"]
    only_nev = cv.field_comparison(
        EN, package.table("clusters"), package.table("clusters_aggregates"), labels, ["nev"]
    )
    assert set(only_nev["sector_id"]) == {"nev"}


def test_totals_and_the_unnamed_2024_winners(package: DataPackage) -> None:
    clusters = package.table("clusters")
    aggregates = package.table("clusters_aggregates")
    totals = cv.list_totals(EN, clusters, aggregates)
    sums = totals.groupby("list", sort=False)["clusters"].sum()
    assert list(sums) == [25, 45, 80]
    latest = totals[totals["list"] == totals["list"].iloc[-1]].set_index("part")["clusters"]
    assert latest["unlisted"] == cv.list_numbers(clusters, aggregates)["unnamed_2024"] == 14


def test_claim_check_confirms_25_and_not_the_7(package: DataPackage) -> None:
    check = cv.claim_numbers(
        EN, package.table("clusters"), package.table("clusters_aggregates"), package.table("sectors")
    )
    assert check["listed_2021"] == check["published_2021"] == 25
    assert check["claimed_basic"] == 7
    assert "No source found naming the 7" in check["claim_note"]
    assert (check["total_2022"], check["total_2024"]) == (45, 80)


def test_unnamed_clusters_say_so(package: DataPackage, labels: dict[str, str]) -> None:
    table = cv.table_frame(EN, package.table("clusters"), package.table("provinces"), labels)
    unnamed = table[table["name"] == UNNAMED]
    assert list(unnamed["cluster_id"]) == ["c45-44", "c45-45"]
    assert (unnamed["name_zh"] == UNNAMED).all()


def test_ties_and_no_cross_province_clusters_read_correctly(
    package: DataPackage, labels: dict[str, str]
) -> None:
    clusters = package.table("clusters")
    nev = clusters[clusters["sector_id"] == "nev"]
    by_sector, _ = cv.province_counts(EN, nev, package.table("provinces"), labels)
    numbers = cv.province_numbers(EN, by_sector, nev)
    assert numbers["top"] == "Fujian, Guangdong, Hubei and Jilin"
    assert (numbers["tie"], numbers["top_count"], numbers["cross"]) == (True, 1, 0)
    at = open_page(PAGE, {"sector": "nev", "view": "map"})
    assert not at.exception and not at.warning
    shown = flat(at)
    assert "Fujian, Guangdong, Hubei and Jilin have the most listed clusters (1 each)" in shown
    assert "none of the clusters shown spans several provinces" in shown


# --- in Chinese --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def labels_zh(package: DataPackage) -> dict[str, str]:
    sectors = package.table("sectors").sort_values("sort_order")
    return dict(zip(sectors["sector_id"], sectors["label_zh"], strict=True))


def test_page_in_chinese_shows_chinese_titles_takeaways_and_names() -> None:
    opened = dict(every_view(PAGE, {"lang": "zh"}))
    for view, at in opened.items():
        assert not at.exception, (view, [e.message for e in at.exception])
        assert not at.error and not at.warning, view
        assert [t.value for t in at.title] == ["先进制造业集群"]
        shown = flat(at)
        assert "The list" not in shown and "Showing" not in shown, view  # no English left in our prose
    # chart titles and takeaways from the zh catalogue, with the data's numbers filled in
    assert "2021–2022年的45个集群按领域分布：官方划分与我们的归类" in flat(opened["fields"])
    assert "江苏已列出的集群最多（12个）；另有9个集群跨越多个省份" in flat(opened["map"])
    shown = flat(opened["claim"])
    assert (
        "2024年之后的80个国家级集群中，64个在我们的表格中有名称，2个只知道所在地，14个计入总数但未能列出。"
        in shown
    )
    assert "工信部于2021年3月对25个优胜集群进行了公示" in shown  # the date in the Chinese convention
    at = opened["list"]
    assert "当前显示我们能列出的66个集群中的 **66** 个" in flat(at)
    # the list: official Chinese name first, provinces from provinces.csv name_zh, unnamed rows say so
    rows = shown_rows(at)
    assert rows.columns[:2].tolist() == ["name", "name_en_unofficial"]
    first = rows.set_index("cluster_id").loc["c45-01"]
    assert first["name"] == "广东省深圳市新一代信息通信集群" and first["province_or_region"] == "广东"
    assert rows.set_index("cluster_id").loc["c45-31", "province_or_region"] == "北京、天津、河北（跨省）"
    assert (rows["name"] == ZH("clusters.names.unnamed")).sum() == 2
    # widgets: labels and options in Chinese, values stay ids
    province = at.multiselect(key="province")
    assert province.label == "省份" and "江苏" in province.options
    assert at.multiselect(key="cohort").options[0] == "2021年"


def test_chinese_link_keeps_ids_and_filters_by_chinese_name() -> None:
    at = open_page(PAGE, {"lang": "zh", "q": "苏州", "province": "320000", "cohort": "2024"})
    assert not at.exception and not at.warning
    assert at.multiselect(key="province").value == ["320000"]
    assert list(shown_rows(at)["cluster_id"]) == ["c24-09"]


def test_ties_read_correctly_in_chinese(package: DataPackage, labels_zh: dict[str, str]) -> None:
    clusters = package.table("clusters")
    nev = clusters[clusters["sector_id"] == "nev"]
    by_sector, _ = cv.province_counts(ZH, nev, package.table("provinces"), labels_zh)
    numbers = cv.province_numbers(ZH, by_sector, nev)
    assert numbers["leader"] == "福建、广东、湖北和吉林已列出的集群并列最多（各1个）"
    assert EN.join(["A", "B"]) == "A and B" and ZH.join(["甲", "乙", "丙"]) == "甲、乙和丙"


def test_figures_built_in_chinese_have_chinese_axes_and_legends(
    package: DataPackage, labels_zh: dict[str, str]
) -> None:
    clusters = package.table("clusters")
    aggregates = package.table("clusters_aggregates")
    provinces = package.table("provinces")

    frame = cv.field_comparison(ZH, clusters, aggregates, labels_zh, list(labels_zh))
    fields = cv.field_figure(ZH, frame)
    assert fields.layout.xaxis.title.text == "集群数"
    assert {t.name for t in fields.data} == {
        "官方划分（《人民日报》，工信部领域）",
        "我们的逐个归类（推断，非官方）",
    }
    assert "新一代信息技术" in list(fields.data[0].y)

    by_sector, mapped = cv.province_counts(ZH, clusters, provinces, labels_zh)
    bars = cv.province_bars(ZH, by_sector, labels_zh)
    assert bars.layout.xaxis.title.text == "集群数"
    assert "新能源及智能网联汽车" in {t.name for t in bars.data}
    assert (
        list(bars.layout.yaxis.categoryarray)[:1] == ["江苏"]
        and "跨省集群" in bars.layout.yaxis.categoryarray
    )
    assert "个集群" in bars.data[0].hovertemplate

    geo = cv.province_map(ZH, "china.geojson", mapped, provinces)
    assert geo.data[0].colorbar.title.text == "集群数" and "江苏" in list(geo.data[0].text)
    assert any("我们的名单中没有集群" in text for text in geo.data[1].text)

    totals = cv.totals_figure(ZH, cv.list_totals(ZH, clusters, aggregates))
    assert totals.layout.xaxis.title.text == "国家先进制造业集群（个）"
    assert {t.name for t in totals.data} >= {"在我们的表格中有名称", "计入总数，未列出（未找到名称）"}
    assert list(totals.layout.yaxis.categoryarray) == [
        "2021年名单（25个）",
        "2022年之后（45个）",
        "2024年之后（80个）",
    ]
