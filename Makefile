# Sluice: `make run` starts everything locally, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install web run test lint format bench bench-n8n chaos clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required (found " + sys.version.split()[0] + "); set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

web:
	@if [ -f web/package.json ]; then cd web && npm ci --no-audit --no-fund && npm run build; fi

run: install web
	$(PY) deploy/local_stack.py

test: install web
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	$(PY) -m bench

# Sluice vs n8n 2.8 side by side (installs n8n from npm into .data/n8n once; ~10 min)
bench-n8n: install
	$(PY) -m bench.vs_n8n $(ARGS)

# chaos runs: worker and Temporal kills, DB outage, webhook burst, approval across restarts
chaos: install
	$(PY) -m bench.faults

clean:
	rm -rf $(VENV) .data web/node_modules web/dist
