import numpy as np
import pandas as pd
import pytest

from nps_workbook import parse


def scores(*raw):
    return parse.parse_scores(pd.Series(list(raw), dtype="str"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0", 0),
        ("10", 10),
        (" 8 ", 8),
        ("9,0", 9),
        ("10.0", 10),
        ("10 - Extremely likely", 10),
        ("0 - Not at all likely", 0),
        ("9 (Meget sandsynligt)", 9),
        ("10 = Helt sikkert", 10),
        ("7: ok", 7),
    ],
)
def test_scores_accepted_with_labels_and_decimal_forms(raw, expected):
    parsed = scores(raw)
    assert parsed.values.tolist() == [expected]
    assert parsed.problem.isna().all()


@pytest.mark.parametrize(
    ("raw", "reason", "detail"),
    [
        ("", parse.SCORE_MISSING, "blank"),
        ("NA", parse.SCORE_MISSING, "found 'NA'"),
        ("n/a", parse.SCORE_MISSING, "found 'n/a'"),
        ("11", parse.SCORE_OUT_OF_RANGE, "found '11'"),
        ("-1", parse.SCORE_OUT_OF_RANGE, "found '-1'"),
        ("100", parse.SCORE_OUT_OF_RANGE, "found '100'"),
        ("6,5", parse.SCORE_NOT_WHOLE, "found '6,5'"),
        ("6.5", parse.SCORE_NOT_WHOLE, "found '6.5'"),
        ("ved ikke", parse.SCORE_NOT_A_NUMBER, "found 'ved ikke'"),
        ("Promoter", parse.SCORE_NOT_A_NUMBER, "found 'Promoter'"),
        ("7/10", parse.SCORE_NOT_A_NUMBER, "found '7/10'"),
    ],
)
def test_scores_refused_with_reason_and_what_was_found(raw, reason, detail):
    parsed = scores(raw)
    assert parsed.values.isna().all()
    assert parsed.problem.tolist() == [reason]
    assert parsed.detail.tolist() == [detail]


def test_scores_keep_the_index_so_rows_line_up():
    raw = pd.Series(["9", "x"], index=[7, 3], dtype="str")
    parsed = parse.parse_scores(raw)
    assert parsed.values.index.tolist() == [7, 3]
    assert parsed.problem.loc[3] == parse.SCORE_NOT_A_NUMBER


def dates(*raw, **options):
    parsed, order = parse.parse_dates(pd.Series(list(raw), dtype="str"), **options)
    return parsed, order


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("05-03-2024", "2024-03-05"),
        ("5.3.2024", "2024-03-05"),
        ("05/03/2024", "2024-03-05"),
        ("05/03/24", "2024-03-05"),
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T14:22:09", "2024-03-05 14:22:09"),
        ("2024-03-05 08:51:12.402", "2024-03-05 08:51:12"),  # seconds are the unit
        ("05-03-2024 23:59", "2024-03-05 23:59"),
        ("5.3.2024 14.22.09", "2024-03-05 14:22:09"),  # a Danish sheet's dotted time
        ("45356", "2024-03-05"),  # Excel serial: days since 1899-12-30
        ("45356.5", "2024-03-05 12:00"),  # and a fraction of the day
    ],
)
def test_dates_and_times_in_the_forms_exports_use(raw, expected):
    parsed, _ = dates(raw)
    assert parsed.values.tolist() == [pd.Timestamp(expected)]


