"""Emergency call-outs (issue 8) through the real dispatcher: who may raise one, the alerts (before queued routine
notices, through quiet hours and mutes), the answers and the required reason, forged/stale/closed presses, the live
roll, widening exactly once after the (shortened) timeout, closing with an outcome, the timeline export, neighbours."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.cli import main
from domain import callouts as rules
from domain.callouts import Raiser
from domain.roles import Role
from services import callouts as service
from services.callouts import CalloutConfig
from storage.db import Database
from storage.models import (
    Callout,
    CalloutEvent,
    CalloutTarget,
    Community,
    CommunityPoint,
    OutboxMessage,
    ReminderMute,
)
from storage.outbox import enqueue
from tests.conftest import PG_URL, fresh_database
from tests.factories import NOW, add_person
from tests.sheet_helpers import forge

SEC, SQUAD1, SQUAD2, NEIGHBOUR, BRIGADE, IN_CHARGE, PRINCIPAL, ADMIN, OTHER_SEC, WORKER = range(301, 311)
FAR_BRIGADE = 312  # a brigade member of another sub-district
ROLL_END = "✅ 结束"


@pytest.fixture
async def people(db):  # type: ignore[no-untyped-def]
    ids = {}
    ids["sec"] = await add_person(db, "张伟", "13820020001", [(Role.SECRETARY, "幸福社区")], telegram_id=SEC)
    ids["squad1"] = await add_person(
        db, "马超", "13820020007", [(Role.EMERGENCY_MEMBER, "幸福社区")], telegram_id=SQUAD1
    )
    ids["squad2"] = await add_person(
        db, "刘军", "13820020008", [(Role.EMERGENCY_MEMBER, "幸福社区")], telegram_id=SQUAD2
    )
    ids["neighbour"] = await add_person(
        db, "许刚", "15030030005", [(Role.EMERGENCY_MEMBER, "和平社区")], telegram_id=NEIGHBOUR
    )
    ids["brigade"] = await add_person(
        db, "周强", "13910010007", [(Role.ENFORCEMENT_MEMBER, None)], telegram_id=BRIGADE
    )
    ids["in_charge"] = await add_person(
        db, "李明华", "13910010002", [(Role.LEADER_IN_CHARGE, "幸福社区")], telegram_id=IN_CHARGE
    )
    ids["principal"] = await add_person(
        db, "王建国", "13910010001", [(Role.PRINCIPAL_LEADER, None)], telegram_id=PRINCIPAL
    )
    ids["admin"] = await add_person(db, "孙丽", "13910010006", [(Role.ADMIN, None)], telegram_id=ADMIN)
    ids["other_sec"] = await add_person(
        db, "林静怡", "15030030001", [(Role.SECRETARY, "和平社区")], telegram_id=OTHER_SEC
    )
    ids["worker"] = await add_person(
        db, "李娜", "13820020002", [(Role.GRID_WORKER, "幸福社区")], telegram_id=WORKER
    )
    await add_person(db, "陈光", "18640040001", [(Role.SECRETARY, "光明社区")])
    await add_person(
        db,
        "钱多",
        "13700000012",
        [(Role.ENFORCEMENT_MEMBER, None)],
        telegram_id=FAR_BRIGADE,
        subdistrict="东城街道",
    )
    assert (await service.set_neighbours(db, "幸福社区", ["和平社区"]))[0] == "set"
    return ids


def config(harness) -> CalloutConfig:  # type: ignore[no-untyped-def]
    return CalloutConfig.from_settings(harness.settings)


async def raise_callout(user, *, brigade: bool = False, address: str = "幸福小区3栋2单元") -> None:  # type: ignore[no-untyped-def]
    await user.send("/callout")
    await user.press("🚨 发起应急呼叫")
    await user.press("🔥 火情")
    await user.send(address)
    await user.send("3楼厨房起火，需要人手疏散群众")
    await user.press("同时呼叫综合执法大队" if brigade else "仅本社区应急分队")
    await user.press("🚨 立即发出")


def alert(harness, chat_id: int):  # type: ignore[no-untyped-def]
    return [m for m in harness.telegram.chat(chat_id) if "应急呼叫 #" in m.text and m.inline][-1]


def roll(harness):  # type: ignore[no-untyped-def]
    return [
        m for m in harness.telegram.chat(SEC) if m.text.startswith("🚨 应急呼叫 #") and "已回复" in m.text
    ][-1]


async def callout_row(db: Database) -> Callout:
    async with db.session() as s:
        return (await s.execute(select(Callout))).scalar_one()


async def targets(db: Database) -> dict[int, tuple[str | None, str | None]]:
    async with db.session() as s:
        rows = (await s.execute(select(CalloutTarget))).scalars().all()
    return {t.person_id: (t.answer, t.reason) for t in rows}


async def events(db: Database) -> list[str]:
    async with db.session() as s:
        return list((await s.execute(select(CalloutEvent.action).order_by(CalloutEvent.id))).scalars())


# --- who may raise -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raiser", "community", "allowed"),
    [
        (Raiser(frozenset({Role.SECRETARY}), frozenset({1}), frozenset()), 1, True),
        (Raiser(frozenset({Role.SECRETARY}), frozenset({1}), frozenset()), 2, False),
        (Raiser(frozenset({Role.LEADER_IN_CHARGE}), frozenset(), frozenset({1, 2})), 2, True),
        (Raiser(frozenset({Role.LEADER_IN_CHARGE}), frozenset(), frozenset({1})), 3, False),
        (Raiser(frozenset({Role.PRINCIPAL_LEADER}), frozenset(), frozenset()), 3, True),
        (Raiser(frozenset({Role.PRINCIPAL_LEADER}), frozenset(), frozenset(), subdistrict_id=1), 3, True),
        (Raiser(frozenset({Role.ADMIN}), frozenset(), frozenset()), 3, True),
        (Raiser(frozenset({Role.EMERGENCY_MEMBER}), frozenset(), frozenset()), 1, False),
        (Raiser(frozenset({Role.GRID_WORKER}), frozenset(), frozenset()), 1, False),
    ],
)
def test_may_raise(raiser, community, allowed):  # type: ignore[no-untyped-def]
    assert rules.may_raise(raiser, community, 1) is allowed


def test_a_principal_leader_raises_only_in_their_own_subdistrict():
    principal = Raiser(frozenset({Role.PRINCIPAL_LEADER}), frozenset(), frozenset(), subdistrict_id=1)
    assert rules.may_raise(principal, 7, 1) and not rules.may_raise(principal, 7, 2)
    admin = Raiser(frozenset({Role.ADMIN}), frozenset(), frozenset(), subdistrict_id=1)
    assert rules.may_raise(admin, 7, 2)


async def test_squad_member_and_worker_cannot_raise(harness, db, people):  # type: ignore[no-untyped-def]
    for user_id in (SQUAD1, WORKER, BRIGADE):
        user = harness.user(user_id)
        await user.send("/callout")
        assert "无权使用“🚨 应急调度”" in user.last().text
        assert "🚨 发起应急呼叫" not in user.last().buttons()
    async with db.session() as s:
        assert (await s.execute(select(func.count()).select_from(Callout))).scalar_one() == 0


async def test_each_raiser_sees_only_their_communities(harness, db, people):  # type: ignore[no-untyped-def]
    assert [n for _, n in await service.communities_for(db, people["sec"])] == ["幸福社区"]
    assert [n for _, n in await service.communities_for(db, people["other_sec"])] == ["和平社区"]
    assert [n for _, n in await service.communities_for(db, people["in_charge"])] == ["幸福社区"]
    everything = ["光明社区", "和平社区", "幸福社区"]
    assert sorted(n for _, n in await service.communities_for(db, people["principal"])) == everything
    assert sorted(n for _, n in await service.communities_for(db, people["admin"])) == everything
    # The principal leader picks the community; a forged community id is refused.
    principal = harness.user(PRINCIPAL)
    await principal.send("/callout")
    await principal.press("🚨 发起应急呼叫")
    assert set(principal.last().buttons()) >= set(everything)
    data = principal.last_with_buttons().inline[0][0][1]
    await principal.press_data(data.rsplit(":", 1)[0] + ":99999")
    async with db.session() as s:
        assert (await s.execute(select(func.count()).select_from(Callout))).scalar_one() == 0


async def test_a_forged_community_in_the_draft_is_refused_by_the_service(db, people, settings):  # type: ignore[no-untyped-def]
    async with db.session() as s:
        other = (await s.execute(select(Community.id).where(Community.name == "和平社区"))).scalar_one()
    draft = service.Draft(community_id=other, kind="fire", need="x", address="y")
    with pytest.raises(service.CalloutError) as refused:
        await service.raise_callout(db, people["sec"], SEC, draft, NOW, CalloutConfig.from_settings(settings))
    assert refused.value.key == "callout-no-permission"


# --- sending ------------------------------------------------------------------------------------------------------


async def test_alerts_overtake_routine_notices_and_ignore_quiet_hours_and_mutes(harness, db, people):  # type: ignore[no-untyped-def]
    harness.clock.now = NOW.replace(hour=15)  # 23:00 in Shanghai: inside the quiet hours
    async with db.session() as s:
        s.add(ReminderMute(person_id=people["squad1"], until=harness.clock.now + timedelta(days=3)))
        for n in range(5):  # routine notices queued before the emergency
            for chat in (SQUAD1, SQUAD2):
                await enqueue(
                    s, key=f"routine:{n}:{chat}", chat_id=chat, payload={"text": f"例行提醒 {n}"}, now=NOW
                )
    await raise_callout(harness.user(SEC), brigade=True)
    await harness.deliver()
    for chat in (SQUAD1, SQUAD2, BRIGADE):
        texts = harness.telegram.texts(chat)
        assert "应急呼叫 #" in texts[0], texts
        assert "3楼厨房起火" in texts[0] and "幸福小区3栋2单元" in texts[0]
        assert alert(harness, chat).buttons() == ["🏃 马上到", "🙅 无法到场"]
    # The routine reminders did wait their turn: all of them went out, after the alert.
    assert harness.telegram.texts(SQUAD1)[1:] == [f"例行提醒 {n}" for n in range(5)]
    sent = [params.get("text", "") for name, params in harness.telegram.calls if name == "SendMessage"]
    first_routine = min(i for i, text in enumerate(sent) if "例行提醒" in text)
    alerts = [i for i, text in enumerate(sent) if "🚨🚨" in text]
    assert len(alerts) == 3 and max(alerts) < first_routine, sent
    # Nobody else was called; the caller has the roll.
    assert not [t for t in harness.telegram.texts(WORKER) if "应急呼叫" in t]
    assert not harness.telegram.texts(FAR_BRIGADE)
    assert not [t for t in harness.telegram.texts(NEIGHBOUR) if "应急呼叫" in t]
    assert roll(harness).buttons() == [ROLL_END]
    assert "⏳ 未回复（3）" in roll(harness).text
    async with db.session() as s:
        priorities = (
            await s.execute(select(OutboxMessage.priority).where(OutboxMessage.key.like("co:%")))
        ).scalars()
        assert set(priorities) == {rules.PRIORITY}


async def test_a_location_as_the_place(harness, db, people):  # type: ignore[no-untyped-def]
    from aiogram.types import Location

    sec = harness.user(SEC)
    await sec.send("/callout")
    await sec.press("🚨 发起应急呼叫")
    await sec.press("🚑 医疗")
    await sec.send_photo("p1")  # not a place
    assert "请发送位置" in sec.last().text or "请发送位置" in sec.messages()[-2].text
    await sec._feed(message=sec._message(location=Location(latitude=30.25, longitude=120.15)))
    await sec.send("老人晕倒，需要两人协助送医")
    await sec.press("仅本社区应急分队")
    await sec.press("🚨 立即发出")
    await harness.deliver()
    assert any(m.text == "[location] 30.25,120.15" for m in harness.telegram.chat(SQUAD1))
    row = await callout_row(db)
    assert (row.latitude, row.longitude, row.address, row.kind) == (30.25, 120.15, None, "medical")


async def test_need_too_long_is_refused_and_nothing_sent(harness, db, people):  # type: ignore[no-untyped-def]
    sec = harness.user(SEC)
    await sec.send("/callout")
    await sec.press("🚨 发起应急呼叫")
    await sec.press("🌊 汛情")
    await sec.send("河堤")
    await sec.send("水" * (rules.MAX_NEED + 1))
    assert any("1–300" in m.text for m in sec.messages()[-2:])
    async with db.session() as s:
        assert (await s.execute(select(func.count()).select_from(Callout))).scalar_one() == 0


# --- answers and the roll -------------------------------------------------------------------------------------------


async def test_answers_update_the_one_roll_message(harness, db, people):  # type: ignore[no-untyped-def]
    await raise_callout(harness.user(SEC))
    await harness.deliver()
    roll_id = roll(harness).message_id
    squad1, squad2 = harness.user(SQUAD1), harness.user(SQUAD2)
    pressed = await squad1.press("🏃 马上到", alert(harness, SQUAD1))
    assert "已记录：马上到" in squad1.answer(pressed)["text"]
    await squad2.press("🙅 无法到场", alert(harness, SQUAD2))
    assert "请说明无法到场的原因" in squad2.last().text
    await squad2.send_photo("p1")
    assert "请输入文字" in squad2.messages()[-2].text
    await squad2.send("原" * (rules.MAX_REASON + 1))
    assert "不超过 100 字" in squad2.messages()[-2].text
    assert (await targets(db))[people["squad2"]] == (None, None)
    await squad2.send("在外地出差，赶不回来")
    assert "已记录：无法到场" in squad2.last().text
    # Two answers before the sender ran: one edit waits, not two.
    async with db.session() as s:
        edits = (
            await s.execute(
                select(func.count()).select_from(OutboxMessage).where(OutboxMessage.key.like("co:roll:%:e%"))
            )
        ).scalar_one()
    assert edits == 1
    harness.clock.now = NOW + timedelta(minutes=3)
    await harness.deliver()
    text = roll(harness).text
    assert roll(harness).message_id == roll_id
    assert [m for m in harness.telegram.chat(SEC) if "已回复" in m.text] == [roll(harness)]
    assert "🏃 马上到（1）：马超 10:00" in text
    assert "🙅 无法到场（1）" in text and "刘军：在外地出差，赶不回来" in text
    assert "⏳ 未回复（0）" in text and "已回复 2/2 人" in text
    assert (await targets(db))[people["squad1"]] == ("coming", None)
    assert (await targets(db))[people["squad2"]] == ("cannot", "在外地出差，赶不回来")
    # Pressing 马上到 again changes nothing.
    again = await squad1.press("🏃 马上到", alert(harness, SQUAD1))
    assert "已记录过" in squad1.answer(again)["text"]
    assert await events(db) == ["raised", "sent", "coming", "cannot"]


async def test_forged_stale_and_foreign_presses_change_nothing(harness, db, people):  # type: ignore[no-untyped-def]
    await raise_callout(harness.user(SEC))
    await harness.deliver()
    row = await callout_row(db)
    before = (await targets(db), await events(db))
    worker, squad1 = harness.user(WORKER), harness.user(SQUAD1)
    cases = [
        (worker, f"co:go:{row.id}:1", "不是发给你的"),
        (worker, f"co:no:{row.id}:1", "不是发给你的"),
        (squad1, "co:go:999:1", "找不到这条应急呼叫"),
        (squad1, f"co:go:{row.id}:7", "按钮已过期"),
        (squad1, f"co:end:{row.id}:1", "只有发起人"),
        (squad1, f"co:xl:{row.id}:1", "只有发起人"),
        (harness.user(OTHER_SEC), f"co:end:{row.id}:1", "只有发起人"),
    ]
    for user, data, expected in cases:
        pressed = await user.press_data(data, alert(harness, SQUAD1))
        assert expected in user.answer(pressed)["text"], (data, user.answer(pressed))
    pressed = await squad1.press_data("co:go:abc:1", alert(harness, SQUAD1))
    assert "已过期" in squad1.answer(pressed)["text"] or "outdated" in str(squad1.answer(pressed))
    assert (await targets(db), await events(db)) == before


async def test_the_reason_dialog_refuses_once_the_callout_is_closed(harness, db, people):  # type: ignore[no-untyped-def]
    await raise_callout(harness.user(SEC))
    await harness.deliver()
    squad2 = harness.user(SQUAD2)
    await squad2.press("🙅 无法到场", alert(harness, SQUAD2))
    row = await callout_row(db)
    assert (
        await service.close(db, people["sec"], row.id, 1, "已扑灭", NOW, config(harness))
        is service.Outcome.OK
    )
    await squad2.send("生病了")
    assert "已结束" in squad2.last().text
    assert (await targets(db))[people["squad2"]] == (None, None)


# --- widening -----------------------------------------------------------------------------------------------------


async def test_widens_exactly_once_after_the_timeout(harness, db, people):  # type: ignore[no-untyped-def]
    harness.settings.callout_widen_minutes = 2
    await raise_callout(harness.user(SEC))
    await harness.deliver()
    await harness.user(SQUAD1).press("🏃 马上到", alert(harness, SQUAD1))
    cfg = config(harness)
    await service.watch(db, NOW + timedelta(minutes=1), cfg)  # not yet (only the roll's elapsed time)
    assert not (await callout_row(db)).widened and "widened" not in await events(db)
    # A restart in between: the deadline lives in the database.
    await harness.restart()
    db2 = harness.restarted[-1]
    later = NOW + timedelta(minutes=2, seconds=5)
    harness.clock.now = later
    results = await asyncio.gather(*(service.watch(db2, later, cfg) for _ in range(3)))
    await service.watch(db2, later + timedelta(seconds=30), cfg)
    assert sum(1 for r in results if r) >= 1
    await harness.deliver()
    neighbour_alerts = [t for t in harness.telegram.texts(NEIGHBOUR) if "应急呼叫 #" in t]
    assert len(neighbour_alerts) == 1 and "邻近社区应急分队" in neighbour_alerts[0]
    leader = [t for t in harness.telegram.texts(IN_CHARGE) if "已扩大" in t]
    assert len(leader) == 1 and "仅 1 人确认马上到（需要 2 人）" in leader[0] and "和平社区" in leader[0]
    assert (await events(db2)).count("widened") == 1
    assert "已扩大至邻近社区" in roll(harness).text and "许刚" in roll(harness).text
    # The neighbour may answer now.
    pressed = await harness.user(NEIGHBOUR).press("🏃 马上到", alert(harness, NEIGHBOUR))
    assert "已记录：马上到" in harness.user(NEIGHBOUR).answer(pressed)["text"]


async def test_no_widening_when_enough_are_on_their_way(harness, db, people):  # type: ignore[no-untyped-def]
    await raise_callout(harness.user(SEC))
    await harness.deliver()
    for chat in (SQUAD1, SQUAD2):
        await harness.user(chat).press("🏃 马上到", alert(harness, chat))
    await service.watch(db, NOW + timedelta(minutes=11), config(harness))
    await harness.deliver()
    assert not [t for t in harness.telegram.texts(NEIGHBOUR) if "应急呼叫" in t]
    assert not harness.telegram.texts(IN_CHARGE)
    assert "enough" in await events(db) and "widened" not in await events(db)


async def test_neighbours_fall_back_to_the_nearest_points(db, people):  # type: ignore[no-untyped-def]
    assert (await service.set_neighbours(db, "幸福社区", []))[0] == "cleared"
    assert await service.neighbour_names(db, "幸福社区") == []  # no points, no neighbours
    async with db.session() as s:
        ids = dict((await s.execute(select(Community.name, Community.id))).all())
        s.add(CommunityPoint(community_id=ids["幸福社区"], latitude=30.0, longitude=120.0, radius_m=300))
        s.add(CommunityPoint(community_id=ids["和平社区"], latitude=30.05, longitude=120.0, radius_m=300))
        s.add(CommunityPoint(community_id=ids["光明社区"], latitude=30.01, longitude=120.0, radius_m=300))
    assert await service.neighbour_names(db, "幸福社区") == ["光明社区", "和平社区"]
    assert (await service.set_neighbours(db, "幸福社区", ["没有这个社区"])) == ("unknown", ["没有这个社区"])
    assert (await service.set_neighbours(db, "幸福社区", ["幸福社区"]))[0] == "self"
    assert await service.neighbour_names(db, "幸福社区") == ["光明社区", "和平社区"]  # unchanged


def test_neighbours_cli(tmp_path, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    url = f"sqlite+aiosqlite:///{tmp_path}/cli.sqlite3"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)

    async def seed() -> None:
        from storage.migrate import migrated_database

        async with migrated_database(url) as db:
            await add_person(db, "甲", "13800000001", [(Role.SECRETARY, "幸福社区")])
            await add_person(db, "乙", "13800000002", [(Role.SECRETARY, "和平社区")])
            await add_person(db, "丙", "13800000003", [(Role.SECRETARY, "光明社区")])

    asyncio.run(seed())
    assert main(["neighbours", "幸福社区", "和平社区，光明社区"]) == 0
    assert "和平社区、光明社区" in capsys.readouterr().out
    assert main(["neighbours", "幸福社区"]) == 0
    assert "光明社区" in capsys.readouterr().out
    assert main(["neighbours", "幸福社区", "火星社区"]) == 1
    assert "火星社区" in capsys.readouterr().out


# --- closing and export -------------------------------------------------------------------------------------------


async def test_close_tells_everyone_and_exports_the_timeline(harness, db, people):  # type: ignore[no-untyped-def]
    sec = harness.user(SEC)
    await raise_callout(sec)
    await harness.deliver()
    await harness.user(SQUAD1).press("🏃 马上到", alert(harness, SQUAD1))
    await harness.deliver()
    await sec.press(ROLL_END, roll(harness))
    assert "处置结果" in sec.last().text
    await sec.send_photo("p")
    assert "请输入文字" in sec.messages()[-2].text
    await sec.send("结" * (rules.MAX_OUTCOME + 1))
    assert (await callout_row(db)).status == "open"
    harness.clock.now = NOW + timedelta(minutes=25)
    await sec.send("明火已扑灭，无人员伤亡")
    assert "已结束，已通知所有被呼叫人员" in sec.messages()[-2].text
    assert "主菜单" in sec.last().text  # opened by command, over the menu: the menu comes back
    row = await callout_row(db)
    assert (row.status, row.outcome, row.version) == ("closed", "明火已扑灭，无人员伤亡", 2)
    await harness.deliver()
    for chat in (SQUAD1, SQUAD2):
        assert (
            "已结束" in harness.telegram.texts(chat)[-1] and "明火已扑灭" in harness.telegram.texts(chat)[-1]
        )
    final = roll(harness)
    assert "✅ 已于 10:25 结束：明火已扑灭，无人员伤亡" in final.text and "已过 25 分钟" in final.text
    assert final.buttons() == ["📊 导出时间线"]
    # Old buttons: the alert and the roll's 结束.
    pressed = await harness.user(SQUAD2).press("🏃 马上到", alert(harness, SQUAD2))
    assert "已结束" in harness.user(SQUAD2).answer(pressed)["text"]
    pressed = await sec.press_data(f"co:end:{row.id}:1", final)
    assert "已结束" in sec.answer(pressed)["text"]
    # The export, from the closed roll.
    await sec.press("📊 导出时间线", final)
    document = harness.telegram.documents[-1]
    assert document["chat_id"] == SEC and document["filename"].endswith(".xlsx")
    book = load_workbook(BytesIO(document["content"]))
    summary = {r[0]: r[1] for r in book["概况"].iter_rows(values_only=True) if r and r[0]}
    assert summary["处置结果"] == "明火已扑灭，无人员伤亡" and summary["社区"] == "幸福社区"
    assert ("马超", "本社区应急分队", "马上到") in [r[:3] for r in book["概况"].iter_rows(values_only=True)]
    timeline = [r for r in book["时间线"].iter_rows(min_row=2, values_only=True)]
    assert [r[2] for r in timeline] == ["发起", "发出", "马上到", "结束"]
    # real dates, in Shanghai time
    assert timeline[0][0] == datetime(2026, 11, 27, 10, 0) and timeline[-1][0] == datetime(
        2026, 11, 27, 10, 25
    )
    assert book["时间线"]["A2"].number_format == "yyyy-mm-dd hh:mm"
    assert document["filename"] == "应急分队-幸福社区-2026年11月27日.xlsx"
    # The leader in charge may export too, from the list of recent call-outs; a squad member may not.
    leader = harness.user(IN_CHARGE)
    await leader.send("/callout")
    await leader.press(f"#{row.id} 幸福社区 · 🔥 火情 · 11-27 10:00 · 已结束")
    assert "✅ 已于 10:25 结束" in leader.last().text
    await leader.press("📊 导出时间线")
    assert harness.telegram.documents[-1]["chat_id"] == IN_CHARGE


async def test_a_half_filled_callout_survives_a_restart(harness, db, people):  # type: ignore[no-untyped-def]
    sec = harness.user(SEC)
    await sec.send("/callout")
    await sec.press("🚨 发起应急呼叫")
    await sec.press("🚓 治安")
    await sec.send("幸福路菜市场门口")
    await harness.restart()
    sec = harness.user(SEC)
    await sec.send("两伙人争执，需要人手到场维持秩序")
    await sec.press("同时呼叫综合执法大队")
    assert "幸福路菜市场门口" in sec.last().text and "治安" in sec.last().text
    await sec.press("🚨 立即发出")
    sent = sec.messages()[-2]
    assert "已发给 3 人" in sent.text and not sent.buttons()  # the squad of two and the brigade
    assert "主菜单" in sec.last().text
    row = await callout_row(harness.restarted[-1])
    assert (row.kind, row.address, row.brigade) == ("safety", "幸福路菜市场门口", True)


async def raise_fire(db: Database, caller: int, cfg: CalloutConfig) -> int:
    """A fire call-out in 幸福社区 raised straight through the service; its id."""
    async with db.session() as s:
        community = (await s.execute(select(Community.id).where(Community.name == "幸福社区"))).scalar_one()
    draft = service.Draft(community_id=community, kind="fire", need="灭火", address="3栋")
    return await service.raise_callout(db, caller, SEC, draft, NOW, cfg)


@pytest.mark.parametrize(
    "kind",
    ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="no PostgreSQL"))],
)
async def test_concurrent_watchers_widen_once(kind, tmp_path, settings):  # type: ignore[no-untyped-def]
    """Several instances' watch jobs at the same moment: one widening, one notice to the leader."""
    db = await fresh_database(kind, tmp_path)
    try:
        sec = await add_person(db, "张伟", "13820020001", [(Role.SECRETARY, "幸福社区")], telegram_id=SEC)
        await add_person(db, "马超", "13820020007", [(Role.EMERGENCY_MEMBER, "幸福社区")], telegram_id=SQUAD1)
        await add_person(
            db, "许刚", "15030030005", [(Role.EMERGENCY_MEMBER, "和平社区")], telegram_id=NEIGHBOUR
        )
        await add_person(
            db, "李明华", "13910010002", [(Role.LEADER_IN_CHARGE, "幸福社区")], telegram_id=IN_CHARGE
        )
        await service.set_neighbours(db, "幸福社区", ["和平社区"])
        cfg = CalloutConfig.from_settings(settings)
        callout_id = await raise_fire(db, sec, cfg)
        others = [Database(db.url) for _ in range(3)]
        try:
            later = NOW + cfg.widen_after + timedelta(seconds=1)
            await asyncio.gather(*(service.watch(d, later, cfg) for d in [db, *others]))
        finally:
            for other in others:
                await other.dispose()
        async with db.session() as s:
            keys = list((await s.execute(select(OutboxMessage.key))).scalars())
            actions = list((await s.execute(select(CalloutEvent.action))).scalars())
        assert actions.count("widened") == 1 and actions.count("leader_told") == 1
        assert len([k for k in keys if k.startswith(f"co:alert:{callout_id}:")]) == 2  # squad, then neighbour
        assert len([k for k in keys if k.startswith(f"co:leader:{callout_id}:")]) == 1
    finally:
        await db.dispose()


