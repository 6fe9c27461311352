"""Manufacturing value added: CNY series with units, share of GDP and of world, international comparison; one
view at a time (`?view=`), under the page-wide year, unit and scale controls."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard import state, url_state, views
from dashboard.cards import Card, Commentary, guarded, guarded_card, sector_scope_note, show
from industrial_base.i18n import Messages
from industrial_base.transforms import Units, window
from industrial_base.views import value_added as va

m = state.messages()

st.title(m("value_added.title"))
st.caption(m("value_added.caption"))
sector_scope_note(has_sector_dimension=False)

first_year, last_year = state.year_bounds("china_mva_cny_derived_wdi", "wdi_mva_usd", "wdi_mva_share_gdp")
full_range = (first_year, last_year)
unit_ids = [u.value for u in Units]

# Seeded for every view, so a link's bad values are reported (and dropped) whichever view it opens.
# A range slider takes its mode from `value`, so it is seeded through `value=`, not session state.
initial_years = url_state.initial("years", url_state.year_range(first_year, last_year), default=full_range)
url_state.seed("units", url_state.one_of(unit_ids), default=Units.LEVEL.value)
url_state.seed("log", url_state.flag(), default=False, convert=lambda v: v == "true")
# Above the view control; filled by the chosen view (which runs after it) with the controls that view uses.
controls_area = st.container()


@dataclass(frozen=True)
class Controls:
    start: int
    end: int
    units: Units
    log_y: bool


def page_controls(*, with_units: bool, with_log: bool) -> Controls:
    """The page-wide controls the chosen view uses. A control the view does not use is not drawn (it would
    change nothing), but its value stays in session state and in the link for when the reader goes back."""
    with controls_area:
        with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
            start, end = st.select_slider(
                m("value_added.controls.years"),
                options=list(range(first_year, last_year + 1)),
                value=initial_years,
                key="years",
                width=420,
            )
            chosen_units = (
                st.segmented_control(
                    m("value_added.controls.units"),
                    unit_ids,
                    format_func=lambda u: va.unit_short_label(m, Units(u)),
                    key="units",
                    required=True,
                    wrap=True,  # on a phone the options wrap instead of scrolling out of sight
                )
                if with_units
                else st.session_state["units"]
            )
            log_y = (
                st.toggle(m("value_added.controls.log"), key="log", help=m("value_added.controls.log_help"))
                if with_log
                else bool(st.session_state["log"])
            )
        units = Units(chosen_units)
        url_state.publish("years", (start, end), full_range)
        url_state.publish("units", units.value, Units.LEVEL.value)
        url_state.publish("log", log_y, False, encode=url_state.lower_bool)
        if start == end:
            st.warning(m("value_added.controls.short_window"))
            start, end = first_year, last_year
    return Controls(start, end, units, log_y)


def mva_card(m: Messages, start: int, end: int, unit_id: str, log_y: bool) -> Card:
    units = Units(unit_id)
    derived = state.table("china_mva_cny_derived_wdi")
    official = state.table("china_mva_cny_official")
    points = window(va.official_points(official), start, end)
    series = va.mva_series(derived, start, end, units)
    check = va.article_check(official, derived)
    level = window(derived, start, end)
    takeaway = m(
        "value_added.mva.takeaway",
        ratio=float(level["value_trillion_cny"].iloc[-1] / level["value_trillion_cny"].iloc[0]),
        start=start,
        end=end,
    )
    unit = va.unit_label(m, units)
    return Card(
        key="mva",
        title=m("value_added.mva.title", unit=unit.lower()),
        figure=va.mva_figure(m, series, points, units, log_y),
        displayed=series if units is not Units.LEVEL else level,
        resources=("china_mva_cny_derived_wdi", "china_mva_cny_official"),
        takeaway=takeaway,
        commentary=Commentary(
            claim=m("value_added.mva.claim"),
            finding=m("value_added.mva.finding", **vars(check)),
            claims=("mva-2012", "mva-2021"),
        ),
        footnote=m("value_added.mva.footnote"),
    )


def share_of_gdp_card(m: Messages, start: int, end: int) -> Card:
    wdi_share = state.table("wdi_mva_share_gdp")
    official = state.table("china_mva_share_gdp_official")
    china = window(wdi_share[wdi_share["iso3"] == "CHN"].dropna(subset=["value"]), start, end)
    numbers = {
        "wdi_first": float(china["value"].iloc[0]),
        "wdi_last": float(china["value"].iloc[-1]),
        "first_year": int(china["year"].iloc[0]),
        "last_year": int(china["year"].iloc[-1]),
    }
    return Card(
        key="share_gdp",
        title=m("value_added.share_gdp.title"),
        figure=va.share_of_gdp_figure(m, wdi_share, official, start, end),
        displayed=window(official, start, end),
        resources=("wdi_mva_share_gdp", "china_mva_share_gdp_official"),
        takeaway=m("value_added.share_gdp.takeaway", **numbers),
        commentary=Commentary(
            claim=m("value_added.share_gdp.claim"),
            finding=m(
                "value_added.share_gdp.finding", official_list=va.official_share_list(m, official), **numbers
            ),
        ),
        footnote=m("value_added.share_gdp.footnote"),
    )


def world_share_card(m: Messages, start: int, end: int) -> Card:
    shares = state.table("china_share_world_mva")
    usd = state.table("wdi_mva_usd")
    computed = window(shares[shares["basis"] == "computed"].dropna(subset=["value_pct"]), start, end)
    china_years, runner, runner_value, latest = va.largest_producer_years(usd)
    every_computed = shares[shares["basis"] == "computed"]
    recent = every_computed[every_computed["year"] >= 2020]
    return Card(
        key="world_share",
        title=m("value_added.world_share.title"),
        figure=va.world_share_figure(m, shares, start, end),
        displayed=window(shares, start, end),
        resources=("china_share_world_mva", "wdi_mva_usd"),
        takeaway=m(
            "value_added.world_share.takeaway",
            first=float(computed["value_pct"].iloc[0]),
            last=float(computed["value_pct"].iloc[-1]),
            first_year=int(computed["year"].iloc[0]),
            last_year=int(computed["year"].iloc[-1]),
        ),
        commentary=Commentary(
            claim=m("value_added.world_share.claim"),
            finding=m(
                "value_added.world_share.finding",
                first_year=china_years[0],
                latest_year=latest,
                runner_up=m.data_name(runner),
                runner_value_tn=runner_value / va.BN_PER_TN,
                computed_min=float(recent["value_pct"].min()),
                computed_max=float(recent["value_pct"].max()),
                range_first=int(recent["year"].min()),
                range_last=int(recent["year"].max()),
            ),
            claims=("largest-power",),
        ),
    )


def comparison_card(
    m: Messages, start: int, end: int, log_y: bool, countries: tuple[str, ...], measure: str
) -> Card:
    usd = state.table("wdi_mva_usd")
    share = state.table("wdi_mva_share_gdp")
    frame = usd if measure == "usd" else share
    shown = window(frame[frame["iso3"].isin(countries)], start, end)
    year = va.latest_complete_year(usd)
    china, count, others = va.outweighs(usd, year)
    return Card(
        key="comparison",
        title=m("value_added.comparison.title"),
        figure=va.comparison_figure(m, frame, list(countries), start, end, log_y, measure),
        displayed=va.in_trillions(shown) if measure == "usd" else shown,
        resources=("wdi_mva_usd", "wdi_mva_share_gdp"),
        takeaway=m(
            "value_added.comparison.takeaway",
            year=year,
            china_tn=china / va.BN_PER_TN,
            count=count,
            others_tn=others / va.BN_PER_TN,
        ),
        footnote=m("value_added.comparison.footnote"),
    )


def comparison_section(start: int, end: int, log_y: bool) -> None:
    """The economy and measure widgets (page body), then the cached card for their values. Both tables are
    checked first, so a broken one shows its error card in place of the widgets too."""
    usd = state.package().table("wdi_mva_usd")
    state.package().table("wdi_mva_share_gdp")
    names = dict(zip(usd["iso3"], usd["country"], strict=False))
    measures = m.table("value_added.controls.measures")
    url_state.seed("countries", url_state.many_of(list(names)), default=va.DEFAULT_COUNTRIES)
    url_state.seed("measure", url_state.one_of(va.MEASURES), default="usd")
    with st.container(horizontal=True, vertical_alignment="bottom"):
        countries = st.multiselect(
            m("value_added.controls.economies"),
            list(names),
            format_func=lambda iso3: m.data_name(names[iso3]),
            key="countries",
        )
        measure = st.segmented_control(
            m("value_added.controls.measure"),
            va.MEASURES,
            format_func=measures.__getitem__,
            key="measure",
            required=True,
            wrap=True,  # on a phone the options wrap instead of scrolling out of sight
        )
    url_state.publish("countries", countries, va.DEFAULT_COUNTRIES)
    url_state.publish("measure", measure, "usd")
    card = state.cached(comparison_card, start, end, log_y, tuple(countries), measure)
    if card is not None:
        show(card)


def mva_view() -> None:
    chosen = page_controls(with_units=True, with_log=True)
    guarded_card(
        m("value_added.mva.short_title"), mva_card, chosen.start, chosen.end, chosen.units.value, chosen.log_y
    )


def share_gdp_view() -> None:
    chosen = page_controls(with_units=False, with_log=False)
    guarded_card(m("value_added.share_gdp.title"), share_of_gdp_card, chosen.start, chosen.end)


def world_share_view() -> None:
    chosen = page_controls(with_units=False, with_log=False)
    guarded_card(m("value_added.world_share.title"), world_share_card, chosen.start, chosen.end)


def comparison_view() -> None:
    chosen = page_controls(with_units=False, with_log=True)
    st.subheader(m("value_added.comparison.heading"))
    guarded(
        m("value_added.comparison.heading"),
        lambda: comparison_section(chosen.start, chosen.end, chosen.log_y),
    )


VIEWS = [
    ("mva", mva_view),
    ("share_gdp", share_gdp_view),
    ("world_share", world_share_view),
    ("comparison", comparison_view),
]
views.show_one(
    "value_added",
    m("ui.views.chart"),
    [views.View(id, m(f"value_added.views.{id}"), draw) for id, draw in VIEWS],
    help=m("ui.views.help"),
)
