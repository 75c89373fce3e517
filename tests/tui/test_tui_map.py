"""The site map and the charts, drawn without a screen."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from sim import Lang, Snapshot
from tests.tui.tui_helpers import scenario, scenario_from, scenario_text, workshop_data
from tui.session import DrillSession, Settings
from tui.widgets.charts import ColumnChart, TimelineBar, bar
from tui.widgets.roles import team_text
from tui.widgets.sitemap import (
    GLYPHS,
    RAMP,
    MapLayout,
    legend_text,
    severity_colours,
    wind_arrow,
)


@dataclass(frozen=True)
class Level:
    """A threshold as a hazard model names it."""

    id: str
    label: str
    value: float
    untenable: bool = False


def snapshot(t_s: float = 0.0) -> tuple[MapLayout, Snapshot, DrillSession]:
    session = DrillSession(scenario(), Settings(seed=1))
    session.step(t_s)
    return MapLayout(session.scenario), session.snapshot(), session


def lines_of(text: Text) -> list[str]:
    return text.plain.split("\n")


@pytest.mark.parametrize(("width", "height"), [(40, 10), (57, 13), (100, 30)])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_line_fills_the_width_in_cells(width: int, height: int, lang: str) -> None:
    layout, snap, _ = snapshot()
    for floor in layout.floors:
        text = layout.render(floor, width, height, snap, "zh" if lang == "zh" else "en")
        lines = lines_of(text)
        assert len(lines) == height
        assert all(cell_len(line) == width for line in lines), [cell_len(x) for x in lines]


def test_each_floor_shows_its_places_and_people() -> None:
    layout, snap, _ = snapshot()
    assert layout.floors == [0, 1]
    assert layout.default_floor() == 1
    upper = layout.render(1, 100, 30, snap, "en").plain
    lower = layout.render(0, 100, 30, snap, "en").plain
    assert "24" in upper and "Upper assembly area" in upper and "Upper office" in upper
    assert "Ground machining area" not in upper
    assert "18" in lower and "West assembly point" in lower
    assert GLYPHS["assembly"] in lower and GLYPHS["exit"] in lower
    assert layout.floor_people(snap) == {0: 18, 1: 28}


def test_names_are_drawn_in_chinese() -> None:
    layout, snap, _ = snapshot()
    assert "二楼装配区" in layout.render(1, 100, 30, snap, "zh").plain


def test_far_responder_origins_are_left_out_of_the_frame() -> None:
    data = workshop_data()
    data["site"]["nodes"].append(
        {"id": "station", "kind": "road", "x_m": 5000, "y_m": 4000, "floor": 0}
    )
    data["site"]["edges"].append(
        {"from": "station", "to": "exit_e", "kind": "road", "length_m": 6000, "width_m": 6}
    )
    data["responders"][0]["origin"] = "station"
    sc = scenario_from(scenario_text(site=data["site"], responders=data["responders"]))
    layout = MapLayout(sc)
    assert "station" not in {n.id for n in layout.nodes}
    assert layout.max_x == 62


def test_severity_colours_and_legend_follow_the_thresholds() -> None:
    layout, snap, _ = snapshot()
    assert severity_colours(0) == [RAMP[0]]
    assert len(severity_colours(2)) == 3
    assert severity_colours(3) == [RAMP[0], RAMP[1], RAMP[2], RAMP[3]]
    assert len(severity_colours(6)) == 7
    levels = [Level("aegl1", "AEGL-1", 30.0), Level("aegl2", "AEGL-2 (160 ppm)", 160.0)]
    n = len(snap.node_ids)
    sev = np.zeros(n, dtype=np.int64)
    sev[snap.node_ids.index("f2_assembly_area")] = 2
    hot = dataclasses.replace(
        snap, thresholds=levels, unit="ppm", levels=np.where(sev == 2, 200.0, 0.0), severities=sev
    )
    legend = legend_text(layout, hot, "en", str).plain
    assert "≥30 ppm AEGL-1" in legend
    assert "AEGL-2 (160 ppm)" in legend and "≥160" not in legend
    drawn = layout.render(1, 100, 30, hot, "en")
    reds = [
        span
        for span in drawn.spans
        if span.style
        and getattr(span.style, "bgcolor", None) is not None
        and span.style.bgcolor.name.lower() == RAMP[3]
    ]
    assert reds, "the place at the second threshold is drawn in its colour"


def test_wind_arrow_points_where_the_wind_blows() -> None:
    assert wind_arrow(0) == "↓"
    assert wind_arrow(90) == "←"
    assert wind_arrow(315) == "↘"
    layout, snap, _ = snapshot()
    assert "wind←2.5m/s" in layout.render(1, 60, 12, snap, "en").plain
    assert "风←2.5m/s" in layout.render(1, 60, 12, snap, "zh").plain


def test_cordon_ring_and_arrived_responders_are_drawn() -> None:
    layout, snap, session = snapshot()
    ringed = dataclasses.replace(snap, cordon={"radius_m": 30.0, "center": "exit_w", "t_s": 0.0})
    assert "•" in layout.render(0, 100, 30, ringed, "en").plain
    assert "•" not in layout.render(1, 100, 30, ringed, "en").plain
    assert "cordon 30 m" in legend_text(layout, ringed, "en", str).plain
    assert session.act("call_119", "leader", {}).accepted
    session.advance(session.duration_s)
    done = session.snapshot()
    assert any(r.arrived_s is not None for r in done.responders)
    assert "F" in layout.render(0, 100, 30, done, "en").plain
    assert "Fire station on site" in legend_text(layout, done, "en", str).plain


def render(renderable: object, width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None, legacy_windows=False)
    console.print(renderable)
    return console.export_text().rstrip("\n").split("\n")


def test_column_chart_fits_its_width_and_carries_values() -> None:
    chart = ColumnChart(
        [(0.0, 0.0), (50.0, 10.0), (100.0, 20.0)], x_max=100.0, height=4, y_max=20.0
    )
    assert chart.columns(4) == [0.0, 10.0, 10.0, 20.0]
    peak = ColumnChart([(10.0, 5.0), (20.0, 1.0), (90.0, 2.0)], x_max=100.0, mode="max")
    assert peak.columns(2) == [5.0, 2.0]
    lines = render(chart, 40)
    assert len(lines) == 4 + 2
    assert all(cell_len(x) <= 40 for x in lines)
    assert "█" in lines[0]
    assert lines[-1].strip().endswith("1:40")


def test_threshold_lines_are_drawn_on_the_chart() -> None:
    chart = ColumnChart(
        [(0.0, 1.0)], x_max=60.0, height=4, y_max=100.0, lines=[(50.0, "AEGL-2", "red")]
    )
    assert any("┄" in x and "AEGL-2" in x for x in render(chart, 40))


def test_timeline_bar_marks_target_limit_and_done() -> None:
    met = TimelineBar(0.0, 60.0, 180.0, 40.0, 900.0, "met").text(90).plain
    assert len(met) == 90
    assert met[0] == "├" and "●" in met and "━" in met
    missed = TimelineBar(60.0, 180.0, 420.0, None, 900.0, "missed").text(45).plain
    assert missed.endswith("✗")
    assert missed[0] == "·"


def test_bar_fills_its_share() -> None:
    assert bar(10, 10, 8).plain == "█" * 8
    assert bar(0, 10, 8).plain.count("█") == 0
    half = bar(5, 10, 8).plain
    assert half.startswith("████") and len(half) == 8


def test_a_log_axis_keeps_thresholds_decades_apart_visible() -> None:
    lines = [
        (30.0, "AEGL-1", "yellow"),
        (160.0, "AEGL-2", "dark_orange"),
        (1100.0, "AEGL-3", "red"),
    ]
    flat = ColumnChart([(0.0, 1.0)], x_max=60.0, height=6, y_max=200_000.0, lines=lines)
    logged = ColumnChart(
        [(0.0, 1.0)], x_max=60.0, height=6, y_max=200_000.0, lines=lines, log_floor=7.5
    )
    flat_rows = [x for x in render(flat, 100) if "AEGL" in x]
    log_rows = [x for x in render(logged, 100) if "AEGL" in x]
    assert len(flat_rows) == 1, "on a linear axis the three thresholds share the bottom row"
    assert flat_rows[0].rstrip().endswith("AEGL-1 / AEGL-2 / AEGL-3")
    assert len(log_rows) >= 2
    assert render(logged, 100)[-2].lstrip().startswith("7.5")


def test_the_team_panel_says_who_is_busy() -> None:
    """The team pane's text, from the every-role view the drill screen draws it from."""
    from tui.room.host import RoomHost

    _, _, session = snapshot()
    assert session.act("alarm", "leader", {}).accepted
    session.step(1.0)
    host = RoomHost(session, mode="coaching", started=True)

    def team(lang: Lang) -> str:
        view = host.role_view("*", lang)
        people = {c.role: list(c.participants) for c in view.cards}
        roles = view.snapshot().roles
        return team_text(session.scenario, roles, view.t_s, session.drill.clock, people, lang).plain

    text = team("en").split("\n")
    assert text[0].startswith("Shift leader") and "Sound the alarm until 10:05:15" in text[0]
    assert text[1].startswith("Floor warden") and text[1].endswith("free")
    assert "空闲" in team("zh")


