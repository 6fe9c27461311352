"""Shared app state: the cached data package, the global sector filter and URL-parameter hygiene."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

from industrial_base.package import DEFAULT_DATA_DIR, DataPackage, DatasetUnavailable, load_package

DATA_DIR_ENV = "INDUSTRIAL_BASE_DATA_DIR"
SECTOR_KEY = "sector"
MAX_NOTICE_VALUE = 40


def data_dir() -> Path:
    """The data folder; overridable so tests can point the app at a corrupted copy."""
    return Path(os.environ.get(DATA_DIR_ENV, DEFAULT_DATA_DIR))


@st.cache_resource(show_spinner="Loading and validating the data package…")
def _cached_package(path: str) -> DataPackage:
    return load_package(Path(path))


def package() -> DataPackage:
    """The validated data package, loaded once per server process (read-only: `table()` returns copies)."""
    return _cached_package(str(data_dir()))


def table(name: str) -> pd.DataFrame:
    """A copy of a validated table; raises `DatasetUnavailable` for a broken dataset."""
    return package().table(name).copy()


def sector_labels() -> dict[str, str]:
    try:
        sectors = table("sectors").sort_values("sort_order")
    except DatasetUnavailable:
        return {}
    return dict(zip(sectors["sector_id"], sectors["label_en"], strict=True))


def selected_sectors() -> list[str]:
    """The sectors chosen in the sidebar; every sector when the filter is untouched or unavailable."""
    labels = sector_labels()
    chosen = st.session_state.get(SECTOR_KEY)
    return list(labels) if chosen is None else [s for s in chosen if s in labels]


def sector_filter_active() -> bool:
    return set(selected_sectors()) != set(sector_labels())


def _shorten(value: str) -> str:
    return value if len(value) <= MAX_NOTICE_VALUE else value[:MAX_NOTICE_VALUE] + "…"


def note_invalid_params(key: str, valid: Sequence[str] | None = None, *, single: bool = False) -> None:
    """Warn (as plain text) about URL values that the widget bound to `key` is about to ignore.

    Streamlit drops values a bound widget cannot take; this makes the drop visible instead of silent.
    """
    if key not in st.query_params:
        return
    values = st.query_params.get_all(key)
    problems: list[str] = []
    if single and len(values) > 1:
        problems.append(f"{len(values)} values given, only one allowed")
    if valid is not None:
        problems.extend(f"unknown value '{_shorten(v)}'" for v in values if v not in valid)
    if problems:
        st.warning(f"Ignored part of the link: parameter '{_shorten(key)}': {'; '.join(problems)}.", icon="⚠️")
