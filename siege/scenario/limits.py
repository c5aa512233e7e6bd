"""The limits a scenario or a save must keep, in one place (docs/MODDING.md lists them).

Every number that sizes the game's work has an upper bound, so whatever validates also plays,
draws and ends in reasonable time and memory. The schema, the loader and the checks read these.
"""

from __future__ import annotations

# the file
MAX_FILE_BYTES = 2_000_000  # a scenario or a base file
MAX_NODES = 200_000  # values after alias and merge-key expansion
MAX_TEXT_CHARS = 4_000_000  # characters of text after alias expansion
MAX_DEPTH = 40  # nesting of mappings and lists
MAX_NUMBER_DIGITS = 100  # digits in one written number
MAX_EXTENDS_CHAIN = 8  # variants extending variants

# text
MAX_NAME_CHARS = 120  # names, titles, labels: one line
MAX_LABEL_SHIFT = 20.0  # hexes a label may be nudged from where the game puts it
MAX_PROSE_CHARS = 20_000  # descriptions, briefings, notes, event texts
MAX_TERRAIN_CHARS = 100_000  # the terrain rows (a 200 x 200 map and its spaces)

# the map and the clock
MAX_MAP_SIDE = 200  # hexes across and down
MAX_COORD = 1_000_000  # a written position (off the map is reported by the checks)
MAX_BATTLE_DAYS = 31  # from calendar.start to calendar.end
MAX_TURNS = 2_000  # turns the calendar may hold
MIN_YEAR, MAX_YEAR = 1, 9_000  # calendar years

# work per order and per turn
MAX_SIGHT = 30  # hexes seen
MAX_RANGE = 30  # hexes a weapon reaches
MAX_RADIUS = 30  # leader command and ability radius
MAX_MOVE_POINTS = 50.0  # movement points of a unit type
MAX_MOVE_COST = 100.0  # movement points to enter a hex
MAX_MEN = 100_000  # men in one unit
MAX_GUNS = 10_000  # guns in one unit
MAX_TOTAL = 10_000_000  # declared totals, losses, thresholds
MAX_POINTS = 1_000_000.0  # victory points, margins, damage points
MAX_LETHALITY = 1_000.0  # men hit per 100 firers (or per gun) per volley
MAX_MELEE = 100.0  # assault strength per man
MAX_FACTOR = 10.0  # multipliers and bonuses
MAX_MODIFIER = 12  # morale modifiers (2d6 checks)
MAX_USES = 100  # uses of a leader's ability
MAX_VOLLEYS = 1_000  # volleys a weapon carries

# lists
MAX_UNITS = 2_000
MAX_ENTRIES = 500  # leaders, events, gates, works, roads, labels, ...
MAX_TYPES = 100  # terrain types, weapons, unit types

# saves and settings
MAX_SAVE_BYTES = 20_000_000
MAX_SAVE_DEPTH = 20  # JSON nesting in a save
MAX_ORDERS = 100_000  # orders in one save
MAX_SEED = 2**63 - 1
MAX_SETTINGS_BYTES = 64_000
