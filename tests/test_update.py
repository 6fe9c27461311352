"""`update wdi`, `update wdi-mirror` and `build` end to end, on copies of data/ and recorded API responses."""

from __future__ import annotations

import csv
import datetime as dt
import filecmp
import hashlib
import json
import re
import shutil
import urllib.error
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from tests.test_validation import rewrite
from tests.test_wdi_client import FIXTURES, FakeApi

from industrial_base.__main__ import main as cli
from industrial_base.freshness import Vintage, WdiFreshness, access_dates, wdi_freshness
from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR
from industrial_base.pipeline import build as derived
from industrial_base.pipeline import wdi
from industrial_base.pipeline.commands import MirrorFile, mirror_release, update_wdi, update_wdi_mirror
from industrial_base.pipeline.folder import read_tables
from industrial_base.pipeline.tables import Table, read_table, render_table
from industrial_base.pipeline.update import GAP_NOTE, Release, carried_forward, merge

PAGE_URL = wdi.page_url(wdi.BY_CODE["NV.IND.MANF.CD"], 1, 2026)


def snapshot_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(data_dir: Path, *args: str) -> tuple[int, str]:
    lines: list[str] = []
    code = update_wdi(data_dir, *(Path(a) for a in args[:1]), dry_run="--dry-run" in args, say=lines.append)
    return code, "\n".join(lines)


def fixture_copy(
    tmp_path: Path, name: str, edit: Callable[[list], None], code: str = "NV.IND.MANF.CD"
) -> Path:
    """A copy of a recorded folder with one response's JSON edited and its manifest's SHA-256 updated."""
    folder = tmp_path / name
    shutil.copytree(FIXTURES / "today", folder)
    page = folder / code / "page-1.json"
    document = json.loads(page.read_bytes())
    edit(document)
    page.write_bytes(json.dumps(document).encode())
    manifest = json.loads((folder / wdi.MANIFEST).read_text())
    for entry in manifest["files"]:
        if entry["path"] == f"{code}/page-1.json":
            entry["sha256"] = hashlib.sha256(page.read_bytes()).hexdigest()
    (folder / wdi.MANIFEST).write_text(json.dumps(manifest))
    return folder


# --- nothing changes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["today", "paginated"])
def test_an_update_equal_to_today_is_a_no_op(data_copy: Path, folder: str) -> None:
    before = snapshot_of(data_copy)
    code = cli(["update", "wdi", str(data_copy), "--from", str(FIXTURES / folder)])
    assert code == 0
    assert snapshot_of(data_copy) == before  # no vintage, no changelog entry, no snapshot, no file touched
    assert not list(data_copy.parent.glob(".*staging*"))


def test_the_live_path_asks_the_api_for_every_indicator(data_copy: Path) -> None:
    before = snapshot_of(data_copy)
    api = FakeApi("today")
    code = update_wdi(data_copy, say=lambda _: None, opener=api, today=lambda: dt.date(2026, 12, 1))
    assert code == 0 and snapshot_of(data_copy) == before
    assert [u.split("/indicator/")[1].split("?")[0] for u in api.requests] == [s.code for s in wdi.INDICATORS]


# --- a broken release leaves data/ byte-identical -------------------------------------------------------


@pytest.mark.parametrize(
    ("folder", "message"),
    [
        (
            "error_envelope",
            r"NV\.IND\.MANF\.ZS, page 1 \(.*page-1\.json\): the API returned an error: 120 Invalid",
        ),
        ("truncated", r"NV\.IND\.MANF\.CD, page 1 \(.*page-1\.json\): the response is truncated JSON"),
    ],
)
def test_a_broken_response_changes_nothing(data_copy: Path, folder: str, message: str) -> None:
    before = snapshot_of(data_copy)
    code, out = run(data_copy, str(FIXTURES / folder))
    assert code == 1 and snapshot_of(data_copy) == before
    assert re.search(message, out), out
    assert out.endswith("data/ is unchanged.")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: d[1][7].__setitem__("countryiso3code", "BRA"),
            r"page 1 \(.*\): row 8 is for economy 'BRA'.*\(unknown economy\)",
        ),
        (
            lambda d: d[1][0]["indicator"].__setitem__("id", "NV.IND.TOTL.CD"),
            r"page 1 \(.*\): row 1 .*\(unknown indicator\)",
        ),
        (lambda d: d[0].__setitem__("pages", 2), r"page 2: partial response: 2 pages announced, pages \[1\]"),
    ],
)
def test_an_unusable_response_changes_nothing(
    data_copy: Path, tmp_path: Path, edit: Callable, message: str
) -> None:
    before = snapshot_of(data_copy)
    code, out = run(data_copy, str(fixture_copy(tmp_path, "bad", edit)))
    assert code == 1 and snapshot_of(data_copy) == before
    assert re.search(r"NV\.IND\.MANF\.CD, " + message, out), out


