"""Exceptions for the mistakes a user can make, one type per kind.

Each message names the file, the row or key, what was found and what was expected, so the CLI can
print it on one line and a notebook can show it without a traceback.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any


class NpsWorkbookError(Exception):
    """Base class for every error the user can fix by changing an input."""


class SurveyFileError(NpsWorkbookError):
    """A survey export cannot be used at all (missing, empty, unreadable, no score column)."""


class ScaleError(SurveyFileError):
    """The answers look like another scale than 0-10 (1-5, 1-10): scored as NPS they would lie."""


class ConfigError(NpsWorkbookError):
    """A configuration file (column mapping, client.yml) is missing, malformed or inconsistent."""


class AnalysisError(NpsWorkbookError):
    """A statistics request the data cannot answer (unknown column, impossible level)."""


def require_columns(
    table: Any, columns: Iterable[Hashable], name: str = "answers", *, why: str | None = None
) -> None:
    """Raise :class:`AnalysisError` unless `table` has every one of `columns`.

    The one check of required columns: the message names the table, every missing column and
    the columns the table has, so a user sees what to add or rename.

    Parameters
    ----------
    table : pandas.DataFrame
        Anything with ``.columns``.
    columns : iterable of column names
        The columns the caller needs, in the order to name them; None for a column a setting
        should name but does not (the message then says no column is named, never "None").
    name : str
        The table in the user's words, as a plural noun: ``"answers"``, ``"customers"``,
        ``"touchpoints"``.
    why : str, optional
        What needs the columns or where they are set, shown in brackets after them.

    Raises
    ------
    AnalysisError
        At least one column is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> answers = pd.DataFrame({"score": [9], "comment": ["ok"]})
    >>> require_columns(answers, ["score", "date", "response_id"], why="needed by the loops")
    Traceback (most recent call last):
    ...
    nps_workbook.errors.AnalysisError: The answers have no 'date' or 'response_id' column (needed by the loops); they have: score, comment
    >>> require_columns(answers, [None], why="roles.touchpoint in client.yml")
    Traceback (most recent call last):
    ...
    nps_workbook.errors.AnalysisError: No column of the answers is named (roles.touchpoint in client.yml); they have: score, comment
    """  # noqa: E501
    present = set(table.columns)
    columns = list(columns)
    missing = [column for column in columns if column is not None and column not in present]
    unnamed = any(column is None for column in columns)
    if not missing and not unnamed:
        return
    reason = f" ({why})" if why else ""
    found = f"they have: {', '.join(map(str, table.columns))}" if present else "they have none"
    if not missing:
        raise AnalysisError(f"No column of the {name} is named{reason}; {found}")
    names = [repr(column) for column in missing]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    raise AnalysisError(f"The {name} have no {listed} column{reason}; {found}")
