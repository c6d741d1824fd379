"""FeishuSession: the single door every outgoing call of an aiogram Bot passes (`BaseSession.make_request`), turned
into Feishu Open API calls (`bot.feishu.api`), answered with the aiogram objects the dialogs expect.

Every message is an interactive card (`bot.feishu.markup`), so any of them can be edited (PATCH) later; a photo is a
card with the uploaded image; a document is a file message (its caption a card after it). A press's answer
(AnswerCallbackQuery) is the toast of the card callback's response while Feishu still waits for it
(`bot.feishu.events.Toasts`), else nothing. Ids are integers from `storage.messenger_ids`.
"""

from __future__ import annotations

import io
import json
import logging
from collections import OrderedDict
from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from typing import Any, Protocol

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMessage,
    EditMessageCaption,
    EditMessageMedia,
    EditMessageReplyMarkup,
    EditMessageText,
    GetFile,
    GetMe,
    SendChatAction,
    SendDocument,
    SendLocation,
    SendMediaGroup,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import Chat, File, InputFile, Message, PhotoSize, User

from bot.feishu.api import FeishuApiError, Sent
from bot.feishu.markup import card_json
from storage.messenger_ids import MESSAGE, USER, MessengerIds

log = logging.getLogger("gridbot.feishu")

# The Bot API methods with nothing to do on Feishu (the command list, webhooks, "typing…").
NO_OPS = frozenset(
    {"setMyCommands", "deleteMyCommands", "deleteWebhook", "setWebhook", "sendChatAction", "close", "logOut"}
)
# Feishu's codes for a message that is gone or cannot be changed, and for a user the bot may not reach.
GONE = frozenset({230011, 231003, 230001})
FORBIDDEN = frozenset({230013, 230006, 230027})
EDIT_RATE = 230020  # more than 5 edits a second of one message
IMAGE, FILE = (
    "fsimg",
    "fsfile",
)  # our file ids: "fsimg:<message_id>:<image_key>", "fsfile:<message_id>:<file_key>"
CARDS_KEPT = 5000


class Api(Protocol):
    async def send(self, receive_id: str, msg_type: str, content: str, id_type: str = ...) -> Sent: ...
    async def patch(self, message_id: str, content: str) -> None: ...
    async def delete(self, message_id: str) -> None: ...
    async def upload_image(self, data: bytes) -> str: ...
    async def upload_file(self, data: bytes, name: str) -> str: ...
    async def download(self, message_id: str, key: str, kind: str) -> bytes: ...


class Refused(Exception):
    """What Telegram would refuse with a 400: the chat, message or file is not known here."""


def file_id(kind: str, message_id: str, key: str) -> str:
    return f"{kind}:{message_id}:{key}"


