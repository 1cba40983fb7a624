"""The look every chart shares, whatever draws it: colours, the order of the categories and the
number formats of axes and labels.

Plain Python (no matplotlib): :mod:`.content` reads it to say what a chart shows, and both
renderers (:mod:`.figures`, :mod:`.svg`) draw with it. The category colours themselves are
``texts.CATEGORY_COLOURS``, shared with the tables and the Excel sheets.
"""

from __future__ import annotations

from collections.abc import Callable

from ..score import CATEGORIES, categorize
from ..texts import (
    CATEGORY_COLOURS,
    NEUTRAL_COLOUR,
    format_money,
    format_nps,
    format_number,
    format_percent,
)

__all__ = [
    "CATEGORIES",
    "CATEGORY_COLOURS",
    "INTERVAL_COLOUR",
    "LANE_COLOUR",
    "LEGEND_ORDER",
    "LOOP_CATEGORIES",
    "MATURITY_COLOURS",
    "MISSING_COLOUR",
    "NEUTRAL_COLOUR",
    "NPS_SCALE",
    "QUADRANT_COLOURS",
    "SCORE_CATEGORIES",
    "TREND_COLOUR",
    "nps_colour",
    "number_format",
    "score_category",
]

# --- Colours ----------------------------------------------------------------------------------

#: Colour of a touchpoint without a score (too few answers, or none), and of what is hidden.
MISSING_COLOUR = "#BDBDBD"
#: Light grey behind alternate lanes.
LANE_COLOUR = "#F2F2F2"
#: Colour of the confidence band and interval bars around an NPS.
INTERVAL_COLOUR = "#9E9E9E"
#: Colour of the line through the periods of a trend.
TREND_COLOUR = NEUTRAL_COLOUR
#: Quadrant colours of the priority matrix, borrowed from the categories so red means "act".
QUADRANT_COLOURS: dict[str, str] = {
    "fix_now": CATEGORY_COLOURS["detractor"],
    "keep_up": CATEGORY_COLOURS["promoter"],
    "watch": CATEGORY_COLOURS["passive"],
    "overkill": NEUTRAL_COLOUR,
}
#: Colour of a level of the maturity ladder: reached, the next to reach, the ones after it.
MATURITY_COLOURS: dict[str, str] = {
    "reached": CATEGORY_COLOURS["promoter"],
    "next": CATEGORY_COLOURS["passive"],
    "later": MISSING_COLOUR,
}
#: The category whose colour each loop wears: loop 1 red, loop 2 amber, loop 3 green.
LOOP_CATEGORIES: dict[int, str] = {1: "detractor", 2: "passive", 3: "promoter"}

# --- Order ------------------------------------------------------------------------------------

#: Legends list the categories best first: promoters, passives, detractors.
LEGEND_ORDER: tuple[str, ...] = tuple(reversed(CATEGORIES))


#: The category of each score 0..10, from `score.categorize` (the one rule of the cut-offs).
SCORE_CATEGORIES: tuple[str, ...] = tuple(categorize(list(range(11))))


def score_category(score: int) -> str:
    """The category of a score 0..10 (`SCORE_CATEGORIES`).

    Examples
    --------
    >>> [score_category(s) for s in (6, 7, 8, 9)]
    ['detractor', 'passive', 'passive', 'promoter']
    """
    return SCORE_CATEGORIES[score]


# --- The NPS colour scale ---------------------------------------------------------------------

#: The NPS colour scale's anchors: detractor red at −100, passive amber at 0, promoter green
#: at +100, straight lines in RGB between them.
NPS_SCALE: tuple[tuple[float, str], ...] = tuple(
    zip((-100.0, 0.0, 100.0), (CATEGORY_COLOURS[c] for c in CATEGORIES), strict=True)
)
#: Steps of the scale: a colour map of 256 colours, as matplotlib's default.
NPS_STEPS = 256


def _rgb(colour: str) -> tuple[float, ...]:
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def nps_colour(nps: float) -> str:
    """The colour of an NPS on the red-amber-green scale, as ``#rrggbb``.

    The NPS is placed on 0..1 (−100 -> 0, 0 -> 0.5, +100 -> 1; beyond: the ends), that
    position picks one of :data:`NPS_STEPS` evenly spaced colours, each interpolated linearly
    between the anchors of :data:`NPS_SCALE`. This is what matplotlib does with
    ``LinearSegmentedColormap.from_list(.., N=256)`` and ``TwoSlopeNorm(-100, 0, 100)``, so a
    figure's colour bar (:func:`.figures.nps_cmap`) shows the colours the marks wear.

    Examples
    --------
    >>> nps_colour(-100), nps_colour(100), nps_colour(250)
    ('#c8102e', '#2e8b57', '#2e8b57')
    >>> nps_colour(0)  # the first step above the middle: amber (#f2a900) a 255th to green
    '#f1a900'
    """
    value = min(max(float(nps), NPS_SCALE[0][0]), NPS_SCALE[-1][0])
    # the anchors' places on 0..1, and where the value falls between the two around it
    places = [i / (len(NPS_SCALE) - 1) for i in range(len(NPS_SCALE))]
    segment = next(i for i in range(len(NPS_SCALE) - 1) if value <= NPS_SCALE[i + 1][0])
    (start, _), (end, _) = NPS_SCALE[segment], NPS_SCALE[segment + 1]
    position = places[segment] + (value - start) / (end - start) * (
        places[segment + 1] - places[segment]
    )
    at = min(int(position * NPS_STEPS), NPS_STEPS - 1) / (NPS_STEPS - 1)  # the step's colour
    segment = next(i for i in range(len(places) - 1) if at <= places[i + 1])
    part = (at - places[segment]) / (places[segment + 1] - places[segment])
    lower, upper = _rgb(NPS_SCALE[segment][1]), _rgb(NPS_SCALE[segment + 1][1])
    channels = (a + part * (b - a) for a, b in zip(lower, upper, strict=True))
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in channels)


# --- Number formats ---------------------------------------------------------------------------


def number_format(kind: str, language: str, *, currency: str = "") -> Callable[[float], str]:
    """How a chart writes a number of a kind, on its axis and on its marks.

    Parameters
    ----------
    kind : {"percent", "nps", "number", "money"}
        A share 0..1 ("12 %"), an NPS with its sign ("+20"), a plain number, an amount.
    language : {"da", "en"}
    currency : str
        For "money".

    Examples
    --------
    >>> number_format("percent", "en")(0.25), number_format("nps", "en")(20.4)
    ('25%', '+20')
    """
    formats: dict[str, Callable[[float], str]] = {
        "percent": lambda value: format_percent(value, language),
        "nps": lambda value: format_nps(value, language),
        "number": lambda value: format_number(value, language),
        "money": lambda value: format_money(value, currency, language),
    }
    if kind not in formats:
        raise ValueError(f"number format {kind!r}; expected one of {', '.join(formats)}")
    return formats[kind]
