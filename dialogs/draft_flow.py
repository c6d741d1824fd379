"""The draft flow prompt sheets and meetings share: choose communities → write → confirm. The community picker
window and its handlers, the confirm window and its 提交 handler, and starting a new draft, each parametrised by
what the two flows do differently (widget ids, texts, the state that follows, what is created and said)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.fsm.state import State
from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, ShowMode, Window
from aiogram_dialog.widgets.text import Format

from dialogs.problem_widgets import tell
from dialogs.sheet_widgets import checkboxes, checked_ids, config_of, guarded_window
from dialogs.widgets import actor_of
from services.sheets import SheetError, communities_for

# --- choose communities --------------------------------------------------------------------------------------------


async def community_names(manager: DialogManager) -> dict[int, str]:
    """id → name of the communities of the person's sub-district."""
    return dict(await communities_for(manager.middleware_data["db"], actor_of(manager).onboarded_id))


def communities_getter(widget_id: str) -> Any:
    """The communities to choose from, (id, name), and how many are chosen on the Multiselect `widget_id`."""

    async def getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
        db = dialog_manager.middleware_data["db"]
        items = await communities_for(db, actor_of(dialog_manager).onboarded_id)
        chosen = dialog_manager.find(widget_id).get_checked()  # type: ignore[union-attr]
        return {"communities": [(str(i), name) for i, name in items], "count": len(chosen)}

    return getter


def communities_window(prompt: Any, widget_id: str, *nav: Any, cancel: Any, state: State) -> Window:
    """`prompt`, a button per community of the sub-district (two to a row, ✅ when chosen), then `nav` (下一步 …)
    and `cancel`."""
    return guarded_window(
        prompt,
        checkboxes(widget_id, "communities"),
        *nav,
        cancel,
        getter=communities_getter(widget_id),
        state=state,
    )


def communities_next(
    widget_id: str, refusal: str, then: Callable[[DialogManager, list[int]], Awaitable[None]]
) -> Any:
    """下一步 on the picker: with no community chosen, `refusal` is told; else `then(manager, chosen ids)`."""

    async def on_next(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
        chosen = checked_ids(manager, widget_id)
        if not chosen:
            await tell(manager, callback, refusal)
            return
        await then(manager, chosen)

    return on_next


async def start_new(manager: DialogManager, widget_id: str, first: State) -> None:
    """A new draft: nothing of the last one kept, no community chosen, at the first question."""
    manager.dialog_data.clear()
    await manager.find(widget_id).reset_checked()  # type: ignore[union-attr]
    await manager.switch_to(first)


# --- confirm -------------------------------------------------------------------------------------------------------


def confirm_window(*widgets: Any, getter: Any, state: State) -> Window:
    """The draft as it will be sent (the getter's `summary`), then `widgets` (提交, edit, discard …)."""
    return guarded_window(Format("{summary}"), *widgets, getter=getter, state=state)


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


def on_submit(
    create: Any,
    draft_of: Callable[[DialogManager], Any],
    told: Callable[[DialogManager, Any], str],
    then: Callable[[DialogManager, Any], Awaitable[None]],
) -> Any:
    """提交: `create` the draft; once committed, the person is told `told(manager, created)`, the draft is gone
    with the dialog's data, and `then(manager, created)` shows what follows (below the message)."""

    async def handler(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
        created = await submit(callback, manager, create, draft_of(manager))
        if created is None:
            return
        await callback.message.answer(told(manager, created))  # type: ignore[union-attr]
        manager.dialog_data.clear()
        manager.show_mode = ShowMode.SEND
        await then(manager, created)

    return handler
