"""Import the research CSVs into the standardised tidy tables in ``data/``.

After the import, ``data/`` is the source of truth: the app and the validator read ``data/`` and
``data/datapackage.json`` only, and corrections are made there (or in the research files, followed by a
re-run).
This script documents how each table was derived from ``../shared/research/data/*.csv`` and is kept so that
the derivation can be repeated and reviewed.

Rules applied (see ``docs/data-conventions.md``):

* Every research row is kept; conflicting sources stay as separate rows.
* Text is copied exactly (CSV read with ``dtype=str`` and ``keep_default_na=False``); no number is
  estimated or filled in. Values nobody published stay empty and the row carries a ``status``.
* Provenance columns are appended to every table: ``source_url`` (first http(s) URL or GitHub reference in
  the research ``source``), ``source`` (the research citation, references separated by `` ; ``),
  ``publisher``, ``source_date`` (first ISO date in the research date column), ``confidence`` /
  ``confidence_note`` (the research rating split into level and qualifier), ``basis`` and ``note``.
* Where the research gives no publisher, ``publisher`` is the research ``source_type`` and/or the web site
  or repository named in the source. ``basis`` is assigned by the explicit rules in each ``build_*`` function.
* ``sector_id`` values come from the hand-written ``data/sector_map.csv``; ``sectors.csv`` and
  ``sector_map.csv`` are not written by this script.
* A few figures recorded only in the research README ("Further official points (not in the CSVs)") are
  added as constants below, with the URLs the README gives.

Usage: ``python tools/import_research.py [--research DIR] [--out DIR]`` (run from the repository root).
Running it twice gives byte-identical output.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

Row = dict[str, str]

PROVENANCE = [
    "source_url",
    "source",
    "publisher",
    "source_date",
    "confidence",
    "confidence_note",
    "basis",
    "note",
]
CONFIDENCE_LEVELS = ("medium-high", "low-medium", "high", "medium", "low", "n/a")
DERIVED_PUBLISHER = "project research (derived; not published by any source)"

URL_RE = re.compile(r"https?://[^\s;|]+")
GITHUB_RE = re.compile(r"github:([\w.-]+/[\w.-]+)[: ]([^\s@;|]+)@([0-9a-f]{40})")
DATE_RE = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?(?!\d)")
NUMBER_RE = re.compile(r"^(>|<|~)?\s*(\d[\d,]*(?:\.\d+)?)(\+)?$")


# ---------------------------------------------------------------------------------------------------------
# helpers


def read(research: Path, name: str) -> pd.DataFrame:
    """Read one research CSV with every cell kept as exact text."""
    return pd.read_csv(research / name, dtype=str, keep_default_na=False, encoding="utf-8")


def records(df: pd.DataFrame) -> list[Row]:
    return [{str(k): str(v) for k, v in rec.items()} for rec in df.to_dict(orient="records")]


def _github_url(match: re.Match[str]) -> str:
    repo, path, commit = match.group(1), match.group(2), match.group(3)
    return f"https://github.com/{repo}/blob/{commit}/{path}"


def first_url(source: str) -> str:
    """First http(s) URL or GitHub file reference in a research citation, as a clickable URL."""
    candidates: list[tuple[int, str]] = []
    url = URL_RE.search(source)
    if url:
        candidates.append((url.start(), url.group(0).rstrip(".,)")))
    gh = GITHUB_RE.search(source)
    if gh:
        candidates.append((gh.start(), _github_url(gh)))
    return min(candidates)[1] if candidates else ""


def github_repo(source: str) -> str:
    gh = GITHUB_RE.search(source)
    return gh.group(1) if gh else ""


def normalise_source(source: str) -> str:
    """Keep the research citation; separate references with ' ; ' as the conventions require."""
    return source.replace(" | ", " ; ").strip()


def site(url: str) -> str:
    host = urlparse(url).netloc.lower()
    for prefix in ("www.", "m."):
        if host.startswith(prefix):
            host = host[len(prefix) :]
    return host


def split_confidence(raw: str) -> tuple[str, str]:
    """'medium-high (arithmetic exact; ...)' -> ('medium-high', 'arithmetic exact; ...')."""
    text = raw.strip()
    for level in CONFIDENCE_LEVELS:
        if text == level:
            return level, ""
        if text.startswith(level + " ") or text.startswith(level + "("):
            rest = text[len(level) :].strip()
            if rest.startswith("(") and rest.endswith(")") and rest.count("(") == 1:
                rest = rest[1:-1].strip()
            return level, rest
    if text:
        raise ValueError(f"unrecognised confidence: {raw!r}")
    return "", ""


def iso_date(text: str) -> str:
    """First ISO date (YYYY, YYYY-MM or YYYY-MM-DD) in a research date field, or ''."""
    match = DATE_RE.search(text)
    if not match:
        return ""
    return "-".join(part for part in match.groups() if part)


def date_note(raw: str, iso: str) -> str:
    """Keep the research's wording of a date when it says more than the ISO value."""
    raw = raw.strip()
    return f"Date as recorded: {raw}." if raw and raw != iso else ""


def join_notes(*parts: str) -> str:
    """Join note fragments into sentences ('a', 'b' -> 'a. b')."""
    kept = [p.strip() for p in parts if p and p.strip()]
    return " ".join(p if i == len(kept) - 1 or p[-1] in ".!?" else p + "." for i, p in enumerate(kept))


def parse_number(text: str) -> tuple[str, str]:
    """'106' -> ('106', 'exact'); '>90' -> ('90', 'more than'); '1700+' -> ('1700', 'more than').

    Anything that is not a single number (ranges, lists, words) returns ('', '').
    """
    match = NUMBER_RE.match(text.strip())
    if not match:
        return "", ""
    prefix, number, plus = match.groups()
    number = number.replace(",", "")
    if prefix == ">" or plus:
        return number, "more than"
    if prefix == "<":
        return number, "less than"
    if prefix == "~":
        return number, "about"
    return number, "exact"


def provenance(
    source: str,
    publisher: str,
    source_date: str,
    confidence: str,
    basis: str,
    note: str,
    extra_confidence_note: str = "",
) -> Row:
    level, conf_note = split_confidence(confidence)
    src = normalise_source(source)
    return {
        "source_url": first_url(src),
        "source": src,
        "publisher": publisher.strip(),
        "source_date": source_date,
        "confidence": level,
        "confidence_note": join_notes(conf_note, extra_confidence_note),
        "basis": basis,
        "note": note.strip(),
    }


