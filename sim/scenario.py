"""The scenario format: pydantic models that a scenario YAML file is validated against.

Every model forbids unknown fields and describes every field; the descriptions are what an
editor shows on hover through the generated JSON Schema (``scenarios/scenario.schema.json``).
Numbers carry their unit in the field name. Text fields take a plain string or
``{zh: ..., en: ...}``. docs/authoring-examples.md shows every part with examples;
docs/reference.md, generated from these models, lists every field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    model_validator,
)

from sim.blocks import Block
from sim.hazards.specs import HazardSpec, NoneHazard
from sim.text import Text

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=64),
    Field(description="An identifier: letters, digits, '_', '-' and '.', up to 64 characters."),
]

DrillCategory = Literal[
    "hazmat_vehicle_leak",
    "scaffold_crane_collapse",
    "oil_gas_pipeline_leak",
    "hotel_scenic_spot",
    "special_equipment",
    "water_traffic",
    "mine",
    "hazardous_chemicals",
    "fireworks",
    "combustible_dust",
    "city_gas",
    "fire",
    "evacuation",
    "other",
]
"""The campaign's drill types plus general fire and evacuation drills.

The 2024 Safety Production Month notice names the sector drills (water traffic, hazardous-
chemical vehicle leaks, scaffold and crane collapse, special equipment, oil and gas pipeline
leaks, hotels and scenic spots) and the front-line drills of mines, fixed-site hazardous
chemicals (危险化学品), fireworks (烟花爆竹), combustible dust (粉尘涉爆) and city gas (城镇燃气).
"""

ExpectationCategory = Literal["reporting", "evacuation", "early_response"]
"""信息报告, 疏散撤离, 先期处置 (Decree 493 Art. 9-12; Decree 708 Art. 17)."""

NodeKind = Literal[
    "room", "corridor", "stair", "lift", "exit", "assembly", "road", "yard", "gate", "outdoor"
]
EdgeKind = Literal["corridor", "door", "stair", "road", "open", "lift"]

ActionKind = Literal[
    "report",
    "call",
    "alarm",
    "evacuate",
    "shelter",
    "cordon",
    "isolate_source",
    "shutdown",
    "ventilate",
    "ppe",
    "rescue",
    "first_aid",
    "headcount",
    "guide_responders",
    "extinguish",
    "warn",
    "verify",
    "close_doors",
    "sweep",
    "stabilise",
    "enter",
    "operate",
]
"""The engine's action vocabulary (docs/authoring-examples.md, The action vocabulary)."""

ReportElement = Literal["unit", "time_place", "account", "casualties", "measures", "other"]
"""The six report elements of Decree 493 (2007), Art. 12."""

