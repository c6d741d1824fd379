"""One problem item: its card, the moves its viewer may make, its history; the problems part of "what waits for me"
(the buttons of problem notifications are in `dialogs.problem_notices`).

Start data of the item dialog: {"problem_id": int}.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Row, SwitchTo
from aiogram_dialog.widgets.text import Format
from markupsafe import escape

from dialogs.guard import StaleGuard
from dialogs.hotline import item_moves, on_item_step
from dialogs.problem_widgets import (
    button_window,
    buttons,
    choices,
    collect_photo,
    config_of,
    leader_and_due_windows,
    tell,
    typed_window,
)
from dialogs.states import ProblemItem, ProblemRegisterFlow, ProblemsPending
from dialogs.widgets import L, actor_of, answer_callback, item_int, now_of, send_album
from domain import problems as rules
from domain.problems import Move
from locales import Html, tr
from services.problems import (
    ProblemError,
    apply_move,
    history,
    leaders_of,
    load_person,
    moves_for,
    pending_items,
    render_card,
    status_label,
)

MOVES_ID = "moves"
PENDING_ID = "pending"


def _locale(manager: DialogManager) -> str:
    return actor_of(manager).locale


def _problem_id(manager: DialogManager) -> int:
    start = manager.start_data if isinstance(manager.start_data, dict) else {}
    return int(start.get("problem_id", 0))


# --- item -------------------------------------------------------------------------------------------------------


async def item_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    locale = actor.locale
    db = dialog_manager.middleware_data["db"]
    card, moves = await moves_for(db, actor.onboarded_id, _problem_id(dialog_manager))
    if card is None or not rules.may_view(await _domain_person(dialog_manager), card.view):
        return {"body": tr(locale, "problem-not-found"), "moves": [], "photos": False}
    return {
        "body": render_card(
            card, actor.onboarded_id, locale, config_of(dialog_manager), now_of(dialog_manager)
        ),
        # The item's status rides in the button, so a press on a screen older than the last change is refused.
        "moves": [(f"{m.value}.{card.status}", tr(locale, f"problem-move-{m.value}")) for m in moves]
        + item_moves(card, actor.onboarded_id, locale, config_of(dialog_manager).timezone),
        "photos": bool(card.photos or card.result_photos),
    }


async def _domain_person(manager: DialogManager) -> rules.Person:
    async with manager.middleware_data["db"].session() as session:
        return await load_person(session, actor_of(manager).onboarded_id)


async def history_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = _locale(dialog_manager)
    config = config_of(dialog_manager)
    card, _moves = await moves_for(
        dialog_manager.middleware_data["db"],
        actor_of(dialog_manager).onboarded_id,
        _problem_id(dialog_manager),
    )
    if card is None or not rules.may_view(await _domain_person(dialog_manager), card.view):
        return {"body": tr(locale, "problem-not-found")}
    entries = await history(dialog_manager.middleware_data["db"], card.id)
    lines = [tr(locale, "problem-history-title", id=card.id)]
    for e in entries:
        line = tr(
            locale,
            "problem-history-line",
            at=config.local(e.at).strftime("%m-%d %H:%M"),
            actor=e.actor,
            move=tr(locale, f"problem-move-{e.move}"),
            before=status_label(locale, e.from_status) if e.from_status else "-",
            after=status_label(locale, e.to_status),
        )
        if e.note:
            line += "\n   " + escape(e.note)
        lines.append(line)
    return {"body": Html("\n").join(lines)}


async def on_move(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    if item_id.startswith("hl."):  # a 12345 order's step (issue 18)
        await on_item_step(callback, manager, item_id, _problem_id(manager))
        return
    move_name, _, status = item_id.partition(".")
    try:
        move = Move(move_name)
    except ValueError:
        await tell(manager, callback, "problem-changed")
        return
    manager.dialog_data["move"] = move.value
    manager.dialog_data["status"] = status
    manager.dialog_data["photos"] = []
    if move == Move.ASSIGN:
        await manager.switch_to(ProblemItem.leader)
    elif move in rules.NOTE_REQUIRED or move in rules.NOTE_OPTIONAL:
        await manager.switch_to(ProblemItem.note)
    else:
        await _apply(manager, callback)


async def _apply(manager: DialogManager, event: Message | CallbackQuery, **extra: Any) -> bool:
    actor = actor_of(manager)
    data = manager.dialog_data
    try:
        after = await apply_move(
            manager.middleware_data["db"],
            actor.onboarded_id,
            _problem_id(manager),
            Move(data["move"]),
            now_of(manager),
            config_of(manager),
            expected_status=data.get("status"),
            **extra,
        )
    except ProblemError as exc:
        await tell(manager, event, exc.key, **exc.args_)
        if exc.key == "problem-changed":
            await manager.switch_to(ProblemItem.view)
        return False
    text = tr(actor.locale, "problem-move-done", status=status_label(actor.locale, after.value))
    if isinstance(event, CallbackQuery):
        await answer_callback(event, text, alert=False)
    else:
        await event.answer(text)
    manager.show_mode = ShowMode.SEND
    await manager.switch_to(ProblemItem.view)
    return True


async def note_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    move = dialog_manager.dialog_data.get("move", "")
    return {
        "prompt": tr(_locale(dialog_manager), f"problem-ask-note-{move}"),
        "optional": move in rules.NOTE_OPTIONAL,
    }


async def on_note(message: Message, _w: Any, manager: DialogManager) -> None:
    note = rules.clean_text(message.text, rules.MAX_NOTE)
    if note is None:
        await tell(manager, message, "problem-note-empty", max=rules.MAX_NOTE)
        return
    manager.dialog_data["note"] = note
    if manager.dialog_data.get("move") == Move.RESOLVE:
        await manager.switch_to(ProblemItem.photos)
        return
    await _apply(manager, message, note=note)


async def on_note_other(message: Message, _w: Any, manager: DialogManager) -> None:
    await tell(manager, message, "problem-note-empty", max=rules.MAX_NOTE)


async def on_note_skip(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    await _apply(manager, callback)


async def result_photos_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"count": len(dialog_manager.dialog_data.get("photos", [])), "max": rules.MAX_PHOTOS}


async def on_resolve_submit(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    data = manager.dialog_data
    await _apply(manager, callback, note=data.get("note"), photos=list(data.get("photos", [])))


async def leaders_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    card, _moves = await moves_for(
        dialog_manager.middleware_data["db"],
        actor_of(dialog_manager).onboarded_id,
        _problem_id(dialog_manager),
    )
    subdistrict = card.subdistrict_id if card else None
    return {"leaders": await leaders_of(dialog_manager.middleware_data["db"], subdistrict)}


async def on_due(callback: CallbackQuery, manager: DialogManager, picked: date) -> None:
    await _apply(manager, callback, leader_id=manager.dialog_data.get("leader_id"), due=picked)


async def on_show_photos(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    card, _ = await moves_for(
        manager.middleware_data["db"], actor_of(manager).onboarded_id, _problem_id(manager)
    )
    if card is None:
        return
    photos = list(card.photos) + list(card.result_photos)
    await send_album(callback.bot, callback.message.chat.id, photos)  # type: ignore[union-attr,arg-type]
    manager.show_mode = ShowMode.SEND


def make_item_dialog() -> Dialog:
    return Dialog(
        button_window(
            Format("{body}"),
            buttons(MOVES_ID, "moves", on_move, width=2),
            Row(
                SwitchTo(L("problem-btn-history"), id="hist", state=ProblemItem.history),
                Button(L("problem-btn-photos"), id="show_photos", on_click=on_show_photos, when="photos"),
            ),
            Cancel(L("btn-back")),
            getter=item_getter,
            state=ProblemItem.view,
        ),
        button_window(
            Format("{body}"),
            SwitchTo(L("btn-back"), id="hist_back", state=ProblemItem.view),
            getter=history_getter,
            state=ProblemItem.history,
        ),
        typed_window(
            Format("{prompt}"),
            on_note,
            on_note_other,
            Button(L("problem-btn-skip"), id="note_skip", on_click=on_note_skip, when="optional"),
            SwitchTo(L("problem-btn-cancel"), id="note_cancel", state=ProblemItem.view),
            getter=note_getter,
            state=ProblemItem.note,
        ),
        Window(
            L("problem-ask-result-photos"),
            L("problem-photos-count"),
            MessageInput(collect_photo),
            Button(L("problem-btn-submit"), id="resolve_submit", on_click=on_resolve_submit),
            SwitchTo(L("problem-btn-cancel"), id="photos_cancel", state=ProblemItem.view),
            StaleGuard(),
            getter=result_photos_getter,
            state=ProblemItem.photos,
        ),
        *leader_and_due_windows("item", "problem-ask-leader", ProblemItem, leaders_getter, on_due),
    )


# --- what waits for me (problems) ---------------------------------------------------------------------------------


async def pending_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    locale = actor.locale
    items = await pending_items(
        dialog_manager.middleware_data["db"], actor, now_of(dialog_manager), config_of(dialog_manager)
    )
    buttons = []
    for item in items:
        flag = "⚠️" if item.overdue else ""
        if item.kind == "problem":
            label = tr(
                locale,
                "problem-pending-item",
                id=item.ref_id,
                title=item.title,
                todo=tr(locale, f"problem-move-{item.moves[0]}"),
                due=item.due_date.isoformat() if item.due_date else "-",
                flag=flag,
            )
        else:
            label = tr(
                locale,
                f"problem-pending-{item.kind}",
                community=item.title,
                year=str(item.year),
                month=item.month,
                due=item.due_date.isoformat() if item.due_date else "-",
                flag=flag,
            )
        buttons.append((f"{item.kind}.{item.ref_id}.{item.year}.{item.month}", label))
    return {"items": buttons, "empty": not buttons, "count": len(buttons)}


async def on_pending(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    parts = item_id.split(".")
    numbers = [item_int(p, least=0) for p in parts[1:]]
    if len(parts) != 4 or None in numbers or not numbers[0]:
        await tell(manager, callback, "problem-changed")
        return
    kind, (ref, year, month) = parts[0], numbers
    if kind == "problem":
        await manager.start(ProblemItem.view, data={"problem_id": ref})
    elif kind == "register_sign":
        await manager.start(ProblemRegisterFlow.view, data={"register_id": ref})
    elif kind == "register_submit":
        await manager.start(
            ProblemRegisterFlow.submit, data={"community_id": ref, "year": year, "month": month}
        )
    else:
        await tell(manager, callback, "problem-changed")


def make_pending_dialog() -> Dialog:
    return Dialog(
        button_window(
            L("problem-pending-title"),
            L("problem-pending-empty", when="empty"),
            L("problem-pending-count", when="items"),
            choices(PENDING_ID, "items", on_pending),
            Cancel(L("btn-back")),
            getter=pending_getter,
            state=ProblemsPending.items,
        ),
    )
