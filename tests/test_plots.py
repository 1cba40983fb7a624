"""Plots: titles and labels in the chosen language, the category colours exactly, no warnings."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from figure_helpers import close_figures, draw  # noqa: F401 (autouse fixture)
from matplotlib.colors import to_hex, to_rgba

from nps_workbook import money, plots
from nps_workbook.journey import journey
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
    ax = draw(plots.journey_chart, sample_journey, language=language)
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
    ax = draw(plots.priority_matrix, sample_journey, language=language)
    assert ax.get_title() == label("journey.matrix.title", language, touchpoint="Fakturering")
    assert ax.get_xlabel() == label("journey.importance_customer", language)
    assert ax.get_ylabel() == "NPS"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [
        label(f"journey.quadrant.{q}", language)
        for q in ("fix_now", "keep_up", "watch", "overkill")
    ]


def test_priority_matrix_accepts_a_bare_frame(sample_journey):
    ax = draw(plots.priority_matrix, sample_journey.frame, language="en")
    assert ax.get_title() == "Fix first: Fakturering"


def test_charts_draw_on_the_axes_they_are_given(sample_journey):
    _, (left, right) = plt.subplots(1, 2)
    assert draw(plots.journey_chart, sample_journey, language="en", ax=left) is left
    assert draw(plots.priority_matrix, sample_journey, language="en", ax=right) is right


@pytest.mark.parametrize("language", ["da", "en"])
def test_value_bars_use_exactly_the_category_colours(assumptions, language):
    values = money.customer_value(assumptions)
    ax = draw(plots.value_by_category, values, language=language, currency="DKK", years=5)
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
    ax = draw(plots.sensitivity_chart, table, language=language, currency="DKK")
    top = money.name_label(table["assumption"].iloc[0], language)
    assert ax.get_title() == label("money.chart.sensitivity_title", language, assumption=top)
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == top


def test_the_nps_scale_runs_from_detractor_red_through_amber_to_promoter_green():
    cmap, norm = plots.nps_cmap(), plots.nps_norm()
    assert cmap(norm(-100)) == pytest.approx(to_rgba(CATEGORY_COLOURS["detractor"]))
    assert cmap(norm(0)) == pytest.approx(to_rgba(CATEGORY_COLOURS["passive"]), abs=0.01)
    assert cmap(norm(100)) == pytest.approx(to_rgba(CATEGORY_COLOURS["promoter"]))
    assert plots.category_palette() == CATEGORY_COLOURS


def test_style_is_scoped_to_the_with_block():
    before = matplotlib.rcParams["axes.titleweight"]
    with plots.style():
        assert matplotlib.rcParams["axes.titleweight"] == "bold"
    assert matplotlib.rcParams["axes.titleweight"] == before
