"""Readers at a reader's pace, speaking Streamlit's protocol: how many one server (or N behind nginx) holds.

    .venv/bin/python bench/protocol_load.py                            # ramp 1..200 readers, own server
    .venv/bin/python bench/protocol_load.py --replicas 2               # the same through nginx, 2 replicas
    .venv/bin/python bench/protocol_load.py --readers 3 --duration 8 --url http://127.0.0.1:8501

No browser: each reader is a :class:`bench.protocol.Session` (one WebSocket, the frontend's ``BackMsg``s, the
server's ``ForwardMsg``s), so the numbers are the server's, not a load generator's drawing charts. A reader
opens a link (a page, sometimes with a view chosen), then, pausing ``--think`` seconds between steps (a
random pause, 3 to 8 s by default), changes the sidebar's sector filter, switches the page's view (its
``pageview_*`` control), goes to another page through the navigation, and now and then opens a new link (a new
WebSocket, as a new tab does). Widgets are found by their keys in the server's deltas (``sector``,
``pageview_<page>``), their options read from there too; pages and links from the navigation and from the
query strings the app writes. A step's latency is from sending its ``BackMsg`` to its ``script_finished``.

Errors: an exception element in a run, a run that does not finish within ``--step-timeout`` (20 s), a closed
stream, a refused connection. The run goes level by level (``--levels 1,10,25,...``: that many readers for
``--duration`` seconds each, started evenly over the first think period) and stops after the first level whose
p95 exceeds ``--p95-limit`` (1 s) or that has an error; the **knee** is the last level within both. On a
shared machine a level can fail because other jobs took the CPUs: a level that failed on latency alone while
other processes used half a core or more is run again (``--retries``, 2), and every attempt is reported.
Per level it reports steps, p50/p95/max, errors, and every second the servers' memory (VmRSS, VmHWM) and CPU,
the machine's CPU, and the generator's own CPU (so a saturated generator shows). Level 1 is a single reader:
its latencies are the floor that the others are compared with.

Safety: loopback only (``--url`` must be 127.0.0.1/localhost); every level is bounded in time (duration + step
timeout + 10 s) and in steps (two per reader-second at most), every wait by a timeout; servers and nginx this
script started are stopped on the way out, also on Ctrl-C or SIGTERM.

Results: printed, and as JSON in ``bench/results/protocol_load.json`` (``--out``). Exit status 0 when the
first level ran without error, 1 otherwise, 2 on bad arguments or when a server could not start.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # run as a script: `python bench/protocol_load.py`
    sys.path.insert(0, str(REPO_ROOT))
from tools import serve_replicas  # noqa: E402

from bench import probe  # noqa: E402
from bench.protocol import LOOPBACK, ProtocolError, Session, Widget  # noqa: E402
from bench.servers import (  # noqa: E402
    Server,
    ServerError,
    listening_pid,
    machine_cpu,
    memory_kb,
    process_cpu_s,
    raise_on_sigterm,
    start_server,
    stop_server,
    thread_cpu_s,
)

APP = REPO_ROOT / "app" / "streamlit_app.py"
DEFAULT_OUT = REPO_ROOT / "bench" / "results" / "protocol_load.json"
DEFAULT_LEVELS = "1,5,10,15,20,30,40,60,80,100,150,200"
SECTOR_KEY = "sector"
VIEW_KEY_PREFIX = "pageview_"
# A reader's cycle after opening a link; "view" becomes "nav" on a page drawn whole (no view control).
CYCLE = ("sector", "view", "nav", "view", "sector", "nav", "view", "open")
MAX_STEPS_PER_READER_S = 2.0
CPUS = os.cpu_count() or 1
CONTENDED_PCT = 50.0  # other processes using half a core or more: a failed level is run again (--retries)


@dataclass
class Step:
    reader: int
    kind: str
    page: str
    started_s: float
    seconds: float
    ok: bool
    error: str = ""
    sid: str = ""
    seq: int = -1
    cpu: dict[str, float] = field(default_factory=dict)
    """With ``--probe``: the server's CPU seconds for this step by part (``bench/probe.py``): ``script`` (its
    script run's thread), ``send`` (the event loop handing its messages to the WebSocket), ``backmsg`` (the
    event loop taking the request)."""


@dataclass
class Site:
    """What the warm-up learnt: every page's url path, and links (page, query string) the app itself wrote."""

    pages: list[str]
    links: list[tuple[str, str]]


