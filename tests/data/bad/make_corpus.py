"""Write the bad-input corpus: broken and awkward survey exports and client folders.

Every file in this folder except expected.yml and this script is written here, byte for byte
reproducibly, so the corpus is never edited by hand and `tests/test_bad_inputs.py` can check
that the committed files are what this script writes. EXPECTED.md is rendered from expected.yml.

    .venv/bin/python tests/data/bad/make_corpus.py          # rewrite the corpus in place
    .venv/bin/python tests/data/bad/make_corpus.py OUTDIR   # write it elsewhere (the test does)

The exports are small on purpose; the million-row file and the 300-MB comment are generated at
test time into a temporary folder and never committed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import yaml
from openpyxl.writer.excel import ExcelWriter

HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2025, 1, 10, 8, 0, 0)

FILES: dict[str, Callable[[], bytes]] = {}


def corpus_file(name: str):
    """Register a function returning a file's bytes under the file's name."""

    def register(make: Callable[[], bytes]) -> Callable[[], bytes]:
        FILES[name] = make
        return make

    return register


def lines(*rows: str, newline: str = "\n") -> str:
    return newline.join(rows) + newline


# The same ten answers recur in several files: score, comment, department.
TEN = [
    (10, "Altid hurtig hjælp fra Søren", "Drift"),
    (3, "Fakturaen var forkert – igen", "Økonomi"),
    (7, "Ok, men ventetiden er lang", "Support"),
    (9, "Godt samarbejde", "Drift"),
    (8, "", "Support"),
    (6, "Svært at få fat på nogen", "Økonomi"),
    (0, "Håbløst", "Support"),
    (9, "Fin service", "Drift"),
    (5, "Langsom levering", "Lager"),
    (10, "Fremragende rådgivning", "Drift"),
]


# --- delimiters, quoting, line endings -----------------------------------------------------


@corpus_file("semicolon_cp1252_decimal_comma.csv")
def _() -> bytes:
    rows = ["Svar-ID;Dato;Afdeling;Anbefaling (0-10);Kommentar;Omsætning (DKK)"]
    for n, (score, comment, department) in enumerate(TEN, start=1):
        rows.append(f"S-{n:03};{n:02}-03-2024;{department};{score};{comment};{n}.250,50")
    return lines(*rows, newline="\r\n").encode("cp1252")


@corpus_file("pipe_delimited.csv")
def _() -> bytes:
    rows = ["id|nps|comment"] + [f"{n}|{s}|{c}" for n, (s, c, _) in enumerate(TEN[:6], 1)]
    return lines(*rows).encode()


@corpus_file("tab_separated_named_csv.csv")
def _() -> bytes:
    rows = ["Response ID\tScore\tWhy?"] + [f"r{n}\t{s}\t{c}" for n, (s, c, _) in enumerate(TEN, 1)]
    return lines(*rows).encode()


@corpus_file("quoted_commas_newlines_quotes.csv")
def _() -> bytes:
    return lines(
        "Response ID,How likely are you to recommend us?,What is the main reason for your score?",
        'r1,10,"Fast, friendly, cheap"',
        'r2,2,"Parcel lost.\nNobody answered.\n\nNever again"',
        'r3,7,"It was ""fine"", I guess"',
        'r4,9,""',
        'r5,8,"Quote at the end """',
    ).encode()


@corpus_file("unclosed_quote.csv")
def _() -> bytes:
    return lines(
        "id;NPS;Kommentar",
        "1;9;Fint",
        '2;3;"Elendigt, kom aldrig',
        "3;10;Super",
        "4;8;Ok",
        "5;0;Nej tak",
    ).encode()


@corpus_file("ragged_rows.csv")
def _() -> bytes:
    return lines(
        "id,NPS,comment,region",
        "1,9,Good,North",
        "2,4,Too slow,South,extra,values",  # a comma in an unquoted comment
        "3,10",  # a short row: the missing values are blank
        "4,7,Fine,East",
        "5,8,Nice,West,",  # one empty field too many: nothing lost
    ).encode()


@corpus_file("trailing_delimiters.csv")
def _() -> bytes:
    rows = ["Svar-ID;NPS;Kommentar;"] + [f"S{n};{s};{c};" for n, (s, c, _) in enumerate(TEN, 1)]
    return lines(*rows).encode()


