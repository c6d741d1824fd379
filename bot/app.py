"""Wiring: the Bot (pointed at Telegram, a local Bot API server or the sandbox), the dispatcher and its storage."""

from __future__ import annotations

import asyncio
import functools
import logging
import secrets
import signal
import string
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.dispatcher.event.bases import UNHANDLED, CancelHandler, SkipHandler
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.types import ErrorEvent
from aiogram_dialog import setup_dialogs
from aiogram_dialog.api.entities import stack as dialog_stack

from bot.chat_commands import ChatCommands
from bot.clock import Clock, utc_now
from bot.config import Settings
from bot.exports_worker import ExportWorker
from bot.inbox import Inbox, InboxDispatcher
from bot.middlewares import ContextMiddleware
from bot.plain_text import PlainTextFields
from bot.response_types import KeepResponseTypes
from bot.sender import OutboxSender
from bot.sender.robots import RobotSender, send_test
from bot.telegram_retry import RetryInUpdate, TelegramUnusable, in_update, retrying, wait_for_telegram
from dialogs import get_routers
from dialogs.command_list import bot_commands
from dialogs.widgets import OnceAnsweringMessageManager
from locales import LOCALES
from reminders.engine import ReminderEngine
from reminders.kinds import all_kinds
from reminders.scheduler import make_scheduler
from reports import charts
from services.problems import ProblemConfig, resend_unacknowledged
from storage import outbox
from storage.db import Database
from storage.fsm import SqlStorage
from storage.instance_lock import single_instance
from storage.migrate import upgrade

log = logging.getLogger("gridbot")
UPDATE_STOP_SECONDS = 15
SENDER_STOP_SECONDS = 10
TASK_STOP_SECONDS = 10  # the urgent watch, the exports and the reminder runs


def make_bot(settings: Settings, token: str | None = None) -> Bot:
    token = token or (settings.bot_token.get_secret_value() if settings.bot_token else None)
    if not token:
        raise ValueError("BOT_TOKEN is not set")
    proxy = settings.telegram_proxy.get_secret_value() if settings.telegram_proxy else None
    try:  # through TELEGRAM_PROXY, where Telegram cannot be reached directly (aiogram's proxy: aiohttp-socks)
        session = AiohttpSession(
            api=TelegramAPIServer.from_base(settings.telegram_api_base.rstrip("/")), proxy=proxy
        )
    except RuntimeError as exc:  # aiogram's "install aiohttp-socks"
        raise TelegramUnusable("cli-telegram-proxy-missing") from exc
    except ValueError as exc:  # aiohttp-socks could not read the URL; its message is not said (the password)
        raise TelegramUnusable("cli-telegram-proxy-invalid") from exc
    # A 429, 5xx or lost connection while answering someone is retried (bot.telegram_retry).
    session.middleware(RetryInUpdate())
    # Answers parsed without rebuilding their types (bot.response_types).
    session.middleware(KeepResponseTypes())
    # Labels, pop-up answers and command descriptions are plain text, not HTML (bot.plain_text).
    session.middleware(PlainTextFields())
    return Bot(token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))


def make_storage(settings: Settings, db: Database) -> tuple[BaseStorage, BaseEventIsolation]:
    """The dialog (FSM) storage and the per-chat lock, from the settings: the one factory of the app and the tests.

    With REDIS_URL both live in Redis, shared by every instance; the lock's keys are built by the storage's own key
    builder, with the destiny: aiogram-dialog locks per dialog destiny, and aiogram's Redis lock refuses a destiny
    its key builder cannot put in a key (a ValueError every update, which aiogram-dialog's error middleware then
    hides behind KeyError 'aiogd_context'); the lock is renewed while held, so a dead instance's lapses within seconds
    (storage.redis_lock). Without Redis: the database and a lock inside this process."""
    if settings.redis_url:
        from aiogram.fsm.storage.redis import RedisStorage

        from storage.redis_lock import RenewedRedisEventIsolation

        storage = RedisStorage.from_url(
            settings.redis_url, key_builder=DefaultKeyBuilder(with_destiny=True, with_bot_id=True)
        )
        return storage, RenewedRedisEventIsolation(storage.redis, key_builder=storage.key_builder)
    return SqlStorage(db), SimpleEventIsolation()


