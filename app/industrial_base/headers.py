"""Table headers in the reader's language, from the one place each is defined.

- English headers of data columns are the `title`s of the Table Schema fields in `datapackage.json`.
- Chinese headers of data columns are in `app/content/zh/columns.toml`: a top-level entry for a column whose
  English title is the same in every dataset that has it (`source_url`), and an entry under `[<dataset>]`
  for a column whose meaning differs by dataset (`[wdi_mva_usd] value`).
- Columns that a page derives (`share_pct`, `difference_pp`) are in that page's `[columns]` table, in both
  languages (`Messages.column_labels`).

A frame shown in a card comes from the datasets its chart reads: a column is looked up in those datasets
first, in the order they are declared.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from industrial_base.i18n import COLUMNS, Messages, catalogue


def schema_titles(descriptor: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Dataset -> column -> the English title of its schema field."""
    return {
        resource["name"]: {
            field["name"]: str(field.get("title") or field["name"])
            for field in resource.get("schema", {}).get("fields", [])
        }
        for resource in descriptor.get("resources", [])
    }


def chinese_header(dataset: str | None, column: str) -> str | None:
    """The Chinese header of a data column: the dataset's own entry, else the shared one."""
    entries = catalogue("zh").get(COLUMNS, {})
    own = entries.get(dataset) if dataset else None
    if isinstance(own, Mapping) and column in own:
        return str(own[column])
    shared = entries.get(column)
    return str(shared) if isinstance(shared, str) else None


def column_headers(
    m: Messages, descriptor: Mapping[str, Any], datasets: Sequence[str], columns: Iterable[str]
) -> dict[str, str]:
    """Column -> header in `m`'s language, for a frame drawn from `datasets`: a column of one of those
    datasets is headed as that dataset heads it; a column a page derives, as the page does; any other data
    column, as every dataset that has it does (where they agree). Columns no one names are left out: the grid
    shows their name."""
    titles = schema_titles(descriptor)
    derived = m.column_labels()
    headers: dict[str, str] = {}
    for column in columns:
        owner = next((name for name in datasets if column in titles.get(name, {})), None)
        if owner is None and column in derived:
            headers[column] = derived[column]
            continue
        if owner is None:
            meanings = {fields[column] for fields in titles.values() if column in fields}
            if len(meanings) != 1:
                continue
            owner = next(name for name, fields in titles.items() if column in fields)
        header = chinese_header(owner, column) if m.is_chinese else titles[owner][column]
        if header:
            headers[column] = header
    return headers
