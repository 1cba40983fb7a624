"""The explorers' charts as SVG text, drawn by the browser.

A widget redraws its chart on every change of a drop-down. matplotlib needs about 0.2 s per
panel to lay out, rasterise and encode a figure, whatever the number of answers; an SVG of a few
dozen shapes is written in a millisecond and drawn by the browser (issue #8, item 4: a filter
change on 10^6 answers answered in under 100 ms; benchmarks/RESULTS.md).

The charts show what ``plots.score_distribution``, ``plots.nps_trend`` and
``plots.maturity_chart`` show in a report, with the same colours, titles, axis labels and
number formats: bars per score 0..10 in the category colours; the NPS per period with its
confidence band, indicative periods hollow and significant changes ringed; the maturity ladder.
Every text comes from ``texts`` and is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.colors import to_hex
from matplotlib.ticker import MaxNLocator

from .plots import (
    INTERVAL_COLOUR,
    MATURITY_COLOURS,
    TREND_COLOUR,
    category_shares,
    distribution_title,
    maturity_state,
    maturity_title,
    nps_cmap,
    nps_limits,
    nps_norm,
    score_category,
    score_counts,
    trend_title,
)
from .score import CATEGORIES, CONFIDENCE
from .texts import (
    CATEGORY_COLOURS,
    NEUTRAL_COLOUR,
    category_label,
    format_nps,
    format_percent,
    label,
)

#: Size of a chart in SVG units (pixels at 100 %); it scales down to the notebook's width.
WIDTH, HEIGHT = 640, 360
#: Space around the plotting area: title and legend above, tick labels and axis titles around.
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 72, 56
#: Where the title, the legend and the turned y-axis title start, from the left edge.
EDGE = 16
FONT = "DejaVu Sans, Verdana, sans-serif"
#: Roughly the advance of one character of the 12-unit font, to keep texts from overlapping.
CHARACTER_WIDTH = 7
GRID_COLOUR = "#E0E0E0"


@dataclass(frozen=True)
class _Axes:
    """The plotting area of one chart: data to SVG coordinates for ``slots`` places along x
    (bars or periods, each centred in its slot) and y between ``low`` and ``high``."""

    slots: int
    low: float
    high: float
    bottom_margin: float = BOTTOM

    @property
    def bottom(self) -> float:
        return HEIGHT - self.bottom_margin

    @property
    def slot_width(self) -> float:
        return (WIDTH - LEFT - RIGHT) / max(self.slots, 1)

    def x(self, slot: float) -> float:
        return LEFT + (slot + 0.5) * self.slot_width

    def y(self, value: float) -> float:
        span = (self.high - self.low) or 1.0
        return self.bottom - (value - self.low) / span * (self.bottom - TOP)


def _text(x: float, y: float, text: str, **attributes: str | float) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(text)}</text>'


def _svg(title: str, body: Sequence[str]) -> str:
    """The whole chart: scales to the width it is given, its title also read by screen readers."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'style="width:100%;max-width:{WIDTH}px;height:auto" role="img" '
        f'font-family="{FONT}" font-size="12" fill="{NEUTRAL_COLOUR}">'
        f"<title>{escape(title)}</title>"
        + _text(EDGE, 20, title, font_weight="bold", font_size=14)
        + "".join(body)
        + "</svg>"
    )


def _legend(entries: Sequence[tuple[str, str]]) -> str:
    """Swatches and their texts in a row under the title; a swatch is SVG of 12x12 at 0,0."""
    parts, x = [], EDGE
    for swatch, text in entries:
        parts.append(f'<g transform="translate({x:.1f},34)">{swatch}</g>')
        parts.append(_text(x + 17, 44, text))
        x += 30 + CHARACTER_WIDTH * len(text)
    return "".join(parts)