@dataclass
class Level:
    readers: int
    duration_s: float
    steps: list[Step] = field(default_factory=list)
    samples: list[dict[str, Any]] = field(default_factory=list)
    t0: float = field(default_factory=time.monotonic)
    server_cpu_s: float | None = None
    """The servers' CPU seconds from the level's start to its end (all steps done), from /proc."""
    event_loop_cpu_s: float | None = None
    """Of which their main threads' (the event loop: WebSockets, message serialisation and sending)."""
    wall_s: float | None = None


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..1), None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))], 3)


async def warm_up(url: str, timeout_s: float) -> Site:
    """Visit every page once, switch each page's view once: the data load and every page's first run happen
    here, not in the measured levels; and the links a reader shares are collected from the app's own URLs."""
    async with Session(url, timeout_s) as tab:
        first = await tab.open()
        if not first.ok:
            raise ProtocolError(f"the default page failed: {first.exceptions[:1]}")
        pages = list(tab.pages)
        links: list[tuple[str, str]] = []
        for page in pages:
            run = await tab.go_to(page)
            if not run.ok:
                raise ProtocolError(f"page {page.url_pathname!r} failed: {run.exceptions[:1]}")
            views = [w for key, w in tab.widgets.items() if key.startswith(VIEW_KEY_PREFIX)]
            if views and len(views[0].options) > 1:
                await tab.set_widget(views[0], [views[0].options[-1]])
                links.append((page.url_pathname, tab.query_string))
            links.append((page.url_pathname, ""))
    return Site(pages=[p.url_pathname for p in pages], links=links)


async def reader(
    index: int, url: str, site: Site, level: Level, deadline: float, args: argparse.Namespace
) -> None:
    """One reader until the deadline: open a link, then steps of CYCLE with a think pause before each."""
    rng = random.Random(args.seed * 100_003 + index)
    max_steps = int(level.duration_s * MAX_STEPS_PER_READER_S) + 1
    await asyncio.sleep(min(rng.uniform(0, args.think[1]), max(0.0, deadline - time.monotonic())))
    taken = 0
    while time.monotonic() < deadline and taken < max_steps:
        page, query = site.links[(index * 5 + taken) % len(site.links)]  # readers spread over links
        try:
            async with Session(url, args.step_timeout) as tab:
                kind = "open"
                for turn in range(len(CYCLE)):
                    seq = tab.runs
                    started = time.monotonic()
                    if kind == "open":
                        run = await tab.open(page, query)
                    elif kind == "sector" and SECTOR_KEY in tab.widgets:
                        sectors = tab.widgets[SECTOR_KEY]
                        run = await tab.set_widget(
                            sectors, rng.sample(sectors.options, rng.choice((0, 1, 2)))
                        )
                    elif kind == "view" and (views := _views(tab)):
                        run = await tab.set_widget(views, [rng.choice(views.options)])
                    else:
                        kind = "nav"
                        target = rng.choice(
                            [p for p in tab.pages if p.page_script_hash != tab.page_script_hash]
                        )
                        run = await tab.go_to(target)
                    taken += 1
                    page = _page_of(tab)
                    error = "; ".join(run.exceptions)[:300]
                    level.steps.append(
                        Step(
                            index,
                            kind,
                            page,
                            round(started - level.t0, 3),
                            round(run.seconds, 4),
                            run.ok,
                            error,
                            tab.session_id,
                            seq,
                        )
                    )
                    kind = CYCLE[turn]
                    pause = rng.uniform(*args.think)
                    if kind == "open" or time.monotonic() + pause >= deadline or taken >= max_steps:
                        break
                    await asyncio.sleep(pause)
        except ProtocolError as exc:
            taken += 1
            level.steps.append(
                Step(index, "error", page, round(time.monotonic() - level.t0, 3), 0.0, False, str(exc))
            )
        await asyncio.sleep(min(rng.uniform(*args.think), max(0.0, deadline - time.monotonic())))


def _views(tab: Session) -> Widget | None:
    """The page's view control (its key starts with VIEW_KEY_PREFIX), None on a page drawn whole."""
    return next((w for key, w in tab.widgets.items() if key.startswith(VIEW_KEY_PREFIX)), None)


def _page_of(tab: Session) -> str:
    return next((p.url_pathname for p in tab.pages if p.page_script_hash == tab.page_script_hash), "?")


