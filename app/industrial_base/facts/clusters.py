"""National advanced manufacturing clusters: the published list sizes, the rows we can name, and the provinces
each cluster lies in. Computed here once for the cards, the fact check, the overview and the validator's
rules."""

from __future__ import annotations

import re

import pandas as pd

# Stable ids of the aggregate rows quoted (clusters_aggregates.agg_id).
AGG_BASIC_CLAIM = "agg-04"
AGG_BY_FIELD = "agg-13"
AGG_BY_PROVINCE = "agg-17"
AGG_WINNERS_2024 = "agg-20"
AGG_UNNAMED_2024 = "agg-27"
LISTS: tuple[tuple[str, int, tuple[int, ...]], ...] = (
    ("agg-01", 2021, (2021,)),
    ("agg-07", 2022, (2021, 2022)),
    ("agg-21", 2024, (2021, 2022, 2024)),
)
"""The published national lists after each round (25, 45 and 80 clusters): the aggregate row that states the
size, the year, and the cohorts of `clusters` it includes."""
FIRST_LIST = LISTS[0]
"""The 2021 list, which the article counts (25 winners)."""
COMPLETE_LISTS = LISTS[:2]
"""The lists of which every cluster is a row of `clusters` (the 2024 round is only partly named)."""
CROSS_MARK = re.compile(r"\s*\(cross-provincial\)\s*$")


def agg(aggregates: pd.DataFrame, agg_id: str) -> pd.Series:
    return aggregates.set_index("agg_id").loc[agg_id]


def agg_value(aggregates: pd.DataFrame, agg_id: str) -> int:
    return int(agg(aggregates, agg_id)["value"])


def listed(clusters: pd.DataFrame, cohorts: tuple[int, ...]) -> int:
    """How many clusters of these cohorts are rows of the table."""
    return int(clusters["cohort"].isin(cohorts).sum())


def province_names(text: object) -> list[str]:
    """'Shaanxi; Inner Mongolia; Ningxia (cross-provincial)' -> ['Shaanxi', 'Inner Mongolia', 'Ningxia'];
    'Beijing-Tianjin-Hebei (cross-provincial)' -> ['Beijing', 'Tianjin', 'Hebei']."""
    if not isinstance(text, str) or not text.strip():
        return []
    cross = bool(CROSS_MARK.search(text))
    body = CROSS_MARK.sub("", text)
    parts = re.split(r";|-" if cross else r";", body)
    return [p.strip() for p in parts if p.strip()]


def unplaced(clusters: pd.DataFrame, provinces: pd.DataFrame) -> pd.Series:
    """Clusters without a province code whose `province_or_region` names no province of the lookup, or one
    that is not in it (the validator reports them, so no cluster is dropped from a map silently)."""
    known = set(provinces["name_en"])
    texts = clusters.loc[is_cross(clusters), "province_or_region"]
    bad = [
        line for line, text in texts.items() if not province_names(text) or set(province_names(text)) - known
    ]
    return texts.loc[bad]


def cluster_provinces(clusters: pd.DataFrame, provinces: pd.DataFrame) -> pd.Series:
    """The adcodes each cluster lies in (one for most, several for cross-province clusters), as tuples; a
    cluster the lookup cannot place (see `unplaced`) lies in none."""
    codes = dict(zip(provinces["name_en"], provinces["adcode"], strict=True))
    return pd.Series(
        [
            (int(adcode),)
            if pd.notna(adcode)
            else tuple(int(codes[n]) for n in province_names(text) if n in codes)
            for adcode, text in zip(clusters["province_adcode"], clusters["province_or_region"], strict=True)
        ],
        index=clusters.index,
        dtype="object",
    )


def is_cross(clusters: pd.DataFrame) -> pd.Series:
    return clusters["province_adcode"].isna()
