"""The data package by URL: the catalogue, each dataset's file and metadata, the descriptor, the zip.

Everything comes from a `Snapshot` taken once at start: the validated package and the bytes of its files,
read right after validation, with their SHA-256. A dataset's file is served from those bytes (equal to the
file in `data/` at start), so a file changed on disk later changes nothing until a restart, which validates
it again and gives every response a new ETag. Names resolve only through the descriptor's resource names;
no request's text is ever joined to a path.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from data_api.responses import Built, build, build_json, disposition, error, etag_of, shown
from industrial_base.freshness import access_dates
from industrial_base.package import DESCRIPTOR, DataPackage
from industrial_base.provenance import licence_links, package_files, resource_metadata, zip_of

API = "/api/v1"
DATASETS = f"{API}/datasets"
PACKAGE_ZIP = f"{API}/datapackage.zip"
METADATA_SUFFIX = ".metadata.json"
VALIDATION_HEADER = "x-validation"
"""On a dataset's responses: `passed` or `failed` (the catalogue and the metadata say the same)."""


@dataclass(frozen=True)
class Snapshot:
    """The package as loaded at start: validated tables, and each file's bytes and SHA-256."""

    package: DataPackage
    files: Mapping[str, bytes]
    """Path in the data folder -> bytes: the descriptor, README and notices, every resource file found."""
    sha256: Mapping[str, str]
    digest: str
    """SHA-256 over every file's path and hash: changes whenever any file of the package changes."""

    @classmethod
    def take(cls, package: DataPackage) -> Snapshot:
        files = package_files(package.data_dir, package.descriptor)
        sha256 = {path: hashlib.sha256(data).hexdigest() for path, data in files.items()}
        digest = hashlib.sha256(
            "".join(f"{p}\0{h}\n" for p, h in sorted(sha256.items())).encode()
        ).hexdigest()
        return cls(package, files, sha256, digest)

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        return self.package.resources

    def etag(self, *parts: str) -> str:
        return etag_of(self.digest, *parts)


def file_name(resource: Mapping[str, Any]) -> str:
    """The name a dataset's file is served under: its resource name and its file's extension."""
    return resource["name"] + PurePosixPath(resource["path"]).suffix


def urls(resource: Mapping[str, Any]) -> dict[str, str]:
    return {
        "data": f"{DATASETS}/{file_name(resource)}",
        "metadata": f"{DATASETS}/{resource['name']}{METADATA_SUFFIX}",
    }


def validation(snapshot: Snapshot, name: str) -> dict[str, Any]:
    """`passed` / `failed` and the problems found (file, line, column, value, rule), as the error card."""
    result = snapshot.package.tables.get(name)
    issues = result.issues if result is not None else []
    return {
        "status": "passed" if result is not None and result.ok else "failed",
        "issues": [
            {
                "severity": issue.severity,
                "file": issue.file,
                "line": issue.line,
                "column": issue.column,
                "value": issue.value,
                "rule": issue.rule,
                "message": issue.message,
            }
            for issue in issues
        ],
    }


def _entry(snapshot: Snapshot, resource: Mapping[str, Any], accessed: tuple[str, ...]) -> dict[str, Any]:
    result = snapshot.package.tables.get(resource["name"])
    checked = validation(snapshot, resource["name"])
    return {
        "name": resource["name"],
        "title": resource.get("title"),
        "title_zh": resource.get("title_zh"),
        "format": resource.get("format"),
        "mediatype": resource.get("mediatype"),
        "licenses": resource.get("licenses", []),
        "rows": None if result is None or result.frame is None else len(result.frame),
        "bytes": len(snapshot.files.get(resource["path"], b"")),
        "sha256": snapshot.sha256.get(resource["path"]),
        "accessed": list(accessed),
        "validation": checked["status"],
        "problems": sum(issue["severity"] == "error" for issue in checked["issues"]),
        "urls": urls(resource),
    }


def catalogue(snapshot: Snapshot) -> Built:
    """Every dataset: titles (English, Chinese), its own licences, rows, World Bank access dates, file size,
    SHA-256, validation status and URLs; and the package's name, version and digest."""
    descriptor = snapshot.package.descriptor
    resources = descriptor.get("resources", [])
    accessed = access_dates(snapshot.package, [r["name"] for r in resources])
    document = {
        "package": {
            "name": descriptor.get("name"),
            "title": descriptor.get("title"),
            "title_zh": descriptor.get("title_zh"),
            "version": descriptor.get("version"),
            "created": descriptor.get("created"),
            "sha256": snapshot.digest,
            "urls": {"descriptor": f"{API}/{DESCRIPTOR}", "zip": PACKAGE_ZIP},
        },
        "accessed_note": (
            "accessed: the dates on which the World Bank figures a dataset holds or is computed from were "
            "retrieved; empty for hand-compiled datasets, whose rows carry their own source dates"
        ),
        "datasets": [_entry(snapshot, r, accessed[r["name"]]) for r in resources],
    }
    return build_json(document, etag=snapshot.etag("catalogue"))