@corpus_file("excel_sep_line.csv")
def _() -> bytes:
    rows = ["sep=;", "Svar-ID;NPS;Kommentar"]
    rows += [f"S{n};{s};{c}" for n, (s, c, _) in enumerate(TEN[:5], 1)]
    return lines(*rows, newline="\r\n").encode("cp1252")


@corpus_file("repeated_header_rows.csv")
def _() -> bytes:
    header = "Svar-ID;NPS;Kommentar"
    first = [f"A{n};{s};{c}" for n, (s, c, _) in enumerate(TEN[:4], 1)]
    second = [f"B{n};{s};{c}" for n, (s, c, _) in enumerate(TEN[4:8], 1)]
    return lines(header, *first, header, *second).encode()


@corpus_file("cr_only_line_endings.csv")
def _() -> bytes:
    rows = ["id,NPS,comment"] + [f"{n},{s},note {n}" for n, (s, _, _) in enumerate(TEN[:5], 1)]
    return lines(*rows, newline="\r").encode()


@corpus_file("title_line_above_header.csv")
def _() -> bytes:
    rows = ["NPS-rapport Q3 2024", "Eksporteret 01-10-2024 08:00", "", "Svar-ID;NPS;Kommentar"]
    rows += [f"S{n};{s};{c}" for n, (s, c, _) in enumerate(TEN[:6], 1)]
    return lines(*rows).encode()


# --- encodings -------------------------------------------------------------------------------


def _english_rows(count: int = 6) -> list[str]:
    rows = ["Response ID,Score,Comment"]
    comments = ["Café au lait", "Naïve but nice", "Ærlig og ordentlig", "€5 too dear", "ok", "Ø"]
    scores = [10, 0, 7, 9, 8, 6]
    for n in range(count):
        rows.append(f"r{n + 1},{scores[n % 6]},{comments[n % 6]}")
    return rows


@corpus_file("utf8_bom_semicolon.csv")
def _() -> bytes:
    rows = ["Svar-ID;NPS;Kommentar"] + [f"S{n};{s};{c}" for n, (s, c, _) in enumerate(TEN, 1)]
    return lines(*rows).encode("utf-8-sig")


@corpus_file("utf16le_bom_tab.txt")
def _() -> bytes:
    rows = ["Svar-ID\tNPS\tKommentar"] + [f"S{n}\t{s}\t{c}" for n, (s, c, _) in enumerate(TEN, 1)]
    return lines(*rows, newline="\r\n").encode("utf-16")  # little-endian with BOM, as Excel


@corpus_file("utf16be_bom.csv")
def _() -> bytes:
    return b"\xfe\xff" + lines(*_english_rows()).encode("utf-16-be")


@corpus_file("utf16le_no_bom.csv")
def _() -> bytes:
    return lines(*_english_rows()).encode("utf-16-le")


@corpus_file("mixed_utf8_and_cp1252.csv")
def _() -> bytes:
    # Two exports glued together: the first in UTF-8, the rows appended later in cp1252.
    utf8 = lines("Svar-ID;NPS;Kommentar", "S1;9;Søren var sød", "S2;4;Åbningstiderne").encode()
    legacy = lines("S3;10;Ærlig snak", "S4;6;Øv, for dyrt", "S5;8;Æblet").encode("cp1252")
    return utf8 + legacy


@corpus_file("null_bytes.csv")
def _() -> bytes:
    body = lines("id,NPS,comment", "1,9,ok", "2,3,bro\x00ken", "3,10,fine", "4,7,\x00").encode()
    return body + b"\x00" * 512  # a crashed copy leaves a block of zero bytes at the end


@corpus_file("binary_png_named_csv.csv")
def _() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


# --- empty and nearly empty ------------------------------------------------------------------


@corpus_file("empty.csv")
def _() -> bytes:
    return b""


@corpus_file("blank_lines_only.csv")
def _() -> bytes:
    return b"\r\n\r\n   \r\n\t\r\n"


@corpus_file("header_only.csv")
def _() -> bytes:
    return b"Svar-ID;NPS;Kommentar\r\n"


