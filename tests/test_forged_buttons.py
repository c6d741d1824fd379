"""Forged button data (issue 13, item 6): every notification button is read by an aiogram `CallbackData` factory
(`dialogs.buttons`) whose ids are bounded, and every dialog list's item id by `dialogs.widgets.item_int`.

A superscript "²" (which `str.isdigit` takes and `int` refuses), "-1", "0", 2**31 (past PostgreSQL's INTEGER),
2**63 (past SQLite's) and a 20-digit number: the person sees that kind's "outdated / not valid" answer, nothing is
logged as an error, and the database is unchanged. Another person's real id is refused by the service as before.
The button tests run on SQLite and, with TEST_DATABASE_URL, on PostgreSQL, where 2**31 used to overflow the query.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from dialogs.buttons import (
    CalloutButton,
    MeetingButton,
    MoveButton,
    MuteButton,
    NudgeButton,
    ProblemButton,
    SheetButton,
    UnmuteButton,
    WorkLogButton,
)
from dialogs.widgets import MAX_ID, item_int, typed_int
from domain.roles import Role
from domain.sheets import MeetingVerb, SheetVerb
from domain.worklog import parse_households
from locales import tr
from reminders.digests import NUDGE_CALLBACK
from reminders.engine import MUTE_CALLBACK
from services import callouts, meetings, sheets, worklog_text
from services.attendance import MOVE_CALLBACK
from services.problem_notify import ACK_DATA, OPEN_DATA, REGISTER_DATA
from storage.db import Database
from storage.models import (
    Base,
    Callout,
    CalloutTarget,
    Community,
    Grid,
    Meeting,
    MeetingTarget,
    MoveRequest,
    Problem,
    PromptSheet,
    PromptSheetTarget,
    WorkLog,
)
from tests.conftest import BotHarness
from tests.factories import NOW, add_person
from tests.sheet_helpers import (
    GUANGMING,
    SENDER,
    WORKER,
    XINGFU,
    community_ids,
    forge,
    seed_people,
)
from tests.tg import Sent, TgUser

BAD_IDS = ["²", "-1", "0", str(2**31), str(2**63), "99999999999999999999"]
BAD_VERSIONS = [v for v in BAD_IDS if v != "0"]  # version 0 is a version (an old button), not a forged one
ZH = "zh-CN"


# --- the shared number helpers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "least", "expected"),
    [
        ("1", 1, 1),
        ("0042", 1, 42),
        (str(MAX_ID), 1, MAX_ID),
        ("0", 0, 0),
        *[(bad, 1, None) for bad in BAD_IDS],
        ("-1", 0, None),
        (str(2**31), 0, None),
        ("²", 0, None),
        ("٣", 1, None),  # an Arabic-Indic three: a digit to `int`, not button data this bot writes
        ("１", 1, None),  # a full-width one
        (" 1", 1, None),
        ("1.0", 1, None),
        ("+1", 1, None),
        ("1_0", 1, None),
        ("", 1, None),
        ("abc", 1, None),
    ],
)
def test_item_int_takes_only_ascii_ids_in_range(raw: str, least: int, expected: int | None) -> None:
    assert item_int(raw, least=least) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("１２", 12),
        ("0", 0),
        ("²", None),
        ("2²", None),
        ("-3", None),
        ("99999999999", None),
        ("十", None),
        ("", None),
    ],
)
def test_typed_int_takes_ascii_and_fullwidth_digits_only(raw: str, expected: int | None) -> None:
    assert typed_int(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"), [("12", 12), ("１２户", 12), ("0", 0), ("²", None), ("²户", None), ("9" * 30, None)]
)
def test_households_refuse_a_superscript_and_huge_numbers(raw: str, expected: int | None) -> None:
    assert parse_households(raw) == expected


# --- each sender writes what its factory reads ------------------------------------------------------------------


def test_every_sender_writes_data_its_factory_reads_back_within_64_bytes() -> None:
    big = MAX_ID
    cases: list[tuple[str, Any]] = [
        (
            worklog_text.button_data(worklog_text.APPROVE, big, big),
            WorkLogButton(verb="a", log_id=big, version=big),
        ),
        (worklog_text.button_data(worklog_text.EDIT, 5), WorkLogButton(verb="e", log_id=5, version=0)),
        (OPEN_DATA.format(id=big), ProblemButton(what="open", ref=big)),
        (ACK_DATA.format(id=3), ProblemButton(what="ack", ref=3)),
        (REGISTER_DATA.format(id=4), ProblemButton(what="reg", ref=4)),
        (f"{MOVE_CALLBACK}:ok:{big}", MoveButton(decision="ok", request_id=big)),
        (f"{MUTE_CALLBACK}:7", MuteButton(days=7)),
        ("runmute", UnmuteButton()),
        (f"{NUDGE_CALLBACK}:{big}", NudgeButton(problem_id=big)),
        (
            callouts.button_data(callouts.END, big, big),
            CalloutButton(verb="end", callout_id=big, version=big),
        ),
        (
            sheets.button_data(SheetVerb.ANSWER, big, big),
            SheetButton(verb=SheetVerb.ANSWER, target_id=big, version=big),
        ),
        (
            meetings.button_data(MeetingVerb.APPROVE, 8, 2),
            MeetingButton(action="ok", meeting_id=8, version=2),
        ),
        (
            meetings.button_data(MeetingVerb.MERGE, big, big, big),
            MeetingButton(action=f"mg{big}", meeting_id=big, version=big),
        ),
        (
            meetings.button_data(MeetingVerb.ATTEND, 8, 2, community_id=big),
            MeetingButton(action=f"att{big}", meeting_id=8, version=2),
        ),
        (
            meetings.button_data(MeetingVerb.ATTEND, 8, 2),
            MeetingButton(action="att", meeting_id=8, version=2),
        ),
    ]
    for data, button in cases:
        assert type(button).unpack(data) == button, data
        assert button.pack() == data
        assert len(data.encode()) <= 64
    merge = MeetingButton.unpack(meetings.button_data(MeetingVerb.MERGE, 8, 2, 9))
    attend = MeetingButton.unpack(meetings.button_data(MeetingVerb.ATTEND, 8, 2, community_id=3))
    assert (merge.verb, merge.ref, attend.verb, attend.ref) == (MeetingVerb.MERGE, 9, MeetingVerb.ATTEND, 3)


def test_a_factory_refuses_an_id_out_of_range_when_packing_too() -> None:
    with pytest.raises(ValueError):
        WorkLogButton(verb="a", log_id=MAX_ID + 1, version=1)
    with pytest.raises(ValueError):
        NudgeButton(problem_id=0)


# --- a world with one of each notification's records, all of 幸福社区 ---------------------------------------------


@pytest.fixture
async def bot(settings, any_db, clock) -> AsyncIterator[BotHarness]:  # type: ignore[no-untyped-def]
    harness = BotHarness(settings, any_db, clock)
    yield harness
    await harness.dp.storage.close()


async def seed_records(db: Database, people: dict[str, int]) -> dict[str, int]:
    """A submitted work log, an accepted problem, a pending move request, an open call-out, a sent sheet and an
    approved meeting: each of 幸福社区 (its secretary 张伟), none of 光明社区 (宋雅)."""
    names = await community_ids(db)
    xingfu = names["幸福社区"]
    async with db.session() as s:
        community = await s.get(Community, xingfu)
        assert community is not None
        grid = (await s.execute(select(Grid).where(Grid.community_id == xingfu))).scalar_one()
        log = WorkLog(
            person_id=people["李娜"],
            community_id=xingfu,
            grid_id=grid.id,
            work_date=date(2026, 11, 26),
            deployment="grid_worker",
            categories=["publicist"],
            households=3,
            content="入户走访宣传防诈骗",
            status="submitted",
            version=1,
            created_at=NOW,
            submitted_at=NOW,
        )
        problem = Problem(
            community_id=xingfu,
            kind="problem",
            category="环境卫生",
            description="楼道堆放杂物",
            status="accepted",
            reporter_id=people["李娜"],
            reported_at=NOW - timedelta(days=20),
            updated_at=NOW - timedelta(days=20),
            due_date=date(2026, 11, 20),
        )
        move = MoveRequest(
            person_id=people["王芳"],
            community_id=xingfu,
            from_day=date(2026, 11, 30),
            to_day=date(2026, 12, 1),
            created_at=NOW,
        )
        callout = Callout(
            community_id=xingfu,
            kind="fire",
            need="3楼厨房起火",
            status="open",
            version=1,
            caller_id=people["张伟"],
            raised_at=NOW,
            widen_at=NOW + timedelta(minutes=10),
        )
        sheet = PromptSheet(
            subdistrict_id=community.subdistrict_id,
            sender_id=people["陈静"],
            title="消防通道排查",
            body="请排查辖区消防通道",
            due_date=date(2026, 12, 4),
            contact="陈静 13910010004",
            issued_on=date(2026, 11, 27),
            created_at=NOW,
        )
        meeting = Meeting(
            subdistrict_id=community.subdistrict_id,
            filer_id=people["陈静"],
            subject="冬季消防工作部署会",
            starts_at=datetime(2026, 12, 2, 6, 30, tzinfo=NOW.tzinfo),
            day=date(2026, 12, 2),
            minutes=90,
            why_not_sheet="需要现场演示",
            status="approved",
            created_at=NOW,
        )
        s.add_all([log, problem, move, callout, sheet, meeting])
        await s.flush()
        s.add(
            CalloutTarget(
                callout_id=callout.id,
                person_id=people["李娜"],
                wave="squad",
                community_id=xingfu,
                sent_at=NOW,
            )
        )
        target = PromptSheetTarget(
            sheet_id=sheet.id, community_id=xingfu, status="sent", due_date=sheet.due_date, updated_at=NOW
        )
        s.add(target)
        s.add(MeetingTarget(meeting_id=meeting.id, community_id=xingfu, people=2))
        await s.flush()
        return {
            "log": log.id,
            "problem": problem.id,
            "move": move.id,
            "callout": callout.id,
            "target": target.id,
            "meeting": meeting.id,
            "xingfu": xingfu,
        }


async def snapshot(db: Database) -> dict[str, list[str]]:
    """Every row of every table but the dialogs' own state (a stale press takes the person back to the menu)."""
    async with db.session() as s:
        return {
            table.name: sorted(repr(tuple(row)) for row in (await s.execute(select(table))).all())
            for table in Base.metadata.sorted_tables
            if table.name != "fsm_state"
        }


