"""Load on the data by URL: `make load-api` (about 3 minutes).

    .venv/bin/python bench/api_load.py                         # every part
    .venv/bin/python bench/api_load.py --connections 32 --duration 15 --skip-readers

Parts, each on loopback, bounded in time, requests accepting gzip, all on `/api/v1/datasets/lg_batches.csv`
(`--path` for another, e.g. a view's embed page once the views are registered):

1. **Saturation, one server process**: Debian's `wrk --latency` with a fixed number of connections
   (`--connections`, 32; one wrk thread) for `--duration` seconds against `streamlit run
   app/streamlit_app.py`: requests/s, p50/p99, errors. Then the same with `INDUSTRIAL_BASE_TCP_NODELAY=0`
   (the stall the server's `TCP_NODELAY` fixes).
2. **Through nginx's cache**: the same wrk run against `tools/serve_replicas.py` (one replica behind nginx,
   `location /api/` cached), after checking that the second request is a cache HIT.
3. **Readers beside the API**: 20 protocol-level dashboard readers (`bench/protocol_load.py --readers 20`)
   for 45 s while this script requests the path at a fixed 300 requests/s (open loop over 16 kept-alive
   connections; latency counted from each request's scheduled time, so a stall is not hidden): the readers'
   p50/p95 and errors, and the API requests' achieved rate, p50/p99 and errors.

Targets (2-core machine): one process >= 1,000 requests/s with p99 <= 50 ms and no error; >= 5,000/s through
nginx's cache; the readers' p95 <= 1 s beside 300 requests/s. Results: printed, and as JSON in
`bench/results/api_load.json` with the machine's state (load average, the busiest other processes) at start.
Exit status 0 when every target is met.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # run as a script: `python bench/api_load.py`
    sys.path.insert(0, str(REPO_ROOT))
from tools import serve_replicas  # noqa: E402

from bench.servers import ServerError, raise_on_sigterm, start_server, stop_server  # noqa: E402

APP = REPO_ROOT / "app" / "streamlit_app.py"
DEFAULT_OUT = REPO_ROOT / "bench" / "results" / "api_load.json"
DEFAULT_PATH = "/api/v1/datasets/lg_batches.csv"
NODELAY_SWITCH = "INDUSTRIAL_BASE_TCP_NODELAY"
TARGETS = {"process_rps": 1000.0, "process_p99_ms": 50.0, "nginx_rps": 5000.0, "readers_p95_s": 1.0}
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
RATE_CONNECTIONS = 16


def machine_state() -> dict[str, Any]:
    """Load averages and the busiest processes right now (other agents may share the machine)."""
    top = subprocess.run(
        ["ps", "-eo", "pcpu,rss,comm", "--sort=-pcpu"], capture_output=True, text=True, check=False
    ).stdout.splitlines()[:9]
    return {"load_average": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count(), "top": top}


def parse_wrk(output: str) -> dict[str, Any]:
    """Requests/s, p50/p90/p99 (ms), request count and errors from `wrk --latency`'s report."""

    def ms(label: str) -> float | None:
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        return round(float(match.group(1)) * UNITS_MS[match.group(2)], 3) if match else None

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    count = re.search(r"(\d+) requests in", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests_per_s": float(rps.group(1)) if rps else None,
        "requests": int(count.group(1)) if count else None,
        "p50_ms": ms("50"),
        "p90_ms": ms("90"),
        "p99_ms": ms("99"),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(map(int, sockets.groups())) if sockets else 0,
    }


def wrk(url: str, connections: int, duration_s: float) -> dict[str, Any]:
    command = [
        "wrk", "--latency", "-t1", f"-c{connections}", f"-d{duration_s:g}s", "--timeout", "5s",
        "-H", "Accept-Encoding: gzip", url,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration_s + 30, check=False)
    result = parse_wrk(done.stdout)
    result["errors"] = result["non_2xx"] + result["socket_errors"] + (done.returncode != 0)
    result["command"] = " ".join(command)
    return result


def fetch(url: str) -> dict[str, str]:
    with urllib.request.urlopen(
        urllib.request.Request(url, headers={"Accept-Encoding": "gzip"}), timeout=30
    ) as r:
        r.read()
        return {k.lower(): v for k, v in r.headers.items()}


async def constant_rate(url: str, rate: float, stop: threading.Event, max_s: float) -> dict[str, Any]:
    """GET `url` at `rate` per second until `stop` (at most `max_s`), over kept-alive connections; latency
    from each request's scheduled start (open loop: a slow server shows as latency, not as fewer requests)."""
    parsed = urlparse(url)
    target = (parsed.path or "/") + (f"?{parsed.query}" if parsed.query else "")
    request = (f"GET {target} HTTP/1.1\r\nHost: {parsed.netloc}\r\nAccept-Encoding: gzip\r\n\r\n").encode()
    idle: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()
    for _ in range(RATE_CONNECTIONS):
        idle.put_nowait(await asyncio.open_connection(parsed.hostname, parsed.port))
    latencies: list[float] = []
    errors: list[str] = []

    async def one(scheduled: float) -> None:
        reader, writer = await idle.get()
        try:
            writer.write(request)
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1))  # type: ignore[union-attr]
            await asyncio.wait_for(reader.readexactly(length), 10)
            if not head.startswith(b"HTTP/1.1 200"):
                errors.append(head.split(b"\r\n", 1)[0].decode(errors="replace"))
            latencies.append(time.perf_counter() - scheduled)
            idle.put_nowait((reader, writer))
        except (TimeoutError, OSError, asyncio.IncompleteReadError, AttributeError) as exc:
            errors.append(type(exc).__name__)
            writer.close()
            idle.put_nowait(await asyncio.open_connection(parsed.hostname, parsed.port))

    started = time.perf_counter()
    tasks: list[asyncio.Task[None]] = []
    sent = 0
    while not stop.is_set() and time.perf_counter() - started < max_s:
        scheduled = started + sent / rate
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        tasks.append(asyncio.create_task(one(scheduled)))
        sent += 1
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(q: float) -> float | None:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 2) if ordered else None

    while not idle.empty():
        idle.get_nowait()[1].close()
    return {
        "rate_target": rate,
        "requests": sent,
        "achieved_per_s": round(sent / elapsed, 1),
        "p50_ms": pct(0.5),
        "p99_ms": pct(0.99),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 2) if ordered else None,
        "errors": len(errors),
        "error_examples": errors[:5],
    }


