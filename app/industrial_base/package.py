"""The data package's types: the loaded package, the error a broken dataset raises, the descriptor reader.

Loading and validating a package is `industrial_base.loading.load_package`; the types live apart so that the
checks and rules that take a `DataPackage` can be imported by the loader without a cycle.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
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
        return [*self.package_issues, *(issue for result in self.tables.values() for issue in result.issues)]

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    def path_of(self, name: str) -> Path:
        return self.data_dir / self.resource(name)["path"]


def read_descriptor(data_dir: Path) -> tuple[dict[str, Any], list[Issue]]:
    """The descriptor and its problems. A resource without a usable name, a relative path inside the data
    folder, or (for a table) a schema with a list of named fields is left out with an issue, so that loading
    the rest never fails on it and no resource can point outside the folder."""
    path = data_dir / DESCRIPTOR
    display = f"{data_dir.name}/{DESCRIPTOR}"
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, [Issue(display, "descriptor", "the package descriptor is missing")]
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        line = getattr(exc, "lineno", None)
        return {}, [Issue(display, "descriptor", f"the descriptor is not valid JSON: {exc}", line=line)]
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return {}, [Issue(display, "descriptor", "the descriptor has no 'resources' list")]
    resources = descriptor["resources"]
    problems = [_resource_problem(resource) for resource in resources]
    issues = [Issue(display, "descriptor", f"resource #{i + 1} {p}") for i, p in enumerate(problems) if p]
    descriptor["resources"] = [r for r, problem in zip(resources, problems, strict=True) if not problem]
    return descriptor, issues


def _resource_problem(resource: Any) -> str | None:
    if not isinstance(resource, dict) or not all(isinstance(resource.get(k), str) for k in ("name", "path")):
        return "lacks a name or path"
    parts = PurePosixPath(resource["path"]).parts
    if not parts or resource["path"].startswith("/") or ".." in parts or "\\" in resource["path"]:
        return f"has a path outside the data folder: {resource['path']!r}"
    schema = resource.get("schema")
    if schema is not None and not (
        isinstance(schema, dict)
        and isinstance(schema.get("fields"), list)
        and all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in schema["fields"])
    ):
        return f"('{resource['name']}') has a schema without a list of named fields"
    return None
