"""Cite a chart or a dataset, embed a view: the forms a reader pastes, and where the dashboard offers them."""

from __future__ import annotations

from datetime import date

from industrial_base.citation import cite, embed_snippet, publishers
from industrial_base.i18n import Messages
from test_pages import open_page

EN, ZH = Messages("en"), Messages("zh")
DAY = date(2026, 12, 2)
URL = "https://dashboard.example/little-giants?view=map&lang=zh"
EMBED = "https://dashboard.example/api/v1/embed/little-giants/map?lang=zh&sector=nev"


def test_a_chart_citation_names_author_title_data_access_date_and_link() -> None:
    cited = cite(
        EN,
        kind="chart",
        key="lg_map",
        title="Little giants by province",
        data_from="MIIT",
        accessed=DAY,
        url=URL,
    )
    assert cited.plain == (
        "Industrial Base Monitor (2026). “Little giants by province” [chart]. "
        "Data: MIIT. Accessed 2 Dec 2026. " + URL
    )
    assert cited.bibtex.startswith("@misc{industrial_base_monitor_lg_map_2026,")
    assert "  author = {{Industrial Base Monitor}}," in cited.bibtex
    assert (
        f"  howpublished = {{\\url{{{URL}}}}}," in cited.bibtex and "  urldate = {2026-12-02}" in cited.bibtex
    )
    assert cited.bibtex.count("{") == cited.bibtex.count("}")
    assert cited.gbt is None  # the Chinese standard is offered to Chinese readers


def test_chinese_readers_get_gbt_7714() -> None:
    cited = cite(
        ZH, kind="dataset", key="lg_batches", title="各批次数量", data_from="工信部", accessed=DAY, url=URL
    )
    assert cited.gbt == f"产业基础监测. 各批次数量[EB/OL]. [2026-12-02]. {URL}."
    assert (
        cited.plain.startswith("产业基础监测（2026）。《各批次数量》［数据集］")
        and "2026年12月2日" in cited.plain
    )


def test_bibtex_escapes_what_latex_would_read() -> None:
    cited = cite(
        EN, kind="chart", key="x", title="Share {of} 5% & $ #1", data_from="A_B", accessed=DAY, url=URL
    )
    assert "title = {Share (of) 5\\% \\& \\$ \\#1}" in cited.bibtex and "note = {Data: A\\_B}" in cited.bibtex


def test_publishers_are_listed_once_and_summed_up_past_four() -> None:
    assert publishers(["MIIT", "NBS", "MIIT", None, " "], EN) == "MIIT and NBS"
    assert publishers(list("ABCDEF"), EN) == "A, B, C, D and 2 others"
    assert publishers(list("ABCDEF"), ZH) == "A、B、C、D及另外2个来源"


def test_the_embed_snippet_frames_the_static_embed_page() -> None:
    snippet = embed_snippet('A "quoted" <title>', EMBED)
    assert snippet.startswith(
        '<iframe src="https://dashboard.example/api/v1/embed/little-giants/map?lang=zh&amp;sector=nev"'
    )
    assert 'title="A &quot;quoted&quot; &lt;title&gt;"' in snippet


def test_a_cards_sources_tab_offers_the_citation_and_the_embed_snippet() -> None:
    at = open_page("little_giants.py", {"view": "map", "lang": "zh"})
    at.button_group(key="tab_little_giants_map").set_value("sources").run()
    assert not at.exception
    codes = [c.value for c in at.code]
    assert len(codes) == 5  # text, GB/T 7714, BibTeX, embed, data
    title = ZH("little_giants.map.title")
    assert codes[0].startswith(f"产业基础监测（{date.today().year}）。《{title}》［图表］")
    assert "[EB/OL]" in codes[1] and codes[2].startswith("@misc{industrial_base_monitor_little_giants_map_")
    assert "MIIT" in codes[2], "the rows drawn name no publisher: the dataset's publishers are cited"
    assert "/api/v1/embed/little-giants/map?lang=zh" in codes[3], "the static embed page"
    assert codes[4] == "/api/v1/views/little-giants/map.csv?lang=zh", "the chart's data by URL"
    english = open_page("value_added.py")
    english.button_group(key="tab_value_added_mva").set_value("sources").run()
    text = english.code[0].value
    assert (
        "Data: World Bank WDI via GitHub commonsphere1-sketch/commonsphere" in text
    )  # the derivation's inputs
    assert "derivations by Industrial Base Monitor" in text and len(english.code) == 4  # no GB/T in English


def test_sources_and_methods_cite_each_dataset_and_the_package() -> None:
    at = open_page("sources.py", {"view": "datasets"})  # the catalogue: one click from the page's first view
    assert not at.code, "the citations are built only when their expander is opened"
    at.session_state["details_lg_batches"] = True
    at.run()
    codes = [c.value for c in at.code]
    assert any("[dataset]" in c and "MIIT" in c for c in codes)
    assert any(c.startswith("@misc{industrial_base_monitor_lg_batches_") for c in codes)
    assert not any(c.startswith("@misc{industrial_base_monitor_package_") for c in codes)
    at.session_state["cite_package"] = True
    at.run()
    assert any(c.value.startswith("@misc{industrial_base_monitor_package_") for c in at.code)
