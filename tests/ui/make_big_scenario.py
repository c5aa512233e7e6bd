"""Writes tests/ui/data/big_siege.yaml: a synthetic Pyongyang-sized battle (48 x 44 hexes, ~100
units) for the UI's screenshot and frame-time tests, independent of the real scenario file.

Run `python tests/ui/make_big_scenario.py` to regenerate it. The ground is drawn roughly like the
real one: a walled city in a bend of a frozen river (east and south), a stream on the west, a
high hill at the north end with a fort inside the north gate, allied camps to the north.
"""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from siege.engine.hexes import DIRECTIONS, Hex  # noqa: E402

W, H = 48, 44


def build_rows() -> list[list[str]]:
    rng = random.Random(7)
    rows = [["." for _ in range(W)] for _ in range(H)]
    cx, cy = 24.0, 21.0
    for r in range(H):
        for c in range(W):
            x = c + (0.5 if r & 1 else 0.0)
            # fields on the plain, woods on the western rise
            if rng.random() < 0.18:
                rows[r][c] = "f"
            if x < 8 and r < 20 and rng.random() < 0.45:
                rows[r][c] = "w"
            # the river: east and south of the city, a bend
            d_east = x - (36 + 3 * math.sin(r / 7.0))
            d_south = r - (34 + 2 * math.sin(x / 6.0))
            if (0 <= d_east < 5 and r < 36) or (0 <= d_south < 4 and x > 6):
                rows[r][c] = "~"
            elif (d_east >= 5 and r < 36) or (d_south >= 4 and x > 6):
                rows[r][c] = "b" if rng.random() < 0.7 else "f"
            # the Botong stream on the west
            if abs(x - (11 + 1.5 * math.sin(r / 5.0))) < 0.6 and r < 36:
                rows[r][c] = "s"
    for r in range(H):
        for c in range(W):
            x = c + (0.5 if r & 1 else 0.0)
            # the walled city: an irregular ellipse
            if ((x - cx) / 10.5) ** 2 + ((r - cy) / 11.0) ** 2 < 1.0 and rows[r][c] not in "~s":
                rows[r][c] = "C"
            # Moranbong: a hill at the north end
            dm = math.hypot(x - 30, (r - 8) * 1.1)
            if dm < 3.2:
                rows[r][c] = "M"
            elif dm < 5.5 and rows[r][c] not in "C~":
                rows[r][c] = "h"
            if math.hypot(x - 17, r - 5) < 2.5 and rows[r][c] == ".":
                rows[r][c] = "h"
    # the northern fort: on the high ground just inside the north wall
    for c, r in [(26, 11), (27, 11), (25, 12), (26, 12), (27, 12), (26, 13)]:
        rows[r][c] = "F"
    # lanes inside: some open squares and a market
    for c, r in [(22, 20), (23, 20), (24, 22)]:
        rows[r][c] = "P"
    return rows


def wall_edges(rows: list[list[str]], inside: str) -> list[tuple[tuple[int, int], str]]:
    out = []
    for r in range(H):
        for c in range(W):
            if rows[r][c] not in inside:
                continue
            h = Hex.from_offset(c, r)
            for d, name in enumerate(DIRECTIONS):
                n = h.neighbour(d)
                nc, nr = n.offset
                if 0 <= nc < W and 0 <= nr < H and rows[nr][nc] not in inside:
                    out.append(((c, r), name))
    return out


