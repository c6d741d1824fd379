"""The 交办登记表 export: the month's problems and suggestions of the communities."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from domain import problems as problem_rules
from domain.worklog import next_month
from locales import tr_text as tr  # workbook cells: plain text, nothing escaped
from reports import register_xlsx
from reports import worklog as worklog_xlsx
from reports.exports.params import STREAM_ROWS, ExportParams, Progress
from reports.exports.workbook import _communities, _save, _summary_sheet
from reports.xlsx_stream import BOLD, CELL, TITLE, Sheet
from services.problems import category_label
from services.problems.sources import resident_cell, source_label
from services.worklog import stored_day, stored_utc
from storage.models import Community, Grid, HotlineOrder, Person, Problem, ProblemRegister

REGISTER_EXTRA = ("ex-col-register",)


def _month_window(params: ExportParams) -> tuple[datetime, datetime]:
    zone = ZoneInfo(params.timezone)
    first = params.month_start
    return datetime.combine(first, time(), zone), datetime.combine(next_month(first), time(), zone)


async def build_register(session: AsyncSession, params: ExportParams, path: Path, progress: Progress) -> Path:
    """Every item reported in the month (local time) in the communities, in the register's columns, with whether it
    is on the community's submitted register and whether that register is signed."""
    locale, zone = params.locale, ZoneInfo(params.timezone)
    start, end = _month_window(params)
    where = (
        Problem.community_id.in_(params.community_ids),
        Problem.reported_at >= start,
        Problem.reported_at < end,
    )
    total = int(await session.scalar(select(func.count(Problem.id)).where(*where)) or 0)
    reporter, leader = aliased(Person), aliased(Person)
    query = (
        select(
            Problem.id,
            Problem.community_id,
            Community.name,
            Grid.name,
            reporter.name,
            leader.name,
            type_coerce(Problem.reported_at, String),  # parsed below: see month_log_select's `plain`
            Problem.kind,
            Problem.category,
            Problem.description,
            Problem.advice,
            type_coerce(Problem.due_date, String),
            Problem.result,
            Problem.status,
            Problem.urgent,
            Problem.city_flag,
            Problem.city_note,
            type_coerce(ProblemRegister.signed_at, String),
            Problem.register_id,
            Problem.source,
            HotlineOrder.order_no,
            Problem.anonymous,
            Problem.resident_name,
            Problem.resident_phone,
        )
        .join(Community, Community.id == Problem.community_id)
        .join(reporter, reporter.id == Problem.reporter_id)
        .outerjoin(Grid, Grid.id == Problem.grid_id)
        .outerjoin(leader, leader.id == Problem.leader_id)
        .outerjoin(ProblemRegister, ProblemRegister.id == Problem.register_id)
        .outerjoin(HotlineOrder, HotlineOrder.problem_id == Problem.id)
        .where(*where)
        .order_by(Community.name, Problem.reported_at, Problem.id)
    )
    month = params.month_start
    sheet = Sheet(
        tr(locale, "ex-register-sheet"),
        widths=[*register_xlsx.WIDTHS, 14],
        freeze_rows=2,
        styles=(*register_xlsx.STYLES, CELL),
        header_row=2,
    )
    sheet.append([tr(locale, "ex-register-title", scope=params.scope_name, month=params.period_text)], TITLE)
    sheet.append([*register_xlsx.headers(locale), *(tr(locale, k) for k in REGISTER_EXTRA)], BOLD)
    tallies: dict[int, Counter[str]] = defaultdict(Counter)
    statuses = {s.value: tr(locale, f"problem-status-{s.value}") for s in problem_rules.Status}
    kinds = {k.value: tr(locale, f"problem-kind-{k.value}") for k in problem_rules.Kind}
    categories: dict[str, str] = {}
    sources: dict[str, str] = {}
    done, number, community = 0, 0, None
    result = await (await session.connection()).stream(query.execution_options(yield_per=STREAM_ROWS))
    async for rows in result.partitions(STREAM_ROWS):
        for r in rows:
            number = 1 if r[1] != community else number + 1
            community = r[1]
            notes = [statuses[r[13]]]
            if r[14]:
                notes.append(tr(locale, "register-note-urgent"))
            if r[15]:
                notes.append(tr(locale, "register-note-city", note=r[16] or ""))
            if r[8] not in categories:
                categories[r[8]] = str(category_label(locale, r[8]))
            if r[19] not in sources:
                sources[r[19]] = source_label(locale, r[19])
            register = (
                "ex-register-signed" if r[17] is not None else "ex-register-submitted" if r[18] else None
            )
            sheet.append(
                [
                    number,
                    worklog_xlsx.local_datetime(stored_utc(r[6]), zone),  # type: ignore[arg-type]
                    r[2],
                    r[3] or "",
                    r[4],
                    categories[r[8]],
                    f"[{kinds.get(r[7], r[7])}] {r[9]}",
                    r[10] or "",
                    r[5] or "",
                    stored_day(r[11]) if r[11] else None,
                    r[12] or "",
                    "；".join(notes),
                    sources[r[19]],
                    r[20] or "",
                    resident_cell(locale, bool(r[21]), r[22], r[23]),
                    tr(locale, register) if register else "",
                ]
            )
            tally = tallies[r[1]]
            tally["items"] += 1
            tally["open"] += problem_rules.Status(r[13]) in problem_rules.OPEN_STATUSES
            tally["urgent"] += bool(r[14])
        done += len(rows)
        await progress(0.9 * done / max(total, 1))
    registers = {
        r[0]: r[1]
        for r in await session.execute(
            select(ProblemRegister.community_id, ProblemRegister.signed_at).where(
                ProblemRegister.community_id.in_(params.community_ids),
                ProblemRegister.year == month.year,
                ProblemRegister.month == month.month,
            )
        )
    }
    summary = _summary_sheet(
        locale,
        [14, 10, 10, 10, 10, 14],
        tr(locale, "ex-register-summary-title", scope=params.scope_name, month=params.period_text),
        (
            "ex-col-community",
            "ex-col-items",
            "ex-col-open",
            "ex-col-done",
            "ex-col-urgent",
            "ex-col-register",
        ),
    )
    totals = Counter[str]()
    for community_id, name in await _communities(session, params.community_ids):
        tally = tallies.get(community_id, Counter())
        values = [tally["items"], tally["open"], tally["items"] - tally["open"], tally["urgent"]]
        totals.update({"items": values[0], "open": values[1], "done": values[2], "urgent": values[3]})
        if community_id not in registers:
            state = "ex-register-none"
        else:
            state = "ex-register-signed" if registers[community_id] else "ex-register-submitted"
        summary.append([name, *values, tr(locale, state)])
    summary.table_end = summary.rows
    summary.append(
        [tr(locale, "ex-total"), totals["items"], totals["open"], totals["done"], totals["urgent"]], BOLD
    )
    await progress(0.95)
    return await _save(path, [sheet, summary])
