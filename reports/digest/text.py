"""A digest's text: the `Digest` it makes, its templates, percentages, the scope's title, and messages cut at
Telegram's limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from locales import tr
from services.digest import Scope

TEMPLATES = Path(__file__).parent.parent / "templates"

LIMIT = 4096

QUIET_NAMED = 5  # communities with nothing to report are counted, and named when there are no more than this

SECTION = "\f"

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    autoescape=False,  # plain text for Telegram's HTML mode: the values are escaped where they are prepared
)


@dataclass
class Digest:
    """One reader's digest: message texts, the index of the message the nudge buttons go under, and the nudges
    (problem id, owner) for the overdue items shown."""

    parts: list[str]
    nudges: list[tuple[int, str]] = field(default_factory=list)
    nudge_part: int = -1


def split_message(text: str, limit: int = LIMIT, cont: str = " …") -> list[str]:
    """Whole sections per message; a section longer than `limit` split between lines, its title repeated."""
    sections = [s.strip("\n") for s in text.split(SECTION) if s.strip()]
    pieces: list[str] = []
    for section in sections:
        if len(section) <= limit:
            pieces.append(section)
            continue
        title, *lines = section.split("\n")
        chunk = title
        for line in lines:
            if len(chunk) + 1 + len(line) > limit:
                pieces.append(chunk)
                chunk = f"{title}{cont}"
            room = limit - len(chunk) - 1
            # A single line longer than a message (never made by the templates) is shortened, not sent over the limit.
            chunk = f"{chunk}\n{line}" if len(line) <= room else f"{chunk}\n{line[: room - 1]}…"
        pieces.append(chunk)
    parts: list[str] = []
    for piece in pieces:
        if parts and len(parts[-1]) + 2 + len(piece) <= limit:
            parts[-1] = f"{parts[-1]}\n\n{piece}"
        else:
            parts.append(piece)
    return parts


def _pct(value: int | None) -> str:
    return "—" if value is None else f"{value}%"


def _render(template: str, locale: str, **context: object) -> str:
    return _env.get_template(template).render(
        t=lambda msg_id, **args: tr(locale, msg_id, **args), pct=_pct, br=SECTION, **context
    )


def _split(text: str, locale: str) -> list[str]:
    return split_message(text, cont=tr(locale, "digest-continued"))


def scope_title(locale: str, scope: Scope, names: dict[int, str]) -> str:
    if scope.whole:
        return tr(locale, "digest-scope-all", count=len(scope.community_ids))
    listed = tr(locale, "list-separator").join(names.get(c, "?") for c in sorted(scope.community_ids))
    return tr(locale, "digest-scope-some", names=listed)
