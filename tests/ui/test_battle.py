"""The battle screen driven like a player would: clicks and keys posted to the real scenes."""

from __future__ import annotations

import pygame

from siege.engine.events import UnitMoved, VolleyResolved
from siege.engine.hexes import Hex
from siege.engine.orders import Move, PhaseEnd
from siege.ui import palette as P
from siege.ui.scenes.battle import Battle
from siege.ui.scenes.handover import Handover
from siege.ui.session import Session

from .conftest import MINIMAL, click, hover, key, run_until, step


def open_battle(app, scenario, mode="hotseat", side=None) -> Battle:
    session = Session.new(scenario, MINIMAL, mode, side, seed=5)
    battle = Battle(app, session)
    app.push(battle)
    step(app, 2)
    return battle


def pass_handover(app) -> None:
    assert isinstance(app.top, Handover)
    click(app, (20, 20))
    assert isinstance(app.top, Battle)


def screen_pos(battle, offset):
    h = Hex.from_offset(*offset)
    battle.board.centre_on(h)
    return battle.board.hex_centre_on_screen(h)


def to_phase(app, battle, phase):
    while battle.game.phase != phase:
        key(app, pygame.K_e)


def frozen_hard(battle) -> None:
    """Setup: thick ice on the river, so a crossing in these tests never breaks through (the
    ice rules have tests of their own)."""
    for h in battle.game.state.map.water_hexes:
        battle.game.state.ice_cm[h] = 60.0


def test_select_and_move_a_unit(app, minimal_scenario):
    battle = open_battle(app, minimal_scenario)
    frozen_hard(battle)
    pass_handover(app)
    to_phase(app, battle, "movement")
    click(app, screen_pos(battle, (4, 7)))
    assert battle.selected == ["ming_south_corps"]
    step(app)
    assert Hex.from_offset(4, 5) in battle.hl.reachable  # reachable hexes shown
    target = screen_pos(battle, (4, 5))
    hover(app, target)
    step(app)
    assert battle.hl.path and battle.hl.path[-1] == Hex.from_offset(4, 5)
    assert battle.hl.path_cost is not None  # the path's cost is shown
    click(app, target)
    unit = battle.game.unit("ming_south_corps")
    assert unit.hex.offset == (4, 5) and unit.moved
    assert isinstance(battle.game.log[-1], UnitMoved) or any(
        isinstance(e, UnitMoved) for e in battle.game.log[-3:]
    )


def test_refused_move_says_why(app, minimal_scenario):
    battle = open_battle(app, minimal_scenario)
    pass_handover(app)
    to_phase(app, battle, "movement")
    click(app, screen_pos(battle, (6, 8)))  # the guns: slow, no ice
    assert battle.selected == ["ming_guns"]
    before = battle.game.state_hash()
    click(app, screen_pos(battle, (6, 3)))
    assert battle.game.state_hash() == before
    assert battle.status.message  # the reason is shown


def test_fire_with_the_odds_preview(app, minimal_scenario):
    battle = open_battle(app, minimal_scenario)
    frozen_hard(battle)
    pass_handover(app)
    to_phase(app, battle, "movement")
    click(app, screen_pos(battle, (4, 7)))
    click(app, screen_pos(battle, (3, 4)))
    assert battle.game.unit("ming_south_corps").hex.offset == (3, 4)
    to_phase(app, battle, "fire")
    click(app, screen_pos(battle, (3, 4)))
    enemy = screen_pos(battle, (2, 3))
    hover(app, enemy)
    assert battle.tips.preview is not None and battle.tips.preview[0] == "volley"
    odds = battle.tips.preview[1]
    assert odds.expected > 0 and odds.modifiers  # expected hits and modifiers
    shot = pygame.surfarray.array3d(app.screen).copy()
    step(app)
    assert shot.std() > 0
    n = len(battle.game.log)
    click(app, enemy)
    assert any(isinstance(e, VolleyResolved) for e in battle.game.log[n:])
    assert battle.game.unit("ming_south_corps").fired


def test_end_turn_hands_over_and_hides_the_board(app, minimal_scenario):
    battle = open_battle(app, minimal_scenario)
    pass_handover(app)
    key(app, pygame.K_t)  # end the allied turn
    step(app, 3)
    assert battle.game.active_side == "japan"
    assert isinstance(app.top, Handover)
    arr = pygame.surfarray.array3d(app.screen).reshape(-1, 3)
    handover = (arr == P.HANDOVER).all(axis=1).mean()
    assert handover > 0.8, handover
    for side in minimal_scenario.sides:
        for nation in side.nations:
            c = P.hex_to_rgb(nation.colour)
            near = (abs(arr.astype(int) - c).sum(axis=1) < 12).sum()
            assert near < 30, (nation.id, near)  # no counter pixels
    pass_handover(app)
    assert battle.session.viewer == "japan"


