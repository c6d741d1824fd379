# The README's two commands are `make run` and `make test`; each sets up its own virtual environment.
# python3.11 if it is there, else python3 (checked below to be 3.11 or newer).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { echo "GridBot needs Python 3.11 or newer (python3.11 / python3)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/gridbot run

# The end-to-end tests (bot processes, servers, a browser) run in a pytest process of their own.
test: $(STAMP)
	$(BIN)/python -m pytest -q --ignore=tests/e2e
	$(BIN)/python -m pytest -q tests/e2e

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/menu_step.py
	$(BIN)/python benchmarks/worklog_workbook.py
	$(BIN)/python benchmarks/district_month.py

clean:
	rm -rf $(VENV)
