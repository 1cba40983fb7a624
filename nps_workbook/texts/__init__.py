"""Everything a client reads, in Danish and English, and how numbers look in each language.

Labels live as data in the YAML files beside this module, each key with a ``da`` and an ``en``
text: one file per domain or engine (``categories.yml``, ``loops.yml``, ``money.yml``, ...) and, in
``pages/``, one per page named after it (``pages/loops.yml`` holds what
:mod:`nps_workbook.pages.loops` shows). A key is defined once across all files. Code asks for
``label(key, language)``; a missing key or language is an error at once, never a silent English
fallback in a Danish report. Colours of the three categories are defined here and nowhere else.

Numbers are formatted with Babel's CLDR data: ``1.234,5`` and ``26 %`` in Danish, ``1,234.5`` and
``26%`` in English.
"""

from __future__ import annotations

import functools
import re
from typing import Literal

import pandas as pd
import yaml
from babel import Locale
from babel.dates import format_date as format_date_babel
from babel.numbers import format_currency, format_decimal
from babel.numbers import format_percent as _babel_percent

from .. import kit

Language = Literal["da", "en"]
LANGUAGES: tuple[Language, ...] = ("da", "en")
LOCALES: dict[str, str] = {"da": "da_DK", "en": "en_GB"}

# Red, amber, green: the same three colours in every figure, table and Excel sheet.
CATEGORY_COLOURS: dict[str, str] = {
    "detractor": "#C8102E",
    "passive": "#F2A900",
    "promoter": "#2E8B57",
}
NEUTRAL_COLOUR = "#4D4D4D"

# How a date is written: as text (a strftime pattern, :func:`format_date`) and as an Excel cell's
# number format, side by side so a report, the huddle and the Excel hand-over write it alike.
DATE_PATTERNS: dict[str, str] = {"da": "%d-%m-%Y", "en": "%-d %b %Y"}
EXCEL_DATE_FORMATS: dict[str, str] = {"da": "dd-mm-yyyy", "en": "d mmm yyyy"}
#: p-values below this are written "< 0,001" / "< 0.001" (:func:`format_p_value`).
P_VALUE_FLOOR = 0.001


@functools.cache
def labels() -> dict[str, dict[str, str]]:
    """All labels from the YAML files in this folder and pages/, checked for duplicates and both
    languages."""
    merged: dict[str, dict[str, str]] = {}
    root = kit.texts_dir()
    for path in sorted(root.rglob("*.yml")):
        name = path.relative_to(root).as_posix()
        # libyaml's parser when PyYAML has it: a tenth of the pure-Python one's 0.3 s, paid
        # by every notebook's first text (issue #8, item 3)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        entries = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
        for key, texts in entries.items():
            if key in merged:
                raise ValueError(f"texts/{name}: label {key!r} is defined twice")
            if not isinstance(texts, dict) or set(texts) - set(LANGUAGES):
                raise ValueError(
                    f"texts/{name}: label {key!r} must map exactly da and en to texts, "
                    f"found {texts!r} (quote a text that holds a comma or colon)"
                )
            missing = [lang for lang in LANGUAGES if not (texts or {}).get(lang)]
            if missing:
                raise ValueError(f"texts/{name}: label {key!r} has no {', '.join(missing)} text")
            merged[key] = {lang: str(texts[lang]) for lang in LANGUAGES}
    return merged


def check_language(language: str) -> Language:
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} is not supported; expected one of {LANGUAGES}")
    return language  # type: ignore[return-value]


def label(key: str, language: str, **values: object) -> str:
    """The text for `key` in `language`, with ``{name}`` placeholders filled from `values`.

    Examples
    --------
    >>> label("category.detractor.plural", "da")
    'Kritikere'
    """
    check_language(language)
    try:
        text = labels()[key][language]
    except KeyError:
        raise KeyError(f"no label {key!r}; add it to a YAML file in nps_workbook/texts/") from None
    return text.format(**values) if values else text


def category_label(category: str, language: str, *, plural: bool = True) -> str:
    """'Kritikere' / 'Detractors' (or the singular) for a category name."""
    return label(f"category.{category}.{'plural' if plural else 'singular'}", language)


def _missing(value: object) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def format_number(value: float | None, language: str, decimals: int = 0) -> str:
    """1.234.567,5 (da) or 1,234,567.5 (en); an em dash for a missing value."""
    if _missing(value):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    rounded = round(float(value), decimals) + 0.0  # + 0.0 turns -0.0 into 0.0: no "-0"
    return format_decimal(rounded, format=pattern, locale=LOCALES[check_language(language)])


def format_nps(value: float | None, language: str, decimals: int = 0) -> str:
    """An NPS with its sign: +26, −4, 0 (Danish uses a decimal comma: +26,3)."""
    if _missing(value):
        return "–"
    rounded = round(float(value), decimals)
    text = format_number(abs(rounded), language, decimals)
    if rounded > 0:
        return "+" + text
    return "−" + text if rounded < 0 else text


