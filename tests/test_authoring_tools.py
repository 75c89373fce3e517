"""The authoring tools: ``drillsim draw``, ``drillsim calibrate`` and ``validate --watch``."""

from __future__ import annotations

import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from sim import bundled_dir, bundled_ids
from sim.calibrate import BANDS, Band, calibrate, hazard_arrivals
from sim.sitemap import build_scene, footprint_at, to_png, to_svg
from sim.text import localize
from tests.helpers import run
from tests.scenario_runs import playbook, scenario
from tui.cli.authoring import Watcher, write_output

SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(svg: str) -> list[str]:
    root = ET.fromstring(svg.encode("utf-8"))
    return [el.text or "" for el in root.iter(f"{SVG}text")]


# --- draw ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("sid", bundled_ids())
def test_the_picture_names_every_place_as_svg_text(sid: str, lang: str) -> None:
    sc = scenario(sid)
    texts = svg_texts(to_svg(build_scene(sc, lang)))  # type: ignore[arg-type]
    joined = "\n".join(texts)
    for n in sc.site.nodes:
        name = localize(n.name, lang) if n.name is not None else n.id  # type: ignore[arg-type]
        assert name in joined, n.id
    assert localize(sc.title, lang) in texts  # type: ignore[arg-type]


def _name_boxes(scene: object, size: float = 9.0) -> list[tuple[float, float, float, float]]:
    """The boxes of the place names (drawn at size 9), estimated as the map estimates them:
    a half-width cell is 0.6 em, a CJK character two cells."""
    boxes = []
    for sh in scene.shapes:  # type: ignore[attr-defined]
        if sh.kind != "text" or sh.size != size:
            continue
        (x, y) = sh.points[0]
        cells = sum(2 if ord(c) > 0x2E80 else 1 for c in sh.text)
        half = cells * size * 0.3
        boxes.append((x - half, y - size, x + half, y + 2.0))
    return boxes


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("sid", bundled_ids())
def test_no_place_name_writes_over_another_or_off_the_picture(sid: str, lang: str) -> None:
    scene = build_scene(scenario(sid), lang)  # type: ignore[arg-type]
    boxes = _name_boxes(scene)
    assert len(boxes) >= len(scenario(sid).site.nodes)
    for i, a in enumerate(boxes):
        assert a[0] >= 0 and a[2] <= scene.width, a
        for b in boxes[i + 1 :]:
            overlap = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
            assert not overlap, (a, b)


def test_the_picture_shows_the_ways_widths_the_floors_and_the_wind() -> None:
    sc = scenario("hotel-evacuation")
    texts = svg_texts(to_svg(build_scene(sc, "en")))
    floors = sorted({n.floor for n in sc.site.nodes})
    assert "Ground floor (0)" in texts
    assert all(f"Floor {f}" in texts for f in floors if f > 0)
    # Widths of doors and stairs, on a floor or between floors (written by the landing).
    widths = {f"{e.width_m:g} m" for e in sc.site.edges if e.kind in ("door", "stair")}
    assert widths <= set(texts)
    w = sc.weather
    assert f"wind {w.wind_speed_m_s:g} m/s from {w.wind_from_deg:g}°" in texts


def test_scene_text_is_escaped_in_svg() -> None:
    sc = scenario("workshop-evacuation")
    scene = build_scene(sc, "en")
    scene.shapes.append(type(scene.shapes[0])("text", ((1.0, 1.0),), text="<b>&amp;</b>"))
    assert "<b>&amp;</b>" in svg_texts(to_svg(scene))


def test_the_png_is_a_picture_of_the_scene() -> None:
    scene = build_scene(scenario("workshop-evacuation"), "zh")
    png = to_png(scene)
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG"
    assert img.size == (int(scene.width * 2), int(scene.height * 2))
    # Not blank: the ways and places are drawn.
    assert len(img.convert("L").getcolors(256) or []) > 10


def test_the_footprint_grows_with_time_under_the_passive_playbook() -> None:
    sc = scenario("chemical-vehicle-leak")
    steps = playbook("chemical-vehicle-leak", "passive")
    early = footprint_at(sc, steps, 0.0, "passive")
    late = footprint_at(sc, steps, 300.0, "passive")
    assert sum(early.severity.values()) <= sum(late.severity.values())
    assert late.severity["loading_bay"] >= 1
    assert late.thresholds == ("AEGL-1", "AEGL-2", "AEGL-3")
    svg = to_svg(build_scene(sc, "en", late))
    assert "≥ AEGL-2" in svg_texts(svg)
    assert "at 14:25 (300 s), playbook 'passive'" in svg_texts(svg)


