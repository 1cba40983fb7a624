"""A segment group under privacy.min_group, end to end: the fixture client small-segment.

tests/data/clients/small-segment is a client folder made with ``nps-workbook new-client`` (its
client.yml names ``segments: [region]`` and keeps min_group 5). Its 53 answers, counted by hand
from responses.csv:

- Island: 3 answers on 2024-02-01 (scores 2, 8, 10; response ids 8001-8003, customers
  9001-9003; comments starting "ISLAND-"), under the minimum of 5;
- North: 25 answers (12 promoters, 3 passives, 10 detractors), NPS (12 - 10)/25 = +8;
- South: 25 answers (5, 5, 15), NPS (5 - 15)/25 = -40; both later than Island's.

The 25 detractors of North and South are the most recent, so the report's list of the latest
25 detractors and 10 promoters holds none of Island's answers either.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from notebook_outputs import output_texts

from nps_workbook.pages import nps
from nps_workbook.score import MIN_GROUP
from nps_workbook.texts import label
from nps_workbook.workbook import open_workbook, recorded_figures

CLIENT = Path(__file__).parent / "data" / "clients" / "small-segment"
ISLAND_TRACES = ("ISLAND-", "8001", "8002", "8003", "9001", "9002", "9003", "ferry")


def test_the_fixture_has_a_group_under_the_minimum():
    wb = open_workbook(CLIENT)
    assert wb.config.privacy.min_group == MIN_GROUP == 5
    sizes = wb.answers["region"].value_counts().to_dict()
    assert sizes == {"North": 25, "South": 25, "Island": 3}


@pytest.fixture(scope="module")
def report():
    wb = open_workbook(CLIENT)
    return wb, nps.build(wb.answers, wb.config)


def test_the_page_hides_the_small_group_and_shows_the_others(report):
    _, built = report
    table = built.segments["region"].set_index("region")
    island = table.loc["Island"]
    assert island["flag"] == "suppressed"
    assert island["n"] == 3  # the size explains the flag and reveals no answer
    for column in ("promoters", "passives", "detractors"):
        assert pd.isna(island[column])
    for column in ("nps", "se", "ci_low", "ci_high"):
        assert pd.isna(island[column])
    assert table.loc["North", "nps"] == pytest.approx(8.0)
    assert table.loc["South", "nps"] == pytest.approx(-40.0)
    for language in ("da", "en"):
        text = nps.segment_text(built, "region", language)
        assert label("nps_report.segment.hidden", language, min_group="5", count="1") in text
        assert "Island" not in text  # neither best nor worst: it has no score
    figures = {row["value"]: row for row in nps.key_figures(built)["nps_segments"]["region"]}
    assert (figures["Island"]["nps"], figures["Island"]["flag"]) == (None, "suppressed")
    assert figures["Island"]["n"] == 3


def test_the_customer_list_shows_no_answer_of_the_small_group(report):
    wb, built = report
    listed = nps.customers(built, wb.data, "en").frame
    assert len(listed) == 25 + 10
    shown = " ".join(listed.astype(str).to_numpy().ravel())
    for trace in ISLAND_TRACES:
        assert trace not in shown


SCORE = [sys.executable, "-m", "nps_workbook.cli", "score", str(CLIENT), "--by", "region"]


def test_the_score_command_prints_the_hidden_group_without_numbers():
    # The table format used to stop with a traceback on a suppressed group (pandas could not
    # write "" into the nullable integer counts).
    done = subprocess.run(
        SCORE,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    island = next(line for line in done.stdout.splitlines() if line.lstrip().startswith("Island"))
    assert island.split() == ["Island", "3", "suppressed"]
    as_json = subprocess.run(
        [*SCORE, "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = {row["region"]: row for row in json.loads(as_json.stdout)}
    assert rows["Island"]["nps"] is None and rows["Island"]["promoters"] is None


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """The NPS notebook run for the fixture client as the batch runs it: report.html and the
    executed notebook."""
    from nps_workbook.batch import run_batch

    out = tmp_path_factory.mktemp("small-segment")
    result = run_batch([CLIENT], out, jobs=1, notebooks=["02_nps"], progress=False)
    return out / CLIENT.name, result


@pytest.mark.slow  # a batch: papermill runs notebook 02
def test_the_report_hides_the_small_group_end_to_end(batch):
    import nbformat

    folder, _ = batch
    executed = nbformat.read(folder / "notebooks" / "02_nps.ipynb", as_version=4)
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    figures = {row["value"]: row for row in recorded_figures(executed)["nps_segments"]["region"]}
    assert (figures["Island"]["nps"], figures["Island"]["flag"]) == (None, "suppressed")
    assert figures["North"]["nps"] == pytest.approx(8.0)
    shown = "\n".join(output_texts(executed))
    report = (folder / "report.html").read_text(encoding="utf-8")
    for text in (shown, report):
        assert "Island" in text  # the group is named, with its size and the flag
        assert label("flag.suppressed", "en") in text
        for trace in ISLAND_TRACES:
            assert trace not in text, trace
