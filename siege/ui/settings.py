"""Player options (fog of war, animation speed, window size, the End-turn warning), kept as JSON
in the data folder."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import asdict, dataclass, fields

from siege.readfile import UnreadableFile, read_bytes, shown
from siege.scenario.limits import MAX_SETTINGS_BYTES
from siege.ui import paths

WINDOW_SIZES = ((1280, 800), (1440, 900), (1600, 1000), (1920, 1080), (2560, 1440))
UI_SCALES = (100, 125, 150)  # percent
ANIMATION_SPEEDS = {"slow": 0.22, "normal": 0.11, "fast": 0.05, "instant": 0.0}  # s per hex


def scale_label(percent: int) -> str:
    return f"Scale {percent}%"


def scale_of(choice) -> int:
    """The percent a scale menu's choice names (a label, or pygame_gui's (label, id) pair)."""
    label = choice[0] if isinstance(choice, tuple) else choice
    digits = "".join(c for c in str(label) if c.isdigit())
    return int(digits) if digits and int(digits) in UI_SCALES else 100


@dataclass
class Settings:
    fog_of_war: bool = True
    animation: str = "normal"
    width: int = 1280
    height: int = 800
    fullscreen: bool = False
    difficulty: str = "normal"
    confirm_end_turn: bool = True  # warn on End turn while units could still act
    brief_at_start: bool = True  # show the objectives at each side's first turn
    show_recap: bool = True  # sum up the computer's turn when it is over
    volume: int = 70  # percent
    mute: bool = False
    ui_scale: int = 100  # percent, one of UI_SCALES (high-resolution screens)

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)

    @property
    def seconds_per_hex(self) -> float:
        return ANIMATION_SPEEDS.get(self.animation, ANIMATION_SPEEDS["normal"])

    @classmethod
    def load(cls) -> Settings:
        """The saved options; a broken settings file is set aside (`settings.broken.json`) and
        the defaults used, with one line on stderr saying so. Wrong values fall back one by one."""
        path = paths.settings_path()
        try:
            exists = path.is_symlink() or path.exists()
        except OSError:
            exists = True
        if not exists:
            return cls()
        try:
            data = json.loads(read_bytes(path, MAX_SETTINGS_BYTES).decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a mapping of options")
        except (UnreadableFile, ValueError, RecursionError) as exc:
            _set_aside(path, exc)
            return cls()
        values = {}
        defaults = cls()
        for f in fields(cls):
            value = data.get(f.name)
            if isinstance(value, type(getattr(defaults, f.name))) and isinstance(
                value, bool
            ) == isinstance(getattr(defaults, f.name), bool):
                values[f.name] = value
        out = cls(**values)
        if out.animation not in ANIMATION_SPEEDS:
            out.animation = "normal"
        if out.ui_scale not in UI_SCALES:
            out.ui_scale = 100
        if out.difficulty not in ("easy", "normal", "hard"):
            out.difficulty = "normal"
        out.width = max(960, min(out.width, 3840))
        out.height = max(640, min(out.height, 2160))
        return out

    def save(self) -> None:
        path = paths.settings_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(asdict(self), f, indent=1)
            os.replace(tmp, path)
        except OSError:
            pass  # options are a convenience; never fail the game over them


def _set_aside(path, problem: Exception) -> None:
    """Move a settings file that cannot be read out of the way, so the game starts and the
    player can still look at it; say so in one line."""
    reason = problem.reason if isinstance(problem, UnreadableFile) else "not a settings file"
    aside = path.with_name("settings.broken.json")
    try:
        if path.is_dir() and not path.is_symlink():
            raise OSError("a directory")
        os.replace(path, aside)
        kept = f"set aside as {aside.name}"
    except OSError:
        kept = "left in place"
    print(f"siege: {shown(path)}: {reason}; {kept}, the default options are used", file=sys.stderr)
