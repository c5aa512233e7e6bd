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
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from siege.engine.game import Game, IllegalOrder
from siege.scenario.build import new_game
from siege.engine.orders import Order, OrderFormatError, order_from_dict
from siege.scenario.schema import Scenario

SAVE_FORMAT = 1
MAX_SAVE_BYTES = 20_000_000


class SaveError(ValueError):
    """A save file that cannot be used; the message says why, for the player."""


def scenario_hash(scenario: Scenario) -> str:
    """A hash of the scenario's content (not its formatting or comments)."""
    text = scenario.model_dump_json(by_alias=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class SaveData:
    scenario_id: str
    scenario_hash: str
    seed: int
    orders: list[Order]
    scenario_path: str = ""
    state_hash: str = ""
    extra: dict[str, Any] = field(default_factory=dict)   # UI settings: mode, side, difficulty

    def to_json(self) -> str:
        return json.dumps({
            "format": SAVE_FORMAT, "scenario": self.scenario_id, "scenario_hash": self.scenario_hash,
            "scenario_path": self.scenario_path, "seed": self.seed,
            "orders": [o.to_dict() for o in self.orders], "state_hash": self.state_hash,
            "extra": self.extra,
        }, indent=1, sort_keys=True)


def make_save(game: Game, scenario_path: str = "", extra: dict[str, Any] | None = None) -> SaveData:
    return SaveData(game.scenario.meta.id, scenario_hash(game.scenario), game.seed,
                    list(game.orders), scenario_path, game.state_hash(), dict(extra or {}))


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
    """Parse a save file; every way it can be wrong becomes a SaveError with a clear message."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_SAVE_BYTES:
            raise SaveError(f"{path}: too large to be a save file")
        raw = path.read_bytes()
    except OSError as exc:
        raise SaveError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SaveError(f"{path}: not a save file, or it was cut short ({exc})") from None
    if not isinstance(data, dict):
        raise SaveError(f"{path}: not a save file")
    if data.get("format") != SAVE_FORMAT:
        raise SaveError(f"{path}: save format {data.get('format')!r}; this version reads "
                        f"{SAVE_FORMAT}")
    try:
        seed = data["seed"]
        scenario_id = data["scenario"]
        digest = data["scenario_hash"]
        raw_orders = data["orders"]
    except KeyError as exc:
        raise SaveError(f"{path}: the save lacks {exc.args[0]!r}") from None
    if not isinstance(seed, int) or not isinstance(raw_orders, list) \
            or not isinstance(scenario_id, str) or not isinstance(digest, str):
        raise SaveError(f"{path}: the save has been damaged (wrong types)")
    try:
        orders = [order_from_dict(o) for o in raw_orders]
    except (OrderFormatError, TypeError) as exc:
        raise SaveError(f"{path}: the save has been damaged: {exc}") from None
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    return SaveData(scenario_id, digest, seed, orders, str(data.get("scenario_path", "")),
                    str(data.get("state_hash", "")), extra)


def restore(save: SaveData, scenario: Scenario) -> Game:
    """Rebuild the game a save describes; refuses a save made for another scenario version."""
    if scenario.meta.id != save.scenario_id:
        raise SaveError(f"this save is for scenario {save.scenario_id!r}, not "
                        f"{scenario.meta.id!r}")
    if scenario_hash(scenario) != save.scenario_hash:
        raise SaveError(f"scenario {scenario.meta.id!r} has changed since this game was saved; "
                        "the save cannot be replayed on the new version")
    game = new_game(scenario, save.seed)
    for i, order in enumerate(save.orders):
        try:
            game.apply(order)
        except IllegalOrder as exc:
            raise SaveError(f"order {i + 1} in the save is refused ({exc}); the file was edited "
                            "or damaged") from None
    return game
