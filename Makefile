# Työnjako — `make run` starts the demo, `make test` runs every check.
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export TYONJAKO_DATA_DIR ?= $(CURDIR)/data

.PHONY: help run test install dev lint types migrations-check translations-check messages pytest pytest-fast bench deps-audit production-smoke clean worker

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-20s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed  ## create .venv and install the project

dev: $(VENV)/.dev-installed  ## install the development tools too

run: install  ## migrate, load the demo when empty, serve on http://127.0.0.1:8000 with a worker
	mkdir -p "$(TYONJAKO_DATA_DIR)"
	DEBUG=1 $(BIN)/tyonjako migrate --verbosity 0
	DEBUG=1 $(BIN)/tyonjako demo --if-empty
	@echo "Työnjako: http://127.0.0.1:8000/ (background jobs: tyonjako worker, beside it)"
	DEBUG=1 $(BIN)/tyonjako worker --no-reload --verbosity 0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DEBUG=1 $(BIN)/tyonjako runserver 127.0.0.1:8000

worker: install  ## run the background jobs and the schedule (imports, tallies, daily records)
	DEBUG=1 $(BIN)/tyonjako worker

lint: dev  ## ruff format check and lint
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

types: dev  ## mypy with django-stubs
	DEBUG=1 $(BIN)/mypy tyonjako

migrations-check: dev  ## fail when a model change has no migration
	DEBUG=1 $(BIN)/tyonjako makemigrations --check --dry-run

translations-check: dev  ## fail on a missing or fuzzy fi/sv translation, or a stale .mo file
	DEBUG=1 $(BIN)/python scripts/check_translations.py

messages: dev  ## extract new strings into the .po files and compile them
	DEBUG=1 $(BIN)/python scripts/check_translations.py --update

# Tests run in parallel (pytest-xdist), one process per core unless PYTEST_WORKERS says
# otherwise (PYTEST_WORKERS=0 runs them in this process). Each process has its own test
# database (test_<name>_gw0, _gw1, ...) on SQLite and on PostgreSQL; tests/conftest.py puts
# back the migrated rows after each transactional test, so no test depends on the order.
PYTEST_WORKERS ?= auto

pytest: dev  ## the test suite in parallel, with a coverage summary
	mkdir -p "$(TYONJAKO_DATA_DIR)"
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal --cov --cov-report=term:skip-covered

pytest-fast: dev  ## the test suite without the tests marked slow (CI runs them all)
	mkdir -p "$(TYONJAKO_DATA_DIR)"
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal -m "not slow"

test: lint types migrations-check translations-check pytest  ## every check and test

bench: dev  ## the benchmarks (figures go to docs/benchmarks.md)
	$(BIN)/python bench/bench_routing.py

deps-audit: dev  ## known vulnerabilities in the installed dependencies (pip-audit, needs PyPI)
	$(BIN)/pip-audit --skip-editable --progress-spinner off

production-smoke: dev  ## DEBUG off: collectstatic, check --deploy, gunicorn on port 8199, fetch login page and a static file
	$(BIN)/python scripts/production_smoke.py --port $${SMOKE_PORT:-8199}

clean:  ## remove the virtualenv and caches (not the data)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage
