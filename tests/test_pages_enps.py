"""The eNPS page (notebook 05): company eNPS per round and departments with small groups hidden,
checked against counts made here from the answers."""

from __future__ import annotations

import pandas as pd
import pytest

from nps_workbook.pages import enps
from nps_workbook.texts import label


def survey() -> pd.DataFrame:
    """Round 2024-1: Drift 6 answers (4 promoters, 1 detractor), Salg 7 (2 promoters, 3
    detractors), Økonomi 2 (both detractors). Round 2024-2: Drift 6 (all promoters), Salg 7
    (7 passives), Økonomi 2 (both promoters)."""
    rows = [("2024-1", "Drift", s) for s in (10, 9, 9, 10, 7, 3)]
    rows += [("2024-1", "Salg", s) for s in (9, 10, 8, 7, 0, 5, 6)]
    rows += [("2024-1", "Økonomi", s) for s in (2, 4)]
    rows += [("2024-2", "Drift", 10) for _ in range(6)]
    rows += [("2024-2", "Salg", 8) for _ in range(7)]
    rows += [("2024-2", "Økonomi", 9) for _ in range(2)]
    return pd.DataFrame(rows, columns=["Runde", "Afdeling", "score"])


@pytest.fixture
def page() -> enps.EnpsPage:
    return enps.build(
        survey(), department="Afdeling", round_column="Runde", min_group=5, client="Kvistholm"
    )


def test_company_enps_per_round_by_hand(page):
    figures = enps.key_figures(page)
    # 2024-1: 15 answers, 6 promoters, 6 detractors: 0. 2024-2: 8 promoters of 15: +53.3.
    assert figures["enps_by_round"] == pytest.approx({"2024-1": 0.0, "2024-2": 100 * 8 / 15})
    assert figures["enps_overall_round"] == "2024-2"
    assert figures["enps_overall_n"] == 15
    assert figures["enps_overall"] == pytest.approx(100 * 8 / 15)
    assert figures["enps_available"] is True
    assert all("Økonomi" in names for names in figures["enps_hidden"].values())


def test_rounds_table_shares_by_hand(page):
    table = enps.rounds_table(page, "en")
    frame = table.frame
    assert list(frame["round"]) == ["2024-1", "2024-2"]
    assert list(frame["n"]) == [15, 15]
    assert list(frame["promoter_share"]) == pytest.approx([6 / 15, 8 / 15])
    assert list(frame["detractor_share"]) == pytest.approx([6 / 15, 0.0])
    assert table.columns("percent") == ["promoter_share", "detractor_share"]
    assert table.headers["nps"] == label("enps.name", "en")


def test_hidden_departments_show_no_number(page):
    frame = enps.departments_table(page, "da").frame
    small = frame[frame["department"] == "Økonomi"]
    assert len(small) == 2
    assert small["n"].isna().all() and small["nps"].isna().all()
    assert (small["interval"] == "–").all()
    assert small["note"].str.contains("5").all()  # why: fewer than min_group answers
    # Økonomi hidden could be worked out from the total, so the next smallest, Drift (6), is
    # hidden too; Salg (7 answers) is shown: 2024-1 has 2 promoters and 3 detractors, −14.3.
    assert frame.loc[frame["department"] == "Drift", "nps"].isna().all()
    salg = frame[(frame["department"] == "Salg") & (frame["round"] == "2024-1")].iloc[0]
    assert salg["n"] == 7 and salg["nps"] == pytest.approx(100 * (2 - 3) / 7)
    assert "Økonomi" not in frame.loc[frame["n"].notna(), "department"].tolist()


def test_a_declared_1_10_scale_is_stated_with_the_company_enps():
    page = enps.build(
        survey(), department="Afdeling", round_column="Runde", min_group=5, client="K", scale="1-10"
    )
    assert enps.overall_text(page, "en").endswith("9-10 promoters.")
    assert "skala fra 1 til 10" in enps.overall_text(page, "da")


def test_texts(page):
    assert "+53" in enps.overall_text(page, "en") and "2024-2" in enps.overall_text(page, "en")
    assert "1 to 10" not in enps.overall_text(page, "en")
    assert "5" in enps.anonymity_text(page, "da")
    assert enps.missing_text(page, "en") == "" and enps.notes(page, "en") == ()


def test_without_a_survey_the_page_says_so_and_records_only_that():
    page = enps.build(None, department="Afdeling", round_column="Runde", min_group=5, client="K")
    assert not page.available
    assert enps.key_figures(page) == {"enps_available": False}
    assert enps.missing_text(page, "en") == label("enps.report.missing", "en", client="K")
    assert "client.yml" not in enps.missing_text(page, "en")
    (note,) = enps.notes(page, "en")
    assert "`files.employee_survey`" in note.text
    assert enps.rounds_table(page, "en") is None and enps.departments_table(page, "en") is None
    assert enps.overall_text(page, "en") == "" and enps.anonymity_text(page, "en") == ""


def test_one_round_without_a_round_column():
    answers = survey().query("Runde == '2024-2'").drop(columns="Runde")
    page = enps.build(answers, department="Afdeling", round_column=None, min_group=5, client="K")
    assert enps.key_figures(page)["enps_by_round"] == pytest.approx({"(all)": 100 * 8 / 15})
    assert list(enps.rounds_table(page, "en").frame["round"]) == [label("enps.total", "en")]
    assert "round" not in enps.departments_table(page, "en").frame.columns
