"""Maturity self-test: the questionnaire, the 80 % rule and the next steps."""

from __future__ import annotations

import pytest

from nps_workbook.config import ClientConfig
from nps_workbook.errors import ConfigError
from nps_workbook.maturity import LEVELS, STATEMENTS, assess, questionnaire
from nps_workbook.texts import labels


def yes_up_to(level: int) -> dict[str, bool]:
    return {s.id: s.level <= level for s in STATEMENTS}


def ids(level: int) -> list[str]:
    return [s.id for s in STATEMENTS if s.level == level]


def test_every_level_has_statements_with_texts_in_both_languages():
    assert len({s.id for s in STATEMENTS}) == len(STATEMENTS)
    for level in LEVELS:
        assert len(ids(level)) >= 3, level
    texts = {k for k in labels() if k.startswith("maturity.statement.")}
    assert texts == {f"maturity.statement.{s.id}" for s in STATEMENTS}
    for language in ("da", "en"):
        table = questionnaire(language)
        assert len(table) == len(STATEMENTS)
        assert table["statement"].str.len().gt(10).all()


def test_the_method_marks_levels_three_and_four():
    assert {"customer_ambassador", "measured_continuously", "subjective_truth"} <= set(ids(3))
    assert {"journey_mapped", "inner_loop", "huddles", "three_loops"} <= set(ids(4))


def test_nothing_met_is_level_zero_with_level_one_as_next_steps():
    result = assess({})
    assert result.level == 0
    assert [s.id for s in result.next_steps] == ids(1)
    assert len(result.unanswered) == len(STATEMENTS)


def test_everything_met_is_level_five():
    result = assess(yes_up_to(5))
    assert result.level == 5
    assert result.next_steps == ()
    assert result.gaps == ()


def test_a_level_is_reached_at_eighty_percent():
    answers = yes_up_to(2)
    level3 = ids(3)  # six statements: 5 of 6 = 83 % reaches, 4 of 6 = 67 % does not
    answers.update({i: True for i in level3[:5]})
    result = assess(answers)
    assert result.level == 3
    assert result.shares[3] == pytest.approx(5 / 6)
    assert [s.id for s in result.gaps] == [level3[5]]
    assert [s.id for s in result.next_steps] == ids(4)

    answers[level3[4]] = False
    result = assess(answers)
    assert result.level == 2
    assert [s.id for s in result.next_steps] == level3[4:]


def test_a_gap_below_stops_the_climb():
    answers = yes_up_to(5)
    answers[ids(1)[0]] = False  # level 1 at 2 of 3
    result = assess(answers)
    assert result.level == 0
    assert result.shares[4] == 1.0


def test_an_unknown_statement_is_named_with_the_valid_ones():
    with pytest.raises(ConfigError, match=r"'huddle'.*huddles"):
        assess({"huddle": True})


def test_an_answer_must_be_yes_or_no():
    with pytest.raises(ConfigError, match="nps_measured"):
        assess({"nps_measured": "yes"})


def test_answers_from_client_yml():
    config = ClientConfig.model_validate(
        {"client": "X", "files": {"responses": "r.csv"}, "maturity": yes_up_to(3)}
    )
    result = assess(config.maturity)
    assert result.level == 3
    assert result.level_name("da") == "Niveau 3: Operationel"
    assert result.table("en")["reached"].tolist() == [True, True, True, False, False]
