"""Notebook 02, the NPS report: its recorded figures against a computation by hand from the
sample files, and the client's language in what it shows.

The expectations come from the raw answers (``load_responses``) with plain pandas, and the
interval from the adjusted-Wald formula written out below, not from nps_workbook.score. Where
client.yml names a measurement column (the Danish sample's Målingstype) the figures are of the
relationship answers, those whose value is "Relation"; the Danish headline is also counted from
the file with the csv module.
"""

from __future__ import annotations

import functools
import re

import pandas as pd
import pytest
from conftest import LANGUAGES, SAMPLE_CLIENTS, SAMPLE_DATA
from notebook_outputs import nps_by_hand as by_hand
from notebook_outputs import output_texts, relationship_scores_from_file

from nps_workbook import load_responses
from nps_workbook.config import load_client
from nps_workbook.workbook import recorded_figures

NOTEBOOK = "02_nps"
CASES = [(client, language) for client in SAMPLE_CLIENTS for language in LANGUAGES]
# pandas period aliases of client.yml's period.
FREQ = {"month": "M", "quarter": "Q"}


@functools.cache
def sample(client: str):
    """The client's configuration and its answers, read straight from the sample files."""
    config = load_client(SAMPLE_DATA / client).config
    answers = load_responses(SAMPLE_DATA / client / config.files.responses, config.responses)
    return config, answers.answers


def scored(client: str):
    """The answers the figures are of: the relationship answers with a measurement column."""
    config, answers = sample(client)
    column = config.roles.measurement
    return config, answers if column is None else answers[answers[column] == "Relation"]


def outputs(notebook) -> str:
    """All text the run showed (HTML tables, Markdown, printed lines), images left out."""
    return "\n".join(output_texts(notebook))


@pytest.fixture(params=CASES, ids=[f"{c}-{lang}" for c, lang in CASES])
def run(request, run_notebook):
    client, language = request.param
    executed = run_notebook(NOTEBOOK, client, language)
    return client, language, executed, recorded_figures(executed)


def test_overall_score_interval_and_counts(run):
    client, _, _, figures = run
    config, answers = scored(client)
    population = "pooled" if config.roles.measurement is None else "relationship"
    assert figures["nps_population"] == population
    expected = by_hand(answers["score"])
    assert figures["nps_n"] == expected["n"]
    assert figures["nps_promoters"] == expected["promoters"]
    assert figures["nps_passives"] == expected["passives"]
    assert figures["nps_detractors"] == expected["detractors"]
    assert figures["nps_overall"] == pytest.approx(expected["nps"], abs=1e-9)
    # 1.959964 is Φ⁻¹(0.975) to 6 decimals: the limits agree to well under 0.001 points.
    assert figures["nps_overall_ci_low"] == pytest.approx(expected["ci_low"], abs=1e-3)
    assert figures["nps_overall_ci_high"] == pytest.approx(expected["ci_high"], abs=1e-3)


def test_benchmark_and_period_from_client_yml(run):
    client, _, _, figures = run
    config, _ = sample(client)
    assert figures["nps_benchmark"] == config.benchmark_nps
    assert figures["nps_period"] == config.period


def test_segment_table_matches_a_groupby(run):
    client, _, _, figures = run
    config, answers = scored(client)
    segment = config.segments[0]
    groups = answers.groupby(answers[segment].fillna("(missing)"))["score"]
    recorded = {row["value"]: row for row in figures["nps_segments"][segment]}
    assert set(recorded) == set(groups.groups)
    for value, scores in groups:
        row, expected = recorded[value], by_hand(scores)
        assert row["n"] == expected["n"]
        if expected["n"] < config.privacy.min_group:
            assert (row["nps"], row["flag"]) == (None, "suppressed")
            continue
        assert row["nps"] == pytest.approx(expected["nps"], abs=1e-9)
        assert row["ci_low"] == pytest.approx(expected["ci_low"], abs=1e-3)
        assert row["flag"] == ("indicative" if expected["n"] < config.privacy.small_n else "")
    scores = [row["nps"] for row in figures["nps_segments"][segment] if row["nps"] is not None]
    assert scores == sorted(scores, reverse=True), "segments are listed from highest NPS down"