def event_loop_cpu_s(pids: list[int]) -> float:
    """The servers' main threads' CPU seconds (each runs the server's event loop)."""
    return sum(thread_cpu_s(pid, pid) or 0.0 for pid in pids)


async def sample(pids: list[int], level: Level, stop: asyncio.Event) -> None:
    """Every second: the servers' VmRSS/VmHWM and CPU (% of one core, summed; of which their event loops'),
    the machine's CPU (% of all cores) and this generator's own CPU (% of one core)."""
    last = {pid: process_cpu_s(pid) for pid in pids}
    last_loop = event_loop_cpu_s(pids)
    last_machine, last_own, last_t = machine_cpu(), time.process_time(), time.monotonic()
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=1.0)
        now = time.monotonic()
        elapsed = now - last_t
        memory = [m for m in (memory_kb(pid) for pid in pids) if m is not None]
        cpu = {pid: process_cpu_s(pid) for pid in pids}
        server_cpu = sum((cpu[p] or 0) - (last[p] or 0) for p in pids if cpu[p] is not None)
        machine, own, loop = machine_cpu(), time.process_time(), event_loop_cpu_s(pids)
        entry: dict[str, Any] = {
            "t_s": round(now - level.t0, 2),
            "rss_mb": round(sum(m[0] for m in memory) / 1024, 1),
            "hwm_mb": round(sum(m[1] for m in memory) / 1024, 1),
            "server_cpu_pct": round(100 * server_cpu / elapsed, 1),
            "event_loop_cpu_pct": round(100 * (loop - last_loop) / elapsed, 1),
            "generator_cpu_pct": round(100 * (own - last_own) / elapsed, 1),
        }
        if machine and last_machine and machine[1] > last_machine[1]:
            busy = (machine[0] - last_machine[0]) / (machine[1] - last_machine[1])
            entry["machine_cpu_pct"] = round(100 * busy, 1)
            others = 100 * busy * CPUS - entry["server_cpu_pct"] - entry["generator_cpu_pct"]
            entry["others_cpu_pct"] = round(max(0.0, others), 1)
        level.samples.append(entry)
        last, last_machine, last_own, last_t, last_loop = cpu, machine, own, now, loop


KINDS = ("open", "sector", "view", "nav")
PARTS = ("script", "send", "backmsg")


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 4) if values else None


def step_costs(level: Level) -> dict[str, Any]:
    """What a step costs the server. Always: the level's CPU per step (total and event loop) from /proc.
    With ``--probe`` also by page and kind: each part's CPU measured per step, plus the part no step can be
    charged with (the process's CPU beyond every probed part: the flush loop, WebSocket frames, uvicorn,
    asyncio, collections outside runs) spread evenly over the level's steps."""
    steps = [s for s in level.steps if s.kind in KINDS]
    out: dict[str, Any] = {}
    if level.server_cpu_s is not None and steps:
        out["server_cpu_s_per_step_exact"] = round(level.server_cpu_s / len(steps), 4)
        if level.event_loop_cpu_s is not None:
            out["event_loop_cpu_s_per_step"] = round(level.event_loop_cpu_s / len(steps), 4)
    probed = [s for s in steps if s.cpu]
    if not probed or level.server_cpu_s is None:
        return out
    attributed = sum(sum(s.cpu.values()) for s in probed)
    unattributed = max(0.0, level.server_cpu_s - attributed) / len(probed)
    parts = {part: _mean([s.cpu.get(part, 0.0) for s in probed]) for part in PARTS}
    out["probed_steps"] = len(probed)
    out["cpu_s_per_step_by_part"] = {**parts, "unattributed": round(unattributed, 4)}
    table: dict[str, dict[str, Any]] = {}
    for page in sorted({s.page for s in probed}):  # "" is the default page (the overview)
        for kind in KINDS:
            chosen = [s for s in probed if s.page == page and s.kind == kind]
            if not chosen:
                continue
            script = _mean([s.cpu.get("script", 0.0) for s in chosen]) or 0.0
            loop = _mean([s.cpu.get("send", 0.0) + s.cpu.get("backmsg", 0.0) for s in chosen]) or 0.0
            table[f"{page or 'overview'} {kind}"] = {
                "page": page or "overview",
                "kind": kind,
                "steps": len(chosen),
                "p50_s": percentile([s.seconds for s in chosen], 0.5),
                "p95_s": percentile([s.seconds for s in chosen], 0.95),
                "script_cpu_s": round(script, 4),
                "event_loop_cpu_s": round(loop, 4),
                "server_cpu_s_per_step": round(script + loop + unattributed, 4),
            }
    out["by_page_and_kind"] = table
    return out


