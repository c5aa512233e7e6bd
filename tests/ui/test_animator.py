"""What the board animates is what a recap or a hot-seat handover offers to replay: one list,
and each kind on it leaves a mark on the board (reinforcements arriving too), within the fog."""

from __future__ import annotations

from siege.engine.events import UnitEntered
from siege.ui.scenes import handover, recap
from siege.ui.scenes.battle import Battle
from siege.ui.scenes.battle.animator import ANIMATED
from siege.ui.session import Session

from .conftest import MINIMAL, step


def test_recap_and_handover_replay_what_the_board_animates() -> None:
    assert recap.ANIMATED is ANIMATED and handover.ANIMATED is ANIMATED
    assert UnitEntered in ANIMATED


def marks(battle: Battle, event) -> int:
    before = len(battle.board.sprites) + len(battle.animator.anims)
    battle.animator.skip = False
    battle.animator.animate([event])
    return len(battle.board.sprites) + len(battle.animator.anims) - before


def test_arriving_reinforcements_are_shown_only_where_the_viewer_sees(
    app, minimal_scenario
) -> None:
    session = Session.new(minimal_scenario, MINIMAL, "ai", "allied", seed=3)
    battle = Battle(app, session)
    app.push(battle)
    step(app, 2)
    battle.animator.seconds_per_hex = 0.2  # (whatever the settings say)
    seat = session.seat("allied")
    own = next(u for u in seat.units())
    assert marks(battle, UnitEntered(unit=own.id, at=own.hex.offset)) == 2  # flash, "arrives"
    enemy = next(u for u in session.game.state.units.values() if u.side != "allied")
    unseen = next(h for h in sorted(session.game.state.map.hexes) if h not in seat.visible())
    assert marks(battle, UnitEntered(unit=enemy.id, at=unseen.offset)) == 0
    seen = sorted(seat.visible())[0]
    assert marks(battle, UnitEntered(unit=enemy.id, at=seen.offset)) == 2


def test_the_recap_counts_the_arrivals_it_offers_to_replay(app, minimal_scenario) -> None:
    """Reinforcements arriving are on the replay, so the recap's summary counts them too (it
    read "0 marches, 0 volleys, 0 assaults" beside "Replay what we saw (4)")."""
    session = Session.new(minimal_scenario, MINIMAL, "ai", "allied", seed=3)
    battle = Battle(app, session)
    app.push(battle)
    own = next(u for u in session.seat("allied").units())
    arrivals = [UnitEntered(unit=own.id, at=own.hex.offset)]
    shown = recap.Recap(app, battle, recap.TurnRecap("japan", 1, arrivals))
    assert len(shown.recap.replayable) == 1 and "1 arrival." in shown.html
    quiet = recap.Recap(app, battle, recap.TurnRecap("japan", 1, []))
    assert "arrival" not in quiet.html
