"""National advanced manufacturing clusters: the list, counts by field and province, and the published totals.

Pure: frames in, frames / figures / numbers out. Unnamed clusters stay unnamed ("name not found"); clusters
that span several provinces are never dropped: they are counted in a bar of their own, off the map.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from industrial_base import figures
from industrial_base.palette import NEUTRAL, SECTOR_COLOURS

UNNAMED = "name not found"
CROSS = "cross"
CROSS_LABEL = "Cross-province"
OFFICIAL = "official"
INFERRED = "inferred"
SERIES_NAMES = {
    OFFICIAL: "Official split (People's Daily, MIIT fields)",
    INFERRED: "Our per-cluster mapping (inferred, unofficial)",
}
SERIES_PATTERNS = {OFFICIAL: "", INFERRED: "/"}
# Stable ids of the aggregate rows this page quotes (clusters_aggregates.agg_id).
AGG_2021 = "agg-01"
AGG_BASIC_CLAIM = "agg-04"
AGG_45 = "agg-07"
AGG_BY_FIELD = "agg-13"
AGG_BY_PROVINCE = "agg-17"
AGG_WINNERS_2024 = "agg-20"
AGG_80 = "agg-21"
AGG_UNNAMED_2024 = "agg-27"
LIST_PARTS = {
    "named": "Named in our table",
    "unnamed": "Listed, name not found",
    "unlisted": "Counted, not listed (names not found)",
}
LIST_COLOURS = {"named": NEUTRAL, "unnamed": "#AAAAAA", "unlisted": "#DDDDDD"}
MAP_COLOURS = [[0.0, "#DEEBF7"], [1.0, "#08306B"]]
MAP_ZOOM = 1.9
CROSS_MARK = re.compile(r"\s*\(cross-provincial\)\s*$")


def agg(aggregates: pd.DataFrame, agg_id: str) -> pd.Series:
    return aggregates.set_index("agg_id").loc[agg_id]


def agg_value(aggregates: pd.DataFrame, agg_id: str) -> int:
    return int(agg(aggregates, agg_id)["value"])


# --- provinces of each cluster ---------------------------------------------------------------------------


def province_names(text: object) -> list[str]:
    """'Shaanxi; Inner Mongolia; Ningxia (cross-provincial)' -> ['Shaanxi', 'Inner Mongolia', 'Ningxia'];
    'Beijing-Tianjin-Hebei (cross-provincial)' -> ['Beijing', 'Tianjin', 'Hebei']."""
    if not isinstance(text, str) or not text.strip():
        return []
    cross = bool(CROSS_MARK.search(text))
    body = CROSS_MARK.sub("", text)
    parts = re.split(r";|-" if cross else r";", body)
    return [p.strip() for p in parts if p.strip()]


def cluster_provinces(clusters: pd.DataFrame, provinces: pd.DataFrame) -> pd.Series:
    """The adcodes each cluster lies in (one for most, several for cross-province clusters), as tuples.

    Raises ValueError if a province named in a record is not in the lookup, so nothing is dropped silently.
    """
    codes = dict(zip(provinces["name_en"], provinces["adcode"], strict=True))
    out: list[tuple[int, ...]] = []
    for adcode, text, cluster_id in zip(
        clusters["province_adcode"], clusters["province_or_region"], clusters["cluster_id"], strict=True
    ):
        if pd.notna(adcode):
            out.append((int(adcode),))
            continue
        names = province_names(text)
        unknown = [n for n in names if n not in codes]
        if unknown or not names:
            raise ValueError(f"{cluster_id}: province(s) not in the lookup: {unknown or text!r}")
        out.append(tuple(int(codes[n]) for n in names))
    return pd.Series(out, index=clusters.index, dtype="object")


def is_cross(clusters: pd.DataFrame) -> pd.Series:
    return clusters["province_adcode"].isna()


# --- the table -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The page's own filters (empty = no restriction) and the sidebar's sectors."""

    query: str = ""
    fields: tuple[str, ...] = ()
    provinces: tuple[int, ...] = ()
    cohorts: tuple[int, ...] = ()
    confidence: tuple[str, ...] = ()
    sectors: tuple[str, ...] | None = None


