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
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

import pandas as pd

from industrial_base.facts import clusters as cluster_facts
from industrial_base.facts import little_giants as lg
from industrial_base.facts import tech_share
from industrial_base.facts import weak_links as wl
from industrial_base.facts.value_added import latest_complete_year, official_rows, ranked
from industrial_base.package import DataPackage, DatasetUnavailable
from industrial_base.registry import Datasets


class Verdict(StrEnum):
    MATCHES = "matches"
    DIFFERS = "differs"
    PARTLY = "partly"
    UNVERIFIABLE = "not verifiable"
    OPINION = "opinion"


# --- words, written at display time ----------------------------------------------------------------------


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


@dataclass(frozen=True)
class Listed:
    """Items (words or values) written as one list in the reader's language: "A, B and C" / "A、B和C"."""

    items: tuple[Any, ...]


def text(key: str, /, **values: Any) -> Text:
    return Text(key, values)


# --- evidence --------------------------------------------------------------------------------------------


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
    verdict: Verdict
    reason: Text
    values: list[SourcedValue] = field(default_factory=list)
    tolerance: Text | None = None
    claim_id: str = ""
    """Set by `results`: a check returns what it found, for whichever claim names it."""


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


SOURCE = ("source_url", "publisher", "confidence", "basis")
"""The columns of a row that say where a `SourcedValue` comes from."""


def _each(
    rows: pd.DataFrame, label: Callable[[pd.Series], Any], value: Callable[[pd.Series], Any]
) -> list[SourcedValue]:
    """One sourced value per row: its label and value written by `label` and `value`, its source the row's."""
    return [
        SourcedValue(label(row), value(row), *(None if pd.isna(row.get(c)) else str(row[c]) for c in SOURCE))
        for _, row in rows.iterrows()
    ]


def _tolerance(claim: pd.Series) -> float:
    value = claim.get("tolerance_pct")
    return 0.0 if value is None or pd.isna(value) else float(value)


def _article(claim: pd.Series) -> float:
    return float(claim["article_value"])


EXACT = text("tolerance_exact")


@check("opinion")
def opinion(data: Datasets, claim: pd.Series) -> Evidence:
    return Evidence(Verdict.OPINION, text("opinion"))


@check("value_chain", "wdi_mva_tech_share")
def value_chain(data: Datasets, claim: pd.Series) -> Evidence:
    """A judgement, shown beside the closest structural indicator in the data: UNIDO's medium and high-tech
    share of manufacturing value added for China and the economies compared (context, not a verdict)."""
    table = data["wdi_mva_tech_share"]
    latest = tech_share.latest(table)
    numbers = tech_share.numbers(table)
    values = _each(
        latest[(latest["iso3"] == "CHN") | (latest["rank"].isin([1, len(latest)]))],
        lambda r: text("country_year", country=Name(str(r["country"])), year=int(r["year"])),
        lambda r: text("tech_share_value", pct=float(r["value"]), rank=int(r["rank"]), count=len(latest)),
    )
    key = "value_chain_imputed" if numbers["imputed"] else "value_chain"
    words = {**numbers, "highest": Name(numbers["highest"]), "lowest": Name(numbers["lowest"])}
    return Evidence(Verdict.OPINION, text(key, **words), values)


OPINION_CHECKS = frozenset({"opinion", "value_chain"})
"""Checks that return the opinion verdict (with or without context): the ones opinion claims use."""


@check("official_mva", "china_mva_cny_official", "china_mva_cny_derived_wdi")
def official_mva(data: Datasets, claim: pd.Series) -> Evidence:
    """Compare with MIIT/NBS official statements for the year named in the claim; the derived WDI value is
    context."""
    article, tolerance = _article(claim), _tolerance(claim)
    year = int(claim["claim_id"].split("-")[-1])
    stated = official_rows(data["china_mva_cny_official"])
    rows = stated[stated["year"] == year]
    if rows.empty:
        return Evidence(Verdict.UNVERIFIABLE, text("mva_missing", year=year))
    derived = data["china_mva_cny_derived_wdi"]
    values = _each(
        rows,
        lambda r: text("official_label", year=year, publisher=r["publisher"]),
        lambda r: text("trillion_yuan", value=float(r["value_trillion_cny"])),
    ) + _each(
        derived[derived["year"] == year].head(1),
        lambda r: text("wdi_label", year=year),
        lambda r: text("trillion_yuan_2", value=float(r["value_trillion_cny"])),
    )
    band = text("tolerance_pct", pct=tolerance)
    amounts = [float(v) for v in rows["value_trillion_cny"]]
    matching = [v for v in amounts if abs(article - v) <= abs(v) * tolerance / 100 + 1e-9]
    if matching:
        return Evidence(Verdict.MATCHES, text("mva_matches", year=year, value=matching[0]), values, band)
    reason = text("mva_differs", year=year, value=amounts[0], gap=(article / amounts[0] - 1) * 100)
    return Evidence(Verdict.DIFFERS, reason, values, band)


