"""Raw updates: an Update JSON a test hands the emulator, checked against the shape Telegram gives updates.

The user actions of ``world`` cover what a person does in a private chat with the bot. Everything else a bot can
receive — messages in groups and channels, stickers, forwarded messages, a callback query on any message, the bot
being added to a group — comes in through ``POST /sandbox/api/updates`` as a raw update. The emulator assigns what
Telegram assigns (``update_id``, the callback query ``id``, the ``message_id`` and ``date`` of a new message) and
refuses what Telegram could never send: an unknown update type or field, a missing required field, a wrong type,
text longer than 4096 UTF-16 units, a caption over 1024, callback data of more than 64 bytes.

Only the objects listed here are known; a field of another kind (a poll, a voice note, …) is refused rather than
passed on unchecked.
"""

from __future__ import annotations

from typing import Any

from .markup import MAX_CALLBACK_DATA_BYTES, MAX_CAPTION_LENGTH, MAX_TEXT_LENGTH, utf16_len

MESSAGE_KINDS = ("message", "edited_message", "channel_post", "edited_channel_post")
UPDATE_KINDS = (*MESSAGE_KINDS, "callback_query", "my_chat_member")
CHAT_TYPES = ("private", "group", "supergroup", "channel")

# Message fields the emulator knows, each with its checker (filled in below).
_CONTENT = (
    "text",
    "photo",
    "document",
    "sticker",
    "location",
    "contact",
    "new_chat_members",
    "left_chat_member",
)


class RawUpdateError(ValueError):
    """The update is not something Telegram could send (the control API answers 400 with this message)."""


def _fail(path: str, problem: str) -> RawUpdateError:
    return RawUpdateError(f"{path}: {problem}")


def _dict(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(path, "must be an object")
    return value


def _int(value: Any, path: str, minimum: int | None = None) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _fail(path, "must be an integer")
    if minimum is not None and value < minimum:
        raise _fail(path, f"must be at least {minimum}")
    return value


def _str(value: Any, path: str, non_empty: bool = True) -> str:
    if not isinstance(value, str) or (non_empty and not value):
        raise _fail(path, "must be a non-empty string" if non_empty else "must be a string")
    return value


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(path, "must be a boolean")
    return value


def _number(value: Any, path: str, low: float, high: float) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool) or not low <= value <= high:
        raise _fail(path, f"must be a number from {low} to {high}")
    return float(value)


def _only(obj: dict[str, Any], path: str, allowed: set[str], required: set[str]) -> None:
    if unknown := sorted(set(obj) - allowed):
        raise _fail(path, f"unknown field(s) {unknown}")
    if missing := sorted(required - set(obj)):
        raise _fail(path, f"missing field(s) {missing}")


def check_user(value: Any, path: str) -> dict[str, Any]:
    user = _dict(value, path)
    _only(
        user,
        path,
        {
            "id",
            "is_bot",
            "first_name",
            "last_name",
            "username",
            "language_code",
            "is_premium",
            # getMe's, present on the bot's own messages
            "can_join_groups",
            "can_read_all_group_messages",
            "supports_inline_queries",
        },
        {"id", "is_bot", "first_name"},
    )
    _int(user["id"], f"{path}.id", 1)
    _bool(user["is_bot"], f"{path}.is_bot")
    _str(user["first_name"], f"{path}.first_name")
    for key in ("last_name", "username", "language_code"):
        if key in user:
            _str(user[key], f"{path}.{key}")
    return user


def check_chat(value: Any, path: str) -> dict[str, Any]:
    chat = _dict(value, path)
    _only(
        chat, path, {"id", "type", "title", "username", "first_name", "last_name", "is_forum"}, {"id", "type"}
    )
    _int(chat["id"], f"{path}.id")
    if chat["type"] not in CHAT_TYPES:
        raise _fail(f"{path}.type", f"must be one of {list(CHAT_TYPES)}")
    if chat["type"] == "private":
        _int(chat["id"], f"{path}.id", 1)
        _str(chat.get("first_name"), f"{path}.first_name")
    else:
        if chat["id"] >= 0:
            raise _fail(f"{path}.id", "a group or channel id is negative")
        _str(chat.get("title"), f"{path}.title")
    return chat


def _check_text(value: Any, path: str, limit: int) -> None:
    text = _str(value, path)
    if not text.strip():
        raise _fail(path, "is blank (Telegram sends no empty messages)")
    if utf16_len(text) > limit:
        raise _fail(path, f"is longer than {limit} UTF-16 code units")


def _check_entities(value: Any, path: str) -> None:
    if not isinstance(value, list):
        raise _fail(path, "must be a list")
    for number, item in enumerate(value):
        entity = _dict(item, f"{path}[{number}]")
        _str(entity.get("type"), f"{path}[{number}].type")
        _int(entity.get("offset"), f"{path}[{number}].offset", 0)
        _int(entity.get("length"), f"{path}[{number}].length", 1)


