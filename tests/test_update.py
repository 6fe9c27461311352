"""`update wdi`, `update wdi-mirror` and `build` end to end, on copies of data/ and recorded API responses."""

from __future__ import annotations

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
from industrial_base.pipeline.commands import mirror_release, update_wdi
from industrial_base.pipeline.folder import read_tables
from industrial_base.pipeline.tables import Table, read_table, render_table
from industrial_base.pipeline.update import GAP_NOTE, carried_forward, merge

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


def test_the_tech_share_table_is_what_its_snapshot_gives() -> None:
    """The new indicator's baseline is extracted from the kept mirror file, not typed in."""
    folder = next((DEFAULT_DATA_DIR / wdi.MIRROR_SNAPSHOTS).iterdir())
    manifest = json.loads((folder / wdi.MANIFEST).read_text())
    entry = manifest["files"][0]
    spec = wdi.BY_CODE[entry["indicator"]]
    raw = (folder / entry["path"]).read_bytes()
    release = mirror_release(
        spec,
        raw,
        manifest["repository"],
        manifest["commit"],
        manifest["committed"],
        entry["repository_path"],
        manifest["accessed"],
    )
    shipped = DEFAULT_DATA_DIR / "wdi_mva_tech_share.csv"
    merged, written = merge(Table(read_table(shipped).header), release.batches[0], release)
    assert render_table(merged) == shipped.read_text() and len(written) == 121


def test_the_mirror_command_on_the_kept_file_changes_nothing(data_copy: Path) -> None:
    folder = next((data_copy / wdi.MIRROR_SNAPSHOTS).iterdir())
    manifest = json.loads((folder / wdi.MANIFEST).read_text())
    before = snapshot_of(data_copy)
    arguments = [
        "--indicator",
        "NV.MNF.TECH.ZS.UN",
        "--commit",
        manifest["commit"],
        "--committed",
        "2025-12-17",
    ]
    file = str(folder / manifest["files"][0]["path"])
    assert cli(["update", "wdi-mirror", file, str(data_copy), *arguments]) == 0
    assert snapshot_of(data_copy) == before
    assert cli(["update", "wdi-mirror", file, str(data_copy), "--indicator", "NV.XXX", *arguments[2:]]) == 1


def test_only_values_repeated_to_nine_digits_count_as_carried_forward() -> None:
    folder = next((DEFAULT_DATA_DIR / wdi.MIRROR_SNAPSHOTS).iterdir())
    raw = next(folder.glob("*/data.csv")).read_bytes()
    flagged = carried_forward(wdi.read_mirror(wdi.BY_CODE["NV.MNF.TECH.ZS.UN"], raw, "mirror"))
    assert flagged == {("CHN", y) for y in range(2012, 2023)} | {("JPN", y) for y in (2020, 2021, 2022)}


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
