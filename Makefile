# Everyday commands. `make run` and `make test` work on a fresh machine with only Python.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASSETS := static/vendor/.govuk-frontend-6.6.0

.PHONY: install run test lint format bench clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $(STAMP)

$(ASSETS): scripts/install_assets.py
	$(BIN)/python scripts/install_assets.py

install: $(STAMP) $(ASSETS)

## run: the whole portal on http://127.0.0.1:8000 (SQLite, embedded broker, sandbox)
run: install
	$(BIN)/python manage.py run_portal

## test: the whole suite (PostgreSQL and Redis when CI=true or when they are running)
test: install
	$(BIN)/python scripts/run_tests.py $(ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## bench: every benchmark under bench/, each printing its figures
bench: install
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf var staticfiles test-output
