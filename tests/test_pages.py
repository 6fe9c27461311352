"""AppTest: every page runs without an exception and shows its key elements; URL state seeds the widgets.

Pages and views come from the registry (`industrial_base.site.PAGES`): a page or view added there is run here
without a test edit."""

from __future__ import annotations

import base64
import gc
import json
import weakref
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from industrial_base import site
from industrial_base.facts.value_added import latest_complete_year, outweighs
from industrial_base.i18n import Messages
from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR
from industrial_base.pages.value_added import PAGE as VA
from industrial_base.registry import Page, View

APP_DIR = Path(__file__).resolve().parents[1] / "app"
ENTRYPOINT = str(APP_DIR / "dashboard_script.py")  # the script that streamlit_app.py serves
PAGES = site.PAGES
PAGE_IDS = [page.id for page in PAGES]
VIEWS = [(page, view) for page in PAGES for view in page.views]
VIEW_IDS = [f"{page.id}-{view.id}" for page, view in VIEWS]
Query = dict[str, str | list[str]]


def page_of(page: Page | str) -> Page:
    """A page by its registry entry, id or file name ("little_giants.py")."""
    return page if isinstance(page, Page) else site.page(page.removesuffix(".py"))


def open_page(page: Page | str, query: Query | None = None) -> AppTest:
    """Run the entrypoint (navigation + sidebar), then the page, as a browser visit would."""
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page_of(page).script)
    for key, value in (query or {}).items():  # a link names its page: params arrive with that page
        at.query_params[key] = value
    at.run()
    return at


def view_ids(at: AppTest) -> list[str]:
    """The views a page's view picker offers (`dashboard.page`), or [] for a page with one view."""
    controls = [c for c in at.get("button_group") if str(c.key or "").startswith("pageview_")]
    if not controls:
        return []
    # AppTest sees only the formatted labels; the ids are the keys of the {id: label} dict whose
    # __getitem__ is the control's format_func (see dashboard.page).
    labels = getattr(controls[0].format_func, "__self__", None)
    assert isinstance(labels, dict), "the view picker formats its ids with a {id: label} dict"
    return [str(view) for view in labels]


def open_view(page: Page | str, view: str, query: Query | None = None) -> AppTest:
    """One view through its link (the first view's link has no `view`)."""
    first = page_of(page).views[0].id
    return open_page(page, {**(query or {}), **({} if view == first else {"view": view})})


def every_view(page: Page | str, query: Query | None = None) -> Iterator[tuple[str, AppTest]]:
    """The page opened once per view of its registry, each through its link (`?view=ID`)."""
    for view in page_of(page).views:
        yield view.id, open_view(page, view.id, query)


def open_downloads(at: AppTest) -> AppTest:
    """Open every download popover of the page (their buttons exist only while open) and rerun."""
    for popover in at.get("popover"):
        key = popover.proto.id.split("-", 2)[-1]  # "$$ID-<hash>-<user key>"
        if key.startswith("downloads_"):
            at.session_state[key] = True
    return at.run()


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in at.info] + [e.value for e in at.warning] + [e.value for e in at.error]
    parts += [h.value for h in at.title] + [h.value for h in at.header] + [h.value for h in at.subheader]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize(("page", "view"), VIEWS, ids=VIEW_IDS)
def test_every_view_runs_without_exception(page: Page, view: View, language: str) -> None:
    at = open_view(page, view.id, {"lang": language} if language != "en" else None)
    assert not at.exception, [e.message for e in at.exception]
    assert at.segmented_control(key="lang").value == language
    assert at.title, f"{page.id} has no title"
    assert not at.error, [e.value for e in at.error]
    assert not at.warning, [w.value for w in at.warning]
    if len(page.views) > 1:
        assert at.session_state[f"pageview_{page.id}"] == view.id, "the link opens its view"


def test_a_run_settles_the_heap_once_for_the_process() -> None:
    """After a full run, what is alive is out of the garbage collector's reach (no ~100 ms full collections
    on a reader's click); later objects are still collected."""
    open_page("overview")
    frozen = gc.get_freeze_count()
    assert frozen > 10_000, frozen
    garbage: list[object] = []
    garbage.append(garbage)  # a reference cycle made after the freeze
    probe = weakref.ref(Cycle(garbage))
    gc.collect()
    assert probe() is None, "objects made after the freeze are still collected"
    open_page("overview")
    # Frozen objects can still be freed by reference counting; a second freeze would add thousands.
    assert gc.get_freeze_count() <= frozen, "the heap is settled once per process, not on every run"