# Times with a zone, converted by hand to Copenhagen wall-clock time: CET is UTC+1 until the
# last Sunday of March (31 March 2024, 02:00 -> 03:00), CEST UTC+2 until 27 October 2024.
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-01-15T09:23:45Z", "2024-01-15 10:23:45"),  # UTC, winter: +1
        ("2024-07-15T09:23:45Z", "2024-07-15 11:23:45"),  # UTC, summer: +2
        ("2024-01-15 10:23:45 -0800", "2024-01-15 19:23:45"),  # Delighted's offset
        ("2024-01-15T10:23:45+01:00", "2024-01-15 10:23:45"),
        ("2024/01/15 10:23:45 AM GMT+1", "2024-01-15 10:23:45"),  # Google Forms
        ("2024/01/15 10:23:45 PM GMT-5", "2024-01-16 04:23:45"),
        ("2024-07-15 10:23:45 EDT", "2024-07-15 16:23:45"),  # UTC-4
        ("2024-03-31T00:30:00Z", "2024-03-31 01:30:00"),  # before the change
        ("2024-03-31T01:30:00Z", "2024-03-31 03:30:00"),  # after it
    ],
)
def test_times_with_a_zone_become_the_clients_wall_clock(raw, expected):
    parsed, _ = dates(raw, zone="Europe/Copenhagen")
    assert parsed.values.tolist() == [pd.Timestamp(expected)]


def test_naive_times_in_the_tools_zone_are_converted():
    # Qualtrics' America/Denver: MST (UTC-7) in January, MDT (UTC-6) in July.
    parsed, _ = dates(
        "2024-01-15 10:23:45",
        "2024-07-15 10:23:45",
        source_zone="America/Denver",
        zone="Europe/Copenhagen",
    )
    assert parsed.values.tolist() == [
        pd.Timestamp("2024-01-15 18:23:45"),
        pd.Timestamp("2024-07-15 18:23:45"),
    ]
    # Without a source zone, a time without zone is the client's own wall-clock time.
    parsed, _ = dates("2024-01-15 10:23:45", zone="Europe/Copenhagen")
    assert parsed.values.tolist() == [pd.Timestamp("2024-01-15 10:23:45")]


def test_us_times_with_am_pm():
    parsed, order = dates("01/15/2024 10:23:45 PM", "12/31/2024 12:05:00 AM", "1/2/2024 9:05:01 am")
    assert order == "month-first"
    assert parsed.values.tolist() == [
        pd.Timestamp("2024-01-15 22:23:45"),
        pd.Timestamp("2024-12-31 00:05:00"),
        pd.Timestamp("2024-01-02 09:05:01"),
    ]


def test_days_a_month_does_not_have_are_refused_in_every_form():
    parsed, _ = dates("2024-02-30", "2024-02-03", "31.04.2024 10.00.00", "01.05.2024 10.00.00")
    assert parsed.problem.tolist() == [parse.DATE_UNPARSEABLE, pd.NA, parse.DATE_UNPARSEABLE, pd.NA]


def test_fast_and_one_by_one_parsing_agree():
    # The Arrow path reads the column's common form; `_parse_one` is the reference for all.
    raw = [
        "2024-01-15T09:23:45Z",
        "15.01.2024 10.23.45",
        "2024-01-15 10:23:45",
        "01/02/2024 10:23",
        "2024/01/15 10:23:45 AM GMT+1",
        "2024-02-29",
        "2023-02-29",
    ]
    for form in raw:
        column = [form] * 3 + raw  # the form sampled first becomes the fast path's
        parsed, order = dates(*column, zone="UTC")
        one_by_one = []
        for text in column:
            value, _ = parse._parse_one(text, order or "day-first")
            one_by_one.append(pd.Timestamp(value) if not pd.isna(value) else pd.NaT)
        got = parsed.values.tolist()
        assert [g if not pd.isna(g) else pd.NaT for g in got] == one_by_one, form


