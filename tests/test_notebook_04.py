"""Notebook 04, financial impact: lifetime value, revenue at risk, share-of-wallet upside and the
business case against the formulas of money.py's docstrings, worked out here from the sample
files and client.yml; the client without revenue; the business-case widget's callback."""

from __future__ import annotations

import nbformat
import numpy as np
import pandas as pd
import papermill
import pytest
import yaml
from conftest import LANGUAGES, NOTEBOOKS, SAMPLE_CLIENTS, SAMPLE_DATA
from notebook_outputs import check_run

from nps_workbook import money
from nps_workbook.explorers.financial_impact import business_case_explorer
from nps_workbook.load import load_responses
from nps_workbook.pages import financial_impact as impact
from nps_workbook.texts import label
from nps_workbook.workbook import open_workbook, recorded_figures

NOTEBOOK = "04_financial_impact"
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
        known = accounts[accounts["category"].isin(["passive", "promoter"])]
        target = accounts.loc[accounts["category"] == "promoter", "share_of_wallet"].mean()
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
        "word_of_mouth_net": n["promoter"] * k * ltv_new - n["detractor"] * lost * ltv_new,
        "case": case,
        "case_per_year": case / (1 / (1 + d) ** t).sum(),
    }
    return result


# --- the business-case widget's callback, without a notebook ----------------------------------


@pytest.fixture(scope="module")
def dk():
    wb = open_workbook(SAMPLE_DATA / "dk-b2b-it", language="da")
    page = impact.build(wb.data, detractors_to_passives=0.2, passives_to_promoters=0.2)
    return wb, page


def test_business_case_view_without_sliders_is_the_business_case(dk):
    _, page = dk
    view = impact.business_case_view(
        page.assumptions, detractors_to_passives=0.2, passives_to_promoters=0.2
    )
    assert view.value_horizon.value == pytest.approx(expected("dk-b2b-it")["case"])


def test_business_case_view_moves_with_its_sliders_and_changes_nothing(dk):
    wb, page = dk
    assumptions = page.assumptions
    before = dict(assumptions.inputs)

    def value(**sliders) -> float:
        shares = {"detractors_to_passives": 0.2, "passives_to_promoters": 0.2}
        return impact.business_case_view(assumptions, **(shares | sliders)).value_horizon.value

    base = value()
    assert value(passives_to_promoters=0.4) > base
    assert value(detractors_to_passives=0.4) > base
    assert value(margin=0.35) > base
    assert value(retention={"promoter": 0.97}) > base
    # Double the shares, double the case: it is linear in the customers moved.
    assert value(detractors_to_passives=0.4, passives_to_promoters=0.4) == pytest.approx(2 * base)
    assert dict(assumptions.inputs) == before
    case = impact.business_case_view(
        assumptions, detractors_to_passives=0.2, passives_to_promoters=0.2, margin=0.35
    )
    html = wb.table(impact.figure_table(case.value_horizon, language="da")).to_html()
    assert f">{wb.percent(0.35)}<" in html  # the slider's margin, traced as "adjusted here"
    assert label("notebook.money.where.adjusted", "da") in html


def test_business_case_explorer_builds_its_sliders(dk):
    import ipywidgets as widgets

    wb, page = dk
    box = business_case_explorer(wb, page)
    sliders = [c for c in box.children if isinstance(c, widgets.FloatSlider)]
    assert len(sliders) == 6  # margin, three retentions, two shares
    before = box.children[-1].value
    sliders[-1].value = 0.5  # the callback runs on the change, without a browser
    assert box.children[-1].value != before
    assert wb.percent(0.5) in box.children[-1].value


def test_without_revenue_the_amounts_are_unknown_and_the_counts_exact():
    wb = open_workbook(SAMPLE_DATA / "uk-webshop")
    page = impact.build(wb.data, detractors_to_passives=0.2, passives_to_promoters=0.2)
    assumptions = page.assumptions
    assert not money.revenue_known(assumptions)
    assert np.isnan(money.revenue_at_risk(assumptions).value)
    case = money.business_case(assumptions, detractors_to_passives=0.2, passives_to_promoters=0.2)
    assert np.isnan(case.value_horizon.value)
    want = expected("uk-webshop")
    assert case.detractors_moved.value == pytest.approx(want["moved"]["detractors"])
    html = wb.table(impact.assumptions_table(page, "en")).to_html()
    assert "finance.revenue_per_customer" in html
    # Answers from one year only: said as "could not be measured", not as counts of zero.
    notes = impact.inputs_texts(page, "en")[-1:]
    assert notes == (label("money.note.retention_no_data", "en"),)


