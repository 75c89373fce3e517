"""Malformed scenarios: every mistake gives the exact message at the exact line:col.

Each case edits one or two lines of ``SMALL``, a small valid scenario kept here so the
positions never move when the bundled scenarios change. The expected problems are the
whole list the loader returns, so a stray follow-on message fails the test too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from sim.events import ENGINE_MILESTONES
from sim.hazards.specs import MILESTONES
from sim.loader import Checked, ScenarioError, check_bytes, check_file, check_text, load_scenario
from sim.yamlsafe import MAX_BYTES
from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted((ROOT / "scenarios").glob("*.yaml"))

SMALL = """\
# yaml-language-server: $schema=scenario.schema.json
format: 1
id: small-office-fire
title: {zh: 小办公室火警, en: Small office fire alarm}
summary: Smoke in a small office; the team raises the alarm and gets everyone out.
category: evacuation
start_clock: "09:30"
duration_s: 600
weather:
  wind_from_deg: 90
  daytime: true
roles:
  - id: leader
    name: {zh: 班组长, en: Shift leader}
  - id: warden
    name: Floor warden
site:
  nodes:
    - {id: office, kind: room, x_m: 0, y_m: 0}
    - {id: hall, kind: corridor, x_m: 10, y_m: 0}
    - {id: exit, kind: exit, x_m: 20, y_m: 0}
    - {id: yard, kind: assembly, x_m: 40, y_m: 0}
    - {id: gate, kind: gate, x_m: 60, y_m: 0}
  edges:
    - {from: office, to: hall, kind: door, length_m: 10}
    - {from: hall, to: exit, kind: corridor, length_m: 10}
    - {from: exit, to: yard, kind: open, length_m: 20}
    - {from: yard, to: gate, kind: road, length_m: 20}
population:
  - id: staff
    node: office
    count: 5
    premovement: {dist: fixed, value_s: 30}
responders:
  - id: brigade
    service: fire
    name: Fire brigade
    number: "119"
    origin: gate
    destination: exit
injects:
  - id: smoke
    at_s: 0
    text: Smoke comes from under the office door.
  - id: boss_calls
    on: action:alarm
    delay_s: 60
    to: leader
    text: The site manager calls and asks what is going on.
actions:
  - id: alarm
    kind: alarm
    key: a
    label: Sound the alarm
    roles: [leader]
    duration_s: 10
  - id: evacuate
    kind: evacuate
    key: e
    label: {zh: 疏散, en: Evacuate}
    requires: [alarm]
    params:
      to:
        type: node
        label: Assembly point
        node_kinds: [assembly]
expectations:
  - id: alarm_fast
    category: early_response
    title: Alarm within a minute
    action: alarm
    target_s: 60
    limit_s: 180
  - id: evacuate_right
    category: evacuation
    title: Evacuate to the yard
    action: evacuate
    starts_on: action:alarm
    target_s: 60
    limit_s: 240
    checks:
      - param: to
        equals: yard
  - id: all_out
    category: evacuation
    title: Everyone out
    event: milestone:evacuation_complete
    target_s: 300
    limit_s: 600
