"""Builders the app tests share: catalogue entries, scenarios and the app itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sim
from tui.app import DrillsimApp, make_app
from tui.session import DrillSession, Participant, Settings

ROOT = Path(__file__).resolve().parents[2]
WORKSHOP = "workshop-evacuation"

BROKEN = "id: broken-drill\ntitle: Broken\nduration_s: soon\n"
"""A user scenario with several problems (missing fields, a duration that is not a number)."""

USER_FOLDER = "/home/trainer/drillsim/scenarios"
"""The user folder the picker shows in tests (fixed, so screens compare byte for byte)."""


def entry(scenario_id: str) -> sim.Entry:
    """A bundled scenario as a picker entry."""
    path = sim.bundled_dir() / f"{scenario_id}.yaml"
    return sim.Entry(path, "bundled", sim.check_file(path))


def broken_entry() -> sim.Entry:
    """A broken user scenario as a picker entry."""
    path = Path(USER_FOLDER) / "broken-drill.yaml"
    return sim.Entry(path, "user", sim.check_text(BROKEN, path.name))


def scenario_path(scenario_id: str = WORKSHOP) -> Path:
    """A bundled scenario's file."""
    return sim.bundled_dir() / f"{scenario_id}.yaml"


def scenario(scenario_id: str = WORKSHOP) -> sim.Scenario:
    """A bundled scenario."""
    found = entry(scenario_id).checked.scenario
    assert found is not None
    return found


def app_for(lang: str = "en", **kwargs: Any) -> DrillsimApp:
    """The app on a fixed catalogue (the workshop drill and a broken file), clock still."""
    kwargs.setdefault("catalog", [entry(WORKSHOP), broken_entry()])
    kwargs.setdefault("seed", 1)
    kwargs.setdefault("keymap", {})
    return make_app(lang="zh" if lang == "zh" else "en", autoplay=False, **kwargs)


