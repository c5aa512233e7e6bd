"""Helpers for the rules tests: load a test scenario, make a game, advance it, set up a position.

The scenarios in `data/` are small (10 x 8) and made for the tests; each says at its top what it
is for. Setting up a position edits the game state directly (it is quicker and clearer than
marching units there), but only in setup: what a test asserts goes through the Game API
(check, apply and the events it returns, legal_orders, reachable, preview_*, view_for,
outcome, state_hash, undo) or read-only queries of the rules.

Maps are built once per scenario file and shared by its games (as the UI and the simulator do).
"""

from __future__ import annotations

import kit
import pytest


@pytest.fixture
def game_of():
    """game_of("walled_town", seed=3, fire_spread=1.0) -> Game (see kit.new_game)."""
    return kit.new_game
