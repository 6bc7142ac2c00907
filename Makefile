PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-test lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

demo: install
	$(BIN)/kith demo

lint: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src/kith

test: lint
	$(BIN)/python -m pytest -W error

bench: install-test
	$(BIN)/python bench/agenda_bench.py

clean:
	rm -rf $(VENV) build *.egg-info
