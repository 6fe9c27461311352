"""Drawing a chart card: Chart | Table | Sources tabs, takeaway, downloads, commentary beside it; error cards.

What a card holds and how it is built are declared in the core (`industrial_base.registry`); this module
only draws. `show_chart(view, **values)` is the one way a page shows a chart.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Sequence
from datetime import date
from urllib.parse import urlencode, urlsplit

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import exports, state
from data_api.views import EMBEDS, VIEWS
from industrial_base import citation, export, links, site
from industrial_base.freshness import retrieval_note
from industrial_base.geo import BOUNDARIES
from industrial_base.headers import column_headers
from industrial_base.i18n import Messages
from industrial_base.package import DatasetUnavailable
from industrial_base.pages.fact_check import BADGES, VERDICT_COLOURS
from industrial_base.provenance import metadata_json, sources_of, to_safe_csv
from industrial_base.registry import SECTORS, Card, Commentary, View, md
from industrial_base.validation import issues_frame

TABS = ["chart", "table", "sources"]
"""A card's tabs (`ui.card.<tab>`): the chart, the data as charted, the sources of its rows."""
PLOTLY_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def column_config(frame: pd.DataFrame, datasets: Sequence[str] = ()) -> dict[str, object]:
    """Headers in the reader's language (the CSV column name as help), clickable sources, years without a
    thousands separator. `datasets` are the datasets the frame was drawn from (their schema titles first)."""
    m = state.messages()
    columns = tuple(str(column) for column in frame.columns)
    labels = headers(m.lang, tuple(datasets), columns)
    config: dict[str, object] = {
        column: st.column_config.Column(labels[column], help=f"`{column}`")
        for column in columns
        if column in labels
    }
    if "source_url" in frame:
        config["source_url"] = st.column_config.LinkColumn(
            labels.get("source_url", "source_url"), help="`source_url`", display_text=m("ui.card.open_link")
        )
    for year_column in ("year", "cohort", "start_year", "batch"):
        if year_column in frame and pd.api.types.is_integer_dtype(frame[year_column]):
            config[year_column] = st.column_config.NumberColumn(
                labels.get(year_column, year_column), help=f"`{year_column}`", format="%d"
            )
    if "confidence" in frame:
        config["confidence"] = st.column_config.TextColumn(
            labels.get("confidence", "confidence"), help=m("ui.card.confidence_help")
        )
    return config


@functools.cache
def headers(language: str, datasets: tuple[str, ...], columns: tuple[str, ...]) -> dict[str, str]:
    """`column_headers` of one frame, looked up once per language, datasets and columns (a data update takes
    effect on restart, as for everything the server caches)."""
    return column_headers(Messages(language), state.package().descriptor, datasets, columns)


def error_card(title: str, error: DatasetUnavailable) -> None:
    """Shown in place of a part of a page whose dataset failed validation; the rest keeps working.

    Problem descriptions come from the validator in English; the headers and the framing are translated."""
    m = state.messages()
    with st.container(border=True):
        st.markdown(f"**{md(title)}**")
        message = m("ui.errors.unavailable", name=error.name, count=len(error.issues))
        st.error(message, icon=":material/block:")
        columns = {
            key: st.column_config.Column(label) for key, label in m.labels("ui.errors.columns").items()
        }
        grid(issues_frame(error.issues), **columns)


def badge(claim_id: str) -> str:
    """A short coloured verdict badge followed by the claim it judges, e.g. ":green-badge[Matches] Fact
    check of 16.98 trillion yuan" (Streamlit markdown); grey "Unavailable" when the check's data failed. The
    verdicts are computed once per loaded package and hold no words, so one computation serves every
    language; the badges are written with the reader's `Messages`."""
    m = state.messages()
    try:
        verdict, label = state.build(BADGES).get(claim_id, (None, claim_id))
    except DatasetUnavailable:
        verdict, label = None, claim_id
    judged = m("ui.verdicts.badge", claim=label)
    if verdict is None:
        return f":gray-badge[{m('ui.verdicts.unavailable')}] {judged}"
    return f":{VERDICT_COLOURS[verdict]}-badge[{m(f'ui.verdicts.short.{verdict}')}] {judged}"


