"""Property tests beyond scenarios: whatever a playbook, a keymap or a journal holds,
reading it gives steps, a keymap or a journal, or a clean error naming the file, never
another exception; a forged journal line with a valid checksum never crashes a replay."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.bounded import ReadError
from sim.loader import ScenarioError
from sim.playbook import load_playbook, parse_playbook
from sim.records import RecordsError
from sim.records.journal import OPS, Recorder, encode_line, read_journal, replay
from tests.records.helpers import scenario, steps
from tui.bindings import APP, read_keymap
from tui.screens.help import key_text

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = (ROOT / "scenarios" / "playbooks" / "workshop-evacuation" / "late.yaml").read_text(
    encoding="utf-8"
)
PLAYBOOK_LINES = PLAYBOOK.splitlines(keepends=True)
_, SCENARIO = scenario("workshop-evacuation")

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
INSERTS = ["- ", ": ", "at: ", "by: ", "action: ", "\t", "[", "]", "{", "&a ", "*a", "'", '"', "#"]


def _check_playbook(text: str) -> None:
    try:
        found = parse_playbook(text, "fuzz.yaml", SCENARIO)
    except ScenarioError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.file == "fuzz.yaml" and p.line >= 1 and p.col >= 1
            assert p.format("zh") and p.format("en")
        return
    assert all(step.at_s >= 0 for step in found)


@FUZZ
@given(st.integers(0, len(PLAYBOOK_LINES)), st.sampled_from(INSERTS), st.text(max_size=10))
def test_playbook_with_an_insertion(line: int, insert: str, extra: str) -> None:
    lines = list(PLAYBOOK_LINES)
    lines.insert(line, insert + extra + "\n")
    _check_playbook("".join(lines))


@FUZZ
@given(JSON)
def test_playbook_of_any_json_value(value: Any) -> None:
    _check_playbook(json.dumps(value))


@FUZZ
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(
                ["at", "by", "action", "inject", "facilitator", "to", "scope", "params"]
            ),
            JSON,
            max_size=5,
        ),
        max_size=5,
    )
)
def test_playbook_steps_of_any_shape(items: list[dict[str, Any]]) -> None:
    _check_playbook(json.dumps(items))


@FUZZ
@given(st.binary(max_size=2048))
def test_playbook_file_of_random_bytes(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pb.yaml"
        path.write_bytes(raw)
        try:
            load_playbook(path, SCENARIO)
        except ScenarioError as exc:
            assert all(p.file == str(path) for p in exc.problems)


@FUZZ
@given(st.one_of(st.binary(max_size=512), JSON.map(lambda v: json.dumps(v).encode())))
def test_keymap_of_anything(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "keymap.json"
        path.write_bytes(raw)
        try:
            keymap = read_keymap(path)
        except ReadError as exc:
            assert str(path) in exc.render("en") and str(path) in exc.render("zh")
            return
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in keymap.items())
    for binding in APP:
        assert isinstance(key_text(binding, keymap), str)


def _journal() -> tuple[Path, list[bytes]]:
    """A short unfinished journal in this test's records folder: its path and lines."""
    path, sc = scenario("workshop-evacuation")
    rec = Recorder.start(sc, path, seed=3, record=False)
    for step in steps("workshop-evacuation", "late")[:3]:
        rec.apply_step(step)
    rec.close()
    return rec.journal_path, rec.journal_path.read_bytes().splitlines(keepends=True)


def _read_and_replay(path: Path) -> None:
    try:
        read = read_journal(path)
    except RecordsError as exc:
        assert exc.render("zh") and exc.render("en")
        return
    for skipped in read.skipped:
        assert skipped.render("en") and skipped.render("zh")
    try:
        replay(path, read=read)
    except RecordsError as exc:
        assert exc.render("zh") and exc.render("en")


JOURNAL_FUZZ = settings(FUZZ, max_examples=60)


@JOURNAL_FUZZ
@given(data=st.data())
def test_journal_with_damaged_bytes(data: st.DataObject) -> None:
    path, lines = _journal()
    i = data.draw(st.integers(0, len(lines) - 1))
    junk = data.draw(st.binary(max_size=40))
    at = data.draw(st.integers(0, len(lines[i])))
    lines[i] = lines[i][:at] + junk + lines[i][at:]
    path.write_bytes(b"".join(lines))
    _read_and_replay(path)


OP_ARGS = st.fixed_dictionaries(
    {},
    optional={
        "action": st.sampled_from(["alarm", "evacuate", "sweep", "report", "nope"]) | JSON,
        "by": st.sampled_from(["leader", "warden", "x"]) | JSON,
        "params": st.dictionaries(
            st.sampled_from(["to", "scope", "route", "elements", "x"]), JSON, max_size=3
        )
        | JSON,
        "inject": st.sampled_from(["smoke", "x"]) | JSON,
        "text": st.text(max_size=10) | JSON,
        "to": st.sampled_from(["leader", None]) | JSON,
        "kind": st.sampled_from(["pause", "resume", "speed", "end", "x"]) | JSON,
        "data": st.dictionaries(st.sampled_from(["speed", "at_s", "x"]), JSON, max_size=2) | JSON,
    },
)


@JOURNAL_FUZZ
@given(
    op=st.sampled_from(OPS) | st.text(max_size=5),
    args=OP_ARGS,
    t_s=st.floats(min_value=0, max_value=1000) | JSON,
    header_change=st.dictionaries(
        st.sampled_from(["seed", "platoon_limit", "speed", "participants", "scenario", "session"]),
        JSON,
        max_size=2,
    ),
)
def test_journal_with_forged_lines(
    op: str, args: dict[str, Any], t_s: Any, header_change: dict[str, Any]
) -> None:
    path, lines = _journal()
    objs = [json.loads(line) for line in lines]
    for o in objs:
        o.pop("crc", None)
    objs[0].update(header_change)
    n = sum(1 for o in objs if o.get("type") == "input") + 1
    objs.append(
        {"type": "input", "n": n, "t_s": t_s, "op": op, "args": args, "accepted": None, "wall": ""}
    )
    try:
        data = b"".join(encode_line(o) for o in objs)
    except (TypeError, ValueError):
        return
    path.write_bytes(data)
    _read_and_replay(path)
