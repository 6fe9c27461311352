"""Files of other GitHub repositories that tables are built from, kept as snapshots with their origin.

A snapshot is a folder `snapshots/github/<owner>+<name>/<commit, first 12 digits>/` in the data folder holding
the files as committed (each under the last part of its repository path) and a `manifest.json`: the
repository, the commit and its date, the access date, the licences, and per file its repository path, URL,
SHA-256, git blob id, size and the last commit that changed it. `record` takes the files from a git directory
(a clone's `.git` or a bare mirror) with `git cat-file`, so each is the file at the commit, byte for byte, and
its git blob id is the repository's own; `read` checks every file against the manifest before a table is
built from it.

`REPOSITORIES` names what the package takes from each repository and under which terms; a table built from a
repository reads its latest snapshot (the newest commit kept).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GITHUB_SNAPSHOTS = Path("snapshots") / "github"
MANIFEST = "manifest.json"


class SnapshotError(Exception):
    """A snapshot that cannot be recorded or used: names the repository, the file and the problem."""


@dataclass(frozen=True)
class Repository:
    """A GitHub repository the package takes files from: which files, under which licences, from whom."""

    name: str
    files: tuple[str, ...]
    """Repository paths kept in a snapshot: the data files first, then the licence and the notes that the
    package's descriptions rely on."""
    licences: tuple[dict[str, str], ...]
    publisher: str

    @property
    def folder(self) -> Path:
        """Where its snapshots are kept, relative to the data folder (one subfolder per commit)."""
        return GITHUB_SNAPSHOTS / self.name.replace("/", "+")


CSET_CHIP_EXPLORER = Repository(
    "georgetown-cset/eto-chip-explorer",
    files=(
        "data/provision.csv",
        "data/providers.csv",
        "data/inputs.csv",
        "data/stages.csv",
        "data/sequence.csv",
        "data/README.md",
        "data/technical_notes.md",
        "LICENSE.md",
    ),
    licences=(
        {
            "name": "CC-BY-NC-4.0",
            "path": "https://creativecommons.org/licenses/by-nc/4.0/",
            "title": "Creative Commons Attribution-NonCommercial 4.0 International (the repository's "
            "LICENSE.md): non-commercial use only",
        },
    ),
    publisher="Center for Security and Emerging Technology (CSET), Emerging Technology Observatory: "
    "Chip Explorer (ETO Advanced Semiconductor Supply Chain Dataset)",
)
NREL_PV_ICE = Repository(
    "NREL/PV_ICE",
    files=(
        *(
            f"PV_ICE/baselines/SupportingMaterial/CarbonIntensities/{name}.csv"
            for name in (
                "input-silicon-CountryMarketshare-polysilicon",
                "input-silicon-CountryMarketshare-ingot-mono",
                "input-silicon-CountryMarketshare-ingot-multi",
                "input-silicon-CountryMarketshare-wafer",
                "input-silicon-CountryMarketshare-cell",
                "input-modules-countryMarketshare-Mfging-bnef",
            )
        ),
        "docs/baseline development documentation/(baseline development) Carbon - Silicon.py",
        "LICENSE.md",
    ),
    licences=(
        {
            "name": "BSD-3-Clause",
            "path": "https://opensource.org/license/bsd-3-clause",
            "title": "BSD 3-Clause License, Copyright 2020-2024 Alliance for Sustainable Energy, LLC (the "
            "repository's LICENSE.md; covers NREL's work)",
        },
        {
            "name": "BloombergNEF",
            "path": "https://about.bnef.com/",
            "title": "Figures compiled by NREL from BloombergNEF data; BloombergNEF's own terms are not "
            "stated in the repository (attribute BloombergNEF)",
        },
    ),
    publisher="National Renewable Energy Laboratory (NREL), PV_ICE, from BloombergNEF data",
)
REPOSITORIES = {r.name: r for r in (CSET_CHIP_EXPLORER, NREL_PV_ICE)}


