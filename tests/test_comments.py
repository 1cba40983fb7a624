"""Comment themes, root causes, sentiment and anonymisation, in Danish and English."""

import dataclasses
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nps_workbook import comments as comments_module
from nps_workbook.client_data import load_client_data
from nps_workbook.comments import (
    PersonalData,
    anonymise,
    find_themes,
    lexicon,
    personal_data,
    report_anonymiser,
    root_causes,
    sentiment,
    taxonomy,
    theme_table,
)
from nps_workbook.config import Roles
from nps_workbook.errors import AnalysisError, ConfigError

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
# +45 12 34 56 78, 12345678, 12 34 56 78, 07700 900123, +44 7700 900123
PHONE = re.compile(r"\+\d{2}[\d ]{8,}|\b\d{8}\b|\b\d{2} \d{2} \d{2} \d{2}\b|\b07\d{3} ?\d{6}\b")


# --- Themes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["da", "en"])
def test_taxonomies_ship_in_both_languages(language):
    themes = taxonomy(language)
    assert len(themes) >= 6 and all(stems for stems in themes.values())


def test_taxonomy_file_errors_name_the_file(tmp_path):
    bad = tmp_path / "themes.yml"
    bad.write_text("pris: dyr\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"themes\.yml.*'pris'"):
        taxonomy("da", bad)


def themes_of(texts, language):
    found = find_themes(pd.Series(texts), taxonomy(language))
    return [set(found.columns[row]) for row in found.to_numpy()]


def test_danish_themes_match_word_forms():
    found = themes_of(
        [
            "Fakturaen var forkert igen.",
            "Vi bliver faktureret for timer, vi ikke har bestilt.",
            "Prisen steg uden varsel, og fakturering er rodet.",
            "Supporten lukker sager uden at løse dem.",
            "Søde folk, men leveringen var forsinket.",
            "Da I sagde det, var vi glade.",
            None,
        ],
        "da",
    )
    assert "fakturering" in found[0] and "fakturering" in found[1]
    assert {"pris", "fakturering"} <= found[2]  # several themes in one comment
    assert "support" in found[3]
    assert {"medarbejdere", "levering"} <= found[4]  # ø inside a word, æøå-aware boundaries
    assert "support" not in found[5]  # "sag$" is the whole word: "sagde" is not a case
    assert found[6] == set()


def test_english_themes_match_word_forms_not_other_words():
    found = themes_of(
        [
            "Still waiting for my refund.",
            "Refunded within two days.",
            "The app crashes all the time.",
            "Really appreciated the help.",
            "Customer service never answered my emails.",
        ],
        "en",
    )
    assert "returns" in found[0] and "returns" in found[1]
    assert "website" in found[2]
    assert "website" not in found[3]  # "app$" does not match "appreciated"
    assert {"service", "communication"} <= found[4]


def test_theme_table_by_category_and_by_segment():
    answers = pd.DataFrame(
        {
            "comment": ["Fakturaen er forkert", "Dyr pris", "Fin faktura", "God support", None],
            "category": ["detractor", "detractor", "promoter", "promoter", "promoter"],
            "Afdeling": ["Økonomi", "Salg", "Økonomi", "Support", "Support"],
        }
    )
    tax = {"fakturering": ["fakt"], "pris": ["pris", "dyr"]}
    table = theme_table(answers, tax).set_index(["category", "theme"])
    # Two detractor comments, one about invoices; two promoter comments (the empty one is out).
    assert table.loc[("detractor", "fakturering"), "mentions"] == 1
    assert table.loc[("detractor", "fakturering"), "share"] == 0.5
    assert table.loc[("promoter", "fakturering"), "comments"] == 2
    assert table.loc[("promoter", "pris"), "mentions"] == 0
    by_department = theme_table(answers, tax, by="Afdeling").set_index(["Afdeling", "theme"])
    assert by_department.loc[("Økonomi", "fakturering"), "share"] == 1.0
    with pytest.raises(AnalysisError, match=r"no 'Afdelng' column \(named in by=\); they have"):
        theme_table(answers, tax, by="Afdelng")


def test_root_causes_by_hand():
    answers = pd.DataFrame(
        {
            "comment": [
                "Fakturaen er forkert. Ring til jh@kunde.dk",
                "Faktureringen er rodet",
                "Lang ventetid",
                "Dårlig support",
                "God support",
                "Fin support",
                "Godt samarbejde",
                "Alt er fint",
            ],
            "category": ["detractor"] * 4 + ["promoter"] * 4,
            "date": pd.to_datetime(["2024-01-01", "2024-02-01"] + ["2024-01-01"] * 6),
        }
    )
    tax = {"fakturering": ["fakt"], "support": ["support", "ventetid"]}
    result = root_causes(
        answers, tax, anonymise=lambda s: anonymise(s, PersonalData(), "da")
    ).set_index("theme")
    invoices = result.loc["fakturering"]
    # 2 of 4 detractors against 0 of 4 promoters.
    assert (invoices["detractors"], invoices["detractor_share"]) == (2, 0.5)
    assert (invoices["promoters"], invoices["promoter_share"]) == (0, 0.0)
    assert invoices["lift"] == float("inf") and invoices["difference"] == 0.5
    # Fisher's exact test on [[2, 2], [0, 4]]: P(2) = C(4,2)C(4,0)/C(8,2) = 6/28, P(0) = 6/28,
    # P(1) = 16/28; two-sided p = 12/28.
    assert invoices["p_value"] == pytest.approx(12 / 28)
    # The most recent example first, anonymised.
    assert invoices["examples"] == (
        "Faktureringen er rodet",
        "Fakturaen er forkert. Ring til [e-mail]",
    )
    support = result.loc["support"]
    assert (support["detractor_share"], support["promoter_share"]) == (0.5, 0.5)
    assert support["lift"] == 1.0
    assert result.index.tolist() == ["fakturering", "support"]  # largest difference first


# --- Sentiment --------------------------------------------------------------------------------


def test_sentiment_is_valence_per_word_with_phrases_counted_once():
    words = {"god": 3, "dårlig": -3, "fungerer ikke": -3, "ikke": -1}
    result = sentiment(
        pd.Series(["God service", "Det fungerer ikke", "Dårlig og dårlig", "", None]),
        "da",
        lexicon=words,
    )
    assert result.iloc[0] == 3 / 2
    assert result.iloc[1] == -3 / 3  # the phrase, not "ikke" again
    assert result.iloc[2] == -6 / 3
    assert pd.isna(result.iloc[3]) and pd.isna(result.iloc[4])


def test_afinn_lexicons_cover_danish_and_english():
    assert lexicon("da")["god"] > 0 and lexicon("da")["dårlig"] < 0
    assert lexicon("en")["good"] > 0 and lexicon("en")["disappointed"] < 0
    scores = sentiment(pd.Series(["Rigtig god service", "Meget skuffende"]), "da")
    assert scores.iloc[0] > 0 > scores.iloc[1]


def test_promoters_read_warmer_than_detractors_in_the_sample():
    data = load_client_data(SAMPLES / "uk-webshop")
    scores = sentiment(data.answers["comment"], "en")
    by_category = scores.groupby(data.answers["category"], observed=True).mean()
    assert by_category["promoter"] > by_category["passive"] > by_category["detractor"]


# --- Anonymisation ----------------------------------------------------------------------------


def test_anonymise_examples_in_danish_and_english():
    personal = PersonalData(
        names=("Søren Friis", "Mette Kjær", "Line Bech"), customer_ids=("10284",)
    )
    result = anonymise(
        pd.Series(
            [
                "Ring til mig på +45 51 02 96 07. Mvh. Søren Friis",
                "Tak til Mette for hjælpen! Kunde 10284, skriv til sf@firma.dk",
                "Ring på 47994940 eller 47 99 49 40.",
                "Betalt 12.500.000 kr. den 02-01-2023, line 4 var fin.",
                None,
            ]
        ),
        personal,
        "da",
    )
    assert result.iloc[0] == "Ring til mig på [telefon]. Mvh. [navn]"
    assert result.iloc[1] == "Tak til [navn] for hjælpen! Kunde [kunde-id], skriv til [e-mail]"
    assert result.iloc[2] == "Ring på [telefon] eller [telefon]."
    # Amounts, dates and the word "line" are not personal data.
    assert result.iloc[3] == "Betalt 12.500.000 kr. den 02-01-2023, line 4 var fin."
    assert pd.isna(result.iloc[4])
    english = anonymise(
        pd.Series(
            [
                "My name is Hannah Hughes, ring 07700 900998.",
                "Still no refund. Please call me on +44 7700 900258. George Taylor",
                "Checkout was OK. Overall OK.",
                "Call +1 (555) 123-4567",
            ]
        ),
        PersonalData(),
        "en",
    )
    assert english.tolist() == [
        "My name is [name], ring [phone].",
        "Still no refund. Please call me on [phone]. [name].",
        "Checkout was OK. Overall OK.",
        "Call [phone]",
    ]


@pytest.mark.parametrize("client", ["dk-b2b-it", "uk-webshop"])
def test_no_email_phone_or_known_name_survives_in_the_sample_comments(client):
    data = load_client_data(SAMPLES / client)
    config = data.client.config
    customers = data.customers.frame if data.customers is not None else None
    personal = personal_data(
        data.answers,
        customers=customers,
        followups=data.followups.frame,
        roles=config.roles,
        extra_names=[config.loops.customer_ambassador],
    )
    original = data.answers["comment"].dropna()
    cleaned = anonymise(original, personal, config.language)
    # The sample plants personal data: make sure the test has something to catch.
    assert original.str.contains(EMAIL).sum() > 0 and original.str.contains(PHONE).sum() > 0
    assert cleaned.str.contains(EMAIL).sum() == 0
    # Nor a piece of one beside its placeholder ("noah.[e-mail]", "[e-mail].dk").
    assert cleaned.str.contains(r"[\w.+'@-]\[e-mail\]|\[e-mail\][\w@]|\[e-mail\]\.\w").sum() == 0
    assert cleaned.str.contains(PHONE).sum() == 0
    names = [n for n in personal.names if len(n.split()) >= 2 and n[0].isupper()]
    if customers is not None:
        names += customers["contact"].dropna().tolist()
    known = re.compile("|".join(re.escape(n) for n in names))
    assert original.str.contains(known).sum() > 0
    assert cleaned.str.contains(known).sum() == 0
    placeholder = "[navn]" if config.language == "da" else "[name]"
    assert cleaned.str.contains(placeholder, regex=False).sum() > 0
    # Comments without personal data are left exactly as they were.
    untouched = ~original.str.contains(EMAIL) & ~original.str.contains(PHONE)
    parts = {word for name in names for word in name.split()}
    named = original.map(lambda text: bool(parts & set(re.findall(r"\w+", text))))
    untouched &= ~named & ~original.str.contains("name is", regex=False)
    changed = (cleaned != original) & untouched
    assert changed.mean() < 0.001, cleaned[changed].head().tolist()


def test_repeated_comments_get_the_themes_and_sentiment_of_each_alone():
    """Each distinct comment is worked on once and spread back: every row must get what it
    gets on its own, missing comments included, in the rows' order and index."""
    taxonomy = {"delivery": ["deliver", "late$"], "price": ["price", "expensive"]}
    rows = ["Late delivery", None, "Too expensive", "Late delivery", "", "great price", None]
    comments = pd.Series(rows, index=[10, 11, 12, 13, 14, 15, 16], dtype="object")
    lexicon = {"late": -2, "great": 3, "expensive": -1}
    themes = find_themes(comments, taxonomy)
    tone = sentiment(comments, "en", lexicon=lexicon)
    assert list(themes.index) == list(comments.index) and list(tone.index) == list(comments.index)
    for index, text in comments.items():
        alone = pd.Series([text], index=[index], dtype="object")
        assert themes.loc[[index]].equals(find_themes(alone, taxonomy))
        expected = sentiment(alone, "en", lexicon=lexicon).iloc[0]
        assert tone[index] == expected or (math.isnan(tone[index]) and math.isnan(expected))
    assert themes["delivery"].tolist() == [True, False, False, True, False, False, False]
    assert tone[10] == pytest.approx(-1.0) and tone[15] == pytest.approx(1.5)


WORDS = st.text(alphabet="abcæøåÆØÅ-_ 1.!", min_size=0, max_size=30)
STEMS = st.text(alphabet="abæøÅ-_1.", min_size=1, max_size=4).filter(lambda s: s.strip("$ "))


@settings(max_examples=300, deadline=None)
@given(text=WORDS, stem=STEMS, whole=st.booleans())
def test_a_stem_matches_at_a_word_start_and_nowhere_else(text, stem, whole):
    """The stem's pattern (\\b before a letter, for speed) finds a stem exactly where the
    plain definition does: not preceded by a letter, digit or underscore, whole word with '$'."""
    from nps_workbook.comments import _stem_pattern

    pattern = re.compile(_stem_pattern(stem + ("$" if whole else "")), re.IGNORECASE)
    plain = re.escape(stem) + (r"(?!\w)" if whole else "")
    oracle = re.compile(r"(?<!\w)" + plain, re.IGNORECASE)
    assert bool(pattern.search(text)) == bool(oracle.search(text))


# --- Anonymisation: no fragment of personal data survives ------------------------------------


def fragments(value: str) -> set[str]:
    """The pieces a reader could still recognise a person by: every part of an address between
    its separators, every digit group of a number (two or more characters)."""
    return {part for part in re.split(r"[@.+\s()'/-]+", value) if len(part) >= 2}


ADDRESSES = [
    # (the comment, the address in it with any line break taken out)
    ("skriv til noah.jensen@mail.dk tak", "noah.jensen@mail.dk"),
    ("skriv til Noah.Jensen+nps@Mail.Example.DK tak", "Noah.Jensen+nps@Mail.Example.DK"),
    ("skriv til NOAH.JENSEN@FIRMA.DK tak", "NOAH.JENSEN@FIRMA.DK"),
    ("skriv til noah.jensen@salg.kunde-mail.co.uk tak", "noah.jensen@salg.kunde-mail.co.uk"),
    ("skriv til noah.o'brien@mail.dk tak", "noah.o'brien@mail.dk"),
    ("skriv til søren.friis@firma.dk tak", "søren.friis@firma.dk"),
    # split by a line break, as a mail client or a spreadsheet cell wraps it
    ("skriv til noah.jensen@\nmail.dk tak", "noah.jensen@mail.dk"),
    ("skriv til noah.jensen\n@mail.dk tak", "noah.jensen@mail.dk"),
    ("skriv til noah.\njensen@mail.dk tak", "noah.jensen@mail.dk"),
    ("skriv til noah.jensen@mail.\r\ndk tak", "noah.jensen@mail.dk"),
]


@pytest.mark.parametrize(("comment", "address"), ADDRESSES)
def test_no_fragment_of_an_email_address_survives(comment, address):
    cleaned = anonymise(pd.Series([comment]), PersonalData(), "da").iloc[0]
    assert cleaned == "skriv til [e-mail] tak"
    # Said the other way round: a partial leak ("noah.[e-mail]", "[e-mail]\ndk") keeps a piece.
    residue = cleaned.replace("[e-mail]", " ")
    for part in fragments(address):
        assert not re.search(rf"(?<!\w){re.escape(part)}(?!\w)", residue, re.IGNORECASE), part


def test_text_after_an_address_at_a_sentence_end_is_not_taken_for_its_domain():
    cleaned = anonymise(
        pd.Series(["Skriv til jh@kunde.dk.\nTak for hjælpen"]), PersonalData(), "da"
    )
    assert cleaned.iloc[0] == "Skriv til [e-mail].\nTak for hjælpen"


NAMES = PersonalData(names=("Søren Friis", "Åse Ørum", "Mette Kjær", "Line Bech"))


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("Tak til Søren Friis", "Tak til [navn]"),
        ("Tak til SØREN FRIIS", "Tak til [navn]"),
        ("tak til søren friis", "tak til [navn]"),
        ("Tak til åse ørum og ÅSE ØRUM", "Tak til [navn] og [navn]"),
        ("Mette  Kjær ringede", "[navn] ringede"),  # two spaces
        ("Mette\nKjær ringede", "[navn] ringede"),  # a line break between the names
        ("Tak til Søren, ØRUM og Kjær", "Tak til [navn], [navn] og [navn]"),
        ("Tak til SØREN", "Tak til [navn]"),
        # A name part in lower case alone is an ordinary word: "line 4", "en bech"
        ("line 4 var fin", "line 4 var fin"),
    ],
)
def test_known_names_are_removed_whatever_their_case(comment, expected):
    assert anonymise(pd.Series([comment]), NAMES, "da").iloc[0] == expected