def _check_file(value: Any, path: str, extra: set[str], required: set[str]) -> dict[str, Any]:
    obj = _dict(value, path)
    _only(
        obj,
        path,
        {"file_id", "file_unique_id", "file_size", *extra},
        {"file_id", "file_unique_id", *required},
    )
    _str(obj["file_id"], f"{path}.file_id")
    _str(obj["file_unique_id"], f"{path}.file_unique_id")
    for key in ("width", "height", "file_size"):
        if key in obj:
            _int(obj[key], f"{path}.{key}", 0)
    return obj


def _check_photo(value: Any, path: str) -> None:
    if not isinstance(value, list) or not value:
        raise _fail(path, "must be a non-empty list of PhotoSize")
    for number, size in enumerate(value):
        _check_file(size, f"{path}[{number}]", {"width", "height"}, {"width", "height"})


def _check_sticker(value: Any, path: str) -> None:
    sticker = _check_file(
        value,
        path,
        {"type", "width", "height", "is_animated", "is_video", "emoji", "set_name"},
        {"type", "width", "height", "is_animated", "is_video"},
    )
    if sticker["type"] not in ("regular", "mask", "custom_emoji"):
        raise _fail(f"{path}.type", "must be regular, mask or custom_emoji")
    _bool(sticker["is_animated"], f"{path}.is_animated")
    _bool(sticker["is_video"], f"{path}.is_video")


def _check_location(value: Any, path: str) -> None:
    location = _dict(value, path)
    _only(location, path, {"latitude", "longitude", "horizontal_accuracy"}, {"latitude", "longitude"})
    _number(location["latitude"], f"{path}.latitude", -90, 90)
    _number(location["longitude"], f"{path}.longitude", -180, 180)


def _check_contact(value: Any, path: str) -> None:
    contact = _dict(value, path)
    _only(
        contact,
        path,
        {"phone_number", "first_name", "last_name", "user_id", "vcard"},
        {"phone_number", "first_name"},
    )
    _str(contact["phone_number"], f"{path}.phone_number")
    _str(contact["first_name"], f"{path}.first_name")
    if "user_id" in contact:
        _int(contact["user_id"], f"{path}.user_id", 1)


def _check_users(value: Any, path: str) -> None:
    if not isinstance(value, list) or not value:
        raise _fail(path, "must be a non-empty list of User")
    for number, user in enumerate(value):
        check_user(user, f"{path}[{number}]")


def _check_origin(value: Any, path: str) -> None:
    origin = _dict(value, path)
    kind = origin.get("type")
    fields = {
        "user": ({"sender_user"}, {"sender_user"}),
        "hidden_user": ({"sender_user_name"}, {"sender_user_name"}),
        "chat": ({"sender_chat", "author_signature"}, {"sender_chat"}),
        "channel": ({"chat", "message_id", "author_signature"}, {"chat", "message_id"}),
    }
    if kind not in fields:
        raise _fail(f"{path}.type", f"must be one of {list(fields)}")
    allowed, required = fields[kind]
    _only(origin, path, {"type", "date", *allowed}, {"type", "date", *required})
    _int(origin["date"], f"{path}.date", 0)
    if "sender_user" in origin:
        check_user(origin["sender_user"], f"{path}.sender_user")
    for key in ("sender_chat", "chat"):
        if key in origin:
            check_chat(origin[key], f"{path}.{key}")


_MESSAGE_FIELDS = {
    "message_id",
    "date",
    "edit_date",
    "chat",
    "from",
    "sender_chat",
    "forward_origin",
    "media_group_id",
    "reply_markup",
    "entities",
    "caption",
    "caption_entities",
    *_CONTENT,
}


def check_message(value: Any, path: str, kind: str, *, assigned: bool) -> dict[str, Any]:
    """A Message. ``assigned``: its ``message_id`` and ``date`` are the emulator's to give (a new message)."""
    message = _dict(value, path)
    required = {"chat"} if assigned else {"chat", "message_id", "date"}
    _only(message, path, _MESSAGE_FIELDS, required)
    chat = check_chat(message["chat"], f"{path}.chat")
    for key in ("message_id", "date", "edit_date"):
        if key in message:
            _int(message[key], f"{path}.{key}", 0 if key != "message_id" else 1)
    if "from" in message:
        sender = check_user(message["from"], f"{path}.from")
        if chat["type"] == "private" and sender["id"] != chat["id"] and not sender["is_bot"]:
            raise _fail(f"{path}.from.id", "a private chat's id is the id of the user in it")
    elif kind in ("message", "edited_message") and chat["type"] != "channel":
        raise _fail(path, "missing field(s) ['from']")
    if kind in ("channel_post", "edited_channel_post") and chat["type"] != "channel":
        raise _fail(f"{path}.chat.type", f"a {kind} comes from a channel")
    if kind in ("message", "edited_message") and chat["type"] == "channel":
        raise _fail(f"{path}.chat.type", "a channel's messages are channel_post updates")
    if "sender_chat" in message:
        check_chat(message["sender_chat"], f"{path}.sender_chat")
    if "forward_origin" in message:
        _check_origin(message["forward_origin"], f"{path}.forward_origin")
    if "reply_markup" in message:
        _check_inline_keyboard(message["reply_markup"], f"{path}.reply_markup")
    present = [key for key in _CONTENT if key in message]
    if not present:
        raise _fail(path, f"has no content (one of {list(_CONTENT)})")
    if "text" in message:
        if len(present) > 1 or "caption" in message:
            raise _fail(path, "a text message has no other content")
        _check_text(message["text"], f"{path}.text", MAX_TEXT_LENGTH)
    if "caption" in message:
        _check_text(message["caption"], f"{path}.caption", MAX_CAPTION_LENGTH)
    for key in ("entities", "caption_entities"):
        if key in message:
            _check_entities(message[key], f"{path}.{key}")
    checks = {
        "photo": _check_photo,
        "document": lambda v, p: _check_file(v, p, {"file_name", "mime_type"}, set()),
        "sticker": _check_sticker,
        "location": _check_location,
        "contact": _check_contact,
        "new_chat_members": _check_users,
        "left_chat_member": check_user,
    }
    for key, check in checks.items():
        if key in message:
            check(message[key], f"{path}.{key}")
    return message


