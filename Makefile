# Two commands on a fresh clone: `make play` and `make test`. Each makes .venv if needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HEADLESS := SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy

.PHONY: play test validate bench schema clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

# The game exits 3 when there is no display; it has already said so in one line.
play: $(VENV)/.installed
	@$(BIN)/python main.py; status=$$?; [ $$status -eq 3 ] && exit 0; exit $$status

test: $(VENV)/.installed-test
	$(HEADLESS) $(BIN)/python -m pytest

validate: $(VENV)/.installed
	$(BIN)/python main.py validate --strict scenarios/*.yaml scenarios/examples/*.yaml

schema: $(VENV)/.installed
	$(BIN)/python -m siege.scenario.schema > scenarios/schema.json

bench: $(VENV)/.installed-test
	$(HEADLESS) $(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
