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
    if suffix in (".xlsx", ".pptx"):
        return html.unescape(_zipped_xml(path))
    if suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(path)
        metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
        return metadata + "\n" + "\n".join(page.extract_text() or "" for page in reader.pages)
    text = path.read_text(encoding="utf-8-sig")
    return _BASE64_IMAGE.sub("", text)


def _zipped_xml(source) -> str:
    """The XML parts of an Office file, and of the workbooks embedded in it (a deck's charts)."""
    parts = []
    with zipfile.ZipFile(source) as book:
        for name in book.namelist():
            data = book.read(name)
            if name.endswith(".xlsx"):
                import io

                parts.append(_zipped_xml(io.BytesIO(data)))
            elif name.endswith((".xml", ".rels")):
                parts.append(data.decode("utf-8"))
    return "\n".join(parts)


def output_files(out: Path) -> list[Path]:
    """Every file under `out`, hidden ones included."""
    return sorted(p for p in out.rglob("*") if p.is_file())
