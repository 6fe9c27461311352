"""What the pages show, declared once: a chart's card, the datasets it reads and the function that builds it.

A **chart** (`Chart`) is declared in `industrial_base.pages.<page>` with its id, the datasets it reads
(`reads=`) and a pure builder, `build(m, data, **params) -> Card | None`: `m` is the reader's `Messages`,
`data` the declared datasets (validated, read-only copies) and `params` the page's control values it names
(`sectors` for the sidebar's sector filter). The dashboard fetches exactly `reads`, shows an error card when
one of them failed validation, caches the built card per (data folder, language, params), and uses the same
`reads` for the card's downloads and its Sources tab, so what a card offers cannot drift from what it draws.

`Prepared` is the same declaration for the parts of a page that are not a chart card (a metric, a grid, a
paragraph, a control's options): the dashboard draws what its builder returns.

Nothing here imports Streamlit: builders are tested with plain pytest (`tests/test_cards.py`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

import pandas as pd
import plotly.graph_objects as go

from industrial_base.factcheck import Evidence, verdicts
from industrial_base.figures import FrozenFigure
from industrial_base.package import DataPackage, DatasetUnavailable

T = TypeVar("T")

EVERY = "*"
"""`reads=(EVERY,)`: a package-wide summary (coverage, catalogue, legends). It gets every dataset that passed
validation and the descriptor; a broken dataset is left out of it, not raised."""
SECTORS = "sectors"
"""The parameter through which a builder receives the sidebar's chosen sector ids (a tuple, all when none are
chosen); a builder that takes it is filtered by sector, and its view says so."""


def md(text: str) -> str:
    """Markdown-safe text: a '$' would otherwise start LaTeX in Streamlit ("US$ … US$" renders as maths)."""
    return text.replace("$", "\\$")


@dataclass(frozen=True)
class Commentary:
    """Our words beside a chart: what the article claims and what the data shows."""

    claim: str
    finding: str
    claims: tuple[str, ...] = ()
    """Ids of rows in data/claims.csv discussed here; their computed verdicts show as badges."""


@dataclass(frozen=True)
class Card:
    """Everything one chart card shows, in one language. Built once per (data folder, language, params) and
    then shared by every session and rerun: treat it as read-only."""

    title: str
    figure: go.Figure
    displayed: pd.DataFrame
    """The data as charted (after filters and unit changes): the Table tab and the displayed-data download."""
    takeaway: str
    commentary: Commentary | None = None
    footnote: str | None = None


class Datasets(Mapping[str, pd.DataFrame]):
    """The datasets a builder declared, validated: `data["lg_batches"]` is a copy the builder may change.

    Asking for a dataset that is not in `reads` raises `KeyError`: a builder cannot read more than it
    declares, so the card's downloads and Sources tab (made from `reads`) list every dataset it draws on."""

    def __init__(self, package: DataPackage, reads: tuple[str, ...], owner: str) -> None:
        self._package = package
        self._reads = reads
        self._owner = owner
        self.used: set[str] = set()
        """The datasets the builder asked for (a test checks that it declares no more than it reads)."""

    @classmethod
    def fetch(
        cls, package: DataPackage, reads: tuple[str, ...], owner: str, lenient: bool = False
    ) -> Datasets:
        """The declared datasets, or `DatasetUnavailable` for the first one that failed validation (`lenient`:
        the ones that validated, without the others)."""
        if lenient:
            reads = tuple(name for name in reads if name in package.tables and package.tables[name].ok)
        for name in reads:
            if name != EVERY:
                package.table(name)  # raises DatasetUnavailable with the resource's problems
        return cls(package, reads, owner)

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._reads and EVERY not in self._reads:
            raise KeyError(f"{self._owner} reads '{name}' but does not declare it in reads={self._reads}")
        self.used.add(name)
        return self._package.table(name).copy()

    def __iter__(self) -> Iterator[str]:
        return iter(name for name in self._reads if name != EVERY)

    def __len__(self) -> int:
        return sum(name != EVERY for name in self._reads)

    @property
    def descriptor(self) -> Mapping[str, Any]:
        """The package descriptor (titles, sources, licences, schemas): metadata, never figures."""
        return self._package.descriptor

    @property
    def package(self) -> DataPackage:
        """The whole package, for a package-wide summary (`reads=(EVERY,)`) only."""
        if EVERY not in self._reads:
            raise KeyError(f"{self._owner} needs reads=(EVERY,) to see the whole package")
        return self._package

    def verdicts(self) -> dict[str, Evidence | DatasetUnavailable]:
        """Claim id -> the fact check's result; computed once per package from every dataset a check reads
        (a claim whose data failed validation holds that error)."""
        return verdicts(self._package)

    def validated(self) -> dict[str, pd.DataFrame]:
        """Every dataset that passed validation (read-only frames), for `reads=(EVERY,)` summaries."""
        return {name: result.frame for name, result in self.package.tables.items() if result.ok}


