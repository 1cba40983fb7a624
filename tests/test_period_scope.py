"""Reports of one period (batch --period, the notebooks' report_period) and of one scope
(--scope, --per): parsing, the period's NPS and its comparisons, the scope's answers and its
privacy, the command line's messages, and the batch's folders, index rows and fingerprint.

Expected figures are counted from the sample's file with the csv module or pandas, never
through the loader; the comparisons' change, interval and p-value are written out here.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLE_DATA
from notebook_outputs import Z95, answers_from_file, nps_by_hand

from nps_workbook.cli import main
from nps_workbook.client_data import load_client_data
from nps_workbook.pages import nps
from nps_workbook.period import PeriodError, parse_period, require_answers_in
from nps_workbook.scope import ScopeError, parse_scope, per_value, scope_size
from nps_workbook.workbook import open_workbook

DANISH = SAMPLE_DATA / "dk-b2b-it"
SMALL = ROOT / "tests" / "data" / "clients" / "small-segment"


@pytest.fixture(scope="module")
def danish():
    return load_client_data(DANISH)


@pytest.fixture(scope="module")
def from_file():
    """The sample's accepted answers as the csv module reads them."""
    return answers_from_file(DANISH / "responses.csv")


def relationship_scores(answers, first: date, last: date, **where) -> np.ndarray:
    """Relationship scores dated first..last (both included) whose raw columns equal `where`."""
    return np.array(
        [
            a["score"]
            for a in answers
            if a["measurement"] == "Relation"
            and first <= a["date"] <= last
            and all(a["row"][column] == value for column, value in where.items())
        ]
    )


def change_by_hand(a: np.ndarray, b: np.ndarray) -> dict:
    """NPS a − NPS b with its 95 % interval (adjusted-Wald SEs added in quadrature) and the
    two-sided p-value of the z test with the variance of both samples pooled."""

    def shares(scores):
        return (scores >= 9).mean(), (scores <= 6).mean()

    def adjusted_se(scores):
        n = len(scores) + 3
        plus, minus = ((scores >= 9).sum() + 0.75) / n, ((scores <= 6).sum() + 0.75) / n
        return 100 * math.sqrt((plus + minus - (plus - minus) ** 2) / n)

    difference = nps_by_hand(a)["nps"] - nps_by_hand(b)["nps"]
    se = math.hypot(adjusted_se(a), adjusted_se(b))
    pooled = np.concatenate([a, b])
    plus, minus = shares(pooled)
    null_se = 100 * math.sqrt((plus + minus - (plus - minus) ** 2) * (1 / len(a) + 1 / len(b)))
    p = math.erfc(abs(difference / null_se) / math.sqrt(2))
    return {
        "change": difference,
        "change_ci_low": difference - Z95 * se,
        "change_ci_high": difference + Z95 * se,
        "p_value": p,
        "significant": p < 0.05,
    }


# --- parsing a period ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "first", "last", "previous", "year_before"),
    [
        ("2024-12", "month", date(2024, 12, 1), date(2024, 12, 31), "2024-11", "2023-12"),
        ("2024-01", "month", date(2024, 1, 1), date(2024, 1, 31), "2023-12", "2023-01"),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29), "2024-01", "2023-02"),
        ("2024Q4", "quarter", date(2024, 10, 1), date(2024, 12, 31), "2024Q3", "2023Q4"),
        ("2024q1", "quarter", date(2024, 1, 1), date(2024, 3, 31), "2023Q4", "2023Q1"),
        ("2024", "year", date(2024, 1, 1), date(2024, 12, 31), "2023", None),
    ],
)
def test_a_period_knows_its_days_the_one_before_and_the_year_before(
    text, kind, first, last, previous, year_before
):
    period = parse_period(text)
    assert period.kind == kind
    assert (period.start.date(), period.end.date()) == (first, last)
    assert period.previous().label == previous
    assert (period.year_before() and period.year_before().label) == year_before


@pytest.mark.parametrize(
    "text", ["2024-13", "2024-1", "24Q4", "2024Q5", "Dec 2024", "", "2024-12-01"]
)
def test_a_text_that_is_no_period_is_named_with_the_three_forms(text):
    with pytest.raises(PeriodError) as error:
        parse_period(text)
    message = str(error.value)
    assert repr(text) in message
    assert all(form in message for form in ('"2024-12"', '"2024Q4"', '"2024"'))