@corpus_file("header_only_no_newline.csv")
def _() -> bytes:
    return b"Response ID,Score,Comment"


@corpus_file("all_scores_blank.csv")
def _() -> bytes:
    return lines("id,NPS,comment", "1,,a", "2, ,b", "3,NA,c", "4,-,d").encode()


@corpus_file("no_score_column.csv")
def _() -> bytes:
    return lines("Kunde;Tilfredshed;Kommentar", "A;4;God", "B;5;Fin").encode()


# --- columns -------------------------------------------------------------------------------


@corpus_file("duplicated_score_columns_differ.csv")
def _() -> bytes:
    rows = ["id;NPS;Kommentar;NPS"]
    rows += [f"{n};{s};{c};{10 - s}" for n, (s, c, _) in enumerate(TEN[:6], 1)]
    return lines(*rows).encode()


@corpus_file("duplicated_columns_same_values.csv")
def _() -> bytes:
    rows = ["id;NPS;Kommentar;NPS;Kommentar"]
    rows += [f"{n};{s};{c};{s};{c}" for n, (s, c, _) in enumerate(TEN[:6], 1)]
    return lines(*rows).encode()


# --- scores ----------------------------------------------------------------------------------


@corpus_file("scores_as_danish_words.csv")
def _() -> bytes:
    scores = ["ni", "Ti", "otte", "nul", "syv", "fem", "9 (Meget sandsynligt)", "ved ikke", "TI"]
    rows = ["Kundenummer;Anbefaling;Begrundelse"]
    rows += [f"{1000 + n};{s};svar {n}" for n, s in enumerate(scores, 1)]
    return lines(*rows).encode()


@corpus_file("scores_as_english_words.csv")
def _() -> bytes:
    scores = [
        "nine",
        "Ten",
        "zero",
        "seven",
        "10 - Extremely likely",
        "0 - Not at all likely",
        "N/A",
        "don't know",
        "Extremely likely",
    ]
    rows = ["Response ID,Likelihood to recommend,Comment"]
    rows += [f"r{n},{s},answer {n}" for n, s in enumerate(scores, 1)]
    return lines(*rows).encode()


def _scale_file(values: list[str]) -> bytes:
    rows = ["Svar-ID;Score;Kommentar"] + [f"S{n};{v};svar" for n, v in enumerate(values, 1)]
    return lines(*rows).encode()


@corpus_file("scale_0_5.csv")
def _() -> bytes:
    return _scale_file([str(n % 6) for n in range(30)])  # 0-5, five of each


@corpus_file("scale_1_5_labels.csv")
def _() -> bytes:
    labels = ["1 - Meget usandsynligt", "2", "3", "4", "5 - Meget sandsynligt"]
    return _scale_file([labels[n % 5] for n in range(25)])


@corpus_file("scale_1_10.csv")
def _() -> bytes:
    return _scale_file([str(1 + n % 10) for n in range(60)])  # 1-10, six of each


@corpus_file("happy_small_no_zero.csv")
def _() -> bytes:
    return _scale_file([str(8 + n % 3) for n in range(15)])


@corpus_file("happy_large_no_low_scores.csv")
def _() -> bytes:
    return _scale_file([str(5 + n % 6) for n in range(60)])  # nobody used 0 or 1


@corpus_file("decimals.csv")
def _() -> bytes:
    return lines(
        "id,NPS,comment",
        "1,9.0,a",
        "2,6.5,b",
        '3,"7,0",c',
        "4,8.25,d",
        "5,10.00,e",
        "6, 4 ,f",
    ).encode()


@corpus_file("negative_and_huge_scores.csv")
def _() -> bytes:
    values = ["-1", "11", "100", "99999999999999999999", "1e3", "-0", "+9", "0x0A", "10/10", "8"]
    rows = ["id,NPS"] + [f"{n},{v}" for n, v in enumerate(values, 1)]
    return lines(*rows).encode()


@corpus_file("huge_numbers_in_segments.csv")
def _() -> bytes:
    return lines(
        "id;NPS;Reference;Omsætning",
        "1;9;12345678901234567890123;1.000.000.000.000,50",
        "2;6;98765432109876543210987;12,00",
        "3;10;11111111111111111111111;-3.500,00",
    ).encode()


