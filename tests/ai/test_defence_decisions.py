"""Small positions, each asserting one decision of a defender (see test_decisions.py for how
positions are set up)."""

from __future__ import annotations

import dataclasses

from siege.ai import Commander, play_phase
from siege.ai import levels as ai_levels
from siege.engine.orders import Assault, PhaseEnd
from tests.ai.test_decisions import _game, _place, _to


def _garrison_beside_spearmen_in_the_lanes(level: str) -> list[Assault]:
    """Inside the town, 400 of the enemy's spearmen (no missiles: they cannot shoot back) stand
    in the lanes between the gate guard and the town's arquebusiers, who have just fired into
    them: the garrison's assault orders."""
    game = _game("walled_town")
    _place(game, "a_spear", (4, 2))
    game.state.units["a_spear"].strength = 400
    for uid, at in (("a_ladders", (9, 0)), ("a_arq", (9, 7)), ("a_guns", (0, 7))):
        _place(game, uid, at)
    _place(game, "j_town", (5, 2))
    _place(game, "j_gate", (3, 2))
    _to(game, "japan", "fire")
    commander = Commander("japan", level, 1)
    play_phase(commander, game.seat("japan"))  # the volley: it remembers what it shot at
    game.apply(PhaseEnd())
    orders = commander.orders_for_phase(game.seat("japan"))
    return [o for o in orders if isinstance(o, Assault)]


def test_a_hard_garrison_does_not_drive_off_men_its_volleys_are_killing(monkeypatch) -> None:
    """Men caught in the lanes who cannot shoot back are the arquebusiers' to kill: at hard the
    garrison leaves them there rather than drive them out of its fire (at normal it goes in
    by the odds, which are sure). Without that judgement, hard goes in too."""
    assert _garrison_beside_spearmen_in_the_lanes("normal")
    assert not _garrison_beside_spearmen_in_the_lanes("hard")
    hard = ai_levels.STYLES["hard"]
    monkeypatch.setitem(ai_levels.STYLES, "hard", dataclasses.replace(hard, spare_no_target=False))
    assert _garrison_beside_spearmen_in_the_lanes("hard")
