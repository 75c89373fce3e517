"""``drillsim new``: templates that validate, play and fall in the calibration bands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.calibrate import calibrate
from sim.loader import check_file
from sim.playbook import load_playbook
from sim.templates import templates
from tests.helpers import run

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = templates()
NAMES = [t.name for t in TEMPLATES]


def test_the_templates_cover_the_bundled_scenarios_and_more() -> None:
    assert {
        "chemical-vehicle-leak",
        "scaffold-collapse",
        "gas-pipeline-leak",
        "hotel-evacuation",
        "warehouse-fire",
    } <= set(NAMES)
    for t in TEMPLATES:
        assert set(t.playbooks) == {"ideal", "late", "passive"}, t.name
    # Every drill type of the campaign notice has a template.
    campaign = {
        "water_traffic",
        "hazmat_vehicle_leak",
        "scaffold_crane_collapse",
        "special_equipment",
        "oil_gas_pipeline_leak",
        "hotel_scenic_spot",
        "mine",
        "hazardous_chemicals",
        "fireworks",
        "combustible_dust",
        "city_gas",
    }
    assert campaign <= {t.scenario.category for t in TEMPLATES}


def test_new_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["new", "--list", "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert [d["name"] for d in data] == NAMES
    wh = next(d for d in data if d["name"] == "warehouse-fire")
    assert wh["category"] == "fire" and wh["bundled"] is False
    assert wh["title"]["zh"] == "仓库火灾疏散演练"
    code, out, _ = run(["--lang", "zh", "new", "--list"], capsys)
    assert code == 0 and "仓库火灾疏散演练" in out and "内置场景" in out


@pytest.mark.parametrize("name", NAMES)
def test_every_template_makes_a_scenario_inside_the_bands(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "my-drill.yaml"
    code, out, err = run(["new", name, "-o", str(target), "--yes"], capsys)
    assert code == 0, err
    assert "drillsim calibrate" in out
    checked = check_file(target)
    assert checked.scenario is not None, [p.format("en") for p in checked.problems]
    sc = checked.scenario
    assert sc.id == "my-drill"
    assert (tmp_path / "scenario.schema.json").exists()
    playbooks = {
        n: load_playbook(tmp_path / "playbooks" / "my-drill" / f"{n}.yaml", sc)
        for n in ("ideal", "late", "passive")
    }
    cal = calibrate(sc, playbooks, range(1, 6), sensitivity_seeds=0)
    assert cal.ok, [(b.playbook, b.stats()) for b in cal.bands]


def test_new_keeps_the_comments_and_writes_the_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter(
        ["depot-fire", "物流中心火灾", "", "某物流中心", "A logistics centre", "bad", "08:30"]
    )
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    target = tmp_path / "x.yaml"
    code, _, err = run(["new", "warehouse-fire", "-o", str(target)], capsys)
    assert code == 0
    assert "'bad' is not a time HH:MM" in err  # asked again
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=scenario.schema.json\n# TEMPLATE:")
    sc = check_file(target).scenario
    assert sc is not None
    assert sc.id == "depot-fire"
    assert not isinstance(sc.title, str) and (sc.title.zh, sc.title.en) == (
        "物流中心火灾",
        "Warehouse fire evacuation drill",
    )
    assert not isinstance(sc.unit, str) and sc.unit is not None
    assert (sc.unit.zh, sc.unit.en) == ("某物流中心", "A logistics centre")
    assert sc.start_clock == "08:30"
    assert (tmp_path / "playbooks" / "depot-fire" / "ideal.yaml").exists()


def test_new_with_options_and_its_refusals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "a.yaml"
    argv = ["new", "workshop-evacuation", "-o", str(target), "--yes", "--id", "shop-2",
            "--title-en", "Shop 2 evacuation", "--start", "14:00"]  # fmt: skip
    assert run(argv, capsys)[0] == 0
    sc = check_file(target).scenario
    assert sc is not None and sc.id == "shop-2" and sc.start_clock == "14:00"
    before = target.read_bytes()
    code, _, err = run(argv, capsys)
    assert code == 2 and "already exists" in err
    assert target.read_bytes() == before
    assert run([*argv, "--force"], capsys)[0] == 0
    code, _, err = run(["new", "nope", "-o", str(target), "--yes"], capsys)
    assert code == 1 and "no template 'nope'" in err
    code, _, err = run(["new", "workshop-evacuation", "-o", str(tmp_path / "b.yaml"), "--yes",
                        "--id", "has space"], capsys)  # fmt: skip
    assert code == 2 and "not a valid id" in err
    code, _, err = run(
        ["new", "workshop-evacuation", "-o", str(tmp_path / "c.txt"), "--yes"], capsys
    )
    assert code == 2 and ".yaml" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a.yaml",
        "playbooks",
        "scenario.schema.json",
    ]


SCENARIO_FILES = sorted(
    [*(ROOT / "scenarios").glob("*.yaml"), *(ROOT / "scenarios" / "templates").glob("*.yaml")]
)


def _explicit_keys(path: Path) -> dict[str, tuple[int, bool]]:
    """Each action id that sets its own ``key`` in the file: the key's line, and whether a
    comment on that line or just above says why."""
    from sim.yamlsafe import read_yaml

    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    doc, problems = read_yaml(text)
    assert doc is not None and not problems
    out: dict[str, tuple[int, bool]] = {}
    for i, action in enumerate(doc.data.get("actions") or []):
        if isinstance(action, dict) and "key" in action:
            line, _ = doc.mark(("actions", i, "key"))
            said = "#" in lines[line] or lines[line - 1].strip().startswith("#")
            out[str(action["id"])] = (line + 1, said)
    return out


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_each_kind_has_the_catalogues_key(path: Path) -> None:
    """Every bundled scenario and template keeps the key catalogue (sim/hotkeys.py): the
    first action of each catalogue entry (a kind, or a call or report to whom) takes the
    catalogue's key, no action takes another entry's letter, and an action that sets its own
    ``key`` says why in a YAML comment (the hotel's floor sweeps take the floor's digit)."""
    from sim import ACTION_KEYS, action_keys, load_scenario
    from sim.hotkeys import catalogue_entry

    sc = load_scenario(path)
    keys = action_keys(sc)
    explicit = _explicit_keys(path)
    for action_id, (line, said) in explicit.items():
        assert said, f"{path.name}:{line}: action '{action_id}' sets its key without a reason"
    entry_of_key = {key: entry for entry, key in ACTION_KEYS.items()}
    first: dict[str, str] = {}
    for action in sc.actions:
        entry = catalogue_entry(action)
        key = keys[action.id]
        if key in entry_of_key:
            assert entry_of_key[key] == entry, (action.id, key, entry)
        if action.id not in explicit:
            first.setdefault(entry, action.id)
    for entry, action_id in first.items():
        if entry in ACTION_KEYS and not any(
            catalogue_entry(a) == entry and a.id in explicit for a in sc.actions
        ):
            assert keys[action_id] == ACTION_KEYS[entry], (action_id, entry)


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_every_scenario_file_checks_clean(path: Path) -> None:
    """Every bundled scenario and template passes ``drillsim validate`` (the list of
    templates skips a file that does not, so a failing check would otherwise go unseen)."""
    from sim import check_file

    checked = check_file(path)
    assert checked.problems == [], [p.format("en") for p in checked.problems]
