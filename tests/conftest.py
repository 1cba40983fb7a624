import json
import os
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
# The public exports in shared/realdata sit beside the repository, here and in CI.
REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"


@pytest.fixture(scope="session", autouse=True)
def _empty_caches_for_the_mutant_under_test():
    """Under `make mutation` only: mutmut runs each mutant's tests in a process forked from the
    one whose clean run filled the package's functools caches (the anonymiser's patterns, the
    theme regexes, the word lists), so a mutant inside a cached function would be judged on
    the original's cached results. Emptied once per mutant's run."""
    if os.environ.get("MUTANT_UNDER_TEST"):
        for name, module in list(sys.modules.items()):
            if name.startswith("nps_workbook"):
                for value in list(vars(module).values()):
                    if callable(getattr(value, "cache_clear", None)):
                        value.cache_clear()


@pytest.fixture
def data_dir() -> Path:
    return DATA


def require_realdata(folder: Path = REALDATA) -> Path:
    """The shared real exports' folder; a test without it skips, except in CI, where it fails:
    CI must never pass by skipping the tests against published data (as the browser tests)."""
    from browser import in_ci

    if not folder.is_dir():
        message = f"the shared real exports are not beside the repository ({folder})"
        if in_ci():
            pytest.fail(f"CI must run the real-data tests, but {message}", pytrace=False)
        pytest.skip(message)
    return folder


@pytest.fixture
def realdata() -> Path:
    return require_realdata()


# --- executing the notebooks ---------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SAMPLE_DATA = ROOT / "sample_data"
SAMPLE_CLIENTS = ("dk-b2b-it", "uk-webshop")
LANGUAGES = ("da", "en")
KERNEL = "python3"  # installed into the virtual environment by `make` (ipykernel --sys-prefix)
CELL_TIMEOUT = 300  # seconds; the slowest cell of a sample run takes a few


@pytest.fixture(scope="session")
def run_notebook(tmp_path_factory):
    """Execute notebooks/NAME.ipynb for a sample client and language with papermill, once.

    Returns the executed notebook (nbformat). Runs are cached for the session, so every test
    of the same (notebook, client, language, parameters) shares one execution.
    """
    import nbformat
    import papermill

    cache = {}

    def run(name: str, client: str, language: str, **parameters):
        # JSON, not the items themselves: a parameter may be a dict or list (unhashable).
        key = (name, client, language, json.dumps(parameters, sort_keys=True))
        if key not in cache:
            out = tmp_path_factory.mktemp("executed") / f"{name}-{client}-{language}.ipynb"
            papermill.execute_notebook(
                str(NOTEBOOKS / f"{name}.ipynb"),
                str(out),
                parameters={
                    "client_dir": str(SAMPLE_DATA / client),
                    "language": language,
                    **parameters,
                },
                kernel_name=KERNEL,
                cwd=str(NOTEBOOKS),
                progress_bar=False,
                # A cell that hangs fails its test instead of holding CI to its time limit.
                execution_timeout=CELL_TIMEOUT,
            )
            cache[key] = nbformat.read(str(out), as_version=4)
        return cache[key]

    return run


@pytest.fixture(scope="session")
def sample_batch(tmp_path_factory):
    """The whole workbook for every bundled sample client, as `nps-workbook demo --pdf` runs it.

    Returns the BatchResult; its `out_dir` holds index.html and a folder per client (reports,
    report.pdf, followup.xlsx, rejected.csv, summary.json, executed notebooks). One run serves
    every test of the session that reads the batch's outputs.
    """
    from nps_workbook.batch import find_clients, run_batch

    out = tmp_path_factory.mktemp("sample-batch")
    return run_batch(find_clients([SAMPLE_DATA]), out, jobs=2, pdf=True, progress=False)


# Fixtures that execute notebooks: a test using one, directly or through another fixture, is slow.
SLOW_FIXTURES = {"run_notebook", "sample_batch"}


def pytest_collection_modifyitems(items):
    """Mark every test that executes notebooks through a fixture ``slow`` (see pyproject.toml).

    Marked by the fixture it uses, so a test that starts or stops running a notebook is marked
    right without anyone remembering to.
    """
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
