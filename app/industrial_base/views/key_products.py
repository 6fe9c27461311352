"""Key products (106): the headline figure, the strong-base programme timeline and the article's examples."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from industrial_base import figures
from industrial_base.palette import BASIS_COLOURS
from industrial_base.transforms import given

HEADLINE_ITEM = "key products achieving technological breakthroughs"
FORUM_ITEM = "forum date"
DEFINITION_MARK = "definition"
TIMELINE_PROGRAMMES = ("工业强基", "一条龙", "产业基础再造")
YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
DATED_PART = re.compile(r"^\s*(\d{4}(?:-\d{2}){0,2})\s+(.+?)\s*$")
URL = re.compile(r"https?://[^\s;,)]+")
LABEL_WIDTH = 34
NUMERIC_TEXT = re.compile(r"^[<>~≈]?\s*[\d.,]+(\s*/\s*[\d.,]+)*\+?$")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$])")

KIND_SYMBOLS = {
    "milestone": "square",
    "figure": "circle",
    "target": "diamond-open",
    "qualitative": "circle-open",
}
BASIS_NAMES = {
    "official": "Official (MIIT or a government document)",
    "reported": "Official figure known from a secondary report",
    "claim": "Claim in the seed article",
    "third-party": "Third party (speech, vendor, analyst)",
    "derived": "Derived",
}


@dataclass(frozen=True)
class ExampleGroup:
    """One of the article's named examples, with the rows (metrics) that bear on it."""

    key: str
    title: str
    rows: pd.DataFrame


# The article's four examples, matched to rows by a keyword of `example_from_article`.
EXAMPLE_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("beidou", "Beidou farm-machinery navigation terminals", "beidou"),
    ("cnc", "Advanced CNC systems", "cnc"),
    ("battery", "NEV power batteries", "battery"),
    ("motor", "Drive motors for NEVs", "motor"),
)


def escape_md(text: object) -> str:
    """Published text shown verbatim in markdown (">20000" would otherwise start a quote, "$" LaTeX)."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def first_url(text: object) -> str | None:
    found = URL.search(str(text)) if isinstance(text, str) else None
    return found.group(0) if found else None


def _row(frame: pd.DataFrame, column: str, value: str) -> pd.Series:
    rows = frame[frame[column] == value]
    if rows.empty:
        raise KeyError(f"no row with {column} = {value!r}")
    return rows.iloc[0]


def _text(value: Any, missing: str = "not recorded") -> str:
    return str(value) if given(value) else missing


def headline(programme: pd.DataFrame) -> dict[str, Any]:
    """The 106 figure and who gave it, for the text and the metric (numbers as the data has them)."""
    row = _row(programme, "item", HEADLINE_ITEM)
    forum = _row(programme, "item", FORUM_ITEM)
    return {
        "value": int(row["value"]),
        "unit": _text(row["unit"], ""),
        "publisher": _text(row["publisher"]),
        "url": _text(row["source_url"], ""),
        "confidence": _text(row["confidence"]),
        "confidence_note": _text(row["confidence_note"], ""),
        "basis": _text(row["basis"]),
        "period": _text(row["year_or_period"]),
        "note": _text(row["note"], ""),
        "forum": _text(forum["programme"]),
        "forum_date": _text(forum["value_text"]),
        "forum_date_publisher": _text(forum["publisher"]),
        "forum_date_url": _text(forum["source_url"], ""),
        "forum_date_confidence": _text(forum["confidence"]),
    }


def foundations(programme: pd.DataFrame) -> dict[str, Any]:
    """The 'four bases' as defined in the sourced row, and where the fifth (software) is attested."""
    row = programme[programme["item"].str.contains(DEFINITION_MARK, case=False, na=False)].iloc[0]
    bases = [part.strip() for part in str(row["value_text"]).split(";") if part.strip()]
    return {
        "bases": bases,
        "count": len(bases),
        "publisher": _text(row["publisher"]),
        "url": _text(row["source_url"], ""),
        "year": _text(row["year_or_period"]),
        "confidence": _text(row["confidence"]),
        "software_url": first_url(row["note"]) or "",
    }


def _plotly_text(text: str) -> str:
    """Plotly labels are pseudo-HTML: keep published '<55' or '>90' literal."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _wrap(text: str, width: int = LABEL_WIDTH, lines: int = 2) -> list[str]:
    wrapped = textwrap.wrap(text, width)
    if len(wrapped) > lines:
        wrapped = [
            *wrapped[: lines - 1],
            textwrap.shorten(" ".join(wrapped[lines - 1 :]), width, placeholder=" …"),
        ]
    return [_plotly_text(line) for line in wrapped]


