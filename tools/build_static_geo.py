"""Build the map asset the browser downloads: app/static/china_provinces.geojson.

The data package keeps the province boundaries at full precision (data/geo/china_provinces.geojson). Charts
reference a compact copy served by Streamlit's static file serving, so the ~370 KB boundary file is fetched
once by the browser (and cached) instead of being deep-copied, validated and sent over the WebSocket by the
server on every rerun. Coordinates are rounded to 3 decimals (about 100 m) and repeated points dropped.

Run after changing the boundaries: `python tools/build_static_geo.py`; a test checks the copy is current.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "geo" / "china_provinces.geojson"
TARGET = ROOT / "app" / "static" / "china_provinces.geojson"
DECIMALS = 3


def _ring(ring: list[list[float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for point in ring:
        rounded = [round(point[0], DECIMALS), round(point[1], DECIMALS)]
        if not out or rounded != out[-1]:
            out.append(rounded)
    return out


def compact(document: dict[str, Any]) -> dict[str, Any]:
    """Same features, ids and properties; rounded, de-duplicated rings."""
    features = []
    for feature in document["features"]:
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            coordinates: Any = [_ring(ring) for ring in geometry["coordinates"]]
        else:
            coordinates = [[_ring(ring) for ring in polygon] for polygon in geometry["coordinates"]]
        features.append({**feature, "geometry": {"type": geometry["type"], "coordinates": coordinates}})
    return {"type": "FeatureCollection", "features": features}


def render(source: Path = SOURCE) -> str:
    document = json.loads(source.read_text(encoding="utf-8"))
    return json.dumps(compact(document), ensure_ascii=False, separators=(",", ":")) + "\n"


def main() -> None:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
