"""Overview: the article's headline figures, our summary of its argument, and a guide to the pages."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.errors import StreamlitAPIException

from dashboard import state
from dashboard.cards import chart_card, guarded, md, sector_scope_note
from industrial_base.commentary import text
from industrial_base.package import DatasetUnavailable
from industrial_base.views import overview as ov

PAGES = [
    ("app_pages/value_added.py", "Manufacturing value added", ":material/show_chart:", "value_added"),
    ("app_pages/key_products.py", "Key products (106)", ":material/precision_manufacturing:", "key_products"),
    ("app_pages/little_giants.py", "Little giants", ":material/domain:", "little_giants"),
    ("app_pages/clusters.py", "Clusters", ":material/hub:", "clusters"),
    ("app_pages/fact_check.py", "Fact check", ":material/fact_check:", "fact_check"),
    ("app_pages/sources.py", "Sources & methods", ":material/menu_book:", "sources"),
]

st.title("Industrial Base Monitor")
st.caption(text("overview.caption"))
sector_scope_note(has_sector_dimension=False)

HEADLINES: list[tuple[str, Callable[[], ov.Headline]]] = [
    (
        "Manufacturing value added",
        lambda: ov.mva_headline(
            state.table("china_mva_cny_official"), state.table("china_mva_cny_derived_wdi")
        ),
    ),
    ("Share of world manufacturing", lambda: ov.world_share_headline(state.table("china_share_world_mva"))),
    ("Key products", lambda: ov.key_products_headline(state.table("key_products_programme"))),
    ("Little giants", lambda: ov.little_giants_headline(state.table("lg_cumulative"))),
    ("Clusters", lambda: ov.clusters_headline(state.table("clusters_aggregates"))),
]

st.subheader("The article's figures")
st.caption(text("overview.metrics_caption"))
cells = [column for _ in range(0, len(HEADLINES), 3) for column in st.columns(3, gap="small")]
for column, (title, build) in zip(cells, HEADLINES, strict=False):
    with column:
        try:
            headline = build()
        except DatasetUnavailable as error:
            st.metric(
                title, "unavailable", help=f"The dataset `{error.name}` failed validation.", border=True
            )
            continue
        st.metric(
            headline.label,
            headline.value,
            delta=headline.delta,
            delta_color="gray",
            delta_arrow="off",
            help=md(headline.help),
            border=True,
            height="stretch",
            chart_data=headline.chart_data,
            chart_type="line",
        )

st.subheader("The argument")
st.markdown(md(text("overview.summary")))
article = next(
    (s for s in state.package().descriptor.get("sources", []) if "seed article" in s.get("title", "")), None
)
if article and article.get("path"):
    st.caption(md(text("overview.source", title=article["title"], url=article["path"])))


def evidence_card() -> None:
    package = state.package()
    topics = {name: r.get("topic", "") for name, r in package.resources.items()}
    tables = {name: result.frame for name, result in package.tables.items() if result.ok}
    rows = ov.evidence_rows(tables, topics)
    by_topic = ov.evidence_by_topic(rows)
    chart_card(
        key="evidence",
        title="Where the figures come from: each topic's rows of data by basis",
        figure=lambda: ov.evidence_figure(by_topic),
        displayed=rows,
        resources=[],
        takeaway=text("overview.evidence.takeaway", **ov.evidence_numbers(rows)),
        footnote=text("overview.evidence.footnote"),
    )


guarded("Where the figures come from", evidence_card)

st.subheader("The pages")
for start in range(0, len(PAGES), 3):
    for column, (path, label, icon, key) in zip(st.columns(3), PAGES[start : start + 3], strict=False):
        with column, st.container(border=True, height="stretch"):
            try:
                st.page_link(path, label=label, icon=icon)
            except StreamlitAPIException:  # a page not registered in this build of the app
                st.markdown(f"**{label}** (not available in this build)")
            st.caption(md(text(f"overview.pages.{key}")))
