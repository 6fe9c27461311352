"""Sources & methods: the dataset catalogue, legends, derivation checks, known discrepancies and licences.

Everything here is read from the descriptor and the validated tables; the checks recompute derived figures
from their inputs so the page can show that (and by how much) they reproduce.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from industrial_base import figures
from industrial_base.citation import OUR_DERIVATIONS, publishers
from industrial_base.facts import little_giants as lg
from industrial_base.facts.value_added import gdp_share_comparison, world_share_comparison
from industrial_base.freshness import FRESHNESS
from industrial_base.headers import column_headers
from industrial_base.i18n import Messages
from industrial_base.palette import BASIS_COLOURS
from industrial_base.pipeline.build import DERIVED, rebuild
from industrial_base.pipeline.tables import table_from_frame
from industrial_base.provenance import CONFIDENCE_ORDER, sources_of
from industrial_base.registry import (
    ABOUT_DATA,
    EVERY,
    Card,
    Chart,
    Control,
    Datasets,
    Kind,
    Page,
    Prepared,
    View,
    md,
)
from industrial_base.transforms import window
from industrial_base.validation import issues_frame

UNRATED = "unrated"
NOT_RECORDED = "not recorded"
BASIS_ORDER = ["official", "reported", "derived", "computed", "compiled", "third-party", "claim"]
VINTAGE_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9"]
INDICATORS = ("NV.IND.MANF.ZS", "NV.IND.MANF.CD")
"""WDI indicators with copies in wdi_vintages (the ids are option values in links); their names are in the
catalogue (`sources.vintages.indicators`)."""
BILLION_UNIT = "billion"
HUNDRED_MILLION_PER_BILLION = 10
"""Chinese readers count large sums in 亿 (100 million): a value in billions × 10 is the same value in 亿."""
GEO_NOTICE = Path("geo") / "NOTICE.md"


# --- the catalogue ---------------------------------------------------------------------------------------


def first_link(resource: Mapping[str, Any]) -> str | None:
    for source in resource.get("sources", []):
        path = source.get("path", "")
        if path.startswith(("http://", "https://")):
            return str(path)
    return None


def joined(m: Messages, items: Sequence[Any], last: bool = False) -> str:
    """Items as a list in the reader's language ("2022, 2023" / "2022、2023"); `last` joins the last item
    with this page's "and", which in Chinese is set off by spaces between figures ("1,744 和 1,748")."""
    texts = [str(item) for item in items]
    if last and len(texts) > 1:
        return m.join(texts[:-1], final=False) + m.fragment("sources.lists.and") + texts[-1]
    return m.join(texts, final=False)


def licence_names(m: Messages, resource: Mapping[str, Any]) -> str:
    names = dict.fromkeys(str(lic.get("name", "")) for lic in resource.get("licenses", []))
    return ", ".join(n for n in names if n) or m("sources.catalogue.not_stated")


def datasets_frame(m: Messages, descriptor: Mapping[str, Any], tables: Mapping[str, Any]) -> pd.DataFrame:
    """One row per resource: what it is, how big, its licence and main source, and whether it validated
    (`valid`, with `status` its label). Titles are the descriptor's (`title_zh` in Chinese).

    `tables` maps a resource name to its validation result (anything with `frame`, `errors`, `issues`)."""
    topics = m.labels("sources.topics")
    status = m.labels("sources.status")
    rows = []
    for resource in descriptor.get("resources", []):
        name = resource["name"]
        result = tables.get(name)
        frame = getattr(result, "frame", None)
        errors = len(getattr(result, "errors", []) or [])
        warnings = len(getattr(result, "issues", []) or []) - errors
        valid = result is not None and errors == 0 and frame is not None
        topic = str(resource.get("topic", ""))
        rows.append(
            {
                "dataset": name,
                "title": m.name(resource.get("title"), resource.get("title_zh")),
                "topic": topics.get(topic, topic),
                "rows": len(frame) if frame is not None else None,
                "sector": m("sources.catalogue.sector_yes", field=resource["sector_field"])
                if resource.get("sector_field")
                else m("sources.catalogue.sector_no"),
                "licence": licence_names(m, resource),
                "main_source": first_link(resource),
                "sources": len(resource.get("sources", [])),
                "status": status["valid" if valid else "failed"],
                "valid": valid,
                "errors": errors,
                "warnings": max(warnings, 0),
                "file": resource.get("path", ""),
            }
        )
    frame = pd.DataFrame(rows)
    return frame.astype({"rows": "Int64"}) if len(frame) else frame


