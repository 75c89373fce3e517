"""Building blocks: a few lines in ``site.blocks`` that expand into places and ways.

A block is a one-key mapping naming its kind::

    site:
      blocks:
        - building: {id: hotel, floors: 8, rooms_per_floor: 12, ...}
        - plant_yard: {id: plant, buildings: [...], ...}

The loader expands every block before it checks the file (:func:`expand_blocks`): the
places and ways a block makes are appended to ``site.nodes`` and ``site.edges`` as if they
had been written by hand, with ids built from the block's ``id`` (``hotel.f3.r05``), so
population groups, actions, hazards and hand-written edges can name them. A problem in a
generated place or way (an id that clashes with a hand-written one, a room nobody can
leave) is reported at the block. docs/authoring-examples.md, "Building blocks", lists every id a
block makes and the geometry rules below.

Geometry (x east, y north, metres; bearings clockwise from north):

- **building**: one corridor per floor along +x from (``x_m``, ``y_m``), cut into
  ``corridor_segments`` equal parts, each a corridor node at its middle; rooms alternate
  north and south of the corridor at ``room_depth_m``, evenly spaced, each joined by a door
  to the nearest corridor node (length: the straight line); a stair landing per floor at
  fraction ``at`` of the corridor, joined to the nearest corridor node by a door as wide as
  the stair, landings of consecutive floors joined by a stair of length
  √(h² + (h·tread/riser)²) + 2 m (the flights plus two half-landings, h the floor height);
  on the ground floor each stair with ``exit: true`` leads through a 3 m door to an exit,
  and the main entrance is an exit south of the corridor; lifts are lobbies per floor
  joined by lift ways of the floor height.
- **plant_yard**: a yard at (``x_m``, ``y_m``); buildings (rooms) and gates at a distance
  and bearing from it, each joined to the yard by a way of that length; gates are exits.
- **construction_site**: a work area (yard) at (``x_m``, ``y_m``); a scaffold of
  ``levels`` working levels above it, joined by ladder stairs of the level height plus
  its run; a site office, a crane base and a gate (exit) at distances and bearings.
- **pipeline_corridor**: a street from (``x_m``, ``y_m``) along ``bearing_deg`` in
  ``segments`` equal road sections (outdoor points), with basements (floor −1 rooms) at a
  distance along it joined by a stair, and an exit at each end of the street.

An optional ``assembly`` on any block adds an assembly point at a distance and bearing
from the block's origin, joined by open ground to each of the block's exits.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sim.text import Text

Path = tuple[str | int, ...]


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class AssemblySpec(_Block):
    """An assembly point the block's exits lead to over open ground."""

    id: str | None = Field(None, description="Its id (default: '<block id>.assembly').")
    name: Text | None = Field(None, description="Its name on the map and in messages.")
    distance_m: float = Field(gt=0, le=10_000, description="Distance from the block's origin, m.")
    bearing_deg: float = Field(
        180.0, ge=0, lt=360, description="Bearing from the block's origin, degrees from north."
    )
    area_m2: float = Field(500.0, gt=0, le=1_000_000, description="Its area, m².")
    width_m: float = Field(6.0, gt=0, le=200, description="Width of the open ground, m.")


class StairSpec(_Block):
    """A stair through every floor of a building."""

    id: str | None = Field(
        None, description="Its label in ids, e.g. 'w' (default: its number, 1, 2, …)."
    )
    at: float = Field(
        ge=-1,
        le=2,
        description=(
            "Where along the corridor: 0 west end, 1 east end; below 0 or above 1 it stands "
            "beyond the end (a stair at the gable), joined to the end corridor node."
        ),
    )
    width_m: float = Field(1.2, gt=0, le=20, description="Clear width of the stair, m.")
    door_width_m: float | None = Field(
        None, gt=0, le=20, description="Width of the door from the corridor, m (default: width_m)."
    )
    fire_door: bool = Field(False, description="The door from the corridor is a fire door.")
    riser_m: float = Field(0.175, gt=0, le=0.3, description="Riser height, m.")
    tread_m: float = Field(0.28, gt=0, le=0.6, description="Tread depth, m.")
    flight_length_m: float | None = Field(
        None,
        gt=0,
        le=200,
        description="Walking length from landing to landing, m (default: from riser and tread).",
    )
    area_m2: float = Field(10.0, gt=0, le=1000, description="Area of a landing, m².")
    height_m: float | None = Field(None, gt=0, le=100, description="Height of the stair room, m.")
    exit: bool = Field(True, description="On the ground floor it leads outside (an exit).")
    name: Text | None = Field(
        None,
        description=(
            "Its name, e.g. 西楼梯 / West stair (the floor follows); with {storey} the "
            "landings are named as written, e.g. '{storey}层西楼梯'."
        ),
    )


