"""The NPS page (notebook 02): the overall score with its interval, the trend by period, the
score by every segment client.yml names, the industry benchmark, and the customers with their
latest score and comment; and the callback of the segment explorer (:func:`nps_view`).

Pure functions on the tidy answers and the client's configuration: they return a small dataclass,
:class:`~nps_workbook.pages.Table` for ``Workbook.table`` and Markdown sentences in the client's
language (texts in ``texts/pages/nps.yml``). The figures are in the NPS section of
:mod:`nps_workbook.charts.figures`.

Examples
--------
>>> answers = pd.DataFrame({"score": [10, 9, 9, 8, 3]})
>>> config = ClientConfig(client="Kvistholm", files={"responses": "responses.csv"})
>>> report = build(answers, config)
>>> print(headline(report.summary, "en"))
NPS +40 (95% CI −30 to +80), n = 5
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import measurement
from ..client_data import ClientData
from ..comments import Anonymiser, report_anonymiser
from ..config import ClientConfig
from ..errors import require_columns
from ..measurement import (
    POOLED,
    MeasurementSplit,
    sort_groups,
    split_measurement,
    touchpoint_nps,
)
from ..period import PERIOD_KINDS, ReportPeriod, parse_period
from ..score import (
    CATEGORIES,
    CATEGORY_COLUMN,
    CONFIDENCE,
    DATE_COLUMN,
    FLAG_INDICATIVE,
    FLAG_SUPPRESSED,
    MISSING_LABEL,
    SCORE_COLUMN,
    SMALL_N,
    Comparison,
    NpsSummary,
    categorize,
    compare,
    nps_table,
    summarize,
)
from ..texts import (
    category_label,
    format_nps,
    format_number,
    format_p_value,
    format_percent,
    format_period,
    label,
    scale_text,
)
from ..texts import format_date as date_text
from .note import Note, note
from .table import Table

#: Rows of the customer list: the most recent detractors and promoters.
DETRACTORS_SHOWN = 25
PROMOTERS_SHOWN = 10
#: Columns of a segment table as the report shows them (besides the segment's own column).
SEGMENT_COLUMNS = ("n", "nps", "ci_low", "ci_high", "flag")
#: Columns of the trend table as the report shows them.
TREND_COLUMNS = ("period", "n", "nps", "ci_low", "ci_high", "change", "significant")

#: Every column name of the report's tables that has a header in texts/pages/nps.yml.
HEADER_COLUMNS = (
    "category",
    "answers",
    "share",
    "date",
    "customer",
    "score",
    "comment",
    *TREND_COLUMNS,
    *SEGMENT_COLUMNS,
)


@dataclass(frozen=True)
class PeriodComparison:
    """The report period's NPS against another period's: ``period`` is that period's label,
    ``summary`` its NPS (suppressed below the client's min group, as the trend's periods), and
    ``comparison`` the report period minus it (:func:`score.compare`: the change, its interval
    and the pooled-variance p-value); None when that period has too few answers to compare."""

    period: str
    summary: NpsSummary
    comparison: Comparison | None


@dataclass(frozen=True)
class NpsReport:
    """What the NPS report shows, computed once.

    ``answers`` are all answers up to ``as_of`` (the customer list uses them); ``scored`` are
    those the figures use: the relationship answers when client.yml names a measurement column
    (``population`` "relationship"), else all of them (``population`` "pooled", see
    :mod:`nps_workbook.measurement`). ``summary``, ``trend`` and ``segments`` are computed on
    ``scored``: ``trend`` is the :func:`score.nps_table` by period of the dated answers (None
    when none has a date); ``segments`` maps each segment column to its :func:`score.nps_table`,
    sorted from the highest NPS to the lowest with hidden groups last; ``unknown_segments`` are
    names in client.yml that are not columns of the answers. ``touchpoints`` is the
    :func:`score.nps_table` of the touchpoint answers by ``roles.touchpoint`` (None when pooled
    or without that column).

    With a ``report_period`` everything but the trend is of that period's answers; the trend
    runs up to the period's end, and ``previous`` and ``year_ago`` compare the period with the
    one before and the same one a year before (None for a year, which has no such period).
    Without one, ``latest`` is the trend's last period and ``previous`` and ``year_ago``
    compare it so (the client report's summary states both); the other figures are of every
    answer.
    """

    answers: pd.DataFrame
    scored: pd.DataFrame
    population: str
    summary: NpsSummary
    period: str
    trend: pd.DataFrame | None
    segments: dict[str, pd.DataFrame]
    unknown_segments: tuple[str, ...]
    benchmark: float | None
    benchmark_name: str | None
    min_group: int
    small_n: int
    confidence: float = CONFIDENCE
    scale: str = "0-10"
    measurement: str | None = None
    touchpoint_column: str | None = None
    touchpoints: pd.DataFrame | None = None
    report_period: ReportPeriod | None = None
    previous: PeriodComparison | None = None
    year_ago: PeriodComparison | None = None
    latest: PeriodComparison | None = None

    @property
    def touchpoint_n(self) -> int:
        """How many answers are touchpoint answers (0 when pooled)."""
        return len(self.answers) - len(self.scored)


def _dated(answers: pd.DataFrame) -> pd.DataFrame:
    """The answers that have a date (none when there is no date column)."""
    if DATE_COLUMN not in answers.columns:
        return answers.iloc[:0]
    return answers[answers[DATE_COLUMN].notna()]


#: A segment table from the highest NPS to the lowest; hidden groups (no NPS) last.
sort_segment = sort_groups


def build(
    answers: pd.DataFrame,
    config: ClientConfig,
    *,
    period: str | None = None,
    as_of: Any = None,
    confidence: float = CONFIDENCE,
    report_period: str | ReportPeriod | None = None,
) -> NpsReport:
    """Compute the NPS report for a client's answers.

    With a measurement column (client.yml's ``roles.measurement``) the headline, trend and
    segments use the relationship answers only and the touchpoint answers get an NPS per
    touchpoint (``roles.touchpoint``); without it all answers are pooled.

    Parameters
    ----------
    answers : pandas.DataFrame
        The tidy answers (``Workbook.answers``).
    config : ClientConfig
        Segments, period, benchmark, privacy (``min_group``, ``small_n``) and the roles
        ``measurement``, ``relationship`` and ``touchpoint`` come from here.
    period : {"week", "month", "quarter", "year"} or None
        Length of a period in the trend; None: client.yml's ``period``.
    as_of : date or None
        Answers dated after this day are left out (a report as it looked then).
    confidence : float, default 0.95
    report_period : "2024-12", "2024Q4", "2024" or None
        The report for that period (:func:`period.parse_period`): the headline, segments,
        touchpoints and customers are of its answers, the trend runs up to its end and it is
        compared with the period before and the same period a year before. None: every
        answer up to ``as_of``.

    Returns
    -------
    NpsReport

    Raises
    ------
    ConfigError
        ``roles.measurement`` is not a column of the answers, or none of its values is one of
        ``roles.relationship``.
    PeriodError
        ``report_period`` is not written as a period.
    """
    privacy = config.privacy
    # Split every answer, then cut at as_of (MeasurementSplit.until).
    split = split_measurement(answers, config)
    if as_of is not None and DATE_COLUMN in answers.columns:
        split = split.until(as_of)
        answers = answers[
            answers[DATE_COLUMN] < pd.Timestamp(as_of).normalize() + pd.Timedelta(days=1)
        ]
    scored = split.relationship
    period = period or config.period
    sizes = {"min_group": privacy.min_group, "small_n": privacy.small_n}
    dated = _dated(scored)  # the trend: every period up to the report's end
    previous = year_ago = None
    if report_period is not None:
        report_period = parse_period(report_period)
        dated = dated[dated[DATE_COLUMN] < report_period.end + pd.Timedelta(days=1)]
        in_period = _in_period(report_period)
        history = scored
        answers = in_period(answers)
        split = dataclasses.replace(
            split,
            relationship=in_period(split.relationship),
            touchpoint=in_period(split.touchpoint),
        )
        scored = split.relationship
        previous = _compared(scored, history, report_period.previous(), config, confidence)
        before = report_period.year_before()
        year_ago = before and _compared(scored, history, before, config, confidence)
    summary = summarize(scored, confidence=confidence, small_n=privacy.small_n)
    trend = nps_table(dated, period=period, confidence=confidence, **sizes) if len(dated) else None
    latest = None
    if report_period is None and trend is not None and period in PERIOD_KINDS:
        last = ReportPeriod(str(trend["period"].iloc[-1]), period)
        current = _in_period(last)(scored)
        shown = summarize(current, confidence=confidence, **sizes)  # hidden like the trend's
        latest = PeriodComparison(last.label, shown, None)
        previous = _compared(current, scored, last.previous(), config, confidence)
        before = last.year_before()
        year_ago = before and _compared(current, scored, before, config, confidence)
    known = [s for s in config.segments if s in answers.columns]
    segments = {
        segment: sort_segment(nps_table(scored, by=segment, confidence=confidence, **sizes))
        for segment in known
    }
    touchpoint = config.roles.touchpoint
    touchpoints = touchpoint_nps(split, touchpoint, confidence=confidence, **sizes)
    return NpsReport(
        answers=answers,
        scored=scored,
        population=split.population,
        measurement=split.column,
        touchpoint_column=touchpoint if touchpoints is not None else None,
        touchpoints=touchpoints,
        summary=summary,
        period=period,
        trend=trend,
        segments=segments,
        unknown_segments=tuple(s for s in config.segments if s not in answers.columns),
        benchmark=config.benchmark_nps,
        benchmark_name=config.benchmark_name,
        min_group=privacy.min_group,
        small_n=privacy.small_n,
        confidence=confidence,
        scale=config.responses.answer_scale,
        report_period=report_period,
        previous=previous,
        year_ago=year_ago,
        latest=latest,
    )


def _in_period(report_period: ReportPeriod):
    """A function keeping the answers of `report_period` (none when they have no dates)."""

    def keep(frame: pd.DataFrame) -> pd.DataFrame:
        dated = _dated(frame)
        return dated[report_period.holds(dated[DATE_COLUMN])]

    return keep


def _compared(
    current: pd.DataFrame,
    history: pd.DataFrame,
    other: ReportPeriod,
    config: ClientConfig,
    confidence: float,
) -> PeriodComparison:
    """`current` (the report period's answers) against the answers of `other` in `history`."""
    privacy = config.privacy
    answers = _in_period(other)(history)
    summary = summarize(
        answers, confidence=confidence, small_n=privacy.small_n, min_group=privacy.min_group
    )
    usable = summary.flag != FLAG_SUPPRESSED and len(answers) and len(current)
    comparison = compare(current, answers, confidence=confidence) if usable else None
    return PeriodComparison(other.label, summary, comparison)


# --- Words and numbers ------------------------------------------------------------------------


def headline(summary: NpsSummary, language: str) -> str:
    """The key figure in one line: "NPS +26 (95 % KI +22 til +31), n = 1.174"."""
    return label(
        "nps_report.headline",
        language,
        nps=format_nps(summary.nps, language),
        level=format_percent(summary.confidence, language),
        low=format_nps(summary.ci_low, language),
        high=format_nps(summary.ci_high, language),
        n=format_number(summary.n, language),
    )


def overall_text(report: NpsReport, language: str) -> str:
    """Markdown: how many answered, the shares of the three categories, the NPS and its interval."""
    s = report.summary
    if s.n == 0:
        return label("nps_report.no_answers", language)
    scored = report.scored
    dates = scored[DATE_COLUMN] if DATE_COLUMN in scored.columns else None
    has_dates = dates is not None and dates.notna().any()
    text = label(
        "nps_report.overall",
        language,
        n=format_number(s.n, language),
        start=date_text(dates.min(), language) if has_dates else "–",
        end=date_text(dates.max(), language) if has_dates else "–",
        promoters=format_percent(s.promoter_share, language, 1),
        passives=format_percent(s.passive_share, language, 1),
        detractors=format_percent(s.detractor_share, language, 1),
        nps=format_nps(s.nps, language),
        level=format_percent(s.confidence, language),
        low=format_nps(s.ci_low, language),
        high=format_nps(s.ci_high, language),
    )
    scale = scale_text(report.scale, language)
    return " ".join(part for part in (text, scale, population_text(report, language)) if part)


def population_text(report: NpsReport, language: str) -> str:
    """Which answers the figures are computed on, in one sentence.

    "The figures are from the relationship answers (n = 1,234) ..." with a measurement column;
    without it, that all answers are pooled.
    """
    split = MeasurementSplit(
        report.population, report.scored, report.answers.iloc[:0], report.measurement
    )
    return measurement.population_text(
        split, language, key="nps_report.population.relationship", touchpoint_n=report.touchpoint_n
    )


def category_table(report: NpsReport, language: str) -> Table:
    """Answers and share per category, detractors first: columns category, answers, share."""
    return Table(
        category_rows(report.summary, language),
        {"number": ("answers",), "percent": ("share",)},
        headers(language),
    )


def category_rows(summary: NpsSummary, language: str) -> pd.DataFrame:
    """The frame of :func:`category_table` for a summary."""
    counts = [summary.detractors, summary.passives, summary.promoters]
    shares = [summary.detractor_share, summary.passive_share, summary.promoter_share]
    return pd.DataFrame(
        {
            "category": [category_label(c, language) for c in CATEGORIES],
            "answers": counts,
            "share": shares,
        }
    )


def headers(language: str) -> dict[str, str]:
    """Column name -> header in `language`, for every table of the report."""
    return {
        name: label(f"nps_report.column.{name}", language) for name in dict.fromkeys(HEADER_COLUMNS)
    }


def _flag_text(flag: str, language: str) -> str:
    if flag in (FLAG_INDICATIVE, FLAG_SUPPRESSED):
        return label(f"flag.{flag}", language)
    return ""


def group_label(value: Any, language: str) -> str:
    """A segment's group as the report names it (the group of answers without a value too)."""
    return label("nps_report.missing_value", language) if value == MISSING_LABEL else str(value)


def benchmark_text(report: NpsReport, language: str) -> str:
    """Markdown: where the NPS stands against the benchmark, judged by its interval."""
    s = report.summary
    if report.benchmark is None:
        return label("nps_report.benchmark.none", language)
    if s.n == 0:
        return label("nps_report.no_answers", language)
    benchmark = float(report.benchmark)
    if s.ci_low > benchmark:
        case = "above"
    elif s.ci_high < benchmark:
        case = "below"
    else:
        case = "inside"
    return label(
        f"nps_report.benchmark.{case}",
        language,
        nps=format_nps(s.nps, language),
        difference=format_number(abs(round(s.nps) - round(benchmark)), language),
        name=report.benchmark_name or label("nps_report.benchmark.unnamed", language),
        benchmark=format_nps(benchmark, language),
        low=format_nps(s.ci_low, language),
        high=format_nps(s.ci_high, language),
    )


# --- Trend ------------------------------------------------------------------------------------


def trend_rows(report: NpsReport, language: str) -> pd.DataFrame:
    """The trend as the report's table: period (as text), n, NPS, interval, change, significant."""
    if report.trend is None:
        return pd.DataFrame(columns=list(TREND_COLUMNS))
    trend = report.trend
    return pd.DataFrame(
        {
            "period": [format_period(p, language) for p in trend["period"]],
            "n": trend["n"].astype("Int64"),
            "nps": trend["nps"],
            "ci_low": trend["ci_low"],
            "ci_high": trend["ci_high"],
            "change": trend["change"],
            "significant": [
                label("nps_report.yes", language) if flag else ""
                for flag in trend["change_significant"]
            ],
        }
    )


def trend_table(report: NpsReport, language: str) -> Table:
    """:func:`trend_rows` with the NPS columns signed and the answers counted."""
    return Table(
        trend_rows(report, language),
        {"nps": ("nps", "ci_low", "ci_high", "change"), "number": ("n",)},
        headers(language),
    )


def trend_text(report: NpsReport, language: str) -> str:
    """Markdown: the first and last period's NPS and every significant change between periods;
    with a report period first which period the report is for, and after the trend its
    comparisons (:func:`comparison_text`)."""
    if report.trend is None:
        return label("nps_report.trend.no_dates", language)
    parts = [period_text(report, language), _trend_sentences(report, language)]
    return " ".join(part for part in (*parts, comparison_text(report, language)) if part)


def period_text(report: NpsReport, language: str) -> str:
    """Which period the report is for, and that the trend runs up to its end; "" without."""
    if report.report_period is None:
        return ""
    return label(
        "nps_report.report_period",
        language,
        period=format_period(report.report_period.label, language),
        start=date_text(report.report_period.start, language),
        end=date_text(report.report_period.end, language),
    )


def comparison_text(report: NpsReport, language: str) -> str:
    """Markdown: the report period against the period before and the same period a year
    before: "Compared with Q3 2024 (NPS +20, n = 300) the change is +5 points (95% CI −3 to
    +13, p = 0.210): not significant." and the same for the year before; "" without a report
    period."""
    if report.report_period is None:
        return ""
    found = [c for c in (report.previous, report.year_ago) if c is not None]
    return " ".join(_comparison_sentence(report, c, language) for c in found)


def _comparison_sentence(report: NpsReport, other: PeriodComparison, language: str) -> str:
    period = format_period(other.period, language)
    if report.summary.n == 0 or other.summary.n == 0:
        return label("nps_report.comparison.no_answers", language, period=period)
    if other.comparison is None:
        return label(
            "nps_report.comparison.too_few",
            language,
            period=period,
            n=format_number(other.summary.n, language),
            min_group=format_number(report.min_group, language),
        )
    c = other.comparison
    p = format_p_value(c.p_value, language)
    verdict = "significant" if c.significant else "not_significant"
    return label(
        "nps_report.comparison.change",
        language,
        period=period,
        nps=format_nps(c.nps_b, language),
        n=format_number(c.n_b, language),
        change=format_nps(c.difference, language),
        level=format_percent(c.confidence, language),
        low=format_nps(c.ci_low, language),
        high=format_nps(c.ci_high, language),
        p=p if p.startswith("<") else f"= {p}",
        verdict=label(f"nps_report.comparison.{verdict}", language),
    )


def _trend_sentences(report: NpsReport, language: str) -> str:
    period_name = label(f"nps_report.period.{report.period}", language)
    shown = report.trend[report.trend["nps"].notna()]
    if len(shown) < 2:
        return label("nps_report.trend.too_short", language, period=period_name)
    first, last = shown.iloc[0], shown.iloc[-1]
    level = format_percent(report.confidence, language)
    sentence = label(
        "nps_report.trend.sentence",
        language,
        first=format_nps(first["nps"], language),
        first_period=format_period(first["period"], language),
        last=format_nps(last["nps"], language),
        last_period=format_period(last["period"], language),
        count=format_number(len(report.trend), language),
        periods=label(f"nps_report.periods.{report.period}", language),
    )
    significant = report.trend[report.trend["change_significant"]]
    if significant.empty:
        return sentence + " " + label("nps_report.trend.none_significant", language, level=level)
    changes = ", ".join(
        f"{format_period(row.period, language)} ({format_nps(row.change, language)})"
        for row in significant.itertuples()
    )
    return (
        sentence
        + " "
        + label("nps_report.trend.significant", language, level=level, changes=changes)
    )


# --- Segments ---------------------------------------------------------------------------------


def segment_rows(report: NpsReport, segment: str, language: str) -> pd.DataFrame:
    """One segment's table as the report shows it: group, n, NPS, interval and a note."""
    return _group_rows(report.segments[segment], segment, language)


def _group_rows(table: pd.DataFrame, segment: str, language: str) -> pd.DataFrame:
    frame = pd.DataFrame({segment: [group_label(v, language) for v in table[segment]]})
    for column in SEGMENT_COLUMNS[:-1]:
        frame[column] = table[column].to_numpy()
    frame["n"] = frame["n"].astype("Int64")
    frame["flag"] = [_flag_text(f, language) for f in table["flag"]]
    return frame


def segment_table(report: NpsReport, segment: str, language: str) -> Table:
    """:func:`segment_rows` with the NPS columns signed and the answers counted."""
    return group_table(report.segments[segment], segment, language)


def segment_text(report: NpsReport, segment: str, language: str) -> str:
    """Markdown: the best and worst group of a segment, whether they truly differ, and which
    groups are indicative or hidden."""
    table = report.segments[segment]
    shown = table[table["nps"].notna()]
    if len(shown) < 2:
        parts = [label("nps_report.segment.single", language, segment=segment)]
    else:
        best, worst = shown.iloc[0], shown.iloc[-1]
        apart = worst["ci_high"] < best["ci_low"]
        parts = [
            label(
                "nps_report.segment.sentence",
                language,
                segment=segment,
                best=group_label(best[segment], language),
                best_nps=format_nps(best["nps"], language),
                worst=group_label(worst[segment], language),
                worst_nps=format_nps(worst["nps"], language),
            ),
            label(f"nps_report.segment.{'apart' if apart else 'overlap'}", language),
        ]
    indicative = table.loc[table["flag"] == FLAG_INDICATIVE, segment]
    if len(indicative):
        groups = ", ".join(group_label(v, language) for v in indicative)
        parts.append(
            label(
                "nps_report.segment.indicative",
                language,
                small_n=format_number(report.small_n, language),
                groups=groups,
            )
        )
    hidden = int((table["flag"] == FLAG_SUPPRESSED).sum())
    if hidden:
        parts.append(
            label(
                "nps_report.segment.hidden",
                language,
                min_group=format_number(report.min_group, language),
                count=format_number(hidden, language),
            )
        )
    return " ".join(parts)


def segments_missing_text(report: NpsReport, language: str) -> str:
    """Markdown when the score is broken down by no segment; else ""."""
    return "" if report.segments else label("nps_report.segment.none", language)


def notes(report: NpsReport, language: str) -> tuple[Note, ...]:
    """The consultant's notes of the page: which client.yml key brings in what is missing."""
    found = []
    if report.population == POOLED:
        found.append(note("nps_report.note.pooled", language))
    if report.benchmark is None:
        found.append(note("nps_report.note.benchmark", language))
    if report.trend is None:
        found.append(note("nps_report.note.no_dates", language))
    if report.unknown_segments:
        names = ", ".join(f"`{s}`" for s in report.unknown_segments)
        found.append(note("nps_report.note.unknown_segments", language, segments=names))
    elif not report.segments:
        found.append(note("nps_report.note.segments", language))
    return tuple(found)


# --- Touchpoints -----------------------------------------------------------------------------


def touchpoint_table(report: NpsReport, language: str) -> Table | None:
    """The touchpoint answers' NPS per touchpoint, as :func:`segment_table`; None without."""
    if report.touchpoints is None:
        return None
    return group_table(report.touchpoints, report.touchpoint_column, language)


def group_table(table: pd.DataFrame, column: str, language: str) -> Table:
    """An :func:`score.nps_table` by `column` as the report shows a segment: group, n, NPS,
    interval and a note (the touchpoint tables of the NPS, journey and loops pages)."""
    return Table(
        _group_rows(table, column, language),
        {"nps": ("nps", "ci_low", "ci_high"), "number": ("n",)},
        headers(language),
    )


def touchpoint_text(report: NpsReport, language: str) -> str:
    """Markdown: what the touchpoint table shows, or "" when there is none."""
    if report.touchpoints is None:
        return ""
    return label(
        "nps_report.touchpoints.sentence",
        language,
        n=format_number(report.touchpoint_n, language),
        column=report.touchpoint_column,
    )


# --- Key figures ------------------------------------------------------------------------------


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def key_figures(report: NpsReport) -> dict[str, Any]:
    """The report's figures to record (``Workbook.record``), names prefixed ``nps_``.

    ``nps_overall``, ``nps_n``, the counts, ``nps_trend`` and ``nps_segments`` are of the
    population ``nps_population`` says: "relationship" (the relationship answers of the column
    ``nps_measurement_column``; ``nps_touchpoint_n`` answers left out, their NPS per touchpoint
    in ``nps_touchpoints``) or "pooled" (all answers).

    With a report period (``build(report_period=...)``) the figures above but ``nps_trend``
    are of that period's answers, and three more keys say what it is compared with:

    ``nps_report_period``
        ``period`` ("2024-12", "2024Q4", "2024"), ``kind`` ("month", "quarter", "year"),
        ``start`` and ``end`` (its first and last day, ISO dates).
    ``nps_previous``
        The period before (2024-11, 2024Q3, 2023): ``period``, its ``n``, ``nps``, ``ci_low``
        and ``ci_high``, and the report period's ``change`` from it (report period minus that
        period, points) with ``change_ci_low``, ``change_ci_high``, ``p_value`` (two-sided,
        pooled variance: :func:`score.compare`) and ``significant`` (p < 1 − confidence).
        A period with no answers, or fewer than the client's min group, has ``nps`` and the
        change fields None and ``significant`` False (``n`` says why).
    ``nps_year_ago``
        The same for the same period a year before (2023-12, 2023Q4); None for a year.

    Without a report period ``nps_latest_period`` is the trend's last period (``period``,
    ``n``, ``nps``, ``ci_low``, ``ci_high``; its change fields None), and ``nps_previous`` and
    ``nps_year_ago`` compare that period as above.
    """
    s = report.summary
    figures: dict[str, Any] = {
        "nps_overall": _number(s.nps),
        "nps_overall_ci_low": _number(s.ci_low),
        "nps_overall_ci_high": _number(s.ci_high),
        "nps_confidence": report.confidence,
        "nps_n": s.n,
        "nps_promoters": s.promoters,
        "nps_passives": s.passives,
        "nps_detractors": s.detractors,
        "nps_benchmark": report.benchmark,
        "nps_benchmark_name": report.benchmark_name,
        "nps_period": report.period,
        "nps_scale": report.scale,
        "nps_population": report.population,
        "nps_measurement_column": report.measurement,
        "nps_touchpoint_n": report.touchpoint_n,
    }
    if report.trend is not None:
        trend = report.trend
        figures["nps_trend"] = [
            {
                "period": row.period,
                "n": int(row.n),
                "nps": _number(row.nps),
                "ci_low": _number(row.ci_low),
                "ci_high": _number(row.ci_high),
                "change": _number(row.change),
                "significant": bool(row.change_significant),
            }
            for row in trend.itertuples()
        ]
        figures["nps_significant_changes"] = [
            str(p) for p in trend.loc[trend["change_significant"], "period"]
        ]
    figures["nps_segments"] = {
        segment: _group_figures(table, segment) for segment, table in report.segments.items()
    }
    if report.touchpoints is not None:
        figures["nps_touchpoints"] = _group_figures(report.touchpoints, report.touchpoint_column)
    if report.report_period is not None:
        period = report.report_period
        figures["nps_report_period"] = {
            "period": period.label,
            "kind": period.kind,
            "start": period.start.date().isoformat(),
            "end": period.end.date().isoformat(),
        }
    elif report.latest is not None:
        figures["nps_latest_period"] = _comparison_figures(report.latest)
    if report.previous is not None:
        figures["nps_previous"] = _comparison_figures(report.previous)
        figures["nps_year_ago"] = _comparison_figures(report.year_ago)
    return figures


def _comparison_figures(other: PeriodComparison | None) -> dict[str, Any] | None:
    if other is None:
        return None
    s, c = other.summary, other.comparison
    return {
        "period": other.period,
        "n": s.n,
        "nps": _number(s.nps),
        "ci_low": _number(s.ci_low),
        "ci_high": _number(s.ci_high),
        "change": None if c is None else _number(c.difference),
        "change_ci_low": None if c is None else _number(c.ci_low),
        "change_ci_high": None if c is None else _number(c.ci_high),
        "p_value": None if c is None else _number(c.p_value),
        "significant": False if c is None else bool(c.significant),
    }


def _group_figures(table: pd.DataFrame, column: str) -> list[dict[str, Any]]:
    return [
        {
            "value": str(row[column]),
            "n": int(row["n"]),
            "nps": _number(row["nps"]),
            "ci_low": _number(row["ci_low"]),
            "ci_high": _number(row["ci_high"]),
            "flag": str(row["flag"]),
        }
        for _, row in table.iterrows()
    ]


# --- Customers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CustomerList:
    """Each customer's latest answer, and the few the report lists.

    ``frame`` has the listed customers, worst score first: ``date`` (NaT when the answers have
    no dates), ``customer`` (name from the customers file, else id), ``score``, ``category`` (in
    the language) and ``comment``. ``by_category`` counts all customers by their latest answer.
    """

    frame: pd.DataFrame
    customers: int
    by_category: dict[str, int]
    shown: dict[str, int]
    by_id: bool
    customer_file: bool
    named: bool
    anonymised: bool

    def key_figures(self) -> dict[str, Any]:
        return {
            "nps_customers": self.customers,
            "nps_customers_by_category": dict(self.by_category),
            "nps_customers_shown": dict(self.shown),
        }


def _customer_names(customers: pd.DataFrame | None) -> Mapping[str, str]:
    if customers is None or not {"id", "name"} <= set(customers.columns):
        return {}
    named = customers.dropna(subset=["id", "name"])
    return dict(zip(named["id"].astype(str), named["name"].astype(str), strict=True))


def customer_list(
    answers: pd.DataFrame,
    *,
    language: str,
    customers: pd.DataFrame | None = None,
    anonymise: Anonymiser | None = None,
    detractors: int = DETRACTORS_SHOWN,
    promoters: int = PROMOTERS_SHOWN,
) -> CustomerList:
    """Each customer's latest score and comment; the most recent detractors and promoters listed.

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers; customers are told apart by ``respondent_id`` (without it, each answer
        counts as its own customer).
    language : {"da", "en"}
    customers : pandas.DataFrame or None
        The customers file (``id``, ``name``): names shown instead of ids.
    anonymise : Anonymiser or None
        Applied to the listed comments (:func:`comments.report_anonymiser`); None lists them as
        written.
    detractors, promoters : int
        How many of the most recent of each to list (passives are counted, not listed).

    Returns
    -------
    CustomerList
    """
    by_id = "respondent_id" in answers.columns and bool(answers["respondent_id"].notna().any())
    frame = answers.copy()
    if CATEGORY_COLUMN not in frame.columns:
        frame[CATEGORY_COLUMN] = categorize(frame[SCORE_COLUMN])
    has_dates = DATE_COLUMN in frame.columns
    frame["_order"] = range(len(frame))
    order = [DATE_COLUMN, "_order"] if has_dates else ["_order"]
    frame = frame.sort_values(order, kind="stable")
    if by_id:
        frame = frame[frame["respondent_id"].notna()]
        latest = frame.groupby("respondent_id", sort=False).tail(1)
    else:
        latest = frame
    categories = latest[CATEGORY_COLUMN].astype(str)
    by_category = {c: int((categories == c).sum()) for c in CATEGORIES}
    wanted = {"detractor": detractors, "promoter": promoters}
    picked = pd.concat([latest[categories == c].tail(k) for c, k in wanted.items() if k > 0])
    names = _customer_names(customers)
    if by_id:
        ids = picked["respondent_id"].astype(str)
        who = [names.get(i, i) for i in ids]
    else:
        source = "response_id" if "response_id" in picked.columns else "_order"
        who = picked[source].astype(str).tolist()
    comment = (
        picked["comment"].astype("string")
        if "comment" in picked.columns
        else pd.Series(pd.NA, index=picked.index, dtype="string")
    )
    if anonymise is not None:
        comment = anonymise(comment)
    listed = pd.DataFrame(index=picked.index)
    listed["date"] = picked[DATE_COLUMN] if has_dates else pd.NaT
    listed["customer"] = who
    listed["score"] = picked[SCORE_COLUMN].astype(int)
    listed["category"] = [
        category_label(c, language, plural=False) for c in picked[CATEGORY_COLUMN].astype(str)
    ]
    listed["comment"] = comment.fillna("")
    if has_dates:
        listed = listed.sort_values(["score", "date"], ascending=[True, False], kind="stable")
    else:
        listed = listed.sort_values("score", kind="stable")
    shown = {c: int((picked[CATEGORY_COLUMN].astype(str) == c).sum()) for c in wanted}
    return CustomerList(
        frame=listed.reset_index(drop=True),
        customers=len(latest),
        by_category=by_category,
        shown=shown,
        by_id=by_id,
        customer_file=customers is not None,
        named=bool(names),
        anonymised=anonymise is not None,
    )


def customers(
    report: NpsReport,
    data: ClientData,
    language: str,
    *,
    detractors: int = DETRACTORS_SHOWN,
    promoters: int = PROMOTERS_SHOWN,
) -> CustomerList:
    """:func:`customer_list` of the report's answers for a client: names from the customer
    file, comments anonymised as client.yml's privacy asks (:func:`comments.report_anonymiser`).
    """
    return customer_list(
        report.answers,
        language=language,
        customers=data.customers.frame if data.customers is not None else None,
        anonymise=report_anonymiser(data, language),
        detractors=detractors,
        promoters=promoters,
    )


def customers_text(customer_list: CustomerList, language: str) -> str:
    """Markdown: how many customers in each category, what the list shows, and its caveats."""
    counts = {c: format_number(k, language) for c, k in customer_list.by_category.items()}
    parts = [
        label(
            "nps_report.customers.sentence",
            language,
            customers=format_number(customer_list.customers, language),
            detractors=counts["detractor"],
            passives=counts["passive"],
            promoters=counts["promoter"],
            shown_detractors=format_number(customer_list.shown["detractor"], language),
            shown_promoters=format_number(customer_list.shown["promoter"], language),
        )
    ]
    if not customer_list.by_id:
        parts.append(label("nps_report.customers.no_ids", language))
    elif not customer_list.customer_file:
        parts.append(label("nps_report.customers.no_file", language))
    if customer_list.anonymised:
        parts.append(label("nps_report.customers.anonymised", language))
    return " ".join(parts)


def customer_notes(customer_list: CustomerList, language: str) -> tuple[Note, ...]:
    """The consultant's notes of the customer list: the column or file that names customers."""
    if not customer_list.by_id:
        return (note("nps_report.note.no_ids", language),)
    if not customer_list.customer_file:
        return (note("nps_report.note.no_customer_file", language),)
    return ()


def customer_table(customer_list: CustomerList, language: str) -> Table:
    """The listed customers: date, customer, score, category and the comment."""
    return Table(customer_list.frame, {"dates": ("date",), "number": ("score",)}, headers(language))


# --- The segment explorer's callback --------------------------------------------------------

#: Period lengths the NPS explorer offers.
NPS_PERIODS = ("month", "quarter")


@dataclass(frozen=True)
class NpsView:
    """The NPS of the answers one segment value selects: headline, summary and trend.

    ``answers`` are the selected answers; ``period_table`` is :func:`score.nps_table` of them
    by ``period`` (empty without dated answers); ``headline`` is the key figure as a line.
    """

    segment: str | None
    value: str | None
    period: str
    answers: pd.DataFrame
    summary: NpsSummary
    period_table: pd.DataFrame
    headline: str


def nps_values(answers: pd.DataFrame, segment: str) -> list[str]:
    """The groups of a segment column, sorted, with ``score.MISSING_LABEL`` last if any.

    Examples
    --------
    >>> nps_values(pd.DataFrame({"shop": ["B", "A", None, "A"]}), "shop")
    ['A', 'B', '(missing)']
    """
    column = answers[segment]
    if isinstance(column.dtype, pd.CategoricalDtype):
        present = np.unique(column.cat.codes.to_numpy())
        values = sorted({str(column.cat.categories[code]) for code in present if code >= 0})
    else:
        values = sorted(column.dropna().astype(str).unique())
    return [*values, MISSING_LABEL] if column.isna().any() else values


def _is_value(column: pd.Series, value: str) -> np.ndarray:
    """Where ``column``, read as text, equals ``value``; a missing value never does.

    A categorical column is compared by its codes and a string column as it is, so a widget
    does not convert a million values to text on every change.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        hits = np.flatnonzero(column.cat.categories.astype(str) == value)
        return np.isin(column.cat.codes.to_numpy(), hits)
    if not isinstance(column.dtype, pd.StringDtype):
        column = column.astype(str)  # numbers or dates, as nps_values shows them
    return column.eq(value).fillna(False).to_numpy(dtype=bool)


def nps_view(
    answers: pd.DataFrame,
    *,
    segment: str | None = None,
    value: str | None = None,
    period: str = "month",
    language: str,
    min_group: int | None = None,
    small_n: int = SMALL_N,
    confidence: float = CONFIDENCE,
) -> NpsView:
    """Overall NPS and trend of the answers where ``segment`` equals ``value``.

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers.
    segment, value : str or None
        The segment column and the group to keep (``score.MISSING_LABEL`` keeps answers
        without a value); either None: all answers.
    period : {"week", "month", "quarter", "year"}, default "month"
    language : {"da", "en"}
    min_group : int or None
        A selected group smaller than this is suppressed (client.yml's privacy.min_group).
    small_n : int
        Below this many answers the result is indicative.
    confidence : float, default 0.95

    Returns
    -------
    NpsView

    Raises
    ------
    AnalysisError
        ``segment`` is not a column of the answers.

    Examples
    --------
    >>> answers = pd.DataFrame({"score": [10, 9, 3, 0], "shop": ["A", "A", "A", "B"]})
    >>> nps_view(answers, segment="shop", value="A", language="en").summary.n
    3
    """
    selected = answers
    if segment is not None:
        require_columns(answers, [segment], why="the segment to show")
        if value is not None:
            column = answers[segment]
            if value == MISSING_LABEL:
                keep = column.isna().to_numpy(dtype=bool)
            else:
                keep = _is_value(column, value)
            selected = answers[keep]
    whole = segment is None or value is None
    sizes = {"small_n": small_n, "min_group": None if whole else min_group}
    summary = summarize(selected, confidence=confidence, **sizes)
    dated = DATE_COLUMN in selected.columns and selected[DATE_COLUMN].notna().all()
    table = (
        nps_table(selected, period=period, confidence=confidence, **sizes)
        if dated and len(selected)
        else pd.DataFrame(columns=["period", "n", "nps", "ci_low", "ci_high", "flag"])
    )
    return NpsView(
        segment=segment,
        value=value,
        period=period,
        answers=selected,
        summary=summary,
        period_table=table,
        headline=headline(summary, language),
    )