def test_a_period_holds_every_time_of_its_last_day_and_not_the_next():
    period = parse_period("2024-12")
    dates = pd.Series(
        pd.to_datetime(
            ["2024-11-30 23:59", "2024-12-01 00:00", "2024-12-31 23:59", "2025-01-01 00:00"]
        )
    )
    assert period.holds(dates).tolist() == [False, True, True, False]


def test_a_period_without_answers_names_the_range_the_answers_cover():
    dates = pd.Series(pd.to_datetime(["2023-01-05", "2024-12-30"]))
    with pytest.raises(
        PeriodError, match=r"2030-01 holds no answers; the answers cover 2023-01-05 to 2024-12-30"
    ):
        require_answers_in(parse_period("2030-01"), dates)


# --- the period's NPS and its comparisons --------------------------------------------------


def days(first: str, last: str) -> tuple[date, date]:
    return date.fromisoformat(first), date.fromisoformat(last)


PERIODS = {
    # period: (its days, the period before's, the same period's a year before)
    "2024-12": (
        days("2024-12-01", "2024-12-31"),
        days("2024-11-01", "2024-11-30"),
        days("2023-12-01", "2023-12-31"),
    ),
    "2024Q4": (
        days("2024-10-01", "2024-12-31"),
        days("2024-07-01", "2024-09-30"),
        days("2023-10-01", "2023-12-31"),
    ),
    "2024": (days("2024-01-01", "2024-12-31"), days("2023-01-01", "2023-12-31"), None),
}


@pytest.mark.parametrize("label", PERIODS)
def test_the_headline_is_the_periods_relationship_nps_compared_by_hand(danish, from_file, label):
    (first, last), before, year_ago = PERIODS[label]
    report = nps.build(danish.answers, danish.client.config, report_period=label)
    figures = nps.key_figures(report)

    scores = relationship_scores(from_file, first, last)
    expected = nps_by_hand(scores)
    assert figures["nps_n"] == expected["n"] > 0
    assert figures["nps_overall"] == pytest.approx(expected["nps"])
    assert figures["nps_overall_ci_low"] == pytest.approx(expected["ci_low"], abs=1e-4)
    assert figures["nps_report_period"]["period"] == label
    assert figures["nps_report_period"]["end"] == last.isoformat()
    # the trend runs up to the period's end, from the first answer on
    assert figures["nps_trend"][-1]["period"] == "2024Q4"
    assert figures["nps_trend"][0]["period"] == "2023Q1"

    for key, days in (("nps_previous", before), ("nps_year_ago", year_ago)):
        if days is None:
            assert figures[key] is None
            continue
        other = relationship_scores(from_file, *days)
        found = figures[key]
        assert found["n"] == len(other)
        assert found["nps"] == pytest.approx(nps_by_hand(other)["nps"])
        by_hand = change_by_hand(scores, other)
        for name, value in by_hand.items():
            assert found[name] == pytest.approx(value, abs=1e-4), name


def test_the_change_from_the_quarter_before_is_the_trends_change(danish):
    """Two methods agree: score.compare on the two quarters and nps_table's change column."""
    report = nps.build(danish.answers, danish.client.config, report_period="2024Q4")
    last = report.trend.iloc[-1]
    assert last["period"] == "2024Q4"
    assert report.previous.comparison.difference == pytest.approx(last["change"])
    assert report.previous.comparison.p_value == pytest.approx(last["change_p"])


def test_later_answers_are_left_out_of_every_figure(danish, from_file):
    report = nps.build(danish.answers, danish.client.config, report_period="2024-06")
    assert report.trend["period"].iloc[-1] == "2024Q2"
    assert report.answers["date"].max() <= pd.Timestamp("2024-06-30 23:59")
    touchpoints = sum(
        1
        for a in from_file
        if a["measurement"] != "Relation" and date(2024, 6, 1) <= a["date"] <= date(2024, 6, 30)
    )
    assert report.touchpoint_n == touchpoints


