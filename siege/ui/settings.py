"""Player options (fog of war, animation speed, window size), kept as JSON in the data folder."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields

from siege.ui import paths

WINDOW_SIZES = ((1280, 800), (1440, 900), (1600, 1000), (1920, 1080))
ANIMATION_SPEEDS = {"slow": 0.22, "normal": 0.11, "fast": 0.05, "instant": 0.0}  # s per hex


@dataclass
class Settings:
    fog_of_war: bool = True
    animation: str = "normal"
    width: int = 1280
    height: int = 800
    fullscreen: bool = False
    difficulty: str = "normal"

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)

    @property
    def seconds_per_hex(self) -> float:
        return ANIMATION_SPEEDS.get(self.animation, ANIMATION_SPEEDS["normal"])

    @classmethod
    def load(cls) -> "Settings":
        try:
            data = json.loads(paths.settings_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {f.name: f.type for f in fields(cls)}
        values = {}
        defaults = cls()
        for name in known:
            if name in data and isinstance(data[name], type(getattr(defaults, name))):
                values[name] = data[name]
        out = cls(**values)
        if out.animation not in ANIMATION_SPEEDS:
            out.animation = "normal"
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