class FeishuSession(BaseSession):
    def __init__(self, api: Api, ids: MessengerIds, toasts: Any = None, telegram: Bot | None = None) -> None:
        # Bot.download builds a file URL from `api.file`: it carries the file id through to `stream_content`.
        super().__init__(api=TelegramAPIServer(base="feishu:{token}/{method}", file="feishu-file:{path}"))
        self.feishu, self.ids, self.toasts, self.telegram = api, ids, toasts, telegram
        # What each card shows (text, keyboard, image key): PATCH sends the whole card, and an edit of the keyboard
        # alone needs the rest. Kept for the latest CARDS_KEPT messages; an older one's keyboard edit is refused.
        self.cards: OrderedDict[int, tuple[str | None, Any, str | None]] = OrderedDict()

    async def close(self) -> None:
        pass

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield await self._file_bytes(url.removeprefix("feishu-file:"))

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        try:
            return await self._request(bot, method)
        except FeishuApiError as exc:
            raise _as_telegram_error(method, exc) from exc
        except Refused as exc:
            raise TelegramBadRequest(method, str(exc)) from exc
        except (TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter, TelegramServerError):
            raise
        except OSError as exc:  # httpx's connection errors are OSErrors underneath; the stand-in gone
            raise TelegramNetworkError(method, type(exc).__name__) from exc

    async def _request(self, bot: Bot, method: Any) -> Any:
        name = method.__api_method__
        if name in NO_OPS or isinstance(method, SendChatAction):
            return True
        if isinstance(method, GetMe):
            return User(id=bot.id, is_bot=True, first_name="GridBot", username="gridbot_feishu")
        if isinstance(method, AnswerCallbackQuery):
            if self.toasts is not None and method.text:
                self.toasts.answer(method.callback_query_id, method.text)
            return True
        if isinstance(method, SendMessage):
            return await self._send_card(bot, method.chat_id, method.text, method.reply_markup)
        if isinstance(method, SendPhoto):
            key = await self._image_key(method.photo)
            return await self._send_card(bot, method.chat_id, method.caption, method.reply_markup, key)
        if isinstance(method, SendMediaGroup):
            sent = []
            for item in method.media:
                key = await self._image_key(item.media)
                sent.append(await self._send_card(bot, method.chat_id, item.caption, None, key))
            return sent
        if isinstance(method, SendDocument):
            return await self._send_document(bot, method)
        if isinstance(method, SendLocation):
            text = f"📍 {method.latitude:.6f}, {method.longitude:.6f}"
            return await self._send_card(bot, method.chat_id, text, method.reply_markup)
        if isinstance(
            method, EditMessageText | EditMessageCaption | EditMessageReplyMarkup | EditMessageMedia
        ):
            return await self._edit(bot, method)
        if isinstance(method, DeleteMessage):
            external = await self._message(method.message_id)
            await self.feishu.delete(external)
            self.cards.pop(int(method.message_id), None)
            return True
        if isinstance(method, GetFile):
            unique = method.file_id.rsplit(":", 1)[-1]
            return File(file_id=method.file_id, file_unique_id=unique, file_path=method.file_id)
        raise TelegramBadRequest(method, f"{name} is not available on Feishu")

    async def _receiver(self, chat_id: int | str) -> str:
        external = await self.ids.external(int(chat_id), USER)
        if external is None:
            raise Refused("chat not found")
        return external

    async def _message(self, message_id: int | str | None) -> str:
        external = await self.ids.external(int(message_id or 0), MESSAGE)
        if external is None:
            raise Refused("message to edit not found")
        return external

    async def _send_card(
        self, bot: Bot, chat_id: int | str, text: str | None, markup: Any, image_key: str | None = None
    ) -> Message:
        receiver = await self._receiver(chat_id)
        sent = await self.feishu.send(receiver, "interactive", card_json(text, markup, image_key))
        number = await self.ids.number(MESSAGE, sent.message_id)
        self._keep(number, (text, markup, image_key))
        return _message(bot, number, int(chat_id), sent, text, markup, image_key)

    def _keep(self, number: int, shown: tuple[str | None, Any, str | None]) -> None:
        self.cards[number] = shown
        self.cards.move_to_end(number)
        while len(self.cards) > CARDS_KEPT:
            self.cards.popitem(last=False)

    async def _edit(self, bot: Bot, method: Any) -> Any:
        if method.inline_message_id is not None or method.message_id is None:
            raise TelegramBadRequest(method, "inline messages do not exist on Feishu")
        number = int(method.message_id)
        before = self.cards.get(number)
        if before is None and not isinstance(method, EditMessageText):
            raise TelegramBadRequest(
                method, "message can't be edited"
            )  # its picture and text are not known here
        text, markup, image_key = before or (None, None, None)
        if isinstance(method, EditMessageText):
            text, markup = method.text, method.reply_markup
        elif isinstance(method, EditMessageCaption):
            text, markup = method.caption, method.reply_markup
        elif isinstance(method, EditMessageReplyMarkup):
            markup = method.reply_markup
        else:
            image_key = await self._image_key(method.media.media)
            text, markup = method.media.caption, method.reply_markup
        if before == (text, markup, image_key):
            raise TelegramBadRequest(method, "message is not modified")
        await self.feishu.patch(await self._message(number), card_json(text, markup, image_key))
        self._keep(number, (text, markup, image_key))
        chat_id = int(method.chat_id) if method.chat_id is not None else 0
        return _message(bot, number, chat_id, None, text, markup, image_key)

    async def _send_document(self, bot: Bot, method: SendDocument) -> Message:
        data, name = await self._input_bytes(method.document)
        file_key = await self.feishu.upload_file(data, name or "file")
        receiver = await self._receiver(method.chat_id)
        sent = await self.feishu.send(receiver, "file", json.dumps({"file_key": file_key}))
        if method.caption:
            await self._send_card(bot, method.chat_id, method.caption, method.reply_markup)
        number = await self.ids.number(MESSAGE, sent.message_id)
        return _message(bot, number, int(method.chat_id), sent, method.caption, None, None)

    async def _image_key(self, photo: Any) -> str:
        data, _name = await self._input_bytes(photo)
        return await self.feishu.upload_image(data)

    async def _input_bytes(self, given: Any) -> tuple[bytes, str | None]:
        """The bytes of what a method sends: a file on disk or in memory (aiogram's InputFile), or a file id (one a
        Feishu user sent, downloaded from Feishu; or a Telegram one, downloaded by the Telegram bot)."""
        if isinstance(given, InputFile):
            buffer = io.BytesIO()
            async for chunk in given.read(self):  # type: ignore[arg-type]
                buffer.write(chunk)
            return buffer.getvalue(), given.filename
        return await self._file_bytes(str(given)), None

    async def _file_bytes(self, file: str) -> bytes:
        kind, _, rest = file.partition(":")
        if kind in (IMAGE, FILE):
            message_id, _, key = rest.partition(":")
            return await self.feishu.download(message_id, key, "image" if kind == IMAGE else "file")
        if self.telegram is not None:  # a photo a Telegram user sent, now shown to someone on Feishu
            buffer = io.BytesIO()
            await self.telegram.download(file, destination=buffer)
            return buffer.getvalue()
        raise Refused("wrong file identifier")


