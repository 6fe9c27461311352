"""``python -m bench.nodelay run APP [streamlit options]``: ``streamlit run`` whose listening sockets have
``TCP_NODELAY``, as the dashboard's server sets on its own (``app/data_api/tcp.py``).

The benchmark's reference apps are plain scripts without the dashboard's ``st.App`` lifespan, so Streamlit
1.67 would serve them with Nagle's algorithm on every connection (its listening socket has protocol 0, and
asyncio sets ``TCP_NODELAY`` only for ``IPPROTO_TCP``): each later message of a rerun would wait ~40 ms for
the browser's delayed ACK, and the dashboard would look faster than the frame it is measured against. Every
app of a ``make bench`` run starts through this module, so the ratios compare like with like.
``INDUSTRIAL_BASE_TCP_NODELAY=0`` leaves the sockets alone here too (the dashboard's switch).
"""

from __future__ import annotations

import os
import socket
import sys
from typing import Any

SWITCH = "INDUSTRIAL_BASE_TCP_NODELAY"
_listen = socket.socket.listen


def _listen_without_delay(self: socket.socket, *args: Any) -> None:
    """Linux copies a listening socket's ``TCP_NODELAY`` to every connection it accepts."""
    if self.family in (socket.AF_INET, socket.AF_INET6) and self.type == socket.SOCK_STREAM:
        self.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    _listen(self, *args)


def main() -> None:
    if os.environ.get(SWITCH, "1").strip().lower() not in {"0", "false", "no", "off"}:
        socket.socket.listen = _listen_without_delay  # type: ignore[method-assign]
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", *sys.argv[1:]]
    streamlit_main()


if __name__ == "__main__":
    main()
