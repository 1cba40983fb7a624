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

from .score import CATEGORIES, CONFIDENCE
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


# --- maturity ---------------------------------------------------------------------------------


#: Colour of a level of the maturity ladder: reached, the next to reach, the ones after it.
MATURITY_COLOURS = {
    "reached": CATEGORY_COLOURS["promoter"],
    "next": CATEGORY_COLOURS["passive"],
    "later": MISSING_COLOUR,
}


def maturity_state(result: Any, level: int) -> str:
    """ "reached", "next" or "later": where `level` stands in the self-test's `result`."""
    if level <= result.level:
        return "reached"
    return "next" if level == result.level + 1 else "later"


def maturity_title(result: Any, language: str) -> str:
    """The finding of the self-test: the level reached and how far the next one is."""
    from .maturity import LEVELS

    if result.level == LEVELS[-1]:
        return label("maturity.chart.title_top", language)
    following = result.level + 1
    return label(
        "maturity.chart.title" if result.level else "maturity.chart.title_start",
        language,
        level=label(f"maturity.level.{result.level}", language),
        next=label(f"maturity.level.{following}", language),
        share=format_percent(result.shares[following], language),
    )


def maturity_chart(result: Any, *, language: str, ax: plt.Axes | None = None) -> plt.Axes:
    """The self-test as a ladder: share of each level's statements met, lowest level at the
    bottom, with the line a level must pass to count as reached.

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
    from .maturity import LEVELS, REACHED_SHARE

    ax = _axes(ax)
    with style():
        shares = [float(result.shares[level]) for level in LEVELS]
        colours = [MATURITY_COLOURS[maturity_state(result, level)] for level in LEVELS]
        y = np.arange(len(LEVELS))
        ax.barh(y, shares, color=colours, height=0.6, zorder=2)
        for yi, share in zip(y, shares, strict=True):
            ax.annotate(
                format_percent(share, language),
                (share, yi),
                xytext=(5, 0),
                textcoords="offset points",
                va="center",
                fontweight="bold",
            )
        ax.set_yticks(y, [label(f"maturity.level.{level}", language) for level in LEVELS])
        ax.axvline(REACHED_SHARE, color=NEUTRAL_COLOUR, linestyle="--", linewidth=1, zorder=3)
        ax.annotate(
            label(
                "maturity.chart.threshold", language, share=format_percent(REACHED_SHARE, language)
            ),
            (REACHED_SHARE, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(-4, 0),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize="small",
        )
        ax.set_xlim(0, 1.12)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_percent(v, language)))
        ax.set_xlabel(label("maturity.chart.axis", language))
        ax.set_ylabel("")
        ax.legend(
            handles=[
                mpl.patches.Patch(color=colour, label=label(f"maturity.chart.{key}", language))
                for key, colour in MATURITY_COLOURS.items()
            ],
            loc="center left",
            bbox_to_anchor=(1.01, 0.5),
            frameon=False,
        )
        ax.set_title(maturity_title(result, language))
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
    from .enps import TOTAL_LABEL

    frame = table.copy()
    if round_column is None:
        round_column = "_round"
        frame[round_column] = label("enps.total", language)
    frame["_hidden"] = frame["suppression"].astype(str) != ""
    rounds = list(pd.unique(frame[round_column].astype(str)))
    groups = [g for g in pd.unique(frame[department].astype(str)) if g != TOTAL_LABEL]
    rows = [*groups, TOTAL_LABEL]
    keyed = frame.assign(
        _round=frame[round_column].astype(str), _group=frame[department].astype(str)
    )
    keyed = keyed.set_index(["_group", "_round"])
    values = np.full((len(rows), len(rounds)), np.nan)
    hidden = np.zeros(values.shape, dtype=bool)
    for i, group in enumerate(rows):
        for j, round_ in enumerate(rounds):
            if (group, round_) in keyed.index:
                row = keyed.loc[(group, round_)]
                hidden[i, j] = bool(row["_hidden"])
                values[i, j] = np.nan if hidden[i, j] else float(row["nps"])
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
        names = [label("enps.total", language) if g == TOTAL_LABEL else g for g in rows]
        ax.set_yticks(np.arange(len(rows)) + 0.5, names)
        ax.get_yticklabels()[-1].set_fontweight("bold")
        ax.invert_yaxis()
        ax.axhline(len(groups), color=NEUTRAL_COLOUR, linewidth=2)
        ax.grid(False)
        ax.tick_params(length=0)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel(label("enps.round", language) if round_column != "_round" else "")
        ax.set_ylabel(label("enps.department", language))
        colourbar = ax.figure.colorbar(mesh, ax=ax, fraction=0.03, pad=0.02)
        colourbar.set_label(label("enps.name", language))
        ax.set_title(_enps_title(values, hidden, rows, rounds, language))
        _style_axes(ax)
    return ax


def _enps_title(
    values: np.ndarray, hidden: np.ndarray, rows: list[str], rounds: list[str], language: str
) -> str:
    """The finding: the company's eNPS from the first round to the last, and the department
    (among those shown in both) that fell most."""
    total = values[-1]
    if len(rounds) < 2 or np.isnan(total[0]) or np.isnan(total[-1]):
        return label(
            "enps.chart.title_one", language, nps=format_nps(total[-1], language), round=rounds[-1]
        )
    first, last = total[0], total[-1]
    key = (
        "title_rose"
        if round(last) > round(first)
        else "title_fell"
        if round(last) < round(first)
        else "title_flat"
    )
    title = label(
        f"enps.chart.{key}",
        language,
        first_nps=format_nps(first, language),
        last_nps=format_nps(last, language),
        first=rounds[0],
        last=rounds[-1],
    )
    change = values[:-1, -1] - values[:-1, 0]
    if np.isfinite(change).any() and np.nanmin(change) < 0:
        worst = int(np.nanargmin(change))
        title += "\n" + label(
            "enps.chart.fell_most",
            language,
            department=rows[worst],
            change=format_nps(change[worst], language),
        )
    return title


# --- loops ------------------------------------------------------------------------------------

#: The category whose colour each loop wears: loop 1 red, loop 2 amber, loop 3 green.
LOOP_CATEGORIES: dict[int, str] = {1: "detractor", 2: "passive", 3: "promoter"}


def loop_counts_chart(
    counts: pd.DataFrame,
    *,
    language: str,
    window_days: int = 30,
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
        ax.set_title(_loop_counts_title(frame, language))
        _style_axes(ax)
    return ax


def _loop_counts_title(frame: pd.DataFrame, language: str) -> str:
    change = frame["change"].abs()
    if len(frame) == 0 or change.max() == 0:
        return label("loop.chart.counts_same", language)
    row = frame.loc[change.idxmax()]  # idxmax takes the first, i.e. the most urgent loop
    key = "loop.chart.counts_rose" if row["change"] > 0 else "loop.chart.counts_fell"
    return label(
        key,
        language,
        loop=label(f"loop.{int(row['loop'])}.name", language),
        last=format_number(row["last_period"], language),
        this=format_number(row["this_period"], language),
    )


def themes_chart(themes: pd.DataFrame, *, language: str, ax: plt.Axes | None = None) -> plt.Axes:
    """Share of each category's comments that mention each theme, as grouped bars.

    Themes run from the one that weighs most with detractors against promoters (top) to the one
    that weighs most with promoters (bottom): the top of the chart is where the inner loop looks.

    Parameters
    ----------
    themes : pandas.DataFrame
        :func:`comments.theme_table` by category: ``category``, ``theme``, ``share``.
    language : {"da", "en"}
    ax : matplotlib.axes.Axes or None

    Returns
    -------
    matplotlib.axes.Axes
    """
    shares = (
        themes.pivot_table(index="theme", columns="category", values="share", observed=True)
        .reindex(columns=list(CATEGORIES))
        .fillna(0.0)
    )
    difference = shares["detractor"] - shares["promoter"]
    order = difference.sort_values(ascending=False, kind="stable").index
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
            order=[str(t).capitalize() for t in order],
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
        if len(order) and difference[order[0]] > 0:
            top = order[0]
            ax.set_title(
                label(
                    "loop.chart.themes_title",
                    language,
                    theme=str(top),
                    detractors=format_percent(shares.loc[top, "detractor"], language),
                    promoters=format_percent(shares.loc[top, "promoter"], language),
                )
            )
        else:
            ax.set_title(label("loop.chart.themes_none", language))
        _style_axes(ax)
    return ax


# --- NPS --------------------------------------------------------------------------------------

#: Colour of the confidence band and interval bars around an NPS.
INTERVAL_COLOUR = "#9E9E9E"
#: Colour of the line through the periods of a trend.
TREND_COLOUR = NEUTRAL_COLOUR
# Legends right of the axes: they never hide a point, whatever the data.
_LEGEND_OUTSIDE: dict[str, Any] = {
    "loc": "upper left",
    "bbox_to_anchor": (1.01, 1.0),
    "frameon": False,
    "fontsize": "small",
}


def score_category(score: int) -> str:
    """The category of a score 0..10: "detractor", "passive" or "promoter"."""
    from .score import DETRACTOR_MAX, PROMOTER_MIN

    if score <= DETRACTOR_MAX:
        return "detractor"
    return "promoter" if score >= PROMOTER_MIN else "passive"


def score_counts(answers: pd.DataFrame | pd.Series | Any) -> np.ndarray:
    """Answers per score 0..10 (11 counts), from tidy answers (their ``score``) or scores."""
    if isinstance(answers, pd.DataFrame):
        answers = answers["score"]
    scores = np.asarray(answers, dtype=float)
    return np.bincount(scores.astype(int), minlength=11)[:11] if len(scores) else np.zeros(11)


def score_distribution(
    answers: pd.DataFrame | pd.Series,
    *,
    language: str,
    stat: str = "percent",
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Answers per score 0..10 as bars in the category colours, each bar labelled.

    Parameters
    ----------
    answers : pandas.DataFrame or pandas.Series
        Tidy answers (their ``score`` column) or the scores themselves.
    language : {"da", "en"}
    stat : {"percent", "count"}, default "percent"
        Share of all answers, or the number of answers, per score.
    ax : matplotlib.axes.Axes or None

    Returns
    -------
    matplotlib.axes.Axes
        The title states the shares of promoters and detractors and the NPS they give.
    """
    if stat not in ("percent", "count"):
        raise ValueError(f"stat={stat!r}; expected 'percent' or 'count'")
    counts = score_counts(answers)
    n = counts.sum()
    values = counts / n if stat == "percent" and n else counts.astype(float)
    categories = [score_category(s) for s in range(11)]
    ax = _axes(ax)
    with style():
        ax.bar(
            range(11),
            values,
            width=0.8,
            color=[CATEGORY_COLOURS[c] for c in categories],
            edgecolor="white",
        )
        for score, value in enumerate(values):
            text = (
                format_percent(value, language)
                if stat == "percent"
                else format_number(value, language)
            )
            ax.annotate(
                text,
                (score, value),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize="small",
            )
        ax.set_xticks(range(11))
        ax.set_xlim(-0.6, 10.6)
        ax.set_ylim(0, max(values.max(), 1e-9) * 1.15)
        ax.grid(axis="x", visible=False)
        ax.set_xlabel(label("nps_report.chart.score_axis", language))
        if stat == "percent":
            ax.set_ylabel(label("nps_report.chart.share_axis", language))
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_percent(v, language)))
        else:
            ax.set_ylabel(label("nps_report.chart.count_axis", language))
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, language)))
        shares = category_shares(counts)
        ax.legend(
            handles=[
                mpl.patches.Patch(
                    color=CATEGORY_COLOURS[c],
                    label=f"{category_label(c, language)}: {format_percent(shares[c], language)}",
                )
                for c in reversed(CATEGORIES)
            ],
            loc="upper left",
            frameon=False,
        )
        ax.set_title(distribution_title(shares, language))
        _style_axes(ax)
    return ax


