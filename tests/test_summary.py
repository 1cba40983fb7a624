"""The client report's summary (summary.py) and what the client report leaves to the consultant.

The unit tests feed hand-written key figures and expect hand-written sentences; the tests on the
sample batch check that report.html opens with the summary, that its numbers are summary.json's
(formatted here by hand), that every link reaches a section, and that no client.yml key, kit
command or template path reaches the client: those are in notes.md.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from pydantic import BaseModel

from nps_workbook.config import ClientConfig
from nps_workbook.summary import statements
from nps_workbook.texts import label

FIGURES = {
    "02_nps": {
        "nps_overall": 26.2,
        "nps_overall_ci_low": 21.5,
        "nps_overall_ci_high": 30.8,
        "nps_n": 1174,
        "nps_population": "relationship",
        "nps_trend": [
            {"period": "2024Q3", "nps": 8.4, "change": None, "significant": False},
            {"period": "2024Q4", "nps": 22.0, "change": 13.6, "significant": False},
        ],
        "nps_segments": {
            "Afdeling": [
                {"value": "Salg", "n": 124, "nps": 44.4, "ci_low": 29.6, "ci_high": 57.0},
                {"value": "Drift", "n": 382, "nps": 31.4, "ci_low": 23.4, "ci_high": 38.9},
                {"value": "Support", "n": 301, "nps": 3.7, "ci_low": -6.0, "ci_high": 13.3},
                {"value": "Lille", "n": 3, "nps": None, "ci_low": None, "ci_high": None},
            ]
        },
        "nps_touchpoints": [
            {"value": "Fakturering", "n": 175, "nps": -27.0, "ci_low": -39.0, "ci_high": -15.0},
            {"value": "Levering", "n": 90, "nps": 20.0, "ci_low": 5.0, "ci_high": 34.0},
        ],
    },
    "03_loops": {
        "loops_open_cases": 87,
        "loops_overdue": 41,
        "loops_open_by_loop": {"1": 15, "2": 26, "3": 0},
        "loops_root_causes": ["support", "fakturering", "pris"],
    },
    "04_financial_impact": {
        "money_revenue_at_risk": 10295705.4,
        "money_business_case_per_year": 1808844.0,
        "money_business_case_horizon": 7799967.0,
    },
}


def texts(figures, language="da"):
    return [(s.group, s.text, s.section) for s in statements(figures, language, "DKK")]


def test_the_summary_of_hand_made_figures_in_danish():
    assert texts(FIGURES) == [
        (
            "score",
            "Relations-NPS er +26 (95\xa0% KI +22 til +31) ud fra 1.174 besvarelser.",
            "02_nps",
        ),
        (
            "score",
            "I K4 2024 var NPS +22, +14 point mod K3 2024 (+8): inden for usikkerheden, så ikke "
            "en sikker ændring.",
            "02_nps",
        ),
        # Touchpoints against their own pooled NPS, (−27·175 + 20·90) / 265 = −11.0: Levering
        # lies 31.0 above, Fakturering 16.0 below; segments against +26: Support 22.5 below,
        # Salg 18.2 above. The farthest of each kind first (Levering, Support), then the farthest
        # of the rest (Salg); Drift's interval holds +26, the small group has no score.
        (
            "findings",
            "Kontaktpunktet Levering ligger over: NPS +20 (95\xa0% KI +5 til +34, 90 besvarelser) "
            "mod −11 for alle kontaktpunkter.",
            "02_nps",
        ),
        (
            "findings",
            "Support (Afdeling) ligger under: NPS +4 (95\xa0% KI −6 til +13, 301 besvarelser) mod "
            "+26 samlet.",
            "02_nps",
        ),
        (
            "findings",
            "Salg (Afdeling) ligger over: NPS +44 (95\xa0% KI +30 til +57, 124 besvarelser) mod "
            "+26 samlet.",
            "02_nps",
        ),
        (
            "findings",
            "Kritikerne skriver oftere end ambassadørerne om support og fakturering: de "
            "tilbagevendende årsager, der skal fjernes.",
            "03_loops",
        ),
        (
            "money",
            "10.295.705 kr. af den årlige omsætning er i fare: den forventes at forsvinde med de "
            "kritikere og passive, der stopper.",
            "04_financial_impact",
        ),
        (
            "money",
            "Business casen, at flytte kunder en kategori op, er 1.808.844 kr. værd om året, "
            "7.799.967 kr. over hele horisonten.",
            "04_financial_impact",
        ),
        ("followup", "87 opfølgningssager er åbne; 41 af dem har overskredet fristen.", "03_loops"),
        (
            "next_steps",
            "Loop 1, kritikere: kontakt de 15 med åbne sager hurtigt, løs deres sag, og fjern "
            "årsagen.",
            "03_loops",
        ),
        (
            "next_steps",
            "Loop 2, passive: spørg de 26 med åbne sager, hvad der skal til, for at de vil "
            "anbefale jer.",
            "03_loops",
        ),
    ]


def test_english_numbers_a_pooled_headline_few_answers_and_a_year_ago_comparison():
    nps = {
        "nps_overall": -12.4,
        "nps_overall_ci_low": -40.0,
        "nps_overall_ci_high": 18.0,
        "nps_n": 24,
        "nps_population": "pooled",
        "nps_latest_period": {"period": "2024-12", "nps": -12.4},
        "nps_previous": {
            "period": "2024-11",
            "nps": 30.0,
            "change": -42.4,
            "significant": True,
        },
        "nps_year_ago": {"period": "2023-12", "nps": -10.0, "change": -2.4, "significant": False},
    }
    assert [t for _, t, _ in texts({"02_nps": nps}, "en")] == [
        "The NPS is −12 (95% CI −40 to +18), from 24 answers, all answers pooled. With fewer than "
        "30 answers the figure is indicative.",
        "In Dec 2024 the NPS was −12, −42 points against Nov 2024 (+30): a real change.",
        "Against the same period a year before, Dec 2023 (−10), the change is −2 points: within "
        "the uncertainty, so not a real change.",
    ]


def test_a_notebook_that_did_not_run_says_nothing_and_no_revenue_says_so():
    assert texts({}) == []
    only_money = texts({"04_financial_impact": {"money_revenue_known": False}}, "en")
    assert only_money == [
        (
            "money",
            "No amounts are computed yet, as revenue per customer is not known.",
            "04_financial_impact",
        )
    ]
    # A finding needs the headline to be compared with.
    assert texts({"02_nps": {**FIGURES["02_nps"], "nps_overall": None}}) == []


# --- the client report of the sample batch ----------------------------------------------------


def _visible(page: str) -> str:
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.DOTALL)
    page = re.sub(r"<img\b[^>]*>", " ", page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _keys(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every client.yml key as written in it: ``finance.margin``, ``benchmark_nps`` ..."""
    found = set()
    for name, field in model.model_fields.items():
        key = prefix + (field.alias or name)
        sub = field.annotation
        if isinstance(sub, type) and issubclass(sub, BaseModel):
            found |= _keys(sub, key + ".")
        elif prefix or "_" in key:  # a bare word ("client", "segments") is also plain language
            found.add(key)
    return found


