"""The data package's types: the loaded package, the error a broken dataset raises, the descriptor reader.

Loading and validating a package is `industrial_base.loading.load_package`; the types live apart so that the
checks and rules that take a `DataPackage` can be imported by the loader without a cycle.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from industrial_base.validation import Issue, TableResult

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
    memo: dict[str, Any] = field(default_factory=dict, repr=False)
    """Results computed once from the whole loaded package (the fact-check verdicts); a loaded package is
    never changed, so they stay right."""

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