def test_a_network_failure_changes_nothing(data_copy: Path) -> None:
    before = snapshot_of(data_copy)
    failures: list[Exception] = [urllib.error.URLError("Name or service not known")] * 4
    api = FakeApi("today", failures)
    lines: list[str] = []
    code = update_wdi(data_copy, say=lines.append, opener=api, sleep=api.pauses.append)
    assert code == 1 and snapshot_of(data_copy) == before
    assert lines[0].startswith("Update failed: NV.IND.MANF.CD, page 1 (https://api.worldbank.org/v2/country/")
    assert "network error: Name or service not known after 4 attempts" in lines[0]


def test_a_release_that_fails_validation_changes_nothing(data_copy: Path, tmp_path: Path) -> None:
    """A negative US$ value passes the response checks but not the schema (minimum 0): refused, with the
    row's indicator and page named."""

    def negative(document: list) -> None:
        row = next(r for r in document[1] if (r["countryiso3code"], r["date"]) == ("KOR", "2019"))
        row["value"] = -5e9

    before = snapshot_of(data_copy)
    code, out = run(data_copy, str(fixture_copy(tmp_path, "negative", negative)))
    assert code == 1 and snapshot_of(data_copy) == before
    assert "data/wdi_mva_usd.csv, line 107, column 'value': is below the minimum 0 (value '-5.000')" in out
    assert f"<- from NV.IND.MANF.CD, page 1 ({PAGE_URL})" in out
    assert "Update refused: the result does not validate. data/ is unchanged." in out


def test_a_dry_run_prints_the_diff_and_writes_nothing(data_copy: Path) -> None:
    before = snapshot_of(data_copy)
    code, out = run(data_copy, str(FIXTURES / "revised"), "--dry-run")
    assert code == 0 and snapshot_of(data_copy) == before
    assert "- changed: CHN 2024: 4652.746 → 4701.113 (+1.04%)" in out
    assert out.endswith("Dry run: nothing written to data/.")


# --- a revision goes through ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def revised(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    data_dir = tmp_path_factory.mktemp("revised") / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data_dir)
    code, out = run(data_dir, str(FIXTURES / "revised"))
    assert code == 0, out
    return data_dir, out


def rows_of(data_dir: Path, name: str) -> dict[tuple[str, str], dict[str, str]]:
    table = read_table(data_dir / f"{name}.csv")
    return {(r.get("iso3", ""), r["year"]): r for r in table.rows}


def test_the_diff_lists_added_changed_removed_and_the_largest_revisions(revised: tuple[Path, str]) -> None:
    _, out = revised
    assert "| `wdi_mva_usd` | 1 | 2 | 0 |" in out and "| `wdi_mva_share_gdp` | 0 | 0 | 1 |" in out
    assert "- added: WLD 2025 = 17001.234 (was not published)" in out
    assert "- changed: CHN 2024: 4652.746 → 4701.113 (+1.04%); DEU 2023: 864.094 → 861.402 (-0.31%)" in out
    assert "- removed: KOR 2020 (was 25.7); the row stays, marked not published" in out
    largest = out.split("Largest revisions:")[1]
    assert largest.index("| `wdi_mva_usd` | CHN 2024 |") < largest.index("| `wdi_mva_usd` | DEU 2023 |")
    assert "Fact-check verdicts that flip: none." in out


