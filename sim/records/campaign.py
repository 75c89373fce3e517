"""What the campaign's statistics table asks of each drill beyond its result: how many
people took part, the drill's level and its type.

- 参演人数, the people who took part. The team says it at setup (``--participants-count``
  on the command line); otherwise it is the people named at the seats, or the number of
  roles played when nobody was named, whichever is larger.
- Level (演练级别): 班组 (team or shift), 车间 (workshop), 企业 (enterprise). The 2024
  campaign notice asks front-line teams and workshops to drill their on-site response
  procedures and every enterprise to hold one drill led by its management
  (reference: 2024 安全生产月应急演练专题行活动通知, 二.3 and 三.(二)).
- Type (演练类型), by the plan it exercises (GB/T 29639-2020 5: 综合应急预案, 专项应急预案,
  现场处置方案): 综合 (comprehensive), 专项 (special), 现场处置 (on-site response). When the
  team does not say, a team- or workshop-level drill is an on-site response drill and an
  enterprise-level drill a special one.
- Form (演练形式): always 桌面推演 (tabletop) for drillsim.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

DRILL_LEVELS: tuple[str, ...] = ("team", "workshop", "enterprise")
DRILL_KINDS: tuple[str, ...] = ("comprehensive", "special", "onsite")
DEFAULT_LEVEL = "team"
DEFAULT_KIND_OF_LEVEL: dict[str, str] = {
    "team": "onsite",
    "workshop": "onsite",
    "enterprise": "special",
}


def drill_kind_of(level: str, kind: str = "") -> str:
    """The drill's type: the one given, else the default for its level."""
    if kind in DRILL_KINDS:
        return kind
    return DEFAULT_KIND_OF_LEVEL.get(level or DEFAULT_LEVEL, "onsite")


def roles_played(events: Iterable[Mapping[str, Any]]) -> int:
    """How many roles acted in a drill's log (an action or a refused action by it)."""
    return len(
        {str(e["by"]) for e in events if e.get("kind") in ("action", "refused") and e.get("by")}
    )


def participants_count(
    stated: int | None, named: Iterable[str], events: Iterable[Mapping[str, Any]]
) -> int:
    """参演人数: what the team said, else the larger of the named people and the roles played."""
    if stated is not None and stated > 0:
        return int(stated)
    names = {n.strip() for n in named if n and n.strip()}
    return max(len(names), roles_played(events))
