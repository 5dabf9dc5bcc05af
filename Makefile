# GCP Desk: `make run` sets up and starts the app; `make test` sets up and runs every test headless (on SQLite, and
# on PostgreSQL too when GCP_DESK_TEST_PG_URL is set); `make test-pg` starts a throw-away PostgreSQL for that.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-pg bench demo clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/gcp-desk $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

test-pg: $(STAMP)
	bash .ci/with-postgres $(MAKE) test

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/core_bench.py

demo: $(STAMP)
	$(BIN)/gcp-desk --demo

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