class LiftSpec(_Block):
    """A lift through every floor of a building (wrong to use in a fire)."""

    id: str | None = Field(None, description="Its label in ids (default: its number, 1, 2, …).")
    at: float = Field(ge=0, le=1, description="Where along the corridor: 0 west end, 1 east end.")
    offset_m: float = Field(2.0, gt=0, le=100, description="Lobby north of the corridor, m.")
    area_m2: float = Field(6.0, gt=0, le=1000, description="Area of a lift lobby, m².")
    height_m: float | None = Field(None, gt=0, le=100, description="Height of the lobby, m.")
    door_width_m: float = Field(1.5, gt=0, le=20, description="Lobby to corridor width, m.")
    name: Text | None = Field(None, description="Its name, e.g. 电梯厅 / lift lobby.")


class CorridorPart(_Block):
    """One part of every floor's corridor, named."""

    id: str = Field(description="Its label in ids, e.g. 'w'.")
    name: Text | None = Field(None, description="Its name, e.g. 西段 / west.")


ID_FIELDS = ("block", "floor", "storey", "n", "number", "part", "stair", "lift")


class BuildingIds(_Block):
    """How a building's places are named in ids: Python format strings over {block}, {floor}
    (0 the ground floor), {storey} (floor + 1), {n} (room index, two digits), {number} (room
    number, e.g. 511), {part} (corridor part), {stair} and {lift} (their labels)."""

    room: str = Field("{block}.f{floor}.r{n}", description="Room ids.")
    corridor: str = Field("{block}.f{floor}.c{part}", description="Corridor node ids.")
    stair: str = Field("{block}.f{floor}.s{stair}", description="Stair landing ids.")
    lift: str = Field("{block}.f{floor}.l{lift}", description="Lift lobby ids.")

    @model_validator(mode="after")
    def _known_fields(self) -> BuildingIds:
        sample = dict.fromkeys(ID_FIELDS, "x")
        for template in (self.room, self.corridor, self.stair, self.lift):
            try:
                template.format(**sample)
            except (KeyError, IndexError, ValueError) as exc:
                raise ValueError("block_id_template") from exc
        return self


class EntranceSpec(_Block):
    """The main entrance of a building, on the ground floor."""

    at: float = Field(0.5, ge=0, le=1, description="Where along the corridor (0 west, 1 east).")
    width_m: float = Field(2.0, gt=0, le=50, description="Clear width of the entrance, m.")


