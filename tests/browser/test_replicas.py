"""Two replicas behind nginx, as docs/deployment.md describes them (``tools/serve_replicas.py`` with
``tools/replicas.nginx.conf``), on loopback.

One set of servers for the module, used in this order: protocol readers through the proxy (a few seconds
of ``bench/protocol_load.py``: steps done with no error, sessions spread over both replicas), then a reader
in Chromium whose replica is stopped mid-session and who must carry on, on the other one, on the same view.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from bench.protocol import Session, run_blocking
from bench.servers import ServerError
from derived import SECTOR_KEY, VIEW_PARAM, link, picker_class
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from tools import serve_replicas
from tools.serve_replicas import Replicas

from conftest import REPO_ROOT, page_errors, wait_for_app_idle, wait_for_plotly
from industrial_base import site

pytestmark = pytest.mark.browser

# A view that is not the page's first, with the sector filter on: the link holds the whole state.
CLUSTERS = site.page("clusters")
VIEW = CLUSTERS.view("map")
SECTOR = "nev"
LINK = link(CLUSTERS, VIEW, sector=SECTOR)
RECONNECT_TIMEOUT_S = 45
# Every value the tab's connection state takes, recorded as it changes (a reconnect through nginx to a live
# replica can take less time than a polling interval).
RECORD_CONNECTION_JS = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    const states = (window.connectionStates = [app.getAttribute("data-test-connection-state")]);
    new MutationObserver(() => states.push(app.getAttribute("data-test-connection-state")))
        .observe(app, {attributes: true, attributeFilter: ["data-test-connection-state"]});
}"""
RECONNECTED_JS = """() => {
    const states = window.connectionStates;
    const lost = states.findIndex((state) => state !== "CONNECTED");
    return lost > 0 && states[states.length - 1] === "CONNECTED";
}"""
# While its replica is gone the tab's WebSocket and health probe fail before it reconnects: the browser logs
# those, and nothing else is expected.
FAILOVER_NOISE = ("/_stcore/stream", "/_stcore/health", "/_stcore/host-config", "WebSocket")


@pytest.fixture(scope="module")
def replicas() -> Iterator[Replicas]:
    if serve_replicas.nginx_path() is None:
        message = "nginx not found: `sudo apt-get install nginx` (CI does, see .ci/run) or set NGINX_PATH"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    try:
        running = serve_replicas.start(2)
    except (ServerError, serve_replicas.ReplicasError) as error:
        pytest.fail(str(error), pytrace=False)
    yield running
    serve_replicas.stop(running)


def test_protocol_readers_through_the_proxy(replicas: Replicas, tmp_path: Path) -> None:
    out = tmp_path / "protocol_load.json"
    command = [
        sys.executable, str(REPO_ROOT / "bench" / "protocol_load.py"), "--url", replicas.url,
        "--readers", "3", "--duration", "8", "--think", "0.5:1.5", "--out", str(out),
        *(arg for replica in replicas.replicas for arg in ("--pid", str(replica.pid))),
    ]  # fmt: skip
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert out.exists(), f"no JSON written\n{done.stdout}\n{done.stderr}"
    level = json.loads(out.read_text(encoding="utf-8"))["levels"][0]
    assert level["errors"] == 0, level["error_examples"]
    kinds = {step["kind"] for step in level["steps_detail"]}
    assert {"open", "sector", "nav"} <= kinds and level["steps_ok"] >= 6, level["by_kind"]
    assert level["rss_peak_mb"] > 0 and done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    # Sessions spread over both replicas (ip_hash would put every loopback client on one). The readers opened
    # only a few, so more WebSockets are opened (and closed: nginx logs them then) until both replicas have
    # served one; a fair spread gets there at once, one replica for 20 in a row would be chance of 2**-19.
    everyone = {r.base_url.split("//")[1] for r in replicas.replicas}
    for _ in range(20):
        if set(replicas.upstream_of_streams()) == everyone:
            break
        run_blocking(_connect_once(replicas.url))
        time.sleep(0.2)  # nginx writes the line as the connection closes
    assert set(replicas.upstream_of_streams()) == everyone, replicas.upstream_of_streams()


async def _connect_once(url: str) -> None:
    async with Session(url):
        pass


def _state(page: Page) -> tuple[dict[str, list[str]], str, str]:
    """What the reader sees: the link's parameters, the chosen view, and the main area's text."""
    view = page.locator(f"[data-testid='stMain'] .{picker_class(CLUSTERS)} [aria-checked=true]")
    main = page.locator("[data-testid='stMain']").inner_text()
    return parse_qs(urlparse(page.url).query), view.first.inner_text(), main


def _replica_of(page: Page, replicas: Replicas) -> str:
    """The replica the tab's routing cookie leads to. nginx logs a WebSocket only when it closes, so this asks
    with a short request carrying the same cookie (same key, same replica) and reads where nginx sent it."""
    route = next(c["value"] for c in page.context.cookies() if c["name"] == "ibm_route")
    probe = f"/_stcore/host-config?probe={time.monotonic_ns()}"
    assert page.request.get(f"{replicas.url}{probe}").ok
    return replicas.upstream_of(probe, route)


def _connection(page: Page) -> str:
    return page.locator("[data-testid='stApp']").get_attribute("data-test-connection-state") or ""


def test_reader_carries_on_when_their_replica_stops(replicas: Replicas, page: Page) -> None:
    page.goto(f"{replicas.url}/{LINK}")
    wait_for_app_idle(page)
    wait_for_plotly(page, min_count=1)
    before = _state(page)
    assert before[0][VIEW_PARAM] == [VIEW.id] and before[0][SECTOR_KEY] == [SECTOR], page.url
    serving = replicas.replica_at(_replica_of(page, replicas))
    assert serving is not None

    page.evaluate(RECORD_CONNECTION_JS)
    replicas.stop_replica(serving)
    # The tab notices its WebSocket closed, probes health through nginx and opens a new one.
    try:
        page.wait_for_function(RECONNECTED_JS, timeout=RECONNECT_TIMEOUT_S * 1000)
    except PlaywrightTimeoutError:
        states = page.evaluate("() => window.connectionStates")
        log = replicas.access_log.read_text(errors="replace")[-2000:]
        pytest.fail(f"no reconnect within {RECONNECT_TIMEOUT_S} s; connection states {states}\n{log}")
    wait_for_app_idle(page)
    wait_for_plotly(page, min_count=1)
    assert _connection(page) == "CONNECTED"
    assert _replica_of(page, replicas) == replicas.replicas[0].base_url.split("//")[1]

    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_role("dialog").count() == 0, "a connection-error dialog is showing"
    after = _state(page)
    assert after[:2] == before[:2], "the link or the chosen view changed"
    assert after[2] == before[2], "the page does not show the same content as before"
    errors = [e for e in page_errors(page) if not any(noise in e for noise in FAILOVER_NOISE)]
    assert not errors, errors
