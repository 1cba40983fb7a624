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
import html
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from . import parse
from .columns import ROLES, ColumnRoles, is_score_header, recognise, score_likeness
from .config import SCALE_CHECK_MIN_ANSWERS, SCALE_CHECK_MIN_ONES, SurveyFormat, survey_format
from .errors import SurveyFileError
from .score import categorize

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (",", ";", "\t", "|")

# Rejection reasons the loader adds to those of the value parsers.
TOO_MANY_FIELDS = "more fields than the header"
DUPLICATE_RESPONSE_ID = "duplicate response id"
REPEATED_HEADER = "repeated header row"
DATE_IN_FUTURE = "date in the future"
DATE_TOO_EARLY = "date before 1990"

#: Answers dated before this are typing or export errors (NPS itself dates from 2003).
EARLIEST_DATE = pd.Timestamp("1990-01-01")

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
    notes: tuple[str, ...] = ()


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
    rows_read : int
        Data rows below the header, empty rows not counted: ``len(answers) + len(rejected)``.
    notes : tuple of str
        What the loader did that a reader of the file should know: title rows skipped above the
        header, merged cells filled, zero bytes removed, the sheet chosen among several.
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
            "notes": list(self.notes),
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
    where = f"{path} (sheet '{table.sheet}')" if table.sheet is not None else str(path)

    mapping = fmt.columns.model_dump(exclude_none=True)
    roles, unmatched = recognise(frame, mapping)
    if unmatched:
        wanted = ", ".join(f"columns.{role} = '{name}'" for role, name in unmatched.items())
        raise SurveyFileError(
            f"{where}: the config asks for {wanted}, but the file has no such column; "
            f"its columns are: {_list_columns(frame)}"
        )
    if roles is None:
        raise SurveyFileError(
            f"{where}: found no score column among: {_list_columns(frame)}. "
            "Name the 0-10 answer column in a config file, e.g. 'columns: {score: \"Q1\"}', "
            "and pass it with --config."
        )
    if roles.score_alternatives:
        names = ", ".join(f"'{c}'" for c in (roles.score, *roles.score_alternatives))
        raise SurveyFileError(
            f"{where}: {len(roles.score_alternatives) + 1} columns could be the 0-10 score and "
            f"hold different answers: {names}. Name the one to use in a config file, e.g. "
            f"'columns: {{score: \"{roles.score}\"}}', and pass it with --config."
        )

    decimal = "," if table.delimiter == ";" else "."
    scores = parse.parse_scores(frame[roles.score])
    if fmt.scale == "check":
        _check_scale(where, roles.score, scores.values)
    checks: list[tuple[pd.Series, pd.Series]] = [
        _too_many_fields(extra),
        _repeated_header(frame, roles.score),
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
        checks.append(_implausible_dates(dates.values, frame[roles.date]))

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
        notes=table.notes,
    )


def _check_scale(where: str, column: str, scores: pd.Series) -> None:
    """Refuse answers that look like another scale than 0-10 (see `SurveyFormat.scale`).

    A 0-5 or 1-5 scale shows as at least `SCALE_CHECK_MIN_ANSWERS` answers none above 5. A 1-10
    scale shows as the bottom of the scale used (`SCALE_CHECK_MIN_ONES` answers of 1 or more)
    and 0 never: on a 0-10 scale the least willing answer 0 at least as often as 1, so five 1s
    and no 0 happen by chance less than once in 2^5.
    """
    valid = scores.dropna()
    if valid.empty:
        return
    override = (
        "If the survey did ask 0-10, say so with 'scale: \"0-10\"' in the config "
        '(responses: {scale: "0-10"} in client.yml).'
    )
    low, high = int(valid.min()), int(valid.max())
    if len(valid) >= SCALE_CHECK_MIN_ANSWERS and high <= 5:
        raise SurveyFileError(
            f"{where}: the answers in '{column}' look like a {low}-5 scale, not the 0-10 "
            f"recommend question: none of {len(valid)} answers is above 5 (found {low} to "
            f"{high}). Scoring them as NPS would make every answer a detractor. {override}"
        )
    ones = int((valid == 1).sum())
    if ones >= SCALE_CHECK_MIN_ONES and low == 1:
        raise SurveyFileError(
            f"{where}: the answers in '{column}' look like a 1-10 scale, not 0-10: {ones} of "
            f"{len(valid)} answers are 1 and none is 0. On a 1-10 scale the NPS categories "
            f"(0-6, 7-8, 9-10) do not hold. {override}"
        )


