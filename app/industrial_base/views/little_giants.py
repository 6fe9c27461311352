"""Little giants: batches, stock and reviews, geography and industry, and the numbers the commentary quotes.

Pure: frames in, frames / figures / numbers out. Final MIIT counts and publicity-list compilations are kept
apart everywhere; a figure nobody published is labelled "not published", never filled in.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from industrial_base import figures
from industrial_base.palette import BASIS_COLOURS, NEUTRAL, SECTOR_COLOURS

FINAL = "announced_final"
FINAL_NAME = "Final count (MIIT)"
NOT_PUBLISHED = "not published"
ASSOCIATION = "中制智库"
COMPILATION_NAMES = {
    "official_publicity": "MIIT publicity list",
    "association": "Compilation: 中制智库 (industry association)",
    "other": "Compilation: blogs, consultancies",
}
COMPILATION_SYMBOLS = {"official_publicity": "star", "association": "diamond", "other": "circle"}
COMPILATION_COLOURS = {
    "official_publicity": BASIS_COLOURS["official"],
    "association": BASIS_COLOURS["compiled"],
    "other": BASIS_COLOURS["third-party"],
}
SCOPE_COLOURS = ["#08519C", "#6BAED6", "#9E9AC8", "#BDBDBD"]
BAR_WIDTH = 0.42
MAP_ZOOM = 2.0
QUALIFIER_SIGNS = {"more than": ">", "about": "≈", "less than": "<"}
REGISTRY_DIVISIONS = "GB/T 4754 division"
MANUFACTURING_SECTION = "manufacturing"


def sign(qualifier: object) -> str:
    """'>' for 'more than', '≈' for 'about', nothing for exact or empty."""
    return QUALIFIER_SIGNS.get(qualifier, "") if isinstance(qualifier, str) else ""


def batch_label(batch: int, year: int) -> str:
    return f"Batch {batch} ({year})"


def thousands(values: list[int]) -> str:
    """'1,744 / 1,748'."""
    return " / ".join(f"{v:,}" for v in values)


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    names = [str(n) for n in names]
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


def span(values: list[int]) -> str:
    """'6–7' for consecutive numbers, '6, 8' otherwise."""
    if not values:
        return ""
    if len(values) > 1 and values == list(range(values[0], values[-1] + 1)):
        return f"{values[0]}–{values[-1]}"
    return ", ".join(str(v) for v in values)


# --- batches ---------------------------------------------------------------------------------------------


def compilation_family(row: pd.Series) -> str:
    if row["count_type"] == "publicity" and row["basis"] == "official":
        return "official_publicity"
    return "association" if ASSOCIATION in str(row["publisher"]) else "other"


def batch_series(batches: pd.DataFrame) -> pd.DataFrame:
    """Every count per batch as charted: one row per final count or compilation, plus a 'not published'
    row (count empty) for each batch that has no final MIIT count."""
    frame = batches.copy()
    frame["label"] = [batch_label(int(b), int(y)) for b, y in zip(frame["batch"], frame["year"], strict=True)]
    frame["series"] = [
        FINAL_NAME if t == FINAL else COMPILATION_NAMES[compilation_family(row)]
        for t, (_, row) in zip(frame["count_type"], frame.iterrows(), strict=True)
    ]
    frame["status"] = pd.Series(pd.NA, index=frame.index, dtype="string")
    missing = sorted(set(frame["batch"]) - set(frame.loc[frame["count_type"] == FINAL, "batch"]))
    gaps = [
        {
            "batch": batch,
            "year": frame.loc[frame["batch"] == batch, "year"].iloc[0],
            "label": frame.loc[frame["batch"] == batch, "label"].iloc[0],
            "count_type": FINAL,
            "series": FINAL_NAME,
            "status": NOT_PUBLISHED,
            "note": "No final MIIT count found; only publicity-list compilations.",
        }
        for batch in missing
    ]
    out = pd.concat([frame, pd.DataFrame(gaps)], ignore_index=True) if gaps else frame
    out = out.astype({"batch": "Int64", "year": "Int64", "count": "Int64"})
    columns = ["batch", "year", "label", "series", "count", "status", "count_type", "date", "basis"]
    rest = [c for c in ("publisher", "source_url", "confidence", "note") if c in out]
    return out.sort_values(["batch", "series"], kind="stable")[columns + rest].reset_index(drop=True)


def final_counts(batches: pd.DataFrame) -> dict[int, int]:
    final = batches[batches["count_type"] == FINAL].dropna(subset=["count"])
    return {int(b): int(c) for b, c in zip(final["batch"], final["count"], strict=True)}


def batch_figure(series: pd.DataFrame) -> go.Figure:
    """Final counts as solid bars (left half of each batch's slot); publicity compilations as markers beside
    them (right half); 'not published' written, vertically, where a batch has no final count."""
    ordered = series.sort_values("batch")
    batches = [int(b) for b in dict.fromkeys(ordered["batch"])]
    labels = list(dict.fromkeys(ordered["label"]))
    final = (
        series[series["series"] == FINAL_NAME].drop_duplicates("batch").set_index("batch").reindex(batches)
    )
    figure = figures.bars(
        final.reset_index(),
        category="batch",
        value="count",
        colours=BASIS_COLOURS["official"],
        value_title="Firms",
        horizontal=False,
        hover_unit="firms",
        height=420,
    )
    figure.update_traces(
        name=FINAL_NAME,
        showlegend=True,
        width=BAR_WIDTH,
        offset=-BAR_WIDTH - 0.02,
        customdata=labels,
        hovertemplate=f"{FINAL_NAME}<br>%{{customdata}}: %{{y:,}} firms<extra></extra>",
        selector={"type": "bar"},
    )
    compilations = series[(series["series"] != FINAL_NAME) & series["count"].notna()].copy()
    slot = compilations.groupby("batch").cumcount()
    compilations["x"] = compilations["batch"].astype(float) + 0.14 + 0.16 * slot
    for family, name in COMPILATION_NAMES.items():
        part = compilations[compilations["series"] == name]
        if part.empty:
            continue
        figures.points(
            figure,
            part,
            x="x",
            y="count",
            name=name,
            colour=COMPILATION_COLOURS[family],
            symbol=COMPILATION_SYMBOLS[family],
            hover_text=[f"{lab} · {pub}" for lab, pub in zip(part["label"], part["publisher"], strict=True)],
            hover_unit="firms",
        )
        figure.data[-1].update(hovertemplate=f"{name}<br>%{{text}}<br>%{{y:,}} firms<extra></extra>")
    for batch in final.index[final["count"].isna()]:
        figure.add_annotation(
            x=batch - BAR_WIDTH / 2 - 0.02,
            y=0,
            yanchor="bottom",
            textangle=-90,
            text="final count: " + NOT_PUBLISHED,
            showarrow=False,
            font={"size": 11, "color": NEUTRAL},
        )
    figure.update_layout(showlegend=True)
    figure.update_xaxes(
        tickvals=batches,
        ticktext=[label.replace(" (", "<br>(") for label in labels],
        range=[min(batches) - 0.6, max(batches) + 0.6],
        showgrid=False,
    )
    return figure


@dataclass(frozen=True)
class BatchCheck:
    """The article's 4,762 against the final counts of batches 1-3, and the batch-2 discrepancy."""

    b1: int
    b2: int
    b3: int
    total: int
    stock: int
    stock_date: str
    stock_publisher: str
    matches: bool
    b2_publicity: str
    b2_gap: str
    alt_totals: str
    unpublished: str
    unpublished_counts: str
    final_span: str
    largest_batch: int
    largest: int


def batch_check(batches: pd.DataFrame, cumulative: pd.DataFrame) -> BatchCheck:
    final = final_counts(batches)
    b1, b2, b3 = final[1], final[2], final[3]
    total = b1 + b2 + b3
    exact = cumulative[cumulative["qualifier"] == "exact"]
    match = exact[exact["cumulative"] == total]
    row = match.iloc[0] if len(match) else exact.iloc[(exact["cumulative"] - total).abs().argmin()]
    compiled = batches[(batches["batch"] == 2) & (batches["count_type"] != FINAL)]
    publicity = sorted(int(c) for c in compiled["count"].dropna())
    gaps = sorted({p - b2 for p in publicity})
    every_batch = sorted(int(b) for b in batches["batch"].unique())
    missing = [b for b in every_batch if b not in final]
    missing_counts = [
        thousands(sorted(int(c) for c in batches.loc[batches["batch"] == b, "count"].dropna()))
        for b in missing
    ]
    largest_batch = max(final, key=final.__getitem__)
    return BatchCheck(
        b1=b1,
        b2=b2,
        b3=b3,
        total=total,
        stock=int(row["cumulative"]),
        stock_date=str(row["as_of"]),
        stock_publisher=str(row["publisher"]),
        matches=int(row["cumulative"]) == total,
        b2_publicity=thousands(publicity),
        b2_gap=" and ".join(f"{g:,}" for g in gaps),
        alt_totals=thousands([b1 + p + b3 for p in publicity]),
        unpublished=span(missing),
        unpublished_counts="; ".join(missing_counts),
        final_span=span(sorted(final)),
        largest_batch=largest_batch,
        largest=final[largest_batch],
    )


# --- stock and reviews -----------------------------------------------------------------------------------


def stock_points(cumulative: pd.DataFrame) -> pd.DataFrame:
    """The published stock as stated: 'more than' figures keep their qualifier in `shown`."""
    frame = cumulative.sort_values("as_of").reset_index(drop=True)
    frame["shown"] = [
        f"{sign(q)}{int(v):,}" for q, v in zip(frame["qualifier"], frame["cumulative"], strict=True)
    ]
    columns = ["as_of", "cumulative", "qualifier", "shown", "basis", "publisher", "source_url", "confidence"]
    return frame[[*columns, "note"]]


def stock_figure(points: pd.DataFrame) -> go.Figure:
    figure = figures.lines(
        points.assign(series="Published stock"),
        x="as_of",
        y="cumulative",
        group="series",
        colours={"Published stock": "#BBBBBB"},
        dashed=["Published stock"],
        hover_unit="firms",
        y_title="Little giants (stock)",
    )
    figure.update_traces(showlegend=False, hoverinfo="skip", hovertemplate=None, marker={"size": 1})
    for exact, part in points.groupby(points["qualifier"] == "exact", sort=False):
        name = "Exact count" if exact else "Published as a threshold ('more than')"
        figures.points(
            figure,
            part,
            x="as_of",
            y="cumulative",
            name=name,
            colour=BASIS_COLOURS["official"] if exact else BASIS_COLOURS["compiled"],
            symbol="circle" if exact else "triangle-up-open",
            hover_text=[f"{s} · {p}" for s, p in zip(part["shown"], part["publisher"], strict=True)],
            hover_unit="firms",
        )
        figure.data[-1].update(
            mode="markers+text", texttemplate=list(part["shown"]), textposition="top left", cliponaxis=False
        )
    figure.update_xaxes(type="category", title={"text": "As of (date as published)"})
    figure.update_yaxes(range=[0, float(points["cumulative"].max()) * 1.18])
    return figure


def stock_numbers(points: pd.DataFrame) -> dict[str, Any]:
    first, last = points.iloc[0], points.iloc[-1]
    thresholds = points[points["qualifier"] != "exact"]
    return {
        "first": int(first["cumulative"]),
        "first_date": str(first["as_of"]),
        "last": str(last["shown"]),
        "last_date": str(last["as_of"]),
        "thresholds": ", ".join(
            f"{s} ({d})" for s, d in zip(thresholds["shown"], thresholds["as_of"], strict=True)
        )
        or "none",
    }


@dataclass(frozen=True)
class Reconciliation:
    """previous stock - batch up for review + passed + new batch = published stock."""

    previous: int
    reviewed: int
    passed: int
    new: int
    stock: int
    stock_date: str
    reviewed_batch: str
    new_batch: int


def _reconciliation(
    passed: int,
    reviewed_batch: str,
    review_year: int,
    final: dict[int, int],
    cumulative: pd.DataFrame,
    years: dict[int, int],
) -> Reconciliation | None:
    if not reviewed_batch.isdigit() or int(reviewed_batch) not in final:
        return None
    exact = cumulative[cumulative["qualifier"] == "exact"].sort_values("as_of")
    after = exact[exact["as_of"].str.startswith(str(review_year))]
    new_batches = [b for b, y in years.items() if y == review_year and b in final]
    if after.empty or not new_batches:
        return None
    before = exact[exact["as_of"] < after["as_of"].iloc[0]]
    if before.empty:
        return None
    previous, stock = int(before["cumulative"].iloc[-1]), int(after["cumulative"].iloc[0])
    reviewed, new = final[int(reviewed_batch)], final[new_batches[0]]
    if previous - reviewed + passed + new != stock:
        return None
    return Reconciliation(
        previous, reviewed, passed, new, stock, str(after["as_of"].iloc[0]), reviewed_batch, new_batches[0]
    )


def chosen_reviews(
    reviews: pd.DataFrame, batches: pd.DataFrame, cumulative: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, Reconciliation | None]:
    """One pass count per review for the chart, and the conflicting values that are not charted.

    Rule: the value that reproduces an exact published stock wins; otherwise an official row; otherwise the
    first listed. The reason is kept in `why`.
    """
    final = final_counts(batches)
    years = {int(b): int(y) for b, y in zip(batches["batch"], batches["year"], strict=True)}
    chosen_rows: list[pd.Series] = []
    others: list[pd.Series] = []
    reconciled: Reconciliation | None = None
    for _, group in reviews.groupby("reviewed_batch", sort=False):
        pick, why = None, ""
        for index, row in group.iterrows():
            check = _reconciliation(
                int(row["passed"]),
                str(row["reviewed_batch"]),
                int(row["review_year"]),
                final,
                cumulative,
                years,
            )
            if check is not None:
                pick, why, reconciled = index, "reproduces MIIT's published stock", check
                break
        if pick is None:
            official = group[group["basis"] == "official"]
            pick, why = (
                (official.index[0], "official notice")
                if len(group) > 1 and len(official)
                else (group.index[0], "only value" if len(group) == 1 else "first listed")
            )
        chosen_rows.append(group.loc[pick].copy().rename(pick))
        chosen_rows[-1]["why"] = why
        others.extend(row for _, row in group.drop(index=pick).iterrows())
    chosen = pd.DataFrame(chosen_rows)
    chosen["up_for_review"] = [
        final.get(int(b)) if str(b).isdigit() else None for b in chosen["reviewed_batch"]
    ]
    chosen = chosen.astype({"up_for_review": "Int64", "passed": "Int64", "review_year": "Int64"})
    rest = pd.DataFrame(others) if others else reviews.iloc[0:0]
    return chosen.reset_index(drop=True), rest.reset_index(drop=True), reconciled


def review_label(reviewed_batch: object, year: object) -> str:
    return f"Batch {reviewed_batch}<br>(reviewed {year})"


def reviews_long(chosen: pd.DataFrame) -> pd.DataFrame:
    """Tidy: one row per review and measure (up for review / passed), for the grouped bars and the table."""
    rows = []
    for _, row in chosen.iterrows():
        label = review_label(row["reviewed_batch"], row["review_year"])
        base = row["up_for_review"]
        rows.append({"review": label, "measure": "Up for review (final batch count)", "firms": base})
        rows.append({"review": label, "measure": "Passed review", "firms": row["passed"]})
    return pd.DataFrame(rows).astype({"firms": "Int64"})


def reviews_figure(chosen: pd.DataFrame) -> go.Figure:
    long = reviews_long(chosen).dropna(subset=["firms"])
    return figures.grouped_bars(
        long,
        x="review",
        y="firms",
        group="measure",
        colours={"Up for review (final batch count)": "#BBBBBB", "Passed review": BASIS_COLOURS["official"]},
        y_title="Firms",
        hover_unit="firms",
    )


@dataclass(frozen=True)
class ReviewSummary:
    reviewed: int
    passed: int
    rate: float
    batches: str
    choices: str
    others: str
    combined_label: str
    combined_year: int
    combined: int
    combined_rate: float


def review_summary(chosen: pd.DataFrame, others: pd.DataFrame) -> ReviewSummary:
    simple = chosen[chosen["up_for_review"].notna()]
    combined = chosen[chosen["up_for_review"].isna()]
    choices = "; ".join(
        f"batch {b}: {int(p):,} ({w})"
        for b, p, w in zip(simple["reviewed_batch"], simple["passed"], simple["why"], strict=True)
    )
    rejected = "; ".join(
        f"batch {b}: {int(p):,} ({pub})"
        for b, p, pub in zip(others["reviewed_batch"], others["passed"], others["publisher"], strict=True)
    )
    first = combined.iloc[0] if len(combined) else None
    return ReviewSummary(
        reviewed=int(simple["up_for_review"].sum()),
        passed=int(simple["passed"].sum()),
        rate=float(simple["passed"].sum() / simple["up_for_review"].sum() * 100),
        batches=span(sorted(int(b) for b in simple["reviewed_batch"])),
        choices=choices,
        others=rejected or "none",
        combined_label=str(first["reviewed_batch"]) if first is not None else "",
        combined_year=int(first["review_year"]) if first is not None else 0,
        combined=int(first["passed"]) if first is not None else 0,
        combined_rate=float(first["pass_rate_pct"]) if first is not None else float("nan"),
    )


def key_support_note(key_support: pd.DataFrame) -> dict[str, Any]:
    counts = [int(c) for c in key_support.sort_values("batch")["count"].dropna()]
    return {"key_batches": len(counts), "key_counts": thousands(counts)}


# --- geography -------------------------------------------------------------------------------------------


def province_frame(b1b2: pd.DataFrame) -> pd.DataFrame:
    frame = b1b2.sort_values("count", ascending=False, kind="stable").reset_index(drop=True)
    columns = ["adcode", "province_en", "province_zh", "count", "method", "basis", "source_url", "confidence"]
    return frame[columns]


def no_data_areas(b1b2: pd.DataFrame, provinces: pd.DataFrame) -> pd.DataFrame:
    """Map features with no value in the table (drawn grey, not dropped)."""
    return provinces[~provinces["adcode"].isin(b1b2["adcode"])][["adcode", "name_en"]].reset_index(drop=True)


def province_map(geojson: dict[str, Any] | str, frame: pd.DataFrame, no_data: pd.DataFrame) -> go.Figure:
    figure = figures.choropleth(
        geojson,
        frame,
        location="adcode",
        value="count",
        label="province_en",
        value_title="Firms",
    )
    figure.update_layout(map={"zoom": MAP_ZOOM})
    figures.add_no_data_areas(
        figure, geojson, list(no_data["adcode"]), list(no_data["name_en"]), note="not in the MIIT table"
    )
    return figures.colourbar_below(figure, "Firms")


def top_provinces_figure(frame: pd.DataFrame, n: int) -> go.Figure:
    top = frame.head(n)
    return figures.bars(
        top, category="province_en", value="count", colours=BASIS_COLOURS["official"], value_title="Firms"
    )


def province_numbers(frame: pd.DataFrame) -> dict[str, Any]:
    top = frame[frame["count"] == frame["count"].max()]
    lowest = frame[frame["count"] == frame["count"].min()]
    derived = frame[frame["basis"] == "derived"]["province_en"]
    return {
        "top": join_names(list(top["province_en"])),
        "top_count": int(frame["count"].max()),
        "total": int(frame["count"].sum()),
        "lowest": join_names(list(lowest["province_en"])),
        "lowest_count": int(frame["count"].min()),
        "derived": ", ".join(sorted(derived)),
    }


def scope_label(scope: str, total: int, scheme: str) -> str:
    return f"{scope[:1].upper()}{scope[1:]} (n = {total:,}, {scheme})"


def region_frame(regions: pd.DataFrame) -> pd.DataFrame:
    """Splits with published counts; `scope_label` names the scope with its total and scheme."""
    counted = regions.dropna(subset=["count"]).copy()
    totals = counted.groupby("scope")["count"].transform("sum")
    counted["scope_label"] = [
        scope_label(s, int(t), m)
        for s, t, m in zip(counted["scope"], totals, counted["region_scheme"], strict=True)
    ]
    counted["share_of_scope_pct"] = (counted["count"] / totals * 100).astype("Float64").round(2)
    return counted.reset_index(drop=True)


def region_figure(frame: pd.DataFrame) -> go.Figure:
    labels = list(dict.fromkeys(frame["scope_label"]))
    colours = dict(zip(labels, SCOPE_COLOURS, strict=False))
    return figures.grouped_bars(
        frame,
        x="region",
        y="count",
        group="scope_label",
        colours=colours,
        y_title="Firms",
        hover_unit="firms",
    )


def region_numbers(regions: pd.DataFrame) -> dict[str, Any]:
    frame = region_frame(regions)
    four = frame[frame["region_scheme"] == "4 regions"]
    east = four[four["region"] == "East"].sort_values("as_of")
    totals = four.groupby("scope", sort=False)["count"].sum()
    first, last = east.iloc[0], east.iloc[-1]
    unpublished = regions[regions["count"].isna()]
    shares = "; ".join(
        f"{r}: {s:g}%" for r, s in zip(unpublished["region"], unpublished["share_pct"], strict=True)
    )
    return {
        "east_first": float(first["share_of_scope_pct"]),
        "east_last": float(last["share_of_scope_pct"]),
        "total_first": int(totals[first["scope"]]),
        "total_last": int(totals[last["scope"]]),
        "unpublished_scope": str(unpublished["scope"].iloc[0]) if len(unpublished) else "",
        "unpublished_shares": shares,
    }


def city_frame(cities: pd.DataFrame) -> pd.DataFrame:
    frame = cities.dropna(subset=["count"]).copy()
    order = frame.groupby("city")["count"].max().sort_values(ascending=False).index
    frame["city"] = pd.Categorical(frame["city"], categories=list(order), ordered=True)
    return (
        frame.sort_values(["city", "scope"])
        .assign(city=lambda f: f["city"].astype(str))
        .reset_index(drop=True)
    )


def city_figure(frame: pd.DataFrame) -> go.Figure:
    """One bar per city and table, grouped by table (the tables differ in scope, so bars are not summed)."""
    scopes = list(dict.fromkeys(frame["scope"]))
    colours = dict(zip(scopes, SCOPE_COLOURS, strict=False))
    ordered = frame.assign(order=frame["scope"].map(scopes.index)).sort_values(
        ["order", "count"], ascending=[True, False], kind="stable"
    )
    figure = figures.bars(
        ordered.assign(bar=[f"{c} · {s}" for c, s in zip(ordered["city"], ordered["scope"], strict=True)]),
        category="bar",
        value="count",
        colours=[colours[s] for s in ordered["scope"]],
        value_title="Firms",
        hover_unit="firms",
    )
    figure.update_yaxes(tickvals=list(range(len(ordered))), ticktext=list(ordered["city"]))
    figure.update_traces(
        y=list(range(len(ordered))),
        customdata=[f"{c} · {s}" for c, s in zip(ordered["city"], ordered["scope"], strict=True)],
        hovertemplate="%{customdata}: %{x:,} firms<extra></extra>",
        selector=0,
    )
    return figures.add_legend_keys(figure, colours)


def city_numbers(frame: pd.DataFrame) -> dict[str, Any]:
    top = frame.loc[frame["count"].idxmax()]
    return {
        "city": str(top["city"]),
        "count": int(top["count"]),
        "scope": str(top["scope"]),
        "tables": frame["scope"].nunique(),
    }


# --- industry --------------------------------------------------------------------------------------------


def profile_frame(industry: pd.DataFrame) -> pd.DataFrame:
    """Shares quoted for little giants as a whole: MIIT's '5678' profile and the manufacturing shares that the
    article's '≈90%' may come from. No sector dimension (whole-population shares)."""
    shares = industry.dropna(subset=["share_pct"])
    keep = (shares["classification"] == "MIIT characteristic") | (
        shares["category"].str.startswith(MANUFACTURING_SECTION) & ~shares["scope"].str.contains("Shanghai")
    )
    frame = shares[keep].copy()
    frame["shown"] = [
        f"{sign(q)}{v:g}%" for q, v in zip(frame["share_qualifier"], frame["share_pct"], strict=True)
    ]
    columns = ["scope", "category", "share_pct", "share_qualifier", "shown", "basis", "classification"]
    return frame[[*columns, "publisher", "source_url", "confidence", "note"]].reset_index(drop=True)


def profile_figure(frame: pd.DataFrame) -> go.Figure:
    figure = figures.bars(
        frame.assign(
            bar=[f"{wrap_label(c)}<br>{s}" for c, s in zip(frame["category"], frame["scope"], strict=True)]
        ),
        category="bar",
        value="share_pct",
        colours=[BASIS_COLOURS.get(b, NEUTRAL) for b in frame["basis"]],
        value_title="% of firms, as published",
        text_format=".0f",
        hover_unit="%",
        height=52 * len(frame) + 150,
    )
    figure.update_traces(texttemplate=list(frame["shown"]), textposition="outside", cliponaxis=False)
    figure.update_xaxes(range=[0, 112])
    bases = list(dict.fromkeys(frame["basis"]))
    return figures.add_legend_keys(figure, {b: BASIS_COLOURS.get(b, NEUTRAL) for b in bases})


@dataclass(frozen=True)
class ProfileCheck:
    foundation: float
    foundation_scope: str
    foundation_date: str
    four_foundations: float
    manufacturing: float
    manufacturing_scope: str
    registry_share: float
    registry_scope: str
    registry_source: str
    services_share: float
    manufacturing_count: int


def profile_check(industry: pd.DataFrame) -> ProfileCheck:
    official = industry[
        (industry["classification"] == "MIIT characteristic") & (industry["basis"] == "official")
    ]
    foundation = official[official["category"].str.contains("industrial-foundation")].iloc[0]
    four = industry[industry["category"].str.contains("four foundations")].iloc[0]
    manufacturing = industry[
        (industry["category"] == MANUFACTURING_SECTION) & (industry["share_qualifier"] == "about")
    ].iloc[0]
    registry = industry[
        (industry["category"] == MANUFACTURING_SECTION)
        & industry["classification"].str.startswith("GB/T 4754")
        & industry["count"].notna()
        & industry["share_pct"].notna()
    ].iloc[0]
    services = industry[
        (industry["classification"] == registry["classification"])
        & (industry["scope"] == registry["scope"])
        & (industry["category"] != MANUFACTURING_SECTION)
        & industry["share_pct"].notna()
    ].iloc[0]
    return ProfileCheck(
        foundation=float(foundation["share_pct"]),
        foundation_scope=str(foundation["scope"]),
        foundation_date=str(foundation["as_of"]),
        four_foundations=float(four["share_pct"]),
        manufacturing=float(manufacturing["share_pct"]),
        manufacturing_scope=str(manufacturing["scope"]),
        registry_share=float(registry["share_pct"]),
        registry_scope=str(registry["scope"]),
        registry_source=str(registry["classification"]),
        services_share=float(services["share_pct"]),
        manufacturing_count=int(registry["count"]),
    )


def registry_frame(industry: pd.DataFrame, sectors: list[str], labels: dict[str, str]) -> pd.DataFrame:
    """Registry counts by GB/T 4754 manufacturing division, mapped to sectors, in the chosen sectors."""
    rows = industry[
        industry["classification"].str.startswith(REGISTRY_DIVISIONS)
        & industry["sector_id"].notna()
        & industry["count"].notna()
    ]
    rows = rows[rows["sector_id"].isin(sectors)].sort_values("count", ascending=False, kind="stable")
    rows = rows.assign(sector=[labels.get(s, s) for s in rows["sector_id"]])
    columns = ["category", "sector_id", "sector", "count", "scope", "classification", "basis"]
    return rows[[*columns, "publisher", "source_url", "confidence", "note"]].reset_index(drop=True)


def wrap_label(label: str, width: int = 22) -> str:
    """Break a long axis label over lines (plotly '<br>'), so that narrow screens keep room for the bars."""
    return "<br>".join(textwrap.wrap(label, width)) or label


def registry_figure(frame: pd.DataFrame) -> go.Figure:
    figure = figures.bars(
        frame.assign(category=[wrap_label(c) for c in frame["category"]]),
        category="category",
        value="count",
        colours=[SECTOR_COLOURS.get(s, NEUTRAL) for s in frame["sector_id"]],
        value_title="Firms (registry tagging)",
        hover_unit="firms",
    )
    entries = dict(zip(frame["sector"], frame["sector_id"], strict=True))
    return figures.add_legend_keys(
        figure, {label: SECTOR_COLOURS.get(s, NEUTRAL) for label, s in entries.items()}
    )


def registry_numbers(frame: pd.DataFrame) -> dict[str, Any]:
    by_sector = frame.groupby("sector", sort=False)["count"].sum().sort_values(ascending=False)
    total = int(frame["count"].sum())
    return {
        "n": len(frame),
        "top_sector": str(by_sector.index[0]),
        "top_count": int(by_sector.iloc[0]),
        "total": total,
        "top_share": float(by_sector.iloc[0] / total * 100),
        "scope": str(frame["scope"].iloc[0]),
    }
