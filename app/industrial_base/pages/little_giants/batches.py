"""Little giants, batches: final MIIT counts vs publicity lists, the stock, and the three-year reviews."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from industrial_base import figures
from industrial_base.facts import little_giants as lg
from industrial_base.i18n import Messages
from industrial_base.pages.little_giants.common import firms, sign, span, thousands
from industrial_base.palette import BASIS_COLOURS, NEUTRAL
from industrial_base.registry import Card, Chart, Commentary, Datasets, View

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
BAR_WIDTH = 0.42


def series_family(row: pd.Series) -> str:
    """Which series a count belongs to: MIIT's final count, its publicity list, or whose compilation."""
    if row["count_type"] == lg.FINAL:
        return "final"
    if row["count_type"] == "publicity" and row["basis"] == "official":
        return "official_publicity"
    return "association" if ASSOCIATION in str(row["publisher"]) else "other"


def batch_series(m: Messages, batches: pd.DataFrame) -> pd.DataFrame:
    """Every count per batch as charted: one row per final count or compilation, plus a 'not published'
    row (count empty) for each batch that has no final MIIT count. `batch_label` and `series` are in the
    reader's language; `count_type` tells final counts (lg.FINAL) from compilations."""
    names = m.labels("little_giants.batches.series")
    frame = batches.copy()
    frame["batch_label"] = [
        m("little_giants.batches.batch_label", batch=int(b), year=int(y))
        for b, y in zip(frame["batch"], frame["year"], strict=True)
    ]
    family = [series_family(row) for _, row in frame.iterrows()]
    frame["series"] = [names[f] for f in family]
    frame["order"] = [SERIES_ORDER.index(f) for f in family]
    frame["status"] = pd.Series(pd.NA, index=frame.index, dtype="string")
    missing = sorted(set(frame["batch"]) - set(frame.loc[frame["count_type"] == lg.FINAL, "batch"]))
    gaps = frame.drop_duplicates("batch").set_index("batch").loc[missing, ["year", "batch_label"]]
    gaps = gaps.reset_index().assign(
        count_type=lg.FINAL,
        series=names["final"],
        status=m(f"ui.status.{lg.NOT_PUBLISHED}"),
        note=m("little_giants.batches.gap_note"),
        order=SERIES_ORDER.index("final"),
    )
    out = pd.concat([frame, gaps], ignore_index=True) if missing else frame
    out = out.astype({"batch": "Int64", "year": "Int64", "count": "Int64"})
    columns = ["batch", "year", "batch_label", "series", "count", "status", "count_type", "date", "basis"]
    rest = [c for c in ("publisher", "source_url", "confidence", "note") if c in out]
    ordered = out.sort_values(["batch", "order"], kind="stable")
    return ordered[columns + rest].reset_index(drop=True)


def batch_figure(m: Messages, series: pd.DataFrame) -> go.Figure:
    """Final counts as solid bars (left half of each batch's slot); publicity compilations as markers beside
    them (right half); 'not published' written, vertically, where a batch has no final count."""
    names = m.labels("little_giants.batches.series")
    unit = firms(m)
    ordered = series.sort_values("batch")
    batches = [int(b) for b in dict.fromkeys(ordered["batch"])]
    years = dict(zip(ordered["batch"], ordered["year"], strict=True))
    labels = [m("little_giants.batches.batch_label", batch=b, year=int(years[b])) for b in batches]
    final = (
        series[series["count_type"] == lg.FINAL].drop_duplicates("batch").set_index("batch").reindex(batches)
    )
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
    compilations = series[(series["count_type"] != lg.FINAL) & series["count"].notna()].copy()
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


