"""Little giants: MIIT's final counts, the published stock, the publicity-list gap and the three-year reviews.

Every figure about little giants that more than one place quotes is computed here, once: the article's 4,762
(the final counts of batches 1–3), the stocks that the final counts must add up to (a validation rule), the
batch-2 gap between MIIT's final count and the publicity-list compilations, and which review pass count
reproduces MIIT's next stated stock. Pure pandas; words are the pages' business.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

FINAL = "announced_final"
"""`count_type` of a batch's final count announced by MIIT (the other types are publicity-list counts)."""
NOT_PUBLISHED = "not published"
"""Status id (`ui.status`) of a batch without a final MIIT count."""
ARTICLE_BATCHES = 3
"""The article's stock of little giants counts batches 1–3 (designated by November 2021)."""
STOCKS_BEFORE_REVIEWS = ((2, "2021-06-11"), (ARTICLE_BATCHES, "2021-11-23"))
"""(last batch, date) of the stocks MIIT stated before any three-year review had removed a firm: the final
counts of batches 1 to that batch must add up to them."""


def final_rows(batches: pd.DataFrame) -> pd.DataFrame:
    """MIIT's final count of each batch that has one, by batch."""
    return batches[batches["count_type"] == FINAL].dropna(subset=["count"]).sort_values("batch")


def final_counts(batches: pd.DataFrame) -> dict[int, int]:
    final = final_rows(batches)
    return {int(b): int(c) for b, c in zip(final["batch"], final["count"], strict=True)}


def designated(batches: pd.DataFrame, last_batch: int = ARTICLE_BATCHES) -> list[int]:
    """The final counts of batches 1 to `last_batch`, in order (their sum is the stock before reviews)."""
    return [count for batch, count in final_counts(batches).items() if batch <= last_batch]


def foundation_shares(industry: pd.DataFrame) -> pd.DataFrame:
    """The stated shares of little giants in industrial-foundation fields (MIIT's "more than 60%" first)."""
    return industry[industry["category"].str.contains("industrial-foundation", case=False, regex=False)]


def exact_stocks(cumulative: pd.DataFrame) -> pd.DataFrame:
    """The stocks stated as exact figures (not "more than"), by date."""
    return cumulative[cumulative["qualifier"] == "exact"].sort_values("as_of")


def stock_on(cumulative: pd.DataFrame, as_of: str) -> int | None:
    """The exact stock stated on a date, None if there is none."""
    rows = exact_stocks(cumulative)
    rows = rows[rows["as_of"] == as_of]
    return int(rows["cumulative"].iloc[0]) if len(rows) else None


def stock_for(cumulative: pd.DataFrame, total: int) -> pd.Series:
    """The exact stated stock equal to `total`, else the nearest one."""
    exact = exact_stocks(cumulative)
    match = exact[exact["cumulative"] == total]
    return match.iloc[0] if len(match) else exact.iloc[(exact["cumulative"] - total).abs().argmin()]


def publicity_counts(batches: pd.DataFrame, batch: int) -> list[int]:
    """The counts of a batch's publicity lists (official or compiled by media), smallest first."""
    rows = batches[(batches["batch"] == batch) & (batches["count_type"] != FINAL)]
    return sorted(int(c) for c in rows["count"].dropna())


def unpublished_batches(batches: pd.DataFrame) -> list[int]:
    """Batches with no final MIIT count (only publicity lists)."""
    final = final_counts(batches)
    return [b for b in sorted(int(b) for b in batches["batch"].unique()) if b not in final]


# --- three-year reviews ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewStep:
    """One review year's arithmetic: the stock before it, less the batch up for review, plus the firms that
    passed and the new batch designated that year, against the stock MIIT stated after it."""

    previous: int
    reviewed_batch: int
    reviewed: int
    passed: int
    new_batch: int
    new: int
    stock: int
    stock_date: str

    @property
    def total(self) -> int:
        return self.previous - self.reviewed + self.passed + self.new

    @property
    def reconciles(self) -> bool:
        return self.total == self.stock


def review_step(
    batches: pd.DataFrame, cumulative: pd.DataFrame, reviewed_batch: object, review_year: int, passed: int
) -> ReviewStep | None:
    """The review's arithmetic, None where the data cannot give it (a combined review, no final count of the
    batch, no stock stated before or in the review year, no batch designated that year)."""
    final = final_counts(batches)
    if not str(reviewed_batch).isdigit() or int(str(reviewed_batch)) not in final:
        return None
    exact = exact_stocks(cumulative)
    after = exact[exact["as_of"].astype(str).str.startswith(str(review_year))]
    years = dict(zip(batches["batch"].astype(int), batches["year"].astype(int), strict=False))
    new_batches = [b for b, y in years.items() if y == review_year and b in final]
    if after.empty or not new_batches:
        return None
    before = exact[exact["as_of"].astype(str) < str(after["as_of"].iloc[0])]
    if before.empty:
        return None
    batch = int(str(reviewed_batch))
    return ReviewStep(
        previous=int(before["cumulative"].iloc[-1]),
        reviewed_batch=batch,
        reviewed=final[batch],
        passed=passed,
        new_batch=new_batches[0],
        new=final[new_batches[0]],
        stock=int(after["cumulative"].iloc[0]),
        stock_date=str(after["as_of"].iloc[0]),
    )


RECONCILES, OFFICIAL, ONLY, FIRST = "reconciles", "official", "only", "first"
"""Why a review's pass count was chosen (`little_giants.reviews.why.<id>`)."""


def chosen_reviews(
    reviews: pd.DataFrame, batches: pd.DataFrame, cumulative: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, ReviewStep | None]:
    """One pass count per review, the conflicting values that are not chosen, and the review step that
    reconciles with a stated stock (if one does).

    Rule: the value that reproduces an exact published stock wins; otherwise an official row; otherwise the
    first listed. The reason's id is kept in `why`; `up_for_review` is the batch's final count.
    """
    final = final_counts(batches)
    picks: dict[object, str] = {}
    reconciled: ReviewStep | None = None
    for _, group in reviews.groupby("reviewed_batch", sort=False):
        pick, why = None, ""
        for index, row in group.iterrows():
            step = review_step(
                batches, cumulative, row["reviewed_batch"], int(row["review_year"]), int(row["passed"])
            )
            if step is not None and step.reconciles:
                pick, why, reconciled = index, RECONCILES, step
                break
        if pick is None:
            official = group.index[group["basis"] == "official"]
            if len(group) > 1 and len(official):
                pick, why = official[0], OFFICIAL
            else:
                pick, why = group.index[0], ONLY if len(group) == 1 else FIRST
        picks[pick] = why
    chosen = reviews.loc[list(picks)].assign(why=list(picks.values()))
    chosen["up_for_review"] = [
        final.get(int(b)) if str(b).isdigit() else None for b in chosen["reviewed_batch"]
    ]
    chosen = chosen.astype({"up_for_review": "Int64", "passed": "Int64", "review_year": "Int64"})
    rest = reviews.drop(index=list(picks))
    return chosen.reset_index(drop=True), rest.reset_index(drop=True), reconciled
