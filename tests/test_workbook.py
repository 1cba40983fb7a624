from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from nps_workbook.pages import Table
from nps_workbook.workbook import FIGURES_MIME, open_workbook, recorded_figures

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"


@pytest.fixture(scope="module")
def danish():
    return open_workbook(SAMPLE / "dk-b2b-it")


def test_opens_in_the_clients_language_as_of_the_latest_answer(danish):
    assert danish.language == "da"
    assert danish.name == "Kvistholm Data A/S"
    assert danish.as_of == danish.answers["date"].max()


def test_language_and_date_can_be_overridden():
    wb = open_workbook(SAMPLE / "dk-b2b-it", language="en", as_of="2025-01-10")
    assert (wb.language, wb.as_of) == ("en", pd.Timestamp("2025-01-10"))
    assert wb.category("detractor") == "Detractors"


def test_table_formats_numbers_in_danish(danish):
    frame = pd.DataFrame({"Afdeling": ["Drift"], "nps": [26.4], "andel": [0.256], "n": [2992]})
    html = danish.table(frame, nps=["nps"], percent=["andel"], number=["n"]).to_html()
    assert "+26" in html and "26\xa0%" in html and "2.992" in html
    with pytest.raises(KeyError, match="no column"):
        danish.table(frame, nps=["NPS"])


def test_a_tables_cells_headers_and_caption_are_escaped(danish):
    frame = pd.DataFrame({"Afd<script>1</script>": ["<img src=x onerror=y>"], "n": [3]})
    html = danish.table(
        frame, headers={"n": "Svar <b>"}, caption="Tabel & <i>x</i>", number=["n"]
    ).to_html()
    for markup in ("<script>", "<img", "<b>", "<i>"):
        assert markup not in html
    assert "Afd&lt;script&gt;1&lt;/script&gt;" in html and "Svar &lt;b&gt;" in html
    assert "Tabel &amp; &lt;i&gt;x&lt;/i&gt;" in html and "&lt;img src=x onerror=y&gt;" in html


def test_a_page_table_brings_its_formats_and_headers(danish):
    frame = pd.DataFrame({"nps": [26.4], "andel": [0.256], "dag": ["2024-03-05"]})
    table = Table(
        frame, {"nps": ("nps",), "percent": ("andel",), "dates": ("dag",)}, {"nps": "NPS"}
    )
    html = danish.table(table).to_html()
    assert "+26" in html and "26\xa0%" in html and "05-03-2024" in html and ">NPS<" in html
    with pytest.raises(KeyError, match="no column"):
        Table(frame, {"number": ("n",)})
    with pytest.raises(ValueError, match="unknown table format"):
        Table(frame, {"currency": ("nps",)})


def test_show_displays_text_and_tables_in_order_and_skips_nothing_to_show(danish, monkeypatch):
    shown = []
    monkeypatch.setattr("nps_workbook.workbook.display", shown.append)
    danish.show("**Kritikere**", "", None, Table(pd.DataFrame({"n": [2992]}), {"number": ("n",)}))
    assert [type(part).__name__ for part in shown] == ["Markdown", "Styler"]
    assert shown[0].data == "**Kritikere**" and "2.992" in shown[1].to_html()


def test_money_in_the_clients_currency(danish):
    assert danish.money(1234567) == "1.234.567 kr."


def test_recorded_figures_round_trip(danish, capsys):
    danish.record(
        overall_nps=float("nan"), n=pd.Series([3]).iloc[0], when=pd.Timestamp("2024-12-31")
    )
    assert danish.figures == {"overall_nps": None, "n": 3, "when": "2024-12-31"}
    notebook = new_notebook(
        cells=[
            new_code_cell(
                outputs=[new_output("display_data", data={FIGURES_MIME: {"a": 1, "b": 2}})]
            ),
            new_code_cell(outputs=[new_output("display_data", data={FIGURES_MIME: {"b": 3}})]),
        ]
    )
    assert recorded_figures(nbformat.from_dict(notebook)) == {"a": 1, "b": 3}


def test_markdown_makes_what_values_bring_inert_and_keeps_the_texts_formatting():
    from markupsafe import Markup

    from nps_workbook.workbook import markdown

    shown = markdown('Kvist <script>alert("x")</script> & [a](javascript:y) **fed** `kode`')
    assert shown.data == (
        'Kvist &lt;script&gt;alert("x")&lt;/script&gt; &amp; [a]\\(javascript:y) **fed** `kode`'
    )
    assert markdown(Markup("a &amp; b")).data == "a &amp; b"  # escaped already: once is enough
