"""The customer-journey page (notebook 01): the touchpoints before, during and after, each with
its NPS and interval, how much it matters to the customer and to the firm, and where to act
first (:mod:`nps_workbook.journey`).

Texts in ``texts/pages/customer_journey.yml``; the figures are
:func:`nps_workbook.charts.figures.journey_chart` and
:func:`nps_workbook.charts.figures.priority_matrix`. The live priority table calls
:func:`nps_workbook.journey.priorities` and shows :func:`touchpoint_table`.

Examples
--------
>>> import pandas as pd
>>> answers = pd.DataFrame({"score": [10, 9, 3, 8], "tp": ["Web", "Web", "Faktura", "Web"],
...                         "ph": ["Før", "Før", "Efter", "Før"]})
>>> page = build(answers, touchpoint_column="tp", phase_column="ph", min_group=1, client="K")
>>> page.journey.frame[["name", "n"]].values.tolist()
[['Web', 3], ['Faktura', 1]]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import measurement
from ..client_data import ClientData
from ..journey import Journey, journey, touchpoints_from_answers
from ..measurement import POOLED, MeasurementSplit, split_measurement
from ..score import SMALL_N
from ..texts import format_interval, format_nps, format_number, label
from .note import Note, note
from .table import Table

#: Columns about importance, left out of the table when no touchpoint has an importance.
IMPORTANCE_COLUMNS = ("rank", "importance_customer", "importance_firm", "quadrant")
#: Columns about answers and NPS, left out when touchpoint NPS is not measured.
MEASURED_COLUMNS = ("rank", "n", "nps", "interval", "flag", "quadrant")


@dataclass(frozen=True)
class CustomerJourney:
    """What the journey page shows: the :class:`~nps_workbook.journey.Journey`, whether its
    touchpoints come from the client's touchpoint file (else from the answers), and which
    answers its NPS is of.

    ``split`` is the answers split by measurement (:mod:`nps_workbook.measurement`): the
    journey's NPS is of its touchpoint answers, or of all answers when they are pooled.
    ``touchpoint_column`` is the answers' touchpoint column, None when touchpoint NPS is not
    measured (client.yml names none, ``touchpoint_setting`` None, or the answers lack it).
    """

    client: str
    journey: Journey
    from_file: bool
    split: MeasurementSplit | None = None
    touchpoint_column: str | None = None
    touchpoint_setting: str | None = None

    @property
    def measured(self) -> bool:
        """Whether touchpoint NPS is measured: the answers name the touchpoint they are about."""
        return self.touchpoint_column is not None

    @property
    def prioritised(self) -> bool:
        """Whether any touchpoint has a priority (importance and NPS)."""
        return bool(self.journey.frame["priority"].notna().any())

    @property
    def fix_now(self) -> list[str]:
        """The touchpoints in the fix-now quadrant, in order of priority."""
        frame = self.journey.frame
        return frame[frame["quadrant"] == "fix_now"].sort_values("rank")["name"].tolist()


def _no_touchpoints() -> pd.DataFrame:
    return pd.DataFrame({"name": pd.Series(dtype=object), "phase": pd.Series(dtype=object)})


def build(
    answers: pd.DataFrame,
    touchpoints: pd.DataFrame | None = None,
    *,
    touchpoint_column: str | None,
    phase_column: str | None,
    min_group: int | None,
    client: str,
    small_n: int = SMALL_N,
    split: MeasurementSplit | None = None,
) -> CustomerJourney:
    """The journey of the answers over the touchpoint file's touchpoints (None: the
    touchpoints the answers name, with their most frequent phase).

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers.
    touchpoints : pandas.DataFrame or None
        The touchpoint file's frame.
    touchpoint_column, phase_column : str or None
        ``roles.touchpoint`` and ``roles.phase``. Without a touchpoint column (None, or not a
        column of the answers) touchpoint NPS is not measured: the page lists the file's
        touchpoints, if any, without NPS, and never fails.
    min_group, small_n : int
        client.yml's privacy.
    client : str
    split : MeasurementSplit, optional
        The answers split by measurement: the journey uses its touchpoint answers. None: all
        `answers`, pooled.
    """
    if split is None:
        split = MeasurementSplit(POOLED, answers, answers.iloc[:0], None)
    used = split.relationship if split.population == POOLED else split.touchpoint
    column = touchpoint_column if touchpoint_column in answers.columns else None
    from_file = touchpoints is not None
    if touchpoints is None:
        if column is not None and phase_column in answers.columns:
            touchpoints = touchpoints_from_answers(used, column, phase_column)
        else:
            touchpoints = _no_touchpoints()
    trip = journey(
        used,
        touchpoints,
        touchpoint_column=column,
        min_group=min_group,
        small_n=small_n,
    )
    return CustomerJourney(
        client=client,
        journey=trip,
        from_file=from_file,
        split=split,
        touchpoint_column=column,
        touchpoint_setting=touchpoint_column,
    )


def build_for(data: ClientData) -> CustomerJourney:
    """:func:`build` for a client: its touchpoint file, roles and privacy from client.yml, the
    touchpoint answers when client.yml names the measurement column."""
    config = data.client.config
    return build(
        data.answers,
        data.touchpoints.frame if data.touchpoints is not None else None,
        touchpoint_column=config.roles.touchpoint,
        phase_column=config.roles.phase,
        min_group=config.privacy.min_group,
        small_n=config.privacy.small_n,
        client=config.client,
        split=split_measurement(data.answers, config),
    )


def no_file_text(page: CustomerJourney, language: str) -> str:
    """Markdown when the client has a touchpoint column but no touchpoint file (what that
    leaves out); else "" (without the column, :func:`reference_text` says what is missing)."""
    if page.from_file or not page.measured:
        return ""
    return label("journey.report.no_file", language, client=page.client)


def notes(page: CustomerJourney, language: str) -> tuple[Note, ...]:
    """The consultant's notes: the touchpoint column that is not set or not found, how to map
    the journey, and touchpoints the file lacks."""
    found = []
    if not page.measured:
        if page.touchpoint_setting is None:
            found.append(note("journey.note.not_measured", language))
        else:
            column = page.touchpoint_setting
            found.append(note("journey.note.not_measured_column", language, column=column))
    if not page.from_file:
        found.append(note("journey.note.no_file", language))
    if page.journey.not_in_file:
        names = ", ".join(page.journey.not_in_file)
        found.append(note("journey.note.not_in_file", language, names=names))
    return tuple(found)


def reference_text(page: CustomerJourney, language: str) -> str:
    """Markdown: how many touchpoints are measured, with how many answers, and their NPS, and
    which answers those are (:func:`population_text`); without a touchpoint column, one
    sentence that touchpoint NPS is not measured yet and why it matters."""
    if not page.measured:
        return label("journey.report.not_measured", language)
    measured = page.journey.frame[page.journey.frame["n"] > 0]
    text = label(
        "journey.report.reference",
        language,
        count=len(measured),
        n=format_number(measured["n"].sum(), language),
        nps=format_nps(page.journey.reference_nps, language),
    )
    return f"{text} {population_text(page, language)}"


def population_text(page: CustomerJourney, language: str) -> str:
    """Which answers the journey's NPS is of, in one sentence
    (:func:`measurement.population_text`)."""
    return measurement.population_text(page.split, language, key="journey.report.population")


def figure_caption(page: CustomerJourney, language: str) -> str:
    """The population the journey's figures draw, for their titles: the touchpoint answers,
    or all answers pooled."""
    return measurement.population_caption(page.split, language, answers="touchpoint")


def mismatch_texts(page: CustomerJourney, language: str) -> tuple[str, ...]:
    """Markdown: touchpoints the answers name but the file lacks, and listed ones no answer
    names."""
    texts = []
    if page.journey.not_in_file:
        names = ", ".join(page.journey.not_in_file)
        texts.append(label("journey.report.not_in_file", language, names=names))
    if page.journey.without_answers:
        names = ", ".join(page.journey.without_answers)
        texts.append(label("journey.report.without_answers", language, names=names))
    return tuple(texts)


def _importance(value: float, language: str) -> str:
    if pd.isna(value):
        return "–"
    return format_number(value, language, 0 if float(value).is_integer() else 1)


def touchpoint_table(frame: pd.DataFrame, language: str, *, measured: bool = True) -> Table | None:
    """Touchpoints as the client reads them: rank, name, phase, importances, answers, NPS with
    its interval, a note on few answers and the quadrant.

    Columns about importance (and so rank and quadrant) are left out when no touchpoint has
    one; with `measured` False (no touchpoint column) the columns of answers and NPS too, so
    the table is the touchpoint map. Rows stay in the order given (:attr:`Journey.frame`'s
    journey order, or :func:`journey.priorities`' order). None when there is no touchpoint.
    """
    if frame.empty:
        return None
    view = pd.DataFrame(
        {
            "rank": frame["rank"].astype("Int64"),
            "name": frame["name"].astype(str),
            "phase": [label(f"journey.phase.{p}", language) for p in frame["phase"].astype(str)],
            "importance_customer": [_importance(v, language) for v in frame["importance_customer"]],
            "importance_firm": [_importance(v, language) for v in frame["importance_firm"]],
            "n": frame["n"].astype(int),
            "nps": frame["nps"].astype(float),
            "interval": [
                format_interval(lo, hi, language)
                for lo, hi in zip(frame["ci_low"], frame["ci_high"], strict=True)
            ],
            "flag": [
                label(f"flag.{f}", language) if isinstance(f, str) and f else ""
                for f in frame["flag"]
            ],
            "quadrant": [
                label(f"journey.quadrant.{q}", language) if isinstance(q, str) else "–"
                for q in frame["quadrant"]
            ],
        }
    )
    if frame["importance_customer"].isna().all():
        view = view.drop(columns=list(IMPORTANCE_COLUMNS))
    if not measured:
        view = view.drop(columns=[c for c in MEASURED_COLUMNS if c in view.columns])
    number = tuple(c for c in ("rank", "n") if c in view.columns)
    headers = {c: label(f"journey.table.{c}", language) for c in view.columns}
    nps = tuple(c for c in ("nps",) if c in view.columns)
    return Table(view, {"nps": nps, "number": number}, headers)


def priority_texts(page: CustomerJourney, language: str) -> tuple[str, ...]:
    """Markdown: the fix-now touchpoints (or that there are none) and the one to start with,
    with its importance, NPS and interval; none without priorities."""
    if not page.prioritised:
        return ()
    trip = page.journey
    reference = format_nps(trip.reference_nps, language)
    key = "journey.report.fix_now" if page.fix_now else "journey.report.fix_now_none"
    first = trip.top(1).iloc[0]
    return (
        label(key, language, names=", ".join(page.fix_now), reference=reference),
        label(
            "journey.report.top",
            language,
            touchpoint=first["name"],
            importance=format_number(first["importance_customer"], language, 1),
            nps=format_nps(first["nps"], language),
            low=format_nps(first["ci_low"], language),
            high=format_nps(first["ci_high"], language),
            n=format_number(first["n"], language),
        ),
    )


def key_figures(page: CustomerJourney) -> dict[str, Any]:
    """The figures to record: the reference NPS, each scored touchpoint's NPS, the lowest, the
    top priority, the fix-now touchpoints and the priority matrix's points (``journey_matrix``:
    per touchpoint with an NPS and an importance its ``name``, ``importance``, ``nps``, ``n``,
    ``quadrant``, ``rank``; with the ``journey_importance_threshold`` the quadrants split at)."""
    trip = page.journey
    scored = trip.frame.dropna(subset=["nps"])
    placed = scored.dropna(subset=["importance_customer"])
    return {
        "journey_matrix": [
            {
                "name": str(row["name"]),
                "importance": float(row["importance_customer"]),
                "nps": float(row["nps"]),
                "n": int(row["n"]),
                "quadrant": str(row["quadrant"]),
                "rank": None if pd.isna(row["rank"]) else int(row["rank"]),
            }
            for _, row in placed.iterrows()
        ],
        "journey_importance_threshold": float(trip.importance_threshold),
        "journey_reference_nps": trip.reference_nps,
        "journey_touchpoint_nps": dict(zip(scored["name"], scored["nps"], strict=True)),
        "journey_lowest": scored.loc[scored["nps"].idxmin(), "name"] if len(scored) else None,
        "journey_top_priority": trip.top(1)["name"].iloc[0] if page.prioritised else None,
        "journey_fix_now": page.fix_now,
    }
