"""The customer-journey page (notebook 01): its texts, touchpoint table and key figures on a
hand-made journey whose NPS, priorities and quadrants are worked out here."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import SAMPLE_DATA
from notebook_outputs import accepted_rows_from_file

from nps_workbook.client_data import load_client_data
from nps_workbook.config import ClientConfig
from nps_workbook.measurement import split_measurement
from nps_workbook.pages import customer_journey
from nps_workbook.texts import format_number, label


def answers() -> pd.DataFrame:
    """Faktura: 10 answers, 2 promoters and 6 detractors (NPS −40). Web: 10 answers, 8
    promoters and 1 detractor (+70). Levering: 4 answers, all promoters (+100). Reference:
    24 touchpoint answers, 14 promoters and 7 detractors: NPS +29.2."""
    rows = [("Faktura", s) for s in [10, 9] + [8, 7] + [3] * 6]
    rows += [("Web", s) for s in [10] * 8 + [7, 2]]
    rows += [("Levering", 9) for _ in range(4)]
    rows += [("Ukendt", 9)]  # an answer naming a touchpoint the file lacks
    return pd.DataFrame(rows, columns=["tp", "score"])


def touchpoints() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["Web", "Faktura", "Levering", "Support"],
            "phase": ["Før", "Efter", "Under", "Efter"],
            "importance_customer": [3.0, 5.0, 4.0, 4.0],
            "importance_firm": [2.0, 4.0, 3.0, 3.0],
        }
    )


@pytest.fixture
def page() -> customer_journey.CustomerJourney:
    return customer_journey.build(
        answers(),
        touchpoints(),
        touchpoint_column="tp",
        phase_column=None,
        min_group=3,
        small_n=5,
        client="Kvistholm",
    )


def test_reference_and_mismatches(page):
    reference = 100 * (14 + 1 - 7) / 25  # the Ukendt answer counts in the reference too
    assert page.journey.reference_nps == pytest.approx(reference)
    text = customer_journey.reference_text(page, "en")
    assert text.startswith("3 touchpoints") and "24 answers" in text
    not_in_file, without = customer_journey.mismatch_texts(page, "en")
    assert "Ukendt" in not_in_file and "Support" in without
    assert customer_journey.no_file_text(page, "en") == ""
    (note,) = customer_journey.notes(page, "en")
    assert note.text == label("journey.note.not_in_file", "en", names="Ukendt")


def test_fix_now_and_the_first_touchpoint(page):
    # priority = importance/5 · (100 − NPS)/2: Faktura 5/5·140/2 = 70, Levering 4/5·0 = 0,
    # Web 3/5·30/2 = 9. Fix now: important (≥ 3.5) and below the reference: Faktura only.
    assert page.fix_now == ["Faktura"]
    fix, top = customer_journey.priority_texts(page, "en")
    assert "Faktura" in fix and "Web" not in fix
    assert "**Faktura**" in top and "5.0 of 5" in top and "NPS −40" in top
    assert "10 answers" in top
    figures = customer_journey.key_figures(page)
    assert figures["journey_touchpoint_nps"] == pytest.approx(
        {"Faktura": -40.0, "Web": 70.0, "Levering": 100.0}
    )
    assert figures["journey_lowest"] == "Faktura" and figures["journey_top_priority"] == "Faktura"
    assert figures["journey_fix_now"] == ["Faktura"]


def test_the_priority_matrix_points_are_recorded(page):
    # Importance from the file, NPS worked out above, against the reference +32 and the
    # threshold 3.5: Web is not important and above (overkill), Levering important and above
    # (keep up), Faktura important and below (fix now). Support has no answers: no point.
    figures = customer_journey.key_figures(page)
    assert figures["journey_importance_threshold"] == 3.5
    points = {p["name"]: p for p in figures["journey_matrix"]}
    assert set(points) == {"Web", "Levering", "Faktura"}
    assert points["Web"] == {
        "name": "Web",
        "importance": 3.0,
        "nps": pytest.approx(70.0),
        "n": 10,
        "quadrant": "overkill",
        "rank": 2,
    }
    assert points["Faktura"]["quadrant"] == "fix_now" and points["Faktura"]["rank"] == 1
    assert points["Levering"]["importance"] == 4.0 and points["Levering"]["n"] == 4
    assert points["Levering"]["quadrant"] == "keep_up"


def test_touchpoint_table_in_journey_order(page):
    table = customer_journey.touchpoint_table(page.journey.frame, "da")
    frame = table.frame
    assert frame["name"].tolist() == ["Web", "Levering", "Faktura", "Support"]
    assert frame["rank"].tolist()[:3] == [2, 3, 1]
    assert frame["n"].tolist() == [10, 4, 10, 0]
    assert frame.loc[1, "flag"] == label("flag.indicative", "da")  # 4 answers, below small_n 5
    assert frame.loc[2, "quadrant"] == label("journey.quadrant.fix_now", "da")
    assert frame.loc[3, "interval"] == "–" and frame.loc[3, "quadrant"] == "–"
    assert table.columns("number") == ["rank", "n"]
    assert table.headers["name"] == label("journey.table.name", "da")


def test_without_a_file_touchpoints_come_from_the_answers():
    rows = answers().assign(ph=lambda f: f["tp"].map({"Web": "Før"}).fillna("Efter"))
    page = customer_journey.build(
        rows, None, touchpoint_column="tp", phase_column="ph", min_group=3, client="K"
    )
    assert not page.from_file and not page.prioritised
    text = customer_journey.no_file_text(page, "en")
    assert "K has no mapped customer journey" in text
    assert "templates/" not in text and "client.yml" not in text and "nps-workbook" not in text
    note = customer_journey.notes(page, "en")[0].text
    assert "`templates/touchpoints.en.xlsx`" in note and "`files.touchpoints`" in note
    assert customer_journey.priority_texts(page, "en") == ()
    table = customer_journey.touchpoint_table(page.journey.frame, "en")
    assert "quadrant" not in table.frame.columns and "rank" not in table.frame.columns
    assert table.columns("number") == ["n"]
    assert customer_journey.key_figures(page)["journey_top_priority"] is None


@pytest.mark.parametrize("setting", [None, "Kontaktpunkt"])
def test_without_a_touchpoint_column_the_map_shows_and_one_sentence_says_why(setting):
    # No roles.touchpoint (None), or one the answers lack: the file's touchpoints, no NPS.
    page = customer_journey.build(
        answers().drop(columns="tp"),
        touchpoints(),
        touchpoint_column=setting,
        phase_column=None,
        min_group=3,
        client="Kvistholm",
    )
    assert not page.measured and not page.prioritised
    table = customer_journey.touchpoint_table(page.journey.frame, "en", measured=page.measured)
    assert table.frame["name"].tolist() == ["Web", "Levering", "Faktura", "Support"]
    assert list(table.frame.columns) == ["name", "phase", "importance_customer", "importance_firm"]
    key = "not_measured" if setting is None else "not_measured_column"
    for language in ("da", "en"):
        expected = label("journey.report.not_measured", language)
        assert customer_journey.reference_text(page, language) == expected
        # Which key to set, or which column was not found, is the consultant's note.
        (first, *_) = customer_journey.notes(page, language)
        assert first.text == label(f"journey.note.{key}", language, column=setting)
    assert "None" not in customer_journey.reference_text(page, "en")
    assert "`roles.touchpoint`" not in customer_journey.reference_text(page, "en")
    assert customer_journey.mismatch_texts(page, "en") == ()  # not "no answer is about Web, ..."
    assert customer_journey.no_file_text(page, "en") == ""
    assert customer_journey.key_figures(page)["journey_touchpoint_nps"] == {}


def test_without_a_touchpoint_column_or_file_there_is_nothing_to_show():
    page = customer_journey.build(
        answers().drop(columns="tp"),
        touchpoint_column=None,
        phase_column=None,
        min_group=3,
        client="Kvistholm",
    )
    assert customer_journey.touchpoint_table(page.journey.frame, "en", measured=False) is None
    assert customer_journey.reference_text(page, "en").startswith("Touchpoint NPS is not measured")


def test_with_a_measurement_column_the_journey_is_of_the_touchpoint_answers():
    # Three relationship answers naming Web (all detractors) are not part of Web's NPS: Web
    # stays +70 of its 10 touchpoint answers, and the reference 8 of 25 answers (+32).
    relationship = pd.DataFrame({"tp": ["Web"] * 3, "score": [0, 1, 2], "kind": "Relation"})
    data = pd.concat([answers().assign(kind="Kontakt"), relationship], ignore_index=True)
    config = ClientConfig(
        client="K", files={"responses": "r.csv"}, roles={"measurement": "kind", "touchpoint": "tp"}
    )
    page = customer_journey.build(
        data,
        touchpoints(),
        touchpoint_column="tp",
        phase_column=None,
        min_group=3,
        client="K",
        split=split_measurement(data, config),
    )
    frame = page.journey.frame.set_index("name")
    assert frame.loc["Web", "n"] == 10 and frame.loc["Web", "nps"] == pytest.approx(70)
    assert page.journey.reference_nps == pytest.approx(100 * (14 + 1 - 7) / 25)
    assert customer_journey.population_text(page, "en") == (
        "The touchpoints' NPS is from the 25 touchpoint answers (column kind); the 3 "
        "relationship answers are not part of it (transactional NPS)."
    )
    assert "25 kontaktpunktsbesvarelser" in customer_journey.population_text(page, "da")
    assert customer_journey.figure_caption(page, "en") == "Touchpoint answers, n = 25"
    assert customer_journey.population_text(page, "en") in customer_journey.reference_text(
        page, "en"
    )


def test_without_a_measurement_column_the_journey_says_all_answers_are_pooled(page):
    expected = label("measurement.population.pooled", "en", n="25")
    assert customer_journey.population_text(page, "en") == expected
    assert customer_journey.reference_text(page, "en").endswith(expected)
    assert customer_journey.figure_caption(page, "da") == "Alle besvarelser samlet, n = 25"


def test_the_danish_journey_is_its_touchpoint_answers_counted_from_the_file():
    # Counted with the csv module: the touchpoint answers per Kontaktpunkt, NPS by hand; the
    # relationship answers (Målingstype Relation) are not part of any touchpoint.
    rows = accepted_rows_from_file(SAMPLE_DATA / "dk-b2b-it" / "responses.csv")
    scores: dict[str, list[int]] = {}
    for row in rows:
        if row["Målingstype"] != "Relation":
            scores.setdefault(row["Kontaktpunkt"], []).append(row["score"])
    page = customer_journey.build_for(load_client_data(SAMPLE_DATA / "dk-b2b-it"))
    frame = page.journey.frame.set_index("name")
    assert sorted(frame.index) == sorted(scores) and len(scores) == 14
    for name, given in scores.items():
        promoters, detractors = sum(s >= 9 for s in given), sum(s <= 6 for s in given)
        assert frame.loc[name, "n"] == len(given)
        assert frame.loc[name, "nps"] == pytest.approx(100 * (promoters - detractors) / len(given))
    assert customer_journey.population_text(page, "da") == label(
        "journey.report.population", "da", touchpoint_n="1.818", n="1.174", column="Målingstype"
    )


def test_uk_webshop_pools_its_answers_in_the_journey():
    data = load_client_data(SAMPLE_DATA / "uk-webshop")
    page = customer_journey.build_for(data)
    n = format_number(len(data.answers), "en")
    assert customer_journey.population_text(page, "en") == label(
        "measurement.population.pooled", "en", n=n
    )
    assert customer_journey.figure_caption(page, "en") == f"All answers pooled, n = {n}"
