"""National advanced manufacturing clusters: the list, counts by field and province, and the published totals.

Pure: frames in, frames / figures / numbers out. Unnamed clusters stay unnamed ("name not found"); clusters
that span several provinces are never dropped: they are counted in a bar of their own, off the map. Words come
from the `clusters` catalogue through the `Messages` passed in; names the data holds in both languages
(clusters, provinces, sectors) are shown in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from industrial_base import figures
from industrial_base.facts.clusters import (
    AGG_BASIC_CLAIM,
    AGG_BY_FIELD,
    AGG_BY_PROVINCE,
    AGG_UNNAMED_2024,
    AGG_WINNERS_2024,
    FIRST_LIST,
    LISTS,
    agg,
    agg_value,
    cluster_provinces,
    is_cross,
    listed,
)
from industrial_base.geo import PROVINCE_BOUNDARIES_URL
from industrial_base.i18n import Messages
from industrial_base.palette import NEUTRAL, SECTOR_COLOURS
from industrial_base.provenance import CONFIDENCE_ORDER
from industrial_base.registry import Card, Chart, Commentary, Control, Datasets, Kind, Page, Prepared, View
from industrial_base.sectors import SECTOR_NAMES, sector_names

OFFICIAL = "official"
INFERRED = "inferred"
SERIES_PATTERNS = {OFFICIAL: "", INFERRED: "/"}
LIST_COLOURS = {"named": NEUTRAL, "unnamed": "#AAAAAA", "unlisted": "#DDDDDD"}
MAP_COLOURS = [[0.0, "#DEEBF7"], [1.0, "#08306B"]]
MAP_ZOOM = 1.9
LABEL_WIDTH = 18
"""Axis-label width of the field chart, in Latin characters (a Chinese character counts as two)."""


# --- the table -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The list's own filters (empty = no restriction), as the link carries them, and the sidebar's sectors
    (every sector when the sidebar chooses none)."""

    query: str = ""
    fields: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    """Adcodes, as text."""
    cohorts: tuple[str, ...] = ()
    """Years, as text."""
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
        keep &= clusters["cohort"].isin([int(c) for c in filters.cohorts])
    if filters.confidence:
        keep &= clusters["confidence"].isin(filters.confidence)
    if filters.provinces:
        wanted = {int(p) for p in filters.provinces}
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


def unnamed_label(m: Messages) -> str:
    """What an unnamed cluster is called: 'name not found' (never a made-up name)."""
    return m("clusters.names.unnamed")


def cluster_name(m: Messages, english: Any, chinese: Any) -> str:
    """A cluster's name in the reader's language (English names are our unofficial translations); a cluster
    with no name in either language says so."""
    if pd.isna(english) and pd.isna(chinese):
        return unnamed_label(m)
    return m.name(english, chinese)


def other_name_column(m: Messages) -> str:
    """The table's second name column: the official Chinese name for English readers, our unofficial English
    translation for Chinese readers."""
    return "name_en_unofficial" if m.is_chinese else "name_zh"


def place_text(m: Messages, codes: tuple[int, ...], provinces: pd.DataFrame, cross: bool) -> str:
    """'Guangdong' / '广东'; a cross-province cluster: 'Beijing; Tianjin; Hebei (cross-provincial)'."""
    lookup = provinces.set_index("adcode")
    names = [m.name(lookup.at[code, "name_en"], lookup.at[code, "name_zh"]) for code in codes]
    text = m.fragment("clusters.table.province_separator").join(names)
    return m("clusters.table.cross_provincial", provinces=text) if cross else text


