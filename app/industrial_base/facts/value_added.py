"""Manufacturing value added: the article's endpoints against the data, who produces most, and MIIT's shares
against the World Bank's. Computed here once for the cards, the fact check and Sources & methods."""

from __future__ import annotations

from typing import Any

import pandas as pd

from industrial_base.transforms import cagr

ARTICLE_YEARS = (2012, 2021)
"""The years of the article's "16.98 → 31.4 trillion yuan"."""
WORLD = "WLD"


def official_rows(official: pd.DataFrame) -> pd.DataFrame:
    """The values MIIT/NBS stated (trillion yuan), without the reported and derived ones."""
    return official[official["basis"] == "official"].dropna(subset=["value_trillion_cny"])


def article_endpoints(official: pd.DataFrame, derived: pd.DataFrame) -> dict[str, Any]:
    """The article's two years, official and derived from the World Bank, with the nominal growth rate of
    each, and the derived series' latest year (the mva card's finding)."""
    first, last = ARTICLE_YEARS
    stated = official_rows(official).groupby("year")["value_trillion_cny"].first()  # the first of each year
    series = derived.set_index("year")["value_trillion_cny"]
    latest = int(derived["year"].max())
    return {
        "official_2012": float(stated[first]),
        "official_2021": float(stated[last]),
        "derived_2012": float(series[first]),
        "derived_2021": float(series[last]),
        "official_cagr": cagr(float(stated[first]), float(stated[last]), last - first),
        "derived_cagr": cagr(float(series[first]), float(series[last]), last - first),
        "latest_year": latest,
        "latest_derived": float(series[latest]),
    }


def latest_complete_year(usd: pd.DataFrame) -> int:
    """The latest year in which every national entity has a value: comparisons in a year with gaps (the US
    after 2021) would rank a country first only because a larger one is missing."""
    nations = usd[usd["iso3"] != WORLD]
    counts = nations.dropna(subset=["value"]).groupby("year")["iso3"].nunique()
    return int(counts[counts == nations["iso3"].nunique()].index.max())


def ranked(usd: pd.DataFrame, year: int) -> pd.DataFrame:
    """The national entities in `year`, largest value first."""
    nations = usd[(usd["year"] == year) & (usd["iso3"] != WORLD)].dropna(subset=["value"])
    return nations.sort_values("value", ascending=False).reset_index(drop=True)


def largest_producer_years(usd: pd.DataFrame) -> tuple[list[int], pd.Series, int]:
    """Complete years in which China had the largest value among the national entities, the runner-up's row
    in the latest complete year, and that year."""
    latest = latest_complete_year(usd)
    nations = usd[(usd["iso3"] != WORLD) & (usd["year"] <= latest)].dropna(subset=["value"])
    leaders = nations.loc[nations.groupby("year")["value"].idxmax()]
    china_years = sorted(int(y) for y in leaders.loc[leaders["iso3"] == "CHN", "year"])
    runner = ranked(usd, latest).query("iso3 != 'CHN'").iloc[0]
    return china_years, runner, latest


def outweighs(usd: pd.DataFrame, year: int) -> tuple[float, int, float]:
    """China's value in `year`, and how many of the next-largest entities it exceeds when they are summed
    (values in billion US$, as in the data)."""
    nations = ranked(usd, year)
    china = float(nations.loc[nations["iso3"] == "CHN", "value"].iloc[0])
    running, count = 0.0, 0
    for value in nations.loc[nations["iso3"] != "CHN", "value"]:
        if running + float(value) >= china:
            break
        running += float(value)
        count += 1
    return china, count, running


def gdp_share_comparison(official: pd.DataFrame, wdi: pd.DataFrame) -> pd.DataFrame:
    """MIIT's share of GDP next to the World Bank's for the same full years (`difference_pp`: MIIT minus the
    World Bank, percentage points)."""
    miit = official[(official["period"] == "year")].dropna(subset=["value_pct"])[
        ["year", "value_pct", "qualifier"]
    ]
    china = wdi[wdi["iso3"] == "CHN"].dropna(subset=["value"])[["year", "value"]]
    frame = miit.rename(columns={"value_pct": "miit_pct"}).merge(
        china.rename(columns={"value": "wdi_pct"}), on="year", how="inner"
    )
    frame["difference_pp"] = (frame["miit_pct"] - frame["wdi_pct"]).round(2)
    return frame[["year", "miit_pct", "qualifier", "wdi_pct", "difference_pp"]].reset_index(drop=True)


def world_share_comparison(shares: pd.DataFrame) -> pd.DataFrame:
    """Official 'about' claims of China's share of world manufacturing against the share computed from WDI."""
    about = shares[(shares["basis"] == "official") & (shares["qualifier"] == "about")]
    computed = shares[shares["basis"] == "computed"][["year", "value_pct"]]
    frame = about[["year", "value_pct", "qualifier_text", "publisher"]].rename(
        columns={"value_pct": "official_claim_pct"}
    )
    frame = frame.merge(computed.rename(columns={"value_pct": "computed_pct"}), on="year", how="left")
    frame["gap_pp"] = (frame["official_claim_pct"] - frame["computed_pct"]).round(2)
    return frame[["year", "official_claim_pct", "qualifier_text", "computed_pct", "gap_pp", "publisher"]]
