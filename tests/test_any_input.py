"""Any input to the pipeline gives a clear error and leaves `data/` as it was (property-based, with
Hypothesis): a snapshot folder for `update wdi --from`, an indicator file or folder for `update wdi-mirror`, a
broken table for `build`, and the validator's command line on any bytes."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from industrial_base.__main__ import main as cli
from industrial_base.package import DEFAULT_DATA_DIR
from industrial_base.pipeline import commands, wdi

BOUNDED = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=25,
)
MANIFEST_ENTRY = st.fixed_dictionaries(
    {},
    optional={
        "indicator": st.sampled_from([s.code for s in wdi.INDICATORS]) | st.text(max_size=6) | st.integers(),
        "page": st.integers(-2, 5) | st.text(max_size=3) | st.none(),
        "path": st.sampled_from(["page-1.json", "../x", "/etc/passwd", ""]) | st.integers(),
        "sha256": st.text(max_size=8) | st.none(),
        "url": st.text(max_size=8),
        "accessed": st.text(max_size=10) | st.integers(),
    },
)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    copy = tmp_path_factory.mktemp("any_input") / "data"
    shutil.copytree(DEFAULT_DATA_DIR, copy)
    yield copy


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def refused(run: object, data: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Run a command (a no-argument callable): it must answer 1 with what it refused, and change nothing."""
    before = digest(data)
    assert run() == 1  # type: ignore[operator]
    assert digest(data) == before, "a refused command changes nothing in data/"
    said = capsys.readouterr().out
    assert "unchanged" in said or "refused" in said.lower(), said
    return said


@BOUNDED
@given(
    manifest=st.binary(max_size=200)
    | JSON.map(lambda doc: json.dumps(doc).encode())
    | st.lists(MANIFEST_ENTRY, max_size=4).map(lambda files: json.dumps({"files": files}).encode()),
    page=st.binary(max_size=300) | JSON.map(lambda doc: json.dumps(doc).encode()),
)
def test_update_wdi_from_any_snapshot_folder(
    data: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str],
    manifest: bytes, page: bytes,
) -> None:  # fmt: skip
    folder = tmp_path_factory.mktemp("snapshot")
    (folder / wdi.MANIFEST).write_bytes(manifest)
    (folder / "page-1.json").write_bytes(page)
    refused(lambda: commands.update_wdi(data, folder), data, capsys)


@BOUNDED
@given(content=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_update_wdi_mirror_from_any_file(
    data: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    file = tmp_path_factory.mktemp("mirror") / "data.csv"
    file.write_bytes(b"Country Name,Country Code,Year,Value\n" + content if content[:1] == b"#" else content)
    refused(
        lambda: commands.update_wdi_mirror(
            data, file, ["NV.MNF.TECH.ZS.UN"], commit="0" * 40, committed="2026-01-01"
        ),
        data,
        capsys,
    )


@BOUNDED
@given(
    name=st.sampled_from(["wdi_mva_usd", "cny_usd_rate", "lg_province", "provinces"]),
    content=st.binary(max_size=300),
)
def test_build_on_a_broken_input_table(
    data: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes
) -> None:
    path = data / f"{name}.csv"
    original = path.read_bytes()
    path.write_bytes(content)
    try:
        said = refused(lambda: commands.build(data), data, capsys)
    finally:
        path.write_bytes(original)
    assert f"{name}.csv" in said, "the refusal names the broken file"


@settings(BOUNDED, max_examples=15)
@given(content=st.binary(max_size=300))
def test_the_validator_command_line_on_any_bytes(
    data: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    path = data / "sectors.csv"
    original = path.read_bytes()
    path.write_bytes(content)
    try:
        assert cli(["validate", str(data)]) == 1
    finally:
        path.write_bytes(original)
    assert "FAIL sectors" in capsys.readouterr().out
