"""The ``hazard:`` block of a scenario: each model's own parameter model, and the union.

This module holds only the parameter models (pydantic), so that reading and checking a
scenario does not load the numerical code. Each model's running code lives in its own
module (``sim.hazards.<model>``) and reads its parameters from here.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sim.text import Text


class HazardParams(BaseModel):
    """Base of every model's parameter block: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    def node_refs(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Node ids the parameters name, each with its path inside the block (for checks)."""
        return []

    def trigger_refs(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Action or responder ids the parameters name, with their paths (for checks)."""
        return []


class NoneParams(HazardParams):
    """The ``none`` model takes no parameters."""


class NoneHazard(BaseModel):
    """No hazard: people move, nothing harms them. Used to verify the movement model."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    model: Literal["none"] = Field("none", description="Hazard model name.")
    params: NoneParams = Field(default_factory=NoneParams, description="No parameters.")


# --- shared ---------------------------------------------------------------------------


class ThresholdSpec(BaseModel):
    """A named level of the hazard, e.g. AEGL-2 at 160 ppm."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    id: str = Field(description="Short name used in results, e.g. 'AEGL-2'.")
    label: Text = Field(description="What it means, shown in the legend.")
    value: float = Field(ge=0, description="Level at which it starts, in the model's unit.")
    untenable: bool = Field(False, description="People route around places at or above this level.")


# --- plume: toxic gas from a leaking tank ------------------------------------------------


class LiquidRelease(BaseModel):
    """Liquid through a hole: m = Cd A √(2 ρ ΔP) (CCPS 1999)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    kind: Literal["liquid_orifice"]
    cd: float = Field(0.61, gt=0, le=1, description="Discharge coefficient (0.61-0.63).")
    hole_diameter_m: float = Field(gt=0, le=1, description="Hole diameter, m.")
    liquid_density_kg_m3: float = Field(gt=0, le=3000, description="Liquid density, kg/m³.")
    pressure_drop_pa: float = Field(
        gt=0,
        le=1e8,
        description="Pressure over the hole at the start (pad pressure plus head), Pa.",
    )
    liquid_head_m: float = Field(
        0.0,
        ge=0,
        le=100,
        description="Liquid height above the hole at the start, m (part of pressure_drop_pa): the "
        "rate falls as it drains (vertical tank). 0: the rate holds until the inventory is gone.",
    )
    airborne_fraction: float = Field(
        1.0,
        gt=0,
        le=1,
        description="Share of the discharge that becomes airborne (flash vapour and "
        "aerosol); the rest forms a pool that is not modelled.",
    )


class GasRelease(BaseModel):
    """Gas through a hole, choked or subsonic (CCPS 1999)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    kind: Literal["gas_orifice"]
    cd: float = Field(0.61, gt=0, le=1, description="Discharge coefficient.")
    hole_diameter_m: float = Field(gt=0, le=1, description="Hole diameter, m.")
    pressure_pa: float = Field(gt=0, le=1e8, description="Absolute pressure inside, Pa.")
    gas_density_kg_m3: float = Field(gt=0, le=500, description="Gas density inside, kg/m³.")
    heat_capacity_ratio: float = Field(1.31, gt=1, le=1.7, description="k = cp/cv.")
    fed: bool = Field(
        True,
        description="The pressure is kept up (a pipeline fed from the network). false: a closed "
        "vessel that depressurises, the rate decaying as the gas leaves.",
    )


class GivenRelease(BaseModel):
    """A release rate given directly."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    kind: Literal["rate"]
    rate_kg_s: float = Field(gt=0, le=1000, description="Release rate, kg/s.")


class FlashingRelease(BaseModel):
    """A liquefied gas (ammonia, chlorine, propane) at its vapour pressure, flashing as it
    leaves: two-phase flow (Fauske's equilibrium rate model), flash plus aerosol airborne."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    kind: Literal["flashing"]
    substance: Literal["ammonia", "chlorine", "propane"] = Field(
        description="The liquefied gas (saturation data at 20 °C from the bundled table)."
    )
    cd: float = Field(0.61, gt=0, le=1, description="Discharge coefficient.")
    hole_diameter_m: float = Field(gt=0, le=1, description="Hole or pipe bore, m.")
    pipe_length_m: float = Field(
        0.1,
        ge=0,
        le=100,
        description="Length of pipe or valve before the opening, m: from 0.1 m the flow is in "
        "flashing equilibrium; 0 is a hole in the shell (liquid flow).",
    )
    aerosol_factor: float = Field(
        1.0,
        ge=0,
        le=2,
        description="Aerosol carried with the flash, as a multiple of the flash (1-2; CCPS 1999).",
    )


Release = Annotated[
    LiquidRelease | GasRelease | GivenRelease | FlashingRelease, Field(discriminator="kind")
]


class DenseCloudSpec(BaseModel):
    """The released cloud at the source, for the Britter–McQuaid dense-gas correlations."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    density_kg_m3: float = Field(
        gt=0, le=50, description="Density of the cloud at the source, kg/m³."
    )
    temperature_k: float = Field(
        gt=50, le=400, description="Temperature of the cloud at the source, K."
    )


