"""Sources & methods: datasets with schemas and sources, legends, derivations, discrepancies, licences."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import state, url_state
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

package = state.package()
descriptor = package.descriptor
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


def legend_table(frame: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """A legend for st.table (which has no column config): headers in the reader's language, and the
    `label` column only where it says more than the level itself (not for English confidence levels)."""
    level = frame.columns[0]
    if (frame["label"].str.casefold() == frame[level].str.casefold()).all():
        frame = frame.drop(columns="label")
    return frame.rename(columns=labels)


@dataclass(frozen=True)
class Catalogue:
    """What the page shows of the descriptor and the validation results, in one language. Cached and shared
    by every session: read-only."""

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
    legends: tuple[tuple[str, pd.DataFrame], ...]
    """("confidence" / "basis", its legend as `st.table` shows it)."""
    licences: pd.DataFrame
    notice: str | None


def catalogue(m: Messages) -> Catalogue:
    """The validation results and the descriptor read into tables."""
    package = state.package()
    datasets = sv.datasets_frame(m, package.descriptor, package.tables)
    ok_tables = {name: result.frame for name, result in package.tables.items() if result.ok}
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
        legends=tuple(
            (legend, legend_table(build(m, ok_tables), m.column_labels()))
            for legend, build in (("confidence", sv.confidence_legend), ("basis", sv.basis_legend))
        ),
        licences=sv.licences_frame(m, package.descriptor),
        notice=sv.notice_text(state.data_dir()),
    )


CATALOGUE = state.cached(catalogue)
datasets = CATALOGUE.datasets

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
                datasets=len(datasets),
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


ROWS = st.column_config.NumberColumn(labels["rows"], help="`rows`", format="%d")

st.header(m("sources.labels.datasets"))
st.markdown(md(m("sources.datasets.intro", datasets=len(datasets))))
table(
    CATALOGUE.listed,
    height=(len(datasets) + 1) * 35 + 3,
    main_source=st.column_config.LinkColumn(
        labels["main_source"], help=m("sources.catalogue.main_source_help"), display_text=open_link
    ),
    rows=ROWS,
    sources=st.column_config.NumberColumn(labels["sources"], help=m("sources.catalogue.sources_help")),
)
st.caption(m("sources.labels.descriptor_language"))
for index, resource in enumerate(descriptor.get("resources", [])):
    name = resource["name"]
    # Lazy: an expander's content is built only once it is opened (it reruns the page when toggled).
    expander = st.expander(
        md(f"{resource.get('title', name)} · `{name}`"), key=f"details_{name}", on_change="rerun"
    )
    if not expander.open:
        continue
    shown = state.cached(details, index)
    with expander:
        st.markdown(shown.description)
        st.markdown(shown.line)
        st.markdown(m("sources.details.sources"))
        st.markdown(shown.sources)
        if len(shown.schema):
            st.markdown(m("sources.details.schema"))
            table(shown.schema)
        if shown.found is not None:
            if len(shown.found.columns) and len(shown.found):
                st.markdown(m("sources.details.distinct_sources", count=len(shown.found)))
                table(shown.found)
        elif shown.errors is not None:
            st.error(m("sources.details.failed", name=name, count=len(shown.errors)), icon="🚫")
            issues_table(shown.errors)


st.header(m("sources.labels.legends"))
for legend, frame in CATALOGUE.legends:
    st.markdown(f"**{m(f'sources.legend.{legend}')}**")
    st.caption(m(f"sources.{legend}.intro"))
    st.table(frame, hide_index=True)


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


st.header(m("sources.labels.derivations"))
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


st.header(m("sources.labels.discrepancies"))
st.caption(m("sources.discrepancies.intro"))
for key, build in (
    ("batch", batch),
    ("review", review),
    ("gdp_share", gdp_share),
    ("world_share", about_thirty),
):
    explained(m(f"sources.discrepancies.titles.{key}"), build)
guarded(m("sources.discrepancies.titles.vintages"), vintages)

st.header(m("sources.labels.validation"))
if CATALOGUE.failed:
    st.error(m("sources.validation.failed", failed=CATALOGUE.failed, datasets=len(datasets)), icon="🚫")
    for name, issues in CATALOGUE.failed_issues:
        st.markdown(f"**`{name}`**")
        issues_table(issues)
else:
    st.success(m("sources.validation.ok", datasets=len(datasets)), icon=":material/verified:")
if CATALOGUE.package_issues is not None:
    st.markdown(f"**{m('sources.labels.descriptor_problems')}**")
    issues_table(CATALOGUE.package_issues)
if CATALOGUE.warned:
    st.caption(m("sources.validation.warnings", warnings=sv.joined(m, list(CATALOGUE.warned))))
table(CATALOGUE.validated, rows=ROWS)

st.header(m("sources.labels.licences"))
st.markdown(md(m("sources.licences.intro")))
table(
    CATALOGUE.licences,
    url=st.column_config.LinkColumn(labels["url"], help="`url`", display_text=open_link),
)
if CATALOGUE.notice:
    with st.expander(m("sources.labels.notice")):
        st.markdown(md(CATALOGUE.notice))
