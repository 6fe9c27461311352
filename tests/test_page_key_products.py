"""Key products page: the 106 and who said it, what is not published, the programme timeline, the examples."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.page import picker_key
from industrial_base import figures
from industrial_base.i18n import Messages
from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR, DataPackage
from industrial_base.pages import key_products as kp
from industrial_base.registry import md
from test_pages import every_view, open_page, texts, view_ids
from test_validation import rewrite

EN, ZH = Messages("en"), Messages("zh")


@pytest.fixture(scope="module")
def package() -> DataPackage:
    return load_package(DEFAULT_DATA_DIR)


# --- the page ---

PAGE = "key_products.py"
VIEWS = {"programme": ("known", "foundations"), "timeline": (), "examples": ()}
"""The sections' own subheadings in each view (the examples view's heading is its title)."""


def subheaders(at: AppTest) -> list[str]:
    return [s.value for s in at.subheader]


def expected_subheaders(m: Messages, view: str) -> list[str]:
    """A headed view's title, then the subheadings its sections draw."""
    heading = [m(f"key_products.{view}.title")] if kp.PAGE.view(view).heading else []
    return heading + [m(f"key_products.labels.{key}") for key in VIEWS[view]]


def test_key_products_page_shows_the_figure_its_source_and_what_is_not_published() -> None:
    at = open_page(PAGE)
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Key products (106)"
    shown = texts(at)
    assert "Chen Xuedong" in shown and "https://zutglobal.com/news/40.html" in shown
    assert "2022 National Manufacturing Power Construction Expert Forum" in shown
    assert "not published" in shown.lower()
    assert "high (number); low (scope)" in shown
    assert [m.value for m in at.metric] == ["106"]


def test_key_products_page_says_the_beidou_figure_is_only_in_the_article() -> None:
    shown = texts(open_page(PAGE, {"view": "examples"}))
    assert "only in the article" in shown
    assert "no official benchmark" in shown
    assert ":orange-badge[Not found]" in shown  # drive motors, visibly not found


def test_key_products_page_draws_the_programme_timeline() -> None:
    at = open_page(PAGE)
    assert not at.get("plotly_chart")  # the timeline is a view of its own, so it is in view when chosen
    assert "The five foundations" in subheaders(at)
    assert len(open_page(PAGE, {"view": "timeline"}).get("plotly_chart")) == 1
    assert not open_page(PAGE, {"view": "examples"}).get("plotly_chart")  # only the chosen view runs


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_view_runs_and_shows_only_its_sections(language: str) -> None:
    messages = Messages(language)
    query = {"lang": language} if language != "en" else None
    opened = dict(every_view(PAGE, query))
    assert list(opened) == list(VIEWS)
    for view, at in opened.items():
        assert not at.exception, (view, [e.message for e in at.exception])
        assert not at.error and not at.warning, (view, [e.value for e in [*at.error, *at.warning]])
        assert at.title[0].value == messages("key_products.page.nav")
        assert subheaders(at) == expected_subheaders(messages, view)
        control = at.button_group(key=picker_key(kp.PAGE))
        assert control.value == view and control.label == messages("ui.views.section")
        assert control.options == [messages(f"key_products.{id}.label") for id in VIEWS]
        assert view_ids(at) == list(VIEWS)


def test_the_link_opens_its_view_and_an_unknown_view_falls_back_to_the_first() -> None:
    at = open_page(PAGE, {"view": "examples"})
    assert at.query_params["view"] == "examples"
    assert subheaders(at) == [EN("key_products.examples.title")]
    unknown = open_page(PAGE, {"view": "nonsense"})
    assert not unknown.exception
    assert any(
        w.value.startswith("Ignored part of the link: parameter 'view'") and "nonsense" in w.value
        for w in unknown.warning
    ), [w.value for w in unknown.warning]
    assert subheaders(unknown) == expected_subheaders(EN, "programme")
    assert "view" not in unknown.query_params
    chosen = unknown.button_group(key=picker_key(kp.PAGE)).set_value("examples").run()
    assert chosen.query_params["view"] == "examples"
    assert subheaders(chosen) == [EN("key_products.examples.title")]


