# Two entry points, each doing its own set-up from a fresh clone:
#   make demo   the main job on the bundled sample data
#   make test   the whole test suite (what CI runs)
# and, while working, make test-fast: lint and the tests not marked slow (notebooks, batches,
# browser, benchmarks, wheel).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: demo test test-fast lab bench lint format clean mutation pictures

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "NPS Workbook needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $@

# The whole workbook for every bundled sample client: executed notebooks, HTML reports,
# follow-up workbooks, rejected rows and out/index.html. A re-run skips what is unchanged.
demo: $(BIN)/.installed
	$(BIN)/nps-workbook demo --out $(OUT)

# The second pytest runs every notebook as committed with nbval, each kernel in notebooks/ (so a
# notebook's default client_dir resolves); only cells starting "# NBVAL_CHECK_OUTPUT" are compared.
test: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest
	$(BIN)/pytest --nbval-lax --nbval-current-env --nbval-cell-timeout 300 --nbval-sanitize-with notebooks/nbval_sanitize.cfg notebooks/

# While working: lint and every test not marked slow (pyproject.toml says what slow means), in
# a minute or two; `make test` before a merge.
test-fast: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -m "not slow"

# JupyterLab for a workshop, on the notebooks, with the kit installed.
lab: $(BIN)/.installed
	$(BIN)/jupyter lab notebooks/

# The benchmarks of issues #8, #15 and #16 against DuckDB, polars and pandas; appends to benchmarks/RESULTS.md.
bench: $(BIN)/.installed
	$(BIN)/python benchmarks/run.py

# Mutation testing of score, loops, comments, enps, money, load and parse, one module at a time
# against its own tests (tools/mutation.py, [tool.mutmut] in pyproject.toml). Hours: not in CI.
# MODULES="enps loops" runs some; one mutant at a time leaves the other cores free.
MODULES ?=
mutation: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[mutation]'
	$(BIN)/python tools/mutation.py $(MODULES) -- --max-children 1

# The README's pictures of the Danish sample client's workshop deck: three slides it shows
# (docs/images/deck-*.png) and every slide (docs/images/deck/deck-N.png); the demo's
# report.pptx through LibreOffice headless and pdftoppm (apt-get install libreoffice-impress
# poppler-utils). Not part of `make test`: CI has no LibreOffice.
DECK_SLIDES ?= 2 6 9
pictures: demo
	$(BIN)/python tools/deck_pictures.py $(OUT)/dk-b2b-it/report.pptx docs/images --slides $(DECK_SLIDES) --names summary journey business-case
	rm -rf docs/images/deck
	$(BIN)/python tools/deck_pictures.py $(OUT)/dk-b2b-it/report.pptx docs/images/deck

lint format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache .hypothesis build/mutation mutants
