"""Vectorised parsers for the values of a survey export: scores, dates and numbers.

Each parser takes the raw text of one column (a pandas Series of str, or a `TextColumn` as the
loader reads it) and returns the typed values together with the rows it could not use and why,
so the loader can reject exactly those rows and say why. No parser loops over rows in Python:
each works on the column's distinct values and spreads the results over the rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
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


@dataclass(frozen=True)
class RawTable:
    """An export as text, before any interpretation: per header name, the column's cells.

    Records are numbered from 0 in file order; every column holds one cell per record.
    """

    columns: dict[str, TextColumn]
    rows: np.ndarray  # the spreadsheet row number of each record (header is row 1)
    extra_fields: pd.Series  # values beyond the header's width, by record; only records with any
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    notes: tuple[str, ...] = ()
    export: str | None = None  # the survey tool whose layout the file has (`exports`)

    @property
    def frame(self) -> pd.DataFrame:
        """The cells as a DataFrame of str, one column per header name."""
        index = pd.RangeIndex(len(self.rows))
        return pd.DataFrame({name: c.text() for name, c in self.columns.items()}, index=index)

    def take(self, at: np.ndarray) -> RawTable:
        """The records at positions `at` (in order), renumbered from 0, keeping their rows."""
        kept = np.zeros(len(self.rows), dtype=bool)
        kept[at] = True
        extra = self.extra_fields[kept[self.extra_fields.index]]
        renumbered = extra.set_axis((np.cumsum(kept) - 1)[extra.index])
        return replace(
            self,
            columns={name: column.take(at) for name, column in self.columns.items()},
            rows=self.rows[at],
            extra_fields=renumbered,
        )


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


def spells_missing(text: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Per trimmed text, whether it is a spelling of 'no answer' (`MISSING_TOKENS`), as a
    boolean array; a null counts as no spelling.

    Only texts as short as the longest spelling are lower-cased and looked up: a comment column
    holds a million long texts that cannot be one (lower-casing never shortens a text).
    """
    short = pc.fill_null(pc.less_equal(pc.utf8_length(text), _LONGEST_MISSING), False)
    short = np.flatnonzero(short.to_numpy(zero_copy_only=False))
    missing = np.zeros(len(text), dtype=bool)
    lowered = pc.utf8_lower(text.take(short))
    missing[short] = pc.is_in(lowered, _MISSING).to_numpy(zero_copy_only=False)
    return missing


_MISSING = pa.array(sorted(MISSING_TOKENS), type=pa.string())
_LONGEST_MISSING = max(map(len, MISSING_TOKENS))


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
    """Tell day-first from month-first for dates written a/b/yyyy.

    Evidence is a value that reads only one way: a first part above 12 (day-first) or a second
    part above 12 (month-first). With no evidence either way the Danish convention, day-first,
    is assumed; with evidence both ways (two exports joined), day-first too.

    Returns
    -------
    (order, assumed)
        `order` is None when no date is written a/b/yyyy (ISO dates need no order); `assumed` is
        True when the data did not decide and day-first was taken.

    Examples
    --------
    >>> detect_date_order(pd.Series(["11/4/2019", "4/13/2019"]))
    ('month-first', False)
    """
    stamps = _Stamps(TextColumn.of(raw).values)
    return _decide_order(stamps.order_evidence())


def _decide_order(evidence: tuple[bool, bool] | None) -> tuple[DateOrder | None, bool]:
    """(order, assumed) from `_Stamps.order_evidence`, as `detect_date_order` gives them."""
    if evidence is None:
        return None, False
    day_first, month_first = evidence
    if month_first and not day_first:
        return "month-first", False
    return "day-first", not day_first


