"""What a chart shows, before anything draws it: its title, bars, points, marks, limits and
legend, as plain frozen dataclasses (no matplotlib, no SVG).

The charts that a report draws with matplotlib (:mod:`.figures`) and an explorer draws as SVG
(:mod:`.svg`), the score distribution, the NPS trend and the maturity ladder, each have one
content function here that both renderers read, so the two cannot state different findings,
limits or flags. The charts only reports draw get their titles and orders here too, where they
are rules a reader wants tested. Every text comes from ``texts`` in the chosen language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..score import CATEGORIES, CONFIDENCE
from ..texts import category_label, format_number, format_period, label
from .style import (
    CATEGORY_COLOURS,
    INTERVAL_COLOUR,
    LEGEND_ORDER,
    MATURITY_COLOURS,
    NEUTRAL_COLOUR,
    TREND_COLOUR,
    nps_colour,
    number_format,
    score_category,
)

# --- Shared pieces ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LegendEntry:
    """One entry of a legend: what it stands for (``kind``), its text and its colour.

    ``kind`` names the mark: a category or state (a filled swatch), or for a trend
    ``"interval"`` (the band), ``"nps"`` (a point), ``"indicative"`` (a hollow point),
    ``"significant"`` (a ring) and ``"benchmark"`` (a dashed line).
    """

    kind: str
    text: str
    colour: str


def score_counts(answers: pd.DataFrame | pd.Series | Any) -> np.ndarray:
    """Answers per score 0..10 (11 counts), from tidy answers (their ``score``) or scores.

    Examples
    --------
    >>> score_counts(pd.Series([10, 10, 3])).tolist()
    [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 2]
    """
    if isinstance(answers, pd.DataFrame):
        answers = answers["score"]
    scores = np.asarray(answers, dtype=float)
    return np.bincount(scores.astype(int), minlength=11)[:11] if len(scores) else np.zeros(11)


def category_shares(counts: np.ndarray) -> dict[str, float]:
    """Share of the answers in each category, from the answers per score 0..10 (NaN for none).

    Examples
    --------
    >>> category_shares(score_counts(pd.Series([10, 9, 8, 3])))
    {'detractor': 0.25, 'passive': 0.25, 'promoter': 0.5}
    """
    n = counts.sum()
    return {
        c: float(sum(counts[s] for s in range(11) if score_category(s) == c) / n) if n else np.nan
        for c in CATEGORIES
    }


def nps_limits(values: list[float]) -> tuple[float, float]:
    """Limits of an NPS axis around `values` with some air, within −105..105, always showing 0.

    The air is 8 % of the span of the values and 0, at least 5 points on each side.

    Examples
    --------
    >>> nps_limits([10.0, 40.0])
    (-5.0, 45.0)
    >>> nps_limits([-200.0, float("nan")])
    (-105.0, 16.0)
    """
    finite = [v for v in values if v is not None and np.isfinite(v)]
    low, high = min([*finite, 0.0]), max([*finite, 0.0])
    pad = max(5.0, 0.08 * (high - low))
    return float(max(low - pad, -105.0)), float(min(high + pad, 105.0))


# --- Score distribution -----------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreBar:
    """The bar of one score: its value (share or count), the text over it, its category."""

    score: int
    value: float
    text: str
    category: str
    colour: str


@dataclass(frozen=True)
class ScoreDistribution:
    """What a score distribution shows (:func:`score_distribution`)."""

    title: str
    stat: str
    bars: tuple[ScoreBar, ...]
    shares: dict[str, float]
    legend: tuple[LegendEntry, ...]
    #: The value axis from 0 to the tallest bar and 15 % air for its label.
    limits: tuple[float, float]
    value_axis: str
    value_format: str
    score_axis: str


def distribution_title(shares: dict[str, float], language: str) -> str:
    """The finding of a score distribution: its shares of promoters and detractors and NPS.

    Examples
    --------
    >>> distribution_title({"detractor": 0.25, "passive": 0.25, "promoter": 0.5}, "en")
    '50% promoters and 25% detractors give an NPS of +25'
    """
    if not np.isfinite(shares["promoter"]):
        return label("nps_report.chart.no_data", language)
    percent = number_format("percent", language)
    return label(
        "nps_report.chart.distribution_title",
        language,
        promoters=percent(shares["promoter"]),
        detractors=percent(shares["detractor"]),
        nps=number_format("nps", language)(100 * (shares["promoter"] - shares["detractor"])),
    )


#: The answer scales a chart can show: the first score of each (``config`` ``responses.scale``).
SCALE_START = {"0-10": 0, "1-10": 1}


def score_distribution(
    answers: pd.DataFrame | pd.Series, *, language: str, stat: str = "percent", scale: str = "0-10"
) -> ScoreDistribution:
    """Answers per score 0..10 as bars in the category colours, each labelled, titled with the
    shares of promoters and detractors and the NPS they give.

    Parameters
    ----------
    answers : pandas.DataFrame or pandas.Series
        Tidy answers (their ``score`` column) or the scores themselves, whole numbers 0..10.
    language : {"da", "en"}
    stat : {"percent", "count"}, default "percent"
        Share of all answers, or the number of answers, per score.
    scale : {"0-10", "1-10"}, default "0-10"
        The scale the survey asked (client.yml's ``responses.scale``): the bars and the score
        axis start at its first score.

    Examples
    --------
    >>> chart = score_distribution(pd.Series([10, 9, 3]), language="en")
    >>> chart.title
    '67% promoters and 33% detractors give an NPS of +33'
    >>> [(bar.score, bar.text) for bar in chart.bars if bar.value]
    [(3, '33%'), (9, '33%'), (10, '33%')]
    """
    if stat not in ("percent", "count"):
        raise ValueError(f"stat={stat!r}; expected 'percent' or 'count'")
    if scale not in SCALE_START:
        raise ValueError(f"scale={scale!r}; expected one of {', '.join(SCALE_START)}")
    counts = score_counts(answers)
    n = counts.sum()
    values = counts / n if stat == "percent" and n else counts.astype(float)
    value_format = "percent" if stat == "percent" else "number"
    write = number_format(value_format, language)
    shares = category_shares(counts)
    percent = number_format("percent", language)
    return ScoreDistribution(
        title=distribution_title(shares, language),
        stat=stat,
        bars=tuple(
            ScoreBar(
                score=score,
                value=float(value),
                text=write(value),
                category=score_category(score),
                colour=CATEGORY_COLOURS[score_category(score)],
            )
            for score, value in enumerate(values)
            if score >= SCALE_START[scale]
        ),
        shares=shares,
        legend=tuple(
            LegendEntry(
                c, f"{category_label(c, language)}: {percent(shares[c])}", CATEGORY_COLOURS[c]
            )
            for c in LEGEND_ORDER
        ),
        limits=(0.0, max(float(values.max()), 1e-9) * 1.15),
        value_axis=label(
            "nps_report.chart.share_axis" if stat == "percent" else "nps_report.chart.count_axis",
            language,
        ),
        value_format=value_format,
        score_axis=label("nps_report.chart.score_axis", language, scale=scale),
    )


# --- NPS trend --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    """One period of a trend: its NPS and interval, and how its point is marked.

    An indicative period (few answers) is drawn hollow; a significant change from the period
    before is ringed and written (``change_text``) above the point when it rose, below when
    it fell. ``colour`` is the point's place on the NPS scale.
    """

    period: str
    nps: float
    low: float
    high: float
    indicative: bool
    significant: bool
    change: float
    change_text: str
    colour: str
    #: The point's hover text: period, NPS and interval.
    hint: str


@dataclass(frozen=True)
class NpsTrend:
    """What an NPS trend shows (:func:`nps_trend`)."""

    title: str
    points: tuple[TrendPoint, ...]
    #: The NPS axis around every interval (and the benchmark), by :func:`nps_limits`.
    limits: tuple[float, float]
    legend: tuple[LegendEntry, ...]
    benchmark: float | None
    value_axis: str
    period_axis: str


def trend_title(frame: pd.DataFrame, language: str) -> str:
    """The finding of a trend: the change from the first to the last period with an NPS,
    in whole points (each end rounded first, as the table shows them).

    Examples
    --------
    >>> months = pd.DataFrame({"period": ["2024-01", "2024-02"], "nps": [10.4, 12.6]})
    >>> trend_title(months, "en")
    'NPS rose 3 points from Jan 2024 to Feb 2024'
    """
    shown = frame[frame["nps"].notna()]
    if shown.empty:
        return label("nps_report.chart.no_data", language)
    nps = number_format("nps", language)
    first, last = shown.iloc[0], shown.iloc[-1]
    if len(shown) == 1:
        return label(
            "nps_report.chart.trend_single",
            language,
            nps=nps(last["nps"]),
            period=format_period(last["period"], language),
        )
    change = round(float(last["nps"])) - round(float(first["nps"]))
    periods = {
        "first": format_period(first["period"], language),
        "last": format_period(last["period"], language),
    }
    if change == 0:
        return label("nps_report.chart.trend_flat", language, nps=nps(last["nps"]), **periods)
    key = "nps_report.chart.trend_up" if change > 0 else "nps_report.chart.trend_down"
    return label(key, language, points=number_format("number", language)(abs(change)), **periods)


def nps_trend(
    period_table: pd.DataFrame,
    *,
    language: str,
    benchmark: float | None = None,
    benchmark_name: str | None = None,
    confidence: float = CONFIDENCE,
) -> NpsTrend:
    """NPS by period: points with their confidence band, indicative periods hollow,
    significant changes ringed, optionally an industry benchmark.

    Parameters
    ----------
    period_table : pandas.DataFrame
        :func:`score.nps_table` with ``period=`` (``period``, ``nps``, ``ci_low``, ``ci_high``,
        ``flag``, ``change``, ``change_significant``), one group; without
        ``change_significant`` no change counts as significant.
    language : {"da", "en"}
    benchmark : float or None
        An industry NPS, drawn as a dashed, labelled line.
    benchmark_name : str or None
        Where the benchmark comes from, for its label.
    confidence : float, default ``score.CONFIDENCE``
        The level the table's intervals were computed at, for the legend.

    Examples
    --------
    >>> months = pd.DataFrame({"period": ["2024-01", "2024-02"], "nps": [10.0, 40.0],
    ...     "ci_low": [0.0, 30.0], "ci_high": [20.0, 50.0], "flag": ["ok", "indicative"],
    ...     "change": [float("nan"), 30.0], "change_significant": [False, True]})
    >>> chart = nps_trend(months, language="en")
    >>> chart.title, chart.limits
    ('NPS rose 30 points from Jan 2024 to Feb 2024', (-5.0, 55.0))
    >>> [(p.indicative, p.significant, p.change_text) for p in chart.points]
    [(False, False, ''), (True, True, '+30')]
    >>> [entry.kind for entry in chart.legend]
    ['interval', 'nps', 'indicative', 'significant']
    """
    frame = period_table.reset_index(drop=True)
    nps = number_format("nps", language)
    low = frame["ci_low"].astype(float).to_numpy()
    high = frame["ci_high"].astype(float).to_numpy()
    indicative = (frame["flag"].astype(str) == "indicative").to_numpy()
    if "change_significant" in frame:
        significant = frame["change_significant"].fillna(False).astype(bool).to_numpy()
    else:
        significant = np.zeros(len(frame), dtype=bool)
    changes = (
        frame["change"].astype(float).to_numpy() if "change" in frame else np.full(len(frame), 0.0)
    )
    points = []
    for i, row in frame.iterrows():
        value = float(row["nps"])
        period = format_period(row["period"], language)
        points.append(
            TrendPoint(
                period=period,
                nps=value,
                low=float(low[i]),
                high=float(high[i]),
                indicative=bool(indicative[i]),
                significant=bool(significant[i]),
                change=float(changes[i]),
                change_text=nps(changes[i]) if significant[i] else "",
                colour=nps_colour(value) if np.isfinite(value) else NEUTRAL_COLOUR,
                hint=f"{period}: {nps(value)} ({nps(low[i])} – {nps(high[i])})",
            )
        )
    legend = [
        LegendEntry(
            "interval",
            label(
                "nps_report.chart.interval",
                language,
                level=number_format("percent", language)(confidence),
            ),
            INTERVAL_COLOUR,
        ),
        LegendEntry("nps", label("nps.name", language), TREND_COLOUR),
    ]
    if indicative.any():
        legend.append(
            LegendEntry("indicative", label("nps_report.chart.indicative", language), TREND_COLOUR)
        )
    if significant.any():
        legend.append(
            LegendEntry(
                "significant", label("nps_report.chart.significant", language), NEUTRAL_COLOUR
            )
        )
    if benchmark is not None:
        name = benchmark_name or label("nps_report.benchmark.unnamed", language)
        legend.append(
            LegendEntry(
                "benchmark",
                label("nps_report.chart.benchmark", language, name=name, nps=nps(benchmark)),
                NEUTRAL_COLOUR,
            )
        )
    return NpsTrend(
        title=trend_title(frame, language),
        points=tuple(points),
        limits=nps_limits([*low, *high, *(() if benchmark is None else (benchmark,))]),
        legend=tuple(legend),
        benchmark=benchmark,
        value_axis=label("nps.name", language),
        period_axis=label("nps_report.chart.period_axis", language),
    )


# --- Maturity ladder --------------------------------------------------------------------------


@dataclass(frozen=True)
class LadderRung:
    """One level of the maturity ladder: the share of its statements met, and its state."""

    level: int
    name: str
    share: float
    text: str
    state: str
    colour: str


@dataclass(frozen=True)
class MaturityLadder:
    """What the maturity ladder shows (:func:`maturity_ladder`)."""

    title: str
    #: The levels, lowest first (drawn at the bottom).
    rungs: tuple[LadderRung, ...]
    #: The share of a level's statements that must be met for it to count as reached.
    threshold: float
    threshold_text: str
    legend: tuple[LegendEntry, ...]
    axis: str


def maturity_state(result: Any, level: int) -> str:
    """ "reached", "next" or "later": where `level` stands in the self-test's `result`."""
    if level <= result.level:
        return "reached"
    return "next" if level == result.level + 1 else "later"


def maturity_title(result: Any, language: str) -> str:
    """The finding of the self-test: the level reached and how far the next one is."""
    from ..maturity import LEVELS

    if result.level == LEVELS[-1]:
        return label("maturity.chart.title_top", language)
    following = result.level + 1
    return label(
        "maturity.chart.title" if result.level else "maturity.chart.title_start",
        language,
        level=label(f"maturity.level.{result.level}", language),
        next=label(f"maturity.level.{following}", language),
        share=number_format("percent", language)(result.shares[following]),
    )


def maturity_ladder(result: Any, *, language: str) -> MaturityLadder:
    """The self-test as a ladder: the share of each level's statements met, reached levels
    green, the next amber, the others grey, and the share a level must pass.

    Parameters
    ----------
    result : maturity.MaturityResult
        From :func:`maturity.assess`.
    language : {"da", "en"}

    Examples
    --------
    >>> from nps_workbook.maturity import STATEMENTS, assess
    >>> ladder = maturity_ladder(assess({s.id: s.level <= 1 for s in STATEMENTS}), language="en")
    >>> [(rung.level, rung.state) for rung in ladder.rungs][:4]
    [(1, 'reached'), (2, 'next'), (3, 'later'), (4, 'later')]
    """
    from ..maturity import LEVELS, REACHED_SHARE

    percent = number_format("percent", language)
    rungs = []
    for level in LEVELS:
        state = maturity_state(result, level)
        share = float(result.shares[level])
        rungs.append(
            LadderRung(
                level=level,
                name=label(f"maturity.level.{level}", language),
                share=share,
                text=percent(share),
                state=state,
                colour=MATURITY_COLOURS[state],
            )
        )
    return MaturityLadder(
        title=maturity_title(result, language),
        rungs=tuple(rungs),
        threshold=REACHED_SHARE,
        threshold_text=label("maturity.chart.threshold", language, share=percent(REACHED_SHARE)),
        legend=tuple(
            LegendEntry(state, label(f"maturity.chart.{state}", language), colour)
            for state, colour in MATURITY_COLOURS.items()
        ),
        axis=label("maturity.chart.axis", language),
    )


# --- Figures only: the findings their titles state ---------------------------------------------


def customer_value_title(worth: pd.Series, language: str) -> str:
    """The finding of the value per category: how many detractors a promoter is worth.

    Examples
    --------
    >>> worth = pd.Series({"detractor": 200.0, "passive": 500.0, "promoter": 900.0})
    >>> customer_value_title(worth, "en")
    'A promoter is worth 4.5 times as much as a detractor'
    """
    if worth["detractor"] > 0:
        ratio = format_number(worth["promoter"] / worth["detractor"], language, 1)
        return label("money.chart.value_title", language, ratio=ratio)
    return label("money.input.customer_value", language)


def sensitivity_order(table: pd.DataFrame) -> pd.DataFrame:
    """The assumptions of :func:`money.sensitivity` bottom to top: the one that moves the
    business case most last (on top), ties in the table's order."""
    return table.sort_values("swing", ascending=True, kind="stable")


def sensitivity_title(table: pd.DataFrame, language: str) -> str:
    """The finding of the tornado chart: the assumption that moves the business case most."""
    from ..money import name_label

    ordered = sensitivity_order(table)
    top = name_label(ordered["assumption"].iloc[-1], language) if len(ordered) else ""
    return label("money.chart.sensitivity_title", language, assumption=top)


def journey_title(frame: pd.DataFrame, language: str) -> str:
    """The finding of the journey: the touchpoint with the lowest NPS (the first on a tie);
    empty when no touchpoint has a score."""
    scored = frame["nps"].notna()
    if not scored.any():
        return ""
    worst = frame.loc[frame["nps"].astype(float).idxmin()]
    return label(
        "journey.chart.title",
        language,
        touchpoint=worst["name"],
        nps=number_format("nps", language)(worst["nps"]),
    )


def matrix_reference(journey_frame: pd.DataFrame | Any) -> float:
    """The NPS line of the priority matrix: the Journey's own reference, or for a bare frame
    the answer-weighted NPS of its touchpoints with a score."""
    reference = getattr(journey_frame, "reference_nps", None)
    if reference is not None:
        return float(reference)
    frame = journey_frame.frame if hasattr(journey_frame, "frame") else journey_frame
    weights = frame["n"].astype(float)
    return float((frame["nps"] * weights).sum() / weights[frame["nps"].notna()].sum())


def matrix_title(frame: pd.DataFrame, language: str) -> str:
    """The finding of the priority matrix: the "fix now" touchpoint of highest priority."""
    urgent = frame[frame["quadrant"].astype(str) == "fix_now"]
    if urgent.empty:
        return label("journey.matrix.title_none", language)
    first = urgent.sort_values("priority", ascending=False).iloc[0]
    return label("journey.matrix.title", language, touchpoint=first["name"])


@dataclass(frozen=True)
class EnpsGrid:
    """The eNPS grid: a row per department and the company last, a column per round."""

    #: eNPS per row and round; NaN where hidden or absent.
    values: np.ndarray
    #: True where a group is hidden (too few answers): no colour, no number.
    hidden: np.ndarray
    #: The department names as the table has them, ``enps.TOTAL_LABEL`` last.
    rows: list[str]
    #: The row names as shown (the company row in the chosen language).
    names: list[str]
    rounds: list[str]
    title: str


def enps_grid(
    table: pd.DataFrame, *, department: str, round_column: str | None, language: str
) -> EnpsGrid:
    """The eNPS per department and round of :func:`enps.enps_table` (with its total rows),
    hidden groups without a value, titled with the company's change and the department
    that fell most."""
    from ..enps import TOTAL_LABEL

    frame = table.copy()
    if round_column is None:
        round_column = "_round"
        frame[round_column] = label("enps.total", language)
    frame["_hidden"] = frame["suppression"].astype(str) != ""
    rounds = list(pd.unique(frame[round_column].astype(str)))
    groups = [g for g in pd.unique(frame[department].astype(str)) if g != TOTAL_LABEL]
    rows = [*groups, TOTAL_LABEL]
    keyed = frame.assign(
        _round=frame[round_column].astype(str), _group=frame[department].astype(str)
    ).set_index(["_group", "_round"])
    values = np.full((len(rows), len(rounds)), np.nan)
    hidden = np.zeros(values.shape, dtype=bool)
    for i, group in enumerate(rows):
        for j, round_ in enumerate(rounds):
            if (group, round_) in keyed.index:
                row = keyed.loc[(group, round_)]
                hidden[i, j] = bool(row["_hidden"])
                values[i, j] = np.nan if hidden[i, j] else float(row["nps"])
    return EnpsGrid(
        values=values,
        hidden=hidden,
        rows=rows,
        names=[label("enps.total", language) if g == TOTAL_LABEL else g for g in rows],
        rounds=rounds,
        title=enps_title(values, rows, rounds, language),
    )


def enps_title(values: np.ndarray, rows: list[str], rounds: list[str], language: str) -> str:
    """The finding: the company's eNPS (the last row) from the first round to the last, and
    the department (among those shown in both) that fell most."""
    nps = number_format("nps", language)
    total = values[-1]
    if len(rounds) < 2 or np.isnan(total[0]) or np.isnan(total[-1]):
        return label("enps.chart.title_one", language, nps=nps(total[-1]), round=rounds[-1])
    first, last = total[0], total[-1]
    key = (
        "title_rose"
        if round(last) > round(first)
        else "title_fell"
        if round(last) < round(first)
        else "title_flat"
    )
    title = label(
        f"enps.chart.{key}",
        language,
        first_nps=nps(first),
        last_nps=nps(last),
        first=rounds[0],
        last=rounds[-1],
    )
    change = values[:-1, -1] - values[:-1, 0]
    if np.isfinite(change).any() and np.nanmin(change) < 0:
        worst = int(np.nanargmin(change))
        title += "\n" + label(
            "enps.chart.fell_most", language, department=rows[worst], change=nps(change[worst])
        )
    return title


def loop_counts_title(counts: pd.DataFrame, language: str) -> str:
    """The finding of the loop counts: the loop whose cases changed most from the window
    before (the most urgent loop, the lowest number, on a tie)."""
    frame = counts.sort_values("loop", kind="stable").reset_index(drop=True)
    change = frame["change"].abs()
    if len(frame) == 0 or change.max() == 0:
        return label("loop.chart.counts_same", language)
    row = frame.loc[change.idxmax()]  # idxmax takes the first, i.e. the most urgent loop
    key = "loop.chart.counts_rose" if row["change"] > 0 else "loop.chart.counts_fell"
    number = number_format("number", language)
    return label(
        key,
        language,
        loop=label(f"loop.{int(row['loop'])}.name", language),
        last=number(row["last_period"]),
        this=number(row["this_period"]),
    )


@dataclass(frozen=True)
class ThemeOrder:
    """The themes of the theme chart, top to bottom, and their shares by category."""

    #: Share of each category's comments (columns, in category order) per theme (rows).
    shares: pd.DataFrame
    #: Themes from the one weighing most with detractors against promoters to the least.
    order: list[str]
    title: str


def theme_order(themes: pd.DataFrame, *, language: str) -> ThemeOrder:
    """Order the themes of :func:`comments.theme_table` (by category) by the share of
    detractors' comments mentioning them minus the share of promoters' (ties in the table's
    order), titled with the top theme when detractors name it more."""
    shares = (
        themes.pivot_table(index="theme", columns="category", values="share", observed=True)
        .reindex(columns=list(CATEGORIES))
        .fillna(0.0)
    )
    difference = shares["detractor"] - shares["promoter"]
    order = list(difference.sort_values(ascending=False, kind="stable").index)
    if order and difference[order[0]] > 0:
        top = order[0]
        percent = number_format("percent", language)
        title = label(
            "loop.chart.themes_title",
            language,
            theme=str(top),
            detractors=percent(shares.loc[top, "detractor"]),
            promoters=percent(shares.loc[top, "promoter"]),
        )
    else:
        title = label("loop.chart.themes_none", language)
    return ThemeOrder(shares=shares, order=order, title=title)


def segment_title(names: list[str], nps: np.ndarray, segment: str, language: str) -> str:
    """The finding of NPS by segment, groups highest first (``pages.nps.sort_segment``): the
    highest and the lowest group shown, or a plain title with fewer than two shown."""
    shown = np.flatnonzero(~np.isnan(np.asarray(nps, dtype=float)))
    if len(shown) < 2:
        return label("nps_report.chart.segment_single", language, segment=segment)
    write = number_format("nps", language)
    best, worst = int(shown[0]), int(shown[-1])
    return label(
        "nps_report.chart.segment_title",
        language,
        best=names[best],
        best_nps=write(nps[best]),
        worst=names[worst],
        worst_nps=write(nps[worst]),
    )
