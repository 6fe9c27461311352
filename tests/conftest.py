"""Fixtures shared by the in-process tests: copies of data/ to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard.state import DATA_DIR_ENV
from industrial_base.package import DEFAULT_DATA_DIR


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
