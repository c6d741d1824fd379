"""All user-facing text: Fluent (.ftl) files per locale, zh-CN complete and first, English second.

Code holds message ids, never sentences. `tr(locale, "msg-id", name=...)` renders one message; a message missing
in a locale falls back to zh-CN, and a message missing everywhere renders as its id so a gap is visible, not fatal.

Messages are HTML (the bot sends with parse_mode HTML), so escaping happens here, in one place: `tr` escapes every
string it is given (a name, a typed reason, a community from the database) and returns `markupsafe.Markup`, which
another `tr` takes as it is. HTML built from several messages is joined with `Html("\n").join(...)`, never a
plain `str.join`, which would turn it back into text to escape (the tests refuse that: `Html`). Where the result is not HTML (a button's label, a
press's pop-up answer, a workbook cell, a chart) `tr_text` renders the same message unescaped.

Text built before the reader's locale is known (a reminder is collected once and sent to people of either
language) holds `Msg` and `MsgList` values instead of strings; `render(locale, value)` turns them into text.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from fluent.runtime import FluentBundle
from fluent.runtime.resolver import Pattern
from fluent.runtime.types import fluent_number
from fluent.syntax import FluentParser, ast
from fluent.syntax import parser as fluent_parser
from markupsafe import Markup, escape

log = logging.getLogger("gridbot.locales")
LOCALES_DIR = Path(__file__).parent
FALLBACK = "zh-CN"
LOCALES = ("zh-CN", "en")
LANGUAGE_NAMES = {"zh-CN": "中文", "en": "English"}


@cache
def bundle(locale: str) -> FluentBundle:
    # use_isolating=False: Telegram shows the Unicode isolation marks Fluent adds around placeables as junk.
    result = FluentBundle([locale], use_isolating=False)
    for resource in parsed(locale):
        result.add_resource(resource)
    return result


def parsed(locale: str) -> list[ast.Resource]:
    """The locale's .ftl files parsed, from the cache beside them (locales/__pycache__) when their text is the one
    cached: Fluent's pure-Python parser takes 0.1–0.2 s a locale, on the way to the first answer after a start
    (issue 14); reading the cache, 15 ms. Like a .pyc file: keyed by the files' names and text and the parser's
    source, written atomically when it can be (a read-only install parses at each start), never trusted blindly
    (one that cannot be read is parsed again and replaced)."""
    paths = sorted((LOCALES_DIR / locale).glob("*.ftl"))
    texts = [path.read_text(encoding="utf-8") for path in paths]
    key = hashlib.sha256()
    for module in (ast, fluent_parser):  # the parser that made it and the classes it holds
        key.update(Path(module.__file__ or "").read_bytes())
    for path, text in zip(paths, texts, strict=True):
        key.update(f"\0{path.name}\0{text}".encode())
    cached = LOCALES_DIR / "__pycache__" / f"{locale}.{key.hexdigest()[:24]}.fluent.pickle"
    try:
        resources = pickle.loads(cached.read_bytes())
        if isinstance(resources, list) and all(isinstance(r, ast.Resource) for r in resources):
            return resources
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001 — a damaged or foreign file is parsed again below, whatever it holds
        log.warning("the parsed-locale cache %s is unreadable; parsing again", cached.name)
    # Without source positions (used only to report syntax errors, which tests/test_menus.py catches): a third less
    # memory for the parsed messages, which stay in memory as long as the bot runs.
    parser = FluentParser(with_spans=False)
    resources = [parser.parse(text) for text in texts]
    with suppress(OSError):
        cached.parent.mkdir(exist_ok=True)
        for stale in cached.parent.glob(f"{locale}.*.fluent.pickle"):
            stale.unlink(missing_ok=True)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
        try:
            partial.write_bytes(pickle.dumps(resources, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(partial, cached)
        finally:  # a write cut short (a full disk) leaves nothing behind
            partial.unlink(missing_ok=True)
    return resources


def message_ids(locale: str) -> set[str]:
    return set(bundle(locale)._messages)


@cache
def _compiled(locale: str, msg_id: str) -> tuple[FluentBundle, Pattern, frozenset[str]] | None:
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


def message_variables(locale: str, msg_id: str) -> frozenset[str]:
    """The { $variables } the message uses (none for an unknown message)."""
    compiled = _compiled(locale, msg_id)
    return compiled[2] if compiled is not None else frozenset()


def tr(locale: str, msg_id: str, **args: object) -> Html:
    """The message as HTML: its string variables escaped (a `Markup` value is taken as it is)."""
    return tr_from(locale, msg_id, args)


def tr_text(locale: str, msg_id: str, **args: object) -> str:
    """The message as plain text, nothing escaped: for a button's label, a pop-up answer, a workbook, a chart."""
    return _tr(locale, msg_id, args, html=False)


def tr_from(locale: str, msg_id: str, values: Mapping[str, object]) -> Html:
    """`tr` with the variables looked up in `values`; see `_tr`."""
    text = _tr(locale, msg_id, values, html=True)
    assert isinstance(text, Html)
    if STRICT and _TAG.search(text):
        _MADE[str(text)] = None  # for `Html.escape`: a message's HTML found again inside a plain string
        if len(_MADE) > 20000:
            del _MADE[next(iter(_MADE))]
    return text


# An HTML tag Telegram understands, inside a plain string about to be escaped: HTML that lost its mark on the way
# (a `str.join`, an f-string, `+` of two plain strings) and would be shown as tags. Under `STRICT` it fails the test.
_TAG = re.compile(r"</?(b|i|u|s|code|pre|blockquote|tg-spoiler)>|<a href=")
_MADE: dict[str, None] = {}  # under STRICT: the messages with tags rendered so far, oldest first


