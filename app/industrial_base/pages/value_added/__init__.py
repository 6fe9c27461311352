"""Manufacturing value added: China's series in yuan with units, its share of GDP and of the world, the
international comparison and the medium and high-tech share; one view at a time under the page-wide year,
unit and scale controls."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from industrial_base import figures
from industrial_base.facts import tech_share
from industrial_base.facts import value_added as facts
from industrial_base.i18n import Messages
from industrial_base.palette import BASIS_COLOURS, HIGHLIGHT, NEUTRAL
from industrial_base.registry import Card, Chart, Commentary, Control, Datasets, Kind, Page, Prepared, View
from industrial_base.transforms import Units, transform_series, window

DERIVED = "derived-line"
"""Group id of the derived CNY line (its legend name comes from the catalogue)."""
BASIS_SYMBOLS = {"official": "circle", "reported": "diamond", "derived": "x", "third-party": "square"}
ENTITY_COLOURS = {
    "CHN": HIGHLIGHT,
    "USA": "#0072B2",
    "JPN": "#E69F00",
    "DEU": "#009E73",
    "IND": "#CC79A7",
    "KOR": "#56B4E9",
    "ITA": "#8C6D31",
    "FRA": "#7570B3",
    "GBR": "#1B9E77",
    "MEX": "#B15928",
    "WLD": "#000000",
}
DEFAULT_COUNTRIES = ("CHN", "USA", "JPN", "DEU", "IND")
THIN_MARGIN_PCT = 1.0
"""Below this, "exceeded the next N combined" is within the size of a data revision or an exchange-rate move,
and the takeaway says how thin it is."""
BN_PER_TN = 1000
"""WDI US$ values are in billions; prose and charts show trillions (万亿美元 in Chinese, which has no clean
word for a billion)."""


def unit_label(m: Messages, units: Units) -> str:
    """The unit's full label ("Year-on-year change, %")."""
    return m.labels("ui.units")[units.value]


def unit_short_label(m: Messages, units: Units) -> str:
    """The unit's label up to its first comma, for the unit switch ("Year-on-year change" / "同比变化")."""
    return re.split(r"[,，]", unit_label(m, units), maxsplit=1)[0].strip()


