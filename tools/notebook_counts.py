"""Pre-commit hook: execution counts only on the cells whose outputs are committed.

nbstripout runs first with ``--keep-count``, because nbval compares a checked cell (the golden
key figures, tagged ``keep_output``) only when it has an execution count. This hook then clears
the count of every other cell and gives a kept output without one the count 1, so a committed
notebook carries a count exactly where it carries an output (tests/test_notebooks.py checks the
same rule).

Usage: ``python tools/notebook_counts.py NOTEBOOK.ipynb ...``; exit status 1 when it changed a
file (pre-commit's convention for hooks that fix files).
"""

from __future__ import annotations

import sys

import nbformat

KEEP_OUTPUT = "keep_output"


def fix_counts(notebook: nbformat.NotebookNode) -> bool:
    """Clear counts outside kept outputs, give kept outputs a count; True if anything changed."""
    changed = False
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        kept = KEEP_OUTPUT in cell.metadata.get("tags", []) and bool(cell.outputs)
        if not kept and cell.execution_count is not None:
            cell.execution_count = None
            changed = True
        elif kept and cell.execution_count is None:
            cell.execution_count = 1
            changed = True
    return changed


def main(paths: list[str]) -> int:
    status = 0
    for path in paths:
        notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
        if fix_counts(notebook):
            nbformat.write(notebook, path)
            print(f"{path}: execution counts fixed")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
