"""Fact check: the verdicts and their evidence in the reader's words, the verdict chart and its takeaway.

The checks themselves (`industrial_base.factcheck`) hold no words; this is where their `Text`, `Name`, `Term`
and `When` are written in one language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from industrial_base import figures
from industrial_base.factcheck import (
    VERDICT_READS,
    Evidence,
    Listed,
    Name,
    Term,
    Text,
    Verdict,
    When,
    results,
)
from industrial_base.i18n import Messages
from industrial_base.package import DatasetUnavailable
from industrial_base.registry import Card, Chart, Control, Datasets, Kind, Page, Prepared, View, md

VERDICT_COLOURS = {
    Verdict.MATCHES: "green",
    Verdict.DIFFERS: "red",
    Verdict.PARTLY: "orange",
    Verdict.UNVERIFIABLE: "gray",
    Verdict.OPINION: "violet",
}
"""Streamlit badge colours."""
VERDICT_HEX = {
    Verdict.MATCHES: "#009E73",
    Verdict.DIFFERS: "#D55E00",
    Verdict.PARTLY: "#E69F00",
    Verdict.UNVERIFIABLE: "#999999",
    Verdict.OPINION: "#CC79A7",
}
"""Bar colours of the verdict chart (Okabe–Ito, matching the badges)."""


def say(m: Messages, words: Any) -> Any:
    """`Text`, `Name`, `Term`, `When` and `Listed` in the reader's language; numbers and data text unchanged
    (so that format specs such as `{value:g}` still apply to them)."""
    if isinstance(words, Listed):
        return m.join(str(say(m, item)) for item in words.items)
    if isinstance(words, Text):
        return m(f"fact_check.evidence.{words.key}", **{k: say(m, v) for k, v in words.values.items()})
    if isinstance(words, Name):
        return m.data_name(words.english)
    if isinstance(words, Term):
        return m.label(words.table, words.code)
    if isinstance(words, When):
        return m.date(words.value)
    return words


UNAVAILABLE = "unavailable"
"""Verdict id of a claim whose data failed validation (no check could run)."""


def verdict_label(m: Messages, verdict: str) -> str:
    """The long name of a verdict id ("matches" -> "Matches the sources"), or the unavailable label."""
    if verdict == UNAVAILABLE:
        return m("fact_check.table.unavailable")
    return m(f"ui.verdicts.long.{verdict}")


def evidence_table(m: Messages, evidence: Evidence) -> pd.DataFrame:
    """The values compared, one row each: label and value in the reader's language, then the source."""
    basis, confidence = m.entry("ui.basis"), m.entry("ui.confidence")
    rows = [
        {
            "figure": str(say(m, f.label)),
            "value": str(say(m, f.value)),
            "source_url": f.source_url,
            "publisher": f.publisher,
            "confidence": confidence.get(f.confidence, f.confidence) if f.confidence else None,
            "basis": basis.get(f.basis, f.basis) if f.basis else None,
        }
        for f in evidence.values
    ]
    return pd.DataFrame(rows, columns=["figure", "value", "source_url", "publisher", "confidence", "basis"])


def verdict_counts(m: Messages, verdicts: Sequence[str]) -> pd.DataFrame:
    """Claims per verdict, every verdict in order (zero where none): `verdict` id, `label`, `claims`."""
    ids = [v.value for v in Verdict]
    counts = pd.Series(list(verdicts), dtype="object").value_counts().reindex(ids, fill_value=0)
    labels = [verdict_label(m, v) for v in ids]
    return pd.DataFrame({"verdict": ids, "label": labels, "claims": counts.astype(int).to_numpy()})


def verdict_figure(m: Messages, counts: pd.DataFrame) -> go.Figure:
    """Horizontal bars: claims per verdict, in the verdict colours."""
    return figures.bars(
        counts,
        category="label",
        value="claims",
        colours=[VERDICT_HEX[Verdict(v)] for v in counts["verdict"]],
        value_title=m("fact_check.chart.value_title"),
        hover_unit=m("fact_check.chart.hover_unit"),
    )