def workshop_data() -> dict[str, Any]:
    """The workshop scenario as plain data."""
    import yaml

    text = (sim.bundled_dir() / f"{WORKSHOP}.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = _on_keys(yaml.safe_load(text))
    return data


def _on_keys(value: Any) -> Any:
    """PyYAML reads the key ``on`` as True (YAML 1.1); the scenario format means 'on'."""
    if isinstance(value, dict):
        return {("on" if k is True else k): _on_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_on_keys(v) for v in value]
    return value


def scenario_text(**changes: Any) -> str:
    """The workshop scenario with top-level fields replaced, as scenario file text (JSON, a
    subset of YAML that quotes every string)."""
    import json

    data = workshop_data()
    data.update(changes)
    return json.dumps(data, ensure_ascii=False)


def scenario_from(text: str) -> sim.Scenario:
    """A scenario checked from YAML text (fails the test if it is invalid)."""
    checked = sim.check_text(text, "test.yaml")
    assert checked.scenario is not None, [p.format("en") for p in checked.problems]
    return checked.scenario


def chosen_actions(sc: sim.Scenario, limit: int = 4) -> list[str]:
    """The actions a flow test takes: a report, an alarm, an evacuation, then the first ones."""
    picked: list[str] = []
    for kind in ("report", "alarm", "evacuate"):
        for a in sc.actions:
            if a.kind == kind and a.id not in picked:
                picked.append(a.id)
                break
    for a in sc.actions:
        if len(picked) >= limit:
            break
        if a.id not in picked:
            picked.append(a.id)
    return picked[:limit]


def fill_numbers(form: Any, action: Any) -> None:
    """Put a number the engine accepts into each empty number field of an action form."""
    for name, spec in action.params.items():
        if spec.type == "number":
            field = form.fields[name]
            if not field.value:
                value = (
                    spec.min
                    if spec.min is not None
                    else (spec.max if spec.max is not None else 100)
                )
                field.value = f"{value:g}"


def shown(widget: Any) -> str:
    """What a widget shows, as plain text: its content for a Static that holds text, else
    its rendered lines joined."""
    from textual.content import Content
    from textual.geometry import Region

    rendered = widget.render()
    if isinstance(rendered, Content):
        return rendered.plain
    size = widget.size
    strips = widget.render_lines(Region(0, 0, size.width, size.height))
    return "\n".join(strip.text.rstrip() for strip in strips)


async def wait_for_screen(pilot: Any, app: Any, kind: type, tries: int = 400) -> Any:
    """Let the app work until its top screen is a ``kind`` (e.g. the debrief after a drill is
    run out in steps); the screen."""
    for _ in range(tries):
        # Pushed is not enough: the screen fills its widgets in on_mount, which a loaded
        # machine may not have run yet.
        if isinstance(app.screen, kind) and app.screen.is_mounted:
            await pilot.pause()
            return app.screen
        await pilot.pause(0.02)
    raise AssertionError(f"{kind.__name__} did not open; the screen is {type(app.screen).__name__}")


HISTORY_DRILLS: list[tuple[str, str, str, str, str]] = [
    # session id, started, team, scenario, playbook ("" for a drill that never ended)
    ("20260603-090000-a01b02", "2026-06-03T09:00:00+08:00", "二车间甲班", WORKSHOP, "passive"),
    ("20260605-140000-a01b03", "2026-06-05T14:00:00+08:00", "二车间乙班", WORKSHOP, "ideal"),
    ("20260610-090000-a01b04", "2026-06-10T09:00:00+08:00", "二车间甲班", WORKSHOP, "late"),
    ("20260617-090000-a01b05", "2026-06-17T09:00:00+08:00", "二车间甲班", WORKSHOP, "ideal"),
    ("20260618-100000-a01b06", "2026-06-18T10:00:00+08:00", "二车间乙班", "hotel-evacuation", ""),
]
"""The drills :func:`seed_history` keeps: team 甲班 improves from passive to ideal."""


def seed_history(unit: str = "示范机械厂") -> list[str]:
    """Fill the history (in this test's DRILLSIM_HOME) with :data:`HISTORY_DRILLS`, each with
    fixed ids and times so that screens compare byte for byte; their ids."""
    from sim.catalog import playbook_path
    from sim.playbook import load_playbook, run_playbook
    from sim.records import History, Participant, SessionRecord
    from sim.records.journal import expectation_rows

    history = History()
    for sid, started, team, scenario_id, playbook in HISTORY_DRILLS:
        path = scenario_path(scenario_id)
        sc = scenario(scenario_id)
        rec = SessionRecord(
            id=sid,
            scenario_id=sc.id,
            seed=1,
            started=started,
            unit=unit,
            team=team,
            participants=[Participant("王伟", "leader"), Participant("李娜", sc.roles[-1].id)],
            scenario_title={"zh": sim.localize(sc.title, "zh"), "en": sim.localize(sc.title, "en")},
            scenario_category=sc.category,
            lang="zh",
            speed=5.0,
        )
        if not playbook:
            history.save_session(rec)
            continue
        pb = playbook_path(path, sc.id, playbook)
        assert pb is not None
        result = sim.drill_result(run_playbook(sc, load_playbook(pb, sc), 1))
        rec.status = "finished"
        rec.ended = started[:11] + "09:25:00" + started[19:]
        rec.duration_s = 1500.0
        rec.sim_s = sc.duration_s
        rec.total = result["score"]["total"]
        rec.grade = result["score"]["grade"]
        rec.expectations = expectation_rows(sc, result)
        history.save_session(rec, result)
    return [d[0] for d in HISTORY_DRILLS]


def screen_text(app: Any) -> str:
    """The whole terminal as plain text, as a person sees it (every layer, dialogs on top)."""
    import io

    from rich.console import Console

    size = app.size
    console = Console(
        width=size.width,
        height=size.height,
        color_system=None,
        record=True,
        file=io.StringIO(),
        legacy_windows=False,
    )
    update = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens, simplify=True
    )
    console.print(update)
    return console.export_text(styles=False)


def team_settings(lang: str) -> Settings:
    """The team of the screen pictures: a shift of two, named as a team of ``lang`` writes
    them, seed 1."""
    team = "甲班" if lang == "zh" else "A shift"
    people = [
        Participant("王强" if lang == "zh" else "Wang Qiang", "leader"),
        Participant("Li", "warden"),
    ]
    return Settings(unit="", team=team, participants=people, seed=1)


def drill_session(lang: str) -> DrillSession:
    """The workshop drill 45 s in: an open prompt, an evacuation under way, a refusal."""
    session = DrillSession(scenario(), team_settings(lang))
    session.step(35.0)
    assert session.act("evacuate", "leader", {"to": "assembly"}).accepted
    assert not session.act("sweep", "leader", {}).accepted
    session.step(10.0)
    return session
