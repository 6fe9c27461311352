"""Verdicts on the article's claims, computed from the datasets rather than typed in.

Each row of `data/claims.csv` names a check registered here with the datasets it reads (`@check(name,
*reads)`). A check gets exactly those datasets (`Datasets`), compares the article's value with the sourced
values and returns `Evidence`: the verdict, the values compared (each with its source), the tolerance and one
sentence saying why. Change a source figure and the verdict follows. The figures themselves come from the
domain modules (`industrial_base.facts`), the same functions the cards and the validator's rules call.

Evidence holds no words of any language: the sentence, the figure labels and the tolerance are `Text` (a key
of the `fact_check.evidence` catalogue and the numbers and names that fill it), so verdicts are computed once
per process and written in the reader's language at display time (`industrial_base.pages.fact_check.say`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import pandas as pd

from industrial_base.facts import clusters as cluster_facts
from industrial_base.facts import little_giants as lg
from industrial_base.facts import tech_share
from industrial_base.facts.value_added import latest_complete_year, ranked
from industrial_base.package import DataPackage, DatasetUnavailable
from industrial_base.registry import Datasets


class Verdict(StrEnum):
    MATCHES = "matches"
    DIFFERS = "differs"
    PARTLY = "partly"
    UNVERIFIABLE = "not verifiable"
    OPINION = "opinion"


# --------------------------------------------------------------------------------------------
# Words, written at display time
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Words in the reader's language, written later: a key under `fact_check.evidence` and the values for its
    placeholders (numbers, data text, or another `Text`, `Name`, `Term` or `When`)."""

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Name:
    """A name the data holds in English only (a country, a metric), translated by the glossary."""

    english: str


@dataclass(frozen=True)
class Term:
    """A code from the data (basis, status, qualifier) written with a catalogue table, e.g. `ui.basis`."""

    table: str
    code: str


@dataclass(frozen=True)
class When:
    """A date or part of one ("2021-11-23", "2021"); other text ("c. 2014") is shown as it is."""

    value: str


def text(key: str, /, **values: Any) -> Text:
    return Text(key, values)


# --------------------------------------------------------------------------------------------
# Evidence
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourcedValue:
    """One sourced figure used as evidence."""

    label: Any
    value: Any
    source_url: str | None
    publisher: str | None
    confidence: str | None
    basis: str | None


@dataclass
class Evidence:
    claim_id: str
    verdict: Verdict
    reason: Text
    values: list[SourcedValue] = field(default_factory=list)
    tolerance: Text | None = None


Run = Callable[[Datasets, pd.Series], Evidence]


@dataclass(frozen=True)
class Check:
    """A check and the datasets it reads (a claim whose dataset failed validation gets that error)."""

    reads: tuple[str, ...]
    run: Run


CHECKS: dict[str, Check] = {}


def check(name: str, *reads: str) -> Callable[[Run], Run]:
    def register(function: Run) -> Run:
        CHECKS[name] = Check(reads, function)
        return function

    return register


def _sourced(row: pd.Series, label: Any, value: Any) -> SourcedValue:
    def get(column: str) -> str | None:
        item = row.get(column)
        return None if item is None or pd.isna(item) else str(item)

    return SourcedValue(label, value, get("source_url"), get("publisher"), get("confidence"), get("basis"))


def _within(article: float, source: float, tolerance_pct: float) -> bool:
    return abs(article - source) <= abs(source) * tolerance_pct / 100 + 1e-9


def _tolerance(claim: pd.Series) -> float:
    value = claim.get("tolerance_pct")
    return 0.0 if value is None or pd.isna(value) else float(value)


def _article(claim: pd.Series) -> float:
    return float(claim["article_value"])


def _basis(code: Any) -> Term:
    return Term("ui.basis", str(code) if isinstance(code, str) else "not recorded")


EXACT = text("tolerance_exact")


@check("opinion")
def opinion(data: Datasets, claim: pd.Series) -> Evidence:
    return Evidence(claim["claim_id"], Verdict.OPINION, text("opinion"))


