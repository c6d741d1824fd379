"""What call-out messages say: the alert, the caller's live roll (kept under Telegram's limit) and their buttons."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from html import unescape

from markupsafe import escape

from domain import callouts as rules
from domain.callouts import Answer, Status
from locales import Html, tr, tr_text
from services.callouts.model import (
    CANNOT,
    END,
    EXPORT,
    GO,
    CalloutConfig,
    CalloutView,
    TargetView,
    button_data,
)

# --- rendering ----------------------------------------------------------------------------------------------------


def kind_label(locale: str, kind: str) -> str:
    return tr_text(locale, f"callout-kind-{kind}")  # a plain label: escaped where a message shows it


def place_text(locale: str, view: CalloutView) -> str:
    if view.address:
        return escape(view.address)
    if view.latitude is not None and view.longitude is not None:
        return tr(locale, "callout-place-location", lat=f"{view.latitude:.5f}", lon=f"{view.longitude:.5f}")
    return "-"


def what_where(locale: str, view: CalloutView) -> dict[str, str]:
    """The arguments every call-out message shows: community, kind, place and what is needed (escaped)."""
    return {
        "community": escape(view.community),
        "kind": kind_label(locale, view.kind),
        "place": place_text(locale, view),
        "need": escape(view.need),
    }


def alert_text(locale: str, view: CalloutView, wave: str) -> str:
    return tr(
        locale,
        "callout-alert",
        id=view.id,
        **what_where(locale, view),
        caller=view.caller,
        wave=wave,
    )


def alert_buttons(locale: str, view: CalloutView) -> list[tuple[str, str]]:
    return [
        (tr(locale, "callout-btn-go"), button_data(GO, view.id, view.version)),
        (tr(locale, "callout-btn-cannot"), button_data(CANNOT, view.id, view.version)),
    ]


ROLL_MAX = 4000  # Telegram refuses a message over 4096 characters; the roll always stays under this
REASON_SHORT = 30  # a 无法到场 reason on a roll too long to show in full
PLACEABLE_MAX = 2400  # Fluent renders a value over 2,500 characters as "{???}"


def _visible(text: str) -> int:
    """Characters as Telegram counts them: after the HTML is parsed (tags dropped, entities one character)."""
    return len(unescape(re.sub(r"<[^>]*>", "", text)))


def _fit(items: list[str], budget: int, sep: str, more: Callable[[int], str]) -> str:
    """As many items as fit the budget (visible characters) and, as HTML, a Fluent value (PLACEABLE_MAX); the rest
    as "等 N 人"."""
    whole = Html(sep).join(items)
    if _visible(whole) <= budget and len(whole) <= PLACEABLE_MAX:
        return whole
    tail = sep + more(len(items))
    room, raw_room = budget - _visible(tail), PLACEABLE_MAX - len(tail)
    shown: list[str] = []
    used = raw = 0
    for item in items:
        extra = _visible(item) + (len(sep) if shown else 0)
        raw_extra = len(item) + (len(sep) if shown else 0)
        if used + extra > room or raw + raw_extra > raw_room:
            break
        shown.append(item)
        used, raw = used + extra, raw + raw_extra
    return Html(sep).join([*shown, more(len(items) - len(shown))])


def roll_text(locale: str, view: CalloutView, now: datetime, config: CalloutConfig) -> str:
    """The caller's live roll. However many are called and however long their reasons, it stays under ROLL_MAX:
    the lists show as many as fit, then "等 N 人"; reasons are shortened when they do not all fit."""

    def hm(moment: datetime | None) -> str:
        return config.local(moment).strftime("%H:%M") if moment else ""

    def more(count: int) -> str:
        return tr(locale, "callout-roll-more", count=count)

    coming = view.answered(Answer.COMING)
    cannot = view.answered(Answer.CANNOT)
    waiting = view.waiting
    end = view.closed_at or now
    head = [
        tr(
            locale,
            "callout-roll-head",
            id=view.id,
            **what_where(locale, view),
            raised=hm(view.raised_at),
            minutes=rules.elapsed_minutes(view.raised_at, end),
        ),
        tr(locale, "callout-roll-answered", answered=len(coming) + len(cannot), total=len(view.targets)),
    ]
    if view.widened:
        head.append(tr(locale, "callout-roll-widened"))
    tail = []
    if view.status == Status.CLOSED:
        tail.append(tr(locale, "callout-roll-closed", at=hm(view.closed_at), outcome=view.outcome or ""))
    coming_head = tr(locale, "callout-roll-coming", count=len(coming), names="")
    cannot_head = tr(locale, "callout-roll-cannot", count=len(cannot))
    waiting_head = tr(locale, "callout-roll-waiting", count=len(waiting), names="")
    fixed = Html("\n").join([*head, coming_head, cannot_head, waiting_head, *tail])
    budget = ROLL_MAX - _visible(fixed) - 2  # the "-" of empty lists

    def line(t: TargetView, reason_max: int | None) -> str:
        reason = t.reason or ""
        if reason_max is not None and len(reason) > reason_max:
            reason = reason[:reason_max] + "…"
        return tr(locale, "callout-roll-cannot-line", name=t.name, reason=reason)

    # Each list gets an equal share of what is left; what one does not use passes on to the next.
    coming_names = _fit(
        [escape(t.name) + f" {hm(t.answered_at)}" for t in coming],
        budget // 3,
        tr(locale, "list-separator"),
        more,
    )
    budget -= _visible(coming_names)
    lines = [line(t, None) for t in cannot]
    if _visible("\n" + Html("\n").join(lines)) > budget // 2:
        lines = [line(t, REASON_SHORT) for t in cannot]
    cannot_lines = _fit(lines, budget // 2 - 1, "\n", more) if lines else ""
    budget -= _visible(cannot_lines) + (1 if lines else 0)
    waiting_names = _fit([escape(t.name) for t in waiting], budget, tr(locale, "list-separator"), more)
    return Html("\n").join(
        [
            *head,
            tr(locale, "callout-roll-coming", count=len(coming), names=coming_names or "-"),
            tr(locale, "callout-roll-cannot", count=len(cannot)),
            *([cannot_lines] if cannot_lines else []),
            tr(locale, "callout-roll-waiting", count=len(waiting), names=waiting_names or "-"),
            *tail,
        ]
    )


def roll_buttons(locale: str, view: CalloutView) -> list[tuple[str, str]]:
    if view.status == Status.OPEN:
        return [(tr(locale, "callout-btn-end"), button_data(END, view.id, view.version))]
    return [(tr(locale, "callout-btn-export"), button_data(EXPORT, view.id, view.version))]