async def test_nobody_reachable_widens_at_the_next_watch(harness, db, people):  # type: ignore[no-untyped-def]
    principal = harness.user(PRINCIPAL)
    await principal.send("/callout")
    await principal.press("🚨 发起应急呼叫")
    await principal.press("光明社区")
    await principal.press("❗ 其他")
    await principal.send("光明路口")
    await principal.send("路面塌陷，需要人手设置警戒")
    await principal.press("仅本社区应急分队")
    await principal.press("🚨 立即发出")
    assert "没有可通知的应急分队队员" in principal.messages()[-2].text
    assert "主菜单" in principal.last().text
    row = await callout_row(db)
    assert row.widen_at == row.raised_at
    await service.watch(db, harness.clock.now, config(harness))
    assert "widened" in await events(db)


async def test_the_roll_keeps_its_elapsed_time_up_to_date(harness, db, people):  # type: ignore[no-untyped-def]
    await raise_callout(harness.user(SEC))
    await harness.deliver()
    assert "已过 0 分钟" in roll(harness).text
    harness.clock.now = NOW + timedelta(minutes=2)
    assert await service.watch(db, harness.clock.now, config(harness)) == 1
    assert await service.watch(db, harness.clock.now, config(harness)) == 0  # once a minute, not every run
    await harness.deliver()
    assert "已过 2 分钟" in roll(harness).text


