"""Saved games: the scenario's id and content hash, the seed and the orders — nothing else.

Replaying the orders rebuilds the exact state, so a save is small, a replay can be verified by
its final state hash, and a save made against a changed scenario is refused rather than
silently diverging. Files are written atomically (temporary file, then rename), so a crash
mid-write never leaves a broken save in place of a good one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from siege.engine.game import Game, IllegalOrder
from siege.engine.orders import Order, OrderFormatError, order_from_dict
from siege.readfile import MAX_PATH_CHARS, UnreadableFile, read_bytes, shown
from siege.scenario.build import new_game
from siege.scenario.limits import MAX_ORDERS, MAX_SAVE_BYTES, MAX_SAVE_DEPTH, MAX_SEED
from siege.scenario.schema import Scenario

SAVE_FORMAT = 2
# Format 1 named four orders by verbs; format 2 names every order as a noun. A format-1 save
# is read by renaming those kinds: the orders, and so the battle they replay, are the same.
FORMAT_1_KINDS = {
    "end_phase": "phase_end",
    "use_ability": "ability_use",
    "fire": "volley",
    "bombard": "bombardment",
}
READABLE_FORMATS = (1, SAVE_FORMAT)


class SaveError(ValueError):
    """A save file that cannot be used; the message says why, for the player."""


def scenario_hash(scenario: Scenario) -> str:
    """A hash of the scenario's content (not its formatting or comments, nor a tutorial's
    hints, which change nothing in the battle: rewording them keeps its saves good; nor a
    side's `ai:` intent, which steers only the computer, never what a saved order does; nor
    where the game's labels are drawn). Keys left at their defaults are left out, so a new
    optional key in the format does not make every old save unplayable."""
    every_label = {"__all__": {"label"}}
    text = scenario.model_dump_json(
        by_alias=True,
        exclude_defaults=True,
        exclude={
            "tutorial": True,
            "sides": {"__all__": {"ai"}},
            "objectives": every_label,
            "map": {"gates": every_label, "works": every_label, "exits": every_label},
        },
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class SaveData:
    scenario_id: str
    scenario_hash: str
    seed: int
    orders: list[Order]
    scenario_path: str = ""
    state_hash: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # UI settings: mode, side, difficulty
    notes: list[str] = field(default_factory=list)  # what in `extra` fell back, and why

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": SAVE_FORMAT,
                "scenario": self.scenario_id,
                "scenario_hash": self.scenario_hash,
                "scenario_path": self.scenario_path,
                "seed": self.seed,
                "orders": [o.to_dict() for o in self.orders],
                "state_hash": self.state_hash,
                "extra": self.extra,
            },
            indent=1,
            sort_keys=True,
        )


def make_save(game: Game, scenario_path: str = "", extra: dict[str, Any] | None = None) -> SaveData:
    return SaveData(
        game.scenario.meta.id,
        scenario_hash(game.scenario),
        game.seed,
        list(game.orders),
        scenario_path,
        game.state_hash(),
        dict(extra or {}),
    )


def write_save(path: str | Path, save: SaveData) -> None:
    """Write atomically: a reader sees the old file or the new one, never half of one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(save.to_json())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_save(path: str | Path) -> SaveData:
    """Parse a save file; every way it can be wrong becomes a SaveError with one clear line.

    Values in `extra` the game does not understand fall back to a default; each fallback is
    recorded in `notes` so the window or the command line can say so."""
    name = shown(path)
    try:
        raw = read_bytes(path, MAX_SAVE_BYTES)
    except UnreadableFile as exc:
        raise SaveError(str(exc)) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise SaveError(f"{name}: not a save file (nested too deeply)") from None
    except UnicodeDecodeError:
        raise SaveError(f"{name}: not a save file (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise SaveError(
            f"{name}: not a save file, or it was cut short (line {exc.lineno}, "
            f"column {exc.colno}: {exc.msg})"
        ) from None
    except ValueError:  # e.g. a number of more than 4,300 digits
        raise SaveError(f"{name}: not a save file (a value is out of range)") from None
    if not isinstance(data, dict):
        raise SaveError(f"{name}: not a save file")
    if isinstance(data.get("orders"), list) and len(data["orders"]) > MAX_ORDERS:
        raise SaveError(f"{name}: more than {MAX_ORDERS:,} orders; refused")
    if _depth(data) > MAX_SAVE_DEPTH:
        raise SaveError(f"{name}: not a save file (nested more than {MAX_SAVE_DEPTH} levels)")
    found = data.get("format")
    if found not in READABLE_FORMATS or isinstance(found, bool):
        found = repr(found) if isinstance(found, (int, float, type(None))) else "unknown"
        raise SaveError(f"{name}: save format {found}; this version reads 1 and {SAVE_FORMAT}")
    missing = [key for key in ("seed", "scenario", "scenario_hash", "orders") if key not in data]
    if missing:
        raise SaveError(f"{name}: the save lacks {missing[0]!r}")
    seed, scenario_id, digest, raw_orders = (
        data["seed"],
        data["scenario"],
        data["scenario_hash"],
        data["orders"],
    )
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed <= MAX_SEED:
        raise SaveError(
            f"{name}: the save has been damaged (the seed is not a whole number "
            f"from 0 to {MAX_SEED})"
        )
    if not _is_id(scenario_id) or not isinstance(digest, str) or not _HASH.match(digest):
        raise SaveError(f"{name}: the save has been damaged (its scenario id or hash)")
    if not isinstance(raw_orders, list):
        raise SaveError(f"{name}: the save has been damaged (orders is not a list)")
    orders = []
    for i, raw_order in enumerate(raw_orders):
        if not _plain_order(raw_order):
            raise SaveError(f"{name}: the save has been damaged: order {i + 1} is not an order")
        if found == 1 and raw_order.get("kind") in FORMAT_1_KINDS:
            raw_order = {**raw_order, "kind": FORMAT_1_KINDS[raw_order["kind"]]}
        try:
            orders.append(order_from_dict(raw_order))
        except (OrderFormatError, TypeError, ValueError) as exc:
            raise SaveError(
                f"{name}: the save has been damaged: order {i + 1}: {' '.join(str(exc).split())}"
            ) from None
    scenario_path = data.get("scenario_path", "")
    if (
        not isinstance(scenario_path, str)
        or len(scenario_path) > MAX_PATH_CHARS
        or (
            scenario_path
            and (
                not scenario_path.isprintable()
                or not _encodable(scenario_path)
                or Path(scenario_path).suffix.lower() not in (".yaml", ".yml")
            )
        )
    ):
        raise SaveError(
            f"{name}: the save has been damaged (its scenario_path is not the name of a .yaml file)"
        )
    state_hash = data.get("state_hash", "")
    if not isinstance(state_hash, str) or (state_hash and not _HASH.match(state_hash)):
        raise SaveError(f"{name}: the save has been damaged (its state_hash)")
    extra, notes = _checked_extra(data.get("extra", {}))
    return SaveData(scenario_id, digest, seed, orders, scenario_path, state_hash, extra, notes)


