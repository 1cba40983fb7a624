"""SurveyXact (Rambøll): three tables, as one workbook or three CSV files.

`dataset` holds one row per respondent under lower-case variable names (respondentid,
created, closetime, the questions, and the overall status as `stato_1`..`stato_5` or
`statoverall_1`..`statoverall_5`: new, distributed, some answers, completed, dropped out), with
answers as codes. `structure` describes every variable (questionName;variableName;
questionType;subType;questionText;choiceValue;choiceText; the export leaves an empty column
after the last) and `labels`, without a header, gives each code its text (variable;value;label).
The workbook has them as sheets Dataset, Structure (or Variables) and Labels; the CSV files sit
side by side as dataset.csv, structure.csv and labels.csv, tab-separated UTF-16, comma ANSI or
semicolon ISO-8859-15.

The 0-10 question is found from its text in `structure`, and its codes are read through its
labels: SurveyXact numbers a scale's points from 1, so "1" is often the answer 0.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..columns import _comment_like, is_score_header, normalise_header
from ..errors import SurveyFileError
from ..parse import RawTable
from .base import (
    NOT_ANSWERED,
    ExportRead,
    ExportReader,
    Head,
    column,
    fill_blanks,
    replace_values,
)

_STATUS = re.compile(r"^(?:stato|statoverall)_([1-5])$")
_STRUCTURE_SHEETS = ("structure", "variables")


class SurveyXact(ExportReader):
    tool = "SurveyXact"

    def recognises(self, head: Head) -> bool:
        if self.answer_sheet(head.sheets):
            return True
        names = {cell.strip().lower() for cell in head.header}
        return bool({"stato_4", "statoverall_4"} & names) or {"respondentid", "closetime"} <= names

    def answer_sheet(self, sheets: tuple[str, ...]) -> str | None:
        lower = {s.lower(): s for s in sheets}
        dataset = next((s for s in sheets if re.fullmatch(r"dataset(\(\d+\))?", s.lower())), None)
        has_structure = any(name in lower for name in _STRUCTURE_SHEETS)
        return dataset if dataset and has_structure and "labels" in lower else None

    def read(self, table: RawTable, path: Path) -> ExportRead:
        structure, labels = _tables(path, table.sheet)
        notes = []
        variables = {c.lower(): c for c in table.columns}
        score = _score_variable(structure, labels, variables)
        roles: dict[str, str] = {}
        status = {int(m[1]): c for c in table.columns if (m := _STATUS.match(c.lower()))}
        for name in table.columns:
            key = name.lower()
            if key in labels and name not in status.values():
                mapped = _through_labels(table.columns[name].values, labels[key])
                if mapped is not None:
                    table = replace_values(table, name, mapped)
        if score is not None:
            roles["score"] = score
            scale = labels.get(score.lower(), {})
            codes = sorted(int(c) for c in scale if c.isdigit())
            if codes:
                notes.append(
                    f"'{score}' is the 0-10 question (from its text in the structure); its "
                    f"codes {codes[0]}-{codes[-1]} read through their labels "
                    f"({codes[0]} = '{scale[str(codes[0])]}')"
                )
        comment = _comment_variable(structure, variables)
        if comment:
            roles["comment"] = comment
        for role, names in (("response_id", ("respondentid",)), ("date", ("closetime", "created"))):
            found = column(table, *names)
            if found:
                roles[role] = found
        table = fill_blanks(table, roles.get("date"), column(table, "created"))
        refused, partial = _status(table, status)
        return ExportRead(
            tool=self.tool,
            table=table,
            roles=roles,
            refused=refused,
            partial=partial,
            notes=tuple(notes),
        )


def _status(table: RawTable, status: dict[int, str]):
    """Refusals of the respondents only invited (status new or distributed, no answers), and
    the partial ones (some answers, or dropped out, and not completed)."""
    from ..parse import refused_rows

    if 4 not in status:
        return refused_rows([], "", ""), None

    def on(k: int) -> np.ndarray:
        if k not in status:
            return np.zeros(len(table.rows), dtype=bool)
        cells = table.columns[status[k]]
        return (cells.values.str.strip() == "1").to_numpy()[cells.codes]

    completed = on(4)
    begun = on(3) | on(5)
    invited = (on(1) | on(2)) & ~completed & ~begun
    at = np.flatnonzero(invited)
    state = np.where(on(2)[at], "distributed", "new")
    refused = refused_rows(at, NOT_ANSWERED, pd.Series(state).radd("status '") + "'")
    return refused, begun & ~completed


def _score_variable(structure: pd.DataFrame, labels: dict, variables: dict) -> str | None:
    """The 0-10 question: a closed question whose text asks to recommend (or names 0-10),
    preferring one whose labels are the numbers 0 to 10; else a variable labelled 0 to 10."""
    rows = structure[structure["variablename"].str.lower().isin(variables)]
    asking = rows[rows["questiontext"].map(lambda t: is_score_header(str(t)))]
    names = [variables[v.lower()] for v in asking["variablename"]]
    scale = [n for n in names if _zero_to_ten(labels.get(n.lower(), {}))]
    if scale or names:
        return (scale or names)[0]
    labelled = [variables[v] for v in labels if v in variables and _zero_to_ten(labels[v])]
    return labelled[0] if labelled else None


def _comment_variable(structure: pd.DataFrame, variables: dict) -> str | None:
    open_rows = structure[
        structure["questiontype"].str.lower().eq("open")
        & structure["variablename"].str.lower().isin(variables)
    ]
    for name, text in zip(open_rows["variablename"], open_rows["questiontext"], strict=True):
        if _comment_like(normalise_header(str(text))):
            return variables[name.lower()]
    return None


def _zero_to_ten(codes: dict[str, str]) -> bool:
    leading = {m[0] for m in (re.match(r"\d+", str(t).strip()) for t in codes.values()) if m}
    return {str(n) for n in range(11)} <= leading


def _through_labels(values: pd.Series, labels: dict[str, str]) -> pd.Series | None:
    """Each code replaced by its label (codes without one stay); None if none has one."""
    key = values.str.strip()
    key = key.where(~key.str.fullmatch(r"\d+\.0"), key.str.slice(0, -2))  # 3.0 from Excel
    mapped = key.map(labels)
    if mapped.isna().all():
        return None
    return mapped.fillna(values)


def _tables(path: Path, sheet: str | None) -> tuple[pd.DataFrame, dict[str, dict[str, str]]]:
    """`structure` (lower-case column names) and per variable (lower case) its code -> label."""
    if sheet is not None:
        structure_rows, label_rows = _sheets(path)
    else:
        structure_rows = _csv_rows(_sibling(path, "structure"))
        label_rows = _csv_rows(_sibling(path, "labels"))
    header = [normalise_header(c).replace(" ", "") for c in structure_rows[0]]
    wanted = ["variablename", "questiontype", "questiontext"]
    if not set(wanted) <= set(header):
        raise SurveyFileError(
            f"{path}: the SurveyXact structure table has columns {structure_rows[0]}; expected "
            "questionName;variableName;questionType;subType;questionText;choiceValue;choiceText"
        )
    body = [dict(zip(header, r, strict=False)) for r in structure_rows[1:] if any(r)]
    structure = pd.DataFrame(body, columns=header).fillna("").astype(str)
    labels: dict[str, dict[str, str]] = {}
    for row in label_rows:
        if len(row) >= 3 and row[0].strip():
            labels.setdefault(row[0].strip().lower(), {})[_code(row[1])] = row[2].strip()
    return structure, labels


def _code(value) -> str:
    text = str(value).strip()
    return text[:-2] if re.fullmatch(r"\d+\.0", text) else text


def _sheets(path: Path) -> tuple[list[list[str]], list[list[str]]]:
    import openpyxl  # imported when a workbook is read: ~0.1 s of every start otherwise

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        by_lower = {s.lower(): s for s in book.sheetnames}
        structure = by_lower.get("structure") or by_lower["variables"]

        def rows(name: str) -> list[list[str]]:
            return [
                ["" if v is None else str(v) for v in row]
                for row in book[name].iter_rows(values_only=True)
            ]

        return rows(structure), rows(by_lower["labels"])
    finally:
        book.close()


def _sibling(path: Path, table: str) -> Path:
    """structure.csv or labels.csv beside dataset.csv (the same name with 'dataset' replaced)."""
    stem = path.stem
    names = []
    if "dataset" in stem.lower():
        at = stem.lower().index("dataset")
        names.append(stem[:at] + table + stem[at + 7 :] + path.suffix)
    names.append(table + path.suffix)
    by_lower = {p.name.lower(): p for p in path.parent.iterdir()}
    for name in names:
        if name.lower() in by_lower:
            return by_lower[name.lower()]
    raise SurveyFileError(
        f"{path}: a SurveyXact dataset needs its {table} table beside it ({names[0]}): "
        "export all three tables (dataset, structure, labels) into one folder, or as one Excel "
        "workbook"
    )


def _csv_rows(path: Path) -> list[list[str]]:
    from ..load import detect_delimiter, detect_encoding

    data = path.read_bytes()
    text = data.decode(detect_encoding(data), errors="replace").lstrip("\ufeff")
    delimiter = detect_delimiter(text)
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if row]
