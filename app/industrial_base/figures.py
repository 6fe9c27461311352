"""Plotly figure builders (graph_objects only: plotly express costs ~70 ms a figure, these a few ms).

Builders take tidy frames and return figures; they never read files or know about Streamlit.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from industrial_base.palette import NEUTRAL

FONT = "Source Sans, sans-serif"
WIDE_CHARS = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
WIDE = re.compile(f"[{WIDE_CHARS}]")
"""Characters as wide as two Latin ones (CJK, fullwidth forms); a line of Chinese may break after any."""
TOKENS = re.compile(f"[{WIDE_CHARS}]|[^\\s{WIDE_CHARS}]+|\\s+")
"""A label's pieces for wrapping: one wide character, a Latin word, or a run of spaces."""
NO_LINE_START = set("，。、；：！？）》」』”’,.;:!?)")
"""Punctuation that may not start a line of Chinese text; it stays at the end of the line before."""
NO_LINE_END = set("（《「『“‘(")
"""Punctuation that may not end a line of Chinese text; it moves to the start of the next line."""


def display_width(text: str) -> int:
    """Width in Latin characters: a Chinese (wide) character counts as two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def join_wrapped(left: str, right: str) -> str:
    """Two wrapped lines as one: a space between Latin words, none next to a Chinese character."""
    return left + right if WIDE.search(left[-1:] + right[:1]) else f"{left} {right}"


def wrap_lines(text: str, width: int) -> list[str]:
    """Greedy wrap to about `width` Latin characters. Latin words stay whole (`textwrap`); text with Chinese
    characters may break between any two of them, never before closing punctuation, and never leaves a last
    line of one or two characters."""
    if not WIDE.search(text):
        return textwrap.wrap(text, width)
    lines: list[str] = []
    line = ""
    for token in TOKENS.findall(text):
        if token.isspace():
            token = " "
            if not line:
                continue
        if line and display_width(line + token) > width and token not in NO_LINE_START:
            opening = len(line) - len(line.rstrip("".join(NO_LINE_END)))
            carried = line[len(line) - opening :] if 0 < opening < len(line) else ""
            lines.append(line[: len(line) - len(carried)].rstrip())
            line = carried + ("" if token == " " else token)
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    short_last = len(lines) > 1 and display_width(lines[-1]) <= 4
    if short_last and display_width(join_wrapped(lines[-2], lines[-1])) <= width + 4:
        lines[-2:] = [join_wrapped(lines[-2], lines[-1])]
    return lines


def wrap_label(label: str, width: int) -> str:
    """An axis label broken over lines (plotly '<br>'), so that narrow screens keep room for the bars."""
    return "<br>".join(wrap_lines(label, width)) or label


class FrozenFigure(go.Figure):
    """A figure that is drawn again and again and never changed: its dict form, which plotly builds (a deep
    copy and a base64 encoding of every array) each time the figure is serialised, is built once. Streamlit
    serialises a chart on every rerun; a cached card's figure is frozen so a rerun skips that work."""

    def to_dict(self) -> dict[str, Any]:
        frozen = self.__dict__.get("_frozen_dict")
        if frozen is None:
            frozen = super().to_dict()
            self._frozen_dict = frozen
        return frozen


MAX_HEIGHT = 560
"""The tallest a chart is drawn (px): with the page's header, controls and the card's title above it, at
least three quarters of it is in view on a 1280×800 screen without scrolling. Long lists get thinner bars."""


def styled(
    figure: go.Figure,
    *,
    y_title: str,
    x_title: str | None = None,
    height: int = 380,
    log_y: bool = False,
    showlegend: bool = True,
    **layout: Any,
) -> go.Figure:
    """Common layout: readable axis titles, legend on top (it wraps on phones), tight margins; `layout` adds
    to it (a horizontal chart's reversed category axis, say)."""
    figure.update_layout(
        height=min(height, MAX_HEIGHT),
        margin={"l": 8, "r": 8, "t": 36, "b": 8},
        font={"family": FONT, "size": 13},
        hovermode="closest",
        showlegend=showlegend,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0, "title": None},
        yaxis={"title": {"text": y_title}, "type": "log" if log_y else "-", "rangemode": "tozero"},
        xaxis={"title": {"text": x_title} if x_title else None},
    )
    if log_y:
        figure.update_yaxes(rangemode="normal")
    return figure.update_layout(layout)