def _y_axis(axes: _Axes, title: str, tick_text: Callable[[float], str]) -> str:
    """Grid lines with their labels, and the axis title turned up the left side."""
    parts = []
    for tick in MaxNLocator(nbins=5).tick_values(axes.low, axes.high):
        if axes.low - 1e-9 <= tick <= axes.high + 1e-9:
            y = axes.y(tick)
            parts.append(
                f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="{GRID_COLOUR}"/>'
            )
            parts.append(_text(LEFT - 6, y + 4, tick_text(tick), text_anchor="end"))
    middle = (TOP + axes.bottom) / 2
    parts.append(
        _text(
            EDGE,
            middle,
            title,
            text_anchor="middle",
            transform=f"rotate(-90 {EDGE} {middle:.1f})",
        )
    )
    return "".join(parts)


def _turned(ticks: Sequence[str], slot_width: float) -> bool:
    return max((len(tick) for tick in ticks), default=0) * CHARACTER_WIDTH > slot_width


def _x_axis(axes: _Axes, ticks: Sequence[str], title: str) -> str:
    """A label under every slot (turned when they would not fit side by side) and the axis
    title."""
    turned = _turned(ticks, axes.slot_width)
    parts = [
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{axes.bottom:.1f}" '
        f'y2="{axes.bottom:.1f}" stroke="{NEUTRAL_COLOUR}"/>'
    ]
    for slot, tick in enumerate(ticks):
        x, y = axes.x(slot), axes.bottom + 16
        if turned:
            parts.append(
                _text(x, y, tick, text_anchor="end", transform=f"rotate(-45 {x:.1f} {y:.1f})")
            )
        else:
            parts.append(_text(x, y, tick, text_anchor="middle"))
    parts.append(_text((LEFT + WIDTH - RIGHT) / 2, HEIGHT - 8, title, text_anchor="middle"))
    return "".join(parts)


def score_distribution(answers: pd.DataFrame | pd.Series, *, language: str) -> str:
    """Share of answers per score 0..10, bars in the category colours, each bar labelled.

    Parameters
    ----------
    answers : pandas.DataFrame or pandas.Series
        Tidy answers (their ``score`` column) or the scores themselves, whole numbers 0..10.
    language : {"da", "en"}

    Returns
    -------
    str
        An ``<svg>`` element; its title states the shares of promoters and detractors and the
        NPS they give, as ``plots.score_distribution`` does.

    Examples
    --------
    >>> svg = score_distribution(pd.Series([10, 9, 3]), language="en")
    >>> svg.startswith("<svg") and "67%" in svg
    True
    """
    counts = score_counts(answers)
    n = int(counts.sum())
    shares = counts / n if n else counts.astype(float)
    categories = [score_category(score) for score in range(11)]
    by_category = category_shares(counts)
    title = distribution_title(by_category, language)
    axes = _Axes(slots=11, low=0.0, high=max(float(shares.max()), 1e-9) * 1.15)
    body = [
        _legend(
            [
                (
                    f'<rect width="12" height="12" fill="{CATEGORY_COLOURS[c]}"/>',
                    f"{category_label(c, language)}: {format_percent(by_category[c], language)}",
                )
                for c in reversed(CATEGORIES)
            ]
        ),
        _y_axis(
            axes,
            label("nps_report.chart.share_axis", language),
            lambda v: format_percent(v, language),
        ),
    ]
    bar = 0.8 * axes.slot_width
    for score, share in enumerate(shares):
        x, top = axes.x(score), axes.y(share)
        body.append(
            f'<rect x="{x - bar / 2:.1f}" y="{top:.1f}" width="{bar:.1f}" '
            f'height="{axes.bottom - top:.1f}" fill="{CATEGORY_COLOURS[categories[score]]}">'
            f"<title>{score}: {escape(format_percent(share, language))}</title></rect>"
        )
        body.append(_text(x, top - 4, format_percent(share, language), text_anchor="middle"))
    body.append(
        _x_axis(axes, [str(s) for s in range(11)], label("nps_report.chart.score_axis", language))
    )
    return _svg(title, body)


