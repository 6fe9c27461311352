"""The data API (`app/data_api/`), in process, through the same ASGI app the server runs for `/api`.

Routes against `data/` byte for byte, every error, ETag / 304 / HEAD / gzip / CORS, path traversal and
hostile names, Hypothesis fuzzing of paths and query strings (never a 5xx), a dataset that failed
validation, each resource's own licence, a package that cannot be read, the bounded cache, the view routes
through the extension point with a real chart, and nothing written to `data/`.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urljoin

import plotly.graph_objects as go
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from data_api.api import MAX_URL, ApiFirst, DataApi
from data_api.datasets import Snapshot
from data_api.embed import PLOTLY_JS, PLOTLY_JS_FILE
from data_api.responses import Built, ResponseCache, accepts_gzip, matches
from data_api.views import EMBEDS, view_routes
from declared import values
from industrial_base import site
from industrial_base.geo import BOUNDARIES, PROVINCE_BOUNDARIES_URL
from industrial_base.i18n import Messages
from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR
from industrial_base.pages import value_added as va
from industrial_base.provenance import to_safe_csv

DATA = DEFAULT_DATA_DIR
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}
FIRST_YEAR, LAST_YEAR = 2012, 2024


VIEWS = view_routes(site.PAGES)
"""Every chart view of the registries, as the server serves them."""
SHARE_OF_GDP = va.PAGE.view("share_gdp").chart


DRAWN: list[str] = []


def fake_draw(figure: go.Figure, fmt: str) -> bytes:
    """Stands in for kaleido: records the footer of the composed picture (its provenance and link)."""
    DRAWN.append(figure.layout.annotations[-1].text)
    return b"\x89PNG fake" if fmt == "png" else b"<svg>fake</svg>"


def started(data_dir: Path, **kwargs: object) -> DataApi:
    api = DataApi(load=lambda: load_package(data_dir), **kwargs)  # type: ignore[arg-type]
    api.start()
    return api


@pytest.fixture(scope="module")
def api() -> DataApi:
    return started(DATA, views=VIEWS, draw=fake_draw)


@pytest.fixture(scope="module")
def client(api: DataApi) -> TestClient:
    return TestClient(api)


def raw_get(app: object, raw_path: bytes, query: bytes = b"", method: str = "GET") -> tuple[int, dict, bytes]:
    """One request straight into the ASGI app, its path as uvicorn decodes it (percent-decoded `path`, the
    bytes in `raw_path`): what a client that does not normalise `..` sends."""
    messages: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        messages.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": unquote(raw_path.decode("latin-1"), encoding="latin-1"),
        "raw_path": raw_path,
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 50000),
    }
    asyncio.run(app(scope, receive, send))  # type: ignore[operator]
    start = next(m for m in messages if m["type"] == "http.response.start")
    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return start["status"], headers, body


# Datasets -----------------------------------------------------------------------------------------------


def test_every_dataset_is_served_byte_for_byte(client: TestClient) -> None:
    catalogue = client.get("/api/v1/datasets").json()
    assert [d["name"] for d in catalogue["datasets"]] == list(RESOURCES)
    for entry in catalogue["datasets"]:
        resource = RESOURCES[entry["name"]]
        expected = (DATA / resource["path"]).read_bytes()
        response = client.get(entry["urls"]["data"], headers={"Accept-Encoding": "identity"})
        assert response.status_code == 200, entry["name"]
        assert response.content == expected, entry["name"]
        assert response.headers["content-type"].startswith(resource["mediatype"])
        filename = entry["urls"]["data"].rsplit("/", 1)[1]
        assert response.headers["content-disposition"] == f'attachment; filename="{filename}"'
        assert entry["sha256"] == hashlib.sha256(expected).hexdigest()
        assert entry["bytes"] == len(expected)


def test_the_catalogue_lists_titles_licences_rows_and_access_dates(client: TestClient) -> None:
    package = load_package(DATA)
    catalogue = client.get("/api/v1/datasets").json()
    for entry in catalogue["datasets"]:
        resource = RESOURCES[entry["name"]]
        assert entry["title"] == resource["title"] and entry["title_zh"] == resource["title_zh"]
        assert entry["licenses"] == resource["licenses"]
        assert entry["rows"] == len(package.tables[entry["name"]].frame)
        assert entry["validation"] == "passed" and entry["problems"] == 0
    by_name = {d["name"]: d for d in catalogue["datasets"]}
    assert by_name["wdi_mva_usd"]["accessed"], "a World Bank table has its retrieval dates"
    assert by_name["lg_batches"]["accessed"] == []
    assert by_name["china_provinces"]["licenses"][0]["name"] == "Apache-2.0"
    assert catalogue["package"]["sha256"] == Snapshot.take(package).digest


def test_metadata_carries_the_schema_provenance_and_own_licence(client: TestClient) -> None:
    response = client.get("/api/v1/datasets/lg_batches.metadata.json")
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    metadata = response.json()
    assert metadata["dataset"]["schema"] == RESOURCES["lg_batches"]["schema"]
    assert metadata["dataset"]["sources"] == RESOURCES["lg_batches"]["sources"]
    assert metadata["licenses"] == RESOURCES["lg_batches"]["licenses"]
    assert metadata["validation"] == {"status": "passed", "issues": []}
    assert metadata["file"]["sha256"] == hashlib.sha256((DATA / "lg_batches.csv").read_bytes()).hexdigest()
    assert client.get("/api/v1/datasets/china_provinces.metadata.json").json()["licenses"][0]["name"] == (
        "Apache-2.0"
    )


def test_descriptor_and_zip(client: TestClient) -> None:
    descriptor = client.get("/api/v1/datapackage.json", headers={"Accept-Encoding": "identity"})
    assert descriptor.content == (DATA / "datapackage.json").read_bytes()
    response = client.get("/api/v1/datapackage.zip")
    assert response.headers["content-type"] == "application/zip"
    assert (
        response.headers["content-disposition"] == 'attachment; filename="industrial-base-monitor-0.1.0.zip"'
    )
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.testzip() is None
        for resource in RESOURCES.values():
            assert archive.read(resource["path"]) == (DATA / resource["path"]).read_bytes()
        assert archive.read("datapackage.json") == (DATA / "datapackage.json").read_bytes()


# HTTP ---------------------------------------------------------------------------------------------------


def test_etag_304_head_and_caching_headers(client: TestClient) -> None:
    url = "/api/v1/datasets/lg_batches.csv"
    first = client.get(url)
    etag = first.headers["etag"]
    assert etag.startswith('W/"') and first.headers["cache-control"] == "public, max-age=300"
    assert first.headers["access-control-allow-origin"] == "*"
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert again.headers["access-control-allow-origin"] == "*"
    assert (
        client.get(url, headers={"If-None-Match": f'"other", {etag.removeprefix("W/")}'}).status_code == 304
    )
    assert client.get(url, headers={"If-None-Match": "*"}).status_code == 304
    assert client.get(url, headers={"If-None-Match": 'W/"stale"'}).status_code == 200
    head = client.head(url, headers={"Accept-Encoding": "identity"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str((DATA / "lg_batches.csv").stat().st_size)
    assert head.headers["etag"] == etag
    etags = {client.get(u).headers["etag"] for u in ("/api/v1/datasets", url, "/api/v1/datapackage.zip")}
    assert len(etags) == 3


def test_gzip_is_sent_when_accepted(client: TestClient) -> None:
    url = "/api/v1/datasets/wdi_vintages.csv"
    raw = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert raw.headers["content-encoding"] == "gzip" and raw.headers["vary"] == "Accept-Encoding"
    assert raw.content == (DATA / "wdi_vintages.csv").read_bytes()  # httpx decodes it
    assert int(raw.headers["content-length"]) < (DATA / "wdi_vintages.csv").stat().st_size / 3
    plain = client.get(url, headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "content-encoding" not in plain.headers and plain.headers["vary"] == "Accept-Encoding"
    assert accepts_gzip("br, gzip;q=0.5") and accepts_gzip("*") and not accepts_gzip("br, gzip;q=0")
    assert matches('W/"a", "b"', '"b"') and not matches('"a"', 'W/"b"')


@pytest.mark.parametrize(
    ("url", "status", "field"),
    [
        ("/api/v1/datasets/no_such_thing.csv", 404, "dataset"),
        ("/api/v1/datasets/lg_batches.json", 404, "dataset"),
        ("/api/v1/datasets/lg_batches", 404, "dataset"),
        ("/api/v1/typo", 404, "path"),
        ("/api/v2/datasets", 404, "path"),
        ("/api", 404, "path"),
        ("/api/", 404, "path"),
        ("/api/v1/datasets/lg_batches.csv/extra", 404, "path"),
        ("/api/v1/assets/plotly-0.0.0.min.js", 404, "path"),
        ("/api/v1/views/little-giants/nope.csv", 404, "path"),
        ("/api/v1/views/little-giants/batches.xlsx", 404, "path"),
        ("/api/v1/embed/nowhere/batches", 404, "path"),
        ("/api/v1/datasets/lg_batches.csv?download=1", 400, "parameter"),
        ("/api/v1/datasets?lang=zh", 400, "parameter"),
    ],
)
def test_errors_are_json_naming_what_was_wrong(client: TestClient, url: str, status: int, field: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["access-control-allow-origin"] == "*"
    body = response.json()
    assert body["status"] == status and body["error"] and body[field]


def test_methods_preflight_and_long_urls(client: TestClient) -> None:
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        response = client.request(method, "/api/v1/datasets")
        assert response.status_code == 405 and response.json()["allowed"] == ["GET", "HEAD"]
        assert response.headers["allow"] == "GET, HEAD, OPTIONS"
    preflight = client.options("/api/v1/datasets/lg_batches.csv")
    assert preflight.status_code == 204 and preflight.headers["access-control-allow-origin"] == "*"
    assert "If-None-Match" in preflight.headers["access-control-allow-headers"]
    long = client.get("/api/v1/datasets/lg_batches.csv?" + "x" * MAX_URL)
    assert long.status_code == 414 and long.json()["limit_bytes"] == MAX_URL


TRAVERSALS = [
    b"/api/v1/datasets/../datapackage.json",
    b"/api/v1/datasets/%2e%2e%2fdatapackage.json",
    b"/api/v1/datasets/%2e%2e%2f%2e%2e%2fpyproject.toml",
    b"/api/v1/datasets/..%2F..%2F..%2Fetc%2Fpasswd",
    b"/api/v1/datasets/%2Fetc%2Fpasswd",
    b"/api/v1/datasets//etc/passwd",
    b"/api/v1/datasets/..%5C..%5Cpyproject.toml",
    b"/api/v1/datasets/lg_batches.csv%00.metadata.json",
    b"/api/v1/datasets/%00",
    b"/api/v1/datasets/geo%2Fchina_provinces.geojson",
    b"/api/v1/datasets/geo/china_provinces.geojson",
    b"/api/v1/datasets/README.md",
    b"/api/v1/datasets/" + b"a" * 3000 + b".csv",
    b"/api/v1/datasets/%252e%252e%252fdatapackage.json",
    b"/api/v1/assets/..%2F..%2Fplotly.min.js",
    b"/api/v1/views/..%2F..%2Fdata/lg_batches.csv",
    b"/api/v1/embed/%2e%2e/%2e%2e",
    b"/api/../data/lg_batches.csv",
]


@pytest.mark.parametrize("raw_path", TRAVERSALS, ids=lambda p: p.decode()[:60])
def test_no_request_reaches_a_file_outside_the_package(api: DataApi, raw_path: bytes) -> None:
    status, headers, body = raw_get(api, raw_path)
    assert status == 404, (status, body[:200])
    assert headers["content-type"] == "application/json"
    assert b"root:" not in body and b"[project]" not in body and b"resources" not in body
    assert len(body) < 2000  # the name is quoted cut short, never echoed whole


def test_a_hostile_query_string_gets_a_400(api: DataApi) -> None:
    for query in (b"%00=1", b"a=%ff%fe", b"=", b"x" * 3000, b"years=2015&years=../../etc"):
        status, _, body = raw_get(api, b"/api/v1/datasets/lg_batches.csv", query)
        assert status in (400, 414), (query, status)
        assert json.loads(body)["status"] == status


SEGMENT = st.one_of(
    st.sampled_from(["api", "v1", "datasets", "views", "embed", "assets", "..", ".", "", "lg_batches.csv",
                     "lg_batches.metadata.json", "%2e%2e", "%2F", "%00", "value-added", "share_gdp.csv",
                     "datapackage.json", "datapackage.zip", "little-giants", "batches", "share_gdp.png"]),
    st.text(min_size=0, max_size=40),
)  # fmt: skip
QUERY = st.lists(
    st.tuples(
        st.sampled_from(["years", "lang", "sector", "units", "view", "x"]) | st.text(max_size=12),
        st.sampled_from(["2015", "2021", "zh", "en", "nev", "", "9999", "²"]) | st.text(max_size=30),
    ),
    max_size=6,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(segments=st.lists(SEGMENT, min_size=1, max_size=6), query=QUERY, api_prefix=st.booleans())
def test_fuzzed_paths_and_queries_never_get_a_5xx(
    api: DataApi, segments: list[str], query: list[tuple[str, str]], api_prefix: bool
) -> None:
    path = "/" + "/".join(segments)
    if api_prefix:
        path = "/api/v1" + path
    if not api.owns(unquote(path)):
        return
    raw_path = path.encode("utf-8", "surrogatepass")
    raw_query = "&".join(f"{k}={v}" for k, v in query).encode("utf-8", "surrogatepass")
    status, _, body = raw_get(api, raw_path, raw_query)
    assert status < 500, (path, query, body[:300])
    if status >= 400:
        assert json.loads(body)["status"] == status


# Broken and changed data --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def broken_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of data/ with lg_cities.csv not UTF-8 and sector_map under a non-commercial licence."""
    copy = tmp_path_factory.mktemp("broken") / "data"
    shutil.copytree(DATA, copy)
    cities = copy / "lg_cities.csv"
    lines = cities.read_bytes().split(b"\n")
    lines[2] = b"\xff\xfe" + lines[2]
    cities.write_bytes(b"\n".join(lines))
    descriptor = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == "sector_map":
            resource["licenses"] = [
                {"name": "CC-BY-NC-4.0", "path": "https://creativecommons.org/licenses/by-nc/4.0/"}
            ]
    (copy / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), "utf-8")
    return copy


