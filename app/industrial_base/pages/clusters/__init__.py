"""National advanced manufacturing clusters: the list, counts by field and province, and the published totals.

Pure: frames in, frames / figures / numbers out. Unnamed clusters stay unnamed ("name not found"); clusters
that span several provinces are never dropped: they are counted in a bar of their own, off the map. Words come
from the `clusters` catalogue through the `Messages` passed in; names the data holds in both languages
(clusters, provinces, sectors) are shown in the reader's language.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from industrial_base import figures
from industrial_base.facts import clusters as facts
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


def filter_clusters(
    clusters: pd.DataFrame,
    provinces: pd.DataFrame,
    q: str = "",
    field: tuple[str, ...] = (),
    province: tuple[str, ...] = (),
    cohort: tuple[str, ...] = (),
    confidence: tuple[str, ...] = (),
    sectors: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Rows matching every filter (the list's own, as the link carries them: empty = no restriction; and the
    sidebar's `sectors`, None for every sector); the text query `q` looks in the Chinese and English names
    and the cities. `province` holds adcodes and `cohort` years, as text."""
    keep = pd.Series(True, index=clusters.index)
    if sectors is not None:
        keep &= clusters["sector_id"].isin(sectors)
    if field:
        keep &= clusters["sector_id"].isin(field)
    if cohort:
        keep &= clusters["cohort"].isin([int(c) for c in cohort])
    if confidence:
        keep &= clusters["confidence"].isin(confidence)
    if province:
        wanted = {int(p) for p in province}
        keep &= facts.cluster_provinces(clusters, provinces).map(lambda codes: bool(wanted & set(codes)))
    query = q.strip().casefold()
    if query:
        names = [clusters[column].fillna("") for column in ("name_en_unofficial", "cities")]
        haystack = clusters["name_zh"].fillna("").str.cat(names, sep=" ").str.casefold()
        keep &= haystack.str.contains(query, regex=False)
    return clusters[keep.astype(bool)]


def cluster_name(m: Messages, english: Any, chinese: Any) -> str:
    """A cluster's name in the reader's language (English names are our unofficial translations); a cluster
    with no name in either language says so ('name not found', never a made-up name)."""
    if pd.isna(english) and pd.isna(chinese):
        return m("clusters.names.unnamed")
    return m.name(english, chinese)


def other_name_column(m: Messages) -> str:
    """The table's second name column: the official Chinese name for English readers, our unofficial English
    translation for Chinese readers."""
    return "name_en_unofficial" if m.is_chinese else "name_zh"


