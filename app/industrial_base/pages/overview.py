"""Overview: the article's headline figures as metrics with sources, and where the evidence comes from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from industrial_base import figures
from industrial_base.cards import EVERY, Card, Chart, Datasets, Prepared
from industrial_base.i18n import Messages
from industrial_base.palette import BASIS_COLOURS
from industrial_base.transforms import given

ARTICLE_YEAR = 2021
"""The year the article's figures describe (value added to 2021, the 2021 cluster list, the 2021 stock)."""
KEY_PRODUCTS_ITEM = "key products achieving technological breakthroughs"
CLUSTER_STOCK_IDS = ("agg-01", "agg-07", "agg-21")
"""clusters_aggregates rows giving the national cluster count after each round (2021, 2022, 2024)."""
BASIS_ORDER = ["official", "reported", "derived", "computed", "compiled", "third-party", "claim"]


@dataclass(frozen=True)
class Headline:
    """One metric card: value as text, the change it quotes, help naming the source. (No sparkline:
    Streamlit's metric charts carry no text alternative; each series is charted on its own page.)"""

    key: str
    label: str
    value: str
    help: str
    delta: str | None = None


def source_help(m: Messages, row: Mapping[str, Any] | pd.Series, lead: str = "") -> str:
    """'Source: publisher (date) · basis · confidence', the URL as a link (markdown for st.metric help)."""
    publisher = row.get("publisher") if given(row.get("publisher")) else m("overview.help.no_publisher")
    date = m.date(row["source_date"]) if given(row.get("source_date")) else m("overview.help.no_date")
    url = row.get("source_url")
    source = m(
        "overview.help.source_linked" if given(url) else "overview.help.source_plain",
        publisher=publisher,
        date=date,
        url=url,
    )
    basis = m.label("ui.basis", row.get("basis"), m("ui.basis.not recorded"))
    confidence = m.label(
        "ui.confidence", row.get("confidence") if given(row.get("confidence")) else "not rated"
    )
    if given(row.get("confidence_note")):
        confidence = f"{confidence} {row['confidence_note']}"
    parts = [lead.strip()] if lead.strip() else []
    parts.append(m("overview.help.line", source=source, basis=basis, confidence=confidence))
    return "  \n".join(parts)


def qualifier(m: Messages, value: Any) -> str:
    """'more than ' / '超过' before a number; nothing for an exact figure."""
    return m.label("overview.qualifiers", value, "")


def mva_headline(
    m: Messages, official: pd.DataFrame, derived: pd.DataFrame, year: int = ARTICLE_YEAR
) -> Headline:
    """The official figure for `year`, its growth since the first official year; derived series as spark."""
    stated = official[(official["basis"] == "official")].dropna(subset=["value_trillion_cny"])
    row = stated[stated["year"] == year].iloc[0]
    first = stated.sort_values("year").iloc[0]
    growth = (float(row["value_trillion_cny"]) / float(first["value_trillion_cny"]) - 1) * 100
    series = derived.sort_values("year")
    return Headline(
        key="mva",
        label=m("overview.headlines.mva.label", year=year),
        value=m("overview.headlines.mva.value", value=float(row["value_trillion_cny"])),
        delta=m(
            "overview.headlines.mva.delta",
            growth=growth,
            first_year=int(first["year"]),
            first=float(first["value_trillion_cny"]),
        ),
        help=source_help(
            m,
            row,
            m(
                "overview.headlines.mva.help",
                first=int(series["year"].min()),
                last=int(series["year"].max()),
            ),
        ),
    )


def key_products_headline(m: Messages, programme: pd.DataFrame) -> Headline:
    row = programme[programme["item"] == KEY_PRODUCTS_ITEM].iloc[0]
    return Headline(
        key="key_products",
        label=m("overview.headlines.key_products.label"),
        value=f"{int(row['value']):,}",
        delta=m("overview.headlines.key_products.delta"),
        help=source_help(m, row, m("overview.headlines.key_products.help")),
    )


def little_giants_headline(m: Messages, cumulative: pd.DataFrame, year: int = ARTICLE_YEAR) -> Headline:
    """The stock at the end of `year` (the latest statement dated in it), with every stated stock as spark."""
    ordered = cumulative.sort_values("as_of")
    in_year = ordered[ordered["as_of"].astype(str).str.startswith(str(year))]
    row = in_year.iloc[-1]
    latest = ordered.iloc[-1]
    return Headline(
        key="little_giants",
        label=m("overview.headlines.little_giants.label", date=m.date(row["as_of"])),
        value=f"{int(row['cumulative']):,}",
        delta=m(
            "overview.headlines.little_giants.delta",
            qualifier=qualifier(m, latest["qualifier"]),
            latest=int(latest["cumulative"]),
            year=str(latest["as_of"])[:4],
        ),
        help=source_help(
            m,
            row,
            m(
                "overview.headlines.little_giants.help",
                first=m.date(str(ordered["as_of"].iloc[0])[:7]),
                last=m.date(str(latest["as_of"])[:7]),
            ),
        ),
    )


