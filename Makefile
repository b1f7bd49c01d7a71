# Everyday commands. `make run` and `make test` work on a fresh machine with only Python.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASSETS := static/vendor/.govuk-frontend-6.6.0 static/vendor/.ol-10.11.0 static/vendor/.proj4-2.22.0 \
  static/vendor/.codemirror
# `make run PORT=8001` when 8000 is taken (a PORT in the environment works too).
PORT ?= 8000

# Pinned, hashed requirements (generated from pyproject.toml by `make lock`):
# runtime.txt is what the production image installs; dev.txt is runtime + tests, lint,
# type checks and hooks, what .venv gets.
RUNTIME_REQUIREMENTS := requirements/runtime.txt
DEV_REQUIREMENTS := requirements/dev.txt

# What `make typecheck` checks: every top-level Python package (a folder with __init__.py)
# except those listed here, so a new app is checked as soon as it exists.
NOT_APPLICATION := tests bench scripts requirements static templates var docs
APP_PACKAGES = $(filter-out $(NOT_APPLICATION),$(patsubst %/__init__.py,%,$(wildcard */__init__.py)))

.PHONY: install run test lint format typecheck migrations-check ci hooks lock bench audit clean

$(STAMP): $(DEV_REQUIREMENTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(DEV_REQUIREMENTS)
	touch $(STAMP)

$(ASSETS): scripts/install_assets.py
	$(BIN)/python scripts/install_assets.py

install: $(STAMP) $(ASSETS)
	@$(BIN)/python -c "import weasyprint" >/dev/null 2>&1 || echo "Note: PDFs of orders' documents \
	need Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
	fonts-dejavu-core); the rest of the portal runs without it. See README, Order documents."

## run: the whole portal on http://127.0.0.1:$(PORT) (SQLite, embedded broker, sandbox)
run: install
	$(BIN)/python manage.py run_portal --port $(PORT)

## test: the whole suite (PostgreSQL and Redis when CI=true or when they are running)
test: install
	$(BIN)/python scripts/run_tests.py $(ARGS)

## lint: ruff (rules and formatting) and, once .importlinter exists, the import contracts
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@if [ -f .importlinter ]; then echo "$(BIN)/lint-imports"; $(BIN)/lint-imports; \
	  else echo "lint-imports: no .importlinter yet, skipped"; fi

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## typecheck: mypy (with the django-stubs plugin) over the application packages
typecheck: install
	$(BIN)/mypy $(APP_PACKAGES)

## migrations-check: fails when a model change has no migration
migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

## ci: everything CI runs (.ci/run calls this): lint, types, migrations, then the tests
ci: lint typecheck migrations-check test

## hooks: install the git pre-commit hooks (.pre-commit-config.yaml; they use .venv's tools)
hooks: install
	$(BIN)/pre-commit install --hook-type pre-commit --hook-type pre-push

## lock: regenerate requirements/*.txt from pyproject.toml, keeping every pin that still
## fits (add UPGRADE=--upgrade to move to the newest allowed versions). Needs PyPI.
lock: install
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --universal --python-version 3.11 \
	  $(UPGRADE) -o $(RUNTIME_REQUIREMENTS)
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
	  --python-version 3.11 $(UPGRADE) -c $(RUNTIME_REQUIREMENTS) -o $(DEV_REQUIREMENTS)

## bench: every benchmark under bench/, each printing its figures
bench: install
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

## audit: known vulnerabilities in the pinned runtime packages (requirements/runtime.txt is
## what the image installs). pip-audit asks PyPI's advisory service over the network, so this
## is not part of `make test` or CI. --strict: a package it could not look up fails the audit
## rather than passing unchecked. Its own virtualenv (var/audit-venv) leaves .venv untouched.
AUDIT_VENV := var/audit-venv
audit:
	test -x $(AUDIT_VENV)/bin/pip-audit || { $(PYTHON) -m venv $(AUDIT_VENV) \
	  && $(AUDIT_VENV)/bin/python -m pip install --quiet "pip-audit>=2.7,<3"; }
	$(AUDIT_VENV)/bin/pip-audit --requirement $(RUNTIME_REQUIREMENTS) --no-deps --disable-pip \
	  --strict --progress-spinner off

clean:
	rm -rf var staticfiles test-output
