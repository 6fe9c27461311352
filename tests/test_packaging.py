"""The declared dependency floors, the minimum-versions constraints and the runtime lock agree.

CI installs ``constraints/minimum.txt`` and runs the in-process tests on it (``.ci/run``); that proves the
floors only while they are the same versions, which is checked here. The lock (``requirements.txt``, made by
``make lock``) must satisfy every declared requirement and pin every package with hashes, or
``make run``'s ``pip install --require-hashes`` would refuse it.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

REPO_ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _pins(path: Path) -> dict[str, Version]:
    """``name==version`` lines (continuation lines and comments skipped), by normalised name."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", line):
            pins[match.group(1).lower().replace("_", "-")] = Version(match.group(2))
    return pins


def _floors(requirements: list[str]) -> dict[str, Version]:
    floors = {}
    for text in requirements:
        requirement = Requirement(text)
        lows = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
        assert len(lows) == 1, f"{text}: declare exactly one floor (>=)"
        floors[requirement.name.lower()] = lows[0]
    return floors


def test_floors_are_the_tested_minimum_versions() -> None:
    floors = _floors(PYPROJECT["project"]["dependencies"] + PYPROJECT["build-system"]["requires"])
    assert floors == _pins(REPO_ROOT / "constraints" / "minimum.txt")


def test_lock_satisfies_the_declared_requirements_with_hashes() -> None:
    lock_path = REPO_ROOT / "requirements.txt"
    lock = _pins(lock_path)
    for text in PYPROJECT["project"]["dependencies"]:
        requirement = Requirement(text)
        pinned = lock[requirement.name.lower()]
        assert requirement.specifier.contains(pinned), (text, pinned)
    text = lock_path.read_text(encoding="utf-8")
    entries = re.findall(r"^[A-Za-z0-9][^\n]*(?:\n[ \t]+[^\n]*)*", text, flags=re.MULTILINE)
    assert len(entries) >= 20  # the whole closure (streamlit alone brings some 30 packages)
    assert [entry.split()[0] for entry in entries if "--hash=sha256:" not in entry] == []
