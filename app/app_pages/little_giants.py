"""Little giants: batches (final vs publicity lists), stock and reviews, provinces and regions, industry."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.cards import Commentary, chart_card, guarded, sector_scope_note
from industrial_base.views import little_giants as lg

m = state.messages()

TOP_PROVINCES = 10

st.title("Little giants")
st.caption(
    "National specialised, refined, distinctive and innovative (专精特新) 'little giant' SMEs designated by "
    "MIIT: counts per batch, the stock after reviews, where they are and what they make."
)


def batches_card() -> None:
    batches = state.table("lg_batches")
    check = lg.batch_check(batches, state.table("lg_cumulative"))
    series = lg.batch_series(batches)
    chart_card(
        key="lg_batches",
        title="Little giants per batch: final MIIT count vs publicity-list compilations",
        figure=lambda: lg.batch_figure(series),
        displayed=series,
        resources=["lg_batches", "lg_cumulative"],
        takeaway=m("little_giants.batches.takeaway", **vars(check)),
        commentary=Commentary(
            claim=m("little_giants.batches.claim", stock=check.stock),
            finding=m("little_giants.batches.finding", **vars(check)),
            claims=("lg-4762",),
        ),
        footnote=m("little_giants.batches.footnote"),
    )


def stock_card() -> None:
    cumulative = state.table("lg_cumulative")
    batches = state.table("lg_batches")
    points = lg.stock_points(cumulative)
    check = lg.batch_check(batches, cumulative)
    _, _, reconciled = lg.chosen_reviews(state.table("lg_reviews"), batches, cumulative)
    numbers = lg.stock_numbers(points)
    reconciliation = (
        {
            "previous": reconciled.previous,
            "reviewed": reconciled.reviewed,
            "reviewed_batch": reconciled.reviewed_batch,
            "passed": reconciled.passed,
            "new": reconciled.new,
            "new_batch": reconciled.new_batch,
            "stock_after": reconciled.stock,
            "stock_after_date": reconciled.stock_date,
        }
        if reconciled
        else None
    )
    commentary = (
        Commentary(
            claim=m("little_giants.stock.claim", stock=check.stock),
            finding=m(
                "little_giants.stock.finding",
                stock_date=check.stock_date,
                thresholds=numbers["thresholds"],
                **reconciliation,
            ),
        )
        if reconciliation
        else None
    )
    chart_card(
        key="lg_stock",
        title="Published stock of little giants",
        figure=lambda: lg.stock_figure(points),
        displayed=points,
        resources=["lg_cumulative", "lg_key_support"],
        takeaway=m("little_giants.stock.takeaway", **numbers),
        commentary=commentary,
        footnote=m("little_giants.stock.footnote", **lg.key_support_note(state.table("lg_key_support"))),
    )


def reviews_card() -> None:
    chosen, others, _ = lg.chosen_reviews(
        state.table("lg_reviews"), state.table("lg_batches"), state.table("lg_cumulative")
    )
    summary = lg.review_summary(chosen, others)
    chart_card(
        key="lg_reviews",
        title="Three-year reviews: firms up for review vs firms that passed",
        figure=lambda: lg.reviews_figure(chosen),
        displayed=chosen,
        resources=["lg_reviews", "lg_batches"],
        takeaway=m("little_giants.reviews.takeaway", **vars(summary)),
        footnote=m("little_giants.reviews.footnote", **vars(summary)),
    )


def map_card() -> None:
    b1b2 = state.table("lg_province_b1b2")
    provinces = state.table("provinces")
    frame = lg.province_frame(b1b2)
    document = state.province_boundaries()
    no_data = lg.no_data_areas(b1b2, provinces)
    numbers = lg.province_numbers(frame)
    chart_card(
        key="lg_map",
        title="Little giants of batches 1–2 by province",
        figure=lambda: lg.province_map(document, frame, no_data),
        displayed=frame,
        resources=["lg_province_b1b2", "lg_province", "provinces"],
        takeaway=m("little_giants.provinces.map_takeaway", **numbers),
        footnote=m("little_giants.provinces.map_footnote", **numbers),
    )


def top_provinces_card() -> None:
    frame = lg.province_frame(state.table("lg_province_b1b2"))
    top = frame.head(TOP_PROVINCES)
    total = int(frame["count"].sum())
    chart_card(
        key="lg_top_provinces",
        title=f"Top {len(top)} provinces, batches 1–2",
        figure=lambda: lg.top_provinces_figure(frame, TOP_PROVINCES),
        displayed=top,
        resources=["lg_province_b1b2"],
        takeaway=m(
            "little_giants.provinces.top_takeaway",
            n=len(top),
            top_share=float(top["count"].sum() / total * 100),
            total=total,
        ),
    )


def regions_card() -> None:
    regions = state.table("lg_regions")
    frame = lg.region_frame(regions)
    numbers = lg.region_numbers(regions)
    chart_card(
        key="lg_regions",
        title="Little giants by region",
        figure=lambda: lg.region_figure(frame),
        displayed=frame,
        resources=["lg_regions"],
        takeaway=m("little_giants.regions.takeaway", **numbers),
        footnote=m("little_giants.regions.footnote", **numbers),
    )


def cities_card() -> None:
    frame = lg.city_frame(state.table("lg_cities"))
    chart_card(
        key="lg_cities",
        title="Leading cities (partial tables)",
        figure=lambda: lg.city_figure(frame),
        displayed=frame,
        resources=["lg_cities"],
        takeaway=m("little_giants.cities.takeaway", **lg.city_numbers(frame)),
        footnote=m("little_giants.cities.footnote"),
    )


def profile_card() -> None:
    industry = state.table("lg_industry")
    frame = lg.profile_frame(industry)
    check = lg.profile_check(industry)
    stock = lg.batch_check(state.table("lg_batches"), state.table("lg_cumulative")).stock
    chart_card(
        key="lg_profile",
        title="What share of little giants is in 'foundation' fields, and in manufacturing?",
        figure=lambda: lg.profile_figure(frame),
        displayed=frame,
        resources=["lg_industry"],
        takeaway=m("little_giants.profile.takeaway", **vars(check)),
        commentary=Commentary(
            claim=m("little_giants.profile.claim", stock=stock),
            finding=m("little_giants.profile.finding", stock=stock, **vars(check)),
            claims=("lg-basic-90",),
        ),
        footnote=m("little_giants.profile.footnote"),
    )


def registry_card() -> None:
    industry = state.table("lg_industry")
    labels = state.sector_labels()
    chosen = state.selected_sectors()
    frame = lg.registry_frame(industry, chosen, labels)
    if frame.empty:
        with st.container(border=True):
            st.markdown("**Little giants by manufacturing division, mapped to sectors**")
            st.info(
                m(
                    "little_giants.registry.empty",
                    chosen=", ".join(labels.get(s, s) for s in chosen),
                ),
                icon=":material/filter_alt_off:",
            )
        return
    every = lg.registry_frame(industry, list(labels), labels)
    check = lg.profile_check(industry)
    numbers = lg.registry_numbers(frame)
    chart_card(
        key="lg_registry",
        title="Little giants by manufacturing division, mapped to sectors",
        figure=lambda: lg.registry_figure(frame),
        displayed=frame,
        resources=["lg_industry", "sector_map"],
        takeaway=m("little_giants.registry.takeaway", **numbers),
        footnote=m(
            "little_giants.registry.footnote",
            scope=numbers["scope"],
            division_total=int(every["count"].sum()),
            manufacturing=check.manufacturing_count,
        ),
    )


st.subheader("Batches, stock and reviews")
sector_scope_note(has_sector_dimension=False)
guarded("Little giants per batch", batches_card)
guarded("Published stock of little giants", stock_card)
guarded("Three-year reviews", reviews_card)

st.subheader("Where they are")
sector_scope_note(has_sector_dimension=False)
left, right = st.columns([3, 2], gap="medium")
with left:
    guarded("Little giants of batches 1–2 by province", map_card)
with right:
    guarded("Top provinces, batches 1–2", top_provinces_card)
left, right = st.columns(2, gap="medium")
with left:
    guarded("Little giants by region", regions_card)
with right:
    guarded("Leading cities", cities_card)

st.subheader("What they make")
sector_scope_note(has_sector_dimension=False)
guarded("Shares in foundation fields and in manufacturing", profile_card)
sector_scope_note(has_sector_dimension=True)
guarded("Little giants by manufacturing division", registry_card)
