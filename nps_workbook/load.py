"""Reading survey exports (CSV or Excel, from any survey tool) into tidy answers.

`load_responses` is the way in: it reads the file whatever its encoding, delimiter and
decimal mark, recognises the score, date, comment and id columns, and returns one row per usable
answer plus every other row with the reason it was refused. Nothing is dropped silently:
``accepted + rejected == rows_read``, and rows with no value at all are counted as empty rows.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from . import parse
from .columns import ROLES, ColumnRoles, recognise
from .config import SurveyFormat, survey_format
from .errors import SurveyFileError
from .score import categorize

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (",", ";", "\t", "|")

# Rejection reasons the loader adds to those of the value parsers.
TOO_MANY_FIELDS = "more fields than the header"
DUPLICATE_RESPONSE_ID = "duplicate response id"

# Columns of the tidy answers, before the export's own segment columns.
ANSWER_COLUMNS = ("row", "response_id", "respondent_id", "date", "score", "category", "comment")


@dataclass(frozen=True)
class RawTable:
    """An export as text: header names and one str value per cell, before any interpretation."""

    frame: pd.DataFrame
    rows: pd.Series  # the spreadsheet row number of each record (header is row 1)
    extra_fields: pd.Series  # per record: the values beyond the header's width, or <NA>
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None


@dataclass(frozen=True)
class LoadResult:
    """What `load_responses` read: accepted answers, rejected rows and how the file was read.

    Attributes
    ----------
    answers : DataFrame
        One row per accepted answer: `row` (the source row, header = row 1), `response_id`,
        `respondent_id`, `date`, `score` (int 0-10), `category` (detractor/passive/promoter),
        `comment`, then every other column of the export as a segment attribute.
    rejected : DataFrame
        `row`, `reason`, `detail`, then the row's raw values as text.
    source : str
        The file's name (never its folder: results travel into client reports).
    """

    answers: pd.DataFrame
    rejected: pd.DataFrame
    source: str
    rows_read: int
    empty_rows: int
    columns: ColumnRoles
    segments: tuple[str, ...]
    encoding: str | None
    delimiter: str | None
    decimal: str
    date_order: str | None
    date_order_assumed: bool
    sheet: str | None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def reasons(self) -> dict[str, int]:
        """Rejected rows counted by reason, most frequent first."""
        counts = self.rejected["reason"].value_counts()
        return {str(reason): int(count) for reason, count in counts.items()}

    def summary(self) -> dict:
        """A JSON-ready account of the load, as `nps-workbook validate --format json` prints it."""
        return {
            "file": self.source,
            "rows_read": self.rows_read,
            "accepted": len(self.answers),
            "rejected": len(self.rejected),
            "empty_rows": self.empty_rows,
            "reasons": self.reasons,
            "columns": self.columns.as_dict(),
            "segments": list(self.segments),
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "decimal": self.decimal,
            "date_order": self.date_order,
            "date_order_assumed": self.date_order_assumed,
            "sheet": self.sheet,
        }


def load_responses(path: str | Path, config: SurveyFormat | dict | str | Path | None = None):
    """Read a survey export into accepted answers and rejected rows.

    Parameters
    ----------
    path : str or Path
        A CSV (any of , ; tab | as delimiter; UTF-8 with or without BOM, UTF-16 with BOM, cp1252
        or latin-1) or an Excel workbook (.xlsx, .xlsm).
    config : SurveyFormat, dict, str or Path, optional
        Column mapping and reading options, or the path of a YAML file holding them (see
        `nps_workbook.config`). Anything not given is detected.

    Returns
    -------
    LoadResult

    Raises
    ------
    SurveyFileError
        The file is missing, empty, unreadable, or has no column that can be the score.
    ConfigError
        The config file is malformed.

    Examples
    --------
    >>> result = load_responses("sample_data/dk-b2b-it/responses.csv")  # doctest: +SKIP
    >>> result.answers[["score", "category"]].head()  # doctest: +SKIP
    """
    path = Path(path)
    fmt = survey_format(config)
    table = read_table(path, fmt)
    frame, rows, extra, empty_rows = _without_empty_rows(table)

    mapping = fmt.columns.model_dump(exclude_none=True)
    roles, unmatched = recognise(frame, mapping)
    if unmatched:
        wanted = ", ".join(f"columns.{role} = '{name}'" for role, name in unmatched.items())
        raise SurveyFileError(
            f"{path}: the config asks for {wanted}, but the file has no such column; "
            f"its columns are: {_list_columns(frame)}"
        )
    if roles is None:
        raise SurveyFileError(
            f"{path}: found no score column among: {_list_columns(frame)}. "
            "Name the 0-10 answer column in a config file, e.g. 'columns: {score: \"Q1\"}', "
            "and pass it with --config."
        )

    decimal = "," if table.delimiter == ";" else "."
    scores = parse.parse_scores(frame[roles.score])
    checks: list[tuple[pd.Series, pd.Series]] = [
        _too_many_fields(extra),
        (scores.problem, scores.detail),
    ]

    date_order, order_assumed, dates = None, False, None
    if roles.date is not None:
        if fmt.date_format is None and fmt.date_order is None:
            date_order, order_assumed = parse.detect_date_order(frame[roles.date])
        else:
            date_order = fmt.date_order
        dates, date_order = parse.parse_dates(
            frame[roles.date], order=date_order, date_format=fmt.date_format
        )
        checks.append((dates.problem, dates.detail))

    response_ids = _text_or_na(frame[roles.response_id]) if roles.response_id else None
    if response_ids is not None:
        checks.append(_duplicate_ids(response_ids, rows))

    reason, detail = _first_problem(frame.index, checks)
    accepted = reason.isna()

    answers = pd.DataFrame({"row": rows[accepted].astype("int64")})
    if response_ids is not None:
        answers["response_id"] = response_ids[accepted]
    if roles.respondent_id:
        answers["respondent_id"] = _text_or_na(frame.loc[accepted, roles.respondent_id])
    if dates is not None:
        answers["date"] = dates.values[accepted]
    answers["score"] = scores.values[accepted].astype("int8")
    answers["category"] = categorize(answers["score"])
    if roles.comment:
        answers["comment"] = _text_or_na(frame.loc[accepted, roles.comment])

    used = {name for name in roles.as_dict().values() if name}
    segments = tuple(c for c in frame.columns if c not in used)
    for name in segments:
        target = f"{name} (source)" if name in ANSWER_COLUMNS else name
        numbers = parse.parse_number_column(frame.loc[accepted, name], decimal)
        answers[target] = numbers if numbers is not None else _text_or_na(frame.loc[accepted, name])
    answers = answers.reset_index(drop=True)

    rejected = _rejected(frame, rows, reason, detail)

    return LoadResult(
        answers=answers,
        rejected=rejected,
        source=path.name,
        rows_read=len(frame),
        empty_rows=empty_rows,
        columns=roles,
        segments=tuple(f"{s} (source)" if s in ANSWER_COLUMNS else s for s in segments),
        encoding=table.encoding,
        delimiter=table.delimiter,
        decimal=decimal,
        date_order=date_order,
        date_order_assumed=order_assumed,
        sheet=table.sheet,
    )


def _without_empty_rows(table: RawTable) -> tuple[pd.DataFrame, pd.Series, pd.Series, int]:
    """Drop rows with no value at all (Excel leaves them behind); they are counted, not lost."""
    frame = table.frame
    empty = pd.Series(False, index=frame.index)
    if frame.shape[1]:
        # An empty row is blank in its first column: only those rows need the full check.
        candidates = frame.index[frame.iloc[:, 0].str.strip() == ""]
        rest = frame.loc[candidates]
        empty[candidates] = (rest.apply(lambda col: col.str.strip()) == "").all(axis=1)
    kept = ~empty
    return table.frame[kept], table.rows[kept], table.extra_fields[kept], int(empty.sum())


def _first_problem(
    index: pd.Index, checks: list[tuple[pd.Series, pd.Series]]
) -> tuple[pd.Series, pd.Series]:
    """Per row, the first problem any check found (and its detail): one reason per rejected row."""
    reason = pd.Series(pd.NA, index=index, dtype="string")
    detail = pd.Series(pd.NA, index=index, dtype="string")
    for problem, problem_detail in checks:
        fill = reason.isna() & problem.notna()
        reason[fill] = problem[fill]
        detail[fill] = problem_detail[fill]
    return reason, detail


def _rejected(
    frame: pd.DataFrame, rows: pd.Series, reason: pd.Series, detail: pd.Series
) -> pd.DataFrame:
    """The rejected rows: row number, reason, detail, then the row's raw values as text."""
    bad = reason.notna()
    head = pd.DataFrame(
        {"row": rows[bad].astype("int64"), "reason": reason[bad], "detail": detail[bad]}
    )
    return pd.concat([head, frame[bad]], axis=1).reset_index(drop=True)


