# Strom: `make html` builds the site into output/, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Reinstall when the package list or a folder of the package changes (a new
# module or template needs a new link in the editable install).
SOURCES := pyproject.toml $(shell find plugins theme -type d)
# What building needs (Strom and Pelican), and on top of it the test tools.
INSTALLED := $(VENV)/.strom-installed
TEST_INSTALLED := $(VENV)/.strom-test-installed
# Test tools from npm (Nu HTML Checker, Lighthouse, Netlify's parsers and dev server).
TOOLS := node_modules/.strom-installed
# A strict editable install (a tree of links, which Pelican's plugin discovery
# sees) makes setuptools say where it keeps that tree; that notice is no warning
# of ours. pip's notice of a newer pip is not either.
PIP := PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONWARNINGS="ignore:Editable installation" \
	$(BIN)/python -m pip install --quiet --config-settings editable_mode=strict
# Local builds link the feeds from the local server (published builds from SITEURL).
LOCAL := -e FEED_DOMAIN='"http://127.0.0.1:$(PORT)"'

.PHONY: install tools browser html publish serve devserver test test-fast lint clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): $(SOURCES) | $(VENV)/bin/python
	@echo "pip install -e . (Strom and what building needs, into $(VENV))"
	@$(PIP) -e .
	touch $@

# The test extra (pytest, Playwright, ruff, ...) and livereload for `make devserver`.
$(TEST_INSTALLED): $(SOURCES) | $(VENV)/bin/python
	@echo "pip install -e '.[test,dev]' (Strom, the test tools and livereload, into $(VENV))"
	@$(PIP) -e ".[test,dev]"
	touch $@ $(INSTALLED)

$(VENV)/.strom-dev-installed: $(INSTALLED)
	@echo "pip install -e '.[dev]' (Strom and livereload, into $(VENV))"
	@$(PIP) -e ".[dev]"
	touch $@

install: $(TEST_INSTALLED)

$(TOOLS): package.json package-lock.json
	@# npm ci trips over the lock entries of deno's binaries for other platforms;
	@# install from the lock without rewriting it. A node_modules that links to
	@# an install shared by several checkouts is left as it is.
	@if [ -L node_modules ]; then echo "node_modules links to a shared install; not reinstalled"; \
	else npm install --no-save --no-audit --no-fund --loglevel=error && touch $@; fi

tools: $(TOOLS) browser

# Debian's Chromium for the browser tests and Lighthouse (test tools cannot
# download browsers here).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

html: $(INSTALLED)
	$(BIN)/pelican content -s pelicanconf.py -o output $(LOCAL)

publish: $(INSTALLED)
	$(BIN)/pelican content -s publishconf.py -o output

# output/ on http://127.0.0.1:8000/ (PORT=8001 for another), missing pages get 404.html.
serve: $(INSTALLED)
	$(BIN)/strom serve output --port $(PORT)

# Builds, rebuilds on each change and reloads the open page (livereload).
devserver: $(VENV)/.strom-dev-installed
	$(BIN)/strom serve --reload -s pelicanconf.py --port $(PORT) output

test: install tools
	@echo "make test: about 14 minutes on 2 cores, longer on a busy machine;" \
		"make test-fast leaves out the browser, Lighthouse, Netlify build and wheel tests"
	$(BIN)/python -m pytest

# The edit-test loop: everything but the tests marked slow (see pyproject.toml).
test-fast: install tools
	$(BIN)/python -m pytest -m "not slow"

lint: install
	$(BIN)/ruff check plugins tests bench setup.py
	$(BIN)/ruff format --check plugins tests bench setup.py

clean:
	rm -rf output build $(VENV) .pytest_cache node_modules
