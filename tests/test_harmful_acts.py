"""Every harmful act of the bundled scenarios does what physics says it does, besides
costing points: one test per act (the expectations marked ``harmful``)."""

from __future__ import annotations

import dataclasses

import pytest

from sim.drill import Drill
from sim.playbook import Step, run_playbook
from tests.scenario_runs import playbook, scenario
from tui.feedtext import EventText
from tui.names import Names


def _run(sid: str, steps: list[Step], seed: int = 1) -> Drill:
    drill = run_playbook(scenario(sid), steps, seed)
    refused = [e.data for e in drill.log if e.kind == "refused"]
    extra = {s.action for s in steps} - {s.action for s in playbook(sid, "ideal")}
    assert not [r for r in refused if r["action"] in extra], refused
    return drill


def _ideal(sid: str) -> list[Step]:
    return list(playbook(sid, "ideal"))


def test_every_bundled_harmful_act_has_a_test_here() -> None:
    covered = {
        ("chemical-vehicle-leak", "no_ppe_approach"),
        ("chemical-vehicle-leak", "water_on_leak"),
        ("chemical-vehicle-leak", "downwind_muster"),
        ("gas-pipeline-leak", "lights_switched"),
        ("gas-pipeline-leak", "fan_switched"),
        ("gas-pipeline-leak", "phone_used"),
        ("gas-pipeline-leak", "excavator_started"),
        ("gas-pipeline-leak", "entered_without_scba"),
        ("hotel-evacuation", "lift_evacuation"),
        ("hotel-evacuation", "silence_unchecked"),
        ("hotel-evacuation", "reentry"),
        ("scaffold-collapse", "no_cutting_before_bracing"),
        ("scaffold-collapse", "no_pulling_impaled_object"),
        ("scaffold-collapse", "no_fast_crane"),
    }
    bundled = {
        (sid, e.id)
        for sid in {c[0] for c in covered}
        for e in scenario(sid).expectations
        if e.harmful
    }
    assert bundled == covered


# --------------------------------------------------------------------------- chemical


def test_water_on_the_leak_makes_the_release_grow() -> None:
    """ERG 125: no water on the source. The scenario declares what it does (20 % more
    discharge): more ammonia leaves the tanker, the log says so, and the scoring still
    charges the act."""
    steps = [s for s in _ideal("chemical-vehicle-leak") if s.action != "close_valve"]
    dry = _run("chemical-vehicle-leak", steps)
    wet = _run(
        "chemical-vehicle-leak", [*steps, Step(at_s=400.0, action="spray_leak", by="escort")]
    )
    assert wet.outcome()["discharged_kg"] > 1.1 * dry.outcome()["discharged_kg"]
    logged = [e for e in wet.log if e.kind == "source_mitigated"]
    assert logged and logged[0].data["mitigation"] == "water_on_source"


def test_approaching_without_ppe_exposes_the_one_who_goes() -> None:
    """The valve closed bare-faced: the escort breathes the ammonia at the valve (their
    own dose); suited up, they breathe none."""
    steps = _ideal("chemical-vehicle-leak")
    bare = _run("chemical-vehicle-leak", [s for s in steps if s.action != "ppe"])
    suited = _run("chemical-vehicle-leak", steps)
    by = next(s.by for s in steps if s.action == "close_valve")
    assert by is not None
    assert bare.roles[by].dose > 0.0
    assert suited.roles[by].dose == 0.0
    assert any(e.kind == "unsafe" for e in bare.log)


def test_mustering_downwind_exposes_the_evacuees() -> None:
    """Evacuating to the south-east assembly point, downwind, instead of crosswind: the
    evacuees stand in the plume, and more of them are exposed above AEGL-1."""
    steps = _ideal("chemical-vehicle-leak")
    downwind = [
        dataclasses.replace(s, params={**s.params, "to": "asm_se"}) if s.action == "evacuate" else s
        for s in steps
    ]
    good = _run("chemical-vehicle-leak", steps).outcome()
    bad = _run("chemical-vehicle-leak", downwind).outcome()
    assert bad["exposed_above"]["AEGL-1"] > good["exposed_above"]["AEGL-1"]


# --------------------------------------------------------------------------- gas


def test_a_phone_in_the_gassed_kitchen_ignites_it() -> None:
    """The kitchen reaches the LEL at about 1,950 s: a phone used there from 2,000 s is the
    spark when the call is made (before any unseen source, at 2,755 s for this seed)."""
    drill = _run("gas-pipeline-leak", [Step(at_s=2000.0, action="phone_inside", by="chef")])
    ignition = next(e for e in drill.log if e.kind == "milestone" and e.data["name"] == "ignition")
    assert ignition.data["cause"] == "phone_inside"
    done_s = 2000.0 + scenario("gas-pipeline-leak").action("phone_inside").duration_s
    assert ignition.t_s == pytest.approx(done_s)