@check("value_chain", "wdi_mva_tech_share")
def value_chain(data: Datasets, claim: pd.Series) -> Evidence:
    """A judgement, shown beside the closest structural indicator in the data: UNIDO's medium and high-tech
    share of manufacturing value added for China and the economies compared (context, not a verdict)."""
    table = data["wdi_mva_tech_share"]
    ranked = tech_share.latest(table)
    numbers = tech_share.numbers(table)
    shown = ranked[(ranked["iso3"] == "CHN") | (ranked["rank"].isin([1, len(ranked)]))]
    values = [
        _sourced(
            r,
            text("country_year", country=Name(str(r["country"])), year=int(r["year"])),
            text("tech_share_value", pct=float(r["value"]), rank=int(r["rank"]), count=len(ranked)),
        )
        for _, r in shown.iterrows()
    ]
    key = "value_chain_imputed" if numbers["imputed"] else "value_chain"
    words = {**numbers, "highest": Name(numbers["highest"]), "lowest": Name(numbers["lowest"])}
    return Evidence(claim["claim_id"], Verdict.OPINION, text(key, **words), values)


OPINION_CHECKS = frozenset({"opinion", "value_chain"})
"""Checks that return the opinion verdict (with or without context): the ones opinion claims use."""


@check("no_dataset")
def no_dataset(data: Datasets, claim: pd.Series) -> Evidence:
    note = claim.get("note")
    reason = text("no_dataset_note", note=note) if isinstance(note, str) else text("no_dataset")
    return Evidence(claim["claim_id"], Verdict.UNVERIFIABLE, reason)


@check("official_mva", "china_mva_cny_official", "china_mva_cny_derived_wdi")
def official_mva(data: Datasets, claim: pd.Series) -> Evidence:
    """Compare with MIIT/NBS official statements for the year named in the claim; the derived WDI value is
    context."""
    official = data["china_mva_cny_official"]
    derived = data["china_mva_cny_derived_wdi"]
    article, tolerance = _article(claim), _tolerance(claim)
    candidates = official[official["basis"] == "official"].dropna(subset=["value_trillion_cny"])
    year = int(claim["claim_id"].split("-")[-1])
    rows = candidates[candidates["year"] == year]
    if rows.empty:
        return Evidence(claim["claim_id"], Verdict.UNVERIFIABLE, text("mva_missing", year=year))
    values = [
        _sourced(
            r,
            text("official_label", year=year, publisher=r["publisher"]),
            text("trillion_yuan", value=float(r["value_trillion_cny"])),
        )
        for _, r in rows.iterrows()
    ]
    wdi = derived[derived["year"] == year]
    if not wdi.empty:
        row = wdi.iloc[0]
        values.append(
            _sourced(
                row,
                text("wdi_label", year=year),
                text("trillion_yuan_2", value=float(row["value_trillion_cny"])),
            )
        )
    band = text("tolerance_pct", pct=tolerance)
    matching = [v for v in rows["value_trillion_cny"] if _within(article, float(v), tolerance)]
    if matching:
        reason = text("mva_matches", year=year, value=float(matching[0]))
        return Evidence(claim["claim_id"], Verdict.MATCHES, reason, values, band)
    closest = float(rows["value_trillion_cny"].iloc[0])
    gap = (article / closest - 1) * 100
    reason = text("mva_differs", year=year, value=closest, gap=gap)
    return Evidence(claim["claim_id"], Verdict.DIFFERS, reason, values, band)


@check("largest_producer", "wdi_mva_usd")
def largest_producer(data: Datasets, claim: pd.Series) -> Evidence:
    """China's value added is the largest of the economies compared, in the latest year all have data."""
    usd = data["wdi_mva_usd"]
    year = latest_complete_year(usd)
    in_year = ranked(usd, year)
    first, second = in_year.iloc[0], in_year.iloc[1]
    values = [
        _sourced(
            r,
            text("country_year", country=Name(str(r["country"])), year=year),
            text("trillion_usd", tn=float(r["value"]) / 1000),
        )
        for _, r in in_year.head(2).iterrows()
    ]
    if first["iso3"] == "CHN":
        ratio = float(first["value"]) / float(second["value"])
        reason = text("largest_matches", year=year, ratio=ratio, second=Name(str(second["country"])))
        return Evidence(claim["claim_id"], Verdict.MATCHES, reason, values)
    reason = text("largest_differs", year=year, first=Name(str(first["country"])))
    return Evidence(claim["claim_id"], Verdict.DIFFERS, reason, values)


