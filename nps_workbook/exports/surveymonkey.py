"""SurveyMonkey: CSV or XLSX with two header rows.

The first row holds the questions (blank over the further columns of a multi-column
question), the second what each column holds: "Response", "Open-Ended Response", or a choice.
Metadata columns: Respondent ID, Collector ID, Start Date, End Date (US month-first
`MM/DD/YYYY HH:MM:SS AM`), IP Address, Email Address, First Name, Last Name, Custom Data 1.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..parse import RawTable
from .base import ExportRead, ExportReader, Head, cells, column, filled, without_label_rows

SECOND_ROW = {"response", "open-ended response"}


class SurveyMonkey(ExportReader):
    tool = "SurveyMonkey"

    def recognises(self, head: Head) -> bool:
        second = {cell.lower() for cell in head.second()}
        return head.has("Respondent ID", "Collector ID") and bool(second & SECOND_ROW)

    def read(self, table: RawTable, path: Path) -> ExportRead:
        answers = _named_by_choice(without_label_rows(table, 1), cells(table, 0))
        roles = {"response_id": column(answers, "Respondent ID")}
        date = column(answers, "End Date", "Start Date")
        if date:
            roles["date"] = date
        contact = column(answers, "Email Address", "Custom Data 1")
        if filled(answers, contact):
            roles["respondent_id"] = contact
        return ExportRead(
            tool=self.tool,
            table=answers,
            roles=roles,
            date_order="month-first",
            label_rows=1,
        )


def _named_by_choice(table: RawTable, second: dict[str, str]) -> RawTable:
    """A multi-column question's columns (the first under the question, the further ones blank
    in the first row, so `column_N`) named "<question> - <choice>" from the second row, as
    SurveyMonkey's own viewer shows them."""
    names = list(table.columns)
    new = dict(zip(names, names, strict=True))
    for at, name in enumerate(names):
        if not re.fullmatch(r"column_\d+", name) or not at or not second.get(name, "").strip():
            continue
        first = next(n for n in reversed(names[:at]) if not re.fullmatch(r"column_\d+", n))
        new[name] = f"{first} - {second[name].strip()}"
        if second.get(first, "").strip().lower() not in SECOND_ROW:
            new[first] = f"{first} - {second[first].strip()}"
    if len(set(new.values())) < len(new):
        return table  # a choice repeated: keep the names the generic reader gave
    return replace(table, columns={new[n]: c for n, c in table.columns.items()})
