"""What the bot writes for Telegram as Feishu writes it: HTML as card markdown, inline keyboards as card buttons."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup
from aiogram_dialog.utils import split_reply_callback

from locales import tr_text

# A button's value on Feishu: {"d": callback_data}; the press comes back with it (card.action.trigger).
DATA = "d"
# A reply keyboard's button (Telegram sends its text as the user's message when pressed) on a card: {"t": text};
# its press comes back as that text message (`bot.feishu.events`).
TEXT = "t"

_TAGS = [
    (re.compile(r"</?(b|strong)>", re.I), "**"),
    (re.compile(r"</?(i|em)>", re.I), "*"),
    (re.compile(r"</?(s|strike|del)>", re.I), "~~"),
    (re.compile(r"</?code>", re.I), "`"),
    (re.compile(r"</?pre>", re.I), "`"),
]
_LINK = re.compile(r"<a\s+href=\"([^\"]*)\"\s*>(.*?)</a>", re.I | re.S)
_QUOTE = re.compile(r"<blockquote[^>]*>(.*?)</blockquote>", re.I | re.S)
_CJK = re.compile(r"[\u4e00-\u9fff]")  # a label in Chinese: the reader reads Chinese
_ANY_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?>")


def html_to_markdown(text: str | None) -> str:
    """Telegram HTML (what `locales.tr` renders) as Feishu card markdown: <b> → **, <i> → *, <s> → ~~, <code>/<pre>
    → `…`, <a href> → [..](..), <blockquote> → "> " lines; other tags dropped; entities unescaped."""
    if not text:
        return ""
    out = _LINK.sub(lambda m: f"[{m.group(2)}]({html.unescape(m.group(1))})", text)
    out = _QUOTE.sub(lambda m: "\n".join("> " + line for line in m.group(1).split("\n")), out)
    for pattern, mark in _TAGS:
        out = pattern.sub(mark, out)
    out = _ANY_TAG.sub("", out)
    return html.unescape(out)


def _reply_buttons(markup: ReplyKeyboardMarkup) -> list[dict[str, Any]]:
    """A reply keyboard's text buttons as card buttons that send their text (aiogram-dialog hides the button's
    callback in invisible characters after the label: kept in the value, left out of the label). A button asking
    for the user's location or contact has no counterpart: left out (the user sends a location from the client)."""
    rows = []
    for row in markup.keyboard:
        actions = []
        for button in row:
            asks = (button.request_location, button.request_contact, button.request_poll, button.web_app)
            if button.request_location:
                # The message asks for that button; on Feishu a location is sent from the client's ＋ menu: say so.
                locale = "zh-CN" if _CJK.search(button.text) else "en"
                note = tr_text(locale, "feishu-send-location")
                rows.append({"tag": "note", "elements": [{"tag": "plain_text", "content": note}]})
            if any(asks) or button.request_users is not None or button.request_chat is not None:
                continue
            label = split_reply_callback(button.text)[0] or button.text
            actions.append(
                {
                    "tag": "button",
                    "text": {"tag": "plain_text", "content": label},
                    "value": {TEXT: button.text},
                }
            )
        if actions:
            rows.append({"tag": "action", "actions": actions})
    return rows


def buttons(markup: Any) -> list[dict[str, Any]]:
    """An inline keyboard as card "action" elements, one a row; a reply keyboard's text buttons likewise (a press
    sends the text); anything else (a keyboard's removal) has no counterpart on Feishu: nothing."""
    if isinstance(markup, ReplyKeyboardMarkup):
        return _reply_buttons(markup)
    if not isinstance(markup, InlineKeyboardMarkup):
        return []
    rows = []
    for row in markup.inline_keyboard:
        actions = []
        for button in row:
            item: dict[str, Any] = {"tag": "button", "text": {"tag": "plain_text", "content": button.text}}
            if button.url:
                item["url"] = button.url
            else:
                item["value"] = {DATA: button.callback_data or ""}
            actions.append(item)
        if actions:
            rows.append({"tag": "action", "actions": actions})
    return rows


def card(text: str | None, markup: Any = None, image_key: str | None = None) -> dict[str, Any]:
    """An interactive card (message card JSON v1): the picture, the text, the buttons. Always a card, so that every
    message the bot sends can be edited later (PATCH takes cards only)."""
    elements: list[dict[str, Any]] = []
    if image_key:
        elements.append({"tag": "img", "img_key": image_key, "alt": {"tag": "plain_text", "content": ""}})
    content = html_to_markdown(text)
    if content or not image_key:
        elements.append({"tag": "markdown", "content": content or " "})
    elements.extend(buttons(markup))
    return {"config": {"wide_screen_mode": True, "update_multi": True}, "elements": elements}


def card_json(text: str | None, markup: Any = None, image_key: str | None = None) -> str:
    return json.dumps(card(text, markup, image_key), ensure_ascii=False)
