"""Roles of DOMAIN.md, their roster names, and which actions each role may take.

This is the one table of "who may do what"; menus, commands and later flows ask it instead of deciding themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    GRID_WORKER = "grid_worker"
    COMMUNITY_CADRE = "community_cadre"
    SECONDED_CADRE = "seconded_cadre"
    PAIRED_CADRE = "paired_cadre"
    WINDOW_STAFF = "window_staff"
    SECRETARY = "secretary"
    LEADER_IN_CHARGE = "leader_in_charge"
    PRINCIPAL_LEADER = "principal_leader"
    DEPARTMENT_STAFF = "department_staff"
    EMERGENCY_MEMBER = "emergency_member"
    ENFORCEMENT_MEMBER = "enforcement_member"
    ADMIN = "admin"


class Need(StrEnum):
    """Whether a roster column is required, allowed, or ignored for a role."""

    REQUIRED = "required"
    OPTIONAL = "optional"
    NONE = "none"


@dataclass(frozen=True)
class RoleSpec:
    role: Role
    roster_name: str
    community: Need
    department: Need
    many_communities: bool = False


# The roster's 角色 words, exactly as DOMAIN.md "Roster role names" defines them.
ROLE_SPECS: tuple[RoleSpec, ...] = (
    RoleSpec(Role.GRID_WORKER, "网格员", Need.REQUIRED, Need.NONE),
    RoleSpec(Role.COMMUNITY_CADRE, "社区干部", Need.REQUIRED, Need.NONE),
    RoleSpec(Role.SECONDED_CADRE, "下沉干部", Need.REQUIRED, Need.OPTIONAL),
    RoleSpec(Role.PAIRED_CADRE, "包联干部", Need.REQUIRED, Need.REQUIRED),
    RoleSpec(Role.WINDOW_STAFF, "窗口人员", Need.REQUIRED, Need.NONE),
    RoleSpec(Role.SECRETARY, "社区党委书记", Need.REQUIRED, Need.NONE),
    RoleSpec(Role.LEADER_IN_CHARGE, "分工社区领导", Need.REQUIRED, Need.NONE, many_communities=True),
    RoleSpec(Role.PRINCIPAL_LEADER, "主要负责同志", Need.NONE, Need.NONE),
    RoleSpec(Role.DEPARTMENT_STAFF, "部门干部", Need.NONE, Need.REQUIRED),
    RoleSpec(Role.EMERGENCY_MEMBER, "应急分队队员", Need.REQUIRED, Need.NONE),
    RoleSpec(Role.ENFORCEMENT_MEMBER, "综合执法队员", Need.NONE, Need.NONE),
    RoleSpec(Role.ADMIN, "管理员", Need.NONE, Need.NONE),
)
SPEC_BY_ROLE: dict[Role, RoleSpec] = {spec.role: spec for spec in ROLE_SPECS}
ROLE_BY_ROSTER_NAME: dict[str, Role] = {spec.roster_name: spec.role for spec in ROLE_SPECS}
# English aliases accepted in a roster's 角色 column, for rosters prepared by English-speaking administrators.
ROLE_BY_ROSTER_NAME.update({role.value: role for role in Role})

WINDOW_STAFF_CAP = 3  # "窗口人员不超过3人"
# Who may press 催办 under a digest's overdue items: the leaders and the community secretaries (department staff read
# digests but do not nudge).
NUDGERS = frozenset({Role.PRINCIPAL_LEADER, Role.LEADER_IN_CHARGE, Role.SECRETARY})


class Action(StrEnum):
    """What a person can do from the menu or by command."""

    LOG = "log"  # grid work log 网格工作纪实表
    MY_LOGS = "mylogs"
    REPORT = "report"  # problems and suggestions
    PROBLEMS = "problems"  # problem items waiting for me (issue 5; linked from /pending at merge)
    CHECKIN = "checkin"  # paired cadres' community days
    PENDING = "pending"  # what waits for my signature
    LOG_MONTH = "logmonth"  # secretaries: the month's logs to 党群工作部
    DIGEST = "digest"  # leaders' digests
    ASSESS = "assess"  # quarterly ratings
    PROMPT_SHEET = "prompt_sheet"  # departments: work prompt sheets 工作提示单
    MEETING = "meeting"  # departments: meeting filing 会议报备
    CALLOUT = "callout"  # emergency call-out 应急分队
    ROSTER = "roster"  # administrator: roster overview and invites
    EXPORT = "export"  # xlsx exports 报表导出 (issue 7); scope rule in domain/exports.py


GRID_WORKERS = {
    Role.GRID_WORKER,
    Role.COMMUNITY_CADRE,
    Role.SECONDED_CADRE,
    Role.PAIRED_CADRE,
    Role.SECRETARY,
}
LEADERS = {Role.PRINCIPAL_LEADER, Role.LEADER_IN_CHARGE}

PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.LOG: frozenset(GRID_WORKERS),
    Action.MY_LOGS: frozenset(GRID_WORKERS),
    Action.REPORT: frozenset(
        GRID_WORKERS | {Role.WINDOW_STAFF, Role.EMERGENCY_MEMBER, Role.ENFORCEMENT_MEMBER}
    ),
    Action.PROBLEMS: frozenset(
        GRID_WORKERS
        | LEADERS
        | {Role.WINDOW_STAFF, Role.EMERGENCY_MEMBER, Role.ENFORCEMENT_MEMBER, Role.DEPARTMENT_STAFF}
    ),
    Action.CHECKIN: frozenset({Role.PAIRED_CADRE, Role.SECONDED_CADRE}),
    Action.PENDING: frozenset({Role.SECRETARY, Role.PRINCIPAL_LEADER, Role.LEADER_IN_CHARGE}),
    Action.LOG_MONTH: frozenset({Role.SECRETARY}),
    Action.DIGEST: frozenset(LEADERS | {Role.DEPARTMENT_STAFF, Role.SECRETARY}),
    Action.ASSESS: frozenset(LEADERS | {Role.SECRETARY}),
    Action.PROMPT_SHEET: frozenset({Role.DEPARTMENT_STAFF}),  # only departments give communities tasks
    Action.MEETING: frozenset({Role.DEPARTMENT_STAFF}),
    # Issue 8: "a community secretary, a leader, or the administrator raises a call-out"; squad members answer one.
    Action.CALLOUT: frozenset(LEADERS | {Role.SECRETARY, Role.ADMIN}),
    Action.ROSTER: frozenset({Role.ADMIN}),
    Action.EXPORT: frozenset(LEADERS | {Role.DEPARTMENT_STAFF, Role.SECRETARY, Role.ADMIN}),
}
# Menu order: what people use most comes first.
MENU_ORDER: tuple[Action, ...] = tuple(PERMISSIONS)
# Actions whose flows are built; the others answer "coming soon" until their issue lands.
BUILT_ACTIONS: frozenset[Action] = frozenset(
    {
        Action.ROSTER,
        Action.LOG,
        Action.MY_LOGS,
        Action.PENDING,
        Action.LOG_MONTH,
        Action.REPORT,
        Action.PROBLEMS,
        Action.CHECKIN,
        Action.DIGEST,
        Action.ASSESS,
        Action.CALLOUT,
        Action.EXPORT,
        Action.PROMPT_SHEET,
        Action.MEETING,
    }
)


def can(roles: Iterable[Role], action: Action) -> bool:
    allowed = PERMISSIONS[action]
    return any(role in allowed for role in roles)


def actions_for(roles: Iterable[Role]) -> list[Action]:
    held = set(roles)
    return [action for action in MENU_ORDER if held & PERMISSIONS[action]]


@dataclass(frozen=True)
class Actor:
    """The person behind an update, as plain data loaded once per update."""

    telegram_id: int
    locale: str
    person_id: int | None = None
    name: str = ""
    roles: frozenset[Role] = field(default_factory=frozenset)
    communities: tuple[str, ...] = ()
    department: str | None = None
    active: bool = True

    @property
    def onboarded(self) -> bool:
        return self.person_id is not None

    @property
    def onboarded_id(self) -> int:
        """The person id, for code that runs only for onboarded people (after a role or onboarding check)."""
        if self.person_id is None:
            raise RuntimeError(f"telegram user {self.telegram_id} is not onboarded")
        return self.person_id

    def can(self, action: Action) -> bool:
        return self.onboarded and can(self.roles, action)
