"""The business-case sliders of notebook 04: the margin, the retention of each category and the
two shift shares; the callback is
:func:`nps_workbook.pages.financial_impact.business_case_view`."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from ..money import name_label
from ..pages.financial_impact import (
    FinancialImpact,
    business_case_text,
    business_case_view,
    figure_table,
)
from ..score import CATEGORIES

if TYPE_CHECKING:
    from ..workbook import Workbook


def business_case_explorer(wb: Workbook, page: FinancialImpact) -> Any:
    """Sliders for the margin, the retention of each category and the two shift shares; each
    change recomputes the business case and shows its sentence and how it was reached.

    Returns
    -------
    ipywidgets.VBox
    """
    import ipywidgets as widgets

    language = wb.language
    assumptions = page.assumptions

    def slider(name: str, value: float, low: float = 0.0) -> Any:
        return widgets.FloatSlider(
            value=value,
            min=low,
            max=1.0,
            step=0.01,
            description=name_label(name, language),
            style={"description_width": "22em"},
            layout=widgets.Layout(width="40em"),
            continuous_update=False,
            readout_format=".0%",
        )

    margin = slider("margin", assumptions.value("margin"))
    retention = {
        c: slider(f"retention.{c}", assumptions.value(f"retention.{c}")) for c in CATEGORIES
    }
    x = slider("detractors_to_passives", page.x)
    y = slider("passives_to_promoters", page.y)
    out = widgets.HTML()  # not an Output widget: see explorers.as_html

    def update(_: Any = None) -> None:
        case = business_case_view(
            assumptions,
            detractors_to_passives=x.value,
            passives_to_promoters=y.value,
            margin=margin.value,
            retention={c: s.value for c, s in retention.items()},
        )
        sentence = escape(business_case_text(case, assumptions, language, page.currency))
        table = wb.table(figure_table(case.value_horizon, language=language, max_depth=1))
        out.value = f"<p>{sentence}</p>{table.to_html()}"

    controls = [margin, *retention.values(), x, y]
    for control in controls:
        control.observe(update, names="value")
    update()
    return widgets.VBox([*controls, out])
