"""Fixtures shared by the in-process tests: the app's settings, copies of data/ to break."""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit import config

from dashboard.state import DATA_DIR_ENV
from industrial_base.package import DEFAULT_DATA_DIR

APP_SETTINGS = Path(__file__).resolve().parents[1] / "app" / ".streamlit" / "config.toml"


@pytest.fixture(autouse=True, scope="session")
def app_settings() -> Iterator[None]:
    """AppTest reads no script-level config file, where the app keeps its settings (a server reads it however
    it is started): set them here, so pages run in-process as they do served (static serving on, say)."""
    settings = tomllib.loads(APP_SETTINGS.read_text(encoding="utf-8"))
    before = {}
    for section, options in settings.items():
        for name, value in options.items():
            key = f"{section}.{name}"
            before[key] = config.get_option(key)
            config.set_option(key, value)
    yield
    for key, value in before.items():
        config.set_option(key, value)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ for a test to break as it needs."""
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


@pytest.fixture
def app_data(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of data/ that the app reads instead of the shipped one (the test breaks it before opening)."""
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    return data_copy
