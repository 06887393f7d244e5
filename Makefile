# The two commands of the README: `make report` (the main job) and `make test` (everything
# CI checks). Both create .venv and install what they need, pinned by constraints.txt.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt
SAMPLE := var/sample/helse-vest.parquet

CHROMIUM := /usr/bin/chromium
# the engine's modules that mypyc compiles (pyproject.toml, [tool.linja] compiled): a
# change to one recompiles them in place before the tests (.compiled)
COMPILED := $(shell sed -n '/^compiled = \[/,/^\]/p' pyproject.toml | grep -o 'src/[^"]*')
# the engine tests that also run interpreted (LINJA_PURE_PYTHON=1), to keep the plain
# source correct on machines that cannot compile it
PURE_TESTS := tests/engine/test_routing.py tests/engine/test_routing_calendar.py \
	tests/engine/test_routing_properties.py tests/engine/test_routing_values.py \
	tests/engine/test_sim_agenda.py tests/engine/test_sim_outputs.py tests/engine/test_routing_inputs.py \
	tests/engine/test_routing_timers.py

# the database tests also run on PostgreSQL (tools/services checks it answers)
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: report demo test lint typecheck unit unit-pure unit-pg services compile browser bench-kpi bench-sim bench-erlang screenshots clean

report: $(VENV)/.installed
	$(BIN)/linja sample --out $(SAMPLE)
	$(BIN)/linja kpi $(SAMPLE) --html var/reports/kpi.html

# the web site with the demo data (SQLite in ./var); see docs/deployment.md
demo: $(VENV)/.installed
	$(BIN)/linja demo

test: $(VENV)/.installed-dev $(VENV)/.compiled services lint typecheck unit unit-pure unit-pg

services:
	tools/services

# Debian's Chromium for the browser tests (Playwright never downloads a browser here)
browser: $(CHROMIUM)
$(CHROMIUM):
	@sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	$$sudo apt-get install -y --no-install-recommends chromium || \
	{ $$sudo apt-get update && $$sudo apt-get install -y --no-install-recommends chromium; }

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

unit: $(VENV)/.installed-dev $(VENV)/.compiled browser
	$(BIN)/pytest -n 2 -q

unit-pg: $(VENV)/.installed-dev $(VENV)/.compiled services
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 -q -m django_db

unit-pure: $(VENV)/.installed-dev
	LINJA_PURE_PYTHON=1 $(BIN)/pytest -n 2 -q $(PURE_TESTS)

# recompile the engine in place after changing it (quicker than a new install); the
# tests refuse a compiled module older than its source
compile: $(VENV)/.compiled

$(VENV)/.compiled: $(COMPILED) mypyc.ini | $(VENV)/.installed-dev
	cd src && ../$(BIN)/mypyc --config-file ../mypyc.ini $(COMPILED:src/%=%) > /dev/null && rm -rf build
	touch $@

bench-kpi: $(VENV)/.installed-dev
	$(BIN)/python bench/kpi/run.py

bench-sim: $(VENV)/.installed-dev $(VENV)/.compiled
	$(BIN)/python bench/sim/run.py

bench-erlang: $(VENV)/.installed-dev
	$(BIN)/python bench/erlang/run.py

# refresh the screenshots shown in the README (look at them before committing)
screenshots: $(VENV)/.installed-dev browser
	LINJA_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q tests/e2e -k "screenshot or transferred_warm"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml setup.py constraints.txt mypyc.ini $(COMPILED) | $(BIN)/python
	$(PIP) -e .
	touch $@

# an install compiles the engine too (setup.py): the in-place build is then up to date
$(VENV)/.installed-dev: pyproject.toml setup.py constraints.txt mypyc.ini | $(BIN)/python
	$(PIP) -e '.[dev]'
	touch $@ $(VENV)/.installed $(VENV)/.compiled

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache build src/build
	find src -name '*.so' -delete
