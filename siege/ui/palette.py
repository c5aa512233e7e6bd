"""The ink-map palette: paper, inks and washes. Colours are (r, g, b)."""

from __future__ import annotations

PAPER = (236, 226, 200)
PAPER_DARK = (222, 208, 176)
INK = (58, 44, 32)
INK_SOFT = (110, 92, 70)
GRID = (196, 180, 148)

FIELD = (229, 217, 178)
FIELD_LINE = (200, 184, 140)
OPEN = (234, 225, 197)
WOODS = (178, 184, 146)
WOODS_INK = (92, 104, 70)
HILL_LOW = (214, 196, 150)
HILL_HIGH = (176, 146, 102)
HACHURE = (120, 92, 60)
URBAN = (214, 198, 168)
ROOF = (138, 112, 92)
ROOF_LIGHT = (172, 146, 120)
LANE = (228, 214, 186)
SQUARE = (226, 214, 186)
FORT_GROUND = (206, 182, 140)
CLIFF = (120, 100, 80)
BANK = (226, 218, 190)
ICE_THICK = (222, 232, 234)
ICE_THIN = (160, 186, 200)
WATER_OPEN = (96, 128, 152)
ICE_CRACK = (140, 166, 182)
ROAD = (160, 120, 80)
WALL_STONE = (70, 58, 50)
WALL_EARTH = (122, 88, 56)
WALL_PALISADE = (96, 70, 46)
FORT_HATCH = (150, 60, 44)
GATE_BARRED = (150, 40, 30)
GATE_CLOSED = (196, 120, 40)
GATE_OPEN = (70, 130, 70)
GATE_BROKEN = (30, 30, 30)
FLAME = (232, 96, 32)
FLAME_CORE = (250, 200, 80)
SMOKE = (90, 84, 80)
ASH = (150, 140, 130)
NIGHT_MULT = (128, 136, 178)  # multiplied into the map at night

HIGHLIGHT_MOVE = (70, 120, 190)
HIGHLIGHT_PATH = (30, 60, 140)
HIGHLIGHT_TARGET = (190, 40, 30)
SELECT = (250, 210, 60)

MORALE = {
    "steady": (70, 150, 70),
    "shaken": (230, 190, 50),
    "wavering": (230, 120, 40),
    "routed": (200, 40, 30),
}

UI_BG = (40, 34, 28)
UI_PANEL = (56, 47, 38)
UI_TEXT = (236, 226, 200)
UI_DIM = (170, 156, 130)
UI_ACCENT = (214, 170, 90)
HANDOVER = (46, 38, 31)


def lerp(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    t = max(0.0, min(1.0, t))
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def hex_to_rgb(text: str) -> tuple[int, int, int]:
    text = text.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def luminance(c: tuple[int, int, int]) -> float:
    return (0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]) / 255.0


def ink_on(c: tuple[int, int, int]) -> tuple[int, int, int]:
    """Dark ink on light colours, paper on dark ones."""
    return INK if luminance(c) > 0.55 else (248, 240, 222)


def darker(c: tuple[int, int, int], f: float = 0.7) -> tuple[int, int, int]:
    return tuple(int(x * f) for x in c)  # type: ignore[return-value]
