"""eNPS: the anonymity rule, including groups that could be worked out by subtraction."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from nps_workbook.enps import TOTAL_LABEL, enps_table
from nps_workbook.errors import AnalysisError
from nps_workbook.load import load_responses

ROOT = Path(__file__).resolve().parents[1] / "sample_data"
# The survey moves into the client folder; accept either place while it does.
SURVEYS = (ROOT / "dk-b2b-it" / "employee_survey.csv", ROOT / "dk-b2b-it-enps" / "responses.csv")


def group(name: str, promoters: int, passives: int, detractors: int, round_: str = "R1"):
    return (
        [{"Afdeling": name, "Runde": round_, "score": 10}] * promoters
        + [{"Afdeling": name, "Runde": round_, "score": 7}] * passives
        + [{"Afdeling": name, "Runde": round_, "score": 0}] * detractors
    )


def hidden(table: pd.DataFrame) -> set[str]:
    return set(table.loc[table["suppression"] != "", "Afdeling"])


def test_one_small_group_hides_the_next_smallest_too():
    answers = pd.DataFrame(
        group("Big", 10, 5, 5)
        + group("Mid", 4, 4, 4)
        + group("Small", 6, 0, 1)
        + group("Tiny", 1, 1, 1)
    )
    table = enps_table(answers)
    rows = table.set_index("Afdeling")
    assert rows.loc["Tiny", "suppression"] == "primary"
    assert rows.loc["Small", "suppression"] == "complementary"  # 7 answers, the smallest shown
    assert rows.loc["Mid", "suppression"] == ""
    assert pd.isna(rows.loc["Small", "nps"]) and pd.isna(rows.loc["Small", "promoters"])
    assert rows.loc["Small", "flag"] == "suppressed"
    assert rows.loc["Small", "n"] == 7  # participation stays visible
    total = rows.loc[TOTAL_LABEL]
    assert total["n"] == 42 and total["promoters"] == 21


def test_two_small_groups_that_together_are_still_small_hide_a_third():
    answers = pd.DataFrame(
        group("A", 5, 5, 5) + group("B", 4, 3, 3) + group("C", 1, 1, 0) + group("D", 1, 0, 1)
    )
    table = enps_table(answers)
    # C (2) and D (2) are hidden; together 4 < 5, so B (10) is hidden as well.
    assert hidden(table) == {"B", "C", "D"}
    assert table.set_index("Afdeling").loc["B", "suppression"] == "complementary"


def test_nothing_is_hidden_when_every_group_is_large_enough():
    answers = pd.DataFrame(group("A", 5, 0, 0) + group("B", 0, 5, 0))
    assert hidden(enps_table(answers)) == set()


def test_a_small_round_hides_everything_in_it():
    answers = pd.DataFrame(group("A", 2, 0, 0, "R1") + group("B", 1, 0, 0, "R1"))
    table = enps_table(answers)
    assert table["nps"].isna().all()
    assert (table["flag"] == "suppressed").all()


def test_rounds_are_separate_sibling_sets_and_total_rows_follow_their_round():
    answers = pd.DataFrame(
        group("A", 5, 0, 0, "R1")
        + group("B", 3, 3, 0, "R1")
        + group("C", 1, 1, 0, "R1")
        + group("A", 5, 0, 0, "R2")
        + group("B", 3, 3, 0, "R2")
        + group("C", 3, 3, 0, "R2")
    )
    table = enps_table(answers)
    assert list(table["Runde"]) == ["R1"] * 4 + ["R2"] * 4
    assert list(table["Afdeling"]) == ["A", "B", "C", TOTAL_LABEL] * 2
    assert hidden(table[table["Runde"] == "R1"]) == {"A", "C"}  # A (5) < B (6)
    assert hidden(table[table["Runde"] == "R2"]) == set()
    assert len(enps_table(answers, total=False)) == 6


def test_without_rounds_all_answers_are_one_round():
    answers = pd.DataFrame(group("A", 6, 0, 0) + group("B", 2, 0, 0))
    table = enps_table(answers, round_column=None)
    assert list(table["Afdeling"]) == ["A", "B", TOTAL_LABEL]
    assert hidden(table) == {"A", "B"}


def test_unknown_columns_are_named():
    answers = pd.DataFrame(group("A", 6, 0, 0))
    with pytest.raises(AnalysisError, match="'Department'"):
        enps_table(answers, by="Department")


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    path = next((p for p in SURVEYS if p.is_file()), None)
    if path is None:
        pytest.skip("the sample eNPS survey is not in sample_data")
    return load_responses(path).answers


def test_sample_okonomi_is_hidden_and_cannot_be_worked_out(survey):
    table = enps_table(survey, by="Afdeling", round_column="Runde", min_group=5)
    for round_, rows in table.groupby("Runde"):
        rows = rows.set_index("Afdeling")
        assert rows.loc["Økonomi", "suppression"] == "primary", round_
        groups = rows.drop(index=TOTAL_LABEL)
        shown = groups[groups["suppression"] == ""]
        concealed = groups[groups["suppression"] != ""]
        assert len(concealed) >= 2
        # What subtraction gives: the total minus every shown group ...
        total = rows.loc[TOTAL_LABEL]
        derived = {
            c: int(total[c]) - int(shown[c].sum()) for c in ("promoters", "passives", "detractors")
        }
        # ... is the hidden groups together, never Økonomi alone.
        truth = survey[(survey["Runde"] == round_) & (survey["Afdeling"] == "Økonomi")]
        okonomi = {
            "promoters": int((truth["score"] >= 9).sum()),
            "passives": int(truth["score"].between(7, 8).sum()),
            "detractors": int((truth["score"] <= 6).sum()),
        }
        assert sum(derived.values()) == int(concealed["n"].sum()) >= 5
        assert sum(derived.values()) > sum(okonomi.values())


# --- What a shown and a hidden row hold (by hand) ---------------------------------------------


def test_shown_rows_carry_their_figures_and_hidden_rows_none():
    # A: 5 promoters, 1 passive, 2 detractors (8), eNPS (5 - 2)/8 = 37.5. B: 6 (3, 3, 0).
    # C: 2 answers, primary; alone under 5, so the smallest shown group, B, is hidden too.
    answers = pd.DataFrame(group("A", 5, 1, 2) + group("B", 3, 3, 0) + group("C", 1, 0, 1))
    rows = enps_table(answers).set_index("Afdeling")
    assert list(rows["suppression"]) == ["", "complementary", "primary", ""]
    a = rows.loc["A"]
    assert (a["n"], a["promoters"], a["passives"], a["detractors"]) == (8, 5, 1, 2)
    assert (a["nps"], a["n_effective"]) == (37.5, 8.0)
    assert a["flag"] == "indicative"  # 8 < SMALL_N = 30
    for name in ("B", "C"):
        row = rows.loc[name]
        assert row["flag"] == "suppressed"
        assert row["n"] == {"B": 6, "C": 2}[name]
        for column in ("promoters", "passives", "detractors"):
            assert pd.isna(row[column]), (name, column)
        for column in ("n_effective", "nps", "se", "ci_low", "ci_high"):
            assert pd.isna(row[column]), (name, column)
    # The round: 9 promoters, 4 passives, 3 detractors of 16: (9 - 3)/16 = 37.5.
    total = rows.loc[TOTAL_LABEL]
    assert (total["n"], total["nps"], total["suppression"]) == (16, 37.5, "")
    assert total["flag"] == "indicative"


@pytest.mark.parametrize("round_column", ["Runde", None])
def test_small_n_and_min_group_reach_the_groups_and_the_total(round_column):
    # A 8 and B 8 answers, 16 in all. small_n 10: groups indicative, the total not;
    # small_n 20: the total too. min_group 9 hides both groups (8 < 9), never the total.
    answers = pd.DataFrame(group("A", 4, 2, 2) + group("B", 2, 2, 4))
    flags = enps_table(answers, round_column=round_column, small_n=10).set_index("Afdeling")
    assert list(flags["flag"]) == ["indicative", "indicative", ""]
    flags = enps_table(answers, round_column=round_column, small_n=20).set_index("Afdeling")
    assert list(flags["flag"]) == ["indicative"] * 3
    strict = enps_table(answers, round_column=round_column, min_group=9).set_index("Afdeling")
    assert list(strict["suppression"]) == ["primary", "primary", ""]
    assert strict.loc[TOTAL_LABEL, "nps"] == pytest.approx(0.0)  # (6 - 6)/16
    lenient = enps_table(answers, round_column=round_column, min_group=8)
    assert set(lenient["suppression"]) == {""}


def test_the_total_row_takes_the_label_given():
    answers = pd.DataFrame(group("A", 6, 0, 0))
    for round_column in ("Runde", None):
        table = enps_table(answers, round_column=round_column, total_label="I alt")
        assert list(table["Afdeling"]) == ["A", "I alt"]


def test_ties_in_size_hide_the_first_group_in_table_order():
    # C (2) is primary; A and B both have 6: the first, A, is hidden with it.
    answers = pd.DataFrame(group("A", 6, 0, 0) + group("B", 0, 0, 6) + group("C", 1, 1, 0))
    assert hidden(enps_table(answers)) == {"A", "C"}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"by": []}, "by= names no group column; give e.g. by='Afdeling'"),
        ({"min_group": 0}, "min_group=0 is not a whole number of answers (1 or more)"),
        ({"min_group": True}, "min_group=True is not a whole number"),
        ({"min_group": 2.5}, "min_group=2.5 is not a whole number"),
        ({"round_column": "Round"}, "The employee answers have no 'Round' column; they have: "),
    ],
)
def test_bad_arguments_are_named(arguments, message):
    answers = pd.DataFrame(group("A", 6, 0, 0))
    with pytest.raises(AnalysisError) as caught:
        enps_table(answers, **arguments)
    assert str(caught.value).startswith(message)
    if "round_column" in arguments:
        assert str(caught.value).endswith("Afdeling, Runde, score")


def test_a_minimum_of_one_answer_hides_nothing():
    answers = pd.DataFrame(group("A", 1, 0, 0) + group("B", 0, 0, 2))
    assert set(enps_table(answers, min_group=1)["suppression"]) == {""}


def test_two_hidden_groups_that_reach_the_minimum_together_hide_no_third():
    # C (2) and D (3) are both primary and hold 5 answers together: neither can be worked
    # out from the total, so A and B stay shown.
    answers = pd.DataFrame(
        group("A", 6, 0, 0) + group("B", 0, 0, 6) + group("C", 1, 1, 0) + group("D", 1, 1, 1)
    )
    assert hidden(enps_table(answers)) == {"C", "D"}


@pytest.mark.parametrize("round_column", ["Runde", None])
def test_a_total_under_the_minimum_is_hidden_too(round_column):
    # 16 answers in all: min_group 20 hides the groups and the round's total.
    answers = pd.DataFrame(group("A", 4, 2, 2) + group("B", 2, 2, 4))
    table = enps_table(answers, round_column=round_column, min_group=20).set_index("Afdeling")
    assert table.loc[TOTAL_LABEL, "suppression"] == "primary"
    assert pd.isna(table.loc[TOTAL_LABEL, "nps"])
    # A small_n below the groups' size: the groups are plain, not indicative.
    plain = enps_table(answers, round_column=round_column, small_n=5)
    assert set(plain["flag"]) == {""}


def test_the_table_has_the_score_columns_and_no_index_column():
    answers = pd.DataFrame(group("A", 6, 0, 0) + group("B", 0, 0, 6))
    for total in (True, False):
        table = enps_table(answers, total=total)
        assert "index" not in table.columns
        assert list(table.index) == list(range(len(table)))
        assert table.columns[:2].tolist() == ["Runde", "Afdeling"]
        assert table.columns[-1] == "suppression"
