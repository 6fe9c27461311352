"""A reader's browser tab, without the browser: Streamlit's own WebSocket protocol, spoken from Python.

The frontend talks to the server over one WebSocket per tab (``/_stcore/stream``, subprotocol ``streamlit``)
with the protobuf messages of the installed ``streamlit.proto``: it sends a ``BackMsg`` with ``rerun_script``
(a ``ClientState``: the link's query string, the page by url path or by script hash, and the value of every
widget it holds), and the server answers with ``ForwardMsg``s: ``new_session`` when the run starts (its
config and theme), ``navigation`` (the pages), ``page_info_changed`` (the query string the app wrote),
``delta``s (the elements; each widget carries its id, whose tail is the widget's ``key``) and
``script_finished`` when the run ends. :class:`Session` does exactly that and nothing else: no static files,
no drawing, so a load generator built on it measures the server, not browsers.

Checked against the sources of streamlit 1.67 (``web/server/starlette/starlette_websocket.py``,
``runtime/app_session.py``, ``proto/*_pb2.pyi``). Loopback only: :func:`stream_url` refuses other hosts.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import urlparse

from streamlit.proto.AppPage_pb2 import AppPage
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Exception_pb2 import Exception as ExceptionElement
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NewSession_pb2 import NewSession
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SIDEBAR = 1  # first index of a delta_path: 0 main, 1 sidebar (streamlit.proto.RootContainer)
_WIDGET_KEY = re.compile(r"^\$\$ID-[0-9a-f]+-(.*)$")
_RUN_OVER = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


T = TypeVar("T")


def run_blocking(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` in a thread of its own, so that it also works where the calling thread already runs an
    event loop (Playwright's sync API does, in the browser tests)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class ProtocolError(RuntimeError):
    """The server closed the stream, or a run did not finish in time."""


def stream_url(base_url: str) -> str:
    """``ws://HOST:PORT[/base]/_stcore/stream`` for a loopback ``http://`` base URL; refuses other hosts."""
    parsed = urlparse(base_url)
    if parsed.hostname not in LOOPBACK:
        raise ValueError(f"{base_url}: only loopback servers (127.0.0.1, localhost) may be driven")
    return f"ws://{parsed.netloc}{parsed.path.rstrip('/')}/_stcore/stream"


@dataclass(frozen=True)
class Widget:
    """A widget as the server drew it: its id, its element type and its options' labels (what goes on the wire
    as its value for selection widgets)."""

    id: str
    kind: str
    options: tuple[str, ...]
    in_sidebar: bool

    @property
    def key(self) -> str | None:
        """The ``key=`` the app gave the widget (the id's tail), or None for a widget without one."""
        match = _WIDGET_KEY.match(self.id)
        return match.group(1) if match and match.group(1) != "None" else None


@dataclass
class Run:
    """One script run as the client saw it: from sending the ``BackMsg`` to its ``script_finished``."""

    seconds: float
    finished: bool
    exceptions: list[str] = field(default_factory=list)
    """What went wrong, one line each: exception elements, a page not found, a script that did not compile."""
    raised: list[ExceptionElement] = field(default_factory=list)
    """The exception elements themselves, as the browser would draw them."""
    widgets: dict[str, Widget] = field(default_factory=dict)
    """By key (widgets without a key are left out)."""
    elements: int = 0
    messages: int = 0
    bytes: int = 0

    @property
    def ok(self) -> bool:
        return self.finished and not self.exceptions


def _options(kind: str, element: object) -> tuple[str, ...]:
    options = getattr(element, "options", ())
    if kind == "button_group":
        return tuple(option.content for option in options)
    return tuple(str(option) for option in options)


