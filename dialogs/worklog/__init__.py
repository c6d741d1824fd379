"""Filling in a grid work log 网格工作纪实表: date → grid → tasks → households → addresses → content → photos →
problems → summary (edit any field) → submit.

Every step is saved as a draft in the database (services.worklog.save_draft) as well as in the dialog, so a log
survives a restart, a /menu or a lost phone signal; /log then offers to resume or discard it. Started with
`{"log_id": n}` it edits a returned log and resubmits it.

One module a step or concern, each imported only from those listed before it: `common` (the draft, the person's
day), `start`, `date`, `fields` (grid, tasks, households, addresses, content), `photos`, `problems`, `summary`,
`navigation` (back, later, cancel); the dialog itself (`make_dialog`) is here. The dialog's states, widget ids and
callback data are as they were when this was one module.
"""

from __future__ import annotations

from typing import Any

from aiogram.enums import ContentType
from aiogram.types import Message
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, CalendarConfig, Column, Group, Multiselect, Row
from aiogram_dialog.widgets.text import Format

from dialogs.guard import StaleGuard
from dialogs.states import WorkLogFlow
from dialogs.widgets import L, choice_list
from dialogs.worklog.common import DRAFT as DRAFT
from dialogs.worklog.common import EDITING as EDITING
from dialogs.worklog.common import _say as _say
from dialogs.worklog.date import CompactDaysView as CompactDaysView
from dialogs.worklog.date import WorkDateCalendar as WorkDateCalendar
from dialogs.worklog.date import date_getter as date_getter
from dialogs.worklog.date import on_date_clicked as on_date_clicked
from dialogs.worklog.date import on_date_typed as on_date_typed
from dialogs.worklog.date import on_today as on_today
from dialogs.worklog.fields import grid_getter as grid_getter
from dialogs.worklog.fields import on_addresses as on_addresses
from dialogs.worklog.fields import on_content as on_content
from dialogs.worklog.fields import on_grid as on_grid
from dialogs.worklog.fields import on_households as on_households
from dialogs.worklog.fields import on_more_grids as on_more_grids
from dialogs.worklog.fields import on_not_text as on_not_text
from dialogs.worklog.fields import on_skip_addresses as on_skip_addresses
from dialogs.worklog.fields import on_tasks_done as on_tasks_done
from dialogs.worklog.fields import tasks_getter as tasks_getter
from dialogs.worklog.navigation import STEPS as STEPS
from dialogs.worklog.navigation import _back_to_summary as _back_to_summary
from dialogs.worklog.navigation import _cancel_row as _cancel_row
from dialogs.worklog.navigation import _later_button as _later_button
from dialogs.worklog.navigation import editing_getter as editing_getter
from dialogs.worklog.navigation import on_back as on_back
from dialogs.worklog.navigation import on_cancel as on_cancel
from dialogs.worklog.navigation import on_later as on_later
from dialogs.worklog.photos import on_clear_photos as on_clear_photos
from dialogs.worklog.photos import on_document as on_document
from dialogs.worklog.photos import on_other_in_photos as on_other_in_photos
from dialogs.worklog.photos import on_photo as on_photo
from dialogs.worklog.photos import on_photos_done as on_photos_done
from dialogs.worklog.photos import photos_getter as photos_getter
from dialogs.worklog.problems import on_no_problems as on_no_problems
from dialogs.worklog.problems import on_problems_text as on_problems_text
from dialogs.worklog.problems import on_report_done as on_report_done
from dialogs.worklog.problems import on_report_problem as on_report_problem
from dialogs.worklog.problems import problems_getter as problems_getter
from dialogs.worklog.start import on_discard as on_discard
from dialogs.worklog.start import on_resume as on_resume
from dialogs.worklog.start import on_start as on_start
from dialogs.worklog.start import start_log as start_log
from dialogs.worklog.summary import _edit as _edit
from dialogs.worklog.summary import on_discard_from_summary as on_discard_from_summary
from dialogs.worklog.summary import on_submit as on_submit
from dialogs.worklog.summary import summary_getter as summary_getter
from domain import worklog as rules


def _text_window(
    state: Any, prompt: str, handler: Any, *extra: Any, getter: Any = editing_getter, **prompt_args: Any
) -> Window:
    return Window(
        L(prompt, **prompt_args),
        *extra,
        MessageInput(handler, content_types=[ContentType.TEXT]),
        MessageInput(on_not_text),
        _back_to_summary(),
        _cancel_row(),
        StaleGuard(),
        getter=getter,
        state=state,
    )