def errors_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.ERROR]


OUTDATED = "outdated-screen"
# kind → (templates with {bad} where a forged id or version goes, and {log} … for the records' real ids; the answer)
FORGED: dict[str, tuple[list[str], str]] = {
    "wl": (
        ["wl:a:{bad}:1", "wl:r:{bad}:1", "wl:e:{bad}:1"],
        OUTDATED,
    ),
    "wl-version": (["wl:a:{log}:{bad}", "wl:r:{log}:{bad}"], OUTDATED),
    "pb": (["pb:open:{bad}", "pb:ack:{bad}", "pb:reg:{bad}"], OUTDATED),
    "mv": (["mv:ok:{bad}", "mv:no:{bad}"], "move-unknown"),
    "rmute": (["rmute:{bad}", "runmute:{bad}"], "mute-bad"),
    "dgn": (["dgn:{bad}"], "digest-nudge-gone"),
    "co": (["co:go:{bad}:1", "co:no:{bad}:1", "co:end:{bad}:1", "co:xl:{bad}:1"], OUTDATED),
    "co-version": (["co:go:{callout}:{bad}", "co:no:{callout}:{bad}"], OUTDATED),
    "ps": (["ps:rcv:{bad}:1", "ps:done:{bad}:1", "ps:ask:{bad}:1"], OUTDATED),
    "ps-version": (["ps:rcv:{target}:{bad}", "ps:ans:{target}:{bad}"], OUTDATED),
    "mt": (["mt:ok:{bad}:1", "mt:no:{bad}:1", "mt:att:{bad}:1"], OUTDATED),
    "mt-ref": (["mt:att{bad}:{meeting}:1", "mt:mg{bad}:{meeting}:1"], OUTDATED),
    "mt-version": (["mt:ok:{meeting}:{bad}", "mt:att{xingfu}:{meeting}:{bad}"], OUTDATED),
}


