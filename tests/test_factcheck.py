"""Fact-check verdicts are computed from the data: every kind occurs, and they follow source changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from industrial_base.factcheck import CHECKS, Evidence, Verdict, evaluate
from industrial_base.package import DEFAULT_DATA_DIR, load_package
from test_pages import open_page, texts
from test_validation import issues_for, rewrite


def verdicts_of(data_dir: Path) -> dict[str, Verdict]:
    package = load_package(data_dir)
    claims = package.table("claims")["claim_id"]
    return {
        claim: result.verdict
        for claim, result in zip(claims, evaluate(package), strict=True)
        if isinstance(result, Evidence)
    }


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


def test_every_verdict_kind_occurs_on_the_real_data() -> None:
    found = verdicts_of(DEFAULT_DATA_DIR)
    assert set(found.values()) == set(Verdict)
    assert found["lg-4762"] is Verdict.MATCHES
    assert found["lg-basic-90"] is Verdict.DIFFERS
    assert found["clusters-7-basic"] is Verdict.UNVERIFIABLE
    assert found["nev-batteries"] is Verdict.PARTLY


def test_every_claim_gets_evidence_with_sources() -> None:
    package = load_package(DEFAULT_DATA_DIR)
    for result in evaluate(package):
        assert isinstance(result, Evidence)
        assert result.reason
        if result.verdict in (Verdict.MATCHES, Verdict.DIFFERS):
            assert result.figures and any(f.source_url for f in result.figures), result.claim_id


def test_changing_an_official_figure_flips_the_verdict(data_copy: Path) -> None:
    def change(rows: list[list[str]]) -> None:
        header = rows[0]
        for row in rows[1:]:
            if row[header.index("year")] == "2012":
                row[header.index("value_trillion_cny")] = "17.9"

    rewrite(data_copy, "china_mva_cny_official", change)
    assert verdicts_of(data_copy)["mva-2012"] is Verdict.DIFFERS


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
    results = dict(zip(package.table("claims")["claim_id"], evaluate(package), strict=True))
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


def test_fact_check_page_filters_by_verdict_from_the_url() -> None:
    at = open_page("fact_check.py", {"verdict": "differs"})
    assert not at.exception
    shown = texts(at)
    assert "1 claims shown" in shown and "About 90%" in shown and "16.98 trillion yuan in 2012" not in shown


def test_fact_check_page_honours_the_sector_filter() -> None:
    at = open_page("fact_check.py", {"sector": "nev"})
    shown = texts(at)
    assert "NEV battery" in shown and "Beidou" not in shown and "not about a particular sector" in shown


def test_badges_appear_beside_the_commentary() -> None:
    shown = texts(open_page("value_added.py"))
    assert ":green-badge[Matches] fact check of *16.98 trillion yuan*" in shown
