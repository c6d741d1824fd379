"""Filling in a grid work log 网格工作纪实表: date → grid → tasks → households → addresses → content → photos →
problems → summary (edit any field) → submit.

Every step is saved as a draft in the database (services.worklog.save_draft) as well as in the dialog, so a log
survives a restart, a /menu or a lost phone signal; /log then offers to resume or discard it. Started with
`{"log_id": n}` it edits a returned log and resubmits it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.enums import ContentType
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import (
    Button,
    CalendarConfig,
    Column,
    Group,
    ManagedMultiselect,
    Multiselect,
    Row,
    SwitchTo,
)
from aiogram_dialog.widgets.kbd.calendar_kbd import (
    CalendarDaysView,
    CalendarScope,
    CalendarUserConfig,
)
from aiogram_dialog.widgets.text import Format
from markupsafe import escape

from bot.media import keep_photo
from dialogs.clock_calendar import ClockCalendar, local_days_view, local_views
from dialogs.guard import StaleGuard
from dialogs.states import ReportProblem, WorkLogFlow
from dialogs.widgets import L, actor_of, answer_callback, choice_list, item_int
from domain import worklog as rules
from domain.roles import Action
from domain.worklog import Task
from locales import tr
from services import worklog as service
from services.worklog_text import categories_text

DRAFT = "draft"
EDITING = "editing"  # came from the summary: go back there after the field


# --- helpers ----------------------------------------------------------------------------------------------------


def _settings(manager: DialogManager) -> Any:
    return manager.middleware_data["settings"]


def _tz(manager: DialogManager) -> ZoneInfo:
    return ZoneInfo(_settings(manager).timezone)


def _today(manager: DialogManager) -> date:
    return manager.middleware_data["clock"]().astimezone(_tz(manager)).date()


def _locale(manager: DialogManager) -> str:
    return actor_of(manager).locale


def _draft(manager: DialogManager) -> dict[str, Any]:
    return manager.dialog_data.setdefault(DRAFT, {})


async def _save(manager: DialogManager) -> None:
    actor = actor_of(manager)
    assert actor.person_id is not None
    await service.save_draft(
        manager.middleware_data["db"], actor.person_id, _draft(manager), manager.middleware_data["clock"]()
    )


async def _next(manager: DialogManager, state: Any) -> None:
    """Go on to `state`, or back to the summary when the person came from there to change one field."""
    await _save(manager)
    if manager.dialog_data.pop(EDITING, False):
        await manager.switch_to(WorkLogFlow.summary)
    else:
        await manager.switch_to(state)


async def _say(message: Message, manager: DialogManager, msg_id: str, **args: Any) -> None:
    """A refusal or hint under the person's message; the step's screen comes back below it."""
    await message.answer(tr(_locale(manager), msg_id, **args))
    manager.show_mode = ShowMode.DELETE_AND_SEND


def _first_missing(draft: dict[str, Any]) -> Any:
    for key, state in (
        ("date", WorkLogFlow.date),
        ("grid_id", WorkLogFlow.grid),
        ("categories", WorkLogFlow.tasks),
        ("households", WorkLogFlow.households),
        ("content", WorkLogFlow.content),
    ):
        if not draft.get(key) and draft.get(key) != 0:
            return state
    if not draft.get("problems_checked"):
        return WorkLogFlow.problems
    return WorkLogFlow.summary


# --- start ------------------------------------------------------------------------------------------------------


async def on_start(start_data: Any, manager: DialogManager) -> None:
    actor = actor_of(manager)
    assert actor.person_id is not None
    db = manager.middleware_data["db"]
    log_id = start_data.get("log_id") if isinstance(start_data, dict) else None
    view = await service.get_log(db, int(log_id)) if log_id else None
    if view is not None and view.person_id == actor.person_id and view.status is rules.Status.RETURNED:
        # Editing a returned log (the button checked this too; checked again at resubmission).
        manager.dialog_data[DRAFT] = {
            "log_id": view.id,
            "date": view.work_date.isoformat(),
            "grid_id": view.grid_id,
            "categories": view.categories,
            "households": view.households,
            "addresses": view.addresses or "",
            "content": view.content,
            "problem_ids": [problem_id for problem_id, _ in view.problems],
            "problems_checked": True,
            "photos": [{"file_id": f, "file_unique_id": u, "local_path": p} for f, u, p in view.photo_files],
            "return_reason": view.return_reason or "",  # shown on the summary while the author edits
        }
        await _save(manager)
        await _check_tasks(manager)
        await manager.switch_to(WorkLogFlow.summary)
        return
    draft = await service.load_draft(db, actor.person_id)
    if draft:
        manager.dialog_data[DRAFT] = draft
        await _check_tasks(manager)
        await manager.switch_to(WorkLogFlow.resume)
        return
    manager.dialog_data[DRAFT] = {"date": _today(manager).isoformat(), "photos": []}


async def _check_tasks(manager: DialogManager) -> None:
    """Show the draft's tasks as ticked when the person comes to the tasks step."""
    widget: ManagedMultiselect = manager.find("tasks")  # type: ignore[assignment]
    for value in _draft(manager).get("categories", []):
        await widget.set_checked(value, True)


