"""Key products (106): what is known and not published, the strong-base programme, the article's examples."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.cards import (
    Commentary,
    chart_card,
    column_config,
    commentary_card,
    download_row,
    guarded,
    md,
    sector_scope_note,
)
from industrial_base.transforms import filter_sectors
from industrial_base.views import key_products as kp

m = state.messages()

st.title(m("ui.nav.key_products"))


EXAMPLE_CLAIMS = {
    "beidou": ("beidou-20000",),
    "cnc": ("cnc-systems",),
    "battery": ("nev-batteries",),
    "motor": ("drive-motors",),
}


def known_section() -> None:
    numbers = kp.headline_text(m, state.table("key_products_programme"))
    st.caption(md(m("key_products.caption", **numbers)))
    left, right = st.columns([2, 3], gap="medium")
    with left:
        st.metric(
            m("key_products.known.metric_label"),
            f"{numbers['value']:,}",
            delta=m("key_products.known.metric_delta"),
            delta_color="gray",
            delta_arrow="off",
            help=md(m("key_products.known.metric_help", **numbers)),
            border=True,
        )
        st.markdown(md(m("key_products.known.intro", **numbers)))
    with right, st.container(border=True, key="card_not_published"):
        st.markdown(f":orange-badge[:material/block: {m('key_products.known.badge')}]")
        st.markdown(md(m("key_products.known.not_published", **numbers)))


def foundations_section() -> None:
    programme = state.table("key_products_programme")
    found = kp.foundations_text(m, programme)
    st.markdown(md(m("key_products.foundations.text", value=kp.headline(programme)["value"], **found)))


def timeline_card() -> None:
    programme = state.table("key_products_programme")
    events = kp.timeline_events(m, programme)
    numbers = {**kp.timeline_numbers(events), **kp.programme_numbers(m, programme)}
    value = kp.headline(programme)["value"]
    shown = kp.timeline_table(events)
    missing = int(shown["source_url"].isna().sum())
    footnote = m("key_products.timeline.footnote")
    if missing:
        footnote += m.entry("key_products.labels.sentence_separator") + m(
            "key_products.timeline.missing_urls", missing_urls=missing
        )
    chart_card(
        key="strong_base",
        title=m("key_products.labels.timeline_title"),
        figure=lambda: kp.timeline_figure(m, events),
        displayed=shown,
        resources=["key_products_programme"],
        takeaway=m("key_products.timeline.takeaway", **numbers),
        commentary=Commentary(
            claim=m("key_products.timeline.claim", value=value),
            finding=m("key_products.timeline.finding", value=value, **numbers),
            claims=("key-products-106", "chain-advancement"),
        ),
        footnote=footnote,
    )


def examples_section() -> None:
    examples = state.table("key_products_examples")
    value = kp.headline(state.table("key_products_programme"))["value"]
    st.markdown(md(m("key_products.examples.intro", value=value)))
    numbers = kp.example_numbers(m, examples)
    every_group = kp.group_examples(m, examples)
    shown = filter_sectors(examples, state.selected_sectors())
    groups = kp.group_examples(m, shown)
    labels = state.sector_labels()
    if not groups:
        sectors = m.entry("key_products.labels.list_separator").join(
            labels.get(s, s) for s in kp.sectors_of(examples)
        )
        st.info(m("key_products.examples.all_hidden", sectors=sectors), icon=":material/filter_alt_off:")
        return
    hidden = kp.hidden_groups(every_group, groups)
    if hidden:
        titles = m.entry("key_products.labels.item_separator").join(hidden)
        st.caption(m("key_products.examples.some_hidden", titles=titles))
    for group in groups:
        left, right = st.columns([3, 2], gap="medium")
        with left, st.container(border=True, key=f"card_example_{group.key}"):
            sectors = " ".join(f":gray-badge[{labels.get(s, s)}]" for s in kp.sectors_of(group.rows))
            st.markdown(f"**{md(group.title)}**  \n{sectors}")
            for _, row in group.rows.iterrows():
                st.markdown(kp.metric_markdown(m, row))
        with right:
            commentary_card(
                Commentary(
                    claim=m(f"key_products.examples.{group.key}.claim", **numbers),
                    finding=m(f"key_products.examples.{group.key}.finding", **numbers),
                    claims=EXAMPLE_CLAIMS.get(group.key, ()),
                )
            )
    with st.expander(m("key_products.labels.examples_table")):
        st.dataframe(shown, hide_index=True, width="stretch", column_config=column_config(shown))
        st.caption(m("ui.card.research_language"))
        download_row("examples", shown, ["key_products_examples"])


st.subheader(m("key_products.labels.known"))
guarded(m("key_products.labels.known_short"), known_section)
st.subheader(m("key_products.labels.foundations"))
guarded(m("key_products.labels.foundations"), foundations_section)
st.subheader(m("key_products.labels.programme"))
sector_scope_note(has_sector_dimension=False)
guarded(m("key_products.labels.timeline_short"), timeline_card)
st.subheader(m("key_products.labels.examples"))
sector_scope_note(has_sector_dimension=True)
guarded(m("key_products.labels.examples"), examples_section)