def make_dispatcher(settings: Settings, db: Database, *, clock: Clock = utc_now) -> InboxDispatcher:
    storage, isolation = make_storage(settings, db)
    _use_unique_intent_ids()
    # Long polling goes through bot.inbox once build_app gives the dispatcher its Inbox.
    dp = InboxDispatcher(storage=storage, events_isolation=isolation)
    dp.update.outer_middleware(in_update())
    # Registered after aiogram's own (errors, user context, FSM with the person's lock), so they run inside them,
    # in this order: the batch of dialog writes, then error handling, then the per-update context.
    if isinstance(storage, SqlStorage):
        dp.update.outer_middleware(_fsm_batch(storage))
    dp.update.outer_middleware(_errors_inside_the_update(dp))
    commands = dp["chat_commands"] = ChatCommands()
    dp.update.outer_middleware(ContextMiddleware(db, settings, clock, commands))
    dp.include_routers(*get_routers())
    setup_dialogs(dp, events_isolation=isolation, message_manager=OnceAnsweringMessageManager())
    return dp


INTENT_ID_SYMBOLS = string.digits + string.ascii_letters  # as aiogram-dialog's own ids
INTENT_ID_LENGTH = 8  # 62**8 ≈ 2·10**14 ids: two dialogs of one chat never get the same one


def _new_intent_id() -> str:
    return "".join(secrets.choice(INTENT_ID_SYMBOLS) for _ in range(INTENT_ID_LENGTH))


def _use_unique_intent_ids() -> None:
    """aiogram-dialog names each opened dialog (its "intent", the key of its stored context and the prefix of its
    buttons' callback data) after the current second plus one of only 100 random numbers, so two dialogs opened
    within one second share their id once in a hundred: a dialog started from the menu then overwrites the menu's
    stored context, and its ⬅️ 返回 finds no menu to return to (UnknownIntent, "Stack is broken"). Every dialog gets
    an id of its own instead; ids stay short and of the same letters, as callback data is at most 64 bytes."""
    if not callable(getattr(dialog_stack, "new_id", None)):  # a later aiogram-dialog: look again, don't guess
        raise RuntimeError("aiogram_dialog.api.entities.stack.new_id is gone: check how intent ids are made")
    dialog_stack.new_id = _new_intent_id


async def register_commands(bot: Bot) -> None:
    """The command list by the Telegram app's language; /lang then sets each person's own (dialogs.language). A
    failure (Telegram unreachable for longer than the retries) is logged: the bot serves without the list."""
    try:
        with retrying():
            for locale in LOCALES:
                await bot.set_my_commands(
                    bot_commands(locale), language_code=None if locale == "zh-CN" else locale[:2]
                )
    except TelegramAPIError as exc:
        log.warning(
            "the command list was not set (%s); it is set again at the next start", type(exc).__name__
        )


@dataclass
class App:
    settings: Settings
    db: Database
    bot: Bot
    dp: Dispatcher
    sender: OutboxSender
    clock: Clock = utc_now
    reminders: ReminderEngine | None = None
    exports: ExportWorker | None = None
    robots: RobotSender | None = None  # issue 20: the group robots' sender
    # Issue 19: bot.feishu.wiring.Feishu with FEISHU_APP_ID (`bot` is then its bot when there is no BOT_TOKEN).
    feishu: Any = None


async def build_app(settings: Settings, clock: Clock = utc_now) -> App:
    # First: a TELEGRAM_PROXY it cannot use stops the start before the database is opened.
    telegram = make_bot(settings) if settings.bot_token or not settings.feishu_app_id else None
    db = Database(settings.database_url)
    await upgrade(db)
    dp = make_dispatcher(settings, db, clock=clock)
    dp.inbox = Inbox(db, clock)  # long polling records each update before Telegram forgets it
    feishu = None
    if settings.feishu_app_id:  # issue 19: lark_oapi is imported only then
        from bot.feishu.wiring import make_feishu

        feishu = make_feishu(settings, db, dp, clock, telegram=telegram)
    bot = telegram or feishu.bot  # type: ignore[union-attr]  # one of the two is set
    sender = OutboxSender(
        bot,
        db,
        clock,
        per_second=settings.send_rate_per_second,
        chat_interval=settings.send_chat_interval,
        feishu_bot=feishu.bot if feishu is not None and telegram is not None else None,
    )
    # Whatever a handler queued goes out right after the update, not at the next poll.
    dp.update.outer_middleware.register(_wake_sender(sender))
    reminders = ReminderEngine(db, settings, all_kinds(), clock, on_queued=sender.wake)
    exports = ExportWorker(bot, db, clock, settings.media_dir / "exports", feishu_bot=sender.feishu_bot)
    dp["export_wake"] = exports.wake  # dialogs.export: a queued export starts at once
    robots = RobotSender(db, clock, default_locale=settings.default_locale, on_queued=sender.wake)
    dp["channel_test"] = functools.partial(send_test, db, clock=clock)  # dialogs.admin_channels
    return App(settings, db, bot, dp, sender, clock, reminders, exports, robots, feishu)


