"""AppTest: every page runs without an exception and shows its key elements; URL state seeds the widgets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP_DIR = Path(__file__).resolve().parents[1] / "app"
ENTRYPOINT = str(APP_DIR / "streamlit_app.py")
PAGES = sorted(p.name for p in (APP_DIR / "app_pages").glob("*.py"))


def open_page(page: str, query: dict[str, str | list[str]] | None = None) -> AppTest:
    """Run the entrypoint (navigation + sidebar), then the page, as a browser visit would."""
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"app_pages/{page}")
    for key, value in (query or {}).items():  # a link names its page: params arrive with that page
        at.query_params[key] = value
    at.run()
    return at


def view_ids(at: AppTest) -> list[str]:
    """The views a page's view control offers (`dashboard.views`), or [] for a page drawn whole."""
    controls = [c for c in at.get("button_group") if str(c.key or "").startswith("pageview_")]
    return [str(option) for option in controls[0].options] if controls else []


def every_view(page: str, query: dict[str, str | list[str]] | None = None) -> Iterator[tuple[str, AppTest]]:
    """The page opened once per view, each through its link (`?view=ID`); ("", at) for a page drawn whole."""
    at = open_page(page, query)
    ids = view_ids(at)
    if not ids:
        yield "", at
        return
    yield ids[0], at
    for view in ids[1:]:
        yield view, open_page(page, {**(query or {}), "view": view})


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
@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception(page: str, language: str) -> None:
    at = open_page(page, {"lang": language} if language != "en" else None)
    assert not at.exception, [e.message for e in at.exception]
    assert at.segmented_control(key="lang").value == language
    assert at.title, f"{page} has no title"
    assert not at.error, [e.value for e in at.error]
    assert not at.warning, [w.value for w in at.warning]


def test_all_pages_are_found() -> None:
    assert {
        "overview.py",
        "value_added.py",
        "key_products.py",
        "little_giants.py",
        "clusters.py",
        "sources.py",
    } <= set(PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_sector_filter_url_seeds_sidebar(page: str) -> None:
    at = open_page(page, {"sector": ["nev", "materials"]})
    assert not at.exception
    assert sorted(at.multiselect(key="sector").value) == ["materials", "nev"]


@pytest.mark.parametrize("page", PAGES)
def test_unknown_sector_values_are_dropped(page: str) -> None:
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
    at = open_page(
        "value_added.py",
        query={
            "years": ["2015", "2021"],
            "units": "yoy",
            "log": "true",
            "countries": ["CHN", "KOR"],
            "measure": "share",
        },
    )
    assert not at.exception and not at.warning
    assert tuple(at.session_state["years"]) == (2015, 2021)
    assert at.session_state["units"] == "yoy" and at.toggle(key="log").value is True
    assert at.multiselect(key="countries").value == ["CHN", "KOR"]
    assert at.session_state["measure"] == "share"


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("years", ["1900", "2021"]),
        ("years", "2015"),
        ("units", "furlongs"),
        ("units", ["yoy", "index"]),
        ("log", "maybe"),
        ("countries", "XXX"),
        ("measure", "x" * 5000),
    ],
)
def test_value_added_bad_params_are_ignored(param: str, value: str | list[str]) -> None:
    at = open_page("value_added.py", {param: value})
    assert not at.exception
    assert any(f"parameter '{param}'" in w.value for w in at.warning)
    assert len(max((w.value for w in at.warning), key=len)) < 400


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
    from industrial_base.i18n import Messages
    from industrial_base.package import DEFAULT_DATA_DIR, load_package
    from industrial_base.views import value_added as va

    zh = Messages("zh")
    at = open_page("value_added.py", {"lang": "zh"})
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == zh("value_added.title") == "制造业增加值"
    shown = texts(at)
    assert f"**{zh('value_added.mva.title', unit=zh('ui.units.level'))}**" in shown
    assert "**中国制造业增加值：水平值**" in shown
    usd = load_package(DEFAULT_DATA_DIR).table("wdi_mva_usd")
    year = va.latest_complete_year(usd)
    china, count, others = va.outweighs(usd, year)
    takeaway = zh(
        "value_added.comparison.takeaway",
        year=year,
        china_tn=china / va.BN_PER_TN,
        count=count,
        others_tn=others / va.BN_PER_TN,
    )
    assert f"*{takeaway}*" in shown
    assert f"{year}年" in takeaway and f"{china / 1000:.2f}万亿美元" in takeaway
    assert "排名第二的美国制造业增加值为" in shown  # the runner-up's name from the glossary
    assert "2025年上半年" in shown  # MIIT's half-year share, in the Chinese convention
    assert at.button_group(key="units").options == ["水平值", "同比变化", "指数", "区间复合年均增长率"]
    assert at.multiselect(key="countries").options[:2] == ["中国", "德国"]
    assert at.toggle(key="log").label == "对数坐标"
    assert "trillion US" not in shown and "Derived from World Bank" not in shown