def test_the_comparison_sentences_in_both_languages(danish):
    report = nps.build(danish.answers, danish.client.config, report_period="2024Q4")
    danish_text = nps.trend_text(report, "da")
    english = nps.trend_text(report, "en")
    assert "Rapporten gælder K4 2024 (01-10-2024 til 31-12-2024)" in danish_text
    assert "Sammenlignet med K3 2024 (NPS +8, n = 132) er ændringen +14 point" in danish_text
    assert "p = 0,185): ikke signifikant." in danish_text
    assert "Sammenlignet med K4 2023 (NPS +43, n = 154) er ændringen −21 point" in danish_text
    assert "p = 0,026): signifikant." in danish_text
    assert "Compared with Q3 2024 (NPS +8, n = 132) the change is +14 points" in english
    assert "Compared with Q4 2023" in english and "): significant." in english
    # Without a report period the trend's last quarter is compared the same way (for the
    # summary and the deck; the trend text itself compares nothing), the rest is of every answer.
    whole = nps.build(danish.answers, danish.client.config)
    assert nps.comparison_text(whole, "en") == ""
    figures, of_quarter = nps.key_figures(whole), nps.key_figures(report)
    assert figures["nps_latest_period"]["period"] == "2024Q4"
    assert figures["nps_latest_period"]["n"] == of_quarter["nps_n"] == 141
    assert figures["nps_latest_period"]["nps"] == pytest.approx(of_quarter["nps_overall"])
    assert figures["nps_previous"] == of_quarter["nps_previous"]
    assert figures["nps_year_ago"] == of_quarter["nps_year_ago"]
    assert figures["nps_n"] > 141 and "nps_report_period" not in figures


def test_a_period_before_the_first_answer_is_said_to_have_none(danish):
    report = nps.build(danish.answers, danish.client.config, report_period="2023-01")
    figures = nps.key_figures(report)
    assert figures["nps_previous"]["n"] == 0 and figures["nps_previous"]["change"] is None
    assert figures["nps_previous"]["significant"] is False
    assert "Dec 2022 has no answers to compare with." in nps.comparison_text(report, "en")


# --- the notebooks' open_workbook ----------------------------------------------------------


def test_follow_up_is_counted_to_the_periods_last_day(from_file):
    wb = open_workbook(DANISH, report_period="2024-11")
    assert wb.as_of == pd.Timestamp("2024-11-30")
    assert wb.answers["date"].max() < pd.Timestamp("2024-12-01")
    assert len(wb.answers) == sum(1 for a in from_file if a["date"] <= date(2024, 11, 30))
    # the employee survey is cut at the period's end too
    assert wb.data.employees.answers["date"].max() <= pd.Timestamp("2024-11-30")

    from nps_workbook.pages import loops

    page = loops.build(wb.data, today=wb.as_of, language="en", window_days=30)
    window = {
        a["row"]["Kunde-ID"]
        for a in from_file
        if date(2024, 10, 31) < a["date"] <= date(2024, 11, 30)
    }
    assert sum(loops.key_figures(page)["loops_counts"].values()) == len(window)


def test_a_period_and_as_of_together_are_refused():
    with pytest.raises(PeriodError, match="give one of them"):
        open_workbook(DANISH, report_period="2024-11", as_of="2024-11-15")


def test_a_notebooks_period_without_answers_is_a_clear_error():
    with pytest.raises(
        PeriodError, match="2030-01 holds no answers; the answers cover 2023-01-01 to 2024-12-31"
    ):
        open_workbook(DANISH, report_period="2030-01")


# --- scopes --------------------------------------------------------------------------------


def pandas_scope(column: str, value: str, first: date | None = None, last: date | None = None):
    """The sample's relationship scores where `column` is `value`, read and filtered with
    pandas: valid scores 0-10, valid dd-mm-yyyy dates, a response id's first row only."""
    frame = pd.read_csv(DANISH / "responses.csv", sep=";", encoding="cp1252", dtype=str)
    score = frame.filter(like="Hvor sandsynligt").iloc[:, 0].str.strip()
    day = pd.to_datetime(frame["Dato"], format="%d-%m-%Y", errors="coerce")
    valid = score.str.fullmatch(r"\d+").fillna(False) & day.notna()
    valid &= pd.to_numeric(score, errors="coerce").le(10)
    frame = frame[valid].assign(score=score[valid].astype(int), day=day[valid])
    frame = frame.drop_duplicates("Svar-ID", keep="first")
    keep = (frame[column] == value) & (frame["Målingstype"] == "Relation")
    if first is not None:
        keep &= frame["day"].between(pd.Timestamp(first), pd.Timestamp(last))
    return frame.loc[keep, "score"].to_numpy()


def test_a_scopes_answers_are_those_of_an_independent_filter(danish):
    wb = open_workbook(DANISH, scope=["Afdeling=Support"], report_period="2024-12")
    report = nps.build(wb.answers, wb.config, as_of=wb.as_of, report_period=wb.report_period)
    expected = nps_by_hand(
        pandas_scope("Afdeling", "Support", date(2024, 12, 1), date(2024, 12, 31))
    )
    assert report.summary.n == expected["n"] > 0
    assert report.summary.nps == pytest.approx(expected["nps"])
    assert set(wb.answers["Afdeling"]) == {"Support"}
    assert wb.report_notes() == [
        "Rapporten gælder dec. 2024 (01-12-2024 til 31-12-2024); senere besvarelser indgår "
        "ikke, og opfølgningen er opgjort pr. 31-12-2024.",
        "Rapporten omfatter kun besvarelserne hvor Afdeling=Support.",
    ]


def test_several_conditions_all_hold(danish):
    scope = parse_scope(["Afdeling=Support", "Kundeansvarlig=Camilla Bech"])
    selected = scope.select(danish.answers)
    frame = pd.read_csv(DANISH / "responses.csv", sep=";", encoding="cp1252", dtype=str)
    both = (frame["Afdeling"] == "Support") & (frame["Kundeansvarlig"] == "Camilla Bech")
    assert 0 < len(selected) <= both.sum() < (frame["Afdeling"] == "Support").sum()
    assert set(selected["Kundeansvarlig"]) == {"Camilla Bech"}


@pytest.mark.parametrize("text", ["Afdeling", "=Support", "Afdeling=", " = "])
def test_a_scope_not_written_as_a_condition_is_refused(text):
    with pytest.raises(ScopeError, match=re.escape("expected COLUMN=VALUE, e.g. Afdeling=Support")):
        parse_scope(text)


def test_an_unknown_column_lists_the_columns(danish):
    with pytest.raises(ScopeError) as error:
        parse_scope("Afdelingen=Support").select(danish.answers)
    assert "no column 'Afdelingen'; they have:" in str(error.value)
    assert "Afdeling, Kundeansvarlig" in str(error.value)


def test_an_unknown_value_lists_the_values_found(danish):
    with pytest.raises(ScopeError) as error:
        parse_scope("Afdeling=Suport").select(danish.answers)
    message = str(error.value)
    assert (
        "has no value 'Suport'; the values found are: Drift, Projekter, Salg, Support, Økonomi"
        in message
    )


def test_a_scope_below_the_min_group_shows_no_figures(danish):
    # Mette Kjær has 3 relationship answers in December 2024, fewer than min_group 5
    assert (
        len(pandas_scope("Kundeansvarlig", "Mette Kjær", date(2024, 12, 1), date(2024, 12, 31)))
        == 3
    )
    size = scope_size(
        danish.answers,
        danish.client.config,
        parse_scope("Kundeansvarlig=Mette Kjær"),
        parse_period("2024-12"),
    )
    assert (size.n, size.suppression) == (3, "primary")
    with pytest.raises(
        ScopeError, match=re.escape("3 answers, fewer than client.yml's privacy.min_group")
    ):
        open_workbook(DANISH, scope="Kundeansvarlig=Mette Kjær", report_period="2024-12")


def test_per_value_hides_the_next_smallest_so_none_is_derived_by_subtraction():
    data = load_client_data(SMALL)
    sizes = {
        s.scope.label: (s.n, s.suppression)
        for s in per_value(data.answers, data.client.config, "region")
    }
    frame = pd.read_csv(SMALL / "responses.csv")
    counts = frame["region"].value_counts().to_dict()
    assert counts["Island"] < data.client.config.privacy.min_group <= counts["North"]
    assert sizes == {
        "region=Island": (counts["Island"], "primary"),
        "region=North": (counts["North"], "complementary"),  # the smallest of the others
        "region=South": (counts["South"], ""),
    }