class PoolSpec(BaseModel):
    """The pool that the rained-out liquid of a flashing release forms, boiling by the heat
    the ground conducts into it (TNO Yellow Book CPR 14E ch. 3; CCPS 1999 §2.2.4)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    evaporates: bool = Field(
        True, description="The rained-out liquid boils off the ground and joins the cloud."
    )
    ground: Literal["concrete", "soil"] = Field(
        "concrete", description="What the pool lies on (thermal properties, Incropera Table A.3)."
    )
    min_depth_m: float = Field(
        0.01,
        gt=0,
        le=1,
        description="Depth at which the pool stops spreading, m (of the order of the minimum "
        "pool thicknesses of the TNO Yellow Book: millimetres on smooth concrete to centimetres "
        "on rough ground).",
    )
    max_area_m2: float | None = Field(
        None, gt=0, le=1e6, description="A bund or kerbed area that stops the spreading, m²."
    )


class MitigationSpec(BaseModel):
    """What an action does to the release, declared in the scenario and logged when it acts."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    id: str = Field(description="Name shown in the log, e.g. 'water_curtain'.")
    by: list[str] = Field(
        min_length=1, description="Action ids (or responder ids) whose completion applies it."
    )
    discharge_factor: float = Field(
        1.0,
        ge=0,
        le=5,
        description="Multiplies the discharge from the hole (a valve partly closed: < 1; water "
        "warming a liquefied-gas cylinder: > 1). Inventory lasts accordingly.",
    )
    airborne_factor: float = Field(
        1.0,
        ge=0,
        le=1,
        description="Share of the airborne release that still reaches the air (a water curtain "
        "or absorption unit knocking gas down: < 1).",
    )
    removal_per_h: float = Field(
        0.0,
        ge=0,
        le=100,
        description="Indoor leak only: a scrubber's removal rate from the room air, per hour.",
    )
    raises: bool = Field(
        False,
        description="Declares that this action makes the release worse (discharge_factor > 1).",
    )
    label: Text | None = Field(None, description="What it is, for the log.")

    @model_validator(mode="after")
    def _declared_increase(self) -> MitigationSpec:
        if self.discharge_factor > 1.0 and not self.raises:
            raise ValueError("mitigation_raises_undeclared")
        return self


