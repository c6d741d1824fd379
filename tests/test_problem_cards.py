"""One card per problem item in each chat, edited in place (issue 15): a walk through every move leaves the reporter
with one card naming the current owner, the new owner is told, an edit goes once and in order, a deleted card comes
back as a new one, "not modified" is fine, and a forged or stale press on a card changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from aiogram.exceptions import TelegramBadRequest
from sqlalchemy import func, select

from bot.sender import OutboxSender, RateLimiter
from domain.problems import Move
from services.problems import Draft, ProblemConfig, apply_move, create_problem
from storage import outbox
from storage.models import Grid, OutboxMessage, Problem, ProblemCard
from tests.conftest import fresh_database, needs_pg
from tests.factories import NOW
from tests.test_problems_flow import (
    IN_CHARGE,
    OFFICE,
    OTHER_SEC,
    PAIRED,
    PRINCIPAL,
    RESIDENT_PHONE,
    SECRETARY,
    WORKER,
    org,
)
from tests.tg import FakeTelegram, make_fake_bot

CONFIG = ProblemConfig()
TODO = "需要您办理"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=needs_pg)])
async def db(request, tmp_path):  # type: ignore[no-untyped-def]
    database = await fresh_database(request.param, tmp_path)
    yield database
    await database.dispose()


@pytest.fixture
async def people(db):  # type: ignore[no-untyped-def]
    return await org(db)


class Chats:
    """The outbox sender against the in-memory Telegram: what each person's chat holds after delivery."""

    def __init__(self, db) -> None:  # type: ignore[no-untyped-def]
        self.bot, self.telegram = make_fake_bot()
        self.sender = OutboxSender(self.bot, db, lambda: NOW, limiter=RateLimiter(1e6, 0.0))

    async def deliver(self) -> None:
        while await self.sender.drain_once():
            pass

    def cards(self, chat_id: int, problem_id: int) -> list[str]:
        """The item's cards in the chat (its title line is on the card only)."""
        return [t for t in self.telegram.texts(chat_id) if f"<b>#{problem_id} 问题" in t]

    def todos(self, chat_id: int) -> list[str]:
        return [t for t in self.telegram.texts(chat_id) if TODO in t]


async def new_item(db, people) -> int:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        grid = (await s.execute(select(Grid.id).where(Grid.name == "幸福社区第一网格"))).scalar_one()
    draft = Draft(
        kind="problem",
        grid_id=grid,
        category="safety",
        description="楼道堆放杂物",
        resident_name="王大爷",
        resident_phone=RESIDENT_PHONE,
    )
    return await create_problem(db, people["worker"], draft, NOW, CONFIG)


async def move(db, people, who: str, pid: int, m: Move, **kw) -> None:  # type: ignore[no-untyped-def]
    await apply_move(db, people[who], pid, m, NOW, CONFIG, **kw)


def owner_line(name: str) -> str:
    return f"当前负责人：{name}"


