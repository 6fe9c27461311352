"""Fact-check verdicts are computed from the data: every kind occurs, and they follow source changes."""

from __future__ import annotations

import re
from pathlib import Path

from industrial_base.factcheck import CHECKS, Evidence, Verdict, verdicts
from industrial_base.i18n import Messages
from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR
from industrial_base.pages import fact_check as fc
from industrial_base.pages.fact_check import say
from industrial_base.registry import md
from test_pages import open_page, texts
from test_validation import issues_for, rewrite

EN, ZH = Messages("en"), Messages("zh")
CJK = re.compile("[\u3400-\u9fff]")


def evidence_of(data_dir: Path) -> dict[str, Evidence]:
    return {
        claim: result
        for claim, result in verdicts(load_package(data_dir)).items()
        if isinstance(result, Evidence)
    }


def verdicts_of(data_dir: Path) -> dict[str, Verdict]:
    return {claim: result.verdict for claim, result in evidence_of(data_dir).items()}


def test_every_verdict_kind_occurs_on_the_real_data() -> None:
    found = verdicts_of(DEFAULT_DATA_DIR)
    assert set(found.values()) == set(Verdict)
    assert found["lg-4762"] is Verdict.MATCHES
    assert found["lg-basic-90"] is Verdict.DIFFERS
    assert found["clusters-7-basic"] is Verdict.UNVERIFIABLE
    # no 2021–22 comparison of domestic with foreign batteries (a 2026 vendor blog, a market share)
    assert found["nev-batteries"] is Verdict.UNVERIFIABLE
    assert found["beidou-20000"] is Verdict.PARTLY  # units in use grew ~52,000 a year: consistent, not sales


def test_beidou_reason_gives_the_yearly_growth_of_units_in_use() -> None:
    evidence = evidence_of(DEFAULT_DATA_DIR)
    reason = say(EN, evidence["beidou-20000"].reason)
    assert "from about 45,000 (2020) to more than 200,000 (2023): about 51,667 more a year" in reason
    assert "units in use are not sales" in reason


def test_every_claim_gets_evidence_with_sources() -> None:
    package = load_package(DEFAULT_DATA_DIR)
    for result in verdicts(package).values():
        assert isinstance(result, Evidence)
        assert say(EN, result.reason)
        if result.verdict in (Verdict.MATCHES, Verdict.DIFFERS):
            assert result.values and any(f.source_url for f in result.values), result.claim_id


def test_evidence_holds_no_words_and_is_written_in_either_language() -> None:
    """Verdicts are computed (and cached) once: every sentence, label and tolerance is written at display
    time, in English or in Chinese, from the same evidence."""
    for claim, result in evidence_of(DEFAULT_DATA_DIR).items():
        english, chinese = say(EN, result.reason), say(ZH, result.reason)
        assert english and not CJK.search(english), claim
        assert CJK.search(chinese) and chinese != english, claim
        for language in (EN, ZH):
            table = fc.evidence_table(language, result)
            assert len(table) == len(result.values)
            assert table["figure"].str.len().gt(0).all() and table["value"].str.len().gt(0).all(), claim
        if result.tolerance is not None:
            assert say(EN, result.tolerance) != say(ZH, result.tolerance) or "%" in say(EN, result.tolerance)


def test_evidence_reads_naturally_in_chinese() -> None:
    evidence = evidence_of(DEFAULT_DATA_DIR)
    assert say(ZH, evidence["mva-2012"].reason) == "2012年的官方数据为16.98万亿元。"
    assert say(EN, evidence["mva-2012"].reason) == "The official 2012 figure is 16.98 trillion yuan."
    lg = say(ZH, evidence["lg-basic-90"].reason)
    assert "“超过60%”处于工业基础领域" in lg and "最多比它高30个百分点" in lg and "似乎" in lg
    english = say(EN, evidence["lg-basic-90"].reason)
    assert "a lower bound, so the article's figure is up to 30 points above it" in english
    assert say(ZH, evidence["lg-basic-90"].tolerance) == "±5个百分点"
    largest = fc.evidence_table(ZH, evidence["largest-power"])
    assert largest["figure"].iloc[0] == "中国，2021年" and largest["value"].iloc[0].endswith("万亿美元")
    assert fc.evidence_table(ZH, evidence["lg-4762"])["basis"].iloc[0] == "官方"