def sources_markdown(m: Messages, resource: Mapping[str, Any]) -> str:
    """The descriptor's sources of one resource as a markdown list, links where there is a URL."""
    lines = []
    for source in resource.get("sources", []):
        title = str(source.get("title") or m("sources.details.untitled")).replace("[", "(").replace("]", ")")
        path = source.get("path", "")
        lines.append(f"- [{title}]({path})" if path.startswith(("http://", "https://")) else f"- {title}")
    return "\n".join(lines) or f"- {m('sources.details.no_source')}"


def schema_frame(resource: Mapping[str, Any], chinese: bool = False) -> pd.DataFrame:
    """One row per field of the resource's Table Schema; in Chinese a field's `description_zh` where the
    descriptor gives one (the English `description` otherwise)."""
    schema = resource.get("schema", {})
    keys = set(schema.get("primaryKey", []) or [])
    rows = [
        {
            "field": f["name"],
            "type": f.get("type", ""),
            "unit": f.get("unit", ""),
            "required": bool(f.get("constraints", {}).get("required", False)),
            "key": f["name"] in keys,
            "description": (chinese and f.get("description_zh")) or f.get("description", f.get("title", "")),
        }
        for f in schema.get("fields", [])
    ]
    return pd.DataFrame(rows, columns=["field", "type", "unit", "required", "key", "description"])


# --- legends -----------------------------------------------------------------------------------------------

LEVELS = {
    "confidence": ("sources.confidence", "ui.confidence", CONFIDENCE_ORDER, UNRATED, True),
    "basis": ("sources.basis", "ui.basis", BASIS_ORDER, NOT_RECORDED, False),
}
"""Each legend's column: our meanings of its levels (the table less its intro), the short names the other
pages use, the levels' order, what an empty cell counts as, and whether that count is listed when none."""


def legend(m: Messages, tables: Mapping[str, pd.DataFrame], column: str) -> pd.DataFrame:
    """The levels of `column` over every table that has it: the level (as the data writes it), its name in
    charts and cards (`label`, with the levels only this page names, `sources.levels`), its meaning (our
    words) and how many rows carry it; levels without a meaning are listed too."""
    meanings, short, order, missing, always = LEVELS[column]
    counts: dict[str, int] = dict.fromkeys([*order, missing], 0)
    for frame in tables.values():
        if column in frame:
            for value, n in frame[column].fillna(missing).value_counts().items():
                counts[str(value)] = counts.get(str(value), 0) + int(n)
    if not always and not counts[missing]:
        del counts[missing]
    described = {k: str(v) for k, v in m.entry(meanings).items() if k != "intro"}
    labels = {**m.labels("sources.levels"), **m.labels(short)}
    rows = [
        {column: level, "label": labels.get(level, level), "meaning": described.get(level, ""), "rows": count}
        for level, count in {**dict.fromkeys(described, 0), **counts}.items()
    ]
    return pd.DataFrame(rows, columns=[column, "label", "meaning", "rows"])


