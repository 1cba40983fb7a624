"""The maturity self-test page (notebook 00): the level the client reaches, what the next level
asks, the gaps below it, and the questionnaire with the answers on record; and the callback of
the live checkboxes (:func:`assess_ticked`).

Texts in ``texts/pages/maturity_selftest.yml`` (level names and statements in
``texts/maturity.yml``); the figure is :func:`nps_workbook.charts.figures.maturity_chart`.

Examples
--------
>>> from nps_workbook.maturity import STATEMENTS
>>> from nps_workbook.config import ClientConfig
>>> config = ClientConfig(client="Kvistholm", files={"responses": "responses.csv"})
>>> page = build(config, {s.id: True for s in STATEMENTS if s.level <= 2})
>>> print(level_texts(page, "en")[0])
Kvistholm stands at **Level 2: Aware**: 7 of 25 statements are met.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..config import ClientConfig
from ..maturity import STATEMENTS, MaturityResult, Statement, assess, questionnaire
from ..texts import label
from .note import Note, note
from .table import Table

#: The questionnaire's columns as the page shows them.
QUESTIONNAIRE_COLUMNS = ("level_name", "statement", "id", "answer")


@dataclass(frozen=True)
class MaturitySelftest:
    """What the self-test page shows: the answers on record and, when there are any, the
    assessed :class:`~nps_workbook.maturity.MaturityResult` (None without answers)."""

    client: str
    answers: Mapping[str, bool]
    result: MaturityResult | None

    @property
    def met(self) -> int:
        """Statements answered yes."""
        return sum(bool(self.answers.get(s.id)) for s in STATEMENTS)


def build(config: ClientConfig, answers: Mapping[str, bool] | None = None) -> MaturitySelftest:
    """The self-test of a client from its answers (statement id -> yes/no).

    Parameters
    ----------
    config : ClientConfig
        The client's name, and client.yml's ``maturity:`` answers.
    answers : mapping of str to bool, or None
        The notebook's ``answers`` parameter; None: client.yml's. Empty: no answers yet, so
        no level.

    Raises
    ------
    ConfigError
        An unknown statement id or an answer that is not yes/no (see :func:`maturity.assess`).
    """
    given = dict(config.maturity if answers is None else answers)
    return MaturitySelftest(
        client=config.client, answers=given, result=assess(given) if given else None
    )


def no_answers_text(page: MaturitySelftest, language: str) -> str:
    """Markdown when no answer is recorded (what the test would show); "" otherwise."""
    if page.result is not None:
        return ""
    return label("maturity.report.no_answers", language, client=page.client)


def notes(page: MaturitySelftest, language: str) -> tuple[Note, ...]:
    """The consultant's note when no answer is recorded: how to record them."""
    return () if page.result is not None else (note("maturity.note.no_answers", language),)


def level_texts(page: MaturitySelftest, language: str) -> tuple[str, ...]:
    """Markdown: the level reached with how many statements are met, and how many are
    unanswered (those count as not met); none without answers."""
    result = page.result
    if result is None:
        return ()
    key = "maturity.report.level" if result.level else "maturity.report.level_0"
    level = label(f"maturity.level.{max(result.level, 1)}", language)
    texts = [
        label(key, language, client=page.client, level=level, met=page.met, total=len(STATEMENTS))
    ]
    if result.unanswered:
        texts.append(label("maturity.report.unanswered", language, count=len(result.unanswered)))
    return tuple(texts)


def steps_text(statements: Sequence[Statement], language: str) -> str:
    """Statements as a Markdown bullet list in `language` (next steps, gaps).

    Examples
    --------
    >>> from nps_workbook.maturity import STATEMENTS
    >>> print(steps_text(STATEMENTS[:2], "en"))
    - Customer complaints are registered and answered.
    - We keep an up-to-date list of our customers and their contact persons.
    """
    return "\n".join(f"- {statement.text(language)}" for statement in statements)


def next_step_texts(result: MaturityResult | None, language: str) -> tuple[str, ...]:
    """Markdown: what the next level asks (its heading and the unmet statements), or that the
    top is reached; none without answers."""
    if result is None:
        return ()
    if not result.next_steps:
        return (label("maturity.report.top", language),)
    following = label(f"maturity.level.{result.level + 1}", language)
    return (
        label("maturity.report.next_steps", language, level=following),
        steps_text(result.next_steps, language),
    )


def gap_texts(result: MaturityResult | None, language: str) -> tuple[str, ...]:
    """Markdown: the unmet statements at or below the level reached, with their heading."""
    if result is None or not result.gaps:
        return ()
    return (label("maturity.report.gaps", language), steps_text(result.gaps, language))


def answers_table(page: MaturitySelftest, language: str) -> Table | None:
    """The client's answers: every statement with its level and the answer on record; None
    when nothing is answered (the page says so in one sentence instead)."""
    if page.result is None:
        return None
    table = questionnaire_table(page, language)
    shown = [c for c in QUESTIONNAIRE_COLUMNS if c != "id"]
    return Table(table.frame[shown], headers={c: table.headers[c] for c in shown})


def questionnaire_table(page: MaturitySelftest, language: str) -> Table:
    """The consultant's questionnaire: every statement with its level, the key client.yml takes
    and the answer on record (a cell tagged ``consultant`` shows it; no report does)."""
    answer = {
        True: label("maturity.answer.yes", language),
        False: label("maturity.answer.no", language),
    }
    unanswered = label("maturity.answer.none", language)
    sheet = questionnaire(language)
    sheet["answer"] = [answer.get(page.answers.get(key), unanswered) for key in sheet["id"]]
    headers = {c: label(f"maturity.table.{c}", language) for c in QUESTIONNAIRE_COLUMNS}
    return Table(sheet[list(QUESTIONNAIRE_COLUMNS)], headers=headers)


def key_figures(page: MaturitySelftest) -> dict[str, Any]:
    """The figures to record: answers given, the level and, with answers, the share met per
    level and the ids of the next steps and gaps."""
    result = page.result
    figures: dict[str, Any] = {
        "maturity_answered": len(page.answers),
        "maturity_level": None if result is None else result.level,
    }
    if result is not None:
        figures |= {
            "maturity_shares": result.shares,
            "maturity_next_steps": [s.id for s in result.next_steps],
            "maturity_gaps": [s.id for s in result.gaps],
        }
    return figures


# --- The live checkboxes' callback ----------------------------------------------------------


def assess_ticked(ticked: Mapping[str, bool]) -> MaturityResult:
    """The self-test recomputed from the checkboxes: statement id -> ticked; statements left
    out count as not met.

    Examples
    --------
    >>> assess_ticked({"complaints_answered": True, "customer_list": True}).level
    0
    """
    return assess({key: bool(value) for key, value in ticked.items()})


def result_text(result: MaturityResult, language: str) -> str:
    """The level in one line, as the live checkboxes show it."""
    return label("maturity.result", language, level=result.level_name(language))
