"""Callback data of the buttons on notifications: messages sent through the outbox (or as plain replies), outside any
dialog, so the press is routed by its data alone.

Each kind is an aiogram `CallbackData` factory with typed fields, in aiogram's own format `prefix:field1:field2`,
which is the format the senders in `services` / `reminders` have always written (they know nothing of aiogram, so
they write the string themselves; `tests/test_forged_buttons.py` checks each sender against its factory). Every id
and version is bounded by `dialogs.widgets.item_int` (ASCII digits, up to `MAX_ID`): data that does not unpack, a
superscript "²", "-1", an id too big for an INTEGER column, is not this factory's press. It is caught by `stale(...)`
right after the handler, which gives that kind's "outdated / not for you" answer, and never reaches SQL.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Literal

from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery
from pydantic import BeforeValidator

from dialogs.widgets import MAX_ID, item_int
from domain.sheets import MeetingVerb, SheetVerb


def _bounded(least: int) -> BeforeValidator:
    def check(value: Any) -> int:
        if isinstance(value, bool):
            raise ValueError("not an id")
        if isinstance(value, int) and least <= value <= MAX_ID:
            return value
        parsed = item_int(value, least=least) if isinstance(value, str) else None
        if parsed is None:
            raise ValueError("not an id")
        return parsed

    return BeforeValidator(check)


Id = Annotated[int, _bounded(1)]  # a database id: 1..MAX_ID
Version = Annotated[int, _bounded(0)]  # a record's version as the button was sent: 0..MAX_ID


class WorkLogButton(CallbackData, prefix="wl"):
    """`wl:<a|r|e|v>:<log id>:<version>`: approve, return, edit (the author's, on a returned log), view (not sent)."""

    verb: Literal["a", "r", "e", "v"]
    log_id: Id
    version: Version


class ProblemButton(CallbackData, prefix="pb"):
    """`pb:<open|ack|reg>:<id>`: open a problem, acknowledge it, open a monthly register."""

    what: Literal["open", "ack", "reg"]
    ref: Id


class MoveButton(CallbackData, prefix="mv"):
    """`mv:<ok|no>:<request id>`: the secretary's decision on a request to move a community day."""

    decision: Literal["ok", "no"]
    request_id: Id


class MuteButton(CallbackData, prefix="rmute"):
    """`rmute:<days>` under a reminder; the days are checked against the settings' choices."""

    days: Id


class UnmuteButton(CallbackData, prefix="runmute"):
    """`runmute`, which replaces the mute buttons once pressed."""


class NudgeButton(CallbackData, prefix="dgn"):
    """`dgn:<problem id>` under a digest's overdue items."""

    problem_id: Id


class CalloutButton(CallbackData, prefix="co"):
    """`co:<go|no|end|xl>:<call-out id>:<version>`."""

    verb: Literal["go", "no", "end", "xl"]
    callout_id: Id
    version: Version


class SheetButton(CallbackData, prefix="ps"):
    """`ps:<rcv|done|ask|ans>:<target id>:<version>`."""

    verb: SheetVerb
    target_id: Id
    version: Version


_MEETING_ACTION = re.compile(r"(ok|no|att|mg)([0-9]*)")


def _meeting_action(value: Any) -> str:
    """ok, no, att, att<community id> or mg<other meeting id>: the verb and its id share a field, as they always
    have on the buttons already sent."""
    match = _MEETING_ACTION.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError("not a meeting action")
    verb, ref = match.groups()
    if ref and (verb not in ("att", "mg") or item_int(ref) is None):
        raise ValueError("not a meeting action")
    if verb == "mg" and not ref:
        raise ValueError("a merge names the other meeting")
    return value


class MeetingButton(CallbackData, prefix="mt"):
    """`mt:<action>:<meeting id>:<version>`, the action one of ok, no, att, att<community id>, mg<other meeting>."""

    action: Annotated[str, BeforeValidator(_meeting_action)]
    meeting_id: Id
    version: Version

    @property
    def verb(self) -> MeetingVerb:
        return MeetingVerb(_MEETING_ACTION.fullmatch(self.action).group(1))  # type: ignore[union-attr]

    @property
    def ref(self) -> int | None:
        """The community (att) or the other meeting (mg) the action names, if any."""
        digits = _MEETING_ACTION.fullmatch(self.action).group(2)  # type: ignore[union-attr]
        return int(digits) if digits else None


def stale(factory: type[CallbackData]) -> Callable[[CallbackQuery], Awaitable[bool]]:
    """A filter for every other press under the factory's prefix, registered after the factory's own handler: data
    that did not unpack (forged, or of an older version), to be answered as an outdated button. A coroutine: aiogram
    runs a plain function filter in a worker thread, a hop on every press that reaches it."""
    prefix, separator = factory.__prefix__, factory.__separator__

    async def under_prefix(callback: CallbackQuery) -> bool:
        data = callback.data or ""
        return data == prefix or data.startswith(prefix + separator)

    return under_prefix


class AdminButton(CallbackData, prefix="adm"):
    """`adm:cal`: the administrator opens the holiday file step (under the reminder that next year is missing)."""

    what: Literal["cal"]


NOTIFICATION_BUTTONS: tuple[type[CallbackData], ...] = (
    AdminButton,
    WorkLogButton,
    ProblemButton,
    MoveButton,
    MuteButton,
    UnmuteButton,
    NudgeButton,
    CalloutButton,
    SheetButton,
    MeetingButton,
)
_PREFIXES = frozenset(factory.__prefix__ for factory in NOTIFICATION_BUTTONS)


async def notification_press(callback: CallbackQuery) -> bool:
    """The root filter of the notification buttons' routers: the press's data starts with one of their prefixes. One
    set lookup, so a dialog's button (aiogram-dialog's data has no ':' prefix of these) skips all those routers."""
    data = callback.data or ""
    return data.partition(":")[0] in _PREFIXES