def _independent_rows(frame: pd.DataFrame, value: float, column: str = "value") -> pd.DataFrame:
    """Rows giving the same number from a source other than the article itself."""
    return frame[(frame[column] == value) & (frame["basis"] != "claim")]


@check("key_products_count", "key_products_programme")
def key_products_count(data: Datasets, claim: pd.Series) -> Evidence:
    programme = data["key_products_programme"]
    article = _article(claim)
    stated = programme[programme["value"] == article]
    values = [
        _sourced(
            r, Name(str(r["item"])), text("value_basis", value=float(r["value"]), basis=_basis(r["basis"]))
        )
        for _, r in stated.iterrows()
    ]
    if not _independent_rows(programme, article).empty:
        return Evidence(claim["claim_id"], Verdict.MATCHES, text("key_products_matches"), values)
    return Evidence(claim["claim_id"], Verdict.UNVERIFIABLE, text("key_products_unverifiable"), values)


EXAMPLES = "key_products_examples"


def _examples(data: Datasets, pattern: str) -> pd.DataFrame:
    examples = data[EXAMPLES]
    return examples[examples["example_from_article"].str.contains(pattern, case=False, regex=False)]


def _example_values(rows: pd.DataFrame) -> list[SourcedValue]:
    return [
        _sourced(
            r,
            Name(str(r["metric"])),
            text("example_value", value=r["value_text"], unit=r["unit"], year=When(str(r["year"]))),
        )
        for _, r in rows.iterrows()
    ]


IN_USE_SPAN = re.compile(r"([\d,]+)\D+?([\d,]+)")
"""Two counts in a value like "~45,000 -> 200,000+" (the first and last count of units in use)."""
YEAR_SPAN = re.compile(r"(\d{4})\D+(\d{4})")


def _yearly_growth(row: pd.Series) -> tuple[float, float, int, int] | None:
    """(first count, last count, first year, last year) of a units-in-use row stated as a span, if it is."""
    counts, years = IN_USE_SPAN.search(str(row["value_text"])), YEAR_SPAN.search(str(row["year"]))
    if counts is None or years is None:
        return None
    first, last = (float(c.replace(",", "")) for c in counts.groups())
    start, end = (int(y) for y in years.groups())
    return (first, last, start, end) if end > start else None


@check("beidou_terminals", EXAMPLES)
def beidou_terminals(data: Datasets, claim: pd.Series) -> Evidence:
    """Annual sales if a source other than the article gives them; otherwise the growth of the units in use
    (auto-steering systems), whose average yearly increase is a lower bound on sales of that kind of
    terminal: consistent with the claim, though not the same measure."""
    rows = _examples(data, "Beidou agri")
    values = _example_values(rows)
    annual = rows[rows["metric"].str.contains("annual", case=False) & (rows["basis"] != "claim")]
    if not annual.empty and annual["value"].notna().any():
        value = float(annual["value"].dropna().iloc[0])
        verdict = Verdict.MATCHES if value > _article(claim) else Verdict.DIFFERS
        return Evidence(claim["claim_id"], verdict, text("beidou_found", value=value), values)
    in_use = rows[rows["metric"].str.contains("in use", case=False) & (rows["basis"] != "claim")]
    spans = [span for span in (_yearly_growth(r) for _, r in in_use.iterrows()) if span is not None]
    if spans:
        first, last, start, end = spans[0]
        yearly = (last - first) / (end - start)
        words = dict(first=first, last=last, start=start, end=end, yearly=yearly, article=_article(claim))
        if yearly > _article(claim):
            return Evidence(claim["claim_id"], Verdict.PARTLY, text("beidou_in_use", **words), values)
        return Evidence(claim["claim_id"], Verdict.UNVERIFIABLE, text("beidou_in_use_low", **words), values)
    return Evidence(claim["claim_id"], Verdict.UNVERIFIABLE, text("beidou_unverifiable"), values)


@check("cnc_systems", EXAMPLES)
def cnc_systems(data: Datasets, claim: pd.Series) -> Evidence:
    rows = _examples(data, "CNC")
    values = _example_values(rows)
    recent_shares = rows[
        rows["metric"].str.contains("CNC system", case=False) & rows["year"].str.contains("202")
    ]
    if not recent_shares.empty:
        return Evidence(claim["claim_id"], Verdict.PARTLY, text("cnc_partly"), values)
    return Evidence(claim["claim_id"], Verdict.UNVERIFIABLE, text("cnc_unverifiable"), values)


