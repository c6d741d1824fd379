"""The monthly submission writes its workbook off the event loop and outside the write transaction, and records it
only if the month did not change meanwhile (`services.worklog.submit_month`)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

import reports.worklog
from services import worklog as service
from storage.db import Database
from storage.models import LogMonth, OutboxMessage, WorkLogDraft, WorkLogEvent
from tests.test_worklog import add_log, world

SUBMITTED_AT = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
MONTH = date(2026, 11, 1)
real_write = reports.worklog.write_month_workbook


async def approved_month(db: Database) -> dict[str, int]:
    ids = await world(db)
    for day in (3, 11, 28):
        await add_log(
            db,
            ids["cadre"],
            ids["own_grid"],
            date(2026, 11, day),
            "approved",
            signed_by=ids["secretary"],
            signed_at=SUBMITTED_AT,
        )
    return ids


async def submit(db: Database, ids: dict[str, int], media: Path) -> service.MonthResult:
    return await service.submit_month(
        db,
        ids["secretary"],
        1,
        MONTH,
        now=SUBMITTED_AT,
        tz=ZoneInfo("Asia/Shanghai"),
        deadline_day=5,
        media_dir=media,
        default_locale="zh-CN",
    )


def workbooks(media: Path) -> list[str]:
    folder = media / "worklog-months"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


async def recorded(db: Database) -> tuple[list[tuple[str, int, str | None]], int, int]:
    """(status, log count, workbook path) of the month's submissions, outbox documents, month-submitted events."""
    async with db.session() as s:
        months = [
            (m.status, m.log_count, m.workbook_path) for m in (await s.execute(select(LogMonth))).scalars()
        ]
        documents = (
            await s.execute(
                select(func.count(OutboxMessage.id)).where(OutboxMessage.method == "sendDocument")
            )
        ).scalar_one()
        events = (
            await s.execute(
                select(func.count(WorkLogEvent.id)).where(WorkLogEvent.action == "month-submitted")
            )
        ).scalar_one()
    return months, documents, events


