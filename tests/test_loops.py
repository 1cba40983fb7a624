"""The closed loop: loops, deadlines, cases, the queue and follow-up performance.

Expectations are worked out by hand in the comments, with a 2024 calendar at hand.
"""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nps_workbook.client_data import load_client_data
from nps_workbook.config import Loops, Roles
from nps_workbook.errors import AnalysisError
from nps_workbook.loops import (
    assign_loops,
    cases,
    deadline,
    followup_performance,
    followup_queue,
    loop_counts,
    working_days_between,
)

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"
DK = Loops(customer_ambassador="Birgitte Søgaard", holidays="DK")
ROLES = Roles(owner="Kundeansvarlig", department="Afdeling")


def day(text):
    return np.datetime64(text, "D")


# --- Loops and deadlines ----------------------------------------------------------------------


def test_loops_by_default_thresholds():
    scores = pd.Series(range(11))
    assert assign_loops(scores).tolist() == [1] * 7 + [2] * 2 + [3] * 2


def test_a_firm_running_loop_1_only_raises_the_alarm_from_7():
    loops = Loops(loop1_max=7, loop2_max=8)
    assert assign_loops(pd.Series([6, 7, 8, 9])).tolist() == [1, 2, 2, 3]
    assert assign_loops(pd.Series([6, 7, 8, 9]), loops).tolist() == [1, 1, 2, 3]


def test_missing_score_is_a_clear_error():
    with pytest.raises(AnalysisError, match="missing"):
        assign_loops(pd.Series([5.0, np.nan]))


def test_deadline_across_danish_easter():
    # Wednesday 27 March 2024, 2 working days. Thu 28/3 Skærtorsdag, Fri 29/3 Langfredag,
    # Sat-Sun 30-31/3, Mon 1/4 2. påskedag are days off; Tue 2/4 is day 1, Wed 3/4 day 2.
    assert deadline(["2024-03-27"], 2, "DK")[0] == day("2024-04-03")
    # Without a holiday calendar only the weekend is skipped: Thu 28/3 day 1, Fri 29/3 day 2.
    assert deadline(["2024-03-27"], 2)[0] == day("2024-03-29")


def test_deadline_of_an_answer_on_a_day_off_counts_from_the_next_working_day():
    # Saturday 6 April 2024: counting starts Monday 8/4; 2 working days on is Wednesday 10/4.
    assert deadline(["2024-04-06"], 2, "DK")[0] == day("2024-04-10")


def test_deadline_into_next_years_holidays():
    # Wednesday 31 December 2025 + 1 working day: 1 January 2026 is a holiday, so Friday 2/1.
    assert deadline(["2025-12-31"], 1, "DK")[0] == day("2026-01-02")


def test_deadline_vectorised_with_one_number_per_date_and_missing_dates():
    result = deadline(pd.Series(["2024-03-27", None, "2024-03-25"]), [2, 5, 7], "DK")
    # 25/3 (Mon) + 7: 26, 27, 2/4, 3/4, 4/4, 5/4, 8/4.
    assert result[0] == day("2024-04-03") and np.isnat(result[1])
    assert result[2] == day("2024-04-08")


def test_unknown_holiday_country_is_a_clear_error():
    with pytest.raises(AnalysisError, match=r"loops\.holidays"):
        deadline(["2024-03-27"], 2, "XX")
    with pytest.raises(AnalysisError, match=r"loops\.holidays: .*'GB-XYZ'.*GB-ENG"):
        deadline(["2024-03-27"], 2, "GB-XYZ")


def test_working_days_between():
    # 2/4 up to (not including) 5/4: Tue, Wed, Thu = 3.
    assert working_days_between(["2024-04-02"], ["2024-04-05"], "DK").tolist() == [3.0]


# --- Cases and the queue ----------------------------------------------------------------------


@pytest.fixture
def answers():
    rows = [
        # row, response, customer, date, score, owner, department, comment
        (2, "r1", "A", "2024-03-20", 3, "Mette Kjær", "Support", "first answer"),
        (3, "r2", "A", "2024-03-27", 5, "Mette Kjær", "Support", "second answer"),
        (4, "r3", "B", "2024-03-27", 8, None, "Salg", None),
        (5, "r4", "C", "2024-03-27", 6, None, None, None),
        (6, "r5", "D", "2024-03-26", 0, "Lars Holm", "Drift", None),
        (7, "r6", "E", "2024-03-25", 10, "Lars Holm", "Drift", None),
        (8, "r7", "F", "2024-01-10", 2, "Lars Holm", "Drift", None),  # before the window
        (9, "r8", "G", "2024-04-10", 1, "Lars Holm", "Drift", None),  # after today
        (10, "r9", "H", "2024-03-27", 2, "Mette Kjær", "Support", None),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "row",
            "response_id",
            "respondent_id",
            "date",
            "score",
            "Kundeansvarlig",
            "Afdeling",
            "comment",
        ],
    )
    return frame.assign(date=pd.to_datetime(frame["date"]))


@pytest.fixture
def followups():
    return pd.DataFrame(
        {
            "response_id": ["r4", "r6"],
            "contacted": pd.to_datetime(["2024-04-02", "2024-03-26"]),
            "closed": pd.to_datetime([None, "2024-03-28"]),
            "owner": ["Birgitte Søgaard", "Lars Holm"],
        }
    )


@pytest.fixture
def customers():
    return pd.DataFrame(
        {
            "id": ["A", "H", "D"],
            "name": ["Alfa ApS", "Hotel Hav", "Delta A/S"],
            "contact": ["Anna Alfa", "Hans Hav", "Dorte Delta"],
            "revenue": [100.0, 500.0, np.nan],
        }
    )


TODAY = pd.Timestamp("2024-04-05")  # Friday after Easter