class Building(_Block):
    """A multi-storey building: a corridor per floor with rooms, stairs, lifts and exits."""

    id: str = Field(description="The block's id: the prefix of every id it makes.")
    name: Text | None = Field(None, description="The building's name (prefixes place names).")
    x_m: float = Field(0.0, description="West end of the corridors, east coordinate, m.")
    y_m: float = Field(0.0, description="West end of the corridors, north coordinate, m.")
    floors: int = Field(ge=1, le=100, description="Number of floors from the lowest.")
    lowest_floor: int = Field(
        0,
        ge=-10,
        le=100,
        description=(
            "The lowest floor (−1: a basement; above 0: the block starts over hand-written "
            "lower floors, which its stairs and lifts are then joined to by hand)."
        ),
    )
    floor_height_m: float = Field(3.0, gt=0, le=20, description="Floor to floor height, m.")
    corridor_length_m: float = Field(gt=0, le=1000, description="Length of each corridor, m.")
    corridor_width_m: float = Field(1.8, gt=0, le=50, description="Clear width of corridors, m.")
    corridor_segments: int = Field(
        3, ge=1, le=50, description="Corridor nodes per floor (smoke and crowds per segment)."
    )
    corridor_parts: list[CorridorPart] | None = Field(
        None, description="Labels and names of the corridor parts, one per segment."
    )
    corridor_area_m2: float | None = Field(
        None, gt=0, le=100_000, description="Area of a corridor node, m² (default: part × width)."
    )
    corridor_height_m: float | None = Field(None, gt=0, le=100, description="Corridor height, m.")
    rooms_per_floor: int = Field(ge=0, le=500, description="Rooms on each floor.")
    room_area_m2: float = Field(20.0, gt=0, le=100_000, description="Floor area of a room, m².")
    room_depth_m: float = Field(5.0, gt=0, le=200, description="From corridor to room centre, m.")
    room_door_width_m: float = Field(0.9, gt=0, le=20, description="Room door width, m.")
    room_door_length_m: float | None = Field(
        None, gt=0, le=200, description="Room to corridor node, m (default: the straight line)."
    )
    room_height_m: float | None = Field(None, gt=0, le=100, description="Room height, m.")
    room_name: Text | None = Field(
        None, description="Room names with {number}, e.g. {zh: '{number}房', en: 'Room {number}'}."
    )
    room_capacity: int | None = Field(None, ge=0, description="Beds or seats per room.")
    room_kind: Literal["room", "corridor", "yard"] = Field(
        "room", description="Kind of the rooms' nodes."
    )
    stairs: list[StairSpec] = Field(
        default_factory=lambda: [StairSpec(at=0.0), StairSpec(at=1.0)],
        min_length=1,
        description="Stairs (default: one at each end of the corridor).",
    )
    lifts: list[LiftSpec] = Field(default_factory=list, description="Lifts.")
    entrance: EntranceSpec | None = Field(
        default_factory=EntranceSpec, description="The main entrance (null: none)."
    )
    assembly: AssemblySpec | None = Field(None, description="An assembly point for its exits.")
    ids: BuildingIds = Field(
        default_factory=BuildingIds,
        description="Id templates, e.g. room: 'r{number}' to keep a hand-written file's ids.",
    )

    @model_validator(mode="after")
    def _parts_match(self) -> Building:
        if self.corridor_parts is not None and len(self.corridor_parts) != self.corridor_segments:
            raise ValueError("block_corridor_parts")
        return self


class YardBuilding(_Block):
    """A building of a plant yard, as one place."""

    id: str = Field(description="Its id within the block ('<block id>.<id>').")
    name: Text | None = Field(None, description="Its name.")
    kind: Literal["room", "yard", "outdoor"] = Field("room", description="Kind of place.")
    distance_m: float = Field(gt=0, le=10_000, description="Distance from the yard, m.")
    bearing_deg: float = Field(ge=0, lt=360, description="Bearing from the yard, degrees.")
    area_m2: float = Field(200.0, gt=0, le=1_000_000, description="Floor area, m².")
    height_m: float = Field(4.0, gt=0, le=100, description="Ceiling height, m.")
    door_width_m: float = Field(1.5, gt=0, le=50, description="Width of its way to the yard, m.")


class Gate(_Block):
    """A gate of a plant yard or a site: an exit."""

    id: str = Field(description="Its id within the block ('<block id>.<id>').")
    name: Text | None = Field(None, description="Its name.")
    distance_m: float = Field(gt=0, le=10_000, description="Distance from the origin, m.")
    bearing_deg: float = Field(ge=0, lt=360, description="Bearing from the origin, degrees.")
    width_m: float = Field(6.0, gt=0, le=100, description="Width of the way to it, m.")


class PlantYard(_Block):
    """A plant yard with buildings and gates at given distances and bearings."""

    id: str = Field(description="The block's id: the prefix of every id it makes.")
    name: Text | None = Field(None, description="The yard's name.")
    x_m: float = Field(0.0, description="The yard's east coordinate, m.")
    y_m: float = Field(0.0, description="The yard's north coordinate, m.")
    area_m2: float = Field(5000.0, gt=0, le=10_000_000, description="The yard's area, m².")
    buildings: list[YardBuilding] = Field(min_length=1, description="Buildings on the yard.")
    gates: list[Gate] = Field(min_length=1, description="Gates (exits).")
    assembly: AssemblySpec | None = Field(None, description="An assembly point for the gates.")


class Scaffold(_Block):
    """A scaffold's working levels."""

    levels: int = Field(ge=1, le=60, description="Working levels above the ground.")
    level_height_m: float = Field(2.0, gt=0, le=5, description="Height between levels, m.")
    ladder_run_m: float = Field(2.0, ge=0, le=20, description="Horizontal run of a ladder, m.")
    ladder_width_m: float = Field(0.6, gt=0, le=5, description="Width of a ladder or stair, m.")
    area_m2: float = Field(30.0, gt=0, le=10_000, description="Area of a working level, m².")
    distance_m: float = Field(10.0, gt=0, le=1000, description="From the work area, m.")
    bearing_deg: float = Field(0.0, ge=0, lt=360, description="Bearing from the work area.")