# --- derivations and discrepancies -------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """A derivation or discrepancy: our words with the data's numbers (`numbers`, as the words quote them),
    and the table behind them."""

    text: str
    numbers: Mapping[str, Any]
    frame: pd.DataFrame | None = None
    folded: bool = False
    """The table in an "every year" expander."""


def rebuilt(name: str, data: Mapping[str, pd.DataFrame], column: str) -> pd.Series:
    """`column` by year of the rows the derived table `name` owns, as `python -m industrial_base build` makes
    them from the stored table and its inputs: the same function the validator's derivation rule calls, so no
    formula is written twice."""
    derivation = DERIVED[name]
    tables = {n: table_from_frame(data[n]) for n in (name, *derivation.inputs)}
    rows = [row for row in rebuild(derivation, tables).rows if derivation.owns(row)]
    return pd.Series({int(row["year"]): float(row[column]) for row in rows}, dtype=float)


def derived_cny(m: Messages, data: Datasets) -> Check:
    """CNY = US$ bn × CNY per US$ rebuilt from its inputs for every year, against the stored value and the
    official comparator."""
    frame = data["china_mva_cny_derived_wdi"][
        [
            "year",
            "usd_bn",
            "cny_per_usd",
            "value_100m_cny",
            "official_comparator_100m_cny",
            "derived_minus_official_pct",
            "official_comparator_note",
        ]
    ]
    frame["recomputed_100m_cny"] = frame["year"].map(
        rebuilt("china_mva_cny_derived_wdi", data, "value_100m_cny")
    )
    gap = (frame["recomputed_100m_cny"] - frame["value_100m_cny"]).abs()
    latest = frame.sort_values("year").iloc[-1]
    compared = frame.dropna(subset=["derived_minus_official_pct"])
    numbers = {
        "year": int(latest["year"]),
        "usd_bn": float(latest["usd_bn"]),
        "usd_100m": float(latest["usd_bn"]) * HUNDRED_MILLION_PER_BILLION,
        "rate": float(latest["cny_per_usd"]),
        "value_100m": float(latest["value_100m_cny"]),
        "first_year": int(frame["year"].min()),
        "max_gap": float(gap.max()),
        "diff_min": float(compared["derived_minus_official_pct"].min()),
        "diff_max": float(compared["derived_minus_official_pct"].max()),
        "compared": len(compared),
    }
    return Check(m("sources.derivations.derived_cny", **numbers), numbers, frame, folded=True)


def share_gdp(m: Messages, data: Datasets) -> Check:
    """The CNY values the research derived as MIIT share of GDP × NBS preliminary GDP."""
    official = data["china_mva_cny_official"]
    rows = official[official["basis"] == "derived"][["year", "value_trillion_cny", "statement", "method"]]
    numbers = {"count": len(rows), "years": joined(m, [int(y) for y in rows["year"]])}
    return Check(m("sources.derivations.share_gdp", **numbers), numbers, rows.reset_index(drop=True))


def world_share(m: Messages, data: Datasets) -> Check:
    """China ÷ World (WDI current US$) rebuilt for every year, against the stored computed shares."""
    shares = data["china_share_world_mva"]
    usd = data["wdi_mva_usd"].pivot_table(index="year", columns="iso3", values="value", aggfunc="first")
    frame = pd.DataFrame(
        {
            "china_usd_bn": usd["CHN"],
            "world_usd_bn": usd["WLD"],
            "recomputed_pct": rebuilt("china_share_world_mva", data, "value_pct"),
            "stored_pct": shares[shares["basis"] == "computed"].set_index("year")["value_pct"],
        }
    )
    frame = frame.dropna(subset=["recomputed_pct", "stored_pct"], how="all").rename_axis("year").reset_index()
    both = frame.dropna(subset=["recomputed_pct", "stored_pct"])
    latest = both.iloc[-1]
    missing_world = frame[frame["world_usd_bn"].isna()]["year"].astype(int).tolist()
    numbers = {
        "year": int(latest["year"]),
        "china": float(latest["china_usd_bn"]),
        "world": float(latest["world_usd_bn"]),
        "share": float(latest["stored_pct"]),
        "max_gap": float((both["recomputed_pct"] - both["stored_pct"]).abs().max()),
        "years": len(both),
        "no_world": joined(m, missing_world) or m("sources.lists.none"),
    }
    return Check(m("sources.derivations.world_share", **numbers), numbers, frame, folded=True)


def rollup(m: Messages, data: Datasets) -> Check:
    """The batch 1–2 province table, planned cities and the XPCC folded in: its derived rows and its total."""
    table = data["lg_province_b1b2"]
    derived = table[table["basis"] == "derived"][["province_en", "count", "method"]]
    as_of = str(table["as_of"].iloc[0])
    numbers = {
        "provinces": len(table),
        "derived": len(derived),
        "total": int(table["count"].sum()),
        "as_of": m.date(as_of),
        "stock": lg.stock_on(data["lg_cumulative"], as_of),
    }
    return Check(m("sources.derivations.rollup", **numbers), numbers, derived.reset_index(drop=True))


def batch(m: Messages, data: Datasets) -> Check:
    """The final MIIT count of batch 2 against publicity-list sums, and the check that finals add up."""
    batches = data["lg_batches"]
    final = lg.final_counts(batches)[2]
    compiled = lg.publicity_counts(batches, 2)
    counts = lg.designated(batches)
    stock = lg.stock_for(data["lg_cumulative"], sum(counts))
    numbers = {
        "batch": 2,
        "final": final,
        "compiled": joined(m, [f"{c:,}" for c in compiled], last=True),
        "excess": joined(m, [f"{c - final:,}" for c in compiled], last=True),
        "sum_terms": " + ".join(f"{c:,}" for c in counts),
        "sum": sum(counts),
        "stock": int(stock["cumulative"]),
        "stock_date": m.date(stock["as_of"]),
    }
    return Check(m("sources.discrepancies.batch", **numbers), numbers)


def review(m: Messages, data: Datasets) -> Check:
    """Two pass counts for the review of batch 1, and which of them reproduces MIIT's next stated stock."""
    reviews, batches, cumulative = data["lg_reviews"], data["lg_batches"], data["lg_cumulative"]
    rows = reviews[reviews["reviewed_batch"].astype(str) == "1"].sort_values("passed", ascending=False)
    year = int(rows["review_year"].iloc[0])
    steps = {int(p): lg.review_step(batches, cumulative, "1", year, int(p)) for p in rows["passed"]}
    counts = list(steps)
    high, low = steps[counts[0]], steps[counts[-1]]
    assert high is not None and low is not None, f"review of batch 1 in {year}: no stock to check"
    matching = [p for p, step in steps.items() if step is not None and step.reconciles]
    numbers = {
        "batch": "1",
        "year": year,
        "high": counts[0],
        "low": counts[-1],
        "high_publisher": m.data_name(rows["publisher"].iloc[0]),
        "low_publisher": m.data_name(rows["publisher"].iloc[-1]),
        "before": high.previous,
        "removed": high.reviewed,
        "new_batch": high.new_batch,
        "new_count": high.new,
        "after": high.stock,
        "after_date": m.date(high.stock_date),
        "with_high": high.total,
        "with_low": low.total,
        "matching": joined(m, [f"{p:,}" for p in matching], last=True) or m("sources.lists.neither"),
    }
    return Check(m("sources.discrepancies.review", **numbers), numbers)


