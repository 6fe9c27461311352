"""Many readers at once: N headless Chromium sessions use the dashboard together for D seconds.

    .venv/bin/python bench/load_test.py                         # 3 sessions x 60 s, own server
    .venv/bin/python bench/load_test.py --sessions 3 --duration 10 --out /tmp/load.json
    .venv/bin/python bench/load_test.py --url http://127.0.0.1:8501 [--pid PID]   # a running server

Each session is its own browser context (cookies, websocket, Streamlit session) in ONE Chromium, driven with
Playwright's async API. A session cycles through a fixed plan, rotated so the sessions start on different
pages: open a page by URL, click a page in the sidebar navigation, open a filtered link (``?sector=``,
``units``, ``years``, cluster filters, verdicts, vintages), and change a widget on the current page (units
control, cluster search, sidebar sector filter); after each step it waits until the app is idle and every
chart has drawn. It counts errors (``stException`` on the page, console errors and uncaught page errors,
step timeouts), records which pages rendered, and samples every second the server's memory (``VmRSS`` and
``VmHWM`` from ``/proc/PID/status``) and CPU use, and the whole machine's CPU use (the browsers run on the
same machine, so a slow run can be told apart: server-bound or load-generator-bound). Sessions start
evenly over ``--ramp`` seconds. A summary is printed and the results written as JSON
(``bench/results/load.json`` by default, gitignored).

Safety: only loopback (``--url`` must point at 127.0.0.1 or localhost); every loop is bounded by the
duration and a step cap, every wait by a timeout, and the whole run by a hard deadline; the server this
script starts (its whole process group) and the browser are stopped on the way out, also on an error or
SIGTERM/SIGINT. When it starts its own server it also checks that ``data/`` is byte-for-byte unchanged
afterwards (the app must never write there).

Exit status: 0 when the run had no error and every page rendered, 1 otherwise, 2 on bad arguments or when
the server or browser could not start, 130 when interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import re
import shutil
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from playwright.async_api import Browser, BrowserContext, ConsoleMessage, Page, async_playwright
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # run as a script: `python bench/load_test.py`
    sys.path.insert(0, str(REPO_ROOT))
from bench.servers import (  # noqa: E402
    CHROMIUM_ARGS,
    Server,
    ServerError,
    healthy,
    listening_pid,
    machine_cpu,
    memory_kb,
    process_cpu_s,
    raise_on_sigterm,
    start_server,
    stop_server,
)

APP = Path("app/streamlit_app.py")
DEFAULT_OUT = REPO_ROOT / "bench" / "results" / "load.json"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
SERVER_START_TIMEOUT_S = 60.0
MAX_STEPS_PER_SECOND = 2.0  # per session: a hard cap on the step count, far above what a step takes
SETTLE_MS = 300

# (url path, sidebar label) of every page
PAGES: dict[str, str] = {
    "": "Overview",
    "value-added": "Manufacturing value added",
    "key-products": "Key products (106)",
    "little-giants": "Little giants",
    "clusters": "Clusters",
    "fact-check": "Fact check",
    "sources": "Sources & methods",
}
FILTERED_LINKS = [
    "clusters?sector=nev",
    "value-added?units=yoy",
    "little-giants?sector=materials&sector=equipment",
    "value-added?units=index&years=2015&years=2021&log=true",
    "clusters?field=ngit&cohort=2021",
    "fact-check?verdict=matches&verdict=differs",
    "key-products?sector=nev",
    "clusters?q=Suzhou&confidence=high",
    "sources?vintage_indicator=NV.IND.MANF.CD",
    "value-added?countries=CHN&countries=USA&countries=DEU&measure=share",
    "fact-check?sector=biomed",
    "?sector=ngit",
]
SECTOR_LABELS = ["NEV & intelligent", "New-generation information", "New materials", "Biomedicine"]

# Console noise that says nothing about the app (same list as tests/browser/conftest.py): the deep-link
# base-path probe 404s and the Material-icon favicon fetched from fonts.gstatic.com (fails offline).
IGNORED_CONSOLE = (
    re.compile(r"favicon\.ico"),
    re.compile(r"status of 404 .*\(https?://[^/]+/[^()]+/_stcore/(health|host-config)\)$"),
    re.compile(
        r"\(https://fonts\.gstatic\.com/s/i/short-term/release/materialsymbolsrounded/[\w-]+/"
        r"default/24px\.svg\)$"
    ),
)

IDLE_JS = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
    return !document.querySelector(
        "[data-testid='stSkeleton'], [data-testid='stSpinner'], "
        + "[data-testid='stElementContainer'][data-stale='true']"
    );
}"""
DRAWN_JS = (
    """() => [...document.querySelectorAll('.js-plotly-plot')].every((p) => p.querySelector('.main-svg'))"""
)


