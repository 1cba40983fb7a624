"""Alchemer (formerly SurveyGizmo): Response ID, Time Started, Date Submitted, Status
(Complete, Partial, Disqualified), Contact ID, Legacy Comments, Comments, Language, Referer,
..., then the questions; often in latin-1."""

from __future__ import annotations

from pathlib import Path

from ..parse import RawTable
from .base import (
    DISQUALIFIED,
    SURVEY_TEST,
    ExportRead,
    ExportReader,
    Head,
    column,
    fill_blanks,
    filled,
    flags,
    status_refusals,
)

STATUS = {"disqualified": DISQUALIFIED, "test": SURVEY_TEST}
# Alchemer's own metadata columns named like a comment: the generic rules must not take them.
NOT_THE_COMMENT = ("Legacy Comments", "Comments")


class Alchemer(ExportReader):
    tool = "Alchemer"

    def recognises(self, head: Head) -> bool:
        return head.has("Response ID", "Time Started", "Date Submitted", "Status")

    def read(self, table: RawTable, path: Path) -> ExportRead:
        roles = {
            "response_id": column(table, "Response ID"),
            "date": column(table, "Date Submitted"),
        }
        contact = column(table, "Contact ID")
        if filled(table, contact):
            roles["respondent_id"] = contact
        status = column(table, "Status")
        table = fill_blanks(table, roles["date"], column(table, "Time Started"))
        return ExportRead(
            tool=self.tool,
            table=table,
            roles=roles,
            refused=status_refusals(table, status, STATUS, "Status"),
            partial=flags(table, status, {"partial"}),
            excluded=tuple(c for c in map(lambda n: column(table, n), NOT_THE_COMMENT) if c),
        )
