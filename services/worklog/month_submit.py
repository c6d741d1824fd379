"""The monthly submission: the month's workbook written off the event loop, then the month locked and sent.

The workbook itself is the report layer's (`reports.worklog`): the service asks for it through `MonthWorkbook`, a seam
it owns, and never imports the report. The caller passes one (`reports.worklog.MONTH_WORKBOOK`); a caller that passes
none gets the one installed with `install_month_workbook` (`reports.worklog` installs its own when imported).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol
from uuid import uuid4
from zoneinfo import ZoneInfo

from markupsafe import escape
from sqlalchemy import insert, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import worklog as rules
from domain.roles import Role
from domain.worklog import Status
from services.calendar import cached_work_calendar
from services.notify import reachable
from services.worklog.month import MonthResult, _locked_month
from services.worklog.outcomes import MonthOutcome
from services.worklog.rows import _in_month, linked_problems, month_log_select
from services.worklog.signers import _signer
from storage.db import Database
from storage.models import (
    Community,
    Department,
    LogMonth,
    Person,
    PersonRole,
    WorkLog,
    WorkLogEvent,
)
from storage.outbox import enqueue

PARTY_MASS_DEPARTMENT = "党群工作部"
CAPTION_MAX = 1024  # Telegram's limit for a document's caption


class MonthWorkbook(Protocol):
    """The month's 纪实表 as the layer above writes it."""

    def write(
        self,
        path: Path,
        *,
        community: str,
        month: date,
        rows: list[Any],
        problems: dict[int, list[tuple[int, str]]],
        submitted_by: str,
        submitted_at: datetime,
        late: bool,
        excluded: int,
        locale: str,
    ) -> str:
        """Write the workbook to `path` (called in a worker thread); returns its summary text. `rows`: of
        `month_log_select(plain=True)`; `problems`: `linked_problems`, by log id."""
        ...

    def filename(self, locale: str, community: str, month: date) -> str:
        """The name the recipients see: 纪实表-幸福社区-2026年11月.xlsx."""
        ...


_installed: MonthWorkbook | None = None


def install_month_workbook(workbook: MonthWorkbook) -> None:
    """The workbook `submit_month` writes when its caller passes none (`reports.worklog` installs its own)."""
    global _installed
    _installed = workbook


_SUBMIT_ATTEMPTS = 3  # phase 1 is redone when the month changed under it, but not forever


@dataclass(frozen=True)
class _MonthRead:
    """What phase 1 of `submit_month` read: the workbook's rows and what phase 2 checks is still the same."""

    rows: list[Any]  # of month_log_select(plain=True): a LogView each would cost a second for 100,000 logs
    problems: dict[int, list[tuple[int, str]]]  # linked to the logs, by log id
    excluded: int
    community: str
    submitter: str
    logs: frozenset[tuple[int, int, str]]  # (id, version, status) of every log of the month, left out or not


