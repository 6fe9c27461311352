"""Message catalogues: every key and placeholder in both languages; number, date and name conventions."""

from __future__ import annotations

import ast
import csv
import re
from pathlib import Path

import pytest

from industrial_base import site
from industrial_base.headers import chinese_header, column_headers, schema_titles
from industrial_base.i18n import (
    CJK,
    COLUMNS,
    COLUMNS_TABLE,
    CONTENT_DIR,
    DATA_FILES,
    GLOSSARY,
    LANGUAGES,
    Messages,
    catalogue,
    flatten,
    placeholders,
)
from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR
from industrial_base.registry import Kind

APP_DIR = Path(__file__).resolve().parents[1] / "app"
EN, ZH = Messages("en"), Messages("zh")


def keyed(language: str) -> dict[str, object]:
    return {
        key: value
        for key, value in flatten(catalogue(language))
        if not key.startswith(tuple(name + "." for name in DATA_FILES))
    }


def test_both_languages_have_the_same_message_files() -> None:
    files = {
        lang: {p.name for p in (CONTENT_DIR / lang).glob("*.toml")} - {name + ".toml" for name in DATA_FILES}
        for lang in LANGUAGES
    }
    assert files["en"] == files["zh"]


@pytest.mark.parametrize(("language", "other"), [("en", "zh"), ("zh", "en")])
def test_every_message_key_exists_in_both_languages(language: str, other: str) -> None:
    missing = sorted(set(keyed(language)) - set(keyed(other)))
    assert not missing, f"in app/content/{language}/ but missing from app/content/{other}/: {missing}"


def test_placeholders_match_across_languages() -> None:
    english, chinese = keyed("en"), keyed("zh")
    mismatched = {
        key: (placeholders(str(text)), placeholders(str(chinese[key])))
        for key, text in english.items()
        if key in chinese and placeholders(str(text)) != placeholders(str(chinese[key]))
    }
    assert not mismatched, mismatched


def test_chinese_messages_are_translated() -> None:
    """A Chinese entry identical to a long English one is an untranslated copy."""
    english, chinese = keyed("en"), keyed("zh")
    copies = [
        key
        for key, text in english.items()
        if isinstance(text, str) and len(text) > 12 and chinese.get(key) == text and "Language" not in text
    ]
    assert not copies, copies


def test_every_data_column_has_a_header_in_both_languages() -> None:
    """English headers are the schema titles; every column of every dataset has a Chinese one too."""
    titles = schema_titles(load_package(DEFAULT_DATA_DIR).descriptor)
    columns = set()
    for path in DEFAULT_DATA_DIR.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            columns |= {(path.stem, column) for column in next(csv.reader(handle))}
    assert columns <= {(name, column) for name, fields in titles.items() for column in fields}
    missing = sorted((name, column) for name, column in columns if not titles[name][column].strip())
    assert not missing, missing
    untranslated = sorted(
        (name, column) for name, column in columns if not CJK.search(chinese_header(name, column) or "")
    )
    assert not untranslated, untranslated


def test_chinese_headers_follow_the_schema() -> None:
    """A shared Chinese header only for a column every dataset heads alike in English; a dataset's own
    entries only for columns it has: no header that can drift from the schema."""
    titles = schema_titles(load_package(DEFAULT_DATA_DIR).descriptor)
    entries = catalogue("zh")[COLUMNS]
    for key, value in entries.items():
        if isinstance(value, dict):
            assert key in titles, f"[{key}] is not a dataset"
            assert set(value) <= set(titles[key]), (key, set(value) - set(titles[key]))
        else:
            meanings = {fields[key] for fields in titles.values() if key in fields}
            assert len(meanings) == 1, (key, meanings)


