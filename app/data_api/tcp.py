"""`TCP_NODELAY` on the server's listening socket, so every accepted connection has it.

Why: Streamlit 1.66/1.67 create their listening socket with `socket.socket(family=...)`, protocol 0, and
asyncio sets `TCP_NODELAY` on an accepted connection only when the socket's `proto` is `IPPROTO_TCP`
(`asyncio.base_events._set_nodelay`). Without it Nagle's algorithm holds back the start of every response
after the first on a kept-alive connection until the client's delayed ACK (~40 ms on Linux): measured ~44 ms
per request, for the data routes and the dashboard's own WebSocket alike. Linux copies `TCP_NODELAY` from a
listening socket to the connections it accepts, so setting it once on the listener fixes every connection.

The listener is found among the process's open file descriptors (uvicorn holds it; Streamlit binds it before
the app's lifespan runs, and nothing is accepted until the lifespan has finished). Where there is none yet
(`uvicorn streamlit_app:app` binds after the lifespan), asyncio created it with `IPPROTO_TCP` and sets the
option itself. `INDUSTRIAL_BASE_TCP_NODELAY=0` leaves the sockets as they are (the benchmark measures both).
"""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

SWITCH = "INDUSTRIAL_BASE_TCP_NODELAY"
FD_DIRS = (Path("/proc/self/fd"), Path("/dev/fd"))


def enabled() -> bool:
    """On unless the switch says 0/false/no/off."""
    return os.environ.get(SWITCH, "1").strip().lower() not in {"0", "false", "no", "off"}


def _open_fds() -> list[int]:
    for folder in FD_DIRS:
        with contextlib.suppress(OSError):
            return [int(name) for name in os.listdir(folder) if name.isdigit()]
    return []


def set_nodelay_on_listeners() -> int:
    """Set `TCP_NODELAY` on every listening TCP socket of this process (unless switched off); returns how
    many. Each is reached through a duplicate of its descriptor: the option belongs to the socket, not to the
    descriptor, and closing the duplicate leaves the listener open."""
    if not enabled():
        return 0
    count = 0
    for fd in _open_fds():
        try:
            duplicate = os.dup(fd)
        except OSError:  # closed since it was listed (the listing's own descriptor)
            continue
        try:
            sock = socket.socket(fileno=duplicate)  # family, type and protocol read from the descriptor
        except OSError:  # not a socket
            os.close(duplicate)
            continue
        with sock:
            if (
                sock.family in (socket.AF_INET, socket.AF_INET6)
                and sock.type == socket.SOCK_STREAM
                and sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)
            ):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                count += 1
    return count
