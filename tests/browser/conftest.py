"""Real-browser test harness: a live ``streamlit run`` server driven by headless Chromium.

Plain pytest + ``playwright.sync_api`` (no pytest-playwright). Playwright cannot download its own
browsers here, so Debian's Chromium is launched through ``executable_path``.

Fixtures: ``app_server`` (base URL of the dashboard), ``browser``, ``page`` (desktop), ``phone_page``;
``tab`` and ``phone_tab`` (one tab shared by a module's tests, for the per-view batteries);
``data_dir_untouched`` (session, autouse) fails the run if anything under ``data/`` changed while the browser
tests drove the app.
Helpers (import them with ``from conftest import ...``): :func:`start_streamlit`,
:func:`stop_streamlit`, :func:`wait_for_app_idle`, :func:`wait_for_plotly`, :func:`screenshot`,
:func:`nav_links`, :func:`page_errors`, :func:`open_view`. What the suites visit and expect (pages, views,
chart cards, URL parameters, words) is derived from the app's registries in ``derived.py``.

The Streamlit test ids used below were checked against the frontend bundle of streamlit 1.67
(``streamlit/static/static/js/index.*.js``):

* ``stApp`` carries ``data-test-script-state`` = ``initial`` (no run yet) | ``running`` |
  ``rerunRequested`` | ``stopRequested`` | ``compilationError`` | ``notRunning``, and
  ``data-test-connection-state`` (``CONNECTED`` once the websocket is up).
* ``stSkeleton`` (lazy element placeholder), ``stSpinner``, ``stElementContainer[data-stale=true]``.
* ``stSidebarNav`` > ``stSidebarNavItems`` > ``stSidebarNavLink`` (an ``<a>``); pages beyond the
  collapsed limit are not in the DOM until ``stSidebarNavViewButton`` ("View N more") is clicked.
  With ``st.navigation(position="top")`` the links are ``stTopNavLink`` instead.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from bench.servers import CHROMIUM_ARGS, Server, ServerError, start_server, stop_server
from derived import VIEW_PARAM, has_picker, link, picker_class
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Error, Page, sync_playwright

from industrial_base.registry import Page as RegistryPage
from industrial_base.registry import View

REPO_ROOT = Path(__file__).resolve().parents[2]
APP_ENTRYPOINT = Path("app/streamlit_app.py")
SCREENSHOT_DIR = REPO_ROOT / "tests" / "artifacts" / "screenshots"

DEFAULT_CHROMIUM = "/usr/bin/chromium"
SERVER_START_TIMEOUT_S = 60.0
_SERVERS: dict[int, Server] = {}  # pid -> the running server, for stop_streamlit

DESKTOP_VIEWPORT = {"width": 1280, "height": 900}
PHONE_VIEWPORT = {"width": 390, "height": 844}

# Console noise that says nothing about the app itself; matched against "TEXT (URL)". Keep it
# short and specific.
# * On a deep link such as /chart the frontend first probes the candidate base path
#   /chart/_stcore/{health,host-config}, then / (1.67 bundle), so those probes 404 by design.
#   A 404 on the root /_stcore/... still counts as an error.
# * A ":material/NAME:" page icon becomes a favicon fetched from fonts.gstatic.com (the bundle's
#   only use of that host; in-page icons use the bundled font). It fails on offline machines.
IGNORED_CONSOLE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"favicon\.ico"),
    re.compile(r"status of 404 .*\(https?://[^/]+/[^()]+/_stcore/(health|host-config)\)$"),
    re.compile(
        r"\(https://fonts\.gstatic\.com/s/i/short-term/release/materialsymbolsrounded/[\w-]+/"
        r"default/24px\.svg\)$"
    ),
)


# --------------------------------------------------------------------------------------------
# Streamlit server
# --------------------------------------------------------------------------------------------


def stop_streamlit(proc: subprocess.Popen[bytes], timeout_s: float = 10.0) -> None:
    """Terminate the server and its whole process group (it was started in its own session)."""
    server = _SERVERS.pop(proc.pid, None)
    if server is not None:
        stop_server(server, timeout_s)


def start_streamlit(
    app_path: Path | str,
    cwd: Path | str,
    timeout_s: float = SERVER_START_TIMEOUT_S,
    env: Mapping[str, str] | None = None,
) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``streamlit run APP_PATH`` on a free loopback port and wait until it is healthy.

    ``app_path`` may be relative to ``cwd``. ``env`` adds to (or overrides) the inherited
    environment, for the server only (e.g. ``{"INDUSTRIAL_BASE_DATA_DIR": str(copy)}``).
    Returns the process and its base URL (``http://127.0.0.1:PORT``, no trailing slash); a server
    that exits or never answers fails the test with its log. The caller owns the process: pass it
    to :func:`stop_streamlit`. The work is done by ``bench.servers``, shared with the benchmark.
    """
    try:
        server = start_server(app_path, cwd, timeout_s, env)
    except ServerError as error:
        pytest.fail(f"{error}\ncwd: {cwd}", pytrace=False)
    _SERVERS[server.pid] = server
    return server.proc, server.base_url


