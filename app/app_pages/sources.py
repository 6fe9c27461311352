"""Sources & methods: datasets with schemas and sources, legends, derivations, discrepancies, licences."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import state, url_state
from dashboard.cards import chart_card, column_config, guarded, issues_frame, md, sector_scope_note
from industrial_base import provenance
from industrial_base.views import sources as sv

m = state.messages()

package = state.package()
descriptor = package.descriptor
datasets = sv.datasets_frame(m, descriptor, package.tables)
ok_tables = {name: result.frame for name, result in package.tables.items() if result.ok}
labels = m.column_labels()
open_link = m("ui.card.open_link")
not_stated = m("sources.catalogue.not_stated")

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


ROWS = st.column_config.NumberColumn(labels["rows"], help="`rows`", format="%d")

st.header(m("sources.labels.datasets"))
st.markdown(md(m("sources.datasets.intro", datasets=len(datasets))))
table(
    datasets[["dataset", "title", "rows", "sector", "main_source", "sources", "licence", "topic", "status"]],
    height=(len(datasets) + 1) * 35 + 3,
    main_source=st.column_config.LinkColumn(
        labels["main_source"], help=m("sources.catalogue.main_source_help"), display_text=open_link
    ),
    rows=ROWS,
    sources=st.column_config.NumberColumn(labels["sources"], help=m("sources.catalogue.sources_help")),
)
st.caption(m("sources.labels.descriptor_language"))
for resource in descriptor.get("resources", []):
    name = resource["name"]
    result = package.tables.get(name)
    # Lazy: an expander's content is built only once it is opened (it reruns the page when toggled).
    details = st.expander(
        md(f"{resource.get('title', name)} · `{name}`"), key=f"details_{name}", on_change="rerun"
    )
    if not details.open:
        continue
    with details:
        st.markdown(md(resource.get("description", "")))
        row = datasets.set_index("dataset").loc[name]
        st.markdown(
            md(
                m(
                    "sources.details.line",
                    path=resource.get("path", ""),
                    topic=row["topic"] or not_stated,
                    licence=row["licence"],
                    sector=m(
                        "sources.details.sector_applies"
                        if resource.get("sector_field")
                        else "sources.details.sector_not_applies"
                    ),
                )
            )
        )
        st.markdown(m("sources.details.sources"))
        st.markdown(md(sv.sources_markdown(m, resource)))
        schema = sv.schema_frame(resource)
        if len(schema):
            st.markdown(m("sources.details.schema"))
            table(schema)
        if result is not None and result.ok and result.frame is not None:
            found = provenance.sources_of(result.frame)
            if len(found.columns) and len(found):
                st.markdown(m("sources.details.distinct_sources", count=len(found)))
                table(found)
        elif result is not None:
            st.error(m("sources.details.failed", name=name, count=len(result.errors)), icon="🚫")
            issues_table(issues_frame(result.errors))


def legend_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A legend for st.table (which has no column config): headers in the reader's language, and the
    `label` column only where it says more than the level itself (not for English confidence levels)."""
    level = frame.columns[0]
    if (frame["label"].str.casefold() == frame[level].str.casefold()).all():
        frame = frame.drop(columns="label")
    return frame.rename(columns=labels)


st.header(m("sources.labels.legends"))
for legend, build in (("confidence", sv.confidence_legend), ("basis", sv.basis_legend)):
    st.markdown(f"**{m(f'sources.legend.{legend}')}**")
    st.caption(m(f"sources.{legend}.intro"))
    st.table(legend_table(build(m, ok_tables)), hide_index=True)


def explained(title: str, render: Callable[[], None]) -> None:
    with st.container(border=True):
        guarded(title, render)


def derived_cny() -> None:
    frame, numbers = sv.derived_cny_check(state.table("china_mva_cny_derived_wdi"))
    st.markdown(md(m("sources.derivations.derived_cny", **numbers)))
    with st.expander(m("sources.labels.every_year")):
        table(frame)


def share_gdp() -> None:
    frame, numbers = sv.share_times_gdp(m, state.table("china_mva_cny_official"))
    st.markdown(md(m("sources.derivations.share_gdp", **numbers)))
    table(frame)


def world_share() -> None:
    frame, numbers = sv.world_share_check(m, state.table("wdi_mva_usd"), state.table("china_share_world_mva"))
    st.markdown(md(m("sources.derivations.world_share", **numbers)))
    with st.expander(m("sources.labels.every_year")):
        table(frame)


