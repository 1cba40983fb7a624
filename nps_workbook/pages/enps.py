"""The employee NPS page (notebook 05): the company's eNPS round by round, and by department
with small groups hidden (:func:`nps_workbook.enps.enps_table`), never a number of a hidden
group in any table, text or figure.

Texts in ``texts/pages/enps.yml`` (the engine's in ``texts/enps.yml``); the figure is
:func:`nps_workbook.charts.figures.enps_chart`.

Examples
--------
>>> import pandas as pd
>>> answers = pd.DataFrame({"score": [10, 9, 9, 7, 3, 10], "Afdeling": ["Drift"] * 6})
>>> page = build(answers, department="Afdeling", round_column=None, min_group=5, client="K")
>>> key_figures(page)["enps_overall"]
50.0
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..client_data import ClientData
from ..enps import TOTAL_LABEL, enps_table
from ..score import SMALL_N
from ..texts import format_interval, format_nps, format_number, label, scale_text
from .note import Note, note
from .table import Table

#: The round of a survey without a round column, in the key figures.
ALL_ROUNDS = "(all)"


@dataclass(frozen=True)
class EnpsPage:
    """What the eNPS page shows: ``table`` is :func:`enps.enps_table` by department and round,
    with a total row per round (None when the client has no employee survey)."""

    client: str
    table: pd.DataFrame | None
    department: str
    round_column: str | None
    min_group: int
    scale: str = "0-10"

    @property
    def available(self) -> bool:
        return self.table is not None


def build(
    answers: pd.DataFrame | None,
    *,
    department: str,
    round_column: str | None,
    min_group: int,
    client: str,
    small_n: int = SMALL_N,
    scale: str = "0-10",
) -> EnpsPage:
    """The eNPS page of the employee answers (None: the client has no survey); `scale` is the
    one the answers were given on (`LoadResult.scale`)."""
    table = None
    if answers is not None:
        table = enps_table(
            answers,
            by=department,
            round_column=round_column,
            min_group=min_group,
            small_n=small_n,
        )
    return EnpsPage(client, table, department, round_column, min_group, scale)


def build_for(data: ClientData) -> EnpsPage:
    """:func:`build` with a client's employee survey and client.yml's columns and privacy."""
    config = data.client.config
    return build(
        data.employees.answers if data.employees is not None else None,
        department=config.employee_survey.department,
        round_column=config.employee_survey.round,
        min_group=config.privacy.min_group,
        small_n=config.privacy.small_n,
        client=config.client,
        scale=config.employee_survey.answer_scale,
    )


def missing_text(page: EnpsPage, language: str) -> str:
    """Markdown when the client has no employee survey (what it would show); "" otherwise."""
    return "" if page.available else label("enps.report.missing", language, client=page.client)


def notes(page: EnpsPage, language: str) -> tuple[Note, ...]:
    """The consultant's note without an employee survey: which file and keys bring it in."""
    return () if page.available else (note("enps.note.missing", language),)


def _rounds(page: EnpsPage) -> pd.Series:
    table = page.table
    if page.round_column is None:
        return pd.Series(ALL_ROUNDS, index=table.index)
    return table[page.round_column].astype(str)


def _is_total(page: EnpsPage) -> pd.Series:
    return page.table[page.department].astype(str) == TOTAL_LABEL


def key_figures(page: EnpsPage) -> dict[str, Any]:
    """The figures notebook 05 records: whether there is a survey and, with one, the latest
    round's company eNPS with its interval, the company eNPS per round, and per round the
    departments that are hidden.

    Returns
    -------
    dict
        ``enps_available``; with a survey also ``enps_overall``, ``enps_overall_ci_low``,
        ``enps_overall_ci_high``, ``enps_overall_n``, ``enps_overall_round``,
        ``enps_by_round`` (round -> eNPS), ``enps_hidden`` (round -> hidden departments).
        Without a round column the one round is called "(all)".
    """
    if not page.available:
        return {"enps_available": False}
    table, rounds, is_total = page.table, _rounds(page), _is_total(page)
    totals = table[is_total]
    latest = totals.iloc[-1]
    hidden = table[~is_total & (table["suppression"].astype(str) != "")]
    return {
        "enps_available": True,
        "enps_overall": float(latest["nps"]),
        "enps_overall_ci_low": float(latest["ci_low"]),
        "enps_overall_ci_high": float(latest["ci_high"]),
        "enps_overall_n": int(latest["n"]),
        "enps_overall_round": rounds[is_total].iloc[-1],
        "enps_by_round": dict(zip(rounds[is_total], totals["nps"].astype(float), strict=True)),
        "enps_hidden": {
            key: hidden.loc[rounds[hidden.index] == key, page.department].astype(str).tolist()
            for key in pd.unique(rounds[is_total])
        },
    }