def data_digest(folder: Path) -> dict[str, tuple[str, int]]:
    """Content hash and mtime (ns) of every file under ``folder``, keyed by relative path."""
    return {
        str(path.relative_to(folder)): (
            hashlib.sha256(path.read_bytes()).hexdigest(),
            path.stat().st_mtime_ns,
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="session", autouse=True)
def data_dir_untouched() -> Iterator[None]:
    """The app must never write into ``data/``: hash it before the browser tests and compare after."""
    data_dir = REPO_ROOT / "data"
    before = data_digest(data_dir)
    yield
    after = data_digest(data_dir)
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    if changed:
        pytest.fail(f"files under data/ changed during the browser tests: {changed}", pytrace=False)


@pytest.fixture(scope="session")
def app_server() -> Iterator[str]:
    """Base URL of the dashboard (``app/streamlit_app.py``) served from the repo root."""
    proc, base_url = start_streamlit(APP_ENTRYPOINT, REPO_ROOT)
    try:
        yield base_url
    finally:
        stop_streamlit(proc)


# --------------------------------------------------------------------------------------------
# Browser and pages
# --------------------------------------------------------------------------------------------


def chromium_path() -> str | None:
    """``$CHROMIUM_PATH`` if set, else Debian's ``/usr/bin/chromium``; None if not executable."""
    candidate = os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM
    resolved = candidate if os.path.isabs(candidate) else shutil.which(candidate)
    if resolved and os.path.isfile(resolved) and os.access(resolved, os.X_OK):
        return resolved
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium. Missing browser: fail under CI (never skip there), else skip."""
    path = chromium_path()
    if path is None:
        wanted = os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM
        if os.environ.get("CI"):
            pytest.fail(
                f"Chromium not found at {wanted}. Browser tests must run in CI: install it with "
                "`apt-get install -y chromium fonts-noto-cjk` (see .ci/run) or set CHROMIUM_PATH.",
                pytrace=False,
            )
        pytest.skip(
            f"Chromium not found at {wanted}: install it with `sudo apt-get install chromium` "
            "(plus fonts-noto-cjk for CJK text) or point CHROMIUM_PATH at a Chromium binary."
        )
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def attach_error_collector(page: Page) -> list[str]:
    """Record console errors and uncaught page exceptions in ``page.js_errors`` (read them with
    :func:`page_errors`)."""
    errors: list[str] = []

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type != "error":
            return
        location = msg.location.get("url", "") if msg.location else ""
        entry = f"{msg.text} ({location})" if location else msg.text
        if not any(p.search(entry) for p in IGNORED_CONSOLE_PATTERNS):
            errors.append(f"console.error: {entry}")

    def on_page_error(exc: Error) -> None:
        errors.append(f"pageerror: {exc.name}: {exc.message}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    # Playwright's Page allows extra attributes; page_errors() is the typed accessor.
    page.js_errors = errors  # type: ignore[attr-defined]
    return errors


def page_errors(page: Page) -> list[str]:
    """Console errors and page errors collected so far for a ``page``/``phone_page`` fixture."""
    return list(getattr(page, "js_errors", []))


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """Desktop page (1280x900) in a fresh context. Errors collect in ``page.js_errors``."""
    context: BrowserContext = browser.new_context(viewport=DESKTOP_VIEWPORT)
    new_page = context.new_page()
    attach_error_collector(new_page)
    try:
        yield new_page
    finally:
        context.close()


PHONE = {"viewport": PHONE_VIEWPORT, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    """Phone-sized touch page (390x844 @2x) in a fresh context. Errors in ``page.js_errors``."""
    context = browser.new_context(**PHONE)
    new_page = context.new_page()
    attach_error_collector(new_page)
    try:
        yield new_page
    finally:
        context.close()


@pytest.fixture(scope="module")
def module_tab(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """One browser tab shared by every test of a module (the per-view batteries: one tab, many views). Its
    context options are the module's ``TAB`` (default: the desktop viewport)."""
    context = browser.new_context(**getattr(request.module, "TAB", {"viewport": DESKTOP_VIEWPORT}))
    new_page = context.new_page()
    attach_error_collector(new_page)
    try:
        yield new_page
    finally:
        context.close()


@pytest.fixture
def tab(module_tab: Page) -> Page:
    """The module's shared tab, its collected errors cleared: each test sees only its own."""
    module_tab.js_errors.clear()  # type: ignore[attr-defined]
    return module_tab


@pytest.fixture(scope="module")
def module_phone_tab(browser: Browser) -> Iterator[Page]:
    """A phone-sized tab shared by every test of a module."""
    context = browser.new_context(**PHONE)
    new_page = context.new_page()
    attach_error_collector(new_page)
    try:
        yield new_page
    finally:
        context.close()


@pytest.fixture
def phone_tab(module_phone_tab: Page) -> Page:
    """The module's shared phone tab, its collected errors cleared."""
    module_phone_tab.js_errors.clear()  # type: ignore[attr-defined]
    return module_phone_tab


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

_IDLE_JS = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
    return !document.querySelector(
        "[data-testid='stSkeleton'], [data-testid='stSpinner'], "
        + "[data-testid='stElementContainer'][data-stale='true']"
    );
}"""


def wait_for_app_idle(page: Page, timeout_ms: int = 30000, settle_ms: int = 300) -> None:
    """Wait until the script run has finished and the page has stopped changing.

    Idle means: ``stApp`` has ``data-test-script-state="notRunning"`` (it is ``initial`` before the
    first run), no ``stSkeleton`` placeholder, no ``stSpinner`` and no stale element. A widget
    interaction only flips the state to ``running`` after a websocket round-trip, so the check is
    repeated after ``settle_ms``; it must hold twice in a row before we return.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        remaining_ms = max(1, int((deadline - time.monotonic()) * 1000))
        page.wait_for_function(_IDLE_JS, timeout=remaining_ms, polling=100)
        page.wait_for_timeout(settle_ms)
        if page.evaluate(_IDLE_JS):
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"app did not become idle within {timeout_ms} ms")


