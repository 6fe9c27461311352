"""Overview: the article's headline figures, our summary of its argument, and a guide to the pages."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.errors import StreamlitAPIException

from dashboard import state
from dashboard.cards import Card, guarded_card, md, sector_scope_note
from industrial_base.i18n import Messages
from industrial_base.package import DatasetUnavailable
from industrial_base.views import overview as ov

m = state.messages()
PAGES = [
    ("app_pages/value_added.py", ":material/show_chart:", "value_added"),
    ("app_pages/key_products.py", ":material/precision_manufacturing:", "key_products"),
    ("app_pages/little_giants.py", ":material/domain:", "little_giants"),
    ("app_pages/clusters.py", ":material/hub:", "clusters"),
    ("app_pages/fact_check.py", ":material/fact_check:", "fact_check"),
    ("app_pages/sources.py", ":material/menu_book:", "sources"),
]

st.title(m("ui.app.title"))
st.caption(m("overview.caption"))
sector_scope_note(has_sector_dimension=False)


def headlines(m: Messages) -> list[tuple[str, ov.Headline | DatasetUnavailable]]:
    """The five metric cards (or the error of the dataset each needs); cached per data folder and language."""
    builders: list[tuple[str, Callable[[], ov.Headline]]] = [
        (
            m("overview.headlines.mva.title"),
            lambda: ov.mva_headline(
                m, state.table("china_mva_cny_official"), state.table("china_mva_cny_derived_wdi")
            ),
        ),
        (
            m("overview.headlines.world_share.title"),
            lambda: ov.world_share_headline(m, state.table("china_share_world_mva")),
        ),
        (
            m("overview.headlines.key_products.title"),
            lambda: ov.key_products_headline(m, state.table("key_products_programme")),
        ),
        (
            m("overview.headlines.little_giants.title"),
            lambda: ov.little_giants_headline(m, state.table("lg_cumulative")),
        ),
        (
            m("overview.headlines.clusters.title"),
            lambda: ov.clusters_headline(m, state.table("clusters_aggregates")),
        ),
    ]
    results: list[tuple[str, ov.Headline | DatasetUnavailable]] = []
    for title, build in builders:
        try:
            results.append((title, build()))
        except DatasetUnavailable as error:
            results.append((title, error))
    return results


HEADLINES = state.cached(headlines)

st.subheader(m("overview.labels.figures"))
st.caption(m("overview.metrics_caption"))
cells = [column for _ in range(0, len(HEADLINES), 3) for column in st.columns(3, gap="small")]
for column, (title, headline) in zip(cells, HEADLINES, strict=False):
    with column:
        if isinstance(headline, DatasetUnavailable):
            st.metric(
                title,
                m("ui.errors.metric_unavailable"),
                help=m("ui.errors.metric_help", name=headline.name),
                border=True,
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

st.subheader(m("overview.labels.argument"))
st.markdown(md(m("overview.summary")))
article = next(
    (s for s in state.package().descriptor.get("sources", []) if "seed article" in s.get("title", "")), None
)
if article and article.get("path"):
    st.caption(md(m("overview.source", title=article["title"], url=article["path"])))


def evidence_card(m: Messages) -> Card:
    package = state.package()
    topics = {name: r.get("topic", "") for name, r in package.resources.items()}
    tables = {name: result.frame for name, result in package.tables.items() if result.ok}
    rows = ov.evidence_rows(m, tables, topics)
    return Card(
        key="evidence",
        title=m("overview.labels.evidence_title"),
        figure=ov.evidence_figure(m, ov.evidence_by_topic(rows)),
        displayed=rows,
        resources=(),
        takeaway=m("overview.evidence.takeaway", **ov.evidence_numbers(rows)),
        footnote=m("overview.evidence.footnote"),
    )


guarded_card(m("overview.labels.evidence_short"), evidence_card)

st.subheader(m("overview.labels.pages"))
for start in range(0, len(PAGES), 3):
    for column, (path, icon, key) in zip(st.columns(3), PAGES[start : start + 3], strict=False):
        label = m(f"ui.nav.{key}")
        with column, st.container(border=True, height="stretch"):
            try:
                st.page_link(path, label=label, icon=icon)
            except StreamlitAPIException:  # a page not registered in this build of the app
                st.markdown(m("ui.nav.not_available", label=label))
            st.caption(md(m(f"overview.pages.{key}")))
