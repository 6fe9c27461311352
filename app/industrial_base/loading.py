"""Load and validate the data package: `data/datapackage.json` plus the files it describes, as a whole.

One broken resource never stops the others from loading: each resource gets its own `TableResult`, and the
pages ask for datasets by name and show an error card for the ones that failed.
"""

from __future__ import annotations

from pathlib import Path

from industrial_base.geo import load_geojson
from industrial_base.package import DEFAULT_DATA_DIR, DataPackage, read_descriptor
from industrial_base.rules import apply_rules
from industrial_base.validation import foreign_key_issues, load_table


def load_package(data_dir: Path = DEFAULT_DATA_DIR) -> DataPackage:
    """Load and validate every resource: schema checks, foreign keys, then the domain rules."""
    data_dir = Path(data_dir)
    descriptor, issues = read_descriptor(data_dir)
    package = DataPackage(data_dir, descriptor, package_issues=issues)
    for resource in descriptor.get("resources", []):
        display = f"{data_dir.name}/{resource['path']}"
        path = data_dir / resource["path"]
        if "schema" in resource:
            package.tables[resource["name"]] = load_table(path, resource["schema"], resource["name"], display)
        elif resource.get("format") == "geojson":
            package.tables[resource["name"]] = load_geojson(path, resource["name"], display)
    for name, result in package.tables.items():
        schema = package.resources[name].get("schema")
        if schema and result.frame is not None:
            result.issues.extend(foreign_key_issues(result, result.frame, schema, package.tables))
    apply_rules(package)
    for result in package.tables.values():
        if result.errors:
            result.frame = None
    return package