def test_value_added_english_takeaways_quote_trillions_of_us_dollars() -> None:
    shown = texts(open_page("value_added.py"))
    assert "exceeded the next 4 economies in this comparison combined" in shown
    assert "(4.85 trillion US\\$)" in shown and "the next largest, United States, produced 2.50" in shown
    assert "2025 H1: 25.7%" in shown


def _value_added_charts(at: AppTest) -> dict[str, dict[str, object]]:
    """Each chart of the page by its key: trace names, the years its traces span and its y axis."""
    import base64
    import json

    import numpy as np

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
        charts[element.proto.id.rsplit("-", 1)[-1]] = {
            "names": [trace.get("name") for trace in spec["data"]],
            "years": (min(years), max(years)) if years else None,
            "log": axis.get("type") == "log",
            "y_title": axis.get("title", {}).get("text"),
        }
    return charts


def test_value_added_cached_cards_follow_every_control() -> None:
    """Cards are cached per (language, data, control values): each control's change reaches the cards built
    from it, and going back shows the first cards again (a control missing from a cache key fails here)."""
    at = open_page("value_added.py")
    first_texts, first = texts(at), _value_added_charts(at)
    assert set(first) == {"chart_mva", "chart_share_gdp", "chart_world_share", "chart_comparison"}
    assert "as large in 2025 as in 2012" in first_texts
    assert first["chart_comparison"]["names"] == ["China", "Germany", "India", "Japan", "United States"]
    assert not any(chart["log"] for chart in first.values())

    at.select_slider(key="years").set_range(2015, 2020).run()
    shown, charts = texts(at), _value_added_charts(at)
    assert not at.exception
    assert "as large in 2020 as in 2015" in shown and "(2015) to" in shown and "in 2015 to" in shown
    assert {key: chart["years"] for key, chart in charts.items()} == dict.fromkeys(first, (2015, 2020))

    at.toggle(key="log").set_value(True).run()
    charts = _value_added_charts(at)
    assert charts["chart_mva"]["log"] and charts["chart_comparison"]["log"]

    at.button_group(key="units").set_value("yoy").run()
    shown, charts = texts(at), _value_added_charts(at)
    assert "**China manufacturing value added, year-on-year change, %**" in shown
    assert charts["chart_mva"]["y_title"] == "Year-on-year change, %" and not charts["chart_mva"]["log"]

    at.multiselect(key="countries").set_value(["KOR", "CHN"]).run()
    assert _value_added_charts(at)["chart_comparison"]["names"] == ["China", "Korea, Rep."]

    at.button_group(key="measure").set_value("share").run()
    assert _value_added_charts(at)["chart_comparison"]["y_title"] == "% of GDP"

    at.button_group(key="lang").set_value("zh").run()
    assert not at.exception
    assert "**中国制造业增加值：同比变化，%**" in texts(at)
    assert _value_added_charts(at)["chart_comparison"]["names"] == ["中国", "韩国"]

    at.button_group(key="lang").set_value("en").run()
    at.select_slider(key="years").set_range(2012, 2025).run()
    at.toggle(key="log").set_value(False).run()
    at.button_group(key="units").set_value("level").run()
    at.multiselect(key="countries").set_value(["CHN", "USA", "JPN", "DEU", "IND"]).run()
    at.button_group(key="measure").set_value("usd").run()
    assert not at.exception
    assert texts(at) == first_texts and _value_added_charts(at) == first
