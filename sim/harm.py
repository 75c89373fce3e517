"""Harm from dose, per person, behind one interface (docs/models.md, "Harm from dose").

The physics functions come first; :class:`ToxicDose` (toxic gases) and :class:`FireDose`
(ISO 13571 fractional effective dose) are the dose models the engine runs. A dose model
keeps every person's own dose along their own path (the engine charges it at every
exposure tick with the level where the person is, on a way as well as at a place), and
turns it into an outcome drawn per person with the drill's one generator: each person
draws, once and in a fixed order when the drill is built, the tolerance u ∈ (0, 1) that
the probability of harm must reach. The outcome is therefore deterministic for a seed and
monotone in the dose.

Sources:

- Toxic load and probits: D. A. Crowl and J. F. Louvar, *Chemical Process Safety*, 3rd
  ed. (2011), §2-6 and Table 2-5 (constants from CCPS, *Guidelines for Chemical Process
  Quantitative Risk Analysis*, 2nd ed., 2000): Y = a + b ln(Σ Cⁿ Δt), C in ppm, t in
  min; P = Φ(Y − 5) (Finney, *Probit Analysis*, 1971).
- AEGLs and their time scaling Cⁿ·t = k: National Research Council, *Acute Exposure
  Guideline Levels for Selected Airborne Chemicals*: ammonia vol. 6 (2008), chlorine vol.
  4 (2004), hydrogen sulfide vol. 9 (2010), carbon monoxide vol. 8 (2010).
- Fire: ISO 13571:2012 *Life-threatening components of fire*, §6 (asphyxiant gases,
  FED = Σ φCO/35 000 ppm·min Δt) and §7 (convected heat, t_Iconv = 5×10⁷ T^−3.4 min);
  D. A. Purser, SFPE Handbook of Fire Protection Engineering, 5th ed. (2016), ch. 63
  (hypoxia: t_Io = exp(8.13 − 0.54 (20.9 − %O₂)) min).
- Explosions: Crowl & Louvar Table 2-5 (after Eisenberg et al., 1975), p° in N/m²: deaths
  from lung haemorrhage Y = −77.1 + 6.91 ln p°, eardrum rupture Y = −15.6 + 1.93 ln p°,
  structural damage Y = −23.8 + 2.92 ln p°. Overpressure of a deflagration by TNT
  equivalence: Crowl & Louvar §6-13 (W = η m ΔH_c / E_TNT, E_TNT = 4,686 kJ/kg; scaled
  distance z_e = r / W^(1/3); Eq. 6-23, Kinney & Graham, *Explosive Shocks in Air*, 2nd ed.,
  1985); CCPS, *Guidelines for Vapor Cloud Explosion, Pressure Vessel Burst, BLEVE and
  Flash Fire Hazards*, 2nd ed. (2010), ch. 5 (TNT equivalence, yield factors).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

Impairment = Literal["discomfort", "disabling", "life_threatening"]
IMPAIRMENTS: tuple[Impairment, ...] = ("discomfort", "disabling", "life_threatening")
"""AEGL-1, AEGL-2 and AEGL-3 effects (NRC 2001, *Standing Operating Procedures for AEGLs*):
notable discomfort; irreversible or serious effects or an impaired ability to escape;
life-threatening effects."""

AEGL_REFERENCE_MIN = 60.0
"""The AEGL duration the bundled constants are given for (the 1-hour values), min."""

INJURED_SPEED_FACTOR = 0.6
"""An injured person walks at this fraction of their speed: drillsim assumption, the
'impaired' mobility factor of sim/movement.py (Boyce, Shields & Silcock 1999)."""

FED_INCAPACITATION = 1.0
"""ISO 13571:2012 §5: incapacitation is predicted at FED = 1."""
FED_INCAPACITATION_SENSITIVE = 0.3
"""ISO 13571:2012 §5: FED = 0.3 protects the more susceptible part of a population
(drillsim applies it to people of impaired mobility and wheelchair users)."""
FED_LETHAL = 3.0
"""FED at which an incapacitated person left in the smoke dies: drillsim assumption, after
Purser (SFPE Handbook ch. 63): lethal exposures to CO and heat are two to three times
the incapacitating ones; 3 is the upper end."""
CO_FED_PPM_MIN = 35_000.0
"""ISO 13571:2012 Eq. (2): the CO exposure dose that incapacitates, ppm·min."""


# --------------------------------------------------------------------------- probits


def probit_fraction(y: float | np.ndarray) -> float | np.ndarray:
    """The fraction affected at a probit value: P = Φ(Y − 5) (Finney 1971).

    Y = 5 is 50 %, Y = 6.28 about 90 %, Y = 2.67 about 1 %.
    """
    z = (np.asarray(y, dtype=float) - 5.0) / math.sqrt(2.0)
    out = 0.5 * (1.0 + _erf(z))
    return float(out) if np.ndim(out) == 0 else out


def _erf(z: np.ndarray) -> np.ndarray:
    out: np.ndarray = np.vectorize(math.erf, otypes=[float])(z)
    return out


def toxic_probit(a: float, b: float, load: float | np.ndarray) -> float | np.ndarray:
    """Y = a + b ln(load), load = Σ Cⁿ Δt in ppmⁿ·min (Crowl & Louvar Eq. 2-7); −∞ at 0."""
    arr = np.asarray(load, dtype=float)
    with np.errstate(divide="ignore"):
        y = a + b * np.log(np.where(arr > 0, arr, 0.0))
    return float(y) if np.ndim(y) == 0 else y


def toxic_load(c_ppm: float, t_min: float, n: float) -> float:
    """Σ Cⁿ Δt at a constant concentration: Cⁿ t, ppmⁿ·min."""
    if c_ppm < 0 or t_min < 0:
        raise ValueError("concentration and time must not be negative")
    return float(c_ppm**n * t_min)


def aegl_scaled_ppm(c_ref_ppm: float, t_ref_min: float, t_min: float, n: float) -> float:
    """The AEGL for another duration by Cⁿ·t = k: C = C_ref (t_ref / t)^(1/n).

    NRC AEGL volumes (ten Berge et al. 1986 scaling). Ammonia's 1-hour AEGL-3 of 1,100 ppm
    with n = 2 gives 1,100·√6 = 2,694 ppm for 10 min (the published 10-min value is 2,700).
    """
    if c_ref_ppm < 0 or t_ref_min <= 0 or t_min <= 0 or n <= 0:
        raise ValueError("AEGL scaling needs a level, positive durations and n > 0")
    return float(c_ref_ppm * (t_ref_min / t_min) ** (1.0 / n))


def overpressure_probit(effect: str, p_pa: float | np.ndarray) -> float | np.ndarray:
    """Probit of an overpressure effect, p° in N/m² (Crowl & Louvar Table 2-5).

    ``effect``: ``lung_death`` (−77.1 + 6.91 ln p°), ``eardrum`` (−15.6 + 1.93 ln p°) or
    ``structure`` (structural damage, −23.8 + 2.92 ln p°).
    """
    a, b = OVERPRESSURE_PROBITS[effect]
    return toxic_probit(a, b, p_pa)


OVERPRESSURE_PROBITS: dict[str, tuple[float, float]] = {
    "lung_death": (-77.1, 6.91),
    "eardrum": (-15.6, 1.93),
    "structure": (-23.8, 2.92),
}
"""(a, b) of Y = a + b ln p°, p° in N/m² (Crowl & Louvar Table 2-5)."""


# --------------------------------------------------------------------------- blast

TNT_BLAST_ENERGY_KJ_KG = 4686.0
"""Blast energy of TNT, kJ/kg (Crowl & Louvar §6-13: 1,120 cal/g)."""
ATMOSPHERIC_PA = 101_325.0
"""Ambient pressure p_a, Pa."""
CONFINED_YIELD_FACTOR = 0.10
"""Explosion efficiency η of a deflagration confined in a room: the top of the 1-10 % range
Crowl & Louvar §6-13 give for vapour cloud explosions, as CCPS (2010) ch. 5 advises for
confined, congested gas (the mass counted is all the gas in the burnt rooms)."""


def tnt_equivalent_kg(
    fuel_kg: float, heat_of_combustion_kj_kg: float, yield_factor: float
) -> float:
    """TNT mass with the same blast: W = η m ΔH_c / E_TNT (Crowl & Louvar Eq. 6-24)."""
    if fuel_kg < 0 or heat_of_combustion_kj_kg <= 0 or not 0 < yield_factor <= 1:
        raise ValueError("need a mass >= 0, a heat of combustion > 0 and 0 < η <= 1")
    return fuel_kg * heat_of_combustion_kj_kg * yield_factor / TNT_BLAST_ENERGY_KJ_KG


def tnt_overpressure_pa(
    r_m: float | np.ndarray, w_tnt_kg: float, p_a: float = ATMOSPHERIC_PA
) -> float | np.ndarray:
    """Side-on overpressure p° (Pa) at a distance r from W kg of TNT, open air.

    z_e = r / W^(1/3) (m/kg^(1/3)) and (Crowl & Louvar Eq. 6-23, Kinney & Graham 1985):

        p°/p_a = 1616 [1 + (z_e/4.5)²] / ( √(1 + (z_e/0.048)²) √(1 + (z_e/0.32)²)
                 √(1 + (z_e/1.35)²) )

    At r = 0 the ratio is 1616 (the law's limit, far beyond any probit's range)."""
    r = np.maximum(np.asarray(r_m, dtype=float), 0.0)
    if w_tnt_kg <= 0:
        out = np.zeros_like(r)
    else:
        z = r / w_tnt_kg ** (1.0 / 3.0)
        ratio = (
            1616.0
            * (1.0 + (z / 4.5) ** 2)
            / (
                np.sqrt(1.0 + (z / 0.048) ** 2)
                * np.sqrt(1.0 + (z / 0.32) ** 2)
                * np.sqrt(1.0 + (z / 1.35) ** 2)
            )
        )
        out = ratio * p_a
    return float(out) if np.ndim(out) == 0 else out


def blast_fractions(p_pa: float | np.ndarray) -> dict[str, float | np.ndarray]:
    """The fraction affected by each overpressure effect at p° (0 where p° is 0)."""
    return {e: probit_fraction(overpressure_probit(e, p_pa)) for e in OVERPRESSURE_PROBITS}


# --------------------------------------------------------------------------- fire


def t_iconv_min(temp_c: float | np.ndarray) -> float | np.ndarray:
    """Time to incapacitation by convected heat, min: 5×10⁷ T^−3.4, T in °C (ISO 13571
    Eq. 7). 4.3 min at 120 °C; 45 min at 60 °C."""
    t = np.maximum(np.asarray(temp_c, dtype=float), 1.0)
    out = 5e7 * t**-3.4
    return float(out) if np.ndim(out) == 0 else out


def fed_increment(
    co_ppm: float | np.ndarray, temp_c: float | np.ndarray, dt_min: float
) -> float | np.ndarray:
    """FED of one step: φCO Δt / 35,000 ppm·min (ISO 13571 Eq. 2) plus Δt / t_Iconv
    (Eq. 7). The two are added, as ISO 13571 §5 allows for a conservative estimate."""
    co = np.asarray(co_ppm, dtype=float)
    out = co * dt_min / CO_FED_PPM_MIN + dt_min / np.asarray(t_iconv_min(temp_c))
    return float(out) if np.ndim(out) == 0 else out


def smoke_co_ppm(
    rise_k: float | np.ndarray,
    co_yield_g_g: float,
    heat_of_combustion_kj_g: float,
    convective_fraction: float = 0.7,
) -> float | np.ndarray:
    """CO in well-mixed smoke from its temperature rise and the fire's yields.

    Energy: the smoke's mass flow ṁ carries the convective heat χ Q = ṁ c_p ΔT; the fuel
    burns at Q / ΔH_c and gives y_CO of CO per unit of fuel. The CO mass fraction is then
    y_CO c_p ΔT / (χ ΔH_c), and in ppm by volume × M_air / M_CO × 10⁶ (SFPE Handbook ch. 36,
    yields; Purser ch. 63 uses yields the same way). c_p = 1.0 kJ/(kg·K).
    """
    rise = np.maximum(np.asarray(rise_k, dtype=float), 0.0)
    mass_frac = co_yield_g_g * 1.0 * rise / (convective_fraction * heat_of_combustion_kj_g * 1e3)
    out = mass_frac * (28.96 / 28.01) * 1e6
    return float(out) if np.ndim(out) == 0 else out


def hypoxia_t_min(o2_pct: float | np.ndarray) -> float | np.ndarray:
    """Time to incapacitation at a reduced oxygen level, min (Purser, SFPE ch. 63; ISO
    13571:2012 Annex, hypoxia): exp(8.13 − 0.54 (20.9 − %O₂))."""
    out = np.exp(8.13 - 0.54 * (20.9 - np.asarray(o2_pct, dtype=float)))
    return float(out) if np.ndim(out) == 0 else out


def displaced_o2_pct(gas_frac: float | np.ndarray) -> float | np.ndarray:
    """Oxygen left when a gas takes the volume fraction C of the air: 20.9 (1 − C) %."""
    c = np.clip(np.asarray(gas_frac, dtype=float), 0.0, 1.0)
    out = 20.9 * (1.0 - c)
    return float(out) if np.ndim(out) == 0 else out


# --------------------------------------------------------------------------- substances


@dataclass(frozen=True)
class Substance:
    """Harm constants of a gas, each with its source."""

    id: str
    probit_a: float | None
    probit_b: float | None
    probit_n: float | None
    """Deaths: Y = a + b ln Σ Cⁿ Δt (ppm, min); None for a simple asphyxiant."""
    aegl_ppm: tuple[float | None, float | None, float | None]
    """1-hour AEGL-1, -2, -3, ppm (None: not recommended)."""
    aegl_n: float
    """n of the AEGL time scaling Cⁿ·t = k."""
    source: str


SUBSTANCES: dict[str, Substance] = {
    "ammonia": Substance(
        "ammonia",
        -35.9,
        1.85,
        2.0,
        (30.0, 160.0, 1100.0),
        2.0,
        "Probit: Crowl & Louvar Table 2-5 (CCPS 2000). AEGL: NRC vol. 6 (2008), n = 2.",
    ),
    "chlorine": Substance(
        "chlorine",
        -8.29,
        0.92,
        2.0,
        (0.5, 2.0, 20.0),
        2.0,
        "Probit: Crowl & Louvar Table 2-5 (CCPS 2000). AEGL: NRC vol. 4 (2004), n = 2.",
    ),
    "hydrogen_sulfide": Substance(
        "hydrogen_sulfide",
        -31.42,
        3.008,
        1.43,
        (0.51, 27.0, 50.0),
        4.4,
        "Probit: Crowl & Louvar Table 2-5 (CCPS 2000). AEGL: NRC vol. 9 (2010), n = 4.4.",
    ),
    "carbon_monoxide": Substance(
        "carbon_monoxide",
        -37.98,
        3.7,
        1.0,
        (None, 83.0, 330.0),
        1.0,
        "Probit: Crowl & Louvar Table 2-5 (CCPS 2000). AEGL: NRC vol. 8 (2010); the CO "
        "AEGLs come from COHb modelling, scaled here with n = 1 (Haber's rule).",
    ),
    "natural_gas": Substance(
        "natural_gas",
        None,
        None,
        None,
        (None, None, None),
        1.0,
        "Simple asphyxiant (methane): no toxic probit; harm by the oxygen it displaces, "
        "Purser's hypoxia relation (SFPE Handbook ch. 63).",
    ),
}
"""The bundled substances (docs/models.md lists them with their sources)."""

UN_SUBSTANCES: dict[str, str] = {
    "1005": "ammonia",
    "1017": "chlorine",
    "1053": "hydrogen_sulfide",
    "1016": "carbon_monoxide",
    "1971": "natural_gas",
    "1972": "natural_gas",
}
"""UN numbers of the bundled substances (ERG 2020 blue pages)."""


def substance_for(
    name: str | None,
    un_number: str | None,
    overrides: Mapping[str, float] | None = None,
) -> Substance | None:
    """The substance a scenario names (or its UN number gives), with the author's own
    constants laid over it; None when neither names a bundled one and no probit is given."""
    base = SUBSTANCES.get(name or "") or SUBSTANCES.get(UN_SUBSTANCES.get(un_number or "", ""))
    o = dict(overrides or {})
    if base is None:
        if not {"probit_a", "probit_b", "probit_n"} <= set(o):
            return None
        base = Substance(name or "custom", None, None, None, (None, None, None), 1.0, "")
    aegl = list(base.aegl_ppm)
    for k, key in enumerate(("aegl1_ppm", "aegl2_ppm", "aegl3_ppm")):
        if key in o:
            aegl[k] = o[key]
    return Substance(
        base.id,
        o.get("probit_a", base.probit_a),
        o.get("probit_b", base.probit_b),
        o.get("probit_n", base.probit_n),
        (aegl[0], aegl[1], aegl[2]),
        o.get("aegl_n", base.aegl_n),
        base.source if not o else f"{base.source} Scenario constants: {sorted(o)}.",
    )


# --------------------------------------------------------------------------- dose models


PersonHarm = Literal["injured", "incapacitated", "casualty"]
HARM_CODES: tuple[PersonHarm | None, ...] = (None, "injured", "incapacitated", "casualty")


class DoseModel:
    """Every person's dose and what it does to them. Index i is a person (or platoon) of
    the population, then the role-players in scenario order.

    ``charge`` adds one step of exposure; ``state`` reads the outcome now: None, injured
    (walks slower), incapacitated (stops, needs rescue) or casualty (dead).
    """

    unit = ""
    cause = "dose"
    """The cause the event log gives for harm from this dose."""

    def __init__(self, n_people: int, sensitive: np.ndarray) -> None:
        self.n = n_people
        self.sensitive = sensitive.astype(bool)

    def charge(self, idx: np.ndarray, levels: np.ndarray, dt_s: float) -> None:
        """Add ``dt_s`` at these levels to the people ``idx``."""
        raise NotImplementedError

    def blast(self, idx: np.ndarray, p_pa: np.ndarray, indoor: np.ndarray) -> None:
        """A blast reaches the people ``idx`` at ``p_pa`` (Pa); only models of explosive
        gas judge it (:class:`GasRoomDose`)."""

    def codes(self) -> np.ndarray:
        """Everybody's harm so far, as :data:`HARM_CODES` indices (0 none, 1 injured, 2
        incapacitated, 3 casualty)."""
        raise NotImplementedError

    def state(self, i: int) -> PersonHarm | None:
        """The harm the dose has done to person ``i`` so far."""
        return HARM_CODES[int(self.codes()[i])]

    def impairment(self, i: int) -> Impairment | None:
        """The worst impairment class person ``i`` has reached (toxic gases only)."""
        return None

    def death_probability(self, i: int) -> float:
        """The probability of death of person ``i``'s dose so far."""
        return 0.0

    def dose_figure(self, i: int) -> float:
        """The dose itself (toxic load, or FED), for the record."""
        return 0.0