def write(out: Path, name: str, columns: list[str], rows: Iterable[Row]) -> int:
    path = out / f"{name}.csv"
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(columns)
        for row in rows:
            missing = set(columns) - row.keys()
            extra = row.keys() - set(columns)
            if missing or extra:
                raise KeyError(f"{name}: missing {sorted(missing)}, unexpected {sorted(extra)}")
            writer.writerow([row[c] for c in columns])
            count += 1
    print(f"wrote {path} ({count} rows)")
    return count


class SectorMap:
    """Lookup of data/sector_map.csv (hand-written)."""

    def __init__(self, path: Path) -> None:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        self._map = {(r["scheme"], r["native_category"]): r["sector_id"] for r in records(df)}

    def __call__(self, scheme: str, native: str) -> str:
        try:
            return self._map[(scheme, native)]
        except KeyError as exc:
            raise KeyError(f"sector_map.csv has no row for scheme={scheme!r} native={native!r}") from exc


# ---------------------------------------------------------------------------------------------------------
# value added

MVA_OFFICIAL_COLUMNS = [
    "research_file",
    "year",
    "value_trillion_cny",
    "value_100m_cny",
    "precision",
    "vintage",
    "statement",
    "method",
    *PROVENANCE,
]

# Basis of each point in china_mfg_value_added_cny_nbs.csv (the file has no basis column). "official" = a
# statement by MIIT/NBS officials (press conference), even when read from a reprint; "reported" = an official
# figure known only from a secondary report or a third-party copy (book, portal, dataset scrape, news).
NBS_POINT_BASIS = {
    "2012": "official",  # MIIT ministers / Wang Wei at press conferences
    "2017": "reported",  # China Daily investment portal citing official data
    "2019": "reported",  # NBS data quoted in a book
    "2021": "reported",  # NBS data portal as scraped in a HuggingFace dataset
    "2022": "official",  # NBS commissioner Kang Yi, SCIO press conference
    "2024": "official",  # MIIT minister Li Lecheng, SCIO
    "2025": "reported",  # NBS release as reported by etnet
}
MVA_BASIS = {"official": "official", "official (reported)": "reported", "derived": "derived"}


def build_mva_official(research: Path) -> list[Row]:
    rows: list[Row] = []
    name = "china_mfg_value_added_cny"
    for r in records(read(research, f"{name}.csv")):
        basis = MVA_BASIS[r["basis"]]
        derived = basis == "derived"
        src_date = iso_date(r["statement_date"])
        rows.append(
            {
                "research_file": name,
                "year": r["year"],
                "value_trillion_cny": r["value_added_trillion_cny"],
                "value_100m_cny": "",
                "precision": "",
                "vintage": "",
                "statement": r["statement"],
                "method": r["publisher"] if derived else "",
                **provenance(
                    r["source"],
                    DERIVED_PUBLISHER if derived else r["publisher"],
                    src_date,
                    r["confidence"],
                    basis,
                    join_notes(r["note"], date_note(r["statement_date"], src_date)),
                ),
            }
        )
    name = "china_mfg_value_added_cny_nbs"
    for r in records(read(research, f"{name}.csv")):
        src_date = iso_date(r["statement_date"])
        rows.append(
            {
                "research_file": name,
                "year": r["year"],
                "value_trillion_cny": r["value_trillion_cny"],
                "value_100m_cny": r["value_100m_cny"],
                "precision": r["precision"],
                "vintage": r["vintage"],
                "statement": r["statement"],
                "method": "",
                **provenance(
                    r["source"],
                    r["publisher"],
                    src_date,
                    r["confidence"],
                    NBS_POINT_BASIS[r["year"]],
                    join_notes(r["note"], date_note(r["statement_date"], src_date)),
                ),
            }
        )
    return rows


MVA_DERIVED_COLUMNS = [
    "year",
    "value_100m_cny",
    "value_trillion_cny",
    "method",
    "usd_bn",
    "cny_per_usd",
    "official_comparator_100m_cny",
    "official_comparator_note",
    "derived_minus_official_pct",
    *PROVENANCE,
]


def build_mva_derived(research: Path) -> list[Row]:
    rows: list[Row] = []
    for r in records(read(research, "china_mfg_value_added_cny_derived.csv")):
        if r["basis"] != "derived":
            raise ValueError(f"unexpected basis {r['basis']!r}")
        rows.append(
            {
                "year": r["year"],
                "value_100m_cny": r["derived_value_100m_cny"],
                "value_trillion_cny": r["derived_value_trillion_cny"],
                "method": r["method"],
                "usd_bn": r["usd_bn"],
                "cny_per_usd": r["cny_per_usd"],
                "official_comparator_100m_cny": r["official_comparator_100m_cny"],
                "official_comparator_note": r["official_comparator_note"],
                "derived_minus_official_pct": r["derived_minus_official_pct"],
                **provenance(
                    r["source"],
                    DERIVED_PUBLISHER,
                    "",
                    r["confidence"],
                    "derived",
                    "Derived from World Bank WDI (NV.IND.MANF.CD x PA.NUS.FCRF); not an official figure.",
                ),
            }
        )
    return rows


RATE_COLUMNS = ["year", "cny_per_usd", "indicator", "definition", "vintage", *PROVENANCE]


def wdi_publisher(source: str) -> str:
    repo = github_repo(source)
    return f"World Bank WDI via GitHub {repo}" if repo else "World Bank WDI"


def build_rate(research: Path) -> list[Row]:
    rows: list[Row] = []
    for r in records(read(research, "china_cny_usd_rate.csv")):
        rows.append(
            {
                "year": r["year"],
                "cny_per_usd": r["cny_per_usd"],
                "indicator": r["indicator"],
                "definition": r["definition"],
                "vintage": r["vintage"],
                **provenance(
                    r["source"],
                    wdi_publisher(r["source"]),
                    iso_date(r["vintage"]),
                    r["confidence"],
                    "third-party",
                    r["note"],
                ),
            }
        )
    return rows


SHARE_GDP_COLUMNS = ["year", "period", "value_pct", "qualifier", "qualifier_text", "status", *PROVENANCE]
QUALIFIERS = {"exact": "exact", "approx (约)": "about", "qualitative only": ""}
NO_RATING = "no confidence rating assigned by the research (README, 'Further official points')"

