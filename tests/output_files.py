"""Reading every file a batch wrote as the text a person (or a search) would find in it.

Scans for local paths, other clients' data or personal data must look inside the binary files
too: an Excel workbook is zipped XML, a PDF's text is in compressed streams.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

# Base64 images in notebooks and HTML: a slash there is no path, and any short string may occur
# in them by chance.
_BASE64_IMAGE = re.compile(r'(data:image/[a-z+]+;base64,|"image/png": ")[A-Za-z0-9+/=\\n\s]*')


def readable_text(path: Path) -> str:
    """The text of an output file: XML of an .xlsx, text of a .pdf, else the file as UTF-8.

    Embedded base64 images are left out.
    """
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            parts = [book.read(name).decode("utf-8") for name in book.namelist()]
        return html.unescape("\n".join(parts))
    if suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(path)
        metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
        return metadata + "\n" + "\n".join(page.extract_text() or "" for page in reader.pages)
    text = path.read_text(encoding="utf-8-sig")
    return _BASE64_IMAGE.sub("", text)


def output_files(out: Path) -> list[Path]:
    """Every file under `out`, hidden ones included."""
    return sorted(p for p in out.rglob("*") if p.is_file())