REPORT_ELEMENTS: tuple[str, ...] = (
    "unit",
    "time_place",
    "account",
    "casualties",
    "measures",
    "other",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Weather(_Model):
    """Weather at the start of the drill; the plume model reads wind and stability from it."""

    wind_from_deg: float = Field(
        0.0,
        ge=0,
        lt=360,
        description="Direction the wind blows FROM, degrees clockwise from north (meteorological).",
    )
    wind_speed_m_s: float = Field(2.0, ge=0, le=40, description="Wind speed at 10 m, m/s.")
    daytime: bool = Field(True, description="Whether the drill happens by day (sun up).")
    insolation: Literal["strong", "moderate", "slight"] | None = Field(
        None, description="Daytime solar radiation, for the Pasquill stability class."
    )
    cloud: Literal["cloudy", "clear", "overcast"] | None = Field(
        None, description="Night cloud cover, or overcast by day, for the stability class."
    )
    temperature_c: float = Field(20.0, ge=-50, le=60, description="Air temperature, °C.")
    description: Text | None = Field(None, description="Weather as the briefing tells it.")


class Role(_Model):
    """A post in the drill and its response card (应急处置卡, GB/T 29639-2020 ch. 8)."""

    id: Id
    name: Text = Field(description="The post's name, e.g. 班组长 / shift leader.")
    card: list[Text] = Field(
        default_factory=list,
        description="Response card lines: what this post does, in order, and whom to call.",
    )
    contacts: list[Text] = Field(
        default_factory=list, description="Numbers and contacts printed on the card."
    )


class Node(_Model):
    """A place on the site: a room, corridor, stair landing, exit, assembly point, road point."""

    id: Id
    kind: NodeKind = Field(description="What kind of place this is.")
    name: Text | None = Field(None, description="Name shown on the map and in messages.")
    x_m: float = Field(description="East coordinate, metres.")
    y_m: float = Field(description="North coordinate, metres.")
    floor: int = Field(0, ge=-10, le=200, description="Storey; 0 is ground, -1 a basement.")
    area_m2: float = Field(
        20.0, gt=0, le=1_000_000, description="Floor area, m². Sets crowd density."
    )
    height_m: float = Field(3.0, gt=0, le=100, description="Ceiling height, m.")
    indoor: bool | None = Field(
        None, description="Indoors (sheltered air). Default: rooms, corridors, stairs, lifts."
    )
    capacity: int | None = Field(
        None, ge=0, description="Beds or seats, shown in the briefing (guest rooms, halls)."
    )
    offsite: bool | None = Field(
        None,
        description="Outside the unit's site (a village, a public road, a fire station): "
        "left out of the on-site peak. Default: off site where an off-site population "
        "group starts, on site elsewhere.",
    )

    @property
    def is_indoor(self) -> bool:
        """Whether the node is indoors, applying the default by kind."""
        if self.indoor is not None:
            return self.indoor
        return self.kind in ("room", "corridor", "stair", "lift")

    @property
    def volume_m3(self) -> float:
        """Air volume of the place, m³."""
        return self.area_m2 * self.height_m


class Edge(_Model):
    """A way between two places: a corridor, door, stair, road or open ground."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )

    source: Id = Field(alias="from", description="Node id at one end.")
    target: Id = Field(alias="to", description="Node id at the other end.")
    kind: EdgeKind = Field(description="What kind of way this is.")
    length_m: float = Field(gt=0, le=100_000, description="Walking or driving length, m.")
    width_m: float = Field(
        1.2, gt=0, le=200, description="Clear width, m. Doors and stairs cap the flow by it."
    )
    riser_m: float | None = Field(
        None, gt=0, le=0.3, description="Stair riser height, m (stairs only)."
    )
    tread_m: float | None = Field(None, gt=0, le=0.6, description="Stair tread depth, m.")
    door_closed: bool = Field(
        True, description="For doors: closed (self-closing) until somebody props it open."
    )
    fire_door: bool = Field(False, description="A fire-rated door (smoke is held longer).")

    @model_validator(mode="after")
    def _stair_geometry(self) -> Edge:
        if self.kind == "stair" and (self.riser_m is None) != (self.tread_m is None):
            raise ValueError("stair_geometry")
        return self


class Site(_Model):
    """The site as a graph of places and ways."""

    nodes: list[Node] = Field(
        default_factory=list, description="Places (with those the blocks make: at least one)."
    )
    edges: list[Edge] = Field(default_factory=list, description="Ways between places.")
    blocks: list[Block] = Field(
        default_factory=list,
        description="Building blocks (building, plant_yard, construction_site, "
        "pipeline_corridor) that the loader expands into nodes and edges.",
    )
    default_assembly: Id | None = Field(
        None,
        description="Where people go when the alarm sounds and nobody says otherwise "
        "(default: the nearest exit or assembly point).",
    )


class FixedDelay(_Model):
    """Everybody starts after the same time."""

    dist: Literal["fixed"] = Field(description="Distribution: the same time for everyone.")
    value_s: float = Field(ge=0, le=86_400, description="Pre-movement time, s.")
    max_s: float | None = Field(
        None, ge=0, le=86_400, description="No one starts later than this, s (at least value_s)."
    )


class UniformDelay(_Model):
    """Pre-movement times spread evenly between two bounds."""

    dist: Literal["uniform"] = Field(description="Distribution: uniform between two bounds.")
    min_s: float = Field(ge=0, le=86_400, description="Shortest pre-movement time, s.")
    max_s: float = Field(ge=0, le=86_400, description="Longest pre-movement time, s.")


class NormalDelay(_Model):
    """Normally distributed pre-movement times, cut at a minimum."""

    dist: Literal["normal"] = Field(description="Distribution: normal, cut at a minimum.")
    mean_s: float = Field(ge=0, le=86_400, description="Mean pre-movement time, s.")
    sd_s: float = Field(ge=0, le=86_400, description="Standard deviation, s.")
    min_s: float = Field(0.0, ge=0, description="No one starts earlier than this, s.")
    max_s: float | None = Field(
        None, ge=0, le=86_400, description="No one starts later than this, s (none: no limit)."
    )


class LognormalDelay(_Model):
    """Log-normal pre-movement times, the usual fit to observed data (PD 7974-6:2019)."""

    dist: Literal["lognormal"] = Field(description="Distribution: log-normal.")
    median_s: float = Field(gt=0, le=86_400, description="Median pre-movement time, s.")
    sigma: float = Field(gt=0, le=3, description="Standard deviation of ln(time).")
    min_s: float = Field(0.0, ge=0, description="No one starts earlier than this, s.")
    max_s: float | None = Field(
        None, ge=0, le=86_400, description="No one starts later than this, s (none: no limit)."
    )


PreMovement = Annotated[
    FixedDelay | UniformDelay | NormalDelay | LognormalDelay, Field(discriminator="dist")
]


class PopulationGroup(_Model):
    """People who start at one place and behave alike."""

    id: Id
    node: Id = Field(description="Node where the group starts.")
    count: int = Field(ge=0, le=100_000, description="Number of people.")
    name: Text | None = Field(None, description="Who they are, e.g. sleeping guests.")
    speed_m_s: float = Field(1.2, gt=0, le=3, description="Free walking speed on level ground.")
    mobility: Literal["able", "impaired", "wheelchair"] = Field(
        "able", description="Mobility class; impaired and wheelchair users are slower on stairs."
    )
    premovement: PreMovement = Field(description="Time from being alerted to starting to move.")
    alerted_by: Literal["start", "alarm", "evacuate"] = Field(
        "alarm",
        description="What alerts them: the incident itself (start), the alarm, or an "
        "evacuation order addressed to them.",
    )
    casualty: Literal["trapped", "injured", "cardiac_arrest", "major_bleeding"] | None = Field(
        None, description="Casualties at the start (they do not walk; rescue moves them)."
    )
    missing: bool = Field(
        False, description="Not known to be here until a headcount finds them missing."
    )
    offsite: bool = Field(
        False,
        description="Neighbours outside the unit (a village, the next factory): the unit's "
        "alarm and evacuation orders do not reach them; only an action naming their node "
        "(warn, evacuate with a scope) does.",
    )
    destination: Id | None = Field(
        None,
        description="Where this group goes once alerted, unless an order names a place "
        "(default: site.default_assembly, else the nearest exit or assembly point).",
    )


class ResponderEffect(_Model):
    """What happens when a responder arrives."""

    kind: Literal[
        "isolate_source", "extinguish", "rescue", "first_aid", "stabilise", "cordon", "ventilate"
    ] = Field(description="What it does, as the action of the same kind.")
    params: dict[str, float | int | str | bool] = Field(
        default_factory=dict, description="Parameters, as for the action of the same kind."
    )
    delay_s: float = Field(0.0, ge=0, description="Time after arrival until it takes effect, s.")


class Responder(_Model):
    """An emergency service that comes only when somebody calls it."""

    id: Id
    service: Literal["fire", "ambulance", "police", "gas_utility", "hazmat", "other"] = Field(
        description="Which service it is."
    )
    name: Text = Field(description="Name shown on the map and in the feed.")
    number: str | None = Field(None, description="Number to call, e.g. 119.")
    dispatch_delay_s: float = Field(
        60.0, ge=0, le=7200, description="From the call to leaving the station, s."
    )
    origin: Id = Field(description="Road node where it starts.")
    destination: Id = Field(description="Node where it arrives on site.")
    speed_m_s: float = Field(10.0, gt=0, le=40, description="Driving speed on road edges, m/s.")
    on_arrival: list[ResponderEffect] = Field(
        default_factory=list, description="What it does when it arrives."
    )
    needs_guide: bool = Field(
        False,
        description="Loses time at the gate unless somebody guides it in (guide_responders).",
    )
    unguided_delay_s: float = Field(
        120.0, ge=0, description="Time lost finding the way when nobody guides it, s."
    )


class WindChange(_Model):
    """A change of wind an inject brings (the plume turns and stretches with it)."""

    wind_from_deg: float | None = Field(
        None, ge=0, lt=360, description="New direction the wind blows FROM, degrees."
    )
    wind_speed_m_s: float | None = Field(None, ge=0, le=40, description="New wind speed, m/s.")


class Inject(_Model):
    """A message the team receives, at a time or when an event happens."""

    id: Id
    at_s: float | None = Field(None, ge=0, description="Sim time when it is delivered, s.")
    after: str | None = Field(
        None,
        description="Event that delivers it: 'action:<id>', 'inject:<id>', "
        "'milestone:<name>' or 'arrival:<responder>'.",
    )
    on: str | None = Field(
        None,
        description="The older name of 'after', still read. Standard YAML tools read the "
        "key on as true, so write 'after' in new files.",
    )
    delay_s: float = Field(0.0, ge=0, description="Delay after the 'after' event, s.")
    to: Id | None = Field(None, description="Role it is addressed to (default: everyone).")
    text: Text = Field(description="What the team is told.")
    prompt: bool = Field(False, description="Asks the addressed role to act; shows a countdown.")
    respond_within_s: float | None = Field(None, gt=0, description="Countdown for a prompt, s.")
    expects: Id | None = Field(None, description="The action id a prompt asks for.")
    optional: bool = Field(
        False, description="Held back for the facilitator to fire by hand (not automatic)."
    )
    wind: WindChange | None = Field(
        None, description="The wind changes when this inject is delivered (plume scenarios)."
    )

    @property
    def trigger(self) -> str | None:
        """The event that delivers it, whether written as 'after' or as the older 'on'."""
        return self.after if self.after is not None else self.on


class ParamChoice(_Model):
    """One choice of an action parameter."""

    value: str = Field(description="The value recorded in the log.")
    label: Text = Field(description="What the form shows.")


class ActionParam(_Model):
    """A parameter of an action, as its form asks for it."""

    type: Literal["number", "text", "choice", "multi", "node", "bool"] = Field(
        description="What the form asks for: a number, text, one choice, several choices, "
        "a place, or yes/no."
    )
    label: Text = Field(description="The field's label in the form.")
    unit: str | None = Field(None, description="Unit shown beside a number, e.g. m.")
    min: float | None = Field(None, description="Smallest number accepted.")
    max: float | None = Field(None, description="Largest number accepted.")
    choices: list[ParamChoice] = Field(
        default_factory=list, description="Choices for 'choice' and 'multi'."
    )
    node_kinds: list[NodeKind] = Field(
        default_factory=list, description="For 'node': which kinds of node may be chosen."
    )
    default: float | int | str | bool | list[str] | None = Field(
        None, description="Value when the form is left alone."
    )
    required: bool = Field(True, description="The action is refused without it.")


class SendPeople(_Model):
    """People an action sends back into a place (a guest let back in for belongings):
    they walk there from where they are safe, stay a while, and come out again, taking
    whatever dose the way and the place give them."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )

    count: int = Field(1, ge=1, le=1000, description="How many people go back in.")
    source: Id = Field(alias="from", description="Exit or assembly point they leave from.")
    to: Id = Field(description="Place they go back into.")
    stay_s: float = Field(
        120.0, ge=0, le=7200, description="Time they spend there before coming out, s."
    )


class Action(_Model):
    """An action the team can take, built on one kind of the engine's vocabulary."""

    id: Id
    kind: ActionKind = Field(description="Which engine action this is.")
    label: Text = Field(description="Button and menu text.")
    short: Text | None = Field(
        None,
        description="A short label for narrow screens, at most 18 columns (9 Chinese "
        "characters); default: the label.",
    )
    hint: Text | None = Field(None, description="One line of help in the form.")
    key: str | None = Field(
        None,
        max_length=1,
        description="Hotkey (one character); overrides the key catalogue's key for the "
        "action's kind (docs/app.md, Keys).",
    )
    roles: list[Id] = Field(
        default_factory=list, description="Roles allowed to take it (empty: any role)."
    )
    duration_s: float = Field(30.0, ge=0, le=7200, description="Sim time it takes, s.")
    node: Id | None = Field(None, description="Where it is done, when that matters.")
    requires: list[Id] = Field(
        default_factory=list, description="Actions that must be complete first."
    )
    params: dict[str, ActionParam] = Field(
        default_factory=dict, description="Parameters the form asks for."
    )
    fixed: dict[str, float | int | str | bool | list[str]] = Field(
        default_factory=dict,
        description="Parameters fixed by the scenario, passed to the engine as given.",
    )
    ignition_source: bool = Field(
        False, description="Makes a spark (switch, phone, engine): ignites gas at or above LEL."
    )
    needs_ppe: bool = Field(
        False, description="Unsafe without PPE: the performer is exposed at the action's node."
    )
    once: bool = Field(True, description="Can be taken only once.")
    sends: SendPeople | None = Field(
        None,
        description="A harmful act's physical effect: people it sends back into a place "
        "(they walk in, stay, and come out again; logged as 'sent_back').",
    )
    silences_alarm: bool = Field(
        False,
        description="A harmful act's physical effect: the sounders stop. People the alarm "
        "roused who have not yet set off settle back and stay until a sweep, an order that "
        "reaches them or another alarm does (logged as 'alarm_silenced').",
    )


class ParamCheck(_Model):
    """A condition on an action's parameters that makes it correct."""

    param: str = Field(description="Parameter name.")
    min: float | None = Field(None, description="Value must be at least this.")
    max: float | None = Field(None, description="Value must be at most this.")
    equals: float | int | str | bool | None = Field(None, description="Value must equal this.")
    one_of: list[str] | None = Field(None, description="Value must be one of these.")
    includes: list[str] | None = Field(None, description="List value must include all of these.")
    un_number: int | None = Field(
        None,
        ge=1,
        le=9999,
        description="Value must name this UN number: 1017, '1017', '01017', 'UN1017' and "
        "'UN 1017' all match 1017.",
    )
    factor_if_failed: float = Field(
        0.5, ge=0, le=1, description="Credit is multiplied by this when the check fails."
    )
    explain: Text | None = Field(None, description="Why it matters, for the debrief.")


class Expectation(_Model):
    """What a good team does, with its deadline (or a harmful action with its penalty)."""

    id: Id
    category: ExpectationCategory = Field(
        description="reporting (信息报告), evacuation (疏散撤离) or early_response (先期处置)."
    )
    title: Text = Field(description="What is expected, in a few words.")
    action: Id | None = Field(None, description="Action id that meets it.")
    one_of: list[Id] | None = Field(
        None,
        min_length=1,
        description="Instead of one action, action ids any of which meets it; the first "
        "one done counts (for a harmful action, the first one taken).",
    )
    event: str | None = Field(
        None,
        description="Instead of an action, an event that meets it ('milestone:<name>', ...).",
    )
    starts_on: str = Field(
        "start",
        description="Event that starts its clock: 'start', 'action:<id>', 'inject:<id>', "
        "'milestone:<name>' or 'arrival:<responder>'.",
    )
    target_s: float = Field(ge=0, description="Full credit when done within this, s.")
    limit_s: float = Field(ge=0, description="No credit after this, s (linear in between).")
    weight: float = Field(1.0, gt=0, le=100, description="Weight within its category.")
    checks: list[ParamCheck] = Field(
        default_factory=list, description="Parameter checks that can cut the credit."
    )
    harmful: bool = Field(False, description="A harmful action: doing it is a violation.")
    before: str | None = Field(
        None,
        description="For a harmful action: harmful only if taken before this event "
        "(e.g. 'milestone:stabilised'), or if the event never happens.",
    )
    penalty: float = Field(
        0.0, ge=0, le=100, description="Points taken off the total when violated."
    )
    rule: Text | None = Field(None, description="The rule or standard it comes from.")
    task: Text | None = Field(None, description="HSEEP task it rates (P/S/M/U).")
    checklist: Text | None = Field(
        None,
        description="AQ/T 9009 checklist item it answers (shorthand for an item of the "
        "scenario's checklist that covers this expectation; expectations with the same text "
        "share one item).",
    )

    @property
    def action_ids(self) -> tuple[str, ...]:
        """The actions that meet it: its one action, or its one_of list (empty for events)."""
        if self.action is not None:
            return (self.action,)
        return tuple(self.one_of or ())


ChecklistOutcome = Literal[
    "everyone_safe", "no_casualties", "no_injured", "no_escalation", "rset_below_aset"
]


class ChecklistItem(_Model):
    """An AQ/T 9009-2015 Annex B checklist item, answered from what it covers."""

    id: Id
    item: Text = Field(description="The question, as the checklist asks it.")
    covers: list[Id] = Field(
        default_factory=list,
        description="Expectations it covers: it is answered yes only when every one of "
        "them was met in time and complete (a harmful action: avoided).",
    )
    outcomes: list[ChecklistOutcome] = Field(
        default_factory=list,
        description="Outcomes it covers: everyone_safe (everybody safe or sheltered at "
        "the end), no_casualties, no_injured (in the drill), no_escalation (no ignition, explosion, "
        "flashover or secondary collapse), rset_below_aset.",
    )


class ScoringWeights(_Model):
    """Category weights; they are normalised to a 100-point total."""

    reporting: float = Field(25.0, ge=0, description="信息报告 weight.")
    evacuation: float = Field(30.0, ge=0, description="疏散撤离 weight.")
    early_response: float = Field(30.0, ge=0, description="先期处置 weight.")
    outcome: float = Field(15.0, ge=0, description="Outcome measured by the simulation.")


class Scoring(_Model):
    """How the drill is scored."""

    weights: ScoringWeights = Field(
        default_factory=ScoringWeights, description="Weight of each category in the total."
    )
    rset_aset: bool = Field(
        False,
        description="Deduct when the evacuation (RSET) outlasts the time to untenable "
        "conditions where people were (ASET), as fire-safety design does (GB/T 31593.9-2015).",
    )


class Scenario(_Model):
    """A drill scenario."""

    format: Literal[1] = Field(1, description="Format version of this file.")
    id: Id
    title: Text = Field(description="The scenario's title.")
    summary: Text = Field(description="The situation in a few sentences, for the picker.")
    briefing: list[Text] = Field(
        default_factory=list, description="Paragraphs of the situation for the briefing."
    )
    category: DrillCategory = Field(description="The campaign's drill type.")
    difficulty: Literal["basic", "intermediate", "advanced"] = Field(
        "intermediate", description="How hard it is, shown in the picker."
    )
    start_clock: Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] = Field(
        "09:00", description="Wall-clock time at incident start, 'HH:MM' (quote it)."
    )
    duration_s: float = Field(gt=0, le=86_400, description="Length of the drill in sim time, s.")
    unit: Text | None = Field(None, description="The unit (company, site) the drill is set in.")
    weather: Weather = Field(default_factory=Weather, description="Weather and wind.")
    roles: list[Role] = Field(min_length=1, description="Posts in the drill and their cards.")
    site: Site = Field(description="The site as a graph of places and ways.")
    population: list[PopulationGroup] = Field(
        default_factory=list, description="The people on site, in groups."
    )
    hazard: HazardSpec = Field(
        default_factory=NoneHazard, description="The hazard model and its parameters."
    )
    responders: list[Responder] = Field(
        default_factory=list, description="Emergency services that come when called."
    )
    injects: list[Inject] = Field(
        default_factory=list, description="Messages the team receives during the drill."
    )
    actions: list[Action] = Field(min_length=1, description="Actions the team can take.")
    expectations: list[Expectation] = Field(
        default_factory=list, description="What a good team does, and harmful actions."
    )
    checklist: list[ChecklistItem] = Field(
        default_factory=list,
        description="AQ/T 9009 checklist items, each answered from the expectations and "
        "outcomes it covers.",
    )
    scoring: Scoring = Field(default_factory=Scoring, description="How it is scored.")
    sources: list[str] = Field(
        default_factory=list, description="Where the scenario's figures come from."
    )

    _idx: _Index | None = PrivateAttr(default=None)

    @property
    def index(self) -> _Index:
        """Nodes, actions, roles and responders by id."""
        if self._idx is None:
            self._idx = _Index(
                nodes={n.id: n for n in self.site.nodes},
                actions={a.id: a for a in self.actions},
                roles={r.id: r for r in self.roles},
                responders={r.id: r for r in self.responders},
            )
        return self._idx

    def node(self, node_id: str) -> Node:
        """The node with this id."""
        return self.index.nodes[node_id]

    def action(self, action_id: str) -> Action:
        """The action with this id."""
        return self.index.actions[action_id]

    def role(self, role_id: str) -> Role:
        """The role with this id."""
        return self.index.roles[role_id]

    def responder(self, responder_id: str) -> Responder:
        """The responder with this id."""
        return self.index.responders[responder_id]


@dataclass(frozen=True)
class _Index:
    nodes: dict[str, Node]
    actions: dict[str, Action]
    roles: dict[str, Role]
    responders: dict[str, Responder]