def test_per_value_hides_nothing_when_no_value_is_small(danish):
    sizes = per_value(
        danish.answers, danish.client.config, "Afdeling", period=parse_period("2024Q4")
    )
    shown = {s.scope.label: s.n for s in sizes if not s.hidden}
    for label, n in shown.items():
        assert n == len(
            pandas_scope("Afdeling", label.split("=")[1], date(2024, 10, 1), date(2024, 12, 31))
        )
    hidden = [s for s in sizes if s.hidden]
    # Økonomi has only touchpoint answers: no headline answers, hidden on its own; it leaves
    # nothing to derive, so no other value is hidden with it
    assert [(s.scope.label, s.n, s.suppression) for s in hidden] == [
        ("Afdeling=Økonomi", 0, "primary")
    ]


def test_scope_folders_are_safe_and_distinct():
    scopes = [
        parse_scope("Kundeansvarlig=Lars Østergaard"),
        parse_scope("Afdeling=../x"),
        parse_scope(["A=b c", "D=e"]),
    ]
    assert [s.folder for s in scopes] == [
        "kundeansvarlig=lars-oestergaard",
        "afdeling=x",
        "a=b-c+d=e",
    ]
    from nps_workbook.scope import unique_folders

    twins = [parse_scope("K=Jens Hansen"), parse_scope("K=jens hansen")]
    folders = unique_folders(twins)
    assert len(set(folders.values())) == 2
    assert all(f.startswith("k=jens-hansen-") for f in folders.values())


# --- the command line ------------------------------------------------------------------------


def run_cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("command", ["batch", "demo"])
def test_batch_and_demo_take_the_options(command):
    result = run_cli(command, "--help")
    assert result.exit_code == 0
    for option in ("--period", "--scope", "--per"):
        assert option in result.output


def test_cli_refuses_a_bad_period_naming_the_forms(tmp_path):
    result = run_cli("batch", DANISH, "--out", tmp_path, "--period", "2024-13")
    assert result.exit_code == 2
    assert "Invalid value for '--period': report period '2024-13' is not a period" in result.output
    assert '"2024Q4" (a quarter)' in result.output


def test_cli_refuses_a_scope_without_equals_sign(tmp_path):
    result = run_cli("batch", DANISH, "--out", tmp_path, "--scope", "Afdeling")
    assert result.exit_code == 2
    assert "Invalid value for '--scope': scope 'Afdeling' is not a condition" in result.output


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--period", "2030-01"],
            "report period 2030-01 holds no answers; the answers cover 2023-01-01 to 2024-12-31",
        ),
        (["--per", "Sælger"], "scope: the answers have no column 'Sælger'; they have: "),
        (
            ["--scope", "Afdeling=HR"],
            "scope Afdeling=HR: the column 'Afdeling' has no value 'HR'; the values found are: ",
        ),
    ],
)
def test_cli_names_what_the_clients_data_lacks(tmp_path, options, message):
    """Checked before any notebook runs: the client fails with one line, and nothing runs."""
    result = run_cli("batch", DANISH, "--out", tmp_path, "--notebooks", "02", *options)
    assert result.exit_code == 1
    assert f"failed: dk-b2b-it: {message}" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "dk-b2b-it" / "notebooks").exists()


# --- the batch (slow: runs notebooks) ---------------------------------------------------------


