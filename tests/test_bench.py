"""The performance benchmark (``python -m bench``) runs end to end in ``--quick`` mode and writes its JSON.

Only the shape of the results is checked (keys present, numbers positive): timings depend on the machine,
so there are no timed assertions here. The numbers themselves live in docs/performance.md.
"""

from __future__ import annotations

import importlib
import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SECTOR_PAGES = {"key_products", "little_giants", "clusters", "fact_check"}
PAGES = ["overview", "clusters"]
"""The quick run measures two pages (the first, and one with a sector filter and a grid), which keeps this
test short; ``--pages`` is the same option a full run takes, and the full run measures them all."""
QUICK_TIMEOUT_S = 1200
TOP_LEVEL_KEYS = {
    "schema_version",
    "generated_at",
    "mode",
    "machine",
    "settings",
    "notes",
    "server_start",
    "script_time",
    "navigation",
    "filter",
    "memory",
    "targets",
    "summary",
    "errors",
    "duration_s",
}


def _report() -> ModuleType:
    """``bench.report``; ``bench/`` sits at the repo root, which bare ``pytest`` may not have on sys.path."""
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    return importlib.import_module("bench.report")


def _chromium() -> str | None:
    candidate = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    resolved = candidate if os.path.isabs(candidate) else shutil.which(candidate)
    return resolved if resolved and os.access(resolved, os.X_OK) else None


def _positive(value: Any) -> bool:
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    return is_number and math.isfinite(value) and value > 0


