"""Each chart view by URL: its displayed data (CSV, JSON), its picture (PNG, SVG) and its static embed page.

The extension point. The page registries give one `ViewRoute` per view: the page's URL path, the view's id,
its `Chart` (the core's declaration: the datasets it reads and its builder) and a `parse` function that turns
the link's parameters into the builder's, exactly as the dashboard's link is read:

    def parse(query: Query) -> Mapping[str, Hashable]   # raise BadParameter(name, allowed, value)

`query` holds every parameter of the request but `lang`, which the API reads itself (`?lang=zh`). `parse`
refuses anything the dashboard would ignore with a notice, an unknown parameter name included, by raising
`BadParameter`; the API answers 400 naming the parameter and what it accepts. What `parse` returns is the
canonical form of the request: the response cache and the ETag are keyed on it, so `?years=2015&years=2021`
and `?years=2021&years=2015` share one cached response when `parse` returns the same value for both.

From those, with no route written per view, the API serves

    /api/v1/views/<page>/<view>.csv    the data as charted (spreadsheet-formula-safe, as the card's download)
    /api/v1/views/<page>/<view>.json   the same rows with title, takeaway, parameters, datasets, licences
    /api/v1/views/<page>/<view>.png    the chart with its provenance (industrial_base.export), if a drawer is
    /api/v1/views/<page>/<view>.svg    given (the dashboard's kaleido one; 404 otherwise)
    /api/v1/embed/<page>/<view>        the static embed page (data_api.embed)

each taking the same query string as the dashboard's link.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go

from data_api.datasets import API, Snapshot
from data_api.embed import render_embed
from data_api.responses import Built, build, build_json, disposition, error, shown
from industrial_base import export, links
from industrial_base.geo import PROVINCE_BOUNDARIES_URL, with_boundaries
from industrial_base.i18n import DEFAULT_LANGUAGE, LANGUAGES, Messages
from industrial_base.package import DataPackage, DatasetUnavailable
from industrial_base.provenance import licence_links, to_safe_csv
from industrial_base.registry import SECTORS, Chart, Control, Kind, Page
from industrial_base.sectors import SECTOR_NAMES

Query = Mapping[str, Sequence[str]]
"""The request's parameters but `lang`: name -> every value given, in order."""
Draw = Callable[[go.Figure, str], bytes]
"""Draws a figure as "png" or "svg" bytes (the dashboard's `exports.render`)."""
LANG = "lang"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "png": "image/png",
    "svg": "image/svg+xml",
}
PICTURES = ("png", "svg")
EMBED = "embed"
VIEWS = f"{API}/views"
EMBEDS = f"{API}/embed"
TO_ROOT = "../" * (EMBEDS.count("/") + 1)
"""From an embed page (`<EMBEDS>/<page>/<view>`) to the site's root, relative: it holds under a proxy's base
path too."""


class BadParameter(ValueError):
    """A parameter a view cannot take: its name, what it accepts and the value given (answered with 400)."""

    def __init__(self, name: str, allowed: Sequence[str] | str, value: str | None = None) -> None:
        self.name = name
        self.allowed = allowed if isinstance(allowed, str) else list(allowed)
        self.value = value
        super().__init__(f"bad parameter {name!r}")


@dataclass(frozen=True)
class ViewRoute:
    """One view, by URL: what the page registries provide for each chart view."""

    page: str
    """The page's URL segment (its dashboard path, "little-giants"; the default page by its id)."""
    view: str
    """The view's id, as in the dashboard's `?view=`."""
    chart: Chart
    parse: Callable[[Query, DataPackage], Mapping[str, Hashable]]
    """The builder's parameters from the link's (`BadParameter` for anything refused)."""
    path: str
    """The page's path in the dashboard ("/little-giants", "/" for the default page)."""

    @property
    def key(self) -> tuple[str, str]:
        return self.page, self.view


