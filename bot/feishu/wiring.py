"""The Feishu side of `gridbot run` (FEISHU_APP_ID set): its aiogram Bot on a FeishuSession, fed by its events into
the same Dispatcher as Telegram's, and the directory lookup onboarding uses (dp["directory_mobile"])."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode

from bot.config import Settings
from bot.feishu.api import FeishuApi, FeishuApiError, domain_url
from bot.feishu.events import Toasts
from bot.feishu.ids import FEISHU_BOT_TOKEN
from bot.feishu.inbound import run_http, run_ws
from bot.feishu.receiver import FeishuReceiver
from bot.feishu.session import FeishuSession
from bot.plain_text import PlainTextFields
from bot.telegram_retry import RetryInUpdate
from storage.db import Database
from storage.messenger_ids import USER, MessengerIds

log = logging.getLogger("gridbot.feishu")


@dataclass
class Feishu:
    bot: Bot
    session: FeishuSession
    receiver: FeishuReceiver
    api: FeishuApi
    ids: MessengerIds

    async def directory_mobile(self, user_id: int) -> str | None:
        """The mobile Feishu's directory holds for this user (onboarding), or None: none, or not readable."""
        open_id = await self.ids.external(user_id, USER)
        if open_id is None:
            return None
        try:
            return await self.api.user_mobile(open_id)
        except FeishuApiError as exc:
            log.warning("feishu directory lookup refused (%s)", exc.code)
            return None


def make_feishu(
    settings: Settings,
    db: Database,
    dp: Dispatcher,
    clock: Callable[[], datetime],
    telegram: Bot | None = None,
    api: FeishuApi | None = None,
) -> Feishu:
    if not settings.feishu_app_id or settings.feishu_app_secret is None:
        raise ValueError("FEISHU_APP_ID and FEISHU_APP_SECRET are both needed")
    api = api or FeishuApi(
        settings.feishu_app_id, settings.feishu_app_secret.get_secret_value(), settings.feishu_domain
    )
    ids = MessengerIds(db)
    toasts = Toasts()
    session = FeishuSession(api, ids, toasts, telegram=telegram)
    session.middleware(RetryInUpdate())  # a 429 while answering someone is waited out, as on Telegram
    session.middleware(PlainTextFields())
    bot = Bot(FEISHU_BOT_TOKEN, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    receiver = FeishuReceiver(dp, bot, db, ids, toasts, clock, session.cards)
    feishu = Feishu(bot, session, receiver, api, ids)
    dp["directory_mobile"] = feishu.directory_mobile  # dialogs.onboarding: binding by the directory's mobile
    return feishu


async def serve_feishu(feishu: Feishu, settings: Settings, stop: asyncio.Event) -> None:
    """Take Feishu's events until `stop`: the updates a stopped process left first, then HTTP or the long connection."""
    await feishu.receiver.left_over()
    if settings.feishu_mode == "http":
        await run_http(feishu.receiver, settings, stop)
    else:
        await run_ws(feishu.receiver, settings, domain_url(settings.feishu_domain), stop)
    await feishu.receiver.finish(15)
