"""Events played as animation on the board: marches hex by hex, volleys, clashes, flames, broken
gates. Enemy events are shown only where the viewer's side could see them (the events come
from the viewer's seat); with the fog off, everything."""

from __future__ import annotations

from siege.engine.events import (
    AssaultResolved,
    Event,
    GateBroken,
    HexIgnited,
    IceBroke,
    UnitEntered,
    UnitMoved,
    UnitRetreated,
    VolleyResolved,
    WallBreached,
    WorksDamaged,
)
from siege.engine.hexes import Hex
from siege.ui import palette as P
from siege.ui.render.board import Sprite

# The events the board animates: what a recap or a hot-seat handover may offer to replay.
ANIMATED = (
    UnitMoved,
    UnitRetreated,
    VolleyResolved,
    AssaultResolved,
    GateBroken,
    WallBreached,
    HexIgnited,
    IceBroke,
    WorksDamaged,
    UnitEntered,
)


class MoveAnimation:
    """One unit's march along its path, `per_hex` seconds a hex from `start`; hidden in hexes
    outside `visible` when the viewer may not see it there."""

    def __init__(
        self,
        unit: str,
        points: list[tuple[float, float]],
        hexes: list[Hex],
        start: float,
        per_hex: float,
        visible: set[Hex] | None,
    ) -> None:
        self.unit = unit
        self.points = points
        self.hexes = hexes
        self.start = start
        self.per_hex = per_hex
        self.visible = visible

    @property
    def end(self) -> float:
        return self.start + self.per_hex * max(0, len(self.points) - 1)

    def position(self, now: float) -> tuple[tuple[float, float], Hex] | None:
        if now < self.start:
            return None
        if self.per_hex <= 0 or len(self.points) < 2:
            return self.points[-1], self.hexes[-1]
        t = (now - self.start) / self.per_hex
        i = min(int(t), len(self.points) - 2)
        f = min(1.0, t - i)
        (ax, ay), (bx, by) = self.points[i], self.points[i + 1]
        return (ax + (bx - ax) * f, ay + (by - ay) * f), self.hexes[i + (1 if f > 0.5 else 0)]


