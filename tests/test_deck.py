"""The workshop deck (nps_workbook/deck.py): report.pptx opened again with python-pptx.

The slow tests read the decks of the sample clients' batch (conftest's ``sample_batch``) and
check them against that batch's summary.json: the numbers are formatted here by hand (Danish
thousands dots and "kr.", English commas), not with the deck's own functions. The fast tests
build decks from small hand-made summaries.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from nps_workbook.deck import build_deck, plan_slides, write_deck

# The category colours as the brief gives them: red, amber, green.
RED, AMBER, GREEN = "C8102E", "F2A900", "2E8B57"


# --- formats by hand ---------------------------------------------------------------------------


def nps_da(value: float) -> str:
    """+26, −4, 0: a whole number with its sign (a typographic minus)."""
    whole = round(value)
    return f"+{whole}" if whole > 0 else (f"−{-whole}" if whole < 0 else "0")


def thousands(value: float, separator: str) -> str:
    return f"{round(value):,}".replace(",", separator)


def kroner(value: float) -> str:
    return thousands(value, ".") + " kr."


def quarter_da(period: str) -> str:
    """2024Q3 -> K3 2024."""
    return f"K{period[5]} {period[:4]}"


def month_en(period: str) -> str:
    """2024-11 -> Nov 2024."""
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return f"{months[int(period[5:]) - 1]} {period[:4]}"


def slide_texts(slide) -> list[str]:
    return [
        paragraph.text
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
    ]


def charts(slide) -> list:
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def point_colours(series) -> list[str]:
    return [str(series.points[i].format.fill.fore_color.rgb) for i in range(len(series.values))]


# --- the sample batch's decks ------------------------------------------------------------------


@pytest.fixture(scope="module")
def decks(sample_batch) -> dict[str, tuple[dict, object]]:
    """Per sample client: its summary.json and its report.pptx, opened."""
    out = Path(sample_batch.out_dir)
    found = {}
    for client in ("dk-b2b-it", "uk-webshop"):
        summary = json.loads((out / client / "summary.json").read_text(encoding="utf-8"))
        found[client] = (summary, Presentation(str(out / client / "report.pptx")))
    return found


def by_title(deck, start: str):
    matches = [s for s in deck.slides if s.shapes.title.text_frame.text.startswith(start)]
    assert len(matches) == 1, (start, [s.shapes.title.text_frame.text for s in deck.slides])
    return matches[0]


def test_the_deck_is_written_listed_and_linked(sample_batch):
    out = Path(sample_batch.out_dir)
    index = (out / "index.html").read_text(encoding="utf-8")
    for client in ("dk-b2b-it", "uk-webshop"):
        summary = json.loads((out / client / "summary.json").read_text(encoding="utf-8"))
        assert "report.pptx" in summary["files"]
        assert (out / client / "report.pptx").stat().st_size > 10_000
        assert f'href="{client}/report.pptx"' in index


def comparable_segments(summary) -> list[str]:
    """Segment columns with at least two groups whose NPS is shown."""
    segments = summary["figures"]["02_nps"]["nps_segments"]
    return [
        name for name, rows in segments.items() if sum(1 for r in rows if r["nps"] is not None) >= 2
    ]


def test_danish_deck_slides_and_titles(decks):
    summary, deck = decks["dk-b2b-it"]
    key, figures = summary["key_figures"], summary["figures"]
    segments = comparable_segments(summary)
    # title, summary, NPS, a slide per segment column, journey, loops, two money, eNPS, next
    assert len(deck.slides) == 3 + len(segments) + 1 + 1 + 2 + 1 + 1
    titles = [s.shapes.title.text_frame.text for s in deck.slides]
    assert titles[0] == f"Net Promoter Score: {summary['client']}"
    trend = key["trend"]
    change = round(trend["change"])
    assert trend["significant"] is False and change > 0  # the sample's latest quarter
    assert titles[1] == (
        f"NPS {nps_da(key['nps'])} (95\u00a0% KI {nps_da(key['nps_ci_low'])} til "
        f"{nps_da(key['nps_ci_high'])}); {quarter_da(trend['period'])} lå {change} point over "
        f"{quarter_da(trend['previous'])} — ikke en sikker ændring"
    )
    # The report summary's first finding is the summary slide's third bullet.
    finding = next(s["text"] for s in summary["summary"] if s["group"] == "findings")
    assert slide_texts(deck.slides[1]).count(f"• {finding}") == 1
    fix = figures["01_customer_journey"]["journey_fix_now"]
    assert any(t.startswith(f"Ret {', '.join(fix)} først: ") for t in titles)
    loops = figures["03_loops"]
    assert any(
        t.startswith(f"{loops['loops_open_cases']} åbne opfølgningssager, {loops['loops_overdue']}")
        for t in titles
    )
    per_year = kroner(key["business_case_per_year"])
    assert any(t.startswith(f"Business casen er {per_year} om året") for t in titles)
    enps = figures["05_enps"]
    assert any(
        t.startswith(f"Medarbejdernes eNPS er {nps_da(enps['enps_overall'])}") for t in titles
    )
    assert titles[-1].startswith("Næste skridt: ")


def test_danish_summary_numbers_equal_summary_json(decks):
    summary, deck = decks["dk-b2b-it"]
    key = summary["key_figures"]
    text = "\n".join(slide_texts(deck.slides[1]))
    assert kroner(key["revenue_at_risk"]) in text
    assert f"{key['open_cases']} åbne opfølgningssager, heraf {key['overdue']} over frist" in text
    assert f"af {thousands(key['n'], '.')} besvarelser" in text
    # the categories' answers, in the category colours
    (chart,) = charts(deck.slides[1])
    series = chart.plots[0].series[0]
    assert list(series.values) == [key["detractors"], key["passives"], key["promoters"]]
    assert point_colours(series) == [RED, AMBER, GREEN]


def test_danish_charts_are_native_with_the_recorded_values(decks):
    summary, deck = decks["dk-b2b-it"]
    figures = summary["figures"]
    trend = figures["02_nps"]["nps_trend"]
    (line,) = charts(by_title(deck, "NPS gik fra "))
    # python-pptx reads a line chart whose band has no markers back as LINE
    assert line.chart_type in (XL_CHART_TYPE.LINE, XL_CHART_TYPE.LINE_MARKERS)
    nps_series = line.plots[0].series[0]
    assert list(nps_series.values) == pytest.approx([row["nps"] for row in trend])
    assert list(line.plots[0].categories) == [quarter_da(row["period"]) for row in trend]
    assert line.value_axis.axis_title.text_frame.text == "NPS"
    assert line.category_axis.axis_title.text_frame.text == "Periode"

    segments = figures["02_nps"]["nps_segments"]["Afdeling"]
    (bars,) = charts(by_title(deck, "Afdeling: "))
    assert bars.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    assert list(bars.plots[0].categories) == [r["value"] for r in segments]
    assert list(bars.plots[0].series[0].values) == pytest.approx([r["nps"] for r in segments])

    matrix = figures["01_customer_journey"]["journey_matrix"]
    (scatter,) = charts(by_title(deck, "Ret "))
    assert scatter.chart_type == XL_CHART_TYPE.XY_SCATTER
    points = set()
    for series in scatter.plots[0].series:
        xs = series._element.xpath("./c:xVal//c:v")
        points |= {(float(x.text), y) for x, y in zip(xs, series.values, strict=True)}
    expected = sorted((p["importance"], p["nps"]) for p in matrix)
    assert [x for x, _ in sorted(points)] == [x for x, _ in expected]
    assert [y for _, y in sorted(points)] == pytest.approx([y for _, y in expected])
    colours = {s.name: str(s.marker.format.fill.fore_color.rgb) for s in scatter.plots[0].series}
    assert colours["Ret nu"] == RED and colours["Hold niveauet"] == GREEN

    value = figures["04_financial_impact"]["money_customer_value"]
    (money,) = charts(by_title(deck, "En ambassadør er "))
    series = money.plots[0].series[0]
    assert list(series.values) == pytest.approx(
        [value["detractor"], value["passive"], value["promoter"]]
    )
    assert point_colours(series) == [RED, AMBER, GREEN]
    labels = [series.points[i].data_label.text_frame.text for i in range(3)]
    assert labels == [kroner(value[c]) for c in ("detractor", "passive", "promoter")]

    rounds = figures["05_enps"]["enps_by_round"]
    (enps,) = charts(by_title(deck, "Medarbejdernes eNPS"))
    assert list(enps.plots[0].categories) == list(rounds)
    assert list(enps.plots[0].series[0].values) == pytest.approx(list(rounds.values()))


def test_english_deck_titles_and_numbers(decks):
    summary, deck = decks["uk-webshop"]
    key = summary["key_figures"]
    titles = [s.shapes.title.text_frame.text for s in deck.slides]
    assert titles[0] == f"Net Promoter Score: {summary['client']}"
    assert titles[1].startswith(
        f"NPS {nps_da(key['nps'])} (95% CI {nps_da(key['nps_ci_low'])} to "
        f"{nps_da(key['nps_ci_high'])}); {month_en(key['trend']['period'])} was "
    )
    assert month_en(key["trend"]["previous"]) in titles[1]
    text = "\n".join(slide_texts(deck.slides[1]))
    assert f"from {thousands(key['n'], ',')} answers" in text
    assert (
        f"{thousands(key['open_cases'], ',')} open follow-up cases, "
        f"{thousands(key['overdue'], ',')} of them overdue"
    ) in text
    # no revenue in the sample: no money slides, and no slide for an absent eNPS survey
    assert not any("business case" in t.lower() for t in titles)
    assert "05_enps" not in summary["figures"] or not any("eNPS" in t for t in titles[2:])
    segments = comparable_segments(summary)
    journey = 1 if summary["figures"].get("01_customer_journey") else 0
    assert len(deck.slides) == 3 + len(segments) + journey + 1 + 1


def test_no_consultant_text_on_any_slide(decks):
    forbidden = ("client.yml", "roles.", "files.", "finance.", "nps-workbook", "notebook", "`")
    for client, (_, deck) in decks.items():
        for number, slide in enumerate(deck.slides, start=1):
            for text in slide_texts(slide):
                found = [word for word in forbidden if word in text.lower()]
                assert not found, (client, number, text)


# --- small hand-made summaries -----------------------------------------------------------------

NPS_ONLY = {
    "key_figures": {
        "nps": 26.2,
        "nps_ci_low": 21.5,
        "nps_ci_high": 30.8,
        "confidence": 0.95,
        "n": 1174,
        "promoters": 585,
        "passives": 312,
        "detractors": 277,
    },
    "figures": {
        "02_nps": {
            "nps_overall": 26.2,
            "nps_n": 1174,
            "nps_promoters": 585,
            "nps_passives": 312,
            "nps_detractors": 277,
            "nps_population": "pooled",
            "nps_segments": {"Region": [{"value": "Nord", "n": 1174, "nps": 26.2}]},
        }
    },
}

LOOPS_ONLY = {
    "key_figures": {"open_cases": 1234, "overdue": 56},
    "figures": {
        "03_loops": {
            "loops_counts": {"1": 20, "2": 30, "3": 50},
            "loops_counts_last": {"1": 23, "2": 16, "3": 54},
            "loops_open_cases": 1234,
            "loops_overdue": 56,
            "loops_share_contacted": {"1": 0.5, "2": 0.25, "3": 0.75},
            "loops_share_within_deadline": {"1": 0.5, "2": 0.25, "3": 0.75},
            "loops_top_root_cause": "levering",
            "loops_root_causes": ["levering"],
        }
    },
}


def test_a_section_not_run_has_no_slide():
    sections = [s.section for s in plan_slides(NPS_ONLY, client="K", language="da")]
    # one segment group is no comparison; no journey, loops, money or eNPS recorded
    assert sections == ["title", "summary", "nps"]
    sections = [s.section for s in plan_slides(LOOPS_ONLY, client="K", language="da")]
    assert sections == ["title", "summary", "loops", "next"]


def test_danish_and_english_number_formats():
    da = plan_slides(LOOPS_ONLY, client="K", language="da")
    en = plan_slides(LOOPS_ONLY, client="K", language="en")
    assert da[2].title == (
        "1.234 åbne opfølgningssager, 56 over frist; kritikerne nævner oftest levering"
    )
    assert en[2].title == (
        "1,234 open follow-up cases, 56 overdue; detractors most often mention levering"
    )
    # Danish puts a (no-break) space before the per cent sign
    assert (
        "Loop 1: Kritikere: 20 sager, 50\u00a0% kontaktet, 50\u00a0% inden for fristen"
        in da[2].bullets
    )
    assert "Loop 3: Promoters: 50 cases, 75% contacted, 75% within the deadline" in en[2].bullets
    money = {
        "key_figures": {},
        "figures": {
            "04_financial_impact": {
                "money_business_case_per_year": 1234567.4,
                "money_business_case_horizon": 5000000.0,
                "money_horizon_years": 5,
            }
        },
    }
    (case,) = [s for s in plan_slides(money, client="K", language="da") if s.section == "money"]
    assert case.title == "Business casen er 1.234.567 kr. om året"
    (case,) = [
        s
        for s in plan_slides(money, client="K", language="en", currency="DKK")
        if s.section == "money"
    ]
    assert case.title == "The business case is DKK 1,234,567 a year"


def test_the_summary_slide_takes_the_first_finding_of_the_report_summary():
    statements = [
        {"text": "NPS er **+26**, se [NPS](#nps)", "section": "02_nps", "group": "score"},
        {"text": "Support ligger lavest", "section": "02_nps", "group": "findings"},
        {"text": "Salg ligger højest", "section": "02_nps", "group": "findings"},
    ]
    slides = plan_slides(dict(NPS_ONLY, summary=statements), client="K", language="da")
    bullets = slides[1].bullets
    # After the score's bullets (here one: these figures have no trend), the first finding.
    assert bullets[1] == "Support ligger lavest" and "Salg ligger højest" not in bullets
    # Without key figures the statements are the bullets, Markdown stripped.
    bare = plan_slides(
        {"key_figures": {}, "figures": {}, "summary": statements}, client="K", language="da"
    )
    assert bare[1].bullets == ("NPS er +26, se NPS", "Support ligger lavest", "Salg ligger højest")


def test_a_hostile_client_name_is_text(tmp_path):
    name = 'Kunde <&> "A/S" </a:t>'
    path = write_deck(tmp_path / "report.pptx", NPS_ONLY, client=name, language="da")
    deck = Presentation(str(path))
    assert deck.slides[0].shapes.title.text_frame.text == f"Net Promoter Score: {name}"


def test_segments_chart_and_title_from_hand_made_groups():
    summary = {
        "key_figures": {},
        "figures": {
            "02_nps": {
                "nps_overall": 10.0,
                "nps_n": 300,
                "nps_promoters": 100,
                "nps_passives": 130,
                "nps_detractors": 70,
                "nps_segments": {
                    "Afdeling": [
                        {"value": "Salg", "n": 100, "nps": 40.4, "ci_low": 30.0, "ci_high": 50.0},
                        {"value": "Support", "n": 150, "nps": -4.6, "ci_low": -15, "ci_high": 5},
                        {"value": "Lager", "n": 3, "nps": None, "ci_low": None, "ci_high": None},
                    ]
                },
            }
        },
    }
    slides = plan_slides(summary, client="K", language="da")
    (segment,) = [s for s in slides if s.section == "segments"]
    assert segment.title == (
        "Afdeling: Support lavest med −5, Salg højest med +40 — intervallerne overlapper ikke"
    )
    assert segment.chart.categories == ("Salg", "Support")
    assert segment.bullets[-1].endswith(": Lager")
    deck = build_deck(slides, language="da")
    (chart,) = charts(deck.slides[slides.index(segment)])
    assert list(chart.plots[0].series[0].values) == [40.4, -4.6]
    labels = [chart.plots[0].series[0].points[i].data_label.text_frame.text for i in range(2)]
    assert labels == ["+40", "−5"]
    # more groups than room: the highest and the lowest are kept, the middle left out
    rows = [
        {"value": f"G{i}", "n": 100, "nps": float(i), "ci_low": i - 9.0, "ci_high": i + 9.0}
        for i in range(10)
    ]
    summary["figures"]["02_nps"]["nps_segments"] = {"Gruppe": rows}
    (segment,) = [
        s for s in plan_slides(summary, client="K", language="da") if s.section == "segments"
    ]
    assert [b.split(":")[0] for b in segment.bullets] == ["G9", "G8", "G7", "G2", "G1", "G0"]
    assert len(segment.chart.categories) == 10


def test_the_categories_wear_their_colours_in_a_native_chart():
    slides = plan_slides(NPS_ONLY, client="K", language="en")
    deck = build_deck(slides, language="en")
    (chart,) = charts(deck.slides[1])
    assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    series = chart.plots[0].series[0]
    assert list(chart.plots[0].categories) == ["Detractors", "Passives", "Promoters"]
    assert list(series.values) == [277, 312, 585]
    assert point_colours(series) == [RED, AMBER, GREEN]
    assert chart.value_axis.axis_title.text_frame.text == "Answers"
