"""The loader on real-shaped exports (tests/data) and on public real ones (shared/realdata).

Expected values are counted by hand from the files, or independently with the csv module.
"""

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd
import pytest

from nps_workbook import load, load_responses
from nps_workbook.errors import ConfigError, SurveyFileError
from nps_workbook.load import detect_delimiter, detect_encoding
from nps_workbook.sample import generate_client

ROOT = Path(__file__).resolve().parents[1]


def assert_nothing_lost(result):
    assert len(result.answers) + len(result.rejected) == result.rows_read
    rows = sorted(result.answers["row"].tolist() + result.rejected["row"].tolist())
    assert len(rows) == len(set(rows))


# --- the Danish Excel export: cp1252, semicolons, decimal commas, dd-mm-yyyy, CRLF -----------


@pytest.fixture
def danish(data_dir):
    return load_responses(data_dir / "danish_excel_export.csv")


def test_danish_export_is_read_as_written(danish):
    assert (danish.encoding, danish.delimiter, danish.decimal) == ("cp1252", ";", ",")
    assert danish.date_order == "day-first" and not danish.date_order_assumed
    assert danish.columns.response_id == "Svar-ID"
    assert danish.columns.respondent_id == "Kunde-ID"
    assert danish.columns.date == "Dato"
    assert danish.columns.comment.startswith("Hvad er den væsentligste årsag")
    assert danish.segments == ("Afdeling", "Omsætning (DKK)")


def test_danish_letters_survive_cp1252(danish):
    comment = danish.answers.set_index("response_id").loc["S-001", "comment"]
    assert comment == "Altid hurtig hjælp fra Søren og Åse"
    assert "håbløst" in danish.answers["comment"].str.cat()


def test_danish_counts_by_hand(danish):
    # 16 data lines: one is bare semicolons (empty), 7 are broken, 8 are answers.
    assert (danish.rows_read, danish.empty_rows) == (15, 1)
    assert len(danish.answers) == 8
    assert_nothing_lost(danish)
    assert danish.answers["score"].tolist() == [10, 3, 7, 9, 8, 6, 0, 9]
    assert danish.answers["category"].value_counts().to_dict() == {
        "detractor": 3,
        "promoter": 3,
        "passive": 2,
    }


def test_danish_rejections_name_row_reason_and_value(danish):
    rejected = danish.rejected.set_index("row")
    expected = {
        9: ("score missing", "blank"),
        10: ("score outside 0-10", "found '11'"),
        11: ("score not a whole number", "found '6,5'"),
        12: ("date not recognised", "found 'i går'"),
        13: ("score not a number", "found 'ved ikke'"),
        14: ("duplicate response id", "'S-004' also in row 5"),
    }
    for row, (reason, detail) in expected.items():
        assert (rejected.loc[row, "reason"], rejected.loc[row, "detail"]) == (reason, detail)
    assert rejected.loc[17, "reason"] == "more fields than the header"
    assert "'5.000,00'" in rejected.loc[17, "detail"]
    # the raw values travel with the rejected row, as text
    assert rejected.loc[10, "Svar-ID"] == "S-008"
    assert danish.reasons["score missing"] == 1


def test_danish_dates_days_first_in_three_separators(danish):
    dates = danish.answers.set_index("response_id")["date"]
    assert dates["S-002"] == pd.Timestamp("2024-01-15")
    assert dates["S-005"] == pd.Timestamp("2024-02-14")  # 14.02.2024
    assert dates["S-006"] == pd.Timestamp("2024-02-29")  # 29/02/2024


def test_danish_numbers_become_numbers(danish):
    revenue = danish.answers.set_index("response_id")["Omsætning (DKK)"]
    assert revenue["S-001"] == pytest.approx(1_250_000.50)
    assert revenue["S-006"] == pytest.approx(99_999.99)


def test_a_quoted_semicolon_stays_inside_its_value(danish):
    comments = danish.answers.set_index("response_id")["comment"]
    assert comments["S-005"] == "Godt samarbejde; få fejl"


# --- other encodings and forms ---------------------------------------------------------------


