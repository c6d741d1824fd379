"""The export registry: every xlsx a person can ask for from 📥 报表导出, with what it takes and how it is built.

An `ExportKind` names its label (a Fluent id), the scope it takes (one community and/or the whole sub-district), the
period (a month or a week) and an async builder `(session, params, path, progress) -> path` that writes the workbook.
A new export is one more entry in `KINDS`: the dialog, the permission check, the background job and its progress
message all come from here. The scorecards, for example (a label `ex-kind-scorecards` in both locale files):

    async def build_scorecards(session, params, path, progress):
        board = ...  # the quarter's board, read with `session` for `params.community_ids` and `params.quarter_start`
        await asyncio.to_thread(write_scorecards_xlsx, board, path, params.locale)
        return path

    ExportKind("scorecards", "ex-kind-scorecards", Period.QUARTER, build_scorecards)

Big sheets are written with `reports.xlsx_stream` (a district month is 100,000 logs); the zip is written in a thread
so the bot keeps answering while it compresses.
"""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import String, and_, func, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from domain import problems as problem_rules
from domain.attendance import required_days
from domain.roles import Role
from domain.worklog import Status as LogStatus
from domain.worklog import next_month
from locales import tr_text as tr  # workbook cells: plain text, nothing escaped
from reports import naming, register_xlsx
from reports import worklog as worklog_xlsx
from reports.xlsx_stream import BOLD, CELL, TITLE, WRAP, Sheet, save
from services.attendance import weekly_tally
from services.problems import category_label
from services.worklog import linked_problems, month_log_select, stored_day, stored_utc
from storage.models import (
    AttendanceDay,
    Community,
    Department,
    Grid,
    LogMonth,
    Person,
    Problem,
    ProblemRegister,
    WorkLog,
)

Progress = Callable[[float], Awaitable[None]]  # called with the share done, 0.0 … 1.0
STREAM_ROWS = 5000  # rows fetched at a time, and between two progress reports (2,000: a third slower)


class Period(StrEnum):
    MONTH = "month"
    WEEK = "week"
    QUARTER = "quarter"  # for the scorecards: the quarter's first day


class Scope(StrEnum):
    COMMUNITY = "community"
    ALL = "all"  # the whole sub-district, one workbook with a community column and a summary sheet


@dataclass(frozen=True)
class ExportParams:
    """What a job exports, resolved when it is requested (scope checked then), stored as JSON on the job."""

    kind: str
    scope: str  # Scope value
    community_ids: list[int]
    scope_name: str  # the community's or the sub-district's name, for titles and the file name
    locale: str
    timezone: str = "Asia/Shanghai"
    month: str | None = None  # first day of the month, ISO
    week: str | None = None  # Monday of the week, ISO
    quarter: str | None = None  # first day of the quarter, ISO
    working_days: list[str] = field(default_factory=list)  # the week's working days (attendance)
    as_of: str | None = None  # the day it was asked for, ISO: an unfinished quarter's scorecards stop there
    assessment_config: str = (
        ""  # ASSESSMENT_CONFIG when it was asked for ("" the repository's assessment.toml)
    )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExportParams:
        return cls(**data)

    @property
    def month_start(self) -> date:
        assert self.month is not None
        return date.fromisoformat(self.month)

    @property
    def week_start(self) -> date:
        assert self.week is not None
        return date.fromisoformat(self.week)

    @property
    def quarter_start(self) -> date:
        assert self.quarter is not None
        return date.fromisoformat(self.quarter)

    @property
    def period_text(self) -> str:
        """The period as people read it, in titles, messages and the file name: 2026年11月, 2026年第4季度,
        2026年11月2日至11月8日."""
        if self.month:
            return naming.month_label(self.locale, self.month_start)
        if self.quarter:
            return naming.quarter_label(self.locale, self.quarter_start)
        return naming.week_label(self.locale, self.week_start)


Builder = Callable[[AsyncSession, ExportParams, Path, Progress], Awaitable[Path]]


@dataclass(frozen=True)
class ExportKind:
    id: str
    label: str  # Fluent id of the button and the document's caption
    period: Period
    build: Builder
    scopes: frozenset[Scope] = frozenset({Scope.COMMUNITY, Scope.ALL})
    # Who may ask for it, beyond the 📊 action's own permission (None: everyone who may export).
    roles: frozenset[Role] | None = None