PHONES = [
    # Danish: eight digits, grouped by two or four, with +45 or 0045
    "+45 51 02 96 07",
    "+4551029607",
    "0045 51 02 96 07",
    "51029607",
    "51 02 96 07",
    "5102 9607",
    "51-02-96-07",
    "51.02.96.07",
    # British: +44 or 0044 with the trunk 0 dropped or in brackets, London, mobile
    "+44 20 7946 0958",
    "+44 (0)20 7946 0958",
    "0044 7700 900123",
    "020 7946 0958",
    "0207 946 0958",
    "(020) 7946 0958",
    "07700 900123",
    "+44 7700-900-123",
    # Neighbours whose holiday calendars the loops use
    "+46 70 123 45 67",
    "+47 412 34 567",
    "+49 30 1234567",
]


@pytest.mark.parametrize("phone", PHONES)
@pytest.mark.parametrize("language", ["da", "en"])
def test_phone_numbers_in_every_written_form_leave_no_digit_group(phone, language):
    cleaned = anonymise(pd.Series([f"Ring på {phone} i morgen"]), PersonalData(), language)
    placeholder = "[telefon]" if language == "da" else "[phone]"
    text = cleaned.iloc[0]
    assert placeholder in text and text.startswith("Ring på ") and text.endswith(" i morgen")
    # No digit survives: every group of the number is gone, not only its full pattern.
    assert not re.search(r"\d", text), text


