"""Tables of a data folder by resource name (paths from its `datapackage.json`), read and written as text."""

from __future__ import annotations

from pathlib import Path

from industrial_base.loading import load_package
from industrial_base.package import read_descriptor
from industrial_base.pipeline import github
from industrial_base.pipeline.build import DERIVED, rebuild
from industrial_base.pipeline.supply_chains import EXTRACTS
from industrial_base.pipeline.tables import Table, read_table, render_table, write_table
from industrial_base.validation import Issue


def blocking_issues(data_dir: Path) -> list[Issue]:
    """What stops the pipeline from changing `data_dir`: every error the validator finds, except a derived
    table that differs from its inputs (rule `derivation`), which `build` is there to mend, and a table whose
    file does not exist yet, which an update or build writes. The pipeline checks this first, so a broken
    table is reported with its file, line and column, never met half-way through reading or a formula."""
    package = load_package(data_dir)
    awaited = {r.file for name, r in package.tables.items() if not package.path_of(name).exists()}
    return [i for i in package.errors if i.rule != "derivation" and i.file not in awaited]


def refusal(data_dir: Path, command: str) -> str | None:
    """The message refusing `command` on a folder with blocking issues, or None when it can go ahead."""
    issues = blocking_issues(data_dir)
    if not issues:
        return None
    listed = "\n".join(f"ERROR {issue}" for issue in issues)
    return (
        f"{listed}\n\n{command} refused: {data_dir.name}/ does not validate (see `python -m industrial_base "
        f"validate`); mend the files named above first. {data_dir.name}/ is unchanged."
    )


def resource_paths(data_dir: Path) -> dict[str, Path]:
    descriptor, _ = read_descriptor(data_dir)
    return {r["name"]: data_dir / r["path"] for r in descriptor.get("resources", []) if "schema" in r}


def resource_schemas(data_dir: Path) -> dict[str, dict]:
    descriptor, _ = read_descriptor(data_dir)
    return {r["name"]: r["schema"] for r in descriptor.get("resources", []) if "schema" in r}


def read_tables(data_dir: Path, names: set[str] | None = None) -> dict[str, Table]:
    """The text tables of `data_dir` (all tabular resources, or the named ones); a resource whose file does
    not exist yet reads with its schema's header and no rows."""
    schemas = resource_schemas(data_dir)
    tables = {}
    for name, path in resource_paths(data_dir).items():
        if names is None or name in names:
            table = read_table(path)
            tables[name] = table if table.header else Table([f["name"] for f in schemas[name]["fields"]])
    return tables


def rebuild_derived(data_dir: Path) -> list[str]:
    """Rebuild every derived table of `data_dir` in place from its inputs, and every table built from another
    repository's files from its latest snapshot; return the names whose text changed."""
    paths = resource_paths(data_dir)
    needed = set(DERIVED) | {name for d in DERIVED.values() for name in d.inputs} | set(EXTRACTS)
    tables = read_tables(data_dir, needed)
    changed = []
    for name, derivation in DERIVED.items():
        built = rebuild(derivation, tables)
        if render_table(built) != paths[name].read_text(encoding="utf-8"):
            write_table(paths[name], built)
            changed.append(name)
        tables[name] = built
    for name, extract in EXTRACTS.items():
        if name not in paths or not (paths[name].exists() or (data_dir / extract.repository.folder).exists()):
            continue  # not in the package, or awaiting its first snapshot (the validator reports the file)
        built = extract.build(github.read(data_dir, extract.repository), tables[name].header)
        if not paths[name].exists() or render_table(built) != paths[name].read_text(encoding="utf-8"):
            write_table(paths[name], built)
            changed.append(name)
    return changed