def overall_text(page: EnpsPage, language: str) -> str:
    """Markdown: the latest round's company eNPS with its interval and answers."""
    if not page.available:
        return ""
    figures = key_figures(page)
    text = label(
        "enps.report.overall",
        language,
        round=figures["enps_overall_round"],
        nps=format_nps(figures["enps_overall"], language),
        n=format_number(figures["enps_overall_n"], language),
        low=format_nps(figures["enps_overall_ci_low"], language),
        high=format_nps(figures["enps_overall_ci_high"], language),
    )
    scale = scale_text(page.scale, language)
    return f"{text} {scale}" if scale else text


def anonymity_text(page: EnpsPage, language: str) -> str:
    """Markdown: which departments are hidden and why."""
    if not page.available:
        return ""
    return label("enps.report.anonymity", language, min_group=page.min_group)


def _round_labels(page: EnpsPage, frame: pd.DataFrame, language: str) -> list[str]:
    if page.round_column is None:
        return [label("enps.total", language)] * len(frame)
    return frame[page.round_column].astype(str).tolist()


def rounds_table(page: EnpsPage, language: str) -> Table | None:
    """The whole company's eNPS per round: answers, shares of promoters and detractors, eNPS
    and its interval."""
    if not page.available:
        return None
    totals = page.table[_is_total(page)]
    n = totals["n"].astype(float)
    view = pd.DataFrame(
        {
            "round": _round_labels(page, totals, language),
            "n": totals["n"].astype("Int64"),
            "promoter_share": totals["promoters"].astype(float) / n,
            "detractor_share": totals["detractors"].astype(float) / n,
            "nps": totals["nps"].astype(float),
            "interval": [
                format_interval(lo, hi, language)
                for lo, hi in zip(totals["ci_low"], totals["ci_high"], strict=True)
            ],
        }
    )
    headers = {
        "round": label("enps.round", language),
        "n": label("enps.table.n", language),
        "promoter_share": label("enps.table.promoter_share", language),
        "detractor_share": label("enps.table.detractor_share", language),
        "nps": label("enps.name", language),
        "interval": label("enps.table.interval", language),
    }
    formats = {
        "nps": ("nps",),
        "number": ("n",),
        "percent": ("promoter_share", "detractor_share"),
    }
    return Table(view.reset_index(drop=True), formats, headers)


def departments_table(page: EnpsPage, language: str) -> Table | None:
    """eNPS by department and round as the client reads it: a hidden group shows only why it
    is hidden, never a number (not even its answers), so nothing about it can be read off."""
    if not page.available:
        return None
    groups = page.table[~_is_total(page)]
    hidden = groups["suppression"].astype(str) != ""

    def note(suppression: str, flag: str) -> str:
        if suppression:
            return label(f"enps.suppression.{suppression}", language, min_group=page.min_group)
        return label(f"flag.{flag}", language) if flag else ""

    view = pd.DataFrame(
        {
            "department": groups[page.department].astype(str),
            "n": groups["n"].astype("Int64").mask(hidden),
            "nps": groups["nps"].astype(float).mask(hidden),
            "interval": [
                "–" if h else format_interval(lo, hi, language)
                for h, lo, hi in zip(hidden, groups["ci_low"], groups["ci_high"], strict=True)
            ],
            "note": [
                note(str(s), str(f))
                for s, f in zip(groups["suppression"], groups["flag"], strict=True)
            ],
        }
    )
    headers = {
        "department": label("enps.department", language),
        "n": label("enps.table.n", language),
        "nps": label("enps.name", language),
        "interval": label("enps.table.interval", language),
        "note": label("enps.table.note", language),
    }
    if page.round_column is not None:
        view.insert(0, "round", _round_labels(page, groups, language))
        headers["round"] = label("enps.round", language)
    return Table(view.reset_index(drop=True), {"nps": ("nps",), "number": ("n",)}, headers)