def join_probe(level: Level, records: list[dict[str, Any]]) -> None:
    """Give each step the probe's records of its run (same session id, same index in the session)."""
    by_run: dict[tuple[str, int], dict[str, float]] = {}
    for record in records:
        by_run.setdefault((record["sid"], record["seq"]), {})[record["what"]] = record["cpu_s"]
    for step in level.steps:
        if step.sid and (found := by_run.get((step.sid, step.seq))):
            step.cpu = found


def read_probe(path: Path | None, offset: int) -> tuple[list[dict[str, Any]], int]:
    """The probe's records written since ``offset`` (bytes), and the new offset."""
    if path is None or not path.exists():
        return [], offset
    with path.open("rb") as handle:
        handle.seek(offset)
        data = handle.read()
    complete = data[: data.rfind(b"\n") + 1]
    records = [json.loads(line) for line in complete.decode().splitlines() if line.strip()]
    return records, offset + len(complete)


def summarise(level: Level, p95_limit: float) -> dict[str, Any]:
    done = [s.seconds for s in level.steps if s.ok]
    errors = [s for s in level.steps if not s.ok]
    by_kind = {
        kind: {"steps": len(v), "p50_s": percentile(v, 0.5), "p95_s": percentile(v, 0.95)}
        for kind in KINDS
        if (v := [s.seconds for s in level.steps if s.ok and s.kind == kind])
    }
    cost = step_costs(level)

    def mean(key: str) -> float | None:
        values = [s[key] for s in level.samples if key in s]
        return round(statistics.fmean(values), 1) if values else None

    p95 = percentile(done, 0.95)
    server_cpu = mean("server_cpu_pct")
    return {
        "readers": level.readers,
        "duration_s": level.duration_s,
        "steps": len(level.steps),
        "steps_ok": len(done),
        "steps_per_s": round(len(level.steps) / level.duration_s, 2),
        "errors": len(errors),
        "error_examples": [f"{s.kind} {s.page}: {s.error}" for s in errors[:5]],
        "p50_s": percentile(done, 0.5),
        "p95_s": p95,
        "max_s": round(max(done), 3) if done else None,
        "by_kind": by_kind,
        "rss_peak_mb": max((s["rss_mb"] for s in level.samples), default=None),
        "rss_end_mb": level.samples[-1]["rss_mb"] if level.samples else None,
        "hwm_mb": level.samples[-1]["hwm_mb"] if level.samples else None,
        "server_cpu_mean_pct": server_cpu,
        # CPU the rest of the machine used (other jobs, not these servers or this generator), % of one core.
        "others_cpu_mean_pct": mean("others_cpu_pct"),
        # What one step costs the server: the figure that, with the think time, sets the knee.
        "server_cpu_s_per_step": round(server_cpu / 100 * level.duration_s / len(level.steps), 3)
        if server_cpu is not None and level.steps
        else None,
        "event_loop_cpu_mean_pct": mean("event_loop_cpu_pct"),
        "server_cpu_s": level.server_cpu_s,
        "event_loop_cpu_s": level.event_loop_cpu_s,
        **cost,
        "machine_cpu_mean_pct": mean("machine_cpu_pct"),
        "generator_cpu_mean_pct": mean("generator_cpu_pct"),
        "within_limits": bool(done) and not errors and p95 is not None and p95 <= p95_limit,
    }


async def run_level(url: str, site: Site, pids: list[int], readers: int, args: argparse.Namespace) -> Level:
    level = Level(readers, args.duration)
    deadline = level.t0 + args.duration
    cpu_before, loop_before = [process_cpu_s(pid) for pid in pids], event_loop_cpu_s(pids)
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample(pids, level, stop))
    tasks = [reader(i, url, site, level, deadline, args) for i in range(readers)]
    try:
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=args.duration + args.step_timeout + 10)
    except TimeoutError:
        level.steps.append(
            Step(-1, "error", "", args.duration, 0.0, False, "readers still running at the hard limit")
        )
    stop.set()
    await sampler
    await asyncio.sleep(0.2)  # the last steps' trailing work (a script thread ending, the flush loop)
    cpu_after = [process_cpu_s(pid) for pid in pids]
    if None not in cpu_before and None not in cpu_after:
        level.server_cpu_s = round(sum(cpu_after) - sum(cpu_before), 3)  # type: ignore[arg-type]
    level.event_loop_cpu_s = round(event_loop_cpu_s(pids) - loop_before, 3)
    level.wall_s = round(time.monotonic() - level.t0, 2)
    return level


