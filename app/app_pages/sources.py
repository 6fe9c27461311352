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
datasets = sv.datasets_frame(descriptor, package.tables)
ok_tables = {name: result.frame for name, result in package.tables.items() if result.ok}
content = m.entry("sources")

st.title("Sources & methods")
st.caption(m("sources.caption"))
sector_scope_note(has_sector_dimension=False)

with st.container(horizontal=True, vertical_alignment="center"):
    st.download_button(
        "Download the data package (zip)",
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
                version=descriptor.get("version", "not stated"),
                created=str(descriptor.get("created", "not stated"))[:10],
            )
        )
    )


def table(frame: pd.DataFrame, height: int | str = "auto", **config: object) -> None:
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=height,
        column_config={**column_config(frame), **config},
    )


st.header("Datasets")
st.markdown(md(m("sources.datasets.intro", datasets=len(datasets))))
table(
    datasets[["dataset", "title", "rows", "sector", "main_source", "sources", "licence", "topic", "status"]],
    height=(len(datasets) + 1) * 35 + 3,
    main_source=st.column_config.LinkColumn("Main source", display_text="open ↗"),
    rows=st.column_config.NumberColumn("Rows", format="%d"),
    sources=st.column_config.NumberColumn("Sources", help="Sources listed in the descriptor"),
)
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
        st.markdown(
            f"**File** `{resource.get('path', '')}` · **Topic** {resource.get('topic', 'not set')} · "
            f"**Licence** {sv.licence_names(resource)} · **Sector filter** "
            + ("applies" if resource.get("sector_field") else "does not apply")
        )
        st.markdown("**Sources listed in the descriptor**")
        st.markdown(md(sv.sources_markdown(resource)))
        schema = sv.schema_frame(resource)
        if len(schema):
            st.markdown("**Schema**")
            table(schema)
        if result is not None and result.ok and result.frame is not None:
            found = provenance.sources_of(result.frame)
            if len(found.columns) and len(found):
                st.markdown(f"**Distinct sources in the rows** ({len(found)})")
                table(found)
        elif result is not None:
            st.error(f"`{name}` failed validation ({len(result.errors)} problem(s)).", icon="🚫")
            table(issues_frame(result.errors))

st.header("How to read confidence and basis")
for legend, build in (("confidence", sv.confidence_legend), ("basis", sv.basis_legend)):
    st.markdown(f"**{legend.capitalize()}**")
    st.caption(content[legend]["intro"])
    meanings = {k: v for k, v in content[legend].items() if k != "intro"}
    st.table(build(ok_tables, meanings), hide_index=True)


def explained(title: str, render: Callable[[], None]) -> None:
    with st.container(border=True):
        guarded(title, render)


def derived_cny() -> None:
    frame, numbers = sv.derived_cny_check(state.table("china_mva_cny_derived_wdi"))
    st.markdown(md(m("sources.derivations.derived_cny", **numbers)))
    with st.expander("Every year"):
        table(frame)


def share_gdp() -> None:
    frame, numbers = sv.share_times_gdp(state.table("china_mva_cny_official"))
    st.markdown(md(m("sources.derivations.share_gdp", **numbers)))
    table(frame)


def world_share() -> None:
    frame, numbers = sv.world_share_check(state.table("wdi_mva_usd"), state.table("china_share_world_mva"))
    st.markdown(md(m("sources.derivations.world_share", **numbers)))
    with st.expander("Every year"):
        table(frame)


def rollup() -> None:
    frame, numbers = sv.rollup_check(state.table("lg_province_b1b2"), state.table("lg_cumulative"))
    st.markdown(md(m("sources.derivations.rollup", **numbers)))
    table(frame)


st.header("How derived figures are made")
st.caption(m("sources.derivations.intro"))
explained("Derived yuan series", derived_cny)
explained("Derived 2022–2023 values", share_gdp)
explained("Computed world shares", world_share)
explained("Province roll-up", rollup)


def batch() -> None:
    numbers = sv.batch_conflict(state.table("lg_batches"), state.table("lg_cumulative"))
    st.markdown(md(m("sources.discrepancies.batch", **numbers)))


def review() -> None:
    numbers = sv.review_conflict(
        state.table("lg_reviews"), state.table("lg_batches"), state.table("lg_cumulative")
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
                years=", ".join(str(int(y)) for y in frame["year"]),
                computed_min=float(frame["computed_pct"].min()),
                computed_max=float(frame["computed_pct"].max()),
                gap_max=float(frame["gap_pp"].max()),
            )
        )
    )
    table(frame)


def vintages_card() -> None:
    frame = state.table("wdi_vintages")
    indicators = [i for i in sv.INDICATOR_NAMES if i in set(frame["indicator"])]
    url_state.seed("vintage_indicator", url_state.one_of(indicators), default=indicators[0])
    indicator = st.segmented_control(
        "Indicator",
        indicators,
        format_func=sv.INDICATOR_NAMES.__getitem__,
        key="vintage_indicator",
        required=True,
    )
    url_state.publish("vintage_indicator", indicator, indicators[0])
    part = sv.vintages(frame, indicator)
    chart_card(
        key="vintages",
        title=f"China, {sv.INDICATOR_NAMES[indicator]}, in successive World Bank releases",
        figure=lambda: sv.vintage_figure(part, indicator),
        displayed=part,
        resources=["wdi_vintages"],
        takeaway=m("sources.discrepancies.vintage_takeaway", **sv.vintage_numbers(part)),
        footnote=m("sources.discrepancies.vintage_footnote"),
    )


st.header("Known discrepancies")
st.caption(m("sources.discrepancies.intro"))
explained("Batch 2 counts", batch)
explained("Batch 1 review", review)
explained("Share of GDP: MIIT vs World Bank", gdp_share)
explained("Share of world manufacturing: claims vs computed", about_thirty)
guarded("World Bank revisions", vintages_card)

st.header("Validation")
failed = datasets[datasets["status"] != "valid"]
if len(failed):
    st.error(m("sources.validation.failed", failed=len(failed), datasets=len(datasets)), icon="🚫")
    for name in failed["dataset"]:
        result = package.tables.get(name)
        if result is not None:
            st.markdown(f"**`{name}`**")
            table(issues_frame(result.errors))
else:
    st.success(m("sources.validation.ok", datasets=len(datasets)), icon=":material/verified:")
if package.package_issues:
    st.markdown("**Problems with the descriptor itself**")
    table(issues_frame(package.package_issues))
warned = datasets[datasets["warnings"] > 0]
if len(warned):
    st.caption(m("sources.validation.warnings", warnings=", ".join(warned["dataset"])))
table(
    datasets[["dataset", "status", "errors", "warnings", "rows", "file"]],
    rows=st.column_config.NumberColumn("Rows", format="%d"),
)

st.header("Licences")
st.markdown(md(m("sources.licences.intro")))
table(sv.licences_frame(descriptor), url=st.column_config.LinkColumn("Licence text", display_text="open ↗"))
notice = sv.notice_text(state.data_dir())
if notice:
    with st.expander("Notice for the province boundaries (data/geo/NOTICE.md)"):
        st.markdown(md(notice))
