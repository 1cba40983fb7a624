"""Recognising what each column of a survey export holds, from its header.

Exports name the same thing many ways: "NPS", "Score", "How likely are you to recommend X to a
friend?", "Hvor sandsynligt er det, at du vil anbefale X?". Each role has rules from the most to
the least certain; the first rule any header meets wins, and among headers meeting the same rule
the one whose values look most like 0-10 answers (for the score) or the leftmost (for the rest).
An explicit mapping in the config always wins over recognition.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from .parse import TextColumn

ROLES = ("score", "date", "comment", "respondent_id", "response_id")

# Words that mark a header as the open follow-up question, even when it mentions the score
# ("What is the main reason for your score?", "Hvad er årsagen til din score?").
_COMMENT_WORDS = (
    r"\b(comments?|kommentar(er)?|reason|why|årsag(en)?|hvorfor|begrundelse|feedback|verbatim"
    r"|fritekst|free ?text|explain|forklar|text|tekst|remarks?|bemærkning(er)?"
    # French, German, Swedish and Norwegian exports turn up in international work too.
    r"|explication|commentaires?|raison|begründung|grund|anledning|kommentarer)\b"
)

# Rules per role, most certain first. Headers are normalised (see `normalise_header`) first.
RULES: dict[str, tuple[str, ...]] = {
    "score": (
        r"^(nps|score|nps score|npsscore|nps value|ltr|likelihood to recommend|recommend"
        r"|anbefaling|anbefalingsscore|nps værdi|nps rating score|rating score)$",
        r"(recommend|anbefal)",
        r"\b(nps|ltr)\b",
        r"\b0 ?(-|to|til)? ?10\b",  # "0-10" reads "0 10" once normalised
    ),
    "response_id": (
        r"^(response|answer|svar|besvarelse|respons|submission|survey response|record)"
        r" ?(id|nr|no|number|nummer)$",
        r"^id$",
    ),
    "respondent_id": (
        r"^(customer|client|respondent|account|user|member|employee|contact"
        r"|kunde|medarbejder|konto|bruger|klient)s? ?(id|nr|no|number|nummer|key)$",
        r"^(kundenr|kundenummer|kundeid|customerid|respondentid|accountid|clientid)$",
    ),
    "date": (
        r"^(date|dato|response date|svardato|survey date|answer date|besvarelsesdato"
        r"|submitted|submitted at|submitted on|submission date|timestamp|tidspunkt"
        r"|completed|completed at|end date|besvaret|dato for besvarelse)$",
        r"\b(date|dato|timestamp|submitted|completed|tidspunkt)\b",
    ),
    "comment": (
        r"^(comment|comments|kommentar|kommentarer|reason|årsag|why|hvorfor|begrundelse"
        r"|feedback|verbatim|fritekst|text|tekst)$",
        _COMMENT_WORDS,
    ),
}


def normalise_header(header: str) -> str:
    """Lower-case, composed Unicode, separators as single spaces; Danish letters are kept."""
    text = unicodedata.normalize("NFC", str(header)).strip().lower()
    text = re.sub(r"[_\s]+", " ", text)
    text = re.sub(r"(?<=\w)-(?=\w)", " ", text)  # "Kunde-ID" and "Kunde ID" read alike
    return text.strip()


@dataclass(frozen=True)
class ColumnRoles:
    """Which source column plays which role; None where the export has no such column."""

    score: str
    date: str | None = None
    comment: str | None = None
    respondent_id: str | None = None
    response_id: str | None = None
    mapped: frozenset[str] = field(default_factory=frozenset)
    # Other columns that fit the score as well and hold different values: the export is
    # ambiguous and the loader asks for a mapping rather than pick one.
    score_alternatives: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, str | None]:
        return {role: getattr(self, role) for role in ROLES}


def score_likeness(values: pd.Series | TextColumn) -> float:
    """Share of non-blank values that read as a whole number 0-10 (ties between candidates)."""
    column = TextColumn.of(values)  # few distinct values to look at
    text = column.values.str.strip()
    filled = (text.notna() & (text != "")).to_numpy()
    counts = column.counts()[filled]
    if not counts.sum():
        return 0.0
    leading = text[filled].str.extract(r"^(\d+)", expand=False)
    number = pd.to_numeric(leading, errors="coerce")
    return float(counts[number.between(0, 10).to_numpy()].sum() / counts.sum())


def _comment_like(header: str) -> bool:
    return re.search(_COMMENT_WORDS, header) is not None


def recognise(
    frame: pd.DataFrame | Mapping[str, TextColumn],
    mapping: dict[str, str] | None = None,
    exclude: Iterable[str] = (),
) -> tuple[ColumnRoles | None, dict[str, str]]:
    """Assign roles to the columns of `frame`.

    Parameters
    ----------
    frame : DataFrame, or mapping of column name to TextColumn
        The export as read, columns named by its header, values as text.
    mapping : dict, optional
        role -> column name from the config; matched exactly, else ignoring case and spacing.
    exclude : iterable of str
        Columns no rule may pick (a survey tool's metadata named like a role).

    Returns
    -------
    (roles, unmatched)
        `roles` is None when no score column could be found. `unmatched` maps each mapped role
        whose column is not in the frame to the name that was asked for.
    """
    mapping = {role: name for role, name in (mapping or {}).items() if name}
    names = list(frame)
    by_normal = {normalise_header(c): c for c in reversed(names)}
    chosen: dict[str, str] = {}
    unmatched: dict[str, str] = {}
    for role, name in mapping.items():
        if name in names:
            chosen[role] = name
        elif normalise_header(name) in by_normal:
            chosen[role] = by_normal[normalise_header(name)]
        else:
            unmatched[role] = name

    taken = set(chosen.values()) | set(exclude)
    alternatives: tuple[str, ...] = ()
    for role in ("score", "response_id", "respondent_id", "date", "comment"):
        if role in chosen or role in unmatched:
            continue
        found = _find(frame, role, taken)
        if found is not None:
            chosen[role] = found
            taken.add(found)
            if role == "score":
                alternatives = _score_alternatives(frame, found)

    if "score" not in chosen:
        return None, unmatched
    roles = ColumnRoles(
        score=chosen["score"],
        date=chosen.get("date"),
        comment=chosen.get("comment"),
        respondent_id=chosen.get("respondent_id"),
        response_id=chosen.get("response_id"),
        mapped=frozenset(role for role in chosen if role in mapping),
        score_alternatives=alternatives,
    )
    return roles, unmatched


def is_score_header(header: str, score_name: str | None = None) -> bool:
    """Whether a header names the score: the mapped name, or one the score rules recognise."""
    normal = normalise_header(header)
    if score_name is not None:
        return normal == normalise_header(score_name)
    if _comment_like(normal):
        return False
    return any(re.search(rule, normal) for rule in RULES["score"])


def _score_alternatives(frame: Mapping, chosen: str) -> tuple[str, ...]:
    """Columns under the same header as `chosen` ("NPS", "NPS (2)" as the loader names a
    repeated header) that look as much like scores but hold other values.

    Different questions that both fit (three "0-10" ratings) keep the documented choice, the
    most score-like; one header twice with different answers leaves no way to choose.
    """
    base = re.sub(r" \(\d+\)$", "", chosen)
    twins = [c for c in frame if c != chosen and re.sub(r" \(\d+\)$", "", c) == base]
    if not twins:
        return ()
    answers = TextColumn.of(frame[chosen]).text().str.strip()
    return tuple(
        c
        for c in twins
        if score_likeness(frame[c]) >= 0.5
        and not TextColumn.of(frame[c]).text().str.strip().equals(answers)
    )


def _find(frame: Mapping, role: str, taken: set[str]) -> str | None:
    free = [c for c in frame if c not in taken]
    for rule in RULES[role]:
        hits = [c for c in free if re.search(rule, normalise_header(c))]
        if role == "score":
            # The follow-up question often names the score; it is never the score itself.
            hits = [c for c in hits if not _comment_like(normalise_header(c))]
            if len(hits) > 1:
                return max(hits, key=lambda c: score_likeness(frame[c]))
            if hits:
                return hits[0]
        elif hits:
            return hits[0]
    return None
