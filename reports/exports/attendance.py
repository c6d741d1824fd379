"""The attendance export: paired cadres' community days in a week."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.attendance import required_days
from locales import tr_text as tr  # workbook cells: plain text, nothing escaped
from reports import naming
from reports.exports.params import ExportParams, Progress
from reports.exports.workbook import _communities, _rate, _save, _summary_sheet
from reports.xlsx_stream import BOLD, CELL, TITLE, WRAP, Sheet
from services.attendance import weekly_tally
from storage.models import AttendanceDay, Department, Person


async def build_attendance(
    session: AsyncSession, params: ExportParams, path: Path, progress: Progress
) -> Path:
    """Every paired cadre (not also seconded: those are in the community every day) of the communities: their
    community days among the week's working days, against the rule of 2 working days a week."""
    locale = params.locale
    days = [date.fromisoformat(d) for d in params.working_days]
    wanted = set(params.community_ids)
    cadres = [c for c in await weekly_tally(session, days) if c.community_id in wanted]
    await progress(0.3)
    names = dict(await _communities(session, params.community_ids))
    departments = dict(
        (
            await session.execute(
                select(Person.id, Department.name)
                .join(Department, Department.id == Person.department_id)
                .where(Person.id.in_([c.person_id for c in cadres] or [0]))
            )
        ).all()
    )
    on_days: dict[tuple[int, int], list[date]] = defaultdict(list)
    if days:
        rows = await session.execute(
            select(AttendanceDay.person_id, AttendanceDay.community_id, AttendanceDay.day)
            .where(and_(AttendanceDay.community_id.in_(params.community_ids), AttendanceDay.day.in_(days)))
            .order_by(AttendanceDay.day)
        )
        for person_id, community_id, day in rows:
            on_days[(person_id, community_id)].append(day)
    await progress(0.6)
    required = required_days(len(days))
    week = params.week_start
    sheet = Sheet(
        tr(locale, "ex-attendance-sheet"),
        widths=[14, 10, 14, 30, 8, 8, 8, 10],
        freeze_rows=2,
        styles=(CELL, CELL, CELL, WRAP, CELL, CELL, CELL, CELL),
        header_row=2,
    )
    sheet.append(
        [
            tr(
                locale,
                "ex-attendance-title",
                scope=params.scope_name,
                week=params.period_text,
                working=len(days),
            )
        ],
        TITLE,
    )
    keys = (
        "ex-col-community",
        "ex-col-name",
        "ex-col-department",
        "ex-col-days",
        "ex-col-days-done",
        "ex-col-required",
        "ex-col-compliant",
        "ex-col-outside",
    )
    sheet.append([tr(locale, k) for k in keys], BOLD)
    per_community: dict[int, Counter[str]] = defaultdict(Counter)
    yes, no = tr(locale, "ex-yes"), tr(locale, "ex-no")
    for cadre in sorted(
        cadres, key=lambda c: (names.get(c.community_id, ""), c.community_id, c.name, c.person_id)
    ):
        compliant = cadre.done >= required
        sheet.append(
            [
                names.get(cadre.community_id, ""),
                cadre.name,
                departments.get(cadre.person_id, ""),
                "、".join(f"{d:%m-%d}" for d in on_days[(cadre.person_id, cadre.community_id)]),
                cadre.done,
                required,
                yes if compliant else no,
                cadre.outside,
            ]
        )
        per_community[cadre.community_id].update(cadres=1, compliant=int(compliant), days=cadre.done)
    summary = _summary_sheet(
        locale,
        [14, 10, 10, 10, 10],
        tr(
            locale,
            "ex-attendance-summary-title",
            scope=params.scope_name,
            week=naming.day_label(locale, week),
        ),
        ("ex-col-community", "ex-col-cadres", "ex-col-compliant-count", "ex-col-rate", "ex-col-days-total"),
    )
    totals = Counter[str]()
    for community_id, name in names.items():
        tally = per_community.get(community_id, Counter())
        totals.update(tally)
        summary.append([name, tally["cadres"], tally["compliant"], _rate(tally), tally["days"]])
    summary.table_end = summary.rows
    summary.append(
        [tr(locale, "ex-total"), totals["cadres"], totals["compliant"], _rate(totals), totals["days"]], BOLD
    )
    await progress(0.9)
    return await _save(path, [sheet, summary])
