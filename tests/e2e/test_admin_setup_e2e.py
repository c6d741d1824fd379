"""Issue 17, done when: an administrator sets up a new sub-district from an empty database entirely in the chat.

The bot process starts on an empty database (migrated, no demo seed) with ADMIN_PHONES naming one phone. That person
sends /start and shares their contact, becomes the first administrator, and from the roster overview: sends a roster
CSV with a row error, sees the error, sends the fixed file, confirms the preview, sends next year's holiday file and
confirms it, names a sign delegate for a community, and moves two communities to 试点. The database then holds it all.

One mode only (SQLite, long polling): the flows themselves run on every mode in their own tests, and a second
deployment would double a long test on a shared machine.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.sandbox_runner import persona
from domain.phases import Phase
from domain.roles import Role
from sandbox import Message, SandboxUser
from storage.db import Database
from storage.migrate import upgrade
from storage.models import (
    AuditEntry,
    CalendarDayRow,
    Community,
    CommunityPhase,
    Person,
    SignDelegate,
    Subdistrict,
)
from tests.e2e.conftest import sqlite_world, start_instant
from tests.e2e.harness import (
    E2E,
    BotProcess,
    button_texts,
    new_menu,
)
from tests.e2e.process_clock import ProcessClock

ADMIN_ID = 9_100_001
ADMIN_PHONE = "13800138000"
HEADER = ["姓名", "手机号", "角色", "社区", "网格", "部门"]
ROSTER = [
    ["赵强", ADMIN_PHONE, "管理员", "", "", ""],
    ["张伟", "13811110001", "社区党委书记", "幸福社区", "", ""],
    ["王芳", "13811110002", "网格员", "幸福社区", "第一网格", ""],
    ["刘洋", "13811110003", "社区党委书记", "和平社区", "", ""],
    ["李娜", "13811110004", "网格员", "和平社区", "第一网格", ""],
    ["陈静", "13811110005", "网格员", "光明社区", "第一网格", ""],
]
HOLIDAYS = "# 2027 年节假日安排\n休 2027-01-01..2027-01-03 元旦\n休 2027-02-06..2027-02-13 春节\n班 2027-02-14 春节调休\n"


def roster_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    return out.getvalue().encode("utf-8-sig")  # as Excel saves a CSV


def has_button(text: str) -> Callable[[Message], bool]:
    return lambda m: text in button_texts(m)


def says(text: str) -> Callable[[Message], bool]:
    return lambda m: text in (m.text or "")


@pytest.fixture
async def empty_world(
    tmp_path: Path, register_bot: Callable[[BotProcess], BotProcess], request: pytest.FixtureRequest
) -> AsyncIterator[E2E]:
    """The conftest's `e2e` world, but on an empty database (no demo roster) and with ADMIN_PHONES set."""
    clock = ProcessClock(start_instant(request))
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'gridbot.sqlite3'}")
    await upgrade(db)
    # Nobody is in the database: the emulator's one persona is the would-be administrator, with their own phone.
    personas = [persona(user_id=ADMIN_ID, name="赵强", phone=ADMIN_PHONE, roles=[], units=[], locale="zh-CN")]
    async with sqlite_world(
        tmp_path,
        register_bot,
        clock,
        db,
        personas,
        admin_phones=f"+86 {ADMIN_PHONE}",
        subdistrict_name="幸福街道",
    ) as world:
        yield world


async def _overview(admin: SandboxUser) -> Message:
    return await admin.wait_message(has_button("🧭 推行阶段"), timeout=20)


async def _move_to_pilot(admin: SandboxUser, community: str) -> None:
    await admin.press(f"{community} · 未设置")
    await admin.wait_message(says("请选择新的阶段"))
    await admin.press("试点")
    await admin.wait_message(says(f"将 {community} 的阶段设为“试点”"))
    await admin.press("✅ 确认设置")
    await admin.wait_message(has_button(f"{community} · 试点"))