_HASH = re.compile(r"^[0-9a-f]{1,64}$")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
MODES = ("ai", "hotseat")
DIFFICULTIES = ("easy", "normal", "hard")


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and bool(_ID.match(value))


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return "\x00" not in text


def _depth(value: Any) -> int:
    """How deeply JSON data nests, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_SAVE_DEPTH:
            break
        children = (
            node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        )
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _plain_order(value: Any) -> bool:
    """A mapping of short text, small numbers and short lists of them, as orders are written."""
    if not isinstance(value, dict) or len(value) > 16:
        return False
    for key, item in value.items():
        if not isinstance(key, str) or len(key) > 64:
            return False
        items = item if isinstance(item, list) else [item]
        if len(items) > 64:
            return False
        for part in items:
            if isinstance(part, str):
                if len(part) > 200 or not part.isprintable() or not _encodable(part):
                    return False
            elif (
                isinstance(part, bool)
                or not isinstance(part, (int, type(None)))
                or (isinstance(part, int) and abs(part) > 10**6)
            ):
                return False
    return True


def _checked_extra(extra: Any) -> tuple[dict[str, Any], list[str]]:
    """The window's settings kept in a save: each wrong value falls back, with a note."""
    if not isinstance(extra, dict):
        return {}, ["the save's window settings (extra) are not a mapping; defaults used"]
    out: dict[str, Any] = {}
    notes: list[str] = []
    for key, value in extra.items():
        if key == "mode":
            if value in MODES:
                out[key] = value
            else:
                notes.append(f"extra.mode {_brief(value)} is not ai or hotseat; played hot-seat")
        elif key == "human_sides":
            if isinstance(value, list) and 0 < len(value) <= 8 and all(map(_is_id, value)):
                out[key] = list(value)
            else:
                notes.append(
                    f"extra.human_sides {_brief(value)} is not a list of side ids; "
                    "every side is played by a person"
                )
        elif key == "difficulty":
            if value in DIFFICULTIES:
                out[key] = value
            else:
                notes.append(
                    f"extra.difficulty {_brief(value)} is not easy, normal or hard; normal used"
                )
        elif key == "fog":
            if isinstance(value, bool):
                out[key] = value
            else:
                notes.append(f"extra.fog {_brief(value)} is not true or false; fog of war on")
        elif key == "strength":
            if _strength_record(value):
                out[key] = value
            else:
                notes.append("extra.strength is damaged; the strength chart starts afresh")
        elif isinstance(key, str) and (
            value is None
            or isinstance(value, (bool, int, float))
            or (isinstance(value, str) and len(value) <= 200)
        ):
            out[key] = value  # a tool's own note (goldens keep their turn); the game ignores it
        else:
            notes.append(
                f"extra.{shown(str(key))[:40]} is not something this version knows; ignored"
            )
    return out, notes


