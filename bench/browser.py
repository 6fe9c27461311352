"""Real-browser timings in headless Chromium: navigation -> charts drawn, filter change -> charts redrawn,
and many concurrent sessions for the memory figure.

How "done" is decided (the clock runs inside the page, so Playwright's round-trips are not counted):

* An init script wraps ``WebSocket`` and notes the arrival time of every ``ForwardMsg`` that carries
  ``script_finished = FINISHED_SUCCESSFULLY`` (top-level protobuf field 6, a varint 0). That is the only
  reliable sign that *our* script run has ended: ``data-test-script-state`` can go
  ``notRunning -> running -> notRunning`` inside one React batch for a fast rerun, so "saw running" misses.
* A ``MutationObserver`` on the whole document notes the time of the last DOM change.
* A measurement is complete when, after the action: the server finished a run, ``stApp`` is ``notRunning``,
  there is no skeleton/spinner/stale element, at least the expected number of ``.js-plotly-plot`` exist and
  every one has its ``.main-svg``, and the DOM has then been quiet for ``QUIET_MS``. The figure reported is
  ``max(last DOM change, run finished) - start``: the moment the last chart/element was drawn. The quiet
  window is waited for but not counted.
* Navigation starts at the new document's time origin (``page.goto``: navigation start); a filter change
  starts at ``performance.now()`` read just before the option is clicked.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, Playwright

from bench.servers import CHROMIUM_ARGS as BASE_CHROMIUM_ARGS

CHROMIUM_ARGS: list[str] = [
    *BASE_CHROMIUM_ARGS,
    # Loopback only: every host name fails to resolve except 127.0.0.1 (e.g. the material-icon favicon
    # Streamlit fetches from fonts.gstatic.com), so no figure depends on the outside network.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
VIEWPORT = {"width": 1280, "height": 900}
QUIET_MS = 300
CALIBRATION_QUIET_MS = 1000
WAIT_TIMEOUT_MS = 60_000
POLL_MS = 25

INIT_SCRIPT = r"""
(() => {
  if (window.__bench) return;
  const bench = { finished: [], received: [], lastMutation: 0, lastNode: null, states: [] };
  window.__bench = bench;

  // Top-level fields of a protobuf message: [[fieldNumber, varintValueOrNull], ...].
  const topFields = (bytes) => {
    const out = [];
    let i = 0;
    const varint = () => {
      let result = 0, scale = 1, byte;
      do { byte = bytes[i++]; result += (byte & 0x7f) * scale; scale *= 128; }
      while (byte & 0x80 && i < bytes.length);
      return result;
    };
    while (i < bytes.length) {
      const tag = varint(), field = Math.floor(tag / 8), wire = tag & 7;
      if (wire === 0) out.push([field, varint()]);
      else if (wire === 2) { const len = varint(); out.push([field, null]); i += len; }
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else break;
    }
    return out;
  };

  const NativeWebSocket = window.WebSocket;
  class BenchWebSocket extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (!(event.data instanceof ArrayBuffer)) return;
        const now = performance.now();
        bench.received.push([now, event.data.byteLength]);
        // ForwardMsg.script_finished = 6 (enum); 0 = FINISHED_SUCCESSFULLY.
        if (topFields(new Uint8Array(event.data)).some(([f, v]) => f === 6 && v === 0)) {
          bench.finished.push(now);
        }
      });
    }
  }
  window.WebSocket = BenchWebSocket;

  const observe = () => {
    new MutationObserver((mutations) => {
      bench.lastMutation = performance.now();
      bench.lastNode = mutations[mutations.length - 1].target;
      for (const m of mutations) {
        if (m.attributeName === "data-test-script-state") {
          bench.states.push([bench.lastMutation, m.oldValue, m.target.getAttribute(m.attributeName)]);
        }
      }
    }).observe(document, {
      subtree: true, childList: true, attributes: true, characterData: true, attributeOldValue: true,
    });
  };
  observe();
})();
"""

DONE_JS = """({since, minCharts, quietMs}) => {
  // Where the last DOM change happened, e.g. "div[stPlotlyChart] > div.js-plotly-plot > svg.main-svg".
  const describe = (node) => {
    const parts = [];
    for (let n = node; n && n.nodeType === 1 && parts.length < 4; n = n.parentElement) {
      const id = n.getAttribute("data-testid");
      const cls = typeof n.className === "string" && n.className ? "." + n.className.split(" ")[0] : "";
      parts.unshift(n.tagName.toLowerCase() + (id ? `[${id}]` : cls));
    }
    return parts.join(" > ");
  };
  const bench = window.__bench;
  if (!bench) return false;
  const finished = bench.finished.filter((t) => t >= since);
  if (!finished.length) return false;
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
  if (document.querySelector("[data-testid='stSkeleton'], [data-testid='stSpinner'], "
      + "[data-testid='stElementContainer'][data-stale='true']")) return false;
  const plots = [...document.querySelectorAll(".js-plotly-plot")];
  const exceptions = document.querySelectorAll("[data-testid='stException']");
  // A page that raised is done too (with fewer charts): the caller reports the exception.
  if (!exceptions.length && plots.length < minCharts) return false;
  if (!plots.every((p) => p.querySelector(".main-svg"))) return false;
  if (performance.now() - bench.lastMutation < quietMs) return false;
  return {
    doneAt: Math.max(bench.lastMutation, finished[finished.length - 1]),
    charts: plots.length,
    runs: finished.length,
    exceptions: [...exceptions].map((e) => (e.innerText || "").slice(0, 300)),
    finishedAt: finished[finished.length - 1],
    lastChange: describe(bench.lastNode),
    receivedBytes: bench.received.filter(([t]) => t >= since).reduce((sum, [, n]) => sum + n, 0),
  };
}"""


class BudgetExceeded(BaseException):
    """The run's time budget is used up. A BaseException so per-page ``except Exception`` handlers (which
    record a failed page and go on) do not swallow it: the whole run stops and writes what it has."""


class Deadline:
    """A wall-clock budget shared by every loop of the benchmark."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining_s(self) -> float:
        return self.end - time.monotonic()

    def check(self, what: str) -> None:
        if time.monotonic() > self.end:
            raise BudgetExceeded(f"benchmark time budget ({self.seconds:g}s) used up during {what}")

    def timeout_ms(self, cap_ms: int = WAIT_TIMEOUT_MS) -> int:
        return max(1000, min(cap_ms, int(self.remaining_s() * 1000)))


