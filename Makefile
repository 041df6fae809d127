# The two commands of the README. Both work on a fresh machine (Python 3.11, pip, make).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8501

.PHONY: run test lint install install-test browser ingest eval xquad clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## make run: install, bring the index up to date with data/articles, start the chat on localhost
run: install
	$(BIN)/assistant ingest
	$(BIN)/streamlit run streamlit_app.py --server.address $(HOST) --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

## make test: install with test extras, lint (ruff), type-check (mypy), run the whole suite (what CI runs)
test: install-test browser lint
	$(BIN)/python -m pytest

## make lint: ruff (pyflakes, pycodestyle, import order, bugbear) and mypy on assistant/ and evals/
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/mypy

# The end-to-end test drives Debian's Chromium. Installed here when we can (root with apt-get);
# otherwise the browser test is skipped and says why.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		{ apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && \
		  apt-get install -y -q chromium >/dev/null 2>&1; }; }; } || \
		echo "note: Chromium is not installed; the browser test will be skipped"

ingest: install
	$(BIN)/assistant ingest

eval: install
	$(BIN)/python -m evals run

xquad: install
	$(BIN)/python -m evals xquad

clean:
	rm -rf $(VENV) vectorstore/chroma vectorstore/gen_* vectorstore/manifest.json evals/reports evals/.cache
