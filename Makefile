# Two commands do everything on a fresh machine:
#   make run    create the virtualenv if needed, install, build the warehouse on the embedded DuckDB
#   make test   the same set-up, then every test (dbt tests, Great Expectations suites, lint, pytest)
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
# make run and the user's targets: the project and what they use (Dagster, Great Expectations, the profile
# service). make test and the benchmarks: everything (test tools, PostgreSQL and Spark adapters, Splink,
# Playwright with Debian's chromium).
RUN_EXTRAS := orchestration,quality,serve
ALL_EXTRAS := $(RUN_EXTRAS),dev,bench,postgres,spark
INSTALLED := $(VENV)/.installed
INSTALLED_ALL := $(VENV)/.installed-all
export DBT_PROFILES_DIR := $(CURDIR)
export CDP_DUCKDB_PATH ?= $(CURDIR)/warehouse/cdp.duckdb
# Spark target (docs/engines.md): its tables, Hive metastore and derby.log.
export CDP_SPARK_DIR ?= $(CURDIR)/warehouse/spark
# Dagster's run history, schedules and logs (make dagster).
export DAGSTER_HOME ?= $(CURDIR)/.dagster
# apt-get needs root: sudo unless we already are.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help install install-all run publish serve activate report validate lint test pytest bench bench-generator bench-identity bench-probe bench-build bench-realtime docs ui dagster clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[$(RUN_EXTRAS)]"
	@touch $(INSTALLED)

