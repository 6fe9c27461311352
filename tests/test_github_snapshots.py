"""`update github`: files of another repository kept as a snapshot at a commit, and the tables rebuilt from
them. The repository is a local one made here from the kept files (git, no network)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.test_update import snapshot_of

from industrial_base.__main__ import main as cli
from industrial_base.pipeline import github
from industrial_base.pipeline.commands import update_github
from industrial_base.pipeline.tables import read_table

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

CSET = github.CSET_CHIP_EXPLORER
KEPT = CSET.folder / "46e010644c23"
LITHOGRAPHY_CHINA = b"CHN,P2,Lithography tools,N19,0.2,"


def git(repo: Path, *args: str, date: str = "2026-09-01T12:00:00+00:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    identity = ["-c", "user.name=test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    run = subprocess.run(["git", *identity, *args], cwd=repo, env=env, capture_output=True, check=True)
    return run.stdout.decode().strip()


@pytest.fixture
def repository(data_copy: Path, tmp_path: Path) -> tuple[Path, str, str]:
    """A repository holding the kept CSET files (first commit, 2026-09-01), then China's lithography share
    changed from 0.2 to 0.3 (second commit, 2026-09-02): its git directory and the two commits."""
    repo = tmp_path / "eto-chip-explorer"
    repo.mkdir()
    git(repo, "init", "-q")
    manifest = json.loads((data_copy / KEPT / github.MANIFEST).read_text())
    for entry in manifest["files"]:
        target = repo / entry["repository_path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(data_copy / KEPT / entry["path"], target)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the kept files")
    first = git(repo, "rev-parse", "HEAD")
    provision = repo / "data" / "provision.csv"
    provision.write_bytes(
        provision.read_bytes().replace(LITHOGRAPHY_CHINA, LITHOGRAPHY_CHINA.replace(b"0.2", b"0.3"))
    )
    git(repo, "commit", "-q", "-am", "revise a share", date="2026-09-02T12:00:00+00:00")
    return repo / ".git", first, git(repo, "rev-parse", "HEAD")


def test_a_newer_commit_is_kept_and_the_table_follows(
    data_copy: Path, repository: tuple[Path, str, str]
) -> None:
    git_dir, first, second = repository
    lines: list[str] = []
    code = update_github(
        data_copy, CSET.name, git_dir, second, say=lines.append, today=lambda: dt.date(2026, 12, 7)
    )
    out = "\n".join(lines)
    assert code == 0, out
    folder = data_copy / CSET.folder / second[:12]
    manifest = json.loads((folder / github.MANIFEST).read_text())
    assert (manifest["commit"], manifest["committed"], manifest["accessed"]) == (
        second,
        "2026-09-02",
        "2026-12-07",
    )
    assert manifest["licences"][0]["name"] == "CC-BY-NC-4.0"
    for entry in manifest["files"]:
        path = entry["repository_path"]
        assert entry["git_blob"] == git(git_dir.parent, "rev-parse", f"{second}:{path}")  # git's own id
        assert entry["last_changed"]["commit"] == (second if path == "data/provision.csv" else first)
    rows = {
        (r["input_id"], r["provider_id"]): r
        for r in read_table(data_copy / "semiconductor_supply_shares.csv").rows
    }
    china = rows[("N19", "P2")]
    assert (
        china["world_share_pct"] == "0.3"
        and second in china["source_url"]
        and china["source_date"] == "2026-09-02"
    )
    revisions = [line for line in out.split("Largest revisions:")[1].splitlines() if line.startswith("| `")]
    assert revisions == ["| `semiconductor_supply_shares` | N19 P2 | 0.2 | 0.3 | +50.00% |"]  # the only one
    changelog = (data_copy / "CHANGELOG.md").read_text()
    assert changelog.split("\n## ")[1].startswith(
        f"2026-12-07: {CSET.name} at {second[:7]} (committed 2026-09-02)"
    )
    assert (data_copy / KEPT).is_dir()  # the earlier snapshot stays; build reads the newest
    assert cli(["build", str(data_copy), "--check"]) == 0
    before = snapshot_of(data_copy)
    assert update_github(data_copy, CSET.name, git_dir, second, say=lines.append) == 0
    assert snapshot_of(data_copy) == before and lines[-1].startswith("No change")


def test_the_kept_commit_again_changes_nothing(data_copy: Path, repository: tuple[Path, str, str]) -> None:
    """The first commit holds the kept files: the table it gives differs from the shipped one only in citing
    that commit, so the values and everything but the provenance stay."""
    git_dir, first, _ = repository
    shipped = read_table(data_copy / "semiconductor_supply_shares.csv").rows
    assert update_github(data_copy, CSET.name, git_dir, first, say=lambda _: None) == 0
    rows = read_table(data_copy / "semiconductor_supply_shares.csv").rows
    provenance = {"source_url", "source", "source_date"}
    strip = [{k: v for k, v in r.items() if k not in provenance} for r in rows]
    assert strip == [{k: v for k, v in r.items() if k not in provenance} for r in shipped]


@pytest.mark.parametrize(
    ("repository_name", "commit", "message"),
    [
        ("someone/else", "HEAD", "the package takes no files from someone/else"),
        (CSET.name, "0" * 40, "git rev-parse --verify"),
    ],
)
def test_what_cannot_be_recorded_changes_nothing(
    data_copy: Path, repository: tuple[Path, str, str], repository_name: str, commit: str, message: str
) -> None:
    before = snapshot_of(data_copy)
    lines: list[str] = []
    assert update_github(data_copy, repository_name, repository[0], commit, say=lines.append) == 1
    assert message in lines[0] and lines[0].endswith("data/ is unchanged.")
    assert snapshot_of(data_copy) == before