def _label(value_text: str, unit: str, item: str, kind: str, when: str) -> str:
    """Marker label: the value as published in bold (with its unit), then what it counts, wrapped."""
    if kind == "milestone":
        return f"<b>{_plotly_text(when)}</b><br>" + "<br>".join(_wrap(value_text))
    shown = value_text
    if unit and NUMERIC_TEXT.match(value_text):
        shown = f"{value_text}{unit}" if unit == "%" else f"{value_text} {unit}"
    if kind == "target":
        shown = f"Target: {shown}"
    head = _wrap(shown, width=LABEL_WIDTH + 6, lines=1)
    return "<br>".join([f"<b>{line}</b>" for line in head] + _wrap(item))


def timeline_events(programme: pd.DataFrame) -> pd.DataFrame:
    """One row per dated event of the strong-base / chain-advancement work, in time order.

    A row whose text lists several dated documents ("2014 …; 2015-05 …") becomes one event per document; a
    period "by 2025" is a target. Years come from the text of each row; nothing is added.
    """
    pattern = "|".join(TIMELINE_PROGRAMMES)
    chosen = programme[
        programme["programme"].str.contains(pattern, na=False)
        & ~programme["item"].str.contains(DEFINITION_MARK, case=False, na=False)
    ]
    events: list[dict[str, Any]] = []
    for _, row in chosen.iterrows():
        provenance = {
            "basis": _text(row["basis"]),
            "confidence": _text(row["confidence"], ""),
            "publisher": _text(row["publisher"], ""),
            "source_url": row["source_url"] if given(row["source_url"]) else None,
            "programme": row["programme"],
        }
        value_text = _text(row["value_text"], "")
        parts = [p for p in value_text.split(";") if p.strip()]
        dated = [DATED_PART.match(p) for p in parts]
        if len(parts) > 1 and all(dated):
            for match in dated:
                assert match is not None
                date, title = match.group(1), match.group(2)
                events.append(
                    {
                        "year": int(date[:4]),
                        "when": date,
                        "event": title,
                        "value_text": title,
                        "unit": "",
                        "kind": "milestone",
                        **provenance,
                    }
                )
            continue
        period = _text(row["year_or_period"], "")
        year = YEAR.search(period)
        if year is None:
            continue
        status = _text(row["status"], "")
        kind = (
            "target"
            if period.lower().startswith("by ")
            else "qualitative"
            if status == "qualitative only"
            else "figure"
        )
        events.append(
            {
                "year": int(year.group(1)),
                "when": period,
                "event": str(row["item"]).replace('"', "'"),
                "value_text": value_text,
                "unit": _text(row["unit"], ""),
                "kind": kind,
                **provenance,
            }
        )
    frame = pd.DataFrame(events)
    if frame.empty:
        return frame
    frame = frame.sort_values(["year", "kind"], kind="stable").reset_index(drop=True)
    frame["label"] = [
        _label(v, u, e, k, w)
        for v, u, e, k, w in zip(
            frame["value_text"], frame["unit"], frame["event"], frame["kind"], frame["when"], strict=True
        )
    ]
    frame["symbol"] = frame["kind"].map(KIND_SYMBOLS)
    frame["hover"] = [
        _plotly_text(f"{w}: {v} {u}".replace("  ", " "))
        + f"<br>{_plotly_text(p or 'source not named')} · confidence {c or 'not rated'}"
        for w, v, u, p, c in zip(
            frame["when"],
            frame["value_text"],
            frame["unit"],
            frame["publisher"],
            frame["confidence"],
            strict=True,
        )
    ]
    return frame


def timeline_table(events: pd.DataFrame) -> pd.DataFrame:
    """The events as shown, without the plotting columns."""
    return events[
        [
            "year",
            "when",
            "kind",
            "event",
            "value_text",
            "unit",
            "basis",
            "confidence",
            "publisher",
            "source_url",
        ]
    ]


def timeline_figure(events: pd.DataFrame) -> go.Figure:
    return figures.timeline(
        events,
        x="year",
        label="label",
        group="basis",
        colours=BASIS_COLOURS,
        names=BASIS_NAMES,
        symbol="symbol",
        hover="hover",
    )