def batch_check(m: Messages, batches: pd.DataFrame, cumulative: pd.DataFrame) -> dict[str, Any]:
    """The article's 4,762 against the final counts of batches 1–3, and the batch-2 discrepancy, ready for
    prose in the reader's language (dates via `m.date`, lists joined in its convention)."""
    final = lg.final_counts(batches)
    b1, b2, b3 = lg.designated(batches)
    total = b1 + b2 + b3
    row = lg.stock_for(cumulative, total)
    publicity = lg.publicity_counts(batches, 2)
    missing = lg.unpublished_batches(batches)
    largest_batch = max(final, key=final.__getitem__)
    return {
        "b1": b1,
        "b2": b2,
        "b3": b3,
        "total": total,
        "stock": int(row["cumulative"]),
        "stock_date": m.date(row["as_of"]),
        "stock_publisher": str(row["publisher"]),
        "b2_publicity": thousands(publicity),
        "b2_gap": m.separator("and").join(f"{g:,}" for g in sorted({p - b2 for p in publicity})),
        "alt_totals": thousands([b1 + p + b3 for p in publicity]),
        "unpublished": span(missing, m.separator("separator")),
        "unpublished_counts": m.separator("items").join(
            thousands(lg.publicity_counts(batches, b)) for b in missing
        ),
        "final_span": span(sorted(final), m.separator("separator")),
        "largest_batch": largest_batch,
        "largest": final[largest_batch],
    }


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


def reviewed_batches(m: Messages, reviewed_batch: object) -> str:
    """A review's batch as the data gives it: a number, or a description of a combined review (English in
    the data, translated by the glossary)."""
    text = str(reviewed_batch)
    return text if text.isdigit() else m.data_name(text)


def review_label(m: Messages, reviewed_batch: object, year: object) -> str:
    key = "review_label" if str(reviewed_batch).isdigit() else "review_label_combined"
    return m(f"little_giants.reviews.{key}", batch=reviewed_batches(m, reviewed_batch), year=year)


def reviews_figure(m: Messages, chosen: pd.DataFrame) -> go.Figure:
    """Per review, the firms up for review next to those that passed (measures of
    `little_giants.reviews.measures`)."""
    labels = [
        review_label(m, batch, year)
        for batch, year in zip(chosen["reviewed_batch"], chosen["review_year"], strict=True)
    ]
    measures = ["up_for_review", "passed"]
    long = chosen.assign(review=labels).melt("review", measures, var_name="measure", value_name="firms")
    return figures.grouped_bars(
        long.dropna(subset=["firms"]),
        x="review",
        y="firms",
        group="measure",
        colours={"up_for_review": "#BBBBBB", "passed": BASIS_COLOURS["official"]},
        names=m.labels("little_giants.reviews.measures"),
        y_title=m("little_giants.units.firms_title"),
        hover_unit=firms(m),
    )


def review_summary(m: Messages, chosen: pd.DataFrame, others: pd.DataFrame) -> dict[str, Any]:
    simple = chosen[chosen["up_for_review"].notna()]
    reasons = m.labels("little_giants.reviews.why")
    choices = m.separator("items").join(
        m("little_giants.reviews.choice", batch=b, passed=int(p), why=reasons[w])
        for b, p, w in zip(simple["reviewed_batch"], simple["passed"], simple["why"], strict=True)
    )
    rejected = m.separator("items").join(
        m("little_giants.reviews.other", batch=reviewed_batches(m, b), passed=int(p), publisher=pub)
        for b, p, pub in zip(others["reviewed_batch"], others["passed"], others["publisher"], strict=True)
    )
    combined = chosen[chosen["up_for_review"].isna()]
    first = combined.iloc[0] if len(combined) else None
    return {
        "reviewed": int(simple["up_for_review"].sum()),
        "passed": int(simple["passed"].sum()),
        "rate": float(simple["passed"].sum() / simple["up_for_review"].sum() * 100),
        "batches": span(sorted(int(b) for b in simple["reviewed_batch"]), m.separator("separator")),
        "choices": choices,
        "others": rejected or m("little_giants.join.none"),
        "combined_label": reviewed_batches(m, first["reviewed_batch"]) if first is not None else "",
        "combined_year": int(first["review_year"]) if first is not None else 0,
        "combined": int(first["passed"]) if first is not None else 0,
        "combined_rate": float(first["pass_rate_pct"]) if first is not None else float("nan"),
    }


def key_support_note(key_support: pd.DataFrame) -> dict[str, Any]:
    counts = [int(c) for c in key_support.sort_values("batch")["count"].dropna()]
    return {"key_batches": len(counts), "key_counts": thousands(counts)}