def official_points(official: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct official/reported/derived CNY point (the same figure quoted twice collapses)."""
    columns = [
        "year",
        "value_trillion_cny",
        "basis",
        "vintage",
        "publisher",
        "source_date",
        "source_url",
        "confidence",
        "note",
    ]
    points = official[columns].dropna(subset=["value_trillion_cny"])
    return points.drop_duplicates(subset=["year", "value_trillion_cny", "basis"]).reset_index(drop=True)


def mva_series(derived: pd.DataFrame, start: int, end: int, units: Units) -> pd.DataFrame:
    """The consistent 2012–latest derived series in the chosen units (CAGR: one row)."""
    frame = window(derived, start, end)[["year", "value_trillion_cny", "basis", "source_url", "publisher"]]
    return transform_series(frame, units, value="value_trillion_cny")


def basis_points(
    figure: go.Figure, points: pd.DataFrame, y: str, names: dict[str, str], hover_unit: str
) -> None:
    """Stated figures as markers over a line: one trace per basis (official, reported…), named by `names`, in
    the basis' colour and symbol, each point's `hover` column on hover."""
    for basis, part in points.groupby("basis", sort=False):
        figures.points(
            figure,
            part,
            x="year",
            y=y,
            name=names.get(str(basis), str(basis)),
            colour=BASIS_COLOURS.get(str(basis), NEUTRAL),
            symbol=BASIS_SYMBOLS.get(str(basis), "circle"),
            hover_text=list(part["hover"]),
            hover_unit=hover_unit,
        )


def mva_figure(
    m: Messages, series: pd.DataFrame, points: pd.DataFrame, units: Units, log_y: bool
) -> go.Figure:
    """Derived line, with official points marked (levels only: official vintages differ, so their changes
    are not comparable year to year)."""
    chart = m.labels("value_added.mva.chart")
    if units is Units.CAGR:
        return figures.bars(
            series.assign(
                label=[
                    m("value_added.mva.chart.cagr_label", start=int(s), end=int(e))
                    for s, e in zip(series["start_year"], series["year"], strict=True)
                ]
            ),
            category="label",
            value="result",
            colours=BASIS_COLOURS["derived"],
            value_title=chart["cagr_title"],
            text_format=".2f",
            hover_unit=chart["cagr_unit"],
            height=220,
        )
    figure = figures.lines(
        series.assign(series=DERIVED),
        x="year",
        y="result",
        group="series",
        colours={DERIVED: NEUTRAL},
        names={DERIVED: chart["derived"]},
        dashed=[DERIVED],
        hover_unit=chart["level_unit"] if units is Units.LEVEL else "",
        y_title=chart["level_title"] if units is Units.LEVEL else unit_label(m, units),
        log_y=log_y and units is not Units.YOY,
    )
    if units is Units.LEVEL:
        hover = [
            f"{p} · {v}" if isinstance(v, str) else str(p)
            for p, v in zip(points["publisher"], points["vintage"], strict=True)
        ]
        names = m.labels("value_added.mva.points")
        basis_points(figure, points.assign(hover=hover), "value_trillion_cny", names, chart["level_unit"])
    if units is Units.YOY:
        figure.add_hline(y=0, line={"color": "#888", "width": 1})
    return figure


def official_share_list(m: Messages, official: pd.DataFrame) -> str:
    """MIIT's stated shares of GDP in the reader's convention: "2021: 27.4%, …, 2025 H1: 25.7%"."""
    stated = official.dropna(subset=["value_pct"])
    items = [
        m(
            "value_added.share_gdp.list.h1" if period == "H1" else "value_added.share_gdp.list.year",
            year=int(year),
            value=float(value),
        )
        for year, period, value in zip(stated["year"], stated["period"], stated["value_pct"], strict=True)
    ]
    return m.join(items, final=False)


def share_of_gdp_figure(
    m: Messages, wdi_share: pd.DataFrame, official: pd.DataFrame, start: int, end: int
) -> go.Figure:
    chart = m.labels("value_added.share_gdp.chart")
    china = window(wdi_share[wdi_share["iso3"] == "CHN"].dropna(subset=["value"]), start, end)
    figure = figures.lines(
        china.assign(series="wdi"),
        x="year",
        y="value",
        group="series",
        colours={"wdi": BASIS_COLOURS["computed"]},
        names={"wdi": chart["wdi"]},
        hover_unit=chart["hover_unit"],
        y_title=chart["y_title"],
    )
    points = window(official[official["period"] == "year"].dropna(subset=["value_pct"]), start, end)
    names = {basis: chart["official" if basis == "official" else "reported"] for basis in points["basis"]}
    basis_points(figure, points.assign(hover=points["publisher"]), "value_pct", names, chart["hover_unit"])
    return figure.update_yaxes(rangemode="normal")


def world_share_figure(m: Messages, shares: pd.DataFrame, start: int, end: int) -> go.Figure:
    """Computed-from-WDI line against official and third-party claims ('about 30%' kept as stated)."""
    chart = m.labels("value_added.world_share.chart")
    names = m.labels("value_added.world_share.points")
    qualifiers = m.labels("value_added.world_share.qualifiers")
    shares = window(shares.dropna(subset=["value_pct"]), start, end)
    computed = shares[shares["basis"] == "computed"]
    figure = figures.lines(
        computed.assign(series="computed"),
        x="year",
        y="value_pct",
        group="series",
        colours={"computed": BASIS_COLOURS["computed"]},
        names={"computed": chart["computed"]},
        hover_unit=chart["hover_unit"],
        y_title=chart["y_title"],
    )
    stated = shares[shares["basis"] != "computed"]
    hover = [
        m("value_added.world_share.chart.hover", publisher=p, qualifier=qualifiers.get(str(q), str(q)))
        for p, q in zip(stated["publisher"], stated["qualifier"].fillna("exact"), strict=True)
    ]
    basis_points(figure, stated.assign(hover=hover), "value_pct", names, "%")
    return figure.update_yaxes(rangemode="normal")


def in_trillions(frame: pd.DataFrame) -> pd.DataFrame:
    """WDI US$ rows with `value` (billion US$) also as `value_trillion_usd`, the unit the page shows."""
    position = list(frame.columns).index("value") + 1
    converted = frame.copy()
    converted.insert(position, "value_trillion_usd", frame["value"] / BN_PER_TN)
    return converted


def comparison_figure(
    m: Messages, frame: pd.DataFrame, countries: list[str], start: int, end: int, log_y: bool, measure: str
) -> go.Figure:
    """One line per chosen economy: US$ in trillions (`measure` "usd") or % of GDP ("share")."""
    chart = m.labels("value_added.comparison.chart")
    chosen = window(frame[frame["iso3"].isin(countries)].dropna(subset=["value"]), start, end)
    names = {iso3: m.data_name(name) for iso3, name in zip(chosen["iso3"], chosen["country"], strict=False)}
    usd = measure == "usd"
    return figures.lines(
        in_trillions(chosen) if usd else chosen,
        x="year",
        y="value_trillion_usd" if usd else "value",
        group="iso3",
        colours=ENTITY_COLOURS,
        names=names,
        hover_unit=chart["usd_unit"] if usd else chart["share_unit"],
        y_title=chart["usd_title"] if usd else chart["share_title"],
        log_y=log_y,
    )


# --- charts ----------------------------------------------------------------------------------------------

FALLBACK_YEARS = (2012, 2025)
"""The article's first year and the research's latest: the year control's range when no series loads (the
page still draws, and each view shows its error card)."""


def year_bounds(m: Messages, data: Datasets) -> tuple[int, int]:
    """First and last year of the first series that loads, for the year control."""
    for name in data:
        years = data[name]["year"].dropna()
        return int(years.min()), int(years.max())
    return FALLBACK_YEARS


def economies(m: Messages, data: Datasets) -> dict[str, str]:
    """The comparison's economies (those of either measure): iso3 -> name in the reader's language, in the
    data's order."""
    both = pd.concat([data["wdi_mva_usd"], data["wdi_mva_share_gdp"]])
    names = dict(zip(both["iso3"], both["country"], strict=False))
    return {iso3: m.data_name(name) for iso3, name in names.items()}


