"""Little giants, what they make: MIIT's "5678" profile, the manufacturing shares, the registry by sector."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from industrial_base import figures
from industrial_base.facts import little_giants as lg
from industrial_base.i18n import Messages
from industrial_base.pages.little_giants.common import firms, sign
from industrial_base.palette import BASIS_COLOURS, NEUTRAL, SECTOR_COLOURS
from industrial_base.registry import Card, Chart, Commentary, Datasets, View
from industrial_base.sectors import sector_names

REGISTRY_DIVISIONS = "GB/T 4754 division"
MANUFACTURING_SECTION = "manufacturing"
LABEL_WIDTH = 30
"""Axis-label width in Latin characters (a Chinese character counts as two)."""


def profile_frame(industry: pd.DataFrame) -> pd.DataFrame:
    """Shares quoted for little giants as a whole: MIIT's '5678' profile and the manufacturing shares that the
    article's '≈90%' may come from. No sector dimension (whole-population shares)."""
    shares = industry.dropna(subset=["share_pct"])
    keep = (shares["classification"] == "MIIT characteristic") | (
        shares["category"].str.startswith(MANUFACTURING_SECTION) & ~shares["scope"].str.contains("Shanghai")
    )
    frame = shares[keep].copy()
    frame["shown"] = [
        f"{sign(q)}{v:g}%" for q, v in zip(frame["share_qualifier"], frame["share_pct"], strict=True)
    ]
    columns = ["scope", "category", "share_pct", "share_qualifier", "shown", "basis", "classification"]
    return frame[[*columns, "publisher", "source_url", "confidence", "note"]].reset_index(drop=True)


def profile_figure(m: Messages, frame: pd.DataFrame) -> go.Figure:
    bars = [
        f"{figures.wrap_label(m.data_name(c), LABEL_WIDTH)}<br>{m.data_name(s)}"
        for c, s in zip(frame["category"], frame["scope"], strict=True)
    ]
    figure = figures.bars(
        frame.assign(bar=bars),
        category="bar",
        value="share_pct",
        colours=[BASIS_COLOURS.get(b, NEUTRAL) for b in frame["basis"]],
        value_title=m("little_giants.profile.value_title"),
        text_format=".0f",
        hover_unit="%",
        height=52 * len(frame) + 150,
    )
    figure.update_traces(texttemplate=list(frame["shown"]), textposition="outside", cliponaxis=False)
    figure.update_xaxes(range=[0, 112])
    bases = list(dict.fromkeys(frame["basis"]))
    return figures.add_legend_keys(
        figure, {m.label("ui.basis", b): BASIS_COLOURS.get(b, NEUTRAL) for b in bases}
    )


def profile_check(m: Messages, industry: pd.DataFrame) -> dict[str, Any]:
    """Shares the profile commentary quotes, ready for prose in the reader's language."""
    official = industry[
        (industry["classification"] == "MIIT characteristic") & (industry["basis"] == "official")
    ]
    foundation = lg.foundation_shares(official).iloc[0]
    four = industry[industry["category"].str.contains("four foundations")].iloc[0]
    manufacturing = industry[
        (industry["category"] == MANUFACTURING_SECTION) & (industry["share_qualifier"] == "about")
    ].iloc[0]
    registry = industry[
        (industry["category"] == MANUFACTURING_SECTION)
        & industry["classification"].str.startswith("GB/T 4754")
        & industry["count"].notna()
        & industry["share_pct"].notna()
    ].iloc[0]
    services = industry[
        (industry["classification"] == registry["classification"])
        & (industry["scope"] == registry["scope"])
        & (industry["category"] != MANUFACTURING_SECTION)
        & industry["share_pct"].notna()
    ].iloc[0]
    return {
        "foundation": float(foundation["share_pct"]),
        "foundation_date": m.date(foundation["as_of"]),
        "four_foundations": float(four["share_pct"]),
        "manufacturing": float(manufacturing["share_pct"]),
        "manufacturing_scope": m.data_name(manufacturing["scope"]),
        "registry_share": float(registry["share_pct"]),
        "registry_source": m.data_name(registry["classification"]),
        "services_share": float(services["share_pct"]),
        "manufacturing_count": int(registry["count"]),
    }