def gdp_share(m: Messages, data: Datasets) -> Check:
    frame = gdp_share_comparison(data["china_mva_share_gdp_official"], data["wdi_mva_share_gdp"])
    widest = frame.loc[frame["difference_pp"].abs().idxmax()]
    numbers = {"max_gap": float(widest["difference_pp"]), "max_year": int(widest["year"])}
    return Check(m("sources.discrepancies.gdp_share", **numbers), numbers, frame)


def about_thirty(m: Messages, data: Datasets) -> Check:
    frame = world_share_comparison(data["china_share_world_mva"])
    numbers = {
        "years": joined(m, [int(y) for y in frame["year"]]),
        "computed_min": float(frame["computed_pct"].min()),
        "computed_max": float(frame["computed_pct"].max()),
        "gap_max": float(frame["gap_pp"].max()),
    }
    return Check(m("sources.discrepancies.world_share", **numbers), numbers, frame)


# --- revisions ---------------------------------------------------------------------------------------------


def vintages(frame: pd.DataFrame, indicator: str, iso3: str = "CHN") -> pd.DataFrame:
    """One country's values of one indicator in every WDI copy, over the years at least two copies share."""
    part = frame[(frame["iso3"] == iso3) & (frame["indicator"] == indicator)].dropna(subset=["value"])
    copies = part.groupby("year")["wdi_vintage"].nunique()
    shared = copies[copies >= 2].index
    if len(shared) == 0:
        return part.iloc[0:0]
    return window(part, int(min(shared)), int(max(shared))).sort_values(["wdi_vintage", "year"])


