"""Screens at the sizes of a training room: from 80×24 up, every action of every bundled
scenario is in sight on the drill screen and on each seat, at every moment of the drill."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

import pytest
from rich.cells import cell_len, set_cell_size

import sim
from sim import Prompt, localize
from sim.i18n import tr
from tests.scenario_runs import playbook
from tests.tui.tui_helpers import app_for, scenario, screen_text, shown, wait_for_screen
from tui.names import Names
from tui.screens.drill import DrillScreen
from tui.session import DrillSession, Participant, Settings
from tui.widgets.actions_panel import ActionsPanel
from tui.widgets.prompts import PromptPanel

BUNDLED = sim.bundled_ids()
SHORT_MAX_CELLS = 18


def session_for(scenario_id: str, at_s: float) -> DrillSession:
    sc = scenario(scenario_id)
    settings = Settings(participants=[Participant("W", sc.roles[0].id)], seed=1)
    session = DrillSession(sc, settings)
    session.step(at_s)
    return session


@pytest.mark.parametrize("scenario_id", BUNDLED)
def test_every_short_label_fits_a_column(scenario_id: str) -> None:
    for action in scenario(scenario_id).actions:
        for lang in ("zh", "en"):
            text = localize(action.short or action.label, lang)
            assert cell_len(text) <= SHORT_MAX_CELLS or action.short is None, (action.id, text)


WALK_STEP_S = {(80, 24): 30.0, (120, 40): 60.0}
"""The walks look at the screen every this many sim seconds, to the drill's end (the tall
terminal has lines to spare, and is looked at less often)."""

RUNS = ["passive", "ideal", "injects"]
"""The runs walked: nothing done (prompts pile up until they expire), the ideal playbook,
and nothing done with every optional inject sent at 1:00 (the most prompts open at once)."""


def walk(scenario_id: str, run: str, step_s: float) -> Iterator[tuple[float, DrillSession]]:
    """A drill of a bundled scenario played by ``run``, every ``step_s`` sim seconds to its
    end (the session as it is at that time)."""
    sc = scenario(scenario_id)
    people = [Participant(f"P{i}", r.id) for i, r in enumerate(sc.roles)]
    session = DrillSession(sc, Settings(participants=people, seed=1))
    steps = list(playbook(scenario_id, run)) if run == "ideal" else []
    t = 0.0
    while t <= sc.duration_s:
        while steps and steps[0].at_s <= t:
            step = steps.pop(0)
            session.advance(step.at_s)
            if step.action is not None:
                session.act(step.action, step.by or sc.roles[0].id, dict(step.params))
        if run == "injects" and t >= 60.0 and session.drill.now_s < 60.0:
            session.advance(60.0)
            for inject_id in session.optional_injects():
                session.fire_inject(inject_id)
        session.advance(t)
        yield t, session
        if session.finished:
            return
        t += step_s


def in_sight(text: str, key: str, labels: list[str]) -> bool:
    """Whether the screen shows the key followed by one of the labels, whole (in a column:
    key, state mark, space, short label; on its own line: key, space, label)."""
    return any(
        re.search(re.escape(key) + r"[ ▸✓]? " + re.escape(label) + r"(\s|$|  )", text, re.M)
        for label in labels
    )


def check_prompts(pane: PromptPanel, prompts: list[Any], lang: str, names: Names) -> None:
    """The prompts pane shows at least the most urgent prompt (its countdown and whom it
    asks) and says how many more are out of sight."""
    if not prompts:
        return
    assert pane.display and pane.region.height >= 1
    region_text = shown(pane)
    most_urgent = min(prompts, key=lambda p: (p.deadline_s is None, p.deadline_s or 0.0))
    assert tr("role_colon", lang, role=names.role(most_urgent.role, lang)).strip() in region_text
    hidden = len(prompts) - min(len(prompts), pane.region.height)
    if hidden:
        assert pane.hidden_count >= hidden
        more = tr("prompts_more", lang, n=pane.hidden_count)
        assert more[:8] in region_text, region_text


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("run", RUNS)
@pytest.mark.parametrize("scenario_id", BUNDLED)
async def test_every_action_stays_in_sight_through_the_drill(
    scenario_id: str, run: str, lang: str, size: tuple[int, int]
) -> None:
    """At every moment of the drill: each action's key and its whole short label (or
    label) on the screen, nothing below the actions panel's last line, and the prompts pane
    showing at least the most urgent prompt."""
    app = app_for(lang, catalog=[])
    step_s = WALK_STEP_S[size]
    runs = walk(scenario_id, run, step_s)
    _, session = next(runs)
    async with app.run_test(size=size) as pilot:
        drill = DrillScreen(session, autoplay=False)
        await app.push_screen(drill)
        await pilot.pause()
        panel = drill.query_one(ActionsPanel)
        pane = drill.query_one(PromptPanel)
        seen_prompts = 0
        for t_s, _ in itertools.chain([(0.0, session)], runs):
            drill.refresh_view()
            await pilot.pause()
            text = screen_text(app)
            where = f"{scenario_id} {run} {lang} at {t_s:.0f} s\n{text}"
            for action in session.scenario.actions:
                labels = [panel.short_label(action.id), localize(action.label, lang)]
                assert in_sight(text, drill.hotkeys[action.id], labels), (action.id, where)
            _, lines = panel.grid()
            assert lines <= panel.content_size.height, where
            prompts = session.prompts()
            seen_prompts = max(seen_prompts, len(prompts))
            check_prompts(pane, prompts, lang, drill.names)
        assert session.finished or session.drill.now_s >= session.duration_s - step_s
        if run != "ideal":
            assert seen_prompts >= 1


def pile_of_prompts(sc: Any, count: int, now_s: float) -> list[Prompt]:
    """``count`` open prompts, from the scenario's own prompting injects (over again when
    it has fewer), due one minute apart from one minute on."""
    asking = [i for i in sc.injects if i.prompt] or list(sc.injects)
    out = []
    for n in range(count):
        inj = asking[n % len(asking)]
        out.append(Prompt(inj.id, inj.to, inj.expects, now_s, now_s + 60.0 * (n + 1)))
    return out


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("scenario_id", BUNDLED)
async def test_with_a_pile_of_prompts_the_actions_keep_their_lines(
    scenario_id: str, lang: str, size: tuple[int, int]
) -> None:
    """Eight prompts open at once (more than the pane has lines, however tall): every
    action in sight, the most urgent prompt on top, a last line saying how many more, and
    Tab then the arrows bring the others into the pane."""
    session = session_for(scenario_id, 60.0)
    app = app_for(lang, catalog=[])
    async with app.run_test(size=size) as pilot:
        drill = DrillScreen(session, autoplay=False)
        await app.push_screen(drill)
        await pilot.pause()
        pane = drill.query_one(PromptPanel)
        panel = drill.query_one(ActionsPanel)
        pile = pile_of_prompts(session.scenario, 8, 60.0)
        pane.show(pile, 60.0)
        await pilot.pause()
        text = screen_text(app)
        for action in session.scenario.actions:
            labels = [panel.short_label(action.id), localize(action.label, lang)]
            assert in_sight(text, drill.hotkeys[action.id], labels), (action.id, text)
        _, lines = panel.grid()
        assert lines <= panel.content_size.height, text
        assert pane.hidden_count >= 8 - pane.max_lines + 1
        assert tr("prompts_more", lang, n=pane.hidden_count) in text
        check_prompts(pane, pile, lang, drill.names)
        if size == (80, 24) and scenario_id == "hotel-evacuation":
            assert pane.max_lines < 5  # the pane gave lines to the actions
        # the others, with the focus on the pane (Tab stops there while some are hidden)
        first_line = shown(pane).split("\n")[0]
        assert pane.focusable and panel.has_focus
        await pilot.press("tab")
        assert pane.has_focus
        await pilot.press("down")
        assert pane.first == 1
        assert shown(pane).split("\n")[0] != first_line
        await pilot.press("end")
        assert pane.first + max(1, pane.max_lines - 1) == 8
        pane.blur()
        await pilot.pause()
        assert pane.first == 0 and shown(pane).split("\n")[0] == first_line
        pane.show(pile[:1], 60.0)
        assert not pane.focusable  # nothing out of sight: Tab passes it by


async def test_the_arrows_and_enter_choose_an_action_in_columns() -> None:
    from tui.screens.action_form import ActionFormScreen

    session = session_for("hotel-evacuation", 0.0)
    app = app_for("en", catalog=[])
    async with app.run_test(size=(80, 24)) as pilot:
        drill = DrillScreen(session, autoplay=False)
        await app.push_screen(drill)
        await pilot.pause()
        panel = drill.query_one(ActionsPanel)
        columns, lines = panel.grid()
        assert columns == 2
        assert panel.has_focus and panel.highlighted == 0
        await pilot.press("right", "down")
        assert panel.highlighted == lines + 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ActionFormScreen)
        assert app.screen.action.id == panel.action_ids[lines + 1]
        await pilot.press("escape")
        await pilot.pause()
        # a click on the first column's third line
        await pilot.click(ActionsPanel, offset=(2, 2))
        await pilot.pause()
        assert isinstance(app.screen, ActionFormScreen)
        assert app.screen.action.id == panel.action_ids[2]


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


async def _read_all(pilot: Any, app: Any, selector: str) -> str:
    """The whole text of a scrolling pane, read page by page with PgDn as a user would."""
    pane = app.screen.query_one(selector)
    lines: dict[int, str] = {}
    for _ in range(200):
        await pilot.wait_for_scheduled_animations()  # the page has finished scrolling
        await pilot.pause()
        shown_lines = screen_text(app).split("\n")
        region = pane.scrollable_content_region  # without the scrollbar
        top = round(pane.scroll_y)
        for i in range(region.height):
            # cut by terminal cells (a Chinese character takes two), not by characters
            row = set_cell_size(shown_lines[region.y + i], region.right)
            lines[top + i] = row[len(set_cell_size(row, region.x)) :] if region.x else row
        if pane.scroll_y >= pane.max_scroll_y:
            break
        await pilot.press("pagedown")
    return "\n".join(lines[i] for i in sorted(lines))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("scenario_id", BUNDLED)
async def test_the_debrief_at_80_columns_cuts_nothing(scenario_id: str, lang: str) -> None:
    from tui.screens.debrief import DebriefScreen

    # Nothing done and the drill ended early: every expectation late or missed, and a
    # deduction for each.
    session = session_for(scenario_id, 240.0)
    session.end()
    app = app_for(lang, catalog=[])
    async with app.run_test(size=(80, 24)) as pilot:
        debrief = DebriefScreen(session)
        await app.push_screen(debrief)
        await pilot.pause()
        text = await _read_all(pilot, app, "#debrief")
        assert "…" not in text
        deductions = debrief.result["deductions"]
        assert deductions
        whole = _squeezed(text)
        for d in deductions:
            assert _squeezed(str(d[lang])) in whole, d[lang]
            assert f"−{float(d['points']):.1f}" in text
        for row in debrief.result["expectations"]:
            result = debrief._result_cell(row, lang).plain
            assert result in text, result


def _seat_check(seat: Any, app: Any, lang: str, where: str) -> None:
    from tui.widgets.seatview import SeatActionsPanel

    panel = seat.query_one(SeatActionsPanel)
    text = screen_text(app)
    assert panel.rows, where
    for row in panel.rows:
        action = seat.scenario.action(row.id)
        labels = [panel.short_label(row.id), localize(action.label, lang)]
        assert in_sight(text, seat.hotkeys[row.id], labels), (row.id, where, text)
    _, lines = panel.grid()
    assert lines <= panel.content_size.height, (where, text)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("scenario_id", BUNDLED)
async def test_every_action_of_a_seat_is_in_sight_at_80x24(scenario_id: str, lang: str) -> None:
    """Each role's seat at 80×24, and a seat holding every role: waiting for the start (the
    status line shown), 1:30 into the drill, and with eight prompts open, every action of
    the seat is in sight with its key and whole short label, and the prompts pane shows the
    most urgent prompt."""
    from tui.room.host import RoomHost
    from tui.room_apps import SeatApp
    from tui.screens.seat import SeatScreen
    from tui.widgets.seatview import SeatActionsPanel

    sc = scenario(scenario_id)
    people = [Participant(f"P{i}", r.id) for i, r in enumerate(sc.roles)]
    # each role, and a seat holding every role (all the scenario's actions)
    for role in [*(r.id for r in sc.roles), "*"]:
        session = DrillSession(sc, Settings(team="A", participants=people, seed=1))
        host = RoomHost(session, code="472913", mode="coaching")
        app = SeatApp(host.local_link(role), lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            seat = await wait_for_screen(pilot, app, SeatScreen)
            await pilot.pause()
            _seat_check(seat, app, lang, f"{role} waiting")
            host.start_drill()
            host.tick(90.0)
            await pilot.pause()
            await pilot.pause()
            _seat_check(seat, app, lang, f"{role} at 1:30")
            pane = seat.query_one(PromptPanel)
            check_prompts(pane, [p.prompt() for p in seat.link.view.prompts], lang, seat.names)
            pile = pile_of_prompts(sc, 8, 90.0)
            pane.show(pile, 90.0)
            await pilot.pause()
            _seat_check(seat, app, lang, f"{role} with eight prompts")
            check_prompts(pane, pile, lang, seat.names)
            assert seat.query_one(SeatActionsPanel).has_focus


def test_the_hotels_lines_at_80x24_by_hand() -> None:
    """The hotel at 80×24 (25 actions, short labels up to 18 cells), worked by hand: a
    column is 3 + 18 = 21 cells, two with a space between take 43, plus the border 44. The
    compact screen's fixed lines are the clock, the actions' title, the feed's title, four of
    feed and the footer: 8. Two columns of 25 take 13 lines, so 24 − 8 − 13 = 3 lines are
    left for the prompts."""
    from tui.fit import drill_fit, seat_fit

    fit = drill_fit(80, 24, 25, 5, 18)
    assert fit.compact
    assert (fit.side_width, fit.action_lines, fit.prompt_lines) == (44, 13, 3)
    # tall: (40 − 3 − 5 − 2) × 2 / 3 = 20 lines of body, 5 for the team, 1 title: 14 ≥ 13
    tall = drill_fit(120, 40, 25, 5, 18)
    assert not tall.compact and tall.large_clock
    assert tall.prompt_lines == 5 and tall.action_lines == 13
    # a seat of 18 actions at 80×24: 8 fixed lines (clock, status, feed's title, four of
    # feed, footer), 2 titles, 2 of card, 9 of actions: 24 − 8 − 2 − 2 − 9 = 3 for prompts
    seat = seat_fit(80, 24, 18, 18)
    assert (seat.action_lines, seat.prompt_lines, seat.card_lines) == (9, 3, 2)
    # 25 actions leave no room for a card: it is hidden (one title), 24 − 8 − 1 − 13 = 2
    crowded = seat_fit(80, 24, 25, 18)
    assert (crowded.card_lines, crowded.action_lines, crowded.prompt_lines) == (0, 13, 2)


TEMPLATES = [t for t in sim.scenario_templates() if not t.bundled]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.name)
async def test_every_template_action_is_in_sight_at_80x24(template: Any, lang: str) -> None:
    """The templates (scenarios/templates/) at 80×24, one moment 90 s into a drill with every
    role seated: each action's key and its whole short label (or label) on the screen, and
    nothing below the actions panel's last line."""
    sc = template.scenario
    people = [Participant(f"P{i}", r.id) for i, r in enumerate(sc.roles)]
    session = DrillSession(sc, Settings(participants=people, seed=1))
    session.advance(90.0)
    app = app_for(lang, catalog=[])
    async with app.run_test(size=(80, 24)) as pilot:
        drill = DrillScreen(session, autoplay=False)
        await app.push_screen(drill)
        await pilot.pause()
        drill.refresh_view()
        await pilot.pause()
        panel = drill.query_one(ActionsPanel)
        text = screen_text(app)
        where = f"{template.name} {lang}\n{text}"
        for action in sc.actions:
            labels = [panel.short_label(action.id), localize(action.label, lang)]
            assert in_sight(text, drill.hotkeys[action.id], labels), (action.id, where)
        _, lines = panel.grid()
        assert lines <= panel.content_size.height, where


