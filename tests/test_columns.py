import pandas as pd
import pytest

from nps_workbook.columns import normalise_header, recognise, score_likeness
from nps_workbook.parse import TextColumn


def frame(*headers, rows=None):
    rows = rows or [["9"] * len(headers)]
    return pd.DataFrame(rows, columns=list(headers), dtype="str")


@pytest.mark.parametrize(
    "header",
    [
        "NPS",
        "Score",
        "nps_score",
        "NPS-score",
        "Likelihood to recommend",
        "How likely are you to recommend Acme to a friend or colleague?",
        "Hvor sandsynligt er det, at du vil anbefale os til en ven? (0-10)",
        "Anbefaling",
        "On a scale of 0-10, how would you rate the event?",
    ],
)
def test_score_column_recognised_from_common_headers(header):
    roles, _ = recognise(frame("Region", header))
    assert roles.score == header


def test_follow_up_question_that_mentions_the_score_is_the_comment():
    headers = (
        "Hvad er den væsentligste årsag til, at du har givet denne score?",
        "Hvor sandsynligt er det, at du vil anbefale os?",
    )
    roles, _ = recognise(frame(*headers, rows=[["Fin", "9"]]))
    assert roles.score == headers[1]
    assert roles.comment == headers[0]


def test_score_is_preferred_over_the_category_label_column():
    # The UK telecom export has both NPS_RATING (Promoter/...) and NPS_SCORE (0-10).
    data = frame("NPS_RATING", "NPS_SCORE", rows=[["Promoter", "9"], ["Detractor", "2"]])
    roles, _ = recognise(data)
    assert roles.score == "NPS_SCORE"


def test_among_equal_candidates_the_one_holding_0_to_10_answers_wins():
    data = frame("NPS", "nps", rows=[["Promoter", "9"], ["Passive", "7"]])
    roles, _ = recognise(data)
    assert roles.score == "nps"


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Svar-ID", "response_id"),
        ("Response ID", "response_id"),
        ("id", "response_id"),
        ("Kunde-ID", "respondent_id"),
        ("Kundenummer", "respondent_id"),
        ("customer_id", "respondent_id"),
        ("Account No", "respondent_id"),
        ("Dato", "date"),
        ("Submitted At", "date"),
        ("CUSTOMER_RESPONSE_DATE", "date"),
        ("Timestamp", "date"),
        ("Kommentar", "comment"),
        ("What is the main reason for your score?", "comment"),
        ("...why?", "comment"),
        ("Begrundelse", "comment"),
        ("explication", "comment"),
    ],
)
def test_other_roles_recognised(header, role):
    roles, _ = recognise(frame("NPS", header))
    assert roles.as_dict()[role] == header


def test_unrecognised_columns_are_left_for_segments():
    roles, _ = recognise(frame("NPS", "Afdeling", "Region"))
    assert set(roles.as_dict().values()) == {"NPS", None}


def test_mapping_wins_and_matches_ignoring_case_and_spacing():
    data = frame("REC", "NPS", "when")
    roles, unmatched = recognise(data, {"score": "rec", "date": "When"})
    assert (roles.score, roles.date, unmatched) == ("REC", "when", {})
    assert roles.mapped == frozenset({"score", "date"})


def test_mapping_to_a_missing_column_is_reported():
    roles, unmatched = recognise(frame("REC"), {"score": "Recommend"})
    assert roles is None
    assert unmatched == {"score": "Recommend"}


def test_no_score_column_gives_none():
    roles, _ = recognise(frame("Kunde", "Tilfredshed"))
    assert roles is None


def test_normalise_header_keeps_danish_letters():
    assert normalise_header("  Kunde-ID ") == "kunde id"
    assert normalise_header("ÅRSAG_til  score") == "årsag til score"


def test_one_header_twice_with_different_answers_is_ambiguous():
    twins = pd.DataFrame(
        [["9", "3"], ["10", "7"]], columns=["NPS", "NPS (2)"], dtype="str"
    )  # the loader's names for a repeated header
    roles, _ = recognise(twins)
    assert (roles.score, roles.score_alternatives) == ("NPS", ("NPS (2)",))
    same = pd.DataFrame([["9", "9"], ["10", "10"]], columns=["NPS", "NPS (2)"], dtype="str")
    assert recognise(same)[0].score_alternatives == ()


def test_different_questions_that_fit_keep_the_most_score_like():
    rated = frame("Rate the event 0-10", "Rate the keynote 0-10", rows=[["9", "x"]])
    roles, _ = recognise(rated)
    assert (roles.score, roles.score_alternatives) == ("Rate the event 0-10", ())


def test_columns_as_the_loader_reads_them_are_recognised_alike():
    # The loader hands over each column as its distinct values plus a code per cell.
    data = frame(
        "NPS", "nps", "Kommentar", rows=[["Promoter", "9", "Fint"], ["Passive", "7", "9 af 10"]]
    )
    columns = {name: TextColumn.of(data[name]) for name in data}
    roles, _ = recognise(columns)
    assert (roles.score, roles.comment) == ("nps", "Kommentar")
    assert score_likeness(columns["nps"]) == 1.0
    assert score_likeness(TextColumn.of(pd.Series(["9", " ", "x", "10", "9"]))) == 0.75