def test_hotseat_replay_of_what_was_seen(app, minimal_scenario):
    battle = open_battle(app, minimal_scenario)
    pass_handover(app)
    to_phase(app, battle, "movement")
    assert battle.give(Move("ming_cavalry", (7, 4)))  # in sight of the town
    step(app)
    key(app, pygame.K_t)
    step(app, 2)
    handover = app.top
    assert isinstance(handover, Handover)
    assert handover.replay is not None and handover.movable
    pygame.event.post(
        pygame.event.Event(__import__("pygame_gui").UI_BUTTON_PRESSED, ui_element=handover.replay)
    )
    step(app)
    assert app.top is battle
    assert run_until(app, lambda: not battle.replay_queue and not battle.busy, 400)


def quiet_move(game):
    """A move that rolls no die and reveals no enemy, so it may be taken back."""
    from siege.scenario.build import replay_game

    for uid in ("ming_guns", "joseon_archers", "ming_south_corps"):
        for h in sorted(game.reachable(uid)):
            trial = replay_game(game.scenario, game.seed, list(game.orders), game.state.map)
            trial.apply(Move(uid, h.offset))
            if trial.can_undo():
                return uid, h.offset
    raise AssertionError("no quiet move in the minimal scenario")


def test_undo(app, minimal_scenario):
    battle = open_battle(app, minimal_scenario)
    pass_handover(app)
    to_phase(app, battle, "movement")
    before = battle.game.state_hash()
    uid, to = quiet_move(battle.game)
    start = battle.game.unit(uid).hex.offset
    click(app, screen_pos(battle, start))
    click(app, screen_pos(battle, to))
    assert battle.game.unit(uid).hex.offset == to
    key(app, pygame.K_u)
    assert battle.game.state_hash() == before
    assert battle.game.unit(uid).hex.offset == start
    click(app, screen_pos(battle, start))
    click(app, screen_pos(battle, to))
    assert battle.game.state_hash() != before
    key(app, pygame.K_z, pygame.KMOD_CTRL)
    assert battle.game.state_hash() == before


def test_undo_refused_after_the_enemy_is_seen(app, minimal_scenario):
    battle = open_battle(app, minimal_scenario)
    pass_handover(app)
    to_phase(app, battle, "movement")
    click(app, screen_pos(battle, (4, 7)))
    click(app, screen_pos(battle, (4, 5)))  # comes in sight of the fort
    after = battle.game.state_hash()
    key(app, pygame.K_u)
    assert battle.game.state_hash() == after
    assert "undo" in battle.status.message or "taken back" in battle.status.message


def test_save_and_load_back_to_the_same_state(app, minimal_scenario, data_dir):
    from siege.ui.app import load_session
    from siege.ui.scenes.menu import LoadList

    battle = open_battle(app, minimal_scenario)
    pass_handover(app)
    to_phase(app, battle, "movement")
    click(app, screen_pos(battle, (4, 7)))
    click(app, screen_pos(battle, (4, 5)))
    key(app, pygame.K_s, pygame.KMOD_CTRL)
    saves = [p for p in (data_dir / "saves").glob("minimal_pyongyang-*.json")]
    assert len(saves) == 1
    restored = load_session(saves[0])
    assert restored.game.state_hash() == battle.game.state_hash()
    assert restored.mode == "hotseat"
    # and through the load screen
    app.push(LoadList(app))
    step(app)
    app.apply(app.top.load_path(saves[0]))
    step(app, 2)
    assert isinstance(app.stack[-1], (Battle, Handover))
    loaded = next(s for s in app.stack if isinstance(s, Battle))
    assert loaded.game.state_hash() == battle.game.state_hash()


def test_autosave_every_turn_never_broken(app, minimal_scenario, data_dir):
    from siege.save import read_save

    battle = open_battle(app, minimal_scenario)
    pass_handover(app)
    key(app, pygame.K_t)
    auto = data_dir / "saves" / "autosave.json"
    assert auto.exists()
    good = read_save(auto)
    # a failing write leaves the good autosave in place
    import siege.ui.autosave as autosave_module

    real = autosave_module.write_save

    def broken(path, save):
        path.write_text("{ half a file")

    autosave_module.write_save = broken
    try:
        assert battle.session.autosave() is False
        assert battle.session.autosave_problem.startswith("autosave failed")
    finally:
        autosave_module.write_save = real
    assert read_save(auto).state_hash == good.state_hash


def test_against_the_computer(app, minimal_scenario):
    app.settings.animation = "fast"
    battle = open_battle(app, minimal_scenario, mode="ai", side="japan")
    assert not battle.session.human_to_move  # the allies move first
    frames_before = len(app.frame_times)
    assert run_until(app, lambda: battle.session.human_to_move, 3000)
    assert len(app.frame_times) > frames_before + 3  # the window kept drawing
    orders = battle.game.orders
    assert sum(isinstance(o, PhaseEnd) for o in orders) >= 4  # the computer's phases ended
    assert battle.game.active_side == "japan"
    assert not isinstance(app.top, Handover)  # no handover against the AI