def test_changing_an_official_figure_flips_the_verdict(data_copy: Path) -> None:
    def change(rows: list[list[str]]) -> None:
        header = rows[0]
        for row in rows[1:]:
            if row[header.index("year")] == "2012":
                row[header.index("value_trillion_cny")] = "17.9"

    rewrite(data_copy, "china_mva_cny_official", change)
    evidence = evidence_of(data_copy)["mva-2012"]
    assert evidence.verdict is Verdict.DIFFERS
    assert say(ZH, evidence.reason) == "2012年的官方数据为17.9万亿元；文章的数字与之相差-5.1%。"
    assert say(EN, evidence.reason).endswith("the article's is -5.1% off.")


def test_a_revised_batch_count_flips_the_total(data_copy: Path) -> None:
    """Batch 3 revised to 2,931 and the stock to 4,763: the data stay consistent, the article is off."""

    def batch(rows: list[list[str]]) -> None:
        header = rows[0]
        for row in rows[1:]:
            if row[header.index("batch")] == "3" and row[header.index("count_type")] == "announced_final":
                row[header.index("count")] = "2931"

    def stock(rows: list[list[str]]) -> None:
        header = rows[0]
        for row in rows[1:]:
            if row[header.index("as_of")] == "2021-11-23":
                row[header.index("cumulative")] = "4763"

    rewrite(data_copy, "lg_batches", batch)
    rewrite(data_copy, "lg_cumulative", stock)
    assert verdicts_of(data_copy)["lg-4762"] is Verdict.DIFFERS


def test_a_batch_count_breaking_the_published_sum_makes_the_verdict_unavailable(data_copy: Path) -> None:
    def batch(rows: list[list[str]]) -> None:
        header = rows[0]
        for row in rows[1:]:
            if row[header.index("batch")] == "2" and row[header.index("count_type")] == "announced_final":
                row[header.index("count")] = "1744"

    rewrite(data_copy, "lg_batches", batch)
    package = load_package(data_copy)
    results = verdicts(package)
    assert not isinstance(results["lg-4762"], Evidence)
    assert isinstance(results["mva-2012"], Evidence)


def test_changing_miits_share_flips_the_90_percent_claim(data_copy: Path) -> None:
    def change(rows: list[list[str]]) -> None:
        header = rows[0]
        for row in rows[1:]:
            if "industrial-foundation" in row[header.index("category")]:
                row[header.index("share_pct")] = "88"

    rewrite(data_copy, "lg_industry", change)
    assert verdicts_of(data_copy)["lg-basic-90"] is Verdict.MATCHES


def test_a_claim_with_a_missing_check_fails_validation(data_copy: Path) -> None:
    rewrite(data_copy, "claims", lambda rows: rows[1].__setitem__(rows[0].index("check"), "crystal_ball"))
    issues = issues_for(data_copy, "claims")
    assert any(i.rule == "known-check" and i.line == 2 and i.value == "crystal_ball" for i in issues)


def test_every_check_is_used_by_a_claim() -> None:
    used = set(load_package(DEFAULT_DATA_DIR).table("claims")["check"])
    assert set(CHECKS) == used


def test_fact_check_page_lists_every_claim() -> None:
    at = open_page("fact_check.py")
    assert not at.exception
    shown = texts(at)
    claims = load_package(DEFAULT_DATA_DIR).table("claims")
    for claim in claims["claim_en"]:
        assert claim in shown
    assert "Fact check: Differs from the sources" in shown
    assert "reader's language" not in shown  # no stray module string printed by Streamlit's magic


def test_fact_check_page_filters_by_verdict_from_the_url() -> None:
    at = open_page("fact_check.py", {"verdict": "differs"})
    assert not at.exception
    shown = texts(at)
    assert "1 claims shown" in shown and "About 90%" in shown and "16.98 trillion yuan in 2012" not in shown


def test_fact_check_page_honours_the_sector_filter() -> None:
    at = open_page("fact_check.py", {"sector": "nev"})
    shown = texts(at)
    assert "NEV battery" in shown and "Beidou" not in shown and "not about a particular sector" in shown