async def test_the_map_opens_on_the_incident_floor_and_a_key_goes_back() -> None:
    from tests.tui.tui_helpers import app_for
    from tui.screens.drill import DrillScreen
    from tui.session import Participant
    from tui.widgets.sitemap import MapPanel

    sc = scenario("hotel-evacuation")
    # The fire starts in room 511, on the fifth floor: floor index 4 (the ground floor is 0);
    # most guests sleep on the seventh and eighth floors, where the map used to open.
    layout = MapLayout(sc)
    assert layout.incident_floor() == 4
    assert layout.default_floor() != 4
    session = DrillSession(sc, Settings(participants=[Participant("W", "duty_manager")], seed=1))
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        drill = DrillScreen(session, autoplay=False)
        await app.push_screen(drill)
        await pilot.pause()
        panel = drill.query_one(MapPanel)
        assert panel.floor == 4
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert panel.floor == 6
        await pilot.press("backslash")
        assert panel.floor == 4
        await pilot.press("left_square_bracket", "f9")
        assert panel.floor == 4


def test_a_site_without_a_hazard_opens_where_most_people_are() -> None:
    layout = MapLayout(scenario("workshop-evacuation"))
    assert layout.incident_floor() is None
    assert layout.first_floor() == layout.default_floor()


async def test_the_briefing_map_opens_on_the_incident_floor() -> None:
    from tests.tui.tui_helpers import app_for
    from tui.screens.briefing import BriefingScreen
    from tui.widgets.sitemap import MapPanel

    sc = scenario("gas-pipeline-leak")
    app = app_for("en", catalog=[])
    async with app.run_test(size=(100, 30)) as pilot:
        briefing = BriefingScreen(DrillSession(sc, Settings(seed=1)))
        await app.push_screen(briefing)
        await pilot.pause()
        await pilot.press("2")  # the map tab
        await pilot.pause()
        panel = briefing.query_one(MapPanel)
        # the gas enters the basement restaurant: floor -1
        assert panel.floor == -1
        await pilot.press("right_square_bracket")
        assert panel.floor == 0
        await pilot.press("backslash")
        assert panel.floor == -1