# research/README.md, "Further official points (not in the CSVs)": official figures recorded in
# value_added.md ("Follow-up") but not merged into the research CSVs. Values and URLs exactly as given there.
FURTHER_SHARE_GDP: list[Row] = [
    {
        "year": "2021",
        "period": "year",
        "value_pct": "27.4",
        "source": "https://gpsjsy.com/2193.html",
        "publisher": "People's Daily (via gpsjsy.com)",
        "source_date": "",
        "note": "From research README 'Further official points (not in the CSVs)'; a reprint. "
        "Statement date not recorded by the research.",
    },
    {
        "year": "2025",
        "period": "H1",
        "value_pct": "25.7",
        "source": "https://reportify.cn/news/1143824008769310720",
        "publisher": "People's Daily (via reportify.cn)",
        "source_date": "2025-07-19",
        "note": "First half of 2025 only, not a full-year share. From research README 'Further official "
        "points (not in the CSVs)'; a reprint.",
    },
]


def build_share_gdp(research: Path) -> list[Row]:
    rows: list[Row] = []
    for r in records(read(research, "china_mfg_share_of_gdp_official_pct.csv")):
        value = r["manufacturing_share_of_gdp_pct"]
        src_date = iso_date(r["statement_date"])
        basis = "reported" if "reported" in r["basis"] else "official"
        rows.append(
            {
                "year": r["year"],
                "period": "year",
                "value_pct": value,
                "qualifier": QUALIFIERS[r["qualifier"]],
                "qualifier_text": r["qualifier"],
                "status": "" if value else "not published",
                **provenance(
                    r["source"],
                    r["publisher"],
                    src_date,
                    r["confidence"],
                    basis,
                    join_notes(r["note"], date_note(r["statement_date"], src_date)),
                ),
            }
        )
    for f in FURTHER_SHARE_GDP:
        rows.append(
            {
                "year": f["year"],
                "period": f["period"],
                "value_pct": f["value_pct"],
                "qualifier": "exact",
                "qualifier_text": "",
                "status": "",
                **provenance(
                    f["source"], f["publisher"], f["source_date"], "", "official", f["note"], NO_RATING
                ),
            }
        )
    rows.sort(key=lambda x: (x["year"], x["period"] != "year", x["period"]))
    return rows


SHARE_WORLD_COLUMNS = ["year", "value_pct", "qualifier", "qualifier_text", "basis_detail", *PROVENANCE]


def share_world_basis(text: str) -> str:
    if text.startswith("computed"):
        return "computed"
    if text.startswith("third-party"):
        return "third-party"
    if "reported" in text:
        return "reported"
    if text.startswith("official"):
        return "official"
    raise ValueError(f"unexpected basis {text!r}")


def share_world_qualifier(text: str) -> str:
    if text == "exact":
        return "exact"
    if text.startswith("more than"):
        return "more than"
    if text.startswith("approx"):
        return "about"
    raise ValueError(f"unexpected qualifier {text!r}")


def build_share_world(research: Path) -> list[Row]:
    rows: list[Row] = []
    for r in records(read(research, "china_share_of_world_mva_pct.csv")):
        src_date = iso_date(r["statement_date"])
        rows.append(
            {
                "year": r["year"],
                "value_pct": r["share_of_world_mva_pct"],
                "qualifier": share_world_qualifier(r["qualifier"]),
                "qualifier_text": r["qualifier"],
                "basis_detail": r["basis"],
                **provenance(
                    r["source"],
                    r["publisher"],
                    src_date,
                    r["confidence"],
                    share_world_basis(r["basis"]),
                    join_notes(r["note"], date_note(r["statement_date"], src_date)),
                ),
            }
        )
    # research/README.md "Further official points": 2022 share 30.2% (NBS 75-year report, citing the World
    # Bank). The report's date (2024-09-10) is the statement_date that china_mfg_composition.csv records for
    # the same page.
    rows.append(
        {
            "year": "2022",
            "value_pct": "30.2",
            "qualifier": "exact",
            "qualifier_text": "",
            "basis_detail": "official claim citing World Bank",
            **provenance(
                "http://zonecy.com/szb/pc/col/202409/11/content_250302.html",
                "NBS 75-year report (citing the World Bank)",
                "2024-09-10",
                "",
                "official",
                "From research README 'Further official points (not in the CSVs)'; a reprint. Source date "
                "taken from china_mfg_composition.csv, which cites the same page.",
                NO_RATING,
            ),
        }
    )
    order = {"computed": 0, "official": 1, "reported": 2, "third-party": 3}
    rows.sort(key=lambda x: (x["year"], order[x["basis"]]))
    return rows


COMPOSITION_COLUMNS = ["year", "indicator", "value_pct", "definition", *PROVENANCE]


def build_composition(research: Path) -> list[Row]:
    rows: list[Row] = []
    for r in records(read(research, "china_mfg_composition.csv")):
        if r["indicator"].startswith("NV.MNF."):
            basis = "third-party"  # UNIDO/World Bank
        elif "(derived" in r["basis"]:
            basis = "derived"  # research: stated value plus/minus a stated change in percentage points
        elif "(reported)" in r["publisher"]:
            basis = "reported"
        else:
            basis = "official"
        src_date = iso_date(r["statement_date"])
        rows.append(
            {
                "year": r["year"],
                "indicator": r["indicator"],
                "value_pct": r["value_pct"],
                "definition": r["basis"],
                **provenance(
                    r["source"],
                    r["publisher"],
                    src_date,
                    r["confidence"],
                    basis,
                    join_notes(r["note"], date_note(r["statement_date"], src_date)),
                ),
            }
        )
    rows.sort(key=lambda x: (x["indicator"], x["year"]))
    return rows


WDI_COLUMNS = ["iso3", "country", "year", "indicator", "value", "wdi_vintage", "status", *PROVENANCE]

# Years absent from the WDI pull, documented in value_added.md ("International comparison: coverage") and
# in the research notes on the last available rows. Kept as rows with an empty value and a status.
WDI_GAPS = {
    "NV.IND.MANF.CD": [("USA", ["2022", "2023", "2024", "2025"]), ("JPN", ["2025"]), ("WLD", ["2025"])],
    "NV.IND.MANF.ZS": [("USA", ["2022", "2023", "2024", "2025"]), ("JPN", ["2025"])],
}


