"""Notebook 03, the three loops: loop counts and the open queue against a count made here from
the sample files, comments free of e-mail addresses and phone numbers, the queue widget's
callback and the loop figures."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pandas as pd
import papermill
import pytest
import yaml
from conftest import LANGUAGES, NOTEBOOKS, SAMPLE_CLIENTS, SAMPLE_DATA
from matplotlib.colors import to_hex
from notebook_outputs import check_run

from nps_workbook import comments, loops
from nps_workbook.charts.figures import loop_counts_chart, themes_chart
from nps_workbook.explorers.loops import queue_explorer
from nps_workbook.load import load_responses
from nps_workbook.pages import loops as loops_page
from nps_workbook.texts import CATEGORY_COLOURS, format_number, format_p_value, label
from nps_workbook.workbook import open_workbook, recorded_figures

NOTEBOOK = "03_loops"
WINDOW = pd.Timedelta(days=30)  # the notebook's default window_days

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# The sample clients' phone numbers: +45/+44 numbers, Danish 8 digits (with or without spaces in
# pairs), British 07700 900110. Digits glued to letters, commas, hyphens or a decimal point are
# ids, dates, amounts or widget keys, not phone numbers; a comma or full stop may follow.
PHONE = re.compile(
    r"(?<![\w.,-])(?:\+\d{2}[ \d]{8,}\d"
    r"|\d{2}(?: ?\d{2}){3}"
    r"|0\d{4} ?\d{6})(?![\w-]|[.,]\d)"
)


def client_yml(client: str) -> dict:
    return yaml.safe_load((SAMPLE_DATA / client / "client.yml").read_text(encoding="utf-8"))


def read_followups(client: str) -> pd.DataFrame:
    """The follow-up log as written, with the columns client.yml names."""
    columns = client_yml(client)["followups"]
    path = SAMPLE_DATA / client / "followups.csv"
    raw = path.read_bytes()
    text = raw.decode("utf-8") if raw.isascii() else raw.decode("cp1252")
    separator = ";" if text.splitlines()[0].count(";") else ","
    frame = pd.read_csv(path, sep=separator, encoding="utf-8" if raw.isascii() else "cp1252")
    return pd.DataFrame(
        {
            "response_id": frame[columns["response_id"]].astype(str),
            "closed": frame[columns["closed"]],
        }
    )


def expected(client: str) -> dict:
    """Cases per loop in the last 30 days and the 30 before, and the open cases, by the rules:

    - the window is the answers dated after as_of − 30 days up to as_of (as_of: the latest
      answer's date), dates without their time of day;
    - a customer (respondent id; an answer without one is its own customer) counts once, for
      the latest answer in the window; two answers on one day: the later row in the file;
    - loop 1 for score ≤ loop1_max, loop 2 for score ≤ loop2_max, loop 3 above (client.yml);
    - a case is open unless the follow-up log has a closing date for its response id.
    """
    settings = client_yml(client)["loops"]
    answers = load_responses(SAMPLE_DATA / client / "responses.csv").answers
    day = pd.to_datetime(answers["date"]).dt.normalize()
    customer = (
        answers["respondent_id"]
        .astype("string")
        .fillna("answer:" + answers["response_id"].astype("string"))
    )
    frame = pd.DataFrame(
        {"day": day, "customer": customer, "score": answers["score"].astype(int)}
    ).assign(response_id=answers["response_id"].astype(str))
    as_of = day.max()

    def latest_in_window(end: pd.Timestamp) -> pd.DataFrame:
        inside = frame[(frame["day"] > end - WINDOW) & (frame["day"] <= end)]
        return inside.sort_values("day", kind="stable").drop_duplicates("customer", keep="last")

    def loop_of(scores: pd.Series) -> pd.Series:
        return pd.Series(
            np.where(
                scores <= settings["loop1_max"], 1, np.where(scores <= settings["loop2_max"], 2, 3)
            ),
            index=scores.index,
        )

    now, before = latest_in_window(as_of), latest_in_window(as_of - WINDOW)
    log = read_followups(client)
    closed = set(log.loc[log["closed"].notna(), "response_id"])
    open_cases = now[~now["response_id"].isin(closed)]
    return {
        "counts": {str(n): int((loop_of(now["score"]) == n).sum()) for n in (1, 2, 3)},
        "counts_last": {str(n): int((loop_of(before["score"]) == n).sum()) for n in (1, 2, 3)},
        "open": len(open_cases),
        "open_by_loop": {
            str(n): int(c) for n, c in loop_of(open_cases["score"]).value_counts().items()
        },
    }


# --- the package pieces behind the notebook, without a notebook -------------------------------


@pytest.fixture(scope="module")
def dk():
    wb = open_workbook(SAMPLE_DATA / "dk-b2b-it", language="en")
    queue = loops.followup_queue(
        wb.answers,
        wb.config.loops,
        wb.config.roles,
        today=wb.as_of,
        followups=wb.data.followups.frame,
        customers=wb.data.customers.frame,
    )
    return wb, queue


def test_queue_view_filters_by_loop_and_owner_and_keeps_the_most_urgent(dk):
    _, queue = dk
    assert loops_page.queue_view(queue).equals(queue.reset_index(drop=True))
    first = loops_page.queue_view(queue, loop=1)
    assert set(first["loop"]) == {1} and len(first) == (queue["loop"] == 1).sum()
    owner = queue["owner"].iloc[0]
    theirs = loops_page.queue_view(queue, owner=owner)
    assert set(theirs["owner"]) == {owner} and len(theirs) == (queue["owner"] == owner).sum()
    top = loops_page.queue_view(queue, top=2)
    assert top.groupby("loop").size().tolist() == [2, 2, 2]
    # The most urgent of each loop: the queue's own order is kept.
    assert top["response_id"].tolist() == queue.groupby("loop").head(2)["response_id"].tolist()
    assert loops_page.queue_view(queue, loop=1, owner="Nobody at all").empty


def test_queue_table_anonymises_comments_and_writes_dates_as_the_client(dk):
    wb, queue = dk
    hide = loops_page.build(wb.data, today=wb.as_of, language="en").anonymise
    raw = "Ring til mig på +45 28 38 01 24 eller jh@kildested-friskole.dk. Mvh. Jens Hansen"
    shown = hide(pd.Series([raw])).iloc[0]
    assert not EMAIL.search(shown) and not PHONE.search(shown) and "Jens" not in shown
    html = wb.table(loops_page.queue_table(queue.head(3), "en", hide)).to_html()
    assert label("loop.column.deadline", "en") in html
    assert wb.date(queue["deadline"].iloc[0]) in html  # 4 Dec 2024, not a timestamp
    assert "Syd Møbler I/S" in html  # a B2B account's name stays: its owner acts on it


def test_queue_explorer_builds_its_controls(dk):
    import ipywidgets as widgets

    wb, _ = dk
    box = queue_explorer(wb, loops_page.build(wb.data, today=wb.as_of, language="en"))
    loop, owner, top = box.children[0].children
    assert isinstance(loop, widgets.Dropdown) and isinstance(top, widgets.IntSlider)
    loop.value = 2  # the callback runs on the change, without a browser
    shown = box.children[1].value
    assert label("loop.2.name", "en") in shown and label("loop.1.name", "en") not in shown
    owner.value = owner.options[1][1]


def test_sentiment_rises_from_detractors_to_promoters(dk):
    wb, _ = dk
    tone = comments.sentiment_by_category(wb.answers, "da").set_index("category")
    assert tone.index.tolist() == ["detractor", "passive", "promoter"]
    assert tone["sentiment"].is_monotonic_increasing
    commented = wb.answers["comment"].astype("string").str.strip().fillna("").ne("")
    assert tone["comments"].sum() <= commented.sum()
    assert ((tone["negative"] + tone["positive"]) <= 1).all()


def test_p_values_below_a_thousandth_are_not_shown_as_zero():
    assert format_p_value(0.00001, "da") == "< 0,001"
    assert format_p_value(0.41053, "en") == "0.411"
    assert format_p_value(float("nan"), "en") == "–"


@pytest.mark.parametrize("language", LANGUAGES)
def test_loop_counts_chart_wears_the_category_colours_and_states_the_change(language):
    counts = pd.DataFrame(
        {"loop": [1, 2, 3], "this_period": [20, 30, 50], "last_period": [23, 16, 54]}
    ).assign(change=lambda f: f["this_period"] - f["last_period"])
    ax = loop_counts_chart(counts, language=language)
    ax.figure.canvas.draw()
    colours = [to_hex(bar.get_facecolor()) for bar in ax.patches[3:6]]
    assert colours == [CATEGORY_COLOURS[c].lower() for c in ("detractor", "passive", "promoter")]
    title = ax.get_title()
    assert label("loop.2.name", language) in title and "16" in title and "30" in title
    plt.close("all")


def test_themes_chart_titles_the_theme_detractors_mention_most(dk):
    wb, _ = dk
    themes = comments.theme_table(
        comments.comment_window(wb.answers, wb.as_of), comments.taxonomy("da")
    )
    ax = themes_chart(themes, language="da")
    ax.figure.canvas.draw()
    assert ax.get_title().startswith("Kritikerne nævner support")
    assert ax.get_yticklabels()[0].get_text() == "Support"
    plt.close("all")


# --- the notebook on the sample clients -------------------------------------------------------


@pytest.mark.parametrize("client", SAMPLE_CLIENTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_loop_counts_and_open_queue_match_a_count_from_the_sample_files(
    run_notebook, client, language
):
    nb = run_notebook(NOTEBOOK, client, language)
    check_run(nb)
    figures = recorded_figures(nb)
    want = expected(client)
    assert figures["loops_counts"] == want["counts"]
    assert figures["loops_counts_last"] == want["counts_last"]
    assert figures["loops_open_cases"] == want["open"]
    assert figures["loops_open_by_loop"] == want["open_by_loop"]
    top = {"dk-b2b-it": "support", "uk-webshop": "delivery"}[client]
    assert figures["loops_top_root_cause"] == top


@pytest.mark.parametrize("client", SAMPLE_CLIENTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_email_address_or_phone_number_in_any_output(run_notebook, client, language):
    assert client_yml(client)["privacy"]["anonymise_comments"] is True
    # The comments of the period do hold both, so the check below is not empty.
    answers = load_responses(SAMPLE_DATA / client / "responses.csv").answers
    recent = answers.loc[answers["date"] > answers["date"].max() - pd.Timedelta(days=365)]
    written = "\n".join(recent["comment"].dropna().astype(str))
    assert EMAIL.search(written) and PHONE.search(written)
    text = check_run(run_notebook(NOTEBOOK, client, language))
    assert not EMAIL.findall(text)
    assert not PHONE.findall(text)
    assert label("comments.placeholder.email", language) in text


@pytest.mark.parametrize("client", SAMPLE_CLIENTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_loops_speak_the_language_and_explain_a_missing_file(run_notebook, client, language):
    text = check_run(run_notebook(NOTEBOOK, client, language))
    other = "en" if language == "da" else "da"
    for key in ("loop.column.days_overdue", "notebook.loops.column.share_contacted"):
        assert f">{label(key, language)}<" in text
        assert f">{label(key, other)}<" not in text
    deadline = {"da": "04-12-2024", "en": "4 Dec 2024"}[language]
    assert f">{deadline}<" in text  # the oldest overdue loop-1 case, in the client's date form
    open_cases = {"dk-b2b-it": 87, "uk-webshop": 1871}[client]
    thousands = f"{open_cases:,}".replace(",", "." if language == "da" else ",")
    assert {"da": f"{thousands} sager er åbne", "en": f"{thousands} cases are open"}[
        language
    ] in text
    missing = label("notebook.loops.no_customers", language)
    touchpoints = label("notebook.loops.touchpoints_heading", language)
    if client == "uk-webshop":
        assert missing in text and "files.customers" in text
        n = format_number(19936, language)
        assert label("measurement.population.pooled", language, n=n) in text
        assert touchpoints not in text  # pooled: no touchpoint NPS apart from the headline's
    else:
        assert missing not in text
        numbers = {
            "da": {"all_n": "2.992", "n": "1.174", "touchpoint_n": "1.818"},
            "en": {"all_n": "2,992", "n": "1,174", "touchpoint_n": "1,818"},
        }[language]
        population = label("notebook.loops.population", language, column="Målingstype", **numbers)
        assert population in text and touchpoints in text


def test_the_committed_notebook_is_clean_and_names_the_excel_hand_over():
    nb = nbformat.read(str(NOTEBOOKS / f"{NOTEBOOK}.ipynb"), as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    names = set(papermill.inspect_notebook(str(NOTEBOOKS / f"{NOTEBOOK}.ipynb")))
    assert names == {
        "client_dir",
        "language",
        "as_of",
        "report_period",
        "scope",
        "window_days",
        "queue_top",
    }
    assert all(
        not c.get("outputs") and not c.get("execution_count")
        for c in nb.cells
        if c.cell_type == "code"
    )
    assert any("explore" in c.metadata.get("tags", []) for c in nb.cells)
    guidance = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "nps-workbook followup" in guidance
