"""The README's "Data by URL" example, run against a real server: `streamlit run app/streamlit_app.py`,
started like the browser tests start theirs (one server for this module).

It also checks on the wire that the one process serves both faces: the dashboard's pages and Streamlit's
health route as before, the API under `/api/` (a JSON 404 for an unknown path there, where Streamlit would
answer its index page), the package loaded at start, and a 304 on revalidation.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from bench.servers import Server, ServerError, start_server, stop_server

REPO_ROOT = Path(__file__).resolve().parents[1]
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
DOCUMENTED_BASE = "http://localhost:8501"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    try:
        running = start_server(Path("app/streamlit_app.py"), REPO_ROOT)
    except ServerError as error:
        pytest.fail(str(error), pytrace=False)
    yield running
    stop_server(running)


def readme_example() -> str:
    section = README.split("## Data by URL", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, "the README's Data by URL section has a python example"
    return match.group(1)


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read()


def test_the_readme_example_runs_against_a_live_server(
    server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    code = readme_example()
    assert DOCUMENTED_BASE in code
    namespace: dict[str, object] = {}
    exec(compile(code.replace(DOCUMENTED_BASE, server.base_url), "README.md", "exec"), namespace)
    pd.testing.assert_frame_equal(namespace["batches"], pd.read_csv(REPO_ROOT / "data" / "lg_batches.csv"))
    share = namespace["share"]
    assert len(share) and share["year"].between(2015, 2021).all(), "the view's data follows its link's years"
    assert "CC-BY-4.0" in capsys.readouterr().out


def test_one_process_serves_the_dashboard_and_the_api(server: Server) -> None:
    status, headers, body = get(f"{server.base_url}/little-giants?view=map")
    assert status == 200 and headers["content-type"].startswith("text/html") and b'<div id="root">' in body
    assert get(f"{server.base_url}/_stcore/health")[2] == b"ok"
    status, headers, body = get(f"{server.base_url}/api/v1/no-such-route")
    assert status == 404 and headers["content-type"] == "application/json"
    assert json.loads(body)["path"] == "/api/v1/no-such-route"
    status, _, body = get(f"{server.base_url}/api/v1/datasets")  # answered from the package loaded at start
    assert status == 200 and len(json.loads(body)["datasets"]) >= 28


def test_revalidation_and_compression_on_the_wire(server: Server) -> None:
    url = f"{server.base_url}/api/v1/datasets/wdi_vintages.csv"
    status, headers, body = get(url, {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip" and headers["vary"] == "Accept-Encoding"
    assert (
        int(headers["content-length"]) == len(body) < (REPO_ROOT / "data" / "wdi_vintages.csv").stat().st_size
    )
    assert get(url, {"If-None-Match": headers["etag"]})[0] == 304
