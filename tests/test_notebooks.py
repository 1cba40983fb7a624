"""Rules every notebook in notebooks/ keeps (issue #6), whichever notebooks exist.

As committed: exactly one ``parameters`` cell of literal assignments, each with a comment, that
papermill reads back; no outputs or execution counts except in ``keep_output`` cells (the golden
key figures nbval compares); no local paths; the python3 kernel; and cells tagged ``explore``
(widgets) that the rest of the notebook does not depend on. Run: every notebook for every sample
client in both languages, without errors and without absolute paths in what it shows.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
from pathlib import Path

import nbformat
import papermill
import pytest
from conftest import LANGUAGES, NOTEBOOKS, ROOT, SAMPLE_CLIENTS
from notebook_outputs import LOCAL_PATHS, output_texts

NOTEBOOK_NAMES = sorted(path.stem for path in NOTEBOOKS.glob("*.ipynb"))
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
# Beginnings of paths that exist only on one machine (the runner's, a developer's).
# What a cell tagged keep_output must begin with: nbval compares only these cells' outputs.
CHECK_MARK = "# NBVAL_CHECK_OUTPUT"
REQUIRED_PARAMETERS = ("client_dir", "language")
# Output types that hold binary data (base64 contains "/" and can spell "/tmp" by chance).


def test_there_are_notebooks():
    assert NOTEBOOK_NAMES, f"no notebooks in {NOTEBOOKS}"


def read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(str(NOTEBOOKS / f"{name}.ipynb"), as_version=4)


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def code_cells(notebook) -> list:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def python_source(source: str) -> str:
    """Cell source without IPython magics and shell escapes, which are not Python."""
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )


def parameters_cell(notebook):
    cells = [cell for cell in code_cells(notebook) if "parameters" in tags(cell)]
    assert len(cells) == 1, f"expected exactly one cell tagged 'parameters', found {len(cells)}"
    return cells[0]


def declared_parameters(notebook) -> dict[str, object]:
    """Name -> default of each assignment in the parameters cell, which must all be literals."""
    cell = parameters_cell(notebook)
    declared: dict[str, object] = {}
    for statement in ast.parse(cell.source).body:
        assert isinstance(statement, ast.Assign | ast.AnnAssign), (
            f"line {statement.lineno} of the parameters cell is not an assignment"
        )
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        assert len(targets) == 1 and isinstance(targets[0], ast.Name), (
            f"line {statement.lineno}: assign one plain name per line"
        )
        try:
            declared[targets[0].id] = ast.literal_eval(statement.value)
        except ValueError:
            pytest.fail(f"parameter {targets[0].id!r} is not a literal (papermill cannot set it)")
    return declared


# --- as committed -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", NOTEBOOK_NAMES)
def test_one_parameters_cell_of_literals(name):
    notebook = read(name)
    declared = declared_parameters(notebook)
    for required in REQUIRED_PARAMETERS:
        assert required in declared, f"the parameters cell does not declare {required!r}"
    assert declared["language"] is None, "language defaults to None (client.yml's language)"
    client_dir = declared["client_dir"]
    assert isinstance(client_dir, str) and not Path(client_dir).is_absolute()
    assert (NOTEBOOKS / client_dir / "client.yml").is_file(), (
        f"client_dir default {client_dir!r} is not a client folder relative to notebooks/"
    )
    for line in parameters_cell(notebook).source.splitlines():
        if line.strip():
            assert "#" in line, f"parameter line without a comment on its type and meaning: {line}"


@pytest.mark.parametrize("name", NOTEBOOK_NAMES)
def test_papermill_reads_the_declared_parameters(name):
    declared = declared_parameters(read(name))
    inspected = papermill.inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    assert list(inspected) == list(declared)
    for parameter in inspected.values():
        assert parameter["help"], f"parameter {parameter['name']!r} has no help comment"
        # The `# type: str|None` comment, read by papermill, names the type of the default.
        types = parameter["inferred_type_name"].split("|")
        default = declared[parameter["name"]]
        named = "None" if default is None else type(default).__name__
        assert named in types, f"{parameter}: no `# type:` comment naming {named}"


@pytest.mark.parametrize("name", NOTEBOOK_NAMES)
def test_committed_without_outputs_but_the_checked_key_figures(name):
    for index, cell in enumerate(code_cells(read(name))):
        if "keep_output" in tags(cell):
            assert cell.source.startswith(CHECK_MARK), (
                f"code cell {index} keeps its output but nbval does not check it: "
                f"start it with {CHECK_MARK!r}"
            )
            assert cell.outputs, f"code cell {index} is tagged keep_output but has no output"
            assert cell.execution_count is not None, (
                f"code cell {index}: nbval compares only a cell with an execution count"
            )
            assert all(output.output_type != "error" for output in cell.outputs)
        else:
            assert cell.outputs == [], f"code cell {index} was committed with outputs"
            assert cell.execution_count is None, f"code cell {index} has an execution count"


@pytest.mark.parametrize("name", NOTEBOOK_NAMES)
def test_no_local_paths(name):
    text = (NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8")
    strings = json.dumps(json.loads(text), ensure_ascii=False)
    for path in LOCAL_PATHS:
        assert path not in text and json.dumps(path)[1:-1] not in strings, (
            f"{name}.ipynb contains the local path {path!r}"
        )


@pytest.mark.parametrize("name", NOTEBOOK_NAMES)
def test_python3_kernel(name):
    metadata = read(name).metadata
    assert dict(metadata.kernelspec) == KERNELSPEC
    assert "papermill" not in metadata, "an executed notebook was committed (papermill metadata)"


def _stored_names(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            names.add(node.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
    return names


def _loaded_names(tree: ast.AST) -> set[str]:
    return {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }


def explore_dependencies(notebook) -> list[tuple[int, set[str]]]:
    """(cell index, names) where a cell that is not tagged explore uses names that only explore
    cells before it defined: that cell would break when a report leaves the explore cells out."""
    problems = []
    defined_outside: set[str] = set()
    explore_only: set[str] = set()
    for index, cell in enumerate(code_cells(notebook)):
        tree = ast.parse(python_source(cell.source))
        stored = _stored_names(tree)
        if "explore" in tags(cell):
            explore_only |= stored - defined_outside
            continue
        used = (_loaded_names(tree) - stored) & explore_only
        if used:
            problems.append((index, used))
        explore_only -= stored
        defined_outside |= stored
    return problems


def explorer_imports(notebook) -> list[int]:
    """Indices of code cells not tagged explore that import nps_workbook.explorers."""
    found = []
    for index, cell in enumerate(code_cells(notebook)):
        if "explore" in tags(cell):
            continue
        for node in ast.walk(ast.parse(python_source(cell.source))):
            modules = []
            if isinstance(node, ast.ImportFrom):
                modules = [node.module or "", *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            if any(m.startswith("nps_workbook.explorers") for m in modules):
                found.append(index)
    return found


@pytest.mark.parametrize("name", NOTEBOOK_NAMES)
def test_no_report_cell_imports_an_explorer(name):
    assert explorer_imports(read(name)) == []


def test_explorer_imports_are_found():
    cells = [
        nbformat.v4.new_code_cell("from nps_workbook import explorers"),
        nbformat.v4.new_code_cell("from nps_workbook.explorers.nps import nps_explorer"),
        nbformat.v4.new_code_cell("import nps_workbook.explorers.nps"),
        nbformat.v4.new_code_cell("from nps_workbook.pages import nps"),
    ]
    assert explorer_imports(nbformat.v4.new_notebook(cells=cells)) == [0, 1, 2]


@pytest.mark.parametrize("name", NOTEBOOK_NAMES)
def test_explore_cells_can_be_left_out(name):
    assert explore_dependencies(read(name)) == []


def test_explore_dependencies_are_found():
    cells = [
        nbformat.v4.new_code_cell("wb = open_workbook(client_dir)"),
        nbformat.v4.new_code_cell("from nps_workbook import explore\nview = explore.x(wb)"),
        nbformat.v4.new_code_cell("print(wb)\nprint(view)"),
        nbformat.v4.new_code_cell("view = 1\nprint(view)"),
    ]
    cells[1].metadata["tags"] = ["explore"]
    notebook = nbformat.v4.new_notebook(cells=cells)
    assert explore_dependencies(notebook) == [(2, {"view"})]


def test_notebook_counts_hook_keeps_counts_only_on_kept_outputs():
    path = ROOT / "tools" / "notebook_counts.py"
    spec = importlib.util.spec_from_file_location("notebook_counts", path)
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    kept = nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\nprint(1)", execution_count=None)
    kept.metadata["tags"] = ["keep_output"]
    kept.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    other = nbformat.v4.new_code_cell("x = 1", execution_count=7)
    notebook = nbformat.v4.new_notebook(cells=[kept, other])
    assert hook.fix_counts(notebook) is True
    assert (kept.execution_count, other.execution_count) == (1, None)
    assert hook.fix_counts(notebook) is False


# --- run for every sample client in both languages --------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("client", SAMPLE_CLIENTS)
@pytest.mark.parametrize("name", NOTEBOOK_NAMES)
def test_runs_for_every_sample_client_and_language(run_notebook, name, client, language):
    executed = run_notebook(name, client, language)
    errors = [
        f"cell {index}: {output.ename}: {output.evalue}"
        for index, cell in enumerate(code_cells(executed))
        for output in cell.get("outputs", [])
        if output.output_type == "error"
    ]
    assert errors == []
    shown = "\n".join(output_texts(executed))
    for path in LOCAL_PATHS:
        assert path not in shown, f"the run shows a local path: ...{_around(shown, path)}..."


def _around(text: str, found: str, width: int = 60) -> str:
    at = text.find(found)
    return re.sub(r"\s+", " ", text[max(at - width, 0) : at + width])
