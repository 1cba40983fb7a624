"""What a batch hands over for one client, written from the client's executed notebooks.

In the client's output folder::

    notebooks/NN_name.ipynb   the executed notebooks (written by batch.run_notebook)
    reports/NN_name.html      one report per notebook: outputs only, offline (report.py)
    report.html               the client report: the summary, then every notebook that ran
    notes.md                  the consultant's notes: what to fill in, which key to set (never
                              in report.html, the PDF or the deck)
    report.pdf                the client report printed by Chromium (only when asked for)
    report.pptx               the workshop deck from the batch's summary.json (deck.py)
    followup.xlsx             the follow-up workbook: one sheet per loop (handover.py)
    rejected.csv              every row of the client's files that was not used, with its reason

Every file is written atomically (files.py), so a crash leaves the old file or none.

Example::

    written = write_client_outputs(
        "clients/kvistholm", "out/kvistholm", ["02_nps", "03_loops"], language="da"
    )
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import nbformat
import pandas as pd

from . import texts
from .comments import report_anonymiser
from .files import atomic_path, write_text_atomic
from .report import client_report_html, notebook_html
from .summary import statements
from .workbook import consultant_notes, recorded_figures
from .xlsx import FORMULA_STARTS

NOTEBOOKS_FOLDER = "notebooks"
REPORTS_FOLDER = "reports"
REPORT_FILE = "report.html"
NOTES_FILE = "notes.md"
PDF_FILE = "report.pdf"
FOLLOWUP_FILE = "followup.xlsx"
REJECTED_FILE = "rejected.csv"
# Field separator of rejected.csv as Excel expects it when opened in the client's language.
CSV_SEPARATOR = {"da": ";", "en": ","}


def notebook_title(notebook: str, language: str) -> str:
    """The notebook's title as the client reads it ("02_nps" -> "NPS")."""
    key = f"report.notebook.{notebook}"
    return texts.label(key, language) if key in texts.labels() else notebook


def report_date(day: dt.date, language: str) -> str:
    """A date as the client writes it (:func:`texts.format_date`): "26-11-2026" or "26 Nov 2026"."""
    return texts.format_date(day, language)


def write_reports(
    out: Path,
    notebooks: Sequence[str],
    *,
    client: str,
    language: str,
    generated: dt.date,
    notes: Sequence[str] = (),
    currency: str = "DKK",
) -> list[Path]:
    """reports/NN_name.html per executed notebook, report.html for all of them (opening with
    the summary of what they recorded, in `currency`) and the consultant's notes.md; `notes`
    are sentences every page states under its heading (see `report.notebook_html`)."""
    executed = [
        (name, nbformat.read(out / NOTEBOOKS_FOLDER / f"{name}.ipynb", as_version=4))
        for name in notebooks
    ]
    figures = {name: recorded_figures(notebook) for name, notebook in executed}
    position = {name: number for number, (name, _) in enumerate(executed, start=1)}
    summary = [
        (s.group, s.text, position[s.section])
        for s in statements(figures, language, currency)
        if s.section in position
    ]
    written = []
    for name, notebook in executed:
        page = notebook_html(
            notebook,
            title=notebook_title(name, language),
            language=language,
            client=client,
            notes=notes,
        )
        written.append(write_text_atomic(out / REPORTS_FOLDER / f"{name}.html", page))
    page = client_report_html(
        [(notebook_title(name, language), notebook) for name, notebook in executed],
        client=client,
        language=language,
        generated=report_date(generated, language),
        notes=notes,
        summary=summary,
    )
    written.append(write_text_atomic(out / REPORT_FILE, page))
    guidance = [(notebook_title(name, language), consultant_notes(nb)) for name, nb in executed]
    text = consultant_notes_markdown(client, guidance, language)
    written.append(write_text_atomic(out / NOTES_FILE, text))
    return written


def consultant_notes_markdown(
    client: str, notebooks: Sequence[tuple[str, Sequence[str]]], language: str
) -> str:
    """notes.md: the consultant's notes of each notebook (`Workbook.note`) under its title;
    a notebook with none says so. For the consultant, never for the client: it names
    client.yml keys, files and commands."""
    lines = [f"# {texts.label('notes.title', language, client=client)}", ""]
    lines += [texts.label("notes.intro", language), ""]
    for title, found in notebooks:
        lines += [f"## {title}", ""]
        lines += [f"- {note}" for note in found] or [texts.label("notes.none", language)]
        lines.append("")
    return "\n".join(lines)