def _list_columns(frame: pd.DataFrame) -> str:
    names = [f"'{c}'" for c in frame.columns]
    return ", ".join(names) if names else "(none)"


def _text_or_na(raw: pd.Series) -> pd.Series:
    text = raw.astype("string").str.strip()
    return text.mask(text.str.lower().isin(parse.MISSING_TOKENS))


def _too_many_fields(extra: pd.Series) -> tuple[pd.Series, pd.Series]:
    problem = pd.Series(pd.NA, index=extra.index, dtype="string")
    problem[extra.notna()] = TOO_MANY_FIELDS
    detail = "extra values " + extra + " (a delimiter inside an unquoted value?)"
    return problem, detail


def _duplicate_ids(ids: pd.Series, rows: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Every repeat of a response id after its first row, pointing back at that row."""
    present = ids.notna()
    repeat = present & ids.duplicated(keep="first")
    problem = pd.Series(pd.NA, index=ids.index, dtype="string")
    detail = pd.Series(pd.NA, index=ids.index, dtype="string")
    if repeat.any():
        first = present & ~repeat
        first_row = pd.Series(rows[first].to_numpy(), index=ids[first].to_numpy())
        problem[repeat] = DUPLICATE_RESPONSE_ID
        detail[repeat] = (
            "'"
            + ids[repeat]
            + "' also in row "
            + first_row.reindex(ids[repeat].to_numpy()).astype("string").to_numpy()
        )
    return problem, detail


# --- the client's other files: customers, follow-up log, touchpoints -------------------------

MISSING_VALUE = "missing value"
DUPLICATE_KEY = "duplicate key"


@dataclass(frozen=True)
class TableResult:
    """A supporting file read into named columns, with the rows it could not use and why.

    `frame` has the mapped columns under the names the config gives them (``id``, ``revenue``,
    ``contacted`` ...) plus `row`, and every other column under its own header. `rejected` has
    `row`, `reason`, `detail` and the raw values. ``len(frame) + len(rejected) == rows_read``.
    """

    frame: pd.DataFrame
    rejected: pd.DataFrame
    source: str
    rows_read: int


def load_table(
    path: str | Path,
    columns: dict[str, str | None],
    *,
    config_key: str,
    sheet: str | int | None = None,
    required: tuple[str, ...] = (),
    dates: tuple[str, ...] = (),
    numbers: tuple[str, ...] = (),
    key: str | None = None,
) -> TableResult:
    """Read a customers file, follow-up log or touchpoint list with the columns client.yml names.

    Parameters
    ----------
    path : str or Path
        CSV or Excel, read like a survey export (encoding, delimiter, decimal mark detected).
    columns : dict
        Our name -> the file's column header, e.g. ``{"id": "Kunde-ID", "revenue": "Omsætning"}``;
        None values are ignored.
    config_key : str
        Where the mapping lives in client.yml (``customers``), for messages.
    required, dates, numbers : tuple of str
        Our names of the columns that must not be blank, that hold dates, that hold numbers.
        A row with a blank required value, or a value that is not a date or a number, is rejected.
    key : str, optional
        Our name of a column whose values must be unique; later repeats are rejected.

    Raises
    ------
    SurveyFileError
        The file cannot be read, or lacks a column the mapping names, or a needed column is not
        mapped at all.
    """
    path = Path(path)
    table = read_table(path, SurveyFormat(sheet=sheet))
    frame, rows, extra, _ = _without_empty_rows(table)
    mapping = {ours: theirs for ours, theirs in columns.items() if theirs}
    for ours in (*required, *dates, *numbers, *([key] if key else [])):
        if ours not in mapping:
            raise SurveyFileError(
                f"{path}: client.yml does not say which column holds {ours!r}; "
                f"set {config_key}.{ours} to one of: {_list_columns(frame)}"
            )
    missing = {ours: theirs for ours, theirs in mapping.items() if theirs not in frame.columns}
    if missing:
        wanted = ", ".join(f"{config_key}.{ours} = '{theirs}'" for ours, theirs in missing.items())
        raise SurveyFileError(
            f"{path}: client.yml names {wanted}, but the file has no such column; "
            f"its columns are: {_list_columns(frame)}"
        )
    decimal = "," if table.delimiter == ";" else "."
    renamed = frame.rename(columns={theirs: ours for ours, theirs in mapping.items()})
    checks: list[tuple[pd.Series, pd.Series]] = [_too_many_fields(extra)]
    for ours in required:
        blank = renamed[ours].str.strip().str.lower().isin(parse.MISSING_TOKENS)
        problem = pd.Series(pd.NA, index=frame.index, dtype="string")
        problem[blank] = f"{MISSING_VALUE}: {mapping[ours]}"
        checks.append((problem, problem.where(problem.isna(), "blank")))
    typed: dict[str, pd.Series] = {}
    for ours in dates:
        parsed, _ = parse.parse_dates(renamed[ours])
        typed[ours] = parsed.values
        # A blank date is allowed (a case not closed yet); a date that cannot be read is not.
        problem = parsed.problem.where(parsed.problem != parse.DATE_MISSING)
        checks.append((problem.str.replace("date", mapping[ours], n=1), parsed.detail))
    for ours in numbers:
        parsed = parse.parse_numbers(renamed[ours], decimal)
        typed[ours] = parsed.values
        checks.append((parsed.problem + ": " + mapping[ours], parsed.detail))
    if key:
        ids = _text_or_na(renamed[key])
        problem, detail = _duplicate_ids(ids, rows)
        checks.append((problem.str.replace(DUPLICATE_RESPONSE_ID, DUPLICATE_KEY), detail))

    reason, detail = _first_problem(frame.index, checks)
    accepted = reason.isna()
    result = renamed[accepted].copy()
    for name in result.columns:
        result[name] = typed[name][accepted] if name in typed else _text_or_na(result[name])
    result.insert(0, "row", rows[accepted].astype("int64"))
    return TableResult(
        frame=result.reset_index(drop=True),
        rejected=_rejected(frame, rows, reason, detail),
        source=path.name,
        rows_read=len(frame),
    )


# --- reading the file ---------------------------------------------------------------------


def read_table(path: Path, fmt: SurveyFormat | None = None) -> RawTable:
    """Read an export as text cells, choosing CSV or Excel by content, not only by name."""
    fmt = fmt or SurveyFormat()
    if not path.exists():
        raise SurveyFileError(f"{path}: no such file")
    if path.is_dir():
        raise SurveyFileError(f"{path}: is a folder, expected a CSV or Excel file")
    data = path.read_bytes()
    if not data.strip():
        raise SurveyFileError(f"{path}: the file is empty")
    if data[:4] == b"PK\x03\x04":
        return _read_excel(path, fmt)
    if path.suffix.lower() == ".xls" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SurveyFileError(
            f"{path}: an old Excel 97-2003 (.xls) workbook; save it as .xlsx or CSV and try again"
        )
    return _read_csv(path, data, fmt)


def detect_encoding(data: bytes) -> str:
    """The text encoding of a CSV export.

    Deterministic rather than statistical: a byte-order mark decides; else strict UTF-8 (which
    random legacy bytes almost never pass); else cp1252, what Danish Excel saves as "CSV"; else
    latin-1, which decodes any byte (old DOS-era files mixing cp850 bytes land here).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        # cp1252 leaves five byte values undefined; a file using one cannot be cp1252.
        return "latin-1" if any(byte in data for byte in _CP1252_UNDEFINED) else "cp1252"
    return "utf-8"


_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
_HEAD_BYTES = 1 << 16


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number (>1) of fields.

    Parsed with the csv module so quoted values ("Hansen, Mette") do not count. Ties go to the
    candidate giving more fields; a file with one column gets ",".
    """
    head = "\n".join(text[:65536].splitlines()[:50])
    best, best_key = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        records = [r for r in csv.reader(io.StringIO(head), delimiter=delimiter) if r]
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        consistent = sum(len(r) == width for r in records) / len(records)
        key = (consistent, width)
        if key > best_key:
            best, best_key = delimiter, key
    return best


def _read_csv(path: Path, data: bytes, fmt: SurveyFormat) -> RawTable:
    encoding = fmt.encoding or detect_encoding(data)
    try:
        codecs.lookup(encoding)
        head = data[:_HEAD_BYTES].decode(encoding, errors="ignore").lstrip("\ufeff")
    except LookupError:
        raise SurveyFileError(f"{path}: '{encoding}' is not a known text encoding") from None
    delimiter = fmt.delimiter or detect_delimiter(head)
    try:
        cells = _read_rectangular(data, encoding, delimiter, head)
        if cells is not None:
            extra = pd.Series(pd.NA, index=cells.index[1:], dtype="string")
        else:
            # Rows wider or narrower than the header, or blank lines: read them all with the
            # csv module, pad the short ones and flag the rows whose extra fields hold data,
            # instead of letting a parser fail or drop values.
            cells, extra = _read_ragged(data.decode(encoding).lstrip("\ufeff"), delimiter)
    except UnicodeDecodeError as exc:
        raise SurveyFileError(
            f"{path}: cannot be read as {encoding}: byte {exc.object[exc.start : exc.end]!r} at "
            f"position {exc.start} ({exc.reason})"
        ) from None

    header = _header_names(cells.iloc[0].tolist())
    body = cells.iloc[1:].copy()
    body.columns = header
    body = _drop_blank_unnamed(body, cells.iloc[0].tolist())
    rows = pd.Series(range(2, len(body) + 2), index=body.index)
    return RawTable(body, rows, extra.reindex(body.index), encoding, delimiter)


def _read_rectangular(data: bytes, encoding: str, delimiter: str, head: str) -> pd.DataFrame | None:
    """Every record as text cells with Arrow's CSV reader, or None if any record is ragged.

    Arrow parses (and transcodes legacy encodings) in C++ and keeps the cells as Arrow strings,
    which the later vectorised checks work on without Python objects. The header is read as
    row 0 so that duplicate or blank header names reach `_header_names` unchanged.
    """
    width = len(next(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter), []))
    if width == 0:
        return None
    if encoding in ("utf-8", "utf-8-sig"):
        encoding, data = "utf8", data.removeprefix(b"\xef\xbb\xbf")
    ragged = []
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True, encoding=encoding),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=True,
                ignore_empty_lines=False,
                invalid_row_handler=lambda row: ragged.append(row) or "skip",
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={f"f{i}": pa.string() for i in range(width)},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        return None
    if ragged or table.num_columns != width:
        return None
    text_dtype = pd.StringDtype("pyarrow", na_value=np.nan)
    frame = table.to_pandas(types_mapper=lambda t: text_dtype if t == pa.string() else None)
    frame.columns = range(width)
    return frame


def _read_ragged(text: str, delimiter: str) -> tuple[pd.DataFrame, pd.Series]:
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    width = len(records[0])
    padded, extra = [], []
    for record in records:
        beyond = [value for value in record[width:] if value.strip()]
        extra.append("; ".join(f"'{value}'" for value in beyond) if beyond else pd.NA)
        padded.append((record + [""] * width)[:width])
    cells = pd.DataFrame(padded, dtype="str")
    return cells, pd.Series(extra[1:], index=cells.index[1:], dtype="string")


def _header_names(raw: list) -> list[str]:
    """Clean header names; blank ones become column_N and repeats get a (2), (3) suffix."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for position, value in enumerate(raw, start=1):
        name = str(value).strip().lstrip("\ufeff") if value is not None else ""
        name = name or f"column_{position}"
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names


def _drop_blank_unnamed(body: pd.DataFrame, raw_header: list) -> pd.DataFrame:
    """Columns with neither a header nor any value (a trailing delimiter on every line)."""
    keep = [
        name
        for name, head in zip(body.columns, raw_header, strict=True)
        if str(head).strip() or (body[name].str.strip() != "").any()
    ]
    return body[keep]


def _read_excel(path: Path, fmt: SurveyFormat) -> RawTable:
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise SurveyFileError(f"{path}: not a readable Excel workbook ({exc})") from None
    with book:  # closes the file handle, also when the sheet is refused
        sheets = book.sheet_names
        sheet = fmt.sheet if fmt.sheet is not None else sheets[0]
        if isinstance(sheet, int):
            if not 0 <= sheet < len(sheets):
                raise SurveyFileError(
                    f"{path}: has no sheet number {sheet}; its sheets are {sheets}"
                )
            sheet = sheets[sheet]
        if sheet not in sheets:
            raise SurveyFileError(f"{path}: has no sheet '{sheet}'; its sheets are: {sheets}")
        cells = pd.read_excel(book, sheet_name=sheet, header=None, dtype=object)
    if cells.empty:
        raise SurveyFileError(f"{path}: sheet '{sheet}' is empty")
    cells = cells.apply(lambda column: column.map(_excel_cell_text)).astype("str")
    header = _header_names(cells.iloc[0].tolist())
    body = cells.iloc[1:].copy()
    body.columns = header
    body = _drop_blank_unnamed(body, cells.iloc[0].tolist())
    rows = pd.Series(range(2, len(body) + 2), index=body.index)
    extra = pd.Series(pd.NA, index=body.index, dtype="string")
    return RawTable(body, rows, extra, None, None, sheet)


def _excel_cell_text(value) -> str:
    """A cell as the text a CSV export of it would hold, so one parser serves both formats."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


__all__ = ["ROLES", "LoadResult", "load_responses", "read_table"]
