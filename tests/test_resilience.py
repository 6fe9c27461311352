"""A broken dataset becomes an error card on the charts that use it; everything else keeps working.
The app never writes into data/."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.state import DATA_DIR_ENV
from industrial_base.package import DEFAULT_DATA_DIR
from test_pages import PAGES, open_page, texts
from test_validation import rewrite


@pytest.fixture
def broken_wdi(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of data/ whose World Bank US$ table has a text value on line 3; the app is pointed at it."""
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    rewrite(target, "wdi_mva_usd", lambda rows: rows[2].__setitem__(rows[0].index("value"), "lots"))
    monkeypatch.setenv(DATA_DIR_ENV, str(target))
    yield target


def test_broken_dataset_shows_error_card_and_the_rest_of_the_page_works(broken_wdi: Path) -> None:
    at = open_page("value_added.py")
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "wdi_mva_usd" in errors and "failed validation" in errors
    issue_tables = [df.value for df in at.dataframe if "rule" in df.value.columns]
    assert issue_tables, "the error card lists the issues"
    first = issue_tables[0].iloc[0]
    assert first["file"].endswith("wdi_mva_usd.csv")
    assert (first["line"], first["column"], first["value"]) == (3, "value", "lots")
    shown = texts(at)
    assert "China manufacturing value added" in shown  # the CNY card does not use the broken table
    assert "Manufacturing as a share of China's GDP" in shown


@pytest.mark.parametrize("page", [p for p in PAGES if p != "value_added.py"])
def test_other_pages_are_unaffected(broken_wdi: Path, page: str) -> None:
    at = open_page(page)
    assert not at.exception
    if page not in {"sources.py", "overview.py", "fact_check.py"}:  # these report on every dataset
        assert not at.error, [e.value for e in at.error]


def digest(folder: Path) -> dict[str, tuple[str, float]]:
    return {
        str(path.relative_to(folder)): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_the_app_never_writes_into_data() -> None:
    before = digest(DEFAULT_DATA_DIR)
    for page in PAGES:
        open_page(page, {"sector": "nev"})
    assert digest(DEFAULT_DATA_DIR) == before


@pytest.mark.parametrize("page", PAGES)
def test_every_page_survives_a_broken_sector_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    """The sector list feeds the sidebar and every sector chart: a broken one becomes error cards only."""
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    rewrite(target, "sectors", lambda rows: rows[1].__setitem__(rows[0].index("sort_order"), "first"))
    monkeypatch.setenv(DATA_DIR_ENV, str(target))
    at = open_page(page)
    assert not at.exception, [e.message for e in at.exception]
    assert any("sector" in e.value for e in at.error), [e.value for e in at.error]
