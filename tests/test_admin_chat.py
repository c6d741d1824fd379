"""Issue 17: the administrator runs the roster from the chat — the roster by file (template, preview, ✅ 确认导入,
deactivation of people the file leaves out), with the administrator check in the service too."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from domain.roles import Actor, Role
from services.roster_chat import NotAllowed, preview_roster
from storage.models import AuditEntry, Person
from tests.factories import add_person, person_by_phone

HEADER = ["姓名", "手机号", "角色", "社区", "网格", "部门"]


def roster_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


ADMIN_ROW = ["管理员", "13800000001", "管理员", "", "", ""]
GOOD = [
    ADMIN_ROW,
    ["李红", "13900000002", "网格员", "幸福社区", "第一网格", ""],
    ["王强", "13900000003", "网格员", "幸福社区", "第二网格", ""],
]


async def people_count(db) -> int:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        return int(await s.scalar(select(func.count()).select_from(Person)) or 0)


async def open_import(user) -> None:  # type: ignore[no-untyped-def]
    await user.send("/menu")
    await user.press("👥 名册概况")
    await user.press("📥 导入名册")


async def test_template_is_one_tap_away(harness, db):
    await add_person(db, "管理员", "13800000001", [(Role.ADMIN, None)], telegram_id=501)
    admin = harness.user(501)
    await open_import(admin)
    assert "导入名册" in admin.last().text
    await admin.press("📄 获取模板")
    sent = harness.telegram.documents[-1]
    assert sent["chat_id"] == 501 and sent["filename"].endswith(".xlsx")
    assert sent["content"][:2] == b"PK"  # an xlsx workbook


async def test_roster_by_file_error_then_preview_then_confirm(harness, db, settings):
    await add_person(db, "管理员", "13800000001", [(Role.ADMIN, None)], telegram_id=501)
    await add_person(db, "赵六", "13700000009", [(Role.GRID_WORKER, "幸福社区")])  # not in the file
    admin = harness.user(501)
    await open_import(admin)

    bad = [*GOOD[:2], ["王强", "1390000", "网格员", "幸福社区", "第二网格", ""]]
    await admin.send_document("名册.csv", roster_csv(bad))
    text = admin.last().text
    assert "1 处错误，未写入任何数据" in text
    assert "第 4 行：手机号“139****0000”不是有效的大陆手机号" in text
    assert await people_count(db) == 2

    await admin.send_document("名册.csv", roster_csv(GOOD))
    text = admin.last().text
    assert "导入预览" in text
    assert "新增 2 人，变更 0 人，无变化 1 人；系统中有、名单中没有的 1 人" in text
    assert "赵六（137****0009）" in text and "13700000009" not in text
    assert await people_count(db) == 2  # a preview writes nothing

    await admin.press("✅ 确认导入")
    text = admin.last().text
    assert "导入成功：新增 2 人，更新 1 人" in text
    assert (await person_by_phone(db, "13900000002")) is not None
    async with db.session() as s:
        entry = await s.scalar(select(AuditEntry).where(AuditEntry.action == "roster_import"))
        assert entry is not None and entry.actor_telegram_id == 501
        kept = entry.detail["file"]
    assert (Path(settings.media_dir) / "rosters" / kept).is_file()  # the file is kept

    # The person the file leaves out is only listed; deactivated after a confirmation.
    zhao = await person_by_phone(db, "13700000009")
    assert zhao is not None and zhao.deactivated_at is None
    await admin.press("🚫 停用名单外的 1 人")
    assert "确定停用名单外的 1 人吗" in admin.last().text
    assert (await person_by_phone(db, "13700000009")).deactivated_at is None  # type: ignore[union-attr]
    await admin.press("✅ 确认停用")
    assert "已停用 1 人" in admin.last().text
    assert (await person_by_phone(db, "13700000009")).deactivated_at is not None  # type: ignore[union-attr]
    assert (await person_by_phone(db, "13800000001")).deactivated_at is None  # type: ignore[union-attr]


async def test_changed_people_are_named_with_what_changed(harness, db):
    await add_person(db, "管理员", "13800000001", [(Role.ADMIN, None)], telegram_id=501)
    await add_person(db, "李红", "13900000002", [(Role.GRID_WORKER, "和平社区")])
    admin = harness.user(501)
    await open_import(admin)
    await admin.send_document("名册.csv", roster_csv(GOOD))
    text = admin.last().text
    assert "新增 1 人，变更 1 人，无变化 1 人" in text
    assert "李红（139****0002）：社区、网格有变化" in text


async def test_stale_confirm_changes_nothing_and_says_why(harness, db):
    await add_person(db, "管理员", "13800000001", [(Role.ADMIN, None)], telegram_id=501)
    admin = harness.user(501)
    await open_import(admin)
    await admin.send_document("名册.csv", roster_csv(GOOD))
    preview = admin.last()
    await add_person(db, "孙七", "13600000008", [(Role.GRID_WORKER, "幸福社区")])  # the roster moves on
    callback = await admin.press("✅ 确认导入", preview)
    assert "名册在预览之后已有变化" in admin.answer(callback)["text"]
    assert await person_by_phone(db, "13900000002") is None
    assert await people_count(db) == 2


async def test_someone_else_pressing_confirm_changes_nothing(harness, db):
    await add_person(db, "管理员", "13800000001", [(Role.ADMIN, None)], telegram_id=501)
    await add_person(db, "网格员", "13800000002", [(Role.GRID_WORKER, "幸福社区")], telegram_id=502)
    admin = harness.user(501)
    await open_import(admin)
    await admin.send_document("名册.csv", roster_csv(GOOD))
    other = harness.user(502)
    callback = await other.press("✅ 确认导入", admin.last())
    assert "已过期" in other.answer(callback)["text"]  # type: ignore[index]
    assert await person_by_phone(db, "13900000002") is None


async def test_wrong_message_type_gets_a_clear_reply(harness, db):
    await add_person(db, "管理员", "13800000001", [(Role.ADMIN, None)], telegram_id=501)
    admin = harness.user(501)
    await open_import(admin)
    await admin.send_photo("p1")
    assert any("请把名单作为“文件”发送" in m.text for m in admin.messages()[-2:])
    await admin.send("你好")
    assert any("请把名单作为“文件”发送" in m.text for m in admin.messages()[-2:])
    await admin.send_document("名册.docx", b"not a roster")
    assert any("不是 .xlsx 或 .csv 格式" in m.text for m in admin.messages()[-2:])


async def test_non_admin_is_refused_by_the_service(db, tmp_path):
    await add_person(db, "网格员", "13800000002", [(Role.GRID_WORKER, "幸福社区")], telegram_id=502)
    path = tmp_path / "r.csv"
    path.write_bytes(roster_csv(GOOD))
    worker = Actor(telegram_id=502, locale="zh-CN", person_id=1, roles=frozenset({Role.GRID_WORKER}))
    with pytest.raises(NotAllowed):
        await preview_roster(db, worker, path)
    assert await people_count(db) == 1


async def open_people(user) -> None:  # type: ignore[no-untyped-def]
    await user.send("/menu")
    await user.press("👥 名册概况")
    await user.press("🔎 查找人员")


async def test_find_by_phone_and_unbind_with_confirmation(harness, db):
    await add_person(db, "管理员", "13800000001", [(Role.ADMIN, None)], telegram_id=501)
    await add_person(db, "李红", "13900000002", [(Role.GRID_WORKER, "幸福社区")], telegram_id=502)
    admin = harness.user(501)
    await open_people(admin)
    await admin.send("0002")
    assert "李红 139****0002" in admin.last_with_buttons().buttons()
    await admin.press("李红 139****0002")
    card = admin.last().text
    assert "李红" in card and "139****0002" in card and "13900000002" not in card
    assert "网格员 幸福社区" in card and "已绑定 Telegram 账号" in card and "状态：正常" in card
    await admin.press("🔓 解除绑定")
    assert "确定要解除 李红 的 Telegram 账号绑定吗" in admin.last().text
    assert (await person_by_phone(db, "13900000002")).telegram_id == 502  # type: ignore[union-attr]
    await admin.press("✅ 确定")
    assert (await person_by_phone(db, "13900000002")).telegram_id is None  # type: ignore[union-attr]
    assert "未绑定 Telegram 账号" in admin.last().text
    async with db.session() as s:
        entry = await s.scalar(select(AuditEntry).where(AuditEntry.action == "person_unbound"))
        assert entry is not None and entry.actor_telegram_id == 501


async def test_find_by_name_deactivate_activate_invite(harness, db):
    await add_person(db, "管理员", "13800000001", [(Role.ADMIN, None)], telegram_id=501)
    await add_person(db, "王小强", "13900000003", [(Role.GRID_WORKER, "幸福社区")])
    admin = harness.user(501)
    await open_people(admin)
    await admin.send("小强")
    await admin.press("王小强 139****0003")
    await admin.press("🚫 停用")
    assert "确定要停用 王小强 吗" in admin.last().text
    await admin.press("✅ 确定")
    assert (await person_by_phone(db, "13900000003")).deactivated_at is not None  # type: ignore[union-attr]
    assert "状态：已停用" in admin.last().text
    await admin.press("✅ 重新启用")
    assert (await person_by_phone(db, "13900000003")).deactivated_at is None  # type: ignore[union-attr]
    await admin.press("✉️ 生成邀请链接")
    assert any("已为 王小强 生成邀请链接" in m.text for m in admin.messages()[-3:])


async def test_people_services_refuse_a_non_admin(db):
    from services.person_admin import find_people, set_active

    await add_person(db, "李红", "13900000002", [(Role.GRID_WORKER, "幸福社区")], telegram_id=502)
    worker = Actor(telegram_id=502, locale="zh-CN", person_id=1, roles=frozenset({Role.GRID_WORKER}))
    with pytest.raises(NotAllowed):
        await find_people(db, worker, "李红")
    with pytest.raises(NotAllowed):
        await set_active(db, "13900000002", False, now=datetime(2026, 5, 1, tzinfo=UTC), actor=worker)
    assert (await person_by_phone(db, "13900000002")).deactivated_at is None  # type: ignore[union-attr]


async def test_an_administrator_cannot_unbind_or_deactivate_their_own_account(db):
    """Nobody would be left to undo it: refused in the service, nothing changes."""
    from services.people import load_actor
    from services.person_admin import NotOnYourself, set_active, unbind

    await add_person(db, "管理员", "13800000001", [(Role.ADMIN, None)], telegram_id=501)
    actor = await load_actor(db, 501, "zh-CN")
    now = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
    for change in (
        lambda: unbind(db, "13800000001", now=now, actor=actor),
        lambda: set_active(db, "13800000001", False, now=now, actor=actor),
    ):
        with pytest.raises(NotOnYourself):
            await change()
    person = await person_by_phone(db, "13800000001")
    assert person.telegram_id == 501 and person.active