def parse_dates(
    raw: pd.Series | TextColumn,
    *,
    order: DateOrder | None = None,
    date_format: str | None = None,
    source_zone: str | None = None,
    zone: str | None = None,
) -> tuple[Parsed, DateOrder | None]:
    """Parse answer dates and times from the forms survey tools and spreadsheets write.

    Recognised: ISO (2024-03-05, 2024-03-05T14:22:09, with fractions of a second and a zone
    `Z`, `+01:00`, `+0100`); day-first with -, . or / (05-03-2024, 5.3.2024 14.22.09,
    05/03/24); month-first when the data shows it or `order` says so, with AM/PM
    (03/25/2024 02:22:09 PM); year first with slashes and a GMT offset, as Google Forms writes
    (2024/03/05 2:22:09 PM GMT+1); zone abbreviations (UTC, GMT, CET, CEST, EST ...); Excel
    serial numbers (45356 = 2024-03-05). `date_format` (strptime codes) replaces the detection
    for any other form.

    Times keep their time of day. A time written with its zone is converted to `zone`; a time
    without one is taken to be in `source_zone` (what the tool says, e.g. Typeform's
    "Submit Date (UTC)") and converted, or, without `source_zone`, to be in `zone` already. The
    values are wall-clock times in `zone` (naive datetime64): a local time that a change to
    summer time skips moves forward, one that the change back repeats is taken as winter time.

    Parameters
    ----------
    raw : Series of str, or TextColumn
    order : "day-first" or "month-first", optional
        For a/b/yyyy dates; detected from the data when not given (`detect_date_order`).
    date_format : str, optional
    source_zone, zone : str, optional
        IANA zone names (Europe/Copenhagen). Without `zone`, times with a zone become UTC.

    Returns
    -------
    (Parsed, order)
        `values` as datetime64[us]; `problem` DATE_MISSING, DATE_UNPARSEABLE or <NA>; `order`
        is the order used for a/b/yyyy dates (None when there were none or `date_format` was
        given).

    Examples
    --------
    >>> parsed, _ = parse_dates(pd.Series(["2024-03-05T13:22:09Z"]), zone="Europe/Copenhagen")
    >>> parsed.values.tolist()
    [Timestamp('2024-03-05 14:22:09')]
    """
    parsed, used_order, _ = parse_dates_detecting(
        raw, order=order, date_format=date_format, source_zone=source_zone, zone=zone
    )
    return parsed, used_order


def parse_dates_detecting(
    raw: pd.Series | TextColumn,
    *,
    order: DateOrder | None = None,
    date_format: str | None = None,
    source_zone: str | None = None,
    zone: str | None = None,
) -> tuple[Parsed, DateOrder | None, bool]:
    """`parse_dates`, and whether the order was assumed (as `detect_date_order` says).

    One pass over the column instead of two: the order is decided from the evidence the parse
    looks for anyway. Returns ``(parsed, order, assumed)``; `assumed` is False when `order` or
    `date_format` is given.
    """
    column = TextColumn.of(raw)
    stamps = _Stamps(column.values)
    assumed = False
    if date_format is not None:
        stamps.parse_with(date_format)
        used_order = None
    else:
        if order is None:
            order, assumed = _decide_order(stamps.order_evidence())
        used_order = order if stamps.has_ambiguous_form else None
        stamps.parse(order or "day-first")
    values = stamps.wall_clock(source_zone, zone)
    missing = stamps.missing
    unparseable = ~missing & np.isnat(values)
    problem = pd.Series(pd.NA, index=column.values.index, dtype="string")
    problem[missing] = DATE_MISSING
    problem[unparseable] = DATE_UNPARSEABLE
    detail = _details(column.values, pd.Series(missing), pd.Series(unparseable))
    per_value = pd.Series(values, index=column.values.index)
    parsed = Parsed(column.spread(per_value), column.refusals(problem, detail))
    return parsed, used_order, assumed


# One timestamp as exports write it: a date (year first, or a/b/year), then maybe a time with
# seconds, a fraction, AM/PM, and maybe a zone.
_STAMP = re.compile(
    r"^(?P<a>\d{1,4})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{4}|\d{2})"
    r"(?:(?P<tsep>T| +|, *)(?P<H>\d{1,2})(?P<tc>[:.])(?P<M>\d{2})"
    r"(?:(?P=tc)(?P<S>\d{2})(?P<frac>[.,]\d{1,9})?)?(?P<psep> *)(?P<ampm>[AaPp]\.?[Mm]\.?)?)?"
    r"(?P<zsep> *)(?P<zone>Z|[+-]\d{2}(?::?\d{2})?|(?:GMT|UTC)(?:[+-]\d{1,2}(?::?\d{2})?)?"
    r"|[A-Z]{3,4})?$"
)
_EXCEL_SERIAL = re.compile(r"^(\d{5})(?:[.,]\d+)?$")
_EXCEL_EPOCH = np.datetime64("1899-12-30T00:00:00", "s")
_EXCEL_SERIAL_RANGE = (20_000, 80_000)  # 1954 to 2119: any plausible survey date
#: Zone abbreviations survey tools write after a time, as hours from UTC.
ZONE_ABBREVIATIONS = {
    "UTC": 0,
    "GMT": 0,
    "WET": 0,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
}
#: Distinct values looked at to find a column's form; the rest are parsed in Arrow in that form.
_FORM_SAMPLE = 200
_NAT = np.datetime64("NaT", "s")


