"""Verdicts on the article's claims, computed from the datasets rather than typed in.

Each row of `data/claims.csv` names a check registered here. A check reads the tables it needs, compares the
article's value with the sourced figures and returns `Evidence`: the verdict, the figures compared (each with
its source), the tolerance and one sentence saying why. Change a source figure and the verdict follows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import pandas as pd

from industrial_base.package import DataPackage, DatasetUnavailable


class Verdict(StrEnum):
    MATCHES = "matches"
    DIFFERS = "differs"
    PARTLY = "partly"
    UNVERIFIABLE = "not verifiable"
    OPINION = "opinion"


VERDICT_LABELS = {
    Verdict.MATCHES: "Matches the sources",
    Verdict.DIFFERS: "Differs from the sources",
    Verdict.PARTLY: "Partly supported",
    Verdict.UNVERIFIABLE: "Not verifiable from published sources",
    Verdict.OPINION: "Opinion, not checkable",
}
VERDICT_SHORT = {
    Verdict.MATCHES: "Matches",
    Verdict.DIFFERS: "Differs",
    Verdict.PARTLY: "Partly",
    Verdict.UNVERIFIABLE: "Not verifiable",
    Verdict.OPINION: "Opinion",
}
VERDICT_COLOURS = {
    Verdict.MATCHES: "green",
    Verdict.DIFFERS: "red",
    Verdict.PARTLY: "orange",
    Verdict.UNVERIFIABLE: "gray",
    Verdict.OPINION: "violet",
}


@dataclass(frozen=True)
class Figure:
    """One sourced figure used as evidence."""

    label: str
    value: str
    source_url: str | None
    publisher: str | None
    confidence: str | None
    basis: str | None


@dataclass
class Evidence:
    claim_id: str
    verdict: Verdict
    reason: str
    figures: list[Figure] = field(default_factory=list)
    tolerance: str | None = None


Check = Callable[[DataPackage, pd.Series], Evidence]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        CHECKS[name] = function
        return function

    return register


def _figure(row: pd.Series, label: str, value: Any) -> Figure:
    def get(column: str) -> str | None:
        item = row.get(column)
        return None if item is None or pd.isna(item) else str(item)

    return Figure(label, str(value), get("source_url"), get("publisher"), get("confidence"), get("basis"))


def _within(article: float, source: float, tolerance_pct: float) -> bool:
    return abs(article - source) <= abs(source) * tolerance_pct / 100 + 1e-9


def _tolerance(claim: pd.Series) -> float:
    value = claim.get("tolerance_pct")
    return 0.0 if value is None or pd.isna(value) else float(value)


def _article(claim: pd.Series) -> float:
    return float(claim["article_value"])


@check("opinion")
def opinion(package: DataPackage, claim: pd.Series) -> Evidence:
    return Evidence(claim["claim_id"], Verdict.OPINION, "A judgement rather than a measurable statement.")


@check("no_dataset")
def no_dataset(package: DataPackage, claim: pd.Series) -> Evidence:
    note = claim.get("note")
    reason = str(note) if isinstance(note, str) else "No published figure measures this claim."
    return Evidence(claim["claim_id"], Verdict.UNVERIFIABLE, reason)


@check("official_mva")
def official_mva(package: DataPackage, claim: pd.Series) -> Evidence:
    """Compare with MIIT/NBS official statements for the year named in the claim (the year is the one whose
    official value is closest to the article's, among official rows); the derived WDI value is context."""
    official = package.table("china_mva_cny_official")
    derived = package.table("china_mva_cny_derived_wdi")
    article, tolerance = _article(claim), _tolerance(claim)
    candidates = official[official["basis"] == "official"].dropna(subset=["value_trillion_cny"])
    year = int(claim["claim_id"].split("-")[-1])
    rows = candidates[candidates["year"] == year]
    if rows.empty:
        return Evidence(
            claim["claim_id"], Verdict.UNVERIFIABLE, f"No official figure for {year} in the data."
        )
    figures = [
        _figure(r, f"Official {year} ({r['publisher']})", f"{r['value_trillion_cny']:g} trillion yuan")
        for _, r in rows.iterrows()
    ]
    wdi = derived[derived["year"] == year]
    if not wdi.empty:
        row = wdi.iloc[0]
        figures.append(
            _figure(row, f"Derived from World Bank, {year}", f"{row['value_trillion_cny']:.2f} trillion yuan")
        )
    matching = [v for v in rows["value_trillion_cny"] if _within(article, float(v), tolerance)]
    if matching:
        return Evidence(
            claim["claim_id"],
            Verdict.MATCHES,
            f"The official {year} figure is {matching[0]:g} trillion yuan.",
            figures,
            f"±{tolerance:g}%",
        )
    closest = float(rows["value_trillion_cny"].iloc[0])
    gap = (article / closest - 1) * 100
    return Evidence(
        claim["claim_id"],
        Verdict.DIFFERS,
        f"The official {year} figure is {closest:g} trillion yuan; the article's is {gap:+.1f}% off.",
        figures,
        f"±{tolerance:g}%",
    )


@check("largest_producer")
def largest_producer(package: DataPackage, claim: pd.Series) -> Evidence:
    """China's value added is the largest of the economies compared, in the latest year all have data."""
    usd = package.table("wdi_mva_usd")
    nations = usd[usd["iso3"] != "WLD"].dropna(subset=["value"])
    counts = nations.groupby("year")["iso3"].nunique()
    year = int(counts[counts == usd.loc[usd["iso3"] != "WLD", "iso3"].nunique()].index.max())
    in_year = nations[nations["year"] == year].sort_values("value", ascending=False)
    first, second = in_year.iloc[0], in_year.iloc[1]
    figures = [
        _figure(r, f"{r['country']}, {year}", f"{r['value']:,.0f} billion US$")
        for _, r in in_year.head(2).iterrows()
    ]
    if first["iso3"] == "CHN":
        return Evidence(
            claim["claim_id"],
            Verdict.MATCHES,
            f"In {year} China's manufacturing value added was {first['value'] / second['value']:.1f} times "
            f"that of the next largest, {second['country']}.",
            figures,
        )
    return Evidence(
        claim["claim_id"],
        Verdict.DIFFERS,
        f"In {year} {first['country']} had the largest manufacturing value added, not China.",
        figures,
    )


def _independent_rows(frame: pd.DataFrame, value: float, column: str = "value") -> pd.DataFrame:
    """Rows giving the same number from a source other than the article itself."""
    return frame[(frame[column] == value) & (frame["basis"] != "claim")]


@check("key_products_count")
def key_products_count(package: DataPackage, claim: pd.Series) -> Evidence:
    programme = package.table("key_products_programme")
    article = _article(claim)
    stated = programme[programme["value"] == article]
    figures = [_figure(r, str(r["item"]), f"{r['value']:g} ({r['basis']})") for _, r in stated.iterrows()]
    if not _independent_rows(programme, article).empty:
        return Evidence(
            claim["claim_id"], Verdict.MATCHES, "An independent source gives the same count.", figures
        )
    return Evidence(
        claim["claim_id"],
        Verdict.UNVERIFIABLE,
        "The count is known only from Chen Xuedong's own remarks; no list or breakdown of the products "
        "has been published.",
        figures,
    )


def _examples(package: DataPackage, pattern: str) -> pd.DataFrame:
    examples = package.table("key_products_examples")
    return examples[examples["example_from_article"].str.contains(pattern, case=False, regex=False)]


def _example_figures(rows: pd.DataFrame) -> list[Figure]:
    return [
        _figure(r, str(r["metric"]), f"{r['value_text']} {r['unit']} ({r['year']})")
        for _, r in rows.iterrows()
    ]


@check("beidou_terminals")
def beidou_terminals(package: DataPackage, claim: pd.Series) -> Evidence:
    rows = _examples(package, "Beidou agri")
    figures = _example_figures(rows)
    annual = rows[rows["metric"].str.contains("annual", case=False) & (rows["basis"] != "claim")]
    if not annual.empty and annual["value"].notna().any():
        value = float(annual["value"].dropna().iloc[0])
        verdict = Verdict.MATCHES if value > _article(claim) else Verdict.DIFFERS
        return Evidence(
            claim["claim_id"], verdict, f"A source gives annual sales of {value:,.0f} units.", figures
        )
    return Evidence(
        claim["claim_id"],
        Verdict.UNVERIFIABLE,
        "Annual terminal sales appear only in the article; other sources give the installed stock and "
        "auto-steering counts, which measure something else.",
        figures,
    )


@check("cnc_systems")
def cnc_systems(package: DataPackage, claim: pd.Series) -> Evidence:
    rows = _examples(package, "CNC")
    figures = _example_figures(rows)
    recent_shares = rows[
        rows["metric"].str.contains("CNC system", case=False) & rows["year"].str.contains("202")
    ]
    if not recent_shares.empty:
        return Evidence(
            claim["claim_id"], Verdict.PARTLY, "A recent CNC-system share exists; compare it.", figures
        )
    return Evidence(
        claim["claim_id"],
        Verdict.UNVERIFIABLE,
        "No 2021–22 market share for domestic CNC systems was found; the figures available are a 2014 "
        "baseline and a machine-tool (not CNC-system) proxy.",
        figures,
    )


@check("nev_batteries")
def nev_batteries(package: DataPackage, claim: pd.Series) -> Evidence:
    rows = _examples(package, "NEV power battery")
    figures = _example_figures(rows)
    comparative = rows[rows["metric"].str.contains("pack|energy density", case=False)]
    official = comparative[comparative["basis"].isin(["official", "reported"])]
    if not official.empty:
        return Evidence(
            claim["claim_id"], Verdict.MATCHES, "An official comparison supports the claim.", figures
        )
    if not comparative.empty:
        return Evidence(
            claim["claim_id"],
            Verdict.PARTLY,
            "Only non-official figures speak to it: a vendor's pack-utilisation comparison favours two "
            "Chinese designs, and CATL's large market share, but no official energy-density or "
            "pack-efficiency benchmark against foreign products was found.",
            figures,
        )
    return Evidence(
        claim["claim_id"], Verdict.UNVERIFIABLE, "No comparison of battery performance was found.", figures
    )


@check("drive_motors")
def drive_motors(package: DataPackage, claim: pd.Series) -> Evidence:
    rows = _examples(package, "drive motor")
    figures = [
        _figure(r, str(r["metric"]), str(r["status"] if pd.notna(r["status"]) else r["value_text"]))
        for _, r in rows.iterrows()
    ]
    if rows["value"].notna().any():
        return Evidence(
            claim["claim_id"], Verdict.PARTLY, "A localisation share exists but no trend.", figures
        )
    return Evidence(
        claim["claim_id"],
        Verdict.UNVERIFIABLE,
        "No sourced domestic share of NEV drive motors was found.",
        figures,
    )


@check("little_giants_total")
def little_giants_total(package: DataPackage, claim: pd.Series) -> Evidence:
    batches = package.table("lg_batches")
    cumulative = package.table("lg_cumulative")
    final = batches[(batches["count_type"] == "announced_final") & (batches["batch"] <= 3)]
    total = int(final["count"].sum())
    parts = " + ".join(f"{int(c):,}" for c in final.sort_values("batch")["count"])
    stock = cumulative[cumulative["cumulative"] == _article(claim)]
    figures = [
        _figure(r, f"Final count, batch {r['batch']} ({r['year']})", f"{int(r['count']):,}")
        for _, r in final.sort_values("batch").iterrows()
    ]
    figures += [
        _figure(r, f"Stated stock, {r['as_of']}", f"{int(r['cumulative']):,}") for _, r in stock.iterrows()
    ]
    if total == _article(claim):
        return Evidence(
            claim["claim_id"],
            Verdict.MATCHES,
            f"MIIT's final batch counts add up exactly: {parts} = {total:,}.",
            figures,
            "exact",
        )
    return Evidence(
        claim["claim_id"],
        Verdict.DIFFERS,
        f"MIIT's final batch counts add up to {parts} = {total:,}, not {_article(claim):,.0f}.",
        figures,
        "exact",
    )


@check("little_giants_basic_share")
def little_giants_basic_share(package: DataPackage, claim: pd.Series) -> Evidence:
    industry = package.table("lg_industry")
    foundation = industry[industry["category"].str.contains("industrial-foundation", case=False, regex=False)]
    manufacturing = industry[
        (industry["category"] == "manufacturing") & industry["scope"].str.startswith("batch 3")
    ]
    figures = [
        _figure(
            r, f"{r['category']} ({r['scope']})", f"{r['share_qualifier'] or ''} {r['share_pct']:g}%".strip()
        )
        for _, r in pd.concat([foundation, manufacturing]).iterrows()
    ]
    if foundation.empty:
        return Evidence(
            claim["claim_id"],
            Verdict.UNVERIFIABLE,
            "No official share of firms in basic fields found.",
            figures,
        )
    official = float(foundation["share_pct"].iloc[0])
    qualifier = str(foundation["share_qualifier"].iloc[0] or "")
    article, tolerance = _article(claim), _tolerance(claim)
    if abs(article - official) <= tolerance:
        return Evidence(
            claim["claim_id"],
            Verdict.MATCHES,
            f"MIIT gives {qualifier} {official:g}%.",
            figures,
            f"±{tolerance:g} points",
        )
    reason = (
        f"MIIT's own figure for the 4,762 firms is '{qualifier} {official:g}%' in industrial-foundation "
        f"fields, {article - official:+.0f} points from the article."
    )
    if not manufacturing.empty:
        reason += (
            f" The ~{manufacturing['share_pct'].iloc[0]:g}% figure is the third batch's share in "
            "manufacturing, which the article appears to have conflated with basic fields."
        )
    return Evidence(claim["claim_id"], Verdict.DIFFERS, reason, figures, f"±{tolerance:g} points")


@check("clusters_2021")
def clusters_2021(package: DataPackage, claim: pd.Series) -> Evidence:
    clusters = package.table("clusters")
    aggregates = package.table("clusters_aggregates")
    listed = int((clusters["cohort"] == 2021).sum())
    published = aggregates[aggregates["agg_id"] == "agg-01"]
    figures = [_figure(r, str(r["metric"]), f"{r['value']:g}") for _, r in published.iterrows()]
    figures.append(
        Figure(
            "Cluster rows of the 2021 list in this project's data", str(listed), None, None, None, "computed"
        )
    )
    if listed == _article(claim):
        return Evidence(
            claim["claim_id"],
            Verdict.MATCHES,
            f"The 2021 list has {listed} clusters, as published.",
            figures,
            "exact",
        )
    return Evidence(
        claim["claim_id"],
        Verdict.DIFFERS,
        f"The 2021 list in the data has {listed} clusters.",
        figures,
        "exact",
    )


@check("clusters_basic_seven")
def clusters_basic_seven(package: DataPackage, claim: pd.Series) -> Evidence:
    aggregates = package.table("clusters_aggregates")
    stated = aggregates[(aggregates["value"] == _article(claim)) & aggregates["metric"].str.contains("basic")]
    figures = [_figure(r, str(r["metric"]), f"{r['value']:g} ({r['basis']})") for _, r in stated.iterrows()]
    if not _independent_rows(stated, _article(claim)).empty:
        return Evidence(
            claim["claim_id"], Verdict.MATCHES, "A source other than the article names the count.", figures
        )
    return Evidence(
        claim["claim_id"],
        Verdict.UNVERIFIABLE,
        "No published source names the seven clusters or repeats the count; MIIT classifies clusters by "
        "six fields, none called 'basic industrial'.",
        figures,
    )


def evaluate(package: DataPackage) -> list[Evidence | DatasetUnavailable]:
    """A verdict for every claim, in file order; a claim whose data failed validation yields the error."""
    results: list[Evidence | DatasetUnavailable] = []
    for _, claim in package.table("claims").iterrows():
        try:
            results.append(CHECKS[claim["check"]](package, claim))
        except DatasetUnavailable as error:
            results.append(error)
    return results
