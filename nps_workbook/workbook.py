"""The notebooks' side of the package: one call opens a client, and the workbook object shows
tables and text in the client's language and records the key figures a run produced.

A notebook stays thin::

    wb = open_workbook(client_dir, language=language)   # parameters cell values
    wb.say("nps.intro", client=wb.name)                  # a sentence from texts/
    wb.table(table, nps=["nps", "ci_low", "ci_high"])     # Danish number formats in Danish
    wb.record(overall_nps=summary.nps)                   # read back by tests and the batch

Recorded figures travel as display data of their own MIME type, so they sit in the executed
notebook (papermill writes it) without showing in an HTML report. So do the consultant's notes
(:class:`~nps_workbook.pages.Note`): shown in the notebook as Markdown, left out of every
report, and gathered by the batch into the consultant's notes.md (`consultant_notes`).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from IPython.display import Markdown, display
from markupsafe import Markup

from . import texts
from .charts.figures import set_style
from .client_data import ClientData, latest_answer_day, load_client_data
from .config import ClientConfig
from .pages.note import Note
from .pages.table import Table

FIGURES_MIME = "application/vnd.nps-workbook.figures+json"
#: Display data of a consultant's note: {"text": Markdown}; a report leaves it out.
CONSULTANT_MIME = "application/vnd.nps-workbook.consultant+json"


def markdown(text: str) -> Markdown:
    """The kit's Markdown `text` with whatever client.yml or the data put into it made inert:
    no HTML tag or entity, and no link or image, survives as markup (a client named
    ``<script>...`` is shown as written). The kit's texts hold none of these themselves;
    text marked safe (:class:`markupsafe.Markup`, e.g. the huddle page) is escaped already."""
    if isinstance(text, Markup):
        return Markdown(str(text))
    return Markdown(html.escape(text, quote=False).replace("](", "]\\("))


@dataclass
class Workbook:
    """A client's data opened for a notebook, with the language and the date it is read as of."""

    data: ClientData
    language: texts.Language
    as_of: pd.Timestamp
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def config(self) -> ClientConfig:
        return self.data.client.config

    @property
    def name(self) -> str:
        """The client's name as reports show it."""
        return self.config.client

    @property
    def answers(self) -> pd.DataFrame:
        return self.data.answers

    # --- words and numbers in the client's language ---------------------------------------

    def t(self, key: str, **values: object) -> str:
        """The label `key` in the workbook's language (see nps_workbook/texts/)."""
        return texts.label(key, self.language, **values)

    def category(self, category: str, *, plural: bool = True) -> str:
        return texts.category_label(category, self.language, plural=plural)

    def nps(self, value: float | None, decimals: int = 0) -> str:
        return texts.format_nps(value, self.language, decimals)

    def number(self, value: float | None, decimals: int = 0) -> str:
        return texts.format_number(value, self.language, decimals)

    def percent(self, share: float | None, decimals: int = 0) -> str:
        return texts.format_percent(share, self.language, decimals)

    def money(self, value: float | None, decimals: int = 0) -> str:
        return texts.format_money(value, self.config.currency, self.language, decimals)

    def date(self, value: Any) -> str:
        """A date as the client writes it: 05-03-2024 (da) or 5 Mar 2024 (en)."""
        return texts.format_date(value, self.language)

    # --- showing ---------------------------------------------------------------------------

    def say(self, key: str, **values: object) -> None:
        """Display the label `key` as Markdown: a sentence of narrative in the right language."""
        display(markdown(self.t(key, **values)))

    def show(self, *parts: str | Table | Note | Iterable | None) -> None:
        """Display what a page function returned, in order: text as Markdown, a
        :class:`~nps_workbook.pages.Table` styled by :meth:`table`, a
        :class:`~nps_workbook.pages.Note` as the consultant's note (:meth:`note`); a tuple or
        list is shown part by part; empty text and None are nothing to show."""
        for part in parts:
            if isinstance(part, Table):
                display(self.table(part))
            elif isinstance(part, Note):
                self.note(part.text)
            elif isinstance(part, tuple | list):
                self.show(*part)
            elif part:
                display(markdown(part))

    def note(self, text: str) -> None:
        """Display `text` (Markdown) as a note for the consultant: in the notebook, marked
        "For the consultant", and in the batch's notes.md; never in a report."""
        if text:
            shown = markdown(f"**{self.t('note.prefix')}** {text}").data
            display({CONSULTANT_MIME: {"text": text}, "text/markdown": shown}, raw=True)

    def table(
        self,
        frame: pd.DataFrame | Table,
        *,
        nps: Iterable[str] = (),
        percent: Iterable[str] = (),
        number: Iterable[str] = (),
        money: Iterable[str] = (),
        dates: Iterable[str] = (),
        headers: Mapping[str, str] | None = None,
        caption: str | None = None,
    ):
        """A DataFrame styled for a client: numbers in the language's format, no index.

        Parameters
        ----------
        frame : DataFrame or pages.Table
            A page's Table brings its own formats and headers.
        nps, percent, number, money, dates : column names
            How to format each column (NPS with sign; shares 0..1 as percent; counts; amounts
            in the client's currency; dates). Other columns are shown as they are.
        headers : mapping, optional
            Column name -> the header to show (usually a label in the language).
        caption : str, optional

        Returns
        -------
        pandas.io.formats.style.Styler
        """
        if isinstance(frame, Table):
            table = frame
            frame = table.frame
            nps, percent, number = (
                table.columns("nps"),
                table.columns("percent"),
                table.columns("number"),
            )
            money, dates = table.columns("money"), table.columns("dates")
            headers = {**table.headers, **(headers or {})}
        formats: dict[str, Any] = {}
        formats |= {c: lambda v: self.nps(v) for c in nps}
        formats |= {c: lambda v: self.percent(v) for c in percent}
        formats |= {c: lambda v: self.number(v) for c in number}
        formats |= {c: lambda v: self.money(v) for c in money}
        formats |= {c: self.date for c in dates}
        missing = [c for c in formats if c not in frame.columns]
        if missing:
            raise KeyError(f"table has no column(s) {missing}; it has {list(frame.columns)}")
        # Text cells, headers and the caption are escaped: a comment or a column named
        # "<script>" is shown, never run (the Styler escapes cells only).
        styler = frame.style.format(formats, na_rep="–", escape="html").hide(axis="index")
        names = [html.escape(str((headers or {}).get(c, c))) for c in frame.columns]
        styler = styler.relabel_index(names, axis="columns")
        if caption:
            styler = styler.set_caption(html.escape(caption))
        return styler

    def record(self, **figures: Any) -> None:
        """Keep key figures of this run: in `figures`, and in the notebook's outputs.

        Values must be JSON-serialisable (numbers, strings, lists, dicts; NaN becomes null).
        """
        clean = {name: _json_ready(value) for name, value in figures.items()}
        self.figures.update(clean)
        display({FIGURES_MIME: clean}, raw=True)


