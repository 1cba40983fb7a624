"""Relationship and touchpoint answers: which answers the headline NPS is computed on.

A survey export often holds two measurements: the relationship survey (asked of every customer
now and then: "would you recommend us?") and touchpoint surveys (asked after a contact: support,
delivery, invoice). Their scores are not comparable, so where client.yml names the measurement
column (``roles.measurement``) the headline, trend and segments use the relationship answers and
the touchpoint answers are shown per touchpoint; without the column all answers are pooled and the
report says so.

An answer is a relationship answer when its measurement value, case-folded and with the spaces
around it removed, is one of client.yml's ``roles.relationship`` (by default "Relation",
"Relationship", "Relationel", "Relationsmåling" and "Relationship survey"); every other value
(and a missing one) is a touchpoint answer.

Examples
--------
>>> answers = pd.DataFrame({"score": [10, 3, 9], "kind": ["RELATION", "Kontaktpunkt", "relation"]})
>>> config = ClientConfig(client="K", files={"responses": "r.csv"}, roles={"measurement": "kind"})
>>> split = split_measurement(answers, config)
>>> split.population, len(split.relationship), len(split.touchpoint)
('relationship', 2, 1)
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .config import ClientConfig
from .errors import ConfigError

#: ``population`` when the answers hold both measurements and the figures use the relationship
#: answers; and when there is no measurement column and all answers are pooled.
RELATIONSHIP = "relationship"
POOLED = "pooled"


@dataclass(frozen=True)
class MeasurementSplit:
    """The answers the headline figures use, and the rest.

    ``relationship`` are the answers the headline, trend and segments use: the relationship
    answers, or all answers when ``population`` is ``"pooled"``. ``touchpoint`` are the other
    answers (none when pooled); ``column`` is the measurement column (None when pooled).
    """

    population: str
    relationship: pd.DataFrame
    touchpoint: pd.DataFrame
    column: str | None


def _folded(values: pd.Series) -> pd.Series:
    return values.astype("string").str.strip().str.casefold()


def split_measurement(answers: pd.DataFrame, config: ClientConfig) -> MeasurementSplit:
    """Split the answers into relationship and touchpoint answers by ``roles.measurement``.

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers.
    config : ClientConfig
        ``roles.measurement`` names the column; ``roles.relationship`` the values that mark a
        relationship answer.

    Returns
    -------
    MeasurementSplit
        Pooled when client.yml names no measurement column.

    Raises
    ------
    ConfigError
        ``roles.measurement`` is not a column of the answers, or none of its values is one of
        ``roles.relationship`` (the message lists the values found).
    """
    roles = config.roles
    column = roles.measurement
    if column is None:
        return MeasurementSplit(POOLED, answers, answers.iloc[:0], None)
    if column not in answers.columns:
        raise ConfigError(
            f"client.yml: roles.measurement names the column {column!r}, which the answers do not "
            f"have; the columns are: {', '.join(map(str, answers.columns))}."
        )
    wanted = {value.strip().casefold() for value in roles.relationship}
    is_relationship = _folded(answers[column]).isin(wanted).fillna(False).to_numpy(dtype=bool)
    if len(answers) and not is_relationship.any():
        found = sorted(answers[column].dropna().astype(str).unique())
        raise ConfigError(
            f"client.yml: no answer's {column!r} (roles.measurement) is a relationship answer: "
            f"found {', '.join(map(repr, found)) or 'no values'}, expected one of "
            f"roles.relationship ({', '.join(map(repr, roles.relationship))}). Write the value "
            f"that marks a relationship answer under roles.relationship."
        )
    return MeasurementSplit(
        RELATIONSHIP, answers[is_relationship], answers[~is_relationship], column
    )
