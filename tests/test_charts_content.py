"""What the charts show (charts.content), checked against values worked out by hand: shares,
limits, titles, marks and orders, before any renderer draws them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nps_workbook.charts import content
from nps_workbook.charts.style import (
    CATEGORY_COLOURS,
    INTERVAL_COLOUR,
    MATURITY_COLOURS,
    nps_colour,
)
from nps_workbook.maturity import LEVELS, REACHED_SHARE, STATEMENTS, assess
from nps_workbook.score import CONFIDENCE

# 20 answers: one of each score 0..10 and nine more 10s -> 7 detractors (0..6), 2 passives
# (7, 8), 11 promoters (9 and ten 10s): NPS 100 * (11 - 7) / 20 = +20.
SCORES = pd.Series(list(range(11)) + [10] * 9, name="score")

# --- score distribution -----------------------------------------------------------------------


def test_counts_and_shares_by_hand():
    counts = content.score_counts(SCORES.to_frame())
    assert counts.tolist() == [1] * 10 + [10]
    shares = content.category_shares(counts)
    assert shares == {"detractor": 7 / 20, "passive": 2 / 20, "promoter": 11 / 20}
    assert all(np.isnan(v) for v in content.category_shares(np.zeros(11)).values())


def test_distribution_bars_texts_colours_and_limits():
    chart = content.score_distribution(SCORES, language="en")
    assert [bar.value for bar in chart.bars] == pytest.approx([0.05] * 10 + [0.5])
    assert [bar.text for bar in chart.bars] == ["5%"] * 10 + ["50%"]
    expected = ["detractor"] * 7 + ["passive"] * 2 + ["promoter"] * 2
    assert [bar.category for bar in chart.bars] == expected
    assert [bar.colour for bar in chart.bars] == [CATEGORY_COLOURS[c] for c in expected]
    assert chart.limits == pytest.approx((0.0, 0.5 * 1.15))  # the tallest bar and 15 % air
    assert chart.title == "55% promoters and 35% detractors give an NPS of +20"
    # promoters first in the legend
    assert [(e.kind, e.text) for e in chart.legend] == [
        ("promoter", "Promoters: 55%"),
        ("passive", "Passives: 10%"),
        ("detractor", "Detractors: 35%"),
    ]
    assert chart.value_axis == "Share of answers" and chart.score_axis == "Score (0-10)"


def test_distribution_in_counts():
    chart = content.score_distribution(SCORES, language="da", stat="count")
    assert [bar.value for bar in chart.bars] == [1.0] * 10 + [10.0]
    assert chart.bars[-1].text == "10"
    assert chart.limits == pytest.approx((0.0, 11.5))
    assert chart.value_format == "number"
    with pytest.raises(ValueError, match="stat"):
        content.score_distribution(SCORES, language="en", stat="share")


def test_a_one_to_ten_scale_has_its_own_bars_and_axis():
    # A 1-10 survey has no 0: ten bars, 1 to 10, and the axis says the client's scale.
    chart = content.score_distribution(SCORES[SCORES > 0], language="en", scale="1-10")
    assert [bar.score for bar in chart.bars] == list(range(1, 11))
    assert chart.score_axis == "Score (1-10)"
    assert content.score_distribution(SCORES, language="da").score_axis == "Score (0-10)"
    with pytest.raises(ValueError, match="scale"):
        content.score_distribution(SCORES, language="en", scale="1-5")


def test_distribution_of_no_answers():
    chart = content.score_distribution(pd.Series([], dtype=float), language="en")
    assert chart.title == "No answers"
    assert [bar.value for bar in chart.bars] == [0.0] * 11


# --- NPS limits and trend ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "limits"),
    [
        ([10.0, 40.0], (-5.0, 45.0)),  # span 0..40: 8 % is 3.2, so the 5-point minimum
        ([-90.0, 95.0], (-104.8, 105.0)),  # span 185: 14.8 of air, capped at 105
        ([-20.0, -10.0], (-25.0, 5.0)),  # 0 always shown
        ([np.nan, None], (-5.0, 5.0)),  # nothing known: 0 with its air
    ],
)
def test_nps_limits_by_hand(values, limits):
    assert content.nps_limits(values) == pytest.approx(limits)


def period_table(nps, **columns) -> pd.DataFrame:
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


def test_trend_marks_flags_changes_and_limits():
    table = period_table(
        [10.0, 50.0, 45.0],
        flag=["ok", "ok", "indicative"],
        change_significant=[False, True, False],
    )
    chart = content.nps_trend(table, language="en", benchmark=70, benchmark_name="Retail")
    assert [p.period for p in chart.points] == ["Jan 2024", "Feb 2024", "Mar 2024"]
    assert [p.indicative for p in chart.points] == [False, False, True]
    assert [p.significant for p in chart.points] == [False, True, False]
    assert [p.change_text for p in chart.points] == ["", "+40", ""]
    assert [p.colour for p in chart.points] == [nps_colour(v) for v in (10, 50, 45)]
    assert chart.points[1].hint == "Feb 2024: +50 (+40 – +60)"
    # intervals 0..60 and the benchmark 70: span 70, air max(5, 5.6) = 5.6
    assert chart.limits == pytest.approx((-5.6, 75.6))
    assert [(e.kind, e.text) for e in chart.legend] == [
        ("interval", "95% confidence interval"),
        ("nps", "NPS"),
        ("indicative", "Indicative (few answers)"),
        ("significant", "Significant change from the period before"),
        ("benchmark", "Benchmark Retail: +70"),
    ]
    assert chart.legend[0].colour == INTERVAL_COLOUR
    assert chart.title == "NPS rose 35 points from Jan 2024 to Mar 2024"


def test_trend_legend_names_only_the_marks_it_has_and_the_given_level():
    table = period_table([10.0, 20.0]).drop(columns="change_significant")
    chart = content.nps_trend(table, language="da", confidence=0.9)
    assert [e.kind for e in chart.legend] == ["interval", "nps"]
    assert chart.legend[0].text == "90\xa0% konfidensinterval"
    assert not any(p.significant for p in chart.points)
    assert content.nps_trend(table, language="en").legend[0].text == (
        f"{round(100 * CONFIDENCE)}% confidence interval"
    )


@pytest.mark.parametrize(
    ("nps", "title"),
    [
        ([10.4, 12.6], "NPS rose 3 points from Jan 2024 to Feb 2024"),  # 13 - 10, each rounded
        ([12.6, 12.6, 12.6], "NPS unchanged at +13 from Jan 2024 to Mar 2024"),
        ([30.0, np.nan], "NPS +30 in Jan 2024"),  # only one period with an NPS
        ([np.nan, np.nan], "No answers"),
        ([20.0, -5.0], "NPS fell 25 points from Jan 2024 to Feb 2024"),
    ],
)
def test_trend_title_by_hand(nps, title):
    assert content.trend_title(period_table(nps), "en") == title


# --- maturity ladder --------------------------------------------------------------------------


def test_ladder_states_shares_and_threshold():
    # every statement of levels 1 and 2 met, one of level 3: level 2 reached, 3 next
    met = {s.id: s.level <= 2 for s in STATEMENTS}
    met[next(s.id for s in STATEMENTS if s.level == 3)] = True
    ladder = content.maturity_ladder(assess(met), language="en")
    of_level = {level: sum(s.level == level for s in STATEMENTS) for level in LEVELS}
    assert [rung.level for rung in ladder.rungs] == list(LEVELS)  # lowest first
    assert [rung.share for rung in ladder.rungs] == pytest.approx(
        [1.0, 1.0, 1 / of_level[3], 0.0, 0.0]
    )
    assert [rung.state for rung in ladder.rungs] == ["reached", "reached", "next", "later", "later"]
    assert [rung.colour for rung in ladder.rungs] == [
        MATURITY_COLOURS[s] for s in ("reached", "reached", "next", "later", "later")
    ]
    assert ladder.threshold == REACHED_SHARE
    assert ladder.threshold_text == f"Reached from {round(100 * REACHED_SHARE)}%"
    share = f"{round(100 / of_level[3])}%"
    assert ladder.title == f"Level 2: Aware is reached; Level 3: Operational is {share} met"
    assert [e.kind for e in ladder.legend] == ["reached", "next", "later"]


def test_ladder_at_the_top():
    ladder = content.maturity_ladder(assess({s.id: True for s in STATEMENTS}), language="en")
    assert ladder.title == "All five levels are reached"
    assert {rung.state for rung in ladder.rungs} == {"reached"}


# --- figures only: their titles and orders ----------------------------------------------------


def test_customer_value_title_states_the_ratio():
    worth = pd.Series({"detractor": 200.0, "passive": 500.0, "promoter": 900.0})
    assert content.customer_value_title(worth, "da") == (
        "En ambassadør er 4,5 gange så meget værd som en kritiker"
    )
    worth["detractor"] = 0.0  # no ratio to a worthless detractor
    assert content.customer_value_title(worth, "en") == (
        "Value per customer (lifetime value + word of mouth)"
    )


def test_sensitivity_puts_the_largest_swing_on_top():
    table = pd.DataFrame(
        {"assumption": ["retention.promoter", "margin", "horizon"], "swing": [5.0, 9.0, 9.0]}
    )
    assert content.sensitivity_order(table)["assumption"].tolist() == [
        "retention.promoter",
        "margin",
        "horizon",  # a tie keeps the table's order; the last drawn is on top
    ]
    table = table.assign(swing=[12.0, 9.0, 1.0])
    assert content.sensitivity_title(table, "en") == (
        "Yearly retention (promoters) matters most to the business case"
    )


@pytest.fixture
def touchpoints() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["Web", "Invoice", "Support", "Delivery"],
            "n": [10, 30, 60, 5],  # Delivery: answers, but too few for a score
            "nps": [40.0, -20.0, 10.0, np.nan],
            "quadrant": ["keep_up", "fix_now", "fix_now", "watch"],
            "priority": [1.0, 2.0, 5.0, 0.0],
        }
    )


def test_journey_title_names_the_lowest_touchpoint(touchpoints):
    assert content.journey_title(touchpoints, "en") == "Invoice drags the journey down (NPS −20)"
    assert content.journey_title(touchpoints.assign(nps=np.nan), "en") == ""


def test_matrix_reference_is_the_answer_weighted_nps(touchpoints):
    # (10 * 40 + 30 * -20 + 60 * 10) / (10 + 30 + 60): the unscored touchpoint does not count
    assert content.matrix_reference(touchpoints) == pytest.approx(400 / 100)

    class Journey:
        reference_nps = 12.5
        frame = touchpoints

    assert content.matrix_reference(Journey()) == 12.5


def test_matrix_title_names_the_urgent_touchpoint_of_highest_priority(touchpoints):
    assert content.matrix_title(touchpoints, "en") == "Fix first: Support"
    calm = touchpoints.assign(quadrant="keep_up")
    assert content.matrix_title(calm, "en") == "No touchpoint needs urgent action"


def enps_rows(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["dept", "round", "nps", "suppression"])


def test_enps_grid_hides_small_groups_and_names_the_steepest_fall():
    table = enps_rows(
        [
            ("Sales", "2023", 20.0, ""),
            ("Sales", "2024", -10.0, ""),
            ("IT", "2023", 40.0, ""),
            ("IT", "2024", 30.0, ""),
            ("HR", "2023", 50.0, "hidden"),
            ("HR", "2024", 60.0, "hidden"),
            ("(total)", "2023", 30.0, ""),
            ("(total)", "2024", 10.0, ""),
        ]
    )
    grid = content.enps_grid(table, department="dept", round_column="round", language="en")
    assert grid.rows == ["Sales", "IT", "HR", "(total)"]
    assert grid.names[-1] == "Total" and grid.rounds == ["2023", "2024"]
    assert grid.hidden[2].tolist() == [True, True]
    assert np.isnan(grid.values[2]).all()  # a hidden group carries no number
    assert grid.values[0].tolist() == [20.0, -10.0]
    # the company fell 20; Sales fell 30, IT 10
    assert grid.title == "eNPS fell from +30 to +10 (2023 to 2024)\nSales fell most (−30 points)"


def test_enps_grid_of_one_round():
    table = enps_rows([("Sales", "x", 20.0, ""), ("(total)", "x", 25.0, "")])
    grid = content.enps_grid(
        table.drop(columns="round"), department="dept", round_column=None, language="da"
    )
    assert grid.rounds == ["I alt"]
    assert grid.title == "eNPS +25 i I alt"


def test_loop_counts_title_takes_the_largest_change_the_most_urgent_on_a_tie():
    counts = pd.DataFrame(
        {"loop": [2, 1, 3], "this_period": [30, 20, 50], "last_period": [16, 34, 54]}
    ).assign(change=lambda f: f["this_period"] - f["last_period"])
    # loop 1 fell 14, loop 2 rose 14: loop 1 is more urgent
    assert content.loop_counts_title(counts, "en") == "Loop 1: Detractors fell from 34 to 20 cases"
    same = counts.assign(change=0)
    assert content.loop_counts_title(same, "en") == (
        "As many cases in each loop as in the period before"
    )


def test_theme_order_by_detractors_against_promoters():
    themes = pd.DataFrame(
        [
            ("price", "detractor", 0.30),
            ("price", "promoter", 0.10),
            ("staff", "detractor", 0.05),
            ("staff", "promoter", 0.40),
            ("support", "detractor", 0.50),
            ("support", "promoter", 0.10),
        ],
        columns=["theme", "category", "share"],
    )
    order = content.theme_order(themes, language="en")
    # detractors minus promoters: support +0.40, price +0.20, staff −0.35
    assert order.order == ["support", "price", "staff"]
    assert order.title == ("Detractors mention support in 50% of their comments, promoters in 10%")
    assert order.shares.loc["staff", "passive"] == 0.0  # no passive comment: none mention it
    praise = themes[themes["theme"] == "staff"]
    assert content.theme_order(praise, language="en").title == (
        "No theme weighs more with detractors than with promoters"
    )


def test_segment_title_names_highest_and_lowest_shown():
    nps = np.array([50.0, 10.0, -50.0, np.nan])
    assert content.segment_title(["A", "D", "B", "C"], nps, "shop", "en") == (
        "A highest (+50), B lowest (−50)"
    )
    one = np.array([20.0, np.nan])
    assert content.segment_title(["A", "C"], one, "shop", "da") == "NPS efter shop"
