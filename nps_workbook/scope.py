"""A report's scope: the answers of one department, person or region ("Afdeling=Support").

A scope is one or more conditions ``COLUMN=VALUE`` that all hold (AND). ``batch --scope`` makes
one report of a scope, ``batch --per COLUMN`` one report per value of a column; the notebooks
take the same as their ``scope`` parameter. Values are compared as text, as the segment tables
show them; an answer without a value is in no scope.

Privacy follows the segment tables' rules (client.yml's ``privacy.min_group``): a scope whose
headline has fewer answers than the min group gets no figures, only a sentence; and with
``--per``, where the company report shows the total, the values' reports partition it, so one
hidden value could be derived by subtracting the others from the total. The complementary
suppression of :func:`enps.enps_table` decides which further values are hidden.

Examples
--------
>>> scope = parse_scope(["Afdeling=Support", "Region = Syd"])
>>> scope.label, scope.folder
('Afdeling=Support, Region=Syd', 'afdeling=support+region=syd')
>>> answers = pd.DataFrame({"score": [9, 3, 10], "Afdeling": ["Support", "Salg", "Support"]})
>>> len(parse_scope("Afdeling=Support").select(answers))
2
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .config import ClientConfig
from .enps import PRIMARY, enps_table
from .errors import ConfigError
from .measurement import split_measurement
from .period import ReportPeriod
from .scaffold import client_slug
from .score import DATE_COLUMN

#: The sub-folder of a client's output folder that holds its scope reports.
SCOPES_FOLDER = "scopes"
#: How one condition is written, as messages name it.
FORM = "COLUMN=VALUE, e.g. Afdeling=Support"


class ScopeError(ConfigError):
    """A scope that is not written as COLUMN=VALUE, names an unknown column or value, or is
    too small to report on."""


@dataclass(frozen=True)
class Scope:
    """The answers where every ``(column, value)`` of ``conditions`` holds."""

    conditions: tuple[tuple[str, str], ...]

    @property
    def label(self) -> str:
        """The scope as reports and index.html name it: "Afdeling=Support, Region=Syd"."""
        return ", ".join(f"{column}={value}" for column, value in self.conditions)

    @property
    def folder(self) -> str:
        """A safe folder name for the scope's report: each column and value as a client
        folder's name is made (:func:`scaffold.client_slug`), "column=value" joined by "+"."""
        return "+".join(
            f"{client_slug(column, max_length=40)}={client_slug(value, max_length=40)}"
            for column, value in self.conditions
        )

    def texts(self) -> list[str]:
        """The conditions as ``COLUMN=VALUE`` texts (the notebooks' ``scope`` parameter)."""
        return [f"{column}={value}" for column, value in self.conditions]

    def and_(self, column: str, value: str) -> Scope:
        """This scope and one more condition."""
        return Scope((*self.conditions, (column, value)))

    def mask(self, answers: pd.DataFrame) -> np.ndarray:
        """Which answers are in the scope.

        Raises
        ------
        ScopeError
            A column the answers do not have (listing those they have), or a value the column
            never holds (listing those it does).
        """
        keep = np.ones(len(answers), dtype=bool)
        for column, value in self.conditions:
            text = column_values(answers, column)
            if not (text == value).any():
                found = sorted(text.dropna().unique())
                raise ScopeError(
                    f"scope {column}={value}: the column {column!r} has no value {value!r}; "
                    f"the values found are: {', '.join(found) or 'none'}"
                )
            keep &= (text == value).fillna(False).to_numpy(dtype=bool)
        return keep

    def select(self, answers: pd.DataFrame) -> pd.DataFrame:
        """The answers in the scope (see :meth:`mask`)."""
        return answers[self.mask(answers)]


def column_values(answers: pd.DataFrame, column: str) -> pd.Series:
    """A column's values as text (missing stays missing).

    Raises
    ------
    ScopeError
        The answers have no such column; the message lists the columns they have.
    """
    if column not in answers.columns:
        raise ScopeError(
            f"scope: the answers have no column {column!r}; they have: "
            f"{', '.join(map(str, answers.columns))}"
        )
    values = answers[column]
    return values.astype(str).astype("string").where(values.notna().to_numpy(dtype=bool))


def _condition(text: str) -> tuple[str, str]:
    column, equals, value = str(text).partition("=")
    column, value = column.strip(), value.strip()
    if not equals or not column or not value:
        raise ScopeError(f"scope {str(text)!r} is not a condition; expected {FORM}")
    return column, value


