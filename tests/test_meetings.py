"""Meeting filing in process: filing through the dialog, the merge proposal, 党政办's approve / decline / merge
(only 党政办; forged and stale presses change nothing), the announcement to the secretaries, and attendees named
within the requested number by the targeted secretary only."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from domain.roles import Role
from domain.workcalendar import WorkCalendar
from services.meetings import MeetingDraft, MeetingError, file_meeting, name_attendees
from services.sheets import SheetConfig
from tests.conftest import needs_pg
from tests.factories import NOW, add_person
from tests.sheet_helpers import (
    GUANGMING,
    HEPING,
    OFFICE,
    OTHER_DEPT,
    SENDER,
    XINGFU,
    attendees,
    community_ids,
    forge,
    meeting_targets,
    meetings,
    seed_people,
)
from tests.tg import Sent

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
async def people(db):  # type: ignore[no-untyped-def]
    return await seed_people(db)


def draft(people: dict[int, int], day: int = 2, subject: str = "冬季消防工作部署会") -> MeetingDraft:
    return MeetingDraft(
        subject=subject,
        starts_at=datetime(2026, 12, day, 14, 30, tzinfo=SH),
        minutes=90,
        place="街道三楼会议室",
        people=people,
        why_not_sheet="需要现场演示灭火器使用",
    )


async def test_filing_through_the_dialog_reaches_the_office_only(harness, db, people):
    filer = harness.user(SENDER)
    await filer.send("/meeting")
    await filer.press("➕ 报备会议")
    await filer.send("冬季消防工作部署会")
    await filer.send("2026-11-26 09:00")
    assert "必须在现在之后" in filer.messages()[-2].text
    await filer.send("12-02 14:30")
    await filer.press("90 分钟")
    await filer.press("💻 线上会议")
    await filer.press("➡️ 下一步")
    assert "至少选择一个社区" in filer.answer(list(filer.telegram.answers)[-1])["text"]
    await filer.press("▫️ 幸福社区")
    await filer.press("▫️ 和平社区")
    await filer.press("➡️ 下一步")
    assert "幸福社区 需要几人" in filer.last().text
    await filer.send("25")
    assert "1 到 20" in filer.messages()[-2].text
    await filer.press("2")
    assert "和平社区 需要几人" in filer.last().text
    await filer.send("3")
    await filer.send("需要现场演示灭火器使用")
    summary = filer.last().text
    assert "幸福社区 2 人、和平社区 3 人" in summary and "地点：线上" in summary and "90 分钟" in summary
    await filer.press("✅ 提交报备")
    [meeting] = await meetings(db)
    assert (meeting.status, meeting.place, meeting.minutes, meeting.department) == (
        "filed",
        None,
        90,
        "党群工作部",
    )
    assert meeting.starts_at == datetime(2026, 12, 2, 14, 30, tzinfo=SH)
    assert any("会议已报备，编号 #1" in t for t in filer.telegram.texts(SENDER))
    await harness.deliver()
    notice = harness.user(OFFICE).last_with_buttons()
    assert "新的会议报备 #1" in notice.text and notice.buttons() == ["✅ 同意", "❌ 不同意"]
    assert not harness.telegram.texts(OTHER_DEPT)  # another department is not 党政办


async def test_secretary_cannot_file_and_nobody_without_the_role(harness, db, people):
    secretary = harness.user(XINGFU)
    await secretary.send("/meeting")
    assert secretary.last().text == "您的角色无权使用“🗓 会议报备”。如有疑问请联系管理员。"
    names = await community_ids(db)
    with pytest.raises(MeetingError) as refused:
        await file_meeting(db, people["张伟"], draft({names["幸福社区"]: 1}), NOW, SheetConfig())
    assert refused.value.key == "meeting-no-permission"
    assert await meetings(db) == []


async def test_merge_proposed_then_merged_by_the_office_and_attendees_named(harness, db, people):
    names = await community_ids(db)
    xingfu, heping, guangming = names["幸福社区"], names["和平社区"], names["光明社区"]
    first = await file_meeting(db, people["陈静"], draft({xingfu: 2, heping: 1}), NOW, SheetConfig())
    assert first.candidates == []
    far = await file_meeting(
        db, people["吴平"], draft({heping: 1}, day=8, subject="远的会"), NOW, SheetConfig()
    )
    assert far.candidates == []  # not the same or the next working day
    second = await file_meeting(
        db,
        people["吴平"],
        draft({heping: 3, guangming: 1}, day=3, subject="平安建设推进会"),
        NOW,
        SheetConfig(),
    )
    assert [c.id for c in second.candidates] == [first.id]
    await harness.deliver()
    office = harness.user(OFFICE)
    notice = office.last_with_buttons()
    assert "建议合并" in notice.text and f"#{first.id} 冬季消防工作部署会" in notice.text
    assert notice.buttons() == ["✅ 同意", "❌ 不同意", f"🔗 与 #{first.id} 合并"]
    merge = notice.inline[2][0][1]

    # Only 党政办 decides: the filer and another department's staff change nothing.
    for outsider in (SENDER, OTHER_DEPT, XINGFU):
        user = harness.user(outsider)
        callback = await user.press_data(merge, notice)
        assert "只有党政办可以审核" in user.answer(callback)["text"]
    assert [m.status for m in await meetings(db)] == ["filed", "filed", "filed"]

    callback = await office.press_data(merge, notice)
    assert "并入" in office.answer(callback)["text"]
    kept, far_meeting, merged = await meetings(db)
    assert (kept.status, merged.status, merged.merged_into, far_meeting.status) == (
        "approved",
        "merged",
        kept.id,
        "filed",
    )
    assert await meeting_targets(db, kept.id) == {xingfu: 2, heping: 3, guangming: 1}
    callback = await office.press_data(merge, notice)  # a second press
    assert "已经处理过" in office.answer(callback)["text"]
    callback = await office.press_data(f"mt:ok:{kept.id}:1")  # the kept meeting's old version
    assert "已经处理过" in office.answer(callback)["text"]
    callback = await office.press_data("mt:ok:9999:1")
    assert "没有找到" in office.answer(callback)["text"]

    await harness.deliver()
    assert any(f"并入会议 #{kept.id}" in t for t in harness.telegram.texts(SENDER))
    assert any(f"并入会议 #{kept.id}" in t for t in harness.telegram.texts(OTHER_DEPT))
    for chat in (XINGFU, HEPING, GUANGMING):
        assert "确定参会人员" in harness.user(chat).last_with_buttons().buttons()[0]

    zhang = harness.user(XINGFU)
    await zhang.press("👥 确定参会人员")
    screen = zhang.last()
    assert (
        "请选择参会人员，最多 2 人（已选 0 人）" in screen.text
    )  # one community: the screen as it always was
    for name in ("▫️ 李娜", "▫️ 王芳", "▫️ 黄敏"):
        await zhang.press(name)
    await zhang.press("✅ 保存参会人员")
    assert "只需要 2 人，您选了 3 人" in zhang.answer(list(zhang.telegram.answers)[-1])["text"]
    assert await attendees(db, kept.id) == set()
    await zhang.press("✅ 黄敏")
    await zhang.press("✅ 保存参会人员")
    assert await attendees(db, kept.id) == {people["李娜"], people["王芳"]}
    await harness.deliver()
    assert any("幸福社区 参会人员 李娜、王芳" in t for t in harness.telegram.texts(SENDER))


async def test_attendees_only_by_the_targeted_secretary_of_an_approved_meeting(harness, db, people):
    names = await community_ids(db)
    filed = await file_meeting(db, people["陈静"], draft({names["幸福社区"]: 1}), NOW, SheetConfig())
    song = harness.user(GUANGMING)
    forged = Sent(1, GUANGMING, "")  # a message of theirs the button is made up on
    callback = await song.press_data(f"mt:att:{filed.id}:1", forged)
    assert "未获同意" in song.answer(callback)["text"]
    await harness.deliver()
    office = harness.user(OFFICE)
    await office.press("✅ 同意")
    [meeting] = await meetings(db)
    assert meeting.status == "approved"
    callback = await song.press_data(f"mt:att:{filed.id}:2", forged)
    assert "不涉及您所在的社区" in song.answer(callback)["text"]
    await harness.deliver()
    assert any("已获党政办同意" in t for t in harness.telegram.texts(SENDER))
    assert "需 1 人参加" in harness.user(XINGFU).last_with_buttons().text


async def test_declined_meeting_tells_the_filer_why(harness, db, people):
    names = await community_ids(db)
    filed = await file_meeting(db, people["陈静"], draft({names["幸福社区"]: 1}), NOW, SheetConfig())
    await harness.deliver()
    office = harness.user(OFFICE)
    notice = office.last_with_buttons()
    await office.press("❌ 不同意", notice)
    assert "理由" in office.last().text
    await office.send_photo("x")
    await office.send("可以用工作提示单布置")
    [meeting] = await meetings(db)
    assert (meeting.status, meeting.decline_reason) == ("declined", "可以用工作提示单布置")
    await harness.deliver()
    assert any("未获同意。理由：可以用工作提示单布置" in t for t in harness.telegram.texts(SENDER))
    assert not harness.user(XINGFU).messages()  # nothing announced
    callback = await office.press_data(f"mt:ok:{filed.id}:1", notice)
    assert "已经处理过" in office.answer(callback)["text"]
    assert (await meetings(db))[0].status == "declined"


async def test_office_of_another_subdistrict_and_forged_merge_targets_change_nothing(harness, db, people):
    elsewhere = 209
    await add_person(
        db,
        "赵强",
        "13910010099",
        [(Role.DEPARTMENT_STAFF, None)],
        telegram_id=elsewhere,
        department="党政办",
        subdistrict="城南街道",
    )
    names = await community_ids(db)
    xingfu, heping = names["幸福社区"], names["和平社区"]
    near = await file_meeting(db, people["陈静"], draft({xingfu: 1}), NOW, SheetConfig())
    far = await file_meeting(db, people["吴平"], draft({heping: 1}, day=8), NOW, SheetConfig())
    apart = await file_meeting(db, people["吴平"], draft({heping: 1}, day=2), NOW, SheetConfig())
    assert (
        far.candidates == [] and apart.candidates == []
    )  # neither far in time nor without a shared community

    # 党政办 of 城南街道 decides nothing on 城关街道's meetings, whatever the button says.
    stranger = harness.user(elsewhere)
    forged = Sent(1, elsewhere, "")  # a message of theirs the button is made up on
    for data in (f"mt:ok:{near.id}:1", f"mt:no:{near.id}:1", f"mt:mg{far.id}:{near.id}:1"):
        callback = await stranger.press_data(data, forged)
        assert "只有党政办可以审核" in stranger.answer(callback)["text"]

    # The office's own forged merges: a meeting six days later, and one the same day without a shared community.
    office = harness.user(OFFICE)
    for other in (far.id, apart.id):
        callback = await office.press_data(f"mt:mg{other}:{near.id}:1", Sent(1, OFFICE, ""))
        assert "不能合并" in office.answer(callback)["text"]
    assert [m.status for m in await meetings(db)] == ["filed", "filed", "filed"]
    assert await meeting_targets(db, far.id) == {heping: 1}


async def test_forged_ids_on_the_community_and_attendee_lists_are_ignored(harness, db, people):
    filer = harness.user(SENDER)
    await filer.send("/meeting")
    await filer.press("➕ 报备会议")
    await filer.send("冬季消防工作部署会")
    await filer.send("12-02 14:30")
    await filer.press("90 分钟")
    await filer.press("💻 线上会议")
    screen = filer.last_with_buttons()
    await filer.press_data(forge(screen, "meeting_communities", "abc"), screen)
    pressed = await filer.press("➡️ 下一步")
    assert "至少选择一个社区" in filer.answer(pressed)["text"]

    names = await community_ids(db)
    filed = await file_meeting(db, people["陈静"], draft({names["幸福社区"]: 2}), NOW, SheetConfig())
    await harness.deliver()
    await harness.user(OFFICE).press("✅ 同意")
    await harness.deliver()
    zhang = harness.user(XINGFU)
    await zhang.press("👥 确定参会人员")
    screen = zhang.last_with_buttons()
    await zhang.press_data(forge(screen, "meeting_attend", "x1"), screen)
    await zhang.press("▫️ 李娜")
    await zhang.press("✅ 保存参会人员")
    assert await attendees(db, filed.id) == {people["李娜"]}


async def test_a_secretary_of_two_targeted_communities_names_attendees_for_each(harness, db, people):
    """One person is secretary of 和平社区 and 光明社区, both needed by the meeting: each community's announcement
    carries its own button, and each names that community's own people within its own number."""
    names = await community_ids(db)
    xingfu, heping, guangming = names["幸福社区"], names["和平社区"], names["光明社区"]
    both = 304
    await add_person(
        db,
        "郑红",
        "15030030009",
        [(Role.SECRETARY, "和平社区"), (Role.SECRETARY, "光明社区")],
        telegram_id=both,
    )
    zhao = await add_person(db, "赵敏", "15030030002", [(Role.GRID_WORKER, "和平社区")])
    qian = await add_person(db, "钱进", "18640040002", [(Role.GRID_WORKER, "光明社区")])
    sun = await add_person(db, "孙丽", "18640040003", [(Role.COMMUNITY_CADRE, "光明社区")])
    filed = await file_meeting(
        db, people["陈静"], draft({xingfu: 1, heping: 1, guangming: 2}), NOW, SheetConfig()
    )
    await harness.deliver()
    await harness.user(OFFICE).press("✅ 同意")
    await harness.deliver()
    zheng = harness.user(both)
    announced = {m.text.split("：")[1].split(" 需")[0]: m for m in zheng.messages() if m.inline}
    assert set(announced) == {"和平社区", "光明社区"}
    assert "光明社区 需 2 人参加" in announced["光明社区"].text

    await zheng.press("👥 确定参会人员", announced["光明社区"])
    screen = zheng.last_with_buttons()
    assert "请选择光明社区的参会人员，最多 2 人" in screen.text
    assert screen.buttons() == ["▫️ 宋雅", "▫️ 郑红", "▫️ 钱进", "▫️ 孙丽", "✅ 保存参会人员", "✖️ 取消"]
    await zheng.press("▫️ 钱进")
    await zheng.press("▫️ 孙丽")
    await zheng.press("✅ 保存参会人员")
    assert "已确定会议 #1 光明社区 的参会人员 2 人" in zheng.last().text
    assert await attendees(db, filed.id) == {qian, sun}

    await zheng.press("👥 确定参会人员", announced["和平社区"])
    screen = zheng.last_with_buttons()
    assert "请选择和平社区的参会人员，最多 1 人" in screen.text
    assert screen.buttons() == ["▫️ 林静怡", "▫️ 郑红", "▫️ 赵敏", "✅ 保存参会人员", "✖️ 取消"]
    await zheng.press("▫️ 赵敏")
    await zheng.press("✅ 保存参会人员")
    assert await attendees(db, filed.id) == {qian, sun, zhao}
    await harness.deliver()
    texts = harness.telegram.texts(SENDER)
    assert any("光明社区 参会人员 钱进、孙丽" in t for t in texts)
    assert any("和平社区 参会人员 赵敏" in t for t in texts)

    # A forged community: one the meeting needs but they are not secretary of, or one they are secretary of but
    # the meeting does not need, is refused and changes nothing; so is the one-community secretary's forgery.
    forged = Sent(1, both, "")
    for community in (xingfu, 9999):
        callback = await zheng.press_data(f"mt:att{community}:{filed.id}:2", forged)
        assert "不是该社区的书记" in zheng.answer(callback)["text"]
    lin = harness.user(HEPING)
    callback = await lin.press_data(f"mt:att{guangming}:{filed.id}:2", Sent(1, HEPING, ""))
    assert "不是该社区的书记" in lin.answer(callback)["text"]
    with pytest.raises(MeetingError) as refused:
        await name_attendees(
            db, people["林静怡"], filed.id, [qian], NOW, SheetConfig(), community_id=guangming
        )
    assert refused.value.key == "meeting-attend-not-that-community"
    assert await attendees(db, filed.id) == {qian, sun, zhao}

    # A button from before buttons named their community: the secretary of both first chooses the community
    # (a made-up choice is refused); the secretary of one goes straight to their own.
    await zheng.press_data(f"mt:att:{filed.id}:2", forged)
    screen = zheng.last_with_buttons()
    assert "请先选择为哪个社区确定参会人员" in screen.text
    assert screen.buttons() == ["和平社区（需 1 人）", "光明社区（需 2 人）", "✖️ 取消"]
    callback = await zheng.press_data(forge(screen, "meeting_attend_community", str(xingfu)), screen)
    assert "不是该社区的书记" in zheng.answer(callback)["text"]
    await zheng.press("和平社区（需 1 人）")
    screen = zheng.last_with_buttons()
    assert "请选择和平社区的参会人员，最多 1 人（已选 1 人）" in screen.text
    assert "✅ 赵敏" in screen.buttons()
    await lin.press_data(f"mt:att:{filed.id}:2", Sent(1, HEPING, ""))
    assert "请选择参会人员，最多 1 人（已选 1 人）" in lin.last_with_buttons().text