def test_numbers_that_are_not_phone_numbers_are_kept():
    kept = [
        "Betalt 12.500.000 kr.",
        "den 02-01-2023",
        "på 2024-03-27",
        "ordre 1234567",
        "kl. 14.30",
    ]
    assert anonymise(pd.Series(kept), PersonalData(), "da").tolist() == kept


# --- the Anonymiser contract (comments.Anonymiser) ---------------------------------------------


def _check_contract(anonymiser, texts: pd.Series) -> pd.Series:
    """What every Anonymiser promises: same index and length, non-texts untouched."""
    out = anonymiser(texts)
    assert isinstance(out, pd.Series)
    assert out.index.equals(texts.index) and len(out) == len(texts)
    untouched = texts.map(lambda v: not isinstance(v, str))
    assert out[untouched].isna().tolist() == texts[untouched].isna().tolist()
    return out


@pytest.mark.parametrize("dtype", ["object", "string"])
def test_anonymise_keeps_index_length_and_missing_values(dtype):
    texts = pd.Series(
        ["Skriv til ann@firma.dk", None, "Ring 23 69 76 93, mvh. Jens Hansen", ""],
        index=[40, 7, 12, 3],
        dtype=dtype,
    )
    out = _check_contract(lambda s: anonymise(s, PersonalData(), "da"), texts)
    assert out.loc[40] == "Skriv til [e-mail]"
    assert out.loc[12] == "Ring [telefon], mvh. [navn]"
    assert out.loc[3] == "" and pd.isna(out.loc[7])