def takeaway(m: Messages, counts: pd.DataFrame, shown: int) -> str:
    """'17 claims shown: 5 matches the sources, …' — only the verdicts that occur."""
    parts = [
        m(f"fact_check.chart.verdict_counts.{v}", n=int(n))
        for v, n in zip(counts["verdict"], counts["claims"], strict=True)
        if n
    ]
    if not shown:
        return m("fact_check.chart.takeaway_empty")
    if not parts:  # every claim shown lost its data to validation
        return m("fact_check.chart.takeaway_none", count=shown)
    return m(
        "fact_check.chart.takeaway",
        count=shown,
        breakdown=str(m.entry("fact_check.chart.separator")).join(parts),
    )


# --- what the page shows ---------------------------------------------------------------------------------


def text_columns(m: Messages) -> tuple[str, str]:
    """The claim and the article's value in `m`'s language (the table's columns)."""
    return ("claim_zh", "article_value_text_zh") if m.is_chinese else ("claim_en", "article_value_text")


@dataclass(frozen=True)
class ClaimBlock:
    """One claim's block as drawn: an error card (`error`) or its words and evidence table."""

    key: str
    title: str
    error: DatasetUnavailable | None
    text: str
    """Markdown: the verdict badge, the claim, the article's value, page and tolerance (small, grey) and
    our reason, as one block (one element per claim instead of four: the page lists every claim)."""
    evidence: pd.DataFrame | None


@dataclass(frozen=True)
class Claims:
    """The claims in one language: the table (reader's-language text, verdict id, name and reason) and each
    claim's block by the table's index."""

    table: pd.DataFrame
    blocks: dict[object, ClaimBlock]


def claims_frame(m: Messages, claims: pd.DataFrame, results: dict[str, Any]) -> pd.DataFrame:
    """The claims with the reader's-language text, each claim's verdict id, verdict name and reason."""
    claim_column, value_column = text_columns(m)
    found = [results.get(c) for c in claims["claim_id"]]
    claims[claim_column] = m.names(claims["claim_en"], claims["claim_zh"])
    claims[value_column] = m.names(claims["article_value_text"], claims["article_value_text_zh"])
    claims["verdict_id"] = [r.verdict.value if isinstance(r, Evidence) else UNAVAILABLE for r in found]
    claims["verdict"] = [verdict_label(m, v) for v in claims["verdict_id"]]
    claims["reason"] = [say(m, r.reason) if isinstance(r, Evidence) else "" for r in found]
    return claims


def claim_block(m: Messages, claim: pd.Series, result: Evidence | DatasetUnavailable | None) -> ClaimBlock:
    claim_column, value_column = text_columns(m)
    title, page = str(claim[claim_column]), str(claim["page"])
    nav = m.optional(f"{page}.page.nav") or page
    details = md(m("fact_check.card.article_value", value=claim[value_column], page=nav))
    found = result if isinstance(result, Evidence) else None
    if found is not None and found.tolerance:
        details += " · " + m("fact_check.card.tolerance", tolerance=say(m, found.tolerance))
    details = details.replace("[", "\\[").replace("]", "\\]")  # inside a :small[…] directive
    lines = [f"**{md(title)}**", f":small[:gray[{details}]]"]
    if found is None:
        error = result if isinstance(result, DatasetUnavailable) else None
        return ClaimBlock(str(claim["claim_id"]), title, error, "  \n".join(lines), None)
    badge = m("fact_check.card.badge", verdict=verdict_label(m, found.verdict))
    text = "  \n".join([f":{VERDICT_COLOURS[found.verdict]}-badge[{badge}]", *lines])
    evidence = evidence_table(m, found) if found.values else None
    return ClaimBlock(str(claim["claim_id"]), title, None, f"{text}\n\n{md(say(m, found.reason))}", evidence)