def test_computer_animation_can_be_skipped(app, minimal_scenario):
    app.settings.animation = "slow"
    battle = open_battle(app, minimal_scenario, mode="ai", side="japan")
    battle.session.fog = False  # every march animates, whether the garrison sees it or not
    assert run_until(app, lambda: bool(battle.animator.anims), 3000)
    key(app, pygame.K_SPACE)
    step(app)
    assert not battle.animator.anims
    assert run_until(app, lambda: battle.session.human_to_move, 3000)


def test_help_and_quit_confirmation(app, minimal_scenario):
    from siege.ui.scenes.dialogs import Confirm
    from siege.ui.scenes.help import Help

    battle = open_battle(app, minimal_scenario)
    pass_handover(app)
    key(app, pygame.K_F1)
    assert isinstance(app.top, Help)
    key(app, pygame.K_ESCAPE)
    assert app.top is battle
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    step(app)
    assert isinstance(app.top, Confirm) and app.running
    key(app, pygame.K_ESCAPE)
    assert app.top is battle and app.running


def test_game_menu_back_to_the_main_menu(app, minimal_scenario):
    import pygame_gui

    from siege.ui import paths
    from siege.ui.scenes.dialogs import Confirm, GameMenu
    from siege.ui.scenes.menu import MainMenu

    battle = open_battle(app, minimal_scenario)
    pass_handover(app)
    assert paths.running_marker().exists()
    key(app, pygame.K_ESCAPE)
    menu = app.top
    assert isinstance(menu, GameMenu)
    leave = next(b for b, k in menu.buttons.items() if k == "menu")
    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=leave))
    step(app)
    confirm = app.top
    assert isinstance(confirm, Confirm)
    yes = next(b for b, fn in confirm.buttons.items() if fn is not None)
    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=yes))
    step(app)
    assert isinstance(app.top, MainMenu) and battle not in app.stack
    assert not paths.running_marker().exists()


def test_a_loaded_hotseat_game_shows_each_side_only_what_it_saw(app, minimal_scenario, data_dir):
    """A march out of the enemy's sight stays hidden from him after Ctrl+S and Menu → Load:
    the loaded game replays its orders and records again who saw what."""
    from siege.ui.scenes.menu import LoadList

    battle = open_battle(app, minimal_scenario)
    pass_handover(app)
    to_phase(app, battle, "movement")
    game = battle.game
    mover, watcher = game.active_side, game.state.enemy_of(game.active_side)
    unseen = game.seat(watcher).visible()
    hidden = next(
        (uid, h)
        for uid in [u.id for u in game.seat(mover).units()]
        for h in sorted(game.seat(mover).reachable(uid))
        if game.unit(uid).hex not in unseen
        and h not in unseen
        and all(p not in unseen for p in game.seat(mover).path(uid, h.offset))
    )
    uid, to = hidden
    assert battle.give(Move(uid, to.offset))
    assert game.unit(uid).hex == to
    marches = [r for r in game.record if isinstance(r.event, UnitMoved) and r.event.unit == uid]
    assert marches and watcher not in marches[-1].seen_by
    key(app, pygame.K_s, pygame.KMOD_CTRL)
    saves = list((data_dir / "saves").glob("minimal_pyongyang-*.json"))
    app.push(LoadList(app))
    step(app)
    app.apply(app.top.load_path(saves[0]))
    step(app, 2)
    loaded = next(s for s in reversed(app.stack) if isinstance(s, Battle))
    assert loaded is not battle
    theirs = loaded.session.log_for(watcher)
    assert not any(isinstance(r.event, UnitMoved) and r.event.unit == uid for r in theirs)
    assert [r.event for r in theirs] == [r.event for r in battle.session.log_for(watcher)]
    ours = loaded.session.log_for(mover)
    assert any(isinstance(r.event, UnitMoved) and r.event.unit == uid for r in ours)


def test_the_field_battle_plays_in_the_window_against_the_computer(app):
    """Chungju, as Joseon: the computer's Japan comes on (it marches), and two turns end in the
    window with the battle still running."""
    from siege.scenario.validate import load_scenario

    path = MINIMAL.parent.parent / "chungju_1592.yaml"
    scenario = load_scenario(path)
    session = Session.new(scenario, path, "ai", "joseon", seed=3)
    battle = Battle(app, session)
    app.push(battle)
    step(app, 2)
    assert run_until(app, lambda: battle.session.human_to_move, 5000)
    japan_moved = [o for o in battle.game.orders if isinstance(o, Move)]
    assert japan_moved  # the attacker attacks: Japan marches on its first turn
    start_turn = battle.game.state.turn
    for _ in range(2):
        while battle.session.human_to_move:
            key(app, pygame.K_e)
            step(app)
        assert run_until(app, lambda: battle.session.human_to_move or battle.game.state.ended, 5000)
    assert battle.game.state.turn >= start_turn + 2
    assert isinstance(app.top, Battle)
