"""What the map says under the mouse: with a unit selected, the odds of the order a click would
give (fire with its flames, assault, bombard) or why it is refused; otherwise, after a moment,
the hex itself (terrain, walls, fire, objective, the units there the viewer may see)."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from siege.engine.hexes import DIRECTIONS, Hex, edge_key
from siege.engine.orders import Assault, Bombardment, Volley
from siege.ui import explain, fonts
from siege.ui import palette as P

HOVER_DELAY = 0.35  # seconds on a hex before its details show


class Tooltips:
    def __init__(self, battle) -> None:
        self.battle = battle
        self.preview: tuple | None = (
            None  # ("volley", odds, order) / ("assault", ...) / ("bombardment", ...) /
        )
        #                      ("refused", reason, None)
        self.fire_effect: explain.FireEffect | None = None  # with a fire preview, the flames
        self._cache: tuple | None = None

    # ------------------------------------------------------------------ what a click would do

    def update(self, pos) -> None:
        """The preview of the order a click at `pos` would give the selected unit."""
        b = self.battle
        hl = b.hl
        self.preview = None
        self.fire_effect = None
        hl.hover_edge = None
        hl.aim = None
        if not b.selected or not b.session.human_to_move:
            return
        h = b.board.hex_at_screen(*pos) if pos else None
        if h is None:
            return
        s = b.seat
        uid = b.selected[0]
        if not s.owns(uid) or not s.unit(uid).on_map:
            return
        if s.phase == "fire":
            if b.enemy_visible_at(h):
                self._fire(uid, h)
            else:
                self._bombard(uid, h, pos)
        elif s.phase == "assault" and b.enemy_visible_at(h):
            ids = tuple(u for u in b.selected if s.unit(u).hex.distance(h) == 1) or tuple(
                b.selected
            )
            odds = s.preview_assault(ids, h.offset)
            hl.aim = h
            if odds is None:
                self.preview = ("refused", s.check(Assault(ids, h.offset)), None)
            else:
                self.preview = ("assault", odds, Assault(ids, h.offset))
                if b.coach is not None:
                    b.coach.saw_preview("assault", uid)

    def _fire(self, uid: str, h: Hex) -> None:
        b = self.battle
        s = b.seat
        odds = s.preview_fire(uid, h.offset)
        b.hl.aim = h
        if odds is None:
            self.preview = ("refused", s.check(Volley(uid, h.offset)), None)
            return
        self.preview = ("volley", odds, Volley(uid, h.offset))
        self.fire_effect = explain.fire_effect(s, odds.weapon, h, odds.target_men)
        if b.coach is not None:
            b.coach.saw_preview("fire", uid)

    def _bombard(self, uid: str, h: Hex, pos) -> None:
        """Near a wall edge with guns: the damage a bombardment of it would do."""
        b = self.battle
        s = b.seat
        unit = s.unit(uid)
        if not s.weapons(unit.id) or unit.guns <= 0:
            return
        mx, my = b.board.screen_to_map(*pos)
        d, dist = b.board.layout.nearest_edge(h, mx, my)
        if dist >= b.board.size * 0.45:
            return
        key = edge_key(h, h.neighbour(d))
        if key not in s.map.walls:
            return
        order = Bombardment(uid, h.offset, DIRECTIONS[d])
        reason = s.check(order)
        b.hl.hover_edge = key
        if reason is not None:
            self.preview = ("refused", reason, None)
            return
        near = min(key, key=lambda x: x.distance(unit.hex))
        weapon, dmg = s.preview_bombardment(uid, near)
        gate = s.map.gate_at_edge.get(key)
        if gate:
            left = s.gate_damage.get(gate, 0.0)
            what = s.map.gates[gate].name
        else:
            left = s.wall_damage.get(key, s.map.walls[key].strength)
            what = s.map.walls[key].name
        self.preview = ("bombardment", (what, dmg, left, weapon), order)

    # ------------------------------------------------------------------ drawing

    def draw(self, screen: pygame.Surface, hover: Hex | None, since: float, dragging: bool) -> None:
        b = self.battle
        if self.preview is not None:
            self._draw_preview(screen, self.preview)
        elif hover is not None and b.app.now - since > HOVER_DELAY and not dragging:
            self._draw_hex(screen, hover)

    def _draw_preview(self, screen, preview: tuple) -> None:
        kind, data, _order = preview
        mouse = self.battle.input.mouse
        key = (
            "preview",
            kind,
            id(data),
            self.battle.session.revision,
            mouse if kind == "refused" else 0,
        )
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, self._build_preview(kind, data))
        surf = self._cache[1]
        area = self.battle.map_rect
        rect = surf.get_rect(topleft=(mouse[0] + 18, mouse[1] + 18))
        if rect.right > area.right - 4:
            rect.right = mouse[0] - 12
        if rect.bottom > area.bottom - 4:
            rect.bottom = mouse[1] - 12
        rect.clamp_ip(area)
        screen.blit(surf, rect)

    def _build_preview(self, kind, data) -> pygame.Surface:
        T, D = P.UI_TEXT, P.UI_DIM
        f, b = fonts.ui(13), fonts.bold(13)
        if kind == "refused":
            return panel([(str(data), T, f)], "Not possible", (200, 90, 70))
        if kind == "volley":
            odds = data
            lines = [
                (f"{odds.weapon.name}: {odds.firers:,} firing at {odds.target_men:,} men", T, f),
                (f"expected hits: {odds.expected:.0f}  (2d6: 7 = as expected)", T, b),
            ]
            effect = self.fire_effect
            if effect is not None:
                lines += [
                    (f"sets the hex alight: {effect.chance:.0%} chance", P.FLAME_CORE, b),
                    (
                        f"   if it catches, ~{effect.burned_if_caught:,} burned under the "
                        f"roofs (then it spreads downwind)",
                        P.FLAME_CORE,
                        f,
                    ),
                    (f"expected burned: {effect.expected_burned:,.0f}", P.FLAME_CORE, b),
                ]
            for name, value in odds.modifiers:
                lines.append((f"   {name}  ×{value:.2f}", D, f))
            if odds.morale_risk:
                risk = odds.morale_risk
                lines.append(("target's morale:", T, f))
                for k in ("no check", "holds", "shaken or worse", "routed"):
                    if k in risk:
                        c = (
                            P.MORALE["routed"]
                            if k == "routed"
                            else (P.MORALE["wavering"] if k.startswith("shaken") else D)
                        )
                        lines.append((f"   {k}: {risk[k]:.0%}", c, f))
            lines.append(("click to fire", P.UI_ACCENT, b))
            return panel(lines, "Fire")
        if kind == "assault":
            odds = data
            ch = odds.chances
            lines = [
                (f"attack {odds.attack:,.0f}  vs  defence {odds.defence:,.0f}", T, f),
                (
                    f"taken {ch.get('taken', 0):.0%}   held {ch.get('held', 0):.0%}   "
                    f"repulsed {ch.get('repulsed', 0):.0%}",
                    T,
                    b,
                ),
                (
                    f"expected losses: ours ~{odds.attacker_loss:,.0f}, "
                    f"theirs ~{odds.defender_loss:,.0f}",
                    T,
                    f,
                ),
            ]
            if odds.escalading:
                lines.append(
                    (f"{len(odds.escalading)} unit(s) climbing ladders", P.MORALE["wavering"], f)
                )
            for name, value in odds.modifiers:
                lines.append((f"   {name}  ×{value:.2f}", D, f))
            lines.append(("shift+click your units to add them; click to assault", P.UI_ACCENT, b))
            return panel(lines, "Assault")
        if kind == "bombardment":
            what, dmg, left, weapon = data
            lines = [
                (f"{what}: {left:.0f} damage points left", T, f),
                (f"expected damage: {dmg:.1f}" + (f" ({weapon.name})" if weapon else ""), T, b),
                ("click to bombard", P.UI_ACCENT, b),
            ]
            return panel(lines, "Bombardment")
        return panel([("?", T, f)])

    def _draw_hex(self, screen, h: Hex) -> None:
        """Hex and unit details in the map's lower-left corner, out of the way of the action."""
        b = self.battle
        key = ("hex", h, b.session.revision)
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, self._build_hex(h))
        surf = self._cache[1]
        area = b.map_rect
        rect = surf.get_rect(bottomleft=(area.x + 8, area.bottom - 8))
        status = b.status.rect
        if status is not None and rect.colliderect(status):
            rect.bottom = status.top - 6  # the message stays readable
        if rect.collidepoint(b.input.mouse):
            rect.bottomleft = (area.x + 8, area.y + 8 + rect.h)
        screen.blit(surf, rect)

    def _build_hex(self, h: Hex) -> pygame.Surface:
        b = self.battle
        s, session = b.seat, b.session
        m = s.map
        T, D = P.UI_TEXT, P.UI_DIM
        f, bf = fonts.ui(13), fonts.bold(13)
        terrain = m.terrain_at(h)
        lines = [(f"[{h.col}, {h.r}]  elevation {m.elevation_of[h]:g} m", D, f)]
        extra = []
        if terrain.cover:
            extra.append(f"cover {terrain.cover:.0%}")
        if m.work_cover.get(h):
            extra.append(f"works +{m.work_cover[h]:.0%}")
        if extra:
            lines.append(("; ".join(extra), T, f))
        if m.water[h.r, h.col]:
            cm = s.ice_cm(h)
            thin = " — too thin to cross" if cm < s.scenario.rules.ice_min_cm else ""
            lines.append((f"ice {cm:.0f} cm{thin}", (170, 200, 230), bf))
        for work in s.scenario.map.works:
            if list(h.offset) in [list(p) for p in work.hexes]:
                lines.append((work.name, T, f))
        walls = []
        for n in h.neighbours():
            key = edge_key(h, n)
            wall = m.walls.get(key)
            if wall is None:
                continue
            gate = m.gate_at_edge.get(key)
            if gate:
                walls.append(f"{m.gates[gate].name}: {s.gates.get(gate)}")
            elif key in s.breaches:
                walls.append(f"{wall.name}: breached")
            else:
                walls.append(f"{wall.name} ({wall.height_m:g} m)")
        for w in sorted(set(walls)):
            lines.append((w, T, f))
        if h in s.fires:
            lines.append((f"burning ({s.fires[h]} more turns)", P.FLAME, bf))
        elif h in s.burned_out:
            lines.append(("burned out", D, f))
        elif m.flammable[h.r, h.col]:
            lines.append(("flammable", D, f))
        if h in m.exits:
            _exit_id, sides = m.exits[h]
            lines.append((f"exit for {', '.join(session.side_name(x) for x in sides)}", T, f))
        for obj in s.scenario.objectives:
            if any(tuple(p) == h.offset for p in obj.hexes):
                holder = s.objectives.get(obj.id)
                who = session.side_name(holder) if holder else "nobody"
                lines.append((f"objective: {obj.name} ({who})", P.UI_ACCENT, f))
        if session.fog and h not in session.view().visible:
            lines.append(("out of sight", D, f))
        if session.fog:  # through the viewer's seat: own men, and enemies in sight
            types = {t.id: t.name for t in s.scenario.unit_types}
            for u in s.units_at(h):
                lines.append(
                    (f"{u.name}: {u.strength:,} {u.type.name}, {u.morale}", P.UI_ACCENT, bf)
                )
            for e in s.enemies_at(h):
                lines.append(
                    (
                        f"{e.name}: about {e.strength:,} {types.get(e.type, e.type)}, {e.morale}",
                        P.UI_ACCENT,
                        bf,
                    )
                )
        else:
            for u in session.game.state.units_at(h):
                lines.append(
                    (f"{u.name}: {u.strength:,} {u.type.name}, {u.morale}", P.UI_ACCENT, bf)
                )
        return panel(lines, terrain.name.capitalize())


def panel(
    lines: Sequence[tuple[str, tuple[int, ...], pygame.font.Font]],
    title: str | None = None,
    colour=P.UI_ACCENT,
) -> pygame.Surface:
    """Lines of (text, colour, font) on a dark, framed panel, with an optional title."""
    rendered = []
    if title:
        rendered.append(fonts.bold(14).render(title, True, colour))
    for text, c, font in lines:
        rendered.append(font.render(text, True, c))
    w = max(r.get_width() for r in rendered) + 20
    h = sum(r.get_height() + 2 for r in rendered) + 14
    surf = pygame.Surface((w, h), pygame.SRCALPHA)
    surf.fill((34, 28, 22, 236))
    pygame.draw.rect(surf, colour, surf.get_rect(), 1)
    y = 7
    for r in rendered:
        surf.blit(r, (10, y))
        y += r.get_height() + 2
    return surf
