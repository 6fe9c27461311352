"""The data package: `data/datapackage.json` plus the files it describes, loaded and validated as a whole.

One broken resource never stops the others from loading: each resource gets its own `TableResult`, and the
pages ask for tables by name and show an error card for the ones that failed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from industrial_base.validation import Issue, TableResult, foreign_key_issues, load_table

DESCRIPTOR = "datapackage.json"
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"


class DatasetUnavailable(Exception):
    """A page asked for a dataset that failed validation; carries the issues to show."""

    def __init__(self, name: str, issues: list[Issue]) -> None:
        self.name = name
        self.issues = issues
        super().__init__(f"dataset '{name}' failed validation with {len(issues)} problem(s)")


@dataclass
class DataPackage:
    """Every resource of the package, loaded; `issues` also holds package-level problems."""

    data_dir: Path
    descriptor: dict[str, Any]
    tables: dict[str, TableResult] = field(default_factory=dict)
    package_issues: list[Issue] = field(default_factory=list)

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        return {resource["name"]: resource for resource in self.descriptor.get("resources", [])}

    def resource(self, name: str) -> dict[str, Any]:
        return self.resources[name]

    def table(self, name: str) -> pd.DataFrame:
        """The validated frame of a tabular resource, or `DatasetUnavailable` with its issues."""
        result = self.tables.get(name)
        if result is None:
            raise DatasetUnavailable(name, [Issue(DESCRIPTOR, "resource", f"no resource named '{name}'")])
        if result.frame is None or result.errors:
            raise DatasetUnavailable(name, result.errors)
        return result.frame

    @property
    def issues(self) -> list[Issue]:
        found = list(self.package_issues)
        for result in self.tables.values():
            found.extend(result.issues)
        return found

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    def path_of(self, name: str) -> Path:
        return self.data_dir / self.resource(name)["path"]


def read_descriptor(data_dir: Path) -> tuple[dict[str, Any], list[Issue]]:
    path = data_dir / DESCRIPTOR
    display = f"{data_dir.name}/{DESCRIPTOR}"
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, [Issue(display, "descriptor", "the package descriptor is missing")]
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        return {}, [Issue(display, "descriptor", f"the descriptor is not valid JSON: {exc}", line=line)]
    issues = []
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return {}, [Issue(display, "descriptor", "the descriptor has no 'resources' list")]
    for index, resource in enumerate(descriptor["resources"]):
        if not isinstance(resource, dict) or not {"name", "path"} <= resource.keys():
            issues.append(Issue(display, "descriptor", f"resource #{index + 1} lacks a name or path"))
    descriptor["resources"] = [
        r for r in descriptor["resources"] if isinstance(r, dict) and "name" in r and "path" in r
    ]
    return descriptor, issues


def load_package(data_dir: Path = DEFAULT_DATA_DIR) -> DataPackage:
    """Load and validate every resource: schema checks, foreign keys, then the domain rules."""
    from industrial_base.geo import load_geojson
    from industrial_base.rules import apply_rules

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
