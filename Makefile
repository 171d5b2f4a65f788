# Fresh-machine entry points: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= .budgetkg/demo-store

.PHONY: install demo test bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/budgetkg ingest data/ --store $(STORE)
	$(BIN)/budgetkg ask reports --store $(STORE)
	$(BIN)/budgetkg ask functional --department 组织部 --format csv --store $(STORE)
	$(BIN)/budgetkg ask three-public --store $(STORE)
	$(BIN)/budgetkg ask findings --store $(STORE)
	$(BIN)/budgetkg export --format turtle -o .budgetkg/kg.ttl --store $(STORE)

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/bench_ingest.py
	$(BIN)/python bench/bench_serve.py

clean:
	rm -rf $(VENV) .budgetkg .pytest_cache
