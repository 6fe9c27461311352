"""Weak links: the shortcomings the article names, and its claim of whole-chain supply in solar, set against
what the data measure. China's share of world supply of each chip input beside the largest other country's
(CSET, figures of different years, each bar with its year); R&D, researchers and patents; what China pays and
receives for the use of intellectual property; the technology content of its exports beside that of its
manufacturing; its share of world solar manufacturing capacity at each step (a repeated year drawn hollow).
One view at a time, under the value-added page's controls: years and units above the view picker, economies
and log scale beside the chart; the economies are the value-added comparison's.

The figures the fact check also quotes are computed in `industrial_base.facts.weak_links`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go

from industrial_base import export, figures
from industrial_base.facts import tech_share
from industrial_base.facts import weak_links as wl
from industrial_base.i18n import Messages
from industrial_base.pages import value_added as va
from industrial_base.palette import HIGHLIGHT, NEUTRAL
from industrial_base.registry import Card, Chart, Commentary, Control, Datasets, Kind, Page, Prepared, View
from industrial_base.transforms import Units, transform_series, window

CHIPS = "semiconductor_supply_shares"
SOLAR = "pv_manufacturing_shares"
INNOVATION, IP_CHARGES, EXPORTS = "wdi_innovation", "wdi_ip_charges", "wdi_tech_exports"
WDI = (INNOVATION, IP_CHARGES, EXPORTS)
LEADER = "#0072B2"
"""The largest other supplier's bars (Okabe–Ito blue; China's are the page's highlight)."""
STEP_COLOURS = ("#000000", "#E69F00", "#56B4E9", "#009E73", "#0072B2", "#CC79A7", "#D55E00")
"""Solar steps' lines, in the data's step order (Okabe–Ito)."""
ROW_WIDTH = 26
"""Characters per line of a chip input's label on the chart's category axis."""
INSIDE_FROM = 60.0
"""A bar of at least this share (the axis runs to 118) carries its label inside, a shorter one beside it:
either way the label stays within the chart on a narrow card."""
MAX_ROWS = 14
"""Inputs per chips chart: two labelled bars each fit in the tallest chart (`figures.MAX_HEIGHT`); a longer
part of the chain is split over several charts."""


# --- series over years: innovation, IP charges, exports -----------------------------------------------------


def series_key(frame: pd.DataFrame) -> pd.Series:
    """One line per economy and indicator."""
    return frame["iso3"] + "|" + frame["indicator"]


def series_names(m: Messages, frame: pd.DataFrame, kinds: Mapping[str, str]) -> dict[str, str]:
    """Each line's name: the economy, and where a chart draws two indicators per economy, which one
    ("China, paid": `kinds` names the indicators by code)."""
    two = frame["indicator"].nunique() > 1
    names = {}
    for key, country, indicator in zip(series_key(frame), frame["country"], frame["indicator"], strict=True):
        name = m.data_name(country)
        names[key] = m("weak_links.chart.series", country=name, kind=kinds[indicator]) if two else name
    return names


def legend_by_economy(
    figure: go.Figure, keys: list[str], economies: Mapping[str, str], styles: Mapping[str, str], solid: str
) -> go.Figure:
    """Two lines per economy (`keys`, "iso3|kind" in the order the lines were drawn): one legend entry per
    economy, in its colour, that shows and hides both of its lines, and one per line style (`styles`, by
    kind; `solid` is the kind drawn solid), in grey. Ten entries would take half the chart."""
    for trace, key in zip(figure.data, keys, strict=False):
        iso3, kind = key.split("|")
        trace.legendgroup = iso3
        if kind == solid:
            trace.name = economies[iso3]
        else:
            trace.showlegend = False
    for kind, label in styles.items():
        figure.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                name=label,
                line={"color": NEUTRAL, "width": 2.5, "dash": "solid" if kind == solid else "dash"},
                hoverinfo="skip",
            )
        )
    return figure