def git_blob_id(raw: bytes) -> str:
    """The id git gives a file with these bytes (`git hash-object`)."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()


def _git(git_dir: Path, *args: str) -> bytes:
    run = subprocess.run(["git", f"--git-dir={git_dir}", *args], capture_output=True, check=False)
    if run.returncode != 0:
        said = run.stderr.decode("utf-8", errors="replace").strip()
        raise SnapshotError(f"git {' '.join(args)} failed in {git_dir}: {said}")
    return run.stdout


@dataclass
class Snapshot:
    """The files of one repository at one commit, checked against their manifest."""

    repository: Repository
    path: Path
    """The snapshot folder, relative to the data folder (as rows cite it)."""
    manifest: dict[str, Any]
    raw: dict[str, bytes]
    """Repository path -> the file's bytes."""

    @property
    def commit(self) -> str:
        return str(self.manifest["commit"])

    def entry(self, repository_path: str) -> dict[str, Any]:
        return next(f for f in self.manifest["files"] if f["repository_path"] == repository_path)

    def text(self, repository_path: str) -> str:
        """A file as text (UTF-8; a byte-order mark is dropped)."""
        return self.raw[repository_path].decode("utf-8-sig")

    def url(self, repository_path: str) -> str:
        return f"https://github.com/{self.repository.name}/blob/{self.commit}/{repository_path}"

    def cite(self, repository_path: str, where: str = "") -> str:
        """`github:OWNER/REPO:PATH@COMMIT (where; file kept as FOLDER/NAME, sha256 …)`."""
        entry = self.entry(repository_path)
        kept = f"file kept as {(self.path / entry['path']).as_posix()}, sha256 {entry['sha256']}"
        detail = f"{where}; {kept}" if where else kept
        return f"github:{self.repository.name}:{repository_path}@{self.commit} ({detail})"

    def last_changed(self, repository_path: str) -> str:
        """The date of the last commit that changed the file, up to the snapshot's commit."""
        return str(self.entry(repository_path)["last_changed"]["date"])


def record(
    repository: Repository, git_dir: Path, commit: str, accessed: str
) -> tuple[Path, dict[str, bytes]]:
    """The snapshot of `repository`'s files at `commit`, read from a git directory: the folder (relative to
    the data folder) and its files by name, `manifest.json` included."""
    full = _git(git_dir, "rev-parse", "--verify", f"{commit}^{{commit}}").decode().strip()
    committed = _git(git_dir, "show", "-s", "--format=%cs", full).decode().strip()
    files: dict[str, bytes] = {}
    entries = []
    for path in repository.files:
        raw = _git(git_dir, "cat-file", "blob", f"{full}:{path}")
        name = Path(path).name
        if name in files:
            raise SnapshotError(f"{repository.name}: two files are named {name}")
        last, last_date = _git(git_dir, "log", "-1", "--format=%H %cs", full, "--", path).decode().split()
        files[name] = raw
        entries.append(
            {
                "path": name,
                "repository_path": path,
                "url": f"https://github.com/{repository.name}/blob/{full}/{path}",
                "raw_url": f"https://raw.githubusercontent.com/{repository.name}/{full}/{path}",
                "sha256": hashlib.sha256(raw).hexdigest(),
                "git_blob": git_blob_id(raw),
                "bytes": len(raw),
                "last_changed": {"commit": last, "date": last_date},
            }
        )
    manifest = {
        "kind": "files of a GitHub repository at a commit",
        "repository": repository.name,
        "commit": full,
        "committed": committed,
        "publisher": repository.publisher,
        "licences": list(repository.licences),
        "accessed": accessed,
        "files": entries,
    }
    files[MANIFEST] = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return repository.folder / full[:12], files


def write(data_dir: Path, folder: Path, files: dict[str, bytes]) -> None:
    target = data_dir / folder
    target.mkdir(parents=True, exist_ok=True)
    for name, raw in files.items():
        (target / name).write_bytes(raw)


def read(data_dir: Path, repository: Repository) -> Snapshot:
    """The repository's latest snapshot in the data folder (newest commit date; the folder name breaks a
    tie), every file present with the SHA-256 and git blob id its manifest records."""
    kept = []
    for folder in sorted((data_dir / repository.folder).glob(f"*/{MANIFEST}")):
        try:
            manifest = json.loads(folder.read_text(encoding="utf-8"))
        except ValueError as error:
            raise SnapshotError(f"{folder} is not a snapshot manifest ({error})") from None
        kept.append((str(manifest.get("committed", "")), folder.parent.name, folder.parent, manifest))
    if not kept:
        raise SnapshotError(f"no snapshot of {repository.name} in {data_dir / repository.folder}")
    _, _, folder, manifest = max(kept, key=lambda k: (k[0], k[1]))
    raw: dict[str, bytes] = {}
    for entry in manifest.get("files", []):
        file = folder / entry["path"]
        if not file.is_file():
            raise SnapshotError(f"{repository.name}: {file} is missing (the manifest lists it)")
        content = file.read_bytes()
        if (
            hashlib.sha256(content).hexdigest() != entry["sha256"]
            or git_blob_id(content) != entry["git_blob"]
        ):
            raise SnapshotError(f"{repository.name}: {file} differs from the file the manifest records")
        raw[entry["repository_path"]] = content
    missing = [p for p in repository.files if p not in raw]
    if missing:
        raise SnapshotError(f"{repository.name}: the snapshot in {folder} lacks {', '.join(missing)}")
    return Snapshot(repository, folder.relative_to(data_dir), manifest, raw)
