"""The reports' figures (charts.figures): titles and labels in the chosen language, the category
colours exactly, intervals, marks and titles that state the finding, without warnings."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from figure_helpers import close_figures, draw  # noqa: F401 (autouse fixture)
from matplotlib.colors import to_hex, to_rgba

from nps_workbook import money
from nps_workbook.charts import figures
from nps_workbook.journey import journey
from nps_workbook.score import nps_table
from nps_workbook.texts import CATEGORY_COLOURS, label

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "dk-b2b-it"


@pytest.fixture(scope="module")
def sample():
    from nps_workbook.client_data import load_client_data

    return load_client_data(SAMPLE)


@pytest.fixture(scope="module")
def sample_journey(sample):
    return journey(
        sample.answers,
        sample.touchpoints.frame,
        touchpoint_column=sample.client.config.roles.touchpoint,
    )


@pytest.fixture(scope="module")
def assumptions(sample):
    return money.build_assumptions(
        sample.client.config.finance, answers=sample.answers, customers=sample.customers.frame
    )


@pytest.mark.parametrize("language", ["da", "en"])
def test_journey_chart_states_the_worst_touchpoint(sample_journey, language):
    ax = draw(figures.journey_chart, sample_journey, language=language)
    assert "Fakturering" in ax.get_title()
    assert ax.get_title().startswith(
        label("journey.chart.title", language, touchpoint="Fakturering", nps="")[:10]
    )
    assert ax.get_xlabel() == label("journey.order", language)
    assert ax.get_ylabel() == label("journey.phase", language)
    lanes = [t.get_text() for t in ax.get_yticklabels()]
    assert lanes == [label(f"journey.phase.{p}", language) for p in ("after", "during", "before")]
    assert len(ax.get_xticklabels()) == 14


@pytest.mark.parametrize("language", ["da", "en"])
def test_priority_matrix_puts_invoicing_first(sample_journey, language):
    ax = draw(figures.priority_matrix, sample_journey, language=language)
    assert ax.get_title() == label("journey.matrix.title", language, touchpoint="Fakturering")
    assert ax.get_xlabel() == label("journey.importance_customer", language)
    assert ax.get_ylabel() == "NPS"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [
        label(f"journey.quadrant.{q}", language)
        for q in ("fix_now", "keep_up", "watch", "overkill")
    ]


def test_priority_matrix_accepts_a_bare_frame(sample_journey):
    ax = draw(figures.priority_matrix, sample_journey.frame, language="en")
    assert ax.get_title() == "Fix first: Fakturering"


def test_a_caption_names_the_population_under_each_title(sample_journey, assumptions):
    caption = "Touchpoint answers, n = 1,818"
    for chart in (figures.journey_chart, figures.priority_matrix):
        title = draw(chart, sample_journey, language="en", caption=caption).get_title()
        finding, population = title.split("\n")
        assert "Fakturering" in finding and population == caption
    values = money.customer_value(assumptions)
    ax = draw(
        figures.value_by_category, values, language="en", currency="DKK", years=5, caption="X"
    )
    assert ax.get_title().endswith("\nX")
    # Without a caption the title is the finding alone, as before.
    assert "\n" not in draw(figures.priority_matrix, sample_journey, language="en").get_title()


def test_charts_draw_on_the_axes_they_are_given(sample_journey):
    _, (left, right) = plt.subplots(1, 2)
    assert draw(figures.journey_chart, sample_journey, language="en", ax=left) is left
    assert draw(figures.priority_matrix, sample_journey, language="en", ax=right) is right


@pytest.mark.parametrize("language", ["da", "en"])
def test_value_bars_use_exactly_the_category_colours(assumptions, language):
    values = money.customer_value(assumptions)
    ax = draw(figures.value_by_category, values, language=language, currency="DKK", years=5)
    bars = ax.patches
    assert [to_hex(bar.get_facecolor()) for bar in bars] == [
        CATEGORY_COLOURS[c].lower() for c in ("detractor", "passive", "promoter")
    ]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == [
        label(f"category.{c}.plural", language) for c in ("detractor", "passive", "promoter")
    ]
    assert ax.get_ylabel() == label("money.chart.value_axis", language, years=5, currency="DKK")
    assert ax.get_title()


@pytest.mark.parametrize("language", ["da", "en"])
def test_sensitivity_chart_names_the_assumption_that_matters_most(assumptions, language):
    table = money.sensitivity(assumptions)
    ax = draw(figures.sensitivity_chart, table, language=language, currency="DKK")
    top = money.name_label(table["assumption"].iloc[0], language)
    assert ax.get_title() == label("money.chart.sensitivity_title", language, assumption=top)
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == top


def test_the_nps_scale_runs_from_detractor_red_through_amber_to_promoter_green():
    cmap, norm = figures.nps_cmap(), figures.nps_norm()
    assert cmap(norm(-100)) == pytest.approx(to_rgba(CATEGORY_COLOURS["detractor"]))
    assert cmap(norm(0)) == pytest.approx(to_rgba(CATEGORY_COLOURS["passive"]), abs=0.01)
    assert cmap(norm(100)) == pytest.approx(to_rgba(CATEGORY_COLOURS["promoter"]))
    assert figures.category_palette() == CATEGORY_COLOURS


def test_style_is_scoped_to_the_with_block():
    before = matplotlib.rcParams["axes.titleweight"]
    with figures.style():
        assert matplotlib.rcParams["axes.titleweight"] == "bold"
    assert matplotlib.rcParams["axes.titleweight"] == before


# --- NPS figures ------------------------------------------------------------------------------


def texts_of(ax) -> list[str]:
    return [text.get_text() for text in ax.texts]


def legend_of(ax) -> list[str]:
    legend = ax.get_legend()
    return [text.get_text() for text in legend.get_texts()] if legend else []


# 20 answers: one of each score 0..10 and nine more 10s -> 7 detractors, 2 passives,
# 11 promoters: NPS +20.
SCORES = pd.Series(list(range(11)) + [10] * 9, name="score")


# --- score_distribution -----------------------------------------------------------------------


def test_distribution_bars_in_category_colours():
    ax = draw(figures.score_distribution, SCORES.to_frame(), language="en")
    bars = ax.patches[:11]
    expected = ["detractor"] * 7 + ["passive"] * 2 + ["promoter"] * 2
    assert [to_hex(bar.get_facecolor()) for bar in bars] == [
        CATEGORY_COLOURS[c].lower() for c in expected
    ]
    assert [round(bar.get_height(), 3) for bar in bars] == [0.05] * 10 + [0.5]


def test_distribution_title_states_the_finding():
    ax = draw(figures.score_distribution, SCORES, language="da")
    assert ax.get_title() == "55\xa0% ambassadører og 35\xa0% kritikere giver NPS +20"
    assert "50\xa0%" in texts_of(ax)
    assert legend_of(ax) == ["Ambassadører: 55\xa0%", "Passive: 10\xa0%", "Kritikere: 35\xa0%"]


def test_distribution_counts():
    ax = draw(figures.score_distribution, SCORES, language="en", stat="count")
    assert texts_of(ax)[-1] == "10"
    assert ax.get_ylabel() == "Number of answers"
    with pytest.raises(ValueError, match="stat"):
        figures.score_distribution(SCORES, language="en", stat="share")


def test_a_one_to_ten_client_sees_its_scale_on_the_axis():
    ax = draw(figures.score_distribution, SCORES[SCORES > 0], language="en", scale="1-10")
    assert ax.get_xlabel() == "Score (1-10)"
    assert [tick.get_text() for tick in ax.get_xticklabels()] == [str(s) for s in range(1, 11)]
    assert len(ax.patches) == 10
    assert draw(figures.score_distribution, SCORES, language="en").get_xlabel() == "Score (0-10)"


def test_distribution_draws_on_the_given_axes():
    _, ax = plt.subplots()
    assert figures.score_distribution(SCORES, language="en", ax=ax) is ax


# --- nps_trend --------------------------------------------------------------------------------


@pytest.fixture
def months() -> pd.DataFrame:
    """Three months: +60 (100 answers), −60 (100 answers, a significant fall), −50 (20 answers,
    indicative)."""
    scores = [10] * 80 + [0] * 20 + [10] * 20 + [0] * 80 + [10] * 5 + [0] * 15
    dates = ["2024-01-15"] * 100 + ["2024-02-15"] * 100 + ["2024-03-15"] * 20
    answers = pd.DataFrame({"score": scores, "date": pd.to_datetime(dates)})
    return nps_table(answers, period="month")


def test_trend_marks_significant_changes_and_the_benchmark(months):
    ax = draw(figures.nps_trend, months, language="en", benchmark=30, benchmark_name="Retail")
    legend = legend_of(ax)
    assert "Significant change from the period before" in legend
    assert "Indicative (few answers)" in legend
    assert "95% confidence interval" in legend
    assert "Benchmark Retail: +30" in legend
    assert "−120" in texts_of(ax)  # the change is written at the marked point
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert [line.get_ydata()[0] for line in dashed] == [30]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Jan 2024", "Feb 2024", "Mar 2024"]


def test_trend_band_is_the_interval(months):
    ax = draw(figures.nps_trend, months, language="en")
    band = ax.collections[0].get_paths()[0].vertices
    assert band[:, 1].min() == pytest.approx(months["ci_low"].min())
    assert band[:, 1].max() == pytest.approx(months["ci_high"].max())


def test_trend_title_states_the_change(months):
    assert draw(figures.nps_trend, months, language="en").get_title() == (
        "NPS fell 110 points from Jan 2024 to Mar 2024"
    )
    assert draw(figures.nps_trend, months, language="da").get_title() == (
        "NPS faldt 110 point fra jan. 2024 til mar. 2024"
    )
    single = draw(figures.nps_trend, months.iloc[:1], language="en")
    assert single.get_title() == "NPS +60 in Jan 2024"


def test_trend_without_significant_changes_has_no_such_legend(months):
    calm = months.assign(change_significant=False)
    assert "Significant change from the period before" not in legend_of(
        draw(figures.nps_trend, calm, language="en")
    )


# --- nps_by_segment ---------------------------------------------------------------------------


@pytest.fixture
def shops() -> pd.DataFrame:
    """A: +50 of 40; B: −50 of 12 (indicative); C: 3 answers (hidden); D: +10 of 50."""
    rows = [("A", 10)] * 25 + [("A", 8)] * 10 + [("A", 3)] * 5
    rows += [("B", 9)] * 2 + [("B", 7)] * 2 + [("B", 0)] * 8
    rows += [("C", 5)] * 3
    rows += [("D", 10)] * 20 + [("D", 7)] * 15 + [("D", 2)] * 15
    answers = pd.DataFrame(rows, columns=["shop", "score"])
    return nps_table(answers, by="shop")


def test_segments_sorted_with_hidden_groups_listed_last(shops):
    ax = draw(figures.nps_by_segment, shops, "shop", language="en", overall=12)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    positions = [t.get_position()[1] for t in ax.get_yticklabels()]
    top_down = [label for _, label in sorted(zip(positions, labels, strict=True), reverse=True)]
    assert top_down == ["A", "D", "B", "C"]
    assert "hidden (too few answers)" in texts_of(ax)
    assert ax.get_title() == "A highest (+50), B lowest (−50)"
    assert ax.get_ylabel() == "shop"


def test_segments_mark_indicative_groups_and_the_overall_score(shops):
    ax = draw(figures.nps_by_segment, shops, "shop", language="da", overall=12)
    legend = legend_of(ax)
    assert "Vejledende (få svar)" in legend
    assert "Alle besvarelser: +12" in legend
    hollow = ax.collections[-1]  # the indicative group, drawn hollow
    assert to_hex(hollow.get_facecolors()[0]) == "#ffffff"
    assert len(hollow.get_offsets()) == 1
    assert {"+50", "+10", "−50"} <= set(texts_of(ax))


def test_segment_intervals_are_drawn(shops):
    ax = draw(figures.nps_by_segment, shops, "shop", language="en")
    intervals = ax.collections[0].get_segments()
    shown = shops[shops["nps"].notna()]
    lows = sorted(float(segment[0][0]) for segment in intervals)
    assert lows == pytest.approx(sorted(shown["ci_low"]))


def test_segment_with_one_group_has_a_plain_title():
    table = nps_table(pd.DataFrame({"shop": ["A"] * 10, "score": np.arange(10)}), by="shop")
    ax = draw(figures.nps_by_segment, table, "shop", language="en")
    assert ax.get_title() == "NPS by shop"
