"""Starting, timing, measuring and stopping ``streamlit run`` servers on loopback.

Shared by the benchmark, the load script and the browser tests (``tests/browser/conftest.py`` wraps
``start_server`` to turn a failed start into ``pytest.fail``). A failed start raises :class:`ServerError`, so
the benchmark can record it as data. Memory comes from ``/proc`` (no psutil dependency).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
SERVER_START_TIMEOUT_S = 60.0
# Headless Debian Chromium as root on a machine without a display or outside network: no sandbox, no GPU,
# none of the background connections that a closed network refuses.
CHROMIUM_ARGS: list[str] = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def healthy(base_url: str) -> bool:
    """Whether ``BASE_URL/_stcore/health`` answers ``ok`` (a Streamlit server, or nginx in front of some)."""
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().decode().strip() == "ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def raise_on_sigterm() -> None:
    """SIGTERM raises KeyboardInterrupt, as Ctrl-C does, so a script's ``finally`` stops what it started."""

    def on_signal(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)


class ServerError(RuntimeError):
    """A server exited or did not become healthy in time; the message carries its log tail."""


def free_port() -> int:
    """Ask the kernel for an unused loopback port (tiny race window until streamlit binds it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _tail(path: Path, limit: int = 4000) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "<no log>"
    return text[-limit:]


@dataclass
class Server:
    """A running ``streamlit run`` process (own session, so its whole process group can be signalled)."""

    proc: subprocess.Popen[bytes]
    base_url: str
    log_dir: Path
    cmd: list[str]
    healthy_after_s: float = field(default=float("nan"))

    @property
    def pid(self) -> int:
        return int(self.proc.pid)

    def log_tail(self) -> str:
        return (
            f"--- stderr ---\n{_tail(self.log_dir / 'stderr.log')}\n"
            f"--- stdout ---\n{_tail(self.log_dir / 'stdout.log')}"
        )


def start_server(
    app_path: Path | str,
    cwd: Path | str,
    timeout_s: float = SERVER_START_TIMEOUT_S,
    env: Mapping[str, str] | None = None,
    runner: Sequence[str] = ("-m", "streamlit"),
) -> Server:
    """Start ``streamlit run APP_PATH`` on a free loopback port and wait until ``/_stcore/health`` is ``ok``.

    ``healthy_after_s`` is the wall time from just before ``Popen`` to the first ``ok`` (polled every 20 ms,
    so the figure is at most ~20 ms late). ``env`` adds to the inherited environment, for the server only.
    ``runner`` is what follows the interpreter in place of ``-m streamlit`` (``-m bench.probe`` measures each
    step's CPU, see ``bench/probe.py``).
    On failure the server is stopped and :class:`ServerError` raised.
    """
    port = free_port()
    base_url = f"http://{HOST}:{port}"
    cmd = [
        sys.executable, *runner, "run", str(app_path),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", HOST,
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    log_dir = Path(tempfile.mkdtemp(prefix="bench-streamlit-"))
    environment = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    started = time.perf_counter()
    with (log_dir / "stdout.log").open("wb") as out, (log_dir / "stderr.log").open("wb") as err:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, env=environment, start_new_session=True)
    server = Server(proc=proc, base_url=base_url, log_dir=log_dir, cmd=cmd)
    health = f"{base_url}/_stcore/health"
    deadline = started + timeout_s
    try:
        while True:
            if proc.poll() is not None:
                raise ServerError(
                    f"streamlit exited with code {proc.returncode} before becoming healthy "
                    f"({' '.join(cmd)})\n{server.log_tail()}"
                )
            with (
                contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError),
                urllib.request.urlopen(health, timeout=2) as resp,
            ):
                if resp.status == 200 and resp.read().decode().strip() == "ok":
                    server.healthy_after_s = time.perf_counter() - started
                    return server
            if time.perf_counter() > deadline:
                raise ServerError(f"{health} did not answer 'ok' within {timeout_s:g}s\n{server.log_tail()}")
            time.sleep(0.02)
    except BaseException:
        stop_server(server)
        raise


def stop_server(server: Server, timeout_s: float = 10.0) -> None:
    """Terminate the server's whole process group (SIGTERM, then SIGKILL) and delete its logs."""
    proc = server.proc
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=timeout_s)
    shutil.rmtree(server.log_dir, ignore_errors=True)


# --------------------------------------------------------------------------------------------
# Memory, from /proc
# --------------------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    """Direct children of ``pid``, by scanning ``/proc/*/stat`` (field 4 is the parent pid)."""
    kids: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            kids.append(int(entry.name))
    return kids


def process_tree(pid: int, max_depth: int = 4) -> list[int]:
    """``pid`` and its descendants (bounded depth; streamlit normally has none)."""
    tree, frontier = [pid], [pid]
    for _ in range(max_depth):
        frontier = [kid for parent in frontier for kid in _children(parent)]
        if not frontier:
            break
        tree.extend(frontier)
    return tree


def _status_kib(pid: int, name: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{name}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass(frozen=True)
class Memory:
    """Resident memory of a process tree, in MiB: ``rss`` now (VmRSS) and ``peak`` (VmHWM, high-water mark).

    ``peak`` sums each process's own high-water mark, an upper bound of the tree's true peak.
    """

    rss_mb: float
    peak_mb: float


def memory(pid: int) -> Memory:
    pids = process_tree(pid)
    rss = sum(_status_kib(p, "VmRSS") for p in pids)
    hwm = sum(_status_kib(p, "VmHWM") for p in pids)
    return Memory(rss_mb=rss / 1024, peak_mb=hwm / 1024)


def listening_pid(port: int) -> int | None:
    """The PID of the process listening on a loopback TCP port, from /proc (Linux); None if not visible."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # 0A = LISTEN
                    inodes.add(fields[9])
    if not inodes:
        return None
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            for fd in (proc / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    return int(proc.name)
    return None


def memory_kb(pid: int) -> tuple[int, int] | None:
    """(VmRSS, VmHWM) in kB from /proc/PID/status, or None if the process is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    values = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.MULTILINE))
    if len(values) < 2:
        return None
    return int(values["VmRSS"]), int(values["VmHWM"])


def process_cpu_s(pid: int) -> float | None:
    """CPU seconds (user + system) the process has used, from /proc/PID/stat."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def thread_cpu_s(pid: int, tid: int) -> float | None:
    """CPU seconds one thread of a process has used (``/proc/PID/task/TID/schedstat``, nanoseconds); the main
    thread (``tid == pid``) of a Streamlit server runs its event loop, every script run has a thread of its
    own."""
    try:
        return int(Path(f"/proc/{pid}/task/{tid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


def machine_cpu() -> tuple[float, float] | None:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat."""
    try:
        first = Path("/proc/stat").read_text().splitlines()[0].split()
    except (OSError, IndexError):
        return None
    values = [float(v) for v in first[1:9]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)