def _horizontal(
    figure: go.Figure, value_title: str, height: int, yaxis: Any = None, **layout: Any
) -> go.Figure:
    """`styled` for horizontal bars: the value axis titled at the bottom, the first category on top."""
    yaxis = {"autorange": "reversed", **(yaxis or {})}
    return styled(figure, y_title="", x_title=value_title, height=height, yaxis=yaxis, **layout)


def lines(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    group: str,
    colours: Mapping[str, str],
    names: Mapping[str, str] | None = None,
    dashed: Sequence[str] = (),
    hover_unit: str = "",
    y_title: str,
    log_y: bool = False,
) -> go.Figure:
    """One line per group, with markers; groups listed in `dashed` are drawn dashed (e.g. derived series)."""
    figure = go.Figure()
    for key, part in frame.groupby(group, sort=False):
        part = part.sort_values(x)
        label = (names or {}).get(key, str(key))
        figure.add_trace(
            go.Scatter(
                x=part[x],
                y=part[y],
                name=label,
                mode="lines+markers",
                line={
                    "color": colours.get(key, NEUTRAL),
                    "width": 2.5,
                    "dash": "dash" if key in dashed else "solid",
                },
                marker={"size": 6},
                hovertemplate=f"{label}<br>%{{x}}: %{{y:,.2f}} {hover_unit}<extra></extra>",
            )
        )
    return styled(figure, y_title=y_title, log_y=log_y)


def points(
    figure: go.Figure,
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    name: str,
    colour: str,
    symbol: str,
    hover_text: Sequence[str],
    hover_unit: str = "",
) -> go.Figure:
    """Add a marker-only trace (official data points over a derived line, say)."""
    return figure.add_trace(
        go.Scatter(
            x=frame[x],
            y=frame[y],
            name=name,
            mode="markers",
            marker={"size": 11, "color": colour, "symbol": symbol, "line": {"width": 1.5, "color": "white"}},
            text=list(hover_text),
            hovertemplate=f"{name}<br>%{{x}}: %{{y:,.2f}} {hover_unit}<br>%{{text}}<extra></extra>",
        )
    )


def bars(
    frame: pd.DataFrame,
    *,
    category: str,
    value: str,
    colours: Sequence[str] | str,
    value_title: str,
    horizontal: bool = True,
    text_format: str = ",.0f",
    hover_unit: str = "",
    height: int | None = None,
) -> go.Figure:
    """A simple bar chart with values printed on the bars (sorted by the caller)."""
    category_axis, value_axis = ("y", "x") if horizontal else ("x", "y")
    figure = go.Figure(
        go.Bar(
            **{category_axis: frame[category], value_axis: frame[value]},
            orientation="h" if horizontal else None,
            marker={"color": colours if isinstance(colours, str) else list(colours)},
            texttemplate=f"%{{{value_axis}:{text_format}}}",
            textposition="auto",
            hovertemplate=f"%{{{category_axis}}}: %{{{value_axis}:,}} {hover_unit}<extra></extra>",
        )
    )
    if not horizontal:
        return styled(figure, y_title=value_title, showlegend=False, height=height or 380)
    return _horizontal(figure, value_title, height or max(260, 34 * len(frame) + 80), showlegend=False)


def grouped_bars(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    group: str,
    colours: Mapping[str, str],
    names: Mapping[str, str] | None = None,
    y_title: str,
    hover_unit: str = "",
) -> go.Figure:
    figure = go.Figure()
    for key, part in frame.groupby(group, sort=False):
        label = (names or {}).get(key, str(key))
        figure.add_trace(
            go.Bar(
                x=part[x],
                y=part[y],
                name=label,
                marker={"color": colours.get(key, NEUTRAL)},
                texttemplate="%{y:,}",
                textposition="outside",
                hovertemplate=f"{label}<br>%{{x}}: %{{y:,}} {hover_unit}<extra></extra>",
            )
        )
    return styled(figure, y_title=y_title, barmode="group")