def build_wdi(research: Path, name: str, value_col: str, indicator: str) -> list[Row]:
    rows: list[Row] = []
    recs = records(read(research, name))
    for r in recs:
        rows.append(
            {
                "iso3": r["iso3"],
                "country": r["country"],
                "year": r["year"],
                "indicator": r["indicator"],
                "value": r[value_col],
                "wdi_vintage": r["wdi_vintage"],
                "status": "",
                **provenance(
                    r["source"],
                    wdi_publisher(r["source"]),
                    iso_date(r["wdi_vintage"]),
                    r["confidence"],
                    "third-party",
                    r["note"],
                ),
            }
        )
    for iso3, years in WDI_GAPS[indicator]:
        last = max((r for r in recs if r["iso3"] == iso3), key=lambda r: r["year"])
        for year in years:
            if any(r["iso3"] == iso3 and r["year"] == year for r in recs):
                raise ValueError(f"{name}: gap row {iso3} {year} now has data")
            rows.append(
                {
                    "iso3": iso3,
                    "country": last["country"],
                    "year": year,
                    "indicator": last["indicator"],
                    "value": "",
                    "wdi_vintage": last["wdi_vintage"],
                    "status": "not published",
                    **provenance(
                        last["source"],
                        wdi_publisher(last["source"]),
                        iso_date(last["wdi_vintage"]),
                        "n/a",
                        "third-party",
                        "No value for this year in this WDI pull (value_added.md, 'International comparison: "
                        "coverage'). Not estimated.",
                    ),
                }
            )
    rows.sort(key=lambda x: (x["iso3"], x["year"]))
    return rows


WDI_VINTAGE_COLUMNS = ["iso3", "country", "year", "indicator", "value", "unit", "wdi_vintage", *PROVENANCE]


def build_wdi_vintages(research: Path) -> list[Row]:
    rows: list[Row] = []
    for r in records(read(research, "wdi_vintage_comparison.csv")):
        usd, share = r["value_added_billion_current_usd"], r["manufacturing_share_of_gdp_pct"]
        if bool(usd) == bool(share):
            raise ValueError(f"expected exactly one value: {r}")
        rated = github_repo(r["source"]) == "commonsphere1-sketch/commonsphere"
        notes = []
        if "3 significant figures" in r["source"]:
            notes.append("Values re-saved at 3 significant figures in this copy.")
        rows.append(
            {
                "iso3": r["iso3"],
                "country": r["country"],
                "year": r["year"],
                "indicator": r["indicator"],
                "value": usd or share,
                "unit": "billion current US$" if usd else "% of GDP",
                "wdi_vintage": r["wdi_vintage"],
                **provenance(
                    r["source"],
                    wdi_publisher(r["source"]),
                    iso_date(r["wdi_vintage"]) or iso_date(r["source"]),
                    "medium-high" if rated else "",
                    "third-party",
                    join_notes(*notes),
                    "rating of this WDI copy from value_added.md ('Confidence')"
                    if rated
                    else "not rated by the research (the CSV has no confidence column)",
                ),
            }
        )
    rows.sort(key=lambda x: (x["iso3"], x["indicator"], x["year"], x["wdi_vintage"]))
    return rows


# ---------------------------------------------------------------------------------------------------------
# little giants


def lg_publisher(source_type: str, source: str) -> str:
    """No publisher column in the little-giant files: use the research source_type and the site."""
    url = first_url(source)
    host = site(url) if url else ""
    if source_type and host:
        return f"{source_type} ({host})"
    return source_type or host


def lg_date(source_type: str, fallback: str) -> str:
    """The source's own date when source_type gives a full date (YYYY-MM-DD), else the row's date column.

    Only full dates count in source_type: bare years there are report titles or document numbers.
    """
    own = iso_date(source_type)
    return own if len(own) == 10 else iso_date(fallback)


LG_BATCH_COLUMNS = [
    "batch",
    "year",
    "count_type",
    "count",
    "date",
    "date_meaning",
    "document",
    "source_type",
    *PROVENANCE,
]
LG_BATCH_BASIS = {"announced_final": "official", "publicity": "official", "publicity_compiled": "compiled"}


def build_lg_batches(research: Path) -> list[Row]:
    rows: list[Row] = []
    for r in records(read(research, "little_giants_batches.csv")):
        rows.append(
            {
                "batch": r["batch"],
                "year": r["year"],
                "count_type": r["count_type"],
                "count": r["count"],
                "date": r["date"],
                "date_meaning": r["date_meaning"],
                "document": r["document"],
                "source_type": r["source_type"],
                **provenance(
                    r["source"],
                    lg_publisher(r["source_type"], r["source"]),
                    lg_date(r["source_type"], r["date"]),
                    r["confidence"],
                    LG_BATCH_BASIS[r["count_type"]],
                    r["note"],
                ),
            }
        )
    return rows


LG_REVIEW_COLUMNS = ["reviewed_batch", "review_year", "passed", "pass_rate_pct", "source_type", *PROVENANCE]


def build_lg_reviews(research: Path) -> list[Row]:
    rows: list[Row] = []
    for r in records(read(research, "little_giants_reviews.csv")):
        # official only where the source is a repost of the MIIT notice itself
        basis = "official" if "repost of 工信部" in r["source_type"] else "reported"
        rows.append(
            {
                "reviewed_batch": r["reviewed_batch"],
                "review_year": r["review_year"],
                "passed": r["passed"],
                "pass_rate_pct": r["pass_rate_pct"],
                "source_type": r["source_type"],
                **provenance(
                    r["source"],
                    lg_publisher(r["source_type"], r["source"]),
                    lg_date(r["source_type"], ""),
                    r["confidence"],
                    basis,
                    r["note"],
                ),
            }
        )
    return rows


LG_CUMULATIVE_COLUMNS = ["as_of", "cumulative", "qualifier", "source_type", *PROVENANCE]


def build_lg_cumulative(research: Path) -> list[Row]:
    rows: list[Row] = []
    for r in records(read(research, "little_giants_cumulative.csv")):
        official = any(k in r["stated_by"] for k in ("MIIT", "SCIO"))
        rows.append(
            {
                "as_of": r["as_of"],
                "cumulative": r["cumulative"],
                "qualifier": r["qualifier"],
                "source_type": r["source_type"],
                **provenance(
                    r["source"],
                    r["stated_by"],
                    iso_date(r["as_of"]),
                    r["confidence"],
                    # the >12,000 figure is a research institute's count after the batch-5 publicity lists
                    "official" if official else "compiled",
                    r["note"],
                ),
            }
        )
    return rows


