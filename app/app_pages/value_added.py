"""Manufacturing value added: CNY series with units, share of GDP and of world, international comparison; one
view at a time (`?view=`), under the page-wide year, unit and scale controls."""

from __future__ import annotations

from dashboard import controls, state
from dashboard.cards import sector_scope_note
from dashboard.page import header, show_views
from industrial_base.pages import value_added as va
from industrial_base.transforms import Units

m = header("value_added")
sector_scope_note(by_sector=False)

first, last = state.build(va.YEARS)
years = controls.year_range(
    "years", m("value_added.controls.years"), first, last, m("value_added.controls.short_window")
)
units = controls.choice(
    "units", m("value_added.controls.units"), {u.value: va.unit_short_label(m, u) for u in Units}
)
log = controls.flag("log", m("value_added.controls.log"), help=m("value_added.controls.log_help"))
countries = controls.choices(
    "countries", m("value_added.controls.economies"), lambda: state.build(va.ECONOMIES), va.DEFAULT_COUNTRIES
)
measure = controls.choice(
    "measure", m("value_added.controls.measure"), m.labels("value_added.controls.measures")
)

show_views(
    "value_added",
    va.VIEWS,
    controls=(years, units, log, countries, measure),
    seeded=("years", "units", "log"),
)
