"""Proves the browser harness works, independently of the real dashboard.

A tiny two-page ``st.navigation`` app is written to a temp dir and served with the same
:func:`start_streamlit` the ``app_server`` fixture uses; the tests then exercise every helper.
"""

from __future__ import annotations

import re
import struct
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from conftest import (
    nav_links,
    page_errors,
    screenshot,
    start_streamlit,
    stop_streamlit,
    wait_for_app_idle,
    wait_for_plotly,
)

pytestmark = pytest.mark.browser

ENTRYPOINT = """
import streamlit as st

pg = st.navigation(
    [
        st.Page("home.py", title="Home", default=True),
        st.Page("chart.py", title="Chart", url_path="chart", icon=":material/show_chart:"),
    ]
)
pg.run()
"""

HOME = """
import streamlit as st

st.title("Self-check home")
st.write("The harness self-check app.")
"""

CHART = """
import plotly.graph_objects as go
import streamlit as st

st.title("Self-check chart")
choice = st.selectbox("Series", ["alpha", "beta", "gamma"], key="k", bind="query-params")
ys = {"alpha": [1, 3, 2, 4], "beta": [4, 2, 3, 1], "gamma": [2, 2, 3, 3]}[choice]
st.plotly_chart(go.Figure(go.Scatter(x=[2019, 2020, 2021, 2022], y=ys, name=choice)))
st.write(f"Selected: {choice}")
"""

MIN_PNG_BYTES = 5 * 1024


@pytest.fixture(scope="module")
def selfcheck_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    app_dir = tmp_path_factory.mktemp("selfcheck_app")
    for name, source in {"app.py": ENTRYPOINT, "home.py": HOME, "chart.py": CHART}.items():
        (app_dir / name).write_text(textwrap.dedent(source).lstrip())
    proc, base_url = start_streamlit("app.py", cwd=app_dir)
    try:
        yield base_url
    finally:
        stop_streamlit(proc)


def _assert_png(path: Path) -> None:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert len(data) > MIN_PNG_BYTES, f"{path} is only {len(data)} bytes"
    width, height = struct.unpack(">II", data[16:24])
    assert width > 100 and height > 100, f"{path} is {width}x{height}"


def test_visits_every_nav_page_and_draws_chart(selfcheck_server: str, page: Page) -> None:
    page.goto(selfcheck_server)
    wait_for_app_idle(page)
    links = nav_links(page)
    assert [label for label, _ in links] == ["Home", "Chart"]
    assert all(href.startswith(selfcheck_server) for _, href in links)

    for label, href in links:
        page.goto(href)
        wait_for_app_idle(page)
        assert page.get_by_test_id("stException").count() == 0, f"exception on {label}"
        if label == "Chart":
            assert wait_for_plotly(page, min_count=1) == 1
        _assert_png(screenshot(page, f"selfcheck_desktop_{label.lower()}"))

    assert page_errors(page) == []


def test_selectbox_binds_to_url(selfcheck_server: str, page: Page) -> None:
    page.goto(f"{selfcheck_server}/chart")
    wait_for_app_idle(page)
    wait_for_plotly(page, min_count=1)
    assert "k=" not in page.url  # the default value is not written to the URL

    page.get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="beta").click()
    page.wait_for_url(re.compile(r"[?&]k=beta\b"))
    wait_for_app_idle(page)
    wait_for_plotly(page, min_count=1)
    assert page.get_by_text("Selected: beta").is_visible()

    # ...and the URL drives the widget on a fresh load.
    page.goto(f"{selfcheck_server}/chart?k=gamma")
    wait_for_app_idle(page)
    assert page.get_by_text("Selected: gamma").is_visible()
    assert page_errors(page) == []


def test_phone_screenshot(selfcheck_server: str, phone_page: Page) -> None:
    phone_page.goto(f"{selfcheck_server}/chart")
    wait_for_app_idle(phone_page)
    assert wait_for_plotly(phone_page, min_count=1) == 1
    _assert_png(screenshot(phone_page, "selfcheck_phone_chart"))
    assert page_errors(phone_page) == []