def test_times_with_and_without_seconds_in_one_column():
    # Two waves exported with different cell formats, pasted together: the evidence of the
    # order, and the values, may sit in the form seen less often.
    column = ["05-03-2024 10:00"] * 3 + ["03-05-2024 10:00:01", "25-12-2024 23:59:59", "x"]
    parsed, order, assumed = parse.parse_dates_detecting(pd.Series(column))
    assert (order, assumed) == ("day-first", False)
    assert parse.detect_date_order(pd.Series(column)) == ("day-first", False)
    assert parsed.values.tolist()[:5] == [pd.Timestamp("2024-03-05 10:00")] * 3 + [
        pd.Timestamp("2024-05-03 10:00:01"),
        pd.Timestamp("2024-12-25 23:59:59"),
    ]
    assert parsed.problem.tolist() == [pd.NA] * 5 + [parse.DATE_UNPARSEABLE]
    us = ["05/03/2024 10:00"] * 3 + ["12/25/2024 10:00:02", "2024-01-15T08:00:00"]
    parsed, order, assumed = parse.parse_dates_detecting(pd.Series(us))
    assert (order, assumed) == ("month-first", False)
    assert parsed.values.tolist() == [pd.Timestamp("2024-05-03 10:00")] * 3 + [
        pd.Timestamp("2024-12-25 10:00:02"),
        pd.Timestamp("2024-01-15 08:00:00"),
    ]
    # ISO dates need no order, whatever their forms.
    iso = ["2024-01-15 08:00", "2024-01-15T08:00:00Z", "2024-01-16"]
    assert parse.parse_dates_detecting(pd.Series(iso))[1:] == (None, False)


def test_excel_serial_number_by_hand():
    # 1 January 2024 is 45292 days after Excel's day zero, 30 December 1899.
    assert (pd.Timestamp("2024-01-01") - pd.Timestamp("1899-12-30")).days == 45292
    parsed, _ = dates("45292")
    assert parsed.values.tolist() == [pd.Timestamp("2024-01-01")]


def test_unparseable_and_missing_dates_get_reasons():
    parsed, _ = dates("32-13-2024", "i går", "", "2024-02-30")
    assert parsed.problem.tolist() == [
        parse.DATE_UNPARSEABLE,
        parse.DATE_UNPARSEABLE,
        parse.DATE_MISSING,
        parse.DATE_UNPARSEABLE,
    ]


def test_date_order_is_detected_from_the_data():
    assert parse.detect_date_order(pd.Series(["11/4/2019", "13/4/2019"])) == ("day-first", False)
    assert parse.detect_date_order(pd.Series(["11/4/2019", "4/13/2019"])) == ("month-first", False)
    assert parse.detect_date_order(pd.Series(["01/02/2019"])) == ("day-first", True)
    assert parse.detect_date_order(pd.Series(["2019-02-01"])) == (None, False)


def test_month_first_dates_when_the_data_says_so():
    parsed, order = dates("11/1/2019 8:51:12", "11/13/2019 9:00:00")
    assert order == "month-first"
    assert parsed.values.tolist() == [
        pd.Timestamp("2019-11-01 08:51:12"),
        pd.Timestamp("2019-11-13 09:00:00"),
    ]


def test_explicit_order_and_format_override_detection():
    parsed, order = dates("01/02/2019", order="month-first")
    assert (order, parsed.values.tolist()) == ("month-first", [pd.Timestamp("2019-01-02")])
    parsed, order = dates("5 March 2024", date_format="%d %B %Y")
    assert order is None
    assert parsed.values.tolist() == [pd.Timestamp("2024-03-05")]


def test_danish_numbers_with_thousand_points_and_decimal_comma():
    numbers = parse.parse_number_column(pd.Series(["1.234.567,50", "12,5", "", "3"]), ",")
    assert numbers.tolist()[:2] == [1234567.5, 12.5]
    assert pd.isna(numbers.iloc[2])
    assert numbers.iloc[3] == 3.0


def test_numbers_in_the_other_convention_are_still_read():
    numbers = parse.parse_number_column(pd.Series(["1234.5", "12"]), ",")
    assert numbers.tolist() == [1234.5, 12.0]


def test_whole_numbers_become_integers_and_codes_stay_text():
    assert str(parse.parse_number_column(pd.Series(["1", "12"]), ",").dtype) == "Int64"
    assert parse.parse_number_column(pd.Series(["0123", "2100"]), ",") is None
    assert parse.parse_number_column(pd.Series(["Drift", "12"]), ",") is None
    assert parse.parse_number_column(pd.Series(["", "NA"]), ",") is None