def timeline_numbers(events: pd.DataFrame) -> dict[str, Any]:
    targets = events[events["kind"] == "target"]
    return {
        "first_year": int(events["year"].min()),
        "last_year": int(events["year"].max()),
        "events": len(events),
        "targets": len(targets),
        "target_year": int(targets["year"].max()) if len(targets) else None,
    }


def group_examples(examples: pd.DataFrame) -> list[ExampleGroup]:
    """The example rows grouped by the article's examples, in the article's order; unmatched rows last."""
    name = examples["example_from_article"].str.lower()
    taken = pd.Series(False, index=examples.index)
    groups: list[ExampleGroup] = []
    for key, title, keyword in EXAMPLE_GROUPS:
        match = name.str.contains(keyword, regex=False) & ~taken
        taken |= match
        if match.any():
            groups.append(ExampleGroup(key, title, examples[match]))
    if (~taken).any():
        groups.append(ExampleGroup("other", "Other examples", examples[~taken]))
    return groups


def example_numbers(examples: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Every example row as a dict under its id without the dash ('ex-01' -> 'ex01'), for the commentary."""
    out: dict[str, dict[str, Any]] = {}
    for _, row in examples.iterrows():
        out[str(row["example_id"]).replace("-", "")] = {k: (v if given(v) else "") for k, v in row.items()}
    return out


def is_not_found(row: Mapping[str, Any] | pd.Series) -> bool:
    status = row.get("status")
    return isinstance(status, str) and status.strip().lower() in {"not found", "not published"}


def metric_markdown(row: pd.Series) -> str:
    """One metric as markdown: what, the value as published, the year, confidence, basis and source link."""
    metric = escape_md(row["metric"])
    if is_not_found(row):
        why = escape_md(row["note"]) if isinstance(row["note"], str) else ""
        return f":orange-badge[{str(row['status']).capitalize()}] **{metric}**" + (f": {why}" if why else "")
    value = escape_md(row["value_text"]) if isinstance(row["value_text"], str) else ""
    unit = escape_md(row["unit"]) if isinstance(row["unit"], str) else ""
    year = escape_md(row["year"]) if isinstance(row["year"], str) else "year not stated"
    confidence = row["confidence"] if isinstance(row["confidence"], str) else "not rated"
    publisher = escape_md(row["publisher"]) if isinstance(row["publisher"], str) else "source not named"
    url = row["source_url"] if isinstance(row["source_url"], str) else None
    source = f"[{publisher}]({url})" if url else f"{publisher} (no link recorded)"
    badge_colour = {"high": "green", "medium-high": "green", "medium": "blue", "low-medium": "orange"}.get(
        confidence, "red"
    )
    basis = escape_md(row["basis"]) if isinstance(row["basis"], str) else "basis not recorded"
    lines = [
        f"**{metric}**",
        f"{value}{unit if unit == '%' else ' ' + unit} · {year}".strip(),
        f":{badge_colour}-badge[confidence: {escape_md(confidence)}] :gray-badge[{basis}] · {source}",
    ]
    if isinstance(row["note"], str) and row["note"].strip():
        lines.append(f"*{escape_md(row['note'])}*")
    return "  \n".join(lines)


def sectors_of(frame: pd.DataFrame) -> list[str]:
    return sorted({str(s) for s in frame["sector_id"].dropna()})


def hidden_groups(all_groups: Iterable[ExampleGroup], shown: Iterable[ExampleGroup]) -> list[str]:
    """Titles of examples that the sector filter hides entirely."""
    visible = {g.key for g in shown}
    return [g.title for g in all_groups if g.key not in visible]


PROGRAMME_ITEMS = {
    "projects_2017": "key projects supported in one year",
    "round_2017": "一条龙 2017 demonstration enterprises / projects",
    "dragons_2019": "一条龙 2019 dragons",
    "target_parts": "MIC2025 target: self-sufficiency of core basic parts & key basic materials",
    "target_processes": "MIC2025 target: landmark advanced basic processes promoted",
}


def programme_numbers(programme: pd.DataFrame) -> dict[str, Any]:
    """The programme figures the commentary quotes, each as published (value if numeric, else its text)."""
    out: dict[str, Any] = {}
    for key, item in PROGRAMME_ITEMS.items():
        row = _row(programme, "item", item)
        value = row["value"]
        out[key] = f"{float(value):g}" if given(value) else _text(row["value_text"])
    target = _row(programme, "item", PROGRAMME_ITEMS["target_parts"])
    year = YEAR.search(_text(target["year_or_period"], ""))
    out["target_year"] = year.group(1) if year else "the target year"
    return out
