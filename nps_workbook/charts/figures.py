"""The reports' figures, drawn with matplotlib and seaborn in the package's style.

Each function takes data first (a frame an engine returned) and keywords, draws on ``ax`` (a
new figure when None) and returns the axes, as seaborn does, so a notebook can compose
figures. What a figure states (title, marks, limits, legend) comes from :mod:`.content`, its
colours and number formats from :mod:`.style`; the score distribution, the NPS trend and the
maturity ladder read the same content as the explorers' SVG (:mod:`.svg`).

Sections: style; money (``value_by_category``, ``sensitivity_chart``); journey
(``journey_chart``, ``priority_matrix``); maturity; eNPS; loops; NPS.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.colors import LinearSegmentedColormap, TwoSlopeNorm
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..score import CATEGORIES, CONFIDENCE
from ..texts import (
    category_label,
    format_money,
    format_nps,
    format_number,
    format_percent,
    label,
)
from . import content
from .style import (
    CATEGORY_COLOURS,
    INTERVAL_COLOUR,
    LANE_COLOUR,
    LOOP_CATEGORIES,
    MISSING_COLOUR,
    NEUTRAL_COLOUR,
    NPS_SCALE,
    NPS_STEPS,
    QUADRANT_COLOURS,
    TREND_COLOUR,
    nps_colour,
    number_format,
)

# --- Style ------------------------------------------------------------------------------------

#: Size of a new figure, inches (fits an A4 page with margins).
FIGSIZE = (10.0, 6.0)

# seaborn's "talk" sizes scaled down a little: readable on paper without crowding labels.
_CONTEXT = "notebook"
_FONT_SCALE = 1.15


def _rc() -> dict[str, Any]:
    rc: dict[str, Any] = {}
    rc.update(sns.axes_style("whitegrid"))
    rc.update(sns.plotting_context(_CONTEXT, font_scale=_FONT_SCALE))
    rc.update(
        {
            "figure.figsize": FIGSIZE,
            "figure.dpi": 100,
            "savefig.dpi": 200,
            "savefig.bbox": "tight",
            "axes.titleweight": "bold",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": mpl.cycler(color=[CATEGORY_COLOURS[c] for c in CATEGORIES]),
            "text.color": NEUTRAL_COLOUR,
            "axes.labelcolor": NEUTRAL_COLOUR,
            "xtick.color": NEUTRAL_COLOUR,
            "ytick.color": NEUTRAL_COLOUR,
        }
    )
    return rc


def set_style() -> None:
    """Apply the package's style to every figure drawn after this call."""
    mpl.rcParams.update(_rc())


@contextmanager
def style() -> Iterator[None]:
    """The package's style for the figures drawn inside the ``with`` block only."""
    with mpl.rc_context(_rc()):
        yield
        interactive = mpl.is_interactive()
    # In Jupyter the first figure loads the inline backend, which turns interactive mode on;
    # leaving the context must not turn it off again, or no later figure would show.
    mpl.interactive(interactive)


def category_palette() -> dict[str, str]:
    """Colour per category (detractor/passive/promoter): exactly ``texts.CATEGORY_COLOURS``."""
    return dict(CATEGORY_COLOURS)


def nps_cmap() -> LinearSegmentedColormap:
    """Diverging colour map for NPS: detractor red at −100, passive amber at 0, promoter green
    at +100."""
    return LinearSegmentedColormap.from_list(
        "nps", [colour for _, colour in NPS_SCALE], N=NPS_STEPS
    )


def nps_norm() -> TwoSlopeNorm:
    """Normalisation of −100..100 centred on 0, to use with :func:`nps_cmap`."""
    (low, _), (centre, _), (high, _) = NPS_SCALE
    return TwoSlopeNorm(vmin=low, vcenter=centre, vmax=high)


def _axes(ax: plt.Axes | None) -> plt.Axes:
    if ax is not None:
        return ax
    with style():
        _, ax = plt.subplots(figsize=FIGSIZE, layout="constrained")
    return ax


def _style_axes(ax: plt.Axes) -> None:
    # Axes made before the style applies (ax= from the caller) get its essentials anyway.
    ax.set_axisbelow(True)
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.title.set_fontweight("bold")
    ax.title.set_horizontalalignment("left")
    ax.title.set_position((0.0, 1.0))


def _title(ax: plt.Axes, title: str, caption: str | None) -> None:
    """The figure's finding as its title and, on a line below it, which answers it draws
    (``caption``, e.g. :func:`nps_workbook.measurement.population_caption`)."""
    ax.set_title("\n".join(part for part in (title, caption) if part))


