"""Manufacturing value added: the medium and high-tech share (the chart added by docs/adding-a-chart.md); how
fresh the World Bank figures are; the value-chain judgement's context; the unsourced programme row."""

from __future__ import annotations

from industrial_base.factcheck import Evidence, Verdict, verdicts
from industrial_base.facts import tech_share
from industrial_base.i18n import Messages
from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR
from industrial_base.pages import key_products as kp
from industrial_base.pages import value_added as va
from industrial_base.pages.fact_check import say
from test_pages import open_page, texts

EN, ZH = Messages("en"), Messages("zh")


def test_tech_share_view_charts_the_chosen_economies_and_marks_imputed_values() -> None:
    at = open_page("value_added.py", {"view": "tech_share", "countries": ["CHN", "KOR", "GBR"]})
    assert not at.exception and not at.warning and not at.error
    (chart,) = at.get("plotly_chart")
    figure = chart.proto.spec
    table = load_package(DEFAULT_DATA_DIR).table("wdi_mva_tech_share")
    numbers = tech_share.numbers(table)
    shown = texts(at)
    assert f"made {numbers['value']:.1f}% of China's manufacturing value added" in shown
    assert f"rank {numbers['rank']} of the {numbers['count']} economies compared" in shown
    assert "China 2012–2022" in shown  # the carried-forward values are named, from the data
    assert "Carried forward (imputed)" in figure and "Korea" in figure and "Germany" not in figure
    assert "Opinion" in shown and "middle and low" in shown  # the value-chain judgement's badge


def test_tech_share_card_reads_one_dataset_and_speaks_chinese() -> None:
    package = load_package(DEFAULT_DATA_DIR)
    card = va.PAGE.view("tech_share").chart(ZH, package, years=(2012, 2022), countries=("CHN", "JPN"))
    assert card is not None and va.PAGE.view("tech_share").chart.reads == ("wdi_mva_tech_share",)
    assert set(card.displayed["iso3"]) == {"CHN", "JPN"}
    assert bool(card.displayed.loc[card.displayed["iso3"] == "CHN", "imputed"].all())
    assert "排第9位" in card.takeaway and "中国2012—2022年" in str(card.footnote)
    assert card.figure.layout.yaxis.title.text == "占制造业增加值的比重（%）"


def test_a_cards_sources_tab_says_when_its_world_bank_figures_were_retrieved() -> None:
    at = open_page("value_added.py")
    at.button_group(key="tab_value_added_mva").set_value("sources").run()
    captions = [c.value for c in at.caption]
    assert any(
        "World Bank figures in this chart retrieved: 9 Oct 2026, 1 Oct 2026 and 1 Jul 2026" in c
        for c in captions
    )
    lg = open_page("little_giants.py")
    lg.button_group(key="tab_little_giants_batches").set_value("sources").run()
    assert not any("World Bank figures in this chart" in c.value for c in lg.caption)  # hand-curated rows


def test_overview_and_sources_say_how_fresh_the_world_bank_figures_are() -> None:
    for page, query in (("overview.py", None), ("sources.py", {"view": "datasets"})):
        at = open_page(page, query)
        assert any(
            "World Bank figures: retrieved 9 Oct 2026 from copies of WDI" in c.value
            and "latest vintage: retrieved 2026-10-09" in c.value
            for c in at.caption
        ), page
    zh = open_page("overview.py", {"lang": "zh"})
    assert any("世界银行数据：2026年10月9日取自WDI的副本" in c.value for c in zh.caption)


def test_the_unsourced_programme_row_is_shown_as_unsourced() -> None:
    package = load_package(DEFAULT_DATA_DIR)
    card = kp.PAGE.view("timeline").chart(EN, package)
    assert card is not None
    row = card.displayed[card.displayed["value_text"].str.startswith("276 projects")]
    assert bool(row["unsourced"].iloc[0]) and row["source_url"].isna().all()
    assert int(card.displayed["unsourced"].sum()) == 1
    labels = [str(x) for trace in card.figure.data if trace.text is not None for x in list(trace.text)]
    assert sum("(unsourced)" in label for label in labels) == 1


def test_the_value_chain_judgement_stays_an_opinion_with_the_tech_share_beside_it() -> None:
    result = verdicts(load_package(DEFAULT_DATA_DIR))["value-chain"]
    assert isinstance(result, Evidence) and result.verdict is Verdict.OPINION
    assert "rank 9 of the 10 economies compared" in say(EN, result.reason)
    assert "one value repeated for every year" in say(EN, result.reason)
    assert [str(say(EN, v.label)) for v in result.values] == [
        "Korea, Rep., 2022",
        "China, 2022",
        "United Kingdom, 2022",
    ]
    assert all(v.source_url and "nv.mnf.tech.zs.un" in v.source_url for v in result.values)