def _runs(present: np.ndarray) -> list[np.ndarray]:
    """Indices of the unbroken runs of True: a line or band is not drawn across a gap."""
    indices = np.flatnonzero(present)
    runs = np.split(indices, np.flatnonzero(np.diff(indices) > 1) + 1)
    return [run for run in runs if len(run)]


def nps_trend(period_table: pd.DataFrame, *, language: str, confidence: float = CONFIDENCE) -> str:
    """NPS by period: a line with its confidence band, indicative periods hollow, significant
    changes ringed and labelled with the change.

    Parameters
    ----------
    period_table : pandas.DataFrame
        One group's :func:`score.nps_table` by period, as :func:`plots.nps_trend` takes it.
    language : {"da", "en"}
    confidence : float, default 0.95
        The level of the table's intervals, for the legend.

    Returns
    -------
    str
        An ``<svg>`` element, titled as ``plots.nps_trend`` titles its figure.
    """
    from .pages.nps import period_text

    frame = period_table.reset_index(drop=True)
    nps_values = frame["nps"].astype(float).to_numpy()
    low = frame["ci_low"].astype(float).to_numpy()
    high = frame["ci_high"].astype(float).to_numpy()
    indicative = (frame["flag"].astype(str) == "indicative").to_numpy()
    if "change_significant" in frame:
        significant = frame["change_significant"].fillna(False).astype(bool).to_numpy()
    else:
        significant = np.zeros(len(frame), dtype=bool)
    bottom, top = nps_limits([*low, *high])
    ticks = [period_text(p, language) for p in frame["period"]]
    slot_width = _Axes(slots=len(frame), low=bottom, high=top).slot_width
    margin = BOTTOM + (40 if _turned(ticks, slot_width) else 0)  # room for turned labels
    axes = _Axes(slots=len(frame), low=bottom, high=top, bottom_margin=margin)
    cmap, norm = nps_cmap(), nps_norm()
    body = [
        _legend(
            [
                (
                    f'<rect width="12" height="12" fill="{INTERVAL_COLOUR}" fill-opacity="0.3"/>',
                    label(
                        "nps_report.chart.interval",
                        language,
                        level=format_percent(confidence, language),
                    ),
                ),
                (
                    f'<circle cx="6" cy="6" r="5" fill="{TREND_COLOUR}"/>',
                    label("nps.name", language),
                ),
                *(
                    [
                        (
                            f'<circle cx="6" cy="6" r="5" fill="white" stroke="{TREND_COLOUR}" '
                            'stroke-width="1.5"/>',
                            label("nps_report.chart.indicative", language),
                        )
                    ]
                    if indicative.any()
                    else []
                ),
                *(
                    [
                        (
                            f'<circle cx="6" cy="6" r="5" fill="none" stroke="{NEUTRAL_COLOUR}" '
                            'stroke-width="2"/>',
                            label("nps_report.chart.significant", language),
                        )
                    ]
                    if significant.any()
                    else []
                ),
            ]
        ),
        _y_axis(axes, label("nps.name", language), lambda v: format_nps(v, language)),
    ]
    zero = axes.y(0.0)
    body.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{zero:.1f}" y2="{zero:.1f}" '
        f'stroke="{NEUTRAL_COLOUR}" stroke-width="0.6"/>'
    )
    for run in _runs(np.isfinite(low) & np.isfinite(high)):
        edge = [(axes.x(i), axes.y(high[i])) for i in run]
        edge += [(axes.x(i), axes.y(low[i])) for i in run[::-1]]
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in edge)
        body.append(f'<polygon points="{points}" fill="{INTERVAL_COLOUR}" fill-opacity="0.3"/>')
    shown = np.isfinite(nps_values)
    for run in _runs(shown):
        points = " ".join(f"{axes.x(i):.1f},{axes.y(nps_values[i]):.1f}" for i in run)
        body.append(
            f'<polyline points="{points}" fill="none" stroke="{TREND_COLOUR}" stroke-width="2"/>'
        )
    for i in np.flatnonzero(shown):
        x, y = axes.x(i), axes.y(nps_values[i])
        hint = (
            f"<title>{escape(ticks[i])}: {escape(format_nps(nps_values[i], language))} "
            f"({escape(format_nps(low[i], language))} – {escape(format_nps(high[i], language))})"
            "</title>"
        )
        if indicative[i]:
            mark = f'fill="white" stroke="{TREND_COLOUR}" stroke-width="1.5"'
        else:
            mark = f'fill="{to_hex(cmap(norm(nps_values[i])))}" stroke="white" stroke-width="1"'
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" {mark}>{hint}</circle>')
        if significant[i]:
            change = float(frame.at[i, "change"])
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="10" fill="none" '
                f'stroke="{NEUTRAL_COLOUR}" stroke-width="2"/>'
            )
            offset = -16 if change >= 0 else 26
            body.append(
                _text(
                    x,
                    y + offset,
                    format_nps(change, language),
                    text_anchor="middle",
                    font_weight="bold",
                )
            )
    body.append(_x_axis(axes, ticks, label("nps_report.chart.period_axis", language)))
    return _svg(trend_title(frame, language), body)