# --- dates -----------------------------------------------------------------------------------


def _dated(dates: list[str]) -> bytes:
    rows = ["Svar-ID;Dato;NPS"] + [f"S{n};{d};{n % 11}" for n, d in enumerate(dates, 1)]
    return lines(*rows).encode()


@corpus_file("dates_in_the_future.csv")
def _() -> bytes:
    return _dated(["05-03-2024", "01-01-2099", "2024-06-01", "2150-12-31", "31-12-2024"])


@corpus_file("dates_far_past.csv")
def _() -> bytes:
    return _dated(
        ["05-03-2024", "01-01-1900", "1899-12-30", "00-01-1900", "0001-01-01", "1985-07-01"]
    )


@corpus_file("dates_ambiguous_day_month.csv")
def _() -> bytes:
    return _dated(["01/02/2024", "03/04/2024", "05/06/2024", "12/11/2024"])


@corpus_file("dates_us_month_first.csv")
def _() -> bytes:
    return _dated(["01/02/2024", "03/25/2024", "12/31/2024", "07/04/2024"])


@corpus_file("dates_mixed_orders.csv")
def _() -> bytes:
    return _dated(["25/03/2024", "03/26/2024", "01/04/2024", "13/04/2024"])


# --- text that must stay text ----------------------------------------------------------------


@corpus_file("formula_injection_comments.csv")
def _() -> bytes:
    return lines(
        "id,NPS,comment",
        "1,0,\"=cmd|' /C calc'!A0\"",
        "2,3,+1+1",
        "3,9,@SUM(A1:A9)",
        "4,7,-2 days early",
        '5,10,"\tindented"',
        '6,5,"=HYPERLINK(""http://evil.example/"",""click"")"',
    ).encode()


@corpus_file("html_in_comments.csv")
def _() -> bytes:
    return lines(
        "id,NPS,comment",
        "1,2,<script>alert(1)</script>",
        '2,10,"<b>Great</b> & <i>fast</i>"',
        "3,8,<img src=x onerror=alert(1)>",
    ).encode()


# --- Excel -----------------------------------------------------------------------------------


def workbook_bytes(book: openpyxl.Workbook, cached: dict[str, dict[str, str]] | None = None):
    """The workbook as .xlsx bytes with fixed times, so the file is the same on every run.

    `cached` gives formula cells a saved value, as Excel stores it and openpyxl cannot:
    sheet file name -> cell reference -> value.
    """
    book.properties.creator = "nps-workbook tests"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            for cell, value in (cached or {}).get(info.filename, {}).items():
                data = re.sub(
                    # An empty value: <v/> from the standard library's writer, <v></v>
                    # from lxml's (openpyxl uses lxml when it is installed).
                    rf'(<c r="{cell}"[^>]*><f>[^<]*</f>)(?:<v\s*/>|<v></v>)'.encode(),
                    rf"\1<v>{value}</v>".encode(),
                    data,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, data)
    return out.getvalue()


HEADER = [
    "Svar-ID",
    "Dato",
    "Afdeling",
    "Hvor sandsynligt er det, at du vil anbefale os?",
    "Kommentar",
]


def _answers(sheet, first_row: int, count: int = 8) -> None:
    for offset, (score, comment, department) in enumerate(TEN[:count]):
        row = first_row + offset
        sheet.cell(row, 1, f"S-{offset + 1:03}")
        sheet.cell(row, 2, dt.datetime(2024, 9, offset + 1, 10, 30))
        sheet.cell(row, 3, department)
        sheet.cell(row, 4, score)
        sheet.cell(row, 5, comment or None)


@corpus_file("excel_title_rows_merged.xlsx")
def _() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Besvarelser"
    sheet["A1"] = "NPS-måling Q3 2024 – Nordlys IT"
    sheet.merge_cells("A1:E1")
    sheet["A2"] = "Eksporteret 01-10-2024 fra SurveyTool"
    sheet.merge_cells("A2:C2")
    for column, name in enumerate(HEADER, start=1):
        sheet.cell(4, column, name)
    _answers(sheet, first_row=5)
    sheet["D9"] = "ved ikke"  # one refused score, in spreadsheet row 9
    return workbook_bytes(book)


