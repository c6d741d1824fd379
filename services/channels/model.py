"""Group robots' plain data: the robot kinds, the message kinds a channel may take, a message before it is rendered
for a robot, a channel as shown (masked), and the answers a robot gives (`Verdict`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from services.refusal import Refusal

ROBOT_KINDS = ("wecom", "dingtalk", "feishu")
METHOD = "robot"  # the outbox `method` of a group robot's row
OK, BROKEN = "ok", "broken"


class MessageKind(StrEnum):
    DIGEST_DAILY = "digest-daily"
    DIGEST_WEEKLY = "digest-weekly"
    DIGEST_MONTHLY = "digest-monthly"
    URGENT = "urgent"  # 即报即办
    CALLOUT = "callout"  # emergency call-out
    OVERDUE = "overdue"  # the open items past their due date
    DEADLINE = "deadline"  # the monthly records' deadline


MESSAGE_KINDS = tuple(kind.value for kind in MessageKind)


class ChannelError(Refusal):
    """A refusal the administrator is told about (a Fluent id of channels.ftl); nothing was changed."""


@dataclass(frozen=True)
class GroupMessage:
    """One message for the groups, in the deployment's language, rendered as the Telegram one is (HTML parts).

    `act`: where the Telegram message has buttons, the line that says where to act instead (a group robot cannot
    call back); `chart_path`: the digest's chart, sent as an image where the robot takes one."""

    title: str
    parts: list[str]
    act: str | None = None
    chart_path: str | None = None
    chart_note: str | None = None  # said instead of the chart where the robot takes no image


@dataclass(frozen=True)
class ChannelView:
    id: int
    kind: str
    scope: str  # the sub-district's or the community's name
    community_id: int | None
    webhook: str  # masked
    secret: str | None  # masked
    subscribed: tuple[str, ...]
    status: str
    broken_reason: str | None
    broken_at: datetime | None


class Outcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"  # a network error or a 5xx: again later, with backoff
    THROTTLED = "throttled"  # the robot's rate limit: wait its window
    REFUSED = "refused"  # this message is wrong (too long, bad content): failed, the channel goes on
    BROKEN = "broken"  # the robot refuses every message (bad key, bad signature, keyword): the channel stops


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    reason: str = ""
    wait: float = 0.0  # seconds, for THROTTLED


@dataclass(frozen=True)
class Request:
    """An HTTP POST of a JSON body to a robot."""

    url: str
    body: dict = field(default_factory=dict)