def test_numbers_beyond_float_precision_stay_text():
    # A 20-digit account number as a float would be rounded (and crashed the Int64 cast).
    raw = pd.Series(["12345678901234567890", "5"], dtype="str")
    assert parse.parse_number_column(raw, ".") is None
    assert parse.parse_number_column(pd.Series(["9007199254740991", "5"]), ".").iloc[0] == (
        2**53 - 1
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("nul", 0), ("Ni", 9), ("TI", 10), ("otte", 8), ("zero", 0), ("Seven", 7), ("ten", 10)],
)
def test_scores_written_as_danish_or_english_words(raw, expected):
    assert scores(raw).values.tolist() == [expected]


def test_a_number_word_inside_other_text_is_not_a_score():
    parsed = scores("ni eller ti", "eleven", "tiende")
    assert parsed.problem.tolist() == [parse.SCORE_NOT_A_NUMBER] * 3


# --- columns as distinct values (the loader's form) -------------------------------------------


def test_text_column_holds_each_value_once_and_spreads_results_over_the_cells():
    raw = pd.Series(["9", "x", "9", " 9", "x"], index=[10, 11, 12, 13, 14], dtype="str")
    column = parse.TextColumn.of(raw)
    assert sorted(column.values) == [" 9", "9", "x"]
    assert column.text().tolist() == ["9", "x", "9", " 9", "x"]
    assert column.text().index.tolist() == [10, 11, 12, 13, 14]
    assert dict(zip(column.values, column.counts(), strict=True)) == {"9": 2, "x": 2, " 9": 1}
    lengths = column.values.str.len()  # one result per value
    assert column.spread(lengths).tolist() == [1, 1, 1, 2, 1]
    assert column.spread(lengths, at=[3, 0]).tolist() == [2, 1]


def test_a_text_column_cut_down_keeps_only_the_values_its_cells_hold():
    column = parse.TextColumn.of(pd.Series(["NPS", "9", "x", "9"], dtype="str"))
    below = column.take(np.array([1, 3]))
    assert below.values.tolist() == ["9"] and below.text().tolist() == ["9", "9"]
    # rest(): the cells after the first, as a file's header is cut off its column
    rest = column.rest()
    assert sorted(rest.values) == ["9", "x"] and rest.text().tolist() == ["9", "x", "9"]
    header_again = parse.TextColumn.of(pd.Series(["a", "b", "a", "c"], dtype="str")).rest()
    assert sorted(header_again.values) == ["a", "b", "c"]
    assert header_again.text().tolist() == ["b", "a", "c"]
    codes = np.array([1, 0, 2, 0])
    second = parse.TextColumn(pd.Series(["b", "a", "c"], dtype="str"), codes, pd.RangeIndex(4))
    assert second.rest().text().tolist() == ["b", "c", "b"]  # value 1 ("a") dropped, not 0


def test_parsers_report_only_the_refused_rows_by_position():
    raw = pd.Series(["9", "x", "9", "", "11", "x"], index=list("abcdef"), dtype="str")
    for given in (raw, parse.TextColumn.of(raw)):
        parsed = parse.parse_scores(given)
        assert parsed.refused.index.tolist() == [1, 3, 4, 5]
        assert parsed.refused["reason"].tolist() == [
            parse.SCORE_NOT_A_NUMBER,
            parse.SCORE_MISSING,
            parse.SCORE_OUT_OF_RANGE,
            parse.SCORE_NOT_A_NUMBER,
        ]
        assert parsed.refused["detail"].tolist() == [
            "found 'x'",
            "blank",
            "found '11'",
            "found 'x'",
        ]
        # spread over every row, the reasons keep the rows' own labels
        assert parsed.problem.index.tolist() == list("abcdef")
        assert parsed.problem.tolist()[:2] == [pd.NA, parse.SCORE_NOT_A_NUMBER]


