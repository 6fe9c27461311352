"""CSV tables as text, read and written exactly as the data package stores them.

The pipeline edits tables as text rather than as typed frames: a row it does not change is written back byte
for byte (the baseline vintage stays as it is), and a number it writes gets the precision its table declares.
Numbers are handled as `Decimal`, so rounding is decimal rounding, never binary floating point.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from numbers import Integral, Real
from pathlib import Path

import numpy as np
import pandas as pd

Row = dict[str, str]


@dataclass
class Table:
    """A CSV file: its header and its rows (cells as text, "" for empty). `lines` are the CSV line numbers of
    the rows when the table was read from a validated frame (so problems can name the line)."""

    header: list[str]
    rows: list[Row] = field(default_factory=list)
    lines: list[int] | None = None

    def line_of(self, index: int) -> int:
        """The CSV line of the row at `index` (the header is line 1)."""
        return self.lines[index] if self.lines is not None else index + 2


def read_table(path: Path) -> Table:
    """Read a CSV file as text; a file that does not exist yet reads as no header and no rows."""
    if not path.exists():
        return Table([])
    text = path.read_text(encoding="utf-8")
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records:
        return Table([])
    header, body = records[0], [r for r in records[1:] if r]
    return Table(header, [dict(zip(header, cells, strict=True)) for cells in body])


def render_table(table: Table) -> str:
    """The CSV text of a table: comma-separated, `\\n` line ends, quotes only where needed (RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([row.get(column, "") for column in table.header])
    return buffer.getvalue()


def write_table(path: Path, table: Table) -> None:
    path.write_text(render_table(table), encoding="utf-8", newline="")


def decimal(text: str) -> Decimal | None:
    """A cell as a number, or None when it is empty or not a number."""
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def fixed(value: Decimal, decimals: int) -> str:
    """`value` rounded half away from zero to `decimals` places, written with exactly that many ("3202.510");
    a value that rounds to zero is written without a minus sign."""
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = abs(rounded)
    return f"{rounded:f}"


def same_cell(a: str, b: str) -> bool:
    """Equal as text, or equal as numbers ("3202.510" and "3202.51" are the same value)."""
    if a == b:
        return True
    left, right = decimal(a), decimal(b)
    return left is not None and right is not None and left == right


def _cell_text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, Real) and value != value):
        return ""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, Integral):
        return str(int(value))
    if isinstance(value, Real):
        return repr(float(value))  # the shortest text that reads back as the same float, e.g. "3202.51"
    return str(value)


def table_from_frame(frame: pd.DataFrame) -> Table:
    """A validated, typed frame (as `load_package` returns it) back as text, one row per frame row, with the
    CSV line numbers the frame is indexed by. Numbers come back in their shortest form ("3202.51" for
    "3202.510"), which is the same value."""
    header = [str(c) for c in frame.columns]
    rows = [
        {column: _cell_text(value) for column, value in zip(header, record, strict=True)}
        for record in frame.itertuples(index=False, name=None)
    ]
    return Table(header, rows, [int(line) for line in frame.index])
