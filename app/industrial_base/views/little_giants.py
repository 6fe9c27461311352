"""Little giants: batches, stock and reviews, geography and industry, and the numbers the commentary quotes.

Pure: frames in, frames / figures / numbers out. Final MIIT counts and publicity-list compilations are kept
apart everywhere; a figure nobody published is labelled "not published", never filled in. Words come from the
page catalogue (`little_giants.*`) through the `Messages` passed in; names the data holds in English only go
through `m.data_name`, province names through `m.name`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from industrial_base import figures
from industrial_base.i18n import Messages
from industrial_base.palette import BASIS_COLOURS, NEUTRAL, SECTOR_COLOURS

FINAL = "announced_final"
NOT_PUBLISHED = "not published"
"""Status id (`ui.status`) of a batch without a final MIIT count."""
ASSOCIATION = "中制智库"
COMPILATIONS = ["official_publicity", "association", "other"]
"""Families of publicity-list counts; their names are `little_giants.batches.series.<family>`."""
SERIES_ORDER = ["other", "association", "final", "official_publicity"]
"""Order of the counts within a batch (table rows, marker slots), the same in every language."""
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
REVIEW_MEASURES = ["up_for_review", "passed"]
"""Bars of the review chart; their names are `little_giants.reviews.measures.<id>`."""


def sign(qualifier: object) -> str:
    """'>' for 'more than', '≈' for 'about', nothing for exact or empty."""
    return QUALIFIER_SIGNS.get(qualifier, "") if isinstance(qualifier, str) else ""


def firms(m: Messages) -> str:
    """The hover unit after a count of firms ('firms' / '家')."""
    return m("little_giants.units.firms")


def batch_label(m: Messages, batch: int, year: int) -> str:
    return m("little_giants.batches.label", batch=batch, year=year)


def thousands(values: list[int]) -> str:
    """'1,744 / 1,748'."""
    return " / ".join(f"{v:,}" for v in values)


def span(values: list[int], sep: str = ", ") -> str:
    """'6–7' for consecutive numbers, '6, 8' otherwise."""
    if not values:
        return ""
    if len(values) > 1 and values == list(range(values[0], values[-1] + 1)):
        return f"{values[0]}–{values[-1]}"
    return sep.join(str(v) for v in values)


LABEL_WIDTH = 22
"""Axis-label width in Latin characters (a Chinese character counts as two)."""


# --- batches ---------------------------------------------------------------------------------------------


def compilation_family(row: pd.Series) -> str:
    if row["count_type"] == "publicity" and row["basis"] == "official":
        return "official_publicity"
    return "association" if ASSOCIATION in str(row["publisher"]) else "other"


def batch_series(m: Messages, batches: pd.DataFrame) -> pd.DataFrame:
    """Every count per batch as charted: one row per final count or compilation, plus a 'not published'
    row (count empty) for each batch that has no final MIIT count. `batch_label` and `series` are in the
    reader's language; `count_type` tells final counts (FINAL) from compilations."""
    names = m.table("little_giants.batches.series")
    frame = batches.copy()
    frame["batch_label"] = [
        batch_label(m, int(b), int(y)) for b, y in zip(frame["batch"], frame["year"], strict=True)
    ]
    family = [
        "final" if t == FINAL else compilation_family(row)
        for t, (_, row) in zip(frame["count_type"], frame.iterrows(), strict=True)
    ]
    frame["series"] = [names[f] for f in family]
    frame["order"] = [SERIES_ORDER.index(f) for f in family]
    frame["status"] = pd.Series(pd.NA, index=frame.index, dtype="string")
    missing = sorted(set(frame["batch"]) - set(frame.loc[frame["count_type"] == FINAL, "batch"]))
    gaps = [
        {
            "batch": batch,
            "year": frame.loc[frame["batch"] == batch, "year"].iloc[0],
            "batch_label": frame.loc[frame["batch"] == batch, "batch_label"].iloc[0],
            "count_type": FINAL,
            "series": names["final"],
            "status": m(f"ui.status.{NOT_PUBLISHED}"),
            "note": m("little_giants.batches.gap_note"),
            "order": SERIES_ORDER.index("final"),
        }
        for batch in missing
    ]
    out = pd.concat([frame, pd.DataFrame(gaps)], ignore_index=True) if gaps else frame
    out = out.astype({"batch": "Int64", "year": "Int64", "count": "Int64"})
    columns = ["batch", "year", "batch_label", "series", "count", "status", "count_type", "date", "basis"]
    rest = [c for c in ("publisher", "source_url", "confidence", "note") if c in out]
    ordered = out.sort_values(["batch", "order"], kind="stable")
    return ordered[columns + rest].reset_index(drop=True)


