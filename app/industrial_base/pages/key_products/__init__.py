"""Key products (106): the headline figure, the strong-base programme timeline and the article's examples."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from typing import Any

import pandas as pd

from industrial_base import figures
from industrial_base.facts.key_products import FORUM_ITEM, HEADLINE_ITEM, item
from industrial_base.i18n import Messages
from industrial_base.palette import BASIS_COLOURS
from industrial_base.registry import Card, Chart, Commentary, Datasets, Page, Prepared, View, md
from industrial_base.sectors import sector_names
from industrial_base.transforms import filter_sectors, given

DEFINITION_MARK = "definition"
UNSOURCED = "unsourced"
"""How `confidence_note` starts on a row whose source was never found (docs/data-conventions.md)."""
TIMELINE_PROGRAMMES = ("工业强基", "一条龙", "产业基础再造")
YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
BY_YEAR = re.compile(r"^by (\d{4})$", re.IGNORECASE)
DATED_PART = re.compile(r"^\s*(\d{4}(?:-\d{2}){0,2})\s+(.+?)\s*$")
URL = re.compile(r"https?://[^\s;,)]+")
LABEL_WIDTH = 34
"""Label width in Latin characters; a Chinese character counts as two."""
NUMERIC_TEXT = re.compile(r"^[<>~≈]?\s*[\d.,]+(\s*/\s*[\d.,]+)*\+?$")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$])")

KIND_SYMBOLS = {
    "milestone": "square",
    "figure": "circle",
    "target": "diamond-open",
    "qualitative": "circle-open",
}


EXAMPLE_GROUPS = {
    "beidou": ("beidou-20000",),
    "cnc": ("cnc-systems",),
    "battery": ("nev-batteries",),
    "motor": ("drive-motors",),
}
"""The article's four examples in its order, by key (also the keyword of `example_from_article` that matches
their rows; their words are under `key_products.examples.<key>`), with the claims (data/claims.csv) each
one's commentary discusses: their verdicts show as badges."""


def escape_md(text: object) -> str:
    """Published text shown verbatim in markdown (">20000" would otherwise start a quote, "$" LaTeX)."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def _text(value: Any, missing: str = "") -> str:
    return str(value) if given(value) else missing


# --- words for values the data holds as ids ---


def confidence_label(m: Messages, value: Any) -> str:
    """A confidence rating in the reader's language ("high" / "高"); unknown ratings as recorded."""
    return m.label("ui.confidence", value if given(value) else "not rated")


def basis_label(m: Messages, value: Any) -> str:
    return m.label("ui.basis", value if given(value) else "not recorded")


def status_label(m: Messages, value: Any) -> str:
    key = str(value).strip().lower() if given(value) else ""
    return m.label("ui.status", key, str(value) if given(value) else "")


def unit_label(m: Messages, unit: Any) -> str:
    """A unit of the data in the reader's language ("projects" -> "项"); units not listed as recorded."""
    return m.label("key_products.units", unit if given(unit) else "")


def with_unit(m: Messages, value: str, unit: Any) -> str:
    """A value as published followed by its unit in the reader's convention ("70%", "331 projects")."""
    if not given(unit):
        return value
    if str(unit) == "%":
        return f"{value}%"
    return m("key_products.labels.value_unit", value=value, unit=unit_label(m, unit))


# --- the headline figure and the foundations ---


def headline_text(m: Messages, programme: pd.DataFrame) -> dict[str, Any]:
    """The 106 figure and who gave it, for the text and the metric: ratings, basis, forum name and date in
    the reader's language."""
    row, forum = item(programme, HEADLINE_ITEM), item(programme, FORUM_ITEM)
    missing = m("key_products.missing.publisher")
    return {
        "value": int(row["value"]),
        "unit": _text(row["unit"]),
        "publisher": _text(row["publisher"], missing),
        "url": _text(row["source_url"]),
        "confidence": confidence_label(m, row["confidence"]),
        "confidence_note": _text(row["confidence_note"]),
        "basis": basis_label(m, row["basis"]),
        "forum": m.data_name(_text(forum["programme"])),
        "forum_date": m.date(_text(forum["value_text"])),
        "forum_date_publisher": _text(forum["publisher"], missing),
        "forum_date_url": _text(forum["source_url"]),
        "forum_date_confidence": confidence_label(m, forum["confidence"]),
    }