def make_cases(answers, followups=None, customers=None, loops=DK, roles=ROLES):
    return cases(answers, loops, roles, today=TODAY, followups=followups, customers=customers)


def test_one_case_per_customer_the_latest_answer_wins(answers, followups, customers):
    result = make_cases(answers, followups, customers)
    assert result["respondent_id"].is_unique
    a = result.set_index("respondent_id").loc["A"]
    assert a["response_id"] == "r2" and a["score"] == 5
    assert a["answers_in_window"] == 2 and a["earlier_response_ids"] == "r1"


def test_window_leaves_out_old_and_future_answers(answers):
    assert set(make_cases(answers)["respondent_id"]) == {"A", "B", "C", "D", "E", "H"}


def test_deadlines_status_and_days_overdue(answers, followups, customers):
    result = make_cases(answers, followups, customers).set_index("respondent_id")
    # A: Wed 27/3 + 2 over Easter = Wed 3/4; open on Fri 5/4: Wed 3/4 and Thu 4/4 are late.
    assert result.loc["A", "deadline"] == pd.Timestamp("2024-04-03")
    assert result.loc["A", "status"] == "new" and result.loc["A", "days_overdue"] == 2
    # D: Tue 26/3 + 2: Wed 27/3, then Tue 2/4; late on 2/4, 3/4, 4/4 = 3 working days.
    assert result.loc["D", "deadline"] == pd.Timestamp("2024-04-02")
    assert result.loc["D", "days_overdue"] == 3 and result.loc["D", "overdue"]
    # B: passive, 5 days from Wed 27/3: 2/4, 3/4, 4/4, 5/4, 8/4. Not late yet.
    assert result.loc["B", "deadline"] == pd.Timestamp("2024-04-08")
    assert result.loc["B", "days_overdue"] == 0 and not result.loc["B", "overdue"]
    # C was called 2/4 (in time): contacted, never overdue; E is closed.
    assert result.loc["C", "status"] == "contacted" and result.loc["C", "days_overdue"] == 0
    assert result.loc["E", "status"] == "closed"


def test_queue_order_loop_then_overdue_then_customer_value(answers, followups, customers):
    result = make_cases(answers, followups, customers)
    # Loop 1: D (3 days late), then H and A (2 days; H's revenue 500 before A's 100), then C
    # (contacted); loop 2: B; loop 3: E.
    assert result["respondent_id"].tolist() == ["D", "H", "A", "C", "B", "E"]
    assert result["loop"].tolist() == [1, 1, 1, 1, 2, 3]
    queue = followup_queue(answers, DK, ROLES, today=TODAY, followups=followups)
    assert "E" not in set(queue["respondent_id"])  # closed cases leave the queue
    assert len(queue) == 5


def test_owner_rule_and_channel(answers, customers):
    result = make_cases(answers, customers=customers).set_index("respondent_id")
    assert (result.loc["A", "owner"], result.loc["A", "owner_source"]) == ("Mette Kjær", "owner")
    assert (result.loc["B", "owner"], result.loc["B", "owner_source"]) == ("Salg", "department")
    assert result.loc["C", "owner"] == "Birgitte Søgaard"
    assert result.loc["C", "owner_source"] == "ambassador"
    # Phone for a B2B account with a person responsible, e-mail otherwise.
    assert result.loc["A", "channel"] == "phone"
    assert result.loc["B", "channel"] == "email" and result.loc["C", "channel"] == "email"
    assert result.loc["A", "customer_name"] == "Alfa ApS"
    assert result.loc["A", "contact"] == "Anna Alfa"


def test_no_owner_anywhere_is_unassigned(answers):
    result = make_cases(answers, loops=Loops(holidays="DK"), roles=Roles())
    assert result["owner"].isna().all()
    assert (result["owner_source"] == "unassigned").all()
    assert (result["channel"] == "email").all()


def test_configured_channel_wins(answers):
    result = make_cases(answers, loops=Loops(holidays="DK", channel="phone"))
    assert (result["channel"] == "phone").all()


def test_customer_without_id_is_their_own_case(answers):
    anonymous = answers.assign(respondent_id=pd.Series([None] * len(answers), dtype="string"))
    result = make_cases(anonymous)
    assert len(result) == 7  # every answer in the window, A's two included


def test_loop_counts_this_window_against_the_last(answers):
    table = loop_counts(answers, DK, today=TODAY, window_days=30)
    # This window (7/3-5/4): A(5), C(6), D(0), H(2) in loop 1; B in loop 2; E in loop 3.
    assert table["this_period"].tolist() == [4, 1, 1]
    # The 30 days before (7/2-6/3) hold no answers; F (10/1) is older still.
    assert table["last_period"].tolist() == [0, 0, 0]
    assert table["change"].tolist() == [4, 1, 1]


# --- Follow-up performance --------------------------------------------------------------------