def test_utf8_bom_with_text_scores_and_multiline_comments(data_dir):
    result = load_responses(data_dir / "utf8_bom_export.csv")
    assert result.encoding == "utf-8-sig"
    assert result.columns.response_id == "Response ID"  # the BOM is not part of the header
    assert result.answers["score"].tolist() == [10, 0, 7, 9, 8]
    assert result.answers["comment"].iloc[1] == "Parcel lost.\nNobody answered the phone"
    assert result.answers["comment"].iloc[3] == "Café-quality packaging — naïve but nice"
    assert result.rejected[["row", "reason"]].values.tolist() == [[6, "score missing"]]
    assert result.answers["Order value"].tolist() == [120.5, 35.0, 80.0, 15.99, 42.0]
    assert_nothing_lost(result)


def test_excel_unicode_text_is_utf16_with_tabs(data_dir):
    result = load_responses(data_dir / "excel_unicode_text.txt")
    assert (result.encoding, result.delimiter) == ("utf-16", "\t")
    assert result.answers["comment"].tolist()[2] == "Ærlig og ordentlig"
    assert result.answers["date"].tolist()[0] == pd.Timestamp("2024-10-01")


def test_danish_text_scores(data_dir):
    result = load_responses(data_dir / "danish_text_scores.csv")
    assert result.columns.score == "Anbefaling"
    assert result.columns.respondent_id == "Kundenummer"
    assert result.answers["score"].tolist() == [9, 0, 8, 10]
    assert result.answers["respondent_id"].tolist() == ["1001", "1002", "1003", "1004"]


def test_xlsx_with_date_cells_serial_dates_and_an_empty_row(data_dir):
    result = load_responses(data_dir / "excel_export.xlsx")
    assert result.sheet == "Besvarelser"
    answers = result.answers.set_index("response_id")
    assert answers["date"].to_dict() == {
        "A1": pd.Timestamp("2024-03-05 14:22"),  # a datetime cell keeps its time of day
        "A2": pd.Timestamp("2024-03-06"),
        "A3": pd.Timestamp("2024-03-08"),  # General-formatted serial 45359
        "A4": pd.Timestamp("2024-03-07"),  # typed as text 07-03-2024
        "A6": pd.Timestamp("2024-03-09"),
    }
    assert answers["score"].to_dict() == {"A1": 9, "A2": 3, "A3": 10, "A4": 7, "A6": 6}
    assert answers.loc["A6", "row"] == 8  # spreadsheet row, after the empty row 7
    assert result.rejected[["row", "reason"]].values.tolist() == [[6, "score outside 0-10"]]
    assert (result.rows_read, result.empty_rows) == (6, 1)
    assert answers.loc["A1", "Omsætning"] == pytest.approx(125000.5)


def test_xlsx_sheet_chosen_by_config(data_dir):
    with pytest.raises(SurveyFileError, match="found no score column among: 'Eksporteret"):
        load_responses(data_dir / "excel_export.xlsx", {"sheet": "Noter"})
    with pytest.raises(SurveyFileError, match=r"has no sheet 'Data'; its sheets are: \['Besv"):
        load_responses(data_dir / "excel_export.xlsx", {"sheet": "Data"})


def test_detect_encoding():
    assert detect_encoding("æøå".encode()) == "utf-8"
    assert detect_encoding("æøå".encode("cp1252")) == "cp1252"
    assert detect_encoding(b"\xef\xbb\xbfa") == "utf-8-sig"
    assert detect_encoding(b"caf\x82 \x90") == "latin-1"  # 0x90 is undefined in cp1252


def test_detect_delimiter_ignores_quoted_commas():
    assert detect_delimiter('a;b;c\n"Hansen, Mette";2;3\n') == ";"
    assert detect_delimiter("a,b\n1,2\n") == ","
    assert detect_delimiter("a\tb\n1\t2\n") == "\t"
    assert detect_delimiter("score\n9\n") == ","


# --- files that cannot be used ---------------------------------------------------------------


def test_missing_file(tmp_path):
    with pytest.raises(SurveyFileError, match="no such file"):
        load_responses(tmp_path / "nope.csv")


def test_empty_file(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"\r\n  \n")
    with pytest.raises(SurveyFileError, match=r"empty\.csv: the file is empty"):
        load_responses(tmp_path / "empty.csv")


