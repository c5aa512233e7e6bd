"""The scenario format (v1) as typed models.

Everything the rules need is data here, so a modder can change a battle, or the rules' own
constants (`rules:`), without touching Python. Unknown keys are errors (`extra="forbid"`), so a
typo is reported instead of silently ignored. Positions on the map are `[col, row]` in the
offset layout the `terrain` rows are written in (row 0 at the top; odd rows shifted half a hex
right, "odd-r"). `python -m siege.scenario.schema` prints the JSON Schema editors can use.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from siege.scenario import limits as L

FORMAT_VERSION = 1

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _plain_text(text: str) -> str:
    """Text the window can draw: no control characters (tabs and line breaks are fine)."""
    bad = _CONTROL.search(text)
    if bad:
        raise ValueError(
            f"holds the control character U+{ord(bad.group()):04X} at character "
            f"{bad.start() + 1}; text may not"
        )
    return text


def _real_datetime(text: str) -> str:
    """A date and time that is on the calendar (no 31 February, no month 13, no year 0)."""
    try:
        when = datetime.strptime(text, "%Y-%m-%dT%H:%M")
    except ValueError:
        raise ValueError(f"{text} is not a real date and time") from None
    if not L.MIN_YEAR <= when.year <= L.MAX_YEAR:
        raise ValueError(f"the year must be between {L.MIN_YEAR} and {L.MAX_YEAR}")
    return text


Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*$",
        max_length=64,
        description="lower_case identifier: letters, digits, underscores",
    ),
]
Name = Annotated[
    str, Field(max_length=L.MAX_NAME_CHARS, description="a short text"), AfterValidator(_plain_text)
]
Prose = Annotated[
    str,
    Field(max_length=L.MAX_PROSE_CHARS, description="text, may span lines"),
    AfterValidator(_plain_text),
]
Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$", description="#rrggbb")]
Coord = Annotated[int, Field(ge=-L.MAX_COORD, le=L.MAX_COORD)]
HexPos = Annotated[tuple[Coord, Coord], Field(description="[col, row] on the map")]
Points = Annotated[float, Field(ge=-L.MAX_POINTS, le=L.MAX_POINTS)]
Factor = Annotated[float, Field(ge=0.0, le=L.MAX_FACTOR)]
Modifier = Annotated[int, Field(ge=-L.MAX_MODIFIER, le=L.MAX_MODIFIER)]
Count = Annotated[int, Field(ge=0, le=L.MAX_TOTAL)]
Turns = Annotated[int, Field(ge=1, le=L.MAX_TURNS)]
Direction = Literal["E", "NE", "NW", "W", "SW", "SE"]
Compass = Literal["N", "NE", "E", "SE", "S", "SW", "W", "NW"]
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
LabelShift = Annotated[float, Field(ge=-L.MAX_LABEL_SHIFT, le=L.MAX_LABEL_SHIFT)]
Clock = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="HH:MM")]
DateTime = Annotated[
    str,
    Field(
        pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]$",
        description="YYYY-MM-DDTHH:MM (local time)",
    ),
    AfterValidator(_real_datetime),
]


@dataclass(frozen=True)
class Ref:
    """Marks a field whose value names an entry elsewhere in the file, as in
    `leader: Annotated[Id, Ref("leaders")]`; one generic check (`checks/references.py`)
    reports every value that names nothing, with a did-you-mean hint.

    `section`: where those entries live, attribute names from the top ("leaders", "map.gates",
    "sides.nations"); `key`: the attribute that names an entry there; `noun`: the word the
    message uses (default: the section's last part, made singular); `within`: a field beside
    this one naming the entry of the section's first part to look in (a unit's `nation` must
    be one of the nations of the unit's `side`)."""

    section: str
    key: str = "id"
    noun: str = ""
    within: str | None = None


SideRef = Annotated[Id, Ref("sides")]
NationRef = Annotated[Id, Ref("sides.nations", within="side")]
UnitTypeRef = Annotated[Id, Ref("unit_types")]
WeaponRef = Annotated[Id, Ref("weapons")]
LeaderRef = Annotated[Id, Ref("leaders")]
UnitRef = Annotated[Id, Ref("units")]
GateRef = Annotated[Id, Ref("map.gates")]
ObjectiveRef = Annotated[Id, Ref("objectives")]
TerrainCodeRef = Annotated[Name, Ref("map.terrain_types", key="code", noun="terrain code")]
TerrainTypeRef = Annotated[Id, Ref("map.terrain_types", noun="terrain type")]
ExitRef = Annotated[Id, Ref("map.exits")]
ExpectWarnings = Annotated[
    list[Id],
    Field(
        max_length=L.MAX_TYPES,
        exclude=True,  # the author's note to the validator: no part of the battle or its hash
        description="codes of `validate --strict` warnings intended for this entry "
        "(see MODDING: the validator); each silences that warning here",
    ),
]
MoraleState = Literal["steady", "shaken", "wavering", "routed"]
Quality = Literal["raw", "trained", "veteran", "elite"]
MovementClass = Literal["foot", "horse", "guns", "boat"]
LossCause = Literal["killed", "wounded", "burned", "drowned", "captured", "escaped"]


class Model(BaseModel):
    """Base for every part of a scenario: unknown keys are errors, values are not coerced, and
    numbers are finite (no inf, no NaN)."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True, allow_inf_nan=False)


# --------------------------------------------------------------------------- meta


class Source(Model):
    title: Name
    author: Name | None = None
    year: int | None = Field(default=None, ge=-10_000, le=10_000)
    note: Prose | None = None


class Meta(Model):
    id: Id
    title: Name = Field(min_length=1)
    format: Literal[1] = Field(description="scenario format version; this reader knows 1")
    dates: Name = Field(description="the historical dates covered, for the menu")
    description: Prose = ""
    author: Name | None = None
    sources: list[Source] = Field([], max_length=L.MAX_ENTRIES)


# --------------------------------------------------------------------------- map


class MoveCost(Model):
    """Movement points to enter a hex, by movement class. Omitted or null: it cannot enter."""

    foot: float | None = Field(default=None, gt=0, le=L.MAX_MOVE_COST)
    horse: float | None = Field(default=None, gt=0, le=L.MAX_MOVE_COST)
    guns: float | None = Field(default=None, gt=0, le=L.MAX_MOVE_COST)
    boat: float | None = Field(
        default=None,
        gt=0,
        le=L.MAX_MOVE_COST,
        description="boats; on water only while it is open (ice thinner than ice_min_cm)",
    )


class GroundInCombat(Model):
    """How troops of one movement class fight on a terrain (cavalry in paddy mud): what their
    volleys and their men in a melee are worth there, and a modifier to their morale checks."""

    fire: Factor = Field(1.0, description="multiplies the volleys of units standing here")
    melee: Factor = Field(1.0, description="multiplies the melee value of units standing here")
    morale: Modifier = Field(0, description="added to the morale target of units standing here")


class TerrainType(Model):
    code: Name = Field(
        min_length=1,
        max_length=1,
        pattern=r"^\S$",
        description="the character used in `terrain` rows",
    )
    id: Id
    name: Name
    move_cost: MoveCost
    cover: Fraction = Field(0.0, description="fraction of fire losses avoided by men in this hex")
    elevation: float = Field(
        0.0, ge=-1_000, le=10_000, description="metres above the plain; sight and fire use it"
    )
    blocks_sight: bool = False
    flammable: bool = False
    passable: bool = True
    water: bool = Field(False, description="river hexes: passable only while frozen")
    ice_cm: float | None = Field(
        default=None, ge=0, le=1_000, description="ice thickness on water hexes"
    )
    urban: bool = Field(False, description="city lanes and houses (drawn as a town)")
    combat: dict[MovementClass, GroundInCombat] = Field(
        {}, description="per movement class: how troops standing here shoot, fight and hold"
    )
    expect_warnings: ExpectWarnings = []


class WallSection(Model):
    """Overrides for one edge of an enclosure's wall (a lower stretch, a damaged one)."""

    at: HexPos
    side: Direction
    height_m: float | None = Field(default=None, gt=0, le=100)
    condition: Fraction | None = None


class Enclosure(Model):
    """A wall around every hex whose terrain is one of `around`: city walls, the fort, a work."""

    id: Id
    name: Name
    kind: Literal["stone_wall", "earthwork", "palisade"] = "stone_wall"
    around: list[TerrainCodeRef] = Field(
        min_length=1, max_length=L.MAX_TYPES, description="terrain codes of the hexes inside"
    )
    height_m: float = Field(gt=0, le=100)
    condition: Fraction = Field(1.0, description="1 = whole; the wall is breached at 0")
    strength: float = Field(
        gt=0, le=L.MAX_POINTS, description="damage points a section takes before it breaches"
    )
    loopholes: bool = Field(False, description="defenders behind it fire through loopholes")
    sections: list[WallSection] = []


class LabelPlacement(Model):
    """Where the game draws its own label for a gate, work, objective or exit (their names in
    the preview, an exit's name on the map): moved to a hex, nudged, or not drawn, so it need
    not sit on the author's own `labels`."""

    hide: bool = Field(False, description="do not draw the game's label for this entry")
    at: HexPos | None = Field(None, description="centre the label on this hex instead")
    offset: tuple[LabelShift, LabelShift] = Field(
        (0.0, 0.0),
        description="[right, down] in hexes (a column's width, a row's height), from where "
        "the game (or `at`) puts it; negative is left or up",
    )

    @model_validator(mode="after")
    def _hidden_goes_nowhere(self) -> LabelPlacement:
        if self.hide and (self.at is not None or self.offset != (0.0, 0.0)):
            raise ValueError("a hidden label is not drawn: give `hide` or `at`/`offset`, not both")
        return self


class Gate(Model):
    id: Id
    name: Name
    at: HexPos
    side: Direction
    state: Literal["open", "closed", "barred", "broken"] = "barred"
    strength: float = Field(
        gt=0, le=L.MAX_POINTS, description="damage points before the gate breaks"
    )
    label: LabelPlacement = Field(
        LabelPlacement(), description="move or hide the game's label for it"
    )


class HexWork(Model):
    """Works that sit in hexes rather than on edges: dugouts, abatis, shields."""

    id: Id
    name: Name
    kind: Literal["dugouts", "abatis", "shields", "trenches"]
    hexes: list[HexPos] = Field(min_length=1)
    cover: Fraction = Field(description="extra cover for the hex's holder, added to terrain cover")
    label: LabelPlacement = Field(
        LabelPlacement(), description="move or hide the game's label for it"
    )


class IceOverride(Model):
    hexes: list[HexPos] = Field(min_length=1)
    thickness_cm: float = Field(ge=0, le=1_000)


class Road(Model):
    id: Id
    name: Name
    path: list[HexPos] = Field(min_length=2, description="adjacent hexes in order")


class Exit(Model):
    id: Id
    name: Name
    hexes: list[HexPos] = Field(min_length=1, description="map-edge hexes units leave from")
    sides: list[SideRef] = Field(min_length=1, description="sides that may leave by it")
    counts_as: Literal["escaped"] = "escaped"
    label: LabelPlacement = Field(
        LabelPlacement(), description="move or hide the game's label for it"
    )


class Camp(Model):
    id: Id
    name: Name
    side: SideRef
    hexes: list[HexPos] = Field(min_length=1)
    supply: bool = Field(
        False, description="a depot: the side's units standing in it fill up their ammunition"
    )


class MapSpec(Model):
    width: int = Field(gt=0, le=L.MAX_MAP_SIDE)
    height: int = Field(gt=0, le=L.MAX_MAP_SIDE)
    orientation: Literal["pointy"] = Field(
        "pointy", description="pointy-top hexes; odd rows shifted half a hex right (odd-r)"
    )
    metres_per_hex: float = Field(ge=10, le=10_000)
    terrain_types: list[TerrainType] = Field(min_length=1, max_length=L.MAX_TYPES)
    terrain: str = Field(
        max_length=L.MAX_TERRAIN_CHARS,
        description="one row of codes per line, `height` rows of `width` codes",
    )
    enclosures: list[Enclosure] = Field([], max_length=L.MAX_TYPES)
    gates: list[Gate] = Field([], max_length=L.MAX_ENTRIES)
    works: list[HexWork] = Field([], max_length=L.MAX_ENTRIES)
    ice: list[IceOverride] = Field([], max_length=L.MAX_ENTRIES)
    roads: list[Road] = Field([], max_length=L.MAX_ENTRIES)
    exits: list[Exit] = Field([], max_length=L.MAX_ENTRIES)
    camps: list[Camp] = Field([], max_length=L.MAX_ENTRIES)
    labels: list[Label] = Field([], max_length=L.MAX_ENTRIES)

    def rows(self) -> list[str]:
        """The terrain rows with surrounding blank lines and trailing spaces removed."""
        return [line.rstrip() for line in self.terrain.strip("\n").split("\n")]


class Label(Model):
    """A place name drawn on the map (Moranbong, Eulmildae, the Daedong)."""

    text: Name
    at: HexPos


# --------------------------------------------------------------------------- sides


class Nation(Model):
    id: Id
    name: Name
    colour: Colour
    declared_strength: int | None = Field(
        default=None,
        ge=0,
        le=L.MAX_TOTAL,
        description="if given, the nation's units must add up to it (men)",
    )
    declared_guns: int | None = Field(default=None, ge=0, le=L.MAX_TOTAL)


class Scoring(Model):
    """How a side earns victory points, beside the objectives it holds at the end."""

    per_1000_enemy_lost: Points = Field(0.0, description="points per 1,000 enemy men lost")
    per_1000_own_escaped: Points = Field(0.0, description="points per 1,000 own men escaped")
    per_1000_own_lost: Points = Field(0.0, description="points (usually negative) per 1,000 lost")


class Intent(Model):
    """The commander's intent for the computer playing this side (see docs/AI.md): how boldly
    it attacks and how much it minds losses, and when. The same generic commander reads it."""

    posture: Literal["auto", "attack", "defend"] = Field(
        "auto", description="auto: attack if the side holds less than it scores for at the start"
    )
    aggression: float = Field(
        0.0, ge=-1.0, le=1.0, description="-1 timid .. +1 bold: the odds it needs to assault"
    )
    caution: float = Field(
        1.0, ge=0.0, le=3.0, description="how much it minds the enemy's fire and the flames"
    )
    storm_after: DateTime | None = Field(None, description="no general assault before this")
    hold_until: DateTime | None = Field(None, description="no giving up the field before this")


class Side(Model):
    id: Id
    name: Name
    colour: Colour
    nations: list[Nation] = Field(min_length=1, max_length=L.MAX_TYPES)
    scoring: Scoring = Scoring()
    moves_first: bool = False
    briefing: Prose = ""
    ai: Intent = Intent()
    expect_warnings: ExpectWarnings = []


class Objective(Model):
    id: Id
    name: Name
    hexes: list[HexPos] = Field(min_length=1)
    holder: SideRef | None = Field(description="side holding it at the start")
    points: dict[SideRef, Points] = Field(
        description="points to each side if it holds this at the end"
    )
    label: LabelPlacement = Field(
        LabelPlacement(), description="move or hide the game's label for it"
    )
    expect_warnings: ExpectWarnings = []


class VictoryLevel(Model):
    level: Literal["decisive", "marginal"]
    margin: float = Field(
        gt=0, le=L.MAX_POINTS, description="winner's points minus loser's, at least"
    )


class Victory(Model):
    levels: list[VictoryLevel] = Field(min_length=1, description="below the smallest margin: draw")
    end_when_side_gone: bool = Field(
        True, description="the battle ends when one side has no men left on the map"
    )


# --------------------------------------------------------------------------- forces


class WeaponType(Model):
    id: Id
    name: Name
    kind: Literal["small_arms", "bow", "fire_arrows", "cannon", "bombs"]
    range: int = Field(ge=1, le=L.MAX_RANGE, description="hexes")
    effective_range: int = Field(
        ge=1, le=L.MAX_RANGE, description="hexes at full lethality; beyond, halved"
    )
    lethality: float = Field(
        gt=0, le=L.MAX_LETHALITY, description="men hit per 100 firers per volley at full effect"
    )
    per_gun: bool = Field(False, description="lethality counts per gun, not per 100 men")
    vs_works: float = Field(
        0.0, ge=0, le=L.MAX_POINTS, description="damage points to a gate or wall per volley"
    )
    sets_fire: Fraction = Field(0.0, description="chance per volley to set a flammable hex alight")
    indirect: bool = Field(False, description="may fire over walls and blocking terrain")
    night_factor: Fraction = Field(0.5, description="effect at night away from fires")
    volleys: int | None = Field(
        None,
        ge=1,
        le=L.MAX_VOLLEYS,
        description="volleys a unit carries before it must be resupplied; omitted: never runs out",
    )


class UnitType(Model):
    id: Id
    name: Name
    unit_class: Literal[
        "arquebusiers",
        "archers",
        "spearmen",
        "swordsmen",
        "cavalry",
        "artillery",
        "monks",
        "mixed_infantry",
    ] = Field(alias="class")
    weapons: list[WeaponRef] = Field([], max_length=L.MAX_TYPES)
    melee: float = Field(
        ge=0, le=L.MAX_MELEE, description="strength per man in assault, 1 = average foot"
    )
    movement: MovementClass
    move_points: float = Field(gt=0, le=L.MAX_MOVE_POINTS)
    morale: int = Field(ge=1, le=10, description="base morale: checks pass on 2d6 <= morale + mods")
    quality: Quality = "trained"
    ladders: bool = Field(False, description="carries ladders and may escalade walls")
    supplies: bool = Field(
        False, description="a supply train: its side's units in or next to its hex fill up"
    )
    non_combatant: bool = Field(
        False,
        description="porters, civilians: hold nothing alone, give way to an assault, "
        "and are counted apart in the losses",
    )
    capacity: int = Field(
        0, ge=0, le=L.MAX_MEN, description="boats: men it carries besides its own crew"
    )

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )


class Ability(Model):
    """A leader's special ability; `bounty` is Li Rusong's offer to the first man over the wall."""

    id: Id
    name: Name
    kind: Literal["bounty", "inspire", "ambush", "sortie"]
    uses: int = Field(1, ge=1, le=L.MAX_USES, description="times per game")
    radius: int = Field(ge=0, le=L.MAX_RADIUS, description="hexes from the leader")
    duration_turns: Turns
    morale_bonus: Modifier = 0
    escalade_bonus: float = Field(0.0, ge=-L.MAX_FACTOR, le=L.MAX_FACTOR)
    assault_bonus: float = Field(0.0, ge=-L.MAX_FACTOR, le=L.MAX_FACTOR)
    text: Prose = Field(description="what the battle log says when it is used")


class Leader(Model):
    id: Id
    name: Name
    side: SideRef
    nation: NationRef | None = None
    rating: int = Field(ge=1, le=5, description="rally and morale bonus; 5 = best")
    command_radius: int = Field(ge=0, le=L.MAX_RADIUS)
    unit: UnitRef | None = Field(description="the unit the leader is with")
    abilities: list[Ability] = Field([], max_length=L.MAX_TYPES)
    historical_note: Prose = ""


class Unit(Model):
    id: Id
    name: Name
    side: SideRef
    nation: NationRef | None = None
    type: UnitTypeRef
    strength: int = Field(gt=0, le=L.MAX_MEN, description="men")
    guns: int = Field(0, ge=0, le=L.MAX_GUNS)
    at: HexPos
    morale: MoraleState = "steady"
    leader: LeaderRef | None = Field(default=None, description="commander this unit answers to")
    entry_turn: Turns = 1
    expect_warnings: ExpectWarnings = []