class _Stamps:
    """The distinct texts of a date column on their way to wall-clock times.

    A column holds one form, or a few (times with and without seconds, two exports joined):
    each form found in a sample of its values becomes a strptime format that Arrow applies in
    C++ to the values no earlier form read, the most frequent form first; the values none reads
    (a form the sample missed, a typing error) are parsed one by one by `_parse_one`, which
    reads every recognised form and is the reference the fast path is tested against.
    """

    def __init__(self, values: pd.Series):
        text = pc.utf8_trim_whitespace(pa.array(values, type=pa.string()))
        self.text = text
        self.missing = spells_missing(text)
        # Formats already applied by `order_evidence`: format -> (positions, times), for
        # `parse` to take instead of applying them again.
        self._applied: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.local = np.full(len(text), _NAT)  # the written time, or UTC where aware
        self.aware = np.zeros(len(text), dtype=bool)  # the value named its zone
        present = np.flatnonzero(~self.missing)
        sample = text.take(present[:_FORM_SAMPLE]).to_pylist()
        self.forms = [m for m in (_STAMP.match(v) for v in sample) if m]
        self.has_ambiguous_form = any(len(m["a"]) <= 2 for m in self.forms)

    def order_evidence(self) -> tuple[bool, bool] | None:
        """(values read only day-first, values read only month-first), or None without any
        a/b/year date.

        Each form of the sample is tried in Arrow on the values no earlier form read; only the
        values none reads (typing errors, a form the sample missed) are matched one by one.
        """
        day_first = month_first = False
        todo = np.flatnonzero(~self.missing)
        for form in _by_frequency(self.forms):
            if not len(todo):
                break
            if _arrow_format(form, "day-first") is None:
                continue  # a named zone: Arrow cannot read it
            text = self._subset(todo)
            if len(form["a"]) > 2:
                # Year first: no evidence either way. Only values that do start with the year
                # are set aside; Arrow's %Y also reads a two-digit first part.
                local, _ = self._strptime(_arrow_format(form, "day-first"), text)
                lead = pc.find_substring_regex(text, r"\D").to_numpy(zero_copy_only=False)
                todo = todo[np.isnat(local) | (lead <= 2)]
                continue
            formats = _arrow_format(form, "day-first"), _arrow_format(form, "month-first")
            day, month = (self._strptime(fmt, text)[0] for fmt in formats)
            self._applied.update({formats[0]: (todo, day), formats[1]: (todo, month)})
            day_ok, month_ok = ~np.isnat(day), ~np.isnat(month)
            day_first |= bool((day_ok & ~month_ok).any())
            month_first |= bool((month_ok & ~day_ok).any())
            todo = todo[~day_ok & ~month_ok]
        ambiguous = any(len(m["a"]) <= 2 for m in self.forms)
        others = [m for m in map(_STAMP.match, self.text.take(todo).to_pylist()) if m]
        others = [m for m in others if len(m["a"]) <= 2]
        if not ambiguous and not others:
            return None
        day_first |= any(int(m["a"]) > 12 for m in others)
        month_first |= any(int(m["b"]) > 12 for m in others)
        return day_first, month_first

    def parse(self, order: DateOrder) -> None:
        """Each form of the sample in Arrow, most frequent first, on the values no earlier form
        read; the values none reads one by one (`_parse_one`)."""
        todo = np.flatnonzero(~self.missing)
        for form in _by_frequency(self.forms):
            fmt = _arrow_format(form, order)
            if not len(todo) or fmt is None:
                continue
            text = self._subset(todo)
            applied = self._applied.pop(fmt, None)
            if form["frac"]:  # Arrow's strptime reads no fractions of a second
                text = pc.replace_substring_regex(text, r"(\d\d)[.,]\d{1,9}", r"\1")
                applied = None  # `order_evidence` read the texts as written
            if applied is not None and np.array_equal(applied[0], todo):
                local, aware = applied[1].copy(), "%z" in fmt
            else:
                local, aware = self._strptime(fmt, text)
            local[_overflowed_days(text, local, form, order)] = _NAT
            read = ~np.isnat(local)
            self.local[todo[read]] = local[read]
            self.aware[todo[read]] = aware
            todo = todo[~read]
        for at in todo:
            self.local[at], self.aware[at] = _parse_one(self.text[at].as_py(), order)

    def _subset(self, at: np.ndarray) -> pa.Array:
        """The trimmed texts at positions `at` (all of them without copying, when it is all)."""
        return self.text if len(at) == len(self.text) else self.text.take(at)

    def parse_with(self, date_format: str) -> None:
        text = pd.Series(self.text.to_pylist(), dtype="str")
        # Offsets differ within a column (summer and winter time): pandas refuses to mix them
        # unless told to convert to UTC.
        zoned = "%z" in date_format or "%Z" in date_format
        values = pd.to_datetime(text, format=date_format, errors="coerce", utc=zoned)
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            self.aware[:] = True
            values = values.dt.tz_convert("UTC").dt.tz_localize(None)
        self.local = values.to_numpy().astype("datetime64[s]")

    def _strptime(self, fmt: str, text: pa.Array | None = None) -> tuple[np.ndarray, bool]:
        parsed = pc.strptime(
            self.text if text is None else text, format=fmt, unit="s", error_is_null=True
        )
        local = parsed.cast(pa.timestamp("s")).to_numpy(zero_copy_only=False)
        return local.astype("datetime64[s]"), "%z" in fmt

    def wall_clock(self, source_zone: str | None, zone: str | None) -> np.ndarray:
        """The times as naive datetime64[us] in `zone` (see `parse_dates`)."""
        values = self.local.copy()
        if self.aware.any():
            utc = pd.DatetimeIndex(values[self.aware]).tz_localize("UTC")
            shown = utc.tz_convert(zone).tz_localize(None) if zone else utc.tz_localize(None)
            values[self.aware] = shown.to_numpy().astype("datetime64[s]")
        naive = ~self.aware & ~np.isnat(values)
        if source_zone and source_zone != zone and naive.any():
            local = pd.DatetimeIndex(values[naive]).tz_localize(
                source_zone,
                ambiguous=np.zeros(int(naive.sum()), dtype=bool),
                nonexistent="shift_forward",
            )
            converted = local.tz_convert(zone or "UTC").tz_localize(None)
            values[naive] = converted.to_numpy().astype("datetime64[s]")
        return values.astype("datetime64[us]")


