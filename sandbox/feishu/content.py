"""Message contents as Feishu documents them: check what the bot sends, and read cards back for tests.

Sizes (open.feishu.cn, server-docs/im-v1/message/create and …/patch, error 230025): "文本消息请求体最大不能超过
150KB；卡片及富文本消息请求体最大不能超过30KB" — a text message's request body at most 150 KB, a card's or a
post's at most 30 KB. The stand-in measures the whole request body in bytes, as Feishu words it, written as compact
UTF-8 JSON (so a client escaping non-ASCII as ``\\uXXXX`` is not penalised for it).

Cards are the "message card" JSON (v1): ``{"config"?, "header"?, "elements": [...]}`` with the elements the bot
uses — ``markdown``, ``div`` (text ``plain_text``/``lark_md``), ``action`` (buttons), ``img``, ``hr``, ``note`` —
and card JSON 2.0 (``{"schema": "2.0", "body": {"elements": [...]}}``) with the same elements. A button is
``{"tag": "button", "text": {"tag": "plain_text", "content": label}, "value": {...}}``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .errors import CARD_INVALID, CONTENT_TOO_LONG, INVALID_PARAM, FeishuError

KB = 1024
TEXT_BODY_LIMIT = 150 * KB
CARD_BODY_LIMIT = 30 * KB  # interactive and post

MSG_TYPES = frozenset(
    {"text", "post", "image", "file", "audio", "media", "sticker", "interactive", "share_chat", "share_user"}
)
CARD_TOP_KEYS = frozenset({"config", "header", "elements", "card_link", "i18n_elements", "schema", "body"})
TEXT_TAGS = frozenset({"plain_text", "lark_md"})
BUTTON_TYPES = frozenset({"default", "primary", "danger", "text", "primary_filled", "danger_filled", "laser"})
POST_TAGS = frozenset({"text", "a", "at", "img", "media", "emotion", "hr", "code_block", "md"})


def _bad_card(detail: str) -> FeishuError:
    return FeishuError(CARD_INVALID, f"Failed to create card content. {detail}")


def check_size(msg_type: str, body_bytes: int) -> None:
    limit = (
        TEXT_BODY_LIMIT
        if msg_type == "text"
        else CARD_BODY_LIMIT
        if msg_type in ("interactive", "post")
        else 0
    )
    if limit and body_bytes > limit:
        raise FeishuError(
            CONTENT_TOO_LONG,
            f"The length of the message content reaches its limit. ({msg_type}: {body_bytes} bytes > {limit})",
        )


def parse_content(msg_type: str, content: Any) -> dict[str, Any]:
    """``content`` must be a JSON *string* (Feishu's rule) holding an object."""
    if msg_type not in MSG_TYPES:
        raise FeishuError(INVALID_PARAM, f"invalid msg_type {msg_type!r}")
    if not isinstance(content, str):
        raise FeishuError(INVALID_PARAM, "content must be a string of JSON, not " + type(content).__name__)
    try:
        parsed = json.loads(content)
    except ValueError as e:
        raise FeishuError(INVALID_PARAM, f"content is not valid JSON: {e}") from None
    if not isinstance(parsed, dict):
        raise FeishuError(INVALID_PARAM, "content must be a JSON object")
    return parsed


def check_content(msg_type: str, content: dict[str, Any], known_keys: set[str]) -> None:
    """Check a parsed content; ``known_keys``: the image/file keys uploaded so far."""
    if msg_type == "text":
        if not isinstance(content.get("text"), str) or not content["text"]:
            raise FeishuError(INVALID_PARAM, 'text content must be {"text": "<non-empty string>"}')
    elif msg_type == "image":
        _check_key(content, "image_key", known_keys)
    elif msg_type in ("file", "audio", "media"):
        _check_key(content, "file_key", known_keys)
    elif msg_type == "post":
        _check_post(content)
    elif msg_type == "interactive":
        check_card(content, known_keys)


def _check_key(content: dict[str, Any], name: str, known_keys: set[str]) -> None:
    key = content.get(name)
    if not isinstance(key, str) or not key:
        raise FeishuError(INVALID_PARAM, f"content needs {name}")
    if key not in known_keys:
        raise FeishuError(INVALID_PARAM, f"{name} {key!r} was not uploaded by this app")


def _check_post(content: dict[str, Any]) -> None:
    locales = content.get("post", content)
    if not isinstance(locales, dict) or not locales:
        raise FeishuError(INVALID_PARAM, "post content needs at least one locale (zh_cn, en_us, …)")
    for locale, post in locales.items():
        if not isinstance(post, dict) or not isinstance(post.get("content"), list):
            raise FeishuError(INVALID_PARAM, f"post {locale}: needs content: [[…], …]")
        for paragraph in post["content"]:
            if not isinstance(paragraph, list):
                raise FeishuError(INVALID_PARAM, f"post {locale}: each paragraph is a list of elements")
            for node in paragraph:
                if not isinstance(node, dict) or node.get("tag") not in POST_TAGS:
                    raise FeishuError(INVALID_PARAM, f"post {locale}: unknown element {node!r}")


def _check_text_object(obj: Any, where: str, tags: frozenset[str] = TEXT_TAGS) -> None:
    if not isinstance(obj, dict) or obj.get("tag") not in tags or not isinstance(obj.get("content"), str):
        raise _bad_card(f"{where}: a text object {{tag: {'|'.join(sorted(tags))}, content: str}} is needed")


def card_elements(card: dict[str, Any]) -> list[Any]:
    if card.get("schema") == "2.0":
        body = card.get("body")
        return list(body.get("elements") or []) if isinstance(body, dict) else []
    return list(card.get("elements") or [])


def check_card(card: dict[str, Any], known_keys: set[str]) -> None:
    unknown = set(card) - CARD_TOP_KEYS
    if unknown:
        raise _bad_card(f"unknown top-level field(s) {sorted(unknown)}")
    if card.get("schema") == "2.0":
        if not isinstance(card.get("body"), dict) or not isinstance(card["body"].get("elements"), list):
            raise _bad_card("card JSON 2.0 needs body.elements: [...]")
    elif not isinstance(card.get("elements"), list):
        raise _bad_card("a card needs elements: [...]")
    header = card.get("header")
    if header is not None:
        if not isinstance(header, dict):
            raise _bad_card("header must be an object")
        _check_text_object(header.get("title"), "header.title")
    elements = card_elements(card)
    if not elements:
        raise _bad_card("a card needs at least one element")
    for i, element in enumerate(elements):
        _check_element(element, f"elements[{i}]", known_keys)


def _check_element(element: Any, where: str, known_keys: set[str]) -> None:
    if not isinstance(element, dict):
        raise _bad_card(f"{where} must be an object")
    tag = element.get("tag")
    if tag == "markdown":
        if not isinstance(element.get("content"), str):
            raise _bad_card(f"{where}: markdown needs content: str")
    elif tag == "div":
        if element.get("text") is None and not element.get("fields"):
            raise _bad_card(f"{where}: div needs text or fields")
        if element.get("text") is not None:
            _check_text_object(element["text"], f"{where}.text")
    elif tag == "hr":
        pass
    elif tag == "img":
        key = element.get("img_key")
        if not isinstance(key, str) or key not in known_keys:
            raise _bad_card(f"{where}: img_key {key!r} was not uploaded by this app")
        _check_text_object(element.get("alt"), f"{where}.alt", frozenset({"plain_text"}))
    elif tag == "note":
        for j, part in enumerate(element.get("elements") or []):
            if isinstance(part, dict) and part.get("tag") == "img":
                continue
            _check_text_object(part, f"{where}.elements[{j}]")
    elif tag == "action":
        actions = element.get("actions")
        if not isinstance(actions, list) or not actions:
            raise _bad_card(f"{where}: action needs actions: [button, …]")
        for j, button in enumerate(actions):
            _check_button(button, f"{where}.actions[{j}]")
    else:
        raise _bad_card(f"{where}: unknown element tag {tag!r}")


def _check_button(button: Any, where: str) -> None:
    if not isinstance(button, dict) or button.get("tag") != "button":
        raise _bad_card(f"{where}: only buttons are expected in an action")
    _check_text_object(button.get("text"), f"{where}.text", frozenset({"plain_text"}))
    if not button["text"]["content"]:
        raise _bad_card(f"{where}: a button needs a label")
    if button.get("type") is not None and button["type"] not in BUTTON_TYPES:
        raise _bad_card(f"{where}: unknown button type {button['type']!r}")
    has_url = isinstance(button.get("url"), str) or isinstance(button.get("multi_url"), dict)
    value = button.get("value")
    if not has_url and not isinstance(value, dict):
        raise _bad_card(f"{where}: a callback button needs value: {{…}} (an object)")


# --- reading back, for tests ----------------------------------------------------------------------------------


@dataclass
class Button:
    label: str
    value: dict[str, Any] | None
    url: str | None = None


@dataclass
class Seen:
    """A message as the user sees it now."""

    message_id: str
    msg_type: str
    text: str  # the text, or a card's markdown/div texts joined by newlines
    buttons: list[list[Button]] = field(default_factory=list)  # rows
    images: list[str] = field(default_factory=list)  # image keys (card img elements, image messages)
    file_key: str | None = None
    edits: int = 0

    def button(self, label: str) -> Button:
        for row in self.buttons:
            for b in row:
                if b.label == label:
                    return b
        labels = [b.label for row in self.buttons for b in row]
        raise KeyError(f"no button {label!r} on {self.message_id}; buttons: {labels}")

    @property
    def labels(self) -> list[str]:
        return [b.label for row in self.buttons for b in row]


def render(message_id: str, msg_type: str, content: dict[str, Any], edits: int = 0) -> Seen:
    seen = Seen(message_id, msg_type, "", edits=edits)
    if msg_type == "text":
        seen.text = str(content.get("text", ""))
    elif msg_type == "image":
        seen.images.append(str(content.get("image_key")))
    elif msg_type in ("file", "audio", "media"):
        seen.file_key = str(content.get("file_key"))
    elif msg_type == "post":
        locales = content.get("post", content)
        post: dict[str, Any] = next(iter(locales.values()), {}) if isinstance(locales, dict) else {}
        lines = [post.get("title", "")] if post.get("title") else []
        for paragraph in post.get("content", []):
            lines.append("".join(str(n.get("text", "")) for n in paragraph if isinstance(n, dict)))
        seen.text = "\n".join(lines)
    elif msg_type == "interactive":
        texts: list[str] = []
        header = content.get("header")
        if isinstance(header, dict) and isinstance(header.get("title"), dict):
            texts.append(str(header["title"].get("content", "")))
        for element in card_elements(content):
            tag = element.get("tag")
            if tag == "markdown":
                texts.append(element["content"])
            elif tag == "div" and isinstance(element.get("text"), dict):
                texts.append(element["text"]["content"])
            elif tag == "img":
                seen.images.append(element["img_key"])
            elif tag == "action":
                row = [
                    Button(b["text"]["content"], b.get("value"), b.get("url"))
                    for b in element["actions"]
                    if isinstance(b, dict)
                ]
                seen.buttons.append(row)
        seen.text = "\n".join(texts)
    return seen
