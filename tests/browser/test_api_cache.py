"""nginx in front of the replicas caches the data API (`tools/replicas.nginx.conf`, `location /api/`):
a second request is a HIT with the same bytes, gzip and identity are kept apart, the API's responses carry no
routing cookie (a cookie would keep them out of caches) while the dashboard's pages still do."""

from __future__ import annotations

import gzip
import os
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from bench.servers import ServerError
from tools import serve_replicas
from tools.serve_replicas import Replicas

from conftest import REPO_ROOT

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def proxy() -> Iterator[Replicas]:
    if serve_replicas.nginx_path() is None:
        message = "nginx not found: `sudo apt-get install nginx` (CI does, see .ci/run) or set NGINX_PATH"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    try:
        running = serve_replicas.start(1)
    except (ServerError, serve_replicas.ReplicasError) as error:
        pytest.fail(str(error), pytrace=False)
    yield running
    serve_replicas.stop(running)


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={k.replace("_", "-"): v for k, v in headers.items()})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def test_the_proxy_caches_the_api(proxy: Replicas) -> None:
    url = f"{proxy.url}/api/v1/datasets/lg_batches.csv"
    expected = (REPO_ROOT / "data" / "lg_batches.csv").read_bytes()
    first = get(url, Accept_Encoding="identity")
    second = get(url, Accept_Encoding="identity")
    assert first[1]["x-cache-status"] == "MISS" and second[1]["x-cache-status"] == "HIT"
    assert first[2] == second[2] == expected
    assert "set-cookie" not in first[1] and "set-cookie" not in second[1]
    zipped = [get(url, Accept_Encoding="gzip, deflate, br") for _ in range(2)]
    assert [z[1]["x-cache-status"] for z in zipped] == ["MISS", "HIT"]
    assert all(z[1]["content-encoding"] == "gzip" and gzip.decompress(z[2]) == expected for z in zipped)
    assert get(url, Accept_Encoding="gzip;q=0")[1].get("content-encoding") is None
    assert get(url, If_None_Match=first[1]["etag"])[0] == 304


def test_errors_are_not_cached_and_pages_keep_their_cookie(proxy: Replicas) -> None:
    for _ in range(2):
        status, headers, _ = get(f"{proxy.url}/api/v1/no-such-route")
        assert status == 404 and headers["x-cache-status"] == "MISS"
    status, headers, _ = get(f"{proxy.url}/little-giants")
    assert status == 200 and headers["set-cookie"].startswith("ibm_route=")
