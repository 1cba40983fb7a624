import math
import re

import pytest

from nps_workbook import texts


def test_every_label_has_danish_and_english():
    for key, entry in texts.labels().items():
        assert entry["da"].strip() and entry["en"].strip(), key


def test_category_labels_and_colours():
    assert texts.category_label("detractor", "da") == "Kritikere"
    assert texts.category_label("promoter", "en", plural=False) == "Promoter"
    assert set(texts.CATEGORY_COLOURS) == {"detractor", "passive", "promoter"}


def test_placeholders_are_filled():
    assert texts.label("nps.confidence_interval", "da", level="95 %") == "95 % konfidensinterval"


def test_unknown_key_and_language_fail_loudly():
    with pytest.raises(KeyError, match="no label 'nope'"):
        texts.label("nope", "da")
    with pytest.raises(ValueError, match="language 'de' is not supported"):
        texts.label("nps.name", "de")


@pytest.mark.parametrize(
    ("value", "language", "decimals", "expected"),
    [
        (1234567.5, "da", 1, "1.234.567,5"),
        (1234567.5, "en", 1, "1,234,567.5"),
        (-0.4, "da", 0, "0"),
        (-1234.56, "da", 1, "-1.234,6"),
        (math.nan, "da", 0, "–"),
    ],
)
def test_numbers_in_each_language(value, language, decimals, expected):
    assert texts.format_number(value, language, decimals) == expected


def test_nps_carries_its_sign():
    assert texts.format_nps(26.26, "da", 1) == "+26,3"
    assert texts.format_nps(-23.4, "en") == "−23"
    assert texts.format_nps(0.2, "en") == "0"
    assert texts.format_nps(None, "da") == "–"


def test_percent_and_money():
    assert texts.format_percent(0.256, "da") == "26\xa0%"
    assert texts.format_percent(0.2567, "en", 1) == "25.7%"
    assert texts.format_money(1234567, "DKK", "da") == "1.234.567 kr."
    assert texts.format_money(1234567, "DKK", "en") == "DKK\xa01,234,567".replace("\xa0", " ")


def test_each_page_has_its_label_file_named_after_it():
    import pkgutil

    from nps_workbook import kit, pages

    helpers = {"table", "note"}  # what every page uses, not a page
    modules = {m.name for m in pkgutil.iter_modules(pages.__path__)} - helpers
    assert modules == {p.stem for p in (kit.texts_dir() / "pages").glob("*.yml")}


def test_a_key_defined_in_a_page_file_and_a_domain_file_is_refused(tmp_path, monkeypatch):
    from nps_workbook import kit

    (tmp_path / "pages").mkdir()
    (tmp_path / "loops.yml").write_text("loop.x: {da: a, en: b}\n", encoding="utf-8")
    (tmp_path / "pages" / "loops.yml").write_text("loop.x: {da: c, en: d}\n", encoding="utf-8")
    monkeypatch.setattr(kit, "texts_dir", lambda: tmp_path)
    texts.labels.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"texts/pages/loops\.yml: label 'loop\.x' is defined"):
            texts.labels()
        (tmp_path / "loops.yml").write_text("loop.y: {da: a, en: b}\n", encoding="utf-8")
        texts.labels.cache_clear()
        assert texts.labels()["loop.x"] == {"da": "c", "en": "d"}  # pages/ is read too
    finally:
        texts.labels.cache_clear()


# Excel's date codes, each with the strftime code that writes the same.
EXCEL_TO_STRFTIME = {"yyyy": "%Y", "mmm": "%b", "mm": "%m", "dd": "%d", "d": "%-d"}


@pytest.mark.parametrize("language", texts.LANGUAGES)
def test_excel_writes_a_date_as_the_reports_do(language):
    pattern = re.sub(
        "|".join(EXCEL_TO_STRFTIME),  # longest first: "dd" before "d"
        lambda code: EXCEL_TO_STRFTIME[code.group()],
        texts.EXCEL_DATE_FORMATS[language],
    )
    assert pattern == texts.DATE_PATTERNS[language]
    day = "2024-03-05"
    assert texts.format_date(day, language) == {"da": "05-03-2024", "en": "5 Mar 2024"}[language]


@pytest.mark.parametrize("language", texts.LANGUAGES)
def test_excel_writes_a_small_p_value_as_the_reports_do(language):
    below = texts.format_p_value(0.0001, language)
    assert texts.excel_p_value_format(language) == f'[<0.001]"{below}";0.000'
    assert below == {"da": "< 0,001", "en": "< 0.001"}[language]


@pytest.mark.parametrize(
    ("currency", "language", "excel"),
    [("DKK", "da", '#,##0" kr."'), ("DKK", "en", '"DKK "#,##0'), ("GBP", "en", '"£ "#,##0')],
)
def test_excel_writes_an_amount_as_the_reports_do(currency, language, excel):
    assert texts.excel_money_format(currency, language) == excel
    before, after = excel.split("#,##0")
    shown = before.strip('"') + texts.format_number(1234, language) + after.strip('"')
    assert shown == texts.format_money(1234, currency, language)
