"""The World Bank API client and response checks, on recorded responses (tests/fixtures/wdi/); no network."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from industrial_base.package import DEFAULT_DATA_DIR
from industrial_base.pipeline import wdi
from industrial_base.pipeline.wdi import BY_CODE, WdiError

FIXTURES = Path(__file__).parent / "fixtures" / "wdi"
USD = BY_CODE["NV.IND.MANF.CD"]


def page_bytes(folder: str, code: str = USD.code, page: int = 1) -> bytes:
    return (FIXTURES / folder / code / f"page-{page}.json").read_bytes()


def edited(code: str, change: Any) -> bytes:
    """Today's first page of an indicator with its JSON changed by `change(document)`."""
    document = json.loads(page_bytes("today", code))
    change(document)
    return json.dumps(document).encode()


def test_a_page_gives_every_row_with_nulls_kept() -> None:
    page = wdi.parse_page(USD, 1, page_bytes("today"), "today")
    assert (page.pages, page.total, page.last_updated) == (1, 165, "2026-11-20")
    values = {(o.iso3, o.year): o.value for o in page.observations}
    assert len(values) == 165
    assert values[("CHN", 2024)] == Decimal("4652746000000")
    assert values[("USA", 2022)] is None  # the API's null: no figure
    assert USD.table_value(values[("CHN", 2024)]) == Decimal("4652.746")


def test_error_envelope_names_indicator_page_and_message() -> None:
    with pytest.raises(WdiError) as caught:
        wdi.parse_page(BY_CODE["NV.IND.MANF.ZS"], 1, page_bytes("error_envelope", "NV.IND.MANF.ZS"), "f.json")
    assert str(caught.value).startswith("NV.IND.MANF.ZS, page 1 (f.json): the API returned an error: 120")
    assert "The provided parameter value is not valid" in str(caught.value)


def test_truncated_response_is_named_truncated() -> None:
    with pytest.raises(WdiError, match=r"NV\.IND\.MANF\.CD, page 1 .*truncated JSON"):
        wdi.parse_page(USD, 1, page_bytes("truncated"), "f.json")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda d: d[1][3].__setitem__("countryiso3code", "BRA"),
            r"row 4 is for economy 'BRA'.*unknown economy",
        ),
        (lambda d: d[1][0]["indicator"].__setitem__("id", "NY.GDP.MKTP.CD"), r"row 1 .*unknown indicator"),
        (
            lambda d: d[1][5].__setitem__("value", "4,652"),
            r"row 6 \(CHN 2021\) has a value that is not a number",
        ),
        (lambda d: d[1][2].__setitem__("date", "2024Q1"), r"row 3 \(CHN\) has no valid year"),
        (lambda d: d[0].__setitem__("page", 2), r"the metadata says page 2, not page 1"),
        (
            lambda d: d.__setitem__(1, None),
            r"the API has no data for this indicator and these economies \(total 0\)",
        ),
        (lambda d: d.pop(), r"the response is not the API's \[metadata, rows\] array"),
    ],
)
def test_malformed_responses_name_the_problem(change: Any, problem: str) -> None:
    with pytest.raises(WdiError, match=r"^NV\.IND\.MANF\.CD, page 1 \(f\): " + problem):
        wdi.parse_page(USD, 1, edited(USD.code, change), "f")


def test_pages_must_add_up() -> None:
    first = wdi.parse_page(USD, 1, page_bytes("paginated", page=1), "p1")
    second = wdi.parse_page(USD, 2, page_bytes("paginated", page=2), "p2")
    assert len(wdi.check_complete(USD, [second, first])) == 165
    with pytest.raises(WdiError, match=r"page 2: partial response: 2 pages announced, pages \[1\] present"):
        wdi.check_complete(USD, [first])
    second.observations.pop()
    with pytest.raises(WdiError, match=r"page 2: partial response: 165 rows announced, 164 received"):
        wdi.check_complete(USD, [first, second])


def test_an_economy_missing_from_the_response_is_a_partial_response() -> None:
    raw = edited(
        USD.code,
        lambda d: (
            d[1].__setitem__(slice(None), [r for r in d[1] if r["countryiso3code"] != "MEX"]),
            d[0].__setitem__("total", 150),
        ),
    )
    page = wdi.parse_page(USD, 1, raw, "f")
    with pytest.raises(WdiError, match="partial response: no rows for MEX"):
        wdi.check_complete(USD, [page])


