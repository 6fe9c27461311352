"""National advanced manufacturing clusters: a searchable list, counts by field and province, totals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import state, url_state, views
from dashboard.cards import (
    Card,
    Commentary,
    column_config,
    download_row,
    guarded,
    guarded_card,
    md,
    sector_scope_note,
    show,
)
from industrial_base.i18n import Messages
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


def table_view(m: Messages, filters: cv.Filters) -> tuple[pd.DataFrame, cv.ListNumbers]:
    """The list as shown for these filters and the numbers of its caption, built once per (data folder,
    language, filters) and shared by every session: read-only. `filters` holds every widget value and the
    sidebar's sectors, so each combination has its own entry."""
    clusters = state.table("clusters")
    aggregates = state.table("clusters_aggregates")
    provinces = state.table("provinces")
    labels = state.sector_labels(m)
    shown = cv.table_frame(m, cv.filter_clusters(clusters, provinces, filters), provinces, labels)
    return shown, cv.list_numbers(clusters, aggregates)


def table_choices(m: Messages) -> tuple[tuple[tuple[int, str], ...], tuple[int, ...], tuple[str, ...]]:
    """The filters' options: (provinces by adcode with their names, cohorts, confidence levels), once per
    (data folder, language). Reads every table the list uses, so a broken one fails before any widget."""
    clusters = state.table("clusters")
    state.table("clusters_aggregates")
    provinces = state.table("provinces")
    return (
        tuple(cv.province_options(m, clusters, provinces).items()),
        tuple(sorted(int(c) for c in clusters["cohort"].unique())),
        tuple(c for c in CONFIDENCE_ORDER if c in set(clusters["confidence"])),
    )


def table_card() -> None:
    province_pairs, cohorts, levels = state.cached(table_choices)
    province_names = dict(province_pairs)
    labels = state.sector_labels()
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
            list(cohorts),
            format_func=lambda year: m("clusters.table.cohort_option", year=year),
            key="cohort",
            placeholder=m("clusters.table.cohort_placeholder"),
            help=m("clusters.table.cohort_help"),
        )
        confidence = columns[3].multiselect(
            m("clusters.table.confidence"),
            list(levels),
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
        shown, numbers = state.cached(table_view, filters)
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


def fields_card(m: Messages, chosen: tuple[str, ...]) -> Card:
    clusters = state.table("clusters")
    aggregates = state.table("clusters_aggregates")
    labels = state.required_sector_labels(m)
    frame = cv.field_comparison(m, clusters, aggregates, labels, list(chosen))
    n45 = cv.list_numbers(clusters, aggregates).n45
    numbers = {**cv.field_numbers(m, frame), "n45": n45}
    variant = (
        "takeaway_all" if numbers["all_agree"] else "takeaway" if numbers["fields"] else "takeaway_unmatched"
    )
    takeaway = m(f"clusters.fields.{variant}", **numbers)
    splits = m.table("clusters.fields.series")
    return Card(
        key="cluster_fields",
        title=m("clusters.fields.title", n45=n45),
        figure=cv.field_figure(m, frame),
        displayed=frame.assign(split=frame["split"].map(splits)),
        resources=("clusters_aggregates", "clusters", "sector_map"),
        takeaway=takeaway,
        footnote=m("clusters.fields.footnote", n45=n45),
    )


def province_parts(
    m: Messages, chosen: tuple[str, ...]
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any], str, pd.DataFrame] | None:
    """(clusters per province and sector, per province for the map, numbers, takeaway suffix, provinces)
    for the clusters in the chosen sectors; None when there are none. Reads the same tables in the same order
    for both cards, so a broken table gives the map and the bars the same error card."""
    clusters = state.table("clusters")
    state.table("clusters_aggregates")
    provinces = state.table("provinces")
    labels = state.sector_labels(m)
    shown = clusters[clusters["sector_id"].isin(chosen)]
    if shown.empty:
        return None
    by_sector, mapped = cv.province_counts(m, shown, provinces, labels)
    numbers = cv.province_numbers(m, by_sector, shown)
    return by_sector, mapped, numbers, "" if numbers["cross"] else "_no_cross", provinces


