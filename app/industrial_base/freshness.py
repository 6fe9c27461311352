"""How fresh the World Bank figures are, for the dashboard's freshness notes (pure Python, no Streamlit).

`wdi_freshness(package)` gives the access date of the newest World Bank snapshot (`data/snapshots/wdi/`), the
latest retrieval date of the rows the WDI tables hold, and the newest vintage in `wdi_vintages`.
`access_dates(package, names)` gives, per table, the dates on which the World Bank figures behind it were
retrieved: its own rows' for a WDI table, its inputs' for a table derived from WDI, none for the hand-curated
tables (their `source_date` is when a statement was made, not when it was read).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from industrial_base.i18n import Messages
from industrial_base.package import DataPackage, DatasetUnavailable
from industrial_base.pipeline.build import DERIVED
from industrial_base.pipeline.wdi import API_SNAPSHOTS, INDICATORS, MANIFEST
from industrial_base.registry import EVERY, Datasets, Prepared

WDI_TABLES = tuple(dict.fromkeys([*(spec.table for spec in INDICATORS), "wdi_vintages"]))
"""The tables that hold World Bank figures as retrieved (not derived from them)."""


@dataclass(frozen=True)
class Vintage:
    label: str
    """As the data names it: "retrieved 2026-10-09", "World Bank API, accessed 2026-12-02"."""
    date: str
    """ISO date of the copy (the rows' `source_date`)."""


@dataclass(frozen=True)
class WdiFreshness:
    retrieved: str | None
    """The latest date on which a World Bank figure the WDI tables hold was retrieved (API access date, or
    the date a third-party copy was generated), None if no table is available."""
    accessed: str | None
    """Access date of the newest World Bank API snapshot kept in `snapshots/wdi/`, None before the first
    update from the API (the baseline comes from third-party copies)."""
    snapshot: str | None
    """That snapshot's folder, relative to the data folder, e.g. "snapshots/wdi/2026-12-02"."""
    latest_vintage: Vintage | None
    """The newest vintage in `wdi_vintages`."""


def _dates(package: DataPackage, name: str) -> set[str]:
    try:
        frame = package.table(name)
    except DatasetUnavailable:
        return set()
    rows = frame[frame["basis"] == "third-party"]
    return {str(d) for d in rows["source_date"].dropna() if str(d)}


def access_dates(package: DataPackage, names: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Per table name: the distinct retrieval dates (ISO, newest first) of the World Bank figures it holds or
    is computed from; an empty tuple for a table with no World Bank figures or one that failed validation."""
    result: dict[str, tuple[str, ...]] = {}
    for name in names:
        inputs = DERIVED[name].inputs if name in DERIVED else ()
        sources = [name] if name in WDI_TABLES else [n for n in inputs if n in WDI_TABLES]
        found = set().union(*(_dates(package, source) for source in sources))
        result[name] = tuple(sorted(found, reverse=True))
    return result


def latest_snapshot(data_dir: Path) -> tuple[str, str] | None:
    """(access date, folder relative to the data folder) of the newest API snapshot, or None."""
    found: list[tuple[str, str]] = []
    for manifest in (data_dir / API_SNAPSHOTS).glob(f"*/{MANIFEST}"):
        try:
            accessed = str(json.loads(manifest.read_text(encoding="utf-8"))["accessed"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        found.append((accessed, manifest.parent.relative_to(data_dir).as_posix()))
    return max(found, default=None)


def wdi_freshness(package: DataPackage) -> WdiFreshness:
    dates = set().union(*(_dates(package, n) for n in WDI_TABLES if n != "wdi_vintages"))
    snapshot = latest_snapshot(package.data_dir)
    vintage = None
    with suppress(DatasetUnavailable):
        newest = package.table("wdi_vintages").sort_values(["source_date", "wdi_vintage"]).iloc[-1]
        vintage = Vintage(str(newest["wdi_vintage"]), str(newest["source_date"]))
    return WdiFreshness(
        retrieved=max(dates) if dates else None,
        accessed=snapshot[0] if snapshot else None,
        snapshot=snapshot[1] if snapshot else None,
        latest_vintage=vintage,
    )


def freshness_note(m: Messages, data: Datasets) -> str:
    """How fresh the World Bank figures are: when they were retrieved, the newest vintage, and the access date
    of the newest API snapshot (or that none has been taken yet: the baseline came from copies of WDI)."""
    fresh = wdi_freshness(data.package)
    vintage = fresh.latest_vintage.label if fresh.latest_vintage else m("ui.freshness.unknown")
    if fresh.accessed:
        return m("ui.freshness.wdi_api", accessed=m.date(fresh.accessed[:10]), vintage=vintage)
    retrieved = m.date(fresh.retrieved) if fresh.retrieved else m("ui.freshness.unknown")
    return m("ui.freshness.wdi_copies", retrieved=retrieved, vintage=vintage)


def retrieval_note(m: Messages, package: DataPackage, datasets: Iterable[str]) -> str | None:
    """When the World Bank figures behind these datasets were retrieved ("9 Oct 2026"), None when none of
    them holds or derives from World Bank figures (a hand-curated table's dates are in its rows)."""
    names = tuple(datasets)
    found = access_dates(package, names)
    dates = sorted({day for name in names for day in found.get(name, ())}, reverse=True)
    if not dates:
        return None
    return m("ui.freshness.card", dates=m.join(m.date(d[:10]) for d in dates))


FRESHNESS = Prepared(reads=(EVERY,), build=freshness_note)
"""The freshness note of the overview and Sources & methods."""
