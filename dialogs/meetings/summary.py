"""A meeting before it is filed (the summary and 提交), and the filer's own meetings (the list, one's card)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager

from dialogs.draft_flow import community_names, on_submit, start_new
from dialogs.meetings.draft import COMMUNITIES_ID
from dialogs.sheet_widgets import config_of, mine_getter
from dialogs.states import MeetingFlow
from dialogs.widgets import actor_of
from locales import tr
from services import meetings as service
from services.meetings import Filed, MeetingDraft, MeetingView


def _draft(manager: DialogManager) -> MeetingDraft:
    data = manager.dialog_data
    return MeetingDraft(
        subject=data.get("subject", ""),
        starts_at=datetime.fromisoformat(data["when"])
        if data.get("when")
        else datetime.min.replace(tzinfo=ZoneInfo("UTC")),
        minutes=int(data.get("minutes", 0)),
        place=data.get("place"),
        people={int(c): int(n) for c, n in data.get("people", {}).items()},
        why_not_sheet=data.get("why", ""),
    )


async def summary_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    draft = _draft(dialog_manager)
    names = await community_names(dialog_manager)
    view = service.MeetingView(
        id=0,
        subject=draft.subject,
        starts_at=draft.starts_at,
        day=draft.starts_at.date(),
        minutes=draft.minutes,
        place=draft.place,
        status="draft",
        version=0,
        filer_id=0,
        filer=actor_of(dialog_manager).name,
        department=actor_of(dialog_manager).department or "",
        why_not_sheet=draft.why_not_sheet,
        people={names.get(c, "?"): n for c, n in draft.people.items()},
        community_ids=draft.people,
    )
    return {"summary": service.meeting_card(locale, view, config_of(dialog_manager).timezone)}


def _filed_text(manager: DialogManager, filed: Filed) -> str:
    locale = actor_of(manager).locale
    text = tr(locale, "meeting-filed", id=filed.id)
    if filed.candidates:
        text += "\n\n" + tr(locale, "meeting-merge-proposed-filer") + "\n"
        text += service.candidate_lines(locale, filed.candidates, config_of(manager).timezone)
    return text


async def _filed(manager: DialogManager, _filed: Filed) -> None:
    await manager.find(COMMUNITIES_ID).reset_checked()  # type: ignore[union-attr]
    await manager.switch_to(MeetingFlow.home)


on_meeting_submit = on_submit(service.file_meeting, _draft, _filed_text, _filed)


async def on_new(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    await start_new(manager, COMMUNITIES_ID, MeetingFlow.subject)


def _mine_item(locale: str, v: MeetingView) -> str:
    return tr(
        locale,
        "meeting-mine-item",
        id=v.id,
        subject=v.subject[:20],
        day=v.day.strftime("%m-%d"),
        status=tr(locale, f"meeting-status-{v.status}"),
    )


meetings_getter = mine_getter(service.my_meetings, _mine_item)


async def detail_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    view = await service.meeting_view(
        dialog_manager.middleware_data["db"], int(dialog_manager.dialog_data.get("meeting_id", 0))
    )
    if view is None or view.filer_id != actor.person_id:
        return {"body": tr(actor.locale, "meeting-not-found")}
    return {"body": service.meeting_card(actor.locale, view, config_of(dialog_manager).timezone)}
