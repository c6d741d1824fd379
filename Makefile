# The README's two commands are `make run` and `make test`; each sets up its own virtual environment.
# python3.11 if it is there, else python3 (checked below to be 3.11 or newer).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Bytecode written ahead, as `pip install` does for every library: with PYTHONDONTWRITEBYTECODE set (as on some
# machines) each `gridbot` process the tests and benchmarks start would otherwise compile the whole bot again.
PACKAGES := bot dialogs domain services storage locales reminders reports sandbox

.PHONY: run test test-dates lint bench clean

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
	$(BIN)/python -m compileall -q $(PACKAGES) tests >/dev/null
	$(BIN)/python -m pytest -q --ignore=tests/e2e
	$(BIN)/python -m pytest -q --durations=15 tests/e2e

# The tests take "today" from clocks they set, never from the machine's. To keep it so, the unit suite runs again
# with the machine's clock moved (tests/conftest.py --system-date) to the dates where a date bug would show
# (Asia/Shanghai): year end late at night; the first working day of a year chinesecalendar does not know; the
# Spring Festival; a leap day; a Saturday that is a 调休 working day. The instants run side by side, on SQLite only
# (the guard is about the clock; `make test` covers PostgreSQL and Redis), each with its own log. CI runs two of
# them: `make test-dates DATES="…"`.
DATES ?= 2026-12-31T23:30+08:00 2027-01-04T10:00+08:00 2027-02-10T10:00+08:00 2028-02-29T10:00+08:00 2026-10-10T10:00+08:00
test-dates: $(STAMP)
	@mkdir -p test-artifacts; pids=""; \
	for instant in $(DATES); do \
		env -u TEST_DATABASE_URL -u TEST_REDIS_URL $(BIN)/python -m pytest -q -p no:cacheprovider --ignore=tests/e2e \
			--system-date "$$instant" > "test-artifacts/dates-$$instant.log" 2>&1 & pids="$$pids $$!"; \
	done; \
	failed=0; for pid in $$pids; do wait $$pid || failed=1; done; \
	for instant in $(DATES); do echo "== unit tests with the machine's clock at $$instant"; \
		tail -n 15 "test-artifacts/dates-$$instant.log"; done; \
	exit $$failed

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports  # the floors and no circles: [tool.importlinter] in pyproject.toml, docs/architecture.md

# Issue 14's benchmarks, each printing its baseline, target and verdict line; with TEST_DATABASE_URL set, the
# PostgreSQL rows too (the benchmarks drop that database's tables: never point it at data you keep).
bench: $(STAMP)
	$(BIN)/python benchmarks/menu_step.py
	$(BIN)/python benchmarks/press_latency.py
	$(BIN)/python benchmarks/sender_throughput.py $(if $(TEST_DATABASE_URL),--pg $(TEST_DATABASE_URL))
	$(BIN)/python benchmarks/startup_memory.py
	$(BIN)/python benchmarks/worklog_workbook.py
	$(BIN)/python benchmarks/district_month.py $(if $(TEST_DATABASE_URL),--database-url $(TEST_DATABASE_URL))

clean:
	rm -rf $(VENV)
