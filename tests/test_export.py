"""Charts taken away as pictures that carry their provenance: the composition (pure plotly), the PNG and SVG
drawn by a headless Chromium, and the download menu that offers them (or says why it cannot)."""

from __future__ import annotations

import re
import struct
from datetime import date

import pytest

from dashboard import exports
from declared import values, views
from industrial_base import export
from industrial_base.geo import BOUNDARIES
from industrial_base.i18n import Messages
from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR, DataPackage
from industrial_base.pages import value_added as va
from industrial_base.pages.little_giants import batches
from industrial_base.registry import View
from test_pages import open_downloads, open_page

EN, ZH = Messages("en"), Messages("zh")
LINK = "http://localhost:8501/little-giants?lang=zh"
needs_a_browser = pytest.mark.skipif(not exports.available(), reason="no Chromium to draw pictures")


@pytest.fixture(scope="module")
def package() -> DataPackage:
    return load_package(DEFAULT_DATA_DIR)


def picture(m: Messages, package: DataPackage) -> tuple[export.go.Figure, str, str]:
    card = batches.BATCHES(m, package)
    assert card is not None
    sources = export.source_line(m, card.displayed)
    figure = export.composed(
        m,
        card,
        sources=sources,
        licence=export.licences(package.descriptor, batches.BATCHES.reads),
        accessed=date(2026, 12, 2),
        link=LINK,
    )
    return figure, card.title, sources


def test_the_picture_carries_title_takeaway_sources_licence_date_and_link(package: DataPackage) -> None:
    figure, title, sources = picture(EN, package)
    assert figure.layout.title.text == f"<b>{title}</b>"
    assert "MIIT published final counts for batches 1–5" in figure.layout.title.subtitle.text
    (footer,) = [a.text for a in figure.layout.annotations if "Licence" in a.text]
    assert sources[:40] in footer.replace("<br>", " ")
    assert "Licence: CC-BY-4.0. Accessed 2 Dec 2026. Chart: Industrial Base Monitor." in footer.replace(
        "<br>", " "
    )
    assert footer.endswith(LINK)
    assert (figure.layout.width, figure.layout.height) == (export.WIDTH, export.HEIGHT)


def test_the_source_line_names_publishers_with_their_years_and_counts_the_rest(package: DataPackage) -> None:
    card = va.PAGE.view("world_share").chart(EN, package, years=(2012, 2025))
    assert card is not None
    line = export.source_line(EN, card.displayed)
    assert "MIIT (2022)" in line and "NBS 70th-anniversary report (Economic Information Daily) (2019)" in line
    assert re.search(r"; MIIT minister Miao Wei \(2019\) and \d+ more$", line)  # four named, the rest counted


@needs_a_browser
def test_png_and_svg_are_drawn_in_either_language(package: DataPackage) -> None:
    figure, _, _ = picture(EN, package)
    png = exports.render(figure, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (export.WIDTH * exports.PNG_SCALE, export.HEIGHT * exports.PNG_SCALE)
    svg = exports.render(figure, "svg").decode("utf-8")
    assert svg.startswith("<svg") and "Little giants per batch" in svg and "Licence: CC-BY-4.0" in svg
    chinese, _, _ = picture(ZH, package)
    svg_zh = exports.render(chinese, "svg").decode("utf-8")
    assert "各批次" in svg_zh and "许可：CC-BY-4.0" in svg_zh and "Noto Sans CJK SC" in svg_zh


def test_the_download_menu_offers_the_pictures() -> None:
    at = open_downloads(open_page("little_giants.py"))
    buttons = {b.proto.label: b for b in at.get("download_button")}
    assert {"Chart with its sources (PNG)", "Chart with its sources (SVG)"} <= set(buttons)
    assert buttons["Chart with its sources (PNG)"].proto.disabled is (not exports.available())


def test_without_a_browser_the_menu_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert not exports.available()
    at = open_downloads(open_page("little_giants.py"))
    png = next(b for b in at.get("download_button") if b.proto.label == "Chart with its sources (PNG)")
    assert png.proto.disabled and "Chromium" in png.proto.help
    with pytest.raises(RuntimeError, match="no Chromium"):
        exports.render(export.go.Figure(), "png")


MAPS = [view for _, view in views() if view.chart is not None and BOUNDARIES in view.chart.reads]


@needs_a_browser
@pytest.mark.parametrize("view", MAPS, ids=lambda view: view.key)
def test_a_maps_picture_is_drawn_with_its_boundaries(package: DataPackage, view: View) -> None:
    """The maps load their boundaries from a URL only a dashboard page resolves; the picture is drawn where no
    server answers it (kaleido failed with "Error 525: Unexpected error while fetching" until the drawer put
    the document in its place)."""
    chart = view.chart
    card = chart(EN, package, **values(chart, EN, package))
    assert card is not None
    svg = exports.render(card.figure, "svg").decode("utf-8")
    assert svg.startswith("<svg")


CHARTS = [view for _, view in views() if view.chart is not None]


@pytest.mark.parametrize("view", CHARTS, ids=lambda view: view.key)
def test_every_charts_picture_names_its_sources(package: DataPackage, view: View) -> None:
    """Rows with publishers are credited to them; rows without (a count by province) to the sources their
    datasets cite: no picture or embed says "publishers not recorded"."""
    chart = view.chart
    card = chart(EN, package, **values(chart, EN, package))
    assert card is not None, f"{view.key} draws nothing with the link's defaults"
    line = export.source_line(EN, card.displayed, package.descriptor, card.datasets)
    assert line and line != EN("ui.export.no_publisher")