def test_a_dataset_that_failed_validation_is_refused_with_its_problems(broken_copy: Path) -> None:
    client = TestClient(started(broken_copy))
    refused = client.get("/api/v1/datasets/lg_cities.csv")
    assert refused.status_code == 409
    problem = refused.json()["issues"][0]
    assert problem["file"].endswith("lg_cities.csv") and problem["line"] == 3 and problem["rule"] == "utf-8"
    metadata = client.get("/api/v1/datasets/lg_cities.metadata.json")
    assert metadata.status_code == 200 and metadata.headers["x-validation"] == "failed"
    assert metadata.json()["validation"]["status"] == "failed"
    entry = next(d for d in client.get("/api/v1/datasets").json()["datasets"] if d["name"] == "lg_cities")
    assert entry["validation"] == "failed" and entry["problems"] >= 1 and entry["rows"] is None
    assert client.get("/api/v1/datasets/lg_batches.csv").status_code == 200  # the others are served
    with zipfile.ZipFile(io.BytesIO(client.get("/api/v1/datapackage.zip").content)) as archive:
        assert archive.read("lg_cities.csv") == (broken_copy / "lg_cities.csv").read_bytes()


def test_each_resource_carries_its_own_licence(broken_copy: Path) -> None:
    nc = "CC-BY-NC-4.0"
    client = TestClient(started(broken_copy))
    catalogue = client.get("/api/v1/datasets").json()
    licences = {d["name"]: [lic["name"] for lic in d["licenses"]] for d in catalogue["datasets"]}
    assert licences["sector_map"] == [nc] and nc not in licences["sectors"]
    metadata = client.get("/api/v1/datasets/sector_map.metadata.json").json()
    assert [lic["name"] for lic in metadata["licenses"]] == [nc]
    assert nc not in {lic["name"] for lic in metadata["package"]["licenses"]}  # not the package's
    with zipfile.ZipFile(io.BytesIO(client.get("/api/v1/datapackage.zip").content)) as archive:
        inside = json.loads(archive.read("datapackage.json"))
    zipped = {r["name"]: r["licenses"][0]["name"] for r in inside["resources"]}
    assert zipped["sector_map"] == nc and zipped["sectors"] != nc


