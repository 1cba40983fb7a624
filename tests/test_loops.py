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
    assert 0 <= after["p_value"] <= 1
    assert result.after_followup.set_index("loop").loc[2, "n_not_followed"] == 0


def test_followup_performance_without_a_log():
    answers = pd.DataFrame(
        {"response_id": ["a"], "date": pd.to_datetime(["2024-06-03"]), "score": [3]}
    )
    result = followup_performance(answers, None, Loops(), today="2024-06-28")
    assert result.by_loop.set_index("loop").loc[1, "share_contacted"] == 0
    assert result.after_followup.empty


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
