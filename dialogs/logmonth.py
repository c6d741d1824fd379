"""📤 纪实表月报: after month end the secretary submits the community's month of logs to 党群工作部.

The overview lists the counts and every unsigned log; those must be signed (/pending) or left out with a reason
before 确认报送. Submitting locks the month (a later log for it is refused) until the secretary reopens it, which is
recorded with a reason.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.enums import ContentType
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Start, SwitchTo
from aiogram_dialog.widgets.text import Format

from dialogs.guard import StaleGuard
from dialogs.states import LogMonthFlow, PendingLogs
from dialogs.widgets import L, actor_of, answer_callback, choice_list, hint_input
from domain import worklog as rules
from locales import Html, tr
from reports.worklog import MONTH_WORKBOOK
from services import worklog as service
from services.worklog.text import local_time, short_line

MONTHS_BACK = 3


def _tz(manager: DialogManager) -> ZoneInfo:
    return ZoneInfo(manager.middleware_data["settings"].timezone)


def _today(manager: DialogManager) -> date:
    return manager.middleware_data["clock"]().astimezone(_tz(manager)).date()


async def on_start(start_data: Any, manager: DialogManager) -> None:
    actor = actor_of(manager)
    communities = await service.signable_communities(manager.middleware_data["db"], actor.onboarded_id)
    manager.dialog_data["communities"] = communities
    if len(communities) == 1:
        manager.dialog_data["community"] = communities[0][0]
        await manager.switch_to(LogMonthFlow.month)


async def communities_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    options = [(str(i), name) for i, name in dialog_manager.dialog_data.get("communities", [])]
    return {"options": options, "none": not options}


async def on_community(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    allowed = {str(i) for i, _ in manager.dialog_data.get("communities", [])}
    if item_id not in allowed:
        await answer_callback(callback, tr(actor_of(manager).locale, "outdated-screen"))
        return
    manager.dialog_data["community"] = int(item_id)
    await manager.switch_to(LogMonthFlow.month)


def _months(manager: DialogManager) -> list[date]:
    month = rules.previous_month(rules.month_start(_today(manager)))
    months = []
    for _ in range(MONTHS_BACK):
        months.append(month)
        month = rules.previous_month(month)
    return months


async def months_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    return {
        "options": [
            (m.isoformat(), tr(locale, "wl-month-option", year=m.year, month=m.month))
            for m in _months(dialog_manager)
        ]
    }


async def on_month(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    if item_id not in {m.isoformat() for m in _months(manager)}:
        await answer_callback(callback, tr(actor_of(manager).locale, "outdated-screen"))
        return
    manager.dialog_data["month"] = item_id
    await manager.switch_to(LogMonthFlow.overview)


async def _state(manager: DialogManager) -> service.MonthState:
    return await service.month_state(
        manager.middleware_data["db"],
        int(manager.dialog_data["community"]),
        date.fromisoformat(manager.dialog_data["month"]),
        _today(manager),
        manager.middleware_data["settings"].log_month_deadline_day,
    )


async def overview_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    state = await _state(dialog_manager)
    submission = state.submission
    submitted = submission is not None and submission.status == "submitted"
    if submitted:
        status = tr(
            locale,
            "wl-month-status-submitted",
            at=local_time(submission.submitted_at, _tz(dialog_manager)),  # type: ignore[union-attr]
            late="yes" if submission.late else "no",  # type: ignore[union-attr]
        )
    elif submission is not None:
        status = tr(locale, "wl-month-status-reopened", reason=submission.reopen_reason or "")
    else:
        late = _today(dialog_manager) > state.deadline
        status = tr(locale, "wl-month-status-open", late="yes" if late else "no")
    return {
        "community": state.community,
        "year": state.month.year,
        "month": state.month.month,
        "total": state.total,
        "approved": state.approved,
        "unsigned": state.unsigned_count,
        "excluded": state.excluded,
        "deadline": state.deadline.isoformat(),
        "status": status,
        "unsigned_lines": Html("\n").join(short_line(locale, v) for v in state.unsigned),
        "has_unsigned": bool(state.unsigned_count) and not submitted,
        # A month without one approved log is submitted only after a confirmation (an empty workbook goes out).
        "can_submit": state.over and not submitted and not state.unsigned_count and bool(state.approved),
        "can_submit_empty": state.over and not submitted and not state.unsigned_count and not state.approved,
        "submitted": submitted,
    }


async def on_submit(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    actor = actor_of(manager)
    settings = manager.middleware_data["settings"]
    result = await service.submit_month(
        manager.middleware_data["db"],
        actor.onboarded_id,
        int(manager.dialog_data["community"]),
        date.fromisoformat(manager.dialog_data["month"]),
        now=manager.middleware_data["clock"](),
        tz=_tz(manager),
        deadline_day=settings.log_month_deadline_day,
        media_dir=settings.media_dir,
        default_locale=settings.default_locale,
        workbook=MONTH_WORKBOOK,
    )
    text = tr(
        actor.locale,
        f"wl-month-{result.outcome.value}",
        count=result.count,
        late="yes" if result.late else "no",
    )
    await answer_callback(callback, text, alert=result.outcome is not service.MonthOutcome.SUBMITTED)
    if result.outcome is service.MonthOutcome.SUBMITTED and callback.message is not None:
        await callback.message.answer(text)
        manager.show_mode = ShowMode.SEND
    await manager.switch_to(
        LogMonthFlow.overview
    )  # from the empty month's confirmation too: the month as it is now


def _reason_handler(kind: str) -> Any:
    async def handle(message: Message, _w: MessageInput, manager: DialogManager) -> None:
        actor = actor_of(manager)
        call = service.exclude_unsigned if kind == "exclude" else service.reopen_month
        result = await call(
            manager.middleware_data["db"],
            actor.onboarded_id,
            int(manager.dialog_data["community"]),
            date.fromisoformat(manager.dialog_data["month"]),
            message.text,
            now=manager.middleware_data["clock"](),
        )
        await message.answer(
            tr(actor.locale, f"wl-month-{result.outcome.value}", count=result.count, max=rules.NOTE_MAX)
        )
        manager.show_mode = ShowMode.SEND
        if result.outcome in (service.MonthOutcome.EXCLUDED, service.MonthOutcome.REOPENED):
            await manager.switch_to(LogMonthFlow.overview)

    return handle


async def on_not_text(message: Message, _w: MessageInput, manager: DialogManager) -> None:
    await message.answer(tr(actor_of(manager).locale, "wl-need-text"))
    manager.show_mode = ShowMode.DELETE_AND_SEND


def make_dialog() -> Dialog:
    return Dialog(
        Window(
            L("wl-month-pick-community"),
            L("wl-month-no-community", when="none"),
            choice_list("community", "options", on_community),
            Cancel(L("btn-back")),
            hint_input(),
            StaleGuard(),
            getter=communities_getter,
            state=LogMonthFlow.community,
        ),
        Window(
            L("wl-month-pick-month"),
            choice_list("month", "options", on_month),
            Cancel(L("btn-back")),
            hint_input(),
            StaleGuard(),
            getter=months_getter,
            state=LogMonthFlow.month,
        ),
        Window(
            L("wl-month-overview"),
            Format("{unsigned_lines}", when="has_unsigned"),
            Button(L("wl-btn-month-submit"), id="submit", on_click=on_submit, when="can_submit"),
            SwitchTo(
                L("wl-btn-month-submit"),
                id="submit_empty",
                state=LogMonthFlow.confirm_empty,
                when="can_submit_empty",
            ),
            Start(L("wl-btn-go-sign"), id="sign", state=PendingLogs.page, when="has_unsigned"),
            SwitchTo(
                L("wl-btn-exclude"), id="exclude", state=LogMonthFlow.exclude_reason, when="has_unsigned"
            ),
            SwitchTo(L("wl-btn-reopen"), id="reopen", state=LogMonthFlow.reopen_reason, when="submitted"),
            SwitchTo(L("wl-btn-other-month"), id="other", state=LogMonthFlow.month),
            Cancel(L("btn-back")),
            hint_input(),
            StaleGuard(),
            getter=overview_getter,
            state=LogMonthFlow.overview,
        ),
        Window(
            L("wl-month-empty-confirm"),
            Button(L("wl-btn-month-submit-empty"), id="submit", on_click=on_submit),
            SwitchTo(L("btn-back"), id="back", state=LogMonthFlow.overview),
            hint_input(),
            StaleGuard(),
            getter=overview_getter,
            state=LogMonthFlow.confirm_empty,
        ),
        Window(
            L("wl-month-exclude-prompt"),
            MessageInput(_reason_handler("exclude"), content_types=[ContentType.TEXT]),
            MessageInput(on_not_text),
            SwitchTo(L("btn-back"), id="back", state=LogMonthFlow.overview),
            StaleGuard(),
            state=LogMonthFlow.exclude_reason,
        ),
        Window(
            L("wl-month-reopen-prompt"),
            MessageInput(_reason_handler("reopen"), content_types=[ContentType.TEXT]),
            MessageInput(on_not_text),
            SwitchTo(L("btn-back"), id="back", state=LogMonthFlow.overview),
            StaleGuard(),
            state=LogMonthFlow.reopen_reason,
        ),
        on_start=on_start,
    )
