"""Shared app state: the cached data package, the global sector filter and URL-parameter hygiene."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar, cast

import pandas as pd
import streamlit as st

from dashboard import language, url_state
from industrial_base.i18n import DEFAULT_LANGUAGE, LANGUAGES, Messages
from industrial_base.package import DEFAULT_DATA_DIR, DataPackage, DatasetUnavailable, load_package

T = TypeVar("T")
DATA_DIR_ENV = "INDUSTRIAL_BASE_DATA_DIR"
SECTOR_KEY = "sector"
FALLBACK_YEARS = (2012, 2025)  # the article's first year and the research's latest, used only for controls


def data_dir() -> Path:
    """The data folder; overridable so tests can point the app at a corrupted copy."""
    return Path(os.environ.get(DATA_DIR_ENV, DEFAULT_DATA_DIR))


@st.cache_resource(show_spinner=False)
def _cached_package(path: str) -> DataPackage:
    return load_package(Path(path))


def package() -> DataPackage:
    """The validated data package, loaded once per server process (read-only: `table()` returns copies)."""
    return _cached_package(str(data_dir()))


def table(name: str) -> pd.DataFrame:
    """A copy of a validated table; raises `DatasetUnavailable` for a broken dataset."""
    return package().table(name).copy()


def year_bounds(*names: str) -> tuple[int, int]:
    """First and last year of the first of these tables that loads, for the year controls; a page whose
    tables all failed still renders its error cards."""
    return _year_bounds(str(data_dir()), names)


@st.cache_resource(show_spinner=False, max_entries=32)
def _year_bounds(path: str, names: tuple[str, ...]) -> tuple[int, int]:
    for name in names:
        try:
            years = package().table(name)["year"].dropna()
        except DatasetUnavailable:
            continue
        return int(years.min()), int(years.max())
    return FALLBACK_YEARS


PROVINCE_BOUNDARIES_URL = "app/static/china_provinces.geojson"
"""Served by Streamlit's static file serving (relative, so it also works under a proxy's base path); a compact
copy of the data package's `china_provinces` resource made by tools/build_static_geo.py."""


def province_boundaries() -> str:
    """The URL maps load the province boundaries from, once the boundary resource has validated."""
    result = package().tables.get("china_provinces")
    if result is None or result.errors or result.document is None:
        raise DatasetUnavailable("china_provinces", result.errors if result else [])
    return PROVINCE_BOUNDARIES_URL


MAX_BUILT = 1024
_built: OrderedDict[tuple[str, str, str, tuple[Hashable, ...]], Any] = OrderedDict()
_built_lock = threading.Lock()


def cached(build: Callable[..., T], *args: Hashable) -> T:
    """`build(m, *args)`, computed once per (builder, data folder, language, args), then shared by every
    session and rerun: treat the result as read-only.

    This is how pages skip the pandas and plotly work of a warm rerun. Everything the result depends on
    besides the data package must be in `args` (filter state, widget values: hashable), and a builder must not
    read session state or draw elements. A `DatasetUnavailable` raised by `build` is not cached: it
    propagates to the page's `guarded`.

    A plain in-process LRU (1,024 entries, so filter combinations cannot grow memory without limit) rather
    than `st.cache_resource`: a page makes several lookups per rerun, and Streamlit's per-call argument
    hashing and signature inspection cost ~0.35 ms each, a quarter of a warm rerun. Builders are keyed by
    file and qualified name because page scripts define them anew on every run.
    """
    key = (f"{build.__code__.co_filename}:{build.__qualname__}", str(data_dir()), messages().lang, args)
    with _built_lock:
        if key in _built:
            _built.move_to_end(key)
            return cast(T, _built[key])
    value = build(Messages(key[2]), *args)
    with _built_lock:
        _built[key] = value
        while len(_built) > MAX_BUILT:
            _built.popitem(last=False)
    return value


def clear_cached() -> None:
    """Forget every built result (the benchmark's cold runs; data changes need a server restart anyway)."""
    with _built_lock:
        _built.clear()


def messages() -> Messages:
    """The words of the reader's language (`?lang=zh`); pass this to view functions."""
    return language.current()


def seed_language() -> None:
    """Before navigation is built (its titles are translated): take the language from the link once."""
    url_state.seed(language.LANG_KEY, url_state.one_of(list(LANGUAGES)), default=DEFAULT_LANGUAGE)


def language_switch() -> None:
    """English / 简体中文, written back to `?lang=` (English, the default, leaves the link clean)."""
    chosen = st.segmented_control(
        messages()("ui.sidebar.language"),
        options=list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key=language.LANG_KEY,
        required=True,
    )
    url_state.publish(language.LANG_KEY, chosen, DEFAULT_LANGUAGE)


def sector_labels(m: Messages | None = None) -> dict[str, str]:
    """Sector id -> name in the reader's language (or `m`'s; the data holds both), in MIIT's order."""
    return dict(_sector_labels(str(data_dir()), (m or messages()).lang))


def required_sector_labels(m: Messages) -> dict[str, str]:
    """Sector labels for a chart that cannot do without them: a broken sector list raises
    `DatasetUnavailable` (an error card naming the file's problems) instead of an empty chart or a crash."""
    labels = sector_labels(m)
    if not labels:
        table("sectors")
    return labels


@st.cache_resource(show_spinner=False, max_entries=16)
def _sector_labels(path: str, language: str) -> tuple[tuple[str, str], ...]:
    try:
        sectors = package().table("sectors").sort_values("sort_order")
    except DatasetUnavailable:
        return ()
    m = Messages(language)
    return tuple(
        (sector, m.name(english, chinese))
        for sector, english, chinese in zip(
            sectors["sector_id"], sectors["label_en"], sectors["label_zh"], strict=True
        )
    )


def selected_sectors() -> list[str]:
    """The sectors chosen in the sidebar; an empty choice means every sector."""
    labels = sector_labels()
    chosen = [s for s in st.session_state.get(SECTOR_KEY) or [] if s in labels]
    return chosen or list(labels)


def sector_filter_active() -> bool:
    return set(selected_sectors()) != set(sector_labels())


def sector_sidebar() -> None:
    """The global sector filter, seeded from and written back to `?sector=ID&sector=ID`."""
    labels = sector_labels()
    m = messages()
    if not labels:
        st.error(m("ui.sidebar.sectors_unavailable"))
        return
    url_state.seed(SECTOR_KEY, url_state.many_of(list(labels)), default=[])
    chosen = st.multiselect(
        m("ui.sidebar.sectors"),
        options=list(labels),
        format_func=labels.__getitem__,
        key=SECTOR_KEY,
        placeholder=m("ui.sidebar.all_sectors"),
        help=m("ui.sidebar.sectors_help"),
    )
    url_state.publish(SECTOR_KEY, chosen, [])
