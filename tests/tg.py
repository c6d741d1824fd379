"""An in-process Telegram for tests and benchmarks: a Bot session that records calls and answers like Telegram,
and a user who sends messages, contacts and button presses through the real dispatcher (`dp.feed_update`)."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import TelegramMethod
from aiogram.types import (
    CallbackQuery,
    Chat,
    Contact,
    Document,
    File,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    PhotoSize,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
    User,
)

BOT_USER = User(id=42, is_bot=True, first_name="GridBot", username="gridbot_test_bot")
_DATE = datetime(2026, 11, 27, tzinfo=UTC)


@dataclass
class Sent:
    """A message as the user sees it (the latest version after edits)."""

    message_id: int
    chat_id: int
    text: str
    inline: list[list[tuple[str, str]]] = field(default_factory=list)  # rows of (text, callback_data)
    reply_keyboard: list[list[dict]] | None = None
    tg: Message | None = (
        None  # the Message object as the bot got it back, reused when the user presses a button
    )

    def buttons(self) -> list[str]:
        return [text for row in self.inline for text, _ in row]


class FakeTelegram(BaseSession):
    """Answers Bot API calls in memory; keeps every chat's messages and the callback answers."""

    def __init__(self) -> None:
        super().__init__()
        self._methods: list[TelegramMethod[Any]] = []
        self.messages: dict[int, dict[int, Sent]] = {}
        self.answers: dict[str, dict[str, Any]] = {}
        self.reply_keyboards: dict[int, list[list[dict]] | None] = {}
        self._ids = itertools.count(1000)
        self.blocked: set[int] = set()
        # Scripted answers for the next sendMessage calls: an exception class name and its argument.
        self.faults: list[tuple[str, int]] = []
        self.send_times: list[tuple[int, float]] = []
        self.downloads_fail = False
        self.files: dict[str, bytes] = {}  # file id -> content of documents users sent with content
        self.documents: list[dict[str, Any]] = []  # sendDocument calls: chat_id, filename, caption, bytes
        self.photos: list[dict[str, Any]] = []  # sendPhoto calls: chat_id, caption, bytes (a file) or file_id
        self.edits: list[tuple[int, int, str]] = []  # every editMessageText: chat id, message id, new text
        self.check_html = True  # refuse HTML Telegram would refuse (`_check_html`)
        self.queries_too_old = False  # answerCallbackQuery fails, as for a press made while the bot was down  # (chat_id, monotonic time) of every accepted send

    async def close(self) -> None:
        pass

    async def stream_content(self, url: str, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        """A file download (bot.download): the bytes of a photo a user "sent"."""
        if self.downloads_fail:
            raise TelegramServerError(method=None, message="Internal Server Error")  # type: ignore[arg-type]
        name = url.rsplit("/", 1)[-1]
        if name.removesuffix(".jpg") in self.files:  # a document sent with its content (`send_document`)
            yield self.files[name.removesuffix(".jpg")]
            return
        yield f"photo:{name}".encode()

    @staticmethod
    def _check_html(method: TelegramMethod[Any]) -> None:
        """Refuse a text or caption Telegram would refuse: HTML (the bot's default parse mode) that does not parse,
        e.g. a typed `<` that was not escaped ("can't parse entities"), as the emulator does."""
        from sandbox.errors import ApiError
        from sandbox.markup import format_text

        for field_name, caption in (("text", False), ("caption", True)):
            text = getattr(method, field_name, None)
            if not isinstance(text, str) or type(method).__name__ == "AnswerCallbackQuery":
                continue
            parse_mode = getattr(method, "parse_mode", None)
            try:
                format_text(text, "HTML" if parse_mode is not None else None, caption=caption)
            except ApiError as e:
                if "parse entities" in e.description:
                    raise TelegramBadRequest(method=method, message=e.description) from None

    def _keyboard(self, chat_id: int, markup: Any) -> list[list[tuple[str, str]]]:
        if isinstance(markup, InlineKeyboardMarkup):
            return [[(b.text, b.callback_data or "") for b in row] for row in markup.inline_keyboard]
        if isinstance(markup, ReplyKeyboardMarkup):
            self.reply_keyboards[chat_id] = [
                [b.model_dump(exclude_none=True) for b in row] for row in markup.keyboard
            ]
        elif isinstance(markup, ReplyKeyboardRemove):
            self.reply_keyboards[chat_id] = None
        return []

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        name = type(method).__name__
        self._methods.append(method)
        chat_id = getattr(method, "chat_id", None)
        if self.check_html:
            self._check_html(method)
        if name in ("SendMessage",):
            if chat_id in self.blocked:
                raise TelegramForbiddenError(method=method, message="Forbidden: bot was blocked by the user")
            if self.faults:
                kind, value = self.faults.pop(0)
                if kind == "429":
                    raise TelegramRetryAfter(
                        method=method, message=f"Too Many Requests: retry after {value}", retry_after=value
                    )
                raise TelegramServerError(method=method, message="Internal Server Error")
            self.send_times.append((chat_id, time.monotonic()))
            message_id = next(self._ids)
            sent = Sent(message_id, chat_id, method.text, self._keyboard(chat_id, method.reply_markup))
            sent.reply_keyboard = self.reply_keyboards.get(chat_id)
            self.messages.setdefault(chat_id, {})[message_id] = sent
            sent.tg = self._message(sent, method.reply_markup)
            return sent.tg
        if name in ("EditMessageText", "EditMessageReplyMarkup", "DeleteMessage"):
            sent = self.messages.get(chat_id, {}).get(method.message_id)
            if sent is None:
                what = "delete" if name == "DeleteMessage" else "edit"
                raise TelegramBadRequest(method=method, message=f"Bad Request: message to {what} not found")
            if name == "DeleteMessage":
                del self.messages[chat_id][method.message_id]
                return True
            if name == "EditMessageText":
                sent.text = method.text
                self.edits.append((chat_id, method.message_id, method.text))
            sent.inline = self._keyboard(chat_id, method.reply_markup)
            sent.tg = self._message(sent, method.reply_markup)
            return sent.tg
        if name == "AnswerCallbackQuery":
            if method.callback_query_id in self.answers or self.queries_too_old:
                raise TelegramBadRequest(
                    method=method,
                    message="Bad Request: query is too old and response timeout expired or query ID is invalid",
                )
            self.answers[method.callback_query_id] = method.model_dump(exclude_none=True)
            return True
        if name == "GetMe":
            return BOT_USER
        if name == "GetFile":
            return File(
                file_id=method.file_id,
                file_unique_id=f"u-{method.file_id}",
                file_path=f"photos/{method.file_id}.jpg",
            )
        if name == "SendDocument":
            document = method.document
            path = getattr(document, "path", None)
            content = Path(path).read_bytes() if path else b""  # noqa: ASYNC240 (a test double)
            content = content or getattr(document, "data", b"")  # a BufferedInputFile (issue 8's export)
            self.documents.append(
                {
                    "chat_id": chat_id,
                    "filename": getattr(document, "filename", None),
                    "caption": method.caption,
                    "content": content,
                }
            )
            message_id = next(self._ids)
            sent = Sent(message_id, chat_id, f"[document] {method.caption or ''}")
            self.messages.setdefault(chat_id, {})[message_id] = sent
            return self._message(sent, None)
        if name == "SendPhoto":
            photo = method.photo
            path = getattr(photo, "path", None)
            self.photos.append(
                {
                    "chat_id": chat_id,
                    "caption": method.caption,
                    "content": Path(path).read_bytes() if path else b"",  # noqa: ASYNC240 (a test double)
                    "file_id": photo if isinstance(photo, str) else None,
                }
            )
            message_id = next(self._ids)
            sent = Sent(message_id, chat_id, f"[photo] {method.caption or ''}")
            sent.inline = self._keyboard(chat_id, method.reply_markup)
            self.messages.setdefault(chat_id, {})[message_id] = sent
            sent.tg = self._message(sent, method.reply_markup)
            return sent.tg
        if name == "SendLocation":  # issue 8: the place of a call-out
            self.send_times.append((chat_id, time.monotonic()))
            message_id = next(self._ids)
            sent = Sent(message_id, chat_id, f"[location] {method.latitude},{method.longitude}")
            self.messages.setdefault(chat_id, {})[message_id] = sent
            return self._message(sent, None)
        return True  # deleteMessage, setMyCommands, sendChatAction, ...

    @staticmethod
    def _message(sent: Sent, markup: Any) -> Message:
        return Message(
            message_id=sent.message_id,
            date=_DATE,
            chat=Chat(id=sent.chat_id, type="private"),
            from_user=BOT_USER,
            text=sent.text,
            reply_markup=markup if isinstance(markup, InlineKeyboardMarkup) else None,
        )

    @property
    def calls(self) -> list[tuple[str, dict[str, Any]]]:
        """Every Bot API call so far as (method name, parameters); dumped on demand, not on the hot path."""
        return [(type(m).__name__, m.model_dump(exclude_none=True)) for m in self._methods]

    def chat(self, chat_id: int) -> list[Sent]:
        return list(self.messages.get(chat_id, {}).values())

    def texts(self, chat_id: int) -> list[str]:
        return [m.text for m in self.chat(chat_id)]


def make_fake_bot(token: str = "42:TEST", *, check_html: bool = True) -> tuple[Bot, FakeTelegram]:
    """A bot on the in-memory Telegram; `check_html=False` skips parsing each text the way Telegram does (the
    benchmarks: that is Telegram's work, not the bot's)."""
    from aiogram.client.default import DefaultBotProperties
    from aiogram.enums import ParseMode

    from bot.plain_text import PlainTextFields

    telegram = FakeTelegram()
    telegram.check_html = check_html
    telegram.middleware(PlainTextFields())  # as bot.app.make_bot's session
    bot = Bot(token, session=telegram, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    return bot, telegram


class TgUser:
    """One person talking to the bot through the dispatcher, as Telegram would deliver their updates."""

    _update_ids = itertools.count(1)
    _message_ids = itertools.count(1)

    def __init__(
        self, dp: Dispatcher, bot: Bot, telegram: FakeTelegram, user_id: int, language: str = "zh-hans"
    ):
        self.dp, self.bot, self.telegram = dp, bot, telegram
        self.user = User(id=user_id, is_bot=False, first_name=f"U{user_id}", language_code=language)
        self.chat = Chat(id=user_id, type="private")

    @property
    def id(self) -> int:
        return self.user.id

    def _message(self, **content: Any) -> Message:
        return Message(
            message_id=next(self._message_ids), date=_DATE, chat=self.chat, from_user=self.user, **content
        )

    async def _feed(self, **update: Any) -> None:
        await self.dp.feed_update(self.bot, Update(update_id=next(self._update_ids), **update))

    async def send(self, text: str) -> None:
        entities = None
        if text.startswith("/"):
            entities = [MessageEntity(type="bot_command", offset=0, length=len(text.split()[0]))]
        await self._feed(message=self._message(text=text, entities=entities))

    async def send_photo(self, file_id: str, caption: str | None = None) -> None:
        sizes = [
            PhotoSize(file_id=f"{file_id}-s", file_unique_id=f"{file_id}-us", width=90, height=90),
            PhotoSize(file_id=file_id, file_unique_id=f"u-{file_id}", width=1280, height=960),
        ]
        await self._feed(message=self._message(photo=sizes, caption=caption))

    async def send_document(self, file_name: str, content: bytes | None = None) -> None:
        """A document; with `content`, a download of it (bot.download) gets those bytes (each send a new file)."""
        file_id = f"doc-{file_name}" if content is None else f"doc-{next(self._message_ids)}-{file_name}"
        if content is not None:
            self.telegram.files[file_id] = content
        document = Document(
            file_id=file_id, file_unique_id=f"u{file_id}", file_name=file_name, file_size=len(content or b"")
        )
        await self._feed(message=self._message(document=document))

    async def send_contact(self, phone: str, user_id: int | None | str = "own") -> None:
        contact_user = self.user.id if user_id == "own" else user_id
        contact = Contact(phone_number=phone, first_name=self.user.first_name, user_id=contact_user)
        await self._feed(message=self._message(contact=contact))

    def messages(self) -> list[Sent]:
        return self.telegram.chat(self.id)

    def last(self) -> Sent:
        return self.messages()[-1]

    def last_with_buttons(self) -> Sent:
        return [m for m in self.messages() if m.inline][-1]

    async def press(self, text: str, message: Sent | None = None) -> str:
        """Press the inline button with this exact text on `message` (default: the latest message with buttons)."""
        message = message or self.last_with_buttons()
        for row in message.inline:
            for button_text, data in row:
                if button_text == text:
                    return await self.press_data(data, message)
        raise AssertionError(f"no button {text!r}; buttons: {message.buttons()}")

    async def press_data(self, data: str, message: Sent | None = None) -> str:
        message = message or self.last_with_buttons()
        callback_id = f"cb{next(self._update_ids)}"
        tg_message = (
            message.tg
            if message.tg is not None and message.chat_id == self.id
            else Message(
                message_id=message.message_id,
                date=_DATE,
                chat=self.chat,
                from_user=BOT_USER,
                text=message.text,
                reply_markup=InlineKeyboardMarkup.model_validate(
                    {
                        "inline_keyboard": [
                            [{"text": t, "callback_data": d} for t, d in row] for row in message.inline
                        ]
                    }
                )
                if message.inline
                else None,
            )
        )
        callback = CallbackQuery(
            id=callback_id, from_user=self.user, chat_instance="ci", message=tg_message, data=data
        )
        await self._feed(callback_query=callback)
        return callback_id

    def answer(self, callback_id: str) -> dict[str, Any] | None:
        return self.telegram.answers.get(callback_id)

    def reply_keyboard(self) -> list[list[dict]] | None:
        return self.telegram.reply_keyboards.get(self.id)
