"""Widgets the problem dialogs share: a (scrolling) list of choices, and the "responsible leader, then due date" pair
of windows used by the item dialog and the monthly register."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.state import State
from aiogram_dialog import Window
from aiogram_dialog.widgets.kbd import Calendar, ScrollingGroup, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from dialogs.guard import StaleGuard
from dialogs.widgets import L, hint_input


def choices(widget_id: str, items: str, on_click: Any, *, width: int = 1, height: int = 8) -> ScrollingGroup:
    """Buttons for the getter's `items` list of (id, label) pairs, paged when there are many."""
    return ScrollingGroup(
        Select(
            Format("{item[1]}"),
            id=widget_id,
            item_id_getter=lambda item: item[0],
            items=items,
            on_click=on_click,
        ),
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
            Calendar(id=f"{prefix}_due", on_click=on_due),
            SwitchTo(L("problem-btn-cancel"), id=f"{prefix}_due_cancel", state=back_state),
            hint_input(),
            StaleGuard(),
            state=due_state,
        ),
    )