def reader_scale(m: Messages, part: pd.DataFrame) -> float:
    """Factor from the data's unit to the one the reader counts in: values in billions are shown in 亿
    (× 10) to Chinese readers, who do not count in billions; everything else as stored."""
    units = set(part["unit"].dropna().astype(str)) if "unit" in part else set()
    in_billions = bool(units) and all(u.startswith(BILLION_UNIT) for u in units)
    return float(HUNDRED_MILLION_PER_BILLION) if m.is_chinese and in_billions else 1.0


def vintage_numbers(m: Messages, part: pd.DataFrame) -> dict[str, Any]:
    """The largest revision between copies, in the unit the chart shows the reader (`reader_scale`)."""
    scaled = part.assign(value=part["value"] * reader_scale(m, part))
    spread = scaled.groupby("year")["value"].agg(["min", "max"])
    spread["range"] = spread["max"] - spread["min"]
    year = int(spread["range"].idxmax())
    return {
        "copies": part["wdi_vintage"].nunique(),
        "first_year": int(part["year"].min()),
        "last_year": int(part["year"].max()),
        "year": year,
        "low": float(spread.loc[year, "min"]),
        "high": float(spread.loc[year, "max"]),
        "range": float(spread.loc[year, "range"]),
    }


def vintage_figure(m: Messages, part: pd.DataFrame, indicator: str) -> go.Figure:
    """One line per WDI copy, named by the copy's label (as the data records it) and ordered by its date;
    values in the reader's unit (`reader_scale`), named on the axis and in the hover."""
    names = list(dict.fromkeys(part.sort_values("source_date")["wdi_vintage"]))
    colours = {name: VINTAGE_COLOURS[i % len(VINTAGE_COLOURS)] for i, name in enumerate(names)}
    scale = reader_scale(m, part)
    ordered = part.assign(
        order=part["wdi_vintage"].map({n: i for i, n in enumerate(names)}),
        value=part["value"] * scale,
    ).sort_values(["order", "year"])
    figure = figures.lines(
        ordered,
        x="year",
        y="value",
        group="wdi_vintage",
        colours=colours,
        hover_unit=m.labels("sources.revisions.hover_units").get(indicator, ""),
        y_title=m.labels("sources.revisions.axis_titles").get(indicator, indicator),
    )
    figure.update_yaxes(rangemode="normal")
    if scale != 1:  # whole 亿, with separators ("50,000"), not SI suffixes ("50k")
        figure.update_yaxes(tickformat=",d")
    return figure


# --- licences ----------------------------------------------------------------------------------------------


