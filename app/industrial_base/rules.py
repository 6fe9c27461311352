"""Domain rules that a Table Schema cannot express: published sums that must hold, cross-table consistency.

The derivation rules call the build functions of `pipeline/build.py`, the ones `python -m industrial_base
build` writes with, so each formula has one implementation.

Each rule names the resources it reads and the resource its problems are reported against. A rule whose
inputs failed to load is skipped (those inputs already carry their own errors).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import pandas as pd

from industrial_base.factcheck import CHECKS, OPINION_CHECKS
from industrial_base.facts import clusters as cluster_facts
from industrial_base.facts import little_giants as lg
from industrial_base.package import DataPackage
from industrial_base.pipeline.build import DERIVED, derivation_issues
from industrial_base.validation import Issue

RuleCheck = Callable[[dict[str, pd.DataFrame], str], list[Issue]]


@dataclass(frozen=True)
class Rule:
    name: str
    reads: tuple[str, ...]
    check: RuleCheck

    @property
    def reports_on(self) -> str:
        return self.reads[0]


RULES: list[Rule] = []


def rule(name: str, *reads: str) -> Callable[[RuleCheck], RuleCheck]:
    def register(check: RuleCheck) -> RuleCheck:
        RULES.append(Rule(name, reads, check))
        return check

    return register


def apply_rules(package: DataPackage) -> None:
    """Run every rule whose inputs loaded; a rule that fails on rows it did not foresee (schema-valid but
    odd) becomes an issue on the resource it reports on, never an exception: a file's content is outside
    our control."""
    for each in RULES:
        results = [package.tables.get(name) for name in each.reads]
        if any(r is None or r.frame is None or r.errors for r in results):
            continue
        frames = {
            name: r.frame for name, r in zip(each.reads, results, strict=True) if r and r.frame is not None
        }
        target = package.tables[each.reports_on]
        try:
            target.issues.extend(each.check(frames, target.file))
        except Exception as error:  # a rule written for the real data met values it did not foresee
            target.issues.append(
                Issue(
                    target.file,
                    "rule-failed",
                    f"the check '{each.name}' cannot run on these rows ({type(error).__name__}: {error}); "
                    "compare them with the shipped file",
                )
            )


def _sum_issue(
    file: str,
    rows: pd.DataFrame,
    expected: float | None,
    what: str,
    column: str = "count",
    total: float | None = None,
    rule_name: str = "published-sum",
) -> list[Issue]:
    """An issue when the rows' `column` (or `total`, where it is not a sum) is not the published `expected`;
    none when nothing was published (`expected` None)."""
    total = float(rows[column].sum()) if total is None else total
    if expected is None or abs(total - expected) < 1e-9:
        return []
    return [
        Issue(
            file,
            rule_name,
            f"{what} add up to {total:,.0f}, but the published total is {expected:,.0f}",
            line=int(rows.index.min()) if len(rows) else None,
            column=column,
            value=f"{total:g}",
        )
    ]


@rule("final batch counts add up to the published stock", "lg_batches", "lg_cumulative")
def batches_match_stock(frames: dict[str, pd.DataFrame], file: str) -> list[Issue]:
    """248 + 1,584 = 1,832 (2021-06-11) and 248 + 1,584 + 2,930 = 4,762 (2021-11-23): no reviews yet."""
    batches, cumulative = frames["lg_batches"], frames["lg_cumulative"]
    final = batches[batches["count_type"] == lg.FINAL]
    issues = [
        Issue(
            file,
            "one-final-count",
            f"batch {batch} has {len(rows)} final counts",
            line=int(rows.index[1]),
            column="count_type",
        )
        for batch, rows in final.groupby("batch")
        if len(rows) > 1
    ]
    for last_batch, as_of in lg.STOCKS_BEFORE_REVIEWS:
        chosen = final[final["batch"] <= last_batch]
        what = f"final counts of batches 1–{last_batch}"
        issues += _sum_issue(file, chosen, lg.stock_on(cumulative, as_of), what)
    return issues


BATCHES_1_2 = lg.STOCKS_BEFORE_REVIEWS[0][1]
"""The date of the stock after batches 1–2, which the province tables split."""


@rule("the batches 1–2 province table adds up to 1,832", "lg_province", "lg_cumulative")
def province_table_matches_stock(frames: dict[str, pd.DataFrame], file: str) -> list[Issue]:
    table = frames["lg_province"]
    rows = table[table["scope"].str.startswith("batches 1-2 cumulative")]
    stock = lg.stock_on(frames["lg_cumulative"], BATCHES_1_2)
    return _sum_issue(file, rows, stock, "province rows") if len(rows) else []


@rule("the batches 1–2 province roll-up adds up to 1,832", "lg_province_b1b2", "lg_cumulative")
def rollup_matches_stock(frames: dict[str, pd.DataFrame], file: str) -> list[Issue]:
    stock = lg.stock_on(frames["lg_cumulative"], BATCHES_1_2)
    return _sum_issue(file, frames["lg_province_b1b2"], stock, "province rows")


@rule("official regional splits add up to the stock they split", "lg_regions", "lg_cumulative")
def regions_match_stock(frames: dict[str, pd.DataFrame], file: str) -> list[Issue]:
    regions, cumulative = frames["lg_regions"], frames["lg_cumulative"]
    issues: list[Issue] = []
    for scope, as_of in (
        ("cumulative batches 1-3", lg.STOCKS_BEFORE_REVIEWS[1][1]),
        ("cumulative after batch 4", "2022-09-08"),
    ):
        rows = regions[(regions["scope"] == scope) & (regions["region_scheme"] == "4 regions")]
        if not rows.empty:
            issues += _sum_issue(file, rows, lg.stock_on(cumulative, as_of), f"regions of '{scope}'")
    return issues


@rule("cluster rows match the published list sizes", "clusters", "clusters_aggregates")
def clusters_match_lists(frames: dict[str, pd.DataFrame], file: str) -> list[Issue]:
    """25 clusters in the 2021 list (agg-01) and 45 after round 3 (agg-07)."""
    clusters, aggregates = frames["clusters"], frames["clusters_aggregates"]
    published = aggregates.set_index("agg_id")["value"]
    issues: list[Issue] = []
    for agg_id, _, cohorts in cluster_facts.COMPLETE_LISTS:
        if agg_id in published.index:
            rows = clusters[clusters["cohort"].isin(cohorts)]
            what = f"cluster rows of cohort(s) {list(cohorts)}"
            listed = float(cluster_facts.listed(clusters, cohorts))
            issues += _sum_issue(
                file, rows, float(published[agg_id]), what, "cohort", listed, "published-count"
            )
    return issues


@rule("every cluster lies in provinces of the lookup", "clusters", "provinces")
def clusters_are_placed(frames: dict[str, pd.DataFrame], file: str) -> list[Issue]:
    """A cluster without a province code names its provinces in `province_or_region`; each must be in
    `provinces`, or a map would drop it without a word."""
    return [
        Issue(
            file,
            "known-province",
            "names no province of provinces.csv (name_en), or one that is not in it",
            line=int(line),
            column="province_or_region",
            value=str(text),
        )
        for line, text in cluster_facts.unplaced(frames["clusters"], frames["provinces"]).items()
    ]


@rule("split rows add up to the list they split", "clusters_aggregates")
def splits_add_up(frames: dict[str, pd.DataFrame], file: str) -> list[Issue]:
    """The parts of the 45 clusters (by field, by region) add up to the national list after round 3."""
    aggregates = frames["clusters_aggregates"]
    whole = aggregates[
        aggregates["parent_id"].isna()
        & aggregates["value"].notna()
        & (aggregates["metric"] == "national clusters")
    ]
    issues: list[Issue] = []
    for parent_id, children in aggregates[aggregates["parent_id"].notna()].groupby("parent_id"):
        if children["scope"].iloc[0] == "45 clusters" and not whole.empty:
            what = f"the parts of {parent_id}"
            issues += _sum_issue(file, children, float(whole["value"].iloc[0]), what, "value")
    return issues


DERIVED_RULES = {
    "china_mva_cny_derived_wdi": "derived CNY values are what build computes from the US$ values and the "
    "exchange rate",
    "china_share_world_mva": "computed world shares are what build computes from China and World value added",
    "lg_province_b1b2": "the province roll-up is what build computes from the batch 1–2 province table",
}
"""The derived tables, each checked by a rule of its own against what `build` writes from its inputs."""
for _table, _name in DERIVED_RULES.items():
    rule(_name, _table, *DERIVED[_table].inputs)(partial(derivation_issues, _table))


@rule("every claim names a check that exists", "claims")
def claims_have_checks(frames: dict[str, pd.DataFrame], file: str) -> list[Issue]:
    claims = frames["claims"]
    issues = [
        Issue(
            file,
            "known-check",
            f"no check named '{name}' in app/industrial_base/factcheck.py; known: "
            f"{', '.join(sorted(CHECKS))}",
            line=int(line),
            column="check",
            value=str(name),
        )
        for line, name in claims["check"].items()
        if name not in CHECKS
    ]
    opinions = claims[(claims["kind"] == "opinion") != claims["check"].isin(OPINION_CHECKS)]
    issues += [
        Issue(
            file,
            "opinion-check",
            f"opinion claims use an opinion check ({', '.join(sorted(OPINION_CHECKS))}), and only they do",
            line=int(line),
            column="check",
            value=str(row["check"]),
        )
        for line, row in opinions.iterrows()
    ]
    return issues


@rule(
    "China's tech share in the composition table equals the WDI table's where both cite the same file",
    "china_mfg_composition",
    "wdi_mva_tech_share",
)
def tech_share_agrees(frames: dict[str, pd.DataFrame], file: str) -> list[Issue]:
    """The research recorded China's NV.MNF.TECH.ZS.UN in the composition table; `wdi_mva_tech_share` holds it
    for every economy. Rows citing the same file must agree; rows of different vintages may differ (both
    kept)."""
    tech = frames["wdi_mva_tech_share"]
    china = tech[tech["iso3"] == "CHN"].set_index("year")
    composition = frames["china_mfg_composition"]
    issues = []
    for line, row in composition[composition["indicator"] == "NV.MNF.TECH.ZS.UN"].iterrows():
        if row["year"] not in china.index:
            continue
        other = china.loc[row["year"]]
        if other["source_url"] == row["source_url"] and other["value"] != row["value_pct"]:
            issues.append(
                Issue(
                    file,
                    "same-source",
                    f"wdi_mva_tech_share gives {other['value']:g} for China {row['year']} from the same file",
                    line=int(line),
                    column="value_pct",
                    value=f"{row['value_pct']:g}",
                )
            )
    return issues
