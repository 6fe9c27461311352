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

st.title("Clusters")
st.caption(
    "National advanced manufacturing clusters (先进制造业集群), chosen by MIIT in national competitive "
    "rounds: names, fields and places as far as published sources show them, next to MIIT's published totals."
)


def free_text(max_length: int) -> url_state.Parser:
    """One search string of at most `max_length` characters."""

    def parse(values: list[str]) -> tuple[Any, list[str]]:
        problems = [f"{len(values)} values given where one is expected"] if len(values) > 1 else []
        if len(values[0]) > max_length:
            return None, [*problems, f"longer than {max_length} characters"]
        return values[0], problems

    return parse


def sidebar_sectors() -> tuple[str, ...] | None:
    return tuple(state.selected_sectors()) if state.sector_filter_active() else None


def table_card() -> None:
    clusters = state.table("clusters")
    aggregates = state.table("clusters_aggregates")
    provinces = state.table("provinces")
    labels = state.sector_labels()
    province_names = cv.province_options(clusters, provinces)
    cohorts = sorted(int(c) for c in clusters["cohort"].unique())
    levels = [c for c in CONFIDENCE_ORDER if c in set(clusters["confidence"])]

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
        st.markdown("**National advanced manufacturing clusters**")
        query = st.text_input(
            "Search names (Chinese or English) and cities",
            key="q",
            max_chars=MAX_QUERY,
            placeholder="e.g. 集成电路, aviation, Suzhou",
        )
        columns = st.columns(4, gap="small")
        fields = columns[0].multiselect(
            "Field", list(labels), format_func=labels.__getitem__, key="field", placeholder="All fields"
        )
        chosen_provinces = columns[1].multiselect(
            "Province",
            list(province_names),
            format_func=province_names.__getitem__,
            key="province",
            placeholder="All provinces",
            help="Clusters that span several provinces match each of them.",
        )
        chosen_cohorts = columns[2].multiselect(
            "Cohort", cohorts, key="cohort", placeholder="All years", help="Year the cluster was designated."
        )
        confidence = columns[3].multiselect(
            "Confidence",
            levels,
            key="confidence",
            placeholder="Any",
            help="Confidence in the name and source.",
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
        shown = cv.table_frame(cv.filter_clusters(clusters, provinces, filters), labels)
        numbers = cv.list_numbers(clusters, aggregates)
        if shown.empty:
            st.info(m("clusters.table.empty"), icon=":material/search_off:")
        else:
            config = column_config(shown)
            config.update(
                {
                    "name": st.column_config.TextColumn("Name (English, unofficial)", width="large"),
                    "name_zh": st.column_config.TextColumn("Name (Chinese)", width="medium"),
                    "province_or_region": st.column_config.TextColumn("Province or region"),
                    "field": st.column_config.TextColumn("Field (our inference)"),
                }
            )
            st.dataframe(shown, hide_index=True, width="stretch", column_config=config)
        st.caption(md(m("clusters.table.caption", shown=len(shown), **vars(numbers))))
        download_row("clusters_table", shown, ["clusters", "clusters_aggregates"])


def fields_card() -> None:
    clusters = state.table("clusters")
    aggregates = state.table("clusters_aggregates")
    labels = state.sector_labels()
    frame = cv.field_comparison(clusters, aggregates, labels, state.selected_sectors())
    n45 = cv.list_numbers(clusters, aggregates).n45
    numbers = {**cv.field_numbers(frame), "n45": n45}
    variant = (
        "takeaway_all" if numbers["all_agree"] else "takeaway" if numbers["fields"] else "takeaway_unmatched"
    )
    takeaway = m(f"clusters.fields.{variant}", **numbers)
    chart_card(
        key="cluster_fields",
        title=f"The {n45} clusters of 2021–2022 by field: official split vs our mapping",
        figure=lambda: cv.field_figure(frame),
        displayed=frame,
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
    by_sector, mapped = cv.province_counts(chosen, provinces, labels)
    numbers = cv.province_numbers(by_sector, chosen)
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
            title="Listed clusters by province (single-province clusters)",
            figure=lambda: cv.province_map(document, mapped, provinces),
            displayed=mapped,
            resources=["clusters", "provinces"],
            takeaway=m(f"clusters.provinces.map_takeaway{suffix}", **numbers),
            footnote=m("clusters.provinces.footnote", **numbers, **extra),
        )
    with right:
        chart_card(
            key="cluster_province_bars",
            title="Listed clusters by province and field",
            figure=lambda: cv.province_bars(by_sector, labels),
            displayed=by_sector,
            resources=["clusters"],
            takeaway=m(f"clusters.provinces.bars_takeaway{suffix}", **numbers),
        )


def claim_card() -> None:
    clusters = state.table("clusters")
    aggregates = state.table("clusters_aggregates")
    check = cv.claim_check(clusters, aggregates, state.table("sectors"))
    totals = cv.list_totals(clusters, aggregates)
    latest = totals[totals["list"] == totals["list"].iloc[-1]].set_index("part")["clusters"]
    chart_card(
        key="cluster_totals",
        title="National clusters: published totals, and how many we can name",
        figure=lambda: cv.totals_figure(totals),
        displayed=totals,
        resources=["clusters_aggregates", "clusters"],
        takeaway=m(
            "clusters.claim.takeaway",
            total_2024=check.total_2024,
            named=int(latest["named"]),
            unnamed_listed=int(latest["unnamed"]),
            unlisted=int(latest["unlisted"]),
        ),
        commentary=Commentary(
            claim=m("clusters.claim.claim", **vars(check)),
            finding=m("clusters.claim.finding", **vars(check)),
            claims=("clusters-25", "clusters-7-basic"),
        ),
        footnote=m("clusters.claim.footnote", **vars(check)),
    )


st.subheader("The list")
sector_scope_note(has_sector_dimension=True)
guarded("National advanced manufacturing clusters", table_card)

st.subheader("By field and by province")
sector_scope_note(has_sector_dimension=True)
guarded("Clusters by field", fields_card)
guarded("Clusters by province", provinces_section)

st.subheader("The article's claim about the 2021 list")
sector_scope_note(has_sector_dimension=False)
guarded("National clusters: published totals", claim_card)
