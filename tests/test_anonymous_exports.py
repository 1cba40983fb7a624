"""An anonymous export (only a score, or a score and a date; no ids, no comments, no touchpoint)
runs every notebook through the batch: no error, the pages say what the missing columns mean, and
the figures are counted here from the file."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from nps_workbook import kit
from nps_workbook.batch import run_batch
from nps_workbook.scaffold import new_client
from nps_workbook.texts import label

# Every notebook of the kit, 00 to 05: an optional column never fails a client.
NOTEBOOKS = kit.notebook_names()

# Dated dd-mm-yyyy, semicolons, as a Danish export. The latest answer is 28-06-2024, so the
# loops' 30-day window is 30-05 .. 28-06: three detractors (2, 5, 6; the first two on one day,
# which without a respondent id are two cases), one passive (8), one promoter (10). Before it:
# a detractor (0, 10-05) and a promoter (9, 15-05). All seven answers together: 4 detractors,
# 1 passive, 2 promoters.
DATED = [
    ("20-06-2024", 2),
    ("20-06-2024", 5),
    ("21-06-2024", 8),
    ("25-06-2024", 6),
    ("28-06-2024", 10),
    ("10-05-2024", 0),
    ("15-05-2024", 9),
]


def write_client(folder: Path, name: str, rows: list[str]) -> Path:
    folder.mkdir(parents=True)
    (folder / "client.yml").write_text(
        f"client: {name}\nlanguage: en\nfiles:\n  responses: responses.csv\n", encoding="utf-8"
    )
    (folder / "responses.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("anonymous")
    score_only = write_client(
        root / "score-only", "Score only", ["Score", *(str(s) for _, s in DATED)]
    )
    dated = write_client(
        root / "score-date", "Score and date", ["Score;Date", *(f"{s};{d}" for d, s in DATED)]
    )
    out = root / "out"
    result = run_batch([score_only, dated], out, jobs=2, notebooks=NOTEBOOKS, progress=False)
    return result, out


def failures(result) -> list[tuple[str, str | None]]:
    """Each failed client's folder and why: its own error or its notebooks'."""
    return [
        (c.folder, c.error or "; ".join(n.error for n in c.notebooks if n.error))
        for c in result.failed
    ]


def summary(out: Path, client: str) -> dict:
    return json.loads((out / client / "summary.json").read_text(encoding="utf-8"))


def notebook_text(out: Path, client: str, notebook: str) -> str:
    return (out / client / "notebooks" / f"{notebook}.ipynb").read_text(encoding="utf-8")


@pytest.mark.slow
def test_every_notebook_is_run():
    assert NOTEBOOKS == [
        "00_maturity_selftest",
        "01_customer_journey",
        "02_nps",
        "03_loops",
        "04_financial_impact",
        "05_enps",
    ]


@pytest.mark.slow
def test_both_exports_run_every_notebook_without_an_error(batch):
    result, out = batch
    assert result.ok, failures(result)
    for client in ("score-only", "score-date"):
        for notebook in NOTEBOOKS:
            assert summary(out, client)["notebooks"][notebook]["status"] == "ok"
            assert '"output_type": "error"' not in notebook_text(out, client, notebook)


@pytest.mark.slow
def test_with_a_date_each_answer_in_the_window_is_a_case(batch):
    _, out = batch
    figures = summary(out, "score-date")["figures"]["03_loops"]
    assert figures["loops_counts"] == {"1": 3, "2": 1, "3": 1}
    assert figures["loops_counts_last"] == {"1": 1, "2": 0, "3": 1}
    text = notebook_text(out, "score-date", "03_loops")
    assert "raised 5 cases, one per answer; the period before raised 2." in text
    assert json.dumps(label("notebook.loops.no_respondent_ids", "en"))[1:-1] in text
    assert json.dumps(label("notebook.loops.no_response_ids", "en"))[1:-1] in text
    assert json.dumps(label("notebook.loops.no_dates", "en"))[1:-1] not in text


@pytest.mark.slow
def test_without_a_date_the_loops_page_says_what_it_needs(batch):
    _, out = batch
    figures = summary(out, "score-only")["figures"]["03_loops"]
    assert figures["loops_counts"] == {"1": 0, "2": 0, "3": 0}
    assert figures["loops_open_cases"] == 0
    text = notebook_text(out, "score-only", "03_loops")
    assert json.dumps(label("notebook.loops.no_dates", "en"))[1:-1] in text
    # The section says in one sentence what is not measured: no empty tables, charts or
    # headings of sections that need dates.
    page = (out / "score-only" / "reports" / "03_loops.html").read_text(encoding="utf-8")
    assert label("notebook.loops.no_dates", "en") in html.unescape(page)
    assert "<table" not in page and "<img" not in page
    for heading in ("counts_heading", "queue_heading", "performance_heading", "themes_heading"):
        assert label(f"notebook.loops.{heading}", "en").lstrip("# ") not in page, heading


@pytest.mark.slow
@pytest.mark.parametrize("client", ["score-only", "score-date"])
def test_the_money_page_counts_answers_as_customers_and_says_so(batch, client):
    _, out = batch
    figures = summary(out, client)["figures"]["04_financial_impact"]
    assert figures["money_customers"] == {"detractor": 4, "passive": 1, "promoter": 2}
    text = notebook_text(out, client, "04_financial_impact")
    assert json.dumps(label("money.note.customers_from_answers", "en"))[1:-1] in text


# Every CSV in shared/realdata the loader accepts as an export of answers, with the one setting
# it needs (README.md there): the score column's name, or the declared 1-10 scale. Left out,
# as the loader rejects them with a message: the long-format C&BS inputs 01 and 02 (no score
# column) and the published one-row answers of two challenges (an NPS, not a score).
REAL_EXPORTS = {
    "botanic_fr/nps_latin1_crlf.csv": 'responses:\n  scale: "1-10"\n',
    "botanic_fr/nps_latin1_lf.csv": 'responses:\n  scale: "1-10"\n',
    "prepdata_cbs_dedup/expected_output_01.csv": "",
    "prepdata_cbs_dedup/input_03.csv": "",
    "prepdata_prepair/input_01.csv": "",
    "prepdata_prepair/input_02.csv": "",
    "prepdata_sudzilla/input_01.csv": "",
    "prepdata_sudzilla/input_02.csv": "",
    "rnps_testdata.csv": "responses:\n  columns:\n    score: REC\n",
    "textsummary_verbatim/verbatim.csv": "",
}


@pytest.mark.slow
def test_without_a_touchpoint_column_the_journey_says_it_is_not_measured(batch):
    _, out = batch
    text = notebook_text(out, "score-date", "01_customer_journey")
    assert json.dumps(label("journey.report.not_measured", "en"))[1:-1] in text
    assert "None column" not in text
    assert (
        summary(out, "score-date")["figures"]["01_customer_journey"]["journey_touchpoint_nps"] == {}
    )


@pytest.mark.slow
def test_every_real_export_runs_every_notebook(realdata, tmp_path):
    clients = []
    for index, (name, settings) in enumerate(REAL_EXPORTS.items()):
        folder = tmp_path / f"real-{index:02d}"
        folder.mkdir()
        (folder / "responses.csv").write_bytes((realdata / name).read_bytes())
        (folder / "client.yml").write_text(
            f"client: Real {index}\nlanguage: en\nfiles:\n  responses: responses.csv\n{settings}",
            encoding="utf-8",
        )
        clients.append(folder)
    result = run_batch(clients, tmp_path / "out", jobs=2, notebooks=NOTEBOOKS, progress=False)
    assert result.ok, failures(result)


@pytest.mark.slow
def test_the_issue_scenario_a_new_client_with_the_uk_telecom_verbatims(realdata, tmp_path):
    """As a new user: new-client, the UK telecom verbatims as responses.csv, two segments, the
    batch: every notebook succeeds, and the journey (no touchpoint column) shows the template's
    touchpoint map and says that touchpoint NPS is not measured."""
    folder = new_client("UK Telecom", tmp_path / "clients", language="en")
    source = realdata / "textsummary_verbatim" / "verbatim.csv"
    (folder / "responses.csv").write_bytes(source.read_bytes())
    config = folder / "client.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nsegments: []\n" in text
    config.write_text(
        text.replace("\nsegments: []\n", "\nsegments: [SURVEY_SUB_TYPE, Qtr]\n"), encoding="utf-8"
    )
    out = tmp_path / "out"
    result = run_batch([folder], out, jobs=2, progress=False)
    assert result.ok, failures(result)
    for notebook in NOTEBOOKS:
        assert summary(out, folder.name)["notebooks"][notebook]["status"] == "ok", notebook
    journey = notebook_text(out, folder.name, "01_customer_journey")
    assert json.dumps(label("journey.report.not_measured", "en"))[1:-1] in journey
    assert "Website and reviews" in journey  # the template's first touchpoint, in the map
    assert "None column" not in journey
