"""Manufacturing value added: data preparation, figures and the numbers the commentary quotes."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from industrial_base import figures
from industrial_base.palette import BASIS_COLOURS, HIGHLIGHT, NEUTRAL
from industrial_base.transforms import UNIT_LABELS, Units, cagr, transform_series, window

DERIVED_NAME = "Derived from World Bank (US$ × exchange rate)"
BASIS_SYMBOLS = {"official": "circle", "reported": "diamond", "derived": "x", "third-party": "square"}
BASIS_NAMES = {
    "official": "Official statement (MIIT/NBS)",
    "reported": "Official figure, reported by media",
    "derived": "Derived: official share × preliminary GDP",
    "third-party": "Third-party estimate",
    "computed": "Computed from World Bank WDI",
}
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
DEFAULT_COUNTRIES = ["CHN", "USA", "JPN", "DEU", "IND"]


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


def mva_figure(series: pd.DataFrame, points: pd.DataFrame, units: Units, log_y: bool) -> go.Figure:
    """Derived line, with official points marked (levels only: official vintages differ, so their changes
    are not comparable year to year)."""
    if units is Units.CAGR:
        return figures.bars(
            series.assign(
                label=[
                    f"{int(s)}–{int(e)}" for s, e in zip(series["start_year"], series["year"], strict=True)
                ]
            ),
            category="label",
            value="result",
            colours=BASIS_COLOURS["derived"],
            value_title="% a year",
            text_format=".2f",
            hover_unit="% a year",
            height=220,
        )
    figure = figures.lines(
        series.assign(series=DERIVED_NAME),
        x="year",
        y="result",
        group="series",
        colours={DERIVED_NAME: NEUTRAL},
        dashed=[DERIVED_NAME],
        hover_unit="trillion yuan" if units is Units.LEVEL else "",
        y_title="Trillion yuan (current prices)" if units is Units.LEVEL else UNIT_LABELS[units],
        log_y=log_y and units is not Units.YOY,
    )
    if units is Units.LEVEL:
        for basis, part in points.groupby("basis", sort=False):
            figures.points(
                figure,
                part,
                x="year",
                y="value_trillion_cny",
                name=BASIS_NAMES.get(str(basis), str(basis)),
                colour=BASIS_COLOURS.get(str(basis), NEUTRAL),
                symbol=BASIS_SYMBOLS.get(str(basis), "circle"),
                hover_text=[
                    f"{p} · {v}" if isinstance(v, str) else str(p)
                    for p, v in zip(part["publisher"], part["vintage"], strict=True)
                ],
                hover_unit="trillion yuan",
            )
    if units is Units.YOY:
        figure.add_hline(y=0, line={"color": "#888", "width": 1})
    return figure


@dataclass(frozen=True)
class ArticleCheck:
    """The article's 16.98 → 31.4 claim next to what the datasets give for the same years."""

    official_2012: float
    official_2021: float
    derived_2012: float
    derived_2021: float
    official_cagr: float
    derived_cagr: float
    latest_year: int
    latest_derived: float


def article_check(official: pd.DataFrame, derived: pd.DataFrame) -> ArticleCheck:
    official_by_year = official[official["basis"] == "official"].groupby("year")["value_trillion_cny"].first()
    derived_by_year = derived.set_index("year")["value_trillion_cny"]
    latest = int(derived["year"].max())
    return ArticleCheck(
        official_2012=float(official_by_year[2012]),
        official_2021=float(official_by_year[2021]),
        derived_2012=float(derived_by_year[2012]),
        derived_2021=float(derived_by_year[2021]),
        official_cagr=cagr(float(official_by_year[2012]), float(official_by_year[2021]), 9),
        derived_cagr=cagr(float(derived_by_year[2012]), float(derived_by_year[2021]), 9),
        latest_year=latest,
        latest_derived=float(derived_by_year[latest]),
    )


def share_of_gdp_figure(wdi_share: pd.DataFrame, official: pd.DataFrame, start: int, end: int) -> go.Figure:
    china = window(wdi_share[wdi_share["iso3"] == "CHN"].dropna(subset=["value"]), start, end)
    figure = figures.lines(
        china.assign(series="World Bank WDI (NV.IND.MANF.ZS)"),
        x="year",
        y="value",
        group="series",
        colours={"World Bank WDI (NV.IND.MANF.ZS)": BASIS_COLOURS["computed"]},
        hover_unit="% of GDP",
        y_title="% of GDP",
    )
    points = window(official[official["period"] == "year"].dropna(subset=["value_pct"]), start, end)
    for basis, part in points.groupby("basis", sort=False):
        figures.points(
            figure,
            part,
            x="year",
            y="value_pct",
            name="MIIT (official)" if basis == "official" else "MIIT, as reported",
            colour=BASIS_COLOURS.get(str(basis), NEUTRAL),
            symbol=BASIS_SYMBOLS.get(str(basis), "circle"),
            hover_text=list(part["publisher"]),
            hover_unit="% of GDP",
        )
    figure.update_yaxes(rangemode="normal")
    return figure