def test_the_report_anonymiser_keeps_the_contract_and_none_means_shown_as_written():
    data = load_client_data(SAMPLES / "dk-b2b-it")
    contact = data.customers.frame["contact"].iloc[0]
    texts = pd.Series([f"Tak til {contact}", pd.NA, "kontakt os på 12345678"], index=[9, 8, 7])
    out = _check_contract(report_anonymiser(data, "en"), texts.astype("string"))
    # placeholders in the report's language, not the comments'
    assert out.tolist()[::2] == ["Tak til [name]", "kontakt os på [phone]"]
    config = data.client.config
    keep = config.model_copy(
        update={"privacy": config.privacy.model_copy(update={"anonymise_comments": False})}
    )
    off = dataclasses.replace(data, client=dataclasses.replace(data.client, config=keep))
    assert report_anonymiser(off, "en") is None


# --- What the mutation run of comments found untested (tests/MUTATION.md) ---------------------


def test_a_theme_file_that_is_not_a_mapping_of_stems_is_refused_with_what_was_found(tmp_path):
    cases = {
        "{}\n": "expected a mapping of theme: [word stems, ...]",
        "- fakt\n- pris\n": "expected a mapping of theme: [word stems, ...]",
        "pris: []\n": "theme 'pris' needs a list of word stems",
        "pris: ['$']\n": "theme 'pris' has '$'; expected a word stem",
        "pris: ['dyr', '  ', '$']\n": "theme 'pris' has '  '; expected a word stem",
        "pris: [12]\n": "theme 'pris' has 12; expected a word stem",
    }
    for number, (text, message) in enumerate(cases.items()):
        path = tmp_path / f"themes{number}.yml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError) as raised:
            taxonomy("da", path)
        assert str(raised.value) == f"{path}: {message}", text


