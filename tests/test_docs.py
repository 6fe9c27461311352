"""Docs that cannot drift: every module, symbol and file the documentation names exists."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = sorted([REPO / "README.md", REPO / "data" / "README.md", *(REPO / "docs").glob("*.md")])
PACKAGES = ("industrial_base", "dashboard", "data_api", "bench")
"""Top-level packages whose dotted names (`industrial_base.registry.View`) the docs may name."""
SPAN = re.compile(r"`([^`\n]+)`")
DOTTED = re.compile(r"[a-z_]+(\.[A-Za-z_]\w*)+(\(\))?")
PATH = re.compile(r"(app|tests|data|docs|bench|tools|constraints|\.ci)/[\w./-]+")
OUTPUTS = ("bench/results/", "tests/artifacts/")
"""Folders that runs write into (git ignores them): a path there exists once the command has run."""


def named(kind: re.Pattern[str]) -> list[tuple[str, str]]:
    """(doc, name) for every code span of the docs that is wholly a name of this kind."""
    found = []
    for doc in DOCS:
        for text in SPAN.findall(doc.read_text(encoding="utf-8")):
            if kind.fullmatch(text):
                found.append((doc.relative_to(REPO).as_posix(), text))
    return found


def resolves(dotted: str) -> bool:
    parts = dotted.removesuffix("()").split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return False


@pytest.mark.parametrize(
    ("doc", "name"), [(d, n) for d, n in named(DOTTED) if n.split(".")[0] in PACKAGES], ids=str
)
def test_every_symbol_the_docs_name_exists(doc: str, name: str) -> None:
    assert resolves(name), f"{doc} names `{name}`, which does not exist"


@pytest.mark.parametrize(
    ("doc", "path"), [(d, p) for d, p in named(PATH) if not p.startswith(OUTPUTS)], ids=str
)
def test_every_file_the_docs_name_exists(doc: str, path: str) -> None:
    """A placeholder segment in capitals (`app/content/LANG/PAGE.toml`) stands for any name."""
    pattern = re.sub(r"\b[A-Z]+\b", "*", path.split("::")[0].rstrip("/."))
    assert list(REPO.glob(pattern)), f"{doc} names `{path}`, which does not exist"


def test_the_docs_name_the_core_and_its_registry() -> None:
    """The checks above have something to check: the architecture doc names modules and files."""
    architecture = REPO / "docs" / "architecture.md"
    assert any(doc == "docs/architecture.md" for doc, _ in named(DOTTED)), architecture
    assert any(doc == "docs/architecture.md" for doc, _ in named(PATH)), architecture
