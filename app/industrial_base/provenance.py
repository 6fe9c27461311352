"""Provenance for the Sources views and the downloads: source tables, metadata JSON and safe CSV exports."""

from __future__ import annotations

import io
import json
import zipfile
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


def metadata_json(descriptor: dict[str, Any], name: str) -> bytes:
    """Metadata for one dataset download: the resource descriptor plus the package's licence and citation."""
    resource = next(r for r in descriptor["resources"] if r["name"] == name)
    metadata = {
        "dataset": resource,
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
    return json.dumps(metadata, ensure_ascii=False, indent=2).encode("utf-8")


def package_zip(data_dir: Path, descriptor: dict[str, Any]) -> bytes:
    """The whole data package (descriptor, every resource file and the data README) as one zip archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(data_dir / "datapackage.json", "datapackage.json")
        for extra in ("README.md", "geo/NOTICE.md"):
            if (data_dir / extra).exists():
                archive.write(data_dir / extra, extra)
        for resource in descriptor.get("resources", []):
            path = data_dir / resource["path"]
            if path.exists():
                archive.write(path, resource["path"])
    return buffer.getvalue()
