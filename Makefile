# reol: `make run` serves the demo library network; `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test lint install install-test demo clean

run: $(VENV)/.run
	$(BIN)/reol demo
	$(BIN)/reol serve --host $(HOST) --port $(PORT)

test: $(VENV)/.test
	$(BIN)/ruff check .
	@echo "== pytest on SQLite =="
	$(BIN)/pytest
	@scripts/test-postgresql $(BIN)/pytest

lint: $(VENV)/.test
	$(BIN)/ruff check .

install: $(VENV)/.run
install-test: $(VENV)/.test

$(VENV)/bin/python:
	@scripts/ensure-venv "$(PYTHON)" "$(VENV)"

$(VENV)/.run: $(VENV)/bin/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e .
	@touch $@

$(VENV)/.test: $(VENV)/bin/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[test]"
	@scripts/ensure-chromium
	@scripts/ensure-nginx
	@touch $@ $(VENV)/.run

clean:
	rm -rf $(VENV) var/test*.sqlite3*
