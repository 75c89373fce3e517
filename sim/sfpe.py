"""Constants of the SFPE hydraulic model that the loader needs without the engine.

Source: SFPE Handbook of Fire Protection Engineering, 5th ed., ch. 59 (Gwynne & Rosenbaum),
Eq. 59.2: S = k (1 − a D). The movement model (:mod:`sim.movement`) uses the same values;
they live here so that checking a file (the capacity check) does not import the engine.
"""

from __future__ import annotations

A_M2_PER_PERSON = 0.266
"""SFPE constant a in S = k(1 − aD), m²/person."""
D_JAM_PERSONS_M2 = 1.0 / A_M2_PER_PERSON
"""Density at which movement stops in the SFPE relation, ≈ 3.76 persons/m²."""
