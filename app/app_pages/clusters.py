"""National advanced manufacturing clusters: a searchable list, counts by field and province, totals."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import state, url_state
from dashboard.cards import (
    Commentary,
    chart_card,
    column_config,
    download_row,
    guarded,
    md,
    sector_scope_note,
)
from industrial_base.provenance import CONFIDENCE_ORDER
from industrial_base.views import clusters as cv

m = state.messages()

MAX_QUERY = 80

st.title(m("clusters.title"))
st.caption(m("clusters.caption"))


def free_text(max_length: int) -> url_state.Parser:
    """One search string of at most `max_length` characters."""

    def parse(values: list[str]) -> tuple[Any, list[str]]:
        problems = [m("ui.link.too_many_values", count=len(values))] if len(values) > 1 else []
        if len(values[0]) > max_length:
            return None, [*problems, m("clusters.link.too_long", max_length=max_length)]
        return values[0], problems

    return parse


def sidebar_sectors() -> tuple[str, ...] | None:
    return tuple(state.selected_sectors()) if state.sector_filter_active() else None


def table_card() -> None:
    clusters = state.table("clusters")
    aggregates = state.table("clusters_aggregates")
    provinces = state.table("provinces")
    labels = state.sector_labels()
    province_names = cv.province_options(m, clusters, provinces)
    cohorts = sorted(int(c) for c in clusters["cohort"].unique())
    levels = [c for c in CONFIDENCE_ORDER if c in set(clusters["confidence"])]
    confidence_names = m.table("ui.confidence")

    url_state.seed("q", free_text(MAX_QUERY), default="")
    url_state.seed("field", url_state.many_of(list(labels)), default=[])
    url_state.seed(
        "province",
        url_state.many_of([str(a) for a in province_names]),
        default=[],
        convert=lambda v: [int(a) for a in v],
    )
    url_state.seed(
        "cohort",
        url_state.many_of([str(c) for c in cohorts]),
        default=[],
        convert=lambda v: [int(c) for c in v],
    )
    url_state.seed("confidence", url_state.many_of(levels), default=[])

    with st.container(border=True, key="card_cluster_table"):
        st.markdown(f"**{m('clusters.table.title')}**")
        query = st.text_input(
            m("clusters.table.search"),
            key="q",
            max_chars=MAX_QUERY,
            placeholder=m("clusters.table.search_placeholder"),
        )
        columns = st.columns(4, gap="small")
        fields = columns[0].multiselect(
            m("clusters.table.field"),
            list(labels),
            format_func=labels.__getitem__,
            key="field",
            placeholder=m("clusters.table.field_placeholder"),
        )
        chosen_provinces = columns[1].multiselect(
            m("clusters.table.province"),
            list(province_names),
            format_func=province_names.__getitem__,
            key="province",
            placeholder=m("clusters.table.province_placeholder"),
            help=m("clusters.table.province_help"),
        )
        chosen_cohorts = columns[2].multiselect(
            m("clusters.table.cohort"),
            cohorts,
            format_func=lambda year: m("clusters.table.cohort_option", year=year),
            key="cohort",
            placeholder=m("clusters.table.cohort_placeholder"),
            help=m("clusters.table.cohort_help"),
        )
        confidence = columns[3].multiselect(
            m("clusters.table.confidence"),
            levels,
            format_func=lambda level: confidence_names.get(level, level),
            key="confidence",
            placeholder=m("clusters.table.confidence_placeholder"),
            help=m("clusters.table.confidence_help"),
        )
        url_state.publish("q", query.strip(), "")
        url_state.publish("field", fields, [])
        url_state.publish("province", chosen_provinces, [])
        url_state.publish("cohort", chosen_cohorts, [])
        url_state.publish("confidence", confidence, [])

        filters = cv.Filters(
            query=query,
            fields=tuple(fields),
            provinces=tuple(chosen_provinces),
            cohorts=tuple(chosen_cohorts),
            confidence=tuple(confidence),
            sectors=sidebar_sectors(),
        )
        shown = cv.table_frame(m, cv.filter_clusters(clusters, provinces, filters), provinces, labels)
        numbers = cv.list_numbers(clusters, aggregates)
        if shown.empty:
            st.info(m("clusters.table.empty"), icon=":material/search_off:")
        else:
            headers = m.table("clusters.table.columns")
            config = column_config(shown)
            config.update(
                {
                    "name": st.column_config.TextColumn(headers["name"], width="large"),
                    "province_or_region": st.column_config.TextColumn(headers["province_or_region"]),
                    "field": st.column_config.TextColumn(headers["field"]),
                }
            )
            other = cv.other_name_column(m)
            config[other] = st.column_config.TextColumn(headers[other], help=f"`{other}`", width="medium")
            st.dataframe(shown, hide_index=True, width="stretch", column_config=config)
        st.caption(md(m("clusters.table.caption", shown=len(shown), **vars(numbers))))
        download_row("clusters_table", shown, ["clusters", "clusters_aggregates"])


def fields_card() -> None:
    clusters = state.table("clusters")
    aggregates = state.table("clusters_aggregates")
    labels = state.sector_labels()
    frame = cv.field_comparison(m, clusters, aggregates, labels, state.selected_sectors())
    n45 = cv.list_numbers(clusters, aggregates).n45
    numbers = {**cv.field_numbers(m, frame), "n45": n45}
    variant = (
        "takeaway_all" if numbers["all_agree"] else "takeaway" if numbers["fields"] else "takeaway_unmatched"
    )
    takeaway = m(f"clusters.fields.{variant}", **numbers)
    splits = m.table("clusters.fields.series")
    chart_card(
        key="cluster_fields",
        title=m("clusters.fields.title", n45=n45),
        figure=lambda: cv.field_figure(m, frame),
        displayed=frame.assign(split=frame["split"].map(splits)),
        resources=["clusters_aggregates", "clusters", "sector_map"],
        takeaway=takeaway,
        footnote=m("clusters.fields.footnote", n45=n45),
    )


def provinces_section() -> None:
    clusters = state.table("clusters")
    aggregates = state.table("clusters_aggregates")
    provinces = state.table("provinces")
    labels = state.sector_labels()
    chosen = clusters[clusters["sector_id"].isin(state.selected_sectors())]
    if chosen.empty:
        st.info(m("clusters.provinces.empty"), icon=":material/filter_alt_off:")
        return
    by_sector, mapped = cv.province_counts(m, chosen, provinces, labels)
    numbers = cv.province_numbers(m, by_sector, chosen)
    suffix = "" if numbers["cross"] else "_no_cross"
    document = state.province_boundaries()
    listed = cv.list_numbers(clusters, aggregates)
    extra = {
        "unnamed_2024": listed.unnamed_2024,
        "n45": listed.n45,
        "by_province": cv.by_province_text(aggregates),
    }
    left, right = st.columns(2, gap="medium")
    with left:
        chart_card(
            key="cluster_map",
            title=m("clusters.provinces.map_title"),
            figure=lambda: cv.province_map(m, document, mapped, provinces),
            displayed=mapped,
            resources=["clusters", "provinces"],
            takeaway=m(f"clusters.provinces.map_takeaway{suffix}", **numbers),
            footnote=m("clusters.provinces.footnote", **numbers, **extra),
        )
    with right:
        chart_card(
            key="cluster_province_bars",
            title=m("clusters.provinces.bars_title"),
            figure=lambda: cv.province_bars(m, by_sector, labels),
            displayed=by_sector,
            resources=["clusters"],
            takeaway=m(f"clusters.provinces.bars_takeaway{suffix}", **numbers),
        )


def claim_card() -> None:
    clusters = state.table("clusters")
    aggregates = state.table("clusters_aggregates")
    check = cv.claim_check(clusters, aggregates, state.table("sectors"))
    numbers = cv.claim_numbers(m, check)
    totals = cv.list_totals(m, clusters, aggregates)
    latest = totals[totals["list"] == totals["list"].iloc[-1]].set_index("part")["clusters"]
    parts = m.table("clusters.claim.parts")
    chart_card(
        key="cluster_totals",
        title=m("clusters.claim.title"),
        figure=lambda: cv.totals_figure(m, totals),
        displayed=totals.assign(part=totals["part"].map(parts)),
        resources=["clusters_aggregates", "clusters"],
        takeaway=m(
            "clusters.claim.takeaway",
            total_2024=check.total_2024,
            named=int(latest["named"]),
            unnamed_listed=int(latest["unnamed"]),
            unlisted=int(latest["unlisted"]),
        ),
        commentary=Commentary(
            claim=m("clusters.claim.claim", **numbers),
            finding=m("clusters.claim.finding", **numbers),
            claims=("clusters-25", "clusters-7-basic"),
        ),
        footnote=m("clusters.claim.footnote", **numbers),
    )


st.subheader(m("clusters.sections.list"))
sector_scope_note(has_sector_dimension=True)
guarded(m("clusters.table.title"), table_card)

st.subheader(m("clusters.sections.by_field_province"))
sector_scope_note(has_sector_dimension=True)
guarded(m("clusters.fields.guard"), fields_card)
guarded(m("clusters.provinces.guard"), provinces_section)

st.subheader(m("clusters.sections.claim"))
sector_scope_note(has_sector_dimension=False)
guarded(m("clusters.claim.guard"), claim_card)