def table_frame(
    m: Messages, clusters: pd.DataFrame, provinces: pd.DataFrame, labels: dict[str, str]
) -> pd.DataFrame:
    """The clusters as shown: names and provinces in the reader's language, unnamed rows say 'name not found'
    (never a made-up name)."""
    other = other_name_column(m)
    codes = cluster_provinces(clusters, provinces)
    confidence = m.labels("ui.confidence")
    frame = pd.DataFrame(
        {
            "name": [
                cluster_name(m, en, zh)
                for en, zh in zip(clusters["name_en_unofficial"], clusters["name_zh"], strict=True)
            ],
            other: [
                str(value) if pd.notna(value) else unnamed_label(m) if pd.isna(en) and pd.isna(zh) else None
                for value, en, zh in zip(
                    clusters[other], clusters["name_en_unofficial"], clusters["name_zh"], strict=True
                )
            ],
            "cohort": clusters["cohort"],
            "cities": clusters["cities"],
            "province_or_region": [
                place_text(m, c, provinces, cross) for c, cross in zip(codes, is_cross(clusters), strict=True)
            ],
            "field": [labels.get(s, s) for s in clusters["sector_id"]],
            "field_basis": clusters["field_basis"],
            "name_status": clusters["name_status"],
            "confidence": [
                confidence.get(str(c), str(c)) if pd.notna(c) else pd.NA for c in clusters["confidence"]
            ],
            "source_url": clusters["source_url"],
            "publisher": clusters["publisher"],
            "note": clusters["note"],
            "cluster_id": clusters["cluster_id"],
        }
    )
    return frame.reset_index(drop=True)


def province_options(m: Messages, clusters: pd.DataFrame, provinces: pd.DataFrame) -> dict[int, str]:
    """Every province any cluster lies in, by adcode (lookup order), named in the reader's language."""
    present = {code for codes in cluster_provinces(clusters, provinces) for code in codes}
    lookup = provinces[provinces["adcode"].isin(present)]
    return {
        int(a): m.name(en, zh)
        for a, en, zh in zip(lookup["adcode"], lookup["name_en"], lookup["name_zh"], strict=True)
    }


def list_numbers(clusters: pd.DataFrame, aggregates: pd.DataFrame) -> dict[str, int]:
    """The list's size and the published totals, for its caption and the charts' footnotes."""
    unnamed = clusters["name_zh"].isna()
    (_, _, second_cohorts), (latest, _, _) = LISTS[1:]
    return {
        "listed": len(clusters),
        "named": int((~unnamed).sum()),
        "unnamed_listed": int(unnamed.sum()),
        "n45": listed(clusters, second_cohorts),
        "n24": int((clusters["cohort"] == LISTS[-1][1]).sum()),
        "unnamed_2024": agg_value(aggregates, AGG_UNNAMED_2024),
        "winners_2024": agg_value(aggregates, AGG_WINNERS_2024),
        "total_2024": agg_value(aggregates, latest),
    }


# --- by field --------------------------------------------------------------------------------------------


def field_comparison(
    m: Messages, clusters: pd.DataFrame, aggregates: pd.DataFrame, labels: dict[str, str], sectors: list[str]
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
                "cluster_field": labels[sector_id],
                "split": OFFICIAL,
                "clusters": int(published["value"].iloc[0]) if len(published) else None,
                "status": pd.NA if len(published) else m("clusters.fields.not_in_split"),
                "basis": "official",
                "source_url": published["source_url"].iloc[0] if len(published) else pd.NA,
            }
        )
        rows.append(
            {
                "sector_id": sector_id,
                "cluster_field": labels[sector_id],
                "split": INFERRED,
                "clusters": int(ours.get(sector_id, 0)),
                "status": pd.NA,
                "basis": "derived",
                "source_url": pd.NA,
            }
        )
    return pd.DataFrame(
        rows, columns=["sector_id", "cluster_field", "split", "clusters", "status", "basis", "source_url"]
    ).astype({"clusters": "Int64"})


def field_figure(m: Messages, frame: pd.DataFrame) -> go.Figure:
    return figures.paired_bars(
        frame.assign(cluster_field=[figures.wrap_label(f, LABEL_WIDTH) for f in frame["cluster_field"]]),
        category="cluster_field",
        value="clusters",
        series="split",
        colour="sector_id",
        colours=SECTOR_COLOURS,
        names=m.labels("clusters.fields.series"),
        patterns=SERIES_PATTERNS,
        value_title=m("clusters.charts.value_title"),
        hover_unit=m("clusters.charts.hover_unit"),
    )