def test_stems_of_several_words_and_whole_words(tmp_path):
    path = tmp_path / "themes.yml"
    path.write_text(
        "svartid: [lang ventetid]\npris: [pris$]\ngebyr: [-gebyr]\nsociale medier: [X$]\n",
        encoding="utf-8",
    )
    found = find_themes(
        pd.Series(
            ["Lang\n  ventetid igen", "lang ventetiden", "prisen", "pris.", "et -gebyr", "på X"]
        ),
        taxonomy("da", path),
    )
    assert found["svartid"].tolist() == [True, True, False, False, False, False]
    assert found["pris"].tolist() == [False, False, False, True, False, False]  # not "prisen"
    assert found["gebyr"].tolist() == [False, False, False, False, True, False]
    assert found["sociale medier"].tolist() == [False] * 5 + [True]  # the network X, a word


def test_a_missing_comment_mentions_no_theme_whatever_the_stems():
    found = find_themes(pd.Series([None, pd.NA, "x"], dtype="object"), {"x": ["x"], "n": ["n"]})
    assert found.to_dict("list") == {"x": [False, False, True], "n": [False, False, False]}
    assert found.dtypes.eq(bool).all()


COMMENTED = pd.DataFrame(
    {
        "comment": ["Fakturaen er forkert", "Dyr pris", "Fin faktura", "God support", None, "  "],
        "score": [2, 5, 10, 9, 9, 0],
        "Afdeling": ["Økonomi", None, "Økonomi", "Support", "Support", "Salg"],
    }
)
TAX = {"fakturering": ["fakt"], "pris": ["pris", "dyr"]}