def test_revised_rows_carry_the_api_provenance_and_the_rest_stay_as_they_were(
    revised: tuple[Path, str],
) -> None:
    data_dir, _ = revised
    usd, shipped = rows_of(data_dir, "wdi_mva_usd"), rows_of(DEFAULT_DATA_DIR, "wdi_mva_usd")
    china = usd[("CHN", "2024")]
    sha = hashlib.sha256((FIXTURES / "revised" / "NV.IND.MANF.CD" / "page-1.json").read_bytes()).hexdigest()
    assert (china["value"], china["publisher"], china["source_date"]) == (
        "4701.113",
        "World Bank",
        "2026-12-01",
    )
    assert china["source_url"] == PAGE_URL and china["wdi_vintage"] == "World Bank API, accessed 2026-12-01"
    assert f"snapshots/wdi/2026-12-01/NV.IND.MANF.CD/page-1.json, sha256 {sha}" in china["source"]
    assert usd[("CHN", "2023")] == shipped[("CHN", "2023")]  # the baseline vintage stays as it is
    korea = rows_of(data_dir, "wdi_mva_share_gdp")[("KOR", "2020")]
    assert (korea["value"], korea["status"], korea["confidence"], korea["note"]) == (
        "",
        "not published",
        "n/a",
        GAP_NOTE,
    )
    untouched = [n for n in ("wdi_mva_tech_share", "cny_usd_rate", "lg_province_b1b2", "claims")]
    assert all(
        filecmp.cmp(data_dir / f"{n}.csv", DEFAULT_DATA_DIR / f"{n}.csv", shallow=False) for n in untouched
    )


def test_the_revision_is_kept_as_a_vintage_and_a_snapshot(revised: tuple[Path, str]) -> None:
    data_dir, _ = revised
    vintages = read_table(data_dir / "wdi_vintages.csv").rows
    new = [r for r in vintages if r["wdi_vintage"] == "World Bank API, accessed 2026-12-01"]
    responses = {
        c: wdi.read_snapshot(FIXTURES / "revised")[c][0].observations
        for c in ("NV.IND.MANF.CD", "NV.IND.MANF.ZS")
    }
    assert len(new) == sum(o.value is not None for obs in responses.values() for o in obs)
    assert {r["indicator"] for r in new} == set(responses)
    assert len(vintages) - len(new) == len(read_table(DEFAULT_DATA_DIR / "wdi_vintages.csv").rows)
    kept = data_dir / "snapshots" / "wdi" / "2026-12-01"
    for entry in json.loads((FIXTURES / "revised" / wdi.MANIFEST).read_text())["files"]:
        assert (kept / entry["path"]).read_bytes() == (FIXTURES / "revised" / entry["path"]).read_bytes()
    manifest = json.loads((kept / wdi.MANIFEST).read_text())
    assert manifest["licence"]["name"] == "CC-BY-4.0" and manifest["publisher"] == "World Bank"
    assert {f["sha256"] for f in manifest["files"]} == {
        hashlib.sha256((kept / f["path"]).read_bytes()).hexdigest() for f in manifest["files"]
    }


def test_the_changelog_gets_the_entry_on_top(revised: tuple[Path, str]) -> None:
    data_dir, out = revised
    text = (data_dir / "CHANGELOG.md").read_text()
    shipped = (DEFAULT_DATA_DIR / "CHANGELOG.md").read_text()
    preamble, older = shipped.split("\n## ", 1)
    assert text.startswith(preamble.rstrip() + "\n\n## 2026-12-01: World Bank WDI from the Indicators API\n")
    assert text.endswith("\n## " + older)
    assert out.split("\nReplaced ")[0].strip() in text