def final_counts(batches: pd.DataFrame) -> dict[int, int]:
    final = batches[batches["count_type"] == FINAL].dropna(subset=["count"])
    return {int(b): int(c) for b, c in zip(final["batch"], final["count"], strict=True)}


def batch_figure(m: Messages, series: pd.DataFrame) -> go.Figure:
    """Final counts as solid bars (left half of each batch's slot); publicity compilations as markers beside
    them (right half); 'not published' written, vertically, where a batch has no final count."""
    names = m.table("little_giants.batches.series")
    unit = firms(m)
    ordered = series.sort_values("batch")
    batches = [int(b) for b in dict.fromkeys(ordered["batch"])]
    years = dict(zip(ordered["batch"], ordered["year"], strict=True))
    labels = [batch_label(m, b, int(years[b])) for b in batches]
    final = series[series["count_type"] == FINAL].drop_duplicates("batch").set_index("batch").reindex(batches)
    figure = figures.bars(
        final.reset_index(),
        category="batch",
        value="count",
        colours=BASIS_COLOURS["official"],
        value_title=m("little_giants.units.firms_title"),
        horizontal=False,
        hover_unit=unit,
        height=420,
    )
    figure.update_traces(
        name=names["final"],
        showlegend=True,
        width=BAR_WIDTH,
        offset=-BAR_WIDTH - 0.02,
        customdata=labels,
        hovertemplate=f"{names['final']}<br>%{{customdata}}: %{{y:,}} {unit}<extra></extra>",
        selector={"type": "bar"},
    )
    compilations = series[(series["count_type"] != FINAL) & series["count"].notna()].copy()
    slot = compilations.groupby("batch").cumcount()
    compilations["x"] = compilations["batch"].astype(float) + 0.14 + 0.16 * slot
    for family in COMPILATIONS:
        name = names[family]
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
            hover_text=[
                f"{lab} · {pub}" for lab, pub in zip(part["batch_label"], part["publisher"], strict=True)
            ],
            hover_unit=unit,
        )
        figure.data[-1].update(hovertemplate=f"{name}<br>%{{text}}<br>%{{y:,}} {unit}<extra></extra>")
    for batch in final.index[final["count"].isna()]:
        figure.add_annotation(
            x=batch - BAR_WIDTH / 2 - 0.02,
            y=0,
            yanchor="bottom",
            textangle=-90,
            text=m("little_giants.batches.not_published"),
            showarrow=False,
            font={"size": 11, "color": NEUTRAL},
        )
    figure.update_layout(showlegend=True)
    figure.update_xaxes(
        tickvals=batches,
        ticktext=[m("little_giants.batches.tick", batch=b, year=int(years[b])) for b in batches],
        range=[min(batches) - 0.6, max(batches) + 0.6],
        showgrid=False,
    )
    return figure


@dataclass(frozen=True)
class BatchCheck:
    """The article's 4,762 against the final counts of batches 1-3, and the batch-2 discrepancy. Text fields
    are ready for prose in the reader's language (dates via `m.date`, lists joined in its convention)."""

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


def batch_check(m: Messages, batches: pd.DataFrame, cumulative: pd.DataFrame) -> BatchCheck:
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
        stock_date=m.date(row["as_of"]),
        stock_publisher=str(row["publisher"]),
        matches=int(row["cumulative"]) == total,
        b2_publicity=thousands(publicity),
        b2_gap=m.separator("and").join(f"{g:,}" for g in gaps),
        alt_totals=thousands([b1 + p + b3 for p in publicity]),
        unpublished=span(missing, m.separator("separator")),
        unpublished_counts=m.separator("items").join(missing_counts),
        final_span=span(sorted(final), m.separator("separator")),
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


