"""`TCP_NODELAY` on the connections the server accepts (`data_api.tcp`), asserted with getsockopt, not timed.

uvicorn serves the data API in this process on a listening socket made the way Streamlit makes its own
(`socket.socket(family=...)`: protocol 0, which is why asyncio does not set the option itself), with the
server's lifespan (`data_api.api.lifespan`). A client makes a request; the server's end of that connection is
found among this process's descriptors and its `TCP_NODELAY` read. With the switch off it must be 0: that is
what the fix changes.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import uvicorn

from data_api import tcp
from data_api.api import DataApi, lifespan
from industrial_base.loading import load_package


def streamlit_like_listener() -> socket.socket:
    """As Streamlit 1.66/1.67 bind (starlette_server._bind_socket): no protocol given."""
    sock = socket.socket(family=socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.setblocking(False)
    return sock


@contextmanager
def serving() -> Iterator[int]:
    """uvicorn in a thread with the data API and the server's lifespan, on a Streamlit-like socket."""
    api = DataApi(load=load_package)

    async def app(scope: dict, receive: object, send: object) -> None:
        if scope["type"] == "lifespan":
            async with lifespan(api)(None):
                message = await receive()  # type: ignore[operator]
                assert message["type"] == "lifespan.startup"
                await send({"type": "lifespan.startup.complete"})  # type: ignore[operator]
                await receive()  # type: ignore[operator]
                await send({"type": "lifespan.shutdown.complete"})  # type: ignore[operator]
            return
        await api(scope, receive, send)  # type: ignore[arg-type]

    listener = streamlit_like_listener()
    assert listener.proto == 0
    server = uvicorn.Server(uvicorn.Config(app, lifespan="on", log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
            time.sleep(0.02)
        yield listener.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()


def accepted_end(client: socket.socket) -> socket.socket:
    """The server's socket of `client`'s connection, among this process's descriptors (a duplicate)."""
    for name in os.listdir("/proc/self/fd"):
        try:
            sock = socket.socket(fileno=os.dup(int(name)))
        except OSError:
            continue
        try:
            if sock.family == socket.AF_INET and sock.getpeername() == client.getsockname():
                return sock
        except OSError:
            pass
        sock.close()
    raise AssertionError("the server's end of the connection was not found")


def nodelay_of_accepted_connection() -> int:
    with serving() as port, socket.create_connection(("127.0.0.1", port), timeout=10) as client:
        client.sendall(b"GET /api/v1/datasets/lg_batches.csv HTTP/1.1\r\nHost: x\r\n\r\n")
        assert client.recv(12) == b"HTTP/1.1 200"
        with accepted_end(client) as server_end:
            return server_end.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="Linux: /proc lists the descriptors")
def test_accepted_connections_have_tcp_nodelay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(tcp.SWITCH, raising=False)
    assert nodelay_of_accepted_connection() != 0


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="Linux: /proc lists the descriptors")
def test_the_switch_turns_the_fix_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(tcp.SWITCH, "0")
    assert nodelay_of_accepted_connection() == 0


def test_the_switch_reads_the_usual_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    for off in ("0", "false", "No", " off "):
        monkeypatch.setenv(tcp.SWITCH, off)
        assert not tcp.enabled()
    monkeypatch.setenv(tcp.SWITCH, "1")
    assert tcp.enabled()


def test_the_benchmark_serves_its_reference_apps_with_the_same_socket_setting() -> None:
    """`bench.nodelay` (every app of `make bench` starts through it): a listener made as Streamlit makes its
    own gets `TCP_NODELAY`, so the plain reference scripts are not measured with Nagle's delay."""
    from bench import nodelay

    plain, wrapped = socket.socket(family=socket.AF_INET), socket.socket(family=socket.AF_INET)
    with plain, wrapped:
        for sock in (plain, wrapped):
            sock.bind(("127.0.0.1", 0))
        plain.listen(8)
        nodelay._listen_without_delay(wrapped, 8)
        assert plain.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0  # Streamlit's own: Nagle on
        assert wrapped.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
