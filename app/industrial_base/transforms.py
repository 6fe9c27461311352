"""Unit transforms and filters for time series, after FRED's `units` and OWID's relative mode.

Every transform takes a frame with a `year` column and a value column and returns a new frame; nothing is
cached here (the app caches loads, not these cheap steps).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

import pandas as pd


class Units(StrEnum):
    """Unit ids, as carried in links (`?units=yoy`); their labels are `ui.units.*` in app/content/LANG/."""

    LEVEL = "level"
    YOY = "yoy"
    INDEX = "index"
    CAGR = "cagr"


def window(frame: pd.DataFrame, start: int, end: int, year: str = "year") -> pd.DataFrame:
    """Rows whose year lies in [start, end]."""
    return frame[(frame[year] >= start) & (frame[year] <= end)]


def transform_series(
    frame: pd.DataFrame, units: Units, value: str = "value", year: str = "year", by: str | None = None
) -> pd.DataFrame:
    """Apply a unit transform per group (`by`), on consecutive years only.

    YoY uses the previous *calendar* year: if that year is missing the change is left empty rather than
    spanning a gap. The index is 100 at each group's first year in the frame. CAGR returns one row per
    group: first year, last year and the compound annual rate between them.
    """
    groups = [(None, frame)] if by is None else list(frame.groupby(by, sort=False))
    parts: list[pd.DataFrame] = []
    for key, group in groups:
        group = group.dropna(subset=[value]).sort_values(year)
        if group.empty:
            continue
        values = group[value].astype("Float64")
        if units is Units.LEVEL:
            result = group.assign(result=values)
        elif units is Units.YOY:
            previous = group.set_index(year)[value].astype("Float64").reindex(group[year] - 1).to_numpy()
            result = group.assign(result=(values.to_numpy() / previous - 1) * 100)
        elif units is Units.INDEX:
            result = group.assign(result=values / values.iloc[0] * 100)
        else:
            first, last = group.iloc[0], group.iloc[-1]
            years = int(last[year]) - int(first[year])
            rate = cagr(float(first[value]), float(last[value]), years) if years > 0 else None
            row = {year: int(last[year]), "start_year": int(first[year]), "result": rate}
            if by is not None:
                row[by] = key
            result = pd.DataFrame([row])
        parts.append(result)
    if not parts:
        return frame.iloc[0:0].assign(result=pd.Series(dtype="Float64"))
    out = pd.concat(parts, ignore_index=True)
    out["result"] = out["result"].astype("Float64")
    return out


def cagr(first_value: float, last_value: float, years: int) -> float:
    """Compound annual growth rate in %, e.g. 16.98 → 31.4 over 9 years."""
    if years <= 0 or first_value <= 0:
        raise ValueError("CAGR needs a positive start value and at least one year")
    return ((last_value / first_value) ** (1 / years) - 1) * 100


def filter_sectors(frame: pd.DataFrame, sectors: Iterable[str], column: str = "sector_id") -> pd.DataFrame:
    """Keep rows in the chosen sectors; rows without a sector are dropped when any filter is active."""
    chosen = list(sectors)
    return frame[frame[column].isin(chosen)]


def given(value: Any) -> bool:
    """True for a real value; False for None, NaN, pd.NA and empty text."""
    if isinstance(value, str):
        return value.strip() != ""
    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):
        return True