def commentary_card(commentary: Commentary) -> None:
    m = state.messages()
    with st.container(border=True):
        if commentary.claims:
            st.markdown("  \n".join(badge(claim_id) for claim_id in commentary.claims))
            st.page_link(
                "app_pages/fact_check.py", label=m("ui.card.how_verdicts"), icon=":material/fact_check:"
            )
        st.markdown(  # one element: a page's elements each cost the browser a little on every visit
            f"**{m('ui.card.article_says')}**\n\n{md(commentary.claim)}\n\n"
            f"**{m('ui.card.data_shows')}**\n\n{md(commentary.finding)}"
        )


def show_card(view: View, card: Card) -> None:
    """One chart in a bordered card, with commentary in a column beside it (stacked on phones): the title
    straight above the chart, so the chart is in view; under it the takeaway, the footnote, and a row with
    the Chart | Table | Sources tabs and the downloads (as Our World in Data's charts have). The Table tab
    shows the data as charted; the downloads add the full datasets the chart reads, and their metadata."""
    if card.commentary is not None:
        left, right = st.columns([3, 2], gap="medium")
        with right:
            commentary_card(card.commentary)
    else:
        left = st.container()
    m = state.messages()
    key = view.key
    tab_key = f"tab_{key}"
    # The switch is drawn under the chart, but its value is in session state before the run starts: read it
    # here, so the chart needs no placeholder container above the switch (one element fewer to draw).
    tab = st.session_state.get(tab_key) or "chart"
    with left, st.container(border=True, key=f"card_{key}"):
        st.markdown(f"**{md(card.title)}**")
        if tab == "table":
            grid(card.displayed, card.datasets)
            st.caption(m("ui.card.research_language"))
        elif tab == "sources":
            sources_tab(view, card)
        else:
            st.plotly_chart(
                card.figure, width="stretch", config=PLOTLY_CONFIG, key=f"chart_{key}", alt=card.takeaway
            )
        st.markdown(takeaway_block(card.takeaway, card.footnote))
        with st.container(horizontal=True, vertical_alignment="center", gap="small"):
            st.segmented_control(
                m("ui.card.tabs"),
                TABS,
                format_func=lambda option: m(f"ui.card.{option}"),
                default="chart",
                key=tab_key,
                required=True,
                label_visibility="collapsed",
            )
            download_row(key, card.displayed, card.datasets, lambda: picture(card))


def takeaway_block(takeaway: str, footnote: str | None) -> str:
    """The takeaway (italic) and the footnote under it (small) as one markdown block: one element to draw,
    not two. The footnote's line breaks are soft (as a caption draws them) and its brackets escaped, so it
    stays inside `:small[…]`."""
    block = f"*{md(takeaway)}*"
    if not footnote:
        return block
    small = " ".join(md(footnote).split()).replace("[", "\\[").replace("]", "\\]")
    return f"{block}\n\n:small[{small}]"


def picture(card: Card) -> go.Figure:
    """The card's figure with its title, takeaway, sources, licence, access date and link (what the PNG and
    SVG downloads draw), in the reader's language."""
    m = state.messages()
    descriptor = state.package().descriptor
    return export.composed(
        m,
        card,
        sources=export.source_line(m, card.displayed, descriptor, card.datasets),
        licence=export.licences(descriptor, card.datasets),
        accessed=date.today(),
        link=permalink(),
    )


