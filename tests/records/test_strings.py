"""Every records string exists in both languages with the same placeholders."""

from __future__ import annotations

import string

import pytest

from sim.i18n.paperwork import TABLE as PAPERWORK
from sim.i18n.records import TABLE as RECORDS
from sim.i18n.records_cli import TABLE as CLI


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize(
    "catalogue",
    [RECORDS, CLI, PAPERWORK],
    ids=["sim.records", "tui.records", "sim.records.paperwork"],
)
def test_both_languages_with_the_same_placeholders(catalogue: dict[str, tuple[str, str]]) -> None:
    for key, (zh, en) in catalogue.items():
        assert zh.strip() and en.strip(), key
        assert _fields(zh) == _fields(en), key
