"""The explorers' SVG charts (charts.svg): bars and points where the data puts them, in the
category colours, with the texts of the report's figures, in the chosen language."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest
from figure_helpers import close_figures, draw  # noqa: F401 (autouse fixture)
from matplotlib.colors import to_hex

from nps_workbook.charts import figures, svg
from nps_workbook.texts import CATEGORY_COLOURS, NEUTRAL_COLOUR

SVG = "{http://www.w3.org/2000/svg}"

# 20 answers: one of each score 0..10 and nine more 10s -> 7 detractors, 2 passives,
# 11 promoters: NPS +20 (the same answers as tests/test_charts_figures.py).
SCORES = pd.Series(list(range(11)) + [10] * 9, name="score")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # also proves every text in it is escaped


def texts(root: ET.Element) -> list[str]:
    return [text.text or "" for text in root.iter(f"{SVG}text")]


def bars(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]


# --- score_distribution -----------------------------------------------------------------------


def test_bars_are_as_tall_as_their_share_in_the_category_colours():
    root = parse(svg.score_distribution(SCORES.to_frame(), language="en"))
    drawn = bars(root)
    assert len(drawn) == 11
    expected = ["detractor"] * 7 + ["passive"] * 2 + ["promoter"] * 2
    assert [rect.get("fill") for rect in drawn] == [CATEGORY_COLOURS[c] for c in expected]
    heights = np.array([float(rect.get("height")) for rect in drawn])
    # score 10 has 10 of the 20 answers, every other score 1: ten times as tall
    assert heights[:10] == pytest.approx([heights[0]] * 10, abs=0.1)
    assert heights[10] / heights[0] == pytest.approx(10, rel=0.02)
    bottoms = {round(float(r.get("y")) + float(r.get("height")), 1) for r in drawn}
    assert len(bottoms) == 1  # all standing on the axis


def test_a_one_to_ten_client_sees_its_scale():
    root = parse(svg.score_distribution(SCORES[SCORES > 0], language="da", scale="1-10"))
    assert len(bars(root)) == 10
    shown = texts(root)
    assert "Score (1-10)" in shown and "Score (0-10)" not in shown and "0" not in shown


def test_distribution_states_the_finding_in_danish():
    root = parse(svg.score_distribution(SCORES, language="da"))
    title = "55\xa0% ambassadører og 35\xa0% kritikere giver NPS +20"
    assert root.find(f"{SVG}title").text == title
    shown = texts(root)
    assert shown[0] == title
    assert shown[1:4] == ["Ambassadører: 55\xa0%", "Passive: 10\xa0%", "Kritikere: 35\xa0%"]
    assert shown.count("5\xa0%") == 10 and "50\xa0%" in shown  # a label on every bar
    assert {"Andel af besvarelserne", "Score (0-10)"} <= set(shown)


def test_distribution_of_no_answers():
    root = parse(svg.score_distribution(pd.Series([], dtype=float), language="en"))
    assert root.find(f"{SVG}title").text == "No answers"
    assert len(bars(root)) == 11


# --- nps_trend --------------------------------------------------------------------------------


def period_table(nps: list[float], **columns) -> pd.DataFrame:
    months = [f"2024-{m:02d}" for m in range(1, len(nps) + 1)]
    frame = pd.DataFrame(
        {
            "period": months,
            "nps": nps,
            "ci_low": [v - 10 for v in nps],
            "ci_high": [v + 10 for v in nps],
            "flag": ["ok"] * len(nps),
            "change": [np.nan, *np.diff(nps)],
            "change_significant": [False] * len(nps),
        }
    )
    return frame.assign(**columns)


def points(root: ET.Element) -> list[ET.Element]:
    return [c for c in root.iter(f"{SVG}circle") if c.find(f"{SVG}title") is not None]


def test_points_are_placed_by_their_nps():
    root = parse(svg.nps_trend(period_table([10.0, -20.0, 40.0]), language="en"))
    drawn = points(root)
    xs = [float(p.get("cx")) for p in drawn]
    ys = [float(p.get("cy")) for p in drawn]
    assert xs == sorted(xs) and len(set(np.diff(xs).round(3))) == 1  # evenly, in order
    # y is linear in NPS and grows upwards: (10 -> -20) is half of (-20 -> 40), downwards
    assert (ys[1] - ys[0]) / (ys[2] - ys[1]) == pytest.approx(-0.5, rel=1e-3)
    assert ys[2] < ys[0] < ys[1]
    assert root.find(f"{SVG}title").text == "NPS rose 30 points from Jan 2024 to Mar 2024"
    assert {"Jan 2024", "Feb 2024", "Mar 2024", "Period", "NPS"} <= set(texts(root))
    (band,) = root.iter(f"{SVG}polygon")
    assert len(band.get("points").split()) == 6  # upper and lower edge of three periods


def test_indicative_periods_are_hollow_and_significant_changes_ringed():
    table = period_table(
        [10.0, 50.0, 45.0],
        flag=["ok", "ok", "indicative"],
        change_significant=[False, True, False],
    )
    root = parse(svg.nps_trend(table, language="da"))
    fills = [p.get("fill") for p in points(root)]
    assert fills[2] == "white" and "white" not in fills[:2]
    rings = [c for c in root.iter(f"{SVG}circle") if c.get("r") == "10"]
    assert len(rings) == 1 and rings[0].get("cx") == points(root)[1].get("cx")
    shown = texts(root)
    assert "+40" in shown  # the significant change, written where it happened
    assert {"Vejledende (få svar)", "Signifikant ændring fra perioden før"} <= set(shown)
    assert "95\xa0% konfidensinterval" in shown


def test_a_period_without_an_nps_breaks_the_line():
    table = period_table([10.0, 20.0, 30.0, 40.0])
    table.loc[2, ["nps", "ci_low", "ci_high"]] = np.nan
    root = parse(svg.nps_trend(table, language="en"))
    lines = list(root.iter(f"{SVG}polyline"))
    assert [len(line.get("points").split()) for line in lines] == [2, 1]
    assert len(points(root)) == 3
    assert len(list(root.iter(f"{SVG}polygon"))) == 2


def test_many_periods_are_labelled_turned():
    table = period_table([float(v) for v in range(24)])
    table["period"] = [f"{2023 + m // 12}-{m % 12 + 1:02d}" for m in range(24)]
    root = parse(svg.nps_trend(table, language="en"))
    turned = [
        t for t in root.iter(f"{SVG}text") if (t.get("transform") or "").startswith("rotate(-45")
    ]
    assert len(turned) == 24


# --- maturity_ladder --------------------------------------------------------------------------


def test_ladder_bars_are_as_long_as_the_share_met_in_the_colour_of_their_state():
    from nps_workbook.charts.style import MATURITY_COLOURS
    from nps_workbook.maturity import LEVELS, REACHED_SHARE, STATEMENTS, assess

    # every statement of levels 1 and 2 met, one of level 3: level 2 reached, 3 next
    met = {s.id: s.level <= 2 for s in STATEMENTS}
    met[next(s.id for s in STATEMENTS if s.level == 3)] = True
    result = assess(met)
    assert result.level == 2
    root = parse(svg.maturity_ladder(result, language="en"))
    drawn = bars(root)
    assert len(drawn) == len(LEVELS)
    # the lowest level at the bottom: the bars come bottom first
    ys = [float(rect.get("y")) for rect in drawn]
    assert ys == sorted(ys, reverse=True)
    widths = {level: float(rect.get("width")) for level, rect in zip(LEVELS, drawn, strict=True)}
    of_level = {level: [s for s in STATEMENTS if s.level == level] for level in LEVELS[1:]}
    # level 3: one of its statements met, so its bar is that share of a full (level 1) bar
    assert widths[3] / widths[1] == pytest.approx(1 / len(of_level[3]), rel=1e-3)
    expected = {0: "reached", 1: "reached", 2: "reached", 3: "next", 4: "later", 5: "later"}
    states = {level: expected[level] for level in LEVELS}
    fills = [rect.get("fill") for rect in drawn]
    assert fills == [MATURITY_COLOURS[states[level]] for level in LEVELS]
    # the dashed line a level must pass sits at REACHED_SHARE of a full bar
    (threshold,) = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    left = float(drawn[1].get("x"))
    assert (float(threshold.get("x1")) - left) / widths[1] == pytest.approx(REACHED_SHARE, rel=1e-3)
    shown = texts(root)
    assert shown[0] == root.find(f"{SVG}title").text
    assert {"Level 1: Reactive", "Level 5: Strategic", "Reached", "Next level"} <= set(shown)


# --- the same chart as the report's figure ----------------------------------------------------
# The no-drift promise: for the same input the SVG and the matplotlib figure state the same
# title, legend, marks and limits, because both draw one charts.content.


def svg_legend(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text") if t.get("y") == "44.0"]


def figure_legend(ax) -> list[str]:
    return [text.get_text() for text in ax.get_legend().get_texts()]


def both(chart: str, data, language: str):
    """The figure and the SVG of one chart (named as figures names it) for the same data,
    checked to carry the same title and legend."""
    names = {"maturity_chart": "maturity_ladder"}
    ax = draw(getattr(figures, chart), data, language=language)
    root = parse(getattr(svg, names.get(chart, chart))(data, language=language))
    assert root.find(f"{SVG}title").text == ax.get_title()
    assert svg_legend(root) == figure_legend(ax)
    return ax, root


def same_bar_colours(ax, drawn: list[ET.Element]) -> bool:
    return [r.get("fill").lower() for r in drawn] == [
        to_hex(p.get_facecolor()) for p in ax.patches[: len(drawn)]
    ]


@pytest.mark.parametrize("language", ["da", "en"])
def test_distribution_says_what_the_figure_says(language):
    ax, root = both("score_distribution", SCORES, language)
    drawn = bars(root)
    assert len(drawn) == 11 and same_bar_colours(ax, drawn)
    assert [r.find(f"{SVG}title").text for r in drawn] == [
        f"{score}: {text.get_text()}" for score, text in enumerate(ax.texts)
    ]
    # the same value axis: a bar's share of the plotting height is its share of the y limit
    plot_height = svg.HEIGHT - svg.BOTTOM - svg.TOP
    top = ax.get_ylim()[1]
    assert [float(r.get("height")) / plot_height for r in drawn] == pytest.approx(
        [p.get_height() / top for p in ax.patches[:11]], abs=0.001
    )


@pytest.mark.parametrize("language", ["da", "en"])
def test_trend_says_what_the_figure_says(language):
    table = period_table(
        [10.0, 50.0, 45.0, -5.0],
        flag=["ok", "ok", "indicative", "ok"],
        change_significant=[False, True, False, True],
    )
    ax, root = both("nps_trend", table, language)
    # marks: solid points in the same colours, the indicative one hollow in both
    _band, solid, hollow, rings = ax.collections
    drawn = points(root)
    assert [p.get("fill") for p in drawn if p.get("fill") != "white"] == [
        to_hex(colour) for colour in solid.get_facecolors()
    ]
    assert [i for i, p in enumerate(drawn) if p.get("fill") == "white"] == [
        int(x) for x, _ in hollow.get_offsets()
    ]
    # the rings around the same periods, with the same change written by them
    xs = [p.get("cx") for p in drawn]
    ringed = [xs.index(c.get("cx")) for c in root.iter(f"{SVG}circle") if c.get("r") == "10"]
    assert ringed == [int(x) for x, _ in rings.get_offsets()]
    changes = {"+40", "−50"}
    assert changes <= set(texts(root)) and changes <= {t.get_text() for t in ax.texts}
    # the same NPS axis: the SVG's limits, read back from where two points sit, are the
    # figure's (which adds room for its legend on top)
    (axis,) = [
        line
        for line in root.iter(f"{SVG}line")
        if line.get("stroke") == NEUTRAL_COLOUR and line.get("stroke-width") is None
    ]
    bottom = float(axis.get("y1"))
    (y1, v1), (y2, v2) = (float(drawn[0].get("cy")), 10.0), (float(drawn[1].get("cy")), 50.0)
    per_point = (y1 - y2) / (v2 - v1)
    low = v1 - (bottom - y1) / per_point
    high = low + (bottom - svg.TOP) / per_point
    figure_low, figure_high = ax.get_ylim()
    assert low == pytest.approx(figure_low, abs=0.3)
    assert high + 0.3 * (high - low) == pytest.approx(figure_high, abs=0.5)


@pytest.mark.parametrize("language", ["da", "en"])
def test_ladder_says_what_the_figure_says(language):
    from nps_workbook.maturity import LEVELS, REACHED_SHARE, STATEMENTS, assess

    met = {s.id: s.level <= 1 for s in STATEMENTS}
    met[next(s.id for s in STATEMENTS if s.level == 2)] = True
    result = assess(met)
    ax, root = both("maturity_chart", result, language)
    drawn = bars(root)
    assert len(drawn) == len(LEVELS) and same_bar_colours(ax, drawn)
    shown = [t.get_text() for t in ax.texts]
    assert [r.find(f"{SVG}title").text.split(": ")[-1] for r in drawn] == shown[: len(LEVELS)]
    assert shown[len(LEVELS)] in texts(root)  # the threshold's text
    (dashed,) = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    (threshold,) = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    full = float(drawn[0].get("width"))  # level 1: every statement met
    left = float(drawn[0].get("x"))
    assert dashed.get_xdata()[0] == REACHED_SHARE
    assert (float(threshold.get("x1")) - left) / full == pytest.approx(REACHED_SHARE, abs=0.001)