def test_followup_performance_by_hand():
    answers = pd.DataFrame(
        {
            "response_id": ["p1", "p2", "p3", "p4", "p5", "p6", "p7"],
            "respondent_id": ["X", "Y", "Z", "W", "X", "Z", "Y"],
            "date": pd.to_datetime(
                [
                    "2024-06-03",
                    "2024-06-03",
                    "2024-06-03",
                    "2024-06-27",
                    "2024-06-20",
                    "2024-06-24",
                    "2024-06-05",
                ]
            ),
            "score": [2, 4, 6, 1, 9, 3, 8],
        }
    )
    log = pd.DataFrame(
        {
            "response_id": ["p1", "p2"],
            "contacted": pd.to_datetime(["2024-06-04", "2024-06-07"]),
            "closed": pd.to_datetime(["2024-06-10", None]),
        }
    )
    result = followup_performance(answers, log, Loops(), today="2024-06-28")
    loop1 = result.by_loop.set_index("loop").loc[1]
    # Loop 1: p1, p2, p3, p4, p6. p4's deadline (Mon 1/7) has not passed: 4 judged.
    assert loop1["cases"] == 5 and loop1["judged"] == 4
    assert loop1["contacted"] == 2 and loop1["share_contacted"] == 0.5
    # p1 called the next day (deadline Wed 5/6); p2 on Fri 7/6, late.
    assert loop1["within_deadline"] == 1 and loop1["share_within_deadline"] == 0.25
    # Working days to contact: p1 1, p2 4; median 2.5.
    assert loop1["median_days_to_contact"] == 2.5
    assert loop1["closed"] == 1 and loop1["closure_rate"] == 0.25
    loop3 = result.by_loop.set_index("loop").loc[3]
    assert loop3["cases"] == 1 and loop3["judged"] == 0 and math.isnan(loop3["share_contacted"])

    after = result.after_followup.set_index("loop").loc[1]
    # Followed up: X (called 4/6) answered 9 on 20/6; Y (called 7/6) never answered after.
    # Not followed up: Z answered 3 on 24/6 after p3; W and p6 have no later answer.
    assert (after["n_followed"], after["mean_followed"], after["nps_followed"]) == (1, 9, 100)
    assert (after["n_not_followed"], after["mean_not_followed"]) == (1, 3)
    assert after["nps_not_followed"] == -100 and after["nps_difference"] == 200
    # score.compare([9], [3]): pooled 1 promoter + 1 detractor, V0 = 1, z = 2/sqrt(2) = 1.41,
    # p = erfc(1) = 0.157. Adjusted Wald: each side n~ = 4, shares 1.75/4 and 0.75/4,
    # V~ = 0.625 - 0.25**2 = 0.5625, SE = sqrt(0.5625/4) = 0.375; the difference's SE is
    # 0.375·sqrt(2); the interval 200 ± z·SE, clipped at 200.
    assert after["p_value"] == pytest.approx(math.erfc(1))
    assert after["ci_low"] == pytest.approx(200 - 1.959963984540054 * 37.5 * math.sqrt(2))
    assert after["ci_high"] == 200
    assert list(result.after_followup.columns) == AFTER_COLUMNS
    assert result.after_followup.set_index("loop").loc[2, "n_not_followed"] == 0


def test_followup_performance_without_a_log():
    answers = pd.DataFrame(
        {"response_id": ["a"], "date": pd.to_datetime(["2024-06-03"]), "score": [3]}
    )
    result = followup_performance(answers, None, Loops(), today="2024-06-28")
    assert result.by_loop.set_index("loop").loc[1, "share_contacted"] == 0
    assert result.after_followup.empty
    assert list(result.after_followup.columns) == AFTER_COLUMNS  # no respondent ids


AFTER_COLUMNS = [
    "loop",
    "n_followed",
    "mean_followed",
    "nps_followed",
    "n_not_followed",
    "mean_not_followed",
    "nps_not_followed",
    "nps_difference",
    "ci_low",
    "ci_high",
    "p_value",
]


def test_the_next_answer_is_the_first_after_and_counts_once_per_group():
    # Q: q1 and q2 on Mon 3/6 (loop 1, never contacted), q3 on 10/6 (10), q4 on 17/6 (0).
    # Both cases' next answer is q3, counted once; q3's own next answer is q4 (loop 3).
    answers = pd.DataFrame(
        {
            "response_id": ["q1", "q2", "q3", "q4"],
            "respondent_id": ["Q"] * 4,
            "date": pd.to_datetime(["2024-06-03", "2024-06-03", "2024-06-10", "2024-06-17"]),
            "score": [2, 3, 10, 0],
        }
    )
    after = followup_performance(answers, None, Loops(), today="2024-06-28").after_followup
    after = after.set_index("loop")
    assert (after.loc[1, "n_not_followed"], after.loc[1, "mean_not_followed"]) == (1, 10)
    assert (after.loc[3, "n_not_followed"], after.loc[3, "mean_not_followed"]) == (1, 0)
    # Nobody was followed up: no mean, no NPS and no comparison.
    assert after.loc[1, "n_followed"] == 0 and math.isnan(after.loc[1, "mean_followed"])
    for column in ("nps_followed", "nps_difference", "ci_low", "ci_high", "p_value"):
        assert math.isnan(after.loc[1, column]), column
    assert math.isnan(after.loc[2, "mean_not_followed"])  # loop 2 has no case


def test_cases_take_every_column_of_the_customer_file_and_its_first_row_per_id():
    answers = one_answer_each([("a1", "2024-04-04", 3)]).assign(respondent_id="A")
    customers = pd.DataFrame(
        {
            "id": ["A", "A"],
            "name": ["Alfa ApS", "Alfa (old row)"],
            "contact": ["Anna Alfa", "Old"],
            "email": ["anna@alfa.dk", "old@alfa.dk"],
            "phone": ["+45 11 22 33 44", "0"],
            "revenue": [100.0, 1.0],
            "owner": ["Mette Kjær", "Nobody"],
        }
    )
    result = cases(answers, Loops(), Roles(), today="2024-04-05", customers=customers)
    row = result.iloc[0]
    assert (row["customer_name"], row["contact"], row["email"]) == (
        "Alfa ApS",
        "Anna Alfa",
        "anna@alfa.dk",
    )
    assert (row["phone"], row["revenue"]) == ("+45 11 22 33 44", 100.0)
    # The customer file's owner owns the case when the answers name no one.
    assert (row["owner"], row["owner_source"]) == ("Mette Kjær", "customer_owner")
    without = cases(answers, Loops(), Roles(), today="2024-04-05")
    assert without["customer_name"].isna().all() and without["email"].isna().all()


