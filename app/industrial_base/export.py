"""A chart to take away: the card's figure redrawn as a picture that carries its own provenance (title, the
one-sentence takeaway, the sources of the rows drawn, the licence, the access date and the link that reopens
the exact view), as Our World in Data's downloads do, so a chart pasted anywhere still says where it is from.

Pure plotly; the rendering to PNG/SVG (a headless browser) is the dashboard's (`dashboard.exports`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from industrial_base.citation import MAX_PUBLISHERS
from industrial_base.figures import FONT, wrap_lines
from industrial_base.i18n import Messages
from industrial_base.registry import Card

WIDTH, HEIGHT = 1200, 800
"""The picture's size in CSS pixels (the PNG is drawn at twice that)."""
LINE_WIDTH = 150
"""Characters per line of the subtitle and the footer (a Chinese character counts as two)."""
AXIS_SPACE, FOOTER_LINE = 64, 18
"""Pixels below the plot for the axis's labels, and per line of the footer."""
CJK_FONTS = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
"""Fonts for Chinese text, named in the SVG so a viewer without the server's font still finds one."""


def source_line(
    m: Messages,
    displayed: pd.DataFrame,
    descriptor: Mapping[str, Any] | None = None,
    datasets: Sequence[str] = (),
) -> str:
    """The publishers of the rows drawn with the years of their sources, the most frequent first: "MIIT
    (2022–2025); NBS (2023)", the first four and how many more. Rows that name no publisher (a count by
    province) are credited to the sources the drawn `datasets` cite in the `descriptor` (a chart of the whole
    package names none: to the package)."""
    parts = _publishers(m, displayed) or _dataset_sources(descriptor or {}, datasets)
    if not parts:
        return m("ui.export.no_publisher")
    shown = m.separator("items").join(parts[:MAX_PUBLISHERS])
    if len(parts) > MAX_PUBLISHERS:
        return m("ui.export.more", shown=shown, count=len(parts) - MAX_PUBLISHERS)
    return shown


def _publishers(m: Messages, displayed: pd.DataFrame) -> list[str]:
    if "publisher" not in displayed:
        return []
    rows = displayed.dropna(subset=["publisher"])
    dates = rows["source_date"] if "source_date" in rows else pd.Series(index=rows.index, dtype=object)
    parts = []
    for publisher in rows["publisher"].value_counts().index:
        years = sorted(
            {str(d)[:4] for d in dates[rows["publisher"] == publisher].dropna() if str(d)[:4].isdigit()}
        )
        span = (years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}") if years else ""
        parts.append(
            m("ui.export.publisher_years", publisher=publisher, years=span) if span else str(publisher)
        )
    return parts


def _dataset_sources(descriptor: Mapping[str, Any], datasets: Sequence[str]) -> list[str]:
    """The titles of the sources the datasets cite; for a chart of the whole package (no datasets named),
    the package's title."""
    if not datasets:
        return [str(descriptor["title"])] if descriptor.get("title") else []
    resources = {r.get("name"): r for r in descriptor.get("resources", [])}
    titles = (
        str(source["title"])
        for name in datasets
        for source in resources.get(name, {}).get("sources", [])
        if isinstance(source, dict) and source.get("title")
    )
    return list(dict.fromkeys(titles))


def licences(descriptor: Mapping[str, Any], datasets: Sequence[str]) -> str:
    """The licences of the datasets drawn (names, each once), else the package's."""
    resources = {r.get("name"): r for r in descriptor.get("resources", [])}
    names = [
        str(licence.get("name"))
        for name in datasets
        for licence in resources.get(name, {}).get("licenses", [])
        if licence.get("name")
    ] or [str(licence.get("name")) for licence in descriptor.get("licenses", []) if licence.get("name")]
    return ", ".join(dict.fromkeys(names))


def package_licences(descriptor: Mapping[str, Any]) -> str:
    """The licences of the whole package: its own and every resource's (names, each once), for a citation
    of the package, which holds them all."""
    names = [r.get("name") for r in descriptor.get("resources", [])]
    own = [str(licence.get("name")) for licence in descriptor.get("licenses", []) if licence.get("name")]
    return ", ".join(dict.fromkeys([*own, *licences(descriptor, names).split(", ")]))


def _wrapped(text: str) -> str:
    return "<br>".join(wrap_lines(text, LINE_WIDTH))


def composed(
    m: Messages,
    card: Card,
    *,
    sources: str,
    licence: str,
    accessed: date,
    link: str,
) -> go.Figure:
    """The card's figure with its title and takeaway above it and its provenance below, on white, at a fixed
    size: what the PNG and SVG downloads draw."""
    figure = go.Figure(card.figure)
    subtitle = _wrapped(card.takeaway)
    footer = _wrapped(
        m(
            "ui.export.footer",
            sources=sources,
            licence=licence,
            accessed=m.date(accessed.isoformat()),
            author=m("ui.app.title"),
        )
    )
    footer += "<br>" + link
    top = 90 + 22 * subtitle.count("<br>")
    bottom = AXIS_SPACE + FOOTER_LINE * (footer.count("<br>") + 1)
    figure.update_layout(
        template="plotly_white",
        width=WIDTH,
        height=HEIGHT,
        font={"family": f"{FONT}, {CJK_FONTS}" if m.is_chinese else FONT, "size": 14},
        title={
            "text": f"<b>{card.title}</b>",
            "subtitle": {"text": subtitle, "font": {"size": 15}},
            "x": 0.01,
            "xanchor": "left",
            "y": 0.985,
            "yanchor": "top",
            "yref": "container",
        },
        margin={"l": 70, "r": 40, "t": top + 40, "b": bottom + 20},
        legend={"y": 1.0, "yanchor": "bottom"},
    )
    figure.add_annotation(
        text=footer,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-AXIS_SPACE,
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": 12, "color": "#4B4F58"},
    )
    return figure