@corpus_file("excel_merged_department.xlsx")
def _() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    for column, name in enumerate(HEADER, start=1):
        sheet.cell(1, column, name)
    _answers(sheet, first_row=2, count=6)
    # The department written once per block, merged down over its answers.
    for top, bottom, name in ((2, 4, "Drift"), (5, 7, "Support")):
        for row in range(top, bottom + 1):
            sheet.cell(row, 3).value = None
        sheet.cell(top, 3, name)
        sheet.merge_cells(f"C{top}:C{bottom}")
    return workbook_bytes(book)


@corpus_file("excel_summary_then_data.xlsx")
def _() -> bytes:
    book = openpyxl.Workbook()
    summary = book.active
    summary.title = "Oversigt"
    summary.append(["Afdeling", "NPS", "Svar"])
    summary.append(["Drift", 35.2, 120])
    summary.append(["Support", -12.5, 80])
    data = book.create_sheet("Data")
    for column, name in enumerate(HEADER, start=1):
        data.cell(1, column, name)
    _answers(data, first_row=2, count=10)
    return workbook_bytes(book)


@corpus_file("excel_two_data_sheets.xlsx")
def _() -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "2023"
    book.create_sheet("2024")
    for sheet in book:
        for column, name in enumerate(HEADER, start=1):
            sheet.cell(1, column, name)
        _answers(sheet, first_row=2, count=5)
    return workbook_bytes(book)


@corpus_file("excel_formulas_cached.xlsx")
def _() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(["Svar-ID", "Rå score", "NPS", "Kommentar"])
    for n, (score, comment, _) in enumerate(TEN[:5], start=1):
        sheet.append([f"S{n}", score, f"=B{n + 1}", comment])
    cached = {f"C{n + 1}": str(score) for n, (score, _, _) in enumerate(TEN[:5], start=1)}
    return workbook_bytes(book, {"xl/worksheets/sheet1.xml": cached})


@corpus_file("excel_formula_uncached.xlsx")
def _() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(["Svar-ID", "Rå score", "NPS", "Kommentar"])
    for n, (score, comment, _) in enumerate(TEN[:5], start=1):
        sheet.append([f"S{n}", score, f"=B{n + 1}", comment])
    # Written by a script, never opened in Excel: only C2 and C3 have a saved value.
    return workbook_bytes(book, {"xl/worksheets/sheet1.xml": {"C2": "10", "C3": "3"}})


@corpus_file("excel_error_values.xlsx")
def _() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(["Svar-ID", "NPS"])
    for n, value in enumerate([9, "#N/A", "#DIV/0!", 7, "#VALUE!"], start=1):
        sheet.append([f"S{n}", value])
    return workbook_bytes(book)


@corpus_file("excel_empty_sheet.xlsx")
def _() -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "Ark1"
    return workbook_bytes(book)


@corpus_file("excel_header_only.xlsx")
def _() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    return workbook_bytes(book)


@corpus_file("excel_scores_as_text_and_floats.xlsx")
def _() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Response ID", "NPS", "Comment"])
    values = ["9", 9.0, "10 - Extremely likely", 6.5, " 8 ", 7.0000001, True, "0"]
    for n, value in enumerate(values, start=1):
        sheet.append([f"r{n}", value, f"row {n}"])
    return workbook_bytes(book)


@corpus_file("csv_named_xlsx.xlsx")
def _() -> bytes:
    rows = ["Svar-ID;NPS;Kommentar"] + [f"S{n};{s};{c}" for n, (s, c, _) in enumerate(TEN[:4], 1)]
    return lines(*rows).encode()


@corpus_file("truncated.xlsx")
def _() -> bytes:
    return FILES["excel_header_only.xlsx"]()[:300]


@corpus_file("old_excel.xls")
def _() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


# --- client folders --------------------------------------------------------------------------