def test_header_only_file_reads_zero_rows(tmp_path):
    (tmp_path / "header.csv").write_text("NPS;Kommentar\n", encoding="utf-8")
    result = load_responses(tmp_path / "header.csv")
    assert (result.rows_read, len(result.answers), len(result.rejected)) == (0, 0, 0)


def test_no_score_column_names_the_columns_and_the_fix(data_dir):
    with pytest.raises(SurveyFileError) as error:
        load_responses(data_dir / "no_score_column.csv")
    message = str(error.value)
    assert "no_score_column.csv" in message
    assert "'Kunde', 'Tilfredshed', 'Kommentar'" in message
    assert "--config" in message


def test_mapping_to_a_column_the_file_lacks(data_dir):
    with pytest.raises(SurveyFileError, match=r"columns.score = 'Anbefal'.*'Kunde'"):
        load_responses(data_dir / "no_score_column.csv", {"columns": {"score": "Anbefal"}})


def test_mapping_from_yaml_makes_an_unusual_column_the_score(data_dir):
    result = load_responses(data_dir / "no_score_column.csv", {"columns": {"score": "Tilfredshed"}})
    assert result.answers["score"].tolist() == [4, 5]


def test_old_xls_is_refused_with_advice(tmp_path):
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(SurveyFileError, match=r"\.xls\) workbook; save it as \.xlsx or CSV"):
        load_responses(tmp_path / "old.xls")