def test_refused_rows_give_one_reason_to_many_rows_or_one_each():
    refused = parse.refused_rows([4, 9], "score missing", ["blank", "found 'NA'"])
    assert refused.index.tolist() == [4, 9]
    assert refused["reason"].tolist() == ["score missing"] * 2
    assert str(refused["detail"].dtype) == "string"
    assert parse.refused_rows([], "x", []).empty


def test_the_decimal_mark_most_rows_fit_wins_not_the_most_values():
    # "1,5" on five rows fits only the comma; "2.5" and "3.5" fit only the point.
    raw = pd.Series(["1,5"] * 5 + ["2.5", "3.5"], dtype="str")
    parsed = parse.parse_numbers(raw, ".")
    assert parsed.values.tolist()[:5] == [1.5] * 5
    assert parsed.values.iloc[5:].isna().all()
    assert parsed.refused.index.tolist() == [5, 6]


# --- What the mutation run of parse found untested (tests/MUTATION.md) ------------------------


@pytest.mark.parametrize("zone", ["", " 10:00", " 10:00 CET"])
@pytest.mark.parametrize(
    ("raw", "order", "assumed"),
    [
        (["12/05/2024", "12/20/2024"], "month-first", False),  # 12 first is no evidence; 20 is
        (["13/01/2024", "01/02/2024"], "day-first", False),  # 13 is the first that decides
        (["05/12/2024", "20/12/2024"], "day-first", False),
        (["01/13/2024", "02/01/2024"], "month-first", False),
        (["12/05/2024", "12/12/2024"], "day-first", True),  # nothing decides: Danish order
    ],
)
def test_the_date_order_is_decided_by_a_part_above_twelve(raw, order, assumed, zone):
    """Plain, with a time, and with a named zone Arrow cannot read (the other reading path)."""
    assert parse.detect_date_order(pd.Series([text + zone for text in raw])) == (order, assumed)


def test_excel_serial_days_from_1954_to_2119_are_dates_and_others_are_not():
    parsed, _ = parse.parse_dates(pd.Series(["20000", "80000", "19999", "80001", "45000,5"]))
    assert parsed.values.tolist()[:2] == [pd.Timestamp("1954-10-03"), pd.Timestamp("2119-01-11")]
    assert parsed.values.tolist()[4] == pd.Timestamp("2023-03-15 12:00")
    assert parsed.refused["detail"].tolist() == ["found '19999'", "found '80001'"]
    assert parsed.refused.index.tolist() == [2, 3]


def test_a_long_refused_text_is_shown_by_its_first_forty_characters():
    text = "Det ved jeg ikke rigtig, men nok omkring en syver eller otter"
    parsed = parse.parse_scores(pd.Series([text, "7"]))
    assert parsed.refused["detail"].tolist() == [f"found '{text[:40]}'"]


def test_a_day_the_month_does_not_have_is_refused_not_rolled_over():
    # Arrow's strptime rolls them into the next month: 31-02-2024 to 2 March, 29-02-2023 to
    # 1 March, 31-02-2023 to 3 March (the latest a roll-over can land).
    parsed, _ = parse.parse_dates(
        pd.Series(
            [
                *("31-02-2024", "29-02-2023", "30-04-2024", "29-02-2024", "31-04-2024 10:00"),
                *("31-02-2023", "03-03-2023", "01-03-2023"),
            ]
        )
    )
    values = parsed.values.tolist()
    assert values[2:4] == [pd.Timestamp("2024-04-30"), pd.Timestamp("2024-02-29")]
    assert values[6:] == [pd.Timestamp("2023-03-03"), pd.Timestamp("2023-03-01")]
    assert parsed.refused.index.tolist() == [0, 1, 4, 5]
    assert set(parsed.refused["reason"]) == {"date not recognised"}


