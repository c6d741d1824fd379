"""The settings prompt sheets and meetings are written under (text limit, lead days, time zone, locale), and the
refusal they answer with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from domain import sheets as rules
from services.refusal import Refusal


@dataclass(frozen=True)
class SheetConfig:
    text_limit: int = rules.DEFAULT_TEXT_LIMIT
    lead_days: int = rules.MIN_LEAD_WORKING_DAYS
    timezone: str = "Asia/Shanghai"
    default_locale: str = "zh-CN"

    @classmethod
    def from_settings(cls, settings: object) -> SheetConfig:
        return cls(
            text_limit=settings.sheet_text_limit,  # type: ignore[attr-defined]
            lead_days=settings.sheet_lead_days,  # type: ignore[attr-defined]
            timezone=settings.timezone,  # type: ignore[attr-defined]
            default_locale=settings.default_locale,  # type: ignore[attr-defined]
        )

    def today(self, now: datetime) -> date:
        return now.astimezone(ZoneInfo(self.timezone)).date()


class SheetError(Refusal):
    """A refusal the person is told about: `key` is a Fluent message id of sheets.ftl."""
