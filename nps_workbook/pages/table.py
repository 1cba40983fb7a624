"""A table as a page shows it: a plain DataFrame, how each column is formatted, its headers.

``Workbook.table`` turns it into the styled HTML a notebook displays, in the client's
language and currency; tests read ``frame`` directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

#: The column formats a table knows (``Workbook.table``'s keyword arguments).
FORMATS = ("nps", "percent", "number", "money", "dates")


@dataclass(frozen=True)
class Table:
    """A page's table.

    ``frame`` holds the values (numbers stay numbers); ``formats`` maps a format of
    :data:`FORMATS` to the columns shown in it (NPS with its sign, shares 0..1 as percent,
    counts, amounts in the client's currency, dates as the client writes them); other columns
    are shown as they are. ``headers`` maps a column to its header in the language.

    Examples
    --------
    >>> table = Table(pd.DataFrame({"n": [3]}), {"number": ("n",)}, {"n": "Svar"})
    >>> table.columns("number")
    ['n']
    """

    frame: pd.DataFrame
    formats: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.formats) - set(FORMATS)
        if unknown:
            raise ValueError(f"unknown table format(s) {sorted(unknown)}; known: {FORMATS}")
        missing = [c for cs in self.formats.values() for c in cs if c not in self.frame.columns]
        if missing:
            raise KeyError(f"table has no column(s) {missing}; it has {list(self.frame.columns)}")

    def columns(self, format_: str) -> list[str]:
        """The columns shown in `format_`."""
        return list(self.formats.get(format_, ()))

    @property
    def empty(self) -> bool:
        return self.frame.empty
