# Two commands matter: `make serve` (start the workshop) and `make test` (run every test).
# Both create .venv on first use and reuse it afterwards.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ARGS ?=

.PHONY: serve test dev lint format benchmark clean-venv help

help:
	@echo "make serve      start the workshop on the sample community (Voilà + SQLite)"
	@echo "make test       run the whole test suite (unit, notebooks, Voilà, browser)"
	@echo "make lint       ruff checks"
	@echo "make benchmark  print the timing figures quoted in issues"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@git rev-parse --git-dir >/dev/null 2>&1 && $(BIN)/nbstripout --install --attributes .gitattributes || true
	@touch $(STAMP)

dev: $(STAMP)

serve: $(STAMP)
	$(BIN)/workshop-kit serve $(ARGS)

test: $(STAMP)
	$(BIN)/ruff check workshop_kit tests benchmarks deploy
	$(BIN)/python -m pytest $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check workshop_kit tests benchmarks deploy
	$(BIN)/ruff format --check workshop_kit tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format workshop_kit tests benchmarks
	$(BIN)/ruff check --fix workshop_kit tests benchmarks

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run.py $(ARGS)

clean-venv:
	rm -rf $(VENV)
