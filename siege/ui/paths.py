"""Where the UI finds its assets and keeps the player's files (settings, saves, autosave)."""

from __future__ import annotations

import os
from pathlib import Path

from siege import shipped

ROOT = shipped.ROOT  # holds scenarios/ and assets/, installed or in a checkout
ASSETS = shipped.ASSETS
SHIPPED_SCENARIOS = shipped.SCENARIOS
DEFAULT_SCENARIO = shipped.DEFAULT_SCENARIO
FONTS = ASSETS / "fonts"
THEME = ASSETS / "theme.json"
TUTORIAL_SCENARIO = SHIPPED_SCENARIOS / "tutorial.yaml"

UI_FONT = FONTS / "DejaVuSansCondensed.ttf"
UI_FONT_BOLD = FONTS / "DejaVuSansCondensed-Bold.ttf"
UI_FONT_ITALIC = FONTS / "DejaVuSansCondensed-Oblique.ttf"
TITLE_FONT = FONTS / "EBGaramond12-Regular.otf"
TITLE_FONT_ITALIC = FONTS / "EBGaramond12-Italic.otf"


def data_dir() -> Path:
    """The player's folder; SIEGE_DATA_DIR overrides it (tests use a temporary one)."""
    override = os.environ.get("SIEGE_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("siege", appauthor=False))


def saves_dir() -> Path:
    return data_dir() / "saves"


def user_scenarios_dir() -> Path:
    return data_dir() / "scenarios"


def settings_path() -> Path:
    return data_dir() / "settings.json"


def autosave_path() -> Path:
    return saves_dir() / "autosave.json"


def running_marker() -> Path:
    """Present while a battle is open; found at start, it means the last run did not close."""
    return data_dir() / "battle-running"
