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
.PHONY: help setup run worker beat prod demo test test-postgres lint format-check migrations-check typecheck check check-deploy loadtest lock superuser clean

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

# Production mode on this machine (docs/deployment.md): gunicorn, one Celery worker and the one
# beat, with production settings, against local PostgreSQL and Redis. The defaults below are
# for this target only (a throwaway key, plain HTTP on localhost); a real deployment sets
# every variable itself. Ctrl-C (or any of the three exiting) stops all three.
PROD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/profiles
PROD_REDIS_URL ?= redis://127.0.0.1:6379/0
WORKER_CONCURRENCY ?= 2
.PHONY: prod
prod: SHELL := /bin/bash
prod: setup  ## Production mode locally: migrate, collectstatic, then gunicorn + worker + beat
	@set -euo pipefail; \
	export DJANGO_SETTINGS_MODULE=config.settings.production \
	  DATABASE_URL="$${DATABASE_URL:-$(PROD_DATABASE_URL)}" \
	  REDIS_URL="$${REDIS_URL:-$(PROD_REDIS_URL)}" \
	  SECRET_KEY="$${SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	  SITE_URL="$${SITE_URL:-http://localhost:$(PORT)}" \
	  ALLOWED_HOSTS="$${ALLOWED_HOSTS:-localhost,127.0.0.1}" \
	  SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-False}" \
	  GUNICORN_BIND="$${GUNICORN_BIND:-$(HOST):$(PORT)}" GUNICORN_ACCESSLOG="" GUNICORN_LOG_FORMAT=json; \
	$(BIN)/python manage.py migrate --noinput; \
	$(BIN)/python manage.py collectstatic --noinput -v0; \
	pids=(); stop() { trap - INT TERM EXIT; kill -TERM "$${pids[@]}" 2>/dev/null || true; wait; }; \
	trap 'stop; exit 0' INT TERM; trap stop EXIT; \
	$(BIN)/gunicorn -c config/gunicorn.py config.wsgi & pids+=($$!); \
	$(BIN)/celery -A config worker --loglevel INFO --concurrency $(WORKER_CONCURRENCY) & pids+=($$!); \
	$(BIN)/celery -A config beat --loglevel INFO --schedule .celerybeat-schedule & pids+=($$!); \
	echo "production mode on http://$(HOST):$(PORT)/ (gunicorn, a worker, beat; Ctrl-C stops all three)"; \
	wait -n

worker: setup  ## A Celery worker (needs CELERY_TASK_ALWAYS_EAGER=False and a broker: REDIS_URL)
	$(BIN)/celery -A config worker --loglevel INFO

beat: setup  ## The periodic jobs' scheduler (CELERY_BEAT_SCHEDULE); run exactly one per deployment
	$(BIN)/celery -A config beat --loglevel INFO --schedule $${CELERY_BEAT_SCHEDULE_FILE:-celerybeat-schedule}

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

typecheck: setup  ## mypy with django-stubs (strict for profiles/evidence and profiles/importers)
	$(BIN)/mypy

check: lint format-check migrations-check typecheck  ## What CI runs, in CI's order (cheap checks first)
	$(MAKE) test PYTEST_ARGS="--create-db --cov --cov-report=term:skip-covered $(PYTEST_ARGS)"
	$(MAKE) test-postgres
	$(MAKE) check-deploy
	$(MAKE) bench-tiny

check-deploy: setup  ## Django's deployment checklist with production settings
	DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY=$${SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))')} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-profiles.example.org} \
	SITE_URL=$${SITE_URL:-https://profiles.example.org} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

# Scale data and the benchmark (README, "Benchmark"). AUTHORS and WORKS set the size.
AUTHORS ?= 1000000
WORKS ?= 3000000
SNAPSHOT ?= snapshot-$(AUTHORS)-$(WORKS).jsonl.gz
SCALE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/researcher_profiles_scale
BENCH_ARGS ?=

snapshot: $(SNAPSHOT)  ## Write a synthetic OpenAlex snapshot of AUTHORS authors and WORKS works (kept once written)

$(SNAPSHOT): | setup
	$(BIN)/python manage.py generate_openalex --authors $(AUTHORS) --works $(WORKS) --out $(SNAPSHOT)

scale-db: snapshot  ## Build a database of that size on local PostgreSQL through the importer (bulk path)
	DATABASE_URL=$(SCALE_DATABASE_URL) $(BIN)/python manage.py migrate --noinput
	DATABASE_URL=$(SCALE_DATABASE_URL) $(BIN)/python manage.py import_openalex --bulk $(SNAPSHOT)

bench: setup  ## Benchmark the scale database (needs wrk): writes bench.json and bench.md
	DATABASE_URL=$(SCALE_DATABASE_URL) $(BIN)/python manage.py bench --markdown bench.md $(BENCH_ARGS)

bench-tiny: setup  ## The benchmark at a tiny scale on SQLite, to show it runs (CI)
	rm -f .bench-tiny.sqlite3 .bench-tiny.jsonl.gz
	DATABASE_URL=sqlite:///.bench-tiny.sqlite3 $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=sqlite:///.bench-tiny.sqlite3 $(BIN)/python manage.py generate_openalex --authors 40 --works 60 --out .bench-tiny.jsonl.gz
	DATABASE_URL=sqlite:///.bench-tiny.sqlite3 $(BIN)/python manage.py import_openalex .bench-tiny.jsonl.gz
	DATABASE_URL=sqlite:///.bench-tiny.sqlite3 $(BIN)/python manage.py bench --seconds 1 --warmup 0 --import-works 20 --json .bench-tiny.json

# The load and fault test (README, "Load and fault test"): its own PostgreSQL, Redis and
# gunicorn on free ports; LOADTEST_ARGS="--seconds 30" for a shorter run.
LOADTEST_ARGS ?=

loadtest: setup  ## Load gunicorn (2 workers) through Redis and PostgreSQL faults: loadtest.json, loadtest.md
	$(BIN)/python manage.py loadtest $(LOADTEST_ARGS)

superuser: setup  ## Create a moderator (staff + superuser) account
	$(BIN)/python manage.py createsuperuser

lock:  ## Re-resolve requirements/*.lock from pyproject.toml
	$(BIN)/pip-compile --quiet --allow-unsafe --generate-hashes --no-emit-index-url --no-emit-find-links -o requirements/base.lock pyproject.toml
	$(BIN)/pip-compile --quiet --allow-unsafe --generate-hashes --no-emit-index-url --no-emit-find-links --extra dev -o requirements/dev.lock pyproject.toml

clean:  ## Remove the virtual environment and local database
	rm -rf $(VENV) db.sqlite3 .test-media staticfiles .bench-tiny.*