class Cycle:
    def __init__(self, partner: object) -> None:
        self.me = self
        self.partner = partner


def test_every_page_of_the_registry_has_its_file_and_the_picker_offers_its_views() -> None:
    assert sorted(p.stem for p in (APP_DIR / "app_pages").glob("*.py")) == sorted(PAGE_IDS)
    for page in PAGES:
        at = open_page(page)
        assert view_ids(at) == ([view.id for view in page.views] if len(page.views) > 1 else [])


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_sector_filter_url_seeds_sidebar(page: Page) -> None:
    at = open_page(page, {"sector": ["nev", "materials"]})
    assert not at.exception
    assert sorted(at.multiselect(key="sector").value) == ["materials", "nev"]


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_unknown_sector_values_are_dropped(page: Page) -> None:
    at = open_page(page, {"sector": ["nev", "<script>alert(1)</script>"]})
    assert not at.exception
    assert at.multiselect(key="sector").value == ["nev"]


def test_unknown_url_values_are_ignored_with_a_notice() -> None:
    """The notice shows on the run that reads the link (AppTest can only land on the default page)."""
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    at.query_params["sector"] = ["nev", "<script>alert(1)</script>", "nev"]
    at.run()
    assert not at.exception
    assert at.multiselect(key="sector").value == ["nev"]
    assert any("Ignored part of the link" in w.value and "<script>" in w.value for w in at.warning)


def test_value_added_url_seeds_every_control() -> None:
    """A link to the comparison seeds its own widgets and the page-wide controls, drawn there or not."""
    at = open_page(
        "value_added.py",
        query={
            "years": ["2015", "2021"],
            "units": "yoy",
            "log": "true",
            "countries": ["CHN", "KOR"],
            "measure": "share",
            "view": "comparison",
        },
    )
    assert not at.exception and not at.warning
    assert tuple(at.session_state["years"]) == (2015, 2021)
    assert at.query_params["units"] in ("yoy", ["yoy"]) and at.toggle(key="log").value is True  # units hidden
    assert at.multiselect(key="countries").value == ["CHN", "KOR"]
    assert at.session_state["measure"] == "share"
    at.button_group(key="pageview_value_added").set_value("mva").run()
    assert at.segmented_control(key="units").value == "yoy"  # the hidden units come back as the link set them


@pytest.mark.parametrize(
    ("param", "value", "kept"),
    [
        ("years", ["1900", "2021"], None),
        ("years", "2015", None),
        ("units", "furlongs", None),
        ("units", ["yoy", "index"], "yoy"),
        ("log", "maybe", None),
    ],
)
@pytest.mark.parametrize("view", ["mva", "share_gdp"])  # share_gdp draws neither units nor the log scale
def test_value_added_bad_params_are_ignored(
    param: str, value: str | list[str], kept: str | None, view: str
) -> None:
    """The page-wide controls read the link on every view, drawn there or not: a bad value gets its notice
    and leaves the address bar."""
    at = open_page("value_added.py", {param: value, "view": view})
    assert not at.exception
    assert any(f"parameter '{param}'" in w.value for w in at.warning)
    assert len(max((w.value for w in at.warning), key=len)) < 400
    assert at.query_params.get(param) == kept


@pytest.mark.parametrize(("param", "value"), [("countries", "XXX"), ("measure", "x" * 5000)])
def test_value_added_bad_comparison_params_are_ignored(param: str, value: str) -> None:
    at = open_page("value_added.py", {param: value, "view": "comparison"})
    assert not at.exception
    assert any(f"parameter '{param}'" in w.value for w in at.warning)
    assert len(max((w.value for w in at.warning), key=len)) < 400
    assert param not in at.query_params


def test_value_added_cards_show_the_article_figures() -> None:
    at = open_page("value_added.py")
    shown = texts(at)
    assert "16.98" in shown and "31.4" in shown
    assert "Derived from World Bank" in shown or "derived" in shown.lower()


