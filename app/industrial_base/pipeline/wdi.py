"""World Bank WDI figures: the Indicators API (v2, JSON) and the WDI mirror on GitHub, read into observations.

The API answers `https://api.worldbank.org/v2/country/CHN;USA/indicator/NV.IND.MANF.CD?format=json&...` with a
two-element array, `[metadata, rows]`: the metadata gives `page`, `pages`, `per_page`, `total` and
`lastupdated`; each row gives `indicator.id`, `countryiso3code`, `date` and `value` (`null` where there is no
figure). A request it cannot answer comes back, often with HTTP 200, as a one-element array `[{"message":
[{"id", "key", "value"}]}]`. Every response is checked here: the envelope, each row, and that the pages add up
to `total` and cover every economy asked for. Any problem raises `WdiError`, naming the indicator, the page
and the problem.

The client is the standard library's `urllib`: the pipeline needs the raw bytes of each response (they are
kept as the snapshot, with their SHA-256), an explicit timeout and retries, and nothing else; `requests` or
`wbgapi` would add dependencies (wbgapi also pulls PyYAML and tabulate) and hand back parsed rows, not the
bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from http.client import HTTPException
from pathlib import Path
from typing import Any, Protocol

from industrial_base.pipeline.tables import fixed

API_ROOT = "https://api.worldbank.org/v2"
FIRST_YEAR = 2012
"""The first year the value-added tables cover (the weak-links indicators start earlier)."""
PER_PAGE = 1000
TIMEOUT_SECONDS = 30.0
RETRIES = 3
"""Further attempts after a network error, a timeout, HTTP 429 or 5xx, or a body shorter than announced."""
BACKOFF_SECONDS = 2.0
USER_AGENT = "industrial-base-monitor (python urllib; data pipeline, see data/README.md)"
PUBLISHER = "World Bank"
LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "World Bank World Development Indicators data: Creative Commons Attribution 4.0",
}
TERMS = "https://www.worldbank.org/en/about/legal/terms-of-use-for-datasets"
MANIFEST = "manifest.json"
API_SNAPSHOTS = Path("snapshots") / "wdi"
"""Where updates keep the API responses they used, one folder per access (relative to the data folder)."""
MIRROR_SNAPSHOTS = Path("snapshots") / "wdi-mirror"

ECONOMIES = {
    "CHN": "China",
    "DEU": "Germany",
    "FRA": "France",
    "GBR": "United Kingdom",
    "IND": "India",
    "ITA": "Italy",
    "JPN": "Japan",
    "KOR": "Korea, Rep.",
    "MEX": "Mexico",
    "USA": "United States",
    "WLD": "World",
}
"""The package's economies (the `iso3` enum of the WDI tables) and the names its tables give them."""


@dataclass(frozen=True)
class IndicatorSpec:
    """A WDI indicator the package uses: where it goes and how its values map onto the table.

    The API gives full precision in the indicator's own unit; the table holds `value / 10**scale`, rounded to
    `decimals` places, or exactly as the source gives it when `decimals` is None (the indicators of the
    weak-links tables: no digit of the source is dropped). An update compares values at that precision, so a
    response equal to the table is a no-op and any revision the table can show is recorded.

    `agency` is the organisation the World Bank names as the indicator's source and `agency_stated_at` the
    World Bank metadata page that names it: the WDI copy on GitHub does not record it (its files hold the
    values and the definition only)."""

    code: str
    table: str
    economies: tuple[str, ...]
    decimals: int | None
    scale: int = 0
    unit: str = ""
    definition: str = ""
    first_year: int = FIRST_YEAR
    agency: str = ""
    agency_stated_at: str = ""

    def table_value(self, raw: Decimal) -> Decimal:
        return raw.scaleb(-self.scale)

    def text(self, raw: Decimal) -> str:
        """The value as the table writes it: in the table's unit, at the table's precision."""
        value = self.table_value(raw)
        if self.decimals is not None:
            return fixed(value, self.decimals)
        return "0" if value.is_zero() else f"{value.normalize():f}"  # no exponent, no trailing zeros added


ALL = tuple(ECONOMIES)


def metadata_page(code: str) -> str:
    """The World Bank's metadata page of a WDI series (where it names the series' source organisation)."""
    return f"https://databank.worldbank.org/metadataglossary/world-development-indicators/series/{code}"