def test_same_day_answers_of_a_customer_are_ordered_by_their_row_in_the_file():
    # Rows 3 and 2 of the export, both on 4/4 and listed last row first: row 3 is the latest.
    answers = pd.DataFrame(
        {
            "row": [3, 2],
            "response_id": ["late", "early"],
            "respondent_id": ["A", "A"],
            "date": pd.to_datetime(["2024-04-04", "2024-04-04"]),
            "score": [9, 2],
        }
    )
    result = cases(answers, Loops(), Roles(), today="2024-04-05")
    assert result["response_id"].tolist() == ["late"]
    assert result["earlier_response_ids"].tolist() == ["early"]


@pytest.mark.parametrize("window_days", [0, -3])
def test_a_window_under_one_day_is_refused(window_days):
    answers = one_answer_each([("a", "2024-04-04", 3)])
    with pytest.raises(AnalysisError, match=f"window_days={window_days} must be at least 1 day"):
        cases(answers, Loops(), Roles(), today="2024-04-05", window_days=window_days)


def test_sample_client_has_one_case_per_customer():
    data = load_client_data(SAMPLES / "dk-b2b-it")
    config = data.client.config
    result = cases(
        data.answers,
        config.loops,
        config.roles,
        today="2025-01-10",
        followups=data.followups.frame,
        customers=data.customers.frame,
        window_days=90,
    )
    assert result["respondent_id"].is_unique
    assert (result["answers_in_window"] > 1).any()
    assert result["loop"].is_monotonic_increasing


# --- Boundaries a loop owner relies on --------------------------------------------------------


def one_answer_each(rows):
    """(response id, date, score) rows as tidy answers, each its own customer."""
    frame = pd.DataFrame(rows, columns=["response_id", "date", "score"])
    return frame.assign(respondent_id=frame["response_id"], date=pd.to_datetime(frame["date"]))


def test_every_documented_default_deadline():
    # client.yml without a loops section: 0-6, 7-8, 9-10 with 2, 5 and 7 working days, no
    # holiday calendar. Answers on Monday 3 June 2024:
    # detractor + 2: Tue 4/6, Wed 5/6; passive + 5: Tue-Fri 4-7/6, Mon 10/6;
    # promoter + 7: Tue-Fri 4-7/6, Mon 10/6, Tue 11/6, Wed 12/6.
    answers = one_answer_each(
        [("d", "2024-06-03", 6), ("p", "2024-06-03", 8), ("r", "2024-06-03", 9)]
    )
    result = cases(answers, Loops(), Roles(), today="2024-06-03").set_index("response_id")
    assert result.loc["d", "deadline"] == pd.Timestamp("2024-06-05")
    assert result.loc["p", "deadline"] == pd.Timestamp("2024-06-10")
    assert result.loc["r", "deadline"] == pd.Timestamp("2024-06-12")
    assert result["loop"].to_dict() == {"d": 1, "p": 2, "r": 3}


def test_a_case_whose_deadline_is_today_is_not_overdue():
    # Detractor on Mon 3 June 2024: deadline Wed 5/6 (2 working days, no holidays).
    answers = one_answer_each([("d", "2024-06-03", 2)])
    on_the_day = cases(answers, Loops(), Roles(), today="2024-06-05").iloc[0]
    assert on_the_day["deadline"] == pd.Timestamp("2024-06-05")
    assert on_the_day["days_overdue"] == 0 and not on_the_day["overdue"]
    # The working day after (Thu 6/6) it is one day late; on Mon 10/6 three (Thu, Fri, Mon... the
    # days from the deadline up to today: Wed 5/6, Thu 6/6, Fri 7/6).
    day_after = cases(answers, Loops(), Roles(), today="2024-06-06").iloc[0]
    assert day_after["days_overdue"] == 1 and day_after["overdue"]
    assert cases(answers, Loops(), Roles(), today="2024-06-10").iloc[0]["days_overdue"] == 3


def test_a_contact_on_the_deadline_day_is_within_the_deadline():
    # Detractors on Mon 3 June 2024, deadline Wed 5/6: one called on 5/6, one on Thu 6/6.
    answers = one_answer_each([("a", "2024-06-03", 3), ("b", "2024-06-03", 3)])
    log = pd.DataFrame(
        {"response_id": ["a", "b"], "contacted": pd.to_datetime(["2024-06-05", "2024-06-06"])}
    )
    loop1 = followup_performance(answers, log, Loops(), today="2024-06-28").by_loop.iloc[0]
    assert (loop1["contacted"], loop1["within_deadline"]) == (2, 1)
    assert loop1["share_within_deadline"] == 0.5


def test_a_case_is_judged_only_once_its_deadline_has_passed():
    # Detractor on Mon 3 June 2024, deadline Wed 5/6, never contacted: still in time on the
    # deadline day itself, failed from the day after.
    answers = one_answer_each([("a", "2024-06-03", 3)])
    on_the_day = followup_performance(answers, None, Loops(), today="2024-06-05")
    assert on_the_day.by_loop.iloc[0]["judged"] == 0
    day_after = followup_performance(answers, None, Loops(), today="2024-06-06")
    assert day_after.by_loop.iloc[0]["judged"] == 1


def test_the_queue_window_edge_days():
    # A 30-day window on Fri 5 April 2024 holds answers after 6 March up to 5 April:
    # 6/3 is out (exactly 30 days back), 7/3 in, today in, tomorrow out.
    rows = [
        ("out-old", "2024-03-06", 3),
        ("in-first", "2024-03-07", 3),
        ("in-today", "2024-04-05", 3),
        ("out-future", "2024-04-06", 3),
    ]
    result = cases(one_answer_each(rows), Loops(), Roles(), today="2024-04-05", window_days=30)
    assert set(result["response_id"]) == {"in-first", "in-today"}
    # A one-day window is today only.
    today_only = cases(one_answer_each(rows), Loops(), Roles(), today="2024-04-05", window_days=1)
    assert set(today_only["response_id"]) == {"in-today"}