# --------------------------------------------------------------------------------------------
# Server
# --------------------------------------------------------------------------------------------


def data_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
        digest.update(str(path.stat().st_mtime_ns).encode())
    return digest.hexdigest()


def load_average() -> list[float] | None:
    with contextlib.suppress(OSError):
        return [round(x, 2) for x in os.getloadavg()]
    return None


# --------------------------------------------------------------------------------------------
# Sessions
# --------------------------------------------------------------------------------------------


@dataclass
class Step:
    session: int
    kind: str
    target: str
    started_s: float
    seconds: float
    ok: bool
    page: str | None = None
    until_run_finished_s: float | None = None
    """From the step's start until the script run was first seen finished (the rest is drawing)."""


@dataclass
class Run:
    base_url: str
    deadline: float
    step_timeout_ms: int
    ramp_s: float = 0.0
    steps: list[Step] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    t0: float = field(default_factory=time.monotonic)

    def error(self, session: int, kind: str, detail: str, target: str = "") -> None:
        self.errors.append(
            {
                "t_s": round(time.monotonic() - self.t0, 2),
                "session": session,
                "kind": kind,
                "target": target,
                "detail": detail[:500],
            }
        )


def page_of(url: str, base_url: str) -> str | None:
    path = urlparse(url).path.strip("/")
    base_path = urlparse(base_url).path.strip("/")
    if base_path and path.startswith(base_path):
        path = path[len(base_path) :].strip("/")
    return path if path in PAGES else None


async def wait_idle(page: Page, timeout_ms: int) -> float:
    """Script run finished, no skeleton/spinner/stale element, twice in a row `SETTLE_MS` apart; then every
    chart drawn. Returns when the run was first seen finished (monotonic), to split server from drawing time.
    A timeout names the phase it happened in."""
    deadline = time.monotonic() + timeout_ms / 1000
    finished: float | None = None
    while True:
        remaining = max(1, int((deadline - time.monotonic()) * 1000))
        try:
            await page.wait_for_function(IDLE_JS, timeout=remaining, polling=100)
        except PlaywrightTimeout as exc:
            raise PlaywrightTimeout(f"script run not finished within {timeout_ms} ms") from exc
        finished = finished or time.monotonic()
        await page.wait_for_timeout(SETTLE_MS)
        if await page.evaluate(IDLE_JS):
            break
        if time.monotonic() > deadline:
            raise PlaywrightTimeout(f"app not idle within {timeout_ms} ms")
    remaining = max(1, int((deadline - time.monotonic()) * 1000))
    try:
        await page.wait_for_function(DRAWN_JS, timeout=remaining, polling=100)
    except PlaywrightTimeout as exc:
        raise PlaywrightTimeout(f"charts not drawn within {timeout_ms} ms") from exc
    return finished


async def click_nav(page: Page, label: str) -> None:
    """Click a page in the sidebar navigation; open the 'View N more' list first if the link is hidden."""
    link = page.locator("[data-testid='stSidebarNav'] a", has_text=label).first
    if not await link.count():
        more = page.locator("[data-testid='stSidebarNavViewButton']")
        if await more.count():
            await more.first.evaluate("(button) => button.click()")
    await link.evaluate("(a) => a.click()")  # via JS: also works while the sidebar is collapsed


