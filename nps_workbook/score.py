"""Net Promoter Score statistics: categories, score, uncertainty, tables, trends, comparisons.

Every function takes the tidy answers the loader produces (one row per answer, a ``score`` column
0..10, usually a ``category`` column, a ``date`` column and segment columns) or plain scores, and
returns numbers, small dataclasses or DataFrames. Nothing here reads files or prints.

The work is vectorised: each grouping column is encoded as integer codes (text by pyarrow's
dictionary encoding, dates through a table of their days), the codes are combined into one
integer per answer and counted with one ``np.bincount``; all statistics are numpy arithmetic on
the resulting count arrays, so a table over ten million answers costs about what DuckDB needs
for the same table (benchmarks/RESULTS.md).

The interval methods follow Rocks (2016), "Interval Estimation for the 'Net Promoter Score'",
The American Statistician 70(4):365-372, and the R package ``NPS`` by the same author.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

from nps_workbook.errors import AnalysisError, require_columns

# --- Constants a consultant might want to look up or change -----------------------------------

#: Category labels, in the order of the ordered Categorical (worst to best).
CATEGORIES = ("detractor", "passive", "promoter")
#: Highest score that counts as a detractor (0..6).
DETRACTOR_MAX = 6
#: Lowest score that counts as a promoter (9..10).
PROMOTER_MIN = 9
#: Interval methods accepted by ``method=``; the first is the default.
METHODS = ("adjusted_wald", "wald", "score")
#: Periods accepted by ``period=``.
PERIODS = ("week", "month", "quarter", "year")
#: Confidence level of every interval the kit states, unless a caller asks for another.
CONFIDENCE = 0.95
#: Below this many answers a score is shown but flagged "indicative".
SMALL_N = 30
#: Below this many answers a group is suppressed to protect the anonymity of respondents.
MIN_GROUP = 5

#: Column names of the tidy answers table (the loader's contract).
SCORE_COLUMN = "score"
CATEGORY_COLUMN = "category"
DATE_COLUMN = "date"
#: Label of the group formed by answers with no value in a segment column.
MISSING_LABEL = "(missing)"

FLAG_SUPPRESSED = "suppressed"
FLAG_INDICATIVE = "indicative"

# pandas offset aliases behind each period; "W-SUN" weeks run Monday..Sunday, i.e. ISO weeks.
_PERIOD_FREQ = {"week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}
# Iterations of the score-interval bisection: 2**-60 of the [-1, 1] range is below float precision.
_BISECTION_STEPS = 60
# The difference of two scores on the -100..100 scale lies in -200..200.
_DIFFERENCE_RANGE = 200.0

_STAT_COLUMNS = ("nps", "se", "ci_low", "ci_high")
_COUNT_COLUMNS = ("n", "n_effective", "promoters", "passives", "detractors")
_CHANGE_COLUMNS = (
    "change",
    "change_se",
    "change_ci_low",
    "change_ci_high",
    "change_p",
    "change_significant",
)


# --- Validation of arguments ------------------------------------------------------------------


def z_value(confidence: float) -> float:
    """Two-sided normal quantile z = Φ⁻¹(1 − α/2) for a confidence level 1 − α."""
    if (
        isinstance(confidence, bool)
        or not isinstance(confidence, int | float | np.floating)
        or not 0 < confidence < 1
    ):
        raise AnalysisError(
            f"confidence={confidence!r} is not a level between 0 and 1 (exclusive); "
            "use e.g. 0.95 for a 95% interval"
        )
    # The standard library's normal quantile (Wichura's AS241, ~1e-16), not scipy.stats: that
    # import alone is over a second of every command's start-up (issue #15).
    return NormalDist().inv_cdf(0.5 + confidence / 2)


# P(|Z| > z) for a standard normal Z, elementwise: erfc(z / sqrt 2), exact to double precision.
_two_sided_p = np.frompyfunc(lambda z: math.erfc(z / math.sqrt(2)), 1, 1)


def _check_method(method: str) -> None:
    if method not in METHODS:
        raise AnalysisError(
            f"Unknown interval method {method!r}; expected one of: {', '.join(METHODS)}"
        )


def _check_period(period: str) -> None:
    if period not in PERIODS:
        raise AnalysisError(f"Unknown period {period!r}; expected one of: {', '.join(PERIODS)}")


def _check_sizes(small_n: int, min_group: int | None) -> None:
    for name, value in (("small_n", small_n), ("min_group", min_group)):
        if value is None and name == "min_group":
            continue
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
            raise AnalysisError(f"{name}={value!r} is not a whole number of answers (0 or more)")


def _columns_list(answers: pd.DataFrame) -> str:
    return ", ".join(map(str, answers.columns))


def _by_columns(answers: pd.DataFrame, by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    names = [by] if isinstance(by, str) else list(by)
    require_columns(answers, names, why="named in by=")
    reserved = {"period", "window_start", *_COUNT_COLUMNS, *_STAT_COLUMNS, "flag", *_CHANGE_COLUMNS}
    clash = [name for name in names if name in reserved]
    if clash:
        raise AnalysisError(
            f"Column {clash[0]!r} in by= has the name of an output column of the table; "
            "rename it before grouping by it"
        )
    if len(set(names)) != len(names):
        raise AnalysisError(f"by={names!r} names a column twice; name each column once")
    return names


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value it holds, so messages show 7.5, not np.float64(7.5)."""
    return value.item() if isinstance(value, np.generic) else value


def _row_label(index: pd.Index, position: int) -> Any:
    """The label of the answer at ``position``, as the user sees it (the DataFrame index)."""
    return _plain(index[position])


# --- Categories -------------------------------------------------------------------------------


def _score_codes(scores: Any) -> np.ndarray:
    """Category codes 0/1/2 (detractor/passive/promoter) of 0..10 scores; guards the input."""
    index = scores.index if isinstance(scores, pd.Series) else None
    values = scores.to_numpy() if isinstance(scores, pd.Series) else np.asarray(scores)
    values = values.reshape(-1)
    try:
        numbers = values.astype(float)
    except (TypeError, ValueError):
        numbers = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(numbers) | (numbers != np.round(numbers)) | (numbers < 0) | (numbers > 10)
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        where = _row_label(index, position) if index is not None else position
        raise AnalysisError(
            f"Score {_plain(values[position])!r} at row {where!r} is not a whole number from 0 "
            f"to 10; {int(bad.sum())} of {len(values)} scores are invalid"
        )
    # (score > 6) + (score >= 9) maps 0-6 -> 0, 7-8 -> 1, 9-10 -> 2 without a lookup per row.
    return ((numbers > DETRACTOR_MAX).astype(np.int8) + (numbers >= PROMOTER_MIN)).astype(np.int8)


