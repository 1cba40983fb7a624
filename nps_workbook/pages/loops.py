"""The three loops' page (notebook 03): cases per loop, who needs follow-up now, how the
follow-up goes, what customers write about, the inner loop's root causes; and the callback of
the queue explorer (:func:`queue_view`).

Everything the page shows is computed once in :func:`build` from the client's data
(:mod:`nps_workbook.loops` and :mod:`nps_workbook.comments`); comments are anonymised as
client.yml's privacy asks. Texts in ``texts/pages/loops.yml`` (loop names, channels
and statuses in ``texts/loops.yml``); the figures are in :mod:`nps_workbook.charts.figures`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import comments, measurement
from .. import loops as loop_engine
from ..client_data import ClientData
from ..comments import Anonymiser
from ..loops import DETRACTOR_LOOP, FollowupPerformance
from ..measurement import MeasurementSplit, split_measurement
from ..texts import (
    category_label,
    format_date,
    format_number,
    format_p_value,
    format_percent,
    label,
)
from .note import Note, note
from .nps import group_table
from .table import Table

#: Open cases per loop the queue table shows in the report.
QUEUE_TOP = 5
_QUEUE_HEADERS = {
    "loop": "loop.column.loop",
    "customer": "loop.column.customer",
    "score": "loop.column.score",
    "owner": "loop.column.owner",
    "channel": "loop.column.channel",
    "deadline": "loop.column.deadline",
    "days_overdue": "loop.column.days_overdue",
    "status": "loop.column.status",
    "comment": "loop.column.comment",
}


@dataclass(frozen=True)
class LoopsPage:
    """What the loops page shows, computed once.

    ``counts`` is :func:`loops.loop_counts`; ``queue`` :func:`loops.followup_queue` (most urgent
    first); ``performance`` :func:`loops.followup_performance`; ``recent`` the answers of the
    comment window (:func:`comments.comment_window`) that ``themes``
    (:func:`comments.theme_table`), ``tone`` (:func:`comments.sentiment_by_category`) and
    ``causes`` (:func:`comments.client_root_causes`) are read from. ``anonymise`` is what the
    report does to a comment (:func:`comments.report_anonymiser`; None: shown as written).
    ``split`` is the dated answers up to ``today`` split by measurement: the cases come from all
    of them (a detractor at a touchpoint is followed up too), and ``touchpoints`` is the
    touchpoint answers' NPS per ``touchpoint_column`` (:func:`measurement.touchpoint_nps`;
    None when pooled or without a touchpoint column).
    """

    client: str
    today: pd.Timestamp
    window_days: int
    queue_top: int
    detractor_deadline: int
    has_customers: bool
    has_followups: bool
    has_dates: bool
    has_response_ids: bool
    has_respondent_ids: bool
    counts: pd.DataFrame
    queue: pd.DataFrame
    performance: FollowupPerformance
    recent: pd.DataFrame
    themes: pd.DataFrame
    tone: pd.DataFrame
    causes: pd.DataFrame
    anonymise: Anonymiser | None
    split: MeasurementSplit | None = None
    touchpoints: pd.DataFrame | None = None
    touchpoint_column: str | None = None

    @property
    def over(self) -> pd.DataFrame:
        """The root causes: themes detractors mention more often than promoters."""
        return self.causes[self.causes["difference"] > 0]


def build(
    data: ClientData,
    *,
    today: pd.Timestamp,
    language: str,
    window_days: int = loop_engine.WINDOW_DAYS,
    queue_top: int = QUEUE_TOP,
) -> LoopsPage:
    """The loops page of a client's data as of `today`, for a report in `language`.

    Parameters
    ----------
    data : ClientData
        Answers, and the customer file and follow-up log when the client has them.
    today : pandas.Timestamp
        The queue's day (``Workbook.as_of``).
    language : {"da", "en"}
        The report's language (the anonymiser's placeholders are in it).
    window_days : int, default 30
        Calendar days of a follow-up window, compared with the window before.
    queue_top : int, default 5
        Open cases per loop in the report's queue table.
    """
    config = data.client.config
    followups = data.followups.frame if data.followups is not None else None
    customers = data.customers.frame if data.customers is not None else None
    answers = data.answers
    # Without a dated answer there is no window: the page says so, its tables are empty.
    answers = loop_engine.dated_answers(answers)
    has_dates = not answers.empty or data.answers.empty
    counts = loop_engine.loop_counts(answers, config.loops, today=today, window_days=window_days)
    queue = loop_engine.followup_queue(
        answers,
        config.loops,
        config.roles,
        today=today,
        followups=followups,
        customers=customers,
        window_days=window_days,
    )
    performance = loop_engine.followup_performance(answers, followups, config.loops, today=today)
    recent = comments.comment_window(answers, today)
    split = split_measurement(answers, config).until(today)
    privacy = config.privacy
    touchpoint = config.roles.touchpoint
    touchpoints = measurement.touchpoint_nps(
        split, touchpoint, min_group=privacy.min_group, small_n=privacy.small_n
    )
    return LoopsPage(
        client=config.client,
        today=pd.Timestamp(today),
        window_days=window_days,
        queue_top=queue_top,
        detractor_deadline=config.loops.deadlines.detractors,
        has_customers=customers is not None,
        has_followups=followups is not None,
        has_dates=has_dates,
        has_response_ids="response_id" in answers.columns,
        has_respondent_ids="respondent_id" in answers.columns,
        counts=counts,
        queue=queue,
        performance=performance,
        recent=recent,
        themes=comments.theme_table(recent, comments.taxonomy(config.language)),
        tone=comments.sentiment_by_category(recent, config.language),
        causes=comments.client_root_causes(data, today, language),
        anonymise=comments.report_anonymiser(data, language),
        split=split,
        touchpoints=touchpoints,
        touchpoint_column=touchpoint if touchpoints is not None else None,
    )


def _loop_names(loops: pd.Series, language: str) -> list[str]:
    return [label(f"loop.{int(n)}.name", language) for n in loops]


# --- Texts ------------------------------------------------------------------------------------


def _dated_only(empty: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A section of the page that needs dated answers (the window, the cases, the follow-up,
    the comments of the period): without dates it shows nothing (`empty`), and the page says
    once, in :func:`missing_texts`, what is not measured and why."""

    def wrap(section: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(section)
        def shown(page: LoopsPage, *args: Any, **kwargs: Any) -> Any:
            return section(page, *args, **kwargs) if page.has_dates else empty

        return shown

    return wrap


def title_text(page: LoopsPage, language: str) -> str:
    """The page's title with the client and the queue's day."""
    date = format_date(page.today, language)
    return label("notebook.loops.title", language, client=page.client, date=date)


def missing_texts(page: LoopsPage, language: str) -> tuple[str, ...]:
    """Markdown on what is missing: the dates, the answers' ids, the customer file, the log.

    Without a respondent id each answer is its own case (a customer's answers are not merged);
    without a response id a case is keyed by its row in the file.
    """
    return tuple(label(f"notebook.loops.{name}", language) for name in _missing(page))


def _missing(page: LoopsPage) -> list[str]:
    """What the page lacks, in the order the texts name it."""
    has = {
        "no_dates": page.has_dates,
        "no_respondent_ids": page.has_respondent_ids,
        "no_response_ids": page.has_response_ids,
        "no_customers": page.has_customers,
        "no_followups": page.has_followups,
    }
    return [name for name, present in has.items() if not present]


def notes(page: LoopsPage, language: str) -> tuple[Note, ...]:
    """The consultant's notes: the column or file that brings in what `missing_texts` names."""
    return tuple(note(f"notebook.loops.note.{name}", language) for name in _missing(page))


@_dated_only(())
def counts_texts(page: LoopsPage, language: str) -> tuple[str, ...]:
    """The heading and sentence of the cases per loop: this window's dates and totals, one case
    per customer (or per answer, without respondent ids); and which answers raise the cases
    (:func:`population_text`)."""
    start = page.today - pd.Timedelta(days=page.window_days - 1)
    # Without a respondent id nothing is merged: a case is an answer, not a customer.
    key = "counts_text" if page.has_respondent_ids else "counts_text_answers"
    return (
        label("notebook.loops.counts_heading", language),
        label(
            f"notebook.loops.{key}",
            language,
            days=page.window_days,
            start=format_date(start, language),
            end=format_date(page.today, language),
            total=format_number(page.counts["this_period"].sum(), language),
            last_total=format_number(page.counts["last_period"].sum(), language),
        ),
        *((population_text(page, language),) if page.split is not None else ()),
    )


def population_text(page: LoopsPage, language: str) -> str:
    """Which answers the cases come from, with n, in one sentence: all answers, relationship
    and touchpoint, or all answers pooled (:func:`measurement.population_text`)."""
    return measurement.population_text(page.split, language, key="notebook.loops.population")


def figure_caption(page: LoopsPage, language: str) -> str:
    """The population of the cases chart, for its title: all answers up to the queue's day."""
    return measurement.population_caption(page.split, language, answers="all")


def touchpoint_texts(page: LoopsPage, language: str) -> tuple[str, ...]:
    """The heading and sentence of the touchpoint (transactional) NPS, the NPS page's sentence;
    none when the answers are pooled or name no touchpoint."""
    if page.touchpoints is None:
        return ()
    return (
        label("notebook.loops.touchpoints_heading", language),
        label(
            "nps_report.touchpoints.sentence",
            language,
            n=format_number(len(page.split.touchpoint), language),
            column=page.touchpoint_column,
        ),
    )


def touchpoint_table(page: LoopsPage, language: str) -> Table | None:
    """The touchpoint answers' NPS per touchpoint (the NPS page's table); None without."""
    if page.touchpoints is None:
        return None
    return group_table(page.touchpoints, page.touchpoint_column, language)


@_dated_only(())
def queue_texts(page: LoopsPage, language: str) -> tuple[str, ...]:
    """The heading and sentence of the open cases: how many, how many overdue."""
    return (
        label("notebook.loops.queue_heading", language),
        label(
            "notebook.loops.queue_text",
            language,
            open=format_number(len(page.queue), language),
            overdue=format_number(page.queue["overdue"].sum(), language),
            top=page.queue_top,
        ),
    )


@_dated_only(())
def performance_texts(page: LoopsPage, language: str) -> tuple[str, ...]:
    """The heading and sentence of how the detractors' follow-up goes."""
    shares = page.performance.by_loop.set_index("loop")
    return (
        label("notebook.loops.performance_heading", language),
        label(
            "notebook.loops.performance_text",
            language,
            contacted=format_percent(shares.loc[DETRACTOR_LOOP, "share_contacted"], language),
            within=format_percent(shares.loc[DETRACTOR_LOOP, "share_within_deadline"], language),
            deadline=page.detractor_deadline,
        ),
    )


@_dated_only("")
def effect_heading(page: LoopsPage, language: str) -> str:
    return label("notebook.loops.effect_heading", language)


@_dated_only(())
def themes_texts(page: LoopsPage, language: str) -> tuple[str, ...]:
    """The heading and sentence of the themes: the comment window and its comments."""
    commented = page.themes.drop_duplicates("category")["comments"].sum()
    return (
        label("notebook.loops.themes_heading", language),
        label(
            "notebook.loops.themes_text",
            language,
            days=comments.COMMENT_DAYS,
            comments=format_number(commented, language),
        ),
    )


@_dated_only("")
def sentiment_heading(page: LoopsPage, language: str) -> str:
    return label("notebook.loops.sentiment_heading", language)


@_dated_only(())
def root_cause_texts(page: LoopsPage, language: str) -> tuple[str, ...]:
    """The heading of the root causes and what the table shows (or that there are none)."""
    found = (
        "notebook.loops.root_causes_text" if len(page.over) else "notebook.loops.root_causes_none"
    )
    return (label("notebook.loops.root_causes_heading", language), label(found, language))


# --- Tables -----------------------------------------------------------------------------------


@_dated_only(None)
def counts_table(page: LoopsPage, language: str) -> Table | None:
    """:func:`loops.loop_counts` as the client reads it: loop names, both windows, the change."""
    counts = page.counts
    view = pd.DataFrame(
        {
            "loop": _loop_names(counts["loop"], language),
            "this_period": counts["this_period"].astype(int),
            "last_period": counts["last_period"].astype(int),
            "change": counts["change"].astype(int),
        }
    )
    days = page.window_days
    headers = {
        "loop": label("loop.column.loop", language),
        "this_period": label("notebook.loops.column.this_period", language, days=days),
        "last_period": label("notebook.loops.column.last_period", language, days=days),
        "change": label("notebook.loops.column.change", language),
    }
    return Table(view, {"number": ("this_period", "last_period"), "nps": ("change",)}, headers)


def queue_view(
    queue: pd.DataFrame,
    *,
    loop: int | None = None,
    owner: str | None = None,
    top: int | None = None,
) -> pd.DataFrame:
    """The open cases of one loop and/or one owner, most urgent first, at most `top` per loop:
    the report's queue table and the queue explorer's callback.

    Parameters
    ----------
    queue : pandas.DataFrame
        :func:`loops.followup_queue` (already most urgent first).
    loop : {1, 2, 3} or None
        None: every loop.
    owner : str or None
        The case owner (``owner`` column); None: everybody.
    top : int or None
        Cases per loop; None: all.

    Returns
    -------
    pandas.DataFrame
        Rows of `queue`, in its order.

    Examples
    --------
    >>> queue = pd.DataFrame({"loop": [1, 1, 2, 1], "owner": ["Ann", "Bo", "Ann", "Ann"]})
    >>> queue_view(queue, owner="Ann", top=1)["loop"].tolist()
    [1, 2]
    """
    chosen = queue
    if loop is not None:
        chosen = chosen[chosen["loop"] == loop]
    if owner is not None:
        chosen = chosen[chosen["owner"].astype("string") == owner]
    if top is not None:
        chosen = chosen.groupby("loop", sort=False).head(top)
    return chosen.reset_index(drop=True)


def queue_table(queue: pd.DataFrame, language: str, anonymise: Anonymiser | None) -> Table:
    """Open cases as a report shows them: loop, customer, score, owner, channel, deadline,
    working days overdue, status and the comment, anonymised with `anonymise` (None: as
    written; :func:`comments.report_anonymiser`). The customer is
    the customer file's name (a B2B account the owner acts on), else the customer id, as in the
    huddle summary; contact details stay in the Excel hand-over."""
    names = queue["customer_name"] if "customer_name" in queue else pd.Series(pd.NA, queue.index)
    unassigned = label("loop.owner.unassigned", language)
    comment = queue["comment"].astype("string")
    if anonymise is not None:
        comment = anonymise(comment)
    view = pd.DataFrame(
        {
            "loop": _loop_names(queue["loop"], language),
            "customer": names.astype("string").fillna(queue["respondent_id"].astype("string")),
            "score": queue["score"].astype(int),
            "owner": queue["owner"].astype("string").fillna(unassigned),
            "channel": [label(f"loop.channel.{c}", language) for c in queue["channel"]],
            "deadline": queue["deadline"],
            "days_overdue": queue["days_overdue"].astype(int),
            "status": [label(f"loop.status.{s}", language) for s in queue["status"]],
            "comment": comment.fillna(""),
        }
    )
    headers = {column: label(key, language) for column, key in _QUEUE_HEADERS.items()}
    return Table(view, {"number": ("score", "days_overdue"), "dates": ("deadline",)}, headers)


@_dated_only(None)
def report_queue_table(page: LoopsPage, language: str) -> Table | None:
    """The report's queue: the `queue_top` most urgent open cases per loop."""
    return queue_table(queue_view(page.queue, top=page.queue_top), language, page.anonymise)


@_dated_only(None)
def performance_table(page: LoopsPage, language: str) -> Table | None:
    """:attr:`loops.FollowupPerformance.by_loop` in the client's language."""
    by_loop = page.performance.by_loop
    columns = ["cases", "judged", "share_contacted", "share_within_deadline"]
    columns += ["median_days_to_contact", "closure_rate"]
    view = by_loop[columns].copy()
    view.insert(0, "loop", _loop_names(by_loop["loop"], language))
    headers = {"loop": label("loop.column.loop", language)}
    headers |= {c: label(f"notebook.loops.column.{c}", language) for c in columns}
    formats = {
        "number": ("cases", "judged", "median_days_to_contact"),
        "percent": ("share_contacted", "share_within_deadline", "closure_rate"),
    }
    return Table(view, formats, headers)


@_dated_only(None)
def followup_effect_table(page: LoopsPage, language: str) -> Table | None:
    """:attr:`loops.FollowupPerformance.after_followup`: the next answer's NPS with and without
    a follow-up, per loop, with the difference, its interval and p-value."""
    after = page.performance.after_followup
    columns = ["n_followed", "nps_followed", "n_not_followed", "nps_not_followed"]
    columns += ["nps_difference", "ci_low", "ci_high", "p_value"]
    view = after[columns].astype(float)
    view.insert(0, "loop", _loop_names(after["loop"], language))
    view["p_value"] = [format_p_value(p, language) for p in view["p_value"]]
    headers = {"loop": label("loop.column.loop", language)}
    headers |= {c: label(f"notebook.loops.column.{c}", language) for c in columns}
    formats = {
        "number": ("n_followed", "n_not_followed"),
        "nps": ("nps_followed", "nps_not_followed", "nps_difference", "ci_low", "ci_high"),
    }
    return Table(view, formats, headers)


@_dated_only(None)
def sentiment_table(page: LoopsPage, language: str) -> Table | None:
    """:func:`comments.sentiment_by_category` in the client's language."""
    tone = page.tone
    view = tone.assign(category=[category_label(c, language) for c in tone["category"]])
    view["sentiment"] = [format_number(v, language, 2) for v in view["sentiment"]]
    headers = {c: label(f"notebook.loops.column.{c}", language) for c in view.columns}
    return Table(view, {"number": ("comments",), "percent": ("negative", "positive")}, headers)


@_dated_only(None)
def root_cause_table(page: LoopsPage, language: str) -> Table | None:
    """The themes detractors mention more than promoters: shares, lift, p-value and the
    example comments (anonymised by :func:`comments.client_root_causes`)."""
    over = page.over
    view = pd.DataFrame(
        {
            "theme": over["theme"].astype(str).str.capitalize(),
            "detractors": over["detractors"].astype(int),
            "detractor_share": over["detractor_share"],
            "promoter_share": over["promoter_share"],
            "lift": [format_number(v, language, 1) for v in over["lift"]],
            "p_value": [format_p_value(v, language) for v in over["p_value"]],
            "examples": [" · ".join(f"«{text}»" for text in e) for e in over["examples"]],
        }
    )
    headers = {c: label(f"comments.column.{c}", language) for c in view.columns}
    formats = {"number": ("detractors",), "percent": ("detractor_share", "promoter_share")}
    return Table(view, formats, headers)


# --- Key figures ------------------------------------------------------------------------------


def key_figures(page: LoopsPage) -> dict[str, Any]:
    """The page's figures to record (``Workbook.record``), names prefixed ``loops_``."""
    by_loop = page.counts.set_index("loop")
    shares = page.performance.by_loop.set_index("loop")
    over = page.over
    return {
        "loops_counts": by_loop["this_period"].to_dict(),
        "loops_counts_last": by_loop["last_period"].to_dict(),
        "loops_open_cases": len(page.queue),
        "loops_overdue": int(page.queue["overdue"].sum()),
        "loops_open_by_loop": page.queue["loop"].value_counts().sort_index().to_dict(),
        "loops_share_contacted": shares["share_contacted"].to_dict(),
        "loops_share_within_deadline": shares["share_within_deadline"].to_dict(),
        "loops_top_root_cause": over["theme"].iloc[0] if len(over) else None,
        "loops_root_causes": over["theme"].tolist(),
    }