# --------------------------------------------------------------------------- calendar


class Wind(Model):
    blowing_from: Compass = Field(alias="from")
    strength: int = Field(ge=0, le=3, description="0 calm, 1 light, 2 fresh, 3 strong")

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )


class Weather(Model):
    temperature_c: float = Field(ge=-90, le=60)
    wind: Wind
    snow: bool = False


class Calendar(Model):
    start: DateTime
    end: DateTime
    day_turn_minutes: int = Field(gt=0, le=720)
    night_turn_minutes: int = Field(gt=0, le=720)
    sunrise: Clock
    sunset: Clock
    weather: Weather


# --------------------------------------------------------------------------- events


class Trigger(Model):
    """When an event fires: at a turn, at a time, or when something happens. All given must hold."""

    turn: Turns | None = None
    at: DateTime | None = None
    gate_state: dict[GateRef, Literal["open", "closed", "barred", "broken"]] | None = None
    objective_held: dict[ObjectiveRef, SideRef] | None = Field(
        default=None, description="objective -> side"
    )
    side_losses_at_least: dict[SideRef, Count] | None = Field(
        default=None, description="side -> men: fires once the side has lost at least this many"
    )
    unit_in_area: UnitInArea | None = Field(
        default=None, description="a unit of `side` stands in one of `hexes` at the turn's start"
    )


