"""Named exposure levels, read by id: what each published tier means.

A scenario lists its levels in ascending order of value; the engine counts time at each.
What a level *means* is read from its id, never from its position, so adding a level (IDLH
between AEGL-2 and AEGL-3, say) changes no other level's meaning.

Tiers of the public guideline families (the same three-tier scheme in each):

- AEGL-1/2/3: NRC, *Acute Exposure Guideline Levels for Selected Airborne Chemicals*
  (vol. 1, 2001, preface): 1 discomfort, 2 irreversible or other serious effects or an
  impaired ability to escape, 3 life-threatening effects or death.
- ERPG-1/2/3: AIHA, *Emergency Response Planning Guidelines* (same three tiers).
- PAC-1/2/3 and TEEL-1/2/3: US DOE Protective Action Criteria (same three tiers).

IDLH (NIOSH) and %LEL levels are recognised ids without a tier: they mark what a scenario
uses them for (the untenable flag, a detector alarm), not harm.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["LETHAL_TIER", "SERIOUS_TIER", "level_by_tier", "tier_of"]

SERIOUS_TIER = 2
"""Irreversible or serious effects, impaired escape (AEGL-2, ERPG-2, PAC-2)."""
LETHAL_TIER = 3
"""Life-threatening effects (AEGL-3, ERPG-3, PAC-3)."""

_FAMILIES = ("AEGL", "ERPG", "PAC", "TEEL")


def tier_of(level_id: str) -> int | None:
    """The tier (1, 2 or 3) of a guideline level id such as 'AEGL-2' or 'erpg-3'."""
    head, sep, tail = level_id.strip().upper().replace("_", "-").rpartition("-")
    if sep and head in _FAMILIES and tail in ("1", "2", "3"):
        return int(tail)
    return None


def level_by_tier(ids: Sequence[str], tier: int, given: str | None = None) -> int | None:
    """Position in ``ids`` of the level to use for a tier: ``given`` if named, else the
    first id of that tier (AEGL before ERPG before PAC, as listed), else None."""
    if given is not None:
        return ids.index(given) if given in ids else None
    for family in _FAMILIES:
        for i, level_id in enumerate(ids):
            if tier_of(level_id) == tier and level_id.upper().startswith(family):
                return i
    return None