def neutralise_formula(value: object) -> object:
    """Text that Excel would run as a formula, made plain text by a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def rejected_rows(data) -> pd.DataFrame:
    """Every row the client's files had that was not used: `file`, `row`, `reason`, `detail`,
    then the row's values as read. ``data`` is a `client_data.ClientData`."""
    parts = [
        result.rejected.assign(file=result.source)
        for result in (data.responses, data.customers, data.followups, data.touchpoints)
        if result is not None and len(result.rejected)
    ]
    if data.employees is not None and len(data.employees.rejected):
        parts.append(data.employees.rejected.assign(file=data.employees.source))
    if not parts:
        return pd.DataFrame(columns=["file", "row", "reason", "detail"])
    frame = pd.concat(parts, ignore_index=True)
    first = ["file", "row", "reason", "detail"]
    return frame[first + [c for c in frame.columns if c not in first]]


def write_rejected(data, path: Path, language: str) -> Path:
    """rejected.csv: UTF-8 with a BOM (Excel shows æ, ø, å), separated as the language expects,
    no cell that Excel would run as a formula, and the values anonymised as in reports when
    client.yml's ``privacy.anonymise_comments`` is on."""
    frame = rejected_rows(data)
    anonymise = report_anonymiser(data, language)
    if anonymise is not None:  # the rows' raw values hold contacts and comments
        for column in frame.columns.drop(["file", "row", "reason"]):
            frame[column] = anonymise(frame[column].astype("string"))
    frame = frame.astype(object).map(neutralise_formula)
    text = frame.to_csv(index=False, sep=CSV_SEPARATOR[language], lineterminator="\r\n")
    return write_text_atomic(path, "\ufeff" + text)


def write_followup(data, path: Path, today: pd.Timestamp) -> Path:
    """followup.xlsx for the cases of the last 30 days up to `today` (handover.py).

    With client.yml's ``privacy.anonymise_comments`` on, the workbook holds no contact person,
    e-mail or phone number and its comments are anonymised: the batch's outputs travel. The
    ambassador's call sheet with contact details comes from ``nps-workbook followup``.
    """
    from .handover import write_followup_workbook

    private = data.client.config.privacy.anonymise_comments
    with atomic_path(path) as temporary:
        write_followup_workbook(data, temporary, today=today, contact_details=not private)
    return path


def write_client_outputs(
    client_folder: str | Path,
    out: str | Path,
    notebooks: Sequence[str],
    *,
    language: str | None = None,
    pdf: bool = False,
    generated: dt.date | None = None,
    summary: dict | None = None,
    report_period: str | None = None,
    scope: Sequence[str] | None = None,
) -> list[str]:
    """Write a client's reports, follow-up workbook and rejected rows into `out`.

    Parameters
    ----------
    client_folder : path
        The client folder (client.yml and data files).
    out : path
        The client's output folder, holding notebooks/NN_name.ipynb for each of `notebooks`.
    notebooks : list of str
        The executed notebooks to report on, in reading order (those that ran without error).
    language : {"da", "en"}, optional
        Overrides client.yml's language.
    pdf : bool
        Also print report.html to report.pdf (pdf.py: needs Chromium).
    generated : date, optional
        The date the report names as made; default today.
    summary : dict, optional
        The client's summary.json (key figures and what each notebook recorded): with it, the
        workshop deck report.pptx is written too (:func:`deck.write_deck`).
    report_period, scope : optional
        A report of one period or scope, as `workbook.open_workbook` takes them: the report
        says which under its heading, and the follow-up workbook holds the scope's cases as
        of the period's last day. A scope's report has no rejected.csv (the rejected rows
        are the whole company's).

    Returns
    -------
    list of str
        The files written, relative to `out`, in the order written.

    Raises
    ------
    NpsWorkbookError
        A client file that cannot be read, a file that cannot be written (files.OutputError),
        no browser for the PDF (pdf.PdfError).
    """
    from .workbook import open_workbook

    out = Path(out)
    wb = open_workbook(client_folder, language=language, report_period=report_period, scope=scope)
    day = generated or dt.date.today()
    notes = [texts.scale_text(wb.data.responses.scale, wb.language), *wb.report_notes()]
    written = write_reports(
        out,
        notebooks,
        client=wb.name,
        language=wb.language,
        generated=day,
        notes=notes,
        currency=wb.config.currency,
    )
    if pdf:
        from .pdf import print_pdf

        written.append(print_pdf(out / REPORT_FILE, out / PDF_FILE))
    if summary is not None:
        from .deck import DECK_FILE, write_deck

        currency = wb.data.client.config.currency
        written.append(
            write_deck(
                out / DECK_FILE,
                summary,
                client=wb.name,
                language=wb.language,
                currency=currency,
                generated=day,
            )
        )
    written.append(write_followup(wb.data, out / FOLLOWUP_FILE, wb.as_of))
    if wb.scope is None:
        written.append(write_rejected(wb.data, out / REJECTED_FILE, wb.language))
    return [path.relative_to(out).as_posix() for path in written]