@pytest.fixture(scope="module")
def quick_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Run ``python -m bench --quick`` once for this module and load its JSON."""
    chromium = _chromium()
    if chromium is None:
        message = (
            "Chromium not found at $CHROMIUM_PATH or /usr/bin/chromium: the benchmark needs it for its "
            "browser and memory phases. Install it with `sudo apt-get install chromium`."
        )
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    out = tmp_path_factory.mktemp("bench") / "quick.json"
    command = [sys.executable, "-m", "bench", "--quick", "--pages", ",".join(PAGES), "--out", str(out)]
    proc = subprocess.run(
        [*command, "--chromium", chromium],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=QUICK_TIMEOUT_S,
        check=False,
    )
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    assert out.is_file(), "the benchmark did not write its JSON"
    assert "Targets" in proc.stdout, "the results table was not printed"
    return json.loads(out.read_text())


@pytest.mark.browser
def test_quick_run_writes_every_section(quick_results: dict[str, Any]) -> None:
    assert set(quick_results) >= TOP_LEVEL_KEYS
    assert quick_results["mode"] == "quick"
    machine = quick_results["machine"]
    assert _positive(machine["nproc"]) and _positive(machine["memory_total_mb"])
    assert machine["python"] and machine["streamlit"] and machine["chromium"]
    assert _positive(quick_results["duration_s"])


@pytest.mark.browser
def test_quick_run_reports_positive_numbers(quick_results: dict[str, Any]) -> None:
    for app in ("empty", "one_chart", "dashboard"):
        start = quick_results["server_start"][app]
        assert _positive(start["median_s"]), (app, start)

    script = quick_results["script_time"]
    for ref in ("empty", "one_chart"):
        assert _positive(script[ref]["first_ms"]) and _positive(script[ref]["warm_median_ms"]), script[ref]
    navigation, filters = quick_results["navigation"], quick_results["filter"]
    for ref in ("empty", "one_chart", "multipage"):
        assert _positive(navigation[ref]["p50_ms"]) and _positive(navigation[ref]["first_visit_ms"]), ref
    assert navigation["one_chart"]["charts"] == 1 and navigation["multipage"]["charts"] == 1
    assert _positive(filters["one_chart"]["p95_ms"]) and _positive(filters["multipage"]["p95_ms"])

    # Every page is measured; a page the app fails to render carries its error instead of numbers.
    assert set(script["dashboard"]) == set(PAGES)
    assert set(navigation["dashboard"]) == set(PAGES)
    assert set(filters["dashboard"]) == SECTOR_PAGES & set(PAGES)
    for stem in PAGES:
        for section, keys in ((script, ("first_ms", "warm_median_ms")), (navigation, ("p50_ms", "p95_ms"))):
            entry = section["dashboard"][stem]
            assert entry["error"] or all(_positive(entry[k]) for k in keys), (stem, entry)
    for stem, entry in filters["dashboard"].items():
        assert entry["error"] or _positive(entry["p95_ms"]), (stem, entry)

    for app in ("one_chart", "dashboard"):
        memory = quick_results["memory"][app]
        assert memory["sessions"] == 2
        for key in ("baseline_rss_mb", "rss_1_mb", "rss_n_mb", "peak_n_mb"):
            assert _positive(memory[key]), (app, key, memory)
        assert isinstance(memory["growth_mb_per_session"], float | int)


@pytest.mark.browser
def test_quick_run_evaluates_every_target(quick_results: dict[str, Any]) -> None:
    targets = quick_results["targets"]
    expected = {"warm_rerun", "navigation", "first_visit", "filter_redraw", "rss_growth"}
    assert {t["id"] for t in targets} == expected
    assert all(t["status"] in {"pass", "fail", "not measured"} for t in targets)
    summary = quick_results["summary"]
    assert sum(summary.values()) == len(targets)


# Fast checks of the arithmetic behind the table (no browser).


def test_percentile_interpolates_like_numpy() -> None:
    report = _report()
    assert report.percentile([1, 2, 3, 4, 5], 50) == 3
    assert report.percentile([10, 20], 95) == pytest.approx(19.5)
    assert report.percentile([7], 95) == 7
    assert report.percentile([], 95) is None


def test_targets_compare_ratios_within_the_run() -> None:
    """Navigation, filter and first visit are ratios to the multipage reference (the frame), warm reruns to
    the empty page, memory in MB per session."""
    report = _report()
    results = {
        "script_time": {"empty": {"warm_median_ms": 2.0}, "dashboard": {"a": {"warm_median_ms": 12.0}}},
        "navigation": {
            "one_chart": {"p50_ms": 300.0, "first_visit_ms": 1000.0},
            "multipage": {"p50_ms": 400.0, "first_visit_ms": 2000.0},
            "dashboard": {"a": {"p50_ms": 500.0, "first_visit_ms": 2600.0}, "b": {"p50_ms": 520.0}},
        },
        "filter": {
            "multipage": {"p95_ms": 100.0},
            "dashboard": {"a": {"p95_ms": None, "error": "boom"}, "b": {"p95_ms": 120.0}},
        },
        "memory": {"dashboard": {"page": "a", "growth_mb_per_session": 1.5}},
    }
    targets = report.evaluate_targets(results)
    by_id = {(t["id"], t["subject"]): t for t in targets}
    assert by_id["warm_rerun", "a"]["value"] == 6.0 and by_id["warm_rerun", "a"]["status"] == "fail"
    assert by_id["navigation", "a"]["value"] == 1.25 and by_id["navigation", "a"]["status"] == "pass"
    assert by_id["navigation", "b"]["value"] == 1.3 and by_id["navigation", "b"]["status"] == "fail"
    assert [t["subject"] for t in targets if t["id"] == "first_visit"] == ["a"]
    assert by_id["first_visit", "a"]["value"] == 1.3 and by_id["first_visit", "a"]["status"] == "fail"
    unmeasured = by_id["filter_redraw", "a"]
    assert unmeasured["status"] == "not measured" and unmeasured["detail"] == "boom"
    assert by_id["filter_redraw", "b"]["value"] == 1.2 and by_id["filter_redraw", "b"]["status"] == "pass"
    assert by_id["rss_growth", "a"]["status"] == "fail"


def test_frame_floor_line_compares_the_multipage_reference_with_the_limits() -> None:
    report = _report()
    results = {
        "navigation": {"one_chart": {"p50_ms": 400.0}, "multipage": {"p50_ms": 560.0}},
        "filter": {"one_chart": {"p95_ms": 100.0}, "multipage": {"p95_ms": 150.0}},
    }
    line = report.frame_floor(results)
    assert "1.40× the one-chart page for navigation" in line and "1.50× for the filter redraw" in line
    assert report.frame_floor({"navigation": {"one_chart": {"p50_ms": 400.0}}}) == ""
