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

# The demo's story is written around 1 May 2026 (the README's `--as-of` tour uses
# its dates); `kith demo` alone ends today.
DEMO_AS_OF ?= 2026-05-01

demo: install
	$(BIN)/kith demo --as-of $(DEMO_AS_OF)

lint: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src/kith

test: lint
	$(BIN)/python -m pytest -W error

bench: install-test
	$(BIN)/python bench/agenda_bench.py

clean:
	rm -rf $(VENV) build *.egg-info
