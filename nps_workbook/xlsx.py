"""Writing Excel workbooks byte for byte reproducibly, with text that stays text.

Files the kit ships (the sample clients' touchpoint maps, the touchpoint template) are checked
into the repository and compared with a fresh generation in the tests, so the same table must
always give the same bytes.

Text from survey exports is the customers' own ("=cmd|' /C calc'!A0" is a comment like any
other), so every text cell goes through `write_text`: a string Excel never evaluates.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

FIXED_TIME = dt.datetime(2025, 1, 10, 8, 0, 0)
"""Creation time written into every generated workbook, instead of "now"."""

#: Text a spreadsheet reads as a formula (OWASP "CSV injection"), also after a tab or CR.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The most characters an Excel cell holds; a longer text makes Excel call the file corrupt.
MAX_CELL_CHARS = 32_767


def write_text(cell: Cell, text: str) -> Cell:
    """Put `text` into `cell` as a string Excel shows unchanged and never evaluates.

    Text starting like a formula is stored with the string type (a string cell is never
    calculated) and Excel's quote prefix (it stays text when someone edits the cell), so the
    reader sees exactly what the customer wrote. Control characters the file format cannot hold
    (zero bytes and the like) are dropped, and text beyond `MAX_CELL_CHARS` is cut with an
    ellipsis.
    """
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "…"
    cell.value = text
    if text.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def write_sheet(frame: pd.DataFrame, path: str | Path, sheet: str, *, creator: str) -> Path:
    """Write `frame` as the only sheet of an .xlsx file with a bold, frozen header row.

    Parameters
    ----------
    frame : DataFrame
        The table; its column names become the header row.
    path : str or Path
        The workbook to write (overwritten).
    sheet : str
        The sheet's name.
    creator : str
        The workbook's author property.

    Returns
    -------
    Path
        `path`.
    """
    workbook = openpyxl.Workbook()
    sheet_ = workbook.active
    sheet_.title = sheet
    sheet_.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet_.append([v.item() if isinstance(v, np.generic) else v for v in row])
        for cell in sheet_[sheet_.max_row]:
            if isinstance(cell.value, str):
                write_text(cell, cell.value)
    for cell in sheet_[1]:
        cell.font = Font(bold=True)
    for number, name in enumerate(frame.columns, start=1):
        letter = get_column_letter(number)
        width = max(len(str(name)), *(len(str(v)) for v in frame[name]))
        sheet_.column_dimensions[letter].width = min(width + 2, 70)
    sheet_.freeze_panes = "A2"
    workbook.properties.creator = creator
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME

    # openpyxl's save_workbook stamps "now" into the properties and every zip entry; writing
    # through ExcelWriter and re-zipping with a fixed date keeps the file reproducible.
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    path = Path(path)
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return path
