"""Feishu end to end (issue 19): `gridbot run` in its own process with FEISHU_APP_ID, its FEISHU_DOMAIN the local
Feishu stand-in (sandbox/feishu), events posted to its HTTP callback signed and encrypted. Onboarding by the
directory's mobile (and its refusals), /report → accept → resolve → confirm over cards, and a person bound on both
messengers getting a notification once on each. The long connection (FEISHU_MODE=ws): test_feishu_longconn_e2e.py."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select

from bot.sandbox_runner import load_personas
from sandbox.feishu.content import Seen
from sandbox.feishu.server import FeishuStandIn
from storage.db import Database
from storage.models import Person, Problem
from tests.e2e.conftest import seeded_database, sqlite_world, start_instant
from tests.e2e.harness import BotProcess, assert_clean_log, eventually, gridbot_command, gridbot_env
from tests.e2e.process_clock import ProcessClock
from tests.e2e.test_problems_e2e import png

ENCRYPT_KEY = "e2e-encrypt-key"
WAIT = 20.0


class FeishuBotProcess(BotProcess):
    """A `gridbot run` serving Feishu only: it is ready once its event callback answers."""

    def __init__(self, *args: Any, callback_url: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.callback_url = callback_url

    async def _get_updates_calls(self) -> int:
        return 1 if await listens(self.callback_url) else 0


class WsBotProcess(BotProcess):
    """A `gridbot run` on the long connection: ready once it has pinged over it (right after connecting)."""

    def __init__(self, *args: Any, standin: FeishuStandIn, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.standin = standin

    async def _get_updates_calls(self) -> int:
        return sum(1 for conn in self.standin.longconn.open if conn.pings)


async def listens(url: str) -> bool:
    """The bot's event callback answers (a GET: 405, only POST is served)."""
    try:
        async with aiohttp.ClientSession() as session, session.get(url) as answer:
            return bool(answer.status)
    except aiohttp.ClientError:
        return False


def feishu_settings(standin: FeishuStandIn, port: int) -> dict[str, str]:
    return {
        "feishu_app_id": standin.app_id,
        "feishu_app_secret": standin.app_secret,
        "feishu_domain": standin.base_url,
        "feishu_mode": "http",
        "feishu_event_host": "127.0.0.1",
        "feishu_event_port": str(port),
        "feishu_encrypt_key": standin.encrypt_key,
        "feishu_verification_token": standin.verification_token,
    }


@dataclass
class FeishuWorld:
    standin: FeishuStandIn
    db: Database
    bot: BotProcess

    async def phone(self, name: str) -> str:
        async with self.db.session() as session:
            return str(await session.scalar(select(Person.phone).where(Person.name == name)))

    async def user(self, name: str, mobile: str | None = "roster") -> str:
        """A user of the tenant; their directory mobile is their roster phone unless given (None: none)."""
        if mobile == "roster":
            mobile = "+86" + await self.phone(name)
        return self.standin.add_user(name, mobile).open_id

    async def say(self, open_id: str, text: str) -> None:
        delivery = await self.standin.type_text(open_id, text)
        assert delivery.ok, delivery

    async def wait(self, open_id: str, fragment: str, buttons: bool = False) -> Seen:
        def check() -> Seen | None:
            shown = self.standin.messages(open_id)
            return next(
                (s for s in reversed(shown) if fragment in s.text and (s.labels or not buttons)), None
            )

        return await self.standin.wait_for(check, WAIT, f"{fragment!r} to {open_id}")

    async def press(self, open_id: str, label: str, expect: str) -> Seen:
        """Press the button `label` on the latest card that has it; wait for a message with `expect`."""
        card = next(s for s in reversed(self.standin.messages(open_id)) if label in s.labels)
        delivery = await self.standin.press(open_id, card.message_id, label=label)
        assert delivery.ok, delivery
        return await self.wait(open_id, expect)

    async def onboard(self, name: str) -> str:
        open_id = await self.user(name)
        await self.say(open_id, "/start")
        await self.wait(open_id, "验证成功")
        await self.wait(open_id, "主菜单", buttons=True)
        return open_id


