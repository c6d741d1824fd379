"""⭐ 考核评价: leaders in charge and community secretaries rate the cadres they supervise for the open quarter
(unrated first; a grade, then an optional comment), and leaders and secretaries view the scorecard of a quarter,
half-year or year for their scope and get it as an Excel document.

The dialog keeps only ids and the quarter in its data (stored with the dialog state, so a half-done rating survives a
restart); every save goes through `services.assessment.rate`, which checks the rater, the cadre and the window again.
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.enums import ContentType
from aiogram.types import CallbackQuery, FSInputFile, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, SwitchTo
from aiogram_dialog.widgets.text import Format
from markupsafe import escape

from dialogs.guard import StaleGuard
from dialogs.problem_widgets import buttons, choices
from dialogs.states import Assess
from dialogs.widgets import L, actor_of, answer_callback, hint_input
from domain import assessment as rules
from domain.assessment import COMMENT_MAX, Grade, Period, PeriodKind
from domain.roles import Role
from locales import tr
from reports.scorecard_text import period_label, render_scorecard
from services import assessment as service
from services.scorecards import compute_scorecards, formula_from

PERIOD_CHOICES = ("q0", "q1", "h0", "h1", "y0", "y1")  # kind letter, how many periods back
_KINDS = {"q": PeriodKind.QUARTER, "h": PeriodKind.HALF, "y": PeriodKind.YEAR}


def _today(manager: DialogManager) -> date:
    tz = ZoneInfo(manager.middleware_data["settings"].timezone)
    return manager.middleware_data["clock"]().astimezone(tz).date()


def _formula(manager: DialogManager) -> rules.Formula:
    return formula_from(manager.middleware_data["settings"].assessment_config)


def _quarter(manager: DialogManager) -> Period:
    return Period.parse(manager.dialog_data["quarter"])


def _grade_name(locale: str, grade: Grade | str | None) -> str:
    return tr(locale, f"asmt-grade-{Grade(grade).value}") if grade else ""


async def on_start(_start_data: Any, manager: DialogManager) -> None:
    quarter = rules.rating_quarter(_today(manager), _formula(manager).grace_days)
    manager.dialog_data["quarter"] = quarter.key


async def _ratees(manager: DialogManager) -> list[service.Ratee]:
    return await service.ratees(
        manager.middleware_data["db"],
        actor_of(manager).onboarded_id,
        _quarter(manager),
    )


async def main_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    locale = actor.locale
    quarter = _quarter(dialog_manager)
    rater = await service.is_rater(dialog_manager.middleware_data["db"], actor.onboarded_id)
    ratees = await _ratees(dialog_manager) if rater else []
    unrated = sum(1 for r in ratees if r.grade is None)
    options = [
        (
            r.key,
            tr(
                locale,
                "asmt-ratee-rated" if r.grade else "asmt-ratee-unrated",
                name=r.name,
                community=r.community,
                kind=tr(locale, f"role-{r.kind.value}"),
                grade=_grade_name(locale, r.grade),
            ),
        )
        for r in ratees
    ]
    return {
        "quarter": period_label(quarter, locale),
        "closes": rules.window_closes(quarter, _formula(dialog_manager).grace_days).isoformat(),
        "unrated": unrated,
        "rated": len(ratees) - unrated,
        "options": options,
        "has_ratees": bool(ratees),
        "rater_none": rater and not ratees,
        "viewer": not rater,
    }


async def on_ratee(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    ratee = next((r for r in await _ratees(manager) if r.key == item_id), None)
    if ratee is None:
        await answer_callback(callback, tr(actor_of(manager).locale, "asmt-not-yours"))
        return
    manager.dialog_data.update(cadre=ratee.person_id, community=ratee.community_id, version=ratee.version)
    await manager.switch_to(Assess.grade)


async def _current(manager: DialogManager) -> service.Ratee | None:
    cadre, community = manager.dialog_data.get("cadre"), manager.dialog_data.get("community")
    return next(
        (r for r in await _ratees(manager) if r.person_id == cadre and r.community_id == community), None
    )


async def grade_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    ratee = await _current(dialog_manager)
    if ratee is None:  # no longer theirs to rate (roles changed since the list was shown)
        return {"gone": True, "here": False, "grades": []}
    current = (
        tr(
            locale,
            "asmt-current",
            grade=_grade_name(locale, ratee.grade),
            comment=tr(locale, "asmt-current-comment", comment=ratee.comment) if ratee.comment else "",
        )
        if ratee.grade
        else tr(locale, "asmt-current-none")
    )
    # Messages are sent as HTML: roster text and comments are escaped (button labels are plain text).
    return {
        "name": escape(ratee.name),
        "community": escape(ratee.community),
        "kind": tr(locale, f"role-{ratee.kind.value}"),
        "quarter": period_label(_quarter(dialog_manager), locale),
        "current": current,
        "grades": [(g.value, _grade_name(locale, g)) for g in Grade],
        "gone": False,
        "here": True,
    }


async def on_grade(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    if item_id not in {g.value for g in Grade}:
        await answer_callback(callback, tr(actor_of(manager).locale, "asmt-bad-grade"))
        return
    manager.dialog_data["grade"] = item_id
    await manager.switch_to(Assess.comment)


async def comment_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    ratee = await _current(dialog_manager)
    return {
        "name": escape(ratee.name) if ratee else "",
        "grade": _grade_name(locale, dialog_manager.dialog_data.get("grade")),
        "max": COMMENT_MAX,
    }


async def _save(manager: DialogManager, comment: str | None) -> tuple[str, service.RateOutcome]:
    """Save the rating; the text to tell the person, and the outcome."""
    actor = actor_of(manager)
    quarter = _quarter(manager)
    grace = _formula(manager).grace_days
    result = await service.rate(
        manager.middleware_data["db"],
        actor.onboarded_id,
        int(manager.dialog_data.get("cadre", 0)),
        int(manager.dialog_data.get("community", 0)),
        quarter,
        str(manager.dialog_data.get("grade", "")),
        comment,
        today=_today(manager),
        now=manager.middleware_data["clock"](),
        grace_days=grace,
        version=manager.dialog_data.get("version"),
    )
    ratee = result.ratee
    text = tr(
        actor.locale,
        f"asmt-{result.outcome.value}",
        name=escape(ratee.name) if ratee else "",
        grade=_grade_name(actor.locale, ratee.grade if ratee else None),
        quarter=period_label(quarter, actor.locale),
        closes=rules.window_closes(quarter, grace).isoformat(),
        max=COMMENT_MAX,
    )
    return text, result.outcome


async def on_comment(message: Message, _w: MessageInput, manager: DialogManager) -> None:
    text, outcome = await _save(manager, message.text)
    await message.answer(text)
    manager.show_mode = ShowMode.SEND
    if outcome is not service.RateOutcome.TOO_LONG:  # a too long comment is sent again, shorter
        await manager.switch_to(Assess.main)


async def on_no_comment(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    text, _outcome = await _save(manager, None)
    await answer_callback(callback, text, alert=False)
    if callback.message is not None:
        await callback.message.answer(text)
        manager.show_mode = ShowMode.SEND
    await manager.switch_to(Assess.main)


async def on_not_text(message: Message, _w: MessageInput, manager: DialogManager) -> None:
    await message.answer(tr(actor_of(manager).locale, "asmt-need-text"))
    manager.show_mode = ShowMode.DELETE_AND_SEND


# --- scorecards ---


def period_of(choice: str, today: date) -> Period:
    period = Period.containing(_KINDS[choice[0]], today)
    for _ in range(int(choice[1:])):
        period = period.previous()
    return period


async def period_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    today = _today(dialog_manager)
    return {"periods": [(c, period_label(period_of(c, today), locale)) for c in PERIOD_CHOICES]}


async def on_period(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    if item_id not in PERIOD_CHOICES:
        await answer_callback(callback, tr(actor_of(manager).locale, "outdated-screen"))
        return
    manager.dialog_data["period"] = period_of(item_id, _today(manager)).key
    await manager.switch_to(Assess.card)


async def _board(manager: DialogManager) -> tuple[rules.ScoreBoard | None, str]:
    """The scorecard of the chosen period for the person's scope (None when they have none), and the scope's name."""
    actor = actor_of(manager)
    db = manager.middleware_data["db"]
    scope = await service.scorecard_scope(db, actor.onboarded_id)
    if not scope:
        return None, ""
    period = Period.parse(manager.dialog_data["period"])
    async with db.session() as session:
        board = await compute_scorecards(
            session,
            period=period,
            community_ids=scope,
            formula=_formula(manager),
            as_of=min(period.end, _today(manager)),
            phase_features=manager.middleware_data["settings"].phase_features,
        )
    names = sorted(c.name for c in board.communities)
    principal = Role.PRINCIPAL_LEADER in actor.roles
    label = (
        tr(actor.locale, "asmt-scope-all") if principal else tr(actor.locale, "list-separator").join(names)
    )
    return board, label


async def card_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    board, scope = await _board(dialog_manager)
    if board is None:
        return {"card": tr(locale, "asmt-no-scope"), "has_card": False}
    return {"card": render_scorecard(board, locale, scope), "has_card": True}


async def on_export(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    from reports.scorecard_xlsx import write_scorecards_xlsx  # openpyxl: imported when an export is built

    actor = actor_of(manager)
    board, scope = await _board(manager)
    if board is None:
        await answer_callback(callback, tr(actor.locale, "asmt-no-scope"))
        return
    label = period_label(board.period, actor.locale)
    with tempfile.TemporaryDirectory(prefix="scorecard-") as folder:
        target = Path(folder) / f"scorecard-{board.period.key}.xlsx"
        # openpyxl takes a moment for a whole sub-district: off the event loop, so other people are not kept waiting
        path = await asyncio.to_thread(write_scorecards_xlsx, board, target, actor.locale)
        await callback.message.answer_document(  # type: ignore[union-attr]
            FSInputFile(path, filename=_file_name(actor.locale, scope, label)),
            caption=tr(actor.locale, "asmt-export-caption", period=label, as_of=board.as_of.isoformat()),
        )
    manager.show_mode = ShowMode.SEND


def _file_name(locale: str, scope: str, period: str) -> str:
    """考核记分卡-城关街道-2026年第4季度.xlsx (reports.naming); `scope` and `period` as shown (HTML) turned into text."""
    from markupsafe import Markup

    from reports.naming import workbook_name

    def plain(text: str) -> str:
        return Markup(text).unescape() if isinstance(text, Markup) else text

    return workbook_name(locale, "scorecards", plain(scope), plain(period))


def make_dialog() -> Dialog:
    return Dialog(
        Window(
            L("asmt-main", when="has_ratees"),
            L("asmt-main-none", when="rater_none"),
            L("asmt-main-viewer", when="viewer"),
            choices("ratee", "options", on_ratee),
            SwitchTo(L("asmt-btn-scorecards"), id="cards", state=Assess.period),
            Cancel(L("btn-back")),
            hint_input(),
            StaleGuard(),
            getter=main_getter,
            state=Assess.main,
        ),
        Window(
            L("asmt-grade-prompt", when="here"),
            L("asmt-not-yours", when="gone"),
            buttons("grade", "grades", on_grade),
            SwitchTo(L("btn-back"), id="back", state=Assess.main),
            hint_input(),
            StaleGuard(),
            getter=grade_getter,
            state=Assess.grade,
        ),
        Window(
            L("asmt-comment-prompt"),
            MessageInput(on_comment, content_types=[ContentType.TEXT]),
            MessageInput(on_not_text),
            Button(L("asmt-btn-no-comment"), id="nocomment", on_click=on_no_comment),
            SwitchTo(L("btn-back"), id="back", state=Assess.grade),
            StaleGuard(),
            getter=comment_getter,
            state=Assess.comment,
        ),
        Window(
            L("asmt-pick-period"),
            buttons("period", "periods", on_period),
            SwitchTo(L("btn-back"), id="back", state=Assess.main),
            hint_input(),
            StaleGuard(),
            getter=period_getter,
            state=Assess.period,
        ),
        Window(
            Format("{card}"),
            Button(L("asmt-btn-export"), id="export", on_click=on_export, when="has_card"),
            SwitchTo(L("asmt-btn-other-period"), id="other", state=Assess.period),
            SwitchTo(L("btn-back"), id="back", state=Assess.main),
            hint_input(),
            StaleGuard(),
            getter=card_getter,
            state=Assess.card,
        ),
        on_start=on_start,
    )
