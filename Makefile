# Strom: `make html` builds the site into output/, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstall when the package list or a folder of the package changes (a new
# module or template needs a new link in the editable install).
SOURCES := pyproject.toml $(shell find plugins theme -type d)
INSTALLED := $(VENV)/.strom-installed

.PHONY: install html publish serve devserver test lint clean

$(INSTALLED): $(SOURCES)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]" --config-settings editable_mode=strict
	touch $@

install: $(INSTALLED)

html: install
	$(BIN)/pelican content -s pelicanconf.py -o output

publish: install
	$(BIN)/pelican content -s publishconf.py -o output

serve: install
	$(BIN)/pelican --listen -o output

devserver: install
	$(BIN)/pelican -lr content -s pelicanconf.py -o output

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check plugins tests bench
	$(BIN)/ruff format --check plugins tests bench

clean:
	rm -rf output build $(VENV) .pytest_cache
