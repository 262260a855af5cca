# Strom: `make html` builds the site into output/, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstall when the package list or a folder of the package changes (a new
# module or template needs a new link in the editable install).
SOURCES := pyproject.toml $(shell find plugins theme -type d)
INSTALLED := $(VENV)/.strom-installed
# Test tools from npm (Nu HTML Checker, Lighthouse, Netlify's parsers and dev server).
TOOLS := node_modules/.strom-installed

.PHONY: install tools browser html publish serve devserver test lint clean

$(INSTALLED): $(SOURCES)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]" --config-settings editable_mode=strict
	touch $@

install: $(INSTALLED)

$(TOOLS): package.json package-lock.json
	@# npm ci trips over the lock entries of deno's binaries for other platforms;
	@# install from the lock without rewriting it.
	npm install --no-save --no-audit --no-fund --loglevel=error
	touch $@

tools: $(TOOLS) browser

# Debian's Chromium for the browser tests and Lighthouse (test tools cannot
# download browsers here).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

html: install
	$(BIN)/pelican content -s pelicanconf.py -o output

publish: install
	$(BIN)/pelican content -s publishconf.py -o output

serve: install
	$(BIN)/pelican --listen -o output

devserver: install
	$(BIN)/pelican -lr content -s pelicanconf.py -o output -e STROM_FAIL_ON_PROBLEMS=false

test: install tools
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check plugins tests bench setup.py
	$(BIN)/ruff format --check plugins tests bench setup.py

clean:
	rm -rf output build $(VENV) .pytest_cache node_modules