async def load(url: str, pids: list[int], args: argparse.Namespace, warm: list[str]) -> dict[str, Any]:
    """Warm each server in ``warm`` directly (behind nginx a reader lands on any replica), then the levels."""
    site = await warm_up(warm[0], args.step_timeout)
    for server in warm[1:]:
        await warm_up(server, args.step_timeout)
    levels: list[dict[str, Any]] = []
    _, offset = read_probe(args.probe_out, 0)  # the warm-up's runs are not measured
    for readers in args.levels:
        for attempt in range(1 + args.retries):
            level = await run_level(url, site, pids, readers, args)
            records, offset = read_probe(args.probe_out, offset)
            join_probe(level, records)
            summary = summarise(level, args.p95_limit)
            detail = {"steps_detail": [asdict(s) for s in level.steps], "samples": level.samples}
            levels.append({**summary, **detail})
            print_level(summary)
            await asyncio.sleep(args.pause)  # let the level's sessions settle
            # On a shared machine a level can fail because something else took the CPUs: only then, again.
            contended = (summary["others_cpu_mean_pct"] or 0) >= CONTENDED_PCT and not summary["errors"]
            if summary["within_limits"] or not contended:
                break
            if attempt < args.retries:
                print(f"       (other processes used {summary['others_cpu_mean_pct']}% of a core: again)")
        if not summary["within_limits"]:
            break
    within = [lv["readers"] for lv in levels if lv["within_limits"]]
    knee = max(within) if within and min(within) == args.levels[0] else None
    return {"site": asdict(site), "levels": levels, "knee_readers": knee}