@dataclass(frozen=True)
class Request:
    """A view request, validated: its canonical form keys the cache and the ETag."""

    route: ViewRoute
    fmt: str
    lang: str
    params: tuple[tuple[str, Hashable], ...]
    query: tuple[tuple[str, str], ...]
    """The request's parameters as given (`lang` last, left out when it is the default)."""
    origin: str = ""
    """`scheme://host` of the request, for a picture only: its footer's link must work wherever the picture
    is pasted, so it is absolute (and the picture is cached per origin)."""

    @property
    def link(self) -> str:
        """The view in the dashboard, with the request's parameters."""
        return f"{self.route.path}?{urlencode([('view', self.route.view), *self.query])}"

    def url(self, fmt: str) -> str:
        """This request in another format (the embed page's picture)."""
        base = f"{VIEWS}/{self.route.page}/{self.route.view}.{fmt}"
        return f"{base}?{urlencode(self.query)}" if self.query else base

    @property
    def cache_key(self) -> tuple[Hashable, ...]:
        return ("view", *self.route.key, self.fmt, self.lang, self.params, self.origin)


def validate(
    route: ViewRoute, fmt: str, query: Mapping[str, list[str]], origin: str, package: DataPackage
) -> Request | Built:
    """The request in canonical form, or the 400 naming the parameter and what it accepts."""
    languages = query.get(LANG, [DEFAULT_LANGUAGE])
    if len(languages) != 1 or languages[0] not in LANGUAGES:
        return bad(BadParameter(LANG, list(LANGUAGES), ",".join(languages)))
    rest = {name: values for name, values in query.items() if name != LANG}
    try:
        params = route.parse(rest, package)
    except BadParameter as problem:
        return bad(problem)
    pairs = [(n, v) for n, values in rest.items() for v in values]
    if languages[0] != DEFAULT_LANGUAGE:
        pairs.append((LANG, languages[0]))
    picture = fmt in PICTURES
    return Request(
        route, fmt, languages[0], tuple(sorted(params.items())), tuple(pairs), origin if picture else ""
    )


def bad(problem: BadParameter) -> Built:
    return error(
        400,
        "bad parameter",
        parameter=shown(problem.name),
        value=None if problem.value is None else shown(problem.value),
        allowed=problem.allowed,
    )


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts: missing values as null, dates and numbers as pandas writes them."""
    return json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))


def respond(snapshot: Snapshot, request: Request, draw: Draw | None) -> Built:
    """Build the view's card for the request and the response in its format (runs off the event loop)."""
    route, m = request.route, Messages(request.lang)
    try:
        card = route.chart(m, snapshot.package, **dict(request.params))
    except DatasetUnavailable as unavailable:
        return error(409, "a dataset this view reads failed validation", dataset=unavailable.name)
    if card is None:
        return error(404, "nothing to chart for these parameters", view=f"{route.page}/{route.view}")
    etag = snapshot.etag("view", *route.key, request.fmt, request.lang, repr(request.params), request.origin)
    name = f"{route.page}_{route.view}".replace("-", "_")
    descriptor = snapshot.package.descriptor
    if request.fmt == "csv":  # a CSV cannot carry its licence: the response's Link header does
        licensed = licence_links(descriptor, card.datasets)
        return build(
            to_safe_csv(card.displayed),
            FORMATS["csv"],
            etag=etag,
            headers=(disposition("attachment", f"{name}.csv"), *((("Link", licensed),) if licensed else ())),
        )
    if request.fmt == "json":
        licences = {n: snapshot.resources.get(n, {}).get("licenses", []) for n in card.datasets}
        document = {
            "view": {"page": route.page, "id": route.view, "link": request.link},
            "title": card.title,
            "takeaway": card.takeaway,
            "language": request.lang,
            "parameters": {k: list(v) if isinstance(v, tuple) else v for k, v in request.params},
            "datasets": [{"name": n, "licenses": licences[n]} for n in card.datasets],
            "sources": export.source_line(m, card.displayed, descriptor, card.datasets),
            "data": records(card.displayed),
        }
        return build_json(document, etag=etag, headers=(disposition("inline", f"{name}.json"),))
    sources = export.source_line(m, card.displayed, descriptor, card.datasets)
    licence = export.licences(descriptor, card.datasets)
    if request.fmt == EMBED:
        page = render_embed(
            m,
            figure=with_boundaries(card.figure, TO_ROOT + PROVINCE_BOUNDARIES_URL).to_json(),
            title=card.title,
            takeaway=card.takeaway,
            sources=sources,
            licence=licence,
            accessed=date.today(),
            link=request.link,
            picture=request.url("png"),
        )
        return build(page.encode("utf-8"), "text/html; charset=utf-8", etag=etag)
    if draw is None:
        return error(404, "this server draws no pictures (it has no Chromium)", format=request.fmt)
    composed = export.composed(
        m, card, sources=sources, licence=licence, accessed=date.today(), link=request.origin + request.link
    )
    return build(
        draw(composed, request.fmt),
        FORMATS[request.fmt],
        etag=etag,
        headers=(disposition("inline", f"{name}.{request.fmt}"),),
    )


