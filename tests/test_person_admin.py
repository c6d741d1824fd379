"""`gridbot person`: unbind a Telegram account, deactivate someone who left (and activate again), show a person."""

from __future__ import annotations

import asyncio
import logging

import pytest
from sqlalchemy import select, update

from bot.cli import main
from domain.roles import Role
from reminders.engine import RunOutcome
from services.person_admin import UnknownPerson, set_active, unbind
from storage.db import Database
from storage.models import AuditEntry, OutboxMessage, Person
from storage.outbox import enqueue
from tests.factories import add_person, person_by_phone
from tests.reminder_helpers import at, make_engine, queued

PHONE = "13800138000"
COMMUNITY = "幸福社区"


async def _audits(db: Database) -> list[AuditEntry]:
    async with db.session() as s:
        return list((await s.execute(select(AuditEntry).order_by(AuditEntry.id))).scalars())


async def _outbox(db: Database) -> dict[str, tuple[int, str]]:
    async with db.session() as s:
        return {m.key: (m.chat_id, m.status) for m in (await s.execute(select(OutboxMessage))).scalars()}


async def _queue(db: Database, clock, key: str, chat_id: int) -> None:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        await enqueue(s, key=key, chat_id=chat_id, payload={"text": "李红的待办"}, now=clock())


def _data(message, text: str) -> str:  # type: ignore[no-untyped-def]
    """A button's callback data, kept: the fake chat edits its messages in place."""
    return next(data for row in message.inline for button, data in row if button == text)


# --- unbind -------------------------------------------------------------------------------------------------------


async def test_unbind_frees_the_person_and_the_old_account_is_a_stranger(harness, db, clock):
    await add_person(db, "李红", PHONE, [(Role.GRID_WORKER, COMMUNITY)], telegram_id=501)
    old = harness.user(501)
    await old.send("/menu")
    menu = old.last()
    assert "李红" in menu.text and "📝 填写纪实表" in menu.buttons()
    write_log = _data(menu, "📝 填写纪实表")
    await _queue(db, clock, "notice:1", 501)

    change = await unbind(db, "+86 138-0013-8000", now=clock())

    assert change.changed and change.phone == "138****8000"
    person = await person_by_phone(db, PHONE)
    assert person.telegram_id is None and person.bound_at is None and person.active is True
    (audit,) = await _audits(db)
    assert (audit.action, audit.person_id, audit.detail) == ("person_unbound", person.id, {"account": 501})
    assert (await _outbox(db))["notice:1"] == (501, "failed")  # not delivered to the account that is not hers

    # The old account is an unknown user now: a command, a message and a button of the old menu.
    await old.send("/menu")
    assert "您还未完成身份验证" in old.last().text
    await old.send("你好")
    assert "您还未完成身份验证" in old.telegram.texts(501)[-2]
    answer = old.answer(await old.press_data(write_log, menu))
    assert answer is not None and "您还未完成身份验证" in answer.get("text", "")
    assert not any("纪实表" in t and "网格" in t for t in old.telegram.texts(501)[-3:])

    # She binds again the normal way, from her new account.
    new = harness.user(502)
    await new.send("/start")
    await new.send_contact(PHONE)
    assert (await person_by_phone(db, PHONE)).telegram_id == 502
    assert any("验证成功，李红" in t for t in new.telegram.texts(502))
    await old.send("/menu")
    assert "您还未完成身份验证" in old.last().text


async def test_unbind_drops_the_old_accounts_exports_and_call_out_roll(any_db, clock):
    """An export asked for from the old account is not built or sent there any more (a job once failed stays failed,
    whatever the export worker was doing with it), and an open call-out it raised stops editing its roll there."""
    from services import exports
    from storage.models import Callout, Community, ExportJob

    person_id = await add_person(any_db, "李红", PHONE, [(Role.SECRETARY, COMMUNITY)], telegram_id=501)
    now = clock()
    async with any_db.session() as s:
        community_id = await s.scalar(select(Community.id).where(Community.name == COMMUNITY))
        queued_job = ExportJob(person_id=person_id, chat_id=501, locale="zh-CN", kind="worklog", params={},
                               status="queued", created_at=now)  # fmt: skip
        built_job = ExportJob(person_id=person_id, chat_id=501, locale="zh-CN", kind="worklog", params={},
                              status="built", created_at=now)  # fmt: skip
        sent_job = ExportJob(person_id=person_id, chat_id=501, locale="zh-CN", kind="worklog", params={},
                             status="sent", created_at=now)  # fmt: skip
        callout = Callout(community_id=community_id, kind="fire", need="灭火", status="open", caller_id=person_id,
                          caller_chat_id=501, raised_at=now, widen_at=now)  # fmt: skip
        s.add_all([queued_job, built_job, sent_job, callout])
        await s.flush()
        ids = (queued_job.id, built_job.id, sent_job.id, callout.id)

    await unbind(any_db, PHONE, now=now)
    await exports.update_job(any_db, ids[1], status=exports.SENT)  # the worker finishing what it had in hand

    async with any_db.session() as s:
        statuses = [await s.scalar(select(ExportJob.status).where(ExportJob.id == i)) for i in ids[:3]]
        roll_chat = await s.scalar(select(Callout.caller_chat_id).where(Callout.id == ids[3]))
    assert statuses == ["failed", "failed", "sent"] and roll_chat is None


