"""What a change to the data folder does: rows added, changed and removed per table, the largest revisions,
and the fact-check verdicts that flip. Rendered as Markdown, which reads as plain text in a terminal and is
what the changelog (`data/CHANGELOG.md`) keeps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from industrial_base.factcheck import verdicts as verdicts_of
from industrial_base.package import DataPackage, DatasetUnavailable
from industrial_base.pipeline.tables import Row, Table, decimal, same_cell

Kind = Literal["added", "changed", "removed"]
KINDS: tuple[Kind, ...] = ("added", "changed", "removed")
SHOWN_PER_KIND = 12
"""Rows listed per table and kind; the rest are counted."""
LARGEST = 10
SUMMARISED = ("wdi_vintages",)
"""Tables whose rows are counted rather than listed: a new vintage is a whole copy of its indicators."""
UNAVAILABLE = "unavailable"


def percent(ratio: Decimal | None) -> str:
    """A relative change as a signed percentage, with more places when it is tiny (+0.0049%)."""
    if ratio is None:
        return ""
    return f"{ratio:+.2%}" if abs(ratio) >= Decimal("0.0001") else f"{ratio:+.4%}"


@dataclass(frozen=True)
class RowChange:
    kind: Kind
    label: str
    before: str = ""
    after: str = ""
    columns: tuple[str, ...] = ()

    @property
    def revision(self) -> Decimal | None:
        """Relative change of a value that was there before and after (0.0102 = +1.02%)."""
        old, new = decimal(self.before), decimal(self.after)
        if old is None or new is None or old == 0 or old == new:
            return None
        return new / old - 1

    def describe(self) -> str:
        if self.kind == "added":
            if not self.after:
                return f"{self.label} (a gap row: not published)"
            return f"{self.label} = {self.after}" + (" (was not published)" if self.columns else "")
        if self.kind == "removed":
            was = f" (was {self.before})" if self.before else ""
            return f"{self.label}{was}" + ("; the row stays, marked not published" if self.columns else "")
        if self.before != self.after:
            change = f" ({percent(self.revision)})" if self.revision is not None else ""
            return f"{self.label}: {self.before or 'empty'} → {self.after or 'empty'}{change}"
        return f"{self.label}: {', '.join(self.columns)}"


@dataclass
class TableDiff:
    name: str
    changes: list[RowChange] = field(default_factory=list)

    def of(self, kind: Kind) -> list[RowChange]:
        return [c for c in self.changes if c.kind == kind]


@dataclass(frozen=True)
class Flip:
    claim_id: str
    claim: str
    before: str
    after: str


@dataclass
class Diff:
    tables: list[TableDiff]
    flips: list[Flip] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(t.changes for t in self.tables)

    def largest_revisions(
        self, count: int = LARGEST, skip: Sequence[str] = ("wdi_vintages",)
    ) -> list[tuple[str, RowChange]]:
        revised = [
            (t.name, c)
            for t in self.tables
            if t.name not in skip
            for c in t.changes
            if c.kind == "changed" and c.revision is not None
        ]
        return sorted(revised, key=lambda item: abs(item[1].revision or 0), reverse=True)[:count]


def value_column(schema: Mapping[str, Any]) -> str | None:
    """The first number field that is not part of the primary key: the value a revision changes."""
    key = set(schema.get("primaryKey", []))
    for spec in schema["fields"]:
        if spec.get("type") in ("number", "integer") and spec["name"] not in key:
            return str(spec["name"])
    return None


def row_label(row: Row, key: Sequence[str]) -> str:
    return " ".join(row[c] for c in key)


def diff_table(name: str, old: Table, new: Table, schema: Mapping[str, Any]) -> TableDiff:
    """Rows matched by primary key. A value appearing in a row that had none counts as added, a value that
    goes (the row staying as a gap) as removed; any other difference in a row is a change."""
    key = list(schema.get("primaryKey", []))
    value = value_column(schema)
    before = {tuple(r[c] for c in key): r for r in old.rows}
    after = {tuple(r[c] for c in key): r for r in new.rows}
    changes: list[RowChange] = []
    for k, row in after.items():
        was = before.get(k)
        label = row_label(row, key)
        now_value = row.get(value, "") if value else ""
        if was is None:
            changes.append(RowChange("added", label, after=now_value))
            continue
        columns = tuple(c for c in new.header if not same_cell(was.get(c, ""), row.get(c, "")))
        if not columns:
            continue
        old_value = was.get(value, "") if value else ""
        if value and not old_value and now_value:
            changes.append(RowChange("added", label, after=now_value, columns=columns))
        elif value and old_value and not now_value:
            changes.append(RowChange("removed", label, before=old_value, columns=columns))
        else:
            changes.append(RowChange("changed", label, old_value, now_value, columns))
    for k, row in before.items():
        if k not in after:
            changes.append(
                RowChange("removed", row_label(row, key), before=row.get(value, "") if value else "")
            )
    return TableDiff(name, changes)


def verdicts(package: DataPackage) -> dict[str, tuple[str, str]]:
    """Claim id -> (claim text, verdict) for every claim of the package's fact check."""
    try:
        claims = package.table("claims")
    except DatasetUnavailable:
        return {}
    texts = dict(zip(claims["claim_id"], claims["claim_en"], strict=True))
    results = verdicts_of(package)
    out = {}
    for claim_id in claims["claim_id"]:
        verdict = getattr(results[claim_id], "verdict", None)
        out[str(claim_id)] = (
            str(texts[claim_id]),
            str(verdict.value) if verdict is not None else UNAVAILABLE,
        )
    return out