def test_merge_window_counts_working_days():
    from datetime import date

    from domain.sheets import merge_candidate

    cal = WorkCalendar(builtin=False)
    friday, monday = date(2026, 12, 4), date(2026, 12, 7)
    assert merge_candidate(friday, {1}, monday, {1, 2}, cal)  # Monday is the next working day after Friday
    assert merge_candidate(monday, {1}, friday, {1}, cal)
    assert not merge_candidate(friday, {1}, monday, {2}, cal)  # no community in common
    assert not merge_candidate(friday, {1}, date(2026, 12, 8), {1}, cal)


@pytest.fixture
async def pg_db(tmp_path):  # type: ignore[no-untyped-def]
    from tests.conftest import fresh_database

    database = await fresh_database("postgresql", tmp_path)
    yield database
    await database.dispose()


@needs_pg
async def test_crossed_merges_at_the_same_time_do_not_deadlock(pg_db, monkeypatch):
    """Two 党政办 staff merge A into B and B into A at once: one merge is made, the other is refused as already
    decided (PostgreSQL; a deadlock would abort one of them with a database error instead)."""
    import asyncio

    from domain.sheets import MeetingVerb
    from services import meetings as service
    from services.meetings import Button, decide

    people = await seed_people(pg_db)
    office2 = await add_person(
        pg_db, "周敏", "13910010009", [(Role.DEPARTMENT_STAFF, None)], telegram_id=204, department="党政办"
    )
    names = await community_ids(pg_db)
    xingfu = names["幸福社区"]
    a = await file_meeting(pg_db, people["陈静"], draft({xingfu: 1}), NOW, SheetConfig())
    b = await file_meeting(pg_db, people["吴平"], draft({xingfu: 2}, day=3), NOW, SheetConfig())
    assert [c.id for c in b.candidates] == [a.id]

    # Both decisions hold their first lock before either goes on (or, once the locks are taken together, the
    # second waits in the database and the first goes on after a moment): without a consistent order, the two
    # would then wait for each other.
    arrived = 0
    both = asyncio.Event()
    check = service._check_decision

    async def meet_then_check(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal arrived
        arrived += 1
        if arrived == 2:
            both.set()
        try:
            await asyncio.wait_for(both.wait(), 1.5)
        except TimeoutError:
            pass
        return await check(*args, **kwargs)

    monkeypatch.setattr(service, "_check_decision", meet_then_check)
    results = await asyncio.gather(
        decide(pg_db, people["刘洋"], Button(MeetingVerb.MERGE, a.id, 1, b.id), NOW, SheetConfig()),
        decide(pg_db, office2, Button(MeetingVerb.MERGE, b.id, 1, a.id), NOW, SheetConfig()),
        return_exceptions=True,
    )
    made = [r for r in results if isinstance(r, service.MeetingView)]
    refused = [r for r in results if isinstance(r, MeetingError)]
    assert len(made) == 1 and len(refused) == 1, results
    assert refused[0].key == "meeting-stale"
    statuses = sorted(m.status for m in await meetings(pg_db))
    assert statuses == ["approved", "merged"]
