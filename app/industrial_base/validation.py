"""Load CSV resources and check them against their Frictionless Table Schema.

The checks are written here rather than delegated to the `frictionless` library so that every problem is
reported the same way (file, line, column, value, rule) and all problems are collected, not just the first.
Each data frame is indexed by the CSV line number of its row (the header is line 1), so later rules can point
at the offending line too.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

UTF8_BOM = b"\xef\xbb\xbf"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INTEGER = re.compile(r"^[+-]?\d+$")
BOOLEAN_VALUES = {"true": True, "false": False}
FORMULA_START = ("=", "+", "@", "\t", "\r")
FORMULA_LIKE = "text starting with =, +, @, tab or CR is run as a formula by spreadsheets; reword it"
QUOTING = "a cell in double quotes must close them, and a quote inside it is written twice"


@dataclass(frozen=True)
class Issue:
    """One broken rule, located as precisely as the rule allows."""

    file: str
    rule: str
    message: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        shown = "" if self.value is None else f" (value {self.value!r})"
        return f"{', '.join(where)}: {self.message}{shown} [{self.rule}]"


@dataclass
class TableResult:
    """A loaded resource: its typed frame (None when it has errors) and what was found wrong with it."""

    name: str
    file: str
    frame: pd.DataFrame | None
    issues: list[Issue] = field(default_factory=list)
    document: dict[str, Any] | None = None
    """The parsed document for non-tabular resources (GeoJSON)."""

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    @property
    def ok(self) -> bool:
        return self.frame is not None and not self.errors


LINE_BREAK = re.compile(rb"\r\n|\r|\n")
"""How an editor ends a line: LF, CRLF or a bare CR (old Mac files, some spreadsheet exports)."""
BARE_CR = re.compile(rb"\r(?!\n)")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
CJK = re.compile("[\u3400-\u9fff]")


def _line_of_offset(raw: bytes, offset: int) -> int:
    """The line a byte offset falls on, counted as an editor counts (LF, CRLF and CR each end a line)."""
    return len(LINE_BREAK.findall(raw, 0, offset)) + 1


def split_cells(line: str) -> list[str]:
    """The cells of one CSV line, as far as they can be told apart: commas outside double quotes separate
    them. Never raises (unlike `csv.reader` on a bare CR or a lone quote): it only names columns in
    messages about a file that cannot be parsed."""
    cells, current, quoted = [], [], False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            cells.append("".join(current))
            current = []
            continue
        current.append(char)
    return [*cells, "".join(current)]


def _column_at_offset(raw: bytes, offset: int) -> str | None:
    """Name the column a byte offset falls in, from the header and the cells of its line before it."""
    header = split_cells(LINE_BREAK.split(raw, maxsplit=1)[0].decode("utf-8", errors="replace"))
    line_start = max(raw.rfind(b"\n", 0, offset), raw.rfind(b"\r", 0, offset)) + 1
    index = len(split_cells(raw[line_start:offset].decode("utf-8", errors="replace"))) - 1
    return header[index] if index < len(header) else None


def _encoding_problem(raw: bytes) -> str:
    """What a file that is not UTF-8 probably is, and what to do about it."""
    if raw.startswith(UTF16_BOMS):
        return "the file is UTF-16 text (it starts with a UTF-16 byte-order mark); re-save it as UTF-8"
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return "bytes that are not valid UTF-8; re-save the file as UTF-8"
    if CJK.search(text) and not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text):
        return (
            "the file reads as GBK/GB18030 Chinese text (saved by a spreadsheet on a Chinese-language "
            "Windows?), not UTF-8; re-save it as UTF-8"
        )
    return "bytes that are not valid UTF-8; re-save the file as UTF-8"


def _is_utf16(raw: bytes) -> bool:
    """A UTF-16 byte-order mark, or NUL in every other byte or so (UTF-16 text without a mark)."""
    return raw.startswith(UTF16_BOMS) or raw.count(b"\x00") * 4 >= len(raw)


def _undecodable(raw: bytes, display: str) -> Issue | None:
    """The first reason the bytes are not UTF-8 text we can parse (a UTF-16 file, NUL bytes, a GBK file,
    stray bytes), located by line and column where lines can be told apart; None when they decode."""
    if _is_utf16(raw):
        message = "the file is UTF-16 text (or binary), not UTF-8; re-save it as UTF-8"
        return Issue(display, "utf-8", message, line=1, value=raw[:4].hex(" "))
    start = raw.find(b"\x00")
    if start >= 0:
        end = start + 4
        message = "the file holds NUL bytes (binary data, or text in a 16-bit encoding); re-save it as UTF-8"
    else:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            start, end, message = exc.start, exc.end, _encoding_problem(raw)
        else:
            return None
    line, column, value = _line_of_offset(raw, start), _column_at_offset(raw, start), raw[start:end].hex(" ")
    return Issue(display, "utf-8", message, line=line, column=column, value=value)


def read_records(path: Path, display: str) -> tuple[list[str], list[tuple[int, list[str]]], list[Issue]]:
    """Decode and split a CSV file into its header and (line number, cells) records.

    Encoding, line-ending, emptiness and ragged-row problems are reported here; type checks come later. Any
    bytes give issues, never an exception: a file's content is outside our control.
    """
    report = partial(Issue, display)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [], [], [report("readable", f"cannot read the file: {exc.strerror}")]
    if not raw.strip():
        return [], [], [report("non-empty", "the file is empty (no header, no rows)", line=1)]
    issues: list[Issue] = []
    if raw.startswith(UTF8_BOM):
        message = "the file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM"
        issues.append(report("no-bom", message, line=1))
        raw = raw[len(UTF8_BOM) :]
    problem = _undecodable(raw, display)
    if problem is not None:
        issues.append(problem)
    bare_cr = None if _is_utf16(raw) else BARE_CR.search(raw)  # in UTF-16 every CR is followed by a NUL
    if bare_cr:
        message = "lines end with a bare CR (an old Mac or spreadsheet export); re-save with LF line endings"
        issues.append(
            report("line-endings", message, line=_line_of_offset(raw, bare_cr.start()), severity="warning")
        )
    if problem is not None:
        return [], [], issues
    reader = csv.reader(io.StringIO(raw.decode("utf-8"), newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    header: list[str] = []
    start_line = 1
    try:
        for cells in reader:
            if not header:
                header = cells
            elif cells:
                records.append((start_line, cells))
            start_line = reader.line_num + 1
    except csv.Error as exc:
        issues.append(report("csv-syntax", f"the CSV cannot be parsed ({exc}): {QUOTING}", line=start_line))
    for line, cells in records:
        if len(cells) < len(header):
            message = f"the row has {len(cells)} of {len(header)} fields; it looks truncated"
            issues.append(report("row-length", message, line=line, column=header[len(cells)]))
        elif len(cells) > len(header):
            message = f"the row has {len(cells)} fields but the header has {len(header)}"
            issues.append(report("row-length", message, line=line, value=cells[len(header)]))
    return header, records, issues


def check_header(header: Sequence[str], fields: Sequence[dict[str, Any]], display: str) -> list[Issue]:
    expected = [f["name"] for f in fields]
    report = partial(Issue, display, line=1)
    issues: list[Issue] = []
    for name in expected:
        if name not in header:
            issues.append(report("missing-column", "a column the schema requires is missing", column=name))
    for name in header:
        if name not in expected:
            issues.append(report("extra-column", "a column that is not in the schema", column=name))
    for name in sorted({name for name in header if header.count(name) > 1}):
        issues.append(report("duplicate-column", "the column appears more than once", column=name))
    if not issues and list(header) != expected:
        issues.append(report("column-order", f"columns are not in schema order: expected {expected}"))
    return issues


def _parse_cell(text: str, field_type: str) -> tuple[Any, str | None]:
    """Convert one non-empty cell; return (value, None) or (None, reason)."""
    if field_type in ("integer", "year"):
        if INTEGER.match(text):
            return int(text), None
        return None, f"is not {'a year' if field_type == 'year' else 'an integer'}"
    if field_type == "number":
        try:
            number = float(text)
        except ValueError:
            return None, "is not a number"
        if not math.isfinite(number):
            return None, "is not a finite number"
        return number, None
    if field_type == "boolean":
        if text.lower() in BOOLEAN_VALUES:
            return BOOLEAN_VALUES[text.lower()], None
        return None, "is not true/false"
    if field_type == "date":
        if ISO_DATE.match(text):
            return text, None
        return None, "is not a date (YYYY-MM-DD)"
    return text, None


def _failures(value: Any, reason: str | None, text: str, spec: dict[str, Any]) -> Iterable[tuple[str, str]]:
    """The rules a non-empty cell breaks, as (rule, message): its type (`reason`, from `_parse_cell`), else
    its field's constraints."""
    if reason:
        yield "type", f"{reason} (expected {spec.get('type')})"
        return
    constraints = spec.get("constraints", {})
    if "enum" in constraints and value not in constraints["enum"]:
        yield "enum", f"is not one of the allowed values {constraints['enum']}"
    if "minimum" in constraints and value < constraints["minimum"]:
        yield "minimum", f"is below the minimum {constraints['minimum']}"
    if "maximum" in constraints and value > constraints["maximum"]:
        yield "maximum", f"is above the maximum {constraints['maximum']}"
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], text):
        yield "pattern", f"does not match the pattern {constraints['pattern']}"
    if "maxLength" in constraints and len(text) > constraints["maxLength"]:
        yield "maxLength", f"is longer than {constraints['maxLength']} characters"
    if spec.get("format") == "uri" and not re.match(r"^https?://\S+$", text):
        yield "format", "is not an http(s) URL"


