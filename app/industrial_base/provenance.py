"""Provenance for the Sources views and the downloads: source tables, metadata JSON and safe CSV exports."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

PROVENANCE_COLUMNS = ["publisher", "source_date", "source_url", "confidence", "basis", "source", "note"]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CONFIDENCE_ORDER = ["high", "medium-high", "medium", "low-medium", "low", "n/a"]


def to_safe_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8) with text that a spreadsheet would run as a formula prefixed with an apostrophe
    (OWASP CSV injection); numeric columns are written untouched."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]) and not pd.api.types.is_bool_dtype(safe[column]):
            safe[column] = safe[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_PREFIXES) else v
            )
    # CRLF line ends (RFC 4180) make the writer quote any cell holding a bare CR as well as LF.
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def sources_of(frame: pd.DataFrame) -> pd.DataFrame:
    """The distinct sources behind the rows of a frame, best confidence first."""
    present = [c for c in PROVENANCE_COLUMNS if c in frame.columns and c != "note"]
    if not present:
        return pd.DataFrame(columns=PROVENANCE_COLUMNS[:-1])
    table = frame[present].drop_duplicates().reset_index(drop=True)
    if "confidence" in table:
        rank = {level: i for i, level in enumerate(CONFIDENCE_ORDER)}
        table = table.sort_values("confidence", key=lambda s: s.map(rank).fillna(len(rank)), kind="stable")
    return table.reset_index(drop=True)


def resource_metadata(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    """Metadata for one dataset download: the resource descriptor, its own licences (`licenses`: the ones
    that apply to this file, from its own entry in the descriptor, never assumed from the package's) and the
    package's title, licence and citation."""
    resource = next(r for r in descriptor["resources"] if r["name"] == name)
    return {
        "dataset": resource,
        "licenses": resource.get("licenses", []),
        "package": {
            key: descriptor[key]
            for key in (
                "name",
                "title",
                "title_zh",
                "description",
                "description_zh",
                "licenses",
                "homepage",
                "version",
                "created",
            )
            if key in descriptor
        },
    }


def licence_links(descriptor: Mapping[str, Any], datasets: Sequence[str]) -> str:
    """The licences of the datasets as an HTTP `Link` header value (`<url>; rel="license"`, RFC 8288 and
    RFC 6903), for a response whose body cannot say it (a CSV); "" when none has a URL."""
    resources = {r.get("name"): r for r in descriptor.get("resources", [])}
    paths = [
        str(licence["path"])
        for name in datasets
        for licence in resources.get(name, {}).get("licenses", [])
        if str(licence.get("path", "")).startswith(("http://", "https://"))
    ]
    return ", ".join(f'<{path}>; rel="license"' for path in dict.fromkeys(paths))


def metadata_json(descriptor: dict[str, Any], name: str) -> bytes:
    return json.dumps(resource_metadata(descriptor, name), ensure_ascii=False, indent=2).encode("utf-8")


PACKAGE_EXTRAS = ("README.md", "geo/NOTICE.md")
"""Files of the data folder that travel with the package besides the descriptor and the resources."""


def package_files(data_dir: Path, descriptor: dict[str, Any]) -> dict[str, bytes]:
    """The data package as files, by their path in the data folder: the descriptor, the data README and
    notices, and every resource file that exists (a missing one is left out; validation reports it)."""
    files = {"datapackage.json": (data_dir / "datapackage.json").read_bytes()}
    for extra in PACKAGE_EXTRAS:
        if (data_dir / extra).exists():
            files[extra] = (data_dir / extra).read_bytes()
    for resource in descriptor.get("resources", []):
        path = data_dir / resource["path"]
        if path.is_file():
            files[resource["path"]] = path.read_bytes()
    return files


def zip_of(files: dict[str, bytes]) -> bytes:
    """Files (path -> bytes) as one zip archive, in the given order, with fixed timestamps: the same files
    always make the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16  # rw-r--r-- when unpacked (0 would mean no permission at all)
            archive.writestr(info, data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def package_zip(data_dir: Path, descriptor: dict[str, Any]) -> bytes:
    """The whole data package (descriptor, every resource file and the data README) as one zip archive."""
    return zip_of(package_files(data_dir, descriptor))
