"""The workshop deck: report.pptx, one slide per finding, for the consultant to present.

The deck is built from what a batch already keeps for a client: summary.json's ``key_figures``
and ``figures`` (what each notebook recorded with ``Workbook.record``, see the pages'
``key_figures`` functions), and, when the batch wrote them, its ``summary`` statements (a list of
``{"text": ..., "section": ...}``). Slides, in order: title, summary, NPS and trend, one per
segment column, journey (priority matrix), loops, money (value by category; business case and
sensitivity), eNPS, next steps. A section whose notebook did not run, or that recorded nothing
to show, has no slide.

Each slide's title is its finding in one line ("NPS +26 (95 % KI +22 til +31), 14 point over
K3 2024 — ikke en sikker ændring"), its bullets the figures behind it, in the client's language
and number formats (``texts.format_*``). Charts are native PowerPoint charts (the client can
restyle them) in the category colours of :mod:`nps_workbook.charts.style`; their data labels
are the formatted numbers as text, so a Danish deck shows Danish numbers in any PowerPoint.

Planning and drawing are apart: :func:`plan_slides` makes plain :class:`Slide` records (tested
without PowerPoint), :func:`build_deck` draws them with python-pptx, :func:`write_deck` saves.

Examples
--------
>>> figures = {"key_figures": {"nps": 26.2, "nps_ci_low": 21.5, "nps_ci_high": 30.8,
...            "confidence": 0.95, "n": 1174}, "figures": {}}
>>> for slide in plan_slides(figures, client="Kvistholm", language="en"):
...     print(slide.section, "|", slide.title)
title | Net Promoter Score: Kvistholm
summary | NPS +26 (95% CI +22 to +31)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import texts
from .charts.style import (
    CATEGORY_COLOURS,
    INTERVAL_COLOUR,
    LOOP_CATEGORIES,
    NEUTRAL_COLOUR,
    QUADRANT_COLOURS,
    TREND_COLOUR,
    nps_colour,
)
from .files import atomic_path
from .score import CATEGORIES

DECK_FILE = "report.pptx"
#: Slide size: 16:9 in inches, as PowerPoint's default widescreen.
WIDTH, HEIGHT = 13.333, 7.5
#: The sections in the order of the deck (a :class:`Slide`'s ``section``).
SECTIONS = ("title", "summary", "nps", "segments", "journey", "loops", "money", "enps", "next")
#: At most this many bullets on a slide, so the text stays readable beside its chart.
MAX_BULLETS = 6


@dataclass(frozen=True)
class Series:
    """One series of a chart: its name, values (or (x, y) points for a scatter), a colour per
    series or per point (``#rrggbb``), and the text shown at each point."""

    name: str
    values: tuple[Any, ...]
    colours: tuple[str, ...]
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chart:
    """A native chart: ``kind`` is "line", "bar" (columns), "barh" (horizontal bars) or
    "scatter"; ``categories`` the x values of a line or bar chart; axis titles as shown;
    ``nps``: the value axis is an NPS, written with its sign."""

    kind: str
    series: tuple[Series, ...]
    categories: tuple[str, ...] = ()
    x_title: str = ""
    y_title: str = ""
    legend: bool = False
    nps: bool = False


@dataclass(frozen=True)
class Slide:
    """One slide: its section, the one-line title (the finding), bullets and a chart."""

    section: str
    title: str
    bullets: tuple[str, ...] = ()
    chart: Chart | None = None
    subtitle: str = ""


@dataclass
class _Context:
    key: dict[str, Any]
    figures: dict[str, dict[str, Any]]
    language: str
    currency: str
    statements: list[dict[str, Any]] = field(default_factory=list)

    def label(self, key: str, **values: object) -> str:
        return texts.label(f"deck.{key}", self.language, **values)

    def nps(self, value: float | None) -> str:
        return texts.format_nps(value, self.language)

    def number(self, value: float | None) -> str:
        return texts.format_number(value, self.language)

    def money(self, value: float | None) -> str:
        return texts.format_money(value, self.currency, self.language)

    def percent(self, value: float | None) -> str:
        return texts.format_percent(value, self.language)

    def period(self, value: object) -> str:
        return texts.format_period(value, self.language)

    @property
    def level(self) -> str:
        return self.percent(self.key.get("confidence") or 0.95)


def _plain(text: str) -> str:
    """A statement's Markdown as plain slide text: no emphasis marks, links as their text."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", str(text))
    return re.sub(r"\*\*|__", "", text).strip()


def _limited(bullets: Sequence[str]) -> tuple[str, ...]:
    return tuple(b for b in bullets if b)[:MAX_BULLETS]


# --- the sections -------------------------------------------------------------------------------


def headline(ctx: _Context) -> str:
    """The NPS, its interval and the change from the period before, as one line."""
    key = ctx.key
    text = ctx.label(
        "headline.nps",
        nps=ctx.nps(key["nps"]),
        level=ctx.level,
        low=ctx.nps(key.get("nps_ci_low")),
        high=ctx.nps(key.get("nps_ci_high")),
    )
    trend = key.get("trend")
    if trend and trend.get("change") is not None:
        change = round(trend["change"])
        # The change is the latest period's, not the headline's (all answers): say whose.
        periods = {"current": ctx.period(trend["period"]), "period": ctx.period(trend["previous"])}
        points = ctx.number(abs(change))
        if change > 0:
            move = ctx.label("headline.above", points=points, **periods)
        elif change < 0:
            move = ctx.label("headline.below", points=points, **periods)
        else:
            move = ctx.label("headline.same", **periods)
        verdict = "significant" if trend.get("significant") else "not_significant"
        text += f"; {move} — {ctx.label(f'headline.{verdict}')}"
    return text


def _title(ctx: _Context, client: str, generated: str) -> Slide:
    nps = ctx.figures.get("02_nps") or {}
    trend = nps.get("nps_trend") or []
    subtitle = (
        ctx.label("title.subtitle", period=ctx.period(trend[-1]["period"]))
        if trend
        else ctx.label("title.subtitle_plain")
    )
    if generated:
        subtitle += "\n" + ctx.label("title.generated", date=generated)
    return Slide("title", ctx.label("title.heading", client=client), subtitle=subtitle)


def _summary_bullets(ctx: _Context) -> list[str]:
    key = ctx.key
    bullets = []
    if key.get("nps") is not None:
        bullets.append(
            ctx.label(
                "summary.nps",
                nps=ctx.nps(key["nps"]),
                n=ctx.number(key.get("n")),
                level=ctx.level,
                low=ctx.nps(key.get("nps_ci_low")),
                high=ctx.nps(key.get("nps_ci_high")),
            )
        )
    trend = key.get("trend")
    if trend and trend.get("change") is not None:
        verdict = "significant" if trend.get("significant") else "not_significant"
        bullets.append(
            ctx.label(
                "summary.trend",
                period=ctx.period(trend["previous"]),
                change=ctx.nps(trend["change"]),
                significance=ctx.label(f"summary.{verdict}"),
            )
        )
    if key.get("revenue_at_risk") is not None:
        bullets.append(
            ctx.label("summary.revenue_at_risk", value=ctx.money(key["revenue_at_risk"]))
        )
    if key.get("business_case_per_year") is not None:
        value = ctx.money(key["business_case_per_year"])
        bullets.append(ctx.label("summary.business_case", value=value))
    if key.get("open_cases") is not None:
        bullets.append(
            ctx.label(
                "summary.cases",
                open=ctx.number(key["open_cases"]),
                overdue=ctx.number(key.get("overdue")),
            )
        )
    if key.get("enps") is not None:
        bullets.append(
            ctx.label("summary.enps", enps=ctx.nps(key["enps"]), n=ctx.number(key.get("enps_n")))
        )
    return bullets


def _summary(ctx: _Context) -> Slide | None:
    """The key figures as short bullets, with the report summary's first finding after the
    score's two; without key figures, the report summary's statements."""
    bullets = _summary_bullets(ctx)
    statements = [_plain(s.get("text", "")) for s in ctx.statements]
    findings = [_plain(s.get("text", "")) for s in ctx.statements if s.get("group") == "findings"]
    if not bullets:
        bullets = statements
    elif findings:
        bullets = bullets[:2] + findings[:1] + bullets[2:]
    bullets = [b for b in bullets if b]
    if not bullets:
        return None
    # without an NPS the first statement is the finding the title carries
    title = headline(ctx) if ctx.key.get("nps") is not None else bullets[0]
    return Slide("summary", title, _limited(bullets), _categories_chart(ctx, ctx.key))


def _categories_chart(ctx: _Context, counts: Mapping[str, Any]) -> Chart | None:
    """Answers per category (``promoters``, ``passives``, ``detractors`` in `counts`), in the
    category colours; None without counts."""
    values = tuple(counts.get(f"{c}s") for c in CATEGORIES)
    if any(v is None for v in values):
        return None
    return Chart(
        "bar",
        (
            Series(
                ctx.label("axis.answers"),
                values,
                tuple(CATEGORY_COLOURS[c] for c in CATEGORIES),
                tuple(ctx.number(v) for v in values),
            ),
        ),
        categories=tuple(texts.category_label(c, ctx.language) for c in CATEGORIES),
        x_title=ctx.label("axis.category"),
        y_title=ctx.label("axis.answers"),
    )


def _trend_chart(ctx: _Context, trend: list[dict[str, Any]]) -> Chart:
    periods = tuple(ctx.period(row["period"]) for row in trend)
    values = tuple(row["nps"] for row in trend)
    band = ctx.label("nps.band", level=ctx.level)
    return Chart(
        "line",
        (
            Series(
                ctx.label("axis.nps"),
                values,
                (TREND_COLOUR,),
                tuple(ctx.nps(v) for v in values),
            ),
            Series(band, tuple(row["ci_low"] for row in trend), (INTERVAL_COLOUR,)),
            Series(band + " ", tuple(row["ci_high"] for row in trend), (INTERVAL_COLOUR,)),
        ),
        categories=periods,
        x_title=ctx.label("axis.period"),
        y_title=ctx.label("axis.nps"),
        nps=True,
    )


def _nps(ctx: _Context) -> Slide | None:
    nps = ctx.figures.get("02_nps") or {}
    if nps.get("nps_overall") is None:
        return None
    n = nps.get("nps_n")
    counts = {c: nps.get(f"nps_{c}s") for c in CATEGORIES}
    bullets = [
        ctx.label(
            "nps.counts",
            n=ctx.number(n),
            **{f"{c}s": ctx.number(v) for c, v in counts.items()},
        ),
        ctx.label(
            "nps.relationship" if nps.get("nps_population") == "relationship" else "nps.pooled",
            n=ctx.number(n),
        ),
    ]
    if nps.get("nps_benchmark") is not None:
        bullets.append(
            ctx.label(
                "nps.benchmark",
                name=str(nps.get("nps_benchmark_name") or ""),
                benchmark=ctx.nps(nps["nps_benchmark"]),
            ).replace("  ", " ")
        )
    trend = [row for row in nps.get("nps_trend") or [] if row.get("nps") is not None]
    if len(trend) >= 2:
        first, last = trend[0], trend[-1]
        title = ctx.label(
            "nps.trend_title",
            first=ctx.nps(first["nps"]),
            first_period=ctx.period(first["period"]),
            last=ctx.nps(last["nps"]),
            last_period=ctx.period(last["period"]),
        )
        if last.get("change") is not None:
            verdict = "significant" if last.get("significant") else "not_significant"
            bullets.insert(
                0,
                ctx.label(
                    "nps.trend_latest",
                    period=ctx.period(trend[-2]["period"]),
                    change=ctx.nps(last["change"]),
                    significance=ctx.label(f"summary.{verdict}"),
                ),
            )
        return Slide("nps", title, _limited(bullets), _trend_chart(ctx, trend))
    title = ctx.label(
        "nps.single_title",
        nps=ctx.nps(nps["nps_overall"]),
        **{f"{c}s": ctx.number(v) for c, v in counts.items()},
    )
    chart = _categories_chart(ctx, {f"{c}s": v for c, v in counts.items()})
    return Slide("nps", title, _limited(bullets), chart)


def _segment(ctx: _Context, segment: str, rows: list[dict[str, Any]]) -> Slide | None:
    shown = [r for r in rows if r.get("nps") is not None]
    hidden = [str(r["value"]) for r in rows if r.get("nps") is None]
    if len(shown) < 2:  # one group shown is the company's NPS again: nothing to compare
        return None
    ranked = sorted(shown, key=lambda r: r["nps"])
    low, high = ranked[0], ranked[-1]
    apart = (
        low.get("ci_high") is not None
        and high.get("ci_low") is not None
        and low["ci_high"] < high["ci_low"]
    )
    title = ctx.label(
        "segments.title",
        segment=segment,
        low_name=low["value"],
        low=ctx.nps(low["nps"]),
        high_name=high["value"],
        high=ctx.nps(high["nps"]),
    )
    title += f" — {ctx.label('segments.apart' if apart else 'segments.overlap')}"
    room = MAX_BULLETS - (1 if hidden else 0)
    if len(ranked) > room:  # the highest and the lowest groups: the title names both ends
        ranked = ranked[: room // 2] + ranked[len(ranked) - (room - room // 2) :]
    bullets = [
        ctx.label(
            "segments.row",
            name=r["value"],
            nps=ctx.nps(r["nps"]),
            low=ctx.nps(r.get("ci_low")),
            high=ctx.nps(r.get("ci_high")),
            n=ctx.number(r.get("n")),
        )
        for r in reversed(ranked)
    ]
    if hidden:
        bullets.append(ctx.label("segments.hidden", names=", ".join(hidden)))
    groups = {str(r["value"]): r["nps"] for r in shown}
    chart = _nps_bars(ctx, groups, segment, ctx.label("axis.nps"))
    return Slide("segments", title, _limited(bullets), chart)


def _nps_bars(ctx: _Context, scores: Mapping[str, float], x_title: str, y_title: str) -> Chart:
    """Columns of NPS by group, in the order given, each in its colour on the NPS scale."""
    values = tuple(scores.values())
    series = Series(
        y_title, values, tuple(nps_colour(v) for v in values), tuple(ctx.nps(v) for v in values)
    )
    return Chart(
        "bar", (series,), categories=tuple(scores), x_title=x_title, y_title=y_title, nps=True
    )


def _segments(ctx: _Context) -> list[Slide]:
    segments = (ctx.figures.get("02_nps") or {}).get("nps_segments") or {}
    slides = (_segment(ctx, str(name), rows or []) for name, rows in segments.items())
    return [s for s in slides if s is not None]


def _journey(ctx: _Context) -> Slide | None:
    journey = ctx.figures.get("01_customer_journey") or {}
    points = journey.get("journey_matrix") or []
    reference = ctx.nps(journey.get("journey_reference_nps"))
    if points:
        fix = journey.get("journey_fix_now") or []
        if fix:
            title = ctx.label("journey.fix_title", names=", ".join(fix), reference=reference)
        else:
            title = ctx.label("journey.none_title", reference=reference)
        ranked = sorted(points, key=lambda p: (p.get("rank") is None, p.get("rank") or 0))
        bullets = [
            ctx.label(
                "journey.point",
                name=p["name"],
                importance=texts.format_number(p["importance"], ctx.language, 1),
                nps=ctx.nps(p["nps"]),
                n=ctx.number(p["n"]),
            )
            for p in ranked[: MAX_BULLETS - 1]
        ]
        bullets.append(ctx.label("journey.reference", nps=reference))
        series = []
        for quadrant, colour in QUADRANT_COLOURS.items():
            part = [p for p in points if p.get("quadrant") == quadrant]
            if part:
                series.append(
                    Series(
                        texts.label(f"journey.quadrant.{quadrant}", ctx.language),
                        tuple((p["importance"], p["nps"]) for p in part),
                        (colour,),
                        tuple(str(p["name"]) for p in part),
                    )
                )
        # The series with the most points first: LibreOffice (the README's pictures) leaves out
        # a first scatter series that has fewer points than a later one.
        series.sort(key=lambda one: -len(one.values))
        chart = Chart(
            "scatter",
            tuple(series),
            x_title=ctx.label("axis.importance"),
            y_title=ctx.label("axis.nps"),
            legend=True,
            nps=True,
        )
        return Slide("journey", title, _limited(bullets), chart)
    scores = {
        k: v for k, v in (journey.get("journey_touchpoint_nps") or {}).items() if v is not None
    }
    if not scores:
        return None
    lowest = min(scores, key=scores.get)
    title = ctx.label("journey.lowest_title", name=lowest, nps=ctx.nps(scores[lowest]))
    ordered = sorted(scores, key=scores.get)
    bullets = [ctx.label("journey.touchpoint", name=k, nps=ctx.nps(scores[k])) for k in ordered]
    chart = _nps_bars(ctx, scores, ctx.label("axis.touchpoint"), ctx.label("axis.nps"))
    return Slide("journey", title, _limited(bullets), chart)


def _loop_name(ctx: _Context, loop: object) -> str:
    key = f"loop.{loop}.name"
    return texts.label(key, ctx.language) if key in texts.labels() else str(loop)


def _loops(ctx: _Context) -> Slide | None:
    loops = ctx.figures.get("03_loops") or {}
    if loops.get("loops_open_cases") is None:
        return None
    open_, overdue = ctx.number(loops["loops_open_cases"]), ctx.number(loops.get("loops_overdue"))
    cause = loops.get("loops_top_root_cause")
    if cause:
        title = ctx.label("loops.title_cause", open=open_, overdue=overdue, cause=cause)
    else:
        title = ctx.label("loops.title", open=open_, overdue=overdue)
    counts = loops.get("loops_counts") or {}
    last = loops.get("loops_counts_last") or {}
    contacted = loops.get("loops_share_contacted") or {}
    within = loops.get("loops_share_within_deadline") or {}
    bullets = [
        ctx.label(
            "loops.loop",
            loop=_loop_name(ctx, loop),
            cases=ctx.number(counts[loop]),
            contacted=ctx.percent(contacted.get(loop)),
            within=ctx.percent(within.get(loop)),
        )
        for loop in counts
    ]
    causes = loops.get("loops_root_causes") or []
    if causes:
        bullets.append(ctx.label("loops.causes", causes=", ".join(map(str, causes))))
    chart = None
    if counts:
        names = tuple(_loop_name(ctx, loop) for loop in counts)
        colours = tuple(
            CATEGORY_COLOURS[LOOP_CATEGORIES.get(int(loop), "passive")]
            if str(loop).isdigit()
            else NEUTRAL_COLOUR
            for loop in counts
        )
        now = tuple(counts.values())
        series = [
            Series(ctx.label("loops.this_period"), now, colours, tuple(ctx.number(v) for v in now))
        ]
        if last:
            before = tuple(last.get(loop) for loop in counts)
            series.insert(
                0,
                Series(
                    ctx.label("loops.last_period"),
                    before,
                    (INTERVAL_COLOUR,),
                    tuple(ctx.number(v) for v in before),
                ),
            )
        chart = Chart(
            "bar",
            tuple(series),
            categories=names,
            x_title=ctx.label("axis.loop"),
            y_title=ctx.label("axis.cases"),
            legend=bool(last),
        )
    return Slide("loops", title, _limited(bullets), chart)


def _money(ctx: _Context) -> list[Slide]:
    money = ctx.figures.get("04_financial_impact") or {}
    slides = []
    value = money.get("money_customer_value") or {}
    years = ctx.number(money.get("money_horizon_years"))
    risk = money.get("money_revenue_at_risk")
    if all(value.get(c) is not None for c in CATEGORIES):
        customers = money.get("money_customers") or {}
        title = ctx.label(
            "money.value_title",
            promoter=ctx.money(value["promoter"]),
            detractor=ctx.money(value["detractor"]),
            years=years,
        )
        bullets = [
            ctx.label(
                "money.value_row",
                category=texts.category_label(c, ctx.language),
                value=ctx.money(value[c]),
                customers=ctx.number(customers.get(c)),
            )
            for c in reversed(CATEGORIES)
        ]
        if risk is not None:
            bullets.append(ctx.label("money.risk", value=ctx.money(risk)))
        values = tuple(value[c] for c in CATEGORIES)
        chart = Chart(
            "bar",
            (
                Series(
                    ctx.label("axis.value_per_customer", currency=ctx.currency),
                    values,
                    tuple(CATEGORY_COLOURS[c] for c in CATEGORIES),
                    tuple(ctx.money(v) for v in values),
                ),
            ),
            categories=tuple(texts.category_label(c, ctx.language) for c in CATEGORIES),
            x_title=ctx.label("axis.category"),
            y_title=ctx.label("axis.value_per_customer", currency=ctx.currency),
        )
        slides.append(Slide("money", title, _limited(bullets), chart))
    per_year = money.get("money_business_case_per_year")
    if per_year is None:
        return slides
    tornado = money.get("money_sensitivity") or []
    top = money.get("money_sensitivity_top")
    top_name = _assumption(top, ctx.language) if top else ""
    if top:
        title = ctx.label("money.case_title", per_year=ctx.money(per_year), top=top_name)
    else:
        title = ctx.label("money.case_title_plain", per_year=ctx.money(per_year))
    bullets = [
        ctx.label(
            "money.case_horizon",
            value=ctx.money(money.get("money_business_case_horizon")),
            years=years,
        )
    ]
    moved = money.get("money_customers_moved") or {}
    if moved:
        bullets.append(
            ctx.label(
                "money.moved",
                detractors=ctx.number(moved.get("detractors")),
                passives=ctx.number(moved.get("passives")),
            )
        )
    if tornado:
        first = tornado[0]
        bullets.append(
            ctx.label(
                "money.range",
                top=top_name,
                change=ctx.percent(money.get("money_sensitivity_change")),
                low=ctx.money(min(first["value_low"], first["value_high"])),
                high=ctx.money(max(first["value_low"], first["value_high"])),
            )
        )
    if risk is not None and not slides:
        bullets.append(ctx.label("money.risk", value=ctx.money(risk)))
    chart = None
    if tornado:
        rows = list(reversed(tornado[:6]))  # largest swing at the top of a horizontal bar chart
        names = tuple(_assumption(r["assumption"], ctx.language) for r in rows)
        low = tuple(r["value_low"] for r in rows)
        high = tuple(r["value_high"] for r in rows)
        chart = Chart(
            "barh",
            (
                Series(
                    ctx.label("money.low"),
                    low,
                    (CATEGORY_COLOURS["detractor"],),
                    tuple(ctx.money(v) for v in low),
                ),
                Series(
                    ctx.label("money.high"),
                    high,
                    (CATEGORY_COLOURS["promoter"],),
                    tuple(ctx.money(v) for v in high),
                ),
            ),
            categories=names,
            x_title=ctx.label("axis.assumption"),
            y_title=ctx.label("axis.business_case", years=years, currency=ctx.currency),
            legend=True,
        )
    slides.append(Slide("money", title, _limited(bullets), chart))
    return slides


def _assumption(name: str, language: str) -> str:
    from .money import name_label

    return name_label(str(name), language)


def _enps(ctx: _Context) -> Slide | None:
    enps = ctx.figures.get("05_enps") or {}
    if not enps.get("enps_available") or enps.get("enps_overall") is None:
        return None
    rounds = enps.get("enps_by_round") or {}
    round_ = enps.get("enps_overall_round")
    values = dict(
        enps=ctx.nps(enps["enps_overall"]),
        level=ctx.level,
        low=ctx.nps(enps.get("enps_overall_ci_low")),
        high=ctx.nps(enps.get("enps_overall_ci_high")),
    )
    if round_ and round_ != "(all)":
        title = ctx.label("enps.title", round=round_, **values)
    else:
        title = ctx.label("enps.title_all", **values)
    bullets = [ctx.label("enps.n", n=ctx.number(enps.get("enps_overall_n")))]
    bullets += [ctx.label("enps.round", round=r, enps=ctx.nps(v)) for r, v in rounds.items()]
    hidden = (enps.get("enps_hidden") or {}).get(round_) or []
    if hidden:
        bullets.append(ctx.label("enps.hidden", count=ctx.number(len(hidden))))
    chart = None
    shown = {r: v for r, v in rounds.items() if v is not None}
    if shown:
        chart = _nps_bars(ctx, shown, ctx.label("axis.round"), ctx.label("axis.enps"))
    return Slide("enps", title, _limited(bullets), chart)


def _next(ctx: _Context) -> Slide | None:
    journey = ctx.figures.get("01_customer_journey") or {}
    loops = ctx.figures.get("03_loops") or {}
    money = ctx.figures.get("04_financial_impact") or {}
    steps = []
    if journey.get("journey_fix_now"):
        steps.append(ctx.label("next.fix", names=", ".join(journey["journey_fix_now"])))
    if loops.get("loops_overdue"):
        steps.append(ctx.label("next.overdue", overdue=ctx.number(loops["loops_overdue"])))
    elif loops.get("loops_open_cases"):
        steps.append(ctx.label("next.open", open=ctx.number(loops["loops_open_cases"])))
    if loops.get("loops_top_root_cause"):
        steps.append(ctx.label("next.cause", cause=loops["loops_top_root_cause"]))
    for name, rows in ((ctx.figures.get("02_nps") or {}).get("nps_segments") or {}).items():
        shown = [r for r in rows or [] if r.get("nps") is not None]
        if len(shown) > 1:
            low = min(shown, key=lambda r: r["nps"])
            steps.append(ctx.label("next.segment", name=low["value"], segment=name))
            break
    if money.get("money_sensitivity_top"):
        top = _assumption(money["money_sensitivity_top"], ctx.language)
        steps.append(ctx.label("next.assumption", top=top))
    if not steps:
        return None
    steps.append(ctx.label("next.measure"))
    bullets = tuple(s[:1].upper() + s[1:] for s in steps)
    return Slide("next", ctx.label("next.title", first=steps[0]), _limited(bullets))


# --- the deck -----------------------------------------------------------------------------------


def plan_slides(
    summary: Mapping[str, Any],
    *,
    client: str,
    language: str,
    currency: str | None = None,
    generated: str = "",
) -> list[Slide]:
    """The deck's slides, in order, from a client's summary.json.

    Parameters
    ----------
    summary : mapping
        summary.json as the batch writes it: ``key_figures``, ``figures`` (by notebook) and,
        optionally, ``summary`` (statements ``{"text", "section"}`` for the summary slide).
    client : str
        The client's name, as client.yml gives it.
    language : {"da", "en"}
    currency : str, optional
        ISO code of the money figures; default ``key_figures["currency"]``, else DKK.
    generated : str
        The date the deck names as made, as the reader writes dates ("" for none).

    Returns
    -------
    list of Slide
        Title first; a section with nothing recorded has no slide.
    """
    texts.check_language(language)
    key = dict(summary.get("key_figures") or {})
    ctx = _Context(
        key=key,
        figures={k: dict(v or {}) for k, v in (summary.get("figures") or {}).items()},
        language=language,
        currency=currency or key.get("currency") or "DKK",
        statements=[s for s in summary.get("summary") or [] if isinstance(s, Mapping)],
    )
    slides: list[Slide | None] = [
        _title(ctx, client, generated),
        _summary(ctx),
        _nps(ctx),
        *_segments(ctx),
        _journey(ctx),
        _loops(ctx),
        *_money(ctx),
        _enps(ctx),
        _next(ctx),
    ]
    return [s for s in slides if s is not None]


def _rgb(colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())


def _chart_data(chart: Chart):
    from pptx.chart.data import CategoryChartData, XyChartData

    if chart.kind == "scatter":
        data = XyChartData()
        for series in chart.series:
            points = data.add_series(series.name)
            for x, y in series.values:
                points.add_data_point(x, y)
        return data
    data = CategoryChartData()
    data.categories = list(chart.categories)
    for series in chart.series:
        data.add_series(series.name, list(series.values))
    return data


def _style_series(plot_series, series: Series, kind: str) -> None:
    from pptx.enum.chart import XL_LABEL_POSITION, XL_MARKER_STYLE
    from pptx.util import Pt

    if kind == "line":
        plot_series.format.line.color.rgb = _rgb(series.colours[0])
        plot_series.format.line.width = Pt(3 if series.labels else 1.25)
        plot_series.smooth = False
        plot_series.marker.style = XL_MARKER_STYLE.CIRCLE if series.labels else XL_MARKER_STYLE.NONE
        if series.labels:
            plot_series.marker.format.fill.solid()
            plot_series.marker.format.fill.fore_color.rgb = _rgb(series.colours[0])
        else:
            from pptx.enum.dml import MSO_LINE_DASH_STYLE

            plot_series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    elif kind == "scatter":
        plot_series.marker.style = XL_MARKER_STYLE.CIRCLE
        plot_series.marker.size = 14
        plot_series.marker.format.fill.solid()
        plot_series.marker.format.fill.fore_color.rgb = _rgb(series.colours[0])
        plot_series.marker.format.line.color.rgb = _rgb("#FFFFFF")
        plot_series.format.line.fill.background()  # markers only, no line between them
    else:
        plot_series.format.fill.solid()
        plot_series.format.fill.fore_color.rgb = _rgb(series.colours[0])
        if len(series.colours) > 1:
            for index, colour in enumerate(series.colours):
                point = plot_series.points[index]
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = _rgb(colour)
    for index, text in enumerate(series.labels):
        label = plot_series.points[index].data_label
        label.text_frame.text = text
        label.text_frame.paragraphs[0].runs[0].font.size = Pt(11 if kind == "scatter" else 12)
        if kind == "scatter":
            label.position = XL_LABEL_POSITION.RIGHT
        elif kind == "line":
            label.position = XL_LABEL_POSITION.ABOVE
        else:
            label.position = XL_LABEL_POSITION.OUTSIDE_END


def _axis_title(axis, text: str) -> None:
    from pptx.util import Pt

    axis.has_title = True
    axis.axis_title.text_frame.text = text
    axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
    axis.axis_title.text_frame.paragraphs[0].runs[0].font.bold = False


def _add_chart(pptx_slide, chart: Chart, left, top, width, height) -> None:
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
    from pptx.util import Pt

    kind = {
        "line": XL_CHART_TYPE.LINE_MARKERS,
        "bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
        "barh": XL_CHART_TYPE.BAR_CLUSTERED,
        "scatter": XL_CHART_TYPE.XY_SCATTER,
    }[chart.kind]
    frame = pptx_slide.shapes.add_chart(kind, left, top, width, height, _chart_data(chart))
    native = frame.chart
    native.font.size = Pt(12)
    native.has_title = False  # the slide's title says what the chart shows
    native.has_legend = chart.legend
    if chart.legend:
        native.legend.position = XL_LEGEND_POSITION.BOTTOM
        native.legend.include_in_layout = False
    for plot_series, series in zip(native.plots[0].series, chart.series, strict=True):
        _style_series(plot_series, series, chart.kind)
    if chart.kind in ("bar", "barh"):
        native.plots[0].gap_width = 60
        native.plots[0].overlap = -10 if len(chart.series) > 1 else 0
    x_axis, y_axis = native.category_axis, native.value_axis
    _axis_title(x_axis, chart.x_title)
    _axis_title(y_axis, chart.y_title)
    y_axis.has_major_gridlines = chart.kind != "barh"
    if chart.nps:
        y_axis.tick_labels.number_format = '+0;"−"0;0'
        y_axis.tick_labels.number_format_is_linked = False
    if chart.kind == "barh" or (chart.kind == "bar" and _large(chart)):
        # money: the bars carry their amounts as the client writes them; the axis's numbers
        # would follow the viewer's locale, not the deck's language
        y_axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE
    if chart.kind in ("bar", "barh", "line"):
        x_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    if chart.kind == "scatter":
        # whole numbers on the importance axis: a decimal would follow the viewer's locale
        x_axis.minimum_scale, x_axis.maximum_scale, x_axis.major_unit = 0, 6, 1
        x_axis.tick_labels.number_format = "0"
        x_axis.tick_labels.number_format_is_linked = False
        x_axis.has_major_gridlines = False
        y_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
        x_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW


def _large(chart: Chart) -> bool:
    return any(abs(v) >= 10_000 for s in chart.series for v in s.values if v is not None)


def _text(shape, lines: Sequence[str], size: int, *, bold: bool = False, colour: str = "") -> None:
    from pptx.util import Pt

    frame = shape.text_frame
    frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        if colour:
            run.font.color.rgb = _rgb(colour)


def _place(shape, left: float, top: float, width: float, height: float) -> None:
    """Move a layout's placeholder to a place given in inches (the layouts are 4:3)."""
    from pptx.util import Inches

    shape.left, shape.top = Inches(left), Inches(top)
    shape.width, shape.height = Inches(width), Inches(height)


def build_deck(slides: Sequence[Slide], *, language: str):
    """The slides drawn with python-pptx: a ``pptx.Presentation``, 16:9, titles in the layouts'
    title placeholders (PowerPoint's outline shows them), bullets left and the chart right."""
    from pptx import Presentation
    from pptx.enum.lang import MSO_LANGUAGE_ID
    from pptx.util import Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(WIDTH), Inches(HEIGHT)
    language_id = MSO_LANGUAGE_ID.DANISH if language == "da" else MSO_LANGUAGE_ID.ENGLISH_UK
    for slide in slides:
        if slide.section == "title":
            page = deck.slides.add_slide(deck.slide_layouts[0])
            title, subtitle = page.shapes.title, page.placeholders[1]
            _place(title, 0.8, 2.2, WIDTH - 1.6, 1.6)
            _place(subtitle, 0.8, 4.0, WIDTH - 1.6, 1.4)
            title.text_frame.text = slide.title
            title.text_frame.paragraphs[0].runs[0].font.size = Pt(40)
            subtitle.text_frame.text = ""
            _text(subtitle, slide.subtitle.split("\n"), 20, colour=NEUTRAL_COLOUR)
            continue
        page = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only"
        title = page.shapes.title
        _place(title, 0.5, 0.3, WIDTH - 1.0, 1.1)
        title.text_frame.text = slide.title
        title.text_frame.word_wrap = True
        title.text_frame.paragraphs[0].runs[0].font.size = Pt(24)
        title.text_frame.paragraphs[0].runs[0].font.bold = True
        wide = slide.chart is None
        text_width = WIDTH - 1.0 if wide else 4.6
        box = page.shapes.add_textbox(
            Inches(0.5), Inches(1.6), Inches(text_width), Inches(HEIGHT - 2.1)
        )
        _text(box, [f"• {b}" for b in slide.bullets], 20 if wide else 15)
        for paragraph in box.text_frame.paragraphs:
            paragraph.space_after = Pt(10)
        if slide.chart is not None:
            _add_chart(
                page,
                slide.chart,
                Inches(5.4),
                Inches(1.5),
                Inches(WIDTH - 5.8),
                Inches(HEIGHT - 1.9),
            )
    _set_language(deck, language_id)
    return deck


def _set_language(deck, language_id) -> None:
    """Mark every run with the deck's language, so spelling and hyphenation follow it."""
    for page in deck.slides:
        for shape in page.shapes:
            if shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    for run in paragraph.runs:
                        run.font.language_id = language_id


def write_deck(
    path: str | Path,
    summary: Mapping[str, Any],
    *,
    client: str,
    language: str,
    currency: str | None = None,
    generated: dt.date | None = None,
) -> Path:
    """Write report.pptx for a client from its summary.json (see :func:`plan_slides`).

    Parameters
    ----------
    path : path
        Where to write the deck (atomically: a crash leaves the old file or none).
    summary : mapping
        The client's summary.json.
    client : str
    language : {"da", "en"}
    currency : str, optional
    generated : date, optional
        The date the title slide names; none when not given.

    Returns
    -------
    pathlib.Path
        `path`.
    """
    day = texts.format_date(generated, language) if generated else ""
    slides = plan_slides(
        summary, client=client, language=language, currency=currency, generated=day
    )
    deck = build_deck(slides, language=language)
    path = Path(path)
    with atomic_path(path) as temporary:
        deck.save(str(temporary))
    return path
