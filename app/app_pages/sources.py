"""Sources & methods: datasets with schemas and sources, legends, derivations, discrepancies, licences.

One section at a time (`?view=ID`, `dashboard.views`): only the chosen section's code runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import state, url_state, views
from dashboard.cards import (
    Card,
    column_config,
    guarded,
    issues_frame,
    md,
    sector_scope_note,
    show,
)
from industrial_base import provenance
from industrial_base.i18n import Messages
from industrial_base.views import sources as sv

m = state.messages()

descriptor = state.package().descriptor
resources = descriptor.get("resources", [])
labels = m.column_labels()
open_link = m("ui.card.open_link")
not_stated = m("sources.catalogue.not_stated")
CATALOGUE_COLUMNS = [
    "dataset",
    "title",
    "rows",
    "sector",
    "main_source",
    "sources",
    "licence",
    "topic",
    "status",
]
VALIDATION_COLUMNS = ["dataset", "status", "errors", "warnings", "rows", "file"]
ROWS = st.column_config.NumberColumn(labels["rows"], help="`rows`", format="%d")

st.title(m("ui.nav.sources"))
st.caption(m("sources.caption"))
sector_scope_note(has_sector_dimension=False)

with st.container(horizontal=True, vertical_alignment="center"):
    st.download_button(
        m("sources.labels.download"),
        data=lambda: provenance.package_zip(state.data_dir(), state.package().descriptor),
        file_name=f"{descriptor.get('name', 'data-package')}-{descriptor.get('version', '')}.zip".replace(
            "-.", "."
        ),
        mime="application/zip",
        key="dl_package",
        on_click="ignore",
        icon=":material/folder_zip:",
        type="primary",
    )
    st.caption(
        md(
            m(
                "sources.download.caption",
                datasets=len(resources),
                version=descriptor.get("version", not_stated),
                created=m.date(str(descriptor["created"])[:10]) if descriptor.get("created") else not_stated,
            )
        )
    )


def table(frame: pd.DataFrame, height: int | str = "auto", **config: object) -> None:
    """A full-width table with headers in the reader's language (`config` overrides single columns)."""
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=height,
        column_config={**column_config(frame), **config},
    )


def issues_table(frame: pd.DataFrame) -> None:
    """Validation problems: headers translated, the validator's descriptions as it writes them (English)."""
    headers = m.table("ui.errors.columns")
    table(frame, **{key: st.column_config.Column(label) for key, label in headers.items()})


# --- datasets and validation --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Catalogue:
    """What the datasets and validation sections show of the descriptor and the validation results, in one
    language. Cached and shared by every session: read-only."""

    datasets: pd.DataFrame
    """One row per resource (`sv.datasets_frame`)."""
    listed: pd.DataFrame
    """The catalogue table's columns of `datasets`."""
    validated: pd.DataFrame
    """The validation table's columns of `datasets`."""
    failed: int
    failed_issues: tuple[tuple[str, pd.DataFrame], ...]
    """(dataset, its problems) for each failed dataset with a validation result."""
    package_issues: pd.DataFrame | None
    warned: tuple[str, ...]


def catalogue(m: Messages) -> Catalogue:
    """The validation results and the descriptor read into tables."""
    package = state.package()
    datasets = sv.datasets_frame(m, package.descriptor, package.tables)
    failed = datasets[~datasets["valid"]]
    return Catalogue(
        datasets=datasets,
        listed=datasets[CATALOGUE_COLUMNS],
        validated=datasets[VALIDATION_COLUMNS],
        failed=len(failed),
        failed_issues=tuple(
            (name, issues_frame(package.tables[name].errors))
            for name in failed["dataset"]
            if package.tables.get(name) is not None
        ),
        package_issues=issues_frame(package.package_issues) if package.package_issues else None,
        warned=tuple(datasets[datasets["warnings"] > 0]["dataset"]),
    )


@dataclass(frozen=True)
class Details:
    """The inside of one dataset's expander (cached, read-only)."""

    description: str
    line: str
    sources: str
    schema: pd.DataFrame
    found: pd.DataFrame | None
    """Distinct sources of a validated table's rows."""
    errors: pd.DataFrame | None
    """Problems of a table that failed validation."""


def details(m: Messages, index: int) -> Details:
    """The expander of one resource, by its place in the descriptor."""
    package = state.package()
    resource = package.descriptor["resources"][index]
    name = resource["name"]
    result = package.tables.get(name)
    row = sv.datasets_frame(m, {"resources": [resource]}, package.tables).iloc[0]
    found = errors = None
    if result is not None and result.ok and result.frame is not None:
        found = provenance.sources_of(result.frame)
    elif result is not None:
        errors = issues_frame(result.errors)
    return Details(
        description=md(resource.get("description", "")),
        line=md(
            m(
                "sources.details.line",
                path=resource.get("path", ""),
                topic=row["topic"] or m("sources.catalogue.not_stated"),
                licence=row["licence"],
                sector=m(
                    "sources.details.sector_applies"
                    if resource.get("sector_field")
                    else "sources.details.sector_not_applies"
                ),
            )
        ),
        sources=md(sv.sources_markdown(m, resource)),
        schema=sv.schema_frame(resource),
        found=found,
        errors=errors,
    )


