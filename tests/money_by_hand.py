"""The money model of notebook 04 worked out by hand from the sample files and client.yml (of
the relationship answers where client.yml names the measurement column), with plain pandas and
the formulas of money.py's docstrings (not nps_workbook.money): the expectations of
tests/test_notebook_04.py and tests/test_pages_financial_impact.py."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import SAMPLE_DATA

from nps_workbook.load import load_responses

CATEGORIES = ("detractor", "passive", "promoter")
PLURAL = {"detractor": "detractors", "passive": "passives", "promoter": "promoters"}


def client_yml(client: str) -> dict:
    return yaml.safe_load((SAMPLE_DATA / client / "client.yml").read_text(encoding="utf-8"))


def category(score: pd.Series) -> pd.Series:
    return pd.Series(
        np.select([score <= 6, score <= 8], ["detractor", "passive"], "promoter"), score.index
    )


def latest_categories(answers: pd.DataFrame) -> pd.Series:
    """Each account's category by its latest answer (a tie on the date: the later row)."""
    frame = answers.dropna(subset=["respondent_id"]).sort_values("date", kind="stable")
    latest = frame.drop_duplicates("respondent_id", keep="last")
    return category(latest["score"].astype(int)).set_axis(latest["respondent_id"].astype(str))


def measured_retention(answers: pd.DataFrame) -> pd.DataFrame:
    """The last 12 months follow the 12 before: an account of the base year is retained when it
    answered again in the follow-up year; its category is its last answer in the base year."""
    end = answers["date"].max()
    split = end - pd.DateOffset(months=12)
    base = answers[
        (answers["date"] > split - pd.DateOffset(months=12)) & (answers["date"] <= split)
    ]
    again = set(answers.loc[answers["date"] > split, "respondent_id"].astype(str))
    last = latest_categories(base)
    retained = pd.Series(last.index.isin(again), index=last.index)
    return pd.DataFrame(
        {
            "accounts": last.value_counts().reindex(CATEGORIES, fill_value=0),
            "retention": retained.groupby(last).mean().reindex(CATEGORIES),
        }
    )


def read_customers(client: str) -> pd.DataFrame:
    """The customer file as written (Danish numbers), with the columns client.yml names."""
    columns = client_yml(client)["customers"]
    frame = pd.read_csv(
        SAMPLE_DATA / client / "customers.csv",
        sep=";",
        encoding="cp1252",
        decimal=",",
        thousands=".",
    )
    return pd.DataFrame(
        {
            "id": frame[columns["id"]].astype(str),
            "revenue": frame[columns["revenue"]].astype(float),
            "share_of_wallet": frame[columns["share_of_wallet"]].astype(float),
        }
    )


