# MakerHub: `make run` to try it, `make test` to check it. See README.md.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
LOCK := requirements/dev.lock
STAMP := $(VENV)/.installed
export DJANGO_ALLOW_ASYNC_UNSAFE := true

.PHONY: run run-prod fuzz-api backup test lint format lock install migrate messages compilemessages gettext seed browser openscad clean help

help:
	@echo "make run    - install, migrate, load demo data, serve on http://127.0.0.1:$(PORT)"
	@echo "make test   - the whole test suite (SQLite unless DATABASE_URL is set)"
	@echo "make lint   - ruff check, ruff format --check, mypy"
	@echo "make lock   - re-resolve requirements/*.lock from pyproject.toml"

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever the lock file changes.
$(STAMP): $(LOCK) | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r $(LOCK)
	touch $(STAMP)

install: $(STAMP)

# Django compiles translations with GNU gettext's msgfmt; installed here when missing.
gettext:
	@command -v msgfmt >/dev/null 2>&1 || { \
	  echo "Installing GNU gettext (msgfmt) to compile the translations..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq gettext >/dev/null; }

compilemessages: $(STAMP) gettext
	$(PY) manage.py compilemessages --ignore=.venv -v0

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput -v0

seed: migrate openscad
	$(PY) manage.py seed_demo

run: compilemessages seed
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Debian's chromium drives the browser tests; installed here when it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# OpenSCAD renders the customizer's parametric designs; installed here when it is missing.
# Without it (no apt, no sudo) everything else works and the pages say that rendering is off.
openscad:
	@command -v openscad >/dev/null 2>&1 || { \
	  echo "Installing Debian's openscad for the customizer..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  { $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq openscad >/dev/null; } \
	  || echo "openscad could not be installed: customised designs will not render."; }

test: $(STAMP) compilemessages browser openscad
	$(PY) -m pytest $(PYTEST_ARGS)

# The production stack on this machine: gunicorn + Celery worker + beat (docs/deployment.md).
run-prod: $(STAMP)
	VENV=$(VENV) ops/run-prod.sh

# Schemathesis against the running API schema (bounded; see docs/deployment.md).
fuzz-api: $(STAMP)
	FUZZ_EXAMPLES=$(or $(EXAMPLES),30) $(PY) -m pytest tests/security/test_fuzz_api.py -q -p no:cacheprovider

# Database dump + media in one archive under var/backups/ (restore: manage.py restore FILE).
backup: $(STAMP)
	$(PY) manage.py backup

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy accounts spaces bookings workshops designs customizer accessibility privacy ops makerhub

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(STAMP)
	$(PY) manage.py makemessages -l de -l en --ignore=.venv --ignore=var --ignore=bench --ignore=tests --no-obsolete

lock: | $(PY)
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.11 -q -o requirements/base.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 -q -o requirements/dev.lock

clean:
	rm -rf $(VENV) var/static

# designs: STL validation against Debian's admesh (installed here when it is missing).
bench-stl: $(STAMP)
	@command -v admesh >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq admesh >/dev/null; }
	$(PY) bench/stl.py