RESPONSES = lines("Svar-ID;NPS;Kommentar", "S1;9;Fint", "S2;3;Dårligt").encode()
CLIENTS: dict[str, dict[str, bytes]] = {
    "tab_indented": {
        "client.yml": b"client: Nordlys\nfiles:\n\tresponses: responses.csv\n",
    },
    "unknown_key": {
        "client.yml": b"client: Nordlys\nfiles: {responses: responses.csv}\nlangauge: da\n",
    },
    "wrong_type": {
        "client.yml": b"client: Nordlys\nfiles: {responses: responses.csv}\n"
        b"loops:\n  loop1_max: seks\n",
    },
    "missing_responses_file": {
        "client.yml": b"client: Nordlys\nfiles: {responses: svar_2024.csv}\n",
    },
    "path_leaves_folder": {
        "client.yml": b"client: Nordlys\nfiles: {responses: ../other_client/responses.csv}\n",
    },
    "empty_client_yml": {"client.yml": b""},
    "comments_only_client_yml": {"client.yml": b"# client: Nordlys\n# files: ...\n"},
    "list_not_mapping": {"client.yml": b"- client: Nordlys\n- files: responses.csv\n"},
    "cp1252_client_yml": {
        "client.yml": "client: Nordlys Økonomi\nfiles: {responses: responses.csv}\n".encode(
            "cp1252"
        ),
    },
    "duplicate_keys": {
        "client.yml": b"client: Nordlys\nlanguage: da\nfiles: {responses: responses.csv}\n"
        b"language: en\n",
    },
    "bom_client_yml": {
        "client.yml": "client: Nordlys Å/S\nfiles: {responses: responses.csv}\n".encode(
            "utf-8-sig"
        ),
    },
    "scale_override": {
        "client.yml": b"client: Nordlys\nfiles: {responses: responses.csv}\n"
        b'responses:\n  scale: "0-10"  # the survey asked 0-10; nobody happened to answer 0\n',
        "responses.csv": FILES["scale_1_10.csv"](),
    },
}


def client_files() -> dict[str, bytes]:
    files = {}
    for name, contents in CLIENTS.items():
        contents = {"responses.csv": RESPONSES, **contents}
        for file, data in contents.items():
            files[f"clients/{name}/{file}"] = data
    return files


# --- the table -------------------------------------------------------------------------------


def expected_markdown(entries: list[dict]) -> str:
    """EXPECTED.md: the corpus table for people, rendered from expected.yml."""
    out = [
        "# The bad-input corpus: what each file gets wrong and what the kit does with it",
        "",
        "Generated by `make_corpus.py` from `expected.yml`, which tests/test_bad_inputs.py reads;",
        "edit expected.yml and rerun the script, never this file.",
        "",
        "| file | what is wrong | expected outcome |",
        "|---|---|---|",
    ]
    for entry in entries:
        name = entry["file"]
        if entry.get("config"):
            name += f" with `{yaml.safe_dump(entry['config'], default_flow_style=True).strip()}`"
        cells = (name, entry["problem"], describe_outcome(entry))
        out.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    out += [
        "",
        "Generated at test time, never committed: a million-row file (clean load of every row, the",
        "planted bad rows rejected) and a 300-MB comment (one clean answer, the comment intact).",
        "",
    ]
    return "\n".join(out)


def describe_outcome(entry: dict) -> str:
    if "error" in entry:
        found = "; ".join(f"'{text}'" for text in entry["message"])
        return f"{entry['error']} mentioning {found}"
    kind = "loads with rejections" if entry.get("rejected") else "clean load"
    parts = [f"{kind}: {entry['rows_read']} rows read, {entry['answers']} answers"]
    if entry.get("empty_rows"):
        parts.append(f"{entry['empty_rows']} empty rows skipped")
    for reason, count in entry.get("rejected", {}).items():
        parts.append(f"{count} rejected '{reason}'")
    return ", ".join(parts)


def write(folder: Path) -> list[Path]:
    """Write every corpus file and EXPECTED.md into `folder`; return the paths written."""
    written = []
    files = {name: make() for name, make in FILES.items()} | client_files()
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    entries = yaml.safe_load((HERE / "expected.yml").read_text(encoding="utf-8"))
    table = folder / "EXPECTED.md"
    table.write_text(expected_markdown(entries), encoding="utf-8")
    written.append(table)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for path in write(target):
        print(path.relative_to(target))