def summary(out, folder):
    return json.loads((out / folder / "summary.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_batch_writes_the_period_and_scope_reports(tmp_path, from_file):
    out = tmp_path / "out"
    args = ["batch", DANISH, "--out", out, "--notebooks", "02", "--notebooks", "03", "--jobs", "2"]
    result = run_cli(*args, "--period", "2024-12", "--scope", "Afdeling=Support")
    assert result.exit_code == 0, result.output
    assert "1 of 1 clients and 1 of 1 scope reports done" in result.output

    company = summary(out, "dk-b2b-it")
    figures = company["key_figures"]
    december = relationship_scores(from_file, date(2024, 12, 1), date(2024, 12, 31))
    assert company["report_period"] == "2024-12" and company["scope"] is None
    assert figures["n"] == len(december)
    assert figures["nps"] == pytest.approx(nps_by_hand(december)["nps"])
    assert figures["period"]["period"] == "2024-12"
    november = relationship_scores(from_file, date(2024, 11, 1), date(2024, 11, 30))
    year_ago = relationship_scores(from_file, date(2023, 12, 1), date(2023, 12, 31))
    for key, other in (("nps_previous", november), ("nps_year_ago", year_ago)):
        assert figures[key]["n"] == len(other)
        assert figures[key]["change"] == pytest.approx(change_by_hand(december, other)["change"])
    # follow-up as of the period's last day: one case per customer of the 30 days up to it
    window = {
        a["row"]["Kunde-ID"]
        for a in from_file
        if date(2024, 12, 1) <= a["date"] <= date(2024, 12, 31)
    }
    loops = company["figures"]["03_loops"]
    assert sum(loops["loops_counts"].values()) == len(window)

    folder = "dk-b2b-it/scopes/afdeling=support"
    scoped = summary(out, folder)
    expected = nps_by_hand(
        pandas_scope("Afdeling", "Support", date(2024, 12, 1), date(2024, 12, 31))
    )
    assert (
        scoped["scope"] == "Afdeling=Support"
        and scoped["key_figures"]["scope"] == "Afdeling=Support"
    )
    assert scoped["key_figures"]["n"] == expected["n"]
    assert scoped["key_figures"]["nps"] == pytest.approx(expected["nps"])
    assert "rejected.csv" not in scoped["files"]
    report = (out / folder / "report.html").read_text(encoding="utf-8")
    assert "Rapporten omfatter kun besvarelserne hvor Afdeling=Support." in report
    assert "Rapporten gælder dec. 2024" in report
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Kvistholm Data A/S – dec. 2024" in index
    assert "Kvistholm Data A/S – Afdeling=Support – dec. 2024" in index
    assert 'href="dk-b2b-it/scopes/afdeling%3Dsupport/report.html"' in index

    # the same command again reuses everything (another period: see the test below)
    again = run_cli(*args, "--period", "2024-12", "--scope", "Afdeling=Support")
    assert "(2 unchanged since the last run, not run again)" in again.output


@pytest.mark.slow
def test_another_period_or_scope_does_not_reuse_the_last_runs_outputs(tmp_path):
    out = tmp_path / "out"
    args = ["batch", SMALL, "--out", out, "--notebooks", "00", "--jobs", "1"]
    first = run_cli(*args, "--period", "2024-02")
    assert first.exit_code == 0, first.output
    assert "unchanged" in run_cli(*args, "--period", "2024-02").output
    other = run_cli(*args, "--period", "2024-03")
    assert other.exit_code == 0 and "unchanged" not in other.output
    assert summary(out, "small-segment")["report_period"] == "2024-03"


@pytest.mark.slow
def test_batch_per_value_hides_the_small_and_the_next_smallest(tmp_path):
    out = tmp_path / "out"
    result = run_cli(
        "batch", SMALL, "--out", out, "--notebooks", "02", "--per", "region", "--jobs", "2"
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(SMALL / "responses.csv")
    south = frame.loc[frame["region"] == "South", frame.columns[4]]
    shown = summary(out, "small-segment/scopes/region=south")["key_figures"]
    assert shown["n"] == len(south)
    assert shown["nps"] == pytest.approx(nps_by_hand(south.to_numpy())["nps"])
    for value, why in (("island", "primary"), ("north", "complementary")):
        hidden = summary(out, f"small-segment/scopes/region={value}")
        assert hidden["key_figures"]["hidden"] == why
        assert set(hidden["key_figures"]) == {"scope", "n", "hidden"}
        assert hidden["notebooks"] == {} and hidden["files"] == ["report.html"]
        page = (out / f"small-segment/scopes/region={value}/report.html").read_text(
            encoding="utf-8"
        )
        assert "No figures are shown" in page
        assert "NPS" not in page.split("No figures are shown")[1].split("</")[0]
    island = (out / "small-segment/scopes/region=island/report.html").read_text(encoding="utf-8")
    assert "region=Island has 3 answers, fewer than the 5 needed" in island


def test_a_period_before_the_first_employee_round_has_no_employee_survey():
    """The eNPS page then says the survey is not measured, as for a client without one."""
    from nps_workbook.pages import enps

    wb = open_workbook(DANISH, report_period="2023-01")
    assert wb.data.employees is None
    assert not enps.key_figures(enps.build_for(wb.data))["enps_available"]