def _overflowed_days(text: pa.Array, local: np.ndarray, form: re.Match, order: DateOrder):
    """Positions of the values whose day does not exist in their month (30 February).

    Arrow's strptime rolls such a day over into the next month (2024-03-01); a rolled-over date
    falls on day 1 to 3, so only those values have their written day compared.
    """
    days = (local.astype("datetime64[D]") - local.astype("datetime64[M]")).astype(int) + 1
    early = np.flatnonzero(~np.isnat(local) & (days <= 3))
    if not len(early):
        return early
    parts = pc.extract_regex(text.take(early), r"^(?P<a>\d+)\D(?P<b>\d+)\D(?P<c>\d+)")
    field = "c" if len(form["a"]) > 2 else ("a" if order == "day-first" else "b")
    written = pc.cast(pc.struct_field(parts, field), pa.int64()).to_numpy(zero_copy_only=False)
    return early[written != days[early]]


def _by_frequency(forms: list[re.Match]) -> list[re.Match]:
    """The first value of each form, the most frequent form first (ties: the one seen first);
    its literal separators make the format."""
    shapes = [_shape(m) for m in forms]
    distinct = sorted(set(shapes), key=lambda shape: (-shapes.count(shape), shapes.index(shape)))
    return [forms[shapes.index(shape)] for shape in distinct]


def _shape(m: re.Match) -> tuple:
    zone = m["zone"] or ""
    kind = "" if not zone else ("offset" if zone == "Z" or zone[0] in "+-" else "named")
    return (
        len(m["a"]) > 2,
        m["sep"],
        len(m["c"]),
        m["tsep"],
        m["tc"],
        bool(m["S"]),
        bool(m["frac"]),
        m["psep"],
        bool(m["ampm"]),
        m["zsep"],
        kind,
    )


def _arrow_format(m: re.Match, order: DateOrder) -> str | None:
    """The strptime format of a value of form `m`, or None where Arrow cannot read the form
    (a named zone: those values are parsed one by one)."""
    zone = m["zone"] or ""
    if zone and not (zone == "Z" or zone[0] in "+-"):
        return None
    sep = m["sep"]
    year = "%Y" if len(m["c"]) == 4 else "%y"
    if len(m["a"]) > 2:
        fmt = f"%Y{sep}%m{sep}%d"
    elif order == "day-first":
        fmt = f"%d{sep}%m{sep}{year}"
    else:
        fmt = f"%m{sep}%d{sep}{year}"
    if m["H"]:
        hour = "%I" if m["ampm"] else "%H"
        fmt += f"{m['tsep']}{hour}{m['tc']}%M" + (f"{m['tc']}%S" if m["S"] else "")
        if m["ampm"]:
            fmt += f"{m['psep']}%p"
    if zone:
        fmt += f"{m['zsep']}%z"
    return fmt


