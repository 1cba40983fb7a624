"""The closed loop: which answer raises which alarm, who follows up, by when, and how it went.

Every answer raises an alarm in one of three loops (DOMAIN.md, "The three loops"): loop 1 for
detractors (stop the accident), loop 2 for passives (delight them), loop 3 for promoters (activate
them). The thresholds come from client.yml (``loops.loop1_max``, ``loops.loop2_max``), so a firm
that runs loop 1 only can raise the alarm from 7. Each loop has a deadline in working days for
the first contact, with the public holidays of the client's country skipped (the ``holidays``
package) and weekends skipped by numpy's business-day functions.

A *case* is one customer in one window: a customer who answered twice gets one case, for the
latest answer, with the earlier answers counted beside it. The follow-up log, joined on the
response id, says whether the case is new, contacted or closed.

Nothing here reads files, prints or asks the clock: the caller passes ``today``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from .config import Loops, Roles
from .errors import AnalysisError, require_columns
from .score import CATEGORY_COLUMN, CONFIDENCE, SCORE_COLUMN, categorize, compare, nps

#: The three loops by name: detractors (stop the accident), passives, promoters.
DETRACTOR_LOOP, PASSIVE_LOOP, PROMOTER_LOOP = 1, 2, 3
#: The three loops, most urgent first.
LOOPS = (DETRACTOR_LOOP, PASSIVE_LOOP, PROMOTER_LOOP)
#: The key of each loop in client.yml's ``loops.deadlines``.
DEADLINE_KEYS = {1: "detractors", 2: "passives", 3: "promoters"}
#: Status of a case, from the follow-up log; labels in texts/loops.yml (``loop.status.*``).
STATUSES = ("new", "contacted", "closed")
#: Channels of the first contact; labels in texts/loops.yml (``loop.channel.*``).
CHANNELS = ("phone", "email")
#: Where a case's owner came from, in the order the rule tries them.
OWNER_SOURCES = ("owner", "customer_owner", "department", "ambassador", "unassigned")
#: Calendar days a follow-up queue looks back from ``today`` (a monthly huddle's horizon).
WINDOW_DAYS = 30
#: The loops of a client.yml that says nothing about them: 0-6, 7-8, 9-10; 2, 5 and 7 days.
DEFAULT_LOOPS = Loops()


# --- Loops and deadlines ----------------------------------------------------------------------


def assign_loops(answers: pd.DataFrame | pd.Series, loops: Loops = DEFAULT_LOOPS) -> pd.Series:
    """The loop of each answer: 1 for score ≤ loop1_max, 2 for score ≤ loop2_max, else 3.

    Parameters
    ----------
    answers : pandas.DataFrame or pandas.Series
        Tidy answers with a ``score`` column, or the scores themselves.
    loops : config.Loops
        The ``loops`` section of client.yml (default: 0-6, 7-8, 9-10).

    Returns
    -------
    pandas.Series
        ``int8`` named ``loop``, same index.

    Examples
    --------
    >>> assign_loops(pd.Series([0, 6, 7, 8, 9, 10])).tolist()
    [1, 1, 2, 2, 3, 3]
    >>> assign_loops(pd.Series([6, 7, 8]), Loops(loop1_max=7)).tolist()
    [1, 1, 2]
    """
    scores = answers[SCORE_COLUMN] if isinstance(answers, pd.DataFrame) else answers
    values = pd.to_numeric(scores, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    if np.isnan(values).any():
        position = int(np.flatnonzero(np.isnan(values))[0])
        raise AnalysisError(
            f"Score at row {scores.index[position]!r} is missing; every answer needs a score "
            "to be placed in a loop"
        )
    loop = 1 + (values > loops.loop1_max).astype(np.int8) + (values > loops.loop2_max)
    return pd.Series(loop.astype(np.int8), index=scores.index, name="loop")


@functools.cache
def holiday_dates(country: str | None, first_year: int, last_year: int) -> np.ndarray:
    """Public holidays of `country` from `first_year` to `last_year`, as datetime64[D].

    None gives no holidays (weekends only). Uses the ``holidays`` package's country calendars
    (for ``"DK"``: Skærtorsdag, Langfredag, 2. påskedag, Kristi himmelfart, 2. pinsedag, ...).
    A region's own holidays come with its ISO 3166-2 code: ``"GB"`` holds only the holidays
    all of the United Kingdom shares, ``"GB-ENG"`` adds England's Easter Monday and August
    bank holiday, ``"GB-SCT"`` Scotland's.
    """
    if country is None:
        return np.array([], dtype="datetime64[D]")
    import holidays  # imported here: a client without a country never pays for it

    code, _, region = country.partition("-")
    try:
        calendar = holidays.country_holidays(
            code, subdiv=region or None, years=range(first_year, last_year + 1)
        )
    except NotImplementedError:
        raise AnalysisError(
            f"loops.holidays: no holiday calendar for {country!r}; use an ISO 3166 code such "
            "as DK, SE, NO or DE, or a region's such as GB-ENG or GB-SCT"
        ) from None
    return np.array(sorted(calendar), dtype="datetime64[D]")


def _days(values) -> np.ndarray:
    """Dates of any common form as datetime64[D] (times of day dropped)."""
    if isinstance(values, date | pd.Timestamp | np.datetime64 | str):
        values = [values]
    return pd.to_datetime(pd.Series(list(values))).to_numpy().astype("datetime64[D]")


def _holidays_for(country: str | None, *dated: np.ndarray) -> np.ndarray:
    valid = np.concatenate([d[~np.isnat(d)] for d in dated])
    if country is None or len(valid) == 0:
        return np.array([], dtype="datetime64[D]")
    years = valid.astype("datetime64[Y]").astype(int) + 1970
    # One year on: a deadline late in December lands in January.
    return holiday_dates(country, int(years.min()), int(years.max()) + 1)


def deadline(dates, working_days, country: str | None = None) -> np.ndarray:
    """The date by which the first contact is due: `working_days` working days after `dates`.

    Weekends and the public holidays of `country` are skipped; an answer on a day off counts
    from the next working day (numpy ``busday_offset`` with ``roll="forward"``). Vectorised.

    Parameters
    ----------
    dates : array-like of dates
        Answer dates.
    working_days : int or array-like of int
        Working days allowed, one number or one per date.
    country : str, optional
        ISO country code whose holidays are skipped (client.yml ``loops.holidays``).

    Returns
    -------
    numpy.ndarray
        datetime64[D]; NaT where a date is missing.

    Examples
    --------
    >>> deadline(["2024-03-27"], 2, "DK")  # Easter: 28/3, 29/3, weekend and 1/4 are days off
    array(['2024-04-03'], dtype='datetime64[D]')
    """
    days = _days(dates)
    offsets = np.broadcast_to(np.asarray(working_days, dtype=np.int64), days.shape)
    result = np.full(days.shape, np.datetime64("NaT"), dtype="datetime64[D]")
    known = ~np.isnat(days)
    result[known] = np.busday_offset(
        days[known], offsets[known], roll="forward", holidays=_holidays_for(country, days)
    )
    return result


def working_days_between(start, end, country: str | None = None) -> np.ndarray:
    """Working days from `start` up to (not including) `end`; negative when end is earlier.

    Examples
    --------
    >>> working_days_between(["2024-03-27"], ["2024-04-03"], "DK")
    array([2.])
    """
    first, last = _days(start), _days(end)
    first, last = np.broadcast_arrays(first, last)
    result = np.full(first.shape, np.nan)
    known = ~np.isnat(first) & ~np.isnat(last)
    result[known] = np.busday_count(
        first[known], last[known], holidays=_holidays_for(country, first, last)
    )
    return result


def _deadlines(loop: pd.Series, dates: pd.Series, loops: Loops) -> np.ndarray:
    days = loop.map({n: getattr(loops.deadlines, key) for n, key in DEADLINE_KEYS.items()})
    return deadline(dates, days.to_numpy(dtype=np.int64), loops.holidays)


# --- Cases and the follow-up queue ------------------------------------------------------------


def _followup_status(followups: pd.DataFrame | None) -> pd.DataFrame:
    """The log reduced to one row per response id: first contact, last closure, channel, note."""
    columns = ["contacted", "closed", "followup_channel", "followup_owner", "note"]
    if followups is None or len(followups) == 0:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="response_id", dtype=str))
    log = pd.DataFrame({"response_id": followups["response_id"].astype("string")})
    for column in ("contacted", "closed"):
        log[column] = (
            pd.to_datetime(followups[column]).dt.normalize() if column in followups else pd.NaT
        )
    log["followup_channel"] = followups.get("channel", pd.NA)
    log["followup_owner"] = followups.get("owner", pd.NA)
    log["note"] = followups.get("note", pd.NA)
    # A case logged twice (a call, then a meeting) counts from its first contact to its last
    # closure.
    return log.groupby("response_id").agg(
        contacted=("contacted", "min"),
        closed=("closed", "max"),
        followup_channel=("followup_channel", "first"),
        followup_owner=("followup_owner", "first"),
        note=("note", "last"),
    )


def _customer_columns(customers: pd.DataFrame | None) -> pd.DataFrame:
    wanted = {
        "name": "customer_name",
        "contact": "contact",
        "email": "email",
        "phone": "phone",
        "revenue": "revenue",
        "owner": "customer_owner",
    }
    if customers is None or "id" not in customers.columns:
        return pd.DataFrame(columns=list(wanted.values()), index=pd.Index([], dtype=str))
    frame = customers.drop_duplicates("id").set_index(customers["id"].drop_duplicates().astype(str))
    out = pd.DataFrame(index=frame.index)
    for source, target in wanted.items():
        out[target] = frame[source] if source in frame.columns else pd.NA
    return out


#: Optional answer columns every case has (empty when the export has none).
_CASE_TEXTS = ("respondent_id", "comment")


def dated_answers(answers: pd.DataFrame) -> pd.DataFrame:
    """The answers the loops can use: all of them, or none when the export has no dates.

    The date is optional in an export, but a window, a deadline and a queue need it; an
    undated export gives an empty frame with an empty ``date`` column, so the loop functions
    return empty tables instead of failing, and the page says why (``notebook.loops.no_dates``).
    """
    if "date" in answers.columns and answers["date"].notna().any():
        return answers
    return answers.iloc[:0].assign(date=pd.Series(dtype="datetime64[ns]"))


def with_answer_ids(answers: pd.DataFrame) -> pd.DataFrame:
    """The answers with a ``response_id``: an export without one keys each answer by its row.

    An anonymous survey has no response id; its answer in source row 12 becomes ``"row 12"``
    (the row as the loader numbers it, header = row 1; the frame's index without a ``row``
    column), so every answer is a case of its own and no follow-up log can match it.

    Examples
    --------
    >>> answers = pd.DataFrame({"row": [2, 3], "score": [3, 10]})
    >>> with_answer_ids(answers)["response_id"].tolist()
    ['row 2', 'row 3']
    """
    if "response_id" in answers.columns:
        return answers
    rows = answers["row"] if "row" in answers.columns else answers.index.to_series()
    return answers.assign(response_id=("row " + rows.astype(str)).astype("string").to_numpy())


def _customer_key(answers: pd.DataFrame) -> pd.Series:
    """The customer behind each answer: the respondent id, else the answer itself."""
    response = with_answer_ids(answers)["response_id"].astype("string")
    if "respondent_id" not in answers.columns:
        return response
    return answers["respondent_id"].astype("string").fillna("answer:" + response)


def cases(
    answers: pd.DataFrame,
    loops: Loops,
    roles: Roles,
    *,
    today: date | pd.Timestamp,
    followups: pd.DataFrame | None = None,
    customers: pd.DataFrame | None = None,
    window_days: int = WINDOW_DAYS,
) -> pd.DataFrame:
    """One follow-up case per customer in the window, most urgent first.

    The window holds the answers dated after ``today - window_days`` up to ``today``. A customer
    (``respondent_id``; an answer without one is its own customer) with several answers in it
    gets one case, for the latest answer; ``answers_in_window`` counts them and
    ``earlier_response_ids`` names the others ("100017, 100032"; empty when none). An export
    without ``response_id`` keys each answer by its row (:func:`with_answer_ids`); without
    ``respondent_id`` nothing is merged: each answer in the window is a case.

    Owner rule: the answer's owner column (``roles.owner``), else the account owner in the
    customers file, else the answer's department (``roles.department``), else the customer
    ambassador (``loops.customer_ambassador``), else none (``owner_source == "unassigned"``).
    Channel: ``loops.channel`` when set; with ``"auto"``, ``"phone"`` for a case whose owner is
    an account owner (B2B accounts with a person responsible), ``"email"`` otherwise.
    Status from the follow-up log joined on ``response_id``: ``"closed"`` with a closing date,
    ``"contacted"`` with a contact date, else ``"new"``. ``days_overdue`` counts working days
    past the deadline as of `today` for new cases (0 when not overdue).

    Order: loop 1 first, then most days overdue, then customer value (``revenue`` from the
    customers file), then the oldest answer.

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers (``date``, ``score``; ideally ``response_id``, ``respondent_id``,
        segments).
    loops, roles : config.Loops, config.Roles
        The ``loops`` and ``roles`` sections of client.yml.
    today : date
        The day the queue is made for; the caller decides it (the CLI: the current date).
    followups : pandas.DataFrame, optional
        The follow-up log (``response_id``, ``contacted``, ``closed``, ``channel``, ``owner``,
        ``note``), as `load_client_data` gives it.
    customers : pandas.DataFrame, optional
        The customers file (``id``, ``name``, ``contact``, ``email``, ``phone``, ``revenue``,
        ``owner``).
    window_days : int, default 30
        Calendar days the window reaches back from `today`.

    Returns
    -------
    pandas.DataFrame
        The answer's columns plus ``loop``, ``customer_key``, ``answers_in_window``,
        ``earlier_response_ids``, ``owner``, ``owner_source``, ``channel``, ``deadline``,
        ``contacted``, ``closed``, ``status``, ``days_overdue``, ``overdue``,
        ``followup_channel``, ``followup_owner``, ``note``, ``customer_name``, ``contact``,
        ``email``, ``phone``, ``revenue``.
    """
    require_columns(answers, ("date", SCORE_COLUMN), why="needed by the follow-up loop")
    answers = with_answer_ids(answers)
    if window_days < 1:
        raise AnalysisError(f"window_days={window_days!r} must be at least 1 day")
    # A case always names its customer and comment, empty when the export has neither column.
    for column in _CASE_TEXTS:
        if column not in answers.columns:
            answers = answers.assign(**{column: pd.Series(pd.NA, answers.index, dtype="string")})
    today = pd.Timestamp(today).normalize()
    dates = pd.to_datetime(answers["date"]).dt.normalize()
    inside = answers[(dates > today - pd.Timedelta(days=window_days)) & (dates <= today)].copy()
    inside["date"] = dates[inside.index]
    inside["customer_key"] = _customer_key(inside)
    # Latest answer wins; the row number breaks a tie between two answers on the same day.
    order = ["date", "row"] if "row" in inside.columns else ["date"]
    inside = inside.sort_values(order, kind="stable")
    grouped = inside.groupby("customer_key", sort=False)
    counts = grouped["response_id"].agg(list)
    latest = inside.drop_duplicates("customer_key", keep="last").set_index("customer_key")
    latest["answers_in_window"] = counts.map(len).reindex(latest.index).astype(int)
    # A plain "id, id" text, so the column reads the same in a notebook, a CSV and Excel.
    latest["earlier_response_ids"] = counts.map(lambda ids: ", ".join(map(str, ids[:-1])))
    frame = latest.reset_index()

    frame["loop"] = assign_loops(frame, loops)
    if CATEGORY_COLUMN not in frame.columns:
        frame[CATEGORY_COLUMN] = categorize(frame[SCORE_COLUMN])

    customer = _customer_columns(customers)
    ids = frame["respondent_id"].astype("string") if "respondent_id" in frame else None
    for column in customer.columns:
        frame[column] = ids.map(customer[column]).to_numpy() if ids is not None else pd.NA
    frame["revenue"] = pd.to_numeric(frame["revenue"], errors="coerce")

    _owner(frame, loops, roles)
    log = _followup_status(followups)
    joined = log.reindex(frame["response_id"].astype("string"))
    for column in log.columns:
        frame[column] = joined[column].to_numpy()
    frame["contacted"] = pd.to_datetime(frame["contacted"])
    frame["closed"] = pd.to_datetime(frame["closed"])
    frame["status"] = np.select(
        [frame["closed"].notna(), frame["contacted"].notna()], ["closed", "contacted"], "new"
    )
    frame["deadline"] = pd.to_datetime(_deadlines(frame["loop"], frame["date"], loops))
    late = working_days_between(frame["deadline"], [today] * len(frame), loops.holidays)
    frame["days_overdue"] = np.where(frame["status"].eq("new"), np.maximum(late, 0), 0).astype(int)
    frame["overdue"] = frame["days_overdue"] > 0
    frame = frame.drop(columns=["customer_owner"])
    return _by_urgency(frame)


def _owner(frame: pd.DataFrame, loops: Loops, roles: Roles) -> None:
    """Fill ``owner``, ``owner_source`` and ``channel`` in place, by the owner rule."""
    owner = pd.Series(pd.NA, index=frame.index, dtype="string")
    source = pd.Series("unassigned", index=frame.index, dtype="string")
    candidates = [
        ("owner", frame[roles.owner] if roles.owner in frame.columns else None),
        ("customer_owner", frame["customer_owner"]),
        ("department", frame[roles.department] if roles.department in frame.columns else None),
        ("ambassador", pd.Series(loops.customer_ambassador, index=frame.index)),
    ]
    for name, values in reversed(candidates):  # the first rule that gives a name wins
        if values is None:
            continue
        values = values.astype("string").str.strip()
        given = values.notna() & values.ne("")
        owner = owner.mask(given, values)
        source = source.mask(given, name)
    frame["owner"] = owner
    frame["owner_source"] = source
    if loops.channel != "auto":
        frame["channel"] = loops.channel
    else:
        frame["channel"] = np.where(source.isin(["owner", "customer_owner"]), "phone", "email")


def _by_urgency(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(
        ["loop", "days_overdue", "revenue", "date"],
        ascending=[True, False, False, True],
        na_position="last",
        kind="stable",
    ).reset_index(drop=True)


def followup_queue(
    answers: pd.DataFrame,
    loops: Loops,
    roles: Roles,
    *,
    today: date | pd.Timestamp,
    followups: pd.DataFrame | None = None,
    customers: pd.DataFrame | None = None,
    window_days: int = WINDOW_DAYS,
) -> pd.DataFrame:
    """The open cases (new or contacted, not closed), most urgent first; see :func:`cases`."""
    all_cases = cases(
        answers,
        loops,
        roles,
        today=today,
        followups=followups,
        customers=customers,
        window_days=window_days,
    )
    return all_cases[all_cases["status"].ne("closed")].reset_index(drop=True)


def loop_counts(
    answers: pd.DataFrame,
    loops: Loops,
    *,
    today: date | pd.Timestamp,
    window_days: int = WINDOW_DAYS,
) -> pd.DataFrame:
    """Cases per loop in this window and the one before: the huddle's first table.

    Each customer counts once per window, in the loop of their latest answer (as in
    :func:`cases`).

    Returns
    -------
    pandas.DataFrame
        One row per loop: ``loop``, ``this_period``, ``last_period``, ``change``.
    """
    require_columns(answers, ("date", SCORE_COLUMN), why="needed by the follow-up loop")
    today = pd.Timestamp(today).normalize()
    dates = pd.to_datetime(answers["date"]).dt.normalize()
    frame = answers.assign(date=dates, customer_key=_customer_key(answers))
    frame = frame.sort_values(["date", "row"] if "row" in frame else ["date"], kind="stable")
    span = pd.Timedelta(days=window_days)
    counts = {}
    for name, end in (("this_period", today), ("last_period", today - span)):
        inside = frame[(frame["date"] > end - span) & (frame["date"] <= end)]
        latest = inside.drop_duplicates("customer_key", keep="last")
        counts[name] = assign_loops(latest, loops).value_counts().reindex(LOOPS, fill_value=0)
    table = pd.DataFrame(counts).rename_axis("loop").reset_index()
    table["change"] = table["this_period"] - table["last_period"]
    return table


# --- Follow-up performance --------------------------------------------------------------------


@dataclass(frozen=True)
class FollowupPerformance:
    """How the follow-up went, per loop, and what the customers said next.

    Attributes
    ----------
    by_loop : pandas.DataFrame
        Per loop: ``cases`` (answers), ``judged`` (cases whose deadline has passed, or that were
        contacted), ``contacted``, ``share_contacted``, ``within_deadline``,
        ``share_within_deadline``, ``median_days_to_contact`` (working days), ``closed``,
        ``closure_rate``; shares are of ``judged``.
    after_followup : pandas.DataFrame
        Per loop, the next answer of customers who were followed up against those who were not:
        ``n_followed``, ``mean_followed``, ``nps_followed``, ``n_not_followed``,
        ``mean_not_followed``, ``nps_not_followed``, ``nps_difference``, ``ci_low``,
        ``ci_high``, ``p_value`` (from `score.compare`).
    """

    by_loop: pd.DataFrame
    after_followup: pd.DataFrame


def followup_performance(
    answers: pd.DataFrame,
    followups: pd.DataFrame | None,
    loops: Loops,
    *,
    today: date | pd.Timestamp,
    confidence: float = CONFIDENCE,
) -> FollowupPerformance:
    """Share contacted, share within the deadline, time to contact, closure and the effect.

    Every answer up to `today` is one case in its loop. A case is *judged* once its deadline has
    passed or it has been contacted (a case still inside its deadline has not failed yet):
    share_contacted = contacted / judged, share_within_deadline = contacted on or before the
    deadline / judged, closure_rate = closed / judged. median_days_to_contact is the median of
    the working days from the answer to the first contact, over contacted cases.

    The effect: for each case of a customer (``respondent_id``) that was contacted, the
    customer's next answer after the contact date; for each case never contacted, the next
    answer after the case's own answer. The two groups of next answers are compared by mean
    score and by NPS with `score.compare` (a next answer counts once per group).

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers with ``date``, ``score`` and ideally ``response_id``, ``respondent_id``.
    followups : pandas.DataFrame or None
        The follow-up log (None: nobody has been contacted).
    loops : config.Loops
        Thresholds, deadlines and holidays.
    today : date
        Cases after it are left out; deadlines are judged against it.
    confidence : float, default 0.95
        For the interval of the NPS difference.

    Returns
    -------
    FollowupPerformance
    """
    require_columns(answers, ("date", SCORE_COLUMN), why="needed by the follow-up loop")
    answers = with_answer_ids(answers)
    today = pd.Timestamp(today).normalize()
    frame = answers.assign(date=pd.to_datetime(answers["date"]).dt.normalize())
    frame = frame[frame["date"].notna() & (frame["date"] <= today)].copy()
    frame["loop"] = assign_loops(frame, loops)
    log = _followup_status(followups).reindex(frame["response_id"].astype("string"))
    frame["contacted"] = pd.to_datetime(log["contacted"]).to_numpy()
    frame["closed"] = pd.to_datetime(log["closed"]).to_numpy()
    frame["deadline"] = pd.to_datetime(_deadlines(frame["loop"], frame["date"], loops))
    contacted = frame["contacted"].notna()
    frame["judged"] = contacted | (frame["deadline"] < today)
    frame["within"] = contacted & (frame["contacted"] <= frame["deadline"])
    frame["days_to_contact"] = working_days_between(
        frame["date"], frame["contacted"], loops.holidays
    )
    grouped = frame.groupby("loop")
    by_loop = pd.DataFrame(
        {
            "cases": grouped.size(),
            "judged": grouped["judged"].sum(),
            "contacted": grouped["contacted"].count(),
            "within_deadline": grouped["within"].sum(),
            "median_days_to_contact": grouped["days_to_contact"].median(),
            "closed": grouped["closed"].count(),
        }
    ).reindex(LOOPS)
    by_loop[["cases", "judged", "contacted", "within_deadline", "closed"]] = (
        by_loop[["cases", "judged", "contacted", "within_deadline", "closed"]].fillna(0).astype(int)
    )
    judged = by_loop["judged"].where(by_loop["judged"] > 0)
    by_loop["share_contacted"] = by_loop["contacted"] / judged
    by_loop["share_within_deadline"] = by_loop["within_deadline"] / judged
    by_loop["closure_rate"] = by_loop["closed"] / judged
    by_loop = (
        by_loop[
            [
                "cases",
                "judged",
                "contacted",
                "share_contacted",
                "within_deadline",
                "share_within_deadline",
                "median_days_to_contact",
                "closed",
                "closure_rate",
            ]
        ]
        .rename_axis("loop")
        .reset_index()
    )
    return FollowupPerformance(by_loop, _after_followup(frame, confidence))


def _after_followup(frame: pd.DataFrame, confidence: float) -> pd.DataFrame:
    """The next answer after each case, for followed-up against not followed-up cases."""
    columns = [
        "loop",
        "n_followed",
        "mean_followed",
        "nps_followed",
        "n_not_followed",
        "mean_not_followed",
        "nps_not_followed",
        "nps_difference",
        "ci_low",
        "ci_high",
        "p_value",
    ]
    if "respondent_id" not in frame.columns:
        return pd.DataFrame(columns=columns)
    known = frame[frame["respondent_id"].notna()]
    later = known[["respondent_id", "response_id", "date", SCORE_COLUMN]].rename(
        columns={"response_id": "next_id", "date": "next_date", SCORE_COLUMN: "next_score"}
    )
    base = known[["respondent_id", "response_id", "loop", "date", "contacted"]].copy()
    base["followed"] = base["contacted"].notna()
    # From the contact for a followed-up case, from the answer for one that never was.
    base["since"] = base["contacted"].where(base["followed"], base["date"])
    pairs = base.merge(later, on="respondent_id")
    pairs = pairs[pairs["next_date"] > pairs["since"]]
    pairs = pairs.sort_values("next_date", kind="stable").drop_duplicates("response_id")
    pairs = pairs.drop_duplicates(["loop", "followed", "next_id"])
    rows = []
    for loop in LOOPS:
        followed = pairs.loc[(pairs["loop"] == loop) & pairs["followed"], "next_score"]
        others = pairs.loc[(pairs["loop"] == loop) & ~pairs["followed"], "next_score"]
        row = {
            "loop": loop,
            "n_followed": len(followed),
            "mean_followed": followed.mean() if len(followed) else np.nan,
            "n_not_followed": len(others),
            "mean_not_followed": others.mean() if len(others) else np.nan,
            "nps_followed": nps(followed.to_numpy()),
            "nps_not_followed": nps(others.to_numpy()),
        }
        if len(followed) and len(others):
            result = compare(followed.to_numpy(), others.to_numpy(), confidence=confidence)
            row |= {
                "nps_difference": result.difference,
                "ci_low": result.ci_low,
                "ci_high": result.ci_high,
                "p_value": result.p_value,
            }
        rows.append(row)
    return pd.DataFrame(rows).reindex(columns=columns)