def format_percent(share: float | None, language: str, decimals: int = 0) -> str:
    """A share 0..1 as 26 % (da) or 26% (en)."""
    if _missing(share):
        return "–"
    locale = Locale.parse(LOCALES[check_language(language)])
    # The locale's own pattern keeps its spacing (Danish "26 %"); only the decimals change.
    pattern = locale.percent_formats[None].pattern
    if decimals:
        pattern = re.sub(r"0(?=[^0-9]*$)", "0." + "0" * decimals, pattern, count=1)
    return _babel_percent(share, format=pattern, locale=locale)


def format_money(value: float | None, currency: str, language: str, decimals: int = 0) -> str:
    """1.234.567 kr. (da, DKK) or DKK 1,234,567 (en)."""
    if _missing(value):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    locale = LOCALES[check_language(language)]
    if language == "da" and currency == "DKK":
        return format_decimal(value, format=pattern, locale=locale) + " kr."
    return format_currency(
        value, currency, format="¤ " + pattern, locale=locale, currency_digits=False
    )


def excel_money_format(currency: str, language: str) -> str:
    """The Excel number format that writes an amount as :func:`format_money` does.

    Examples
    --------
    >>> excel_money_format("DKK", "da"), excel_money_format("GBP", "en")
    ('#,##0" kr."', '"£ "#,##0')
    """
    before, _, after = format_money(0, currency, language).partition("0")
    quoted = [f'"{text}"' if text else "" for text in (before, after)]
    return quoted[0] + "#,##0" + quoted[1]


def format_date(value: object, language: str) -> str:
    """A date as the client writes it: 05-03-2024 (da) or 5 Mar 2024 (en); "–" for none.

    Examples
    --------
    >>> format_date("2024-03-05", "da"), format_date("2024-03-05", "en")
    ('05-03-2024', '5 Mar 2024')
    """
    if value is None or pd.isna(value):
        return "–"
    return pd.Timestamp(value).strftime(DATE_PATTERNS[check_language(language)])


def format_period(period: object, language: str) -> str:
    """A period label of :func:`score.nps_table` as a reader writes it; a year stays as it is.

    Examples
    --------
    >>> [format_period(p, "da") for p in ("2024Q1", "2024-03", "2024-W05", "2024")]
    ['K1 2024', 'mar. 2024', 'uge 5 2024', '2024']
    >>> [format_period(p, "en") for p in ("2024Q1", "2024-03", "2024-W05")]
    ['Q1 2024', 'Mar 2024', 'week 5 2024']
    """
    text = str(period)
    if len(text) == 6 and text[4] == "Q":
        return f"{'K' if language == 'da' else 'Q'}{text[5]} {text[:4]}"
    if "-W" in text:
        year, week = text.split("-W")
        return f"{label('period.week', language)} {int(week)} {year}"
    if len(text) == 7 and text[4] == "-":
        day = pd.Timestamp(f"{text}-01").date()
        return format_date_babel(day, "MMM y", locale=LOCALES[check_language(language)])
    return text


def format_p_value(p: float | None, language: str) -> str:
    """A p-value with three decimals, "< 0,001" below that; "–" when there is none.

    Examples
    --------
    >>> format_p_value(0.00001, "da"), format_p_value(0.41053, "en")
    ('< 0,001', '0.411')
    """
    if _missing(p):
        return "–"
    if p < P_VALUE_FLOOR:
        return "< " + format_number(P_VALUE_FLOOR, language, 3)
    return format_number(p, language, 3)


def excel_p_value_format(language: str) -> str:
    """The Excel number format that writes a p-value as :func:`format_p_value` does.

    Examples
    --------
    >>> excel_p_value_format("da")
    '[<0.001]"< 0,001";0.000'
    """
    return f'[<{P_VALUE_FLOOR}]"{format_p_value(0.0, language)}";0.000'


def format_interval(low: float | None, high: float | None, language: str) -> str:
    """An NPS interval as a table cell: "+21 til +27" (da), "+21 to +27" (en); "–" for none.

    Examples
    --------
    >>> format_interval(21.4, 27.0, "da"), format_interval(-3.2, 4.0, "en")
    ('+21 til +27', '−3 to +4')
    """
    if _missing(low) or _missing(high):
        return "–"
    return label(
        "nps.interval", language, low=format_nps(low, language), high=format_nps(high, language)
    )


def scale_text(scale: str, language: str) -> str:
    """The sentence every output carries for answers given on a 1-10 scale; "" for 0-10.

    Examples
    --------
    >>> scale_text("1-10", "en")[:42]
    'The answers were given on a scale of 1 to '
    >>> scale_text("0-10", "da")
    ''
    """
    return label("nps.scale_one_to_ten", language) if scale == "1-10" else ""
