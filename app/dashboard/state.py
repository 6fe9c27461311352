"""Shared app state: the data package, the one cache of prepared parts, the language and the sector filter."""

from __future__ import annotations

import gc
import os
import threading
from collections import OrderedDict
from collections.abc import Hashable
from pathlib import Path
from typing import Any, TypeVar, cast

import streamlit as st

from dashboard import url_state
from industrial_base import links
from industrial_base.i18n import DEFAULT_LANGUAGE, LANGUAGES, Messages
from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR, DataPackage, DatasetUnavailable
from industrial_base.registry import Prepared
from industrial_base.sectors import SECTOR_NAMES

T = TypeVar("T")
DATA_DIR_ENV = "INDUSTRIAL_BASE_DATA_DIR"
SECTOR_KEY = "sector"


def data_dir() -> Path:
    """The data folder; overridable so tests can point the app at a corrupted copy."""
    return Path(os.environ.get(DATA_DIR_ENV, DEFAULT_DATA_DIR))


@st.cache_resource(show_spinner=False)
def _cached_package(path: str) -> DataPackage:
    return load_package(Path(path))


def package() -> DataPackage:
    """The validated data package, loaded once per server process (read-only: builders get copies)."""
    return _cached_package(str(data_dir()))


MAX_BUILT = 1024
_built: OrderedDict[tuple[str, str, str, tuple[tuple[str, Hashable], ...]], Any] = OrderedDict()
_built_lock = threading.Lock()


def build(spec: Prepared[T], **values: Hashable) -> T:
    """What `spec` prepares from the data for these values, built once per (part, data folder, language,
    values) and then shared by every session and rerun: treat the result as read-only.

    This is how pages skip the pandas and plotly work of a warm rerun. Every value a builder depends on
    besides its datasets is one of `values` (control values, the sidebar's sectors: hashable). A builder never
    reads session state or draws elements. A `DatasetUnavailable` (one of its `reads` failed validation) is
    not cached: it propagates to the view's error card.

    A plain in-process LRU (1,024 entries, so filter combinations cannot grow memory without limit) rather
    than `st.cache_resource`: a page makes several lookups per rerun, and Streamlit's per-call argument
    hashing and signature inspection cost ~0.35 ms each, a quarter of a warm rerun.
    """
    language = messages().lang
    key = (spec.name, str(data_dir()), language, tuple(values.items()))
    with _built_lock:
        if key in _built:
            _built.move_to_end(key)
            return cast(T, _built[key])
    value = spec(Messages(language), package(), **values)
    with _built_lock:
        _built[key] = value
        while len(_built) > MAX_BUILT:
            _built.popitem(last=False)
    return value


def clear_cached() -> None:
    """Forget every built result (the benchmark's cold runs; data changes need a server restart anyway)."""
    with _built_lock:
        _built.clear()


_heap_settled = threading.Event()


def settle_heap() -> None:
    """Once per server process, after the first full run: move every object alive then (modules, the data
    package, Streamlit's own) out of the garbage collector's reach with `gc.freeze()`.

    Python's full collections otherwise walk all of them every so often: pauses of ~100 ms (measured in a
    page's reruns) that land on some reader's click at random. Objects made later (sessions, built cards) are
    collected as usual; only garbage cycles that already exist at that moment are never freed.
    """
    if not _heap_settled.is_set():
        _heap_settled.set()
        gc.freeze()


messages = url_state.messages
"""The words of the reader's language (`?lang=zh`); pass this to view functions."""


def seed_language() -> None:
    """Before navigation is built (its titles are translated): take the language from the link once; with
    none in the link, from the browser's (a browser set to Chinese opens in Chinese)."""
    browser = str(st.context.locale or "").lower()
    default = "zh" if browser.startswith("zh") else DEFAULT_LANGUAGE
    url_state.seed(url_state.LANG_KEY, links.one_of(list(LANGUAGES)), default=default)


def language_switch() -> None:
    """English / 简体中文, written back to `?lang=` (English, the default, leaves the link clean)."""
    chosen = st.segmented_control(
        messages()("ui.sidebar.language"),
        options=list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key=url_state.LANG_KEY,
        required=True,
    )
    url_state.publish(url_state.LANG_KEY, chosen, DEFAULT_LANGUAGE, lambda value: [value])


def sector_labels() -> dict[str, str]:
    """Sector id -> name in the reader's language, in MIIT's order; empty when the sector list is broken (the
    sidebar then says so, and every chart that needs sectors shows the list's error card)."""
    try:
        return dict(build(SECTOR_NAMES))
    except DatasetUnavailable:
        return {}


def selected_sectors() -> list[str]:
    """The sectors chosen in the sidebar; an empty choice means every sector."""
    labels = sector_labels()
    chosen = [s for s in st.session_state.get(SECTOR_KEY) or [] if s in labels]
    return chosen or list(labels)


def sector_filter_active() -> bool:
    return set(selected_sectors()) != set(sector_labels())


def seed_sectors() -> None:
    """The sector filter's value from `?sector=ID&sector=ID`, drawn in the sidebar or not (an embedded view
    has no sidebar, and its link still filters it)."""
    url_state.seed(SECTOR_KEY, links.many_of(list(sector_labels())), default=(), convert=list)


def sector_sidebar() -> None:
    """The global sector filter, seeded from and written back to `?sector=ID&sector=ID`."""
    labels = sector_labels()
    m = messages()
    if not labels:
        st.error(m("ui.sidebar.sectors_unavailable"))
        return
    seed_sectors()
    chosen = st.multiselect(
        m("ui.sidebar.sectors"),
        options=list(labels),
        format_func=labels.__getitem__,
        key=SECTOR_KEY,
        placeholder=m("ui.sidebar.all_sectors"),
        help=m("ui.sidebar.sectors_help"),
    )
    url_state.publish(SECTOR_KEY, chosen, (), list)
