"""Delighted: Response ID, Score, Comment, Created At (with its UTC offset), Person ID, Email,
Name, then the person's properties and any additional questions."""

from __future__ import annotations

from pathlib import Path

from ..parse import RawTable
from .base import ExportRead, ExportReader, Head, column, filled


class Delighted(ExportReader):
    tool = "Delighted"

    def recognises(self, head: Head) -> bool:
        return head.has("Response ID", "Score", "Created At")

    def read(self, table: RawTable, path: Path) -> ExportRead:
        roles = {
            "response_id": column(table, "Response ID"),
            "score": column(table, "Score"),
            "date": column(table, "Created At"),
        }
        comment = column(table, "Comment")
        if comment:
            roles["comment"] = comment
        contact = column(table, "Person ID", "Email")
        if filled(table, contact):
            roles["respondent_id"] = contact
        return ExportRead(tool=self.tool, table=table, roles=roles)
