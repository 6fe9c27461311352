"""Bordered chart cards (Chart | Table | Sources, downloads, takeaway) with commentary beside them."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import state, verdicts
from industrial_base.package import DatasetUnavailable
from industrial_base.provenance import metadata_json, sources_of, to_safe_csv
from industrial_base.validation import Issue

VIEWS = ["chart", "table", "sources"]
PLOTLY_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


@dataclass(frozen=True)
class Commentary:
    """Our words beside a chart: what the article claims and what the data shows."""

    claim: str
    finding: str
    claims: tuple[str, ...] = ()
    """Ids of rows in data/claims.csv discussed here; their computed verdicts show as badges."""


@dataclass(frozen=True)
class Card:
    """Everything one chart card shows. Built by `state.cached` once per (card, language, data folder, filter
    state) and then shared by every session and rerun: treat it as read-only."""

    key: str
    title: str
    figure: go.Figure
    displayed: pd.DataFrame
    resources: tuple[str, ...]
    takeaway: str
    commentary: Commentary | None = None
    footnote: str | None = None


def show(card: Card) -> None:
    """Draw a cached card (see `chart_card`)."""
    chart_card(
        key=card.key,
        title=card.title,
        figure=lambda: card.figure,
        displayed=card.displayed,
        resources=card.resources,
        takeaway=card.takeaway,
        commentary=card.commentary,
        footnote=card.footnote,
    )


def md(text: str) -> str:
    """Markdown-safe text: a '$' would otherwise start LaTeX ("US$ … US$" renders as maths)."""
    return text.replace("$", "\\$")


def column_config(frame: pd.DataFrame) -> dict[str, object]:
    """Headers in the reader's language (the CSV column name as help), clickable sources, years without a
    thousands separator."""
    m = state.messages()
    labels = m.column_labels()
    config: dict[str, object] = {
        column: st.column_config.Column(labels[column], help=f"`{column}`")
        for column in frame.columns
        if isinstance(column, str) and column in labels
    }
    if "source_url" in frame:
        config["source_url"] = st.column_config.LinkColumn(
            labels["source_url"], help="`source_url`", display_text=m("ui.card.open_link")
        )
    for year_column in ("year", "cohort", "start_year", "batch"):
        if year_column in frame and pd.api.types.is_integer_dtype(frame[year_column]):
            config[year_column] = st.column_config.NumberColumn(
                labels.get(year_column, year_column), help=f"`{year_column}`", format="%d"
            )
    if "confidence" in frame:
        config["confidence"] = st.column_config.TextColumn(
            labels["confidence"], help=m("ui.card.confidence_help")
        )
    return config


def issues_frame(issues: Sequence[Issue]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "file": i.file,
                "line": i.line,
                "column": i.column,
                "value": i.value,
                "rule": i.rule,
                "problem": i.message,
            }
            for i in issues
        ]
    ).astype({"line": "Int64"})


def error_card(title: str, error: DatasetUnavailable) -> None:
    """Shown in place of a part of a page whose dataset failed validation; the rest keeps working.

    Problem descriptions come from the validator in English; the headers and the framing are translated."""
    m = state.messages()
    headers = m.table("ui.errors.columns")
    with st.container(border=True):
        st.markdown(f"**{md(title)}**")
        st.error(
            m("ui.errors.unavailable", name=error.name, count=len(error.issues)), icon=":material/block:"
        )
        st.dataframe(
            issues_frame(error.issues),
            hide_index=True,
            width="stretch",
            column_config={key: st.column_config.Column(label) for key, label in headers.items()},
        )


def commentary_card(commentary: Commentary) -> None:
    m = state.messages()
    with st.container(border=True):
        if commentary.claims:
            st.markdown(verdicts.badges(commentary.claims))
            st.page_link(
                "app_pages/fact_check.py", label=m("ui.card.how_verdicts"), icon=":material/fact_check:"
            )
        st.markdown(  # one element: a page's elements each cost the browser a little on every visit
            f"**{m('ui.card.article_says')}**\n\n{md(commentary.claim)}\n\n"
            f"**{m('ui.card.data_shows')}**\n\n{md(commentary.finding)}"
        )


def chart_card(
    *,
    key: str,
    title: str,
    figure: Callable[[], go.Figure],
    displayed: pd.DataFrame,
    resources: Sequence[str],
    takeaway: str,
    commentary: Commentary | None = None,
    footnote: str | None = None,
) -> None:
    """One chart in a bordered card, with commentary in a column beside it (stacked on phones).

    `figure` is a callable so the figure is only built when the Chart view is showing. `displayed` is the data
    as charted (after filters); the full datasets named in `resources` are offered for download too.
    """
    if commentary is not None:
        left, right = st.columns([3, 2], gap="medium")
        with right:
            commentary_card(commentary)
    else:
        left = st.container()
    m = state.messages()
    with left, st.container(border=True, key=f"card_{key}"):
        st.markdown(f"**{md(title)}**")
        view = st.segmented_control(
            m("ui.card.view"),
            VIEWS,
            format_func=lambda option: m(f"ui.card.{option}"),
            default="chart",
            key=f"view_{key}",
            required=True,
            label_visibility="collapsed",
        )
        if view == "table":
            st.dataframe(displayed, hide_index=True, width="stretch", column_config=column_config(displayed))
            st.caption(m("ui.card.research_language"))
        elif view == "sources":
            sources = sources_of(displayed)
            st.dataframe(sources, hide_index=True, width="stretch", column_config=column_config(sources))
            datasets = ", ".join(f"`{name}`" for name in resources)
            st.caption(m("ui.card.sources_caption", datasets=datasets))
        else:
            st.plotly_chart(figure(), width="stretch", config=PLOTLY_CONFIG, key=f"chart_{key}", alt=takeaway)
        st.markdown(f"*{md(takeaway)}*")
        if footnote:
            st.caption(md(footnote))
        download_row(key, displayed, resources)


def downloads_key(key: str) -> str:
    """The session-state key of a card's download popover (True while it is open)."""
    return f"downloads_{key}"


