# Eval Science: the verbs a reader, a contributor and CI use.
#   make book   set everything up (virtual environment, package, data) and build the HTML book
#   make test   lint, unit tests, docstring examples, the data tests on a cache holding only
#               the registered files, a build of the book from clean, notebook checks, and
#               the built book in headless Chromium (make browser)
#   make bench  speed and memory benchmarks against reference implementations
#   make data   download (or verify) every registered data file into the cache
#   make student  student copies of the chapters (solutions removed) in _build/student/
#   make opening-cells  put the current note for readers outside the book first in every chapter
#   make serve  open the built book on http://127.0.0.1:8000
#   make clean  remove the built book and the execution cache
# Data cache: $ANALYSIS_DATA_DIR when set, otherwise the user's cache directory.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
JB_FLAGS := -W -n --keep-going

.PHONY: install data book book-clean reexecute book-and-reexecution test lint unit doctest registered-only notebooks browser bench student opening-cells serve clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed (found %s)" % sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[book,test,inspect]"
	touch $(STAMP)

install: $(STAMP)

data: install
	$(BIN)/python -m analysis.data fetch

# The chapters the execution cache lacks run a few at a time first (one per core, at most
# 4); the build then reads them from the cache and executes only what failed there.
book: data
	$(BIN)/python scripts/prefill_execution_cache.py
	$(BIN)/jupyter-book build . $(JB_FLAGS)
	@echo "Book built: open _build/html/index.html (or run 'make serve')."

book-clean: data
	rm -rf _build
	$(BIN)/jupyter-book build . $(JB_FLAGS)

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff check --select F,E9 notebooks

unit: data
	$(BIN)/python -m pytest -m "not slow and not browser"

# The examples in the docstrings of src/analysis run as written.
doctest: data
	$(BIN)/python -m pytest -q -p no:cacheprovider --doctest-modules src/analysis

# The data tests against a cache holding only the registered files (links into the full
# cache), as on a contributor's machine after `make data`: no staging notes, no samples.
registered-only: data
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(BIN)/python scripts/registered_cache.py "$$tmp/cache" && \
	ANALYSIS_DATA_DIR="$$tmp/cache" $(BIN)/python -m pytest -q -p no:cacheprovider -m "not slow" tests/data

# A second execution of every chapter for the determinism check, run beside the build.
REEXECUTED := .reexecuted

reexecute: data
	rm -rf $(REEXECUTED)
	$(BIN)/python scripts/execute_notebooks.py $(REEXECUTED)

# The clean build and the second execution in parallel: one core each.
book-and-reexecution: data
	$(MAKE) -j2 book-clean reexecute

notebooks: install
	ANALYSIS_REEXECUTED=$(REEXECUTED) $(BIN)/python -m pytest -m slow

# The built book in headless Chromium (Debian's chromium and chromium-driver; installed here
# when missing and run as root, as on CI). Screenshots land in _build/browser/.
browser: install
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	    else \
	        echo "make browser needs Debian's chromium and chromium-driver: sudo apt-get install chromium chromium-driver"; exit 1; \
	    fi; \
	fi
	$(BIN)/python -m pytest -m browser

# The build runs from clean: the execution cache does not notice changes in src/analysis.
# Three stages, each keeping both cores busy: the checks that need no book (the unit tests
# beside lint, doctests and the registered-only data tests), the build beside the second
# execution, then the notebook checks beside the browser checks of the built book.
test: install data
	$(MAKE) -j2 --output-sync=target lint unit doctest registered-only
	$(MAKE) book-and-reexecution
	$(MAKE) -j2 --output-sync=target notebooks browser

# Every benchmark runs (a missed target does not stop the others); each writes its section
# of benchmarks/RESULTS.md. The [bench] extra adds evalstats, run beside the report.
BENCHMARKS := bench_stats bench_irt bench_report bench_dask bench_book

bench: install
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	@status=0; for b in $(BENCHMARKS); do \
	    echo "== benchmarks/$$b.py"; $(BIN)/python benchmarks/$$b.py || status=1; \
	done; exit $$status

# Student copies for a course: every chapter without its solutions (book/teaching_guide.md).
student: install
	$(BIN)/python -m analysis.teaching _build/student --notebooks notebooks

# The first cell of every chapter: a note for readers in JupyterLab or Colab, hidden in the book.
opening-cells: install
	$(BIN)/python scripts/opening_cells.py

serve:
	$(BIN)/python -m http.server --directory _build/html --bind 127.0.0.1 8000

clean:
	rm -rf _build $(REEXECUTED)
