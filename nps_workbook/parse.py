"""Vectorised parsers for the values of a survey export: scores, dates and numbers.

Each parser takes the raw text of one column (a pandas Series of str, or a `TextColumn` as the
loader reads it) and returns the typed values together with the rows it could not use and why,
so the loader can reject exactly those rows and say why. No parser loops over rows in Python:
each works on the column's distinct values and spreads the results over the rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# Spellings survey tools and spreadsheets use for "no answer". Compared case-insensitively.
MISSING_TOKENS = frozenset(
    {"", "na", "n/a", "n.a.", "nan", "null", "none", "-", "--", "#n/a", "(blank)", "(tom)", "."}
)

# Rejection reasons: short and stable, so rejected rows can be grouped and counted by reason.
SCORE_MISSING = "score missing"
SCORE_NOT_A_NUMBER = "score not a number"
SCORE_NOT_WHOLE = "score not a whole number"
SCORE_OUT_OF_RANGE = "score outside 0-10"
DATE_MISSING = "date missing"
DATE_UNPARSEABLE = "date not recognised"

DateOrder = Literal["day-first", "month-first"]

# A leading number, then nothing or a label: "10", "10 - Extremely likely", "9 (Meget sandsynligt)",
# "6,5", "-1". A digit or separator right after the number ("1.234.5", "7/10") is not a label.
_LEADING_NUMBER = r"^([+-]?\d+(?:[.,]\d+)?)(?:$|\s*[-–=:(]|\s+[^\d\s])"
# Scores written out in words, as some tools export a scale's points and people type them.
NUMBER_WORDS = {
    **dict.fromkeys(("nul", "zero"), 0),
    **dict.fromkeys(("en", "et", "one"), 1),
    **dict.fromkeys(("to", "two"), 2),
    **dict.fromkeys(("tre", "three"), 3),
    **dict.fromkeys(("fire", "four"), 4),
    **dict.fromkeys(("fem", "five"), 5),
    **dict.fromkeys(("seks", "six"), 6),
    **dict.fromkeys(("syv", "seven"), 7),
    **dict.fromkeys(("otte", "eight"), 8),
    **dict.fromkeys(("ni", "nine"), 9),
    **dict.fromkeys(("ti", "ten"), 10),
}
_ISO_DATE = r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$"
_DMY_DATE = r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[T ,].*)?$"
# Excel stores dates as days since 1899-12-30; a General-formatted date cell exports as that number.
_EXCEL_SERIAL = r"^(\d{5})(?:[.,]\d+)?$"
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_EXCEL_SERIAL_RANGE = (20_000, 80_000)  # 1954 to 2119: any plausible survey date


@dataclass(frozen=True)
class TextColumn:
    """A column of text cells as its distinct values and, per cell, which of them it holds.

    Exports repeat the same few scores, dates and departments thousands of times: trimming,
    parsing and checking each distinct value once and spreading the result over the cells keeps
    a million-row file to a few thousand operations per column, and the CSV reader hands the
    values over in this form (Arrow dictionary-encodes them while it parses, on all cores).

    Attributes
    ----------
    values : Series of str
        The texts the cells hold, with a RangeIndex; every one is held by some cell. Each text
        is listed once, except in a column the loader read as plain text (ids, timestamps:
        values that hardly repeat), which lists every cell's own.
    codes : ndarray of int
        Per cell, the position of its text in `values`.
    index : Index
        The cells' labels: a Series' own index, or 0..n-1 for a column read from a file.
    """

    values: pd.Series
    codes: np.ndarray
    index: pd.Index

    @classmethod
    def of(cls, raw: pd.Series | TextColumn) -> TextColumn:
        """`raw` itself if it is a TextColumn, else the Series' cells as one."""
        if isinstance(raw, TextColumn):
            return raw
        codes, distinct = pd.factorize(raw.astype("str"), use_na_sentinel=False)
        return cls(pd.Series(distinct, dtype="str"), codes, raw.index)

    def __len__(self) -> int:
        return len(self.codes)

    def spread(self, per_value: pd.Series, at: np.ndarray | None = None) -> pd.Series:
        """A result computed per value (aligned with `values`) as one per cell.

        Every cell, indexed like the cells; or only the cells at positions `at`, numbered from 0.
        """
        # Taking from the array skips the row labels pandas would look up and then drop.
        if at is None:
            return pd.Series(per_value.array.take(self.codes), index=self.index)
        return pd.Series(per_value.array.take(self.codes[at]))

    def text(self) -> pd.Series:
        """The cells as a Series of str."""
        return self.spread(self.values)

    def counts(self) -> np.ndarray:
        """How many cells hold each of `values`."""
        return np.bincount(self.codes, minlength=len(self.values))

    def take(self, at: np.ndarray) -> TextColumn:
        """The cells at positions `at`, numbered from 0, with only the values they hold."""
        codes = self.codes[at]
        used = np.bincount(codes, minlength=len(self.values)) > 0
        values = self.values
        if not used.all():
            codes = (np.cumsum(used) - 1)[codes]
            values = values[used].reset_index(drop=True)
        return TextColumn(values, codes, pd.RangeIndex(len(codes)))

    def rest(self) -> TextColumn:
        """The cells after the first (a file's header), numbered from 0, with only the values
        they hold; what `take` gives for them, in fewer passes over the codes."""
        first, codes = self.codes[:1], self.codes[1:]
        if not len(first) or (codes == first[0]).any():
            return TextColumn(self.values, codes, pd.RangeIndex(len(codes)))
        # The first cell's value goes and the values after it move down one place; usually
        # it is value 0, as Arrow numbers values in the order it meets them.
        dropped = int(first[0])
        if dropped == 0:
            codes, values = codes - 1, self.values.iloc[1:]
        else:
            codes, values = codes - (codes > dropped), self.values.drop(dropped)
        return TextColumn(values.reset_index(drop=True), codes, pd.RangeIndex(len(codes)))

    def refusals(self, problem: pd.Series, detail: pd.Series) -> pd.DataFrame:
        """The cells whose value has a `problem` (given per value, <NA> where it is fine), as
        `refused_rows` by cell position."""
        at = np.flatnonzero(problem.notna().to_numpy()[self.codes])
        codes = self.codes[at]
        return refused_rows(at, problem.take(codes), detail.take(codes))