def _check_inline_keyboard(value: Any, path: str) -> None:
    """A message carries only an inline keyboard (a reply keyboard is the chat's, not the message's)."""
    markup = _dict(value, path)
    _only(markup, path, {"inline_keyboard"}, {"inline_keyboard"})
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise _fail(f"{path}.inline_keyboard", "must be a list of rows")
    for r, row in enumerate(rows):
        for b, button in enumerate(row):
            where = f"{path}.inline_keyboard[{r}][{b}]"
            _str(_dict(button, where).get("text"), f"{where}.text")
            data = button.get("callback_data")
            if (
                data is not None
                and len(_str(data, f"{where}.callback_data").encode()) > MAX_CALLBACK_DATA_BYTES
            ):
                raise _fail(f"{where}.callback_data", f"is longer than {MAX_CALLBACK_DATA_BYTES} bytes")


def _check_member(value: Any, path: str) -> None:
    member = _dict(value, path)
    statuses = ("creator", "administrator", "member", "restricted", "left", "kicked")
    if member.get("status") not in statuses:
        raise _fail(f"{path}.status", f"must be one of {list(statuses)}")
    check_user(member.get("user"), f"{path}.user")


def check_update(value: Any) -> tuple[str, dict[str, Any]]:
    """The update's type and payload; ``update_id`` and the ids the emulator assigns may be left out."""
    update = _dict(value, "update")
    kinds = [key for key in update if key != "update_id"]
    if len(kinds) != 1:
        raise _fail("update", f"must hold exactly one of {list(UPDATE_KINDS)}, not {kinds}")
    kind = kinds[0]
    if kind not in UPDATE_KINDS:
        raise _fail("update", f"unsupported update type {kind!r}; the emulator knows {list(UPDATE_KINDS)}")
    payload = _dict(update[kind], kind)
    if kind in MESSAGE_KINDS:
        check_message(payload, kind, kind, assigned=not kind.startswith("edited_"))
    elif kind == "callback_query":
        _only(payload, kind, {"id", "from", "message", "chat_instance", "data"}, {"from"})
        check_user(payload["from"], f"{kind}.from")
        message = payload.get("message")
        if isinstance(message, dict) and message.get("date") == 0:  # an InaccessibleMessage (older than 48 h)
            _only(message, f"{kind}.message", {"chat", "message_id", "date"}, {"chat", "message_id", "date"})
            check_chat(message["chat"], f"{kind}.message.chat")
            _int(message["message_id"], f"{kind}.message.message_id", 1)
        elif message is not None:
            check_message(message, f"{kind}.message", "message", assigned=False)
        if "chat_instance" in payload:
            _str(payload["chat_instance"], f"{kind}.chat_instance")
        if "data" not in payload:
            raise _fail(kind, "needs data (the emulator has no games)")
        data = _str(payload["data"], f"{kind}.data")
        if len(data.encode()) > MAX_CALLBACK_DATA_BYTES:
            raise _fail(
                f"{kind}.data", f"is longer than {MAX_CALLBACK_DATA_BYTES} bytes (BUTTON_DATA_INVALID)"
            )
    else:  # my_chat_member
        required = {"chat", "from", "old_chat_member", "new_chat_member"}
        _only(payload, kind, {*required, "date"}, required)
        if check_chat(payload["chat"], f"{kind}.chat")["type"] == "private":
            raise _fail(f"{kind}.chat.type", "the emulator's private chats are not joined or left")
        check_user(payload["from"], f"{kind}.from")
        _check_member(payload["old_chat_member"], f"{kind}.old_chat_member")
        _check_member(payload["new_chat_member"], f"{kind}.new_chat_member")
    return kind, payload
