"""The one string catalogue (sim.i18n): both languages everywhere, one definition per key,
one wording per text, lazy assembly, and room for a further language."""

from __future__ import annotations

import ast
import re
import string
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

import sim.i18n.catalogue as catalogue_module
from sim.i18n import (
    LANGS,
    DuplicateKeyError,
    Phrase,
    add_language,
    category_label,
    grade_label,
    has,
    milestone_label,
    score_category_label,
    tr,
)
from sim.i18n.catalogue import TABLES, Catalogue, load_tables

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "sim" / "i18n"


def _entries() -> Iterator[tuple[str, str, tuple[str, ...]]]:
    for name, table in load_tables().items():
        for key, texts in table.items():
            yield name, key, texts


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_key_has_a_non_empty_text_in_zh_and_en() -> None:
    assert LANGS == ("zh", "en")
    count = 0
    for name, key, texts in _entries():
        assert len(texts) == len(LANGS), (name, key)
        assert all(isinstance(t, str) and t.strip() for t in texts), (name, key)
        count += 1
    assert count > 1000


STOREY_KEYS = frozenset({"map_floor", "map_basement"})
"""Chinese names a floor by its storey alone, counted from 1 at the ground (floor 1 is
"2层", floor -1 "地下1层": never the engine's floor index); the English map names it by the
scenario's floor index. Only these keys may have a placeholder in one language that the
other lacks."""


def test_zh_and_en_use_the_same_placeholders() -> None:
    differ = [(name, key) for name, key, (zh, en) in _entries() if _fields(zh) != _fields(en)]
    assert sorted(k for _, k in differ) == sorted(STOREY_KEYS)
    for _, key, (zh, en) in _entries():
        if key in STOREY_KEYS:
            assert _fields(zh) == {"storey"} and _fields(en) == {"floor"}, key


def test_no_key_is_defined_in_two_tables() -> None:
    seen: dict[str, str] = {}
    twice = []
    for name, key, _ in _entries():
        if key in seen:
            twice.append((key, seen[key], name))
        seen[key] = name
    assert twice == []
    assert len(Catalogue(load_tables()).origin) == len(seen)


def test_a_key_in_two_tables_is_an_error_at_assembly() -> None:
    tables = {"one": {"a": ("甲", "a"), "b": ("乙", "b")}, "two": {"b": ("乙", "bee")}}
    with pytest.raises(DuplicateKeyError) as err:
        Catalogue(tables)
    assert err.value.key == "b" and err.value.tables == ("one", "two")
    assert "sim.i18n.one" in str(err.value) and "sim.i18n.two" in str(err.value)


def test_a_row_without_every_language_is_an_error_at_assembly() -> None:
    with pytest.raises(ValueError, match="'a' needs 2 texts"):
        Catalogue({"one": {"a": ("甲",)}})


def test_no_two_keys_say_the_same_thing_in_both_languages() -> None:
    by_text: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for _, key, texts in _entries():
        by_text[texts].append(key)
    same = {texts: keys for texts, keys in by_text.items() if len(keys) > 1}
    assert same == {}


def test_tables_are_plain_data_that_import_nothing() -> None:
    """A table that imported another module could depend on import order again."""
    for name in TABLES:
        tree = ast.parse((I18N / f"{name}.py").read_text(encoding="utf-8"))
        imports = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
        assert [getattr(n, "module", None) for n in imports] == ["__future__"], name
        assigned = [n for n in tree.body if isinstance(n, ast.AnnAssign | ast.Assign)]
        assert len(assigned) == 1, name
        assert isinstance(assigned[0].value, ast.Dict), name


