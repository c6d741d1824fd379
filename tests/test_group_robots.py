"""Group robots (issue 20): a community's DingTalk robot and the sub-district's WeCom and Feishu robots receive the
daily digest (the chart where the robot takes pictures), an urgent item and a call-out, each once and within each
robot's limits, against local stand-ins that check signatures, sizes and rates; a wrong secret stops the channel and
tells the administrators once."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.sender.robots import RobotSender
from domain.roles import Role
from reports import charts
from services.callouts import CalloutConfig, raise_callout
from services.callouts import Draft as CalloutDraft
from services.channels.fanout import enqueue_for_channels
from services.channels.model import BROKEN, GroupMessage, MessageKind
from services.problems import ProblemConfig, create_problem
from services.problems.reporting import Draft
from storage.models import Grid, GroupChannel, OutboxMessage
from tests.factories import add_person
from tests.reminder_helpers import at, make_engine
from tests.robot_helpers import (
    DT_SECRET,
    DT_TOKEN,
    FS_HOOK,
    FS_SECRET,
    WECOM_KEY,
    drain,
    register,
    stand_ins,
)
from tests.test_digest import seed

ADMIN_CHAT = 900


@pytest.fixture
async def robots(clock):  # type: ignore[no-untyped-def]
    standins = await stand_ins(clock)
    yield standins
    await standins.stop()


def titles(robot) -> list[str]:  # type: ignore[no-untyped-def]
    """The first line of each message a stand-in took (markdown, card header or text)."""
    out = []
    for body in robot.received:
        if "markdown" in body:
            out.append((body["markdown"].get("content") or body["markdown"]["text"]).split("\n")[0])
        elif body.get("msg_type") == "interactive":
            out.append(body["card"]["header"]["title"]["content"])
        elif body.get("msgtype") == "image" or body.get("msg_type") == "image":
            out.append("<image>")
        else:
            out.append(str(body))
    return out


def within_limits(times: list[float], per_minute: int, per_second: int | None = None) -> bool:
    ok = all(sum(1 for u in times if t - 60 < u <= t) <= per_minute for t in times)
    if per_second:
        ok = ok and all(sum(1 for u in times if t - 1 < u <= t) <= per_second for t in times)
    return ok


async def org(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    seeded = await seed(db)
    ids = {"admin": await add_person(db, "孙丽", "13910010006", [(Role.ADMIN, None)], telegram_id=ADMIN_CHAT)}
    ids["sec"] = await add_person(db, "张伟", "13820020001", [(Role.SECRETARY, "幸福社区")], telegram_id=901)
    ids["squad"] = await add_person(
        db, "马超", "13820020007", [(Role.EMERGENCY_MEMBER, "幸福社区")], telegram_id=902
    )
    ids["worker"] = seeded.owners["幸福社区"]
    ids["community"] = seeded.ids["幸福社区"]
    return ids


async def urgent_item(db, worker: int, now) -> int:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        grid = (await s.execute(select(Grid.id).where(Grid.name == "幸福社区第一网格"))).scalar_one()
    draft = Draft(
        kind="problem",
        grid_id=grid,
        category="safety",
        description="配电箱冒烟",
        resident_name="王大爷",
        resident_phone="13912345678",
        urgent=True,
    )
    return await create_problem(db, worker, draft, now, ProblemConfig())


async def test_digest_urgent_item_and_callout_reach_each_group_once_within_limits(harness, db, clock, robots):
    ids = await org(db)
    clock.now = at(2026, 11, 27, 8, 31)
    robots.add("dingtalk", DT_TOKEN, secret=DT_SECRET, keywords=("网格通",))
    robots.add("wecom", WECOM_KEY)
    robots.add("feishu", FS_HOOK, secret=FS_SECRET)
    await register(db, robots, "dingtalk", DT_TOKEN, DT_SECRET, community="幸福社区", now=clock.now)
    await register(db, robots, "wecom", WECOM_KEY, now=clock.now)
    await register(db, robots, "feishu", FS_HOOK, FS_SECRET, now=clock.now)

    engine = make_engine(harness.db, harness.settings, harness.clock)
    await engine.run_kind("digest-daily", clock.now)
    await engine.run_kind("digest-daily", clock.now + timedelta(minutes=5))  # a second fire queues nothing
    problem_id = await urgent_item(db, ids["worker"], clock.now)
    config = CalloutConfig()
    draft = CalloutDraft(
        community_id=ids["community"], kind="fire", need="灭火器 2 个", address="幸福小区3栋"
    )
    callout_id = await raise_callout(db, ids["sec"], 901, draft, clock.now, config)

    # Two instances' senders drain at once: each message is still sent once.
    first = RobotSender(db, clock)
    second = RobotSender(db, clock)
    await drain(first, second, clock=clock)
    await first.close()
    await second.close()
    # The Telegram sender never takes a robot's row (their chat_id is minus the channel's id: -1, -2, -3).
    await harness.deliver()
    assert not set(harness.telegram.messages) & {-1, -2, -3}

    dingtalk = robots.robots[("dingtalk", DT_TOKEN)]
    wecom = robots.robots[("wecom", WECOM_KEY)]
    feishu = robots.robots[("feishu", FS_HOOK)]
    for robot in (dingtalk, wecom, feishu):
        assert set(robot.answers) == {0}, robot.answers  # no signature, size or rate refusal
        heads = titles(robot)
        assert sum(1 for t in heads if "每日简报" in t and "#" not in t) >= 1
        assert sum(1 for t in heads if f"即报即办 #{problem_id}" in t) == 1
        assert sum(1 for t in heads if f"应急呼叫 #{callout_id}" in t) == 1
    # The community's robot has its community's digest; the sub-district's, the sub-district's.
    assert any("幸福社区" in t and "每日简报" in t for t in titles(dingtalk))
    assert any("城关街道" in t and "每日简报" in t for t in titles(wecom))
    # Each digest piece once: no title (with its piece) twice.
    for robot in (dingtalk, wecom, feishu):
        bodies = [str(b) for b in robot.received]
        assert len(bodies) == len(set(bodies))
    assert within_limits(wecom.accepted, 20) and within_limits(dingtalk.accepted, 20)
    assert within_limits(feishu.accepted, 100, 5)
    assert all(int(t) % 60 not in (0, 30) for t in feishu.calls)  # never on :00 or :30
    # The chart: as an image on WeCom (base64 + md5, checked by the stand-in); a line on the others.
    if charts.cjk_font():
        images = [b for b in wecom.received if b["msgtype"] == "image"]
        assert len(images) == 1 and base64.b64decode(images[0]["image"]["base64"]).startswith(b"\x89PNG")
        assert any("图表请在" in str(b) for b in dingtalk.received)
    # Where the Telegram message has buttons, the group's says where to act, and has none.
    urgent_text = next(str(b) for b in feishu.received if f"#{problem_id}" in str(b))
    assert "已知悉" in urgent_text and "不能点按" in urgent_text and "button" not in urgent_text
    # Nothing of the resident in a work group: neither the phone, masked or not, nor the name.
    assert "5678" not in urgent_text and "王大爷" not in urgent_text and "涉及居民：有" in urgent_text


async def test_a_wrong_secret_stops_the_channel_and_tells_the_admin_once(harness, db, clock, robots):
    await add_person(db, "孙丽", "13910010006", [(Role.ADMIN, None)], telegram_id=ADMIN_CHAT)
    await add_person(db, "王主任", "13900000001", [(Role.PRINCIPAL_LEADER, None)], telegram_id=501)
    clock.now = at(2026, 11, 27, 9, 0) + timedelta(seconds=7)
    robots.add("feishu", FS_HOOK, secret=FS_SECRET)
    channel = await register(db, robots, "feishu", FS_HOOK, "not-the-secret", now=clock.now)
    message = GroupMessage(title="【网格通】测试", parts=["第一行", "第二行"])
    async with db.session() as s:
        for n in range(3):
            await enqueue_for_channels(s, MessageKind.URGENT, message, key=f"t:{n}", now=clock.now)
    sender = RobotSender(db, clock)
    await drain(sender, clock=clock)
    feishu = robots.robots[("feishu", FS_HOOK)]
    assert feishu.answers == [19021]  # one call, refused; the others not tried
    async with db.session() as s:
        stored = await s.get(GroupChannel, channel)
        assert stored.status == BROKEN and stored.broken_reason.startswith("19021")
        rows = (
            (await s.execute(select(OutboxMessage).where(OutboxMessage.channel_id == channel)))
            .scalars()
            .all()
        )
        assert {r.status for r in rows} == {"failed"}
    # Nothing more is queued for it, and it is not called again.
    async with db.session() as s:
        assert await enqueue_for_channels(s, MessageKind.URGENT, message, key="t:later", now=clock.now) == 0
    assert await sender.drain_once() == 0
    await sender.close()
    await harness.deliver()
    notices = harness.telegram.texts(ADMIN_CHAT)
    assert len(notices) == 1 and "群机器人已停用" in notices[0] and "19021" in notices[0]
    assert FS_HOOK not in notices[0] and FS_HOOK[-4:] in notices[0]  # the hook shown masked
    assert not harness.telegram.texts(501)


@pytest.mark.parametrize(
    ("kind", "code", "window"),
    [("dingtalk", 130101, 600), ("wecom", 45009, 60), ("feishu", 11232, 60)],
)
async def test_a_rate_limit_answer_waits_the_robots_window(db, clock, robots, kind, code, window):
    await add_person(db, "孙丽", "13910010006", [(Role.ADMIN, None)], telegram_id=ADMIN_CHAT)
    clock.now = at(2026, 11, 27, 9, 0) + timedelta(seconds=7)
    name = {"dingtalk": DT_TOKEN, "wecom": WECOM_KEY, "feishu": FS_HOOK}[kind]
    robot = robots.add(kind, name)
    await register(db, robots, kind, name, now=clock.now)
    # Someone else's tool used up the robot's minute just before.
    robot.accepted = [clock.now.timestamp() - 0.5] * 100
    async with db.session() as s:
        await enqueue_for_channels(
            s, MessageKind.URGENT, GroupMessage(title="【网格通】x", parts=["y"]), key="t", now=clock.now
        )
    sender = RobotSender(db, clock)
    assert await sender.drain_once() == 1
    assert robot.answers == [code]
    robot.accepted = []
    clock.now += timedelta(seconds=window - 1)
    assert await sender.drain_once() == 0  # still within the robot's window: not called
    clock.now += timedelta(seconds=1)
    if kind == "dingtalk":
        robot.blocked_until = 0  # DingTalk's own block of 10 minutes has ended by now
    assert await sender.drain_once() == 1
    assert robot.answers == [code, 0]
    await sender.close()


async def test_a_burst_is_paced_below_each_robots_limit(db, clock, robots):
    clock.now = at(2026, 11, 27, 9, 0)  # on :00: Feishu's busy second
    await add_person(db, "孙丽", "13910010006", [(Role.ADMIN, None)], telegram_id=ADMIN_CHAT)
    for kind, name in (("dingtalk", DT_TOKEN), ("wecom", WECOM_KEY), ("feishu", FS_HOOK)):
        robots.add(kind, name)
        await register(db, robots, kind, name, now=clock.now)
    async with db.session() as s:
        for n in range(45):
            message = GroupMessage(title=f"【网格通】第 {n} 条", parts=["内容"])
            await enqueue_for_channels(s, MessageKind.URGENT, message, key=f"b:{n}", now=clock.now)
    sender = RobotSender(db, clock)
    await drain(sender, clock=clock, step=0.25)
    await sender.close()
    for kind, name, per_minute, per_second in (
        ("dingtalk", DT_TOKEN, 20, None),
        ("wecom", WECOM_KEY, 20, None),
        ("feishu", FS_HOOK, 100, 5),
    ):
        robot = robots.robots[(kind, name)]
        assert set(robot.answers) == {0} and len(robot.received) == 45
        assert within_limits(robot.calls, per_minute, per_second)
        assert [t.split("第 ")[1].split(" ")[0] for t in titles(robot)] == [
            str(n) for n in range(45)
        ]  # in order


async def test_two_instances_send_each_robot_message_once(any_db, clock, robots):
    """On SQLite and PostgreSQL: two senders (two bot instances) drain the same robots' rows at once."""
    await add_person(any_db, "孙丽", "13910010006", [(Role.ADMIN, None)], telegram_id=ADMIN_CHAT)
    clock.now = at(2026, 11, 27, 9, 0) + timedelta(seconds=7)
    for kind, name in (("wecom", WECOM_KEY), ("feishu", FS_HOOK)):
        robots.add(kind, name)
        await register(any_db, robots, kind, name, now=clock.now)
    async with any_db.session() as s:
        for n in range(12):
            message = GroupMessage(title=f"【网格通】第 {n} 条", parts=["内容"])
            await enqueue_for_channels(s, MessageKind.CALLOUT, message, key=f"x:{n}", now=clock.now)
    first, second = RobotSender(any_db, clock), RobotSender(any_db, clock)
    await drain(first, second, clock=clock)
    await first.close()
    await second.close()
    for name in (("wecom", WECOM_KEY), ("feishu", FS_HOOK)):
        heads = titles(robots.robots[name])
        assert sorted(heads) == sorted(
            f"**【网格通】第 {n} 条**" if name[0] == "wecom" else f"【网格通】第 {n} 条" for n in range(12)
        )