async def _nothing(_share: float) -> None:
    return None


async def _save(path: Path, sheets: list[Sheet]) -> Path:
    # Level 1: a third of level 6's time for a 100,000-row sheet, a fifth bigger; in a thread, so the bot answers.
    await asyncio.to_thread(save, path, sheets, 1)
    return path


async def _communities(session: AsyncSession, ids: list[int]) -> list[tuple[int, str]]:
    rows = await session.execute(
        select(Community.id, Community.name)
        .where(Community.id.in_(ids))
        .order_by(Community.name, Community.id)
    )
    return [(r[0], r[1]) for r in rows]


def _summary_sheet(locale: str, widths: list[float], title: str, columns: tuple[str, ...]) -> Sheet:
    """The 汇总 sheet every export ends with: its title row and header row (Fluent ids of the columns)."""
    summary = Sheet(tr(locale, "wl-sheet-summary"), widths=widths, freeze_rows=2, header_row=2)
    summary.append([title], TITLE)
    summary.append([tr(locale, column) for column in columns], BOLD)
    return summary


# --- 纪实表: the month's grid work logs ---

LOG_COLUMNS = (("ex-col-community", 12), *worklog_xlsx.COLUMNS, ("ex-col-status", 10))


async def build_worklogs(session: AsyncSession, params: ExportParams, path: Path, progress: Progress) -> Path:
    """Every log of the month (not those left out of a submission) of the communities, by community and date."""
    locale, month = params.locale, params.month_start
    in_month = (
        WorkLog.community_id.in_(params.community_ids),
        WorkLog.work_date >= month,
        WorkLog.work_date < next_month(month),
    )
    shown = (*in_month, WorkLog.status != LogStatus.EXCLUDED.value)
    total = int(await session.scalar(select(func.count(WorkLog.id)).where(*shown)) or 0)
    problems = await linked_problems(session, *in_month)
    zone = ZoneInfo(params.timezone)
    sheet = Sheet(
        tr(locale, "wl-sheet-logs"),
        widths=[w for _, w in LOG_COLUMNS],
        freeze_rows=2,
        styles=(CELL, *worklog_xlsx.STYLES, CELL),
        header_row=2,
    )
    sheet.append([tr(locale, "ex-worklog-title", scope=params.scope_name, month=params.period_text)], TITLE)
    sheet.append([tr(locale, msg_id) for msg_id, _ in LOG_COLUMNS], BOLD)
    statuses = {s.value: tr(locale, f"ex-status-{s.value}") for s in LogStatus}  # words, no emoji
    query = (
        month_log_select(*shown, plain=True)
        .order_by(None)
        .order_by(Community.name, WorkLog.work_date, WorkLog.id)
    )
    per_community: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"logs": 0, "approved": 0, "people": set(), "households": 0}
    )
    done, number, community = 0, 0, None
    approved, append, row_values = LogStatus.APPROVED.value, sheet.append, worklog_xlsx.plain_row_values
    tally: dict[str, Any] = {}
    # Core rows, not the ORM's: the ORM's row loading costs 0.1–0.3 s more for 100,000 rows.
    result = await (await session.connection()).stream(query.execution_options(yield_per=STREAM_ROWS))
    async for rows in result.partitions(STREAM_ROWS):
        for row in rows:  # columns of month_log_select
            if row[5] != community:  # numbered within each community
                number, community, tally = 1, row[5], per_community[row[5]]
            else:
                number += 1
            status = row[14]
            append([row[6], *row_values(locale, number, row, problems, zone), statuses[status]])
            tally["logs"] += 1
            tally["approved"] += status == approved
            tally["people"].add(row[2])
            tally["households"] += row[11]
        done += len(rows)
        await progress(0.9 * done / max(total, 1))
    excluded = dict(
        (
            await session.execute(
                select(WorkLog.community_id, func.count(WorkLog.id))
                .where(*in_month, WorkLog.status == LogStatus.EXCLUDED.value)
                .group_by(WorkLog.community_id)
            )
        ).all()
    )
    submitted = dict(
        (
            await session.execute(
                select(LogMonth.community_id, LogMonth.status).where(
                    LogMonth.community_id.in_(params.community_ids), LogMonth.month == month
                )
            )
        ).all()
    )
    summary = _summary_sheet(
        locale,
        [14, 10, 10, 10, 10, 10, 12],
        tr(locale, "ex-worklog-summary-title", scope=params.scope_name, month=params.period_text),
        (
            "ex-col-community",
            "ex-col-logs",
            "ex-col-approved",
            "ex-col-unsigned",
            "ex-col-excluded",
            "ex-col-people",
            "ex-col-households",
            "ex-col-month-submission",
        ),
    )
    totals = Counter[str]()
    for community_id, name in await _communities(session, params.community_ids):
        tally = per_community.get(community_id, {"logs": 0, "approved": 0, "people": set(), "households": 0})
        values = {
            "logs": tally["logs"],
            "approved": tally["approved"],
            "unsigned": tally["logs"] - tally["approved"],
            "excluded": int(excluded.get(community_id, 0)),
            "people": len(tally["people"]),
            "households": tally["households"],
        }
        totals.update(values)
        state = submitted.get(community_id)
        summary.append([name, *values.values(), tr(locale, f"ex-month-{state or 'not-submitted'}")])
    summary.table_end = summary.rows
    summary.append(
        [
            tr(locale, "ex-total"),
            *(totals[k] for k in ("logs", "approved", "unsigned", "excluded", "people", "households")),
        ],
        BOLD,
    )
    await progress(0.95)
    return await _save(path, [sheet, summary])