async def change_widget(page: Page, current: str | None, turn: int) -> str:
    """One widget change on the current page (a rerun over the websocket, no page load)."""
    if current == "value-added":
        label = ["Year-on-year change", "Index", "Level", "Compound annual growth"][turn % 4]
        radio = page.get_by_role("radio", name=re.compile(label))
        if await radio.count():
            await radio.first.click()
            return f"units={label}"
    if current == "clusters":
        box = page.get_by_label("Search names (Chinese or English) and cities")
        if await box.count():
            await box.fill(["Suzhou", "aviation", "集成电路", ""][turn % 4])
            await box.press("Enter")
            return "cluster search"
    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect'] input")
    await box.click()
    await box.fill(SECTOR_LABELS[turn % len(SECTOR_LABELS)])
    await page.keyboard.press("Enter")
    await page.keyboard.press("Escape")
    return "sidebar sector"


def plan(session: int, sessions: int) -> list[tuple[str, str]]:
    """The session's cycle of (kind, target): page by URL, page by nav link, filtered link, widget change;
    rotated so that concurrent sessions start on different pages."""
    paths = list(PAGES)
    cycle: list[tuple[str, str]] = []
    for index, path in enumerate(paths):
        cycle.append(("url", path))
        cycle.append(("nav", paths[(index + 3) % len(paths)]))
        cycle.append(("link", FILTERED_LINKS[index % len(FILTERED_LINKS)]))
        cycle.append(("widget", ""))
    cycle.extend(("link", link) for link in FILTERED_LINKS[len(paths) :])
    offset = (session * len(paths) // max(sessions, 1)) * 4
    return cycle[offset:] + cycle[:offset]


async def run_session(browser: Browser, run: Run, session: int, sessions: int, max_steps: int) -> None:
    context: BrowserContext = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        location = message.location.get("url", "") if message.location else ""
        entry = f"{message.text} ({location})" if location else message.text
        if not any(p.search(entry) for p in IGNORED_CONSOLE):
            problems.append(f"console.error: {entry}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))
    steps = plan(session, sessions)
    current: str | None = None
    try:
        await asyncio.sleep(
            min(run.ramp_s * session / max(sessions, 1), max(0.0, run.deadline - time.monotonic()))
        )
        for turn in range(max_steps):
            if time.monotonic() >= run.deadline:
                break
            kind, target = steps[turn % len(steps)]
            if kind == "nav" and current is None:
                kind, target = "url", target
            started = time.monotonic()
            step = Step(session, kind, target, round(started - run.t0, 3), 0.0, False)
            try:
                if kind == "url" or kind == "link":
                    await page.goto(f"{run.base_url}/{target}", timeout=run.step_timeout_ms)
                elif kind == "nav":
                    await click_nav(page, PAGES[target])
                else:
                    step.target = await change_widget(page, current, turn)
                    await page.wait_for_timeout(100)  # let the rerun request reach the server
                finished = await wait_idle(page, run.step_timeout_ms)
                step.until_run_finished_s = round(finished - started, 3)
                exceptions = page.locator("[data-testid='stException']")
                if await exceptions.count():
                    run.error(session, "exception", await exceptions.first.inner_text(), step.target)
                elif not (await page.locator("h1").first.inner_text(timeout=5000)).strip():
                    run.error(session, "no-title", page.url, step.target)
                else:
                    step.ok = True
                current = page_of(page.url, run.base_url)
                step.page = current
            except PlaywrightTimeout as exc:
                run.error(session, "timeout", str(exc).splitlines()[0], f"{kind} {step.target}")
                with contextlib.suppress(PlaywrightError):  # stop the stuck load before the next step
                    await page.goto("about:blank", timeout=10_000)
                current = None
            except PlaywrightError as exc:
                run.error(session, "playwright", str(exc).splitlines()[0], f"{kind} {step.target}")
            step.seconds = round(time.monotonic() - started, 3)
            while problems:
                step.ok = False
                run.error(session, "page-error", problems.pop(0), f"{kind} {step.target}")
            run.steps.append(step)
    finally:
        with contextlib.suppress(PlaywrightError):
            await context.close()


async def sample_server(
    pid: int | None, run: Run, stop: asyncio.Event, samples: list[dict[str, Any]]
) -> None:
    """Every second: the server's VmRSS/VmHWM and CPU use (% of one core), and the whole machine's CPU use
    (% of all cores), so a slow run can be told apart: server-bound or load-generator-bound."""
    if pid is None:
        return
    last_cpu, last_machine, last_t = process_cpu_s(pid), machine_cpu(), time.monotonic()
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=1.0)
        memory, cpu, machine, now = memory_kb(pid), process_cpu_s(pid), machine_cpu(), time.monotonic()
        if memory is None or cpu is None:
            return
        sample: dict[str, Any] = {"t_s": round(now - run.t0, 2), "rss_kb": memory[0], "hwm_kb": memory[1]}
        if last_cpu is not None:
            sample["server_cpu_pct"] = round(100 * (cpu - last_cpu) / (now - last_t), 1)
        if machine and last_machine and machine[1] > last_machine[1]:
            busy = (machine[0] - last_machine[0]) / (machine[1] - last_machine[1])
            sample["machine_cpu_pct"] = round(100 * busy, 1)
        samples.append(sample)
        last_cpu, last_machine, last_t = cpu, machine, now


async def visit_once(browser: Browser, run: Run, path: str) -> bool:
    """One sequential visit (warm-up, or a page the load phase happened not to reach)."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = await context.new_page()
        await page.goto(f"{run.base_url}/{path}", timeout=run.step_timeout_ms)
        await wait_idle(page, run.step_timeout_ms)
        return not await page.locator("[data-testid='stException']").count()
    except (PlaywrightTimeout, PlaywrightError) as exc:
        run.error(-1, "warm-up", str(exc).splitlines()[0], path)
        return False
    finally:
        with contextlib.suppress(PlaywrightError):
            await context.close()


def bottleneck(samples: list[dict[str, Any]]) -> str:
    """Which side limited the run: the machine's CPUs busy while the server was not means the browsers
    (the load generator) were the limit, and the numbers say little about the server."""
    machine, server = mean_of(samples, "machine_cpu_pct"), mean_of(samples, "server_cpu_pct")
    if machine is None or server is None:
        return "unknown"
    if machine >= 85 and server < 60:
        return "load generator: the browsers saturate the machine's CPUs; the server is mostly idle"
    if server >= 85:
        return "server: the Streamlit process uses a whole core (Python runs one script at a time per core)"
    return "neither: CPU to spare on both sides"


def mean_of(samples: list[dict[str, Any]], key: str) -> float | None:
    values = [s[key] for s in samples if key in s]
    return round(statistics.fmean(values), 1) if values else None


def max_of(samples: list[dict[str, Any]], key: str) -> float | None:
    values = [s[key] for s in samples if key in s]
    return max(values) if values else None


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))], 3)


def latency(values: list[float]) -> dict[str, Any]:
    return {
        "count": len(values),
        "p50_s": percentile(values, 0.5),
        "p90_s": percentile(values, 0.9),
        "p99_s": percentile(values, 0.99),
        "max_s": round(max(values), 3) if values else None,
        "mean_s": round(statistics.fmean(values), 3) if values else None,
    }


async def load(args: argparse.Namespace, base_url: str, pid: int | None, chromium: str) -> dict[str, Any]:
    samples: list[dict[str, Any]] = []
    stop = asyncio.Event()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            warm = Run(base_url, time.monotonic() + args.step_timeout, int(args.step_timeout * 1000))
            warmed = await visit_once(browser, warm, "")
            rss_before = memory_kb(pid) if pid else None
            run = Run(base_url, time.monotonic() + args.duration, int(args.step_timeout * 1000), args.ramp)
            run.errors.extend(warm.errors)
            sampler = asyncio.create_task(sample_server(pid, run, stop, samples))
            max_steps = max(1, int(args.duration * MAX_STEPS_PER_SECOND))
            sessions = [run_session(browser, run, i, args.sessions, max_steps) for i in range(args.sessions)]
            hard_limit = args.duration + args.step_timeout + 60
            try:
                await asyncio.wait_for(asyncio.gather(*sessions), timeout=hard_limit)
            except TimeoutError:
                run.error(-1, "timeout", f"sessions still running {hard_limit:g} s after the start")
            wall = time.monotonic() - run.t0
            under_load = {s.page for s in run.steps if s.ok and s.page is not None}
            coverage = [path for path in PAGES if path not in under_load]
            covered_after = {path for path in coverage if await visit_once(browser, run, path)}
            await asyncio.sleep(2)  # the closed sessions' websockets go away
            rss_after_close = memory_kb(pid) if pid else None
            stop.set()
            await sampler
        finally:
            await browser.close()
    ok_steps = [s for s in run.steps if s.ok]
    by_kind = {
        kind: latency([s.seconds for s in ok_steps if s.kind == kind])
        for kind in ("url", "nav", "link", "widget")
    }
    error_kinds: dict[str, int] = {}
    for error in run.errors:
        error_kinds[error["kind"]] = error_kinds.get(error["kind"], 0) + 1
    rendered = {path or "overview": sum(1 for s in ok_steps if s.page == path) for path in PAGES}
    rss = [s["rss_kb"] for s in samples]
    return {
        "config": {
            "sessions": args.sessions,
            "duration_s": args.duration,
            "step_timeout_s": args.step_timeout,
            "ramp_s": args.ramp,
            "url": base_url,
            "server_pid": pid,
            "chromium": chromium,
            "cpus": os.cpu_count(),
        },
        "summary": {
            "wall_s": round(wall, 2),
            "steps": len(run.steps),
            "steps_ok": len(ok_steps),
            "steps_per_s": round(len(run.steps) / wall, 2) if wall else None,
            "errors": len(run.errors),
            "errors_by_kind": error_kinds,
            "warm_up_ok": warmed,
            "pages_rendered_under_load": sorted(p or "overview" for p in under_load),
            "pages_rendered_after_load": sorted(p or "overview" for p in covered_after),
            "all_pages_rendered": set(PAGES) <= under_load | covered_after,
            "latency_all": latency([s.seconds for s in ok_steps]),
            "latency_by_kind": by_kind,
            "renders_by_page": rendered,
            "memory": {
                "rss_before_mb": round(rss_before[0] / 1024, 1) if rss_before else None,
                "rss_peak_mb": round(max(rss) / 1024, 1) if rss else None,
                "rss_end_mb": round(rss[-1] / 1024, 1) if rss else None,
                "hwm_end_mb": round(samples[-1]["hwm_kb"] / 1024, 1) if samples else None,
                "rss_after_close_mb": round(rss_after_close[0] / 1024, 1) if rss_after_close else None,
                "samples": len(samples),
            },
            "cpu": {
                "server_mean_pct_of_one_core": mean_of(samples, "server_cpu_pct"),
                "server_max_pct_of_one_core": max_of(samples, "server_cpu_pct"),
                "machine_mean_pct_of_all_cores": mean_of(samples, "machine_cpu_pct"),
            },
            "bottleneck": bottleneck(samples),
            "latency_until_run_finished": latency(
                [s.until_run_finished_s for s in ok_steps if s.until_run_finished_s is not None]
            ),
        },
        "errors": run.errors[:200],
        "steps": [vars(s) for s in run.steps],
        "memory_samples": samples,
    }


def print_summary(result: dict[str, Any]) -> None:
    config, summary = result["config"], result["summary"]
    memory = summary["memory"]
    print(f"load test: {config['sessions']} sessions x {config['duration_s']:g} s on {config['url']}")
    print(
        f"  steps: {summary['steps']} ({summary['steps_ok']} ok, {summary['steps_per_s']}/s); "
        f"errors: {summary['errors']} {summary['errors_by_kind'] or ''}"
    )
    print(f"  pages rendered under load: {', '.join(summary['pages_rendered_under_load'])}")
    if summary["pages_rendered_after_load"]:
        print(f"  reached only after the load phase: {', '.join(summary['pages_rendered_after_load'])}")
    print(f"  all pages rendered: {summary['all_pages_rendered']}")
    for kind, stats in [("all", summary["latency_all"]), *summary["latency_by_kind"].items()]:
        if stats["count"]:
            print(
                f"  step latency {kind:>6}: n={stats['count']:<4} p50 {stats['p50_s']} s  "
                f"p90 {stats['p90_s']} s  p99 {stats['p99_s']} s  max {stats['max_s']} s"
            )
    print(
        f"  server memory: before {memory['rss_before_mb']} MB, peak RSS {memory['rss_peak_mb']} MB, "
        f"VmHWM {memory['hwm_end_mb']} MB, after the sessions closed {memory['rss_after_close_mb']} MB "
        f"({memory['samples']} samples)"
    )
    cpu, finished = summary["cpu"], summary["latency_until_run_finished"]
    if finished["count"]:
        print(
            f"  until the script run finished: p50 {finished['p50_s']} s  p90 {finished['p90_s']} s "
            "(includes the page load for url/link steps; the rest is drawing)"
        )
    print(
        f"  CPU: server mean {cpu['server_mean_pct_of_one_core']}% of one core "
        f"(max {cpu['server_max_pct_of_one_core']}%), machine mean {cpu['machine_mean_pct_of_all_cores']}% "
        f"of {config['cpus']} cores (the browsers share it)"
    )
    print(f"  bottleneck: {summary['bottleneck']}")
    if "data_unchanged" in result:
        print(f"  data/ unchanged: {result['data_unchanged']}")
    for error in result["errors"][:10]:
        print(f"  ! [{error['kind']}] session {error['session']} {error['target']}: {error['detail'][:160]}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # 3, not more: on 2 cores, 8 or 20 Chromium tabs saturate the CPUs and time the browsers, not the server
    # (docs/robustness.md); server capacity is measured by bench/protocol_load.py, without browsers.
    parser.add_argument("--sessions", type=int, default=3, help="concurrent browser sessions (default 3)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (default 60)")
    parser.add_argument("--url", help="a running dashboard on loopback (default: start one)")
    parser.add_argument("--pid", type=int, help="with --url: the server's PID for memory (default: found)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON results (default {DEFAULT_OUT})")
    parser.add_argument("--step-timeout", type=float, default=45.0, help="seconds a step may take (45)")
    parser.add_argument(
        "--ramp", type=float, default=10.0, help="seconds over which the sessions start, evenly (default 10)"
    )
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 100:
        parser.error("--sessions must be between 1 and 100")
    if not 1 <= args.duration <= 3600:
        parser.error("--duration must be between 1 and 3600 seconds")
    if args.url:
        host = urlparse(args.url).hostname or ""
        if host not in LOOPBACK:
            parser.error("--url must point at this machine (127.0.0.1 or localhost)")
        args.url = args.url.rstrip("/")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    chromium = shutil.which(args.chromium) or args.chromium
    if not (os.path.isfile(chromium) and os.access(chromium, os.X_OK)):
        print(f"Chromium not found at {args.chromium} (--chromium or $CHROMIUM_PATH)", file=sys.stderr)
        return 2
    server: Server | None = None

    raise_on_sigterm()
    data_before = data_digest(REPO_ROOT / "data") if not args.url else None
    try:
        if args.url:
            base_url, pid = args.url, args.pid or listening_pid(urlparse(args.url).port or 80)
            if not healthy(base_url):
                print(f"{base_url}/_stcore/health does not answer 'ok'", file=sys.stderr)
                return 2
        else:
            try:
                server = start_server(APP, REPO_ROOT, SERVER_START_TIMEOUT_S)
            except ServerError as exc:
                print(exc, file=sys.stderr)
                return 2
            base_url, pid = server.base_url, server.pid
        result = asyncio.run(load(args, base_url, pid, chromium))
        if server is not None:
            log = "".join(
                (server.log_dir / name).read_text(errors="replace")
                for name in ("stdout.log", "stderr.log")
                if (server.log_dir / name).exists()
            )
            result["server_log_tracebacks"] = log.count("Traceback (most recent call last)")
            if result["server_log_tracebacks"]:
                result["errors"].append({"kind": "server-traceback", "detail": log[-2000:]})
                result["summary"]["errors"] += result["server_log_tracebacks"]
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        if server is not None:
            stop_server(server)
    if data_before is not None:
        result["data_unchanged"] = data_digest(REPO_ROOT / "data") == data_before
    result["load_average"] = load_average()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print_summary(result)
    print(f"  results: {args.out}")
    passed = (
        result["summary"]["errors"] == 0
        and result["summary"]["all_pages_rendered"]
        and result.get("data_unchanged", True)
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
