"""The buttons of a prompt sheet's notices: what a press carries (`ps:<verb>:<target id>:<version>`) and which a
secretary may press now."""

from __future__ import annotations

from dataclasses import dataclass

from domain import sheets as rules
from domain.sheets import SheetVerb
from locales import tr

PREFIX = "ps"


@dataclass(frozen=True)
class Button:
    verb: SheetVerb
    target_id: int
    version: int


def button_data(verb: SheetVerb, target_id: int, version: int) -> str:
    """`ps:<verb>:<target id>:<version>`, read back by `dialogs.buttons.SheetButton`."""
    return f"{PREFIX}:{verb.value}:{target_id}:{version}"


def secretary_buttons(locale: str, target_id: int, version: int, status: str) -> list[tuple[str, str]]:
    """The buttons a secretary may press now; none once the community is done or waits for an answer."""
    verbs = [v for v in (SheetVerb.RECEIVE, SheetVerb.DONE, SheetVerb.ASK) if status in rules.SHEET_FROM[v]]
    return [(tr(locale, f"sheet-btn-{v.value}"), button_data(v, target_id, version)) for v in verbs]