def readers_beside_api(
    base_url: str, pid: int, path: str, rate: float, readers: int, duration_s: float
) -> dict[str, Any]:
    """`protocol_load.py --readers N` on the server while `constant_rate` requests `path` (both bounded)."""
    out = Path(tempfile.mkdtemp(prefix="api-load-")) / "protocol_load.json"
    stop = threading.Event()
    result: dict[str, Any] = {}
    command = [
        sys.executable, str(REPO_ROOT / "bench" / "protocol_load.py"), "--url", base_url,
        "--readers", str(readers), "--duration", f"{duration_s:g}", "--retries", "0", "--out", str(out),
        "--pid", str(pid),
    ]  # fmt: skip
    thread = threading.Thread(
        target=lambda: result.update(
            api=asyncio.run(constant_rate(base_url + path, rate, stop, duration_s + 120))
        )
    )
    thread.start()
    try:
        done = subprocess.run(
            command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=duration_s + 150
        )
    finally:
        stop.set()
        thread.join()
    try:
        level = json.loads(out.read_text(encoding="utf-8"))["levels"][-1]
    except (OSError, ValueError, KeyError, IndexError):
        level = {"errors": 1, "error_examples": [done.stderr[-500:]]}
    finally:
        shutil.rmtree(out.parent, ignore_errors=True)
    keys = (
        "readers",
        "steps",
        "errors",
        "error_examples",
        "p50_s",
        "p95_s",
        "max_s",
        "server_cpu_mean_pct",
        "others_cpu_mean_pct",
        "machine_cpu_mean_pct",
    )
    return {"readers": {k: level.get(k) for k in keys}, "api": result.get("api")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", default=DEFAULT_PATH, help=f"the URL path to load ({DEFAULT_PATH})")
    parser.add_argument("--connections", type=int, default=32, help="wrk's connections (32)")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per wrk run (15)")
    parser.add_argument("--rate", type=float, default=300.0, help="API requests/s beside the readers (300)")
    parser.add_argument("--readers", type=int, default=20, help="protocol readers (20)")
    parser.add_argument("--readers-duration", type=float, default=45.0, help="seconds of readers (45)")
    parser.add_argument("--skip-readers", action="store_true", help="only the wrk parts")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not (1 <= args.connections <= 256 and 1 <= args.duration <= 120 and 1 <= args.rate <= 2000):
        parser.error("--connections 1..256, --duration 1..120 s, --rate 1..2000")
    if shutil.which("wrk") is None:
        print("wrk not found: `sudo apt-get install wrk`", file=sys.stderr)
        return 2
    raise_on_sigterm()
    report: dict[str, Any] = {"machine_at_start": machine_state(), "path": args.path}
    print(f"machine at start: load {report['machine_at_start']['load_average']}", flush=True)
    try:
        for label, env in (("process", {}), ("process_nodelay_off", {NODELAY_SWITCH: "0"})):
            server = start_server(APP, REPO_ROOT, env=env)
            try:
                fetch(server.base_url + args.path)
                report[label] = wrk(server.base_url + args.path, args.connections, args.duration)
                print(f"{label}: {report[label]}", flush=True)
            finally:
                stop_server(server)
        proxy = serve_replicas.start(1)
        try:
            url = proxy.url + args.path
            statuses = [fetch(url).get("x-cache-status") for _ in range(2)]
            report["nginx_cache"] = {**wrk(url, args.connections, args.duration), "cache_status": statuses}
            print(f"nginx_cache: {report['nginx_cache']}", flush=True)
        finally:
            serve_replicas.stop(proxy)
        if not args.skip_readers:
            server = start_server(APP, REPO_ROOT)
            try:
                report["readers_beside_api"] = readers_beside_api(
                    server.base_url, server.pid, args.path, args.rate, args.readers, args.readers_duration
                )
                print(f"readers_beside_api: {report['readers_beside_api']}", flush=True)
            finally:
                stop_server(server)
    except (ServerError, serve_replicas.ReplicasError) as exc:
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    report["machine_at_end"] = machine_state()
    checks = {
        "process_rps": (report["process"]["requests_per_s"] or 0) >= TARGETS["process_rps"],
        "process_p99_ms": (report["process"]["p99_ms"] or 1e9) <= TARGETS["process_p99_ms"],
        "process_errors": report["process"]["errors"] == 0,
        "nginx_rps": (report["nginx_cache"]["requests_per_s"] or 0) >= TARGETS["nginx_rps"],
        "nginx_hit": report["nginx_cache"]["cache_status"][-1] == "HIT",
    }
    if "readers_beside_api" in report:
        readers, api = report["readers_beside_api"]["readers"], report["readers_beside_api"]["api"] or {}
        checks["readers_p95_s"] = (readers.get("p95_s") or 1e9) <= TARGETS["readers_p95_s"]
        checks["readers_errors"] = readers.get("errors") == 0 and api.get("errors") == 0
    report["targets"] = TARGETS
    report["checks"] = checks
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'} {name}")
    print(f"results: {args.out}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
