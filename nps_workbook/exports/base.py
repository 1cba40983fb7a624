"""What every survey tool's reader shares: the reader's shape, its result and small helpers.

A reader recognises its tool from the first rows of a file (and a workbook's sheet names),
before the generic loader looks for the header, and turns the table the generic reader made
into what the generic loader expects: label rows dropped, the roles the tool's layout fixes,
the responses the tool marks as not real (preview, test, spam) with their reason, and which
responses are partial.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd

from ..columns import normalise_header
from ..parse import DateOrder, RawTable, TextColumn, refused_rows

# Reasons for the responses a tool marks as not real answers. Short and stable, like the
# loader's own reasons: rejected rows are grouped and counted by them.
SURVEY_PREVIEW = "survey preview"
SURVEY_TEST = "survey test"
SPAM = "spam"
DISQUALIFIED = "disqualified"
NOT_ANSWERED = "invited, not answered"

# How the sentence in `validate` names the responses left out for each reason.
_LEFT_OUT = {
    SURVEY_PREVIEW: "preview response",
    SURVEY_TEST: "test response",
    SPAM: "spam response",
    DISQUALIFIED: "disqualified response",
    NOT_ANSWERED: "invitation never answered",
}


@dataclass(frozen=True)
class Head:
    """The first records of a file as text (the header first), and a workbook's sheet names."""

    records: list[list[str]]
    sheets: tuple[str, ...] = ()

    @property
    def header(self) -> list[str]:
        return [cell.strip().lstrip("\ufeff") for cell in self.records[0]] if self.records else []

    def has(self, *names: str) -> bool:
        """Whether the header holds every one of `names` (case and spacing ignored)."""
        present = {normalise_header(cell) for cell in self.header}
        return all(normalise_header(name) in present for name in names)

    def second(self) -> list[str]:
        return [cell.strip() for cell in self.records[1]] if len(self.records) > 1 else []


@dataclass(frozen=True)
class ExportRead:
    """A tool's export made ready for the generic loader.

    Attributes
    ----------
    tool : str
        The tool's name as the consultant knows it ("Qualtrics").
    table : RawTable
        The answers' records (label rows dropped), columns as the generic reader read them.
    roles : dict
        role -> column for the roles the tool's layout fixes; the config's mapping wins.
    refused : DataFrame
        Records the tool marks as no real answer (`refused_rows`, by record position).
    partial : ndarray of bool, optional
        Per record, whether the tool marks the response as unfinished.
    source_zone : str, optional
        The zone the tool's naive times are in (Typeform's UTC, a Qualtrics export's zone).
    date_order : "day-first" or "month-first", optional
        The order the tool writes a/b/yyyy dates in.
    label_rows : int
        Rows below the header that hold labels, not answers (skipped, not counted).
    excluded : tuple of str
        The tool's own columns that the generic rules would mistake for a role.
    """

    tool: str
    table: RawTable
    roles: dict[str, str] = field(default_factory=dict)
    refused: pd.DataFrame = field(default_factory=lambda: refused_rows([], "", ""))
    partial: np.ndarray | None = None
    source_zone: str | None = None
    date_order: DateOrder | None = None
    label_rows: int = 0
    notes: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()  # columns the generic role rules must not take

    def sentence(self, partial_kept: int = 0) -> str:
        """How the file was read, for `validate`: "read as a Qualtrics export: 2 label rows
        skipped; 2 preview responses left out"."""
        parts = []
        if self.label_rows:
            parts.append(f"{_count(self.label_rows, 'label row')} skipped")
        counts = self.refused["reason"].value_counts(sort=False)  # in order of appearance
        for reason, count in sorted(counts.items(), key=lambda item: -item[1]):
            kind = _LEFT_OUT.get(str(reason), f"{reason} response")
            parts.append(f"{_count(int(count), kind)} left out")
        if partial_kept:
            parts.append(f"{_count(partial_kept, 'partial response')} kept, flagged 'partial'")
        article = "an" if self.tool[0].lower() in "aeiou" else "a"
        return f"read as {article} {self.tool} export" + (": " + "; ".join(parts) if parts else "")


