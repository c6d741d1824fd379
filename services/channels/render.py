"""The Telegram message's HTML (the locale layer's rendering) as a group robot's markdown or plain text, and cut to a
robot's size limit between lines, never through one (a single line longer than the limit is shortened, marked …)."""

from __future__ import annotations

import html
import re

_TAGS = re.compile(
    r"<(/?)(b|strong|i|em|u|ins|s|strike|del|code|pre|a|blockquote|tg-spoiler|span)([^>]*)>", re.I
)
_HREF = re.compile(r"""href\s*=\s*["']([^"']*)["']""", re.I)
_ANY_TAG = re.compile(r"<[^>]+>")
ELLIPSIS = "…"


def as_text(markup: str) -> str:
    """Plain text: the tags dropped, the entities back (a link keeps its words and the address after them)."""
    text = re.sub(
        r"""<a\s[^>]*href\s*=\s*["']([^"']*)["'][^>]*>(.*?)</a>""", r"\2 (\1)", str(markup), flags=re.I | re.S
    )
    return html.unescape(_ANY_TAG.sub("", text))


def as_markdown(markup: str) -> str:
    """Markdown as WeCom, DingTalk and Feishu cards read it: bold, italics, code and links kept, the rest as text."""
    out: list[str] = []
    pos = 0
    link: str | None = None
    for match in _TAGS.finditer(str(markup)):
        out.append(html.unescape(_ANY_TAG.sub("", str(markup)[pos : match.start()])))
        pos = match.end()
        closing, tag = match.group(1) == "/", match.group(2).lower()
        if tag in ("b", "strong"):
            out.append("**")
        elif tag in ("i", "em"):
            out.append("*")
        elif tag in ("code", "pre"):
            out.append("`")
        elif tag == "a":
            if closing:
                out.append(f"]({link})" if link else "")
                link = None
            else:
                href = _HREF.search(match.group(3))
                link = href.group(1) if href else None
                if link:
                    out.append("[")
    out.append(html.unescape(_ANY_TAG.sub("", str(markup)[pos:])))
    return "".join(out)


def size(text: str) -> int:
    return len(text.encode("utf-8"))


def shorten(line: str, limit: int) -> str:
    """A line cut to `limit` UTF-8 bytes at a character boundary, marked with … when it was cut."""
    if size(line) <= limit:
        return line
    room = limit - size(ELLIPSIS)
    data = line.encode("utf-8")[: max(room, 0)]
    return data.decode("utf-8", errors="ignore") + ELLIPSIS


def split(text: str, limit: int, *, head: str = "", sep: str = "\n") -> list[str]:
    """`text`'s lines in pieces of at most `limit` UTF-8 bytes, each made of whole lines joined by `sep`; every piece
    after the first starts with `head` (the title, so that a reader of the second message knows what it continues)."""
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    joint = size(sep)
    room = limit - (size(head) + joint if head else 0)  # a line must fit in a piece that starts with the head
    for raw in text.split("\n"):
        line = shorten(raw, max(room, 1))
        cost = size(line) + (joint if current else 0)
        if current and used + cost > limit:
            pieces.append(sep.join(current))
            current, used = ([head] if head else []), size(head)
            cost = size(line) + (joint if current else 0)
        current.append(line)
        used += cost
    if current:
        pieces.append(sep.join(current))
    return [piece for piece in pieces if piece.strip()]
