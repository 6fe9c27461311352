"""Refresh the World Bank tables: merge a release of observations into a copy of the data folder, record a
vintage, rebuild the derived tables, validate, then replace the changed files.

Precision and the no-op. A table keeps each indicator at a fixed precision (`IndicatorSpec.decimals` of the
value in the table's unit: US$ bn to 3 decimals, % to 2, CNY per US$ to 6), or exactly as the source gives it
(the weak-links indicators, `decimals` None). An observation is rounded half away from zero to that precision
(if any) and compared, as a number, with the stored value: equal means the row is left
exactly as it is (the baseline keeps its provenance), different means the row is rewritten from the release
with its own provenance. So a release equal to today's tables changes nothing (no vintage, no changelog entry,
no file touched), and a revision of one unit in the last kept decimal or more is recorded. A figure that goes
(null where there was a value) leaves its row as a gap, `not published`; a year in which any economy has a
value gets a gap row for each economy that has none.

A table may hold several indicators, told apart by its `indicator` column (`wdi_innovation`: R&D, patents,
researchers): each is merged on its own, and the others' rows are kept as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

from industrial_base.loading import load_package
from industrial_base.package import DataPackage
from industrial_base.pipeline.diff import Diff, diff_table, flips, render
from industrial_base.pipeline.folder import (
    read_tables,
    rebuild_derived,
    refusal,
    resource_paths,
    resource_schemas,
)
from industrial_base.pipeline.github import SnapshotError
from industrial_base.pipeline.staging import Staging
from industrial_base.pipeline.tables import Row, Table, same_cell, write_table
from industrial_base.pipeline.wdi import ECONOMIES, IndicatorSpec, Observation

CHANGELOG = "CHANGELOG.md"
VINTAGES = "wdi_vintages"
CARRIED_TOLERANCE = Decimal("1e-9")
"""Relative difference under which two years' values count as one value carried forward: measured shares and
levels never agree to nine significant digits, imputed ones (UNIDO's China structure) do. Only values given to
nine significant digits or more are compared: two equal counts (India's 2,206 resident patent applications in
1999 and 2000) say nothing about imputation."""
CARRIED_DIGITS = 9
CARRIED_NOTE = (
    "Carried forward: the same value as an adjacent year to 9 significant digits, an imputed value "
    "rather than a measured change; do not read as a trend."
)
GAP_NOTE = "No value for this economy and year in the source. Not estimated."
Say = Callable[[str], None]
RowKey = tuple[str, str, str]
"""(economy, indicator, year): a row an update wrote."""


@dataclass
class Batch:
    """The observations of one indicator in a release, and how a row written from them cites its source."""

    spec: IndicatorSpec
    observations: list[Observation]
    cite: Callable[[Observation | None], tuple[str, str]]
    """(source_url, source) of a row written from an observation (None: a gap row with no observation)."""
    where: Callable[[Observation | None], str]
    """The indicator and page (or file) an observation came from, for messages."""


@dataclass
class Release:
    """What one update brings: observations per indicator, and the provenance the rows it writes carry."""

    batches: list[Batch]
    vintage: str
    source_date: str
    publisher: str
    confidence: str
    snapshot: Path
    """Where the raw responses are kept, relative to the data folder."""
    save_snapshot: Callable[[Path], None]
    heading: str
    preamble: list[str] = field(default_factory=list)


def _digits(value: Decimal) -> int:
    """Significant digits of a value as the source gives it (trailing zeros of an integer not counted)."""
    return len(value.normalize().as_tuple().digits)


def carried_forward(observations: Iterable[Observation]) -> set[tuple[str, int]]:
    """Economy-years whose value equals the previous or the next year's (see CARRIED_TOLERANCE)."""
    series: dict[str, list[tuple[int, Decimal]]] = {}
    for o in observations:
        if o.value is not None:
            series.setdefault(o.iso3, []).append((o.year, o.value))
    flagged = set()
    for iso3, points in series.items():
        for (year, value), (next_year, next_value) in pairwise(sorted(points)):
            if next_year != year + 1 or min(_digits(value), _digits(next_value)) < CARRIED_DIGITS:
                continue
            if abs(next_value - value) <= CARRIED_TOLERANCE * abs(value):
                flagged |= {(iso3, year), (iso3, next_year)}
    return flagged


def _row(
    table: Table,
    batch: Batch,
    release: Release,
    iso3: str,
    year: str,
    value: str,
    obs: Observation | None,
    carried: bool,
) -> Row:
    url, source = batch.cite(obs)
    spec = batch.spec
    provenance = {
        "source_url": url,
        "source": source,
        "publisher": release.publisher,
        "source_date": release.source_date,
        "confidence": "n/a" if not value else "low" if carried else release.confidence,
        "confidence_note": "as a time series" if value and carried else "",
        "basis": "third-party",
        "note": GAP_NOTE if not value else CARRIED_NOTE if carried else "",
    }
    if "iso3" in table.header:
        cells = {
            "iso3": iso3,
            "country": ECONOMIES[iso3],
            "year": year,
            "indicator": spec.code,
            "value": value,
            "unit": spec.unit,
            "wdi_vintage": release.vintage,
            "status": "" if value else "not published",
            "original_source": spec.agency,
            "original_source_stated_at": spec.agency_stated_at,
        }
    else:
        cells = {
            "year": year,
            "cny_per_usd": value,
            "indicator": spec.code,
            "definition": spec.definition,
            "vintage": release.vintage,
        }
    return {column: {**cells, **provenance}.get(column, "") for column in table.header}


def merge(table: Table, batch: Batch, release: Release) -> tuple[Table, dict[RowKey, str]]:
    """The table with the batch's observations merged in (see the module docstring), and the rows written
    (economy, indicator, year -> where the observation came from). A table may hold several indicators (an
    `indicator` column tells them apart): the rows of the others are kept as they are."""
    spec = batch.spec
    by_economy = "iso3" in table.header
    value_column = "value" if by_economy else table.header[1]

    def key(row: Row) -> tuple[str, str]:
        return (row["iso3"] if by_economy else spec.economies[0], row["year"])

    def mine(row: Row) -> bool:
        return row.get("indicator", spec.code) == spec.code

    others = [r for r in table.rows if not mine(r)]
    rows = {key(r): r for r in table.rows if mine(r)}
    carried = carried_forward(batch.observations)
    written: dict[RowKey, str] = {}
    observed: dict[tuple[str, str], Observation] = {}
    for obs in batch.observations:
        k = (obs.iso3, str(obs.year))
        observed[k] = obs
        value = "" if obs.value is None else spec.text(obs.value)
        stored = rows.get(k)
        if stored is not None and same_cell(stored[value_column], value):
            continue
        if stored is None and not value:
            continue  # no figure and no row: a gap row only where the year is covered (below)
        if not value and not by_economy:
            del rows[k]  # this table has no gap rows: the value column is required
        else:
            rows[k] = _row(table, batch, release, *k, value, obs, (obs.iso3, obs.year) in carried)
        written[(k[0], spec.code, k[1])] = batch.where(obs)
    if by_economy:
        covered = {year for (_, year), r in rows.items() if r["value"]}
        for iso3 in spec.economies:
            for year in covered - {y for (e, y) in rows if e == iso3}:
                obs = observed.get((iso3, year))
                rows[(iso3, year)] = _row(table, batch, release, iso3, year, "", obs, False)
                written[(iso3, spec.code, year)] = batch.where(obs)
    merged = others + list(rows.values())
    if by_economy:
        merged.sort(key=lambda r: (r["iso3"], r.get("indicator", ""), int(r["year"])))
    else:
        merged.sort(key=lambda r: int(r["year"]))
    return Table(table.header, merged), written


def add_vintage(vintages: Table, batch: Batch, release: Release) -> Table:
    """The vintages table with every value of the batch added as the release's vintage."""
    carried = carried_forward(batch.observations)
    added = []
    for obs in batch.observations:
        if obs.value is None:
            continue
        url, source = batch.cite(obs)
        flagged = (obs.iso3, obs.year) in carried
        cells = {
            "iso3": obs.iso3,
            "country": ECONOMIES[obs.iso3],
            "year": str(obs.year),
            "indicator": batch.spec.code,
            "value": batch.spec.text(obs.value),
            "unit": batch.spec.unit,
            "wdi_vintage": release.vintage,
            "source_url": url,
            "source": source,
            "publisher": release.publisher,
            "source_date": release.source_date,
            "confidence": "low" if flagged else release.confidence,
            "confidence_note": "as a time series" if flagged else "",
            "basis": "third-party",
            "note": CARRIED_NOTE if flagged else "",
        }
        added.append({column: cells.get(column, "") for column in vintages.header})
    rows = vintages.rows + added
    rows.sort(key=lambda r: (r["iso3"], r["indicator"], int(r["year"]), r["wdi_vintage"]))
    return Table(vintages.header, rows)


def prepend_entry(changelog: Path, entry: str) -> None:
    """Put the entry above the newest one (entries are `## ` sections, newest first, below the preamble)."""
    text = changelog.read_text(encoding="utf-8") if changelog.exists() else "# Changelog of `data/`\n\n"
    at = text.find("\n## ")
    head, tail = (text, "") if at < 0 else (text[: at + 1], text[at + 1 :])
    changelog.write_text(head.rstrip("\n") + "\n\n" + entry.rstrip("\n") + "\n\n" + tail, encoding="utf-8")


def apply(data_dir: Path, release: Release, dry_run: bool = False, say: Say = print) -> int:
    """Merge, record, rebuild, validate and replace; 0 when done (or nothing changed), 1 on a validation
    failure, with the data folder untouched."""
    data_dir = Path(data_dir)
    refused = refusal(data_dir, "Update")
    if refused:
        say(refused)
        return 1
    before = read_tables(data_dir)
    with Staging(data_dir) as stage:
        paths, schemas = resource_paths(stage.path), resource_schemas(stage.path)
        tables = read_tables(stage.path)
        origins: dict[tuple[str, RowKey], str] = {}
        revised: list[Batch] = []
        for batch in release.batches:
            name = batch.spec.table
            merged, written = merge(tables[name], batch, release)
            if written:
                tables[name] = merged
                write_table(paths[name], merged)
                origins |= {(name, k): where for k, where in written.items()}
                revised.append(batch)
        vintaged = set(_enum(schemas[VINTAGES], "indicator"))
        recorded = [b for b in revised if b.spec.code in vintaged]
        for batch in recorded:
            tables[VINTAGES] = add_vintage(tables[VINTAGES], batch, release)
        if recorded:
            write_table(paths[VINTAGES], tables[VINTAGES])
        try:
            rebuild_derived(stage.path)
        except SnapshotError as error:
            say(f"Update failed: {error}\n{data_dir.name}/ is unchanged.")
            return 1
        changed = stage.changed_files()
        if not changed:
            say(f"No change: the release equals {data_dir.name}/ at the precision each table keeps.")
            return 0
        after = read_tables(stage.path)
        names = [n for n, p in paths.items() if p.relative_to(stage.path) in changed]
        diff = Diff([diff_table(n, before[n], after[n], schemas[n]) for n in names])
        package = stage.validate()
        if package.errors:
            _report(package, after, origins, stage.path, say)
            say(f"\nUpdate refused: the result does not validate. {data_dir.name}/ is unchanged.")
            return 1
        diff.flips = flips(load_package(data_dir), package)
        vintage_line = (
            f"New vintage in `{VINTAGES}`: `{release.vintage}` ({', '.join(b.spec.code for b in recorded)})."
            if recorded
            else f"No new vintage in `{VINTAGES}` (it records {', '.join(sorted(vintaged))})."
        )
        entry = render(diff, release.heading, [*release.preamble, vintage_line])
        say(entry)
        if dry_run:
            say(f"Dry run: nothing written to {data_dir.name}/.")
            return 0
        release.save_snapshot(stage.path / release.snapshot)
        prepend_entry(stage.path / CHANGELOG, entry)
        files = stage.changed_files()
        stage.replace(files)
        say(f"Replaced {len(files)} file(s) in {data_dir.name}/.")
    return 0


def _enum(schema: dict, field_name: str) -> list[str]:
    spec = next(f for f in schema["fields"] if f["name"] == field_name)
    return list(spec.get("constraints", {}).get("enum", []))


def _report(
    package: DataPackage,
    tables: dict[str, Table],
    origins: dict[tuple[str, RowKey], str],
    stage: Path,
    say: Say,
) -> None:
    """Every validation error, with the indicator and page of the response a row came from where known."""
    lines: dict[tuple[str, int], str] = {}
    paths = resource_paths(stage)
    for name, table in tables.items():
        display = f"{stage.name}/{paths[name].relative_to(stage).as_posix()}"
        for index, row in enumerate(table.rows):
            k = (row.get("iso3", "CHN"), row.get("indicator", ""), row.get("year", ""))
            if (name, k) in origins:
                lines[(display, table.line_of(index))] = origins[(name, k)]
    for issue in package.errors:
        where = lines.get((issue.file, issue.line or 0))
        say(f"ERROR {issue}" + (f" <- from {where}" if where else ""))