def refused_rows(
    at: Sequence[int] | np.ndarray,
    reason: str | Sequence[str] | pd.Series,
    detail: str | Sequence[str] | pd.Series,
) -> pd.DataFrame:
    """Rows a check refused: `reason` and `detail` (texts, or one text for all) by row position.

    Checks report only the rows they refuse, the few in a million, so combining the checks of a
    file costs nothing per accepted row.
    """
    at = np.asarray(at, dtype=np.int64)

    def text(value) -> pd.arrays.StringArray:
        values = [value] * len(at) if isinstance(value, str) else value
        return pd.array(values, dtype="string")

    return pd.DataFrame({"reason": text(reason), "detail": text(detail)}, index=pd.Index(at))


@dataclass(frozen=True)
class Parsed:
    """Typed values of one column plus the rows whose value could not be used, and why.

    `refused` has one row per unusable value, indexed by its position in the column (from 0):
    `reason`, one of this module's reasons, and `detail`, a short text naming what was found,
    for the rejected-rows report. `problem` and `detail` give them per row, <NA> where the
    value is fine.
    """

    values: pd.Series
    refused: pd.DataFrame

    @property
    def problem(self) -> pd.Series:
        return self._per_row("reason")

    @property
    def detail(self) -> pd.Series:
        return self._per_row("detail")

    def _per_row(self, name: str) -> pd.Series:
        column = pd.Series(pd.NA, index=self.values.index, dtype="string")
        column.iloc[self.refused.index.to_numpy()] = self.refused[name].to_numpy()
        return column


def _blank(raw: pd.Series) -> pd.Series:
    return raw.str.strip().str.lower().isin(MISSING_TOKENS)


def _details(raw: pd.Series, missing: pd.Series, bad: pd.Series) -> pd.Series:
    """'blank', or what was found (cut to 40 characters) for the values a parser refused."""
    detail = pd.Series(pd.NA, index=raw.index, dtype="string")
    shown = missing | bad
    if shown.any():  # only the refused values: on a clean column this is free
        text = raw[shown].str.strip()
        detail[shown] = ("found '" + text.str.slice(0, 40) + "'").where(text != "", "blank")
    return detail


def parse_scores(raw: pd.Series | TextColumn) -> Parsed:
    """Parse 0-10 answers, accepting the labels survey tools put after the number.

    A value is accepted when it is a whole number from 0 to 10, optionally followed by a label
    ("10 - Extremely likely", "9 (Meget sandsynligt)"), or the number written as a Danish or
    English word on its own ("ni", "Ten": `NUMBER_WORDS`). Decimals with a point or a comma are
    read, then refused unless whole ("9,0" is 9, "6,5" is refused): a fractional score is never
    bucketed.

    Parameters
    ----------
    raw : pandas.Series of str, or TextColumn
        The score column as text.

    Returns
    -------
    Parsed
        `values` as nullable Int8; `problem` one of SCORE_MISSING, SCORE_NOT_A_NUMBER,
        SCORE_NOT_WHOLE, SCORE_OUT_OF_RANGE or <NA>.

    Examples
    --------
    >>> parse_scores(pd.Series(["10 - Extremely likely", "6,5", "11", ""])).values.tolist()
    [10, <NA>, <NA>, <NA>]
    """
    column = TextColumn.of(raw)
    table = _parse_distinct_scores(column.values)
    refused = column.refusals(table["problem"], table["detail"])
    return Parsed(column.spread(table["values"]), refused)


