"""Filing a meeting, one question at a time: subject, date and time, length, place or online, communities, how
many people from each, why it cannot be a prompt sheet."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from markupsafe import escape

from dialogs.draft_flow import communities_next, community_names
from dialogs.problem_widgets import tell
from dialogs.sheet_widgets import config_of, next_question, parse_day, text_field
from dialogs.states import MeetingFlow
from dialogs.widgets import actor_of, now_of, typed_int
from domain import sheets as rules
from locales import tr

COMMUNITIES_ID = "meeting_communities"
MINUTES_ID = "meeting_minutes"
PEOPLE_ID = "meeting_people"
_TIME = re.compile(r"^(.+?)\s+(\d{1,2})[:：](\d{2})$")


def parse_when(text: str, manager: DialogManager) -> datetime | None:
    """ "2026-12-03 14:30" or "12-03 14:30", local time."""
    config = config_of(manager)
    match = _TIME.match(text.strip())
    if match is None:
        return None
    day = parse_day(match.group(1), config.today(now_of(manager)))
    hour, minute = int(match.group(2)), int(match.group(3))
    if day is None or hour > 23 or minute > 59:
        return None
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(config.timezone))


def number_input(setter: Any) -> tuple[Any, Any]:
    """(button handler, typed-text handler) that both give the number to `setter`."""

    async def on_pick(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
        await setter(callback, manager, item_id)

    async def on_text(message: Message, _w: Any, manager: DialogManager) -> None:
        await setter(message, manager, message.text or "")

    return on_pick, on_text


on_subject = text_field("subject", rules.SUBJECT_MAX, "meeting-subject-bad", next_question, MeetingFlow.when)


async def on_when(message: Message, _w: Any, manager: DialogManager) -> None:
    when = parse_when(message.text or "", manager)
    if when is None:
        await tell(manager, message, "meeting-when-format")
        return
    if when <= now_of(manager):
        await tell(manager, message, "meeting-when-past")
        return
    manager.dialog_data["when"] = when.isoformat()
    await next_question(manager, MeetingFlow.minutes)


async def minutes_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    return {
        "options": [(str(m), tr(locale, "meeting-minutes-option", minutes=m)) for m in rules.MEETING_MINUTES]
    }


async def _set_minutes(event: Message | CallbackQuery, manager: DialogManager, raw: str) -> None:
    minutes = typed_int(raw)
    if minutes is None or not 0 < minutes <= rules.MAX_MEETING_MINUTES:
        await tell(manager, event, "meeting-minutes-bad", max=rules.MAX_MEETING_MINUTES)
        return
    manager.dialog_data["minutes"] = minutes
    await next_question(manager, MeetingFlow.place, isinstance(event, Message))


on_place = text_field("place", rules.PLACE_MAX, "meeting-place-bad", next_question, MeetingFlow.communities)


on_minutes_pick, on_minutes_text = number_input(_set_minutes)


async def on_online(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    manager.dialog_data["place"] = None
    await manager.switch_to(MeetingFlow.communities)


async def _communities_chosen(manager: DialogManager, chosen: list[int]) -> None:
    manager.dialog_data["order"] = chosen
    manager.dialog_data["people"] = {}
    await manager.switch_to(MeetingFlow.people)


on_communities_next = communities_next(COMMUNITIES_ID, "meeting-no-communities", _communities_chosen)


def _pending_community(manager: DialogManager) -> int | None:
    people = manager.dialog_data.get("people", {})
    return next((c for c in manager.dialog_data.get("order", []) if str(c) not in people), None)


async def people_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    current = _pending_community(dialog_manager)
    names = await community_names(dialog_manager)
    return {
        "community": escape(names.get(current or 0, "")),
        "max": rules.MAX_PEOPLE_PER_COMMUNITY,
        "options": [(str(n), str(n)) for n in range(1, 6)],
    }


async def _set_people(event: Message | CallbackQuery, manager: DialogManager, raw: str) -> None:
    people = typed_int(raw)
    if people is None or not 0 < people <= rules.MAX_PEOPLE_PER_COMMUNITY:
        await tell(manager, event, "meeting-people-bad", max=rules.MAX_PEOPLE_PER_COMMUNITY)
        return
    current = _pending_community(manager)
    if current is None:
        await manager.switch_to(MeetingFlow.why)
        return
    manager.dialog_data["people"][str(current)] = people
    if isinstance(event, Message):
        manager.show_mode = ShowMode.DELETE_AND_SEND
    if _pending_community(manager) is None:
        await manager.switch_to(MeetingFlow.why)


on_why = text_field("why", rules.NOTE_MAX, "meeting-why-bad", next_question, MeetingFlow.summary)


on_people_pick, on_people_text = number_input(_set_people)