def _repeated_header(frame: pd.DataFrame, score: str) -> tuple[pd.Series, pd.Series]:
    """Rows that repeat the header (two exports pasted together), instead of 'not a number'."""
    problem = pd.Series(pd.NA, index=frame.index, dtype="string")
    same = frame[score].str.strip() == score
    if same.any():
        rest = frame[same]
        named = [c for c in frame.columns if not re.fullmatch(r"column_\d+", c)]
        matches = sum((rest[c].str.strip() == re.sub(r" \(\d+\)$", "", c)) for c in named)
        problem[rest.index[matches * 2 >= len(named)]] = REPEATED_HEADER
    detail = problem.where(problem.isna(), "the header again (two exports joined?)")
    return problem, detail


def _implausible_dates(values: pd.Series, raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates read fine but impossible for an answer: after tomorrow or before 1990."""
    tomorrow = pd.Timestamp.now().normalize() + pd.Timedelta(days=1)
    problem = pd.Series(pd.NA, index=values.index, dtype="string")
    problem[values > tomorrow] = DATE_IN_FUTURE
    problem[values < EARLIEST_DATE] = DATE_TOO_EARLY
    shown = problem.notna()
    detail = pd.Series(pd.NA, index=values.index, dtype="string")
    if shown.any():
        detail[shown] = "found '" + raw[shown].str.strip().str.slice(0, 40) + "'"
    return problem, detail


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

#: Rows at the top of a file searched for the header (title rows above it are skipped).
HEADER_SEARCH_ROWS = 20
#: Encoding name reported for a file that is UTF-8 with some cp1252 lines (two exports joined).
MIXED_ENCODING = "utf-8 with cp1252 lines"

_BINARY_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"SQLite format 3": "an SQLite database",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
}
# Bytes below space other than tab, LF and CR: text exports hold (next to) none of them.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))
_SEP_LINE = re.compile(r"sep=([^\r\n])[ \t]*(?:\r\n|\r|\n)")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)")


def read_table(path: Path, fmt: SurveyFormat | None = None) -> RawTable:
    """Read an export as text cells, choosing CSV or Excel by content, not only by name."""
    fmt = fmt or SurveyFormat()
    if not path.exists():
        raise SurveyFileError(f"{path}: no such file")
    if path.is_dir():
        raise SurveyFileError(f"{path}: is a folder, expected a CSV or Excel file")
    data = path.read_bytes()
    if not data.replace(b"\x00", b"").strip():
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

    Deterministic rather than statistical: a byte-order mark decides; else zero bytes in every
    other position (UTF-16 saved without a mark); else strict UTF-8 (which random legacy bytes
    almost never pass); else UTF-8 with cp1252 lines (`MIXED_ENCODING`) when valid UTF-8 letters
    and stray legacy bytes both occur; else cp1252, what Danish Excel saves as "CSV"; else
    latin-1, which decodes any byte (old DOS-era files mixing cp850 bytes land here).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    wide = _utf16_without_bom(data[:4096])
    if wide is not None:
        return wide
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        if _has_utf8_letters(data):
            return MIXED_ENCODING
        # cp1252 leaves five byte values undefined; a file using one cannot be cp1252.
        return "latin-1" if any(byte in data for byte in _CP1252_UNDEFINED) else "cp1252"
    return "utf-8"


_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
_HEAD_BYTES = 1 << 16
# UTF-8 for the letters and punctuation of Western European text (æ ø å é ü, – ’ ” €): read as
# cp1252 they are "Ã¦", "â€™", pairs no cp1252 text contains by itself.
_UTF8_LETTER = re.compile(rb"\xc3[\x80-\xbf]|\xe2\x80[\x90-\xbf]|\xe2\x82\xac")


def _utf16_without_bom(sample: bytes) -> str | None:
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.3 * pairs and even < 0.05 * pairs:
        return "utf-16-le"
    if even > 0.3 * pairs and odd < 0.05 * pairs:
        return "utf-16-be"
    return None


def _has_utf8_letters(data: bytes) -> bool:
    """Two or more UTF-8 encoded letters near either end of a file that is not all UTF-8.

    Only the first and last megabyte are searched: files glued together show it there, and a
    full scan would cost every large legacy export a pass.
    """
    ends = (data[: 1 << 20], data[-(1 << 20) :]) if len(data) > 2 << 20 else (data,)
    return sum(len(_UTF8_LETTER.findall(part)) for part in ends) >= 2


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 refused as cp1252 (latin-1 for the five it leaves undefined)."""
    bad = error.object[error.start : error.end]
    text = "".join(
        chr(byte) if bytes([byte]) in _CP1252_UNDEFINED else bytes([byte]).decode("cp1252")
        for byte in bad
    )
    return text, error.end


codecs.register_error("nps-workbook-cp1252", _cp1252_fallback)


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number (>1) of fields.

    Parsed with the csv module so quoted values ("Hansen, Mette") do not count. The width is the
    most common one, so title lines above the header do not decide. Ties go to the candidate
    giving more fields; a file with one column gets ",".
    """
    head = "\n".join(text[:65536].splitlines()[:50])
    best, best_key = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        widths = [len(r) for r in csv.reader(io.StringIO(head), delimiter=delimiter) if r]
        if not widths:
            continue
        counts = Counter(widths)
        width = max(counts, key=lambda w: (counts[w], w))
        if width < 2:
            continue
        key = (counts[width] / len(widths), width)
        if key > best_key:
            best, best_key = delimiter, key
    return best


def _find_header(records: list[list[str]], score_name: str | None) -> tuple[int, bool]:
    """The index of the header among the first records, and whether a score column is under it.

    The header is the first row of two or more values that names a score column (the mapped
    name, or one the score rules recognise) with values below that read as 0-10 answers; the
    first row when it names a score column at all. Title rows (one merged cell, an export
    date) above it are skipped. Without any such row: row 0, and no score column found.
    """
    for index, record in enumerate(records[:HEADER_SEARCH_ROWS]):
        columns = [c for c, v in enumerate(record) if v.strip() and is_score_header(v, score_name)]
        if not columns:
            continue
        filled = sum(1 for v in record if v.strip())
        below = records[index + 1 : index + 51]
        likely = any(
            score_likeness(pd.Series([r[c] if c < len(r) else "" for r in below], dtype="str"))
            >= 0.5
            for c in columns
        )
        if filled >= 2 and (index == 0 or likely):
            return index, likely
    return 0, False


def _read_csv(path: Path, data: bytes, fmt: SurveyFormat) -> RawTable:
    notes: list[str] = []
    encoding = fmt.encoding or detect_encoding(data)
    if encoding != MIXED_ENCODING:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise SurveyFileError(f"{path}: '{encoding}' is not a known text encoding") from None
    # What the bytes handed to the parsers are in: the file's own encoding where Arrow can read
    # it directly (fast), else the text decoded here and handed on as UTF-8.
    reading = encoding
    if encoding == MIXED_ENCODING or codec.startswith(("utf-16", "utf-32")):
        errors = "nps-workbook-cp1252" if encoding == MIXED_ENCODING else "strict"
        decode_as = "utf-8" if encoding == MIXED_ENCODING else encoding
        text = _decode(path, data, decode_as, errors).lstrip("\ufeff")
        data, reading = text.encode("utf-8"), "utf-8"
        if encoding == MIXED_ENCODING:
            notes.append("UTF-8 text with some lines in cp1252 (two exports joined?): read both")
    else:
        data = data.rstrip(b"\x00")  # a crashed copy leaves a block of zero bytes at the end
        _refuse_binary(path, data)
    if data.startswith(codecs.BOM_UTF8):
        data, reading = data[len(codecs.BOM_UTF8) :], "utf-8"
    zeros = data.count(b"\x00")
    if zeros:
        data = data.replace(b"\x00", b"")
        notes.append(f"{zeros} zero bytes (NUL) removed from the values")

    head = data[:_HEAD_BYTES].decode(reading, errors="ignore")
    delimiter = fmt.delimiter
    skipped = 0
    sep = _SEP_LINE.match(head)
    if sep:
        # Excel's hint line: it names the delimiter and Excel does not show it as a row.
        data = data[len(sep.group(0).encode(reading)) :]
        head = head[sep.end() :]
        delimiter = delimiter or sep.group(1)
    delimiter = delimiter or detect_delimiter(head)
    records = list(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter))
    header_at, _ = _find_header(records[: HEADER_SEARCH_ROWS + 50], fmt.columns.score)
    lines = _LINE.findall(head, 0)[:header_at]
    if header_at and len(lines) == header_at and not any('"' in line for line in lines):
        prefix = "".join(lines)
        data = data[len(prefix.encode(reading)) :]
        head = head[len(prefix) :]
        skipped = header_at
        shown = "; ".join(f"'{line.strip()[:60]}'" for line in lines if line.strip())
        notes.append(f"{skipped} line(s) above the header skipped: {shown}")

    if data.count(b'"') % 2:
        _refuse_unclosed_quote(path, _decode(path, data, reading), delimiter, skipped)
    cells = _read_rectangular(data, reading, delimiter, head)
    if cells is not None:
        extra = pd.Series(pd.NA, index=cells.index[1:], dtype="string")
    else:
        # Rows wider or narrower than the header, or blank lines: read them all with the
        # csv module, pad the short ones and flag the rows whose extra fields hold data,
        # instead of letting a parser fail or drop values.
        cells, extra = _read_ragged(_decode(path, data, reading), delimiter)
    if cells.empty:
        raise SurveyFileError(f"{path}: the file is empty")

    header = _header_names(cells.iloc[0].tolist())
    body = cells.iloc[1:].copy()
    body.columns = header
    body = _drop_blank_unnamed(body, cells.iloc[0].tolist())
    first = skipped + 2
    rows = pd.Series(range(first, len(body) + first), index=body.index)
    return RawTable(body, rows, extra.reindex(body.index), encoding, delimiter, notes=tuple(notes))


def _decode(path: Path, data: bytes, encoding: str, errors: str = "strict") -> str:
    try:
        return data.decode(encoding, errors=errors)
    except UnicodeDecodeError as exc:
        raise SurveyFileError(
            f"{path}: cannot be read as {encoding}: byte {exc.object[exc.start : exc.end]!r} at "
            f"position {exc.start} ({exc.reason})"
        ) from None


def _refuse_binary(path: Path, data: bytes) -> None:
    """A picture, PDF or archive named .csv: say what it is instead of listing its 'columns'."""
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise SurveyFileError(f"{path}: is {kind}, not a CSV export or an Excel workbook")
    head = data[:_HEAD_BYTES]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > max(8, len(head) // 100):
        raise SurveyFileError(
            f"{path}: is not text: {controls} control bytes in its first {len(head):,} bytes; "
            "expected a CSV export or an Excel workbook (.xlsx)"
        )


def _refuse_unclosed_quote(path: Path, text: str, delimiter: str, skipped: int) -> None:
    """A quote that opens a value and never closes would swallow every row after it."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    with _field_limit(len(text)):
        try:
            for _ in reader:
                start = reader.line_num + 1
        except csv.Error as exc:
            if "unexpected end of data" not in str(exc):
                return  # another oddity: the lenient reader handles it
            raise SurveyFileError(
                f'{path}: line {start + skipped}: a value opens a quote (") that is never '
                "closed, so every line after it would be read as part of that one value; close "
                "the quote or remove it"
            ) from None


class _field_limit:
    """Let the csv module read values longer than its default 128 KB (a pasted document)."""

    def __init__(self, size: int):
        self.size = min(max(size + 1, csv.field_size_limit()), 2**31 - 1)

    def __enter__(self):
        self.before = csv.field_size_limit(self.size)

    def __exit__(self, *exc):
        csv.field_size_limit(self.before)


def _read_rectangular(data: bytes, encoding: str, delimiter: str, head: str) -> pd.DataFrame | None:
    """Every record as text cells with Arrow's CSV reader, or None if any record is ragged.

    Arrow parses (and transcodes legacy encodings) in C++ and keeps the cells as Arrow strings,
    which the later vectorised checks work on without Python objects. The header is read as
    row 0 so that duplicate or blank header names reach `_header_names` unchanged. A value
    longer than Arrow's block (a pasted document as a comment) is read with one block.
    """
    width = len(next(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter), []))
    if width == 0:
        return None
    if encoding in ("utf-8", "utf-8-sig"):
        encoding = "utf8"
    for block_size in (None, min(len(data) + 1, 2**31 - 1)):
        ragged = []
        options = {"block_size": block_size} if block_size else {}
        try:
            table = pacsv.read_csv(
                io.BytesIO(data),
                read_options=pacsv.ReadOptions(
                    autogenerate_column_names=True, encoding=encoding, **options
                ),
                parse_options=pacsv.ParseOptions(
                    delimiter=delimiter,
                    newlines_in_values=True,
                    ignore_empty_lines=False,
                    invalid_row_handler=lambda row, ragged=ragged: ragged.append(row) or "skip",
                ),
                convert_options=pacsv.ConvertOptions(
                    column_types={f"f{i}": pa.string() for i in range(width)},
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
        except pa.ArrowInvalid as exc:
            if "straddl" in str(exc) and block_size is None:
                continue
            return None
        break
    else:
        return None
    if ragged or table.num_columns != width:
        return None
    text_dtype = pd.StringDtype("pyarrow", na_value=np.nan)
    frame = table.to_pandas(types_mapper=lambda t: text_dtype if t == pa.string() else None)
    frame.columns = range(width)
    return frame


def _read_ragged(text: str, delimiter: str) -> tuple[pd.DataFrame, pd.Series]:
    with _field_limit(len(text)):
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not records:
        return pd.DataFrame(dtype="str"), pd.Series(dtype="string")
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
    """A worksheet as text cells: the chosen sheet, from its header row, merged cells filled.

    Values are the ones Excel saved (formulas as their results); a formula without a saved
    result (a workbook written by a script and never opened in Excel) is refused by cell.
    """
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, InvalidFileException) as exc:
        raise SurveyFileError(f"{path}: not a readable Excel workbook ({exc})") from None
    notes: list[str] = []
    try:
        sheets = [sheet.title for sheet in book.worksheets]
        if not sheets:
            raise SurveyFileError(f"{path}: has no worksheet")
        sheet = _choose_sheet(path, book, sheets, fmt, notes)
        worksheet = _worksheet(book, sheet)
        values = [list(row) for row in worksheet.iter_rows(values_only=True)]
        xml_path = getattr(worksheet, "_worksheet_path", None)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise SurveyFileError(f"{path}: not a readable Excel workbook ({exc})") from None
    finally:
        book.close()
    while values and all(v is None for v in values[-1]):
        values.pop()  # formatted but empty rows below the data
    if not values:
        raise SurveyFileError(f"{path}: sheet '{sheet}' is empty")
    width = max(len(row) for row in values)
    texts = [[_excel_cell_text(v) for v in row] + [""] * (width - len(row)) for row in values]
    header_at, _ = _find_header(texts[: HEADER_SEARCH_ROWS + 50], fmt.columns.score)
    if header_at:
        titles = [" ".join(v for v in row if v.strip()) for row in texts[:header_at]]
        shown = "; ".join(f"'{title[:60]}'" for title in titles if title)
        notes.append(f"{header_at} row(s) above the header skipped: {shown}")

    xml = _sheet_xml(path, xml_path)
    _refuse_uncached_formulas(path, sheet, xml, first_row=header_at + 1)
    filled = _fill_merged(texts, xml, below=header_at)
    if filled:
        notes.append(f"{filled} cells of merged ranges filled with the range's value")

    header = _header_names(texts[header_at])
    body = pd.DataFrame(texts[header_at + 1 :], columns=header, dtype="str")
    body = _drop_blank_unnamed(body, texts[header_at])
    first = header_at + 2
    rows = pd.Series(range(first, len(body) + first), index=body.index)
    extra = pd.Series(pd.NA, index=body.index, dtype="string")
    return RawTable(body, rows, extra, None, None, sheet, notes=tuple(notes))


def _choose_sheet(
    path: Path, book: openpyxl.Workbook, sheets: list[str], fmt: SurveyFormat, notes: list[str]
) -> str:
    """The sheet the config names, else the one sheet holding answers under a score column."""
    if fmt.sheet is not None:
        sheet = fmt.sheet
        if isinstance(sheet, int):
            if not 0 <= sheet < len(sheets):
                raise SurveyFileError(
                    f"{path}: has no sheet number {sheet}; its sheets are {sheets}"
                )
            return sheets[sheet]
        if sheet not in sheets:
            raise SurveyFileError(f"{path}: has no sheet '{sheet}'; its sheets are: {sheets}")
        return sheet
    if len(sheets) == 1:
        return sheets[0]
    with_answers = []
    for name in sheets:
        head = _worksheet(book, name).iter_rows(max_row=HEADER_SEARCH_ROWS + 50, values_only=True)
        texts = [[_excel_cell_text(v) for v in row] for row in head]
        if _find_header(texts, fmt.columns.score)[1]:
            with_answers.append(name)
    if len(with_answers) > 1:
        names = ", ".join(f"'{name}'" for name in with_answers)
        raise SurveyFileError(
            f"{path}: {len(with_answers)} sheets hold answers under a score column: {names}; "
            f"name the one to read with 'sheet: {with_answers[-1]}' in the config "
            "(responses: {sheet: ...} in client.yml), or put the answers in one sheet"
        )
    if with_answers and with_answers[0] != sheets[0]:
        notes.append(f"read sheet '{with_answers[0]}', the only one with answers, of {sheets}")
    return with_answers[0] if with_answers else sheets[0]


def _worksheet(book: openpyxl.Workbook, name: str):
    """A read-only sheet that reads every cell, whatever size the file claims it has."""
    sheet = book[name]
    # Some tools write a wrong <dimension>; read-only openpyxl would cut the sheet to it.
    sheet.reset_dimensions()
    return sheet


def _sheet_xml(path: Path, xml_path: str | None) -> bytes:
    """The worksheet's XML, for what read-only openpyxl does not tell: merges, formulas."""
    if xml_path is None:
        return b""
    with zipfile.ZipFile(path) as archive:
        return archive.read(xml_path)


_CELL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"[^>]*?(?:/>|>(.*?)</c>)', re.DOTALL)
_FORMULA = re.compile(rb"<f[^>]*?(?:/>|>(.*?)</f>)", re.DOTALL)
_SAVED_VALUE = re.compile(rb"<v>[^<]")


def _refuse_uncached_formulas(path: Path, sheet: str, xml: bytes, first_row: int) -> None:
    if b"<f" not in xml:
        return
    missing = []
    for column, row, inner in _CELL.findall(xml):
        if inner and int(row) >= first_row and b"<f" in inner and not _SAVED_VALUE.search(inner):
            formula = _FORMULA.search(inner)
            text = html.unescape(formula.group(1).decode()) if formula and formula.group(1) else ""
            missing.append((f"{column.decode()}{row.decode()}", text))
    if missing:
        cell, formula = missing[0]
        shown = f" (={formula})" if formula else ""
        others = f"; {len(missing)} such cells: " + ", ".join(c for c, _ in missing[:10])
        raise SurveyFileError(
            f"{path}: sheet '{sheet}' cell {cell} holds a formula{shown} with no saved value"
            + (others if len(missing) > 1 else "")
            + ". The workbook was written by a program and never calculated: open it in Excel "
            "and save it, or export the sheet as CSV"
        )


def _fill_merged(texts: list[list[str]], xml: bytes, below: int) -> int:
    """Give every cell of a merged range below the header the value its top-left cell shows."""
    filled = 0
    for ref in re.findall(rb'<mergeCell ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"', xml):
        min_col, min_row, max_col, max_row = range_boundaries(ref.decode())
        if min_row - 1 <= below or min_row > len(texts):
            continue
        value = texts[min_row - 1][min_col - 1]
        for row in range(min_row - 1, min(max_row, len(texts))):
            for column in range(min_col - 1, min(max_col, len(texts[row]))):
                if (row, column) != (min_row - 1, min_col - 1) and texts[row][column] != value:
                    texts[row][column] = value
                    filled += 1
    return filled


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