CLAIM_PERIOD = ("2021", "2022")
"""The years the article speaks of ("products of the same period"): the talk was given in 2022."""


@check("nev_batteries", EXAMPLES)
def nev_batteries(data: Datasets, claim: pd.Series) -> Evidence:
    """Only a comparison of domestic with foreign products of the article's period can verify it. A market
    share says nothing of performance, and a later vendor comparison of Chinese pack designs with a generic
    'conventional' pack compares neither the same period nor domestic with foreign products."""
    rows = _examples(data, "NEV power battery")
    values = _example_values(rows)
    comparative = rows[
        rows["metric"].str.contains("pack|energy density", case=False)
        & rows["metric"].str.contains("foreign|international|domestic", case=False)
        & rows["year"].astype(str).str.contains("|".join(CLAIM_PERIOD))
    ]
    official = comparative[comparative["basis"].isin(["official", "reported"])]
    if not official.empty:
        return Evidence(claim["claim_id"], Verdict.MATCHES, text("nev_matches"), values)
    return Evidence(claim["claim_id"], Verdict.UNVERIFIABLE, text("nev_unverifiable"), values)


@check("drive_motors", EXAMPLES)
def drive_motors(data: Datasets, claim: pd.Series) -> Evidence:
    rows = _examples(data, "drive motor")
    values = [
        _sourced(
            r,
            Name(str(r["metric"])),
            Term("ui.status", str(r["status"])) if pd.notna(r["status"]) else str(r["value_text"]),
        )
        for _, r in rows.iterrows()
    ]
    if rows["value"].notna().any():
        return Evidence(claim["claim_id"], Verdict.PARTLY, text("motors_partly"), values)
    return Evidence(claim["claim_id"], Verdict.UNVERIFIABLE, text("motors_unverifiable"), values)


@check("little_giants_total", "lg_batches", "lg_cumulative")
def little_giants_total(data: Datasets, claim: pd.Series) -> Evidence:
    """The article's stock against the sum of MIIT's final counts of batches 1–3 (no review had removed a firm
    yet), and the stock MIIT stated."""
    batches, cumulative = data["lg_batches"], data["lg_cumulative"]
    final = lg.final_rows(batches)
    final = final[final["batch"] <= lg.ARTICLE_BATCHES]
    counts = lg.designated(batches)
    total = sum(counts)
    parts = " + ".join(f"{c:,}" for c in counts)
    stock = cumulative[cumulative["cumulative"] == _article(claim)]
    values = [
        _sourced(
            r,
            text("batch_label", batch=int(r["batch"]), year=When(str(r["year"]))),
            text("count", n=int(r["count"])),
        )
        for _, r in final.iterrows()
    ]
    values += [
        _sourced(r, text("stock_label", date=When(str(r["as_of"]))), text("count", n=int(r["cumulative"])))
        for _, r in stock.iterrows()
    ]
    if total == _article(claim):
        reason = text("lg_total_matches", parts=parts, total=total)
        return Evidence(claim["claim_id"], Verdict.MATCHES, reason, values, EXACT)
    reason = text("lg_total_differs", parts=parts, total=total, article=_article(claim))
    return Evidence(claim["claim_id"], Verdict.DIFFERS, reason, values, EXACT)


def _qualifier(value: Any) -> Term:
    return Term("fact_check.evidence.qualifiers", str(value) if isinstance(value, str) else "exact")


