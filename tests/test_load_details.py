"""What the loader tells its reader, detail by detail: the account `validate` prints, the
supporting files' rows and messages, the sheet it reads, the text of each refusal.

Written for the survivors of load's mutation run (tests/MUTATION.md); each expectation is read
off the file the test writes.
"""

import json
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from nps_workbook import load_responses
from nps_workbook.errors import SurveyFileError
from nps_workbook.load import detect_delimiter, detect_encoding, load_table

ROOT = Path(__file__).resolve().parents[1]


def test_the_account_of_a_load_is_what_validate_prints(data_dir):
    summary = load_responses(data_dir / "danish_excel_export.csv").summary()
    # Counted in the file (tests/test_load.py::test_danish_*): 15 rows, one of them empty,
    # 8 answers and 7 rows rejected for 7 different reasons.
    score = (
        "Hvor sandsynligt er det, at du vil anbefale Nordlys IT til en ven eller kollega? (0-10)"
    )
    assert summary == {
        "file": "danish_excel_export.csv",
        "rows_read": 15,
        "accepted": 8,
        "rejected": 7,
        "empty_rows": 1,
        "reasons": {
            "date not recognised": 1,
            "duplicate response id": 1,
            "more fields than the header": 1,
            "score missing": 1,
            "score not a number": 1,
            "score not a whole number": 1,
            "score outside 0-10": 1,
        },
        "columns": {
            "comment": "Hvad er den væsentligste årsag til din score?",
            "date": "Dato",
            "respondent_id": "Kunde-ID",
            "response_id": "Svar-ID",
            "score": score,
        },
        "segments": ["Afdeling", "Omsætning (DKK)"],
        "encoding": "cp1252",
        "delimiter": ";",
        "decimal": ",",
        "date_order": "day-first",
        "date_order_assumed": False,
        "sheet": None,
        "notes": [],
        "timezone": "Europe/Copenhagen",
        "tool": None,
        "read_as": None,
        "scale": "0-10",
    }
    assert json.loads(json.dumps(summary)) == summary


# --- supporting files (customers, follow-up log, touchpoints) -------------------------------


