# The two commands of the README: `make report` (the main job) and `make test` (everything
# CI checks). Both create .venv and install what they need, pinned by constraints.txt.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt
SAMPLE := var/sample/helse-vest.parquet

CHROMIUM := /usr/bin/chromium

.PHONY: report test lint typecheck unit browser bench-kpi bench-sim bench-erlang screenshots clean

report: $(VENV)/.installed
	$(BIN)/linja sample --out $(SAMPLE)
	$(BIN)/linja kpi $(SAMPLE) --html var/reports/kpi.html

test: $(VENV)/.installed-dev lint typecheck unit

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

unit: $(VENV)/.installed-dev browser
	$(BIN)/pytest -n 2 -q

bench-kpi: $(VENV)/.installed-dev
	$(BIN)/python bench/kpi/run.py

bench-sim: $(VENV)/.installed-dev
	$(BIN)/python bench/sim/run.py

bench-erlang: $(VENV)/.installed-dev
	$(BIN)/python bench/erlang/run.py

# refresh the screenshots shown in the README (look at them before committing)
screenshots: $(VENV)/.installed-dev browser
	LINJA_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q tests/e2e -k screenshot

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e '.[dev]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
