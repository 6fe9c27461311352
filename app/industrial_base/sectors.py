"""MIIT's six advanced-manufacturing fields and "other": the sidebar's sector filter and their names."""

from __future__ import annotations

import pandas as pd

from industrial_base.i18n import Messages
from industrial_base.registry import Datasets, Prepared


def sector_names(m: Messages, sectors: pd.DataFrame) -> dict[str, str]:
    """Sector id -> name in `m`'s language (the data holds both), in MIIT's order."""
    ordered = sectors.sort_values("sort_order")
    return dict(zip(ordered["sector_id"], m.names(ordered["label_en"], ordered["label_zh"]), strict=True))


def _sector_names(m: Messages, data: Datasets) -> dict[str, str]:
    return sector_names(m, data["sectors"])


SECTOR_NAMES = Prepared(reads=("sectors",), build=_sector_names)
"""Every sector's name, for the sidebar's filter and the controls that offer sectors."""