def test_headers_come_from_the_schema_of_the_charted_dataset() -> None:
    descriptor = load_package(DEFAULT_DATA_DIR).descriptor
    assert column_headers(EN, descriptor, ("wdi_mva_usd",), ["value"]) == {
        "value": "Value added (billion current US$)"
    }
    assert column_headers(ZH, descriptor, ("wdi_mva_usd",), ["value"]) == {
        "value": "制造业增加值（十亿现价美元）"
    }
    assert column_headers(EN, descriptor, ("wdi_mva_share_gdp",), ["value"]) == {"value": "Share of GDP (%)"}
    # a column no dataset of the frame has: the page's own header, else the one every dataset agrees on
    assert column_headers(EN, descriptor, (), ["difference_pp", "source_url"]) == {
        "difference_pp": "Difference (percentage points)",
        "source_url": titles_of(descriptor, "source_url"),
    }
    assert "year" not in column_headers(EN, descriptor, (), ["year"])  # datasets disagree: no guess


def titles_of(descriptor: dict[str, object], column: str) -> str:
    (title,) = {fields[column] for fields in schema_titles(descriptor).values() if column in fields}
    return title


def test_missing_key_names_the_key_and_language() -> None:
    with pytest.raises(KeyError, match=r"ui\.nav\.nowhere.*content/zh"):
        ZH("ui.nav.nowhere")


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        Messages("fr")


def test_numbers_follow_the_reader_convention() -> None:
    assert EN("overview.headlines.mva.value", value=31.4) == "31.4 tn yuan"
    assert ZH("overview.headlines.mva.value", value=31.4) == "31.4万亿元"


@pytest.mark.parametrize(
    ("value", "english", "chinese"),
    [
        ("2021-11-23", "23 Nov 2021", "2021年11月23日"),
        ("2021-07", "Jul 2021", "2021年7月"),
        ("2021", "2021", "2021年"),
        ("late 2021", "late 2021", "late 2021"),
    ],
)
def test_dates_follow_the_reader_convention(value: str, english: str, chinese: str) -> None:
    assert EN.date(value) == english
    assert ZH.date(value) == chinese


def test_names_fall_back_to_the_other_language_with_a_marker() -> None:
    assert EN.name("Beijing", "北京") == "Beijing"
    assert ZH.name("Beijing", "北京") == "北京"
    assert ZH.name("Beijing", None) == "Beijing（仅有英文名）"
    assert EN.name(float("nan"), "北京") == "北京 (Chinese name only)"
    assert EN.name("", "") == EN("ui.names.missing")
    assert ZH.names(["Beijing", "Hebei"], ["北京", None]) == ["北京", "Hebei（仅有英文名）"]


def test_glossary_translates_english_only_names() -> None:
    glossary = catalogue("zh")[GLOSSARY]
    english, chinese = next(iter(glossary.items()))
    assert ZH.data_name(english) == chinese
    assert EN.data_name(english) == english
    assert ZH.data_name("A name nobody translated") == "A name nobody translated（仅有英文名）"


def test_glossary_leaves_names_that_are_already_chinese() -> None:
    assert ZH.data_name("工业强基工程") == "工业强基工程"


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_pages_do_not_give_one_column_two_headers(language: str) -> None:
    """Page `[columns]` tables are merged into one lookup: the same column must not mean two things."""
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for name, entries in catalogue(language).items():
        if name in DATA_FILES:
            continue
        columns = entries.get("columns", {})
        for column, label in columns.items():
            if column in seen and seen[column][1] != label:
                clashes.append((column, seen[column], (name, label)))
            seen.setdefault(column, (name, label))
    assert not clashes, clashes


# --- every key used, every key used there ------------------------------------------------------------------