def clusters_headline(m: Messages, aggregates: pd.DataFrame) -> Headline:
    """The 2021 list of national clusters, with the count after each later round."""
    stock = aggregates.set_index("agg_id").loc[list(CLUSTER_STOCK_IDS)].reset_index()
    first, latest = stock.iloc[0], stock.iloc[-1]
    return Headline(
        key="clusters",
        label=m("overview.headlines.clusters.label", year=str(first["as_of"])[:4]),
        value=f"{int(first['value']):,}",
        delta=m(
            "overview.headlines.clusters.delta", latest=int(latest["value"]), year=str(latest["as_of"])[:4]
        ),
        help=source_help(m, first, m("overview.headlines.clusters.help"))
        + "  \n"
        + source_help(m, latest, m("overview.headlines.clusters.later", scope=m.data_name(latest["scope"]))),
    )


def world_share_headline(m: Messages, shares: pd.DataFrame) -> Headline:
    """The latest share computed from WDI, its change since the first year, the official claim beside it."""
    computed = shares[shares["basis"] == "computed"].dropna(subset=["value_pct"]).sort_values("year")
    row, first = computed.iloc[-1], computed.iloc[0]
    year = int(row["year"])
    claims = shares[(shares["year"] == year) & (shares["basis"] == "official")].dropna(subset=["value_pct"])
    lead = m("overview.headlines.world_share.help")
    if len(claims):
        claim = claims.iloc[0]
        lead += m.fragment(
            "overview.headlines.world_share.official",
            year=year,
            qualifier=qualifier(m, claim["qualifier"]),
            value=float(claim["value_pct"]),
            publisher=claim["publisher"],
        )
    return Headline(
        key="world_share",
        label=m("overview.headlines.world_share.label", year=year),
        value=f"{float(row['value_pct']):.1f}%",
        delta=m(
            "overview.headlines.world_share.delta",
            change=float(row["value_pct"]) - float(first["value_pct"]),
            first_year=int(first["year"]),
        ),
        help=source_help(m, row, lead),
    )


def evidence_rows(m: Messages, tables: Mapping[str, pd.DataFrame], topics: Mapping[str, str]) -> pd.DataFrame:
    """Rows per dataset and basis, for every table with a `basis` column (lookups have none)."""
    topic_names = m.labels("overview.evidence.topics")
    parts = []
    for name, frame in tables.items():
        if "basis" not in frame:
            continue
        counts = frame["basis"].fillna("not recorded").value_counts().rename_axis("basis").reset_index()
        counts.columns = ["basis", "rows"]
        topic = topics.get(name, "")
        parts.append(counts.assign(dataset=name, topic=topic_names.get(topic, topic or "other")))
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


def evidence_figure(m: Messages, by_topic: pd.DataFrame) -> go.Figure:
    labelled = by_topic
    official = labelled[labelled["basis"] == "official"].set_index("topic")["share_pct"]
    topics = list(dict.fromkeys(labelled["topic"]))
    order = sorted(topics, key=lambda t: -float(official.get(t, 0.0)))
    figure = figures.stacked_bars(
        labelled,
        category="topic",
        value="share_pct",
        group="basis",
        colours=BASIS_COLOURS,
        names=m.labels("ui.basis"),
        value_title=m("overview.evidence.value_title"),
        hover_unit=m("overview.evidence.hover_unit"),
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


# --- what the page shows ---------------------------------------------------------------------------------


def mva(m: Messages, data: Datasets) -> Headline:
    return mva_headline(m, data["china_mva_cny_official"], data["china_mva_cny_derived_wdi"])


def world_share(m: Messages, data: Datasets) -> Headline:
    return world_share_headline(m, data["china_share_world_mva"])


def key_products(m: Messages, data: Datasets) -> Headline:
    return key_products_headline(m, data["key_products_programme"])


def little_giants(m: Messages, data: Datasets) -> Headline:
    return little_giants_headline(m, data["lg_cumulative"])


def clusters(m: Messages, data: Datasets) -> Headline:
    return clusters_headline(m, data["clusters_aggregates"])


HEADLINES = {
    "mva": Prepared(reads=("china_mva_cny_official", "china_mva_cny_derived_wdi"), build=mva),
    "world_share": Prepared(reads=("china_share_world_mva",), build=world_share),
    "key_products": Prepared(reads=("key_products_programme",), build=key_products),
    "little_giants": Prepared(reads=("lg_cumulative",), build=little_giants),
    "clusters": Prepared(reads=("clusters_aggregates",), build=clusters),
}
"""The metric cards, by their key in `overview.headlines`."""


def evidence_card(m: Messages, data: Datasets) -> Card:
    topics = {name: resource.get("topic", "") for name, resource in data.package.resources.items()}
    rows = evidence_rows(m, data.validated(), topics)
    return Card(
        title=m("overview.labels.evidence_title"),
        figure=evidence_figure(m, evidence_by_topic(rows)),
        displayed=rows,
        takeaway=m("overview.evidence.takeaway", **evidence_numbers(rows)),
        footnote=m("overview.evidence.footnote"),
    )


def article_source(m: Messages, data: Datasets) -> str | None:
    """The line naming the seed article and its link, when the descriptor lists it."""
    article = next(
        (s for s in data.descriptor.get("sources", []) if "seed article" in s.get("title", "")), None
    )
    if not article or not article.get("path"):
        return None
    return m("overview.source", title=article["title"], url=article["path"])


EVIDENCE = Chart(id="evidence", reads=(EVERY,), build=evidence_card, title="overview.labels.evidence_short")
ARTICLE = Prepared(reads=(), build=article_source)