def test_the_caption_stays_above_the_view_control(package: DataPackage) -> None:
    caption = md(
        EN("key_products.page.caption", **kp.headline_text(EN, package.table("key_products_programme")))
    )
    for view, at in every_view(PAGE):
        assert at.caption[0].value == caption, view


def error_texts(at: AppTest) -> str:
    return " ".join(e.value for e in at.error)


def test_a_broken_examples_table_is_an_error_card_in_its_view_only(app_data: Path) -> None:
    rewrite(
        app_data, "key_products_examples", lambda rows: rows[1].__setitem__(rows[0].index("sector_id"), "x")
    )
    opened = dict(every_view(PAGE))
    for view, at in opened.items():
        assert not at.exception, (view, [e.message for e in at.exception])
    assert not opened["programme"].error and len(opened["timeline"].get("plotly_chart")) == 1
    assert "`key_products_examples` failed validation" in error_texts(opened["examples"])
    issues = next(df.value for df in opened["examples"].dataframe if "rule" in df.value.columns)
    assert issues["file"].iloc[0] == "data/key_products_examples.csv"
    assert (issues["line"].iloc[0], issues["column"].iloc[0]) == (2, "sector_id")


def test_a_broken_programme_is_an_error_card_in_both_views_and_leaves_out_the_caption(app_data: Path) -> None:
    """Both views quote the programme's headline figure, so both name the broken file."""
    rewrite(
        app_data, "key_products_programme", lambda rows: rows[1].__setitem__(rows[0].index("confidence"), "x")
    )
    for view, at in every_view(PAGE):
        assert not at.exception, (view, [e.message for e in at.exception])
        assert "`key_products_programme` failed validation" in error_texts(at), view
        assert not any(c.value.startswith("What is known about the article") for c in at.caption), view
        assert subheaders(at) == expected_subheaders(EN, view)


def test_sector_filter_changes_the_examples_shown() -> None:
    nev = texts(open_page(PAGE, {"sector": "nev", "view": "examples"}))
    assert "NEV power batteries" in nev and "Drive motors for NEVs" in nev
    assert "Hidden by the sector filter: Beidou farm-machinery navigation terminals" in nev
    cards = [m.value for m in open_page(PAGE, {"sector": "nev", "view": "examples"}).markdown]
    assert not any(card.startswith("**Beidou") or card.startswith("**Advanced CNC") for card in cards)
    assert any(card.startswith("**NEV power batteries**") for card in cards)

    consumer = open_page(PAGE, {"sector": "consumer", "view": "examples"})
    assert not consumer.exception
    notes = " ".join(i.value for i in consumer.info)
    assert "hides all of the article's examples" in notes
    assert "NEV power batteries" not in texts(consumer)
    # the programme has no sector dimension and says so
    programme = open_page(PAGE, {"sector": "consumer"})
    assert "not broken down by sector" in " ".join(i.value for i in programme.info)


def test_key_products_without_filter_shows_every_example() -> None:
    shown = texts(open_page(PAGE, {"view": "examples"}))
    for key in kp.EXAMPLE_GROUPS:
        assert EN(f"key_products.examples.{key}.title") in shown


