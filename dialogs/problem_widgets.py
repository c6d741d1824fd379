"""What the problem dialogs share: replies to bad input, collecting photos, lists of choices, and the "responsible
leader, then due date" pair of windows used by the item dialog and the monthly register."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, Window
from aiogram_dialog.widgets.kbd import Group, ScrollingGroup, SwitchTo

from dialogs.clock_calendar import ClockCalendar
from dialogs.guard import StaleGuard
from dialogs.widgets import L, actor_of, answer_callback, hint_input, pair_select
from domain.problems import MAX_PHOTOS
from locales import tr


async def tell(manager: DialogManager, event: Message | CallbackQuery, key: str, **args: object) -> None:
    """A refusal or hint: an alert on a button press; a message (and the screen again below it) on typed input."""
    text = tr(actor_of(manager).locale, key, **args)
    if isinstance(event, CallbackQuery):
        await answer_callback(event, text)
    else:
        await event.answer(text)
        manager.show_mode = ShowMode.DELETE_AND_SEND


async def collect_photo(message: Message, _widget: Any, manager: DialogManager) -> None:
    """A photo joins dialog_data["photos"] (at most MAX_PHOTOS); videos, files and text are answered, not kept."""
    photos: list[str] = manager.dialog_data.setdefault("photos", [])
    if message.photo:
        if len(photos) >= MAX_PHOTOS:
            await tell(manager, message, "photos-too-many", max=MAX_PHOTOS)
            return
        photos.append(message.photo[-1].file_id)
        manager.show_mode = ShowMode.DELETE_AND_SEND
    elif message.document:
        await tell(manager, message, "photos-document")
    else:  # a video, a sticker, text: the same answer as the work log's photo step
        await tell(manager, message, "photos-not-photo")


def buttons(widget_id: str, items: str, on_click: Any, *, width: int = 2) -> Group:
    """A few choices side by side."""
    return Group(pair_select(widget_id, items, on_click), width=width)


def choices(widget_id: str, items: str, on_click: Any, *, width: int = 1, height: int = 8) -> ScrollingGroup:
    """Buttons for the getter's `items` list of (id, label) pairs, paged when there are many."""
    return ScrollingGroup(
        pair_select(widget_id, items, on_click),
        id=f"{widget_id}_pages",
        width=width,
        height=height,
        hide_on_single_page=True,
    )


def leader_and_due_windows(
    *,
    prefix: str,
    prompt: str,
    leader_state: State,
    due_state: State,
    back_state: State,
    leaders_getter: Any,
    on_leader: Any,
    on_due: Any,
) -> tuple[Window, Window]:
    """Pick a responsible leader 包办领导 (the getter's `leaders`), then a due date on a calendar."""
    return (
        Window(
            L(prompt),
            choices(f"{prefix}_leaders", "leaders", on_leader, width=2, height=5),
            SwitchTo(L("problem-btn-cancel"), id=f"{prefix}_leader_cancel", state=back_state),
            hint_input(),
            StaleGuard(),
            getter=leaders_getter,
            state=leader_state,
        ),
        Window(
            L("problem-ask-due"),
            ClockCalendar(id=f"{prefix}_due", on_click=on_due),
            SwitchTo(L("problem-btn-cancel"), id=f"{prefix}_due_cancel", state=back_state),
            hint_input(),
            StaleGuard(),
            state=due_state,
        ),
    )