class ToxicDose(DoseModel):
    """Toxic load ∫Cⁿdt per person, the death probit and the AEGL impairment classes.

    - Deaths: P = Φ(a + b ln ∫Cⁿdt − 5) with the probit's n; dead when P ≥ u.
    - Impairment: class k is reached when ∫C^{n_A}dt ≥ AEGL_k(1 h)^{n_A} · 60 min (the AEGL
      time scaling as a toxic load, n_A the AEGL n).
    - Harm: disabling (AEGL-2) injures and slows the person; life-threatening (AEGL-3)
      incapacitates: they stop and need rescue.
    """

    def __init__(
        self,
        substance: Substance,
        n_people: int,
        rng: np.random.Generator,
        sensitive: np.ndarray,
        unit: str,
    ) -> None:
        super().__init__(n_people, sensitive)
        # One tolerance per person, drawn once in a fixed order: dead when P(death) ≥ u.
        self.u_death = rng.uniform(0.0, 1.0, n_people)
        self.substance = substance
        self.unit = unit
        self.cause = f"dose:{substance.id}"
        self.load = np.zeros(n_people)
        self.aegl_load = np.zeros(n_people)
        self.aegl_k = np.array(
            [
                (c**substance.aegl_n) * AEGL_REFERENCE_MIN if c is not None else np.inf
                for c in substance.aegl_ppm
            ]
        )

    def charge(self, idx: np.ndarray, levels: np.ndarray, dt_s: float) -> None:
        c = np.maximum(levels, 0.0)
        dt_min = dt_s / 60.0
        if self.substance.probit_n is not None:
            np.add.at(self.load, idx, c**self.substance.probit_n * dt_min)
        np.add.at(self.aegl_load, idx, c**self.substance.aegl_n * dt_min)

    def death_probability(self, i: int) -> float:
        s = self.substance
        if s.probit_a is None or s.probit_b is None or self.load[i] <= 0:
            return 0.0
        return float(probit_fraction(toxic_probit(s.probit_a, s.probit_b, self.load[i])))

    def impairment(self, i: int) -> Impairment | None:
        # A class with no AEGL (CO has no AEGL-1) is never reached by itself.
        reached = sum(1 for k in self.aegl_k if self.aegl_load[i] >= k)
        return IMPAIRMENTS[reached - 1] if reached else None

    def death_probabilities(self) -> np.ndarray:
        """Everybody's probability of death so far."""
        s = self.substance
        if s.probit_a is None or s.probit_b is None:
            return np.zeros(self.n)
        y = np.asarray(toxic_probit(s.probit_a, s.probit_b, self.load))
        return np.asarray(probit_fraction(y))

    def codes(self) -> np.ndarray:
        classes = (self.aegl_load[:, None] >= self.aegl_k[None, :]).sum(axis=1)
        out = np.where(classes >= 3, 2, np.where(classes >= 2, 1, 0))
        dead = (self.load > 0) & (self.death_probabilities() >= self.u_death)
        return np.where(dead, 3, out)

    def dose_figure(self, i: int) -> float:
        return float(self.load[i])