def mva_card(m: Messages, data: Datasets, years: tuple[int, int], units: str, log: bool) -> Card:
    start, end = years
    chosen = Units(units)
    derived = data["china_mva_cny_derived_wdi"]
    official = data["china_mva_cny_official"]
    points = window(official_points(official), start, end)
    series = mva_series(derived, start, end, chosen)
    level = window(derived, start, end)
    ratio = float(level["value_trillion_cny"].iloc[-1] / level["value_trillion_cny"].iloc[0])
    return Card(
        title=m("value_added.mva.title", unit=unit_label(m, chosen).lower()),
        figure=mva_figure(m, series, points, chosen, log),
        displayed=series if chosen is not Units.LEVEL else level,
        takeaway=m("value_added.mva.takeaway", ratio=ratio, start=start, end=end),
        commentary=Commentary(
            claim=m("value_added.mva.claim"),
            finding=m("value_added.mva.finding", **facts.article_endpoints(official, derived)),
            claims=("mva-2012", "mva-2021"),
        ),
        footnote=m("value_added.mva.footnote"),
    )


def share_of_gdp_card(m: Messages, data: Datasets, years: tuple[int, int]) -> Card:
    start, end = years
    wdi_share = data["wdi_mva_share_gdp"]
    official = data["china_mva_share_gdp_official"]
    china = window(wdi_share[wdi_share["iso3"] == "CHN"].dropna(subset=["value"]), start, end)
    numbers = {
        "wdi_first": float(china["value"].iloc[0]),
        "wdi_last": float(china["value"].iloc[-1]),
        "first_year": int(china["year"].iloc[0]),
        "last_year": int(china["year"].iloc[-1]),
    }
    compared = facts.gdp_share_comparison(official, wdi_share)
    above = m.join(int(y) for y in compared.loc[compared["miit_pct"] > compared["wdi_pct"], "year"])
    return Card(
        title=m("value_added.share_gdp.title"),
        figure=share_of_gdp_figure(m, wdi_share, official, start, end),
        displayed=window(official, start, end),
        takeaway=m("value_added.share_gdp.takeaway", **numbers),
        commentary=Commentary(
            claim=m("value_added.share_gdp.claim"),
            finding=m(
                "value_added.share_gdp.finding",
                official_list=official_share_list(m, official),
                above_years=above,
                **numbers,
            ),
        ),
        footnote=m("value_added.share_gdp.footnote"),
    )


