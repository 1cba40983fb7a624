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
from .score import CONFIDENCE, DATE_COLUMN, MIN_GROUP, SMALL_N, nps_table
from .texts import format_number, label

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

    def until(self, day: object) -> MeasurementSplit:
        """The split of the answers dated up to and including `day` (a report as it looked
        then); unchanged without a date column. Split first, then cut: a day before the first
        relationship answer is a report with none, not a client.yml mistake."""
        if DATE_COLUMN not in self.relationship.columns:
            return self
        end = pd.Timestamp(day).normalize() + pd.Timedelta(days=1)
        relationship, touchpoint = (
            frame[frame[DATE_COLUMN] < end] for frame in (self.relationship, self.touchpoint)
        )
        return MeasurementSplit(self.population, relationship, touchpoint, self.column)


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


def sort_groups(table: pd.DataFrame) -> pd.DataFrame:
    """A table of groups from the highest NPS to the lowest; hidden groups (no NPS) last."""
    return table.sort_values("nps", ascending=False, na_position="last", kind="stable").reset_index(
        drop=True
    )


def touchpoint_nps(
    split: MeasurementSplit,
    touchpoint_column: str | None,
    *,
    min_group: int | None = MIN_GROUP,
    small_n: int = SMALL_N,
    confidence: float = CONFIDENCE,
) -> pd.DataFrame | None:
    """The touchpoint (transactional) NPS per touchpoint of the touchpoint answers.

    Parameters
    ----------
    split : MeasurementSplit
    touchpoint_column : str or None
        ``roles.touchpoint``.
    min_group, small_n, confidence
        As in :func:`score.nps_table` (the privacy of client.yml).

    Returns
    -------
    pandas.DataFrame or None
        :func:`score.nps_table` of ``split.touchpoint`` by `touchpoint_column`, from the
        highest NPS to the lowest (:func:`sort_groups`); None when the answers are pooled or
        have no such column.

    Examples
    --------
    >>> answers = pd.DataFrame({"score": [10, 3, 9, 2], "kind": ["Relation", "TP", "TP", "TP"],
    ...                         "tp": [None, "Web", "Web", "Shop"]})
    >>> config = ClientConfig(client="K", files={"responses": "r.csv"},
    ...                       roles={"measurement": "kind", "touchpoint": "tp"})
    >>> table = touchpoint_nps(split_measurement(answers, config), "tp", min_group=1)
    >>> table[["tp", "n", "nps"]].values.tolist()
    [['Web', 2, 0.0], ['Shop', 1, -100.0]]
    """
    if split.population != RELATIONSHIP or touchpoint_column not in split.touchpoint.columns:
        return None
    table = nps_table(
        split.touchpoint,
        by=touchpoint_column,
        min_group=min_group,
        small_n=small_n,
        confidence=confidence,
    )
    return sort_groups(table)


def population_text(
    split: MeasurementSplit, language: str, *, key: str, touchpoint_n: int | None = None
) -> str:
    """Which answers a page's figures are computed on, in one sentence.

    With a measurement column each page says its own population in its own sentence `key`
    (the NPS page and the money page the relationship answers, the journey the touchpoint
    answers, the loops all answers); its fields are ``n`` (relationship answers),
    ``touchpoint_n``, ``all_n`` and ``column``. Without the column every page says the same
    thing: all answers are pooled (``measurement.population.pooled``).

    Parameters
    ----------
    split : MeasurementSplit
        The answers the page used (cut at its report day).
    language : {"da", "en"}
    key : str
        The page's sentence for relationship and touchpoint answers apart.
    touchpoint_n : int, optional
        How many of the answers are touchpoint answers; default ``len(split.touchpoint)``.

    Examples
    --------
    >>> answers = pd.DataFrame({"score": [10, 3, 9]})
    >>> pooled = split_measurement(answers, ClientConfig(client="K", files={"responses": "r"}))
    >>> population_text(pooled, "en", key="money.population.relationship")[:26]
    'All 3 answers are pooled: '
    """
    if split.population == POOLED:
        return label(
            "measurement.population.pooled",
            language,
            n=format_number(len(split.relationship), language),
        )
    touchpoints = len(split.touchpoint) if touchpoint_n is None else touchpoint_n
    relationship = len(split.relationship)
    return label(
        key,
        language,
        n=format_number(relationship, language),
        column=split.column,
        touchpoint_n=format_number(touchpoints, language),
        all_n=format_number(relationship + touchpoints, language),
    )


def population_caption(split: MeasurementSplit, language: str, *, answers: str) -> str:
    """The population of a figure, for its title: "Relationship answers, n = 1,174".

    Parameters
    ----------
    split : MeasurementSplit
    language : {"da", "en"}
    answers : {"relationship", "touchpoint", "all"}
        Which of the split's answers the figure draws; pooled answers are always all of them.

    Examples
    --------
    >>> answers = pd.DataFrame({"score": [10, 3, 9], "kind": ["Relation", "TP", "Relation"]})
    >>> config = ClientConfig(client="K", files={"responses": "r"}, roles={"measurement": "kind"})
    >>> population_caption(split_measurement(answers, config), "en", answers="touchpoint")
    'Touchpoint answers, n = 1'
    """
    if split.population == POOLED:
        key, n = "pooled", len(split.relationship)
    else:
        frames = {
            "relationship": (split.relationship,),
            "touchpoint": (split.touchpoint,),
            "all": (split.relationship, split.touchpoint),
        }
        key, n = answers, sum(len(frame) for frame in frames[answers])
    return label(f"measurement.caption.{key}", language, n=format_number(n, language))