class FireDose(DoseModel):
    """ISO 13571 fractional effective dose: CO from the fire's yields plus convected heat.

    The level is the gas temperature at head height (°C). Where there is smoke (at least
    ``smoke_c``) the CO follows the temperature rise (:func:`smoke_co_ppm`). FED ≥ 1
    (0.3 for sensitive people) incapacitates; FED ≥ 3 kills an incapacitated person left
    in the smoke (:data:`FED_LETHAL`); any FED of at least 0.1 is an injury (smoke
    inhalation, a drillsim threshold: a tenth of the incapacitating dose).
    """

    INJURY_FED = 0.1

    def __init__(
        self,
        n_people: int,
        sensitive: np.ndarray,
        ambient_c: float,
        smoke_c: float,
        co_yield_g_g: float,
        heat_of_combustion_kj_g: float,
    ) -> None:
        super().__init__(n_people, sensitive)
        self.unit = "°C"
        self.cause = "dose:smoke"
        self.ambient_c = ambient_c
        self.smoke_c = smoke_c
        self.co_yield = co_yield_g_g
        self.dhc = heat_of_combustion_kj_g
        self.fed = np.zeros(n_people)
        self._limit = np.where(self.sensitive, FED_INCAPACITATION_SENSITIVE, FED_INCAPACITATION)
        self._codes: np.ndarray | None = None
        """The codes of the FED now (read-only), until someone's FED reaches their next
        threshold: the FED only grows, and the codes only change at a threshold."""
        self._next_fed: np.ndarray = np.full(n_people, self.INJURY_FED)
        """The FED at which each person's code next changes (inf: a casualty)."""

    def charge(self, idx: np.ndarray, levels: np.ndarray, dt_s: float) -> None:
        """Add a step of FED; ``idx`` names each person at most once."""
        smoky = levels >= self.smoke_c
        if not smoky.any():
            return
        co = smoke_co_ppm(levels - self.ambient_c, self.co_yield, self.dhc)
        inc = np.where(smoky, np.asarray(fed_increment(co, levels, dt_s / 60.0)), 0.0)
        self.fed[idx] += inc
        if self._codes is not None and (self.fed[idx] >= self._next_fed[idx]).any():
            self._codes = None

    def codes(self) -> np.ndarray:
        """The codes of the FED now; the same (read-only) array until one changes."""
        if self._codes is None:
            f = self.fed
            codes = np.where(
                f >= FED_LETHAL,
                3,
                np.where(f >= self._limit, 2, np.where(f >= self.INJURY_FED, 1, 0)),
            )
            codes.flags.writeable = False
            self._codes = codes
            nxt: np.ndarray = np.full(codes.shape, np.inf)
            nxt[codes == 0] = self.INJURY_FED
            nxt[codes == 1] = self._limit[codes == 1]
            nxt[codes == 2] = FED_LETHAL
            self._next_fed = nxt
        return self._codes

    def dose_figure(self, i: int) -> float:
        return float(self.fed[i])


