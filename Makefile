# Two entry points, each doing its own set-up from a fresh clone:
#   make demo   the main job on the bundled sample data
#   make test   the whole test suite (what CI runs)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: demo test bench lint format clean

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "NPS Workbook needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $@

demo: $(BIN)/.installed
	$(BIN)/nps-workbook validate sample_data/dk-b2b-it/responses.csv --rejects $(OUT)/dk-b2b-it/rejected.csv
	$(BIN)/nps-workbook score sample_data/dk-b2b-it/responses.csv
	$(BIN)/nps-workbook score sample_data/dk-b2b-it/responses.csv --by Afdeling --period quarter --format csv > $(OUT)/dk-b2b-it/nps_by_department_quarter.csv
	@echo "Wrote $(OUT)/dk-b2b-it/rejected.csv and $(OUT)/dk-b2b-it/nps_by_department_quarter.csv"

test: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

# The benchmarks of issue #8 against DuckDB, polars and pandas; appends to benchmarks/RESULTS.md.
bench: $(BIN)/.installed
	$(BIN)/python benchmarks/run.py

lint format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache .hypothesis