def test_loop_counts_windows_meet_without_gap_or_overlap():
    # Today Fri 5 April 2024, 30 days: this window (6/3, 5/4], the one before (5/2, 6/3].
    rows = [
        ("a", "2024-04-05", 3),  # this window, its last day
        ("b", "2024-03-07", 8),  # this window, its first day
        ("c", "2024-03-06", 10),  # the window before, its last day
        ("d", "2024-02-06", 3),  # the window before, its first day
        ("e", "2024-02-05", 3),  # older than both
    ]
    table = loop_counts(one_answer_each(rows), Loops(), today="2024-04-05", window_days=30)
    assert table.columns.tolist() == ["loop", "this_period", "last_period", "change"]
    assert table["loop"].tolist() == [1, 2, 3]
    assert table["this_period"].tolist() == [1, 1, 0]
    assert table["last_period"].tolist() == [1, 0, 1]
    assert table["change"].tolist() == [0, 1, -1]  # this window minus the one before


def test_deadline_with_the_british_holiday_calendar():
    # Thursday 2 May 2024 + 2 working days. In Great Britain Monday 6 May is the early May bank
    # holiday: Fri 3/5 is day 1, Tue 7/5 day 2. Denmark has no holiday then: Mon 6/5.
    assert deadline(["2024-05-02"], 2, "GB")[0] == day("2024-05-07")
    assert deadline(["2024-05-02"], 2, "DK")[0] == day("2024-05-06")
    # "GB" holds only the holidays all four nations share; England's own come with GB-ENG:
    # Thursday 28 March 2024 + 1 skips Good Friday 29/3 and Easter Monday 1/4 (Tue 2/4), and
    # Thursday 22 August + 2 skips the summer bank holiday Monday 26/8 (Tue 27/8).
    assert deadline(["2024-03-28"], 1, "GB-ENG")[0] == day("2024-04-02")
    assert deadline(["2024-08-22"], 2, "GB-ENG")[0] == day("2024-08-27")
    # Scotland's summer bank holiday is the first Monday of August (5/8), not the last.
    assert deadline(["2024-08-01"], 2, "GB-SCT")[0] == day("2024-08-06")
    assert deadline(["2024-08-22"], 2, "GB-SCT")[0] == day("2024-08-26")
    # Working days from Fri 3/5 up to Wed 8/5 in GB: Fri, Tue = 2 (Mon 6/5 off).
    assert working_days_between(["2024-05-03"], ["2024-05-08"], "GB").tolist() == [2.0]


def test_deadline_with_the_norwegian_holiday_calendar():
    # Wednesday 8 May 2024 + 2 in Norway: Thu 9/5 Kristi himmelfartsdag is off, Fri 10/5 day
    # 1, Mon 13/5 day 2. Then Thursday 16 May + 1: Fri 17/5 Grunnlovsdag, so Mon 20/5 is
    # 2. pinsedag too and Tue 21/5 is the day.
    assert deadline(["2024-05-08"], 2, "NO")[0] == day("2024-05-13")
    assert deadline(["2024-05-16"], 1, "NO")[0] == day("2024-05-21")
    # In Great Britain neither is a holiday: Thu 9/5, Fri 10/5; Fri 17/5.
    assert deadline(["2024-05-08"], 2, "GB")[0] == day("2024-05-10")
    assert deadline(["2024-05-16"], 1, "GB")[0] == day("2024-05-17")


def test_cases_skip_the_holidays_of_the_clients_country():
    # The same answer in a British and a Norwegian client's queue (Wed 8 May 2024, loop 1).
    answers = one_answer_each([("a", "2024-05-08", 0)])
    for country, expected in (("GB", "2024-05-10"), ("NO", "2024-05-13")):
        result = cases(answers, Loops(holidays=country), Roles(), today="2024-05-08")
        assert result.iloc[0]["deadline"] == pd.Timestamp(expected), country


# --- What the mutation run found untested (tests/MUTATION.md) --------------------------------


def test_queue_carries_the_customer_file_and_a_fresh_index(answers, followups, customers):
    queue = followup_queue(
        answers, DK, ROLES, today=TODAY, followups=followups, customers=customers
    )
    assert list(queue.index) == list(range(5))  # no old positions, no "index" column
    assert "index" not in queue.columns
    named = queue.set_index("respondent_id")
    assert named.loc["H", "customer_name"] == "Hotel Hav"
    assert named.loc["A", "contact"] == "Anna Alfa"
    assert pd.isna(named.loc["B", "customer_name"])  # B is not in the customer file


def test_loop_counts_count_each_customer_by_the_latest_answer_in_the_window():
    # X answered 10 (loop 3) on 1/4 and 2 (loop 1) on 3/4, listed newest first: loop 1 once.
    # Y answered at 15:00 today: the day counts, not the hour. Scores 7 and 8 are loop 1 for a
    # firm with loop1_max 8 (loop 2 stays above it: 9 only).
    answers = pd.DataFrame(
        {
            "response_id": ["x2", "x1", "y", "z"],
            "respondent_id": ["X", "X", "Y", "Z"],
            "date": pd.to_datetime(
                ["2024-04-03 00:00", "2024-04-01 00:00", "2024-04-05 15:00", "2024-04-02 00:00"]
            ),
            "score": [2, 10, 7, 8],
        }
    )
    table = loop_counts(answers, Loops(), today="2024-04-05", window_days=30)
    assert table["this_period"].tolist() == [1, 2, 0]  # X in loop 1; Y, Z passives
    strict = Loops(loop1_max=8, loop2_max=9)
    table = loop_counts(answers, strict, today="2024-04-05", window_days=30)
    assert table["this_period"].tolist() == [3, 0, 0]