def registry_words() -> tuple[set[str], set[str]]:
    """(keys the registries require, keys they use where the catalogue has them): a page's title, nav and
    caption, its guide on the overview; a view's label (when the page offers a picker), title, short and empty
    notice; a control's label, help, placeholder, options and notices."""
    required: set[str] = set()
    optional: set[str] = set()
    for page in site.PAGES:
        required |= {f"{page.words}.title", f"{page.words}.nav"}
        optional.add(f"{page.words}.caption")
        if not page.is_default:
            required.add(f"{page.words}.guide")
        for view in page.views:
            required.add(f"{view.words}.short")
            if len(page.views) > 1:
                required.add(f"{view.words}.label")
            if view.chart is not None or view.heading:
                required.add(f"{view.words}.title")
            optional.add(f"{view.words}.empty")
        for control in page.controls:
            required.add(f"{control.words}.label")
            optional |= {f"{control.words}.{word}" for word in ("help", "placeholder", "too_short", "names")}
            if control.kind in (Kind.CHOICE, Kind.CHOICES) and control.options is None:
                required.add(f"{control.words}.options")
    return required, optional


REGISTRY_WORDS = re.compile(r"\{(page|view|control|entry|self)\.words\}")
"""f-strings built from a declaration's words: the registry says which keys those are (`registry_words`)."""
TABLE_READS = {"labels", "entry", "label", "Term"}
"""Calls that read a whole table (`m.labels("ui.basis")`, a fact check's `Term("ui.status", code)`): every
key under it is used."""


def pattern(node: ast.expr) -> re.Pattern[str] | None:
    """A string literal as itself, an f-string with each field standing for one key segment."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.compile(re.escape(node.value))
    if isinstance(node, ast.JoinedStr) and not REGISTRY_WORDS.search(ast.unparse(node)):
        return re.compile(
            "".join(re.escape(str(v.value)) if isinstance(v, ast.Constant) else "[^.]*" for v in node.values)
        )
    return None


def code_keys() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    """(what the code names as a key, what it reads as a whole table), as patterns."""
    keys: list[re.Pattern[str]] = []
    tables: list[re.Pattern[str]] = []
    for path in APP_DIR.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        read_whole = {
            id(node.args[0])
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in TABLE_READS
            and node.args
        }
        parts_of_fstrings = {
            id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values
        }
        for node in ast.walk(tree):
            if id(node) in parts_of_fstrings:
                continue
            found = pattern(node) if isinstance(node, ast.Constant | ast.JoinedStr) else None
            if found is not None:
                (tables if id(node) in read_whole else keys).append(found)
    return keys, tables


def test_every_catalogue_key_is_used_and_every_key_used_exists() -> None:
    """A key is used when the code names it (a literal, or an f-string whose fields stand for one segment
    each), reads the table holding it, or a registry declares it; every key the registries require exists in
    both languages, and so does every key the code names in a catalogue's namespace."""
    keys = set(keyed("en"))
    named, read = code_keys()
    required, optional = registry_words()

    def prefixes(key: str) -> list[str]:
        parts = key.split(".")
        return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]

    declared = required | optional
    read += [p for p in named if "[^.]" not in p.pattern]  # a table named in full is read whole
    used = {
        key
        for key in keys
        if any(prefix in declared for prefix in prefixes(key))
        or key.split(".")[1] == COLUMNS_TABLE  # each page's derived columns: `Messages.column_labels`
        or any(p.fullmatch(key) for p in named)
        or any(p.fullmatch(prefix) for p in read for prefix in prefixes(key))
    }
    assert sorted(keys - used) == [], "catalogue keys nothing uses: remove them"
    for language in ("en", "zh"):
        present = {prefix for key in keyed(language) for prefix in prefixes(key)}
        assert sorted(required - present) == [], f"keys the registries need, missing from {language}"
        literal = {p.pattern.replace("\\", "") for p in named + read if "[^.]" not in p.pattern}
        dotted = {k for k in literal if re.fullmatch(r"[a-z_]+(\.[a-z0-9_ -]+)+", k)}
        namespaces = {key.split(".")[0] for key in keys}
        missing = sorted(k for k in dotted if k.split(".")[0] in namespaces and k not in present)
        assert missing == [], f"keys the code names, missing from {language}"