def _json_ready(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and value != value:  # NaN
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    json.dumps(value)  # fail here, in the notebook, not later in the batch
    return value


def open_workbook(
    client_dir: str | Path,
    *,
    language: str | None = None,
    as_of: str | pd.Timestamp | None = None,
) -> Workbook:
    """Open a client folder for a notebook.

    Parameters
    ----------
    client_dir : str or Path
        The client folder (client.yml and data files).
    language : {"da", "en"}, optional
        Overrides client.yml's language (a Danish client's report in English, say).
    as_of : date, optional
        The date deadlines and windows are counted to. Default: the date of the latest answer,
        so a run on an export reads it as of the day it was taken, and reruns give the same.

    Raises
    ------
    ConfigError, SurveyFileError
        As `load_client_data`.
    """
    data = load_client_data(client_dir)
    language = texts.check_language(language or data.client.config.language)
    day = pd.Timestamp(as_of).normalize() if as_of is not None else latest_answer_day(data.answers)
    if day is None:  # no answer has a date
        day = pd.Timestamp.today().normalize()
    set_style()
    return Workbook(data=data, language=language, as_of=day)


def _outputs_of(notebook: str | Path | Any, mime: str) -> list[Any]:
    """The display data of type `mime` in an executed notebook (or its path), in order."""
    # Here, not at the top: the notebooks import this module, and nbformat costs a kernel
    # about two seconds at start-up that only the batch's reading of results needs.
    import nbformat

    if not isinstance(notebook, nbformat.NotebookNode):
        notebook = nbformat.read(str(notebook), as_version=4)
    return [
        output["data"][mime]
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if mime in output.get("data", {})
    ]


def recorded_figures(notebook: str | Path | Any) -> dict[str, Any]:
    """Every figure a notebook run recorded with `Workbook.record`, later values winning.

    `notebook` is an executed notebook (nbformat.NotebookNode) or its path.
    """
    figures: dict[str, Any] = {}
    for recorded in _outputs_of(notebook, FIGURES_MIME):
        figures.update(recorded)
    return figures


def consultant_notes(notebook: str | Path | Any) -> list[str]:
    """The consultant's notes a notebook run showed (`Workbook.note`), in order, each once."""
    return list(dict.fromkeys(note["text"] for note in _outputs_of(notebook, CONSULTANT_MIME)))