class UnitInArea(Model):
    """Part of a trigger: a unit of `side` has reached one of these hexes."""

    side: SideRef
    hexes: list[HexPos] = Field(min_length=1, max_length=L.MAX_ENTRIES)


class Message(Model):
    kind: Literal["message"]


class WindShift(Model):
    kind: Literal["wind_shift"]
    blowing_from: Compass = Field(alias="from")
    strength: int | None = Field(default=None, ge=0, le=3)

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )


class MoraleBoost(Model):
    kind: Literal["morale_boost"]
    side: SideRef
    amount: Modifier
    turns: Turns


class Reinforce(Model):
    kind: Literal["reinforce"]
    units: list[UnitRef] = Field(
        min_length=1, max_length=L.MAX_UNITS, description="units whose entry is brought forward"
    )
    at: HexPos | None = Field(None, description="where they enter, instead of their own `at`")


class SetGate(Model):
    kind: Literal["set_gate"]
    gate: GateRef
    state: Literal["open", "closed", "barred", "broken"]


class Resupply(Model):
    """Ammunition brought up (by boat, by a convoy): units fill up their weapons' volleys."""

    kind: Literal["resupply"]
    units: list[UnitRef] = Field([], max_length=L.MAX_UNITS, description="these units")
    side: SideRef | None = Field(None, description="or every unit of this side on the field")
    weapon: WeaponRef | None = Field(None, description="only this weapon; omitted: every weapon")
    volleys: int | None = Field(
        None, ge=1, le=L.MAX_VOLLEYS, description="volleys added; omitted: filled up"
    )

    @model_validator(mode="after")
    def _someone(self) -> Resupply:
        if not self.units and self.side is None:
            raise ValueError("resupply names nobody: give `units`, a `side`, or both")
        return self