def make_dialog() -> Dialog:
    # aiogram-dialog types on_click for any ChatEvent; a calendar button press is always a CallbackQuery
    calendar = WorkDateCalendar(id="date", on_click=on_date_clicked, config=CalendarConfig())  # type: ignore[arg-type]
    return Dialog(
        Window(
            L("wl-resume-title"),
            L("wl-summary-body"),
            Row(
                Button(L("wl-btn-resume"), id="resume", on_click=on_resume),
                Button(L("wl-btn-discard"), id="discard", on_click=on_discard),
            ),
            MessageInput(_hint_buttons()),
            StaleGuard(),
            getter=summary_getter,
            state=WorkLogFlow.resume,
        ),
        Window(
            L("wl-date-prompt"),
            calendar,
            Button(L("wl-btn-today"), id="today", on_click=on_today),
            MessageInput(on_date_typed, content_types=[ContentType.TEXT]),
            MessageInput(on_not_text),
            _back_to_summary(),
            _cancel_row(),
            StaleGuard(),
            getter=[date_getter, editing_getter],
            state=WorkLogFlow.date,
        ),
        Window(
            L("wl-grid-prompt"),
            L("wl-grid-none", when="none"),
            choice_list("grid", "grids", on_grid, width=2),
            Button(L("wl-btn-more-grids"), id="more", on_click=on_more_grids, when="more"),
            MessageInput(_hint_buttons()),
            _back_to_summary(),
            _cancel_row(),
            StaleGuard(),
            getter=[grid_getter, editing_getter],
            state=WorkLogFlow.grid,
        ),
        Window(
            L("wl-tasks-prompt"),
            Column(
                Multiselect(
                    Format("✅ {item[1]}"),
                    Format("▫️ {item[1]}"),
                    id="tasks",
                    item_id_getter=lambda item: item[0],
                    items="tasks",
                )
            ),
            Button(L("wl-btn-next"), id="tasks_done", on_click=on_tasks_done),
            MessageInput(_hint_buttons()),
            _back_to_summary(),
            _cancel_row(),
            StaleGuard(),
            getter=[tasks_getter, editing_getter],
            state=WorkLogFlow.tasks,
        ),
        _text_window(WorkLogFlow.households, "wl-households-prompt", on_households),
        _text_window(
            WorkLogFlow.addresses,
            "wl-addresses-prompt",
            on_addresses,
            Button(L("wl-btn-skip"), id="skip_addr", on_click=on_skip_addresses),
        ),
        _text_window(
            WorkLogFlow.content, "wl-content-prompt", on_content, min=rules.CONTENT_MIN, max=rules.CONTENT_MAX
        ),
        Window(
            L("photos-prompt"),
            L("photos-count", when="has_photos"),
            Row(
                Button(L("btn-photos-done"), id="photos_done", on_click=on_photos_done),
                Button(L("btn-photos-clear"), id="photos_clear", on_click=on_clear_photos, when="has_photos"),
            ),
            MessageInput(on_photo, content_types=[ContentType.PHOTO]),
            MessageInput(on_document, content_types=[ContentType.DOCUMENT]),
            MessageInput(on_other_in_photos),
            _back_to_summary(),
            _cancel_row(),
            StaleGuard(),
            getter=[photos_getter, editing_getter],
            state=WorkLogFlow.photos,
        ),
        Window(
            L("wl-problems-prompt"),
            L("wl-problems-reported", when="reported"),
            Row(
                Button(L("wl-btn-no-problems"), id="no_problems", on_click=on_no_problems, when="none_yet"),
                Button(L("wl-btn-no-more-problems"), id="no_more", on_click=on_no_problems, when="reported"),
                Button(L("wl-btn-report-problem"), id="report", on_click=on_report_problem),
            ),
            MessageInput(on_problems_text),
            _back_to_summary(),
            _cancel_row(),
            StaleGuard(),
            getter=[problems_getter, editing_getter],
            state=WorkLogFlow.problems,
        ),
        Window(
            L("wl-summary-title"),
            L("wl-summary-resubmit", when="resubmit"),
            L("wl-summary-return-reason", when="return_reason"),
            L("wl-summary-body"),
            Group(
                _edit("date", WorkLogFlow.date),
                _edit("grid", WorkLogFlow.grid),
                _edit("tasks", WorkLogFlow.tasks),
                _edit("households", WorkLogFlow.households),
                _edit("addresses", WorkLogFlow.addresses),
                _edit("content", WorkLogFlow.content),
                _edit("photos", WorkLogFlow.photos),
                _edit("problems", WorkLogFlow.problems),
                width=2,
            ),
            Button(L("wl-btn-submit"), id="submit", on_click=on_submit),
            Row(
                Button(L("wl-btn-discard"), id="discard_all", on_click=on_discard_from_summary),
                _later_button(),
            ),
            MessageInput(_hint_buttons()),
            StaleGuard(),
            getter=summary_getter,
            state=WorkLogFlow.summary,
        ),
        on_start=on_start,
        on_process_result=on_report_done,
    )


def _hint_buttons() -> Any:
    async def hint(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
        await _say(message, manager, "dialog-hint")

    return hint
