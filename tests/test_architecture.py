"""The shape of the code: a pure core that never imports Streamlit, no import cycle, every chart declared once
with exactly the datasets it reads, one page registry."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import industrial_base
from industrial_base import site
from industrial_base.cards import EVERY, SECTORS, Chart, Datasets, Prepared, View
from industrial_base.i18n import Messages
from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR, DataPackage
from industrial_base.pages import clusters
from industrial_base.pages import value_added as va

APP = Path(__file__).resolve().parents[1] / "app"
CORE = APP / "industrial_base"


def core_modules() -> list[str]:
    return [
        info.name
        for info in pkgutil.walk_packages(industrial_base.__path__, "industrial_base.")
        if not info.name.endswith("__main__")
    ]


def imported(path: Path) -> Iterator[tuple[str, ast.AST, bool]]:
    """(module imported, node, whether the import is at the top level of the file, `if TYPE_CHECKING:`
    blocks included)."""
    tree = ast.parse(path.read_text())
    checking = [
        node.body
        for node in tree.body
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
    ]
    top = set(map(id, tree.body)) | {id(node) for body in checking for node in body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node, id(node) in top
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module, node, id(node) in top
            for alias in node.names:  # `from industrial_base import figures` imports a module too
                yield f"{node.module}.{alias.name}", node, id(node) in top


def test_the_core_never_imports_streamlit() -> None:
    """Every core module, imported in a fresh interpreter, leaves Streamlit unimported (so it is not pulled
    in through another library either)."""
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "assert 'streamlit' not in sys.modules, sorted(m for m in sys.modules if m.startswith('streamlit'))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=APP)
    for path in CORE.rglob("*.py"):
        for module, _, _ in imported(path):
            assert not module.startswith(("streamlit", "dashboard", "app_pages")), (path, module)


def test_no_import_inside_a_function() -> None:
    """Imports sit at the top of each file: an import inside a function is how a cycle hides."""
    for path in [*APP.rglob("*.py")]:
        late = [
            (node.lineno, module)
            for module, node, top in imported(path)
            if not top and not module.startswith("__future__")
        ]
        assert not late, (str(path.relative_to(APP)), late)


def test_the_core_has_no_import_cycle() -> None:
    names = set(core_modules()) | {"industrial_base"}
    graph: dict[str, set[str]] = {}
    for name in names - {"industrial_base"}:
        module = importlib.import_module(name)
        source = Path(str(module.__file__))
        graph[name] = {m for m, _, _ in imported(source) if m in names and m != name}
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        assert node not in path, " -> ".join([*path[path.index(node) :], node])
        if node in done:
            return
        for nxt in graph.get(node, ()):
            visit(nxt, [*path, node])
        done.add(node)

    for name in graph:
        visit(name, [])


# --- every chart declared once ------------------------------------------------------------------------


def declared() -> Iterator[tuple[str, Prepared[Any]]]:
    for name in core_modules():
        for attribute, value in vars(importlib.import_module(name)).items():
            if isinstance(value, Prepared):
                yield f"{name}.{attribute}", value
            elif isinstance(value, dict):
                for key, item in value.items():
                    if isinstance(item, Prepared):
                        yield f"{name}.{attribute}[{key}]", item


@pytest.fixture(scope="module")
def package() -> DataPackage:
    return load_package(DEFAULT_DATA_DIR)


def params_for(spec: Prepared[Any], package: DataPackage) -> dict[str, Any]:
    """A reader's first visit: every control at its default, every sector, the first of each list."""
    first, last = va.YEARS(Messages(), package)
    defaults: dict[str, Any] = {
        "years": (first, last),
        "units": "level",
        "log": False,
        "countries": tuple(va.DEFAULT_COUNTRIES),
        "measure": "usd",
        SECTORS: tuple(package.table("sectors")["sector_id"]),
        "verdict": (),
        "sector_filter": None,
        "vintage_indicator": "NV.IND.MANF.ZS",
        "index": 0,
        "filters": clusters.Filters(),
        "datasets": ("wdi_mva_usd",),
        "columns": ("value", "source_url"),
        "rows": ("MIIT", "project research (derived; not published by any source)"),
        "name": "lg_batches",
    }
    return {name: defaults[name] for name in spec.params}


VARIANTS = {"measure": ["share"], "units": ["yoy", "index", "cagr"], "log": [True]}
"""Other values of the controls whose value changes what a builder reads or draws."""


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_declared_part_builds_from_exactly_what_it_reads(package: DataPackage, language: str) -> None:
    """A builder can only read what it declares (`Datasets` refuses the rest), and declares nothing it does
    not read: a card's downloads and Sources tab, made from `reads`, match what it draws."""
    specs = dict(declared())
    assert len(specs) >= 30
    for name, spec in specs.items():
        defaults = params_for(spec, package)
        variants = [defaults] + [
            {**defaults, param: value}
            for param, values in VARIANTS.items()
            if param in defaults
            for value in values
        ]
        used: set[str] = set()
        for params in variants:
            data = Datasets.fetch(package, spec.reads, spec.name, spec.lenient)
            result = spec.build(Messages(language), data, **params)
            used |= data.used
            if isinstance(spec, Chart):
                assert result is not None and result.title and result.takeaway, (name, params)
        tabular = {r for r in spec.reads if r != EVERY and "schema" in package.resource(r)}
        if not spec.lenient:
            assert used == tabular, (name, sorted(tabular - used), sorted(used - tabular))


def test_a_builder_cannot_read_what_it_does_not_declare(package: DataPackage) -> None:
    def sneaky(m: Messages, data: Datasets) -> int:
        return len(data["lg_batches"])

    with pytest.raises(KeyError, match="does not declare it"):
        Prepared(reads=("lg_cumulative",), build=sneaky)(Messages(), package)
    with pytest.raises(TypeError, match=r"takes \(m, data"):
        Prepared(reads=(), build=lambda package: package)


def test_a_view_gets_every_parameter_its_chart_takes() -> None:
    with pytest.raises(TypeError, match="which no control gives"):
        View("mva", va.MVA, controls=("years",))


# --- one page registry --------------------------------------------------------------------------------


def test_the_registry_lists_every_page_file_once() -> None:
    files = sorted(p.stem for p in (APP / "app_pages").glob("*.py"))
    assert sorted(entry.id for entry in site.PAGES) == files
    assert sum(entry.is_default for entry in site.PAGES) == 1
    for language in ("en", "zh"):
        m = Messages(language)
        for entry in site.PAGES:
            assert m(entry.nav_label) and m(entry.title)
            assert entry.is_default or m(f"overview.pages.{entry.id}")


def test_pages_only_declare() -> None:
    """Page files read no dataset and do no arithmetic: they draw what the core prepared."""
    for path in (APP / "app_pages").glob("*.py"):
        text = path.read_text()
        assert not re.search(r"\.table\(\s*[\"']", text), path.name
        tree = ast.parse(text)
        arithmetic = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult | ast.Div | ast.Sub | ast.Pow)
        ]
        assert not arithmetic, (path.name, arithmetic)
