"""The period a report is for: "2024-12" (a month), "2024Q4" (a quarter) or "2024" (a year).

A report for a period shows the NPS of that period's answers, its trend up to the period's end
and two comparisons: with the period before (2024-11, 2024Q3, 2023) and with the same period a
year before (2023-12, 2023Q4; none for a year). The text is parsed here, once, for the command
line, the batch and the notebooks' ``report_period`` parameter.

Examples
--------
>>> period = parse_period("2024Q4")
>>> period.label, period.kind, period.start.date(), period.end.date()
('2024Q4', 'quarter', datetime.date(2024, 10, 1), datetime.date(2024, 12, 31))
>>> period.previous().label, period.year_before().label
('2024Q3', '2023Q4')
>>> parse_period("2024").year_before() is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .errors import ConfigError

#: The three forms a report period is written in, as messages name them.
FORMS = '"2024-12" (a month), "2024Q4" (a quarter) or "2024" (a year)'

_FORMS = (
    (re.compile(r"(\d{4})-(0[1-9]|1[0-2])"), "month", "M"),
    (re.compile(r"(\d{4})[Qq]([1-4])"), "quarter", "Q"),
    (re.compile(r"(\d{4})"), "year", "Y"),
)
_FREQ = {kind: freq for _, kind, freq in _FORMS}
#: The kinds of period a report can be for; a trend by week has no report period.
PERIOD_KINDS = tuple(_FREQ)


class PeriodError(ConfigError):
    """A report period that is not written in one of the three forms, or holds no answers."""


@dataclass(frozen=True)
class ReportPeriod:
    """A calendar month, quarter or year: ``label`` as the trend labels it ("2024-12",
    "2024Q4", "2024"), ``kind`` ("month", "quarter", "year"), and its first and last day."""

    label: str
    kind: str

    @property
    def _period(self) -> pd.Period:
        return pd.Period(self.label, freq=_FREQ[self.kind])

    @property
    def start(self) -> pd.Timestamp:
        """The period's first day (midnight)."""
        return self._period.start_time.normalize()

    @property
    def end(self) -> pd.Timestamp:
        """The period's last day (midnight; an answer during that day is in the period)."""
        return self._period.end_time.normalize()

    def previous(self) -> ReportPeriod:
        """The period just before: 2024-11 for 2024-12, 2024Q3 for 2024Q4, 2023 for 2024."""
        return ReportPeriod(str(self._period - 1), self.kind)

    def year_before(self) -> ReportPeriod | None:
        """The same period a year before (2023-12, 2023Q4); None for a year, whose period
        before is the year before."""
        if self.kind == "year":
            return None
        steps = {"month": 12, "quarter": 4}[self.kind]
        return ReportPeriod(str(self._period - steps), self.kind)

    def holds(self, dates: pd.Series) -> pd.Series:
        """Which of `dates` fall in the period (any time of its days; missing dates never)."""
        if isinstance(dates.dtype, pd.DatetimeTZDtype):
            dates = dates.dt.tz_localize(None)  # the local wall-clock day, as score.py counts
        return (dates >= self.start) & (dates < self.end + pd.Timedelta(days=1))


def parse_period(text: str | ReportPeriod) -> ReportPeriod:
    """The report period written as "2024-12", "2024Q4" (or "2024q4") or "2024".

    Raises
    ------
    PeriodError
        Naming what was given and the three accepted forms.
    """
    if isinstance(text, ReportPeriod):
        return text
    given = str(text).strip()
    for pattern, kind, _ in _FORMS:
        if pattern.fullmatch(given):
            return ReportPeriod(given.upper(), kind)
    raise PeriodError(f"report period {str(text)!r} is not a period; expected {FORMS}")


def require_answers_in(period: ReportPeriod, dates: pd.Series) -> None:
    """Raise unless some of `dates` fall in `period`.

    Raises
    ------
    PeriodError
        Naming the period and the days the answers cover (or that none has a date).
    """
    known = dates.dropna()
    if period.holds(known).any():
        return
    if known.empty:
        raise PeriodError(
            f"report period {period.label}: the answers have no dates, so none falls in it"
        )
    first, last = known.min(), known.max()
    raise PeriodError(
        f"report period {period.label} holds no answers; the answers cover "
        f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"
    )