def world_share_card(m: Messages, data: Datasets, years: tuple[int, int]) -> Card:
    start, end = years
    shares = data["china_share_world_mva"]
    every_computed = shares[shares["basis"] == "computed"]
    computed = window(every_computed.dropna(subset=["value_pct"]), start, end)
    china_years, runner, latest = facts.largest_producer_years(data["wdi_mva_usd"])
    recent = every_computed[every_computed["year"] >= 2020]
    return Card(
        title=m("value_added.world_share.title"),
        figure=world_share_figure(m, shares, start, end),
        displayed=window(shares, start, end),
        takeaway=m(
            "value_added.world_share.takeaway",
            first=float(computed["value_pct"].iloc[0]),
            last=float(computed["value_pct"].iloc[-1]),
            first_year=int(computed["year"].iloc[0]),
            last_year=int(computed["year"].iloc[-1]),
        ),
        commentary=Commentary(
            claim=m("value_added.world_share.claim"),
            finding=m(
                "value_added.world_share.finding",
                first_year=china_years[0],
                latest_year=latest,
                runner_up=m.data_name(runner["country"]),
                runner_value_tn=float(runner["value"]) / BN_PER_TN,
                computed_min=float(recent["value_pct"].min()),
                computed_max=float(recent["value_pct"].max()),
                range_first=int(recent["year"].min()),
                range_last=int(recent["year"].max()),
            ),
            claims=("largest-power",),
        ),
    )


def comparison_card(
    m: Messages,
    data: Datasets,
    years: tuple[int, int],
    log: bool,
    countries: tuple[str, ...],
    measure: str,
) -> Card:
    start, end = years
    usd = data["wdi_mva_usd"]
    frame = usd if measure == "usd" else data["wdi_mva_share_gdp"]
    shown = window(frame[frame["iso3"].isin(countries)], start, end)
    year = facts.latest_complete_year(usd)
    china, count, others = facts.outweighs(usd, year)
    margin = (china / others - 1) * 100
    return Card(
        title=m("value_added.comparison.title"),
        figure=comparison_figure(m, frame, list(countries), start, end, log, measure),
        displayed=in_trillions(shown) if measure == "usd" else shown,
        takeaway=m(
            "value_added.comparison.takeaway_thin"
            if margin < THIN_MARGIN_PCT
            else "value_added.comparison.takeaway",
            year=year,
            china_tn=china / BN_PER_TN,
            count=count,
            others_tn=others / BN_PER_TN,
            margin_pct=margin,
        ),
        footnote=m("value_added.comparison.footnote"),
    )


def tech_share_figure(m: Messages, shown: pd.DataFrame) -> go.Figure:
    """One line per economy; values UNIDO carried forward from an adjacent year are crossed out in grey, so
    a flat stretch is not read as a measured trend."""
    chart = m.labels("value_added.tech_share.chart")
    names = {iso3: m.data_name(name) for iso3, name in zip(shown["iso3"], shown["country"], strict=False)}
    figure = figures.lines(
        shown,
        x="year",
        y="value",
        group="iso3",
        colours=ENTITY_COLOURS,
        names=names,
        hover_unit="%",
        y_title=chart["y_title"],
    )
    imputed = shown[shown["imputed"]]
    if not imputed.empty:
        figures.points(
            figure,
            imputed,
            x="year",
            y="value",
            name=chart["imputed"],
            colour=NEUTRAL,
            symbol="x",
            hover_text=[names[iso3] for iso3 in imputed["iso3"]],
            hover_unit="%",
        )
    figure.update_yaxes(rangemode="normal")
    return figure