# --- the routes of the page registries ---------------------------------------------------------------------

SECTOR = "sector"
"""The sidebar's sector filter in a dashboard link (`?sector=nev&sector=biomed`)."""


def view_routes(pages: Sequence[Page]) -> list[ViewRoute]:
    """One route per chart view of the registries (a section's charts are drawn with its other parts, so a
    section has no route): each new chart has its URLs without a route written for it."""
    return [
        ViewRoute(
            page=page.url_path or page.id,
            view=view.id,
            chart=view.chart,
            parse=link_parser(page, view.chart),
            path=f"/{page.url_path or ''}",
        )
        for page in pages
        for view in page.views
        if view.chart is not None and not view.parts
    ]


def allowed(control: Control, offered: Any) -> list[str] | str:
    """What a control accepts, for a 400's `allowed`."""
    if control.kind in (Kind.CHOICE, Kind.CHOICES):
        return list(offered)
    if control.kind is Kind.FLAG:
        return ["true", "false"]
    if control.kind is Kind.TEXT:
        return f"text of up to {control.max_chars} characters"
    return f"two years from {offered[0]} to {offered[1]}"


def link_parser(page: Page, chart: Chart) -> Callable[[Query, DataPackage], Mapping[str, Hashable]]:
    """The link's parameters read as the dashboard reads them: any control of the page (a page-wide one may
    be in a link to any of its views) and the sidebar's sectors, each checked against what it offers; a bad
    or unknown one refused. The chart gets its own controls (their defaults when the link has none) and, if
    it is filtered by sector, the chosen sectors (every one when none is chosen)."""
    controls = {control.key: control for control in page.controls}
    english = Messages()

    def offered(control: Control, package: DataPackage) -> Any:
        built = control.options(english, package) if control.options is not None else None
        return control.offered(english, built)

    def parse(query: Query, package: DataPackage) -> Mapping[str, Hashable]:
        values: dict[str, Hashable] = {}
        for name, given in query.items():
            if name == SECTOR:
                continue
            if name not in controls:
                raise BadParameter(name, sorted([*controls, SECTOR]), ",".join(given))
            control = controls[name]
            choices = offered(control, package)
            value, problems = control.parser(choices)(english, list(given))
            if value is None or problems:
                raise BadParameter(name, allowed(control, choices), ",".join(given)[:200])
            if control.kind is Kind.YEARS and value[0] == value[1]:  # the dashboard widens one year to all
                value = control.fallback(choices)
            values[name] = value
        built = {c.key: values.get(c.key, c.fallback(offered(c, package))) for c in chart.controls}
        sectors = list(SECTOR_NAMES(english, package))
        chosen, problems = links.many_of(sectors)(english, list(query.get(SECTOR, [])))
        if problems:
            raise BadParameter(SECTOR, sectors, ",".join(query[SECTOR])[:200])
        if chart.by_sector:
            built[SECTORS] = tuple(chosen or sectors)
        return built

    return parse