# --- review fixes: a forged recent item, an escaped community name, the roll's length, locking on PostgreSQL -------


async def test_a_forged_recent_item_shows_no_roll(harness, db, people):  # type: ignore[no-untyped-def]
    await raise_callout(harness.user(SEC))
    row = await callout_row(db)
    outsider = harness.user(OTHER_SEC)  # 和平社区's secretary: 幸福社区's call-out is not theirs to manage
    await outsider.send("/callout")
    screen = outsider.last_with_buttons()
    for item in (str(row.id), "999"):
        pressed = await outsider.press_data(forge(screen, "co_recent", item), screen)
        expected = "只有发起人" if item == str(row.id) else "找不到这条应急呼叫"
        assert expected in outsider.answer(pressed)["text"]
    assert not any("3楼厨房起火" in t for t in harness.telegram.texts(OTHER_SEC))
    # The leader in charge of 幸福社区 still sees it from the list.
    leader = harness.user(IN_CHARGE)
    await leader.send("/callout")
    await leader.press(f"#{row.id} 幸福社区 · 🔥 火情 · 11-27 10:00 · 进行中")
    assert "3楼厨房起火" in leader.last().text


async def test_the_community_name_is_escaped_when_asking_the_kind(harness, db):  # type: ignore[no-untyped-def]
    await add_person(db, "赵六", "13820020099", [(Role.SECRETARY, "A&B<社区>")], telegram_id=SEC)
    sec = harness.user(SEC)
    await sec.send("/callout")
    await sec.press("🚨 发起应急呼叫")
    assert "A&amp;B&lt;社区&gt;" in sec.last().text