def datasets_section() -> None:
    shown = state.cached(catalogue)
    st.markdown(md(m("sources.datasets.intro", datasets=len(shown.datasets))))
    table(
        shown.listed,
        height=(len(shown.datasets) + 1) * 35 + 3,
        main_source=st.column_config.LinkColumn(
            labels["main_source"], help=m("sources.catalogue.main_source_help"), display_text=open_link
        ),
        rows=ROWS,
        sources=st.column_config.NumberColumn(labels["sources"], help=m("sources.catalogue.sources_help")),
    )
    st.caption(m("sources.labels.descriptor_language"))
    for index, resource in enumerate(resources):
        name = resource["name"]
        # Lazy: an expander's content is built only once it is opened (it reruns the page when toggled).
        expander = st.expander(
            md(f"{resource.get('title', name)} · `{name}`"), key=f"details_{name}", on_change="rerun"
        )
        if not expander.open:
            continue
        inside = state.cached(details, index)
        with expander:
            st.markdown(inside.description)
            st.markdown(inside.line)
            st.markdown(m("sources.details.sources"))
            st.markdown(inside.sources)
            if len(inside.schema):
                st.markdown(m("sources.details.schema"))
                table(inside.schema)
            if inside.found is not None:
                if len(inside.found.columns) and len(inside.found):
                    st.markdown(m("sources.details.distinct_sources", count=len(inside.found)))
                    table(inside.found)
            elif inside.errors is not None:
                st.error(m("sources.details.failed", name=name, count=len(inside.errors)), icon="🚫")
                issues_table(inside.errors)


def validation_section() -> None:
    shown = state.cached(catalogue)
    datasets = len(shown.datasets)
    if shown.failed:
        st.error(m("sources.validation.failed", failed=shown.failed, datasets=datasets), icon="🚫")
        for name, issues in shown.failed_issues:
            st.markdown(f"**`{name}`**")
            issues_table(issues)
    else:
        st.success(m("sources.validation.ok", datasets=datasets), icon=":material/verified:")
    if shown.package_issues is not None:
        st.markdown(f"**{m('sources.labels.descriptor_problems')}**")
        issues_table(shown.package_issues)
    if shown.warned:
        st.caption(m("sources.validation.warnings", warnings=sv.joined(m, list(shown.warned))))
    table(shown.validated, rows=ROWS)


# --- legends ------------------------------------------------------------------------------------------------


