"""Who the gas harmed, and when: people the dose overcomes during a drill are the drill's
harm, not injuries the incident caused at the start (docs/models.md, the people ledger)."""

from __future__ import annotations

from sim import bundled_dir, load_playbook, load_scenario, run_playbook
from sim.drill import Drill
from sim.result import drill_result


def _chemical(playbook: str) -> Drill:
    scenario = load_scenario(bundled_dir() / "chemical-vehicle-leak.yaml")
    steps = load_playbook(
        bundled_dir() / "playbooks" / "chemical-vehicle-leak" / f"{playbook}.yaml", scenario
    )
    return run_playbook(scenario, list(steps), 1)


def test_people_overcome_by_the_dose_are_not_injured_at_the_start() -> None:
    """The ammonia tanker: the four loaders stand at the leaking valve when it opens. The
    bay reads 7,000-9,500 ppm; by AEGL time scaling (n = 2) the AEGL-3 load, 1,100 ppm
    for 60 min, is reached in about a minute there, and two of them, still at the bay
    after 5-20 s of reaction and the walk out, are overcome on the road at 115 s. The
    scenario puts nobody hurt at the start, so ``injured_at_start`` is 0 and the outcome
    score charges every injury (before the fix the overcome loaders were counted as hurt
    at the start and so never charged; in the passive playbook one more was overcome at
    the downwind muster point after 28 minutes and was not charged either)."""
    for playbook in ("ideal", "passive"):
        drill = _chemical(playbook)
        result = drill_result(drill)
        overcome = [a for a in drill.crowd.agents if a.casualty_kind == "overcome"]
        events = [e for e in result["events"] if e["kind"] == "overcome"]
        assert overcome, playbook
        assert sum(e["people"] for e in events) == sum(a.size for a in overcome), playbook
        assert all(e["t_s"] > 0 for e in events)
        outcome = result["outcome"]
        assert outcome["injured_at_start"] == 0, playbook
        assert outcome["injured"] >= sum(a.size for a in overcome), playbook
