"""One string catalogue for all of drillsim, in zh and en.

Every sentence drillsim says lives in one table per domain (``scenario``, ``engine``,
``labels``, ``app``, ``authoring``, ``records``, ``records_cli``, ``paperwork``, ``city``), as
``{key: (zh, en)}``; ``labels`` names the concepts every surface shows, once. One function looks a key up: ``tr(key, lang, **kwargs)``. The tables
are assembled on first use; a key in two tables is an error. Why this shape, and how to add
a string or a language: docs/i18n.md.
"""

from __future__ import annotations

from sim.i18n.catalogue import FALLBACK, LANGS, DuplicateKeyError, add_language, has, tr
from sim.i18n.concepts import (
    category_label,
    cause_label,
    grade_label,
    milestone_label,
    score_category_label,
    threshold_label,
)
from sim.i18n.phrase import Joined, Label, OrList, Phrase, Sentence, WithHint, label

__all__ = [
    "FALLBACK",
    "LANGS",
    "DuplicateKeyError",
    "Joined",
    "Label",
    "OrList",
    "Phrase",
    "Sentence",
    "WithHint",
    "add_language",
    "category_label",
    "cause_label",
    "grade_label",
    "has",
    "label",
    "milestone_label",
    "score_category_label",
    "threshold_label",
    "tr",
]