def _count(n: int, noun: str) -> str:
    """'1 label row', '2 label rows', '2 invitations never answered'."""
    if n == 1:
        return f"1 {noun}"
    head, _, tail = noun.partition(" never")
    return f"{n:,} {head}s" + (f" never{tail}" if tail else "")


class ExportReader:
    """One survey tool's export layout. Subclasses set `tool` and implement the two methods."""

    tool: ClassVar[str]

    def recognises(self, head: Head) -> bool:
        raise NotImplementedError

    def answer_sheet(self, sheets: tuple[str, ...]) -> str | None:
        """The sheet of a workbook that holds the answers, when the tool decides it."""
        return None

    def read(self, table: RawTable, path: Path) -> ExportRead:
        raise NotImplementedError


# --- helpers the readers share ---------------------------------------------------------------


def column(table: RawTable, *names: str) -> str | None:
    """The table's column named like the first of `names` it has (case and spacing ignored)."""
    by_normal = {normalise_header(c): c for c in reversed(list(table.columns))}
    for name in names:
        if normalise_header(name) in by_normal:
            return by_normal[normalise_header(name)]
    return None


def filled(table: RawTable, name: str | None) -> bool:
    """Whether column `name` exists and holds any non-blank cell."""
    if name is None or name not in table.columns:
        return False
    return bool((table.columns[name].values.str.strip() != "").any())


def cells(table: RawTable, record: int) -> dict[str, str]:
    """One record's cells by column name."""
    return {
        name: str(c.values.iloc[c.codes[record]]) if record < len(c) else ""
        for name, c in table.columns.items()
    }


def without_label_rows(table: RawTable, count: int) -> RawTable:
    return table.take(np.arange(count, len(table.rows))) if count else table


def status_refusals(
    table: RawTable, name: str | None, reasons: dict[str, str], shown: str
) -> pd.DataFrame:
    """The records whose value in column `name` is a key of `reasons` (compared in lower
    case), refused with that reason; `shown` names the column in the detail."""
    if name is None:
        return refused_rows([], "", "")
    cells = table.columns[name]
    key = cells.values.str.strip().str.lower()
    problem = key.map(reasons).astype("string")
    detail = (f"{shown} '" + cells.values.str.strip() + "'").astype("string")
    return cells.refusals(problem, detail)


def flags(table: RawTable, name: str | None, values: set[str]) -> np.ndarray | None:
    """Per record, whether its cell in column `name` is one of `values` (lower case)."""
    if name is None:
        return None
    cells = table.columns[name]
    per_value = cells.values.str.strip().str.lower().isin(values).to_numpy()
    return per_value[cells.codes]


def import_zone(cell: str) -> str | None:
    """The timeZone of a Qualtrics import-id cell, {"ImportId":"endDate","timeZone":"UTC"}."""
    try:
        value = json.loads(cell)
    except ValueError:
        return None
    zone = value.get("timeZone") if isinstance(value, dict) else None
    return zone if isinstance(zone, str) and zone else None


def replace_values(table: RawTable, name: str, per_value: pd.Series) -> RawTable:
    """The table with column `name`'s distinct values replaced (aligned with its values)."""
    old = table.columns[name]
    new = TextColumn(per_value.astype("str").reset_index(drop=True), old.codes, old.index)
    return _with_column(table, name, new)


def _with_column(table: RawTable, name: str, new: TextColumn) -> RawTable:
    return RawTable(
        {**table.columns, name: new},
        table.rows,
        table.extra_fields,
        table.encoding,
        table.delimiter,
        table.sheet,
        table.notes,
        table.export,
    )


def fill_blanks(table: RawTable, name: str | None, fallback: str | None) -> RawTable:
    """Column `name` with its blank cells taken from column `fallback`: an unfinished response
    has no submission time, but its start time dates the answer it gave."""
    if name is None or fallback is None or name == fallback:
        return table
    target, source = table.columns[name], table.columns[fallback]
    blank = (target.values.str.strip() == "").to_numpy()[target.codes]
    if not blank.any():
        return table
    text = target.text().where(~blank, source.text()).reset_index(drop=True)
    return _with_column(table, name, TextColumn.of(text))
