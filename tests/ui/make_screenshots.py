"""Renders the README's screenshots into docs/images/ headless, through the real scenes:
`python tests/ui/make_screenshots.py [SCENARIO]`. Not a test; a way to look at the game."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("SIEGE_DATA_DIR", tempfile.mkdtemp(prefix="siege-shots-"))
HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))

import pygame  # noqa: E402

from siege.ai import Commander  # noqa: E402
from siege.engine import combat  # noqa: E402
from siege.engine.orders import Move, Volley  # noqa: E402
from siege.scenario.validate import load_scenario  # noqa: E402
from siege.ui.app import App, render_preview  # noqa: E402
from siege.ui.scenes.battle import Battle  # noqa: E402
from siege.ui.scenes.handover import Handover  # noqa: E402
from siege.ui.scenes.menu import MainMenu  # noqa: E402
from siege.ui.scenes.report import EndReport  # noqa: E402
from siege.ui.session import Session  # noqa: E402
from siege.ui.settings import Settings  # noqa: E402

OUT = REPO / "docs" / "images"


def save(app, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    pygame.image.save(app.screen, str(path))
    print(f"{path} ({path.stat().st_size // 1024} KB)")


def frames(app, n=3) -> None:
    for _ in range(n):
        app.step(0.02)


def hover(app, pos) -> None:
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0))
    )
    app.step(0.02)
    app.step(0.5)  # let the tooltip delay pass


def ai_play(session: Session, until) -> None:
    cs = {s: Commander(s, "normal", 1) for s in session.sides}
    game = session.game
    while not until(game) and not game.state.ended:
        for order in cs[game.active_side].orders_for_phase(game.seat(game.active_side)):
            if game.check(order) is None:
                session.submit(order)
        session.end_phase()


def main() -> None:
    scenario_path = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "scenarios" / "pyongyang_1593.yaml"
    )
    scenario = load_scenario(scenario_path)
    allies, japan = (s.id for s in scenario.sides)
    render_preview(scenario_path, OUT / "preview.png", scenario=scenario)
    print(OUT / "preview.png")

    app = App(
        settings=Settings(
            animation="instant", brief_at_start=False, show_recap=False, confirm_end_turn=False
        ),
        size=(1280, 800),
        headless=True,
    )
    menu = MainMenu(app)
    app.push(menu)
    deadline = time.monotonic() + 30
    while not all(e.checked for e in menu.entries) and time.monotonic() < deadline:
        time.sleep(0.05)
    frames(app, 4)
    save(app, "menu.png")

    # how to win: the objectives at the allies' first turn
    app.settings.brief_at_start = True
    session = Session.new(scenario, scenario_path, "ai", allies, seed=4)
    battle = Battle(app, session)
    app.push(battle)
    frames(app, 3)
    save(app, "objectives.png")
    app.pop()
    app.settings.brief_at_start = False
    # the army at a glance
    from siege.ui.scenes.unitlist import UnitList

    battle.end_phase()
    frames(app)
    app.push(UnitList(app, battle))
    frames(app)
    save(app, "unit_list.png")
    app.pop()
    app.pop()
    tutorial_shot(app)

    # night: the opening, seen through the allies' eyes, a unit selected
    session = Session.new(scenario, scenario_path, "ai", allies, seed=4)
    battle = Battle(app, session)
    app.push(battle)
    frames(app, 2)
    battle.end_phase()
    frames(app)
    own = [
        u
        for u in session.game.state.units.values()
        if u.side == allies and u.on_map and u.type.unit_class == "cavalry"
    ] or [u for u in session.game.state.units.values() if u.side == allies and u.on_map]
    unit = own[len(own) // 2]
    battle.board.centre_on(unit.hex)
    battle.selected = [unit.id]
    battle.selection_changed()
    frames(app)
    reach = session.game.reachable(unit.id)
    far = max(reach, key=lambda h: (reach[h], h))
    hover(app, battle.board.hex_centre_on_screen(far))
    save(app, "battle_night.png")
    app.pop()

    # day: a few turns in, the fire phase with the odds of a volley on show
    session = Session.new(scenario, scenario_path, "hotseat", None, seed=4)
    ai_play(
        session,
        lambda g: (
            not g.state.is_night()
            and g.state.turn >= 8
            and g.active_side == allies
            and g.phase == "movement"
        ),
    )
    battle = Battle(app, session)
    battle.handed_to = allies
    app.push(battle)
    frames(app, 2)
    game = session.game
    # find a shooter that can reach an enemy in sight
    chosen = None
    for u in [
        u for u in game.state.units.values() if u.side == allies and u.on_map and not u.moved
    ]:
        if not combat.weapons_of(game.state, u):
            continue
        for h in sorted(game.reachable(u.id), key=lambda x: game.reachable(u.id)[x]):
            enemies = [
                e
                for e in game.state.units.values()
                if e.side == japan and e.on_map and 1 < e.hex.distance(h) <= 2
            ]
            if enemies:
                chosen = (u, h)
                break
        if chosen:
            break
    if chosen:
        u, h = chosen
        battle.board.centre_on(u.hex)
        battle.selected = [u.id]
        battle.selection_changed()
        frames(app)
        hover(app, battle.board.hex_centre_on_screen(h))
        save(app, "battle_move.png")
        battle.give(Move(u.id, h.offset))
        frames(app)
    battle.end_phase()
    frames(app)
    target = None
    for o_unit in [x for x in game.state.units.values() if x.side == allies and x.on_map]:
        fires = [o for o in game.legal_orders(o_unit.id) if isinstance(o, Volley)]
        if fires:
            target = (o_unit, fires[0])
            if chosen and o_unit.id == chosen[0].id:
                break
    if target:
        o_unit, order = target
        battle.selected = [o_unit.id]
        battle.selection_changed()
        from siege.engine.hexes import Hex

        th = Hex.from_offset(*order.target)
        battle.board.centre_on(th)
        frames(app)
        hover(app, battle.board.hex_centre_on_screen(th))
        save(app, "battle_fire.png")
    # the handover between players
    app.apply(battle.end_turn())
    frames(app, 3)
    if isinstance(app.top, Handover):
        save(app, "handover.png")
        app.pop()
    # the end: play the battle out
    ai_play(session, lambda g: g.state.turn > 80)
    battle.after_change()
    frames(app, 3)
    if not isinstance(app.top, EndReport):
        app.push(EndReport(app, session))
        frames(app, 2)
    save(app, "end_report.png")
    recap_shot(app, scenario, scenario_path, allies, japan)


def tutorial_shot(app) -> None:
    """The tutorial at its fourth step: the corps selected, a march to the fort hovered."""
    from siege.engine.hexes import Hex
    from siege.ui.app import tutorial_battle
    from siege.ui.paths import TUTORIAL_SCENARIO

    battle = tutorial_battle(app, load_scenario(TUTORIAL_SCENARIO))
    app.push(battle)
    frames(app, 2)
    battle.coach.advance()
    battle.end_phase()
    battle.board.set_zoom(32.0)
    battle.select_unit("ming_south_corps")
    frames(app)
    target = Hex.from_offset(3, 4)
    hover(app, battle.board.hex_centre_on_screen(target))
    save(app, "tutorial.png")
    app.pop()


def recap_shot(app, scenario, scenario_path, allies, japan) -> None:
    """Japan against the computer: the recap of the allies' turn once the armies have met."""
    from siege.ui.scenes.recap import Recap

    session = Session.new(scenario, scenario_path, "ai", japan, seed=4)
    ai_play(
        session,
        lambda g: (
            not g.state.is_night()
            and g.state.turn >= 9
            and g.active_side == allies
            and g.phase == "command"
        ),
    )
    app.settings.show_recap = True
    battle = Battle(app, session)
    app.clear_to(battle)
    deadline = time.monotonic() + 300
    while not isinstance(app.top, Recap) and time.monotonic() < deadline:
        app.step(0.05)
    frames(app, 2)
    save(app, "recap.png")


if __name__ == "__main__":
    main()
