"""Overview: the article's headline figures as metrics with sources, and where the evidence comes from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from industrial_base import figures
from industrial_base.palette import BASIS_COLOURS
from industrial_base.transforms import given

ARTICLE_YEAR = 2021
"""The year the article's figures describe (value added to 2021, the 2021 cluster list, the 2021 stock)."""
KEY_PRODUCTS_ITEM = "key products achieving technological breakthroughs"
CLUSTER_STOCK_IDS = ("agg-01", "agg-07", "agg-21")
"""clusters_aggregates rows giving the national cluster count after each round (2021, 2022, 2024)."""
QUALIFIER_WORDS = {"more than": "more than ", "about": "about ", "exact": ""}
BASIS_ORDER = ["official", "reported", "derived", "computed", "compiled", "third-party", "claim"]
BASIS_LABELS = {
    "official": "Official",
    "reported": "Official, reported by others",
    "derived": "Derived",
    "computed": "Computed from WDI",
    "compiled": "Compiled from lists",
    "third-party": "Third party",
    "claim": "Claim in the article",
    "not recorded": "Basis not recorded",
}
TOPIC_LABELS = {
    "value_added": "Manufacturing value added",
    "key_products": "Key products",
    "little_giants": "Little giants",
    "clusters": "Clusters",
    "fact_check": "The article's claims",
    "reference": "Reference tables",
}


@dataclass(frozen=True)
class Headline:
    """One metric card: value as text, a sparkline where a series exists, help naming the source."""

    key: str
    label: str
    value: str
    help: str
    delta: str | None = None
    chart_data: list[float] | None = None


def source_help(row: Mapping[str, Any] | pd.Series, lead: str = "") -> str:
    """'Source: publisher (date) · basis · confidence', the URL as a link (markdown for st.metric help)."""
    publisher = row.get("publisher") if given(row.get("publisher")) else "publisher not recorded"
    date = f" ({row['source_date']})" if given(row.get("source_date")) else " (date not recorded)"
    url = row.get("source_url")
    source = f"[{publisher}]({url}){date}" if given(url) else f"{publisher}{date}"
    confidence = row.get("confidence") if given(row.get("confidence")) else "not rated"
    if given(row.get("confidence_note")):
        confidence = f"{confidence} {row['confidence_note']}"
    parts = [lead.strip()] if lead.strip() else []
    parts.append(f"Source: {source}. Basis: {row.get('basis', 'not recorded')}. Confidence: {confidence}.")
    return "  \n".join(parts)


def mva_headline(official: pd.DataFrame, derived: pd.DataFrame, year: int = ARTICLE_YEAR) -> Headline:
    """The official figure for `year`, its growth since the first official year; derived series as spark."""
    stated = official[(official["basis"] == "official")].dropna(subset=["value_trillion_cny"])
    row = stated[stated["year"] == year].iloc[0]
    first = stated.sort_values("year").iloc[0]
    growth = (float(row["value_trillion_cny"]) / float(first["value_trillion_cny"]) - 1) * 100
    series = derived.sort_values("year")
    return Headline(
        key="mva",
        label=f"Manufacturing value added, {year}",
        value=f"{float(row['value_trillion_cny']):g} tn yuan",
        delta=f"{growth:+.0f}% on {int(first['year'])} ({float(first['value_trillion_cny']):g})",
        help=source_help(
            row,
            f"Official figure, current prices. Sparkline: the series derived from the World Bank "
            f"({int(series['year'].min())}–{int(series['year'].max())}), not official.",
        ),
        chart_data=[float(v) for v in series["value_trillion_cny"]],
    )


def key_products_headline(programme: pd.DataFrame) -> Headline:
    row = programme[programme["item"] == KEY_PRODUCTS_ITEM].iloc[0]
    return Headline(
        key="key_products",
        label="Key products with breakthroughs",
        value=f"{int(row['value']):,}",
        delta="no list published",
        help=source_help(
            row, "Stated in the article by Chen Xuedong; no list or breakdown has been published."
        ),
    )


def little_giants_headline(cumulative: pd.DataFrame, year: int = ARTICLE_YEAR) -> Headline:
    """The stock at the end of `year` (the latest statement dated in it), with every stated stock as spark."""
    ordered = cumulative.sort_values("as_of")
    in_year = ordered[ordered["as_of"].astype(str).str.startswith(str(year))]
    row = in_year.iloc[-1]
    latest = ordered.iloc[-1]
    qualifier = QUALIFIER_WORDS.get(str(latest["qualifier"]), "")
    return Headline(
        key="little_giants",
        label=f"'Little giant' firms, {row['as_of']}",
        value=f"{int(row['cumulative']):,}",
        delta=f"{qualifier}{int(latest['cumulative']):,} by {str(latest['as_of'])[:4]}",
        help=source_help(
            row,
            "National specialised 'little giant' SMEs designated to date. Sparkline: every stated stock, "
            f"{str(ordered['as_of'].iloc[0])[:7]} to {str(latest['as_of'])[:7]} "
            "(later points are lower bounds).",
        ),
        chart_data=[float(v) for v in ordered["cumulative"]],
    )