def _visible(text: str) -> int:
    from html import unescape

    return len(unescape(re.sub(r"<[^>]*>", "", text)))


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_the_roll_stays_under_telegrams_limit_with_many_people(locale, settings):  # type: ignore[no-untyped-def]
    cfg = CalloutConfig.from_settings(settings)

    def target(i: int, answer: str | None) -> service.TargetView:
        reason = ("在外地出差&赶不回来" * 10)[: rules.MAX_REASON] if answer == "cannot" else None
        return service.TargetView(i, f"欧阳<{i:03d}>&", "squad", answer, NOW if answer else None, reason)

    def view(targets: list[service.TargetView]) -> service.CalloutView:
        return service.CalloutView(
            id=7,
            community_id=1,
            community="幸福社区",
            kind="fire",
            need="疏" * rules.MAX_NEED,
            address="&" * rules.MAX_ADDRESS,
            latitude=None,
            longitude=None,
            brigade=True,
            status="closed",
            version=3,
            caller_id=1,
            caller="张伟",
            raised_at=NOW,
            widened=True,
            closed_at=NOW + timedelta(minutes=40),
            outcome="结" * rules.MAX_OUTCOME,
            targets=targets,
        )

    many = [target(i, ("coming", "cannot", None)[i % 3]) for i in range(600)]
    text = service.roll_text(locale, view(many), NOW, cfg)
    assert _visible(text) <= 4000 < 4096
    left_out = [int(n) for n in re.findall(r"…(?:等| and) (\d+)", text)]
    assert len(left_out) == 3  # each of the three lists ends with how many are left out
    for start, out in zip((0, 1, 2), left_out, strict=True):  # those shown and those left out are all 200
        shown = [i for i in range(start, 600, 3) if f"欧阳&lt;{i:03d}&gt;&amp;" in text]
        assert shown == list(range(start, 3 * len(shown), 3)) and len(shown) + out == 200
    assert "在外地出差&amp;赶不回来" * 10 not in text  # reasons shortened ...
    assert (
        f"欧阳&lt;001&gt;&amp;{'：' if locale == 'zh-CN' else ': '}{'在外地出差&amp;赶不回来' * 3}…" in text
    )  # ... to 30
    # Names that are long as HTML: no list is longer than Fluent renders ("{???}").
    amp = [service.TargetView(i, "&" * 10 + str(i), "squad", None, None, None) for i in range(400)]
    text = service.roll_text(locale, view(amp), NOW, cfg)
    assert "{???}" not in text and _visible(text) <= 4000 and re.findall(r"…(?:等| and) \d+", text)
    # A handful of people: everyone in full, reasons too.
    few = service.roll_text(locale, view(many[:6]), NOW, cfg)
    assert not re.findall(r"…(?:等| and) \d+", few)
    assert few.count("在外地出差&amp;赶不回来" * 10) == 2


