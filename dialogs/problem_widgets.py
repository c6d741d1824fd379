"""What the problem dialogs share: replies to bad input, collecting photos, lists of choices, the two kinds of
screen (buttons; typed input), and the "responsible leader, then due date" pair of windows used by the item dialog
and the monthly register."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from aiogram.enums import ContentType
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Group, ScrollingGroup, SwitchTo

from dialogs.clock_calendar import ClockCalendar
from dialogs.guard import StaleGuard
from dialogs.widgets import L, actor_of, answer_callback, hint_input, item_int, now_of, pair_select
from domain.problems import MAX_PHOTOS
from locales import tr
from services.problems import ProblemConfig


def config_of(manager: DialogManager) -> ProblemConfig:
    return ProblemConfig.from_settings(manager.middleware_data["settings"])


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


def button_window(*widgets: Any, getter: Any = None, state: State) -> Window:
    """A screen of buttons: anything typed gets a hint, a press on an older screen is caught by the stale guard."""
    return Window(*widgets, hint_input(), StaleGuard(), getter=getter, state=state)


def typed_window(
    prompt: Any,
    on_text: Any,
    on_other: Any,
    *widgets: Any,
    content_types: Any = ContentType.TEXT,
    getter: Any = None,
    state: State,
) -> Window:
    """A screen that asks for typed input: `on_text` takes it (of `content_types`), `on_other` answers anything else
    (a photo, a sticker); `widgets` are its buttons, and a press on an older screen is caught by the stale guard."""
    return Window(
        prompt,
        MessageInput(on_text, content_types=content_types),
        MessageInput(on_other),
        *widgets,
        StaleGuard(),
        getter=getter,
        state=state,
    )


def pick_id(key: str, next_state: State, refusal: str) -> Any:
    """The on_click of a list of (id, label) buttons: the id pressed is kept as dialog_data[key] and the dialog goes
    on to `next_state`; an id that is not a number (forged) gets `refusal`."""

    async def on_pick(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
        picked = item_int(item_id)
        if picked is None:
            await tell(manager, callback, refusal)
            return
        manager.dialog_data[key] = picked
        await manager.switch_to(next_state)

    return on_pick


DuePicked = Callable[[CallbackQuery, DialogManager, date], Awaitable[None]]


def leader_and_due_windows(
    prefix: str, prompt: str, states: Any, leaders_getter: Any, on_due: DuePicked
) -> tuple[Window, Window]:
    """Pick a responsible leader 包办领导 (the getter's `leaders`; kept as dialog_data["leader_id"]) at
    `states.leader`, then a due date on a calendar at `states.due`: `on_due(callback, manager, date)` is called with a
    date that is not in the past. 取消 goes back to `states.view`. Widget ids start with `prefix`."""
    leader_state, due_state, back_state = states.leader, states.due, states.view

    async def on_date(callback: Any, _w: Any, manager: DialogManager, picked: date) -> None:
        if picked < config_of(manager).today(now_of(manager)):
            await tell(manager, callback, "problem-due-past")
            return
        await on_due(callback, manager, picked)

    on_leader = pick_id("leader_id", due_state, "problem-pick-leader")
    return (
        button_window(
            L(prompt),
            choices(f"{prefix}_leaders", "leaders", on_leader, width=2, height=5),
            SwitchTo(L("problem-btn-cancel"), id=f"{prefix}_leader_cancel", state=back_state),
            getter=leaders_getter,
            state=leader_state,
        ),
        button_window(
            L("problem-ask-due"),
            ClockCalendar(id=f"{prefix}_due", on_click=on_date),
            SwitchTo(L("problem-btn-cancel"), id=f"{prefix}_due_cancel", state=back_state),
            state=due_state,
        ),
    )