def maturity_ladder(result: Any, *, language: str) -> str:
    """The self-test as a ladder: share of each level's statements met, lowest level at the
    bottom, and the share a level must pass to count as reached (``plots.maturity_chart``).

    Parameters
    ----------
    result : maturity.MaturityResult
        From :func:`maturity.assess`.
    language : {"da", "en"}

    Returns
    -------
    str
        An ``<svg>`` element: reached levels green, the next level amber, the others grey.
    """
    from .maturity import LEVELS, REACHED_SHARE

    left, right, top, bottom = 170, WIDTH - 72, 64, HEIGHT - 48
    row = (bottom - top) / len(LEVELS)

    def x(share: float) -> float:
        return left + share * (right - left)

    body = [
        _legend(
            [
                (
                    f'<rect width="12" height="12" fill="{colour}"/>',
                    label(f"maturity.chart.{key}", language),
                )
                for key, colour in MATURITY_COLOURS.items()
            ]
        )
    ]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        body.append(
            f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top}" y2="{bottom}" '
            f'stroke="{GRID_COLOUR}"/>'
        )
        body.append(
            _text(x(tick), bottom + 16, format_percent(tick, language), text_anchor="middle")
        )
    for position, level in enumerate(LEVELS):  # the lowest level at the bottom
        share = float(result.shares[level])
        y = bottom - (position + 0.5) * row
        colour = MATURITY_COLOURS[maturity_state(result, level)]
        text = format_percent(share, language)
        body.append(
            f'<rect x="{left}" y="{y - 0.3 * row:.1f}" width="{x(share) - left:.1f}" '
            f'height="{0.6 * row:.1f}" fill="{colour}">'
            f"<title>{escape(label(f'maturity.level.{level}', language))}: {escape(text)}</title>"
            "</rect>"
        )
        body.append(
            _text(left - 8, y + 4, label(f"maturity.level.{level}", language), text_anchor="end")
        )
        body.append(_text(x(share) + 5, y + 4, text, font_weight="bold"))
    threshold = x(REACHED_SHARE)
    body.append(
        f'<line x1="{threshold:.1f}" x2="{threshold:.1f}" y1="{top}" y2="{bottom}" '
        f'stroke="{NEUTRAL_COLOUR}" stroke-dasharray="4 3"/>'
    )
    reached_from = label(
        "maturity.chart.threshold", language, share=format_percent(REACHED_SHARE, language)
    )
    body.append(_text(threshold - 4, top - 4, reached_from, text_anchor="end", font_size=11))
    body.append(
        _text(
            (left + right) / 2,
            HEIGHT - 8,
            label("maturity.chart.axis", language),
            text_anchor="middle",
        )
    )
    return _svg(maturity_title(result, language), body)
