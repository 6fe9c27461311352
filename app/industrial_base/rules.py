"""Domain rules that a Table Schema cannot express: published sums that must hold, cross-table consistency.

Each rule names the resources it reads and the resource its problems are reported against. A rule whose
inputs failed to load is skipped (those inputs already carry their own errors).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from industrial_base.validation import Issue

if TYPE_CHECKING:
    from industrial_base.package import DataPackage

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
    for each in RULES:
        results = [package.tables.get(name) for name in each.reads]
        if any(r is None or r.frame is None or r.errors for r in results):
            continue
        frames = {
            name: r.frame for name, r in zip(each.reads, results, strict=True) if r and r.frame is not None
        }
        target = package.tables[each.reports_on]
        target.issues.extend(each.check(frames, target.file))