@pytest.mark.parametrize("kind", list(FORGED))
async def test_forged_ids_get_the_outdated_answer_and_change_nothing(bot, any_db, caplog, kind):  # type: ignore[no-untyped-def]
    people = await seed_people(any_db)
    ids = await seed_records(any_db, people)
    before = await snapshot(any_db)
    templates, key = FORGED[kind]
    bad_values = BAD_VERSIONS if kind.endswith("-version") else BAD_IDS
    user = bot.user(XINGFU)  # 幸福社区's secretary: the one the real buttons are for
    notice = Sent(1, XINGFU, "")  # the message the made-up button is on
    with caplog.at_level(logging.WARNING):
        for template in templates:
            for bad in bad_values:
                data = template.format(bad=bad, **ids)
                pressed = await user.press_data(data, notice)
                assert user.answer(pressed) is not None, data
                assert user.answer(pressed)["text"] == tr(ZH, key), (data, user.answer(pressed))
    assert errors_logged(caplog) == []
    assert await snapshot(any_db) == before
    if key == OUTDATED and kind not in ("pb",):
        assert "主菜单" in user.last().text  # taken back to the menu, as from any outdated screen


async def test_data_of_an_unknown_shape_under_each_prefix_is_answered_as_outdated(bot, any_db, caplog):  # type: ignore[no-untyped-def]
    people = await seed_people(any_db)
    ids = await seed_records(any_db, people)
    before = await snapshot(any_db)
    user = bot.user(XINGFU)
    notice = Sent(1, XINGFU, "")
    cases = [
        ("wl", OUTDATED),
        (f"wl:x:{ids['log']}:1", OUTDATED),
        (f"wl:a:{ids['log']}", OUTDATED),
        (f"wl:a:{ids['log']}:1:1", OUTDATED),
        (f"wl:a: {ids['log']}:1", OUTDATED),
        (f"pb:close:{ids['problem']}", OUTDATED),
        (f"mv:maybe:{ids['move']}", "move-unknown"),
        ("rmute:1:2", "mute-bad"),
        ("rmute:99", "mute-bad"),  # a number, but not one of the settings' choices
        ("dgn:", "digest-nudge-gone"),
        (f"co:roll:{ids['callout']}:1", OUTDATED),
        (f"ps:rcv:{ids['target']}:1.0", OUTDATED),
        (f"mt:ok3:{ids['meeting']}:1", OUTDATED),
        (f"mt:mg:{ids['meeting']}:1", OUTDATED),
    ]
    with caplog.at_level(logging.WARNING):
        for data, key in cases:
            pressed = await user.press_data(data, notice)
            assert user.answer(pressed)["text"] == tr(ZH, key), (data, user.answer(pressed))
    assert errors_logged(caplog) == []
    assert await snapshot(any_db) == before