def _frame(data: Any) -> pd.DataFrame:
    """Accept an engine's result object (with ``.frame``) or its frame."""
    return data.frame if hasattr(data, "frame") else data


# --- Money ------------------------------------------------------------------------------------


def value_by_category(
    values: pd.DataFrame,
    *,
    language: str,
    currency: str,
    years: int,
    caption: str | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Value of one customer per category (lifetime value + word of mouth), as bars.

    Parameters
    ----------
    values : pandas.DataFrame
        :func:`money.customer_value`: ``category`` and ``value`` per category.
    language : {"da", "en"}
    currency : str
    years : int
        The horizon, for the axis label.
    caption : str or None
        Which answers the figure draws, on a line under its title.
    ax : matplotlib.axes.Axes or None

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _axes(ax)
    with style():
        frame = values.set_index("category").reindex(list(CATEGORIES)).reset_index()
        frame["label"] = [category_label(c, language) for c in frame["category"]]
        sns.barplot(
            data=frame,
            x="label",
            y="value",
            hue="category",
            palette=category_palette(),
            hue_order=list(CATEGORIES),
            legend=False,
            saturation=1,
            ax=ax,
        )
        for x, value in enumerate(frame["value"]):
            ax.annotate(
                format_money(value, currency, language),
                (x, value),
                xytext=(0, 4 if value >= 0 else -14),
                textcoords="offset points",
                ha="center",
                fontweight="bold",
            )
        ax.axhline(0, color=NEUTRAL_COLOUR, linewidth=0.8)
        ax.set_xlabel("")
        ax.set_ylabel(label("money.chart.value_axis", language, years=years, currency=currency))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, language)))
        _title(
            ax,
            content.customer_value_title(frame.set_index("category")["value"], language),
            caption,
        )
        _style_axes(ax)
    return ax


def sensitivity_chart(
    table: pd.DataFrame,
    *,
    language: str,
    currency: str,
    caption: str | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Tornado chart of :func:`money.sensitivity`: the business case at each assumption's low
    and high value, the assumption that moves it most on top.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from ..money import name_label

    ax = _axes(ax)
    with style():
        base = table.attrs.get("base_value", np.nan)
        frame = content.sensitivity_order(table)
        names = [name_label(n, language) for n in frame["assumption"]]
        y = np.arange(len(frame))
        low_colour, high_colour = "#9E9E9E", NEUTRAL_COLOUR
        ax.barh(y, frame["value_low"] - base, left=base, color=low_colour, height=0.6)
        ax.barh(y, frame["value_high"] - base, left=base, color=high_colour, height=0.6)
        ax.axvline(base, color="black", linewidth=1)
        ax.set_yticks(y, names)
        ax.set_xlabel(label("money.chart.sensitivity_axis", language, currency=currency))
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, language)))
        share = format_percent(table.attrs.get("change", np.nan), language)
        ax.legend(
            handles=[
                mpl.patches.Patch(
                    color=low_colour, label=label("money.chart.low", language, change=share)
                ),
                mpl.patches.Patch(
                    color=high_colour, label=label("money.chart.high", language, change=share)
                ),
            ],
            loc="lower right",
            frameon=False,
        )
        _title(ax, content.sensitivity_title(table, language), caption)
        _style_axes(ax)
    return ax


# --- Customer journey -------------------------------------------------------------------------