def wait_for_plotly(page: Page, min_count: int = 0, timeout_ms: int = 30000) -> int:
    """Wait until every ``.js-plotly-plot`` has drawn its ``.main-svg``; return the chart count.

    ``min_count`` additionally requires at least that many charts (use 1 on pages that must
    show a chart, so an unmounted chart cannot pass vacuously).
    """
    page.wait_for_function(
        """(minCount) => {
            const plots = [...document.querySelectorAll('.js-plotly-plot')];
            return plots.length >= minCount && plots.every((p) => p.querySelector('.main-svg'));
        }""",
        arg=min_count,
        timeout=timeout_ms,
        polling=100,
    )
    return int(page.locator(".js-plotly-plot").count())


def screenshot(page: Page, name: str, max_height: int = 12000) -> Path:
    """Save a full-page PNG to ``tests/artifacts/screenshots/NAME.png`` and return its path.

    Streamlit scrolls inside ``<main data-testid="stMain">``, not the document, so Playwright's
    ``full_page=True`` alone only captures one viewport. The viewport is therefore grown to the
    scroll height of ``stMain`` (capped at ``max_height`` CSS px) for the shot and then restored.
    """
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "screenshot"
    path = SCREENSHOT_DIR / f"{safe}.png"
    original = page.viewport_size
    overflow: int = page.evaluate(
        """() => {
            const main = document.querySelector("[data-testid='stMain']");
            return main ? Math.max(0, main.scrollHeight - main.clientHeight) : 0;
        }"""
    )
    if original and overflow > 0:
        height = min(original["height"] + overflow, max_height)
        page.set_viewport_size({"width": original["width"], "height": height})
        # Two animation frames let layout (and plotly's resize handlers) catch up.
        page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
        page.wait_for_timeout(150)
    try:
        page.screenshot(path=str(path), full_page=True)
    finally:
        if original and overflow > 0:
            page.set_viewport_size(original)
    return path