$(INSTALLED_ALL): $(INSTALLED)
	$(BIN)/python -m pip install --quiet -e ".[$(ALL_EXTRAS)]"
	@# The Dagster UI browser test (tests/orchestration/test_ui.py) needs Debian's chromium; Playwright
	@# drives it through executable_path and never downloads a browser.
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || { \
		echo "installing Debian's chromium (apt-get)"; \
		$(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; } \
		|| echo "warning: could not install chromium: the browser test will fail"
	@touch $(INSTALLED_ALL)

install: $(INSTALLED)  ## create .venv and install pinned dependencies for make run (only when pyproject.toml changed)

install-all: $(INSTALLED_ALL)  ## also the test tools, the PostgreSQL and Spark adapters, Splink and Debian's chromium (make test)

run: $(INSTALLED)  ## build everything on the demo data (or on $$CDP_RAW_DIR) and say where the results are
	$(BIN)/python -m cdp.pipeline

publish: $(INSTALLED)  ## copy the marts to warehouse/published/cdp_marts.duckdb for BI tools and make serve (make run does it too)
	$(BIN)/python -m cdp.publish

serve: $(INSTALLED)  ## the profile service on http://localhost:8000 (CDP_SERVE_PORT), reading only the published file
	$(BIN)/python -m cdp.serve --port $${CDP_SERVE_PORT:-8000}

activate: $(INSTALLED)  ## write every audience's export files and manifest under exports/<run>/ (after make run)
	$(BIN)/python -m cdp.activation

report: $(INSTALLED)  ## write the marts' HTML report (reports/cdp_report.html) from the built warehouse
	$(BIN)/python -m cdp.report

validate: $(INSTALLED)  ## Great Expectations suites on the raw tables and marts (after make run): Data Docs in reports/gx/, exit 1 on failure
	$(BIN)/python -m cdp.quality

# sqlfluff's dbt templater compiles each model; the models that read a seed at compile time need the seeds
# built. lint builds them into a DuckDB file of its own (reports/lint/; target duckdb, the one .sqlfluff
# compiles for), with dbt's target and logs there too: it needs no make run and never opens the warehouse
# make run writes, so make test runs it beside the build.
# sqlfluff skips a model dbt cannot compile with a warning and exit 0; lint fails on any file it skipped but
# a disabled model or a macro.
LINT_DIR := reports/lint
LINT_ENV := CDP_DUCKDB_PATH=$(CURDIR)/$(LINT_DIR)/seeds.duckdb DBT_TARGET_PATH=$(CURDIR)/$(LINT_DIR)/target DBT_LOG_PATH=$(CURDIR)/$(LINT_DIR)/logs
# Two sqlfluff processes: alone 234 s wall, 429 CPU s; one: 362 s, 362 CPU s (2026-12-07). make test, whose
# two cores are busy throughout, runs one.
LINT_PROCESSES ?= 2
lint: $(INSTALLED_ALL)  ## ruff and sqlfluff (dbt templater, on seeds of its own in reports/lint/)
	$(BIN)/ruff check cdp tests orchestration
	$(BIN)/ruff format --check cdp tests orchestration
	@mkdir -p $(LINT_DIR)
	$(LINT_ENV) $(BIN)/dbt seed --target duckdb --quiet
	$(LINT_ENV) $(BIN)/sqlfluff lint models macros tests/dbt --processes $(LINT_PROCESSES) 2>&1 | tee $(LINT_DIR)/sqlfluff.log; exit $${PIPESTATUS[0]}
	@! grep "Skipped file" $(LINT_DIR)/sqlfluff.log | grep -v "because it is disabled\|because it is a macro" \
		|| { echo "lint: sqlfluff skipped the files above (not a disabled model, not a macro)"; exit 1; }

pytest: $(INSTALLED_ALL)  ## the Python test suite (generator, raw loader, staging cases, identity resolution)
	$(BIN)/python -m pytest

# lint runs beside the build, the validation and pytest, from the start: with it the two cores are busy
# throughout (docs/testing.md). Its output goes to reports/lint.log, printed after pytest's; the target
# fails if either fails.
LINT_LOG := reports/lint.log
test: $(INSTALLED_ALL)  ## set-up, then the build (make run), validate and pytest, with lint beside them
	@mkdir -p $(dir $(LINT_LOG))
	@$(MAKE) --no-print-directory lint LINT_PROCESSES=1 > $(LINT_LOG) 2>&1 & lint=$$!; \
	$(MAKE) --no-print-directory run validate pytest; tests=$$?; \
	wait $$lint; linted=$$?; \
	echo "== make lint (beside make run, validate and pytest), exit $$linted; make run, validate and pytest exit $$tests"; \
	cat $(LINT_LOG); \
	[ $$tests = 0 ] && [ $$linted = 0 ]

bench: $(INSTALLED_ALL)  ## the scale benchmark at 100k and 1M people: full build and an incremental day, per layer, growth; rewrites its section of docs/benchmarks.md (runs at 1M take /tmp/cdp-1m.lock themselves)
	$(BIN)/python -m cdp.bench.scale --people 100000 1000000

bench-generator: $(INSTALLED_ALL)  ## time the data generator at 100k and 1M people
	$(BIN)/python -m cdp.generator.bench --people 100000 1000000

bench-identity: $(INSTALLED_ALL)  ## identity accuracy (vs ground truth and Splink), time and memory at 10k, 100k, 1M people, default and corrupted data (~1 h)
	$(BIN)/python -m cdp.bench.identity --people 10000 100000 1000000

bench-probe: $(INSTALLED_ALL)  ## identity accuracy on person records written without the project's generator (outside probe, sets intl and vn, and intl with regions outside Vietnam, ~2 min)
	$(BIN)/python -m cdp.bench.linkage_probe --set intl vn
	$(BIN)/python -m cdp.bench.linkage_probe --set intl --regions foreign

# A warehouse bench-build left (its folder holds raw/ and cdp.duckdb).
SIZE_DIR ?= $(or $(TMPDIR),/tmp)/cdp-bench-build/people_100000
bench-realtime: $(INSTALLED_ALL)  ## near real time: a file of new web events through the raw-folder sensor into the marts and audiences of a built warehouse (SIZE_DIR, default bench-build's 100k folder)
	$(BIN)/python -m cdp.bench.realtime --size-dir $(SIZE_DIR)

bench-build: $(INSTALLED_ALL)  ## the whole dbt build at 100k and 1M people, wall time and share per layer (staging, identity, privacy, marts, traits, activation)
	$(BIN)/python -m cdp.bench.build --people 100000 1000000

docs: $(INSTALLED)  ## generate and serve dbt docs on http://localhost:8080
	$(BIN)/dbt docs generate && $(BIN)/dbt docs serve --port 8080

ui: $(INSTALLED)  ## open the Dagster UI on http://localhost:3000: assets, checks (dbt tests, Great Expectations), schedule and sensors
	@mkdir -p $(DAGSTER_HOME)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/dagster dev -m orchestration.definitions

dagster: ui  ## the same as make ui (its former name)

clean:  ## remove build outputs and generated data (keeps .venv)
	rm -rf target logs warehouse data reports