def test_cached_sections_follow_the_sector_filter_and_the_language_in_one_session(
    package: DataPackage,
) -> None:
    """The examples, the headline and the timeline are cached per (data, language, sectors): changing the
    filter, the language or the view on a rerun shows the new words, not an entry cached for the old state."""
    at = open_page(PAGE, {"view": "examples"})

    def headings() -> list[str]:
        cards = [m.value for m in at.markdown if m.value.startswith("**")]
        return [card.split("**")[1] for card in cards if "**  \n:gray-badge[" in card]

    titles = {key: EN(f"key_products.examples.{key}.title") for key in kp.EXAMPLE_GROUPS}
    assert headings() == list(titles.values())
    at.multiselect(key="sector").set_value(["nev"]).run()
    assert headings() == [titles["battery"], titles["motor"]]
    assert "Hidden by the sector filter: Beidou farm-machinery navigation terminals" in texts(at)
    at.multiselect(key="sector").set_value(["consumer"]).run()
    assert headings() == [] and "hides all of the article's examples" in texts(at)
    at.button_group(key="lang").set_value("zh").run()
    assert not at.exception, [e.message for e in at.exception]
    assert "领域筛选隐藏了文章的全部实例" in texts(at)
    programme = package.table("key_products_programme")
    assert at.caption[0].value == md(ZH("key_products.page.caption", **kp.headline_text(ZH, programme)))
    at.multiselect(key="sector").set_value(["equipment", "ngit"]).run()
    assert headings() == [ZH(f"key_products.examples.{key}.title") for key in ("beidou", "cnc")]
    assert "已被领域筛选隐藏" in texts(at) and "Hidden by the sector filter" not in texts(at)
    at.button_group(key=picker_key(kp.PAGE)).set_value("programme").run()
    assert not at.exception, [e.message for e in at.exception]
    assert [m.label for m in at.metric] == [ZH("key_products.known.metric_label")]
    assert "What is known" not in texts(at) and headings() == []
    at.button_group(key=picker_key(kp.PAGE)).set_value("timeline").run()
    assert f"**{ZH('key_products.timeline.title')}**" in texts(at)


# --- the view ---


def test_headline_reads_the_figure_and_the_forum(package: DataPackage) -> None:
    numbers = kp.headline_text(EN, package.table("key_products_programme"))
    assert numbers["value"] == 106
    assert numbers["basis"] == EN.label("ui.basis", "claim") and numbers["confidence"] == "high"
    assert numbers["forum_date"] == EN.date("2022-07-26") and numbers["forum_date_confidence"] == "medium"


def test_foundations_come_from_the_definition_row(package: DataPackage) -> None:
    found = kp.foundations_text(EN, package.table("key_products_programme"))
    assert found["count"] == found["bases_list"].count("**") // 2 == 4
    assert found["software_url"].startswith("http://www.ih-dt.com/")
    assert "niita.cn" in found["url"]


def test_timeline_splits_milestones_and_marks_targets(package: DataPackage) -> None:
    programme = package.table("key_products_programme")
    events = kp.timeline_events(EN, programme)
    milestones = events[events["kind"] == "milestone"]
    assert list(milestones["year"]) == [2014, 2015, 2016]
    targets = events[events["kind"] == "target"]
    assert set(targets["year"]) == {2025} and len(targets) == 2
    assert all(label.startswith("<b>Target:") for label in targets["label"])
    assert events["year"].is_monotonic_increasing
    # every figure comes from a row: numeric values appear in the programme's value_text
    figures_shown = events[events["kind"] == "figure"]["value_text"]
    assert set(figures_shown) <= set(programme["value_text"].dropna())
    # the definition, the article's value-added context and the forum date are not events
    assert not events["event"].str.contains("definition|forum date|manufacturing value added").any()


def test_timeline_labels_escape_published_comparisons(package: DataPackage) -> None:
    events = kp.timeline_events(EN, package.table("key_products_programme"))
    above = events[events["value_text"] == ">90"]
    assert len(above) == 1 and above["label"].iloc[0].startswith("<b>&gt;90%</b>")


def test_timeline_figure_has_one_trace_per_basis_and_every_event(package: DataPackage) -> None:
    events = kp.timeline_events(EN, package.table("key_products_programme"))
    figure = kp.PAGE.view("timeline").chart(EN, package).figure
    assert len(figure.data) == events["basis"].nunique()
    assert sum(len(trace.x) for trace in figure.data) == len(events)