def nav_links(page: Page) -> list[tuple[str, str]]:
    """(label, absolute href) of every page in the app's navigation, in display order.

    Reads the sidebar nav (``stSidebarNavLink``). When the sidebar also holds widgets, Streamlit
    shows only the first pages plus a "View N more" button (``stSidebarNavViewButton``) and the
    rest are not in the DOM, so that button is clicked first (via JS: on a phone the collapsed
    sidebar is off-screen). Labels leave out ``stIconMaterial``/``stIconEmoji`` icons. Falls back
    to the top nav (``stTopNavLink``) for ``st.navigation(position="top")``. Call after
    :func:`wait_for_app_idle`.
    """
    more = page.locator("[data-testid='stSidebarNavViewButton']")
    if more.count() and "more" in (more.first.text_content() or "").lower():
        more.first.evaluate("(button) => button.click()")
        page.wait_for_function(
            """() => !/more/i.test(
                document.querySelector("[data-testid='stSidebarNavViewButton']")?.textContent ?? '')"""
        )
    links: list[list[str]] = page.evaluate(
        """() => {
            let anchors = [...document.querySelectorAll("[data-testid='stSidebarNav'] a")];
            if (!anchors.length) anchors = [...document.querySelectorAll(
                "a[data-testid='stTopNavLink'], a[data-testid='stTopNavDropdownLink']")];
            return anchors.map((a) => {
                const copy = a.cloneNode(true);
                copy.querySelectorAll("[data-testid='stIconMaterial'], [data-testid='stIconEmoji']")
                    .forEach((icon) => icon.remove());
                return [(copy.textContent || '').trim(), a.href];
            });
        }"""
    )
    seen: set[str] = set()
    result: list[tuple[str, str]] = []
    for label, href in links:
        if href and href not in seen:
            seen.add(href)
            result.append((label, href))
    return result


def open_view(tab: Page, base_url: str, page: RegistryPage, view: View, **query: str | list[str]) -> None:
    """Show `view` of the registry's `page` in `tab` as a reader gets there: a tab already on that page with
    the same link parameters picks it in the view picker (a rerun, as a click does); otherwise its link is
    opened (`derived.link`). Either way the link must then name it (`?view=<id>`; none for the first view)."""
    target = urlparse(f"{base_url}/{link(page, None, **query)}")
    now = urlparse(tab.url)
    others = {key: value for key, value in parse_qs(now.query).items() if key != VIEW_PARAM}
    shown = parse_qs(now.query).get(VIEW_PARAM, [page.views[0].id])[0]
    picker = tab.locator(f"[data-testid='stMain'] .{picker_class(page)} [role='radio']")
    if (
        (now.scheme, now.netloc, now.path.rstrip("/"))
        == (target.scheme, target.netloc, target.path.rstrip("/"))
        and others == parse_qs(target.query)
        and shown != view.id
        and picker.count() == len(page.views)
    ):
        picker.nth(page.views.index(view)).click()
    else:
        tab.goto(f"{base_url}/{link(page, view, **query)}")
    wait_for_app_idle(tab)
    offered = picker.count()
    assert offered == (len(page.views) if has_picker(page) else 0), f"{page.id}: {offered} views offered"
    named = parse_qs(urlparse(tab.url).query).get(VIEW_PARAM, [""])[0]
    assert named == ("" if view == page.views[0] else view.id), f"{view.words}: the link says {tab.url}"


_DRAWN_CARDS_JS = """() => [...document.querySelectorAll("[data-testid='stMain'] [class*='st-key-card_']")]
    .filter((card) => card.querySelector(".js-plotly-plot .main-svg"))
    .map((card) => [...card.classList].find((name) => name.startsWith("st-key-card_")).slice(12))"""


def drawn_chart_cards(page: Page) -> set[str]:
    """The keys of the cards in the main area that hold a drawn chart (`card_<key>` containers, see
    `dashboard.card`); compare with `derived.chart_cards`. Call after :func:`wait_for_plotly`."""
    return set(page.evaluate(_DRAWN_CARDS_JS))
