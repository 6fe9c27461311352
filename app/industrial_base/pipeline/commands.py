"""The pipeline's commands: `build`, `update wdi` (the World Bank API, or a snapshot folder saved earlier)
and `update wdi-mirror` (one indicator file of the WDI mirror on GitHub). Each returns an exit status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from industrial_base.loading import load_package
from industrial_base.pipeline import wdi
from industrial_base.pipeline.diff import Diff, diff_table, flips, render
from industrial_base.pipeline.folder import read_tables, rebuild_derived, resource_schemas
from industrial_base.pipeline.staging import Staging
from industrial_base.pipeline.update import Batch, Release, Say, apply
from industrial_base.pipeline.wdi import INDICATORS, IndicatorSpec, Observation, Page, WdiError


def build(data_dir: Path, check: bool = False, say: Say = print) -> int:
    """Rebuild the derived tables from their inputs; with `check`, only say whether any would change."""
    data_dir = Path(data_dir)
    before = read_tables(data_dir)
    with Staging(data_dir) as stage:
        changed = rebuild_derived(stage.path)
        if not changed:
            say(f"The derived tables of {data_dir.name}/ are what build computes from their inputs.")
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


def mirror_release(
    spec: IndicatorSpec,
    raw: bytes,
    repository: str,
    commit: str,
    committed: str,
    path: str,
    accessed: str,
) -> Release:
    """A release of one indicator file of a WDI mirror on GitHub, kept as a snapshot with its origin."""
    snapshot = wdi.MIRROR_SNAPSHOTS / commit[:12]
    file = "/".join(Path(path).parts[-2:])
    url = f"https://github.com/{repository}/blob/{commit}/{path}"
    sha256 = wdi.hashlib.sha256(raw).hexdigest()
    where = f"{spec.code} ({repository}:{path}@{commit[:7]})"
    observations = wdi.read_mirror(spec, raw, where)
    if not observations:
        raise WdiError(spec.code, None, "the file has no row for the package's economies", where)
    source = (
        f"github:{repository}:{path}@{commit} (WDI {spec.code}, committed {committed}; file kept as "
        f"{snapshot.as_posix()}/{file}, sha256 {sha256})"
    )
    manifest = {
        "kind": "indicator file of a GitHub copy of WDI",
        "repository": repository,
        "commit": commit,
        "committed": committed,
        "publisher": f"World Bank, copied by {repository}",
        "dataset": "World Development Indicators",
        "licence": wdi.LICENCE,
        "accessed": accessed,
        "files": [
            {
                "path": file,
                "indicator": spec.code,
                "repository_path": path,
                "url": url,
                "raw_url": f"https://raw.githubusercontent.com/{repository}/{commit}/{path}",
                "sha256": sha256,
                "git_blob": wdi.git_blob_id(raw),
                "bytes": len(raw),
            }
        ],
    }

    def save(folder: Path) -> None:
        (folder / file).parent.mkdir(parents=True, exist_ok=True)
        (folder / file).write_bytes(raw)
        text = wdi.json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        (folder / wdi.MANIFEST).write_text(text, encoding="utf-8")

    return Release(
        batches=[Batch(spec, observations, lambda obs: (url, source), lambda obs: where)],
        vintage=f"WDI via {repository}, commit {committed}",
        source_date=committed,
        publisher=f"World Bank WDI via GitHub {repository}",
        confidence="medium-high",
        snapshot=snapshot,
        save_snapshot=save,
        heading=f"{accessed}: {spec.code} from the WDI copy {repository} at {commit[:7]} "
        f"(committed {committed})",
        preamble=[
            f"Snapshot `{snapshot.as_posix()}/`: the file as committed, with its URL, SHA-256, git blob id "
            f"and the licence ({wdi.LICENCE['name']}) in its `{wdi.MANIFEST}`."
        ],
    )


def update_wdi_mirror(
    data_dir: Path,
    file: Path,
    indicator: str,
    commit: str,
    committed: str,
    repository: str = wdi.MIRROR_REPOSITORY,
    path: str | None = None,
    dry_run: bool = False,
    say: Say = print,
    today: Callable[[], dt.date] = dt.date.today,
) -> int:
    """Merge one indicator file of the WDI mirror (e.g. `indicators/nv.mnf.tech.zs.un/data.csv` at a
    commit)."""
    spec = wdi.BY_CODE.get(indicator)
    try:
        if spec is None:
            raise WdiError(indicator, None, "the package does not use this indicator (unknown indicator)")
        raw = Path(file).read_bytes()
        release = mirror_release(
            spec,
            raw,
            repository,
            commit,
            committed,
            path or f"indicators/{indicator.lower()}/data.csv",
            today().isoformat(),
        )
    except (WdiError, OSError) as error:
        say(f"Update failed: {error}\n{Path(data_dir).name}/ is unchanged.")
        return 1
    return apply(Path(data_dir), release, dry_run, say)