_DTYPES = {"integer": "Int64", "year": "Int64", "number": "Float64", "boolean": "boolean"}


def build_frame(
    header: Sequence[str],
    records: Sequence[tuple[int, list[str]]],
    schema: dict[str, Any],
    display: str,
) -> tuple[pd.DataFrame, list[Issue]]:
    """Type every cell by its field's schema and check field constraints; collect every failure."""
    fields = schema["fields"]
    missing_values = set(schema.get("missingValues", [""]))
    position = {name: i for i, name in enumerate(header)}
    report = partial(Issue, display)
    issues: list[Issue] = []
    columns: dict[str, list[Any]] = {f["name"]: [] for f in fields}
    lines: list[int] = []
    for line, cells in records:
        lines.append(line)
        for spec in fields:
            name = spec["name"]
            index = position.get(name)
            if index is None:  # the missing column is reported once, on the header
                columns[name].append(None)
                continue
            text = cells[index] if index < len(cells) else ""
            if text in missing_values:
                if spec.get("constraints", {}).get("required"):
                    issues.append(report("required", "a required value is empty", line=line, column=name))
                columns[name].append(None)
                continue
            field_type = spec.get("type", "string")
            if field_type == "string" and text.startswith(FORMULA_START):
                issues.append(report("formula-like", FORMULA_LIKE, line=line, column=name, value=text))
            value, reason = _parse_cell(text, field_type)
            for rule, message in _failures(value, reason, text, spec):
                issues.append(report(rule, message, line=line, column=name, value=text))
            columns[name].append(value)
    frame = pd.DataFrame(
        {
            spec["name"]: pd.array(columns[spec["name"]], dtype=_DTYPES.get(spec.get("type", ""), "string"))
            for spec in fields
        },
        index=pd.Index(lines, name="line", dtype="int64"),
    )
    issues.extend(_uniqueness_issues(frame, fields, schema, display))
    return frame, issues


