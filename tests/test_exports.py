"""Survey tools' exports (tests/data/tools, layouts and sources in its README) load without a
mapping: the tool is recognised, label rows skipped, preview/test/spam responses rejected with
their own reason, partial ones kept and flagged, and times converted to the client's zone.

Every expectation is counted by hand from tests/data/tools/make_fixtures.py. Times: Denmark is
UTC+1 (CET) until 31 March 2024 02:00 and from 27 October 2024 03:00, UTC+2 (CEST) between.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from nps_workbook import load_responses
from nps_workbook.errors import SurveyFileError
from nps_workbook.exports import recognise

TOOLS = Path(__file__).parent / "data" / "tools"


def stamps(*texts: str) -> list[pd.Timestamp]:
    return [pd.Timestamp(t) for t in texts]


# --- Qualtrics --------------------------------------------------------------------------------

# Eight responses below three header rows: R_1 (9), R_5 (6, unfinished) and R_8 (0) are real;
# R_2 and R_3 previews, R_4 spam, R_7 a test, R_6 unfinished without a score.
QUALTRICS_REASONS = {"survey preview": 2, "spam": 1, "score missing": 1, "survey test": 1}


@pytest.mark.parametrize("name", ["qualtrics_choice_text.csv", "qualtrics.xlsx"])
def test_qualtrics_choice_text(name):
    result = load_responses(TOOLS / name)
    assert result.tool == "Qualtrics"
    assert result.rows_read == 8  # the question-text and import-id rows are no answers
    assert result.reasons == QUALTRICS_REASONS
    answers = result.answers
    assert answers["response_id"].tolist() == ["R_1aBcDeFgH1", "R_5aBcDeFgH5", "R_8aBcDeFgH8"]
    assert answers["respondent_id"].tolist() == ["K-1001", "K-1002", "K-1004"]
    assert answers["score"].tolist() == [9, 6, 0]  # "0 - Not at all likely" is 0
    assert answers["partial"].tolist() == [False, True, False]
    assert answers["row"].tolist() == [4, 8, 11]  # spreadsheet rows, the three headers first
    # RecordedDate in UTC (the import ids say so): +1 in March, +2 in July, and still +2 at
    # 00:31 UTC on 27 October, half an hour before the clocks go back.
    assert answers["date"].tolist() == stamps(
        "2024-03-05 15:22:09", "2024-07-01 10:12:30", "2024-10-27 02:31:15"
    )
    assert result.timezone == "Europe/Copenhagen"
    assert result.columns.score == "Q1" and result.columns.comment == "Q2"
    assert "Q1_NPS_GROUP" in result.segments  # the derived group is never the score
    assert result.read_as == (
        "read as a Qualtrics export: 2 label rows skipped; 2 preview responses left out; "
        "1 spam response left out; 1 test response left out; "
        "1 partial response kept, flagged 'partial'"
    )
    rejected = result.rejected.set_index("row")
    assert rejected.loc[5, "detail"] == "Status 'Survey Preview'"


def test_qualtrics_numeric_values_in_another_zone():
    result = load_responses(TOOLS / "qualtrics_numeric.csv")
    assert result.reasons == QUALTRICS_REASONS  # Status 1, 1, 8, 2 and Finished 0
    assert result.answers["score"].tolist() == [9, 6, 0]
    assert result.answers["partial"].tolist() == [False, True, False]
    # America/Denver: MST (UTC-7) on 5 March (US summer time starts 10 March), MDT (UTC-6) in
    # July and on 27 October (until 3 November); Copenhagen +1, +2, and +1 from 01:00 UTC
    # that day: 14:22 MST = 21:22 UTC = 22:22 CET; 08:12 MDT = 14:12 UTC = 16:12 CEST;
    # 00:31 MDT = 06:31 UTC = 07:31 CET.
    assert result.answers["date"].tolist() == stamps(
        "2024-03-05 22:22:09", "2024-07-01 16:12:30", "2024-10-27 07:31:15"
    )
    # In a numeric export the group is 1/2/3: as score-like as the score, and still not it.
    assert result.columns.score == "Q1"


def test_qualtrics_times_in_another_client_zone():
    result = load_responses(TOOLS / "qualtrics_choice_text.csv", timezone="Europe/London")
    assert result.timezone == "Europe/London"
    assert result.answers["date"].tolist()[0] == pd.Timestamp("2024-03-05 14:22:09")  # GMT


# --- SurveyMonkey -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["surveymonkey.csv", "surveymonkey.xlsx"])
def test_surveymonkey(name):
    result = load_responses(TOOLS / name)
    assert result.tool == "SurveyMonkey"
    assert result.rows_read == 4 and result.reasons == {"score missing": 1}
    answers = result.answers
    assert answers["response_id"].tolist() == ["114598812345", "114598812346", "114598812347"]
    assert answers["score"].tolist() == [10, 3, 8]
    # End Date, US month first with AM/PM: 12:03:10 PM is noon, 12:01:02 AM just past midnight.
    assert answers["date"].tolist() == stamps(
        "2024-03-05 14:22:09", "2024-03-13 12:03:10", "2025-01-01 00:01:02"
    )
    assert answers["respondent_id"].tolist()[:2] == ["jo@example.co.uk", "sam@example.co.uk"]
    assert answers["Which of these did you buy? - Lamp"].tolist()[1] == "Lamp"
    assert result.read_as == "read as a SurveyMonkey export: 1 label row skipped"


# --- Google Forms and Microsoft Forms -----------------------------------------------------------


def test_google_forms_with_gmt_offsets():
    result = load_responses(TOOLS / "google_forms.csv")
    assert result.tool == "Google Forms" and result.rows_read == 4 and not len(result.rejected)
    assert result.answers["score"].tolist() == [9, 4, 7, 10]
    # GMT+1 in winter and GMT+2 in summer are Copenhagen's own offsets: the times stay.
    assert result.answers["date"].tolist() == stamps(
        "2024-01-15 10:23:45", "2024-01-15 13:05:00", "2024-07-01 09:00:00", "2024-07-01 23:30:15"
    )
    assert result.answers["respondent_id"].tolist()[0] == "a@example.com"


def test_google_forms_from_sheets_in_other_zones_are_converted(tmp_path):
    # A form owned abroad: its sheet writes its own offset, whole or half hours, or bare "GMT".
    path = tmp_path / "abroad.csv"
    path.write_text(
        "Timestamp,How likely are you to recommend us to a friend or colleague?,Email Address\n"
        "2024/01/15 10:23:45 AM GMT-5,9,a@example.com\n"
        "2024/01/15 1:05:00 PM GMT+5:30,4,b@example.com\n"
        "2024/07/01 9:00:00 AM GMT,7,c@example.com\n"
        "2024/07/01 11:30:15 PM GMT-7,10,d@example.com\n",
        encoding="utf-8",
    )
    # By hand: 10:23:45 -5 = 15:23:45 UTC = 16:23:45 CET; 13:05 +5:30 = 07:35 UTC = 08:35 CET;
    # 09:00 UTC in July = 11:00 CEST; 23:30:15 -7 on 1 July = 06:30:15 UTC = 08:30:15 CEST on
    # 2 July.
    copenhagen = load_responses(path)
    assert copenhagen.tool == "Google Forms" and not len(copenhagen.rejected)
    assert copenhagen.answers["date"].tolist() == stamps(
        "2024-01-15 16:23:45", "2024-01-15 08:35:00", "2024-07-01 11:00:00", "2024-07-02 08:30:15"
    )
    # The same answers for a British client: GMT in January, BST (UTC+1) in July.
    london = load_responses(path, timezone="Europe/London")
    assert london.answers["date"].tolist() == stamps(
        "2024-01-15 15:23:45", "2024-01-15 07:35:00", "2024-07-01 10:00:00", "2024-07-02 07:30:15"
    )


def test_google_forms_danish_sheet_with_dotted_times():
    result = load_responses(TOOLS / "google_forms_da.csv")
    assert result.columns.date == "Tidsstempel"
    assert result.reasons == {"score not a number": 1}  # "ved ikke"
    assert result.answers["date"].tolist() == stamps("2024-01-15 10:23:45", "2024-07-01 09:00:00")


def test_microsoft_forms_anonymous_is_no_respondent():
    result = load_responses(TOOLS / "microsoft_forms.xlsx")
    assert result.tool == "Microsoft Forms" and result.rows_read == 3
    answers = result.answers
    assert answers["response_id"].tolist() == ["1", "2", "3"]
    assert answers["date"].tolist() == stamps(  # Completion time, not Start time
        "2024-03-05 14:22:09", "2024-03-06 08:03:30", "2024-03-06 09:01:00"
    )
    # Two anonymous answers are two strangers, not one customer called "anonymous".
    assert answers["respondent_id"].isna().tolist() == [True, True, False]


# --- Typeform, Delighted, Alchemer --------------------------------------------------------------


def test_typeform_times_are_utc():
    result = load_responses(TOOLS / "typeform.csv")
    assert result.tool == "Typeform" and result.reasons == {"score outside 0-10": 1}
    assert result.answers["response_id"].tolist() == ["k2x9tq8a1b", "m7p3zz0c2d"]
    assert result.answers["respondent_id"].tolist() == ["C-501", "C-502"]  # a hidden field
    # Submit Date (UTC): 13:22 UTC is 14:22 CET; 22:10 UTC on 1 July is 00:10 CEST on 2 July.
    assert result.answers["date"].tolist() == stamps("2024-03-05 14:22:09", "2024-07-02 00:10:00")


def test_delighted_offsets():
    result = load_responses(TOOLS / "delighted.csv")
    assert result.tool == "Delighted" and result.rows_read == 3 and not len(result.rejected)
    assert result.columns.score == "Score" and result.columns.respondent_id == "Person ID"
    # 06:22 -0800 = 14:22 UTC = 15:22 CET; 15:00 +0100 stays; 23:30 +0000 on 1 July = 01:30 CEST.
    assert result.answers["date"].tolist() == stamps(
        "2024-03-05 15:22:09", "2024-03-05 15:00:00", "2024-07-02 01:30:00"
    )


def test_alchemer_latin1_with_status():
    result = load_responses(TOOLS / "alchemer.csv")
    assert result.tool == "Alchemer" and result.encoding in ("cp1252", "latin-1")
    assert result.reasons == {"disqualified": 1, "score missing": 1}
    answers = result.answers
    assert answers["response_id"].tolist() == ["101", "102"]
    assert answers["partial"].tolist() == [False, True]
    # A partial response has no Date Submitted: its Time Started dates it.
    assert answers["date"].tolist() == stamps("2024-03-05 14:22:09", "2024-03-06 09:00:00")
    assert answers["comment"].tolist()[0] == "Søde og hurtige"  # the question, not "Comments"
    assert answers["City"].tolist()[0] == "København"


# --- SurveyXact -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "surveyxact.xlsx",
        "surveyxact_semicolon/dataset.csv",  # ISO-8859-15, ;
        "surveyxact_comma/dataset.csv",  # ANSI, ,
        "surveyxact_tab/dataset.csv",  # UTF-16, tab
    ],
)
def test_surveyxact_codes_through_labels(path):
    result = load_responses(TOOLS / path)
    assert result.tool == "SurveyXact" and result.rows_read == 6
    # 5004 only distributed; 5005 answered "Ved ikke" (code 12); 5006 dropped out unanswered.
    assert result.reasons == {
        "invited, not answered": 1,
        "score not a number": 1,
        "score missing": 1,
    }
    answers = result.answers
    assert answers["response_id"].tolist() == ["5001", "5002", "5003"]
    assert answers["score"].tolist() == [9, 0, 7]  # codes 10, 1, 8 are the answers 9, 0, 7
    assert answers["s_2"].tolist() == ["Support", "Salg", "Økonomi"]  # codes 2, 1, 3
    assert answers["comment"].tolist()[:2] == ["Hurtig og venlig hjælp", "Ingen ringede tilbage"]
    assert answers["partial"].tolist() == [False, False, True]
    # closetime, or for the unfinished 5003 the time it was created.
    assert answers["date"].tolist() == stamps(
        "2024-03-05 14:22:09", "2024-03-06 09:15:00", "2024-03-05 08:00:00"
    )


def test_surveyxact_dataset_without_its_structure_is_refused_with_what_to_do(tmp_path):
    shutil.copy(TOOLS / "surveyxact_semicolon" / "dataset.csv", tmp_path / "dataset.csv")
    with pytest.raises(SurveyFileError, match="needs its structure table beside it"):
        load_responses(tmp_path / "dataset.csv")


# --- recognition -----------------------------------------------------------------------------


def test_generic_exports_are_no_tools_export(data_dir):
    assert (
        recognise([["Svar-ID", "Dato", "NPS", "Kommentar"], ["1", "05-03-2024", "9", ""]]) is None
    )
    result = load_responses(data_dir / "danish_excel_export.csv")
    assert result.tool is None and result.read_as is None


def test_a_mapping_in_the_config_wins_over_the_tools_roles():
    result = load_responses(TOOLS / "qualtrics_choice_text.csv", {"columns": {"date": "StartDate"}})
    assert result.columns.date == "StartDate" and result.columns.mapped == {"date"}
    assert result.answers["date"].tolist()[0] == pd.Timestamp("2024-03-05 15:20:01")


def test_validate_says_which_tool_it_read():
    from click.testing import CliRunner

    from nps_workbook.cli import main

    result = CliRunner().invoke(main, ["validate", str(TOOLS / "qualtrics_choice_text.csv")])
    assert result.exit_code == 0
    assert (
        "Read as a Qualtrics export: 2 label rows skipped; 2 preview responses left out; "
        "1 spam response left out; 1 test response left out; "
        "1 partial response kept, flagged 'partial'"
    ) in result.output
    assert "8 rows read, 3 accepted, 5 rejected" in result.output