def test_draw_writes_svg_and_png_and_refuses_to_replace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site.svg"
    code, _, err = run(["draw", "workshop-evacuation", "-o", str(out)], capsys)
    assert code == 0 and out.exists() and "wrote" in err
    assert "West assembly point" in out.read_text(encoding="utf-8")
    before = out.read_bytes()
    code, _, err = run(["draw", "hotel-evacuation", "-o", str(out)], capsys)
    assert code == 2 and "already exists" in err
    assert out.read_bytes() == before
    code, _, _ = run(["draw", "hotel-evacuation", "-o", str(out), "--force"], capsys)
    assert code == 0 and out.read_bytes() != before
    png = tmp_path / "site.png"
    code, _, _ = run(
        ["draw", "hotel-evacuation", "-o", str(png), "--at", "600", "--playbook", "passive"],
        capsys,
    )
    assert code == 0 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site.png", "site.svg"]


def test_draw_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["draw", "workshop-evacuation", "-o", str(tmp_path / "x.pdf")], capsys)
    assert (code, err.strip()) == (2, "unknown picture format '.pdf'; use .svg or .png")
    code, _, err = run(
        ["draw", "workshop-evacuation", "-o", str(tmp_path / "no" / "x.svg")], capsys
    )
    assert code == 2 and err.startswith("cannot write ") and len(err.strip().splitlines()) == 1
    code, _, err = run(
        ["draw", "workshop-evacuation", "-o", str(tmp_path / "x.svg"), "--playbook", "nope"],
        capsys,
    )
    assert code == 1 and "has no playbook 'nope'" in err


def test_write_output_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "a.svg"
    assert write_output(target, b"one", force=False, lang="en") == 0
    assert write_output(target, b"two", force=True, lang="en") == 0
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["a.svg"]


# --- calibrate -----------------------------------------------------------------------------------


def test_band_limits() -> None:
    assert Band("ideal", [90.0, 100.0], *BANDS["ideal"]).ok
    assert not Band("ideal", [95.0, 89.9], *BANDS["ideal"]).ok
    assert Band("late", [60.0, 85.0], *BANDS["late"]).ok
    assert not Band("late", [59.9], *BANDS["late"]).ok
    assert Band("passive", [39.9], *BANDS["passive"]).ok
    assert not Band("passive", [40.0], *BANDS["passive"]).ok
    assert not Band("ideal", [], *BANDS["ideal"]).ok


def test_calibrate_the_workshop() -> None:
    sc = scenario("workshop-evacuation")
    pbs = {n: list(playbook("workshop-evacuation", n)) for n in ("ideal", "late", "passive")}
    cal = calibrate(sc, pbs, range(1, 6), sensitivity_seeds=2)
    assert cal.ok
    assert [b.playbook for b in cal.bands] == ["ideal", "late", "passive"]
    # Every non-harmful expectation's points add up to the four categories' 100 points,
    # less the outcome category's share.
    outcome = sc.scoring.weights.outcome
    weights = sc.scoring.weights
    total_w = weights.reporting + weights.evacuation + weights.early_response + outcome
    worth = sum(r.points for r in cal.expectations if not r.harmful)
    assert worth == pytest.approx(100.0 * (1 - outcome / total_w), abs=0.05)
    # The ideal team earns everything; the passive team earns less on every expectation.
    for r in cal.expectations:
        assert r.credit["ideal"] >= r.credit["passive"], r.id
    # Leaving out the alarm loses exactly what the expectation it meets is worth.
    alarm = next(d for d in cal.delays if d.action == "alarm")
    alarm_points = next(r.points for r in cal.expectations if r.id == "alarm_fast")
    assert alarm.change["omitted"] == pytest.approx(-alarm_points, abs=0.05)
    assert cal.delays == sorted(cal.delays, key=lambda d: -d.largest)
    # Evacuating 60 s later (at 100 s) finds the leader still on the 119 call (60–105 s):
    # the step is refused, and the table says so; 300 s later it is taken.
    evacuate = next(d for d in cal.delays if d.action == "evacuate")
    assert evacuate.refused == ["delay_60"]
    assert evacuate.change["delay_60"] == evacuate.change["omitted"]


def _scenario_folder(tmp_path: Path, sid: str, passive_from: str = "passive") -> Path:
    folder = tmp_path / "drills"
    (folder / "playbooks" / sid).mkdir(parents=True)
    shutil.copy(bundled_dir() / f"{sid}.yaml", folder / f"{sid}.yaml")
    src = bundled_dir() / "playbooks" / sid
    for name in ("ideal", "late"):
        shutil.copy(src / f"{name}.yaml", folder / "playbooks" / sid / f"{name}.yaml")
    shutil.copy(src / f"{passive_from}.yaml", folder / "playbooks" / sid / "passive.yaml")
    return folder / f"{sid}.yaml"