def _uniqueness_issues(
    frame: pd.DataFrame, fields: Sequence[dict[str, Any]], schema: dict[str, Any], display: str
) -> list[Issue]:
    issues: list[Issue] = []
    unique_sets: list[list[str]] = [
        [spec["name"]] for spec in fields if spec.get("constraints", {}).get("unique")
    ]
    primary_key = schema.get("primaryKey")
    if primary_key:
        unique_sets.append(_names(primary_key))
    for key in unique_sets:
        rule = "primary-key" if key == unique_sets[-1] and primary_key else "unique"
        present = frame[key].dropna()
        duplicated = present[present.duplicated(keep="first")]
        for line, row in duplicated.iterrows():
            first = present[(present == row).all(axis=1)].index[0]
            message = f"duplicate key {dict(row.astype(str))}; first used on line {first}"
            shown = ", ".join(str(v) for v in row)
            issues.append(Issue(display, rule, message, line=int(line), column=", ".join(key), value=shown))
    return issues


def load_table(path: Path, schema: dict[str, Any], name: str, display: str) -> TableResult:
    """Read, type and check one CSV resource against its own schema (cross-table checks come later)."""
    header, records, issues = read_records(path, display)
    if not header:
        return TableResult(name, display, None, issues)
    issues.extend(check_header(header, schema["fields"], display))
    if not records and not any(issue.rule == "csv-syntax" for issue in issues):
        issues.append(Issue(display, "has-rows", "the file has a header but no data rows", line=1))
    frame, cell_issues = build_frame(header, records, schema, display)
    issues.extend(cell_issues)
    failed = any(issue.severity == "error" for issue in issues)
    return TableResult(name, display, None if failed else frame, issues)


def foreign_key_issues(
    result: TableResult, frame: pd.DataFrame, schema: dict[str, Any], tables: dict[str, TableResult]
) -> list[Issue]:
    """Check each foreign key; a key into a table that failed to load is a warning, not an error."""
    report = partial(Issue, result.file, "foreign-key")
    issues: list[Issue] = []
    for foreign_key in schema.get("foreignKeys", []):
        reference = foreign_key["reference"]
        local, remote = _names(foreign_key["fields"]), _names(reference["fields"])
        target = tables.get(reference["resource"])
        if target is None or target.frame is None:
            message = f"cannot check {local} against '{reference['resource']}', which failed to load"
            issues.append(report(message, severity="warning"))
            continue
        allowed = set(target.frame[remote].dropna().astype(str).itertuples(index=False, name=None))
        message = f"not found in {target.file} column {', '.join(remote)}"
        for line, row in frame[local].dropna().astype(str).iterrows():
            if tuple(row) not in allowed:
                issues.append(report(message, line=int(line), column=", ".join(local), value=", ".join(row)))
    return issues


def _names(fields: str | Sequence[str]) -> list[str]:
    """A schema's field list, which may be written as one name."""
    return [fields] if isinstance(fields, str) else list(fields)


def issues_frame(issues: Sequence[Issue]) -> pd.DataFrame:
    """Problems as a table: file, line, column, value, rule and what is wrong (the error cards' grid)."""
    rows = [(i.file, i.line, i.column, i.value, i.rule, i.message) for i in issues]
    columns = ["file", "line", "column", "value", "rule", "problem"]
    return pd.DataFrame(rows, columns=columns).astype({"line": "Int64"})