def all_claims(m: Messages, data: Datasets) -> Claims:
    found = results(data)
    claims = claims_frame(m, data["claims"], found)
    blocks = {
        index: claim_block(m, claim, found.get(claim["claim_id"])) for index, claim in claims.iterrows()
    }
    return Claims(table=claims, blocks=blocks)


def selected(claims: pd.DataFrame, chosen: tuple[str, ...], sectors: tuple[str, ...] | None) -> pd.DataFrame:
    """The claims with the chosen verdicts (all if none chosen) in the chosen sectors (None: no sector filter,
    claims without a sector stay)."""
    shown = claims
    if chosen:
        shown = shown[shown["verdict_id"].isin(chosen)]
    if sectors is not None:
        shown = shown[shown["sector_id"].isin(sectors)]
    return shown


def by_half(m: Messages, claims: pd.DataFrame, shown: pd.DataFrame) -> list[tuple[str, list[Any]]]:
    """The claims shown grouped by the half of the article they come from (`half`), the halves in the order
    the article takes them (their first claim's place in `claims`): each group's heading, with how many of
    its claims are shown, and the claims' indices. A half with none shown is left out."""
    groups = []
    for half in dict.fromkeys(claims["half"]):
        indices = list(shown.index[shown["half"] == half])
        if indices:
            groups.append((m(f"fact_check.halves.{half}", n=len(indices)), indices))
    return groups


def verdicts_card(m: Messages, data: Datasets, verdict: tuple[str, ...], sectors: tuple[str, ...]) -> Card:
    """The claims with the chosen verdicts, in the sidebar's sectors when its filter is on."""
    claim_column, value_column = text_columns(m)
    every = set(sectors) >= set(data["sectors"]["sector_id"])  # then claims about no sector stay too
    shown = selected(claims_frame(m, data["claims"], results(data)), verdict, None if every else sectors)
    counts = verdict_counts(m, list(shown["verdict_id"]))
    columns = ["claim_id", "page", "sector_id", claim_column, value_column, "verdict", "reason", "source_url"]
    return Card(
        title=m("fact_check.claims.title"),
        figure=verdict_figure(m, counts),
        displayed=shown[columns],
        takeaway=takeaway(m, counts, len(shown)),
    )


def badges(m: Messages, data: Datasets) -> dict[str, tuple[str | None, str]]:
    """Claim id -> (its verdict id, None where its data failed; the article's value as stated, in `m`'s
    language and plain, no markdown): the verdict badges beside the commentary on the other pages."""
    claims = data["claims"]
    found = results(data)
    strip = str.maketrans("", "", "[]:*_`$")
    return {
        claim_id: (
            found[claim_id].verdict.value if isinstance(found.get(claim_id), Evidence) else None,
            m.name(english, chinese).translate(strip),
        )
        for claim_id, english, chinese in zip(
            claims["claim_id"], claims["article_value_text"], claims["article_value_text_zh"], strict=True
        )
    }


def verdict_options(m: Messages, data: Datasets) -> dict[str, str]:
    return {v.value: verdict_label(m, v.value) for v in Verdict}


CLAIMS = Prepared(reads=VERDICT_READS, build=all_claims, lenient=True)
BADGES = Prepared(reads=VERDICT_READS, build=badges, lenient=True)
VERDICT = Control("verdict", Kind.CHOICES, Prepared(reads=(), build=verdict_options), pills=True)
VERDICTS = Chart(
    reads=("sectors", *VERDICT_READS), build=verdicts_card, controls=(VERDICT,), by_sector=True, lenient=True
)
PAGE = Page(
    "fact_check",
    ":material/fact_check:",
    url_path="fact-check",
    views=(View("claims", VERDICTS, parts=(CLAIMS,), by_sector=True),),
)
"""One view: the verdict chart for the chosen verdicts and sectors, then each claim (drawn by the page)."""