CLIENT_YML_KEYS = sorted(_keys(ClientConfig))
KIT_WORDS = ("client.yml", "nps-workbook ", "templates/", "make demo", "make lab", "`", "notebook")


def test_the_scan_knows_the_keys_users_write():
    assert {"finance.margin", "files.customers", "roles.measurement", "benchmark_nps"} <= set(
        CLIENT_YML_KEYS
    )


@pytest.mark.parametrize("client", ["dk-b2b-it", "uk-webshop"])
def test_report_opens_with_the_summary_and_holds_no_consultant_text(sample_batch, client):
    out = sample_batch.out_dir / client
    page = (out / "report.html").read_text(encoding="utf-8")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    language = summary["language"]
    main = page.index('id="summary"')
    assert main < page.index('id="contents"') < page.index('id="notebook-1"')
    # The headline of the summary is summary.json's NPS, formatted by hand.
    figures = summary["key_figures"]
    nps = round(figures["nps"])
    sign = "+" if nps > 0 else ("−" if nps < 0 else "")
    thousands = f"{figures['n']:,}".replace(",", "." if language == "da" else ",")
    first = summary["summary"][0]["text"]
    assert f"{sign}{abs(nps)} (" in first and f"{thousands} " in first
    assert html.escape(first, quote=False) in page
    # Every sentence is on the page and links to a section that is there.
    anchors = set(re.findall(r'<section class="notebook" id="(notebook-\d+)"', page))
    links = re.findall(r'<a class="more" href="#(notebook-\d+)"', page)
    assert len(links) == len(summary["summary"]) and set(links) <= anchors
    for statement in summary["summary"]:
        assert html.escape(statement["text"], quote=False) in page
    # What the consultant does is not for the client.
    visible = _visible(page)
    for word in (*CLIENT_YML_KEYS, *KIT_WORDS):
        assert word not in visible, (client, word)
    assert label("note.prefix", language) not in visible