def table_frame(
    m: Messages, clusters: pd.DataFrame, provinces: pd.DataFrame, labels: dict[str, str]
) -> pd.DataFrame:
    """The clusters as shown: names and provinces in the reader's language, unnamed rows say 'name not found'
    (never a made-up name)."""
    other = other_name_column(m)
    confidence = m.labels("ui.confidence")
    lookup = dict(zip(provinces["adcode"], m.names(provinces["name_en"], provinces["name_zh"]), strict=True))
    separator = m.fragment("clusters.table.province_separator")
    places = [
        separator.join(lookup[code] for code in codes)
        for codes in facts.cluster_provinces(clusters, provinces)
    ]
    names = [
        cluster_name(m, en, zh)
        for en, zh in zip(clusters["name_en_unofficial"], clusters["name_zh"], strict=True)
    ]
    unnamed = clusters["name_en_unofficial"].isna() & clusters["name_zh"].isna()
    return pd.DataFrame(
        {
            "name": names,
            other: [
                str(value) if pd.notna(value) else name if no_name else None
                for value, name, no_name in zip(clusters[other], names, unnamed, strict=True)
            ],
            "cohort": clusters["cohort"],
            "cities": clusters["cities"],
            "province_or_region": [  # 'Beijing; Tianjin; Hebei (cross-provincial)' for a cross-province one
                m("clusters.table.cross_provincial", provinces=place) if cross else place
                for place, cross in zip(places, facts.is_cross(clusters), strict=True)
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
    ).reset_index(drop=True)


def list_numbers(clusters: pd.DataFrame, aggregates: pd.DataFrame) -> dict[str, Any]:
    """The list's size and the published totals, for its caption, the charts' footnotes and the claim; and the
    published breakdown of the 45 by province (as text: provinces and counts)."""
    unnamed = clusters["name_zh"].isna()
    (first_id, _, first_cohorts), (second_id, _, second_cohorts), (latest_id, _, _) = facts.LISTS
    return {
        "listed": len(clusters),
        "named": int((~unnamed).sum()),
        "unnamed_listed": int(unnamed.sum()),
        "listed_2021": facts.listed(clusters, first_cohorts),
        "published_2021": facts.agg_value(aggregates, first_id),
        "n45": facts.listed(clusters, second_cohorts),
        "total_2022": facts.agg_value(aggregates, second_id),
        "total_2024": facts.agg_value(aggregates, latest_id),
        "winners_2024": facts.agg_value(aggregates, facts.AGG_WINNERS_2024),
        "unnamed_2024": facts.agg_value(aggregates, facts.AGG_UNNAMED_2024),
        "claimed_basic": facts.agg_value(aggregates, facts.AGG_BASIC_CLAIM),
        "by_province": str(facts.agg(aggregates, facts.AGG_BY_PROVINCE)["value_text"]),
    }


# --- by field --------------------------------------------------------------------------------------------


def field_comparison(
    m: Messages, clusters: pd.DataFrame, aggregates: pd.DataFrame, labels: dict[str, str], sectors: list[str]
) -> pd.DataFrame:
    """The 45 of 2021-2022 by field: the published split next to our per-cluster inference, in `sectors`."""
    official = aggregates[(aggregates["parent_id"] == facts.AGG_BY_FIELD) & aggregates["sector_id"].notna()]
    ours = clusters[clusters["cohort"].isin(facts.COMPLETE_LISTS[-1][2])].groupby("sector_id").size()
    rows = []
    for sector_id in (s for s in labels if s in sectors):
        published = official[official["sector_id"] == sector_id].head(1)
        field = {"sector_id": sector_id, "cluster_field": labels[sector_id]}
        rows.append(
            {
                **field,
                "split": OFFICIAL,
                "clusters": int(published["value"].iloc[0]) if len(published) else None,
                "status": pd.NA if len(published) else m("clusters.fields.not_in_split"),
                "basis": "official",
                "source_url": published["source_url"].iloc[0] if len(published) else pd.NA,
            }
        )
        rows.append(
            {
                **field,
                "split": INFERRED,
                "clusters": int(ours.get(sector_id, 0)),
                "status": pd.NA,
                "basis": "derived",
                "source_url": pd.NA,
            }
        )
    columns = ["sector_id", "cluster_field", "split", "clusters", "status", "basis", "source_url"]
    return pd.DataFrame(rows, columns=columns).astype({"clusters": "Int64"})


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


def province_counts(
    m: Messages, clusters: pd.DataFrame, provinces: pd.DataFrame, labels: dict[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per province and sector for single-province clusters plus one 'cross-province' row per sector,
    per province totals for the map). Every cluster is counted exactly once. Provinces are named in the
    reader's language; ties are ordered by the English name, so both languages list them alike."""
    names = dict(zip(provinces["adcode"], m.names(provinces["name_en"], provinces["name_zh"]), strict=True))
    english = dict(zip(names.values(), provinces["name_en"].astype(str), strict=True))
    cross = m("clusters.provinces.cross_label")  # the bar of the clusters that span several provinces
    places = [cross if pd.isna(a) else names[int(a)] for a in clusters["province_adcode"]]
    by_sector = clusters.assign(place=places).groupby(["place", "sector_id"], sort=False).size()
    by_sector = by_sector.rename("clusters").reset_index()
    by_sector["cluster_field"] = [labels.get(s, s) for s in by_sector["sector_id"]]
    totals = by_sector.groupby("place")["clusters"].sum()
    order = sorted(totals.index, key=lambda p: (p == cross, -totals[p], english.get(p, p)))
    ranks = {"place": {p: i for i, p in enumerate(order)}, "sector_id": {s: i for i, s in enumerate(labels)}}
    by_sector = by_sector.sort_values(["place", "sector_id"], key=lambda s: s.map(ranks[s.name]))
    lookup = provinces.set_index("adcode")[["name_en", "name_zh"]]
    counts = clusters["province_adcode"].dropna().astype(int).value_counts().rename("clusters")
    mapped = lookup.set_axis(["province_en", "province_zh"], axis=1).join(counts, how="inner")
    types = {"adcode": "Int64", "province_en": str, "province_zh": str, "clusters": "Int64"}
    mapped = mapped.rename_axis("adcode").reset_index().astype(types)
    mapped = mapped.sort_values(["clusters", "province_en"], ascending=[False, True], kind="stable")
    return by_sector.reset_index(drop=True).astype({"clusters": "Int64"}), mapped.reset_index(drop=True)


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
    single = totals.drop(m("clusters.provinces.cross_label"), errors="ignore")
    cross = clusters[facts.is_cross(clusters)]
    cross_names = [
        cluster_name(m, en, zh) for en, zh in zip(cross["name_en_unofficial"], cross["name_zh"], strict=True)
    ]
    leaders = list(single[single == single.max()].index) if len(single) else []
    top = m.join(leaders) or m("clusters.provinces.no_province")
    top_count = int(single.max()) if len(single) else 0
    tie = len(leaders) > 1
    leader = "clusters.provinces.leader_tie" if tie else "clusters.provinces.leader_one"
    return {
        "top": top,
        "tie": tie,
        "top_count": top_count,
        "leader": m(leader, top=top, top_count=top_count),
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
    for agg_id, year, cohorts in facts.LISTS:
        members = clusters[clusters["cohort"].isin(cohorts)]
        row = facts.agg(aggregates, agg_id)
        published = int(row["value"])
        named = int(members["name_zh"].notna().sum())
        parts = {"named": named, "unnamed": len(members) - named, "unlisted": published - len(members)}
        label = "list_first" if agg_id == facts.FIRST_LIST[0] else "list_after"
        rows += [
            {
                "list": m(f"clusters.claim.{label}", year=year, published=published),
                "part": part,
                "clusters": count,
                "published_total": published,
                "agg_id": agg_id,
                "source_url": row["source_url"],
                "publisher": row["publisher"],
            }
            for part, count in parts.items()
        ]
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
    return {
        **list_numbers(clusters, aggregates),
        "published_2021_date": m.date(str(facts.agg(aggregates, facts.FIRST_LIST[0])["as_of"])),
        "claim_note": str(facts.agg(aggregates, facts.AGG_BASIC_CLAIM)["note"]),
        "fields": int((sectors["sector_id"] != "other").sum()),
    }


# --- what the page shows ---------------------------------------------------------------------------------


def province_choices(m: Messages, data: Datasets) -> dict[str, str]:
    """Every province a cluster lies in, by adcode as the link carries it (lookup order), named in the
    reader's language."""
    provinces = data["provinces"]
    present = {code for codes in facts.cluster_provinces(data["clusters"], provinces) for code in codes}
    lookup = provinces[provinces["adcode"].isin(present)]
    return {
        str(int(a)): m.name(en, zh)
        for a, en, zh in zip(lookup["adcode"], lookup["name_en"], lookup["name_zh"], strict=True)
    }


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
    chosen = None if set(sectors) >= set(labels) else sectors
    shown = filter_clusters(data["clusters"], provinces, q, field, province, cohort, confidence, chosen)
    return table_frame(m, shown, provinces, labels)


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


def by_province(
    m: Messages, data: Datasets, sectors: tuple[str, ...]
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]] | None:
    """The clusters in `sectors` counted by province (`province_counts`) and the numbers of the takeaways;
    None when there is none (the view says so instead)."""
    clusters = data["clusters"]
    shown = clusters[clusters["sector_id"].isin(sectors)]
    if shown.empty:
        return None
    by_sector, mapped = province_counts(m, shown, data["provinces"], sector_names(m, data["sectors"]))
    return by_sector, mapped, province_numbers(m, by_sector, shown)


def province_map_card(m: Messages, data: Datasets, sectors: tuple[str, ...]) -> Card | None:
    counted = by_province(m, data, sectors)
    if counted is None:
        return None
    _, mapped, numbers = counted
    counts = list_numbers(data["clusters"], data["clusters_aggregates"])
    return Card(
        title=m("clusters.map.title"),
        figure=province_map(m, PROVINCE_BOUNDARIES_URL, mapped, data["provinces"]),
        displayed=mapped,
        takeaway=m(
            "clusters.map.takeaway" if numbers["cross"] else "clusters.map.takeaway_no_cross", **numbers
        ),
        footnote=m("clusters.map.footnote", **numbers, **counts),
    )


def province_bars_card(m: Messages, data: Datasets, sectors: tuple[str, ...]) -> Card | None:
    counted = by_province(m, data, sectors)
    if counted is None:
        return None
    by_sector, _, numbers = counted
    return Card(
        title=m("clusters.provinces.title"),
        figure=province_bars(m, by_sector, sector_names(m, data["sectors"])),
        displayed=by_sector,
        takeaway=m(
            "clusters.provinces.takeaway" if numbers["cross"] else "clusters.provinces.takeaway_no_cross",
            **numbers,
        ),
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
LIST_CAPTION = Prepared(reads=LIST_DATASETS, build=list_caption)
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
        View(
            "fields",
            Chart(reads=("clusters_aggregates", "clusters", "sectors"), build=fields_card, by_sector=True),
        ),
        View("list", parts=(LIST_CAPTION, LIST), by_sector=True, heading=True, former_default=True),
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
"""The page opens on the clusters by field (a chart); the searchable list, drawn by the page (its filters
are widgets), is the next view (`?view=list`): its 45-row grid took a browser ~300 ms to draw on every visit
and sector change."""