def category_shares(counts: np.ndarray) -> dict[str, float]:
    """Share of the answers in each category, from the answers per score 0..10 (NaN for none)."""
    n = counts.sum()
    return {
        c: (float(sum(counts[s] for s in range(11) if score_category(s) == c)) / n if n else np.nan)
        for c in CATEGORIES
    }


def distribution_title(shares: dict[str, float], language: str) -> str:
    """The finding of a score distribution: its shares of promoters and detractors and NPS."""
    if not np.isfinite(shares["promoter"]):
        return label("nps_report.chart.no_data", language)
    return label(
        "nps_report.chart.distribution_title",
        language,
        promoters=format_percent(shares["promoter"], language),
        detractors=format_percent(shares["detractor"], language),
        nps=format_nps(100 * (shares["promoter"] - shares["detractor"]), language),
    )


def nps_limits(values: list[float]) -> tuple[float, float]:
    """Y (or x) limits around NPS values with some air, within −100..100, always showing 0."""
    finite = [v for v in values if v is not None and np.isfinite(v)]
    low, high = min([*finite, 0.0]), max([*finite, 0.0])
    pad = max(5.0, 0.08 * (high - low))
    return max(low - pad, -105.0), min(high + pad, 105.0)


def nps_trend(
    period_table: pd.DataFrame,
    *,
    language: str,
    benchmark: float | None = None,
    benchmark_name: str | None = None,
    confidence: float = CONFIDENCE,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """NPS by period: a line with its confidence band, significant changes marked.

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
    confidence : float, default 0.95
        The level the table's intervals were computed at, for the legend.
    ax : matplotlib.axes.Axes or None

    Returns
    -------
    matplotlib.axes.Axes
        The title states the change from the first to the last period with an NPS.
    """
    from .pages.nps import period_text

    frame = period_table.reset_index(drop=True)
    x = np.arange(len(frame), dtype=float)
    nps_values = frame["nps"].astype(float).to_numpy()
    low = frame["ci_low"].astype(float).to_numpy()
    high = frame["ci_high"].astype(float).to_numpy()
    indicative = (frame["flag"].astype(str) == "indicative").to_numpy()
    significant = frame["change_significant"].fillna(False).astype(bool).to_numpy()
    ax = _axes(ax)
    with style():
        level = format_percent(confidence, language)
        ax.fill_between(
            x,
            low,
            high,
            color=INTERVAL_COLOUR,
            alpha=0.3,
            linewidth=0,
            label=label("nps_report.chart.interval", language, level=level),
        )
        ax.plot(x, nps_values, color=TREND_COLOUR, linewidth=2, zorder=3)
        solid = ~indicative
        ax.scatter(
            x[solid],
            nps_values[solid],
            c=nps_values[solid],
            cmap=nps_cmap(),
            norm=nps_norm(),
            s=70,
            edgecolors="white",
            linewidths=1,
            zorder=4,
            label=label("nps.name", language),
        )
        if indicative.any():
            ax.scatter(
                x[indicative],
                nps_values[indicative],
                facecolors="white",
                edgecolors=TREND_COLOUR,
                s=70,
                linewidths=1.5,
                zorder=4,
                label=label("nps_report.chart.indicative", language),
            )
        if significant.any():
            ax.scatter(
                x[significant],
                nps_values[significant],
                marker="o",
                s=260,
                facecolors="none",
                edgecolors=NEUTRAL_COLOUR,
                linewidths=2,
                zorder=5,
                label=label("nps_report.chart.significant", language),
            )
            for xi, value, change in zip(
                x[significant],
                nps_values[significant],
                frame.loc[significant, "change"].astype(float),
                strict=True,
            ):
                ax.annotate(
                    format_nps(change, language),
                    (xi, value),
                    xytext=(0, 14 if change >= 0 else -16),
                    textcoords="offset points",
                    ha="center",
                    va="bottom" if change >= 0 else "top",
                    fontweight="bold",
                    fontsize="small",
                )
        if benchmark is not None:
            name = benchmark_name or label("nps_report.benchmark.unnamed", language)
            ax.axhline(
                benchmark,
                color=NEUTRAL_COLOUR,
                linestyle="--",
                linewidth=1.2,
                zorder=2,
                label=label(
                    "nps_report.chart.benchmark",
                    language,
                    name=name,
                    nps=format_nps(benchmark, language),
                ),
            )
        bottom, top = nps_limits([*low, *high, *(() if benchmark is None else (benchmark,))])
        # Headroom for the legend, so it sits above the data instead of beside the axes.
        ax.set_ylim(bottom, top + 0.3 * (top - bottom))
        ax.axhline(0, color=NEUTRAL_COLOUR, linewidth=0.6, zorder=1)
        ax.set_xticks(x, [period_text(p, language) for p in frame["period"]])
        if len(frame) > 6:
            ax.tick_params(axis="x", labelrotation=45)
            for tick in ax.get_xticklabels():
                tick.set_horizontalalignment("right")
                tick.set_rotation_mode("anchor")
        ax.set_xlim(-0.5, max(len(frame) - 0.5, 0.5))
        ax.grid(axis="x", visible=False)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_nps(v, language)))
        ax.set_xlabel(label("nps_report.chart.period_axis", language))
        ax.set_ylabel(label("nps.name", language))
        ax.legend(loc="upper left", ncols=2, frameon=False, fontsize="small")
        ax.set_title(trend_title(frame, language))
        _style_axes(ax)
    return ax