UIS = "UNESCO Institute for Statistics (UIS)"
WIPO = (
    "World Intellectual Property Organization (WIPO), WIPO Patent Report: Statistics on Worldwide Patent "
    "Activity"
)
IMF_BOP = "International Monetary Fund (IMF), Balance of Payments Statistics Yearbook and data files"
COMTRADE = "United Nations, Comtrade database through the WITS platform"
UNIDO_CIP = (
    "United Nations Industrial Development Organization (UNIDO), Competitive Industrial Performance (CIP) "
    "database"
)


def _weak_link(
    code: str, table: str, unit: str, first_year: int, agency: str, scale: int = 0
) -> IndicatorSpec:
    """An indicator of the weak-links tables: every economy, values as the source gives them, from the first
    year with a figure for China."""
    return IndicatorSpec(
        code,
        table,
        ALL,
        None,
        scale=scale,
        unit=unit,
        first_year=first_year,
        agency=agency,
        agency_stated_at=metadata_page(code),
    )


INDICATORS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec("NV.IND.MANF.CD", "wdi_mva_usd", ALL, 3, scale=9, unit="billion current US$"),
    IndicatorSpec("NV.IND.MANF.ZS", "wdi_mva_share_gdp", ALL, 2, unit="% of GDP"),
    IndicatorSpec(
        "PA.NUS.FCRF",
        "cny_usd_rate",
        ("CHN",),
        6,
        unit="CNY per US$",
        definition="official exchange rate, LCU per US$, period average",
    ),
    IndicatorSpec("NV.MNF.TECH.ZS.UN", "wdi_mva_tech_share", ALL, 2, unit="% of manufacturing value added"),
    _weak_link("GB.XPD.RSDV.GD.ZS", "wdi_innovation", "% of GDP", 1996, UIS),
    _weak_link("IP.PAT.RESD", "wdi_innovation", "applications", 1985, WIPO),
    _weak_link("IP.PAT.NRES", "wdi_innovation", "applications", 1985, WIPO),
    _weak_link("SP.POP.SCIE.RD.P6", "wdi_innovation", "researchers per million people", 1996, UIS),
    _weak_link("BM.GSR.ROYL.CD", "wdi_ip_charges", "billion current US$", 1997, IMF_BOP, scale=9),
    _weak_link("BX.GSR.ROYL.CD", "wdi_ip_charges", "billion current US$", 1997, IMF_BOP, scale=9),
    _weak_link("TX.VAL.TECH.MF.ZS", "wdi_tech_exports", "% of manufactured exports", 2007, COMTRADE),
    _weak_link("TX.VAL.TECH.CD", "wdi_tech_exports", "billion current US$", 2007, COMTRADE, scale=9),
    _weak_link("TX.MNF.TECH.ZS.UN", "wdi_tech_exports", "% of manufactured exports", 1990, UNIDO_CIP),
)
"""Every WDI indicator `data/` takes, in update order."""
BY_CODE = {spec.code: spec for spec in INDICATORS}


class WdiError(Exception):
    """A response that cannot be used: names the indicator, the page (or file line) and the problem."""

    def __init__(self, indicator: str, page: int | None, problem: str, where: str = "") -> None:
        self.indicator, self.page, self.problem, self.where = indicator, page, problem, where
        place = f"page {page}" if page is not None else ""
        if where:
            place = f"{place} ({where})" if place else where
        super().__init__(f"{indicator}{', ' + place if place else ''}: {problem}")


@dataclass(frozen=True)
class Observation:
    """One economy-year of one indicator as the source gives it (full precision, the indicator's own unit)."""

    iso3: str
    year: int
    value: Decimal | None
    page: int | None
    """The page of the API response (None for a mirror file)."""


@dataclass
class Page:
    """One response page: its bytes (kept as the snapshot), where and when it was fetched, what it holds."""

    indicator: str
    number: int
    url: str
    accessed: str
    raw: bytes
    pages: int = 0
    total: int = 0
    last_updated: str = ""
    observations: list[Observation] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    @property
    def file(self) -> str:
        return f"{self.indicator}/page-{self.number}.json"


