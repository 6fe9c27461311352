"""Tables built from files of other repositories (snapshots under `snapshots/github/`): who supplies each
input of the semiconductor and the photovoltaic supply chains.

One function per table, like the derived tables of `build.py`: `python -m industrial_base build` writes what
it returns from the repository's latest snapshot, so `build --check` shows that the stored table is what the
kept files give. Values are copied as the files write them (text, never re-rounded); names, stages and flags
that the files do not state in one place are worked out here, and each row says how (`stage_basis`,
`year_flag`).

- `semiconductor_supply_shares`: CSET's Chip Explorer data (`data/provision.csv` and the files naming its
  providers, inputs and stages), one row per provider and input: countries and firms, each share with its
  year.
- `pv_manufacturing_shares`: NREL PV_ICE's country shares of solar manufacturing, compiled from BloombergNEF
  data, one row per step, country and year.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from industrial_base.pipeline.github import (
    CSET_CHIP_EXPLORER,
    NREL_PV_ICE,
    Repository,
    Snapshot,
    SnapshotError,
)
from industrial_base.pipeline.tables import Row, Table

THIRD_PARTY = "third-party"


def records(text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a CSV text as dicts, each with the line it starts on (the header is line 1)."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    line = 2
    for row in reader:
        yield line, row
        line = reader.line_num + 1


# --- semiconductor_supply_shares ----------------------------------------------------------------------------

PROVISION = "data/provision.csv"
PROVIDERS = "data/providers.csv"
INPUTS = "data/inputs.csv"
STAGES = "data/stages.csv"
SEQUENCE = "data/sequence.csv"
CSET_PUBLISHER = (
    "CSET Emerging Technology Observatory (Chip Explorer data) via GitHub georgetown-cset/eto-chip-explorer"
)
NO_SHARE_NOTE = (
    "CSET lists this provider for this input without a share; the Chip Explorer shows such a provider as "
    "'Major' (scripts/preprocess.py, get_provision). Not estimated."
)
IS_STAGE = "is a stage"
OWN_STAGE = "inputs.csv"
FOLLOWED = "derived from sequence.csv"
SEVERAL = "several stages"
NO_STAGE = "none"


@dataclass(frozen=True)
class Provider:
    name: str
    aliases: str
    kind: str
    country: str


def _providers(snapshot: Snapshot) -> dict[str, Provider]:
    """Provider id -> name, aliases ("; "-joined, in file order), type and country. A provider has one row per
    alias in `providers.csv`; its name, type and country must agree across them."""
    rows: dict[str, list[dict[str, str]]] = {}
    for _, row in records(snapshot.text(PROVIDERS)):
        rows.setdefault(row["provider_id"], []).append(row)
    providers = {}
    for provider_id, group in rows.items():
        facts = {(r["provider_name"], r["provider_type"], r["country"]) for r in group}
        if len(facts) != 1:
            raise SnapshotError(f"{PROVIDERS}: {provider_id} has conflicting rows {sorted(facts)}")
        name, kind, country = facts.pop()
        aliases = "; ".join(dict.fromkeys(r["alias"] for r in group if r["alias"]))
        # a country is written as its code ("CHN"); a firm names its headquarters' country
        providers[provider_id] = Provider(name, aliases, kind, country if kind != "country" else name)
    return providers


def _stages_of(snapshot: Snapshot) -> Callable[[str], tuple[tuple[str, ...], str]]:
    """For an input id: the stages it belongs to and how that is known. A stage row is its own stage; an input
    with a `stage_id` in `inputs.csv` has it; any other input gets the stages reached by following
    `sequence.csv` (the input goes into, or is a type of, another) to inputs that have one."""
    inputs = {row["input_id"]: row for _, row in records(snapshot.text(INPUTS))}
    stages = {row["stage_id"] for _, row in records(snapshot.text(STAGES))}
    up: dict[str, list[str]] = {}
    for _, row in records(snapshot.text(SEQUENCE)):
        for parent in (row["goes_into_id"], row["is_type_of_id"]):
            if parent:
                up.setdefault(row["input_id"], []).append(parent)

    def reached(node: str, seen: frozenset[str]) -> set[str]:
        own = inputs.get(node, {}).get("stage_id", "")
        if own:
            return {own}
        found: set[str] = set()
        for parent in up.get(node, []):
            if parent not in seen:
                found |= reached(parent, seen | {node})
        return found

    def stages_of(node: str) -> tuple[tuple[str, ...], str]:
        if node in stages:
            return (node,), IS_STAGE
        if inputs.get(node, {}).get("stage_id"):
            return (inputs[node]["stage_id"],), OWN_STAGE
        found = tuple(sorted(reached(node, frozenset())))
        return found, FOLLOWED if len(found) == 1 else SEVERAL if found else NO_STAGE

    return stages_of


def semiconductor_supply_shares(snapshot: Snapshot, header: list[str]) -> Table:
    """One row per row of `provision.csv`, in its order: the input (with its type and stage), the provider
    (country or organisation, with its country), the share of world supply and its year as CSET gives them,
    and CSET's source note (the row's own, else the one under the input's market-share chart)."""
    providers = _providers(snapshot)
    inputs = {row["input_id"]: row for _, row in records(snapshot.text(INPUTS))}
    stages = {row["stage_id"]: row for _, row in records(snapshot.text(STAGES))}
    stages_of = _stages_of(snapshot)
    url = snapshot.url(PROVISION)
    rows: list[Row] = []
    for line, row in records(snapshot.text(PROVISION)):
        provider = providers.get(row["provider_id"])
        node = row["provided_id"]
        if provider is None or (node not in inputs and node not in stages):
            unknown = f"{row['provider_id']}, {node}"
            raise SnapshotError(f"{PROVISION} line {line}: unknown provider or input ({unknown})")
        described = stages.get(node) or inputs[node]
        found, basis = stages_of(node)
        stage_id = found[0] if len(found) == 1 else ""
        own_source = row["source"].strip()
        chart_source = described["market_share_chart_source"].strip()
        share = row["share_provided"].strip()
        notes = [] if share else [NO_SHARE_NOTE]
        if basis == SEVERAL:
            notes.append(f"The input goes into several stages ({', '.join(found)}).")
        rows.append(
            {
                "input_id": node,
                "input": row["provided_name"],
                "input_type": "stage" if node in stages else inputs[node]["type"],
                "stage_id": stage_id,
                "stage": stages[stage_id]["stage_name"] if stage_id else "",
                "stage_basis": basis,
                "provider_id": row["provider_id"],
                "provider": provider.name,
                "provider_alias": provider.aliases,
                "provider_type": provider.kind,
                "provider_country": provider.country,
                "year": row["year"],
                "world_share_pct": share,
                "status": "" if share else "qualitative only",
                "cset_source": own_source or chart_source,
                "cset_source_from": "provision.csv"
                if own_source
                else ("stages.csv" if node in stages else "inputs.csv")
                if chart_source
                else "",
                "source_url": url,
                "source": f"{snapshot.cite(PROVISION, f'line {line}')} ; names, types and stages from "
                f"{PROVIDERS}, {INPUTS}, {STAGES} and {SEQUENCE} of the same commit",
                "publisher": CSET_PUBLISHER,
                "source_date": snapshot.last_changed(PROVISION),
                "confidence": "medium" if share else "n/a",
                "confidence_note": "",
                "basis": THIRD_PARTY,
                "note": " ".join(notes),
            }
        )
    return Table(header, rows)


