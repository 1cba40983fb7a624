"""Pictures of a workshop deck's slides, for the README (``make pictures``; not part of the tests).

Renders report.pptx to PDF with LibreOffice headless (``soffice``, Debian's
``libreoffice-impress``), then chosen pages to PNG with poppler's ``pdftoppm``, at a width that
keeps each file small, and shrinks them with Pillow's optimiser when it is installed.

Usage::

    python tools/deck_pictures.py out/dk-b2b-it/report.pptx docs/images --slides 2 3 7

writes docs/images/deck-2.png, deck-3.png and deck-7.png (slides count from 1); with
``--names summary journey money`` they are deck-summary.png, deck-journey.png, deck-money.png.
Without ``--slides`` every slide is written.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

WIDTH = 1280  # pixels


def render_pdf(deck: Path, folder: Path) -> Path:
    """The deck as PDF in `folder`, through LibreOffice headless."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit(
            "deck_pictures: LibreOffice is not installed (apt-get install libreoffice-impress)"
        )
    # A profile of its own: LibreOffice refuses to start beside another instance's profile.
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(deck),
        ],
        check=True,
        capture_output=True,
    )
    return folder / (deck.stem + ".pdf")


def pdf_pages(pdf: Path, folder: Path, pages: list[int], names: list[str]) -> list[Path]:
    """PNG files of `pages` (from 1) of `pdf`, `WIDTH` pixels wide, one name per page."""
    if shutil.which("pdftoppm") is None:
        sys.exit("deck_pictures: pdftoppm is not installed (apt-get install poppler-utils)")
    written = []
    for page, name in zip(pages, names, strict=True):
        target = folder / name
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-singlefile",
                "-f",
                str(page),
                "-l",
                str(page),
                "-scale-to-x",
                str(WIDTH),
                "-scale-to-y",
                "-1",
                str(pdf),
                str(target),
            ],
            check=True,
        )
        written.append(target.with_suffix(".png"))
    return written


def optimise(path: Path) -> None:
    """Shrink a PNG in place to a palette of 256 colours (Pillow), when Pillow is here."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deck", type=Path, help="report.pptx")
    parser.add_argument("out", type=Path, help="folder for the PNG files")
    parser.add_argument("--slides", type=int, nargs="*", help="slide numbers, from 1")
    parser.add_argument("--names", nargs="*", help="file names: deck-NAME.png, one per slide")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporary:
        pdf = render_pdf(args.deck.resolve(), Path(temporary))
        pages = args.slides or list(range(1, page_count(pdf) + 1))
        names = [f"deck-{name}" for name in (args.names or pages)]
        if len(names) != len(pages):
            sys.exit(f"deck_pictures: {len(pages)} slides but {len(names)} names")
        for path in pdf_pages(pdf, args.out, pages, names):
            optimise(path)
            print(f"{path} ({path.stat().st_size // 1024} kB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