def _parse_one(text: str, order: DateOrder) -> tuple[np.datetime64, bool]:
    """One value in any recognised form: (the time written, or in UTC if it names its zone;
    whether it does). NaT for a value that is no date."""
    m = _STAMP.match(text)
    if m is None:
        serial = _EXCEL_SERIAL.match(text)
        if serial and _EXCEL_SERIAL_RANGE[0] <= int(serial[1]) <= _EXCEL_SERIAL_RANGE[1]:
            days = float(text.replace(",", "."))
            return _EXCEL_EPOCH + np.timedelta64(round(days * 86400), "s"), False
        return _NAT, False
    a, b, c = int(m["a"]), int(m["b"]), int(m["c"])
    if len(m["a"]) > 2:
        year, month, day = a, b, c
    else:
        year = c + 2000 if len(m["c"]) == 2 else c
        day, month = (a, b) if order == "day-first" else (b, a)
    hour, minute, second = int(m["H"] or 0), int(m["M"] or 0), int(m["S"] or 0)
    if m["ampm"]:
        if not 1 <= hour <= 12:
            return _NAT, False
        hour = hour % 12 + (12 if m["ampm"][0] in "Pp" else 0)
    try:
        stamp = dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return _NAT, False
    offset = _zone_offset(m["zone"])
    if m["zone"] and offset is None:
        return _NAT, False
    value = np.datetime64(stamp, "s")
    if offset is None:
        return value, False
    return value - np.timedelta64(offset, "m"), True


def _zone_offset(zone: str | None) -> int | None:
    """Minutes east of UTC that a zone suffix names; None for no zone or an unknown one."""
    if not zone:
        return None
    if zone == "Z":
        return 0
    if zone in ZONE_ABBREVIATIONS:
        return ZONE_ABBREVIATIONS[zone] * 60
    offset = re.fullmatch(r"(?:GMT|UTC)?([+-])(\d{1,2})(?::?(\d{2}))?", zone)
    if offset is None:
        return None
    sign = 1 if offset[1] == "+" else -1
    return sign * (int(offset[2]) * 60 + int(offset[3] or 0))


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
    text, present = _present_text(column)
    return _parse_present_numbers(column, text, present, decimal)


def _present_text(column: TextColumn) -> tuple[pd.Series, pd.Series]:
    """Per value of `column`: its text trimmed, and whether it is an answer (not blank, no
    spelling of 'no answer')."""
    text = column.values.str.strip()
    return text, ~text.str.lower().isin(MISSING_TOKENS)


def _parse_present_numbers(
    column: TextColumn, text: pd.Series, present: pd.Series, decimal: str
) -> Parsed:
    """`parse_numbers` of a column whose trimmed values and answers are known."""
    raw = column.values
    patterns = {",": _COMMA_DECIMAL, ".": _DOT_DECIMAL}
    cells = column.counts()
    answered = int(cells[present.to_numpy()].sum())
    fits: dict[str, pd.Series] = {}
    weights: dict[str, int] = {}
    for mark in (decimal, "," if decimal == "." else "."):
        fits[mark] = present & text.str.fullmatch(patterns[mark])
        weights[mark] = int(cells[fits[mark].to_numpy()].sum())
        if weights[mark] == answered:
            break  # every answer fits: the other mark can at most tie, and ties keep this one
    # The convention most rows fit (each value weighs as many rows as hold it); ties keep the
    # file's own mark.
    mark = max(weights, key=weights.__getitem__)
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
    head = head[~head.str.lower().isin(MISSING_TOKENS)]
    if not (head.str.fullmatch(_COMMA_DECIMAL) | head.str.fullmatch(_DOT_DECIMAL)).all():
        return None
    text, present = _present_text(column)
    answers = text[present]
    # Codes with leading zeros (postcodes, account numbers) are labels, not quantities.
    if answers.empty or answers.str.match(r"^[+-]?0\d").any():
        return None
    parsed = _parse_present_numbers(column, text, present, decimal)
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