@check("largest_producer", "wdi_mva_usd")
def largest_producer(data: Datasets, claim: pd.Series) -> Evidence:
    """China's value added is the largest of the economies compared, in the latest year all have data."""
    usd = data["wdi_mva_usd"]
    year = latest_complete_year(usd)
    in_year = ranked(usd, year)
    first, second = in_year.iloc[0], in_year.iloc[1]
    values = _each(
        in_year.head(2),
        lambda r: text("country_year", country=Name(str(r["country"])), year=year),
        lambda r: text("trillion_usd", tn=float(r["value"]) / 1000),
    )
    if first["iso3"] != "CHN":
        reason = text("largest_differs", year=year, first=Name(str(first["country"])))
        return Evidence(Verdict.DIFFERS, reason, values)
    ratio = float(first["value"]) / float(second["value"])
    reason = text("largest_matches", year=year, ratio=ratio, second=Name(str(second["country"])))
    return Evidence(Verdict.MATCHES, reason, values)


def _stated(rows: pd.DataFrame, value: float, name: str) -> tuple[list[SourcedValue], bool]:
    """The rows stating `value` as evidence (each named by its column `name`, with its basis), and whether a
    source other than the article itself states it."""
    stating = rows[rows["value"] == value]
    values = _each(
        stating,
        lambda r: Name(str(r[name])),
        lambda r: text("value_basis", value=float(r["value"]), basis=Term("ui.basis", r["basis"])),
    )
    return values, bool((stating["basis"] != "claim").any())


@check("key_products_count", "key_products_programme")
def key_products_count(data: Datasets, claim: pd.Series) -> Evidence:
    values, independent = _stated(data["key_products_programme"], _article(claim), "item")
    if independent:
        return Evidence(Verdict.MATCHES, text("key_products_matches"), values)
    return Evidence(Verdict.UNVERIFIABLE, text("key_products_unverifiable"), values)


EXAMPLES = "key_products_examples"


def _examples(data: Datasets, pattern: str) -> pd.DataFrame:
    examples = data[EXAMPLES]
    return examples[examples["example_from_article"].str.contains(pattern, case=False, regex=False)]


def _example_values(rows: pd.DataFrame) -> list[SourcedValue]:
    return _each(
        rows,
        lambda r: Name(str(r["metric"])),
        lambda r: text("example_value", value=r["value_text"], unit=r["unit"], year=When(str(r["year"]))),
    )


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
        return Evidence(verdict, text("beidou_found", value=value), values)
    in_use = rows[rows["metric"].str.contains("in use", case=False) & (rows["basis"] != "claim")]
    spans = [span for span in (_yearly_growth(r) for _, r in in_use.iterrows()) if span is not None]
    if not spans:
        return Evidence(Verdict.UNVERIFIABLE, text("beidou_unverifiable"), values)
    first, last, start, end = spans[0]
    yearly = (last - first) / (end - start)
    words = dict(first=first, last=last, start=start, end=end, yearly=yearly, article=_article(claim))
    if yearly > _article(claim):
        return Evidence(Verdict.PARTLY, text("beidou_in_use", **words), values)
    return Evidence(Verdict.UNVERIFIABLE, text("beidou_in_use_low", **words), values)


@check("cnc_systems", EXAMPLES)
def cnc_systems(data: Datasets, claim: pd.Series) -> Evidence:
    rows = _examples(data, "CNC")
    recent = rows["metric"].str.contains("CNC system", case=False) & rows["year"].str.contains("202")
    if recent.any():
        return Evidence(Verdict.PARTLY, text("cnc_partly"), _example_values(rows))
    return Evidence(Verdict.UNVERIFIABLE, text("cnc_unverifiable"), _example_values(rows))


CLAIM_PERIOD = ("2021", "2022")
"""The years the article speaks of ("products of the same period"): the talk was given in 2022."""