def test_theme_table_of_all_comments_without_a_group():
    # Four comments with text (the missing and the blank one are out): 2 invoices, 1 price.
    table = theme_table(COMMENTED, TAX, by=None)
    assert table.columns.tolist() == ["theme", "mentions", "comments", "share"]
    assert table.to_dict("list") == {
        "theme": ["fakturering", "pris"],
        "mentions": [2, 1],
        "comments": [4, 4],
        "share": [0.5, 0.25],
    }
    assert table["comments"].dtype == int


def test_theme_table_by_category_from_the_scores():
    # No category column: 2 and 5 are detractors, 10 and 9 promoters, groups in sorted order.
    table = theme_table(COMMENTED, TAX)
    assert table.columns.tolist() == ["category", "theme", "mentions", "comments", "share"]
    assert table[["category", "theme", "mentions", "comments"]].values.tolist() == [
        ["detractor", "fakturering", 1, 2],
        ["detractor", "pris", 1, 2],
        ["promoter", "fakturering", 1, 2],
        ["promoter", "pris", 0, 2],
    ]


def test_theme_table_by_segment_keeps_answers_without_a_group_as_missing():
    table = theme_table(COMMENTED, TAX, by="Afdeling")
    rows = table[table["theme"] == "pris"][["Afdeling", "mentions", "comments"]]
    assert rows.values.tolist() == [["(missing)", 1, 1], ["Support", 0, 1], ["Økonomi", 0, 2]]


def dated_answers(rows):
    """Answers from (comment, score, day) rows."""
    comment, score, day = zip(*rows, strict=True)
    return pd.DataFrame({"comment": comment, "score": score, "date": pd.to_datetime(day)})


def test_root_causes_from_scores_with_examples_newest_first_and_as_many_as_asked():
    answers = dated_answers(
        [
            ("Dyr pris", 3, "2024-03-01"),  # price: 4 detractors, 1 promoter
            ("For dyrt", 1, "2024-05-01"),
            ("Prisen er høj", 0, "2024-04-01"),
            ("Høje priser", 6, "2024-02-01"),
            ("Ok pris", 9, "2024-01-01"),
            ("Fakturaen kom sent", 2, "2024-01-15"),  # invoices: 1 detractor
            ("God support", 10, "2024-01-01"),  # support: promoters only
            ("Fin support", 9, "2024-01-02"),
            ("Alt fint", 10, "2024-01-03"),
            ("Passiv pris", 7, "2024-01-04"),  # a passive counts in neither group
        ]
    )
    tax = {"support": ["support"], "pris": ["pris", "dyr"], "fakturering": ["fakt"]}
    result = root_causes(answers, tax)
    # Support has no detractor: not listed. 5 detractors, 4 promoters.
    assert result["theme"].tolist() == ["pris", "fakturering"]
    assert result.index.tolist() == [0, 1]
    price = result.iloc[0]
    assert (price["detractors"], price["promoters"]) == (4, 1)
    assert price["detractor_share"] == 4 / 5 and price["promoter_share"] == 1 / 4
    assert price["difference"] == pytest.approx(4 / 5 - 1 / 4)
    assert price["lift"] == pytest.approx((4 / 5) / (1 / 4))
    # Fisher on [[4, 1], [1, 3]], 9 comments, margins 5/4 and 5/4: P(k promoters with the theme)
    # = C(5,5-k)C(4,k)/C(9,5); P(0) = 1/126, P(1) = 20/126, P(2) = 60/126, P(3) = 40/126,
    # P(4) = 5/126. Two-sided: the tables no likelier than P(1) = 20: 1 + 20 + 5 = 26.
    assert price["p_value"] == pytest.approx(26 / 126)
    assert price["examples"] == ("For dyrt", "Prisen er høj", "Dyr pris")
    assert root_causes(answers, tax, examples=1).iloc[0]["examples"] == ("For dyrt",)
    invoices = result.iloc[1]
    assert (invoices["detractors"], invoices["promoter_share"], invoices["lift"]) == (
        1,
        0,
        math.inf,
    )


def test_root_causes_without_promoters_or_without_a_detractor_mention():
    answers = dated_answers([("Dyr pris", 3, "2024-03-01"), ("Fin support", 8, "2024-03-02")])
    alone = root_causes(answers, TAX).iloc[0]
    assert alone["theme"] == "pris" and alone["detractor_share"] == 1.0
    # No promoter comment at all: nothing to compare with.
    assert math.isnan(alone["difference"]) and math.isnan(alone["p_value"])
    none = root_causes(answers, {"support": ["support"]})
    assert none.empty and none.columns.tolist() == [
        "theme", "detractors", "detractor_share", "promoters", "promoter_share",
        "difference", "lift", "p_value", "examples",
    ]  # fmt: skip


