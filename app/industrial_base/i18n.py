"""Messages in English and Simplified Chinese, from keyed TOML catalogues (app/content/LANG/*.toml).

Why TOML and not gettext: most of what we translate is commentary, paragraphs with named placeholders filled
from the data ("{value:g} trillion yuan" / "{value:g}万亿元"). Keyed entries let the same key hold a paragraph
in each language, let tests check that every key and every placeholder exists in both, and keep the
prose readable for the people who edit it. Number formatting stays in the format strings, so each language
writes numbers in its own convention; helpers here cover what a format spec cannot (dates, names with a
missing translation).

The core stays free of Streamlit: a `Messages` object is passed to the view functions that need words.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

CONTENT_DIR = Path(__file__).resolve().parents[1] / "content"
LANGUAGES: dict[str, str] = {"en": "English", "zh": "简体中文"}
DEFAULT_LANGUAGE = "en"
GLOSSARY = "data_names"
"""Catalogue file (per language, optional) translating names that the data holds in one language only
(countries, cities, industries): English name -> name in this language. Not a keyed message file."""
COLUMNS = "columns"
"""Catalogue file (Chinese only) of the headers of data columns, whose English headers are the schema titles
in `datapackage.json` (`industrial_base.headers`). Not a keyed message file."""
DATA_FILES = (GLOSSARY, COLUMNS)
COLUMNS_TABLE = "columns"
"""The table of a page's catalogue heading the columns that page derives (`Messages.column_labels`)."""


@cache
def catalogue(language: str) -> dict[str, Any]:
    """Every message file of a language, under its file stem ("value_added.mva.claim")."""
    paths = sorted((CONTENT_DIR / language).glob("*.toml"))
    return {path.stem: tomllib.loads(path.read_bytes().decode("utf-8")) for path in paths}


def flatten(node: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted key, leaf) pairs of a catalogue, for completeness checks."""
    for key, value in node.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from flatten(value, dotted + ".")
        else:
            yield dotted, value


def placeholders(text: str) -> set[str]:
    """The field names a format string uses ("{value:g} of {total:,}" -> {"value", "total"})."""
    return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(text) if field}


DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
CJK = re.compile("[\u3400-\u9fff]")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True)
class Messages:
    """The words of one language. Hashable (by language), so cached functions can take it as an argument."""

    lang: str = DEFAULT_LANGUAGE

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"unknown language {self.lang!r}; expected one of {sorted(LANGUAGES)}")

    def entry(self, key: str) -> Any:
        """The raw entry at a dotted key (a string, list or table); KeyError names the key and language."""
        node: Any = catalogue(self.lang)
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
                raise KeyError(f"message '{key}' is missing from app/content/{self.lang}/")
            node = node[part]
        return node

    def __call__(self, key: str, /, **values: Any) -> str:
        """The message at `key` with `values` substituted (str.format syntax)."""
        return str(self.entry(key)).strip().format(**values)

    def optional(self, key: str, /, **values: Any) -> str | None:
        """The message at `key`, or None where the catalogue has none (a control's help, say)."""
        try:
            self.entry(key)
        except KeyError:
            return None
        return self(key, **values)

    def fragment(self, key: str, /, **values: Any) -> str:
        """Like calling the messages, but keeps the entry's leading and trailing spaces: for a piece joined to
        other text (" The official claim …" after a sentence in English; no space in Chinese)."""
        return str(self.entry(key)).format(**values)

    def label(self, table: str, code: Any, default: str | None = None) -> str:
        """The reader's word for a code of the data in a catalogue table ("ui.basis", "official" -> "官方");
        a code the table does not list is shown as recorded (or as `default`)."""
        return str(self.entry(table).get(str(code), str(code) if default is None else default))

    def separator(self, kind: str = "separator") -> str:
        """A joining mark of the language, spaces kept: `separator` (", " / "、"), `and` (" and " / "和"),
        `items` ("; " / "；") or `sentence` (" " / "", between sentences)."""
        return self.fragment(f"ui.lists.{kind}")

    def join(self, items: Iterable[Any], *, final: bool = True) -> str:
        """Items as a list in the reader's language: "A, B and C" / "A、B和C" (`final=False`: "A, B, C")."""
        texts = [str(item) for item in items]
        if not final or len(texts) < 2:
            return self.separator().join(texts)
        return self.separator().join(texts[:-1]) + self.separator("and") + texts[-1]

    def column_labels(self) -> dict[str, str]:
        """Headers of the columns pages derive (`share_pct`, `difference_pp`): each page's `[columns]` table.
        Data columns take their headers from the data package (`industrial_base.headers`)."""
        return _column_labels(self.lang)

    def labels(self, key: str) -> dict[str, str]:
        """A table of short labels (id -> label), e.g. verdict names or axis titles."""
        return {k: str(v) for k, v in self.entry(key).items()}

    @property
    def is_chinese(self) -> bool:
        return self.lang == "zh"

    def date(self, value: Any) -> str:
        """An ISO date or part of one in the reader's convention: "2021-12-31" -> "31 Dec 2021" /
        "2021年12月31日"; "2021-12" -> "Dec 2021" / "2021年12月". Other text is returned unchanged."""
        text = str(value).strip()
        match = DATE.match(text)
        if not match:
            return text
        year, month, day = match.groups()
        if self.is_chinese:
            return f"{year}年" + (f"{int(month)}月" if month else "") + (f"{int(day)}日" if day else "")
        parts = ([str(int(day))] if day else []) + ([MONTHS[int(month) - 1]] if month else []) + [year]
        return " ".join(parts)

    def name(self, english: Any, chinese: Any) -> str:
        """A name the data holds in both languages, in this one; if missing, the other with a marker."""
        wanted, other = (chinese, english) if self.is_chinese else (english, chinese)
        if _present(wanted):
            return str(wanted)
        if _present(other):
            return self("ui.names.fallback", name=other)
        return self("ui.names.missing")

    def names(self, english: Iterable[Any], chinese: Iterable[Any]) -> list[str]:
        """`name` of each pair of a column of English names and a column of Chinese ones."""
        return [self.name(en, zh) for en, zh in zip(english, chinese, strict=True)]

    def data_name(self, english: Any) -> str:
        """A name the data holds in English only, translated by the glossary; marked when not listed."""
        if not _present(english):
            return self("ui.names.missing")
        text = str(english)
        if not self.is_chinese:
            return text
        glossary = catalogue(self.lang).get(GLOSSARY, {})
        if text in glossary:
            return str(glossary[text])
        # some "English" columns already hold Chinese names: those need no marker
        return text if CJK.search(text) else self("ui.names.fallback", name=text)


@cache
def _column_labels(language: str) -> dict[str, str]:
    labels: dict[str, str] = {}
    for name, entries in catalogue(language).items():
        if name not in DATA_FILES and isinstance(entries.get(COLUMNS_TABLE), Mapping):
            labels.update({str(k): str(v) for k, v in entries[COLUMNS_TABLE].items()})
    return labels


def _present(value: Any) -> bool:
    """Not None, NaN (shown as "nan"), pd.NA ("<NA>") or blank."""
    return value is not None and str(value).strip() not in ("", "<NA>", "nan")