@check("nev_batteries", EXAMPLES)
def nev_batteries(data: Datasets, claim: pd.Series) -> Evidence:
    """Only a comparison of domestic with foreign products of the article's period can verify it. A market
    share says nothing of performance, and a later vendor comparison of Chinese pack designs with a generic
    'conventional' pack compares neither the same period nor domestic with foreign products."""
    rows = _examples(data, "NEV power battery")
    official_comparison = (
        rows["metric"].str.contains("pack|energy density", case=False)
        & rows["metric"].str.contains("foreign|international|domestic", case=False)
        & rows["year"].astype(str).str.contains("|".join(CLAIM_PERIOD))
        & rows["basis"].isin(["official", "reported"])
    )
    if official_comparison.any():
        return Evidence(Verdict.MATCHES, text("nev_matches"), _example_values(rows))
    return Evidence(Verdict.UNVERIFIABLE, text("nev_unverifiable"), _example_values(rows))


@check("drive_motors", EXAMPLES)
def drive_motors(data: Datasets, claim: pd.Series) -> Evidence:
    rows = _examples(data, "drive motor")
    values = _each(
        rows,
        lambda r: Name(str(r["metric"])),
        lambda r: Term("ui.status", str(r["status"])) if pd.notna(r["status"]) else str(r["value_text"]),
    )
    if rows["value"].notna().any():
        return Evidence(Verdict.PARTLY, text("motors_partly"), values)
    return Evidence(Verdict.UNVERIFIABLE, text("motors_unverifiable"), values)


@check("little_giants_total", "lg_batches", "lg_cumulative")
def little_giants_total(data: Datasets, claim: pd.Series) -> Evidence:
    """The article's stock against the sum of MIIT's final counts of batches 1–3 (no review had removed a firm
    yet), and the stock MIIT stated."""
    batches, cumulative = data["lg_batches"], data["lg_cumulative"]
    final = lg.final_rows(batches)
    counts = lg.designated(batches)
    words = {"parts": " + ".join(f"{c:,}" for c in counts), "total": sum(counts)}
    values = _each(
        final[final["batch"] <= lg.ARTICLE_BATCHES],
        lambda r: text("batch_label", batch=int(r["batch"]), year=When(str(r["year"]))),
        lambda r: text("count", n=int(r["count"])),
    ) + _each(
        cumulative[cumulative["cumulative"] == _article(claim)],
        lambda r: text("stock_label", date=When(str(r["as_of"]))),
        lambda r: text("count", n=int(r["cumulative"])),
    )
    if sum(counts) == _article(claim):
        return Evidence(Verdict.MATCHES, text("lg_total_matches", **words), values, EXACT)
    reason = text("lg_total_differs", **words, article=_article(claim))
    return Evidence(Verdict.DIFFERS, reason, values, EXACT)


def _qualifier(value: Any) -> Term:
    return Term("fact_check.evidence.qualifiers", str(value) if isinstance(value, str) else "exact")


@check("little_giants_basic_share", "lg_industry")
def little_giants_basic_share(data: Datasets, claim: pd.Series) -> Evidence:
    industry = data["lg_industry"]
    foundation = lg.foundation_shares(industry)
    manufacturing = industry[
        (industry["category"] == "manufacturing") & industry["scope"].str.startswith("batch 3")
    ]
    values = _each(
        pd.concat([foundation, manufacturing]),
        lambda r: text("category_label", category=Name(str(r["category"])), scope=r["scope"]),
        lambda r: text("share", q=_qualifier(r["share_qualifier"]), pct=float(r["share_pct"])),
    )
    if foundation.empty:
        return Evidence(Verdict.UNVERIFIABLE, text("lg_share_unverifiable"), values)
    official = float(foundation["share_pct"].iloc[0])
    qualifier = _qualifier(foundation["share_qualifier"].iloc[0])
    article, tolerance = _article(claim), _tolerance(claim)
    band = text("tolerance_points", points=tolerance)
    if abs(article - official) <= tolerance:
        reason = text("lg_share_matches", qualifier=qualifier, official=official)
        return Evidence(Verdict.MATCHES, reason, values, band)
    bound = foundation["share_qualifier"].iloc[0] == "more than"  # a lower bound: the gap is at most this
    key = "lg_share_differs_bound" if bound else "lg_share_differs"
    reason = text(key, qualifier=qualifier, official=official, gap=article - official)
    if not manufacturing.empty:
        conflated = text("lg_share_conflated", share=float(manufacturing["share_pct"].iloc[0]))
        reason = text("joined", first=reason, second=conflated)
    return Evidence(Verdict.DIFFERS, reason, values, band)


