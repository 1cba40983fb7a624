"""The live priority table of notebook 01: phase buttons and a minimum-answers slider; the
callback is :func:`nps_workbook.journey.priorities`, the table the page's
:func:`~nps_workbook.pages.customer_journey.touchpoint_table`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from IPython.display import Markdown

from ..journey import PHASES, priorities
from ..pages.customer_journey import CustomerJourney, touchpoint_table
from ..texts import label
from . import as_html

if TYPE_CHECKING:
    from ..workbook import Workbook


def journey_explorer(wb: Workbook, page: CustomerJourney) -> Any:
    """Phase buttons and a minimum-answers slider over the priority table.

    Returns
    -------
    ipywidgets.VBox
        Changing either control calls :func:`nps_workbook.journey.priorities` and shows the
        new table.
    """
    import ipywidgets as widgets

    frame = page.journey.frame
    phases = widgets.SelectMultiple(
        options=[(label(f"journey.phase.{p}", wb.language), p) for p in PHASES],
        value=tuple(PHASES),
        description=label("journey.explore.phases", wb.language),
        style={"description_width": "initial"},
        rows=len(PHASES),
    )
    most = int(frame["n"].max()) if len(frame) else 0
    min_answers = widgets.IntSlider(
        value=0,
        min=0,
        max=max(most, 1),
        step=max(1, most // 50),
        description=label("journey.explore.min_answers", wb.language),
        style={"description_width": "initial"},
        continuous_update=False,
        layout=widgets.Layout(width="32em"),
    )
    out = widgets.HTML()

    def update(_: Any = None) -> None:
        chosen = priorities(frame, phases=phases.value, min_answers=min_answers.value)
        if chosen.empty:
            out.value = as_html(Markdown(label("journey.explore.none", wb.language)))
        else:
            out.value = as_html(wb.table(touchpoint_table(chosen, wb.language)))

    phases.observe(update, names="value")
    min_answers.observe(update, names="value")
    update()
    return widgets.VBox([widgets.HBox([phases, min_answers]), out])
