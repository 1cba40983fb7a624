"""Guidance for the consultant: what to fill in, which key to set, which file to add.

A page says to the client what is measured and what is not yet and why it matters; what the
consultant does about it is a :class:`Note`. ``Workbook.show`` displays a note in the notebook
(the consultant reads it while working), marked so that no report, PDF or deck shows it, and
the batch gathers the notes of a client's notebooks into the consultant's notes.md beside the
report (:func:`nps_workbook.workbook.consultant_notes`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..texts import label


@dataclass(frozen=True)
class Note:
    """A sentence for the consultant, in Markdown; client.yml keys and commands belong here.

    Examples
    --------
    >>> Note("Write the industry NPS under `benchmark_nps` in client.yml.").text[:9]
    'Write the'
    """

    text: str


def note(key: str, language: str, **values: object) -> Note:
    """The label `key` (texts/) in `language` as a :class:`Note`."""
    return Note(label(key, language, **values))