LG_PROVINCE_COLUMNS = [
    "scope",
    "as_of",
    "area_zh",
    "area_en",
    "area_type",
    "area_adcode",
    "province_adcode",
    "count",
    "source_type",
    *PROVENANCE,
]


def lg_province_basis(r: Row) -> str:
    if "MIIT" in r["source_type"]:
        return "official"
    if "academic paper" in r["source_type"]:
        return "third-party"
    if "publicity" in r["scope"] or "publicity lists" in r["source_type"]:
        return "compiled"
    return "reported"


def build_lg_province(research: Path) -> list[Row]:
    rows: list[Row] = []
    for r in records(read(research, "little_giants_province.csv")):
        rows.append(
            {
                "scope": r["scope"],
                "as_of": r["as_of"],
                "area_zh": r["area_zh"],
                "area_en": r["area_en"],
                "area_type": r["area_type"],
                "area_adcode": r["area_adcode"],
                "province_adcode": r["province_adcode"],
                "count": r["count"],
                "source_type": r["source_type"],
                **provenance(
                    r["source"],
                    lg_publisher(r["source_type"], r["source"]),
                    lg_date(r["source_type"], r["as_of"]),
                    r["confidence"],
                    lg_province_basis(r),
                    r["note"],
                ),
            }
        )
    return rows


LG_B1B2_COLUMNS = ["adcode", "province_zh", "province_en", "count", "method", "scope", "as_of", *PROVENANCE]


def build_lg_b1b2(research: Path) -> list[Row]:
    # the rollup file has no source_type; reuse the one little_giants_province.csv gives for the same page
    types = {r["source"]: r["source_type"] for r in records(read(research, "little_giants_province.csv"))}
    rows: list[Row] = []
    for r in records(read(research, "little_giants_province_b1b2_rollup.csv")):
        derived = r["method"].startswith("derived")
        rows.append(
            {
                "adcode": r["adcode"],
                "province_zh": r["province_zh"],
                "province_en": r["province_en"],
                "count": r["count"],
                "method": r["method"],
                "scope": r["scope"],
                "as_of": r["as_of"],
                **provenance(
                    r["source"],
                    lg_publisher(types.get(r["source"], ""), r["source"]),
                    iso_date(r["as_of"]),
                    r["confidence"],
                    "derived" if derived else "official",
                    "Planned cities and XPCC folded into their provinces by the research." if derived else "",
                ),
            }
        )
    rows.sort(key=lambda x: int(x["adcode"]))
    return rows


LG_REGION_COLUMNS = [
    "scope",
    "as_of",
    "region_scheme",
    "region",
    "count",
    "share_pct",
    "status",
    "source_type",
    *PROVENANCE,
]
# little_giants.md §3 calls the 4,762 and 8,997 four-region splits official; batch 3 is a forum repost
# of a news report; the batch-5 split is a consultancy's own grouping (low confidence).
LG_REGION_BASIS = {
    "cumulative batches 1-3": "official",
    "cumulative after batch 4": "official",
    "batch 3": "reported",
    "batch 5 (publicity)": "third-party",
}


def build_lg_regions(research: Path) -> list[Row]:
    rows: list[Row] = []
    for r in records(read(research, "little_giants_regions.csv")):
        rows.append(
            {
                "scope": r["scope"],
                "as_of": r["as_of"],
                "region_scheme": r["region_scheme"],
                "region": r["region"],
                "count": r["count"],
                "share_pct": r["share_pct"],
                "status": "" if r["count"] else "not published",
                "source_type": r["source_type"],
                **provenance(
                    r["source"],
                    lg_publisher(r["source_type"], r["source"]),
                    lg_date(r["source_type"], r["as_of"]),
                    r["confidence"],
                    LG_REGION_BASIS[r["scope"]],
                    join_notes(r["note"], "" if r["count"] else "Only a share was given; no count."),
                ),
            }
        )
    return rows


LG_CITY_COLUMNS = ["scope", "as_of", "city", "count", "rank", "source_type", *PROVENANCE]


def build_lg_cities(research: Path) -> list[Row]:
    rows: list[Row] = []
    for r in records(read(research, "little_giants_cities.csv")):
        rows.append(
            {
                "scope": r["scope"],
                "as_of": r["as_of"],
                "city": r["city"],
                "count": r["count"],
                "rank": r["rank"],
                "source_type": r["source_type"],
                **provenance(
                    r["source"],
                    lg_publisher(r["source_type"], r["source"]),
                    lg_date(r["source_type"], r["as_of"]),
                    r["confidence"],
                    "official" if "MIIT" in r["source_type"] else "compiled",
                    r["note"],
                ),
            }
        )
    return rows


LG_INDUSTRY_COLUMNS = [
    "scope",
    "as_of",
    "classification",
    "category",
    "sector_id",
    "count",
    "share_pct",
    "share_qualifier",
    "source_type",
    *PROVENANCE,
]
# classifications that describe firm characteristics rather than an industry: no sector_id
NON_SECTOR_CLASSIFICATIONS = {"MIIT characteristic", "GB/T 4754 division coverage"}


def build_lg_industry(research: Path, sectors: SectorMap) -> list[Row]:
    rows: list[Row] = []
    for r in records(read(research, "little_giants_industry.csv")):
        if r["classification"] in NON_SECTOR_CLASSIFICATIONS:
            sector = ""
        else:
            sector = sectors("lg_industry_category", r["category"])
        if r["classification"].startswith("GB/T 4754"):
            basis = "third-party"  # firm-registry tagging (Tianyancha, 企查查) or a consultancy count
        elif "gmw.cn" in r["source"]:
            basis = "official"  # SCIO press conference, MIIT vice-minister
        else:
            basis = "reported"
        rows.append(
            {
                "scope": r["scope"],
                "as_of": r["as_of"],
                "classification": r["classification"],
                "category": r["category"],
                "sector_id": sector,
                "count": r["count"],
                "share_pct": r["share_pct"],
                "share_qualifier": r["share_qualifier"],
                "source_type": r["source_type"],
                **provenance(
                    r["source"],
                    lg_publisher(r["source_type"], r["source"]),
                    lg_date(r["source_type"], r["as_of"]),
                    r["confidence"],
                    basis,
                    r["note"],
                ),
            }
        )
    return rows


LG_KEY_COLUMNS = ["programme", "batch", "publicity_date", "count", "source_type", *PROVENANCE]


