"""A broken dataset becomes an error card on the charts that use it; everything else keeps working.
The app never writes into data/."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from industrial_base.package import DEFAULT_DATA_DIR
from industrial_base.registry import EVERY, Page
from test_pages import PAGE_IDS, PAGES, every_view, texts
from test_validation import rewrite


@pytest.fixture
def broken_wdi(app_data: Path) -> Path:
    """A copy of data/ whose World Bank US$ table has a text value on line 3; the app is pointed at it."""
    rewrite(app_data, "wdi_mva_usd", lambda rows: rows[2].__setitem__(rows[0].index("value"), "lots"))
    return app_data


def test_broken_dataset_shows_error_card_and_the_rest_of_the_page_works(broken_wdi: Path) -> None:
    """The views built from the broken table show its error card; the others draw as usual."""
    pages = dict(every_view("value_added.py"))
    for view, at in pages.items():
        assert not at.exception, (view, [e.message for e in at.exception])
    errors = {view: " ".join(e.value for e in at.error) for view, at in pages.items()}
    assert not errors["mva"] and not errors["share_gdp"]  # the CNY and share-of-GDP cards do not use it
    for view in ("world_share", "comparison"):
        assert "wdi_mva_usd" in errors[view] and "failed validation" in errors[view], view
        issue_tables = [df.value for df in pages[view].dataframe if "rule" in df.value.columns]
        assert issue_tables, f"the error card of {view} lists the issues"
        first = issue_tables[0].iloc[0]
        assert first["file"].endswith("wdi_mva_usd.csv")
        assert (first["line"], first["column"], first["value"]) == (3, "value", "lots")
    assert "China manufacturing value added" in texts(pages["mva"])
    assert "Manufacturing as a share of China's GDP" in texts(pages["share_gdp"])


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_views_that_do_not_read_it_are_unaffected(broken_wdi: Path, page: Page) -> None:
    """Only a view that reads the broken table (or reports on every dataset) shows an error."""
    for view, at in every_view(page):
        assert not at.exception, view
        reads = page.view(view).reads
        if "wdi_mva_usd" not in reads and EVERY not in reads:
            assert not at.error, (view, [e.value for e in at.error])


def digest(folder: Path) -> dict[str, tuple[str, float]]:
    return {
        str(path.relative_to(folder)): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_the_app_never_writes_into_data() -> None:
    before = digest(DEFAULT_DATA_DIR)
    for page in PAGES:
        for _ in every_view(page, {"sector": "nev"}):
            pass
    assert digest(DEFAULT_DATA_DIR) == before


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_every_page_survives_a_broken_sector_list(app_data: Path, page: Page) -> None:
    """The sector list feeds the sidebar and every sector chart: a broken one becomes error cards only."""
    rewrite(app_data, "sectors", lambda rows: rows[1].__setitem__(rows[0].index("sort_order"), "first"))
    for view, at in every_view(page):
        assert not at.exception, (view, [e.message for e in at.exception])
        assert any("sector" in e.value for e in at.error), (view, [e.value for e in at.error])