def flips(before: DataPackage, after: DataPackage) -> list[Flip]:
    old, new = verdicts(before), verdicts(after)
    return [
        Flip(claim_id, text, old[claim_id][1], verdict)
        for claim_id, (text, verdict) in new.items()
        if claim_id in old and old[claim_id][1] != verdict
    ]


def render(diff: Diff, heading: str, preamble: Sequence[str] = ()) -> str:
    """The diff as a Markdown section: heading, preamble lines, per-table changes, largest revisions,
    flips."""
    lines = [f"## {heading}", ""]
    if preamble:
        lines += [*preamble, ""]
    if diff.empty:
        return "\n".join([*lines, "No change.", ""])
    lines += ["| table | added | changed | removed |", "|---|---|---|---|"]
    for table in diff.tables:
        if table.changes:
            counts = " | ".join(str(len(table.of(kind))) for kind in KINDS)
            lines.append(f"| `{table.name}` | {counts} |")
    lines.append("")
    for table in diff.tables:
        if not table.changes:
            continue
        lines.append(f"`{table.name}`:")
        if table.name in SUMMARISED:
            lines += [f"- {kind}: {len(table.of(kind))} rows" for kind in KINDS if table.of(kind)]
            lines.append("")
            continue
        for kind in KINDS:
            rows = table.of(kind)
            if rows:
                shown = "; ".join(c.describe() for c in rows[:SHOWN_PER_KIND])
                more = f"; … and {len(rows) - SHOWN_PER_KIND} more" if len(rows) > SHOWN_PER_KIND else ""
                lines.append(f"- {kind}: {shown}{more}")
        lines.append("")
    revisions = diff.largest_revisions()
    lines.append("Largest revisions:" if revisions else "Largest revisions: none (no value was revised).")
    if revisions:
        lines += ["", "| table | row | before | after | change |", "|---|---|---|---|---|"]
        lines += [
            f"| `{name}` | {c.label} | {c.before} | {c.after} | {percent(c.revision)} |"
            for name, c in revisions
        ]
    lines.append("")
    if diff.flips:
        lines.append("Fact-check verdicts that flip:")
        lines += [f"- **{f.claim_id}** ({f.claim}): {f.before} → {f.after}" for f in diff.flips]
    else:
        lines.append("Fact-check verdicts that flip: none.")
    lines.append("")
    return "\n".join(lines)
