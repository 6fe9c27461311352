"""``python -m bench``: the dashboard's performance benchmark, side by side with reference apps.

One run measures, for the dashboard and for ``bench/reference/{empty_app,one_chart_app}.py`` (and, in the
browser, ``multipage_app.py``: the one chart in the dashboard's frame, Streamlit's floor for its shape):

1. server start -> ``/_stcore/health`` == ok;
2. script time per page (first and warm rerun) in-process with ``AppTest``;
3. in headless Chromium: navigation -> all charts drawn, and sector-filter change -> charts redrawn;
4. server RSS with 1 and with N concurrent browser sessions.

It prints Markdown tables plus pass/fail per target and writes everything as JSON (default
``bench/results/latest.json``). All traffic stays on 127.0.0.1; every loop is bounded in count and by a
global time budget; every server and browser started here is stopped on the way out, also on errors and on
SIGTERM/SIGINT.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.metadata
import json
import os
import platform
import shutil
import signal
import sys
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from playwright.sync_api import Page

from bench import browser as bb
from bench import report
from bench.browser import BudgetExceeded, Deadline, Drawn
from bench.script_time import DashboardPage, ScriptTimes
from bench.servers import Server, ServerError, memory, start_server, stop_server

REPO_ROOT = Path(__file__).resolve().parents[1]
APP_DIR = REPO_ROOT / "app"
ENTRYPOINT = APP_DIR / "streamlit_app.py"  # the server (st.App: the dashboard and the data API)
DASHBOARD_SCRIPT = APP_DIR / "dashboard_script.py"  # what the server runs per session; AppTest runs it
REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
EMPTY_APP = REFERENCE_DIR / "empty_app.py"
ONE_CHART_APP = REFERENCE_DIR / "one_chart_app.py"
MULTIPAGE_APP = REFERENCE_DIR / "multipage_app.py"
MULTIPAGE_CHART_PATH = "chart"
REFERENCES = ("empty", "one_chart", "multipage")
DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "latest.json"
DEFAULT_CHROMIUM = "/usr/bin/chromium"

# Pages whose charts have a sector dimension (the sidebar filter changes them), by file stem.
SECTOR_PAGES = ("key_products", "little_giants", "clusters", "fact_check")
SECTOR_FILTER_LABEL = "Sectors"
REFERENCE_SELECT_LABEL = "Series"
SETTLE_BEFORE_MEMORY_S = 1.5
SCHEMA_VERSION = 1
BUSY_WARNING_PCT = 15.0


@dataclass(frozen=True)
class Settings:
    reruns: int
    server_starts: int
    navigations: int
    filter_changes: int
    sessions: int
    budget_s: float


FULL = Settings(reruns=20, server_starts=3, navigations=10, filter_changes=12, sessions=20, budget_s=2400)
QUICK = Settings(reruns=3, server_starts=1, navigations=2, filter_changes=2, sessions=2, budget_s=900)


@dataclass
class Probe:
    """One page under measurement in the browser phase, kept open so rounds can interleave the targets."""

    name: str
    url: str
    label: str = ""
    """The combobox changed by the filter rounds."""
    toggle: bool = False
    page: Page | None = None
    charts: int = 0
    first_visit_ms: float | None = None
    options: list[str] = field(default_factory=list)
    samples: list[Drawn] = field(default_factory=list)
    error: str | None = None

    def record(self, drawn: Drawn) -> None:
        if drawn.exceptions:
            raise RuntimeError(f"page shows an exception: {drawn.exceptions[0]}")
        self.samples.append(drawn)

    def change(self, step: int, deadline: Deadline) -> Drawn:
        """Filter change number ``step`` (see :meth:`Bench.filter_rounds`)."""
        assert self.page is not None
        if not self.toggle:
            return bb.pick_option(
                self.page, self.label, self.options[(step + 1) % len(self.options)], 0, deadline
            )
        option = self.options[(step // 2) % len(self.options)]
        if step % 2 == 0:
            return bb.pick_option(self.page, self.label, option, 0, deadline)
        return bb.remove_option(self.page, option, 0, deadline)

    def chart_series(self) -> list[int]:
        return [s.charts for s in self.samples]

    def summary(self) -> dict[str, Any]:
        slowest = max(self.samples, key=lambda s: s.ms, default=None)
        return {
            **report.summarise([s.ms for s in self.samples]),
            "charts": self.charts,
            "slowest_last_change": slowest.last_change if slowest else None,
            "script_finished_p50_ms": (
                round(report.median([s.finished_ms for s in self.samples]) or 0, 1) if self.samples else None
            ),
            "received_kb_p50": (
                round((report.median([s.received_bytes for s in self.samples]) or 0) / 1024, 1)
                if self.samples
                else None
            ),
            "error": self.error,
        }


class BenchInterrupted(BaseException):
    """SIGTERM/SIGINT: unwind through every ``finally`` so servers and browsers are stopped."""


def _on_signal(signum: int, _frame: FrameType | None) -> None:
    raise BenchInterrupted(f"signal {signum}")


def chromium_path(explicit: str | None) -> str | None:
    """``--chromium``, else ``$CHROMIUM_PATH``, else ``/usr/bin/chromium``; None if not executable."""
    candidate = explicit or os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM
    resolved = candidate if os.path.isabs(candidate) else shutil.which(candidate)
    if resolved and os.path.isfile(resolved) and os.access(resolved, os.X_OK):
        return resolved
    return None


def machine_info() -> dict[str, Any]:
    """What the numbers were measured on: CPUs, memory, CPU model and the versions that matter."""
    import pandas
    import plotly
    import streamlit

    cpu_model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    mem_total_mb = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_total_mb = round(int(line.split()[1]) / 1024)
                break
    return {
        "nproc": os.cpu_count(),
        "sched_affinity_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "memory_total_mb": mem_total_mb,
        "cpu_model": cpu_model,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "plotly": plotly.__version__,
        "pandas": pandas.__version__,
        "playwright": _dist_version("playwright"),
        "orjson": _dist_version("orjson"),
        "chromium": None,
        "loadavg_at_start": loadavg(),
        "cpu_busy_pct_before": cpu_busy_percent(),
    }


def _cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies over all CPUs from the first line of /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields) - idle, sum(fields)


def cpu_busy_percent(seconds: float = 3.0) -> float | None:
    """Whole-machine CPU use over ``seconds`` while the benchmark itself is idle: other work on the machine
    (another test run, a load test) skews every figure, so it is measured before and after the run."""
    try:
        busy0, total0 = _cpu_times()
        time.sleep(seconds)
        busy1, total1 = _cpu_times()
    except (OSError, ValueError, IndexError):
        return None
    return round(100 * (busy1 - busy0) / max(1, total1 - total0), 1)


def loadavg() -> list[float] | None:
    """1/5/15-minute load averages: other work on the machine skews every figure, so it is recorded."""
    try:
        return [float(v) for v in Path("/proc/loadavg").read_text().split()[:3]]
    except (OSError, ValueError):
        return None


def _dist_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _script_entry(times: ScriptTimes) -> dict[str, Any]:
    warm = times.warm_ms
    return {
        "first_ms": None if times.first_ms is None else round(times.first_ms, 2),
        "warm_median_ms": round(report.median(warm) or 0, 2) if warm else None,
        "warm_p95_ms": round(report.percentile(warm, 95) or 0, 2) if warm else None,
        "warm_samples_ms": [round(t, 2) for t in warm],
        "charts": times.charts,
        "error": times.error,
    }


def _error_text(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".strip()
    return text.splitlines()[0][:400] if text else type(exc).__name__


class Bench:
    """One benchmark run; results accumulate in ``self.results`` so a partial run can still be written."""

    def __init__(
        self, settings: Settings, mode: str, chromium: str | None, only_pages: set[str] | None
    ) -> None:
        self.settings = settings
        self.deadline = Deadline(settings.budget_s)
        self.chromium = chromium
        self.only_pages = only_pages
        self.pages: list[DashboardPage] = []
        self.chart_counts: dict[str, int] = {}
        self.servers: list[Server] = []
        self.results: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "mode": mode,
            "command": " ".join([Path(sys.executable).name, "-m", "bench", *sys.argv[1:]]),
            "machine": machine_info(),
            "settings": {
                **vars(settings),
                "quiet_ms": bb.QUIET_MS,
                "viewport": bb.VIEWPORT,
                "sector_pages": list(SECTOR_PAGES),
            },
            "notes": [
                "Script time is measured in-process with streamlit.testing.v1.AppTest; AppTest adds its "
                "own overhead (mocked runtime, element-tree parsing) equally to every app: compare ratios.",
                "'first' = fresh AppTest session with st.cache_data/st.cache_resource cleared (modules "
                "already imported); 'warm' = median of reruns with nothing changed.",
                "Browser times are read from the page's own clock: navigation from navigation start, filter "
                "changes from just before the option click, to the last DOM change once the server reported "
                "the run finished and every .js-plotly-plot has its .main-svg.",
                "RSS growth per extra session = (RSS with N sessions - RSS with 1) / (N - 1), for resident "
                "(VmRSS, sessions idle) and peak (VmHWM); the target uses the larger.",
            ],
            "server_start": {},
            "script_time": {},
            "navigation": {},
            "filter": {},
            "memory": {},
            "targets": [],
            "errors": [],
        }

    # ---------------------------------------------------------------------------------------- helpers

    def error(self, where: str, exc: BaseException) -> str:
        text = _error_text(exc)
        self.results["errors"].append({"where": where, "error": text})
        print(f"  ! {where}: {text}", file=sys.stderr)
        return text

    def selected_pages(self) -> list[DashboardPage]:
        if not self.only_pages:
            return self.pages
        return [p for p in self.pages if p.stem in self.only_pages]

    @contextlib.contextmanager
    def server(self, app: Path) -> Iterator[Server]:
        # From app/: the dashboard's settings (app/.streamlit/config.toml) are then also the working folder's,
        # so the reference apps in bench/reference/ run with exactly the dashboard's settings too.
        # Through bench.nodelay: the references get the dashboard's socket setting (`TCP_NODELAY`).
        server = start_server(
            app, APP_DIR, env={"PYTHONPATH": str(REPO_ROOT)}, runner=("-m", "bench.nodelay")
        )
        self.servers.append(server)
        try:
            yield server
        finally:
            stop_server(server)
            self.servers.remove(server)

    def stop_all(self) -> None:
        for server in list(self.servers):
            stop_server(server)
            self.servers.remove(server)

    # ---------------------------------------------------------------------------------------- phases

    def phase_script_time(self) -> None:
        from bench import script_time as st_time

        print("• script time (AppTest)…", file=sys.stderr)
        st_time.prepare(APP_DIR)
        self.pages = st_time.dashboard_pages(DASHBOARD_SCRIPT)
        pages = self.selected_pages()
        st_time.warm_up(DASHBOARD_SCRIPT, pages, [EMPTY_APP, ONE_CHART_APP])
        section = self.results["script_time"]

        reruns = self.settings.reruns
        for name, script in (("empty", EMPTY_APP), ("one_chart", ONE_CHART_APP)):
            try:
                section[name] = _script_entry(st_time.time_script(script, reruns, self.deadline))
            except Exception as exc:
                section[name] = _script_entry(ScriptTimes(error=self.error(f"script time {name}", exc)))
        section["dashboard"] = {}
        for page in pages:
            self.deadline.check("script time")
            try:
                times = st_time.time_dashboard_page(DASHBOARD_SCRIPT, page, reruns, self.deadline)
                if times.error:
                    self.results["errors"].append({"where": f"script time {page.stem}", "error": times.error})
            except Exception as exc:
                times = ScriptTimes(error=self.error(f"script time {page.stem}", exc))
            section["dashboard"][page.stem] = {**_script_entry(times), "label": page.label}

    def phase_server_start(self) -> None:
        print("• server start → healthy…", file=sys.stderr)
        apps = {"empty": EMPTY_APP, "one_chart": ONE_CHART_APP, "dashboard": ENTRYPOINT}
        samples: dict[str, list[float]] = {name: [] for name in apps}
        errors: dict[str, str] = {}
        for _ in range(self.settings.server_starts):  # interleaved, so drift hits every app alike
            for name, app in apps.items():
                self.deadline.check("server starts")
                try:
                    with self.server(app) as server:
                        samples[name].append(server.healthy_after_s)
                except ServerError as exc:
                    errors[name] = self.error(f"server start {name}", exc)
        for name, values in samples.items():
            self.results["server_start"][name] = {
                "median_s": None if not values else round(report.median(values) or 0, 3),
                "max_s": None if not values else round(max(values), 3),
                "samples_s": [round(v, 3) for v in values],
                "error": errors.get(name),
            }

    def phase_browser(self) -> None:
        """Navigation and filter timings. All servers run together and every round visits every target once
        (round-robin), so drifting background load hits the dashboard and the references alike.
        """
        from playwright.sync_api import sync_playwright

        assert self.chromium is not None
        print("• browser: navigation and filter changes…", file=sys.stderr)
        with sync_playwright() as pw:
            browser = bb.launch(pw, self.chromium)
            try:
                self.results["machine"]["chromium"] = browser.version
                with (
                    self.server(EMPTY_APP) as empty,
                    self.server(ONE_CHART_APP) as one_chart,
                    self.server(MULTIPAGE_APP) as multipage,
                    self.server(ENTRYPOINT) as dashboard,
                ):
                    pages = self.selected_pages()
                    urls = {p.stem: f"{dashboard.base_url}/{p.url_path}" for p in pages}
                    # Calibration visits are first contacts: cold server (the dashboard's first page only)
                    # and cold browser cache.
                    first = {*REFERENCES, *(p.stem for p in pages[:1])}
                    multipage_chart = f"{multipage.base_url}/{MULTIPAGE_CHART_PATH}"
                    navigation = [
                        Probe("empty", empty.base_url),
                        Probe("one_chart", one_chart.base_url),
                        Probe("multipage", multipage_chart),
                    ]
                    navigation += [Probe(p.stem, urls[p.stem]) for p in pages]
                    self.navigation_rounds(browser, navigation)
                    for probe in navigation:
                        entry = probe.summary()
                        entry["first_visit_ms"] = probe.first_visit_ms if probe.name in first else None
                        self._store("navigation", probe.name, entry)

                    filters = [
                        Probe("one_chart", one_chart.base_url, REFERENCE_SELECT_LABEL, toggle=False),
                        Probe("multipage", multipage_chart, SECTOR_FILTER_LABEL, toggle=True),
                    ]
                    filters += [
                        Probe(p.stem, urls[p.stem], SECTOR_FILTER_LABEL, toggle=True)
                        for p in pages
                        if p.stem in SECTOR_PAGES
                    ]
                    self.filter_rounds(browser, filters)
                    for probe in filters:
                        self._store("filter", probe.name, {**probe.summary(), "charts": probe.chart_series()})
            finally:
                browser.close()
        for page in self.selected_pages():
            if page.stem in self.results["navigation"].get("dashboard", {}):
                self.results["navigation"]["dashboard"][page.stem]["url_path"] = "/" + page.url_path

    def _store(self, section: str, name: str, entry: dict[str, Any]) -> None:
        if name in REFERENCES:
            self.results[section][name] = entry
        else:
            self.results[section].setdefault("dashboard", {})[name] = entry

    def navigation_rounds(self, browser: Any, probes: list[Probe]) -> None:
        """One calibration visit per target (chart count, warm browser cache), then ``navigations`` rounds."""
        contexts = []
        try:
            for probe in probes:
                self.deadline.check("navigation calibration")
                context = bb.new_context(browser)
                contexts.append(context)
                try:
                    probe.page = context.new_page()
                    visit = bb.navigate(probe.page, probe.url, 0, self.deadline, bb.CALIBRATION_QUIET_MS)
                    probe.first_visit_ms = round(visit.ms, 1)
                    probe.page.wait_for_timeout(bb.CALIBRATION_QUIET_MS)  # anything still mounting
                    probe.charts = int(probe.page.locator(".js-plotly-plot").count())
                    self.chart_counts[probe.name] = probe.charts
                    if visit.exceptions:
                        raise RuntimeError(f"page shows an exception: {visit.exceptions[0]}")
                except Exception as exc:
                    probe.error = self.error(f"navigation {probe.name}", exc)
            for _ in range(self.settings.navigations):
                for probe in probes:
                    if probe.error or probe.page is None:
                        continue
                    self.deadline.check("navigation")
                    try:
                        probe.record(bb.navigate(probe.page, probe.url, probe.charts, self.deadline))
                    except Exception as exc:
                        probe.error = self.error(f"navigation {probe.name}", exc)
        finally:
            for context in contexts:
                with contextlib.suppress(Exception):
                    context.close()

    def filter_rounds(self, browser: Any, probes: list[Probe]) -> None:
        """``filter_changes`` value changes of each target's combobox, round-robin over the targets.

        ``toggle`` (the dashboard's multiselect): add one sector, then remove it, then the next sector… so
        every step is a single change and a single rerun. Otherwise (the reference's selectbox): step to the
        next option each time.
        """
        contexts = []
        try:
            for probe in probes:
                self.deadline.check("filter setup")
                context = bb.new_context(browser)
                contexts.append(context)
                try:
                    probe.page = context.new_page()
                    bb.navigate(probe.page, probe.url, self.chart_counts.get(probe.name, 0), self.deadline)
                    probe.options = bb.combobox_options(probe.page, probe.label, self.deadline)
                    if not probe.options:
                        raise RuntimeError(f"no options in the {probe.label!r} combobox")
                except Exception as exc:
                    probe.error = self.error(f"filter {probe.name}", exc)
            for i in range(self.settings.filter_changes):
                for probe in probes:
                    if probe.error or probe.page is None:
                        continue
                    self.deadline.check("filter changes")
                    try:
                        probe.record(probe.change(i, self.deadline))
                    except Exception as exc:
                        probe.error = self.error(f"filter {probe.name}", exc)
        finally:
            for context in contexts:
                with contextlib.suppress(Exception):
                    context.close()

    def phase_memory(self) -> None:
        from playwright.sync_api import sync_playwright

        assert self.chromium is not None
        print("• server memory with 1 and N sessions…", file=sys.stderr)
        dashboard_pages = {p.stem: p for p in self.selected_pages()}
        # The page with the most charts (ties: navigation order) is the worst case for a session's memory.
        heaviest = max(dashboard_pages.values(), key=lambda p: self.chart_counts.get(p.stem, 0), default=None)
        targets: list[tuple[str, Path, str, str]] = [("one_chart", ONE_CHART_APP, "", "one_chart")]
        if heaviest is not None:
            targets.append(("dashboard", ENTRYPOINT, heaviest.url_path, heaviest.stem))
        with sync_playwright() as pw:
            browser = bb.launch(pw, self.chromium)
            try:
                for name, app, url_path, stem in targets:
                    self.deadline.check("memory")
                    try:
                        with self.server(app) as server:
                            data = self.memory_series(browser, server, url_path, stem)
                    except Exception as exc:
                        data = {"error": self.error(f"memory {name}", exc)}
                    data["page"] = stem
                    self.results["memory"][name] = data
            finally:
                browser.close()

    def memory_series(self, browser: Any, server: Server, url_path: str, stem: str) -> dict[str, Any]:
        n = max(2, self.settings.sessions)
        url = f"{server.base_url}/{url_path}"
        charts = self.chart_counts.get(stem, 0)
        baseline = memory(server.pid)
        contexts = []
        try:
            first = bb.new_context(browser)
            contexts.append(first)
            bb.navigate(first.new_page(), url, charts, self.deadline)
            time.sleep(SETTLE_BEFORE_MEMORY_S)
            one = memory(server.pid)
            pages = []
            for _ in range(n - 1):  # open the other sessions together, then wait for all of them
                self.deadline.check("memory sessions")
                context = bb.new_context(browser)
                contexts.append(context)
                page = context.new_page()
                page.goto(url, wait_until="commit", timeout=self.deadline.timeout_ms())
                pages.append(page)
            for page in pages:
                bb.wait_drawn(page, 0.0, charts, self.deadline)
            time.sleep(SETTLE_BEFORE_MEMORY_S)
            many = memory(server.pid)
        finally:
            for context in contexts:
                with contextlib.suppress(Exception):
                    context.close()
        growth_rss = (many.rss_mb - one.rss_mb) / (n - 1)
        growth_peak = (many.peak_mb - one.peak_mb) / (n - 1)
        return {
            "sessions": n,
            "baseline_rss_mb": round(baseline.rss_mb, 1),
            "rss_1_mb": round(one.rss_mb, 1),
            "peak_1_mb": round(one.peak_mb, 1),
            "rss_n_mb": round(many.rss_mb, 1),
            "peak_n_mb": round(many.peak_mb, 1),
            "growth_rss_mb_per_session": round(growth_rss, 2),
            "growth_peak_mb_per_session": round(growth_peak, 2),
            "growth_mb_per_session": round(max(growth_rss, growth_peak), 2),
            "error": None,
        }

    # ---------------------------------------------------------------------------------------- driver

    def run(self) -> None:
        started = time.monotonic()
        try:
            self.phase_script_time()
            self.phase_server_start()
            if self.chromium is None:
                reason = (
                    "Chromium not found (set --chromium or CHROMIUM_PATH): browser and memory phases skipped"
                )
                self.results["errors"].append({"where": "browser", "error": reason})
                print(f"  ! {reason}", file=sys.stderr)
            else:
                self.phase_browser()
                self.phase_memory()
        except BudgetExceeded as exc:
            self.error("time budget", exc)
        finally:
            self.stop_all()
            self.results["duration_s"] = round(time.monotonic() - started, 1)
            self.results["machine"]["loadavg_at_end"] = loadavg()
            self.results["machine"]["cpu_busy_pct_after"] = cpu_busy_percent()
            for moment in ("before", "after"):
                busy = self.results["machine"][f"cpu_busy_pct_{moment}"]
                if busy is not None and busy > BUSY_WARNING_PCT:
                    self.results["errors"].append(
                        {
                            "where": "machine",
                            "error": f"the machine was {busy}% busy {moment} the run (other work): figures "
                            "are skewed, run again on an idle machine",
                        }
                    )
            self.results["targets"] = report.evaluate_targets(self.results)
            statuses = [t["status"] for t in self.results["targets"]]
            self.results["summary"] = {s: statuses.count(s) for s in ("pass", "fail", "not measured")}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few repetitions and 2 sessions (for the test)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON output (default: {DEFAULT_OUT})")
    parser.add_argument("--chromium", help="Chromium binary (default: $CHROMIUM_PATH or /usr/bin/chromium)")
    parser.add_argument("--pages", help="comma-separated page file stems to measure (default: all)")
    parser.add_argument("--budget", type=float, help="time budget in seconds for the whole run")
    parser.add_argument(
        "--render", type=Path, metavar="JSON", help="print the tables of an earlier run's JSON and exit"
    )
    parser.add_argument(
        "--fail-on-target",
        action="store_true",
        help="exit with status 3 when a target fails or is not measured",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.render:
        print(report.render(json.loads(args.render.read_text())))
        return 0
    settings = QUICK if args.quick else FULL
    if args.budget:
        settings = Settings(**{**vars(settings), "budget_s": args.budget})
    only = {p.strip() for p in args.pages.split(",") if p.strip()} if args.pages else None
    previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    bench = Bench(settings, "quick" if args.quick else "full", chromium_path(args.chromium), only)
    try:
        bench.run()
    except BenchInterrupted as exc:
        bench.results["errors"].append({"where": "run", "error": f"interrupted ({exc})"})
        write(bench.results, args.out)
        return 130
    except Exception as exc:
        bench.error("run", exc)
        traceback.print_exc()
        write(bench.results, args.out)
        return 1
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print(report.render(bench.results))
    path = write(bench.results, args.out)
    summary = bench.results["summary"]
    print(
        f"\nTargets: {summary['pass']} pass, {summary['fail']} fail, {summary['not measured']} not measured. "
        f"JSON: {path}",
    )
    if args.fail_on_target and (summary["fail"] or summary["not measured"]):
        return 3
    return 0


def write(results: dict[str, Any], out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return out
