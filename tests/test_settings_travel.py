"""The app's settings apply however the server is started, not only by ``make run`` from the checkout's root.

Streamlit reads ``.streamlit/config.toml`` from the working folder and, since it is there, from the
entrypoint's folder (``app/.streamlit/config.toml``, read last, so it wins). Two real servers: one started
from an unrelated folder with the entrypoint's absolute path (as hosting platforms and process managers
do), one from ``app/`` as ``streamlit run streamlit_app.py``. What a reader gets is checked on the wire:
the maps' boundary file is served as JSON (static serving on), and the ``new_session`` message of a session
carries the app's theme, "viewer" toolbar and disabled built-in table export; on the second server an
uncaught exception (forced with a data folder whose descriptor cannot be read) reaches the browser without
its type, message or traceback.
"""

from __future__ import annotations

import json
import tomllib
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from bench.protocol import Session, run_blocking
from bench.servers import Server, ServerError, start_server, stop_server
from streamlit.proto.NewSession_pb2 import Config, NewSession

REPO_ROOT = Path(__file__).resolve().parents[1]
APP_DIR = REPO_ROOT / "app"
SETTINGS = tomllib.loads((APP_DIR / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
BOUNDARIES = "app/static/china_provinces.geojson"


def _start(app: Path | str, cwd: Path, env: dict[str, str] | None = None) -> Server:
    try:
        return start_server(app, cwd, env=env)
    except ServerError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The dashboard started from a folder that has nothing to do with the checkout."""
    server = _start(APP_DIR / "streamlit_app.py", tmp_path_factory.mktemp("elsewhere"))
    yield server
    stop_server(server)


def _first_run(base_url: str) -> tuple[NewSession, list[str], list]:
    async def visit() -> tuple[NewSession, list[str], list]:
        async with Session(base_url, timeout_s=60) as tab:
            run = await tab.open()
            assert tab.new_session is not None and run.messages
            return tab.new_session, run.exceptions, run.raised

    return run_blocking(visit())


def _assert_app_settings(new_session: NewSession) -> None:
    theme, client = SETTINGS["theme"], SETTINGS["client"]
    assert new_session.custom_theme.primary_color == theme["primaryColor"]
    assert list(new_session.custom_theme.chart_categorical_colors) == theme["chartCategoricalColors"]
    assert new_session.config.disable_data_export is client["disableDataExport"] is True
    assert new_session.config.toolbar_mode == Config.ToolbarMode.Value(client["toolbarMode"].upper())


def test_started_from_another_folder_the_app_keeps_its_settings(elsewhere: Server) -> None:
    with urllib.request.urlopen(f"{elsewhere.base_url}/{BOUNDARIES}", timeout=10) as response:
        content_type = response.headers.get("Content-Type", "")
        body = response.read()
    assert "json" in content_type, f"{BOUNDARIES} came back as {content_type}, not the file"
    boundaries = json.loads(body)
    assert boundaries["type"] == "FeatureCollection" and len(boundaries["features"]) >= 31

    new_session, problems, _ = _first_run(elsewhere.base_url)
    assert not problems
    _assert_app_settings(new_session)


def test_started_from_the_app_folder_an_error_shows_no_details(tmp_path: Path) -> None:
    unreadable = tmp_path / "data"
    (unreadable / "datapackage.json").mkdir(parents=True)  # reading the descriptor raises IsADirectoryError
    server = _start("streamlit_app.py", APP_DIR, env={"INDUSTRIAL_BASE_DATA_DIR": str(unreadable)})
    try:
        new_session, problems, raised = _first_run(server.base_url)
    finally:
        stop_server(server)
    _assert_app_settings(new_session)
    assert SETTINGS["client"]["showErrorDetails"] == "none"
    assert raised, f"the forced error did not reach the page as an exception ({problems})"
    for element in raised:
        assert not element.type and not element.stack_trace, element
        assert "IsADirectory" not in element.message and str(unreadable) not in element.message, element
