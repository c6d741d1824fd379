"""How a grid work log reads in a message (a card), and the buttons that travel with it through the outbox.

Messages are HTML: everything a person typed or a roster holds is escaped here. The buttons of outbox messages are not
dialog buttons (the recipient may be anywhere in the bot when they arrive), so they carry their own short data:
`wl:<verb>:<log id>:<version>`, read back by `dialogs.buttons.WorkLogButton`; an old version is refused as outdated.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from domain.worklog import Status
from locales import Html, tr
from services.worklog.views import LogView

PREFIX = "wl"
APPROVE, RETURN, EDIT, VIEW = "a", "r", "e", "v"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def button_data(verb: str, log_id: int, version: int = 0) -> str:
    return f"{PREFIX}:{verb}:{log_id}:{version}"


def sign_buttons(locale: str, log_id: int, version: int) -> list[tuple[str, str]]:
    return [
        (tr(locale, "wl-btn-approve"), button_data(APPROVE, log_id, version)),
        (tr(locale, "wl-btn-return"), button_data(RETURN, log_id, version)),
    ]


def author_buttons(locale: str, view: LogView) -> list[tuple[str, str]]:
    if view.status is Status.RETURNED:
        return [(tr(locale, "wl-btn-edit"), button_data(EDIT, view.id, view.version))]
    return []


def categories_text(locale: str, categories: list[str]) -> str:
    return tr(locale, "list-separator").join(tr(locale, f"wl-task-{c}") for c in categories)


def local_time(moment: datetime, tz: ZoneInfo = SHANGHAI) -> str:
    # YYYY-MM-DD HH:MM; isoformat is a third of strftime's time, which counts over a 100,000-row export.
    return moment.astimezone(tz).isoformat(" ", "minutes")[:16]


def problems_text(locale: str, problems: Sequence[tuple[int, str]]) -> str:
    """#12 邻里噪音纠纷；#13 … — the problems reported from a log, each cut to a short line."""
    short = [f"#{i} {d[:30]}{'…' if len(d) > 30 else ''}" for i, d in problems]
    return tr(locale, "wl-problems-separator").join(short)


def status_text(locale: str, view: LogView, tz: ZoneInfo = SHANGHAI) -> str:
    if view.status is Status.APPROVED:
        return tr(
            locale,
            "wl-status-approved-by",
            signer=view.signer or "",
            at=local_time(view.signed_at, tz) if view.signed_at else "",
            opinion=view.opinion or tr(locale, "wl-opinion-none"),
        )
    if view.status is Status.RETURNED:
        reason = next((e.note for e in reversed(view.events) if e.action == "returned"), None)
        return tr(locale, "wl-status-returned-why", reason=reason or "", when="yes" if reason else "no")
    if view.status is Status.EXCLUDED:
        return tr(locale, "wl-status-excluded-why", reason=view.excluded_reason or "")
    return tr(locale, "wl-status-submitted")


def log_card(locale: str, view: LogView, *, heading: str | None = None, tz: ZoneInfo = SHANGHAI) -> str:
    lines = [tr(locale, heading)] if heading else []
    lines += [
        tr(locale, "wl-card-title", id=view.id),
        tr(locale, "wl-card-date", date=view.work_date.isoformat()),
        tr(locale, "wl-card-grid", community=view.community, grid=view.grid),
        tr(locale, "wl-card-person", name=view.person, role=tr(locale, f"role-{view.deployment}")),
        tr(locale, "wl-card-tasks", tasks=categories_text(locale, view.categories)),
        tr(locale, "wl-card-households", count=view.households),
    ]
    if view.addresses:
        lines.append(tr(locale, "wl-card-addresses", addresses=view.addresses))
    lines.append(tr(locale, "wl-card-content", content=view.content))
    lines.append(
        tr(locale, "wl-card-problems", problems=problems_text(locale, view.problems))
        if view.problems
        else tr(locale, "wl-card-no-problems")
    )
    lines.append(tr(locale, "wl-card-photos", count=view.photos))
    lines.append(tr(locale, "wl-card-status", status=status_text(locale, view, tz)))
    return Html("\n").join(lines)


def history_lines(locale: str, view: LogView, tz: ZoneInfo = SHANGHAI) -> list[str]:
    return [
        tr(
            locale,
            "wl-history-line",
            at=local_time(event.at, tz),
            who=event.who or "—",
            action=tr(locale, f"wl-event-{event.action}"),
            note=event.note or "",
        )
        for event in view.events
    ]


def short_line(locale: str, view: LogView) -> str:
    """One line of a list: date, grid, person, status icon."""
    return tr(
        locale,
        "wl-short-line",
        id=view.id,
        date=view.work_date.strftime("%m-%d"),
        grid=view.grid,
        name=view.person,
        status=tr(locale, f"wl-icon-{view.status.value}"),
    )
