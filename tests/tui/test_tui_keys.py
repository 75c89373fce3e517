"""One key per kind of action across the bundled scenarios (sim.hotkeys), a scenario's own key
as an override, and no action key that the drill screen or the app uses itself."""

from __future__ import annotations

import pytest

import sim
from sim import ACTION_KEYS, action_keys
from sim.hotkeys import SPARE_KEYS, catalogue_entry
from tests.tui.tui_helpers import app_for, scenario, scenario_from, scenario_text, workshop_data
from tui.screens.action_form import ActionFormScreen
from tui.screens.drill import DrillScreen, free_hotkeys, screen_keys
from tui.session import DrillSession, Participant, Settings

BUNDLED = sim.bundled_ids()


def test_the_catalogue_gives_each_key_once() -> None:
    keys = list(ACTION_KEYS.values())
    assert len(keys) == len(set(keys))
    assert not set(keys) & set(SPARE_KEYS)
    assert not set(keys) & screen_keys()


@pytest.mark.parametrize("scenario_id", BUNDLED)
def test_a_catalogue_key_means_the_same_kind_in_every_bundled_scenario(scenario_id: str) -> None:
    sc = scenario(scenario_id)
    keys = free_hotkeys(sc)
    by_key = {v: k for k, v in ACTION_KEYS.items()}
    assert len(set(keys.values())) == len(keys), "a key given twice"
    assert not set(keys.values()) & screen_keys()
    assert set(keys) == {a.id for a in sc.actions}, "an action without a key"
    for action in sc.actions:
        key = keys[action.id]
        if key in by_key:
            entry = by_key[key]
            assert entry in (catalogue_entry(action), action.kind), (action.id, key, entry)
    # the first action of each catalogue entry has the entry's key
    seen: set[str] = set()
    for action in sc.actions:
        entry = catalogue_entry(action)
        if entry not in seen and entry != action.kind:
            assert keys[action.id] == ACTION_KEYS[entry], action.id
        seen.add(entry)


def test_call_119_is_the_same_key_in_every_bundled_scenario() -> None:
    found = {}
    for scenario_id in BUNDLED:
        sc = scenario(scenario_id)
        keys = free_hotkeys(sc)
        for action in sc.actions:
            if action.kind == "call" and action.fixed.get("service") == "fire_brigade":
                found[scenario_id] = keys[action.id]
    assert found["hotel-evacuation"] == found["chemical-vehicle-leak"] == "c"
    assert set(found.values()) == {"c"} and len(found) == len(BUNDLED)


def test_a_scenario_key_overrides_the_catalogue() -> None:
    data = workshop_data()
    for action in data["actions"]:
        if action["id"] == "call_119":
            action["key"] = "q"
    sc = scenario_from(scenario_text(actions=data["actions"]))
    keys = free_hotkeys(sc)
    assert keys["call_119"] == "q"
    assert keys["alarm"] == "a"  # a key of the screen's own is refused by the check


def test_the_second_action_of_a_kind_gets_a_spare_key() -> None:
    sc = scenario("scaffold-collapse")
    keys = action_keys(sc)
    operates = [a.id for a in sc.actions if a.kind == "operate"]
    assert keys[operates[0]] == "l"
    assert all(keys[a] in SPARE_KEYS for a in operates[1:])


async def test_the_catalogue_key_opens_call_119_in_the_hotel() -> None:
    sc = scenario("hotel-evacuation")
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        settings = Settings(participants=[Participant("W", sc.roles[0].id)], seed=1)
        await app.push_screen(DrillScreen(DrillSession(sc, settings), autoplay=False))
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ActionFormScreen)
        assert app.screen.action.id == "call_119"
