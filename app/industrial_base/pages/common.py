"""What several pages share: sector names in the reader's language."""

from __future__ import annotations

import pandas as pd

from industrial_base.cards import Datasets, Prepared
from industrial_base.i18n import Messages


def sector_names(m: Messages, sectors: pd.DataFrame) -> dict[str, str]:
    """Sector id -> name in `m`'s language (the data holds both), in MIIT's order."""
    ordered = sectors.sort_values("sort_order")
    return dict(zip(ordered["sector_id"], m.names(ordered["label_en"], ordered["label_zh"]), strict=True))


def _sector_names(m: Messages, data: Datasets) -> tuple[tuple[str, str], ...]:
    return tuple(sector_names(m, data["sectors"]).items())


SECTOR_NAMES = Prepared(reads=("sectors",), build=_sector_names)
"""(id, name) of every sector, for the sidebar's filter."""
