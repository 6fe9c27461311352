"""What the tests visit and pass, derived from the registries (`industrial_base.site.PAGES`) and never
restated: the parts every page declares, the values every control offers, its default and its other values,
and which views a broken dataset takes down."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Hashable, Iterator
from typing import Any

import industrial_base
from industrial_base import site
from industrial_base.i18n import Messages
from industrial_base.package import DataPackage
from industrial_base.registry import SECTORS, Control, Kind, Page, Prepared, View


def core_modules() -> list[str]:
    return [
        info.name
        for info in pkgutil.walk_packages(industrial_base.__path__, "industrial_base.")
        if not info.name.endswith("__main__")
    ]


def parts() -> Iterator[tuple[str, Prepared[Any]]]:
    """Every declared part: each page's caption, views' charts and parts, controls' options (by where they
    sit in the registry), and any other part a core module declares (by module and name)."""
    found: dict[int, str] = {}
    for page in site.PAGES:
        if page.caption is not None:
            found.setdefault(id(page.caption), f"{page.id}.caption")
        for view in page.views:
            for index, part in enumerate(view.prepared):
                found.setdefault(id(part), f"{view.words}[{index}]")
            for control in view.controls:
                if control.options is not None:
                    found.setdefault(id(control.options), control.words)
    everything = {id(part): part for part in module_parts()}
    everything |= {id(part): part for page in site.PAGES for part in page_parts(page)}
    for key, part in everything.items():
        yield found.get(key, part.name), part


def page_parts(page: Page) -> Iterator[Prepared[Any]]:
    if page.caption is not None:
        yield page.caption
    for view in page.views:
        yield from view.prepared
        yield from (control.options for control in view.controls if control.options is not None)


def module_parts() -> Iterator[Prepared[Any]]:
    for name in core_modules():
        for value in vars(importlib.import_module(name)).values():
            if isinstance(value, Prepared):
                yield value
            elif isinstance(value, dict):
                yield from (item for item in value.values() if isinstance(item, Prepared))


def offered(control: Control, m: Messages, package: DataPackage) -> Any:
    """What a control offers ({id: label}, or (first, last) years)."""
    built = control.options(m, package) if control.options is not None else None
    return control.offered(m, built)


def default(control: Control, m: Messages, package: DataPackage) -> Hashable:
    return control.fallback(offered(control, m, package))


def other_values(control: Control, m: Messages, package: DataPackage) -> list[Hashable]:
    """Values of a control other than its default: every other option, a pair of options, the other
    position of a flag, a word to search for, a shorter span of years."""
    choices, first = offered(control, m, package), default(control, m, package)
    if control.kind is Kind.CHOICE:
        return [option for option in choices if option != first]
    if control.kind is Kind.CHOICES:
        ids = list(choices)
        return [value for value in ((ids[0],), tuple(ids[-2:])) if value != first]
    if control.kind is Kind.FLAG:
        return [not first]
    if control.kind is Kind.TEXT:
        return ["a"]
    start, end = choices
    return [(start + 1, end - 1)] if end - start > 2 else []


def every_sector(package: DataPackage) -> tuple[str, ...]:
    return tuple(package.table("sectors")["sector_id"])


def values(part: Prepared[Any], m: Messages, package: DataPackage) -> dict[str, Hashable]:
    """What a reader's first visit passes a part: every control at its default, every sector."""
    given = {control.key: default(control, m, package) for control in part.controls}
    return given | ({SECTORS: every_sector(package)} if part.by_sector else {})


def variants(part: Prepared[Any], m: Messages, package: DataPackage) -> Iterator[dict[str, Hashable]]:
    """The first visit's values, then each control's other values one at a time, then one sector."""
    first = values(part, m, package)
    yield first
    for control in part.controls:
        for value in other_values(control, m, package):
            yield {**first, control.key: value}
    if part.by_sector:
        yield {**first, SECTORS: every_sector(package)[:1]}


def views() -> list[tuple[Page, View]]:
    return [(page, view) for page in site.PAGES for view in page.views]


def taken_down(dataset: str) -> set[str]:
    """The views (`View.key`) that a broken `dataset` turns into an error card."""
    return {view.key for _, view in views() if dataset in view.needs}