def journey_chart(
    journey_frame: pd.DataFrame | Any,
    *,
    language: str,
    caption: str | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """The journey: phases as lanes, touchpoints in order, coloured by NPS, sized by answers.

    Parameters
    ----------
    journey_frame : pandas.DataFrame or journey.Journey
        :attr:`journey.Journey.frame` (``name``, ``phase``, ``order``, ``n``, ``nps``).
    language : {"da", "en"}
    caption : str or None
        Which answers the figure draws, on a line under its title.
    ax : matplotlib.axes.Axes or None

    Returns
    -------
    matplotlib.axes.Axes
    """
    from ..journey import PHASES

    frame = _frame(journey_frame).sort_values(["phase", "order"], kind="stable")
    frame = frame.reset_index(drop=True)
    ax = _axes(ax)
    with style():
        lane = frame["phase"].astype(str).map({p: i for i, p in enumerate(PHASES)})
        lane = (len(PHASES) - 1 - lane).astype(float)  # "before" on top
        x = np.arange(len(frame), dtype=float)
        for i in range(len(PHASES)):
            if i % 2 == 0:
                ax.axhspan(i - 0.5, i + 0.5, color=LANE_COLOUR, zorder=0)
        n = frame["n"].astype(float).to_numpy()
        sizes = 150 + 1650 * n / max(n.max(), 1.0)
        scored = frame["nps"].notna().to_numpy()
        points = ax.scatter(
            x[scored],
            lane[scored],
            s=sizes[scored],
            c=frame.loc[scored, "nps"].astype(float),
            cmap=nps_cmap(),
            norm=nps_norm(),
            edgecolors="white",
            linewidths=1.5,
            zorder=3,
        )
        ax.scatter(x[~scored], lane[~scored], s=sizes[~scored], color=MISSING_COLOUR, zorder=3)
        for xi, yi, value in zip(x, lane, frame["nps"], strict=True):
            ax.annotate(
                format_nps(value, language),
                (xi, yi),
                xytext=(0, -28),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize="small",
                fontweight="bold",
            )
        ax.set_xticks(x, frame["name"].astype(str), rotation=40, ha="right", rotation_mode="anchor")
        ax.set_yticks(
            range(len(PHASES)),
            [label(f"journey.phase.{p}", language) for p in reversed(PHASES)],
        )
        ax.set_ylim(-0.7, len(PHASES) - 0.4)
        ax.set_xlim(-0.7, len(frame) - 0.3)
        ax.grid(False)
        ax.set_xlabel(label("journey.order", language))
        ax.set_ylabel(label("journey.phase", language))
        colourbar = ax.figure.colorbar(points, ax=ax, fraction=0.03, pad=0.02)
        colourbar.set_label(label("nps.name", language))
        if scored.any() or caption:
            _title(ax, content.journey_title(frame, language), caption)
        _style_axes(ax)
    return ax


def priority_matrix(
    journey_frame: pd.DataFrame | Any,
    *,
    language: str,
    reference_nps: float | None = None,
    importance_threshold: float | None = None,
    caption: str | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Importance to the customer against NPS, with the four quadrants.

    Parameters
    ----------
    journey_frame : pandas.DataFrame or journey.Journey
        :class:`journey.Journey` (its reference NPS and threshold are used) or its frame.
    language : {"da", "en"}
    reference_nps, importance_threshold : float or None
        The quadrant lines. None: the Journey's own; for a bare frame, the answer-weighted
        NPS of its touchpoints and ``journey.IMPORTANCE_THRESHOLD``.
    caption : str or None
        Which answers the figure draws, on a line under its title.
    ax : matplotlib.axes.Axes or None

    Returns
    -------
    matplotlib.axes.Axes
    """
    from ..journey import IMPORTANCE_THRESHOLD, QUADRANTS

    frame = _frame(journey_frame)
    if reference_nps is None:
        reference_nps = content.matrix_reference(journey_frame)
    if importance_threshold is None:
        importance_threshold = getattr(journey_frame, "importance_threshold", IMPORTANCE_THRESHOLD)
    frame = frame.dropna(subset=["nps", "importance_customer"]).copy()
    # Touchpoints sharing an importance are spread sideways a little, so labels stay apart.
    frame = frame.sort_values(["importance_customer", "nps"], kind="stable")
    position = frame.groupby("importance_customer").cumcount()
    count = frame.groupby("importance_customer")["name"].transform("size")
    frame["x"] = frame["importance_customer"] + (position - (count - 1) / 2) * 0.09
    ax = _axes(ax)
    with style():
        n = frame["n"].astype(float)
        sizes = 80 + 900 * n / max(n.max(), 1.0)
        for quadrant in QUADRANTS:
            part = frame["quadrant"].astype(str) == quadrant
            ax.scatter(
                frame.loc[part, "x"],
                frame.loc[part, "nps"],
                s=sizes[part],
                color=QUADRANT_COLOURS[quadrant],
                edgecolors="white",
                linewidths=1.2,
                label=label(f"journey.quadrant.{quadrant}", language),
                zorder=3,
            )
        top = max(float(frame["nps"].max()) + 15, reference_nps + 30) if len(frame) else 100
        bottom = min(float(frame["nps"].min()) - 15, reference_nps - 30) if len(frame) else -100
        ax.set_ylim(max(bottom, -110), min(top, 110))
        ax.set_xlim(0.8, 5.6)
        # Labels right of their point; within one importance, pushed apart vertically.
        gap = 0.045 * (ax.get_ylim()[1] - ax.get_ylim()[0])
        for _, cluster in frame.groupby("importance_customer"):
            previous = -np.inf
            for index, row in cluster.sort_values("nps").iterrows():
                y_text = max(float(row["nps"]), previous + gap)
                previous = y_text
                ax.annotate(
                    str(row["name"]),
                    (row["x"], row["nps"]),
                    xytext=(np.sqrt(sizes[index]) / 2 + 4, y_text),
                    textcoords=("offset points", "data"),
                    va="center",
                    fontsize="small",
                )
        ax.axvline(importance_threshold, color=NEUTRAL_COLOUR, linestyle="--", linewidth=1)
        ax.axhline(reference_nps, color=NEUTRAL_COLOUR, linestyle="--", linewidth=1)
        corners = {
            "fix_now": (0.99, 0.02, "right", "bottom"),
            "keep_up": (0.99, 0.98, "right", "top"),
            "watch": (0.01, 0.02, "left", "bottom"),
            "overkill": (0.01, 0.98, "left", "top"),
        }
        for quadrant, (cx, cy, ha, va) in corners.items():
            ax.text(
                cx,
                cy,
                label(f"journey.quadrant.{quadrant}", language).upper(),
                transform=ax.transAxes,
                ha=ha,
                va=va,
                color=QUADRANT_COLOURS[quadrant],
                fontweight="bold",
                alpha=0.6,
            )
        ax.text(
            0.8,
            reference_nps,
            " " + label("journey.reference", language, nps=format_nps(reference_nps, language)),
            va="bottom",
            fontsize="small",
        )
        ax.set_xlabel(label("journey.importance_customer", language))
        ax.set_ylabel(label("nps.name", language))
        handles = [
            mpl.lines.Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=10,
                color=QUADRANT_COLOURS[q],
                label=label(f"journey.quadrant.{q}", language),
            )
            for q in QUADRANTS
        ]
        ax.legend(handles=handles, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
        _title(ax, content.matrix_title(frame, language), caption)
        _style_axes(ax)
    return ax


# --- maturity ---------------------------------------------------------------------------------


def maturity_chart(result: Any, *, language: str, ax: plt.Axes | None = None) -> plt.Axes:
    """The self-test as a ladder (:func:`.content.maturity_ladder`): share of each level's
    statements met, lowest level at the bottom, with the line a level must pass to count as
    reached.

    Parameters
    ----------
    result : maturity.MaturityResult
        From :func:`maturity.assess`.
    language : {"da", "en"}
    ax : matplotlib.axes.Axes or None

    Returns
    -------
    matplotlib.axes.Axes
        Reached levels green, the next level amber, the levels above it grey.
    """
    ladder = content.maturity_ladder(result, language=language)
    percent = number_format("percent", language)
    ax = _axes(ax)
    with style():
        y = np.arange(len(ladder.rungs))
        shares = [rung.share for rung in ladder.rungs]
        ax.barh(y, shares, color=[rung.colour for rung in ladder.rungs], height=0.6, zorder=2)
        for yi, rung in zip(y, ladder.rungs, strict=True):
            ax.annotate(
                rung.text,
                (rung.share, yi),
                xytext=(5, 0),
                textcoords="offset points",
                va="center",
                fontweight="bold",
            )
        ax.set_yticks(y, [rung.name for rung in ladder.rungs])
        ax.axvline(ladder.threshold, color=NEUTRAL_COLOUR, linestyle="--", linewidth=1, zorder=3)
        ax.annotate(
            ladder.threshold_text,
            (ladder.threshold, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(-4, 0),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize="small",
        )
        ax.set_xlim(0, 1.12)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: percent(v)))
        ax.set_xlabel(ladder.axis)
        ax.set_ylabel("")
        ax.legend(
            handles=[
                mpl.patches.Patch(color=entry.colour, label=entry.text) for entry in ladder.legend
            ],
            loc="center left",
            bbox_to_anchor=(1.01, 0.5),
            frameon=False,
        )
        ax.set_title(ladder.title)
        _style_axes(ax)
    return ax


# --- eNPS -------------------------------------------------------------------------------------


def enps_chart(
    table: pd.DataFrame,
    *,
    department: str,
    round_column: str | None,
    language: str,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """eNPS per department (rows) and round (columns) as a coloured grid, the whole company
    in the bottom row. Hidden groups are drawn as hatched empty cells marked hidden: no colour
    and no number, so the figure reveals no more than the table.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`enps.enps_table` with its total rows.
    department : str
        The group column (``config.employee_survey.department``).
    round_column : str or None
        The round column (``config.employee_survey.round``); None: one round.
    language : {"da", "en"}
    ax : matplotlib.axes.Axes or None

    Returns
    -------
    matplotlib.axes.Axes
    """
    grid = content.enps_grid(
        table, department=department, round_column=round_column, language=language
    )
    values, hidden, rounds = grid.values, grid.hidden, grid.rounds
    groups = grid.rows[:-1]
    ax = _axes(ax)
    with style():
        mesh = ax.pcolormesh(
            np.ma.masked_invalid(values),
            cmap=nps_cmap(),
            norm=nps_norm(),
            edgecolors="white",
            linewidth=2,
        )
        hidden_text = label("enps.chart.hidden", language)
        for i, j in zip(*np.nonzero(hidden), strict=True):
            ax.add_patch(
                mpl.patches.Rectangle(
                    (j, i), 1, 1, facecolor="white", edgecolor=MISSING_COLOUR, hatch="//", lw=0
                )
            )
            ax.text(
                j + 0.5,
                i + 0.5,
                hidden_text,
                ha="center",
                va="center",
                fontsize="small",
                color=NEUTRAL_COLOUR,
                backgroundcolor="white",
            )
        for i, j in zip(*np.nonzero(~np.isnan(values)), strict=True):
            ax.text(
                j + 0.5,
                i + 0.5,
                format_nps(values[i, j], language),
                ha="center",
                va="center",
                fontweight="bold",
                color="white" if abs(values[i, j]) > 60 else "black",
            )
        ax.set_xticks(np.arange(len(rounds)) + 0.5, rounds)
        ax.set_yticks(np.arange(len(grid.rows)) + 0.5, grid.names)
        ax.get_yticklabels()[-1].set_fontweight("bold")
        ax.invert_yaxis()
        ax.axhline(len(groups), color=NEUTRAL_COLOUR, linewidth=2)
        ax.grid(False)
        ax.tick_params(length=0)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel(label("enps.round", language) if round_column is not None else "")
        ax.set_ylabel(label("enps.department", language))
        colourbar = ax.figure.colorbar(mesh, ax=ax, fraction=0.03, pad=0.02)
        colourbar.set_label(label("enps.name", language))
        ax.set_title(grid.title)
        _style_axes(ax)
    return ax


# --- loops ------------------------------------------------------------------------------------


def loop_counts_chart(
    counts: pd.DataFrame,
    *,
    language: str,
    window_days: int = 30,
    caption: str | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Cases per loop in this window against the window before, in the loops' colours.

    Parameters
    ----------
    counts : pandas.DataFrame
        :func:`loops.loop_counts`: ``loop``, ``this_period``, ``last_period``, ``change``.
    language : {"da", "en"}
    window_days : int, default 30
        The length of a window, for the legend.
    caption : str or None
        Which answers the figure draws, on a line under its title.
    ax : matplotlib.axes.Axes or None

    Returns
    -------
    matplotlib.axes.Axes
        Titled with the loop that changed most (the most urgent loop on a tie).
    """
    frame = counts.sort_values("loop", kind="stable").reset_index(drop=True)
    ax = _axes(ax)
    with style():
        x = np.arange(len(frame), dtype=float)
        width = 0.38
        colours = [CATEGORY_COLOURS[LOOP_CATEGORIES[int(n)]] for n in frame["loop"]]
        before = ax.bar(x - width / 2, frame["last_period"], width, color=colours, alpha=0.35)
        now = ax.bar(x + width / 2, frame["this_period"], width, color=colours)
        for bars in (before, now):
            ax.bar_label(
                bars, labels=[format_number(b.get_height(), language) for b in bars], padding=3
            )
        ax.set_xticks(x, [label(f"loop.{int(n)}.name", language) for n in frame["loop"]])
        ax.set_ylabel(label("loop.chart.counts_axis", language))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, language)))
        ax.set_ylim(0, max(1.0, float(frame[["this_period", "last_period"]].max().max())) * 1.15)
        ax.legend(
            handles=[
                mpl.patches.Patch(
                    color=NEUTRAL_COLOUR,
                    alpha=0.35,
                    label=label("loop.chart.last_period", language, days=window_days),
                ),
                mpl.patches.Patch(
                    color=NEUTRAL_COLOUR,
                    label=label("loop.chart.this_period", language, days=window_days),
                ),
            ],
            loc="upper left",
            frameon=False,
        )
        ax.grid(axis="x", visible=False)
        _title(ax, content.loop_counts_title(frame, language), caption)
        _style_axes(ax)
    return ax


