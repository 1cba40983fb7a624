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
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from . import exports, parse
from .columns import ROLES, ColumnRoles, is_score_header, recognise, score_likeness
from .config import SCALE_CHECK_MIN_ANSWERS, SCALE_CHECK_MIN_ONES, SurveyFormat, survey_format
from .errors import ScaleError, SurveyFileError
from .parse import RawTable, TextColumn, refused_rows
from .score import categorize

if TYPE_CHECKING:  # openpyxl is imported when an Excel file is read: ~0.1 s of every start
    import openpyxl

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (",", ";", "\t", "|")

# Rejection reasons the loader adds to those of the value parsers.
TOO_MANY_FIELDS = "more fields than the header"
DUPLICATE_RESPONSE_ID = "duplicate response id"
REPEATED_HEADER = "repeated header row"
DATE_IN_FUTURE = "date in the future"
DATE_TOO_EARLY = "date before 1990"
SCORE_OFF_SCALE = "score 0 on a 1-10 scale"

#: The zone answer times are shown in when the caller names none (client.yml's `timezone`).
DEFAULT_TIMEZONE = "Europe/Copenhagen"

#: Answers dated before this are typing or export errors (NPS itself dates from 2003).
EARLIEST_DATE = pd.Timestamp("1990-01-01")

# Columns of the tidy answers, before the export's own segment columns.
ANSWER_COLUMNS = ("row", "response_id", "respondent_id", "date", "score", "category", "comment")


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
    scale : {"0-10", "1-10"}
        The scale the answers were given on: "1-10" only when the format declared it (the
        answers are then scored with the 0-10 cut-offs, and outputs say so).
    timezone : str
        The zone whose wall-clock time `answers["date"]` shows (times written with a zone, or
        in a zone the tool names, are converted to it); None without a date column.
    tool : str, optional
        The survey tool whose export layout the file has ("Qualtrics"), None for a generic one.
    read_as : str, optional
        For a tool's export, how it was read: "read as a Qualtrics export: 2 label rows
        skipped; 2 preview responses left out".
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
    timezone: str | None = None
    tool: str | None = None
    read_as: str | None = None
    scale: str = "0-10"

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
            "timezone": self.timezone,
            "tool": self.tool,
            "read_as": self.read_as,
            "scale": self.scale,
        }