def test_a_data_update_takes_effect_on_restart_with_new_etags(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    running = started(copy)
    client = TestClient(running)
    before = client.get("/api/v1/datasets/lg_batches.csv")
    catalogue_etag = client.get("/api/v1/datasets").headers["etag"]
    path = copy / "lg_batches.csv"
    path.write_bytes(path.read_bytes().replace(b"MIIT", b"MIIT ", 1))
    client = TestClient(running)  # still the snapshot taken at start
    assert client.get("/api/v1/datasets/lg_batches.csv").content == before.content
    client = TestClient(started(copy))  # a restart
    after = client.get("/api/v1/datasets/lg_batches.csv")
    assert after.content == path.read_bytes() != before.content
    assert after.headers["etag"] != before.headers["etag"]
    assert client.get("/api/v1/datasets").headers["etag"] != catalogue_etag
    assert (
        client.get(
            "/api/v1/datasets/lg_batches.csv", headers={"If-None-Match": before.headers["etag"]}
        ).status_code
        == 200
    )


def test_a_package_that_cannot_be_read_gives_503_and_the_assets_still_work(tmp_path: Path) -> None:
    (tmp_path / "datapackage.json").mkdir()  # reading the descriptor raises IsADirectoryError
    client = TestClient(started(tmp_path))
    for url in (
        "/api/v1/datasets",
        "/api/v1/datasets/lg_batches.csv",
        "/api/v1/",
        "/api/v1/datapackage.zip",
    ):
        response = client.get(url)
        assert response.status_code == 503 and str(tmp_path) not in response.text, url
    assert client.get(PLOTLY_JS).status_code == 200


# Cache, assets, the index, the server's wiring -----------------------------------------------------------


def test_the_response_cache_is_bounded() -> None:
    cache = ResponseCache(max_entries=3, max_bytes=100)
    for i in range(10):
        cache.put(i, Built(200, b"x" * 30, "text/plain", "no-store"))
    assert len(cache) == 3 and cache.bytes == 90 and cache.get(0) is None and cache.get(9) is not None
    cache.put("big", Built(200, b"x" * 101, "text/plain", "no-store"))
    assert cache.get("big") is None and cache.bytes <= 100


def test_responses_are_built_once(api: DataApi, client: TestClient) -> None:
    client.get("/api/v1/datasets/sectors.metadata.json")
    built = api.cache.get(("metadata", "sectors"))
    client.get("/api/v1/datasets/sectors.metadata.json")
    assert api.cache.get(("metadata", "sectors")) is built


def test_plotly_js_is_served_from_here_immutable_and_compressed(client: TestClient) -> None:
    response = client.get(PLOTLY_JS, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.content == PLOTLY_JS_FILE.read_bytes()
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["content-type"].startswith("application/javascript")


def test_the_index_lists_the_routes_and_views(client: TestClient) -> None:
    index = client.get("/api/v1/").json()
    paths = [route["path"] for route in index["routes"]]
    assert "/api/v1/datasets" in paths and "/api/v1/datapackage.zip" in paths and PLOTLY_JS in paths
    for route in index["routes"]:
        if "example" in route:
            assert client.get(route["example"]).status_code == 200, route
    assert {(v["page"], v["view"]) for v in index["views"]} == {r.key for r in VIEWS}
    assert client.get("/api/v1").json() == index


def test_the_middleware_sends_only_api_paths_to_the_api(api: DataApi) -> None:
    async def streamlit(scope: dict, receive: object, send: object) -> None:
        raise AssertionError("not for Streamlit")

    for path in (b"/api/v1/datasets", b"/api", b"/api/x"):
        assert raw_get(ApiFirst(streamlit, api), path)[0] in (200, 404)
    for path in ("/apiary", "/little-giants", "/", "/app/static/x"):
        assert not api.owns(path)


# Views, through the extension point ---------------------------------------------------------------------


def test_a_view_serves_its_displayed_data(api: DataApi, client: TestClient) -> None:
    package = api.snapshot.package  # type: ignore[union-attr]
    card = SHARE_OF_GDP(Messages("en"), package, years=(2015, 2021))
    response = client.get("/api/v1/views/value-added/share_gdp.csv?years=2021&years=2015")
    assert response.status_code == 200 and response.content == to_safe_csv(card.displayed)
    assert response.headers["content-disposition"] == 'attachment; filename="value_added_share_gdp.csv"'
    same = client.get("/api/v1/views/value-added/share_gdp.csv?years=2015&years=2021")
    assert same.headers["etag"] == response.headers["etag"]  # one canonical request
    assert client.get("/api/v1/views/value-added/share_gdp.csv").headers["etag"] != response.headers["etag"]
    document = client.get("/api/v1/views/value-added/share_gdp.json?years=2015&years=2021&lang=zh").json()
    assert document["language"] == "zh" and document["parameters"] == {"years": [2015, 2021]}
    assert len(document["data"]) == len(card.displayed)
    assert document["title"] == SHARE_OF_GDP(Messages("zh"), package, years=(2015, 2021)).title
    assert document["view"]["link"] == "/value-added?view=share_gdp&years=2015&years=2021&lang=zh"
    assert [d["name"] for d in document["datasets"]] == list(card.datasets)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("years=2015", "years"), ("years=1900&years=2015", "years"), ("lang=fr", "lang"),
     ("lang=zh&lang=en", "lang"), ("units=furlongs", "units"), ("colour=red", "colour"),
     ("sector=spaceships", "sector")],
)  # fmt: skip
def test_a_view_refuses_a_bad_parameter_naming_it(client: TestClient, query: str, parameter: str) -> None:
    response = client.get(f"/api/v1/views/value-added/share_gdp.csv?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == parameter and body["allowed"]


def test_a_view_picture_and_embed_page(api: DataApi, client: TestClient) -> None:
    png = client.get("/api/v1/views/little-giants/batches.png")
    assert (
        png.status_code == 200
        and png.headers["content-type"] == "image/png"
        and png.content.startswith(b"\x89PNG")
    )
    assert client.get("/api/v1/views/little-giants/batches.svg").headers["content-type"] == "image/svg+xml"
    assert DRAWN[-1].endswith("http://testserver/little-giants?view=batches")  # an absolute link
    assert "CC-BY-4.0" in DRAWN[-1]
    page = client.get("/api/v1/embed/little-giants/batches?lang=zh")
    assert page.status_code == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
    assert '<html lang="zh-Hans">' in page.text and f'src="{PLOTLY_JS}"' in page.text
    assert 'src="/api/v1/views/little-giants/batches.png?lang=zh"' in page.text
    assert 'href="/little-giants?view=batches&amp;lang=zh"' in page.text
    assert (
        page.headers["etag"]
        and client.get(
            "/api/v1/embed/little-giants/batches?lang=zh", headers={"If-None-Match": page.headers["etag"]}
        ).status_code
        == 304
    )
    without_browser = TestClient(started(DATA, views=VIEWS))
    assert without_browser.get("/api/v1/views/little-giants/batches.png").status_code == 404


@pytest.mark.parametrize("route", VIEWS, ids=lambda r: f"{r.page}-{r.view}")
def test_every_views_csv_is_the_cards_displayed_data(api: DataApi, client: TestClient, route: object) -> None:
    """Each chart view's CSV URL, with the link's defaults, gives the bytes of its card's "displayed data"
    download (the card built with the dashboard's first-visit values)."""
    package = api.snapshot.package  # type: ignore[union-attr]
    card = route.chart(Messages(), package, **values(route.chart, Messages(), package))  # type: ignore[attr-defined]
    response = client.get(f"/api/v1/views/{route.page}/{route.view}.csv")  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert response.content == to_safe_csv(card.displayed)


def test_no_request_writes_into_data(api: DataApi, client: TestClient) -> None:
    before = {p: p.read_bytes() for p in DATA.rglob("*") if p.is_file()}
    for url in (
        "/api/v1/",
        "/api/v1/datasets",
        "/api/v1/datapackage.zip",
        "/api/v1/datasets/clusters.csv",
        "/api/v1/embed/little-giants/batches",
        "/api/v1/views/value-added/share_gdp.json",
    ):
        assert client.get(url).status_code == 200, url
    assert {p: p.read_bytes() for p in DATA.rglob("*") if p.is_file()} == before


def test_the_api_never_imports_streamlit() -> None:
    """`data_api` runs and is tested without a Streamlit runtime; only the entrypoint wires it in."""
    code = (
        "import sys, data_api.api, data_api.datasets, data_api.embed, data_api.responses, data_api.tcp, "
        "data_api.views; sys.exit('streamlit' in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=DATA.parent / "app")


MAPS = [route for route in VIEWS if BOUNDARIES in route.chart.reads]
FIGURE = re.compile(r'<script type="application/json" id="figure">(.*?)</script>', re.S)


@pytest.mark.parametrize("route", MAPS, ids=lambda r: f"{r.page}-{r.view}")
def test_an_embedded_map_finds_its_boundaries(client: TestClient, route: object) -> None:
    """The maps' boundary URL is relative to a dashboard page; the embed page, deeper in the site, points
    its figure at the same file relative to itself (so it holds under a proxy's base path too)."""
    url = f"{EMBEDS}/{route.page}/{route.view}"  # type: ignore[attr-defined]
    found = FIGURE.search(client.get(url).text)
    assert found is not None
    sources = {trace["geojson"] for trace in json.loads(found.group(1))["data"] if "geojson" in trace}
    site_root = "http://testserver/"
    assert sources and {urljoin(site_root + url, s) for s in sources} == {site_root + PROVINCE_BOUNDARIES_URL}
