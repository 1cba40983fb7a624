"""PDF copies of the HTML reports, printed by a headless Chromium.

nbconvert's ``webpdf`` looks for a browser of Playwright's own download, which an offline
machine does not have; Debian's ``chromium`` package prints the same page with
``--print-to-pdf`` (about half a second a page). The browser is found on PATH (``chromium``,
``chromium-browser``, ``google-chrome``) or named by the ``NPS_WORKBOOK_BROWSER`` variable.

Example::

    from nps_workbook.pdf import print_pdf

    print_pdf("out/kvistholm/report.html", "out/kvistholm/report.pdf")
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import NpsWorkbookError
from .files import atomic_path

BROWSER_VARIABLE = "NPS_WORKBOOK_BROWSER"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT = 120  # seconds for one page; a report with every notebook prints in a few
# Headless, offline and quiet: no sandbox (CI runs as root), no GPU, no background traffic.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--no-pdf-header-footer",
    "--run-all-compositor-stages-before-draw",
)


class PdfError(NpsWorkbookError):
    """No browser to print with, or the browser failed to print a page."""


def find_browser() -> Path | None:
    """The Chromium to print with: ``$NPS_WORKBOOK_BROWSER``, else the first found on PATH."""
    named = os.environ.get(BROWSER_VARIABLE)
    if named:
        found = shutil.which(named)
        return Path(found) if found else None
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def print_pdf(html: str | Path, pdf: str | Path, *, browser: str | Path | None = None) -> Path:
    """Print the HTML page `html` to the PDF file `pdf` (A4 as the page's CSS sets it).

    The PDF is written atomically: on any failure no file (or the old one) is at `pdf`.

    Raises
    ------
    PdfError
        No browser found (the message says what to install), or the browser failed.
    """
    html, pdf = Path(html), Path(pdf)
    browser = Path(browser) if browser else find_browser()
    if browser is None:
        raise PdfError(
            f"{pdf.name}: no browser to print PDF with; install Chromium "
            f"(Debian/Ubuntu: apt-get install chromium) or set {BROWSER_VARIABLE}"
        )
    with atomic_path(pdf) as temporary, tempfile.TemporaryDirectory() as profile:
        # A profile of its own: two prints at once would otherwise share (and lock) one.
        command = [
            str(browser),
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={temporary}",
            html.resolve().as_uri(),
        ]
        try:
            finished = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired:
            raise PdfError(f"{pdf.name}: the browser did not print within {TIMEOUT} s") from None
        if finished.returncode != 0 or temporary.stat().st_size == 0:
            last = (finished.stderr.strip().splitlines() or ["no message"])[-1]
            raise PdfError(
                f"{pdf.name}: {browser.name} could not print {html.name} "
                f"(exit {finished.returncode}): {last[:200]}"
            )
    return pdf
