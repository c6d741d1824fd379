"""Each kind of alert as a group message: the Telegram text (rendered by its own flow, in the deployment's language,
with residents' phones masked) under a title, and where the Telegram message has buttons, a line that says where to
act instead (a group robot cannot call back, and its message never pretends to be interactive)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from locales import tr, tr_text
from services.channels.model import ChannelView, GroupMessage


def channel_lines(locale: str, v: ChannelView, render: Callable[..., Any] = tr_text) -> list[Any]:
    """A registered robot as the administrator sees it (address and secret masked): `tr_text` for the CLI, `tr` for
    the chat."""
    lines = [
        render(
            locale,
            "channel-line",
            id=v.id,
            kind=tr_text(locale, f"channel-robot-{v.kind}"),
            scope=v.scope,
            status=tr_text(locale, f"channel-status-{v.status}"),
            webhook=v.webhook,
            secret=v.secret or tr_text(locale, "channel-no-secret"),
            kinds="、".join(tr_text(locale, f"channel-kind-{k}") for k in v.subscribed),
        )
    ]
    if v.broken_reason:
        at = v.broken_at.isoformat(timespec="minutes") if v.broken_at else "-"
        lines.append(render(locale, "channel-broken-line", reason=v.broken_reason, at=at))
    return lines


def urgent_message(locale: str, problem_id: int, card: str, responsible: str) -> GroupMessage:
    """即报即办: the item's card (rendered for no viewer: the phone masked) and who acknowledges it in the bot."""
    return GroupMessage(
        title=str(tr(locale, "channel-title-urgent", id=problem_id)),
        parts=[card],
        act=str(tr(locale, "channel-act-urgent", who=responsible or "-")),
    )


def callout_message(locale: str, callout_id: int, alert: str) -> GroupMessage:
    """An emergency call-out: the alert the squad gets; the squad answers in the bot."""
    return GroupMessage(
        title=str(tr(locale, "channel-title-callout", id=callout_id)),
        parts=[alert],
        act=str(tr(locale, "channel-act-callout")),
    )


def list_message(
    locale: str, title_id: str, lines: list[str], act_id: str | None = None, **args: object
) -> GroupMessage:
    """A list (the overdue items, the communities late with their monthly records) under its title."""
    return GroupMessage(
        title=str(tr(locale, title_id, **args)),
        parts=lines,
        act=str(tr(locale, act_id)) if act_id else None,
    )
