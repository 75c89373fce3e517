"""The city: a training-room laptop pushes its drills to the city's server, which keeps every
unit's drills in one database (PostgreSQL) and shows the campaign on a dashboard.

- :mod:`sim.city.payload`: one drill as it is sent, and the server's strict check of it.
- :mod:`sim.city.client`: :func:`push` (offline first, idempotent), :func:`pending`.
- :mod:`sim.city.store`: :class:`City`: units, push tokens, dashboard logins, received drills.
- :mod:`sim.city.units`: :func:`read_units`, the list of units from a spreadsheet.
- :mod:`sim.city.stats`: the dashboard's figures.
- :mod:`sim.city.app`: :func:`create_app`, the ASGI app (Starlette; the ``city`` extra).

Names are loaded on first use, so the command line stays fast and a laptop without the
``city`` extra can push.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS: dict[str, str] = {
    "City": "sim.city.store",
    "CityError": "sim.city.store",
    "Unit": "sim.city.store",
    "PushError": "sim.city.client",
    "PushReport": "sim.city.client",
    "push": "sim.city.client",
    "pending": "sim.city.client",
    "server_key": "sim.city.client",
    "read_units": "sim.city.units",
    "UnitsError": "sim.city.units",
    "create_app": "sim.city.app",
}

__all__ = [
    "City",
    "CityError",
    "PushError",
    "PushReport",
    "Unit",
    "UnitsError",
    "create_app",
    "pending",
    "push",
    "read_units",
    "server_key",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'sim.city' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from sim.city.app import create_app
    from sim.city.client import PushError, PushReport, pending, push, server_key
    from sim.city.store import City, CityError, Unit
    from sim.city.units import UnitsError, read_units
