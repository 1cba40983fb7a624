"""The live checkboxes of notebook 00: a statement per checkbox, grouped by level; the callback
is :func:`nps_workbook.pages.maturity_selftest.assess_ticked`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from IPython.display import HTML, Markdown

from ..charts import svg
from ..maturity import LEVELS, STATEMENTS, MaturityResult
from ..pages.maturity_selftest import assess_ticked, next_step_texts, result_text
from ..texts import label
from . import as_html


def live_parts(result: MaturityResult, language: str) -> list[Any]:
    """The level, the ladder chart and the next steps, as the checkboxes show them; the chart
    is SVG (:mod:`nps_workbook.charts.svg`), redrawn in milliseconds on every tick."""
    parts: list[Any] = [
        Markdown(result_text(result, language)),
        HTML(svg.maturity_ladder(result, language=language)),
    ]
    if result.next_steps:
        parts.extend(Markdown(text) for text in next_step_texts(result, language))
    return parts


def maturity_explorer(language: str, answers: Mapping[str, bool] | None = None) -> Any:
    """A checkbox per statement, grouped by level; every tick recomputes the level live.

    Parameters
    ----------
    language : {"da", "en"}
    answers : mapping of str to bool, optional
        The answers to start from (client.yml's ``maturity:``).

    Returns
    -------
    ipywidgets.VBox
    """
    import ipywidgets as widgets

    answers = dict(answers or {})
    boxes = {
        statement.id: widgets.Checkbox(
            value=bool(answers.get(statement.id, False)),
            description=statement.text(language),
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        for statement in STATEMENTS
    }
    levels = []
    for level in LEVELS:
        heading = widgets.HTML(f"<b>{label(f'maturity.level.{level}', language)}</b>")
        levels.append(heading)
        levels.extend(boxes[s.id] for s in STATEMENTS if s.level == level)
    out = widgets.HTML()

    def update(_: Any = None) -> None:
        result = assess_ticked({key: box.value for key, box in boxes.items()})
        out.value = as_html(*live_parts(result, language))

    for box in boxes.values():
        box.observe(update, names="value")
    update()
    heading = widgets.HTML(f"<b>{label('maturity.explore.heading', language)}</b>")
    return widgets.VBox([heading, widgets.HBox([widgets.VBox(levels), out])])