def themes_chart(
    themes: pd.DataFrame, *, language: str, caption: str | None = None, ax: plt.Axes | None = None
) -> plt.Axes:
    """Share of each category's comments that mention each theme, as grouped bars.

    Themes run from the one that weighs most with detractors against promoters (top) to the one
    that weighs most with promoters (bottom): the top of the chart is where the inner loop looks.

    Parameters
    ----------
    themes : pandas.DataFrame
        :func:`comments.theme_table` by category: ``category``, ``theme``, ``share``.
    language : {"da", "en"}
    caption : str or None
        Which answers the figure draws, on a line under its title.
    ax : matplotlib.axes.Axes or None

    Returns
    -------
    matplotlib.axes.Axes
    """
    themed = content.theme_order(themes, language=language)
    long = themes.assign(
        theme_label=themes["theme"].astype(str).str.capitalize(),
        category_label=[category_label(str(c), language) for c in themes["category"]],
    )
    names = {category_label(c, language): colour for c, colour in CATEGORY_COLOURS.items()}
    ax = _axes(ax)
    with style():
        sns.barplot(
            data=long,
            y="theme_label",
            x="share",
            hue="category_label",
            order=[str(t).capitalize() for t in themed.order],
            hue_order=[category_label(c, language) for c in CATEGORIES],
            palette=names,
            saturation=1,
            orient="h",
            ax=ax,
        )
        ax.set_ylabel("")
        ax.set_xlabel(label("loop.chart.themes_axis", language))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_percent(v, language)))
        ax.legend(title=None, frameon=False, loc="lower right")
        ax.grid(axis="y", visible=False)
        _title(ax, themed.title, caption)
        _style_axes(ax)
    return ax


