# kabar: two commands on a fresh machine.
#   make demo   create the environment, ingest the example corpus, print the stories, write a report
#   make test   create the environment and run lint, types and the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= out/demo.db

.PHONY: demo test env lint clean

env: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

demo: env
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/kabar --db $(DEMO_DB) ingest examples/seeds --published 2024-10-22T16:00+07:00
	$(BIN)/kabar --db $(DEMO_DB) stories
	$(BIN)/kabar --db $(DEMO_DB) story $$($(BIN)/kabar --db $(DEMO_DB) stories --limit 1 --format json \
	  | $(BIN)/python -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')
	$(BIN)/kabar --db $(DEMO_DB) ingest examples/meantime/meantime.jsonl
	$(BIN)/kabar --db $(DEMO_DB) stories --limit 8
	$(BIN)/kabar --db $(DEMO_DB) report --out out/report.html

lint: env
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
