"""Sources & methods: datasets with schemas and sources, legends, derivations, discrepancies, licences.

One section at a time (`?view=ID`): only the chosen section's code runs."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.card import cite_and_embed, grid, guarded, lazy_expander
from dashboard.page import show_page
from data_api.datasets import PACKAGE_ZIP, urls
from industrial_base import export, provenance
from industrial_base.freshness import FRESHNESS
from industrial_base.pages import sources as sv
from industrial_base.registry import Prepared, View, md

m = state.messages()
descriptor = state.package().descriptor
not_stated = m("sources.catalogue.not_stated")
open_link = m("ui.card.open_link")


def rows_column() -> object:
    return st.column_config.NumberColumn(m.column_labels()["rows"], help="`rows`", format="%d")


def issues_grid(frame: pd.DataFrame) -> None:
    """Validation problems: headers translated, the validator's descriptions as it writes them (English)."""
    headers = m.labels("ui.errors.columns")
    grid(frame, **{key: st.column_config.Column(label) for key, label in headers.items()})


def package_download() -> None:
    """The whole data package as one zip, its version and how fresh its World Bank figures are."""
    with st.container(horizontal=True, vertical_alignment="center"):
        st.download_button(
            m("sources.labels.download"),
            data=lambda: provenance.package_zip(state.data_dir(), state.package().descriptor),
            file_name=f"{descriptor.get('name', 'data-package')}-{descriptor.get('version', '')}.zip".replace(
                "-.", "."
            ),
            mime="application/zip",
            key="dl_package",
            on_click="ignore",
            icon=":material/folder_zip:",
            type="primary",
        )
        st.caption(
            md(
                m(
                    "sources.download.caption",
                    datasets=len(descriptor.get("resources", [])),
                    version=descriptor.get("version", not_stated),
                    created=m.date(str(descriptor["created"])[:10])
                    if descriptor.get("created")
                    else not_stated,
                )
            )
        )
    st.caption(md(state.build(FRESHNESS)))


def datasets(view: View) -> None:
    package_download()
    shown = state.build(sv.CATALOGUE)
    labels = m.column_labels()
    st.markdown(md(m("sources.datasets.intro", datasets=len(shown["listed"]))))
    grid(
        shown["listed"],
        height="content",
        main_source=st.column_config.LinkColumn(
            labels["main_source"], help=m("sources.catalogue.main_source_help"), display_text=open_link
        ),
        rows=rows_column(),
        sources=st.column_config.NumberColumn(labels["sources"], help=m("sources.catalogue.sources_help")),
    )
    st.caption(m("sources.labels.descriptor_language"))
    package_title = m.name(descriptor.get("title"), descriptor.get("title_zh"))
    lazy_expander(
        m("ui.cite.package"),
        "cite_package",
        lambda: cite_and_embed(
            "dataset",
            "package",
            package_title,
            state.build(sv.PACKAGE_PUBLISHERS),
            export.package_licences(descriptor),
            data=PACKAGE_ZIP,
        ),
        icon=":material/format_quote:",
    )
    for index, inside in enumerate(state.build(sv.DETAILS)):
        lazy_expander(
            md(f"{inside['title']} · `{inside['name']}`"),
            f"details_{inside['name']}",
            lambda index=index: details(state.build(sv.DETAILS)[index]),
        )


def details(inside: dict[str, Any]) -> None:
    name, found, errors = inside["name"], inside["found"], inside["errors"]
    st.markdown(inside["description"])
    st.markdown(inside["line"])
    st.markdown(m("sources.details.sources"))
    st.markdown(inside["sources"])
    if len(inside["schema"]):
        st.markdown(m("sources.details.schema"))
        grid(inside["schema"])
    if found is not None:
        if len(found.columns) and len(found):
            st.markdown(m("sources.details.distinct_sources", count=len(found)))
            grid(found, (name,))
    elif errors is not None:
        st.error(m("sources.details.failed", name=name, count=len(errors)), icon="🚫")
        issues_grid(errors)
    resource = next(r for r in descriptor["resources"] if r["name"] == name)
    licence = export.licences(descriptor, [name])
    cite_and_embed(
        "dataset", name, inside["title"], inside["data_from"], licence, data=urls(resource)["data"]
    )


def validation(view: View) -> None:
    shown = state.build(sv.CATALOGUE)
    count = len(shown["validated"])
    if shown["failed"]:
        st.error(m("sources.validation.failed", failed=shown["failed"], datasets=count), icon="🚫")
        for name, issues in shown["failed_issues"]:
            st.markdown(f"**`{name}`**")
            issues_grid(issues)
    else:
        st.success(m("sources.validation.ok", datasets=count), icon=":material/verified:")
    if shown["package_issues"] is not None:
        st.markdown(f"**{m('sources.labels.descriptor_problems')}**")
        issues_grid(shown["package_issues"])
    if shown["warned"]:
        st.caption(m("sources.validation.warnings", warnings=sv.joined(m, list(shown["warned"]))))
    grid(shown["validated"], rows=rows_column())


def legends(view: View) -> None:
    for legend, frame in state.build(sv.LEGENDS):
        st.markdown(f"**{m(f'sources.legend.{legend}')}**")
        st.caption(m(f"sources.{legend}.intro"))
        st.table(frame, hide_index=True)


def checks(kind: str, specs: dict[str, Prepared[sv.Check]]) -> None:
    """Each derivation or discrepancy in a bordered box: our words with the data's numbers, and its table."""
    st.caption(m(f"sources.{kind}.intro"))
    for key, spec in specs.items():
        with st.container(border=True):
            guarded(m(f"sources.{kind}.titles.{key}"), lambda spec=spec: check(spec))


def check(spec: Prepared[sv.Check]) -> None:
    shown = state.build(spec)
    st.markdown(md(shown.text))
    if shown.frame is not None:
        with st.expander(m("sources.labels.every_year")) if shown.folded else nullcontext():
            grid(shown.frame, spec.reads)


def licences(view: View) -> None:
    frame, notice = state.build(sv.LICENCES)
    st.markdown(md(m("sources.licences.intro")))
    grid(
        frame, url=st.column_config.LinkColumn(m.column_labels()["url"], help="`url`", display_text=open_link)
    )
    if notice:
        with st.expander(m("sources.labels.notice")):
            st.markdown(md(notice))


show_page(
    sv.PAGE,
    draw={
        "datasets": datasets,
        "legends": legends,
        "derivations": lambda view: checks("derivations", sv.DERIVATIONS),
        "discrepancies": lambda view: checks("discrepancies", sv.DISCREPANCIES),
        "validation": validation,
        "licences": licences,
    },
)
