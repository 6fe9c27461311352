"""Charts drawn to PNG and SVG on the server by plotly's kaleido, which drives a headless Chromium.

A cold start costs seconds, so nothing is drawn until a reader asks (the download buttons build their file
when clicked), and one browser is kept running for the life of the server once the first picture is asked
for. Where the server has no Chromium, `available()` is False and the download menu says so.
"""

from __future__ import annotations

import os
import shutil
import threading

import kaleido
import plotly.graph_objects as go

from industrial_base.export import HEIGHT, WIDTH
from industrial_base.geo import boundaries_document, with_boundaries

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
"""Browser commands looked for on the PATH when `BROWSER_PATH` (kaleido's setting) is not set."""
PNG_SCALE = 2
"""The PNG is drawn at twice its CSS size, sharp on a high-density screen and in print."""

_started = False
_lock = threading.Lock()


def browser() -> str | None:
    """The browser kaleido will drive: `BROWSER_PATH` if set, else the first browser on the PATH."""
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def available() -> bool:
    return browser() is not None


def render(figure: go.Figure, fmt: str) -> bytes:
    """The figure as PNG or SVG bytes. Pictures are drawn one at a time by the one browser kept warm."""
    path = browser()
    if path is None:
        raise RuntimeError("no Chromium on this server: chart images cannot be drawn")
    global _started
    with _lock:
        if not _started:
            os.environ["BROWSER_PATH"] = path
            kaleido.start_sync_server(silence_warnings=True)
            _started = True
        options = {"format": fmt, "width": WIDTH, "height": HEIGHT, "scale": PNG_SCALE if fmt == "png" else 1}
        drawn = with_boundaries(figure, boundaries_document())  # no server answers its URL here
        return bytes(kaleido.calc_fig_sync(drawn, opts=options))