def registry_frame(industry: pd.DataFrame, sectors: list[str], labels: dict[str, str]) -> pd.DataFrame:
    """Registry counts by GB/T 4754 manufacturing division, mapped to sectors, in the chosen sectors.
    `labels` are the sector names in the reader's language (`sector_name`)."""
    rows = industry[
        industry["classification"].str.startswith(REGISTRY_DIVISIONS)
        & industry["sector_id"].notna()
        & industry["count"].notna()
    ]
    rows = rows[rows["sector_id"].isin(sectors)].sort_values("count", ascending=False, kind="stable")
    rows = rows.assign(sector_name=[labels.get(s, s) for s in rows["sector_id"]])
    columns = ["category", "sector_id", "sector_name", "count", "scope", "classification", "basis"]
    return rows[[*columns, "publisher", "source_url", "confidence", "note"]].reset_index(drop=True)


def registry_figure(m: Messages, frame: pd.DataFrame) -> go.Figure:
    figure = figures.bars(
        frame.assign(category=[figures.wrap_label(m.data_name(c), LABEL_WIDTH) for c in frame["category"]]),
        category="category",
        value="count",
        colours=[SECTOR_COLOURS.get(s, NEUTRAL) for s in frame["sector_id"]],
        value_title=m("little_giants.registry.value_title"),
        hover_unit=firms(m),
    )
    entries = dict(zip(frame["sector_name"], frame["sector_id"], strict=True))
    return figures.add_legend_keys(
        figure, {label: SECTOR_COLOURS.get(s, NEUTRAL) for label, s in entries.items()}
    )


# --- charts ----------------------------------------------------------------------------------------------


def profile_card(m: Messages, data: Datasets) -> Card:
    industry = data["lg_industry"]
    frame = profile_frame(industry)
    check = profile_check(m, industry)
    stock = int(lg.stock_for(data["lg_cumulative"], sum(lg.designated(data["lg_batches"])))["cumulative"])
    return Card(
        title=m("little_giants.profile.title"),
        figure=profile_figure(m, frame),
        displayed=frame,
        takeaway=m("little_giants.profile.takeaway", **check),
        commentary=Commentary(
            claim=m("little_giants.profile.claim", stock=stock),
            finding=m("little_giants.profile.finding", stock=stock, **check),
            claims=("lg-basic-90",),
        ),
        footnote=m("little_giants.profile.footnote"),
    )


def registry_card(m: Messages, data: Datasets, sectors: tuple[str, ...]) -> Card | None:
    """None when no row falls in the chosen sectors (the view says so instead of drawing an empty chart)."""
    industry = data["lg_industry"]
    labels = sector_names(m, data["sectors"])
    frame = registry_frame(industry, list(sectors), labels)
    if frame.empty:
        return None
    every = registry_frame(industry, list(labels), labels)
    by_sector = frame.groupby("sector_name", sort=False)["count"].sum().sort_values(ascending=False)
    total = int(frame["count"].sum())
    numbers = {
        "n": len(frame),
        "top_sector": str(by_sector.index[0]),
        "top_count": int(by_sector.iloc[0]),
        "total": total,
        "top_share": float(by_sector.iloc[0] / total * 100),
        "scope": m.data_name(frame["scope"].iloc[0]),
    }
    return Card(
        title=m("little_giants.registry.title"),
        figure=registry_figure(m, frame),
        displayed=frame,
        takeaway=m("little_giants.registry.takeaway", **numbers),
        footnote=m(
            "little_giants.registry.footnote",
            **numbers,
            division_total=int(every["count"].sum()),
            manufacturing=profile_check(m, industry)["manufacturing_count"],
        ),
    )


PROFILE = Chart(reads=("lg_industry", "lg_batches", "lg_cumulative"), build=profile_card)
REGISTRY = Chart(reads=("lg_industry", "sectors"), build=registry_card, by_sector=True)
VIEWS = (View("profile", PROFILE), View("registry", REGISTRY))
