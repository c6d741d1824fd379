"""Message formatting and keyboards, validated the way Telegram does.

``format_text`` turns the text a bot sends (with its ``parse_mode``) into what
Telegram stores: plain text plus entities, and - for the web chat - a safe
HTML rendering in which only the formatting tags Telegram knows survive and
everything else is escaped. Malformed HTML is rejected with Telegram's
"can't parse entities" errors, because a bot that forgets to escape ``<`` in
user input fails in production exactly like that.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from . import errors
from .errors import bad_request

# Telegram HTML tag -> entity type.
_ENTITY_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
# Entity type -> (opening, closing) tag of the web chat rendering.
_RENDER = {
    "bold": ("<b>", "</b>"),
    "italic": ("<i>", "</i>"),
    "underline": ("<u>", "</u>"),
    "strikethrough": ("<s>", "</s>"),
    "code": ("<code>", "</code>"),
    "pre": ("<pre>", "</pre>"),
    "spoiler": ('<span class="spoiler">', "</span>"),
    "blockquote": ("<blockquote>", "</blockquote>"),
    "custom_emoji": ("", ""),
}
_TAG_RE = re.compile(r"(/?)([a-zA-Z][a-zA-Z0-9-]*)(.*)", re.DOTALL)
_ATTR_RE = re.compile(r"""([a-zA-Z_][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_SAFE_URL_RE = re.compile(r"^(https?|tg|mailto):", re.IGNORECASE)
MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64


@dataclass
class FormattedText:
    """Text as Telegram stores it, plus its safe HTML rendering."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)
    html: str = ""


def utf16_len(text: str) -> int:
    """Telegram measures offsets and lengths in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def format_text(
    text: str | None,
    parse_mode: str | None,
    entities: list[dict[str, Any]] | None = None,
    *,
    caption: bool = False,
) -> FormattedText:
    """Validate and parse a message text (or caption when ``caption``)."""
    text = text or ""
    if (parse_mode or "").upper() == "HTML":
        result = _parse_html(text)
    else:
        # Markdown modes are not parsed: the text is kept and shown verbatim.
        result = FormattedText(text, list(entities or []), html.escape(text))
    if caption:
        if utf16_len(result.text) > MAX_CAPTION_LENGTH:
            raise bad_request(errors.CAPTION_TOO_LONG)
    else:
        if not result.text.strip():
            raise bad_request(errors.MESSAGE_TEXT_EMPTY)
        if utf16_len(result.text) > MAX_TEXT_LENGTH:
            raise bad_request(errors.MESSAGE_TOO_LONG)
    return result


def _entity_error(detail: str) -> errors.ApiError:
    return bad_request(f"can't parse entities: {detail}")


@dataclass
class _OpenTag:
    name: str
    entity_type: str
    offset: int
    close_html: str
    extra: dict[str, str] = field(default_factory=dict)


def _parse_html(source: str) -> FormattedText:
    plain: list[str] = []
    rendered: list[str] = []
    entities: list[dict[str, Any]] = []
    stack: list[_OpenTag] = []
    offset = 0  # UTF-16 length of the plain text so far
    pos = 0

    def add_text(chunk: str) -> None:
        nonlocal offset
        text = html.unescape(chunk)
        plain.append(text)
        rendered.append(html.escape(text))
        offset += utf16_len(text)

    while pos < len(source):
        lt = source.find("<", pos)
        if lt == -1:
            add_text(source[pos:])
            break
        add_text(source[pos:lt])
        byte_offset = len(source[:lt].encode())
        gt = source.find(">", lt)
        if gt == -1:
            raise _entity_error(f"Unclosed start tag at byte offset {byte_offset}")
        match = _TAG_RE.fullmatch(source[lt + 1 : gt])
        if match is None:
            raise _entity_error(f'Unsupported start tag "" at byte offset {byte_offset}')
        closing, name, attr_source = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            if not stack or stack[-1].name != name:
                raise _entity_error(f"Unexpected end tag at byte offset {byte_offset}")
            tag = stack.pop()
            rendered.append(tag.close_html)
            if offset > tag.offset:
                entities.append(
                    {
                        "type": tag.entity_type,
                        "offset": tag.offset,
                        "length": offset - tag.offset,
                        **tag.extra,
                    }
                )
        else:
            stack.append(_open_tag(name, attr_source, offset, byte_offset, rendered))
        pos = gt + 1
    if stack:
        raise _entity_error(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return FormattedText("".join(plain), entities, "".join(rendered))


def _open_tag(name: str, attr_source: str, offset: int, byte_offset: int, rendered: list[str]) -> _OpenTag:
    if name not in _ENTITY_TAGS:
        raise _entity_error(f'Unsupported start tag "{name}" at byte offset {byte_offset}')
    attrs = {
        m.group(1).lower(): html.unescape(next(g for g in m.groups()[1:] if g is not None))
        for m in _ATTR_RE.finditer(attr_source)
    }
    entity_type = _ENTITY_TAGS[name]
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise _entity_error('Tag "span" must have class "tg-spoiler"')
    if name == "a":
        url = attrs.get("href", "")
        safe = html.escape(url) if _SAFE_URL_RE.match(url) else "#"
        rendered.append(f'<a href="{safe}" target="_blank" rel="noopener noreferrer">')
        return _OpenTag(name, entity_type, offset, "</a>", {"url": url})
    if name == "blockquote" and "expandable" in attr_source.split():
        entity_type = "expandable_blockquote"
        opening, closing = _RENDER["blockquote"]
    else:
        opening, closing = _RENDER[entity_type]
    rendered.append(opening)
    return _OpenTag(name, entity_type, offset, closing)


def validate_reply_markup(markup: Any) -> dict[str, Any] | None:
    """Check a ``reply_markup`` and return it in canonical form."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        return {
            "inline_keyboard": [[_inline_button(b) for b in row] for row in _rows(markup["inline_keyboard"])]
        }
    if "keyboard" in markup:
        keyboard = [[_reply_button(b) for b in row] for row in _rows(markup["keyboard"])]
        return {**{k: v for k, v in markup.items() if v is not None}, "keyboard": keyboard}
    if markup.get("remove_keyboard") or markup.get("force_reply"):
        return {k: v for k, v in markup.items() if v is not None}
    raise bad_request("can't parse reply keyboard markup JSON object")


def _rows(rows: Any) -> list[list[Any]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return rows


def _inline_button(button: Any) -> dict[str, Any]:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: Can't find field \"text\"")
    button = {k: v for k, v in button.items() if v is not None}
    if set(button) == {"text"}:
        raise bad_request(errors.TEXT_BUTTONS_UNALLOWED)
    data = button.get("callback_data")
    if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES:
        raise bad_request(errors.BUTTON_DATA_INVALID)
    return button


def _reply_button(button: Any) -> dict[str, Any]:
    if isinstance(button, str):
        return {"text": button}
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse keyboard button: Can't find field \"text\"")
    return {k: v for k, v in button.items() if v is not None}


def command_entities(text: str) -> list[dict[str, Any]]:
    """The ``bot_command`` entity Telegram adds to a message starting with ``/command``."""
    match = re.match(r"/[a-zA-Z0-9_]{1,32}(@[a-zA-Z0-9_]+)?", text)
    if not match:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))}]
