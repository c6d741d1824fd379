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
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from domain import report_names as naming
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


# --- what an export takes (the service checks and stores it; the reports build from it) ---------------------------


class Period(StrEnum):
    MONTH = "month"
    WEEK = "week"
    QUARTER = "quarter"  # for the scorecards: the quarter's first day


class Scope(StrEnum):
    COMMUNITY = "community"
    ALL = "all"  # the whole sub-district, one workbook with a community column and a summary sheet


@dataclass(frozen=True)
class ExportParams:
    """What a job exports, resolved when it is requested (scope checked then), stored as JSON on the job."""

    kind: str
    scope: str  # Scope value
    community_ids: list[int]
    scope_name: str  # the community's or the sub-district's name, for titles and the file name
    locale: str
    timezone: str = "Asia/Shanghai"
    month: str | None = None  # first day of the month, ISO
    week: str | None = None  # Monday of the week, ISO
    quarter: str | None = None  # first day of the quarter, ISO
    working_days: list[str] = field(default_factory=list)  # the week's working days (attendance)
    as_of: str | None = None  # the day it was asked for, ISO: an unfinished quarter's scorecards stop there
    # PHASE_FEATURES when it was asked for: the scorecards leave out communities not in an assessed phase.
    phase_features: dict[str, list[str]] = field(default_factory=dict)
    assessment_config: str = (
        ""  # ASSESSMENT_CONFIG when it was asked for ("" the repository's assessment.toml)
    )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExportParams:
        return cls(**data)

    @property
    def month_start(self) -> date:
        assert self.month is not None
        return date.fromisoformat(self.month)

    @property
    def week_start(self) -> date:
        assert self.week is not None
        return date.fromisoformat(self.week)

    @property
    def quarter_start(self) -> date:
        assert self.quarter is not None
        return date.fromisoformat(self.quarter)

    @property
    def period_text(self) -> str:
        """The period as people read it, in titles, messages and the file name: 2026年11月, 2026年第4季度,
        2026年11月2日至11月8日."""
        if self.month:
            return naming.month_label(self.locale, self.month_start)
        if self.quarter:
            return naming.quarter_label(self.locale, self.quarter_start)
        return naming.week_label(self.locale, self.week_start)


@dataclass(frozen=True)
class ExportSpec:
    """One kind of export as the service offers and checks it; `reports.exports` pairs each with its builder."""

    id: str
    label: str  # Fluent id of the button and the document's caption
    period: Period
    scopes: frozenset[Scope] = frozenset({Scope.COMMUNITY, Scope.ALL})
    # Who may ask for it, beyond the 📊 action's own permission (None: everyone who may export).
    roles: frozenset[Role] | None = None


SPECS: tuple[ExportSpec, ...] = (
    ExportSpec("worklog", "ex-kind-worklog", Period.MONTH),
    ExportSpec("register", "ex-kind-register", Period.MONTH),
    ExportSpec("attendance", "ex-kind-attendance", Period.WEEK),
    ExportSpec("scorecards", "ex-kind-scorecards", Period.QUARTER),
    # issue 18: the 12345 work orders received in the month, for the hotline's own reporting
    ExportSpec("hotline", "ex-kind-hotline", Period.MONTH),
)


def specs() -> dict[str, ExportSpec]:
    return {spec.id: spec for spec in SPECS}