@pytest.mark.skipif(not PG_URL, reason="no PostgreSQL")
@pytest.mark.parametrize("change", ["answer", "close"])
async def test_a_change_waits_for_a_concurrent_close_and_is_then_refused(change, tmp_path, settings):  # type: ignore[no-untyped-def]
    """On PostgreSQL the call-out row is read FOR UPDATE: an answer or a second close that overlaps a close waits
    for it, then finds the call-out closed and changes nothing (no lost roll_seq, no second outcome)."""
    db = await fresh_database("postgresql", tmp_path)
    holder = Database(db.url)
    try:
        sec = await add_person(db, "张伟", "13820020001", [(Role.SECRETARY, "幸福社区")], telegram_id=SEC)
        squad = await add_person(
            db, "马超", "13820020007", [(Role.EMERGENCY_MEMBER, "幸福社区")], telegram_id=SQUAD1
        )
        cfg = CalloutConfig.from_settings(settings)
        callout_id = await raise_fire(db, sec, cfg)
        async with holder.session() as s:  # the first close, still in its transaction
            first = (
                await s.execute(select(Callout).where(Callout.id == callout_id).with_for_update())
            ).scalar_one()
            first.status, first.version, first.outcome, first.closed_at = "closed", 2, "已扑灭", NOW
            await s.flush()
            if change == "answer":
                task = asyncio.create_task(
                    service.answer(db, squad, callout_id, 1, rules.Answer.COMING, NOW, cfg)
                )
            else:
                task = asyncio.create_task(service.close(db, sec, callout_id, 1, "另一个结果", NOW, cfg))
            await asyncio.sleep(0.5)
            assert not task.done()  # it waits for the first close's commit
        assert await task is service.Outcome.CLOSED
        row = await callout_row(db)
        assert (row.status, row.version, row.outcome, row.roll_seq) == ("closed", 2, "已扑灭", 1)
        assert (await targets(db))[squad] == (None, None)
    finally:
        await holder.dispose()
        await db.dispose()
