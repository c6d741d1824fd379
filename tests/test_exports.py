"""📥 报表导出 (issue 7): each export opened with openpyxl and compared with the database of a seeded month (the
expected rows computed here with plain ORM queries), who may export what, the dialog with stale and forged
buttons, and the export job: progress edits, one document, failures told, a job cut short by a restart finished
exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, update

from benchmarks.district_seed import District, seed_district
from bot.exports_worker import ExportWorker
from domain.attendance import required_days
from domain.exports import export_right
from domain.problems import OPEN_STATUSES
from domain.problems import Status as ProblemStatus
from domain.roles import Role
from domain.workcalendar import WorkCalendar
from locales import tr, tr_text
from reports import exports as registry
from reports.exports import ExportParams, build
from services import exports as service
from services.problems.sources import source_label
from storage.models import (
    AttendanceDay,
    Community,
    Department,
    ExportJob,
    LogMonth,
    Person,
    PersonRole,
    Problem,
    ProblemRegister,
    Subdistrict,
    WorkLog,
)
from tests.factories import NOW, add_person

MONTH = date(2026, 10, 1)
OCTOBER = MONTH.isoformat()
WEEK = date(2026, 10, 12)  # a Monday of the month
PRINCIPAL, LEADER, SECRETARY, DEPARTMENT, WORKER = 900, 901, 902, 903, 904


async def seeded(db) -> District:  # type: ignore[no-untyped-def]
    district = await seed_district(
        db, communities=4, cadres=40, logs=160, problems=60, year=MONTH.year, month=MONTH.month, leaders_per=2
    )
    bound = {
        district.principal_ids[0]: PRINCIPAL,
        district.leader_ids[0]: LEADER,  # in charge of the first two communities
        district.secretary_ids[2]: SECRETARY,  # secretary of the third
        district.department_ids[0]: DEPARTMENT,
    }
    async with db.session() as s:
        for person_id, telegram_id in bound.items():
            await s.execute(update(Person).where(Person.id == person_id).values(telegram_id=telegram_id))
    return district


def params(district: District, kind: str, community_ids: list[int] | None = None, **extra) -> ExportParams:  # type: ignore[no-untyped-def]
    return ExportParams(
        kind=kind,
        scope="all" if community_ids is None else "community",
        community_ids=community_ids or district.community_ids,
        scope_name="城关街道",
        locale="zh-CN",
        **extra,
    )


def sheet_rows(path_or_bytes: Path | bytes, index: int) -> list[list[object]]:
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    book = load_workbook(BytesIO(data), read_only=True)
    sheet = book.worksheets[index]
    rows = [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    width = len(rows[1])  # the header's; a row's empty cells at the end are not stored
    return [row + [""] * (width - len(row)) for row in rows[2:]]  # without the title and the header


async def names(db, model, ids=None) -> dict[int, str]:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        query = select(model.id, model.name)
        return dict((await s.execute(query)).all())


# --- the workbooks against the database ---


async def test_worklog_export_of_the_whole_subdistrict_matches_the_database(any_db, tmp_path):
    db = any_db
    district = await seeded(db)
    path = await build_in(db, params(district, "worklog", month=MONTH.isoformat()), tmp_path)
    community_name = await names(db, Community)
    people = await names(db, Person)
    async with db.session() as s:
        logs = (await s.execute(select(WorkLog))).scalars().all()
        submitted = set((await s.execute(select(LogMonth.community_id))).scalars())
    in_month = [log for log in logs if MONTH <= log.work_date < date(2026, 11, 1)]
    shown = [log for log in in_month if log.status != "excluded"]
    expected = sorted(
        (
            community_name[log.community_id],
            datetime.combine(log.work_date, time()),  # a real date
            people[log.person_id],
            log.households,
            people[log.signed_by] if log.signed_by else "",
            tr_text("zh-CN", f"ex-status-{log.status}"),  # the status in words, no emoji
        )
        for log in shown
    )
    rows = sheet_rows(path, 0)
    actual = [(r[0], r[2], r[4], r[7], r[13], r[15]) for r in rows]
    assert sorted(actual) == expected and len(rows) == len(shown) > 100
    assert [(r[0], r[2]) for r in rows] == sorted((r[0], r[2]) for r in rows)  # by community, then date
    first = [r for r in rows if r[0] == community_name[district.community_ids[0]]]
    assert [r[1] for r in first] == list(range(1, len(first) + 1))  # numbered within each community

    summary = sheet_rows(path, 1)
    for row in summary[:-1]:
        community_id = next(c for c, n in community_name.items() if n == row[0])
        mine = [log for log in shown if log.community_id == community_id]
        approved = sum(log.status == "approved" for log in mine)
        excluded = sum(log.status == "excluded" and log.community_id == community_id for log in in_month)
        state = tr("zh-CN", "ex-month-submitted" if community_id in submitted else "ex-month-not-submitted")
        assert row == [
            row[0],
            len(mine),
            approved,
            len(mine) - approved,
            excluded,
            len({log.person_id for log in mine}),
            sum(log.households for log in mine),
            state,
        ]
    assert summary[-1][:2] == [tr("zh-CN", "ex-total"), len(shown)]
    assert len(summary) == len(district.community_ids) + 1


async def build_in(db, wanted: ExportParams, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    async with db.session() as session:
        return await build(session, wanted, tmp_path / "out")


async def test_one_community_export_holds_only_that_community(db, tmp_path):
    district = await seeded(db)
    third = district.community_ids[2]
    path = await build_in(db, params(district, "worklog", [third], month=MONTH.isoformat()), tmp_path)
    community_name = await names(db, Community)
    async with db.session() as s:
        count = len(
            (
                await s.execute(
                    select(WorkLog.id).where(
                        WorkLog.community_id == third,
                        WorkLog.status != "excluded",
                        WorkLog.work_date >= MONTH,
                        WorkLog.work_date < date(2026, 11, 1),
                    )
                )
            ).all()
        )
    rows = sheet_rows(path, 0)
    assert {r[0] for r in rows} == {community_name[third]} and len(rows) == count > 0
    assert [r[0] for r in sheet_rows(path, 1)] == [community_name[third], tr("zh-CN", "ex-total")]


async def test_register_export_matches_the_database(any_db, tmp_path):
    db = any_db
    district = await seeded(db)
    path = await build_in(db, params(district, "register", month=MONTH.isoformat()), tmp_path)
    community_name = await names(db, Community)
    people = await names(db, Person)
    async with db.session() as s:
        problems = (await s.execute(select(Problem))).scalars().all()
        registers = {r.id: r for r in (await s.execute(select(ProblemRegister))).scalars()}
    expected = []
    for p in problems:
        local = p.reported_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai"))
        if not (MONTH <= local.date() < date(2026, 11, 1)):
            continue
        register = ""
        if p.register_id:
            signed = registers[p.register_id].signed_at is not None
            register = tr("zh-CN", "ex-register-signed" if signed else "ex-register-submitted")
        expected.append(
            (
                community_name[p.community_id],
                local.replace(second=0, microsecond=0, tzinfo=None),  # a real date, in Shanghai time
                people[p.reporter_id],
                p.description,
                people[p.leader_id] if p.leader_id else "",
                datetime.combine(p.due_date, time()) if p.due_date else "",
                source_label("zh-CN", p.source),  # issue 18: 来源 after the form's own columns
                register,
            )
        )
    rows = sheet_rows(path, 0)
    actual = [(r[2], r[1], r[4], r[6].split("] ", 1)[1], r[8], r[9], r[12], r[15]) for r in rows]
    assert sorted(actual) == sorted(expected) and len(rows) == len(problems) == 60
    assert any(r[15] == tr("zh-CN", "ex-register-signed") for r in rows)  # the seed signs some registers

    summary = sheet_rows(path, 1)
    for row in summary[:-1]:
        community_id = next(c for c, n in community_name.items() if n == row[0])
        mine = [p for p in problems if p.community_id == community_id]
        still_open = sum(ProblemStatus(p.status) in OPEN_STATUSES for p in mine)
        assert row[1:5] == [len(mine), still_open, len(mine) - still_open, sum(p.urgent for p in mine)]
    assert summary[-1][1] == 60


async def test_attendance_export_of_a_week_matches_the_database(any_db, tmp_path):
    db = any_db
    district = await seeded(db)
    days = WorkCalendar().working_days_of_week(WEEK)
    wanted = params(district, "attendance", week=WEEK.isoformat(), working_days=[d.isoformat() for d in days])
    path = await build_in(db, wanted, tmp_path)
    community_name = await names(db, Community)
    department = await names(db, Department)
    async with db.session() as s:
        paired = (
            await s.execute(
                select(Person, PersonRole.community_id)
                .join(PersonRole, PersonRole.person_id == Person.id)
                .where(PersonRole.role == Role.PAIRED_CADRE.value)
            )
        ).all()
        attended = (await s.execute(select(AttendanceDay))).scalars().all()
    on: dict[tuple[int, int], list[date]] = defaultdict(list)
    for a in attended:
        if a.day in days:
            on[(a.person_id, a.community_id)].append(a.day)
    need = required_days(len(days))
    expected = sorted(
        (
            community_name[c],
            person.name,
            department.get(person.department_id, ""),
            "、".join(f"{d:%m-%d}" for d in sorted(on[(person.id, c)])),
            len(on[(person.id, c)]),
            need,
            tr("zh-CN", "ex-yes" if len(on[(person.id, c)]) >= need else "ex-no"),
        )
        for person, c in paired
    )
    rows = sheet_rows(path, 0)
    assert sorted(tuple(r[:7]) for r in rows) == expected and len(rows) == len(paired) > 5
    assert any(r[6] == tr("zh-CN", "ex-no") for r in rows) and any(
        r[6] == tr("zh-CN", "ex-yes") for r in rows
    )
    summary = sheet_rows(path, 1)
    by_community = Counter(r[0] for r in rows)
    met = Counter(r[0] for r in rows if r[6] == tr("zh-CN", "ex-yes"))
    for row in summary[:-1]:
        assert row[1:3] == [by_community[row[0]], met[row[0]]]


# --- who may export what ---


@pytest.mark.parametrize(
    ("roles", "whole", "communities"),
    [
        ([(Role.PRINCIPAL_LEADER, None)], True, set()),
        ([(Role.DEPARTMENT_STAFF, None)], True, set()),
        ([(Role.ADMIN, None)], True, set()),
        ([(Role.LEADER_IN_CHARGE, 1), (Role.LEADER_IN_CHARGE, 2)], False, {1, 2}),
        ([(Role.SECRETARY, 3), (Role.GRID_WORKER, 3)], False, {3}),
        ([(Role.GRID_WORKER, 3), (Role.PAIRED_CADRE, 3)], False, set()),
    ],
)
def test_export_right(roles, whole, communities):  # type: ignore[no-untyped-def]
    right = export_right(roles)
    assert right.whole is whole and right.communities == communities
    assert right.may_export(None) is whole
    assert right.may_export(4) is whole
    for c in communities:
        assert right.may_export(c)


async def request(db, person_id: int, *, kind="worklog", community_id=None, period=OCTOBER):  # type: ignore[no-untyped-def]
    return await service.request_export(
        db,
        person_id,
        chat_id=1,
        locale="zh-CN",
        kind=kind,
        community_id=community_id,
        period=period,
        now=NOW,
        timezone="Asia/Shanghai",
        cal=WorkCalendar(),
    )


async def test_requests_outside_the_persons_scope_are_refused_and_queue_nothing(any_db):
    db = any_db
    district = await seeded(db)
    first, second, third, fourth = district.community_ids
    secretary, leader = district.secretary_ids[2], district.leader_ids[0]
    refused = service.Outcome.NOT_ALLOWED
    assert (await request(db, secretary, community_id=first)).outcome is refused
    assert (await request(db, secretary)).outcome is refused  # 全街道
    assert (await request(db, leader, community_id=third)).outcome is refused
    assert (await request(db, leader)).outcome is refused
    assert (await request(db, secretary, kind="nonsense", community_id=third)).outcome is (
        service.Outcome.UNKNOWN_KIND
    )
    assert (await request(db, secretary, community_id=third, period="2026-12-01")).outcome is (
        service.Outcome.BAD_PERIOD
    )
    assert (await request(db, secretary, community_id=third, period="2026-10-15")).outcome is (
        service.Outcome.BAD_PERIOD
    )
    assert (
        await request(db, secretary, kind="attendance", community_id=third, period="2026-10-13")
    ).outcome is (
        service.Outcome.BAD_PERIOD  # not a Monday
    )
    # A principal leader of another sub-district may not export these communities.
    stranger = await add_person(
        db, "外街道", "13700000001", [(Role.PRINCIPAL_LEADER, None)], subdistrict="新城街道"
    )
    assert (await request(db, stranger, community_id=fourth)).outcome is refused
    async with db.session() as s:
        assert (await s.execute(select(ExportJob))).first() is None
    assert (await request(db, leader, community_id=second)).outcome is service.Outcome.QUEUED
    assert (await request(db, secretary, community_id=third)).outcome is service.Outcome.QUEUED
    assert (await request(db, secretary, community_id=third)).outcome is service.Outcome.BUSY
    job = await request(db, district.principal_ids[0])
    async with db.session() as s:
        stored = await s.get(ExportJob, job.job_id)
    assert stored.params["community_ids"] == sorted(district.community_ids)  # type: ignore[union-attr]


async def test_people_without_the_right_are_told_so(harness, db):
    await add_person(db, "李娜", "13820020002", [(Role.GRID_WORKER, "幸福社区")], telegram_id=WORKER)
    user = harness.user(WORKER)
    await user.send("/export")
    assert user.last().text == tr("zh-CN", "no-permission", action=tr("zh-CN", "action-export"))


# --- the dialog and the job ---


def worker(harness, tmp_path: Path, **kwargs) -> ExportWorker:  # type: ignore[no-untyped-def]
    return ExportWorker(harness.bot, harness.db, harness.clock, tmp_path / "exports", **kwargs)


async def ask_for_export(user, kind: str, scope: str, period: str) -> str:  # type: ignore[no-untyped-def]
    await user.send("/export")
    await user.press(tr("zh-CN", kind))
    await user.press(scope)
    await user.press(period)
    assert "开始导出" in user.last_with_buttons().buttons()[0]
    return await user.press(tr("zh-CN", "ex-btn-start"))


async def test_department_staff_export_the_whole_subdistrict_with_progress_and_one_document(
    harness, db, tmp_path
):
    district = await seeded(db)
    user = harness.user(DEPARTMENT)
    callback = await ask_for_export(
        user,
        "ex-kind-worklog",
        "🏙 全街道（城关街道）",
        tr("zh-CN", "ex-month-option", year=2026, month=10, current="no"),
    )
    assert user.answer(callback)["text"] == tr("zh-CN", "ex-queued")
    assert not harness.telegram.documents  # built by the worker, not in the handler
    assert await worker(harness, tmp_path).drain() == 1
    what = "网格工作纪实表（城关街道，2026年10月）"
    progress = next(m for m in user.messages() if m.text.startswith("✅ " + what))
    edits = [text for chat, message_id, text in harness.telegram.edits if message_id == progress.message_id]
    assert edits[-1] == tr("zh-CN", "ex-done", what=what)
    (document,) = harness.telegram.documents
    assert document["chat_id"] == DEPARTMENT and document["filename"] == "纪实表-城关街道-2026年10月.xlsx"
    assert document["caption"] == tr("zh-CN", "ex-caption", what=what)
    async with db.session() as s:
        shown = len(
            (
                await s.execute(
                    select(WorkLog.id).where(
                        WorkLog.status != "excluded",
                        WorkLog.work_date >= MONTH,
                        WorkLog.work_date < date(2026, 11, 1),
                    )
                )
            ).all()
        )
        job = (await s.execute(select(ExportJob))).scalar_one()
    assert len(sheet_rows(document["content"], 0)) == shown
    assert job.status == "sent" and job.finished_at is not None and job.progress == 100
    assert not (tmp_path / "exports" / str(job.id)).exists()  # sent: the file is not kept
    # The order the person sees: progress (edited as it goes), then the document, then the progress says done.
    messages = user.messages()
    assert messages.index(progress) < messages.index(
        next(m for m in messages if m.text.startswith("[document]"))
    )
    assert await worker(harness, tmp_path).drain() == 0 and len(harness.telegram.documents) == 1
    assert len(district.community_ids) == 4


async def test_progress_is_edited_while_a_long_export_runs(harness, db, tmp_path, monkeypatch):
    await seeded(db)
    shares = [0.1, 0.25, 0.4, 0.7]

    async def slow(session, wanted, path, progress):  # type: ignore[no-untyped-def]
        for share in shares:
            await progress(share)
        path.write_bytes(b"xlsx")
        return path

    patch_builder(monkeypatch, "worklog", slow)
    monkeypatch.setattr("bot.exports_worker.EDIT_EVERY_SECONDS", 0)
    assert (await request(db, await person_of(db, DEPARTMENT))).outcome is service.Outcome.QUEUED
    await worker(harness, tmp_path).drain()
    texts = [text for chat, _, text in harness.telegram.edits if chat == 1]
    percents = [t.rsplit(" ", 1)[1] for t in texts if t.startswith("⏳")]
    assert percents == ["10%", "25%", "40%", "70%"]
    assert texts[-1].startswith("✅")


def patch_builder(monkeypatch, kind: str, builder) -> None:  # type: ignore[no-untyped-def]
    kinds = tuple(
        registry.ExportKind(k.id, k.label, k.period, builder if k.id == kind else k.build, k.scopes, k.roles)
        for k in registry.KINDS
    )
    monkeypatch.setattr(registry, "KINDS", kinds)


async def person_of(db, telegram_id: int) -> int:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        return (await s.execute(select(Person.id).where(Person.telegram_id == telegram_id))).scalar_one()


async def test_a_leader_in_charge_is_offered_only_their_communities_and_a_forged_scope_is_refused(
    harness, db
):
    district = await seeded(db)
    community_name = await names(db, Community)
    user = harness.user(LEADER)
    await user.send("/export")
    await user.press(tr("zh-CN", "ex-kind-register"))
    screen = user.last_with_buttons()
    offered = [b for b in screen.buttons() if b in community_name.values() or b.startswith("🏙")]
    assert offered == [community_name[c] for c in district.community_ids[:2]]
    # The same button, carrying the id of a community not in their charge.
    data = next(d for row in screen.inline for t, d in row if t == community_name[district.community_ids[0]])
    forged = data.rsplit(":", 1)[0] + f":{district.community_ids[3]}"
    callback = await user.press_data(forged, screen)
    assert user.answer(callback)["text"] == tr("zh-CN", "ex-not-allowed")
    forged_all = data.rsplit(":", 1)[0] + ":all"
    callback = await user.press_data(forged_all, screen)
    assert user.answer(callback)["text"] == tr("zh-CN", "ex-not-allowed")
    async with db.session() as s:
        assert (await s.execute(select(ExportJob))).first() is None


async def test_a_secretary_exports_their_community_attendance(harness, db, tmp_path):
    district = await seeded(db)
    community_name = await names(db, Community)
    own = community_name[district.community_ids[2]]
    user = harness.user(SECRETARY)
    week = tr("zh-CN", "ex-week-option", start="10-12", end="10-18", current="no")
    await ask_for_export(user, "ex-kind-attendance", own, week)
    await worker(harness, tmp_path).drain()
    (document,) = harness.telegram.documents
    rows = sheet_rows(document["content"], 0)
    assert rows and {r[0] for r in rows} == {own}


async def test_a_stale_confirm_after_the_scope_was_taken_away_is_refused(harness, db, tmp_path):
    district = await seeded(db)
    community_name = await names(db, Community)
    user = harness.user(LEADER)
    await user.send("/export")
    await user.press(tr("zh-CN", "ex-kind-worklog"))
    await user.press(community_name[district.community_ids[0]])
    await user.press(tr("zh-CN", "ex-month-option", year=2026, month=10, current="no"))
    async with db.session() as s:  # meanwhile the roster changed: no longer in charge of that community
        await s.execute(
            PersonRole.__table__.delete().where(
                PersonRole.person_id == district.leader_ids[0],
                PersonRole.community_id == district.community_ids[0],
            )
        )
    callback = await user.press(tr("zh-CN", "ex-btn-start"))
    assert user.answer(callback)["text"] == tr("zh-CN", "ex-not-allowed")
    async with db.session() as s:
        assert (await s.execute(select(ExportJob))).first() is None


async def test_a_failed_export_is_told_plainly_and_sends_nothing(harness, db, tmp_path, monkeypatch):
    await seeded(db)

    async def broken(session, wanted, path, progress):  # type: ignore[no-untyped-def]
        await progress(0.2)
        raise RuntimeError("disk full")

    patch_builder(monkeypatch, "worklog", broken)
    await request(db, await person_of(db, DEPARTMENT))
    await worker(harness, tmp_path).drain()
    assert not harness.telegram.documents
    what = "网格工作纪实表（城关街道，2026年10月）"
    assert harness.telegram.texts(1)[-1] == tr("zh-CN", "ex-failed", what=what)
    async with db.session() as s:
        job = (await s.execute(select(ExportJob))).scalar_one()
    assert job.status == "failed" and job.error == "build: RuntimeError"


async def test_a_job_cut_short_by_a_crash_is_finished_exactly_once_after_the_restart(harness, db, tmp_path):
    await seeded(db)
    await request(db, await person_of(db, DEPARTMENT))
    # The first process claimed it, said "0%", and died (no lease given back).
    lease = timedelta(seconds=60)
    first = worker(harness, tmp_path, lease=lease)
    job = await service.claim_next(db, harness.clock(), lease)
    message_id = await first._say(1, "⏳ 0%")
    await service.update_job(db, job.id, progress_message_id=message_id, progress=40)  # type: ignore[union-attr]
    assert await worker(harness, tmp_path).drain() == 0  # still leased: another instance may be on it
    harness.clock.now += lease + timedelta(seconds=1)
    await harness.restart()
    second = ExportWorker(
        harness.bot, harness.restarted[-1], harness.clock, tmp_path / "exports", lease=lease
    )
    assert await second.drain() == 1
    assert await second.drain() == 0
    assert len(harness.telegram.documents) == 1
    edits = [text for _, m, text in harness.telegram.edits if m == message_id]
    assert edits[0].startswith("⏳ 机器人重启过") and edits[-1].startswith("✅")
    async with db.session() as s:
        stored = (await s.execute(select(ExportJob))).scalar_one()
    assert stored.status == "sent" and stored.attempts == 2


async def test_a_job_built_before_the_crash_is_only_sent(harness, db, tmp_path, monkeypatch):
    await seeded(db)
    await request(db, await person_of(db, DEPARTMENT))
    lease = timedelta(seconds=60)
    job = await service.claim_next(db, harness.clock(), lease)
    built = tmp_path / "built.xlsx"
    built.write_bytes(b"the workbook")
    await service.update_job(db, job.id, status="built", file_path=str(built))  # type: ignore[union-attr]

    async def must_not_build(*_args):  # type: ignore[no-untyped-def]
        raise AssertionError("built again")

    patch_builder(monkeypatch, "worklog", must_not_build)
    harness.clock.now += lease + timedelta(seconds=1)
    assert await worker(harness, tmp_path, lease=lease).drain() == 1
    (document,) = harness.telegram.documents
    assert document["content"] == b"the workbook"


async def test_a_stopped_worker_gives_the_job_back_at_once(harness, db, tmp_path, monkeypatch):
    await seeded(db)
    started = asyncio.Event()

    async def endless(session, wanted, path, progress):  # type: ignore[no-untyped-def]
        await progress(0.3)
        started.set()
        await asyncio.Event().wait()

    patch_builder(monkeypatch, "worklog", endless)
    await request(db, await person_of(db, DEPARTMENT))
    first = worker(harness, tmp_path)
    task = asyncio.create_task(first.work_once())
    await asyncio.wait_for(started.wait(), 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    monkeypatch.undo()
    # No waiting out the lease: the next start takes it up and finishes it.
    assert await worker(harness, tmp_path).drain() == 1
    assert len(harness.telegram.documents) == 1


async def test_the_registry_drives_the_dialog(harness, db):
    await seeded(db)
    user = harness.user(PRINCIPAL)
    await user.send("/export")
    labels = [tr("zh-CN", k.label) for k in registry.KINDS]
    assert [b for b in user.last_with_buttons().buttons() if b in labels] == labels
    assert registry.kinds()["attendance"].period is registry.Period.WEEK


async def test_scorecards_export_is_the_quarters_board_as_of_the_request(harness, db, tmp_path):
    """The assessment's scorecards (issue 7) as one more kind: a quarter, ranked in the sub-district."""
    from domain.assessment import Period as AssessmentPeriod
    from domain.assessment import PeriodKind
    from services.scorecards import compute_scorecards

    await seeded(db)
    # A cadre of another sub-district in the same database: not in this sub-district's scorecards.
    await add_person(
        db, "外街网格员", "13700009999", [(Role.GRID_WORKER, "外街社区")], subdistrict="外街街道"
    )
    assert service.quarters_offered(date(2026, 11, 27)) == [
        date(2026, 10, 1),
        date(2026, 7, 1),
        date(2026, 4, 1),
        date(2026, 1, 1),
        date(2025, 10, 1),
    ]
    principal = await person_of(db, PRINCIPAL)
    assert (await request(db, principal, kind="scorecards", period="2026-08-01")).outcome is (
        service.Outcome.BAD_PERIOD
    )
    assert (
        await request(db, principal, kind="scorecards", period="2026-10-01")
    ).outcome is service.Outcome.QUEUED
    await worker(harness, tmp_path).drain()
    [document] = harness.telegram.documents
    book = load_workbook(BytesIO(document["content"]))
    cadres = list(book.worksheets[0].iter_rows(min_row=3, values_only=True))
    async with db.session() as s:
        own = list((await s.execute(select(Community.id).where(Community.name != "外街社区"))).scalars())
        board = await compute_scorecards(
            s,
            period=AssessmentPeriod(PeriodKind.QUARTER, 2026, 4),
            community_ids=own,
            as_of=date(2026, 11, 27),
        )
        signed = await s.scalar(
            select(func.count(WorkLog.id)).where(
                WorkLog.status == "approved",
                WorkLog.work_date >= date(2026, 10, 1),
                WorkLog.work_date <= date(2026, 11, 27),
                WorkLog.person_id.in_([c.person_id for c in board.cadres]),
            )
        )
    assert "外街网格员" not in {r[1] for r in cadres}
    assert [(r[0], r[1], r[-1]) for r in cadres] == [(c.rank, c.raw.name, c.total) for c in board.cadres]
    assert (
        sum(r[4] for r in cadres) == signed > 0
    )  # the logs column adds up to the signed logs in the database
    assert "2026-11-27" in str(book.worksheets[0]["A1"].value)  # cut at the day it was asked for