def rollup() -> None:
    frame, numbers = sv.rollup_check(m, state.table("lg_province_b1b2"), state.table("lg_cumulative"))
    st.markdown(md(m("sources.derivations.rollup", **numbers)))
    table(frame)


st.header(m("sources.labels.derivations"))
st.caption(m("sources.derivations.intro"))
for key, render in (
    ("derived_cny", derived_cny),
    ("share_gdp", share_gdp),
    ("world_share", world_share),
    ("rollup", rollup),
):
    explained(m(f"sources.derivations.titles.{key}"), render)


def batch() -> None:
    numbers = sv.batch_conflict(m, state.table("lg_batches"), state.table("lg_cumulative"))
    st.markdown(md(m("sources.discrepancies.batch", **numbers)))


def review() -> None:
    numbers = sv.review_conflict(
        m, state.table("lg_reviews"), state.table("lg_batches"), state.table("lg_cumulative")
    )
    st.markdown(md(m("sources.discrepancies.review", **numbers)))


def gdp_share() -> None:
    frame = sv.gdp_share_comparison(
        state.table("china_mva_share_gdp_official"), state.table("wdi_mva_share_gdp")
    )
    widest = frame.loc[frame["difference_pp"].abs().idxmax()]
    st.markdown(
        md(
            m(
                "sources.discrepancies.gdp_share",
                max_gap=float(widest["difference_pp"]),
                max_year=int(widest["year"]),
            )
        )
    )
    table(frame)


def about_thirty() -> None:
    frame = sv.world_share_comparison(state.table("china_share_world_mva"))
    st.markdown(
        md(
            m(
                "sources.discrepancies.world_share",
                years=sv.joined(m, [int(y) for y in frame["year"]]),
                computed_min=float(frame["computed_pct"].min()),
                computed_max=float(frame["computed_pct"].max()),
                gap_max=float(frame["gap_pp"].max()),
            )
        )
    )
    table(frame)


def vintages_card() -> None:
    frame = state.table("wdi_vintages")
    names = m.table("sources.vintages.indicators")
    indicators = [i for i in sv.INDICATORS if i in set(frame["indicator"])]
    url_state.seed("vintage_indicator", url_state.one_of(indicators), default=indicators[0])
    indicator = st.segmented_control(
        m("sources.vintages.indicator"),
        indicators,
        format_func=names.__getitem__,
        key="vintage_indicator",
        required=True,
    )
    url_state.publish("vintage_indicator", indicator, indicators[0])
    part = sv.vintages(frame, indicator)
    chart_card(
        key="vintages",
        title=m("sources.vintages.title", indicator=names[indicator]),
        figure=lambda: sv.vintage_figure(m, part, indicator),
        displayed=part,
        resources=["wdi_vintages"],
        takeaway=m("sources.discrepancies.vintage_takeaway", **sv.vintage_numbers(m, part)),
        footnote=m("sources.discrepancies.vintage_footnote"),
    )


st.header(m("sources.labels.discrepancies"))
st.caption(m("sources.discrepancies.intro"))
for key, render in (
    ("batch", batch),
    ("review", review),
    ("gdp_share", gdp_share),
    ("world_share", about_thirty),
):
    explained(m(f"sources.discrepancies.titles.{key}"), render)
guarded(m("sources.discrepancies.titles.vintages"), vintages_card)

st.header(m("sources.labels.validation"))
failed = datasets[~datasets["valid"]]
if len(failed):
    st.error(m("sources.validation.failed", failed=len(failed), datasets=len(datasets)), icon="🚫")
    for name in failed["dataset"]:
        result = package.tables.get(name)
        if result is not None:
            st.markdown(f"**`{name}`**")
            issues_table(issues_frame(result.errors))
else:
    st.success(m("sources.validation.ok", datasets=len(datasets)), icon=":material/verified:")
if package.package_issues:
    st.markdown(f"**{m('sources.labels.descriptor_problems')}**")
    issues_table(issues_frame(package.package_issues))
warned = datasets[datasets["warnings"] > 0]
if len(warned):
    st.caption(m("sources.validation.warnings", warnings=sv.joined(m, list(warned["dataset"]))))
table(datasets[["dataset", "status", "errors", "warnings", "rows", "file"]], rows=ROWS)

st.header(m("sources.labels.licences"))
st.markdown(md(m("sources.licences.intro")))
table(
    sv.licences_frame(m, descriptor),
    url=st.column_config.LinkColumn(labels["url"], help="`url`", display_text=open_link),
)
notice = sv.notice_text(state.data_dir())
if notice:
    with st.expander(m("sources.labels.notice")):
        st.markdown(md(notice))
