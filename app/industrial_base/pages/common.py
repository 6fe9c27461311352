"""What several pages share: sector names in the reader's language, how fresh the World Bank figures are."""

from __future__ import annotations

import pandas as pd

from industrial_base.cards import EVERY, Datasets, Prepared
from industrial_base.citation import publishers
from industrial_base.freshness import access_dates, wdi_freshness
from industrial_base.i18n import Messages
from industrial_base.pipeline.build import DERIVED


def sector_names(m: Messages, sectors: pd.DataFrame) -> dict[str, str]:
    """Sector id -> name in `m`'s language (the data holds both), in MIIT's order."""
    ordered = sectors.sort_values("sort_order")
    return dict(zip(ordered["sector_id"], m.names(ordered["label_en"], ordered["label_zh"]), strict=True))


def _sector_names(m: Messages, data: Datasets) -> tuple[tuple[str, str], ...]:
    return tuple(sector_names(m, data["sectors"]).items())


SECTOR_NAMES = Prepared(reads=("sectors",), build=_sector_names)
"""(id, name) of every sector, for the sidebar's filter."""


def wdi_freshness_text(m: Messages, data: Datasets) -> str:
    """How fresh the World Bank figures are: when they were retrieved, the newest vintage, and the access date
    of the newest API snapshot (or that none has been taken yet: the baseline came from copies of WDI)."""
    fresh = wdi_freshness(data.package)
    vintage = fresh.latest_vintage.label if fresh.latest_vintage else m("ui.freshness.unknown")
    if fresh.accessed:
        return m("ui.freshness.wdi_api", accessed=m.date(fresh.accessed[:10]), vintage=vintage)
    retrieved = m.date(fresh.retrieved) if fresh.retrieved else m("ui.freshness.unknown")
    return m("ui.freshness.wdi_copies", retrieved=retrieved, vintage=vintage)


def retrieval_dates(m: Messages, data: Datasets, datasets: tuple[str, ...]) -> str | None:
    """When the World Bank figures behind these datasets were retrieved ("9 Oct 2026"), None when none of
    them holds or derives from World Bank figures (a hand-curated table's dates are in its rows)."""
    found = access_dates(data.package, datasets)
    dates = sorted({date for name in datasets for date in found.get(name, ())}, reverse=True)
    if not dates:
        return None
    return m("ui.freshness.card", dates=m.join(m.date(d[:10]) for d in dates))


WDI_FRESHNESS = Prepared(reads=(EVERY,), build=wdi_freshness_text)
RETRIEVAL_DATES = Prepared(reads=(EVERY,), build=retrieval_dates)


OUR_DERIVATIONS = "project research"
"""How `publisher` starts on a row this project derived or computed (docs/data-conventions.md)."""


def cited_publishers(m: Messages, data: Datasets, datasets: tuple[str, ...], rows: tuple[str, ...]) -> str:
    """Who published the figures a chart draws, for its citation: the publishers of its rows, and for rows
    this project derived, the publishers of the tables they were derived from (their inputs' rows)."""
    found = [p for p in rows if not p.startswith(OUR_DERIVATIONS)]
    if len(found) < len(rows):
        for name in datasets:
            for source in DERIVED[name].inputs if name in DERIVED else ():
                frame = data.package.tables[source].frame if source in data.package.tables else None
                if frame is not None and "publisher" in frame:
                    found += [str(p) for p in frame["publisher"].dropna()]
        found.append(m("ui.cite.ours", author=m("ui.app.title")))
    return publishers(found, m)


CITED_PUBLISHERS = Prepared(reads=(EVERY,), build=cited_publishers)
