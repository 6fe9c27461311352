"""Sources & methods: the dataset catalogue, legends, derivation checks, known discrepancies and licences.

Everything here is read from the descriptor and the validated tables; the checks recompute derived figures
from their inputs so the page can show that (and by how much) they reproduce.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from industrial_base import figures
from industrial_base.i18n import Messages
from industrial_base.provenance import CONFIDENCE_ORDER
from industrial_base.transforms import window

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
    (`valid`, with `status` its label). Titles and descriptions are the descriptor's (English).

    `tables` maps a resource name to its validation result (anything with `frame`, `errors`, `issues`)."""
    topics = m.table("sources.topics")
    status = m.table("sources.status")
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
                "title": resource.get("title", ""),
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
                "description": resource.get("description", ""),
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


def schema_frame(resource: Mapping[str, Any]) -> pd.DataFrame:
    schema = resource.get("schema", {})
    keys = set(schema.get("primaryKey", []) or [])
    rows = [
        {
            "field": f["name"],
            "type": f.get("type", ""),
            "unit": f.get("unit", ""),
            "required": bool(f.get("constraints", {}).get("required", False)),
            "key": f["name"] in keys,
            "description": f.get("description", f.get("title", "")),
        }
        for f in schema.get("fields", [])
    ]
    return pd.DataFrame(rows, columns=["field", "type", "unit", "required", "key", "description"])


# --- legends -----------------------------------------------------------------------------------------------


def level_counts(
    tables: Mapping[str, pd.DataFrame], column: str, order: Sequence[str], missing: str = UNRATED
) -> dict[str, int]:
    """Rows per value of `column` over every table that has it; empty cells count under `missing`."""
    counts: dict[str, int] = dict.fromkeys([*order, missing], 0)
    for frame in tables.values():
        if column not in frame:
            continue
        for value, n in frame[column].fillna(missing).value_counts().items():
            counts[str(value)] = counts.get(str(value), 0) + int(n)
    return counts


def legend_frame(
    counts: Mapping[str, int], meanings: Mapping[str, str], name: str, labels: Mapping[str, str]
) -> pd.DataFrame:
    """Level (as the data writes it), its name in charts and cards (`label`), its meaning (our words) and how
    many rows carry it; levels without a meaning are listed too."""
    levels = list(dict.fromkeys([*meanings, *counts]))
    return pd.DataFrame(
        [
            {
                name: level,
                "label": labels.get(level, level),
                "meaning": meanings.get(level, ""),
                "rows": counts.get(level, 0),
            }
            for level in levels
        ],
        columns=[name, "label", "meaning", "rows"],
    )


def legend_meanings(m: Messages, legend: str) -> dict[str, str]:
    """Level -> our explanation of it (`sources.confidence` / `sources.basis`, without the intro)."""
    return {k: str(v) for k, v in m.entry(f"sources.{legend}").items() if k != "intro"}


def level_labels(m: Messages, legend: str) -> dict[str, str]:
    """Level -> the short name the other pages use (`ui.confidence` / `ui.basis`), plus the levels only this
    page names (`sources.levels`)."""
    return {**m.table("sources.levels"), **m.table(f"ui.{legend}")}