def test_a_narrow_team_pane_cuts_the_name_and_the_label_never_the_time() -> None:
    from rich.cells import cell_len

    _, _, session = snapshot()
    assert session.act("alarm", "leader", {}).accepted
    session.step(1.0)
    drill = session.drill
    roles = list(drill.roles.values())

    def team(lang: Lang, width: int) -> list[str]:
        text = team_text(session.scenario, roles, drill.now_s, drill.clock, {}, lang, width)
        return text.plain.split("\n")

    for lang, until in (("en", "until 10:05:15"), ("zh", "至10:05:15")):
        for width in (24, 28, 36):
            line = team(lang, width)[0]
            assert line.endswith(until), (lang, width, line)
            assert cell_len(line) <= width, (lang, width, line)
    # with room enough, the name and the label are whole
    assert team("en", 80)[0] == "Shift leader Sound the alarm until 10:05:15"
    assert team("zh", 80)[0].startswith("班组长 ")


@pytest.mark.parametrize(("count", "said"), [(1, "1 person"), (2, "2 people"), (0, "0 people")])
def test_a_floor_tab_says_person_or_people(count: int, said: str) -> None:
    from unittest.mock import patch

    from tui.widgets.sitemap import floor_bar_text

    layout, snap, _ = snapshot()
    with patch.object(type(layout), "floor_people", lambda self, s: {0: count, 1: 5}):
        text = floor_bar_text(layout, snap, 1, "en", 100).plain
    assert f"1F {said} " in text
    assert "1F 1 people" not in text