async def test_another_persons_real_buttons_are_refused_and_change_nothing(bot, any_db, caplog):  # type: ignore[no-untyped-def]
    """宋雅, 光明社区's secretary, presses buttons made for 幸福社区's (forwarded, or made up with real ids)."""
    people = await seed_people(any_db)
    ids = await seed_records(any_db, people)
    await add_person(any_db, "周强", "13700070007", [(Role.LEADER_IN_CHARGE, "光明社区")], telegram_id=777)
    before = await snapshot(any_db)
    song = bot.user(GUANGMING)
    notice = Sent(1, GUANGMING, "")
    cases = [
        (song, f"wl:a:{ids['log']}:1", "只有幸福社区的社区党委书记"),
        (song, f"wl:r:{ids['log']}:1", "只有幸福社区的社区党委书记"),
        (song, f"pb:open:{ids['problem']}", tr(ZH, "problem-no-permission")),
        (song, f"pb:ack:{ids['problem']}", "无权"),
        (song, f"mv:ok:{ids['move']}", tr(ZH, "move-not-secretary")),
        (song, f"mv:no:{ids['move']}", tr(ZH, "move-not-secretary")),
        (bot.user(777), f"dgn:{ids['problem']}", tr(ZH, "digest-nudge-not-yours")),
        (song, f"co:go:{ids['callout']}:1", "不是发给你的"),
        (song, f"co:end:{ids['callout']}:1", "只有发起人"),
        (song, f"ps:rcv:{ids['target']}:1", tr(ZH, "sheet-not-your-community")),
        (song, f"mt:ok:{ids['meeting']}:1", "只有党政办可以审核会议报备"),
        (song, f"mt:att{ids['xingfu']}:{ids['meeting']}:1", "该会议不涉及您所在的社区"),
    ]
    with caplog.at_level(logging.WARNING):
        for user, data, expected in cases:
            pressed = await user.press_data(data, notice)
            assert expected in user.answer(pressed)["text"], (data, user.answer(pressed))
    assert errors_logged(caplog) == []
    assert await snapshot(any_db) == before