def test_the_derived_tables_follow_and_the_result_validates(revised: tuple[Path, str]) -> None:
    data_dir, _ = revised
    assert load_package(data_dir).errors == []
    cny = rows_of(data_dir, "china_mva_cny_derived_wdi")[("", "2024")]
    product = Decimal("4701.113") * Decimal("7.197491") * 10
    assert cny["value_100m_cny"] == f"{product:.1f}" and cny["usd_bn"] == "4701.113"
    assert (
        cny["confidence_note"]
        == "arithmetic exact; inputs partly from the World Bank API, partly from third-party copies of WDI"
    )
    shares = read_table(data_dir / "china_share_world_mva.csv").rows
    computed = {r["year"]: r for r in shares if r["basis"] == "computed"}
    assert computed["2025"]["value_pct"] == f"{Decimal('4822.731') / Decimal('17001.234') * 100:.2f}"
    assert computed["2025"]["source_date"] == "2026"  # a 2026-10-09 copy and a 2026-12-01 access


def test_a_revision_of_a_weak_link_indicator_goes_through(data_copy: Path, tmp_path: Path) -> None:
    """On constructed API responses (tests/fixtures/wdi/: the WDI copy's values in the API's format), a
    revised China R&D share and a first China figure for 2024 are written with the API's provenance,
    unrounded; the other indicators of the same table, and every other file, stay as they were."""

    def revise(document: list) -> None:
        for row in document[1]:
            if (row["countryiso3code"], row["date"]) == ("CHN", "2023"):
                row["value"] = 2.68123456789
            if (row["countryiso3code"], row["date"]) == ("CHN", "2024"):
                row["value"] = 2.7

    code, out = run(data_copy, str(fixture_copy(tmp_path, "rd", revise, code="GB.XPD.RSDV.GD.ZS")))
    assert code == 0, out
    after = {
        (r["iso3"], r["indicator"], r["year"]): r for r in read_table(data_copy / "wdi_innovation.csv").rows
    }
    shipped = read_table(DEFAULT_DATA_DIR / "wdi_innovation.csv").rows
    revised = after[("CHN", "GB.XPD.RSDV.GD.ZS", "2023")]
    assert (revised["value"], revised["publisher"], revised["unit"]) == (
        "2.68123456789",
        "World Bank",
        "% of GDP",
    )
    assert "indicator/GB.XPD.RSDV.GD.ZS?format=json&per_page=1000&date=1996:2026" in revised["source_url"]
    assert (
        revised["original_source"] == wdi.UIS
        and revised["wdi_vintage"] == "World Bank API, accessed 2026-12-01"
    )
    assert after[("CHN", "GB.XPD.RSDV.GD.ZS", "2024")]["status"] == ""
    assert "- changed: CHN GB.XPD.RSDV.GD.ZS 2023: 2.57729 → 2.68123456789 (+4.03%)" in out
    assert "- added: CHN GB.XPD.RSDV.GD.ZS 2024 = 2.7 (was not published)" in out
    others = [r for r in shipped if r["indicator"] != "GB.XPD.RSDV.GD.ZS" or r["iso3"] != "CHN"]
    assert all(after[(r["iso3"], r["indicator"], r["year"])] == r for r in others)
    changed = {p for p, raw in snapshot_of(data_copy).items() if snapshot_of(DEFAULT_DATA_DIR).get(p) != raw}
    assert {p for p in changed if not p.startswith("snapshots/wdi/2026-12-01/")} == {
        "wdi_innovation.csv",
        "CHANGELOG.md",
    }


def test_a_new_year_adds_gap_rows_and_a_derived_year(data_copy: Path) -> None:
    code, out = run(data_copy, str(FIXTURES / "new_year"))
    assert code == 0, out
    usd = rows_of(data_copy, "wdi_mva_usd")
    assert usd[("CHN", "2026")]["value"] == "4950.500"
    gaps = [usd[(iso3, "2026")] for iso3 in wdi.ECONOMIES if iso3 != "CHN"]
    assert all(r["status"] == "not published" and r["value"] == "" for r in gaps)
    assert "- added: CHN 2026 = 4950.500; DEU 2026 (a gap row: not published)" in out
    cny = rows_of(data_copy, "china_mva_cny_derived_wdi")[("", "2026")]
    assert (
        cny["official_comparator_note"] == derived.NO_COMPARATOR and cny["derived_minus_official_pct"] == ""
    )
    assert rows_of(data_copy, "cny_usd_rate")[("", "2026")]["cny_per_usd"] == "7.104321"