class FakeApi:
    """Serves recorded pages by URL, after failing the first requests as told; records requests and pauses."""

    def __init__(self, folder: str, failures: list[Exception] | None = None, short: bool = False) -> None:
        manifest = json.loads((FIXTURES / folder / wdi.MANIFEST).read_text())
        self.pages = {
            (f["indicator"], f["page"]): (FIXTURES / folder / f["path"]).read_bytes()
            for f in manifest["files"]
        }
        self.per_page = {
            f["indicator"]: f["url"].split("per_page=")[1].split("&")[0] for f in manifest["files"]
        }
        self.failures = list(failures or [])
        self.short = short
        self.requests: list[str] = []
        self.pauses: list[float] = []

    def __call__(self, request: urllib.request.Request, timeout: float) -> Any:
        url = request.full_url
        self.requests.append(url)
        assert timeout == wdi.TIMEOUT_SECONDS and request.get_header("User-agent") == wdi.USER_AGENT
        if self.failures:
            raise self.failures.pop(0)
        code = url.split("/indicator/")[1].split("?")[0]
        body = self.pages[(code, int(url.split("page=")[-1]))]
        return Reply(body, len(body) + 10 if self.short else len(body))


class Reply:
    def __init__(self, body: bytes, length: int) -> None:
        self.body, self.headers = body, {"Content-Length": str(length)}

    def read(self) -> bytes:
        return self.body

    def __enter__(self) -> Reply:
        return self

    def __exit__(self, *args: object) -> None:
        return None


def test_fetch_follows_the_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    api = FakeApi("paginated")
    monkeypatch.setattr(wdi, "PER_PAGE", 100)
    pages = wdi.fetch(USD, 2026, opener=api, clock=lambda: "2026-12-01T09:00:00Z")
    assert [p.number for p in pages] == [1, 2]
    assert api.requests == [wdi.page_url(USD, 1, 2026), wdi.page_url(USD, 2, 2026)]
    assert "country/CHN;DEU;FRA;GBR;IND;ITA;JPN;KOR;MEX;USA;WLD/indicator/NV.IND.MANF.CD" in api.requests[0]
    assert "format=json&per_page=100&date=2012:2026&page=2" in api.requests[1]
    assert pages[1].sha256 == wdi.hashlib.sha256(page_bytes("paginated", page=2)).hexdigest()


def test_transient_failures_are_retried_with_growing_pauses() -> None:
    failures: list[Exception] = [
        urllib.error.URLError("connection refused"),
        TimeoutError("read timed out"),
        urllib.error.HTTPError("u", 503, "Service Unavailable", {}, None),  # type: ignore[arg-type]
    ]
    api = FakeApi("today", failures)
    pages = wdi.fetch(USD, 2026, opener=api, sleep=api.pauses.append)
    assert len(pages) == 1 and len(api.requests) == 4
    assert api.pauses == [2.0, 4.0, 8.0]


def test_retries_end_with_an_error_naming_indicator_and_page() -> None:
    api = FakeApi("today", [TimeoutError("slow")] * 4)
    with pytest.raises(
        WdiError,
        match=r"^NV\.IND\.MANF\.CD, page 1 \(https://api\.worldbank\.org/.*\): timed out after 4 attempts$",
    ):
        wdi.fetch(USD, 2026, opener=api, sleep=api.pauses.append)
    assert len(api.pauses) == 3


def test_a_client_error_is_not_retried() -> None:
    api = FakeApi("today", [urllib.error.HTTPError("u", 404, "Not Found", {}, None)])  # type: ignore[arg-type]
    with pytest.raises(WdiError, match=r"page 1 .*HTTP error 404 Not Found$"):
        wdi.fetch(USD, 2026, opener=api, sleep=api.pauses.append)
    assert api.pauses == []


def test_a_body_shorter_than_announced_is_retried_then_refused() -> None:
    api = FakeApi("today", short=True)
    with pytest.raises(
        WdiError, match=r"page 1 .*network error: the body has \d+ of the \d+ bytes announced after 4"
    ):
        wdi.fetch(USD, 2026, opener=api, sleep=api.pauses.append)


