# Everything a developer or operator runs. `make run` and `make test` work from a fresh clone.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
HOST ?= 127.0.0.1
WORKERS ?= 4
PYTEST_ARGS ?=
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard portal/translations/*/LC_MESSAGES/messages.po))

.PHONY: install run serve setup test e2e bench bench-dashboard lint check clean messages

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,e2e]'
	touch $@

install: $(BIN)/.installed $(CATALOGUES)

## Compiled interface translations (portal/translations/<lang>/LC_MESSAGES).
portal/translations/%/LC_MESSAGES/messages.mo: portal/translations/%/LC_MESSAGES/messages.po $(BIN)/.installed
	$(BIN)/pybabel --quiet compile -d portal/translations -l $*

## After changing interface text: extract it again and merge it into every catalogue.
messages: $(BIN)/.installed
	$(BIN)/pybabel --quiet extract -F babel.cfg -k _l -k lazy_gettext -k N_ --no-location \
		--sort-output --project "Migration School portal" -o portal/translations/messages.pot .
	$(BIN)/pybabel --quiet update -i portal/translations/messages.pot -d portal/translations \
		--ignore-obsolete

## Migrate the database, import the course and create the demo accounts (dev only).
setup: install
	$(BIN)/flask --app portal setup --demo

## Create the venv, install, prepare the database with the course, serve it.
run: setup
	@echo "Serving on http://$(HOST):$(PORT)"
	$(BIN)/flask --app portal run --host $(HOST) --port $(PORT)

## Production-style server: several gunicorn workers (set SECRET_KEY and DATABASE_URL).
serve: install
	$(BIN)/flask --app portal setup
	$(BIN)/gunicorn --workers $(WORKERS) --bind $(HOST):$(PORT) --access-logfile - \
		--logger-class portal.log_redaction.AccessLogger 'portal:create_app()'

## The whole suite, no browser needed. DATABASE_URL=postgresql+psycopg://... runs it on PostgreSQL.
test: install
	$(BIN)/pytest --ignore=tests/e2e -q $(PYTEST_ARGS)

## axe-core for the browser tests, from npm at the version package-lock.json pins.
tests/e2e/node_modules/.package-lock.json: tests/e2e/package.json tests/e2e/package-lock.json
	@command -v npm >/dev/null || { echo "e2e needs Node and npm: apt-get install nodejs npm" >&2; exit 2; }
	npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error

## Browser tests with Debian's Chromium (/usr/bin/chromium) driven by Playwright.
e2e: install tests/e2e/node_modules/.package-lock.json
	@test -x /usr/bin/chromium || { echo "e2e needs Debian's chromium: apt-get install chromium" >&2; exit 2; }
	$(BIN)/pytest tests/e2e -q $(PYTEST_ARGS)

## Throughput and latency under gunicorn (see README for the figures).
bench: install
	$(BIN)/python -m portal.benchmark

## Cohort dashboard over 5,000 participants x 12 modules x 100,000 attempts (README).
bench-dashboard: install
	$(BIN)/python -m portal.benchmark_dashboard

lint: install
	$(BIN)/ruff check portal tests

## Validate modules/ and quizzes/.
check: install
	$(BIN)/flask --app portal course check

clean:
	rm -rf $(VENV) instance .pytest_cache tests/e2e/node_modules
