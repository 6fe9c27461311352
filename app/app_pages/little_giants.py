"""Little giants: batches (final vs publicity lists), stock and reviews, provinces and regions, industry."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard import state, views
from dashboard.cards import Card, Commentary, guarded, guarded_card, md, sector_scope_note, show
from industrial_base.i18n import Messages
from industrial_base.views import little_giants as lg

m = state.messages()

TOP_PROVINCES = 10

st.title(m("little_giants.page.title"))
st.caption(md(m("little_giants.page.caption")))


def batches_card(m: Messages) -> Card:
    batches = state.table("lg_batches")
    check = lg.batch_check(m, batches, state.table("lg_cumulative"))
    series = lg.batch_series(m, batches)
    return Card(
        key="lg_batches",
        title=m("little_giants.titles.batches"),
        figure=lg.batch_figure(m, series),
        displayed=series,
        resources=("lg_batches", "lg_cumulative"),
        takeaway=m("little_giants.batches.takeaway", **vars(check)),
        commentary=Commentary(
            claim=m("little_giants.batches.claim", stock=check.stock),
            finding=m("little_giants.batches.finding", **vars(check)),
            claims=("lg-4762",),
        ),
        footnote=m("little_giants.batches.footnote"),
    )


def stock_card(m: Messages) -> Card:
    cumulative = state.table("lg_cumulative")
    batches = state.table("lg_batches")
    points = lg.stock_points(cumulative)
    check = lg.batch_check(m, batches, cumulative)
    _, _, reconciled = lg.chosen_reviews(m, state.table("lg_reviews"), batches, cumulative)
    numbers = lg.stock_numbers(m, points)
    commentary = (
        Commentary(
            claim=m("little_giants.stock.claim", stock=check.stock),
            finding=m(
                "little_giants.stock.finding",
                stock_date=check.stock_date,
                thresholds=numbers["thresholds"],
                **lg.reconciliation_numbers(m, reconciled),
            ),
        )
        if reconciled
        else None
    )
    return Card(
        key="lg_stock",
        title=m("little_giants.titles.stock"),
        figure=lg.stock_figure(m, points),
        displayed=points,
        resources=("lg_cumulative", "lg_key_support"),
        takeaway=m("little_giants.stock.takeaway", **numbers),
        commentary=commentary,
        footnote=m("little_giants.stock.footnote", **lg.key_support_note(state.table("lg_key_support"))),
    )


def reviews_card(m: Messages) -> Card:
    chosen, others, _ = lg.chosen_reviews(
        m, state.table("lg_reviews"), state.table("lg_batches"), state.table("lg_cumulative")
    )
    summary = lg.review_summary(m, chosen, others)
    return Card(
        key="lg_reviews",
        title=m("little_giants.titles.reviews"),
        figure=lg.reviews_figure(m, chosen),
        displayed=chosen,
        resources=("lg_reviews", "lg_batches"),
        takeaway=m("little_giants.reviews.takeaway", **vars(summary)),
        footnote=m("little_giants.reviews.footnote", **vars(summary)),
    )


def map_card(m: Messages) -> Card:
    b1b2 = state.table("lg_province_b1b2")
    provinces = state.table("provinces")
    frame = lg.province_frame(b1b2)
    document = state.province_boundaries()
    no_data = lg.no_data_areas(b1b2, provinces)
    numbers = lg.province_numbers(m, frame)
    return Card(
        key="lg_map",
        title=m("little_giants.titles.map"),
        figure=lg.province_map(m, document, frame, no_data),
        displayed=frame,
        resources=("lg_province_b1b2", "lg_province", "provinces"),
        takeaway=m("little_giants.provinces.map_takeaway", **numbers),
        footnote=m("little_giants.provinces.map_footnote", **numbers),
    )


def top_provinces_card(m: Messages) -> Card:
    frame = lg.province_frame(state.table("lg_province_b1b2"))
    top = frame.head(TOP_PROVINCES)
    total = int(frame["count"].sum())
    return Card(
        key="lg_top_provinces",
        title=m("little_giants.titles.top_provinces", n=len(top)),
        figure=lg.top_provinces_figure(m, frame, TOP_PROVINCES),
        displayed=top,
        resources=("lg_province_b1b2",),
        takeaway=m(
            "little_giants.provinces.top_takeaway",
            n=len(top),
            top_share=float(top["count"].sum() / total * 100),
            total=total,
        ),
    )


def regions_card(m: Messages) -> Card:
    regions = state.table("lg_regions")
    frame = lg.region_frame(m, regions)
    numbers = lg.region_numbers(m, regions)
    return Card(
        key="lg_regions",
        title=m("little_giants.titles.regions"),
        figure=lg.region_figure(m, frame),
        displayed=frame,
        resources=("lg_regions",),
        takeaway=m("little_giants.regions.takeaway", **numbers),
        footnote=m("little_giants.regions.footnote", **numbers),
    )


def cities_card(m: Messages) -> Card:
    frame = lg.city_frame(state.table("lg_cities"))
    return Card(
        key="lg_cities",
        title=m("little_giants.titles.cities"),
        figure=lg.city_figure(m, frame),
        displayed=frame,
        resources=("lg_cities",),
        takeaway=m("little_giants.cities.takeaway", **lg.city_numbers(m, frame)),
        footnote=m("little_giants.cities.footnote"),
    )


def profile_card(m: Messages) -> Card:
    industry = state.table("lg_industry")
    frame = lg.profile_frame(industry)
    check = lg.profile_check(m, industry)
    stock = lg.batch_check(m, state.table("lg_batches"), state.table("lg_cumulative")).stock
    return Card(
        key="lg_profile",
        title=m("little_giants.titles.profile"),
        figure=lg.profile_figure(m, frame),
        displayed=frame,
        resources=("lg_industry",),
        takeaway=m("little_giants.profile.takeaway", **vars(check)),
        commentary=Commentary(
            claim=m("little_giants.profile.claim", stock=stock),
            finding=m("little_giants.profile.finding", stock=stock, **vars(check)),
            claims=("lg-basic-90",),
        ),
        footnote=m("little_giants.profile.footnote"),
    )


def registry_card(m: Messages, chosen: tuple[str, ...]) -> Card | None:
    """None when no row falls in the chosen sectors (the page says so instead of drawing an empty chart)."""
    industry = state.table("lg_industry")
    labels = state.sector_labels(m)
    frame = lg.registry_frame(industry, list(chosen), labels)
    if frame.empty:
        return None
    every = lg.registry_frame(industry, list(labels), labels)
    check = lg.profile_check(m, industry)
    numbers = lg.registry_numbers(m, frame)
    return Card(
        key="lg_registry",
        title=m("little_giants.titles.registry"),
        figure=lg.registry_figure(m, frame),
        displayed=frame,
        resources=("lg_industry", "sector_map"),
        takeaway=m("little_giants.registry.takeaway", **numbers),
        footnote=m(
            "little_giants.registry.footnote",
            scope=numbers["scope"],
            division_total=int(every["count"].sum()),
            manufacturing=check.manufacturing_count,
        ),
    )


def registry_section() -> None:
    chosen = tuple(state.selected_sectors())
    card = state.cached(registry_card, chosen)
    if card is not None:
        show(card)
    else:
        labels = state.sector_labels()
        with st.container(border=True):
            st.markdown(f"**{md(m('little_giants.titles.registry'))}**")
            st.info(
                m(
                    "little_giants.registry.empty",
                    chosen=m.join((labels.get(s, s) for s in chosen), final=False),
                ),
                icon=":material/filter_alt_off:",
            )


def section(name: str, has_sector_dimension: bool, *draws: Callable[[], None]) -> Callable[[], None]:
    """A chosen chart under its section's heading, with the note on whether the sector filter applies."""

    def draw() -> None:
        st.subheader(m(f"little_giants.sections.{name}"))
        sector_scope_note(has_sector_dimension)
        for draw_card in draws:
            draw_card()

    return draw


def card(short: str, build: Callable[[Messages], Card]) -> Callable[[], None]:
    return lambda: guarded_card(m(f"little_giants.short.{short}"), build)


VIEWS = [
    ("batches", section("batches", False, card("batches", batches_card))),
    ("stock", section("batches", False, card("stock", stock_card))),
    ("reviews", section("batches", False, card("reviews", reviews_card))),
    ("map", section("where", False, card("map", map_card))),
    ("top_provinces", section("where", False, card("top_provinces", top_provinces_card))),
    ("regions", section("where", False, card("regions", regions_card))),
    ("cities", section("where", False, card("cities", cities_card))),
    ("profile", section("make", False, card("profile", profile_card))),
    (
        "registry",
        section("make", True, lambda: guarded(m("little_giants.short.registry"), registry_section)),
    ),
]
views.show_one(
    "little_giants",
    m("ui.views.chart"),
    [views.View(id, m(f"little_giants.views.{id}"), draw) for id, draw in VIEWS],
    help=m("ui.views.help"),
)