def test_a_verdict_that_flips_is_reported(data_copy: Path) -> None:
    code, out = run(data_copy, str(FIXTURES / "verdict_flip"))
    assert code == 0, out
    assert (
        "- **largest-power** (China remains the world's largest manufacturing power.): matches → differs"
        in out
    )
    assert "matches → differs" in (data_copy / "CHANGELOG.md").read_text()


# --- build ----------------------------------------------------------------------------------------------


def test_build_reproduces_todays_data(data_copy: Path) -> None:
    tables = read_tables(DEFAULT_DATA_DIR)
    for name, derivation in derived.DERIVED.items():
        assert (
            render_table(derived.rebuild(derivation, tables))
            == (DEFAULT_DATA_DIR / f"{name}.csv").read_text()
        )
    before = snapshot_of(data_copy)
    assert cli(["build", str(data_copy)]) == 0 and snapshot_of(data_copy) == before


def test_build_recomputes_what_was_edited_by_hand(
    data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def two_provinces_swap(rows: list[list[str]]) -> None:  # the total stays 1,832
        rows[1][3], rows[2][3] = "91", "40"

    rewrite(data_copy, "china_mva_cny_derived_wdi", lambda rows: (rows[1].__setitem__(1, "1.0"), rows.pop(2)))
    rewrite(data_copy, "china_share_world_mva", lambda rows: rows[3].__setitem__(1, "99.99"))
    rewrite(data_copy, "lg_province_b1b2", two_provinces_swap)
    package = load_package(data_copy)
    problems = {n: [(i.rule, i.line, i.column) for i in package.tables[n].errors] for n in derived.DERIVED}
    assert problems == {
        "china_mva_cny_derived_wdi": [("derivation", 2, "value_100m_cny"), ("derivation", None, "year")],
        "china_share_world_mva": [("derivation", 4, "value_pct")],
        "lg_province_b1b2": [("derivation", 2, "count"), ("derivation", 3, "count")],
    }
    messages = [str(i) for i in package.tables["china_mva_cny_derived_wdi"].errors]
    assert messages[0].startswith(
        "data/china_mva_cny_derived_wdi.csv, line 2, column 'value_100m_cny': should be"
    )
    assert (
        "'169806.6' (rebuilt from wdi_mva_usd and cny_usd_rate by industrial_base.pipeline.build."
        in messages[0]
    )
    assert "the row for 2013 is missing" in messages[1]
    assert cli(["build", str(data_copy), "--check"]) == 1
    assert (
        "build --check: china_mva_cny_derived_wdi, china_share_world_mva, lg_province_b1b2 would change"
        in capsys.readouterr().out
    )
    assert cli(["build", str(data_copy)]) == 0
    for name in ("china_share_world_mva", "lg_province_b1b2"):
        assert filecmp.cmp(data_copy / f"{name}.csv", DEFAULT_DATA_DIR / f"{name}.csv", shallow=False), name
    # the deleted year comes back computed; its hand-curated comparator note was in the deleted row only
    shipped = (DEFAULT_DATA_DIR / "china_mva_cny_derived_wdi.csv").read_text()
    lost = "181867.8,18.187,"
    expected = shipped.replace(
        shipped[shipped.index(lost) :].split("\n", 1)[0],
        shipped[shipped.index(lost) :]
        .split("\n", 1)[0]
        .replace("no official CNY figure found", derived.NO_COMPARATOR),
    )
    assert (data_copy / "china_mva_cny_derived_wdi.csv").read_text() == expected


# --- the mirror ------------------------------------------------------------------------------------------


TECH_SHARE_SNAPSHOT = wdi.MIRROR_SNAPSHOTS / "20289a7f4a74"
WEAK_LINKS_SNAPSHOT = wdi.MIRROR_SNAPSHOTS / "4ebec5a2273f"
WEAK_LINK_CODES = [
    s.code for s in wdi.INDICATORS if s.table in ("wdi_innovation", "wdi_ip_charges", "wdi_tech_exports")
]


def kept_release(folder: Path) -> Release:
    """The release `update wdi-mirror` makes of a kept snapshot folder (every file its manifest lists)."""
    manifest = json.loads((folder / wdi.MANIFEST).read_text())
    files = [
        MirrorFile(
            wdi.BY_CODE[e["indicator"]],
            (folder / e["path"]).read_bytes(),
            e["repository_path"],
            e.get("accessed", manifest["accessed"]),
        )
        for e in manifest["files"]
    ]
    return mirror_release(
        files, manifest["repository"], manifest["commit"], manifest["committed"], "2026-12-06"
    )


@pytest.mark.parametrize("folder", [TECH_SHARE_SNAPSHOT, WEAK_LINKS_SNAPSHOT], ids=lambda f: f.name)
def test_each_mirror_table_is_what_its_snapshot_gives(folder: Path) -> None:
    """The WDI tables taken from the mirror are extracted from the kept files, not typed in: merging the kept
    files into empty tables gives the shipped tables byte for byte."""
    release = kept_release(DEFAULT_DATA_DIR / folder)
    tables: dict[str, Table] = {}
    for batch in release.batches:
        name = batch.spec.table
        shipped = read_table(DEFAULT_DATA_DIR / f"{name}.csv")
        tables[name], _ = merge(tables.get(name, Table(shipped.header)), batch, release)
    assert tables, folder
    for name, table in tables.items():
        assert render_table(table) == (DEFAULT_DATA_DIR / f"{name}.csv").read_text(), name


def test_the_weak_link_values_equal_the_kept_files_read_independently() -> None:
    """Every value of the three weak-links tables against the kept mirror files, read here with the csv
    module: each figure of a package economy from the indicator's first year is in the table, unrounded (US$
    in billions), and every other row is an empty gap row."""
    folder = DEFAULT_DATA_DIR / WEAK_LINKS_SNAPSHOT
    manifest = json.loads((folder / wdi.MANIFEST).read_text())
    assert sorted(e["indicator"] for e in manifest["files"]) == sorted(WEAK_LINK_CODES)
    assert manifest["commit"] == "4ebec5a2273f531ba238a34dbe440394dc5a6c4b"
    for entry in manifest["files"]:
        raw = (folder / entry["path"]).read_bytes()
        assert (
            hashlib.sha256(raw).hexdigest() == entry["sha256"] and wdi.git_blob_id(raw) == entry["git_blob"]
        )
        spec = wdi.BY_CODE[entry["indicator"]]
        with (folder / entry["path"]).open(encoding="utf-8", newline="") as handle:
            source = {
                (r["Country Code"], int(r["Year"])): Decimal(r["Value"])
                for r in csv.DictReader(handle)
                if r["Country Code"] in wdi.ECONOMIES and int(r["Year"]) >= spec.first_year and r["Value"]
            }
        table = read_table(DEFAULT_DATA_DIR / f"{spec.table}.csv").rows
        rows = {(r["iso3"], int(r["year"])): r for r in table if r["indicator"] == spec.code}
        assert {k: Decimal(r["value"]).scaleb(spec.scale) for k, r in rows.items() if r["value"]} == source
        gaps = [r for k, r in rows.items() if k not in source]
        assert all(r["value"] == "" and r["status"] == "not published" for r in gaps), spec.code
        assert {r["unit"] for r in rows.values()} == {spec.unit}
        assert {r["original_source"] for r in rows.values()} == {spec.agency}
        assert {r["original_source_stated_at"] for r in rows.values()} == {wdi.metadata_page(spec.code)}
        china = sorted(y for (iso3, y) in source if iso3 == "CHN")
        assert china[0] == spec.first_year  # each indicator starts with China's first figure
    patents = {
        (r["iso3"], r["year"]): r["value"]
        for r in read_table(DEFAULT_DATA_DIR / "wdi_innovation.csv").rows
        if r["indicator"] == "IP.PAT.RESD"
    }
    assert patents[("CHN", "2021")] == "1426644" and ("CHN", "2022") not in patents  # they stop in 2021


def indicator_folder(tmp_path: Path, codes: list[str]) -> Path:
    """A folder laid out like the mirror's `indicators/`, holding the kept files of the given indicators."""
    target = tmp_path / "indicators"
    for code in codes:
        (target / code.lower()).mkdir(parents=True)
        shutil.copy(DEFAULT_DATA_DIR / WEAK_LINKS_SNAPSHOT / code.lower() / "data.csv", target / code.lower())
    return target


def test_one_mirror_run_takes_many_indicators_into_their_tables(data_copy: Path, tmp_path: Path) -> None:
    """From a copy without the weak-links tables and their snapshot, one run over a folder of indicator files
    writes the three tables and the snapshot exactly as shipped, and one changelog entry for all of them."""
    for name in ("wdi_innovation", "wdi_ip_charges", "wdi_tech_exports"):
        (data_copy / f"{name}.csv").unlink()
    shutil.rmtree(data_copy / WEAK_LINKS_SNAPSHOT)
    lines: list[str] = []
    code = update_wdi_mirror(
        data_copy,
        indicator_folder(tmp_path, WEAK_LINK_CODES),
        WEAK_LINK_CODES,
        "4ebec5a2273f531ba238a34dbe440394dc5a6c4b",
        "2026-07-01",
        say=lines.append,
        today=lambda: dt.date(2026, 12, 6),
    )
    assert code == 0, "\n".join(lines)
    assert snapshot_of(data_copy / WEAK_LINKS_SNAPSHOT) == snapshot_of(DEFAULT_DATA_DIR / WEAK_LINKS_SNAPSHOT)
    for name in ("wdi_innovation", "wdi_ip_charges", "wdi_tech_exports"):
        assert filecmp.cmp(data_copy / f"{name}.csv", DEFAULT_DATA_DIR / f"{name}.csv", shallow=False), name
    changelog = (data_copy / "CHANGELOG.md").read_text()
    heading = "## 2026-12-06: GB.XPD.RSDV.GD.ZS, IP.PAT.RESD, IP.PAT.NRES, SP.POP.SCIE.RD.P6, BM.GSR.ROYL.CD"
    assert changelog.count(heading) == 2  # the shipped entry and this run's, on top
    assert changelog.index(heading) < changelog.index("## Baseline")
    assert "| `wdi_innovation` | 1452 | 0 | 0 |" in "\n".join(lines)


def test_a_kept_mirror_snapshot_folder_gives_its_own_commit_and_changes_nothing(data_copy: Path) -> None:
    before = snapshot_of(data_copy)
    folder = str(data_copy / WEAK_LINKS_SNAPSHOT)
    assert cli(["update", "wdi-mirror", folder, str(data_copy), "--indicator", *WEAK_LINK_CODES]) == 0
    file = str(data_copy / TECH_SHARE_SNAPSHOT / "nv.mnf.tech.zs.un" / "data.csv")
    single = ["--commit", "20289a7f4a748722b6d7142af0ab972f6d038452", "--committed", "2025-12-17"]
    assert (
        cli(["update", "wdi-mirror", file, str(data_copy), "--indicator", "NV.MNF.TECH.ZS.UN", *single]) == 0
    )
    assert snapshot_of(data_copy) == before


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--indicator", "NV.XXX"],
            r"NV\.XXX: the package does not use this indicator \(unknown indicator\)",
        ),
        (
            ["--indicator", "IP.PAT.RESD", "--commit", "20289a7f4a748722b6d7142af0ab972f6d038452"],
            r"--commit 20289a7f4a748722b6d7142af0ab972f6d038452 differs from the manifest's 4ebec5a",
        ),
        (["--indicator", "NV.IND.MANF.CD"], r"NV\.IND\.MANF\.CD: no file for this indicator in the folder"),
    ],
)
def test_a_mirror_run_that_cannot_be_trusted_changes_nothing(
    data_copy: Path, arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot_of(data_copy)
    assert (
        cli(["update", "wdi-mirror", str(data_copy / WEAK_LINKS_SNAPSHOT), str(data_copy), *arguments]) == 1
    )
    assert re.search(message, capsys.readouterr().out)
    assert snapshot_of(data_copy) == before


def test_a_changed_file_in_a_kept_snapshot_is_refused(data_copy: Path, tmp_path: Path) -> None:
    folder = tmp_path / "kept"
    shutil.copytree(data_copy / WEAK_LINKS_SNAPSHOT, folder)
    file = folder / "ip.pat.resd" / "data.csv"
    file.write_bytes(file.read_bytes().replace(b"China,CHN,2021,1426644", b"China,CHN,2021,1426645"))
    lines: list[str] = []
    assert update_wdi_mirror(data_copy, folder, ["IP.PAT.RESD"], say=lines.append) == 1
    assert "IP.PAT.RESD" in lines[0] and "SHA-256 differs from the manifest's" in lines[0]


def test_a_folder_without_a_manifest_needs_the_commit(data_copy: Path, tmp_path: Path) -> None:
    lines: list[str] = []
    folder = indicator_folder(tmp_path, ["IP.PAT.RESD"])
    assert update_wdi_mirror(data_copy, folder, ["IP.PAT.RESD"], say=lines.append) == 1
    assert "has no manifest.json: give --commit and --committed" in lines[0]


def test_only_values_repeated_to_nine_digits_count_as_carried_forward() -> None:
    raw = (DEFAULT_DATA_DIR / TECH_SHARE_SNAPSHOT / "nv.mnf.tech.zs.un" / "data.csv").read_bytes()
    flagged = carried_forward(wdi.read_mirror(wdi.BY_CODE["NV.MNF.TECH.ZS.UN"], raw, "mirror"))
    assert flagged == {("CHN", y) for y in range(2012, 2023)} | {("JPN", y) for y in (2020, 2021, 2022)}
    patents = (DEFAULT_DATA_DIR / WEAK_LINKS_SNAPSHOT / "ip.pat.resd" / "data.csv").read_bytes()
    observations = wdi.read_mirror(wdi.BY_CODE["IP.PAT.RESD"], patents, "mirror")
    india = {o.year: o.value for o in observations if o.iso3 == "IND"}
    assert india[1999] == india[2000] == Decimal(2206)  # equal counts, not an imputation
    assert carried_forward(observations) == set()


def test_the_composition_table_must_agree_with_the_same_file(data_copy: Path) -> None:
    rewrite(data_copy, "china_mfg_composition", lambda rows: rows[4].__setitem__(2, "41.5"))
    errors = load_package(data_copy).tables["china_mfg_composition"].errors
    assert [(i.rule, i.line, i.column) for i in errors] == [("same-source", 5, "value_pct")]
    other_commit = "https://github.com/datasets/world-development-indicators/blob/4ebec5a2273f531ba238a34dbe440394dc5a6c4b/indicators/nv.mnf.tech.zs.un/data.csv"
    rewrite(data_copy, "china_mfg_composition", lambda rows: rows[4].__setitem__(4, other_commit))
    assert load_package(data_copy).tables["china_mfg_composition"].errors == []  # another vintage may differ


# --- freshness, for the dashboard -----------------------------------------------------------------------


def test_freshness_names_the_snapshot_the_vintage_and_the_dates_behind_each_table(
    revised: tuple[Path, str],
) -> None:
    shipped = load_package(DEFAULT_DATA_DIR)
    assert wdi_freshness(shipped) == WdiFreshness(
        retrieved="2026-10-09",
        accessed=None,
        snapshot=None,
        latest_vintage=Vintage("retrieved 2026-10-09", "2026-10-09"),
    )
    assert access_dates(
        shipped, ["wdi_mva_usd", "china_mva_cny_derived_wdi", "wdi_mva_tech_share", "clusters"]
    ) == {
        "wdi_mva_usd": ("2026-10-09", "2026-10-01"),
        "china_mva_cny_derived_wdi": ("2026-10-09", "2026-10-01", "2026-07-01"),
        "wdi_mva_tech_share": ("2025-12-17",),
        "clusters": (),
    }
    updated = load_package(revised[0])
    label = "World Bank API, accessed 2026-12-01"
    assert wdi_freshness(updated) == WdiFreshness(
        "2026-12-01", "2026-12-01", "snapshots/wdi/2026-12-01", Vintage(label, "2026-12-01")
    )
    assert access_dates(updated, ["china_share_world_mva"])["china_share_world_mva"][0] == "2026-12-01"