def test_programme_numbers_are_as_published(package: DataPackage) -> None:
    numbers = kp.programme_numbers(EN, package.table("key_products_programme"))
    assert numbers == {
        "projects_2017": "331",
        "round_2017": "48 / 48",
        "dragons_2019": "6",
        "target_parts": "70",
        "target_processes": "80",
        "target_year": "2025",
    }


def test_examples_group_into_the_articles_four(package: DataPackage) -> None:
    examples = package.table("key_products_examples")
    groups = kp.group_examples(examples)
    assert list(groups) == ["beidou", "cnc", "battery", "motor"]
    assert sum(len(rows) for rows in groups.values()) == len(examples)


def test_hidden_groups_and_sectors(package: DataPackage) -> None:
    examples = package.table("key_products_examples")
    every = kp.group_examples(examples)
    nev_only = kp.group_examples(examples[examples["sector_id"] == "nev"])
    assert list(nev_only) == ["battery", "motor"]
    assert kp.hidden_groups(EN, every, nev_only) == [
        "Beidou farm-machinery navigation terminals",
        "Advanced CNC systems",
    ]
    assert kp.sectors_of(examples) == ["equipment", "nev", "ngit"]


def test_metric_markdown_shows_gaps_and_escapes_published_text(package: DataPackage) -> None:
    examples = package.table("key_products_examples").set_index("example_id", drop=False)
    motor = kp.metric_markdown(EN, examples.loc["ex-11"])
    assert motor.startswith(":orange-badge[Not found]")
    beidou = kp.metric_markdown(EN, examples.loc["ex-01"])
    assert "\\>20000" in beidou and "confidence: low" in beidou and "no link recorded" in beidou
    youth = kp.metric_markdown(EN, examples.loc["ex-02"])
    assert "](http://dysj.youth.cn/" in youth


def test_escape_md_and_given() -> None:
    assert kp.escape_md("<55 / ~60 $5") == "\\<55 / \\~60 \\$5"
    assert not kp.given(pd.NA) and not kp.given(None) and not kp.given(float("nan")) and not kp.given(" ")
    assert kp.given(0) and kp.given("x")


def test_example_numbers_feed_the_commentary(package: DataPackage) -> None:
    text = Messages("en")
    numbers = kp.example_numbers(text, package.table("key_products_examples"))
    for key in kp.EXAMPLE_GROUPS:
        assert text(f"key_products.examples.{key}.finding", **numbers)
    assert "20,000" in text("key_products.examples.beidou.claim", **numbers)


# --- in Chinese ---


def test_key_products_page_in_chinese_shows_chinese_words_with_the_data(package: DataPackage) -> None:
    opened = dict(every_view(PAGE, {"lang": "zh"}))
    for view, at in opened.items():
        assert not at.exception, (view, [e.message for e in at.exception])
        assert at.title[0].value == ZH("key_products.page.nav") == "关键产品（106项）"
        assert subheaders(at) == expected_subheaders(ZH, view)
    shown = "\n".join(texts(at) for at in opened.values())
    programme = package.table("key_products_programme")
    events = kp.timeline_events(ZH, programme)
    takeaway = ZH("key_products.timeline.takeaway", **kp.timeline_numbers(events))
    assert takeaway.startswith("2014–2025年") and "共13项" in takeaway
    assert takeaway in texts(opened["timeline"])
    assert f"**{ZH('key_products.timeline.title')}**" in shown
    assert "陈学东" in shown and "2022年7月26日" in shown and "2022国家制造强国建设专家论坛" in shown
    assert "**106项产品的名单：未公布。**" in shown
    assert "这个数字**只出现在文章中**（依据：*文章中的说法*，可信度低）" in shown
    assert "年销量超过20,000台" in texts(opened["examples"])
    assert ":orange-badge[未找到]" in texts(opened["examples"])
    assert [m.label for m in opened["programme"].metric] == [ZH("key_products.known.metric_label")]
    for english in ("What is known", "Not published", "The article's examples", "confidence:", "Target:"):
        assert english not in shown, english


