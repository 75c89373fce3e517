"""What the room tests share: a hotel drill host on 127.0.0.1 and a wait helper."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest

from sim import bundled_dir, load_scenario
from tui.room.host import RoomHost
from tui.session import DrillSession, Settings

HOTEL = "hotel-evacuation"
CODE = "ROOM42"
ROLES = ["duty_manager", "front_desk", "control_operator", "security", "floor_staff"]


def hotel_session(seed: int = 1, speed: float = 1.0) -> DrillSession:
    """A recorded hotel drill (its journal goes to the test's own DRILLSIM_HOME)."""
    path = bundled_dir() / f"{HOTEL}.yaml"
    return DrillSession(load_scenario(path), Settings(seed=seed, speed=speed), path)


async def until(cond: Callable[[], bool], timeout_s: float = 10.0) -> None:
    """Wait (letting the loop run) until ``cond()`` holds; fail after ``timeout_s``."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout_s
    while not cond():
        if loop.time() > end:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


@pytest.fixture
async def host() -> AsyncIterator[RoomHost]:
    """A hotel host listening on 127.0.0.1 (any port), its clock driven by the test."""
    h = RoomHost(hotel_session(), code=CODE, max_seats=12)
    await h.start(clock=False)
    yield h
    await h.stop()