# --- pv_manufacturing_shares --------------------------------------------------------------------------------

PV_FOLDER = "PV_ICE/baselines/SupportingMaterial/CarbonIntensities"
PV_STEPS = {
    "polysilicon": f"{PV_FOLDER}/input-silicon-CountryMarketshare-polysilicon.csv",
    "ingot_mono": f"{PV_FOLDER}/input-silicon-CountryMarketshare-ingot-mono.csv",
    "ingot_multi": f"{PV_FOLDER}/input-silicon-CountryMarketshare-ingot-multi.csv",
    "wafer": f"{PV_FOLDER}/input-silicon-CountryMarketshare-wafer.csv",
    "cell": f"{PV_FOLDER}/input-silicon-CountryMarketshare-cell.csv",
    "module": f"{PV_FOLDER}/input-modules-countryMarketshare-Mfging-bnef.csv",
}
"""Each manufacturing step and its file. The silicon files have a row per country and a column per year; the
module file the other way round."""
CAPACITY = "commissioned capacity"
NOT_STATED = "not stated"
MEASURES = {step: NOT_STATED if step == "module" else CAPACITY for step in PV_STEPS}
"""What the shares measure, as the repository says: its silicon notebook reads the silicon files as "crunched
data from BNEF commissioned capacity"; nothing in it says what the module file measures."""
PV_COUNTRIES = {
    "China": ("CHN", "China"),
    "USA": ("USA", "United States"),
    "United States": ("USA", "United States"),
    "Germany": ("DEU", "Germany"),
    "Malaysia": ("MYS", "Malaysia"),
    "Japan": ("JPN", "Japan"),
    "Qatar": ("QAT", "Qatar"),
    "Norway": ("NOR", "Norway"),
    "SKorea": ("KOR", "Korea, Rep."),
    "Korea": ("KOR", "Korea, Rep."),
    "Russia": ("RUS", "Russia"),
    "Canada": ("CAN", "Canada"),
    "Brazil": ("BRA", "Brazil"),
    "Taiwan": ("TWN", "Taiwan"),
    "Ukraine": ("UKR", "Ukraine"),
    "VietNam": ("VNM", "Vietnam"),
    "Vietnam": ("VNM", "Vietnam"),
    "India": ("IND", "India"),
    "UnitedKingdom": ("GBR", "United Kingdom"),
    "Singapore": ("SGP", "Singapore"),
    "Philippines": ("PHL", "Philippines"),
    "Thailand": ("THA", "Thailand"),
    "Netherlands": ("NLD", "Netherlands"),
    "Mexico": ("MEX", "Mexico"),
    "Turkey": ("TUR", "Turkey"),
    "Poland": ("POL", "Poland"),
    "Switzerland": ("CHE", "Switzerland"),
    "South Africa": ("ZAF", "South Africa"),
    "El Salvador": ("SLV", "El Salvador"),
}
"""The country names the files use -> ISO 3166-1 alpha-3 code and the name the tables show (WDI's name for the
package's WDI economies)."""
SAME_AS_BEFORE = "same as previous year"
ALL_ZERO = "all zero"
PV_PUBLISHER = "NREL PV_ICE (compiled from BloombergNEF data) via GitHub NREL/PV_ICE"
FLAG_NOTES = {
    SAME_AS_BEFORE: "Every country's share this year equals the year before in this file: a repeated year "
    "(for polysilicon 2022, a carry-forward of 2021), not a measured change.",
    ALL_ZERO: "Every country is 0 this year in this file: no share recorded, not a zero market.",
}
MODULE_NOTE = "The repository does not say whether the module shares are of capacity or of production."