@pytest.mark.parametrize(
    ("action", "by"), [("switch_lights", "manager"), ("ventilate_fan", "property")]
)
def test_a_switch_below_the_lel_does_not_ignite(action: str, by: str) -> None:
    """Physics decides: the basement corridor never passes 36 %LEL for this seed, so the
    light switch or the fan switch there sparks into a mixture that cannot burn (the
    scoring still charges the act)."""
    drill = _run("gas-pipeline-leak", [Step(at_s=2000.0, action=action, by=by)])
    assert drill.outcome()["peak_by_node"]["b1_corridor"]["level"] < 100.0
    causes = [
        e.data["cause"] for e in drill.log if e.kind == "milestone" and e.data["name"] == "ignition"
    ]
    assert action not in causes


def test_starting_the_excavator_in_the_gas_ignites_the_trench() -> None:
    """The trench is at 150 %LEL from the start: the engine is the spark."""
    drill = _run("gas-pipeline-leak", [Step(at_s=60.0, action="start_excavator", by="foreman")])
    ignition = next(e for e in drill.log if e.kind == "milestone" and e.data["name"] == "ignition")
    done_s = 60.0 + scenario("gas-pipeline-leak").action("start_excavator").duration_s
    assert ignition.data["cause"] == "start_excavator"
    assert ignition.t_s == pytest.approx(done_s)
    assert drill.outcome()["casualties"] + drill.outcome()["injured"] > 0


def test_going_into_the_basement_without_breathing_apparatus_puts_them_in_the_gas() -> None:
    """The one who goes down stands in the gas (their own level-time record); a spark
    there while they look would catch them. The gas itself does not harm them: methane at
    these levels leaves 19 % oxygen, so gas_room has no toxic dose."""
    drill = _run("gas-pipeline-leak", [Step(at_s=1500.0, action="reenter_basement", by="manager")])
    calm = _run("gas-pipeline-leak", [])
    assert drill.roles["manager"].dose > 0.0 == calm.roles["manager"].dose
    assert drill.team()["injured"] == 0


# --------------------------------------------------------------------------- hotel


def test_letting_a_guest_back_in_sends_them_through_the_smoke() -> None:
    """The scenario declares what the act does: one guest walks back from the assembly
    point to room 510, beside the fire, stays two minutes, and comes out again. They take
    their own ISO 13571 dose on the way, and the log says who went where."""
    steps = _ideal("hotel-evacuation")
    calm = _run("hotel-evacuation", steps)
    back = _run(
        "hotel-evacuation", [*steps, Step(at_s=1500.0, action="allow_reentry", by="security")]
    )
    sent = [e for e in back.log if e.kind == "sent_back"]
    assert sent and sent[0].data == {
        "id": "allow_reentry",
        "people": 1,
        "source": "assembly_front",
        "to": "r510",
    }
    assert back.dose_model is not None and calm.dose_model is not None
    fed_back = sum(back.dose_model.dose_figure(i) for i in range(len(back.crowd.agents)))
    fed_calm = sum(calm.dose_model.dose_figure(i) for i in range(len(calm.crowd.agents)))
    assert fed_back > fed_calm
    walked = [a for a in back.crowd.agents if a.node == "assembly_front" and a.safe_s is not None]
    assert any(a.safe_s is not None and a.safe_s > 1500.0 for a in walked)


def test_taking_the_lifts_in_the_hotel_fire_carries_guests_into_the_smoke() -> None:
    """The order 'take the lifts' (``evacuate`` with ``use_lift``) is the voice message
    in the corridors and landings: guests who come out of their rooms later hear it and
    ride the passenger lifts, whose shaft the smoke reaches from the fifth-floor lobby.
    The lift harms them (cause ``lift_in_fire``, GB 50016-2014 §7.3) and the ride through
    the smoky lobbies and shaft charges their own ISO 13571 dose. The small-site version
    is tests/hazards/test_fire_model.py::test_using_the_lift_in_smoke_harms."""
    steps = _ideal("hotel-evacuation")
    by_lift = [
        dataclasses.replace(s, params={**s.params, "use_lift": True})
        if s.action == "evacuate"
        else s
        for s in steps
    ]
    stairs = _run("hotel-evacuation", steps)
    lifts = _run("hotel-evacuation", by_lift)
    lift_harm = [
        e.data for e in lifts.log if e.kind == "harm" and e.data["cause"] == "lift_in_fire"
    ]
    assert sum(e["people"] for e in lift_harm) > 100
    assert {n for e in lift_harm for n in e["nodes"]} >= {"f8_lift", "f5_lift"}
    assert not [e for e in stairs.log if e.kind == "harm" and e.data["cause"] == "lift_in_fire"]
    assert lifts.dose_model is not None and stairs.dose_model is not None
    n = len(lifts.crowd.agents)
    fed_lifts = sum(lifts.dose_model.dose_figure(i) for i in range(n))
    fed_stairs = sum(stairs.dose_model.dose_figure(i) for i in range(n))
    assert fed_lifts > 3.0 * fed_stairs
    assert lifts.outcome()["injured"] > stairs.outcome()["injured"]


