# procstats — two commands: `make run` (build everything from raw/, offline) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip install --disable-pip-version-check --progress-bar off --no-deps --require-hashes
export DAGSTER_HOME ?= $(CURDIR)/.dagster

.PHONY: run test lint dev report lock clean bench

$(VENV)/.runtime: requirements.lock pyproject.toml
	@echo "== installing pinned runtime dependencies into $(VENV)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.lock
	$(BIN)/pip install --disable-pip-version-check --quiet --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.lock
	@echo "== installing pinned development dependencies"
	$(PIP) -r requirements-dev.lock
	touch $@

$(DAGSTER_HOME)/dagster.yaml:
	mkdir -p $(DAGSTER_HOME)
	ln -sf $(CURDIR)/dagster.yaml $@

## Build the warehouse, the Parquet exports and the report from the committed raw/ (no network).
run: $(VENV)/.runtime $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/procstats build

## Lint and run the whole test suite.
test: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/pytest -q

lint: $(VENV)/.dev
	$(BIN)/ruff check .

## Benchmarks on synthetic documents (100, 1 000, 10 000): writes bench/results.json.
bench: $(VENV)/.runtime
	$(BIN)/python -m bench.run

## Rebuild only the report from the current warehouse.

report: $(VENV)/.runtime
	$(BIN)/procstats report

## The Dagster UI on http://127.0.0.1:3000 (run history kept in .dagster/).
dev: $(VENV)/.runtime $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev -h 127.0.0.1 -p 3000

## Re-resolve the pinned dependency locks after editing pyproject.toml (needs the package index).
lock:
	$(PYTHON) -m venv /tmp/procstats-piptools && /tmp/procstats-piptools/bin/pip install -q pip-tools==7.6.2
	/tmp/procstats-piptools/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --all-build-deps --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	/tmp/procstats-piptools/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --all-build-deps --no-emit-index-url --no-emit-find-links --extra dev -o requirements-dev.lock pyproject.toml

clean:
	rm -rf warehouse/*.duckdb warehouse/*.parquet warehouse/*.csv warehouse/datapackage.json warehouse/.build-* reports/*.html reports/charts .dagster .cache
