"""The weak links the article names, measured where the data can: China's share of world supply of each
chip input beside the largest other supplier's (CSET), China's share of world solar manufacturing capacity at
each step (BloombergNEF via NREL), what China pays and receives for the use of intellectual property, and the
innovation and export indicators of the World Bank tables. Computed here once for the Weak links cards and
the fact check, which quote the same figures.

Pure pandas; no Streamlit, no words (the pages and the fact check write them).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from industrial_base.facts import tech_share
from industrial_base.facts.value_added import ARTICLE_YEARS

CHINA = "CHN"
ARTICLE_YEAR = ARTICLE_YEARS[-1]
"""The latest year the article's figures describe (the talk was given in 2022)."""

# --- chips (semiconductor_supply_shares) -------------------------------------------------------------------

NOT_ONE_COUNTRY = frozenset({"Various countries", "EUR"})
"""Country providers that are not one country: CSET's "Various countries" and "EUR" (Europe), as the schema
of `semiconductor_supply_shares` describes `provider_country`. Never "the leading country"."""
FABRICATION, PACKAGING = "S2", "S3"
"""CSET's stage ids of fabrication and of assembly, testing and packaging."""
SEGMENTS = ("overview", "fabrication", "packaging")
"""How the chips chart splits the inputs, so that no chart lists fifty of them: the stages, design, software
and materials (`overview`), the fabrication tools, and the assembly, testing and packaging tools."""
TYPE_ORDER = {"stage": 0, "design_resource": 1, "tool_resource": 2, "material_resource": 3}
"""The order of the inputs in the overview: the three stages, then design, software and tools, materials."""
LOW_SHARE = 10.0
"""China's share of world supply (%) below which an input counts as one it depends on others for: a tenth
of world supply is far below China's own use of chips and of the tools to make them (the largest market for
both; that use is not in these data, which is why the fact check says "partly")."""


def segment(input_type: str, stage_id: Any) -> str:
    """The chips chart's segment of an input: its tools by stage, everything else in the overview."""
    if input_type == "tool_resource" and stage_id == FABRICATION:
        return "fabrication"
    if input_type == "tool_resource" and stage_id == PACKAGING:
        return "packaging"
    return "overview"


def chip_countries(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of single countries with a share."""
    countries = table[(table["provider_type"] == "country") & table["world_share_pct"].notna()]
    return countries[~countries["provider"].isin(NOT_ONE_COUNTRY)]


def chip_pairs(table: pd.DataFrame) -> pd.DataFrame:
    """One row per input where CSET gives China a share: the input (`input_id`, `input`, `input_type`,
    `stage_id`, `segment`), the `year` of its figures (one year per input), China's share (`china_pct`, and
    `china_row`, its row's index in `table`), the largest other single country (`leader` code,
    `leader_name`, `leader_pct`, `leader_row`) and whether China supplies more than it (`china_leads`).
    Ordered as the chart draws them: by segment, then in the overview by kind of input, then from China's
    smallest share."""
    countries = chip_countries(table)
    china = countries[countries["provider"] == CHINA]
    others = countries[(countries["provider"] != CHINA) & countries["input_id"].isin(china["input_id"])]
    ranked = others.sort_values(["world_share_pct", "provider"], ascending=[False, True], kind="stable")
    leaders = ranked.drop_duplicates("input_id").rename_axis("row").reset_index().set_index("input_id")
    rows = []
    for index, row in china.iterrows():
        leader = leaders.loc[row["input_id"]] if row["input_id"] in leaders.index else None
        rows.append(
            {
                "input_id": row["input_id"],
                "input": row["input"],
                "input_type": row["input_type"],
                "stage_id": row["stage_id"],
                "segment": segment(str(row["input_type"]), row["stage_id"]),
                "year": int(row["year"]),
                "china_pct": float(row["world_share_pct"]),
                "china_row": index,
                "leader": None if leader is None else str(leader["provider"]),
                "leader_name": None if leader is None else _alias(leader),
                "leader_pct": None if leader is None else float(leader["world_share_pct"]),
                "leader_row": None if leader is None else int(leader["row"]),
            }
        )
    pairs = pd.DataFrame(rows)
    if pairs.empty:
        return pairs
    pairs["china_leads"] = pairs["china_pct"] > pairs["leader_pct"].fillna(0)
    pairs["type_order"] = pairs["input_type"].map(TYPE_ORDER).fillna(len(TYPE_ORDER))
    pairs["segment_order"] = pairs["segment"].map({s: i for i, s in enumerate(SEGMENTS)})
    pairs = pairs.sort_values(["segment_order", "type_order", "china_pct", "input"], kind="stable")
    return pairs.drop(columns=["type_order", "segment_order"]).reset_index(drop=True)


def _alias(row: pd.Series) -> str:
    """A country provider's name: its first alias ("United States"), else its code."""
    alias = row.get("provider_alias")
    return (
        str(alias).split(";")[0].strip() if isinstance(alias, str) and alias.strip() else str(row["provider"])
    )