def foundations_text(m: Messages, programme: pd.DataFrame) -> dict[str, Any]:
    """The 'four bases' as defined in the sourced row (in bold, named in the reader's language), their
    source, and where the fifth (software) is attested."""
    row = programme[programme["item"].str.contains(DEFINITION_MARK, case=False, na=False)].iloc[0]
    bases = [part.strip() for part in str(row["value_text"]).split(";") if part.strip()]
    software = URL.search(_text(row["note"]))
    return {
        "bases_list": m.separator().join(f"**{m.data_name(base)}**" for base in bases),
        "count": len(bases),
        "publisher": _text(row["publisher"], m("key_products.missing.publisher")),
        "url": _text(row["source_url"]),
        "year": m.date(row["year_or_period"])
        if given(row["year_or_period"])
        else m("key_products.missing.year"),
        "confidence": confidence_label(m, row["confidence"]),
        "software_url": software.group(0) if software else "",
    }


# --- the programme timeline ---


def _plotly_text(text: str) -> str:
    """Plotly labels are pseudo-HTML: keep published '<55' or '>90' literal."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _wrap(text: str, width: int = LABEL_WIDTH, lines: int = 2) -> list[str]:
    wide = bool(figures.WIDE.search(text))
    wrapped = figures.wrap_lines(text, width)
    if len(wrapped) > lines:
        if wide:
            rest = wrapped[lines - 1]
            for part in wrapped[lines:]:
                rest = figures.join_wrapped(rest, part)
            last = figures.wrap_lines(rest, width - 2)[0] + " …"
        else:
            rest = " ".join(wrapped[lines - 1 :])
            last = textwrap.shorten(rest, width, placeholder=" …")
        wrapped = [*wrapped[: lines - 1], last]
    return [_plotly_text(line) for line in wrapped]


def _label(m: Messages, value_text: str, unit: str, item: str, kind: str, when: str) -> str:
    """Marker label: the value as published in bold (with its unit), then what it counts, wrapped."""
    if kind == "milestone":
        return f"<b>{_plotly_text(when)}</b><br>" + "<br>".join(_wrap(value_text))
    shown = value_text
    if unit and NUMERIC_TEXT.match(value_text):
        shown = with_unit(m, value_text, unit)
    if kind == "target":
        shown = m("key_products.timeline.target", value=shown)
    head = _wrap(shown, width=LABEL_WIDTH + 6, lines=1)
    return "<br>".join([f"<b>{line}</b>" for line in head] + _wrap(item))


def _marks(m: Messages, event: Mapping[str, Any]) -> dict[str, str]:
    """An event's marker in the reader's language: its label (marked when unsourced), symbol and hover. Its
    time as the reader writes it ("by 2025" as a target year); a document's title in the reader's language,
    "qualitative" as a status."""
    target = BY_YEAR.match(event["when"].strip())
    when = m("key_products.timeline.by_year", year=target.group(1)) if target else m.date(event["when"])
    value = event["value_text"]
    if event["kind"] == "milestone":
        value = m.data_name(value)
    elif event["kind"] == "qualitative" and value.strip().lower() == "qualitative":
        value = status_label(m, "qualitative only")
    label = _label(m, value, event["unit"], event["name"], event["kind"], when)
    publisher = event["publisher"] or m("key_products.missing.publisher")
    if event["unsourced"]:
        label += f"<br><i>{_plotly_text(m('key_products.timeline.unsourced_mark'))}</i>"
        publisher = m("key_products.timeline.unsourced")
    hover = [
        m("key_products.timeline.hover_value", when=when, value=with_unit(m, value, event["unit"])),
        m(
            "key_products.timeline.hover_source",
            publisher=publisher,
            confidence=confidence_label(m, event["confidence"]),
        ),
    ]
    return {
        "label": label,
        "symbol": KIND_SYMBOLS[event["kind"]],
        "hover": "<br>".join(map(_plotly_text, hover)),
    }


def timeline_events(m: Messages, programme: pd.DataFrame) -> pd.DataFrame:
    """One row per dated event of the strong-base / chain-advancement work, in time order.

    A row whose text lists several dated documents ("2014 …; 2015-05 …") becomes one event per document; a
    period "by 2025" is a target. Years come from the text of each row; nothing is added. The `event`,
    `when`, `value_text` and `unit` columns keep the data's text; `label` and `hover` are in the reader's
    language.
    """
    pattern = "|".join(TIMELINE_PROGRAMMES)
    chosen = programme[
        programme["programme"].str.contains(pattern, na=False)
        & ~programme["item"].str.contains(DEFINITION_MARK, case=False, na=False)
    ]
    events: list[dict[str, Any]] = []
    for _, row in chosen.iterrows():
        provenance = {
            "basis": _text(row["basis"], "not recorded"),
            "confidence": _text(row["confidence"]),
            "publisher": _text(row["publisher"]),
            "source_url": row["source_url"] if given(row["source_url"]) else None,
            "unsourced": _text(row["confidence_note"]).startswith(UNSOURCED),
        }
        value_text = _text(row["value_text"])
        parts = [p for p in value_text.split(";") if p.strip()]
        dated = [match.groups() for p in parts if (match := DATED_PART.match(p))]
        period = _text(row["year_or_period"])
        year = YEAR.search(period)
        if len(parts) > 1 and len(dated) == len(parts):
            found = [
                {
                    "year": int(date[:4]),
                    "when": date,
                    "kind": "milestone",
                    "event": title,
                    "value_text": title,
                    "unit": "",
                    "name": m.data_name(title),
                }
                for date, title in dated
            ]
        elif year is not None:
            kind = "target" if period.lower().startswith("by ") else "figure"
            found = [
                {
                    "year": int(year.group(1)),
                    "when": period,
                    "kind": "qualitative"
                    if kind == "figure" and _text(row["status"]) == "qualitative only"
                    else kind,
                    "event": str(row["item"]).replace('"', "'"),
                    "value_text": value_text,
                    "unit": _text(row["unit"]),
                    "name": m.data_name(row["item"]).replace('"', "'"),
                }
            ]
        else:
            continue
        events.extend({**event, **provenance} for event in found)
    events = [{**event, **_marks(m, event)} for event in events]
    frame = pd.DataFrame(events)
    return frame if frame.empty else frame.sort_values(["year", "kind"], kind="stable").reset_index(drop=True)


def timeline_table(events: pd.DataFrame) -> pd.DataFrame:
    """The events as shown, without the plotting columns (text as in the data)."""
    return events.drop(columns=["name", "label", "symbol", "hover"])


def timeline_numbers(events: pd.DataFrame) -> dict[str, Any]:
    targets = events[events["kind"] == "target"]
    return {
        "first_year": int(events["year"].min()),
        "last_year": int(events["year"].max()),
        "events": len(events),
        "targets": len(targets),
        "target_year": int(targets["year"].max()) if len(targets) else None,
    }


# --- the article's examples ---


def group_examples(examples: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The example rows by the article's example they bear on, in the article's order; unmatched rows last
    (under `other`)."""
    name = examples["example_from_article"].str.lower()
    taken = pd.Series(False, index=examples.index)
    groups: dict[str, pd.DataFrame] = {}
    for key in EXAMPLE_GROUPS:
        match = name.str.contains(key, regex=False) & ~taken
        taken |= match
        if match.any():
            groups[key] = examples[match]
    if (~taken).any():
        groups["other"] = examples[~taken]
    return groups


