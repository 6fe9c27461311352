"""Little giants, where they are: the batches 1–2 province map, the leading provinces, regions and cities."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from industrial_base import figures
from industrial_base.geo import PROVINCE_BOUNDARIES_URL
from industrial_base.i18n import Messages
from industrial_base.pages.little_giants.common import firms
from industrial_base.palette import BASIS_COLOURS
from industrial_base.registry import Card, Chart, Datasets, View

SCOPE_COLOURS = ["#08519C", "#6BAED6", "#9E9AC8", "#BDBDBD"]
MAP_ZOOM = 2.0


def province_frame(b1b2: pd.DataFrame) -> pd.DataFrame:
    frame = b1b2.sort_values("count", ascending=False, kind="stable").reset_index(drop=True)
    columns = ["adcode", "province_en", "province_zh", "count", "method", "basis", "source_url", "confidence"]
    return frame[columns]


def province_names(m: Messages, frame: pd.DataFrame) -> list[str]:
    """Province names of a `province_frame` in the reader's language (the data holds both)."""
    return m.names(frame["province_en"], frame["province_zh"])


def no_data_areas(b1b2: pd.DataFrame, provinces: pd.DataFrame) -> pd.DataFrame:
    """Map features with no value in the table (drawn grey, not dropped)."""
    absent = provinces[~provinces["adcode"].isin(b1b2["adcode"])]
    return absent[["adcode", "name_en", "name_zh"]].reset_index(drop=True)


def province_map(
    m: Messages, geojson: dict[str, Any] | str, frame: pd.DataFrame, no_data: pd.DataFrame
) -> go.Figure:
    title = m("little_giants.units.firms_title")
    figure = figures.choropleth(
        geojson,
        frame.assign(name=province_names(m, frame)),
        location="adcode",
        value="count",
        label="name",
        value_title=title,
    )
    figure.update_traces(hovertemplate=f"%{{text}}: %{{z:,}} {firms(m)}<extra></extra>", selector=0)
    figure.update_layout(map={"zoom": MAP_ZOOM})
    figures.add_no_data_areas(
        figure,
        geojson,
        list(no_data["adcode"]),
        m.names(no_data["name_en"], no_data["name_zh"]),
        note=m("little_giants.map.no_data"),
    )
    return figures.colourbar_below(figure, title)


def top_provinces_figure(m: Messages, frame: pd.DataFrame, n: int) -> go.Figure:
    top = frame.head(n)
    return figures.bars(
        top.assign(name=province_names(m, top)),
        category="name",
        value="count",
        colours=BASIS_COLOURS["official"],
        value_title=m("little_giants.units.firms_title"),
        hover_unit=firms(m),
    )


def province_numbers(m: Messages, frame: pd.DataFrame) -> dict[str, Any]:
    top = frame[frame["count"] == frame["count"].max()]
    lowest = frame[frame["count"] == frame["count"].min()]
    derived = frame[frame["basis"] == "derived"]
    return {
        "top": m.join(province_names(m, top)),
        "top_count": int(frame["count"].max()),
        "total": int(frame["count"].sum()),
        "lowest": m.join(province_names(m, lowest)),
        "lowest_count": int(frame["count"].min()),
        "derived": m.separator("separator").join(
            name for _, name in sorted(zip(derived["province_en"], province_names(m, derived), strict=True))
        ),
    }


def region_frame(m: Messages, regions: pd.DataFrame) -> pd.DataFrame:
    """Splits with published counts; `scope_label` names the scope with its total and scheme."""
    counted = regions.dropna(subset=["count"]).copy()
    totals = counted.groupby("scope")["count"].transform("sum")
    scopes = [m.data_name(scope) for scope in counted["scope"]]
    counted["scope_label"] = [
        m(
            "little_giants.regions.scope_label",
            scope=f"{name[:1].upper()}{name[1:]}",
            total=int(total),
            scheme=m.data_name(scheme),
        )
        for name, total, scheme in zip(scopes, totals, counted["region_scheme"], strict=True)
    ]
    counted["share_of_scope_pct"] = (counted["count"] / totals * 100).astype("Float64").round(2)
    return counted.reset_index(drop=True)


def region_figure(m: Messages, frame: pd.DataFrame) -> go.Figure:
    labels = list(dict.fromkeys(frame["scope_label"]))
    colours = dict(zip(labels, SCOPE_COLOURS, strict=False))
    return figures.grouped_bars(
        frame.assign(region=[m.data_name(r) for r in frame["region"]]),
        x="region",
        y="count",
        group="scope_label",
        colours=colours,
        y_title=m("little_giants.units.firms_title"),
        hover_unit=firms(m),
    )


