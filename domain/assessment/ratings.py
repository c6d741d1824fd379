"""Quarterly ratings: the scale, who rates whom, a comment's limit."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from domain.roles import Role


class Grade(StrEnum):
    EXCELLENT = "excellent"  # 优秀
    GOOD = "good"  # 良好
    FAIR = "fair"  # 一般
    POOR = "poor"  # 较差


COMMENT_MAX = 200

# Who a rater rates (DOMAIN.md): the leader in charge of a community "evaluates cadres" — the sub-district's own
# people working there, its seconded and paired cadres; the community Party secretary "manages seconded and paired
# cadres" and signs the grid work of everyone working in the community's grids, so rates those and the community's
# own cadres and grid workers. Window staff and emergency squad members are not grid cadres and are not rated.
RATED_BY: dict[Role, frozenset[Role]] = {
    Role.LEADER_IN_CHARGE: frozenset({Role.SECONDED_CADRE, Role.PAIRED_CADRE}),
    Role.SECRETARY: frozenset(
        {Role.SECONDED_CADRE, Role.PAIRED_CADRE, Role.COMMUNITY_CADRE, Role.GRID_WORKER}
    ),
}

RATER_ROLES = frozenset(RATED_BY)

# The roles that make a person a cadre with a scorecard, most specific first (the first one held is their kind).
CADRE_ORDER: tuple[Role, ...] = (
    Role.SECONDED_CADRE,
    Role.PAIRED_CADRE,
    Role.SECRETARY,
    Role.COMMUNITY_CADRE,
    Role.GRID_WORKER,
)

SECONDMENT_ROLES = frozenset({Role.SECONDED_CADRE, Role.PAIRED_CADRE})


def cadre_kind(roles: Iterable[Role]) -> Role | None:
    held = set(roles)
    return next((role for role in CADRE_ORDER if role in held), None)


def may_rate(rater_roles_in_community: Iterable[Role], cadre_roles_in_community: Iterable[Role]) -> bool:
    """Whether someone holding `rater_roles_in_community` in a community rates a cadre holding those roles there."""
    ratable: set[Role] = set()
    for role in rater_roles_in_community:
        ratable |= RATED_BY.get(role, frozenset())
    return bool(ratable & set(cadre_roles_in_community))


def check_comment(comment: str | None) -> str | None:
    """The comment to store (stripped, None when empty), or raise ValueError when too long."""
    text = (comment or "").strip()
    if len(text) > COMMENT_MAX:
        raise ValueError("comment too long")
    return text or None