def _strength_record(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) <= 10_000
        and all(
            isinstance(row, list)
            and len(row) == 2
            and isinstance(row[0], int)
            and not isinstance(row[0], bool)
            and isinstance(row[1], dict)
            and len(row[1]) <= 8
            and all(
                _is_id(k) and isinstance(v, int) and not isinstance(v, bool)
                for k, v in row[1].items()
            )
            for row in value
        )
    )


def _brief(value: Any) -> str:
    """A wrong value as a note shows it: short, on one line."""
    if isinstance(value, str):
        return repr(value[:20] + ("…" if len(value) > 20 else ""))
    if isinstance(value, (bool, type(None))) or (isinstance(value, int) and abs(value) < 10**9):
        return repr(value)
    kinds: dict[type, str] = {dict: "(a mapping)", list: "(a list)"}
    return kinds.get(type(value), "(a number)")


def check_scenario_file(path: str | Path) -> None:
    """The scenario a save names is read only if it really is a .yaml file: a link from a
    stranger's save to some other file is refused without reading (or quoting) a byte of it."""
    try:
        real = Path(os.path.realpath(path))
    except (OSError, ValueError):
        real = Path(path)
    if real.suffix.lower() not in (".yaml", ".yml"):
        raise SaveError(f"{shown(path)}: the scenario this save names is not a .yaml file; refused")


def restore(save: SaveData, scenario: Scenario) -> Game:
    """Rebuild the game a save describes; refuses a save made for another scenario version."""
    if scenario.meta.id != save.scenario_id:
        raise SaveError(f"this save is for scenario {save.scenario_id!r}, not {scenario.meta.id!r}")
    if scenario_hash(scenario) != save.scenario_hash:
        raise SaveError(
            f"scenario {scenario.meta.id!r} has changed since this game was saved; "
            "the save cannot be replayed on the new version"
        )
    game = new_game(scenario, save.seed)
    for i, order in enumerate(save.orders):
        try:
            game.apply(order)
        except IllegalOrder as exc:
            raise SaveError(
                f"order {i + 1} in the save is refused ({exc}); the file was edited or damaged"
            ) from None
        except (LookupError, TypeError, ValueError, ArithmeticError):  # a forged order's values
            raise SaveError(
                f"order {i + 1} in the save cannot be replayed; the file was edited or damaged"
            ) from None
    return game
