# Everyday commands. `make run` and `make test` work on a fresh machine with only Python.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASSETS := static/vendor/.govuk-frontend-6.6.0

.PHONY: install run test lint format bench audit clean

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

## audit: known vulnerabilities in the pinned packages (requirements.lock is what the image
## installs). pip-audit asks PyPI's advisory service over the network, so this is not part
## of `make test` or CI. --strict: a package it could not look up fails the audit rather than
## passing unchecked. Its own virtualenv (var/audit-venv) leaves .venv untouched.
AUDIT_VENV := var/audit-venv
audit:
	test -x $(AUDIT_VENV)/bin/pip-audit || { $(PYTHON) -m venv $(AUDIT_VENV) \
	  && $(AUDIT_VENV)/bin/python -m pip install --quiet "pip-audit>=2.7,<3"; }
	$(AUDIT_VENV)/bin/pip-audit --requirement requirements.lock --no-deps --disable-pip \
	  --strict --progress-spinner off

clean:
	rm -rf var staticfiles test-output
