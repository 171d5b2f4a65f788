# Fresh-machine entry points: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= .budgetkg/demo-store
# Reports in the generated store that bench_questions.py and bench_graphs.py time (cached under .budgetkg/).
BENCH_REPORTS ?= 10000
# Copies of the corpus bench_dask.py reads on a local Dask cluster (issue 25 asks for 100: ~45 min of 2 busy cores; ×3 took 6 min).
BENCH_DASK_COPIES ?= 5

.PHONY: install demo lint test bench corpus mutate clean ui-deps

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
	$(BIN)/budgetkg ask "水磨沟区政府办公室2021年社会保障和就业支出" --store $(STORE)
	$(BIN)/budgetkg search 访惠聚 --limit 3 --store $(STORE)
	$(BIN)/budgetkg ask findings --store $(STORE)
	mkdir -p .budgetkg && $(BIN)/budgetkg export --format turtle -o .budgetkg/kg.ttl --store $(STORE)

# Headless Chromium and a CJK font for the UI tests (Debian packages; best effort: without
# them the UI tests are skipped and say so).
ui-deps:
	-@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-zenhei) >/dev/null 2>&1; } || true

# ruff (rule set in pyproject.toml) and mypy (strict on the model, text, registries and the check stage).
lint: install
	$(BIN)/ruff check budgetkg tests bench
	$(BIN)/mypy budgetkg

test: install ui-deps
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/bench_pdf.py
	$(BIN)/python bench/bench_proof.py
	$(BIN)/python bench/bench_ingest.py
	$(BIN)/python bench/bench_serve.py
	BENCH_DASK_COPIES=$(BENCH_DASK_COPIES) $(BIN)/python bench/bench_dask.py
	$(BIN)/python bench/bench_server.py
	BENCH_REPORTS=$(BENCH_REPORTS) $(BIN)/python bench/bench_questions.py
	BENCH_REPORTS=$(BENCH_REPORTS) $(BIN)/python bench/bench_graphs.py

# Per-document coverage of every report under ../shared/corpus (not a test; prints a dashboard).
corpus: install
	$(BIN)/python bench/corpus.py $(CORPUS)

# The checker's recall on planted errors (issue 23; not a test): one error at a time into the corpus's
# reports, recall per kind and every false finding. MUTATE="--per-kind 5 --kinds table-cell" narrows it.
mutate: install
	$(BIN)/python bench/mutate.py $(MUTATE)

clean:
	rm -rf $(VENV) .budgetkg .pytest_cache