def chip_numbers(table: pd.DataFrame) -> dict[str, Any]:
    """What commentary and the fact check quote: how many inputs have a Chinese share (`total`), in how many
    China supplies under LOW_SHARE (`low`) and leads (`leads`), the years of the figures (`years`), the
    country leading most often where China is low (`top_leader`, `top_leader_count`), and the pairs below
    LOW_SHARE (`low_pairs`) and those China leads (`lead_pairs`)."""
    pairs = chip_pairs(table)
    low = pairs[pairs["china_pct"] < LOW_SHARE]
    leading = low["leader_name"].value_counts()
    return {
        "total": len(pairs),
        "low": len(low),
        "leads": int(pairs["china_leads"].sum()),
        "years": sorted({int(y) for y in pairs["year"]}),
        "top_leader": str(leading.index[0]) if len(leading) else "",
        "top_leader_count": int(leading.iloc[0]) if len(leading) else 0,
        "low_pairs": low,
        "lead_pairs": pairs[pairs["china_leads"]],
        "pairs": pairs,
    }


# --- solar (pv_manufacturing_shares) -----------------------------------------------------------------------

MAJORITY = 50.0
"""A share of world capacity (%) above which a country's own capacity at a step is larger than the rest of
the world's together."""


def pv_china(table: pd.DataFrame) -> pd.DataFrame:
    """China's share at each step by year, in the data's step order, with `flagged` (the year repeats the
    one before or is all zero: `year_flag`, not a new measurement)."""
    steps = list(dict.fromkeys(table["step"]))
    china = table[table["iso3"] == CHINA].assign(flagged=lambda f: f["year_flag"].notna())
    order = {step: i for i, step in enumerate(steps)}
    return china.sort_values(["step", "year"], key=lambda c: c.map(order) if c.name == "step" else c)


def pv_chain(table: pd.DataFrame, until: int = ARTICLE_YEAR) -> tuple[int, pd.DataFrame] | None:
    """The latest year up to `until` in which every step has a measured (unflagged) Chinese share, and those
    rows (one per step, the smallest share first); None when no year has them all."""
    china = pv_china(table)
    steps = china["step"].nunique()
    measured = china[~china["flagged"] & (china["year"] <= until)]
    complete = measured.groupby("year")["step"].nunique()
    years = complete[complete == steps].index
    if not len(years):
        return None
    year = int(years.max())
    rows = measured[measured["year"] == year].sort_values("world_share_pct", kind="stable")
    return year, rows


# --- innovation and intellectual property (wdi_innovation, wdi_ip_charges) ---------------------------------

RD = "GB.XPD.RSDV.GD.ZS"
RESEARCHERS = "SP.POP.SCIE.RD.P6"
RESIDENTS, NON_RESIDENTS = "IP.PAT.RESD", "IP.PAT.NRES"
INNOVATION = {"rd": (RD,), "researchers": (RESEARCHERS,), "patents": (RESIDENTS, NON_RESIDENTS)}
"""The innovation chart's measures (`indicator` control) and the WDI indicators each draws."""
PAID, RECEIVED = "BM.GSR.ROYL.CD", "BX.GSR.ROYL.CD"
"""Charges for the use of intellectual property: payments (imports of the service) and receipts."""


def values(table: pd.DataFrame, indicator: str, iso3: str = CHINA) -> pd.Series:
    """An economy's values of one indicator by year (years without a value left out)."""
    rows = table[(table["indicator"] == indicator) & (table["iso3"] == iso3)].dropna(subset=["value"])
    return rows.set_index("year")["value"].astype(float).sort_index()


def ip_balance(table: pd.DataFrame, iso3: str = CHINA) -> pd.DataFrame:
    """Payments and receipts by year (billion US$) where both are published: `paid`, `received`, `ratio`
    (paid ÷ received) and `net_payer`."""
    both = pd.concat({"paid": values(table, PAID, iso3), "received": values(table, RECEIVED, iso3)}, axis=1)
    both = both.dropna()
    both["ratio"] = both["paid"] / both["received"]
    both["net_payer"] = both["paid"] > both["received"]
    return both