def _safe_by(drill: Drill, t_s: float) -> int:
    return max([n for t, n in drill.crowd.evacuation_curve() if t <= t_s] or [0])


def test_silencing_the_alarm_unchecked_stops_the_sounders() -> None:
    """The scenario declares what the act does (``silences_alarm``): the panel is silenced
    at 100 s, 19 s after the general alarm. The sleeping guests it had woken but who had
    not yet left their rooms settle back and stay until the sweep of their floor knocks
    on their door: fewer are out by 300 s and the evacuation ends later. The log and the
    feed say so in both languages."""
    steps = _ideal("hotel-evacuation")
    loud = _run("hotel-evacuation", steps)
    quiet = _run(
        "hotel-evacuation",
        [*steps, Step(at_s=165.0, action="silence_alarm", by="control_operator")],
    )
    silenced = [e for e in quiet.log if e.kind == "alarm_silenced"]
    assert silenced and silenced[0].t_s == pytest.approx(175.0)
    settled = silenced[0].data["people"]
    assert settled > 50  # most of the 140 guests take minutes to get up (median 240 s)
    assert _safe_by(quiet, 300.0) < _safe_by(loud, 300.0)
    assert quiet.outcome()["evacuation_time_s"] > loud.outcome()["evacuation_time_s"]
    # Every settled guest is on a floor the ideal crew sweeps: all get out in the end.
    assert quiet.outcome()["people"]["states"]["safe"] == loud.outcome()["people"]["states"]["safe"]

    feed = EventText(Names(quiet.scenario), str)
    zh = feed.line(silenced[0], "zh").text
    en = feed.line(silenced[0], "en").text
    assert f"{settled}名" in zh and "报警控制器消音复位" in zh
    assert f"{settled} who had not yet left" in en and "Silence and reset" in en


def test_silencing_before_anyone_is_roused_settles_nobody() -> None:
    """Silenced before the general alarm, the panel stops nothing that had woken anyone:
    the act is logged with nobody settled, and the later alarm still wakes the hotel."""
    steps = _ideal("hotel-evacuation")
    early = _run(
        "hotel-evacuation", [*steps, Step(at_s=20.0, action="silence_alarm", by="control_operator")]
    )
    silenced = [e for e in early.log if e.kind == "alarm_silenced"]
    assert silenced and silenced[0].data["people"] == 0
    loud = _run("hotel-evacuation", steps)
    assert early.outcome()["evacuation_time_s"] == loud.outcome()["evacuation_time_s"]


# --------------------------------------------------------------------------- scaffold


def test_cutting_before_bracing_raises_the_collapse_risk() -> None:
    """Declared in the scenario (``disturbed_by``): cutting into the pile before the
    standing scaffold is braced adds the same shock as a fast slew."""
    cut = Drill(scenario("scaffold-collapse"), 1)
    calm = Drill(scenario("scaffold-collapse"), 1)
    assert cut.act("cut_now", "team_leader").accepted
    for drill in (cut, calm):
        drill.advance(300.0)
    hazard_cut = cut.hazard.cumulative_hazard_now()  # type: ignore[attr-defined]
    hazard_calm = calm.hazard.cumulative_hazard_now()  # type: ignore[attr-defined]
    assert hazard_cut > hazard_calm
    assert any(e.kind == "structure_disturbed" for e in cut.log)


def test_pulling_out_the_impaled_object_lowers_the_chance_of_survival() -> None:
    """First aid that pulls the object out opens the wound (the collapse model's
    survival curve without effective aid)."""
    pulled = Drill(scenario("scaffold-collapse"), 1)
    padded = Drill(scenario("scaffold-collapse"), 1)
    for drill, remove in ((pulled, True), (padded, False)):
        assert drill.act("aid_pinned", "safety_officer", remove_object=remove).accepted
        drill.advance(600.0)
    pinned = next(a for a in pulled.crowd.agents if a.group == "pinned_worker")
    same = next(a for a in padded.crowd.agents if a.group == "pinned_worker")
    assert pulled.hazard.survival(pinned) < padded.hazard.survival(same)  # type: ignore[attr-defined]


def test_slewing_the_crane_fast_raises_the_collapse_risk() -> None:
    """A fast slew shakes the damaged scaffold: the secondary-collapse hazard grows."""
    fast = Drill(scenario("scaffold-collapse"), 1)
    still = Drill(scenario("scaffold-collapse"), 1)
    assert fast.act("crane_swing_clear", "crane_operator").accepted
    fast.advance(600.0)
    still.advance(600.0)
    assert fast.hazard.cumulative_hazard_now() > still.hazard.cumulative_hazard_now()  # type: ignore[attr-defined]
