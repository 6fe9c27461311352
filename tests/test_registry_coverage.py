"""A view added to a page's registry is covered without a test edit: in a copy of the project with one more
view, the page, robustness and browser batteries collect it among their parameters."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NEW_VIEW = 'View("new_view", Chart(reads=("lg_key_support",), build=lambda m, data: None))'
BATTERIES = ["tests/test_pages.py", "tests/test_robustness.py"]
# The browser battery needs Playwright (the test extra): make test has it, the minimum-versions step not.
if importlib.util.find_spec("playwright") is not None:
    BATTERIES.append("tests/browser")


def test_a_new_view_shows_up_in_every_battery(tmp_path: Path) -> None:
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns("__pycache__", "fixtures", "artifacts", "snapshots")
    for part in ("app", "tests", "data", "bench", "tools"):
        shutil.copytree(REPO / part, copy / part, ignore=ignore)
    shutil.copy(REPO / "pyproject.toml", copy / "pyproject.toml")
    registry = copy / "app" / "industrial_base" / "pages" / "little_giants" / "__init__.py"
    text = registry.read_text(encoding="utf-8")
    anchor = "*industry.VIEWS"
    assert anchor in text
    registry.write_text(
        text.replace(anchor, f"{anchor}, {NEW_VIEW}").replace(
            "from industrial_base.registry import Page",
            "from industrial_base.registry import Chart, Page, View",
        ),
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *BATTERIES],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    collected = run.stdout
    for battery in BATTERIES:
        ids = [line for line in collected.splitlines() if line.startswith(battery)]
        assert ids, f"{battery} collected nothing"
        assert any("little_giants-new_view" in line for line in ids), f"{battery} does not cover the new view"
