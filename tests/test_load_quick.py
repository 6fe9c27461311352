"""The load script (bench/load_test.py) end to end, small: 3 concurrent browser sessions for 10 seconds.

No timed assertions (timings depend on the machine): the run must have no error, render every page, leave
data/ untouched and write its JSON. The full run (20 sessions x 60 s) is a separate command, see
docs/robustness.md.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[1]


def chromium() -> str:
    candidate = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    resolved = shutil.which(candidate) or candidate
    if os.path.isfile(resolved) and os.access(resolved, os.X_OK):
        return resolved
    if os.environ.get("CI"):
        pytest.fail(f"Chromium not found at {candidate}; browser tests must run in CI", pytrace=False)
    pytest.skip(f"Chromium not found at {candidate}: `sudo apt-get install chromium` or set CHROMIUM_PATH")


def test_load_quick(tmp_path: Path) -> None:
    out = tmp_path / "load.json"
    command = [
        sys.executable, str(REPO_ROOT / "bench" / "load_test.py"),
        "--sessions", "3", "--duration", "10", "--out", str(out), "--chromium", chromium(),
    ]  # fmt: skip
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=240)
    assert out.exists(), f"no JSON written\n{done.stdout}\n{done.stderr}"
    result = json.loads(out.read_text(encoding="utf-8"))
    summary = result["summary"]
    assert summary["errors"] == 0, result["errors"][:5]
    assert summary["all_pages_rendered"], summary
    assert summary["steps_ok"] >= 3 and summary["memory"]["samples"] >= 5
    assert summary["memory"]["rss_peak_mb"] > 0 and result["data_unchanged"] is True
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
