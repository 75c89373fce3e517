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