def clusters_headline(aggregates: pd.DataFrame) -> Headline:
    """The 2021 list of national clusters, with the count after each later round."""
    stock = aggregates.set_index("agg_id").loc[list(CLUSTER_STOCK_IDS)].reset_index()
    first, latest = stock.iloc[0], stock.iloc[-1]
    return Headline(
        key="clusters",
        label=f"National clusters, {str(first['as_of'])[:4]}",
        value=f"{int(first['value']):,}",
        delta=f"{int(latest['value']):,} after {str(latest['as_of'])[:4]}",
        help=source_help(first, "National advanced-manufacturing clusters: winners of the national contest.")
        + "  \n"
        + source_help(latest, f"Later total ({latest['scope']}):"),
        chart_data=[float(v) for v in stock["value"]],
    )


def world_share_headline(shares: pd.DataFrame) -> Headline:
    """The latest share computed from WDI, its change since the first year, the official claim beside it."""
    computed = shares[shares["basis"] == "computed"].dropna(subset=["value_pct"]).sort_values("year")
    row, first = computed.iloc[-1], computed.iloc[0]
    year = int(row["year"])
    claims = shares[(shares["year"] == year) & (shares["basis"] == "official")].dropna(subset=["value_pct"])
    claim_text = ""
    if len(claims):
        claim = claims.iloc[0]
        claim_text = (
            f" The official claim for {year} is {QUALIFIER_WORDS.get(str(claim['qualifier']), '')}"
            f"{float(claim['value_pct']):g}% ({claim['publisher']})."
        )
    return Headline(
        key="world_share",
        label=f"Share of world manufacturing, {year}",
        value=f"{float(row['value_pct']):.1f}%",
        delta=f"{float(row['value_pct']) - float(first['value_pct']):+.1f} pp on {int(first['year'])}",
        help=source_help(
            row,
            "China's share of world manufacturing value added, computed from World Bank WDI (China ÷ World, "
            "current US dollars); not an official figure." + claim_text,
        ),
        chart_data=[float(v) for v in computed["value_pct"]],
    )


def evidence_rows(tables: Mapping[str, pd.DataFrame], topics: Mapping[str, str]) -> pd.DataFrame:
    """Rows per dataset and basis, for every table with a `basis` column (lookups have none)."""
    parts = []
    for name, frame in tables.items():
        if "basis" not in frame:
            continue
        counts = frame["basis"].fillna("not recorded").value_counts().rename_axis("basis").reset_index()
        counts.columns = ["basis", "rows"]
        topic = topics.get(name, "")
        parts.append(counts.assign(dataset=name, topic=TOPIC_LABELS.get(topic, topic or "other")))
    if not parts:
        return pd.DataFrame(columns=["topic", "dataset", "basis", "rows"])
    frame = pd.concat(parts, ignore_index=True)[["topic", "dataset", "basis", "rows"]]
    order = {b: i for i, b in enumerate(BASIS_ORDER)}
    return frame.sort_values(["topic", "basis"], key=lambda s: s.map(order) if s.name == "basis" else s)


def evidence_by_topic(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows per topic and basis, with each basis's share of the topic's rows."""
    grouped = rows.groupby(["topic", "basis"], as_index=False, sort=False)["rows"].sum()
    grouped["share_pct"] = grouped["rows"] / grouped.groupby("topic")["rows"].transform("sum") * 100
    order = {b: i for i, b in enumerate(BASIS_ORDER)}
    return grouped.sort_values("basis", key=lambda s: s.map(order).fillna(len(order)), kind="stable")


def evidence_figure(by_topic: pd.DataFrame) -> go.Figure:
    official = by_topic[by_topic["basis"] == "official"].set_index("topic")["share_pct"]
    topics = list(dict.fromkeys(by_topic["topic"]))
    order = sorted(topics, key=lambda t: -float(official.get(t, 0.0)))
    figure = figures.stacked_bars(
        by_topic,
        category="topic",
        value="share_pct",
        group="basis",
        colours=BASIS_COLOURS,
        names=BASIS_LABELS,
        value_title="% of the topic's rows",
        hover_unit="% of rows",
        category_order=order,
    )
    figure.update_xaxes(range=[0, 100], ticksuffix="%")
    return figure


def evidence_numbers(rows: pd.DataFrame) -> dict[str, Any]:
    total = int(rows["rows"].sum())
    by_basis = rows.groupby("basis")["rows"].sum()
    official = int(by_basis.get("official", 0))
    return {
        "rows": total,
        "datasets": rows["dataset"].nunique(),
        "official": official,
        "official_pct": official / total * 100 if total else 0.0,
        "claims": int(by_basis.get("claim", 0)),
        "derived": int(by_basis.get("derived", 0) + by_basis.get("computed", 0)),
    }
