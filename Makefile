# Two commands set everything up on a fresh Debian 12 / Ubuntu machine:
#   make demo   - run the kiosk full-screen in demo mode
#   make test   - run every test
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The official list of administrative units (2026.1.0 and later) ships pure-Python wheels that
# declare Requires-Python >= 3.12 yet run on 3.11 (tests/unit/domain/test_address_data.py checks
# it). Only this one package is installed past that marker, before the project, whose
# "vietnam-provinces>=2026.1" it then satisfies.
UNITS_PACKAGE := vietnam-provinces==2026.9.0

.PHONY: demo test system venv lint typecheck screenshots bench clean

system:
	@scripts/setup-system.sh

$(STAMP): pyproject.toml scripts/system-packages.txt Makefile
	@scripts/setup-system.sh
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --no-deps --ignore-requires-python '$(UNITS_PACKAGE)'
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/kiosk --demo

test: $(STAMP)
	scripts/run-tests.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

screenshots: $(STAMP)
	# from the real window on a virtual 1920x1080 screen with no window manager (as deployed)
	for lang in vi en; do \
	  d=$$(mktemp -d); rm -f docs/screenshots/$$lang/*.png; \
	  KIOSK_DEMO_CARD=in-process QT_QPA_PLATFORM=xcb xvfb-run -a \
	    -s "-screen 0 1920x1080x24 -nolisten tcp" \
	    $(BIN)/kiosk --demo --lang $$lang --data-dir $$d --walkthrough tour \
	    --report $$d/tour.json --screenshots docs/screenshots/$$lang || exit 1; \
	  rm -rf $$d; \
	done

bench: $(STAMP)
	for b in bench/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
