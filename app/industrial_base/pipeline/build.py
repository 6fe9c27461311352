"""The derived tables, each rebuilt by one function from the tables it is computed from.

`python -m industrial_base build` writes what these functions return, and the validator's derivation rules
(`rules.py`) compare the stored table with what the same function returns: there is one implementation of each
formula. A function takes the input tables and the stored table (a derived table can hold hand-curated
columns, such as the official comparator of the derived CNY series, or hand-curated rows, such as the official
claims beside the computed world shares) and returns the table as it should be.

Tables computed from others (checked for this issue):

- `china_mva_cny_derived_wdi`: WDI US$ value added × WDI exchange rate (`wdi_mva_usd`, `cny_usd_rate`).
- `china_share_world_mva`, rows with basis `computed`: China ÷ World value added (`wdi_mva_usd`).
- `lg_province_b1b2`: the batch 1–2 province table with planned cities and the XPCC folded into their
  provinces (`lg_province`, names from `provinces`).

Not rebuilt here: the international comparison chart reads `wdi_mva_usd` and `wdi_mva_share_gdp` directly; the
two derived rows of `china_mva_cny_official` (MIIT share × NBS preliminary GDP) use GDP figures that are no
table of the package; the split rows of `clusters_aggregates` restate a published split and are checked by the
rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from industrial_base.pipeline.tables import Row, Table, decimal, fixed, same_cell, table_from_frame
from industrial_base.validation import Issue

if TYPE_CHECKING:
    import pandas as pd

CONFIDENCE_ORDER = ["high", "medium-high", "medium", "low-medium", "low", "n/a"]
MIRROR_PUBLISHER_PREFIX = "World Bank WDI via "
"""Publisher of rows read from a third-party copy of WDI (the API's rows say "World Bank")."""


@dataclass(frozen=True)
class Derivation:
    """A derived table: the tables it reads, the rows it owns (`owns`), their key and the function."""

    name: str
    inputs: tuple[str, ...]
    key: tuple[str, ...]
    build: Callable[[Mapping[str, Table]], Table]
    owns: Callable[[Row], bool] = lambda row: True

    @property
    def function(self) -> str:
        return f"industrial_base.pipeline.build.{self.build.__name__}"


def weakest(*levels: str) -> str:
    """The lowest of several confidence levels: a derived figure is no surer than its least sure input."""
    return max(levels, key=lambda level: CONFIDENCE_ORDER.index(level) if level in CONFIDENCE_ORDER else 0)


def shared_date(*dates: str) -> str:
    """The part of several ISO dates they all share, at year, month or day precision ("2026-10-09" and
    "2026-10-01" share "2026-10")."""
    for length in (10, 7, 4):
        prefixes = {d[:length] for d in dates if d}
        if len(prefixes) == 1 and all(len(d) >= length for d in dates):
            return prefixes.pop()
    return ""


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def month_label(iso: str) -> str:
    """ "2026-10-09" -> "Oct-2026" (the month of a WDI pull, as the derived table's method names it)."""
    return f"{MONTHS[int(iso[5:7]) - 1]}-{iso[:4]}" if len(iso) >= 7 else iso


def inputs_note(*publishers: str) -> str:
    copies = [p.startswith(MIRROR_PUBLISHER_PREFIX) for p in publishers]
    if all(copies):
        return "inputs are third-party copies of WDI"
    if not any(copies):
        return "inputs from the World Bank API"
    return "inputs partly from the World Bank API, partly from third-party copies of WDI"


# --- china_mva_cny_derived_wdi ------------------------------------------------------------------------------

DERIVED_PUBLISHER = "project research (derived; not published by any source)"
CNY_METHOD = (
    "WDI NV.IND.MANF.CD (US$ bn, {pull} pull) x WDI PA.NUS.FCRF (CNY/US$); rounding of the US$ input (3 dp) "
    "gives +/-0.04 (100m yuan)"
)
CNY_NOTE = "Derived from World Bank WDI (NV.IND.MANF.CD x PA.NUS.FCRF); not an official figure."
NO_COMPARATOR = "no official comparator recorded for this year"
HUNDRED_MILLION_PER_BILLION = 10
HUNDRED_MILLION_PER_TRILLION = 10_000


def china_mva_cny_derived_wdi(tables: Mapping[str, Table]) -> Table:
    """CNY value added = WDI US$ value (billion) × CNY per US$, for every year with both.

    In 100 million yuan to 1 decimal, in trillion yuan to 3, and the gap to the official comparator in % to 1
    (from the 100-million value). The comparator and its note are hand-curated and kept from the stored
    table."""
    stored = tables["china_mva_cny_derived_wdi"]
    usd = {r["year"]: r for r in tables["wdi_mva_usd"].rows if r["iso3"] == "CHN" and r["value"]}
    rate = {r["year"]: r for r in tables["cny_usd_rate"].rows if r["cny_per_usd"]}
    curated = {r["year"]: r for r in stored.rows}
    rows: list[Row] = []
    for year in sorted(usd.keys() & rate.keys(), key=int):
        u, k = usd[year], rate[year]
        product = Decimal(u["value"]) * Decimal(k["cny_per_usd"]) * HUNDRED_MILLION_PER_BILLION
        value_100m = fixed(product, 1)
        comparator = curated.get(year, {}).get("official_comparator_100m_cny", "")
        gap = decimal(comparator)
        rows.append(
            {
                "year": year,
                "value_100m_cny": value_100m,
                "value_trillion_cny": fixed(product / HUNDRED_MILLION_PER_TRILLION, 3),
                "method": CNY_METHOD.format(pull=month_label(u["source_date"])),
                "usd_bn": fixed(Decimal(u["value"]), 3),
                "cny_per_usd": fixed(Decimal(k["cny_per_usd"]), 6),
                "official_comparator_100m_cny": comparator,
                "official_comparator_note": curated.get(year, {}).get(
                    "official_comparator_note", NO_COMPARATOR
                ),
                "derived_minus_official_pct": fixed((Decimal(value_100m) - gap) / gap * 100, 1)
                if gap
                else "",
                "source_url": u["source_url"],
                "source": f"USD: {u['source']} ; rate: {k['source']}",
                "publisher": DERIVED_PUBLISHER,
                "source_date": "",
                "confidence": weakest(u["confidence"], k["confidence"]),
                "confidence_note": f"arithmetic exact; {inputs_note(u['publisher'], k['publisher'])}",
                "basis": "derived",
                "note": CNY_NOTE,
            }
        )
    return Table(stored.header, rows)


# --- china_share_world_mva (computed rows) ------------------------------------------------------------------

COMPUTED_PUBLISHER = "project research (computed from World Bank WDI; not published by any source)"
SHARE_NOTE = "NV.IND.MANF.CD China / World, current US$"
BASIS_ORDER = ["computed", "official", "reported", "derived", "compiled", "third-party", "claim"]


REFERENCE = re.compile(r"github:\S+@[0-9a-f]{40}|https?://\S+")


def cite(*sources: str) -> str:
    """Cite several inputs compactly: the reference in each citation ("github:OWNER/REPO:PATH@COMMIT" or its
    first URL), the repository named once when they share one."""
    references = [m.group(0) if (m := REFERENCE.search(s)) else s for s in sources]
    repositories = {r.split(":")[1] if r.startswith("github:") else None for r in references}
    if len(references) > 1 and len(repositories) == 1 and None not in repositories:
        paths = [r.split(":", 2)[2] for r in references]
        return f"github:{repositories.pop()} " + " and ".join(dict.fromkeys(paths))
    return " and ".join(dict.fromkeys(references))


def china_share_world_mva(tables: Mapping[str, Table]) -> Table:
    """China's share of world value added (%, 2 decimals) = CHN ÷ WLD NV.IND.MANF.CD, for every year with
    both; the official and third-party rows of the stored table are kept as they are, each year's rows in
    basis order."""
    stored = tables["china_share_world_mva"]
    usd = tables["wdi_mva_usd"]
    china = {r["year"]: r for r in usd.rows if r["iso3"] == "CHN" and r["value"]}
    world = {r["year"]: r for r in usd.rows if r["iso3"] == "WLD" and r["value"]}
    computed: list[Row] = []
    for year in sorted(china.keys() & world.keys(), key=int):
        c, w = china[year], world[year]
        date = shared_date(c["source_date"], w["source_date"])
        computed.append(
            {
                "year": year,
                "value_pct": fixed(Decimal(c["value"]) / Decimal(w["value"]) * 100, 2),
                "qualifier": "exact",
                "qualifier_text": "exact",
                "basis_detail": f"computed from WDI ({date[:4]} vintage)",
                "source_url": c["source_url"],
                "source": f"computed here: CHN / WLD NV.IND.MANF.CD from {cite(c['source'], w['source'])}",
                "publisher": COMPUTED_PUBLISHER,
                "source_date": date,
                "confidence": weakest(c["confidence"], w["confidence"]),
                "confidence_note": "",
                "basis": "computed",
                "note": SHARE_NOTE,
            }
        )
    kept = [r for r in stored.rows if r["basis"] != "computed"]
    rows = sorted(computed + kept, key=lambda r: (int(r["year"]), BASIS_ORDER.index(r["basis"])))
    return Table(stored.header, rows)


# --- lg_province_b1b2 ---------------------------------------------------------------------------------------

B1B2_SCOPE = "batches 1-2 cumulative (1832)"
ROLLUP_CONFIDENCE_NOTE = "arithmetic on published table"
ROLLUP_NOTE = "Planned cities and XPCC folded into their provinces by the research."


def lg_province_b1b2(tables: Mapping[str, Table]) -> Table:
    """The MIIT batch 1–2 table by province: each province's row plus the planned cities and the XPCC that the
    table lists apart (`province_adcode` says where they belong). A province with folded units is
    `derived`."""
    provinces = {r["adcode"]: r for r in tables["provinces"].rows}
    units = [r for r in tables["lg_province"].rows if r["scope"] == B1B2_SCOPE]
    rows: list[Row] = []
    for adcode in sorted({r["province_adcode"] for r in units}, key=int):
        members = [r for r in units if r["province_adcode"] == adcode]
        own = next(r for r in members if r["area_adcode"] == adcode)
        folded = [r["area_zh"] for r in members if r is not own]
        rows.append(
            {
                "adcode": adcode,
                "province_zh": provinces[adcode]["name_zh_full"],
                "province_en": provinces[adcode]["name_en"],
                "count": str(sum(int(r["count"]) for r in members)),
                "method": "derived: province row + " + " + ".join(folded) if folded else "as published",
                "scope": own["scope"],
                "as_of": own["as_of"],
                "source_url": own["source_url"],
                "source": own["source"],
                "publisher": own["publisher"],
                "source_date": own["source_date"],
                "confidence": own["confidence"],
                "confidence_note": ROLLUP_CONFIDENCE_NOTE,
                "basis": "derived" if folded else "official",
                "note": ROLLUP_NOTE if folded else "",
            }
        )
    return Table(tables["lg_province_b1b2"].header, rows)


DERIVED: dict[str, Derivation] = {
    d.name: d
    for d in (
        Derivation(
            "china_mva_cny_derived_wdi", ("wdi_mva_usd", "cny_usd_rate"), ("year",), china_mva_cny_derived_wdi
        ),
        Derivation(
            "china_share_world_mva",
            ("wdi_mva_usd",),
            ("year",),
            china_share_world_mva,
            owns=lambda row: row["basis"] == "computed",
        ),
        Derivation("lg_province_b1b2", ("lg_province", "provinces"), ("adcode",), lg_province_b1b2),
    )
}
"""Every derived table, in build order (none reads another derived table)."""


def rebuild(derivation: Derivation, tables: Mapping[str, Table]) -> Table:
    return derivation.build({name: tables[name] for name in (derivation.name, *derivation.inputs)})


def derivation_issues(name: str, frames: Mapping[str, pd.DataFrame], file: str) -> list[Issue]:
    """Compare a stored derived table with what its build function returns from the stored inputs: every row
    it owns must be there, with the same cells; it must own no other row."""
    derivation = DERIVED[name]
    stored = table_from_frame(frames[name])
    built = rebuild(derivation, {n: table_from_frame(frames[n]) for n in (name, *derivation.inputs)})
    inputs = " and ".join(derivation.inputs)
    hint = f"(rebuilt from {inputs} by {derivation.function}; run `python -m industrial_base build`)"
    expected = {tuple(r[c] for c in derivation.key): r for r in built.rows if derivation.owns(r)}
    issues: list[Issue] = []
    seen: set[tuple[str, ...]] = set()
    for index, row in enumerate(stored.rows):
        if not derivation.owns(row):
            continue
        key = tuple(row[c] for c in derivation.key)
        seen.add(key)
        line = stored.line_of(index)
        want = expected.get(key)
        if want is None:
            issues.append(
                Issue(
                    file, "derivation", f"no such row follows from the inputs {hint}", line=line, value=key[0]
                )
            )
            continue
        for column in stored.header:
            if not same_cell(row[column], want[column]):
                issues.append(
                    Issue(
                        file,
                        "derivation",
                        f"should be {want[column]!r} {hint}",
                        line=line,
                        column=column,
                        value=row[column],
                    )
                )
    for key in expected.keys() - seen:
        issues.append(
            Issue(
                file,
                "derivation",
                f"the row for {', '.join(key)} is missing {hint}",
                column=derivation.key[0],
            )
        )
    return issues
