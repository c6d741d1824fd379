"""/digest: today's, last week's or last month's digest on demand, for the reader's scope; and the 催办 (nudge)
buttons under a digest's overdue items, which remind the item's owner through the outbox, once a day per item.

The digest is sent as plain messages (and a chart) below the chooser, which is shown again under them; it is a
reply to the reader, not a notification, so it goes straight to Telegram."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Router
from aiogram.types import BufferedInputFile, CallbackQuery
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.kbd import Button, Cancel

from dialogs.buttons import NudgeButton, stale
from dialogs.guard import StaleGuard
from dialogs.states import DigestView
from dialogs.telegram_markup import inline_keyboard
from dialogs.widgets import L, actor_of, answer_callback, hint_input
from domain.roles import NUDGERS, Action, Actor
from domain.settings import Settings
from locales import tr_text
from reminders.digests import chart_for, digest_for, draw_charts, gather, nudge_buttons
from reports.digest import scope_title
from services.calendar import cached_work_calendar
from services.digest import Nudged, communities, nudge, scope_of


async def choose_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    db = dialog_manager.middleware_data["db"]
    async with db.session() as session:
        scope = await scope_of(session, actor.onboarded_id)
        names = await communities(session) if scope else {}
    return {
        "has_scope": scope is not None,
        "no_scope": scope is None,
        "scope": scope_title(actor.locale, scope, names) if scope else "",
    }


async def on_kind(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    actor = actor_of(manager)
    if not actor.can(Action.DIGEST):
        await answer_callback(
            callback, tr_text(actor.locale, "no-permission", action=tr_text(actor.locale, "action-digest"))
        )
        return
    db = manager.middleware_data["db"]
    settings: Settings = manager.middleware_data["settings"]
    now = manager.middleware_data["clock"]()
    kind = button.widget_id.removeprefix("digest_")  # type: ignore[union-attr]
    await answer_callback(callback, tr_text(actor.locale, "digest-working"), alert=False)
    cal = await cached_work_calendar(db)
    today = now.astimezone(ZoneInfo(settings.timezone)).date()
    async with db.read_session() as session:  # a whole sub-district's month: no write lock held on SQLite
        scope = await scope_of(session, actor.onboarded_id)
        built = await gather(session, kind, today, cal, settings) if scope is not None else None
    if scope is None or built is None:
        await answer_callback(callback, tr_text(actor.locale, "digest-no-scope"))
        return
    digest = digest_for(built, scope, actor.locale, settings)
    chat_id = callback.message.chat.id  # type: ignore[union-attr]
    bot = callback.bot
    for index, text in enumerate(digest.parts):
        markup = None
        if (
            index == digest.nudge_part
            and actor.roles & NUDGERS
            and (rows := nudge_buttons(digest, actor.locale))
        ):
            # the scheduled digest's buttons (reminders.digests), in Telegram's markup as the sender makes it
            markup = inline_keyboard(rows)
        await bot.send_message(chat_id, text, reply_markup=markup)  # type: ignore[union-attr]
    await draw_charts(built, [(scope, actor.locale)])
    chart = chart_for(built, scope, actor.locale)
    if chart is not None:
        await bot.send_photo(  # type: ignore[union-attr]
            chat_id, BufferedInputFile(chart.png, filename=f"digest-{kind}.png"), caption=chart.caption
        )
    manager.show_mode = ShowMode.SEND


async def on_stale_nudge(callback: CallbackQuery, actor: Actor) -> None:
    await answer_callback(callback, tr_text(actor.locale, "digest-nudge-gone"))


async def on_nudge(
    callback: CallbackQuery, callback_data: NudgeButton, actor: Actor, db, settings: Settings, clock
) -> None:
    locale = actor.locale
    result = await nudge(
        db,
        callback_data.problem_id,
        actor.onboarded_id,
        clock(),
        ZoneInfo(settings.timezone),
        settings.default_locale,
    )
    messages = {
        Nudged.SENT: ("digest-nudge-sent", {"owner": result.name}),
        Nudged.ALREADY: ("digest-nudge-already", {"name": result.name}),
        Nudged.GONE: ("digest-nudge-gone", {}),
        Nudged.UNREACHABLE: ("digest-nudge-unreachable", {"owner": result.name}),
        Nudged.NOT_YOURS: ("digest-nudge-not-yours", {}),
    }
    msg_id, args = messages[result.outcome]
    await answer_callback(callback, tr_text(locale, msg_id, **args), alert=result.outcome is not Nudged.SENT)


def make_router() -> Router:
    router = Router(name="digest-nudges")
    router.callback_query.register(on_nudge, NudgeButton.filter())
    router.callback_query.register(on_stale_nudge, stale(NudgeButton))
    return router


def make_dialog() -> Dialog:
    return Dialog(
        Window(
            L("digest-choose", when="has_scope"),
            L("digest-no-scope", when="no_scope"),
            Button(L("digest-kind-daily"), id="digest_daily", on_click=on_kind, when="has_scope"),
            Button(L("digest-kind-weekly"), id="digest_weekly", on_click=on_kind, when="has_scope"),
            Button(L("digest-kind-monthly"), id="digest_monthly", on_click=on_kind, when="has_scope"),
            Cancel(L("btn-back")),
            hint_input(),
            StaleGuard(),
            getter=choose_getter,
            state=DigestView.choose,
        )
    )