def customers_csv(tmp_path, text: str, name="kunder.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("cp1252"))
    return path


def test_a_supporting_files_rows_keep_their_row_number_first_and_its_name(tmp_path):
    path = customers_csv(tmp_path, "Kunde-ID;Navn\r\nK1;Åse\r\nN/A;Bo\r\nK3;Cæsar\r\n")
    result = load_table(path, {"id": "Kunde-ID"}, config_key="customers", required=("id",))
    assert list(result.frame.columns) == ["row", "id", "Navn"]
    assert result.frame["row"].tolist() == [2, 4]
    assert result.frame["row"].dtype == "int64"
    assert list(result.frame.index) == [0, 1]
    assert result.source == "kunder.csv" and result.rows_read == 3
    # "N/A" is a spelling of no value, as the loader reads answers.
    assert result.rejected[["row", "reason", "detail"]].values.tolist() == [
        [3, "missing value: Kunde-ID", "blank"]
    ]


def test_a_supporting_files_decimal_mark_follows_its_delimiter(tmp_path):
    comma = customers_csv(tmp_path, "id,revenue\nA,1.500\nB,2\n", "comma.csv")
    semicolon = customers_csv(tmp_path, "id;revenue\nA;1.500\nB;2,5\n", "semicolon.csv")
    mapping = {"id": "id", "revenue": "revenue"}
    read = load_table(comma, mapping, config_key="customers", numbers=("revenue",))
    assert read.frame["revenue"].tolist() == [1.5, 2.0]
    read = load_table(semicolon, mapping, config_key="customers", numbers=("revenue",))
    assert read.frame["revenue"].tolist() == [1500.0, 2.5]


def test_a_supporting_files_mapping_messages_in_full(tmp_path):
    path = customers_csv(tmp_path, "Kunde-ID;Navn\r\nK1;Åse\r\n")
    with pytest.raises(SurveyFileError) as raised:
        load_table(path, {}, config_key="customers", key="id")
    assert str(raised.value) == (
        f"{path}: client.yml does not say which column holds 'id'; "
        "set customers.id to one of: 'Kunde-ID', 'Navn'"
    )
    with pytest.raises(SurveyFileError) as raised:
        load_table(path, {"id": "ID", "revenue": "Omsætning"}, config_key="customers")
    assert str(raised.value) == (
        f"{path}: client.yml names customers.id = 'ID', customers.revenue = 'Omsætning', but "
        "the file has no such column; its columns are: 'Kunde-ID', 'Navn'"
    )


# --- which sheet of a workbook --------------------------------------------------------------


def workbook(path, sheets: dict[str, list[list]]):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


ANSWERS = [["Svar-ID", "Anbefaling (0-10)"], ["S1", 9], ["S2", 3]]


def test_a_sheet_named_by_its_number_counts_from_zero(tmp_path, data_dir):
    path = workbook(tmp_path / "t.xlsx", {"Besvarelser": ANSWERS, "Noter": [["Note"], ["x"]]})
    assert load_responses(path, {"sheet": 0}).sheet == "Besvarelser"
    for number in (2, -1):
        with pytest.raises(SurveyFileError) as raised:
            load_responses(path, {"sheet": number})
        assert str(raised.value) == (
            f"{path}: has no sheet number {number}; its sheets are ['Besvarelser', 'Noter']"
        )
    with pytest.raises(SurveyFileError, match="found no score column among: 'Note'"):
        load_responses(path, {"sheet": 1})


def test_of_several_sheets_with_answers_the_message_proposes_the_last(tmp_path):
    path = workbook(tmp_path / "years.xlsx", {"2022": ANSWERS, "2023": ANSWERS, "2024": ANSWERS})
    with pytest.raises(SurveyFileError) as raised:
        load_responses(path)
    assert str(raised.value) == (
        f"{path}: 3 sheets hold answers under a score column: '2022', '2023', '2024'; name the "
        "one to read with 'sheet: 2024' in the config (responses: {sheet: ...} in client.yml), "
        "or put the answers in one sheet"
    )


def test_the_one_sheet_with_answers_is_found_under_the_mapped_score_column(tmp_path):
    rows = [["Kunde", "Hvad siger du?"], ["K1", 9], ["K2", 4]]
    path = workbook(tmp_path / "t.xlsx", {"Forside": [["Rapport"], ["2024"]], "Data": rows})
    result = load_responses(path, {"columns": {"score": "Hvad siger du?"}})
    assert result.sheet == "Data" and result.answers["score"].tolist() == [9, 4]
    assert "read sheet 'Data', the only one with answers, of ['Forside', 'Data']" in result.notes


def test_without_a_sheet_of_answers_the_first_sheet_is_read(tmp_path):
    path = workbook(tmp_path / "t.xlsx", {"Forside": [["Rapport"]], "Noter": [["Note"]]})
    with pytest.raises(SurveyFileError, match="found no score column among: 'Rapport'"):
        load_responses(path)


# --- the text of refusals -------------------------------------------------------------------


def test_a_zero_on_a_declared_1_10_scale_says_what_was_found(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("Score\n" + "\n".join(["10", "0", "5", "1", "7"]) + "\n", encoding="utf-8")
    result = load_responses(path, {"scale": "1-10"})
    assert result.rejected[["row", "reason", "detail"]].values.tolist() == [
        [3, "score 0 on a 1-10 scale", "found '0'; the survey asked 1 to 10"]
    ]


def test_a_file_without_columns_to_choose_from_says_none(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("Svar\nS1\n", encoding="utf-8")
    with pytest.raises(SurveyFileError) as raised:
        load_table(path, {}, config_key="customers", required=("id",))
    assert "set customers.id to one of: 'Svar'" in str(raised.value)


def test_an_unclosed_quote_is_placed_on_its_line_below_skipped_title_lines(tmp_path):
    path = tmp_path / "q.csv"
    lines = ["Kundetilfredshed 2024", "id,score,comment", "1,9,fin", '2,3,"aldrig lukket', "3,8,ok"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SurveyFileError) as raised:
        load_responses(path)
    assert str(raised.value) == (
        f'{path}: line 4: a value opens a quote (") that is never closed, so every line after '
        "it would be read as part of that one value; close the quote or remove it"
    )


def test_an_unclosed_quote_on_the_first_answer_line(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('id,score,comment\n1,9,"aldrig lukket\n2,8,ok\n', encoding="utf-8")
    with pytest.raises(SurveyFileError, match=r"q.csv: line 2: a value opens a quote"):
        load_responses(path)


def test_values_beyond_the_header_are_listed_each_in_quotes(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("id,score\n1,9\n2,7,Hansen, Mette\n3,8,,\n", encoding="utf-8")
    result = load_responses(path)
    assert result.answers["score"].tolist() == [9, 8]
    assert result.rejected[["row", "reason", "detail"]].values.tolist() == [
        [
            3,
            "more fields than the header",
            "extra values 'Hansen'; ' Mette' (a delimiter inside an unquoted value?)",
        ]
    ]


def test_bytes_cp1252_leaves_undefined_keep_their_latin1_meaning_in_a_mixed_file(tmp_path):
    # UTF-8 lines, then one line a cp1252 program wrote: Æ (0xC6) and byte 0x81, which cp1252
    # leaves undefined (latin-1 reads it as U+0081).
    path = tmp_path / "m.csv"
    path.write_bytes(
        "id;score;comment\n1;9;Søren på Ærø\n".encode()
        + b"2;3;\xc6ble \x81 og \x9d\n"
        + "3;8;blåbær\n".encode()
    )
    result = load_responses(path)
    assert result.encoding == "utf-8 with cp1252 lines"
    assert result.answers["comment"].tolist() == ["Søren på Ærø", "Æble \x81 og \x9d", "blåbær"]


def test_a_value_longer_than_the_csv_modules_limit_is_read_whole(tmp_path):
    path = tmp_path / "long.csv"
    long = "ord " * 70_000  # 280,000 characters: over the csv module's 131,072
    path.write_text(f'id,score,comment\n1,9,"{long}"\n2,3,"kort, men ""citeret"""\n', "utf-8")
    result = load_responses(path)
    assert result.answers["comment"].tolist() == [long.strip(), 'kort, men "citeret"']


def test_merged_cells_below_the_header_are_filled_and_counted(tmp_path):
    path = tmp_path / "merged.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    for row in [["Afdeling", "Score"], ["Drift", 9], [None, 7], [None, 3], ["Salg", 10]]:
        sheet.append(row)
    sheet.merge_cells("A2:A4")
    book.save(path)
    result = load_responses(path)
    assert result.answers["Afdeling"].tolist() == ["Drift", "Drift", "Drift", "Salg"]
    assert "2 cells of merged ranges filled with the range's value" in result.notes


def test_a_formula_without_a_saved_value_is_refused_from_the_header_row_down(tmp_path):
    # The header row is read too: a computed header without its value names no column.
    path = tmp_path / "f.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(["Svar", '=CONCAT("Sco","re")'])
    sheet.append(["S1", 9])
    book.save(path)
    with pytest.raises(SurveyFileError) as raised:
        load_responses(path)
    assert 'sheet \'Data\' cell B1 holds a formula (=CONCAT("Sco","re"))' in str(raised.value)
    sheet["B1"] = "Score"
    sheet["B2"] = "=4+5"
    book.save(path)
    with pytest.raises(SurveyFileError) as raised:
        load_responses(path)
    assert str(raised.value) == (
        f"{path}: sheet 'Data' cell B2 holds a formula (=4+5) with no saved value. The workbook "
        "was written by a program and never calculated: open it in Excel and save it, or export "
        "the sheet as CSV"
    )


def test_a_text_segment_stays_with_its_answer_after_a_rejected_row(tmp_path):
    path = tmp_path / "seg.csv"
    path.write_text("id;score;Afdeling\n1;9;Drift\n2;ved ikke;Salg\n3;4;Support\n", "utf-8")
    result = load_responses(path)
    assert result.answers[["response_id", "Afdeling"]].values.tolist() == [
        ["1", "Drift"],
        ["3", "Support"],
    ]


# --- dates an answer cannot have --------------------------------------------------------------


def test_answer_dates_run_from_1990_to_tomorrow(tmp_path):
    today = pd.Timestamp.now().normalize()
    day = pd.Timedelta(days=1)
    written = {
        "01-01-1990": None,  # the first day accepted
        "31-12-1989": ("date before 1990", "found '31-12-1989'"),
        today.strftime("%d-%m-%Y"): None,
        (today + day).strftime("%d-%m-%Y"): None,  # tomorrow: a client ahead of UTC
        (today + 2 * day).strftime("%d-%m-%Y"): "date in the future",
        # A long value is shown by its first 40 characters.
        "31-12-1989 11:59:59.123456789 PM GMT+01:00": (
            "date before 1990",
            "found '31-12-1989 11:59:59.123456789 PM GMT+01:'",
        ),
    }
    path = tmp_path / "dates.csv"
    rows = [f"{i};9;{text}" for i, text in enumerate(written, start=1)]
    path.write_text("id;score;Dato\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = load_responses(path)
    assert result.date_order == "day-first"
    rejected = result.rejected.set_index("id")
    for i, expected in enumerate(written.values(), start=1):
        if expected is None:
            assert str(i) in result.answers["response_id"].tolist(), i
        elif isinstance(expected, str):
            assert rejected.loc[str(i), "reason"] == expected
        else:
            assert tuple(rejected.loc[str(i), ["reason", "detail"]]) == expected


# --- telling encodings apart ----------------------------------------------------------------


def test_a_utf8_letter_cut_by_the_first_64_kb_is_still_utf8():
    head = b"a" * ((1 << 16) - 1)  # "æ" takes the last byte of the head and the first after it
    assert detect_encoding(head + "æble\n".encode()) == "utf-8"
    # A legacy byte after the head makes the file legacy, whatever its head says.
    assert detect_encoding(head + b"a" + "Æble\n".encode("cp1252")) == "cp1252"


def test_one_utf8_letter_in_a_legacy_file_is_not_enough_to_call_it_mixed():
    legacy = "Søren;9\n".encode("cp1252")
    assert detect_encoding(legacy + "Åse;7\n".encode()) == "cp1252"
    assert detect_encoding(legacy + "Åse og Ærø;7\n".encode()) == "utf-8 with cp1252 lines"


def test_a_large_joined_file_is_called_mixed_from_letters_at_either_end():
    legacy = ("x" * 99 + "\n").encode() * 30_000 + "Søren\n".encode("cp1252")  # 3 MB
    assert detect_encoding(legacy) == "cp1252"
    assert detect_encoding("Åse og Ærø\n".encode() + legacy) == "utf-8 with cp1252 lines"
    assert detect_encoding(legacy + "Åse og Ærø\n".encode()) == "utf-8 with cp1252 lines"


# --- workbooks ------------------------------------------------------------------------------


def test_a_tools_workbook_read_from_another_sheet_than_its_answers_says_which_holds_them():
    path = ROOT / "tests" / "data" / "tools" / "surveyxact.xlsx"
    assert load_responses(path, {"sheet": "Dataset"}).tool == "SurveyXact"
    with pytest.raises(SurveyFileError) as raised:
        load_responses(path, {"sheet": "Structure"})
    assert str(raised.value) == (
        f"{path}: sheet 'Structure' of this SurveyXact workbook does not hold the answers, sheet "
        "'Dataset' does: name that sheet in the config, or leave the sheet out and it is found"
    )


def test_title_rows_above_a_workbooks_header_are_named_in_a_note(tmp_path):
    long_title = "Kundetilfredshedsmåling for Nordlys IT, første halvår 2024 (foreløbig)"
    rows = [[long_title, None], ["Afdeling:", "Drift"], ["Svar", "Hvad siger du?"], ["S1", 9]]
    path = workbook(tmp_path / "titles.xlsx", {"Data": rows})
    result = load_responses(path, {"columns": {"score": "Hvad siger du?"}})
    assert result.answers["score"].tolist() == [9]
    assert result.answers["row"].tolist() == [4]
    assert result.notes == (
        f"2 row(s) above the header skipped: '{long_title[:60]}'; 'Afdeling: Drift'",
    )


def test_uncached_formulas_above_the_header_are_titles_not_answers(tmp_path):
    rows = [["=TODAY()"], ["Svar", "Score"], ["S1", 9], ["S2", 7]]
    path = workbook(tmp_path / "f.xlsx", {"Data": rows})
    result = load_responses(path)
    assert result.answers["score"].tolist() == [9, 7]
    book = openpyxl.load_workbook(path)
    book["Data"]["B4"] = "=4+5"
    book.save(path)
    with pytest.raises(SurveyFileError) as raised:
        load_responses(path)
    assert "sheet 'Data' cell B4 holds a formula (=4+5) with no saved value. The" in str(
        raised.value
    )


def test_several_uncached_formulas_are_listed_up_to_ten(tmp_path):
    rows = [["Svar", "Score"]] + [[f"S{i}", f"=A{i}"] for i in range(2, 14)]
    path = workbook(tmp_path / "f.xlsx", {"Data": rows})
    with pytest.raises(SurveyFileError) as raised:
        load_responses(path)
    cells = ", ".join(f"B{i}" for i in range(2, 12))
    assert str(raised.value) == (
        f"{path}: sheet 'Data' cell B2 holds a formula (=A2) with no saved value; 12 such "
        f"cells: {cells}. The workbook was written by a program and never calculated: open it "
        "in Excel and save it, or export the sheet as CSV"
    )


def test_a_whole_number_saved_as_a_decimal_is_read_as_the_whole_number(tmp_path):
    # Some programs save 9 as "9.0"; openpyxl reads it as the float 9.0.
    path = workbook(tmp_path / "n.xlsx", {"Data": [["Svar", "Score"], ["S1", 9], ["S2", 10]]})
    rewritten = tmp_path / "n2.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rewritten, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<v>9</v>", b"<v>9.0</v>").replace(b"<v>10</v>", b"<v>1E1</v>")
            target.writestr(item, data)
    result = load_responses(rewritten)
    assert result.answers["score"].tolist() == [9, 10]


def test_a_broken_workbook_says_what_it_is(data_dir):
    path = ROOT / "tests" / "data" / "bad" / "truncated.xlsx"
    with pytest.raises(SurveyFileError) as raised:
        load_responses(path)
    assert str(raised.value) == f"{path}: not a readable Excel workbook (File is not a zip file)"


def test_a_date_format_with_a_zone_reads_summer_and_winter_offsets_in_one_column(tmp_path):
    path = tmp_path / "z.csv"
    path.write_text(
        "id;score;Dato\n1;9;05-03-2024 10:00 +0100\n2;7;05-07-2024 10:00 +0200\n", encoding="utf-8"
    )
    result = load_responses(path, {"date_format": "%d-%m-%Y %H:%M %z"})
    assert result.answers["date"].tolist() == [
        pd.Timestamp("2024-03-05 10:00"),
        pd.Timestamp("2024-07-05 10:00"),
    ]


# --- reading a CSV's bytes ------------------------------------------------------------------


def test_zero_bytes_in_values_are_counted_and_a_trailing_block_of_them_is_not(tmp_path):
    path = tmp_path / "z.csv"
    path.write_bytes(b"id;score;comment\n1;9;go\x00d\n2;3;d\x00\x00rlig\n" + b"\x00" * 4096)
    result = load_responses(path)
    assert result.answers["comment"].tolist() == ["god", "drlig"]
    assert result.notes == ("3 zero bytes (NUL) removed from the values",)
    path.write_bytes(b"id;score\n1;9\n2;3\n" + b"\x00" * 4096)  # a crashed copy's tail
    result = load_responses(path)
    assert result.answers["score"].tolist() == [9, 3] and result.notes == ()


def test_a_mixed_file_says_it_read_both_encodings(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes("id;score;comment\n1;9;Søren på Ærø\n".encode() + b"2;3;\xc6ble\n")
    result = load_responses(path)
    assert result.notes == (
        "UTF-8 text with some lines in cp1252 (two exports joined?): read both",
    )


def test_a_forced_utf16_encoding_drops_the_byte_order_mark(tmp_path):
    path = tmp_path / "w.csv"
    path.write_bytes("\ufeffid\tscore\n1\t9\n".encode("utf-16-le"))
    result = load_responses(path, {"encoding": "utf-16-le"})
    assert result.columns.response_id == "id" and result.answers["score"].tolist() == [9]


def test_an_unknown_encoding_is_named(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("id;score\n1;9\n", encoding="utf-8")
    with pytest.raises(SurveyFileError) as raised:
        load_responses(path, {"encoding": "klingon"})
    assert str(raised.value) == f"{path}: 'klingon' is not a known text encoding"


def test_title_lines_above_a_csv_header_with_a_mapped_score_name(tmp_path):
    title = "Kundetilfredshedsmåling for Nordlys IT, første halvår 2024 (foreløbig tal)"
    path = tmp_path / "t.csv"
    path.write_text(f"{title}\nid;Hvad siger du?\n1;9\n2;4\n", encoding="utf-8")
    result = load_responses(path, {"columns": {"score": "Hvad siger du?"}})
    assert result.answers["score"].tolist() == [9, 4]
    assert result.answers["row"].tolist() == [3, 4]
    assert result.notes == (f"1 line(s) above the header skipped: '{title[:60]}'",)


def test_control_bytes_beyond_a_few_make_a_file_binary(tmp_path):
    path = tmp_path / "c.csv"
    text = "id;score;comment\n" + "".join(f"{i};9;ok\n" for i in range(40))
    path.write_bytes(text.encode() + b"40;9;" + b"\x01" * 8 + b"\n")
    assert len(load_responses(path).answers) == 41  # 8 control bytes: text with odd values
    path.write_bytes(text.encode() + b"40;9;" + b"\x01" * 9 + b"\n")
    with pytest.raises(SurveyFileError) as raised:
        load_responses(path)
    size = len(text) + 5 + 9 + 1
    assert str(raised.value) == (
        f"{path}: is not text: 9 control bytes in its first {size:,} bytes; expected a CSV "
        "export or an Excel workbook (.xlsx)"
    )


def test_a_file_of_one_column_is_read_with_a_comma():
    assert detect_delimiter("score\n9\n10\n") == ","
    # Two delimiters splitting alike: the one giving more fields wins.
    assert detect_delimiter("a;b,c;d\n1;2,3;4\n") == ";"
