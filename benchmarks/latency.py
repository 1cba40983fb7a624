"""Interactive latency: the NPS explorer of notebook 02 recomputing its output on a filter change.

The input is the ``dk-b2b-it`` sample client with its responses replaced by a ``rows``-answer
Danish export (:func:`nps_workbook.sample.survey_export`, planted defects included), opened with
``open_workbook`` as notebook 02 opens it; building the folder, loading it and constructing the
widget are not timed.

A choice is a segment of client.yml's ``segments`` and one group of it: per segment its largest
and its smallest group. Each round goes through every choice; for each choice every contender is
called once in turn, so the noise of other processes falls on all of them alike.

``widget``
    ``explorers.nps.nps_explorer(wb)``, driven as a user drives it: the segment dropdown set to the
    choice's segment and the group dropdown to ``None`` (all answers) untimed, then the clock
    runs while the group dropdown is set to the chosen group, which calls the widget's observer
    (select, recompute, write the key figure and the SVG charts). Also recorded: the time until
    an output widget first changed during that call (``first``), for an observer that shows the
    figures before the chart.
``nps_view``
    ``pages.nps.nps_view(answers, segment=..., value=..., ...)``: the recompute alone, as the
    observer calls it, without drawing.
``pandas``
    The same filter and NPS written directly in pandas: a boolean mask of the segment column,
    ``value_counts`` of the scores kept, NPS = % promoters - % detractors.

Before timing, the widget's NPS and answer count must equal the peer's for every choice.
"""

from __future__ import annotations

import gc
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from benchmarks.loading import write_export
from benchmarks.measure import Timing
from nps_workbook.explorers.nps import nps_explorer
from nps_workbook.pages import nps
from nps_workbook.sample import write_client
from nps_workbook.score import MISSING_LABEL
from nps_workbook.workbook import Workbook, open_workbook

CLIENT = "dk-b2b-it"
TOLERANCE = 1e-9


class Disagreement(AssertionError):
    """The widget and the peer computed different NPS: no timing of a wrong answer is a result."""


@dataclass(frozen=True)
class Choice:
    """A segment filter: keep the answers where ``segment`` equals ``value``."""

    segment: str
    value: str
    answers: int  # how many answers the choice keeps

    def __str__(self) -> str:
        return f"{self.segment} = {self.value}"


# --- input ------------------------------------------------------------------------------------


def client_folder(rows: int, workdir: Path, seed: int = 0) -> Path:
    """The sample client ``dk-b2b-it`` with a ``rows``-answer export as its responses."""
    paths = write_client(CLIENT, workdir)
    files = write_export(rows, workdir, seed)
    shutil.move(files.cp1252, paths["responses"])
    files.utf8.unlink()
    return paths["client"].parent


def choices(wb: Workbook, segments: int | None = None) -> list[Choice]:
    """Per segment of client.yml that the answers have (the first ``segments`` of them, default
    all): its largest and its smallest group."""
    found: list[Choice] = []
    named = [s for s in wb.config.segments if s in wb.answers.columns]
    for segment in named[:segments]:
        sizes = wb.answers[segment].value_counts(dropna=True)
        if sizes.empty:
            continue
        picked = dict.fromkeys([sizes.idxmax(), sizes.idxmin()])
        found += [Choice(segment, str(value), int(sizes[value])) for value in picked]
    return found


# --- contenders -------------------------------------------------------------------------------


class Explorer:
    """The NPS explorer of notebook 02, driven by setting its dropdowns."""

    def __init__(self, wb: Workbook) -> None:
        self.box = nps_explorer(wb)
        self.segment, self.value, self.period = self.box.children[0].children
        self.first: float | None = None
        for output in self.box.children[1:]:  # the output widgets below the controls
            output.observe(self._changed, names="value")

    def _changed(self, _: Any) -> None:
        if self.first is None:
            self.first = time.perf_counter()

    def prepare(self, choice: Choice) -> None:
        """Show all answers of the choice's segment (untimed), so the group is a change."""
        if self.segment.value != choice.segment:
            self.segment.value = choice.segment  # resets the group to all answers
        elif self.value.value is not None:
            self.value.value = None
        self.first = None

    def __call__(self, choice: Choice) -> Any:
        self.value.value = choice.value
        return self.box.view


