"""Scoring at scale: the NPS table by two segments and month, ours against DuckDB SQL and polars.

The input is the tidy answers table the loader would produce (``score`` int8, ``category``,
``date`` datetime64[us], the segment columns ``Afdeling`` and ``Kontaktpunkt`` as pandas'
Arrow-backed strings with <NA> for a blank), built from :func:`nps_workbook.sample.survey_export`
without going through a file; building it is not timed.

Contenders, each given that same pandas DataFrame:

``ours``
    ``nps_table(answers, by=["Afdeling", "Kontaktpunkt"], period="month")``, as a user calls it
    (it also flags small groups and adds the change against the previous month).
``duckdb``
    One SQL query over the DataFrame (DuckDB scans it in place): counts per (segments, month),
    then NPS, adjusted-Wald standard error and interval, returned as a pandas DataFrame.
``polars``
    ``pl.from_pandas`` (counted: the user's data is a pandas DataFrame), then the same as a lazy
    ``group_by``.

Before anything is timed the three tables must agree: the same groups, the same counts, and NPS,
SE and interval within 1e-9 for every group ``nps_table`` does not suppress.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist

import duckdb
import numpy as np
import pandas as pd
import polars as pl

from benchmarks.measure import Timing, peak_memories, time_interleaved
from nps_workbook.sample import DK_SCORE_COLUMN, survey_export
from nps_workbook.score import MISSING_LABEL, categorize, nps_table

SEGMENTS = ("Afdeling", "Kontaktpunkt")
CONFIDENCE = 0.95
#: Two-sided normal quantile, computed here independently of the package (which uses scipy).
Z = NormalDist().inv_cdf(0.5 + CONFIDENCE / 2)
#: Largest difference allowed between the contenders' NPS, SE and limits (NPS points).
TOLERANCE = 1e-9

_KEYS = [*SEGMENTS, "period"]
_COUNTS = ["n", "promoters", "passives", "detractors"]
_STATS = ["nps", "se", "ci_low", "ci_high"]


class Disagreement(AssertionError):
    """The contenders computed different tables: no timing of a wrong answer is a result."""


# --- input ------------------------------------------------------------------------------------


def answers_frame(rows: int, seed: int = 0) -> pd.DataFrame:
    """Tidy answers as ``load_responses`` returns them, from ``rows`` synthetic Danish answers.

    The export's columns are categoricals, so each is converted through its categories (a few
    distinct values) and the codes, without parsing ``rows`` strings.
    """
    export = survey_export(rows, seed=seed, format="danish", defects=False)
    raw_scores = export[DK_SCORE_COLUMN]
    score_of_code = np.asarray(raw_scores.cat.categories, dtype=np.int8)
    score = pd.Series(score_of_code[raw_scores.cat.codes.to_numpy()], name="score")

    raw_dates = export["Dato"]
    date_of_code = pd.to_datetime(raw_dates.cat.categories, format="%d-%m-%Y").as_unit("us")
    answers = pd.DataFrame(
        {
            "date": date_of_code.take(raw_dates.cat.codes.to_numpy()),
            "score": score,
            "category": categorize(score),
        }
    )
    for name in SEGMENTS:
        column = export[name]
        # The loader reads a blank cell as missing (<NA>), not as the empty string.
        labels = [label if label.strip() else None for label in column.cat.categories]
        text = pd.array(labels, dtype="string")
        answers[name] = text.take(column.cat.codes.to_numpy(), allow_fill=True)
    return answers


def read_input(path: Path) -> pd.DataFrame:
    """The answers written by :func:`run` for a memory measurement in a fresh process."""
    return pd.read_pickle(path)


def input_bytes(answers: pd.DataFrame) -> int:
    """In-memory size of the answer columns (Arrow buffers and category codes included)."""
    return int(answers.memory_usage(deep=True, index=False).sum())


# --- contenders -------------------------------------------------------------------------------


def ours(answers: pd.DataFrame) -> pd.DataFrame:
    return nps_table(answers, by=list(SEGMENTS), period="month", confidence=CONFIDENCE)


_SQL = f"""
WITH counts AS (
    SELECT "{SEGMENTS[0]}", "{SEGMENTS[1]}", date_trunc('month', date) AS month,
           count(*) AS n,
           count_if(score >= 9) AS promoters,
           count_if(score BETWEEN 7 AND 8) AS passives,
           count_if(score <= 6) AS detractors
    FROM answers
    GROUP BY ALL
), adjusted AS (
    SELECT *,
           n + 3 AS n_adj,
           (promoters + 0.75) / (n + 3) AS p_adj,
           (detractors + 0.75) / (n + 3) AS d_adj
    FROM counts
), spread AS (
    SELECT *,
           p_adj - d_adj AS centre,
           sqrt(greatest(p_adj + d_adj - (p_adj - d_adj) * (p_adj - d_adj), 0) / n_adj) AS se_adj
    FROM adjusted
)
SELECT "{SEGMENTS[0]}", "{SEGMENTS[1]}", strftime(month, '%Y-%m') AS period,
       n, promoters, passives, detractors,
       100.0 * (promoters - detractors) / n AS nps,
       100.0 * se_adj AS se,
       100.0 * greatest(-1.0, least(1.0, centre - $z * se_adj)) AS ci_low,
       100.0 * greatest(-1.0, least(1.0, centre + $z * se_adj)) AS ci_high
