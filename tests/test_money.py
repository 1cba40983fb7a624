"""Money: every formula against a figure computed by hand, and the directions that must hold."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nps_workbook import money
from nps_workbook.config import Finance
from nps_workbook.errors import AnalysisError
from nps_workbook.money import Input, build_assumptions

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "dk-b2b-it"


def answers_of(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    """(respondent_id, date, score) rows as tidy answers."""
    frame = pd.DataFrame(rows, columns=["respondent_id", "date", "score"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


# Three accounts: a detractor, a passive and a promoter by their latest answers.
TINY = answers_of(
    [
        ("A", "2024-01-10", 9),
        ("A", "2024-06-10", 3),  # latest: detractor
        ("B", "2024-02-10", 7),
        ("C", "2024-03-10", 10),
        ("C", "2024-05-10", 9),
    ]
)


def tiny_assumptions(**finance) -> money.Assumptions:
    return build_assumptions(tiny_assumptions_finance(**finance), answers=TINY)


def tiny_assumptions_finance(**finance) -> Finance:
    settings = {
        "revenue_per_customer": 1000.0,
        "margin": 0.5,
        "discount_rate": 0.1,
        "horizon_years": 3,
        "retention": {"detractors": 0.6, "passives": 0.8, "promoters": 0.9},
        "cost_to_serve": {"detractors": 100.0, "passives": 50.0, "promoters": 0.0},
        "referrals_per_promoter": 0.5,
        "lost_per_detractor": 0.25,
        "retention_source": "assumption",
    }
    settings.update(finance)
    return Finance.model_validate(settings)


# The tiny assumptions by hand: yearly margin R·m − C and the discounted years
# Σ_{t=0}^{2} (r/1.1)^t of each category (d = 10 %, H = 3).
YEARS = {
    "detractor": 1 + 0.6 / 1.1 + 0.6**2 / 1.1**2,  # 1.842975
    "passive": 1 + 0.8 / 1.1 + 0.8**2 / 1.1**2,  # 2.256198
    "promoter": 1 + 0.9 / 1.1 + 0.9**2 / 1.1**2,  # 2.487603
}
LTV = {
    "detractor": (1000 * 0.5 - 100) * YEARS["detractor"],  # 737.19
    "passive": (1000 * 0.5 - 50) * YEARS["passive"],  # 1015.29
    "promoter": (1000 * 0.5 - 0) * YEARS["promoter"],  # 1243.80
}


def hand_customer_values(customers: dict[str, int]) -> dict[str, float]:
    """V_c = LTV_c + WOM_c by hand; WOM = +0.5 (promoters) or −0.25 (detractors)·LTV_new·years."""
    total = sum(customers.values())
    new = sum(customers[c] * LTV[c] for c in LTV) / total
    return {
        "detractor": LTV["detractor"] - 0.25 * new * YEARS["detractor"],
        "passive": LTV["passive"],
        "promoter": LTV["promoter"] + 0.5 * new * YEARS["promoter"],
    }


# --- Lifetime value ---------------------------------------------------------------------------


def test_lifetime_value_by_hand():
    ltv = money.lifetime_value(tiny_assumptions())
    # Detractor: yearly margin 1000·0.5 − 100 = 400; years 0, 1, 2 with r = 0.6, d = 0.1.
    expected = 400 * (1 + 0.6 / 1.1 + 0.6**2 / 1.1**2)
    assert ltv["detractor"].value == pytest.approx(expected)
    # Promoter: 500 a year, r = 0.9.
    assert ltv["promoter"].value == pytest.approx(500 * (1 + 0.9 / 1.1 + 0.81 / 1.21))
    assert ltv["promoter"].unit == "DKK"
    assert ltv["promoter"].input("r").value == 0.9
    assert ltv["promoter"].input("r").source == "assumption"


def test_lifetime_value_meets_the_published_margin_multiple():
    # Gupta & Lehmann (2003), "Customers as Assets": a margin m received at the end of each
    # year, retention r, discount i is worth m·r/(1 + i − r); their table gives 4.09 for
    # r = 90 %, i = 12 %. Our year-0 margin comes on top: 1 + 0.9/0.22 = 5.0909 margins.
    published_multiple = 0.9 / (1 + 0.12 - 0.9)
    assert round(published_multiple, 2) == 4.09
    a = tiny_assumptions(
        discount_rate=0.12,
        horizon_years=30,
        retention={"detractors": 0.9, "passives": 0.9, "promoters": 0.9},
        cost_to_serve={"detractors": 0, "passives": 0, "promoters": 0},
    ).replace("horizon_years", 400)
    ltv = money.lifetime_value(a)["promoter"].value
    assert ltv / 500 == pytest.approx(1 + published_multiple, rel=1e-9)


def test_new_customer_value_and_word_of_mouth_by_hand():
    a = tiny_assumptions()
    new = (737.19 + 1015.29 + 1243.80) / 3  # one account each: 998.76
    assert money.new_customer_value(a).value == pytest.approx(new, abs=0.01)
    new = sum(LTV.values()) / 3
    wom = money.word_of_mouth_value(a)
    annuity_promoter = 1 + 0.9 / 1.1 + 0.81 / 1.21
    annuity_detractor = 1 + 0.6 / 1.1 + 0.36 / 1.21
    assert wom["promoter"].value == pytest.approx(0.5 * new * annuity_promoter)
    assert wom["detractor"].value == pytest.approx(-0.25 * new * annuity_detractor)
    assert wom["passive"].value == 0
    base = money.word_of_mouth(a)
    assert base["referrals"].value == pytest.approx(1 * 0.5 * new)
    assert base["lost"].value == pytest.approx(-1 * 0.25 * new)
    assert base["net"].value == pytest.approx(0.25 * new)


def test_new_customer_value_is_weighted_by_customers():
    # 1 detractor, 3 passives and 6 promoters by their latest answers (the tiny finance).
    rows = [("D0", "2024-01-10", 2)]
    rows += [(f"P{i}", "2024-01-10", 8) for i in range(3)]
    rows += [(f"R{i}", "2024-01-10", 10) for i in range(6)]
    a = build_assumptions(tiny_assumptions_finance(), answers=answers_of(rows))
    # (1·737.19 + 3·1015.29 + 6·1243.80) / 10 = 1124.59; the plain mean of the three LTVs
    # would be 998.76.
    assert money.new_customer_value(a).value == pytest.approx(1124.59, abs=0.01)
    by_hand = (LTV["detractor"] + 3 * LTV["passive"] + 6 * LTV["promoter"]) / 10
    assert money.new_customer_value(a).value == pytest.approx(by_hand)
    # Word of mouth carries the weighted value: a promoter's referrals over its years.
    wom = money.word_of_mouth_value(a)["promoter"].value
    assert wom == pytest.approx(0.5 * by_hand * YEARS["promoter"])


def test_revenue_at_risk_by_hand():
    a = tiny_assumptions()
    # One detractor (1000, churn 0.4) and one passive (1000, churn 0.2).
    assert money.revenue_at_risk(a).value == pytest.approx(1000 * 0.4 + 1000 * 0.2)


def test_customer_value_table_adds_up():
    a = tiny_assumptions()
    table = money.customer_value(a).set_index("category")
    assert list(table.index) == ["detractor", "passive", "promoter"]
    for category, row in table.iterrows():
        assert row["value"] == pytest.approx(row["lifetime_value"] + row["word_of_mouth"])
        assert row["total"] == pytest.approx(row["value"] * row["customers"]), category


# --- Business case and sensitivity ------------------------------------------------------------


def test_business_case_by_hand():
    a = tiny_assumptions(customers=100)  # 100 customers split 1/3 each
    values = hand_customer_values({"detractor": 1, "passive": 1, "promoter": 1})
    case = money.business_case(a, detractors_to_passives=0.3, passives_to_promoters=0.1)
    moved_d, moved_p = 0.3 * 100 / 3, 0.1 * 100 / 3
    expected = moved_d * (values["passive"] - values["detractor"]) + moved_p * (
        values["promoter"] - values["passive"]
    )
    assert case.detractors_moved.value == pytest.approx(moved_d)
    assert case.passives_moved.value == pytest.approx(moved_p)
    assert case.value_horizon.value == pytest.approx(expected)
    annuity = 1 + 1 / 1.1 + 1 / 1.21
    assert case.value_per_year.value == pytest.approx(expected / annuity)
    assert case.value_horizon.value > 0


def test_business_case_rejects_a_share_above_one():
    with pytest.raises(AnalysisError, match="detractors_to_passives"):
        money.business_case(tiny_assumptions(), detractors_to_passives=1.5)


def case_value(a: money.Assumptions) -> float:
    return money.business_case(a).value_horizon.value


def test_higher_promoter_retention_makes_the_case_larger():
    a = tiny_assumptions()
    assert case_value(a.replace("retention.promoter", 0.95)) > case_value(a)


def test_higher_discount_rate_makes_the_case_smaller():
    a = tiny_assumptions()
    assert case_value(a.replace("discount_rate", 0.2)) < case_value(a)


def test_more_referrals_and_more_lost_prospects_make_the_case_larger():
    a = tiny_assumptions()
    assert case_value(a.replace("referrals_per_promoter", 1.0)) > case_value(a)
    assert case_value(a.replace("lost_per_detractor", 0.5)) > case_value(a)


def test_sensitivity_varies_one_assumption_at_a_time_and_sorts_by_swing():
    a = tiny_assumptions()
    table = money.sensitivity(a, change=0.2)
    assert set(table["assumption"]) == set(money.UNCERTAIN)
    assert table["swing"].is_monotonic_decreasing
    assert table.attrs["base_value"] == pytest.approx(case_value(a))
    rows = table.set_index("assumption")
    # Retention varies through churn: promoters' churn 0.1 ± 20 % -> retention 0.88 / 0.92.
    assert rows.loc["retention.promoter", "low"] == pytest.approx(0.88)
    assert rows.loc["retention.promoter", "high"] == pytest.approx(0.92)
    assert (
        rows.loc["retention.promoter", "value_high"] > rows.loc["retention.promoter", "value_low"]
    )
    assert rows.loc["discount_rate", "value_high"] < rows.loc["discount_rate", "value_low"]
    # The margin at its high end, 0.6: the yearly margins become 500, 550 and 600 and the
    # business case (20 % of the 33.3 detractors and of the 33.3 passives move up, as in
    # test_business_case_by_hand) is computed again by hand.
    assert rows.loc["margin", "high"] == pytest.approx(0.6)
    ltv = {
        "detractor": (600 - 100) * YEARS["detractor"],
        "passive": (600 - 50) * YEARS["passive"],
        "promoter": 600 * YEARS["promoter"],
    }
    new = sum(ltv.values()) / 3
    value = {
        "detractor": ltv["detractor"] - 0.25 * new * YEARS["detractor"],
        "passive": ltv["passive"],
        "promoter": ltv["promoter"] + 0.5 * new * YEARS["promoter"],
    }
    moved = 0.2 * 1  # one customer per category in the tiny answers
    expected = moved * (value["passive"] - value["detractor"]) + moved * (
        value["promoter"] - value["passive"]
    )
    assert rows.loc["margin", "value_high"] == pytest.approx(expected)


def test_sensitivity_keeps_retention_at_or_above_zero():
    # Detractors' retention 0.1: churn 0.9 ± 50 % -> 1.35 (retention −0.35, floored at 0) and
    # 0.45 (retention 0.55).
    a = tiny_assumptions(retention={"detractors": 0.1, "passives": 0.8, "promoters": 0.9})
    rows = money.sensitivity(a, change=0.5).set_index("assumption")
    assert rows.loc["retention.detractor", "low"] == 0.0
    assert rows.loc["retention.detractor", "high"] == pytest.approx(0.55)
    # The case at the floor is the case of a detractor who leaves after year 0: LTV = 400.
    # Only the detractors' value changes: V_D = 400 − 0.25·LTV_new·1 with
    # LTV_new = (400 + LTV_P + LTV_Pr)/3; 0.2 detractors move: 0.2·(V_P − V_D) + 0.2·(V_Pr − V_P).
    new = (400 + LTV["passive"] + LTV["promoter"]) / 3
    v_d = 400 - 0.25 * new * 1
    v_p = LTV["passive"]
    v_pr = LTV["promoter"] + 0.5 * new * YEARS["promoter"]
    expected = 0.2 * (v_p - v_d) + 0.2 * (v_pr - v_p)
    assert rows.loc["retention.detractor", "value_low"] == pytest.approx(expected)


# --- Share of wallet, Wallet Allocation Rule, Earned Growth -----------------------------------


def test_wallet_allocation_rule_published_values():
    # Keiningham et al., The Wallet Allocation Rule: share = (1 − rank/(N+1)) · 2/N.
    # Two brands: first 2/3, second 1/3. Three brands: 1/2, 1/3, 1/6. One brand: all of it.
    assert money.wallet_allocation(1, 2) == pytest.approx((1 - 1 / 3) * 2 / 2)
    assert money.wallet_allocation(1, 2) == pytest.approx(2 / 3)
    assert money.wallet_allocation(2, 2) == pytest.approx(1 / 3)
    assert money.wallet_allocation(1, 3) == pytest.approx(0.5)
    assert money.wallet_allocation(2, 3) == pytest.approx(1 / 3)
    assert money.wallet_allocation(3, 3) == pytest.approx(1 / 6)
    assert money.wallet_allocation(1, 1) == pytest.approx(1.0)
    # Each customer's brands share the whole wallet.
    assert sum(money.wallet_allocation(range(1, 6), [5] * 5)) == pytest.approx(1.0)


def test_wallet_allocation_rejects_a_rank_beyond_the_brands():
    with pytest.raises(AnalysisError, match="rank 4 of 3 brands"):
        money.wallet_allocation(4, 3)


def test_share_of_wallet_upside_by_hand():
    customers = pd.DataFrame(
        {"id": ["A", "B", "C"], "revenue": [100.0, 300.0, 500.0], "share_of_wallet": [20, 30, 50]}
    )
    table, figure = money.share_of_wallet_upside(TINY, customers)
    rows = table.set_index("category")
    # Target: the promoters' mean share, 50 %. B (passive): wallet 1000, upside 20 % of it.
    assert figure.input("target_share_of_wallet").value == 50
    assert rows.loc["passive", "upside"] == pytest.approx(200.0)
    assert rows.loc["detractor", "upside"] == pytest.approx(0.3 * 500)  # A: wallet 500
    assert rows.loc["promoter", "upside"] == 0
    assert figure.value == pytest.approx(200.0)  # passives and promoters only


def test_share_of_wallet_upside_with_the_wallet_allocation_rule():
    customers = pd.DataFrame(
        {
            "id": ["A", "B", "C"],
            "revenue": [100.0, 300.0, 500.0],
            "rank": [3, 2, 1],
            "brands": [3, 2, 2],
        }
    )
    table, figure = money.share_of_wallet_upside(TINY, customers, rank="rank", brands="brands")
    rows = table.set_index("category")
    # B: rank 2 of 2 -> expected share 1/3, wallet 300/(1/3) = 900; first place 2/3 -> +300.
    assert rows.loc["passive", "upside"] == pytest.approx(300.0)
    assert rows.loc["promoter", "upside"] == pytest.approx(0.0)
    assert figure.value == pytest.approx(300.0)


def test_earned_growth_rate_by_hand():
    # 100 last year; last year's customers bring 104 this year (NRR 104 %); customers who
    # came because of a referral bring 6 (ENC 6 %): EGR = 1.04 + 0.06 − 1 = 10 %.
    egr = money.earned_growth_rate(
        revenue_last_year=100.0,
        revenue_from_last_years_customers=104.0,
        earned_new_customer_revenue=6.0,
    )
    assert egr.value == pytest.approx(0.10)
    assert egr.input("net_revenue_retention").value == pytest.approx(1.04)
    assert egr.input("earned_new_customers").value == pytest.approx(0.06)
    # Losing customers can make earned growth negative even when revenue grows through
    # bought customers.
    assert money.earned_growth_rate(
        revenue_last_year=100.0,
        revenue_from_last_years_customers=90.0,
        earned_new_customer_revenue=2.0,
    ).value == pytest.approx(-0.08)


# --- Retention from the data and the choice of source ----------------------------------------


def test_retention_from_answers_by_hand():
    rows = [
        # Base year 2023, follow-up year 2024 (the data ends 2024-12-31).
        ("D1", "2023-03-01", 2),
        ("D1", "2024-03-01", 4),  # detractor, answered again
        ("D2", "2023-05-01", 5),  # detractor, gone
        ("P1", "2023-04-01", 8),
        ("P1", "2024-08-01", 8),  # passive, stays
        ("R1", "2023-02-01", 3),
        ("R1", "2023-11-01", 10),
        ("R1", "2024-12-31", 9),
        ("R2", "2023-06-01", 9),
        ("R2", "2024-02-01", 10),
    ]
    table = money.retention_from_answers(answers_of(rows)).set_index("category")
    assert table.loc["detractor", "accounts"] == 2
    assert table.loc["detractor", "retention"] == pytest.approx(0.5)
    assert table.loc["passive", "retention"] == pytest.approx(1.0)
    # R1 counts by its last base-year answer (a promoter), not its first.
    assert table.loc["promoter", "accounts"] == 2
    assert table.loc["promoter", "retained"] == 2
    low, high = table.loc["detractor", ["ci_low", "ci_high"]]
    assert low < 0.5 < high


def test_retention_base_window_has_a_start():
    # Data ends 2024-12-31: follow-up (2023-12-31, 2024-12-31], base (2022-12-31, 2023-12-31].
    rows = [
        ("OLD", "2022-06-01", 2),  # before the base window: not an account of the base
        ("OLD", "2024-06-01", 2),
        ("EDGE", "2022-12-31", 3),  # on the base start: outside (the window is open there)
        ("EDGE", "2024-06-01", 3),
        ("IN", "2023-01-01", 4),  # the base window's first day
        ("GONE", "2023-09-01", 5),
        ("R1", "2024-12-31", 10),
    ]
    table = money.retention_from_answers(answers_of(rows))
    assert table.attrs["base_start"] == pd.Timestamp("2022-12-31")
    rows_ = table.set_index("category")
    assert rows_.loc["detractor", "accounts"] == 2  # IN and GONE
    assert rows_.loc["detractor", "retained"] == 0
    assert rows_.loc["detractor", "retention"] == 0.0
    # A shorter base window leaves IN (2023-01-01) out as well: base (2023-06-30, 2023-12-31].
    short = money.retention_from_answers(answers_of(rows), base_months=6).set_index("category")
    assert short.loc["detractor", "accounts"] == 1  # GONE


def test_retention_source_auto_uses_data_only_when_enough_and_ordered():
    rows = []
    for i in range(4):  # detractors: half come back; passives: 3 of 4; promoters: all
        rows += [(f"D{i}", "2023-03-01", 3)] + ([(f"D{i}", "2024-03-01", 3)] if i < 2 else [])
        rows += [(f"P{i}", "2023-03-01", 7)] + ([(f"P{i}", "2024-03-01", 7)] if i < 3 else [])
        rows += [(f"R{i}", "2023-03-01", 10), (f"R{i}", "2024-12-31", 10)]
    answers = answers_of(rows)
    finance = Finance(revenue_per_customer=1000, min_accounts=4)
    a = build_assumptions(finance, answers=answers)
    assert a["retention.detractor"].source == "data"
    assert a.value("retention.detractor") == pytest.approx(0.5)
    assert a.value("retention.passive") == pytest.approx(0.75)
    assert a.notes == ()
    few = build_assumptions(Finance(revenue_per_customer=1000, min_accounts=5), answers=answers)
    assert few["retention.detractor"].source == "assumption"
    assert few.notes == ("retention_too_few_accounts",)
    chosen = build_assumptions(
        Finance(revenue_per_customer=1000, retention_source="assumption"), answers=answers
    )
    assert chosen.value("retention.promoter") == Finance().retention.promoters


def test_unordered_retention_falls_back_unless_data_is_asked_for():
    rows = []
    for i in range(4):  # detractors always come back, promoters never: noise, not loyalty
        rows += [(f"D{i}", "2023-03-01", 3), (f"D{i}", "2024-03-01", 3)]
        rows += [(f"P{i}", "2023-03-01", 7), (f"P{i}", "2024-03-01", 7)]
        rows += [(f"R{i}", "2023-03-01", 10)]
    rows.append(("X", "2024-12-31", 8))
    answers = answers_of(rows)
    auto = build_assumptions(Finance(revenue_per_customer=1, min_accounts=4), answers=answers)
    assert auto.notes == ("retention_not_ordered",)
    assert auto["retention.promoter"].source == "assumption"
    # The measured retention in the client's number format: 100 % of 4 accounts.
    assert "100\xa0% (4)" in money.note_text("retention_not_ordered", auto, "da")
    assert "100% (4)" in money.note_text("retention_not_ordered", auto, "en")
    forced = build_assumptions(
        Finance(revenue_per_customer=1, min_accounts=4, retention_source="data"), answers=answers
    )
    assert forced.value("retention.promoter") == 0.0


def test_revenue_needs_data_or_an_assumption():
    with pytest.raises(AnalysisError, match="revenue_per_customer"):
        build_assumptions(Finance(), answers=TINY)


def test_the_base_size_scales_the_shares_in_the_data():
    a = tiny_assumptions(customers=300)
    assert a.value("customers.promoter") == pytest.approx(100)
    assert a["customers.promoter"].source == "assumption"


# --- Traceability -----------------------------------------------------------------------------


def test_accounts_at_risk_by_hand():
    customers = pd.DataFrame({"id": ["A", "B", "C", "Z"], "revenue": [100.0, 300.0, 500.0, 900.0]})
    table = money.accounts_at_risk(TINY, customers, tiny_assumptions())
    # A: latest answer a detractor (its first was a promoter), churn 1 − 0.6: 100·0.4 = 40.
    # B: passive, 300·0.2 = 60. C: promoter, 500·0.1 = 50. Z never answered: not listed.
    assert list(table["id"]) == ["B", "C", "A"]
    assert list(table["category"].astype(str)) == ["passive", "promoter", "detractor"]
    assert table["churn"].tolist() == pytest.approx([0.2, 0.1, 0.4])
    assert table["revenue_at_risk"].tolist() == pytest.approx([60.0, 50.0, 40.0])
    assert list(table["answered"]) == list(
        pd.to_datetime(["2024-02-10", "2024-05-10", "2024-06-10"])
    )


def test_every_figure_traces_down_to_data_or_assumptions_with_names_in_both_languages():
    a = tiny_assumptions()
    case = money.business_case(a)
    table = money.trace(case.value_per_year)
    assert table.iloc[0]["value"] == case.value_per_year.value
    leaves = table[table["source"] != "figure"]
    assert set(leaves["source"]) <= {"data", "assumption"}
    figures = [
        *case.figures(),
        money.revenue_at_risk(a),
        *money.word_of_mouth(a).values(),
        money.earned_growth_rate(
            revenue_last_year=1, revenue_from_last_years_customers=1, earned_new_customer_revenue=0
        ),
        money.wallet_allocation_figure(2, 3),
    ]
    for figure in figures:
        for language in ("da", "en"):
            labelled = money.trace(figure, language)
            assert labelled["name"].str.len().gt(0).all()
    assert len(money.trace(case.value_per_year, max_depth=1)) == 1 + len(case.value_per_year.inputs)
    for language in ("da", "en"):
        assert len(a.table(language)) == len(a.inputs)


def test_input_source_is_checked():
    with pytest.raises(ValueError, match="source"):
        Input("x", 1.0, "count", "guess")


# --- The sample client ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample():
    from nps_workbook.client_data import load_client_data

    return load_client_data(SAMPLE)


def test_sample_promoters_bring_more_revenue_and_are_worth_more(sample):
    a = build_assumptions(
        sample.client.config.finance,
        answers=sample.answers,
        customers=sample.customers.frame,
        currency=sample.client.config.currency,
    )
    assert a["revenue.promoter"].source == "data"
    revenue = [a.value(f"revenue.{c}") for c in ("detractor", "passive", "promoter")]
    assert revenue == sorted(revenue)
    values = money.customer_value(a)["value"].tolist()
    assert values == sorted(values)
    case = money.business_case(a)
    assert case.value_horizon.value > 0
    assert money.revenue_at_risk(a).value > 0
    # Every retention input says where it came from, and a fallback says why.
    assert all(
        a[f"retention.{c}"].source in ("data", "assumption")
        for c in ("detractor", "passive", "promoter")
    )
    if a["retention.promoter"].source == "assumption":
        assert a.notes
    at_risk = money.accounts_at_risk(sample.answers, sample.customers.frame, a)
    assert at_risk["revenue_at_risk"].is_monotonic_decreasing
    assert not math.isnan(at_risk["revenue_at_risk"].iloc[0])


# --- What the mutation run found untested (tests/MUTATION.md) --------------------------------


def test_the_business_case_shows_its_formulas_units_and_inputs():
    # The trace a consultant shows the client: each figure's unit, formula and named inputs.
    a = tiny_assumptions()
    case = money.business_case(a, detractors_to_passives=0.3, passives_to_promoters=0.1)
    assert (case.detractors_moved.unit, case.detractors_moved.formula) == ("count", "x · n_D")
    assert (case.passives_moved.unit, case.passives_moved.formula) == ("count", "y · n_P")
    assert case.detractors_moved.input("detractors_to_passives").value == 0.3
    assert case.detractors_moved.input("detractors_to_passives").unit == "share"
    assert case.passives_moved.input("passives_to_promoters").value == 0.1
    assert case.value_horizon.unit == case.value_per_year.unit == "DKK"
    assert case.value_horizon.formula == "moved_D·(V_P − V_D) + moved_P·(V_Pr − V_P)"
    assert case.value_per_year.formula == "value_horizon / Σ_{t=0}^{H−1} (1+d)^−t"
    names = [item.name for item in case.value_horizon.inputs]
    assert names[-3:] == [f"customer_value.{c}" for c in ("detractor", "passive", "promoter")]
    new = money.new_customer_value(a)
    assert (new.unit, new.formula) == ("DKK", "Σ_c n_c·LTV_c / Σ_c n_c")
    at_risk = money.revenue_at_risk(a)
    assert (at_risk.unit, at_risk.formula) == ("DKK", "Σ_{detractors, passives} n·R·(1 − r)")
    assert [item.name for item in at_risk.inputs] == [
        "customers.detractor",
        "revenue.detractor",
        "retention.detractor",
        "customers.passive",
        "revenue.passive",
        "retention.passive",
    ]


@pytest.mark.parametrize("share", [0, 1, 0.0, 1.0])
def test_the_business_case_accepts_the_shares_at_their_bounds(share):
    case = money.business_case(
        tiny_assumptions(), detractors_to_passives=share, passives_to_promoters=share
    )
    assert case.detractors_moved.value == pytest.approx(share * 1)


@pytest.mark.parametrize("bad", [True, -0.1, 1.01, "0.2"])
def test_the_business_case_refuses_a_share_outside_zero_one(bad):
    with pytest.raises(AnalysisError) as caught:
        money.business_case(tiny_assumptions(), passives_to_promoters=bad)
    assert str(caught.value) == f"passives_to_promoters={bad!r} is not a share between 0 and 1"


def test_without_a_respondent_id_each_answer_counts_as_a_customer():
    # An anonymous export: 3 detractors (0, 3, 6), 2 passives (7, 8), 3 promoters (9, 10, 10).
    answers = pd.DataFrame({"score": [0, 3, 6, 7, 8, 9, 10, 10]})
    assumptions = build_assumptions(tiny_assumptions_finance(), answers=answers)
    counts = {c: assumptions.value(f"customers.{c}") for c in money.CATEGORIES}
    assert counts == {"detractor": 3, "passive": 2, "promoter": 3}
    assert "customers_from_answers" in assumptions.notes
    assert assumptions.retention_data is None
    assert all(assumptions.inputs[f"retention.{c}"].source == "assumption" for c in counts)


def test_a_customers_revenue_without_respondent_ids_names_what_it_needs():
    answers = pd.DataFrame({"score": [0, 10]})
    customers = pd.DataFrame({"id": ["A"], "revenue": [100.0]})
    finance = tiny_assumptions_finance(revenue_per_customer=None)
    with pytest.raises(AnalysisError, match="needs the answers' respondent_id"):
        build_assumptions(finance, answers=answers, customers=customers)


def test_without_dates_an_accounts_latest_answer_is_its_last_row():
    # A answers 9 then 3 (last row: a detractor), B 7, C 10: one account of each category.
    answers = pd.DataFrame({"respondent_id": ["A", "B", "A", "C"], "score": [9, 7, 3, 10]})
    finance = tiny_assumptions_finance(retention_source="auto")
    assumptions = build_assumptions(finance, answers=answers)
    counts = {c: assumptions.value(f"customers.{c}") for c in money.CATEGORIES}
    assert counts == {"detractor": 1, "passive": 1, "promoter": 1}
    assert money.account_categories(answers).set_index("respondent_id")["answers"].to_dict() == {
        "A": 2,
        "B": 1,
        "C": 1,
    }
    assert assumptions.notes == ("retention_no_dates",)


# --- What the mutation run of money found untested (tests/MUTATION.md) ------------------------


def test_without_revenue_the_amounts_are_unknown_and_the_counts_stay_exact():
    finance = tiny_assumptions_finance(revenue_per_customer=None)
    unknown = money.assumptions_with_unknown_revenue(finance, answers=TINY)
    assert not money.revenue_known(unknown)
    for category in money.CATEGORIES:
        revenue = unknown[f"revenue.{category}"]
        assert math.isnan(revenue.value) and revenue.missing
        assert (revenue.source, revenue.setting) == ("assumption", "finance.revenue_per_customer")
        assert revenue.detail == "missing: client.yml finance.revenue_per_customer"
        assert unknown.value(f"customers.{category}") == 1
    assert all(math.isnan(f.value) for f in money.lifetime_value(unknown).values())
    case = money.business_case(unknown, detractors_to_passives=0.4, passives_to_promoters=0.3)
    table = money.without_revenue(unknown, case)
    assert table["category"].tolist() == ["detractor", "passive", "promoter"]
    assert table["customers"].tolist() == [1, 1, 1]
    assert table["retention"].tolist() == [0.6, 0.8, 0.9]
    assert table["retention_source"].tolist() == ["assumption"] * 3
    # Moved: 0.4 of 1 detractor, 0.3 of 1 passive; word of mouth: -1 x 0.25 lost, +1 x 0.5.
    assert table["moved"].tolist()[:2] == [pytest.approx(0.4), pytest.approx(0.3)]
    assert math.isnan(table["moved"].iloc[2])
    assert table["word_of_mouth_customers"].tolist() == [-0.25, 0.0, 0.5]


def test_with_revenue_from_client_yml_or_the_customer_file_nothing_is_unknown():
    given = money.assumptions_with_unknown_revenue(tiny_assumptions_finance(), answers=TINY)
    assert money.revenue_known(given) and given.value("revenue.promoter") == 1000.0
    customers = pd.DataFrame({"id": ["A", "B", "C"], "revenue": [300.0, 600.0, 900.0]})
    finance = tiny_assumptions_finance(revenue_per_customer=None)
    from_file = money.assumptions_with_unknown_revenue(finance, answers=TINY, customers=customers)
    # A is the detractor, B the passive, C the promoter by their latest answers.
    assert [from_file.value(f"revenue.{c}") for c in money.CATEGORIES] == [300.0, 600.0, 900.0]
    assert from_file["revenue.promoter"].source == "data"


# Five accounts by their latest answers: 101 and 102 promoters, 103 and 104 passives, 105 a
# detractor; the customer file also has 106, who never answered.
WALLET_ANSWERS = answers_of(
    [
        ("101", "2024-01-10", 10),
        ("102", "2024-02-10", 9),
        ("103", "2024-03-10", 8),
        ("104", "2024-03-11", 7),
        ("105", "2024-01-01", 9),
        ("105", "2024-04-01", 2),
    ]
)
WALLET_CUSTOMERS = pd.DataFrame(
    {
        "id": [101, 102, 103, 104, 105, 106],  # numbers in the file, texts in the answers
        "revenue": [600.0, 400.0, 200.0, 900.0, 100.0, 5000.0],
        "share_of_wallet": [60.0, 40.0, 20.0, 75.0, 10.0, 5.0],
    }
)


def test_share_of_wallet_upside_per_category_by_hand():
    table, figure = money.share_of_wallet_upside(WALLET_ANSWERS, WALLET_CUSTOMERS, currency="EUR")
    rows = table.set_index("category")
    # Wallets: 101 600/0.6 = 1000, 102 400/0.4 = 1000, 103 200/0.2 = 1000, 104 900/0.75 = 1200,
    # 105 100/0.1 = 1000. Target: the promoters' mean share (60 + 40)/2 = 50 %.
    assert table["category"].tolist() == ["detractor", "passive", "promoter"]
    assert rows["accounts"].tolist() == [1, 2, 2]
    assert rows["revenue"].tolist() == [100.0, 1100.0, 1000.0]
    assert rows["share_of_wallet"].tolist() == [10.0, 47.5, 50.0]
    assert rows["wallet"].tolist() == pytest.approx([1000.0, 2200.0, 2000.0])
    # Upside: 105 (50-10)% of 1000 = 400; 103 30 % of 1000 = 300, 104 above target: 0;
    # 102 10 % of 1000 = 100, 101 above: 0.
    assert rows["upside"].tolist() == pytest.approx([400.0, 300.0, 100.0])
    assert (figure.name, figure.unit) == ("share_of_wallet_upside", "EUR")
    assert figure.value == pytest.approx(400.0)  # passives and promoters: 300 + 100
    target = figure.input("target_share_of_wallet")
    assert (target.value, target.unit, target.source) == (50.0, "percent", "data")
    accounts = figure.input("accounts")
    assert (accounts.value, accounts.source) == (4.0, "data")


def test_share_of_wallet_upside_to_a_target_the_consultant_sets():
    table, figure = money.share_of_wallet_upside(WALLET_ANSWERS, WALLET_CUSTOMERS, target=80)
    rows = table.set_index("category")
    # 103 60 % of 1000, 104 5 % of 1200; 101 20 % of 1000, 102 40 % of 1000.
    assert rows.loc["passive", "upside"] == pytest.approx(600.0 + 60.0)
    assert rows.loc["promoter", "upside"] == pytest.approx(200.0 + 400.0)
    assert figure.value == pytest.approx(1260.0)
    target = figure.input("target_share_of_wallet")
    assert (target.value, target.source) == (80.0, "assumption")


def test_the_wallet_allocation_rule_uses_a_known_share_for_the_wallet():
    customers = WALLET_CUSTOMERS.assign(
        share_of_wallet=[np.nan, 40.0, np.nan, np.nan, np.nan, np.nan],
        rank=[1, 2, 3, 1, 2, 1],
        brands=[2, 2, 4, 1, 3, 1],
    )
    table, figure = money.share_of_wallet_upside(
        WALLET_ANSWERS, customers, rank="rank", brands="brands"
    )
    rows = table.set_index("category")
    # WAR = (1 - rank/(N+1)) * 2/N: WAR(1,2) = 2/3, WAR(2,2) = 1/3, WAR(1,4) = 0.4,
    # WAR(3,4) = 0.2, WAR(1,3) = 0.5, WAR(2,3) = 1/3.
    # 102: its share is known, wallet 400/0.4 = 1000; upside (2/3 - 1/3) * 1000. 101: rank 1
    # already: 0. 103: wallet 200/0.2 = 1000, upside (0.4 - 0.2) * 1000 = 200. 104: the only
    # brand: 0. 105 (detractor): wallet 100/(1/3) = 300, upside (0.5 - 1/3) * 300 = 50.
    assert rows.loc["promoter", "upside"] == pytest.approx((2 / 3 - 1 / 3) * 1000)
    assert rows.loc["passive", "upside"] == pytest.approx(200.0)
    assert rows.loc["detractor", "upside"] == pytest.approx((0.5 - 1 / 3) * 100 / (1 / 3))
    assert figure.value == pytest.approx(
        rows.loc["promoter", "upside"] + rows.loc["passive", "upside"]
    )


def test_earned_growth_rate_traces_its_inputs_and_refuses_what_is_not_an_amount():
    egr = money.earned_growth_rate(
        revenue_last_year=200,
        revenue_from_last_years_customers=210.0,
        earned_new_customer_revenue=0,
        currency="EUR",
    )
    assert (egr.name, egr.unit, egr.formula) == ("earned_growth_rate", "share", "NRR + ENC − 1")
    assert egr.value == pytest.approx(0.05)  # 210/200 + 0/200 - 1
    nrr = egr.input("net_revenue_retention").figure
    assert nrr.formula == "revenue from last year's customers / revenue last year"
    assert [(i.name, i.value, i.unit, i.source) for i in nrr.inputs] == [
        ("revenue_from_last_years_customers", 210.0, "EUR", "data"),
        ("revenue_last_year", 200.0, "EUR", "data"),
    ]
    enc = egr.input("earned_new_customers").figure
    assert enc.formula == "revenue from earned new customers / revenue last year"
    assert [(i.name, i.value) for i in enc.inputs] == [
        ("earned_new_customer_revenue", 0.0),
        ("revenue_last_year", 200.0),
    ]
    amounts = {
        "revenue_last_year": 100.0,
        "revenue_from_last_years_customers": 90.0,
        "earned_new_customer_revenue": 2.0,
    }
    for name in amounts:
        for bad in (-1.0, math.nan, "100", None):
            with pytest.raises(AnalysisError) as raised:
                money.earned_growth_rate(**{**amounts, name: bad})
            assert str(raised.value) == f"{name}={bad!r} is not an amount of money (0 or more)"
    with pytest.raises(AnalysisError) as raised:
        money.earned_growth_rate(**{**amounts, "revenue_last_year": 0})
    assert str(raised.value) == "revenue_last_year must be above 0 to compute growth rates"


def test_retention_intervals_are_wilson_intervals_and_empty_categories_have_none():
    rows = [
        ("D1", "2023-03-01", 2),
        ("D1", "2024-03-01", 4),
        ("D2", "2023-05-01", 5),
        ("R1", "2023-06-01", 9),
        ("R1", "2024-12-31", 10),
    ]
    table = money.retention_from_answers(answers_of(rows)).set_index("category")
    # Wilson (1927) by hand, z = 1.96: 1 of 2 -> (0.5 ± z·sqrt(0.125 + z²/16)) / (1 + z²/2)
    # = 0.0945 .. 0.9055 (the published interval of 1/2); 1 of 1 -> centre (1 + z²/2)/(1 + z²),
    # half (z²/2)/(1 + z²): 0.2065 .. 1.
    z = 1.959963984540054
    half = z * math.sqrt(0.125 + z**2 / 16) / (1 + z**2 / 2)
    assert table.loc["detractor", ["ci_low", "ci_high"]].tolist() == pytest.approx(
        [0.5 - half, 0.5 + half]
    )
    assert 0.5 - half == pytest.approx(0.0945, abs=1e-4)
    centre, half = (1 + z**2 / 2) / (1 + z**2), (z**2 / 2) / (1 + z**2)
    assert table.loc["promoter", ["ci_low", "ci_high"]].tolist() == pytest.approx(
        [centre - half, centre + half]
    )
    assert (table.loc["passive", "accounts"], table.loc["passive", "retained"]) == (0, 0)
    assert table.loc["passive", ["retention", "ci_low", "ci_high"]].isna().all()
    assert table.index.tolist() == ["detractor", "passive", "promoter"]


def test_sensitivity_of_the_moved_shares_the_horizon_and_its_refusals():
    a = tiny_assumptions()
    values = hand_customer_values({"detractor": 1, "passive": 1, "promoter": 1})
    # Half of the one detractor moves, no passive: the case is 0.5 (V_P − V_D).
    table = money.sensitivity(a, detractors_to_passives=0.5, passives_to_promoters=0.0, change=0.3)
    assert table.attrs["base_value"] == pytest.approx(
        0.5 * (values["passive"] - values["detractor"])
    )
    assert table.attrs["change"] == 0.3
    assert table.columns.tolist() == [
        "assumption", "base", "low", "high", "value_low", "value_high", "swing",
    ]  # fmt: skip
    assert table.index.tolist() == list(range(len(money.UNCERTAIN)))
    rows = table.set_index("assumption")
    assert rows.loc["margin", ["base", "low", "high"]].tolist() == pytest.approx([0.5, 0.35, 0.65])
    assert (rows["swing"] == (rows["value_high"] - rows["value_low"]).abs()).all()
    # The horizon in whole years: 3 ± 30 % -> 2 and 4 (2.1 and 3.9 rounded); a longer horizon
    # makes the case larger.
    horizon = money.sensitivity(a, vary=["horizon_years"], change=0.3).set_index("assumption")
    assert horizon.loc["horizon_years", ["low", "high"]].tolist() == [2, 4]
    assert horizon.loc["horizon_years", "value_low"] < horizon.attrs["base_value"]
    assert horizon.loc["horizon_years", "value_high"] > horizon.attrs["base_value"]
    one_year = tiny_assumptions(horizon_years=1)
    shortest = money.sensitivity(one_year, vary=["horizon_years"], change=0.4)
    assert shortest["low"].tolist() == [1]  # never below one year
    for change in (0, 1, -0.2, 1.5):
        with pytest.raises(AnalysisError) as raised:
            money.sensitivity(a, change=change)
        assert str(raised.value) == f"change={change!r} is not a share between 0 and 1 (exclusive)"


def test_every_input_says_where_it_comes_from_and_which_setting_gives_it():
    """What the trace shows the consultant: value, unit, source, detail and client.yml key."""
    got = {
        name: (i.value, i.unit, i.source, i.detail, i.setting)
        for name, i in tiny_assumptions().inputs.items()
    }
    yml = "client.yml finance."
    expected = {}
    for category, cost, retention in (
        ("detractor", 100.0, 0.6),
        ("passive", 50.0, 0.8),
        ("promoter", 0.0, 0.9),
    ):
        expected[f"customers.{category}"] = (
            1.0, "count", "data", "accounts by their latest answer (3)", None,
        )  # fmt: skip
        expected[f"revenue.{category}"] = (
            1000.0, "DKK", "assumption", f"{yml}revenue_per_customer",
            "finance.revenue_per_customer",
        )  # fmt: skip
        expected[f"retention.{category}"] = (
            retention, "share", "assumption", f"{yml}retention", "finance.retention",
        )  # fmt: skip
        expected[f"cost_to_serve.{category}"] = (
            cost, "DKK", "assumption", f"{yml}cost_to_serve", "finance.cost_to_serve",
        )  # fmt: skip
    for name, value, unit in (
        ("margin", 0.5, "share"),
        ("discount_rate", 0.1, "share"),
        ("horizon_years", 3.0, "years"),
        ("referrals_per_promoter", 0.5, "per year"),
        ("lost_per_detractor", 0.25, "per year"),
    ):
        expected[name] = (value, unit, "assumption", f"{yml}{name}", f"finance.{name}")
    assert got == expected


def test_a_base_size_from_client_yml_and_retention_measured_in_the_data_say_so():
    rows = [
        ("D1", "2023-03-01", 2),
        ("D1", "2024-03-01", 4),
        ("D2", "2023-05-01", 5),
        ("P1", "2023-04-01", 8),
        ("P1", "2024-08-01", 8),
        ("R1", "2023-06-01", 9),
        ("R1", "2024-12-31", 10),
    ]
    finance = tiny_assumptions_finance(customers=300, retention_source="data")
    a = build_assumptions(finance, answers=answers_of(rows), currency="EUR")
    # 4 accounts by their latest answers: 2 detractors (D2's only answer is 2023), 1 passive,
    # 1 promoter; 300 customers in those shares.
    customers = a["customers.detractor"]
    assert (customers.value, customers.source, customers.setting) == (
        150.0,
        "assumption",
        "finance.customers",
    )
    assert customers.detail == (
        "client.yml finance.customers = 300 × share of accounts in the data"
    )
    assert a.value("customers.promoter") == 75.0
    retention = a["retention.detractor"]
    assert (retention.value, retention.source, retention.setting) == (0.5, "data", None)
    assert retention.detail == (
        "1 of 2 accounts answered again the following year (95 % interval 0.09-0.91)"
    )
    assert a["revenue.passive"].unit == "EUR"


def test_a_money_model_without_answers_names_what_it_needs():
    finance = tiny_assumptions_finance()
    with pytest.raises(AnalysisError) as raised:
        build_assumptions(finance, answers=None)
    assert str(raised.value) == (
        "The money model counts customers per category and found no answer with a score"
    )
    with pytest.raises(AnalysisError) as raised:
        build_assumptions(finance, answers=TINY.iloc[:0])
    assert str(raised.value) == (
        "The money model counts customers per category and found no answer with a "
        "respondent_id and a date"
    )


def test_a_trace_lists_each_input_under_its_figure_down_to_data_and_assumptions():
    egr = money.earned_growth_rate(
        revenue_last_year=200,
        revenue_from_last_years_customers=210.0,
        earned_new_customer_revenue=10,
    )
    table = money.trace(egr)
    assert table.columns.tolist() == [
        "depth", "name", "value", "unit", "source", "detail", "key", "setting",
    ]  # fmt: skip
    nrr, enc = "net_revenue_retention", "earned_new_customers"
    kept, last, earned = (
        "revenue_from_last_years_customers", "revenue_last_year", "earned_new_customer_revenue",
    )  # fmt: skip
    assert table[["depth", "name", "value", "source", "key"]].values.tolist() == [
        [0, "earned_growth_rate", pytest.approx(0.10), "figure", "earned_growth_rate"],
        [1, nrr, pytest.approx(1.05), "figure", nrr],
        [2, kept, 210.0, "data", kept],
        [2, last, 200.0, "data", last],
        [1, enc, pytest.approx(0.05), "figure", enc],
        [2, earned, 10.0, "data", earned],
        [2, last, 200.0, "data", last],
    ]
    assert table["detail"].tolist()[:2] == [
        "NRR + ENC − 1",
        "revenue from last year's customers / revenue last year",
    ]
    assert table["setting"].isna().all()
    assert len(money.trace(egr, max_depth=0)) == 1 and len(money.trace(egr, max_depth=1)) == 3
    # In the client's language: names from texts, "figure" as computed.
    danish = money.trace(egr, "da")
    computed = ["beregnet", "beregnet", "data", "data", "beregnet", "data", "data"]
    assert danish["source"].tolist() == computed
    assert danish["name"].iloc[3] == "Omsætning sidste år"
    assert money.trace(egr, "en")["source"].iloc[0] == "computed"
    # An assumption's row keeps the client.yml key that gives it.
    risk = money.trace(money.revenue_at_risk(tiny_assumptions())).set_index("name")
    assert risk.loc["revenue.passive", "setting"] == "finance.revenue_per_customer"
    assert risk.loc["retention.passive", ["source", "value"]].tolist() == ["assumption", 0.8]


def test_names_of_inputs_per_category_in_both_languages():
    assert money.name_label("retention.promoter", "da") == "Fastholdelse pr. år (ambassadører)"
    assert money.name_label("customers.passive", "en") == "Customers (passives)"
    assert money.name_label("margin", "en") == "Margin"


def test_word_of_mouth_by_hand_with_its_formulas_and_named_inputs():
    a = tiny_assumptions()
    new = sum(LTV.values()) / 3  # one customer per category
    base = money.word_of_mouth(a)
    assert base["referrals"].value == pytest.approx(1 * 0.5 * new)
    assert base["lost"].value == pytest.approx(-1 * 0.25 * new)
    assert base["net"].value == pytest.approx(0.25 * new)
    assert [f.formula for f in base.values()] == [
        "n_promoters · k · LTV_new",
        "−n_detractors · l · LTV_new",
        "referrals + lost",
    ]
    assert [i.name for i in base["referrals"].inputs] == [
        "customers.promoter", "k", "new_customer_value",
    ]  # fmt: skip
    k = base["referrals"].input("k")
    assert (k.value, k.key, k.setting) == (
        0.5,
        "referrals_per_promoter",
        "finance.referrals_per_promoter",
    )
    assert k.detail == "referrals_per_promoter: client.yml finance.referrals_per_promoter"
    assert base["lost"].input("l").key == "lost_per_detractor"
    assert [i.name for i in base["net"].inputs] == ["word_of_mouth.referrals", "word_of_mouth.lost"]
    # One customer's talk over the horizon: ± rate · LTV_new · the category's discounted years.
    each = money.word_of_mouth_value(a)
    assert each["promoter"].value == pytest.approx(0.5 * new * YEARS["promoter"])
    assert each["detractor"].value == pytest.approx(-0.25 * new * YEARS["detractor"])
    assert (each["passive"].value, each["passive"].formula, each["passive"].inputs) == (
        0.0,
        "0",
        (),
    )
    assert each["promoter"].formula == "k · LTV_new · A,  A = Σ_{t=0}^{H−1} (r/(1+d))^t"
    assert each["detractor"].formula.startswith("−l · LTV_new · A")
    assert [i.name for i in each["detractor"].inputs] == ["l", "new_customer_value", "r", "d", "H"]
    r = each["detractor"].input("r")
    assert (r.value, r.key) == (0.6, "retention.detractor")
    assert {f.unit for f in each.values()} == {"DKK"}


def test_share_of_wallet_upside_shows_its_formula_and_inputs_and_every_category():
    _, figure = money.share_of_wallet_upside(WALLET_ANSWERS, WALLET_CUSTOMERS)
    assert figure.unit == "DKK"
    assert figure.formula == "Σ max(0, (target − SoW)/100 · revenue/(SoW/100))"
    assert figure.input("target_share_of_wallet").detail == "promoters' mean"
    accounts = figure.input("accounts")
    assert (accounts.unit, accounts.detail) == (
        "count",
        "passive and promoter accounts in the customers file",
    )
    _, given = money.share_of_wallet_upside(WALLET_ANSWERS, WALLET_CUSTOMERS, target=70)
    assert given.input("target_share_of_wallet").unit == "percent"
    ranked = WALLET_CUSTOMERS.assign(rank=[1] * 6, brands=[1] * 6)
    _, war = money.share_of_wallet_upside(WALLET_ANSWERS, ranked, rank="rank", brands="brands")
    assert war.formula == "Σ (WAR(1, N) − WAR(rank, N)) · wallet"
    # No detractor's account in the file: its row is there, with nothing in it.
    table, _ = money.share_of_wallet_upside(
        WALLET_ANSWERS, WALLET_CUSTOMERS[WALLET_CUSTOMERS["id"] != 105]
    )
    assert table["category"].tolist() == ["detractor", "passive", "promoter"]
    assert table.iloc[0][["accounts", "revenue", "upside"]].tolist() == [0, 0.0, 0.0]
    with pytest.raises(AnalysisError) as raised:
        money.share_of_wallet_upside(
            WALLET_ANSWERS, WALLET_CUSTOMERS.drop(columns="share_of_wallet")
        )
    assert str(raised.value) == (
        "The customers have no 'share_of_wallet' column; they have: id, revenue"
    )


def test_the_assumptions_table_has_every_input_in_the_clients_language():
    a = tiny_assumptions()
    keys = ["name", "value", "unit", "source", "detail", "key", "setting"]
    plain = a.table()
    assert plain.columns.tolist() == keys
    assert plain.set_index("key").loc["margin"].tolist() == [
        "margin", 0.5, "share", "assumption", "client.yml finance.margin", "finance.margin",
    ]  # fmt: skip
    danish = a.table("da").set_index("key")
    assert danish.loc["retention.promoter", ["name", "source", "value"]].tolist() == [
        "Fastholdelse pr. år (ambassadører)",
        "antagelse",
        0.9,
    ]
    assert danish.loc["customers.passive", "source"] == "data"
    assert danish.loc["revenue.passive", "setting"] == "finance.revenue_per_customer"


def test_retention_windows_meet_at_the_split_day():
    # The data ends 2024-12-31: the base year is (2022-12-31, 2023-12-31], the follow-up
    # (2023-12-31, 2024-12-31]. An answer on 2023-12-31 is in the base, not the follow-up.
    rows = [
        ("A", "2023-12-31", 3),  # base only: not retained
        ("B", "2023-06-01", 3),
        ("B", "2023-12-31", 9),  # B's last base answer: a promoter, retained below
        ("B", "2024-01-01", 9),
        ("C", "2024-12-31", 10),  # follow-up only: in no base
    ]
    answers = answers_of(rows)
    answers.loc[len(answers)] = [None, pd.Timestamp("2023-05-01"), 0]  # no id: left out
    table = money.retention_from_answers(answers)
    assert table.attrs["split"] == pd.Timestamp("2023-12-31")
    assert table.attrs["end"] == pd.Timestamp("2024-12-31")
    assert table.attrs["base_start"] == pd.Timestamp("2022-12-31")
    rows = table.set_index("category")
    assert rows[["accounts", "retained"]].values.tolist() == [[1, 0], [0, 0], [1, 1]]
    assert rows["accounts"].dtype.kind == "i" and rows["retained"].dtype.kind == "i"


def test_a_category_nobody_is_in_counts_zero_customers():
    answers = answers_of([("A", "2024-01-10", 3), ("C", "2024-03-10", 10)])
    a = build_assumptions(tiny_assumptions_finance(), answers=answers)
    assert [a.value(f"customers.{c}") for c in money.CATEGORIES] == [1.0, 0.0, 1.0]
    anonymous = build_assumptions(tiny_assumptions_finance(), answers=pd.DataFrame({"score": [9]}))
    assert anonymous["customers.promoter"].detail == (
        "answers, each counted as a customer (no respondent_id) (1)"
    )


# --- Messages and details the second mutation run matched only in part (tests/MUTATION.md) ----


def test_the_revenue_messages_say_what_is_missing_and_where_to_set_it():
    finance = tiny_assumptions_finance(revenue_per_customer=None)
    with pytest.raises(AnalysisError) as raised:
        build_assumptions(
            finance,
            answers=pd.DataFrame({"score": [0, 10]}),
            customers=pd.DataFrame({"id": ["A"], "revenue": [100.0]}),
        )
    assert str(raised.value) == (
        "The customers file's revenue needs the answers' respondent_id to find each customer's "
        "category: map responses.columns.respondent_id in client.yml, or set "
        "finance.revenue_per_customer"
    )
    for customers in (None, pd.DataFrame({"id": ["A"]}), pd.DataFrame({"revenue": [1.0]})):
        with pytest.raises(AnalysisError) as raised:
            build_assumptions(finance, answers=TINY, customers=customers)
        assert str(raised.value) == (
            "No revenue per customer: set finance.revenue_per_customer in client.yml, or give "
            "a customers file with customers.id and customers.revenue mapped"
        )
    # B (the passive) has no revenue in the file: its category cannot be valued.
    customers = pd.DataFrame({"id": ["A", "B", "C"], "revenue": [100.0, None, 300.0]})
    with pytest.raises(AnalysisError) as raised:
        build_assumptions(finance, answers=TINY, customers=customers)
    assert str(raised.value) == (
        "No account in the customers file matches a respondent whose latest answer is a "
        "passive; check that customers.id holds the same ids as the answers' respondent_id, "
        "or set finance.revenue_per_customer in client.yml"
    )


def test_revenue_from_the_customers_file_is_each_categorys_mean():
    # TINY's latest answers: A a detractor, B a passive, C a promoter; D answered nothing.
    customers = pd.DataFrame({"id": ["A", "B", "C", "D"], "revenue": [100.0, 200.0, 300.0, 9999.0]})
    finance = tiny_assumptions_finance(revenue_per_customer=None)
    a = build_assumptions(finance, answers=TINY, customers=customers)
    assert [a.value(f"revenue.{c}") for c in money.CATEGORIES] == [100.0, 200.0, 300.0]
    item = a["revenue.passive"]
    assert (item.unit, item.source, item.setting) == ("DKK", "data", None)
    assert item.detail == "mean yearly revenue in the customers file, 1 accounts"


def test_the_wallet_allocation_refusal_names_the_entry_and_its_numbers():
    for rank, brands, found in [
        ([1, 2, 0], [3, 3, 3], "rank 0 of 3 brands (entry 2)"),
        ([1, 1.5], 2, "rank 1.5 of 2 brands (entry 1)"),
        (1, [2, 2.5], "rank 1 of 2.5 brands (entry 1)"),
        (np.nan, 2, "rank nan of 2 brands (entry 0)"),
        (1, 0, "rank 1 of 0 brands (entry 0)"),
    ]:
        with pytest.raises(AnalysisError) as raised:
            money.wallet_allocation(rank, brands)
        assert str(raised.value) == (
            f"Wallet allocation needs whole numbers 1 ≤ rank ≤ brands; found {found}"
        )


def test_a_formulas_inputs_keep_their_key_unit_source_and_detail_under_their_symbols():
    a = tiny_assumptions()
    ltv = money.lifetime_value(a)["passive"]
    expected = [
        ("R", 1000.0, "DKK", "assumption", "revenue.passive", "finance.revenue_per_customer"),
        ("m", 0.5, "share", "assumption", "margin", "finance.margin"),
        ("C", 50.0, "DKK", "assumption", "cost_to_serve.passive", "finance.cost_to_serve"),
        ("r", 0.8, "share", "assumption", "retention.passive", "finance.retention"),
        ("d", 0.1, "share", "assumption", "discount_rate", "finance.discount_rate"),
        ("H", 3.0, "years", "assumption", "horizon_years", "finance.horizon_years"),
    ]
    got = [(i.name, i.value, i.unit, i.source, i.key, i.setting) for i in ltv.inputs]
    assert got == expected
    for item in ltv.inputs:
        original = a[item.key]
        assert item.detail == f"{original.name}: {original.detail}"
    # A figure taken as an input keeps its value and unit, and its formula as the detail.
    new = money.new_customer_value(a)
    as_input = new.as_input()
    assert (as_input.name, as_input.value, as_input.unit, as_input.source) == (
        "new_customer_value",
        new.value,
        "DKK",
        "figure",
    )
    assert (as_input.detail, as_input.figure, as_input.key) == (
        "Σ_c n_c·LTV_c / Σ_c n_c",
        new,
        "new_customer_value",
    )
    renamed = new.as_input("LTV_new")
    assert (renamed.name, renamed.key, renamed.detail) == (
        "LTV_new",
        "LTV_new",
        "Σ_c n_c·LTV_c / Σ_c n_c",
    )


def test_retention_asked_from_the_data_without_accounts_in_a_category_says_so():
    # Only detractors and promoters answered in the base year: no passive account to measure.
    rows = [("D", "2023-03-01", 3), ("D", "2024-03-01", 3), ("P", "2023-03-01", 10)]
    answers = answers_of([*rows, ("X", "2024-12-31", 8)])
    finance = tiny_assumptions_finance(retention_source="data")
    a = build_assumptions(finance, answers=answers)
    assert a.notes == ("retention_no_data",)
    assert [a[f"retention.{c}"].source for c in money.CATEGORIES] == ["assumption"] * 3
    assert money.note_text("retention_no_data", a, "en") == (
        "Retention could not be measured in the answers (no accounts of a category in two "
        "consecutive years); the agreed assumption is used."
    )


def test_anonymous_answers_with_categories_and_no_scores_are_counted_by_their_category():
    answers = pd.DataFrame({"category": ["promoter", "detractor", "promoter", "passive"]})
    a = build_assumptions(tiny_assumptions_finance(), answers=answers)
    assert [a.value(f"customers.{c}") for c in money.CATEGORIES] == [1.0, 1.0, 2.0]
