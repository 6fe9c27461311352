"""The pipeline's commands: `build`, `update wdi` (the World Bank API, or a snapshot folder saved earlier),
`update wdi-mirror` (indicator files of the WDI mirror on GitHub, one or many in one run) and `update github`
(the files the package takes from another GitHub repository, at a commit). Each returns an exit status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from industrial_base.loading import load_package
from industrial_base.pipeline import github, wdi
from industrial_base.pipeline.diff import Diff, diff_table, flips, render
from industrial_base.pipeline.folder import read_tables, rebuild_derived, refusal, resource_schemas
from industrial_base.pipeline.staging import Staging
from industrial_base.pipeline.tables import Table
from industrial_base.pipeline.update import CHANGELOG, Batch, Release, Say, apply, prepend_entry
from industrial_base.pipeline.wdi import INDICATORS, IndicatorSpec, Observation, Page, WdiError


def build(data_dir: Path, check: bool = False, say: Say = print) -> int:
    """Rebuild the derived tables from their inputs and the tables taken from other repositories from their
    latest snapshots; with `check`, only say whether any would change."""
    data_dir = Path(data_dir)
    refused = refusal(data_dir, "Build")
    if refused:
        say(refused)
        return 1
    before = read_tables(data_dir)
    with Staging(data_dir) as stage:
        try:
            changed = rebuild_derived(stage.path)
        except github.SnapshotError as error:
            say(f"Build failed: {error}\n{data_dir.name}/ is unchanged.")
            return 1
        if not changed:
            say(
                f"The derived tables of {data_dir.name}/ are what build computes from their inputs, and the "
                "tables taken from other repositories what it makes of their snapshots."
            )
            return 0
        schemas, after = resource_schemas(stage.path), read_tables(stage.path)
        diff = Diff([diff_table(n, before[n], after[n], schemas[n]) for n in changed])
        package = stage.validate()
        if not package.errors:
            diff.flips = flips(load_package(data_dir), package)
        say(render(diff, f"build: derived tables of {data_dir.name}/ rebuilt"))
        if check:
            say(f"build --check: {', '.join(changed)} would change; nothing written.")
            return 1
        if package.errors:
            for issue in package.errors:
                say(f"ERROR {issue}")
            say(f"\nBuild refused: the result does not validate. {data_dir.name}/ is unchanged.")
            return 1
        stage.replace(stage.changed_files())
        say(f"Rebuilt {', '.join(changed)}.")
    return 0


def _snapshot_id(data_dir: Path, day: str) -> tuple[str, str]:
    """The snapshot folder name for a day (`2026-12-02`, then `2026-12-02-2` for a second update that day)
    and the vintage label it gives."""
    folder, number = day, 1
    while (data_dir / wdi.API_SNAPSHOTS / folder).exists():
        number += 1
        folder = f"{day}-{number}"
    label = f"World Bank API, accessed {day}" + (f" (update {number} of the day)" if number > 1 else "")
    return folder, label


@dataclass(frozen=True)
class CitedPages:
    """The pages of one indicator, and how a row written from one of their observations cites it."""

    spec: IndicatorSpec
    pages: dict[int, Page]
    snapshot: Path

    def page(self, obs: Observation | None) -> Page:
        return self.pages[obs.page if obs is not None and obs.page is not None else 1]

    def cite(self, obs: Observation | None) -> tuple[str, str]:
        page = self.page(obs)
        return page.url, (
            f"World Bank WDI, Indicators API v2: {page.url} (accessed {page.accessed[:10]}; WDI last updated "
            f"{page.last_updated or 'not stated'}; response kept as {self.snapshot.as_posix()}/{page.file}, "
            f"sha256 {page.sha256})"
        )

    def where(self, obs: Observation | None) -> str:
        page = self.page(obs)
        return f"{self.spec.code}, page {page.number} ({page.url})"


def api_release(data_dir: Path, pages: dict[str, list[Page]]) -> Release:
    everything = [p for code in pages for p in pages[code]]
    day = min(p.accessed for p in everything)[:10]
    folder, vintage = _snapshot_id(data_dir, day)
    snapshot = wdi.API_SNAPSHOTS / folder
    batches = []
    for spec in INDICATORS:
        cited = CitedPages(spec, {p.number: p for p in pages[spec.code]}, snapshot)
        batches.append(
            Batch(spec, wdi.check_complete(spec, list(cited.pages.values())), cited.cite, cited.where)
        )
    return Release(
        batches=batches,
        vintage=vintage,
        source_date=day,
        publisher=wdi.PUBLISHER,
        confidence="high",
        snapshot=snapshot,
        save_snapshot=lambda folder: wdi.write_snapshot(folder, everything),
        heading=f"{day}: World Bank WDI from the Indicators API",
        preamble=[
            f"Snapshot `{snapshot.as_posix()}/`: {len(everything)} responses for {len(pages)} indicators; "
            f"each file's URL, access time and SHA-256, and the licence ({wdi.LICENCE['name']}), are in its "
            f"`{wdi.MANIFEST}`."
        ],
    )


def update_wdi(
    data_dir: Path,
    source: Path | None = None,
    dry_run: bool = False,
    say: Say = print,
    today: Callable[[], dt.date] = dt.date.today,
    **fetch_options: Any,
) -> int:
    """Refresh every WDI indicator the package uses, from the API or from a snapshot folder (`source`).
    `fetch_options` go to `wdi.fetch` (opener, clock, timeout, retries, sleep)."""
    try:
        if source is not None:
            pages = wdi.read_snapshot(Path(source))
        else:
            pages = {spec.code: wdi.fetch(spec, today().year, **fetch_options) for spec in INDICATORS}
        release = api_release(Path(data_dir), pages)
    except WdiError as error:
        say(f"Update failed: {error}\n{Path(data_dir).name}/ is unchanged.")
        return 1
    return apply(Path(data_dir), release, dry_run, say)


@dataclass(frozen=True)
class MirrorFile:
    """One indicator file of a WDI mirror on GitHub as committed: its indicator, bytes, repository path and
    access date."""

    spec: IndicatorSpec
    raw: bytes
    path: str
    accessed: str

    @property
    def file(self) -> str:
        """Where the snapshot keeps it: `<code>/data.csv`, the last two parts of its repository path."""
        return "/".join(Path(self.path).parts[-2:])

    @property
    def sha256(self) -> str:
        return wdi.hashlib.sha256(self.raw).hexdigest()


def mirror_release(
    files: list[MirrorFile], repository: str, commit: str, committed: str, accessed: str
) -> Release:
    """A release of indicator files of a WDI mirror on GitHub, all at one commit, kept as one snapshot
    (`snapshots/wdi-mirror/<commit>/`) with their origin. A snapshot folder of the same commit kept earlier is
    extended: its manifest keeps the files it lists and gains the new ones."""
    snapshot = wdi.MIRROR_SNAPSHOTS / commit[:12]
    batches = []
    entries = []
    for item in files:
        spec = item.spec
        url = f"https://github.com/{repository}/blob/{commit}/{item.path}"
        where = f"{spec.code} ({repository}:{item.path}@{commit[:7]})"
        observations = wdi.read_mirror(spec, item.raw, where)
        if not observations:
            raise WdiError(spec.code, None, "the file has no row for the package's economies", where)
        source = (
            f"github:{repository}:{item.path}@{commit} (WDI {spec.code}, committed {committed}; file kept as "
            f"{snapshot.as_posix()}/{item.file}, sha256 {item.sha256})"
        )
        batches.append(Batch(spec, observations, lambda _, c=(url, source): c, lambda _, w=where: w))
        entries.append(
            {
                "path": item.file,
                "indicator": spec.code,
                "repository_path": item.path,
                "url": url,
                "raw_url": f"https://raw.githubusercontent.com/{repository}/{commit}/{item.path}",
                "sha256": item.sha256,
                "git_blob": wdi.git_blob_id(item.raw),
                "bytes": len(item.raw),
                "accessed": item.accessed,
            }
        )
    manifest = {
        "kind": "indicator files of a GitHub copy of WDI",
        "repository": repository,
        "commit": commit,
        "committed": committed,
        "publisher": f"World Bank, copied by {repository}",
        "dataset": "World Development Indicators",
        "licence": wdi.LICENCE,
        "accessed": accessed,
        "files": entries,
    }
    raws = {item.file: item.raw for item in files}

    def save(folder: Path) -> None:
        kept = read_manifest(folder) if (folder / wdi.MANIFEST).exists() else None
        written = dict(manifest)
        if kept is not None:
            paths = {e["path"] for e in entries}
            written["files"] = [e for e in kept["files"] if e["path"] not in paths] + entries
            written["accessed"] = min(kept.get("accessed", accessed), accessed)
        for file, raw in raws.items():
            (folder / file).parent.mkdir(parents=True, exist_ok=True)
            (folder / file).write_bytes(raw)
        text = wdi.json.dumps(written, indent=2, ensure_ascii=False) + "\n"
        (folder / wdi.MANIFEST).write_text(text, encoding="utf-8")

    codes = ", ".join(item.spec.code for item in files)
    return Release(
        batches=batches,
        vintage=f"WDI via {repository}, commit {committed}",
        source_date=committed,
        publisher=f"World Bank WDI via GitHub {repository}",
        confidence="medium-high",
        snapshot=snapshot,
        save_snapshot=save,
        heading=f"{accessed}: {codes} from the WDI copy {repository} at {commit[:7]} (committed {committed})",
        preamble=[
            f"Snapshot `{snapshot.as_posix()}/`: the {'files' if len(files) > 1 else 'file'} as committed, "
            f"with {'their' if len(files) > 1 else 'its'} URL, SHA-256, git blob id and the licence "
            f"({wdi.LICENCE['name']}) in its `{wdi.MANIFEST}`."
        ],
    )


def read_manifest(folder: Path) -> dict[str, Any]:
    """A snapshot folder's manifest (its origin and, per file, path and SHA-256)."""
    path = folder / wdi.MANIFEST
    try:
        manifest = wdi.json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise WdiError("snapshot", None, f"{path} is not a snapshot manifest ({error})") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list):
        raise WdiError("snapshot", None, f"{path} is not a snapshot manifest (it lists no files)")
    return manifest


