"""Argument checks shared by the hazard physics functions (plain ValueErrors)."""

from __future__ import annotations

import math


def positive(name: str, value: float) -> None:
    """Refuse anything but a positive finite number."""
    if not (math.isfinite(value) and value > 0.0):
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")


def non_negative(name: str, value: float) -> None:
    """Refuse anything but a finite number of 0 or more."""
    if not (math.isfinite(value) and value >= 0.0):
        raise ValueError(f"{name} must be a non-negative finite number, got {value!r}")
