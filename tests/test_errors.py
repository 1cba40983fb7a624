"""errors.require_columns: the one check of required columns, and the engines that use it."""

from __future__ import annotations

import pandas as pd
import pytest

from nps_workbook import comments, enps, journey, loops, money
from nps_workbook.config import Loops, Roles
from nps_workbook.errors import AnalysisError, NpsWorkbookError, require_columns
from nps_workbook.pages import nps

ANSWERS = pd.DataFrame({"score": [9, 3], "comment": ["ok", "slow"]})


def test_nothing_happens_when_every_column_is_there():
    assert require_columns(ANSWERS, ["comment", "score"]) is None
    assert require_columns(ANSWERS, []) is None


def test_the_message_names_the_table_what_is_missing_and_what_is_there():
    with pytest.raises(AnalysisError) as caught:
        require_columns(ANSWERS, ["score", "date"], "customers", why="needed by the loops")
    assert str(caught.value) == (
        "The customers have no 'date' column (needed by the loops); they have: score, comment"
    )


def test_every_missing_column_is_named_in_the_order_asked():
    with pytest.raises(
        AnalysisError, match=r"^The answers have no 'date', 'id' or 'owner' column;"
    ):
        require_columns(ANSWERS, ["date", "score", "id", "owner"])


def test_a_table_without_columns_says_so():
    with pytest.raises(AnalysisError, match=r"'score' column; they have none$"):
        require_columns(pd.DataFrame(), ["score"])


def test_it_is_a_user_error_the_cli_prints_in_one_line():
    with pytest.raises(NpsWorkbookError):
        require_columns(ANSWERS, ["date"])


def test_non_text_column_names_are_found_and_shown():
    positional = pd.DataFrame([[1, 2]])
    require_columns(positional, [0, 1])
    with pytest.raises(AnalysisError, match=r"no 2 column; they have: 0, 1"):
        require_columns(positional, [2])


def test_a_column_no_setting_names_is_never_called_none():
    with pytest.raises(AnalysisError) as raised:
        require_columns(ANSWERS, [None], why="roles.touchpoint in client.yml")
    assert str(raised.value) == (
        "No column of the answers is named (roles.touchpoint in client.yml); "
        "they have: score, comment"
    )
    # A named column that is missing is still named, the unnamed one not as "None".
    with pytest.raises(AnalysisError, match=r"^The answers have no 'date' column; they"):
        require_columns(ANSWERS, [None, "date"])


# Each engine asks through require_columns: the same message shape wherever a column is missing.
@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: loops.cases(ANSWERS, Loops(), Roles(), today=pd.Timestamp("2024-01-31")),
            # Without a response id each answer is its own case: only the date is needed.
            "The answers have no 'date' column (needed by the follow-up loop); "
            "they have: score, comment",
        ),
        (
            lambda: money.account_categories(ANSWERS),
            # Without a date a customer's last row is their latest answer.
            "The answers have no 'respondent_id' column; they have: score, comment",
        ),
        (
            lambda: comments.theme_table(ANSWERS.drop(columns="comment"), {"x": ["x"]}),
            "The answers have no 'comment' column; they have: score",
        ),
        (
            lambda: enps.enps_table(ANSWERS, by="Afdeling", round_column=None),
            "The employee answers have no 'Afdeling' column; they have: score, comment",
        ),
        (
            lambda: journey.touchpoint_nps(ANSWERS, "tp"),
            "The answers have no 'tp' column (roles.touchpoint in client.yml); "
            "they have: score, comment",
        ),
        (
            lambda: nps.nps_view(ANSWERS, segment="shop", value="A", language="en"),
            "The answers have no 'shop' column (the segment to show); they have: score, comment",
        ),
    ],
    ids=["loops", "money", "comments", "enps", "journey", "nps-page"],
)
def test_the_engines_name_the_missing_columns(call, message):
    with pytest.raises(AnalysisError) as caught:
        call()
    assert str(caught.value) == message
