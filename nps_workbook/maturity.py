"""The maturity self-test (kundefokusniveauer): where a firm stands, and what the next level asks.

Five levels of customer-focus maturity, each with a few statements a firm answers yes or no.
Levels 3 (operational) and 4 (tactical) follow the method's own marks; level 1 (reactive),
2 (aware) and 5 (strategic) extend the scale below and above them with the same logic:
measure, then act on each customer, then change processes, then steer the business by it.

The statements' ids and levels live here; their Danish and English texts in
``texts/maturity.yml`` (``maturity.statement.<id>``), the level names there as well
(``maturity.level.<n>``).

Scoring: a level is reached when at least ``REACHED_SHARE`` (80 %) of its statements are met
and every lower level is reached; the firm's level is the highest level reached (0 when not
even level 1 is). The next steps are the unmet statements of the next level; the gaps are
the unmet statements at or below the level reached. An unanswered statement counts as not
met. Answers come from client.yml's ``maturity:`` section or from workshop widgets, as a
mapping of statement id to yes/no. Nothing here reads files or prints.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .errors import ConfigError
from .texts import label

#: Share of a level's statements that must be met for the level to be reached.
REACHED_SHARE = 0.8
#: The levels, lowest first.
LEVELS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Statement:
    """One statement of the self-test."""

    id: str
    level: int

    def text(self, language: str) -> str:
        return label(f"maturity.statement.{self.id}", language)


#: The questionnaire, in the order it is asked.
STATEMENTS: tuple[Statement, ...] = tuple(
    Statement(id_, level)
    for level, ids in (
        (1, ("complaints_answered", "customer_list", "asks_sometimes")),
        (2, ("nps_measured", "why_asked", "results_shared", "cx_owner")),
        (
            3,
            (
                "on_agenda",
                "customer_ambassador",
                "detractors_followed_up",
                "measured_continuously",
                "subjective_truth",
                "detractors_passives_falling",
            ),
        ),
        (
            4,
            (
                "journey_mapped",
                "touchpoints_measured",
                "money_and_kpis",
                "inner_loop",
                "huddles",
                "three_loops",
                "upsell_and_referrals",
            ),
        ),
        (
            5,
            (
                "strategy_and_board",
                "incentives",
                "employee_nps",
                "designed_with_customers",
                "earned_growth",
            ),
        ),
    )
    for id_ in ids
)

_BY_ID = {s.id: s for s in STATEMENTS}


@dataclass(frozen=True)
class MaturityResult:
    """The outcome of the self-test.

    Attributes
    ----------
    level : int
        Highest level reached, 0..5.
    shares : dict of int to float
        Share of each level's statements met.
    next_steps : tuple of Statement
        Unmet statements of the next level (empty at level 5).
    gaps : tuple of Statement
        Unmet statements at or below the level reached.
    unanswered : tuple of str
        Ids of statements without an answer (counted as not met).
    """

    level: int
    shares: Mapping[int, float]
    next_steps: tuple[Statement, ...]
    gaps: tuple[Statement, ...]
    unanswered: tuple[str, ...]

    def level_name(self, language: str) -> str:
        return label(f"maturity.level.{self.level}", language)

    def table(self, language: str) -> pd.DataFrame:
        """Per level: its name, the share met and whether it is reached."""
        return pd.DataFrame(
            {
                "level": list(LEVELS),
                "name": [label(f"maturity.level.{n}", language) for n in LEVELS],
                "share_met": [self.shares[n] for n in LEVELS],
                "reached": [n <= self.level for n in LEVELS],
            }
        )


def questionnaire(language: str) -> pd.DataFrame:
    """The statements to ask: ``id``, ``level``, ``level_name``, ``statement``.

    Examples
    --------
    >>> questionnaire("en").iloc[0]["statement"]
    'Customer complaints are registered and answered.'
    """
    return pd.DataFrame(
        {
            "id": [s.id for s in STATEMENTS],
            "level": [s.level for s in STATEMENTS],
            "level_name": [label(f"maturity.level.{s.level}", language) for s in STATEMENTS],
            "statement": [s.text(language) for s in STATEMENTS],
        }
    )


def assess(answers: Mapping[str, bool]) -> MaturityResult:
    """Score the self-test into a level, with next steps.

    Parameters
    ----------
    answers : mapping of str to bool
        Statement id to met (True) or not (False), e.g. ``ClientConfig.maturity``.

    Returns
    -------
    MaturityResult

    Raises
    ------
    ConfigError
        For an id that is not a statement (naming it and listing the valid ids) or an
        answer that is not yes/no.

    Examples
    --------
    >>> yes = {s.id: True for s in STATEMENTS if s.level <= 2}
    >>> assess(yes).level
    2
    """
    for key, value in answers.items():
        if key not in _BY_ID:
            raise ConfigError(
                f"maturity: unknown statement {key!r}; valid statements are: {', '.join(_BY_ID)}"
            )
        if not isinstance(value, bool):
            raise ConfigError(f"maturity.{key}: expected yes or no (true/false), found {value!r}")
    met = {s.id: bool(answers.get(s.id, False)) for s in STATEMENTS}
    shares = {
        level: sum(met[s.id] for s in STATEMENTS if s.level == level)
        / sum(1 for s in STATEMENTS if s.level == level)
        for level in LEVELS
    }
    reached = 0
    for level in LEVELS:
        if shares[level] + 1e-12 < REACHED_SHARE:
            break
        reached = level
    next_steps = tuple(s for s in STATEMENTS if s.level == reached + 1 and not met[s.id])
    gaps = tuple(s for s in STATEMENTS if s.level <= reached and not met[s.id])
    unanswered = tuple(s.id for s in STATEMENTS if s.id not in answers)
    return MaturityResult(reached, shares, next_steps, gaps, unanswered)