class Placed(_Block):
    """A place at a distance and bearing from the block's origin."""

    distance_m: float = Field(gt=0, le=10_000, description="Distance from the origin, m.")
    bearing_deg: float = Field(ge=0, lt=360, description="Bearing from the origin, degrees.")
    area_m2: float = Field(30.0, gt=0, le=1_000_000, description="Its area, m².")
    name: Text | None = Field(None, description="Its name.")


class ConstructionSite(_Block):
    """A construction site: work area, scaffold levels, crane base, site office and gate."""

    id: str = Field(description="The block's id: the prefix of every id it makes.")
    name: Text | None = Field(None, description="The site's name.")
    x_m: float = Field(0.0, description="The work area's east coordinate, m.")
    y_m: float = Field(0.0, description="The work area's north coordinate, m.")
    area_m2: float = Field(1500.0, gt=0, le=1_000_000, description="The work area, m².")
    scaffold: Scaffold = Field(description="The scaffold.")
    crane: Placed | None = Field(None, description="The crane's base.")
    office: Placed | None = Field(None, description="The site office.")
    gate: Gate = Field(description="The site gate (an exit).")
    assembly: AssemblySpec | None = Field(None, description="An assembly point for the gate.")


class Basement(_Block):
    """A basement beside the street, reached by a stair."""

    id: str = Field(description="Its id within the block ('<block id>.<id>').")
    name: Text | None = Field(None, description="Its name.")
    at_m: float = Field(ge=0, description="Distance along the street from its start, m.")
    offset_m: float = Field(
        10.0, description="Distance to the right of the street (negative: left), m."
    )
    area_m2: float = Field(200.0, gt=0, le=100_000, description="Floor area, m².")
    height_m: float = Field(3.0, gt=0, le=20, description="Ceiling height, m.")
    stair_width_m: float = Field(1.2, gt=0, le=20, description="Width of its stair, m.")


class PipelineCorridor(_Block):
    """A buried pipeline under a street, with basements along it."""

    id: str = Field(description="The block's id: the prefix of every id it makes.")
    name: Text | None = Field(None, description="The street's name.")
    x_m: float = Field(0.0, description="Start of the street, east coordinate, m.")
    y_m: float = Field(0.0, description="Start of the street, north coordinate, m.")
    bearing_deg: float = Field(90.0, ge=0, lt=360, description="Direction of the street.")
    length_m: float = Field(gt=0, le=100_000, description="Length of the street, m.")
    segments: int = Field(4, ge=1, le=100, description="Street sections (points between them).")
    street_width_m: float = Field(8.0, gt=0, le=200, description="Width of the street, m.")
    basements: list[Basement] = Field(default_factory=list, description="Basements along it.")
    assembly: AssemblySpec | None = Field(None, description="An assembly point for its exits.")

    @model_validator(mode="after")
    def _basements_on_street(self) -> PipelineCorridor:
        for b in self.basements:
            if b.at_m > self.length_m:
                raise ValueError("block_beyond_street")
        return self


class Block(_Block):
    """One building block: exactly one of its keys."""

    building: Building | None = Field(None, description="A multi-storey building.")
    plant_yard: PlantYard | None = Field(None, description="A plant yard with buildings.")
    construction_site: ConstructionSite | None = Field(None, description="A construction site.")
    pipeline_corridor: PipelineCorridor | None = Field(
        None, description="A pipeline under a street, with basements."
    )

    @model_validator(mode="after")
    def _one_kind(self) -> Block:
        kinds = [self.building, self.plant_yard, self.construction_site, self.pipeline_corridor]
        if sum(k is not None for k in kinds) != 1:
            raise ValueError("block_one_kind")
        return self


# --- expansion ----------------------------------------------------------------------------------


def _at(x: float, y: float, distance_m: float, bearing_deg: float) -> tuple[float, float]:
    """The point at a distance and bearing (clockwise from north) from (x, y)."""
    b = math.radians(bearing_deg)
    return (round(x + distance_m * math.sin(b), 3), round(y + distance_m * math.cos(b), 3))


def _r(value: float) -> float:
    return round(value, 3)