def test_evidence_tables_run_only_when_their_expander_is_opened() -> None:
    """Each claim's evidence grid sits in an expander that reruns the page when opened: closed, no grid is
    sent, while the verdict, the reason and the tolerance stay in the claim's card."""
    evidence = evidence_of(DEFAULT_DATA_DIR)
    claims = [c for c in load_package(DEFAULT_DATA_DIR).table("claims")["claim_id"] if evidence[c].values]
    at = open_page("fact_check.py")
    assert not at.exception, [e.message for e in at.exception]
    assert [e.label for e in at.expander] == [
        EN("fact_check.card.evidence", n=len(evidence[c].values)) for c in claims
    ]
    assert not at.dataframe
    shown = texts(at)
    assert "The official 2012 figure is 16.98 trillion yuan." in shown and "Tolerance: ±0.5%" in shown
    at.session_state["evidence_mva-2012"] = True
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert len(at.dataframe) == 1 and len(at.expander[claims.index("mva-2012")].dataframe) == 1
    grid = at.dataframe[0].value
    assert grid.equals(fc.evidence_table(EN, evidence["mva-2012"]))
    assert (grid["value"] == "16.98 trillion yuan").any()
    at.pills(key="verdict").set_value(["matches"]).run()  # the open grid stays open across reruns
    assert [df.value["figure"].tolist() for df in at.dataframe] == [grid["figure"].tolist()]


def test_badges_appear_beside_the_commentary() -> None:
    shown = texts(open_page("value_added.py"))
    assert ":green-badge[Matches] fact check of *16.98 trillion yuan*" in shown


# --- the claims' Chinese text ---


def numbers(text: str) -> set[float]:
    """Numbers in a text: "20,000" and "2万" read 20000; "16.98万亿" reads 16.98 (like "16.98 trillion")."""
    found = set()
    for number, wan, yi in re.findall(r"(\d[\d,]*(?:\.\d+)?)(万)?(亿)?", text):
        value = float(number.replace(",", ""))
        found.add(value * 10_000 if wan and not yi else value)
    return found


def test_the_chinese_claims_use_only_the_english_claims_numbers() -> None:
    claims = load_package(DEFAULT_DATA_DIR).table("claims")
    for _, claim in claims.iterrows():
        for english, chinese in (("claim_en", "claim_zh"), ("article_value_text", "article_value_text_zh")):
            assert CJK.search(claim[chinese]), (claim["claim_id"], chinese)
            assert numbers(claim[chinese]) <= numbers(claim[english]), (claim["claim_id"], chinese)
    assert numbers("年销量超过2万台") == {20000.0} and numbers("16.98万亿元") == {16.98}


def test_fact_check_page_follows_filter_and_language_changes_in_one_session() -> None:
    """The claims, their blocks and the chart card are cached per (data, language[, filters]): a rerun after
    a change of verdict, sector or language shows that state's claims and counts, not a cached older one."""
    claims = load_package(DEFAULT_DATA_DIR).table("claims")
    found = verdicts_of(DEFAULT_DATA_DIR)
    rows = [
        (claim["claim_en"], claim["claim_zh"], str(claim["sector_id"]), found[claim["claim_id"]].value)
        for _, claim in claims.iterrows()
    ]
    at = open_page("fact_check.py")

    def check(m: Messages, verdicts: list[str], sectors: list[str] | None) -> None:
        assert not at.exception, [e.message for e in at.exception]
        expected = [
            (zh if m.is_chinese else en, verdict)
            for en, zh, sector, verdict in rows
            if (not verdicts or verdict in verdicts) and (sectors is None or sector in sectors)
        ]
        shown = {m.value for m in at.markdown}
        claim_texts = [zh if m.is_chinese else en for en, zh, _, _ in rows]
        titled = [c for c in claim_texts if any(f"\n**{md(c)}**  \n" in v for v in shown)]  # after the badge
        assert titled == [claim for claim, _ in expected]
        counts = fc.verdict_counts(m, [verdict for _, verdict in expected])
        assert f"*{md(fc.takeaway(m, counts, len(expected)))}*" in shown

    check(EN, [], None)
    at.pills(key="verdict").set_value(["differs", "partly"]).run()
    check(EN, ["differs", "partly"], None)
    at.pills(key="verdict").set_value([]).run()
    at.multiselect(key="sector").set_value(["nev"]).run()
    check(EN, [], ["nev"])
    at.button_group(key="lang").set_value("zh").run()
    check(ZH, [], ["nev"])
    at.pills(key="verdict").set_value(["matches"]).run()
    check(ZH, ["matches"], ["nev"])  # none: the empty takeaway
    at.pills(key="verdict").set_value(["partly", "not verifiable"]).run()
    check(ZH, ["partly", "not verifiable"], ["nev"])
    at.multiselect(key="sector").set_value([]).run()
    check(ZH, ["partly", "not verifiable"], None)


