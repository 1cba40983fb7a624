"""The segment explorer of notebook 02: a segment, one of its groups and a period length; the
callback is :func:`nps_workbook.pages.nps.nps_view`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..charts import svg
from ..pages.nps import NPS_PERIODS, NpsView, group_label, nps_values, nps_view
from ..score import CATEGORY_COLUMN, DATE_COLUMN, SCORE_COLUMN
from ..texts import label
from . import as_html

if TYPE_CHECKING:
    from ..workbook import Workbook


def nps_view_html(view: NpsView, language: str, scale: str = "0-10") -> str:
    """A view's headline over its score distribution and trend, as HTML for a widget.

    The charts are SVG (:mod:`nps_workbook.charts.svg`): redrawn on every change of a
    drop-down, they cost a millisecond where a matplotlib figure costs a fifth of a second.
    Side by side where the notebook is wide enough, one under the other where it is not;
    `scale` is the survey's (client.yml's ``responses.scale``), for the distribution's axis.
    """
    headline = as_html(view.headline)
    if view.summary.n == 0 or view.summary.flag == "suppressed":
        return headline
    charts = [svg.score_distribution(view.answers, language=language, scale=scale)]
    if len(view.period_table):
        charts.append(
            svg.nps_trend(view.period_table, language=language, confidence=view.summary.confidence)
        )
    cells = "".join(f'<div style="flex:1 1 420px;min-width:0">{chart}</div>' for chart in charts)
    return f'{headline}<div style="display:flex;flex-wrap:wrap;gap:16px">{cells}</div>'


def nps_explorer(wb: Workbook) -> Any:
    """A segment, a group of it and a period length: the NPS, distribution and trend of the
    answers selected.

    Returns
    -------
    ipywidgets.VBox
        Controls over an output. Every change calls :func:`nps_view` and shows its key figure
        and charts (:func:`nps_view_html`); the latest :class:`NpsView` is kept as the box's
        ``view`` attribute (its ``answers`` hold the columns the widget reads: score,
        category, date and the segments).
    """
    import ipywidgets as widgets

    language = wb.language
    everything = label("nps_report.explore.all", language)
    segments = [s for s in wb.config.segments if s in wb.answers.columns]
    # The widget's own narrow copy, each segment a categorical: a change then selects rows by
    # small integer codes and copies three columns, not a million strings in every column.
    read = [c for c in (SCORE_COLUMN, CATEGORY_COLUMN, DATE_COLUMN) if c in wb.answers.columns]
    answers = wb.answers[read].copy()
    for name in segments:
        if name not in read:
            answers[name] = wb.answers[name].astype("category")
    segment = widgets.Dropdown(
        options=[(everything, None)] + [(s, s) for s in segments],
        index=0,  # "(all)": value=None would mean nothing selected, a blank drop-down
        description=label("nps_report.explore.segment", language),
    )
    value = widgets.Dropdown(
        options=[(everything, None)],
        index=0,  # "(all)": value=None would mean nothing selected, a blank drop-down
        description=label("nps_report.explore.value", language),
    )
    periods = [*NPS_PERIODS, *(() if wb.config.period in NPS_PERIODS else (wb.config.period,))]
    period = widgets.Dropdown(
        options=[(label(f"nps_report.period.{p}", language), p) for p in periods],
        value=wb.config.period,
        description=label("nps_report.explore.period", language),
    )
    out = widgets.HTML()
    box = widgets.VBox([widgets.HBox([segment, value, period]), out])

    def update(_: Any = None) -> None:
        box.view = nps_view(
            answers,
            segment=segment.value,
            value=value.value,
            period=period.value,
            language=language,
            min_group=wb.config.privacy.min_group,
            small_n=wb.config.privacy.small_n,
        )
        out.value = nps_view_html(box.view, language, wb.config.responses.answer_scale)

    def choose_segment(_: Any = None) -> None:
        groups = nps_values(answers, segment.value) if segment.value else []
        with value.hold_trait_notifications():
            value.options = [(everything, None)] + [(group_label(g, language), g) for g in groups]
            value.index = 0
        update()

    segment.observe(choose_segment, names="value")
    value.observe(update, names="value")
    period.observe(update, names="value")
    update()
    return box
