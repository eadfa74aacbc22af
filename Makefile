# khuyencong — two commands for a newcomer: `make demo` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Find a Python >= 3.12: pyenv's (selected by .python-version), then python3.13/python3.12/python3.
PYTHON ?= $(shell for c in "pyenv exec python" python3.13 python3.12 python3 python; do \
	  if $$c -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then echo "$$c"; break; fi; done)

.PHONY: install demo test test-e2e lint format messages migrations-check bench soak clean

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
	  echo "khuyencong needs Python 3.12 or newer. Install it (e.g. 'apt-get install python3.12 python3.12-venv'," ; \
	  echo "or 'pyenv install 3.12'), then run make again. You can also name it: make PYTHON=/path/to/python3.12"; \
	  exit 1; fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

# make demo PORT=8001 serves on another port.
demo: $(STAMP)
	@echo "khuyencong demo: migrating, loading data, then serving on http://127.0.0.1:$(or $(PORT),8000)/"
	DEBUG=1 $(VENV)/bin/khuyencong demo $(if $(PORT),--port $(PORT))

test: $(STAMP) lint
	$(PY) -m pytest $(PYTEST_ARGS)

test-e2e: $(STAMP)
	$(PY) -m pytest -m e2e $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check khuyencong $(wildcard bench)
	$(VENV)/bin/ruff format --check khuyencong $(wildcard bench)
	DEBUG=1 $(VENV)/bin/khuyencong makemigrations --check --dry-run

format: $(STAMP)
	$(VENV)/bin/ruff check --fix khuyencong $(wildcard bench)
	$(VENV)/bin/ruff format khuyencong $(wildcard bench)

# Refresh the Vietnamese catalogue after changing UI strings (needs GNU gettext), then translate and compile.
messages: $(STAMP)
	cd khuyencong && DEBUG=1 ../$(VENV)/bin/khuyencong makemessages -l vi --no-obsolete --no-location
	$(PY) -m khuyencong.core.i18n

bench: $(STAMP)
	$(PY) -m pip install -q -e '.[test,bench]'
	$(PY) bench/run.py

# Soak run (docs/operations.md, "Soak"): gunicorn on loopback, 20 demo users for 10 minutes (SOAK_SECONDS
# to shorten), zero errors and flat worker memory. Not part of `make test`.
soak: $(STAMP)
	$(PY) -m pip install -q -e '.[test,bench]'
	$(PY) bench/soak.py

clean:
	rm -rf $(VENV) var