def _provinces(geojson: dict[str, Any] | str, locations: Sequence[Any], **style: Any) -> go.Choroplethmap:
    """Provinces (by adcode) drawn on a map, with white borders."""
    return go.Choroplethmap(
        geojson=geojson,
        featureidkey="properties.adcode",
        locations=locations,
        marker={"line": {"width": 0.6, "color": "white"}},
        **style,
    )


def choropleth(
    geojson: dict[str, Any] | str,
    frame: pd.DataFrame,
    *,
    location: str,
    value: str,
    label: str,
    value_title: str,
) -> go.Figure:
    """Province map on a blank MapLibre style (no tiles are fetched, so it also renders offline).

    `geojson` is a FeatureCollection or, better for a web page, the URL the browser fetches it from: then the
    boundaries are not re-serialised into every rerun's figure.
    """
    figure = go.Figure(
        _provinces(
            geojson,
            frame[location],
            z=frame[value],
            text=frame[label],
            colorscale="Blues",
            colorbar={"title": {"text": value_title}, "thickness": 12},
            hovertemplate="%{text}: %{z:,}<extra></extra>",
        )
    )
    return figure.update_layout(
        map={"style": "white-bg", "center": {"lat": 36, "lon": 104}, "zoom": 2.3},
        height=460,
        margin={"l": 0, "r": 0, "t": 8, "b": 0},
        font={"family": FONT, "size": 13},
    )


def stacked_bars(
    frame: pd.DataFrame,
    *,
    category: str,
    value: str,
    group: str,
    colours: Mapping[str, str],
    names: Mapping[str, str] | None = None,
    value_title: str,
    hover_unit: str = "",
    category_order: Sequence[str],
) -> go.Figure:
    """Horizontal bars stacked by `group` (e.g. rows per topic, split by basis), one trace per group."""
    figure = go.Figure()
    for key, part in frame.groupby(group, sort=False):
        label = (names or {}).get(key, str(key))
        figure.add_trace(
            go.Bar(
                y=part[category],
                x=part[value],
                name=label,
                orientation="h",
                marker={"color": colours.get(key, NEUTRAL)},
                hovertemplate=f"{label}<br>%{{y}}: %{{x:,.1f}} {hover_unit}<extra></extra>",
            )
        )
    order = {"type": "category", "categoryorder": "array", "categoryarray": list(category_order)}
    height = max(260, 44 * len(category_order) + 120)
    return _horizontal(figure, value_title, height, order, barmode="stack", legend={"traceorder": "normal"})


def timeline(
    frame: pd.DataFrame,
    *,
    x: str,
    label: str,
    group: str,
    colours: Mapping[str, str],
    names: Mapping[str, str] | None = None,
    symbol: str,
    hover: str,
) -> go.Figure:
    """Labelled markers on a time axis, one row per event so labels never overlap.

    Rows are drawn top to bottom in the frame's order; labels sit right of the marker in the left half of the
    axis and left of it in the right half, so they stay inside the plot. `symbol` names a column of plotly
    marker symbols (e.g. open diamonds for targets); `hover` a column of hover text.
    """
    frame = frame.reset_index(drop=True)
    low, high = float(frame[x].min()), float(frame[x].max())
    middle = (low + high) / 2
    figure = go.Figure()
    for key, part in frame.groupby(group, sort=False):
        name = (names or {}).get(key, str(key))
        colour = colours.get(key, NEUTRAL)
        figure.add_trace(
            go.Scatter(
                x=part[x],
                y=list(part.index),
                name=name,
                mode="markers+text",
                text=part[label],
                textposition=["middle right" if v <= middle else "middle left" for v in part[x]],
                textfont={"size": 12},
                cliponaxis=False,
                marker={
                    "size": 13,
                    "color": colour,
                    "symbol": list(part[symbol]),
                    "line": {"width": 2, "color": colour},
                },
                customdata=list(part[hover]),
                hovertemplate=f"{name}<br>%{{customdata}}<extra></extra>",
            )
        )
    return styled(
        figure,
        y_title="",
        height=max(300, 50 * len(frame) + 110),
        xaxis={"dtick": 1, "range": [low - 0.6, high + 0.6], "showgrid": True},
        yaxis={"visible": False, "autorange": False, "range": [len(frame) - 0.4, -0.9]},
    )