def test_the_consultants_notes_name_what_the_report_cannot_show(sample_batch):
    notes = (sample_batch.out_dir / "uk-webshop" / "notes.md").read_text(encoding="utf-8")
    assert notes.startswith("# Notes for the consultant – ")
    # uk-webshop has no customer file, no revenue, no touchpoint file and no employee survey.
    for key in (
        "`files.customers`",
        "`finance.revenue_per_customer`",
        "`files.touchpoints`",
        "`files.employee_survey`",
        "`roles.measurement`",
    ):
        assert key in notes, key
    report = (sample_batch.out_dir / "uk-webshop" / "report.html").read_text(encoding="utf-8")
    assert label("journey.report.no_file", "en", client="Quillmoor Home")[:40] in report


def test_touchpoints_are_compared_with_the_journeys_reference_when_it_ran():
    figures = {**FIGURES, "01_customer_journey": {"journey_reference_nps": 30.0}}
    found = [t for g, t, _ in texts(figures, "en") if "touchpoint" in t]
    # Against +30 Fakturering (−39 to −15) is 57 below and Levering's interval (+5 to +34)
    # holds +30: one touchpoint finding, linked to the journey.
    assert found == [
        "The touchpoint Fakturering stands out below: NPS −27 (95% CI −39 to −15, 175 answers) "
        "against +30 across all touchpoints."
    ]
    sections = {s for g, t, s in texts(figures, "en") if "touchpoint" in t}
    assert sections == {"01_customer_journey"}


def test_a_report_for_a_period_says_which_and_compares_it():
    nps = {
        "nps_overall": 22.0,
        "nps_overall_ci_low": 10.2,
        "nps_overall_ci_high": 33.1,
        "nps_n": 141,
        "nps_population": "relationship",
        "nps_report_period": {"period": "2024Q4", "kind": "quarter"},
        "nps_previous": {"period": "2024Q3", "nps": 8.3, "change": 13.7, "significant": False},
        "nps_year_ago": {"period": "2023Q4", "nps": 42.9, "change": -20.9, "significant": True},
    }
    assert [t for _, t, _ in texts({"02_nps": nps})] == [
        "K4 2024: Relations-NPS er +22 (95\xa0% KI +10 til +33) ud fra 141 besvarelser.",
        "I K4 2024 var NPS +22, +14 point mod K3 2024 (+8): inden for usikkerheden, så ikke en "
        "sikker ændring.",
        "Mod samme periode året før, K4 2023 (+43), er ændringen −21 point: en sikker ændring.",
    ]