def legend_table(frame: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """A legend for st.table (which has no column config): headers in the reader's language, and the
    `label` column only where it says more than the level itself (not for English confidence levels)."""
    level = frame.columns[0]
    if (frame["label"].str.casefold() == frame[level].str.casefold()).all():
        frame = frame.drop(columns="label")
    return frame.rename(columns=labels)


def legend_tables(m: Messages) -> tuple[tuple[str, pd.DataFrame], ...]:
    """("confidence" / "basis", its legend as `st.table` shows it), counted over every validated table."""
    ok_tables = {name: result.frame for name, result in state.package().tables.items() if result.ok}
    return tuple(
        (legend, legend_table(build(m, ok_tables), m.column_labels()))
        for legend, build in (("confidence", sv.confidence_legend), ("basis", sv.basis_legend))
    )


def legends_section() -> None:
    for legend, frame in state.cached(legend_tables):
        st.markdown(f"**{m(f'sources.legend.{legend}')}**")
        st.caption(m(f"sources.{legend}.intro"))
        st.table(frame, hide_index=True)


# --- derivations and discrepancies --------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """A derivation or discrepancy: our words with the data's numbers, and the table behind them."""

    text: str
    frame: pd.DataFrame | None = None
    folded: bool = False
    """The table in an "every year" expander."""


def explained(title: str, build: Callable[[Messages], Check]) -> None:
    with st.container(border=True):
        guarded(title, lambda: show_check(state.cached(build)))


def show_check(check: Check) -> None:
    st.markdown(md(check.text))
    if check.frame is None:
        return
    if check.folded:
        with st.expander(m("sources.labels.every_year")):
            table(check.frame)
    else:
        table(check.frame)


def derived_cny(m: Messages) -> Check:
    frame, numbers = sv.derived_cny_check(state.table("china_mva_cny_derived_wdi"))
    return Check(m("sources.derivations.derived_cny", **numbers), frame, folded=True)


def share_gdp(m: Messages) -> Check:
    frame, numbers = sv.share_times_gdp(m, state.table("china_mva_cny_official"))
    return Check(m("sources.derivations.share_gdp", **numbers), frame)


def world_share(m: Messages) -> Check:
    frame, numbers = sv.world_share_check(m, state.table("wdi_mva_usd"), state.table("china_share_world_mva"))
    return Check(m("sources.derivations.world_share", **numbers), frame, folded=True)


def rollup(m: Messages) -> Check:
    frame, numbers = sv.rollup_check(m, state.table("lg_province_b1b2"), state.table("lg_cumulative"))
    return Check(m("sources.derivations.rollup", **numbers), frame)


def derivations_section() -> None:
    st.caption(m("sources.derivations.intro"))
    for key, build in (
        ("derived_cny", derived_cny),
        ("share_gdp", share_gdp),
        ("world_share", world_share),
        ("rollup", rollup),
    ):
        explained(m(f"sources.derivations.titles.{key}"), build)


def batch(m: Messages) -> Check:
    numbers = sv.batch_conflict(m, state.table("lg_batches"), state.table("lg_cumulative"))
    return Check(m("sources.discrepancies.batch", **numbers))


def review(m: Messages) -> Check:
    numbers = sv.review_conflict(
        m, state.table("lg_reviews"), state.table("lg_batches"), state.table("lg_cumulative")
    )
    return Check(m("sources.discrepancies.review", **numbers))


def gdp_share(m: Messages) -> Check:
    frame = sv.gdp_share_comparison(
        state.table("china_mva_share_gdp_official"), state.table("wdi_mva_share_gdp")
    )
    widest = frame.loc[frame["difference_pp"].abs().idxmax()]
    text = m(
        "sources.discrepancies.gdp_share",
        max_gap=float(widest["difference_pp"]),
        max_year=int(widest["year"]),
    )
    return Check(text, frame)


def about_thirty(m: Messages) -> Check:
    frame = sv.world_share_comparison(state.table("china_share_world_mva"))
    text = m(
        "sources.discrepancies.world_share",
        years=sv.joined(m, [int(y) for y in frame["year"]]),
        computed_min=float(frame["computed_pct"].min()),
        computed_max=float(frame["computed_pct"].max()),
        gap_max=float(frame["gap_pp"].max()),
    )
    return Check(text, frame)


def vintage_indicators(m: Messages) -> tuple[str, ...]:
    """The indicators with copies in wdi_vintages."""
    present = set(state.package().table("wdi_vintages")["indicator"])
    return tuple(i for i in sv.INDICATORS if i in present)


def vintages_card(m: Messages, indicator: str) -> Card:
    part = sv.vintages(state.table("wdi_vintages"), indicator)
    names = m.table("sources.vintages.indicators")
    return Card(
        key="vintages",
        title=m("sources.vintages.title", indicator=names[indicator]),
        figure=sv.vintage_figure(m, part, indicator),
        displayed=part,
        resources=("wdi_vintages",),
        takeaway=m("sources.discrepancies.vintage_takeaway", **sv.vintage_numbers(m, part)),
        footnote=m("sources.discrepancies.vintage_footnote"),
    )


def vintages() -> None:
    """The indicator control (a widget, so drawn here) and the cached card of the chosen indicator."""
    indicators = list(state.cached(vintage_indicators))
    names = m.table("sources.vintages.indicators")
    url_state.seed("vintage_indicator", url_state.one_of(indicators), default=indicators[0])
    indicator = st.segmented_control(
        m("sources.vintages.indicator"),
        indicators,
        format_func=names.__getitem__,
        key="vintage_indicator",
        required=True,
        wrap=True,  # on a phone the options wrap instead of scrolling out of sight
    )
    url_state.publish("vintage_indicator", indicator, indicators[0])
    card = state.cached(vintages_card, indicator)
    if card is not None:
        show(card)


def discrepancies_section() -> None:
    st.caption(m("sources.discrepancies.intro"))
    for key, build in (
        ("batch", batch),
        ("review", review),
        ("gdp_share", gdp_share),
        ("world_share", about_thirty),
    ):
        explained(m(f"sources.discrepancies.titles.{key}"), build)
    guarded(m("sources.discrepancies.titles.vintages"), vintages)


# --- licences -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Licences:
    """The licences table and the province boundaries' notice (cached, read-only)."""

    frame: pd.DataFrame
    notice: str | None


def licences(m: Messages) -> Licences:
    return Licences(sv.licences_frame(m, state.package().descriptor), sv.notice_text(state.data_dir()))


def licences_section() -> None:
    shown = state.cached(licences)
    st.markdown(md(m("sources.licences.intro")))
    table(
        shown.frame,
        url=st.column_config.LinkColumn(labels["url"], help="`url`", display_text=open_link),
    )
    if shown.notice:
        with st.expander(m("sources.labels.notice")):
            st.markdown(md(shown.notice))


# --- one section at a time ----------------------------------------------------------------------------------


def section(name: str, draw: Callable[[], None]) -> Callable[[], None]:
    """A section under its heading (the view's id is the heading's key)."""

    def draw_section() -> None:
        st.header(m(f"sources.labels.{name}"))
        draw()

    return draw_section


VIEWS = [
    ("datasets", datasets_section),
    ("legends", legends_section),
    ("derivations", derivations_section),
    ("discrepancies", discrepancies_section),
    ("validation", validation_section),
    ("licences", licences_section),
]
views.show_one(
    "sources",
    m("ui.views.section"),
    [views.View(id, m(f"sources.views.{id}"), section(id, draw)) for id, draw in VIEWS],
    help=m("ui.views.section_help"),
)