# --- 交办登记表: the month's problems and suggestions ---

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
        )
        .join(Community, Community.id == Problem.community_id)
        .join(reporter, reporter.id == Problem.reporter_id)
        .outerjoin(Grid, Grid.id == Problem.grid_id)
        .outerjoin(leader, leader.id == Problem.leader_id)
        .outerjoin(ProblemRegister, ProblemRegister.id == Problem.register_id)
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


# --- attendance: paired cadres' community days in a week ---


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


async def build_scorecards(
    session: AsyncSession, params: ExportParams, path: Path, progress: Progress
) -> Path:
    """The quarter's scorecards (issue 7's assessment): cadres, communities and the formula, ranked in the
    sub-district; one community's export lists its own cadres with their sub-district ranks."""
    from domain.assessment import Period as AssessmentPeriod
    from domain.assessment import PeriodKind
    from reports.scorecard_xlsx import write_scorecards_xlsx
    from services.scorecards import compute_scorecards, formula_from

    start = params.quarter_start
    period = AssessmentPeriod(PeriodKind.QUARTER, start.year, (start.month - 1) // 3 + 1)
    board = await compute_scorecards(
        session,
        period=period,
        community_ids=params.community_ids,  # 全街道: the communities of the asker's own sub-district
        formula=formula_from(params.assessment_config or None),
        as_of=date.fromisoformat(params.as_of) if params.as_of else None,
        tz=ZoneInfo(params.timezone),
    )
    await progress(0.6)
    await asyncio.to_thread(write_scorecards_xlsx, board, path, params.locale)
    return path


def _rate(tally: Counter[str]) -> str:
    return f"{100 * tally['compliant'] / tally['cadres']:.0f}%" if tally["cadres"] else "-"


KINDS: tuple[ExportKind, ...] = (
    ExportKind("worklog", "ex-kind-worklog", Period.MONTH, build_worklogs),
    ExportKind("register", "ex-kind-register", Period.MONTH, build_register),
    ExportKind("attendance", "ex-kind-attendance", Period.WEEK, build_attendance),
    ExportKind("scorecards", "ex-kind-scorecards", Period.QUARTER, build_scorecards),
)


def kinds() -> dict[str, ExportKind]:
    return {kind.id: kind for kind in KINDS}


def file_name(params: ExportParams) -> str:
    """`纪实表-幸福社区-2026年11月.xlsx` (reports.naming)."""
    return naming.workbook_name(params.locale, params.kind, params.scope_name, params.period_text)


async def build(
    session: AsyncSession, params: ExportParams, folder: Path, progress: Progress = _nothing
) -> Path:
    """Write the export into `folder` (its file name says what it is) and return the path."""
    kind = kinds()[params.kind]
    path = folder / file_name(params)
    path.parent.mkdir(parents=True, exist_ok=True)
    return await kind.build(session, params, path, progress)
