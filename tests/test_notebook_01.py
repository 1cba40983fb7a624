"""Notebook 01, the customer journey: touchpoint NPS, quadrants and priorities against a count
made here from the sample files, the missing touchpoint file, and the live priority table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import LANGUAGES, SAMPLE_CLIENTS, SAMPLE_DATA
from notebook_outputs import check_run

from nps_workbook.errors import AnalysisError
from nps_workbook.explorers.customer_journey import journey_explorer
from nps_workbook.journey import journey, priorities, touchpoints_from_answers
from nps_workbook.load import load_responses
from nps_workbook.pages import customer_journey
from nps_workbook.texts import format_number, label
from nps_workbook.workbook import open_workbook, recorded_figures

NOTEBOOK = "01_customer_journey"
# The sample clients' touchpoint columns (roles.touchpoint in their client.yml).
TOUCHPOINT = {"dk-b2b-it": "Kontaktpunkt", "uk-webshop": "touchpoint"}


def expected(client: str) -> dict:
    """Touchpoint NPS, reference, fix-now list and top priority, counted with plain pandas."""
    answers = load_responses(SAMPLE_DATA / client / "responses.csv").answers
    named = answers[answers[TOUCHPOINT[client]].notna()]
    scores = named["score"].astype(int)
    signed = np.select([scores >= 9, scores <= 6], [1, -1], 0)
    by_touchpoint = pd.Series(signed, index=named.index).groupby(named[TOUCHPOINT[client]])
    touchpoint_nps = (by_touchpoint.mean() * 100).to_dict()
    reference = signed.mean() * 100
    result = {"nps": touchpoint_nps, "reference": reference, "fix_now": [], "top": None}
    if client == "dk-b2b-it":
        sheet = pd.read_excel(
            SAMPLE_DATA / client / "touchpoints.xlsx", sheet_name="Kontaktpunkter"
        ).set_index("Kontaktpunkt")
        importance = sheet["Vigtighed for kunden (1-5)"].astype(float)
        nps = pd.Series(touchpoint_nps).reindex(importance.index)
        priority = importance / 5 * (100 - nps) / 2
        urgent = priority[(importance >= 3.5) & (nps < reference)]
        result["fix_now"] = urgent.sort_values(ascending=False).index.tolist()
        result["top"] = priority.idxmax()
    return result


# --- the callbacks, without a notebook --------------------------------------------------------


@pytest.fixture(scope="module")
def dk_journey():
    wb = open_workbook(SAMPLE_DATA / "dk-b2b-it", language="en")
    trip = journey(wb.answers, wb.data.touchpoints.frame, touchpoint_column="Kontaktpunkt")
    return wb, trip


def test_priorities_filtered_by_phase_are_ranked_again(dk_journey):
    _, trip = dk_journey
    during = priorities(trip.frame, phases=["during"])
    assert set(during["phase"].astype(str)) == {"during"}
    assert during["rank"].tolist() == list(range(1, len(during) + 1))
    assert during["priority"].is_monotonic_decreasing
    # Fakturering (after) is first overall; without the after phase Fejlretning leads.
    assert priorities(trip.frame)["name"].iloc[0] == "Fakturering"
    assert during["name"].iloc[0] == "Fejlretning"


def test_priorities_leave_out_touchpoints_with_few_answers(dk_journey):
    _, trip = dk_journey
    kept = priorities(trip.frame, min_answers=130)
    assert (kept["n"] >= 130).all()
    assert set(kept["name"]) == set(trip.frame.loc[trip.frame["n"] >= 130, "name"])
    assert kept["rank"].tolist() == list(range(1, len(kept) + 1))
    assert priorities(trip.frame, min_answers=10_000).empty


def test_touchpoints_from_answers_take_the_most_common_phase_in_journey_order():
    answers = pd.DataFrame(
        {
            "score": [9, 3, 10, 7, 8, 2],
            "tp": ["returns", "returns", "basket", "basket", "basket", None],
            "ph": ["after", "After", "during", "before", "during", "before"],
        }
    )
    frame = touchpoints_from_answers(answers, "tp", "ph")
    assert frame["name"].tolist() == ["basket", "returns"]
    assert frame["phase"].tolist() == ["during", "after"]
    assert frame["order"].tolist() == [1.0, 2.0]
    with pytest.raises(AnalysisError, match=r"roles\.phase"):
        touchpoints_from_answers(answers, "tp", None)


def test_journey_table_without_importance_shows_no_priority_columns():
    wb = open_workbook(SAMPLE_DATA / "uk-webshop", language="da")
    touchpoints = touchpoints_from_answers(wb.answers, "touchpoint", "phase")
    trip = journey(wb.answers, touchpoints, touchpoint_column="touchpoint")
    html = wb.table(customer_journey.touchpoint_table(trip.frame, "da")).to_html()
    assert label("journey.table.quadrant", "da") not in html
    assert label("journey.table.importance_customer", "da") not in html
    assert "5.922" in html  # delivery's answers, Danish thousands separator


def test_journey_explorer_builds_its_controls(dk_journey):
    import ipywidgets as widgets

    wb, trip = dk_journey
    box = journey_explorer(wb, customer_journey.CustomerJourney(wb.name, trip, from_file=True))
    controls = box.children[0].children
    assert isinstance(controls[0], widgets.SelectMultiple)
    assert isinstance(controls[1], widgets.IntSlider)
    controls[0].value = ("before",)  # the callback runs on the change without a browser
    controls[1].value = 50


# --- the notebook on the sample clients -------------------------------------------------------


@pytest.mark.parametrize("client", SAMPLE_CLIENTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_journey_figures_match_a_count_from_the_sample_files(run_notebook, client, language):
    nb = run_notebook(NOTEBOOK, client, language)
    check_run(nb)
    figures = recorded_figures(nb)
    want = expected(client)
    assert figures["journey_touchpoint_nps"] == pytest.approx(want["nps"])
    assert figures["journey_reference_nps"] == pytest.approx(want["reference"])
    assert figures["journey_lowest"] == min(want["nps"], key=want["nps"].get)
    assert figures["journey_fix_now"] == want["fix_now"]
    assert figures["journey_top_priority"] == want["top"]
    if client == "dk-b2b-it":
        assert figures["journey_top_priority"] == "Fakturering"


@pytest.mark.parametrize("client", SAMPLE_CLIENTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_journey_speaks_the_language_and_explains_a_missing_file(run_notebook, client, language):
    nb = run_notebook(NOTEBOOK, client, language)
    text = check_run(nb)
    other = "en" if language == "da" else "da"
    assert f">{label('journey.table.name', language)}<" in text
    assert f">{label('journey.phase.after', language)}<" in text
    assert f">{label('journey.phase.after', other)}<" not in text
    total = {"dk-b2b-it": 1818, "uk-webshop": 19936}[client]
    thousands = f"{total:,}".replace(",", "." if language == "da" else ",")
    assert f" {thousands} " in text
    missing = f"templates/touchpoints.{language}.xlsx"
    pngs = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    if client == "uk-webshop":
        assert missing in text and "nps-workbook new-client" in text and "files.touchpoints" in text
        assert len(pngs) == 1  # the journey; no priority matrix without importance
    else:
        assert missing not in text
        assert f">{label('journey.quadrant.fix_now', language)}<" in text
        assert f">{label('journey.table.importance_customer', language)}<" in text
        assert len(pngs) == 2
    # Which answers the touchpoints' NPS is of: the touchpoint answers, or all answers pooled.
    n = format_number(total, language)
    population = (
        label("measurement.population.pooled", language, n=n)
        if client == "uk-webshop"
        else label(
            "journey.report.population",
            language,
            touchpoint_n=n,
            n=format_number(1174, language),
            column="Målingstype",
        )
    )
    assert population in text