async def test_unbind_of_an_unknown_phone_changes_nothing(any_db, clock):
    await add_person(any_db, "李红", PHONE, [(Role.GRID_WORKER, COMMUNITY)], telegram_id=501)
    with pytest.raises(UnknownPerson) as refused:
        await unbind(any_db, "13900000000", now=clock())
    assert str(refused.value) == "139****0000"
    assert (await person_by_phone(any_db, PHONE)).telegram_id == 501
    assert await _audits(any_db) == []
    # Unbinding someone who is not bound changes nothing either, and says so.
    await add_person(any_db, "赵强", "13900139000", [(Role.GRID_WORKER, COMMUNITY)])
    assert (await unbind(any_db, "13900139000", now=clock())).changed is False
    assert await _audits(any_db) == []


# --- deactivate / activate ----------------------------------------------------------------------------------------


async def test_deactivated_person_is_refused_changes_nothing_and_activate_restores(harness, db, clock):
    person_id = await add_person(db, "李红", PHONE, [(Role.GRID_WORKER, COMMUNITY)], telegram_id=501)
    user = harness.user(501)
    await user.send("/menu")
    menu = user.last()
    write_log = _data(menu, "📝 填写纪实表")
    await _queue(db, clock, "notice:1", 501)

    assert (await set_active(db, PHONE, False, now=clock())).changed
    assert (await person_by_phone(db, PHONE)).active is False
    assert [(a.action, a.person_id) for a in await _audits(db)] == [("person_deactivated", person_id)]
    assert (await _outbox(db))["notice:1"] == (501, "failed")
    sent_before = len(user.telegram.texts(501))

    # A button: an alert, no new screen.
    answer = user.answer(await user.press_data(write_log, menu))
    assert answer is not None and answer.get("show_alert") is True
    assert answer["text"] == "您的账号已停用，请联系管理员。"
    assert len(user.telegram.texts(501)) == sent_before
    # A message: one line of refusal, no menu; and writing again does not make them active (as it does after a
    # block of the bot).
    await user.send("/menu")
    assert user.telegram.texts(501)[sent_before:] == ["您的账号已停用，请联系管理员。"]
    assert not user.last().buttons()
    assert (await person_by_phone(db, PHONE)).active is False
    assert len(await _audits(db)) == 1
    assert (await set_active(db, PHONE, False, now=clock())).changed is False  # already so: not audited again
    assert len(await _audits(db)) == 1

    assert (await set_active(db, PHONE, True, now=clock())).changed
    assert (await person_by_phone(db, PHONE)).active is True
    assert [a.action for a in await _audits(db)] == ["person_deactivated", "person_activated"]
    await user.send("/menu")
    assert "📝 填写纪实表" in user.last().buttons()


async def test_a_deactivated_person_unbound_cannot_bind_again_until_activated(harness, db, clock):
    """Deactivated and unbound (left, phone handed on): sharing the phone again is refused with the same message,
    binds nothing and does not make them active; after `activate` the same contact binds."""
    await add_person(db, "李红", PHONE, [(Role.GRID_WORKER, COMMUNITY)], telegram_id=501)
    await set_active(db, PHONE, False, now=clock())
    await unbind(db, PHONE, now=clock())
    user = harness.user(503)
    await user.send("/start")
    await user.send_contact(PHONE)
    assert "您的账号已停用" in user.last().text
    person = await person_by_phone(db, PHONE)
    assert person.telegram_id is None and person.active is False and person.deactivated_at is not None
    assert "person_deactivated" in [a.action for a in await _audits(db)]

    await set_active(db, PHONE, True, now=clock())
    assert (await person_by_phone(db, PHONE)).deactivated_at is None
    await user.send("/start")
    await user.send_contact(PHONE)
    person = await person_by_phone(db, PHONE)
    assert person.telegram_id == 503 and person.active is True
    assert any("验证成功，李红" in t for t in user.telegram.texts(503))


async def test_the_english_refusal(harness, db, clock):
    await add_person(db, "Li Hong", PHONE, [(Role.GRID_WORKER, COMMUNITY)], telegram_id=501)
    await set_active(db, PHONE, False, now=clock())
    user = harness.user(501, language="en")
    await user.send("/menu")
    assert user.last().text == "Your account has been deactivated. Please contact the administrator."