def view_of(wb: Workbook) -> Callable[[Choice], nps.NpsView]:
    def nps_view(choice: Choice) -> nps.NpsView:
        return nps.nps_view(
            wb.answers,
            segment=choice.segment,
            value=choice.value,
            period=wb.config.period,
            language=wb.language,
            min_group=wb.config.privacy.min_group,
            small_n=wb.config.privacy.small_n,
        )

    return nps_view


def pandas_nps(answers: pd.DataFrame, choice: Choice) -> tuple[int, float]:
    """Answers kept and their NPS, with a boolean mask and ``value_counts``."""
    column = answers[choice.segment]
    keep = column.isna() if choice.value == MISSING_LABEL else column.eq(choice.value)
    counts = answers.loc[keep.fillna(False).to_numpy(dtype=bool), "score"].value_counts()
    n = int(counts.sum())
    promoters = int(counts[counts.index >= 9].sum())
    detractors = int(counts[counts.index <= 6].sum())
    return n, 100.0 * (promoters - detractors) / n if n else float("nan")


def check_agreement(view: nps.NpsView, peer: tuple[int, float], choice: Choice) -> None:
    """Raise :class:`Disagreement` unless the view keeps the peer's answers with its NPS."""
    n, nps = peer
    if view.summary.n != n or n != choice.answers:
        raise Disagreement(f"{choice}: the widget keeps {view.summary.n} answers, pandas {n}")
    if view.summary.flag != "suppressed" and not abs(view.summary.nps - nps) <= TOLERANCE:
        raise Disagreement(f"{choice}: the widget's NPS is {view.summary.nps!r}, pandas' {nps!r}")


# --- the benchmark ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LatencyResult:
    """Seconds per call over every (round, choice), per contender; ``first``: the widget's time
    until an output first changed. ``per_choice``: the same, per choice and contender."""

    rows: int
    answers: int
    build_seconds: float
    choices: tuple[Choice, ...]
    timings: dict[str, Timing]
    per_choice: dict[Choice, dict[str, Timing]]


def run(
    rows: int, repeat: int, workdir: Path, *, segments: int | None = None, seed: int = 0
) -> LatencyResult:
    """Build the client, check agreement, then time every contender on every choice.

    ``segments``: how many of client.yml's segments to choose groups from (default all).
    """
    if repeat < 1:
        raise ValueError(f"repeat={repeat!r}; need at least one timed round")
    start = time.perf_counter()
    folder = client_folder(rows, workdir, seed)
    wb = open_workbook(folder)
    widget = Explorer(wb)
    build_seconds = time.perf_counter() - start
    nps_view = view_of(wb)
    answers = wb.answers
    contenders: dict[str, Callable[[Choice], Any]] = {
        "widget": widget,
        "nps_view": nps_view,
        "pandas": lambda choice: pandas_nps(answers, choice),
    }
    picked = choices(wb, segments)
    # The agreement check calls every contender once per choice: it is also the warm-up.
    for choice in picked:
        widget.prepare(choice)
        shown = widget(choice)
        nps_view(choice)
        check_agreement(shown, pandas_nps(answers, choice), choice)

    runs: dict[Choice, dict[str, list[float]]] = {
        choice: {name: [] for name in [*contenders, "first"]} for choice in picked
    }
    for _ in range(repeat):
        for choice in picked:
            for name, contender in contenders.items():
                if name == "widget":
                    widget.prepare(choice)
                gc.collect()  # garbage of the previous call is not this one's cost
                began = time.perf_counter()
                contender(choice)
                ended = time.perf_counter()
                runs[choice][name].append(ended - began)
                if name == "widget":
                    first = ended if widget.first is None else widget.first
                    runs[choice]["first"].append(first - began)
    per_choice = {
        choice: {name: Timing(tuple(s)) for name, s in by_name.items()}
        for choice, by_name in runs.items()
    }
    timings = {
        name: Timing(tuple(s for by_name in runs.values() for s in by_name[name]))
        for name in [*contenders, "first"]
    }
    result = LatencyResult(rows, len(answers), build_seconds, tuple(picked), timings, per_choice)
    shutil.rmtree(folder)
    return result


def profile_target(rows: int, workdir: Path, seed: int = 0) -> Callable[[], Any]:
    """A call of the widget's observer (largest group of the first segment), to profile."""
    folder = client_folder(rows, workdir, seed)
    wb = open_workbook(folder)
    shutil.rmtree(folder)
    widget = Explorer(wb)
    choice = choices(wb)[0]
    widget.prepare(choice)
    return lambda: widget(choice)