FROM spread
ORDER BY ALL
"""


def duckdb_sql(answers: pd.DataFrame) -> pd.DataFrame:
    with duckdb.connect() as connection:
        connection.register("answers", answers)
        return connection.execute(_SQL, {"z": Z}).df()


def polars_lazy(answers: pd.DataFrame) -> pl.DataFrame:
    frame = pl.from_pandas(answers[["date", "score", *SEGMENTS]])
    score = pl.col("score")
    n_adj = pl.col("n") + 3
    p_adj = (pl.col("promoters") + 0.75) / n_adj
    d_adj = (pl.col("detractors") + 0.75) / n_adj
    se_adj = ((p_adj + d_adj - (p_adj - d_adj) ** 2).clip(lower_bound=0) / n_adj).sqrt()
    centre = p_adj - d_adj
    return (
        frame.lazy()
        .group_by(*SEGMENTS, pl.col("date").dt.truncate("1mo").alias("month"))
        .agg(
            n=pl.len().cast(pl.Int64),
            promoters=(score >= 9).sum().cast(pl.Int64),
            passives=score.is_between(7, 8).sum().cast(pl.Int64),
            detractors=(score <= 6).sum().cast(pl.Int64),
        )
        .select(
            *SEGMENTS,
            pl.col("month").dt.strftime("%Y-%m").alias("period"),
            *_COUNTS,
            nps=100.0 * (pl.col("promoters") - pl.col("detractors")) / pl.col("n"),
            se=100.0 * se_adj,
            ci_low=100.0 * (centre - Z * se_adj).clip(-1.0, 1.0),
            ci_high=100.0 * (centre + Z * se_adj).clip(-1.0, 1.0),
        )
        .sort(*SEGMENTS, "period", nulls_last=True)
        .collect()
    )


CONTENDERS = {"ours": ours, "duckdb": duckdb_sql, "polars": polars_lazy}


# --- agreement --------------------------------------------------------------------------------


def _common_form(table: pd.DataFrame | pl.DataFrame) -> pd.DataFrame:
    frame = table.to_pandas() if isinstance(table, pl.DataFrame) else table
    common = pd.DataFrame(
        {key: frame[key].astype("string").fillna(MISSING_LABEL).astype(str) for key in _KEYS}
    )
    for name in _COUNTS:
        common[name] = pd.to_numeric(frame[name]).astype("Float64").to_numpy(float, na_value=np.nan)
    for name in _STATS:
        common[name] = frame[name].to_numpy(dtype=float)
    return common


def check_agreement(tables: dict[str, pd.DataFrame | pl.DataFrame]) -> int:
    """Raise :class:`Disagreement` unless every table equals ``tables["ours"]``; groups compared.

    Groups are matched on their keys; ``n`` must be equal everywhere, the other counts and the
    statistics wherever ours shows them (``nps_table`` suppresses groups below ``MIN_GROUP``).
    """
    reference = _common_form(tables["ours"])
    for name, table in tables.items():
        if name == "ours":
            continue
        other = _common_form(table)
        merged = reference.merge(
            other, on=_KEYS, how="outer", suffixes=("", "_peer"), indicator=True
        )
        unmatched = merged[merged["_merge"] != "both"]
        if len(unmatched):
            raise Disagreement(
                f"{name} has {len(unmatched)} group(s) that ours does not, or the other way round; "
                f"first: {unmatched.iloc[0][_KEYS].to_dict()}"
            )
        shown = merged["nps"].notna().to_numpy()
        for column in [*_COUNTS, *_STATS]:
            mine, theirs = merged[column].to_numpy(), merged[f"{column}_peer"].to_numpy()
            where = np.ones(len(merged), bool) if column == "n" else shown
            gap = np.abs(mine[where] - theirs[where])
            bad = ~(gap <= TOLERANCE)  # a NaN gap fails too
            if bad.any():
                worst = int(np.flatnonzero(where)[np.flatnonzero(bad)[0]])
                raise Disagreement(
                    f"{name} disagrees with ours on {column!r} for "
                    f"{merged.iloc[worst][_KEYS].to_dict()}: {mine[worst]!r} vs {theirs[worst]!r}"
                )
    return len(reference)


# --- the benchmark ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoringResult:
    """Measurements at one size. ``peak_bytes``: memory on top of the input (None: not measured)."""

    rows: int
    input_bytes: int
    groups: int
    generate_seconds: float
    timings: dict[str, Timing]
    peak_bytes: dict[str, int | None]


def run(
    sizes: list[int], repeat: int, workdir: Path, *, memory: bool = True, seed: int = 0
) -> list[ScoringResult]:
    """Check agreement, then time (and measure the memory of) every contender at every size."""
    results = []
    for rows in sizes:
        start = time.perf_counter()
        answers = answers_frame(rows, seed)
        generate_seconds = time.perf_counter() - start
        # The agreement check calls every contender once: it is also the warm-up.
        tables = {name: contender(answers) for name, contender in CONTENDERS.items()}
        groups = check_agreement(tables)
        del tables
        timings = time_interleaved(CONTENDERS, answers, repeat, warm_up=False)
        peaks: dict[str, int | None] = dict.fromkeys(CONTENDERS)
        if memory:
            path = workdir / f"scoring-answers-{rows}.pkl"
            answers.to_pickle(path)
            peaks = peak_memories(__name__, CONTENDERS, path)
            path.unlink()
        results.append(
            ScoringResult(rows, input_bytes(answers), groups, generate_seconds, timings, peaks)
        )
        del answers
    return results


def loglog_slope(results: list[ScoringResult], contender: str = "ours") -> float:
    """Least-squares slope of log(median seconds) on log(rows): 1 is linear cost."""
    if len(results) < 2:
        return math.nan
    x = np.log([r.rows for r in results])
    y = np.log([r.timings[contender].median for r in results])
    return float(np.polyfit(x, y, 1)[0])