def test_the_templates_are_many() -> None:
    assert len(TEMPLATES) >= 8


@pytest.mark.parametrize("width", range(24, 81))
def test_the_zh_map_legend_writes_celsius_one_way_and_never_parts_it(width: int) -> None:
    """The fire's legend in Chinese: every temperature is written ℃ attached to its number
    (the thresholds a label names, 60℃ and 120℃, and the one the legend numbers itself,
    ≥25℃ where smoke is first noticed), never "°C", and at any width that holds its widest
    item (22 cells; narrower, Rich folds an item anywhere), no line starts with ℃ or ends
    with a bare number whose ℃ went to the next line."""
    from rich.console import Console

    from tui.widgets.sitemap import MapLayout, legend_text

    sc = scenario("hotel-evacuation")
    session = DrillSession(sc, Settings(participants=[Participant("W", sc.roles[0].id)], seed=1))
    session.step(60.0)
    snap = session.snapshot()
    assert snap.unit == "°C" and len(snap.thresholds) == 3
    legend = legend_text(MapLayout(sc), snap, "zh", str)
    plain = legend.plain
    assert max(cell_len(item) for item in plain.split()) <= 24
    assert "°C" not in plain and "° C" not in plain
    assert re.findall(r"\d+℃", plain) == [f"{t.value:g}℃" for t in snap.thresholds]
    assert plain.startswith("■低于各阈值 ■≥")
    console = Console(width=width, record=True, color_system=None, legacy_windows=False)
    console.print(legend)
    lines = console.export_text().split("\n")
    assert all(not line.lstrip().startswith("℃") for line in lines), lines
    assert all(not re.search(r"\d\s*$", line) for line in lines), lines
