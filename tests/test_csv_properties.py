"""Property: whatever CSV an export tool writes, no row is lost and no score is changed.

Hypothesis writes survey exports (generic, or under a Qualtrics or SurveyMonkey header with its
label rows) with varied delimiters, quoting, encodings, line endings,
decimal commas, labelled and broken scores, junk rows with extra fields and blank lines. For
each the loader must account for every row (accepted + rejected == rows read, blank lines
counted apart), give every accepted row the score that was written in it, and refuse a file
whose answers look like another scale exactly when the written scores say so.
"""

from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nps_workbook import load_responses
from nps_workbook.config import SCALE_CHECK_MIN_ANSWERS, SCALE_CHECK_MIN_ONES
from nps_workbook.errors import SurveyFileError

settings.register_profile(
    "csv-properties",
    max_examples=100,
    derandomize=True,  # the same examples on every run and machine
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile("csv-properties")

ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "utf-16")
DELIMITERS = (",", ";", "\t", "|")
QUOTING = (csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC)
LABELS = ("", " - Extremely likely", " (Meget sandsynligt)", " = Helt sikkert")
# Scores that must be refused, with the reason.
BROKEN = {
    "11": "score outside 0-10",
    "-1": "score outside 0-10",
    "6.5": "score not a whole number",
    "ved ikke": "score not a number",
    "": "score missing",
    "N/A": "score missing",
}


@dataclass(frozen=True)
class Row:
    score: int | None  # None: a broken value
    text: str
    reason: str | None
    junk: bool  # more fields than the header


@st.composite
def score_cells(draw) -> tuple[int | None, str, str | None]:
    if draw(st.integers(0, 5)) == 0:
        text = draw(st.sampled_from(sorted(BROKEN)))
        return None, text, BROKEN[text]
    score = draw(st.integers(0, 10))
    form = draw(st.sampled_from(("plain", "padded", "label", "decimal point", "decimal comma")))
    text = {
        "plain": str(score),
        "padded": f" {score} ",
        "label": f"{score}{draw(st.sampled_from(LABELS))}",
        "decimal point": f"{score}.0",
        "decimal comma": f"{score},0",
    }[form]
    return score, text, None


@st.composite
def exports(draw):
    encoding = draw(st.sampled_from(ENCODINGS))
    delimiter = draw(st.sampled_from(DELIMITERS))
    letters = "abc æøå ÆØÅ é€" if encoding != "utf-8" else "abc æøå ÆØÅ é€ 😀 中"
    # Comments hold the file's own delimiter, quotes and line breaks: the writer must quote.
    comment = st.text(alphabet=letters + delimiter + '"\n', max_size=30)
    rows = []
    for _ in range(draw(st.integers(1, 30))):
        score, text, reason = draw(score_cells())
        junk = draw(st.integers(0, 12)) == 0
        rows.append((Row(score, text, reason, junk), draw(comment)))
    blank_after = draw(st.sets(st.integers(0, len(rows) - 2))) if len(rows) > 1 else set()
    quoting = draw(st.sampled_from(QUOTING))
    newline = draw(st.sampled_from(("\n", "\r\n")))
    return encoding, delimiter, quoting, newline, rows, blank_after


# Header rows as survey tools write them (see tests/data/tools/README.md): the first is the
# header, the others label rows the loader must skip without counting them as answers.
TOOL_HEADERS = {
    # Danish letters in the header, as Danish exports have: a cp1252 file whose only non-ASCII
    # bytes happen to be valid UTF-8 ("Å€" is the bytes of "ŀ") cannot be told from UTF-8.
    None: [["Svar-ID", "NPS", "Årsag til din score"]],
    "Qualtrics": [
        ["ResponseId", "StartDate", "Finished", "Q1", "Q1_NPS_GROUP", "Q2"],
        [
            "Response ID",
            "Start Date",
            "Finished",
            "Hvor sandsynligt er det, at du vil anbefale os?",
            "Hvor sandsynligt ... - Group",
            "Årsag til din score",
        ],
        [
            '{"ImportId":"_recordId"}',
            '{"ImportId":"startDate","timeZone":"UTC"}',
            '{"ImportId":"finished"}',
            '{"ImportId":"QID1"}',
            '{"ImportId":"QID1_NPS_GROUP"}',
            '{"ImportId":"QID2_TEXT"}',
        ],
    ],
    "SurveyMonkey": [
        [
            "Respondent ID",
            "Collector ID",
            "Hvor sandsynligt er det, at du vil anbefale os?",
            "Årsag til din score",
        ],
        ["", "", "Response", "Open-Ended Response"],
    ],
}


def tool_fields(tool: str | None, index: int, score: str, comment: str) -> list[str]:
    """One answer's fields under the tool's header: the score and the comment among them."""
    if tool == "Qualtrics":
        return [f"R_{index}", "2024-03-05 10:00:00", "True", score, "Promoter", comment]
    if tool == "SurveyMonkey":
        return [str(1000 + index), "42", score, comment]
    return [f"R{index}", score, comment]


def write_export(
    path: Path, encoding, delimiter, quoting, newline, rows, blank_after, tool=None
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator=newline)
    writer.writerows(TOOL_HEADERS[tool])
    for index, (row, comment) in enumerate(rows):
        fields = tool_fields(tool, index, row.text, comment)
        if row.junk:
            fields += ["extra", "values"]
        writer.writerow(fields)
        if index in blank_after:
            buffer.write(newline)
    path.write_bytes(buffer.getvalue().encode(encoding))


def scale_refusal(rows) -> bool:
    """Whether the written scores look like another scale (see `load._check_scale`)."""
    scores = [row.score for row, _ in rows if row.score is not None]
    if not scores:
        return False
    few_high = len(scores) >= SCALE_CHECK_MIN_ANSWERS and max(scores) <= 5
    one_to_ten = scores.count(1) >= SCALE_CHECK_MIN_ONES and 0 not in scores
    return few_high or one_to_ten


@PROFILE
@given(exports(), st.sampled_from(sorted(TOOL_HEADERS, key=str)))
def test_every_row_is_accounted_for_and_every_score_kept(export, tool):
    encoding, delimiter, quoting, newline, rows, blank_after = export
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        write_export(path, encoding, delimiter, quoting, newline, rows, blank_after, tool)
        if scale_refusal(rows):
            with pytest.raises(SurveyFileError, match="look like a"):
                load_responses(path)
            return
        result = load_responses(path)

    assert result.tool == tool
    assert result.delimiter == delimiter
    assert result.rows_read == len(rows)  # label rows are not answers
    assert result.empty_rows == len(blank_after)
    assert len(result.answers) + len(result.rejected) == result.rows_read

    # Spreadsheet rows: the header is row 1, then the tool's label rows, and every blank line
    # takes a row too.
    expected_row, row_numbers = 1 + len(TOOL_HEADERS[tool]), []
    for index in range(len(rows)):
        row_numbers.append(expected_row)
        expected_row += 2 if index in blank_after else 1
    accepted = dict(zip(result.answers["row"], result.answers["score"], strict=True))
    refused = dict(zip(result.rejected["row"], result.rejected["reason"], strict=True))
    for number, (row, _) in zip(row_numbers, rows, strict=True):
        if row.junk:
            assert refused[number] == "more fields than the header"
        elif row.reason is not None:
            assert refused[number] == row.reason
        else:
            assert accepted[number] == row.score
    comments = result.answers.set_index("row")["comment"]
    for number, (_, comment) in zip(row_numbers, rows, strict=True):
        if number in accepted and comment.strip():
            assert comments[number] == comment.strip()
