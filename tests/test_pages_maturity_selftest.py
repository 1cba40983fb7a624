"""The maturity self-test page (notebook 00): its texts, questionnaire and key figures, checked
against counts made by hand from the statements in maturity.py."""

from __future__ import annotations

import pytest

from nps_workbook.config import ClientConfig
from nps_workbook.maturity import STATEMENTS
from nps_workbook.pages import maturity_selftest as selftest
from nps_workbook.texts import label

# Levels 1 and 2 met in full (3 + 4 statements), level 3 four of six (67 %: not reached), one
# statement of level 3 answered "no", the rest unanswered.
LEVEL_1_2 = [s.id for s in STATEMENTS if s.level <= 2]
LEVEL_3 = [s.id for s in STATEMENTS if s.level == 3]
ANSWERS = dict.fromkeys(LEVEL_1_2, True) | dict.fromkeys(LEVEL_3[:4], True) | {LEVEL_3[4]: False}


def config(**settings) -> ClientConfig:
    base = {"client": "Kvistholm", "files": {"responses": "r.csv"}}
    return ClientConfig.model_validate(base | settings)


def test_answers_come_from_the_parameter_else_client_yml():
    assert selftest.build(config(maturity={"customer_list": True})).answers == {
        "customer_list": True
    }
    assert selftest.build(config(maturity={"customer_list": True}), {}).result is None
    page = selftest.build(config(), ANSWERS)
    assert page.result.level == 2 and page.met == 11


def test_without_answers_the_page_says_what_is_not_measured_and_the_note_how_to_record():
    page = selftest.build(config())
    assert page.result is None
    text = selftest.no_answers_text(page, "en")
    assert "Kvistholm" in text and "not taken yet" in text and "client.yml" not in text
    (note,) = selftest.notes(page, "en")
    assert "`maturity:`" in note.text and "checkboxes" in note.text
    assert selftest.answers_table(page, "en") is None  # one sentence, not 25 "no answer" rows
    assert selftest.level_texts(page, "en") == ()
    assert selftest.next_step_texts(page.result, "en") == ()
    assert selftest.gap_texts(page.result, "en") == ()
    assert selftest.key_figures(page) == {"maturity_answered": 0, "maturity_level": None}


def test_level_texts_count_met_and_unanswered():
    page = selftest.build(config(), ANSWERS)
    assert selftest.no_answers_text(page, "da") == ""
    level, unanswered = selftest.level_texts(page, "da")
    assert level == label(
        "maturity.report.level",
        "da",
        client="Kvistholm",
        level=label("maturity.level.2", "da"),
        met=11,
        total=25,
    )
    assert unanswered.startswith(f"{25 - 12} ")  # 12 of the 25 statements were answered


def test_next_steps_are_the_unmet_statements_of_the_next_level():
    page = selftest.build(config(), ANSWERS)
    heading, steps = selftest.next_step_texts(page.result, "en")
    assert label("maturity.level.3", "en") in heading
    unmet = [s for s in STATEMENTS if s.level == 3 and not ANSWERS.get(s.id)]
    assert steps == "\n".join(f"- {s.text('en')}" for s in unmet)
    assert selftest.gap_texts(page.result, "en") == ()  # levels 1 and 2 are met in full


def test_the_top_level_has_no_next_steps():
    page = selftest.build(config(), {s.id: True for s in STATEMENTS})
    assert selftest.next_step_texts(page.result, "en") == (label("maturity.report.top", "en"),)


def test_gaps_below_the_level_reached():
    # Level 3 needs 80 % of six statements, so five: reached with the sixth as its one gap.
    answers = dict.fromkeys(LEVEL_1_2 + LEVEL_3[:5], True)
    page = selftest.build(config(), answers)
    assert page.result.level == 3
    heading, gaps = selftest.gap_texts(page.result, "en")
    assert heading == label("maturity.report.gaps", "en")
    assert gaps == f"- {label(f'maturity.statement.{LEVEL_3[5]}', 'en')}"


@pytest.mark.parametrize("language", ["da", "en"])
def test_questionnaire_lists_every_statement_with_the_answer_on_record(language):
    table = selftest.questionnaire_table(selftest.build(config(), ANSWERS), language)
    frame = table.frame
    assert list(frame.columns) == ["level_name", "statement", "id", "answer"]
    assert list(frame["id"]) == [s.id for s in STATEMENTS]
    answer = dict(zip(frame["id"], frame["answer"], strict=True))
    assert answer[LEVEL_3[0]] == label("maturity.answer.yes", language)
    assert answer[LEVEL_3[4]] == label("maturity.answer.no", language)
    assert answer[LEVEL_3[5]] == label("maturity.answer.none", language)
    assert table.headers["id"] == label("maturity.table.id", language)


def test_the_clients_answers_table_has_no_client_yml_keys():
    page = selftest.build(config(), ANSWERS)
    table = selftest.answers_table(page, "da")
    assert list(table.frame.columns) == ["level_name", "statement", "answer"]
    assert len(table.frame) == len(STATEMENTS)
    assert label("maturity.table.id", "da") not in table.headers.values()
    assert selftest.notes(page, "da") == ()


def test_key_figures_by_hand():
    figures = selftest.key_figures(selftest.build(config(), ANSWERS))
    assert figures["maturity_answered"] == 12 and figures["maturity_level"] == 2
    assert figures["maturity_shares"][3] == pytest.approx(4 / 6)
    assert figures["maturity_next_steps"] == LEVEL_3[4:]
    assert figures["maturity_gaps"] == []


def test_ticked_boxes_are_assessed_as_answers():
    assert selftest.assess_ticked(dict.fromkeys(LEVEL_1_2, 1)).level == 2
    result = selftest.assess_ticked({})
    assert selftest.result_text(result, "en") == label(
        "maturity.result", "en", level=result.level_name("en")
    )