def page_url(spec: IndicatorSpec, page: int, last_year: int) -> str:
    countries = ";".join(spec.economies)
    query = f"format=json&per_page={PER_PAGE}&date={spec.first_year}:{last_year}&page={page}"
    return f"{API_ROOT}/country/{countries}/indicator/{spec.code}?{query}"


# --- reading a response -------------------------------------------------------------------------------------


def _integer(meta: dict[str, Any], name: str, fail: Callable[[str], WdiError]) -> int:
    value = meta.get(name)
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        raise fail(f"the metadata has no valid '{name}' (got {value!r})")
    return int(value)


def parse_page(spec: IndicatorSpec, number: int, raw: bytes, where: str) -> Page:
    """Check one response page and read its rows; `where` names the URL or file for messages."""

    def fail(problem: str) -> WdiError:
        return WdiError(spec.code, number, problem, where)

    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise fail(f"the response is not UTF-8 text ({error.reason} at byte {error.start})") from None
    except json.JSONDecodeError as error:
        kind = "truncated" if not raw.rstrip().endswith(b"]") else "malformed"
        raise fail(
            f"the response is {kind} JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from None
    if isinstance(document, list) and document and isinstance(document[0], dict) and "message" in document[0]:
        messages = document[0]["message"] or [{}]
        said = "; ".join(
            f"{m.get('id', '?')} {m.get('key', '')}: {m.get('value', '')}".strip() for m in messages
        )
        raise fail(f"the API returned an error: {said}")
    if not (isinstance(document, list) and len(document) == 2 and isinstance(document[0], dict)):
        raise fail("the response is not the API's [metadata, rows] array")
    meta, rows = document
    page = Page(spec.code, number, where, "", raw)
    if _integer(meta, "page", fail) != number:
        raise fail(f"the metadata says page {meta.get('page')}, not page {number}")
    page.pages, page.total = _integer(meta, "pages", fail), _integer(meta, "total", fail)
    page.last_updated = str(meta.get("lastupdated") or "")
    if page.total == 0 or rows is None:
        raise fail("the API has no data for this indicator and these economies (total 0)")
    if not isinstance(rows, list):
        raise fail("the rows element is not a list")
    for index, row in enumerate(rows, start=1):
        page.observations.append(_observation(spec, number, index, row, fail))
    return page


def _observation(
    spec: IndicatorSpec, number: int, index: int, row: Any, fail: Callable[[str], WdiError]
) -> Observation:
    if not isinstance(row, dict):
        raise fail(f"row {index} is not an object")
    indicator = (row.get("indicator") or {}).get("id") if isinstance(row.get("indicator"), dict) else None
    if indicator != spec.code:
        raise fail(f"row {index} is for indicator {indicator!r}, not {spec.code} (unknown indicator)")
    iso3 = row.get("countryiso3code")
    if iso3 not in spec.economies:
        raise fail(f"row {index} is for economy {iso3!r}, which the package does not cover (unknown economy)")
    year = str(row.get("date", ""))
    if not (len(year) == 4 and year.isdigit()):
        raise fail(f"row {index} ({iso3}) has no valid year: {row.get('date')!r}")
    value = row.get("value")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise fail(f"row {index} ({iso3} {year}) has a value that is not a number: {value!r}")
    return Observation(iso3, int(year), None if value is None else Decimal(repr(value)), number)


def check_complete(spec: IndicatorSpec, pages: list[Page]) -> list[Observation]:
    """All pages of one indicator: every page there once, rows adding up to `total`, each economy present,
    no economy-year twice. Returns the observations of all pages."""
    if not pages:
        raise WdiError(spec.code, None, "no response for this indicator")
    expected = pages[0].pages
    numbers = sorted(p.number for p in pages)
    if numbers != list(range(1, expected + 1)):
        missing = sorted(set(range(1, expected + 1)) - set(numbers))
        first = missing[0] if missing else numbers[-1]
        raise WdiError(
            spec.code, first, f"partial response: {expected} pages announced, pages {numbers} present"
        )
    observations = [o for p in sorted(pages, key=lambda p: p.number) for o in p.observations]
    total = pages[0].total
    if len(observations) != total:
        raise WdiError(
            spec.code, numbers[-1], f"partial response: {total} rows announced, {len(observations)} received"
        )
    absent = sorted(set(spec.economies) - {o.iso3 for o in observations})
    if absent:
        raise WdiError(spec.code, numbers[-1], f"partial response: no rows for {', '.join(absent)}")
    seen: set[tuple[str, int]] = set()
    for o in observations:
        if (o.iso3, o.year) in seen:
            raise WdiError(spec.code, o.page, f"{o.iso3} {o.year} appears twice")
        seen.add((o.iso3, o.year))
    return observations


# --- fetching -----------------------------------------------------------------------------------------------


class Response(Protocol):
    headers: Any

    def read(self) -> bytes: ...

    def __enter__(self) -> Response: ...

    def __exit__(self, *args: object) -> Any: ...


Opener = Callable[[urllib.request.Request, float], Response]


def _open(request: urllib.request.Request, timeout: float) -> Response:
    return urllib.request.urlopen(request, timeout=timeout)


def _get(url: str, opener: Opener, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
    with opener(request, timeout) as response:
        body = response.read()
        announced = response.headers.get("Content-Length") if response.headers else None
    if announced is not None and announced.isdigit() and int(announced) != len(body):
        raise HTTPException(f"the body has {len(body)} of the {announced} bytes announced")
    return body


def _retryable(error: Exception) -> bool:
    """Worth another try: anything but an HTTP error other than 429 (too many requests) or 5xx."""
    if isinstance(error, urllib.error.HTTPError):
        return error.code == 429 or error.code >= 500
    return True


def download(
    url: str,
    indicator: str,
    page: int,
    opener: Opener = _open,
    timeout: float = TIMEOUT_SECONDS,
    retries: int = RETRIES,
    sleep: Callable[[float], None] = time.sleep,
) -> bytes:
    """The body of one page, retrying network errors, timeouts, HTTP 429/5xx and short bodies with a doubling
    pause; any other HTTP error, or the last failure, raises `WdiError`."""
    for attempt in range(retries + 1):
        try:
            return _get(url, opener, timeout)
        except (OSError, HTTPException) as error:  # URLError, HTTPError and TimeoutError are OSErrors
            if not _retryable(error) or attempt == retries:
                tries = f" after {attempt + 1} attempts" if attempt else ""
                raise WdiError(indicator, page, f"{_describe(error)}{tries}", url) from None
            sleep(BACKOFF_SECONDS * 2**attempt)
    raise AssertionError("unreachable")


def _describe(error: Exception) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP error {error.code} {error.reason}"
    if isinstance(error, TimeoutError):
        return "timed out"
    if isinstance(error, urllib.error.URLError):
        return f"network error: {error.reason}"
    return f"network error: {error}"


def now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def fetch(
    spec: IndicatorSpec,
    last_year: int,
    opener: Opener = _open,
    clock: Callable[[], str] = now_utc,
    **retry: Any,
) -> list[Page]:
    """Every page of one indicator for the package's economies, years `spec.first_year` to `last_year`."""
    pages: list[Page] = []
    number, count = 1, 1
    while number <= count:
        url = page_url(spec, number, last_year)
        raw = download(url, spec.code, number, opener, **retry)
        page = parse_page(spec, number, raw, url)
        page.accessed = clock()
        pages.append(page)
        count = page.pages
        number += 1
    check_complete(spec, pages)
    return pages


# --- snapshots ----------------------------------------------------------------------------------------------


def manifest_of(pages: Iterable[Page]) -> dict[str, Any]:
    """The origin of a snapshot: per file its URL, access time, SHA-256 and size; the publisher and
    licence."""
    files = [
        {
            "path": p.file,
            "indicator": p.indicator,
            "page": p.number,
            "url": p.url,
            "accessed": p.accessed,
            "sha256": p.sha256,
            "bytes": len(p.raw),
            "lastupdated": p.last_updated,
        }
        for p in pages
    ]
    return {
        "kind": "World Bank Indicators API v2 responses",
        "publisher": PUBLISHER,
        "dataset": "World Development Indicators",
        "licence": LICENCE,
        "terms": TERMS,
        "accessed": min(f["accessed"] for f in files)[:10],
        "files": files,
    }


def write_snapshot(folder: Path, pages: Iterable[Page]) -> None:
    pages = list(pages)
    for page in pages:
        target = folder / page.file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page.raw)
    text = json.dumps(manifest_of(pages), indent=2, ensure_ascii=False) + "\n"
    (folder / MANIFEST).write_text(text, encoding="utf-8")


def read_snapshot(folder: Path) -> dict[str, list[Page]]:
    """The pages of a snapshot folder (as `update` writes it, or copied from a machine with internet), checked
    against its manifest: every indicator the package uses, each file present with the recorded SHA-256."""
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise WdiError(
            "snapshot",
            None,
            f"{path} is missing: a snapshot folder records each file's URL, access date and SHA-256 in it",
        ) from None
    except (OSError, ValueError) as error:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise WdiError("snapshot", None, f"{path} is not a snapshot manifest ({error})") from None
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, list):
        raise WdiError("snapshot", None, f"{path} is not a snapshot manifest (it has no list of files)")
    by_indicator: dict[str, list[Page]] = {}
    for index, entry in enumerate(files, start=1):
        page = _snapshot_page(folder, path, index, entry)
        by_indicator.setdefault(page.indicator, []).append(page)
    for spec in INDICATORS:
        check_complete(spec, by_indicator.get(spec.code, []))
    return by_indicator


