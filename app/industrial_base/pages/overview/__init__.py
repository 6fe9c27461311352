"""Overview: the article's headline figures as metrics with their sources, and our summary of its argument."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from industrial_base.facts.clusters import FIRST_LIST, LISTS, agg
from industrial_base.facts.key_products import HEADLINE_ITEM, item
from industrial_base.freshness import FRESHNESS
from industrial_base.i18n import Messages
from industrial_base.registry import Datasets, Page, Prepared, View, md
from industrial_base.transforms import given

ARTICLE_YEAR = 2021
"""The year the article's figures describe (value added to 2021, the 2021 cluster list, the 2021 stock)."""


def source_help(m: Messages, row: Mapping[str, Any] | pd.Series, lead: str = "") -> str:
    """'Source: publisher (date) · basis · confidence', the URL as a link (markdown for st.metric's help)."""
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
    return md("  \n".join(parts))


def mva(m: Messages, data: Datasets) -> dict[str, Any]:
    """The official figure for the article's year, its growth since the first official year, and the years
    of the series derived from the World Bank (charted on its page)."""
    official = data["china_mva_cny_official"]
    stated = official[(official["basis"] == "official")].dropna(subset=["value_trillion_cny"])
    row = stated[stated["year"] == ARTICLE_YEAR].iloc[0]
    first = stated.sort_values("year").iloc[0]
    growth = (float(row["value_trillion_cny"]) / float(first["value_trillion_cny"]) - 1) * 100
    derived = data["china_mva_cny_derived_wdi"]["year"]
    return dict(
        label=m("overview.headlines.mva.label", year=ARTICLE_YEAR),
        value=m("overview.headlines.mva.value", value=float(row["value_trillion_cny"])),
        delta=m(
            "overview.headlines.mva.delta",
            growth=growth,
            first_year=int(first["year"]),
            first=float(first["value_trillion_cny"]),
        ),
        help=source_help(
            m, row, m("overview.headlines.mva.help", first=int(derived.min()), last=int(derived.max()))
        ),
    )


def key_products(m: Messages, data: Datasets) -> dict[str, Any]:
    row = item(data["key_products_programme"], HEADLINE_ITEM)
    return dict(
        label=m("overview.headlines.key_products.label"),
        value=f"{int(row['value']):,}",
        delta=m("overview.headlines.key_products.delta"),
        help=source_help(m, row, m("overview.headlines.key_products.help")),
    )


def little_giants(m: Messages, data: Datasets) -> dict[str, Any]:
    """The stock at the end of the article's year (the latest statement dated in it), and the latest."""
    ordered = data["lg_cumulative"].sort_values("as_of")
    row = ordered[ordered["as_of"].astype(str).str.startswith(str(ARTICLE_YEAR))].iloc[-1]
    latest = ordered.iloc[-1]
    return dict(
        label=m("overview.headlines.little_giants.label", date=m.date(row["as_of"])),
        value=f"{int(row['cumulative']):,}",
        delta=m(
            "overview.headlines.little_giants.delta",
            qualifier=m.label("overview.qualifiers", latest["qualifier"], ""),
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


def clusters(m: Messages, data: Datasets) -> dict[str, Any]:
    """The 2021 list of national clusters, with the count after each later round."""
    first = agg(data["clusters_aggregates"], FIRST_LIST[0])
    latest = agg(data["clusters_aggregates"], LISTS[-1][0])
    return dict(
        label=m("overview.headlines.clusters.label", year=str(first["as_of"])[:4]),
        value=f"{int(first['value']):,}",
        delta=m(
            "overview.headlines.clusters.delta", latest=int(latest["value"]), year=str(latest["as_of"])[:4]
        ),
        help=source_help(m, first, m("overview.headlines.clusters.help"))
        + "  \n"
        + source_help(m, latest, m("overview.headlines.clusters.later", scope=m.data_name(latest["scope"]))),
    )


def world_share(m: Messages, data: Datasets) -> dict[str, Any]:
    """The latest share computed from WDI, its change since the first year, the official claim beside it."""
    shares = data["china_share_world_mva"]
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
            qualifier=m.label("overview.qualifiers", claim["qualifier"], ""),
            value=float(claim["value_pct"]),
            publisher=claim["publisher"],
        )
    return dict(
        label=m("overview.headlines.world_share.label", year=year),
        value=f"{float(row['value_pct']):.1f}%",
        delta=m(
            "overview.headlines.world_share.delta",
            change=float(row["value_pct"]) - float(first["value_pct"]),
            first_year=int(first["year"]),
        ),
        help=source_help(m, row, lead),
    )


# --- what the page shows ---------------------------------------------------------------------------------

HEADLINES = {
    "mva": Prepared(reads=("china_mva_cny_official", "china_mva_cny_derived_wdi"), build=mva),
    "world_share": Prepared(reads=("china_share_world_mva",), build=world_share),
    "key_products": Prepared(reads=("key_products_programme",), build=key_products),
    "little_giants": Prepared(reads=("lg_cumulative",), build=little_giants),
    "clusters": Prepared(reads=("clusters_aggregates",), build=clusters),
}
"""The metric cards, by their key in `overview.headlines`: each builds the arguments of its `st.metric` (its
label, value as text, the change it quotes, help naming the source). No sparkline: Streamlit's metric charts
carry no text alternative; each series is charted on its own page."""


def article_source(m: Messages, data: Datasets) -> str | None:
    """The line naming the seed article and its link, when the descriptor lists it."""
    article = next(
        (s for s in data.descriptor.get("sources", []) if "seed article" in s.get("title", "")), None
    )
    if not article or not article.get("path"):
        return None
    return m("overview.source", title=article["title"], url=article["path"])


ARTICLE = Prepared(reads=(), build=article_source)
PAGE = Page(
    "overview",
    ":material/dashboard:",
    views=(View("overview", parts=(*HEADLINES.values(), ARTICLE, FRESHNESS), by_sector=False),),
)
