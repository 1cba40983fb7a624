"""The hand-over: what the customer ambassador works from on Monday morning.

* :func:`followup_workbook` / :func:`write_followup_workbook`: an Excel workbook with one sheet
  per loop (the cases, most urgent first, a status drop-down, deadlines as dates, overdue rows
  highlighted), a sheet of comment themes and root causes, and a sheet of message drafts.
* :func:`message_drafts`: one follow-up message per case from templates/messages/.
* :func:`huddle_summary`: the huddle's page in Markdown or HTML from templates/huddle.*.

The loop sheets show each customer's own comment in full: the ambassador needs it to call the
customer back, and the sheet lists the customer's contact details anyway. What reads like a report
(the themes sheet's examples, the huddle's stories) is anonymised when client.yml's
``privacy.anonymise_comments`` asks for it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from markupsafe import Markup
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from . import comments as text_analysis
from . import loops as loop_engine
from .client_data import ClientData
from .errors import NpsWorkbookError
from .score import CATEGORY_COLUMN
from .templating import render
from .texts import (
    CATEGORY_COLOURS,
    EXCEL_DATE_FORMATS,
    category_label,
    check_language,
    excel_money_format,
    excel_p_value_format,
    format_date,
    label,
)
from .xlsx import write_text

#: Days of comments the root causes are found in (a theme needs more than one month's answers).
ROOT_CAUSE_DAYS = text_analysis.COMMENT_DAYS
#: Root causes and promoter stories the huddle shows; overdue cases it lists by name.
HUDDLE_ROOT_CAUSES = 3
HUDDLE_STORIES = 3
HUDDLE_OVERDUE = 10
#: Characters of the customer's comment quoted in a message draft.
EXCERPT_CHARS = 240
#: Blank rows below the cases that still get the status drop-down, for cases added by hand.
SPARE_ROWS = 200
#: Fill of a row whose case is past its deadline and not yet contacted (Excel's light red).
OVERDUE_FILL = "FFC7CE"
HEADER_FILL = "D9D9D9"
# Column widths in characters, by kind of column; the comment and message wrap.
_WIDTHS = {
    "date": 12,
    "number": 10,
    "money": 14,
    "status": 12,
    "text": 22,
    "long": 60,
    "message": 90,
}


# --- Cases prepared for the hand-over ---------------------------------------------------------


def _today(today: date | pd.Timestamp | str) -> pd.Timestamp:
    return pd.Timestamp(today).normalize()


def client_cases(
    data: ClientData,
    *,
    today: date | pd.Timestamp | str,
    window_days: int = loop_engine.WINDOW_DAYS,
) -> pd.DataFrame:
    """:func:`loops.cases` for a client folder's data, with the themes of each comment."""
    config = data.client.config
    frame = loop_engine.cases(
        loop_engine.dated_answers(data.answers),
        config.loops,
        config.roles,
        today=_today(today),
        followups=data.followups.frame if data.followups is not None else None,
        customers=data.customers.frame if data.customers is not None else None,
        window_days=window_days,
    )
    found = text_analysis.find_themes(frame["comment"], text_analysis.taxonomy(config.language))
    frame["themes"] = [", ".join(found.columns[row]) for row in found.to_numpy()]
    return frame


def message_drafts(cases: pd.DataFrame, *, client: str, language: str) -> pd.DataFrame:
    """One message per case, from templates/messages/<category>.<language>.txt.j2.

    The message goes to the customer, so it greets the customer's own contact person (else the
    customer's name) and quotes their comment unchanged, cut at ``EXCERPT_CHARS`` characters.

    Returns
    -------
    pandas.DataFrame
        ``response_id``, ``loop``, ``customer``, ``contact``, ``email``, ``phone``, ``owner``,
        ``channel``, ``message``; in the order of `cases`.
    """
    check_language(language)
    template = {1: "detractor", 2: "passive", 3: "promoter"}
    rows = []
    for case in cases.to_dict(orient="records"):
        comment = _text(case.get("comment"))
        if comment and len(comment) > EXCERPT_CHARS:
            comment = comment[: EXCERPT_CHARS - 1].rstrip() + "…"
        context = {
            "client": client,
            "language": language,
            "customer_name": _text(case.get("customer_name")),
            "contact": _text(case.get("contact")),
            "owner": _text(case.get("owner")),
            "score": int(case["score"]),
            "comment": comment,
            "date": case["date"],
        }
        name = f"messages/{template[int(case['loop'])]}.{language}.txt.j2"
        rows.append(
            {
                "response_id": case["response_id"],
                "loop": int(case["loop"]),
                "customer": _customer(case),
                "contact": context["contact"],
                "email": _text(case.get("email")),
                "phone": _text(case.get("phone")),
                "owner": context["owner"],
                "channel": case["channel"],
                "message": render(name, **context).strip(),
            }
        )
    columns = ["response_id", "loop", "customer", "contact", "email", "phone", "owner"]
    return pd.DataFrame(rows, columns=[*columns, "channel", "message"])


