# Every target sets up what is missing (the virtualenv, node_modules, the local mermaid copy) and
# nothing more: stamp files make a second run skip straight to the work.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.requirements.stamp
NPM_STAMP := node_modules/.lock.stamp
MERMAID_DIR := docs/assets/javascripts/mermaid
MERMAID_STAMP := $(MERMAID_DIR)/mermaid.esm.min.mjs
PANZOOM_DIR := docs/assets/javascripts/panzoom
PANZOOM_STAMP := $(PANZOOM_DIR)/panzoom.min.js
SITE := site
PDF := dist/k8s-handbook.pdf
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup lock lint serve build test pdf epub anki offline books pdf-reproducible bench search-eval screenshots linkcheck-external glossary-report clean

# The hooks' bytecode is written here, as pip writes every installed package's: with
# PYTHONDONTWRITEBYTECODE set (as on this project's CI machine) each build would compile them again.
# compileall only rewrites what changed, and Python ignores a stale file.
setup: $(PY_STAMP) $(MERMAID_STAMP) $(PANZOOM_STAMP)
	$(BIN)/python -m compileall -q hooks

# requirements.txt is the lock: every package, transitive ones included, pinned with its hashes.
$(PY_STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.txt
	touch $@

# Regenerate the lock from requirements.in (after editing a pin there); `make lock UPGRADE=1` also
# moves every transitive package to its newest release that the direct pins allow. The audit tool's own
# lock (requirements-audit.in, used only by .github/workflows/audit.yml) is regenerated with it.
lock: $(PY_STAMP)
	$(BIN)/uv pip compile requirements.in --universal --generate-hashes --python-version 3.11.7 \
	  $(if $(UPGRADE),--upgrade,) --output-file requirements.txt
	$(BIN)/uv pip compile requirements-audit.in --universal --generate-hashes --python-version 3.11.7 \
	  $(if $(UPGRADE),--upgrade,) --output-file requirements-audit.txt

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# mermaid's ESM build: a small entry module plus chunks it imports on demand, one per diagram type.
$(MERMAID_STAMP): $(NPM_STAMP)
	rm -rf $(MERMAID_DIR)
	mkdir -p $(MERMAID_DIR)/chunks/mermaid.esm.min
	cp node_modules/mermaid/dist/chunks/mermaid.esm.min/*.mjs $(MERMAID_DIR)/chunks/mermaid.esm.min/
	cp node_modules/mermaid/dist/mermaid.esm.min.mjs $(MERMAID_DIR)/

# The diagram viewer's pan and pinch zoom (overrides/assets/javascripts/diagram-viewer.js loads it on
# first use), with its licence header.
$(PANZOOM_STAMP): $(NPM_STAMP)
	mkdir -p $(PANZOOM_DIR)
	cp node_modules/@panzoom/panzoom/dist/panzoom.min.js $(PANZOOM_DIR)/

# SITE_URL at the local root: MkDocs serves under site_url's path (/k8s-handbook/ for Pages).
# --dirty: a saved page rebuilds only that page (and the generated ones); hooks/incremental_hook.py keeps
# the rest of the book whole and rebuilds everything when a change reaches other pages.
serve: setup
	SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --strict --dirty --dev-addr 127.0.0.1:8000

build: setup
	$(BIN)/mkdocs build --strict --site-dir $(SITE)

# Fast offline checks of the sources (tools/lint.py, one module per check in tools/checks/).
lint: setup
	$(BIN)/python tools/lint.py

test: setup lint
	$(BIN)/python -m pytest

# The offline books, each from the built site (README, "The books"). Their dates (cover, colophon,
# metadata, zip entries) are the last commit's unless SOURCE_DATE_EPOCH says otherwise, so two runs on
# one commit give the same PDF.
BOOKS_EPOCH := $(or $(SOURCE_DATE_EPOCH),$(shell git log -1 --format=%ct 2>/dev/null))
pdf epub anki offline books pdf-reproducible: export SOURCE_DATE_EPOCH = $(BOOKS_EPOCH)

pdf: build
	$(BIN)/python tools/make_pdf.py --site $(SITE) --out $(PDF)

epub: build
	$(BIN)/python tools/make_epub.py --site $(SITE) --out dist/k8s-handbook.epub

anki: build
	$(BIN)/python tools/make_anki.py --site $(SITE) --out dist/k8s-handbook.apkg

offline: build
	$(BIN)/python tools/make_offline.py --site $(SITE) --out dist/k8s-handbook-offline.zip

# All four into dist/: k8s-handbook.pdf, .epub, .apkg and k8s-handbook-offline.zip (one build).
books: pdf epub anki offline

# Two builds and exports of one commit must give the same PDF, byte for byte.
pdf-reproducible: setup
	rm -rf dist/reproducible && mkdir -p dist/reproducible
	for run in a b; do \
	  $(BIN)/mkdocs build --strict --quiet --site-dir dist/reproducible/site-$$run && \
	  $(BIN)/python tools/make_pdf.py --site dist/reproducible/site-$$run --out dist/reproducible/$$run.pdf || exit 1; \
	done
	cmp dist/reproducible/a.pdf dist/reproducible/b.pdf && echo "pdf-reproducible: the two PDFs are identical"

bench: setup
	$(BIN)/python tools/bench.py

# Types every query of tests/search/queries.yml into the built site's search box in headless Chromium;
# prints top-1, top-3 and MRR with every miss (`tools/search_eval.py --help` for subsets).
search-eval: build
	$(BIN)/python tools/search_eval.py --site $(SITE)

# Screenshots of the key screens (desktop light and dark, phone) for reviewers, from the built site.
screenshots: build
	$(BIN)/python tools/screenshots.py --site $(SITE) --out dist/screenshots

linkcheck-external: build
	$(BIN)/python tools/linkcheck_external.py --site $(SITE)

glossary-report: setup
	$(BIN)/python tools/glossary_report.py

clean:
	rm -rf $(SITE) dist .bench .pytest_cache hooks/generated $(MERMAID_DIR) $(PANZOOM_DIR)
