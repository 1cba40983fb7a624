"""The customer journey (kunderejsen): touchpoints, their NPS, and where to act first.

Joins the touchpoint list (phase, order, importance to the customer and to the firm, owner,
wanted experience) with the transactional answers given at each touchpoint, and places every
touchpoint in a priority quadrant:

=====================  ==========================  ==========================
                       NPS below the reference     NPS at or above it
=====================  ==========================  ==========================
important to customer  ``fix_now`` (ret nu)        ``keep_up`` (hold niveauet)
less important         ``watch`` (hold øje)        ``overkill`` (overindsats)
=====================  ==========================  ==========================

Important means importance to the customer ≥ ``IMPORTANCE_THRESHOLD`` (3.5 on the 1-5
scale, i.e. rated 4 or 5 on average); the NPS reference is by default the NPS of all
touchpoint answers together, so the quadrants compare touchpoints with each other.

The priority score ranks the touchpoints within and across quadrants:

    priority = importance_customer / 5 · (100 − NPS) / 2

from 0 (unimportant and perfect) to 100 (importance 5 and NPS −100): importance times room
for improvement, as in importance-performance analysis (Martilla & James, "Importance-
Performance Analysis", Journal of Marketing 41(1), 1977). Ties go to the touchpoint more
important to the firm (:func:`rank`). Nothing here reads files or prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import AnalysisError, require_columns
from .score import MIN_GROUP, MISSING_LABEL, SMALL_N, nps, nps_table

#: Canonical phases in journey order.
PHASES = ("before", "during", "after")
#: Quadrants in the order of urgency.
QUADRANTS = ("fix_now", "keep_up", "watch", "overkill")
#: Importance to the customer (1-5) from which a touchpoint counts as important.
IMPORTANCE_THRESHOLD = 3.5
#: Importance scale of the touchpoint file.
IMPORTANCE_MAX = 5.0

# Spellings recognised per phase (lower case): Danish, English, and the usual short forms.
_PHASE_NAMES = {
    "before": ("før", "foer", "for", "before", "pre", "førkøb", "før køb"),
    "during": ("under", "during", "undervejs", "i brug"),
    "after": ("efter", "after", "post", "efterkøb", "efter køb"),
}
_PHASE_LOOKUP = {name: phase for phase, names in _PHASE_NAMES.items() for name in names}


def canonical_phase(value: object, touchpoint: object = None) -> str:
    """'before', 'during' or 'after' for a phase written in Danish or English.

    Recognises Før/Under/Efter and Before/During/After (any case, surrounding spaces
    ignored).

    Raises
    ------
    AnalysisError
        For any other value, naming the touchpoint and the value.

    Examples
    --------
    >>> canonical_phase("Før"), canonical_phase(" UNDER "), canonical_phase("after")
    ('before', 'during', 'after')
    """
    key = str(value).strip().lower() if value is not None and not pd.isna(value) else ""
    try:
        return _PHASE_LOOKUP[key]
    except KeyError:
        where = f" of touchpoint {touchpoint!r}" if touchpoint is not None else ""
        raise AnalysisError(
            f"Phase {value!r}{where} is not a phase of the journey; use Før/Under/Efter or "
            "Before/During/After"
        ) from None


@dataclass(frozen=True)
class Journey:
    """The journey table with what did not match.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per touchpoint in the file, in journey order: ``name``, ``phase``
        (before/during/after), ``order``, ``importance_customer``, ``importance_firm``,
        ``owner``, ``wanted_experience`` (when the file has them), ``n``, ``nps``,
        ``ci_low``, ``ci_high``, ``flag`` (from :func:`score.nps_table`), ``gap`` (nps −
        reference), ``quadrant``, ``priority`` and ``rank`` (1 = act first; missing where
        the NPS is suppressed or there are no answers).
    reference_nps : float
        The NPS the quadrants compare with.
    importance_threshold : float
    not_in_file : tuple of str
        Touchpoints with answers that the touchpoint file does not list.
    without_answers : tuple of str
        Touchpoints in the file that no answer names.
    """

    frame: pd.DataFrame
    reference_nps: float
    importance_threshold: float
    not_in_file: tuple[str, ...]
    without_answers: tuple[str, ...]

    def top(self, n: int = 3) -> pd.DataFrame:
        """The `n` touchpoints to act on first."""
        return self.frame.dropna(subset=["rank"]).sort_values("rank").head(n)


def touchpoint_nps(
    answers: pd.DataFrame,
    touchpoint_column: str,
    *,
    min_group: int | None = MIN_GROUP,
    small_n: int = SMALL_N,
) -> pd.DataFrame:
    """NPS per touchpoint from the answers that name one (relationship answers left out).

    Returns
    -------
    pandas.DataFrame
        :func:`score.nps_table` by `touchpoint_column`, without the group of answers that
        name no touchpoint; the column is renamed ``name``.
    """
    require_columns(answers, [touchpoint_column], why="roles.touchpoint in client.yml")
    named = answers[answers[touchpoint_column].notna()]
    table = nps_table(named, by=touchpoint_column, min_group=min_group, small_n=small_n)
    table = table[table[touchpoint_column] != MISSING_LABEL]
    return table.rename(columns={touchpoint_column: "name"}).reset_index(drop=True)


def journey(
    answers: pd.DataFrame,
    touchpoints: pd.DataFrame,
    *,
    touchpoint_column: str | None,
    reference_nps: float | None = None,
    importance_threshold: float = IMPORTANCE_THRESHOLD,
    min_group: int | None = MIN_GROUP,
    small_n: int = SMALL_N,
) -> Journey:
    """The customer journey: every touchpoint with its NPS, quadrant and priority.

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers; those with a value in `touchpoint_column` are the transactional ones.
    touchpoints : pandas.DataFrame
        The touchpoint file's frame (``ClientData.touchpoints.frame``): ``name``, ``phase``
        and, when given, ``order``, ``importance_customer``, ``importance_firm``, ``owner``,
        ``wanted_experience``.
    touchpoint_column : str or None
        The answers' touchpoint column (``config.roles.touchpoint``). None: touchpoint NPS is
        not measured; the touchpoints are listed with no answers, no NPS and no quadrant, and
        ``without_answers`` is empty (it would name every touchpoint).
    reference_nps : float or None
        NPS a touchpoint is compared with; None: the NPS of all touchpoint answers.
    importance_threshold : float, default IMPORTANCE_THRESHOLD
        Importance to the customer (1-5) from which a touchpoint is important.
    min_group, small_n
        As in :func:`score.nps_table`: fewer answers suppress or flag the touchpoint.

    Returns
    -------
    Journey

    Raises
    ------
    AnalysisError
        Unknown phase (naming the touchpoint), missing columns, or a touchpoint listed twice.
    """
    require_columns(
        touchpoints, ("name", "phase"), "touchpoints", why="named under touchpoints: in client.yml"
    )
    names = touchpoints["name"].astype("string").str.strip()
    duplicated = names[names.duplicated()]
    if not duplicated.empty:
        raise AnalysisError(
            f"Touchpoint {duplicated.iloc[0]!r} is listed twice in the touchpoint file; "
            "give each touchpoint one row"
        )
    keep = [
        c
        for c in (
            "name",
            "phase",
            "order",
            "importance_customer",
            "importance_firm",
            "owner",
            "wanted_experience",
        )
        if c in touchpoints.columns
    ]
    frame = touchpoints[keep].copy()
    frame["name"] = names
    frame["phase"] = pd.Categorical(
        [canonical_phase(p, n) for p, n in zip(frame["phase"], frame["name"], strict=True)],
        categories=list(PHASES),
        ordered=True,
    )
    if "order" not in frame.columns:
        frame["order"] = np.arange(1, len(frame) + 1, dtype=float)
    for column in ("importance_customer", "importance_firm"):
        if column not in frame.columns:
            frame[column] = np.nan
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)

    stats = ["n", "nps", "ci_low", "ci_high", "flag"]
    if touchpoint_column is None:
        measured = pd.DataFrame({column: pd.Series(dtype=object) for column in ["name", *stats]})
        transactional = answers.iloc[:0]
    else:
        measured = touchpoint_nps(answers, touchpoint_column, min_group=min_group, small_n=small_n)
        transactional = answers[answers[touchpoint_column].notna()]
    measured["name"] = measured["name"].astype("string").str.strip()
    in_file = set(frame["name"])
    not_in_file = tuple(sorted(set(measured["name"]) - in_file))
    without_answers = tuple(n for n in frame["name"] if n not in set(measured["name"]))
    if touchpoint_column is None:
        without_answers = ()
    frame = frame.merge(measured[["name", *stats]], on="name", how="left")
    frame["n"] = frame["n"].fillna(0).astype(int)
    frame["nps"] = frame["nps"].astype(float)

    if reference_nps is None:
        reference_nps = nps(transactional) if len(transactional) else np.nan
    important = frame["importance_customer"] >= importance_threshold
    below = frame["nps"] < reference_nps
    known = frame["nps"].notna() & frame["importance_customer"].notna()
    quadrant = np.select(
        [important & below, important & ~below, ~important & below],
        ["fix_now", "keep_up", "watch"],
        "overkill",
    )
    frame["gap"] = frame["nps"] - reference_nps
    frame["quadrant"] = pd.Categorical(np.where(known, quadrant, None), categories=list(QUADRANTS))
    frame["priority"] = frame["importance_customer"] / IMPORTANCE_MAX * (100 - frame["nps"]) / 2
    frame["rank"] = rank(frame)
    frame = frame.sort_values(["phase", "order"], kind="stable").reset_index(drop=True)
    return Journey(
        frame=frame,
        reference_nps=float(reference_nps),
        importance_threshold=float(importance_threshold),
        not_in_file=not_in_file,
        without_answers=without_answers,
    )


def rank(frame: pd.DataFrame) -> pd.Series:
    """Rank 1, 2, ... of the touchpoints by priority, ties to the one more important to the
    firm; missing where there is no priority (no importance or no NPS).

    Examples
    --------
    >>> frame = pd.DataFrame({"priority": [20.0, None, 45.0, 20.0],
    ...                       "importance_firm": [3.0, 5.0, 1.0, 4.0]})
    >>> rank(frame).tolist()
    [3, <NA>, 1, 2]
    """
    order = frame[frame["priority"].notna()].sort_values(
        ["priority", "importance_firm"], ascending=False, kind="stable"
    )
    ranks = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    ranks.loc[order.index] = np.arange(1, len(order) + 1)
    return ranks


def priorities(
    frame: pd.DataFrame, *, phases: Sequence[str] | None = None, min_answers: int = 0
) -> pd.DataFrame:
    """The touchpoints a consultant keeps, ranked again among them (:func:`rank`).

    Parameters
    ----------
    frame : pandas.DataFrame
        :attr:`Journey.frame`.
    phases : sequence of {"before", "during", "after"}, optional
        Keep only these phases; None or empty: all.
    min_answers : int, default 0
        Keep only touchpoints with at least this many answers.

    Returns
    -------
    pandas.DataFrame
        The kept rows with ``rank`` 1, 2, ... sorted by rank; touchpoints without a priority
        follow, lowest NPS first, with rank missing.
    """
    keep = frame["n"] >= min_answers
    if phases:
        keep &= frame["phase"].astype(str).isin(list(phases))
    chosen = frame[keep].copy()
    chosen["rank"] = rank(chosen)
    return chosen.sort_values(["rank", "nps"], na_position="last", kind="stable").reset_index(
        drop=True
    )


def touchpoints_from_answers(
    answers: pd.DataFrame, touchpoint_column: str, phase_column: str | None
) -> pd.DataFrame:
    """A touchpoint list read from the answers, for a client without a touchpoint file.

    Each touchpoint the answers name gets the phase its answers give most often; the list is
    in journey order (before, during, after) and by name within a phase. There is no
    importance, so :func:`journey` computes NPS and intervals but no priorities.

    Returns
    -------
    pandas.DataFrame
        ``name``, ``phase`` and ``order`` (1, 2, ...), as :func:`journey` takes them.

    Raises
    ------
    AnalysisError
        When the answers have no such touchpoint or phase column.

    Examples
    --------
    >>> answers = pd.DataFrame({"tp": ["Faktura", "Web", "Web"], "ph": ["Efter", "Før", "Før"]})
    >>> touchpoints_from_answers(answers, "tp", "ph")["name"].tolist()
    ['Web', 'Faktura']
    """
    for role, column in (("touchpoint", touchpoint_column), ("phase", phase_column)):
        require_columns(answers, [column], why=f"roles.{role} in client.yml")
    named = answers.dropna(subset=[touchpoint_column, phase_column])
    phases = named.groupby(touchpoint_column, observed=True)[phase_column].agg(
        lambda values: values.mode().iloc[0]
    )
    frame = pd.DataFrame(
        {
            "name": phases.index.astype(str),
            "phase": [canonical_phase(p, n) for n, p in phases.items()],
        }
    )
    frame["_lane"] = frame["phase"].map({p: i for i, p in enumerate(PHASES)})
    frame = frame.sort_values(["_lane", "name"], kind="stable").drop(columns="_lane")
    frame["order"] = np.arange(1, len(frame) + 1, dtype=float)
    return frame.reset_index(drop=True)