def test_trend_by_period_matches_a_groupby(run):
    client, _, _, figures = run
    config, answers = scored(client)
    periods = answers["date"].dt.to_period(FREQ[config.period]).astype(str)
    expected = {period: by_hand(scores) for period, scores in answers.groupby(periods)["score"]}
    trend = figures["nps_trend"]
    assert [row["period"] for row in trend] == sorted(expected)
    for row in trend:
        assert row["n"] == expected[row["period"]]["n"]
        assert row["nps"] == pytest.approx(expected[row["period"]]["nps"], abs=1e-9)
    assert set(figures["nps_significant_changes"]) <= set(expected)


def test_customers_counted_by_their_latest_answer(run):
    client, _, _, figures = run
    _, answers = sample(client)
    latest = answers.sort_values("date", kind="stable").groupby("respondent_id").tail(1)
    scores = latest["score"]
    assert figures["nps_customers"] == answers["respondent_id"].nunique()
    assert figures["nps_customers_by_category"] == {
        "detractor": int((scores <= 6).sum()),
        "passive": int(scores.between(7, 8).sum()),
        "promoter": int((scores >= 9).sum()),
    }
    assert figures["nps_customers_shown"] == {"detractor": 25, "promoter": 10}


def test_shown_in_the_language(run):
    _, language, executed, figures = run
    text = outputs(executed)
    headline = by_hand_headline(figures, language)
    assert headline in text
    if language == "da":
        assert "Kritikere" in text and "Ambassadører" in text
        assert re.search(r"\d,\d\s?%", text), "Danish shares have a decimal comma"
        assert "Detractors" not in text
    else:
        assert "Detractors" in text and "Promoters" in text
        assert re.search(r"\d\.\d%", text), "English shares have a decimal point"
        assert "Kritikere" not in text


def test_danish_headline_counted_from_the_file(run):
    client, language, executed, figures = run
    if client != "dk-b2b-it":
        assert "answers are pooled" in outputs(executed) or "er lagt sammen" in outputs(executed)
        return
    scores, touchpoint = relationship_scores_from_file(SAMPLE_DATA / client / "responses.csv")
    expected = by_hand(pd.Series(scores))
    assert (figures["nps_n"], figures["nps_touchpoint_n"]) == (len(scores), touchpoint)
    assert figures["nps_overall"] == pytest.approx(expected["nps"], abs=1e-9)
    words = "relationsbesvarelserne" if language == "da" else "relationship answers"
    n = f"{len(scores):,}".replace(",", "." if language == "da" else ",")
    assert f"{words} (n = {n}" in outputs(executed)
    assert sum(row["n"] for row in figures["nps_touchpoints"]) == touchpoint


def by_hand_headline(figures: dict, language: str) -> str:
    """The headline as the report prints it: "NPS +26 (95 % KI +22 til +31), n = 1.174"."""

    def signed(value: float) -> str:
        rounded = round(value)
        return f"+{rounded}" if rounded > 0 else (f"−{-rounded}" if rounded < 0 else "0")

    n = f"{figures['nps_n']:,}"
    nps, low, high = (
        signed(figures[key]) for key in ("nps_overall", "nps_overall_ci_low", "nps_overall_ci_high")
    )
    if language == "da":
        return f"NPS {nps} (95\xa0% KI {low} til {high}), n = {n.replace(',', '.')}"
    return f"NPS {nps} (95% CI {low} to {high}), n = {n}"


def test_no_errors_and_no_local_paths(run):
    _, _, executed, _ = run
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    text = outputs(executed)
    for path in ("/work", "/tmp", "/root", "/home"):
        assert path not in text