# --- charts ----------------------------------------------------------------------------------------------


def batches_card(m: Messages, data: Datasets) -> Card:
    batches = data["lg_batches"]
    check = batch_check(m, batches, data["lg_cumulative"])
    series = batch_series(m, batches)
    return Card(
        title=m("little_giants.batches.title"),
        figure=batch_figure(m, series),
        displayed=series,
        takeaway=m("little_giants.batches.takeaway", **check),
        commentary=Commentary(
            claim=m("little_giants.batches.claim", stock=check["stock"]),
            finding=m("little_giants.batches.finding", **check),
            claims=("lg-4762",),
        ),
        footnote=m("little_giants.batches.footnote"),
    )


def stock_card(m: Messages, data: Datasets) -> Card:
    cumulative = data["lg_cumulative"]
    batches = data["lg_batches"]
    points = stock_points(cumulative)
    row = lg.stock_for(cumulative, sum(lg.designated(batches)))
    _, _, reconciled = lg.chosen_reviews(data["lg_reviews"], batches, cumulative)
    numbers = stock_numbers(m, points)
    commentary = (
        Commentary(
            claim=m("little_giants.stock.claim", stock=int(row["cumulative"])),
            finding=m(
                "little_giants.stock.finding",
                article_date=m.date(row["as_of"]),
                thresholds=numbers["thresholds"],
                **(vars(reconciled) | {"stock_date": m.date(reconciled.stock_date)}),
            ),
        )
        if reconciled
        else None
    )
    return Card(
        title=m("little_giants.stock.title"),
        figure=stock_figure(m, points),
        displayed=points,
        takeaway=m("little_giants.stock.takeaway", **numbers),
        commentary=commentary,
        footnote=m("little_giants.stock.footnote", **key_support_note(data["lg_key_support"])),
    )


def reviews_card(m: Messages, data: Datasets) -> Card:
    chosen, others, _ = lg.chosen_reviews(data["lg_reviews"], data["lg_batches"], data["lg_cumulative"])
    summary = review_summary(m, chosen, others)
    reasons = m.labels("little_giants.reviews.why")
    return Card(
        title=m("little_giants.reviews.title"),
        figure=reviews_figure(m, chosen),
        displayed=chosen.assign(why=chosen["why"].map(reasons)),
        takeaway=m("little_giants.reviews.takeaway", **summary),
        footnote=m("little_giants.reviews.footnote", **summary),
    )


BATCHES = Chart(reads=("lg_batches", "lg_cumulative"), build=batches_card)
STOCK = Chart(reads=("lg_cumulative", "lg_key_support", "lg_batches", "lg_reviews"), build=stock_card)
REVIEWS = Chart(reads=("lg_reviews", "lg_batches", "lg_cumulative"), build=reviews_card)


def key_support_card(m: Messages, data: Datasets) -> Card:
    """MIIT's lists of "key" little giants: existing little giants chosen for central fiscal support, drawn
    apart so they are never read as new designations."""
    support = data["lg_key_support"].sort_values("batch").reset_index(drop=True)
    shown = support.assign(
        label=[m("little_giants.key_support.batch", batch=int(b)) for b in support["batch"]]
    )
    numbers = {
        **key_support_note(support),
        "total": int(support["count"].sum()),
        "first_date": m.date(support["publicity_date"].iloc[0]),
        "last_date": m.date(support["publicity_date"].iloc[-1]),
    }
    figure = figures.bars(
        shown,
        category="label",
        value="count",
        colours=BASIS_COLOURS["reported"],
        value_title=m("little_giants.units.firms_title"),
        horizontal=False,
        hover_unit=firms(m),
    )
    return Card(
        title=m("little_giants.key_support.title"),
        figure=figure,
        displayed=shown.drop(columns="label"),
        takeaway=m("little_giants.key_support.takeaway", **numbers),
        footnote=m("little_giants.key_support.footnote"),
    )


KEY_SUPPORT = Chart(reads=("lg_key_support",), build=key_support_card)
VIEWS = (
    View("batches", BATCHES),
    View("stock", STOCK),
    View("reviews", REVIEWS),
    View("key_support", KEY_SUPPORT),
)
