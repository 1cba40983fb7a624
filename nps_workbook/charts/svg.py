"""The explorers' charts as SVG text, drawn by the browser.

A widget redraws its chart on every change of a drop-down. matplotlib needs about 0.2 s per
panel to lay out, rasterise and encode a figure, whatever the number of answers; an SVG of a few
dozen shapes is written in a millisecond and drawn by the browser (issue #8, item 4: a filter
change on 10^6 answers answered in under 100 ms; benchmarks/RESULTS.md).

The charts draw the same :mod:`.content` as ``figures.score_distribution``,
``figures.nps_trend`` and ``figures.maturity_chart`` in a report, so they state the same
titles, marks, limits and legends: bars per score 0..10 in the category colours; the NPS per
period with its confidence band, indicative periods hollow and significant changes ringed; the
maturity ladder. Only the layout (sizes, ticks, where a text goes) is this module's own. Every
text is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from ..score import CONFIDENCE
from . import content
from .content import LegendEntry
from .style import INTERVAL_COLOUR, NEUTRAL_COLOUR, TREND_COLOUR, number_format

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


def _swatch(entry: LegendEntry) -> str:
    """The mark a legend entry stands for, as SVG of 12x12 at 0,0."""
    if entry.kind == "interval":
        return f'<rect width="12" height="12" fill="{entry.colour}" fill-opacity="0.3"/>'
    if entry.kind == "nps":
        return f'<circle cx="6" cy="6" r="5" fill="{entry.colour}"/>'
    if entry.kind == "indicative":
        return (
            f'<circle cx="6" cy="6" r="5" fill="white" stroke="{entry.colour}" stroke-width="1.5"/>'
        )
    if entry.kind == "significant":
        return f'<circle cx="6" cy="6" r="5" fill="none" stroke="{entry.colour}" stroke-width="2"/>'
    return f'<rect width="12" height="12" fill="{entry.colour}"/>'


def _legend(entries: Sequence[LegendEntry]) -> str:
    """Swatches and their texts in a row under the title."""
    parts, x = [], EDGE
    for entry in entries:
        parts.append(f'<g transform="translate({x:.1f},34)">{_swatch(entry)}</g>')
        parts.append(_text(x + 17, 44, entry.text))
        x += 30 + CHARACTER_WIDTH * len(entry.text)
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


def score_distribution(
    answers: pd.DataFrame | pd.Series, *, language: str, scale: str = "0-10"
) -> str:
    """Share of answers per score 0..10, bars in the category colours, each bar labelled
    (:func:`.content.score_distribution`).

    Parameters
    ----------
    answers : pandas.DataFrame or pandas.Series
        Tidy answers (their ``score`` column) or the scores themselves, whole numbers 0..10.
    language : {"da", "en"}
    scale : {"0-10", "1-10"}, default "0-10"
        The scale the survey asked: the bars and the axis start at its first score.

    Returns
    -------
    str
        An ``<svg>`` element; its title states the shares of promoters and detractors and the
        NPS they give, as ``figures.score_distribution`` does.

    Examples
    --------
    >>> svg = score_distribution(pd.Series([10, 9, 3]), language="en")
    >>> svg.startswith("<svg") and "67%" in svg
    True
    """
    chart = content.score_distribution(answers, language=language, scale=scale)
    axes = _Axes(slots=len(chart.bars), low=chart.limits[0], high=chart.limits[1])
    body = [
        _legend(chart.legend),
        _y_axis(axes, chart.value_axis, number_format(chart.value_format, language)),
    ]
    width = 0.8 * axes.slot_width
    for slot, bar in enumerate(chart.bars):
        x, top = axes.x(slot), axes.y(bar.value)
        body.append(
            f'<rect x="{x - width / 2:.1f}" y="{top:.1f}" width="{width:.1f}" '
            f'height="{axes.bottom - top:.1f}" fill="{bar.colour}">'
            f"<title>{bar.score}: {escape(bar.text)}</title></rect>"
        )
        body.append(_text(x, top - 4, bar.text, text_anchor="middle"))
    body.append(_x_axis(axes, [str(bar.score) for bar in chart.bars], chart.score_axis))
    return _svg(chart.title, body)


def _runs(present: np.ndarray) -> list[np.ndarray]:
    """Indices of the unbroken runs of True: a line or band is not drawn across a gap."""
    indices = np.flatnonzero(present)
    runs = np.split(indices, np.flatnonzero(np.diff(indices) > 1) + 1)
    return [run for run in runs if len(run)]


def nps_trend(period_table: pd.DataFrame, *, language: str, confidence: float = CONFIDENCE) -> str:
    """NPS by period: a line with its confidence band, indicative periods hollow, significant
    changes ringed and labelled with the change (:func:`.content.nps_trend`).

    Parameters
    ----------
    period_table : pandas.DataFrame
        One group's :func:`score.nps_table` by period, as :func:`figures.nps_trend` takes it.
    language : {"da", "en"}
    confidence : float, default ``score.CONFIDENCE``
        The level of the table's intervals, for the legend.

    Returns
    -------
    str
        An ``<svg>`` element, titled as ``figures.nps_trend`` titles its figure.
    """
    chart = content.nps_trend(period_table, language=language, confidence=confidence)
    points = chart.points
    nps_values = np.array([p.nps for p in points], dtype=float)
    low = np.array([p.low for p in points], dtype=float)
    high = np.array([p.high for p in points], dtype=float)
    bottom, top = chart.limits
    ticks = [p.period for p in points]
    slot_width = _Axes(slots=len(points), low=bottom, high=top).slot_width
    margin = BOTTOM + (40 if _turned(ticks, slot_width) else 0)  # room for turned labels
    axes = _Axes(slots=len(points), low=bottom, high=top, bottom_margin=margin)
    body = [
        _legend(chart.legend),
        _y_axis(axes, chart.value_axis, number_format("nps", language)),
    ]
    zero = axes.y(0.0)
    body.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{zero:.1f}" y2="{zero:.1f}" '
        f'stroke="{NEUTRAL_COLOUR}" stroke-width="0.6"/>'
    )
    for run in _runs(np.isfinite(low) & np.isfinite(high)):
        edge = [(axes.x(i), axes.y(high[i])) for i in run]
        edge += [(axes.x(i), axes.y(low[i])) for i in run[::-1]]
        corners = " ".join(f"{x:.1f},{y:.1f}" for x, y in edge)
        body.append(f'<polygon points="{corners}" fill="{INTERVAL_COLOUR}" fill-opacity="0.3"/>')
    shown = np.isfinite(nps_values)
    for run in _runs(shown):
        line = " ".join(f"{axes.x(i):.1f},{axes.y(nps_values[i]):.1f}" for i in run)
        body.append(
            f'<polyline points="{line}" fill="none" stroke="{TREND_COLOUR}" stroke-width="2"/>'
        )
    for i in np.flatnonzero(shown):
        point = points[i]
        x, y = axes.x(i), axes.y(point.nps)
        if point.indicative:
            mark = f'fill="white" stroke="{TREND_COLOUR}" stroke-width="1.5"'
        else:
            mark = f'fill="{point.colour}" stroke="white" stroke-width="1"'
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" {mark}>'
            f"<title>{escape(point.hint)}</title></circle>"
        )
        if point.significant:
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="10" fill="none" '
                f'stroke="{NEUTRAL_COLOUR}" stroke-width="2"/>'
            )
            offset = -16 if point.change >= 0 else 26
            body.append(
                _text(x, y + offset, point.change_text, text_anchor="middle", font_weight="bold")
            )
    body.append(_x_axis(axes, ticks, chart.period_axis))
    return _svg(chart.title, body)


def maturity_ladder(result: Any, *, language: str) -> str:
    """The self-test as a ladder: share of each level's statements met, lowest level at the
    bottom, and the share a level must pass to count as reached
    (:func:`.content.maturity_ladder`, as ``figures.maturity_chart`` draws it).

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
    ladder = content.maturity_ladder(result, language=language)
    percent = number_format("percent", language)
    left, right, top, bottom = 170, WIDTH - 72, 64, HEIGHT - 48
    row = (bottom - top) / len(ladder.rungs)

    def x(share: float) -> float:
        return left + share * (right - left)

    body = [_legend(ladder.legend)]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        body.append(
            f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top}" y2="{bottom}" '
            f'stroke="{GRID_COLOUR}"/>'
        )
        body.append(_text(x(tick), bottom + 16, percent(tick), text_anchor="middle"))
    for position, rung in enumerate(ladder.rungs):  # the lowest level at the bottom
        y = bottom - (position + 0.5) * row
        body.append(
            f'<rect x="{left}" y="{y - 0.3 * row:.1f}" width="{x(rung.share) - left:.1f}" '
            f'height="{0.6 * row:.1f}" fill="{rung.colour}">'
            f"<title>{escape(rung.name)}: {escape(rung.text)}</title>"
            "</rect>"
        )
        body.append(_text(left - 8, y + 4, rung.name, text_anchor="end"))
        body.append(_text(x(rung.share) + 5, y + 4, rung.text, font_weight="bold"))
    threshold = x(ladder.threshold)
    body.append(
        f'<line x1="{threshold:.1f}" x2="{threshold:.1f}" y1="{top}" y2="{bottom}" '
        f'stroke="{NEUTRAL_COLOUR}" stroke-dasharray="4 3"/>'
    )
    body.append(
        _text(threshold - 4, top - 4, ladder.threshold_text, text_anchor="end", font_size=11)
    )
    body.append(_text((left + right) / 2, HEIGHT - 8, ladder.axis, text_anchor="middle"))
    return _svg(ladder.title, body)