def test_the_comment_window_is_the_days_up_to_and_including_today():
    answers = pd.DataFrame(
        {
            "date": pd.to_datetime(
                ["2024-01-01 23:59", "2024-01-02 00:00", "2024-12-31 18:30", "2025-01-01 00:00"]
            ),
            "comment": ["a", "b", "c", "d"],
        }
    )
    # 2024 has 366 days: the window of 365 days up to 31 Dec starts on 2 Jan.
    assert comments_module.comment_window(answers, "2024-12-31")["comment"].tolist() == ["b", "c"]
    assert comments_module.comment_window(answers, "2024-12-31", days=1)["comment"].tolist() == [
        "c"
    ]
    without = comments_module.comment_window(answers.drop(columns="comment"), "2024-12-31")
    assert len(without) == 2 and without["comment"].isna().all()
    assert without["comment"].dtype == "string"
    undated = comments_module.comment_window(answers.drop(columns="date"), "2024-12-31")
    assert undated.empty and "comment" in undated.columns


def test_the_clients_root_causes_read_a_year_of_comments_in_the_customers_language():
    data = load_client_data(SAMPLES / "dk-b2b-it")
    today = pd.Timestamp("2024-06-30")
    result = comments_module.client_root_causes(data, today, "en", examples=2)
    # Counted again with plain pandas: detractor comments from 2 Jul 2023 to 30 Jun 2024 that
    # mention an invoice stem of the Danish taxonomy.
    answers = data.answers
    day = answers["date"].dt.normalize()
    inside = answers[(day > today - pd.Timedelta(days=365)) & (day <= today)]
    text = inside["comment"].astype("string").str.strip().fillna("")
    detractors = inside[(inside["score"] <= 6) & text.ne("")]
    stems = "|".join(taxonomy("da")["fakturering"])
    mentions = detractors["comment"].str.contains(rf"\b(?:{stems})", case=False, regex=True)
    invoices = result.set_index("theme").loc["fakturering"]
    assert invoices["detractors"] == mentions.sum() > 0
    assert len(invoices["examples"]) == 2
    # The examples are anonymised with English placeholders (the report's language).
    quoted = comments_module.client_root_causes(data, today, "en")["examples"].sum()
    assert not any(EMAIL.search(example) for example in quoted)
    assert any(re.search(r"\[(name|e-mail|phone)\]", example) for example in quoted)


def test_sentiment_by_category_from_scores_detractors_first_with_empty_groups(monkeypatch):
    words = {"god": 3, "dårlig": -3}
    answers = pd.DataFrame(
        {
            "comment": [
                "dårlig",
                "dårlig og god",
                "god god",
                "god og helt fin tak",
                "helt fin",
                None,
            ],
            "score": [1, 4, 10, 9, 9, 10],
        }
    )
    # The word list of the comments' language, and none for any other.
    monkeypatch.setattr(comments_module, "lexicon", lambda lang: words if lang == "da" else {})
    table = comments_module.sentiment_by_category(answers, "da")
    assert table.columns.tolist() == ["category", "comments", "sentiment", "negative", "positive"]
    assert table["category"].tolist() == ["detractor", "passive", "promoter"]
    # Detractors: -3/1 and 0/3; promoters: 6/2 = 3, 3/5 = 0.6 and 0/2 = 0; no passive comment.
    assert table["comments"].tolist() == [2, 0, 3] and table["comments"].dtype == int
    detractor, passive, promoter = table.to_dict("records")
    assert (detractor["sentiment"], detractor["negative"], detractor["positive"]) == (-1.5, 0.5, 0)
    assert promoter["sentiment"] == pytest.approx(3.6 / 3)
    assert (promoter["negative"], promoter["positive"]) == (0, 2 / 3)
    assert math.isnan(passive["sentiment"])
    assert sentiment(answers["comment"], "da", lexicon=words).name == "sentiment"