def print_level(summary: dict[str, Any]) -> None:
    print(
        f"  {summary['readers']:>4} readers: {summary['steps']:>5} steps ({summary['steps_per_s']}/s), "
        f"errors {summary['errors']}, p50 {summary['p50_s']} s, p95 {summary['p95_s']} s, "
        f"max {summary['max_s']} s; servers RSS peak {summary['rss_peak_mb']} MB, "
        f"CPU {summary['server_cpu_mean_pct']}% of a core ({summary['server_cpu_s_per_step']} s a step); "
        f"machine {summary['machine_cpu_mean_pct']}% (others {summary['others_cpu_mean_pct']}% of a core), "
        f"generator {summary['generator_cpu_mean_pct']}%",
        flush=True,
    )
    if summary.get("server_cpu_s_per_step_exact") is not None:
        print(
            f"       server CPU per step {summary['server_cpu_s_per_step_exact']} s, of which event loop "
            f"{summary.get('event_loop_cpu_s_per_step')} s (event loop {summary['event_loop_cpu_mean_pct']}% "
            f"of a core)"
            + (f"; by part {summary['cpu_s_per_step_by_part']}" if "probed_steps" in summary else "")
        )
    for row in summary.get("by_page_and_kind", {}).values():
        print(
            f"       {row['page']:<22} {row['kind']:<6} n={row['steps']:>4} "
            f"p50 {row['p50_s']} p95 {row['p95_s']} s; "
            f"CPU/step {row['server_cpu_s_per_step']} s (script {row['script_cpu_s']}, "
            f"event loop {row['event_loop_cpu_s']})"
        )
    for example in summary["error_examples"][:3]:
        print(f"       ! {example}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--url", help="a running dashboard or proxy on loopback (default: start one)")
    target.add_argument(
        "--replicas", type=int, help="start this many replicas behind nginx and load the proxy"
    )
    parser.add_argument(
        "--pid", type=int, action="append", help="with --url: a server PID to sample (repeatable)"
    )
    parser.add_argument(
        "--levels", default=DEFAULT_LEVELS, help=f"reader counts, in order ({DEFAULT_LEVELS})"
    )
    parser.add_argument("--readers", type=int, help="one level of this many readers (instead of --levels)")
    parser.add_argument("--duration", type=float, default=45.0, help="seconds per level (45)")
    parser.add_argument(
        "--think", default="3:8", help="a reader's pause between steps, MIN:MAX seconds (3:8)"
    )
    parser.add_argument("--step-timeout", type=float, default=20.0, help="seconds a step may take (20)")
    parser.add_argument("--p95-limit", type=float, default=1.0, help="a level's p95 step latency limit (1 s)")
    parser.add_argument("--pause", type=float, default=5.0, help="seconds between levels (5)")
    parser.add_argument(
        "--retries", type=int, default=2, help="reruns of a level failed while other jobs took the CPUs (2)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--probe",
        action="store_true",
        help="start the server through bench/probe.py: each step's server CPU by page and kind (one server)",
    )
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="an environment variable for the server this script starts (repeatable; e.g. "
        "INDUSTRIAL_BASE_TCP_NODELAY=0)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON results ({DEFAULT_OUT})")
    args = parser.parse_args(argv)
    args.levels = [args.readers] if args.readers else [int(n) for n in args.levels.split(",") if n.strip()]
    if not args.levels or not all(1 <= n <= 500 for n in args.levels):
        parser.error("reader counts must be between 1 and 500")
    if not 1 <= args.duration <= 600:
        parser.error("--duration must be between 1 and 600 seconds")
    low, _, high = args.think.partition(":")
    args.think = (float(low), float(high or low))
    if not 0 <= args.think[0] <= args.think[1] <= 60:
        parser.error("--think must be MIN:MAX with 0 <= MIN <= MAX <= 60")
    if args.replicas is not None and not 1 <= args.replicas <= 8:
        parser.error("--replicas must be between 1 and 8")
    if args.probe and (args.url or args.replicas):
        parser.error("--probe starts its own single server (no --url, no --replicas)")
    if not all("=" in pair for pair in args.env):
        parser.error("--env takes NAME=VALUE")
    args.env = dict(pair.split("=", 1) for pair in args.env)
    args.probe_out = None
    if args.url:
        if (urlparse(args.url).hostname or "") not in LOOPBACK:
            parser.error("--url must point at this machine (127.0.0.1 or localhost)")
        args.url = args.url.rstrip("/")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)

    raise_on_sigterm()
    server: Server | None = None
    replicas: serve_replicas.Replicas | None = None
    try:
        if args.url:
            url, warm = args.url, [args.url]
            pids = args.pid or [p for p in [listening_pid(urlparse(url).port or 80)] if p]
        elif args.replicas:
            replicas = serve_replicas.start(args.replicas)
            url, pids = replicas.url, [r.pid for r in replicas.replicas]
            warm = [r.base_url for r in replicas.replicas]
        else:
            runner: tuple[str, ...] = ("-m", "streamlit")
            env = dict(args.env)
            if args.probe:
                handle, name = tempfile.mkstemp(prefix="bench-probe-", suffix=".jsonl")
                os.close(handle)
                args.probe_out = Path(name)
                runner, env[probe.OUT_ENV] = ("-m", "bench.probe"), name
            server = start_server(APP, REPO_ROOT, env=env, runner=runner)
            url, pids, warm = server.base_url, [server.pid], [server.base_url]
        think = f"{args.think[0]:g}-{args.think[1]:g} s"
        target = f"{url} ({len(args.levels)} level(s) x {args.duration:g} s, think {think})"
        print(f"protocol load: {target}", flush=True)
        result = asyncio.run(load(url, pids, args, warm))
    except (ServerError, serve_replicas.ReplicasError) as exc:
        print(exc, file=sys.stderr)
        return 2
    except ProtocolError as exc:
        print(f"warm-up failed: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        if server is not None:
            stop_server(server)
        if replicas is not None:
            serve_replicas.stop(replicas)
        if args.probe_out is not None:
            args.probe_out.unlink(missing_ok=True)
    result["config"] = {
        "url": url,
        "replicas": args.replicas or 1,
        "levels": args.levels,
        "duration_s": args.duration,
        "think_s": list(args.think),
        "step_timeout_s": args.step_timeout,
        "p95_limit_s": args.p95_limit,
        "cpus": os.cpu_count(),
        "probe": args.probe,
        "server_env": args.env,
        "load_average_end": [round(x, 2) for x in os.getloadavg()],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    knee = result["knee_readers"]
    print(
        f"  knee: {f'{knee} readers' if knee is not None else 'none (the first level was over)'} "
        f"with p95 <= {args.p95_limit:g} s and no error"
    )
    print(f"  results: {args.out}")
    return 0 if result["levels"] and result["levels"][0]["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