def _text(value: Any) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _customer(case: dict) -> str | None:
    return _text(case.get("customer_name")) or _text(case.get("respondent_id"))


# --- The Excel workbook -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    """One column of a loop sheet: its label key, the case field and how to show it."""

    key: str
    field: str
    kind: Literal["date", "number", "money", "text", "long", "status"] = "text"


#: The case fields that reach a customer's person; left out when the workbook is to hold none.
CONTACT_FIELDS = ("contact", "email", "phone")

_LOOP_COLUMNS = (
    _Column("loop.column.status", "status", "status"),
    _Column("loop.column.deadline", "deadline", "date"),
    _Column("loop.column.days_overdue", "days_overdue", "number"),
    _Column("loop.column.date", "date", "date"),
    _Column("loop.column.score", "score", "number"),
    _Column("loop.column.customer", "customer", "text"),
    _Column("loop.column.customer_id", "respondent_id", "text"),
    _Column("loop.column.contact", "contact", "text"),
    _Column("loop.column.email", "email", "text"),
    _Column("loop.column.phone", "phone", "text"),
    _Column("loop.column.owner", "owner", "text"),
    _Column("loop.column.channel", "channel", "text"),
    _Column("loop.column.action", "action", "text"),
    _Column("loop.column.comment", "comment", "long"),
    _Column("loop.column.themes", "themes", "text"),
    _Column("loop.column.revenue", "revenue", "money"),
    _Column("loop.column.answers", "answers_in_window", "number"),
    _Column("loop.column.response_id", "response_id", "text"),
    _Column("loop.column.contacted", "contacted", "date"),
    _Column("loop.column.closed", "closed", "date"),
    _Column("loop.column.note", "note", "long"),
)


def _safe(value: Any) -> Any:
    """Excel cell value: numbers and dates as they are, text never read as a formula."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().date()
    if isinstance(value, np.generic):
        return value.item()
    return value


def _put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write one cell; text never becomes a formula (see `xlsx.write_text`)."""
    value = _safe(value)
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        write_text(cell, value)
    else:
        cell.value = value
    return cell


