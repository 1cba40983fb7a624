"""The NPS page (notebook 02): what it computes from answers and client.yml, the sentences it
writes, its tables and the segment explorer's callback."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd
import pytest
from notebook_outputs import nps_by_hand, relationship_scores_from_file

from nps_workbook.client_data import load_client_data
from nps_workbook.comments import report_anonymiser
from nps_workbook.config import ClientConfig
from nps_workbook.errors import ConfigError
from nps_workbook.pages import nps
from nps_workbook.score import summarize
from nps_workbook.texts import label

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
    assert "1-6 er kritikere, 7-8 passive og 9-10 ambassadører." in da
    assert "1-6 are detractors, 7-8 passives and 9-10 promoters." in en
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


def test_no_benchmark_says_why_it_matters_and_the_note_how_to_add_one(shops):
    report = nps.build(shops, config())
    text = nps.benchmark_text(report, "da")
    assert "ikke sammenlignet med branchen" in text and "client.yml" not in text
    assert [n.text for n in nps.notes(report, "da")] == [
        label("nps_report.note.pooled", "da"),
        label("nps_report.note.benchmark", "da"),
        label("nps_report.note.segments", "da"),
    ]
    assert "`benchmark_nps`" in nps.notes(report, "en")[1].text
    with_benchmark = nps.build(shops, config(benchmark_nps=10, benchmark_name="Retail"))
    assert label("nps_report.note.benchmark", "en") not in [
        n.text for n in nps.notes(with_benchmark, "en")
    ]


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


def test_missing_segments_explained_to_the_client_and_named_to_the_consultant():
    answers = pd.DataFrame({"score": [1, 10]})
    none = nps.build(answers, config())
    assert nps.segments_missing_text(none, "en") == label("nps_report.segment.none", "en")
    assert "`segments`" in nps.notes(none, "en")[-1].text
    unknown = nps.build(answers, config(segments=["Region"]))
    assert nps.segments_missing_text(unknown, "en") == label("nps_report.segment.none", "en")
    assert "`Region`" not in nps.segments_missing_text(unknown, "en")
    assert nps.notes(unknown, "en")[-1].text == label(
        "nps_report.note.unknown_segments", "en", segments="`Region`"
    )
    found = nps.build(answers.assign(r="x"), config(segments=["r"]))
    assert nps.segments_missing_text(found, "en") == ""
    assert not [n for n in nps.notes(found, "en") if "segment" in n.text]


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
    assert "client.yml" not in nps.customers_text(listed, "en")
    assert [n.text for n in nps.customer_notes(listed, "en")] == [
        label("nps_report.note.no_ids", "en")
    ]


def test_customers_text_without_a_customer_file():
    answers = answers_of([("2024-01-01", "1", 0, "A", None)])
    listed = nps.customer_list(answers, language="en")
    assert "no customer file" in nps.customers_text(listed, "en")
    assert "client.yml" not in nps.customers_text(listed, "en")
    assert "`files.customers`" in nps.customer_notes(listed, "en")[0].text


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


# --- relationship and touchpoint answers ------------------------------------------------------


@pytest.fixture
def measured(shops) -> pd.DataFrame:
    """The shops as relationship answers (written "Relation" in three spellings) and, besides
    them, 20 touchpoint answers: Support 10 (4 promoters, 6 detractors: NPS −20) and Delivery
    10 (9 promoters, 1 passive: +90), dated in January."""
    spellings = ["Relation", " relation ", "RELATION"]
    relationship = shops.assign(kind=[spellings[i % 3] for i in range(len(shops))], contact=pd.NA)
    rows = [("2024-01-15", f"s{i}", 10 if i < 4 else 2, "A", None) for i in range(10)]
    rows += [("2024-01-16", f"d{i}", 9 if i < 9 else 7, "B", None) for i in range(10)]
    touchpoint = answers_of(rows).assign(
        kind="Kontaktpunkt", contact=["Support"] * 10 + ["Delivery"] * 10
    )
    return pd.concat([relationship, touchpoint], ignore_index=True)


def measured_config(**settings) -> ClientConfig:
    roles = {"measurement": "kind", "touchpoint": "contact"} | settings.pop("roles", {})
    return config(roles=roles, segments=["shop"], period="month", **settings)


def test_with_a_measurement_column_the_figures_use_the_relationship_answers(measured):
    report = nps.build(measured, measured_config())
    # The 55 shop answers: 27 promoters, 16 detractors, as without the touchpoint answers.
    assert (report.summary.n, report.summary.promoters, report.summary.detractors) == (55, 27, 16)
    assert report.population == "relationship" and report.touchpoint_n == 20
    shops = report.segments["shop"].set_index("shop")
    assert shops.loc["A", "n"] == 40 and shops.loc["A", "nps"] == pytest.approx(50.0)
    trend = report.trend.set_index("period")
    assert trend.loc["2024-01", "n"] == 40 and trend.loc["2024-01", "nps"] == pytest.approx(50.0)
    touchpoints = report.touchpoints.set_index("contact")
    assert touchpoints.loc["Support", "n"] == 10
    assert touchpoints.loc["Support", "nps"] == pytest.approx(-20.0)
    assert touchpoints.loc["Delivery", "nps"] == pytest.approx(90.0)
    assert len(report.answers) == 75, "the customer list still sees every answer"


def test_every_figure_says_its_population(measured, shops):
    report = nps.build(measured, measured_config())
    assert "relationship answers (n = 55, column kind)" in nps.overall_text(report, "en")
    assert "the 20 touchpoint answers are not part" in nps.population_text(report, "en")
    assert "relationsbesvarelserne (n = 55" in nps.overall_text(report, "da")
    assert "20 touchpoint answers" in nps.touchpoint_text(report, "en")
    assert "20 kontaktpunktsbesvarelser" in nps.touchpoint_text(report, "da")
    table = nps.touchpoint_table(report, "da")
    assert list(table.frame["contact"]) == ["Delivery", "Support"]  # highest NPS first
    figures = nps.key_figures(report)
    assert figures["nps_population"] == "relationship" and figures["nps_n"] == 55
    assert figures["nps_measurement_column"] == "kind" and figures["nps_touchpoint_n"] == 20
    assert [row["n"] for row in figures["nps_touchpoints"]] == [10, 10]
    json.dumps(figures)
    pooled = nps.build(shops, config())
    assert pooled.population == "pooled" and pooled.summary.n == 55
    assert "All 55 answers are pooled" in nps.overall_text(pooled, "en")
    assert "Alle 55 besvarelser er lagt sammen" in nps.overall_text(pooled, "da")
    assert nps.touchpoint_table(pooled, "en") is None and nps.touchpoint_text(pooled, "en") == ""
    assert nps.key_figures(pooled)["nps_population"] == "pooled"
    assert "nps_touchpoints" not in nps.key_figures(pooled)


def test_relationship_values_come_from_client_yml(measured):
    renamed = measured.assign(kind=measured["kind"].replace({"Kontaktpunkt": "Årlig"}))
    report = nps.build(renamed, measured_config(roles={"relationship": ["årlig"]}))
    assert report.summary.n == 20 and report.touchpoint_n == 55


def test_a_measurement_column_without_relationship_answers_is_refused(measured):
    with pytest.raises(ConfigError, match=r"'Kontaktpunkt'.*roles\.relationship"):
        nps.build(measured, measured_config(roles={"relationship": ["Relationship survey"]}))
    with pytest.raises(ConfigError, match=r"roles\.measurement names the column 'Type'"):
        nps.build(measured, measured_config(roles={"measurement": "Type"}))


def test_a_report_day_cuts_both_measurements_after_they_are_told_apart(measured):
    # Shop A's 40 relationship answers are of 10 January, the touchpoint answers of 15 and 16.
    early = nps.build(measured, measured_config(), as_of="2024-01-12")
    assert (early.summary.n, early.touchpoint_n) == (40, 0)
    # Shops B and C (February) and the touchpoints: on 16 January no relationship answer yet,
    # a report with none, not a client.yml mistake.
    none_yet = nps.build(measured.iloc[40:], measured_config(), as_of="2024-01-16")
    assert none_yet.population == "relationship"
    assert (none_yet.summary.n, none_yet.touchpoint_n) == (0, 20)


def test_danish_sample_headline_is_its_relationship_nps():
    """Counted with the csv module from the raw file, not through the loader."""
    scores, touchpoint = relationship_scores_from_file(SAMPLE / "responses.csv")
    expected = nps_by_hand(pd.Series(scores))
    data = load_client_data(SAMPLE)
    report = nps.build(data.answers, data.client.config)
    assert report.population == "relationship"
    assert (report.summary.n, report.touchpoint_n) == (len(scores), touchpoint)
    assert (report.summary.promoters, report.summary.detractors) == (
        expected["promoters"],
        expected["detractors"],
    )
    assert report.summary.nps == pytest.approx(expected["nps"], abs=1e-9)
    assert report.summary.ci_low == pytest.approx(expected["ci_low"], abs=1e-3)
    assert nps.headline(report.summary, "da").endswith(f"n = {len(scores):,}".replace(",", "."))
