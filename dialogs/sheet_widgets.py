"""What the prompt-sheet and meeting dialogs share: their settings, reading a typed date, and the two kinds of
window they are made of (a question answered by typing, a list of one's own records)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from aiogram.enums import ContentType
from aiogram.fsm.state import State
from aiogram.types import Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import SwitchTo

from dialogs.guard import StaleGuard
from dialogs.problem_widgets import choices, tell
from dialogs.widgets import L, actor_of, hint_input, item_int
from services.sheets import SheetConfig, SheetError

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

    return Window(
        L(f"{prefix}-mine-title"),
        L(f"{prefix}-mine-empty", when="empty"),
        choices(widget_id, "items", on_click),
        SwitchTo(L("btn-back"), id="mine_back", state=back_state),
        hint_input(),
        StaleGuard(),
        getter=getter,
        state=state,
    )


async def submit(callback: Any, manager: DialogManager, create: Any, draft: Any) -> Any:
    """`create(db, person id, draft, now, config)` for the person pressing 提交; a refusal (SheetError, or its
    MeetingError) is told and None returned, nothing stored."""
    try:
        return await create(
            manager.middleware_data["db"],
            actor_of(manager).person_id,
            draft,
            manager.middleware_data["clock"](),
            config_of(manager),
        )
    except SheetError as exc:
        await tell(manager, callback, exc.key, **exc.args_)
        return None