def test_key_products_sector_notes_in_chinese() -> None:
    nev = texts(open_page(PAGE, {"lang": "zh", "sector": "nev", "view": "examples"}))
    assert "已被领域筛选隐藏：北斗农机导航终端；先进数控系统。" in nev
    consumer = open_page(PAGE, {"lang": "zh", "sector": "consumer", "view": "examples"})
    assert not consumer.exception
    notes = " ".join(i.value for i in consumer.info)
    assert "领域筛选隐藏了文章的全部实例" in notes and "、" in notes


def test_timeline_figure_in_chinese_has_chinese_legend_labels_and_hover(package: DataPackage) -> None:
    events = kp.timeline_events(ZH, package.table("key_products_programme"))
    figure = kp.PAGE.view("timeline").chart(ZH, package).figure
    legend = ZH.labels("key_products.timeline.legend")
    assert [trace.name for trace in figure.data] == [legend[basis] for basis in events["basis"].unique()]
    assert "官方（工信部或政府文件）" in [trace.name for trace in figure.data]
    labels = [label for trace in figure.data for label in trace.text]
    assert "<b>目标：70%</b>" in " ".join(labels) and "<b>目标：80项</b>" in " ".join(labels)
    assert any(label.startswith("<b>2015年5月</b>") for label in labels)
    assert any("“一条龙”2019年“龙”" in label for label in labels)  # glossary, though the name has 一条龙
    assert all("可信度" in hover and "confidence" not in hover for hover in events["hover"])
    # the table keeps the data's text
    assert "key projects supported in one year" in set(kp.timeline_table(events)["event"])


def test_chinese_labels_wrap_by_width_and_keep_punctuation_on_the_line(package: DataPackage) -> None:
    events = kp.timeline_events(ZH, package.table("key_products_programme"))
    for label in events["label"]:
        for line in label.split("<br>")[1:]:
            assert not line.startswith(("：", "，", "、", "）")), label
            assert (
                figures.display_width(line.replace("&gt;", ">").replace("&amp;", "&")) <= kp.LABEL_WIDTH + 4
            ), line


def test_commentary_numbers_in_chinese(package: DataPackage) -> None:
    programme = package.table("key_products_programme")
    known = kp.headline_text(ZH, programme)
    assert known["forum_date"] == "2022年7月26日" and known["confidence"] == "高"
    assert known["basis"] == "文章中的说法"
    assert kp.headline_text(EN, programme)["forum_date"] == "26 Jul 2022"
    assert ZH.column_labels()["when"] == "时间" and EN.column_labels()["event"] == "Event"
    found = kp.foundations_text(ZH, programme)
    assert found["year"] == "2017年" and found["bases_list"].count("**、**") == found["count"] - 1
    numbers = kp.example_numbers(ZH, package.table("key_products_examples"))
    assert (
        ZH("key_products.examples.beidou.claim", **numbers)
        == "基于北斗卫星导航系统的农机导航终端年销量超过20,000台。"
    )
    battery = ZH("key_products.examples.battery.finding", **numbers)
    assert "宁德时代的全球份额为34.8%" in battery and "2021年宁德锂电池产业链产值" in battery
    assert "（状态：未找到）" in ZH("key_products.examples.motor.finding", **numbers)
    finding = ZH("key_products.timeline.finding", value=106, **kp.programme_numbers(ZH, programme))
    assert "支持了331项重点项目" in finding and "到2025年" in finding and "自主保障率达到70%" in finding


def test_metric_markdown_in_chinese(package: DataPackage) -> None:
    examples = package.table("key_products_examples").set_index("example_id", drop=False)
    assert kp.metric_markdown(ZH, examples.loc["ex-11"]).startswith(
        ":orange-badge[未找到] **新能源汽车驱动电机"
    )
    beidou = kp.metric_markdown(ZH, examples.loc["ex-01"])
    assert ":red-badge[可信度：低] :gray-badge[文章中的说法]" in beidou and "（未记录链接）" in beidou
    assert "\\>20000台/年" in beidou
