"""Qualtrics: CSV or XLSX, "choice text" or "numeric values".

Three header rows: the export tags (StartDate, ..., Q1, Q1_NPS_GROUP), the question texts, and
the import ids as JSON ({"ImportId":"recordedDate","timeZone":"Europe/Copenhagen"}); older
exports lack the third. An NPS question comes with a derived `<id>_NPS_GROUP` column
(Detractor/Passive/Promoter, or 1/2/3 in numeric exports) that is not the score.
"""

from __future__ import annotations

from pathlib import Path

from ..columns import recognise
from ..parse import RawTable
from .base import (
    SPAM,
    SURVEY_PREVIEW,
    SURVEY_TEST,
    ExportRead,
    ExportReader,
    Head,
    cells,
    column,
    filled,
    flags,
    import_zone,
    status_refusals,
    without_label_rows,
)

METADATA = (
    "StartDate",
    "EndDate",
    "Status",
    "IPAddress",
    "Progress",
    "Duration (in seconds)",
    "Finished",
    "RecordedDate",
    "ResponseId",
    "RecipientLastName",
    "RecipientFirstName",
    "RecipientEmail",
    "ExternalReference",
    "LocationLatitude",
    "LocationLongitude",
    "DistributionChannel",
    "UserLanguage",
)
GROUP_SUFFIX = "_NPS_GROUP"
# Response types ("Status") that are no real answer, as choice text and as numeric code.
STATUS = {
    "survey preview": SURVEY_PREVIEW,
    "1": SURVEY_PREVIEW,
    "offline survey preview": SURVEY_PREVIEW,
    "17": SURVEY_PREVIEW,
    "survey test": SURVEY_TEST,
    "2": SURVEY_TEST,
    "spam": SPAM,
    "8": SPAM,
    "imported spam": SPAM,
    "12": SPAM,
}
UNFINISHED = {"false", "0"}


class Qualtrics(ExportReader):
    tool = "Qualtrics"

    def recognises(self, head: Head) -> bool:
        return head.has("StartDate", "Finished") and (
            head.has("ResponseId") or head.has("ResponseID")
        )

    def read(self, table: RawTable, path: Path) -> ExportRead:
        response_id = column(table, "ResponseId", "ResponseID")
        labels = 0
        while labels < min(2, len(table.rows)):
            cell = cells(table, labels)[response_id].strip()
            if cell.startswith("{") or cell.lower().replace(" ", "") == "responseid":
                labels += 1
            else:
                break
        texts = cells(table, 0) if labels else {}
        ids = next((cells(table, i) for i in range(labels) if _is_import_row(table, i)), {})
        answers = without_label_rows(table, labels)

        date = column(answers, "RecordedDate", "EndDate")
        roles = {"response_id": response_id}
        if date:
            roles["date"] = date
        contact = column(answers, "ExternalReference")
        contact = contact if filled(answers, contact) else column(answers, "RecipientEmail")
        if filled(answers, contact):
            roles["respondent_id"] = contact
        roles.update(_questions(answers, texts))

        notes = []
        groups = [c for c in answers.columns if c.upper().endswith(GROUP_SUFFIX)]
        if groups:
            notes.append(
                f"{', '.join(repr(g) for g in groups)}: Qualtrics' detractor/passive/promoter "
                "group of the answer, kept as a segment, not read as the score"
            )
        status = column(answers, "Status")
        return ExportRead(
            tool=self.tool,
            table=answers,
            roles=roles,
            refused=status_refusals(answers, status, STATUS, "Status"),
            partial=flags(answers, column(answers, "Finished"), UNFINISHED),
            source_zone=import_zone(ids.get(date, "")) if date else None,
            label_rows=labels,
            notes=tuple(notes),
        )


def _is_import_row(table: RawTable, record: int) -> bool:
    return any(v.strip().startswith('{"ImportId"') for v in cells(table, record).values())


def _questions(table: RawTable, texts: dict[str, str]) -> dict[str, str]:
    """The score and comment questions: the question with an NPS group column, else the one
    whose text (or tag) the generic rules recognise; never a group column or metadata."""
    metadata = {m.lower() for m in METADATA}
    questions = [
        c
        for c in table.columns
        if c.lower() not in metadata and not c.upper().endswith(GROUP_SUFFIX)
    ]
    by_text = {}
    for name in questions:
        text = texts.get(name, "").strip() or name
        by_text.setdefault(text, table.columns[name])
    found, _ = recognise(by_text)
    named = {id(c): name for name, c in table.columns.items()}
    roles = {}
    if found is not None:
        roles = {
            role: named[id(by_text[text])]
            for role, text in found.as_dict().items()
            if text is not None and role in ("score", "comment")
        }
    grouped = [c for c in questions if f"{c}{GROUP_SUFFIX}".lower() in _lower(table)]
    if grouped:
        roles["score"] = grouped[0]
    return roles


def _lower(table: RawTable) -> set[str]:
    return {c.lower() for c in table.columns}
