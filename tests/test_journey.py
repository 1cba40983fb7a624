"""Journey: phases, touchpoint NPS, quadrants and priorities, on hand-made and sample data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from nps_workbook.errors import AnalysisError
from nps_workbook.journey import canonical_phase, journey

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "dk-b2b-it"


@pytest.mark.parametrize(
    ("written", "phase"),
    [
        ("Før", "before"),
        ("før", "before"),
        ("BEFORE", "before"),
        (" Under ", "during"),
        ("During", "during"),
        ("Efter", "after"),
        ("after", "after"),
    ],
)
def test_phases_in_danish_and_english(written, phase):
    assert canonical_phase(written) == phase


def test_an_unknown_phase_names_the_touchpoint_and_the_value():
    with pytest.raises(AnalysisError, match=r"'Senere'.*'Fakturering'"):
        canonical_phase("Senere", "Fakturering")


def scores(touchpoint: str, promoters: int, passives: int, detractors: int) -> list[dict]:
    return (
        [{"tp": touchpoint, "score": 10}] * promoters
        + [{"tp": touchpoint, "score": 8}] * passives
        + [{"tp": touchpoint, "score": 2}] * detractors
    )


ANSWERS = pd.DataFrame(
    scores("Invoice", 1, 1, 8)  # NPS −70
    + scores("Delivery", 8, 2, 0)  # +80
    + scores("Website", 2, 2, 6)  # −40
    + scores("Newsletter", 9, 1, 0)  # +90
    + scores("Unlisted", 5, 0, 0)
    + [{"tp": None, "score": 9}] * 4  # relationship answers: no touchpoint
)
TOUCHPOINTS = pd.DataFrame(
    {
        "name": ["Website", "Newsletter", "Delivery", "Invoice", "Repair"],
        "phase": ["Før", "før", "Under", "Efter", "Efter"],
        "order": [1, 2, 3, 4, 5],
        "importance_customer": [2.0, 3.0, 5.0, 4.0, 5.0],
        "importance_firm": [3.0, 2.0, 5.0, 5.0, 4.0],
        "owner": ["Web", "Marketing", "Ops", "Finance", "Support"],
    }
)


def test_quadrants_priorities_and_mismatches_by_hand():
    result = journey(ANSWERS, TOUCHPOINTS, touchpoint_column="tp", min_group=5)
    # Reference: all 45 touchpoint answers: 25 promoters, 14 detractors -> 11/45.
    assert result.reference_nps == pytest.approx(100 * 11 / 45)
    rows = result.frame.set_index("name")
    assert rows.loc["Invoice", "nps"] == pytest.approx(-70)
    assert rows.loc["Invoice", "quadrant"] == "fix_now"  # important, below
    assert rows.loc["Delivery", "quadrant"] == "keep_up"  # important, above
    assert rows.loc["Website", "quadrant"] == "watch"  # less important, below
    assert rows.loc["Newsletter", "quadrant"] == "overkill"  # less important, above
    assert pd.isna(rows.loc["Repair", "quadrant"])  # no answers
    # priority = importance/5 · (100 − NPS)/2
    assert rows.loc["Invoice", "priority"] == pytest.approx(4 / 5 * 170 / 2)
    assert rows.loc["Website", "priority"] == pytest.approx(2 / 5 * 140 / 2)
    assert rows.loc["Invoice", "rank"] == 1
    assert rows.loc["Newsletter", "rank"] == 4
    assert result.not_in_file == ("Unlisted",)
    assert result.without_answers == ("Repair",)
    assert list(result.frame["phase"].astype(str)) == [
        "before",
        "before",
        "during",
        "after",
        "after",
    ]
    assert list(result.top(2)["name"]) == ["Invoice", "Website"]


def test_the_reference_and_threshold_can_be_given():
    result = journey(
        ANSWERS, TOUCHPOINTS, touchpoint_column="tp", reference_nps=85, importance_threshold=2
    )
    rows = result.frame.set_index("name")
    assert rows.loc["Delivery", "quadrant"] == "fix_now"  # +80 is below 85
    assert rows.loc["Website", "quadrant"] == "fix_now"  # importance 2 counts now


def test_a_small_touchpoint_is_suppressed_and_not_ranked():
    result = journey(ANSWERS, TOUCHPOINTS, touchpoint_column="tp", min_group=20)
    assert result.frame["rank"].isna().all()
    assert (result.frame["flag"].fillna("suppressed") == "suppressed").all()


def test_unknown_phase_in_the_file_names_the_touchpoint():
    broken = TOUCHPOINTS.assign(phase=["Før", "Før", "Midt i", "Efter", "Efter"])
    with pytest.raises(AnalysisError, match=r"'Midt i' of touchpoint 'Delivery'"):
        journey(ANSWERS, broken, touchpoint_column="tp")


def test_a_touchpoint_listed_twice_is_refused():
    twice = pd.concat([TOUCHPOINTS, TOUCHPOINTS.iloc[[0]]], ignore_index=True)
    with pytest.raises(AnalysisError, match="'Website' is listed twice"):
        journey(ANSWERS, twice, touchpoint_column="tp")


def test_a_missing_touchpoint_column_is_named():
    with pytest.raises(AnalysisError, match="'Kontaktpunkt'"):
        journey(ANSWERS, TOUCHPOINTS, touchpoint_column="Kontaktpunkt")


def test_sample_invoicing_is_the_first_thing_to_fix():
    from nps_workbook.client_data import load_client_data

    data = load_client_data(SAMPLE)
    result = journey(
        data.answers,
        data.touchpoints.frame,
        touchpoint_column=data.client.config.roles.touchpoint,
    )
    rows = result.frame.set_index("name")
    assert rows.loc["Fakturering", "quadrant"] == "fix_now"
    assert rows.loc["Fakturering", "rank"] == 1
    assert rows.loc["Fakturering", "nps"] == rows["nps"].min()
    assert result.not_in_file == ()
    assert result.without_answers == ()
    assert len(result.frame) == 14
