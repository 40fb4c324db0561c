# Two commands do all the set-up on a machine that has only Python 3.11+:
#   make demo   create .venv, install plazo, run the main job on the bundled policies
#   make test   create .venv, install plazo, run the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
BENCH_STAMP := $(VENV)/.bench-stamp

.PHONY: demo test bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# the benchmarks compare with pandas; the tests do not need it
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

demo: $(STAMP)
	$(BIN)/plazo check policies/*.plazo
	$(BIN)/plazo fmt --check policies/*.plazo
	$(BIN)/python examples/calendar_demo.py
	$(BIN)/plazo evaluate policies/aldeamo.plazo examples/tickets/aldeamo_alto.json --at 2026-03-07T09:00
	$(BIN)/plazo test examples --coverage --fail-under 100
	$(BIN)/plazo simulate examples/aldeamo/actualizaciones.scenario
	$(BIN)/plazo evaluate policies/aldeamo.plazo examples/histories/aldeamo.jsonl --at 2026-04-10T00:00

test: $(STAMP)
	HYPOTHESIS_PROFILE=ci $(BIN)/python -m pytest

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench_calendar.py
	$(BIN)/python benchmarks/bench_evaluate.py
	$(BIN)/python benchmarks/bench_batch.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis .mypy_cache .ruff_cache