def build_lg_key_support(research: Path) -> list[Row]:
    rows: list[Row] = []
    for r in records(read(research, "little_giants_key_support_batches.csv")):
        rows.append(
            {
                "programme": r["program"],
                "batch": r["batch"],
                "publicity_date": r["publicity_date"],
                "count": r["count"],
                "source_type": r["source_type"],
                **provenance(
                    r["source"],
                    lg_publisher(r["source_type"], r["source"]),
                    lg_date(r["source_type"], r["publicity_date"]),
                    r["confidence"],
                    "reported",
                    join_notes(
                        r["note"],
                        "A subset of little giants selected for central fiscal support, not new "
                        "designations: never add to batch totals.",
                    ),
                ),
            }
        )
    return rows


# ---------------------------------------------------------------------------------------------------------
# clusters

CLUSTER_COLUMNS = [
    "cluster_id",
    "cohort",
    "list_no",
    "name_zh",
    "name_en_unofficial",
    "announced",
    "round",
    "cities",
    "province_or_region",
    "province_adcode",
    "field_inferred",
    "field_basis",
    "sector_id",
    "name_status",
    "status",
    *PROVENANCE,
]
UNNAMED_2024 = "(其余14个集群名称未找到)"


def province_names(research: Path) -> dict[str, str]:
    """English province name -> adcode, from the research rollup (31 provinces)."""
    return {
        r["province_en"]: r["adcode"]
        for r in records(read(research, "little_giants_province_b1b2_rollup.csv"))
    }


def provinces_in(text: str, names: dict[str, str]) -> list[str]:
    found = [(m.start(), n) for n in names for m in re.finditer(rf"\b{re.escape(n)}\b", text)]
    ordered: list[str] = []
    for _, n in sorted(found):
        if n not in ordered:
            ordered.append(n)
    return ordered


def cluster_basis(confidence: str) -> str:
    level, _ = split_confidence(confidence)
    # high = name quoted in a provincial / People's Daily-type report of the MIIT list; medium/low = from a
    # commentary or a secondary report (clusters_products.md, "Confidence of the names")
    by_level = {"high": "official", "medium-high": "official", "medium": "reported", "low": "reported"}
    return by_level.get(level, "")


def build_clusters(research: Path, sectors: SectorMap) -> list[Row]:
    names = province_names(research)
    rows: list[Row] = []
    for r in records(read(research, "clusters_national_2021_2022.csv")):
        missing = r["name_status"] == "NOT FOUND"
        matched = provinces_in(r["province_or_region"], names)
        adcode = names[matched[0]] if len(matched) == 1 and "cross" not in r["province_or_region"] else ""
        rows.append(
            {
                "cluster_id": f"c45-{int(r['id']):02d}",
                "cohort": r["announced"][:4],
                "list_no": r["id"],
                "name_zh": "" if missing else r["cluster_name_zh"],
                "name_en_unofficial": "" if missing else r["cluster_name_en_unofficial"],
                "announced": r["announced"],
                "round": r["round"],
                "cities": r["cities"],
                "province_or_region": r["province_or_region"],
                "province_adcode": adcode,
                "field_inferred": r["field_inferred"],
                "field_basis": "inferred (unofficial)",
                "sector_id": sectors("cluster_field_inferred", r["field_inferred"]),
                "name_status": r["name_status"],
                "status": "not found" if missing else "",
                **provenance(
                    r["source"],
                    site(first_url(r["source"])),
                    iso_date(r["announced"]),
                    r["confidence"],
                    # an unnamed cluster's existence comes from the gotohui/zngk per-province tallies
                    "compiled" if missing else cluster_basis(r["confidence"]),
                    join_notes(
                        f"Research placeholder: {r['cluster_name_zh']} / {r['cluster_name_en_unofficial']}."
                        if missing
                        else "",
                        r["notes"],
                    ),
                ),
            }
        )
    extra = 0
    for r in records(read(research, "clusters_national_2024.csv")):
        if r["cluster_name_zh"] == UNNAMED_2024:
            continue  # kept only as a count in clusters_aggregates.csv (agg-27)
        if r["list_no"]:
            cluster_id = f"c24-{int(r['list_no']):02d}"
        else:
            extra += 1
            cluster_id = f"c24-x{extra}"
        matched = provinces_in(r["cities_or_region"], names)
        if len(matched) == 1:
            region, adcode = matched[0], names[matched[0]]
        else:
            region, adcode = "; ".join(matched) + " (cross-provincial)", ""
        rows.append(
            {
                "cluster_id": cluster_id,
                "cohort": "2024",
                "list_no": r["list_no"],
                "name_zh": r["cluster_name_zh"],
                "name_en_unofficial": r["cluster_name_en_unofficial"],
                "announced": r["announced"],
                "round": "",
                "cities": r["cities_or_region"],
                "province_or_region": region,
                "province_adcode": adcode,
                "field_inferred": "",
                "field_basis": "inferred from name (unofficial)",
                "sector_id": sectors("cluster_2024_name", r["cluster_name_zh"]),
                "name_status": r["name_status"],
                "status": "",
                **provenance(
                    r["source"],
                    site(first_url(r["source"])),
                    iso_date(r["announced"]),
                    r["confidence"],
                    cluster_basis(r["confidence"]),
                    join_notes(
                        "cities holds the research column cities_or_region; province_or_region lists the "
                        "provinces named in it.",
                        r["notes"],
                    ),
                ),
            }
        )
    return rows


AGG_COLUMNS = [
    "agg_id",
    "parent_id",
    "metric",
    "scope",
    "breakdown",
    "sector_id",
    "value",
    "qualifier",
    "value_text",
    "unit",
    "as_of",
    "status",
    *PROVENANCE,
]
# basis per aggregate metric (default "official": reports of MIIT notices, press conferences or People's Daily
# summaries of the MIIT list). Exceptions follow clusters_products.md.
AGG_BASIS = {
    'clusters that are "basic industrial field"': "claim",  # seed article only
    "by province": "compiled",  # gotohui.com tally of the list
    "by province (top)": "reported",  # AI-written news site
    "Yangtze River Delta": "reported",  # regional alliance report
    "national clusters total": "reported",  # 城市进化论 commentary, jrxxs.com
    "Inner Mongolia national clusters": "reported",  # news repost; composition inferred by the research
}
# as_of is a reference period, not the date of the statement
AGG_REFERENCE_PERIOD = {"leading-industry output", "output H1 2022"}
FIELD_SPLIT_METRIC = "by field: new-gen IT / high-end equipment / new materials / biomed / consumer / NEV-ICV"
REGION_SPLIT_METRIC = "by region: east / central / west / northeast"


