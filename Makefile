# One entry point. `make run` serves the app with the demo data; `make test` runs the suite.
# Needs only Python 3.11 and make; everything else goes into .venv from the locked requirements.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist: one test process per core (the PostgreSQL and browser tests are safe in parallel).
PYTEST_WORKERS ?= auto

.DEFAULT_GOAL := help
.PHONY: help setup run worker demo test test-postgres lint format-check migrations-check typecheck check check-deploy lock superuser clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements/dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check --require-hashes -r requirements/dev.lock
	@touch $@

setup: $(VENV)/.installed  ## Create .venv and install the locked dependencies

demo: setup  ## Migrate the database and load the demo researchers
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_data

run: demo  ## Set up, load the demo data and serve on http://127.0.0.1:8000
	@echo "Serving on http://$(HOST):$(PORT)/  (emails are printed here; Ctrl-C stops)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: setup  ## A Celery worker (needs CELERY_TASK_ALWAYS_EAGER=False and a broker: REDIS_URL)
	$(BIN)/celery -A config worker --loglevel INFO

test: setup  ## Run the whole test suite (SQLite unless DATABASE_URL is set)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-postgres: setup  ## The suite against a local PostgreSQL (DATABASE_URL overrides)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/researcher_profiles} \
		$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --create-db $(PYTEST_ARGS)

lint: setup  ## ruff's lint rules (with a complexity limit of 12 per function)
	$(BIN)/ruff check .

format-check: setup  ## Every file formatted as ruff format would
	$(BIN)/ruff format --check .

migrations-check: setup  ## Fails when a model change has no migration
	$(BIN)/python manage.py makemigrations --check --dry-run

typecheck: setup  ## mypy with django-stubs (strict for profiles/importers; see pyproject.toml)
	$(BIN)/mypy

check: lint format-check migrations-check typecheck  ## What CI runs, in CI's order (cheap checks first)
	$(MAKE) test PYTEST_ARGS="--create-db --cov --cov-report=term:skip-covered $(PYTEST_ARGS)"
	$(MAKE) test-postgres
	$(MAKE) check-deploy

check-deploy: setup  ## Django's deployment checklist with production settings
	DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY=$${SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))')} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-profiles.example.org} \
	SITE_URL=$${SITE_URL:-https://profiles.example.org} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

superuser: setup  ## Create a moderator (staff + superuser) account
	$(BIN)/python manage.py createsuperuser

lock:  ## Re-resolve requirements/*.lock from pyproject.toml
	$(BIN)/pip-compile --quiet --allow-unsafe --strip-extras --generate-hashes --no-emit-index-url --no-emit-find-links -o requirements/base.lock pyproject.toml
	$(BIN)/pip-compile --quiet --allow-unsafe --strip-extras --generate-hashes --no-emit-index-url --no-emit-find-links --extra dev -o requirements/dev.lock pyproject.toml

clean:  ## Remove the virtual environment and local database
	rm -rf $(VENV) db.sqlite3 .test-media staticfiles