def _fsm_batch(storage: SqlStorage):
    """Dialog state changed while handling an update is stored in one write when the update is done."""

    async def middleware(handler, event, data):
        async with storage.batch():
            return await handler(event, data)

    return middleware


def _errors_inside_the_update(dp: Dispatcher):
    """Error handlers run while the update still holds the person's lock and its batch of dialog writes.

    aiogram calls them from its outermost middleware, after FSMContextMiddleware has released the lock: a stale
    press's handler (dialogs.errors: answer, then a new menu) then ran beside the person's next update, and
    aiogram-dialog's error middleware even stores the new stack after its own stack lock is released, so a quick
    next press found a half-made stack, and the handler's writes bypassed the batch. Here they run as aiogram's
    ErrorsMiddleware would run them, one level in; an error no handler takes goes on to aiogram's own."""

    async def middleware(handler, event, data):
        try:
            return await handler(event, data)
        except (SkipHandler, CancelHandler):
            raise
        except Exception as exc:
            response = await dp.propagate_event(
                update_type="error", event=ErrorEvent(update=event, exception=exc), **data
            )
            if response is UNHANDLED:
                raise
            return response

    return middleware


def _wake_sender(sender: OutboxSender):
    """After an update that queued something, the sender looks at the outbox at once; after the others (most button
    presses) it is left alone: it looks every second anyway, and a look per update was a tenth of the bot's CPU."""

    async def middleware(handler, event, data):
        with outbox.watching() as queued:
            try:
                return await handler(event, data)
            finally:
                if queued[0]:
                    sender.wake()

    return middleware


async def run(settings: Settings) -> None:
    """`gridbot run`: long polling, or a webhook server when WEBHOOK_URL is set; the outbox sender runs beside it.
    Without Redis one instance per database (storage.instance_lock): a second raises InstanceRunning."""
    if settings.redis_url:
        await _serve(settings)
        return
    async with single_instance(settings.database_url):
        await _serve(settings)