def _header(sheet: Worksheet, titles: list[str], widths: list[int]) -> None:
    for number, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        cell = _put(sheet, 1, number, title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"


def _loop_sheet(
    book: Workbook,
    loop: int,
    cases: pd.DataFrame,
    extra: list[str],
    language: str,
    currency: str,
    contact_details: bool = True,
    scale: str = "0-10",
) -> None:
    sheet = book.create_sheet(label(f"loop.{loop}.sheet", language))
    columns = [c for c in _LOOP_COLUMNS if contact_details or c.field not in CONTACT_FIELDS]
    # The client's own touchpoint/department columns, where client.yml names them.
    at = next(i for i, c in enumerate(columns) if c.field == "comment")
    columns[at:at] = [_Column("", name, "text") for name in extra]
    mark = " (1-10)" if scale == "1-10" else ""  # a declared 1-10 scale, as every output says
    titles = [
        (label(c.key, language) if c.key else c.field) + (mark if c.field == "score" else "")
        for c in columns
    ]
    widths = [_WIDTHS[c.kind] for c in columns]
    _header(sheet, titles, widths)

    statuses = [label(f"loop.status.{s}", language) for s in loop_engine.STATUSES]
    category_fill = {
        name: PatternFill("solid", fgColor=colour.lstrip("#"))
        for name, colour in CATEGORY_COLOURS.items()
    }
    overdue_fill = PatternFill("solid", fgColor=OVERDUE_FILL)
    shown = cases.assign(
        status=cases["status"].map(lambda s: label(f"loop.status.{s}", language)),
        channel=cases["channel"].map(lambda c: label(f"loop.channel.{c}", language)),
        owner=cases["owner"].fillna(label("loop.owner.unassigned", language)),
        action=label(f"loop.{loop}.action", language),
        customer=[_customer(case) for case in cases.to_dict(orient="records")],
    )
    for offset, case in enumerate(shown.to_dict(orient="records")):
        row = offset + 2
        for number, column in enumerate(columns, start=1):
            cell = _put(sheet, row, number, case.get(column.field))
            if column.kind == "date":
                cell.number_format = EXCEL_DATE_FORMATS[language]
            elif column.kind == "money":
                cell.number_format = excel_money_format(currency, language)
            elif column.kind == "long":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if case["overdue"]:
                cell.fill = overdue_fill
            if column.field == "score":
                # The score keeps its category colour even on an overdue row.
                cell.fill = category_fill[str(case[CATEGORY_COLUMN])]
                cell.font = Font(bold=True, color="FFFFFF")
    last_row = len(shown) + 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last_row}"
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(statuses) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=label("loop.validation.title", language),
        error=label("loop.validation.error", language),
        promptTitle=label("loop.validation.title", language),
        prompt=label("loop.validation.prompt", language),
    )
    sheet.add_data_validation(validation)
    validation.add(f"A2:A{last_row + SPARE_ROWS}")


def _table_sheet(
    book: Workbook, title: str, frame: pd.DataFrame, kinds: dict[str, str], language: str
) -> None:
    sheet = book.create_sheet(title)
    widths = [_WIDTHS.get(kinds.get(c, "text"), _WIDTHS["text"]) for c in frame.columns]
    _header(sheet, list(frame.columns), widths)
    for offset, record in enumerate(frame.itertuples(index=False), start=2):
        for number, (column, value) in enumerate(zip(frame.columns, record, strict=True), 1):
            cell = _put(sheet, offset, number, value)
            kind = kinds.get(column)
            if kind == "percent":
                cell.number_format = "0.0%"
            elif kind == "decimal":
                cell.number_format = "0.00"
            elif kind == "p_value":  # as the notebooks write it: 0.412, < 0.001
                cell.number_format = excel_p_value_format(language)
            elif kind in ("long", "message"):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    if len(frame):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"


# How the themes sheet shows its number columns, by the root-cause column they come from.
_THEME_KINDS = {
    "detractor_share": "percent",
    "promoter_share": "percent",
    "lift": "decimal",
    "p_value": "p_value",
    "examples": "long",
}


def _themes_frame(data: ClientData, today: pd.Timestamp, language: str) -> pd.DataFrame:
    causes = text_analysis.client_root_causes(data, today, language)
    shown = pd.DataFrame(
        {
            label("comments.column.theme", language): causes["theme"],
            label("comments.column.detractors", language): causes["detractors"],
            label("comments.column.detractor_share", language): causes["detractor_share"],
            label("comments.column.promoters", language): causes["promoters"],
            label("comments.column.promoter_share", language): causes["promoter_share"],
            label("comments.column.lift", language): causes["lift"].replace(np.inf, np.nan),
            label("comments.column.p_value", language): causes["p_value"],
            label("comments.column.examples", language): causes["examples"].map("\n".join),
        }
    )
    return shown


