"""Source terms of pressurised liquefied gases and draining vessels (pure physics).

- **Flashing.** A liquid stored above its normal boiling point partly flashes to vapour when
  released; the flash carries fine droplets (aerosol) that evaporate in the air, and the rest
  rains out onto the ground.
- **Two-phase flow.** A flashing liquid through a pipe or valve longer than about 0.1 m
  leaves as an equilibrium two-phase mixture, 2-3 times less mass than Bernoulli liquid
  flow; through a sharp hole in a thin wall it has no time to flash and leaves as liquid.
- **Pool evaporation.** The liquid that rains out of a flashing jet forms a pool on the
  ground. A liquefied gas boils there (its boiling point is far below the ground's
  temperature) at the rate the ground conducts heat into it: a semi-infinite solid whose
  surface is suddenly cooled to the boiling point gives q = k (Tg - Tb) / sqrt(pi a t)
  (Carslaw and Jaeger; the boiling-pool model of the TNO Yellow Book, CPR 14E, ch. 3, and
  CCPS 1999 section 2.2.4, after Shaw and Briscoe 1978). The pool spreads until it is
  ``min_depth_m`` deep or fills its bund.
- **Draining vessels.** A vessel empties: a liquid driven by its head drains ever slower, a
  gas vessel depressurises and its choked flow decays exponentially, a liquefied gas held at
  its vapour pressure drains at a nearly steady rate until the liquid is gone.

Sources:

- Crowl and Louvar, *Chemical Process Safety*, 3rd ed. (2011), ch. 4: draining tank (liquid
  through a hole in a tank, the time to drain), flashing liquids (flash fraction
  cp (T - Tb) / hfg; the equilibrium rate model and its non-equilibrium extension by Fauske).
- Fauske, H. K. and Epstein, M., "Source term considerations in connection with chemical
  accidents and vapour cloud modelling", J. Loss Prev. Process Ind. 1 (1988) 75-83: the
  equilibrium rate model (ERM), G = hfg / vfg * sqrt(1 / (T cp)), for pipes over 0.1 m.
- CCPS, *Guidelines for Consequence Analysis of Chemical Releases* (1999), section 2.1.2
  (flashing flow, the ERM) and 2.2.1 (flash and aerosol; the rule of thumb that the aerosol
  carried is about equal to the flash, so about twice the flash becomes airborne).
- Substance data: NIST Chemistry WebBook, fluid properties (saturation properties at
  20 degC and at 1 atm), and Perry's Chemical Engineers' Handbook, 8th ed., section 2, for
  liquid heat capacities (cited per substance below).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from sim.hazards.checks import non_negative, positive

__all__ = [
    "GROUNDS",
    "LIQUEFIED_GASES",
    "BoilingPool",
    "Ground",
    "GrowingSeries",
    "LiquefiedGas",
    "Vessel",
    "airborne_fraction",
    "conduction_flux_w_m2",
    "erm_mass_flux",
    "flash_fraction",
    "flashing_mass_flux",
    "liquid_drain_time_s",
]

G_M_S2 = 9.80665
NON_EQUILIBRIUM_LENGTH_M = 0.1
"""Pipe length over which a flashing liquid reaches equilibrium (Fauske 1985; Crowl and
Louvar 2011 ch. 4): shorter openings pass partly unflashed liquid."""


@dataclass(frozen=True)
class LiquefiedGas:
    """Saturation data of a liquefied gas at the storage temperature (20 degC)."""

    name: str
    molar_mass_kg_mol: float
    boiling_point_k: float
    """Normal boiling point (1 atm)."""
    heat_of_vaporisation_j_kg: float
    """At the normal boiling point (the energy that the flash draws on)."""
    liquid_heat_capacity_j_kg_k: float
    """Liquid cp, averaged between the boiling point and 20 degC."""
    storage_temperature_k: float
    vapour_pressure_pa: float
    """Absolute, at the storage temperature."""
    liquid_density_kg_m3: float
    vapour_density_kg_m3: float
    """Saturated vapour at the storage temperature (for vfg)."""
    hfg_storage_j_kg: float
    """Heat of vaporisation at the storage temperature (for the ERM)."""


LIQUEFIED_GASES: dict[str, LiquefiedGas] = {
    # NIST Chemistry WebBook, saturation properties: ammonia at 20 degC: psat 857.5 kPa,
    # rho_f 610.2 kg/m3, rho_g 6.70 kg/m3, hfg 1186 kJ/kg; at 1 atm: Tb 239.8 K,
    # hfg 1370 kJ/kg; liquid cp 4.45 (at Tb) to 4.75 kJ/(kg K) (at 20 degC): 4.6 mean.
    "ammonia": LiquefiedGas(
        name="ammonia",
        molar_mass_kg_mol=0.017031,
        boiling_point_k=239.8,
        heat_of_vaporisation_j_kg=1.370e6,
        liquid_heat_capacity_j_kg_k=4600.0,
        storage_temperature_k=293.15,
        vapour_pressure_pa=857.5e3,
        liquid_density_kg_m3=610.2,
        vapour_density_kg_m3=6.70,
        hfg_storage_j_kg=1.186e6,
    ),
    # NIST Chemistry WebBook: chlorine at 20 degC: psat 673 kPa, rho_f 1410 kg/m3,
    # rho_g 21.4 kg/m3, hfg 253 kJ/kg; at 1 atm: Tb 239.1 K, hfg 288 kJ/kg; liquid cp
    # 0.93 kJ/(kg K) (Perry's 8th ed., chlorine liquid).
    "chlorine": LiquefiedGas(
        name="chlorine",
        molar_mass_kg_mol=0.070906,
        boiling_point_k=239.1,
        heat_of_vaporisation_j_kg=0.288e6,
        liquid_heat_capacity_j_kg_k=930.0,
        storage_temperature_k=293.15,
        vapour_pressure_pa=673.0e3,
        liquid_density_kg_m3=1410.0,
        vapour_density_kg_m3=21.4,
        hfg_storage_j_kg=0.253e6,
    ),
    # NIST Chemistry WebBook: propane at 20 degC: psat 836 kPa, rho_f 500 kg/m3,
    # rho_g 18.1 kg/m3, hfg 344 kJ/kg; at 1 atm: Tb 231.0 K, hfg 426 kJ/kg; liquid cp
    # 2.4 kJ/(kg K) mean.
    "propane": LiquefiedGas(
        name="propane",
        molar_mass_kg_mol=0.044097,
        boiling_point_k=231.0,
        heat_of_vaporisation_j_kg=0.426e6,
        liquid_heat_capacity_j_kg_k=2400.0,
        storage_temperature_k=293.15,
        vapour_pressure_pa=836.0e3,
        liquid_density_kg_m3=500.0,
        vapour_density_kg_m3=18.1,
        hfg_storage_j_kg=0.344e6,
    ),
}
"""Liquefied gases a drill releases, with the data the flash and the ERM need."""


def flash_fraction(
    cp_j_kg_k: float, temperature_k: float, boiling_point_k: float, hfg_j_kg: float
) -> float:
    """Mass fraction of a superheated liquid that flashes on release to 1 atm.

    f = cp (T - Tb) / hfg (Crowl and Louvar 2011 ch. 4, flashing liquids; CCPS 1999
    section 2.2.1). 0 for a liquid at or below its boiling point; at most 1.
    """
    positive("cp_j_kg_k", cp_j_kg_k)
    positive("temperature_k", temperature_k)
    positive("boiling_point_k", boiling_point_k)
    positive("hfg_j_kg", hfg_j_kg)
    return min(max(cp_j_kg_k * (temperature_k - boiling_point_k) / hfg_j_kg, 0.0), 1.0)


def airborne_fraction(flash: float, aerosol_factor: float = 1.0) -> float:
    """Share of a flashing release that becomes airborne: the flash plus its aerosol.

    The aerosol carried with the flash is ``aerosol_factor`` times the flash (commonly 1
    to 2, CCPS 1999 section 2.2.1); the rest rains out to a pool, which this model does
    not evaporate. Returns min(1, flash (1 + aerosol_factor)); the rain-out is 1 minus it.
    """
    if not (math.isfinite(flash) and 0.0 <= flash <= 1.0):
        raise ValueError(f"flash must be in [0, 1], got {flash!r}")
    non_negative("aerosol_factor", aerosol_factor)
    return min(flash * (1.0 + aerosol_factor), 1.0)


def erm_mass_flux(
    hfg_j_kg: float, vfg_m3_kg: float, temperature_k: float, cp_j_kg_k: float
) -> float:
    """Equilibrium-rate-model mass flux of a saturated flashing liquid, kg/(m2 s).

    G_ERM = hfg / vfg * sqrt(1 / (T cp)) (Fauske and Epstein 1988; Crowl and Louvar 2011
    ch. 4; CCPS 1999 section 2.1.2), for pipes of 0.1 m or longer. ``vfg`` is the change of
    specific volume on vaporisation, 1/rho_g - 1/rho_f, at the storage temperature.
    """
    positive("hfg_j_kg", hfg_j_kg)
    positive("vfg_m3_kg", vfg_m3_kg)
    positive("temperature_k", temperature_k)
    positive("cp_j_kg_k", cp_j_kg_k)
    return hfg_j_kg / vfg_m3_kg * math.sqrt(1.0 / (temperature_k * cp_j_kg_k))


def flashing_mass_flux(
    gas: LiquefiedGas,
    *,
    cd: float,
    pipe_length_m: float,
    ambient_pa: float = 101325.0,
) -> float:
    """Mass flux of a saturated liquefied gas leaving through an opening, kg/(m2 s).

    Fauske's non-equilibrium extension of the ERM (Crowl and Louvar 2011 ch. 4):

        G = sqrt(G_ERM^2 / N),  N = hfg^2 / (2 dP rho_f Cd^2 T vfg^2 cp) + L / Le

    with Le = 0.1 m and dP = P - P_ambient; for L >= Le, N = 1 (equilibrium flow). A
    saturated liquid has P = P_sat, so the subcooling term 2 rho_f (P - P_sat) is 0. At
    L = 0 this is Cd sqrt(2 rho_f dP), Bernoulli liquid flow through a sharp hole. The
    first term is faded out linearly in L/Le (N = first (1 - L/Le) + L/Le) so that the flux
    is continuous at L = Le, where the published form steps by a few per cent.
    """
    if not (math.isfinite(cd) and 0.0 < cd <= 1.0):
        raise ValueError(f"discharge coefficient cd must be in (0, 1], got {cd!r}")
    non_negative("pipe_length_m", pipe_length_m)
    t = gas.storage_temperature_k
    vfg = 1.0 / gas.vapour_density_kg_m3 - 1.0 / gas.liquid_density_kg_m3
    g_erm = erm_mass_flux(gas.hfg_storage_j_kg, vfg, t, gas.liquid_heat_capacity_j_kg_k)
    dp = gas.vapour_pressure_pa - ambient_pa
    positive("vapour pressure above ambient", dp)
    if pipe_length_m >= NON_EQUILIBRIUM_LENGTH_M:
        return g_erm
    bernoulli_sq = 2.0 * dp * gas.liquid_density_kg_m3 * cd**2
    first = g_erm**2 / bernoulli_sq  # = hfg^2 / (2 dP rho_f Cd^2 T vfg^2 cp)
    share = pipe_length_m / NON_EQUILIBRIUM_LENGTH_M
    # The published N = first + L/Le steps from first + 1 to 1 at L = Le (about 7 % in the
    # flux for ammonia); the first term is faded out linearly instead, so the flux falls
    # continuously from Bernoulli flow at L = 0 to the ERM at L = Le.
    n = first * (1.0 - share) + share
    return g_erm / math.sqrt(max(n, 1.0) if first >= 1.0 else n)


# --------------------------------------------------------------------------- vessels

VesselKind = Literal["steady", "liquid_head", "gas_blowdown"]


@dataclass(frozen=True)
class Vessel:
    """How the discharge of a vessel falls as it empties.

    - ``steady``: a liquefied gas at its vapour pressure (or a given rate): the rate holds
      until the inventory is gone. Evaporative cooling, which lowers the pressure of a
      real vessel, is neglected: the hazard is not underestimated.
    - ``liquid_head``: a vertical cylindrical tank with a pad (gauge) pressure, holed
      ``head0_m`` below the liquid surface: m = rho Cd A sqrt(2 (Pg/rho + g h)), and the
      rate falls linearly in time until the level reaches the hole (Crowl and Louvar 2011
      ch. 4, draining tank).
    - ``gas_blowdown``: a gas vessel at constant temperature with choked flow: m is
      proportional to the pressure, hence to the mass left, m = m0 M / M0, an exponential
      decay with time constant M0 / m0, until the pressure falls to ambient (the last
      M0 Pa / P0 stays in the vessel). Crowl and Louvar 2011 ch. 4 (choked gas flow);
      isothermal blowdown.

    ``rate0_kg_s`` is the discharge at the start and ``inventory_kg`` the mass that can
    leave by the hole. Multipliers (a valve half shut, water warming a cylinder) scale the
    discharge at any moment; :meth:`step` integrates one interval exactly.
    """

    kind: VesselKind
    rate0_kg_s: float
    inventory_kg: float
    rho_kg_m3: float = 1000.0
    head0_m: float = 0.0
    pad_pressure_pa: float = 0.0
    residual_fraction: float = 0.0
    """gas_blowdown: share of the inventory left at ambient pressure (Pa / P0)."""

    @property
    def _head_terms(self) -> tuple[float, float, float]:
        """(sqrt(s0), sqrt(s_end), k): s = Pg/rho + g h falls as d sqrt(s)/dt = -k per unit
        multiplier, from s0 (full) to s_end (level at the hole)."""
        s0 = self.pad_pressure_pa / self.rho_kg_m3 + G_M_S2 * self.head0_m
        s_end = self.pad_pressure_pa / self.rho_kg_m3
        # rate = rho Cd A sqrt(2 s) -> Cd A = rate0 / (rho sqrt(2 s0)); tank area from the
        # liquid mass above the hole: A_t = M0 / (rho h0).
        cd_a = self.rate0_kg_s / (self.rho_kg_m3 * math.sqrt(2.0 * s0))
        tank_area = self.inventory_kg / (self.rho_kg_m3 * self.head0_m)
        k = G_M_S2 * cd_a / (math.sqrt(2.0) * tank_area)
        return math.sqrt(s0), math.sqrt(s_end), k

    def rate_kg_s(self, remaining_kg: float) -> float:
        """Discharge with ``remaining_kg`` left (multiplier 1)."""
        if remaining_kg <= self._floor_kg:
            return 0.0
        if self.kind == "steady":
            return self.rate0_kg_s
        if self.kind == "gas_blowdown":
            return self.rate0_kg_s * remaining_kg / self.inventory_kg
        h = self.head0_m * remaining_kg / self.inventory_kg
        s = self.pad_pressure_pa / self.rho_kg_m3 + G_M_S2 * h
        s0 = self.pad_pressure_pa / self.rho_kg_m3 + G_M_S2 * self.head0_m
        return self.rate0_kg_s * math.sqrt(s / s0)

    @property
    def _floor_kg(self) -> float:
        return self.inventory_kg * self.residual_fraction if self.kind == "gas_blowdown" else 0.0

    def step(self, remaining_kg: float, multiplier: float, dt_s: float) -> float:
        """Mass left after ``dt_s`` at a constant discharge multiplier (exact), kg."""
        non_negative("multiplier", multiplier)
        non_negative("dt_s", dt_s)
        floor = self._floor_kg
        if remaining_kg <= floor or multiplier == 0.0 or dt_s == 0.0:
            return remaining_kg
        if self.kind == "steady":
            return max(remaining_kg - self.rate0_kg_s * multiplier * dt_s, 0.0)
        if self.kind == "gas_blowdown":
            left = remaining_kg * math.exp(-multiplier * self.rate0_kg_s * dt_s / self.inventory_kg)
            return max(left, floor)
        _root_s0, root_end, k = self._head_terms
        h = self.head0_m * remaining_kg / self.inventory_kg
        root = math.sqrt(self.pad_pressure_pa / self.rho_kg_m3 + G_M_S2 * h)
        root = max(root - multiplier * k * dt_s, root_end)
        h_new = (root * root - self.pad_pressure_pa / self.rho_kg_m3) / G_M_S2
        return max(self.inventory_kg * h_new / self.head0_m, 0.0)


def liquid_drain_time_s(
    *,
    hole_area_m2: float,
    cd: float,
    tank_area_m2: float,
    head0_m: float,
    pad_pressure_pa: float,
    rho_kg_m3: float,
) -> float:
    """Time for a padded tank to drain down to the hole, s.

    t_e = A_t / (Cd A g) [sqrt(2 (Pg/rho + g h0)) - sqrt(2 Pg/rho)] (Crowl and Louvar 2011
    ch. 4, liquid through a hole in a tank).
    """
    positive("hole_area_m2", hole_area_m2)
    positive("tank_area_m2", tank_area_m2)
    positive("head0_m", head0_m)
    positive("rho_kg_m3", rho_kg_m3)
    non_negative("pad_pressure_pa", pad_pressure_pa)
    a = math.sqrt(2.0 * (pad_pressure_pa / rho_kg_m3 + G_M_S2 * head0_m))
    b = math.sqrt(2.0 * pad_pressure_pa / rho_kg_m3)
    return tank_area_m2 / (cd * hole_area_m2 * G_M_S2) * (a - b)


# --------------------------------------------------------------------------- pools


@dataclass(frozen=True)
class Ground:
    """Thermal properties of the ground under a pool."""

    conductivity_w_m_k: float
    diffusivity_m2_s: float


GROUNDS: dict[str, Ground] = {
    # Incropera, DeWitt et al., Fundamentals of Heat and Mass Transfer, Table A.3 (300 K):
    # concrete (stone mix) k 1.4 W/(m K), rho 2300 kg/m3, cp 880 J/(kg K); soil k 0.52,
    # rho 2050, cp 1840. Diffusivity a = k / (rho cp).
    "concrete": Ground(1.4, 1.4 / (2300.0 * 880.0)),
    "soil": Ground(0.52, 0.52 / (2050.0 * 1840.0)),
}
"""Grounds a pool can lie on."""


def conduction_flux_w_m2(
    ground: Ground, ground_temperature_k: float, boiling_point_k: float, t_s: float
) -> float:
    """Heat flux from the ground into a boiling pool t_s after it was wetted, W/m2.

    q = k (Tg - Tb) / sqrt(pi a t): conduction into a semi-infinite solid whose surface is
    held at the boiling point from t = 0 (Carslaw and Jaeger 1959, section 2.5; TNO Yellow
    Book CPR 14E ch. 3 and CCPS 1999 section 2.2.4, boiling pools). 0 if the ground is not
    warmer than the boiling point.
    """
    positive("t_s", t_s)
    d_t = max(ground_temperature_k - boiling_point_k, 0.0)
    return ground.conductivity_w_m_k * d_t / math.sqrt(math.pi * ground.diffusivity_m2_s * t_s)


class GrowingSeries:
    """A float64 series appended to at the end, read as an array, in amortised O(1) per
    append (a drill adds one value per tick; rebuilding an array from a list each tick
    would cost O(n))."""

    def __init__(self, first: float | None = None) -> None:
        self._buf = np.empty(64, dtype=np.float64)
        self._n = 0
        if first is not None:
            self.append(first)

    def append(self, value: float) -> None:
        if self._n == len(self._buf):
            grown = np.empty(2 * len(self._buf), dtype=np.float64)
            grown[: self._n] = self._buf[: self._n]
            self._buf = grown
        self._buf[self._n] = value
        self._n += 1

    @property
    def array(self) -> np.ndarray:
        """The values so far (a view: do not keep it across appends)."""
        return self._buf[: self._n]

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: int) -> float:
        if not -self._n <= i < self._n:
            raise IndexError(i)
        return float(self._buf[i % self._n])


class BoilingPool:
    """The pool of rained-out liquefied gas and its evaporation by ground conduction.

    Liquid arrives as strips: ``mass`` evenly over [s0, s1]. Each strip spreads the pool by
    mass / (rho_l h_min) (until ``max_area_m2``), wetting that ground evenly over the
    strip's time. Ground wetted at time s evaporates c / sqrt(t - s) kg/(m2 s) with
    c = k (Tg - Tb) / (hfg sqrt(pi a)), so a strip of area A wetted evenly over [s0, s1]
    has boiled off, by t, c A (4/3) [(t - s0)^(3/2) - (t - s1)^(3/2)] / (s1 - s0) (the
    integral of 2 c sqrt(t - s)). The pool cannot boil off more than has rained out:
    evaporated(t) = min(conducted(t), rained(t)), so the rate falls to the rain-out rate
    once the pool is dry. Both are exact functions of time, whatever the steps.
    Limits: the ground under the pool is at the air's temperature; no solar or convective
    heat (small beside conduction for the first hour of a boiling pool); the area does not
    shrink as the pool thins.
    """

    def __init__(
        self,
        gas: LiquefiedGas,
        ground: Ground,
        ground_temperature_k: float,
        *,
        min_depth_m: float,
        max_area_m2: float | None,
    ) -> None:
        positive("min_depth_m", min_depth_m)
        self.gas = gas
        self.c = (
            ground.conductivity_w_m_k
            * max(ground_temperature_k - gas.boiling_point_k, 0.0)
            / (gas.heat_of_vaporisation_j_kg * math.sqrt(math.pi * ground.diffusivity_m2_s))
        )
        self.min_depth_m = min_depth_m
        self.max_area_m2 = math.inf if max_area_m2 is None else max_area_m2
        self.area_m2 = 0.0
        self.rained_kg = 0.0
        self.evaporated_kg = 0.0
        self._area = GrowingSeries()
        self._mass = GrowingSeries()
        self._s0 = GrowingSeries()
        self._s1 = GrowingSeries()

    def add_rain(self, s0_s: float, s1_s: float, mass_kg: float) -> None:
        """``mass_kg`` of liquid reaches the ground evenly over [s0, s1]."""
        non_negative("mass_kg", mass_kg)
        if mass_kg <= 0.0 or s1_s < s0_s:
            return
        grow = mass_kg / (self.gas.liquid_density_kg_m3 * self.min_depth_m)
        grow = max(min(grow, self.max_area_m2 - self.area_m2), 0.0)
        self.area_m2 += grow
        self.rained_kg += mass_kg
        self._area.append(grow)
        self._mass.append(mass_kg)
        self._s0.append(s0_s)
        self._s1.append(s1_s)

    def _shares(self, t_s: float) -> tuple[np.ndarray, np.ndarray]:
        """(share of each strip's liquid arrived by t, its conduction integral by t)."""
        s0 = self._s0.array
        s1 = self._s1.array
        span = s1 - s0
        wide = span > 1e-12
        safe = np.where(wide, span, 1.0)
        arrived = np.where(wide, np.clip((t_s - s0) / safe, 0.0, 1.0), (t_s >= s0) * 1.0)
        hi = np.maximum(t_s - s0, 0.0) ** 1.5
        lo = np.maximum(t_s - np.minimum(s1, t_s), 0.0) ** 1.5
        strip = np.where(
            wide, (4.0 / 3.0) * (hi - lo) / safe, 2.0 * np.sqrt(np.maximum(t_s - s0, 0.0))
        )
        return arrived, strip

    def conducted_kg(self, t_s: float) -> float:
        """Mass the ground could have boiled off by ``t_s`` (no limit by the liquid), kg."""
        if not len(self._area):
            return 0.0
        _, strip = self._shares(t_s)
        return float(self.c * np.dot(self._area.array, strip))

    def evaporated_by_kg(self, t_s: float) -> float:
        """Mass boiled off by ``t_s``: min(conducted, rained out by then), kg."""
        if not len(self._area):
            return 0.0
        arrived, strip = self._shares(t_s)
        rained = float(np.dot(self._mass.array, arrived))
        return min(float(self.c * np.dot(self._area.array, strip)), rained)

    def step(self, t0_s: float, dt_s: float, rain_kg: float) -> float:
        """Add ``rain_kg`` of liquid over [t0, t0 + dt]; return the mass boiled off then, kg."""
        positive("dt_s", dt_s)
        before = self.evaporated_by_kg(t0_s)
        self.add_rain(t0_s, t0_s + dt_s, rain_kg)
        after = self.evaporated_by_kg(t0_s + dt_s)
        self.evaporated_kg = after
        return max(after - before, 0.0)
