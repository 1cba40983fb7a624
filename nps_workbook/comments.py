"""What customers write: themes, sentiment, the inner loop's root causes, and anonymisation.

Themes come from an editable taxonomy in templates/ (``themes.da.yml``, ``themes.en.yml``): each
theme lists word stems that match every word beginning with them, so ``fakt`` finds *faktura*,
*fakturaen* and *fakturering* and ``refund`` finds *refunds* and *refunded*. Sentiment is scored
with the AFINN word lists (Nielsen 2011; the Danish list by the same author), read from the
``afinn`` package behind the single function :func:`lexicon`.

Anonymisation replaces e-mail addresses, phone numbers, customer ids and the names the client's
own files know (contacts, account managers, follow-up owners) by placeholders in the client's
language, before a comment leaves for a report or a workbook.

Every analysis function takes Series or DataFrames and returns Series, DataFrames or small frozen
dataclasses; only :func:`taxonomy` and :func:`lexicon` read files (a template and a package's
data), as ``templating.render`` does.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy.stats import fisher_exact

from . import texts
from .config import Roles, read_yaml
from .errors import AnalysisError, ConfigError, require_columns
from .score import CATEGORY_COLUMN, categorize
from .templating import template_path

if TYPE_CHECKING:
    from .client_data import ClientData

COMMENT_COLUMN = "comment"
#: The taxonomy file in templates/ for each language.
THEMES_FILE = "themes.{language}.yml"
#: AFINN word list in the ``afinn`` package for each language (Danish: 3,500 words, English: 3,382).
AFINN_FILES = {"da": "AFINN-da-32.txt", "en": "AFINN-en-165.txt"}
#: Example comments per theme in the root-cause list.
EXAMPLES = 3
#: Days of comments themes, sentiment and root causes are read from: notebook 03, the huddle
#: page and the Excel hand-over all read the same year up to their day.
COMMENT_DAYS = 365
#: Customer ids shorter than this are left alone: they would hit ordinary numbers in the text.
MIN_ID_LENGTH = 4
# A phone number has 8 (a Danish number without +45) to 15 digits (the ITU E.164 maximum).
_PHONE_DIGITS = (8, 15)
# Words that announce a name the files may not know: a signature or an introduction.
_NAME_CUES = (
    "my name is",
    "kind regards",
    "best regards",
    "regards",
    "med venlig hilsen",
    "venlig hilsen",
    "hilsen",
    "mvh",
    "jeg hedder",
    "mit navn er",
)

Taxonomy = Mapping[str, Sequence[str]]


# --- Themes -----------------------------------------------------------------------------------


def taxonomy(language: str, path: str | Path | None = None) -> dict[str, tuple[str, ...]]:
    """The theme taxonomy: theme -> word stems, from templates/themes.<language>.yml.

    Parameters
    ----------
    language : {"da", "en"}
        The language of the comments.
    path : str or Path, optional
        Another taxonomy file, e.g. one a consultant made for a client.

    Raises
    ------
    ConfigError
        The file is missing, not YAML, or not a mapping of theme to a list of words.

    Examples
    --------
    >>> taxonomy("da")["fakturering"][0]
    'fakt'
    """
    texts.check_language(language)
    source = (
        Path(path) if path is not None else template_path(THEMES_FILE.format(language=language))
    )
    raw = read_yaml(source)
    if not isinstance(raw, dict) or not raw:
        raise ConfigError(f"{source}: expected a mapping of theme: [word stems, ...]")
    result: dict[str, tuple[str, ...]] = {}
    for theme, stems in raw.items():
        if not isinstance(stems, list) or not stems:
            raise ConfigError(f"{source}: theme {theme!r} needs a list of word stems")
        bad = [s for s in stems if not isinstance(s, str) or not s.strip().rstrip("$")]
        if bad:
            raise ConfigError(f"{source}: theme {theme!r} has {bad[0]!r}; expected a word stem")
        result[str(theme)] = tuple(s.strip() for s in stems)
    return result


def _stem_pattern(stem: str) -> str:
    """Regex for one stem: at a word start, any ending unless the stem ends with '$'."""
    whole_word = stem.endswith("$")
    words = stem.rstrip("$").split()
    body = r"\s+".join(re.escape(word) for word in words)
    # \w is Unicode-aware in Python, so æ, ø and å count as letters at both boundaries. Before a
    # letter, \b is the same test as (?<!\w) and four times as fast: re looks for the stem's
    # first letter first instead of trying the lookbehind at every position.
    start = r"\b" if re.match(r"\w", words[0]) else r"(?<!\w)"
    return start + body + (r"(?!\w)" if whole_word else r"\w*")


@functools.cache
def _theme_regex(stems: tuple[str, ...]) -> re.Pattern[str]:
    # Longest stems first, so "customer service" is tried before "customer".
    ordered = sorted(stems, key=len, reverse=True)
    return re.compile("|".join(_stem_pattern(s) for s in ordered), re.IGNORECASE)


def find_themes(comments: pd.Series, taxonomy: Taxonomy) -> pd.DataFrame:
    """Which themes each comment mentions: one boolean column per theme, same index.

    A comment can have several themes or none; a missing comment has none.

    Examples
    --------
    >>> find_themes(pd.Series(["Fakturaen er forkert"]), {"fakturering": ["fakt"]})
       fakturering
    0         True
    """
    # Each distinct comment is searched once: "Nothing", "Good service" and copies of a
    # template come back thousands of times, and the regular expressions are the slow step.
    codes, distinct = pd.factorize(comments.astype("string").fillna(""))
    text = pd.Series(distinct, dtype="string")
    return pd.DataFrame(
        {
            theme: text.str.contains(_theme_regex(tuple(stems)), regex=True).to_numpy(dtype=bool)[
                codes
            ]
            for theme, stems in taxonomy.items()
        },
        index=comments.index,
    )


def _commented(answers: pd.DataFrame) -> pd.DataFrame:
    require_columns(answers, [COMMENT_COLUMN])
    comment = answers[COMMENT_COLUMN].astype("string").str.strip()
    return answers[comment.fillna("").ne("")]


def _categories(answers: pd.DataFrame) -> pd.Series:
    if CATEGORY_COLUMN in answers.columns:
        return answers[CATEGORY_COLUMN].astype("string")
    return categorize(answers["score"]).astype("string")


def theme_table(
    answers: pd.DataFrame, taxonomy: Taxonomy, by: str | None = CATEGORY_COLUMN
) -> pd.DataFrame:
    """How often each theme comes up, overall or per category or segment.

    share = comments mentioning the theme / comments in the group (answers without a comment
    are left out of both).

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers with a ``comment`` column.
    taxonomy : mapping
        Theme -> word stems, e.g. from :func:`taxonomy`.
    by : str or None, default "category"
        Column to group by (``category`` or a segment column); None for all comments.

    Returns
    -------
    pandas.DataFrame
        Columns: `by` (when given), ``theme``, ``mentions``, ``comments``, ``share``; one row
        per group and theme, themes in taxonomy order.
    """
    commented = _commented(answers)
    found = find_themes(commented[COMMENT_COLUMN], taxonomy)
    if by is None:
        keys = pd.Series("all", index=commented.index, name="_all")
    elif by == CATEGORY_COLUMN:
        keys = _categories(commented).rename(CATEGORY_COLUMN)
    else:
        require_columns(answers, [by], why="named in by=")
        keys = commented[by].astype("string").fillna("(missing)")
    mentions = found.groupby(keys, sort=True).sum()
    comments = keys.value_counts().reindex(mentions.index)
    table = mentions.stack().rename("mentions").reset_index()
    table.columns = [by or "_all", "theme", "mentions"]
    table["comments"] = table[by or "_all"].map(comments).astype(int)
    table["share"] = table["mentions"] / table["comments"]
    return table.drop(columns="_all") if by is None else table


@dataclass(frozen=True)
class _Group:
    with_theme: int
    total: int

    @property
    def share(self) -> float:
        return self.with_theme / self.total if self.total else math.nan


def root_causes(
    answers: pd.DataFrame,
    taxonomy: Taxonomy,
    *,
    examples: int = EXAMPLES,
    anonymise: Anonymiser | None = None,
) -> pd.DataFrame:
    """Themes over-represented among detractors against promoters: the inner loop's list.

    For each theme, with d/D detractor comments mentioning it out of all detractor comments and
    p/P the same for promoters: detractor_share = d/D, promoter_share = p/P,
    difference = d/D − p/P, lift = (d/D)/(p/P) (inf when no promoter mentions it), and the
    two-sided p-value of Fisher's exact test on the 2×2 table [[d, D−d], [p, P−p]].

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers with ``comment`` and ``category`` (or ``score``).
    taxonomy : mapping
        Theme -> word stems.
    examples : int, default 3
        Detractor comments to quote per theme, the most recent first.
    anonymise : Anonymiser, optional
        Applied to the quoted comments (:func:`report_anonymiser`); None quotes them as written.

    Returns
    -------
    pandas.DataFrame
        Columns ``theme``, ``detractors``, ``detractor_share``, ``promoters``,
        ``promoter_share``, ``difference``, ``lift``, ``p_value``, ``examples`` (tuple of
        strings); themes that some detractor mentions, largest difference first.
    """
    commented = _commented(answers)
    if "date" in commented.columns:
        commented = commented.sort_values("date", ascending=False, kind="stable")
    category = _categories(commented)
    found = find_themes(commented[COMMENT_COLUMN], taxonomy)
    detractor, promoter = category.eq("detractor"), category.eq("promoter")
    rows = []
    for theme in found.columns:
        d = _Group(int((found[theme] & detractor).sum()), int(detractor.sum()))
        p = _Group(int((found[theme] & promoter).sum()), int(promoter.sum()))
        if d.with_theme == 0:
            continue
        table = [[d.with_theme, d.total - d.with_theme], [p.with_theme, p.total - p.with_theme]]
        quoted = commented.loc[found[theme] & detractor, COMMENT_COLUMN].head(examples)
        if anonymise is not None:
            quoted = anonymise(quoted)
        rows.append(
            {
                "theme": theme,
                "detractors": d.with_theme,
                "detractor_share": d.share,
                "promoters": p.with_theme,
                "promoter_share": p.share,
                "difference": d.share - p.share if p.total else math.nan,
                "lift": d.share / p.share if p.with_theme else math.inf,
                "p_value": float(fisher_exact(table).pvalue) if p.total else math.nan,
                "examples": tuple(str(text) for text in quoted),
            }
        )
    columns = ["theme", "detractors", "detractor_share", "promoters", "promoter_share"]
    columns += ["difference", "lift", "p_value", "examples"]
    result = pd.DataFrame(rows, columns=columns)
    return result.sort_values(
        ["difference", "detractors"], ascending=False, kind="stable"
    ).reset_index(drop=True)


def comment_window(
    answers: pd.DataFrame, today: pd.Timestamp | str, days: int = COMMENT_DAYS
) -> pd.DataFrame:
    """The answers of the `days` days up to `today`: after today − days, up to today.

    An export without comments (the column is optional) gives the window's answers with an
    empty ``comment`` column, so every page reads "no comments" instead of failing; one
    without dates gives no answers.

    Examples
    --------
    >>> answers = pd.DataFrame({"date": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-12-31"])})
    >>> comment_window(answers, "2024-12-31")["date"].dt.day.tolist()  # 2024 has 366 days
    [2, 31]
    >>> late = pd.DataFrame({"date": pd.to_datetime(["2024-12-31 14:05"])})
    >>> len(comment_window(late, "2024-12-31"))  # the whole of `today` counts
    1
    """
    # By day, as the loops count: an answer at 14:05 on `today` is inside its window.
    if "date" in answers.columns:
        dates = pd.to_datetime(answers["date"]).dt.normalize()
        today = pd.Timestamp(today).normalize()
        inside = answers[(dates > today - pd.Timedelta(days=days)) & (dates <= today)]
    else:
        inside = answers.iloc[:0]  # undated answers are in no window
    if COMMENT_COLUMN in inside.columns:
        return inside
    return inside.assign(**{COMMENT_COLUMN: pd.Series(pd.NA, index=inside.index, dtype="string")})


def client_root_causes(
    data: ClientData,
    today: pd.Timestamp | str,
    language: str,
    *,
    examples: int = EXAMPLES,
) -> pd.DataFrame:
    """:func:`root_causes` of a client's comments in the :func:`comment_window` up to `today`,
    in the taxonomy of the language its customers write (client.yml's), examples anonymised for
    a report in `language` (:func:`report_anonymiser`): the one list notebook 03, the huddle
    page and the Excel hand-over show."""
    config = data.client.config
    return root_causes(
        comment_window(data.answers, today),
        taxonomy(config.language),
        examples=examples,
        anonymise=report_anonymiser(data, language),
    )


# --- Sentiment --------------------------------------------------------------------------------


@functools.cache
def lexicon(language: str) -> Mapping[str, int]:
    """The AFINN word list of a language: word or phrase -> valence from −5 to +5.

    The single source of the sentiment words. It reads the lists the ``afinn`` package ships
    (``AFINN-da-32`` for Danish, ``AFINN-en-165`` for English; F. Å. Nielsen, "A new ANEW:
    evaluation of a word list for sentiment analysis in microblogs", 2011).

    Raises
    ------
    AnalysisError
        The ``afinn`` package is not installed.

    Examples
    --------
    >>> lexicon("da")["god"]
    3
    """
    texts.check_language(language)
    try:
        data = resources.files("afinn") / "data" / AFINN_FILES[language]
        content = data.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        raise AnalysisError(
            "The AFINN sentiment word lists are not installed; install the 'afinn' package "
            "(pip install afinn)"
        ) from None
    entries: dict[str, int] = {}
    for line in content.splitlines():
        word, _, value = line.rpartition("\t")
        if word:
            entries[word.strip().lower()] = int(value)
    return entries


@functools.cache
def _lexicon_parts(entries: tuple[tuple[str, int], ...]) -> tuple[re.Pattern | None, dict]:
    """Split a lexicon into one regex for its phrases and a dict for its single words."""
    phrases = sorted((w for w, _ in entries if " " in w), key=len, reverse=True)
    pattern = (
        re.compile("|".join(r"(?<!\w)" + re.escape(p) + r"(?!\w)" for p in phrases))
        if phrases
        else None
    )
    return pattern, dict(entries)


_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def sentiment(
    comments: pd.Series, language: str, *, lexicon: Mapping[str, int] | None = None
) -> pd.Series:
    """Sentiment of each comment: AFINN valences summed and divided by the number of words.

    sentiment = Σ valence(matched word or phrase) / number of words, so long and short comments
    compare; a phrase ("fungerer ikke", −3) counts once and its words are not counted again.
    Words are matched whole and case-insensitively; the result lies in −5..5 and is NaN for an
    empty comment.

    Parameters
    ----------
    comments : pandas.Series
        The comments.
    language : {"da", "en"}
        Picks the word list when `lexicon` is not given.
    lexicon : mapping, optional
        Word or phrase -> valence; default :func:`lexicon` of `language`.

    Examples
    --------
    >>> sentiment(pd.Series(["good service", ""]), "en", lexicon={"good": 3}).tolist()
    [1.5, nan]
    """
    entries = lexicon if lexicon is not None else globals()["lexicon"](language)
    phrases, words = _lexicon_parts(tuple(sorted(entries.items())))

    def score(text: object) -> float:
        if not isinstance(text, str):
            return math.nan
        lowered = text.lower()
        n_words = len(_WORD.findall(lowered))
        if n_words == 0:
            return math.nan
        total = 0.0
        if phrases is not None:
            total += sum(words[m.group(0)] for m in phrases.finditer(lowered))
            lowered = phrases.sub(" ", lowered)
        total += sum(words.get(token, 0) for token in _WORD.findall(lowered))
        return total / n_words

    # Scored once per distinct comment (see find_themes); a missing one (code -1) is NaN.
    codes, distinct = pd.factorize(comments.astype("object"))
    values = np.array([*(score(text) for text in distinct), math.nan], dtype=float)
    return pd.Series(values[codes], index=comments.index, name="sentiment", dtype=float)


# --- Anonymisation ----------------------------------------------------------------------------

#: What a report does to customers' texts before showing them, made by :func:`report_anonymiser`
#: and used by every page, the Excel hand-over, the huddle and the rejected rows. The contract:
#: it takes a Series of texts and returns one of the same length and index, in which every text
#: has its personal data (e-mail addresses, phone numbers, customer ids, the names the client's
#: files know, names after a signature cue) replaced by placeholders in the report's language
#: (see :func:`anonymise`), and every value that is not a text (missing, a number) unchanged.
#: Where an ``Anonymiser | None`` is taken, None means client.yml's
#: ``privacy.anonymise_comments`` is off: texts are shown as written.
Anonymiser = Callable[[pd.Series], pd.Series]


@dataclass(frozen=True)
class PersonalData:
    """What to remove from comments: known names of people and customer ids."""

    names: tuple[str, ...] = ()
    customer_ids: tuple[str, ...] = ()


def sentiment_by_category(answers: pd.DataFrame, language: str) -> pd.DataFrame:
    """The tone of the comments per category: mean AFINN sentiment (:func:`sentiment`).

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers with ``comment`` and ``category`` (or ``score``).
    language : {"da", "en"}
        The language the comments are written in (client.yml's), not the report's.

    Returns
    -------
    pandas.DataFrame
        One row per category, detractors first: ``category``, ``comments`` (with text),
        ``sentiment`` (mean), ``negative`` and ``positive`` (shares of the comments scoring
        below and above 0).
    """
    from .score import CATEGORIES

    tone = sentiment(answers[COMMENT_COLUMN], language)
    scored = pd.DataFrame({"category": _categories(answers).astype(str), "tone": tone}).dropna()
    grouped = scored.groupby("category")["tone"]
    table = pd.DataFrame(
        {
            "comments": grouped.size(),
            "sentiment": grouped.mean(),
            "negative": grouped.agg(lambda t: (t < 0).mean()),
            "positive": grouped.agg(lambda t: (t > 0).mean()),
        }
    ).reindex(list(CATEGORIES))
    table["comments"] = table["comments"].fillna(0).astype(int)
    return table.rename_axis("category").reset_index()


def _values(frame: pd.DataFrame | None, column: str | None) -> list[str]:
    if frame is None or column is None or column not in frame.columns:
        return []
    return [str(v).strip() for v in frame[column].dropna().unique() if str(v).strip()]


def personal_data(
    answers: pd.DataFrame,
    *,
    customers: pd.DataFrame | None = None,
    followups: pd.DataFrame | None = None,
    roles: Roles | None = None,
    extra_names: Iterable[str] = (),
) -> PersonalData:
    """Collect the names and ids the client's own files know.

    Names: the customers' ``contact`` and ``owner`` columns, the follow-up log's ``owner``, the
    answers' owner column (``roles.owner``) and `extra_names` (e.g. the customer ambassador).
    Ids: the answers' ``respondent_id`` and the customers' ``id``.
    """
    names = _values(customers, "contact") + _values(customers, "owner")
    names += _values(followups, "owner") + list(extra_names)
    if roles is not None:
        names += _values(answers, roles.owner)
    ids = _values(answers, "respondent_id") + _values(customers, "id")
    return PersonalData(
        names=tuple(sorted({n for n in names if n})),
        customer_ids=tuple(sorted({i for i in ids if len(i) >= MIN_ID_LENGTH})),
    )


# An e-mail address: the local part in RFC 5322's letters (o'brien, first.last+tag), the domain
# in labels. A line break where a mail client or a spreadsheet wraps one (beside the "@", after
# a dot) is part of the address, so no half of it is left behind; in the domain only before a
# lower-case label, so a new sentence after "firma.dk." is not taken for one.
_BREAK = r"(?:[ \t]*\r?\n[ \t]*)"
_EMAIL_LOCAL = r"(?:[\w!#$%&'*+/=?^`{|}~-]|\." + _BREAK + "?)+"
_EMAIL_DOMAIN = r"[\w-]+(?:\.(?:" + _BREAK + r"(?=[a-z0-9]))?[\w-]+)+"
_EMAIL = re.compile(_EMAIL_LOCAL + _BREAK + "?@" + _BREAK + "?" + _EMAIL_DOMAIN)
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[ ().-]{0,2}\d){6,16}(?![\w])")
_DATE = re.compile(r"\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{4}-\d{1,2}-\d{1,2}")
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+")  # 12.500.000 kr., not a phone number
_TOKEN = re.compile(r"[\w-]*\d[\w-]*")
_CUE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(c) for c in _NAME_CUES) + r")\.?[\s,:]+"
    r"(\w[\w'-]*(?:\s+\w[\w'-]*){0,2})",
    re.IGNORECASE,
)
# The last sentence of a comment when it is two or three capitalised words: a signature.
_SIGNATURE = re.compile(r"(?<=[.!?\]])(\s+)(\w[\w'-]*(?:\s+\w[\w'-]*){1,2})\s*[.!]?\s*$")


def _is_person(name: str) -> bool:
    """'Mette Kjær' is a person; 'Customer care team' is not: 2-4 words, each capitalised."""
    words = name.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


@dataclass(frozen=True)
class _Replacer:
    placeholders: dict
    full_names: re.Pattern | None
    name_parts: frozenset
    ids: frozenset

    def __call__(self, text: str) -> str:
        ph = self.placeholders
        text = _EMAIL.sub(ph["email"], text)
        text = _PHONE.sub(lambda m: self._phone(m, ph["phone"]), text)
        text = _TOKEN.sub(
            lambda m: ph["customer_id"] if m.group(0) in self.ids else m.group(0), text
        )
        if self.full_names is not None:
            text = self.full_names.sub(ph["name"], text)
        # Names the files do not know, recognised by where they stand, before the single known
        # first names below would cut "Tom Green" into "[name] Green".
        text = _CUE.sub(lambda m: self._cued(m, ph["name"]), text)
        text = _SIGNATURE.sub(lambda m: self._signature(m, ph["name"]), text)
        # A first name or surname alone ("Tak til Mette", "SØREN"): capitalised or in capitals
        # only, so the word "line" survives when the name "Line" is known.
        return re.sub(
            r"\w+", lambda m: ph["name"] if self._is_name(m.group(0)) else m.group(0), text
        )

    def _is_name(self, word: str) -> bool:
        return word in self.name_parts or (word.isupper() and word.capitalize() in self.name_parts)

    @staticmethod
    def _phone(match: re.Match, placeholder: str) -> str:
        found = match.group(0)
        digits = sum(c.isdigit() for c in found)
        low, high = _PHONE_DIGITS
        if not low <= digits <= high or _DATE.fullmatch(found) or _GROUPED_NUMBER.fullmatch(found):
            return found
        return placeholder

    @staticmethod
    def _cued(match: re.Match, placeholder: str) -> str:
        # Replace the run of capitalised words after the cue; keep the cue and what follows.
        end = None
        for word in re.finditer(r"\S+", match.group(1)):
            if not (word.group(0)[:1].isupper() and word.group(0)[1:2].islower()):
                break
            end = word.end()
        if end is None:
            return match.group(0)
        cut = match.start(1) - match.start()
        whole = match.group(0)
        return whole[:cut] + placeholder + whole[cut + end :]

    @staticmethod
    def _signature(match: re.Match, placeholder: str) -> str:
        words = match.group(2).split()
        # Capitalised and then lower case: "Niamh Wilson", not "Overall OK".
        if all(w.isalpha() and w[:1].isupper() and w[1:].islower() for w in words):
            return match.group(1) + placeholder + "."
        return match.group(0)


@functools.cache
def _replacer(personal: PersonalData, language: str) -> _Replacer:
    placeholders = {
        key: texts.label(f"comments.placeholder.{key}", language)
        for key in ("name", "email", "phone", "customer_id")
    }
    names = sorted(set(personal.names), key=len, reverse=True)
    full = (
        re.compile(
            "|".join(
                r"(?<!\w)" + r"\s+".join(map(re.escape, n.split())) + r"(?!\w)" for n in names
            ),
            re.IGNORECASE,
        )
        if names
        else None
    )
    parts = frozenset(
        word for name in names if _is_person(name) for word in name.split() if len(word) >= 2
    )
    return _Replacer(placeholders, full, parts, frozenset(personal.customer_ids))


def anonymise(comments: pd.Series, personal: PersonalData, language: str) -> pd.Series:
    """Comments with personal data replaced by placeholders in `language`.

    Replaced, in this order: e-mail addresses ([e-mail]); phone numbers of 8-15 digits, with
    or without +45/+44/00 and spaces, dashes or brackets, but not dates or 12.500.000-style
    amounts ([telefon]/[phone]); customer ids ([kunde-id]/[customer id]); the known names in
    `personal`, whole and, for people, first name or surname alone when capitalised
    ([navn]/[name]); and capitalised words after a signature cue ("Mvh.", "My name is") or
    standing alone as the comment's last sentence. The result keeps the index and length of
    `comments`, and values that are not texts (missing) as they are: the :data:`Anonymiser`
    contract.

    Examples
    --------
    >>> anonymise(pd.Series(["Ring til Jens på 23 69 76 93"]), PersonalData(("Jens Hansen",)),
    ...           "da").iloc[0]
    'Ring til [navn] på [telefon]'
    """
    replace = _replacer(personal, texts.check_language(language))
    # Mapping an all-missing column infers pyarrow's null type; keep the comments' own dtype.
    return comments.map(lambda text: replace(text) if isinstance(text, str) else text).astype(
        comments.dtype
    )


def report_anonymiser(data: ClientData, language: str) -> Anonymiser | None:
    """What a report does to customers' comments (:data:`Anonymiser`), or None when client.yml's
    ``privacy.anonymise_comments`` is off.

    Removes what the client's own files know (contacts, account managers, follow-up owners, the
    customer ambassador, customer ids) and e-mail addresses and phone numbers; see `anonymise`.
    The Excel hand-over, the huddle summary, the rejected rows and the pages all use this one
    function, with placeholders in the report's `language`.
    """
    config = data.client.config
    if not config.privacy.anonymise_comments:
        return None
    personal = personal_data(
        data.answers,
        customers=data.customers.frame if data.customers is not None else None,
        followups=data.followups.frame if data.followups is not None else None,
        roles=config.roles,
        extra_names=[n for n in (config.loops.customer_ambassador,) if n],
    )
    return lambda series: anonymise(series, personal, language)