class GasRoomDose(DoseModel):
    """Harm in flammable-gas rooms: hypoxia where the gas displaces oxygen, and the blast.

    - Hypoxia: the level is %LEL; the gas fraction is C = %LEL × LEL / 100, the oxygen
      20.9 (1 − C) % (:func:`displaced_o2_pct`), and the FED adds Δt / t_Io with Purser's
      t_Io (:func:`hypoxia_t_min`; ISO 13571 §6 sums the fraction of the incapacitating
      dose taken each step). FED ≥ 1 (0.3 for sensitive people) incapacitates, FED ≥ 3
      kills an incapacitated person left there (:data:`FED_LETHAL`), FED ≥ 0.1 injures
      (the :class:`FireDose` conventions).
    - Blast (:meth:`blast`): each person's overpressure goes through the three probits of
      Crowl & Louvar Table 2-5 against their own tolerances, drawn once: lung haemorrhage
      kills; eardrum rupture injures; structural damage injures people indoors (struck by
      the structure, a drillsim reading of the damage probit).
    """

    INJURY_FED = 0.1

    def __init__(
        self, n_people: int, rng: np.random.Generator, sensitive: np.ndarray, lel_frac: float
    ) -> None:
        super().__init__(n_people, sensitive)
        self.unit = "%LEL"
        self.cause = "dose:hypoxia"
        self.lel_frac = lel_frac
        self.fed = np.zeros(n_people)
        # Three tolerances per person, drawn once in a fixed order (lung, eardrum,
        # structure) from a child of the drill's generator (SeedSequence spawn): the
        # drill's own stream is not advanced, so every other draw of a seed is unchanged.
        self.u_blast = rng.spawn(1)[0].uniform(0.0, 1.0, (3, n_people))
        self.blast_pa = np.zeros(n_people)
        self.blast_code = np.zeros(n_people, dtype=np.int64)

    def charge(self, idx: np.ndarray, levels: np.ndarray, dt_s: float) -> None:
        c = np.maximum(levels, 0.0) * (self.lel_frac / 100.0)
        gassy = c > 0.0
        if not gassy.any():
            return
        t_min = np.asarray(hypoxia_t_min(displaced_o2_pct(c)))
        np.add.at(self.fed, idx, np.where(gassy, (dt_s / 60.0) / t_min, 0.0))

    def blast(self, idx: np.ndarray, p_pa: np.ndarray, indoor: np.ndarray) -> None:
        """The blast reaches the people ``idx`` at the overpressures ``p_pa`` (Pa)."""
        p = np.maximum(np.asarray(p_pa, dtype=float), 0.0)
        self.blast_pa[idx] = np.maximum(self.blast_pa[idx], p)
        frac = blast_fractions(p)
        u = self.u_blast[:, idx]
        hit = p > 0.0
        dead = hit & (np.asarray(frac["lung_death"]) >= u[0])
        hurt = hit & (
            (np.asarray(frac["eardrum"]) >= u[1])
            | (indoor & (np.asarray(frac["structure"]) >= u[2]))
        )
        code = np.where(dead, 3, np.where(hurt, 1, 0))
        self.blast_code[idx] = np.maximum(self.blast_code[idx], code)

    def codes(self) -> np.ndarray:
        limit = np.where(self.sensitive, FED_INCAPACITATION_SENSITIVE, FED_INCAPACITATION)
        f = self.fed
        hyp = np.where(
            f >= FED_LETHAL, 3, np.where(f >= limit, 2, np.where(f >= self.INJURY_FED, 1, 0))
        )
        return np.maximum(hyp, self.blast_code)

    def dose_figure(self, i: int) -> float:
        return float(self.fed[i])