def build_aggregates(research: Path, sectors: SectorMap) -> list[Row]:
    rows: list[Row] = []
    for i, r in enumerate(records(read(research, "clusters_aggregates.csv")), start=1):
        agg_id = f"agg-{i:02d}"
        value, qualifier = parse_number(r["value"])
        reference = r["metric"] in AGG_REFERENCE_PERIOD
        prov = provenance(
            r["source"],
            site(first_url(r["source"])),
            "" if reference else iso_date(r["as_of"]),
            r["confidence"],
            AGG_BASIS.get(r["metric"], "official"),
            join_notes(
                r["notes"],
                "as_of is the reference period; the statement date was not recorded." if reference else "",
            ),
        )
        rows.append(
            {
                "agg_id": agg_id,
                "parent_id": "",
                "metric": r["metric"],
                "scope": r["scope"],
                "breakdown": "",
                "sector_id": "",
                "value": value,
                "qualifier": qualifier,
                "value_text": r["value"],
                "unit": r["unit"],
                "as_of": r["as_of"],
                "status": "" if value else "value in text",
                **prov,
            }
        )
        split: list[tuple[str, str, str]] = []
        if r["metric"] in (FIELD_SPLIT_METRIC, REGION_SPLIT_METRIC):
            labels = r["metric"].split(":", 1)[1].split(" / ")
            counts = r["value"].split("/")
            if len(labels) != len(counts):
                raise ValueError(f"cannot split {r['metric']!r} = {r['value']!r}")
            for label, count in zip(labels, counts, strict=True):
                label = label.strip()
                sector = sectors("cluster_field_official", label) if r["metric"] == FIELD_SPLIT_METRIC else ""
                split.append((label, sector, count.strip()))
        for label, sector, count in split:
            suffix = sector or re.sub(r"[^a-z]+", "-", label.lower()).strip("-")
            rows.append(
                {
                    "agg_id": f"{agg_id}-{suffix}",
                    "parent_id": agg_id,
                    "metric": r["metric"].split(":", 1)[0],
                    "scope": r["scope"],
                    "breakdown": label,
                    "sector_id": sector,
                    "value": count,
                    "qualifier": "exact",
                    "value_text": count,
                    "unit": r["unit"],
                    "as_of": r["as_of"],
                    "status": "",
                    **{**prov, "note": join_notes(f"One count of {agg_id} ({r['value']}).", prov["note"])},
                }
            )
    # the research row for the 14 unnamed 2024 clusters (clusters_national_2024.csv) becomes a count
    for r in records(read(research, "clusters_national_2024.csv")):
        if r["cluster_name_zh"] != UNNAMED_2024:
            continue
        rows.append(
            {
                "agg_id": f"agg-{len([x for x in rows if not x['parent_id']]) + 1:02d}",
                "parent_id": "",
                "metric": "2024 winners whose names were not found",
                "scope": "2024 round",
                "breakdown": "",
                "sector_id": "",
                "value": "14",
                "qualifier": "exact",
                "value_text": f"{r['cluster_name_zh']} / {r['cluster_name_en_unofficial']}",
                "unit": "clusters",
                "as_of": r["announced"],
                "status": "",
                **provenance(
                    r["source"],
                    site(first_url(r["source"])),
                    iso_date(r["announced"]),
                    r["confidence"],
                    "derived",
                    join_notes(
                        "35 winners (agg-20) minus the 21 named in clusters.csv; the names are only in a "
                        ".docx attachment to the MIIT notice.",
                        r["notes"],
                    ),
                    "the research rated the row of names n/a (nothing found)",
                ),
            }
        )
    return rows


# ---------------------------------------------------------------------------------------------------------
# key products

PROGRAMME_COLUMNS = [
    "item",
    "programme",
    "value",
    "qualifier",
    "value_text",
    "unit",
    "year_or_period",
    "status",
    *PROVENANCE,
]
# basis per item, following clusters_products.md §2: "claim" = the seed article's statement (Chen Xuedong,
# zutglobal.com English version); "official" = MIIT/State Council documents and press conferences (reprints);
# "reported" = figures known only from a secondary page; "third-party" = Chen Xuedong's later expert remarks.
PROGRAMME_BASIS = {
    "key products achieving technological breakthroughs": "claim",
    "manufacturing value added": "claim",
    '"chain advancement" credited with solving promotion/application of mid-to-high-end basic products': (
        "claim"
    ),
    "forum date": "reported",
    "MIC2025 target: self-sufficiency of core basic parts & key basic materials": "official",
    "MIC2025 target: landmark advanced basic processes promoted": "official",
    "policy milestones": "official",
    '"four bases" (工业四基) definition': "reported",
    "demonstration projects supported (cumulative)": "reported",
    "key projects supported in one year": "official",
    "first industrial technology-base public service platforms": "official",
    "一条龙 2017 demonstration enterprises / projects": "official",
    "一条龙 2019 dragons": "official",
    (
        "basic products/tech localization rate >90% in: rail transit, NEV, petrochemicals, steel, "
        "power equipment, energy electronics, construction machinery"
    ): "third-party",
    "intelligent-manufacturing equipment domestic market satisfaction": "third-party",
}


def text_status(value: str, raw: str) -> str:
    if value:
        return ""
    if raw.strip().lower() == "not found":
        return "not found"
    if raw.strip().lower() == "qualitative":
        return "qualitative only"
    return "value in text"


def build_programme(research: Path) -> list[Row]:
    rows: list[Row] = []
    for r in records(read(research, "key_products_strong_base_program.csv")):
        value, qualifier = parse_number(r["value"])
        no_url = not first_url(r["source"])
        rows.append(
            {
                "item": r["item"],
                "programme": r["program"],
                "value": value,
                "qualifier": qualifier,
                "value_text": r["value"],
                "unit": r["unit"],
                "year_or_period": r["year_or_period"],
                "status": text_status(value, r["value"]),
                **provenance(
                    r["source"],
                    "" if no_url else site(first_url(r["source"])),
                    "",
                    r["confidence"],
                    PROGRAMME_BASIS[r["item"]],
                    join_notes(r["notes"], "The research did not record the source URL." if no_url else ""),
                ),
            }
        )
    return rows


EXAMPLE_COLUMNS = [
    "example_id",
    "example_from_article",
    "sector_id",
    "metric",
    "value",
    "qualifier",
    "value_text",
    "unit",
    "year",
    "status",
    *PROVENANCE,
]


