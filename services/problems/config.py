"""The problems' settings (categories and their working days, 即报即办 timing, the register's due day) and
the refusal a person is told about."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from domain import problems as rules
from services.refusal import Refusal


@dataclass(frozen=True)
class ProblemConfig:
    categories: dict[str, int] = field(default_factory=lambda: dict(rules.DEFAULT_CATEGORIES))
    urgent_ack: timedelta = timedelta(minutes=30)
    urgent_max_resends: int = 3
    register_due_day: int = 5
    timezone: str = "Asia/Shanghai"
    default_locale: str = "zh-CN"
    # issue 18: the source channels /report offers, a 12345 order's clocks (PRC working days), the monthly quota
    sources: tuple[str, ...] = ("grid_visit", "window", "phone_visit", "hotline", "referral")
    hotline_contact_days: int = 1
    hotline_handle_days: int = 5
    hotline_callback_days: int = 1
    hotline_second_days: int = 3
    monthly_quota: int = 0  # 0: off

    @classmethod
    def from_settings(cls, settings: object) -> ProblemConfig:
        return cls(
            categories=dict(settings.problem_categories),  # type: ignore[attr-defined]
            urgent_ack=timedelta(minutes=settings.problem_urgent_ack_minutes),  # type: ignore[attr-defined]
            urgent_max_resends=settings.problem_urgent_max_resends,  # type: ignore[attr-defined]
            register_due_day=settings.problem_register_due_day,  # type: ignore[attr-defined]
            timezone=settings.timezone,  # type: ignore[attr-defined]
            default_locale=settings.default_locale,  # type: ignore[attr-defined]
            sources=tuple(settings.problem_sources),  # type: ignore[attr-defined]
            hotline_contact_days=settings.hotline_contact_days,  # type: ignore[attr-defined]
            hotline_handle_days=settings.hotline_handle_days,  # type: ignore[attr-defined]
            hotline_callback_days=settings.hotline_callback_days,  # type: ignore[attr-defined]
            hotline_second_days=settings.hotline_second_days,  # type: ignore[attr-defined]
            monthly_quota=settings.problem_monthly_quota,  # type: ignore[attr-defined]
        )

    def today(self, now: datetime) -> date:
        return now.astimezone(ZoneInfo(self.timezone)).date()

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(ZoneInfo(self.timezone))


class ProblemError(Refusal):
    """A refusal the person is told about: `key` is a Fluent message id of problems.ftl."""