class DetectorSpec(BaseModel):
    """A fixed gas detector with one or two alarm levels (GB/T 50493-2019)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    id: str = Field(description="Name used in the log.")
    node: str = Field(description="Where it is.")
    alarm_ppm: list[float] = Field(
        min_length=1,
        max_length=2,
        description="First and (optionally) second alarm level, ppm, ascending: milestones "
        "'detector_alarm_1' and 'detector_alarm_2'.",
    )

    @model_validator(mode="after")
    def _ascending(self) -> DetectorSpec:
        if any(v <= 0 for v in self.alarm_ppm) or self.alarm_ppm != sorted(self.alarm_ppm):
            raise ValueError("detector_levels_order")
        return self


class Toxicity(BaseModel):
    """What the gas does to people: a bundled substance, or the author's own constants."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    substance: (
        Literal["ammonia", "chlorine", "hydrogen_sulfide", "carbon_monoxide", "natural_gas"] | None
    ) = Field(
        None,
        description="A bundled substance (constants with sources in docs/models.md). "
        "Default: from the UN number.",
    )
    probit_a: float | None = Field(None, description="Deaths probit a (ppm, min).")
    probit_b: float | None = Field(None, gt=0, description="Deaths probit b.")
    probit_n: float | None = Field(None, gt=0, le=5, description="Deaths probit n.")
    aegl1_ppm: float | None = Field(None, gt=0, description="1-hour AEGL-1, ppm.")
    aegl2_ppm: float | None = Field(None, gt=0, description="1-hour AEGL-2, ppm.")
    aegl3_ppm: float | None = Field(None, gt=0, description="1-hour AEGL-3, ppm.")
    aegl_n: float | None = Field(None, gt=0, le=5, description="n of the AEGL time scaling.")

    def overrides(self) -> dict[str, float]:
        """The author's own constants, by name."""
        return {
            k: float(v) for k, v in self.model_dump().items() if k != "substance" and v is not None
        }


class PlumeParams(HazardParams):
    """Toxic gas from a leak, dispersing downwind (docs/models.md §1): neutral or dense."""

    source_node: str = Field(description="Node where the leak is.")
    material: Text = Field(description="What leaks, e.g. 液氨 / anhydrous ammonia.")
    un_number: str | None = Field(None, description="UN number, e.g. '1005'.")
    molar_mass_kg_mol: float = Field(gt=0, le=1, description="Molar mass, kg/mol.")
    release: Release = Field(description="The source term.")
    inventory_kg: float = Field(gt=0, le=1e7, description="Mass that can leak, kg.")
    release_duration_s: float | None = Field(
        None,
        gt=0,
        le=86_400,
        description="The release stops by itself after this time, s (a relief valve that "
        "reseats, a known release); default: until the inventory is gone or it is isolated.",
    )
    release_height_m: float = Field(1.0, ge=0, le=100, description="Height of the leak, m.")
    source_width_m: float = Field(
        2.0,
        gt=0,
        le=200,
        description="Width of the cloud as it leaves the leak (jet and initial mixing), m: the "
        "initial dilution of the neutral plume (virtual source).",
    )
    source_height_m: float = Field(
        1.0, gt=0, le=100, description="Height of the cloud as it leaves the leak, m."
    )
    pool: PoolSpec = Field(
        default_factory=PoolSpec,
        description="Flashing release: the pool of rained-out liquid and how it evaporates.",
    )
    dense_cloud: DenseCloudSpec | None = Field(
        None,
        description="The cloud at the source, if heavier than air (Britter–McQuaid). Default for "
        "a flashing release: its vapour at the boiling point carrying its aerosol.",
    )
    stability: Literal["A", "B", "C", "D", "E", "F"] | None = Field(
        None, description="Pasquill class; default: from the weather (Pasquill table)."
    )
    averaging_time_s: float = Field(
        600.0,
        ge=60,
        le=3600,
        description="Averaging time the levels stand for, s (σy scaled by (t/600 s)^0.2).",
    )
    low_wind_meander_deg: float = Field(
        30.0,
        ge=0,
        le=90,
        description="Half-width of the sector the wind wanders over at 1 m/s, degrees (none from "
        "2 m/s up).",
    )
    breathing_height_m: float = Field(1.5, ge=0, le=10, description="Receptor height, m.")
    indoor_ach_per_h: float = Field(
        2.0, gt=0, le=50, description="Air changes per hour of buildings in normal use."
    )
    sheltered_ach_per_h: float = Field(
        0.5, gt=0, le=50, description="Air changes per hour with windows and vents shut."
    )
    room_ach_per_h: float | None = Field(
        None,
        gt=0,
        le=100,
        description="If the leak is in a room: its ventilation, air changes per hour (default: "
        "indoor_ach_per_h). The room's exhaust feeds the outdoor plume.",
    )
    isolated_fraction: float = Field(
        0.0, ge=0, le=1, description="Share of the rate left after the valve is closed."
    )
    mitigations: list[MitigationSpec] = Field(
        default_factory=list, description="Partial effects of actions on the release."
    )
    detectors: list[DetectorSpec] = Field(
        default_factory=list, description="Fixed gas detectors and their alarm levels."
    )
    thresholds: list[ThresholdSpec] = Field(
        min_length=1, description="AEGL, ERPG, IDLH or PAC levels in ppm, ascending."
    )
    injury_threshold: str | None = Field(
        None,
        description="Id of the level whose exceedance for 10 min injures (default: the "
        "AEGL-2/ERPG-2/PAC-2 level present).",
    )
    casualty_threshold: str | None = Field(
        None,
        description="Id of the life-threatening level (default: the AEGL-3/ERPG-3/PAC-3 level "
        "present).",
    )
    toxicity: Toxicity | None = Field(
        None,
        description="Harm from dose: toxic load, probit and AEGL classes. Default: the "
        "bundled substance of the UN number; without one, time above the thresholds.",
    )

    @model_validator(mode="after")
    def _known_levels(self) -> PlumeParams:
        ids = [t.id for t in self.thresholds]
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate_threshold_id")
        for ref in (self.injury_threshold, self.casualty_threshold):
            if ref is not None and ref not in ids:
                raise ValueError("unknown_threshold_id")
        return self

    def node_refs(self) -> list[tuple[tuple[str | int, ...], str]]:
        refs: list[tuple[tuple[str | int, ...], str]] = [(("source_node",), self.source_node)]
        refs += [(("detectors", i, "node"), d.node) for i, d in enumerate(self.detectors)]
        return refs

    def trigger_refs(self) -> list[tuple[tuple[str | int, ...], str]]:
        return [
            (("mitigations", i, "by", j), t)
            for i, m in enumerate(self.mitigations)
            for j, t in enumerate(m.by)
        ]


