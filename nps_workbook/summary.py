"""The client report's first page: what matters, in a few sentences, each linked to its section.

Built from the key figures the notebooks recorded (``Workbook.record``; the batch keeps them in
summary.json under ``figures``), so the summary, the report, summary.json and the deck say the
same numbers. In order: the headline NPS with its interval and population; its change from the
previous period and from the same period a year before, significant or not; the findings that
matter (segments whose whole interval lies above or below the headline score, touchpoints whose
interval lies above or below the touchpoints' own NPS, the themes detractors raise more often
than promoters); revenue at risk and the business case; open and overdue follow-up cases; the
next step per loop; eNPS and the maturity level where measured. A notebook that did not run
says nothing here.

Examples
--------
>>> figures = {"02_nps": {"nps_overall": 26.2, "nps_overall_ci_low": 21.5,
...     "nps_overall_ci_high": 30.8, "nps_confidence": 0.95, "nps_n": 1174,
...     "nps_population": "relationship"}}
>>> [s.text for s in statements(figures, "en", "DKK")]
['The relationship NPS is +26 (95% CI +22 to +31), from 1,174 answers.']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .score import CONFIDENCE, SMALL_N
from .texts import (
    category_label,
    format_money,
    format_nps,
    format_number,
    format_percent,
    format_period,
    label,
)

NPS, JOURNEY, LOOPS, MONEY, ENPS, MATURITY = (
    "02_nps",
    "01_customer_journey",
    "03_loops",
    "04_financial_impact",
    "05_enps",
    "00_maturity_selftest",
)

#: The findings shown at most: the summary is one page.
MAX_FINDINGS = 3

#: What a statement is about; the report groups them under a heading each.
GROUPS = ("score", "findings", "money", "followup", "next_steps")


@dataclass(frozen=True)
class Statement:
    """One sentence of the summary: its text in the client's language, the notebook whose
    section it links to, and its group (:data:`GROUPS`)."""

    text: str
    section: str
    group: str


def statements(
    figures: Mapping[str, Mapping[str, Any]], language: str, currency: str
) -> list[Statement]:
    """The summary of a client's figures, in reading order.

    Parameters
    ----------
    figures : mapping
        Notebook name (``"02_nps"``) -> what it recorded; a notebook that did not run is absent.
    language : {"da", "en"}
    currency : str
        The client's currency code, for the amounts.

    Returns
    -------
    list of Statement
    """
    nps = figures.get(NPS) or {}
    found: list[Statement] = []
    found += _score(nps, language)
    found += _findings(figures, language)
    found += _money(figures.get(MONEY) or {}, language, currency)
    found += _followup(figures.get(LOOPS) or {}, language)
    found += _others(figures, language)
    return found


def _say(key: str, language: str, **values: object) -> str:
    return label(f"summary.{key}", language, **values)


def _interval(low: float | None, high: float | None, language: str) -> str:
    return _say(
        "interval",
        language,
        level=format_percent(CONFIDENCE, language),
        low=format_nps(low, language),
        high=format_nps(high, language),
    )


def _score(nps: Mapping[str, Any], language: str) -> list[Statement]:
    if nps.get("nps_overall") is None:
        return []
    n = nps.get("nps_n") or 0
    key = "headline.relationship" if nps.get("nps_population") == "relationship" else "headline"
    text = _say(
        key,
        language,
        nps=format_nps(nps["nps_overall"], language),
        interval=_interval(nps.get("nps_overall_ci_low"), nps.get("nps_overall_ci_high"), language),
        n=format_number(n, language),
    )
    if n < SMALL_N:
        text += " " + _say("few_answers", language, small_n=SMALL_N)
    if nps.get("nps_report_period"):  # a report for one month, quarter or year says which
        text = f"{format_period(nps['nps_report_period']['period'], language)}: {text}"
    found = [Statement(text, NPS, "score")]
    previous = _previous(nps)
    year_ago = nps.get("nps_year_ago") if previous else None
    for key, comparison in (("previous", previous), ("year_ago", year_ago)):
        if comparison and comparison.get("change") is not None:
            found.append(Statement(_change(key, comparison, language), NPS, "score"))
    return found


def _previous(nps: Mapping[str, Any]) -> dict[str, Any] | None:
    """The report's period (or the latest) against the one before: ``nps_previous`` when the
    page recorded it, else the last two periods of the trend."""
    if nps.get("nps_previous"):
        current = nps.get("nps_report_period") or nps.get("nps_latest_period") or {}
        current_nps = nps.get("nps_overall") if nps.get("nps_report_period") else current.get("nps")
        if current_nps is None:
            return None  # the period is hidden (too few answers) or has none
        return {**nps["nps_previous"], "current": current.get("period"), "current_nps": current_nps}
    trend = [row for row in nps.get("nps_trend") or [] if row.get("nps") is not None]
    if len(trend) < 2:
        return None
    last, before = trend[-1], trend[-2]
    return {
        "current": last["period"],
        "current_nps": last["nps"],
        "period": before["period"],
        "nps": before["nps"],
        "change": last["change"],
        "significant": last["significant"],
    }


def _change(key: str, comparison: Mapping[str, Any], language: str) -> str:
    verdict = "significant" if comparison.get("significant") else "not_significant"
    return _say(
        f"change.{key}",
        language,
        current=format_period(comparison.get("current", ""), language),
        current_nps=format_nps(comparison.get("current_nps"), language),
        period=format_period(comparison.get("period", ""), language),
        nps=format_nps(comparison.get("nps"), language),
        change=format_nps(comparison["change"], language),
        verdict=_say(f"change.{verdict}", language),
    )


def _apart(groups: list[Mapping[str, Any]], reference: float) -> list[tuple[float, Any, str]]:
    """(distance, group, "above"/"below") of the shown groups whose interval excludes
    `reference`."""
    found = []
    for group in groups:
        if group.get("nps") is None or group.get("ci_low") is None:
            continue  # hidden (too few answers) or unscored
        if group["ci_low"] > reference:
            found.append((group["nps"] - reference, group, "above"))
        elif group["ci_high"] < reference:
            found.append((reference - group["nps"], group, "below"))
    return found


def _findings(figures: Mapping[str, Mapping[str, Any]], language: str) -> list[Statement]:
    nps = figures.get(NPS) or {}
    overall = nps.get("nps_overall")
    segments: list[tuple[float, Statement]] = []
    touchpoints: list[tuple[float, Statement]] = []
    if overall is not None:
        for segment, groups in (nps.get("nps_segments") or {}).items():
            for distance, group, side in _apart(groups, overall):
                text = _group_text("segment", side, segment, group, overall, language)
                segments.append((distance, Statement(text, NPS, "findings")))
        section = JOURNEY if JOURNEY in figures else NPS
        groups = nps.get("nps_touchpoints") or []
        # Touchpoint (transactional) NPS is compared with the touchpoints' own, not with the
        # relationship NPS: the journey's reference, else the groups' pooled NPS (n-weighted).
        reference = (figures.get(JOURNEY) or {}).get("journey_reference_nps")
        scored = [g for g in groups if g.get("nps") is not None and g.get("n")]
        if reference is None and scored:
            reference = sum(g["nps"] * g["n"] for g in scored) / sum(g["n"] for g in scored)
        for distance, group, side in _apart(groups, reference) if reference is not None else ():
            text = _group_text("touchpoint", side, "", group, reference, language)
            touchpoints.append((distance, Statement(text, section, "findings")))
    shown = [statement for _, statement in _farthest(segments, touchpoints)]
    causes = (figures.get(LOOPS) or {}).get("loops_root_causes") or []
    if causes:
        themes = _listing([str(c) for c in causes[:2]], language)
        shown.append(Statement(_say("root_causes", language, themes=themes), LOOPS, "findings"))
    return shown


def _farthest(*kinds: list[tuple[float, Statement]]) -> list[tuple[float, Statement]]:
    """Up to :data:`MAX_FINDINGS` findings, farthest from the headline first: the farthest of
    each kind (segments, touchpoints), then the farthest of the rest."""
    ranked = [sorted(kind, key=lambda pair: -pair[0]) for kind in kinds]
    first = [kind[0] for kind in ranked if kind]
    rest = sorted((pair for kind in ranked for pair in kind[1:]), key=lambda pair: -pair[0])
    chosen = (first + rest)[:MAX_FINDINGS]
    return sorted(chosen, key=lambda pair: -pair[0])


def _group_text(
    kind: str, side: str, segment: str, group: Mapping[str, Any], overall: float, language: str
) -> str:
    return _say(
        f"{kind}.{side}",
        language,
        segment=segment,
        value=group.get("value"),
        nps=format_nps(group["nps"], language),
        interval=_interval(group["ci_low"], group["ci_high"], language),
        n=format_number(group.get("n"), language),
        overall=format_nps(overall, language),
    )


def _listing(items: list[str], language: str) -> str:
    """ "a", "a and b", "a, b and c" in the language."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {_say('and', language)} {items[-1]}"


