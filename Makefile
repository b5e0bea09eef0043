# Two commands for a newcomer: `make run` (demo on embedded defaults) and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MANAGE := $(PY) manage.py
DEMO_ENV := DJANGO_DEBUG=true
# Tooling commands (translations) need settings but no secrets: run them in debug mode.
TOOL := DJANGO_DEBUG=true $(MANAGE)
RUN_ADDR ?= 127.0.0.1:8000
# Where `make run` is reached: RUN_ADDR, a bare port on this machine, every interface
# (0.0.0.0) as this machine. Links in e-mails and on the QR poster use SITE_URL, which
# follows it unless set (in the environment, on the command line or in .env).
RUN_URL_ADDR = $(patsubst 0.0.0.0:%,127.0.0.1:%,$(if $(findstring :,$(RUN_ADDR)),$(RUN_ADDR),127.0.0.1:$(RUN_ADDR)))
ENV_FILE_SITE_URL := $(shell sed -n 's/^[[:space:]]*SITE_URL[[:space:]]*=[[:space:]]*//p' .env 2>/dev/null | tail -n 1 | tr -d "\"'")
SITE_URL ?= $(or $(ENV_FILE_SITE_URL),http://$(RUN_URL_ADDR))
RUN_ENV = $(DEMO_ENV) SITE_URL='$(SITE_URL)'

.PHONY: help venv run test screenshots serve messages check-messages messages-compile lint clean

help:
	@grep -E '^## ' Makefile | sed 's/^## /  make /'

# The virtual environment, made with the newest working Python 3.13 / 3.12 (see
# scripts/find-python.sh) and reinstalled whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	@if ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		python_bin="$$(bash scripts/find-python.sh)"; \
		echo "Creating $(VENV) with $$python_bin ($$($$python_bin -V 2>&1))"; \
		"$$python_bin" -m venv --clear $(VENV); \
	fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

venv: $(STAMP)

# Compiled catalogues (*.mo) are not in git: build them from locale/*/LC_MESSAGES/*.po.
messages-compile: $(STAMP)
	@if command -v msgfmt >/dev/null; then \
		$(TOOL) compilemessages --ignore=$(VENV) -v 0; \
	else \
		echo "WARNING: gettext is not installed (apt-get install gettext, brew install gettext):" >&2; \
		echo "         pages stay in English until it is." >&2; \
	fi

## run: set everything up and serve the demo on http://127.0.0.1:8000 (RUN_ADDR=host:port to move it; SQLite, tasks in-process)
run: $(STAMP) messages-compile
	$(RUN_ENV) $(MANAGE) migrate --no-input
	$(RUN_ENV) $(MANAGE) load_demo --history
	@echo
	@echo "Demo staff: clerk, senior, head, officer, manager, admin (password demo12345)"
	@echo "Sign in at http://$(RUN_URL_ADDR)/bg/staff/login/ ; the site is http://$(RUN_URL_ADDR)/"
	@echo "Links in e-mails and on posters point at $(SITE_URL)"
	@echo
	$(RUN_ENV) $(MANAGE) runserver $(RUN_ADDR)

## test: the whole suite (unit, services, views, browser tests in Chromium); PYTEST_ARGS passes options
test: $(STAMP) messages-compile
	$(PY) -m pytest $(PYTEST_ARGS)

## screenshots: the home, service, performance and dashboard pages in bg at 1280 and 320 px, as PNG in SCREENSHOTS_DIR (./screenshots)
screenshots: $(STAMP) messages-compile
	$(PY) -m pytest tests/system/screenshots.py -q

## serve: production-like: gunicorn + Celery worker + beat (set DATABASE_URL, CELERY_BROKER_URL, ...)
serve: $(STAMP) messages-compile
	bash scripts/serve.sh

## messages: extract strings, merge any locale/bg/parts/*.po into the catalogue, compile
messages: $(STAMP)
	$(TOOL) makemessages -l bg -l en --no-obsolete --no-wrap \
		--ignore=$(VENV) --ignore=tests --ignore=static/vendor --ignore=staticfiles
	bash scripts/merge-translations.sh
	$(TOOL) compilemessages --ignore=$(VENV) -v 0

## check-messages: fail when a Bulgarian entry is missing or fuzzy (after `make messages`)
check-messages: messages
	bash scripts/check-translations.sh

## lint: ruff (check, format), mypy on the typed modules, import contracts (lint-imports); all run, any failure fails
lint: $(STAMP)
	@status=0; \
	echo "ruff check"; $(VENV)/bin/ruff check . || status=1; \
	echo "ruff format --check"; $(VENV)/bin/ruff format --check . || status=1; \
	echo "mypy"; DJANGO_DEBUG=true $(VENV)/bin/mypy || status=1; \
	echo "lint-imports"; $(VENV)/bin/lint-imports || status=1; \
	exit $$status

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
