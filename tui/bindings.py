"""Key bindings of every screen, each with an id so that a user can remap it.

A binding's description is a key of the string catalogue (``sim.i18n``); the footer and
the help screen show it in the current language. To remap keys, put a JSON object of
binding id to keys (comma-separated) in ``keymap.json`` in the drillsim home folder
(``sim.records.home``: ``DRILLSIM_HOME`` or the user data folder), for example
``{"drill.pause": "p"}``; or pass
``keymap=`` to :func:`tui.app.make_app`.

The drill screen also gives each of the scenario's actions its hotkey: the key catalogue's
for its kind (``sim.ACTION_KEYS``, the same in every scenario) or the action's own ``key``,
never a key below. The drill's own keys avoid letters and digits,
which scenarios use for their actions (F5–F8 set the speed; digits are often floor sweeps).
"""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding


def _b(
    key: str,
    action: str,
    description: str,
    binding_id: str,
    *,
    show: bool = True,
    priority: bool = False,
    key_display: str | None = None,
) -> Binding:
    return Binding(
        key,
        action,
        description,
        show=show,
        priority=priority,
        id=binding_id,
        key_display=key_display,
    )


APP: list[Binding] = [
    _b("f1", "help", "key_help", "app.help"),
    _b("f2", "toggle_lang", "key_lang", "app.lang"),
    _b("ctrl+q", "quit", "key_quit", "app.quit", priority=True, show=False),
]

PICKER: list[Binding] = [
    _b("enter", "choose", "key_choose", "picker.choose"),
    _b("c", "resume", "key_continue_drill", "picker.resume"),
    _b("h", "history", "history_title", "picker.history"),
    _b("r", "reload", "key_reload", "picker.reload"),
    _b("q", "app.quit", "key_quit", "picker.quit"),
]

SETUP: list[Binding] = [
    _b("ctrl+s", "next", "key_continue", "setup.next", priority=True),
    _b("ctrl+n", "add_participant", "key_add_participant", "setup.add"),
    _b("escape", "back", "key_back", "setup.back"),
]

BRIEFING: list[Binding] = [
    _b("enter", "start", "key_start", "briefing.start"),
    _b("1", "tab('situation')", "tab_situation", "briefing.situation", show=False),
    _b("2", "tab('map')", "tab_map", "briefing.map", show=False),
    _b("3", "tab('cards')", "tab_cards", "briefing.cards", show=False),
    _b("left_square_bracket", "floor(-1)", "key_floor_down", "briefing.floor_down", show=False),
    _b("right_square_bracket", "floor(1)", "key_floor_up", "briefing.floor_up", show=False),
    _b("escape", "back", "key_back", "briefing.back"),
]

DRILL: list[Binding] = [
    _b("space", "pause", "key_pause", "drill.pause", key_display="␣"),
    _b("f5", "speed(1)", "key_speed_1", "drill.speed1", show=False),
    _b("f6", "speed(2)", "key_speed_2", "drill.speed2", show=False),
    _b("f7", "speed(5)", "key_speed_5", "drill.speed5", show=False),
    _b("f8", "speed(10)", "key_speed_10", "drill.speed10", show=False),
    _b("minus", "slower", "key_speed", "drill.slower", key_display="-/+"),
    _b("plus,equals_sign", "faster", "key_faster", "drill.faster", show=False),
    _b("left_square_bracket,pageup", "floor(-1)", "key_floor_down", "drill.floor_down", show=False),
    _b("right_square_bracket,pagedown", "floor(1)", "key_floor_up", "drill.floor_up", show=False),
    _b("f3", "inject", "key_inject", "drill.inject"),
    _b("f4", "note", "key_note", "drill.note"),
    _b("escape", "end", "key_end", "drill.end"),
]

FORM: list[Binding] = [
    _b("ctrl+s", "submit", "key_submit", "form.submit", priority=True),
    _b("escape", "cancel", "key_cancel", "form.cancel"),
]

FORM_SELECT_ALL = _b("ctrl+a", "select_all", "key_select_all", "form.all")
"""In a form with a list of choices (a report's elements): tick them all."""

INJECT: list[Binding] = [
    _b("escape", "cancel", "key_cancel", "inject.cancel"),
]

DEBRIEF: list[Binding] = [
    _b("s", "export", "key_export", "debrief.export"),
    _b("i", "improve", "key_improve", "debrief.improve"),
    _b("h", "history", "history_title", "debrief.history"),
    _b("n", "new", "key_new", "debrief.new"),
    _b("q", "app.quit", "key_quit", "debrief.quit"),
]

HISTORY: list[Binding] = [
    _b("enter", "open", "key_open_record", "history.open"),
    _b("t", "team", "key_team_progress", "history.team"),
    _b("escape", "back", "key_back", "history.back"),
]

RECORD: list[Binding] = [
    _b("n", "note", "key_add_note", "record.note"),
    _b("i", "improve", "key_improve", "record.improve"),
    _b("s", "export", "key_export", "record.export"),
    _b("escape", "back", "key_back", "record.back"),
]

RECORD_FORM: list[Binding] = [
    _b("ctrl+s", "submit", "key_submit_form", "record_form.submit", priority=True),
    _b("escape", "cancel", "key_cancel", "record_form.cancel"),
]
"""The forms of the history: a note, an improvement item, an export."""

CONFIRM: list[Binding] = [
    _b("y", "answer(True)", "yes", "confirm.yes"),
    _b("n,escape", "answer(False)", "no", "confirm.no"),
]

HELP: list[Binding] = [
    _b("escape,f1,q", "close", "key_close", "help.close"),
]

HELP_DESCRIPTIONS: dict[str, str] = {
    "app.lang": "help_lang",
    "drill.slower": "key_slower",
}
"""Where the help screen says more than the footer (binding id to catalogue key)."""

HELP_SECTIONS: list[tuple[str, list[Binding]]] = [
    ("help_everywhere", APP),
    ("help_picker", PICKER),
    ("help_setup", SETUP),
    ("help_briefing", BRIEFING),
    ("help_drill", DRILL),
    ("help_form", [*FORM, FORM_SELECT_ALL]),
    ("debrief", DEBRIEF),
    ("help_history", HISTORY),
    ("help_record", RECORD),
    ("help_record_form", RECORD_FORM),
]
"""What the help screen lists, section by section."""


def keymap_path() -> Path:
    """Where a user's key remapping is read from."""
    from sim.records import home

    return home() / "keymap.json"


KEYMAP_MAX_BYTES = 64 * 1024
"""Largest keymap.json read (a full remapping is a few kilobytes)."""


def read_keymap(path: Path | None = None) -> dict[str, str]:
    """The user's keymap (binding id to keys); empty when there is none. ``ReadError``
    (naming the file) when it is not a regular file, too large, too deep or not JSON."""
    from sim import ReadError, load_json

    path = path or keymap_path()
    if not path.exists() and not path.is_symlink():
        return {}
    data = load_json(path, KEYMAP_MAX_BYTES, depth=4)
    if not isinstance(data, dict):
        raise ReadError("in_not_json", path, why="not an object")
    return {str(k): str(v) for k, v in data.items() if isinstance(v, str)}


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """The user's keymap; empty when there is none or it cannot be used (the app says why:
    see :func:`read_keymap`)."""
    from sim import ReadError

    try:
        return read_keymap(path)
    except ReadError:
        return {}
