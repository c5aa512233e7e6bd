"""Yardsticks for the tournament: `passive` ends every phase; `random` gives each unit a random
legal order (or none) each phase. Every real level should beat both."""

from __future__ import annotations

import random

from siege.engine.orders import Order
from siege.engine.seat import Seat


class Passive:
    """Gives no orders: its side only ends its phases."""

    def __init__(self, side: str, difficulty: str = "passive", seed: int = 0) -> None:
        self.side, self.difficulty = side, difficulty

    def orders_for_phase(self, seat: Seat) -> list[Order]:
        return []


class RandomOrders:
    """For each unit, half the time one of its legal orders picked at random (its own seeded
    generator: the same seed, the same battle)."""

    def __init__(self, side: str, difficulty: str = "random", seed: int = 0) -> None:
        self.side, self.difficulty = side, difficulty
        self.rng = random.Random(f"{seed}/{side}/random")

    def orders_for_phase(self, seat: Seat) -> list[Order]:
        if not seat.is_active or seat.side != self.side:
            return []
        orders: list[Order] = []
        for unit in seat.units():
            if self.rng.random() < 0.5:
                continue
            menu = list(seat.legal_orders(unit.id))
            if menu:
                orders.append(self.rng.choice(menu))
        return orders
