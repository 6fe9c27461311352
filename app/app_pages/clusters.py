"""National advanced manufacturing clusters: a searchable list, counts by field and province, totals."""

from __future__ import annotations

import streamlit as st

from dashboard import controls, state
from dashboard.cards import column_config, download_row, md
from dashboard.page import header, show_views
from industrial_base.pages import clusters as cv

MAX_QUERY = 80

m = header("clusters")


def cluster_list() -> None:
    """The searchable list: a search box and four filters (each in the link), the grid, its downloads."""
    choices = state.build(cv.LIST_CHOICES)
    with st.container(border=True, key="card_cluster_table"):
        st.markdown(f"**{m('clusters.table.title')}**")
        query = controls.text(
            "q", m("clusters.table.search"), MAX_QUERY, placeholder=m("clusters.table.search_placeholder")
        ).draw()
        field, province, cohort, confidence = st.columns(4, gap="small")
        filters = cv.Filters(
            query=str(query),
            fields=controls.choices(
                "field",
                m("clusters.table.field"),
                state.sector_labels(),
                placeholder=m("clusters.table.field_placeholder"),
                container=field,
            ).draw(),
            provinces=controls.choices(
                "province",
                m("clusters.table.province"),
                choices.provinces,
                placeholder=m("clusters.table.province_placeholder"),
                help=m("clusters.table.province_help"),
                convert=int,
                container=province,
            ).draw(),
            cohorts=controls.choices(
                "cohort",
                m("clusters.table.cohort"),
                choices.cohorts,
                placeholder=m("clusters.table.cohort_placeholder"),
                help=m("clusters.table.cohort_help"),
                convert=int,
                container=cohort,
            ).draw(),
            confidence=controls.choices(
                "confidence",
                m("clusters.table.confidence"),
                choices.confidence,
                placeholder=m("clusters.table.confidence_placeholder"),
                help=m("clusters.table.confidence_help"),
                container=confidence,
            ).draw(),
            sectors=tuple(state.selected_sectors()) if state.sector_filter_active() else None,
        )
        shown = state.build(cv.LIST, filters=filters)
        if shown.empty:
            st.info(m("clusters.table.empty"), icon=":material/search_off:")
        else:
            headers = m.labels("clusters.table.columns")
            other = cv.other_name_column(m)
            config = column_config(shown, cv.LIST_DATASETS) | {
                "name": st.column_config.TextColumn(headers["name"], width="large"),
                "province_or_region": st.column_config.TextColumn(headers["province_or_region"]),
                "field": st.column_config.TextColumn(headers["field"]),
                other: st.column_config.TextColumn(headers[other], help=f"`{other}`", width="medium"),
            }
            st.dataframe(shown, hide_index=True, width="stretch", column_config=config)
        st.caption(md(m("clusters.table.caption", shown=len(shown), **vars(choices.numbers))))
        download_row("clusters_table", shown, cv.LIST_DATASETS)


show_views("clusters", cv.VIEWS, draw={"list": cluster_list})
