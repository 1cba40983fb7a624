"""The live queue of notebook 03: a loop, an owner and a number of cases per loop over the open
cases; the callback is :func:`nps_workbook.pages.loops.queue_view`."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from ..pages.loops import LoopsPage, queue_table, queue_view
from ..texts import label

if TYPE_CHECKING:
    from ..workbook import Workbook


def queue_explorer(wb: Workbook, page: LoopsPage) -> Any:
    """A loop selector, an owner filter and a number of cases per loop over the open queue.

    Returns
    -------
    ipywidgets.VBox
        Every change calls :func:`~nps_workbook.pages.loops.queue_view` and shows
        :func:`~nps_workbook.pages.loops.queue_table` of the result.
    """
    import ipywidgets as widgets

    language = wb.language
    queue = page.queue
    everyone = label("notebook.loops.filter.all", language)
    loops = widgets.Dropdown(
        options=[(everyone, None)]
        + [(label(f"loop.{n}.name", language), n) for n in sorted(queue["loop"].unique())],
        index=0,  # "(all)": value=None would mean nothing selected, a blank drop-down
        description=label("loop.column.loop", language),
    )
    owners = sorted(queue["owner"].dropna().astype(str).unique())
    owner = widgets.Dropdown(
        options=[(everyone, None)] + [(name, name) for name in owners],
        index=0,  # "(all)": value=None would mean nothing selected, a blank drop-down
        description=label("loop.column.owner", language),
    )
    top = widgets.IntSlider(
        value=page.queue_top,
        min=1,
        max=max(int(queue.groupby("loop").size().max()) if len(queue) else 1, 1),
        description=label("notebook.loops.column.cases", language),
        continuous_update=False,
    )
    out = widgets.HTML()  # not an Output widget: see as_html

    def update(_: Any = None) -> None:
        chosen = queue_view(queue, loop=loops.value, owner=owner.value, top=top.value)
        if chosen.empty:
            out.value = f"<p>{escape(label('notebook.loops.queue_empty', language))}</p>"
        else:
            out.value = wb.table(queue_table(chosen, language, page.anonymise)).to_html()

    for control in (loops, owner, top):
        control.observe(update, names="value")
    update()
    return widgets.VBox([widgets.HBox([loops, owner, top]), out])
