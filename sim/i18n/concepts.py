"""The names of the concepts every surface shows (the app, the command line, the report, the
export, the paperwork): drill categories, grades, milestones and score categories. Each is
named once in the catalogue and looked up here, so the app and the report cannot drift."""

from __future__ import annotations

from sim.i18n.catalogue import has, tr

GRADE_KEYS: dict[str, str] = {
    "优": "grade_excellent",
    "良": "grade_good",
    "一般": "grade_fair",
    "差": "grade_poor",
}
"""The catalogue key of each grade as scoring writes it (sim.scoring.GRADE_BANDS)."""


def category_label(category: str | None, lang: str) -> str:
    """The drill type (campaign category) of a scenario category, in ``lang``; the category
    itself when the catalogue lacks it, and "" for none."""
    if not category:
        return ""
    key = f"dc_{category}"
    return tr(key, lang) if has(key) else category


def grade_label(grade: str | None, lang: str) -> str:
    """A grade (优/良/一般/差 as scoring gives it) in ``lang``; "" for none."""
    if not grade:
        return ""
    key = GRADE_KEYS.get(grade)
    return tr(key, lang) if key else grade


def milestone_label(name: str, lang: str) -> str:
    """A milestone's name in ``lang`` (its id with spaces when the catalogue lacks it)."""
    key = f"ms_{name}"
    return tr(key, lang) if has(key) else name.replace("_", " ")


def threshold_label(threshold: str, lang: str) -> str:
    """A hazard threshold's short name (a model's own levels: smoke, untenable, 25 %LEL…);
    its id when the catalogue lacks it (a scenario's own thresholds carry their labels)."""
    key = f"threshold_{threshold}"
    return tr(key, lang) if has(key) else threshold


def cause_label(cause: str, lang: str) -> str:
    """What harmed people, from the harm event's cause: ``dose:<substance>``,
    ``explosion:<ignition>``, ``gas_fire:<ignition>``, ``secondary_collapse``…"""
    head, _, tail = str(cause).partition(":")
    if head == "dose":
        sub = f"substance_{tail}"
        return tr("cause_dose", lang, what=tr(sub, lang) if has(sub) else tail)
    key = f"cause_{head}"
    return tr(key, lang) if has(key) else str(cause).replace("_", " ")


def score_category_label(category: str, lang: str) -> str:
    """A score category's name (信息报告, 疏散撤离, 先期处置, 处置结果) in ``lang``."""
    return tr(f"cat_{category}", lang)