def parse_scope(texts: str | Iterable[str] | Scope | None) -> Scope | None:
    """The scope written as ``COLUMN=VALUE`` texts (one, or several that all hold); None or no
    text: no scope (the whole company).

    Raises
    ------
    ScopeError
        A text without "=", or with nothing before or after it.
    """
    if texts is None or isinstance(texts, Scope):
        return texts
    if isinstance(texts, str):
        texts = [texts]
    conditions = tuple(dict.fromkeys(_condition(text) for text in texts))
    return Scope(conditions) if conditions else None


def headline_answers(
    answers: pd.DataFrame, config: ClientConfig, period: ReportPeriod | None = None
) -> pd.DataFrame:
    """The answers a report's headline NPS is computed on: the relationship answers
    (:func:`measurement.split_measurement`), of `period` when one is given. Their number
    decides whether a scope is too small."""
    scored = split_measurement(answers, config).relationship
    if period is None:
        return scored
    if DATE_COLUMN not in scored.columns:
        return scored.iloc[:0]
    return scored[period.holds(scored[DATE_COLUMN]).fillna(False).to_numpy(dtype=bool)]


@dataclass(frozen=True)
class ScopeSize:
    """A scope with the number of answers its headline has, and why it is hidden:
    "" (shown), "primary" (fewer than the min group) or "complementary" (hidden so that
    another hidden value cannot be derived from the company report)."""

    scope: Scope
    n: int
    suppression: str = ""

    @property
    def hidden(self) -> bool:
        return bool(self.suppression)


def scope_size(
    answers: pd.DataFrame,
    config: ClientConfig,
    scope: Scope,
    period: ReportPeriod | None = None,
) -> ScopeSize:
    """How many headline answers `scope` has, hidden ("primary") below the min group.

    The scope is chosen on all answers, then the headline's are counted, so a scope of
    touchpoint answers only is a scope with no headline answers, not a client.yml mistake.
    """
    mask = scope.mask(answers)  # checks the columns and values first
    selected = answers.assign(_in_scope=mask)
    n = int(headline_answers(selected, config, period)["_in_scope"].sum())
    return ScopeSize(scope, n, PRIMARY if n < config.privacy.min_group else "")


def per_value(
    answers: pd.DataFrame,
    config: ClientConfig,
    column: str,
    *,
    within: Scope | None = None,
    period: ReportPeriod | None = None,
) -> list[ScopeSize]:
    """One scope per value of `column` (within the scope `within`), sorted by value, each
    with its headline size and suppression.

    The values partition the headline's answers, whose total another report shows: a value
    below the min group is hidden ("primary"), and :func:`enps.enps_table`'s complementary
    suppression hides the smallest further values until no hidden one can be derived by
    subtraction. Answers without a value form a group of their own in that count (it has no
    report, but its size is what a reader could subtract).

    Raises
    ------
    ScopeError
        `column` is not a column of the answers, or `within` names an unknown column or value.
    """
    base = within or Scope(())
    text = column_values(answers, column)
    selected = base.select(answers) if base.conditions else answers
    headline = headline_answers(selected.assign(_value=text[selected.index]), config, period)
    values = sorted(text[selected.index].dropna().unique())
    if headline.empty:
        return [ScopeSize(base.and_(column, v), 0, PRIMARY) for v in values]
    table = enps_table(
        headline, by="_value", round_column=None, min_group=config.privacy.min_group, total=False
    )
    found = {str(row["_value"]): (int(row["n"]), row["suppression"]) for _, row in table.iterrows()}
    # A value whose answers are all touchpoint answers has no headline answers: n 0, hidden.
    return [ScopeSize(base.and_(column, v), *found.get(v, (0, PRIMARY))) for v in values]


def unique_folders(scopes: Sequence[Scope]) -> dict[Scope, str]:
    """Each scope's folder name (:attr:`Scope.folder`); two scopes whose names would be equal
    ("Jens Hansen" and "jens hansen") both get a short hash of their exact text added."""
    counts: dict[str, int] = {}
    for scope in scopes:
        counts[scope.folder] = counts.get(scope.folder, 0) + 1
    return {
        scope: scope.folder
        if counts[scope.folder] == 1
        else f"{scope.folder}-{hashlib.sha256(scope.label.encode()).hexdigest()[:8]}"
        for scope in scopes
    }