def test_local_times_on_the_days_the_clocks_change_are_converted_without_an_error():
    # Copenhagen: 31 Mar 2024 02:00 -> 03:00 (02:30 does not exist: read as 03:00 CEST, 01:00
    # UTC); 27 Oct 2024 03:00 -> 02:00 (02:30 happens twice: read as the later, CET, 01:30 UTC).
    parsed, _ = parse.parse_dates(
        pd.Series(["31-03-2024 02:30", "27-10-2024 02:30", "27-10-2024 01:30"]),
        source_zone="Europe/Copenhagen",
        zone="UTC",
    )
    assert parsed.values.tolist() == [
        pd.Timestamp("2024-03-31 01:00"),
        pd.Timestamp("2024-10-27 01:30"),
        pd.Timestamp("2024-10-26 23:30"),
    ]


# --- What parse's mutation run found untested (tests/MUTATION.md) ---------------------------


@pytest.mark.parametrize(
    ("text", "order", "expected", "aware"),
    [
        ("15-01-24", "day-first", "2024-01-15", False),  # a two-digit year is this century
        ("01/15/24", "month-first", "2024-01-15", False),
        ("2024-01-15", "month-first", "2024-01-15", False),  # year first: the order is moot
        ("15.01.2024 12:30 AM", "day-first", "2024-01-15 00:30", False),
        ("15.01.2024 12:30 PM", "day-first", "2024-01-15 12:30", False),
        ("15.01.2024 1:05:09 pm", "day-first", "2024-01-15 13:05:09", False),
        ("15.01.2024 13:00 PM", "day-first", None, False),  # no 13 o'clock on a 12-hour clock
        ("15.01.2024 0:30 AM", "day-first", None, False),
        ("30-02-2024", "day-first", None, False),
        ("15-01-2024 10:00 +01:00", "day-first", "2024-01-15 09:00", True),  # held in UTC
        ("15-01-2024 10:00 CET", "day-first", "2024-01-15 09:00", True),
        ("15-01-2024 10:00 XYZ", "day-first", None, False),  # a zone nobody knows
        ("45306", "day-first", "2024-01-15", False),  # Excel's serial day
        ("45306,25", "day-first", "2024-01-15 06:00", False),
        ("19999", "day-first", None, False),  # 1954-10-03: before any survey
        ("i går", "day-first", None, False),
    ],
)
def test_one_value_by_hand(text, order, expected, aware):
    value, named_zone = parse._parse_one(text, order)
    if expected is None:
        assert np.isnat(value) and not named_zone
    else:
        assert (pd.Timestamp(value), named_zone) == (pd.Timestamp(expected), aware)
        assert value.dtype == np.dtype("datetime64[s]")


FORMS = [
    "15-01-2024",
    "15-01-2024 10:23",
    "15-01-2024 10:23:45",
    "15.01.2024 10.23.45",
    "15/01/24",
    "2024-01-15",
    "2024-01-15T10:23:45",
    "2024-01-15T10:23:45Z",
    "2024-01-15 10:23:45+01:00",
    "2024-01-15 10:23:45",
    "2024-01-15 10:23:45.123",  # the same with a fraction of a second
    "15/01/2024 10:23:45 AM",
    "15/01/2024 10:23 PM",
    "15/01/2024 10:23PM",
    "15/01/2024 10:23",  # the same on a 24-hour clock
    "2024/01/15 10:23:45 AM +0100",
]


def test_every_form_of_the_sample_is_read_in_arrow_and_named_zones_one_by_one(monkeypatch):
    # The forms of a column's sample each become an Arrow format; a value goes to the reading
    # one by one only if no form reads it (a named zone, a form the sample missed).
    reference = parse._parse_one
    calls = []

    def counted(text, order):
        calls.append(text)
        return reference(text, order)

    monkeypatch.setattr(parse, "_parse_one", counted)
    days = [1, 2, 3, *range(13, 29)]  # days 1 to 3: those a 30 February would roll over to
    column = [form.replace("15", f"{day:02d}") for day in days for form in FORMS]
    named = ["2024-01-15 10:23 CET", "15-01-2024 10:23 CEST"]
    parsed, order = dates(*column, *named, zone="UTC")
    assert order == "day-first"
    assert calls == named
    expected = [pd.Timestamp(reference(text, "day-first")[0]) for text in column + named]
    assert parsed.values.tolist() == expected
    assert not parsed.refused.size