@check("little_giants_basic_share", "lg_industry")
def little_giants_basic_share(data: Datasets, claim: pd.Series) -> Evidence:
    industry = data["lg_industry"]
    foundation = industry[industry["category"].str.contains("industrial-foundation", case=False, regex=False)]
    manufacturing = industry[
        (industry["category"] == "manufacturing") & industry["scope"].str.startswith("batch 3")
    ]
    values = [
        _sourced(
            r,
            text("category_label", category=Name(str(r["category"])), scope=r["scope"]),
            text("share", q=_qualifier(r["share_qualifier"]), pct=float(r["share_pct"])),
        )
        for _, r in pd.concat([foundation, manufacturing]).iterrows()
    ]
    if foundation.empty:
        return Evidence(claim["claim_id"], Verdict.UNVERIFIABLE, text("lg_share_unverifiable"), values)
    official = float(foundation["share_pct"].iloc[0])
    qualifier = _qualifier(foundation["share_qualifier"].iloc[0])
    article, tolerance = _article(claim), _tolerance(claim)
    band = text("tolerance_points", points=tolerance)
    if abs(article - official) <= tolerance:
        reason = text("lg_share_matches", qualifier=qualifier, official=official)
        return Evidence(claim["claim_id"], Verdict.MATCHES, reason, values, band)
    bound = foundation["share_qualifier"].iloc[0] == "more than"  # a lower bound: the gap is at most this
    key = "lg_share_differs_bound" if bound else "lg_share_differs"
    reason = text(key, qualifier=qualifier, official=official, gap=article - official)
    if not manufacturing.empty:
        conflated = text("lg_share_conflated", share=float(manufacturing["share_pct"].iloc[0]))
        reason = text("joined", first=reason, second=conflated)
    return Evidence(claim["claim_id"], Verdict.DIFFERS, reason, values, band)


@check("clusters_2021", "clusters", "clusters_aggregates")
def clusters_2021(data: Datasets, claim: pd.Series) -> Evidence:
    clusters, aggregates = data["clusters"], data["clusters_aggregates"]
    agg_id, year, cohorts = cluster_facts.FIRST_LIST
    listed = cluster_facts.listed(clusters, cohorts)
    published = aggregates[aggregates["agg_id"] == agg_id]
    values = [
        _sourced(r, Name(str(r["metric"])), text("number", value=float(r["value"])))
        for _, r in published.iterrows()
    ]
    # our count of the list's rows: basis "compiled" (a count compiled from the published list)
    values.append(
        SourcedValue(text("clusters_label", year=year), text("count", n=listed), None, None, None, "compiled")
    )
    if listed == _article(claim):
        reason = text("clusters_matches", year=year, listed=listed)
        return Evidence(claim["claim_id"], Verdict.MATCHES, reason, values, EXACT)
    reason = text("clusters_differs", year=year, listed=listed)
    return Evidence(claim["claim_id"], Verdict.DIFFERS, reason, values, EXACT)


@check("clusters_basic_seven", "clusters_aggregates")
def clusters_basic_seven(data: Datasets, claim: pd.Series) -> Evidence:
    aggregates = data["clusters_aggregates"]
    stated = aggregates[(aggregates["value"] == _article(claim)) & aggregates["metric"].str.contains("basic")]
    values = [
        _sourced(
            r, Name(str(r["metric"])), text("value_basis", value=float(r["value"]), basis=_basis(r["basis"]))
        )
        for _, r in stated.iterrows()
    ]
    if not _independent_rows(stated, _article(claim)).empty:
        return Evidence(claim["claim_id"], Verdict.MATCHES, text("basic_seven_matches"), values)
    reason = text("basic_seven_unverifiable", count=_article(claim))
    return Evidence(claim["claim_id"], Verdict.UNVERIFIABLE, reason, values)


CHECKED = tuple(dict.fromkeys(name for each in CHECKS.values() for name in each.reads))
"""Every dataset some check reads: what the verdicts, and a chart of them, read besides the claims."""


VERDICT_READS = ("claims", *CHECKED)
"""What the verdicts read: the claims and every dataset a check reads."""


def results(data: Datasets) -> dict[str, Evidence | DatasetUnavailable]:
    """Claim id -> its verdict's evidence, or the error of a dataset its check reads; computed once per loaded
    package from `data`, which holds VERDICT_READS (fetched leniently: a failed one is left out). {} when the
    claims themselves failed."""
    if "claims" not in data:
        return {}
    if "verdicts" not in data.memo:
        found: dict[str, Evidence | DatasetUnavailable] = {}
        for _, claim in data["claims"].iterrows():
            each = CHECKS[claim["check"]]
            try:
                found[claim["claim_id"]] = each.run(data.only(each.reads, claim["check"]), claim)
            except DatasetUnavailable as error:
                found[claim["claim_id"]] = error
        data.memo["verdicts"] = found
    return dict(data.memo["verdicts"])


def verdicts(package: DataPackage) -> dict[str, Evidence | DatasetUnavailable]:
    """`results` of a loaded package (the pipeline's diff of verdicts that flip, and tests)."""
    return results(Datasets.fetch(package, VERDICT_READS, "verdicts", lenient=True))