@dataclass(frozen=True)
class Drawn:
    """One completed measurement: milliseconds from the start to the last drawn change."""

    ms: float
    charts: int
    exceptions: list[str]
    last_change: str = ""
    """Where the last DOM change before the quiet window happened (for diagnosing a slow figure)."""
    finished_ms: float = 0.0
    """When the server's ``script_finished`` arrived, from the same start: the rest is the browser's work."""
    received_bytes: int = 0
    """WebSocket payload received from the server since the start (the page's deltas, figures included)."""


def launch(pw: Playwright, executable: str) -> Browser:
    return pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)


def new_context(browser: Browser) -> BrowserContext:
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(INIT_SCRIPT)
    return context


def wait_drawn(
    page: Page, since_ms: float, min_charts: int, deadline: Deadline, quiet_ms: int = QUIET_MS
) -> Drawn:
    """Wait until the run started after ``since_ms`` (page clock) has finished and everything is drawn."""
    deadline.check("waiting for the page to draw")
    handle = page.wait_for_function(
        DONE_JS,
        arg={"since": since_ms, "minCharts": min_charts, "quietMs": quiet_ms},
        timeout=deadline.timeout_ms(),
        polling=POLL_MS,
    )
    result: dict[str, Any] = handle.json_value()
    return Drawn(
        ms=float(result["doneAt"]) - since_ms,
        charts=int(result["charts"]),
        exceptions=[str(e) for e in result["exceptions"]],
        last_change=str(result.get("lastChange") or ""),
        finished_ms=float(result["finishedAt"]) - since_ms,
        received_bytes=int(result.get("receivedBytes") or 0),
    )


def navigate(page: Page, url: str, min_charts: int, deadline: Deadline, quiet_ms: int = QUIET_MS) -> Drawn:
    """``page.goto(url)`` -> all drawn, timed from the new document's navigation start (time origin 0)."""
    page.goto(url, wait_until="commit", timeout=deadline.timeout_ms())
    return wait_drawn(page, 0.0, min_charts, deadline, quiet_ms)


def page_clock(page: Page) -> float:
    return float(page.evaluate("() => performance.now()"))


def combobox_options(page: Page, combobox_label: str, deadline: Deadline) -> list[str]:
    """The option labels of a selectbox/multiselect (opens its list, reads it, closes it)."""
    box = page.get_by_role("combobox", name=combobox_label, exact=True)
    box.click(timeout=deadline.timeout_ms(10_000))
    options = page.get_by_role("listbox").get_by_role("option")
    options.first.wait_for(state="visible", timeout=deadline.timeout_ms(10_000))
    # Streamlit's multiselect lists a "Select all" action first; it is not a value.
    labels = [t.strip() for t in options.all_inner_texts() if t.strip() and t.strip().lower() != "select all"]
    page.keyboard.press("Escape")
    page.wait_for_timeout(QUIET_MS)
    return labels


def pick_option(page: Page, combobox_label: str, option: str, min_charts: int, deadline: Deadline) -> Drawn:
    """Open a selectbox/multiselect (react-aria combobox) and click ``option``: a filter change.

    The clock starts after the list is open, just before the click that changes the value, so both the
    dashboard's multiselect and the reference's selectbox are timed from the same user action.
    """
    box = page.get_by_role("combobox", name=combobox_label, exact=True)
    box.click(timeout=deadline.timeout_ms(10_000))
    target = page.get_by_role("listbox").get_by_role("option", name=option, exact=True)
    target.wait_for(state="visible", timeout=deadline.timeout_ms(10_000))
    page.wait_for_timeout(QUIET_MS)  # let the opened list settle so its own mutations are not counted
    since = page_clock(page)
    target.click(timeout=deadline.timeout_ms(10_000))
    drawn = wait_drawn(page, since, min_charts, deadline)
    page.keyboard.press("Escape")  # a multiselect keeps its list open after a pick
    return drawn


def remove_option(page: Page, option: str, min_charts: int, deadline: Deadline) -> Drawn:
    """Click the "Remove OPTION" button of a chosen multiselect value: a filter change (one rerun)."""
    button = page.get_by_role("button", name=f"Remove {option}", exact=True)
    button.wait_for(state="visible", timeout=deadline.timeout_ms(10_000))
    page.wait_for_timeout(QUIET_MS)
    since = page_clock(page)
    button.click(timeout=deadline.timeout_ms(10_000))
    return wait_drawn(page, since, min_charts, deadline)


def repeat(count: int, deadline: Deadline, what: str, measure: Callable[[int], Drawn | None]) -> list[Drawn]:
    """Call ``measure(i)`` ``count`` times within the deadline, keeping the completed measurements."""
    results: list[Drawn] = []
    for i in range(count):
        deadline.check(what)
        drawn = measure(i)
        if drawn is not None:
            results.append(drawn)
    return results
