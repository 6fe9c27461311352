"""The medium and high-tech share of manufacturing value added (WDI NV.MNF.TECH.ZS.UN, `wdi_mva_tech_share`),
prepared for a chart and for evidence beside the article's value-chain judgement (which stays an opinion).

UNIDO imputes some series by carrying a structure forward (China 2012–2022, Japan 2020–2022): those rows have
confidence `low`, "as a time series". A chart shows them but must not present them as a trend; the numbers
here say which economies are affected. Pure pandas; no Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

CARRIED_FORWARD_NOTE = "as a time series"
"""The `confidence_note` of a carried-forward (imputed) value; see pipeline/update.py."""
COLUMNS = [
    "iso3",
    "country",
    "year",
    "value",
    "imputed",
    "source_url",
    "publisher",
    "source_date",
    "confidence",
]


def imputed(table: pd.DataFrame) -> pd.Series:
    """True for rows whose value repeats an adjacent year's (an imputed carry-forward)."""
    return (table["confidence"] == "low") & (table["confidence_note"] == CARRIED_FORWARD_NOTE)


def series(table: pd.DataFrame, economies: Sequence[str] | None = None) -> pd.DataFrame:
    """The rows with a value (gaps such as the World aggregate left out), one line per economy, by year:
    COLUMNS, `imputed` a boolean column. `economies` (ISO3) narrows and orders them."""
    rows = table[table["value"].notna()].assign(imputed=lambda f: imputed(f).fillna(False).astype(bool))
    if economies is not None:
        rows = rows[rows["iso3"].isin(economies)]
        order = {iso3: i for i, iso3 in enumerate(economies)}
        rows = rows.sort_values(["iso3", "year"], key=lambda c: c.map(order) if c.name == "iso3" else c)
    else:
        rows = rows.sort_values(["iso3", "year"])
    return rows[COLUMNS].reset_index(drop=True)


def latest(table: pd.DataFrame) -> pd.DataFrame:
    """The latest year with a value for every economy that has any, ranked from the highest share: COLUMNS
    and `rank` (1 = highest). Evidence beside the value-chain judgement."""
    rows = series(table)
    counts = rows.groupby("year")["iso3"].nunique()
    year = int(counts[counts == rows["iso3"].nunique()].index.max())
    ranked = rows[rows["year"] == year].sort_values("value", ascending=False).reset_index(drop=True)
    return ranked.assign(rank=range(1, len(ranked) + 1))


def numbers(table: pd.DataFrame, economy: str = "CHN") -> dict[str, Any]:
    """What commentary quotes: the latest common `year`, how many economies (`count`), the economy's `value`
    and `rank`, whether its series is `imputed`, the `highest` and `lowest` (country names and values), and
    whether any World figure is published (`world`)."""
    ranked = latest(table)
    own = ranked[ranked["iso3"] == economy].iloc[0]
    top, bottom = ranked.iloc[0], ranked.iloc[-1]
    return {
        "year": int(own["year"]),
        "count": len(ranked),
        "value": float(own["value"]),
        "rank": int(own["rank"]),
        "imputed": bool(series(table, [economy])["imputed"].any()),
        "highest": str(top["country"]),
        "highest_value": float(top["value"]),
        "lowest": str(bottom["country"]),
        "lowest_value": float(bottom["value"]),
        "world": bool(table.loc[table["iso3"] == "WLD", "value"].notna().any()),
    }
