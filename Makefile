# The two commands the README documents. Each creates .venv and installs what it needs on first use:
# `make run` only the app's runtime dependencies, pinned and hash-checked from requirements.txt (the lock);
# `make test` adds the test tools (the `test` extra of pyproject.toml). The others: data and benchmarks.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUN_STAMP := $(VENV)/.run-stamp
TEST_STAMP := $(VENV)/.test-stamp
PORT ?= 8501
REPLICAS ?= 2
UV_VERSION := 0.13.9

.PHONY: run test validate build update bench load load-protocol load-api serve-replicas lock

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# The lock first (every package pinned and hash-checked), then the project itself without dependencies;
# `pip check` fails if the lock no longer satisfies pyproject.toml (regenerate it: make lock).
$(RUN_STAMP): requirements.txt pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip check
	touch $(RUN_STAMP)

$(TEST_STAMP): $(RUN_STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

run: $(RUN_STAMP)
	$(PY) -m streamlit run app/streamlit_app.py --server.port $(PORT)

test: $(TEST_STAMP)
	$(PY) -m ruff check app tests tools bench
	$(PY) -m industrial_base validate data
	# Two processes: the in-process tests, then the browser tests. In one process the Playwright session's
	# teardown waited forever behind kaleido's picture server (started by the export tests), and the
	# in-process tests ran slower after the browser tests.
	$(PY) -m pytest --ignore=tests/browser
	$(PY) -m pytest tests/browser

validate: $(RUN_STAMP)
	$(PY) -m industrial_base validate data

build: $(RUN_STAMP)
	$(PY) -m industrial_base build data

# make update                      refresh the World Bank tables from the API (needs internet)
# make update FROM=path/to/folder  from responses saved earlier (a data/snapshots/wdi/<date>/ folder)
# make update DRY_RUN=1            print the diff, write nothing
update: $(RUN_STAMP)
	$(PY) -m industrial_base update wdi data $(if $(FROM),--from $(FROM)) $(if $(DRY_RUN),--dry-run)

bench: $(TEST_STAMP)
	$(PY) -m bench

load: $(TEST_STAMP)
	$(PY) bench/load_test.py

load-protocol: $(RUN_STAMP)
	$(PY) bench/protocol_load.py

# The data API under load (wrk per process and through nginx's cache, readers beside 300 requests/s);
# needs Debian's wrk and nginx. Results: bench/results/api_load.json, docs/robustness.md.
load-api: $(RUN_STAMP)
	$(PY) bench/api_load.py

serve-replicas: $(RUN_STAMP)
	$(PY) tools/serve_replicas.py --replicas $(REPLICAS) --port $(PORT)

# Regenerate the lock from pyproject.toml: every platform and Python >= 3.11, hashes of every file.
lock: | $(PY)
	$(PY) -m pip install --quiet 'uv==$(UV_VERSION)'
	$(PY) -m uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
		--custom-compile-command 'make lock' --quiet -o requirements.txt