def test_value_added_controls_survive_a_rerun() -> None:
    """Changing one control reruns the page with the others intact (the range slider stays a range)."""
    at = open_page("value_added.py", {"years": ["2014", "2020"]})
    at.button_group(key="units").set_value("yoy").run()
    assert not at.exception
    assert tuple(at.session_state["years"]) == (2014, 2020) and at.session_state["units"] == "yoy"
    at.toggle(key="log").set_value(True).run()
    assert not at.exception and tuple(at.session_state["years"]) == (2014, 2020)


def test_value_added_page_in_chinese() -> None:
    """Title, card titles, widgets and the takeaways in Chinese, with the data's numbers filled in."""

    zh = Messages("zh")
    pages = dict(every_view("value_added.py", {"lang": "zh"}))
    for view, at in pages.items():
        assert not at.exception, (view, [e.message for e in at.exception])
        assert at.title[0].value == zh("value_added.page.title") == "制造业增加值"
    shown = {view: texts(at) for view, at in pages.items()}
    assert f"**{zh('value_added.mva.title', unit=zh('ui.units.level'))}**" in shown["mva"]
    assert "**中国制造业增加值：水平值**" in shown["mva"]
    usd = load_package(DEFAULT_DATA_DIR).table("wdi_mva_usd")
    year = latest_complete_year(usd)
    china, count, others = outweighs(usd, year)
    takeaway = zh(
        "value_added.comparison.takeaway_thin",
        year=year,
        china_tn=china / 1000,
        count=count,
        others_tn=others / 1000,
        margin_pct=(china / others - 1) * 100,
    )
    assert f"*{takeaway}*" in shown["comparison"]
    assert f"{year}年" in takeaway and f"{china / 1000:.2f}万亿美元" in takeaway
    assert "排名第二的美国制造业增加值为" in shown["world_share"]  # the runner-up's name from the glossary
    assert "2025年上半年" in shown["share_gdp"]  # MIIT's half-year share, in the Chinese convention
    units = ["水平值", "同比变化", "指数", "区间复合年均增长率"]
    assert pages["mva"].button_group(key="units").options == units
    assert pages["comparison"].multiselect(key="countries").options[:2] == ["中国", "德国"]
    assert pages["mva"].toggle(key="log").label == pages["comparison"].toggle(key="log").label == "对数坐标"
    control = pages["mva"].button_group(key="pageview_value_added")
    assert control.proto.label == "图表"
    assert control.options == ["以人民币计", "占GDP比重", "占全球比重", "国际比较", "技术结构"]
    for view, text in shown.items():
        assert "trillion US" not in text and "Derived from World Bank" not in text, view


def test_value_added_english_takeaways_quote_trillions_of_us_dollars() -> None:
    shown = {view: texts(at) for view, at in every_view("value_added.py")}
    assert "exceeded the next 4 economies in this comparison combined" in shown["comparison"]
    assert "(4.84 trillion US\\$), but only just: by 0.03%" in shown["comparison"]  # a thin margin, said so
    assert "run above the World Bank's in 2021, 2022, 2023 and 2024" in shown["share_gdp"]
    assert "(4.85 trillion US\\$)" in shown["comparison"]
    assert "the next largest, United States, produced 2.50" in shown["world_share"]
    assert "2025 H1: 25.7%" in shown["share_gdp"]


def _value_added_charts(at: AppTest) -> dict[str, dict[str, object]]:
    """Each chart drawn (the chosen view's) by its view: trace names, years its traces span and its y axis."""

    charts = {}
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        years: set[int] = set()
        for trace in spec["data"]:
            x = trace.get("x", [])
            if isinstance(x, dict):  # plotly's typed array: base64 of a numpy buffer
                x = np.frombuffer(base64.b64decode(x["bdata"]), dtype=x["dtype"]).tolist()
            years.update(int(year) for year in x if isinstance(year, int | float))
        axis = spec["layout"].get("yaxis", {})
        charts[element.proto.id.rsplit("-", 1)[-1].removeprefix(f"chart_{VA.id}_")] = {
            "names": [trace.get("name") for trace in spec["data"]],
            "years": (min(years), max(years)) if years else None,
            "log": axis.get("type") == "log",
            "y_title": axis.get("title", {}).get("text"),
        }
    return charts


