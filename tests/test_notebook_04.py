"""Notebook 04, financial impact: lifetime value, revenue at risk, share-of-wallet upside and the
business case against the formulas of money.py's docstrings, worked out from the sample files
and client.yml in money_by_hand.py; the client without revenue; the business-case widget's
callback."""

from __future__ import annotations

import nbformat
import numpy as np
import papermill
import pytest
from conftest import LANGUAGES, NOTEBOOKS, SAMPLE_CLIENTS, SAMPLE_DATA
from money_by_hand import check_money_figures, expected
from notebook_outputs import check_run

from nps_workbook import money
from nps_workbook.explorers.financial_impact import business_case_explorer
from nps_workbook.pages import financial_impact as impact
from nps_workbook.texts import format_number, label
from nps_workbook.workbook import open_workbook, recorded_figures

NOTEBOOK = "04_financial_impact"


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
    assert label("notebook.money.where.missing", "en") in html
    assert "finance.revenue_per_customer" not in html  # the key is in the consultant's note
    assert any("`finance.revenue_per_customer`" in n.text for n in impact.notes(page, "en"))
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
    check_money_figures(figures, want)
    # The sample's measured retention does not rise with the category: client.yml's is used.
    assert want["retention"] == {"detractor": 0.7, "passive": 0.85, "promoter": 0.93}


def test_raising_passives_to_promoters_raises_the_business_case(run_notebook):
    base = recorded_figures(run_notebook(NOTEBOOK, "dk-b2b-it", "da"))
    raised = recorded_figures(run_notebook(NOTEBOOK, "dk-b2b-it", "da", passives_to_promoters=0.4))
    assert raised["money_business_case_horizon"] > base["money_business_case_horizon"]
    assert raised["money_business_case_horizon"] == pytest.approx(
        expected("dk-b2b-it", y=0.4)["case"]
    )
    # 87 accounts are passives by their latest relationship answer (touchpoint answers left out)
    assert raised["money_customers_moved"]["passives"] == pytest.approx(0.4 * 87)
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
        assert no_revenue in text
        assert "finance.revenue_per_customer" in text  # the consultant's note, in the notebook
        assert label("notebook.money.no_customers", language) in text
        assert not pngs  # no money chart without money
        assert "£" not in text.replace("£ 0", "")  # the only amounts: a cost to serve of 0
    else:
        assert no_revenue not in text
        assert len(pngs) == 2  # value per category, sensitivity
        amount = {"da": "10.092.149 kr.", "en": "DKK 10,092,149"}[language]
        assert amount in text  # revenue at risk, in the client's currency and language
    # Which answers the money model reads, in one sentence: relationship, or all pooled.
    numbers = {
        "da": {"n": "1.174", "touchpoint_n": "1.818"},
        "en": {"n": "1,174", "touchpoint_n": "1,818"},
    }[language]
    population = (
        label("measurement.population.pooled", language, n=format_number(19936, language))
        if client == "uk-webshop"
        else label("notebook.money.population", language, column="Målingstype", **numbers)
    )
    assert population in text


def test_the_committed_notebook_is_clean():
    path = str(NOTEBOOKS / f"{NOTEBOOK}.ipynb")
    nb = nbformat.read(path, as_version=4)
    assert sum("parameters" in c.metadata.get("tags", []) for c in nb.cells) == 1
    assert set(papermill.inspect_notebook(path)) == {
        "client_dir",
        "language",
        "report_period",
        "scope",
        "detractors_to_passives",
        "passives_to_promoters",
    }
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.get("outputs") and not c.get("execution_count") for c in code)
    assert any("explore" in c.metadata.get("tags", []) for c in code)