def example_numbers(m: Messages, examples: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Every example row as a dict under its id without the dash ('ex-01' -> 'ex01'), for the commentary.

    Numbers stay numbers; ratings, basis, status, unit and ISO years are in the reader's language."""
    out: dict[str, dict[str, Any]] = {}
    for _, row in examples.iterrows():
        values = {k: (v if given(v) else "") for k, v in row.items()}
        values["confidence"] = confidence_label(m, row["confidence"])
        values["basis"] = basis_label(m, row["basis"])
        values["status"] = status_label(m, row["status"])
        values["unit"] = unit_label(m, row["unit"])
        values["year"] = m.date(row["year"]) if given(row["year"]) else ""
        out[str(row["example_id"]).replace("-", "")] = values
    return out


def metric_markdown(m: Messages, row: pd.Series) -> str:
    """One metric as markdown: what, the value as published, the year, confidence, basis and source link."""
    metric = escape_md(m.data_name(row["metric"]))
    note = escape_md(_text(row["note"]))
    if _text(row["status"]).strip().lower() in {"not found", "not published"}:
        status = status_label(m, row["status"])
        badge = status[:1].upper() + status[1:]
        return f":orange-badge[{badge}] **{metric}**" + (
            m.entry("key_products.labels.colon") + note if note else ""
        )
    value = escape_md(_text(row["value_text"]))
    unit = escape_md(unit_label(m, row["unit"])) if given(row["unit"]) else ""
    year = escape_md(m.date(row["year"])) if given(row["year"]) else m("key_products.missing.year")
    confidence = _text(row["confidence"], "not rated")
    publisher = escape_md(_text(row["publisher"])) or m("key_products.missing.publisher")
    source = (
        f"[{publisher}]({row['source_url']})"
        if given(row["source_url"])
        else m("key_products.examples.no_link", publisher=publisher)
    )
    badge_colour = {"high": "green", "medium-high": "green", "medium": "blue", "low-medium": "orange"}.get(
        confidence, "red"
    )
    shown = (
        m("key_products.labels.value_unit", value=value, unit=unit) if unit and unit != "%" else value + unit
    )
    rating = m("key_products.examples.confidence", confidence=escape_md(confidence_label(m, confidence)))
    lines = [
        f"**{metric}**",
        f"{shown} · {year}".strip(),
        f":{badge_colour}-badge[{rating}] :gray-badge[{escape_md(basis_label(m, row['basis']))}] · {source}",
    ]
    if note:
        lines.append(f"*{note}*")
    return "  \n".join(lines)


def sectors_of(frame: pd.DataFrame) -> list[str]:
    return sorted({str(s) for s in frame["sector_id"].dropna()})


def hidden_groups(
    m: Messages, every: Mapping[str, pd.DataFrame], shown: Mapping[str, pd.DataFrame]
) -> list[str]:
    """Titles of examples that the sector filter hides entirely."""
    return [m(f"key_products.examples.{key}.title") for key in every if key not in shown]


PROGRAMME_ITEMS = {
    "projects_2017": "key projects supported in one year",
    "round_2017": "一条龙 2017 demonstration enterprises / projects",
    "dragons_2019": "一条龙 2019 dragons",
    "target_parts": "MIC2025 target: self-sufficiency of core basic parts & key basic materials",
    "target_processes": "MIC2025 target: landmark advanced basic processes promoted",
}


def programme_numbers(m: Messages, programme: pd.DataFrame) -> dict[str, Any]:
    """The programme figures the commentary quotes, each as published (value if numeric, else its text)."""
    out: dict[str, Any] = {}
    for key, name in PROGRAMME_ITEMS.items():
        row = item(programme, name)
        value = row["value"]
        out[key] = f"{float(value):g}" if given(value) else _text(row["value_text"])
    target = item(programme, PROGRAMME_ITEMS["target_parts"])
    year = YEAR.search(_text(target["year_or_period"]))
    out["target_year"] = year.group(1) if year else m("key_products.missing.target_year")
    return out


# --- what the page shows ---------------------------------------------------------------------------------


def known(m: Messages, data: Datasets) -> dict[str, str]:
    """The headline figure's words: the metric's `value` and `help`, the paragraphs `intro` and
    `not_published` (markdown)."""
    numbers = headline_text(m, data["key_products_programme"])
    return {
        "value": f"{numbers['value']:,}",
        "help": md(m("key_products.known.metric_help", **numbers)),
        "intro": md(m("key_products.known.intro", **numbers)),
        "not_published": md(m("key_products.known.not_published", **numbers)),
    }


def foundations_paragraph(m: Messages, data: Datasets) -> str:
    programme = data["key_products_programme"]
    found = foundations_text(m, programme)
    return md(m("key_products.foundations.text", value=int(item(programme, HEADLINE_ITEM)["value"]), **found))


def timeline_card(m: Messages, data: Datasets) -> Card:
    programme = data["key_products_programme"]
    events = timeline_events(m, programme)
    numbers = {**timeline_numbers(events), **programme_numbers(m, programme)}
    value = int(item(programme, HEADLINE_ITEM)["value"])
    shown = timeline_table(events)
    missing = int(shown["source_url"].isna().sum())
    footnote = m("key_products.timeline.footnote")
    if missing:
        footnote += m.entry("key_products.labels.sentence_separator") + m(
            "key_products.timeline.missing_urls", missing_urls=missing
        )
    return Card(
        title=m("key_products.timeline.title"),
        figure=figures.timeline(
            events,
            x="year",
            label="label",
            group="basis",
            colours=BASIS_COLOURS,
            names=m.labels("key_products.timeline.legend"),
            symbol="symbol",
            hover="hover",
        ),
        displayed=shown,
        takeaway=m("key_products.timeline.takeaway", **numbers),
        commentary=Commentary(
            claim=m("key_products.timeline.claim", value=value),
            finding=m("key_products.timeline.finding", value=value, **numbers),
            claims=("key-products-106", "chain-advancement"),
        ),
        footnote=footnote,
    )


def examples_section(m: Messages, data: Datasets, sectors: tuple[str, ...]) -> dict[str, Any]:
    """The examples section for the chosen sectors: its `intro`, the rows `shown`, and either the notice
    `all_hidden` when the sector filter hides every example (then nothing else is drawn), or the `blocks`
    (each example as drawn: its `key`, its `heading` with sector badges, its `metrics` in markdown and our
    `commentary`) with a note of the examples the filter hides (`some_hidden`)."""
    examples = data["key_products_examples"]
    value = int(item(data["key_products_programme"], HEADLINE_ITEM)["value"])
    intro = m("key_products.examples.intro", value=value)
    numbers = example_numbers(m, examples)
    shown = filter_sectors(examples, sectors)
    groups = group_examples(shown)
    labels = sector_names(m, data["sectors"])
    if not groups:
        names = m.separator().join(labels.get(s, s) for s in sectors_of(examples))
        return {
            "intro": intro,
            "shown": shown,
            "all_hidden": m("key_products.examples.all_hidden", sectors=names),
        }
    hidden = hidden_groups(m, group_examples(examples), groups)
    some_hidden = None
    if hidden:
        some_hidden = m("key_products.examples.some_hidden", titles=m.separator("items").join(hidden))
    blocks = tuple(
        {
            "key": key,
            "heading": f"**{md(m(f'key_products.examples.{key}.title'))}**  \n"
            + " ".join(f":gray-badge[{labels.get(s, s)}]" for s in sectors_of(rows)),
            "metrics": tuple(metric_markdown(m, row) for _, row in rows.iterrows()),
            "commentary": Commentary(
                claim=m(f"key_products.examples.{key}.claim", **numbers),
                finding=m(f"key_products.examples.{key}.finding", **numbers),
                claims=EXAMPLE_GROUPS.get(key, ()),
            ),
        }
        for key, rows in groups.items()
    )
    return {"intro": intro, "shown": shown, "blocks": blocks, "some_hidden": some_hidden}


def caption(m: Messages, data: Datasets) -> str:
    return m("key_products.page.caption", **headline_text(m, data["key_products_programme"]))


KNOWN = Prepared(reads=("key_products_programme",), build=known)
FOUNDATIONS = Prepared(reads=("key_products_programme",), build=foundations_paragraph)
EXAMPLES = Prepared(
    reads=("key_products_examples", "key_products_programme", "sectors"),
    build=examples_section,
    by_sector=True,
)
PAGE = Page(
    "key_products",
    ":material/precision_manufacturing:",
    url_path="key-products",
    caption=Prepared(reads=("key_products_programme",), build=caption),
    views=(
        View("programme", parts=(KNOWN, FOUNDATIONS), by_sector=False),
        View("timeline", Chart(reads=("key_products_programme",), build=timeline_card)),
        View("examples", parts=(EXAMPLES,), by_sector=True, heading=True),
    ),
)
"""What is known (a metric, paragraphs) and the examples' blocks are drawn by the page; the timeline is a
chart on its own, so it is in view when chosen."""
