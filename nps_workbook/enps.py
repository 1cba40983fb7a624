"""Employee NPS: the Net Promoter arithmetic on a workplace survey, with anonymity kept.

eNPS asks "How likely are you to recommend the company as a workplace?" (0-10) two to four
times a year. The score is the NPS of those answers (``score.nps_table``); what differs is
that a small group must never be shown, neither directly nor by subtraction:

1. Primary suppression: a group (department, per round) with fewer than ``min_group``
   answers is shown without its counts and score (``score.nps_table`` does this).
2. Complementary suppression: the groups of one round partition the round's total, and the
   round's eNPS is reported anyway. If a single group of a round is hidden, its counts are
   the total's minus the shown groups'; so the smallest shown group is hidden as well, and
   more are hidden until at least two groups are hidden and the hidden groups hold together
   at least ``min_group`` answers (so even their combined figure describes no small group).

The number of answers ``n`` stays visible for every group: it tells participation, not
opinion. The rule protects within one table; a second table cut another way from the same
answers (say by seniority) can be combined with this one, so show one cut per round or check
both. Nothing here reads files or prints.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .errors import AnalysisError, require_columns
from .score import FLAG_SUPPRESSED, MIN_GROUP, SMALL_N, nps_table

#: Label of the total row of each round in the group columns.
TOTAL_LABEL = "(total)"
#: Values of the ``suppression`` column.
PRIMARY, COMPLEMENTARY = "primary", "complementary"

# The columns score.nps_table blanks for a suppressed group.
_COUNTS = ("promoters", "passives", "detractors")
_STATS = ("n_effective", "nps", "se", "ci_low", "ci_high")


def enps_table(
    answers: pd.DataFrame,
    by: str | Sequence[str] = ("Afdeling",),
    *,
    round_column: str | None = "Runde",
    min_group: int = MIN_GROUP,
    small_n: int = SMALL_N,
    total: bool = True,
    total_label: str = TOTAL_LABEL,
) -> pd.DataFrame:
    """eNPS per group and round, with primary and complementary suppression.

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy employee answers (``score``/``category``) with the `by` and `round_column`
        columns (``config.employee_survey.department`` and ``.round``).
    by : str or sequence of str, default ("Afdeling",)
        Group column(s), e.g. department; several columns make cells that together
        partition the round.
    round_column : str or None, default "Runde"
        The survey round; None treats all answers as one round.
    min_group : int, default MIN_GROUP (5)
        Groups with fewer answers are hidden (``config.privacy.min_group``).
    small_n : int, default SMALL_N
        Groups with fewer answers are flagged "indicative".
    total : bool, default True
        Add a row per round with the round's eNPS, labelled `total_label` in the group
        columns. The suppression assumes the total is known either way.
    total_label : str
        Label of the total rows.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`score.nps_table` (round column first) plus ``suppression``:
        "" (shown), "primary" (too few answers) or "complementary" (hidden so the other
        hidden group cannot be derived). Hidden rows have missing counts and statistics and
        flag "suppressed". Rows per round: the groups, then the total.

    Raises
    ------
    AnalysisError
        For an unknown column or a bad `min_group`.

    Examples
    --------
    >>> answers = pd.DataFrame({
    ...     "score": [10] * 6 + [0] * 6 + [9, 9, 3],
    ...     "Afdeling": ["A"] * 6 + ["B"] * 6 + ["C"] * 3,
    ... })
    >>> table = enps_table(answers, round_column=None)
    >>> table[["Afdeling", "suppression", "n", "nps"]].round(1)
      Afdeling    suppression   n    nps
    0        A  complementary   6    NaN
    1        B                  6 -100.0
    2        C        primary   3    NaN
    3  (total)                 15    6.7
    """
    names = [by] if isinstance(by, str) else list(by)
    if not names:
        raise AnalysisError("by= names no group column; give e.g. by='Afdeling'")
    if isinstance(min_group, bool) or not isinstance(min_group, int) or min_group < 1:
        raise AnalysisError(f"min_group={min_group!r} is not a whole number of answers (1 or more)")
    rounds = [] if round_column is None else [round_column]
    require_columns(answers, [*rounds, *names], "employee answers")
    groups = nps_table(answers, by=[*rounds, *names], min_group=min_group, small_n=small_n)
    groups["suppression"] = np.where(groups["flag"] == FLAG_SUPPRESSED, PRIMARY, "")
    if rounds:
        keys = groups[round_column].astype(str).to_numpy()
    else:
        keys = np.zeros(len(groups), dtype=int)
    for key in pd.unique(keys):
        _complement(groups, np.flatnonzero(keys == key), min_group)
    hidden = groups["suppression"] != ""
    for column in _COUNTS:
        groups.loc[hidden, column] = pd.NA
    for column in _STATS:
        groups.loc[hidden, column] = np.nan
    groups.loc[hidden, "flag"] = FLAG_SUPPRESSED
    if not total:
        return groups.reset_index(drop=True)

    totals = (
        nps_table(answers, by=rounds, min_group=min_group, small_n=small_n)
        if rounds
        else nps_table(
            answers.assign(_all=total_label), by="_all", min_group=min_group, small_n=small_n
        ).drop(columns="_all")
    )
    for name in names:
        totals[name] = total_label
    totals["suppression"] = np.where(totals["flag"] == FLAG_SUPPRESSED, PRIMARY, "")
    totals = totals[groups.columns]
    groups["_order"], totals["_order"] = 0, 1
    table = pd.concat([groups, totals], ignore_index=True)
    sort = [*rounds, "_order"]
    table = table.sort_values(sort, kind="stable").drop(columns="_order")
    return table.reset_index(drop=True)


def _complement(groups: pd.DataFrame, rows: np.ndarray, min_group: int) -> None:
    """Hide more groups of one round until no hidden group can be derived by subtraction."""
    state = groups["suppression"].to_numpy(dtype=object)
    n = groups["n"].to_numpy(dtype=float, na_value=0)
    hidden = [i for i in rows if state[i]]
    if not hidden:
        return
    shown = sorted((i for i in rows if not state[i]), key=lambda i: (n[i], i))
    while shown and (len(hidden) < 2 or n[hidden].sum() < min_group):
        chosen = shown.pop(0)
        state[chosen] = COMPLEMENTARY
        hidden.append(chosen)
    groups["suppression"] = state
