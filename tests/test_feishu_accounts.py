"""A person bound on Telegram and on Feishu (issue 19): the reminders' and the digests' bulk outbox rows reach each
account exactly once (`outbox.twins` through `reminders.engine.enqueue_many`), and the export worker answers each
chat through the bot of its messenger. No Feishu API here: the ids are set in the database as binding sets them."""

from __future__ import annotations

from datetime import date
from itertools import count
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import delete, select, update

from bot.exports_worker import ExportWorker
from domain.roles import Role
from domain.workcalendar import WorkCalendar
from reminders.engine import Due, ReminderEngine, ReminderKind, RunOutcome
from reports import charts
from services import exports as service
from storage import outbox
from storage.messenger_ids import FEISHU_ID_BASE
from storage.models import Community, ExportJob, Grid, OutboxMessage, Person, ReminderRun, WorkLog
from tests.factories import NOW, add_person
from tests.reminder_helpers import at, make_engine
from tests.statements import executed

BOTH_TG, BOTH_FS = 501, FEISHU_ID_BASE + 7  # 王主任: Telegram and Feishu
FEISHU_ONLY = FEISHU_ID_BASE + 9  # 李分管: Feishu only (the id in telegram_id, the primary chat)
TELEGRAM_ONLY = 503  # 赵分管


