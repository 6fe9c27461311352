"""Little giants: what the page's sections share (the count unit, batch labels, number formats)."""

from __future__ import annotations

from industrial_base.i18n import Messages

QUALIFIER_SIGNS = {"more than": ">", "about": "≈", "less than": "<"}


def sign(qualifier: object) -> str:
    """'>' for 'more than', '≈' for 'about', nothing for exact or empty."""
    return QUALIFIER_SIGNS.get(qualifier, "") if isinstance(qualifier, str) else ""


def firms(m: Messages) -> str:
    """The hover unit after a count of firms ('firms' / '家')."""
    return m("little_giants.units.firms")


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
