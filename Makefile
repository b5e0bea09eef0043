# Two commands for a newcomer: `make run` (demo on embedded defaults) and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# The newest working Python 3.13 / 3.12 (pyenv shims may exist but fail, so run each).
PYTHON_BIN := $(shell for c in python3.13 python3.12 \
	$$(ls -d $$(pyenv root 2>/dev/null)/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V -r); do \
	if $$c -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1; then echo $$c; break; fi; done)

.PHONY: run test serve messages messages-compile check-python lint clean

check-python:
	@if [ -z "$(PYTHON_BIN)" ]; then \
		echo "Python 3.12 or 3.13 is needed (Django 6.1 requires 3.12+): none was found." >&2; exit 1; fi

$(STAMP): pyproject.toml | check-python
	@test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

messages-compile: $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv -v 0

## run: set everything up and serve the demo on http://127.0.0.1:8000 (SQLite, tasks in-process)
run: $(STAMP) messages-compile
	DJANGO_DEBUG=true $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=true $(PY) manage.py load_demo
	DJANGO_DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

## test: the whole suite (unit, services, views, browser tests in Chromium)
test: $(STAMP) messages-compile
	$(PY) -m pytest $(PYTEST_ARGS)

## serve: production-like: gunicorn + Celery worker + beat (needs DATABASE_URL, CELERY_BROKER_URL, ...)
serve: $(STAMP) messages-compile
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input -v 0
	$(VENV)/bin/celery -A servicedesk worker -l info --concurrency 2 & \
	$(VENV)/bin/celery -A servicedesk beat -l info --schedule /tmp/servicedesk-beat & \
	$(VENV)/bin/gunicorn servicedesk.wsgi -b 127.0.0.1:8000 --workers 2; \
	kill %1 %2

## messages: extract strings and check the Bulgarian catalogue is complete
messages: $(STAMP)
	$(PY) manage.py makemessages -l bg -l en --ignore=.venv --ignore=tests --no-obsolete
	$(PY) manage.py makemessages -d djangojs -l bg -l en --ignore=.venv --ignore=tests --ignore=static/vendor --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv -v 0

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