def load_responses(
    path: str | Path,
    config: SurveyFormat | dict | str | Path | None = None,
    *,
    timezone: str | None = None,
) -> LoadResult:
    """Read a survey export into accepted answers and rejected rows.

    Parameters
    ----------
    path : str or Path
        A CSV (any of , ; tab | as delimiter; UTF-8 with or without BOM, UTF-16 with BOM, cp1252
        or latin-1) or an Excel workbook (.xlsx, .xlsm).
    config : SurveyFormat, dict, str or Path, optional
        Column mapping and reading options, or the path of a YAML file holding them (see
        `nps_workbook.config`). Anything not given is detected.
    timezone : str, optional
        The client's zone (IANA name); answer times are shown in it. Default
        `DEFAULT_TIMEZONE`, Europe/Copenhagen.

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
    >>> from nps_workbook import kit
    >>> result = load_responses(kit.sample_data_dir() / "dk-b2b-it" / "responses.csv")
    >>> result.rows_read, len(result.answers), len(result.rejected)
    (3000, 2992, 8)
    >>> result.answers[["score", "category"]].head(3)
       score   category
    0      7    passive
    1      8    passive
    2      5  detractor
    """
    path = Path(path)
    fmt = survey_format(config)
    zone = timezone or DEFAULT_TIMEZONE
    table, empty_rows = _without_empty_rows(read_table(path, fmt))
    export = exports.reader(table.export).read(table, path) if table.export else None
    if export is not None:
        table = export.table
    columns = table.columns
    where = f"{path} (sheet '{table.sheet}')" if table.sheet is not None else str(path)

    mapping = fmt.columns.model_dump(exclude_none=True)
    # The tool's layout names the roles the config leaves open.
    given = set(mapping.values())
    tool_roles = {
        role: name
        for role, name in (export.roles if export else {}).items()
        if name and role not in mapping and name not in given
    }
    roles, unmatched = recognise(
        columns, {**tool_roles, **mapping}, exclude=export.excluded if export else ()
    )
    if roles is not None:
        roles = replace(roles, mapped=frozenset(r for r in roles.mapped if r in mapping))
    if unmatched:
        wanted = ", ".join(f"columns.{role} = '{name}'" for role, name in unmatched.items())
        raise SurveyFileError(
            f"{where}: the config asks for {wanted}, but the file has no such column; "
            f"its columns are: {_list_columns(columns)}"
        )
    if roles is None:
        raise SurveyFileError(
            f"{where}: found no score column among: {_list_columns(columns)}. "
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
    scores = parse.parse_scores(columns[roles.score])
    if fmt.scale == "check":
        _check_scale(where, roles.score, scores.values)
    # Each check lists the records it refuses, in the order their reasons take precedence.
    checks = [
        _too_many_fields(table.extra_fields),
        *([export.refused] if export is not None else []),
        _repeated_header(columns, roles.score),
        scores.refused,
        *([_zero_scores(scores.values)] if fmt.answer_scale == "1-10" else []),
    ]

    date_order, order_assumed, dates = None, False, None
    if roles.date is not None:
        date_order = fmt.date_order or (export.date_order if export else None)
        # Without an order given, the parse decides it (`detect_date_order`) as it reads.
        dates, date_order, order_assumed = parse.parse_dates_detecting(
            columns[roles.date],
            order=date_order,
            date_format=fmt.date_format,
            source_zone=export.source_zone if export else None,
            zone=zone,
        )
        checks.append(dates.refused)
        checks.append(_implausible_dates(dates.values, columns[roles.date]))

    response_ids = None
    if roles.response_id:
        response_ids, keys = _response_ids(columns[roles.response_id])
        checks.append(_duplicate_ids(columns[roles.response_id], response_ids, keys, table.rows))

    refused = _first_problem(checks)
    accepted = np.ones(len(table.rows), dtype=bool)
    accepted[refused.index] = False
    at = np.flatnonzero(accepted)

    used = {name for name in roles.as_dict().values() if name}
    # A segment named like a tidy column keeps its values under another name.
    segments = {
        f"{name} (source)" if name in ANSWER_COLUMNS else name: name
        for name in columns
        if name not in used
    }
    copies: dict[str, Callable[[], pd.Series]] = {}
    if response_ids is not None:
        copies["response_id"] = partial(columns[roles.response_id].spread, response_ids, at)
    if roles.respondent_id:
        copies["respondent_id"] = partial(_text_cells, columns[roles.respondent_id], at)
    if roles.comment:
        copies["comment"] = partial(_text_cells, columns[roles.comment], at)
    for target, name in segments.items():
        copies[target] = partial(_segment_cells, columns[name], at, decimal)
    cells = _copy_out(copies)

    answers = pd.DataFrame({"row": table.rows[at].astype("int64")})
    for name in ("response_id", "respondent_id"):
        if name in cells:
            answers[name] = cells[name]
    if dates is not None:
        answers["date"] = dates.values.array.take(at)
    answers["score"] = scores.values.array.take(at).astype("int8")
    answers["category"] = categorize(answers["score"])
    if "comment" in cells:
        answers["comment"] = cells["comment"]
    for target in segments:
        answers[target] = cells[target]
    partial_kept = 0
    if export is not None and export.partial is not None and "partial" not in answers:
        answers["partial"] = export.partial[at]
        partial_kept = int(answers["partial"].sum())

    return LoadResult(
        answers=answers,
        rejected=_rejected(table, refused),
        source=path.name,
        rows_read=len(table.rows),
        empty_rows=empty_rows,
        columns=roles,
        segments=tuple(segments),
        encoding=table.encoding,
        delimiter=table.delimiter,
        decimal=decimal,
        date_order=date_order,
        date_order_assumed=order_assumed,
        sheet=table.sheet,
        notes=table.notes + (export.notes if export else ()),
        timezone=zone if dates is not None else None,
        tool=export.tool if export else None,
        read_as=export.sentence(partial_kept) if export else None,
        scale=fmt.answer_scale,
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
    declare = (
        "If the survey asked 1-10, declare it with 'scale: \"1-10\"' (responses: {scale: "
        '"1-10"} in client.yml): it is then scored with the usual cut-offs and every output '
        "says so. If it did ask 0-10, say 'scale: \"0-10\"'."
    )
    low, high = int(valid.min()), int(valid.max())
    if len(valid) >= SCALE_CHECK_MIN_ANSWERS and high <= 5:
        raise ScaleError(
            f"{where}: the answers in '{column}' look like a {low}-5 scale, not the 0-10 "
            f"recommend question: none of {len(valid)} answers is above 5 (found {low} to "
            f"{high}). Scoring them as NPS would make every answer a detractor. {override}"
        )
    ones = int((valid == 1).sum())
    if ones >= SCALE_CHECK_MIN_ONES and low == 1:
        raise ScaleError(
            f"{where}: the answers in '{column}' look like a 1-10 scale, not 0-10: {ones} of "
            f"{len(valid)} answers are 1 and none is 0. On a 1-10 scale the NPS categories "
            f"(0-6, 7-8, 9-10) do not hold. {declare}"
        )


def _zero_scores(scores: pd.Series) -> pd.DataFrame:
    """Answers of 0 when the survey declared a 1-10 scale: a typing or export error."""
    at = np.flatnonzero((scores == 0).fillna(False).to_numpy())
    return refused_rows(at, SCORE_OFF_SCALE, "found '0'; the survey asked 1 to 10")


def _repeated_header(columns: dict[str, TextColumn], score: str) -> pd.DataFrame:
    """Rows that repeat the header (two exports pasted together), instead of 'not a number'."""
    answers = columns[score]
    same = (answers.values.str.strip() == score).to_numpy()
    at = np.flatnonzero(same[answers.codes])
    if len(at):
        named = [c for c in columns if not re.fullmatch(r"column_\d+", c)]
        matches = sum(
            (_stripped(columns[c], at) == re.sub(r" \(\d+\)$", "", c)).to_numpy() for c in named
        )
        at = at[matches * 2 >= len(named)]
    return refused_rows(at, REPEATED_HEADER, "the header again (two exports joined?)")


def _implausible_dates(values: pd.Series, raw: TextColumn) -> pd.DataFrame:
    """Dates read fine but impossible for an answer: after tomorrow or before 1990."""
    tomorrow = pd.Timestamp.now().normalize() + pd.Timedelta(days=1)
    early = (values < EARLIEST_DATE).to_numpy()
    at = np.flatnonzero((values > tomorrow).to_numpy() | early)
    reason = np.where(early[at], DATE_TOO_EARLY, DATE_IN_FUTURE)
    return refused_rows(at, reason, "found '" + _stripped(raw, at).str.slice(0, 40) + "'")


def _blank(column: TextColumn, at: np.ndarray) -> np.ndarray:
    """Whether each cell at positions `at` is blank, trimming the fewer: the cells or the values."""
    if len(at) < len(column.values):
        return (_stripped(column, at) == "").to_numpy()
    blank = (column.values.str.strip() == "").to_numpy()
    return blank[column.codes[at]] if blank.any() else np.zeros(len(at), dtype=bool)


def _stripped(column: TextColumn, at: np.ndarray) -> pd.Series:
    """The trimmed text of the cells at positions `at` (trimmed one by one: they are few)."""
    return column.spread(column.values, at).str.strip()


def _without_empty_rows(table: RawTable) -> tuple[RawTable, int]:
    """Drop rows with no value at all (Excel leaves them behind); they are counted, not lost."""
    # An empty row is blank in every column: starting with the column of fewest values, each
    # column narrows down the rows left to check in the next.
    columns = sorted(table.columns.values(), key=lambda column: len(column.values))
    empty = np.arange(len(table.rows)) if columns else np.zeros(0, dtype=np.int64)
    for column in columns:
        empty = empty[_blank(column, empty)]
    if not len(empty):
        return table, 0
    kept = np.ones(len(table.rows), dtype=bool)
    kept[empty] = False
    without = table.take(np.flatnonzero(kept))
    return without, len(empty)


def _first_problem(checks: list[pd.DataFrame]) -> pd.DataFrame:
    """Per refused record the first problem any check found (and its detail), in record order:
    one reason per rejected row."""
    refused = pd.concat(checks)
    return refused[~refused.index.duplicated(keep="first")].sort_index()


def _rejected(table: RawTable, refused: pd.DataFrame) -> pd.DataFrame:
    """The rejected rows: row number, reason, detail, then the row's raw values as text."""
    at = refused.index.to_numpy()
    head = refused.reset_index(drop=True)
    head.insert(0, "row", table.rows[at].astype("int64"))
    raw = {name: column.spread(column.values, at) for name, column in table.columns.items()}
    return pd.concat([head, pd.DataFrame(raw, index=head.index)], axis=1)


def _list_columns(columns: Iterable[str]) -> str:
    names = [f"'{c}'" for c in columns]
    return ", ".join(names) if names else "(none)"


def _text_or_na(column: TextColumn) -> pd.Series:
    """Per value of `column`: the text trimmed, or <NA> for a spelling of 'no answer'."""
    text = pc.utf8_trim_whitespace(pa.array(column.values, type=pa.string()))
    text = pc.if_else(pa.array(parse.spells_missing(text)), pa.scalar(None, text.type), text)
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    return pd.Series(pd.arrays.ArrowStringArray(text), index=column.values.index)


def _text_cells(column: TextColumn, at: np.ndarray | None = None) -> pd.Series:
    """The cells (all, or those at positions `at`) trimmed, <NA> where they hold no answer."""
    return column.spread(_text_or_na(column), at)


def _segment_cells(column: TextColumn, at: np.ndarray, decimal: str) -> pd.Series:
    """A segment column's cells at positions `at`: numbers if all are numbers, else text."""
    numbers = parse.parse_number_column(column.take(at), decimal)
    return numbers if numbers is not None else _text_cells(column, at)


def _copy_out(copies: dict[str, Callable[[], pd.Series]]) -> dict[str, pd.Series]:
    """Run the functions that copy the accepted cells out of their columns, two at a time.

    Copying a million texts is Arrow work that runs without the GIL, and the most that is
    left after reading: on a second core it halves.
    """
    with ThreadPoolExecutor(max_workers=2) as pool:
        running = {name: pool.submit(copy) for name, copy in copies.items()}
        return {name: future.result() for name, future in running.items()}


def _too_many_fields(extra: pd.Series) -> pd.DataFrame:
    detail = "extra values " + extra + " (a delimiter inside an unquoted value?)"
    return refused_rows(extra.index, TOO_MANY_FIELDS, detail)


def _response_ids(column: TextColumn) -> tuple[pd.Series, np.ndarray]:
    """Per value of an id column: the id as `_text_or_na` gives it, and an integer key that is
    equal for equal ids (whatever a missing id gets).

    Response ids are mostly whole numbers, and as numbers they compare without hashing text,
    which for a million ids is most of the work. Only ids written the way the number prints
    ("17", not "017", "+17" or " 17") are taken as numbers: such an id has nothing to trim and
    spells no missing answer, and two spellings of one number stay two ids.
    """
    text = pa.array(column.values, type=pa.string())
    try:
        numbers = pc.cast(text, pa.int64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        numbers = None
    printed = numbers is not None and not numbers.null_count
    if printed and pc.all(pc.equal(pc.cast(numbers, pa.string()), text)).as_py():
        return column.values.astype("string"), numbers.to_numpy()
    ids = _text_or_na(column)
    return ids, pd.factorize(ids)[0]


def _duplicate_ids(
    column: TextColumn, ids: pd.Series, keys: np.ndarray, rows: np.ndarray
) -> pd.DataFrame:
    """Every repeat of a response id after its first row, pointing back at that row.

    `ids` and `keys` are per value of `column`, as `_response_ids` gives them.
    """
    present = np.flatnonzero(ids.notna().to_numpy()[column.codes])
    first = present[_first_positions(keys[column.codes[present]])]
    repeat = first != present
    at = present[repeat]
    detail = "'" + column.spread(ids, at) + "' also in row " + rows[first[repeat]].astype(str)
    return refused_rows(at, DUPLICATE_RESPONSE_ID, detail)


def _first_positions(keys: np.ndarray) -> np.ndarray:
    """Per position in `keys`, the first position that holds the same key."""
    if not len(keys):
        return keys
    low = int(keys.min())
    if int(keys.max()) - low >= 4 * len(keys):
        keys, _ = pd.factorize(keys)  # few keys spread wide: number them 0, 1, 2, ...
        low = 0
    # A slot per possible key, which keeps the smallest position holding it: ids that count
    # up from a start (100001, 100002, ...) need no hashing then.
    slots = np.full(int(keys.max()) - low + 1, len(keys))
    np.minimum.at(slots, keys - low, np.arange(len(keys)))
    return slots[keys - low]


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
    table, _ = _without_empty_rows(read_table(path, SurveyFormat(sheet=sheet)))
    frame = table.frame
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
    # The frame's rows are numbered from 0, so the checks' row labels are record positions.
    checks = [_too_many_fields(table.extra_fields)]
    for ours in required:
        blank = renamed[ours].str.strip().str.lower().isin(parse.MISSING_TOKENS)
        missing_value = f"{MISSING_VALUE}: {mapping[ours]}"
        checks.append(refused_rows(np.flatnonzero(blank), missing_value, "blank"))
    typed: dict[str, pd.Series] = {}
    for ours in dates:
        parsed, _ = parse.parse_dates(renamed[ours])
        typed[ours] = parsed.values
        # A blank date is allowed (a case not closed yet); a date that cannot be read is not.
        unreadable = parsed.refused[parsed.refused["reason"] != parse.DATE_MISSING]
        named = unreadable["reason"].str.replace("date", mapping[ours], n=1)
        checks.append(unreadable.assign(reason=named))
    for ours in numbers:
        parsed = parse.parse_numbers(renamed[ours], decimal)
        typed[ours] = parsed.values
        checks.append(parsed.refused.assign(reason=parsed.refused["reason"] + ": " + mapping[ours]))
    if key:
        ids = TextColumn.of(renamed[key])
        repeats = _duplicate_ids(ids, *_response_ids(ids), table.rows)
        named = repeats["reason"].str.replace(DUPLICATE_RESPONSE_ID, DUPLICATE_KEY)
        checks.append(repeats.assign(reason=named))

    refused = _first_problem(checks)
    accepted = np.ones(len(frame), dtype=bool)
    accepted[refused.index] = False
    result = renamed[accepted].copy()
    for name in result.columns:
        if name in typed:
            result[name] = typed[name][accepted]
        else:
            result[name] = _text_cells(TextColumn.of(result[name]))
    result.insert(0, "row", table.rows[accepted].astype("int64"))
    return TableResult(
        frame=result.reset_index(drop=True),
        rejected=_rejected(table, refused),
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
_ANY_TEXT = re.compile(rb"[^\x00\s]")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)")


def read_table(path: Path, fmt: SurveyFormat | None = None) -> RawTable:
    """Read an export as text cells, choosing CSV or Excel by content, not only by name."""
    fmt = fmt or SurveyFormat()
    if not path.exists():
        raise SurveyFileError(f"{path}: no such file")
    if path.is_dir():
        raise SurveyFileError(f"{path}: is a folder, expected a CSV or Excel file")
    data = path.read_bytes()
    if not _ANY_TEXT.search(data):  # only whitespace and zero bytes; stops at the first other
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
    if not _is_utf8(data):
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


def _is_utf8(data: bytes) -> bool:
    """Whether all of `data` is valid UTF-8.

    A legacy export usually shows a non-UTF-8 byte in its first lines (a Danish header): trying
    those first spares decoding, and copying into the error, the whole file.
    """
    head = data[:_HEAD_BYTES]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        cut_short = exc.reason == "unexpected end of data"  # a letter split at the cut
        if not cut_short:
            return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


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
    zeros = data.count(b"\x00") if b"\x00" in data else 0  # `in` stops at the first one
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
    tool = exports.recognise(records)
    # A tool's layout starts with its header; its label rows are the reader's to skip.
    header_at = (
        0 if tool else _find_header(records[: HEADER_SEARCH_ROWS + 50], fmt.columns.score)[0]
    )
    lines = _first_lines(head, header_at)
    if header_at and len(lines) == header_at and not any('"' in line for line in lines):
        prefix = "".join(lines)
        data = data[len(prefix.encode(reading)) :]
        head = head[len(prefix) :]
        skipped = header_at
        shown = "; ".join(f"'{line.strip()[:60]}'" for line in lines if line.strip())
        notes.append(f"{skipped} line(s) above the header skipped: {shown}")

    quoted = b'"' in data  # most exports hold no quote, and `in` says so fastest
    if quoted and data.count(b'"') % 2:
        _refuse_unclosed_quote(path, _decode(path, data, reading), delimiter, skipped)
    if codecs.lookup(reading).name not in _ARROW_READS:
        data, reading = _decode(path, data, reading).encode("utf-8"), "utf-8"
    cells = _read_rectangular(data, reading, delimiter, head, quoted)
    extra = _no_extra_fields()
    if cells is None:
        # Rows wider or narrower than the header, or blank lines: read them all with the
        # csv module, pad the short ones and flag the rows whose extra fields hold data,
        # instead of letting a parser fail or drop values.
        frame, extra = _read_ragged(_decode(path, data, reading), delimiter)
        cells = [TextColumn.of(frame[c]) for c in frame]
    if not cells or not len(cells[0]):
        raise SurveyFileError(f"{path}: the file is empty")
    export = tool.tool if tool else None
    return _raw_table(
        cells, skipped + 2, extra, encoding, delimiter, notes=tuple(notes), export=export
    )


def _first_lines(text: str, count: int) -> list[str]:
    """The first `count` lines of `text` with their line ends (fewer if it has fewer).

    Matched one at a time from where the last ended: `findall` would also try the pattern at
    every position of an unterminated last line (a long comment cut by the head), in time
    quadratic in its length.
    """
    lines: list[str] = []
    end = 0
    while len(lines) < count and (line := _LINE.match(text, end)):
        lines.append(line.group())
        end = line.end()
    return lines


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
    # Zero bytes are left out of the count: database and tool exports pad values with them,
    # and `_read_csv` strips them with a note; a binary file shows other control bytes too.
    head = data[:_HEAD_BYTES].replace(b"\x00", b"")
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


#: Encodings Arrow's CSV reader is given the bytes of: UTF-8, and single-byte encodings whose
#: first 128 byte values are ASCII. In those a delimiter, quote or line end is always that
#: character, so the bytes split into the right cells; the distinct values are decoded after
#: (`_to_utf8`). Text in any other encoding is decoded first and handed on as UTF-8.
_SINGLE_BYTE = frozenset({"cp1252", "iso8859-1", "iso8859-15", "cp850", "cp865", "mac-roman"})
_ARROW_READS = _SINGLE_BYTE | {"utf-8", "utf-8-sig"}
_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)
#: Bytes Arrow parses per task. Each block dictionary-encodes its cells afresh, so blocks of a
#: few megabytes cost less than Arrow's 1 MB and still give every core some.
_BLOCK_BYTES = 4 << 20


def _read_rectangular(
    data: bytes, encoding: str, delimiter: str, head: str, quoted: bool
) -> list[TextColumn] | None:
    """Every record (the header as record 0) as text cells, or None if any record is ragged.

    Arrow parses in C++ on all cores and dictionary-encodes each column as it goes, so the
    later checks see each distinct value once; columns whose values hardly repeat in lines
    sampled across the file (ids, times, comments people wrote) are read as plain text instead
    (`_rarely_repeating`). Bytes in a single-byte
    encoding are read as they are and decoded after, per distinct value where encoded. The
    header is read as row 0 so that duplicate or blank header names reach `_header_names`
    unchanged. A value longer than Arrow's block (a pasted document as a comment) is read with
    one block. `quoted`: whether `data` holds a quote character at all.
    """
    records = list(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter))
    width = len(records[0]) if records else 0
    if width == 0:
        return None
    single_byte = codecs.lookup(encoding).name in _SINGLE_BYTE
    text_type = pa.binary() if single_byte else pa.string()
    # The last line of the head may be cut; a file longer than its head is sampled throughout.
    sample = records[1:-1] if len(data) <= len(head) else _spread_records(data, encoding, delimiter)
    plain = _rarely_repeating([r for r in sample if len(r) == width], width)
    column_types = {
        f"f{i}": text_type if i in plain else pa.dictionary(pa.int32(), text_type)
        for i in range(width)
    }
    for block_size in (_BLOCK_BYTES, min(len(data) + 1, 2**31 - 1)):
        try:
            table = pacsv.read_csv(
                pa.BufferReader(data),
                read_options=pacsv.ReadOptions(
                    autogenerate_column_names=True, block_size=block_size
                ),
                parse_options=pacsv.ParseOptions(
                    delimiter=delimiter,
                    # Only a quoted value can hold a line break; without quotes Arrow can split
                    # the file at any line end and parse the parts in parallel, twice as fast.
                    newlines_in_values=quoted,
                    ignore_empty_lines=False,
                ),
                convert_options=pacsv.ConvertOptions(
                    column_types=column_types,
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
        except pa.ArrowInvalid as exc:
            if "straddl" in str(exc) and block_size == _BLOCK_BYTES:
                continue
            return None  # a ragged record, or bytes that are not UTF-8
        break
    else:
        return None
    if table.num_columns != width:
        return None
    try:
        return [_text_column(cells, encoding if single_byte else None) for cells in table.columns]
    except UnicodeDecodeError:
        return None  # a byte the encoding does not define: the caller's decode names it


#: Sampled lines from which a column whose values are mostly different (more than
#: `_PLAIN_SHARE` of them) is read as plain text: dictionary-encoding a million different ids,
#: times or comments costs Arrow more than parsing the whole file, and saves little after. The
#: lines come from all over the file (`_spread_records`): its first lines can repeat what the
#: rest does not (answers sorted by time, minutes apart) or hold mostly empty comments.
_PLAIN_SAMPLE = 50
_PLAIN_SHARE = 0.5
_SPREAD_LINES = 2000


def _rarely_repeating(records: list[list[str]], width: int) -> set[int]:
    """Positions of the columns whose values in `records`, sampled lines, hardly repeat."""
    if len(records) < _PLAIN_SAMPLE:
        return set()
    return {
        i
        for i in range(width)
        if len({r[i] for r in records if len(r) > i}) > _PLAIN_SHARE * len(records)
    }


def _spread_records(data: bytes, encoding: str, delimiter: str) -> list[list[str]]:
    """About `_SPREAD_LINES` whole lines from evenly spaced places in `data`, split into fields.

    `data` is in an encoding whose line ends are the ASCII bytes. A line that starts inside a
    quoted value is split wrongly, and left out by the caller when its width is not the
    header's: the sample only decides how columns are read, never what they hold.
    """
    step = max(len(data) // _SPREAD_LINES, 1)
    lines = []
    for start in range(step, len(data), step):
        begin = data.find(b"\n", start) + 1
        end = data.find(b"\n", begin)
        if not begin or end < 0:
            break
        lines.append(data[begin:end].decode(encoding, errors="replace").rstrip("\r"))
    return list(csv.reader(lines, delimiter=delimiter))


def _text_column(cells: pa.ChunkedArray, encoding: str | None) -> TextColumn:
    """A column as Arrow read it, decoded from `encoding` (single-byte) if given.

    Arrow dictionary-encodes each block of the file on its own; unifying the blocks'
    dictionaries gives one set of distinct values, and codes into it, for the whole column. A
    plain column gives each cell its own value.
    """
    if pa.types.is_dictionary(cells.type):
        cells = cells.unify_dictionaries()
        if cells.num_chunks:
            values = cells.chunk(0).dictionary
            codes = np.concatenate([chunk.indices.to_numpy() for chunk in cells.chunks])
        else:
            values, codes = pa.array([], pa.binary()), np.zeros(0, dtype=np.int32)
        if encoding is not None:
            values = _to_utf8(values, encoding)
    else:
        chunks = [_to_utf8(c, encoding) if encoding else c for c in cells.chunks]
        kind = pa.large_string() if pa.large_string() in {c.type for c in chunks} else pa.string()
        # One array, not a chunk per block of the file: taking cells from a million values in
        # 30 chunks costs Arrow 20 times more than from one array.
        try:
            values = pa.concat_arrays(
                [chunk.cast(kind) for chunk in chunks] or [pa.array([], kind)]
            )
        except pa.ArrowInvalid:  # more than 2 GB of text: 64-bit offsets
            values = pa.concat_arrays([chunk.cast(pa.large_string()) for chunk in chunks])
        codes = np.arange(len(values))
    text = values.to_pandas(types_mapper={pa.string(): _TEXT, pa.large_string(): _TEXT}.get)
    return TextColumn(text, codes, pd.RangeIndex(len(codes)))


def _to_utf8(values: pa.Array, encoding: str) -> pa.Array:
    """Binary values in a single-byte encoding (cp1252, latin-1) as UTF-8 strings.

    All values' bytes are decoded as one text, which costs one C call instead of one Python
    call per value, and each value's start moved by the bytes its earlier characters grow:
    a character from a byte of 0x80 or above takes 2 or 3 bytes in UTF-8, one below takes 1.
    """
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int32)[
        values.offset : values.offset + len(values) + 1
    ]
    buffer = values.buffers()[2]
    data = np.frombuffer(buffer, dtype=np.uint8)[offsets[0] : offsets[-1]] if buffer else []
    high = np.flatnonzero(np.asarray(data) >= 0x80)
    if not len(high):
        return values.cast(pa.string())  # ASCII: the bytes are UTF-8 already
    utf8 = bytes(data).decode(encoding).encode("utf-8")
    grown = np.concatenate(([0], np.cumsum(_utf8_growth(encoding)[data[high]])))
    starts = offsets - offsets[0]
    starts = starts + grown[np.searchsorted(high, starts)]
    if len(utf8) > _STRING_BYTES:  # grown past what 32-bit offsets can point into
        return pa.LargeStringArray.from_buffers(
            len(values), pa.py_buffer(starts.astype(np.int64)), pa.py_buffer(utf8)
        )
    return pa.StringArray.from_buffers(
        len(values), pa.py_buffer(starts.astype(np.int32)), pa.py_buffer(utf8)
    )


_STRING_BYTES = np.iinfo(np.int32).max


@cache
def _utf8_growth(encoding: str) -> np.ndarray:
    """Per byte value, how many bytes more its character takes in UTF-8 than in `encoding`."""
    return np.array(
        [len(bytes([b]).decode(encoding, errors="replace").encode("utf-8")) - 1 for b in range(256)]
    )


def _read_ragged(text: str, delimiter: str) -> tuple[pd.DataFrame, pd.Series]:
    """Every record as text (the header as record 0), padded to the header's width, and the
    values beyond it where they hold data, by record counted from the first below the header.
    """
    with _field_limit(len(text)):
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not records:
        return pd.DataFrame(dtype="str"), _no_extra_fields()
    width = len(records[0])
    padded, extra = [], []
    for record in records:
        beyond = [value for value in record[width:] if value.strip()]
        extra.append("; ".join(f"'{value}'" for value in beyond) if beyond else pd.NA)
        padded.append((record + [""] * width)[:width])
    cells = pd.DataFrame(padded, dtype="str")
    return cells, pd.Series(extra[1:], dtype="string").dropna()


def _no_extra_fields() -> pd.Series:
    return pd.Series([], index=pd.Index([], dtype="int64"), dtype="string")


def _raw_table(
    cells: list[TextColumn],
    first_row: int,
    extra: pd.Series,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    notes: tuple[str, ...] = (),
    export: str | None = None,
) -> RawTable:
    """The records below the header (record 0 of `cells`) under cleaned header names, without
    the columns that have neither a header nor any value (a trailing delimiter on every line).
    """
    header = [column.values.iloc[column.codes[0]] for column in cells]
    body = [column.rest() for column in cells]
    columns = {
        name: column
        for name, column, raw in zip(_header_names(header), body, header, strict=True)
        if str(raw).strip() or (column.values.str.strip() != "").any()
    }
    rows = np.arange(first_row, first_row + len(cells[0]) - 1)
    return RawTable(columns, rows, extra, encoding, delimiter, sheet, notes, export)


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


def _read_excel(path: Path, fmt: SurveyFormat) -> RawTable:
    """A worksheet as text cells: the chosen sheet, from its header row, merged cells filled.

    Values are the ones Excel saved (formulas as their results); a formula without a saved
    result (a workbook written by a script and never opened in Excel) is refused by cell.
    """
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, InvalidFileException) as exc:
        raise SurveyFileError(f"{path}: not a readable Excel workbook ({exc})") from None
    notes: list[str] = []
    try:
        sheets = [sheet.title for sheet in book.worksheets]
        if not sheets:
            raise SurveyFileError(f"{path}: has no worksheet")
        # A tool that writes its answers and its survey's structure to sheets of their own.
        by_sheets = exports.recognise([], tuple(sheets))
        answer_sheet = by_sheets.answer_sheet(tuple(sheets)) if by_sheets else None
        if answer_sheet and fmt.sheet is None:
            sheet = answer_sheet
        else:
            sheet = _choose_sheet(path, book, sheets, fmt, notes)
        if answer_sheet and sheet != answer_sheet:
            raise SurveyFileError(
                f"{path}: sheet '{sheet}' of this {by_sheets.tool} workbook does not hold the "
                f"answers, sheet '{answer_sheet}' does: name that sheet in the config, or leave "
                "the sheet out and it is found"
            )
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
    tool = exports.recognise(texts[:3], tuple(sheets))
    header_at = 0 if tool else _find_header(texts[: HEADER_SEARCH_ROWS + 50], fmt.columns.score)[0]
    if header_at:
        titles = [" ".join(v for v in row if v.strip()) for row in texts[:header_at]]
        shown = "; ".join(f"'{title[:60]}'" for title in titles if title)
        notes.append(f"{header_at} row(s) above the header skipped: {shown}")

    xml = _sheet_xml(path, xml_path)
    _refuse_uncached_formulas(path, sheet, xml, first_row=header_at + 1)
    filled = _fill_merged(texts, xml, below=header_at)
    if filled:
        notes.append(f"{filled} cells of merged ranges filled with the range's value")

    cells = pd.DataFrame(texts[header_at:], dtype="str")
    columns = [TextColumn.of(cells[c]) for c in cells]
    return _raw_table(
        columns,
        header_at + 2,
        _no_extra_fields(),
        sheet=sheet,
        notes=tuple(notes),
        export=tool.tool if tool else None,
    )


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
    from openpyxl.utils.cell import range_boundaries

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
