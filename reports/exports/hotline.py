"""The 12345 hotline work orders export (issue 18), for the hotline's own reporting: every order received in the month
(the sub-district's days) in the communities, with every deadline, when each step was recorded and by whom, the
resident's satisfaction, the warning order, the closing and the steps done late (or overdue on the day it was asked
for); then a 汇总 sheet by community. Times are the sub-district's wall-clock times, as real Excel dates."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import hotline as rules
from domain.hotline import Step
from domain.worklog import next_month
from locales import tr_text as tr  # workbook cells: plain text, nothing escaped
from reports.exports.params import ExportParams, Progress
from reports.exports.workbook import _communities, _save, _summary_sheet
from reports.xlsx_stream import BOLD, CELL, TITLE, Sheet
from services.problems import category_label
from services.problems.hotline_card import done_fields, view_of
from storage.models import Community, Grid, HotlineOrder, Person, Problem

COLUMNS = (
    "ex-hl-col-order",
    "ex-hl-col-item",
    "ex-col-community",
    "ex-hl-col-grid",
    "ex-hl-col-category",
    "ex-hl-col-status",
    "ex-hl-col-received",
    "ex-hl-col-contact-due",
    "ex-hl-col-contact-at",
    "ex-hl-col-contact-by",
    "ex-hl-col-handle-due",
    "ex-hl-col-handle-at",
    "ex-hl-col-handle-by",
    "ex-hl-col-callback-due",
    "ex-hl-col-callback-at",
    "ex-hl-col-callback-by",
    "ex-hl-col-satisfaction",
    "ex-hl-col-warning",
    "ex-hl-col-second-due",
    "ex-hl-col-second-at",
    "ex-hl-col-second-by",
    "ex-hl-col-second-callback-at",
    "ex-hl-col-second-callback-by",
    "ex-hl-col-second-satisfaction",
    "ex-hl-col-closed",
    "ex-hl-col-late",
)
WIDTHS = [18, 8, 12, 14, 10, 12, 11, *([11, 16, 9] * 3), 10, 16, 11, 16, 9, 16, 9, 10, 16, 18]
SUMMARY = (
    "ex-col-community",
    "ex-hl-col-orders",
    "ex-hl-col-closed-count",
    "ex-hl-col-warnings",
    "ex-hl-col-late-count",
)


def _local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A stored UTC time as the sub-district's wall-clock time, to the minute (what a cell shows)."""
    if moment is None:
        return None
    return moment.astimezone(zone).replace(second=0, microsecond=0, tzinfo=None)


async def build_hotline(session: AsyncSession, params: ExportParams, path: Path, progress: Progress) -> Path:
    locale, zone = params.locale, ZoneInfo(params.timezone)
    first = params.month_start
    as_of = date.fromisoformat(params.as_of) if params.as_of else next_month(first)
    rows = (
        await session.execute(
            select(HotlineOrder, Problem, Community.name, Grid.name)
            .join(Problem, Problem.id == HotlineOrder.problem_id)
            .join(Community, Community.id == Problem.community_id)
            .outerjoin(Grid, Grid.id == Problem.grid_id)
            .where(
                Problem.community_id.in_(params.community_ids),
                HotlineOrder.received_on >= first,
                HotlineOrder.received_on < next_month(first),
            )
            .order_by(Community.name, HotlineOrder.received_on, HotlineOrder.order_no)
        )
    ).all()
    ids = {getattr(order, done_fields(step)[1]) for order, *_ in rows for step in Step} - {None}
    names = (
        dict((await session.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))).all())
        if ids
        else {}
    )
    sheet = Sheet(tr(locale, "ex-hotline-sheet"), widths=WIDTHS, freeze_rows=2, styles=(CELL,), header_row=2)
    sheet.append([tr(locale, "ex-hotline-title", scope=params.scope_name, month=params.period_text)], TITLE)
    sheet.append([tr(locale, column) for column in COLUMNS], BOLD)
    tallies: dict[int, Counter[str]] = defaultdict(Counter)

    def who(order: HotlineOrder, step: Step) -> str:
        return names.get(getattr(order, done_fields(step)[1]), "")

    def answer(value: str | None) -> str:
        return tr(locale, f"hotline-satisfaction-{value}") if value else ""

    for order, problem, community, grid in rows:
        view = view_of(order, params.timezone)
        late = rules.late_steps(view, as_of)
        sheet.append(
            [
                order.order_no,
                problem.id,
                community,
                grid or "",
                str(category_label(locale, problem.category)),
                tr(locale, f"problem-status-{problem.status}"),
                order.received_on,
                order.contact_due,
                _local(order.contacted_at, zone),
                who(order, Step.CONTACT),
                order.handle_due,
                _local(order.handled_at, zone),
                who(order, Step.HANDLE),
                order.callback_due,
                _local(order.called_back_at, zone),
                who(order, Step.CALLBACK),
                answer(order.satisfaction),
                _local(order.warning_at, zone),
                order.second_due,
                _local(order.second_handled_at, zone),
                who(order, Step.SECOND_HANDLE),
                _local(order.second_called_back_at, zone),
                who(order, Step.SECOND_CALLBACK),
                answer(order.second_satisfaction),
                _local(order.closed_at, zone),
                "、".join(tr(locale, f"hotline-step-{step.value}") for step in late),
            ]
        )
        tally = tallies[problem.community_id]
        tally["orders"] += 1
        tally["closed"] += order.closed_at is not None
        tally["warnings"] += order.warning_at is not None
        tally["late"] += bool(late)
    await progress(0.8)
    if not rows:
        sheet.append([tr(locale, "ex-hotline-none")])
    summary = _summary_sheet(
        locale,
        [14, 10, 10, 10, 10],
        tr(locale, "ex-hotline-title", scope=params.scope_name, month=params.period_text),
        SUMMARY,
    )
    totals = Counter[str]()
    for community_id, name in await _communities(session, params.community_ids):
        tally = tallies.get(community_id, Counter())
        totals.update(tally)
        summary.append([name, tally["orders"], tally["closed"], tally["warnings"], tally["late"]])
    summary.table_end = summary.rows
    summary.append(
        [tr(locale, "ex-total"), totals["orders"], totals["closed"], totals["warnings"], totals["late"]], BOLD
    )
    await progress(0.95)
    return await _save(path, [sheet, summary])