def resolve(snapshot: Snapshot, file: str) -> tuple[str, dict[str, Any]] | Built:
    """("data" | "metadata", resource) for a requested file name, or the 404 naming it. Only the
    descriptor's resource names resolve: `../x`, absolute paths, NUL and the like match none of them."""
    kind, name = (
        ("metadata", file.removesuffix(METADATA_SUFFIX)) if file.endswith(METADATA_SUFFIX) else ("data", "")
    )
    if kind == "data":
        name = next((n for n, r in snapshot.resources.items() if file_name(r) == file), "")
    resource = snapshot.resources.get(name)
    if resource is None:
        return error(
            404,
            "no such dataset",
            dataset=shown(file),
            hint=f"the catalogue at {DATASETS} lists every dataset and its URLs",
        )
    return kind, resource


def data_file(snapshot: Snapshot, resource: Mapping[str, Any]) -> Built:
    """The dataset's file, byte for byte as in `data/` at start; 409 with its problems when it failed
    validation (its bytes stay in the zip, for anyone who wants to look at them)."""
    name = resource["name"]
    checked = validation(snapshot, name)
    if checked["status"] == "failed":
        return error(
            409,
            "this dataset failed validation, so it is not served on its own; the dashboard shows an error "
            "card in its place. Its file is still in the package zip, as it is.",
            dataset=name,
            issues=checked["issues"][:50],
            metadata=urls(resource)["metadata"],
            zip=PACKAGE_ZIP,
        )
    media_type = str(resource.get("mediatype") or "application/octet-stream")
    if media_type.startswith("text/") or media_type.endswith("json"):
        media_type += f"; charset={resource.get('encoding', 'utf-8')}"
    licensed = licence_links(snapshot.package.descriptor, [name])  # the file cannot say it; the header does
    return build(
        snapshot.files[resource["path"]],
        media_type,
        etag=snapshot.etag("data", name),
        headers=(
            disposition("attachment", file_name(resource)),
            (VALIDATION_HEADER, "passed"),
            *((("Link", licensed),) if licensed else ()),
        ),
    )


def metadata(snapshot: Snapshot, resource: Mapping[str, Any]) -> Built:
    """Table Schema, sources, the resource's own licences, the package's citation fields, and what the
    server knows of the file: size, SHA-256, rows, validation, World Bank access dates, URLs."""
    name = resource["name"]
    result = snapshot.package.tables.get(name)
    checked = validation(snapshot, name)
    document = {
        **resource_metadata(snapshot.package.descriptor, name),
        "file": {
            "path": resource["path"],
            "bytes": len(snapshot.files.get(resource["path"], b"")),
            "sha256": snapshot.sha256.get(resource["path"]),
            "rows": None if result is None or result.frame is None else len(result.frame),
        },
        "accessed": list(access_dates(snapshot.package, [name])[name]),
        "validation": checked,
        "urls": urls(resource),
    }
    return build_json(
        document,
        etag=snapshot.etag("metadata", name),
        headers=(
            disposition("inline", f"{name}{METADATA_SUFFIX}"),
            (VALIDATION_HEADER, checked["status"]),
        ),
    )


def descriptor(snapshot: Snapshot) -> Built:
    """`datapackage.json` as in `data/`."""
    return build(
        snapshot.files[DESCRIPTOR],
        "application/json; charset=utf-8",
        etag=snapshot.etag(DESCRIPTOR),
        headers=(disposition("inline", DESCRIPTOR),),
    )


def package_zip(snapshot: Snapshot) -> Built:
    """The whole package as the dashboard's download makes it: descriptor (with each resource's licences),
    README, notices and every file as it is, also one that failed validation (the catalogue says which)."""
    descriptor = snapshot.package.descriptor
    name = f"{descriptor.get('name', 'data-package')}-{descriptor.get('version', '')}".strip("-")
    return build(
        zip_of(dict(snapshot.files)),
        "application/zip",
        etag=snapshot.etag("zip"),
        headers=(disposition("attachment", f"{name}.zip"),),
    )