def confidence_legend(m: Messages, tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    counts = level_counts(tables, "confidence", CONFIDENCE_ORDER)
    return legend_frame(counts, legend_meanings(m, "confidence"), "confidence", level_labels(m, "confidence"))


def basis_legend(m: Messages, tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    counts = level_counts(tables, "basis", BASIS_ORDER, missing=NOT_RECORDED)
    if not counts.get(NOT_RECORDED):
        counts.pop(NOT_RECORDED, None)
    return legend_frame(counts, legend_meanings(m, "basis"), "basis", level_labels(m, "basis"))


# --- derivations -------------------------------------------------------------------------------------------


def derived_cny_check(derived: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Recompute CNY = US$ bn × CNY per US$ for every year and compare with the stored value and the official
    comparator."""
    frame = derived[
        [
            "year",
            "usd_bn",
            "cny_per_usd",
            "value_100m_cny",
            "official_comparator_100m_cny",
            "derived_minus_official_pct",
            "official_comparator_note",
        ]
    ].copy()
    frame["recomputed_100m_cny"] = (frame["usd_bn"] * frame["cny_per_usd"] * 10).round(1)
    gap = (frame["recomputed_100m_cny"] - frame["value_100m_cny"]).abs()
    latest = frame.sort_values("year").iloc[-1]
    compared = frame.dropna(subset=["derived_minus_official_pct"])
    return frame, {
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


def share_times_gdp(m: Messages, official: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The CNY values the research derived as MIIT share of GDP × NBS preliminary GDP."""
    rows = official[official["basis"] == "derived"][["year", "value_trillion_cny", "statement", "method"]]
    years = joined(m, [int(y) for y in rows["year"]])
    return rows.reset_index(drop=True), {"count": len(rows), "years": years}


def world_share_check(
    m: Messages, usd: pd.DataFrame, shares: pd.DataFrame
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """China ÷ World (WDI current US$) recomputed for every year, against the stored computed shares."""
    pivot = usd.pivot_table(index="year", columns="iso3", values="value", aggfunc="first")
    recomputed = (pivot["CHN"] / pivot["WLD"] * 100).dropna().rename("recomputed_pct").reset_index()
    stored = shares[shares["basis"] == "computed"][["year", "value_pct"]].rename(
        columns={"value_pct": "stored_pct"}
    )
    frame = recomputed.merge(stored, on="year", how="outer").sort_values("year")
    frame = frame.merge(
        pivot[["CHN", "WLD"]].rename(columns={"CHN": "china_usd_bn", "WLD": "world_usd_bn"}).reset_index(),
        on="year",
        how="left",
    )[["year", "china_usd_bn", "world_usd_bn", "recomputed_pct", "stored_pct"]]
    both = frame.dropna(subset=["recomputed_pct", "stored_pct"])
    latest = both.iloc[-1]
    missing_world = frame[frame["world_usd_bn"].isna()]["year"].astype(int).tolist()
    return frame.reset_index(drop=True), {
        "year": int(latest["year"]),
        "china": float(latest["china_usd_bn"]),
        "world": float(latest["world_usd_bn"]),
        "share": float(latest["stored_pct"]),
        "max_gap": float((both["recomputed_pct"] - both["stored_pct"]).abs().max()),
        "years": len(both),
        "no_world": joined(m, missing_world) or m("sources.lists.none"),
    }


def rollup_check(
    m: Messages, rollup: pd.DataFrame, cumulative: pd.DataFrame
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The batch 1–2 province table, planned cities and the XPCC folded in: its derived rows and its total."""
    derived = rollup[rollup["basis"] == "derived"][["province_en", "count", "method"]]
    as_of = str(rollup["as_of"].iloc[0])
    stock = cumulative[cumulative["as_of"] == as_of]["cumulative"]
    return derived.reset_index(drop=True), {
        "provinces": len(rollup),
        "derived": len(derived),
        "total": int(rollup["count"].sum()),
        "as_of": m.date(as_of),
        "stock": int(stock.iloc[0]) if len(stock) else None,
    }


# --- discrepancies -----------------------------------------------------------------------------------------


def batch_conflict(
    m: Messages, batches: pd.DataFrame, cumulative: pd.DataFrame, batch: int = 2
) -> dict[str, Any]:
    """The final MIIT count of one batch against publicity-list sums, and the check that finals add up."""
    rows = batches[batches["batch"] == batch]
    final = int(rows[rows["count_type"] == "announced_final"]["count"].iloc[0])
    compiled = sorted(int(c) for c in rows[rows["count_type"] == "publicity_compiled"]["count"])
    year = int(rows["year"].iloc[0])
    stock_rows = cumulative[cumulative["as_of"].astype(str).str.startswith(str(year + 1))].sort_values(
        "as_of"
    )
    finals = batches[(batches["count_type"] == "announced_final")].sort_values("batch")
    stock = stock_rows.iloc[-1]
    upto = finals[finals["year"] <= int(str(stock["as_of"])[:4])]
    return {
        "batch": batch,
        "final": final,
        "compiled": joined(m, [f"{c:,}" for c in compiled], last=True),
        "excess": joined(m, [f"{c - final:,}" for c in compiled], last=True),
        "sum_terms": " + ".join(f"{int(c):,}" for c in upto["count"]),
        "sum": int(upto["count"].sum()),
        "stock": int(stock["cumulative"]),
        "stock_date": m.date(stock["as_of"]),
    }


def review_conflict(
    m: Messages, reviews: pd.DataFrame, batches: pd.DataFrame, cumulative: pd.DataFrame, batch: str = "1"
) -> dict[str, Any]:
    """Two pass counts for one review, and which of them reproduces MIIT's next stated stock."""
    rows = reviews[reviews["reviewed_batch"].astype(str) == batch].sort_values("passed", ascending=False)
    year = int(rows["review_year"].iloc[0])
    finals = batches[batches["count_type"] == "announced_final"].set_index("batch")["count"]
    exact = cumulative[cumulative["qualifier"] == "exact"].sort_values("as_of")
    before = exact[exact["as_of"].astype(str) < str(year)].iloc[-1]
    after = exact[exact["as_of"].astype(str).str.startswith(str(year))].iloc[-1]
    new_batch = int(
        batches[(batches["year"] == year) & (batches["count_type"] == "announced_final")]["batch"].iloc[0]
    )
    removed = int(finals[int(batch)])
    results = {
        int(p): int(before["cumulative"]) - removed + int(p) + int(finals[new_batch]) for p in rows["passed"]
    }
    matching = [p for p, total in results.items() if total == int(after["cumulative"])]
    counts = [int(p) for p in rows["passed"]]
    return {
        "batch": batch,
        "year": year,
        "high": counts[0],
        "low": counts[-1],
        "high_publisher": m.data_name(rows["publisher"].iloc[0]),
        "low_publisher": m.data_name(rows["publisher"].iloc[-1]),
        "before": int(before["cumulative"]),
        "removed": removed,
        "new_batch": new_batch,
        "new_count": int(finals[new_batch]),
        "after": int(after["cumulative"]),
        "after_date": m.date(after["as_of"]),
        "with_high": results[counts[0]],
        "with_low": results[counts[-1]],
        "matching": joined(m, [f"{p:,}" for p in matching], last=True) or m("sources.lists.neither"),
    }


def gdp_share_comparison(official: pd.DataFrame, wdi: pd.DataFrame) -> pd.DataFrame:
    """MIIT's share of GDP next to the World Bank's for the same full years."""
    miit = official[(official["period"] == "year")].dropna(subset=["value_pct"])[
        ["year", "value_pct", "qualifier"]
    ]
    china = wdi[wdi["iso3"] == "CHN"].dropna(subset=["value"])[["year", "value"]]
    frame = miit.rename(columns={"value_pct": "miit_pct"}).merge(
        china.rename(columns={"value": "wdi_pct"}), on="year", how="inner"
    )
    frame["difference_pp"] = (frame["miit_pct"] - frame["wdi_pct"]).round(2)
    return frame[["year", "miit_pct", "qualifier", "wdi_pct", "difference_pp"]].reset_index(drop=True)


def world_share_comparison(shares: pd.DataFrame) -> pd.DataFrame:
    """Official 'about' claims of China's share of world manufacturing against the share computed from WDI."""
    about = shares[(shares["basis"] == "official") & (shares["qualifier"] == "about")]
    computed = shares[shares["basis"] == "computed"][["year", "value_pct"]]
    frame = about[["year", "value_pct", "qualifier_text", "publisher"]].rename(
        columns={"value_pct": "official_claim_pct"}
    )
    frame = frame.merge(computed.rename(columns={"value_pct": "computed_pct"}), on="year", how="left")
    frame["gap_pp"] = (frame["official_claim_pct"] - frame["computed_pct"]).round(2)
    return frame[["year", "official_claim_pct", "qualifier_text", "computed_pct", "gap_pp", "publisher"]]


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
        hover_unit=m.table("sources.vintages.hover_units").get(indicator, ""),
        y_title=m.table("sources.vintages.axis_titles").get(indicator, indicator),
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
