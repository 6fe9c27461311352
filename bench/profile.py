"""``python -m bench.profile PAGE``: cProfile of warm reruns of one dashboard page (AppTest, in-process).

Prints the top functions by cumulative and by own time, to name what a slow warm rerun spends its time
on. ``PAGE`` is a file stem under ``app/app_pages`` (e.g. ``little_giants``). Optionally writes the raw
stats (``--stats PATH``) for snakeviz/pstats.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import pstats
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.browser import Deadline
from bench.run import APP_DIR, DASHBOARD_SCRIPT
from bench.script_time import RUN_TIMEOUT_S, _exception_text, dashboard_pages, prepare


@contextlib.contextmanager
def profiled_script_thread(profiler: cProfile.Profile) -> Iterator[None]:
    """Profile inside AppTest's script thread.

    ``AppTest`` executes the script on a worker thread and ``cProfile`` only sees the thread that enabled
    it, so ``ScriptRunner._run_script`` is wrapped to switch the profiler on and off in that thread.
    """
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    original = ScriptRunner._run_script

    def wrapped(self: ScriptRunner, rerun_data: Any) -> None:
        profiler.enable()
        try:
            original(self, rerun_data)
        finally:
            profiler.disable()

    ScriptRunner._run_script = wrapped  # type: ignore[method-assign]
    try:
        yield
    finally:
        ScriptRunner._run_script = original  # type: ignore[method-assign]


def profile_page(
    stem: str, reruns: int, top: int, stats_path: Path | None, callers: str | None = None
) -> str:
    from streamlit.testing.v1 import AppTest

    prepare(APP_DIR)
    pages = {p.stem: p for p in dashboard_pages(DASHBOARD_SCRIPT)}
    if stem not in pages:
        raise SystemExit(f"unknown page {stem!r}; pages: {', '.join(pages)}")
    at = AppTest.from_file(str(DASHBOARD_SCRIPT), default_timeout=RUN_TIMEOUT_S)
    at.run()
    at.switch_page(f"app_pages/{stem}.py")
    at.run()  # first run: caches filled, not profiled
    error = _exception_text(at)
    if error:
        raise SystemExit(f"{stem} raised: {error}")
    deadline = Deadline(600)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    with profiled_script_thread(profiler):
        for _ in range(reruns):
            deadline.check(f"profiling {stem}")
            at.run()
    per_run_ms = (time.perf_counter() - started) * 1000 / reruns
    if stats_path is not None:
        profiler.dump_stats(str(stats_path))
    out = io.StringIO()
    out.write(
        f"{stem}: {reruns} warm reruns, {per_run_ms:.1f} ms each "
        "(wall time with the profiler on, AppTest's share included)\n"
    )
    for sort in ("cumulative", "tottime"):
        out.write(f"\n=== top {top} by {sort} ===\n")
        stats = pstats.Stats(profiler, stream=out)
        stats.strip_dirs().sort_stats(sort).print_stats(top)
    if callers:
        out.write(f"\n=== who calls {callers!r} ===\n")
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_callers(callers)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n\n")[0])
    parser.add_argument("page", help="file stem under app/app_pages, e.g. little_giants")
    parser.add_argument("--reruns", type=int, default=20)
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--stats", type=Path, help="also write raw pstats here")
    parser.add_argument("--callers", help="also list the callers of functions matching this regex")
    args = parser.parse_args(argv)
    print(profile_page(args.page, max(1, min(args.reruns, 500)), args.top, args.stats, args.callers))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
