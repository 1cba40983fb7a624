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

import dataclasses
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
from .period import PeriodError, ReportPeriod, parse_period, require_answers_in
from .scope import Scope, ScopeError, parse_scope, scope_size

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
    """A client's data opened for a notebook, with the language and the date it is read as of;
    for a report of one period or scope, the period and the scope (``data`` then holds the
    scope's answers up to the period's end)."""

    data: ClientData
    language: texts.Language
    as_of: pd.Timestamp
    figures: dict[str, Any] = field(default_factory=dict)
    report_period: ReportPeriod | None = None
    scope: Scope | None = None

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

    def report_notes(self) -> list[str]:
        """The sentences a report of one period or scope states under its heading: which
        period (and the day follow-up is counted to) and which answers; none for a report of
        every answer of the whole company."""
        notes = []
        if self.report_period is not None:
            period = self.report_period
            notes.append(
                self.t(
                    "scope.period_note",
                    period=texts.format_period(period.label, self.language),
                    start=self.date(period.start),
                    end=self.date(period.end),
                    day=self.date(self.as_of),
                )
            )
        if self.scope is not None:
            notes.append(self.t("scope.note", scope=self.scope.label))
        return notes

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
    report_period: str | ReportPeriod | None = None,
    scope: str | Iterable[str] | Scope | None = None,
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
    report_period : "2024-12", "2024Q4" or "2024", optional
        The report for that period (:func:`period.parse_period`): only answers dated up to
        its last day are kept, and employee answers too (no employee survey when none is that
        old); the day counted to is its last day, or the latest answer's when the period is
        still running. None: every answer.
    scope : "COLUMN=VALUE" or a list of them, optional
        Only the answers where every condition holds (:func:`scope.parse_scope`); the
        employee survey is the whole company's and stays as it is.

    Raises
    ------
    ConfigError, SurveyFileError
        As `load_client_data`.
    PeriodError
        `report_period` is not a period, holds none of the (scope's) answers, or is given
        with `as_of`.
    ScopeError
        `scope` is not written as COLUMN=VALUE, names a column or value the answers lack, or
        has fewer headline answers than client.yml's ``privacy.min_group`` (no figures are
        shown of so small a group).
    """
    data = load_client_data(client_dir)
    language = texts.check_language(language or data.client.config.language)
    period = None if report_period is None else parse_period(report_period)
    chosen = parse_scope(scope)
    if period is not None and as_of is not None:
        raise PeriodError(
            f"report period {period.label} and as_of {as_of}: give one of them; a period's "
            "report is counted to its last day"
        )
    latest = latest_answer_day(data.answers)
    if chosen is not None or period is not None:
        data = _report_data(data, period, chosen)
    day = pd.Timestamp(as_of).normalize() if as_of is not None else latest
    if period is not None and latest is not None:
        day = min(period.end, latest)
    if day is None:  # no answer has a date
        day = pd.Timestamp.today().normalize()
    set_style()
    return Workbook(data=data, language=language, as_of=day, report_period=period, scope=chosen)


def _report_data(data: ClientData, period: ReportPeriod | None, scope: Scope | None) -> ClientData:
    """The client's data as a report of `period` and `scope` sees it (see `open_workbook`)."""
    config = data.client.config
    answers = data.answers
    if scope is not None:
        size = scope_size(answers, config, scope, period)
        if size.hidden:
            raise ScopeError(
                f"scope {scope.label}: {size.n} answers, fewer than client.yml's "
                f"privacy.min_group ({config.privacy.min_group}); no figures are shown of so "
                "small a group"
            )
        answers = scope.select(answers)
    if period is not None:
        dates = answers["date"] if "date" in answers.columns else pd.Series([], dtype="M8[ns]")
        require_answers_in(period, dates)
        answers = _until(answers, period)
    employees = data.employees
    if period is not None and employees is not None:
        kept = _until(employees.answers, period)
        # No round yet by the period's end: the report says the survey is not measured then.
        employees = dataclasses.replace(employees, answers=kept) if len(kept) else None
    responses = dataclasses.replace(data.responses, answers=answers)
    return dataclasses.replace(data, responses=responses, employees=employees)


def _until(answers: pd.DataFrame, period: ReportPeriod) -> pd.DataFrame:
    """The answers dated up to the period's last day (an undated answer is in no period)."""
    if "date" not in answers.columns:
        return answers.iloc[:0]
    dates = answers["date"]
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)
    kept = (dates < period.end + pd.Timedelta(days=1)).fillna(False).to_numpy(dtype=bool)
    return answers[kept]


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