def series_figure(
    m: Messages,
    frame: pd.DataFrame,
    units: Units,
    log: bool,
    *,
    chart: Mapping[str, str],
    kinds: Mapping[str, str],
    dashed: tuple[str, ...] = (),
) -> tuple[go.Figure, pd.DataFrame]:
    """Lines per economy and indicator in the chosen units (`dashed`: the indicators drawn dashed), or, for
    the CAGR over the window, one bar per line; and the frame as charted. `chart` holds the level's axis
    title and unit (`y_title`, `unit`), `kinds` the lines' names by indicator (`series_names`)."""
    rows = frame.assign(series=series_key(frame))
    names = series_names(m, rows, kinds)
    colours = {key: va.ENTITY_COLOURS.get(key.split("|")[0], NEUTRAL) for key in names}
    if units is Units.CAGR:
        growing = rows[rows["value"] > 0]  # no growth rate from zero
        rates = transform_series(growing, units, by="series").dropna(subset=["result"])
        last = growing.sort_values("year").drop_duplicates("series", keep="last").drop(columns="year")
        charted = rates.merge(last, on="series", how="left")
        labelled = charted.assign(
            label=[
                m("weak_links.chart.cagr_label", name=names[s], start=int(a), end=int(b))
                for s, a, b in zip(charted["series"], charted["start_year"], charted["year"], strict=True)
            ]
        )
        figure = figures.bars(
            labelled,
            category="label",
            value="result",
            colours=[colours[s] for s in labelled["series"]],
            value_title=m("weak_links.chart.cagr_title"),
            text_format=".1f",
            hover_unit=m("weak_links.chart.cagr_unit"),
        )
        return figure, charted.drop(columns="series")
    charted = transform_series(rows, units, by="series")
    level = units is Units.LEVEL
    figure = figures.lines(
        charted,
        x="year",
        y="result",
        group="series",
        colours=colours,
        names=names,
        dashed=[key for key in names if key.split("|")[1] in dashed],
        hover_unit=chart["unit"] if level else "",
        y_title=chart["y_title"] if level else va.unit_label(m, units),
        log_y=log and units is not Units.YOY,
    )
    if units is Units.YOY:
        figure.add_hline(y=0, line={"color": "#888", "width": 1})
    drawn = list(dict.fromkeys(charted["series"]))
    if len({key.split("|")[1] for key in drawn}) > 1:
        economies = {iso3: m.data_name(c) for iso3, c in zip(rows["iso3"], rows["country"], strict=True)}
        solid = next(key.split("|")[1] for key in drawn if key.split("|")[1] not in dashed)
        styles = {kind: kinds[kind] for kind in dict.fromkeys(key.split("|")[1] for key in drawn)}
        legend_by_economy(figure, drawn, economies, styles, solid)
    return figure, charted.drop(columns="series")


def chosen(
    table: pd.DataFrame, indicators: tuple[str, ...], countries: tuple[str, ...], years: tuple[int, int]
) -> pd.DataFrame:
    """The rows with a value of these indicators and economies in the window, in the order given."""
    rows = table[table["indicator"].isin(indicators) & table["iso3"].isin(countries)].dropna(subset=["value"])
    order = {"iso3": dict(zip(countries, range(len(countries)), strict=True))}
    order["indicator"] = dict(zip(indicators, range(len(indicators)), strict=True))
    rows = rows.sort_values(
        ["iso3", "indicator", "year"], key=lambda c: c.map(order[c.name]) if c.name in order else c
    )
    return window(rows, *years)


def span(values: pd.Series) -> dict[str, float | int] | None:
    """A series' first and last year and value (`first_year`, `first`, `last_year`, `last`), None if empty."""
    if values.empty:
        return None
    return {
        "first_year": int(values.index[0]),
        "first": float(values.iloc[0]),
        "last_year": int(values.index[-1]),
        "last": float(values.iloc[-1]),
    }


def in_window(values: pd.Series, years: tuple[int, int]) -> pd.Series:
    return values[(values.index >= years[0]) & (values.index <= years[1])]


# --- chips --------------------------------------------------------------------------------------------------