async def test_reporter_keeps_one_card_naming_the_owner_after_every_move(db, people):
    chats = Chats(db)
    pid = await new_item(db, people)
    await chats.deliver()
    assert len(chats.cards(SECRETARY, pid)) == 1  # the community hears of the report: its card
    assert chats.cards(WORKER, pid) == []  # the reporter made the report: nothing to tell them yet

    due = date(2026, 12, 10)
    steps = [
        (
            "secretary",
            Move.ACCEPT,
            {},
            "李娜",
            "社区已受理",
        ),  # the reporter is the first-inquiry owner 首问负责
        ("paired", Move.CLAIM, {}, "郑海", "包联干部认领承办"),
        ("paired", Move.ESCALATE, {"note": "需街道协调"}, "郑海", "已上报街道"),
        ("office", Move.REGISTER, {}, "郑海", "党政办已登记"),
        (
            "principal",
            Move.ASSIGN,
            {"leader_id": people["in_charge"], "due": due},
            "李明华",
            "已交办包办领导",
        ),
        ("in_charge", Move.START, {}, "李明华", "办理中"),
        ("in_charge", Move.RESOLVE, {"note": "已清理"}, "李明华", "已办结待确认"),
        ("worker", Move.NOT_FIXED, {"note": "又堆上了"}, "李明华", "办理中"),
        ("in_charge", Move.RESOLVE, {"note": "已彻底清理"}, "李明华", "已办结待确认"),
        ("worker", Move.CONFIRM, {}, "李明华", "已确认办结"),
    ]
    for who, m, kw, owner, status in steps:
        await move(db, people, who, pid, m, **kw)
        await chats.deliver()
        [card] = chats.cards(WORKER, pid)  # one card in the reporter's chat, whatever happened
        assert owner_line(owner) in card and f"状态：{status}" in card, (m, card)

    # The edits went to the one message, once each and in order: the first card came with the acceptance.
    [message] = [m for m in chats.telegram.chat(WORKER) if f"<b>#{pid} 问题" in m.text]
    edits = [text for chat, mid, text in chats.telegram.edits if (chat, mid) == (WORKER, message.message_id)]
    assert len(edits) == len(steps) - 1
    assert [e.split("\n")[0] for e in edits][-1].startswith("👍")
    assert message.buttons() == ["🔎 查看并办理"]
    # The reporter was asked to act only when it was theirs to confirm (twice), not on every move.
    assert len(chats.todos(WORKER)) == 2
    assert len(chats.telegram.chat(WORKER)) == 3

    # The new owner was told: the leader's card came with the assignment, naming them, phone in full.
    leader_cards = chats.cards(IN_CHARGE, pid)
    assert (
        len(leader_cards) == 1
        and owner_line("李明华") in leader_cards[0]
        and RESIDENT_PHONE in leader_cards[0]
    )
    # ... and when the reporter said "not fixed", the leader was asked again, as a new message.
    assert any("表示未解决" in t for t in chats.todos(IN_CHARGE))
    # Everyone else who holds a card holds one, current, too: the community, the paired cadre, 党政办, the principal.
    for chat in (SECRETARY, PAIRED, OFFICE, PRINCIPAL):
        [card] = chats.cards(chat, pid)
        assert "状态：已确认办结" in card and owner_line("李明华") in card, chat
    # The resident's phone: masked for those not handling the item now.
    assert RESIDENT_PHONE not in chats.cards(OFFICE, pid)[0]


async def test_an_edit_is_queued_once_per_change_and_chat(db, people):
    pid = await new_item(db, people)
    await move(db, people, "secretary", pid, Move.ACCEPT)
    await move(db, people, "secretary", pid, Move.CITY, note="需市政")
    async with db.session() as s:
        rows = (await s.execute(select(OutboxMessage).where(OutboxMessage.chat_id == WORKER))).scalars().all()
        held = (await s.execute(select(func.count()).select_from(ProblemCard))).scalar_one()
    assert [(r.method, r.key) for r in rows] == [
        ("sendMessage", f"problem:{pid}:card:{WORKER}"),
        (
            "editMessageText",
            f"problem:{pid}:event:3:{WORKER}",
        ),  # a flag asks nothing of the reporter: no notice
    ]
    assert rows[1].payload["edit_key"] == rows[0].key
    assert held == 3  # the secretary (report), the reporter and the paired cadre (acceptance)


async def test_a_deleted_card_comes_back_as_a_new_one_that_later_changes_edit(db, people):
    chats = Chats(db)
    pid = await new_item(db, people)
    await move(db, people, "secretary", pid, Move.ACCEPT)
    await chats.deliver()
    [first] = [m for m in chats.telegram.chat(WORKER)]
    del chats.telegram.messages[WORKER][first.message_id]  # the reporter deleted it

    await move(db, people, "paired", pid, Move.CLAIM)
    await chats.deliver()
    [card] = chats.telegram.chat(WORKER)
    assert card.message_id != first.message_id and owner_line("郑海") in card.text
    async with db.session() as s:
        status, message_id = await outbox.sent_message(s, f"problem:{pid}:card:{WORKER}")  # type: ignore[misc]
    assert (status, message_id) == ("sent", card.message_id)  # the card's key names the new message now

    await move(db, people, "paired", pid, Move.ESCALATE, note="需街道协调")
    await chats.deliver()
    [card] = chats.telegram.chat(WORKER)
    assert "状态：已上报街道" in card.text