def test_value_added_cached_cards_follow_every_control() -> None:
    """Cards are cached per (language, data, control values): each control's change reaches the cards built
    from it, and going back shows the first cards again (a control missing from a cache key fails here). One
    session visits every view through the view control after each change, as a reader would."""
    at = open_page("value_added.py")

    def show(view: str) -> None:
        at.button_group(key="pageview_value_added").set_value(view).run()
        assert not at.exception, (view, [e.message for e in at.exception])

    def every_view_shown() -> tuple[dict[str, str], dict[str, dict[str, object]]]:
        shown, charts = {}, {}
        for view in view_ids(at):
            show(view)
            shown[view] = texts(at)
            charts.update(_value_added_charts(at))
        return shown, charts

    first_texts, first = every_view_shown()
    assert set(first) == {view.id for view in VA.views}
    assert "as large in 2025 as in 2012" in first_texts["mva"]
    assert first["comparison"]["names"] == ["China", "Germany", "India", "Japan", "United States"]
    assert not any(chart["log"] for chart in first.values())

    at.select_slider(key="years").set_range(2015, 2020).run()
    shown, charts = every_view_shown()
    assert "as large in 2020 as in 2015" in shown["mva"]
    assert "(2015) to" in shown["share_gdp"] and "in 2015 to" in shown["world_share"]
    assert {key: chart["years"] for key, chart in charts.items()} == dict.fromkeys(first, (2015, 2020))

    show("mva")
    at.toggle(key="log").set_value(True).run()
    charts = every_view_shown()[1]
    assert charts["mva"]["log"] and charts["comparison"]["log"]
    assert not charts["share_gdp"]["log"] and not charts["world_share"]["log"]

    show("mva")
    at.button_group(key="units").set_value("yoy").run()
    shown, charts = texts(at), _value_added_charts(at)
    assert "**China manufacturing value added, year-on-year change, %**" in shown
    assert charts["mva"]["y_title"] == "Year-on-year change, %" and not charts["mva"]["log"]

    show("comparison")
    at.multiselect(key="countries").set_value(["KOR", "CHN"]).run()
    assert _value_added_charts(at)["comparison"]["names"] == ["China", "Korea, Rep."]

    at.button_group(key="measure").set_value("share").run()
    assert _value_added_charts(at)["comparison"]["y_title"] == "% of GDP"

    at.button_group(key="lang").set_value("zh").run()
    assert not at.exception
    assert _value_added_charts(at)["comparison"]["names"] == ["中国", "韩国"]
    show("mva")
    assert "**中国制造业增加值：同比变化，%**" in texts(at)

    at.button_group(key="lang").set_value("en").run()
    at.select_slider(key="years").set_range(2012, 2025).run()
    at.toggle(key="log").set_value(False).run()
    at.button_group(key="units").set_value("level").run()
    show("comparison")
    at.multiselect(key="countries").set_value(["CHN", "USA", "JPN", "DEU", "IND"]).run()
    at.button_group(key="measure").set_value("usd").run()
    assert not at.exception
    assert every_view_shown() == (first_texts, first)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_value_added_every_view_runs_and_its_link_opens_it(language: str) -> None:
    """Each view, opened through its link (`?view=ID`), runs cleanly in both languages and draws its own card
    only: the other views' code does not run."""

    messages = Messages(language)
    opened = []
    for view, at in every_view("value_added.py", {"lang": language}):
        opened.append(view)
        assert not at.exception, (view, [e.message for e in at.exception])
        assert not at.error, (view, [e.value for e in at.error])
        assert not at.warning, (view, [w.value for w in at.warning])
        assert at.session_state["pageview_value_added"] == view
        assert set(_value_added_charts(at)) == {view}
        assert not at.subheader  # the pills and the card's title name the chart
        control = at.button_group(key="pageview_value_added")
        assert control.proto.label == messages("ui.views.chart")
        assert control.options == [messages(f"value_added.{v}.label") for v in view_ids(at)]
    assert opened == [view.id for view in VA.views]


def test_value_added_unknown_view_is_ignored_with_a_notice() -> None:
    at = open_page("value_added.py", {"view": "<b>charts</b>", "units": "yoy"})
    assert not at.exception
    assert any(w.value.startswith("Ignored part of the link: parameter 'view'") for w in at.warning)
    assert at.session_state["pageview_value_added"] == "mva"
    assert set(_value_added_charts(at)) == {"mva"}
    assert "view" not in at.query_params and at.query_params.get("units") == "yoy"