class SetRule(Model):
    """Change one of the `rules:` constants from now on (mist lifting: `sight_day`)."""

    kind: Literal["set_rule"]
    rule: Id = Field(description="the name of a constant of `rules:` (a number or true/false)")
    value: bool | int | float = Field(description="its new value, within the limits `rules:` has")


class SetTerrain(Model):
    """Turn listed hexes into another terrain type (the thaw, a bridge burnt). Walls stay."""

    kind: Literal["set_terrain"]
    hexes: list[HexPos] = Field(min_length=1, max_length=L.MAX_ENTRIES)
    terrain: TerrainTypeRef = Field(description="the id of one of `map.terrain_types`")


class SetWeapons(Model):
    """Give listed units weapons, or take weapons from them."""

    kind: Literal["set_weapons"]
    units: list[UnitRef] = Field(min_length=1, max_length=L.MAX_UNITS)
    give: list[WeaponRef] = Field([], max_length=L.MAX_TYPES, description="weapon ids they gain")
    take: list[WeaponRef] = Field([], max_length=L.MAX_TYPES, description="weapon ids they lose")


class StandingOrder(Model):
    """An order the engine carries out for the units it names, whoever plays them: `withdraw`
    marches them to `to` each movement phase until they stand there; `leave` marches them to
    the exit `exit` and off the field; `hold` keeps them in their hex (for `turns`, or to the
    end); `release` lifts a standing order. Name the units by `units`, or a `side` (all its
    units on the field, or only those in `area`)."""

    kind: Literal["standing_order"]
    order: Literal["withdraw", "hold", "leave", "release"]
    units: list[UnitRef] | None = Field(None, max_length=L.MAX_UNITS, min_length=1)
    side: SideRef | None = None
    area: list[HexPos] | None = Field(None, min_length=1, max_length=L.MAX_ENTRIES)
    to: list[HexPos] | None = Field(
        None, min_length=1, max_length=L.MAX_ENTRIES, description="withdraw: the hexes to reach"
    )
    exit: ExitRef | None = Field(None, description="leave: the id of one of `map.exits`")
    turns: Turns | None = Field(None, description="hold: for this many turns (default: the end)")

    @model_validator(mode="after")
    def _says_who_and_where(self) -> StandingOrder:
        if (self.units is None) == (self.side is None):
            raise ValueError("name either `units` or a `side` (with an optional `area`)")
        if self.area is not None and self.side is None:
            raise ValueError("`area` picks units of a `side`: give the side")
        needs = {"withdraw": "to", "leave": "exit"}.get(self.order)
        for key in ("to", "exit"):
            if key == needs and getattr(self, key) is None:
                raise ValueError(f"a {self.order} order needs `{key}`")
            if key != needs and getattr(self, key) is not None:
                raise ValueError(
                    f"`{key}` belongs to a {'withdraw' if key == 'to' else 'leave'} order"
                )
        if self.turns is not None and self.order != "hold":
            raise ValueError("`turns` belongs to a hold order")
        return self