async def _serve(settings: Settings) -> None:
    app = await build_app(settings)
    try:  # Telegram reached first (one line a try while it cannot be), then everything starts
        if settings.bot_token or app.feishu is None:
            await wait_for_telegram(
                app.bot,
                locale=settings.default_locale,
                api_base=settings.telegram_api_base,
                proxy=settings.telegram_proxy.get_secret_value() if settings.telegram_proxy else None,
            )
    except BaseException:  # TelegramUnusable, or Ctrl-C while waiting: nothing started yet but these
        await app.dp.storage.close()
        await app.bot.session.close()
        await app.db.dispose()
        raise
    sender_task = asyncio.create_task(app.sender.run_forever(), name="outbox-sender")
    robots_task = asyncio.create_task(app.robots.run_forever(), name="robots") if app.robots else None
    # 即报即办 re-sends run on their own loop (every PROBLEM_WATCH_SECONDS): the scheduler runs each kind once a day.
    watch_stop = asyncio.Event()
    watch_task = asyncio.create_task(
        urgent_watch(app, ProblemConfig.from_settings(settings), settings.problem_watch_seconds, watch_stop),
        name="urgent-watch",
    )
    # Exports (📊) are built one at a time beside the bot; a job left running by the last stop is taken up again.
    exports_task = asyncio.create_task(app.exports.run_forever(), name="exports") if app.exports else None
    scheduler = make_scheduler(app.reminders) if app.reminders else None
    if scheduler is not None:
        # The digests' chart workers (matplotlib, ≈ 150 MB each) start with the first digest that draws charts,
        # not here: a bot that is idle holds no worker process (reports.charts.render_all).
        scheduler.start()
    feishu_stop = asyncio.Event()  # issue 19: Feishu's events beside Telegram's (bot.feishu.wiring)
    feishu_task = None
    if app.feishu is not None:
        from bot.feishu.wiring import serve_feishu

        feishu_task = asyncio.create_task(serve_feishu(app.feishu, settings, feishu_stop), name="feishu")
    # The command list is set beside the first updates, not before them: the first answer after a start waits for
    # no call it does not need (issue 14), and a list that failed is set again at the next start.
    commands_task = asyncio.create_task(register_commands(app.bot), name="command-list")
    try:
        if feishu_task is not None and not settings.bot_token:
            await _until_signal(feishu_task)  # Feishu only: until SIGINT/SIGTERM (or its server failed)
        elif settings.webhook_url:
            from bot.webhook import run_webhook  # aiohttp's web server: only in webhook mode

            await run_webhook(app.dp, app.bot, settings, settings.webhook_url, UPDATE_STOP_SECONDS)
        else:
            with retrying():
                await app.bot.delete_webhook(drop_pending_updates=False)
            await app.dp.start_polling(app.bot, handle_signals=True, close_bot_session=False)
    finally:
        # Each loop is asked to stop and given time to finish the round in hand: cancelling one inside a query
        # would cut its transaction and leave SQLAlchemy rolling back under a CancelledError.
        watch_stop.set()
        feishu_stop.set()
        commands_task.cancel()  # still being set (Telegram slow to answer): set again at the next start
        if feishu_task is not None:  # its updates in hand are finished (bot.feishu.receiver.finish)
            await _stop_task(feishu_task, UPDATE_STOP_SECONDS)
        if app.exports is not None:  # an export cut short is given back and built again at the next start
            app.exports.stop()
        # A reminder run cut short (past TASK_STOP_SECONDS) leaves its slot free, rolled back, for the next start.
        if scheduler is not None:
            await scheduler.stop(TASK_STOP_SECONDS)
        await _stop_task(watch_task, TASK_STOP_SECONDS)
        if exports_task is not None:
            await _stop_task(exports_task, TASK_STOP_SECONDS)
        charts.shutdown()  # the digest charts' worker processes, if a digest started them
        await _finish_updates_in_flight(app.dp)
        await asyncio.wait({commands_task})
        await app.dp["chat_commands"].close()  # a command list being set is set again after the next start
        app.sender.stop()
        if app.robots is not None and robots_task is not None:
            app.robots.stop()
            await _stop_task(robots_task, SENDER_STOP_SECONDS)
        # A call still in progress after this (a slow upload) is cut: its row was claimed, and is sent again when its
        # lease ends (bot.sender: the call's timeout plus LEASE_MARGIN); nothing else is held.
        await _stop_task(sender_task, SENDER_STOP_SECONDS)
        await app.dp.storage.close()
        await app.bot.session.close()
        await app.db.dispose()


async def _until_signal(task: asyncio.Task[Any]) -> None:
    """Wait for SIGINT/SIGTERM (a service manager's stop), or for `task` to end (its exception raised)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    waiter = asyncio.create_task(stop.wait())
    await asyncio.wait({waiter, task}, return_when=asyncio.FIRST_COMPLETED)
    waiter.cancel()
    if task.done() and not task.cancelled() and task.exception() is not None:
        raise task.exception()  # type: ignore[misc]


async def _stop_task(task: asyncio.Task[Any], timeout: float) -> None:
    """Wait for a task that was asked to stop; cancel it only if it has not finished within `timeout`."""
    done, _ = await asyncio.wait({task}, timeout=timeout)
    if not done:
        log.warning("%s did not stop in %s s", task.get_name(), timeout)
        task.cancel()
    with suppress(asyncio.CancelledError):
        await task


async def urgent_watch(
    app: App, config: ProblemConfig, interval: float, stop: asyncio.Event | None = None
) -> None:
    """Re-send unacknowledged special/major items (services.problems.resend_unacknowledged) every `interval`,
    until `stop` is set."""
    stop = stop or asyncio.Event()
    while True:
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval)
        if stop.is_set():
            return
        try:
            if await resend_unacknowledged(app.db, app.clock(), config):
                app.sender.wake()
        except Exception as exc:  # logged without its message (bot.logs); the next round tries again
            log.error("urgent watch failed (%s)", type(exc).__name__, exc_info=exc)


async def _finish_updates_in_flight(owner: object, timeout: float = UPDATE_STOP_SECONDS) -> None:
    """Let the updates being handled finish before the HTTP session closes, so nobody's answer is cut off.

    aiogram's polling (the Dispatcher) and its webhook handler return without waiting for their handler tasks and
    keep them in private sets; if a later aiogram renames them, this waits for nothing, which is aiogram's own
    behaviour."""
    tasks = set(getattr(owner, "_handle_update_tasks", ())) | set(
        getattr(owner, "_background_feed_update_tasks", ())
    )
    if tasks:
        await asyncio.wait(tasks, timeout=timeout)
