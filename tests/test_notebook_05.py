"""Notebook 05, employee NPS: the company's eNPS per round against a count made here, and the
anonymity of the small Økonomi department in every output, the chart included."""

from __future__ import annotations

import html
import json
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from conftest import LANGUAGES, SAMPLE_CLIENTS, SAMPLE_DATA
from notebook_outputs import check_run, output_texts

from nps_workbook.charts.figures import enps_chart
from nps_workbook.enps import enps_table
from nps_workbook.load import load_responses
from nps_workbook.pages import enps as page_enps
from nps_workbook.texts import label
from nps_workbook.workbook import open_workbook, recorded_figures

NOTEBOOK = "05_enps"
SMALL = "Økonomi"  # 3-4 answers a round in the Danish sample
MIN_GROUP = 5  # privacy.min_group of both sample clients


def table_rows(text: str) -> list[list[str]]:
    """The cells of every HTML table row in `text`."""
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", text, flags=re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S)
        rows.append([html.unescape(c).strip() for c in cells])
    return rows


@pytest.fixture(scope="module")
def employees():
    """The Danish sample's employee answers: score, round, department."""
    answers = load_responses(SAMPLE_DATA / "dk-b2b-it" / "employee_survey.csv").answers
    return answers[["score", "Runde", "Afdeling"]].astype({"score": int})


def enps(scores) -> float:
    scores = np.asarray(scores)
    return ((scores >= 9).mean() - (scores <= 6).mean()) * 100


# --- the chart and the tables, without a notebook ---------------------------------------------


@pytest.fixture(scope="module")
def dk_table():
    wb = open_workbook(SAMPLE_DATA / "dk-b2b-it", language="da")
    table = enps_table(
        wb.data.employees.answers, by="Afdeling", round_column="Runde", min_group=MIN_GROUP
    )
    return page_enps.build_for(wb.data), table


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_chart_draws_no_colour_and_no_number_for_hidden_groups(dk_table, language):
    _, table = dk_table
    ax = enps_chart(table, department="Afdeling", round_column="Runde", language=language)
    rows = [t.get_text() for t in ax.get_yticklabels()]
    rounds = [t.get_text() for t in ax.get_xticklabels()]
    assert rows[-1] == label("enps.total", language)
    values = ax.collections[0].get_array()
    grid = np.ma.asarray(values).reshape(len(rows), len(rounds))
    for name in (SMALL, "Salg"):  # Salg is hidden so Økonomi cannot be worked out
        assert grid.mask[rows.index(name)].all()
    hidden = label("enps.chart.hidden", language)
    cells = {
        (round(t.get_position()[1] - 0.5), round(t.get_position()[0] - 0.5)): t.get_text()
        for t in ax.texts
    }
    for j in range(len(rounds)):
        assert cells[(rows.index(SMALL), j)] == hidden
    assert "Drift" in ax.get_title()  # the department that fell most
    plt.close("all")


def test_the_department_table_shows_hidden_groups_without_any_number(dk_table):
    page, _ = dk_table
    wb = open_workbook(SAMPLE_DATA / "dk-b2b-it", language="da")
    rows = table_rows(wb.table(page_enps.departments_table(page, "da")).to_html())
    small = [row for row in rows if SMALL in row]
    assert len(small) == 4
    for row in small:
        assert row[2:5] == ["–", "–", "–"]


def test_the_figures_name_hidden_groups_and_no_value_for_them(dk_table):
    page, _ = dk_table
    figures = page_enps.key_figures(page)
    assert figures["enps_overall_round"] == "2024-4"
    assert all(SMALL in names for names in figures["enps_hidden"].values())
    assert SMALL not in json.dumps({k: v for k, v in figures.items() if k != "enps_hidden"})


# --- the notebook on the sample clients -------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_enps_per_round_matches_a_count_from_the_survey(run_notebook, employees, language):
    nb = run_notebook(NOTEBOOK, "dk-b2b-it", language)
    text = check_run(nb)
    figures = recorded_figures(nb)
    by_round = {r: enps(group["score"]) for r, group in employees.groupby("Runde")}
    assert figures["enps_available"] is True
    assert figures["enps_by_round"] == pytest.approx(by_round)
    latest = max(by_round)
    assert figures["enps_overall_round"] == latest
    assert figures["enps_overall"] == pytest.approx(by_round[latest])
    assert figures["enps_overall_n"] == (employees["Runde"] == latest).sum()
    low, high = figures["enps_overall_ci_low"], figures["enps_overall_ci_high"]
    assert low < figures["enps_overall"] < high
    other = "en" if language == "da" else "da"
    assert f">{label('enps.department', language)}<" in text
    assert f">{label('enps.table.interval', language)}<" in text
    assert f">{label('enps.table.interval', other)}<" not in text
    pngs = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(pngs) == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_small_department_is_never_shown_with_a_number(run_notebook, employees, language):
    nb = run_notebook(NOTEBOOK, "dk-b2b-it", language)
    text = check_run(nb)
    rounds = sorted(employees["Runde"].unique())
    reasons = {
        label(f"enps.suppression.{kind}", language, min_group=MIN_GROUP)
        for kind in ("primary", "complementary")
    }
    # Every table row naming the department holds only its name, the round, "–" and the reason.
    rows = [row for row in table_rows(text) if SMALL in row]
    assert len(rows) == len(rounds)
    for row in rows:
        assert set(row) <= {SMALL, "–", *rounds, *reasons}, row
    # Nowhere else in the outputs does it appear, except as hidden in the recorded figures.
    for chunk in output_texts(nb):
        if SMALL in chunk and "<table" not in chunk:
            figures = json.loads(chunk)
            assert set(figures) >= {"enps_hidden"}
            assert SMALL not in json.dumps({k: v for k, v in figures.items() if k != "enps_hidden"})


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_small_department_cannot_be_worked_out_by_subtraction(
    run_notebook, employees, language
):
    nb = run_notebook(NOTEBOOK, "dk-b2b-it", language)
    check_run(nb)
    (department_table,) = [t for t in output_texts(nb) if "<table" in t and SMALL in t]
    rows = table_rows(department_table)[1:]  # round, department, answers, eNPS, interval, note
    sizes = employees.groupby(["Runde", "Afdeling"]).size()
    for round_ in sorted(employees["Runde"].unique()):
        departments = set(sizes[round_].index)
        shown = {row[1] for row in rows if row[0] == round_ and row[3] != "–"}
        hidden = departments - shown
        # The round's total minus the shown departments gives the hidden ones together only:
        # at least two departments, with at least min_group answers between them.
        assert SMALL in hidden
        assert len(hidden) >= 2
        assert sizes[round_][sorted(hidden)].sum() >= MIN_GROUP
        for row in rows:
            if row[0] == round_ and row[1] in shown:
                assert row[2] == str(sizes[round_][row[1]])


@pytest.mark.parametrize("language", LANGUAGES)
def test_without_an_employee_survey_it_says_how_to_add_one(run_notebook, language):
    assert "uk-webshop" in SAMPLE_CLIENTS
    nb = run_notebook(NOTEBOOK, "uk-webshop", language)
    text = check_run(nb)
    assert recorded_figures(nb) == {"enps_available": False}
    assert "files.employee_survey" in text
    assert label("enps.report.missing", language, client="Quillmoor Home") in text
    assert "<table" not in text
    assert not any("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
