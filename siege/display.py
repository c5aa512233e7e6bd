"""Is there a screen to open a window on? Asked before pygame is imported, so no SDL noise."""

from __future__ import annotations

import os
import sys

HEADLESS_HINT = (
    "no display found, so the game window cannot open; try "
    "`python main.py simulate` for a headless computer-vs-computer battle"
)


def display_problem() -> str | None:
    """One line explaining why no window can open here, or None if one can."""
    driver = os.environ.get("SDL_VIDEODRIVER", "")
    if driver in ("dummy", "offscreen"):
        return None  # tests and screenshots ask for an invisible window on purpose
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or driver):
            return HEADLESS_HINT
    return None
