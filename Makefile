# GCP Desk: `make run` sets up and starts the app; `make test` sets up, lints and runs every test headless (on
# SQLite, and on PostgreSQL too when GCP_DESK_TEST_PG_URL is set); `make test-pg` starts a throw-away PostgreSQL for
# that; `make installer` builds the one-folder app for this operating system and runs its self-test.
# Every install goes through constraints.txt, so the same commit always installs the same versions.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CONSTRAINTS := constraints.txt
PIP := $(BIN)/pip install --quiet -c $(CONSTRAINTS)

.PHONY: run test test-fast lint typecheck test-pg bench demo installer lock clean

$(STAMP): pyproject.toml $(CONSTRAINTS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(PIP) -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/gcp-desk $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench docs installer

typecheck: $(STAMP)
	$(BIN)/mypy

test: lint $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

# While working: everything but the wheel test (which builds and installs the wheel, about a minute).
test-fast: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m "not wheel" $(PYTEST_ARGS)

test-pg: $(STAMP)
	bash .ci/with-postgres $(MAKE) test

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/core_bench.py

demo: $(STAMP)
	$(BIN)/gcp-desk --demo

# The one-folder app in dist/gcp-desk/ (gcp-desk and gcp-desk-app side by side), then its own self-test.
installer: $(STAMP)
	$(PIP) -e '.[installer]'
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		installer/gcp-desk.spec
	dist/gcp-desk/gcp-desk --self-test

# Refresh constraints.txt from the newest versions pyproject.toml allows (then test, and commit it).
lock:
	rm -rf build/lock-venv
	$(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/pip install --quiet --upgrade pip
	build/lock-venv/bin/pip install --quiet '.[dev,installer]'
	{ sed -n '1,2p' $(CONSTRAINTS); build/lock-venv/bin/pip freeze --exclude-editable | grep -vi '^gcp.desk'; } \
		> $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	rm -rf build/lock-venv

clean:
	rm -rf $(VENV) build dist *.egg-info src/*.egg-info .pytest_cache