async def test_blocked_bot_is_still_not_a_deactivation(harness, db, clock):
    """Person.active also records a block of the bot; such a person writing again is let in and active again."""
    await add_person(db, "李红", PHONE, [(Role.GRID_WORKER, COMMUNITY)], telegram_id=501)
    await set_active(db, PHONE, False, now=clock())
    await set_active(db, PHONE, True, now=clock())
    async with db.session() as s:  # then Telegram says they blocked the bot
        await s.execute(update(Person).where(Person.telegram_id == 501).values(active=False))
    user = harness.user(501)
    await user.send("/menu")
    assert "📝 填写纪实表" in user.last().buttons()
    assert (await person_by_phone(db, PHONE)).active is True


async def test_deactivated_person_gets_no_reminders(any_db, settings, clock):
    staying = await add_person(
        any_db, "包联甲", "13800000001", [(Role.PAIRED_CADRE, COMMUNITY)], telegram_id=1, department="党政办"
    )
    leaving = await add_person(
        any_db, "包联乙", "13800000002", [(Role.PAIRED_CADRE, COMMUNITY)], telegram_id=2, department="党政办"
    )
    await set_active(any_db, "13800000002", False, now=clock())
    first = await make_engine(any_db, settings, clock).run_kind("attendance-midweek", at(2026, 9, 16, 9, 0))
    assert first.outcome is RunOutcome.RAN
    assert {q.person_id for q in await queued(any_db)} == {staying}

    await set_active(any_db, "13800000002", True, now=clock())
    await make_engine(any_db, settings, clock).run_kind("attendance-midweek", at(2026, 9, 23, 9, 0))
    assert {q.person_id for q in await queued(any_db) if q.day.day == 23} == {staying, leaving}


# --- the command line ---------------------------------------------------------------------------------------------


@pytest.fixture
def env(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    url = f"sqlite+aiosqlite:///{tmp_path}/cli.sqlite3"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("BOT_USERNAME", raising=False)
    monkeypatch.chdir(tmp_path)
    roster = tmp_path / "名册.csv"
    roster.write_text(
        "姓名,手机号,角色,社区\n张伟,13820020001,社区党委书记,幸福社区\n王芳,13820020003,社区干部,幸福社区\n",
        encoding="utf-8",
    )
    assert main(["roster", "import", str(roster)]) == 0
    return url


def _run(url: str, work):  # type: ignore[no-untyped-def]
    async def go():  # type: ignore[no-untyped-def]
        db = Database(url)
        try:
            return await work(db)
        finally:
            await db.dispose()

    return asyncio.run(go())


def test_cli_show_unbind_deactivate_activate_with_masked_phones(env, capsys, caplog):
    caplog.set_level(logging.INFO)  # (DEBUG: aiosqlite prints every parameter)
    capsys.readouterr()
    printed: list[str] = []

    def said() -> str:  # what the command printed, kept to check below that no full phone was ever printed
        captured = capsys.readouterr()
        printed.append(captured.out + captured.err)
        return captured.out

    async def bind(db: Database) -> None:
        async with db.session() as s:
            await s.execute(update(Person).where(Person.phone == "13820020003").values(telegram_id=777))

    _run(env, bind)
    assert main(["person", "show", "13820020003"]) == 0
    out = said()
    assert "王芳（手机号 138****0003）" in out
    assert "社区干部（幸福社区）" in out and "已绑定" in out and "正常" in out

    assert main(["person", "deactivate", "13820020003"]) == 0
    assert "已停用 王芳（手机号 138****0003）" in said()
    assert main(["person", "show", "13820020003"]) == 0
    assert "状态：已停用" in said()
    assert main(["person", "activate", "13820020003"]) == 0
    assert "已恢复 王芳" in said()

    assert main(["person", "unbind", "13820020003"]) == 0
    assert "已解除 王芳（手机号 138****0003）的 Telegram 账号绑定" in said()
    assert _run(env, lambda db: person_by_phone(db, "13820020003")).telegram_id is None
    assert main(["person", "show", "13820020003"]) == 0
    assert "Telegram 账号：未绑定" in said()
    assert [a.action for a in _run(env, _audits)] == [
        "roster_import",
        "person_deactivated",
        "person_activated",
        "person_unbound",
    ]

    assert len(printed) == 6 and all(printed)  # show, deactivate, show, activate, unbind, show
    assert "13820020003" not in "".join(printed) + caplog.text


def test_cli_unknown_phone_fails_masked_and_changes_nothing(env, capsys, caplog):
    caplog.set_level(logging.INFO)  # (DEBUG: aiosqlite prints every parameter)
    capsys.readouterr()
    audits_before = len(_run(env, _audits))
    for action in ("show", "unbind", "deactivate", "activate"):
        assert main(["person", action, "13900000000"]) == 1
        out = capsys.readouterr().out
        assert "名册中没有手机号为 139****0000 的人员，没有任何改动。" in out
        assert "13900000000" not in out
    assert "13900000000" not in caplog.text
    assert len(_run(env, _audits)) == audits_before
    assert _run(env, lambda db: person_by_phone(db, "13820020001")).active is True