def test_calibrate_command_json_and_an_out_of_band_playbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["calibrate", "workshop-evacuation", "--seeds", "3", "--json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["ok"] is True and data["seeds"] == [1, 3]
    assert {b["playbook"] for b in data["bands"]} == {"ideal", "late", "passive"}
    assert data["delays"][0]["largest_fall"] >= data["delays"][-1]["largest_fall"]
    # A "passive" team that acts ideally is out of its band: exit 1 and say so.
    path = _scenario_folder(tmp_path, "workshop-evacuation", passive_from="ideal")
    code, out, _ = run(["calibrate", str(path), "--seeds", "2"], capsys)
    assert code == 1
    assert "passive" in out and "OUT OF BAND" in out
    assert "the spread of scores is not sane" in out


# --- validate --watch ----------------------------------------------------------------------------


def test_watch_checks_again_after_a_change(tmp_path: Path) -> None:
    path = _scenario_folder(tmp_path, "chemical-vehicle-leak")
    good = path.read_text(encoding="utf-8")
    out = io.StringIO()
    picture = tmp_path / "site.svg"
    watcher = Watcher(path, "leak.yaml", "en", out, picture, clock=lambda: "12:00:00")
    assert watcher.poll() is True
    first = out.getvalue()
    assert first.startswith("── 12:00:00  leak.yaml ──\nvalid\n")
    assert "scores (seed 1): ideal " in first
    assert "When the hazard reaches each occupied place (passive):" in first
    assert picture.exists()
    # Nothing changed: nothing checked.
    assert watcher.poll() is False
    # A mistake: checked again, the problem at its line.
    path.write_text(good.replace("duration_s:", "duraton_s:", 1), encoding="utf-8")
    assert watcher.poll() is True
    second = out.getvalue()[len(first) :]
    assert "leak.yaml:" in second and "unknown field 'duraton_s'" in second
    assert "valid" not in second.splitlines()
    # Fixed again: valid again, and the picture redrawn.
    picture.unlink()
    path.write_text(good, encoding="utf-8")
    assert watcher.poll() is True
    assert out.getvalue().rstrip().splitlines()[-1].strip()
    assert "\nvalid\n" in out.getvalue()[len(first) + len(second) :]
    assert picture.exists()
    assert watcher.checks == 3


def test_watch_command_runs_rounds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _scenario_folder(tmp_path, "workshop-evacuation")
    code, out, err = run(["validate", "--watch", str(path), "--watch-rounds", "2"], capsys)
    assert code == 0
    assert out.count("valid\n") == 1  # the second round saw no change
    assert "watching" in err
    code, _, err = run(["validate", "--watch", str(path), str(path)], capsys)
    assert code == 2 and "exactly one file" in err


# --- hazard arrival ------------------------------------------------------------------------------


def test_hazard_arrival_agrees_with_the_footprint() -> None:
    sc = scenario("chemical-vehicle-leak")
    steps = playbook("chemical-vehicle-leak", "passive")
    arrivals = {a.node: a for a in hazard_arrivals(sc, steps)}
    occupied = {g.node for g in sc.population if g.count > 0}
    assert set(arrivals) == occupied
    reached = [a for a in arrivals.values() if a.first_s is not None]
    assert reached, "the leak reaches somebody"
    for a in reached:
        assert a.first_s is not None
        at = footprint_at(sc, steps, a.first_s, "passive")
        assert at.severity[a.node] >= 1
        if a.first_s >= 5.0:
            before = footprint_at(sc, steps, a.first_s - 5.0, "passive")
            assert before.severity[a.node] == 0
        if a.untenable_s is not None:
            assert a.untenable_s >= a.first_s


def test_a_calibration_over_two_processes_is_that_of_one() -> None:
    """The runs spread over a process pool; the tables are built from them in order, so
    they are those of running every run here, one after another."""
    sc = scenario("workshop-evacuation")
    pbs = {n: list(playbook("workshop-evacuation", n)) for n in ("ideal", "late", "passive")}
    seen: list[tuple[int, int]] = []
    one = calibrate(sc, pbs, range(1, 4), sensitivity_seeds=1, jobs=1)
    two = calibrate(
        sc, pbs, range(1, 4), sensitivity_seeds=1, jobs=2, progress=lambda d, n: seen.append((d, n))
    )
    assert two.to_json() == one.to_json()
    assert two.delays and two.expectations
    total = seen[-1][1]
    assert seen == [(i, total) for i in range(1, total + 1)]