class RemoveUnits(Model):
    """Take listed units off the field (recalled, sent away): their men count as escaped."""

    kind: Literal["remove_units"]
    units: list[UnitRef] = Field(min_length=1, max_length=L.MAX_UNITS)


class LeaderFate(Model):
    """A leader is killed or wounded at a given hour (wounded: his rating falls by one)."""

    kind: Literal["leader_fate"]
    leader: LeaderRef
    fate: Literal["killed", "wounded"]


class SetIntent(Model):
    """Change the commander's intent (the side's `ai:` block) from now on: only the keys given."""

    kind: Literal["set_intent"]
    side: SideRef
    posture: Literal["auto", "attack", "defend"] | None = None
    aggression: float | None = Field(None, ge=-1.0, le=1.0)
    caution: float | None = Field(None, ge=0.0, le=3.0)
    storm_after: DateTime | None = None
    hold_until: DateTime | None = None


Effect = Annotated[
    Message
    | WindShift
    | MoraleBoost
    | Reinforce
    | SetGate
    | SetRule
    | SetTerrain
    | SetWeapons
    | StandingOrder
    | RemoveUnits
    | LeaderFate
    | SetIntent
    | Resupply,
    Field(discriminator="kind"),
]


class EventSpec(Model):
    id: Id
    title: Name
    trigger: Trigger
    effects: list[Effect] = Field([], max_length=L.MAX_TYPES)
    text: Prose = Field(description="the narrative shown to the players")
    once: bool = True
    seen_by: list[SideRef] | None = Field(
        None,
        min_length=1,
        max_length=2,
        description="the sides told of it (default both): an order the enemy cannot know of",
    )
    expect_warnings: ExpectWarnings = []


# --------------------------------------------------------------------------- history


class Losses(Model):
    killed: Count = 0
    wounded: Count = 0
    burned: Count = 0
    drowned: Count = 0
    captured: Count = 0


class HistoricalSide(Model):
    losses: Losses
    losses_low: Losses | None = Field(default=None, description="lower bound where sources differ")
    losses_high: Losses | None = None
    escaped: Count | None = None
    note: Prose = ""


class History(Model):
    outcome: Prose
    winner: SideRef | None
    level: Literal["decisive", "marginal", "draw"]
    sides: dict[SideRef, HistoricalSide]


# --------------------------------------------------------------------------- rules


QUALITY_FACTORS: dict[Quality, float] = {"raw": 0.8, "trained": 1.0, "veteran": 1.15, "elite": 1.3}
MORALE_FACTORS: dict[MoraleState, float] = {
    "steady": 1.0,
    "shaken": 0.75,
    "wavering": 0.5,
    "routed": 0.0,
}