def _name(prefix: Text | None, zh: str, en: str) -> Any:
    """A generated place's name, after the block's name when it has one."""
    if prefix is None:
        return {"zh": zh, "en": en}
    if isinstance(prefix, str):
        return {"zh": f"{prefix}{zh}", "en": f"{prefix}, {en}"}
    return {"zh": f"{prefix.zh}{zh}", "en": f"{prefix.en}, {en}"}


def _text(value: Text | None) -> Any:
    if value is None or isinstance(value, str):
        return value
    return {"zh": value.zh, "en": value.en}


class _Out:
    def __init__(self) -> None:
        self.nodes: list[dict[str, Any]] = []
        self.edges: list[dict[str, Any]] = []
        self.exits: list[str] = []

    def node(self, node_id: str, kind: str, x: float, y: float, **extra: Any) -> None:
        data = {"id": node_id, "kind": kind, "x_m": _r(x), "y_m": _r(y)}
        data.update({k: v for k, v in extra.items() if v is not None})
        self.nodes.append(data)
        if kind == "exit":
            self.exits.append(node_id)

    def edge(
        self, a: str, b: str, kind: str, length_m: float, width_m: float, **extra: Any
    ) -> None:
        data = {
            "from": a,
            "to": b,
            "kind": kind,
            "length_m": _r(max(length_m, 0.5)),
            "width_m": width_m,
        }
        data.update(extra)
        self.edges.append(data)


def _floor_word(floor: int) -> tuple[str, str]:
    if floor < 0:
        return f"地下{-floor}层", f"B{-floor}"
    return f"{floor + 1}层", f"{floor + 1}F"