# --- gas_room: flammable gas filling enclosed rooms ---------------------------------------


class GasSource(BaseModel):
    """Where gas enters the rooms, and how fast."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    id: str = Field(description="Name used by actions that close it, e.g. 'building_valve'.")
    node: str = Field(description="Room the gas enters.")
    rate_m3_s: float = Field(gt=0, le=100, description="Gas entering the room, m³/s.")
    closed_by: list[str] = Field(
        default_factory=list,
        description="Action ids (or responder ids) whose completion stops this source.",
    )


class GasRoomParams(HazardParams):
    """Flammable gas filling well-mixed rooms: dC/dt = Q/V − λC (docs/models.md §2)."""

    gas: Literal["methane", "propane"] = Field("methane", description="The gas.")
    sources: list[GasSource] = Field(min_length=1, description="Where gas enters.")
    rooms: list[str] = Field(
        default_factory=list, description="Enclosed nodes that fill (default: all indoor)."
    )
    ach_per_h: float = Field(0.5, gt=0, le=50, description="Air changes per hour, closed up.")
    natural_ach_per_h: float = Field(
        6.0, gt=0, le=100, description="Air changes per hour with doors and windows opened."
    )
    mechanical_ach_per_h: float = Field(
        12.0, gt=0, le=100, description="Air changes per hour with fans running."
    )
    open_door_exchange_m3_s: float = Field(
        0.2, ge=0, le=100, description="Air exchanged through an open door, m³/s."
    )
    closed_door_exchange_m3_s: float = Field(
        0.005, ge=0, le=100, description="Leakage through a closed door, m³/s."
    )
    background_ignition_per_min: float = Field(
        0.01,
        ge=0,
        le=1,
        description="Chance per minute that an unseen source (fridge, pilot light) ignites a "
        "room at or above LEL, before ignition sources are cut.",
    )
    ignition_cut_factor: float = Field(
        0.1, ge=0, le=1, description="Background chance kept after ignition sources are cut."
    )
    outdoor_node: str | None = Field(
        None, description="Outdoor node at the pipe break (gas cloud around the excavator)."
    )
    outdoor_pct_lel: float = Field(
        0.0, ge=0, le=500, description="%LEL at the break while the main leaks."
    )
    main_closed_by: list[str] = Field(
        default_factory=list, description="Actions or responders that stop the main's leak."
    )
    main_fed_sources: list[str] | None = Field(
        None,
        description="Ids of the sources the main feeds: they stop too when the main is "
        "isolated (default: every source).",
    )

    @model_validator(mode="after")
    def _known_sources(self) -> GasRoomParams:
        known = {s.id for s in self.sources}
        if self.main_fed_sources is not None and not set(self.main_fed_sources) <= known:
            raise ValueError("unknown_gas_source")
        return self

    def trigger_refs(self) -> list[tuple[tuple[str | int, ...], str]]:
        refs: list[tuple[tuple[str | int, ...], str]] = [
            (("sources", i, "closed_by", j), t)
            for i, src in enumerate(self.sources)
            for j, t in enumerate(src.closed_by)
        ]
        refs += [(("main_closed_by", j), t) for j, t in enumerate(self.main_closed_by)]
        return refs

    def node_refs(self) -> list[tuple[tuple[str | int, ...], str]]:
        refs: list[tuple[tuple[str | int, ...], str]] = [
            (("sources", i, "node"), src.node) for i, src in enumerate(self.sources)
        ]
        refs += [(("rooms", i), r) for i, r in enumerate(self.rooms)]
        if self.outdoor_node is not None:
            refs.append((("outdoor_node",), self.outdoor_node))
        return refs


# --- fire: a building fire and its smoke ----------------------------------------------------


class FireParams(HazardParams):
    """A t² fire in one room and its smoke spreading through the building (docs/models.md §3)."""

    origin: str = Field(description="Room where the fire starts.")
    growth: Literal["slow", "medium", "fast", "ultrafast"] = Field(
        "medium", description="t² growth class (α 0.00293 to 0.1876 kW/s²)."
    )
    ignition_s: float = Field(0.0, ge=0, description="Sim time of ignition, s.")
    peak_kw: float = Field(
        5000.0, gt=0, le=1e6, description="Largest heat release rate (fuel or air limit), kW."
    )
    sprinklers: bool = Field(False, description="A sprinkler system controls the fire.")
    sprinkler_activation_s: float | None = Field(
        None, ge=0, description="When sprinklers operate, s (default: when HRR reaches 1 MW)."
    )
    origin_door_open: bool = Field(
        True, description="The door of the fire room was left open by whoever fled."
    )
    smoke_speed_m_s: float = Field(
        1.0, gt=0, le=10, description="Speed of the smoke front along corridors, m/s."
    )
    closed_door_delay_s: float = Field(
        900.0, ge=0, description="Extra time smoke needs to pass a closed door, s."
    )
    fire_door_delay_s: float = Field(
        1800.0, ge=0, description="Extra time smoke needs to pass a closed fire door, s."
    )
    stair_up_speed_m_s: float = Field(
        3.0, gt=0, le=20, description="Speed of smoke rising in a stair, m/s."
    )
    stair_down_speed_m_s: float = Field(
        0.3, gt=0, le=20, description="Speed of smoke sinking down a stair, m/s."
    )
    untenable_after_s: float = Field(
        120.0,
        ge=0,
        description="Time from smoke arriving at a place to untenable conditions there, s.",
    )
    lift_nodes: list[str] = Field(
        default_factory=list, description="Lift lobbies or cars; using them in a fire harms."
    )
    detectors: list[str] = Field(
        default_factory=list,
        description="Nodes with smoke detectors: 'smoke_detected' when smoke first reaches one "
        "(default: the first corridor the smoke reaches).",
    )
    ambient_c: float = Field(20.0, ge=-30, le=40, description="Indoor air before the fire, °C.")
    untenable_c: float = Field(
        60.0, ge=50, le=100, description="Hot-smoke tenability limit at head height, °C."
    )
    lethal_c: float = Field(
        120.0,
        gt=100,
        le=300,
        description="Level at which smoke and heat incapacitate in ~1 min, °C.",
    )
    flashover_c: float = Field(
        500.0, ge=300, le=1000, description="Upper-layer temperature taken as flashover, °C."
    )
    co_yield_g_g: float = Field(
        0.04,
        gt=0,
        le=0.5,
        description="CO produced per gram of fuel burnt (flaming furnishings about 0.02-0.05; "
        "under-ventilated fires up to 0.2; SFPE Handbook, yields). Sets the CO in the smoke.",
    )
    heat_of_combustion_kj_g: float = Field(
        20.0, gt=1, le=60, description="Effective heat of combustion of the fuel, kJ/g."
    )
    soot_yield_g_g: float = Field(
        0.05,
        gt=0,
        le=0.5,
        description="Soot produced per gram of fuel burnt (wood about 0.015, flexible "
        "polyurethane foam 0.1-0.2; Tewarson, SFPE Handbook, yields). Sets how far one sees "
        "in the smoke.",
    )
    signs: Literal["reflecting", "emitting"] = Field(
        "reflecting",
        description="What people find their way by in smoke: light-reflecting signs and "
        "walls (visibility constant K = 3) or light-emitting signs (K = 8).",
    )
    vent_height_m: float = Field(
        2.0, gt=0, le=10, description="Height of the fire room's door (its opening), m."
    )
    reference_volume_m3: float = Field(
        100.0,
        gt=0,
        le=1e6,
        description="Volume for which untenable_after_s holds; other places scale with their "
        "volume (0.25x to 4x), m³.",
    )
    extinguisher_max_kw: float = Field(
        1000.0, ge=0, le=1e5, description="Largest fire a first-aid attack by staff puts out, kW."
    )
    clearance_tau_s: float = Field(
        900.0, gt=0, le=86_400, description="Time constant of smoke clearing once controlled, s."
    )

    def node_refs(self) -> list[tuple[tuple[str | int, ...], str]]:
        refs: list[tuple[tuple[str | int, ...], str]] = [(("origin",), self.origin)]
        refs += [(("lift_nodes", i), n) for i, n in enumerate(self.lift_nodes)]
        refs += [(("detectors", i), n) for i, n in enumerate(self.detectors)]
        return refs


# --- collapse: scaffold or crane collapse -----------------------------------------------------


class CollapseParams(HazardParams):
    """A collapsed structure with a secondary-collapse risk (docs/models.md §4; a drill model)."""

    zone: list[str] = Field(min_length=1, description="Nodes a secondary collapse would hit.")
    lambda0_per_h: float = Field(
        0.5, ge=0, le=100, description="Secondary-collapse rate at the start, per hour."
    )
    growth_tau_s: float = Field(
        1800.0, gt=0, description="Time over which the rate grows e-fold, s (creep, wind)."
    )
    crane_load_fraction: float = Field(
        1.0, ge=0, le=1, description="Share of rated load the crane holds at the start."
    )
    crane_beta: float = Field(
        2.0, ge=0, le=20, description="How much a suspended load raises the rate (1 + β·load)."
    )
    stop_work_factor: float = Field(
        0.5, ge=0, le=1, description="Rate multiplier once work and vibration stop."
    )
    stabilise_factor: float = Field(
        0.2, ge=0, le=1, description="Rate multiplier once the structure is braced."
    )
    stabilise_stops_growth: bool = Field(
        True,
        description="Bracing also stops the deterioration: the rate no longer grows with "
        "time once the structure is braced.",
    )
    crane_fast_hazard: float = Field(
        0.3,
        ge=0,
        le=10,
        description="Cumulative hazard added at once when the crane load is moved fast "
        "(a swinging, shock-loaded hook beside the damaged structure); 0.3 ≈ a 26 % chance.",
    )
    disturbed_by: list[str] = Field(
        default_factory=list,
        description="Actions that disturb the damaged structure before it is braced (cutting "
        "tubes, pulling boards from the pile): each adds disturbance_hazard when it completes.",
    )
    disturbance_hazard: float = Field(
        0.3,
        ge=0,
        le=10,
        description="Cumulative hazard one disturbing action adds before bracing; 0.3 ≈ a "
        "26 % chance (drill value, as crane_fast_hazard).",
    )
    cordon_radius_m: float = Field(
        20.0,
        ge=0,
        le=1000,
        description="Debris radius around the zone, m: a secondary collapse injures people "
        "within it; a cordon needs at least this radius.",
    )
    horizon_s: float = Field(
        600.0,
        gt=0,
        le=7200,
        description="The level at a node is the chance, in %, that a secondary collapse "
        "hits it within this time from now, s.",
    )
    thresholds: list[ThresholdSpec] = Field(
        default_factory=lambda: [
            ThresholdSpec.model_validate(
                {
                    "id": "elevated",
                    "label": {"zh": "二次坍塌风险升高", "en": "Secondary-collapse risk elevated"},
                    "value": 5.0,
                }
            ),
            ThresholdSpec.model_validate(
                {
                    "id": "high",
                    "label": {"zh": "二次坍塌风险高，禁止进入", "en": "High risk: keep out"},
                    "value": 20.0,
                    "untenable": True,
                }
            ),
        ],
        min_length=1,
        description="Levels of the secondary-collapse chance within the horizon, in %, ascending.",
    )
    first_aid_residual_rate: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Share of a casualty's deterioration left once first aid has started "
        "and until the ambulance crew takes over (0: first aid stops the clock).",
    )
    survivable_fraction: float = Field(
        0.0,
        ge=0,
        le=1,
        description="The initial casualties survive any effective delay to aid up to this "
        "fraction of their injury's 50 % time (injuries survivable with prompt aid); "
        "0: Cara's curves as they are.",
    )

    def node_refs(self) -> list[tuple[tuple[str | int, ...], str]]:
        return [(("zone", i), n) for i, n in enumerate(self.zone)]

    def trigger_refs(self) -> list[tuple[tuple[str | int, ...], str]]:
        return [(("disturbed_by", i), t) for i, t in enumerate(self.disturbed_by)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class PlumeHazard(_Spec):
    """Toxic gas plume."""

    model: Literal["plume"] = Field(description="Hazard model name.")
    params: PlumeParams


class GasRoomHazard(_Spec):
    """Flammable gas in rooms."""

    model: Literal["gas_room"] = Field(description="Hazard model name.")
    params: GasRoomParams


class FireHazard(_Spec):
    """Building fire and smoke."""

    model: Literal["fire"] = Field(description="Hazard model name.")
    params: FireParams


class CollapseHazard(_Spec):
    """Structural collapse."""

    model: Literal["collapse"] = Field(description="Hazard model name.")
    params: CollapseParams


HazardSpec = Annotated[
    NoneHazard | PlumeHazard | GasRoomHazard | FireHazard | CollapseHazard,
    Field(discriminator="model"),
]
"""The scenario's ``hazard:`` block: one of the models, chosen by ``model``."""

MILESTONES: dict[str, tuple[str, ...]] = {
    "none": (),
    "plume": (
        "source_isolated",
        "release_ended",
        "plume_offsite",
        "detector_alarm_1",
        "detector_alarm_2",
    ),
    "gas_room": (
        "alarm_25",
        "alarm_50",
        "lel_reached",
        "source_isolated",
        "main_isolated",
        "ignition",
    ),
    "fire": (
        "smoke_detected",
        "sprinklers_operated",
        "flashover",
        "fire_controlled",
        "extinguished",
    ),
    "collapse": ("crane_made_safe", "work_stopped", "stabilised", "secondary_collapse"),
}
"""Milestone names each model may emit (usable as ``milestone:<name>`` in a scenario)."""

MODEL_CLASSES: dict[str, str] = {
    "none": "sim.hazards.none:NoHazard",
    "plume": "sim.hazards.plume:PlumeModel",
    "gas_room": "sim.hazards.gas_room:GasRoomModel",
    "fire": "sim.hazards.fire:FireModel",
    "collapse": "sim.hazards.collapse:CollapseModel",
}
"""Where each model's running code lives, loaded only when a drill starts."""