def trend_title(frame: pd.DataFrame, language: str) -> str:
    """The finding of a trend: the change from the first to the last period with an NPS."""
    from .pages.nps import period_text

    shown = frame[frame["nps"].notna()]
    if shown.empty:
        return label("nps_report.chart.no_data", language)
    first, last = shown.iloc[0], shown.iloc[-1]
    if len(shown) == 1:
        return label(
            "nps_report.chart.trend_single",
            language,
            nps=format_nps(last["nps"], language),
            period=period_text(last["period"], language),
        )
    change = round(float(last["nps"])) - round(float(first["nps"]))
    periods = {
        "first": period_text(first["period"], language),
        "last": period_text(last["period"], language),
    }
    if change == 0:
        return label(
            "nps_report.chart.trend_flat",
            language,
            nps=format_nps(last["nps"], language),
            **periods,
        )
    key = "nps_report.chart.trend_up" if change > 0 else "nps_report.chart.trend_down"
    return label(key, language, points=format_number(abs(change), language), **periods)


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
    from .pages.nps import group_label, sort_segment

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
            c=nps_values[solid],
            cmap=nps_cmap(),
            norm=nps_norm(),
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
                edgecolors=[nps_cmap()(nps_norm()(v)) for v in nps_values[indicative]],
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
        left, right = nps_limits([*limits, *(() if overall is None else (overall,))])
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
        if shown.sum() >= 2:
            best = int(np.flatnonzero(shown)[0])
            worst = int(np.flatnonzero(shown)[-1])
            ax.set_title(
                label(
                    "nps_report.chart.segment_title",
                    language,
                    best=names[best],
                    best_nps=format_nps(nps_values[best], language),
                    worst=names[worst],
                    worst_nps=format_nps(nps_values[worst], language),
                )
            )
        else:
            ax.set_title(label("nps_report.chart.segment_single", language, segment=segment))
        _style_axes(ax)
    return ax