async def test_others_write_while_the_workbook_is_written(db, tmp_path, monkeypatch):
    """SQLite: no write lock is held during the workbook's write (another writer with a short busy timeout
    commits), and the event loop runs other work meanwhile."""
    ids = await approved_month(db)
    loop = asyncio.get_running_loop()
    seen: dict[str, object] = {}

    def write(path, **kwargs):  # type: ignore[no-untyped-def]
        ran = threading.Event()
        loop.call_soon_threadsafe(ran.set)  # runs only if the loop is free
        seen["loop_free"] = ran.wait(timeout=2)
        other = sqlite3.connect(make_url(db.url).database, timeout=0.2, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute(
                "INSERT INTO work_log_drafts (person_id, data, updated_at) VALUES (?, '{}', ?)",
                (ids["worker"], "2026-12-03 02:00:00.000000"),
            )
            other.execute("COMMIT")
            seen["wrote"] = True
        except sqlite3.OperationalError as error:
            seen["wrote"] = str(error)
        finally:
            other.close()
        return real_write(path, **kwargs)

    monkeypatch.setattr(reports.worklog, "write_month_workbook", write)
    result = await submit(db, ids, tmp_path / "media")

    assert seen == {"loop_free": True, "wrote": True}
    assert result.outcome is service.MonthOutcome.SUBMITTED and result.count == 3
    async with db.session() as s:
        assert await s.get(WorkLogDraft, ids["worker"]) is not None
    months, documents, events = await recorded(db)
    assert months == [("submitted", 3, result.path)] and documents == 2 and events == 3
    assert workbooks(tmp_path / "media") == [Path(result.path).name]  # type: ignore[arg-type]
    assert Path(result.path).name == "纪实表-幸福社区-2026-11-1-20261203020000.xlsx"  # type: ignore[arg-type]


async def test_event_loop_answers_while_the_workbook_is_written(any_db, tmp_path, monkeypatch):
    """On both databases: a coroutine scheduled while the workbook is written runs before the write ends."""
    db = any_db
    ids = await approved_month(db)
    loop = asyncio.get_running_loop()
    seen: list[bool] = []

    def write(path, **kwargs):  # type: ignore[no-untyped-def]
        ran = threading.Event()
        loop.call_soon_threadsafe(ran.set)
        seen.append(ran.wait(timeout=2))
        return real_write(path, **kwargs)

    monkeypatch.setattr(reports.worklog, "write_month_workbook", write)
    result = await submit(db, ids, tmp_path / "media")
    assert seen == [True] and result.outcome is service.MonthOutcome.SUBMITTED


def change_while_writing(loop, change, times: int = 1):  # type: ignore[no-untyped-def]
    """A `write_month_workbook` that runs `change()` on the event loop right after writing, the first `times` calls:
    something happens between the submission's read and its write transaction. (Before the fix, the workbook was
    written on the event loop inside the transaction: waiting for the loop times out.)"""
    calls: list[int] = []

    def write(path, **kwargs):  # type: ignore[no-untyped-def]
        summary = real_write(path, **kwargs)
        calls.append(1)
        if len(calls) <= times:
            asyncio.run_coroutine_threadsafe(change(), loop).result(timeout=5)
        return summary

    write.calls = calls  # type: ignore[attr-defined]
    return write


async def test_log_added_meanwhile_means_unsigned_left_and_no_workbook(any_db, tmp_path, monkeypatch):
    db = any_db
    ids = await approved_month(db)

    async def change() -> None:
        await add_log(db, ids["cadre"], ids["own_grid"], date(2026, 11, 30), "submitted")

    write = change_while_writing(asyncio.get_running_loop(), change)
    monkeypatch.setattr(reports.worklog, "write_month_workbook", write)
    result = await submit(db, ids, tmp_path / "media")

    assert result.outcome is service.MonthOutcome.UNSIGNED_LEFT
    assert await recorded(db) == ([], 0, 0)
    assert workbooks(tmp_path / "media") == []


async def test_submitted_by_someone_else_meanwhile_means_already_submitted(any_db, tmp_path, monkeypatch):
    db = any_db
    ids = await approved_month(db)
    media = tmp_path / "media"

    async def change() -> None:  # the other submission (say the delegate's) goes through first
        other = await submit(db, ids, media)
        assert other.outcome is service.MonthOutcome.SUBMITTED
        first.append(other)

    first: list[service.MonthResult] = []
    write = change_while_writing(asyncio.get_running_loop(), change)
    monkeypatch.setattr(reports.worklog, "write_month_workbook", write)
    result = await submit(db, ids, media)

    assert result.outcome is service.MonthOutcome.ALREADY_SUBMITTED
    assert result.submission_id == first[0].submission_id
    months, documents, events = await recorded(db)
    assert months == [("submitted", 3, first[0].path)] and documents == 2 and events == 3
    assert workbooks(media) == [Path(first[0].path).name]  # type: ignore[arg-type]  # only the other one's


async def test_log_added_and_left_out_meanwhile_redoes_the_workbook(any_db, tmp_path, monkeypatch):
    """The month changed, but nothing is in the way: the workbook is written again from the new state."""
    db = any_db
    ids = await approved_month(db)
    media = tmp_path / "media"

    async def change() -> None:
        await add_log(db, ids["cadre"], ids["own_grid"], date(2026, 11, 30), "submitted")
        left_out = await service.exclude_unsigned(
            db, ids["secretary"], 1, MONTH, "重复填报", now=SUBMITTED_AT
        )
        assert left_out.count == 1

    write = change_while_writing(asyncio.get_running_loop(), change)
    monkeypatch.setattr(reports.worklog, "write_month_workbook", write)
    result = await submit(db, ids, media)

    assert result.outcome is service.MonthOutcome.SUBMITTED and result.count == 3
    assert len(write.calls) == 2  # type: ignore[attr-defined]
    async with db.session() as s:
        month = (await s.execute(select(LogMonth))).scalar_one()
    assert (month.log_count, month.excluded_count, month.workbook_path) == (3, 1, result.path)
    assert "另有 1 份未签署，经说明后不列入。" in month.summary  # type: ignore[operator]
    assert workbooks(media) == [Path(result.path).name]  # type: ignore[arg-type]


async def test_month_that_keeps_changing_is_not_submitted(any_db, tmp_path, monkeypatch):
    db = any_db
    ids = await approved_month(db)
    media = tmp_path / "media"
    days = iter(range(20, 30))

    async def change() -> None:
        await add_log(db, ids["cadre"], ids["own_grid"], date(2026, 11, next(days)), "submitted")
        await service.exclude_unsigned(db, ids["secretary"], 1, MONTH, "重复填报", now=SUBMITTED_AT)

    write = change_while_writing(asyncio.get_running_loop(), change, times=99)
    monkeypatch.setattr(reports.worklog, "write_month_workbook", write)
    result = await submit(db, ids, media)

    assert result.outcome is service.MonthOutcome.CHANGED
    assert await recorded(db) == ([], 0, 0)
    assert workbooks(media) == []


async def test_failed_commit_leaves_no_workbook(db, tmp_path, monkeypatch):
    """The transaction fails after the workbook was written: neither a submission nor an orphan file."""
    ids = await approved_month(db)

    async def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(service, "enqueue", broken)
    with pytest.raises(RuntimeError, match="outbox unavailable"):
        await submit(db, ids, tmp_path / "media")
    assert await recorded(db) == ([], 0, 0)
    assert workbooks(tmp_path / "media") == []


async def test_log_approved_between_the_check_and_the_history_redoes_the_month(any_db, tmp_path, monkeypatch):
    """PostgreSQL (read committed): a log approved by another transaction after phase 2 checked the month but before
    its history rows are written is counted by their INSERT … SELECT; the count differs, all of phase 2 rolls back
    and the month is read and written again, with that log in it. (SQLite's write lock keeps anyone from writing in
    between.)"""
    db = any_db
    if db.dialect != "postgresql":
        pytest.skip("on SQLite nothing can commit while phase 2 holds the write lock")
    ids = await approved_month(db)
    media = tmp_path / "media"
    renames: list[Path] = []
    real_rename = service._rename

    def approve_one_more() -> None:  # another process, its own connection, committed before this returns
        async def add() -> None:
            other = Database(db.url)
            try:
                await add_log(
                    other,
                    ids["cadre"],
                    ids["own_grid"],
                    date(2026, 11, 29),
                    "approved",
                    signed_by=ids["secretary"],
                    signed_at=SUBMITTED_AT,
                )
            finally:
                await other.dispose()

        thread = threading.Thread(target=asyncio.run, args=(add(),))
        thread.start()
        thread.join(timeout=10)

    def rename(staged: Path, path: Path) -> None:
        renames.append(path)
        if len(renames) == 1:
            approve_one_more()
        real_rename(staged, path)

    monkeypatch.setattr(service, "_rename", rename)
    result = await submit(db, ids, media)

    assert len(renames) == 2
    assert result.outcome is service.MonthOutcome.SUBMITTED and result.count == 4
    months, documents, events = await recorded(db)
    assert [(status, count) for status, count, _ in months] == [("submitted", 4)]
    assert events == 4  # one history row per log of the workbook, none left from the rolled-back attempt
    assert workbooks(media) == [Path(result.path).name]  # type: ignore[arg-type]