@dataclass(frozen=True, kw_only=True)
class Prepared(Generic[T]):
    """A part of a page prepared from the data: the datasets it reads and its pure builder
    `build(m, data, **params) -> T`. The dashboard caches the result per (data folder, language, params)."""

    reads: tuple[str, ...]
    build: Callable[..., T]
    lenient: bool = False
    """Build from the datasets that validated, leaving the others out, instead of failing (a control's range
    taken from whichever series loads)."""
    params: tuple[str, ...] = field(init=False)
    """The parameters the builder takes after `m` and `data` (read from its signature)."""

    def __post_init__(self) -> None:
        names = list(inspect.signature(self.build).parameters)
        if names[:2] != ["m", "data"]:
            raise TypeError(f"{self.name}: a builder takes (m, data, ...), not {names}")
        object.__setattr__(self, "params", tuple(names[2:]))

    @property
    def name(self) -> str:
        return f"{self.build.__module__}.{self.build.__qualname__}"

    def __call__(self, m: Any, package: DataPackage, **params: Any) -> T:
        """Build from a loaded package (what the dashboard's cache does, and what tests call)."""
        return self.build(m, Datasets.fetch(package, self.reads, self.name, self.lenient), **params)


@dataclass(frozen=True, kw_only=True)
class Chart(Prepared[Card | None]):
    """A chart card, declared once. `id` names its card (widget keys, file names of its downloads); `title`
    is the catalogue key of its short title (the error card's title when a dataset it reads failed). A builder
    returns None when nothing is left to chart (no row in the chosen sectors); the view then shows the
    catalogue message `empty`, given `chosen` (the chosen sectors' names)."""

    id: str
    title: str
    empty: str | None = None

    def __call__(self, m: Any, package: DataPackage, **params: Any) -> Card | None:
        """The card, its figure frozen: it is shared by every session and drawn on every rerun."""
        card = super().__call__(m, package, **params)
        return None if card is None else replace(card, figure=FrozenFigure(card.figure))

    @property
    def by_sector(self) -> bool:
        """Whether the sidebar's sector filter applies to this chart (its builder takes `sectors`)."""
        return SECTORS in self.params

    @property
    def datasets(self) -> tuple[str, ...]:
        """The datasets offered for download and listed in the Sources tab: exactly what it reads."""
        return tuple(name for name in self.reads if name != EVERY)


@dataclass(frozen=True)
class View:
    """One part of a page shown at a time (`?view=<id>`), with its label `<page>.views.<id>` in the catalogue:
    a chart, or a section the page draws itself (a grid with filters, paragraphs and metrics), which the
    page file supplies by the view's id.

    `heading` is the catalogue key of the heading drawn above it; `controls` name the page's controls it
    uses (drawn above the view picker; their values reach the chart's builder by name); `by_sector` says
    whether the sidebar's sector filter applies to a drawn section (a chart knows it from its builder; None
    draws no note); `title` is the catalogue key of a drawn section's name on its error card (default: its
    label)."""

    id: str
    chart: Chart | None = None
    heading: str | None = None
    controls: tuple[str, ...] = ()
    by_sector: bool | None = None
    title: str | None = None

    def __post_init__(self) -> None:
        missing = set(self.chart.params) - {SECTORS, *self.controls} if self.chart is not None else set()
        if missing:
            raise TypeError(f"view '{self.id}': its chart takes {sorted(missing)}, which no control gives")