def followup_workbook(
    data: ClientData,
    *,
    today: date | pd.Timestamp | str,
    window_days: int = loop_engine.WINDOW_DAYS,
    contact_details: bool = True,
) -> Workbook:
    """The follow-up workbook for a client, in the client's language.

    Sheets: one per loop (cases most urgent first: frozen header, filters, widths, a status
    drop-down, deadlines as dates, overdue rows filled light red as of `today`, the score in its
    category colour), the themes (root causes of the last ``ROOT_CAUSE_DAYS`` days, examples
    anonymised when client.yml asks), and the message drafts.

    Parameters
    ----------
    data : ClientData
        From `load_client_data`.
    today : date
        The day the workbook is made for.
    window_days : int, default 30
        Calendar days of answers the cases come from.
    contact_details : bool, default True
        False: no contact person, e-mail or phone number anywhere (the columns are left out,
        messages greet the customer by name) and comments and notes anonymised as in reports:
        a workbook that may travel (the batch's, when client.yml's
        ``privacy.anonymise_comments`` is on). The ambassador finds the contact by customer id.
    """
    config = data.client.config
    language = config.language
    today = _today(today)
    cases = client_cases(data, today=today, window_days=window_days)
    if not contact_details:
        cases = cases.assign(**dict.fromkeys(CONTACT_FIELDS))
        anonymise = text_analysis.report_anonymiser(data, language)
        if anonymise is not None:
            for column in ("comment", "note"):
                if column in cases:
                    cases[column] = anonymise(cases[column])
    extra = [c for c in (config.roles.touchpoint, config.roles.department) if c in cases]
    book = Workbook()
    book.remove(book.active)
    for loop in loop_engine.LOOPS:
        _loop_sheet(
            book,
            loop,
            cases[cases["loop"] == loop],
            extra,
            language,
            config.currency,
            contact_details,
            data.responses.scale,
        )

    themes = _themes_frame(data, today, language)
    kinds = {label(f"comments.column.{key}", language): kind for key, kind in _THEME_KINDS.items()}
    _table_sheet(book, label("loop.sheet.themes", language), themes, kinds, language)

    drafts = message_drafts(cases, client=config.client, language=language)
    shown = pd.DataFrame(
        {
            label("loop.column.response_id", language): drafts["response_id"],
            label("loop.column.loop", language): drafts["loop"].map(
                lambda n: label(f"loop.{n}.name", language)
            ),
            label("loop.column.customer", language): drafts["customer"],
            **{
                label(f"loop.column.{field}", language): drafts[field]
                for field in CONTACT_FIELDS
                if contact_details
            },
            label("loop.column.owner", language): drafts["owner"].fillna(
                label("loop.owner.unassigned", language)
            ),
            label("loop.column.channel", language): drafts["channel"].map(
                lambda c: label(f"loop.channel.{c}", language)
            ),
            label("loop.column.message", language): drafts["message"],
        }
    )
    _table_sheet(
        book,
        label("loop.sheet.messages", language),
        shown,
        {label("loop.column.message", language): "message"},
        language,
    )
    return book


