"""Typeform: `#` (the response token), the questions, hidden fields, then "Start Date (UTC)",
"Submit Date (UTC)" and "Network ID". Times are UTC, as the headers say."""

from __future__ import annotations

import re
from pathlib import Path

from ..parse import RawTable
from .base import ExportRead, ExportReader, Head, column, fill_blanks, flags


class Typeform(ExportReader):
    tool = "Typeform"

    def recognises(self, head: Head) -> bool:
        return head.has("#") and (head.has("Submit Date (UTC)") or head.has("Network ID"))

    def read(self, table: RawTable, path: Path) -> ExportRead:
        roles = {"response_id": column(table, "#")}
        date = column(table, "Submit Date (UTC)", "Submit Date", "Start Date (UTC)")
        if date:
            roles["date"] = date
        table = fill_blanks(table, date, column(table, "Start Date (UTC)", "Start Date"))
        zone = re.search(r"\((UTC)\)", date or "")
        return ExportRead(
            tool=self.tool,
            table=table,
            roles=roles,
            # Newer exports can include unfinished responses, marked in "Response Type".
            partial=flags(table, column(table, "Response Type"), {"partial"}),
            source_zone="UTC" if zone else None,
        )
