"""The "106 key products": the sourced row that states the count, and where it was said. Computed here once
for the key-products page and the overview."""

from __future__ import annotations

import pandas as pd

HEADLINE_ITEM = "key products achieving technological breakthroughs"
"""The `item` of the programme row that states the 106."""
FORUM_ITEM = "forum date"


def item(programme: pd.DataFrame, name: str) -> pd.Series:
    """The programme row of an item; KeyError names it."""
    rows = programme[programme["item"] == name]
    if rows.empty:
        raise KeyError(f"no row with item = {name!r}")
    return rows.iloc[0]
