"""The buttons of call-out alerts and of the caller's live roll (`co:<verb>:<id>:<version>`, checked against the
database): 马上到, 无法到场 with its reason, 结束 with the outcome, and the timeline export.
"""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode
from aiogram_dialog.widgets.kbd import Cancel

from dialogs.buttons import CalloutButton, stale
from dialogs.guard import restart_at_menu
from dialogs.problem_widgets import tell, typed_window
from dialogs.states import CalloutAnswer, CalloutClose
from dialogs.widgets import L, actor_of, answer_callback, now_of, start_data
from domain import callouts as rules
from domain.callouts import Answer
from locales import tr
from reports.callout_export import export
from services import callouts as service
from services.callouts import CANNOT, END, EXPORT, GO, CalloutConfig, Outcome


def config_of(manager: DialogManager) -> CalloutConfig:
    return CalloutConfig.from_settings(manager.middleware_data["settings"])


def db_of(manager: DialogManager):
    return manager.middleware_data["db"]


def refusal(locale: str, outcome: Outcome, callout_id: int) -> str:
    return tr(locale, f"callout-refused-{outcome.value}", id=callout_id, max=rules.MAX_REASON)


# --- buttons of the alerts and of the roll ---------------------------------------------------------------------


async def send_export(callback: CallbackQuery, manager: DialogManager, callout_id: int) -> None:
    actor = actor_of(manager)
    outcome, content, name = await export(
        db_of(manager),
        actor.onboarded_id,
        callout_id,
        actor.locale,
        config_of(manager),
    )
    if outcome is not Outcome.OK or content is None:
        await answer_callback(callback, refusal(actor.locale, outcome, callout_id))
        return
    await answer_callback(callback, tr(actor.locale, "callout-export-sent", id=callout_id), alert=False)
    await callback.bot.send_document(  # type: ignore[union-attr]
        manager.middleware_data["event_chat"].id,
        BufferedInputFile(content, filename=name),
        caption=tr(actor.locale, "callout-export-caption", id=callout_id),
    )


async def start_close(callback: CallbackQuery, manager: DialogManager, callout_id: int, version: int) -> None:
    actor = actor_of(manager)
    outcome = await service.check_manage(db_of(manager), actor.onboarded_id, callout_id, version)
    if outcome is not Outcome.OK:
        await answer_callback(callback, refusal(actor.locale, outcome, callout_id))
        return
    await manager.start(
        CalloutClose.outcome,
        data={"callout_id": callout_id, "version": version},
        mode=StartMode.NORMAL,
        show_mode=ShowMode.SEND,
    )


async def on_button(
    callback: CallbackQuery, callback_data: CalloutButton, dialog_manager: DialogManager
) -> None:
    actor = actor_of(dialog_manager)
    button = callback_data
    if actor.person_id is None:
        await restart_at_menu(callback, dialog_manager)
        return
    db = db_of(dialog_manager)
    if button.verb == GO:
        outcome = await service.answer(
            db,
            actor.person_id,
            button.callout_id,
            button.version,
            Answer.COMING,
            now_of(dialog_manager),
            config_of(dialog_manager),
        )
        key = "callout-go-done" if outcome is Outcome.OK else None
        text = (
            tr(actor.locale, key, id=button.callout_id)
            if key
            else refusal(actor.locale, outcome, button.callout_id)
        )
        await answer_callback(callback, text)
        return
    if button.verb == CANNOT:
        outcome = await service.check_answer(db, actor.person_id, button.callout_id, button.version)
        if outcome is not Outcome.OK:
            await answer_callback(callback, refusal(actor.locale, outcome, button.callout_id))
            return
        await dialog_manager.start(
            CalloutAnswer.reason,
            data={"callout_id": button.callout_id, "version": button.version},
            mode=StartMode.NORMAL,
            show_mode=ShowMode.SEND,
        )
        return
    if button.verb == END:
        await start_close(callback, dialog_manager, button.callout_id, button.version)
        return
    if button.verb == EXPORT:
        await send_export(callback, dialog_manager, button.callout_id)
        return
    await restart_at_menu(callback, dialog_manager)


def make_router() -> Router:
    router = Router(name="callout-buttons")
    router.callback_query.register(on_button, CalloutButton.filter())
    router.callback_query.register(restart_at_menu, stale(CalloutButton))  # forged, or of an older version
    return router


# --- 无法到场: the reason; 结束: the outcome ----------------------------------------------------------------------


async def _finish(message: Message, manager: DialogManager, outcome: Outcome, done_key: str) -> None:
    actor = actor_of(manager)
    callout_id = int(start_data(manager).get("callout_id", 0))
    if outcome in (Outcome.NEED_REASON, Outcome.TOO_LONG):
        max_ = rules.MAX_REASON if done_key == "callout-cannot-done" else rules.MAX_OUTCOME
        await tell(manager, message, f"callout-text-{outcome.value}", max=max_)
        return
    if outcome is Outcome.OK:
        await message.answer(tr(actor.locale, done_key, id=callout_id))
    else:
        await message.answer(refusal(actor.locale, outcome, callout_id))
    await manager.done(show_mode=ShowMode.SEND)


async def on_reason(message: Message, _w: Any, manager: DialogManager) -> None:
    start = start_data(manager)
    outcome = await service.answer(
        db_of(manager),
        actor_of(manager).onboarded_id,
        int(start.get("callout_id", 0)),
        int(start.get("version", 0)),
        Answer.CANNOT,
        now_of(manager),
        config_of(manager),
        reason=message.text,
    )
    await _finish(message, manager, outcome, "callout-cannot-done")


async def on_outcome(message: Message, _w: Any, manager: DialogManager) -> None:
    start = start_data(manager)
    outcome = await service.close(
        db_of(manager),
        actor_of(manager).onboarded_id,
        int(start.get("callout_id", 0)),
        int(start.get("version", 0)),
        message.text,
        now_of(manager),
        config_of(manager),
    )
    await _finish(message, manager, outcome, "callout-closed-done")


async def on_not_text(message: Message, _w: Any, manager: DialogManager) -> None:
    await tell(manager, message, "callout-text-only")


def make_answer_dialogs() -> list[Dialog]:
    """无法到场's reason and 结束's outcome: each one typed answer, in a dialog of its own."""
    return [
        Dialog(
            typed_window(
                L(prompt, max=max_),
                on_text,
                on_not_text,
                Cancel(L("callout-btn-cancel")),
                state=state,
            )
        )
        for prompt, max_, on_text, state in (
            ("callout-ask-reason", rules.MAX_REASON, on_reason, CalloutAnswer.reason),
            ("callout-ask-outcome", rules.MAX_OUTCOME, on_outcome, CalloutClose.outcome),
        )
    ]