async def submit_month(
    db: Database,
    person_id: int,
    community_id: int,
    month: date,
    *,
    now: datetime,
    tz: ZoneInfo,
    deadline_day: int,
    media_dir: Path,
    default_locale: str,
    workbook: MonthWorkbook | None = None,
) -> MonthResult:
    """Lock the month, write the 纪实表 workbook, store it and send it to the 党群工作部 staff (through the outbox).

    A month is up to ~20,000 logs, and its workbook takes a second or more to write: it is written in a thread (the
    event loop keeps answering everyone) and while no write transaction is open (on SQLite the write lock would make
    every other user's writes wait). Two phases:

    1. In a read session (`Database.read_session`: a snapshot, no write lock), the checks and the month's logs; the
       session is closed, then the workbook is written in a thread under a temporary name (`….xlsx.part`).
    2. In the write transaction, the LogMonth row locked (`with_for_update`), everything is checked again: still this
       community's signer, the month still not submitted, and the month's logs unchanged — the same (id, version,
       status) for every log of the month, the left-out ones included (a log's version goes up on every
       resubmission and an approved log is final, so any change that would change the workbook or its counts shows
       there), and the same community and submitter names. Only then is the workbook renamed to its final name
       (which holds the submission's id) and the submission, the history rows and the outbox rows recorded; they
       are committed before the caller tells anyone.

    If something changed meanwhile, the temporary workbook is removed and the outcome is what the change makes it:
    ALREADY_SUBMITTED (someone else submitted the month), NOT_ALLOWED, or UNSIGNED_LEFT (a log was added or
    returned); any other change (say a log added and left out at once) redoes phase 1, at most `_SUBMIT_ATTEMPTS`
    times in all, after which the outcome is CHANGED (submit again). The rename happens inside the transaction,
    before the commit: a crash or a failed commit leaves at most an orphan workbook, never a submission without its
    workbook (a failed commit removes the renamed file too).

    `workbook` writes and names the workbook (`reports.worklog.MONTH_WORKBOOK`); by default the installed one.
    """
    workbook = workbook or _installed
    if workbook is None:
        raise RuntimeError("no month workbook: pass `workbook` or import reports.worklog, which installs one")
    today = now.astimezone(tz).date()
    late = rules.is_late(month, today, deadline_day, await cached_work_calendar(db))
    folder = media_dir / "worklog-months"
    for _ in range(_SUBMIT_ATTEMPTS):
        read = await _read_month(db, person_id, community_id, month, today)
        if isinstance(read, MonthResult):
            return read
        staged = (
            folder / f"纪实表-{read.community}-{month:%Y-%m}-{now:%Y%m%d%H%M%S}-{uuid4().hex[:12]}.xlsx.part"
        )
        try:
            summary = await asyncio.to_thread(
                _write_staged,
                workbook.write,
                staged,
                community=read.community,
                month=month,
                rows=read.rows,
                problems=read.problems,
                submitted_by=read.submitter,
                submitted_at=now.astimezone(tz),
                late=late,
                excluded=read.excluded,
                locale=default_locale,
            )
            shown = workbook.filename(default_locale, read.community, month)
            result = await _record_submission(
                db, read, staged, summary, person_id, community_id, month, now=now, late=late, filename=shown
            )
        finally:
            _remove(staged)  # renamed away when the submission was recorded; otherwise no longer wanted
        if result is not None:
            return result
    return MonthResult(MonthOutcome.CHANGED)


async def _read_month(
    db: Database, person_id: int, community_id: int, month: date, today: date
) -> _MonthRead | MonthResult:
    """Phase 1 of `submit_month`: the checks and the month's logs, in a read session."""
    async with db.read_session() as s:
        if not (await _signer(s, person_id)).may_sign(community_id):
            return MonthResult(MonthOutcome.NOT_ALLOWED)
        if not rules.can_submit_month(month, today):
            return MonthResult(MonthOutcome.NOT_OVER)
        submission = (
            await s.execute(
                select(LogMonth).where(LogMonth.community_id == community_id, LogMonth.month == month)
            )
        ).scalar()
        if submission is not None and submission.status == "submitted":
            return MonthResult(MonthOutcome.ALREADY_SUBMITTED, submission.id)
        rows = (  # Core rows: the ORM's row loading costs more than the query for 100,000 logs
            await (await s.connection()).execute(
                month_log_select(
                    *_in_month(community_id, month), WorkLog.status != Status.EXCLUDED.value, plain=True
                )
            )
        ).all()
        if any(r[14] != Status.APPROVED.value for r in rows):
            return MonthResult(MonthOutcome.UNSIGNED_LEFT)
        problems = await linked_problems(s, *_in_month(community_id, month))
        # The left-out logs as a separate statement (on PostgreSQL another snapshot than the views'): the
        # fingerprint joins the views' own (id, version, status) with these, so phase 2 compares it with exactly
        # what the workbook holds and counts.
        excluded = (
            await s.execute(
                select(WorkLog.id, WorkLog.version, WorkLog.status).where(
                    *_in_month(community_id, month), WorkLog.status == Status.EXCLUDED.value
                )
            )
        ).all()
        community = await s.get(Community, community_id)
        submitter = await s.get(Person, person_id)
        assert community is not None and submitter is not None
        return _MonthRead(
            rows=rows,
            problems=problems,
            excluded=len(excluded),
            community=community.name,
            submitter=submitter.name,
            logs=frozenset((r[0], r[1], r[14]) for r in rows)
            | frozenset((r.id, r.version, r.status) for r in excluded),
        )


def _write_staged(write: Any, staged: Path, **workbook: Any) -> str:
    """In a thread: the workbook under its temporary name; returns the summary."""
    staged.parent.mkdir(parents=True, exist_ok=True)
    try:
        return write(staged, **workbook)
    except BaseException:
        _remove(staged)
        raise


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


def _rename(staged: Path, path: Path) -> None:
    staged.replace(path)


