"""A survey export of realistic shape, as a Danish Excel user saves it (issue #16).

The loading benchmark's file (:func:`nps_workbook.sample.survey_export`) draws its dates and
comments from small pools: about a thousand distinct comments and day-only dates, a friendly case
for a loader that works per distinct value. A real export has a time on every answer, comments
people wrote (nearly all different), amounts and ids that never repeat. This module writes such a
file, from a seeded generator, so the same seed gives the same bytes:

``Svar-ID``
    The tool's response id: unique whole numbers counting up from a start, with gaps (responses
    the tool discarded), in the order of the answers' times.
``Kunde-ID``
    The customer's number; a customer answers about three times.
``Besvaret``
    When the answer was given, ``dd-mm-yyyy hh:mm``, or ``dd-mm-yyyy hh:mm:ss`` in about one
    row in three (two waves exported with different cell formats, then pasted together).
``Hvor sandsynligt er det, at du vil anbefale os til en kollega? (0-10)``
    The score; about 1% blank (the question skipped).
``Kommentar``
    About 30% empty; of the rest about 8% are short stock answers ("Fin service", "ok") and the
    others composed from Danish and English sentence parts, first names, numbers and product
    names, so about 90% of the non-empty comments are distinct. About 1% hold a semicolon or a
    quoted word, which Excel writes in quotes.
``Region``, ``Produkt``, ``Kanal``
    Segments from small pools (a blank now and then).
``Beløb (kr.)``
    The customer's spend with a decimal comma and thousands points: ``1.234,50``.

Written in cp1252 with ``;`` and CRLF, as Excel's "CSV (semikolonsepareret)".

The benchmark times three contenders on that one file, rounds interleaved (`measure`):

``ours``
    ``load_responses(file)``, as a user calls it: encoding, delimiter and column detection,
    parsing and validating scores, times and amounts, duplicate ids, rejected rows with reasons.
``pandas``
    ``pandas.read_csv(file, sep=";", engine="pyarrow", encoding="cp1252")``: Arrow splits the
    same bytes, decoded from cp1252 as ours decodes them, into columns; nothing is checked, the
    times stay text, the amounts stay text (a decimal comma is no number to it). The floor.
``by_hand``
    What a pandas user writes who knows the file: ``pandas.read_csv(file, sep=";",
    decimal=",", thousands=".", encoding="cp1252")`` (the C engine, pandas' default), then the
    times with ``pandas.to_datetime(format="%d-%m-%Y %H:%M", errors="coerce")`` and the ones
    that form misses (those with seconds) again with ``format="%d-%m-%Y %H:%M:%S"``. No
    validation, no rejected rows. (``to_datetime(dayfirst=True)`` alone infers the first value's
    form and stops at the first time with seconds; ``format="mixed"`` reads both but calls the
    general parser per value, about 80 s for 10^6 rows here, so it is not the peer.)

Before timing, the three must agree: ours accounts for every row written (accepted + rejected +
empty), and its times and amounts of the accepted rows equal the by-hand parse's, row for row.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from benchmarks.measure import Timing, peak_memories, time_interleaved
from nps_workbook.load import LoadResult, load_responses

RESPONSE_ID = "Svar-ID"
CUSTOMER_ID = "Kunde-ID"
ANSWERED = "Besvaret"
SCORE = "Hvor sandsynligt er det, at du vil anbefale os til en kollega? (0-10)"
COMMENT = "Kommentar"
REGION = "Region"
PRODUCT = "Produkt"
CHANNEL = "Kanal"
AMOUNT = "Beløb (kr.)"
HEADER = (RESPONSE_ID, CUSTOMER_ID, ANSWERED, SCORE, COMMENT, REGION, PRODUCT, CHANNEL, AMOUNT)

#: Share of rows whose time is written with seconds (the other wave's cell format).
SECONDS_SHARE = 1 / 3
EMPTY_COMMENT_SHARE = 0.3
STOCK_COMMENT_SHARE = 0.08  # of the non-empty comments
QUOTED_COMMENT_SHARE = 0.01  # of the composed comments: a ';' or a quoted word
BLANK_SCORE_SHARE = 0.01
BLANK_SEGMENT_SHARE = 0.02

_REGIONS = ("Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland")
_PRODUCTS = (
    "Bredbånd 100",
    "Bredbånd 1000",
    "Mobil Basis",
    "Mobil Fri",
    "TV Lille pakke",
    "TV Stor pakke",
    "Erhverv Fiber",
    "Erhverv Mobil",
    "Router Pro",
    "Familiepakke",
    "Ung Mobil",
    "Fastnet",
)
_CHANNELS = ("E-mail", "SMS", "Web", "App", "Telefon")
_STOCK = (
    "Fin service",
    "ok",
    "Tak",
    "Godt",
    "Alt var fint",
    "Ingen kommentarer",
    "Great service",
    "Fine",
    "Meget tilfreds",
    "-",
    "Hurtig levering",
    "Dyrt",
    "Nej",
    "Super!",
)
_OPENINGS = (
    "Jeg ringede til jer",
    "Min router gik ned",
    "Vi har været kunder i mange år, men",
    "Det tog lang tid at få svar, og",
    "Supporten var venlig, og",
    "Regningen var forkert igen:",
    "Flytning af mit abonnement",
    "Installationen gik fint,",
    "I called support",
    "The app keeps crashing and",
    "We switched from another provider and",
    "Billing was confusing;",
    "Teknikeren kom til tiden, og",
    "Det er tredje gang i år, at",
    "Overall a good experience, but",
    "Chatten på hjemmesiden",
    "Prisen steg uden varsel, og",
    "Netværket er ustabilt om aftenen, og",
    "Kundeservice lovede at ringe tilbage, men",
    "Ordren blev leveret hurtigt, og",
)
_MIDDLES = (
    "ventede {n} minutter i telefonkø",
    "fik hjælp af {name}",
    "fik en rabat på {n} kr.",
    "blev stillet om {n} gange",
    "hastigheden var kun {n} Mbit",
    "{name} løste det på få minutter",
    "waited {n} minutes on hold",
    "{name} was very helpful",
    "got a refund of {n} kr.",
    "was transferred {n} times",
    "sagen er stadig ikke løst efter {n} dage",
    "it took {n} days to fix",
    "jeg har skrevet {n} mails",
    "{name} fra butikken i {town} forklarede det godt",
    "forbindelsen faldt ud {n} gange på en uge",
)
_ENDINGS = (
    ".",
    ". Tak for hjælpen!",
    ". Det er ikke godt nok.",
    ", så jeg overvejer at skifte.",
    ". Keep it up!",
    ". Not impressed.",
    " – ellers alt fint.",
    ". Anbefaler jer gerne til andre.",
    "!",
    ". Hvorfor skal det være så svært?",
    ". Godt arbejde.",
    ". Kunne være bedre.",
    " :-)",
    ". Priserne er for høje.",
)
_NAMES = (
    "Mette",
    "Søren",
    "Anders",
    "Camilla",
    "Jørgen",
    "Line",
    "Mads",
    "Ida",
    "Thomas",
    "Sofie",
    "Rasmus",
    "Louise",
    "Kasper",
    "Maja",
    "Peter",
    "Anne",
    "Henrik",
    "Julie",
    "Niels",
    "Signe",
    "Frederik",
    "Emma",
    "Bjørn",
    "Åse",
)
_TOWNS = ("Aarhus", "Odense", "Aalborg", "Esbjerg", "Køge", "Næstved", "Århus C", "Valby")
_WHEN = (
    "i går",
    "i morges",
    "sidste uge",
    "den {d}. {month_da}",
    "yesterday",
    "last week",
    "on {month_en} {d}",
    "kl. {h}.{m:02d}",
    "d. {d}/{mo}",
)
_MONTHS_DA = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August")
_QUOTED = ('Jeg fik at vide, at det var "midlertidigt"', "Pris; service; hastighed: alle ok")
_START = np.datetime64("2024-01-01T00:00:00", "s")
_SPAN_SECONDS = 2 * 365 * 86400


@dataclass(frozen=True)
class RealisticExport:
    """The file written and what was put in it, for the benchmark's count check."""

    path: Path
    rows: int