def tech_share_card(m: Messages, data: Datasets, years: tuple[int, int], countries: tuple[str, ...]) -> Card:
    start, end = years
    table = data["wdi_mva_tech_share"]
    shown = window(tech_share.series(table, countries), start, end)
    numbers = tech_share.numbers(table)
    ranked = tech_share.latest(table).set_index("rank")["country"]
    rank = numbers["rank"]
    names = dict(zip(table["iso3"], table["country"], strict=False))
    carried = table[tech_share.imputed(table)].groupby("iso3", sort=False)["year"].agg(["min", "max"])
    spans = (
        m("value_added.tech_share.span", name=m.data_name(names[iso3]), first=int(first), last=int(last))
        for iso3, (first, last) in carried.iterrows()
    )
    words = {
        **numbers,
        "above": m.data_name(ranked[rank - 1]) if rank > 1 else "",
        "below": m.data_name(ranked[rank + 1]) if rank < numbers["count"] else "",
        "highest": m.data_name(numbers["highest"]),
        "lowest": m.data_name(numbers["lowest"]),
        "first_year": int(table.dropna(subset=["value"])["year"].min()),
        "imputed_spans": m.join(spans),
    }
    variant = "finding_imputed" if numbers["imputed"] else "finding"
    return Card(
        title=m("value_added.tech_share.title"),
        figure=tech_share_figure(m, shown),
        displayed=shown,
        takeaway=m("value_added.tech_share.takeaway", **words),
        commentary=Commentary(
            claim=m("value_added.tech_share.claim"),
            finding=m(f"value_added.tech_share.{variant}", **words),
            claims=("value-chain",),
        ),
        footnote=m("value_added.tech_share.footnote", **words),
    )


def unit_options(m: Messages, data: Datasets) -> dict[str, str]:
    return {units.value: unit_short_label(m, units) for units in Units}


YEARS = Control(
    "years",
    Kind.YEARS,
    Prepared(
        reads=("china_mva_cny_derived_wdi", "wdi_mva_usd", "wdi_mva_share_gdp"),
        build=year_bounds,
        lenient=True,
    ),
    page_wide=True,
)
UNITS = Control("units", Kind.CHOICE, Prepared(reads=(), build=unit_options), page_wide=True)
LOG = Control("log", Kind.FLAG, page_wide=True)
COUNTRIES = Control(
    "countries",
    Kind.CHOICES,
    Prepared(reads=("wdi_mva_usd", "wdi_mva_share_gdp"), build=economies),
    default=DEFAULT_COUNTRIES,
)
MEASURE = Control("measure", Kind.CHOICE)
PAGE = Page(
    "value_added",
    ":material/show_chart:",
    url_path="value-added",
    views=(
        View(
            "mva",
            Chart(
                reads=("china_mva_cny_derived_wdi", "china_mva_cny_official"),
                build=mva_card,
                controls=(YEARS, UNITS, LOG),
            ),
        ),
        View(
            "share_gdp",
            Chart(
                reads=("wdi_mva_share_gdp", "china_mva_share_gdp_official"),
                build=share_of_gdp_card,
                controls=(YEARS,),
            ),
        ),
        View(
            "world_share",
            Chart(reads=("china_share_world_mva", "wdi_mva_usd"), build=world_share_card, controls=(YEARS,)),
        ),
        View(
            "comparison",
            Chart(
                reads=("wdi_mva_usd", "wdi_mva_share_gdp"),
                build=comparison_card,
                controls=(YEARS, LOG, COUNTRIES, MEASURE),
            ),
        ),
        View(
            "tech_share",
            Chart(reads=("wdi_mva_tech_share",), build=tech_share_card, controls=(YEARS, COUNTRIES)),
        ),
    ),
)
