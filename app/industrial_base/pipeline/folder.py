"""Tables of a data folder by resource name (paths from its `datapackage.json`), read and written as text."""

from __future__ import annotations

from pathlib import Path

from industrial_base.package import read_descriptor
from industrial_base.pipeline import github
from industrial_base.pipeline.build import DERIVED, rebuild
from industrial_base.pipeline.supply_chains import EXTRACTS
from industrial_base.pipeline.tables import Table, read_table, render_table, write_table


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
