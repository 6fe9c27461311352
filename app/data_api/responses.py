"""HTTP responses built once and served many times: body (and its gzip), weak ETag, caching headers, CORS.

A `Built` response holds everything that does not depend on the request; `send(request, built)` picks the
encoding, answers `304 Not Modified` to a matching `If-None-Match`, and leaves the body out of a HEAD. The
`ResponseCache` keeps built responses in a bounded LRU, so a route does its work (reading the package,
writing JSON, compressing) once per distinct response for the life of the process.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

MAX_AGE_S = 300
"""How long a browser or a shared cache may reuse a data response without asking again. The URLs are not
versioned by content (the same URL serves the new data after an update and a restart), so this bounds how
long anyone can see the old data after an update: five minutes. After that a cache revalidates with
`If-None-Match` and, while the data are unchanged, gets a `304` of a few hundred bytes."""
DATA_CACHE = f"public, max-age={MAX_AGE_S}"
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"
"""For URLs that name their content's version (`/assets/plotly-<version>.min.js`): never revalidated."""
ERROR_CACHE = "no-store"
"""Errors are not kept: they are cheap to answer, and a name missing today may exist after an update."""
GZIP_MIN_BYTES = 1000
"""Smaller bodies go out as they are (Streamlit's own gzip layer leaves them alone too)."""
COMPRESSIBLE = ("text/", "application/json", "application/geo+json", "application/javascript", "image/svg")
CORS = (
    ("access-control-allow-origin", "*"),
    ("access-control-expose-headers", "ETag, Content-Disposition, X-Validation"),
)
"""The data are open: any site may read them from a browser."""
JSON = "application/json"


@dataclass(frozen=True)
class Built:
    """A response, ready to send any number of times."""

    status: int
    body: bytes
    media_type: str
    cache_control: str
    etag: str | None = None
    gzipped: bytes | None = None
    """The body compressed once (None when it is small or does not compress)."""
    headers: tuple[tuple[str, str], ...] = ()
    """Anything else this response carries (`Content-Disposition`, `X-Validation`)."""

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped or b"")


def etag_of(*parts: str) -> str:
    """A weak ETag from the parts that decide a response (the package's digest, the route, the parameters).

    Weak (`W/`) because the same entity goes out identity-encoded or gzipped (by us or by Streamlit's gzip
    layer, which keeps the ETag it is given): a strong ETag would have to differ per encoding."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    return f'W/"{digest}"'


def build(
    body: bytes,
    media_type: str,
    *,
    etag: str | None,
    cache_control: str = DATA_CACHE,
    status: int = 200,
    headers: Sequence[tuple[str, str]] = (),
) -> Built:
    """A response whose gzip, if it helps, is made now, once (plotly.min.js: ~0.3 s a time)."""
    gzipped = None
    if len(body) >= GZIP_MIN_BYTES and media_type.startswith(COMPRESSIBLE):
        gzipped = gzip.compress(body, compresslevel=6, mtime=0)
        if len(gzipped) >= len(body):
            gzipped = None
    return Built(status, body, media_type, cache_control, etag, gzipped, tuple(headers))


def json_bytes(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def build_json(document: Any, *, etag: str | None, headers: Sequence[tuple[str, str]] = ()) -> Built:
    return build(json_bytes(document), JSON, etag=etag, headers=headers)


def shown(value: str, limit: int = 120) -> str:
    """A value from the request as an error may quote it: cut to `limit` characters."""
    return value if len(value) <= limit else value[:limit] + "…"


def error(status: int, message: str, **details: Any) -> Built:
    """An error as JSON: `{"status": 404, "error": "...", ...details}` (never cached)."""
    document = {"status": status, "error": message, **details}
    return build(json_bytes(document), JSON, etag=None, cache_control=ERROR_CACHE, status=status)


def accepts_gzip(header: str) -> bool:
    """Whether an `Accept-Encoding` value allows gzip (`gzip`, or `*`, with a q-value above zero)."""
    for item in header.split(","):
        coding, _, params = item.strip().partition(";")
        if coding.strip().lower() in ("gzip", "*"):
            quality = params.strip().lower()
            if quality.startswith("q="):
                try:
                    return float(quality[2:]) > 0
                except ValueError:
                    return False
            return True
    return False


def matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110 weak comparison of `If-None-Match` against our ETag (`*` matches any)."""
    if if_none_match.strip() == "*":
        return True
    ours = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == ours for tag in if_none_match.split(","))


def send(request: Request, built: Built) -> Response:
    """The response to this request: 304 when the client holds it already, gzip when accepted, no body for
    HEAD (its headers say what a GET would send)."""
    headers = dict(CORS)
    headers["cache-control"] = built.cache_control
    if built.etag:
        headers["etag"] = built.etag
    if built.gzipped is not None:
        headers["vary"] = "Accept-Encoding"
    if built.etag and matches(request.headers.get("if-none-match", ""), built.etag):
        return Response(status_code=304, headers=headers)
    headers.update(built.headers)
    body = built.body
    if built.gzipped is not None and accepts_gzip(request.headers.get("accept-encoding", "")):
        body = built.gzipped
        headers["content-encoding"] = "gzip"
    headers["content-length"] = str(len(body))
    if request.method == "HEAD":
        body = b""
    return Response(body, status_code=built.status, headers=headers, media_type=built.media_type)


def disposition(kind: str, filename: str) -> tuple[str, str]:
    """`Content-Disposition` with a file name, kept to ASCII letters, digits, `.`, `-` and `_` (resource names
    are; anything else becomes `_`, so no header can be broken by a name)."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", filename)
    return ("content-disposition", f'{kind}; filename="{safe}"')


class ResponseCache:
    """Built responses by key, least recently used first out, bounded in entries and in bytes.

    Shared by every request of the process (routes build in worker threads, hence the lock). A miss builds
    outside the lock; two requests missing the same key at once may both build it, and the second result
    simply replaces the first (they are equal)."""

    def __init__(self, max_entries: int = 512, max_bytes: int = 64 * 2**20) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, Built] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Built | None:
        with self._lock:
            built = self._entries.get(key)
            if built is not None:
                self._entries.move_to_end(key)
            return built

    def put(self, key: Hashable, built: Built) -> Built:
        with self._lock:
            previous = self._entries.pop(key, None)
            if previous is not None:
                self._bytes -= previous.size
            if built.size <= self.max_bytes:
                self._entries[key] = built
                self._bytes += built.size
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= dropped.size
        return built

    def get_or_build(self, key: Hashable, make: Callable[[], Built]) -> Built:
        """The cached response, or `make()`'s, kept (in the caller's thread: call it off the event loop)."""
        found = self.get(key)
        return found if found is not None else self.put(key, make())

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes(self) -> int:
        return self._bytes


def query_pairs(request: Request) -> Mapping[str, list[str]]:
    """The query string as name -> every value given, in order."""
    pairs: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        pairs.setdefault(name, []).append(value)
    return pairs