def test_a_snapshot_is_checked_against_its_manifest(tmp_path: Path) -> None:
    pages = wdi.read_snapshot(FIXTURES / "today")
    assert sorted(pages) == sorted(BY_CODE) and pages["PA.NUS.FCRF"][0].url.startswith(wdi.API_ROOT)
    wdi.write_snapshot(tmp_path / "copy", [p for ps in pages.values() for p in ps])
    assert wdi.read_snapshot(tmp_path / "copy").keys() == pages.keys()
    changed = tmp_path / "copy" / "PA.NUS.FCRF" / "page-1.json"
    changed.write_bytes(changed.read_bytes().replace(b"6.312333", b"6.312334"))
    with pytest.raises(WdiError, match=r"PA\.NUS\.FCRF, page 1 .*SHA-256 differs from the manifest's"):
        wdi.read_snapshot(tmp_path / "copy")
    with pytest.raises(WdiError, match=r"manifest\.json is missing"):
        wdi.read_snapshot(tmp_path)


def test_the_mirror_file_gives_the_package_economies_from_2012() -> None:
    folder = DEFAULT_DATA_DIR / wdi.MIRROR_SNAPSHOTS / "20289a7f4a74"
    manifest = json.loads((folder / wdi.MANIFEST).read_text())
    raw = (folder / manifest["files"][0]["path"]).read_bytes()
    assert wdi.git_blob_id(raw) == manifest["files"][0]["git_blob"]
    observations = wdi.read_mirror(BY_CODE["NV.MNF.TECH.ZS.UN"], raw, "mirror")
    assert {o.iso3 for o in observations} == set(wdi.ECONOMIES) - {"WLD"}  # the copy has no World aggregate
    assert min(o.year for o in observations) == 2012 and max(o.year for o in observations) == 2022
    germany = {o.year: o.value for o in observations if o.iso3 == "DEU"}
    assert germany[2012] == Decimal("59.1813279865569")
    cut = b"\n".join(raw.split(b"\n")[:3]) + b"\nChina,CHN,2013\n"
    with pytest.raises(
        WdiError, match=r"^NV\.MNF\.TECH\.ZS\.UN, m: line 4 has 3 fields, not 4 \(truncated\?\)$"
    ):
        wdi.read_mirror(BY_CODE["NV.MNF.TECH.ZS.UN"], cut, "m")


def test_a_weak_link_indicator_is_asked_for_from_its_first_year_and_kept_unrounded() -> None:
    """The weak-links indicators start with China's first figure (patents 1985) and keep every digit the
    source gives, in the table's unit (US$ in billions). The response read is constructed (see
    tests/fixtures/wdi/make_fixtures.py): the WDI copy's values in the API's format."""
    assert "indicator/IP.PAT.RESD?format=json&per_page=1000&date=1985:2026&page=1" in wdi.page_url(
        BY_CODE["IP.PAT.RESD"], 1, 2026
    )
    payments = BY_CODE["BM.GSR.ROYL.CD"]
    page = wdi.parse_page(payments, 1, page_bytes("today", payments.code), "today")
    values = {(o.iso3, o.year): o.value for o in page.observations}
    assert min(year for _, year in values) == 1997 and len(values) == page.total == 11 * 30
    assert values[("CHN", 2025)] == Decimal("46629335623.43")
    assert payments.text(values[("CHN", 2025)]) == "46.62933562343"
    assert BY_CODE["IP.PAT.RESD"].text(Decimal("1426644")) == "1426644"
    assert USD.text(Decimal("4652746000000")) == "4652.746"  # the value-added tables keep their 3 decimals
    raw = (DEFAULT_DATA_DIR / wdi.MIRROR_SNAPSHOTS / "4ebec5a2273f" / "ip.pat.resd" / "data.csv").read_bytes()
    patents = wdi.read_mirror(BY_CODE["IP.PAT.RESD"], raw, "mirror")
    assert min(o.year for o in patents) == 1985 and {o.iso3 for o in patents} == set(wdi.ECONOMIES)
