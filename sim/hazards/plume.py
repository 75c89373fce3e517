"""The ``plume`` hazard: a toxic release dispersing downwind, inside a drill.

The model object joins the physics modules:

- the source term (:mod:`sim.hazards.plume_physics` orifice flows,
  :mod:`sim.hazards.source_terms` flashing two-phase flow and draining vessels);
- where the gas goes (:mod:`sim.hazards.dispersion`: neutral plume from a virtual source,
  Britter–McQuaid dense plume handed over to the passive far field, averaging time and
  low-wind meander; a pool's vapour lighter than air as its own passive plume, rising by
  its buoyancy, :mod:`sim.hazards.plume_rise`);
- time: the release history is integrated on a fixed grid; a place x m downwind reads the
  release of about x/u seconds before, spread along the wind by sigma_x (Palazzi et al.
  1982), so a cloud has a front and a tail travelling with the wind, as smooth ramps;
- indoors: buildings exchange air with the outside; a leak inside a room fills it as a
  well-mixed room whose ventilation exhausts into the outdoor plume;
- actions: isolation, declared partial mitigations (or declared aggravations), sheltering,
  and injects that change the wind: gas already in the air keeps travelling with the wind
  that carried it; only what is released after the change follows the new wind.

The physics functions are re-exported here for callers that used this module before the
physics moved out.

This module is one concept, the engine-facing model, and is about 1,000 lines: the
release history, the travel kernel and the actions that change the release act on the same
state at every tick, and splitting them would only trade one file for a web of private
calls between several.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Generator
from dataclasses import InitVar, dataclass, field
from typing import Any

import numpy as np

from sim.harm import DoseModel, ToxicDose, substance_for
from sim.hazards import dispersion, plume_rise, source_terms
from sim.hazards.base import ActionDone, Harm, Hazard, HazardContext, Threshold
from sim.hazards.levels import LETHAL_TIER, SERIOUS_TIER, level_by_tier
from sim.hazards.plume_physics import (
    GAS_CONSTANT_J_MOL_K,
    STABILITY_CLASSES,
    Cloud,
    FloatArray,
    Insolation,
    briggs_sigmas,
    choked_gas_rate,
    concentration,
    critical_pressure_ratio,
    gas_orifice_rate,
    ideal_gas_density_kg_m3,
    indoor_step,
    kg_m3_to_ppm,
    liquid_orifice_rate,
    pasquill_stability,
    ppm_to_kg_m3,
    rotate_to_wind,
)
from sim.hazards.specs import (
    MILESTONES,
    FlashingRelease,
    GasRelease,
    GivenRelease,
    LiquidRelease,
    PlumeParams,
)

__all__ = [
    "GAS_CONSTANT_J_MOL_K",
    "STABILITY_CLASSES",
    "Cloud",
    "FloatArray",
    "Insolation",
    "PlumeModel",
    "briggs_sigmas",
    "choked_gas_rate",
    "concentration",
    "critical_pressure_ratio",
    "gas_orifice_rate",
    "ideal_gas_density_kg_m3",
    "indoor_step",
    "kg_m3_to_ppm",
    "liquid_orifice_rate",
    "pasquill_stability",
    "ppm_to_kg_m3",
    "release_rate_kg_s",
    "rotate_to_wind",
]

CALM_WIND_M_S = 1.0
"""The Gaussian plume is not valid in calm air; lighter winds are taken as 1 m/s
(the plume equation's u is in the denominator; US EPA models use a 1 m/s floor)."""
CASUALTY_AT_TOP_S = 600.0
"""Time above the life-threatening level (AEGL-3) that makes a casualty."""
INJURY_AT_TOP_S = 60.0
"""Time above the life-threatening level that injures."""
INJURY_AT_SECOND_S = 600.0
"""Time above the serious-effects level (AEGL-2) that injures."""
RATE_GRID_POINTS = 25
"""Release rates at which a dense plume is tabulated per node (log-spaced over 3 decades)."""

AnyRelease = LiquidRelease | GasRelease | GivenRelease | FlashingRelease


def release_rate_kg_s(release: AnyRelease) -> float:
    """The discharge rate of a source term at the start, kg/s (before the airborne share)."""
    if isinstance(release, LiquidRelease):
        return liquid_orifice_rate(
            release.cd,
            release.hole_diameter_m,
            release.liquid_density_kg_m3,
            release.pressure_drop_pa,
        )
    if isinstance(release, GasRelease):
        return gas_orifice_rate(
            release.cd,
            release.hole_diameter_m,
            release.pressure_pa,
            release.gas_density_kg_m3,
            release.heat_capacity_ratio,
        )
    if isinstance(release, FlashingRelease):
        gas = source_terms.LIQUEFIED_GASES[release.substance]
        flux = source_terms.flashing_mass_flux(
            gas, cd=release.cd, pipe_length_m=release.pipe_length_m
        )
        return flux * math.pi * release.hole_diameter_m**2 / 4.0
    return release.rate_kg_s


def airborne_share(release: AnyRelease) -> float:
    """Share of the discharge that becomes airborne (flash plus aerosol for a flashing
    liquid; as given for a liquid; all of a gas)."""
    if isinstance(release, LiquidRelease):
        return release.airborne_fraction
    if isinstance(release, FlashingRelease):
        gas = source_terms.LIQUEFIED_GASES[release.substance]
        flash = source_terms.flash_fraction(
            gas.liquid_heat_capacity_j_kg_k,
            gas.storage_temperature_k,
            gas.boiling_point_k,
            gas.heat_of_vaporisation_j_kg,
        )
        return source_terms.airborne_fraction(flash, release.aerosol_factor)
    return 1.0


def vessel_for(p: PlumeParams) -> source_terms.Vessel:
    """How the discharge falls as the inventory leaves (see :class:`source_terms.Vessel`)."""
    release = p.release
    rate0 = release_rate_kg_s(release)
    if isinstance(release, LiquidRelease) and release.liquid_head_m > 0.0:
        rho = release.liquid_density_kg_m3
        pad = release.pressure_drop_pa - rho * source_terms.G_M_S2 * release.liquid_head_m
        return source_terms.Vessel(
            kind="liquid_head",
            rate0_kg_s=rate0,
            inventory_kg=p.inventory_kg,
            rho_kg_m3=rho,
            head0_m=release.liquid_head_m,
            pad_pressure_pa=max(pad, 0.0),
        )
    if isinstance(release, GasRelease) and not release.fed:
        return source_terms.Vessel(
            kind="gas_blowdown",
            rate0_kg_s=rate0,
            inventory_kg=p.inventory_kg,
            residual_fraction=min(101325.0 / release.pressure_pa, 1.0),
        )
    return source_terms.Vessel(kind="steady", rate0_kg_s=rate0, inventory_kg=p.inventory_kg)


def dense_cloud_for(p: PlumeParams) -> source_terms.LiquefiedGas | None:
    """The liquefied gas of a flashing release, if any."""
    if isinstance(p.release, FlashingRelease):
        return source_terms.LIQUEFIED_GASES[p.release.substance]
    return None


@dataclass
class _Rows:
    """The nodes a wind's gas can reach, with their slices of the kernel's arrays.

    A node whose level is 0 at every rate (upwind of the source, or so far off the axis
    that the plume's exponential underflows) reads 0 whatever the release does, so the
    travel kernel is evaluated on these rows only: the same arithmetic per node (equal to
    the last bits of rounding), on fewer nodes.
    """

    idx: np.ndarray
    delay_s: np.ndarray
    sigma_t_s: np.ndarray
    per_kg_s: np.ndarray | None
    table: np.ndarray | None
    """Nonlinear case: ppm per kg/s at each row for each tabulated rate."""

    def ppm(self, q_kg_s: np.ndarray, rates: np.ndarray | None) -> np.ndarray:
        """Level at each row for the rate reaching it, ppm."""
        if self.per_kg_s is not None:
            out: np.ndarray = self.per_kg_s * q_kg_s
            return out
        assert rates is not None and self.table is not None
        table = self.table
        lo, hi = rates[0], rates[-1]
        q = np.maximum(q_kg_s, 0.0)
        pos = np.log(np.clip(q, lo, hi) / lo) / math.log(hi / lo) * (len(rates) - 1)
        k0 = np.minimum(np.floor(pos).astype(np.int64), len(rates) - 2)
        w = pos - k0
        rows = np.arange(table.shape[0])
        # The level per kg/s is interpolated (exact where the plume is linear in the rate);
        # outside the tabulated range it is that of the end.
        per = table[rows, k0] * (1.0 - w) + table[rows, k0 + 1] * w
        return np.asarray(per * q, dtype=np.float64)


@dataclass
class _Kernel:
    """Levels per node as a function of the release rate, for one wind: it carries the gas
    released from ``t_from_s`` until the next wind (``t_to_s``)."""

    t_from_s: float
    delay_s: np.ndarray
    """Travel time x/u to each node (0 at or upwind of the source)."""
    sigma_t_s: np.ndarray
    """Along-wind spread of a puff at each node, as time: sigma_x / u."""
    per_kg_s: np.ndarray | None
    """Linear case: ppm per kg/s at each node."""
    rates: np.ndarray | None = None
    table: np.ndarray | None = None
    """Nonlinear (dense) case: ppm at each node (rows) for each rate of ``rates``."""
    t_to_s: float = math.inf
    part: str = "all"
    """What it carries: ``all`` the rate into the outdoor air, or, with a pool outdoors,
    ``jet`` (the jet's flash and aerosol) and ``pool`` (the pool's vapour) apart."""
    indoor: InitVar[np.ndarray | None] = None
    """Which nodes are indoors (for :attr:`live_indoor`)."""
    live: _Rows = field(init=False)
    """The nodes this wind's gas can reach."""
    live_indoor: _Rows = field(init=False)
    """The indoor ones among them (what the indoor air exchange reads)."""

    def __post_init__(self, indoor: np.ndarray | None) -> None:
        if self.per_kg_s is not None:
            reads: np.ndarray = np.asarray(self.per_kg_s > 0.0)
        else:
            assert self.table is not None
            reads = np.asarray((self.table > 0.0).any(axis=1))
        self.live = self._rows(np.flatnonzero(reads))
        inside = reads & (indoor if indoor is not None else np.ones_like(reads))
        self.live_indoor = self._rows(np.flatnonzero(inside))

    def _rows(self, idx: np.ndarray) -> _Rows:
        return _Rows(
            idx,
            self.delay_s[idx],
            self.sigma_t_s[idx],
            None if self.per_kg_s is None else self.per_kg_s[idx],
            None if self.table is None or self.rates is None else self.table[idx] / self.rates,
        )

    @property
    def reach_s(self) -> float:
        """Time after the window closes by which its gas has passed every node."""
        return float(np.max(self.delay_s + 4.0 * self.sigma_t_s, initial=0.0))


class PlumeModel(Hazard):
    """A toxic release dispersing downwind: neutral or dense, steady or finite, outdoors or
    from a room (module docstring; docs/models.md)."""

    name = "plume"
    unit = "ppm"
    milestones = MILESTONES["plume"]
    tick_s = 5.0

    def __init__(self, params: Any, ctx: HazardContext) -> None:
        super().__init__(params, ctx)
        p: PlumeParams = params
        self.p = p
        site = ctx.site
        weather = site.scenario.weather
        self.temperature_k = weather.temperature_c + 273.15
        self.src = site.index[p.source_node]
        self.substance = p.release.substance if isinstance(p.release, FlashingRelease) else None
        self.source_indoor = bool(site.indoor[self.src])
        self.room_volume_m3 = float(site.area_m2[self.src] * site.height_m[self.src])
        self.room_ach_per_h = p.room_ach_per_h or p.indoor_ach_per_h

        # The source.
        self.vessel = vessel_for(p)
        self.base_rate_kg_s = self.vessel.rate0_kg_s
        self.share = airborne_share(p.release)
        self.remaining_kg = p.inventory_kg
        self.isolation_factor = 1.0
        self.discharge_factor = 1.0
        self.airborne_factor = 1.0
        self.removal_per_h = 0.0
        self.isolated_s: float | None = None
        self.end_s: float | None = None
        self.discharged_kg = 0.0
        self.airborne_kg = 0.0
        self.c_room_kg_m3 = 0.0
        self.pool = self._pool(weather.temperature_c + 273.15)
        self.rained_kg = 0.0
        # The pool's boil-off on the fixed grid of tick_s: evaporated mass at k tick_s, so
        # it does not depend on where actions split the source's steps.
        self._pool_e = source_terms.GrowingSeries(0.0)
        self._pool_released_kg = 0.0
        self._af_t = [0.0]
        self._af = [1.0]
        self._applied: set[str] = set()
        self._src_t = 0.0
        self._hist_t: list[float] = []
        self._hist_q: list[float] = []

        # Where the gas goes.
        self.cloud = self._dense_cloud()
        self.pool_apart = self._pool_vapour_apart()
        self.wind_from_deg = weather.wind_from_deg
        self.wind_m_s = max(weather.wind_speed_m_s, CALM_WIND_M_S)
        self.stability = self._stability(self.wind_m_s)
        self._kernels = self._kernels_for(0.0)
        self._outdoor_cache: tuple[tuple[float, ...], np.ndarray] | None = None
        self._history_cache: dict[str, tuple[tuple[float, ...], np.ndarray, np.ndarray]] = {}

        # Indoors, on a fixed grid so results do not depend on how often levels are read.
        self.indoor = site.indoor.copy()
        self.c_in = np.zeros(len(site.node_ids))
        self.grid_s = 0.0
        self.ach = np.where(self.indoor, p.indoor_ach_per_h, 0.0)
        self.ach_changes: list[tuple[float, np.ndarray]] = []
        self.peak_ppm = 0.0
        self.offsite_nodes = np.array(
            [site.nodes[n].kind in ("road", "gate") for n in site.node_ids], dtype=bool
        )
        values = [t.value for t in p.thresholds]
        if values != sorted(values):
            raise ValueError("plume thresholds must be in ascending order")
        self._thresholds = [Threshold(t.id, t.label, t.value, t.untenable) for t in p.thresholds]
        ids = [t.id for t in p.thresholds]
        self.serious_index = level_by_tier(ids, SERIOUS_TIER, p.injury_threshold)
        self.lethal_index = level_by_tier(ids, LETHAL_TIER, p.casualty_threshold)
        self._detector_idx = [site.index[d.node] for d in p.detectors]
        self._alarmed: set[tuple[str, int]] = set()

    # --- set-up -----------------------------------------------------------------------------

    def _stability(self, wind_m_s: float) -> str:
        if self.p.stability is not None:
            return self.p.stability
        weather = self.ctx.site.scenario.weather
        if weather.cloud == "overcast":
            return "D"
        if weather.daytime:
            return pasquill_stability(
                wind_m_s, daytime=True, insolation=weather.insolation or "moderate"
            )
        return pasquill_stability(wind_m_s, daytime=False, cloud=weather.cloud or "clear")

    def _pool(self, ground_k: float) -> source_terms.BoilingPool | None:
        """The pool of rained-out liquid of a flashing release (None if it does not boil
        off: another release kind, or ``pool.evaporates`` false)."""
        release, spec = self.p.release, self.p.pool
        if not isinstance(release, FlashingRelease) or not spec.evaporates:
            return None
        return source_terms.BoilingPool(
            source_terms.LIQUEFIED_GASES[release.substance],
            source_terms.GROUNDS[spec.ground],
            ground_k,
            min_depth_m=spec.min_depth_m,
            max_area_m2=spec.max_area_m2,
        )

    def _dense_cloud(self) -> dispersion.DenseCloud | None:
        p = self.p
        nominal_s = p.inventory_kg / self.base_rate_kg_s if self.base_rate_kg_s > 0 else math.inf
        duration_s = math.inf if self.source_indoor else nominal_s
        if p.dense_cloud is not None:
            return dispersion.DenseCloud(
                p.dense_cloud.density_kg_m3, p.dense_cloud.temperature_k, duration_s
            )
        gas = dense_cloud_for(p)
        if gas is None:
            return None
        # Flashing release: the vapour at its boiling point carrying its aerosol, whose mass
        # (airborne share over flash) counts in the cloud's initial density.
        flash = source_terms.flash_fraction(
            gas.liquid_heat_capacity_j_kg_k,
            gas.storage_temperature_k,
            gas.boiling_point_k,
            gas.heat_of_vaporisation_j_kg,
        )
        vapour = ideal_gas_density_kg_m3(gas.molar_mass_kg_mol, gas.boiling_point_k)
        density = vapour * (self.share / flash if flash > 0 else 1.0)
        return dispersion.DenseCloud(density, gas.boiling_point_k, duration_s)

    def _geometry(self) -> dispersion.Geometry:
        site = self.ctx.site
        i = self.src
        down, cross = rotate_to_wind(
            site.x_m, site.y_m, float(site.x_m[i]), float(site.y_m[i]), self.wind_from_deg
        )
        # The source's own node: where a person in it stands on average, the rms radius of
        # its area (a disc: sqrt(A / (2 pi))), taken downwind.
        down = down.copy()
        cross = cross.copy()
        down[i] = math.sqrt(max(float(site.area_m2[i]), 1.0) / (2.0 * math.pi))
        cross[i] = 0.0
        return dispersion.Geometry(
            downwind_m=down,
            crosswind_m=cross,
            receptor_height_m=self.p.breathing_height_m,
            release_height_m=self.p.release_height_m,
            wind_m_s=self.wind_m_s,
            stability=self.stability,
            temperature_k=self.temperature_k,
            molar_mass_kg_mol=self.p.molar_mass_kg_mol,
            averaging_time_s=self.p.averaging_time_s,
            meander_deg=self.p.low_wind_meander_deg,
        )

    def _pool_vapour_apart(self) -> bool:
        """Whether the pool's vapour disperses apart from the jet, as a passive plume: when
        it is lighter than the air (ammonia: 0.87 kg/m3 at its boiling point, -33 degC,
        against 1.20 for air at 20 degC).

        The jet carries its aerosol, which makes even ammonia's jet cloud dense; the vapour
        boiling off a pool carries none, and Britter and McQuaid (1988) judge a release by
        the density of the released gas (CCPS 1999 section 2.3.2). A lighter-than-air
        vapour is a passive plume from the ground that rises by its buoyancy
        (:meth:`_pool_kernel`). A heavier vapour (chlorine, propane) joins the jet's dense
        cloud, as the same low, cold, heavy gas.
        """
        if self.pool is None or self.source_indoor:
            return False
        gas = self.pool.gas
        vapour = ideal_gas_density_kg_m3(gas.molar_mass_kg_mol, gas.boiling_point_k)
        air = ideal_gas_density_kg_m3(dispersion.AIR_MOLAR_MASS_KG_MOL, self.temperature_k)
        return vapour < air

    def _kernels_for(self, t_from_s: float) -> list[_Kernel]:
        """The kernels of one wind: one for the whole release, or, when the pool's vapour is
        lighter than air, one for the jet and a passive one for the pool's vapour."""
        geo = self._geometry()
        if not self.pool_apart:
            return [self._kernel(t_from_s, geo, self.cloud, "all")]
        return [
            self._kernel(t_from_s, geo, self.cloud, "jet"),
            self._pool_kernel(t_from_s, geo),
        ]

    def _pool_width_m(self) -> float:
        """Width of the pool the vapour leaves from: the diameter of a round pool as large
        as the bund, or, without one, as the whole rain-out spread at its minimum depth
        (the pool grows as it fills; its full size is taken). An area source: its vapour
        starts as wide as the pool (Turner 1970, ch. 4, virtual point source)."""
        assert self.pool is not None
        spec = self.p.pool
        rain_kg = self.p.inventory_kg * (1.0 - self.share)
        area = rain_kg / (self.pool.gas.liquid_density_kg_m3 * spec.min_depth_m)
        if spec.max_area_m2 is not None:
            area = min(area, spec.max_area_m2)
        return max(2.0 * math.sqrt(area / math.pi), self.p.source_width_m)

    def _pool_kernel(self, t_from_s: float, geo: dispersion.Geometry) -> _Kernel:
        """The pool's lighter-than-air vapour: a passive plume from a source as wide as the
        pool that rises by its buoyancy (Briggs 2/3 law to the final rise, with the pool's
        radius as the plume's initial radius; :mod:`sim.hazards.plume_rise`). The rise
        grows with the boil-off rate, so the levels are tabulated over rates like the
        dense plume's; beyond the table they scale linearly from its ends (above it, on
        the safe side: a larger rate would rise more)."""
        assert self.pool is not None
        gas = self.pool.gas
        width = self._pool_width_m()
        vapour = ideal_gas_density_kg_m3(gas.molar_mass_kg_mol, gas.boiling_point_k)
        air = ideal_gas_density_kg_m3(dispersion.AIR_MOLAR_MASS_KG_MOL, self.temperature_k)
        raises = math.prod(m.discharge_factor for m in self.p.mitigations if m.raises)
        # At most the whole discharge, twice over (the pool's boil-off while it spreads).
        hi = max(self.base_rate_kg_s * max(raises, 1.0) * 2.0, 1e-6)
        rates = np.geomspace(hi * 1e-3, hi, RATE_GRID_POINTS)
        height = self.p.source_height_m

        def column(q: float) -> np.ndarray:
            flux = plume_rise.buoyancy_flux_m4_s3(q, vapour, air)

            def rise(x_m: np.ndarray) -> np.ndarray:
                return plume_rise.buoyant_rise_m(
                    x_m, flux, self.wind_m_s, self.stability, self.temperature_k, width / 2.0
                )

            return dispersion.neutral_ppm(q, geo, width_m=width, height_m=height, rise_m=rise)

        table = np.column_stack([column(float(q)) for q in rates])
        delay, sigma_t, indoor = self._travel(geo)
        return _Kernel(t_from_s, delay, sigma_t, None, rates, table, part="pool", indoor=indoor)

    def _travel(self, geo: dispersion.Geometry) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Travel time x/u to each node, the along-wind spread as time (sigma_x / u; 0 at
        the source's own node), and which nodes are indoors."""
        delay = np.where(geo.downwind_m > 0, geo.downwind_m / self.wind_m_s, 0.0)
        sigma_t = dispersion.along_wind_sigma_m(geo.downwind_m, self.stability) / self.wind_m_s
        sigma_t[self.src] = 0.0
        return delay, sigma_t, np.asarray(self.ctx.site.indoor, dtype=bool)

    def _kernel(
        self,
        t_from_s: float,
        geo: dispersion.Geometry,
        cloud: dispersion.DenseCloud | None,
        part: str,
    ) -> _Kernel:
        delay, sigma_t, indoor = self._travel(geo)
        width = self.p.source_width_m
        height = self.p.source_height_m
        if cloud is None:
            per = dispersion.neutral_ppm(1.0, geo, width_m=width, height_m=height)
            return _Kernel(t_from_s, delay, sigma_t, per, part=part, indoor=indoor)
        raises = math.prod(m.discharge_factor for m in self.p.mitigations if m.raises)
        # The airborne jet plus, at most, as much again from the pool of rained-out liquid
        # (the table scales linearly beyond its ends).
        hi = max(self.base_rate_kg_s * self.share * max(raises, 1.0) * 2.0, 1e-6)
        rates = np.geomspace(hi * 1e-3, hi, RATE_GRID_POINTS)
        table = np.column_stack(
            [
                dispersion.dense_ppm(float(q), geo, cloud, width_m=width, height_m=height)
                for q in rates
            ]
        )
        return _Kernel(t_from_s, delay, sigma_t, None, rates, table, part=part, indoor=indoor)

    # --- the source ---------------------------------------------------------------------------

    @property
    def _multiplier(self) -> float:
        return self.isolation_factor * self.discharge_factor

    def _emission_now(self) -> float:
        """Rate into the outdoor air at the source's current state, kg/s."""
        if self.source_indoor:
            return self.room_ach_per_h / 3600.0 * self.room_volume_m3 * self.c_room_kg_m3
        return self._jet_now() + self._pool_tail_kg_s() * self.airborne_factor

    def _jet_now(self) -> float:
        """The jet's airborne rate at the source's current state, kg/s (outdoors)."""
        duration = self.p.release_duration_s
        if duration is not None and self._src_t >= duration:
            return 0.0
        rate = self.vessel.rate_kg_s(self.remaining_kg)
        return rate * self._multiplier * self.share * self.airborne_factor

    def _step(self, dt: float) -> None:
        """Integrate the source over ``dt`` (exact for the vessel and the room)."""
        t0 = self._src_t
        m0 = self.remaining_kg
        mult = self._multiplier
        t_stop = self._time_to_stop(t0, m0, mult)
        run = min(dt, t_stop)
        m1 = self.vessel.step(m0, mult, run) if run > 0 else m0
        if self.vessel.kind != "gas_blowdown" and self._time_to_empty(m0, mult) <= run:
            m1 = 0.0
        discharged = m0 - m1
        airborne = discharged * self.share * self.airborne_factor
        from_pool = 0.0
        if self.pool is not None:
            # The liquid that rains out reaches the ground as the jet runs, and boils off.
            rain = discharged * (1.0 - self.share)
            self.rained_kg += rain
            self.pool.add_rain(t0, t0 + run, rain)
            if self.source_indoor:
                boiled = self.pool.evaporated_by_kg(t0 + dt) - self.pool.evaporated_by_kg(t0)
                from_pool = max(boiled, 0.0) * self.airborne_factor
                self._pool_released_kg += from_pool
                self.pool.evaporated_kg = self.pool.evaporated_by_kg(t0 + dt)
        self.discharged_kg += discharged
        self.airborne_kg += airborne
        self.remaining_kg = m1
        if self.source_indoor:
            q_out = self._room_step((airborne + from_pool) / dt, dt)
            self._record(t0, q_out)
        else:
            self._record(t0, airborne / run if run > 0 else 0.0)
            if run < dt:
                self._record(t0 + run, 0.0)
        if self.end_s is None and t_stop <= dt:
            self.end_s = t0 + t_stop
        self._src_t = t0 + dt

    def _time_to_stop(self, t0: float, remaining_kg: float, mult: float) -> float:
        """Time from ``t0`` until the discharge stops: the inventory is gone or the
        scenario's release duration is over."""
        t_stop = self._time_to_empty(remaining_kg, mult)
        if self.p.release_duration_s is not None:
            t_stop = min(t_stop, max(self.p.release_duration_s - t0, 0.0))
        return t_stop

    def _time_to_empty(self, remaining_kg: float, mult: float) -> float:
        v = self.vessel
        if remaining_kg <= 0.0:
            return 0.0
        if mult <= 0.0 or v.kind == "gas_blowdown":
            return math.inf
        if v.kind == "steady":
            return remaining_kg / (v.rate0_kg_s * mult)
        rate = v.rate_kg_s(remaining_kg) * mult
        # Liquid head: the rate falls linearly to the pad-pressure rate at empty.
        end = (
            v.rate0_kg_s
            * math.sqrt(
                (v.pad_pressure_pa / v.rho_kg_m3)
                / (v.pad_pressure_pa / v.rho_kg_m3 + source_terms.G_M_S2 * v.head0_m)
            )
            * mult
        )
        return 2.0 * remaining_kg / (rate + end)

    def _room_step(self, q_in_kg_s: float, dt: float) -> float:
        """Well-mixed room: dC/dt = q/V - (lambda + k) C, exact; returns the mean exhaust."""
        lam = self.room_ach_per_h / 3600.0
        k = lam + self.removal_per_h / 3600.0
        v = self.room_volume_m3
        c_ss = q_in_kg_s / (v * k)
        c0 = self.c_room_kg_m3
        decay = math.exp(-k * dt)
        self.c_room_kg_m3 = c_ss + (c0 - c_ss) * decay
        mean = c_ss + (c0 - c_ss) * (1.0 - decay) / (k * dt)
        return lam * v * mean

    def _record_now(self, t_s: float) -> None:
        """After an action changed the source: its rate from now on (jet only outdoors; the
        pool's boil-off has its own history)."""
        self._record(t_s, self._emission_now() if self.source_indoor else self._jet_now())

    def _record(self, t_s: float, q_kg_s: float) -> None:
        if self._hist_t and abs(self._hist_t[-1] - t_s) < 1e-12:
            self._hist_q[-1] = q_kg_s
            return
        if self._hist_q and self._hist_q[-1] == q_kg_s:
            return
        self._hist_t.append(t_s)
        self._hist_q.append(q_kg_s)

    def _advance_source(self, t_s: float, *, exact: bool) -> None:
        """Integrate the source to ``t_s``: whole steps, and with ``exact`` the rest too
        (actions change the source at their own time; reading levels never splits a step)."""
        dt = self.tick_s
        while True:
            # Steps end on the fixed grid k dt; an action's split only shortens one step.
            nxt = (math.floor(self._src_t / dt + 1e-9) + 1) * dt
            if nxt > t_s + 1e-9:
                break
            self._step(nxt - self._src_t)
        rest = t_s - self._src_t
        if exact and rest > 1e-9:
            self._step(rest)
        self._extend_pool()

    def _extend_pool(self) -> None:
        """Boil-off of the outdoor pool on each grid step the source has passed."""
        if self.pool is None or self.source_indoor:
            return
        dt = self.tick_s
        while len(self._pool_e) * dt <= self._src_t + 1e-9:
            k = len(self._pool_e)
            self._pool_e.append(self.pool.evaporated_by_kg(k * dt))
            boiled = self._pool_e[k] - self._pool_e[k - 1]
            self._pool_released_kg += boiled * self._mean_af((k - 1) * dt, k * dt)
        self.pool.evaporated_kg = self._pool_e[-1]

    def _mean_af(self, a_s: float, b_s: float) -> float:
        """Time-mean airborne factor over [a, b]."""
        edges = [a_s, *(t for t in self._af_t if a_s < t < b_s), b_s]
        total = 0.0
        for lo, hi in itertools.pairwise(edges):
            i = bisect.bisect_right(self._af_t, lo) - 1
            total += self._af[max(i, 0)] * (hi - lo)
        return total / (b_s - a_s)

    def _pool_tail_kg_s(self) -> float:
        """The pool's boil-off rate over the last whole grid step, kg/s."""
        if len(self._pool_e) < 2:
            return 0.0
        return (self._pool_e[-1] - self._pool_e[-2]) / self.tick_s

    def _history_key(self) -> tuple[float, ...]:
        return (
            len(self._hist_t),
            self._src_t,
            self._emission_now(),
            len(self._pool_e),
            len(self._af_t),
        )

    def _history(self, part: str = "all") -> tuple[np.ndarray, np.ndarray]:
        """The rate into the outdoor air as knots: ``rates[i]`` from ``knots[i]`` on, the
        last (the source's present state) for ever after. ``jet``: the jet's history (split
        where actions change it); ``pool``: the pool's boil-off on the fixed grid times the
        airborne factor then in force; ``all``: their sum."""
        key = self._history_key()
        cached = self._history_cache.get(part)
        if cached is not None and cached[0] == key:
            return cached[1], cached[2]
        now_rate = key[2]
        pool_rate = self._pool_tail_kg_s() * self.airborne_factor
        jet_t = np.asarray([*self._hist_t, self._src_t], dtype=np.float64)
        jet_q = np.asarray([*self._hist_q, now_rate - pool_rate], dtype=np.float64)
        if jet_t[0] > 0.0:
            jet_t = np.concatenate(([0.0], jet_t))
            jet_q = np.concatenate(([jet_q[0]], jet_q))
        if len(self._pool_e) < 2:
            if part == "pool":
                k, r = np.zeros(1), np.zeros(1)
            else:
                k, r = jet_t, jet_q
        elif part == "jet":
            k, r = jet_t, jet_q
        else:
            e = self._pool_e.array
            pool_t = np.arange(len(e) - 1, dtype=np.float64) * self.tick_s
            pool_q = np.diff(e) / self.tick_s
            af_t = np.asarray(self._af_t)
            af = np.asarray(self._af)
            parts = (pool_t, af_t) if part == "pool" else (jet_t, pool_t, af_t)
            k = np.unique(np.concatenate(parts))

            def at(tt: np.ndarray, vv: np.ndarray) -> np.ndarray:
                i = np.searchsorted(tt, k, side="right") - 1
                out: np.ndarray = np.where(i >= 0, vv[np.clip(i, 0, None)], 0.0)
                return out

            r = at(pool_t, pool_q) * at(af_t, af)
            if part == "all":
                r = at(jet_t, jet_q) + r
        self._history_cache[part] = (key, k, r)
        return k, r

    def rate_at(self, t_s: np.ndarray) -> np.ndarray:
        """Rate into the outdoor air at each time (0 before the start), kg/s."""
        t = np.asarray(t_s, dtype=np.float64)
        knots, rates = self._history()
        idx = np.searchsorted(knots, t, side="right") - 1
        out: np.ndarray = np.where((idx >= 0) & (t >= 0.0), rates[np.clip(idx, 0, None)], 0.0)
        return out

    # --- levels ---------------------------------------------------------------------------

    def outdoor_ppm(self, t_s: float, *, indoor_only: bool = False) -> np.ndarray:
        """Outdoor concentration at every node at time ``t_s``, ppm.

        Each wind carries the gas released while it blew (:class:`_Kernel` windows); a
        place reads the sum. Within a wind, a place reads the release rate averaged over
        the along-wind spread of the puffs reaching it (Palazzi et al. 1982). Only the
        nodes a wind's gas can reach are computed. With ``indoor_only`` only the indoor
        nodes are (the others read 0): what the indoor air exchange needs.
        """
        key = (t_s, indoor_only, len(self._kernels), *self._history_key())
        if self._outdoor_cache is not None and self._outdoor_cache[0] == key:
            return self._outdoor_cache[1]
        total = np.zeros(len(self.ctx.site.node_ids))
        for kernel in self._kernels:
            if kernel.t_from_s > t_s or t_s > kernel.t_to_s + kernel.reach_s:
                continue
            rows = kernel.live_indoor if indoor_only else kernel.live
            if rows.idx.size == 0:
                continue
            knots, rates = self._history(kernel.part)
            q = dispersion.gaussian_mean_rate(
                knots,
                rates,
                t_s - rows.delay_s,
                rows.sigma_t_s,
                (kernel.t_from_s, kernel.t_to_s),
            )
            total[rows.idx] += rows.ppm(q, kernel.rates)
        out: np.ndarray = np.minimum(total, dispersion.PURE_GAS_PPM)
        out.flags.writeable = False
        self._outdoor_cache = (key, out)
        return out

    def _ach_at(self, t_s: float) -> np.ndarray:
        ach = self.ach
        for when, value in self.ach_changes:
            if when <= t_s:
                ach = value
        return ach

    def _advance_grid(self, now_s: float) -> None:
        dt = self.tick_s
        while self.grid_s + dt <= now_s + 1e-9:
            mid = self.grid_s + dt / 2
            outdoor = self.outdoor_ppm(mid, indoor_only=True)
            self.c_in = indoor_step(self.c_in, outdoor, self._ach_at(self.grid_s), dt)
            self.grid_s += dt

    def room_ppm(self) -> float:
        """Concentration in the room of an indoor leak now, ppm (0 for an outdoor leak)."""
        if not self.source_indoor:
            return 0.0
        return float(kg_m3_to_ppm(self.c_room_kg_m3, self.p.molar_mass_kg_mol, self.temperature_k))

    def levels(self) -> np.ndarray:
        now = float(self.ctx.env.now)
        self._advance_source(now, exact=False)
        self._advance_grid(now)
        outdoor = self.outdoor_ppm(now)
        rest = now - self.grid_s
        if rest > 0:
            indoor = indoor_step(
                self.c_in,
                self.outdoor_ppm(self.grid_s + rest / 2, indoor_only=True),
                self._ach_at(self.grid_s),
                rest,
            )
        else:
            indoor = self.c_in
        out = np.where(self.indoor, indoor, outdoor)
        if self.source_indoor:
            out[self.src] = self.room_ppm()
        result: np.ndarray = np.minimum(out, dispersion.PURE_GAS_PPM)
        return result

    def thresholds(self) -> list[Threshold]:
        return list(self._thresholds)

    # --- the clock ------------------------------------------------------------------------

    def start(self) -> None:
        self.ctx.env.process(self._watch())

    def _watch(self) -> Generator[Any, Any, None]:
        ctx = self.ctx
        offsite_done = False
        ended = False
        first = self._thresholds[0].value
        while True:
            yield ctx.env.timeout(self.tick_s)
            lv = self.levels()
            self.peak_ppm = max(self.peak_ppm, float(lv.max()) if lv.size else 0.0)
            if not offsite_done and bool((lv[self.offsite_nodes] >= first).any()):
                offsite_done = True
                ctx.milestone("plume_offsite")
            if not ended and self.end_s is not None and float(ctx.env.now) >= self.end_s:
                ended = True
                ctx.milestone("release_ended")
            self._check_detectors(lv)

    def _check_detectors(self, lv: np.ndarray) -> None:
        for det, idx in zip(self.p.detectors, self._detector_idx, strict=True):
            ppm = float(lv[idx])
            for level, alarm in enumerate(det.alarm_ppm, start=1):
                key = (det.id, level)
                if ppm >= alarm and key not in self._alarmed:
                    self._alarmed.add(key)
                    self.ctx.emit("detector_alarm", detector=det.id, level=level, ppm=round(ppm, 1))
                    self.ctx.milestone(f"detector_alarm_{level}")

    # --- reactions ------------------------------------------------------------------------

    def react(self, action: ActionDone) -> None:
        if action.kind == "isolate_source":
            self._isolate(action.t_s)
        elif action.kind == "shelter":
            mask = self._scope_mask(action.params.get("scope", "all"))
            ach = self._ach_at(action.t_s).copy()
            ach[mask & self.indoor] = self.p.sheltered_ach_per_h
            self.ach_changes.append((action.t_s, ach))
        elif action.kind == "weather_change":
            self._change_wind(action)
        for m in self.p.mitigations:
            if m.id not in self._applied and self._listed(action, m.by):
                self._mitigate(m, action.t_s)

    @staticmethod
    def _listed(action: ActionDone, ids: list[str]) -> bool:
        if action.id in ids:
            return True
        return (
            action.responder
            and action.id == f"{action.role}:{action.kind}"
            and (action.role in ids)
        )

    def _isolate(self, t_s: float) -> None:
        if self.isolated_s is not None:
            return
        self._advance_source(t_s, exact=True)
        self.isolated_s = t_s
        self.isolation_factor = self.p.isolated_fraction
        self._record_now(t_s)
        released = self.airborne_kg + self._pool_released_kg
        self.ctx.emit("source_isolated", released_kg=round(released, 1))
        self.ctx.milestone("source_isolated")

    def _mitigate(self, m: Any, t_s: float) -> None:
        self._advance_source(t_s, exact=True)
        self._applied.add(m.id)
        self.discharge_factor *= m.discharge_factor
        self.airborne_factor *= m.airborne_factor
        self._af_t.append(t_s)
        self._af.append(self.airborne_factor)
        self.removal_per_h += m.removal_per_h
        self._record_now(t_s)
        self.ctx.emit(
            "source_mitigated",
            mitigation=m.id,
            discharge_factor=m.discharge_factor,
            airborne_factor=m.airborne_factor,
            removal_per_h=m.removal_per_h,
            rate_kg_s=round(self._emission_now(), 4),
        )

    def _change_wind(self, action: ActionDone) -> None:
        params = action.params
        if "wind_from_deg" in params:
            self.wind_from_deg = float(params["wind_from_deg"])
        if "wind_speed_m_s" in params:
            self.wind_m_s = max(float(params["wind_speed_m_s"]), CALM_WIND_M_S)
        self.stability = self._stability(self.wind_m_s)
        for kernel in self._kernels:
            kernel.t_to_s = min(kernel.t_to_s, action.t_s)
        self._kernels.extend(self._kernels_for(action.t_s))
        self.ctx.emit(
            "wind_changed",
            wind_from_deg=self.wind_from_deg,
            wind_speed_m_s=self.wind_m_s,
            stability=self.stability,
        )

    def _scope_mask(self, scope: Any) -> np.ndarray:
        site = self.ctx.site
        if scope in (None, "all"):
            return np.ones(len(site.node_ids), dtype=bool)
        names = {str(s) for s in scope} if isinstance(scope, list) else {str(scope)}
        return np.array([n in names for n in site.node_ids], dtype=bool)

    # --- harm and outcome -------------------------------------------------------------------

    def assess(self, exposure_s: np.ndarray, dose: float) -> Harm | None:
        """Harm from time above the levels, read by id (AEGL definitions, NRC 2001).

        AEGL-3 (or ERPG-3, PAC-3) is the level above which the general population could
        experience life-threatening effects, AEGL-2 irreversible or other serious effects.
        drillsim's rule: 10 min above the life-threatening level is a casualty, 1 min there
        or 10 min above the serious-effects level an injury. ``exposure_s[s]`` is the time
        at severity s, i.e. with the first s levels reached.
        """
        top = (
            float(exposure_s[self.lethal_index + 1 :].sum())
            if self.lethal_index is not None
            else 0.0
        )
        second = (
            float(exposure_s[self.serious_index + 1 :].sum())
            if self.serious_index is not None
            else 0.0
        )
        if top >= CASUALTY_AT_TOP_S:
            return "casualty"
        if top >= INJURY_AT_TOP_S or second >= INJURY_AT_SECOND_S:
            return "injured"
        return None

    def dose_model(
        self, n_people: int, rng: np.random.Generator, sensitive: np.ndarray
    ) -> DoseModel | None:
        """Harm hook: the toxic load of the substance (``toxicity``, or the bundled one
        of the UN number; sim/harm.py). None without one: :meth:`assess` judges."""
        tox = self.p.toxicity
        sub = substance_for(
            tox.substance if tox else None, self.p.un_number, tox.overrides() if tox else None
        )
        if sub is None or (sub.probit_a is None and all(c is None for c in sub.aegl_ppm)):
            return None
        return ToxicDose(sub, n_people, rng, sensitive, self.unit)

    def outcome(self) -> dict[str, float | int | bool]:
        now = float(self.ctx.env.now)
        self._advance_source(now, exact=False)
        return {
            "peak_ppm": round(self.peak_ppm, 1),
            "released_kg": round(self.airborne_kg + self._pool_released_kg, 1),
            "discharged_kg": round(self.discharged_kg, 1),
            "rained_out_kg": round(self.rained_kg, 1),
            "pool_evaporated_kg": round(self.pool.evaporated_kg if self.pool else 0.0, 1),
            "release_rate_kg_s": round(self.base_rate_kg_s * self.share, 4),
            "release_ended_s": -1.0 if self.end_s is None else round(self.end_s, 1),
            "source_isolated_s": -1.0 if self.isolated_s is None else round(self.isolated_s, 3),
            "stability": "ABCDEF".index(self.stability),
        }

    def describe(self) -> dict[str, Any]:
        material = self.p.material
        return {
            "model": self.name,
            "unit": self.unit,
            "material": material if isinstance(material, str) else material.model_dump(),
            "substance": self.substance,
            "un_number": self.p.un_number,
            "source": self.p.source_node,
            "wind_from_deg": self.wind_from_deg,
            "wind_speed_m_s": self.wind_m_s,
            "stability": self.stability,
            "dense": self.cloud is not None,
            "averaging_time_s": self.p.averaging_time_s,
            "release_rate_kg_s": self.base_rate_kg_s * self.share,
        }
