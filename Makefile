# Sokoguru — two commands: `make demo` runs the demo platform, `make test` runs every check.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: demo test install lint chromium

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e ".[test]"
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/sokoguru demo

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/sokoguru makemigrations --check --dry-run
	$(VENV)/bin/sokoguru graphql_sdl --check

# The browser tests drive Debian's Chromium (never a downloaded browser build); the PDF tests
# read documents back with poppler's pdftotext/pdftoppm.
chromium:
	@command -v chromium >/dev/null && command -v pdftotext >/dev/null || \
		(apt-get update && apt-get install -y chromium poppler-utils)

test: lint chromium
	$(VENV)/bin/pytest
