"""The tables built from other repositories' files (`pipeline/supply_chains.py`), against the kept snapshots
read here independently with the csv module: every value is the file's, nothing is added or rounded."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from pathlib import Path

import pytest

from industrial_base.__main__ import main as cli
from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR
from industrial_base.pipeline import github
from industrial_base.pipeline.supply_chains import EXTRACTS
from industrial_base.pipeline.tables import read_table, render_table

CSET = DEFAULT_DATA_DIR / github.CSET_CHIP_EXPLORER.folder / "46e010644c23"
PV_ICE = DEFAULT_DATA_DIR / github.NREL_PV_ICE.folder / "378a012a0602"
PV_FILES = {
    "polysilicon": "input-silicon-CountryMarketshare-polysilicon.csv",
    "ingot_mono": "input-silicon-CountryMarketshare-ingot-mono.csv",
    "ingot_multi": "input-silicon-CountryMarketshare-ingot-multi.csv",
    "wafer": "input-silicon-CountryMarketshare-wafer.csv",
    "cell": "input-silicon-CountryMarketshare-cell.csv",
    "module": "input-modules-countryMarketshare-Mfging-bnef.csv",
}


def rows_of(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


@pytest.mark.parametrize("name", sorted(EXTRACTS))
def test_each_table_is_what_build_makes_of_its_snapshot(name: str) -> None:
    extract = EXTRACTS[name]
    snapshot = github.read(DEFAULT_DATA_DIR, extract.repository)
    shipped = DEFAULT_DATA_DIR / f"{name}.csv"
    assert render_table(extract.build(snapshot, read_table(shipped).header)) == shipped.read_text()


def test_the_snapshots_are_pinned_with_their_origin() -> None:
    for folder, repository, commit in (
        (CSET, "georgetown-cset/eto-chip-explorer", "46e010644c2399c812fd89c62cd6297e9cf58525"),
        (PV_ICE, "NREL/PV_ICE", "378a012a0602062ad52f14120d672f362dcc018a"),
    ):
        manifest = json.loads((folder / github.MANIFEST).read_text())
        assert (manifest["repository"], manifest["commit"]) == (repository, commit)
        assert manifest["accessed"] == "2026-12-06" and manifest["licences"]
        for entry in manifest["files"]:
            raw = (folder / entry["path"]).read_bytes()
            assert github.git_blob_id(raw) == entry["git_blob"] and len(raw) == entry["bytes"]
            assert entry["url"] == f"https://github.com/{repository}/blob/{commit}/{entry['repository_path']}"
    licence = (CSET / "LICENSE.md").read_text()
    assert "Attribution-NonCommercial 4.0 International" in licence
    assert "BSD 3-Clause License" in (PV_ICE / "LICENSE.md").read_text()


# --- semiconductor_supply_shares ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chip() -> list[dict[str, str]]:
    return read_table(DEFAULT_DATA_DIR / "semiconductor_supply_shares.csv").rows


def test_every_provision_row_is_in_the_table_with_its_share_and_year(chip: list[dict[str, str]]) -> None:
    provision = rows_of(CSET / "provision.csv")
    assert len(chip) == len(provision) == 1300
    table = {(r["input_id"], r["provider_id"]): r for r in chip}
    for row in provision:
        mine = table[(row["provided_id"], row["provider_id"])]
        assert (mine["world_share_pct"], mine["year"], mine["input"]) == (
            row["share_provided"],
            row["year"],
            row["provided_name"],
        )
        assert (mine["status"] == "qualitative only") == (row["share_provided"] == "")
        if row["source"]:
            assert (mine["cset_source"], mine["cset_source_from"]) == (row["source"], "provision.csv")


def test_china_as_a_country_and_chinese_firms(chip: list[dict[str, str]]) -> None:
    providers = rows_of(CSET / "providers.csv")
    firms = {
        p["provider_id"] for p in providers if p["provider_type"] == "organization" and p["country"] == "CHN"
    }
    provision = rows_of(CSET / "provision.csv")
    assert sum(r["provider_id"] in firms for r in provision) == 124
    china = [r for r in chip if r["provider_id"] == "P2"]
    assert len(china) == 79 and {r["provider_alias"] for r in china} == {"China"}
    assert {r["year"] for r in china} == {"2019", "2021", "2022", "2025"}  # mixed years, kept on every row
    chinese_firms = [
        r for r in chip if r["provider_type"] == "organization" and r["provider_country"] == "CHN"
    ]
    assert len(chinese_firms) == 124
    lithography = {
        r["provider_alias"] or r["provider"]: r["world_share_pct"] for r in chip if r["input_id"] == "N19"
    }
    assert (lithography["China"], lithography["Netherlands"]) == ("0.2", "81.5")


def test_the_2025_figures_are_csets_analysis_of_techinsights_data(chip: list[dict[str, str]]) -> None:
    years = {r["year"] for r in chip}
    assert years == {"2019", "2021", "2022", "2025"}
    assert all(
        r["cset_source"].startswith("CSET analysis of TechInsights data (2025)")
        for r in chip
        if r["year"] == "2025"
    )


def test_stages_come_from_the_files_and_say_how(chip: list[dict[str, str]]) -> None:
    by_input = {r["input_id"]: r for r in chip}
    assert (by_input["N19"]["stage"], by_input["N19"]["stage_basis"]) == (
        "Fabrication",
        "derived from sequence.csv",
    )
    assert by_input["N84"]["stage_id"] == "S1"  # EDA software goes into design
    assert by_input["N120"]["stage_id"] == "S3"  # test tools
    assert (by_input["S2"]["stage_basis"], by_input["S2"]["input_type"]) == ("is a stage", "stage")
    gases = by_input["N91"]  # goes into fabrication materials and packaging materials
    assert (gases["stage_id"], gases["stage_basis"]) == ("", "several stages") and "(S2, S3)" in gases["note"]


# --- pv_manufacturing_shares --------------------------------------------------------------------------------


def pv_cells(step: str) -> dict[tuple[str, str], str]:
    """(country as written, year) -> value, read from the kept file (the module file is transposed)."""
    table = list(csv.reader(io.StringIO((PV_ICE / PV_FILES[step]).read_text(encoding="utf-8-sig"))))
    header, body = table[0], [r for r in table[1:] if r]
    if step == "module":
        return {(header[i], r[0]): r[i] for r in body for i in range(1, len(header))}
    return {(r[0], header[i]): r[i] for r in body for i in range(1, len(header))}


@pytest.fixture(scope="module")
def pv() -> list[dict[str, str]]:
    return read_table(DEFAULT_DATA_DIR / "pv_manufacturing_shares.csv").rows


def test_every_pv_share_is_the_files_value(pv: list[dict[str, str]]) -> None:
    table: dict[str, dict[tuple[str, str], str]] = defaultdict(dict)
    for r in pv:
        table[r["step"]][(r["country_in_file"], r["year"])] = r["world_share_pct"]
    assert {step: pv_cells(step) for step in PV_FILES} == table
    assert len(pv) == 1368
    china = {(r["step"], r["year"]): r["world_share_pct"] for r in pv if r["iso3"] == "CHN"}
    assert china[("polysilicon", "2022")] == "77.54152057" and china[("module", "2022")] == "80.22608197"


def test_what_the_pv_files_say_about_themselves(pv: list[dict[str, str]]) -> None:
    """The statements the descriptor makes, checked against the files: capacity for silicon per NREL's
    notebook, nothing said for modules; every country listed reached 1% in some year while its smaller years
    are kept, and no year adds up to more than 100; polysilicon 2022 repeats 2021 (the only step whose 2022
    does)."""
    notebook = (PV_ICE / "(baseline development) Carbon - Silicon.py").read_text()
    assert "crunched data from BNEF commissioned capacity" in notebook
    assert "Everything that was less than 1% of global marketshare was excluded" in notebook
    assert {r["measure"] for r in pv if r["step"] != "module"} == {"commissioned capacity"}
    assert {r["measure"] for r in pv if r["step"] == "module"} == {"not stated"}
    for step in PV_FILES:
        cells = pv_cells(step)
        highest: dict[str, float] = defaultdict(float)
        totals: dict[str, float] = defaultdict(float)
        for (country, year), value in cells.items():
            highest[country] = max(highest[country], float(value))
            totals[year] += float(value)
        assert min(highest.values()) >= 1, step
        assert any(0 < float(v) < 1 for v in cells.values()), step
        assert all(total < 100.0001 for total in totals.values()), step
        same_2022 = all(v == cells[(c, "2021")] for (c, year), v in cells.items() if year == "2022")
        assert same_2022 == (step == "polysilicon"), step
    assert {(r["step"], r["year"]) for r in pv if r["year_flag"]} == {
        ("polysilicon", "2022"),
        ("ingot_mono", "2006"),  # China 100% in 2005 and 2006
        ("ingot_mono", "2004"),  # every country 0
    }
    assert {r["confidence"] for r in pv if r["year_flag"]} == {"low"}


# --- refusing what cannot be trusted ------------------------------------------------------------------------


def test_a_changed_snapshot_file_stops_build_and_validation_says_nothing_new(data_copy: Path) -> None:
    kept = data_copy / github.CSET_CHIP_EXPLORER.folder / "46e010644c23" / "provision.csv"
    kept.write_bytes(
        kept.read_bytes().replace(b"CHN,P2,Lithography tools,N19,0.2,", b"CHN,P2,Lithography tools,N19,9.2,")
    )
    with pytest.raises(
        github.SnapshotError, match=r"provision\.csv differs from the file the manifest records"
    ):
        github.read(data_copy, github.CSET_CHIP_EXPLORER)
    assert cli(["build", str(data_copy), "--check"]) == 1
    assert load_package(data_copy).errors == []  # the table itself is still the one built from the true file
