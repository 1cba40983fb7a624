"""The loops page (notebook 03) on the sample clients: counts, queue, follow-up, themes and root
causes as the page shows them, checked against counts made here from the answers."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from conftest import SAMPLE_DATA
from notebook_outputs import accepted_rows_from_file

from nps_workbook.client_data import load_client_data
from nps_workbook.pages import loops
from nps_workbook.texts import format_number, label

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.\w+")


@pytest.fixture(scope="module")
def dk() -> tuple:
    data = load_client_data(SAMPLE_DATA / "dk-b2b-it")
    today = pd.Timestamp(data.answers["date"].max()).normalize()
    return data, loops.build(data, today=today, language="da", window_days=30, queue_top=3)


def latest_loops(answers: pd.DataFrame, end: pd.Timestamp, days: int) -> dict[int, int]:
    """Customers in each loop by their latest answer in (end − days, end], counted here."""
    dates = answers["date"].dt.normalize()
    inside = answers[(dates > end - pd.Timedelta(days=days)) & (dates <= end)]
    latest = inside.sort_values("date", kind="stable").drop_duplicates("respondent_id", keep="last")
    loop = pd.cut(latest["score"].astype(int), [-1, 6, 8, 10], labels=[1, 2, 3]).astype(int)
    return {n: int((loop == n).sum()) for n in (1, 2, 3)}


def test_counts_per_loop_by_hand(dk):
    data, page = dk
    figures = loops.key_figures(page)
    assert figures["loops_counts"] == latest_loops(data.answers, page.today, 30)
    last = latest_loops(data.answers, page.today - pd.Timedelta(days=30), 30)
    assert figures["loops_counts_last"] == last
    table = loops.counts_table(page, "da")
    assert table.frame["loop"].tolist() == [label(f"loop.{n}.name", "da") for n in (1, 2, 3)]
    assert table.frame["change"].tolist() == [
        figures["loops_counts"][n] - last[n] for n in (1, 2, 3)
    ]
    assert table.headers["this_period"] == label("notebook.loops.column.this_period", "da", days=30)


def test_counts_texts_name_the_window(dk):
    _, page = dk
    heading, text, _ = loops.counts_texts(page, "da")
    assert heading == label("notebook.loops.counts_heading", "da")
    start = (page.today - pd.Timedelta(days=29)).strftime("%d-%m-%Y")
    assert f"({start} – {page.today.strftime('%d-%m-%Y')})" in text


def test_report_queue_keeps_the_most_urgent_few_per_loop_anonymised(dk):
    _, page = dk
    table = loops.report_queue_table(page, "da")
    open_by_loop = page.queue["loop"].value_counts()
    shown = table.frame["loop"].value_counts()
    for n, count in open_by_loop.items():
        assert shown[label(f"loop.{n}.name", "da")] == min(count, 3)
    assert not any(EMAIL.search(c) for c in table.frame["comment"])
    assert table.columns("dates") == ["deadline"]
    _, text = loops.queue_texts(page, "da")
    assert f"{len(page.queue)} sager er åbne" in text.replace(".", "")


def test_queue_table_anonymises_with_the_pages_anonymiser_and_none_shows_comments_as_written(dk):
    _, page = dk
    queue = pd.DataFrame(
        {
            "loop": [1, 3],
            "respondent_id": ["K-1", "K-2"],
            "score": [2, 10],
            "owner": ["Ann", None],
            "channel": ["phone", "email"],
            "deadline": pd.to_datetime(["2024-06-03", "2024-06-10"]),
            "days_overdue": [1, 0],
            "status": ["new", "new"],
            "comment": ["Skriv til ann@firma.dk", None],
        },
        index=[5, 2],
    )
    written = loops.queue_table(queue, "da", None).frame["comment"].tolist()
    assert written == ["Skriv til ann@firma.dk", ""]
    hidden = loops.queue_table(queue, "da", page.anonymise).frame["comment"].tolist()
    assert hidden == ["Skriv til [e-mail]", ""]


def test_performance_sentence_is_the_detractor_loop(dk):
    _, page = dk
    by_loop = page.performance.by_loop.set_index("loop")
    _, text = loops.performance_texts(page, "en")
    contacted = f"{round(100 * by_loop.loc[1, 'share_contacted'])}%"
    assert contacted in text and f"{page.detractor_deadline} working days" in text
    table = loops.performance_table(page, "en")
    assert table.frame["loop"].tolist() == [label(f"loop.{n}.name", "en") for n in (1, 2, 3)]
    effect = loops.followup_effect_table(page, "da")
    assert all(re.fullmatch(r"< 0,001|\d,\d{3}|–", p) for p in effect.frame["p_value"])


def test_themes_read_the_last_year_of_comments(dk):
    data, page = dk
    year = data.answers["date"] > page.today - pd.Timedelta(days=365)
    assert len(page.recent) == int((year & (data.answers["date"] <= page.today)).sum())
    _, text = loops.themes_texts(page, "en")
    assert "last 365 days" in text
    tone = loops.sentiment_table(page, "da").frame
    assert all(re.fullmatch(r"-?\d,\d\d", v) for v in tone["sentiment"])


def test_root_causes_are_the_themes_detractors_mention_more(dk):
    _, page = dk
    causes = page.causes
    over = causes[causes["detractor_share"] > causes["promoter_share"]]
    table = loops.root_cause_table(page, "en")
    assert table.frame["theme"].tolist() == [t.capitalize() for t in over["theme"]]
    figures = loops.key_figures(page)
    assert figures["loops_root_causes"] == over["theme"].tolist()
    assert figures["loops_top_root_cause"] == over["theme"].iloc[0]
    _, text = loops.root_cause_texts(page, "en")
    assert text == label("notebook.loops.root_causes_text", "en")


def test_a_client_without_a_customer_file_is_told_so():
    data = load_client_data(SAMPLE_DATA / "uk-webshop")
    today = pd.Timestamp(data.answers["date"].max()).normalize()
    page = loops.build(data, today=today, language="en")
    assert loops.missing_texts(page, "en") == (label("notebook.loops.no_customers", "en"),)
    assert "client.yml" not in loops.missing_texts(page, "en")[0]
    (note,) = loops.notes(page, "en")
    assert note.text == label("notebook.loops.note.no_customers", "en")
    assert "`files.customers`" in note.text
    assert loops.title_text(page, "en").endswith(today.strftime("%-d %b %Y"))


def test_the_cases_come_from_all_answers_and_the_page_says_so(dk):
    # Counted with the csv module: 1,174 relationship and 1,818 touchpoint answers, all of them
    # up to the sample's last day; a detractor at a touchpoint raises a case too.
    rows = accepted_rows_from_file(SAMPLE_DATA / "dk-b2b-it" / "responses.csv")
    relationship = sum(row["Målingstype"] == "Relation" for row in rows)
    assert (relationship, len(rows) - relationship) == (1174, 1818)
    _, page = dk
    for language, numbers in (
        ("da", ("2.992", "1.174", "1.818")),
        ("en", ("2,992", "1,174", "1,818")),
    ):
        all_n, n, touchpoint_n = numbers
        expected = label(
            "notebook.loops.population",
            language,
            all_n=all_n,
            n=n,
            touchpoint_n=touchpoint_n,
            column="Målingstype",
        )
        assert loops.population_text(page, language) == expected
        assert loops.counts_texts(page, language)[-1] == expected
    assert loops.figure_caption(page, "en") == (
        "All answers, relationship and touchpoint, n = 2,992"
    )


def test_touchpoint_nps_per_touchpoint_counted_from_the_file(dk):
    rows = accepted_rows_from_file(SAMPLE_DATA / "dk-b2b-it" / "responses.csv")
    by_touchpoint: dict[str, list[int]] = {}
    for row in rows:
        if row["Målingstype"] != "Relation":
            by_touchpoint.setdefault(row["Kontaktpunkt"], []).append(row["score"])
    want = {
        name: (
            len(scores),
            100 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores),
        )
        for name, scores in by_touchpoint.items()
    }
    _, page = dk
    table = loops.touchpoint_table(page, "en").frame
    shown = {row["Kontaktpunkt"]: (row["n"], row["nps"]) for _, row in table.iterrows()}
    assert shown.keys() == want.keys() and len(want) == 14
    for name, (n, nps) in want.items():
        assert shown[name][0] == n and shown[name][1] == pytest.approx(nps)
    assert table["nps"].tolist() == sorted(table["nps"], reverse=True)  # highest first
    heading, text = loops.touchpoint_texts(page, "da")
    assert heading == label("notebook.loops.touchpoints_heading", "da")
    assert text == label(
        "nps_report.touchpoints.sentence", "da", n=format_number(1818, "da"), column="Kontaktpunkt"
    )


def test_uk_webshop_pools_its_answers_and_shows_no_touchpoint_table():
    data = load_client_data(SAMPLE_DATA / "uk-webshop")
    today = pd.Timestamp(data.answers["date"].max()).normalize()
    page = loops.build(data, today=today, language="en")
    n = format_number(len(data.answers), "en")
    pooled = label("measurement.population.pooled", "en", n=n)
    assert loops.population_text(page, "en") == pooled
    assert loops.counts_texts(page, "en")[-1] == pooled
    assert loops.touchpoint_table(page, "en") is None and loops.touchpoint_texts(page, "en") == ()
    assert loops.figure_caption(page, "en") == f"All answers pooled, n = {n}"
