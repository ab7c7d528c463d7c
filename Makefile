# The two commands of the README's Quick start are `make book` and `make test`.
# Each sets up everything it needs first: a virtual environment with the pinned
# requirements and micrograd (editable), installing python3-venv if the system
# lacks it, and Graphviz's `dot`.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
BUILD_STRICT := -W -n --keep-going

.PHONY: help book pdf pdf-tools test test-fast ci lint setup torch graphviz live-site-parts strict-book pytest serve lab bench mutation fresh-check lock clean

help:  ## list the targets, and what each does
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 18

book: setup live-site-parts  ## build the book (reuses the execution cache) and say where it is
	$(BIN)/jupyter-book build . $(BUILD_STRICT)
	@echo
	@echo "The book is at: file://$(CURDIR)/_build/html/index.html   (or run: make serve)"

pdf-tools: setup
	scripts/ensure_tex.sh
	$(BIN)/python -m pip install --quiet -r requirements-pdf.txt

# The PDF's name is latex_documents' targetname in _config.yml.
PDF := _build/latex/micrograd-book.pdf

pdf: setup pdf-tools  ## the book as one PDF, from the same executed notebooks (installs TeX Live: about 130 MB)
	$(BIN)/jupyter-book build . --builder pdflatex $(BUILD_STRICT)
	@if [ -d _build/html ]; then cp $(PDF) _build/html/; fi  # published beside the pages, as the site links it
	@echo
	@echo "The PDF is at: $(CURDIR)/$(PDF)"

test: setup  ## strict book build from clean, then every test (the browser test reads the built pages)
	$(MAKE) strict-book
	$(MAKE) pytest

test-fast: setup  ## the package's own tests (tests/package), without building the book: seconds
	$(BIN)/python -m pytest -q tests/package

ci:  ## everything CI checks (.ci/run, tests.yml and pages.yml call it), installing what it needs (TeX too): lint, make test
	scripts/ensure_ci_packages.sh
	npm ci --no-audit --no-fund
	$(MAKE) lint torch pdf-tools
	$(MAKE) test

lint: setup  ## ruff check and ruff format --check (ruff pinned in requirements-dev.txt)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

setup: $(VENV)/.installed graphviz

# .installed is written last: without it, the environment is half-made (or outdated) and is made anew.
$(VENV)/.installed: requirements.txt pyproject.toml
	@scripts/ensure_venv_support.sh $(PYTHON)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

torch: setup  ## PyTorch (pinned in requirements-torch.txt): the parity tests, and chapters 2 and 6's comparisons
	$(BIN)/python -m pip install --quiet -r requirements-torch.txt

graphviz:
	@scripts/ensure_graphviz.sh

live-site-parts: setup  ## fetch the live site's Pyodide, viz-js and wheels into a cache, once, checked against their pins
	PYTHONPATH=book/_ext $(BIN)/python -c "from micrograd_book import live_site; live_site.main()"

strict-book: live-site-parts  ## every cell executed, zero warnings allowed
	rm -rf _build
	$(BIN)/jupyter-book build . $(BUILD_STRICT)

pytest:
	$(BIN)/python -m pytest

serve: ## read the built book at http://127.0.0.1:$(PORT) (the live chapters need http or localhost, not file://)
	@test -f _build/html/index.html || $(MAKE) book
	@echo "Serving the book at http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

lab: setup  ## open the chapters as notebooks in JupyterLab (through jupytext)
	$(BIN)/python -m pip install --quiet -r requirements-lab.txt
	$(BIN)/jupyter lab book/

bench: setup  ## time the engine against plain floats
	$(BIN)/python benchmarks/bench_engine.py

mutation: setup  ## mutation testing of micrograd/ against the fast, torch-free package tests (mutmut)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut results

fresh-check:  ## make book, make pdf and make test on bare Debian 12 and 13 (debootstrap + chroot; root only)
	scripts/fresh_check.sh

lock:  ## re-pin requirements.txt for every supported Python (uv, in a throwaway environment)
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv && .lock-venv/bin/pip install --quiet uv==0.13.9
	cp requirements.txt requirements.lock.tmp  # uv keeps the pins of its output file where they still resolve
	.lock-venv/bin/uv pip compile --universal --python-version 3.11 --no-header requirements.in -o requirements.lock.tmp
	{ sed -n '1,3p' requirements.txt; cat requirements.lock.tmp; } > requirements.txt.new && mv requirements.txt.new requirements.txt
	rm -rf .lock-venv requirements.lock.tmp

clean:
	rm -rf _build .pytest_cache .hypothesis mutants .bench