class Rules(Model):
    """The rules' constants. Every default here is explained in docs/RULES.md."""

    # movement and stacking
    stacking_limit: int = Field(
        3000, gt=0, le=L.MAX_TOTAL, description="men per hex, all units of one side"
    )
    road_cost: float = Field(
        0.5, gt=0, le=L.MAX_MOVE_COST, description="movement points per hex along a road"
    )
    night_move_factor: float = Field(
        1.5,
        gt=0,
        le=L.MAX_FACTOR,
        description="movement points in a night turn, times the day allowance",
    )
    zone_of_control: bool = Field(True, description="entering a hex next to an enemy ends the move")
    ice_min_cm: float = Field(8.0, ge=0, le=1_000, description="thinner ice cannot be walked on")
    # sight
    sight_day: int = Field(10, ge=1, le=L.MAX_SIGHT, description="hexes")
    sight_night: int = Field(2, ge=1, le=L.MAX_SIGHT, description="hexes, away from fires")
    sight_by_fire: int = Field(
        8, ge=1, le=L.MAX_SIGHT, description="a burning hex is seen this far at night"
    )
    # fire combat
    frontage_men: int = Field(
        600, gt=0, le=L.MAX_TOTAL, description="men who can fight across one hex edge"
    )
    firing_men: int = Field(
        1000, gt=0, le=L.MAX_TOTAL, description="most men of one unit firing in one volley"
    )
    density_threshold: int = Field(
        1500, gt=0, le=L.MAX_TOTAL, description="men in a target hex before crowding"
    )
    density_penalty: Factor = Field(0.5, description="extra losses per threshold exceeded")
    parapet_cover: Fraction = Field(0.5, description="cover behind a wall or work's parapet")
    loophole_cover: Fraction = Field(0.7, description="cover behind a loopholed wall")
    loophole_fire_bonus: Factor = Field(0.3, description="extra effect firing from loopholes")
    height_bonus: Factor = Field(0.2, description="extra effect firing 10 m or more downhill")
    quality_factor: dict[Quality, Factor] = Field(default_factory=lambda: dict(QUALITY_FACTORS))
    morale_factor: dict[MoraleState, Factor] = Field(
        default_factory=lambda: dict(MORALE_FACTORS),
        description="multiplies fire and assault by morale state",
    )
    # assault
    escalade_factor: Fraction = Field(0.5, description="attacker strength fraction on ladders")
    ladder_throw_chance: Fraction = Field(0.25, description="defenders throw the ladders down")
    breach_factor: Fraction = Field(0.7, description="attacking through a broken gate or breach")
    assault_loss: Fraction = Field(0.05, description="share of engaged men lost at even odds")
    assault_loss_cap: Fraction = Field(0.3, description="most of the engaged lost in one assault")
    reserve_factor: Fraction = Field(
        0.5,
        description="a defender's men beyond the frontage count "
        "this much of their value (they feed the fight)",
    )
    crowd_loss: Fraction = Field(
        0.5,
        description="an attacker's men behind its frontage lose this "
        "much of the engaged men's share (the crush)",
    )
    # suppression (apart from morale)
    suppression_max: int = Field(3, ge=1, le=10, description="most suppression points a unit holds")
    suppression_fire: Fraction = Field(0.15, description="fire lost per suppression point")
    suppression_assault: Fraction = Field(
        0.1, description="assault value lost per point, attacking or defending"
    )
    suppression_move: Fraction = Field(0.15, description="movement points lost per point")
    suppression_recovery: int = Field(
        2, ge=0, le=10, description="points shed at the end of the unit's own player-turn"
    )
    suppression_leader_recovery: int = Field(
        1, ge=0, le=10, description="more points shed within a leader's command radius"
    )
    heavy_fire_share: Fraction = Field(
        0.02,
        description="hits, as a share of a unit's men, that "
        "make a volley heavy: two points and a morale check",
    )
    crossfire_degrees: int = Field(
        120,
        ge=60,
        le=180,
        multiple_of=60,
        description="fire from directions this far apart is crossfire: a morale check",
    )
    # morale
    morale_loss_check: Fraction = Field(0.04, description="losses in one blow that force a check")
    rally_base: int = Field(
        5, ge=0, le=L.MAX_MODIFIER, description="2d6 target to rally without a leader"
    )
    rout_pursuit: Fraction = Field(0.08, description="share of a routed unit lost when caught")
    panic_radius: int = Field(1, ge=0, le=L.MAX_RADIUS)
    night_morale: Modifier = Field(-1, description="morale modifier at night")
    flanked_morale: Modifier = Field(-1, description="enemies on two or more sides")
    leader_lost_morale: Modifier = Field(-2, description="units whose own leader fell this turn")
    leader_hit_chance: Fraction = Field(0.4, description="times the unit's loss share, per blow")
    morale_target_min: int = Field(
        2, ge=2, le=12, description="lowest 2d6 target: a 2 always holds (checks and rallies)"
    )
    morale_target_max: int = Field(
        11, ge=2, le=11, description="highest 2d6 target: a 12 always fails (checks and rallies)"
    )
    # fire in the city
    fire_spread: Fraction = Field(0.05, description="chance per neighbour per turn, calm air")
    fire_wind_bonus: Fraction = Field(0.08, description="added per wind strength downwind")
    fire_burn_turns: int = Field(4, ge=1, le=100)
    fire_losses: Fraction = Field(
        0.08,
        description="share burned of men with no way out of a "
        "burning hex per turn, and of men under a volley that sets "
        "their hex alight",
    )
    fire_caught_losses: Fraction = Field(
        0.02,
        description="share of the men burned getting clear "
        "of a burning hex (the fire spread to them, or they "
        "fled into it)",
    )
    wind_shift_chance: Fraction = Field(0.05, description="chance per turn the wind veers")
    # ice
    ice_load_k: float = Field(
        7.0, gt=0, le=1_000, description="safe load kg per loaded spot = k * cm^2"
    )
    ice_kg_per_man: float = Field(80.0, gt=0, le=1_000)
    ice_spots_per_hex: float = Field(
        25.0, gt=0, le=10_000, description="loaded spots one hex of ice offers"
    )
    ice_night_factor: float = Field(
        1.3, ge=1, le=L.MAX_FACTOR, description="load counts this much more at night"
    )
    ice_rout_factor: float = Field(
        1.6, ge=1, le=L.MAX_FACTOR, description="and this much more for routed men"
    )
    ice_break_slope: float = Field(
        0.8, ge=0, le=100, description="break chance per unit of overload"
    )
    ice_break_drown: Fraction = Field(0.3, description="share of men on breaking ice drowned")
    ice_traffic_share: Fraction = Field(
        0.5,
        description="share of the men who marched over a "
        "hex of ice earlier in the same player-turn still on it",
    )
    # accounting
    wound_ratio: Fraction = Field(0.65, description="share of combat losses wounded, not killed")
    capture_ratio: Fraction = Field(0.3, description="share of pursuit losses captured")

    @model_validator(mode="after")
    def _targets_in_order(self) -> Rules:
        if self.morale_target_min > self.morale_target_max:
            raise ValueError("morale_target_min must not exceed morale_target_max")
        return self