async def test_an_administrator_sets_up_a_subdistrict_from_an_empty_database_in_the_chat(
    empty_world: E2E,
) -> None:
    e2e = empty_world
    async with e2e.db.session() as s:
        assert (await s.scalars(select(Person))).all() == []
    admin = e2e.user("赵强")

    # /start and the shared contact: the phone is in ADMIN_PHONES, so the first administrator is created.
    await admin.send_command("start")
    await admin.wait_message(says("欢迎使用网格助手"))
    await admin.press("📱 分享手机号")
    await admin.wait_message(says("验证成功，赵强"))
    await admin.wait_message(says("ADMIN_PHONES"))
    menu = await admin.wait_message(new_menu)
    assert "角色：管理员" in (menu.text or "")

    # The roster overview, then 导入名册 with a file that has one row error: nothing is written.
    await admin.press("👥 名册概况")
    await _overview(admin)
    await admin.press("📥 导入名册")
    await admin.wait_message(says("请把填好的人员名单"))
    broken = [row[:] for row in ROSTER]
    broken[2][1] = "1381111"  # 王芳's phone is short a digit: row 4 of the file (the header is row 1)
    await admin.send_document(roster_csv(broken), filename="名册.csv")
    errors = await admin.wait_message(says("名单中发现 1 处错误"), timeout=20)
    assert "第 4 行" in (errors.text or "")
    async with e2e.db.session() as s:
        assert [p.name for p in (await s.scalars(select(Person))).all()] == ["赵强"]

    # The fixed file: a preview, then ✅ 确认导入 writes the people.
    await admin.send_document(roster_csv(ROSTER), filename="名册.csv")
    preview = await admin.wait_message(says("导入预览"), timeout=20)
    assert "新增 5 人" in (preview.text or "")
    await admin.press("✅ 确认导入")
    await admin.wait_message(says("导入成功：新增 5 人"), timeout=20)
    await admin.press("⬅️ 返回")
    await _overview(admin)

    # Next year's holiday file, the format `gridbot calendar load` reads: a preview, then ✅ 确认载入.
    await admin.press("📅 节假日安排")
    await admin.wait_message(says("载入节假日安排"))
    await admin.send_document(HOLIDAYS.encode(), filename="2027节假日.txt")
    await admin.wait_message(says("2027 年节假日安排预览"), timeout=20)
    await admin.press("✅ 确认载入")
    await admin.wait_message(says("已载入 2027 年工作日历"), timeout=20)
    await _overview(admin)

    # A sign delegate for 幸福社区: 王芳 may sign its logs for its secretary.
    await admin.press("✍️ 代签人")
    await admin.wait_message(has_button("幸福社区"))
    await admin.press("幸福社区")
    await admin.wait_message(has_button("➕ 指定代签人"))
    await admin.press("➕ 指定代签人")
    await admin.wait_message(has_button("王芳"))
    await admin.press("王芳")
    await admin.wait_message(says("确认指定 王芳 为 幸福社区 的代签人"))
    await admin.press("✅ 确认")
    await admin.wait_message(says("• 王芳"))
    await admin.press("⬅️ 返回")
    await _overview(admin)

    # Two communities move to 试点.
    await admin.press("🧭 推行阶段")
    await admin.wait_message(has_button("幸福社区 · 未设置"))
    await _move_to_pilot(admin, "幸福社区")
    await _move_to_pilot(admin, "和平社区")

    # The database holds all of it.
    async with e2e.db.session() as s:
        people = {p.name: p for p in (await s.scalars(select(Person))).all()}
        subdistricts = (await s.scalars(select(Subdistrict))).all()
        communities = {c.id: c.name for c in (await s.scalars(select(Community))).all()}
        delegates = (await s.scalars(select(SignDelegate))).all()
        phases = (await s.scalars(select(CommunityPhase))).all()
        days = {d.day: d.working for d in (await s.scalars(select(CalendarDayRow))).all()}
        actions = {a.action for a in (await s.scalars(select(AuditEntry))).all()}
    assert set(people) == {row[0] for row in ROSTER}
    # The roster landed in the administrator's sub-district (SUBDISTRICT_NAME), not in a second one.
    assert [s.name for s in subdistricts] == ["幸福街道"]
    assert {p.subdistrict_id for p in people.values()} == {subdistricts[0].id}
    admin_person = people["赵强"]
    assert admin_person.telegram_id == ADMIN_ID and [r.role for r in admin_person.roles] == [Role.ADMIN.value]
    assert [r.role for r in people["王芳"].roles] == [Role.GRID_WORKER.value]
    assert sorted(communities.values()) == ["光明社区", "和平社区", "幸福社区"]
    assert [(communities[d.community_id], d.person_id) for d in delegates] == [
        ("幸福社区", people["王芳"].id)
    ]
    pilot = sorted(communities[p.community_id] for p in phases if p.phase == Phase.PILOT.value)
    assert pilot == ["和平社区", "幸福社区"]
    assert days[date(2027, 1, 1)] is False and days[date(2027, 2, 14)] is True
    assert {"admin_bootstrap", "roster_import"} <= actions