async def test_two_workers_never_claim_the_same_job(any_db):
    """Two bot instances on one database: a job is leased to one of them."""
    db = any_db
    district = await seeded(db)
    await request(db, district.principal_ids[0])
    lease = timedelta(seconds=60)
    first, second = await asyncio.gather(
        service.claim_next(db, NOW, lease), service.claim_next(db, NOW, lease)
    )
    assert [job is None for job in (first, second)].count(True) == 1
    assert await service.claim_next(db, NOW + lease - timedelta(seconds=1), lease) is None
    again = await service.claim_next(db, NOW + lease, lease)  # the lease ran out: claimed again
    assert again is not None and again.attempts == 2


def test_the_fast_sheet_writer_keeps_every_text_as_written(tmp_path):
    """The row's texts are escaped in one go (reports/xlsx_stream.py): what a person typed comes back unchanged,
    including the characters XML escapes, those it forbids (dropped), and the writer's own separator."""
    from reports.xlsx_stream import Sheet, save

    rows = [
        ["a&b", "<tag>", 3, "", "x\x01y", None, "中\ue000文", 2.5, True],
        ["\ue000", "", "", "", "", "", "", "", "last"],
    ]
    sheet = Sheet("t")
    sheet.append(["title"])
    sheet.append([f"h{i}" for i in range(9)])
    sheet.extend(rows)
    save(tmp_path / "t.xlsx", [sheet])
    assert sheet_rows(tmp_path / "t.xlsx", 0) == [
        ["a&b", "<tag>", 3, "", "xy", "", "中\ue000文", 2.5, "True"],
        ["\ue000", "", "", "", "", "", "", "", "last"],
    ]


async def test_an_export_rate_limited_on_every_try_is_failed_not_marked_sent(
    harness, db, tmp_path, monkeypatch
):
    from aiogram.exceptions import TelegramRetryAfter

    await seeded(db)

    async def always_429(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise TelegramRetryAfter(method=None, message="Too Many Requests", retry_after=0)  # type: ignore[arg-type]

    monkeypatch.setattr(harness.bot, "send_document", always_429)
    await request(db, await person_of(db, DEPARTMENT))
    await worker(harness, tmp_path).drain()
    async with db.session() as s:
        job = (await s.execute(select(ExportJob))).scalar_one()
    assert job.status == "failed" and job.error == "send: rate limited"


async def test_names_with_html_characters_are_shown_as_written(harness, db, tmp_path):
    await seeded(db)
    async with db.session() as s:
        await s.execute(update(Subdistrict).values(name="城关<东>&街道"))
    await request(db, await person_of(db, DEPARTMENT))
    await worker(harness, tmp_path).drain()
    assert len(harness.telegram.documents) == 1
    assert any("城关&lt;东&gt;&amp;街道" in text for text in harness.telegram.texts(1))