# --- NPS --------------------------------------------------------------------------------------

# Legends right of the axes: they never hide a point, whatever the data.
_LEGEND_OUTSIDE: dict[str, Any] = {
    "loc": "upper left",
    "bbox_to_anchor": (1.01, 1.0),
    "frameon": False,
    "fontsize": "small",
}


def score_distribution(
    answers: pd.DataFrame | pd.Series,
    *,
    language: str,
    stat: str = "percent",
    scale: str = "0-10",
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Answers per score 0..10 as bars in the category colours, each bar labelled
    (:func:`.content.score_distribution`).

    Parameters
    ----------
    answers : pandas.DataFrame or pandas.Series
        Tidy answers (their ``score`` column) or the scores themselves.
    language : {"da", "en"}
    stat : {"percent", "count"}, default "percent"
        Share of all answers, or the number of answers, per score.
    scale : {"0-10", "1-10"}, default "0-10"
        The scale the survey asked (``NpsReport.scale``): the bars and the score axis start at
        its first score.
    ax : matplotlib.axes.Axes or None

    Returns
    -------
    matplotlib.axes.Axes
        The title states the shares of promoters and detractors and the NPS they give.
    """
    chart = content.score_distribution(answers, language=language, stat=stat, scale=scale)
    write = number_format(chart.value_format, language)
    ax = _axes(ax)
    with style():
        ax.bar(
            [bar.score for bar in chart.bars],
            [bar.value for bar in chart.bars],
            width=0.8,
            color=[bar.colour for bar in chart.bars],
            edgecolor="white",
        )
        for bar in chart.bars:
            ax.annotate(
                bar.text,
                (bar.score, bar.value),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize="small",
            )
        first = chart.bars[0].score
        ax.set_xticks(range(first, 11))
        ax.set_xlim(first - 0.6, 10.6)
        ax.set_ylim(*chart.limits)
        ax.grid(axis="x", visible=False)
        ax.set_xlabel(chart.score_axis)
        ax.set_ylabel(chart.value_axis)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: write(v)))
        ax.legend(
            handles=[
                mpl.patches.Patch(color=entry.colour, label=entry.text) for entry in chart.legend
            ],
            loc="upper left",
            frameon=False,
        )
        ax.set_title(chart.title)
        _style_axes(ax)
    return ax


def nps_trend(
    period_table: pd.DataFrame,
    *,
    language: str,
    benchmark: float | None = None,
    benchmark_name: str | None = None,
    confidence: float = CONFIDENCE,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """NPS by period: a line with its confidence band, significant changes marked
    (:func:`.content.nps_trend`).

    Parameters
    ----------
    period_table : pandas.DataFrame
        :func:`score.nps_table` with ``period=`` (``period``, ``nps``, ``ci_low``, ``ci_high``,
        ``flag``, ``change``, ``change_significant``), one group.
    language : {"da", "en"}
    benchmark : float or None
        An industry NPS, drawn as a dashed, labelled line.
    benchmark_name : str or None
        Where the benchmark comes from, for its label.
    confidence : float, default ``score.CONFIDENCE``
        The level the table's intervals were computed at, for the legend.
    ax : matplotlib.axes.Axes or None

    Returns
    -------
    matplotlib.axes.Axes
        The title states the change from the first to the last period with an NPS.
    """
    chart = content.nps_trend(
        period_table,
        language=language,
        benchmark=benchmark,
        benchmark_name=benchmark_name,
        confidence=confidence,
    )
    legend = {entry.kind: entry.text for entry in chart.legend}
    points = chart.points
    x = np.arange(len(points), dtype=float)
    nps_values = np.array([p.nps for p in points], dtype=float)
    indicative = np.array([p.indicative for p in points], dtype=bool)
    significant = np.array([p.significant for p in points], dtype=bool)
    nps = number_format("nps", language)
    ax = _axes(ax)
    with style():
        ax.fill_between(
            x,
            [p.low for p in points],
            [p.high for p in points],
            color=INTERVAL_COLOUR,
            alpha=0.3,
            linewidth=0,
            label=legend["interval"],
        )
        ax.plot(x, nps_values, color=TREND_COLOUR, linewidth=2, zorder=3)
        solid = ~indicative
        ax.scatter(
            x[solid],
            nps_values[solid],
            color=[p.colour for p, shown in zip(points, solid, strict=True) if shown],
            s=70,
            edgecolors="white",
            linewidths=1,
            zorder=4,
            label=legend["nps"],
        )
        if "indicative" in legend:
            ax.scatter(
                x[indicative],
                nps_values[indicative],
                facecolors="white",
                edgecolors=TREND_COLOUR,
                s=70,
                linewidths=1.5,
                zorder=4,
                label=legend["indicative"],
            )
        if "significant" in legend:
            ax.scatter(
                x[significant],
                nps_values[significant],
                marker="o",
                s=260,
                facecolors="none",
                edgecolors=NEUTRAL_COLOUR,
                linewidths=2,
                zorder=5,
                label=legend["significant"],
            )
            for xi, point in zip(x, points, strict=True):
                if not point.significant:
                    continue
                rising = point.change >= 0
                ax.annotate(
                    point.change_text,
                    (xi, point.nps),
                    xytext=(0, 14 if rising else -16),
                    textcoords="offset points",
                    ha="center",
                    va="bottom" if rising else "top",
                    fontweight="bold",
                    fontsize="small",
                )
        if "benchmark" in legend:
            ax.axhline(
                chart.benchmark,
                color=NEUTRAL_COLOUR,
                linestyle="--",
                linewidth=1.2,
                zorder=2,
                label=legend["benchmark"],
            )
        bottom, top = chart.limits
        # Headroom for the legend, so it sits above the data instead of beside the axes.
        ax.set_ylim(bottom, top + 0.3 * (top - bottom))
        ax.axhline(0, color=NEUTRAL_COLOUR, linewidth=0.6, zorder=1)
        ax.set_xticks(x, [p.period for p in points])
        if len(points) > 6:
            ax.tick_params(axis="x", labelrotation=45)
            for tick in ax.get_xticklabels():
                tick.set_horizontalalignment("right")
                tick.set_rotation_mode("anchor")
        ax.set_xlim(-0.5, max(len(points) - 0.5, 0.5))
        ax.grid(axis="x", visible=False)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: nps(v)))
        ax.set_xlabel(chart.period_axis)
        ax.set_ylabel(chart.value_axis)
        ax.legend(loc="upper left", ncols=2, frameon=False, fontsize="small")
        ax.set_title(chart.title)
        _style_axes(ax)
    return ax


def nps_by_segment(
    table: pd.DataFrame,
    segment: str,
    *,
    language: str,
    overall: float | None = None,
    confidence: float = CONFIDENCE,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """NPS per group of a segment, highest first, each with its confidence interval.

    Indicative groups (few answers) are drawn hollow; hidden groups (too few answers to show)
    are listed at the bottom as hidden, without a score.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`score.nps_table` with ``by=segment`` (``segment``, ``nps``, ``ci_low``,
        ``ci_high``, ``flag``).
    segment : str
        The segment column; its name labels the axis.
    language : {"da", "en"}
    overall : float or None
        The NPS of all answers, drawn as a dashed reference line.
    confidence : float, default 0.95
        The level the table's intervals were computed at, for the legend.
    ax : matplotlib.axes.Axes or None
        None: a new figure, its height fitted to the number of groups.

    Returns
    -------
    matplotlib.axes.Axes
        The title names the highest and lowest group with their NPS.
    """
    from ..pages.nps import group_label, sort_segment

    frame = sort_segment(table)
    names = [group_label(v, language) for v in frame[segment]]
    rows = len(frame)
    if ax is None:
        with style():
            _, ax = plt.subplots(
                figsize=(FIGSIZE[0], max(3.0, 1.6 + 0.42 * rows)), layout="constrained"
            )
    y = np.arange(rows, dtype=float)[::-1]  # highest on top
    nps_values = frame["nps"].astype(float).to_numpy()
    flags = frame["flag"].astype(str).to_numpy()
    shown = ~np.isnan(nps_values)
    indicative = shown & (flags == "indicative")
    solid = shown & ~indicative
    with style():
        ax.hlines(
            y[shown],
            frame.loc[shown, "ci_low"].astype(float),
            frame.loc[shown, "ci_high"].astype(float),
            color=INTERVAL_COLOUR,
            linewidth=4,
            alpha=0.7,
            zorder=2,
        )
        ax.scatter(
            nps_values[solid],
            y[solid],
            color=[nps_colour(v) for v in nps_values[solid]],
            s=110,
            edgecolors="white",
            linewidths=1,
            zorder=3,
        )
        if indicative.any():
            ax.scatter(
                nps_values[indicative],
                y[indicative],
                facecolors="white",
                edgecolors=[nps_colour(v) for v in nps_values[indicative]],
                s=110,
                linewidths=2,
                zorder=3,
            )
        for yi, value, high in zip(
            y[shown], nps_values[shown], frame.loc[shown, "ci_high"].astype(float), strict=True
        ):
            ax.annotate(
                format_nps(value, language),
                (high, yi),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontweight="bold",
                fontsize="small",
            )
        limits = [*frame["ci_low"].astype(float), *frame["ci_high"].astype(float)]
        left, right = content.nps_limits([*limits, *(() if overall is None else (overall,))])
        right += 0.1 * (right - left)  # room for the value labels
        ax.set_xlim(left, right)
        for yi in y[~shown]:
            ax.text(
                0.01,
                yi,
                label("flag.suppressed", language),
                transform=ax.get_yaxis_transform(),
                ha="left",
                va="center",
                style="italic",
                color=MISSING_COLOUR,
                fontsize="small",
            )
        ax.axvline(0, color=NEUTRAL_COLOUR, linewidth=0.6, zorder=1)
        handles = [
            mpl.lines.Line2D(
                [],
                [],
                color=INTERVAL_COLOUR,
                linewidth=4,
                alpha=0.7,
                label=label(
                    "nps_report.chart.interval",
                    language,
                    level=format_percent(confidence, language),
                ),
            )
        ]
        if overall is not None:
            ax.axvline(overall, color=NEUTRAL_COLOUR, linestyle="--", linewidth=1.2, zorder=1)
            handles.append(
                mpl.lines.Line2D(
                    [],
                    [],
                    color=NEUTRAL_COLOUR,
                    linestyle="--",
                    label=label(
                        "nps_report.chart.overall", language, nps=format_nps(overall, language)
                    ),
                )
            )
        if indicative.any():
            handles.append(
                mpl.lines.Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markersize=10,
                    markerfacecolor="white",
                    markeredgecolor=NEUTRAL_COLOUR,
                    markeredgewidth=2,
                    label=label("nps_report.chart.indicative", language),
                )
            )
        ax.legend(handles=handles, **_LEGEND_OUTSIDE)
        ax.set_yticks(y, names)
        ax.set_ylim(-0.7, rows - 0.3)
        ax.grid(axis="y", visible=False)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_nps(v, language)))
        ax.set_xlabel(label("nps.name", language))
        ax.set_ylabel(segment)
        ax.set_title(content.segment_title(names, nps_values, segment, language))
        _style_axes(ax)
    return ax