def _snapshot_page(folder: Path, manifest: Path, index: int, entry: object) -> Page:
    """One file a snapshot manifest lists (its `index`-th entry), read and checked against the entry."""
    fields = entry if isinstance(entry, dict) else {}
    code, number = fields.get("indicator"), fields.get("page")
    spec = BY_CODE.get(code) if isinstance(code, str) else None
    if spec is None:
        raise WdiError(
            str(code),
            None,
            f"file {index} of the manifest is for an indicator the package does not use (unknown indicator)",
            str(manifest),
        )
    text = {name: fields.get(name) for name in ("path", "sha256", "url", "accessed")}
    wrong = [name for name, value in text.items() if not (isinstance(value, str) and value)]
    if wrong or not (type(number) is int and number >= 1):
        problem = f"file {index} of the manifest has no valid {', '.join(wrong or ['page'])}"
        raise WdiError(code, None, problem, str(manifest))
    file = (folder / text["path"]).resolve()
    if not file.is_relative_to(folder.resolve()) or not file.is_file():
        raise WdiError(
            code,
            number,
            "the file the manifest lists is missing from the folder (partial response)",
            str(file),
        )
    raw = file.read_bytes()
    if hashlib.sha256(raw).hexdigest() != text["sha256"]:
        raise WdiError(
            code,
            number,
            "the file's SHA-256 differs from the manifest's: it changed after the download",
            str(file),
        )
    page = parse_page(spec, number, raw, str(file))
    page.url, page.accessed = text["url"], text["accessed"]
    return page


