"""The call-out's plain data: settings, refusals, the buttons' data, the draft, the views and the outcomes of a
press."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from domain.callouts import Answer
from services.refusal import Refusal

PREFIX = "co"
GO, CANNOT, END, EXPORT = "go", "no", "end", "xl"
ROLL_REFRESH = timedelta(minutes=1)  # the roll's elapsed time is brought up to date at most this often
ROLL_REFRESH_FOR = timedelta(hours=6)  # a call-out left open longer than this is not re-rendered every minute


@dataclass(frozen=True)
class CalloutConfig:
    min_coming: int = 2
    widen_after: timedelta = timedelta(minutes=10)
    timezone: str = "Asia/Shanghai"
    default_locale: str = "zh-CN"

    @classmethod
    def from_settings(cls, settings: object) -> CalloutConfig:
        return cls(
            min_coming=settings.callout_min_coming,  # type: ignore[attr-defined]
            widen_after=timedelta(minutes=settings.callout_widen_minutes),  # type: ignore[attr-defined]
            timezone=settings.timezone,  # type: ignore[attr-defined]
            default_locale=settings.default_locale,  # type: ignore[attr-defined]
        )

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(ZoneInfo(self.timezone))


class CalloutError(Refusal):
    """A refusal the person is told about: `key` is a Fluent message id of callouts.ftl."""


def button_data(verb: str, callout_id: int, version: int) -> str:
    """`co:<verb>:<id>:<version>`, read back by `dialogs.buttons.CalloutButton`."""
    return f"{PREFIX}:{verb}:{callout_id}:{version}"


@dataclass(frozen=True)
class Draft:
    community_id: int
    kind: str
    need: str
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    brigade: bool = False


@dataclass(frozen=True)
class TargetView:
    person_id: int
    name: str
    wave: str
    answer: str | None
    answered_at: datetime | None
    reason: str | None


@dataclass(frozen=True)
class CalloutView:
    id: int
    community_id: int
    community: str
    kind: str
    need: str
    address: str | None
    latitude: float | None
    longitude: float | None
    brigade: bool
    status: str
    version: int
    caller_id: int | None
    caller: str
    raised_at: datetime
    widened: bool
    closed_at: datetime | None
    outcome: str | None
    targets: list[TargetView] = field(default_factory=list)

    def answered(self, answer: Answer) -> list[TargetView]:
        return [t for t in self.targets if t.answer == answer.value]

    @property
    def waiting(self) -> list[TargetView]:
        return [t for t in self.targets if t.answer is None]


@dataclass(frozen=True)
class EventView:
    at: datetime
    person: str
    action: str
    note: str | None


class Outcome(StrEnum):
    OK = "ok"
    NOT_FOUND = "not-found"  # no such call-out: forged
    NOT_CALLED = "not-called"  # it was not sent to this person
    NOT_ALLOWED = "not-allowed"  # may not close or export it
    CLOSED = "closed"
    STALE = "stale"  # the button is older than the call-out's current state
    SAME = "same"  # this answer was already recorded
    NEED_REASON = "need-reason"
    TOO_LONG = "too-long"