def field_numbers(m: Messages, frame: pd.DataFrame) -> dict[str, Any]:
    wide = frame.pivot(index="cluster_field", columns="split", values="clusters")
    wide = wide.reindex(list(dict.fromkeys(frame["cluster_field"])))
    both = wide.dropna()
    agree = both[both[OFFICIAL] == both[INFERRED]]
    differ = both[both[OFFICIAL] != both[INFERRED]]
    return {
        "all_agree": len(agree) == len(both) > 0,
        "agree": len(agree),
        "fields": len(both),
        "differences": m.fragment("clusters.fields.difference_separator").join(
            m("clusters.fields.difference", field=field, ours=int(row[INFERRED]), official=int(row[OFFICIAL]))
            for field, row in differ.iterrows()
        )
        or m("clusters.fields.no_difference"),
        "ours_total": int(wide[INFERRED].sum()),
    }


# --- by province -----------------------------------------------------------------------------------------


def cross_label(m: Messages) -> str:
    """The bar that counts the clusters spanning several provinces."""
    return m("clusters.provinces.cross_label")


def province_counts(
    m: Messages, clusters: pd.DataFrame, provinces: pd.DataFrame, labels: dict[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per province and sector for single-province clusters plus one 'cross-province' row per sector,
    per province totals for the map). Every cluster is counted exactly once. Provinces are named in the
    reader's language; ties are ordered by the English name, so both languages list them alike."""
    english = dict(zip(provinces["adcode"], provinces["name_en"], strict=True))
    chinese = dict(zip(provinces["adcode"], provinces["name_zh"], strict=True))
    names = {code: m.name(english[code], chinese[code]) for code in english}
    cross = cross_label(m)
    frame = clusters.assign(
        place=[cross if pd.isna(a) else names[int(a)] for a in clusters["province_adcode"]],
        adcode=clusters["province_adcode"],
    )
    sort_names = {names[code]: str(english[code]) for code in english}
    by_sector = frame.groupby(["place", "sector_id"], sort=False).size().rename("clusters").reset_index()
    by_sector["cluster_field"] = [labels.get(s, s) for s in by_sector["sector_id"]]
    totals = by_sector.groupby("place")["clusters"].sum()
    order = sorted(totals.index, key=lambda p: (p == cross, -totals[p], sort_names.get(p, p)))
    rank = {p: i for i, p in enumerate(order)}
    sector_rank = {s: i for i, s in enumerate(labels)}
    by_sector = by_sector.sort_values(
        ["place", "sector_id"], key=lambda s: s.map(rank) if s.name == "place" else s.map(sector_rank)
    ).reset_index(drop=True)
    single = frame[frame["adcode"].notna()]
    mapped = single.groupby("adcode").size().rename("clusters").reset_index()
    mapped["province_en"] = [english[int(a)] for a in mapped["adcode"]]
    mapped["province_zh"] = [chinese[int(a)] for a in mapped["adcode"]]
    mapped = mapped[["adcode", "province_en", "province_zh", "clusters"]]
    mapped = mapped.astype({"adcode": "Int64", "clusters": "Int64"})
    mapped = mapped.sort_values(
        ["clusters", "province_en"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)
    return by_sector.astype({"clusters": "Int64"}), mapped


def province_bars(m: Messages, by_sector: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    order = list(dict.fromkeys(by_sector["place"]))
    colours = {labels.get(s, s): SECTOR_COLOURS.get(s, NEUTRAL) for s in SECTOR_COLOURS}
    figure = figures.stacked_bars(
        by_sector,
        category="place",
        value="clusters",
        group="cluster_field",
        colours=colours,
        value_title=m("clusters.charts.value_title"),
        hover_unit=m("clusters.charts.hover_unit"),
        category_order=order,
    )
    rank = {labels.get(s, s): i for i, s in enumerate(SECTOR_COLOURS)}
    for trace in figure.data:
        trace.legendrank = 1000 + rank.get(trace.name, len(rank))
    return figure


def province_map(
    m: Messages, geojson: dict[str, Any] | str, mapped: pd.DataFrame, provinces: pd.DataFrame
) -> go.Figure:
    value_title = m("clusters.charts.value_title")
    labelled = mapped.assign(province=m.names(mapped["province_en"], mapped["province_zh"]))
    figure = figures.choropleth(
        geojson, labelled, location="adcode", value="clusters", label="province", value_title=value_title
    )
    empty = provinces[~provinces["adcode"].isin(mapped["adcode"])]
    top = int(mapped["clusters"].max()) if len(mapped) else 1
    figure.update_traces(colorscale=MAP_COLOURS, zmin=0, zmax=max(top, 1), selector=0)
    figure.update_layout(map={"zoom": MAP_ZOOM})
    figures.add_no_data_areas(
        figure,
        geojson,
        list(empty["adcode"]),
        m.names(empty["name_en"], empty["name_zh"]),
        note=m("clusters.map.no_cluster"),
    )
    return figures.colourbar_below(figure, value_title)


def province_numbers(m: Messages, by_sector: pd.DataFrame, clusters: pd.DataFrame) -> dict[str, Any]:
    """Numbers and names for the province takeaways; `leader` is the sentence naming the province(s) with the
    most clusters (one, or a tie)."""
    totals = by_sector.groupby("place", sort=False)["clusters"].sum()
    single = totals.drop(cross_label(m), errors="ignore")
    cross = clusters[is_cross(clusters)]
    cross_names = [
        cluster_name(m, en, zh) for en, zh in zip(cross["name_en_unofficial"], cross["name_zh"], strict=True)
    ]
    leaders = list(single[single == single.max()].index) if len(single) else []
    top = m.join(leaders) or m("clusters.provinces.no_province")
    top_count = int(single.max()) if len(single) else 0
    tie = len(leaders) > 1
    return {
        "top": top,
        "tie": tie,
        "top_count": top_count,
        "leader": m(
            "clusters.provinces.leader_tie" if tie else "clusters.provinces.leader_one",
            top=top,
            top_count=top_count,
        ),
        "provinces": len(single),
        "cross": len(cross),
        "cross_names": m.fragment("clusters.provinces.name_separator").join(cross_names)
        or m("clusters.provinces.no_cross_names"),
        "counted": int(totals.sum()),
    }


# --- totals and the article's claim ------------------------------------------------------------------------


def list_totals(m: Messages, clusters: pd.DataFrame, aggregates: pd.DataFrame) -> pd.DataFrame:
    """For each published list size (25, 45, 80): how many we can name, list unnamed, or only count."""
    rows = []
    for agg_id, year, cohorts in LISTS:
        rows_in = clusters[clusters["cohort"].isin(cohorts)]
        published = agg_value(aggregates, agg_id)
        named = int(rows_in["name_zh"].notna().sum())
        unnamed = int(rows_in["name_zh"].isna().sum())
        row = agg(aggregates, agg_id)
        label = "list_first" if agg_id == FIRST_LIST[0] else "list_after"
        bar = m(f"clusters.claim.{label}", year=year, published=published)
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


def totals_figure(m: Messages, totals: pd.DataFrame) -> go.Figure:
    shown = totals[totals["clusters"] > 0]
    figure = figures.stacked_bars(
        shown,
        category="list",
        value="clusters",
        group="part",
        colours=LIST_COLOURS,
        names=m.labels("clusters.claim.parts"),
        value_title=m("clusters.claim.value_title"),
        hover_unit=m("clusters.charts.hover_unit"),
        category_order=list(dict.fromkeys(totals["list"])),
    )
    return figure.update_traces(texttemplate="%{x}", textposition="inside", insidetextanchor="middle")


def claim_numbers(
    m: Messages, clusters: pd.DataFrame, aggregates: pd.DataFrame, sectors: pd.DataFrame
) -> dict[str, Any]:
    """The lists against the article's "25, of which 7 in basic fields", in the reader's convention."""
    (first_id, _, first_cohorts), (second_id, _, _), (latest_id, latest_year, _) = LISTS
    first = agg(aggregates, first_id)
    return {
        "listed_2021": listed(clusters, first_cohorts),
        "published_2021": int(first["value"]),
        "published_2021_date": m.date(str(first["as_of"])),
        "claimed_basic": agg_value(aggregates, AGG_BASIC_CLAIM),
        "claim_note": str(agg(aggregates, AGG_BASIC_CLAIM)["note"]),
        "total_2022": agg_value(aggregates, second_id),
        "total_2024": agg_value(aggregates, latest_id),
        "winners_2024": agg_value(aggregates, AGG_WINNERS_2024),
        "unnamed_2024": agg_value(aggregates, AGG_UNNAMED_2024),
        "named_2024": int((clusters["cohort"] == latest_year).sum()),
        "fields": int((sectors["sector_id"] != "other").sum()),
    }


def by_province_text(aggregates: pd.DataFrame) -> str:
    return str(agg(aggregates, AGG_BY_PROVINCE)["value_text"])


# --- what the page shows ---------------------------------------------------------------------------------


def province_choices(m: Messages, data: Datasets) -> dict[str, str]:
    """Every province a cluster lies in, by adcode as the link carries it, named in the reader's language."""
    return {str(a): name for a, name in province_options(m, data["clusters"], data["provinces"]).items()}


def cohort_choices(m: Messages, data: Datasets) -> dict[str, str]:
    cohorts = sorted(int(c) for c in data["clusters"]["cohort"].unique())
    return {str(c): m("clusters.table.cohort_option", year=c) for c in cohorts}


def confidence_choices(m: Messages, data: Datasets) -> dict[str, str]:
    """The confidence levels the list has, best first."""
    labels, present = m.labels("ui.confidence"), set(data["clusters"]["confidence"])
    return {c: labels.get(c, c) for c in CONFIDENCE_ORDER if c in present}


def list_caption(m: Messages, data: Datasets) -> dict[str, int]:
    return list_numbers(data["clusters"], data["clusters_aggregates"])


def cluster_list(
    m: Messages,
    data: Datasets,
    q: str,
    field: tuple[str, ...],
    province: tuple[str, ...],
    cohort: tuple[str, ...],
    confidence: tuple[str, ...],
    sectors: tuple[str, ...],
) -> pd.DataFrame:
    """The list as shown for these filters (the sidebar's sectors included)."""
    provinces = data["provinces"]
    labels = sector_names(m, data["sectors"])
    chosen = Filters(q, field, province, cohort, confidence, None if set(sectors) >= set(labels) else sectors)
    return table_frame(m, filter_clusters(data["clusters"], provinces, chosen), provinces, labels)


def fields_card(m: Messages, data: Datasets, sectors: tuple[str, ...]) -> Card:
    clusters = data["clusters"]
    aggregates = data["clusters_aggregates"]
    frame = field_comparison(m, clusters, aggregates, sector_names(m, data["sectors"]), list(sectors))
    n45 = list_numbers(clusters, aggregates)["n45"]
    numbers = {**field_numbers(m, frame), "n45": n45}
    variant = (
        "takeaway_all" if numbers["all_agree"] else "takeaway" if numbers["fields"] else "takeaway_unmatched"
    )
    splits = m.labels("clusters.fields.series")
    return Card(
        title=m("clusters.fields.title", n45=n45),
        figure=field_figure(m, frame),
        displayed=frame.assign(split=frame["split"].map(splits)),
        takeaway=m(f"clusters.fields.{variant}", **numbers),
        footnote=m("clusters.fields.footnote", n45=n45),
    )


def province_map_card(m: Messages, data: Datasets, sectors: tuple[str, ...]) -> Card | None:
    """None when no cluster is in the chosen sectors (the view says so instead)."""
    clusters = data["clusters"]
    provinces = data["provinces"]
    shown = clusters[clusters["sector_id"].isin(sectors)]
    if shown.empty:
        return None
    by_sector, mapped = province_counts(m, shown, provinces, sector_names(m, data["sectors"]))
    numbers = province_numbers(m, by_sector, shown)
    aggregates = data["clusters_aggregates"]
    counts = list_numbers(clusters, aggregates)
    suffix = "" if numbers["cross"] else "_no_cross"
    return Card(
        title=m("clusters.map.title"),
        figure=province_map(m, PROVINCE_BOUNDARIES_URL, mapped, provinces),
        displayed=mapped,
        takeaway=m(f"clusters.map.takeaway{suffix}", **numbers),
        footnote=m(
            "clusters.map.footnote",
            **numbers,
            unnamed_2024=counts["unnamed_2024"],
            n45=counts["n45"],
            by_province=by_province_text(aggregates),
        ),
    )


def province_bars_card(m: Messages, data: Datasets, sectors: tuple[str, ...]) -> Card | None:
    """None when no cluster is in the chosen sectors (the view says so instead)."""
    clusters = data["clusters"]
    shown = clusters[clusters["sector_id"].isin(sectors)]
    if shown.empty:
        return None
    labels = sector_names(m, data["sectors"])
    by_sector, _ = province_counts(m, shown, data["provinces"], labels)
    numbers = province_numbers(m, by_sector, shown)
    suffix = "" if numbers["cross"] else "_no_cross"
    return Card(
        title=m("clusters.provinces.title"),
        figure=province_bars(m, by_sector, labels),
        displayed=by_sector,
        takeaway=m(f"clusters.provinces.takeaway{suffix}", **numbers),
    )


def claim_card(m: Messages, data: Datasets) -> Card:
    clusters = data["clusters"]
    aggregates = data["clusters_aggregates"]
    numbers = claim_numbers(m, clusters, aggregates, data["sectors"])
    totals = list_totals(m, clusters, aggregates)
    latest = totals[totals["list"] == totals["list"].iloc[-1]].set_index("part")["clusters"]
    parts = m.labels("clusters.claim.parts")
    return Card(
        title=m("clusters.claim.title"),
        figure=totals_figure(m, totals),
        displayed=totals.assign(part=totals["part"].map(parts)),
        takeaway=m(
            "clusters.claim.takeaway",
            total_2024=numbers["total_2024"],
            named=int(latest["named"]),
            unnamed_listed=int(latest["unnamed"]),
            unlisted=int(latest["unlisted"]),
        ),
        commentary=Commentary(
            claim=m("clusters.claim.claim", **numbers),
            finding=m("clusters.claim.finding", **numbers),
            claims=("clusters-25", "clusters-7-basic"),
        ),
        footnote=m("clusters.claim.footnote", **numbers),
    )


LIST_DATASETS = ("clusters", "clusters_aggregates")
"""What the list's downloads offer."""
LIST_CAPTION = Prepared(reads=("clusters", "clusters_aggregates"), build=list_caption)
Q = Control("q", Kind.TEXT, max_chars=80)
FIELD = Control("field", Kind.CHOICES, SECTOR_NAMES)
PROVINCE = Control(
    "province", Kind.CHOICES, Prepared(reads=("clusters", "provinces"), build=province_choices)
)
COHORT = Control("cohort", Kind.CHOICES, Prepared(reads=("clusters",), build=cohort_choices))
CONFIDENCE = Control("confidence", Kind.CHOICES, Prepared(reads=("clusters",), build=confidence_choices))
LIST = Prepared(
    reads=("clusters", "provinces", "sectors"),
    build=cluster_list,
    controls=(Q, FIELD, PROVINCE, COHORT, CONFIDENCE),
    by_sector=True,
)
PAGE = Page(
    "clusters",
    ":material/hub:",
    url_path="clusters",
    views=(
        View("list", parts=(LIST_CAPTION, LIST), by_sector=True, heading=True),
        View(
            "fields",
            Chart(reads=("clusters_aggregates", "clusters", "sectors"), build=fields_card, by_sector=True),
        ),
        View(
            "map",
            Chart(
                reads=("clusters", "provinces", "clusters_aggregates", "sectors", "china_provinces"),
                build=province_map_card,
                by_sector=True,
            ),
        ),
        View(
            "provinces",
            Chart(reads=("clusters", "provinces", "sectors"), build=province_bars_card, by_sector=True),
        ),
        View("claim", Chart(reads=("clusters_aggregates", "clusters", "sectors"), build=claim_card)),
    ),
)
"""The list is drawn by the page (its filters are widgets); the others are charts."""