# --- the page in Chinese ---


def test_fact_check_page_in_chinese() -> None:
    at = open_page("fact_check.py", {"lang": "zh"})
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "事实核查"
    shown = texts(at)
    claims = load_package(DEFAULT_DATA_DIR).table("claims")
    for claim in claims["claim_zh"]:
        assert claim in shown
    assert "Manufacturing value added was" not in shown
    found = verdicts_of(DEFAULT_DATA_DIR)
    matches = sum(v is Verdict.MATCHES for v in found.values())
    assert f"共显示 {len(claims)} 项论断：{matches} 项与来源相符，" in shown
    assert "核查结论：与来源不符" in shown
    assert "2012年的官方数据为16.98万亿元。" in shown
    assert "文章的表述：16.98万亿元 · 所在页面：制造业增加值" in shown
    assert "容差：±0.5%" in shown and "容差：须完全一致" in shown
    assert ZH("fact_check.card.evidence", n=2) == "证据：比对数据（2项）"
    assert at.expander and all(e.label.startswith("证据：比对数据（") for e in at.expander)
    at.session_state["evidence_largest-power"] = True
    at.run()
    opened = [e for e in at.expander if len(e.dataframe)]
    assert len(opened) == 1 and len(at.dataframe) == 1
    evidence = opened[0].dataframe[0].value
    assert opened[0].label == ZH("fact_check.card.evidence", n=len(evidence))
    assert evidence["figure"].iloc[0] == "中国，2021年" and evidence["value"].iloc[0].endswith("万亿美元")
    assert at.pills(key="verdict").label == "核查结论"
    at.segmented_control(key=f"tab_{fc.PAGE.views[0].key}").set_value("table").run()
    assert not at.exception
    table = next(df.value for df in at.dataframe if "verdict" in df.value.columns)
    assert "claim_zh" in table.columns and "claim_en" not in table.columns
    assert set(table["verdict"]) <= set(ZH.labels("ui.verdicts.long").values())


def test_fact_check_page_in_chinese_filters_by_verdict_and_sector() -> None:
    at = open_page("fact_check.py", {"lang": "zh", "verdict": "differs"})
    assert not at.exception
    shown = texts(at)
    assert "共显示 1 项论断：1 项与来源不符。" in shown and "约90%" in shown
    at = open_page("fact_check.py", {"lang": "zh", "sector": "nev"})
    shown = texts(at)
    assert "已开启领域筛选" in shown and "不针对特定领域的论断已隐藏" in shown
    assert "北斗" not in shown and "新能源汽车驱动电机的国产化持续深化。" in shown


def test_verdict_figure_in_chinese() -> None:
    found = verdicts_of(DEFAULT_DATA_DIR)
    counts = fc.verdict_counts(ZH, [v.value for v in found.values()])
    figure = fc.verdict_figure(ZH, counts)
    assert figure.layout.xaxis.title.text == "论断数量"
    assert list(figure.data[0].y) == [ZH(f"ui.verdicts.long.{v.value}") for v in Verdict]
    assert "项" in figure.data[0].hovertemplate
    assert list(figure.data[0].x) == [sum(f is v for f in found.values()) for v in Verdict]
    english = fc.verdict_figure(EN, fc.verdict_counts(EN, [v.value for v in found.values()]))
    assert english.layout.xaxis.title.text == "Claims" and english.data[0].y[0] == "Matches the sources"


def test_badges_are_in_the_readers_language() -> None:
    shown = texts(open_page("value_added.py", {"lang": "zh"}))
    assert ":green-badge[相符] 核查：*16.98万亿元*" in shown


def test_takeaway_counts_the_verdicts_shown_in_either_language() -> None:
    assert fc.takeaway(ZH, fc.verdict_counts(ZH, ["differs", "matches", "matches"]), 3) == (
        "共显示 3 项论断：2 项与来源相符，1 项与来源不符。"
    )
    assert (
        fc.takeaway(EN, fc.verdict_counts(EN, ["differs"]), 1)
        == "1 claims shown: 1 differs from the sources."
    )
    assert fc.takeaway(EN, fc.verdict_counts(EN, []), 0) == "No claims shown."
    unavailable = fc.verdict_counts(ZH, [fc.UNAVAILABLE])
    assert fc.takeaway(ZH, unavailable, 1) == "共显示 1 项论断，其中没有可计入的核查结论。"