async def test_not_modified_is_fine_and_other_refusals_still_fail(db, people):
    chats = Chats(db)
    pid = await new_item(db, people)
    await move(db, people, "secretary", pid, Move.ACCEPT)
    await chats.deliver()
    telegram: FakeTelegram = chats.telegram
    answer = telegram.make_request

    async def refuse_edits(bot, method, timeout=None):  # type: ignore[no-untyped-def]
        if type(method).__name__ == "EditMessageText":
            raise TelegramBadRequest(
                method=method,
                message="Bad Request: message is not modified: specified new message content and reply markup "
                "are exactly the same as a current content and reply markup of the message",
            )
        return await answer(bot, method, timeout)

    telegram.make_request = refuse_edits  # type: ignore[method-assign]
    await move(db, people, "secretary", pid, Move.CITY, note="需市政")
    await chats.deliver()
    async with db.session() as s:
        edit = (
            await s.execute(
                select(OutboxMessage).where(OutboxMessage.key == f"problem:{pid}:event:3:{WORKER}")
            )
        ).scalar_one()
    assert edit.status == "sent" and edit.error is None
    assert len(telegram.chat(WORKER)) == 1  # nothing sent anew


async def test_an_edit_without_or_send_of_a_deleted_message_fails(db):
    chats = Chats(db)
    async with db.session() as s:
        await outbox.enqueue(s, key="roll", chat_id=5, payload={"text": "已到 0 人"}, now=NOW)
    await chats.deliver()
    chats.telegram.messages[5].clear()
    async with db.session() as s:
        await outbox.enqueue(
            s,
            key="e1",
            chat_id=5,
            method="editMessageText",
            payload={"edit_key": "roll", "text": "已到 1 人"},
            now=NOW,
        )
    await chats.deliver()
    assert chats.telegram.texts(5) == []
    async with db.session() as s:
        assert (await outbox.sent_message(s, "e1"))[0] == "failed"  # type: ignore[index]


async def test_an_edit_of_a_card_that_never_reached_the_chat_sends_it(db, people):
    chats = Chats(db)
    pid = await new_item(db, people)
    await move(db, people, "secretary", pid, Move.ACCEPT)
    chats.telegram.blocked.add(WORKER)  # the first card fails (403) ...
    await chats.deliver()
    chats.telegram.blocked.discard(WORKER)
    async with db.session() as s:  # ... and the reporter writes to the bot again
        from storage.models import Person

        (await s.get(Person, people["worker"])).active = True  # type: ignore[union-attr]
    await move(db, people, "paired", pid, Move.CLAIM)
    await chats.deliver()
    [card] = chats.telegram.chat(WORKER)
    assert owner_line("郑海") in card.text and "状态：包联干部认领承办" in card.text


async def walk_to_accepted(harness, people):  # type: ignore[no-untyped-def]
    pid = await new_item(harness.db, people)
    await harness.deliver()
    secretary = harness.user(SECRETARY)
    card = [m for m in harness.telegram.chat(SECRETARY) if m.inline][-1]
    await secretary.press("🔎 查看并办理", card)
    await secretary.press("✅ 受理")
    await harness.deliver()
    return pid


async def test_forged_or_stale_presses_on_a_card_change_nothing(harness, people):
    pid = await walk_to_accepted(harness, people)
    paired = harness.user(PAIRED)
    [card] = [m for m in harness.telegram.chat(PAIRED) if m.inline]
    await paired.press("🔎 查看并办理", card)
    screen = paired.last_with_buttons()
    assert harness.telegram.chat(PAIRED)[0].buttons() == ["🔎 查看并办理"]  # the card keeps its button
    assert "🙋 认领承办" in screen.buttons()
    # Meanwhile the community escalates it: the screen above is stale.
    await apply_move(harness.db, people["secretary"], pid, Move.ESCALATE, NOW, CONFIG, note="需街道协调")
    await harness.deliver()
    async with harness.db.session() as s:
        queued = (await s.execute(select(func.count()).select_from(OutboxMessage))).scalar_one()
    reporter_card = harness.telegram.chat(WORKER)[0].text
    callback = await paired.press("🙋 认领承办", screen)
    assert "状态已经变化" in paired.answer(callback)["text"]
    # A forged open of another item from the card, and someone not involved pressing the card's own button.
    forged = await paired.press_data("pb:open:9999", card)
    assert "没有找到" in paired.answer(forged)["text"]
    outsider = harness.user(OTHER_SEC)
    await outsider.send("/menu")
    foreign = await outsider.press_data(f"pb:open:{pid}", card)
    assert "无权" in outsider.answer(foreign)["text"]
    async with harness.db.session() as s:
        item = await s.get(Problem, pid)
        after = (await s.execute(select(func.count()).select_from(OutboxMessage))).scalar_one()
    assert item.status == "escalated" and item.owner_id == people["worker"]  # not claimed
    assert after == queued  # nothing new queued
    await harness.deliver()
    assert harness.telegram.chat(WORKER)[0].text == reporter_card and len(harness.telegram.chat(WORKER)) == 1