def frame(rows: int, seed: int = 0, seconds_share: float = SECONDS_SHARE) -> pd.DataFrame:
    """``rows`` answers of realistic shape as text columns, in the order of their times."""
    rng = np.random.default_rng(seed)
    seconds = np.sort(rng.integers(0, _SPAN_SECONDS, rows))
    stamps = pa.array(_START + seconds.astype("timedelta64[s]"), pa.timestamp("s"))
    with_seconds = rng.random(rows) < seconds_share
    answered = np.where(
        with_seconds,
        pc.strftime(stamps, "%d-%m-%Y %H:%M:%S").to_numpy(zero_copy_only=False),
        pc.strftime(stamps, "%d-%m-%Y %H:%M").to_numpy(zero_copy_only=False),
    )
    ids = 4_100_000 + np.cumsum(rng.integers(1, 4, rows))  # unique, counting up with gaps
    customers = rng.integers(10_000, 10_000 + max(rows // 3, 10), rows)
    scores = rng.choice(11, rows, p=_SCORE_SHARES).astype(str).astype(object)
    scores[rng.random(rows) < BLANK_SCORE_SHARE] = ""
    amounts = np.round(rng.lognormal(7.0, 1.2, rows), 2)
    return pd.DataFrame(
        {
            RESPONSE_ID: ids.astype(str),
            CUSTOMER_ID: customers.astype(str),
            ANSWERED: answered,
            SCORE: scores,
            COMMENT: _comments(rng, rows),
            REGION: _segment(rng, _REGIONS, rows),
            PRODUCT: _segment(rng, _PRODUCTS, rows),
            CHANNEL: _segment(rng, _CHANNELS, rows),
            AMOUNT: [_danish_amount(a) for a in amounts],
        }
    )


_SCORE_SHARES = np.array([3, 1, 2, 3, 3, 6, 7, 12, 18, 22, 23]) / 100


def _segment(rng: np.random.Generator, pool: tuple[str, ...], rows: int) -> np.ndarray:
    values = np.array(pool, dtype=object)[rng.integers(0, len(pool), rows)]
    values[rng.random(rows) < BLANK_SEGMENT_SHARE] = ""
    return values


def _comments(rng: np.random.Generator, rows: int) -> np.ndarray:
    comments = np.full(rows, "", dtype=object)
    written = np.flatnonzero(rng.random(rows) >= EMPTY_COMMENT_SHARE)
    stock = rng.random(len(written)) < STOCK_COMMENT_SHARE
    comments[written[stock]] = np.array(_STOCK, dtype=object)[
        rng.integers(0, len(_STOCK), int(stock.sum()))
    ]
    composed = written[~stock]
    count = len(composed)
    pick = {
        name: rng.integers(0, len(pool), count)
        for name, pool in (
            ("opening", _OPENINGS),
            ("middle", _MIDDLES),
            ("ending", _ENDINGS),
            ("name", _NAMES),
            ("town", _TOWNS),
            ("when", _WHEN),
            ("month", _MONTHS_DA),
        )
    }
    days, hours, minutes = (
        rng.integers(1, 29, count),
        rng.integers(7, 23, count),
        rng.integers(0, 60, count),
    )
    numbers = rng.integers(2, 400, count)
    quoted = rng.random(count) < QUOTED_COMMENT_SHARE
    texts = [
        _OPENINGS[o]
        + " "
        + _WHEN[w].format(
            d=d, h=h, m=mi, mo=mo + 1, month_da=_MONTHS_DA[mo], month_en=_MONTHS_EN[mo]
        )
        + " "
        + _MIDDLES[m].format(n=n, name=_NAMES[p], town=_TOWNS[t])
        + _ENDINGS[e]
        + (" " + _QUOTED[n % 2] + "." if q else "")
        for o, w, d, h, mi, mo, m, e, p, t, n, q in zip(
            pick["opening"],
            pick["when"],
            days,
            hours,
            minutes,
            pick["month"],
            pick["middle"],
            pick["ending"],
            pick["name"],
            pick["town"],
            numbers,
            quoted,
            strict=True,
        )
    ]
    comments[composed] = np.array(texts, dtype=object)
    return comments


def _danish_amount(amount: float) -> str:
    """1234.5 as Danish Excel shows a number with thousands separators: ``1.234,50``."""
    return f"{amount:,.2f}".translate(_DANISH_MARKS)


_DANISH_MARKS = str.maketrans({",": ".", ".": ","})


def write(
    rows: int, workdir: Path, seed: int = 0, seconds_share: float = SECONDS_SHARE
) -> RealisticExport:
    """Write ``rows`` answers as Danish Excel's CSV (cp1252, ``;``, CRLF) into `workdir`."""
    path = workdir / f"realistic-{rows}-cp1252.csv"
    frame(rows, seed, seconds_share).to_csv(
        path,
        sep=";",
        index=False,
        encoding="cp1252",
        lineterminator="\r\n",
        errors="strict",
    )
    return RealisticExport(path, rows)


def read_input(path: Path) -> RealisticExport:
    """The export :func:`write` wrote, from its path."""
    return RealisticExport(path, int(path.name.split("-")[1]))


# --- contenders -------------------------------------------------------------------------------


def ours(export: RealisticExport) -> LoadResult:
    return load_responses(export.path)


def pandas_pyarrow(export: RealisticExport) -> pd.DataFrame:
    return pd.read_csv(export.path, sep=";", engine="pyarrow", encoding="cp1252")


#: The forms of ``Besvaret``, most frequent first, as a pandas user spells them out.
HAND_FORMATS = ("%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S")


def by_hand(export: RealisticExport) -> pd.DataFrame:
    frame = pd.read_csv(export.path, sep=";", decimal=",", thousands=".", encoding="cp1252")
    text = frame[ANSWERED]
    dates = pd.to_datetime(text, format=HAND_FORMATS[0], errors="coerce")
    missed = dates.isna()
    dates[missed] = pd.to_datetime(text[missed], format=HAND_FORMATS[1], errors="coerce")
    frame[ANSWERED] = dates
    return frame


CONTENDERS = {"ours": ours, "pandas": pandas_pyarrow, "by_hand": by_hand}


class Disagreement(AssertionError):
    """The contenders did not read the same file the same way: timing them would mean nothing."""


def check_agreement(
    export: RealisticExport, loaded: LoadResult, bare: pd.DataFrame, hand: pd.DataFrame
) -> None:
    """Raise :class:`Disagreement` unless all read every row, and ours' times and amounts of
    its accepted rows are the by-hand parse's."""
    total = len(loaded.answers) + len(loaded.rejected) + loaded.empty_rows
    if total != export.rows or loaded.rows_read != export.rows:
        raise Disagreement(
            f"load_responses accounts for {total} rows (read {loaded.rows_read}) "
            f"of {export.rows} written"
        )
    for name, frame in (("pandas", bare), ("by_hand", hand)):
        if len(frame) != export.rows:
            raise Disagreement(f"{name} read {len(frame)} rows of {export.rows} written")
    at = loaded.answers["row"].to_numpy() - 2  # rows are numbered from the header, row 1
    answers = loaded.answers
    if loaded.columns.date != ANSWERED or AMOUNT not in answers:
        raise Disagreement(f"load_responses took other columns: {loaded.columns}")
    theirs = hand[ANSWERED].to_numpy()[at].astype("datetime64[us]")
    if not np.array_equal(answers["date"].to_numpy(), theirs):
        raise Disagreement("load_responses and the by-hand parse read different times")
    amounts = answers[AMOUNT].to_numpy(dtype="float64")
    if not np.array_equal(amounts, hand[AMOUNT].to_numpy(dtype="float64")[at]):
        raise Disagreement("load_responses and the by-hand parse read different amounts")


# --- the benchmark ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RealisticResult:
    """Measurements of one size. ``peak_bytes``: memory on top of the input (None: not
    measured); ``distinct_comments``: share of the non-empty comments that are distinct."""

    rows: int
    file_bytes: int
    accepted: int
    rejected: int
    distinct_comments: float
    distinct_times: float
    write_seconds: float
    timings: dict[str, Timing]
    peak_bytes: dict[str, int | None]


def run(
    sizes: list[int], repeat: int, workdir: Path, *, memory: bool = True, seed: int = 0
) -> list[RealisticResult]:
    """Per size: write the export, check the contenders agree, time them and their memory."""
    return [_run_one(rows, repeat, workdir, memory=memory, seed=seed) for rows in sizes]


def _run_one(rows: int, repeat: int, workdir: Path, *, memory: bool, seed: int) -> RealisticResult:
    start = time.perf_counter()
    export = write(rows, workdir, seed)
    write_seconds = time.perf_counter() - start
    # The agreement check calls each contender once: it is also the warm-up.
    loaded, bare, hand = ours(export), pandas_pyarrow(export), by_hand(export)
    check_agreement(export, loaded, bare, hand)
    comments = bare[COMMENT].dropna()
    shares = (comments.nunique() / max(len(comments), 1), bare[ANSWERED].nunique() / rows)
    accepted, rejected = len(loaded.answers), len(loaded.rejected)
    del loaded, bare, hand
    timings = time_interleaved(CONTENDERS, export, repeat, warm_up=False)
    peaks = peak_memories(__name__, CONTENDERS, export.path, memory=memory)
    result = RealisticResult(
        rows,
        export.path.stat().st_size,
        accepted,
        rejected,
        *shares,
        write_seconds,
        timings,
        peaks,
    )
    export.path.unlink()
    return result