def main() -> None:
    rows = build_rows()
    edges = wall_edges(rows, "CFP")

    def gate_near(tx: float, ty: float, want: tuple[str, ...]) -> tuple[tuple[int, int], str]:
        cands = [e for e in edges if e[1] in want]
        return min(cands, key=lambda e: (e[0][0] - tx) ** 2 + (e[0][1] - ty) ** 2)

    gates = {
        "chilseong_gate": ("Chilseong Gate", gate_near(25, 10, ("NW", "NE")), "barred", 60),
        "botong_gate": ("Botong Gate", gate_near(14, 20, ("W",)), "barred", 60),
        "hamgu_gate": ("Hamgu Gate", gate_near(17, 30, ("SW", "SE")), "barred", 60),
        "jeongyang_gate": ("Jeongyang Gate", gate_near(26, 32, ("SW", "SE")), "closed", 50),
        "daedong_gate": ("Daedong Gate", gate_near(34, 22, ("E",)), "barred", 60),
    }
    units: list[str] = []
    taken: dict[tuple[int, int], str] = {}

    def place(uid, name, side, nation, utype, strength, at, leader=None, guns=0, entry=1):
        assert at not in taken, (uid, at, taken[at])
        c, r = at
        assert rows[r][c] not in "~", (uid, at)
        taken[at] = uid
        extra = f"\n    guns: {guns}" if guns else ""
        extra += f"\n    leader: {leader}" if leader else ""
        extra += f"\n    entry_turn: {entry}" if entry > 1 else ""
        units.append(f"""  - id: {uid}
    name: {name}
    side: {side}
    nation: {nation}
    type: {utype}
    strength: {strength}
    at: [{c}, {r}]{extra}""")

    rng = random.Random(3)
    # Japanese: on the walls, in the fort, on Moranbong, a reserve inside
    city = [(c, r) for r in range(H) for c in range(W) if rows[r][c] in "CP"]
    rim = [p for p in city if any(e[0] == p for e in edges)]
    rng.shuffle(rim)
    jtypes = [
        ("arquebusiers", "arquebusiers"),
        ("spearmen", "spearmen"),
        ("arquebusiers", "arquebusiers"),
        ("swordsmen", "samurai"),
    ]
    for n, p in enumerate(rim[:26], start=1):
        t, label = jtypes[(n - 1) % len(jtypes)]
        place(
            f"jp_wall_{n}",
            f"{label.title()} of the wall {n}",
            "japan",
            "nihon",
            t,
            rng.choice([600, 800, 1000]),
            p,
            leader="konishi" if n % 3 else "so_yoshitoshi",
        )
    for i, p in enumerate([(26, 11), (27, 11), (25, 12), (26, 12), (27, 12), (26, 13)]):
        place(
            f"jp_fort_{i + 1}",
            f"Fort garrison {i + 1}",
            "japan",
            "nihon",
            "arquebusiers" if i % 2 == 0 else "spearmen",
            900,
            p,
            leader="konishi",
        )
    mor = [(c, r) for r in range(H) for c in range(W) if rows[r][c] == "M"]
    for i, p in enumerate(mor[:5]):
        place(
            f"jp_moran_{i + 1}",
            f"Moranbong post {i + 1}",
            "japan",
            "nihon",
            "arquebusiers",
            400,
            p,
            leader="matsuura",
        )
    inner = [p for p in city if p not in taken and p not in rim]
    rng.shuffle(inner)
    for i, p in enumerate(inner[:6]):
        place(
            f"jp_reserve_{i + 1}",
            f"Reserve {i + 1}",
            "japan",
            "nihon",
            "cavalry" if i < 2 else "spearmen",
            800,
            p,
            leader="konishi",
        )
    # allies: north camp, west, south-west, and guns
    open_cells = [(c, r) for r in range(H) for c in range(W) if rows[r][c] in ".fh"]

    def ring_spot(tx, ty, k):
        spots = sorted(
            (p for p in open_cells if p not in taken),
            key=lambda p: (p[0] - tx) ** 2 + (p[1] - ty) ** 2,
        )
        return spots[k]

    groups = [
        (
            "yang",
            "Yang Yuan's",
            24,
            3,
            "ming",
            ["cavalry", "spearmen", "arquebusiers", "artillery"],
            12,
        ),
        (
            "zhang",
            "Zhang Shijue's",
            8,
            19,
            "ming",
            ["spearmen", "arquebusiers", "artillery", "cavalry"],
            12,
        ),
        ("li_rubai", "Li Rubai's", 22, 37, "ming", ["arquebusiers", "spearmen", "artillery"], 9),
        ("yi_il", "Yi Il's", 13, 36, "joseon", ["archers", "spearmen", "archers"], 9),
        ("monks", "Hyujeong's", 34, 4, "joseon", ["monks", "monks", "archers"], 7),
    ]
    for gid, label, tx, ty, nation, types, count in groups:
        for k in range(count):
            t = types[k % len(types)]
            spot = ring_spot(tx, ty, 0)
            strength = 500 if t == "artillery" else rng.choice([800, 1000, 1200, 1500])
            leader = {
                "yang": "yang_yuan",
                "zhang": "zhang_shijue",
                "li_rubai": "li_rusong",
                "yi_il": "yi_il",
                "monks": "hyujeong",
            }[gid]
            place(
                f"{gid}_{k + 1}",
                f"{label} {t.replace('_', ' ')} {k + 1}",
                "allied",
                nation,
                t,
                strength,
                spot,
                leader=leader,
                guns=12 if t == "artillery" else 0,
            )

    gate_text = "\n".join(
        f"""    - id: {gid}
      name: {name}
      at: [{at[0]}, {at[1]}]
      side: {side}
      state: {state}
      strength: {strength}"""
        for gid, (name, (at, side), state, strength) in gates.items()
    )
    terrain = "\n".join("    " + "".join(r) for r in rows)
    river = [(c, r) for r in range(H) for c in range(W) if rows[r][c] == "~"]
    thin = [p for p in river if p[1] >= 34 and p[0] > 30][:8]
    camps_n = [p for p in open_cells if p not in taken and 1 <= p[1] <= 2 and 18 <= p[0] <= 30][:6]
    sunan = [(24, r) for r in range(0, 8)]
    road = " ".join(f"[{c}, {r}]," for c, r in sunan).rstrip(",")
    text = f"""# Generated by tests/ui/make_big_scenario.py: a synthetic Pyongyang-sized battle for UI tests.
meta:
  id: ui_big_siege
  title: Synthetic Siege (UI test)
  format: 1
  dates: 6-8 February 1593
  description: A generated walled city in a river bend, for the UI's screenshot tests.

map:
  width: {W}
  height: {H}
  metres_per_hex: 120
  terrain_types:
    - {{code: ".", id: open, name: open ground, move_cost: {{foot: 1, horse: 1, guns: 2}}}}
    - {{code: f, id: fields, name: frozen fields, move_cost: {{foot: 1, horse: 1, guns: 2}}}}
    - {{code: w, id: woods, name: woods, move_cost: {{foot: 2, horse: 3}}, cover: 0.3, blocks_sight: true, flammable: true}}
    - {{code: h, id: hill, name: hill slopes, move_cost: {{foot: 2, horse: 3, guns: 4}}, cover: 0.2, elevation: 35, blocks_sight: true}}
    - {{code: M, id: moranbong, name: Moranbong heights, move_cost: {{foot: 3, horse: 4}}, cover: 0.3, elevation: 90, blocks_sight: true}}
    - {{code: C, id: city, name: city lanes, move_cost: {{foot: 1, horse: 2, guns: 3}}, cover: 0.3, flammable: true, urban: true, blocks_sight: true}}
    - {{code: P, id: square, name: market square, move_cost: {{foot: 1, horse: 1, guns: 2}}, cover: 0.1, urban: true}}
    - {{code: F, id: fort, name: northern fort, move_cost: {{foot: 1, horse: 2, guns: 2}}, cover: 0.5, elevation: 40}}
    - {{code: "~", id: river, name: frozen Daedong, move_cost: {{foot: 2, horse: 3}}, water: true, ice_cm: 30}}
    - {{code: s, id: stream, name: Botong stream, move_cost: {{foot: 2, horse: 3}}, water: true, ice_cm: 18}}
    - {{code: b, id: bank, name: far bank, move_cost: {{foot: 1, horse: 1, guns: 2}}}}
  terrain: |
{terrain}
  enclosures:
    - id: city_wall
      name: the city wall
      kind: stone_wall
      around: [C, F, P]
      height_m: 8
      strength: 150
      loopholes: true
    - id: north_fort
      name: the northern fort
      kind: earthwork
      around: [F]
      height_m: 4
      strength: 80
      loopholes: true
  gates:
{gate_text}
  works:
    - id: moranbong_dugouts
      name: dugouts on Moranbong
      kind: dugouts
      hexes: [{", ".join(f"[{c}, {r}]" for c, r in mor[:6])}]
      cover: 0.2
  ice:
    - hexes: [{", ".join(f"[{c}, {r}]" for c, r in thin)}]
      thickness_cm: 12
  roads:
    - id: sunan_road
      name: the road to Sunan
      path: [{road}]
  exits:
    - id: north_exit
      name: the road to Sunan
      hexes: [[24, 0]]
      sides: [allied]
    - id: hanseong
      name: the road to Hanseong
      hexes: [[{W - 1}, {H - 2}], [{W - 1}, {H - 1}]]
      sides: [japan]
  camps:
    - id: allied_camp
      name: the allied camps
      side: allied
      hexes: [{", ".join(f"[{c}, {r}]" for c, r in camps_n)}]
  labels:
    - {{text: Moranbong, at: [30, 6]}}
    - {{text: Pyongyang, at: [21, 24]}}
    - {{text: Daedong River, at: [38, 38]}}
    - {{text: Botong, at: [9, 30]}}

sides:
  - id: allied
    name: Ming-Joseon allies
    colour: "#b03a2e"
    moves_first: true
    briefing: Storm the city.
    nations:
      - {{id: ming, name: Ming, colour: "#b03a2e"}}
      - {{id: joseon, name: Joseon, colour: "#2e5d9b"}}
    scoring: {{per_1000_enemy_lost: 1}}
  - id: japan
    name: Japanese First Division
    colour: "#f4f1ea"
    nations:
      - {{id: nihon, name: Japan, colour: "#f4f1ea"}}
    scoring: {{per_1000_own_escaped: 2, per_1000_own_lost: -1}}

objectives:
  - id: the_city
    name: Pyongyang
    hexes: [[22, 20], [23, 20], [24, 22]]
    holder: japan
    points: {{allied: 10, japan: 6}}
  - id: the_fort
    name: the northern fort
    hexes: [[26, 12]]
    holder: japan
    points: {{allied: 4, japan: 3}}

victory:
  levels:
    - {{level: decisive, margin: 10}}
    - {{level: marginal, margin: 4}}

weapons:
  - {{id: arquebus, name: arquebus, kind: small_arms, range: 2, effective_range: 1, lethality: 6}}
  - {{id: bow, name: composite bow, kind: bow, range: 3, effective_range: 2, lethality: 4}}
  - {{id: cannon, name: great general cannon, kind: cannon, range: 6, effective_range: 3, lethality: 1.5, per_gun: true, vs_works: 8, sets_fire: 0.1}}

unit_types:
  - {{id: arquebusiers, name: arquebusiers, class: arquebusiers, weapons: [arquebus], melee: 1.0, movement: foot, move_points: 4, morale: 7, quality: veteran}}
  - {{id: spearmen, name: spearmen, class: spearmen, melee: 1.2, movement: foot, move_points: 4, morale: 7, ladders: true}}
  - {{id: swordsmen, name: samurai, class: swordsmen, melee: 1.5, movement: foot, move_points: 4, morale: 8, quality: elite}}
  - {{id: archers, name: archers, class: archers, weapons: [bow], melee: 0.8, movement: foot, move_points: 4, morale: 6, ladders: true}}
  - {{id: monks, name: monk soldiers, class: monks, melee: 1.2, movement: foot, move_points: 4, morale: 8, ladders: true}}
  - {{id: cavalry, name: cavalry, class: cavalry, weapons: [bow], melee: 1.5, movement: horse, move_points: 8, morale: 7}}
  - {{id: artillery, name: artillery, class: artillery, weapons: [cannon], melee: 0.3, movement: guns, move_points: 2, morale: 6}}

leaders:
  - {{id: li_rusong, name: Li Rusong, side: allied, nation: ming, rating: 5, command_radius: 4, unit: li_rubai_1}}
  - {{id: yang_yuan, name: Yang Yuan, side: allied, nation: ming, rating: 3, command_radius: 3, unit: yang_1}}
  - {{id: zhang_shijue, name: Zhang Shijue, side: allied, nation: ming, rating: 3, command_radius: 3, unit: zhang_1}}
  - {{id: yi_il, name: Yi Il, side: allied, nation: joseon, rating: 2, command_radius: 2, unit: yi_il_1}}
  - {{id: hyujeong, name: Hyujeong, side: allied, nation: joseon, rating: 4, command_radius: 3, unit: monks_1}}
  - {{id: konishi, name: Konishi Yukinaga, side: japan, rating: 4, command_radius: 4, unit: jp_fort_4}}
  - {{id: so_yoshitoshi, name: So Yoshitoshi, side: japan, rating: 3, command_radius: 3, unit: jp_wall_3}}
  - {{id: matsuura, name: Matsuura Shigenobu, side: japan, rating: 3, command_radius: 2, unit: jp_moran_1}}

units:
{chr(10).join(units)}

calendar:
  start: 1593-02-08T05:00
  end: 1593-02-09T06:00
  day_turn_minutes: 60
  night_turn_minutes: 120
  sunrise: "07:10"
  sunset: "17:50"
  weather:
    temperature_c: -14
    wind: {{from: E, strength: 1}}

history:
  outcome: The city fell; the garrison slipped away over the ice at night.
  winner: allied
  level: marginal
  sides:
    allied:
      losses: {{killed: 796, wounded: 1492}}
    japan:
      losses: {{killed: 1500, burned: 5000, drowned: 6000}}
      escaped: 2000
"""
    out = HERE / "data" / "big_siege.yaml"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out} ({len(units)} units)")


if __name__ == "__main__":
    main()
