"""Fixed colours, so that a sector or a data basis looks the same on every page (Okabe–Ito palette)."""

from __future__ import annotations

SECTOR_COLOURS: dict[str, str] = {
    "ngit": "#0072B2",
    "equipment": "#E69F00",
    "materials": "#009E73",
    "biomed": "#CC79A7",
    "consumer": "#56B4E9",
    "nev": "#D55E00",
    "other": "#999999",
}

BASIS_COLOURS: dict[str, str] = {
    "official": "#0072B2",
    "reported": "#56B4E9",
    "derived": "#E69F00",
    "computed": "#009E73",
    "compiled": "#CC79A7",
    "third-party": "#D55E00",
    "claim": "#000000",
}

NEUTRAL = "#555555"
HIGHLIGHT = "#D55E00"
