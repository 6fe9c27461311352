"""How to cite a chart or a dataset of the dashboard, and how to embed a view: plain text, BibTeX and, for
Chinese readers, GB/T 7714-2015 (the Chinese national standard for references; an online resource is
`[EB/OL]`, its access date in square brackets).

Every citation names the dashboard as author, the chart or dataset, the publishers of the figures it draws,
the date the reader accessed it and the link that reopens exactly what they saw. Pure text; no Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from html import escape

from industrial_base.i18n import Messages
from industrial_base.package import DataPackage
from industrial_base.pipeline.build import DERIVED

MAX_PUBLISHERS = 4
"""Publishers named in a citation or a picture's source line; more are summed up as "and N others"."""
OUR_DERIVATIONS = "project research"
"""How `publisher` starts on a row this project derived or computed (docs/data-conventions.md)."""
EMBED_HEIGHT = 720
"""The iframe's height (px): the static embed page (title, chart, takeaway, sources) without scrolling."""


@dataclass(frozen=True)
class Citation:
    """One thing cited, in each form a reader may paste: `plain` (the reader's language), `bibtex`, and
    `gbt` (GB/T 7714, given to Chinese readers)."""

    plain: str
    bibtex: str
    gbt: str | None


def publishers(names: Iterable[object], m: Messages) -> str:
    """The distinct publishers of the rows drawn, most frequent first as given, joined in the reader's way."""
    found = list(dict.fromkeys(str(n).strip() for n in names if isinstance(n, str) and str(n).strip()))
    if len(found) > MAX_PUBLISHERS:
        return m(
            "ui.cite.publishers_more",
            first=m.join(found[:MAX_PUBLISHERS], final=False),
            count=len(found) - MAX_PUBLISHERS,
        )
    return m.join(found)


def cited_publishers(m: Messages, package: DataPackage, datasets: Iterable[str], rows: Iterable[str]) -> str:
    """Who published the figures a chart draws, for its citation: the publishers of its rows (`rows`), and
    for rows this project derived, the publishers of the tables they were derived from (their inputs'
    rows); where the rows drawn do not name theirs, the publishers of the datasets they come from."""
    given = list(rows) or [p for name in datasets for p in _publishers(package, name)]
    found = [p for p in given if not p.startswith(OUR_DERIVATIONS)]
    if len(found) < len(given):
        for name in datasets:
            for source in DERIVED[name].inputs if name in DERIVED else ():
                found += _publishers(package, source)
        found.append(m("ui.cite.ours", author=m("ui.app.title")))
    return publishers(found, m)


def _publishers(package: DataPackage, name: str) -> list[str]:
    """The publishers of a validated dataset's rows, the most frequent first."""
    frame = package.tables[name].frame if name in package.tables else None
    if frame is None or "publisher" not in frame:
        return []
    return [str(p) for p in frame["publisher"].value_counts().index]


def _key(*parts: str) -> str:
    """A BibTeX key: lower-case letters, digits and underscores."""
    return re.sub(r"[^a-z0-9]+", "_", "_".join(parts).lower()).strip("_")


def _braced(text: str) -> str:
    """A BibTeX field value: braces kept balanced, `%`, `&`, `$`, `#`, `_` escaped for LaTeX."""
    cleaned = text.replace("{", "(").replace("}", ")")
    return re.sub(r"([%&$#_])", r"\\\1", cleaned)


def cite(
    m: Messages,
    *,
    kind: str,
    key: str,
    title: str,
    data_from: str,
    accessed: date,
    url: str,
    licence: str = "",
) -> Citation:
    """A citation of a chart (`kind` "chart") or a dataset ("dataset"), accessed on `accessed` at `url`.
    `licence` names the licences of the data cited (from their entries in the descriptor): every form
    carries them, so a citation of non-commercial data says so wherever it is pasted."""
    author = m("ui.app.title")
    licensed = m.fragment("ui.cite.licence", licence=licence) if licence else ""
    words = {
        "author": author,
        "title": title,
        "data_from": data_from,
        "licensed": licensed,
        "year": accessed.year,
        "accessed": m.date(accessed.isoformat()),
        "url": url,
    }
    plain = m(f"ui.cite.plain_{kind}", **words)
    note = m("ui.cite.bibtex_note", data_from=data_from)
    if licence:
        note += m.fragment("ui.cite.bibtex_licence", licence=licence)
    bibtex = "\n".join(
        [
            f"@misc{{{_key('industrial_base_monitor', key, str(accessed.year))},",
            f"  author = {{{{{_braced(author)}}}}},",
            f"  title = {{{_braced(title)}}},",
            f"  year = {{{accessed.year}}},",
            f"  howpublished = {{\\url{{{url}}}}},",
            f"  note = {{{_braced(note)}}},",
            f"  urldate = {{{accessed.isoformat()}}}",
            "}",
        ]
    )
    gbt = f"{author}. {title}[EB/OL]. [{accessed.isoformat()}]. {url}." if m.is_chinese else None
    if gbt and licence:
        gbt += " " + licensed.strip()
    return Citation(plain=plain, bibtex=bibtex, gbt=gbt)


def embed_snippet(title: str, url: str) -> str:
    """An `<iframe>` of a view's static embed page (`url`): the chart drawn by plotly.js from this server, its
    sources and a link back to the dashboard, with no dashboard session behind it."""
    return (
        f'<iframe src="{escape(url, quote=True)}" title="{escape(title, quote=True)}" width="100%" '
        f'height="{EMBED_HEIGHT}" style="border:0" loading="lazy"></iframe>'
    )