async def _record_submission(
    db: Database,
    read: _MonthRead,
    staged: Path,
    summary: str,
    person_id: int,
    community_id: int,
    month: date,
    *,
    now: datetime,
    late: bool,
    filename: str | None = None,
) -> MonthResult | None:
    """Phase 2 of `submit_month`: check again under the lock, then record; None when phase 1 must be redone.
    `filename`: the name the recipients see (纪实表-幸福社区-2026年11月.xlsx), the stored file's own by default."""
    path: Path | None = None
    try:
        async with db.session() as s:
            if not (await _signer(s, person_id)).may_sign(community_id):
                return MonthResult(MonthOutcome.NOT_ALLOWED)
            submission = await _locked_month(s, community_id, month)
            if submission is not None and submission.status == "submitted":
                return MonthResult(MonthOutcome.ALREADY_SUBMITTED, submission.id)
            logs = frozenset(  # (id, version, status) tuples, as in phase 1
                map(
                    tuple,
                    await (await s.connection()).execute(
                        select(WorkLog.id, WorkLog.version, WorkLog.status).where(
                            *_in_month(community_id, month)
                        )
                    ),
                )
            )
            community = await s.get(Community, community_id)
            submitter = await s.get(Person, person_id)
            assert community is not None and submitter is not None
            if logs != read.logs or (community.name, submitter.name) != (read.community, read.submitter):
                unsigned = {Status.SUBMITTED.value, Status.RETURNED.value}
                if any(status in unsigned for _, _, status in logs):
                    return MonthResult(MonthOutcome.UNSIGNED_LEFT)
                return None
            count = len(read.rows)
            if submission is None:
                submission = LogMonth(community_id=community_id, month=month)
                s.add(submission)
            submission.status = "submitted"
            submission.submitted_by = person_id
            submission.submitted_at = now
            submission.late = late
            submission.log_count = count
            submission.excluded_count = read.excluded
            await s.flush()
            path = staged.with_name(
                f"纪实表-{read.community}-{month:%Y-%m}-{submission.id}-{now:%Y%m%d%H%M%S}.xlsx"
            )
            _rename(staged, path)  # a rename in one folder: no copying, it does not hold the transaction
            submission.workbook_path = str(path)
            submission.summary = summary
            if count:
                # The month's history rows in one INSERT … SELECT: 100,000 rows never pass through Python.
                # The workbook's logs are the month's approved ones (checked above; an approved log is final), in
                # its order; a count that differs means the month changed since the check (PostgreSQL: another
                # transaction committed meanwhile) and phase 1 is redone.
                added = await s.execute(
                    insert(WorkLogEvent)
                    .from_select(
                        ["log_id", "at", "person_id", "action"],
                        select(
                            WorkLog.id,
                            literal(now, WorkLogEvent.at.type),
                            literal(person_id),
                            literal("month-submitted"),
                        )
                        .where(*_in_month(community_id, month), WorkLog.status == Status.APPROVED.value)
                        .order_by(WorkLog.work_date, WorkLog.id),
                    )
                    .execution_options(synchronize_session=False)
                )
                if added.rowcount != count:  # type: ignore[attr-defined]
                    raise _MonthChanged
            # 党群工作部 gets the workbook; the secretary who submitted it gets the same copy for their records.
            recipients = await reachable(s, await _party_mass_staff(s) | {person_id})
            # The summary is plain text: cut to Telegram's caption length (its visible characters), then escaped.
            caption = escape(summary if len(summary) <= CAPTION_MAX else summary[: CAPTION_MAX - 1] + "…")
            for _, chat_id, _ in recipients:
                await enqueue(
                    s,
                    key=f"worklog-month:{submission.id}:{now.isoformat()}:{chat_id}",
                    chat_id=chat_id,
                    payload={
                        "document_path": str(path),
                        "filename": filename or path.name,
                        "caption": caption,
                    },
                    now=now,
                    method="sendDocument",
                )
    except _MonthChanged:  # rolled back
        if path is not None:
            _remove(path)
        return None
    except BaseException:
        if path is not None:  # renamed, but the submission was not committed: no workbook without it
            _remove(path)
        raise
    return MonthResult(MonthOutcome.SUBMITTED, submission.id, count, late, str(path))


class _MonthChanged(Exception):
    """Raised in phase 2 of `submit_month` to roll back when the month's logs changed after the check."""


async def _party_mass_staff(session: AsyncSession) -> set[int]:
    ids = (
        await session.execute(
            select(Person.id)
            .join(Department, Department.id == Person.department_id)
            .join(PersonRole, PersonRole.person_id == Person.id)
            .where(Department.name == PARTY_MASS_DEPARTMENT, PersonRole.role == Role.DEPARTMENT_STAFF.value)
        )
    ).scalars()
    return set(ids)