class Animator:
    """Keeps the marches and effects under way and says when the board is still playing."""

    def __init__(self, battle) -> None:
        self.battle = battle
        self.anims: list[MoveAnimation] = []
        self.busy_until = 0.0
        self.skip = False  # space or a click: show the result at once
        self.seconds_per_hex: float | None = None  # the settings' speed unless set (a replay)

    @property
    def playing(self) -> bool:
        return bool(self.anims) or self.battle.app.now < self.busy_until

    def only_own_marches(self) -> bool:
        """Every march under way is one of the viewer's own units (the player may go on)."""
        seat = self.battle.seat
        return all(seat.owns(a.unit) for a in self.anims)

    def clear(self) -> None:
        self.anims.clear()
        self.battle.board.moving.clear()

    def animate(self, events: list[Event], replay_for: str | None = None) -> None:
        """Turn events into sprites and sounds, one after another."""
        battle = self.battle
        app, session, board = battle.app, battle.session, battle.board
        app.sound.play_events(events, battle.weapon_kinds)
        per_hex = (
            app.settings.seconds_per_hex if self.seconds_per_hex is None else self.seconds_per_hex
        )
        if self.skip or per_hex <= 0:
            return  # skipped, or animation turned off: the board simply shows the result
        layout = board.layout
        now = max(app.now, self.busy_until)
        fog = session.fog
        seat = session.seat(replay_for or session.viewer)
        visible = seat.visible() if fog else None
        ref = session.game.state

        def flash(hexes: list[Hex], colour, seconds: float) -> None:
            board.sprites.append(Sprite("flash", now, seconds, hexes=hexes, colour=colour))

        def caption(at: Hex, text: str, colour, delay: float, seconds: float) -> None:
            board.sprites.append(
                Sprite(
                    "text",
                    now + delay,
                    seconds,
                    points=[layout.centre(at)],
                    text=text,
                    colour=colour,
                )
            )

        for e in events:
            if isinstance(e, (UnitMoved, UnitRetreated)) and len(e.path) >= 2:
                hexes = [Hex.from_offset(*p) for p in e.path]
                theirs = not seat.owns(e.unit)
                if visible is not None and theirs and not any(h in visible for h in hexes):
                    continue
                pts = [layout.centre(h) for h in hexes]
                anim = MoveAnimation(e.unit, pts, hexes, now, per_hex, visible if theirs else None)
                self.anims.append(anim)
                now = anim.end
            elif isinstance(e, VolleyResolved):
                target = Hex.from_offset(*e.target)
                if visible is None:
                    u = ref.units.get(e.unit)
                    shooter = u.hex if u is not None else None
                elif seat.owns(e.unit):
                    shooter = seat.unit(e.unit).hex
                else:
                    seen = seat.seen_enemy(e.unit)
                    shooter = seen.hex if seen is not None else None
                if shooter is None and visible is not None and target not in visible:
                    continue
                if shooter is not None:  # (a hidden shooter's volley is seen where it lands)
                    points = [layout.centre(shooter), layout.centre(target)]
                    board.sprites.append(
                        Sprite("shot", now, 0.5, points=points, colour=(250, 230, 150))
                    )
                caption(target, f"-{e.hits}", P.HIGHLIGHT_TARGET, 0.25, 0.9)
                now += 0.35
            elif isinstance(e, AssaultResolved):
                target = Hex.from_offset(*e.target)
                if (
                    visible is not None
                    and target not in visible
                    and not any(seat.owns(a) for a in e.attackers)
                ):
                    continue  # a fight the viewer could not see
                board.sprites.append(
                    Sprite("clash", now, 0.7, points=[layout.centre(target)], colour=(230, 60, 40))
                )
                caption(target, e.result, P.INK, 0.3, 1.0)
                now += 0.6
            elif isinstance(e, (HexIgnited, IceBroke)):
                colour = P.FLAME if isinstance(e, HexIgnited) else P.WATER_OPEN
                flash([Hex.from_offset(*e.hex)], colour, 0.8)
            elif isinstance(e, (GateBroken, WallBreached)):
                if isinstance(e, GateBroken):
                    gate = seat.map.gates.get(e.gate)
                    hexes = list(gate.edge) if gate else []
                else:
                    hexes = [Hex.from_offset(*p) for p in e.edge]
                flash(hexes, (40, 30, 20), 1.0)
                if hexes:
                    text = "breach!" if isinstance(e, WallBreached) else "gate broken!"
                    caption(hexes[0], text, P.HIGHLIGHT_TARGET, 0.0, 1.4)
                now += 0.5
            elif isinstance(e, WorksDamaged):
                flash([Hex.from_offset(*p) for p in e.edge], (120, 100, 80), 0.5)
                now += 0.25
            elif isinstance(e, UnitEntered):
                at = Hex.from_offset(*e.at)
                if visible is not None and not seat.owns(e.unit) and at not in visible:
                    continue  # reinforcements arriving out of the viewer's sight
                flash([at], P.HIGHLIGHT_TARGET, 0.8)
                caption(at, "arrives", P.INK, 0.0, 1.2)
                now += 0.4
        self.busy_until = max(self.busy_until, now)

    def advance(self) -> None:
        """Place the marching units for this frame; drop finished marches."""
        now = self.battle.app.now
        board = self.battle.board
        board.moving.clear()
        keep = [a for a in self.anims if not self.skip and now < a.end]
        hidden: set[str] = set()
        waiting = []
        for a in keep:
            pos = a.position(now)
            if pos is None:
                waiting.append(a)
                continue
            (x, y), h = pos
            if a.visible is not None and h not in a.visible:
                hidden.add(a.unit)
                continue
            board.moving[a.unit] = (x, y)
        for a in waiting:  # waiting for its turn to move: stays where it started
            if a.unit not in board.moving:
                board.moving.setdefault(a.unit, a.points[0])
                hidden.discard(a.unit)
        board.hidden_units = hidden
        self.anims = keep
        if self.skip:
            self.busy_until = now
            board.sprites.clear()