class Html(Markup):
    """What `tr` returns: `Markup` (adding, joining or formatting it escapes a plain string, keeps a `Markup`), which
    under `STRICT` also refuses to escape a plain string that holds a message rendered earlier with its tags: HTML
    built as plain text somewhere (`"\\n".join(...)` of messages) and added to a message would otherwise show its
    tags to the reader. (Text a person typed with tags in it is escaped like any other.)"""

    __slots__ = ()

    @classmethod
    def escape(cls, s: object, /) -> Markup:  # type: ignore[override]  # a Markup in production, as good to join
        if not STRICT:  # production: markupsafe's own (C), a Markup; joining and adding take it as it is
            return escape(s)
        if isinstance(s, str) and not isinstance(s, Markup) and _TAG.search(s) and _made_inside(s):
            raise UnmarkedHtml(
                f"HTML in a plain str (join messages with Html(...).join) at {_caller()}: {s[:120]!r}"
            )
        return super().escape(s)


def _caller() -> str:
    """Where the plain HTML came from: the first frame outside this module and markupsafe."""
    import traceback

    for frame in reversed(traceback.extract_stack()[:-2]):
        if "markupsafe" not in frame.filename and not frame.filename.endswith("locales/__init__.py"):
            return f"{frame.filename}:{frame.lineno}"
    return "?"


def _made_inside(text: str) -> bool:
    """A message rendered earlier is part of `text`: HTML that lost its mark (a person who typed "<b>" did not)."""
    return any(made in text for made in _MADE)


def _html_value(value: object) -> object:
    if isinstance(value, str) and not isinstance(value, Markup):
        # markupsafe's escape (C) in production; the tests' Html.escape also looks for HTML that lost its mark.
        return Html.escape(value) if STRICT else escape(value)
    return value


def _tr(locale: str, msg_id: str, values: Mapping[str, object], *, html: bool) -> str:
    """`tr` with the variables looked up in `values`, which may hold many more (a dialog window's whole render
    data): only the message's own variables are read, nothing is copied.

    A variable the message uses but the caller did not give is a bug: under `STRICT` (the tests) it raises
    `MissingVariable`; in production it is logged once per message and rendered as nothing, never as a raw
    `{$name}` placeholder."""
    compiled = _compiled(locale, msg_id)
    if compiled is None:
        return Html(msg_id) if html else msg_id
    _, _, variables = compiled
    if not variables:  # most labels and titles
        used: tuple[tuple[str, object], ...] = ()
    elif html:
        used = tuple(sorted((name, _html_value(values[name])) for name in variables if name in values))
    else:
        used = tuple(sorted((name, values[name]) for name in variables if name in values))
    if len(used) < len(variables):
        given = {name for name, _ in used}
        missing = sorted(variables - given)
        if STRICT:
            raise MissingVariable(f"{msg_id} ({locale}) was rendered without {', '.join(missing)}")
        _warn_once(locale, msg_id, tuple(missing))
        used = tuple(sorted((*used, *((name, "") for name in missing))))
    try:
        # Menus are rendered on every button press with the same few values: format each combination once.
        return _format(locale, msg_id, used, html)
    except TypeError:  # an unhashable value
        return _format.__wrapped__(locale, msg_id, used, html)


@lru_cache(maxsize=8192)
def _format(locale: str, msg_id: str, used: tuple[tuple[str, object], ...], html: bool) -> str:
    """The message with these values: as `Html` (made once per combination, like the text) or as plain text."""
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
    text, errors = b.format_pattern(pattern, values)
    if errors and STRICT:  # a reference to a missing message or term, a function's error
        raise MissingVariable(f"{msg_id} ({locale}): {'; '.join(str(e) for e in errors)}")
    # FluentNone stands for a cyclic reference, which only a pattern inside another one can be.
    assert isinstance(text, str)
    return Html(text) if html else text


class MissingVariable(LookupError):
    """A message was rendered without a variable it uses (raised only under `STRICT`)."""


class UnmarkedHtml(ValueError):
    """HTML reached `tr` as a plain string and would have been escaped (raised only under `STRICT`)."""


# The tests set this (tests/conftest.py): a message rendered without one of its variables fails the test instead of
# being logged.
STRICT = False


@cache
def _warn_once(locale: str, msg_id: str, missing: tuple[str, ...]) -> None:
    # The names only: the values may be what a person typed.
    log.warning("message %s (%s) rendered without %s", msg_id, locale, ", ".join(missing))


@dataclass(frozen=True)
class Msg:
    """One localized fragment, rendered later in the reader's locale: `Msg("msg-id", {"name": ...})`.

    Argument values may themselves be `Msg` or `MsgList`; they are rendered first, in the same locale.
    """

    msg_id: str
    args: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class MsgList:
    """Fragments (`Msg`, `MsgList` or plain strings) joined by the locale's separator message `sep_msg_id`
    (a comma-like `list-separator` by default), or one per line when `sep_msg_id` is None."""

    items: tuple[object, ...]
    sep_msg_id: str | None = "list-separator"


def render(locale: str, value: object) -> object:
    """`value` as HTML in `locale` if it is a `Msg` or `MsgList`; any other value as it is (a plain string in a
    `MsgList` is escaped)."""
    if isinstance(value, Msg):
        return tr(locale, value.msg_id, **render_args(locale, value.args))
    if isinstance(value, MsgList):
        sep = Html("\n") if value.sep_msg_id is None else tr(locale, value.sep_msg_id)
        return sep.join(Html.escape(render(locale, item)) for item in value.items)
    return value


def render_args(locale: str, args: Mapping[str, object]) -> dict[str, object]:
    """Message arguments with their `Msg` and `MsgList` values rendered in `locale`."""
    return {name: render(locale, value) for name, value in args.items()}


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