@asynccontextmanager
async def feishu_world(
    tmp_path: Path,
    register_bot: Callable[[BotProcess], BotProcess],
    clock: ProcessClock,
    *,
    db: Database | None = None,
    ws: bool = False,
    **settings: str,
) -> AsyncIterator[FeishuWorld]:
    """A Feishu-only `gridbot run` on a seeded SQLite database (or `db`, seeded already), `settings` added to its
    environment; events come over its HTTP callback, or with `ws` over the long connection only (an event posted
    over HTTP would fail the test). At the end it stops cleanly, logged no error, left no long connection open,
    and the stand-in saw no request against Feishu's rules."""
    db = db or await seeded_database(tmp_path / "gridbot.sqlite3", clock)
    standin = FeishuStandIn(encrypt_key=ENCRYPT_KEY)
    if ws:
        standin.mode = "ws"
    await standin.start()
    port = 0 if ws else _free_port()
    environment = feishu_settings(standin, port)
    ready: dict[str, Any]
    if ws:
        for http_only in ("feishu_event_host", "feishu_event_port"):
            del environment[http_only]
        environment["feishu_mode"] = "ws"
        process: type[BotProcess] = WsBotProcess
        ready = {"standin": standin}
    else:
        standin.callback_url = f"http://127.0.0.1:{port}/feishu/events"
        process = FeishuBotProcess
        ready = {"callback_url": standin.callback_url}
    bot = register_bot(
        process(
            gridbot_command("run"),
            gridbot_env(
                clock,
                database_url=db.url,
                media_dir=str(tmp_path / "media"),
                default_locale="zh-CN",
                log_level="INFO",
                **environment,
                **settings,
            ),
            cwd=tmp_path,
            sandbox_url=standin.base_url,
            log_path=tmp_path / "bot.log",
            **ready,
        )
    )
    try:
        await bot.start()
        yield FeishuWorld(standin, db, bot)
        code = await bot.stop()
        assert code == 0, f"the bot exited with {code} on SIGTERM"
        assert_clean_log(bot.log())
        assert not standin.longconn.open, "the bot left its long connection open"
        standin.assert_clean()
    finally:
        await bot.close()
        await standin.stop()
        await db.dispose()


def _free_port() -> int:
    from tests.e2e.harness import free_port

    return free_port()


@pytest.fixture
async def feishu(tmp_path, register_bot, request) -> AsyncIterator[FeishuWorld]:
    async with feishu_world(tmp_path, register_bot, ProcessClock(start_instant(request))) as world:
        yield world


async def test_onboarding_by_directory_mobile_and_its_refusals(feishu: FeishuWorld) -> None:
    li = await feishu.onboard("李娜")
    async with feishu.db.session() as session:
        person = await session.scalar(select(Person).where(Person.name == "李娜"))
    assert person is not None and person.telegram_id is not None and person.telegram_id >= 8 * 10**18
    assert "📝 填写纪实表" in (await feishu.wait(li, "主菜单", buttons=True)).labels

    nobody = await feishu.user("王某", mobile="+8613900000001")  # in the directory, not on the roster
    await feishu.say(nobody, "你好")
    await feishu.wait(nobody, "名册中没有找到这个手机号")
    hidden = await feishu.user("赵某", mobile=None)  # the directory has no mobile for them
    await feishu.say(hidden, "/start")
    await feishu.wait(hidden, "无法从飞书通讯录读取您的手机号")


async def _report(feishu: FeishuWorld, li: str, description: str) -> None:
    await feishu.say(li, "/report")
    await feishu.wait(li, "请选择上报类型", buttons=True)
    await feishu.press(li, "问题", "请选择所在网格")
    await feishu.press(li, "幸福社区 · 第一网格", "请选择类别")
    await feishu.press(li, "安全隐患", "请用文字描述")
    await feishu.say(li, description)
    await feishu.wait(li, "请发送位置")
    delivery = await feishu.standin.send_location(li, 39.9087, 116.3975)
    assert delivery.ok
    await feishu.wait(li, "可以发送现场照片")
    delivery = await feishu.standin.send_image(li, png())
    assert delivery.ok
    await feishu.wait(li, "已收到 1 / 9 张照片")
    await feishu.press(li, "✅ 完成", "这件事是谁反映的")
    await feishu.press(li, "👥 代居民反映", "居民的姓名")
    await feishu.say(li, "王大爷")
    await feishu.wait(li, "居民手机号")
    await feishu.say(li, "13912345678")
    await feishu.wait(li, "紧急程度", buttons=True)
    await feishu.press(li, "一般", "请确认上报内容")
    await feishu.press(li, "✅ 提交", "已上报，编号")


async def test_report_accept_resolve_confirm_over_feishu(feishu: FeishuWorld) -> None:
    zhang = await feishu.onboard("张伟")
    li = await feishu.onboard("李娜")
    await _report(feishu, li, "楼道堆放杂物，存在消防隐患")
    async with feishu.db.session() as session:
        stored = await session.scalar(select(Problem).order_by(Problem.id.desc()))
    assert stored is not None and stored.status == "reported" and len(stored.photos) == 1

    await feishu.wait(zhang, "新的上报", buttons=True)
    card = await feishu.press(zhang, "🔎 查看并办理", "待社区受理")
    assert "13912345678" in card.text  # the community secretary sees the resident's phone
    await feishu.press(zhang, "✅ 受理", "社区已受理")
    await feishu.press(zhang, "🛠 办结", "请说明办理结果")
    await feishu.say(zhang, "已清理楼道杂物")
    await feishu.wait(zhang, "办结照片", buttons=True)
    await feishu.press(zhang, "✅ 提交", "状态：已办结待确认")

    await feishu.wait(li, "已由 张伟 办结", buttons=True)
    await feishu.press(li, "🔎 查看并办理", "已办结待确认")
    await feishu.press(li, "👍 确认已解决", "状态：已确认办结")
    async with feishu.db.session() as session:
        assert (await session.scalar(select(Problem.status).where(Problem.id == stored.id))) == "closed"