def stock_figure(m: Messages, points: pd.DataFrame) -> go.Figure:
    unit = firms(m)
    line = m("little_giants.stock.series")
    figure = figures.lines(
        points.assign(series=line),
        x="as_of",
        y="cumulative",
        group="series",
        colours={line: "#BBBBBB"},
        dashed=[line],
        hover_unit=unit,
        y_title=m("little_giants.stock.y_title"),
    )
    figure.update_traces(showlegend=False, hoverinfo="skip", hovertemplate=None, marker={"size": 1})
    for exact, part in points.groupby(points["qualifier"] == "exact", sort=False):
        name = m("little_giants.stock.exact") if exact else m("little_giants.stock.threshold")
        figures.points(
            figure,
            part,
            x="as_of",
            y="cumulative",
            name=name,
            colour=BASIS_COLOURS["official"] if exact else BASIS_COLOURS["compiled"],
            symbol="circle" if exact else "triangle-up-open",
            hover_text=[f"{s} · {p}" for s, p in zip(part["shown"], part["publisher"], strict=True)],
            hover_unit=unit,
        )
        figure.data[-1].update(
            mode="markers+text", texttemplate=list(part["shown"]), textposition="top left", cliponaxis=False
        )
    dates = [str(d) for d in points["as_of"]]
    figure.update_xaxes(
        type="category",
        title={"text": m("little_giants.stock.x_title")},
        tickvals=dates,
        ticktext=[m.date(d) for d in dates],
    )
    figure.update_yaxes(range=[0, float(points["cumulative"].max()) * 1.18])
    return figure