def licences_frame(m: Messages, descriptor: Mapping[str, Any]) -> pd.DataFrame:
    """Each distinct licence (name and title) with its link and the datasets it covers ('package' for the
    compilation as a whole)."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}

    def add(licence: Mapping[str, Any], owner: str) -> None:
        key = (str(licence.get("name", "")), str(licence.get("title", "")))
        entry = seen.setdefault(
            key, {"licence": key[0], "applies_to": key[1], "url": licence.get("path"), "datasets": []}
        )
        entry["datasets"].append(owner)

    for licence in descriptor.get("licenses", []):
        add(licence, m("sources.licences.whole_package"))
    for resource in descriptor.get("resources", []):
        for licence in resource.get("licenses", []):
            add(licence, resource["name"])
    rows = [
        {**entry, "count": len(entry["datasets"]), "datasets": ", ".join(entry["datasets"])}
        for entry in seen.values()
    ]
    return pd.DataFrame(rows, columns=["licence", "applies_to", "url", "count", "datasets"])


def notice_text(data_dir: Path) -> str | None:
    path = Path(data_dir) / GEO_NOTICE
    return path.read_text(encoding="utf-8") if path.exists() else None


# --- what the page shows -----------------------------------------------------------------------------------

CATALOGUE_COLUMNS = [
    "dataset",
    "title",
    "rows",
    "sector",
    "main_source",
    "sources",
    "licence",
    "topic",
    "status",
]
VALIDATION_COLUMNS = ["dataset", "status", "errors", "warnings", "rows", "file"]


def catalogue(m: Messages, data: Datasets) -> dict[str, Any]:
    """The descriptor and the validation results read into tables: one row per resource with the catalogue's
    columns (`listed`) and with the validation table's (`validated`), how many `failed`, each failed
    dataset's problems where it has a validation result (`failed_issues`: (dataset, problems) pairs), the
    descriptor's problems (`package_issues`, None if none) and the datasets with warnings (`warned`)."""
    package = data.package
    datasets = datasets_frame(m, package.descriptor, package.tables)
    failed = datasets[~datasets["valid"]]
    return {
        "listed": datasets[CATALOGUE_COLUMNS],
        "validated": datasets[VALIDATION_COLUMNS],
        "failed": len(failed),
        "failed_issues": tuple(
            (name, issues_frame(package.tables[name].errors))
            for name in failed["dataset"]
            if package.tables.get(name) is not None
        ),
        "package_issues": issues_frame(package.package_issues) if package.package_issues else None,
        "warned": tuple(datasets[datasets["warnings"] > 0]["dataset"]),
    }


def details(m: Messages, data: Datasets) -> tuple[dict[str, Any], ...]:
    """The inside of every dataset's expander, in the descriptor's order."""
    return tuple(resource_details(m, data, resource) for resource in data.descriptor.get("resources", []))


def resource_details(m: Messages, data: Datasets, resource: Mapping[str, Any]) -> dict[str, Any]:
    """Its `name` and `title`, who published its figures (`data_from`, the most cited first, for its
    citation), its `description`, a `line` (file, topic, licence, sector), its `sources` and `schema`, and
    the distinct sources of its rows (`found`) if it validated, else its problems (`errors`)."""
    result = data.package.tables.get(resource["name"])
    frame = result.frame if result is not None and result.ok else None
    topic = m.label("sources.topics", resource.get("topic", ""))
    line = m(
        "sources.details.line",
        path=resource.get("path", ""),
        topic=topic or m("sources.catalogue.not_stated"),
        licence=licence_names(m, resource),
        sector=m(
            "sources.details.sector_applies"
            if resource.get("sector_field")
            else "sources.details.sector_not_applies"
        ),
    )
    return {
        "name": resource["name"],
        "title": m.name(resource.get("title"), resource.get("title_zh")) or resource["name"],
        "data_from": publishers_of(m, [] if frame is None else [frame]),
        "description": md(m.name(resource.get("description"), resource.get("description_zh"))),
        "line": md(line),
        "sources": md(sources_markdown(m, resource)),
        "schema": schema_frame(resource, m.is_chinese),
        "found": None if frame is None else sources_of(frame),
        "errors": issues_frame(result.errors) if result is not None and frame is None else None,
    }


def legend_tables(m: Messages, data: Datasets) -> tuple[tuple[str, pd.DataFrame], ...]:
    """("confidence" / "basis", its legend as `st.table` shows it), counted over every validated table. As
    st.table has no column config, its headers are in the reader's language, and the `label` column is left
    out where it says no more than the level itself (English confidence levels)."""
    tables = data.validated()
    headers = column_headers(m, data.descriptor, (), ("confidence", "basis", "label", "meaning", "rows"))
    shown = []
    for column in LEVELS:
        frame = legend(m, tables, column)
        if (frame["label"].str.casefold() == frame[column].str.casefold()).all():
            frame = frame.drop(columns="label")
        shown.append((column, frame.rename(columns=headers)))
    return tuple(shown)