@pytest.mark.parametrize(
    ("function", "column"),
    [
        ("loop_counts", "date"),
        ("loop_counts", "score"),
        ("performance", "date"),
        ("performance", "score"),
    ],
)
def test_a_missing_column_is_named(function, column):
    answers = pd.DataFrame(
        {"response_id": ["a"], "date": pd.to_datetime(["2024-06-03"]), "score": [3]}
    ).drop(columns=column)
    with pytest.raises(AnalysisError, match=f"The answers have no '{column}' column"):
        if function == "loop_counts":
            loop_counts(answers, Loops(), today="2024-06-28")
        else:
            followup_performance(answers, None, Loops(), today="2024-06-28")


def test_performance_counts_answers_up_to_today_with_the_clients_loops_and_holidays():
    # Wed 27/3/2024, score 7, contacted Tue 2/4. With loop1_max 7 it is loop 1 (2 working
    # days): under DK holidays 28/3, 29/3 and 1/4 are days off, so the deadline is Wed 3/4, the
    # call on 2/4 is in time and took 1 working day. Without holidays the deadline is Fri 29/3,
    # the call is late and took 4 working days (28, 29, 1/4, 2/4).
    answers = pd.DataFrame(
        {
            "response_id": ["p", "today", "later", "undated"],
            "date": pd.to_datetime(
                ["2024-03-27 00:00", "2024-04-05 16:30", "2024-04-06 00:00", None]
            ),
            "score": [7, 3, 3, 3],
        }
    )
    log = pd.DataFrame({"response_id": ["p"], "contacted": pd.to_datetime(["2024-04-02"])})
    danish = Loops(loop1_max=7, loop2_max=8, holidays="DK")
    by_loop = followup_performance(answers, log, danish, today="2024-04-05").by_loop
    loop1 = by_loop.set_index("loop").loc[1]
    # p and "today" (answered today at 16:30) are cases; "later" and "undated" are not.
    assert loop1["cases"] == 2
    assert loop1["within_deadline"] == 1 and loop1["median_days_to_contact"] == 1
    plain = Loops(loop1_max=7, loop2_max=8)
    loop1 = followup_performance(answers, log, plain, today="2024-04-05").by_loop
    loop1 = loop1.set_index("loop").loc[1]
    assert loop1["within_deadline"] == 0 and loop1["median_days_to_contact"] == 4
    # Loops 2 and 3 have no case: they are listed with whole zeros and no shares.
    assert by_loop["loop"].tolist() == [1, 2, 3]
    empty = by_loop.set_index("loop").loc[2]
    assert (empty["cases"], empty["judged"], empty["contacted"], empty["closed"]) == (0, 0, 0, 0)
    assert math.isnan(empty["share_contacted"]) and math.isnan(empty["closure_rate"])
    for column in ("cases", "judged", "contacted", "within_deadline", "closed"):
        assert by_loop[column].dtype.kind == "i", column


def test_a_case_lists_its_earlier_answers_and_whole_counts():
    answers = pd.DataFrame(
        {
            "response_id": ["r1", "r2", "r3"],
            "respondent_id": ["A"] * 3,
            "date": pd.to_datetime(["2024-04-01", "2024-04-02", "2024-04-03"]),
            "score": [9, 5, 2],
        }
    )
    result = cases(answers, Loops(), Roles(), today="2024-04-05")
    assert result["earlier_response_ids"].tolist() == ["r1, r2"]
    assert result["answers_in_window"].tolist() == [3]
    assert result["answers_in_window"].dtype.kind == "i"
    assert result["category"].astype(str).tolist() == ["detractor"]
    assert result["days_overdue"].dtype.kind == "i"


def test_days_overdue_skip_the_clients_holidays():
    # Mon 25/3/2024, score 0: 2 working days -> Wed 27/3 (no holiday in between). On Tue 2/4
    # the case is late by 2/4 only under DK (28/3, 29/3 and 1/4 are holidays), by 4 days
    # (28/3, 29/3, 1/4, 2/4) without a calendar.
    answers = one_answer_each([("d", "2024-03-25", 0)])
    danish = cases(answers, Loops(holidays="DK"), Roles(), today="2024-04-02")
    plain = cases(answers, Loops(), Roles(), today="2024-04-02")
    assert danish["deadline"].tolist() == plain["deadline"].tolist() == [pd.Timestamp("2024-03-27")]
    assert danish["days_overdue"].tolist() == [1]
    assert plain["days_overdue"].tolist() == [4]


def test_revenue_that_is_not_a_number_is_left_empty():
    answers = one_answer_each([("a1", "2024-04-04", 3)]).assign(respondent_id="A")
    customers = pd.DataFrame({"id": ["A"], "revenue": ["unknown"]})
    result = cases(answers, Loops(), Roles(), today="2024-04-05", customers=customers)
    assert result["revenue"].isna().all()


@pytest.mark.parametrize("column", ["date", "score"])
def test_cases_name_a_missing_column(column):
    answers = one_answer_each([("a", "2024-04-04", 3)]).drop(columns=column)
    with pytest.raises(AnalysisError, match=f"The answers have no '{column}' column"):
        cases(answers, Loops(), Roles(), today="2024-04-05")


