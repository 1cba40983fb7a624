"""Readers for the exports of the survey tools clients use, one module per tool.

`recognise` looks at the first rows of a file (and a workbook's sheet names) and returns the
reader of the tool that wrote it, or None for a generic export; the loader then calls its
`read`. See README.md in this folder for how to add a tool.
"""

from __future__ import annotations

from .alchemer import Alchemer
from .base import (
    DISQUALIFIED,
    NOT_ANSWERED,
    SPAM,
    SURVEY_PREVIEW,
    SURVEY_TEST,
    ExportRead,
    ExportReader,
    Head,
)
from .delighted import Delighted
from .forms import GoogleForms, MicrosoftForms
from .qualtrics import Qualtrics
from .surveymonkey import SurveyMonkey
from .surveyxact import SurveyXact
from .typeform import Typeform

#: Every reader, most specific layout first: the first that recognises a file reads it.
READERS: tuple[ExportReader, ...] = (
    Qualtrics(),
    SurveyXact(),
    SurveyMonkey(),
    Alchemer(),
    Delighted(),
    Typeform(),
    MicrosoftForms(),
    GoogleForms(),
)


def recognise(records: list[list[str]], sheets: tuple[str, ...] = ()) -> ExportReader | None:
    """The reader of the tool whose layout the first `records` (and `sheets`) have, or None."""
    head = Head([[str(v) for v in r] for r in records[:3]], tuple(sheets))
    return next((reader for reader in READERS if reader.recognises(head)), None)


def reader(tool: str) -> ExportReader:
    """The reader of `tool` (a name as `RawTable.export` holds it)."""
    return next(r for r in READERS if r.tool == tool)


__all__ = [
    "DISQUALIFIED",
    "NOT_ANSWERED",
    "READERS",
    "SPAM",
    "SURVEY_PREVIEW",
    "SURVEY_TEST",
    "ExportRead",
    "ExportReader",
    "reader",
    "recognise",
]
