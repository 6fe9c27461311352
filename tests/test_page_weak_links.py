"""Weak links: the fact checks of the shortcomings paragraph, each on the real data and on a changed frame
that flips it; every chip bar carrying the year of its figure; the solar chart drawing a year that is not a
new figure differently; the chips chart's non-commercial licence in every citation and export; the fact
check grouped by the article's two halves.

Expected values are derived from the data through the facts module, never restated."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd
import pytest
from starlette.testclient import TestClient

from data_api.api import DataApi
from data_api.views import view_routes
from declared import values
from industrial_base import export, site
from industrial_base.factcheck import CHECKS, Evidence, Verdict, verdicts
from industrial_base.facts import weak_links as wl
from industrial_base.i18n import Messages
from industrial_base.loading import load_package
from industrial_base.package import DEFAULT_DATA_DIR, DataPackage
from industrial_base.pages import fact_check as fc
from industrial_base.pages import sources as sv
from industrial_base.pages import weak_links as page
from industrial_base.pages.fact_check import say
from test_pages import open_downloads, open_page, texts

EN, ZH = Messages("en"), Messages("zh")


@pytest.fixture(scope="module")
def package() -> DataPackage:
    return load_package(DEFAULT_DATA_DIR)


def claim(package: DataPackage, claim_id: str) -> pd.Series:
    claims = package.table("claims")
    return claims[claims["claim_id"] == claim_id].iloc[0]


def run(package: DataPackage, claim_id: str, tables: Mapping[str, pd.DataFrame]) -> Evidence:
    """The check a claim names, run on `tables` (the datasets it reads, changed as a test needs)."""
    row = claim(package, claim_id)
    check = CHECKS[row["check"]]
    assert set(tables) == set(check.reads), (claim_id, check.reads)
    return check.run(tables, row)  # type: ignore[arg-type]


def tables_of(package: DataPackage, claim_id: str) -> dict[str, pd.DataFrame]:
    return {name: package.table(name).copy() for name in CHECKS[claim(package, claim_id)["check"]].reads}


# --- the new claims and their checks ---------------------------------------------------------------------


def test_every_claim_of_the_weak_links_half_is_discussed_on_a_page_and_has_its_words(
    package: DataPackage,
) -> None:
    claims = package.table("claims")
    weak = claims[claims["half"] == "weak_links"]
    assert {"tracking-imitating", "core-components", "reliability", "quality-brands"} <= set(weak["claim_id"])
    found = verdicts(package)
    for claim_id in weak["claim_id"]:
        result = found[claim_id]
        assert isinstance(result, Evidence), claim_id
        assert say(EN, result.reason) and say(ZH, result.reason) != say(EN, result.reason)
    # the page's cards carry every new claim's badge
    cards = [view.chart(EN, package, **values(view.chart, EN, package)) for view in page.PAGE.views]
    shown = {claim_id for card in cards for claim_id in card.commentary.claims}
    assert set(weak["claim_id"]) - {"protracted-battle"} <= shown


def test_chip_dependence_is_partly_on_the_data_and_says_what_it_measures(package: DataPackage) -> None:
    tables = tables_of(package, "core-components")
    result = run(package, "core-components", tables)
    numbers = wl.chip_numbers(tables[page.CHIPS])
    assert numbers["low"] > 0 and result.verdict is Verdict.PARTLY
    reason = say(EN, result.reason)
    assert reason.startswith("Measured for chips only")
    assert f"in {numbers['low']}," in reason and f"Of the {numbers['total']} inputs" in reason
    assert all(v.source_url and "eto-chip-explorer" in v.source_url for v in result.values)
    low = numbers["low_pairs"]
    software = low[(low["segment"] == "overview") & (low["input_type"] != "stage")]
    assert len(result.values) == len(software) + low[low["segment"] != "overview"]["segment"].nunique()


def test_chip_dependence_flips_when_china_supplies_a_tenth_of_everything(package: DataPackage) -> None:
    tables = tables_of(package, "core-components")
    chips = tables[page.CHIPS]
    china = (chips["provider"] == wl.CHINA) & (chips["provider_type"] == "country")
    chips.loc[china, "world_share_pct"] = chips.loc[china, "world_share_pct"].clip(lower=wl.LOW_SHARE)
    result = run(package, "core-components", tables)
    assert result.verdict is Verdict.UNVERIFIABLE
    assert "in none of the" in say(EN, result.reason)
    # one input back below a tenth: partly again, and the reason counts one
    first = chips.index[china & chips["world_share_pct"].notna()][0]
    chips.loc[first, "world_share_pct"] = wl.LOW_SHARE / 2
    again = run(package, "core-components", tables)
    assert again.verdict is Verdict.PARTLY and "less than 10% in 1," in say(EN, again.reason)


def test_tech_dependence_is_partly_and_flips_when_china_receives_more_than_it_pays(
    package: DataPackage,
) -> None:
    tables = tables_of(package, "tracking-imitating")
    result = run(package, "tracking-imitating", tables)
    found = wl.innovation_numbers(tables["wdi_innovation"], tables["wdi_ip_charges"])
    assert found is not None and found["net_payer"] and result.verdict is Verdict.PARTLY
    reason = say(EN, result.reason)
    assert f"paid {found['paid']:.1f} billion US$" in reason and "not measured" in reason
    span = f"{found['years']} years from {found['first_year']} to {found['year']}"
    every = found["payer_years"] == found["years"]
    assert (f"every one of the {span}" if every else f"{found['payer_years']} of the {span}") in reason
    ip = tables["wdi_ip_charges"]
    received = (ip["iso3"] == wl.CHINA) & (ip["year"] == wl.ARTICLE_YEAR) & (ip["indicator"] == wl.RECEIVED)
    ip.loc[received, "value"] = found["paid"] * 2
    flipped = run(package, "tracking-imitating", tables)
    assert flipped.verdict is Verdict.DIFFERS and "Not borne out" in say(EN, flipped.reason)
    assert f"{found['payer_years'] - 1} of the {span}" in say(EN, flipped.reason)  # one year fewer
    tables["wdi_ip_charges"] = ip[~((ip["iso3"] == wl.CHINA) & (ip["year"] == wl.ARTICLE_YEAR))]
    assert run(package, "tracking-imitating", tables).verdict is Verdict.UNVERIFIABLE


def test_pv_chain_is_partly_and_flips_when_a_step_falls_below_half(package: DataPackage) -> None:
    tables = tables_of(package, "rail-pv-chains")
    solar = tables[page.SOLAR]
    year, rows = wl.pv_chain(solar)  # type: ignore[misc]
    result = run(package, "rail-pv-chains", tables)
    assert rows["world_share_pct"].min() > wl.MAJORITY and result.verdict is Verdict.PARTLY
    reason = say(EN, result.reason)
    assert f"in {year}," in reason and "Rail transit is not measured" in reason and "CRRC" in reason
    assert len(result.values) == solar["step"].nunique()
    weakest = rows.iloc[-1]  # the largest share: after the change, the one below half
    at = (solar["iso3"] == wl.CHINA) & (solar["step"] == weakest["step"]) & (solar["year"] == year)
    solar.loc[at, "world_share_pct"] = wl.MAJORITY - 1
    flipped = run(package, "rail-pv-chains", tables)
    assert flipped.verdict is Verdict.UNVERIFIABLE
    step = EN.labels("weak_links.pv.steps")[weakest["step"]]
    assert f"was {wl.MAJORITY - 1:.1f}% at {step}" in say(EN, flipped.reason)


@pytest.mark.parametrize(
    ("claim_id", "sources"),
    [
        ("reliability", ("failure rates or service lives",)),
        ("quality-brands", ("Chinese Academy of Engineering", "Interbrand", "Brand Finance")),
    ],
)
def test_what_no_dataset_measures_stays_not_verifiable_and_names_what_would(
    package: DataPackage, claim_id: str, sources: tuple[str, ...]
) -> None:
    result = verdicts(package)[claim_id]
    assert isinstance(result, Evidence) and result.verdict is Verdict.UNVERIFIABLE and not result.values
    reason = say(EN, result.reason)
    assert reason.startswith("Not measured.") and "Weak links page" in reason
    assert all(source in reason for source in sources)
    assert "关键短板" in say(ZH, result.reason)


# --- the chips chart --------------------------------------------------------------------------------------


def chip_cards(m: Messages, package: DataPackage):  # type: ignore[no-untyped-def]
    for segment in page.SEGMENT.options(m, package):
        yield segment, page.PAGE.view("chips").chart(m, package, segment=segment)


@pytest.mark.parametrize("m", [EN, ZH], ids=["en", "zh"])
def test_every_chip_bar_carries_the_year_of_its_figure(package: DataPackage, m: Messages) -> None:
    pairs = wl.chip_pairs(package.table(page.CHIPS))
    parts = page.chip_parts(pairs)
    assert sum(len(rows) for rows in parts.values()) == len(pairs), "every input is in one part"
    for segment, card in chip_cards(m, package):
        rows = parts[segment]
        years = [str(int(y)) for y in rows["year"]]
        china, leader = card.figure.data
        assert len(china.text) == len(leader.text) == len(rows) <= page.MAX_ROWS
        for bars in (china, leader):
            assert [year in text for text, year in zip(bars.text, years, strict=True)] == [True] * len(rows)
        assert [year in label for label, year in zip(china.y, years, strict=True)] == [True] * len(rows)
        if len(set(years)) > 1:  # figures of different years side by side: the footnote says so
            assert card.footnote == m("weak_links.chips.footnote_mixed", **footnote_words(m, package, rows))


def footnote_words(m: Messages, package: DataPackage, rows: pd.DataFrame) -> dict[str, str]:
    years = m.join(sorted({int(y) for y in rows["year"]}))
    return {"years": years, "licence": export.licences(package.descriptor, [page.CHIPS])}


def test_the_overview_of_the_chain_mixes_years_and_says_so(package: DataPackage) -> None:
    card = page.PAGE.view("chips").chart(EN, package, segment="overview")
    years = sorted({int(y) for y in card.displayed["year"]})
    assert len(years) > 1  # CSET's 2019 report figures beside 2022 ones
    assert EN.join(years) in str(card.footnote) and "not a change over time" in str(card.footnote)
    assert set(card.displayed["compared_as"]) == set(EN.labels("weak_links.chips.roles").values())


def test_the_chips_licence_travels_into_every_citation_and_export(package: DataPackage) -> None:
    licence = export.licences(package.descriptor, [page.CHIPS])
    assert "NC" in licence  # CSET's non-commercial licence, from the descriptor
    for language in ("en", "zh"):
        at = open_page("weak_links.py", {"lang": language} if language == "zh" else None)
        at.button_group(key="tab_weak_links_chips").set_value("sources").run()
        assert not at.exception, [e.message for e in at.exception]
        codes = [c.value for c in at.code]
        citations = [c for c in codes if "<iframe" not in c and not c.startswith("/api/")]
        assert len(citations) == (3 if language == "zh" else 2)  # text, (GB/T 7714), BibTeX
        assert all(licence in c for c in citations), citations
        assert any(licence in c.value for c in at.caption), "the Sources tab says it"
        buttons = {
            b.proto.id.split("-", 2)[-1]: b.proto.help for b in open_downloads(at).get("download_button")
        }
        csvs = [help for key, help in buttons.items() if key.startswith(("dl_shown_", "dl_full_"))]
        assert csvs and all(licence in help for help in csvs), "a CSV's download button says it"
    card = page.PAGE.view("chips").chart(EN, package, segment="overview")
    picture = export.composed(
        EN,
        card,
        sources="CSET",
        licence=export.licences(package.descriptor, card.datasets),
        accessed=date(2026, 12, 2),
        link="http://x/weak-links",
    )
    assert licence in picture.layout.annotations[-1].text
    client = TestClient(started())
    answer = client.get("/api/v1/views/weak-links/chips.csv")
    assert answer.status_code == 200 and "by-nc" in answer.headers["link"]
    assert 'rel="license"' in answer.headers["link"]
    dataset = client.get(f"/api/v1/datasets/{page.CHIPS}.csv")
    assert "by-nc" in dataset.headers["link"]


def started() -> DataApi:
    api = DataApi(load=lambda: load_package(DEFAULT_DATA_DIR), views=view_routes(site.PAGES))
    api.start()
    return api


# --- the solar chart --------------------------------------------------------------------------------------


def test_a_year_that_is_not_a_new_figure_is_drawn_hollow_dashed_and_labelled(package: DataPackage) -> None:
    table = package.table(page.SOLAR)
    flagged = table[(table["iso3"] == wl.CHINA) & table["year_flag"].notna()]
    assert not flagged.empty  # polysilicon's last year repeats the one before
    for m in (EN, ZH):
        card = page.PAGE.view("pv").chart(m, package, years=page.YEARS.options(m, package))
        hollow = [t for t in card.figure.data if t.marker.symbol == "circle-open"]
        assert len(hollow) == 1
        marked = sorted(zip(hollow[0].x, hollow[0].y, strict=True))
        assert marked == sorted(zip(flagged["year"], flagged["world_share_pct"], strict=True))
        flags = m.labels("weak_links.pv.flags")
        assert sorted(hollow[0].text) == sorted(flags[f] for f in flagged["year_flag"])
        steps = m.labels("weak_links.pv.steps")
        for _, row in flagged.iterrows():
            solid = next(t for t in card.figure.data if t.name == steps[row["step"]])
            at = list(solid.x).index(row["year"])
            assert pd.isna(solid.y[at]), "the solid line breaks at the flagged year"
            dashed = [
                t
                for t in card.figure.data
                if t.line.dash == "dash" and t.legendgroup == row["step"] and row["year"] in list(t.x)
            ]
            assert dashed, "a dashed segment joins it to its neighbours"
        assert str(int(flagged["year"].iloc[0])) in str(card.footnote)


# --- the page and the fact check ---------------------------------------------------------------------------


def test_the_page_opens_on_the_chips_with_the_badge_of_its_claim() -> None:
    at = open_page("weak_links.py")
    assert not at.exception, [e.message for e in at.exception]
    shown = texts(at)
    assert EN("ui.verdicts.short.partly") in shown and "cannot be independently controlled" in shown
    zh = texts(open_page("weak_links.py", {"lang": "zh"}))
    assert "关键短板" in zh and "不能自主可控" in zh


def test_the_fact_check_groups_claims_by_the_articles_half(package: DataPackage) -> None:
    claims = package.table("claims")
    halves = list(dict.fromkeys(claims["half"]))
    assert halves == ["progress", "weak_links"]
    at = open_page("fact_check.py")
    assert not at.exception, [e.message for e in at.exception]
    headings = [h.value for h in at.subheader]
    expected = [EN(f"fact_check.halves.{half}", n=int((claims["half"] == half).sum())) for half in halves]
    assert headings == expected
    groups = fc.by_half(ZH, claims, claims[claims["half"] == "weak_links"])
    assert [len(indices) for _, indices in groups] == [int((claims["half"] == "weak_links").sum())]


def test_the_half_column_is_described_in_both_languages_on_sources(package: DataPackage) -> None:
    resource = package.resource("claims")
    field = next(f for f in resource["schema"]["fields"] if f["name"] == "half")
    chinese = sv.schema_frame(resource, chinese=True).set_index("field")["description"]
    english = sv.schema_frame(resource).set_index("field")["description"]
    assert chinese["half"] == field["description_zh"] and english["half"] == field["description"]
    assert chinese["claim_id"] == english["claim_id"]  # a field without Chinese texts keeps its English one


@pytest.mark.parametrize("view", [v.id for v in page.PAGE.views])
def test_each_card_says_its_own_claim(package: DataPackage, view: str) -> None:
    chart = page.PAGE.view(view).chart
    card = chart(ZH, package, **values(chart, ZH, package))
    assert card.commentary.claim == ZH(f"weak_links.{view}.claim")


@pytest.mark.parametrize("m", [EN, ZH], ids=["en", "zh"])
def test_two_lines_per_economy_make_one_legend_entry_each_and_two_line_styles(
    package: DataPackage, m: Messages
) -> None:
    economies = ("CHN", "USA", "JPN")
    card = page.PAGE.view("ip_charges").chart(
        m, package, years=(2000, 2020), units="level", log=False, countries=economies
    )
    legend = [t.name for t in card.figure.data if t.showlegend is not False]
    names = dict(zip(card.displayed["iso3"], card.displayed["country"], strict=True))
    styles = m.labels("weak_links.ip_charges.series")
    assert legend == [m.data_name(names[e]) for e in economies] + [styles[wl.PAID], styles[wl.RECEIVED]]
    assert len(card.figure.data) == 2 * len(economies) + 2
