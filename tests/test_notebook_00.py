"""Notebook 00, the maturity self-test: the level and next steps from a client's answers, the
questionnaire when there are none, and the live checkboxes' callback."""

from __future__ import annotations

import html

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from conftest import LANGUAGES, SAMPLE_CLIENTS
from notebook_outputs import check_run

from nps_workbook.charts.figures import maturity_chart
from nps_workbook.explorers.maturity_selftest import maturity_explorer
from nps_workbook.maturity import STATEMENTS
from nps_workbook.pages.maturity_selftest import assess_ticked
from nps_workbook.texts import CATEGORY_COLOURS, label
from nps_workbook.workbook import recorded_figures

NOTEBOOK = "00_maturity_selftest"

# A workshop's answers, and what they give by hand: levels 1 and 2 fully met; level 3 five of six
# (83 % >= 80 %: reached, the sixth a gap); level 4 two of seven (29 %: not reached), so its five
# unmet statements are the next steps; level 5 one of five.
ANSWERS = {
    "complaints_answered": True,
    "customer_list": True,
    "asks_sometimes": True,
    "nps_measured": True,
    "why_asked": True,
    "results_shared": True,
    "cx_owner": True,
    "on_agenda": True,
    "customer_ambassador": True,
    "detractors_followed_up": True,
    "measured_continuously": True,
    "subjective_truth": True,
    "detractors_passives_falling": False,
    "journey_mapped": True,
    "touchpoints_measured": True,
    "employee_nps": True,
}
LEVEL = 3
NEXT_STEPS = ["money_and_kpis", "inner_loop", "huddles", "three_loops", "upsell_and_referrals"]
GAPS = ["detractors_passives_falling"]
SHARES = {"1": 1.0, "2": 1.0, "3": 5 / 6, "4": 2 / 7, "5": 1 / 5}


# --- the callback and the figure, without a notebook -----------------------------------------


def test_maturity_view_recomputes_the_level_from_ticked_boxes():
    result = assess_ticked(ANSWERS)
    assert result.level == LEVEL
    assert [s.id for s in result.next_steps] == NEXT_STEPS
    assert [s.id for s in result.gaps] == GAPS
    # Ticking the gap and four of the five next steps reaches level 4 (6 of 7 = 86 %).
    ticked = {**ANSWERS, "detractors_passives_falling": True}
    ticked |= dict.fromkeys(NEXT_STEPS[:4], True)
    result = assess_ticked(ticked)
    assert result.level == 4
    assert [s.id for s in result.gaps] == [NEXT_STEPS[4]]


def test_maturity_explorer_has_a_checkbox_per_statement_and_recomputes():
    import ipywidgets as widgets

    box = maturity_explorer("da", ANSWERS)
    found = []

    def walk(widget):
        if isinstance(widget, widgets.Checkbox):
            found.append(widget)
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(box)
    assert len(found) == len(STATEMENTS)
    assert sum(b.value for b in found) == sum(ANSWERS.values())
    assert found[0].description == label(f"maturity.statement.{STATEMENTS[0].id}", "da")
    out = box.children[1].children[1]
    before = out.value
    found[-1].value = True  # the callback runs on the change without a browser
    assert out.value != before and out.value.count("<svg ") == 1
    by_text = {statement.text("da"): statement.id for statement in STATEMENTS}
    ticked = {by_text[b.description]: b.value for b in found}
    level = assess_ticked(ticked).level_name("da")
    assert html.escape(label("maturity.result", "da", level=level)) in out.value


@pytest.mark.parametrize("language", LANGUAGES)
def test_maturity_chart_colours_levels_and_states_the_finding(language):
    ax = maturity_chart(assess_ticked(ANSWERS), language=language)
    colours = [matplotlib.colors.to_hex(bar.get_facecolor()) for bar in ax.patches]
    promoter, passive = CATEGORY_COLOURS["promoter"].lower(), CATEGORY_COLOURS["passive"].lower()
    assert colours[:3] == [promoter] * 3  # levels 1-3 reached
    assert colours[3] == passive  # the next level
    assert colours[4] not in (promoter, passive)
    title = ax.get_title()
    assert label("maturity.level.3", language) in title
    assert label("maturity.level.4", language) in title
    assert ("29\xa0%" if language == "da" else "29%") in title  # Danish: no-break space
    plt.close("all")


# --- the notebook on the sample clients -------------------------------------------------------


@pytest.mark.parametrize("client", SAMPLE_CLIENTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_without_answers_it_says_so_and_shows_the_questionnaire(run_notebook, client, language):
    nb = run_notebook(NOTEBOOK, client, language)
    text = check_run(nb)
    figures = recorded_figures(nb)
    assert figures == {"maturity_answered": 0, "maturity_level": None}
    assert "client.yml" in text and "maturity:" in text
    assert label("maturity.report.no_answers", language, client="X").split("X")[0] in text
    for statement in STATEMENTS:  # the questionnaire, with the keys for client.yml
        assert f">{statement.id}<" in text
        assert statement.text(language).split("(")[0] in html.unescape(text)
    other = "en" if language == "da" else "da"
    assert label("maturity.table.statement", language) in text
    assert label("maturity.answer.none", language) in text
    assert label("maturity.answer.none", other) not in text


@pytest.mark.parametrize(("client", "language"), [("dk-b2b-it", "da"), ("uk-webshop", "en")])
def test_with_answers_the_level_and_next_steps_match_the_hand_count(run_notebook, client, language):
    nb = run_notebook(NOTEBOOK, client, language, answers=ANSWERS)
    text = check_run(nb)
    figures = recorded_figures(nb)
    assert figures["maturity_level"] == LEVEL
    assert figures["maturity_answered"] == len(ANSWERS)
    assert figures["maturity_next_steps"] == NEXT_STEPS
    assert figures["maturity_gaps"] == GAPS
    assert figures["maturity_shares"] == pytest.approx(SHARES)
    for key in NEXT_STEPS + GAPS:
        assert f"- {label(f'maturity.statement.{key}', language)}" in text
    assert f"**{label('maturity.level.3', language)}**" in text
    assert ("15 af 25" if language == "da" else "15 of 25") in text
    assert label("maturity.answer.yes", language) in text
    pngs = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(pngs) == 1