@check("clusters_2021", "clusters", "clusters_aggregates")
def clusters_2021(data: Datasets, claim: pd.Series) -> Evidence:
    clusters, aggregates = data["clusters"], data["clusters_aggregates"]
    agg_id, year, cohorts = cluster_facts.FIRST_LIST
    listed = cluster_facts.listed(clusters, cohorts)
    values = _each(
        aggregates[aggregates["agg_id"] == agg_id],
        lambda r: Name(str(r["metric"])),
        lambda r: text("number", value=float(r["value"])),
    )
    # our count of the list's rows: basis "compiled" (a count compiled from the published list)
    values.append(
        SourcedValue(text("clusters_label", year=year), text("count", n=listed), None, None, None, "compiled")
    )
    if listed == _article(claim):
        return Evidence(Verdict.MATCHES, text("clusters_matches", year=year, listed=listed), values, EXACT)
    return Evidence(Verdict.DIFFERS, text("clusters_differs", year=year, listed=listed), values, EXACT)


@check("clusters_basic_seven", "clusters_aggregates")
def clusters_basic_seven(data: Datasets, claim: pd.Series) -> Evidence:
    aggregates = data["clusters_aggregates"]
    basic = aggregates[aggregates["metric"].str.contains("basic")]
    values, independent = _stated(basic, _article(claim), "metric")
    if independent:
        return Evidence(Verdict.MATCHES, text("basic_seven_matches"), values)
    reason = text("basic_seven_unverifiable", count=_article(claim))
    return Evidence(Verdict.UNVERIFIABLE, reason, values)


# --- the weak links ----------------------------------------------------------------------------------------

CHIPS = "semiconductor_supply_shares"
UNIT_VALUES = {
    "% of GDP": "pct_of_gdp",
    "applications": "applications",
    "researchers per million people": "per_million",
    "billion current US$": "billion_usd",
}
"""How a value of `wdi_innovation` or `wdi_ip_charges` is written, by its `unit` (a key of the evidence)."""


def _chip_values(table: pd.DataFrame, pairs: pd.DataFrame) -> list[SourcedValue]:
    """China's row of each input in `pairs`, its share beside the largest other country's, with its year."""
    rows = table.loc[list(pairs["china_row"])].assign(
        leader_name=list(pairs["leader_name"]), leader_pct=list(pairs["leader_pct"])
    )
    return _each(
        rows,
        lambda r: text("chip_input", input=Name(str(r["input"])), year=int(r["year"])),
        lambda r: text(
            "chip_shares",
            china=float(r["world_share_pct"]),
            leader=Name(str(r["leader_name"])),
            leader_pct=float(r["leader_pct"]),
        ),
    )


@check("chip_dependence", CHIPS)
def chip_dependence(data: Datasets, claim: pd.Series) -> Evidence:
    """Measured for chips only: in how many inputs of the chip supply chain China supplies under a tenth of
    world supply. The evidence lists the design, software and material inputs among them (the claim names
    process software and basic materials; chips are core components) and the weakest tool of each stage, each
    beside the largest other country's share. A small world share is dependence on others only because China
    uses far more than that (its use is not in the data): hence partly; and the figures' years differ."""
    table = data[CHIPS]
    numbers = wl.chip_numbers(table)
    low = numbers["low_pairs"]
    words = {
        "total": numbers["total"],
        "low": numbers["low"],
        "low_share": wl.LOW_SHARE,
        "leads": numbers["leads"],
        "years": Listed(tuple(numbers["years"])),
    }
    if low.empty:
        return Evidence(Verdict.UNVERIFIABLE, text("chips_none_low", **words))
    software_materials = low[(low["segment"] == "overview") & (low["input_type"] != "stage")]
    weakest_tools = low[low["segment"] != "overview"].drop_duplicates("segment")  # sorted: smallest first
    shown = pd.concat([software_materials, weakest_tools])
    examples = Listed(
        tuple(
            text("chip_example", input=Name(str(r["input"])), pct=float(r["china_pct"]), year=int(r["year"]))
            for _, r in shown.iterrows()
        )
    )
    reason = text(
        "chips_partly",
        **words,
        examples=examples,
        leader=Name(numbers["top_leader"]),
        leader_count=numbers["top_leader_count"],
    )
    return Evidence(Verdict.PARTLY, reason, _chip_values(table, shown))