def _message(
    bot: Bot,
    number: int,
    chat_id: int,
    sent: Sent | None,
    text: str | None,
    markup: Any,
    image_key: str | None,
) -> Message:
    created = sent.create_time_ms if sent is not None else None
    date = datetime.fromtimestamp(created / 1000, UTC) if created else datetime.now(UTC)
    photo = [PhotoSize(file_id=image_key, file_unique_id=image_key, width=0, height=0)] if image_key else None
    fields: dict[str, Any] = {"caption": text} if image_key else {"text": text}
    keyboard = markup if markup is not None and markup.__class__.__name__ == "InlineKeyboardMarkup" else None
    return Message(
        message_id=number,
        date=date,
        chat=Chat(id=chat_id, type="private"),
        from_user=User(id=bot.id, is_bot=True, first_name="GridBot"),
        photo=photo,
        reply_markup=keyboard,
        **fields,
    ).as_(bot)


def _as_telegram_error(method: Any, exc: FeishuApiError) -> Exception:
    if exc.retry_after is not None:
        return TelegramRetryAfter(method, exc.msg, int(max(1, round(exc.retry_after))))
    if exc.code == EDIT_RATE:
        return TelegramRetryAfter(method, exc.msg, 1)
    if exc.status >= 500:
        return TelegramServerError(method, exc.msg)
    if exc.code in FORBIDDEN:
        return TelegramForbiddenError(method, exc.msg)
    if exc.code in GONE:
        return TelegramBadRequest(method, f"message to edit not found ({exc.code})")
    return TelegramBadRequest(method, f"{exc.code}: {exc.msg}")