def test_the_evidence_of_the_order_adds_up_over_the_forms():
    # Only the dates without a time show the order (13 is no month); those with a time do not.
    parsed, order = dates("01/13/2024", "01/13/2024", "01/02/2024 10:00", zone="UTC")
    assert order == "month-first"
    assert parsed.values.tolist()[2] == pd.Timestamp("2024-01-02 10:00")
    # And the other way round: the evidence is in the second form.
    parsed, order = dates("01/02/2024 10:00", "01/02/2024 10:00", "13/01/2024", zone="UTC")
    assert order == "day-first"
    assert parsed.values.tolist()[0] == pd.Timestamp("2024-02-01 10:00")


def test_a_column_of_year_first_dates_has_no_order():
    parsed, order, assumed = parse.parse_dates_detecting(pd.Series(["2024-03-05", "2024-03-06"]))
    assert (order, assumed) == (None, False)
    assert parsed.values.tolist() == [pd.Timestamp("2024-03-05"), pd.Timestamp("2024-03-06")]


def test_a_format_given_is_applied_as_given_and_nothing_is_assumed():
    raw = pd.Series(["03/05/2024", "nonsense"])
    parsed, order, assumed = parse.parse_dates_detecting(raw, date_format="%d/%m/%Y")
    assert (order, assumed) == (None, False)
    assert parsed.values.iloc[0] == pd.Timestamp("2024-05-03")  # not inferred month-first
    assert parsed.refused["reason"].tolist() == [parse.DATE_UNPARSEABLE]
    parsed, _, assumed = parse.parse_dates_detecting(pd.Series(["01/02/2024"]), order="day-first")
    assert not assumed


def test_a_format_with_a_zone_gives_the_clients_wall_clock():
    raw = pd.Series(["2024-03-05 10:00 +0000", "2024-07-05 10:00 -0400"])
    parsed, _ = parse.parse_dates(raw, date_format="%Y-%m-%d %H:%M %z", zone="Europe/Copenhagen")
    assert parsed.values.tolist() == [
        pd.Timestamp("2024-03-05 11:00"),  # winter time, UTC+1
        pd.Timestamp("2024-07-05 16:00"),  # 14:00 UTC in summer time, UTC+2
    ]


def test_times_with_and_without_a_zone_in_one_column_are_each_converted_once():
    raw = pd.Series(["2024-03-05T10:00:00Z", "2024-03-05 10:00", "2024-03-05 10:00"])
    parsed, _ = parse.parse_dates(raw, source_zone="UTC", zone="Europe/Copenhagen")
    assert parsed.values.tolist() == [pd.Timestamp("2024-03-05 11:00")] * 3


def test_local_times_without_a_client_zone_are_given_in_utc():
    parsed, _ = parse.parse_dates(pd.Series(["2024-03-05 11:00"]), source_zone="Europe/Copenhagen")
    assert parsed.values.tolist() == [pd.Timestamp("2024-03-05 10:00")]


def test_a_number_a_float_cannot_hold_exactly_is_a_label():
    # 2**53 + 1 would be read as 2**53: a rounded account number.
    assert parse.parse_number_column(pd.Series(["9007199254740993", "5"]), ".") is None


def test_a_number_column_with_spellings_of_no_answer_is_still_numbers():
    numbers = parse.parse_number_column(pd.Series(["1,5", "N/A", " ", "2", "-"]), ",")
    assert numbers.tolist()[:1] + numbers.tolist()[3:4] == [1.5, 2.0]
    assert numbers.isna().tolist() == [False, True, True, False, True]


def test_a_text_column_keeps_missing_cells_missing():
    column = parse.TextColumn.of(pd.Series(["a", np.nan, "b", np.nan], dtype=object))
    assert column.text().isna().tolist() == [False, True, False, True]
    assert column.text().dropna().tolist() == ["a", "b"]