# --- dialog lists and typed numbers -------------------------------------------------------------------------------


async def _meeting_filer_at_communities(harness: BotHarness) -> TgUser:
    filer = harness.user(SENDER)
    await filer.send("/meeting")
    await filer.press("➕ 报备会议")
    await filer.send("冬季消防工作部署会")
    await filer.send("12-02 14:30")
    return filer


async def test_typed_meeting_numbers_refuse_a_superscript_and_huge_numbers(harness, db, caplog):  # type: ignore[no-untyped-def]
    await seed_people(db)
    with caplog.at_level(logging.WARNING):
        filer = await _meeting_filer_at_communities(harness)
        for typed in ["²", "2²", str(2**31), "99999999999999999999", "-1", "0"]:
            await filer.send(typed)
            assert filer.messages()[-2].text == tr(ZH, "meeting-minutes-bad", max=480), typed
        await filer.send("９０")  # full-width digits, as a Chinese keyboard types them
        await filer.press("💻 线上会议")
        await filer.press("▫️ 幸福社区")
        await filer.press("➡️ 下一步")
        for typed in ["²", str(2**63), "99999999999999999999"]:
            await filer.send(typed)
            assert filer.messages()[-2].text == tr(ZH, "meeting-people-bad", max=20), typed
        await filer.send("2")
        assert "为什么不能用工作提示单" in filer.last().text
    assert errors_logged(caplog) == []


async def test_forged_items_on_dialog_lists_are_refused(harness, db, caplog):  # type: ignore[no-untyped-def]
    people = await seed_people(db)
    await seed_records(db, people)
    with caplog.at_level(logging.WARNING):
        # A Multiselect: forged communities are left out, so none is chosen.
        filer = await _meeting_filer_at_communities(harness)
        await filer.press("90 分钟")
        await filer.press("💻 线上会议")
        screen = filer.last_with_buttons()
        for bad in BAD_IDS:
            await filer.press_data(forge(screen, "meeting_communities", bad), screen)
        pressed = await filer.press("➡️ 下一步")
        assert filer.answer(pressed)["text"] == tr(ZH, "meeting-no-communities")
        # One's own sheets: a forged sheet id.
        await filer.send("/sheet")
        await filer.press("📂 我发出的提示单")
        screen = filer.last_with_buttons()
        for bad in BAD_IDS:
            pressed = await filer.press_data(forge(screen, "sheet_mine", bad), screen)
            assert filer.answer(pressed)["text"] == tr(ZH, "sheet-not-found"), bad
        # /pending: a forged work log.
        zhang = harness.user(XINGFU)
        await zhang.send("/pending")
        screen = zhang.last_with_buttons()
        for bad in BAD_IDS:
            pressed = await zhang.press_data(forge(screen, "item", bad), screen)
            assert zhang.answer(pressed)["text"] == tr(ZH, OUTDATED), bad
        # The work log's grid: a forged grid.
        worker = harness.user(WORKER)
        await worker.send("/log")
        await worker.send("昨天")
        screen = worker.last_with_buttons()
        assert "请选择工作的网格" in screen.text
        for bad in BAD_IDS:
            pressed = await worker.press_data(forge(screen, "grid", bad), screen)
            assert "不在您所在的社区" in worker.answer(pressed)["text"], bad
    assert errors_logged(caplog) == []