def download_row(key: str, displayed: pd.DataFrame, resources: Sequence[str]) -> None:
    """Displayed data, full data and metadata downloads. The buttons exist only while the popover is open
    (opening it reruns the page) and each file is built only when clicked: a page of cards would otherwise
    send and draw dozens of hidden buttons on every rerun."""
    package = state.package()
    m = state.messages()
    popover = st.popover(
        m("ui.card.download"), icon=":material/download:", key=downloads_key(key), on_change="rerun"
    )
    if not popover.open:
        return
    with popover:
        st.download_button(
            m("ui.card.download_displayed"),
            data=lambda: to_safe_csv(displayed),
            file_name=f"{key}_displayed.csv",
            mime="text/csv",
            key=f"dl_shown_{key}",
            on_click="ignore",
            icon=":material/download:",
        )
        for name in resources:
            st.download_button(
                m("ui.card.download_full", name=name),
                data=lambda name=name: to_safe_csv(package.table(name)),
                file_name=f"{name}.csv",
                mime="text/csv",
                key=f"dl_full_{key}_{name}",
                on_click="ignore",
                icon=":material/table:",
            )
            st.download_button(
                m("ui.card.download_metadata"),
                data=lambda name=name: metadata_json(package.descriptor, name),
                file_name=f"{name}.metadata.json",
                mime="application/json",
                key=f"dl_meta_{key}_{name}",
                on_click="ignore",
                icon=":material/info:",
            )


def guarded(title: str, render: Callable[[], None]) -> None:
    """Run one card's code; a dataset that failed validation becomes an error card instead of an exception."""
    try:
        render()
    except DatasetUnavailable as error:
        error_card(title, error)


def guarded_card(title: str, build: Callable[..., Card | None], *args: Hashable) -> None:
    """The usual card: built by `state.cached(build, *args)`, drawn, or an error card if its data failed.
    A builder may return None for "nothing to chart"; the page then says why itself."""
    guarded(title, lambda: _show_built(build, args))


def _show_built(build: Callable[..., Card | None], args: tuple[Hashable, ...]) -> None:
    card = state.cached(build, *args)
    if card is not None:
        show(card)


def sector_scope_note(has_sector_dimension: bool) -> None:
    """Say plainly whether the sidebar's sector filter applies to what follows."""
    if not state.sector_filter_active():
        return
    m = state.messages()
    if has_sector_dimension:
        labels = state.sector_labels()
        chosen = ", ".join(labels[s] for s in state.selected_sectors()) or m("ui.scope.none")
        st.info(m("ui.scope.filtered", sectors=chosen), icon=":material/filter_alt:")
    else:
        st.info(m("ui.scope.no_sector"), icon=":material/filter_alt_off:")
