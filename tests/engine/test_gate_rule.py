"""The gate rule (RULES §4 and §8): the side holding a closed or barred gate opens it to march
its own men through, but not to sally through it as through a breach."""

from __future__ import annotations

from kit import advance, new_game, only, place, set_gate

from siege.engine.orders import Assault, Move


def sally(gate: str):
    """The Japanese gate guard in its gatehouse, Ming foot just outside the West Gate."""
    game = new_game("walled_town")
    only(game, "a_ladders", "j_gate")
    place(game, "a_ladders", (1, 2))
    place(game, "j_gate", (2, 2))
    set_gate(game, "west_gate", gate)
    advance(game, "japan", "assault")
    return game


def test_no_sally_through_your_own_barred_gate():
    game = sally("barred")
    assert game.state.gate_holders["west_gate"] == "japan"
    reason = game.check(Assault(("j_gate",), (1, 2)))
    assert reason is not None and "wall" in reason  # the closed gate is a wall to fight across
    assert game.preview_assault(("j_gate",), (1, 2)) is None


def test_an_open_gate_lets_the_garrison_sally_as_through_a_breach():
    game = sally("open")
    assert game.check(Assault(("j_gate",), (1, 2))) is None
    odds = game.preview_assault(("j_gate",), (1, 2))
    assert "gate guard through the breach" in dict(odds.modifiers)


def test_the_holder_still_marches_out_through_its_barred_gate():
    game = new_game("walled_town")
    only(game, "j_gate", "a_ladders")
    place(game, "a_ladders", (0, 6))
    place(game, "j_gate", (2, 2))
    advance(game, "japan", "movement")
    assert game.check(Move("j_gate", (1, 2))) is None
    assert [h.offset for h in game.path("j_gate", (1, 2))] == [(2, 2), (1, 2)]
