"""The NPS explorer of notebook 02: the callback on its own, and the widget driven without a
browser by setting its dropdowns."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from nps_workbook.errors import AnalysisError
from nps_workbook.explorers.nps import nps_explorer, nps_view_html
from nps_workbook.pages.nps import nps_values, nps_view
from nps_workbook.workbook import open_workbook

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "dk-b2b-it"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def answers() -> pd.DataFrame:
    """Shop A: 4 answers in January (NPS +50); shop B: 2 in February (−100); one without a shop."""
    return pd.DataFrame(
        {
            "score": [10, 10, 9, 3, 0, 2, 10],
            "shop": ["A", "A", "A", "A", "B", "B", None],
            "date": pd.to_datetime(["2024-01-05"] * 4 + ["2024-02-05"] * 2 + ["2024-03-01"]),
        }
    )


def test_view_of_all_answers(answers):
    view = nps_view(answers, language="en")
    assert (view.summary.n, round(view.summary.nps)) == (7, 14)  # 4 promoters, 3 detractors
    assert list(view.period_table["period"]) == ["2024-01", "2024-02", "2024-03"]
    assert view.headline.startswith("NPS +14 (95% CI ")


def test_view_of_one_group(answers):
    view = nps_view(answers, segment="shop", value="A", period="quarter", language="da")
    assert (view.summary.n, view.summary.nps) == (4, 50.0)
    assert list(view.period_table["period"]) == ["2024Q1"]
    assert view.headline.startswith("NPS +50 (95\xa0% KI ")


def test_view_of_answers_without_a_value(answers):
    view = nps_view(answers, segment="shop", value="(missing)", language="en")
    assert view.summary.n == 1


def test_small_group_is_suppressed_with_min_group(answers):
    view = nps_view(answers, segment="shop", value="B", language="en", min_group=5)
    assert view.summary.flag == "suppressed"
    assert view.summary.detractors is None


def test_unknown_segment(answers):
    with pytest.raises(AnalysisError, match=r"no 'region' column \(the segment to show\); .*shop"):
        nps_view(answers, segment="region", value="x", language="en")


def test_segment_values(answers):
    assert nps_values(answers, "shop") == ["A", "B", "(missing)"]


def test_explorer_recomputes_when_a_dropdown_changes():
    wb = open_workbook(SAMPLE, language="en")
    box = nps_explorer(wb)
    segment, value, period = box.children[0].children
    assert box.view.summary.n == len(wb.answers)
    assert period.value == wb.config.period

    segment.value = "Afdeling"
    assert [option for _, option in value.options][1:] == sorted(wb.answers["Afdeling"].unique())
    value.value = "Support"
    assert box.view.summary.n == int((wb.answers["Afdeling"] == "Support").sum())
    assert box.view.value == "Support"

    period.value = "month"
    assert box.view.period_table["period"].str.fullmatch(r"\d{4}-\d{2}").all()

    segment.value = None
    assert box.view.summary.n == len(wb.answers)
    assert value.options == (("(all)", None),)


@pytest.mark.parametrize("dtype", ["string", "category", "object"])
def test_a_group_is_selected_alike_whatever_the_column_type(answers, dtype):
    typed = answers.assign(shop=answers["shop"].astype(dtype))
    assert nps_values(typed, "shop") == ["A", "B", "(missing)"]
    rows = {"A": [0, 1, 2, 3], "B": [4, 5], "(missing)": [6], "C": []}
    for value, expected in rows.items():
        view = nps_view(typed, segment="shop", value=value, language="en")
        assert view.summary.n == len(expected)
        assert list(view.answers.index) == expected


def test_a_number_segment_is_matched_as_its_text(answers):
    numbered = answers.assign(region=[1, 1, 2, 2, 2, 1, 3])
    assert nps_values(numbered, "region") == ["1", "2", "3"]
    view = nps_view(numbered, segment="region", value="2", language="en")
    assert view.summary.n == 3


def test_explorer_shows_the_key_figure_and_charts_in_one_change():
    wb = open_workbook(SAMPLE, language="en")
    box = nps_explorer(wb)
    segment, value, _ = box.children[0].children
    (out,) = box.children[1:]
    segment.value = "Afdeling"
    shown = []
    out.observe(lambda change: shown.append(change["new"]), names="value")
    value.value = "Support"
    (html,) = shown  # one update: nothing half-drawn in between
    assert html.startswith(f"<p>{box.view.headline}</p>")
    support = int((wb.answers["Afdeling"] == "Support").sum())
    assert f"n = {support:,}" in box.view.headline
    # the distribution and the trend, drawn as SVG by the browser
    assert html.count("<svg ") == 2 and "<img" not in html
    # The widget reads a narrow copy of the answers; the workbook's answers are untouched.
    assert set(box.view.answers.columns) <= {"score", "category", "date", *wb.config.segments}
    assert str(wb.answers["Afdeling"].dtype) != "category"


def test_a_suppressed_group_shows_no_chart(answers):
    view = nps_view(answers, segment="shop", value="B", language="en", min_group=3)
    html = nps_view_html(view, "en")
    assert html == f"<p>{view.headline}</p>" and "<svg" not in html
