"""The files a batch leaves per client (nps_workbook/deliverables.py)."""

from __future__ import annotations

import datetime as dt
import shutil

import nbformat
import openpyxl
from conftest import SAMPLE_DATA

from nps_workbook import texts
from nps_workbook.deliverables import write_client_outputs


def test_a_declared_1_10_scale_is_stated_on_every_report_page(tmp_path):
    client = tmp_path / "client"
    shutil.copytree(SAMPLE_DATA / "dk-b2b-it", client)
    config = client / "client.yml"
    yml = config.read_text(encoding="utf-8")
    assert yml.count("  scale: check\n") == 2  # responses and the employee survey
    config.write_text(yml.replace("  scale: check\n", '  scale: "1-10"\n', 1), encoding="utf-8")
    out = tmp_path / "out"
    (out / "notebooks").mkdir(parents=True)
    executed = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Tal")])
    for name in ("02_nps", "03_loops"):
        nbformat.write(executed, out / "notebooks" / f"{name}.ipynb")

    written = write_client_outputs(
        client, out, ["02_nps", "03_loops"], generated=dt.date(2026, 12, 3)
    )

    note = texts.label("nps.scale_one_to_ten", "da")
    pages = [name for name in written if name.endswith(".html")]
    assert sorted(pages) == ["report.html", "reports/02_nps.html", "reports/03_loops.html"]
    for name in pages:
        assert (out / name).read_text(encoding="utf-8").count(note) == 1, name
    # The loop owners' workbook heads the score column with the scale.
    score = texts.label("loop.column.score", "da")
    for sheet in openpyxl.load_workbook(out / "followup.xlsx").worksheets[:3]:
        titles = [cell.value for cell in sheet[1]]
        assert f"{score} (1-10)" in titles and score not in titles, sheet.title
    # The sample's answers of 0 are off a 1-10 scale: rejected with their reason, not lost.
    rejected = (out / "rejected.csv").read_text(encoding="utf-8-sig")
    assert "score 0 on a 1-10 scale" in rejected


def test_a_0_10_client_has_no_scale_note(tmp_path):
    out = tmp_path / "out"
    (out / "notebooks").mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(), out / "notebooks" / "02_nps.ipynb")
    write_client_outputs(SAMPLE_DATA / "dk-b2b-it", out, ["02_nps"], generated=dt.date(2026, 12, 3))
    page = (out / "report.html").read_text(encoding="utf-8")
    assert 'class="meta note"' not in page and "1 til 10" not in page
    first = openpyxl.load_workbook(out / "followup.xlsx").worksheets[0]
    assert texts.label("loop.column.score", "da") in [cell.value for cell in first[1]]
