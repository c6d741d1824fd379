"""/report's where-from and who: the source channel 来源, the 12345 work order's number 工单编号, and the resident
behind the item (本人发现 / 代居民反映 / 匿名).

Fewest taps (the 2025 burden-reduction rules): the source is not a step of its own. It starts as the reporter's role
suggests (窗口人员 → 窗口受理; grid workers and everyone else → 网格走访; from a grid work log always 网格走访), shows on
the summary as 来源 with ✏️ 来源 to change it, and the 12345 number is asked only once 12345 热线 is chosen. Most
reports are a grid worker's from a visit, or window staff's at the window: they spend no tap on it. Asking every
time with the default marked would cost every report one press to confirm what is nearly always true; the summary,
which everyone reads before ✅ 提交, shows it where a wrong source is caught.

The resident question replaces the old optional name step, so the usual path keeps its number of taps: 🙋 本人发现
and 🙈 匿名 are one press, as ⏭ 跳过 was; 👥 代居民反映 then asks the name and the phone (which may be skipped).
Anonymous keeps nothing of the resident, in the dialog's state either.
"""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Row

from dialogs.problem_widgets import button_window, buttons, config_of, tell, typed_window
from dialogs.report_confirm import EDITING
from dialogs.states import ReportProblem
from dialogs.widgets import L, actor_of
from domain.sources import HOTLINE, Resident, default_source
from locales import render_args, tr, tr_text
from services.problems import ProblemError
from services.problems.reporting import order_taken_error, taken_order
from services.problems.sources import order_number, source_label

SOURCE_ID = "src"
RESIDENT_ID = "res"


def from_log(manager: DialogManager) -> bool:
    return bool(manager.dialog_data.get("from_log"))


def source_of(manager: DialogManager) -> str:
    """The item's source: chosen, or the default of the reporter's role (a report restored from before sources)."""
    source = manager.dialog_data.get("source")
    if isinstance(source, str):
        return source
    return default_source(actor_of(manager).roles, config_of(manager).sources, from_log=from_log(manager))


async def advance(manager: DialogManager, state: Any) -> None:
    """On to `state`, or back to the summary when the person came from there to change one field."""
    if manager.dialog_data.pop(EDITING, False):
        await manager.switch_to(ReportProblem.confirm)
    else:
        await manager.switch_to(state)


async def refuse(manager: DialogManager, event: Message | CallbackQuery, exc: ProblemError) -> None:
    """A service's refusal in the reader's words (a status named in it, too)."""
    await tell(manager, event, exc.key, **render_args(actor_of(manager).locale, exc.args_))


# --- source -----------------------------------------------------------------------------------------------------


async def source_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    current = source_of(dialog_manager)
    return {
        "sources": [
            (key, tr_text(locale, "problem-source-current", source=label) if key == current else label)
            for key, label in ((k, source_label(locale, k)) for k in config_of(dialog_manager).sources)
        ]
    }


async def on_source(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    if from_log(manager) or item_id not in config_of(manager).sources:
        await tell(manager, callback, "problem-bad-source")
        return
    if item_id == HOTLINE:  # kept once its number is given: backing out leaves the source as it was
        await manager.switch_to(ReportProblem.order_no)
        return
    manager.dialog_data["source"] = item_id
    manager.dialog_data.pop("order_no", None)
    manager.dialog_data.pop(EDITING, None)
    await manager.switch_to(ReportProblem.confirm)


async def on_order_no(message: Message, _w: Any, manager: DialogManager) -> None:
    number = order_number(message.text)
    if number is None:
        await tell(manager, message, "problem-order-bad")
        return
    taken = await taken_order(manager.middleware_data["db"], number)
    if taken is not None:
        await refuse(manager, message, order_taken_error(taken))
        return
    manager.dialog_data["source"] = HOTLINE
    manager.dialog_data["order_no"] = number
    manager.dialog_data.pop(EDITING, None)
    await manager.switch_to(ReportProblem.confirm)


async def on_order_other(message: Message, _w: Any, manager: DialogManager) -> None:
    await tell(manager, message, "problem-order-bad")


async def order_back(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    await manager.switch_to(ReportProblem.source)


# --- the resident -----------------------------------------------------------------------------------------------


async def resident_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    return {"choices": [(r.value, tr(locale, f"problem-resident-{r.value}")) for r in Resident]}


async def on_resident(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    data = manager.dialog_data
    if item_id == Resident.ON_BEHALF:  # becomes so once the name is typed
        await manager.switch_to(ReportProblem.resident_name)
        return
    if item_id not in (Resident.SELF, Resident.ANONYMOUS):
        await tell(manager, callback, "problem-bad-kind")
        return
    data["resident"] = item_id
    data.pop("resident_name", None)
    data.pop("resident_phone", None)
    await advance(manager, ReportProblem.urgency)


def resident_window(nav: Any) -> Window:
    """After the photos: who raised it."""
    return button_window(
        L("problem-ask-resident"),
        buttons(RESIDENT_ID, "choices", on_resident, width=1),
        nav,
        getter=resident_getter,
        state=ReportProblem.resident,
    )


def source_windows(nav: Any, cancel: Any) -> list[Window]:
    """From the summary: the source, and the 12345 number when it is 12345 热线."""
    return [
        button_window(
            L("problem-ask-source"),
            buttons(SOURCE_ID, "sources", on_source, width=2),
            nav,
            getter=source_getter,
            state=ReportProblem.source,
        ),
        typed_window(
            L("problem-ask-order-no"),
            on_order_no,
            on_order_other,
            Row(Button(L("btn-prev"), id="order_prev", on_click=order_back), cancel),
            state=ReportProblem.order_no,
        ),
    ]
