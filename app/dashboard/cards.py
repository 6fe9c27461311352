"""Bordered chart cards (Chart | Table | Sources, downloads, takeaway) with commentary beside them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import state, verdicts
from industrial_base.package import DatasetUnavailable
from industrial_base.provenance import metadata_json, sources_of, to_safe_csv
from industrial_base.validation import Issue

VIEWS = ["Chart", "Table", "Sources"]
PLOTLY_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
CONFIDENCE_HELP = (
    "high: an official statement, or several sources that agree · medium: one secondary source or a "
    "compilation · low: unclear provenance"
)


@dataclass(frozen=True)
class Commentary:
    """Our words beside a chart: what the article claims and what the data shows."""

    claim: str
    finding: str
    claims: tuple[str, ...] = ()
    """Ids of rows in data/claims.csv discussed here; their computed verdicts show as badges."""


def md(text: str) -> str:
    """Markdown-safe text: a '$' would otherwise start LaTeX ("US$ … US$" renders as maths)."""
    return text.replace("$", "\\$")


def column_config(frame: pd.DataFrame) -> dict[str, object]:
    """Sensible defaults: clickable sources, no thousands separator on years, readable provenance columns."""
    config: dict[str, object] = {}
    if "source_url" in frame:
        config["source_url"] = st.column_config.LinkColumn("Source", display_text="open ↗")
    for year_column in ("year", "cohort", "start_year", "batch"):
        if year_column in frame and pd.api.types.is_integer_dtype(frame[year_column]):
            config[year_column] = st.column_config.NumberColumn(year_column.replace("_", " "), format="%d")
    if "confidence" in frame:
        config["confidence"] = st.column_config.TextColumn("Confidence", help=CONFIDENCE_HELP)
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
    """Shown in place of a chart whose dataset failed validation; the rest of the page keeps working."""
    with st.container(border=True):
        st.markdown(f"**{title}**")
        st.error(
            f"This chart is unavailable: the dataset `{error.name}` failed validation "
            f"({len(error.issues)} problem(s)). Fix the file and reload; other charts are unaffected.",
            icon=":material/block:",
        )
        st.dataframe(issues_frame(error.issues), hide_index=True, width="stretch")


def commentary_card(commentary: Commentary) -> None:
    with st.container(border=True):
        if commentary.claims:
            st.markdown(verdicts.badges(commentary.claims))
            st.page_link(
                "app_pages/fact_check.py", label="How each verdict is computed", icon=":material/fact_check:"
            )
        st.markdown("**What the article says**")
        st.markdown(md(commentary.claim))
        st.markdown("**What the data shows**")
        st.markdown(md(commentary.finding))


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
    with left, st.container(border=True, key=f"card_{key}"):
        st.markdown(f"**{md(title)}**")
        view = st.segmented_control(
            "View", VIEWS, default="Chart", key=f"view_{key}", required=True, label_visibility="collapsed"
        )
        if view == "Table":
            st.dataframe(displayed, hide_index=True, width="stretch", column_config=column_config(displayed))
        elif view == "Sources":
            sources = sources_of(displayed)
            st.dataframe(sources, hide_index=True, width="stretch", column_config=column_config(sources))
            st.caption(
                "Every row of the table view carries its own source. Datasets: "
                + ", ".join(f"`{name}`" for name in resources)
                + ". Full method notes: the Sources & methods page."
            )
        else:
            st.plotly_chart(figure(), width="stretch", config=PLOTLY_CONFIG, key=f"chart_{key}", alt=takeaway)
        st.markdown(f"*{md(takeaway)}*")
        if footnote:
            st.caption(md(footnote))
        download_row(key, displayed, resources)


def download_row(key: str, displayed: pd.DataFrame, resources: Sequence[str]) -> None:
    """Displayed data, full data and metadata downloads, built only when clicked."""
    package = state.package()
    with st.popover("Download", icon=":material/download:"):
        st.download_button(
            "Displayed data (CSV)",
            data=lambda: to_safe_csv(displayed),
            file_name=f"{key}_displayed.csv",
            mime="text/csv",
            key=f"dl_shown_{key}",
            on_click="ignore",
            icon=":material/download:",
        )
        for name in resources:
            st.download_button(
                f"Full {name} (CSV)",
                data=lambda name=name: to_safe_csv(package.table(name)),
                file_name=f"{name}.csv",
                mime="text/csv",
                key=f"dl_full_{key}_{name}",
                on_click="ignore",
                icon=":material/table:",
            )
            st.download_button(
                "Metadata (JSON)",
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


def sector_scope_note(has_sector_dimension: bool) -> None:
    """Say plainly whether the sidebar's sector filter applies to what follows."""
    if not state.sector_filter_active():
        return
    if has_sector_dimension:
        labels = state.sector_labels()
        chosen = ", ".join(labels[s] for s in state.selected_sectors()) or "none"
        st.info(f"Filtered to sectors: {chosen}.", icon=":material/filter_alt:")
    else:
        st.info(
            "These figures are not broken down by sector, so the sector filter does not change them.",
            icon=":material/filter_alt_off:",
        )