def test_a_hidden_views_choices_come_back_as_the_reader_left_them() -> None:
    """The comparison's economies are not drawn on other views, so Streamlit forgets them; the link alone
    would bring back the defaults for an empty choice and reorder a list. The page keeps them instead."""
    at = open_page("value_added.py", {"view": "comparison"})
    for chosen in ([], ["USA", "CHN"]):
        at.multiselect(key="countries").set_value(chosen).run()
        at.button_group(key="pageview_value_added").set_value("mva").run()
        at.button_group(key="pageview_value_added").set_value("comparison").run()
        assert not at.exception
        assert at.multiselect(key="countries").value == chosen
    at.switch_page("app_pages/overview.py").run()  # and after a visit to another page, whose link
    at.query_params.pop("view", None)  # the browser's navigation drops (AppTest keeps it)
    at.switch_page("app_pages/value_added.py").run()
    assert at.button_group(key="pageview_value_added").value == "mva"  # a page opens on its first view
    at.button_group(key="pageview_value_added").set_value("comparison").run()
    assert at.multiselect(key="countries").value == ["USA", "CHN"]


def test_value_added_views_draw_only_the_controls_they_use_and_keep_the_others_in_the_link() -> None:
    """Units change only the yuan chart, the log scale only it and the comparison: elsewhere they are not
    drawn, but their values stay in the session and the link for when the reader goes back."""
    query: dict[str, str | list[str]] = {"years": ["2015", "2021"], "units": "yoy", "log": "true"}
    drawn = {}
    for view, at in every_view("value_added.py", query):
        assert not at.exception and not at.warning, view
        assert tuple(at.select_slider(key="years").value) == (2015, 2021), view
        keys = {str(w.key) for w in [*at.get("button_group"), *at.toggle]}
        drawn[view] = keys & {"units", "log"}
        assert {param: at.query_params.get(param) for param in query} == query, view
    assert drawn == {view.id: {c.key for c in view.controls} & {"units", "log"} for view in VA.views}
    assert drawn["mva"] == {"units", "log"} and drawn["comparison"] == {"log"} and not drawn["share_gdp"]

    at = open_page("value_added.py", {**query, "view": "share_gdp"})
    at.select_slider(key="years").set_range(2016, 2021).run()  # a rerun while units and log are not drawn
    at.button_group(key="pageview_value_added").set_value("mva").run()
    assert not at.exception
    assert at.button_group(key="units").value == "yoy" and at.toggle(key="log").value is True
    assert "**China manufacturing value added, year-on-year change, %**" in texts(at)
    assert at.query_params.get("units") == "yoy" and at.query_params.get("log") == "true"
    assert "view" not in at.query_params


def _views_drawing(page: Page, key: str) -> list[View]:
    return [view for view in page.views if any(control.key == key for control in view.controls)]


SHARED_KEYS = [
    (key, left, right)
    for key in sorted({control.key for page in PAGES for view in page.views for control in view.controls})
    for left in PAGES
    for right in PAGES
    if left is not right and _views_drawing(left, key) and _views_drawing(right, key)
]
"""Control keys that two pages both draw (the value-added controls that Weak links reuses), by page pair."""


@pytest.mark.parametrize(
    ("key", "left", "right"), SHARED_KEYS, ids=[f"{k}-{a.id}-{b.id}" for k, a, b in SHARED_KEYS]
)
def test_a_control_shared_by_two_pages_survives_every_route_between_them(
    key: str, left: Page, right: Page
) -> None:
    """From each view of one page (drawing the control or not) to each view of the other that draws it: the
    widget holds a value. Streamlit files a value set by code under the widget that last had the key, so a
    value seeded on a view that hides the control once reached the other page's widget as None."""
    for before in left.views:
        at = open_view(left, before.id)
        at.switch_page(right.script).run()
        for view in _views_drawing(right, key):
            at.button_group(key=f"pageview_{right.id}").set_value(view.id).run()
            assert not at.exception, (key, before.id, view.id, [e.message for e in at.exception])
            assert at.session_state[key] is not None, (key, before.id, view.id)
