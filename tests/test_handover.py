"""The hand-over: the follow-up workbook read back with openpyxl, messages, huddle, the CLI."""

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from nps_workbook.client_data import load_client_data
from nps_workbook.handover import (
    OVERDUE_FILL,
    client_cases,
    huddle_summary,
    message_drafts,
    write_followup_workbook,
)
from nps_workbook.texts import CATEGORY_COLOURS

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"
SCRIPT = Path(sys.executable).parent / "nps-workbook"
TODAY = dt.date(2025, 1, 10)


@pytest.fixture(scope="module")
def danish():
    return load_client_data(SAMPLES / "dk-b2b-it")


@pytest.fixture(scope="module")
def danish_book(danish, tmp_path_factory):
    path = tmp_path_factory.mktemp("book") / "opfoelgning.xlsx"
    write_followup_workbook(danish, path, today=TODAY)
    return openpyxl.load_workbook(path)


@pytest.fixture
def tiny(tmp_path):
    """A small English client whose comments try formula injection and carry HTML and e-mail."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "client.yml").write_text(
        "client: Tiny Shop\nlanguage: en\ncurrency: GBP\nfiles:\n  responses: responses.csv\n"
        "loops:\n  holidays: GB\n",
        encoding="utf-8",
    )
    (folder / "responses.csv").write_text(
        "response_id,customer_id,date,How likely are you to recommend Tiny Shop?,Why?\n"
        "1,C-1001,2024-06-03,2,\"=cmd|' /C calc'!A0\"\n"
        '2,C-1002,2024-06-04,10,"<b>Great</b> service, thanks! Mail me at jo@example.com"\n'
        '3,C-1003,2024-06-05,8,"@SUM(1+1)"\n'
        '4,C-1004,2024-06-05,9,"-2 days early, lovely"\n',
        encoding="utf-8",
    )
    return load_client_data(folder)


def header(sheet):
    return [cell.value for cell in sheet[1]]


def test_sheets_in_the_clients_language(danish_book):
    assert danish_book.sheetnames == [
        "Loop 1 Kritikere",
        "Loop 2 Passive",
        "Loop 3 Ambassadører",
        "Temaer",
        "Beskedudkast",
    ]


def test_loop_sheet_layout(danish_book, danish):
    sheet = danish_book["Loop 1 Kritikere"]
    titles = header(sheet)
    assert titles[:5] == ["Status", "Frist", "Arbejdsdage over frist", "Svardato", "Score"]
    assert "Kontaktpunkt" in titles and "Afdeling" in titles and "Kommentar" in titles
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(titles)).column_letter}{sheet.max_row}"
    assert sheet.column_dimensions["N"].width > sheet.column_dimensions["B"].width
    cases = client_cases(danish, today=TODAY)
    assert sheet.max_row - 1 == int((cases["loop"] == 1).sum())


def test_a_workbook_without_contact_details_names_no_customer_person(danish, tmp_path):
    path = write_followup_workbook(danish, tmp_path / "ud.xlsx", today=TODAY, contact_details=False)
    book = openpyxl.load_workbook(path)
    sheet = book["Loop 1 Kritikere"]
    titles = header(sheet)
    assert not {"Kontaktperson", "E-mail", "Telefon"} & set(titles)
    assert "Kunde-ID" in titles and "Kommentar" in titles
    cases = client_cases(danish, today=TODAY)
    assert sheet.max_row - 1 == int((cases["loop"] == 1).sum()), "every case is still listed"
    customers = danish.customers.frame
    personal = set(customers["email"].dropna()) | set(customers["phone"].dropna())
    personal |= set(customers["contact"].dropna()) - set(customers["owner"].dropna())
    cells = {
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }
    text = "\n".join(cells)
    assert not [value for value in personal if value in text]


def test_status_drop_down(danish_book):
    sheet = danish_book["Loop 1 Kritikere"]
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"Ny,Kontaktet,Lukket"'
    assert "A2" in validation.sqref
    assert {sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)} <= {
        "Ny",
        "Kontaktet",
        "Lukket",
    }


def test_dates_are_dates_and_overdue_rows_are_highlighted(danish_book):
    sheet = danish_book["Loop 1 Kritikere"]
    # Rows come most urgent first: the first is a detractor not called, past its deadline.
    deadline = sheet["B2"]
    assert isinstance(deadline.value, dt.datetime) and deadline.value.date() < TODAY
    assert deadline.number_format == "dd-mm-yyyy"
    # Amounts wear the reports' money format: 145.836 kr. as format_money writes it.
    revenue = header(sheet).index("Årlig omsætning") + 1
    assert sheet.cell(2, revenue).number_format == '#,##0" kr."'
    assert sheet["C2"].value > 0 and sheet["A2"].value == "Ny"
    assert sheet["B2"].fill.fgColor.rgb.endswith(OVERDUE_FILL)
    assert sheet["E2"].fill.fgColor.rgb.endswith(CATEGORY_COLOURS["detractor"].lstrip("#"))
    calm = [r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 3).value == 0]
    assert calm and not sheet.cell(calm[0], 2).fill.fgColor.rgb.endswith(OVERDUE_FILL)


def test_no_formula_cells_anywhere(danish_book):
    for sheet in danish_book:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row), sheet.title


def test_themes_and_messages_sheets(danish_book):
    themes = danish_book["Temaer"]
    assert header(themes)[:3] == ["Tema", "Kritikere", "Andel af kritikere"]
    assert {themes.cell(r, 1).value for r in range(2, themes.max_row + 1)} >= {"fakturering"}
    examples = " ".join(str(themes.cell(r, 8).value) for r in range(2, themes.max_row + 1))
    assert "@" not in examples  # anonymised: client.yml leaves anonymise_comments on
    # Each number column wears its format, found by its header: shares, lift and p, counts plain.
    formats = {name: themes.cell(2, i).number_format for i, name in enumerate(header(themes), 1)}
    assert formats["Andel af kritikere"] == formats["Andel af ambassadører"] == "0.0%"
    assert formats["Overvægt (gange)"] == "0.00"
    assert formats["p-værdi"] == '[<0.001]"< 0,001";0.000'  # as texts.format_p_value writes it
    assert formats["Kritikere"] == "General"
    messages = danish_book["Beskedudkast"]
    assert header(messages)[-1] == "Udkast til besked"
    first = messages.cell(2, messages.max_column).value
    assert first.startswith("Kære ") and "ud af 10" in first


def test_formula_injection_is_neutralised(tiny, tmp_path):
    path = write_followup_workbook(tiny, tmp_path / "tiny.xlsx", today="2024-06-10")
    book = openpyxl.load_workbook(path)
    comments = {}
    for sheet in book.worksheets[:3]:
        column = header(sheet).index("Comment") + 1
        for row in range(2, sheet.max_row + 1):
            cell = sheet.cell(row, column)
            comments[cell.value] = cell
    for text in ("=cmd|' /C calc'!A0", "@SUM(1+1)", "-2 days early, lovely"):
        assert comments[text].data_type == "s" and comments[text].quotePrefix
    for sheet in book:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)


def test_message_drafts_in_both_languages(danish, tiny):
    cases = client_cases(danish, today=TODAY)
    drafts = message_drafts(cases.head(2), client="Kvistholm Data A/S", language="da")
    first = cases.iloc[0]
    assert drafts.loc[0, "message"].startswith(f"Kære {first['contact']}")
    assert f"{first['score']} ud af 10" in drafts.loc[0, "message"]
    assert first["owner"] in drafts.loc[0, "message"]
    english = message_drafts(
        client_cases(tiny, today="2024-06-10"), client="Tiny Shop", language="en"
    ).set_index("response_id")
    assert "would make it a 10" in english.loc["3", "message"]
    assert english.loc["3", "message"].endswith("Kind regards,\nTiny Shop")
    assert "referral" not in english.loc["1", "message"]
    assert "introduction" in english.loc["2", "message"]
    assert english.loc["1", "message"].startswith("Dear customer,")


def test_huddle_summary_markdown(danish):
    text = huddle_summary(danish, TODAY)
    for heading in ("## Sager pr. loop", "## Sager over fristen", "## De vigtigste årsager"):
        assert heading in text
    assert "| Loop 1: Kritikere |" in text and "**fakturering**" in text
    assert "@" not in text


def test_huddle_summary_html_is_escaped_and_anonymised(tiny):
    html = huddle_summary(tiny, "2024-06-10", output="html")
    assert html.startswith("<!DOCTYPE html>")
    assert "&lt;b&gt;Great&lt;/b&gt;" in html and "<b>Great" not in html
    assert "jo@example.com" not in html and "[e-mail]" in html
    markdown = huddle_summary(tiny, "2024-06-10", language="da")
    assert "## Gode historier fra ambassadørerne" in markdown


def test_followup_command_end_to_end(tmp_path):
    client = shutil.copytree(SAMPLES / "dk-b2b-it", tmp_path / "dk-b2b-it")
    out = tmp_path / "out" / "opfoelgning.xlsx"
    huddle = tmp_path / "out" / "huddle.md"
    done = subprocess.run(
        [
            *(str(SCRIPT), "followup", str(client), "--out", str(out)),
            *("--today", "2025-01-10", "--huddle", str(huddle)),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "past their deadline" in done.stdout
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "Loop 1 Kritikere"
    assert huddle.read_text(encoding="utf-8").startswith("# Huddle 10-01-2025")


def test_followup_command_user_errors(tmp_path):
    done = subprocess.run(
        [str(SCRIPT), "followup", str(SAMPLES / "dk-b2b-it"), "--out", str(tmp_path / "x.csv")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and done.stderr.startswith("error: ") and ".xlsx" in done.stderr
    help_text = subprocess.run([str(SCRIPT), "followup", "--help"], capture_output=True, text=True)
    assert "Examples:" in help_text.stdout and "nps-workbook followup " in help_text.stdout


def followup(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT), "followup", *map(str, args)], capture_output=True, text=True, timeout=120
    )


def _latest_day_by_hand(responses: Path) -> str:
    """The latest dd-mm-yyyy date in a Danish export, read with the csv module."""
    import csv

    with responses.open(encoding="cp1252", newline="") as handle:
        days = []
        for row in csv.DictReader(handle, delimiter=";"):
            try:
                days.append(dt.datetime.strptime(row["Dato"].strip(), "%d-%m-%Y").date())
            except ValueError:
                continue  # the planted unreadable dates
    return max(days).isoformat()


def test_followup_counts_to_the_latest_answer_as_the_batch_does(tmp_path):
    latest = _latest_day_by_hand(SAMPLES / "dk-b2b-it" / "responses.csv")
    out = tmp_path / "q.xlsx"
    done = followup(SAMPLES / "dk-b2b-it" / "client.yml", "--out", out)
    assert done.returncode == 0, done.stderr
    assert f"from 30 days up to {latest}, " in done.stdout and done.stderr == ""
    assert " 0 cases" not in done.stdout
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert sheet.max_row > 1  # cases, not an empty workbook


def test_followup_says_when_the_window_holds_no_answers(tmp_path):
    latest = _latest_day_by_hand(SAMPLES / "dk-b2b-it" / "responses.csv")
    done = followup(SAMPLES / "dk-b2b-it", "--out", tmp_path / "q.xlsx", "--today", "2030-06-01")
    assert done.returncode == 0, done.stderr
    assert "0 cases from 30 days up to 2030-06-01" in done.stdout
    assert done.stderr.strip() == (
        f"note: no answers in the 30 days up to 2030-06-01; the latest answer is from {latest} "
        f"(--today {latest} counts to it)"
    )
