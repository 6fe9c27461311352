"""Plotly figure builders (graph_objects only: plotly express costs ~70 ms a figure, these a few ms).

Builders take tidy frames and return figures; they never read files or know about Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from industrial_base.palette import NEUTRAL

FONT = "Source Sans, sans-serif"


def styled(
    figure: go.Figure,
    *,
    y_title: str,
    x_title: str | None = None,
    height: int = 380,
    log_y: bool = False,
    legend: bool = True,
) -> go.Figure:
    """Common layout: readable axis titles, legend on top (it wraps on phones), tight margins."""
    figure.update_layout(
        height=height,
        margin={"l": 8, "r": 8, "t": 36, "b": 8},
        font={"family": FONT, "size": 13},
        hovermode="closest",
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0, "title": None},
        yaxis={"title": {"text": y_title}, "type": "log" if log_y else "linear", "rangemode": "tozero"},
        xaxis={"title": {"text": x_title} if x_title else None},
    )
    if log_y:
        figure.update_yaxes(rangemode="normal")
    return figure


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
    symbol: str = "circle",
    hover_text: Sequence[str] | None = None,
    hover_unit: str = "",
) -> go.Figure:
    """Add a marker-only trace (official data points over a derived line, say)."""
    figure.add_trace(
        go.Scatter(
            x=frame[x],
            y=frame[y],
            name=name,
            mode="markers",
            marker={"size": 11, "color": colour, "symbol": symbol, "line": {"width": 1.5, "color": "white"}},
            text=list(hover_text) if hover_text is not None else None,
            hovertemplate=f"{name}<br>%{{x}}: %{{y:,.2f}} {hover_unit}<br>%{{text}}<extra></extra>"
            if hover_text is not None
            else f"{name}<br>%{{x}}: %{{y:,.2f}} {hover_unit}<extra></extra>",
        )
    )
    return figure


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
    value_axis, category_axis = ("x", "y") if horizontal else ("y", "x")
    orientation: dict[str, Any] = (
        {"y": frame[category], "x": frame[value], "orientation": "h"}
        if horizontal
        else {"x": frame[category], "y": frame[value]}
    )
    figure = go.Figure(
        go.Bar(
            **orientation,
            marker={"color": list(colours) if not isinstance(colours, str) else colours},
            texttemplate=f"%{{{value_axis}:{text_format}}}",
            textposition="auto",
            hovertemplate=f"%{{{category_axis}}}: %{{{value_axis}:,}} {hover_unit}<extra></extra>",
        )
    )
    rows = len(frame)
    styled(
        figure,
        y_title="" if horizontal else value_title,
        legend=False,
        height=height or (max(260, 34 * rows + 80) if horizontal else 380),
    )
    if horizontal:
        figure.update_layout(xaxis={"title": {"text": value_title}}, yaxis={"autorange": "reversed"})
    return figure


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
    figure.update_layout(barmode="group")
    return styled(figure, y_title=y_title)


def choropleth(
    geojson: dict[str, Any],
    frame: pd.DataFrame,
    *,
    location: str,
    value: str,
    label: str,
    value_title: str,
    colourscale: str = "Blues",
) -> go.Figure:
    """Province map on a blank MapLibre style (no tiles are fetched, so it also renders offline)."""
    figure = go.Figure(
        go.Choroplethmap(
            geojson=geojson,
            featureidkey="properties.adcode",
            locations=frame[location],
            z=frame[value],
            text=frame[label],
            colorscale=colourscale,
            marker={"line": {"width": 0.6, "color": "white"}},
            colorbar={"title": {"text": value_title}, "thickness": 12},
            hovertemplate="%{text}: %{z:,}<extra></extra>",
        )
    )
    figure.update_layout(
        map={"style": "white-bg", "center": {"lat": 36, "lon": 104}, "zoom": 2.3},
        height=460,
        margin={"l": 0, "r": 0, "t": 8, "b": 0},
        font={"family": FONT, "size": 13},
    )
    return figure
