"""The crash-recovery autosave, kept so that a battle is never lost.

- Every write goes to a fresh, uniquely named file that is read back and checked before it
  replaces `autosave.json`; the one it replaces becomes `autosave.prev.json`.
- While a battle is open a marker file says so; found at start, it means the last run crashed.
  Before a new battle would overwrite that crashed game, it is kept under a new name
  (`crashed-ID-STAMP.json`, listed with the saved games), unless the player said to drop it.
- Resuming reads `autosave.json`, or `autosave.prev.json` when the newer one cannot be read.
- Temporary files a killed write left behind are removed; a write that fails says why.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from siege.readfile import shown
from siege.save import SaveData, SaveError, read_save, write_save
from siege.ui import paths

TEMP_PREFIX = ".autosave."  # every temporary file of ours starts so; none is a saved game
OLD_FRESH_NAME = "autosave.new.json"  # the name earlier versions wrote through


def prev_path() -> Path:
    return paths.autosave_path().with_name("autosave.prev.json")


def write(save: SaveData) -> str | None:
    """Write the autosave; None when done, else one line saying why it could not be."""
    target = paths.autosave_path()
    folder = target.parent
    fresh = folder / f"{TEMP_PREFIX}{os.getpid()}.new.json"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if target.is_dir() and not target.is_symlink():
            return f"autosave failed: {shown(target)} is a directory; move it away"
        write_save(fresh, save)
        check = read_save(fresh)
        if check.state_hash != save.state_hash or len(check.orders) != len(save.orders):
            raise SaveError("the autosave did not read back the same")
        if target.exists():
            os.replace(target, prev_path())
        os.replace(fresh, target)
        return None
    except (OSError, SaveError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return f"autosave failed: {reason}"
    finally:
        with contextlib.suppress(OSError):
            fresh.unlink(missing_ok=True)


def remove_leftovers() -> list[Path]:
    """Delete the temporary files of writes that were killed half-way; returns what went."""
    folder = paths.saves_dir()
    removed: list[Path] = []
    try:
        candidates = [
            p
            for p in folder.iterdir()
            if p.name.lstrip(".").startswith(TEMP_PREFIX.lstrip(".")) or p.name == OLD_FRESH_NAME
        ]
    except OSError:
        return removed
    for path in sorted(candidates):
        try:
            if path.is_file() and not path.is_symlink():
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


def resumable() -> Path | None:
    """The autosave to resume from: the newest one that reads as a save, or None."""
    for path in (paths.autosave_path(), prev_path()):
        try:
            read_save(path)
        except SaveError:
            continue
        return path
    return None


def crashed() -> bool:
    """The last battle did not close, and there is a game to resume."""
    return paths.running_marker().exists() and resumable() is not None


def keep_crashed_game() -> Path | None:
    """If the last battle crashed, copy its autosave to a new name (listed with the saved
    games) and clear the marker, so the next autosave cannot overwrite it. Returns the copy."""
    marker = paths.running_marker()
    if not marker.exists():
        return None
    source = resumable()
    kept = None
    if source is not None:
        save = read_save(source)
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(source.stat().st_mtime))
        kept = _free_name(paths.saves_dir(), f"crashed-{save.scenario_id}-{stamp}")
        try:
            write_save(kept, save)
        except OSError:
            return None  # keep the marker: the crashed game stays where it is, offered again
    dismiss()
    return kept


def begin_battle(scenario_id: str) -> str | None:
    """A battle opens: keep a crashed game first, clear leftovers, set the marker. Returns a
    line for the player when something was kept or could not be set."""
    note = None
    kept = keep_crashed_game()
    if kept is not None:
        note = f"the last battle did not close properly; it is kept as {kept.name}"
    remove_leftovers()
    marker = paths.running_marker()
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(scenario_id, encoding="utf-8")
    except OSError as exc:
        note = (
            f"cannot mark the battle as open ({exc.strerror or exc}); a crash will not be noticed"
        )
    return note


def end_battle() -> None:
    """The battle closed properly: nothing to recover next time."""
    dismiss()


def dismiss() -> None:
    with contextlib.suppress(OSError):
        paths.running_marker().unlink(missing_ok=True)


def _free_name(folder: Path, stem: str) -> Path:
    path = folder / f"{stem}.json"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.json"
        n += 1
    return path
