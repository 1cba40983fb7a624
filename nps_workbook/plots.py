"""Figures, in one style: the category colours, a red-amber-green NPS scale, readable in print.

Each function takes data first (a frame an engine returned) and keywords, draws on ``ax`` (a
new figure when None) and returns the axes, as seaborn does, so a notebook can compose
figures. Titles state the finding; every text comes from ``texts`` in the chosen language.

Sections: style; money (``value_by_category``, ``sensitivity_chart``); journey
(``journey_chart``, ``priority_matrix``). Add new kinds of figure in their own section.
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

from .score import CATEGORIES
from .texts import (
    CATEGORY_COLOURS,
    NEUTRAL_COLOUR,
    category_label,
    format_money,
    format_nps,
    format_number,
    format_percent,
    label,
)

# --- Style ------------------------------------------------------------------------------------

#: Quadrant colours of the priority matrix, borrowed from the categories so red means "act".
QUADRANT_COLOURS: dict[str, str] = {
    "fix_now": CATEGORY_COLOURS["detractor"],
    "keep_up": CATEGORY_COLOURS["promoter"],
    "watch": CATEGORY_COLOURS["passive"],
    "overkill": NEUTRAL_COLOUR,
}
#: Colour of a touchpoint without a score (too few answers, or none).
MISSING_COLOUR = "#BDBDBD"
#: Light grey behind alternate lanes.
LANE_COLOUR = "#F2F2F2"
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


def category_palette() -> dict[str, str]:
    """Colour per category (detractor/passive/promoter): exactly ``texts.CATEGORY_COLOURS``."""
    return dict(CATEGORY_COLOURS)


def nps_cmap() -> LinearSegmentedColormap:
    """Diverging colour map for NPS: detractor red at −100, passive amber at 0, promoter green
    at +100."""
    return LinearSegmentedColormap.from_list(
        "nps", [CATEGORY_COLOURS[c] for c in CATEGORIES], N=256
    )


def nps_norm() -> TwoSlopeNorm:
    """Normalisation of −100..100 centred on 0, to use with :func:`nps_cmap`."""
    return TwoSlopeNorm(vmin=-100, vcenter=0, vmax=100)


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
        worth = frame.set_index("category")["value"]
        if worth["detractor"] > 0:
            ratio = format_number(worth["promoter"] / worth["detractor"], language, 1)
            ax.set_title(label("money.chart.value_title", language, ratio=ratio))
        else:
            ax.set_title(label("money.input.customer_value", language))
        _style_axes(ax)
    return ax


def sensitivity_chart(
    table: pd.DataFrame,
    *,
    language: str,
    currency: str,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Tornado chart of :func:`money.sensitivity`: the business case at each assumption's low
    and high value, the assumption that moves it most on top.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from .money import name_label

    ax = _axes(ax)
    with style():
        base = table.attrs.get("base_value", np.nan)
        frame = table.sort_values("swing", ascending=True, kind="stable")
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
        top = name_label(frame["assumption"].iloc[-1], language) if len(frame) else ""
        ax.set_title(label("money.chart.sensitivity_title", language, assumption=top))
        _style_axes(ax)
    return ax


# --- Customer journey -------------------------------------------------------------------------


def journey_chart(
    journey_frame: pd.DataFrame | Any, *, language: str, ax: plt.Axes | None = None
) -> plt.Axes:
    """The journey: phases as lanes, touchpoints in order, coloured by NPS, sized by answers.

    Parameters
    ----------
    journey_frame : pandas.DataFrame or journey.Journey
        :attr:`journey.Journey.frame` (``name``, ``phase``, ``order``, ``n``, ``nps``).
    language : {"da", "en"}
    ax : matplotlib.axes.Axes or None

    Returns
    -------
    matplotlib.axes.Axes
    """
    from .journey import PHASES

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
        worst = frame.loc[frame["nps"].astype(float).idxmin()] if scored.any() else None
        if worst is not None:
            ax.set_title(
                label(
                    "journey.chart.title",
                    language,
                    touchpoint=worst["name"],
                    nps=format_nps(worst["nps"], language),
                )
            )
        _style_axes(ax)
    return ax


def priority_matrix(
    journey_frame: pd.DataFrame | Any,
    *,
    language: str,
    reference_nps: float | None = None,
    importance_threshold: float | None = None,
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
    ax : matplotlib.axes.Axes or None

    Returns
    -------
    matplotlib.axes.Axes
    """
    from .journey import IMPORTANCE_THRESHOLD, QUADRANTS

    frame = _frame(journey_frame)
    if reference_nps is None:
        reference_nps = getattr(journey_frame, "reference_nps", None)
    if reference_nps is None:
        weights = frame["n"].astype(float)
        reference_nps = float((frame["nps"] * weights).sum() / weights[frame["nps"].notna()].sum())
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
        urgent = frame[frame["quadrant"].astype(str) == "fix_now"]
        if urgent.empty:
            ax.set_title(label("journey.matrix.title_none", language))
        else:
            first = urgent.sort_values("priority", ascending=False).iloc[0]
            ax.set_title(label("journey.matrix.title", language, touchpoint=first["name"]))
        _style_axes(ax)
    return ax
