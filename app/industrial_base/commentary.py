"""Our commentary, kept in TOML catalogues (app/content/LANG/PAGE.toml) rather than in page code.

Entries are format strings: numbers quoted in the text are filled in from the data at run time, so the prose
cannot drift from the datasets.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

CONTENT_DIR = Path(__file__).resolve().parents[1] / "content"


@cache
def catalogue(language: str = "en") -> dict[str, Any]:
    """Every page's entries, under the page file's stem ("value_added.mva.claim")."""
    entries: dict[str, Any] = {}
    for path in sorted((CONTENT_DIR / language).glob("*.toml")):
        with path.open("rb") as handle:
            entries[path.stem] = tomllib.load(handle)
    return entries


def text(key: str, language: str = "en", **numbers: Any) -> str:
    """The entry at a dotted key ("value_added.mva.claim"), with `numbers` substituted."""
    node: Any = catalogue(language)
    for part in key.split("."):
        node = node[part]
    return str(node).strip().format(**numbers)