def net_receivers(table: pd.DataFrame, year: int) -> list[str]:
    """The economies (country names, World left out) that received more than they paid in `year`."""
    names = dict(zip(table["iso3"], table["country"], strict=False))
    found = []
    for iso3 in dict.fromkeys(table["iso3"]):
        if iso3 == "WLD":
            continue
        balance = ip_balance(table, iso3)
        if year in balance.index and not bool(balance.loc[year, "net_payer"]):
            found.append(str(names[iso3]))
    return found


def innovation_numbers(
    innovation: pd.DataFrame, ip: pd.DataFrame, year: int = ARTICLE_YEAR
) -> dict[str, Any] | None:
    """What the fact check and the cards quote for the article's year: China's IP payments and receipts
    (`paid`, `received`, `ratio`), the first year of the charges series and how many of its years China paid
    more than it received (`first_year`, `payer_years`, `years`), its R&D spending (% of GDP) and its resident
    and non-resident patent applications (`rd`, `residents`, `non_residents`, `patent_ratio`); None when the
    charges for `year` are not published."""
    balance = ip_balance(ip)
    if year not in balance.index:
        return None
    upto = balance[balance.index <= year]
    row = balance.loc[year]
    rd, residents, non_residents = (values(innovation, code) for code in (RD, RESIDENTS, NON_RESIDENTS))
    found = {
        "year": year,
        "paid": float(row["paid"]),
        "received": float(row["received"]),
        "ratio": float(row["ratio"]),
        "net_payer": bool(row["net_payer"]),
        "first_year": int(upto.index.min()),
        "payer_years": int(upto["net_payer"].sum()),
        "years": len(upto),
        "rd": float(rd[year]) if year in rd.index else None,
        "residents": float(residents[year]) if year in residents.index else None,
        "non_residents": float(non_residents[year]) if year in non_residents.index else None,
    }
    if found["residents"] and found["non_residents"]:
        found["patent_ratio"] = found["residents"] / found["non_residents"]
    return found


# --- exports (wdi_tech_exports) beside the tech share of value added ---------------------------------------

HIGH_TECH, MEDIUM_HIGH = "TX.VAL.TECH.MF.ZS", "TX.MNF.TECH.ZS.UN"
"""High-technology exports (% of manufactured exports; UN Comtrade's product list) and medium and high-tech
exports (% of manufactured exports; UNIDO's industry list, the one of the tech share of value added)."""
EXPORTS = {"high_tech": HIGH_TECH, "medium_high": MEDIUM_HIGH}
"""The exports chart's measures (`exports` control)."""


def export_series(table: pd.DataFrame, indicator: str, economies: list[str] | None = None) -> pd.DataFrame:
    """One indicator of `wdi_tech_exports` as `tech_share.series` shapes a table (values only, `imputed`
    marking carried-forward values, the economies in the order given)."""
    return tech_share.series(table[table["indicator"] == indicator], economies)


def export_numbers(exports: pd.DataFrame, mva_tech: pd.DataFrame) -> dict[str, Any]:
    """China's medium and high-tech share of manufactured exports in the latest year the tech share of value
    added is published for it (`year`, `exports_share`, `mva_share`: the same UNIDO industry list, so the two
    compare), whether that value-added figure is imputed, and the high-tech share of exports in its first and
    latest year (`high_first_year`, `high_first`, `high_last_year`, `high_last`, `high_peak_year`,
    `high_peak`)."""
    mva = tech_share.numbers(mva_tech)
    medium_high = values(exports, MEDIUM_HIGH)
    year = int(mva["year"]) if mva["year"] in medium_high.index else int(medium_high.index.max())
    high = values(exports, HIGH_TECH)
    return {
        "year": year,
        "exports_share": float(medium_high[year]),
        "mva_share": float(mva["value"]) if year == mva["year"] else None,
        "mva_imputed": bool(mva["imputed"]),
        "high_first_year": int(high.index.min()),
        "high_first": float(high.iloc[0]),
        "high_last_year": int(high.index.max()),
        "high_last": float(high.iloc[-1]),
        "high_peak_year": int(high.idxmax()),
        "high_peak": float(high.max()),
    }


def ranked(table: pd.DataFrame, indicator: str, year: int) -> pd.DataFrame:
    """The national economies (World left out) with a value of `indicator` in `year`, highest first, with
    `rank` (1 = highest): where China stands among the economies compared."""
    rows = table[(table["indicator"] == indicator) & (table["year"] == year) & (table["iso3"] != "WLD")]
    rows = rows.dropna(subset=["value"]).sort_values("value", ascending=False, kind="stable")
    return rows.reset_index(drop=True).assign(rank=lambda f: range(1, len(f) + 1))