def categorize(scores: Any) -> pd.Categorical | pd.Series:
    """Net Promoter category of each score: 0-6 detractor, 7-8 passive, 9-10 promoter.

    Parameters
    ----------
    scores : array-like or pandas.Series
        Whole-number scores from 0 to 10.

    Returns
    -------
    pandas.Categorical or pandas.Series
        Ordered categorical with categories ``CATEGORIES``; a Series (same index, name
        ``"category"``) when given a Series.

    Raises
    ------
    AnalysisError
        If a score is missing, not a whole number or outside 0..10 (the loader rejects those
        rows first; this is a guard).

    Examples
    --------
    >>> list(categorize([0, 6, 7, 8, 9, 10]))
    ['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']
    """
    codes = _score_codes(scores)
    categorical = pd.Categorical.from_codes(codes, categories=list(CATEGORIES), ordered=True)
    if isinstance(scores, pd.Series):
        return pd.Series(categorical, index=scores.index, name=CATEGORY_COLUMN)
    return categorical


def _category_codes(answers: pd.DataFrame) -> np.ndarray:
    """Codes 0/1/2 per answer: from ``category`` when the loader gave it, else from ``score``."""
    if CATEGORY_COLUMN in answers.columns:
        column = answers[CATEGORY_COLUMN]
        if (
            isinstance(column.dtype, pd.CategoricalDtype)
            and tuple(column.cat.categories) == CATEGORIES
        ):
            codes = column.cat.codes.to_numpy()
        else:  # -1 for a value that is not a category (pd.Categorical would warn of it)
            codes = pd.Index(list(CATEGORIES)).get_indexer(column.to_numpy(dtype=object))
        if (codes < 0).any():
            position = int(np.flatnonzero(codes < 0)[0])
            raise AnalysisError(
                f"Category {_plain(answers[CATEGORY_COLUMN].iloc[position])!r} at row "
                f"{_row_label(answers.index, position)!r} is not one of: {', '.join(CATEGORIES)}"
            )
        return codes.astype(np.int8)
    if SCORE_COLUMN in answers.columns:
        return _score_codes(answers[SCORE_COLUMN])
    raise AnalysisError(
        f"The answers have no {SCORE_COLUMN!r} or {CATEGORY_COLUMN!r} column; "
        f"they have: {_columns_list(answers)}"
    )


def _weights(answers: pd.DataFrame, weight: str) -> np.ndarray:
    require_columns(answers, [weight], why="the weight column")
    column = answers[weight]
    numbers = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(numbers) | (numbers < 0)
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        raise AnalysisError(
            f"Weight column {weight!r} has {_plain(column.iloc[position])!r} at row "
            f"{_row_label(answers.index, position)!r}; weights must be present, finite and >= 0 "
            f"({int(bad.sum())} of {len(numbers)} rows are not)"
        )
    return numbers


def _as_answers(answers_or_scores: Any) -> pd.DataFrame:
    if isinstance(answers_or_scores, pd.DataFrame):
        return answers_or_scores
    if isinstance(answers_or_scores, pd.Series):
        return answers_or_scores.rename(SCORE_COLUMN).to_frame()
    return pd.DataFrame({SCORE_COLUMN: np.asarray(answers_or_scores).reshape(-1)})


def nps(scores: Any) -> float:
    """Net Promoter Score: % promoters − % detractors, from −100 to 100.

    Parameters
    ----------
    scores : array-like, pandas.Series or pandas.DataFrame
        Scores 0..10, or an answers table (its ``category`` column, else its ``score`` column).

    Returns
    -------
    float
        The score; NaN when there are no answers.

    Examples
    --------
    >>> nps([10, 9, 9, 8, 7, 6, 3, 0, 10, 10])
    20.0
    """
    counts = np.bincount(_category_codes(_as_answers(scores)), minlength=3)
    n = counts.sum()
    return float(100.0 * (counts[2] - counts[0]) / n) if n else math.nan


# --- Intervals on count arrays ----------------------------------------------------------------


def _variance(promoter_share: np.ndarray, detractor_share: np.ndarray) -> np.ndarray:
    """Per-answer variance of the −1/0/+1 coding: p+ + p− − (p+ − p−)² (never below 0)."""
    return np.maximum(promoter_share + detractor_share - (promoter_share - detractor_share) ** 2, 0)