def filter_clusters(clusters: pd.DataFrame, provinces: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Rows matching every filter; the text query looks in the Chinese and English names and the cities."""
    keep = pd.Series(True, index=clusters.index)
    if filters.sectors is not None:
        keep &= clusters["sector_id"].isin(filters.sectors)
    if filters.fields:
        keep &= clusters["sector_id"].isin(filters.fields)
    if filters.cohorts:
        keep &= clusters["cohort"].isin(filters.cohorts)
    if filters.confidence:
        keep &= clusters["confidence"].isin(filters.confidence)
    if filters.provinces:
        wanted = set(filters.provinces)
        keep &= cluster_provinces(clusters, provinces).map(lambda codes: bool(wanted & set(codes)))
    query = filters.query.strip().casefold()
    if query:
        haystack = (
            clusters["name_zh"].fillna("")
            + " "
            + clusters["name_en_unofficial"].fillna("")
            + " "
            + clusters["cities"].fillna("")
        ).str.casefold()
        keep &= haystack.str.contains(query, regex=False)
    return clusters[keep.astype(bool)]


def table_frame(clusters: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """The clusters as shown: unnamed rows say 'name not found' (never a made-up name)."""
    unnamed = clusters["name_zh"].isna() & clusters["name_en_unofficial"].isna()
    frame = pd.DataFrame(
        {
            "name": clusters["name_en_unofficial"].where(~unnamed, UNNAMED),
            "name_zh": clusters["name_zh"].where(~unnamed, UNNAMED),
            "cohort": clusters["cohort"],
            "cities": clusters["cities"],
            "province_or_region": clusters["province_or_region"],
            "field": [labels.get(s, s) for s in clusters["sector_id"]],
            "field_basis": clusters["field_basis"],
            "name_status": clusters["name_status"],
            "confidence": clusters["confidence"],
            "source_url": clusters["source_url"],
            "publisher": clusters["publisher"],
            "note": clusters["note"],
            "cluster_id": clusters["cluster_id"],
        }
    )
    return frame.reset_index(drop=True)


def province_options(clusters: pd.DataFrame, provinces: pd.DataFrame) -> dict[int, str]:
    """Every province any cluster lies in, by adcode, in the lookup's order."""
    present = {code for codes in cluster_provinces(clusters, provinces) for code in codes}
    lookup = provinces[provinces["adcode"].isin(present)]
    return {int(a): str(n) for a, n in zip(lookup["adcode"], lookup["name_en"], strict=True)}


@dataclass(frozen=True)
class ListNumbers:
    listed: int
    named: int
    unnamed_listed: int
    n45: int
    n24: int
    unnamed_2024: int
    winners_2024: int
    total_2024: int


def list_numbers(clusters: pd.DataFrame, aggregates: pd.DataFrame) -> ListNumbers:
    unnamed = clusters["name_zh"].isna()
    return ListNumbers(
        listed=len(clusters),
        named=int((~unnamed).sum()),
        unnamed_listed=int(unnamed.sum()),
        n45=int(clusters["cohort"].isin([2021, 2022]).sum()),
        n24=int((clusters["cohort"] == 2024).sum()),
        unnamed_2024=agg_value(aggregates, AGG_UNNAMED_2024),
        winners_2024=agg_value(aggregates, AGG_WINNERS_2024),
        total_2024=agg_value(aggregates, AGG_80),
    )


# --- by field --------------------------------------------------------------------------------------------


def field_comparison(
    clusters: pd.DataFrame, aggregates: pd.DataFrame, labels: dict[str, str], sectors: list[str]
) -> pd.DataFrame:
    """The 45 of 2021-2022 by field: the published split next to our per-cluster inference, in `sectors`."""
    official = aggregates[(aggregates["parent_id"] == AGG_BY_FIELD) & aggregates["sector_id"].notna()]
    forty_five = clusters[clusters["cohort"].isin([2021, 2022])]
    ours = forty_five.groupby("sector_id").size()
    rows = []
    for sector_id in labels:
        if sector_id not in sectors:
            continue
        published = official[official["sector_id"] == sector_id]
        rows.append(
            {
                "sector_id": sector_id,
                "field": labels[sector_id],
                "series": OFFICIAL,
                "clusters": int(published["value"].iloc[0]) if len(published) else None,
                "status": pd.NA if len(published) else "not in the published split",
                "basis": "official",
                "source_url": published["source_url"].iloc[0] if len(published) else pd.NA,
            }
        )
        rows.append(
            {
                "sector_id": sector_id,
                "field": labels[sector_id],
                "series": INFERRED,
                "clusters": int(ours.get(sector_id, 0)),
                "status": pd.NA,
                "basis": "derived",
                "source_url": pd.NA,
            }
        )
    return pd.DataFrame(
        rows, columns=["sector_id", "field", "series", "clusters", "status", "basis", "source_url"]
    ).astype({"clusters": "Int64"})


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    names = [str(n) for n in names]
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


def wrap_label(label: str, width: int = 18) -> str:
    """Break a long axis label over lines (plotly '<br>'), so that narrow screens keep room for the bars."""
    return "<br>".join(textwrap.wrap(label, width)) or label


def field_figure(frame: pd.DataFrame) -> go.Figure:
    return figures.paired_bars(
        frame.assign(field=[wrap_label(f) for f in frame["field"]]),
        category="field",
        value="clusters",
        series="series",
        colour="sector_id",
        colours=SECTOR_COLOURS,
        names=SERIES_NAMES,
        patterns=SERIES_PATTERNS,
        value_title="Clusters",
        hover_unit="clusters",
    )


def field_numbers(frame: pd.DataFrame) -> dict[str, Any]:
    wide = frame.pivot(index="field", columns="series", values="clusters")
    wide = wide.reindex(list(dict.fromkeys(frame["field"])))
    both = wide.dropna()
    agree = both[both[OFFICIAL] == both[INFERRED]]
    differ = both[both[OFFICIAL] != both[INFERRED]]
    return {
        "all_agree": len(agree) == len(both) > 0,
        "agree": len(agree),
        "fields": len(both),
        "differences": "; ".join(
            f"{field}: {int(row[INFERRED])} vs {int(row[OFFICIAL])}" for field, row in differ.iterrows()
        )
        or "none",
        "ours_total": int(wide[INFERRED].sum()),
    }


# --- by province -----------------------------------------------------------------------------------------


def province_counts(
    clusters: pd.DataFrame, provinces: pd.DataFrame, labels: dict[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per province and sector for single-province clusters plus one 'cross-province' row per sector,
    per province totals for the map). Every cluster is counted exactly once."""
    names = dict(zip(provinces["adcode"], provinces["name_en"], strict=True))
    frame = clusters.assign(
        place=[CROSS_LABEL if pd.isna(a) else names[int(a)] for a in clusters["province_adcode"]],
        adcode=clusters["province_adcode"],
    )
    by_sector = frame.groupby(["place", "sector_id"], sort=False).size().rename("clusters").reset_index()
    by_sector["sector"] = [labels.get(s, s) for s in by_sector["sector_id"]]
    totals = by_sector.groupby("place")["clusters"].sum()
    order = sorted(totals.index, key=lambda p: (p == CROSS_LABEL, -totals[p], p))
    rank = {p: i for i, p in enumerate(order)}
    sector_rank = {s: i for i, s in enumerate(labels)}
    by_sector = by_sector.sort_values(
        ["place", "sector_id"], key=lambda s: s.map(rank) if s.name == "place" else s.map(sector_rank)
    ).reset_index(drop=True)
    single = frame[frame["adcode"].notna()]
    mapped = single.groupby("adcode").size().rename("clusters").reset_index()
    mapped["province_en"] = [names[int(a)] for a in mapped["adcode"]]
    mapped = mapped.astype({"adcode": "Int64", "clusters": "Int64"})
    return by_sector.astype({"clusters": "Int64"}), mapped.sort_values(
        "clusters", ascending=False
    ).reset_index(drop=True)


def province_bars(by_sector: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    order = list(dict.fromkeys(by_sector["place"]))
    colours = {labels.get(s, s): SECTOR_COLOURS.get(s, NEUTRAL) for s in SECTOR_COLOURS}
    figure = figures.stacked_bars(
        by_sector,
        category="place",
        value="clusters",
        group="sector",
        colours=colours,
        value_title="Clusters",
        hover_unit="clusters",
        category_order=order,
    )
    rank = {labels.get(s, s): i for i, s in enumerate(SECTOR_COLOURS)}
    for trace in figure.data:
        trace.legendrank = 1000 + rank.get(trace.name, len(rank))
    return figure


def province_map(geojson: dict[str, Any] | str, mapped: pd.DataFrame, provinces: pd.DataFrame) -> go.Figure:
    figure = figures.choropleth(
        geojson, mapped, location="adcode", value="clusters", label="province_en", value_title="Clusters"
    )
    empty = provinces[~provinces["adcode"].isin(mapped["adcode"])]
    top = int(mapped["clusters"].max()) if len(mapped) else 1
    figure.update_traces(colorscale=MAP_COLOURS, zmin=0, zmax=max(top, 1), selector=0)
    figure.update_layout(map={"zoom": MAP_ZOOM})
    figures.add_no_data_areas(
        figure, geojson, list(empty["adcode"]), list(empty["name_en"]), note="no cluster in our list"
    )
    return figures.colourbar_below(figure, "Clusters")


def province_numbers(by_sector: pd.DataFrame, clusters: pd.DataFrame) -> dict[str, Any]:
    totals = by_sector.groupby("place", sort=False)["clusters"].sum()
    single = totals.drop(CROSS_LABEL, errors="ignore")
    cross = clusters[is_cross(clusters)]
    cross_names = [n if isinstance(n, str) else UNNAMED for n in cross["name_en_unofficial"]]
    leaders = list(single[single == single.max()].index) if len(single) else []
    return {
        "top": join_names(leaders) or "No province",
        "has": "have" if len(leaders) > 1 else "has",
        "each": " each" if len(leaders) > 1 else "",
        "top_count": int(single.max()) if len(single) else 0,
        "provinces": len(single),
        "cross": len(cross),
        "cross_names": "; ".join(cross_names) or "none",
        "counted": int(totals.sum()),
    }


# --- totals and the article's claim ------------------------------------------------------------------------


def list_totals(clusters: pd.DataFrame, aggregates: pd.DataFrame) -> pd.DataFrame:
    """For each published list size (25, 45, 80): how many we can name, list unnamed, or only count."""
    steps = [
        ("2021 list", [2021], AGG_2021),
        ("After 2022", [2021, 2022], AGG_45),
        ("After 2024", [2021, 2022, 2024], AGG_80),
    ]
    rows = []
    for label, cohorts, agg_id in steps:
        rows_in = clusters[clusters["cohort"].isin(cohorts)]
        published = agg_value(aggregates, agg_id)
        named = int(rows_in["name_zh"].notna().sum())
        unnamed = int(rows_in["name_zh"].isna().sum())
        row = agg(aggregates, agg_id)
        bar = f"{label} ({published})"
        for part, count in (
            ("named", named),
            ("unnamed", unnamed),
            ("unlisted", published - named - unnamed),
        ):
            rows.append(
                {
                    "list": bar,
                    "part": part,
                    "clusters": count,
                    "published_total": published,
                    "agg_id": agg_id,
                    "source_url": row["source_url"],
                    "publisher": row["publisher"],
                }
            )
    return pd.DataFrame(rows).astype({"clusters": "Int64", "published_total": "Int64"})


def totals_figure(totals: pd.DataFrame) -> go.Figure:
    shown = totals[totals["clusters"] > 0]
    figure = figures.stacked_bars(
        shown,
        category="list",
        value="clusters",
        group="part",
        colours=LIST_COLOURS,
        names=LIST_PARTS,
        value_title="National advanced manufacturing clusters",
        hover_unit="clusters",
        category_order=list(dict.fromkeys(totals["list"])),
    )
    return figure.update_traces(texttemplate="%{x}", textposition="inside", insidetextanchor="middle")


@dataclass(frozen=True)
class ClaimCheck:
    listed_2021: int
    published_2021: int
    published_2021_date: str
    claimed_basic: int
    claim_note: str
    total_2022: int
    total_2024: int
    winners_2024: int
    unnamed_2024: int
    named_2024: int
    fields: int


def claim_check(clusters: pd.DataFrame, aggregates: pd.DataFrame, sectors: pd.DataFrame) -> ClaimCheck:
    first = agg(aggregates, AGG_2021)
    return ClaimCheck(
        listed_2021=int((clusters["cohort"] == 2021).sum()),
        published_2021=int(first["value"]),
        published_2021_date=str(first["as_of"]),
        claimed_basic=agg_value(aggregates, AGG_BASIC_CLAIM),
        claim_note=str(agg(aggregates, AGG_BASIC_CLAIM)["note"]),
        total_2022=agg_value(aggregates, AGG_45),
        total_2024=agg_value(aggregates, AGG_80),
        winners_2024=agg_value(aggregates, AGG_WINNERS_2024),
        unnamed_2024=agg_value(aggregates, AGG_UNNAMED_2024),
        named_2024=int((clusters["cohort"] == 2024).sum()),
        fields=int((sectors["sector_id"] != "other").sum()),
    )


def by_province_text(aggregates: pd.DataFrame) -> str:
    return str(agg(aggregates, AGG_BY_PROVINCE)["value_text"])
