# The commands the README documents. Each creates .venv and installs what it needs on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PORT ?= 8501

.PHONY: run test validate build update bench load

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m streamlit run app/streamlit_app.py --server.port $(PORT)

test: $(STAMP)
	$(PY) -m ruff check app tests tools bench
	$(PY) -m industrial_base validate data
	$(PY) -m pytest

validate: $(STAMP)
	$(PY) -m industrial_base validate data

build: $(STAMP)
	$(PY) -m industrial_base build data

# make update                      refresh the World Bank tables from the API (needs internet)
# make update FROM=path/to/folder  from responses saved earlier (a data/snapshots/wdi/<date>/ folder)
# make update DRY_RUN=1            print the diff, write nothing
update: $(STAMP)
	$(PY) -m industrial_base update wdi data $(if $(FROM),--from $(FROM)) $(if $(DRY_RUN),--dry-run)

bench: $(STAMP)
	$(PY) -m bench

load: $(STAMP)
	$(PY) bench/load_test.py