async def _people(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    ids = {
        "both": await add_person(
            db, "王主任", "13900000001", [(Role.PRINCIPAL_LEADER, None)], telegram_id=BOTH_TG
        ),
        "feishu": await add_person(
            db, "李分管", "13900000002", [(Role.LEADER_IN_CHARGE, "幸福社区")], telegram_id=FEISHU_ONLY
        ),
        "telegram": await add_person(
            db, "赵分管", "13900000003", [(Role.LEADER_IN_CHARGE, "幸福社区")], telegram_id=TELEGRAM_ONLY
        ),
        "worker": await add_person(
            db, "网格员", "13900000010", [(Role.GRID_WORKER, "幸福社区")], telegram_id=600
        ),
    }
    async with db.session() as s:
        await s.execute(update(Person).where(Person.id == ids["both"]).values(feishu_id=BOTH_FS))
    return ids


async def _rows(db, prefix: str) -> dict[str, tuple[int, str, dict]]:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        found = await s.scalars(select(OutboxMessage).where(OutboxMessage.key.startswith(prefix)))
        return {r.key: (r.chat_id, r.method, r.payload) for r in found}


async def test_a_reminder_reaches_each_account_once_and_a_rerun_adds_nothing(any_db, settings, clock):
    db = any_db
    ids = await _people(db)

    async def collect(session, slot):  # type: ignore[no-untyped-def]
        return [
            Due(ids[who], "p", "remind-calendar-fallback", {"year": "2026"}) for who in ("both", "feishu")
        ]

    kind = ReminderKind("twins-test", lambda slot: True, collect)
    engine = ReminderEngine(db, settings.model_copy(update={"reminder_time": "09:00"}), [kind], clock)
    when = at(2026, 11, 27, 9, 30)  # a Friday, a working day
    first = await engine.run_kind("twins-test", when)
    assert first.outcome is RunOutcome.RAN and first.queued == 3  # two accounts of 王主任, one of 李分管
    rows = await _rows(db, "rem:twins-test:")
    both, feishu = f"rem:twins-test:{ids['both']}:p", f"rem:twins-test:{ids['feishu']}:p"
    assert set(rows) == {both, both + "@feishu", feishu}
    assert (
        rows[both][0] == BOTH_TG and rows[both + "@feishu"][0] == BOTH_FS and rows[feishu][0] == FEISHU_ONLY
    )
    assert rows[both + "@feishu"][2] == rows[both][2]  # the same text and mute buttons on both accounts
    assert "2026" in rows[both][2]["text"]
    # A second fire of the slot queues nothing; nor does a repeat whose slot record was lost (the keys stay).
    assert (await engine.run_kind("twins-test", when)).outcome is RunOutcome.ALREADY
    async with db.session() as s:
        await s.execute(delete(ReminderRun))
    assert (
        await engine.run_kind("twins-test", when)
    ).outcome is RunOutcome.RAN  # its rows conflict: none new
    assert await _rows(db, "rem:twins-test:") == rows


@pytest.mark.parametrize("chats", [3, outbox.TWIN_LOOKUP_IN + 700])
async def test_twins_are_found_in_one_read_whatever_the_number_of_chats(any_db, chats):
    """A few rows look their people up by IN (...); a bulk beyond TWIN_LOOKUP_IN reads every person bound on both
    messengers in one statement (issue 14: statements that do not grow with the recipients). Same twins either way."""
    db = any_db
    await _people(db)
    chat_ids = [BOTH_TG, FEISHU_ONLY, TELEGRAM_ONLY] + list(range(10_000, 10_000 + chats - 3))
    rows = [
        {"key": f"k:{c}", "chat_id": c, "method": "sendMessage", "payload": {"text": "x"}} for c in chat_ids
    ]
    with executed(db) as statements:
        async with db.session() as s:
            made = await outbox.twins(s, rows)
    assert made == [
        {"key": f"k:{BOTH_TG}@feishu", "chat_id": BOTH_FS, "method": "sendMessage", "payload": {"text": "x"}}
    ]
    assert len([sql for sql in statements if "FROM people" in sql]) == 1


async def test_a_digest_with_its_chart_reaches_each_account_once(any_db, settings, clock):
    db = any_db
    ids = await _people(db)
    async with db.session() as s:
        community = await s.scalar(select(Community).where(Community.name == "幸福社区"))
        grid = await s.scalar(select(Grid).where(Grid.community_id == community.id))  # type: ignore[union-attr]
        for households in (3, 5):  # yesterday's logs: the daily chart has figures
            s.add(
                WorkLog(
                    person_id=ids["worker"],
                    community_id=community.id,  # type: ignore[union-attr]
                    grid_id=grid.id,  # type: ignore[union-attr]
                    work_date=date(2026, 11, 26),
                    deployment="grid_worker",
                    categories=["helper"],
                    households=households,
                    content="走访",
                    status="approved",
                    version=1,
                    created_at=at(2026, 11, 26, 18),
                    submitted_at=at(2026, 11, 26, 18),
                )
            )
    engine = make_engine(db, settings, clock)
    when = at(2026, 11, 27, 8, 31)
    assert (await engine.run_kind("digest-daily", when)).outcome is RunOutcome.RAN
    rows = await _rows(db, "digest:daily:2026-11-27:")
    mine = {k: v for k, v in rows.items() if k.split(":")[3] == str(ids["both"])}
    primary = {k: v for k, v in mine.items() if not k.endswith("@feishu")}
    assert primary and all(v[0] == BOTH_TG for v in primary.values())
    assert {k + "@feishu" for k in primary} == set(mine) - set(primary)  # each message once on each account
    for key, (_, method, payload) in primary.items():
        assert rows[key + "@feishu"] == (BOTH_FS, method, payload)
    assert any("合计：纪实 2 条" in v[2].get("text", "") for v in primary.values())
    if charts.cjk_font():
        assert [v[1] for k, v in mine.items() if k.endswith(":chart@feishu")] == ["sendPhoto"]
    # The others: one account each, no twin.
    for who, chat in (("feishu", FEISHU_ONLY), ("telegram", TELEGRAM_ONLY)):
        theirs = {k: v for k, v in rows.items() if k.split(":")[3] == str(ids[who])}
        assert theirs and all(v[0] == chat and not k.endswith("@feishu") for k, v in theirs.items())
    # Run again (a second fire, and one whose slot record was lost): not a row more.
    assert (await engine.run_kind("digest-daily", when)).outcome is RunOutcome.ALREADY
    async with db.session() as s:
        await s.execute(delete(ReminderRun))
    assert (await engine.run_kind("digest-daily", when)).outcome is RunOutcome.RAN
    assert await _rows(db, "digest:daily:2026-11-27:") == rows


class FakeBot:
    """A bot of one messenger as the export worker uses it, recording what it was asked to do."""

    def __init__(self, numbers: count) -> None:
        self.calls: list[tuple[str, int, Any]] = []
        self._numbers = numbers

    async def send_message(self, chat_id: int, text: str, **_: Any) -> SimpleNamespace:
        self.calls.append(("message", chat_id, text))
        return SimpleNamespace(message_id=next(self._numbers))

    async def edit_message_text(self, text: str, *, chat_id: int, message_id: int, **_: Any) -> bool:
        self.calls.append(("edit", chat_id, message_id))
        return True

    async def send_document(self, chat_id: int, document: Any, caption: str | None = None, **_: Any) -> Any:
        self.calls.append(("document", chat_id, document.filename))
        return SimpleNamespace(message_id=next(self._numbers))


async def _ask(db, person_id: int, chat_id: int, community_id: int | None = None) -> None:  # type: ignore[no-untyped-def]
    asked = await service.request_export(
        db,
        person_id,
        chat_id=chat_id,
        locale="zh-CN",
        kind="worklog",
        community_id=community_id,
        period="2026-10-01",
        now=NOW,
        timezone="Asia/Shanghai",
        cal=WorkCalendar(),
    )
    assert asked.outcome is service.Outcome.QUEUED


async def test_the_export_worker_answers_each_chat_through_its_messengers_bot(db, clock, tmp_path):
    ids = await _people(db)
    numbers = count(1)
    telegram, feishu = FakeBot(numbers), FakeBot(numbers)
    worker = ExportWorker(telegram, db, clock, tmp_path / "exports", feishu_bot=feishu)  # type: ignore[arg-type]
    async with db.session() as s:
        community = await s.scalar(select(Community.id).where(Community.name == "幸福社区"))
    await _ask(db, ids["feishu"], FEISHU_ONLY, community)
    await _ask(db, ids["both"], BOTH_TG)  # asked on Telegram: answered there, though bound on Feishu too
    assert await worker.drain() == 2
    assert {chat for _, chat, _ in feishu.calls} == {FEISHU_ONLY}
    assert {chat for _, chat, _ in telegram.calls} == {BOTH_TG}
    for bot in (telegram, feishu):
        kinds = [kind for kind, _, _ in bot.calls]
        assert kinds[0] == "message" and kinds.count("document") == 1 and kinds[-1] == "edit"
    async with db.session() as s:
        assert set(await s.scalars(select(ExportJob.status))) == {"sent"}
    # Telegram alone (no Feishu bot): every chat through the one bot, as before.
    alone = ExportWorker(telegram, db, clock, tmp_path / "exports")  # type: ignore[arg-type]
    assert alone._bot(FEISHU_ONLY) is telegram and worker._bot(FEISHU_ONLY) is feishu


async def test_unbinding_or_deactivating_a_person_on_both_messengers_covers_both_accounts(db, clock):
    from services import person_admin
    from services.people import load_actor
    from storage.outbox import enqueue

    await _people(db)
    async with db.session() as s:
        await enqueue(s, key="n:1", chat_id=BOTH_TG, payload={"text": "待办"}, now=NOW)  # and its Feishu twin
    await person_admin.set_active(db, "13900000001", False, now=NOW)
    async with db.session() as s:
        statuses = dict((await s.execute(select(OutboxMessage.key, OutboxMessage.status))).all())
    assert statuses == {"n:1": "failed", "n:1@feishu": "failed"}  # nothing queued goes to either account
    change = await person_admin.unbind(db, "13900000001", now=NOW)
    assert change.changed
    async with db.session() as s:
        person = await s.scalar(select(Person).where(Person.phone == "13900000001"))
        assert person is not None and (person.telegram_id, person.feishu_id) == (None, None)
    for account in (BOTH_TG, BOTH_FS):  # each account is an unknown user from its next update
        assert not (await load_actor(db, account, "zh-CN")).onboarded
