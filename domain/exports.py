"""Who may export what: the rule behind 📥 报表导出's scope (pure, testable without a database).

- principal leaders, department staff and administrators: the whole sub-district (every community of it), and any
  one community of it. All department staff, not only 党群工作部 (which receives the logs) and 党政办 (which receives
  the registers): the records are the basis of the assessment of cadres who come from every department, and the
  paired cadres' attendance concerns each cadre's home department.
- leaders in charge of communities: the communities in their charge, one at a time (not the whole sub-district);
- community Party secretaries: their own community.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from domain.roles import Role

WHOLE_SUBDISTRICT = frozenset({Role.PRINCIPAL_LEADER, Role.DEPARTMENT_STAFF, Role.ADMIN})
OWN_COMMUNITIES = frozenset({Role.LEADER_IN_CHARGE, Role.SECRETARY})


@dataclass(frozen=True)
class ExportRight:
    whole: bool  # may export the whole sub-district and any of its communities
    communities: frozenset[int]  # the communities they may export one by one when not `whole`

    def may_export(self, community_id: int | None) -> bool:
        """`None` is the whole sub-district."""
        if self.whole:
            return True
        return community_id is not None and community_id in self.communities


def export_right(roles: Iterable[tuple[Role, int | None]]) -> ExportRight:
    """From a person's (role, community) pairs, as person_roles stores them."""
    held = list(roles)
    whole = any(role in WHOLE_SUBDISTRICT for role, _ in held)
    own = frozenset(c for role, c in held if role in OWN_COMMUNITIES and c is not None)
    return ExportRight(whole, own)
