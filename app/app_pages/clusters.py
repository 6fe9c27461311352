"""National advanced manufacturing clusters: a searchable list, counts by field and province, totals."""

from __future__ import annotations

import streamlit as st

from dashboard import controls, state
from dashboard.card import column_config, download_row
from dashboard.page import show_page
from industrial_base.pages import clusters as cv
from industrial_base.registry import View, md

m = state.messages()


def cluster_list(view: View) -> None:
    """The searchable list: a search box and four filters (each in the link), the grid, its downloads."""
    numbers = state.build(cv.LIST_CAPTION)
    filters = (cv.FIELD, cv.PROVINCE, cv.COHORT, cv.CONFIDENCE)
    for control in filters:  # a broken dataset fails here, before any widget is drawn
        controls.offered(control)
    with st.container(border=True, key="card_cluster_table"):
        st.markdown(f"**{m('clusters.table.title')}**")
        values = {cv.Q.key: controls.draw(cv.Q)}
        for column, control in zip(st.columns(len(filters), gap="small"), filters, strict=True):
            with column:
                values[control.key] = controls.draw(control)
        shown = state.build(cv.LIST, **values, sectors=tuple(state.selected_sectors()))
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
        st.caption(md(m("clusters.table.caption", shown=len(shown), **numbers)))
        download_row(view.key, shown, cv.LIST_DATASETS)


show_page(cv.PAGE, draw={"list": cluster_list})
