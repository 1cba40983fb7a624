"""The financial-impact page (notebook 04): each client-facing function against the money model
worked out by hand from the sample files and client.yml (tests/money_by_hand.py: plain pandas
and the formulas of money.py's docstrings), without running the notebook."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import SAMPLE_DATA
from money_by_hand import CATEGORIES, check_money_figures, expected
from notebook_outputs import accepted_rows_from_file

from nps_workbook.client_data import load_client_data
from nps_workbook.pages import financial_impact as impact
from nps_workbook.texts import category_label, format_money, format_number, format_percent, label


@pytest.fixture(scope="module")
def dk() -> impact.FinancialImpact:
    """The client with a customer file (revenue and share of wallet): every figure."""
    return impact.build(load_client_data(SAMPLE_DATA / "dk-b2b-it"))


@pytest.fixture(scope="module")
def uk() -> impact.FinancialImpact:
    """The client without revenue or customer file: counts only."""
    return impact.build(load_client_data(SAMPLE_DATA / "uk-webshop"))


@pytest.fixture(scope="module")
def want() -> dict:
    return expected("dk-b2b-it")


def kr(value: float) -> str:
    return format_money(value, "DKK", "da")


# --- build and the key figures ------------------------------------------------------------------


def test_build_takes_the_shares_from_client_yml_unless_given(dk):
    assert (dk.x, dk.y) == (0.2, 0.2)  # client.yml's finance section
    assert dk.revenue_known and dk.has_customers and dk.has_wallet_columns
    raised = impact.build(load_client_data(SAMPLE_DATA / "dk-b2b-it"), passives_to_promoters=0.4)
    assert (raised.x, raised.y) == (0.2, 0.4)
    assert raised.case.value_horizon.value == pytest.approx(expected("dk-b2b-it", y=0.4)["case"])


def test_key_figures_are_the_model_worked_out_by_hand(dk, want):
    check_money_figures(impact.key_figures(dk), want)


def test_the_customers_are_counted_on_their_relationship_answers_only(dk):
    # Counted with the csv module: each account's latest relationship answer (the later row on
    # a tie), its category 0-6 / 7-8 / 9-10. Touchpoint answers do not make a customer's category.
    rows = accepted_rows_from_file(SAMPLE_DATA / "dk-b2b-it" / "responses.csv")
    relationship = [row for row in rows if row["Målingstype"] == "Relation"]
    latest = {}
    for row in sorted(relationship, key=lambda row: row["day"]):  # stable: later row wins a tie
        latest[row["Kunde-ID"]] = row["score"]
    counts = dict.fromkeys(CATEGORIES, 0)
    for score in latest.values():
        counts["detractor" if score <= 6 else "passive" if score <= 8 else "promoter"] += 1
    assert impact.key_figures(dk)["money_customers"] == counts
    touchpoint_n = len(rows) - len(relationship)
    for language, n, others in (("en", "1,174", "1,818"), ("da", "1.174", "1.818")):
        assert (len(relationship), touchpoint_n) == (1174, 1818)
        text = impact.population_text(dk, language)
        assert text == label(
            "notebook.money.population", language, n=n, touchpoint_n=others, column="Målingstype"
        )
        assert text in impact.inputs_texts(dk, language)
    assert impact.figure_caption(dk, "en") == "Relationship answers, n = 1,174"


def test_without_a_measurement_column_the_money_page_says_all_answers_are_pooled(uk):
    n = len(load_client_data(SAMPLE_DATA / "uk-webshop").answers)
    for language in ("da", "en"):
        text = label("measurement.population.pooled", language, n=format_number(n, language))
        assert impact.population_text(uk, language) == text
        assert text in impact.inputs_texts(uk, language)
    assert impact.figure_caption(uk, "en") == f"All answers pooled, n = {n:,}"


def test_without_revenue_only_counts_are_recorded(uk):
    want = expected("uk-webshop")
    figures = impact.key_figures(uk)
    assert figures == {
        "money_revenue_known": False,
        "money_customers": pytest.approx(want["customers"]),
        "money_customers_moved": pytest.approx(want["moved"]),
    }


# --- texts and tables with revenue --------------------------------------------------------------


def test_title_names_the_client(dk):
    assert impact.title_text(dk, "en") == "# What loyalty is worth – Kvistholm Data A/S"


def test_value_table_and_text_give_each_categorys_worth(dk, want):
    table = impact.value_table(dk, "da")
    frame = table.frame.set_index("category")
    for c in CATEGORIES:
        assert frame.loc[category_label(c, "da"), "value"] == pytest.approx(
            want["customer_value"][c]
        )
        assert frame.loc[category_label(c, "da"), "lifetime_value"] == pytest.approx(want["ltv"][c])
    heading, text = impact.value_texts(dk, "da")
    assert heading == label("notebook.money.value_heading", "da")
    worth = {c: kr(want["customer_value"][c]) for c in CATEGORIES}
    assert text == label("notebook.money.value_text", "da", years=5, **worth)


def test_risk_text_and_the_accounts_behind_it(dk, want):
    heading, text = impact.risk_texts(dk, "da")
    assert heading == label("notebook.money.risk_heading", "da")
    assert kr(want["revenue_at_risk"]) == "10.092.149 kr." and "10.092.149 kr." in text
    accounts = impact.accounts_table(dk, "da").frame
    top = want["accounts_at_risk"].head(impact.ACCOUNTS_TOP)
    assert len(accounts) == impact.ACCOUNTS_TOP
    assert accounts["revenue_at_risk"].to_numpy() == pytest.approx(top.to_numpy())
    assert accounts["revenue_at_risk"].to_numpy() == pytest.approx(
        (accounts["account_revenue"] * accounts["churn"]).to_numpy()
    )
    # no contact person, e-mail or phone number: those travel in the hand-over only
    assert not {"contact", "email", "phone"} & set(accounts.columns)
    assert impact.accounts_texts(dk, "da") == (label("notebook.money.accounts_heading", "da"),)
    trace = impact.risk_table(dk, "en").frame
    assert trace["name"].iloc[0] == "Revenue at risk a year" and len(trace) == 7  # 1 + 2 × 3


def test_word_of_mouth_text_is_referrals_lost_and_net(dk, want):
    heading, text = impact.word_of_mouth_texts(dk, "en")
    assert heading == label("notebook.money.wom_heading", "en")
    assert text == label(
        "notebook.money.wom_text",
        "en",
        referrals=format_money(want["referrals"], "DKK", "en"),
        lost=format_money(want["lost"], "DKK", "en"),
        net=format_money(want["word_of_mouth_net"], "DKK", "en"),
    )


def test_wallet_text_names_the_promoters_share_and_the_upside(dk, want):
    heading, text = impact.wallet_texts(dk, "da")
    assert heading == label("notebook.money.sow_heading", "da")
    assert text == label(
        "notebook.money.sow_text",
        "da",
        target=format_percent(want["target_share_of_wallet"] / 100, "da", 1),
        value=kr(want["share_of_wallet_upside"]),
    )
    table = impact.wallet_table(dk, "da").frame.set_index("category")
    # The figure is the passives' and promoters' upside; the table shows the detractors' too.
    upside = table.loc[[category_label(c, "da") for c in ("passive", "promoter")], "upside"]
    assert upside.sum() == pytest.approx(want["share_of_wallet_upside"])


def test_case_text_counts_the_customers_moved_and_the_value(dk, want):
    heading, text = impact.case_texts(dk, "da")
    assert heading == label("notebook.money.case_heading", "da")
    per_year = kr(want["case_per_year"])
    assert text == label(
        "notebook.money.case_text",
        "da",
        x=format_percent(0.2, "da"),
        y=format_percent(0.2, "da"),
        moved_d=format_number(want["moved"]["detractors"], "da"),
        moved_p=format_number(want["moved"]["passives"], "da"),
        value=kr(want["case"]),
        years="5",
        per_year=per_year,
    )


def test_sensitivity_moves_the_margin_by_a_fifth_and_the_case_with_it(dk, want):
    table = impact.sensitivity_table(dk, "da").frame
    margin = table.iloc[0]
    assert margin["assumption"] == label("money.input.margin", "da")
    shares = [format_percent(s, "da") for s in (0.25, 0.2, 0.3)]
    assert [margin["base"], margin["low"], margin["high"]] == shares
    # The case is proportional to the margin here (no cost to serve): ×0.8 and ×1.2.
    assert margin["value_low"] == pytest.approx(0.8 * want["case"])
    assert margin["value_high"] == pytest.approx(1.2 * want["case"])
    assert margin["swing"] == pytest.approx(0.4 * want["case"])
    assert list(table["swing"]) == sorted(table["swing"], reverse=True)
    _, text = impact.sensitivity_texts(dk, "da")
    assert kr(0.8 * want["case"]) in text and kr(1.2 * want["case"]) in text
    # recorded for the workshop deck's tornado: the same rows, largest swing first
    figures = impact.key_figures(dk)
    first = figures["money_sensitivity"][0]
    assert first["assumption"] == "margin"
    assert first["value_low"] == pytest.approx(0.8 * want["case"])
    assert first["value_high"] == pytest.approx(1.2 * want["case"])
    assert len(figures["money_sensitivity"]) == len(table)
    assert figures["money_sensitivity_base"] == pytest.approx(want["case"])
    assert figures["money_sensitivity_change"] == 0.2 and figures["money_horizon_years"] == 5


def test_with_revenue_the_revenue_free_part_is_left_out(dk):
    assert impact.without_revenue_texts(dk, "da") == ()
    assert impact.without_revenue_table(dk, "da") is None
    assert label("notebook.money.no_revenue", "da") not in impact.inputs_texts(dk, "da")


def test_the_inputs_table_says_where_each_input_came_from(dk):
    frame = impact.assumptions_table(dk, "en").frame.set_index("name")
    assert frame.loc["Yearly retention (promoters)", "value_text"] == "93%"
    assert frame.loc["Yearly retention (promoters)", "where"] == "agreed with you"
    assert not frame["where"].str.contains("client.yml|finance\\.").any()
    # The Danish sample's measured retention does not rise with the category: the note says
    # which key would use it all the same.
    assert dk.assumptions.notes == ("retention_not_ordered",)
    assert [n.text for n in impact.notes(dk, "en")] == [
        label("notebook.money.note.assumptions", "en"),
        label("notebook.money.note.retention_not_ordered", "en"),
    ]
    assert frame.loc["Customers (detractors)", "source"] == label("money.source.data", "en")


# --- without revenue ----------------------------------------------------------------------------


def test_without_revenue_the_page_shows_counts_and_says_what_is_missing(uk):
    want = expected("uk-webshop")
    texts = impact.inputs_texts(uk, "en")
    assert label("notebook.money.no_revenue", "en") in texts
    assert not [t for t in texts if "client.yml" in t or "`" in t]
    notes = [n.text for n in impact.notes(uk, "en")]
    assert "`finance.revenue_per_customer`" in notes[1] and "`files.customers`" in notes[2]
    heading, text = impact.without_revenue_texts(uk, "en")
    assert "20%" in text and heading == label("notebook.money.revenue_free_heading", "en")
    frame = impact.without_revenue_table(uk, "en").frame.set_index("category")
    n = want["customers"]
    for c in CATEGORIES:
        assert frame.loc[category_label(c, "en"), "customers"] == n[c]
    assert frame["moved"].tolist()[:2] == [
        format_number(0.2 * n["detractor"], "en", 1),
        format_number(0.2 * n["passive"], "en", 1),
    ]
    # Word of mouth in customers a year: −l·n_D and +k·n_P (client.yml's 0.1 and 0.2).
    wom = frame["word_of_mouth_customers"]
    assert wom.iloc[0] == format_number(-0.1 * n["detractor"], "en", 1)
    assert wom.iloc[2] == "+" + format_number(0.2 * n["promoter"], "en", 1)
    for part in (impact.value_texts, impact.risk_texts, impact.case_texts):
        assert part(uk, "en") == ()
    for table in (impact.value_table, impact.risk_table, impact.case_table, impact.accounts_table):
        assert table(uk, "en") is None
    assert impact.accounts_texts(uk, "en") == (label("notebook.money.no_customers", "en"),)
    assert impact.wallet_texts(uk, "en") == ()  # no customer file: nothing to say about it
    assert np.isnan(uk.case.value_horizon.value)


# --- formatting helpers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "language", "text"),
    [
        (0.25, "share", "da", "25\xa0%"),
        (0.125, "share", "en", "12.5%"),
        (8.0, "percent", "en", "8.0%"),
        (1234.5, "DKK", "da", "1.234 kr."),
        (103.0, "count", "en", "103"),
        (2.5, "years", "da", "2,5"),
        (0.2, "per year", "en", "0.20"),
        (float("nan"), "DKK", "en", "–"),
    ],
)
def test_unit_text_formats_each_unit(value, unit, language, text):
    assert impact.unit_text(value, unit, language) == text


def test_where_text_reads_the_provenance():
    formula = "Σ n·R·(1 − r)"
    assert impact.where_text("figure", "revenue_at_risk", None, formula, 1.0, "en") == formula
    assert impact.where_text("assumption", "margin", "finance.margin", "", 0.25, "en") == (
        label("notebook.money.where.assumption", "en")
    )
    missing = impact.where_text("assumption", "revenue.promoter", "finance.x", "", np.nan, "en")
    assert missing == label("notebook.money.where.missing", "en")
    adjusted = impact.where_text("assumption", "margin", None, "slider", 0.3, "da")
    assert adjusted == label("notebook.money.where.adjusted", "da")
    assert impact.where_text("assumption", "margin", None, "", 0.3, "da") == ""