# --------------------------------------------------------------------------- the whole file


class TutorialStep(Model):
    """One step of a guided battle: the hint the screen shows, and what the player must do
    before the next one (the engine never reads these; the battle screen checks them)."""

    text: str
    done_when: Literal[
        "next",
        "selected",
        "moved",
        "enemy_seen",
        "phase",
        "fire_preview",
        "fired",
        "assault_preview",
        "assaulted",
        "rallied",
        "turn",
    ] = Field(
        description="next: the player presses Next; selected/moved/fired/assaulted/rallied: "
        "`unit` (or any unit of the player's) did it; enemy_seen: an enemy is in "
        "sight; phase: the `phase` has begun; fire_preview/assault_preview: the "
        "odds were shown; turn: turn `turn` has begun"
    )
    unit: UnitRef | None = None
    phase: Literal["command", "movement", "fire", "assault"] | None = None
    turn: int | None = Field(None, ge=1)


class Scenario(Model):
    meta: Meta
    map: MapSpec
    sides: list[Side] = Field(min_length=2, max_length=2)
    objectives: list[Objective] = Field([], max_length=L.MAX_ENTRIES)
    victory: Victory
    weapons: list[WeaponType] = Field([], max_length=L.MAX_TYPES)
    unit_types: list[UnitType] = Field(min_length=1, max_length=L.MAX_TYPES)
    leaders: list[Leader] = Field([], max_length=L.MAX_ENTRIES)
    units: list[Unit] = Field(min_length=1, max_length=L.MAX_UNITS)
    calendar: Calendar
    events: list[EventSpec] = Field([], max_length=L.MAX_ENTRIES)
    history: History | None = None
    rules: Rules = Rules()
    tutorial: list[TutorialStep] = Field(
        [], description="a guided battle's steps, in order (see MODDING: tutorials)"
    )


MapSpec.model_rebuild()
Trigger.model_rebuild()


def json_schema() -> dict[str, Any]:
    """The format as JSON Schema (draft 2020-12), for editors."""
    schema = Scenario.model_json_schema(by_alias=True)
    schema["title"] = "Siege scenario (format 1)"
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":  # python -m siege.scenario.schema > scenarios/schema.json
    print(json_schema_text(), end="")
