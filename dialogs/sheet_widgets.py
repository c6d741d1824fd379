"""What the prompt-sheet and meeting dialogs share: their settings, reading a typed date, a typed field, the place
of a pressed notice, and the kinds of window they are made of (a question answered by typing, a screen of buttons,
a list of one's own records). The draft flow they share is `dialogs.draft_flow`."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from aiogram.enums import ContentType
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Group, Multiselect, SwitchTo
from aiogram_dialog.widgets.text import Format

from dialogs.guard import StaleGuard
from dialogs.problem_widgets import choices, tell
from dialogs.widgets import L, actor_of, hint_input, item_int
from domain import sheets as rules
from services.sheets import SheetConfig

_DATE = re.compile(r"^(?:(\d{4})[-/.年])?(\d{1,2})[-/.月](\d{1,2})日?$")
ECHO_MAX = 3500  # of a text sent back to be shortened: with the words around it, under Telegram's 4096


def checked_ids(manager: DialogManager, widget_id: str) -> list[int]:
    """The ids checked on a Multiselect, as numbers, sorted; a forged id that is not an id is left out."""
    checked = manager.find(widget_id).get_checked()  # type: ignore[union-attr]
    return sorted(n for n in map(item_int, checked) if n is not None)


def echo(text: str) -> str:
    """A typed text sent back so it can be shortened: at most ECHO_MAX characters (the draft keeps it whole)."""
    return text if len(text) <= ECHO_MAX else text[:ECHO_MAX] + "…"


def config_of(manager: DialogManager) -> SheetConfig:
    return SheetConfig.from_settings(manager.middleware_data["settings"])


def parse_day(text: str, today: date) -> date | None:
    """2026-12-03, 12-03, 12/3 or 12月3日 (without a year: the next such day from today)."""
    match = _DATE.match(text.strip())
    if match is None:
        return None
    month, day_of_month = int(match.group(2)), int(match.group(3))
    years = [int(match.group(1))] if match.group(1) else list(range(today.year, today.year + 5))
    for year in years:  # without a year: this year's, else the next year that has it (2月29日)
        try:
            day = date(year, month, day_of_month)
        except ValueError:
            continue
        if match.group(1) or day >= today:
            return day
    return None


async def next_question(manager: DialogManager, state: State, typed: bool = True) -> None:
    """Show `state`; after a typed answer (`typed`), as a new message below it."""
    if typed:
        manager.show_mode = ShowMode.DELETE_AND_SEND
    await manager.switch_to(state)


def text_field(
    key: str,
    limit: int,
    refusal: str,
    go: Callable[[DialogManager, State], Awaitable[None]],
    next_state: State,
) -> Any:
    """A handler that keeps typed text of at most `limit` characters under `key` and goes on with
    `go(manager, next_state)`; a text too long (or none) is told `refusal`."""

    async def handler(message: Message, _w: Any, manager: DialogManager) -> None:
        value = rules.clean_text(message.text, limit)
        if value is None:
            await tell(manager, message, refusal, max=limit)
            return
        manager.dialog_data[key] = value
        await go(manager, next_state)

    return handler


def notice_where(callback: CallbackQuery) -> dict[str, int | None]:
    """The chat and message id of the notice whose button was pressed (None when Telegram no longer gives it)."""
    message = callback.message
    return {
        "chat_id": message.chat.id if message else None,
        "message_id": message.message_id if message else None,
    }


async def on_text_only(message: Message, _w: Any, manager: DialogManager) -> None:
    await tell(manager, message, "sheet-need-text")


def text_window(*widgets: Any, on_text: Any, back: Any, state: State, getter: Any = None) -> Window:
    """A question answered by typing: text goes to `on_text`, anything else is asked for as text."""
    return Window(
        *widgets,
        MessageInput(on_text, content_types=[ContentType.TEXT]),
        MessageInput(on_text_only),
        back,
        StaleGuard(),
        getter=getter,
        state=state,
    )


def checkboxes(widget_id: str, items: str, *, when: Any = None) -> Group:
    """A button per (id, label) pair of the getter's `items`, two to a row, ✅ when checked (`checked_ids`)."""
    box: Multiselect[Any] = Multiselect(
        Format("✅ {item[1]}"), Format("▫️ {item[1]}"), id=widget_id, item_id_getter=_first, items=items
    )
    return Group(box, width=2, when=when)


def _first(item: Any) -> Any:
    return item[0]


def guarded_window(*widgets: Any, getter: Any = None, state: State) -> Window:
    """A screen of buttons: anything typed gets a hint, a press on an older screen is caught by the stale guard."""
    return Window(*widgets, hint_input(), StaleGuard(), getter=getter, state=state)


def mine_getter(load: Any, item: Callable[[str, Any], str]) -> Any:
    """The getter of `list_window`: `load(db, person id)` gives one's own records, `item(locale, record)` each
    one's button."""

    async def getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
        locale = actor_of(dialog_manager).locale
        records = await load(dialog_manager.middleware_data["db"], actor_of(dialog_manager).onboarded_id)
        items = [(str(record.id), item(locale, record)) for record in records]
        return {"items": items, "empty": not items}

    return getter


def list_window(
    prefix: str, widget_id: str, key: str, open_state: State, back_state: State, getter: Any, state: State
) -> Window:
    """One's own sheets or meetings: `<prefix>-mine-title`, `<prefix>-mine-empty`, one button per record, which
    keeps the record's id under `key` and opens `open_state`."""

    async def on_click(callback: Any, _w: Any, manager: DialogManager, item_id: str) -> None:
        record_id = item_int(item_id)
        if record_id is None:
            await tell(manager, callback, f"{prefix}-not-found")
            return
        manager.dialog_data[key] = record_id
        await manager.switch_to(open_state)

    return guarded_window(
        L(f"{prefix}-mine-title"),
        L(f"{prefix}-mine-empty", when="empty"),
        choices(widget_id, "items", on_click),
        SwitchTo(L("btn-back"), id="mine_back", state=back_state),
        getter=getter,
        state=state,
    )