def test_personal_data_collects_every_name_and_id_the_files_know():
    answers = pd.DataFrame(
        {
            "respondent_id": ["K-20001", "K-20001", "K7", None],
            "AM": ["Ida Holm", None, " ", "Bo Ek"],
        }
    )
    customers = pd.DataFrame(
        {
            "id": ["30001", "301"],
            "contact": ["Jens Hansen", None],
            "owner": ["Mette Kjær", "Ida Holm"],
        }
    )
    followups = pd.DataFrame({"owner": ["Lars Østergaard"]})
    found = personal_data(
        answers,
        customers=customers,
        followups=followups,
        roles=Roles(owner="AM"),
        extra_names=["Birgitte Søgaard"],
    )
    assert found.names == (
        "Birgitte Søgaard", "Bo Ek", "Ida Holm", "Jens Hansen", "Lars Østergaard", "Mette Kjær",
    )  # fmt: skip
    # Ids of four characters or more ("K7" and "301" would hit ordinary numbers in the text).
    assert found.customer_ids == ("30001", "K-20001")
    # No roles: the answers' owner column is not known to be names; a file without an owner
    # column gives none.
    bare = personal_data(answers, customers=customers.drop(columns="owner"))
    assert bare.names == ("Jens Hansen",) and bare.customer_ids == ("30001", "K-20001")
    assert personal_data(answers, customers=pd.DataFrame({"id": ["4444"]})).customer_ids == (
        "4444",
        "K-20001",
    )


def test_the_report_anonymiser_removes_what_each_of_the_clients_files_knows():
    data = load_client_data(SAMPLES / "dk-b2b-it")
    config = data.client.config
    # A name that only the follow-up log, only the customer file and only the answers know.
    followups = dataclasses.replace(
        data.followups, frame=data.followups.frame.assign(owner="Ulla Frost")
    )
    customers = dataclasses.replace(
        data.customers, frame=data.customers.frame.assign(contact="Kaj Lund", owner="Kaj Lund")
    )
    answers = data.answers.assign(**{config.roles.owner: "Ebbe Rask"})
    responses = dataclasses.replace(data.responses, answers=answers)
    data = dataclasses.replace(data, followups=followups, customers=customers, responses=responses)
    anonymiser = report_anonymiser(data, "en")
    respondent = answers["respondent_id"].dropna().iloc[0]
    text = (
        f"Ulla Frost, Kaj Lund, Ebbe Rask and {config.loops.customer_ambassador} "
        f"about customer {respondent}"
    )
    assert anonymiser(pd.Series([text])).iloc[0] == (
        "[name], [name], [name] and [name] about customer [customer id]"
    )


def test_the_report_anonymiser_of_a_client_with_only_its_answers():
    data = load_client_data(Path(__file__).parent / "data" / "clients" / "small-segment")
    assert data.customers is None and data.followups is None
    anonymiser = report_anonymiser(data, "da")
    assert anonymiser(pd.Series(["Skriv til a@b.dk"])).iloc[0] == "Skriv til [e-mail]"


@pytest.mark.parametrize(
    ("name", "alone", "kept"),
    [
        ("Mette Kjær", "Tak til Mette", "Tak til [navn]"),
        ("Anne Marie Holm Berg", "Tak til Berg", "Tak til [navn]"),  # four words: a person
        ("Anne Marie Lise Holm Berg", "Tak til Berg", "Tak til Berg"),  # five: not taken for one
        ("Kunde Service team", "Ring til Service", "Ring til Service"),  # not all capitalised
        ("Mette", "Tak til Mette", "Tak til [navn]"),  # the whole known name still goes
    ],
)
def test_a_first_name_or_surname_alone_goes_only_for_names_of_people(name, alone, kept):
    assert anonymise(pd.Series([alone]), PersonalData((name,)), "da").iloc[0] == kept


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("Mvh. kundeservice", "Mvh. kundeservice"),  # no capitalised name after the cue
        ("Mvh. SUPPORT", "Mvh. SUPPORT"),  # capitals are not a name
        ("Hilsen Jens fra support", "Hilsen [navn] fra support"),  # the name only, not after
        ("Mvh. McDonald", "Mvh. [navn]"),
    ],
)
def test_a_name_after_a_signature_cue(comment, expected):
    assert anonymise(pd.Series([comment]), PersonalData(), "da").iloc[0] == expected


def test_a_closing_sentence_is_a_signature_only_when_written_as_a_name():
    english = anonymise(
        pd.Series(["New phone. IPhone Rocks.", "Late again. Niamh Wilson."]), PersonalData(), "en"
    )
    assert english.tolist() == ["New phone. IPhone Rocks.", "Late again. [name]."]


def test_a_phone_number_of_fifteen_digits_is_one_and_sixteen_is_not():
    fifteen, sixteen = "+45 12 34 56 78 90 123", "1234 5678 9012 3456"
    cleaned = anonymise(pd.Series([f"Ring {fifteen}", f"Konto {sixteen}"]), PersonalData(), "da")
    assert cleaned.tolist() == ["Ring [telefon]", f"Konto {sixteen}"]