def vintage_indicators(m: Messages, data: Datasets) -> dict[str, str]:
    """Indicator id -> its name, for the indicators with copies in wdi_vintages."""
    present = set(data["wdi_vintages"]["indicator"])
    names = m.labels("sources.controls.vintage_indicator.names")
    return {indicator: names[indicator] for indicator in INDICATORS if indicator in present}


def vintages_card(m: Messages, data: Datasets, vintage_indicator: str) -> Card:
    part = vintages(data["wdi_vintages"], vintage_indicator)
    names = m.labels("sources.controls.vintage_indicator.names")
    return Card(
        title=m("sources.revisions.title", indicator=names[vintage_indicator]),
        figure=vintage_figure(m, part, vintage_indicator),
        displayed=part,
        takeaway=m("sources.revisions.takeaway", **vintage_numbers(m, part)),
        footnote=m("sources.revisions.footnote"),
    )


def licences(m: Messages, data: Datasets) -> tuple[pd.DataFrame, str | None]:
    """The licences table and the province boundaries' notice."""
    return licences_frame(m, data.descriptor), notice_text(data.package.data_dir)


def publishers_of(m: Messages, frames: Sequence[pd.DataFrame]) -> str:
    """Who published the figures of these tables, the most cited first (for a citation)."""
    cited = [frame["publisher"] for frame in frames if "publisher" in frame]
    if not cited:
        return m("sources.catalogue.not_stated")
    counts = pd.concat(cited).value_counts()
    return publishers([p for p in counts.index if not str(p).startswith(OUR_DERIVATIONS)], m)


def package_publishers(m: Messages, data: Datasets) -> str:
    """Who published the package's figures (for the package's citation)."""
    return publishers_of(m, list(data.validated().values()))


def evidence_rows(m: Messages, tables: Mapping[str, pd.DataFrame], topics: Mapping[str, str]) -> pd.DataFrame:
    """Rows per dataset and basis, for every table with a `basis` column (lookups have none)."""
    topic_names = m.labels("sources.evidence.topics")
    parts = []
    for name, frame in tables.items():
        if "basis" in frame:
            counts = frame["basis"].fillna(NOT_RECORDED).value_counts().rename_axis("basis")
            topic = topics.get(name, "")
            parts.append(
                counts.reset_index(name="rows").assign(
                    dataset=name, topic=topic_names.get(topic, topic or "other")
                )
            )
    if not parts:
        return pd.DataFrame(columns=["topic", "dataset", "basis", "rows"])
    frame = pd.concat(parts, ignore_index=True)[["topic", "dataset", "basis", "rows"]]
    order = {b: i for i, b in enumerate(BASIS_ORDER)}
    return frame.sort_values(["topic", "basis"], key=lambda s: s.map(order) if s.name == "basis" else s)


