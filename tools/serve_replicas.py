"""N dashboard replicas behind nginx on loopback: ``make serve-replicas`` (``REPLICAS=2 PORT=8501``).

    .venv/bin/python tools/serve_replicas.py --replicas 2 --port 8501

Starts N ``streamlit run app/streamlit_app.py`` servers on free loopback ports (each from a run folder, not
the checkout: the app's settings travel with its entrypoint), all with one random
``STREAMLIT_SERVER_COOKIE_SECRET``; waits until every one answers ``/_stcore/health``; writes
``tools/replicas.nginx.conf`` with the run folder, the listen address and one ``server`` line per replica
into that folder; and runs Debian's ``nginx`` in the foreground with it (its pid, logs and temp files in the
run folder). Then, until Ctrl-C or SIGTERM, it polls every replica's health every few seconds and reports a
change. Health checking is therefore active only here, in this script; nginx itself checks passively
(``max_fails``/``fail_timeout``: a replica that refuses connections is skipped, and the request retried on
the next, ``proxy_next_upstream``). On the way out nginx and every replica are stopped and the run folder
removed.

Used by ``tests/browser/test_replicas.py`` and ``bench/protocol_load.py --replicas`` through :func:`start`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # run as a script: `python tools/serve_replicas.py`
    sys.path.insert(0, str(REPO_ROOT))
from bench.servers import (  # noqa: E402
    HOST,
    Server,
    ServerError,
    free_port,
    healthy,
    raise_on_sigterm,
    start_server,
    stop_server,
)

APP = REPO_ROOT / "app" / "streamlit_app.py"
TEMPLATE = Path(__file__).with_name("replicas.nginx.conf")
NGINX_CANDIDATES = ("nginx", "/usr/sbin/nginx")
MAX_FAILS, FAIL_TIMEOUT_S = 1, 10
HEALTH_POLL_S = 3.0


class ReplicasError(RuntimeError):
    """nginx is missing, or it or a replica did not start."""


def nginx_path() -> str | None:
    """The nginx binary ($NGINX_PATH, then PATH, then Debian's /usr/sbin/nginx), None if there is none."""
    for candidate in (os.environ.get("NGINX_PATH"), *NGINX_CANDIDATES):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


@dataclass
class Replicas:
    """A running set: the proxy's URL, the replicas, nginx, and the run folder (config, logs)."""

    url: str
    replicas: list[Server]
    nginx: subprocess.Popen[bytes]
    run_dir: Path

    @property
    def access_log(self) -> Path:
        return self.run_dir / "access.log"

    def _routed(self) -> list[tuple[str, str, str]]:
        """(request line, replica, route) of every request nginx has logged (a WebSocket when it closed)."""
        if not self.access_log.exists():
            return []
        entries = []
        for line in self.access_log.read_text(errors="replace").splitlines():
            request, _, rest = line.partition('" ')
            status_and_upstream, _, route = rest.partition(" route=")
            # "$upstream_addr" lists every replica tried ("A, B"); the last one answered.
            upstream = status_and_upstream.split(" ", 1)[-1].split(",")[-1].strip()
            entries.append((request, upstream, route))
        return entries

    def upstream_of_streams(self) -> list[str]:
        """The replica (``127.0.0.1:PORT``) of every WebSocket that has closed, in order."""
        return [upstream for request, upstream, _ in self._routed() if "/_stcore/stream" in request]

    def upstream_of(self, path: str, route: str) -> str:
        """The replica that answered the (last) request for ``path`` with this routing key."""
        routed = self._routed()
        matches = [upstream for request, upstream, key in routed if f" {path} " in request and key == route]
        if not matches:
            raise LookupError(f"nginx logged no request for {path} with route {route}")
        return matches[-1]

    def replica_at(self, address: str) -> Server | None:
        return next((r for r in self.replicas if r.base_url.endswith(f"//{address}")), None)

    def stop_replica(self, replica: Server) -> None:
        """Stop one replica (as a crash or a deploy would), leaving nginx and the others running."""
        stop_server(replica)
        self.replicas.remove(replica)


def render_config(run_dir: Path, listen: str, upstreams: list[str]) -> str:
    servers = "\n".join(
        f"        server {address} max_fails={MAX_FAILS} fail_timeout={FAIL_TIMEOUT_S}s;"
        for address in upstreams
    )
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in {"RUN_DIR": str(run_dir), "LISTEN": listen, "UPSTREAM_SERVERS": servers}.items():
        text = text.replace("{{" + name + "}}", value)
    return text


def start(count: int = 2, port: int | None = None) -> Replicas:
    """Start ``count`` replicas and nginx on ``127.0.0.1:port`` (a free port if None); stop all on failure."""
    nginx = nginx_path()
    if nginx is None:
        raise ReplicasError("nginx not found: `sudo apt-get install nginx` (Debian) or set NGINX_PATH")
    run_dir = Path(tempfile.mkdtemp(prefix="ibm-replicas-"))
    run_dir.chmod(0o755)  # traversable by nginx's workers (user nobody when started as root)
    secret = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
    replicas: list[Server] = []
    proc: subprocess.Popen[bytes] | None = None
    try:
        # Side by side, each waiting for its own health; if one fails, the others are stopped below.
        with ThreadPoolExecutor(max_workers=count) as pool:
            starting = [pool.submit(start_server, APP, run_dir, env=secret) for _ in range(count)]
            wait(starting)
        replicas.extend(f.result() for f in starting if f.exception() is None)
        errors = [error for f in starting if (error := f.exception()) is not None]
        if errors:
            raise errors[0]
        listen = f"{HOST}:{port or free_port()}"
        config = run_dir / "nginx.conf"
        upstreams = [r.base_url.split("//", 1)[1] for r in replicas]
        config.write_text(render_config(run_dir, listen, upstreams), encoding="utf-8")
        with (run_dir / "nginx.out").open("wb") as out:
            proc = subprocess.Popen(
                [nginx, "-p", str(run_dir), "-c", str(config)],
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        running = Replicas(f"http://{listen}", replicas, proc, run_dir)
        deadline = time.monotonic() + 10
        while not healthy(running.url):
            if proc.poll() is not None or time.monotonic() > deadline:
                log = (run_dir / "nginx.out").read_text(errors="replace")
                with contextlib.suppress(OSError):
                    log += (run_dir / "error.log").read_text(errors="replace")
                raise ReplicasError(f"nginx did not come up on {listen}:\n{log[-3000:]}")
            time.sleep(0.05)
        return running
    except BaseException:
        if proc is not None:
            _stop_nginx(proc)
        for replica in replicas:
            stop_server(replica)
        shutil.rmtree(run_dir, ignore_errors=True)
        raise


def _stop_nginx(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGQUIT)  # graceful: finish open requests, then exit
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


def stop(running: Replicas) -> None:
    """Stop nginx, then every replica; remove the run folder."""
    _stop_nginx(running.nginx)
    for replica in list(running.replicas):
        stop_server(replica)
    shutil.rmtree(running.run_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2, help="how many (default 2)")
    parser.add_argument("--port", type=int, default=8501, help="nginx's loopback port (default 8501)")
    args = parser.parse_args(argv)
    if not 1 <= args.replicas <= 8:
        parser.error("--replicas must be between 1 and 8")

    raise_on_sigterm()
    try:
        running = start(args.replicas, args.port)
    except (ReplicasError, ServerError) as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"nginx on {running.url} -> {', '.join(r.base_url for r in running.replicas)}")
    print(f"config and logs: {running.run_dir}; Ctrl-C stops everything")
    state = {r.base_url: True for r in running.replicas}
    try:
        while running.nginx.poll() is None:
            time.sleep(HEALTH_POLL_S)
            for replica in running.replicas:
                now = replica.proc.poll() is None and healthy(replica.base_url)
                if now != state[replica.base_url]:
                    print(f"{time.strftime('%H:%M:%S')} {replica.base_url}: {'healthy' if now else 'DOWN'}")
                    state[replica.base_url] = now
        print(f"nginx exited with code {running.nginx.returncode}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop(running)


if __name__ == "__main__":
    sys.exit(main())