def sources_tab(view: View, card: Card) -> None:
    """The sources of the rows drawn, the datasets and when their World Bank figures were retrieved, and how
    to cite and embed the chart."""
    m = state.messages()
    package = state.package()
    grid(sources_of(card.displayed), card.datasets)
    datasets = ", ".join(f"`{name}`" for name in card.datasets)
    retrieved = retrieval_note(m, package, card.datasets)
    licence = export.licences(package.descriptor, card.datasets)
    dated = [
        m("ui.card.sources_caption", datasets=datasets),
        m("ui.cite.licence_help", licence=licence),
        *([retrieved] if retrieved else []),
    ]
    st.caption(md(m.separator("sentence").join(dated)))
    rows = dict.fromkeys(str(p) for p in card.displayed.get("publisher", pd.Series()).dropna())
    data_from = citation.cited_publishers(m, package, card.datasets, rows)
    cite_and_embed("chart", view.key, card.title, data_from, licence, view=view)


def link_pairs(*leave_out: str) -> list[tuple[str, str]]:
    """The parameters of the reader's link, every value of each, but those named."""
    return [(k, v) for k in st.query_params if k not in leave_out for v in st.query_params.get_all(k)]


def permalink() -> str:
    """The address that reopens exactly what the reader sees: this page with every parameter of its link."""
    pairs = link_pairs()
    return (st.context.url or "") + (f"?{urlencode(pairs)}" if pairs else "")


def origin() -> str:
    """`scheme://host` of the dashboard as the reader reached it (the data API answers at the same place)."""
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def view_urls(view: View) -> tuple[str, str]:
    """The view's static embed page and its data as charted (CSV), with the reader's link's parameters: what
    an article embeds and what a notebook reads, neither needing a dashboard session."""
    page = site.page(view.page).url_path or view.page
    query = urlencode(link_pairs(links.VIEW, "embed"))
    tail = f"?{query}" if query else ""
    return (
        f"{origin()}{EMBEDS}/{page}/{view.id}{tail}",
        f"{origin()}{VIEWS}/{page}/{view.id}.csv{tail}",
    )


def cite_and_embed(
    kind: str,
    key: str,
    title: str,
    data_from: str,
    licence: str,
    *,
    view: View | None = None,
    data: str | None = None,
) -> None:
    """The citation of a chart or dataset in each form (each block has a copy button); for a chart view the
    `<iframe>` of its static embed page and the URL of its data, for a dataset the URL of its file (`data`,
    under the data API): dated today. A chart's citation links what the reader sees, a dataset's its file.
    `licence` (the data's licences, from the descriptor) goes into every form and under the data's URL."""
    m = state.messages()
    embed_url, data_url = (
        view_urls(view) if view is not None else (None, f"{origin()}{data}" if data else None)
    )
    link = permalink() if view is not None or data_url is None else data_url
    cited = citation.cite(
        m,
        kind=kind,
        key=key,
        title=title,
        data_from=data_from,
        accessed=date.today(),
        url=link,
        licence=licence,
    )
    forms = [("text", cited.plain, None), *([("gbt", cited.gbt, None)] if cited.gbt else [])]
    forms += [("bibtex", cited.bibtex, "latex")]
    if embed_url:
        forms.append(("embed", citation.embed_snippet(title, embed_url), "html"))
    if data_url:
        forms.append(("data", data_url, None))
    st.markdown(f"**{m(f'ui.cite.{kind}')}**")
    for tab, (form, text, language) in zip(
        st.tabs([m(f"ui.cite.{form}") for form, _, _ in forms]), forms, strict=True
    ):
        with tab:
            st.code(text, language=language, wrap_lines=True)
            if form == "embed":
                st.caption(m("ui.cite.embed_help"))
            if form == "data":
                st.caption(
                    m("ui.cite.data_help")
                    + m.separator("sentence")
                    + m("ui.cite.licence_help", licence=licence)
                )


def lazy_expander(label: str, key: str, draw: Callable[[], None], icon: str | None = None) -> None:
    """An expander whose content `draw` builds only while it is open (opening or closing it reruns the page):
    closed, it sends its label and nothing else."""
    expander = st.expander(label, icon=icon, key=key, on_change="rerun")
    if expander.open:
        with expander:
            draw()