class Session:
    """One reader's tab: ``async with Session(base_url) as tab: await tab.open("clusters", "view=map")``.

    Keeps, as the frontend does, the query string the app last wrote and the value of every widget the reader
    set (sent with every rerun; ids that the last run did not draw are dropped). Every wait is bounded by
    ``timeout_s``; a closed stream or a run that does not finish raises :class:`ProtocolError`.
    """

    def __init__(self, base_url: str, timeout_s: float = 30.0, headers: dict[str, str] | None = None) -> None:
        self.url = stream_url(base_url)
        self.timeout_s = timeout_s
        self.headers = headers or {}
        self.query_string = ""
        self.page_script_hash = ""
        self.new_session: NewSession | None = None
        self.pages: list[AppPage] = []
        self.widgets: dict[str, Widget] = {}
        self.session_id = ""
        """The server's id of this session (from ``new_session``), for joining with a server-side probe."""
        self.runs = 0
        """Runs finished so far in this session: the next run's index (``bench/probe.py``'s ``seq``)."""
        self._states: dict[str, WidgetState] = {}
        self._ws: ClientConnection | None = None

    async def __aenter__(self) -> Session:
        try:
            self._ws = await asyncio.wait_for(
                connect(
                    self.url,
                    subprotocols=["streamlit"],  # type: ignore[list-item]
                    additional_headers=self.headers,
                    max_size=None,
                    open_timeout=self.timeout_s,
                ),
                self.timeout_s,
            )
        except (OSError, TimeoutError) as exc:
            raise ProtocolError(f"could not open {self.url}: {exc!r}") from exc
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._ws is not None:
            await self._ws.close()

    @property
    def cookies(self) -> str:
        """The ``Set-Cookie`` headers of the handshake response (e.g. a proxy's routing cookie)."""
        response = self._ws.response if self._ws else None
        return "; ".join(response.headers.get_all("Set-Cookie")) if response else ""

    async def open(self, page: str = "", query_string: str = "") -> Run:
        """Open a link: the page by its url path ("" for the default page) with a query string."""
        self.query_string = query_string
        return await self._rerun(page_name=page)

    async def go_to(self, page: AppPage) -> Run:
        """Click a page in the navigation: its script hash, the link's query string dropped."""
        self.query_string = ""
        return await self._rerun(page_script_hash=page.page_script_hash)

    async def set_widget(self, widget: Widget, values: list[str]) -> Run:
        """Change a selection widget (multiselect, pills, segmented control) to these option labels."""
        state = WidgetState(id=widget.id)
        state.string_array_value.data.extend(values)
        self._states[widget.id] = state
        return await self._rerun(page_script_hash=self.page_script_hash)

    async def _rerun(self, page_name: str = "", page_script_hash: str = "") -> Run:
        if self._ws is None:
            raise ProtocolError("the session is not open")
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query_string
        state.page_name = page_name
        state.page_script_hash = page_script_hash
        state.widget_states.widgets.extend(self._states.values())
        started = time.perf_counter()
        await self._ws.send(message.SerializeToString())
        run = Run(seconds=0.0, finished=False)
        deadline = started + self.timeout_s
        started_run = False
        while True:
            try:
                raw = await asyncio.wait_for(self._ws.recv(), max(0.01, deadline - time.perf_counter()))
            except TimeoutError as exc:
                raise ProtocolError(f"run not finished within {self.timeout_s:g} s") from exc
            except Exception as exc:  # websockets' ConnectionClosed and friends
                raise ProtocolError(f"stream closed: {exc!r}") from exc
            assert isinstance(raw, bytes)
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "new_session":
                # Every run starts with one; anything before ours belongs to an earlier run.
                started_run = True
                self.new_session = forward.new_session
                run = Run(seconds=0.0, finished=False)
                self.page_script_hash = forward.new_session.page_script_hash
                self.session_id = forward.new_session.initialize.session_id or self.session_id
            if not started_run:
                continue
            run.messages += 1
            run.bytes += len(raw)
            self._collect(forward, kind, run)
            if kind == "script_finished" and forward.script_finished in _RUN_OVER:
                run.finished = forward.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY
                if not run.finished:
                    run.exceptions.append("script finished with a compile error")
                run.seconds = time.perf_counter() - started
                drawn = {widget.id for widget in run.widgets.values()}
                self._states = {wid: s for wid, s in self._states.items() if wid in drawn}
                self.widgets = run.widgets
                self.runs += 1
                return run

    def _collect(self, forward: ForwardMsg, kind: str | None, run: Run) -> None:
        if kind == "navigation":
            self.pages = list(forward.navigation.app_pages)
            if forward.navigation.page_script_hash:
                self.page_script_hash = forward.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = forward.page_info_changed.query_string
        elif kind == "page_not_found":
            run.exceptions.append(f"page not found: {forward.page_not_found.page_name!r}")
        elif kind == "session_event" and forward.session_event.HasField("script_compilation_exception"):
            run.exceptions.append(forward.session_event.script_compilation_exception.message)
        elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            element = forward.delta.new_element
            element_kind = element.WhichOneof("type") or ""
            run.elements += 1
            inner = getattr(element, element_kind, None)
            if element_kind == "exception":
                run.raised.append(element.exception)
                run.exceptions.append(f"{element.exception.type}: {element.exception.message}"[:500])
            elif inner is not None and getattr(inner, "id", "").startswith("$$ID-"):
                path = forward.metadata.delta_path
                widget = Widget(
                    id=inner.id,
                    kind=element_kind,
                    options=_options(element_kind, inner),
                    in_sidebar=bool(path) and path[0] == SIDEBAR,
                )
                if widget.key is not None:
                    run.widgets[widget.key] = widget
