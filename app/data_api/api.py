"""The read-only data API: one ASGI app that answers every request under `/api`, beside the dashboard.

`DataApi(load, views=..., draw=...)`: `load` returns the validated data package (the dashboard's own, so
the process holds it once); `start()` loads it and takes the snapshot the responses are built from (the
lifespan calls it, so the first visitor does not wait). Requests under `/api` pass a gate first: GET and HEAD
only (OPTIONS answers a CORS preflight, anything else 405), URLs of at most `MAX_URL` bytes (414); then the
routes. Every answer is JSON or the file asked for, with CORS `*`; unknown paths under `/api` get a JSON 404
(Streamlit would answer any unknown path with its index page and 200).

`ApiFirst` is how the server reaches it: a middleware that hands `/api` requests to the API before any of
Streamlit's own middleware and routes (Streamlit's gzip layer would compress again per request what is
compressed once here, and add a second `Vary`), and everything else to Streamlit untouched.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator, Callable, Hashable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from data_api import datasets, embed, tcp
from data_api.datasets import API, DATASETS, PACKAGE_ZIP, Snapshot
from data_api.responses import (
    CORS,
    IMMUTABLE_CACHE,
    Built,
    ResponseCache,
    build,
    build_json,
    error,
    etag_of,
    query_pairs,
    send,
    shown,
)
from data_api.views import EMBED, EMBEDS, FORMATS, VIEWS, Draw, ViewRoute, respond, validate
from industrial_base.package import DESCRIPTOR, DataPackage

PREFIX = "/api"
MAX_URL = 4096
"""Bytes of path and query string a request may have (the longest real one is a few hundred)."""
METHODS = ("GET", "HEAD")
LOG = logging.getLogger(__name__)


class DataApi:
    """The data API: an ASGI app for the `/api` prefix (see `routes()` for how it is mounted)."""

    def __init__(
        self,
        load: Callable[[], DataPackage],
        *,
        views: Sequence[ViewRoute] = (),
        draw: Draw | None = None,
        cache: ResponseCache | None = None,
    ) -> None:
        self._load = load
        self._views = {route.key: route for route in views}
        self._draw = draw
        self.cache = cache or ResponseCache()
        self.snapshot: Snapshot | None = None
        self._router = Router(
            routes=[
                Route(API, self._index),
                Route(f"{API}/", self._index),
                Route(DATASETS, self._catalogue),
                Route(DATASETS + "/{file}", self._dataset),
                Route(f"{API}/{DESCRIPTOR}", self._descriptor),
                Route(PACKAGE_ZIP, self._zip),
                Route(f"{API}/assets/{{file}}", self._asset),
                Route(VIEWS + "/{page}/{file}", self._view),
                Route(EMBEDS + "/{page}/{view}", self._embed),
            ],
            default=self._not_found,
            redirect_slashes=False,
        )

    def start(self) -> None:
        """Load and validate the package and snapshot its files, once. A package that cannot be read at all
        is logged, and the data routes answer 503 until a restart (the dashboard shows the same failure)."""
        try:
            self.snapshot = Snapshot.take(self._load())
        except Exception:  # any failure to read the package; it is logged, never sent to a client
            LOG.exception("the data API could not load the data package; its data routes answer 503")

    def owns(self, path: str) -> bool:
        """Whether a request path is the API's: `/api` and everything under it."""
        return path == PREFIX or path.startswith(PREFIX + "/")

    async def __call__(self, scope: Scope, receive: Receive, send_: Send) -> None:
        if scope["type"] != "http":  # a WebSocket under /api: nothing here speaks it
            await send_({"type": "websocket.close", "code": 1000})
            return
        method = scope["method"]
        url_bytes = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b""))
        response: Response | None = None
        if method == "OPTIONS":
            response = Response(
                status_code=204,
                headers={
                    **dict(CORS),
                    "access-control-allow-methods": "GET, HEAD, OPTIONS",
                    "access-control-allow-headers": "If-None-Match",
                    "access-control-max-age": "86400",
                },
            )
        elif method not in METHODS:
            built = error(
                405, "method not allowed: this API only reads", method=shown(method), allowed=METHODS
            )
            response = _plain(built, {"allow": "GET, HEAD, OPTIONS"})
        elif url_bytes > MAX_URL:
            response = _plain(error(414, "URL too long", limit_bytes=MAX_URL, length_bytes=url_bytes))
        if response is not None:
            await response(scope, receive, send_)
            return
        await self._router(scope, receive, send_)

    # The routes -------------------------------------------------------------------------------------------

    async def _serve(
        self, request: Request, key: tuple[Hashable, ...], make: Callable[[Snapshot], Built]
    ) -> Response:
        """A response from the cache, or built once off the event loop; 503 without a package, 400 for any
        query parameter (these routes take none)."""
        snapshot = self.snapshot
        if snapshot is None:
            return send(request, UNAVAILABLE)
        refused = _no_parameters(request)
        if refused is not None:
            return send(request, refused)
        return send(request, await self._cached(key, lambda: make(snapshot)))

    async def _cached(self, key: tuple[Hashable, ...], make: Callable[[], Built]) -> Built:
        """The cached response (on the event loop: a dict lookup), or built once in a worker thread."""
        built = self.cache.get(key)
        return built if built is not None else await run_in_threadpool(self.cache.get_or_build, key, make)

    async def _index(self, request: Request) -> Response:
        return await self._serve(request, ("index",), self._index_document)

    async def _catalogue(self, request: Request) -> Response:
        return await self._serve(request, ("catalogue",), datasets.catalogue)

    async def _descriptor(self, request: Request) -> Response:
        return await self._serve(request, (DESCRIPTOR,), datasets.descriptor)

    async def _zip(self, request: Request) -> Response:
        return await self._serve(request, ("zip",), datasets.package_zip)

    async def _dataset(self, request: Request) -> Response:
        snapshot = self.snapshot
        if snapshot is None:
            return send(request, UNAVAILABLE)
        found = datasets.resolve(snapshot, request.path_params["file"])
        if isinstance(found, Built):
            return send(request, found)
        kind, resource = found
        make = datasets.metadata if kind == "metadata" else datasets.data_file
        return await self._serve(request, (kind, resource["name"]), lambda s: make(s, resource))

    async def _asset(self, request: Request) -> Response:
        if request.path_params["file"] != embed.PLOTLY_JS_NAME:
            return send(
                request, _missing("no such asset", request, hint=f"plotly.js is at {embed.PLOTLY_JS}")
            )
        refused = _no_parameters(request)
        if refused is not None:
            return send(request, refused)
        return send(request, await self._cached(("asset", embed.PLOTLY_JS_NAME), _plotly_js))

    async def _view(self, request: Request) -> Response:
        view, dot, fmt = request.path_params["file"].rpartition(".")
        return await self._view_response(request, request.path_params["page"], view, fmt if dot else "")

    async def _embed(self, request: Request) -> Response:
        return await self._view_response(
            request, request.path_params["page"], request.path_params["view"], EMBED
        )

    async def _view_response(self, request: Request, page: str, view: str, fmt: str) -> Response:
        route = self._views.get((page, view))
        if route is None or (fmt not in FORMATS and fmt != EMBED):
            return send(
                request, _missing("no such view", request, hint=f"the index at {API}/ lists the views")
            )
        snapshot = self.snapshot
        if snapshot is None:
            return send(request, UNAVAILABLE)
        checked = validate(
            route, fmt, query_pairs(request), str(request.base_url).rstrip("/"), snapshot.package
        )
        if isinstance(checked, Built):
            return send(request, checked)
        return send(
            request, await self._cached(checked.cache_key, lambda: respond(snapshot, checked, self._draw))
        )

    async def _not_found(self, scope: Scope, receive: Receive, send_: Send) -> None:
        request = Request(scope, receive)
        await send(
            request, _missing("no such route", request, hint=f"the index at {API}/ lists every route")
        )(scope, receive, send_)

    # The index ---------------------------------------------------------------------------------------------

    def _index_document(self, snapshot: Snapshot) -> Built:
        """The routes themselves, with an example of each; the datasets' own URLs are in the catalogue."""
        first = next(iter(snapshot.resources.values()), None)
        example = datasets.urls(first) if first else {"data": "", "metadata": ""}
        listed_views = [
            {
                "page": route.page,
                "view": route.view,
                "csv": f"{VIEWS}/{route.page}/{route.view}.csv",
                "embed": f"{EMBEDS}/{route.page}/{route.view}",
            }
            for route in self._views.values()
        ]
        routes = [
            (f"{API}/", "application/json", "this index"),
            (
                DATASETS,
                "application/json",
                "the catalogue: every dataset with its titles, own licences, rows, "
                "access dates, SHA-256, validation status and URLs",
                DATASETS,
            ),
            (
                f"{DATASETS}/{{name}}.{{ext}}",
                "the dataset's mediatype (text/csv, application/geo+json)",
                "a dataset's file, byte for byte as in data/ (409 with its problems if it failed validation)",
                example["data"],
            ),
            (
                f"{DATASETS}/{{name}}{datasets.METADATA_SUFFIX}",
                "application/json",
                "a dataset's Table Schema, sources, own licences, validation and file hash",
                example["metadata"],
            ),
            (f"{API}/{DESCRIPTOR}", "application/json", "the package descriptor as in data/"),
            (
                PACKAGE_ZIP,
                "application/zip",
                "the whole package: descriptor, README, every file",
            ),
            (embed.PLOTLY_JS, "application/javascript", "plotly.js for the embed pages (immutable)"),
            (
                f"{VIEWS}/{{page}}/{{view}}.{{csv,json,png,svg}}",
                "text/csv, application/json, image/png, image/svg+xml",
                "a view's data as charted, or its picture with its sources; the dashboard "
                "link's parameters (lang, sectors, years, units, ...)",
                None,
            ),
            (
                f"{EMBEDS}/{{page}}/{{view}}",
                "text/html",
                "a view as a static page for an <iframe>",
                None,
            ),
        ]
        document = {
            "api": "v1",
            "package": {
                "name": snapshot.package.descriptor.get("name"),
                "version": snapshot.package.descriptor.get("version"),
                "sha256": snapshot.digest,
            },
            "routes": [
                {
                    "path": path,
                    "type": media,
                    "description": text,
                    **({"example": ex[0]} if ex and ex[0] else {}),
                }
                for path, media, text, *ex in routes
            ],
            "views": listed_views,
            "http": {
                "methods": list(METHODS),
                "cache": "ETag (weak) from the data package's SHA-256 and the parameters; If-None-Match "
                "gives 304; Cache-Control public, max-age 300 s (the assets: immutable)",
                "errors": "JSON: 400 names the parameter and what it accepts, 404 what was not found, 409 a "
                "dataset that failed validation",
            },
        }
        return build_json(document, etag=snapshot.etag("index", *map(repr, self._views)))


