# Two commands on a fresh clone: `make play` and `make test`. Each makes .venv if needed and
# installs the versions pinned in constraints.txt; pip speaks only when something goes wrong.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip -qq --disable-pip-version-check --no-input
PINS   := constraints.txt
HEADLESS := SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
LINTED := siege tests benchmarks main.py

.PHONY: play test test-fast lint validate bench schema wheel constraints clean

$(BIN)/python:
	@echo "Making $(VENV) and installing the game (first run only, a minute or two)"
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) install -c $(PINS) --upgrade pip

$(VENV)/.installed: pyproject.toml $(PINS) | $(BIN)/python
	@$(PIP) install -c $(PINS) -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(PINS) | $(BIN)/python
	@$(PIP) install -c $(PINS) -e '.[test]'
	@touch $@ $(VENV)/.installed

# The game exits 3 when there is no display; it has already said so in one line.
play: $(VENV)/.installed
	@$(BIN)/python main.py; status=$$?; [ $$status -eq 3 ] && exit 0; exit $$status

# Everything, the slow tests too (CI runs this).
test: $(VENV)/.installed-test
	@$(HEADLESS) $(BIN)/python -m pytest

# The quick loop: skips the tests marked slow (soaks, computer battles, the wheel install).
test-fast: $(VENV)/.installed-test
	@$(HEADLESS) $(BIN)/python -m pytest -m "not slow"

lint: $(VENV)/.installed-test
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

validate: $(VENV)/.installed
	$(BIN)/python main.py validate --strict scenarios/*.yaml scenarios/examples/*.yaml

schema: $(VENV)/.installed
	$(BIN)/python -m siege.scenario.schema > scenarios/schema.json

bench: $(VENV)/.installed-test
	$(HEADLESS) $(BIN)/python benchmarks/run.py

# The wheel a player installs (scenarios/ and assets/ inside it), in dist/.
wheel: | $(BIN)/python
	$(PIP) wheel --no-deps -w dist .
	@ls dist/*.whl

# Newest versions within pyproject's ranges, in a scratch venv, written to constraints.txt.
constraints:
	rm -rf build/pins && $(PYTHON) -m venv build/pins
	build/pins/bin/python -m pip -qq install --upgrade pip && build/pins/bin/python -m pip -qq install '.[test]'
	{ sed -n '1,2p' $(PINS); echo "pip==$$(build/pins/bin/python -m pip --version | cut -d' ' -f2)"; \
	  build/pins/bin/python -m pip freeze --exclude siege; } > $(PINS).new && mv $(PINS).new $(PINS)
	rm -rf build/pins

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist *.egg-info
