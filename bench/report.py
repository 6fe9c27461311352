"""Statistics, the pass/fail targets and the printed tables (Markdown, so they paste into the docs)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Any

# Targets (issue "Performance against the frame floor"); every ratio compares figures of the same run.
# Navigation, filter and first visit are measured against the multipage reference: the one chart in the
# dashboard's frame (seven-page navigation, language control, sector multiselect, a non-default page URL),
# the floor no page of the dashboard can beat.
WARM_RERUN_MAX_X_EMPTY = 5.0
NAVIGATION_MAX_X_FRAME = 1.25
FILTER_P95_MAX_X_FRAME = 1.25
FIRST_VISIT_MAX_X_FRAME = 1.25
RSS_GROWTH_MAX_MB = 1.0


def median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def percentile(values: Sequence[float], pct: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default); None for no data."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low, high = math.floor(rank), math.ceil(rank)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (rank - low))


def ratio(value: float | None, reference: float | None) -> float | None:
    if value is None or reference is None or reference <= 0:
        return None
    return value / reference


def summarise(samples: Sequence[float]) -> dict[str, Any]:
    """p50/p95/min/max of millisecond samples, rounded for the JSON."""
    return {
        "n": len(samples),
        "p50_ms": _round(median(samples)),
        "p95_ms": _round(percentile(samples, 95)),
        "min_ms": _round(min(samples)) if samples else None,
        "max_ms": _round(max(samples)) if samples else None,
        "samples_ms": [round(s, 1) for s in samples],
    }


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def target(
    target_id: str,
    description: str,
    subject: str,
    value: float | None,
    limit: float,
    unit: str,
    detail: str = "",
    error: str | None = None,
) -> dict[str, Any]:
    """One pass/fail line; a figure that could not be measured counts as not passing."""
    if value is None:
        status = "not measured"
        detail = error or detail or "no data"
    else:
        status = "pass" if value <= limit else "fail"
    return {
        "id": target_id,
        "target": description,
        "subject": subject,
        "value": _round(value, 2),
        "limit": limit,
        "unit": unit,
        "status": status,
        "detail": detail,
    }


def ratio_target(
    target_id: str,
    description: str,
    subject: str,
    measured: dict[str, Any],
    reference: dict[str, Any],
    field: str,
    limit: float,
    unit: str,
) -> dict[str, Any]:
    """One target whose value is `measured[field]` over the same field of a reference app in the same run."""
    return target(
        target_id,
        description,
        subject,
        ratio(measured.get(field), reference.get(field)),
        limit,
        unit,
        detail=f"{measured.get(field)} ms vs {reference.get(field)} ms",
        error=measured.get("error") or reference.get("error"),
    )


def evaluate_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The five targets, per page where they are per page."""
    script = results.get("script_time", {})
    navigation = results.get("navigation", {})
    filters = results.get("filter", {})
    empty = script.get("empty") or {}
    frame, frame_filter = navigation.get("multipage") or {}, filters.get("multipage") or {}
    visited = navigation.get("dashboard") or {}
    targets = [
        ratio_target(
            "warm_rerun",
            f"warm rerun ≤ {WARM_RERUN_MAX_X_EMPTY:g}× empty page",
            stem,
            page,
            empty,
            "warm_median_ms",
            WARM_RERUN_MAX_X_EMPTY,
            "× empty",
        )
        for stem, page in (script.get("dashboard") or {}).items()
    ]
    targets += [
        ratio_target(
            "navigation",
            f"navigation → charts drawn (p50) ≤ {NAVIGATION_MAX_X_FRAME:g}× multipage reference",
            stem,
            page,
            frame,
            "p50_ms",
            NAVIGATION_MAX_X_FRAME,
            "× frame",
        )
        for stem, page in visited.items()
    ]
    # The first visit: the dashboard's first page (navigation order) right after its server started.
    targets += [
        ratio_target(
            "first_visit",
            f"first visit (cold server and browser) ≤ {FIRST_VISIT_MAX_X_FRAME:g}× multipage reference",
            stem,
            visited[stem],
            frame,
            "first_visit_ms",
            FIRST_VISIT_MAX_X_FRAME,
            "× frame",
        )
        for stem in list(visited)[:1]
    ]
    targets += [
        ratio_target(
            "filter_redraw",
            f"filter change → redraw p95 ≤ {FILTER_P95_MAX_X_FRAME:g}× multipage reference",
            stem,
            page,
            frame_filter,
            "p95_ms",
            FILTER_P95_MAX_X_FRAME,
            "× frame",
        )
        for stem, page in (filters.get("dashboard") or {}).items()
    ]

    dash_memory = (results.get("memory") or {}).get("dashboard") or {}
    growth = dash_memory.get("growth_mb_per_session")
    targets.append(
        target(
            "rss_growth",
            f"server RSS growth per extra session ≤ {RSS_GROWTH_MAX_MB:g} MB",
            str(dash_memory.get("page", "dashboard")),
            growth,
            RSS_GROWTH_MAX_MB,
            "MB",
            detail=(
                f"max of resident ({dash_memory.get('growth_rss_mb_per_session')} MB) and peak "
                f"({dash_memory.get('growth_peak_mb_per_session')} MB) growth, "
                f"1 → {dash_memory.get('sessions')} sessions"
            ),
            error=dash_memory.get("error"),
        )
    )
    return targets


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def _fmt(value: Any, digits: int = 0) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def _x(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def _reference_rows(section: dict[str, Any], keys: Sequence[str]) -> list[tuple[str, dict[str, Any]]]:
    names = {
        "empty": "empty reference",
        "one_chart": "one-chart reference",
        "multipage": "multipage reference",
    }
    return [(names[k], section[k]) for k in keys if section.get(k) is not None] + [
        (stem, page) for stem, page in (section.get("dashboard") or {}).items()
    ]


def render(results: dict[str, Any]) -> str:
    """Every section as a Markdown table, followed by the targets."""
    out: list[str] = []
    machine = results.get("machine") or {}
    if machine:
        out += [
            f"Machine: {machine.get('nproc')} CPUs ({machine.get('cpu_model')}), "
            f"{machine.get('memory_total_mb')} MB RAM; Python {machine.get('python')}, "
            f"Streamlit {machine.get('streamlit')}, plotly {machine.get('plotly')}, "
            f"Chromium {machine.get('chromium')}; CPU busy before/after the run (other work) "
            f"{machine.get('cpu_busy_pct_before')}% / {machine.get('cpu_busy_pct_after')}%, load average "
            f"at start {machine.get('loadavg_at_start')}. Mode: {results.get('mode')}, "
            f"{results.get('duration_s')} s.",
            "",
        ]
        warnings = [e["error"] for e in results.get("errors", []) if e.get("where") == "machine"]
        out += [f"WARNING: {w}" for w in warnings] + ([""] if warnings else [])

    starts = results.get("server_start") or {}
    if starts:
        empty = (starts.get("empty") or {}).get("median_s")
        rows = [
            [
                name,
                _fmt(data.get("median_s"), 2),
                _fmt(data.get("max_s"), 2),
                _x(ratio(data.get("median_s"), empty)),
                data.get("error") or "",
            ]
            for name, data in (
                ("empty reference", starts.get("empty") or {}),
                ("one-chart reference", starts.get("one_chart") or {}),
                ("dashboard", starts.get("dashboard") or {}),
            )
        ]
        out += [
            f"Server start → /_stcore/health ok (median of {results['settings']['server_starts']})",
            "",
            markdown_table(["app", "median s", "max s", "× empty", "error"], rows),
            "",
        ]

    script = results.get("script_time") or {}
    if script:
        empty_warm = (script.get("empty") or {}).get("warm_median_ms")
        rows = []
        for name, data in _reference_rows(script, ("empty", "one_chart")):
            rows.append(
                [
                    name,
                    _fmt(data.get("first_ms"), 1),
                    _fmt(data.get("warm_median_ms"), 1),
                    _x(ratio(data.get("warm_median_ms"), empty_warm)),
                    _fmt(data.get("charts")),
                    (data.get("error") or "")[:90],
                ]
            )
        out += [
            f"Script time, in-process AppTest (ms; warm = median of {results['settings']['reruns']} reruns; "
            "AppTest overhead included equally for all)",
            "",
            markdown_table(["page", "first", "warm", "warm × empty", "charts", "error"], rows),
            "",
        ]

    navigation = results.get("navigation") or {}
    if navigation:
        one = (navigation.get("one_chart") or {}).get("p50_ms")
        frame = (navigation.get("multipage") or {}).get("p50_ms")
        rows = [
            [
                name,
                _fmt(data.get("first_visit_ms")),
                _fmt(data.get("p50_ms")),
                _fmt(data.get("p95_ms")),
                _x(ratio(data.get("p50_ms"), one)),
                _x(ratio(data.get("p50_ms"), frame)),
                _fmt(data.get("script_finished_p50_ms")),
                _fmt(data.get("charts")),
                _fmt(data.get("received_kb_p50"), 0),
                (data.get("error") or "")[:90],
            ]
            for name, data in _reference_rows(navigation, ("empty", "one_chart", "multipage"))
        ]
        out += [
            f"Navigation → all charts drawn, headless Chromium (ms; {results['settings']['navigations']} "
            "page loads each; first visit = cold server and browser cache; run done = the server's "
            "script_finished arrived; KB = WebSocket payload per load)",
            "",
            markdown_table(
                [
                    "page",
                    "first visit",
                    "p50",
                    "p95",
                    "p50 × one-chart",
                    "p50 × multipage",
                    "run done p50",
                    "charts",
                    "KB",
                    "error",
                ],
                rows,
            ),
            "",
        ]

    filters = results.get("filter") or {}
    if filters:
        one = (filters.get("one_chart") or {}).get("p95_ms")
        frame = (filters.get("multipage") or {}).get("p95_ms")
        rows = [
            [
                name,
                _fmt(data.get("p50_ms")),
                _fmt(data.get("p95_ms")),
                _x(ratio(data.get("p95_ms"), one)),
                _x(ratio(data.get("p95_ms"), frame)),
                _fmt(data.get("script_finished_p50_ms")),
                _fmt(data.get("n")),
                _fmt(data.get("received_kb_p50"), 0),
                (data.get("error") or "")[:90],
            ]
            for name, data in _reference_rows(filters, ("one_chart", "multipage"))
        ]
        out += [
            "Filter change → charts redrawn (ms; sidebar sector multiselect, one-chart reference: its "
            "selectbox; run done = the server's script_finished arrived; KB = WebSocket payload per change)",
            "",
            markdown_table(
                [
                    "page",
                    "p50",
                    "p95",
                    "p95 × one-chart",
                    "p95 × multipage",
                    "run done p50",
                    "n",
                    "KB",
                    "error",
                ],
                rows,
            ),
            "",
        ]

    memory = results.get("memory") or {}
    if memory:
        rows = [
            [
                name,
                str(data.get("page", "")),
                _fmt(data.get("baseline_rss_mb"), 1),
                _fmt(data.get("rss_1_mb"), 1),
                _fmt(data.get("rss_n_mb"), 1),
                _fmt(data.get("peak_n_mb"), 1),
                _fmt(data.get("growth_rss_mb_per_session"), 2),
                _fmt(data.get("growth_peak_mb_per_session"), 2),
                (data.get("error") or "")[:90],
            ]
            for name, data in (
                ("one-chart reference", memory.get("one_chart") or {}),
                ("dashboard", memory.get("dashboard") or {}),
            )
        ]
        sessions = results["settings"]["sessions"]
        out += [
            f"Server memory (MB; RSS = VmRSS with the sessions idle, peak = VmHWM; 1 vs {sessions} sessions)",
            "",
            markdown_table(
                [
                    "app",
                    "page",
                    "no session",
                    "RSS 1",
                    f"RSS {sessions}",
                    f"peak {sessions}",
                    "RSS/extra session",
                    "peak/extra session",
                    "error",
                ],
                rows,
            ),
            "",
        ]

    targets = results.get("targets") or []
    if targets:
        rows = [
            [
                t["target"],
                t["subject"],
                _fmt(t["value"], 2),
                f"{t['limit']:g}",
                t["unit"],
                t["status"].upper(),
                t["detail"][:100],
            ]
            for t in targets
        ]
        out += [
            "Targets",
            "",
            markdown_table(["target", "page", "value", "limit", "unit", "result", "detail"], rows),
        ]
        floor = frame_floor(results)
        if floor:
            out += ["", floor]
    return "\n".join(out)


def frame_floor(results: dict[str, Any]) -> str:
    """What the dashboard's frame alone costs against the one-chart page (why the targets use the frame)."""
    navigation = ratio(
        ((results.get("navigation") or {}).get("multipage") or {}).get("p50_ms"),
        ((results.get("navigation") or {}).get("one_chart") or {}).get("p50_ms"),
    )
    filters = ratio(
        ((results.get("filter") or {}).get("multipage") or {}).get("p95_ms"),
        ((results.get("filter") or {}).get("one_chart") or {}).get("p95_ms"),
    )
    if navigation is None and filters is None:
        return ""
    return (
        "Frame floor: the multipage reference (the one chart, alone, in the dashboard's frame of navigation "
        f"and sidebar filter, no dashboard code) measures {_x(navigation)} the one-chart page for navigation "
        f"and {_x(filters)} for the filter redraw p95; the navigation, filter and first-visit targets are "
        "ratios to it."
    )