def world_share_figure(shares: pd.DataFrame, start: int, end: int) -> go.Figure:
    """Computed-from-WDI line against official and third-party claims ('about 30%' kept as stated)."""
    shares = window(shares.dropna(subset=["value_pct"]), start, end)
    computed = shares[shares["basis"] == "computed"]
    figure = figures.lines(
        computed.assign(series="Computed: China ÷ World, WDI current US$"),
        x="year",
        y="value_pct",
        group="series",
        colours={"Computed: China ÷ World, WDI current US$": BASIS_COLOURS["computed"]},
        hover_unit="% of world",
        y_title="% of world manufacturing value added",
    )
    for basis, part in shares[shares["basis"] != "computed"].groupby("basis", sort=False):
        labels = [
            f"{p} ({q})" for p, q in zip(part["publisher"], part["qualifier"].fillna("exact"), strict=True)
        ]
        figures.points(
            figure,
            part,
            x="year",
            y="value_pct",
            name=BASIS_NAMES.get(str(basis), str(basis)).replace(
                "Official statement (MIIT/NBS)", "Official claim"
            ),
            colour=BASIS_COLOURS.get(str(basis), NEUTRAL),
            symbol=BASIS_SYMBOLS.get(str(basis), "circle"),
            hover_text=labels,
            hover_unit="%",
        )
    figure.update_yaxes(rangemode="normal")
    return figure


def latest_complete_year(frame: pd.DataFrame) -> int:
    """The latest year in which every national entity has a value: comparisons in a year with gaps (the US
    after 2021) would rank a country first only because a larger one is missing."""
    nations = frame[frame["iso3"] != "WLD"]
    counts = nations.dropna(subset=["value"]).groupby("year")["iso3"].nunique()
    return int(counts[counts == nations["iso3"].nunique()].index.max())


def largest_producer_years(usd: pd.DataFrame) -> tuple[list[int], str, float, int]:
    """Complete years in which China had the largest value among the national entities, plus the runner-up
    in the latest complete year (name, value in US$ bn, year)."""
    latest = latest_complete_year(usd)
    nations = usd[(usd["iso3"] != "WLD") & (usd["year"] <= latest)].dropna(subset=["value"])
    leaders = nations.loc[nations.groupby("year")["value"].idxmax()]
    china_years = sorted(int(y) for y in leaders.loc[leaders["iso3"] == "CHN", "year"])
    others = nations[(nations["year"] == latest) & (nations["iso3"] != "CHN")]
    runner = others.loc[others["value"].idxmax()]
    return china_years, str(runner["country"]), float(runner["value"]), latest


def comparison_figure(
    frame: pd.DataFrame, countries: list[str], start: int, end: int, log_y: bool, measure: str
) -> go.Figure:
    chosen = window(frame[frame["iso3"].isin(countries)].dropna(subset=["value"]), start, end)
    names = dict(zip(chosen["iso3"], chosen["country"], strict=False))
    unit = "billion current US$" if measure == "usd" else "% of GDP"
    return figures.lines(
        chosen,
        x="year",
        y="value",
        group="iso3",
        colours=ENTITY_COLOURS,
        names=names,
        hover_unit=unit,
        y_title="Billion US$ (current prices)" if measure == "usd" else "% of GDP",
        log_y=log_y,
    )


def outweighs(usd: pd.DataFrame, year: int) -> tuple[float, int, float]:
    """China's value in `year`, and how many of the next-largest entities it exceeds when they are summed."""
    nations = usd[(usd["year"] == year) & (usd["iso3"] != "WLD")].dropna(subset=["value"])
    china = float(nations.loc[nations["iso3"] == "CHN", "value"].iloc[0])
    others = nations[nations["iso3"] != "CHN"].sort_values("value", ascending=False)["value"]
    running, count = 0.0, 0
    for value in others:
        if running + float(value) >= china:
            break
        running += float(value)
        count += 1
    return china, count, running
