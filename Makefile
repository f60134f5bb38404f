# Every target sets up what is missing (the virtualenv, node_modules, the local mermaid copy) and
# nothing more: stamp files make a second run skip straight to the work.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.requirements.stamp
NPM_STAMP := node_modules/.lock.stamp
MERMAID_DIR := docs/assets/javascripts/mermaid
MERMAID_STAMP := $(MERMAID_DIR)/mermaid.esm.min.mjs
SITE := site
PDF := dist/k8s-handbook.pdf
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup lock lint serve build test pdf bench linkcheck-external glossary-report clean

setup: $(PY_STAMP) $(MERMAID_STAMP)

# requirements.txt is the lock: every package, transitive ones included, pinned with its hashes.
$(PY_STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.txt
	touch $@

# Regenerate the lock from requirements.in (after editing a pin there); `make lock UPGRADE=1` also
# moves every transitive package to its newest release that the direct pins allow.
lock: $(PY_STAMP)
	$(BIN)/uv pip compile requirements.in --universal --generate-hashes --python-version 3.11.7 \
	  $(if $(UPGRADE),--upgrade,) --output-file requirements.txt

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# mermaid's ESM build: a small entry module plus chunks it imports on demand, one per diagram type.
$(MERMAID_STAMP): $(NPM_STAMP)
	rm -rf $(MERMAID_DIR)
	mkdir -p $(MERMAID_DIR)/chunks/mermaid.esm.min
	cp node_modules/mermaid/dist/chunks/mermaid.esm.min/*.mjs $(MERMAID_DIR)/chunks/mermaid.esm.min/
	cp node_modules/mermaid/dist/mermaid.esm.min.mjs $(MERMAID_DIR)/

# SITE_URL at the local root: MkDocs serves under site_url's path (/k8s-handbook/ for Pages).
serve: setup
	SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

build: setup
	$(BIN)/mkdocs build --strict --site-dir $(SITE)

# Fast offline checks of the sources (tools/lint.py, one module per check in tools/checks/).
lint: setup
	$(BIN)/python tools/lint.py

test: setup lint
	$(BIN)/python -m pytest

pdf: build
	$(BIN)/python tools/make_pdf.py --site $(SITE) --out $(PDF)

bench: setup
	$(BIN)/python tools/bench.py

linkcheck-external: build
	$(BIN)/python tools/linkcheck_external.py --site $(SITE)

glossary-report: setup
	$(BIN)/python tools/glossary_report.py

clean:
	rm -rf $(SITE) dist .bench .pytest_cache hooks/generated $(MERMAID_DIR)