async def test_person_bound_on_both_messengers_gets_each_notice_once_per_account(
    tmp_path, register_bot, request
) -> None:
    clock = ProcessClock(start_instant(request))
    db = await seeded_database(tmp_path / "gridbot.sqlite3", clock)
    personas = await load_personas(db, "zh-CN")
    standin = FeishuStandIn(encrypt_key=ENCRYPT_KEY)
    await standin.start()
    port = _free_port()
    standin.callback_url = f"http://127.0.0.1:{port}/feishu/events"
    try:
        async with sqlite_world(
            tmp_path, register_bot, clock, db, personas, **feishu_settings(standin, port)
        ) as e2e:
            world = FeishuWorld(standin, db, e2e.bot)
            url = standin.callback_url
            await eventually(lambda: listens(url), what="the Feishu callback listens")
            await e2e.onboard("张伟")  # on Telegram
            zhang_feishu = await world.onboard("张伟")  # and on Feishu: one person, two accounts
            async with db.session() as session:
                person = await session.scalar(select(Person).where(Person.name == "张伟"))
            assert person is not None and person.telegram_id == e2e.user_id("张伟") and person.feishu_id
            await e2e.onboard("李娜")
            li = e2e.user("李娜")
            from tests.e2e.test_problems_e2e import report

            await report(li, "路灯不亮", photo=False)
            zhang = e2e.user("张伟")
            await zhang.wait_message(lambda m: "新的上报" in (m.text or ""), timeout=WAIT)
            await world.wait(zhang_feishu, "新的上报", buttons=True)
            await e2e.outbox_settled()
            await asyncio.sleep(1.5)  # a duplicate would have gone by now
            telegram = [m for m in await zhang.messages() if "新的上报" in (m.text or "")]
            on_feishu = [s for s in standin.messages(zhang_feishu) if "新的上报" in s.text]
            assert len(telegram) == 1 and len(on_feishu) == 1
            standin.assert_clean()
    finally:
        await standin.stop()


async def test_log_with_photo_signed_by_the_secretary_over_feishu(feishu: FeishuWorld) -> None:
    from storage.models import WorkLog

    secretary = await feishu.onboard("张伟")
    cadre = await feishu.onboard("郑海")
    await feishu.say(cadre, "/log")
    await feishu.wait(cadre, "填写网格工作纪实表", buttons=True)
    await feishu.press(cadre, "📅 今天", "请选择工作的网格")
    await fill_log_with_photo(feishu, cadre)

    request = await feishu.wait(secretary, "新的纪实表待您签署", buttons=True)
    assert "照片：1 张" in request.text
    await feishu.press(secretary, "✅ 同意", "请输入签署意见")
    await feishu.say(secretary, "整改到位，同意。")
    await feishu.wait(secretary, "已签署同意纪实表 #1")
    await feishu.wait(cadre, "您的纪实表已签署同意")
    async with feishu.db.session() as session:
        log = (await session.execute(select(WorkLog))).scalar_one()
    assert log.status == "approved" and [p.local_path is not None for p in log.photos] == [True]


async def fill_log_with_photo(feishu: FeishuWorld, cadre: str) -> None:
    """/log from its grid step to 📤 提交 for 郑海 (包联干部 of 幸福社区): 第四网格, 守门员, 8 households, an address, the
    work, one photo sent from the Feishu client, no problem found."""
    await feishu.press(cadre, "⭐ 第四网格", "哪些重点任务")
    await feishu.press(cadre, "▫️ 守门员", "哪些重点任务")
    await feishu.press(cadre, "下一步 ➡️", "走访了多少户")
    await feishu.say(cadre, "8")
    await feishu.wait(cadre, "走访的地址")
    await feishu.say(cadre, "幸福小区5栋")
    await feishu.wait(cadre, "请简要填写工作内容")
    await feishu.say(cadre, "检查楼道消防通道，清理堆放杂物")
    await feishu.wait(cadre, "可以发送现场照片")
    assert (await feishu.standin.send_image(cadre, png())).ok
    await feishu.wait(cadre, "已收到 1 / 9 张照片", buttons=True)
    await feishu.press(cadre, "✅ 完成", "发现问题了吗")
    await feishu.press(cadre, "👌 无", "请核对纪实表")
    await feishu.press(cadre, "📤 提交", "已提交，等待社区书记签署")