def _parse_distinct_scores(raw: pd.Series) -> pd.DataFrame:
    text = raw.str.strip()
    number_text = text.str.extract(_LEADING_NUMBER, expand=False)
    number = pd.to_numeric(number_text.str.replace(",", ".", regex=False), errors="coerce")
    number = number.astype("float64").fillna(text.str.lower().map(NUMBER_WORDS).astype("float64"))

    missing = _blank(raw)
    not_number = ~missing & number.isna()
    not_whole = ~missing & ~not_number & (number != np.floor(number))
    out_of_range = ~missing & ~not_number & ~not_whole & ((number < 0) | (number > 10))

    problem = pd.Series(pd.NA, index=raw.index, dtype="string")
    problem[missing] = SCORE_MISSING
    problem[not_number] = SCORE_NOT_A_NUMBER
    problem[not_whole] = SCORE_NOT_WHOLE
    problem[out_of_range] = SCORE_OUT_OF_RANGE

    bad = not_number | not_whole | out_of_range
    detail = _details(raw, missing, bad)

    ok = problem.isna()
    values = pd.Series(pd.NA, index=raw.index, dtype="Int8")
    values[ok] = number[ok].astype("int8")
    return pd.DataFrame({"values": values, "problem": problem, "detail": detail})


def detect_date_order(raw: pd.Series | TextColumn) -> tuple[DateOrder | None, bool]:
    """Tell day-first from month-first for dates written as a/b/yyyy.

    Evidence is a first part above 12 (day-first) or a second part above 12 (month-first). With
    no evidence either way the Danish convention, day-first, is assumed.

    Returns
    -------
    (order, assumed)
        `order` is None when no date is written a/b/yyyy (ISO dates need no order); `assumed` is
        True when the data did not decide and day-first was taken.
    """
    distinct = pd.Series(TextColumn.of(raw).values.str.strip().unique(), dtype="str")
    parts = distinct.str.extract(_DMY_DATE)
    if parts[0].isna().all():
        return None, False
    first = pd.to_numeric(parts[0], errors="coerce")
    second = pd.to_numeric(parts[1], errors="coerce")
    day_first_evidence = bool((first > 12).any())
    month_first_evidence = bool((second > 12).any())
    if month_first_evidence and not day_first_evidence:
        return "month-first", False
    return "day-first", not day_first_evidence


def parse_dates(
    raw: pd.Series | TextColumn, *, order: DateOrder | None = None, date_format: str | None = None
) -> tuple[Parsed, DateOrder | None]:
    """Parse answer dates from the forms exports use, dropping any time of day.

    Recognised: ISO (2024-03-05, 2024-03-05T14:22:09), day-first with -, . or / as separator
    (05-03-2024, 5.3.2024, 05/03/24), month-first when the data shows it (03/25/2024) or `order`
    says so, and Excel serial numbers (45356 = 2024-03-05). `date_format` (strptime codes) replaces
    the detection for exports in any other form.

    Returns
    -------
    (Parsed, order)
        `values` as datetime64 at midnight; `problem` DATE_MISSING, DATE_UNPARSEABLE or <NA>;
        `order` is the order used for a/b/yyyy dates (None when `date_format` was given).
    """
    column = TextColumn.of(raw)
    raw = column.values
    missing = _blank(raw)
    text = raw.str.strip().where(~missing, "")

    if date_format is not None:
        used_order = None

        def parse_distinct(distinct: pd.Series) -> pd.Series:
            return pd.to_datetime(distinct, format=date_format, errors="coerce")

    else:
        # The time of day is dropped anyway; cutting it first leaves few distinct values.
        text = text.str.replace(r"[T ,].*$", "", regex=True)
        if order is None:
            order, _ = detect_date_order(text[~missing])
        used_order = order

        def parse_distinct(distinct: pd.Series) -> pd.Series:
            return _parse_known_date_forms(distinct, order or "day-first")

    dates = TextColumn.of(text)
    values = dates.spread(parse_distinct(dates.values)).dt.normalize()
    unparseable = ~missing & values.isna()
    problem = pd.Series(pd.NA, index=raw.index, dtype="string")
    problem[missing] = DATE_MISSING
    problem[unparseable] = DATE_UNPARSEABLE
    detail = _details(raw, missing, unparseable)
    return Parsed(column.spread(values), column.refusals(problem, detail)), used_order