def stock_numbers(m: Messages, points: pd.DataFrame) -> dict[str, Any]:
    first, last = points.iloc[0], points.iloc[-1]
    thresholds = points[points["qualifier"] != "exact"]
    return {
        "first": int(first["cumulative"]),
        "first_date": m.date(first["as_of"]),
        "last": str(last["shown"]),
        "last_date": m.date(last["as_of"]),
        "thresholds": m.separator("separator").join(
            m("little_giants.stock.threshold_item", shown=s, date=m.date(d))
            for s, d in zip(thresholds["shown"], thresholds["as_of"], strict=True)
        )
        or m("little_giants.join.none"),
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


def reconciliation_numbers(m: Messages, reconciled: Reconciliation) -> dict[str, Any]:
    """The placeholders of `little_giants.stock.finding` that the reconciliation fills."""
    return {
        "previous": reconciled.previous,
        "reviewed": reconciled.reviewed,
        "reviewed_batch": reconciled.reviewed_batch,
        "passed": reconciled.passed,
        "new": reconciled.new,
        "new_batch": reconciled.new_batch,
        "stock_after": reconciled.stock,
        "stock_after_date": m.date(reconciled.stock_date),
    }


def chosen_reviews(
    m: Messages, reviews: pd.DataFrame, batches: pd.DataFrame, cumulative: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, Reconciliation | None]:
    """One pass count per review for the chart, and the conflicting values that are not charted.

    Rule: the value that reproduces an exact published stock wins; otherwise an official row; otherwise the
    first listed. The reason is kept in `why` (`little_giants.reviews.why`, in the reader's language).
    """
    reasons = m.table("little_giants.reviews.why")
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
                pick, why, reconciled = index, reasons["reconciles"], check
                break
        if pick is None:
            official = group[group["basis"] == "official"]
            pick, why = (
                (official.index[0], reasons["official"])
                if len(group) > 1 and len(official)
                else (group.index[0], reasons["only"] if len(group) == 1 else reasons["first"])
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


def reviewed_batches(m: Messages, reviewed_batch: object) -> str:
    """A review's batch as the data gives it: a number, or a description of a combined review (English in
    the data, translated by the glossary)."""
    text = str(reviewed_batch)
    return text if text.isdigit() else m.data_name(text)


def review_label(m: Messages, reviewed_batch: object, year: object) -> str:
    key = "label" if str(reviewed_batch).isdigit() else "label_combined"
    return m(f"little_giants.reviews.{key}", batch=reviewed_batches(m, reviewed_batch), year=year)


def reviews_long(m: Messages, chosen: pd.DataFrame) -> pd.DataFrame:
    """Tidy: one row per review and measure (REVIEW_MEASURES ids), for the grouped bars."""
    rows = []
    for _, row in chosen.iterrows():
        label = review_label(m, row["reviewed_batch"], row["review_year"])
        rows.append({"review": label, "measure": "up_for_review", "firms": row["up_for_review"]})
        rows.append({"review": label, "measure": "passed", "firms": row["passed"]})
    return pd.DataFrame(rows).astype({"firms": "Int64"})


def reviews_figure(m: Messages, chosen: pd.DataFrame) -> go.Figure:
    long = reviews_long(m, chosen).dropna(subset=["firms"])
    return figures.grouped_bars(
        long,
        x="review",
        y="firms",
        group="measure",
        colours={"up_for_review": "#BBBBBB", "passed": BASIS_COLOURS["official"]},
        names=m.table("little_giants.reviews.measures"),
        y_title=m("little_giants.units.firms_title"),
        hover_unit=firms(m),
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


def review_summary(m: Messages, chosen: pd.DataFrame, others: pd.DataFrame) -> ReviewSummary:
    simple = chosen[chosen["up_for_review"].notna()]
    combined = chosen[chosen["up_for_review"].isna()]
    choices = m.separator("items").join(
        m("little_giants.reviews.choice", batch=b, passed=int(p), why=w)
        for b, p, w in zip(simple["reviewed_batch"], simple["passed"], simple["why"], strict=True)
    )
    rejected = m.separator("items").join(
        m("little_giants.reviews.other", batch=reviewed_batches(m, b), passed=int(p), publisher=pub)
        for b, p, pub in zip(others["reviewed_batch"], others["passed"], others["publisher"], strict=True)
    )
    first = combined.iloc[0] if len(combined) else None
    return ReviewSummary(
        reviewed=int(simple["up_for_review"].sum()),
        passed=int(simple["passed"].sum()),
        rate=float(simple["passed"].sum() / simple["up_for_review"].sum() * 100),
        batches=span(sorted(int(b) for b in simple["reviewed_batch"]), m.separator("separator")),
        choices=choices,
        others=rejected or m("little_giants.join.none"),
        combined_label=reviewed_batches(m, first["reviewed_batch"]) if first is not None else "",
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


def province_names(m: Messages, frame: pd.DataFrame) -> list[str]:
    """Province names of a `province_frame` in the reader's language (the data holds both)."""
    return m.names(frame["province_en"], frame["province_zh"])


def no_data_areas(b1b2: pd.DataFrame, provinces: pd.DataFrame) -> pd.DataFrame:
    """Map features with no value in the table (drawn grey, not dropped)."""
    absent = provinces[~provinces["adcode"].isin(b1b2["adcode"])]
    return absent[["adcode", "name_en", "name_zh"]].reset_index(drop=True)


def province_map(
    m: Messages, geojson: dict[str, Any] | str, frame: pd.DataFrame, no_data: pd.DataFrame
) -> go.Figure:
    title = m("little_giants.units.firms_title")
    figure = figures.choropleth(
        geojson,
        frame.assign(name=province_names(m, frame)),
        location="adcode",
        value="count",
        label="name",
        value_title=title,
    )
    figure.update_traces(hovertemplate=f"%{{text}}: %{{z:,}} {firms(m)}<extra></extra>", selector=0)
    figure.update_layout(map={"zoom": MAP_ZOOM})
    figures.add_no_data_areas(
        figure,
        geojson,
        list(no_data["adcode"]),
        m.names(no_data["name_en"], no_data["name_zh"]),
        note=m("little_giants.provinces.no_data"),
    )
    return figures.colourbar_below(figure, title)


def top_provinces_figure(m: Messages, frame: pd.DataFrame, n: int) -> go.Figure:
    top = frame.head(n)
    return figures.bars(
        top.assign(name=province_names(m, top)),
        category="name",
        value="count",
        colours=BASIS_COLOURS["official"],
        value_title=m("little_giants.units.firms_title"),
        hover_unit=firms(m),
    )


def province_numbers(m: Messages, frame: pd.DataFrame) -> dict[str, Any]:
    top = frame[frame["count"] == frame["count"].max()]
    lowest = frame[frame["count"] == frame["count"].min()]
    derived = frame[frame["basis"] == "derived"]
    return {
        "top": m.join(province_names(m, top)),
        "top_count": int(frame["count"].max()),
        "total": int(frame["count"].sum()),
        "lowest": m.join(province_names(m, lowest)),
        "lowest_count": int(frame["count"].min()),
        "derived": m.separator("separator").join(
            name for _, name in sorted(zip(derived["province_en"], province_names(m, derived), strict=True))
        ),
    }


def scope_label(m: Messages, scope: str, total: int, scheme: str) -> str:
    name = m.data_name(scope)
    return m(
        "little_giants.regions.scope_label",
        scope=f"{name[:1].upper()}{name[1:]}",
        total=total,
        scheme=m.data_name(scheme),
    )


def region_frame(m: Messages, regions: pd.DataFrame) -> pd.DataFrame:
    """Splits with published counts; `scope_label` names the scope with its total and scheme."""
    counted = regions.dropna(subset=["count"]).copy()
    totals = counted.groupby("scope")["count"].transform("sum")
    counted["scope_label"] = [
        scope_label(m, s, int(t), scheme)
        for s, t, scheme in zip(counted["scope"], totals, counted["region_scheme"], strict=True)
    ]
    counted["share_of_scope_pct"] = (counted["count"] / totals * 100).astype("Float64").round(2)
    return counted.reset_index(drop=True)


def region_figure(m: Messages, frame: pd.DataFrame) -> go.Figure:
    labels = list(dict.fromkeys(frame["scope_label"]))
    colours = dict(zip(labels, SCOPE_COLOURS, strict=False))
    return figures.grouped_bars(
        frame.assign(region=[m.data_name(r) for r in frame["region"]]),
        x="region",
        y="count",
        group="scope_label",
        colours=colours,
        y_title=m("little_giants.units.firms_title"),
        hover_unit=firms(m),
    )


def region_numbers(m: Messages, regions: pd.DataFrame) -> dict[str, Any]:
    frame = region_frame(m, regions)
    four = frame[frame["region_scheme"] == "4 regions"]
    east = four[four["region"] == "East"].sort_values("as_of")
    totals = four.groupby("scope", sort=False)["count"].sum()
    first, last = east.iloc[0], east.iloc[-1]
    unpublished = regions[regions["count"].isna()]
    shares = m.separator("items").join(
        m("little_giants.regions.share", region=m.data_name(r), share=float(s))
        for r, s in zip(unpublished["region"], unpublished["share_pct"], strict=True)
    )
    return {
        "east_first": float(first["share_of_scope_pct"]),
        "east_last": float(last["share_of_scope_pct"]),
        "total_first": int(totals[first["scope"]]),
        "total_last": int(totals[last["scope"]]),
        "unpublished_scope": m.data_name(unpublished["scope"].iloc[0]) if len(unpublished) else "",
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


def city_figure(m: Messages, frame: pd.DataFrame) -> go.Figure:
    """One bar per city and table, grouped by table (the tables differ in scope, so bars are not summed)."""
    unit = firms(m)
    scopes = list(dict.fromkeys(frame["scope"]))
    colours = dict(zip(scopes, SCOPE_COLOURS, strict=False))
    ordered = frame.assign(order=frame["scope"].map(scopes.index)).sort_values(
        ["order", "count"], ascending=[True, False], kind="stable"
    )
    names = [m.data_name(c) for c in ordered["city"]]
    bars = [f"{c} · {m.data_name(s)}" for c, s in zip(names, ordered["scope"], strict=True)]
    figure = figures.bars(
        ordered.assign(bar=bars),
        category="bar",
        value="count",
        colours=[colours[s] for s in ordered["scope"]],
        value_title=m("little_giants.units.firms_title"),
        hover_unit=unit,
    )
    figure.update_yaxes(tickvals=list(range(len(ordered))), ticktext=names)
    figure.update_traces(
        y=list(range(len(ordered))),
        customdata=bars,
        hovertemplate=f"%{{customdata}}: %{{x:,}} {unit}<extra></extra>",
        selector=0,
    )
    return figures.add_legend_keys(figure, {m.data_name(s): colour for s, colour in colours.items()})


def city_numbers(m: Messages, frame: pd.DataFrame) -> dict[str, Any]:
    top = frame.loc[frame["count"].idxmax()]
    return {
        "city": m.data_name(top["city"]),
        "count": int(top["count"]),
        "scope": m.data_name(top["scope"]),
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


def profile_figure(m: Messages, frame: pd.DataFrame) -> go.Figure:
    bars = [
        f"{figures.wrap_label(m.data_name(c), LABEL_WIDTH)}<br>{m.data_name(s)}"
        for c, s in zip(frame["category"], frame["scope"], strict=True)
    ]
    figure = figures.bars(
        frame.assign(bar=bars),
        category="bar",
        value="share_pct",
        colours=[BASIS_COLOURS.get(b, NEUTRAL) for b in frame["basis"]],
        value_title=m("little_giants.profile.value_title"),
        text_format=".0f",
        hover_unit="%",
        height=52 * len(frame) + 150,
    )
    figure.update_traces(texttemplate=list(frame["shown"]), textposition="outside", cliponaxis=False)
    figure.update_xaxes(range=[0, 112])
    bases = list(dict.fromkeys(frame["basis"]))
    return figures.add_legend_keys(
        figure, {m.label("ui.basis", b): BASIS_COLOURS.get(b, NEUTRAL) for b in bases}
    )


@dataclass(frozen=True)
class ProfileCheck:
    """Shares the profile commentary quotes; text fields are ready for prose in the reader's language."""

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


def profile_check(m: Messages, industry: pd.DataFrame) -> ProfileCheck:
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
        foundation_scope=m.data_name(foundation["scope"]),
        foundation_date=m.date(foundation["as_of"]),
        four_foundations=float(four["share_pct"]),
        manufacturing=float(manufacturing["share_pct"]),
        manufacturing_scope=m.data_name(manufacturing["scope"]),
        registry_share=float(registry["share_pct"]),
        registry_scope=m.data_name(registry["scope"]),
        registry_source=m.data_name(registry["classification"]),
        services_share=float(services["share_pct"]),
        manufacturing_count=int(registry["count"]),
    )


def registry_frame(industry: pd.DataFrame, sectors: list[str], labels: dict[str, str]) -> pd.DataFrame:
    """Registry counts by GB/T 4754 manufacturing division, mapped to sectors, in the chosen sectors.
    `labels` are the sector names in the reader's language (`sector_name`)."""
    rows = industry[
        industry["classification"].str.startswith(REGISTRY_DIVISIONS)
        & industry["sector_id"].notna()
        & industry["count"].notna()
    ]
    rows = rows[rows["sector_id"].isin(sectors)].sort_values("count", ascending=False, kind="stable")
    rows = rows.assign(sector_name=[labels.get(s, s) for s in rows["sector_id"]])
    columns = ["category", "sector_id", "sector_name", "count", "scope", "classification", "basis"]
    return rows[[*columns, "publisher", "source_url", "confidence", "note"]].reset_index(drop=True)


def registry_figure(m: Messages, frame: pd.DataFrame) -> go.Figure:
    figure = figures.bars(
        frame.assign(category=[figures.wrap_label(m.data_name(c), LABEL_WIDTH) for c in frame["category"]]),
        category="category",
        value="count",
        colours=[SECTOR_COLOURS.get(s, NEUTRAL) for s in frame["sector_id"]],
        value_title=m("little_giants.registry.value_title"),
        hover_unit=firms(m),
    )
    entries = dict(zip(frame["sector_name"], frame["sector_id"], strict=True))
    return figures.add_legend_keys(
        figure, {label: SECTOR_COLOURS.get(s, NEUTRAL) for label, s in entries.items()}
    )


def registry_numbers(m: Messages, frame: pd.DataFrame) -> dict[str, Any]:
    by_sector = frame.groupby("sector_name", sort=False)["count"].sum().sort_values(ascending=False)
    total = int(frame["count"].sum())
    return {
        "n": len(frame),
        "top_sector": str(by_sector.index[0]),
        "top_count": int(by_sector.iloc[0]),
        "total": total,
        "top_share": float(by_sector.iloc[0] / total * 100),
        "scope": m.data_name(frame["scope"].iloc[0]),
    }