class ApiFirst:
    """Middleware: requests under `/api` go to the API, everything else on to Streamlit."""

    def __init__(self, app: ASGIApp, api: DataApi) -> None:
        self.app = app
        self.api = api

    async def __call__(self, scope: Scope, receive: Receive, send_: Send) -> None:
        if scope["type"] in ("http", "websocket") and self.api.owns(scope["path"]):
            await self.api(scope, receive, send_)
        else:
            await self.app(scope, receive, send_)


UNAVAILABLE = error(503, "the data package could not be loaded when the server started; see the server's log")


def _no_parameters(request: Request) -> Built | None:
    """The 400 for a route that takes no parameter and was given one (None when it was given none)."""
    if not request.query_params:
        return None
    return error(400, "unknown parameter", parameter=shown(next(iter(request.query_params))), allowed=[])


def _missing(message: str, request: Request, **details: Any) -> Built:
    return error(404, message, path=shown(request.url.path), **details)


def _plain(built: Built, headers: dict[str, str] | None = None) -> Response:
    """An error response without a request to negotiate with (the gate's)."""
    return Response(
        built.body,
        status_code=built.status,
        media_type=built.media_type,
        headers={**dict(CORS), "cache-control": built.cache_control, **(headers or {})},
    )


def _plotly_js() -> Built:
    """plotly.js, read and compressed once; its URL names its version, so it never changes."""
    return build(
        embed.PLOTLY_JS_FILE.read_bytes(),
        "application/javascript; charset=utf-8",
        etag=etag_of("plotly.js", embed.PLOTLY_VERSION),
        cache_control=IMMUTABLE_CACHE,
    )


def lifespan(api: DataApi) -> Callable[[Any], AbstractAsyncContextManager[None]]:
    """The server's start: `TCP_NODELAY` on the listening socket (`data_api.tcp`), then the data package
    loaded, validated and snapshotted once (off the event loop), before the first request is accepted.

    Then everything alive (modules, the package) is moved out of the garbage collector's reach
    (`gc.freeze()`, as the dashboard does after its first run, `state.settle_heap`): each request makes a few
    hundred short-lived objects, and the full collections they trigger otherwise walk the whole heap, pauses
    that showed as a p99 of ~100 ms under load."""

    @asynccontextmanager
    async def run(_app: Any) -> AsyncIterator[None]:
        tcp.set_nodelay_on_listeners()
        await run_in_threadpool(api.start)
        gc.freeze()
        yield

    return run