def write_followup_workbook(
    data: ClientData,
    path: str | Path,
    *,
    today: date | pd.Timestamp | str,
    window_days: int = loop_engine.WINDOW_DAYS,
    contact_details: bool = True,
) -> Path:
    """Write :func:`followup_workbook` to `path` (.xlsx) and return the path."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise NpsWorkbookError(f"{path}: the follow-up workbook is an Excel file; name it .xlsx")
    book = followup_workbook(
        data, today=today, window_days=window_days, contact_details=contact_details
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
    except OSError as exc:
        raise NpsWorkbookError(f"{path}: cannot write the workbook: {exc.strerror}") from None
    return path


# --- The huddle -------------------------------------------------------------------------------


def huddle_context(
    data: ClientData,
    today: date | pd.Timestamp | str,
    language: str | None = None,
    *,
    window_days: int = loop_engine.WINDOW_DAYS,
) -> dict[str, Any]:
    """Everything the huddle templates show, as plain values (see :func:`huddle_summary`)."""
    config = data.client.config
    language = check_language(language or config.language)
    today = _today(today)
    counts = loop_engine.loop_counts(
        loop_engine.dated_answers(data.answers), config.loops, today=today, window_days=window_days
    )
    cases = client_cases(data, today=today, window_days=window_days)
    overdue = cases[cases["overdue"]]
    span = pd.Timedelta(days=window_days)
    anonymise = text_analysis.report_anonymiser(data, language)

    causes = text_analysis.client_root_causes(data, today, language, examples=1)
    causes = causes[causes["difference"] > 0].head(HUDDLE_ROOT_CAUSES)

    promoters = cases[(cases["loop"] == loop_engine.PROMOTER_LOOP) & cases["comment"].notna()]
    # The same words from two customers make one story.
    stories = promoters["comment"].astype("string").drop_duplicates()
    if len(stories):
        # The warmest comments first: AFINN sentiment, ties to the longer story.
        warmth = text_analysis.sentiment(stories, config.language)
        order = pd.DataFrame({"warmth": warmth, "length": stories.str.len()})
        stories = stories.loc[order.sort_values(["warmth", "length"], ascending=False).index].head(
            HUDDLE_STORIES
        )
        if anonymise is not None:
            stories = anonymise(stories)

    return {
        "client": config.client,
        "language": language,
        "today": format_date(today, language),
        "period_start": format_date(today - span + pd.Timedelta(days=1), language),
        "previous_start": format_date(today - 2 * span + pd.Timedelta(days=1), language),
        "previous_end": format_date(today - span, language),
        "window_days": window_days,
        "loops": [
            {
                "name": label(f"loop.{row.loop}.name", language),
                "this_period": int(row.this_period),
                "last_period": int(row.last_period),
                "change": int(row.change),
            }
            for row in counts.itertuples()
        ],
        "overdue_total": len(overdue),
        "overdue_by_loop": [
            {"name": label(f"loop.{n}.name", language), "count": int((overdue["loop"] == n).sum())}
            for n in loop_engine.LOOPS
        ],
        "overdue": [
            {
                "loop": label(f"loop.{int(case['loop'])}.name", language),
                "customer": _customer(case) or "",
                "owner": _text(case["owner"]) or label("loop.owner.unassigned", language),
                "days_overdue": int(case["days_overdue"]),
                "deadline": format_date(case["deadline"], language),
                "score": int(case["score"]),
            }
            for case in overdue.head(HUDDLE_OVERDUE).to_dict(orient="records")
        ],
        "root_causes": [
            {
                "theme": cause.theme,
                "detractors": int(cause.detractors),
                "detractor_share": float(cause.detractor_share),
                "promoter_share": float(cause.promoter_share),
                "example": cause.examples[0] if cause.examples else "",
            }
            for cause in causes.itertuples()
        ],
        "root_cause_days": ROOT_CAUSE_DAYS,
        "stories": [str(s) for s in stories],
        "detractors_label": category_label("detractor", language),
        "promoters_label": category_label("promoter", language),
    }


def huddle_summary(
    data: ClientData,
    today: date | pd.Timestamp | str,
    language: str | None = None,
    *,
    output: Literal["markdown", "html"] = "markdown",
    window_days: int = loop_engine.WINDOW_DAYS,
) -> str:
    """The huddle's page: loop counts against the period before, overdue cases, the top root
    causes and good stories from promoters.

    This period is the `window_days` days up to `today`, the last period the same span before
    it. Rendered from templates/huddle.<language>.md.j2 or .html.j2 (HTML escaped).

    Parameters
    ----------
    data : ClientData
        From `load_client_data`.
    today : date
        The huddle's date.
    language : {"da", "en"}, optional
        Default: the client's language.
    output : {"markdown", "html"}, default "markdown"
    window_days : int, default 30
    """
    context = huddle_context(data, today, language, window_days=window_days)
    suffix = {"markdown": "md", "html": "html"}[output]
    if output == "markdown":
        context = _markdown_safe(context)
    page = render(f"huddle.{context['language']}.{suffix}.j2", **context)
    # Markup: escaped already, so Workbook.show displays it as it is, not escaped twice.
    return Markup(page) if output == "markdown" else page


def _markdown_safe(value: Any) -> Any:
    """Customers' text made inert in Markdown: HTML escaped, on one line, no table breaks.

    Markdown passes raw HTML through, and the huddle is shown in notebooks and their HTML
    reports, so a comment "<script>...</script>" must arrive as text. The entities render as
    the characters the customer typed.
    """
    if isinstance(value, dict):
        return {key: _markdown_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_markdown_safe(item) for item in value]
    if isinstance(value, str):
        text = re.sub(r"\s*[\r\n]+\s*", " ", html.escape(value, quote=False))
        return text.replace("|", "\\|")
    return value
