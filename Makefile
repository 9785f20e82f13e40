# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: demo test install install-test lint typecheck score clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

demo: install
	$(BIN)/muster demo

test: install-test
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/pytest

lint: install-test
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: install-test
	$(BIN)/mypy

score: install
	$(BIN)/muster extract $(SHARED)/corpus/dev/articles > /tmp/muster-dev.jsonl
	$(PYTHON) $(SHARED)/eval/score.py /tmp/muster-dev.jsonl $(SHARED)/corpus/dev/gold.jsonl --corpus $(SHARED)/corpus/dev/articles --dev
	$(PYTHON) $(SHARED)/eval/score.py /tmp/muster-dev.jsonl $(SHARED)/corpus/dev/gold.jsonl --corpus $(SHARED)/corpus/dev/articles --check
	$(BIN)/muster extract tests/fixtures/heldout/articles > /tmp/muster-heldout.jsonl
	$(PYTHON) $(SHARED)/eval/score.py /tmp/muster-heldout.jsonl tests/fixtures/heldout/gold.jsonl --corpus tests/fixtures/heldout/articles
	cat tests/fixtures/train/gold_*.jsonl > /tmp/muster-train-gold.jsonl
	$(BIN)/muster extract tests/fixtures/train/articles > /tmp/muster-train.jsonl
	$(PYTHON) $(SHARED)/eval/score.py /tmp/muster-train.jsonl /tmp/muster-train-gold.jsonl --corpus tests/fixtures/train/articles

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