def mirror_files(
    source: Path,
    indicators: list[str],
    commit: str | None,
    committed: str | None,
    repository: str,
    path: str | None,
    accessed: str,
) -> tuple[list[MirrorFile], str, str, str]:
    """The indicator files to merge, with the commit, its date and the repository they come from.

    `source` is one indicator file (one indicator; `commit` and `committed` given), or a folder holding
    `<code in lower case>/data.csv` per indicator: the `indicators/` folder of a checkout (`commit` and
    `committed` given), or a snapshot folder kept earlier, whose manifest gives the commit, its date and the
    repository, and the SHA-256 each file must still have."""
    specs = []
    for code in indicators:
        spec = wdi.BY_CODE.get(code)
        if spec is None:
            raise WdiError(code, None, "the package does not use this indicator (unknown indicator)")
        specs.append(spec)
    if not specs:
        raise WdiError("wdi-mirror", None, "name at least one indicator (--indicator)")
    if len({s.code for s in specs}) != len(specs):
        raise WdiError("wdi-mirror", None, f"an indicator is named twice: {', '.join(indicators)}")
    if not source.is_dir():
        if len(specs) != 1:
            raise WdiError("wdi-mirror", None, f"{source} is one file: name one indicator, not {len(specs)}")
        if not (commit and committed):
            raise WdiError(specs[0].code, None, "give the file's --commit and --committed date")
        spec = specs[0]
        where = path or f"indicators/{spec.code.lower()}/data.csv"
        return [MirrorFile(spec, source.read_bytes(), where, accessed)], commit, committed, repository
    kept = read_manifest(source) if (source / wdi.MANIFEST).exists() else None
    if kept is not None:
        for name, given, recorded in (
            ("commit", commit, kept.get("commit")),
            ("committed", committed, kept.get("committed")),
        ):
            if given and given != recorded:
                raise WdiError("snapshot", None, f"--{name} {given} differs from the manifest's {recorded}")
        commit, committed = kept.get("commit"), kept.get("committed")
        repository = kept.get("repository", repository)
    if not (commit and committed):
        raise WdiError("wdi-mirror", None, f"{source} has no {wdi.MANIFEST}: give --commit and --committed")
    files = []
    for spec in specs:
        file = source / spec.code.lower() / "data.csv"
        if not file.is_file():
            raise WdiError(spec.code, None, f"no file for this indicator in the folder ({file} is missing)")
        raw = file.read_bytes()
        when = accessed
        if kept is not None:
            entry = next(
                (e for e in kept["files"] if isinstance(e, dict) and e.get("indicator") == spec.code), None
            )
            if entry is None or wdi.hashlib.sha256(raw).hexdigest() != entry.get("sha256"):
                raise WdiError(
                    spec.code,
                    None,
                    "the file is not in the snapshot's manifest, or its SHA-256 differs from the manifest's",
                    str(file),
                )
            when = entry.get("accessed", kept.get("accessed", accessed))
        files.append(MirrorFile(spec, raw, f"indicators/{spec.code.lower()}/data.csv", when))
    return files, commit, committed, repository


