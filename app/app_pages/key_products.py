"""Key products (106): what is known and not published, the strong-base programme, the article's examples."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import state, views
from dashboard.cards import (
    Card,
    Commentary,
    column_config,
    commentary_card,
    download_row,
    guarded,
    guarded_card,
    md,
    sector_scope_note,
)
from industrial_base.i18n import Messages
from industrial_base.package import DatasetUnavailable
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


@dataclass(frozen=True)
class Known:
    """The headline figure's words (caption, metric, intro, what is not published) in one language."""

    caption: str
    value: str
    help: str
    intro: str
    not_published: str


def prepared_known(m: Messages) -> Known:
    """`Known` once per (data folder, language) (cached by `state.cached`)."""
    numbers = kp.headline_text(m, state.table("key_products_programme"))
    return Known(
        caption=md(m("key_products.caption", **numbers)),
        value=f"{numbers['value']:,}",
        help=md(m("key_products.known.metric_help", **numbers)),
        intro=md(m("key_products.known.intro", **numbers)),
        not_published=md(m("key_products.known.not_published", **numbers)),
    )


def prepared_foundations(m: Messages) -> str:
    """The foundations paragraph once per (data folder, language) (cached by `state.cached`)."""
    programme = state.table("key_products_programme")
    found = kp.foundations_text(m, programme)
    return md(m("key_products.foundations.text", value=kp.headline(programme)["value"], **found))


def known_section() -> None:
    known = state.cached(prepared_known)
    left, right = st.columns([2, 3], gap="medium")
    with left:
        st.metric(
            m("key_products.known.metric_label"),
            known.value,
            delta=m("key_products.known.metric_delta"),
            delta_color="gray",
            delta_arrow="off",
            help=known.help,
            border=True,
        )
        st.markdown(known.intro)
    with right, st.container(border=True, key="card_not_published"):
        st.markdown(f":orange-badge[:material/block: {m('key_products.known.badge')}]")
        st.markdown(known.not_published)


def foundations_section() -> None:
    st.markdown(state.cached(prepared_foundations))


def timeline_card(m: Messages) -> Card:
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
    return Card(
        key="strong_base",
        title=m("key_products.labels.timeline_title"),
        figure=kp.timeline_figure(m, events),
        displayed=shown,
        resources=("key_products_programme",),
        takeaway=m("key_products.timeline.takeaway", **numbers),
        commentary=Commentary(
            claim=m("key_products.timeline.claim", value=value),
            finding=m("key_products.timeline.finding", value=value, **numbers),
            claims=("key-products-106", "chain-advancement"),
        ),
        footnote=footnote,
    )


@dataclass(frozen=True)
class ExampleBlock:
    """One of the article's examples as drawn: its heading with sector badges, its metrics, our commentary."""

    key: str
    heading: str
    metrics: tuple[str, ...]
    commentary: Commentary


@dataclass(frozen=True)
class Examples:
    """The examples section for one (data folder, language, sectors); shared between sessions: read-only.
    `all_hidden` is the notice when the sector filter hides every example (then nothing else is drawn)."""

    intro: str
    all_hidden: str | None
    some_hidden: str | None
    blocks: tuple[ExampleBlock, ...]
    shown: pd.DataFrame


def prepared_examples(m: Messages, chosen: tuple[str, ...]) -> Examples:
    """The words, markdown and table of the examples section, cached per (data, language, sectors) by
    `state.cached`; a `DatasetUnavailable` is raised, not cached."""
    examples = state.table("key_products_examples")
    value = kp.headline(state.table("key_products_programme"))["value"]
    intro = m("key_products.examples.intro", value=value)
    numbers = kp.example_numbers(m, examples)
    every_group = kp.group_examples(m, examples)
    shown = filter_sectors(examples, chosen)
    groups = kp.group_examples(m, shown)
    labels = state.sector_labels(m)
    if not groups:
        sectors = m.separator().join(labels.get(s, s) for s in kp.sectors_of(examples))
        notice = m("key_products.examples.all_hidden", sectors=sectors)
        return Examples(intro=intro, all_hidden=notice, some_hidden=None, blocks=(), shown=shown)
    hidden = kp.hidden_groups(every_group, groups)
    some_hidden = None
    if hidden:
        titles = m.separator("items").join(hidden)
        some_hidden = m("key_products.examples.some_hidden", titles=titles)
    blocks = tuple(
        ExampleBlock(
            key=group.key,
            heading=f"**{md(group.title)}**  \n"
            + " ".join(f":gray-badge[{labels.get(s, s)}]" for s in kp.sectors_of(group.rows)),
            metrics=tuple(kp.metric_markdown(m, row) for _, row in group.rows.iterrows()),
            commentary=Commentary(
                claim=m(f"key_products.examples.{group.key}.claim", **numbers),
                finding=m(f"key_products.examples.{group.key}.finding", **numbers),
                claims=EXAMPLE_CLAIMS.get(group.key, ()),
            ),
        )
        for group in groups
    )
    return Examples(intro=intro, all_hidden=None, some_hidden=some_hidden, blocks=blocks, shown=shown)


def examples_section() -> None:
    prepared = state.cached(prepared_examples, tuple(state.selected_sectors()))
    st.markdown(md(prepared.intro))
    if prepared.all_hidden is not None:
        st.info(prepared.all_hidden, icon=":material/filter_alt_off:")
        return
    if prepared.some_hidden is not None:
        st.caption(prepared.some_hidden)
    for block in prepared.blocks:
        left, right = st.columns([3, 2], gap="medium")
        with left, st.container(border=True, key=f"card_example_{block.key}"):
            st.markdown(block.heading)
            for metric in block.metrics:
                st.markdown(metric)
        with right:
            commentary_card(block.commentary)
    shown = prepared.shown
    with st.expander(m("key_products.labels.examples_table")):
        st.dataframe(shown, hide_index=True, width="stretch", column_config=column_config(shown))
        st.caption(m("ui.card.research_language"))
        download_row("examples", shown, ["key_products_examples"])


def programme_view() -> None:
    st.subheader(m("key_products.labels.known"))
    guarded(m("key_products.labels.known_short"), known_section)
    st.subheader(m("key_products.labels.foundations"))
    guarded(m("key_products.labels.foundations"), foundations_section)
    st.subheader(m("key_products.labels.programme"))
    sector_scope_note(has_sector_dimension=False)
    guarded_card(m("key_products.labels.timeline_short"), timeline_card)


def examples_view() -> None:
    st.subheader(m("key_products.labels.examples"))
    sector_scope_note(has_sector_dimension=True)
    guarded(m("key_products.labels.examples"), examples_section)


# The caption quotes the programme's headline figure; when that dataset fails validation the caption is left
# out and each view's error card names the file, line and column (both views read the programme).
with suppress(DatasetUnavailable):
    st.caption(state.cached(prepared_known).caption)
views.show_one(
    "key_products",
    m("ui.views.section"),
    [
        views.View("programme", m("key_products.views.programme"), programme_view),
        views.View("examples", m("key_products.views.examples"), examples_view),
    ],
    help=m("ui.views.section_help"),
)
