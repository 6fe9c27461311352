"""Manufacturing value added: CNY series with units, share of GDP and of world, international comparison."""

from __future__ import annotations

import streamlit as st

from dashboard import state, url_state
from dashboard.cards import Commentary, chart_card, guarded, sector_scope_note
from industrial_base.transforms import UNIT_LABELS, Units, window
from industrial_base.views import value_added as va

m = state.messages()

st.title("Manufacturing value added")
st.caption("China, 2012 to the latest year, in yuan and against other economies. Current prices throughout.")
sector_scope_note(has_sector_dimension=False)

first_year, last_year = state.year_bounds("china_mva_cny_derived_wdi", "wdi_mva_usd", "wdi_mva_share_gdp")
full_range = (first_year, last_year)
unit_ids = [u.value for u in Units]

# A range slider takes its mode from `value`, so it is seeded through `value=`, not session state.
initial_years = url_state.initial("years", url_state.year_range(first_year, last_year), default=full_range)
url_state.seed("units", url_state.one_of(unit_ids), default=Units.LEVEL.value)
url_state.seed("log", url_state.flag(), default=False, convert=lambda v: v == "true")
with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
    start, end = st.select_slider(
        "Years", options=list(range(first_year, last_year + 1)), value=initial_years, key="years", width=420
    )
    units = Units(
        st.segmented_control(
            "Units",
            unit_ids,
            format_func=lambda u: UNIT_LABELS[Units(u)].split(",")[0],
            key="units",
            required=True,
        )
    )
    log_y = st.toggle("Log scale", key="log", help="Applies to levels and indices.")
url_state.publish("years", (start, end), full_range)
url_state.publish("units", units.value, Units.LEVEL.value)
url_state.publish("log", log_y, False, encode=url_state.lower_bool)

if start == end:
    st.warning("Choose a window of at least two years; showing the full range instead.")
    start, end = first_year, last_year


def mva_card() -> None:
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
    chart_card(
        key="mva",
        title=f"China manufacturing value added, {UNIT_LABELS[units].lower()}",
        figure=lambda: va.mva_figure(series, points, units, log_y),
        displayed=series if units is not Units.LEVEL else level,
        resources=["china_mva_cny_derived_wdi", "china_mva_cny_official"],
        takeaway=takeaway,
        commentary=Commentary(
            claim=m("value_added.mva.claim"),
            finding=m("value_added.mva.finding", **vars(check)),
            claims=("mva-2012", "mva-2021"),
        ),
        footnote="Line: World Bank NV.IND.MANF.CD × official CNY/US$ rate (derived, consistent over time). "
        "Markers: official figures as first published (different vintages). Other units use the line only.",
    )


def share_of_gdp_card() -> None:
    wdi_share = state.table("wdi_mva_share_gdp")
    official = state.table("china_mva_share_gdp_official")
    china = window(wdi_share[wdi_share["iso3"] == "CHN"].dropna(subset=["value"]), start, end)
    numbers = {
        "wdi_first": float(china["value"].iloc[0]),
        "wdi_last": float(china["value"].iloc[-1]),
        "first_year": int(china["year"].iloc[0]),
        "last_year": int(china["year"].iloc[-1]),
    }
    stated = official.dropna(subset=["value_pct"])
    official_list = ", ".join(
        f"{int(y)}{' H1' if p == 'H1' else ''}: {v:g}%"
        for y, p, v in zip(stated["year"], stated["period"], stated["value_pct"], strict=True)
    )
    chart_card(
        key="share_gdp",
        title="Manufacturing as a share of China's GDP",
        figure=lambda: va.share_of_gdp_figure(wdi_share, official, start, end),
        displayed=window(official, start, end),
        resources=["wdi_mva_share_gdp", "china_mva_share_gdp_official"],
        takeaway=m("value_added.share_gdp.takeaway", **numbers),
        commentary=Commentary(
            claim=m("value_added.share_gdp.claim"),
            finding=m("value_added.share_gdp.finding", official_list=official_list, **numbers),
        ),
        footnote="Chart uses the World Bank series for the line; MIIT's figures are markers. 2025: MIIT said "
        "only that the share 'held steady' (not published as a number).",
    )


def world_share_card() -> None:
    shares = state.table("china_share_world_mva")
    usd = state.table("wdi_mva_usd")
    computed = window(shares[shares["basis"] == "computed"].dropna(subset=["value_pct"]), start, end)
    china_years, runner, runner_value, latest = va.largest_producer_years(usd)
    every_computed = shares[shares["basis"] == "computed"]
    recent = every_computed[every_computed["year"] >= 2020]
    chart_card(
        key="world_share",
        title="China's share of world manufacturing value added",
        figure=lambda: va.world_share_figure(shares, start, end),
        displayed=window(shares, start, end),
        resources=["china_share_world_mva", "wdi_mva_usd"],
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
                runner_up=runner,
                runner_value=runner_value,
                computed_min=float(recent["value_pct"].min()),
                computed_max=float(recent["value_pct"].max()),
                range_years=f"{int(recent['year'].min())}–{int(recent['year'].max())}",
            ),
            claims=("largest-power",),
        ),
    )


def comparison_card() -> None:
    usd = state.table("wdi_mva_usd")
    share = state.table("wdi_mva_share_gdp")
    names = dict(zip(usd["iso3"], usd["country"], strict=False))
    url_state.seed("countries", url_state.many_of(list(names)), default=va.DEFAULT_COUNTRIES)
    url_state.seed("measure", url_state.one_of(["usd", "share"]), default="usd")
    with st.container(horizontal=True, vertical_alignment="bottom"):
        countries = st.multiselect("Economies", list(names), format_func=names.__getitem__, key="countries")
        measure = st.segmented_control(
            "Measure",
            ["usd", "share"],
            format_func={"usd": "Billion US$", "share": "% of GDP"}.__getitem__,
            key="measure",
            required=True,
        )
    url_state.publish("countries", countries, va.DEFAULT_COUNTRIES)
    url_state.publish("measure", measure, "usd")
    frame = usd if measure == "usd" else share
    year = va.latest_complete_year(usd)
    china, count, others = va.outweighs(usd, year)
    chart_card(
        key="comparison",
        title="Manufacturing value added: international comparison (World Bank WDI)",
        figure=lambda: va.comparison_figure(frame, countries, start, end, log_y, measure),
        displayed=window(frame[frame["iso3"].isin(countries)], start, end),
        resources=["wdi_mva_usd", "wdi_mva_share_gdp"],
        takeaway=m("value_added.comparison.takeaway", year=year, china=china, count=count, others=others),
        footnote=m("value_added.comparison.footnote"),
    )


guarded("China manufacturing value added", mva_card)
guarded("Manufacturing as a share of China's GDP", share_of_gdp_card)
guarded("China's share of world manufacturing value added", world_share_card)
st.subheader("International comparison")
guarded("International comparison", comparison_card)