@check("tech_dependence", "wdi_ip_charges", "wdi_innovation")
def tech_dependence(data: Datasets, claim: pd.Series) -> Evidence:
    """The measurable half of "tracking and imitating, not self-reliant enough": whether China pays others
    more for the use of their intellectual property than it is paid for its own, in the article's year and
    since the series began. Patent counts and R&D spending are shown as context: they measure volume, not
    whether innovation imitates, so the verdict is at most partly."""
    ip, innovation = data["wdi_ip_charges"], data["wdi_innovation"]
    found = wl.innovation_numbers(innovation, ip)
    if found is None:
        return Evidence(Verdict.UNVERIFIABLE, text("ip_missing", year=wl.ARTICLE_YEAR))
    year = found["year"]
    china_year = (ip["iso3"] == wl.CHINA) & (ip["year"] == year)
    charges = ip[china_year & ip["indicator"].isin([wl.PAID, wl.RECEIVED])].dropna(subset=["value"])
    in_year = (innovation["iso3"] == wl.CHINA) & (innovation["year"] == year)
    context = innovation[in_year & innovation["indicator"].isin([wl.RD, wl.RESIDENTS, wl.NON_RESIDENTS])]
    values = _each(
        charges,
        lambda r: text("indicator_year", indicator=Term("weak_links.indicators", r["indicator"]), year=year),
        lambda r: text(UNIT_VALUES[str(r["unit"])], value=float(r["value"])),
    ) + _each(
        context.dropna(subset=["value"]),
        lambda r: text("indicator_year", indicator=Term("weak_links.indicators", r["indicator"]), year=year),
        lambda r: text(UNIT_VALUES[str(r["unit"])], value=float(r["value"])),
    )
    words = {k: v for k, v in found.items() if k in ("year", "paid", "received", "ratio", "first_year")}
    every = found["payer_years"] == found["years"]
    span = {k: found[k] for k in ("payer_years", "years", "first_year", "year")}
    words["payer"] = text("payer_every" if every else "payer_some", **span)
    measured = text("tech_dependence_partly" if found["net_payer"] else "tech_dependence_differs", **words)
    volume = (
        text("tech_volume", rd=found["rd"], patent_ratio=found["patent_ratio"], year=year)
        if found["rd"] is not None and found.get("patent_ratio")
        else text("tech_volume_missing", year=year)
    )
    verdict = Verdict.PARTLY if found["net_payer"] else Verdict.DIFFERS
    return Evidence(verdict, text("joined", first=measured, second=volume), values)


@check("pv_chain", "pv_manufacturing_shares")
def pv_chain(data: Datasets, claim: pd.Series) -> Evidence:
    """The photovoltaic half of "whole-chain supply in rail transit and photovoltaics": China's share of
    world manufacturing capacity at every step, in the latest year each step has a measured figure (not
    after the article's year). More than half of the world's capacity at every step is consistent with
    supplying the whole chain at home; rail transit is not in the data, so the verdict is at most partly."""
    found = wl.pv_chain(data["pv_manufacturing_shares"])
    if found is None:
        return Evidence(Verdict.UNVERIFIABLE, text("pv_missing"))
    year, rows = found
    values = _each(
        rows,
        lambda r: text("pv_step", step=Term("weak_links.pv.steps", r["step"]), year=year),
        lambda r: text("share_of_world", pct=float(r["world_share_pct"])),
    )
    lowest = rows.iloc[0]
    words = {
        "year": year,
        "steps": len(rows),
        "lowest_step": Term("weak_links.pv.steps", lowest["step"]),
        "lowest_pct": float(lowest["world_share_pct"]),
        "majority": wl.MAJORITY,
    }
    rail = text("rail_unmeasured")
    if words["lowest_pct"] > wl.MAJORITY:
        return Evidence(Verdict.PARTLY, text("joined", first=text("pv_partly", **words), second=rail), values)
    short = text("pv_short", **words)
    return Evidence(Verdict.UNVERIFIABLE, text("joined", first=short, second=rail), values)


@check("product_reliability")
def product_reliability(data: Datasets, claim: pd.Series) -> Evidence:
    """No dataset compares the consistency, stability or service life of Chinese products with foreign ones;
    the reason says what would."""
    return Evidence(Verdict.UNVERIFIABLE, text("reliability_unverifiable"))


@check("quality_and_brands")
def quality_and_brands(data: Datasets, claim: pd.Series) -> Evidence:
    """Neither the quality-and-benefit index nor a count of well-known brands is in the data; the reason names
    the reports that would settle each half."""
    return Evidence(Verdict.UNVERIFIABLE, text("quality_brands_unverifiable"))


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
            each, claim_id = CHECKS[claim["check"]], claim["claim_id"]
            try:
                found[claim_id] = replace(
                    each.run(data.only(each.reads, claim["check"]), claim), claim_id=claim_id
                )
            except DatasetUnavailable as error:
                found[claim_id] = error
        data.memo["verdicts"] = found
    return dict(data.memo["verdicts"])


def verdicts(package: DataPackage) -> dict[str, Evidence | DatasetUnavailable]:
    """`results` of a loaded package (the pipeline's diff of verdicts that flip, and tests)."""
    return results(Datasets.fetch(package, VERDICT_READS, "verdicts", lenient=True))