def province_map_card(m: Messages, chosen: tuple[str, ...]) -> Card | None:
    """None when no cluster is in the chosen sectors (the page says so instead)."""
    parts = province_parts(m, chosen)
    if parts is None:
        return None
    _, mapped, numbers, suffix, provinces = parts
    document = state.province_boundaries()
    aggregates = state.table("clusters_aggregates")
    listed = cv.list_numbers(state.table("clusters"), aggregates)
    extra = {
        "unnamed_2024": listed.unnamed_2024,
        "n45": listed.n45,
        "by_province": cv.by_province_text(aggregates),
    }
    return Card(
        key="cluster_map",
        title=m("clusters.provinces.map_title"),
        figure=cv.province_map(m, document, mapped, provinces),
        displayed=mapped,
        resources=("clusters", "provinces"),
        takeaway=m(f"clusters.provinces.map_takeaway{suffix}", **numbers),
        footnote=m("clusters.provinces.footnote", **numbers, **extra),
    )


def province_bars_card(m: Messages, chosen: tuple[str, ...]) -> Card | None:
    """None when no cluster is in the chosen sectors (the page says so instead)."""
    parts = province_parts(m, chosen)
    if parts is None:
        return None
    by_sector, _, numbers, suffix, _ = parts
    return Card(
        key="cluster_province_bars",
        title=m("clusters.provinces.bars_title"),
        figure=cv.province_bars(m, by_sector, state.sector_labels(m)),
        displayed=by_sector,
        resources=("clusters",),
        takeaway=m(f"clusters.provinces.bars_takeaway{suffix}", **numbers),
    )


def provinces_view(build: Callable[[Messages, tuple[str, ...]], Card | None]) -> Callable[[], None]:
    """One province card for the sidebar's sectors, or the notice that none of the listed clusters is in them.
    Each card reads its own resources: a broken boundary file fails the map only."""

    def draw() -> None:
        card = state.cached(build, tuple(state.selected_sectors()))
        if card is None:
            st.info(m("clusters.provinces.empty"), icon=":material/filter_alt_off:")
        else:
            show(card)

    return lambda: guarded(m("clusters.provinces.guard"), draw)


def claim_card(m: Messages) -> Card:
    clusters = state.table("clusters")
    aggregates = state.table("clusters_aggregates")
    check = cv.claim_check(clusters, aggregates, state.table("sectors"))
    numbers = cv.claim_numbers(m, check)
    totals = cv.list_totals(m, clusters, aggregates)
    latest = totals[totals["list"] == totals["list"].iloc[-1]].set_index("part")["clusters"]
    parts = m.table("clusters.claim.parts")
    return Card(
        key="cluster_totals",
        title=m("clusters.claim.title"),
        figure=cv.totals_figure(m, totals),
        displayed=totals.assign(part=totals["part"].map(parts)),
        resources=("clusters_aggregates", "clusters"),
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


def section(name: str, has_sector_dimension: bool, draw_card: Callable[[], None]) -> Callable[[], None]:
    """A chosen view under its section's heading, with the note on whether the sector filter applies."""

    def draw() -> None:
        st.subheader(m(f"clusters.sections.{name}"))
        sector_scope_note(has_sector_dimension)
        draw_card()

    return draw


VIEWS = [
    ("list", section("list", True, lambda: guarded(m("clusters.table.title"), table_card))),
    (
        "fields",
        section(
            "by_field_province",
            True,
            lambda: guarded_card(m("clusters.fields.guard"), fields_card, tuple(state.selected_sectors())),
        ),
    ),
    ("map", section("by_field_province", True, provinces_view(province_map_card))),
    ("provinces", section("by_field_province", True, provinces_view(province_bars_card))),
    ("claim", section("claim", False, lambda: guarded_card(m("clusters.claim.guard"), claim_card))),
]
views.show_one(
    "clusters",
    m("ui.views.chart"),
    [views.View(id, m(f"clusters.views.{id}"), draw) for id, draw in VIEWS],
    help=m("ui.views.help"),
)