def _parse_known_date_forms(text: pd.Series, order: DateOrder) -> pd.Series:
    iso = text.str.extract(_ISO_DATE)
    dmy = text.str.extract(_DMY_DATE)
    serial = pd.to_numeric(
        text.str.extract(_EXCEL_SERIAL, expand=False).str.replace(",", ".", regex=False),
        errors="coerce",
    )
    day_col, month_col = (0, 1) if order == "day-first" else (1, 0)
    year = pd.to_numeric(iso[0], errors="coerce")
    month = pd.to_numeric(iso[1], errors="coerce")
    day = pd.to_numeric(iso[2], errors="coerce")
    use_dmy = year.isna()
    short_year = pd.to_numeric(dmy[2], errors="coerce")
    short_year = short_year.where(short_year >= 100, short_year + 2000)
    year = year.where(~use_dmy, short_year)
    month = month.where(~use_dmy, pd.to_numeric(dmy[month_col], errors="coerce"))
    day = day.where(~use_dmy, pd.to_numeric(dmy[day_col], errors="coerce"))
    parts = pd.DataFrame({"year": year, "month": month, "day": day})
    # Out-of-range parts (month 13, day 32) become NaT instead of raising.
    values = pd.to_datetime(parts, errors="coerce")
    in_range = serial.between(*_EXCEL_SERIAL_RANGE)
    from_serial = _EXCEL_EPOCH + pd.to_timedelta(serial.where(in_range), unit="D")
    return values.fillna(from_serial)


_DOT_DECIMAL = r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$"
_COMMA_DECIMAL = r"^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d*)?$"


NOT_A_NUMBER = "not a number"


def parse_numbers(raw: pd.Series | TextColumn, decimal: str) -> Parsed:
    """Read amounts and ratings, naming each row whose value is not a number.

    `decimal` is the file's decimal mark: with "," the Danish form 1.234.567,50 is read (points
    group thousands); with "." plain 1234567.50. When more values fit the other convention, the
    column is read in that one, so a comma-decimal column in a tab-separated file still works.
    Blank values are <NA> without a problem: whether a blank is allowed is the caller's call.
    """
    column = TextColumn.of(raw)
    raw = column.values
    text = raw.str.strip()
    present = ~_blank(raw)
    fits = {
        mark: present & text.str.fullmatch(_COMMA_DECIMAL if mark == "," else _DOT_DECIMAL)
        for mark in (decimal, "," if decimal == "." else ".")
    }
    # The convention most rows fit (each value weighs as many rows as hold it); ties keep the
    # file's own mark.
    cells = column.counts()
    mark = max(fits, key=lambda m: int(cells[fits[m].to_numpy()].sum()))
    ok = fits[mark]
    plain = text[ok]
    if mark == ",":
        plain = plain.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    numbers = pd.Series(np.nan, index=raw.index, dtype="float64")
    # Arrow casts the checked text to floats in C++; pandas' to_numeric would loop in Python.
    numbers[ok] = pc.cast(pa.array(plain, type=pa.string()), pa.float64()).to_numpy()
    bad = present & ~ok
    problem = pd.Series(pd.NA, index=raw.index, dtype="string")
    problem[bad] = NOT_A_NUMBER
    detail = _details(raw, bad & False, bad)
    return Parsed(column.spread(numbers), column.refusals(problem, detail))


def parse_number_column(raw: pd.Series | TextColumn, decimal: str) -> pd.Series | None:
    """Read a column as numbers when every non-blank value is one, else return None.

    Used for the segment columns of an export: a column is numeric or it is text, as a whole.
    Whole numbers come back as Int64.
    """
    column = TextColumn.of(raw)
    # A text column usually shows itself in its first values: skip the full parse then.
    head = column.spread(column.values, at=np.arange(min(len(column), 1000))).str.strip()
    head = head[head != ""]
    if not (head.str.fullmatch(_COMMA_DECIMAL) | head.str.fullmatch(_DOT_DECIMAL)).all():
        return None
    distinct = pd.Series(column.values.str.strip().unique(), dtype="str")
    distinct = distinct[~distinct.str.lower().isin(MISSING_TOKENS)]
    # Codes with leading zeros (postcodes, account numbers) are labels, not quantities.
    if distinct.empty or distinct.str.match(r"^[+-]?0\d").any():
        return None
    parsed = parse_numbers(column, decimal)
    if len(parsed.refused):
        return None
    numbers = parsed.values
    # More digits than a float holds exactly (a 20-digit account number) is a label too: as a
    # number it would be silently rounded.
    if (numbers.abs() >= _EXACT_FLOAT_LIMIT).any():
        return None
    whole = (numbers.dropna() % 1 == 0).all()
    return numbers.astype("Int64") if whole else numbers


_EXACT_FLOAT_LIMIT = 2.0**53
