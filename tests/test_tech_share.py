"""The tech-share preparation for the dashboard (chart series, ranking, commentary numbers)."""

from __future__ import annotations

import pandas as pd
import pytest

from industrial_base.facts import tech_share as ts
from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return load_package(DEFAULT_DATA_DIR).table("wdi_mva_tech_share")


def test_the_series_leaves_gaps_out_and_flags_carried_forward_values(table: pd.DataFrame) -> None:
    rows = ts.series(table, ["KOR", "CHN", "WLD"])
    assert list(dict.fromkeys(rows["iso3"])) == ["KOR", "CHN"]  # the World rows are gaps
    assert rows["value"].notna().all() and list(rows.columns) == ts.COLUMNS
    flagged = table[(table["confidence"] == "low") & (table["confidence_note"] == "as a time series")]
    expected = {(i, y) for i, y in zip(flagged["iso3"], flagged["year"], strict=True) if i in ("KOR", "CHN")}
    shown = rows[rows["imputed"]]
    assert set(zip(shown["iso3"], shown["year"], strict=True)) == expected
    assert rows[rows["iso3"] == "CHN"]["imputed"].all() and not rows[rows["iso3"] == "KOR"]["imputed"].any()


def test_the_ranking_uses_the_latest_year_every_economy_has(table: pd.DataFrame) -> None:
    ranked = ts.latest(table)
    year = int(ranked["year"].iloc[0])
    with_values = table[table["value"].notna()]
    assert year == with_values["year"].max() and len(ranked) == with_values["iso3"].nunique()
    assert list(ranked["value"]) == sorted(ranked["value"], reverse=True) and list(ranked["rank"]) == list(
        range(1, len(ranked) + 1)
    )
    korea_gone = table[~((table["iso3"] == "KOR") & (table["year"] == year))]
    assert int(ts.latest(korea_gone)["year"].iloc[0]) == year - 1


def test_the_numbers_commentary_quotes(table: pd.DataFrame) -> None:
    numbers = ts.numbers(table)
    ranked = ts.latest(table)
    china = ranked[ranked["iso3"] == "CHN"].iloc[0]
    assert (numbers["value"], numbers["rank"], numbers["year"]) == (
        china["value"],
        china["rank"],
        china["year"],
    )
    assert numbers["imputed"] is True and numbers["world"] is False
    assert (numbers["highest"], numbers["highest_value"]) == (
        ranked["country"].iloc[0],
        ranked["value"].iloc[0],
    )
    assert ts.numbers(table, "DEU")["imputed"] is False
