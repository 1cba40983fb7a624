"""The NPS page (notebook 02): what it computes from answers and client.yml, the sentences it
writes, its tables and the segment explorer's callback."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd
import pytest

from nps_workbook.client_data import load_client_data
from nps_workbook.comments import report_anonymiser
from nps_workbook.config import ClientConfig
from nps_workbook.pages import nps
from nps_workbook.score import summarize

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "dk-b2b-it"


def config(**settings) -> ClientConfig:
    return ClientConfig.model_validate(
        {"client": "Test", "files": {"responses": "r.csv"}} | settings
    )


def answers_of(rows: list[tuple]) -> pd.DataFrame:
    """Answers from (date, customer, score, shop, comment) rows."""
    frame = pd.DataFrame(rows, columns=["date", "respondent_id", "score", "shop", "comment"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["respondent_id"] = frame["respondent_id"].astype("string")
    frame["comment"] = frame["comment"].astype("string")
    return frame


@pytest.fixture
def shops() -> pd.DataFrame:
    """Shop A: 40 answers, NPS +50 (25 promoters, 5 detractors). Shop B: 12 answers, NPS −50
    (2 promoters, 8 detractors). Shop C: 3 answers. A in January, B and C in February."""
    rows = [
        ("2024-01-10", f"a{i}", 10 if i < 25 else (8 if i < 35 else 3), "A", None)
        for i in range(40)
    ]
    rows += [
        ("2024-02-10", f"b{i}", 9 if i < 2 else (7 if i < 4 else 0), "B", None) for i in range(12)
    ]
    rows += [("2024-02-20", f"c{i}", 5, "C", None) for i in range(3)]
    return answers_of(rows)


# --- the report -------------------------------------------------------------------------------


def test_build_uses_segments_period_benchmark_and_privacy(shops):
    report = nps.build(
        shops,
        config(segments=["shop", "region"], period="month", benchmark_nps=10, benchmark_name="X"),
    )
    assert report.summary.n == 55
    assert list(report.segments) == ["shop"]
    assert report.unknown_segments == ("region",)
    table = report.segments["shop"]
    assert list(table["shop"]) == ["A", "B", "C"]  # highest first, the hidden group last
    assert list(table["flag"]) == ["", "indicative", "suppressed"]
    assert list(report.trend["period"]) == ["2024-01", "2024-02"]
    assert (report.benchmark, report.benchmark_name) == (10, "X")


def test_period_parameter_overrides_client_yml(shops):
    report = nps.build(shops, config(period="month"), period="quarter")
    assert report.period == "quarter"
    assert list(report.trend["period"]) == ["2024Q1"]


def test_as_of_leaves_out_later_answers(shops):
    report = nps.build(shops, config(), as_of="2024-02-10")
    assert report.summary.n == 52  # shop C answered on 20 February
    assert report.answers["date"].max() == pd.Timestamp("2024-02-10")


def test_no_dates_no_trend():
    answers = pd.DataFrame({"score": [10, 0, 9]})
    report = nps.build(answers, config())
    assert report.trend is None
    assert "no dates" in nps.trend_text(report, "en")
    assert nps.trend_rows(report, "en").empty


def test_key_figures_are_json_and_named_for_the_notebook(shops):
    figures = nps.key_figures(nps.build(shops, config(segments=["shop"])))
    json.dumps(figures)
    assert all(name.startswith("nps_") for name in figures)
    assert figures["nps_n"] == 55
    assert figures["nps_segments"]["shop"][2] == {
        "value": "C",
        "n": 3,
        "nps": None,
        "ci_low": None,
        "ci_high": None,
        "flag": "suppressed",
    }


# --- words ------------------------------------------------------------------------------------


def test_headline_in_both_languages():
    summary = summarize([10] * 1500 + [8] * 700 + [3] * 792)
    assert nps.headline(summary, "da") == "NPS +24 (95\xa0% KI +21 til +27), n = 2.992"
    assert nps.headline(summary, "en") == "NPS +24 (95% CI +21 to +27), n = 2,992"


def test_overall_text_has_shares_with_one_decimal(shops):
    text = nps.overall_text(nps.build(shops, config()), "da")
    assert "49,1\xa0% ambassadører" in text  # 27 of 55
    assert "29,1\xa0% kritikere" in text and "**+20**" in text  # 16 of 55


def test_overall_text_states_a_declared_1_10_scale_in_both_languages(shops):
    declared = nps.build(shops, config(responses={"scale": "1-10"}))
    assert declared.scale == "1-10" and nps.key_figures(declared)["nps_scale"] == "1-10"
    da, en = nps.overall_text(declared, "da"), nps.overall_text(declared, "en")
    assert da.endswith("1-6 er kritikere, 7-8 passive og 9-10 ambassadører.")
    assert en.endswith("1-6 are detractors, 7-8 passives and 9-10 promoters.")
    for scale in ("check", "0-10"):
        report = nps.build(shops, config(responses={"scale": scale}))
        assert "1-10" not in nps.overall_text(report, "en")


@pytest.mark.parametrize(
    ("benchmark", "case"), [(-40, "above"), (80, "below"), (20, "cannot be told apart")]
)
def test_benchmark_judged_by_the_interval(shops, benchmark, case):
    report = nps.build(shops, config(benchmark_nps=benchmark, benchmark_name="Retail"))
    text = nps.benchmark_text(report, "en")
    assert case in text and "Retail" in text


def test_no_benchmark_says_how_to_add_one(shops):
    text = nps.benchmark_text(nps.build(shops, config()), "da")
    assert "benchmark_nps" in text


def test_trend_text_names_significant_changes():
    rows = [("2024-01-05", f"x{i}", 10 if i < 80 else 0, "A", None) for i in range(100)]
    rows += [("2024-02-05", f"y{i}", 10 if i < 20 else 0, "A", None) for i in range(100)]
    report = nps.build(answers_of(rows), config(period="month"))
    text = nps.trend_text(report, "en")
    assert "from +60 in Jan 2024 to −60 in Feb 2024" in text
    assert "Significant changes" in text and "Feb 2024 (−120)" in text
    assert list(nps.trend_rows(report, "en")["significant"]) == ["", "yes"]


def test_segment_text_says_whether_best_and_worst_differ(shops):
    report = nps.build(shops, config(segments=["shop"]))
    text = nps.segment_text(report, "shop", "en")
    assert "A has the highest NPS (+50), B the lowest (−50)" in text
    assert "do not overlap" in text
    assert "Indicative (under 30 answers): B." in text
    assert "Hidden to protect anonymity (under 5 answers): 1 groups." in text


def test_segment_rows_translate_flags_and_missing_values(shops):
    shops.loc[shops.index[:2], "shop"] = None
    report = nps.build(shops, config(segments=["shop"]))
    rows = nps.segment_rows(report, "shop", "da")
    assert "(ingen værdi)" in set(rows["shop"])
    assert set(rows["flag"]) == {"", "vejledende (få svar)", "skjult (for få svar)"}
    assert list(rows.columns) == ["shop", "n", "nps", "ci_low", "ci_high", "flag"]


def test_missing_segments_explained():
    answers = pd.DataFrame({"score": [1, 10]})
    assert "segments" in nps.segments_missing_text(nps.build(answers, config()), "en")
    unknown = nps.build(answers, config(segments=["Region"]))
    assert "`Region`" in nps.segments_missing_text(unknown, "en")
    assert (
        nps.segments_missing_text(nps.build(answers.assign(r="x"), config(segments=["r"])), "en")
        == ""
    )


def test_category_table_and_headers():
    table = nps.category_rows(summarize([10, 9, 7, 0]), "da")
    assert list(table["category"]) == ["Kritikere", "Passive", "Ambassadører"]
    assert list(table["answers"]) == [1, 1, 2]
    assert set(nps.headers("en")) >= {"category", "answers", "share", "nps", "comment"}


def test_category_table_counts_and_shares(shops):
    # 55 answers: 27 promoters (25 in A, 2 in B), 12 passives (10 + 2), 16 detractors
    # (5 + 8 + 3 in C), written out from the fixture.
    table = nps.category_table(nps.build(shops, config()), "en")
    assert list(table.frame["answers"]) == [16, 12, 27]
    assert list(table.frame["share"]) == pytest.approx([16 / 55, 12 / 55, 27 / 55])
    assert table.columns("percent") == ["share"] and table.columns("number") == ["answers"]
    assert table.headers["share"] == nps.headers("en")["share"]


def test_trend_and_segment_tables_sign_their_nps_columns(shops):
    report = nps.build(shops, config(segments=["shop"], period="month"))
    trend = nps.trend_table(report, "en")
    # January: shop A alone, 25 promoters and 5 detractors of 40: +50.
    assert trend.frame.loc[0, "nps"] == pytest.approx(50.0)
    assert trend.columns("nps") == ["nps", "ci_low", "ci_high", "change"]
    segment = nps.segment_table(report, "shop", "en")
    assert list(segment.frame["shop"]) == ["A", "B", "C"]
    assert segment.frame.loc[1, "nps"] == pytest.approx(100 * (2 - 8) / 12)
    assert segment.columns("nps") == ["nps", "ci_low", "ci_high"]


def test_customers_of_a_client_are_named_and_anonymised():
    data = load_client_data(SAMPLE)
    report = nps.build(data.answers, data.client.config)
    listed = nps.customers(report, data, "da", detractors=4, promoters=1)
    assert listed.shown == {"detractor": 4, "promoter": 1}
    names = set(data.customers.frame["name"].astype(str))
    assert set(listed.frame["customer"]) <= names  # the customer file's names, not ids
    contacts = data.customers.frame["contact"].dropna().astype(str)
    assert not any(c in comment for c in contacts for comment in listed.frame["comment"])
    table = nps.customer_table(listed, "da")
    assert table.columns("dates") == ["date"] and table.frame is listed.frame


# --- customers --------------------------------------------------------------------------------


def test_customer_list_takes_each_customers_latest_answer():
    answers = answers_of(
        [
            ("2024-01-01", "c1", 10, "A", "first"),
            ("2024-03-01", "c1", 2, "A", "later"),  # c1 is now a detractor
            ("2024-02-01", "c2", 9, "A", "fine"),
            ("2024-02-02", "c3", 8, "A", None),
            ("2024-02-03", "c4", 0, "A", "worst"),
        ]
    )
    listed = nps.customer_list(answers, language="en")
    assert listed.customers == 4
    assert listed.by_category == {"detractor": 2, "passive": 1, "promoter": 1}
    assert list(listed.frame["customer"]) == ["c4", "c1", "c2"]  # worst score first
    assert list(listed.frame["comment"]) == ["worst", "later", "fine"]
    assert list(listed.frame["category"]) == ["Detractor", "Detractor", "Promoter"]
    assert list(listed.frame.columns) == ["date", "customer", "score", "category", "comment"]


def test_customer_list_shows_the_most_recent_few():
    rows = [(f"2024-01-{day:02d}", f"d{day}", day % 7, "A", None) for day in range(1, 29)]
    rows += [(f"2024-02-{day:02d}", f"p{day}", 10, "A", None) for day in range(1, 15)]
    listed = nps.customer_list(answers_of(rows), language="en", detractors=3, promoters=2)
    assert listed.shown == {"detractor": 3, "promoter": 2}
    assert set(listed.frame["customer"]) == {"d26", "d27", "d28", "p13", "p14"}
    assert listed.key_figures()["nps_customers_by_category"]["promoter"] == 14


def test_customer_list_names_and_anonymises():
    answers = answers_of([("2024-01-01", "10001", 0, "A", "Ring til Jens Hansen")])
    customers = pd.DataFrame({"id": ["10001"], "name": ["Kildested Friskole"]})
    listed = nps.customer_list(
        answers,
        language="da",
        customers=customers,
        anonymise=lambda comments: comments.str.replace("Jens Hansen", "[navn]"),
    )
    assert listed.frame.loc[0, "customer"] == "Kildested Friskole"
    assert listed.frame.loc[0, "comment"] == "Ring til [navn]"
    assert "erstattet" in nps.customers_text(listed, "da")


def test_customer_list_without_ids_lists_answers():
    answers = pd.DataFrame({"score": [0, 10], "response_id": ["r1", "r2"]})
    listed = nps.customer_list(answers, language="en")
    assert not listed.by_id and list(listed.frame["customer"]) == ["r1", "r2"]
    assert listed.frame["date"].isna().all()
    assert "no customer id" in nps.customers_text(listed, "en")


def test_customers_text_without_a_customer_file():
    answers = answers_of([("2024-01-01", "1", 0, "A", None)])
    text = nps.customers_text(nps.customer_list(answers, language="en"), "en")
    assert "files.customers" in text


def test_anonymiser_follows_client_yml():
    data = load_client_data(SAMPLE)
    contact = data.customers.frame["contact"].iloc[0]
    hide = report_anonymiser(data, "da")
    assert hide(pd.Series([f"Tak til {contact}"])).iloc[0] == "Tak til [navn]"
    config = data.client.config
    keep = config.model_copy(
        update={"privacy": config.privacy.model_copy(update={"anonymise_comments": False})}
    )
    open_data = dataclasses.replace(data, client=dataclasses.replace(data.client, config=keep))
    assert report_anonymiser(open_data, "da") is None


def test_trend_over_the_dated_answers_only(shops):
    shops.loc[shops.index[0], "date"] = pd.NaT
    report = nps.build(shops, config())
    assert report.summary.n == 55
    assert report.trend["n"].sum() == 54