def _building(b: Building, out: _Out) -> None:
    n_seg = b.corridor_segments
    seg_len = b.corridor_length_m / n_seg
    per_row = math.ceil(b.rooms_per_floor / 2) if b.rooms_per_floor else 0
    parts = b.corridor_parts or [CorridorPart(id=str(k + 1)) for k in range(n_seg)]
    stair_labels = [st.id or str(j) for j, st in enumerate(b.stairs, start=1)]
    lift_labels = [lf.id or str(j) for j, lf in enumerate(b.lifts, start=1)]
    ids = b.ids

    def seg_of(frac: float) -> int:
        return max(0, min(int(frac * n_seg), n_seg - 1))

    def fmt(template: str, floor: int, **extra: str) -> str:
        values = dict.fromkeys(ID_FIELDS, "")
        values.update(block=b.id, floor=str(floor), storey=str(floor + 1), **extra)
        return template.format(**values)

    def corridor(floor: int, k: int) -> str:
        return fmt(ids.corridor, floor, part=parts[k].id)

    def stair(floor: int, j: int) -> str:
        return fmt(ids.stair, floor, stair=stair_labels[j])

    def lift(floor: int, j: int) -> str:
        return fmt(ids.lift, floor, lift=lift_labels[j])

    for floor in range(b.lowest_floor, b.lowest_floor + b.floors):
        fz, fe = _floor_word(floor)
        y = b.y_m
        for k in range(n_seg):
            part_name = parts[k].name
            pz, pe = (str(k + 1), str(k + 1)) if part_name is None else _split(part_name)
            sep = "" if part_name is None else ","
            out.node(
                corridor(floor, k),
                "corridor",
                b.x_m + seg_len * (k + 0.5),
                y,
                floor=floor,
                area_m2=b.corridor_area_m2 or _r(seg_len * b.corridor_width_m),
                height_m=b.corridor_height_m,
                name=_name(
                    b.name, f"{fz}走廊{pz}" + ("" if sep else "段"), f"{fe} corridor{sep} {pe}"
                ),
            )
            if k:
                out.edge(
                    corridor(floor, k - 1), corridor(floor, k), "corridor", seg_len,
                    b.corridor_width_m,
                )  # fmt: skip
        for i in range(b.rooms_per_floor):
            row, slot = i % 2, i // 2
            rx = b.x_m + b.corridor_length_m * (slot + 0.5) / per_row
            ry = y + (b.room_depth_m if row == 0 else -b.room_depth_m)
            seg = seg_of((rx - b.x_m) / b.corridor_length_m)
            sx = b.x_m + seg_len * (seg + 0.5)
            number = f"{floor + 1}{i + 1:02d}" if floor >= 0 else f"B{-floor}{i + 1:02d}"
            rid = fmt(ids.room, floor, n=f"{i + 1:02d}", number=number)
            if b.room_name is None:
                rname = _name(b.name, f"{number}房间", f"room {number}")
            else:
                rz, re_ = _split(b.room_name)
                rname = _name(b.name, rz.format(number=number), re_.format(number=number))
            out.node(
                rid,
                b.room_kind,
                rx,
                ry,
                floor=floor,
                area_m2=b.room_area_m2,
                height_m=b.room_height_m,
                capacity=b.room_capacity,
                name=rname,
            )
            out.edge(
                rid,
                corridor(floor, seg),
                "door",
                b.room_door_length_m or math.hypot(rx - sx, b.room_depth_m),
                b.room_door_width_m,
            )
        for j, st in enumerate(b.stairs):
            label = stair_labels[j]
            lx = b.x_m + st.at * b.corridor_length_m
            seg = seg_of(st.at)
            sx = b.x_m + seg_len * (seg + 0.5)
            sz, se = ("", "") if st.name is None else _split(st.name)
            out.node(
                stair(floor, j),
                "stair",
                lx,
                y,
                floor=floor,
                area_m2=st.area_m2,
                height_m=st.height_m,
                name=_name(b.name, *_stair_name(sz, se, label, floor)),
            )
            extra = {"fire_door": True} if st.fire_door else {}
            out.edge(
                stair(floor, j), corridor(floor, seg), "door", abs(lx - sx),
                st.door_width_m or st.width_m, **extra,
            )  # fmt: skip
            if floor > b.lowest_floor:
                h = b.floor_height_m
                flight = st.flight_length_m or math.hypot(h, h * st.tread_m / st.riser_m) + 2.0
                out.edge(
                    stair(floor - 1, j),
                    stair(floor, j),
                    "stair",
                    flight,
                    st.width_m,
                    riser_m=st.riser_m,
                    tread_m=st.tread_m,
                )
            if floor == 0 and st.exit:
                out.node(
                    f"{b.id}.exit.s{label}",
                    "exit",
                    lx,
                    y - 3.0,
                    name=_name(
                        b.name, f"{sz or f'{label}号楼梯'}出口", f"{se or f'stair {label}'} exit"
                    ),
                )
                out.edge(stair(floor, j), f"{b.id}.exit.s{label}", "door", 3.0, st.width_m)
        for j, lf in enumerate(b.lifts):
            label = lift_labels[j]
            lx = b.x_m + lf.at * b.corridor_length_m
            seg = seg_of(lf.at)
            sx = b.x_m + seg_len * (seg + 0.5)
            lz, le = (f"{label}号电梯", f"lift {label},") if lf.name is None else _split(lf.name)
            out.node(
                lift(floor, j),
                "lift",
                lx,
                y + lf.offset_m,
                floor=floor,
                area_m2=lf.area_m2,
                height_m=lf.height_m,
                name=_name(
                    b.name,
                    f"{lz}{fz}" if lf.name is None else f"{fz}{lz}",
                    f"{le} {fe}" if lf.name is None else f"{fe} {le}",
                ),
            )
            out.edge(
                lift(floor, j), corridor(floor, seg), "corridor", math.hypot(lx - sx, lf.offset_m),
                lf.door_width_m,
            )  # fmt: skip
            if floor > b.lowest_floor:
                out.edge(lift(floor - 1, j), lift(floor, j), "lift", b.floor_height_m, 1.1)
        if floor == 0 and b.entrance is not None:
            ex = b.x_m + b.entrance.at * b.corridor_length_m
            seg = seg_of(b.entrance.at)
            sx = b.x_m + seg_len * (seg + 0.5)
            ey = y - b.room_depth_m - 3.0
            out.node(
                f"{b.id}.exit.main", "exit", ex, ey, name=_name(b.name, "大门", "main entrance")
            )
            out.edge(
                corridor(floor, seg), f"{b.id}.exit.main", "door", math.hypot(ex - sx, y - ey),
                b.entrance.width_m,
            )  # fmt: skip


def _stair_name(zh: str, en: str, label: str, floor: int) -> tuple[str, str]:
    """A stair landing's name: the stair's name with its floor after it, or, when the name
    holds {storey} (floor + 1), the name as written with the storey put in."""
    fz, fe = _floor_word(floor)
    if "{storey}" in zh or "{storey}" in en:
        return zh.replace("{storey}", str(floor + 1)), en.replace("{storey}", str(floor + 1))
    return f"{zh or f'{label}号楼梯'}{fz}", f"{en or f'stair {label}'}, {fe}"