def build_examples(research: Path, sectors: SectorMap) -> list[Row]:
    rows: list[Row] = []
    for i, r in enumerate(records(read(research, "key_products_example_metrics.csv")), start=1):
        not_found = r["value"].strip().lower() == "not found"
        value, qualifier = ("", "") if not_found else parse_number(r["value"])
        if r["source"].startswith("seed article"):
            basis, publisher = "claim", r["source"].split(";", 1)[0].strip()
        elif not_found:
            basis, publisher = "", ""
        else:
            # Ningde output is a local news report of official cluster figures; the rest are association,
            # vendor, company or market-research figures
            basis = "reported" if "zcjczz.com" in r["source"] else "third-party"
            publisher = site(first_url(r["source"]))
        rows.append(
            {
                "example_id": f"ex-{i:02d}",
                "example_from_article": r["example_from_article"],
                "sector_id": sectors("key_product_example", r["example_from_article"]),
                "metric": r["metric"],
                "value": value,
                "qualifier": qualifier,
                "value_text": "" if not_found else r["value"],
                "unit": r["unit"],
                "year": r["year"],
                "status": text_status(value, r["value"]),
                **provenance(r["source"], publisher, "", r["confidence"], basis, r["notes"]),
            }
        )
    return rows


# ---------------------------------------------------------------------------------------------------------
# reference

PROVINCE_COLUMNS = ["adcode", "name_zh", "name_zh_full", "name_en", "in_mainland_tables"]
# The three GeoJSON features outside the research province tables; the research README names them
# ("31 provinces + Taiwan, Hong Kong, Macau").
OTHER_FEATURES = {"710000": "Taiwan", "810000": "Hong Kong", "820000": "Macau"}


def build_provinces(research: Path) -> list[Row]:
    geo = json.loads((research / "geo" / "china_provinces_echarts4_cw.geojson").read_text(encoding="utf-8"))
    rollup = {r["adcode"]: r for r in records(read(research, "little_giants_province_b1b2_rollup.csv"))}
    rows: list[Row] = []
    for feature in geo["features"]:
        adcode = str(feature["properties"]["adcode"])
        known = rollup.get(adcode)
        rows.append(
            {
                "adcode": adcode,
                "name_zh": feature["properties"]["name"],
                "name_zh_full": known["province_zh"] if known else "",
                "name_en": known["province_en"] if known else OTHER_FEATURES[adcode],
                "in_mainland_tables": "true" if known else "false",
            }
        )
    if len(rows) != 34 or len(rollup) != 31 or set(rollup) - {r["adcode"] for r in rows}:
        raise ValueError("GeoJSON features and research provinces do not line up")
    rows.sort(key=lambda x: int(x["adcode"]))
    return rows


# ---------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Import the research CSVs into the tidy tables in data/.")
    parser.add_argument("--research", type=Path, default=Path("../shared/research/data"))
    parser.add_argument("--out", type=Path, default=Path("data"))
    args = parser.parse_args(argv)
    research: Path = args.research
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    sectors = SectorMap(out / "sector_map.csv")

    tables: list[tuple[str, list[str], Callable[[], list[Row]]]] = [
        ("china_mva_cny_official", MVA_OFFICIAL_COLUMNS, lambda: build_mva_official(research)),
        ("china_mva_cny_derived_wdi", MVA_DERIVED_COLUMNS, lambda: build_mva_derived(research)),
        ("cny_usd_rate", RATE_COLUMNS, lambda: build_rate(research)),
        ("china_mva_share_gdp_official", SHARE_GDP_COLUMNS, lambda: build_share_gdp(research)),
        ("china_share_world_mva", SHARE_WORLD_COLUMNS, lambda: build_share_world(research)),
        ("china_mfg_composition", COMPOSITION_COLUMNS, lambda: build_composition(research)),
        (
            "wdi_mva_usd",
            WDI_COLUMNS,
            lambda: build_wdi(
                research,
                "wdi_manufacturing_value_added_usd.csv",
                "value_added_billion_current_usd",
                "NV.IND.MANF.CD",
            ),
        ),
        (
            "wdi_mva_share_gdp",
            WDI_COLUMNS,
            lambda: build_wdi(
                research,
                "wdi_manufacturing_share_of_gdp_pct.csv",
                "manufacturing_share_of_gdp_pct",
                "NV.IND.MANF.ZS",
            ),
        ),
        ("wdi_vintages", WDI_VINTAGE_COLUMNS, lambda: build_wdi_vintages(research)),
        ("lg_batches", LG_BATCH_COLUMNS, lambda: build_lg_batches(research)),
        ("lg_reviews", LG_REVIEW_COLUMNS, lambda: build_lg_reviews(research)),
        ("lg_cumulative", LG_CUMULATIVE_COLUMNS, lambda: build_lg_cumulative(research)),
        ("lg_province", LG_PROVINCE_COLUMNS, lambda: build_lg_province(research)),
        ("lg_province_b1b2", LG_B1B2_COLUMNS, lambda: build_lg_b1b2(research)),
        ("lg_regions", LG_REGION_COLUMNS, lambda: build_lg_regions(research)),
        ("lg_cities", LG_CITY_COLUMNS, lambda: build_lg_cities(research)),
        ("lg_industry", LG_INDUSTRY_COLUMNS, lambda: build_lg_industry(research, sectors)),
        ("lg_key_support", LG_KEY_COLUMNS, lambda: build_lg_key_support(research)),
        ("clusters", CLUSTER_COLUMNS, lambda: build_clusters(research, sectors)),
        ("clusters_aggregates", AGG_COLUMNS, lambda: build_aggregates(research, sectors)),
        ("key_products_programme", PROGRAMME_COLUMNS, lambda: build_programme(research)),
        ("key_products_examples", EXAMPLE_COLUMNS, lambda: build_examples(research, sectors)),
        ("provinces", PROVINCE_COLUMNS, lambda: build_provinces(research)),
    ]
    for name, columns, build in tables:
        write(out, name, columns, build())

    geo_out = out / "geo"
    geo_out.mkdir(exist_ok=True)
    shutil.copyfile(
        research / "geo" / "china_provinces_echarts4_cw.geojson", geo_out / "china_provinces.geojson"
    )
    print(f"copied {geo_out / 'china_provinces.geojson'}")


if __name__ == "__main__":
    main()
