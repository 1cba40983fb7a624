"""Every text from client.yml or the data reaches HTML escaped (issue 18).

A copy of the Danish sample gets markup in every string of client.yml a report shows (the
client's name, the benchmark's name, the customer ambassador, the department, account manager
and measurement columns, named as segments and roles) and in the data (a department, a
touchpoint, comments). The whole workbook runs through the batch; no HTML file it writes may
hold any of that markup as markup, and the client's name must be there escaped.
"""

from __future__ import annotations

import csv
import html
import io
import shutil

import pytest
import yaml
from conftest import SAMPLE_DATA
from pptx import Presentation

from nps_workbook.batch import run_batch

NAME = 'Kvist <script>alert("name")</script> & Co'
BENCHMARK = '<b onmouseover="alert(1)">Branchen</b> & co'
AMBASSADOR = "<i>Birgitte</i> Søgaard"
DEPARTMENT_COLUMN = "Afd<script>alert(2)</script>"
OWNER_COLUMN = "<i>Kundeansvarlig</i>"
MEASUREMENT_COLUMN = "<s>Målingstype</s>"
DEPARTMENT = "<img src=x onerror=alert(3)>"
TOUCHPOINT = "Fakt<u>urering</u>"
COMMENT = "<script>alert(4)</script> Fakturaen var forkert"

# Markup that must never reach a page as markup.
MARKUP = (
    "<script>alert",
    "<b onmouseover",
    "<i>Birgitte",
    "<img src=x",
    "<u>urering",
    "<i>Kundeansvarlig",
    "<s>Målingstype",
)


def _hostile_copy(target):
    shutil.copytree(SAMPLE_DATA / "dk-b2b-it", target)
    path = target / "client.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["client"] = NAME
    config["benchmark_name"] = BENCHMARK
    config["loops"]["customer_ambassador"] = AMBASSADOR
    config["roles"]["department"] = DEPARTMENT_COLUMN
    config["roles"]["owner"] = OWNER_COLUMN
    config["roles"]["measurement"] = MEASUREMENT_COLUMN
    config["segments"] = [DEPARTMENT_COLUMN, OWNER_COLUMN]
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")

    responses = target / "responses.csv"
    rows = list(csv.reader(io.StringIO(responses.read_text(encoding="cp1252")), delimiter=";"))
    header = rows[0]
    department, touchpoint = header.index("Afdeling"), header.index("Kontaktpunkt")
    comment = len(header) - 1
    header[department] = DEPARTMENT_COLUMN
    header[header.index("Kundeansvarlig")] = OWNER_COLUMN
    header[header.index("Målingstype")] = MEASUREMENT_COLUMN
    for number, row in enumerate(rows[1:]):
        if row[department] == "Support":
            row[department] = DEPARTMENT
        if row[touchpoint] == "Fakturering":
            row[touchpoint] = TOUCHPOINT
        if number % 7 == 0:
            row[comment] = COMMENT
    text = io.StringIO()
    csv.writer(text, delimiter=";", lineterminator="\r\n").writerows(rows)
    responses.write_bytes(text.getvalue().encode("cp1252"))
    return target


@pytest.fixture(scope="module")
def hostile_batch(tmp_path_factory):
    client = _hostile_copy(tmp_path_factory.mktemp("clients") / "hostile")
    out = tmp_path_factory.mktemp("out")
    result = run_batch([client], out, jobs=1, progress=False)
    return result, out


@pytest.mark.slow
def test_no_markup_from_client_yml_or_the_data_reaches_a_page(hostile_batch):
    result, out = hostile_batch
    (client,) = result.clients
    assert client.status == "ok", client.reason
    assert not [n.notebook for n in client.notebooks if n.status != "ok"]
    pages = sorted(out.rglob("*.html"))
    assert {p.name for p in pages} >= {"index.html", "report.html", "02_nps.html"}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for markup in MARKUP:
            assert markup not in text, (page.name, markup)
    # The name is on the pages as text (escaped as Jinja or nbconvert escape it).
    for page in (out / "hostile" / "report.html", out / "index.html"):
        assert NAME in html.unescape(page.read_text(encoding="utf-8")), page.name
    # The hostile values did reach the pages, as text: the test is not empty.
    nps_page = (out / "hostile" / "reports" / "02_nps.html").read_text(encoding="utf-8")
    for value in (DEPARTMENT, TOUCHPOINT, OWNER_COLUMN, MEASUREMENT_COLUMN):
        assert html.escape(value, quote=False) in nps_page, value
    # The deck is XML: the name is its text, as written, on the title slide.
    deck = Presentation(str(out / "hostile" / "report.pptx"))
    title_texts = [shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame]
    assert any(NAME in text for text in title_texts), title_texts
