"""What a player or the AI asks for. Small frozen values; `Game.check` says if one is legal.

Orders round-trip through plain dicts (`to_dict` / `order_from_dict`), which is all a save
file holds besides the scenario and the seed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar

ORDER_TYPES: dict[str, type[Order]] = {}


@dataclass(frozen=True)
class Order:
    kind: ClassVar[str] = "order"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        ORDER_TYPES[cls.kind] = cls

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return {
            "kind": self.kind,
            **{k: list(v) if isinstance(v, tuple) else v for k, v in data.items()},
        }


class OrderFormatError(ValueError):
    """An order dict that does not describe any order (a corrupt or hand-edited save)."""


def order_from_dict(data: Any) -> Order:
    if not isinstance(data, dict) or data.get("kind") not in ORDER_TYPES:
        raise OrderFormatError(f"not an order: {data!r:.80}")
    cls = ORDER_TYPES[data["kind"]]
    names = [f.name for f in fields(cls)]
    extra = sorted(k for k in data if k not in names and k != "kind")
    if extra:
        raise OrderFormatError(f"{data['kind']} order has unknown keys {extra}")
    args = {}
    for f in fields(cls):
        if f.name not in data:
            raise OrderFormatError(f"{data['kind']} order lacks {f.name!r}")
        value = data[f.name]
        if not _fits(value, str(f.type)):
            raise OrderFormatError(
                f"{data['kind']} order: {f.name} should be {f.type}, got {value!r:.40}"
            )
        args[f.name] = tuple(value) if isinstance(value, list) else value
    return cls(**args)


def _fits(value: Any, annotation: str) -> bool:
    if annotation == "str":
        return isinstance(value, str)
    if annotation == "tuple[int, int]":
        return (
            isinstance(value, (list, tuple))
            and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        )
    if annotation == "tuple[str, ...]":
        return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
    return False


@dataclass(frozen=True)
class PhaseEnd(Order):
    """Finish the current phase; after the assault phase the other side moves."""

    kind: ClassVar[str] = "phase_end"


@dataclass(frozen=True)
class Rally(Order):
    """Command phase: try to steady a shaken, wavering or routed unit."""

    kind: ClassVar[str] = "rally"
    unit: str


@dataclass(frozen=True)
class AbilityUse(Order):
    """Command phase: a leader's special ability (a general's bounty, say)."""

    kind: ClassVar[str] = "ability_use"
    leader: str
    ability: str


@dataclass(frozen=True)
class Move(Order):
    """Movement phase: march to `to` ([col, row]) by the cheapest path."""

    kind: ClassVar[str] = "move"
    unit: str
    to: tuple[int, int]


@dataclass(frozen=True)
class Exit(Order):
    """Movement phase: leave the map by the exit the unit stands on."""

    kind: ClassVar[str] = "exit"
    unit: str


@dataclass(frozen=True)
class Boarding(Order):
    """Movement phase: go aboard `boat`, in the unit's hex or next to it (it uses the move)."""

    kind: ClassVar[str] = "boarding"
    unit: str
    boat: str


@dataclass(frozen=True)
class Landing(Order):
    """Movement phase: a unit aboard a boat goes ashore at `to`, next to the boat."""

    kind: ClassVar[str] = "landing"
    unit: str
    to: tuple[int, int]


@dataclass(frozen=True)
class Volley(Order):
    """Fire phase: shoot at the enemy in hex `target`."""

    kind: ClassVar[str] = "volley"
    unit: str
    target: tuple[int, int]


@dataclass(frozen=True)
class Bombardment(Order):
    """Fire phase: batter the wall or gate on the `side` edge of hex `at` with guns."""

    kind: ClassVar[str] = "bombardment"
    unit: str
    at: tuple[int, int]
    side: str


# The orders given to one unit (`unit`): every order but PhaseEnd, AbilityUse and Assault.
UnitOrder = Rally | Move | Exit | Boarding | Landing | Volley | Bombardment
UNIT_ORDERS = (Rally, Move, Exit, Boarding, Landing, Volley, Bombardment)


@dataclass(frozen=True)
class Assault(Order):
    """Assault phase: units next to `target` attack it together; over a wall they escalade."""

    kind: ClassVar[str] = "assault"
    units: tuple[str, ...]
    target: tuple[int, int]
