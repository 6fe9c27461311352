"""Script time, measured in-process with ``streamlit.testing.v1.AppTest``.

* **first**: a fresh ``AppTest`` (new session), every ``st.cache_data``/``st.cache_resource`` cleared, then
  the timed ``at.run()`` of the page: what the first visitor of a freshly started server pays in Python.
  Modules are already imported (a throw-away run of every target happens first), so import time is not in
  it; the browser's "first visit" figure has the truly cold case.
* **warm**: further ``at.run()`` calls on the same ``AppTest`` with nothing changed, i.e. a rerun with warm
  caches. Reported as the median of ``reruns`` calls.

``AppTest`` adds its own overhead to every run (a mocked runtime, protobuf -> element tree parsing, a
thread hand-off); roughly the same for every app, which is why the figures are compared as ratios to the
empty reference page measured the same way. One AppTest cost that is *not* equal, recompiling the scripts on
every run, is removed by :func:`share_script_cache`.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.browser import Deadline

RUN_TIMEOUT_S = 120.0


@dataclass
class ScriptTimes:
    """First and warm ``at.run()`` wall times in milliseconds, or the error that stopped the page."""

    first_ms: float | None = None
    warm_ms: list[float] = field(default_factory=list)
    charts: int = 0
    error: str | None = None


@dataclass(frozen=True)
class DashboardPage:
    """A page registered by the dashboard's ``st.navigation``."""

    stem: str
    """File name without ``.py`` under ``app/app_pages`` (the id used throughout the results)."""
    label: str
    url_path: str
    """"" for the default page."""


def prepare(app_dir: Path) -> None:
    """Make the app's packages importable, show full error text in exceptions and quiet Streamlit's logger.

    The app's ``app/.streamlit/config.toml`` redacts error details (``client.showErrorDetails = "none"``); for
    the benchmark's own in-process runs the real message is more useful in the report.

    Usage statistics are off for every app, as the dashboard's config has them (``browser.gatherUsageStats``):
    AppTest reads no script-level config, and with them on each Streamlit command records its arguments
    (~3 ms of a 17 ms fact-check rerun) that a served dashboard never pays.
    """
    if str(app_dir) not in sys.path:
        sys.path.insert(0, str(app_dir))
    from streamlit import config
    from streamlit.logger import set_log_level

    config.set_option("client.showErrorDetails", "full")
    config.set_option("browser.gatherUsageStats", False)
    set_log_level(logging.CRITICAL)  # "missing ScriptRunContext" and the like, once per AppTest run
    share_script_cache()


_SCRIPT_CACHE: Any = None


def share_script_cache() -> None:
    """Keep compiled scripts between ``AppTest`` runs, as a real server does.

    ``AppTest._run`` builds a new ``ScriptCache`` for every run, so each ``at.run()`` re-reads, re-parses,
    applies "magic" to and compiles the entrypoint and the page. That overhead grows with the size of the
    scripts (about 10 ms a run for the dashboard, nothing for the empty page), so it is not equal for all
    apps and a server pays it only once. One shared cache fixes that; :func:`clear_caches` empties it, so
    "first" still includes compiling.
    """
    global _SCRIPT_CACHE
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    if _SCRIPT_CACHE is None:
        _SCRIPT_CACHE = ScriptCache()
    # Both build their own in Streamlit 1.67: AppTest (for its pages manager) and the LocalScriptRunner.
    app_test.ScriptCache = lambda: _SCRIPT_CACHE  # type: ignore[assignment,misc]
    local_script_runner.ScriptCache = lambda: _SCRIPT_CACHE  # type: ignore[assignment,misc]


def clear_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    with contextlib.suppress(ImportError):  # the dashboard's own memo of built cards (dashboard.state)
        from dashboard import state

        state.clear_cached()
    if _SCRIPT_CACHE is not None:
        _SCRIPT_CACHE.clear()


def _exception_text(at: Any) -> str | None:
    if not at.exception:
        return None
    exc = at.exception[0]
    frames = [frame for frame in (exc.stack_trace or []) if frame.strip().startswith("File ")]
    # The innermost frame, first line only: 'File "…/page.py", line 25, in <module>'.
    where = f" (at {frames[-1].strip().splitlines()[0]})" if frames else ""
    return f"{exc.message}{where}"[:500]


def _timed(run: Callable[[], Any]) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def _measure(at: Any, reruns: int, deadline: Deadline, what: str) -> ScriptTimes:
    """Time the first run (after clearing caches) and ``reruns`` warm runs of an already-routed AppTest."""
    result = ScriptTimes()
    clear_caches()
    result.first_ms = _timed(at.run)
    result.error = _exception_text(at)
    if result.error:
        result.first_ms = None
        return result
    result.charts = len(at.get("plotly_chart"))
    for i in range(reruns):
        deadline.check(f"warm reruns of {what}")
        elapsed = _timed(at.run)
        error = _exception_text(at)
        if error:
            result.error = f"warm rerun {i + 1} raised: {error}"
            return result
        result.warm_ms.append(elapsed)
    return result


def dashboard_pages(entrypoint: Path) -> list[DashboardPage]:
    """Pages in navigation order, read from the ``st.navigation`` registry after one run of the entrypoint.

    Uses ``AppTest._registered_pages`` (what ``switch_page`` itself consults) so file names, labels and URL
    paths come from the app rather than being guessed; falls back to the files under ``app_pages/``.
    """
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(entrypoint), default_timeout=RUN_TIMEOUT_S)
    at.run()
    registry: dict[str, dict[str, Any]] = getattr(at, "_registered_pages", {}) or {}
    pages = [
        DashboardPage(
            stem=Path(str(info["script_path"])).stem,
            label=str(info.get("page_name", "")),
            url_path=str(info.get("url_pathname", "")),
        )
        for info in registry.values()
        if info.get("script_path")
    ]
    if pages:
        return pages
    files = sorted((entrypoint.parent / "app_pages").glob("*.py"))
    return [DashboardPage(f.stem, f.stem, f.stem.replace("_", "-")) for f in files]


def time_dashboard_page(
    entrypoint: Path, page: DashboardPage, reruns: int, deadline: Deadline
) -> ScriptTimes:
    """Entrypoint run (registers the pages, as a browser's first request would), switch, then measure."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(entrypoint), default_timeout=RUN_TIMEOUT_S)
    at.run()
    error = _exception_text(at)
    if error:
        return ScriptTimes(error=f"entrypoint raised: {error}")
    at.switch_page(f"app_pages/{page.stem}.py")
    return _measure(at, reruns, deadline, page.stem)


def time_script(script: Path, reruns: int, deadline: Deadline) -> ScriptTimes:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(script), default_timeout=RUN_TIMEOUT_S)
    return _measure(at, reruns, deadline, script.name)


def warm_up(entrypoint: Path, pages: list[DashboardPage], references: list[Path]) -> None:
    """One throw-away run of everything, so that "first" excludes one-off module imports for all alike."""
    for ref in references:
        with contextlib.suppress(Exception):  # a failure shows up again, and is recorded, when measured
            time_script(ref, 0, Deadline(RUN_TIMEOUT_S))
    for page in pages:
        with contextlib.suppress(Exception):
            time_dashboard_page(entrypoint, page, 0, Deadline(RUN_TIMEOUT_S))