def evidence_by_topic(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows per topic and basis, with each basis's share of the topic's rows."""
    grouped = rows.groupby(["topic", "basis"], as_index=False, sort=False)["rows"].sum()
    grouped["share_pct"] = grouped["rows"] / grouped.groupby("topic")["rows"].transform("sum") * 100
    order = {b: i for i, b in enumerate(BASIS_ORDER)}
    return grouped.sort_values("basis", key=lambda s: s.map(order).fillna(len(order)), kind="stable")


def evidence_figure(m: Messages, by_topic: pd.DataFrame) -> go.Figure:
    official = by_topic[by_topic["basis"] == "official"].set_index("topic")["share_pct"]
    topics = list(dict.fromkeys(by_topic["topic"]))
    order = sorted(topics, key=lambda t: -float(official.get(t, 0.0)))
    figure = figures.stacked_bars(
        by_topic,
        category="topic",
        value="share_pct",
        group="basis",
        colours=BASIS_COLOURS,
        names=m.labels("ui.basis"),
        value_title=m("sources.evidence.value_title"),
        hover_unit=m("sources.evidence.hover_unit"),
        category_order=order,
    )
    figure.update_xaxes(range=[0, 100], ticksuffix="%")
    return figure


def evidence_numbers(rows: pd.DataFrame) -> dict[str, Any]:
    total = int(rows["rows"].sum())
    by_basis = rows.groupby("basis")["rows"].sum()
    official = int(by_basis.get("official", 0))
    return {
        "rows": total,
        "datasets": rows["dataset"].nunique(),
        "official": official,
        "official_pct": official / total * 100 if total else 0.0,
        "claims": int(by_basis.get("claim", 0)),
        "derived": int(by_basis.get("derived", 0) + by_basis.get("computed", 0)),
    }


def evidence_card(m: Messages, data: Datasets) -> Card:
    topics = {name: resource.get("topic", "") for name, resource in data.package.resources.items()}
    rows = evidence_rows(m, data.validated(), topics)
    return Card(
        title=m("sources.evidence.title"),
        figure=evidence_figure(m, evidence_by_topic(rows)),
        displayed=rows,
        takeaway=m("sources.evidence.takeaway", **evidence_numbers(rows)),
        footnote=m("sources.evidence.footnote"),
    )


CATALOGUE = Prepared(reads=(EVERY,), build=catalogue)
PACKAGE_PUBLISHERS = Prepared(reads=(EVERY,), build=package_publishers)
DETAILS = Prepared(reads=(EVERY,), build=details)
LEGENDS = Prepared(reads=(EVERY,), build=legend_tables)
LICENCES = Prepared(reads=(EVERY,), build=licences)
DERIVATIONS = {
    "derived_cny": Prepared(
        reads=("china_mva_cny_derived_wdi", "wdi_mva_usd", "cny_usd_rate"), build=derived_cny
    ),
    "share_gdp": Prepared(reads=("china_mva_cny_official",), build=share_gdp),
    "world_share": Prepared(reads=("wdi_mva_usd", "china_share_world_mva"), build=world_share),
    "rollup": Prepared(reads=("lg_province_b1b2", "lg_cumulative"), build=rollup),
}
"""The derivation checks, by their key in `sources.derivations.titles`."""
DISCREPANCIES = {
    "batch": Prepared(reads=("lg_batches", "lg_cumulative"), build=batch),
    "review": Prepared(reads=("lg_reviews", "lg_batches", "lg_cumulative"), build=review),
    "gdp_share": Prepared(reads=("china_mva_share_gdp_official", "wdi_mva_share_gdp"), build=gdp_share),
    "world_share": Prepared(reads=("china_share_world_mva",), build=about_thirty),
}
"""The discrepancy checks, by their key in `sources.discrepancies.titles`."""
INDICATOR = Control(
    "vintage_indicator", Kind.CHOICE, Prepared(reads=("wdi_vintages",), build=vintage_indicators)
)
PAGE = Page(
    "sources",
    ":material/menu_book:",
    url_path="sources",
    group=ABOUT_DATA,
    headings="header",
    views=(
        View("evidence", Chart(reads=(EVERY,), build=evidence_card)),
        View(
            "datasets",
            parts=(CATALOGUE, PACKAGE_PUBLISHERS, DETAILS, FRESHNESS),
            by_sector=False,
            heading=True,
        ),
        View("legends", parts=(LEGENDS,), by_sector=False, heading=True),
        View("derivations", parts=tuple(DERIVATIONS.values()), by_sector=False, heading=True),
        View("discrepancies", parts=tuple(DISCREPANCIES.values()), by_sector=False, heading=True),
        View("revisions", Chart(reads=("wdi_vintages",), build=vintages_card, controls=(INDICATOR,))),
        View("validation", parts=(CATALOGUE,), by_sector=False, heading=True),
        View("licences", parts=(LICENCES,), by_sector=False, heading=True),
    ),
)
"""Sections the page draws (grids, expanders, checks), and two charts: where the figures come from, and how
the World Bank revised its figures (with its indicator control). The page opens on the first chart; the
catalogue of datasets (a grid of every dataset at full height and an expander each, the package download) is
the next view (`?view=datasets`): it took a browser the longest of any first view to draw."""