def expected(client: str, x: float | None = None, y: float | None = None) -> dict:
    """The money model worked out from its formulas (money.py's docstrings):

    LTV_c = Σ_{t=0}^{H−1} (R_c·m − C_c)·r_c^t/(1+d)^t
    LTV_new = Σ_c n_c·LTV_c / Σ_c n_c;  A_c = Σ_{t=0}^{H−1} (r_c/(1+d))^t
    WOM_promoter = k·LTV_new·A_promoter, WOM_detractor = −l·LTV_new·A_detractor, WOM_passive = 0
    V_c = LTV_c + WOM_c;  case = x·n_D·(V_P − V_D) + y·n_P·(V_Pr − V_P)
    revenue at risk = Σ_{detractors, passives} n_c·R_c·(1 − r_c)
    """
    finance = client_yml(client)["finance"]
    answers = load_responses(SAMPLE_DATA / client / "responses.csv").answers
    # Where client.yml names the measurement column, the model reads the relationship answers.
    measurement = client_yml(client)["roles"]["measurement"]
    if measurement:
        answers = answers[answers[measurement] == "Relation"]
    latest = latest_categories(answers)
    n = latest.value_counts().reindex(CATEGORIES, fill_value=0).astype(float)
    x = finance["detractors_to_passives"] if x is None else x
    y = finance["passives_to_promoters"] if y is None else y
    result = {
        "customers": n.to_dict(),
        "moved": {"detractors": x * n["detractor"], "passives": y * n["passive"]},
    }
    # Retention: measured when every category has min_accounts and it rises, else client.yml.
    measured = measured_retention(answers)
    use_data = (measured["accounts"] >= finance["min_accounts"]).all() and measured[
        "retention"
    ].is_monotonic_increasing
    r = {
        c: measured.loc[c, "retention"] if use_data else finance["retention"][PLURAL[c]]
        for c in CATEGORIES
    }
    result["retention"] = r
    if finance["revenue_per_customer"] is not None:
        revenue = dict.fromkeys(CATEGORIES, float(finance["revenue_per_customer"]))
    elif client_yml(client)["files"]["customers"]:
        accounts = read_customers(client).assign(category=lambda f: f["id"].map(latest))
        revenue = accounts.groupby("category")["revenue"].mean().to_dict()
        answered = accounts.dropna(subset=["category"])
        at_risk = answered["revenue"] * (1 - answered["category"].map(r))
        result["accounts_at_risk"] = at_risk.set_axis(answered["id"]).sort_values(
            ascending=False, kind="stable"
        )
        result["target_share_of_wallet"] = target_share = accounts.loc[
            accounts["category"] == "promoter", "share_of_wallet"
        ].mean()
        known = accounts[accounts["category"].isin(["passive", "promoter"])]
        target = target_share
        wallet = known["revenue"] / (known["share_of_wallet"] / 100)
        upside = ((target - known["share_of_wallet"]) / 100 * wallet).clip(lower=0)
        result["share_of_wallet_upside"] = upside.sum()
    else:
        return result  # no revenue: only the counts can be checked
    m, d, years = finance["margin"], finance["discount_rate"], finance["horizon_years"]
    k, lost = finance["referrals_per_promoter"], finance["lost_per_detractor"]
    cost = {c: finance["cost_to_serve"][PLURAL[c]] for c in CATEGORIES}
    t = np.arange(years)
    ltv = {c: ((revenue[c] * m - cost[c]) * r[c] ** t / (1 + d) ** t).sum() for c in CATEGORIES}
    ltv_new = sum(n[c] * ltv[c] for c in CATEGORIES) / n.sum()
    stay = {c: ((r[c] / (1 + d)) ** t).sum() for c in CATEGORIES}
    wom = {
        "detractor": -lost * ltv_new * stay["detractor"],
        "passive": 0.0,
        "promoter": k * ltv_new * stay["promoter"],
    }
    value = {c: ltv[c] + wom[c] for c in CATEGORIES}
    case = x * n["detractor"] * (value["passive"] - value["detractor"]) + y * n["passive"] * (
        value["promoter"] - value["passive"]
    )
    result |= {
        "ltv": ltv,
        "customer_value": value,
        "revenue_at_risk": sum(n[c] * revenue[c] * (1 - r[c]) for c in ("detractor", "passive")),
        "referrals": n["promoter"] * k * ltv_new,
        "lost": n["detractor"] * lost * ltv_new,
        "word_of_mouth_net": n["promoter"] * k * ltv_new - n["detractor"] * lost * ltv_new,
        "case": case,
        "case_per_year": case / (1 / (1 + d) ** t).sum(),
    }
    return result


def check_money_figures(figures: dict, want: dict) -> None:
    """The money_ figures a page records, with revenue known, against :func:`expected`'s."""
    assert figures["money_revenue_known"] is True
    assert figures["money_customers"] == pytest.approx(want["customers"])
    assert figures["money_customers_moved"] == pytest.approx(want["moved"])
    assert figures["money_ltv"] == pytest.approx(want["ltv"])
    assert figures["money_customer_value"] == pytest.approx(want["customer_value"])
    assert figures["money_revenue_at_risk"] == pytest.approx(want["revenue_at_risk"])
    assert figures["money_word_of_mouth_net"] == pytest.approx(want["word_of_mouth_net"])
    assert figures["money_share_of_wallet_upside"] == pytest.approx(want["share_of_wallet_upside"])
    assert figures["money_business_case_horizon"] == pytest.approx(want["case"])
    assert figures["money_business_case_per_year"] == pytest.approx(want["case_per_year"])
    # With no cost to serve the case is margin × a constant, so ±20 % margin swings it most.
    assert figures["money_sensitivity_top"] == "margin"