# --- the WDI mirror on GitHub -------------------------------------------------------------------------------

MIRROR_REPOSITORY = "datasets/world-development-indicators"
MIRROR_COLUMNS = ["Country Name", "Country Code", "Year", "Value"]


def git_blob_id(raw: bytes) -> str:
    """The id git gives a file with these bytes (`git hash-object`), to find it in the repository's
    history."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()


def read_mirror(spec: IndicatorSpec, raw: bytes, where: str) -> list[Observation]:
    """The package's economies, from the indicator's first year, in a `datasets/world-development-indicators`
    indicator file (`indicators/<code>/data.csv`: Country Name, Country Code, Year, Value). The file holds
    every economy the World Bank publishes; the others are skipped."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise WdiError(spec.code, None, f"the file is not UTF-8 text (byte {error.start})", where) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    if header != MIRROR_COLUMNS:
        raise WdiError(spec.code, None, f"the header is {header}, expected {MIRROR_COLUMNS}", where)
    observations = []
    for line, cells in enumerate(reader, start=2):
        if len(cells) != len(MIRROR_COLUMNS):
            raise WdiError(spec.code, None, f"line {line} has {len(cells)} fields, not 4 (truncated?)", where)
        _, iso3, year, value = cells
        if iso3 not in spec.economies:
            continue
        if not (year.isdigit() and len(year) == 4):
            raise WdiError(spec.code, None, f"line {line} has no valid year: {year!r}", where)
        if int(year) < spec.first_year:
            continue
        try:
            number = Decimal(value) if value else None
        except ArithmeticError:
            raise WdiError(
                spec.code, None, f"line {line} has a value that is not a number: {value!r}", where
            ) from None
        observations.append(Observation(iso3, int(year), number, None))
    return observations