def _cells(step: str, text: str) -> list[tuple[str, str, str]]:
    """(country as written, year, value as written) for every cell of a step's file, in file order of the
    countries."""
    table = list(csv.reader(io.StringIO(text, newline="")))
    header, body = table[0], [r for r in table[1:] if r]
    if step == "module":  # a row per year, a column per country
        return [(header[i], r[0], r[i]) for i in range(1, len(header)) for r in body]
    return [(r[0], header[i], r[i]) for r in body for i in range(1, len(header))]


def _flags(cells: list[tuple[str, str, str]]) -> dict[str, str]:
    """Year -> flag, for the years whose shares say nothing new: all zero, or each equal to the year
    before."""
    by_year: dict[str, dict[str, str]] = {}
    for country, year, value in cells:
        by_year.setdefault(year, {})[country] = value
    flags = {}
    years = sorted(by_year, key=int)
    for before, year in zip([None, *years], years, strict=False):
        values = by_year[year]
        if all(float(v) == 0 for v in values.values()):
            flags[year] = ALL_ZERO
        elif before is not None and all(float(v) == float(by_year[before][c]) for c, v in values.items()):
            flags[year] = SAME_AS_BEFORE
    return flags


def pv_manufacturing_shares(snapshot: Snapshot, header: list[str]) -> Table:
    """One row per step, country and year of the six files: the share as written, what it measures, and a
    flag for a year that repeats the year before or is all zero."""
    rows: list[Row] = []
    for step, path in PV_STEPS.items():
        cells = _cells(step, snapshot.text(path))
        flags = _flags(cells)
        for country, year, value in cells:
            if country not in PV_COUNTRIES:
                raise SnapshotError(f"{path}: unknown country name {country!r} (add it to PV_COUNTRIES)")
            iso3, name = PV_COUNTRIES[country]
            flag = flags.get(year, "")
            notes = [FLAG_NOTES[flag]] if flag else []
            if MEASURES[step] == NOT_STATED:
                notes.append(MODULE_NOTE)
            rows.append(
                {
                    "step": step,
                    "iso3": iso3,
                    "country": name,
                    "country_in_file": country,
                    "year": year,
                    "world_share_pct": value,
                    "measure": MEASURES[step],
                    "year_flag": flag,
                    "source_url": snapshot.url(path),
                    "source": snapshot.cite(path, f"{country}, {year}"),
                    "publisher": PV_PUBLISHER,
                    "source_date": snapshot.last_changed(path),
                    "confidence": "low" if flag else "medium",
                    "confidence_note": "as a time series" if flag else "",
                    "basis": THIRD_PARTY,
                    "note": " ".join(notes),
                }
            )
    return Table(header, rows)


# --- the registry -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Extract:
    """A table built from a repository's latest snapshot by one function."""

    name: str
    repository: Repository
    build: Callable[[Snapshot, list[str]], Table]


EXTRACTS: dict[str, Extract] = {
    e.name: e
    for e in (
        Extract("semiconductor_supply_shares", CSET_CHIP_EXPLORER, semiconductor_supply_shares),
        Extract("pv_manufacturing_shares", NREL_PV_ICE, pv_manufacturing_shares),
    )
}
"""Every table built from another repository's files."""