async def on_resume(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.switch_to(_first_missing(_draft(manager)))


async def on_discard(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    actor = actor_of(manager)
    assert actor.person_id is not None
    await service.discard_draft(manager.middleware_data["db"], actor.person_id)
    await answer_callback(callback, tr(actor.locale, "wl-discarded"), alert=False)
    manager.dialog_data[DRAFT] = {"date": _today(manager).isoformat(), "photos": []}
    await manager.switch_to(WorkLogFlow.date)


# --- date -------------------------------------------------------------------------------------------------------


class CompactDaysView(CalendarDaysView):
    """Only the weeks that hold a day one can pick: a 7-day window needs two rows, not six of blanks."""

    async def render(self, config: Any, offset: date, data: dict, manager: DialogManager) -> list[list[Any]]:
        rows = await super().render(config, offset, data, manager)
        return [row for row in rows if row and any(button.text.strip() for button in row)]


class WorkDateCalendar(ClockCalendar):
    """Today and the configured number of days back; nothing else can be pressed."""

    def _init_views(self) -> dict[CalendarScope, Any]:
        views = local_views(self._item_callback_data)
        views[CalendarScope.DAYS] = local_days_view(self._item_callback_data, CompactDaysView)
        return views

    async def _get_user_config(self, data: dict, manager: DialogManager) -> CalendarUserConfig:
        today = _today(manager)
        back = _settings(manager).log_backdate_days
        from datetime import timedelta

        return self.config_with_clock(
            manager, min_date=today - timedelta(days=back), max_date=today, firstweekday=0
        )


async def _set_date(manager: DialogManager, day: date, reply: Any) -> bool:
    """Check and keep the date; `reply(msg_id, **args)` explains a refusal. True when accepted."""
    db = manager.middleware_data["db"]
    draft = _draft(manager)
    who = await service.author(db, actor_of(manager).onboarded_id)
    grid = who.grid(int(draft["grid_id"])) if draft.get("grid_id") else None
    # The community whose month lock applies: the chosen grid's, or the person's only community.
    communities = {grid.community_id} if grid else who.community_ids
    locked: list[date] = []
    if len(communities) == 1:
        async with db.session() as s:
            locked = await service.locked_months(s, next(iter(communities)))
    problem = rules.check_work_date(day, _today(manager), _settings(manager).log_backdate_days, locked)
    if problem is not None:
        await reply(
            f"wl-date-{problem.value}", days=_settings(manager).log_backdate_days, month=f"{day:%Y-%m}"
        )
        return False
    draft["date"] = day.isoformat()
    return True


async def on_date_clicked(callback: CallbackQuery, _widget: Any, manager: DialogManager, day: date) -> None:
    async def reply(msg_id: str, **args: Any) -> None:
        await answer_callback(callback, tr(_locale(manager), msg_id, **args))

    if await _set_date(manager, day, reply):
        await _next(manager, WorkLogFlow.grid)


async def on_today(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await on_date_clicked(callback, None, manager, _today(manager))


async def on_date_typed(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    day = rules.parse_date(message.text or "", _today(manager))
    if day is None:
        await _say(message, manager, "wl-date-unreadable", **_date_examples(manager))
        return

    async def reply(msg_id: str, **args: Any) -> None:
        await _say(message, manager, msg_id, **args)

    if await _set_date(manager, day, reply):
        await _next(manager, WorkLogFlow.grid)


async def date_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"days": _settings(dialog_manager).log_backdate_days, **_date_examples(dialog_manager)}


def _date_examples(manager: DialogManager) -> dict[str, str]:
    """Typed-date examples inside the window that may be logged: two days ago (or today, with no days back)."""
    day = _today(manager) - timedelta(days=min(2, _settings(manager).log_backdate_days))
    return {
        "example_short": f"{day.month:02d}-{day.day:02d}",
        "example_iso": day.isoformat(),
        "example_month": str(day.month),
        "example_day": str(day.day),
    }


# --- grid -------------------------------------------------------------------------------------------------------


async def grid_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    who = await service.author(dialog_manager.middleware_data["db"], actor.onboarded_id)
    show_all = dialog_manager.dialog_data.get("all_grids", False) or not any(g.own for g in who.grids)
    many = len(who.community_ids) > 1
    grids = [
        (str(g.id), f"{'⭐ ' if g.own else ''}{g.community + ' · ' if many else ''}{g.name}")
        for g in who.grids
        if show_all or g.own
    ]
    return {
        "grids": grids,
        "more": not show_all,
        "none": not who.grids,
    }


async def on_grid(callback: CallbackQuery, _widget: Any, manager: DialogManager, item_id: str) -> None:
    actor = actor_of(manager)
    who = await service.author(manager.middleware_data["db"], actor.onboarded_id)
    grid_id = item_int(item_id)
    grid = who.grid(grid_id) if grid_id is not None else None
    if grid is None:  # forged, or the roster changed while the screen was open
        await answer_callback(callback, tr(actor.locale, "wl-grid-outside"))
        return
    _draft(manager)["grid_id"] = grid.id
    await _next(manager, WorkLogFlow.tasks)


async def on_more_grids(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    manager.dialog_data["all_grids"] = True


# --- tasks ------------------------------------------------------------------------------------------------------


async def tasks_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = _locale(dialog_manager)
    return {"tasks": [(t.value, tr(locale, f"wl-task-{t.value}")) for t in Task]}


async def on_tasks_done(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    widget: ManagedMultiselect = manager.find("tasks")  # type: ignore[assignment]
    chosen = [t.value for t in Task if t.value in widget.get_checked()]
    if not chosen:
        await answer_callback(callback, tr(_locale(manager), "wl-tasks-none"))
        return
    _draft(manager)["categories"] = chosen
    await _next(manager, WorkLogFlow.households)


# --- households, addresses, content ------------------------------------------------------------------------------


async def on_households(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    value = rules.parse_households(message.text or "")
    if value is None:
        await _say(message, manager, "wl-households-invalid", max=rules.HOUSEHOLDS_MAX)
        return
    _draft(manager)["households"] = value
    if value == 0:
        _draft(manager)["addresses"] = ""
        await _next(manager, WorkLogFlow.content)
    else:
        await _next(manager, WorkLogFlow.addresses)


async def _text_step(
    message: Message, manager: DialogManager, key: str, maximum: int, minimum: int = 1
) -> str | None:
    problem = rules.check_text(message.text, minimum=minimum, maximum=maximum)
    if problem is not None:
        await _say(
            message,
            manager,
            f"wl-text-{problem.value}",
            min=minimum,
            max=maximum,
            length=len(message.text or ""),
        )
        return None
    value = (message.text or "").strip()
    _draft(manager)[key] = value
    return value


async def on_addresses(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    if await _text_step(message, manager, "addresses", rules.ADDRESSES_MAX) is not None:
        await _next(manager, WorkLogFlow.content)


async def on_skip_addresses(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    _draft(manager)["addresses"] = ""
    await _next(manager, WorkLogFlow.content)


async def on_content(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    if await _text_step(message, manager, "content", rules.CONTENT_MAX, rules.CONTENT_MIN) is not None:
        await _next(manager, WorkLogFlow.photos)


async def on_not_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    await _say(message, manager, "wl-need-text")


# --- photos -----------------------------------------------------------------------------------------------------


def _photo_count(draft: dict[str, Any]) -> int:
    return len(draft.get("photos", []))


async def on_photo(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    draft = _draft(manager)
    if _photo_count(draft) >= rules.PHOTOS_MAX:
        await _say(message, manager, "photos-too-many", max=rules.PHOTOS_MAX)
        return
    assert message.photo
    biggest = message.photo[-1]
    if any(p["file_unique_id"] == biggest.file_unique_id for p in draft.get("photos", [])):
        manager.show_mode = ShowMode.DELETE_AND_SEND
        return  # the same photo twice
    local = await keep_photo(
        message.bot,  # type: ignore[arg-type]
        _settings(manager).media_dir,
        "worklogs",
        biggest.file_id,
        biggest.file_unique_id,
    )
    draft.setdefault("photos", []).append(
        {"file_id": biggest.file_id, "file_unique_id": biggest.file_unique_id, "local_path": local}
    )
    await _save(manager)
    manager.show_mode = ShowMode.DELETE_AND_SEND  # the counter under the newest photo


async def on_document(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    await _say(message, manager, "photos-document")


async def on_other_in_photos(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    await _say(message, manager, "photos-not-photo")


async def on_clear_photos(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    draft = _draft(manager)
    draft["photos"] = []
    await _save(manager)


async def on_photos_done(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await _next(manager, WorkLogFlow.problems)


async def photos_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    count = _photo_count(_draft(dialog_manager))
    return {"count": count, "max": rules.PHOTOS_MAX, "has_photos": count > 0}


# --- problems ---------------------------------------------------------------------------------------------------
# Problems found go through the problem flow (issue 5) with the log's grid and date; they point back to the log
# once it is submitted.


async def problems_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    reported = _draft(dialog_manager).get("problem_ids", [])
    return {"reported": " ".join(f"#{i}" for i in reported), "none_yet": not reported}


async def on_no_problems(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    _draft(manager)["problems_checked"] = True
    await _next(manager, WorkLogFlow.summary)


async def on_report_problem(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    actor = actor_of(manager)
    if not actor.can(Action.REPORT):
        await answer_callback(
            callback, tr(actor.locale, "no-permission", action=tr(actor.locale, "action-report"))
        )
        return
    draft = _draft(manager)
    await _save(manager)
    await manager.start(ReportProblem.kind, data={"grid_id": draft.get("grid_id"), "date": draft.get("date")})


async def on_report_done(start_data: Any, result: Any, manager: DialogManager) -> None:
    """Back from the problem flow: a reported problem is kept on the draft; a cancelled one changes nothing."""
    if isinstance(result, dict) and isinstance(result.get("problem_id"), int):
        reported = _draft(manager).setdefault("problem_ids", [])
        if result["problem_id"] not in reported:
            reported.append(result["problem_id"])
        await _save(manager)


async def on_problems_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    await _say(message, manager, "wl-problems-use-button")


# --- summary ----------------------------------------------------------------------------------------------------


async def summary_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    draft = _draft(dialog_manager)
    locale = _locale(dialog_manager)
    actor = actor_of(dialog_manager)
    who = await service.author(dialog_manager.middleware_data["db"], actor.onboarded_id)
    grid = who.grid(int(draft["grid_id"])) if draft.get("grid_id") else None
    return {
        "resubmit": bool(draft.get("log_id")),
        "return_reason": escape(draft.get("return_reason") or ""),
        "date": draft.get("date", "—"),
        "grid": escape(f"{grid.community} · {grid.name}") if grid else "—",
        "tasks": categories_text(locale, draft.get("categories", [])) or "—",
        "households": draft.get("households", "—"),
        "addresses": escape(draft.get("addresses") or "—"),
        "content": escape(draft.get("content") or "—"),
        "problems": " ".join(f"#{i}" for i in draft.get("problem_ids", [])) or tr(locale, "wl-none"),
        "photos": _photo_count(draft),
    }


def _edit(field: str, state: Any) -> Button:
    async def go(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
        manager.dialog_data[EDITING] = True
        await manager.switch_to(state)

    return Button(L(f"wl-edit-{field}"), id=f"edit_{field}", on_click=go)


async def on_submit(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    actor = actor_of(manager)
    settings = _settings(manager)
    draft = _draft(manager)
    missing = _first_missing(draft)
    if missing is not WorkLogFlow.summary:
        await answer_callback(callback, tr(actor.locale, "wl-incomplete"))
        await manager.switch_to(missing)
        return
    if not actor.can(Action.LOG):
        await answer_callback(
            callback, tr(actor.locale, "no-permission", action=tr(actor.locale, "action-log"))
        )
        return
    item = service.LogInput.from_draft(draft)
    result = await service.submit_log(
        manager.middleware_data["db"],
        actor.onboarded_id,
        item,
        now=manager.middleware_data["clock"](),
        tz=_tz(manager),
        backdate_days=settings.log_backdate_days,
        default_locale=settings.default_locale,
        log_id=draft.get("log_id"),
    )
    if result.refusal is not None:
        await answer_callback(
            callback,
            tr(actor.locale, f"wl-refused-{result.refusal.value}", days=settings.log_backdate_days),
        )
        return
    # Stored and committed: only now is the person told.
    msg = "wl-submitted" if result.signers else "wl-submitted-no-signer"
    await answer_callback(callback, tr(actor.locale, msg, id=result.log_id), alert=False)
    assert callback.message is not None
    await callback.message.answer(tr(actor.locale, msg, id=result.log_id))
    await manager.done(show_mode=ShowMode.SEND)


async def on_discard_from_summary(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    actor = actor_of(manager)
    await service.discard_draft(manager.middleware_data["db"], actor.onboarded_id)
    await answer_callback(callback, tr(actor.locale, "wl-discarded"), alert=False)
    await manager.done(show_mode=ShowMode.SEND)


# --- the dialog -------------------------------------------------------------------------------------------------


# The steps in the order they are asked; ⬅️ 上一步 goes one back (the summary is reached only forward).
STEPS = (
    WorkLogFlow.date,
    WorkLogFlow.grid,
    WorkLogFlow.tasks,
    WorkLogFlow.households,
    WorkLogFlow.addresses,
    WorkLogFlow.content,
    WorkLogFlow.photos,
    WorkLogFlow.problems,
)


async def on_later(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """⏸ 稍后再填: the draft is in the database already (every step saves it); say so, and how to come back, in a
    message that stays, and bring the menu back below it."""
    await _save(manager)
    assert callback.message is not None
    await callback.message.answer(tr(_locale(manager), "wl-kept-draft"))
    await manager.done(show_mode=ShowMode.SEND)


async def on_cancel(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """✖️ 取消: the log being written is dropped (a returned log being corrected stays as it was returned)."""
    actor = actor_of(manager)
    await service.discard_draft(manager.middleware_data["db"], actor.onboarded_id)
    assert callback.message is not None
    returned = bool(_draft(manager).get("log_id"))
    await callback.message.answer(tr(actor.locale, "wl-cancelled-returned" if returned else "wl-cancelled"))
    await manager.done(show_mode=ShowMode.SEND)


async def on_back(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    current = manager.current_context().state
    if current not in STEPS or current == STEPS[0]:  # a stale press: stay
        return
    await _save(manager)
    await manager.switch_to(STEPS[STEPS.index(current) - 1])


def _has_back(_data: dict, _widget: Any, manager: DialogManager) -> bool:
    return not manager.dialog_data.get(EDITING) and manager.current_context().state != STEPS[0]


def _cancel_row() -> Row:
    """Every step: ⬅️ 上一步 (not on the first step, nor when changing one field from the summary, which has
    ↩️ 回到汇总 instead), ✖️ 取消 and ⏸ 稍后再填, as in /report."""
    return Row(
        Button(L("btn-prev"), id="prev", on_click=on_back, when=_has_back),
        Button(L("wl-btn-cancel"), id="cancel_log", on_click=on_cancel),
        _later_button(),
    )


def _later_button() -> Button:
    return Button(L("wl-btn-later"), id="later", on_click=on_later)


def _back_to_summary() -> SwitchTo:
    return SwitchTo(L("wl-btn-to-summary"), id="to_summary", state=WorkLogFlow.summary, when="editing")


async def editing_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"editing": dialog_manager.dialog_data.get(EDITING, False)}


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


async def start_log(manager: DialogManager, log_id: int | None = None) -> None:
    """Open the log flow on top of whatever is open (the menu), to come back to it when done."""
    await manager.start(
        WorkLogFlow.date,
        data={"log_id": log_id} if log_id else {},
        mode=StartMode.NORMAL,
        show_mode=ShowMode.SEND,
    )