def _split(text: Text) -> tuple[str, str]:
    if isinstance(text, str):
        return text, text
    return text.zh, text.en


def _plant_yard(p: PlantYard, out: _Out) -> None:
    yard = f"{p.id}.yard"
    out.node(
        yard,
        "yard",
        p.x_m,
        p.y_m,
        area_m2=p.area_m2,
        name=_text(p.name) or _name(None, "厂区", "yard"),
    )
    for b in p.buildings:
        x, y = _at(p.x_m, p.y_m, b.distance_m, b.bearing_deg)
        out.node(
            f"{p.id}.{b.id}", b.kind, x, y, area_m2=b.area_m2, height_m=b.height_m,
            name=_text(b.name),
        )  # fmt: skip
        kind = "door" if b.kind == "room" else "open"
        out.edge(f"{p.id}.{b.id}", yard, kind, b.distance_m, b.door_width_m)
    for g in p.gates:
        x, y = _at(p.x_m, p.y_m, g.distance_m, g.bearing_deg)
        out.node(f"{p.id}.{g.id}", "exit", x, y, name=_text(g.name))
        out.edge(yard, f"{p.id}.{g.id}", "open", g.distance_m, g.width_m)


def _construction_site(c: ConstructionSite, out: _Out) -> None:
    work = f"{c.id}.work"
    out.node(
        work, "yard", c.x_m, c.y_m, area_m2=c.area_m2,
        name=_text(c.name) or _name(None, "作业区", "work area"),
    )  # fmt: skip
    s = c.scaffold
    sx, sy = _at(c.x_m, c.y_m, s.distance_m, s.bearing_deg)
    ladder = math.hypot(s.level_height_m, s.ladder_run_m)
    prev = work
    for level in range(1, s.levels + 1):
        lid = f"{c.id}.scaffold.l{level}"
        out.node(
            lid, "outdoor", sx, sy, floor=level, area_m2=s.area_m2, indoor=False,
            name=_name(None, f"脚手架第{level}层", f"scaffold level {level}"),
        )  # fmt: skip
        length = ladder if level > 1 else math.hypot(ladder, s.distance_m)
        out.edge(prev, lid, "stair", length, s.ladder_width_m)
        prev = lid
    if c.crane is not None:
        x, y = _at(c.x_m, c.y_m, c.crane.distance_m, c.crane.bearing_deg)
        out.node(
            f"{c.id}.crane", "outdoor", x, y, area_m2=c.crane.area_m2,
            name=_text(c.crane.name) or _name(None, "塔吊基础", "crane base"),
        )  # fmt: skip
        out.edge(work, f"{c.id}.crane", "open", c.crane.distance_m, 3.0)
    if c.office is not None:
        x, y = _at(c.x_m, c.y_m, c.office.distance_m, c.office.bearing_deg)
        out.node(
            f"{c.id}.office", "room", x, y, area_m2=c.office.area_m2,
            name=_text(c.office.name) or _name(None, "项目部", "site office"),
        )  # fmt: skip
        out.edge(f"{c.id}.office", work, "door", c.office.distance_m, 1.0)
    g = c.gate
    x, y = _at(c.x_m, c.y_m, g.distance_m, g.bearing_deg)
    out.node(f"{c.id}.{g.id}", "exit", x, y, name=_text(g.name))
    out.edge(work, f"{c.id}.{g.id}", "open", g.distance_m, g.width_m)


