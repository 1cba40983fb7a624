"""Google Forms (a response sheet downloaded as CSV or XLSX) and Microsoft Forms (XLSX).

Google Forms: the first column is the submission time, `Timestamp` or its translation
(Danish `Tidsstempel`), in the sheet's locale form: `2024/01/15 10:23:45 AM GMT+1`,
`15.01.2024 10.23.45` for a Danish sheet. Microsoft Forms: ID, Start time, Completion time,
Email, Name, then the questions; Email is "anonymous" for an anonymous response.
"""

from __future__ import annotations

from pathlib import Path

from ..columns import normalise_header
from ..parse import RawTable
from .base import ExportRead, ExportReader, Head, column, filled, replace_values

TIMESTAMP = (
    "Timestamp",
    "Tidsstempel",
    "Zeitstempel",
    "Horodateur",
    "Marca temporal",
    "Tidstämpel",
)


class GoogleForms(ExportReader):
    tool = "Google Forms"

    def recognises(self, head: Head) -> bool:
        header = head.header
        wanted = {normalise_header(name) for name in TIMESTAMP}
        return bool(header) and normalise_header(header[0]) in wanted

    def read(self, table: RawTable, path: Path) -> ExportRead:
        roles = {"date": column(table, *TIMESTAMP)}
        contact = column(table, "Email Address", "E-mailadresse", "E-mail-adresse", "Email")
        if filled(table, contact):
            roles["respondent_id"] = contact
        return ExportRead(tool=self.tool, table=table, roles=roles)


class MicrosoftForms(ExportReader):
    tool = "Microsoft Forms"

    _START = ("Start time", "Starttidspunkt")
    _COMPLETED = ("Completion time", "Fuldførelsestidspunkt", "Sluttidspunkt")

    def recognises(self, head: Head) -> bool:
        first = [normalise_header(c) for c in head.header[:3]]
        return (
            len(first) == 3
            and first[0] == "id"
            and first[1] in {normalise_header(c) for c in self._START}
            and first[2] in {normalise_header(c) for c in self._COMPLETED}
        )

    def read(self, table: RawTable, path: Path) -> ExportRead:
        roles = {"response_id": column(table, "ID"), "date": column(table, *self._COMPLETED)}
        email = column(table, "Email", "Mail", "E-mail")
        notes = []
        if filled(table, email):
            values = table.columns[email].values
            anonymous = values.str.strip().str.lower() == "anonymous"
            if anonymous.any():
                # Every anonymous answer shares that one "address": as a respondent id it would
                # merge strangers into one customer.
                table = replace_values(table, email, values.where(~anonymous, ""))
                notes.append(f"'{email}' says 'anonymous' for some answers: read as no respondent")
            if filled(table, email):
                roles["respondent_id"] = email
        return ExportRead(tool=self.tool, table=table, roles=roles, notes=tuple(notes))
