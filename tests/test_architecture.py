"""The shape of the code: a pure core that never imports Streamlit, no import cycle, every chart declared once
with exactly the datasets it reads and the controls it takes, one registry per page."""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from declared import core_modules, parts, variants
from industrial_base import site
from industrial_base.i18n import Messages
from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR, DataPackage
from industrial_base.registry import EVERY, Chart, Control, Datasets, Kind, Prepared

APP = Path(__file__).resolve().parents[1] / "app"
CORE = APP / "industrial_base"


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


@pytest.fixture(scope="module")
def package() -> DataPackage:
    return load_package(DEFAULT_DATA_DIR)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_declared_part_builds_from_exactly_what_it_reads(package: DataPackage, language: str) -> None:
    """A builder can only read what it declares (`Datasets` refuses the rest), and declares nothing it does
    not read: a card's downloads and Sources tab, made from `reads`, match what it draws. Every part is built
    with its controls at their defaults, then each control's other values (from the declarations)."""
    m = Messages(language)
    specs = dict(parts())
    assert len(specs) >= 30
    for name, spec in specs.items():
        used: set[str] = set()
        for index, values in enumerate(variants(spec, m, package)):
            data = Datasets.fetch(package, spec.reads, spec.name, spec.lenient)
            result = spec.build(m, data, **values)
            used |= data.used
            if isinstance(spec, Chart) and index == 0:  # a first visit draws every chart
                assert result is not None and result.title and result.takeaway, (name, values)
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


def test_a_builder_takes_exactly_the_controls_it_declares() -> None:
    """Controls are bound to a builder's parameters by the declaration, and checked against its signature:
    one left unbound, or one the builder does not take, fails when the part is declared."""
    years = Control("years", Kind.YEARS)

    def chart(m: Messages, data: Datasets, years: tuple[int, int], units: str) -> None:
        return None

    with pytest.raises(TypeError, match="takes"):
        Chart(reads=(), build=chart, controls=(years,))
    with pytest.raises(TypeError, match="takes"):
        Prepared(reads=(), build=lambda m, data: None, controls=(years,))
    with pytest.raises(TypeError, match="takes"):
        Prepared(reads=(), build=lambda m, data, years: None, controls=(years,), by_sector=True)


# --- one registry per page --------------------------------------------------------------------------------


def test_the_registry_lists_every_page_file_once() -> None:
    files = sorted(p.stem for p in (APP / "app_pages").glob("*.py"))
    assert sorted(entry.id for entry in site.PAGES) == files
    assert sum(entry.is_default for entry in site.PAGES) == 1
    for page in site.PAGES:
        assert importlib.import_module(f"industrial_base.pages.{page.id}").PAGE is page
        assert all(view.page == page.id for view in page.views), "each view knows its page"
        assert all(control.page == page.id for control in page.controls), "each control knows its page"
        keys = [control.key for control in page.controls]
        assert len(keys) == len(set(keys)), f"{page.id}: two controls share a key"


def test_a_page_wide_control_is_read_on_every_view_so_its_options_cannot_fail() -> None:
    """A page-wide control is read from the link before any view is drawn: options read from the data would
    take the whole page down with a broken dataset, so they are static or built leniently."""
    for page in site.PAGES:
        for control in page.controls:
            if control.page_wide and control.options is not None:
                assert control.options.lenient or not control.options.reads, control.words


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