def region_numbers(m: Messages, regions: pd.DataFrame) -> dict[str, Any]:
    frame = region_frame(m, regions)
    four = frame[frame["region_scheme"] == "4 regions"]
    east = four[four["region"] == "East"].sort_values("as_of")
    totals = four.groupby("scope", sort=False)["count"].sum()
    first, last = east.iloc[0], east.iloc[-1]
    unpublished = regions[regions["count"].isna()]
    shares = m.separator("items").join(
        m("little_giants.regions.share", region=m.data_name(r), share=float(s))
        for r, s in zip(unpublished["region"], unpublished["share_pct"], strict=True)
    )
    return {
        "east_first": float(first["share_of_scope_pct"]),
        "east_last": float(last["share_of_scope_pct"]),
        "total_first": int(totals[first["scope"]]),
        "total_last": int(totals[last["scope"]]),
        "unpublished_scope": m.data_name(unpublished["scope"].iloc[0]) if len(unpublished) else "",
        "unpublished_shares": shares,
    }


def city_frame(cities: pd.DataFrame) -> pd.DataFrame:
    frame = cities.dropna(subset=["count"]).copy()
    order = frame.groupby("city")["count"].max().sort_values(ascending=False).index
    frame["city"] = pd.Categorical(frame["city"], categories=list(order), ordered=True)
    return (
        frame.sort_values(["city", "scope"])
        .assign(city=lambda f: f["city"].astype(str))
        .reset_index(drop=True)
    )


def city_figure(m: Messages, frame: pd.DataFrame) -> go.Figure:
    """One bar per city and table, grouped by table (the tables differ in scope, so bars are not summed)."""
    unit = firms(m)
    scopes = list(dict.fromkeys(frame["scope"]))
    colours = dict(zip(scopes, SCOPE_COLOURS, strict=False))
    ordered = frame.assign(order=frame["scope"].map(scopes.index)).sort_values(
        ["order", "count"], ascending=[True, False], kind="stable"
    )
    names = [m.data_name(c) for c in ordered["city"]]
    bars = [f"{c} · {m.data_name(s)}" for c, s in zip(names, ordered["scope"], strict=True)]
    figure = figures.bars(
        ordered.assign(bar=bars),
        category="bar",
        value="count",
        colours=[colours[s] for s in ordered["scope"]],
        value_title=m("little_giants.units.firms_title"),
        hover_unit=unit,
    )
    figure.update_yaxes(tickvals=list(range(len(ordered))), ticktext=names)
    figure.update_traces(
        y=list(range(len(ordered))),
        customdata=bars,
        hovertemplate=f"%{{customdata}}: %{{x:,}} {unit}<extra></extra>",
        selector=0,
    )
    return figures.add_legend_keys(figure, {m.data_name(s): colour for s, colour in colours.items()})


# --- charts ----------------------------------------------------------------------------------------------

TOP_PROVINCES = 10


def map_card(m: Messages, data: Datasets) -> Card:
    b1b2 = data["lg_province_b1b2"]
    frame = province_frame(b1b2)
    numbers = province_numbers(m, frame)
    return Card(
        title=m("little_giants.map.title"),
        figure=province_map(m, PROVINCE_BOUNDARIES_URL, frame, no_data_areas(b1b2, data["provinces"])),
        displayed=frame,
        takeaway=m("little_giants.map.takeaway", **numbers),
        footnote=m("little_giants.map.footnote", **numbers),
    )


def top_provinces_card(m: Messages, data: Datasets) -> Card:
    frame = province_frame(data["lg_province_b1b2"])
    top = frame.head(TOP_PROVINCES)
    total = int(frame["count"].sum())
    return Card(
        title=m("little_giants.top_provinces.title", n=len(top)),
        figure=top_provinces_figure(m, frame, TOP_PROVINCES),
        displayed=top,
        takeaway=m(
            "little_giants.top_provinces.takeaway",
            n=len(top),
            top_share=float(top["count"].sum() / total * 100),
            total=total,
        ),
    )


def regions_card(m: Messages, data: Datasets) -> Card:
    regions = data["lg_regions"]
    frame = region_frame(m, regions)
    numbers = region_numbers(m, regions)
    return Card(
        title=m("little_giants.regions.title"),
        figure=region_figure(m, frame),
        displayed=frame,
        takeaway=m("little_giants.regions.takeaway", **numbers),
        footnote=m("little_giants.regions.footnote", **numbers),
    )


def cities_card(m: Messages, data: Datasets) -> Card:
    frame = city_frame(data["lg_cities"])
    top = frame.loc[frame["count"].idxmax()]
    return Card(
        title=m("little_giants.cities.title"),
        figure=city_figure(m, frame),
        displayed=frame,
        takeaway=m(
            "little_giants.cities.takeaway",
            city=m.data_name(top["city"]),
            count=int(top["count"]),
            scope=m.data_name(top["scope"]),
            tables=frame["scope"].nunique(),
        ),
        footnote=m("little_giants.cities.footnote"),
    )


MAP = Chart(reads=("lg_province_b1b2", "provinces", "china_provinces"), build=map_card)
TOP = Chart(reads=("lg_province_b1b2",), build=top_provinces_card)
REGIONS = Chart(reads=("lg_regions",), build=regions_card)
CITIES = Chart(reads=("lg_cities",), build=cities_card)
VIEWS = (View("map", MAP), View("top_provinces", TOP), View("regions", REGIONS), View("cities", CITIES))
