"""Property tests: whatever a file holds, checking it never raises and every problem has a
position inside the file and a message in both languages."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.loader import Checked, check_bytes, check_text
from sim.scenario import Scenario

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "scenarios" / "workshop-evacuation.yaml").read_text(encoding="utf-8")
LINES = SAMPLE.splitlines(keepends=True)

FUZZ = settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

INSERTS = [":", "-", "- ", ": ", "&a ", "*a", "\t", " ", "  ", "#", '"', "'", "[", "]", "{", "}"]
SCALARS = st.one_of(
    st.sampled_from(
        ["yes", "no", "on", "off", "~", "null", "10:05", "1e400", ".nan", "-.inf", "0x1F"]
    ),
    st.sampled_from(["2024-06-01", "[]", "{}", "''", "!!str 5", "*a", "&a x", "|", ">-"]),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(max_size=12),
)


def assert_well_formed(checked: Checked, text: str | None) -> None:
    """Either a scenario and no problems, or no scenario and positioned problems."""
    if checked.scenario is not None:
        assert isinstance(checked.scenario, Scenario)
        assert checked.problems == []
        return
    assert checked.problems, "an invalid file must say why"
    n_lines = (text.count("\n") + 1) if text is not None else None
    for p in checked.problems:
        assert p.file == "fuzz.yaml"
        assert p.line >= 1
        assert p.col >= 1
        if n_lines is not None:
            assert p.line <= n_lines + 1, p
        for lang in ("en", "zh"):
            message = p.message(lang)
            assert message.strip(), p
            assert p.format(lang).startswith(f"fuzz.yaml:{p.line}:{p.col}: ")


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes(raw: bytes) -> None:
    assert_well_formed(check_bytes(raw, "fuzz.yaml"), None)


@FUZZ
@given(st.text(max_size=400))
def test_random_text(text: str) -> None:
    assert_well_formed(check_text(text, "fuzz.yaml"), text)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """The sample scenario with one to four small edits of the kind people make by hand."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        op = draw(
            st.sampled_from(
                ["delete", "duplicate", "swap", "insert", "indent", "dedent", "value", "move"]
            )
        )
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, line)
        elif op == "swap" and len(line) > 2:
            j = draw(st.integers(0, len(line) - 2))
            lines[i] = line[:j] + line[j + 1] + line[j] + line[j + 2 :]
        elif op == "insert":
            j = draw(st.integers(0, len(line)))
            lines[i] = line[:j] + draw(st.sampled_from(INSERTS)) + line[j:]
        elif op == "indent":
            lines[i] = " " * draw(st.integers(1, 3)) + line
        elif op == "dedent":
            lines[i] = line[draw(st.integers(1, 3)) :] if line.startswith(" ") else line
        elif op == "value" and ": " in line:
            key, _, _ = line.partition(": ")
            lines[i] = f"{key}: {draw(SCALARS)}\n"
        elif op == "move":
            j = draw(st.integers(0, len(lines) - 1))
            lines.insert(j, lines.pop(i))
        if not lines:
            break
    return "".join(lines)


@FUZZ
@given(mutated())
def test_mutated_scenario(text: str) -> None:
    assert_well_formed(check_text(text, "fuzz.yaml"), text)


@FUZZ
@given(mutated(), st.sampled_from(["utf-8", "utf-16", "gbk", "latin-1"]))
def test_mutated_scenario_as_bytes(text: str, encoding: str) -> None:
    raw = text.encode(encoding, errors="replace")
    assert_well_formed(check_bytes(raw, "fuzz.yaml"), None)


def test_sample_is_valid() -> None:
    """The mutations start from a valid file, so a problem always comes from an edit."""
    checked = check_text(SAMPLE, "fuzz.yaml")
    assert checked.problems == []
