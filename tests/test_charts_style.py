"""The charts' style (charts.style): the NPS colour scale against matplotlib's colour map and by
hand, the categories of the scores, the colours borrowed from the categories, number formats."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.colors import to_hex

from nps_workbook.charts import figures, style
from nps_workbook.texts import CATEGORY_COLOURS, NEUTRAL_COLOUR


def test_nps_colour_is_the_colour_bar_of_the_figures():
    """The SVG marks and the figures' colour bars read one scale: for every whole NPS and
    many between, the colour matplotlib's map gives (a second method) is nps_colour's."""
    cmap, norm = figures.nps_cmap(), figures.nps_norm()
    values = [*range(-100, 101), *np.random.default_rng(7).uniform(-120, 120, 2000)]
    assert [style.nps_colour(v) for v in values] == [to_hex(cmap(norm(v))) for v in values]


def test_nps_colour_by_hand():
    assert style.nps_colour(-100) == CATEGORY_COLOURS["detractor"].lower()
    assert style.nps_colour(100) == style.nps_colour(180) == CATEGORY_COLOURS["promoter"].lower()
    # −50 sits at 0.25 of the scale: step int(0.25 * 256) = 64 of 255, i.e. 128/255 of the way
    # from red (200, 16, 46) to amber (242, 169, 0): (221.1, 92.8, 22.9) -> dd 5d 17
    assert style.nps_colour(-50) == "#dd5d17"


def test_score_categories_follow_the_thresholds():
    assert [style.score_category(s) for s in range(11)] == (
        ["detractor"] * 7 + ["passive"] * 2 + ["promoter"] * 2
    )


def test_colours_borrowed_from_the_categories():
    act_first = {
        "fix_now": CATEGORY_COLOURS["detractor"],
        "keep_up": CATEGORY_COLOURS["promoter"],
        "watch": CATEGORY_COLOURS["passive"],
        "overkill": NEUTRAL_COLOUR,
    }
    assert act_first == style.QUADRANT_COLOURS
    assert style.MATURITY_COLOURS["reached"] == CATEGORY_COLOURS["promoter"]
    assert style.MATURITY_COLOURS["next"] == CATEGORY_COLOURS["passive"]
    assert [CATEGORY_COLOURS[style.LOOP_CATEGORIES[n]] for n in (1, 2, 3)] == [
        CATEGORY_COLOURS[c] for c in ("detractor", "passive", "promoter")
    ]
    assert style.LEGEND_ORDER == ("promoter", "passive", "detractor")


@pytest.mark.parametrize(
    ("kind", "value", "da", "en"),
    [
        ("percent", 0.125, "12\xa0%", "12%"),
        ("nps", -7.6, "−8", "−8"),
        ("nps", 20.0, "+20", "+20"),
        ("number", 12345.0, "12.345", "12,345"),
    ],
)
def test_number_formats(kind, value, da, en):
    assert style.number_format(kind, "da")(value) == da
    assert style.number_format(kind, "en")(value) == en


def test_money_format_and_an_unknown_kind():
    assert style.number_format("money", "da", currency="DKK")(1500) == "1.500 kr."
    with pytest.raises(ValueError, match="'share'"):
        style.number_format("share", "en")