def _pipeline(p: PipelineCorridor, out: _Out) -> None:
    step = p.length_m / p.segments
    for k in range(p.segments + 1):
        x, y = _at(p.x_m, p.y_m, step * k, p.bearing_deg)
        end = k in (0, p.segments)
        out.node(
            f"{p.id}.p{k}",
            "outdoor",
            x,
            y,
            area_m2=_r(step * p.street_width_m),
            name=_name(p.name, f"街道{k}号点", f"street point {k}"),
        )
        if k:
            out.edge(f"{p.id}.p{k - 1}", f"{p.id}.p{k}", "open", step, p.street_width_m)
        if end:
            ex, ey = _at(x, y, 20.0, (p.bearing_deg + (180.0 if k == 0 else 0.0)) % 360)
            eid = f"{p.id}.exit.{'start' if k == 0 else 'end'}"
            out.node(eid, "exit", ex, ey, name=_name(p.name, "街口", "street end"))
            out.edge(f"{p.id}.p{k}", eid, "open", 20.0, p.street_width_m)
    for b in p.basements:
        k = min(round(b.at_m / step), p.segments)
        px, py = _at(p.x_m, p.y_m, b.at_m, p.bearing_deg)
        bx, by = _at(
            px, py, abs(b.offset_m), (p.bearing_deg + (90.0 if b.offset_m >= 0 else 270.0)) % 360
        )
        out.node(
            f"{p.id}.{b.id}", "room", bx, by, floor=-1, area_m2=b.area_m2, height_m=b.height_m,
            name=_text(b.name),
        )  # fmt: skip
        out.edge(
            f"{p.id}.{b.id}", f"{p.id}.p{k}", "stair",
            abs(b.offset_m) + abs(b.at_m - step * k) + 4.0, b.stair_width_m,
        )  # fmt: skip


def _assembly(block_id: str, spec: AssemblySpec | None, x: float, y: float, out: _Out) -> None:
    if spec is None:
        return
    aid = spec.id or f"{block_id}.assembly"
    ax, ay = _at(x, y, spec.distance_m, spec.bearing_deg)
    out.node(
        aid, "assembly", ax, ay, area_m2=spec.area_m2,
        name=_text(spec.name) or _name(None, "集合点", "assembly point"),
    )  # fmt: skip
    for exit_id in list(out.exits):
        ex = next(n for n in out.nodes if n["id"] == exit_id)
        d = math.hypot(ax - ex["x_m"], ay - ex["y_m"])
        out.edge(exit_id, aid, "open", d, spec.width_m)


def expand(block: Block) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The nodes and edges one block makes, as scenario data."""
    out = _Out()
    if block.building is not None:
        _building(block.building, out)
        _assembly(
            block.building.id, block.building.assembly, block.building.x_m, block.building.y_m, out
        )
    elif block.plant_yard is not None:
        _plant_yard(block.plant_yard, out)
        _assembly(
            block.plant_yard.id,
            block.plant_yard.assembly,
            block.plant_yard.x_m,
            block.plant_yard.y_m,
            out,
        )
    elif block.construction_site is not None:
        c = block.construction_site
        _construction_site(c, out)
        _assembly(c.id, c.assembly, c.x_m, c.y_m, out)
    elif block.pipeline_corridor is not None:
        p = block.pipeline_corridor
        _pipeline(p, out)
        _assembly(p.id, p.assembly, p.x_m, p.y_m, out)
    return out.nodes, out.edges


def expand_blocks(data: Any, marks: dict[Path, tuple[int, int]]) -> set[str]:
    """Append the places and ways of every valid block in ``data['site']['blocks']`` to
    ``site.nodes`` and ``site.edges``, and mark each generated item at its block, so
    that a problem in it is reported there. Invalid blocks are left for the checker,
    which reports them at their fields; their ids are returned, so that references to
    the places they would have made are not reported as well."""
    failed: set[str] = set()
    site = data.get("site") if isinstance(data, dict) else None
    if not isinstance(site, dict) or not isinstance(site.get("blocks"), list):
        return failed
    nodes = site.setdefault("nodes", [])
    edges = site.setdefault("edges", [])
    if not isinstance(nodes, list) or not isinstance(edges, list):
        return failed
    for i, raw in enumerate(site["blocks"]):
        try:
            block = Block.model_validate(raw)
        except (ValidationError, ValueError, TypeError):
            if isinstance(raw, dict):
                for spec in raw.values():
                    if isinstance(spec, dict) and isinstance(spec.get("id"), str):
                        failed.add(spec["id"])
            failed.add("")
            continue
        where = _mark(marks, ("site", "blocks", i))
        new_nodes, new_edges = expand(block)
        for item, key in ((new_nodes, "nodes"), (new_edges, "edges")):
            target = nodes if key == "nodes" else edges
            for generated in item:
                marks[("site", key, len(target))] = where
                target.append(generated)
    return failed


def _mark(marks: dict[Path, tuple[int, int]], path: Path) -> tuple[int, int]:
    p = path
    while p:
        if p in marks:
            return marks[p]
        p = p[:-1]
    return marks.get((), (0, 0))
