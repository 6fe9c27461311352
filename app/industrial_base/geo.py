"""Province boundaries: load and check the GeoJSON resource used by the choropleth maps."""

from __future__ import annotations

import json
from functools import cache, partial
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from industrial_base.validation import Issue, TableResult

POLYGON_TYPES = {"Polygon", "MultiPolygon"}


def load_geojson(path: Path, name: str, display: str) -> TableResult:
    """Parse a FeatureCollection whose features carry an integer `properties.adcode`.

    The frame lists one row per feature (adcode, name) so that foreign keys and tests can use it; the parsed
    document is kept for plotly.
    """
    report = partial(Issue, display, "geojson")
    features: Any = None
    try:
        document = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        issues = [Issue(display, "readable", f"cannot read the file: {exc}")]
    except UnicodeDecodeError as exc:
        issues = [Issue(display, "utf-8", f"not valid UTF-8 at byte {exc.start}")]
    except json.JSONDecodeError as exc:
        issues = [report(f"not valid JSON: {exc.msg}", line=exc.lineno)]
    except RecursionError:
        issues = [report("JSON nested too deeply to read")]
    else:
        issues = []
        if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
            issues.append(report("the top level is not a GeoJSON FeatureCollection"))
        elif not isinstance(features := document.get("features"), list) or not features:
            issues.append(report("the FeatureCollection has no features"))
    if issues:
        return TableResult(name, display, None, issues)
    rows: list[dict[str, object]] = []
    for index, feature in enumerate(features):
        where = f"feature #{index + 1}"
        properties = feature.get("properties") if isinstance(feature, dict) else None
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(properties, dict) or not isinstance(properties.get("adcode"), int):
            issues.append(report(f"{where} has no integer properties.adcode", column="properties.adcode"))
        elif (
            not isinstance(geometry, dict)
            or geometry.get("type") not in POLYGON_TYPES
            or not geometry.get("coordinates")
        ):
            message = f"{where} (adcode {properties['adcode']}) has no polygon geometry"
            issues.append(report(message, column="geometry"))
        else:
            rows.append({"adcode": properties["adcode"], "name": str(properties.get("name", ""))})
    if issues:
        return TableResult(name, display, None, issues)
    frame = pd.DataFrame(rows).astype({"adcode": "Int64", "name": "string"})
    return TableResult(name, display, frame, issues, document=document)


BOUNDARIES = "china_provinces"
"""The province boundaries' resource: a chart that reads it draws a map."""
PROVINCE_BOUNDARIES_URL = "app/static/china_provinces.geojson"
"""Where the maps load the province boundaries from: Streamlit's static file serving (relative, so it also
works under a proxy's base path) of a compact copy of the `china_provinces` resource, made by
tools/build_static_geo.py. A map declares `china_provinces` in its reads: broken boundaries fail the map."""
STATIC_BOUNDARIES = Path(__file__).resolve().parents[1] / "static" / "china_provinces.geojson"
"""The file `PROVINCE_BOUNDARIES_URL` serves."""


def with_boundaries(figure: go.Figure, source: str | dict[str, Any]) -> go.Figure:
    """A copy of `figure` whose maps take their boundaries from `source` instead of
    `PROVINCE_BOUNDARIES_URL`, which resolves only from a dashboard page: the static embed page, deeper in
    the site, gives a URL relative to itself; a picture, drawn where no server answers, the document itself
    (`boundaries_document`)."""
    copy = go.Figure(figure)
    copy.update_traces(geojson=source, selector={"geojson": PROVINCE_BOUNDARIES_URL})
    return copy


@cache
def boundaries_document() -> dict[str, Any]:
    """The compact boundaries the maps load (`STATIC_BOUNDARIES`), parsed once."""
    document: dict[str, Any] = json.loads(STATIC_BOUNDARIES.read_text(encoding="utf-8"))
    return document
