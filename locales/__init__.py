"""All user-facing text: Fluent (.ftl) files per locale, zh-CN complete and first, English second.

Code holds message ids, never sentences. `tr(locale, "msg-id", name=...)` renders one message; a message missing
in a locale falls back to zh-CN, and a message missing everywhere renders as its id so a gap is visible, not fatal.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.types import fluent_number
from fluent.syntax import ast

LOCALES_DIR = Path(__file__).parent
FALLBACK = "zh-CN"
LOCALES = ("zh-CN", "en")
LANGUAGE_NAMES = {"zh-CN": "中文", "en": "English"}


@cache
def bundle(locale: str) -> FluentBundle:
    # use_isolating=False: Telegram shows the Unicode isolation marks Fluent adds around placeables as junk.
    result = FluentBundle([locale], use_isolating=False)
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        result.add_resource(FluentResource(path.read_text(encoding="utf-8")))
    return result


def message_ids(locale: str) -> set[str]:
    return set(bundle(locale)._messages)


@cache
def _compiled(locale: str, msg_id: str) -> tuple[FluentBundle, object, frozenset[str]] | None:
    """The bundle and pattern that answer `msg_id` in `locale` (or the fallback), and the variables it uses."""
    for candidate in (locale, FALLBACK):
        b = bundle(candidate if candidate in LOCALES else FALLBACK)
        if b.has_message(msg_id):
            message = b.get_message(msg_id)
            if message.value is None:
                return None
            return b, message.value, frozenset(_variables(message.value))
    return None


def _variables(node: object) -> set[str]:
    """Names of the { $variables } a Fluent pattern refers to."""
    if isinstance(node, ast.VariableReference):
        return {node.id.name}
    found: set[str] = set()
    if isinstance(node, ast.BaseNode):
        for value in vars(node).values():
            for child in value if isinstance(value, list) else [value]:
                found |= _variables(child)
    return found


def tr(locale: str, msg_id: str, **args: object) -> str:
    compiled = _compiled(locale, msg_id)
    if compiled is None:
        return msg_id
    _, _, variables = compiled
    used = tuple(sorted((name, args[name]) for name in variables if name in args))
    try:
        # Menus are rendered on every button press with the same few values: format each combination once.
        return _format(locale, msg_id, used)
    except TypeError:  # an unhashable value
        return _format.__wrapped__(locale, msg_id, used)


@lru_cache(maxsize=8192)
def _format(locale: str, msg_id: str, used: tuple[tuple[str, object], ...]) -> str:
    compiled = _compiled(locale, msg_id)
    assert compiled is not None
    b, pattern, _ = compiled
    # Whole numbers print as they are (1001 字, #1024, 2026年), not with a thousands separator; plural and
    # [0] variants still match them as numbers.
    values = {
        name: fluent_number(value, useGrouping=False)
        if isinstance(value, int) and not isinstance(value, bool)
        else value
        for name, value in used
    }
    text, _errors = b.format_pattern(pattern, values)
    return text


def normalize_locale(code: str | None, default: str = FALLBACK) -> str:
    """Map a Telegram language_code or a stored preference to a supported locale."""
    if not code:
        return default
    code = code.lower()
    if code.startswith("zh"):
        return "zh-CN"
    if code.startswith("en"):
        return "en"
    return default
