"""Chinese titles and descriptions in `data/datapackage.json` (`title_zh`, `description_zh`).

The Sources & methods page reads both languages from the descriptor, so the Chinese texts live next to the
English ones: every `title` / `description` of the package and of each resource has a Chinese twin placed
right after it, written in Chinese, with the same numbers as the English.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from industrial_base.headers import chinese_header

ROOT = Path(__file__).resolve().parents[1]
DESCRIPTOR = ROOT / "data" / "datapackage.json"

CJK = re.compile("[\u3400-\u9fff]")
CJK_RUN = re.compile("[\u3400-\u9fff]+")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
QUOTES = re.compile("[“”‘’\"'「」『』]")
PAIRS = (("title", "title_zh"), ("description", "description_zh"))

# Numbers that genuinely differ between the English and the Chinese text of one field, as
# (resource, English key) -> (numbers only in the English, numbers only in the Chinese). Keep it small:
# every entry must be needed (test_number_allowance_is_needed) and justified here.
NUMBER_ALLOWANCE: dict[tuple[str, str], tuple[Counter[str], Counter[str]]] = {
    # "Oct-2026 pull" names the month in letters; Chinese writes the month as a number (2026年10月).
    ("china_mva_cny_derived_wdi", "description"): (Counter(), Counter({"10": 1})),
    # "H1-2025" (twice) is 2025年上半年 in Chinese: the 1 of "H1" is a half-year label, not a figure.
    ("china_mva_share_gdp_official", "description"): (Counter({"1": 2}), Counter()),
    # "R&D >= 10m yuan": Chinese counts in 万 (ten thousands), so 10 million yuan is 1000万元.
    ("lg_industry", "description"): (Counter({"10": 1}), Counter({"1000": 1})),
}


def load() -> dict:
    return json.loads(DESCRIPTOR.read_text(encoding="utf-8"))


DATA = load()
RESOURCES = {resource["name"]: resource for resource in DATA["resources"]}
# The package itself and every resource: (id, object) with the texts to check.
SUBJECTS = [("<package>", {k: v for k, v in DATA.items() if k != "resources"}), *RESOURCES.items()]
FIELDS = [
    pytest.param(name, subject, english, chinese, id=f"{name}-{english}")
    for name, subject in SUBJECTS
    for english, chinese in PAIRS
    if english in subject
]


def numbers(text: str) -> Counter[str]:
    """Digit runs of a text with thousands separators dropped (4,762 -> 4762), as a multiset."""
    found = Counter()
    for run in NUMBER.findall(text):
        if GROUPED.fullmatch(run):
            run = run.replace(",", "")
        found[run] += 1
    return found


def test_there_is_something_to_check() -> None:
    assert len(RESOURCES) == len(DATA["resources"]) >= 28
    assert {"title", "description"} <= DATA.keys()
    assert all({"title", "description"} <= resource.keys() for resource in RESOURCES.values())


@pytest.mark.parametrize(("name", "subject", "english", "chinese"), FIELDS)
def test_chinese_text_present(name: str, subject: dict, english: str, chinese: str) -> None:
    assert isinstance(subject[english], str) and subject[english].strip(), (name, english)
    text = subject.get(chinese)
    assert isinstance(text, str), f"{name}: no {chinese}"
    assert text.strip(), f"{name}: {chinese} is empty"
    assert CJK.search(text), f"{name}: {chinese} has no Chinese character"
    assert text != subject[english], f"{name}: {chinese} is a copy of {english}"


@pytest.mark.parametrize(("name", "subject", "english", "chinese"), FIELDS)
def test_chinese_key_follows_english_key(name: str, subject: dict, english: str, chinese: str) -> None:
    keys = list(subject)
    assert chinese in keys and keys.index(chinese) == keys.index(english) + 1, (name, keys)


@pytest.mark.parametrize(("name", "subject", "english", "chinese"), FIELDS)
def test_same_numbers(name: str, subject: dict, english: str, chinese: str) -> None:
    only_english, only_chinese = NUMBER_ALLOWANCE.get((name, english), (Counter(), Counter()))
    en, zh = numbers(subject[english]), numbers(subject.get(chinese, ""))
    missing, extra = en - zh, zh - en
    assert (missing, extra) == (only_english, only_chinese), (
        f"{name}.{chinese}: numbers only in the English {dict(missing)}, only in the Chinese {dict(extra)}"
    )


@pytest.mark.parametrize(("name", "subject", "english", "chinese"), FIELDS)
def test_digit_groups_kept(name: str, subject: dict, english: str, chinese: str) -> None:
    """Numbers written with thousands separators in the English (4,762) are written the same way."""
    grouped = Counter(run for run in NUMBER.findall(subject[english]) if GROUPED.fullmatch(run))
    missing = grouped - Counter(NUMBER.findall(subject.get(chinese, "")))
    assert not missing, f"{name}.{chinese}: not written as in the English: {sorted(missing)}"


def test_number_allowance_is_needed() -> None:
    for (name, english), (only_english, only_chinese) in NUMBER_ALLOWANCE.items():
        assert name in RESOURCES, name
        assert only_english or only_chinese, name
        en = numbers(RESOURCES[name][english])
        assert en != numbers(RESOURCES[name][f"{english}_zh"]), f"{name}: allowance no longer needed"


@pytest.mark.parametrize(("name", "subject", "english", "chinese"), FIELDS)
def test_chinese_names_in_english_kept(name: str, subject: dict, english: str, chinese: str) -> None:
    """A Chinese name quoted in the English (制造业增加值, 企查查…) reads the same in the Chinese, quote marks
    aside (专精特新小巨人 may be written 专精特新“小巨人”)."""
    text = QUOTES.sub("", subject.get(chinese, ""))
    for term in CJK_RUN.findall(subject[english]):
        assert term in text, f"{name}.{chinese} lacks {term}"


def test_numbers_helper() -> None:
    text = "1,584 vs 1,744; 2012, 2019 and 2022-05; 0-4.3%; echarts 4.9.0; H1-2025"
    expected = ["1584", "1744", "2012", "2019", "2022", "05", "0", "4.3", "4.9.0", "1", "2025"]
    assert numbers(text) == Counter(expected)
    assert numbers("4,762家") == numbers("4,762") == numbers("4762") != numbers("4,672")


def test_file_keeps_its_formatting() -> None:
    """The descriptor is written as json.dumps(indent=2, ensure_ascii=False) plus a newline, so rewriting
    it with that formatting changes nothing."""
    raw = DESCRIPTOR.read_text(encoding="utf-8")
    assert raw == json.dumps(json.loads(raw), indent=2, ensure_ascii=False) + "\n"


def test_package_still_validates() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "industrial_base", "validate", "data"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"all {len(RESOURCES)} datasets valid" in run.stdout, run.stdout + run.stderr


FIELDS_ZH = [
    pytest.param(resource["name"], field, id=f"{resource['name']}.{field['name']}")
    for resource in DATA["resources"]
    for field in resource.get("schema", {}).get("fields", [])
    if {"title_zh", "description_zh"} & field.keys()
]


def test_some_fields_have_chinese_texts() -> None:
    assert FIELDS_ZH, "the claims' half column has its Chinese title and description"


@pytest.mark.parametrize(("name", "field"), FIELDS_ZH)
def test_a_fields_chinese_texts_follow_its_english_ones_and_head_its_column(name: str, field: dict) -> None:
    """A field's Chinese title and description sit right after the English ones, are Chinese, and the title
    is the column's Chinese header (`app/content/zh/columns.toml`), so the two cannot drift apart."""
    keys = list(field)
    for english, chinese in PAIRS:
        assert CJK.search(field[chinese]), (name, field["name"], chinese)
        assert keys.index(chinese) == keys.index(english) + 1, (name, keys)
        assert numbers(field[english]) == numbers(field[chinese]), (name, field["name"])
    assert chinese_header(name, field["name"]) == field["title_zh"]