def test_broken_config_is_a_config_error(data_dir, tmp_path):
    bad = tmp_path / "mapping.yml"
    bad.write_text("colums:\n  score: NPS\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"mapping\.yml: unknown key 'colums'"):
        load_responses(data_dir / "danish_text_scores.csv", bad)


def test_segment_named_like_a_tidy_column_is_kept_under_another_name(tmp_path):
    (tmp_path / "s.csv").write_text("NPS,score\n9,high\n", encoding="utf-8")
    result = load_responses(tmp_path / "s.csv")
    assert result.answers["score"].tolist() == [9]
    assert result.answers["score (source)"].tolist() == ["high"]


# --- public real exports (shared/realdata) ---------------------------------------------------


def csv_records(path, encoding, delimiter=","):
    with open(path, encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def nps_by_hand(values):
    promoters = sum(v >= 9 for v in values)
    detractors = sum(v <= 6 for v in values)
    return 100 * (promoters - detractors) / len(values)


def test_r_nps_testdata_needs_a_mapping_then_matches(realdata, data_dir):
    path = realdata / "rnps_testdata.csv"
    with pytest.raises(SurveyFileError, match="'REC'"):
        load_responses(path)
    result = load_responses(path, data_dir / "rnps_mapping.yml")
    records = csv_records(path, "utf-8")
    assert result.rows_read == len(records) == 1000
    assert_nothing_lost(result)
    valid = [int(r["REC"]) for r in records if r["REC"] not in ("", "NA")]
    assert len(result.answers) == len(valid)
    assert result.answers["category"].eq("promoter").sum() == sum(v >= 9 for v in valid)
    assert result.answers["date"].min() >= pd.Timestamp("2012-01-01")
    assert set(result.segments) >= {"BU", "PRODUCT", "Account", "Region"}


@pytest.mark.parametrize("name", ["nps_latin1_lf.csv", "nps_latin1_crlf.csv"])
def test_botanic_latin1_with_na_scores(realdata, name):
    path = realdata / "botanic_fr" / name
    records = csv_records(path, "latin-1")
    scores = [int(r["nps"]) for r in records if r["nps"] not in ("NA", "")]
    # The survey ran 1-10: 1 is used, 0 never. Refused unless the config says it was 0-10.
    assert min(scores) == 1 and scores.count(1) >= 5
    with pytest.raises(SurveyFileError, match=r"'nps' look like a 1-10 scale.*scale: \"0-10\""):
        load_responses(path)
    result = load_responses(path, {"scale": "0-10"})
    assert result.encoding == "latin-1"
    assert result.columns.score == "nps"
    assert result.columns.comment == "explication"
    assert result.rows_read == len(records)
    assert_nothing_lost(result)
    missing = sum(r["nps"] in ("NA", "") for r in records)
    assert result.reasons.get("score missing", 0) == missing
    assert len(result.answers) == len(records) - missing
    assert result.answers["comment"].str.contains("très", regex=False).any()
    assert result.answers["CaTicket"].min() < 0  # negative spend is data, not an error


def test_uk_telecom_scores_agree_with_the_exported_category(realdata):
    path = realdata / "textsummary_verbatim" / "verbatim.csv"
    result = load_responses(path)
    records = csv_records(path, "utf-8")
    assert result.columns.score == "NPS_SCORE"
    assert result.date_order == "day-first" and not result.date_order_assumed
    assert_nothing_lost(result)
    blank = sum(r["NPS_SCORE"] in ("", "NA") for r in records)
    assert result.reasons == {"score missing": blank}
    # Independent check: the tool's own category column (a segment here) agrees with ours.
    assert (result.answers["NPS_RATING"].str.lower() == result.answers["category"]).all()


@pytest.mark.parametrize(
    ("name", "config"),
    [("input_01.csv", {"date_order": "month-first"}), ("input_02.csv", None)],
)
def test_sudzilla_matches_the_published_answer(realdata, name, config):
    # Preppin' Data's published answer: NPS -35.9 from 39 answers, 8 promoters, 22 detractors.
    result = load_responses(realdata / "prepdata_sudzilla" / name, config)
    categories = result.answers["category"].value_counts()
    assert len(result.answers) == 39
    assert (categories["promoter"], categories["detractor"]) == (8, 22)
    assert round(100 * (8 - 22) / 39, 1) == -35.9
    assert result.answers["date"].dt.month.eq(11).all()  # the conference was in November 2019


def test_prep_air_matches_the_published_answer(realdata):
    # The challenge's rule: NPS = floor(% promoters) - floor(% detractors); published: 21.
    result = load_responses(realdata / "prepdata_prepair" / "input_02.csv")
    counts = result.answers["category"].value_counts()
    n = len(result.answers)
    assert int(100 * counts["promoter"] / n) - int(100 * counts["detractor"] / n) == 21
    assert result.columns.respondent_id == "CustomerID"


def test_bom_file_with_two_why_columns(realdata):
    path = realdata / "prepdata_cbs_dedup" / "input_03.csv"
    result = load_responses(path)
    assert result.encoding == "utf-8-sig"
    assert result.columns.score.startswith("Would you recommend")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        raw = list(csv.reader(io.StringIO(handle.read())))
    assert result.rows_read == len(raw) - 1
    assert_nothing_lost(result)


# --- the bundled sample clients --------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "path"),
    [
        ("dk-b2b-it", "dk-b2b-it/responses.csv"),
        ("uk-webshop", "uk-webshop/responses.csv"),
        ("dk-b2b-it-enps", "dk-b2b-it/employee_survey.csv"),
    ],
)
def test_sample_clients_reject_exactly_the_planted_defects(slug, path):
    result = load_responses(ROOT / "sample_data" / path)
    planted = generate_client(slug)["defects"]
    assert_nothing_lost(result)
    # The generator's manifest counts data rows from 0; spreadsheet rows start at 2.
    assert sorted(result.rejected["row"]) == sorted(planted["row"] + 2)
    assert result.rows_read == len(generate_client(slug)["responses"])


# --- supporting files ----------------------------------------------------------------------


def test_customer_file_with_danish_numbers_dates_and_bad_rows(tmp_path):
    from nps_workbook.load import load_table

    path = tmp_path / "kunder.csv"
    path.write_bytes(
        (
            "Kunde-ID;Navn;Omsætning;Kunde siden\r\n"
            "K1;Åse A/S;1.250.000,50;01-02-2020\r\n"
            "K2;Bøg ApS;ukendt;03-04-2021\r\n"  # not a number
            ";Ø-Data;10,00;05-06-2022\r\n"  # no id
            "K1;Dublet;5,00;07-08-2023\r\n"  # repeated id
            "K3;Cæsar;0,5;i fjor\r\n"  # not a date
            "K4;Dorthe;2.000;\r\n"  # blank date is allowed
        ).encode("cp1252")
    )
    result = load_table(
        path,
        {"id": "Kunde-ID", "revenue": "Omsætning", "since": "Kunde siden"},
        config_key="customers",
        required=("id",),
        numbers=("revenue",),
        dates=("since",),
        key="id",
    )
    assert result.rows_read == 6
    assert len(result.frame) + len(result.rejected) == 6
    assert result.frame["id"].tolist() == ["K1", "K4"]
    assert result.frame["revenue"].tolist() == [1_250_000.5, 2000.0]
    assert result.frame["Navn"].tolist() == ["Åse A/S", "Dorthe"]
    assert result.frame["since"].iloc[0] == pd.Timestamp("2020-02-01")
    assert pd.isna(result.frame["since"].iloc[1])
    assert result.rejected[["row", "reason"]].values.tolist() == [
        [3, "not a number: Omsætning"],
        [4, "missing value: Kunde-ID"],
        [5, "duplicate key"],
        [6, "Kunde siden not recognised"],
    ]


def test_supporting_file_mapping_errors(tmp_path):
    from nps_workbook.load import load_table

    path = tmp_path / "log.csv"
    path.write_text("Svar;Dato\n1;01-01-2024\n", encoding="utf-8")
    with pytest.raises(SurveyFileError, match=r"followups.contacted = 'Kontaktet'.*'Svar', 'Dato'"):
        load_table(path, {"contacted": "Kontaktet"}, config_key="followups", dates=("contacted",))
    with pytest.raises(SurveyFileError, match=r"set followups.response_id to one of: 'Svar'"):
        load_table(path, {}, config_key="followups", required=("response_id",))


# --- encodings without marks, and answers on another scale ----------------------------------


def test_detect_encoding_without_a_byte_order_mark():
    assert detect_encoding("NPS,Kommentar\n9,Søren\n".encode("utf-16-le")) == "utf-16-le"
    assert detect_encoding("NPS,Kommentar\n9,Søren\n".encode("utf-16-be")) == "utf-16-be"
    glued = "NPS;Kommentar\n9;Søren og Åse\n".encode() + "3;Ærgerligt\n".encode("cp1252")
    assert detect_encoding(glued) == "utf-8 with cp1252 lines"
    # cp1252 letters before punctuation that happen to form UTF-8 ("Å€") do not make it mixed.
    assert detect_encoding("Årsag;NPS\nÅ€;9\nØ’;3\n".encode("cp1252")) == "cp1252"


def scale_file(tmp_path, scores):
    path = tmp_path / "scale.csv"
    path.write_text("NPS\n" + "\n".join(str(s) for s in scores) + "\n", encoding="utf-8")
    return path


def test_a_0_5_scale_is_refused_from_ten_answers_on(tmp_path):
    nine = scale_file(tmp_path, [0, 1, 2, 3, 4, 5, 5, 4, 3])
    assert len(load_responses(nine).answers) == 9  # too few to tell
    with pytest.raises(SurveyFileError, match=r"look like a 0-5 scale.*none of 10 answers"):
        load_responses(scale_file(tmp_path, [0, 1, 2, 3, 4, 5, 5, 4, 3, 2]))
    declared = load_responses(scale_file(tmp_path, [0, 1, 2, 3, 4, 5] * 2), {"scale": "0-10"})
    assert len(declared.answers) == 12


def test_a_1_10_scale_is_refused_when_1_is_used_five_times_and_0_never(tmp_path):
    four_ones = [1] * 4 + list(range(2, 11)) * 10
    assert len(load_responses(scale_file(tmp_path, four_ones)).answers) == 94
    with pytest.raises(SurveyFileError, match=r"1-10 scale.*5 of 95 answers are 1 and none is 0"):
        load_responses(scale_file(tmp_path, [1, *four_ones]))
    with_zero = [0, 1, *four_ones]
    assert len(load_responses(scale_file(tmp_path, with_zero)).answers) == 96


def test_a_declared_1_10_scale_is_scored_with_the_usual_cut_offs_and_0_refused(tmp_path):
    # 1..10 once each, two more 10s, and a 0 that cannot be on the scale (row 14).
    with pytest.raises(SurveyFileError, match=r"1-10 scale.*declare it with 'scale: \"1-10\"'"):
        load_responses(scale_file(tmp_path, [*range(1, 11)] * 5))
    path = scale_file(tmp_path, [*range(1, 11), 10, 10, 0])
    result = load_responses(path, {"scale": "1-10"})
    assert result.scale == "1-10" and result.summary()["scale"] == "1-10"
    assert result.rows_read == 13 and len(result.answers) == 12
    assert result.reasons == {"score 0 on a 1-10 scale": 1}
    assert result.rejected.set_index("reason").loc["score 0 on a 1-10 scale", "row"] == 14
    # By hand: 1-6 six detractors, 7-8 two passives, 9 and three 10s four promoters.
    counts = result.answers["category"].value_counts()
    assert (counts["detractor"], counts["passive"], counts["promoter"]) == (6, 2, 4)
    assert load_responses(path, {"scale": "0-10"}).scale == "0-10"


def test_title_lines_and_excel_sep_line_above_a_csv_header(tmp_path):
    path = tmp_path / "title.csv"
    path.write_text("sep=;\nNPS-måling\n\nSvar-ID;NPS\nA;9\nB;3\n", encoding="utf-8")
    result = load_responses(path)
    assert result.delimiter == ";" and result.answers["score"].tolist() == [9, 3]
    # Excel hides the sep= line; the title and blank line are rows 1-2, the header row 3.
    assert result.answers["row"].tolist() == [4, 5]
    assert any("2 line(s) above the header skipped: 'NPS-måling'" in n for n in result.notes)


# --- large exports: read as bytes, a column per distinct value or as plain text --------------

# More lines than the loader samples to tell columns whose values hardly repeat (read as plain
# text) from those it dictionary-encodes: both forms are in play from here on.
MANY = 120


def write_rows(path, header, rows, encoding, delimiter=";"):
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def legacy_rows(dash="–", euro="€"):
    departments = [f"Køkken {dash} Århus", f"Salg {euro}", "Drift"]
    return [
        [
            str(500 + i),
            f"2024-03-05 08:{i // 60:02d}:{i % 60:02d}",  # a timestamp per row
            departments[i % 3],
            f"{i}.{i:03d},50",  # Danish thousands and decimals, a different amount per row
            str(i % 11),
            f"Svar {i}: æøå {dash} {i} {euro}",  # a different comment per row
        ]
        for i in range(MANY)
    ]


LEGACY_HEADER = ["Svar-ID", "Dato", "Afdeling", "Omsætning", "NPS", "Kommentar"]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
def test_letters_numbers_and_dates_survive_in_repeated_and_unique_columns(tmp_path, encoding):
    rows = legacy_rows()
    path = write_rows(tmp_path / "export.csv", LEGACY_HEADER, rows, encoding)
    result = load_responses(path)
    assert result.encoding == encoding and len(result.answers) == MANY
    answers = result.answers
    assert answers["comment"].tolist() == [row[5] for row in rows]
    assert answers["Afdeling"].tolist() == [row[2] for row in rows]
    assert answers["Omsætning"].tolist() == [i * 1000 + i + 0.5 for i in range(MANY)]
    assert answers["date"].tolist() == [pd.Timestamp(row[1]) for row in rows]
    assert answers["response_id"].tolist() == [str(500 + i) for i in range(MANY)]


def test_a_long_export_is_sampled_throughout_to_choose_how_columns_are_read(tmp_path):
    # Sorted by time, the first lines repeat their minute and leave their comments empty; the
    # rest of the file does neither. Read either way, every cell keeps its text.
    rows = [
        [
            str(7000 + i),
            f"05-03-2024 08:{min(i, 200) // 60:02d}"
            if i < 200
            else f"{1 + i % 28:02d}-04-2024 {i % 24:02d}:{i % 60:02d}:{i % 59:02d}",
            ["Køkken", "Salg", "Drift"][i % 3],
            str(i % 11),
            "" if i < 200 else f"Svar {i}: æøå – {i * 7} €",
        ]
        for i in range(3000)
    ]
    header = ["Svar-ID", "Dato", "Afdeling", "NPS", "Kommentar"]
    path = write_rows(tmp_path / "long.csv", header, rows, "cp1252")
    assert path.stat().st_size > load._HEAD_BYTES
    table = load.read_table(path)
    # Times and comments hardly repeat across the file: read as plain text, a value per cell.
    assert len(table.columns["Kommentar"].values) == len(rows)
    assert len(table.columns["Afdeling"].values) == 3
    answers = load_responses(path).answers
    assert answers["comment"].tolist() == [row[4] or pd.NA for row in rows]
    assert answers["Afdeling"].tolist() == [row[2] for row in rows]
    assert answers["date"].tolist() == [
        pd.Timestamp(
            dt.datetime.strptime(
                row[1], "%d-%m-%Y %H:%M:%S" if row[1].count(":") == 2 else "%d-%m-%Y %H:%M"
            )
        )
        for row in rows
    ]


def test_a_latin1_export_keeps_the_bytes_cp1252_leaves_undefined(tmp_path):
    rows = legacy_rows()
    rows[7][5] = "Kontroltegn og “citat”"
    path = write_rows(tmp_path / "export.csv", LEGACY_HEADER, rows, "cp1252")
    # 0x81 is no cp1252 character: the file is latin-1
    path.write_bytes(path.read_bytes().replace(b"Kontroltegn", b"Kontrol\x81tegn"))
    result = load_responses(path)
    assert result.encoding == "latin-1"
    # latin-1 reads every byte as the character of that number, 0x93 as U+0093
    assert result.answers["comment"].iloc[7] == "Kontrol\x81tegn og \x93citat\x94"


def test_legacy_text_that_grows_past_32_bit_offsets_is_kept_whole(tmp_path, monkeypatch):
    # Decoding can make a column three times longer than its bytes; past 2 GB Arrow needs
    # 64-bit offsets. A small limit stands in for the 2 GB here.
    monkeypatch.setattr(load, "_STRING_BYTES", 20)
    rows = legacy_rows()
    result = load_responses(write_rows(tmp_path / "x.csv", LEGACY_HEADER, rows, "cp1252"))
    assert result.answers["comment"].tolist() == [row[5] for row in rows]
    assert result.answers["Afdeling"].tolist() == [row[2] for row in rows]


@pytest.mark.parametrize("codec", sorted(load._SINGLE_BYTE))
def test_encodings_parsed_as_bytes_have_one_byte_per_character_and_ascii_below_128(codec):
    # The loader splits such files into cells before decoding: that is only right if a
    # delimiter, quote or line end can never be part of another character.
    assert bytes(range(128)).decode(codec) == "".join(map(chr, range(128)))
    assert all(len(bytes([b]).decode(codec, errors="replace")) == 1 for b in range(128, 256))


def test_a_forced_single_byte_encoding_other_than_cp1252(tmp_path):
    rows = legacy_rows(dash="-", euro="EUR")  # DOS code pages have neither
    path = write_rows(tmp_path / "dos.csv", LEGACY_HEADER, rows, "cp850")
    result = load_responses(path, {"encoding": "cp850"})
    assert result.answers["comment"].tolist() == [row[5] for row in rows]
    assert result.answers["Afdeling"].iloc[0] == "Køkken - Århus"


@pytest.mark.parametrize(("encoding", "byte"), [("ascii", b"\xe6"), ("cp1252", b"\x81")])
def test_a_forced_encoding_the_file_does_not_fit_names_the_byte(tmp_path, encoding, byte):
    rows = legacy_rows()
    rows[30][5] = "et ord"
    data = ("\r\n".join(";".join(r) for r in [LEGACY_HEADER, *rows]) + "\r\n").encode("cp1252")
    data = data.replace(b"et ord", b"et " + byte + b"ord")
    (tmp_path / "x.csv").write_bytes(data)
    expected = f"cannot be read as {encoding}: byte {byte!r} at position {data.index(byte)}"
    with pytest.raises(SurveyFileError, match=re.escape(expected)):
        load_responses(tmp_path / "x.csv", {"encoding": encoding})


# --- response ids: repeats in every spelling --------------------------------------------------


def id_file(tmp_path, ids, filler=0):
    """A file of `filler` distinct numeric ids, then `ids`; returns it and the rows of `ids`."""
    all_ids = [str(900000 + i) for i in range(filler)] + ids
    rows = [[value, "9"] for value in all_ids]
    path = write_rows(tmp_path / "ids.csv", ["Svar-ID", "NPS"], rows, "utf-8")
    return path, list(range(filler + 2, filler + 2 + len(ids)))


@pytest.mark.parametrize("filler", [0, MANY])
def test_repeated_ids_after_trimming_but_not_other_spellings_of_a_number(tmp_path, filler):
    ids = ["17", " 17", "017", "0x11", "-5", "-5", "", "NA", "", "R1", "r1", "R1 "]
    path, rows = id_file(tmp_path, ids, filler)
    result = load_responses(path)
    assert result.rejected[["row", "detail"]].values.tolist() == [
        [rows[1], f"'17' also in row {rows[0]}"],
        [rows[5], f"'-5' also in row {rows[4]}"],
        [rows[11], f"'R1' also in row {rows[9]}"],
    ]
    assert set(result.rejected["reason"]) == {"duplicate response id"}


@pytest.mark.parametrize(
    "ids",
    [
        [str(100000 + i) for i in range(MANY)] + ["100003", "100003", "100119"],  # counting up
        [str(7 * 10**15 + i * 10**12) for i in range(MANY)] + [str(7 * 10**15)],  # far apart
        [str(-i) for i in range(MANY)] + ["-3"],
    ],
)
def test_repeated_numeric_ids_point_at_their_first_row(tmp_path, ids):
    path, rows = id_file(tmp_path, ids)
    result = load_responses(path)
    first = {}
    expected = []
    for row, value in zip(rows, ids, strict=True):
        if value in first:
            expected.append([row, f"'{value}' also in row {first[value]}"])
        first.setdefault(value, row)
    assert result.rejected[["row", "detail"]].values.tolist() == expected
    assert len(result.answers) == len(ids) - len(expected)


def test_empty_rows_are_found_whichever_column_holds_fewest_values(tmp_path):
    rows = [[str(i), str(i % 11), " " if i % 2 else ""] for i in range(MANY)]
    rows[40] = ["", "", ""]
    rows[41] = [" ", "", "  "]
    rows[42] = ["42", "", ""]  # not empty: an id and no score
    path = write_rows(tmp_path / "blank.csv", ["Svar-ID", "NPS", "Fase"], rows, "utf-8")
    result = load_responses(path)
    assert (result.rows_read, result.empty_rows) == (MANY - 2, 2)
    assert result.rejected[["row", "reason"]].values.tolist() == [[44, "score missing"]]
    assert 42 not in result.answers["row"].tolist() and 45 in result.answers["row"].tolist()


def test_values_padded_with_zero_bytes_are_text_not_binary(tmp_path):
    # Half the file's bytes are NUL (a database export padding its values): stripped, noted.
    lines = [b"Svar-ID;NPS;Kommentar"] + [
        b"%d;%d;ok" % (i, i % 11) + b"\x00" * 10 for i in range(50)
    ]
    path = tmp_path / "padded.csv"
    path.write_bytes(b"\r\n".join(lines) + b"\r\n")
    result = load_responses(path)
    assert len(result.answers) == 50 and result.answers["comment"].eq("ok").all()
    assert "500 zero bytes (NUL) removed from the values" in result.notes


def test_spellings_of_no_answer_in_text_columns_are_missing_and_nothing_else(tmp_path):
    spellings = ["  NA ", "(Blank)", "null ", "N/A", "#N/A", "-", "", " (tom)"]
    answers = ["Nej", "na ja", "N/A – se mail", "Null fejl", "—", "Ÿ", "Ikke relevant (blank)"]
    rows = [[str(i % 11), text, text] for i, text in enumerate(spellings + answers)]
    path = write_rows(tmp_path / "x.csv", ["NPS", "Kommentar", "Afdeling"], rows, "cp1252")
    result = load_responses(path).answers
    expected = [pd.NA] * len(spellings) + [a.strip() for a in answers]
    assert result["comment"].tolist() == expected
    assert result["Afdeling"].tolist() == expected