def _money(money: Mapping[str, Any], language: str, currency: str) -> list[Statement]:
    found = []
    if money.get("money_revenue_at_risk") is not None:
        value = format_money(money["money_revenue_at_risk"], currency, language)
        found.append(Statement(_say("revenue_at_risk", language, value=value), MONEY, "money"))
    if money.get("money_business_case_per_year") is not None:
        text = _say(
            "business_case",
            language,
            per_year=format_money(money["money_business_case_per_year"], currency, language),
            horizon=format_money(money.get("money_business_case_horizon"), currency, language),
        )
        found.append(Statement(text, MONEY, "money"))
    if not found and money:
        found.append(Statement(_say("no_revenue", language), MONEY, "money"))
    return found


def _followup(loops: Mapping[str, Any], language: str) -> list[Statement]:
    if loops.get("loops_open_cases") is None:
        return []
    open_cases, overdue = loops["loops_open_cases"], loops.get("loops_overdue") or 0
    text = _say(
        "open_cases",
        language,
        open=format_number(open_cases, language),
        overdue=format_number(overdue, language),
    )
    found = [Statement(text, LOOPS, "followup")]
    by_loop = {int(k): v for k, v in (loops.get("loops_open_by_loop") or {}).items()}
    for loop, category in ((1, "detractor"), (2, "passive"), (3, "promoter")):
        if by_loop.get(loop):
            text = _say(
                f"next_step.{loop}",
                language,
                n=format_number(by_loop[loop], language),
                category=category_label(category, language).lower(),
            )
            found.append(Statement(text, LOOPS, "next_steps"))
    return found


def _others(figures: Mapping[str, Mapping[str, Any]], language: str) -> list[Statement]:
    found = []
    enps = figures.get(ENPS) or {}
    if enps.get("enps_available") and enps.get("enps_overall") is not None:
        text = _say(
            "enps",
            language,
            nps=format_nps(enps["enps_overall"], language),
            interval=_interval(
                enps.get("enps_overall_ci_low"), enps.get("enps_overall_ci_high"), language
            ),
            n=format_number(enps.get("enps_overall_n"), language),
            round=enps.get("enps_overall_round"),
        )
        found.append(Statement(text, ENPS, "score"))
    maturity = figures.get(MATURITY) or {}
    if maturity.get("maturity_level") is not None:
        level = maturity["maturity_level"]
        name = label(f"maturity.level.{max(level, 1)}", language)
        key = "maturity" if level else "maturity_0"
        found.append(Statement(_say(key, language, level=name), MATURITY, "next_steps"))
    return found
