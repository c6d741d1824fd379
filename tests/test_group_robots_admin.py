"""Group robots (issue 20) as configuration: `gridbot channel add|list|test|remove` and the administrator's chat
screens, with the refusals (a bad address, an unknown kind, someone without the role) changing nothing; addresses and
secrets shown only masked."""

from __future__ import annotations

import asyncio
import functools
import threading

import pytest
from sqlalchemy import func, select

from bot.cli import main
from bot.sender.robots import send_test
from domain.roles import Role
from sandbox.robots import RobotStandIns
from services.channels.model import ChannelError
from services.channels.registry import NewChannel, add_channel
from storage.db import Database
from storage.migrate import upgrade
from storage.models import GroupChannel
from tests.factories import add_person
from tests.robot_helpers import DT_SECRET, DT_TOKEN, WECOM_KEY, stand_ins

ADMIN, SECRETARY = 100, 101


# --- the command line -------------------------------------------------------------------------------------------


@pytest.fixture
def env(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    url = f"sqlite+aiosqlite:///{tmp_path}/cli.sqlite3"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("CHANNEL_SECRET", raising=False)
    monkeypatch.chdir(tmp_path)

    async def prepare() -> None:
        db = Database(url)
        await upgrade(db)
        await add_person(db, "管理员", "13800000001", [(Role.ADMIN, None)])
        await add_person(db, "张伟", "13820020001", [(Role.SECRETARY, "幸福社区")])
        await db.dispose()

    asyncio.run(prepare())
    return url


@pytest.fixture
def threaded_robots():  # type: ignore[no-untyped-def]
    """The stand-ins on a loop of their own, since each CLI command runs its own (asyncio.run); on the real clock,
    as a real robot's service is (a WeCom robot does not sign, so nothing here depends on the time)."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    robots = RobotStandIns()
    asyncio.run_coroutine_threadsafe(robots.start(), loop).result(10)
    yield robots
    asyncio.run_coroutine_threadsafe(robots.stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


def _count(url: str) -> int:
    async def go() -> int:
        db = Database(url)
        try:
            async with db.session() as s:
                return int((await s.execute(select(func.count()).select_from(GroupChannel))).scalar_one())
        finally:
            await db.dispose()

    return asyncio.run(go())


def test_cli_adds_lists_tests_and_removes_a_robot_showing_it_masked(env, threaded_robots, capsys):
    robot = threaded_robots.add("wecom", WECOM_KEY)
    url = threaded_robots.url("wecom", WECOM_KEY)
    assert main(["channel", "add", "wecom", url, "--kinds", "digest-daily,urgent"]) == 0
    assert main(["channel", "list"]) == 0
    out = capsys.readouterr().out
    assert WECOM_KEY not in out and WECOM_KEY[-4:] in out
    assert "城关街道" in out and "每日简报" in out and "即报即办" in out and "应急呼叫" not in out
    assert main(["channel", "test", "1"]) == 0
    assert "成功" in capsys.readouterr().out
    assert "测试消息" in robot.received[0]["text"]["content"]
    threaded_robots.robots.pop(("wecom", WECOM_KEY))  # the robot was deleted in the group
    assert main(["channel", "test", "1"]) == 1
    assert "93000" in capsys.readouterr().out
    assert main(["channel", "remove", "1"]) == 0
    assert main(["channel", "list"]) == 0
    assert "还没有登记群机器人" in capsys.readouterr().out
    assert _count(env) == 0


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["channel", "add", "slack", "https://hooks.slack.com/services/x"], "机器人类型不对"),
        (["channel", "add", "wecom", "https://example.com/hook"], "不是企业微信群机器人"),
        (["channel", "add", "wecom", "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"], "Webhook"),
        (["channel", "add", "dingtalk", "https://oapi.dingtalk.com/robot/send"], "Webhook"),
        (["channel", "add", "feishu", "not a url"], "Webhook"),
        (
            ["channel", "add", "wecom", f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={WECOM_KEY}",
             "--secret", "SECxyz"],
            "不用加签密钥",
        ),
        (
            ["channel", "add", "dingtalk", f"https://oapi.dingtalk.com/robot/send?access_token={DT_TOKEN}",
             "--community", "没有这个社区"],
            "没有找到社区",
        ),
        (
            ["channel", "add", "wecom", f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={WECOM_KEY}",
             "--kinds", "digest-daily,gossip"],
            "消息类型不对",
        ),
    ],
)  # fmt: skip
def test_cli_refuses_bad_input_and_stores_nothing(env, capsys, args, said):
    assert main(args) == 2
    out = capsys.readouterr().out
    assert said in out
    assert WECOM_KEY not in out and DT_TOKEN not in out
    assert _count(env) == 0


def test_cli_unknown_robot_number(env, capsys):
    assert main(["channel", "remove", "7"]) == 1
    assert main(["channel", "test", "x7"]) == 1
    assert "没有编号为" in capsys.readouterr().out


# --- the chat ---------------------------------------------------------------------------------------------------


@pytest.fixture
async def robots(clock):  # type: ignore[no-untyped-def]
    standins = await stand_ins(clock)
    yield standins
    await standins.stop()


async def people(db) -> None:  # type: ignore[no-untyped-def]
    await add_person(db, "管理员", "13800000001", [(Role.ADMIN, None)], telegram_id=ADMIN)
    await add_person(db, "张伟", "13820020001", [(Role.SECRETARY, "幸福社区")], telegram_id=SECRETARY)


async def channels(db) -> list[GroupChannel]:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        return list((await s.execute(select(GroupChannel))).scalars())


async def test_admin_registers_tests_and_removes_a_robot_in_the_chat(harness, db, clock, robots):
    await people(db)
    robot = robots.add("dingtalk", DT_TOKEN, secret=DT_SECRET, keywords=("网格通",))
    harness.dp["channel_test"] = functools.partial(send_test, db, clock=clock)
    admin = harness.user(ADMIN)
    await admin.send("/menu")
    await admin.press("🤖 群机器人")
    assert "还没有登记群机器人" in admin.last().text
    await admin.press("➕ 登记群机器人")
    await admin.press("钉钉")
    await admin.press("幸福社区")
    await admin.send_photo("photo-1")
    assert "请用文字发送" in admin.messages()[-2].text
    await admin.send("https://example.com/robot")
    assert "不是钉钉群机器人" in admin.messages()[-2].text
    assert await channels(db) == []
    await admin.send(robots.url("dingtalk", DT_TOKEN))
    assert "加签密钥" in admin.last().text
    await admin.send("bad secret with spaces")
    assert "密钥不对" in admin.messages()[-2].text
    await admin.send(DT_SECRET)
    await admin.press("✅ 应急呼叫")  # untick
    await admin.press("✅ 登记")
    [stored] = await channels(db)
    assert stored.kind == "dingtalk" and stored.secret == DT_SECRET and stored.community_id is not None
    assert "callout" not in stored.subscribed and "digest-daily" in stored.subscribed
    shown = "\n".join(m.text for m in admin.messages())
    assert DT_TOKEN[-4:] in admin.last().text and DT_SECRET[-4:] in admin.last().text
    assert DT_TOKEN not in admin.last().text and DT_SECRET not in shown
    callback = await admin.press("📨 测试")
    assert "成功" in admin.answer(callback)["text"]
    assert "测试消息" in robot.received[0]["text"]["content"]
    await admin.press("🗑 删除")
    await admin.press("🗑 确定删除")
    assert await channels(db) == []


async def test_someone_without_the_role_has_no_entry_and_is_refused(harness, db, clock, robots):
    await people(db)
    secretary = harness.user(SECRETARY)
    await secretary.send("/menu")
    assert "🤖 群机器人" not in secretary.last_with_buttons().buttons()
    with pytest.raises(ChannelError) as refused:
        await add_channel(
            db,
            NewChannel(kind="wecom", webhook=robots.url("wecom", WECOM_KEY)),
            clock.now,
            actor_telegram_id=SECRETARY,
        )
    assert refused.value.key == "channel-not-admin"
    assert await channels(db) == []
