"""AppTest: every page runs without an exception and shows its key elements; URL state seeds the widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP_DIR = Path(__file__).resolve().parents[1] / "app"
ENTRYPOINT = str(APP_DIR / "streamlit_app.py")
PAGES = sorted(p.name for p in (APP_DIR / "app_pages").glob("*.py"))


def open_page(page: str, query: dict[str, str | list[str]] | None = None) -> AppTest:
    """Run the entrypoint (navigation + sidebar), then the page, as a browser visit would."""
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"app_pages/{page}")
    at.run()
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in at.info] + [e.value for e in at.warning] + [e.value for e in at.error]
    parts += [h.value for h in at.title] + [h.value for h in at.header] + [h.value for h in at.subheader]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception(page: str) -> None:
    at = open_page(page)
    assert not at.exception, [e.message for e in at.exception]
    assert at.title, f"{page} has no title"
    assert not at.error, [e.value for e in at.error]


def test_all_pages_are_found() -> None:
    assert {
        "overview.py",
        "value_added.py",
        "key_products.py",
        "little_giants.py",
        "clusters.py",
        "sources.py",
    } <= set(PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_sector_filter_url_seeds_sidebar(page: str) -> None:
    at = open_page(page, {"sector": ["nev", "materials"]})
    assert not at.exception
    assert sorted(at.multiselect(key="sector").value) == ["materials", "nev"]


@pytest.mark.parametrize("page", PAGES)
def test_unknown_url_values_are_ignored_with_a_notice(page: str) -> None:
    at = open_page(page, {"sector": ["nev", "<script>alert(1)</script>"]})
    assert not at.exception
    assert at.multiselect(key="sector").value == ["nev"]
    assert any("Ignored part of the link" in w.value for w in at.warning)