def chip_rows(m: Messages, table: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """The table's rows behind the bars: China's and the largest other country's for each input, in the
    chart's order, with `compared_as` (which bar) in the reader's language."""
    roles = m.labels("weak_links.chips.roles")
    parts = []
    for _, pair in pairs.iterrows():
        parts.append(table.loc[[pair["china_row"]]].assign(compared_as=roles["china"]))
        if pd.notna(pair["leader_row"]):
            parts.append(table.loc[[int(pair["leader_row"])]].assign(compared_as=roles["leader"]))
    if not parts:
        return table.iloc[0:0].assign(compared_as=pd.Series(dtype=object))
    rows = pd.concat(parts)
    return rows[["compared_as", *table.columns]].reset_index(drop=True)


def chips_figure(m: Messages, pairs: pd.DataFrame) -> go.Figure:
    """Two bars per input, China's and the largest other country's share of world supply, each bar labelled
    with its value and the year of its figure (the years differ from input to input), the input's year also
    on its label."""
    chart = m.labels("weak_links.chips.chart")
    rows = [
        figures.wrap_label(m("weak_links.chips.chart.row", input=m.data_name(i), year=int(y)), ROW_WIDTH)
        for i, y in zip(pairs["input"], pairs["year"], strict=True)
    ]
    years = [int(y) for y in pairs["year"]]
    leaders = [m.data_name(name) if isinstance(name, str) else "" for name in pairs["leader_name"]]
    figure = go.Figure()
    for name, values, colour, texts in (
        (
            chart["china"],
            pairs["china_pct"],
            HIGHLIGHT,
            [
                m("weak_links.chips.chart.china_bar", pct=v, year=y)
                for v, y in zip(pairs["china_pct"], years, strict=True)
            ],
        ),
        (
            chart["leader"],
            pairs["leader_pct"],
            LEADER,
            [
                m("weak_links.chips.chart.leader_bar", country=c, pct=v, year=y)
                for c, v, y in zip(leaders, pairs["leader_pct"], years, strict=True)
            ],
        ),
    ):
        figure.add_trace(
            go.Bar(
                y=rows,
                x=list(values),
                name=name,
                orientation="h",
                marker={"color": colour},
                text=texts,
                textposition=["inside" if v >= INSIDE_FROM else "outside" for v in values.fillna(0)],
                insidetextanchor="end",
                insidetextfont={"color": "white", "size": 11},
                outsidetextfont={"color": "#333333", "size": 11},
                constraintext="none",
                cliponaxis=False,
                customdata=years,
                hovertemplate=f"{name}<br>%{{y}}: %{{text}}<extra></extra>",
            )
        )
    height = 100 + 34 * len(pairs)
    figure = figures.styled(
        figure,
        y_title="",
        x_title=chart["x_title"],
        height=height,
        barmode="group",
        bargap=0.22,
        yaxis={"autorange": "reversed", "type": "category", "tickfont": {"size": 11}},
    )
    return figure.update_xaxes(range=[0, 118], tickvals=[0, 25, 50, 75, 100])


def licence_words(data: Datasets, name: str) -> str:
    """The licence names of a dataset, from its entry in the descriptor (what its citations carry)."""
    return export.licences(data.descriptor, [name])


def chip_parts(pairs: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The parts of the chain the chart shows one at a time, by id: each segment (`wl.SEGMENTS`), split into
    charts of at most MAX_ROWS inputs where it has more (`fabrication-1`, `fabrication-2`: China's smallest
    shares first, as the pairs are ordered), so that every bar keeps room for its label."""
    parts = {}
    for segment in wl.SEGMENTS:
        rows = pairs[pairs["segment"] == segment]
        if rows.empty:
            continue
        count = -(-len(rows) // MAX_ROWS)
        size = -(-len(rows) // count)
        for index in range(count):
            key = segment if count == 1 else f"{segment}-{index + 1}"
            parts[key] = rows.iloc[index * size : (index + 1) * size]
    return parts


def part_label(m: Messages, key: str, rows: pd.DataFrame) -> str:
    """A part's name: its segment's, and for a segment split over several charts the range of China's share
    in this one ("Fabrication tools, China 0.2–5.9%")."""
    segment = key.split("-")[0]
    name = m.labels("weak_links.chips.segments")[segment]
    if key == segment:
        return name
    low, high = float(rows["china_pct"].min()), float(rows["china_pct"].max())
    return m("weak_links.chips.part", segment=name, low=low, high=high)


def segment_options(m: Messages, data: Datasets) -> dict[str, str]:
    """The parts of the chain to choose from, in the chart's order."""
    parts = chip_parts(wl.chip_pairs(data[CHIPS]))
    return {key: part_label(m, key, rows) for key, rows in parts.items()}


def chips_card(m: Messages, data: Datasets, segment: str) -> Card:
    table = data[CHIPS]
    numbers = wl.chip_numbers(table)
    parts = chip_parts(numbers["pairs"])
    key = segment if segment in parts else next(iter(parts))
    shown = parts[key]
    years = sorted({int(y) for y in shown["year"]})
    words = {
        "segment": part_label(m, key, shown),
        "count": len(shown),
        "low": int((shown["china_pct"] < wl.LOW_SHARE).sum()),
        "low_share": wl.LOW_SHARE,
        "leads": int(shown["china_leads"].sum()),
        "years": m.join(years),
        "licence": licence_words(data, CHIPS),
    }
    leading = [
        m(
            "weak_links.chips.lead_item",
            input=m.data_name(r["input"]),
            pct=r["china_pct"],
            year=int(r["year"]),
        )
        for _, r in numbers["lead_pairs"].iterrows()
    ]
    finding = {
        "total": numbers["total"],
        "low": numbers["low"],
        "low_share": wl.LOW_SHARE,
        "leader": m.data_name(numbers["top_leader"]),
        "leader_count": numbers["top_leader_count"],
        "leads": numbers["leads"],
        "lead_list": m.join(leading),
        "years": m.join(numbers["years"]),
    }
    return Card(
        title=m("weak_links.chips.title", segment=words["segment"]),
        figure=chips_figure(m, shown),
        displayed=chip_rows(m, table, shown),
        takeaway=m("weak_links.chips.takeaway", **words),
        commentary=Commentary(
            claim=m("weak_links.chips.claim"),
            finding=m("weak_links.chips.finding", **finding),
            claims=("core-components",),
        ),
        footnote=m(
            "weak_links.chips.footnote_mixed" if len(years) > 1 else "weak_links.chips.footnote", **words
        ),
    )


# --- innovation and IP charges ------------------------------------------------------------------------------


def innovation_card(
    m: Messages,
    data: Datasets,
    years: tuple[int, int],
    units: str,
    log: bool,
    countries: tuple[str, ...],
    indicator: str,
) -> Card:
    table = data[INNOVATION]
    codes = wl.INNOVATION[indicator]
    figure, charted = series_figure(
        m,
        chosen(table, codes, countries, years),
        Units(units),
        log,
        chart=m.labels(f"weak_links.innovation.{indicator}.chart"),
        kinds=m.labels("weak_links.innovation.series"),
        dashed=(wl.NON_RESIDENTS,),
    )
    china = span(in_window(wl.values(table, codes[0]), years))
    takeaway = (
        m(f"weak_links.innovation.{indicator}.takeaway", **china)
        if china
        else m("weak_links.chart.empty", first=years[0], last=years[1])
    )
    year = wl.ARTICLE_YEAR
    rd = wl.ranked(table, wl.RD, year)
    own = rd[rd["iso3"] == wl.CHINA]
    residents, non_residents = (wl.values(table, code) for code in (wl.RESIDENTS, wl.NON_RESIDENTS))
    finding = (
        m(
            "weak_links.innovation.finding",
            year=year,
            rd=float(own["value"].iloc[0]),
            rank=int(own["rank"].iloc[0]),
            count=len(rd),
            highest=m.data_name(rd["country"].iloc[0]),
            highest_value=float(rd["value"].iloc[0]),
            residents=float(residents[year]),
            ratio=float(residents[year] / non_residents[year]),
        )
        if not own.empty and year in residents.index and year in non_residents.index
        else m("weak_links.innovation.finding_missing", year=year)
    )
    return Card(
        title=m(
            "weak_links.innovation.title",
            measure=m.labels("weak_links.controls.indicator.options")[indicator],
            unit=va.unit_label(m, Units(units)).lower(),
        ),
        figure=figure,
        displayed=charted,
        takeaway=takeaway,
        commentary=Commentary(
            claim=m("weak_links.innovation.claim"),
            finding=finding,
            claims=("tracking-imitating",),
        ),
        footnote=m(f"weak_links.innovation.{indicator}.footnote"),
    )


def ip_charges_card(
    m: Messages, data: Datasets, years: tuple[int, int], units: str, log: bool, countries: tuple[str, ...]
) -> Card:
    table = data[IP_CHARGES]
    figure, charted = series_figure(
        m,
        chosen(table, (wl.PAID, wl.RECEIVED), countries, years),
        Units(units),
        log,
        chart=m.labels("weak_links.ip_charges.chart"),
        kinds=m.labels("weak_links.ip_charges.series"),
        dashed=(wl.RECEIVED,),
    )
    balance = wl.ip_balance(table)
    shown = balance[(balance.index >= years[0]) & (balance.index <= years[1])]
    takeaway = (
        m(
            "weak_links.ip_charges.takeaway",
            year=int(shown.index[-1]),
            **shown.iloc[-1][["paid", "received", "ratio"]].to_dict(),
        )
        if len(shown)
        else m("weak_links.chart.empty", first=years[0], last=years[1])
    )
    year = wl.ARTICLE_YEAR
    upto = balance[balance.index <= year]
    finding = (
        m(
            "weak_links.ip_charges.finding",
            year=year,
            paid=float(balance.loc[year, "paid"]),
            received=float(balance.loc[year, "received"]),
            ratio=float(balance.loc[year, "ratio"]),
            payer=m(
                "weak_links.ip_charges.payer_every"
                if bool(upto["net_payer"].all())
                else "weak_links.ip_charges.payer_some",
                payer_years=int(upto["net_payer"].sum()),
                years=len(upto),
                first_year=int(upto.index.min()),
                year=year,
            ),
            receivers=m.join(m.data_name(name) for name in wl.net_receivers(table, year)),
        )
        if year in balance.index
        else m("weak_links.ip_charges.finding_missing", year=year)
    )
    return Card(
        title=m("weak_links.ip_charges.title", unit=va.unit_label(m, Units(units)).lower()),
        figure=figure,
        displayed=charted,
        takeaway=takeaway,
        commentary=Commentary(
            claim=m("weak_links.ip_charges.claim"), finding=finding, claims=("tracking-imitating",)
        ),
        footnote=m("weak_links.ip_charges.footnote"),
    )


# --- exports beside the tech share of value added -----------------------------------------------------------


def exports_frame(m: Messages, data: Datasets, countries: tuple[str, ...], measure: str) -> pd.DataFrame:
    """The lines as charted: the export share per economy (`measure` "exports"), and for the medium and
    high-tech share also the tech share of manufacturing value added ("value_added"), by UNIDO's same list of
    industries; `imputed` marks carried-forward values, `series` names each line."""
    labels = m.labels("weak_links.exports.measures")
    exports = wl.export_series(data[EXPORTS], wl.EXPORTS[measure], list(countries)).assign(measure="exports")
    parts = [exports]
    if measure == "medium_high":
        parts.append(
            tech_share.series(data["wdi_mva_tech_share"], list(countries)).assign(measure="value_added")
        )
    frame = pd.concat(parts, ignore_index=True)
    frame["series"] = frame["iso3"] + "|" + frame["measure"]
    return frame.assign(measure=frame["measure"].map(labels))


def exports_figure(m: Messages, frame: pd.DataFrame) -> go.Figure:
    """A solid line per economy for its export share, dashed for its share of value added; values UNIDO
    carried forward crossed out in grey, as on the value-added page."""
    chart = m.labels("weak_links.exports.chart")
    measures = m.labels("weak_links.exports.measures")
    countries = {iso3: m.data_name(c) for iso3, c in zip(frame["iso3"], frame["country"], strict=True)}
    kinds = {key: key.split("|")[1] for key in frame["series"]}
    two = len(set(kinds.values())) > 1
    names = {
        key: m("weak_links.chart.series", country=countries[key.split("|")[0]], kind=measures[kind])
        if two
        else countries[key.split("|")[0]]
        for key, kind in kinds.items()
    }
    figure = figures.lines(
        frame,
        x="year",
        y="value",
        group="series",
        colours={key: va.ENTITY_COLOURS.get(key.split("|")[0], NEUTRAL) for key in names},
        names=names,
        dashed=[key for key in names if key.endswith("|value_added")],
        hover_unit="%",
        y_title=chart["y_title"],
    )
    if two:
        styles = {kind: measures[kind] for kind in dict.fromkeys(kinds.values())}
        legend_by_economy(figure, list(kinds), countries, styles, "exports")
    imputed = frame[frame["imputed"]]
    if not imputed.empty:
        figures.points(
            figure,
            imputed,
            x="year",
            y="value",
            name=chart["imputed"],
            colour=NEUTRAL,
            symbol="x",
            hover_text=[names[key] for key in imputed["series"]],
            hover_unit="%",
        )
    return figure.update_yaxes(rangemode="normal")


def exports_card(
    m: Messages, data: Datasets, years: tuple[int, int], countries: tuple[str, ...], exports: str
) -> Card:
    frame = window(exports_frame(m, data, countries, exports), *years)
    china = span(in_window(wl.values(data[EXPORTS], wl.EXPORTS[exports]), years))
    takeaway = (
        m(f"weak_links.exports.{exports}.takeaway", **china)
        if china
        else m("weak_links.chart.empty", first=years[0], last=years[1])
    )
    numbers = wl.export_numbers(data[EXPORTS], data["wdi_mva_tech_share"])
    variant = "finding" if numbers["mva_share"] is not None else "finding_no_value_added"
    if numbers["mva_imputed"] and numbers["mva_share"] is not None:
        variant = "finding_imputed"
    return Card(
        title=m("weak_links.exports.title", measure=m.labels("weak_links.controls.exports.options")[exports]),
        figure=exports_figure(m, frame),
        displayed=frame.drop(columns="series"),
        takeaway=takeaway,
        commentary=Commentary(
            claim=m("weak_links.exports.claim"),
            finding=m(f"weak_links.exports.{variant}", **numbers),
            claims=("value-chain", "reliability", "quality-brands"),
        ),
        footnote=m(f"weak_links.exports.{exports}.footnote"),
    )


# --- solar --------------------------------------------------------------------------------------------------


def pv_figure(m: Messages, china: pd.DataFrame) -> go.Figure:
    """China's share at each step, a line per step. A flagged year (one that repeats the year before, or
    where every share is zero) is not a measurement: the line breaks there, a dashed segment joins it to its
    neighbours, and a hollow marker carries a label saying so."""
    chart = m.labels("weak_links.pv.chart")
    steps = m.labels("weak_links.pv.steps")
    flags = m.labels("weak_links.pv.flags")
    figure = go.Figure()
    for index, (step, part) in enumerate(china.groupby("step", sort=False)):
        part = part.sort_values("year").reset_index(drop=True)
        colour = STEP_COLOURS[index % len(STEP_COLOURS)]
        name = steps.get(str(step), str(step))
        measured = part["world_share_pct"].where(~part["flagged"])
        figure.add_trace(
            go.Scatter(
                x=part["year"],
                y=measured,
                name=name,
                legendgroup=str(step),
                mode="lines+markers",
                line={"color": colour, "width": 2.5},
                marker={"size": 6},
                hovertemplate=f"{name}<br>%{{x}}: %{{y:.1f}}%<extra></extra>",
            )
        )
        for position in part.index[part["flagged"]]:
            around = part.iloc[max(position - 1, 0) : position + 2]
            figure.add_trace(
                go.Scatter(
                    x=around["year"],
                    y=around["world_share_pct"],
                    legendgroup=str(step),
                    showlegend=False,
                    mode="lines",
                    line={"color": colour, "width": 2, "dash": "dash"},
                    hoverinfo="skip",
                )
            )
    flagged = china[china["flagged"]]
    if not flagged.empty:
        labels = [
            m("weak_links.pv.chart.flag_label", year=int(y), flag=flags.get(str(f), str(f)))
            for y, f in zip(flagged["year"], flagged["year_flag"], strict=True)
        ]
        figure.add_trace(
            go.Scatter(
                x=flagged["year"],
                y=flagged["world_share_pct"],
                name=chart["flagged"],
                mode="markers+text",
                marker={"size": 11, "symbol": "circle-open", "color": NEUTRAL, "line": {"width": 2}},
                text=labels,
                textposition=[
                    "bottom center" if v >= 50 else "top center" for v in flagged["world_share_pct"]
                ],
                textfont={"size": 11, "color": NEUTRAL},
                cliponaxis=False,
                customdata=[steps.get(str(s), str(s)) for s in flagged["step"]],
                hovertemplate="%{customdata}<br>%{x}: %{y:.1f}%<br>%{text}<extra></extra>",
            )
        )
    figures.styled(figure, y_title=chart["y_title"], height=440)
    return figure.update_yaxes(range=[-4, 106])


def flagged_list(m: Messages, china: pd.DataFrame) -> str:
    """The flagged years, "polysilicon 2022 (carried forward) and …", for the footnote."""
    steps, flags = m.labels("weak_links.pv.steps"), m.labels("weak_links.pv.flags")
    flagged = china[china["flagged"]]
    return m.join(
        m(
            "weak_links.pv.flag_item",
            step=steps.get(str(s), str(s)),
            year=int(y),
            flag=flags.get(str(f), str(f)),
        )
        for s, y, f in zip(flagged["step"], flagged["year"], flagged["year_flag"], strict=True)
    )


def pv_card(m: Messages, data: Datasets, years: tuple[int, int]) -> Card:
    table = data[SOLAR]
    china = wl.pv_china(table)
    shown = window(china, *years)
    steps = m.labels("weak_links.pv.steps")
    latest = wl.pv_chain(table, until=years[1])
    if latest is not None and latest[0] >= years[0]:
        year, rows = latest
        takeaway = m(
            "weak_links.pv.takeaway",
            year=year,
            low=float(rows["world_share_pct"].iloc[0]),
            low_step=steps.get(str(rows["step"].iloc[0]), str(rows["step"].iloc[0])),
            high=float(rows["world_share_pct"].iloc[-1]),
            high_step=steps.get(str(rows["step"].iloc[-1]), str(rows["step"].iloc[-1])),
            steps=len(rows),
        )
    else:
        takeaway = m("weak_links.chart.empty", first=years[0], last=years[1])
    article = wl.pv_chain(table)
    finding = (
        m(
            "weak_links.pv.finding",
            year=article[0],
            lowest=float(article[1]["world_share_pct"].iloc[0]),
            lowest_step=steps.get(str(article[1]["step"].iloc[0]), str(article[1]["step"].iloc[0])),
            majority=wl.MAJORITY,
        )
        if article is not None
        else m("weak_links.pv.finding_missing")
    )
    return Card(
        title=m("weak_links.pv.title"),
        figure=pv_figure(m, shown),
        displayed=shown.drop(columns="flagged"),
        takeaway=takeaway,
        commentary=Commentary(claim=m("weak_links.pv.claim"), finding=finding, claims=("rail-pv-chains",)),
        footnote=m("weak_links.pv.footnote", flagged=flagged_list(m, china)),
    )


# --- the page -----------------------------------------------------------------------------------------------


def year_bounds(m: Messages, data: Datasets) -> tuple[int, int]:
    """The first and last year of every series that loads, for the year control."""
    found = [data[name]["year"] for name in data if data[name]["year"].notna().any()]
    if not found:
        return va.FALLBACK_YEARS
    years = pd.concat(found)
    return int(years.min()), int(years.max())


def economies(m: Messages, data: Datasets) -> dict[str, str]:
    """The economies of the World Bank tables that load (the value-added comparison's), in the data's order:
    iso3 -> name in the reader's language."""
    frames = [data[name][["iso3", "country"]] for name in data]
    if not frames:
        return {}
    names = dict(zip(*(pd.concat(frames)[c] for c in ("iso3", "country")), strict=False))
    return {iso3: m.data_name(name) for iso3, name in names.items()}


YEARS = Control(
    "years", Kind.YEARS, Prepared(reads=(*WDI, SOLAR), build=year_bounds, lenient=True), page_wide=True
)
UNITS = replace(va.UNITS, options=None)
"""The value-added page's units, named shortly (`weak_links.controls.units.options`): with the years they fit
one row above the view picker, so that the chart stays in view."""
LOG = replace(va.LOG, page_wide=False)
"""Beside the economies, for the same reason."""
COUNTRIES = replace(va.COUNTRIES, options=Prepared(reads=WDI, build=economies, lenient=True))
SEGMENT = Control("segment", Kind.CHOICE, Prepared(reads=(CHIPS,), build=segment_options), pills=True)
INDICATOR = Control("indicator", Kind.CHOICE)
EXPORT_MEASURE = Control("exports", Kind.CHOICE)
PAGE = Page(
    "weak_links",
    ":material/link_off:",
    url_path="weak-links",
    views=(
        View("chips", Chart(reads=(CHIPS,), build=chips_card, controls=(SEGMENT,))),
        View(
            "innovation",
            Chart(
                reads=(INNOVATION,), build=innovation_card, controls=(YEARS, UNITS, LOG, COUNTRIES, INDICATOR)
            ),
        ),
        View(
            "ip_charges",
            Chart(reads=(IP_CHARGES,), build=ip_charges_card, controls=(YEARS, UNITS, LOG, COUNTRIES)),
        ),
        View(
            "exports",
            Chart(
                reads=(EXPORTS, "wdi_mva_tech_share"),
                build=exports_card,
                controls=(YEARS, COUNTRIES, EXPORT_MEASURE),
            ),
        ),
        View("pv", Chart(reads=(SOLAR,), build=pv_card, controls=(YEARS,))),
    ),
)