def grid(
    frame: pd.DataFrame, datasets: Sequence[str] = (), height: int | str = "auto", **config: object
) -> None:
    """A full-width table with headers in the reader's language: `datasets` are the ones the frame was
    drawn from (their headers first); `config` overrides single columns."""
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=height,
        column_config={**column_config(frame, datasets), **config},
    )


def download_row(
    key: str,
    displayed: pd.DataFrame,
    resources: Sequence[str],
    picture: Callable[[], go.Figure] | None = None,
) -> None:
    """The chart as a picture with its provenance (PNG, SVG; `picture` composes it), the displayed data, the
    full data and metadata downloads. The buttons exist only while the popover is open (opening it reruns
    the page) and each file is built only when clicked: a page of cards would otherwise send and draw dozens
    of hidden buttons on every rerun, and a picture takes a browser a second or more to draw."""
    package = state.package()
    m = state.messages()
    popover = st.popover(  # its session-state key is True while it is open
        m("ui.card.download"), icon=":material/download:", key=f"downloads_{key}", on_change="rerun"
    )
    if not popover.open:
        return
    licensed = m("ui.cite.licence_help", licence=export.licences(package.descriptor, resources))
    with popover:
        if picture is not None:
            composed = picture()  # cheap; the browser draws it only when a button is clicked
            for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
                st.download_button(
                    m(f"ui.export.{fmt}"),
                    data=lambda fmt=fmt: exports.render(composed, fmt),
                    file_name=f"{key}.{fmt}",
                    mime=mime,
                    key=f"dl_{fmt}_{key}",
                    on_click="ignore",
                    icon=":material/image:",
                    disabled=not exports.available(),
                    help=None if exports.available() else m("ui.export.unavailable"),
                )
        st.download_button(
            m("ui.card.download_displayed"),
            data=lambda: to_safe_csv(displayed),
            file_name=f"{key}_displayed.csv",
            mime="text/csv",
            key=f"dl_shown_{key}",
            on_click="ignore",
            icon=":material/download:",
            help=licensed,  # a CSV cannot say its licence: the button does
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
                help=m("ui.cite.licence_help", licence=export.licences(package.descriptor, [name])),
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


def show_chart(view: View, **values: Hashable) -> None:
    """The one way to show a view's chart: built once for these values (`state.build`) and drawn; an error
    card when a dataset it reads failed validation; `<page>.<view>.empty` (else `ui.scope.none`) when nothing
    is left to chart. A chart filtered by sector gets the sidebar's sectors itself."""
    chart = view.chart
    assert chart is not None, f"{view.words} has no chart"
    if chart.by_sector:
        values[SECTORS] = tuple(state.selected_sectors())
    m = state.messages()
    if BOUNDARIES in chart.reads and not st.get_option("server.enableStaticServing"):
        with st.container(border=True):  # the map would load the page's HTML as its boundaries: blank
            st.markdown(f"**{md(m(f'{view.words}.short'))}**")
            st.error(m("ui.errors.static_serving_off"), icon=":material/block:")
        return
    guarded(m(f"{view.words}.short"), lambda: _show_built(view, values))


def _show_built(view: View, values: dict[str, Hashable]) -> None:
    card = state.build(view.chart, **values) if view.chart is not None else None
    if card is not None:
        show_card(view, card)
        return
    m = state.messages()
    labels = state.sector_labels()
    chosen = m.join((labels.get(s, s) for s in state.selected_sectors()), final=False)
    empty = m.optional(f"{view.words}.empty", chosen=chosen) or m("ui.scope.none", chosen=chosen)
    st.info(empty, icon=":material/filter_alt_off:")


def sector_scope_note(by_sector: bool) -> None:
    """Say plainly whether the sidebar's sector filter applies to what follows."""
    if not state.sector_filter_active():
        return
    m = state.messages()
    if by_sector:
        labels = state.sector_labels()
        chosen = m.join((labels[s] for s in state.selected_sectors()), final=False)
        st.info(m("ui.scope.filtered", sectors=chosen), icon=":material/filter_alt:")
    else:
        st.info(m("ui.scope.no_sector"), icon=":material/filter_alt_off:")