def update_wdi_mirror(
    data_dir: Path,
    source: Path,
    indicators: list[str],
    commit: str | None = None,
    committed: str | None = None,
    repository: str = wdi.MIRROR_REPOSITORY,
    path: str | None = None,
    dry_run: bool = False,
    say: Say = print,
    today: Callable[[], dt.date] = dt.date.today,
) -> int:
    """Merge indicator files of the WDI mirror, all at one commit, in one run: one file
    (`indicators/nv.mnf.tech.zs.un/data.csv` at a commit) or a folder of them (see `mirror_files`)."""
    try:
        files, commit, committed, repository = mirror_files(
            Path(source), indicators, commit, committed, repository, path, today().isoformat()
        )
        release = mirror_release(files, repository, commit, committed, min(f.accessed for f in files))
    except (WdiError, OSError) as error:
        say(f"Update failed: {error}\n{Path(data_dir).name}/ is unchanged.")
        return 1
    return apply(Path(data_dir), release, dry_run, say)


def update_github(
    data_dir: Path,
    repository: str,
    git_dir: Path,
    commit: str,
    dry_run: bool = False,
    say: Say = print,
    today: Callable[[], dt.date] = dt.date.today,
) -> int:
    """Keep the files the package takes from a GitHub repository at a commit as a snapshot (read from a git
    directory: a clone's `.git` or a bare mirror), rebuild the tables made from them, validate, and only then
    replace the changed files, with an entry in the changelog. A snapshot that changes no table is not
    kept."""
    data_dir = Path(data_dir)
    known = github.REPOSITORIES.get(repository)
    try:
        if known is None:
            names = ", ".join(sorted(github.REPOSITORIES))
            raise github.SnapshotError(f"the package takes no files from {repository} (known: {names})")
        folder, files = github.record(known, Path(git_dir), commit, today().isoformat())
    except github.SnapshotError as error:
        say(f"Update failed: {error}\n{data_dir.name}/ is unchanged.")
        return 1
    refused = refusal(data_dir, "Update")
    if refused:
        say(refused)
        return 1
    before = read_tables(data_dir)
    with Staging(data_dir) as stage:
        github.write(stage.path, folder, files)
        try:
            changed = rebuild_derived(stage.path)
        except github.SnapshotError as error:
            say(f"Update failed: {error}\n{data_dir.name}/ is unchanged.")
            return 1
        if not changed:
            say(f"No change: the files at {commit[:12]} give the tables {data_dir.name}/ holds.")
            return 0
        schemas, after = resource_schemas(stage.path), read_tables(stage.path)
        diff = Diff(
            [diff_table(n, before.get(n, Table(after[n].header)), after[n], schemas[n]) for n in changed]
        )
        package = stage.validate()
        if package.errors:
            for issue in package.errors:
                say(f"ERROR {issue}")
            say(f"\nUpdate refused: the result does not validate. {data_dir.name}/ is unchanged.")
            return 1
        diff.flips = flips(load_package(data_dir), package)
        manifest = wdi.json.loads(files[github.MANIFEST])
        at = f"{manifest['commit'][:7]} (committed {manifest['committed']})"
        licences = ", ".join(lic["name"] for lic in known.licences)
        entry = render(
            diff,
            f"{today().isoformat()}: {repository} at {at}",
            [
                f"Snapshot `{folder.as_posix()}/`: {len(files) - 1} files as committed, with their URL, "
                f"SHA-256, git blob id and last change, and the licences ({licences}), in its "
                f"`{github.MANIFEST}`."
            ],
        )
        say(entry)
        if dry_run:
            say(f"Dry run: nothing written to {data_dir.name}/.")
            return 0
        prepend_entry(stage.path / CHANGELOG, entry)
        replaced = stage.changed_files()
        stage.replace(replaced)
        say(f"Replaced {len(replaced)} file(s) in {data_dir.name}/.")
    return 0