def test_the_follow_up_log_gives_first_contact_last_closure_channel_owner_and_note():
    # r1 logged twice: a call on 2/4 (closed 3/4), then a meeting on 4/4 (closed 5/4).
    # r2 has one entry. The case shows the first contact, the last closure, the first
    # entry's channel and owner and the last note.
    answers = one_answer_each([("r1", "2024-04-01", 3), ("r2", "2024-04-01", 2)])
    log = pd.DataFrame(
        {
            "response_id": ["r1", "r1"],
            "contacted": pd.to_datetime(["2024-04-02", "2024-04-04"]),
            "closed": pd.to_datetime(["2024-04-03", "2024-04-05"]),
            "channel": ["phone", "meeting"],
            "owner": ["Mette Kjær", "Lars Holm"],
            "note": ["called", "met, solved"],
        }
    )
    result = cases(answers, Loops(), Roles(), today="2024-04-05", followups=log)
    r1 = result.set_index("response_id").loc["r1"]
    assert (r1["contacted"], r1["closed"]) == (
        pd.Timestamp("2024-04-02"),
        pd.Timestamp("2024-04-05"),
    )
    assert (r1["followup_channel"], r1["followup_owner"], r1["note"]) == (
        "phone",
        "Mette Kjær",
        "met, solved",
    )
    one = cases(answers, Loops(), Roles(), today="2024-04-05", followups=log.iloc[[1]])
    r1 = one.set_index("response_id").loc["r1"]
    assert (r1["contacted"], r1["followup_channel"]) == (pd.Timestamp("2024-04-04"), "meeting")
    r2 = one.set_index("response_id").loc["r2"]
    assert pd.isna(r2["contacted"]) and pd.isna(r2["followup_channel"]) and pd.isna(r2["note"])


def test_answers_without_ids_are_each_their_own_customer():
    answers = pd.DataFrame(
        {"date": pd.to_datetime(["2024-04-01", "2024-04-02"]), "score": [3, 4]},
        index=[10, 11],
    )
    table = loop_counts(answers, Loops(), today="2024-04-05", window_days=30)
    assert table["this_period"].tolist() == [2, 0, 0]


def test_a_missing_column_message_lists_the_columns_there_are():
    answers = pd.DataFrame({"response_id": ["a"], "score": [3], "note": ["x"]})
    with pytest.raises(AnalysisError) as caught:
        cases(answers, Loops(), Roles(), today="2024-04-05")
    assert str(caught.value) == (
        "The answers have no 'date' column (needed by the follow-up loop); "
        "they have: response_id, score, note"
    )


def test_the_queue_puts_bigger_accounts_first_then_older_answers():
    # Three loop 1 cases, none late (today is their answer day + 1): revenue 500 before 100;
    # with equal revenue the older answer first.
    answers = pd.DataFrame(
        {
            "response_id": ["new-small", "old-small", "big"],
            "respondent_id": ["S1", "S2", "B"],
            "date": pd.to_datetime(["2024-04-04", "2024-04-03", "2024-04-04"]),
            "score": [3, 3, 3],
        }
    )
    customers = pd.DataFrame({"id": ["S1", "S2", "B"], "revenue": [100.0, 100.0, 500.0]})
    queue = followup_queue(answers, Loops(), Roles(), today="2024-04-05", customers=customers)
    assert queue["response_id"].tolist() == ["big", "old-small", "new-small"]


def test_working_days_over_new_year_skip_both_years_holidays():
    # From Mon 23/12/2024 up to Fri 3/1/2025: weekdays 23, 24, 25, 26, 27, 30, 31/12, 1, 2/1
    # (9); DK holidays 25/12, 26/12 and 1/1 leave 6.
    assert working_days_between(["2024-12-23"], ["2025-01-03"], "DK").tolist() == [6]
    assert working_days_between(["2024-12-23"], ["2025-01-03"]).tolist() == [9]
    # A span of more than a year takes the holidays of every year in it: it equals its two
    # parts (31/12/2024 up to 3/1/2025 is 31/12 and 2/1: 2 days).
    whole = working_days_between(["2023-12-20"], ["2025-01-03"], "DK")[0]
    first = working_days_between(["2023-12-20"], ["2024-12-31"], "DK")[0]
    assert working_days_between(["2024-12-31"], ["2025-01-03"], "DK").tolist() == [2]
    assert whole == first + 2


def test_a_deadline_of_one_date_or_of_no_known_date():
    assert deadline("2024-03-27", 2, "DK").tolist() == [day("2024-04-03")]
    assert np.isnat(deadline([None], 2, "DK")).all()  # no date: no deadline, no error


def test_assign_loops_keeps_the_index_and_refuses_text_scores():
    loops = assign_loops(pd.Series([3, 8, 10], index=[7, 8, 9]))
    assert (loops.name, loops.dtype, loops.index.tolist()) == ("loop", np.int8, [7, 8, 9])
    with pytest.raises(AnalysisError) as caught:
        assign_loops(pd.Series(["7", "x"], index=["a", "b"]))
    assert str(caught.value) == (
        "Score at row 'b' is missing; every answer needs a score to be placed in a loop"
    )


def test_cases_without_ids_or_log_keep_every_column_and_the_day_of_the_answer():
    # No respondent_id column, no follow-up log, a customer file that cannot be matched, an
    # answer at 15:00: one case per answer, dated by its day, with empty follow-up columns.
    answers = pd.DataFrame(
        {
            "response_id": ["a", "b"],
            "date": pd.to_datetime(["2024-04-04 15:00", "2024-04-04 09:00"]),
            "score": [3, 7],
        }
    )
    customers = pd.DataFrame({"id": ["a"], "name": ["Alfa"]})
    result = cases(answers, Loops(), Roles(), today="2024-04-05", customers=customers)
    assert sorted(result["response_id"]) == ["a", "b"]
    assert set(result["date"]) == {pd.Timestamp("2024-04-04")}
    assert result["customer_name"].isna().all()  # no respondent ids to match the file by
    for column in ("contacted", "closed", "followup_channel", "followup_owner", "note"):
        assert result[column].isna().all(), column