def test_a_phrase_works_in_a_fresh_interpreter_without_the_engine() -> None:
    code = (
        "import sys\n"
        "from sim.i18n import Phrase\n"
        "p = Phrase('refuse_busy', role='R', current='C', until='9:00')\n"
        "print(p.render('en'))\n"
        "print('sim.actions' in sys.modules, 'sim.drill' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout.splitlines()
    assert out == ["R is busy with 'C' until 9:00", "False False"]


def test_an_unknown_key_is_refused() -> None:
    with pytest.raises(KeyError):
        Phrase("no_such_key_anywhere")
    with pytest.raises(KeyError):
        tr("no_such_key_anywhere", "en")
    assert not has("no_such_key_anywhere")


def test_a_phrase_renders_its_phrase_arguments_in_the_same_language() -> None:
    inner = Phrase("or")
    outer = Phrase("yaml_syntax", detail=inner)
    assert outer.render("zh") == "YAML 语法错误：或"
    assert outer.render("en") == "YAML syntax error: or"


def test_a_further_language_is_one_column(monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding a language touches no table: a column of the keys it translates; keys it lacks
    are shown in English."""
    monkeypatch.setattr(catalogue_module, "_catalogue", Catalogue(load_tables()))
    add_language("fr", {"refuse_busy": "{role} est occupé par « {current} » jusqu'à {until}"})
    busy = tr("refuse_busy", "fr", role="R", current="C", until="9:00")
    assert busy == "R est occupé par « C » jusqu'à 9:00"
    assert Phrase("refuse_finished").render("fr") == tr("refuse_finished", "en")
    with pytest.raises(KeyError, match="not_a_key"):
        add_language("fr", {"not_a_key": "x"})
    monkeypatch.undo()
    assert tr("refuse_finished", "fr") == tr("refuse_finished", "en")  # the real catalogue
    assert "fr" not in catalogue_module.catalogue().columns


def _literal_keys() -> Iterator[tuple[str, int, str]]:
    for path in [*(ROOT / "sim").rglob("*.py"), *(ROOT / "tui").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"tr", "Phrase", "RecordsError"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                yield str(path.relative_to(ROOT)), node.lineno, node.args[0].value


def _template_keys() -> Iterator[tuple[str, int, str]]:
    """Keys the report templates look up with ``t("key")``."""
    for path in (ROOT / "sim" / "records" / "templates").glob("*"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for key in re.findall(r"\bt\(\s*[\"']([A-Za-z0-9_]+)[\"']", line):
                yield str(path.relative_to(ROOT)), n, key


def test_every_key_the_code_names_is_in_the_catalogue() -> None:
    keys = list(_literal_keys())
    assert len(keys) > 800
    assert [k for k in keys if not has(k[2])] == []
    in_templates = list(_template_keys())
    assert len(in_templates) > 20
    assert [k for k in in_templates if not has(k[2])] == []


def test_every_key_the_city_dashboard_names_is_in_the_catalogue() -> None:
    """The dashboard's templates look keys up with ``tr("key")``; its period links name
    theirs in a ``("period", "key")`` pair."""
    keys = []
    for path in (ROOT / "sim" / "city" / "templates").glob("*.html"):
        text = path.read_text(encoding="utf-8")
        keys += re.findall(r"\btr\(\s*[\"']([A-Za-z0-9_]+)[\"']", text)
        keys += re.findall(r"\(\"[a-z]+\", \"([A-Za-z0-9_]+)\"\)", text)
    assert len(keys) > 30
    assert {"dash_period_week", "history_any", "pw_count_people"} <= set(keys)
    assert [k for k in keys if not has(k)] == []


def test_the_old_lookups_are_gone() -> None:
    for old in (
        "tui/strings.py",
        "tui/records_strings.py",
        "tui/authoring_strings.py",
        "sim/messages.py",
        "sim/phrases.py",
        "sim/records/strings.py",
        "sim/records/paperwork/strings.py",
        "sim/city/strings.py",
        "tui/city_cli.py",
    ):
        assert not (ROOT / old).exists(), old


def test_concepts_are_named_once_for_every_surface() -> None:
    assert grade_label("优", "en") == "excellent" and grade_label("差", "zh") == "差"
    assert grade_label(None, "en") == "" and grade_label("?", "en") == "?"
    assert category_label("fire", "zh") == "火灾" and category_label("moon", "en") == "moon"
    assert category_label(None, "en") == ""
    assert score_category_label("evacuation", "zh") == "疏散撤离"
    assert milestone_label("evacuation_complete", "zh") == "全部人员已撤离到安全地点"
    assert milestone_label("smoke_reached_stair", "en") == "smoke reached stair"
