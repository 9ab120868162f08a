# Set-up, run and test from a fresh clone: `make run`, `make test` (both install what they need first).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The browser assets of the Great Expectations Data Docs (package.json), copied beside the pages so they open offline.
NPM_STAMP := node_modules/.installed-stamp

# Prefect keeps its state inside the project and never phones home.
export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1
export GX_ANALYTICS_ENABLED := false

.PHONY: install run test test-packages lint typecheck browser bench clean dictionary

install: $(STAMP) $(NPM_STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# Debian packages a fresh machine may lack, installed with one `apt-get update` for all of them: the names given
# (command:package ...) whose command is missing.
define apt_install_missing
	@missing=""; for pair in $(1); do command -v "$${pair%%:*}" >/dev/null || missing="$$missing $${pair#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && $$sudo apt-get install -y -qq $$missing >/dev/null; fi
endef

# Exactly the versions in package-lock.json; no install scripts run. npm ci empties node_modules/ first.
$(NPM_STAMP): package.json package-lock.json
	$(call apt_install_missing,node:nodejs npm:npm)
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

run: install
	$(BIN)/curator run

# Debian's Chromium, for the headless-browser check of the HTML report.
browser:
	$(call apt_install_missing,chromium:chromium)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

# Screenshots of the report in headless Chromium land in curated/reports/screenshots/ for people to look at.
# The suite runs on TEST_WORKERS pytest-xdist workers; tests that share an expensive fixture carry one `xdist_group`
# and run on one worker. 2 (one per core here): with 4 on a loaded 2-core machine, Prefect servers missed their
# start-up deadlines.
TEST_WORKERS ?= 2
# On a fresh machine the test's Debian packages (npm for install, chromium for browser) come in one apt-get run.
test-packages:
	$(call apt_install_missing,node:nodejs npm:npm chromium:chromium)

test: test-packages install browser lint typecheck
	CURATOR_SCREENSHOT_DIR=$(CURDIR)/curated $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup

# Regenerate the analysts' data dictionary from the Pandera contracts.
dictionary: install
	$(BIN)/curator dictionary > curated/README.md

# Benchmarks (on demand, never part of `make test`): `make bench BENCH_MB=1000` for the 1 GB corpus.
BENCH_MB ?= 100
BENCH_CORPUS ?= benchmarks/out/corpus-$(BENCH_MB)mb
bench: install
	test -d $(BENCH_CORPUS) || $(BIN)/python benchmarks/make_corpus.py $(BENCH_CORPUS) --mb $(BENCH_MB)
	$(BIN)/python benchmarks/bench_pipeline.py $(BENCH_CORPUS) --json benchmarks/out/bench-$(BENCH_MB)mb.json
	$(BIN)/python benchmarks/bench_dates.py
	$(BIN)/python benchmarks/bench_extraction.py

clean:
	rm -rf $(VENV) node_modules .prefect .pytest_cache .mypy_cache .ruff_cache