def _tango_statistic(theta: np.ndarray, b: np.ndarray, c: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Score statistic T(θ) of Tango (1998) as Rocks (2016) adapts it to the NPS.

    b = detractors, c = promoters, n = answers. T decreases in θ and T(NPS) = 0.
    """
    a = 2 * n
    linear = -b - c + (2 * n - c + b) * theta
    constant = -b * theta * (1 - theta)
    # Rounding can push the discriminant a hair below zero near θ = ±1.
    root = np.sqrt(np.maximum(linear**2 - 4 * a * constant, 0))
    q21 = (root - linear) / (2 * a)
    return (c - b - n * theta) / np.sqrt(n * (2 * q21 + theta * (1 - theta)))


def _score_limits(
    b: np.ndarray, c: np.ndarray, n: np.ndarray, estimate: np.ndarray, z: float
) -> tuple[np.ndarray, np.ndarray]:
    """Limits where T(θ) = +z (lower) and −z (upper), by bisection on all groups at once."""
    low_lo, low_hi = np.full_like(estimate, -1.0), estimate.copy()
    up_lo, up_hi = estimate.copy(), np.full_like(estimate, 1.0)
    for _ in range(_BISECTION_STEPS):
        mid = (low_lo + low_hi) / 2
        above = _tango_statistic(mid, b, c, n) > z  # the limit lies above mid
        low_lo, low_hi = np.where(above, mid, low_lo), np.where(above, low_hi, mid)
        mid = (up_lo + up_hi) / 2
        below = _tango_statistic(mid, b, c, n) < -z  # the limit lies below mid
        up_lo, up_hi = np.where(below, up_lo, mid), np.where(below, mid, up_hi)
    lower = np.where(b == n, -1.0, (low_lo + low_hi) / 2)
    upper = np.where(c == n, 1.0, (up_lo + up_hi) / 2)
    return lower, upper


def interval(
    detractors: Any,
    passives: Any,
    promoters: Any,
    *,
    confidence: float = CONFIDENCE,
    method: str = "adjusted_wald",
) -> tuple[Any, Any, Any, Any]:
    """NPS, its standard error and confidence interval from category counts.

    Vectorised: the counts may be scalars or numpy arrays (broadcast together), and may be
    fractional (effective counts of a weighted sample). All outputs are on the −100..100 scale;
    the point estimate is always the plain sample NPS and the interval is clipped to −100..100.
    Where n = 0 every output is NaN.

    With p+ = promoters/n, p− = detractors/n, NPS = p+ − p−, the per-answer variance of the
    −1/0/+1 coding V = p+ + p− − (p+ − p−)² and z = Φ⁻¹(1 − α/2):

    ``"wald"``
        SE = sqrt(V/n), CI = NPS ± z·SE. Rocks (2016), "Interval Estimation for the 'Net
        Promoter Score'", The American Statistician 70(4):365-372; R package ``NPS``.
    ``"adjusted_wald"`` (default)
        Add 3 pseudo-answers: ñ = n + 3, promoters + 3/4, detractors + 3/4 (passives get the
        other 1.5). From the adjusted shares p̃+, p̃−: NPS̃ = p̃+ − p̃−, Ṽ = p̃+ + p̃− − NPS̃²,
        SE = sqrt(Ṽ/ñ) (this adjusted SE is the ``se`` returned), CI = NPS̃ ± z·SE. Rocks (2016);
        Lewis & Sauro, MeasuringU, "Confidence Intervals for Net Promoter Scores" (2021).
        The interval is centred on NPS̃, so at extreme shares it need not contain the plain NPS.
    ``"score"``
        The iterative score interval Rocks (2016) adapts from Tango (1998) for a difference of
        paired proportions. With b = detractors, c = promoters and θ in −1..1:
        A = 2n, B = −b − c + (2n − c + b)·θ, C = −b·θ·(1 − θ),
        q21(θ) = (sqrt(B² − 4AC) − B)/(2A),
        T(θ) = (c − b − nθ)/sqrt(n·(2·q21 + θ(1 − θ))).
        The lower limit solves T(θ) = +z on [−1, NPS], the upper T(θ) = −z on [NPS, 1] (T
        decreases in θ); the upper limit is 1 when c = n and the lower −1 when b = n. Solved by
        bisection on all groups at once. The ``se`` returned is the Wald SE.

    Parameters
    ----------
    detractors, passives, promoters : int, float or numpy.ndarray
        Counts per category (non-negative).
    confidence : float, default 0.95
        Confidence level of the interval, strictly between 0 and 1.
    method : {"adjusted_wald", "wald", "score"}, default "adjusted_wald"
        Interval method, see above.

    Returns
    -------
    tuple
        ``(nps, se, ci_low, ci_high)``: floats for scalar counts, arrays otherwise.

    Raises
    ------
    AnalysisError
        For an unknown method, a confidence outside (0, 1) or a negative count.

    Examples
    --------
    >>> nps_, se, low, high = interval(3, 2, 5, method="wald")
    >>> round(nps_, 1), round(se, 2)
    (20.0, 27.57)
    """
    z = z_value(confidence)
    _check_method(method)
    scalar = all(np.ndim(count) == 0 for count in (detractors, passives, promoters))
    b, m, c = np.broadcast_arrays(
        *(np.asarray(count, dtype=float) for count in (detractors, passives, promoters))
    )
    if (b < 0).any() or (m < 0).any() or (c < 0).any():
        raise AnalysisError("Category counts must be 0 or more; got a negative count")
    n = b + m + c
    empty = ~(n > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        estimate = (c - b) / n
        wald_se = np.sqrt(_variance(c / n, b / n) / n)
        if method == "adjusted_wald":
            n_adj = n + 3
            promoters_adj, detractors_adj = (c + 0.75) / n_adj, (b + 0.75) / n_adj
            centre = promoters_adj - detractors_adj
            se = np.sqrt(_variance(promoters_adj, detractors_adj) / n_adj)
            low, high = centre - z * se, centre + z * se
        elif method == "wald":
            se = wald_se
            low, high = estimate - z * se, estimate + z * se
        else:
            se = wald_se
            low, high = _score_limits(b, c, n, np.where(empty, 0.0, estimate), z)
    results = [estimate, se, np.clip(low, -1, 1), np.clip(high, -1, 1)]
    results = [np.where(empty, np.nan, 100.0 * result) for result in results]
    if scalar:
        return tuple(float(result) for result in results)
    return tuple(results)


def _difference_test(
    estimate_a: np.ndarray,
    se_a: np.ndarray,
    shares_a: np.ndarray,
    n_a: np.ndarray,
    estimate_b: np.ndarray,
    se_b: np.ndarray,
    shares_b: np.ndarray,
    n_b: np.ndarray,
    confidence: float,
) -> dict[str, np.ndarray]:
    """Difference a − b of two independent scores: the one test behind compare() and change.

    ``shares`` are (groups, 3) category shares in CATEGORIES order and ``n`` the (effective)
    numbers of answers. SE = sqrt(SE_a² + SE_b²) with the method's SEs, CI = difference ± z·SE
    (clipped to −200..200). The p-value is two-sided from z = difference / SE₀ with the SE
    under the null hypothesis of no difference: the answers of both samples pooled, V₀ =
    p̄+ + p̄− − (p̄+ − p̄−)², SE₀ = sqrt(V₀·(1/n_a + 1/n_b)). The unpooled Wald SE would be zero
    for two unanimous samples and call any difference between them certain (p = 0), even one
    promoter against one detractor. SE₀ is zero only when every answer of both samples is in
    one category, so there is no difference and p is 1.
    """
    z = z_value(confidence)
    difference = np.asarray(estimate_a, dtype=float) - np.asarray(estimate_b, dtype=float)
    se = np.hypot(se_a, se_b)
    n_a, n_b = np.asarray(n_a, dtype=float), np.asarray(n_b, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (shares_a * n_a[:, None] + shares_b * n_b[:, None]) / (n_a + n_b)[:, None]
        null_se = 100 * np.sqrt(_variance(pooled[:, 2], pooled[:, 0]) * (1 / n_a + 1 / n_b))
        p_value = np.asarray(_two_sided_p(np.abs(difference / null_se)), dtype=float)
    p_value = np.where(null_se == 0, 1.0, p_value)
    p_value = np.where(np.isnan(difference) | np.isnan(null_se), np.nan, p_value)
    return {
        "difference": difference,
        "se": se,
        "ci_low": np.clip(difference - z * se, -_DIFFERENCE_RANGE, _DIFFERENCE_RANGE),
        "ci_high": np.clip(difference + z * se, -_DIFFERENCE_RANGE, _DIFFERENCE_RANGE),
        "p_value": p_value,
        "significant": np.nan_to_num(p_value, nan=1.0) < 1 - confidence,
    }


# --- Statistics of count arrays (shared by summarize, nps_table, rolling_nps) ----------------


def _statistics(
    counts: np.ndarray,
    weighted: np.ndarray | None,
    squares: np.ndarray | None,
    *,
    confidence: float,
    method: str,
    small_n: int,
    min_group: int | None,
) -> dict[str, np.ndarray]:
    """All per-group statistics from counts of shape (groups, 3) in CATEGORIES order.

    ``weighted`` holds Σw per category and ``squares`` Σw² per group for a weighted sample.
    Weighted (Kish): n_eff = (Σw)²/Σw², shares Σw_k/Σw, and the interval uses the effective
    counts n_eff·share in place of the counts.
    """
    counts = np.asarray(counts, dtype=float)
    n = counts.sum(axis=1)
    if weighted is None:
        n_effective = n
        shares_of = counts
    else:
        total = weighted.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            n_effective = np.where(total > 0, total**2 / squares, 0.0)
        shares_of = weighted
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = shares_of / shares_of.sum(axis=1, keepdims=True)
    effective = np.nan_to_num(shares) * n_effective[:, None]
    estimate, se, low, high = interval(*effective.T, confidence=confidence, method=method)
    suppressed = n < min_group if min_group is not None else np.zeros(len(n), dtype=bool)
    # Precision depends on the effective size; anonymity on the number of people.
    flag = np.where(
        suppressed, FLAG_SUPPRESSED, np.where(n_effective < small_n, FLAG_INDICATIVE, "")
    )
    hide = np.where(suppressed, np.nan, 1.0)
    return {
        "n": n,
        "n_effective": n_effective * hide,
        "detractors": counts[:, 0] * hide,
        "passives": counts[:, 1] * hide,
        "promoters": counts[:, 2] * hide,
        "shares": shares * hide[:, None],
        "nps": estimate * hide,
        "se": se * hide,
        "ci_low": low * hide,
        "ci_high": high * hide,
        "flag": flag.astype(object),
        "suppressed": suppressed,
    }


# Above this many (group x category) bins the counting falls back to a pandas groupby, which
# only allocates observed groups; below it, one bincount over a combined code is much faster.
_MAX_BINS = 20_000_000
# From this many answers the keys are encoded in threads, one key each: pyarrow's hashing and
# numpy's arithmetic release the GIL, and below this the threads cost more than they save.
_THREADED_ROWS = 200_000
# A date range up to this many days is mapped to periods through a table of one entry per day.
_DAY_TABLE_MAX = 400_000


@dataclass(frozen=True)
class _Key:
    """A column to group by, encoded: ``codes[i]`` is the position of answer i's value in
    ``values``, the distinct values sorted, a missing value last (a group of its own)."""

    name: str
    codes: np.ndarray
    values: Any  # pandas Index or ExtensionArray: what the table shows for the groups


def _encode(column: pd.Series) -> _Key:
    """``pd.factorize(column, sort=True, use_na_sentinel=False)`` as a :class:`_Key`.

    Arrow-backed text (the loader's segment columns) is dictionary-encoded by pyarrow and only
    its few distinct values are sorted: pandas' factorize of such a column costs about half as
    much again (issue #8, item 1; the test compares the two).
    """
    dtype = column.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc

        array = column.array.__arrow_array__()
        # Missing values stay masked (Arrow cannot unify dictionaries that hold a null) and
        # are given the code after the last value.
        encoded = pc.dictionary_encode(array).unify_dictionaries()
        chunks = encoded.chunks
        dictionary = chunks[0].dictionary if chunks else pa.array([], pa.string())
        missing = len(dictionary)
        indices = [pc.fill_null(chunk.indices, missing).to_numpy() for chunk in chunks]
        order = pc.array_sort_indices(dictionary).to_numpy()
        has_missing = array.null_count > 0
        rank = np.empty(missing + 1, dtype=np.min_scalar_type(missing))
        rank[order] = np.arange(missing)
        rank[missing] = missing
        codes = rank[np.concatenate(indices)] if indices else np.zeros(0, dtype=rank.dtype)
        texts = dictionary.take(order).to_pylist() + [None] * has_missing
        return _Key(str(column.name), codes, pd.array(texts, dtype=dtype))
    codes, values = pd.factorize(column, sort=True, use_na_sentinel=False)
    return _Key(str(column.name), codes, values)


def _encode_all(encoders: Sequence[Callable[[], _Key]]) -> list[_Key]:
    """Run the encoders, each in a thread of its own."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=max(len(encoders), 1)) as pool:
        return list(pool.map(lambda encode: encode(), encoders))


def _keys(answers: pd.DataFrame, names: Sequence[str], period: str | None) -> list[_Key]:
    """The segment columns ``names``, and the period of the date when asked, encoded."""
    encoders: list[Callable[[], _Key]] = [
        lambda name=name: _encode(answers[name]) for name in names
    ]
    if period is not None:
        dates = _dates(answers, period)
        encoders.append(lambda: _period_key(dates, period))
    if len(answers) < _THREADED_ROWS or len(encoders) < 2:
        return [encode() for encode in encoders]
    return _encode_all(encoders)


def _aggregate(
    answers: pd.DataFrame,
    keys: list[_Key],
    weight: str | None,
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Counts (and weight sums) per observed combination of ``keys``, sorted by the keys.

    Returns the keys as a DataFrame (one row per group), the counts (groups, 3), Σw per
    category (groups, 3) and Σw² per group (the last two None when unweighted). Answers without
    a segment value form their own group (sorted last), never vanish.

    The keys' codes are combined with the category into one integer per answer, so all counts
    come from one ``np.bincount``.
    """
    codes = _category_codes(answers)
    w = _weights(answers, weight) if weight is not None else None
    shape = tuple(len(key.values) for key in keys)
    groups = math.prod(shape)
    if groups * len(CATEGORIES) > _MAX_BINS:
        return _aggregate_by_groupby(codes, w, keys)
    # One array, updated in place: at 10^7 answers every temporary is 80 MB.
    flat = np.zeros(len(codes), dtype=np.int64)
    for key, size in zip(keys, shape, strict=True):
        flat *= size
        flat += key.codes
    flat *= len(CATEGORIES)
    flat += codes
    bins = groups * len(CATEGORIES)
    counts = np.bincount(flat, minlength=bins).reshape(groups, len(CATEGORIES)).astype(float)
    observed = np.flatnonzero(counts.sum(axis=1) > 0) if keys else np.arange(1)
    if keys:
        positions = np.unravel_index(observed, shape)
        key_frame = pd.DataFrame(
            {
                key.name: key.values.take(position)
                for key, position in zip(keys, positions, strict=True)
            }
        )
    else:
        key_frame = pd.DataFrame(index=range(1))
    counts = counts[observed]
    if w is None:
        return key_frame, counts, None, None
    weighted = np.bincount(flat, weights=w, minlength=bins).reshape(groups, len(CATEGORIES))
    squares = np.bincount(flat // len(CATEGORIES), weights=w**2, minlength=groups)
    return key_frame, counts, weighted[observed], squares[observed]


def _aggregate_by_groupby(
    codes: np.ndarray, w: np.ndarray | None, keys: list[_Key]
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray | None, np.ndarray | None]:
    """`_aggregate` for very many possible groups (e.g. by customer and week)."""
    indicators = {name: codes == k for k, name in enumerate(CATEGORIES)}
    if w is not None:
        indicators |= {f"w_{name}": w * (codes == k) for k, name in enumerate(CATEGORIES)}
        indicators["w_squared"] = w**2
    columns = pd.DataFrame(indicators)
    # Grouped by the codes, which sort as the values do (a missing value last).
    sums = columns.groupby([key.codes for key in keys], sort=True).sum()
    levels = sums.index.to_frame(index=False)
    key_frame = pd.DataFrame(
        {key.name: key.values.take(levels[i].to_numpy()) for i, key in enumerate(keys)}
    )
    counts = sums[list(CATEGORIES)].to_numpy(dtype=float)
    if w is None:
        return key_frame, counts, None, None
    weighted = sums[[f"w_{name}" for name in CATEGORIES]].to_numpy(dtype=float)
    return key_frame, counts, weighted, sums["w_squared"].to_numpy(dtype=float)


def _dates(answers: pd.DataFrame, period: str) -> pd.Series:
    """The answers' dates, checked: a cut by ``period`` needs one on every answer."""
    _check_period(period)
    require_columns(answers, [DATE_COLUMN], why=f"needed for period={period!r}")
    dates = answers[DATE_COLUMN]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        raise AnalysisError(
            f"Column {DATE_COLUMN!r} holds {dates.dtype} values; period={period!r} needs dates "
            "(datetime64), as the loader produces them"
        )
    missing = dates.isna().to_numpy()
    if missing.any():
        position = int(np.flatnonzero(missing)[0])
        raise AnalysisError(
            f"Column {DATE_COLUMN!r} has {int(missing.sum())} missing dates (first at row "
            f"{_row_label(answers.index, position)!r}); period={period!r} needs a date on every "
            "answer"
        )
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)  # keep local wall-clock dates
    return dates


def _period_key(dates: pd.Series, period: str) -> _Key:
    """The period (pandas Period) of each date, encoded.

    Answers span a few hundred days at most: the period of each day in the range is looked up
    in a table of the days, instead of converting every answer's date to a Period.
    """
    freq = _PERIOD_FREQ[period]
    stamps = dates.to_numpy()
    unit, count = np.datetime_data(stamps.dtype)
    # Whole days since 1970 (floored, so a time before 1970 falls on its own day).
    days = stamps.view(np.int64) // (np.timedelta64(1, "D") // np.timedelta64(count, unit))
    first, last = (int(days.min()), int(days.max())) if len(days) else (0, -1)
    if last - first > _DAY_TABLE_MAX:
        key = _encode(dates.dt.to_period(freq))
        return _Key("period", key.codes, key.values)
    calendar = pd.PeriodIndex(
        pd.DatetimeIndex(np.arange(first, last + 1).astype("datetime64[D]")), freq=freq
    )
    ordinals, of_day = np.unique(calendar.asi8, return_inverse=True)
    values = pd.PeriodIndex.from_ordinals(ordinals, freq=freq)
    days -= first
    return _Key("period", of_day[days], values)


def _period_labels(periods: pd.Series | pd.PeriodIndex, period: str) -> np.ndarray:
    """Sortable text labels: "2024-W05", "2024-03", "2024Q1", "2024"."""
    periods = pd.Series(periods)
    if period == "week":
        iso = periods.dt.start_time.dt.isocalendar()
        return (iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)).to_numpy(
            dtype=object
        )
    return periods.astype(str).to_numpy(dtype=object)


def _label_missing(key_frame: pd.DataFrame) -> pd.DataFrame:
    """Give missing segment values a visible label (text columns; numbers keep NaN)."""
    for name in key_frame.columns:
        column = key_frame[name]
        if not column.isna().any():
            continue
        if isinstance(column.dtype, pd.CategoricalDtype):
            if MISSING_LABEL not in column.cat.categories:
                column = column.cat.add_categories([MISSING_LABEL])
            key_frame[name] = column.fillna(MISSING_LABEL)
        elif pd.api.types.is_string_dtype(column) or column.dtype == object:
            key_frame[name] = column.fillna(MISSING_LABEL)
    return key_frame


def _same_group_as_previous(key_frame: pd.DataFrame, by: list[str]) -> np.ndarray:
    """For rows sorted by group keys: does each row belong to the same group as the row above?"""
    same = np.zeros(len(key_frame), dtype=bool)
    same[1:] = True
    for name in by:
        # Compare factorized codes so that two missing values count as the same group.
        codes, _ = pd.factorize(key_frame[name], use_na_sentinel=False)
        same[1:] &= codes[1:] == codes[:-1]
    return same


def _table(
    key_frame: pd.DataFrame, stats: dict[str, np.ndarray], by: list[str], labels: dict
) -> pd.DataFrame:
    table = _label_missing(key_frame[by].copy()) if by else pd.DataFrame(index=key_frame.index)
    for name, values in labels.items():
        table[name] = values
    table["n"] = pd.array(stats["n"].round().astype(np.int64), dtype="Int64")
    table["n_effective"] = stats["n_effective"]
    for name in ("promoters", "passives", "detractors"):
        # Nullable integers: a suppressed count is missing, the others stay whole numbers.
        table[name] = pd.Series(stats[name], index=table.index).round().astype("Int64")
    for name in _STAT_COLUMNS:
        table[name] = stats[name]
    table["flag"] = pd.array(stats["flag"], dtype="str")
    return table.reset_index(drop=True)


def _add_change(
    table: pd.DataFrame,
    stats: dict[str, np.ndarray],
    previous: np.ndarray,
    has_previous: np.ndarray,
    confidence: float,
) -> pd.DataFrame:
    """Change columns against row ``previous`` (positions) where ``has_previous``."""
    safe = np.where(has_previous, previous, 0)
    usable = has_previous & ~stats["suppressed"] & ~stats["suppressed"][safe]
    mask = np.where(usable, 1.0, np.nan)
    test = _difference_test(
        stats["nps"] * mask,
        stats["se"],
        stats["shares"],
        stats["n_effective"],
        stats["nps"][safe] * mask,
        stats["se"][safe],
        stats["shares"][safe],
        stats["n_effective"][safe],
        confidence,
    )
    table["change"] = test["difference"]
    table["change_se"] = test["se"] * mask
    table["change_ci_low"] = test["ci_low"]
    table["change_ci_high"] = test["ci_high"]
    table["change_p"] = test["p_value"]
    table["change_significant"] = test["significant"] & usable
    return table


# --- Public results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NpsSummary:
    """The NPS of one set of answers with its uncertainty.

    Counts are answer counts; shares, ``nps`` and the interval are weighted when a weight was
    given. ``n_effective`` is Kish's effective sample size (equal to ``n`` unweighted). When
    ``flag`` is "suppressed" the counts are None and shares and statistics NaN, because counts
    of a small group reveal individual answers; ``n`` stays, to explain the suppression.
    """

    n: int
    n_effective: float
    detractors: int | None
    passives: int | None
    promoters: int | None
    detractor_share: float
    passive_share: float
    promoter_share: float
    nps: float
    se: float
    ci_low: float
    ci_high: float
    confidence: float
    method: str
    flag: str

    def to_dict(self) -> dict[str, Any]:
        """The fields as a plain dict (for JSON, a table row or a report template)."""
        return asdict(self)


@dataclass(frozen=True)
class Comparison:
    """Difference a − b between the NPS of two independent samples."""

    nps_a: float
    nps_b: float
    n_a: int
    n_b: int
    difference: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    significant: bool
    confidence: float
    method: str

    def to_dict(self) -> dict[str, Any]:
        """The fields as a plain dict."""
        return asdict(self)


# --- Public functions on answers --------------------------------------------------------------


def summarize(
    answers_or_scores: Any,
    *,
    confidence: float = CONFIDENCE,
    method: str = "adjusted_wald",
    small_n: int = SMALL_N,
    min_group: int | None = None,
    weight: str | None = None,
) -> NpsSummary:
    """NPS of all answers with counts, shares, standard error and confidence interval.

    Parameters
    ----------
    answers_or_scores : pandas.DataFrame, pandas.Series or array-like
        An answers table (``category`` column, else ``score``) or plain scores 0..10.
    confidence : float, default 0.95
        Confidence level of the interval.
    method : {"adjusted_wald", "wald", "score"}, default "adjusted_wald"
        Interval method; see :func:`interval` for the formulas and sources.
    small_n : int, default SMALL_N
        Below this (effective) number of answers the flag is "indicative".
    min_group : int or None, default None
        Below this number of answers the result is suppressed (flag "suppressed", counts None,
        statistics NaN). None means no suppression, right for a whole survey; pass
        ``MIN_GROUP`` for a subgroup such as an eNPS department.
    weight : str or None, default None
        Name of a weight column (DataFrame input only). Weighted NPS
        = (Σw·[promoter] − Σw·[detractor]) / Σw × 100; Kish n_eff = (Σw)²/Σw²; the interval
        uses n_eff in place of n.

    Returns
    -------
    NpsSummary

    Examples
    --------
    >>> s = summarize([10, 9, 9, 8, 7, 6, 3, 0, 10, 10], method="wald")
    >>> s.nps, s.promoters, s.detractors, s.flag
    (20.0, 5, 3, 'indicative')
    """
    z_value(confidence)  # validate the arguments before touching the data
    _check_method(method)
    _check_sizes(small_n, min_group)
    answers = _as_answers(answers_or_scores)
    if weight is not None and not isinstance(answers_or_scores, pd.DataFrame):
        raise AnalysisError(
            f"weight={weight!r} names a column, so it needs an answers DataFrame, not plain scores"
        )
    _, counts, weighted, squares = _aggregate(answers, [], weight)
    stats = _statistics(
        counts,
        weighted,
        squares,
        confidence=confidence,
        method=method,
        small_n=small_n,
        min_group=min_group,
    )
    suppressed = bool(stats["suppressed"][0])

    def count(name: str) -> int | None:
        return None if suppressed else int(stats[name][0])

    shares = stats["shares"][0]
    return NpsSummary(
        n=int(stats["n"][0]),
        n_effective=float(stats["n_effective"][0]),
        detractors=count("detractors"),
        passives=count("passives"),
        promoters=count("promoters"),
        detractor_share=float(shares[0]),
        passive_share=float(shares[1]),
        promoter_share=float(shares[2]),
        nps=float(stats["nps"][0]),
        se=float(stats["se"][0]),
        ci_low=float(stats["ci_low"][0]),
        ci_high=float(stats["ci_high"][0]),
        confidence=confidence,
        method=method,
        flag=str(stats["flag"][0]),
    )


def nps_table(
    answers: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    period: str | None = None,
    *,
    confidence: float = CONFIDENCE,
    method: str = "adjusted_wald",
    small_n: int = SMALL_N,
    min_group: int | None = MIN_GROUP,
    weight: str | None = None,
) -> pd.DataFrame:
    """NPS per segment and/or period, one row per observed group.

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers (``category`` or ``score``; ``date`` when ``period`` is given).
    by : str, list of str or None
        Segment column(s). Answers with no value in a segment column form their own group,
        labelled ``MISSING_LABEL`` in text columns.
    period : {"week", "month", "quarter", "year"} or None
        Cut by the period of ``date``. Labels sort chronologically: ISO week "2024-W05",
        month "2024-03", quarter "2024Q1", year "2024".
    confidence, method
        As in :func:`summarize`.
    small_n : int, default SMALL_N
        Rows with fewer (effective) answers get flag "indicative".
    min_group : int or None, default MIN_GROUP
        Rows with fewer answers get flag "suppressed" and missing counts and statistics
        (``n`` stays). None disables suppression.
    weight : str or None
        Weight column, as in :func:`summarize`.

    Returns
    -------
    pandas.DataFrame
        Columns: the ``by`` columns, ``period`` (when asked), ``n``, ``n_effective``,
        ``promoters``, ``passives``, ``detractors`` (Int64), ``nps``, ``se``, ``ci_low``,
        ``ci_high``, ``flag``; sorted by the groups, then period. With ``period`` also the change
        against the group's previous row: ``change`` (nps − previous nps), ``change_se``,
        ``change_ci_low``, ``change_ci_high``, ``change_p`` (two-sided) and
        ``change_significant`` (p < 1 − confidence); NaN/False on a group's first row and where
        either row is suppressed. The test is the one :func:`compare` uses.

    Raises
    ------
    AnalysisError
        For an unknown column in ``by``, an unknown period or method, a bad confidence, a
        period without a ``date`` column, or invalid weights.

    Examples
    --------
    >>> answers = pd.DataFrame({"score": [10, 9, 3, 8, 10, 0], "shop": list("AABBBB")})
    >>> nps_table(answers, by="shop", min_group=None)[["shop", "n", "nps"]]
      shop  n    nps
    0    A  2  100.0
    1    B  4  -25.0
    """
    z_value(confidence)
    _check_method(method)
    _check_sizes(small_n, min_group)
    names = _by_columns(answers, by)
    keys = _keys(answers, names, period)
    key_frame, counts, weighted, squares = _aggregate(answers, keys, weight)
    stats = _statistics(
        counts,
        weighted,
        squares,
        confidence=confidence,
        method=method,
        small_n=small_n,
        min_group=min_group,
    )
    labels = {} if period is None else {"period": _period_labels(key_frame["period"], period)}
    table = _table(key_frame, stats, names, labels)
    if period is not None:
        has_previous = _same_group_as_previous(key_frame, names)
        table = _add_change(table, stats, np.arange(len(table)) - 1, has_previous, confidence)
    return table


def rolling_nps(
    answers: pd.DataFrame,
    *,
    window: int = 3,
    period: str = "month",
    by: str | Sequence[str] | None = None,
    confidence: float = CONFIDENCE,
    method: str = "adjusted_wald",
    small_n: int = SMALL_N,
    min_group: int | None = MIN_GROUP,
    weight: str | None = None,
) -> pd.DataFrame:
    """NPS over a rolling window of consecutive periods, per group.

    Each row pools the answers of ``window`` consecutive periods ending at ``period``; a period
    with no answers inside the window counts as zero answers (the window still spans
    ``window`` calendar periods). The timeline runs from the first to the last period of all
    answers, so rows of different groups line up; only complete windows are shown, and only
    windows that hold answers of the group.

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers with a ``date`` column.
    window : int, default 3
        Number of periods per window.
    period : {"week", "month", "quarter", "year"}, default "month"
        Length of one period.
    by, confidence, method, small_n, min_group, weight
        As in :func:`nps_table`.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`nps_table`, with ``window_start`` (label of the first period of
        the window) before ``period`` (the last). The change columns compare each window with
        the one ending ``window`` periods earlier, the previous non-overlapping window: windows
        that share answers are not independent samples, so the adjacent row is not compared.
        Empty (with these columns) when the answers span fewer than ``window`` periods.

    Examples
    --------
    >>> answers = pd.DataFrame({
    ...     "score": [10, 0, 9, 7],
    ...     "date": pd.to_datetime(["2024-01-05", "2024-02-10", "2024-04-01", "2024-04-20"]),
    ... })
    >>> rolling_nps(answers, window=2, min_group=None)[["window_start", "period", "n", "nps"]]
      window_start   period  n    nps
    0      2024-01  2024-02  2    0.0
    1      2024-02  2024-03  1 -100.0
    2      2024-03  2024-04  2   50.0
    """
    z_value(confidence)
    _check_method(method)
    _check_sizes(small_n, min_group)
    _check_period(period)
    if isinstance(window, bool) or not isinstance(window, int | np.integer) or window < 1:
        raise AnalysisError(f"window={window!r} is not a whole number of periods (1 or more)")
    names = _by_columns(answers, by)
    keys = _keys(answers, names, period)
    key_frame, counts, weighted, squares = _aggregate(answers, keys, weight)

    # Lay the sparse (group, period) sums out on a dense grid, groups x calendar periods, so a
    # period without answers is a row of zeros and windows are plain slices of the time axis.
    ordinals = key_frame["period"].array.asi8
    first = int(ordinals.min()) if len(ordinals) else 0
    steps = int(ordinals.max()) - first + 1 if len(ordinals) else 0
    starts = ~_same_group_as_previous(key_frame, names)
    group = np.cumsum(starts) - 1
    groups = int(group.max()) + 1 if len(group) else 0
    parts = [counts] if weighted is None else [counts, weighted, squares[:, None]]
    values = np.concatenate(parts, axis=1)
    grid = np.zeros((groups, steps, values.shape[1]))
    grid[group, ordinals - first] = values
    # Window sums as differences of cumulative sums along the time axis.
    cumulative = np.concatenate(
        [np.zeros((groups, 1, values.shape[1])), np.cumsum(grid, axis=1)], axis=1
    )
    sums = cumulative[:, window:] - cumulative[:, :-window] if steps >= window else grid[:, :0]
    ends = np.arange(window - 1, steps)
    row_group, row_step = np.nonzero(sums[..., :3].sum(axis=2) > 0)
    sums = sums[row_group, row_step]
    row_end = ends[row_step]

    stats = _statistics(
        sums[:, :3],
        None if weighted is None else sums[:, 3:6],
        None if weighted is None else sums[:, 6],
        confidence=confidence,
        method=method,
        small_n=small_n,
        min_group=min_group,
    )
    row_keys = key_frame.iloc[np.flatnonzero(starts)[row_group]].reset_index(drop=True)
    freq = key_frame["period"].dtype.freq
    start = pd.PeriodIndex.from_ordinals(first + row_end - window + 1, freq=freq)
    end = pd.PeriodIndex.from_ordinals(first + row_end, freq=freq)
    labels = {
        "window_start": _period_labels(start, period),
        "period": _period_labels(end, period),
    }
    table = _table(row_keys, stats, names, labels)

    # Previous non-overlapping window of the same group: same group, end `window` steps back.
    lookup = np.full((groups, steps), -1)
    lookup[row_group, row_end] = np.arange(len(row_group))
    back = row_end - window
    previous = np.where(back >= 0, lookup[row_group, np.maximum(back, 0)], -1)
    return _add_change(table, stats, previous, previous >= 0, confidence)


def compare(
    a: Any,
    b: Any,
    *,
    confidence: float = CONFIDENCE,
    method: str = "adjusted_wald",
) -> Comparison:
    """Difference between the NPS of two independent samples, with interval and p-value.

    difference = NPS_a − NPS_b (plain scores, signed). SE = sqrt(SE_a² + SE_b²) with each
    sample's SE from the method's variance (adjusted counts for "adjusted_wald", the Wald SE
    for "wald" and "score"); CI = difference ± z·SE, clipped to −200..200. Rocks (2016)
    gives these intervals for one score; the p-value is the two-sample z test of "no
    difference", two-sided, with the variance under that null hypothesis: the answers of both
    samples pooled, V₀ = p̄+ + p̄− − (p̄+ − p̄−)² and z = difference / sqrt(V₀·(1/n_a + 1/n_b)),
    as the two-proportion z test pools. So the p-value and the interval can disagree near the
    significance boundary. ``significant`` is p < 1 − confidence.

    Parameters
    ----------
    a, b : pandas.DataFrame, pandas.Series or array-like
        Answers tables or plain scores.
    confidence, method
        As in :func:`summarize`.

    Returns
    -------
    Comparison

    Examples
    --------
    >>> result = compare([10, 10, 9, 8], [0, 3, 9, 7])
    >>> result.difference  # 75 - (-25)
    100.0
    """
    z_value(confidence)
    _check_method(method)
    counts = np.vstack(
        [np.bincount(_category_codes(_as_answers(s)), minlength=3) for s in (a, b)]
    ).astype(float)
    estimate, se, _, _ = interval(*counts.T, confidence=confidence, method=method)
    n = counts.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = counts / n[:, None]
    test = _difference_test(
        estimate[:1], se[:1], shares[:1], n[:1], estimate[1:], se[1:], shares[1:], n[1:], confidence
    )
    return Comparison(
        nps_a=float(estimate[0]),
        nps_b=float(estimate[1]),
        n_a=int(counts[0].sum()),
        n_b=int(counts[1].sum()),
        difference=float(test["difference"][0]),
        se=float(test["se"][0]),
        ci_low=float(test["ci_low"][0]),
        ci_high=float(test["ci_high"][0]),
        p_value=float(test["p_value"][0]),
        significant=bool(test["significant"][0]),
        confidence=confidence,
        method=method,
    )


def sample_size(
    margin: float,
    *,
    confidence: float = CONFIDENCE,
    promoter_share: float | None = None,
    detractor_share: float | None = None,
) -> int:
    """Answers needed so that the Wald interval's half-width is at most ``margin`` NPS points.

    n = ceil(z²·V / (margin/100)²) with V = p+ + p− − (p+ − p−)². Without shares the worst case
    V = 1 (half promoters, half detractors) is used.

    Parameters
    ----------
    margin : float
        Wanted half-width in NPS points, in (0, 200].
    confidence : float, default 0.95
        Confidence level.
    promoter_share, detractor_share : float or None
        Expected shares in [0, 1] summing to at most 1; give both or neither.

    Returns
    -------
    int
        Number of answers (at least 1).

    Examples
    --------
    >>> sample_size(5)
    1537
    """
    z = z_value(confidence)
    if (
        isinstance(margin, bool)
        or not isinstance(margin, int | float | np.number)
        or not 0 < margin <= 200
    ):
        raise AnalysisError(f"margin={margin!r} is not a number of NPS points in (0, 200]")
    if (promoter_share is None) != (detractor_share is None):
        raise AnalysisError(
            "Give both promoter_share and detractor_share, or neither for the worst case; "
            f"got promoter_share={promoter_share!r}, detractor_share={detractor_share!r}"
        )
    if promoter_share is None:
        variance = 1.0
    else:
        for name, share in (
            ("promoter_share", promoter_share),
            ("detractor_share", detractor_share),
        ):
            if (
                isinstance(share, bool)
                or not isinstance(share, int | float | np.number)
                or not (0 <= share <= 1)
            ):
                raise AnalysisError(f"{name}={share!r} is not a share between 0 and 1")
        if promoter_share + detractor_share > 1:
            raise AnalysisError(
                f"promoter_share + detractor_share = {promoter_share + detractor_share:g} "
                "exceeds 1; the shares of one set of answers sum to at most 1"
            )
        variance = float(_variance(np.float64(promoter_share), np.float64(detractor_share)))
    # The tolerance keeps an exact integer result from rounding up to the next answer.
    return max(1, math.ceil(z**2 * variance / (margin / 100) ** 2 - 1e-9))