def _legend_key(name: str, marker: dict[str, Any], horizontal: bool = True, **trace: Any) -> go.Bar:
    """A bar trace that draws nothing: an entry in the legend."""
    orientation = "h" if horizontal else "v"
    return go.Bar(
        x=[None], y=[None], orientation=orientation, name=name, marker=marker, hoverinfo="skip", **trace
    )


def paired_bars(
    frame: pd.DataFrame,
    *,
    category: str,
    value: str,
    series: str,
    colour: str,
    colours: Mapping[str, str],
    value_title: str,
    names: Mapping[str, str] | None = None,
    patterns: Mapping[str, str] | None = None,
    hover_unit: str = "",
) -> go.Figure:
    """Horizontal grouped bars where each bar keeps the colour of its row (`colour` column, e.g. a sector)
    and each series is told apart by a pattern; the legend shows the series in a neutral colour."""
    categories = list(dict.fromkeys(frame[category]))
    figure = go.Figure()
    for key, part in frame.groupby(series, sort=False):
        label = (names or {}).get(key, str(key))
        part = part.set_index(category).reindex(categories)
        pattern = (patterns or {}).get(key, "")
        bar_colours = [colours.get(c, NEUTRAL) if isinstance(c, str) else NEUTRAL for c in part[colour]]
        groups = {"legendgroup": str(key), "offsetgroup": str(key)}
        figure.add_trace(
            go.Bar(
                y=categories,
                x=part[value].astype("Float64").to_numpy(dtype=float, na_value=float("nan")),
                orientation="h",
                name=label,
                **groups,
                showlegend=False,
                marker={
                    "color": bar_colours,
                    "pattern": {"shape": pattern, "fgcolor": "white", "solidity": 0.45},
                    "line": {"width": 1, "color": bar_colours},
                },
                texttemplate="%{x:,}",
                textposition="outside",
                cliponaxis=False,
                hovertemplate=f"{label}<br>%{{y}}: %{{x:,}} {hover_unit}<extra></extra>",
            )
        )
        marker = {
            "color": "white" if pattern else NEUTRAL,
            "pattern": {"shape": pattern, "fgcolor": NEUTRAL, "solidity": 0.45},
            "line": {"width": 1, "color": NEUTRAL},
        }
        figure.add_trace(_legend_key(label, marker, **groups))
    height = max(300, 56 * len(categories) + 110)
    return _horizontal(figure, value_title, height, {"type": "category"}, barmode="group", bargap=0.25)


def add_no_data_areas(
    figure: go.Figure,
    geojson: dict[str, Any] | str,
    locations: Sequence[Any],
    labels: Sequence[str],
    *,
    note: str,
) -> go.Figure:
    """Draw map features that have no value in a flat grey (instead of leaving them out of the map)."""
    if len(locations) == 0:
        return figure
    grey = "#E6E6E6"
    return figure.add_trace(
        _provinces(
            geojson,
            list(locations),
            z=[0] * len(locations),
            text=[f"{label}: {note}" for label in labels],
            colorscale=[[0, grey], [1, grey]],
            showscale=False,
            hovertemplate="%{text}<extra></extra>",
        )
    )


def add_legend_keys(figure: go.Figure, entries: Mapping[str, str]) -> go.Figure:
    """Legend entries (name -> colour) for a chart whose bars are coloured row by row, so the legend explains
    the colours; the entries draw nothing."""
    horizontal = any(getattr(trace, "orientation", None) == "h" for trace in figure.data)
    for name, colour in entries.items():
        figure.add_trace(_legend_key(name, {"color": colour}, horizontal))
    figure.update_traces(showlegend=False, selector=0)
    return figure.update_layout(showlegend=True, barmode="overlay")


def colourbar_below(figure: go.Figure, title: str) -> go.Figure:
    """Move a map's colour bar under the map, so that on a narrow screen it does not cover the east coast."""
    figure.update_traces(
        colorbar={
            "title": {"text": title, "side": "top"},
            "orientation": "h",
            "x": 0.5,
            "xanchor": "center",
            "y": 0,
            "yanchor": "top",
            "thickness": 10,
            "len": 0.7,
        },
        selector={"type": "choroplethmap"},
    )
    return figure.update_layout(margin={"b": 60}, height=min((figure.layout.height or 460) + 40, MAX_HEIGHT))
