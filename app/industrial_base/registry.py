"""What the dashboard shows, declared once: each page with its views, the controls they use, what they read.

A **page** (`Page`) lists its **views** (`View`: one part of the page shown at a time, `?view=<id>`). A view
is a chart (`chart=`, a `Chart`) or a section the page file draws (`parts=`, the `Prepared` parts it draws);
each `Prepared` names the datasets its builder reads (`reads=`) and the **controls** it takes (`Control`: a
value the reader chooses, kept in the link as `?<key>=`). A builder is pure: `build(m, data, **values)`,
with `m` the reader's `Messages`, `data` exactly the declared datasets (`Datasets`) and `values` its
controls' values by key, plus `sectors` (the sidebar's sector filter) when it is `by_sector`. The dashboard
fetches exactly `reads`, shows an error card when one of them failed validation, caches what a builder
returns per (data folder, language, values), and makes a chart card's downloads and Sources tab from the same
`reads`, so what a card offers cannot drift from what it draws.

Words follow the declarations; none is named in Python: a page's are `<page>.page.{nav,title,caption,guide}`,
a view's `<page>.<view>.{label,title,short}` (its label in the view picker, the card's title or the section's
heading, and its name on an error card), a control's `<page>.controls.<key>.{label,help,placeholder,options}`
(help, placeholder and options where the catalogue has them).

Nothing here imports Streamlit: builders are tested with plain pytest (tests/test_architecture.py).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Generic, Literal, TypeVar

import pandas as pd
import plotly.graph_objects as go

from industrial_base import links
from industrial_base.figures import FrozenFigure
from industrial_base.i18n import Messages
from industrial_base.package import DataPackage

T = TypeVar("T")

EVERY = "*"
"""`reads=(EVERY,)`: a package-wide summary (the catalogue, legends, citations). It gets every dataset that
passed validation and the descriptor; a broken dataset is left out of it, not raised."""
SECTORS = "sectors"
"""The parameter through which a `by_sector` builder receives the sidebar's chosen sector ids (a tuple, all of
them when none is chosen)."""
DASHBOARD = "dashboard"
ABOUT_DATA = "about_data"
"""Navigation groups (`ui.nav.<group>`)."""


def md(text: str) -> str:
    """Markdown-safe text: a '$' would otherwise start LaTeX in Streamlit ("US$ … US$" renders as maths)."""
    return text.replace("$", "\\$")


# --- what a chart card holds ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Commentary:
    """Our words beside a chart: what the article claims and what the data shows."""

    claim: str
    finding: str
    claims: tuple[str, ...] = ()
    """Ids of rows in data/claims.csv discussed here; their computed verdicts show as badges."""


@dataclass(frozen=True)
class Card:
    """Everything one chart card shows, in one language. Built once per (data folder, language, values) and
    then shared by every session and rerun: treat it as read-only."""

    title: str
    figure: go.Figure
    displayed: pd.DataFrame
    """The data as charted (after filters and unit changes): the Table tab and the displayed-data download."""
    takeaway: str
    commentary: Commentary | None = None
    footnote: str | None = None
    datasets: tuple[str, ...] = ()
    """The datasets it reads (its downloads and Sources tab): filled in by `Chart` from its `reads`."""


# --- the data a builder may read -------------------------------------------------------------------------


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
        """The declared datasets, or `DatasetUnavailable` for the first one that failed validation. `lenient`:
        fail only when the builder asks for one that failed (it can see which validated: `in`, iteration)."""
        if not lenient:
            for name in reads:
                if name != EVERY:
                    package.table(name)  # raises DatasetUnavailable with the resource's problems
        return cls(package, reads, owner)

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._reads and EVERY not in self._reads:
            raise KeyError(f"{self._owner} reads '{name}' but does not declare it in reads={self._reads}")
        self.used.add(name)
        return self._package.table(name).copy()

    def __contains__(self, name: object) -> bool:
        return any(name == found for found in self)

    def __iter__(self) -> Iterator[str]:
        """The declared datasets that validated."""
        tables = self._package.tables
        return iter(name for name in self._reads if name in tables and tables[name].ok)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def only(self, reads: tuple[str, ...], owner: str) -> Datasets:
        """Some of these datasets, for a part of the builder's work that reads fewer (a fact check of one
        claim); `DatasetUnavailable` for the first of them that failed validation."""
        undeclared = set(reads) - set(self._reads)
        if undeclared and EVERY not in self._reads:
            raise KeyError(f"{owner} reads {sorted(undeclared)} that {self._owner} does not declare")
        return Datasets.fetch(self._package, reads, owner)

    @property
    def memo(self) -> dict[str, Any]:
        """Results computed once per loaded package from these datasets (the fact-check verdicts)."""
        return self._package.memo

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

    def validated(self) -> dict[str, pd.DataFrame]:
        """Every dataset that passed validation (read-only frames), for `reads=(EVERY,)` summaries."""
        return {name: result.frame for name, result in self.package.tables.items() if result.ok}


# --- controls --------------------------------------------------------------------------------------------


class Kind(StrEnum):
    """How a control is chosen, and what its value is: `choice` one option id; `choices` a tuple of ids (in
    the options' order); `flag` a bool; `text` a string; `years` a (first, last) pair."""

    CHOICE = "choice"
    CHOICES = "choices"
    FLAG = "flag"
    TEXT = "text"
    YEARS = "years"


@dataclass(frozen=True)
class Control:
    """A value the reader chooses, kept in the link as `?<key>=` (the value the builders get, by `key`).

    `options`: for `choice` and `choices`, a part building {id: label} from the data (None: the catalogue
    table `<page>.controls.<key>.options`); for `years`, one building (first, last). `default`: the value
    without a link (None: the first option, no option, off, empty, every year). `page_wide`: drawn above the
    view picker on every view that uses it and read from the link on every view, so a bad value is reported
    whichever view a link opens; its options must not fail (static, or `lenient`). Its words are under
    `<page>.controls.<key>`; `page` is set by the `Page` that holds it."""

    key: str
    kind: Kind
    options: Prepared[Any] | None = None
    default: Hashable | None = None
    page_wide: bool = False
    pills: bool = False
    max_chars: int = 80
    """The longest text a `text` control takes from a link."""
    page: str = field(default="", compare=False)

    @property
    def words(self) -> str:
        """Where its words are in the catalogue."""
        return f"{self.page}.controls.{self.key}"

    def offered(self, m: Messages, built: Any = None) -> Any:
        """What can be chosen: {id: label} (`built` is what `options` built, if it has options), (first,
        last) for years, None for a flag or a text."""
        if self.kind in (Kind.CHOICE, Kind.CHOICES) and self.options is None:
            return m.labels(f"{self.words}.options")
        return built

    def parser(self, offered: Any) -> links.Parser:
        if self.kind is Kind.CHOICE:
            return links.one_of(list(offered))
        if self.kind is Kind.CHOICES:
            return links.many_of(list(offered))
        if self.kind is Kind.FLAG:
            return links.flag
        if self.kind is Kind.TEXT:
            return links.free_text(self.max_chars)
        return links.year_range(*offered)

    def fallback(self, offered: Any) -> Hashable:
        """The value without a link."""
        if self.default is not None:
            return self.default
        return {
            Kind.CHOICE: lambda: next(iter(offered)),
            Kind.CHOICES: tuple,
            Kind.FLAG: lambda: False,
            Kind.TEXT: str,
            Kind.YEARS: lambda: tuple(offered),
        }[self.kind]()

    def encode(self, value: Any) -> list[str]:
        """The value as the link writes it."""
        if self.kind is Kind.FLAG:
            return ["true" if value else "false"]
        if isinstance(value, list | tuple):
            return [str(v) for v in value]
        return [str(value)]


# --- prepared parts and charts ---------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Prepared(Generic[T]):
    """A part of a page prepared from the data: the datasets it reads, the controls it takes and its pure
    builder `build(m, data, **values) -> T`. The dashboard caches the result per (data folder, language,
    values). The builder's parameters after `(m, data)` are exactly its controls' keys (and `sectors` when
    `by_sector`): checked here, so a control cannot be left unbound or bound by accident."""

    reads: tuple[str, ...]
    build: Callable[..., T]
    controls: tuple[Control, ...] = ()
    by_sector: bool = False
    lenient: bool = False
    """Build from the datasets that validated, leaving the others out, instead of failing (a control's range
    taken from whichever series loads)."""

    def __post_init__(self) -> None:
        names = list(inspect.signature(self.build).parameters)
        wanted = [control.key for control in self.controls] + ([SECTORS] if self.by_sector else [])
        if names[:2] != ["m", "data"] or sorted(names[2:]) != sorted(wanted):
            raise TypeError(f"{self.name}: a builder takes (m, data, {', '.join(wanted)}), not {names}")

    @property
    def name(self) -> str:
        return f"{self.build.__module__}.{self.build.__qualname__}"

    def __call__(self, m: Messages, package: DataPackage, **values: Any) -> T:
        """Build from a loaded package (what the dashboard's cache does, and what tests call)."""
        return self.build(m, Datasets.fetch(package, self.reads, self.name, self.lenient), **values)


@dataclass(frozen=True, kw_only=True)
class Chart(Prepared[Card | None]):
    """A chart card's part. Its builder returns None when nothing is left to chart (no row in the chosen
    sectors); the view then says so (`<page>.<view>.empty`, else `ui.scope.none`)."""

    def __call__(self, m: Messages, package: DataPackage, **values: Any) -> Card | None:
        """The card, its figure frozen (it is shared by every session and drawn on every rerun), with the
        datasets it reads."""
        card = super().__call__(m, package, **values)
        if card is None:
            return None
        datasets = tuple(name for name in self.reads if name != EVERY)
        return replace(card, figure=FrozenFigure(card.figure), datasets=datasets)


# --- views and pages -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    """One part of a page shown at a time (`?view=<id>`): a chart (`chart`) or a section that the page file
    draws (`parts`: what it draws; a section may draw a chart among them). `by_sector` says whether the
    sidebar's sector filter applies to a section (a chart knows it from its part; None: no note). `heading`:
    a section is headed by its title. `page` is set by the `Page` that holds it."""

    id: str
    chart: Chart | None = None
    parts: tuple[Prepared[Any], ...] = ()
    by_sector: bool | None = None
    heading: bool = False
    former_default: bool = False
    """The page's first view before another took its place: a link without `?view=` that carries a parameter
    of its own controls opens it (links copied while it was the default named no view)."""
    page: str = field(default="", compare=False)

    @property
    def key(self) -> str:
        """Unique in the dashboard: its card's widget keys and its download file names."""
        return f"{self.page}_{self.id}"

    @property
    def words(self) -> str:
        return f"{self.page}.{self.id}"

    @property
    def prepared(self) -> tuple[Prepared[Any], ...]:
        return (*((self.chart,) if self.chart else ()), *self.parts)

    @property
    def controls(self) -> tuple[Control, ...]:
        """Every control its parts take, in declaration order."""
        found = {control.key: control for part in self.prepared for control in part.controls}
        return tuple(found.values())

    @property
    def reads(self) -> tuple[str, ...]:
        """Every dataset its parts and its controls' options read (a broken one shows as an error card)."""
        return self._reads(lenient=True)

    @property
    def needs(self) -> tuple[str, ...]:
        """The datasets without which it cannot draw at all: what its parts read but a `lenient` part's (which
        leaves a broken one out, or shows its error card in place of the part that needs it)."""
        return self._reads(lenient=False)

    def _reads(self, lenient: bool) -> tuple[str, ...]:
        parts = [*self.prepared, *(c.options for c in self.controls if c.options is not None)]
        found = (name for part in parts if lenient or not part.lenient for name in part.reads)
        return tuple(dict.fromkeys(found))

    @property
    def filtered(self) -> bool | None:
        """Whether the sidebar's sector filter applies (None: the view says nothing about it)."""
        return self.chart.by_sector if self.chart is not None and not self.parts else self.by_sector


@dataclass(frozen=True)
class Page:
    """One page of the dashboard: its views (the first is the default, and leaves the link clean) and where
    it sits. Its file is `app/app_pages/<id>.py`, its words `app/content/<lang>/<id>.toml`.

    `caption`: a part building the line under the title from the data (None: `<page>.page.caption`, where
    the catalogue has one). `headings`: how a section's heading is drawn (`header` where the sections are the
    page's main headings)."""

    id: str
    icon: str
    views: tuple[View, ...]
    url_path: str | None = None
    """None for the default page (served at `/`)."""
    group: str = DASHBOARD
    caption: Prepared[str] | None = None
    headings: Literal["header", "subheader"] = "subheader"

    def __post_init__(self) -> None:
        for view in self.views:
            object.__setattr__(view, "page", self.id)
            for control in view.controls:
                object.__setattr__(control, "page", self.id)
        keys = [view.id for view in self.views]
        if len(set(keys)) != len(keys):
            raise ValueError(f"page {self.id}: two views share an id in {keys}")

    @property
    def script(self) -> str:
        """The page file, relative to the entrypoint's folder."""
        return f"app_pages/{self.id}.py"

    @property
    def words(self) -> str:
        return f"{self.id}.page"

    @property
    def is_default(self) -> bool:
        return self.url_path is None

    @property
    def controls(self) -> tuple[Control, ...]:
        """Every control of its views, once each, in declaration order."""
        found = {control.key: control for view in self.views for control in view.controls}
        return tuple(found.values())

    def view(self, view_id: str) -> View:
        """The view with this id; KeyError names the unknown id."""
        for view in self.views:
            if view.id == view_id:
                return view
        raise KeyError(f"page {self.id} has no view '{view_id}'")