def test_cases_use_the_clients_loop_thresholds():
    answers = one_answer_each([("seven", "2024-04-04", 7)])
    assert cases(answers, Loops(), Roles(), today="2024-04-05")["loop"].tolist() == [2]
    strict = Loops(loop1_max=7, loop2_max=8)
    assert cases(answers, strict, Roles(), today="2024-04-05")["loop"].tolist() == [1]


def test_a_blank_owner_falls_back_to_the_customer_files_owner_who_is_phoned():
    answers = pd.DataFrame(
        {
            "response_id": ["a1", "b1"],
            "respondent_id": ["A", "B"],
            "date": pd.to_datetime(["2024-04-04", "2024-04-04"]),
            "score": [3, 3],
            "Kundeansvarlig": ["", "Lars Holm"],
            "Afdeling": ["Salg", "Salg"],
        }
    )
    customers = pd.DataFrame({"id": ["A"], "owner": ["Mette Kjær"]})
    result = cases(answers, Loops(), ROLES, today="2024-04-05", customers=customers)
    rows = result.set_index("response_id")
    assert (rows.loc["a1", "owner"], rows.loc["a1", "owner_source"]) == (
        "Mette Kjær",
        "customer_owner",
    )
    assert rows.loc["a1", "channel"] == "phone"  # an account with a person responsible
    assert (rows.loc["b1", "owner"], rows.loc["b1", "owner_source"]) == ("Lars Holm", "owner")


def test_loop_counts_order_same_day_answers_by_their_row():
    answers = pd.DataFrame(
        {
            "row": [3, 2],
            "response_id": ["late", "early"],
            "respondent_id": ["A", "A"],
            "date": pd.to_datetime(["2024-04-04", "2024-04-04"]),
            "score": [9, 2],
        }
    )
    table = loop_counts(answers, Loops(), today="2024-04-05", window_days=30)
    assert table["this_period"].tolist() == [0, 0, 1]  # row 3, the promoter, is the latest


def test_the_effect_uses_the_confidence_asked_for():
    # As in test_followup_performance_by_hand's loop 1 (9 against 3), at 90 %: z = 1.645.
    answers = pd.DataFrame(
        {
            "response_id": ["c1", "c2", "n1", "n2"],
            "respondent_id": ["X", "X", "Z", "Z"],
            "date": pd.to_datetime(["2024-06-03", "2024-06-20", "2024-06-03", "2024-06-24"]),
            "score": [2, 9, 6, 3],
        }
    )
    log = pd.DataFrame({"response_id": ["c1"], "contacted": pd.to_datetime(["2024-06-04"])})
    result = followup_performance(answers, log, Loops(), today="2024-06-28", confidence=0.9)
    after = result.after_followup.set_index("loop").loc[1]
    z90 = 1.6448536269514722
    assert after["ci_low"] == pytest.approx(200 - z90 * 37.5 * math.sqrt(2))


def test_the_queue_window_is_the_one_asked_for(answers):
    # A 10-day window on Fri 5/4 holds 27/3 onwards (after 26/3): D (26/3) and E (25/3) drop out.
    queue = followup_queue(answers, DK, ROLES, today=TODAY, window_days=10)
    assert set(queue["respondent_id"]) == {"A", "B", "C", "H"}


def test_a_case_nobody_owns_says_so_in_text_columns():
    # No owner column, no customer file, no department, no ambassador: "unassigned", e-mailed.
    answers = one_answer_each([("a", "2024-04-04", 3)])
    result = cases(answers, Loops(), Roles(), today="2024-04-05")
    assert pd.isna(result.loc[0, "owner"])
    assert (result.loc[0, "owner_source"], result.loc[0, "channel"]) == ("unassigned", "email")
    assert result["owner"].dtype == "string" and result["owner_source"].dtype == "string"


# --- An anonymous export: no response id, no respondent id -----------------------------------

# Rows as the loader numbers them (header = row 1). In the window up to 28/6: three detractors
# (rows 2, 3, 5; rows 2 and 3 could be one customer, nobody can tell), a passive and a
# promoter; row 7 is a detractor outside the window.
ANONYMOUS = pd.DataFrame(
    {
        "row": [2, 3, 4, 5, 6, 7],
        "date": pd.to_datetime(
            ["2024-06-20", "2024-06-20", "2024-06-21", "2024-06-25", "2024-06-27", "2024-04-01"]
        ),
        "score": [2, 5, 8, 6, 10, 0],
    }
)


def test_without_ids_each_answer_in_the_window_is_a_case_keyed_by_its_row():
    queue = cases(ANONYMOUS, Loops(), Roles(), today="2024-06-28")
    loop1 = queue[queue["loop"] == 1]
    assert sorted(loop1["response_id"]) == ["row 2", "row 3", "row 5"]
    assert (queue["answers_in_window"] == 1).all()
    assert queue["earlier_response_ids"].eq("").all()
    assert queue["respondent_id"].isna().all() and queue["comment"].isna().all()
    assert queue["status"].eq("new").all()
    counts = loop_counts(ANONYMOUS, Loops(), today="2024-06-28")
    assert counts["this_period"].tolist() == [3, 1, 1]


def test_without_a_response_id_the_followup_is_judged_per_answer():
    performance = followup_performance(ANONYMOUS, None, Loops(), today="2024-06-28")
    detractors = performance.by_loop.set_index("loop").loc[1]
    # Four detractor answers up to 28/6 (rows 2, 3, 5 and 7), none contacted.
    assert detractors["cases"] == 4
