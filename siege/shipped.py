"""Where the shipped battles and assets are, installed or not.

The top-level `scenarios/` and `assets/` folders of the source tree are the one source. The wheel
carries them inside the package as `siege/_data/` (see `[tool.hatch.build.targets.wheel.sources]`
in pyproject.toml), found here with importlib.resources; a source checkout or an editable install
has no `siege/_data/` and reads the top-level folders. Both layouts put `scenarios/` and `assets/`
side by side under ROOT, so a save that names `scenarios/pyongyang_1593.yaml` opens in either.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _data_root() -> Path:
    packaged = files("siege") / "_data"
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent


ROOT = _data_root()
SCENARIOS = ROOT / "scenarios"
ASSETS = ROOT / "assets"
DEFAULT_SCENARIO = SCENARIOS / "pyongyang_1593.yaml"


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):  # too long a name, a NUL: the reading door says why
        return False


def resolve_scenario(path: str | Path) -> Path:
    """A scenario path as given, or relative to the shipped data (saves record it that way)."""
    path = Path(path)
    if not _exists(path) and not path.is_absolute():
        candidate = ROOT / path
        if _exists(candidate):
            return candidate
    return path
