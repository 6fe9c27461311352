"""Every chart view's static embed page, served by the running app (`/api/v1/embed/<page>/<view>`): Chromium
draws its chart with the plotly.js the app serves and opens no WebSocket; the link under it opens the same
view in the dashboard. The views come from the API's routes, which come from the page registries."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from derived import VIEW_PARAM, chart_cards
from playwright.sync_api import Page, WebSocket

from conftest import page_errors, wait_for_app_idle, wait_for_plotly
from data_api.views import EMBEDS, ViewRoute, view_routes
from industrial_base import site
from industrial_base.registry import Page as RegistryPage
from industrial_base.registry import View

pytestmark = pytest.mark.browser
ROUTES = view_routes(site.PAGES)


def registry_view(route: ViewRoute) -> tuple[RegistryPage, View]:
    page = next(p for p in site.PAGES if (p.url_path or p.id) == route.page)
    return page, next(v for v in page.views if v.id == route.view)


def one_per_page() -> list[ViewRoute]:
    """The last chart view of each page: a view that is not the page's default where the page has several,
    so that opening the link proves it names the view."""
    last = {route.page: route for route in ROUTES}
    return list(last.values())


def open_embed(tab: Page, app_server: str, route: ViewRoute) -> list[str]:
    """Open the route's embed page and wait for its chart; returns the WebSockets it opened."""
    sockets: list[str] = []

    def opened(socket: WebSocket) -> None:
        sockets.append(socket.url)

    tab.on("websocket", opened)
    try:
        tab.goto(f"{app_server}{EMBEDS}/{route.page}/{route.view}")
        tab.wait_for_selector("#chart .main-svg", timeout=20_000)
        tab.wait_for_load_state("networkidle")
    finally:
        tab.remove_listener("websocket", opened)
    return sockets


@pytest.mark.parametrize("route", ROUTES, ids=[f"{r.page}-{r.view}" for r in ROUTES])
def test_the_static_embed_draws_its_chart_without_a_websocket(
    tab: Page, app_server: str, route: ViewRoute
) -> None:
    sockets = open_embed(tab, app_server, route)
    assert not sockets, f"the embed page opened {sockets}"
    assert tab.evaluate("document.getElementById('chart').data.length") >= 1, "a chart without traces"
    link = urlparse(tab.locator("footer a").get_attribute("href") or "")
    assert link.path == route.path and parse_qs(link.query)[VIEW_PARAM] == [route.view], link
    assert not page_errors(tab)


@pytest.mark.parametrize("route", one_per_page(), ids=[r.page for r in one_per_page()])
def test_the_embeds_link_opens_the_same_view(tab: Page, app_server: str, route: ViewRoute) -> None:
    page, view = registry_view(route)
    open_embed(tab, app_server, route)
    href = tab.locator("footer a").get_attribute("href")
    tab.goto(f"{app_server}{href}")
    wait_for_app_idle(tab)
    wait_for_plotly(tab, min_count=1)
    drawn = set(tab.evaluate(
        """() => [...document.querySelectorAll("[data-testid='stMain'] [class*='st-key-card_']")]
        .map((card) => [...card.classList].find((name) => name.startsWith("st-key-card_")).slice(12))"""
    ))  # fmt: skip
    assert drawn & chart_cards(page) == {view.key}, f"{href} drew {drawn}"
    assert not page_errors(tab)