"""


def edit(*changes: tuple[str, str]) -> str:
    """SMALL with whole lines replaced: each ``(old, new)`` names a line that occurs once.

    ``new`` may hold several lines (an insertion) or be empty (a deletion).
    """
    lines = SMALL.split("\n")
    for old, new in changes:
        hits = [i for i, line in enumerate(lines) if line == old]
        assert len(hits) == 1, f"{old!r} occurs {len(hits)} times in SMALL"
        i = hits[0]
        lines[i : i + 1] = new.split("\n") if new else []
    return "\n".join(lines)


def after(line: str, extra: str) -> tuple[str, str]:
    """A change that inserts ``extra`` after the unique ``line``."""
    return (line, f"{line}\n{extra}")


def problems_of(checked: Checked) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, p.message("en")) for p in checked.problems]


def _bomb() -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    return "\n".join(lines) + "\n"


ALL_MILESTONES = ", ".join(ENGINE_MILESTONES)
CATEGORIES = (
    "hazmat_vehicle_leak, scaffold_crane_collapse, oil_gas_pipeline_leak, hotel_scenic_spot, "
    "special_equipment, water_traffic, mine, hazardous_chemicals, fireworks, combustible_dust, "
    "city_gas, fire, evacuation, other"
)
NOT_MAPPING = "the top level of a scenario must be a mapping of 'key: value' pairs"
TAG = "YAML tag {} is not allowed: a scenario holds plain data only"
NOT_UTF8 = (
    "the text is not UTF-8 (byte {} here is invalid; the file may be saved as GBK or "
    "Latin-1); save it as UTF-8"
)
NOT_AN_EVENT = (
    "'{}' is not an event; write start, action:<id>, inject:<id>, milestone:<name>, "
    "arrival:<responder> or unsafe:<action>"
)
QUOTE_HINT = 'expected text, but YAML reads {0} as {1}; put it in quotes: "{0}"'


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    expected: list[tuple[int, int, str]]


CASES = [
    # --- YAML syntax ---------------------------------------------------------------------
    Case(
        "indent-key",
        edit(("  daytime: true", " daytime: true")),
        [
            (
                11,
                2,
                "this key does not line up with the keys above it; check the spaces at the "
                "start of the line",
            )
        ],
    ),
    Case(
        "indent-list-item",
        edit(("  - id: warden", " - id: warden")),
        [
            (
                15,
                2,
                "this list item '-' does not line up with the lines above; check the spaces at "
                "the start of the line",
            )
        ],
    ),
    Case(
        "indent-too-deep",
        edit(("    name: Floor warden", "      name: Floor warden")),
        [
            (
                16,
                11,
                "a 'key: value' is not allowed here; check the indentation of the line above, "
                "or quote text that contains a colon",
            )
        ],
    ),
    Case(
        "tab",
        edit(("  wind_from_deg: 90", "\twind_from_deg: 90")),
        [(10, 1, "YAML does not allow tabs for indentation; use spaces")],
    ),
    Case(
        "unclosed-double-quote",
        edit(('start_clock: "09:30"', 'start_clock: "09:30')),
        [(7, 14, "this quoted text has no closing quote")],
    ),
    Case(
        "unclosed-single-quote-at-end",
        edit(
            (
                "    text: The site manager calls and asks what is going on.",
                "    text: 'The site manager calls and asks what is going on.",
            )
        ),
        [(49, 11, "this quoted text has no closing quote")],
    ),
    Case(
        "missing-colon",
        edit(("category: evacuation", "category evacuation")),
        [(6, 1, "expected ':' after a key")],
    ),
    Case(
        "mapping-values-not-allowed",
        edit(
            (
                "summary: Smoke in a small office; the team raises the alarm and gets everyone out.",
                "summary: Smoke: the team raises the alarm",
            )
        ),
        [
            (
                5,
                15,
                "a 'key: value' is not allowed here; check the indentation of the line above, "
                "or quote text that contains a colon",
            )
        ],
    ),
    Case(
        "unclosed-flow-mapping",
        edit(
            (
                "    - {id: office, kind: room, x_m: 0, y_m: 0}",
                "    - {id: office, kind: room, x_m: 0, y_m: 0",
            )
        ),
        [(19, 7, "this '{' has no matching '}'")],
    ),
    Case(
        "unclosed-flow-sequence",
        edit(("    roles: [leader]", "    roles: [leader")),
        [(55, 12, "this '[' has no matching ']'")],
    ),
    Case(
        "unclosed-flow-sequence-at-end",
        SMALL + "sources: [\n",
        [(90, 10, "this '[' has no matching ']'")],
    ),
    Case(
        "stray-closing-bracket",
        edit(("duration_s: 600", "duration_s: ]")),
        [(8, 13, "a stray ']': no bracket before it is open")],
    ),
    Case(
        "duplicate-anchor",
        edit(
            ("    roles: [leader]", "    roles: &who [leader]"),
            ("    requires: [alarm]", "    requires: &who [alarm]"),
        ),
        [(61, 15, "anchor &who is defined twice (first at line 55); give this one another name")],
    ),
    Case(
        "star-without-alias-name",
        edit(('    number: "119"', "    number: * 119")),
        [
            (
                38,
                13,
                "'*' must be followed by an anchor or alias name; quote text that starts with '*'",
            )
        ],
    ),
    Case(
        "reserved-character",
        edit(
            (
                "summary: Smoke in a small office; the team raises the alarm and gets everyone out.",
                "summary: @office smoke",
            )
        ),
        [(5, 10, "a value cannot start with '@'; put the text in quotes")],
    ),
    Case(
        "control-character",
        edit(("    name: Floor warden", "    name: Floor\x00warden")),
        [(16, 16, "the file contains a control character YAML does not allow (U+0000); delete it")],
    ),
    # --- wrong types ----------------------------------------------------------------------
    Case(
        "text-for-number",
        edit(("duration_s: 600", "duration_s: ten minutes")),
        [(8, 13, "expected a number, found text 'ten minutes'")],
    ),
    Case(
        "text-for-whole-number",
        edit(("    count: 5", "    count: five")),
        [(32, 12, "expected a whole number, found text 'five'")],
    ),
    Case(
        "fraction-for-whole-number",
        edit(("    count: 5", "    count: 5.5")),
        [(32, 12, "expected a whole number, found the number 5.5")],
    ),
    Case(
        "number-for-list",
        edit(("    roles: [leader]", "    roles: 5")),
        [(55, 12, "expected a list (- items), found the number 5")],
    ),
    Case(
        "list-for-text",
        edit(
            (
                "summary: Smoke in a small office; the team raises the alarm and gets everyone out.",
                "summary: [smoke, alarm]",
            )
        ),
        [(5, 10, "expected text or {zh: ..., en: ...}, found a list")],
    ),
    Case(
        "text-for-mapping",
        edit(("    premovement: {dist: fixed, value_s: 30}", "    premovement: quick")),
        [(33, 18, "expected a mapping of 'key: value' pairs, found text 'quick'")],
    ),
    Case(
        "text-for-bool",
        edit(("  daytime: true", "  daytime: sometimes")),
        [(11, 12, "expected true or false, found text 'sometimes'")],
    ),
    Case(
        "null-for-number",
        edit(("duration_s: 600", "duration_s:")),
        [(8, 12, "expected a number, found nothing (null)")],
    ),
    Case(
        "number-in-text-list",
        edit(("    roles: [leader]", "    roles: [leader, 7]")),
        [(55, 21, QUOTE_HINT.format("7", "a number"))],
    ),
    Case(
        "not-finite",
        edit(
            (
                "    - {id: hall, kind: corridor, x_m: 10, y_m: 0}",
                "    - {id: hall, kind: corridor, x_m: .inf, y_m: 0}",
            )
        ),
        [(20, 39, "must be a finite number")],
    ),
    # --- YAML 1.1 surprises ---------------------------------------------------------------
    Case(
        "yes-for-text",
        edit(("    name: Floor warden", "    name: yes")),
        [(16, 11, QUOTE_HINT.format("yes", "true"))],
    ),
    Case(
        "no-for-text",
        edit(('    number: "119"', "    number: no")),
        [(38, 13, QUOTE_HINT.format("no", "false"))],
    ),
    Case(
        "on-for-bilingual-text",
        edit(("    text: Smoke comes from under the office door.", "    text: on")),
        [(44, 11, QUOTE_HINT.format("on", "true"))],
    ),
    Case(
        "on-for-choice",
        edit(("  daytime: true", "  daytime: true\n  insolation: on")),
        [(12, 15, "'on' is not allowed; choose one of: strong, moderate, slight")],
    ),
    Case(
        "clock-base-60",
        edit(('start_clock: "09:30"', "start_clock: 10:05")),
        [
            (
                7,
                14,
                "expected text, but YAML 1.1 reads 10:05 as the base-60 number 605; "
                'put it in quotes: "10:05"',
            )
        ],
    ),
    Case(
        "clock-base-60-one-digit",
        edit(('start_clock: "09:30"', "start_clock: 9:30")),
        [
            (
                7,
                14,
                "expected text, but YAML 1.1 reads 9:30 as the base-60 number 570; "
                'put it in quotes: "9:30"',
            )
        ],
    ),
    Case(
        "clock-not-a-time",
        edit(('start_clock: "09:30"', 'start_clock: "25:00"')),
        [(7, 14, '\'25:00\' is not a valid clock time; write "HH:MM" in quotes, e.g. "02:10"')],
    ),
    Case(
        "number-for-id",
        edit(("  - id: warden", "  - id: 2")),
        [(15, 9, QUOTE_HINT.format("2", "a number"))],
    ),
    # --- unknown fields and values --------------------------------------------------------
    Case(
        "unknown-field-misspelt-required",
        edit(("duration_s: 600", "duraton_s: 600")),
        [(8, 1, "unknown field 'duraton_s'; did you mean 'duration_s'?")],
    ),
    Case(
        "unknown-field-nested",
        edit(("    duration_s: 10", "    duraton_s: 10")),
        [(56, 5, "unknown field 'duraton_s'; did you mean 'duration_s'?")],
    ),
    Case(
        "unknown-field-no-hint",
        edit(after("    kind: alarm", "    colour: red")),
        [(53, 5, "unknown field 'colour'")],
    ),
    Case(
        "unknown-field-in-bilingual-text",
        edit(
            (
                "    name: {zh: 班组长, en: Shift leader}",
                "    name: {zh: 班组长, eng: Shift leader}",
            )
        ),
        [(14, 21, "unknown field 'eng'; did you mean 'en'?")],
    ),
    Case(
        "bilingual-text-missing-language",
        edit(("    name: {zh: 班组长, en: Shift leader}", "    name: {zh: 班组长, fr: Chef}")),
        [(14, 5, "missing required field 'en'"), (14, 21, "unknown field 'fr'")],
    ),
    Case(
        "unknown-category",
        edit(("category: evacuation", "category: evacuaton")),
        [
            (
                6,
                11,
                f"'evacuaton' is not allowed; choose one of: {CATEGORIES}; "
                "did you mean 'evacuation'?",
            )
        ],
    ),
    Case(
        "unknown-node-kind",
        edit(
            (
                "    - {id: exit, kind: exit, x_m: 20, y_m: 0}",
                "    - {id: exit, kind: exitt, x_m: 20, y_m: 0}",
            )
        ),
        [
            (
                21,
                24,
                "'exitt' is not allowed; choose one of: room, corridor, stair, lift, exit, "
                "assembly, road, yard, gate, outdoor; did you mean 'exit'?",
            )
        ],
    ),
    Case(
        "unknown-service",
        edit(("    service: fire", "    service: fier")),
        [
            (
                36,
                14,
                "'fier' is not allowed; choose one of: fire, ambulance, police, gas_utility, "
                "hazmat, other; did you mean 'fire'?",
            )
        ],
    ),
    Case(
        "unknown-distribution",
        edit(
            (
                "    premovement: {dist: fixed, value_s: 30}",
                "    premovement: {dist: fixd, value_s: 30}",
            )
        ),
        [
            (
                33,
                18,
                "'fixd' is not a known dist; choose one of: fixed, uniform, normal, lognormal; "
                "did you mean 'fixed'?",
            )
        ],
    ),
    Case(
        "premovement-cap-below-minimum",
        edit(
            (
                "    premovement: {dist: fixed, value_s: 30}",
                "    premovement: {dist: lognormal, median_s: 60, sigma: 0.5, min_s: 40, max_s: 20}",
            )
        ),
        [(33, 69, "min_s (40) must not exceed max_s (20)")],
    ),
    Case(
        "premovement-fixed-above-cap",
        edit(
            (
                "    premovement: {dist: fixed, value_s: 30}",
                "    premovement: {dist: fixed, value_s: 30, max_s: 20}",
            )
        ),
        [(33, 41, "value_s (30) must not exceed max_s (20)")],
    ),
    Case(
        "checklist-covers-an-unknown-expectation",
        edit(
            (
                "    limit_s: 600",
                "    limit_s: 600\nchecklist:\n  - id: ck_alarm\n    item: Alarm in time?\n"
                "    covers: [alarm_fats]",
            )
        ),
        [(93, 14, "there is no expectation with id 'alarm_fats'; did you mean 'alarm_fast'?")],
    ),
    Case(
        "checklist-covers-nothing",
        edit(
            (
                "    limit_s: 600",
                "    limit_s: 600\nchecklist:\n  - id: ck_alarm\n    item: Alarm in time?",
            )
        ),
        [
            (
                91,
                9,
                "a checklist item covers at least one expectation (covers) or outcome (outcomes)",
            )
        ],
    ),
    Case(
        "missing-distribution",
        edit(("    premovement: {dist: fixed, value_s: 30}", "    premovement: {value_s: 30}")),
        [(33, 18, "missing 'dist'; choose one of: fixed, uniform, normal, lognormal")],
    ),
    Case(
        "unknown-format-version",
        edit(("format: 1", "format: 2")),
        [(2, 9, "'2' is not allowed; choose one of: 1")],
    ),
    # --- missing fields, ranges, ids ------------------------------------------------------
    Case(
        "missing-required-top-level",
        edit(
            (
                "summary: Smoke in a small office; the team raises the alarm and gets everyone out.",
                "",
            )
        ),
        [(2, 1, "missing required field 'summary'")],
    ),
    Case(
        "missing-required-in-list-item",
        edit(("    count: 5", "")),
        [(30, 5, "missing required field 'count'")],
    ),
    Case(
        "missing-required-in-nested-mapping",
        edit(
            (
                "    - {id: gate, kind: gate, x_m: 60, y_m: 0}",
                "    - {id: gate, kind: gate, x_m: 60}",
            )
        ),
        [(23, 7, "missing required field 'y_m'")],
    ),
    Case(
        "above-exclusive-maximum",
        edit(("  wind_from_deg: 90", "  wind_from_deg: 360")),
        [(10, 18, "must be less than 360")],
    ),
    Case(
        "below-minimum",
        edit(("    count: 5", "    count: -1")),
        [(32, 12, "must be at least 0")],
    ),
    Case(
        "not-above-zero",
        edit(("duration_s: 600", "duration_s: 0")),
        [(8, 13, "must be greater than 0")],
    ),
    Case(
        "hotkey-too-long",
        edit(("    key: a", "    key: al")),
        [(53, 10, "too long: at most 1 character(s)")],
    ),
    Case(
        "bad-id",
        edit(("id: small-office-fire", "id: small office fire")),
        [
            (
                3,
                5,
                "'small office fire' is not a valid id: use letters, digits, '_', '-' and '.', "
                "up to 64 characters",
            )
        ],
    ),
    # --- references -----------------------------------------------------------------------
    Case(
        "edge-to-unknown-node",
        edit(
            (
                "    - {from: exit, to: yard, kind: open, length_m: 20}",
                "    - {from: exit, to: yrad, kind: open, length_m: 20}",
            )
        ),
        [(27, 24, "there is no node with id 'yrad'; did you mean 'yard'?")],
    ),
    Case(
        "group-at-unknown-node",
        edit(("    node: office", "    node: ofice")),
        [(31, 11, "there is no node with id 'ofice'; did you mean 'office'?")],
    ),
    Case(
        "inject-to-unknown-role",
        edit(("    to: leader", "    to: boss")),
        [(48, 9, "there is no role with id 'boss'")],
    ),
    Case(
        "expectation-unknown-action",
        edit(("    action: alarm", "    action: alarn")),
        [(71, 13, "there is no action with id 'alarn'; did you mean 'alarm'?")],
    ),
    Case(
        "requires-unknown-action",
        edit(("    requires: [alarm]", "    requires: [alarms]")),
        [(61, 16, "there is no action with id 'alarms'; did you mean 'alarm'?")],
    ),
    Case(
        "event-unknown-action",
        edit(("    starts_on: action:alarm", "    starts_on: action:nope")),
        [(78, 16, "there is no action with id 'nope'")],
    ),
    Case(
        "event-unknown-kind",
        edit(("    starts_on: action:alarm", "    starts_on: foo:bar")),
        [
            (78, 16, NOT_AN_EVENT.format("foo:bar")),
        ],
    ),
    Case(
        "event-unknown-inject",
        edit(("    on: action:alarm", "    on: inject:smok")),
        [(46, 9, "there is no inject with id 'smok'; did you mean 'smoke'?")],
    ),
    Case(
        "event-unknown-responder",
        edit(("    on: action:alarm", "    on: arrival:police")),
        [(46, 9, "there is no responder with id 'police'")],
    ),
    Case(
        "unknown-milestone",
        edit(("    event: milestone:evacuation_complete", "    event: milestone:lunch")),
        [(87, 12, f"hazard model 'none' has no milestone 'lunch'; it has: {ALL_MILESTONES}")],
    ),
    Case(
        "unknown-milestone-of-hazard-model",
        edit(
            ("population:", "hazard:\n  model: fire\n  params: {origin: office}\npopulation:"),
            ("    event: milestone:evacuation_complete", "    event: milestone:flashovr"),
        ),
        [
            (
                90,
                12,
                "hazard model 'fire' has no milestone 'flashovr'; it has: "
                f"{ALL_MILESTONES}, {', '.join(MILESTONES['fire'])}; did you mean 'flashover'?",
            )
        ],
    ),
    Case(
        "unknown-hazard-model",
        edit(("population:", "hazard: {model: fier}\npopulation:")),
        [
            (
                29,
                9,
                f"'fier' is not a known model; choose one of: {', '.join(MILESTONES)}; "
                "did you mean 'fire'?",
            )
        ],
    ),
    Case(
        "hazard-parameter-at-unknown-node",
        edit(("population:", "hazard:\n  model: fire\n  params: {origin: offfice}\npopulation:")),
        [(31, 20, "there is no node with id 'offfice'; did you mean 'office'?")],
    ),
    Case(
        "check-of-unknown-parameter",
        edit(("      - param: to", "      - param: place")),
        [(82, 16, "action 'evacuate' has no parameter 'place'")],
    ),
    Case(
        "duplicate-role-id",
        edit(("  - id: warden", "  - id: leader")),
        [(15, 9, "duplicate id 'leader' (first at line 13)")],
    ),
    Case(
        "duplicate-expectation-id",
        edit(("  - id: all_out", "  - id: alarm_fast")),
        [(84, 9, "duplicate id 'alarm_fast' (first at line 68)")],
    ),
    Case(
        "duplicate-hotkey",
        edit(("    key: e", "    key: a")),
        [(59, 10, "hotkey 'a' is already used by action 'alarm'")],
    ),
    Case(
        "reserved-hotkey",
        edit(("    key: e", '    key: "["')),
        [
            (
                59,
                10,
                "hotkey '[' is one the drill screen uses itself (Space pauses, - + = set the "
                "speed, [ ] \\ change floors); choose another key or remove 'key'",
            )
        ],
    ),
    Case(
        "reserved-hotkey-space",
        edit(("    key: a", '    key: " "')),
        [
            (
                53,
                10,
                "hotkey 'Space' is one the drill screen uses itself (Space pauses, - + = set "
                "the speed, [ ] \\ change floors); choose another key or remove 'key'",
            )
        ],
    ),
    # 19 columns: one too many (a plain text is the short label in both languages)
    Case(
        "short-label-too-wide",
        edit(after("    label: Sound the alarm", "    short: Sound the alarm now")),
        [
            (
                55,
                12,
                "the short label of action 'alarm' is 19 columns wide; at most 18 fit (a "
                "Chinese character takes 2)",
            )
        ],
    ),
    # ten Chinese characters take 20 columns; the English one fits
    Case(
        "short-label-too-wide-in-chinese",
        edit(
            after(
                "    label: {zh: 疏散, en: Evacuate}",
                "    short: {zh: 组织全体人员疏散集合, en: Evacuate all}",
            )
        ),
        [
            (
                61,
                17,
                "the short label of action 'evacuate' is 20 columns wide in Chinese; at most "
                "18 fit (a Chinese character takes 2)",
            )
        ],
    ),
    # no short: the panel shows the whole label, which must fit as a short label would
    Case(
        "label-too-wide-without-short",
        edit(("    label: Sound the alarm", "    label: Sound the fire alarm bell")),
        [
            (
                54,
                12,
                "the label of action 'alarm' is 25 columns wide, more than the 18 the actions "
                "panel fits (a Chinese character takes 2); give it a 'short'",
            )
        ],
    ),
    Case(
        "label-too-wide-in-english-without-short",
        edit(
            (
                "    label: {zh: 疏散, en: Evacuate}",
                "    label: {zh: 疏散, en: Evacuate everyone to the yard}",
            )
        ),
        [
            (
                60,
                25,
                "the label of action 'evacuate' is 29 columns wide in English, more than the 18 "
                "the actions panel fits (a Chinese character takes 2); give it a 'short'",
            )
        ],
    ),
    # a short label that fits lets the label be as long as it likes
    Case(
        "label-too-wide-with-short-that-fits",
        edit(
            (
                "    label: {zh: 疏散, en: Evacuate}",
                "    label: {zh: 组织全体人员疏散到集合点, en: Evacuate everyone to the yard}\n"
                "    short: {zh: 疏散, en: Evacuate}",
            ),
            ("    label: Sound the alarm", "    label: Sound the fire alarm bell"),
        ),
        [
            (
                54,
                12,
                "the label of action 'alarm' is 25 columns wide, more than the 18 the actions "
                "panel fits (a Chinese character takes 2); give it a 'short'",
            )
        ],
    ),
    # --- meaning --------------------------------------------------------------------------
    Case(
        "occupied-node-without-way-out",
        edit(("    - {from: hall, to: exit, kind: corridor, length_m: 10}", "")),
        [(30, 11, "'office' has people but no way to any exit or assembly point")],
    ),
    Case(
        "target-after-limit",
        edit(("    target_s: 300", "    target_s: 700")),
        [(88, 15, "target_s (700) must not exceed limit_s (600)")],
    ),
    Case(
        "inject-with-at-and-on",
        edit(after("    on: action:alarm", "    at_s: 10")),
        [(45, 5, "an inject needs exactly one of at_s or after")],
    ),
    Case(
        "inject-with-neither-at-nor-on",
        edit(("    at_s: 0", "")),
        [(42, 5, "an inject needs exactly one of at_s or after")],
    ),
    Case(
        "inject-after-the-end",
        edit(("    at_s: 0", "    at_s: 601")),
        [(43, 11, "at_s (601) is after the end of the drill (duration_s = 600)")],
    ),
    Case(
        "prompt-without-role",
        edit(after("    text: Smoke comes from under the office door.", "    prompt: true")),
        [(45, 13, "a prompt (prompt: true) needs a role in 'to'")],
    ),
    Case(
        "harmful-without-penalty",
        edit(after("    limit_s: 180", "    harmful: true")),
        [(74, 14, "a harmful action (harmful: true) needs a penalty above 0")],
    ),
    Case(
        "stair-half-geometry",
        edit(
            (
                "    - {from: hall, to: exit, kind: corridor, length_m: 10}",
                "    - {from: hall, to: exit, kind: stair, length_m: 10, riser_m: 0.15}",
            )
        ),
        [(26, 7, "a stair gives both riser_m and tread_m, or neither")],
    ),
    # --- tags and aliases -----------------------------------------------------------------
    Case(
        "python-tag",
        edit(("category: evacuation", "category: !!python/object/apply:os.system [echo hi]")),
        [(6, 11, TAG.format("!!python/object/apply:os.system"))],
    ),
    Case(
        "local-tag",
        edit(("category: evacuation", "category: !foo evacuation")),
        [(6, 11, TAG.format("!foo"))],
    ),
    Case(
        "binary-tag",
        edit(('    number: "119"', "    number: !!binary MTE5")),
        [(38, 13, TAG.format("!!binary"))],
    ),
    Case(
        "billion-laughs",
        _bomb(),
        [
            (
                6,
                4,
                "anchors and aliases expand to more than 250000 values; refused "
                "(a 'billion laughs' file)",
            )
        ],
    ),
    Case(
        "recursive-alias",
        edit(("    roles: [leader]", "    roles: &r [*r]")),
        [(55, 12, "an alias refers to the structure that contains it")],
    ),
    Case(
        "undefined-alias",
        edit(("    roles: [leader]", "    roles: *leaders")),
        [(55, 12, "alias *leaders has no anchor &leaders")],
    ),
    # --- file shape -----------------------------------------------------------------------
    Case(
        "duplicate-key",
        edit(after("duration_s: 600", "category: fire")),
        [
            (
                9,
                1,
                "duplicate key 'category' (first at line 6); YAML would silently keep only "
                "the last one",
            )
        ],
    ),
    Case(
        "multiple-documents",
        SMALL + "---\nid: another\n",
        [(90, 1, "the file holds more than one YAML document (---); a scenario file holds one")],
    ),
    Case("empty-file", "", [(1, 1, "the file is empty")]),
    Case("only-comments", "# to do\n\n", [(1, 1, "the file is empty")]),
    Case("top-level-list", "- id: one\n- id: two\n", [(1, 1, NOT_MAPPING)]),
    Case("top-level-text", "just some words\n", [(1, 1, NOT_MAPPING)]),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_mistake_is_reported_exactly(case: Case) -> None:
    checked = check_text(case.text, "drill.yaml")
    assert checked.scenario is None
    assert problems_of(checked) == case.expected
    assert all(p.file == "drill.yaml" for p in checked.problems)


def test_cases_are_distinct_and_many() -> None:
    assert len({c.id for c in CASES}) == len(CASES)
    assert len({c.text for c in CASES}) == len(CASES)
    assert len(CASES) >= 35


def test_small_scenario_is_valid() -> None:
    checked = check_text(SMALL, "drill.yaml")
    assert checked.problems == []
    assert checked.scenario is not None
    assert checked.scenario.id == "small-office-fire"


def test_clock_with_leading_zero_is_text() -> None:
    # YAML 1.1 base-60 numbers start with 1-9, so 09:30 stays text and needs no quotes.
    checked = check_text(edit(('start_clock: "09:30"', "start_clock: 09:30")), "drill.yaml")
    assert checked.scenario is not None
    assert checked.scenario.start_clock == "09:30"


ZH_CASES = [
    ("yes-for-text", [(16, 11, '这里需要文本，但 YAML 把 yes 读成了 true；请加引号："yes"')]),
    (
        "clock-base-60",
        [(7, 14, '这里需要文本，但 YAML 1.1 把10:05当作六十进制数字605；请加引号："10:05"')],
    ),
    ("unknown-field-misspelt-required", [(8, 1, "未知字段“duraton_s”；是否想写“duration_s”？")]),
    ("edge-to-unknown-node", [(27, 24, "没有 id 为“yrad”的地点；是否想写“yard”？")]),
    ("duplicate-role-id", [(15, 9, "重复的 id“leader”（第一次出现在第13行）")]),
    ("target-after-limit", [(88, 15, "target_s（700）不能大于 limit_s（600）")]),
    ("tab", [(10, 1, "YAML 不允许用 Tab 缩进；请改用空格")]),
    (
        "python-tag",
        [(6, 11, "不允许使用 YAML 标签 !!python/object/apply:os.system：场景文件只能包含纯数据")],
    ),
    (
        "unknown-distribution",
        [
            (
                33,
                18,
                "“fixd”不是已知的 dist；可选：fixed, uniform, normal, lognormal；是否想写“fixed”？",
            )
        ],
    ),
    ("empty-file", [(1, 1, "文件是空的")]),
    (
        "reserved-hotkey-space",
        [
            (
                53,
                10,
                "快捷键“空格”由演练界面自身使用（空格暂停，- + = 调整倍速，[ ] \\ 切换楼层），"
                "请换一个键或删去 key",
            )
        ],
    ),
    (
        "label-too-wide-in-english-without-short",
        [
            (
                60,
                25,
                "动作“evacuate”的英文名称占29列，超过18列（一个汉字占2列），动作面板放不下，"
                "请加一个简称（short）",
            )
        ],
    ),
]


@pytest.mark.parametrize(("case_id", "expected"), ZH_CASES, ids=[c for c, _ in ZH_CASES])
def test_mistake_is_reported_in_chinese(case_id: str, expected: list[tuple[int, int, str]]) -> None:
    case = next(c for c in CASES if c.id == case_id)
    checked = check_text(case.text, "drill.yaml")
    assert [(p.line, p.col, p.message("zh")) for p in checked.problems] == expected


# --- bytes: size and encodings -----------------------------------------------------------


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    padding = "# " + "x" * 78 + "\n"
    text = SMALL + padding * (MAX_BYTES // len(padding) + 1)
    size = len(text.encode("utf-8"))
    assert size > MAX_BYTES
    message = f"file is too large ({size} bytes); a scenario may be at most {MAX_BYTES} bytes"
    assert problems_of(check_bytes(text.encode("utf-8"), "big.yaml")) == [(1, 1, message)]
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    assert problems_of(check_file(path)) == [(1, 1, message)]


def test_file_of_exactly_the_limit_is_read() -> None:
    padding = "#" * (MAX_BYTES - len(SMALL.encode("utf-8")) - 1) + "\n"
    raw = (SMALL + padding).encode("utf-8")
    assert len(raw) == MAX_BYTES
    assert check_bytes(raw, "edge.yaml").scenario is not None


def test_latin1_byte_is_located() -> None:
    text = edit(("    name: Floor warden", "    name: Floor warden café"))
    raw = _mixed_latin1(text)
    assert problems_of(check_bytes(raw, "f.yaml")) == [(16, 27, NOT_UTF8.format("0xE9"))]


def _mixed_latin1(text: str) -> bytes:
    """UTF-8 for the Chinese lines, Latin-1 for the é: what an editor that guessed wrong saves."""
    return text.encode("utf-8").replace("é".encode(), "é".encode("latin-1"))


def test_gbk_file_is_located_by_character_column() -> None:
    # 小 is D0 A1 in GBK, which happens to be valid UTF-8 (one character); 办 (B0 EC) is not.
    raw = SMALL.encode("gbk")
    assert problems_of(check_bytes(raw, "f.yaml")) == [(4, 14, NOT_UTF8.format("0xB0"))]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_file_is_named(encoding: str) -> None:
    raw = SMALL.encode(encoding)
    assert problems_of(check_bytes(raw, "f.yaml")) == [
        (1, 1, "the file is saved as UTF-16; save it as UTF-8")
    ]


def test_byte_order_mark_is_accepted() -> None:
    assert check_bytes(b"\xef\xbb\xbf" + SMALL.encode("utf-8"), "f.yaml").scenario is not None


# --- files and the exception ---------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    checked = check_file(tmp_path / "nowhere.yaml", display="nowhere.yaml")
    assert [p.format("en") for p in checked.problems] == ["nowhere.yaml:1:1: file not found"]


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    checked = check_file(tmp_path, display="drills")
    assert [p.format("en") for p in checked.problems] == [
        "drills:1:1: this is a folder, not a scenario file"
    ]


def test_load_scenario_raises_with_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text(
        edit(("    count: 5", "    count: five"), ("    to: leader", "    to: boss")),
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, display="two.yaml")
    assert info.value.format("en").splitlines() == [
        "two.yaml:32:12: expected a whole number, found text 'five'",
        "two.yaml:48:9: there is no role with id 'boss'",
    ]
    assert str(info.value) == "two.yaml:32:12: expected a whole number, found text 'five'"


def test_tag_is_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = edit(
        (
            "category: evacuation",
            f"category: !!python/object/apply:os.system [touch {marker}]",
        )
    )
    check_text(text, "f.yaml")
    assert not marker.exists()


# --- the command line ---------------------------------------------------------------------

FIVE_MISTAKES = edit(
    ("category: evacuation", "category: evacuaton"),
    ("    count: 5", "    count: five"),
    ("    to: leader", "    to: boss"),
    ("    starts_on: action:alarm", "    starts_on: foo:bar"),
    ("    target_s: 300", "    target_s: 700"),
)


def test_validate_prints_one_line_per_mistake(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "five.yaml").write_text(FIVE_MISTAKES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    given = os.path.join(".", "five.yaml")
    assert main(["--lang", "en", "validate", given]) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"{given}:6:11: 'evacuaton' is not allowed; choose one of: {CATEGORIES}; "
        "did you mean 'evacuation'?",
        f"{given}:32:12: expected a whole number, found text 'five'",
        f"{given}:48:9: there is no role with id 'boss'",
        f"{given}:78:16: {NOT_AN_EVENT.format('foo:bar')}",
        f"{given}:88:15: target_s (700) must not exceed limit_s (600)",
    ]


def test_validate_real_entry_point_on_five_mistakes(tmp_path: Path) -> None:
    path = tmp_path / "five.yaml"
    path.write_text(FIVE_MISTAKES, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--lang", "en", "validate", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{path}:6:11",
        f"{path}:32:12",
        f"{path}:48:9",
        f"{path}:78:16",
        f"{path}:88:15",
    ]
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_bundled_scenario_validates(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "validate", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"{path}: valid\n"


def test_there_are_bundled_scenarios() -> None:
    assert BUNDLED, "scenarios/*.yaml is empty"


def test_a_hazard_trigger_must_name_an_action_or_a_responder(tmp_path: Path) -> None:
    """closed_by / main_closed_by ids are checked like any other reference."""
    bundled = Path(__file__).resolve().parent.parent / "scenarios" / "gas-pipeline-leak.yaml"
    text = bundled.read_text(encoding="utf-8")
    assert "closed_by: [close_building_valve" in text
    broken = tmp_path / "gas.yaml"
    broken.write_text(
        text.replace("closed_by: [close_building_valve", "closed_by: [close_bulding_valve"),
        encoding="utf-8",
    )
    checked = check_file(broken)
    assert [p.message("en") for p in checked.problems] == [
        "there is no action or responder with id 'close_bulding_valve'; "
        "did you mean 'close_building_valve'?"
    ]


def test_the_check_and_the_screens_reserve_the_same_keys() -> None:
    """Every one-character key the drill screen, a seat or the app binds is in
    ``sim.RESERVED_KEYS``, which the scenario check refuses as an action's ``key``."""
    from sim import RESERVED_KEYS
    from tui import bindings
    from tui.screens.drill import screen_keys
    from tui.widgets.seatview import SEAT_BINDINGS

    assert screen_keys() <= RESERVED_KEYS
    names = {"left_square_bracket": "[", "right_square_bracket": "]"}
    seat = {
        names.get(k.strip(), k.strip())
        for b in [*SEAT_BINDINGS, *bindings.APP]
        for k in b.key.split(",")
    }
    assert {k for k in seat if len(k) == 1} <= RESERVED_KEYS


def test_the_short_label_check_counts_cells_as_the_terminal_draws_them() -> None:
    """The check (sim, which does not import the terminal library) and the screens (rich)
    measure every label and short label of every bundled scenario and template alike."""
    from rich.cells import cell_len

    import sim
    from sim.linebreak import cell_width

    paths = sorted(sim.bundled_dir().glob("*.yaml")) + sorted(
        (sim.bundled_dir() / "templates").glob("*.yaml")
    )
    texts = {"消防员 No.1", "Ⅲ级", "１２３", "é", "ｱ"}
    for path in paths:
        for action in load_scenario(path).actions:
            for text in (action.label, action.short):
                if text is not None:
                    texts.update((text.zh, text.en))
    assert len(texts) > 100
    differ = {t: (cell_width(t), cell_len(t)) for t in texts if cell_width(t) != cell_len(t)}
    assert not differ