# --- the notebook on the sample clients -------------------------------------------------------


@pytest.mark.parametrize("client", SAMPLE_CLIENTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_money_figures_match_the_formulas_worked_out_from_the_sample_files(
    run_notebook, client, language
):
    nb = run_notebook(NOTEBOOK, client, language)
    check_run(nb)
    figures = recorded_figures(nb)
    want = expected(client)
    assert figures["money_customers"] == pytest.approx(want["customers"])
    assert figures["money_customers_moved"] == pytest.approx(want["moved"])
    if client == "uk-webshop":
        assert figures["money_revenue_known"] is False
        for name in ("money_ltv", "money_revenue_at_risk", "money_business_case_horizon"):
            assert name not in figures  # nothing made up without revenue
        return
    assert figures["money_revenue_known"] is True
    assert figures["money_ltv"] == pytest.approx(want["ltv"])
    assert figures["money_customer_value"] == pytest.approx(want["customer_value"])
    assert figures["money_revenue_at_risk"] == pytest.approx(want["revenue_at_risk"])
    assert figures["money_word_of_mouth_net"] == pytest.approx(want["word_of_mouth_net"])
    assert figures["money_share_of_wallet_upside"] == pytest.approx(want["share_of_wallet_upside"])
    assert figures["money_business_case_horizon"] == pytest.approx(want["case"])
    assert figures["money_business_case_per_year"] == pytest.approx(want["case_per_year"])
    assert figures["money_sensitivity_top"] == "margin"
    # The sample's measured retention does not rise with the category: client.yml's is used.
    assert want["retention"] == {"detractor": 0.7, "passive": 0.85, "promoter": 0.93}


def test_raising_passives_to_promoters_raises_the_business_case(run_notebook):
    base = recorded_figures(run_notebook(NOTEBOOK, "dk-b2b-it", "da"))
    raised = recorded_figures(run_notebook(NOTEBOOK, "dk-b2b-it", "da", passives_to_promoters=0.4))
    assert raised["money_business_case_horizon"] > base["money_business_case_horizon"]
    assert raised["money_business_case_horizon"] == pytest.approx(
        expected("dk-b2b-it", y=0.4)["case"]
    )
    assert raised["money_customers_moved"]["passives"] == pytest.approx(0.4 * 96)
    assert raised["money_ltv"] == pytest.approx(base["money_ltv"])  # per customer: unchanged


@pytest.mark.parametrize("client", SAMPLE_CLIENTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_money_speaks_the_language_and_says_what_is_missing(run_notebook, client, language):
    nb = run_notebook(NOTEBOOK, client, language)
    text = check_run(nb)
    other = "en" if language == "da" else "da"
    for key in ("notebook.money.column.source", "notebook.money.column.where"):
        assert f">{label(key, language)}<" in text
        assert f">{label(key, other)}<" not in text
    assert f">{label('money.source.assumption', language)}<" in text
    no_revenue = label("notebook.money.no_revenue", language)
    pngs = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    if client == "uk-webshop":
        assert no_revenue in text and "finance.revenue_per_customer" in text
        assert label("notebook.money.no_customers", language) in text
        assert not pngs  # no money chart without money
        assert "£" not in text.replace("£ 0", "")  # the only amounts: a cost to serve of 0
    else:
        assert no_revenue not in text
        assert len(pngs) == 2  # value per category, sensitivity
        amount = {"da": "10.295.705 kr.", "en": "DKK 10,295,705"}[language]
        assert amount in text  # revenue at risk, in the client's currency and language


def test_the_committed_notebook_is_clean():
    path = str(NOTEBOOKS / f"{NOTEBOOK}.ipynb")
    nb = nbformat.read(path, as_version=4)
    assert sum("parameters" in c.metadata.get("tags", []) for c in nb.cells) == 1
    assert set(papermill.inspect_notebook(path)) == {
        "client_dir",
        "language",
        "detractors_to_passives",
        "passives_to_promoters",
    }
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.get("outputs") and not c.get("execution_count") for c in code)
    assert any("explore" in c.metadata.get("tags", []) for c in code)
