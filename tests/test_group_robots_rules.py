"""Group robots (issue 20), the pure parts: cutting to each robot's size between lines, masking, signatures as
documented, reading each robot's answers, the pace; and the overdue list and monthly deadline reaching the groups."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select, update

from bot.sender.robots import RobotSender
from domain.roles import Role
from services.channels import dingtalk, feishu, wecom
from services.channels.masking import mask_secret, mask_webhook
from services.channels.model import GroupMessage, Outcome
from services.channels.render import as_markdown, size, split
from services.channels.robot import next_turn
from services.channels.robots import ROBOTS
from services.problems import ProblemConfig, create_problem
from services.problems.reporting import Draft
from storage.models import Grid, Problem
from tests.factories import add_person
from tests.reminder_helpers import at, make_engine
from tests.robot_helpers import DT_SECRET, DT_TOKEN, FS_HOOK, FS_SECRET, WECOM_KEY, drain, register, stand_ins

LINES = [f"第 {n} 行：幸福社区 纪实 {n} 条，待签 {n % 7} 份，逾期 {n % 3} 项" for n in range(600)]


@pytest.mark.parametrize(
    ("robot", "limit", "content"),
    [
        ("wecom", wecom.MARKDOWN_LIMIT, lambda p: p["body"]["markdown"]["content"]),
        ("dingtalk", dingtalk.CONTENT_LIMIT, lambda p: p["body"]["markdown"]["text"]),
        ("feishu", feishu.CONTENT_LIMIT, lambda p: p["body"]["card"]["elements"][0]["content"]),
    ],
)
def test_a_long_message_is_cut_between_lines_within_each_robots_limit(robot, limit, content):
    message = GroupMessage(title="【网格通】每日简报", parts=["\n".join(LINES)], act="👉 请在机器人中催办")
    pieces = [content(p) for p in ROBOTS[robot].messages(message)]
    assert len(pieces) > 1
    assert all(size(piece) <= limit for piece in pieces)
    got = [line.rstrip() for piece in pieces for line in piece.replace("  \n", "\n").split("\n")]
    for line in LINES:  # every line whole, once, in order
        assert got.count(line) == 1
    assert [got.index(line) for line in LINES] == sorted(got.index(line) for line in LINES)
    assert got[-1] == "👉 请在机器人中催办"
    if robot != "feishu":  # the card's header carries Feishu's title; the others repeat it on each piece
        assert all(piece.startswith("**【网格通】每日简报**") for piece in pieces)


def test_a_line_longer_than_the_limit_is_shortened_not_split():
    long = "长" * 3000
    pieces = split(f"标题\n{long}\n尾", 4096, head="标题")
    assert all(size(p) <= 4096 for p in pieces)
    lines = [line for piece in pieces for line in piece.split("\n")]
    cut = [line for line in lines if line.startswith("长")]
    assert len(cut) == 1 and cut[0].endswith("…") and long.startswith(cut[0][:-1])
    assert lines[-1] == "尾" and all(piece.startswith("标题") for piece in pieces)


def test_the_telegram_html_becomes_markdown():
    html = '📊 <b>每日简报</b> &amp; <i>说明</i> <a href="https://example.org/x">链接</a> &lt;b&gt;'
    assert as_markdown(html) == "📊 **每日简报** & *说明* [链接](https://example.org/x) <b>"


def test_keys_and_secrets_are_masked():
    assert mask_webhook(f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={WECOM_KEY}") == (
        f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=••••{WECOM_KEY[-4:]}"
    )
    masked = mask_webhook(f"https://oapi.dingtalk.com/robot/send?access_token={DT_TOKEN}")
    assert DT_TOKEN not in masked and masked.endswith(DT_TOKEN[-4:])
    masked = mask_webhook(f"https://open.feishu.cn/open-apis/bot/v2/hook/{FS_HOOK}")
    assert FS_HOOK not in masked and masked.endswith(FS_HOOK[-4:])
    assert mask_secret(DT_SECRET) == "••••" + DT_SECRET[-4:]
    assert mask_secret("short") == "••••" and mask_secret(None) is None


def test_signatures_as_the_robots_document_them():
    now = datetime(2026, 11, 27, 1, 2, 3, tzinfo=UTC)
    request = dingtalk.request("https://oapi.dingtalk.com/robot/send?access_token=t", DT_SECRET, {}, now)
    query = parse_qs(urlsplit(request.url).query)
    stamp = query["timestamp"][0]
    assert stamp == str(int(now.timestamp() * 1000))
    digest = hmac.new(DT_SECRET.encode(), f"{stamp}\n{DT_SECRET}".encode(), hashlib.sha256).digest()
    assert query["sign"][0] == base64.b64encode(digest).decode()  # URL-encoded once in the address
    body = feishu.request(
        "https://open.feishu.cn/open-apis/bot/v2/hook/x", FS_SECRET, {"msg_type": "text"}, now
    ).body
    assert body["timestamp"] == str(int(now.timestamp()))
    key = f"{body['timestamp']}\n{FS_SECRET}".encode()
    assert body["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    image = wecom.image(b"\x89PNG-chart")
    assert image is not None and image["image"]["md5"] == hashlib.md5(b"\x89PNG-chart").hexdigest()  # noqa: S324
    assert wecom.image(b"x" * (2 * 1024 * 1024 + 1)) is None


@pytest.mark.parametrize(
    ("robot", "status", "answer", "outcome"),
    [
        ("wecom", 200, {"errcode": 0, "errmsg": "ok"}, Outcome.SENT),
        ("wecom", 200, {"errcode": 45009, "errmsg": "api freq out of limit"}, Outcome.THROTTLED),
        ("wecom", 200, {"errcode": 93000, "errmsg": "invalid webhook url"}, Outcome.BROKEN),
        ("wecom", 200, {"errcode": 40058, "errmsg": "markdown.content exceed max length"}, Outcome.REFUSED),
        ("wecom", 502, None, Outcome.RETRY),
        ("wecom", 0, None, Outcome.RETRY),  # no answer (network)
        ("dingtalk", 200, {"errcode": 130101, "errmsg": "send too fast"}, Outcome.THROTTLED),
        ("dingtalk", 200, {"errcode": 310000, "errmsg": "keywords not in content"}, Outcome.BROKEN),
        ("dingtalk", 200, {"errcode": 300001, "errmsg": "token is not exist"}, Outcome.BROKEN),
        ("feishu", 200, {"code": 0, "msg": "success"}, Outcome.SENT),
        ("feishu", 200, {"StatusCode": 0, "StatusMessage": "success"}, Outcome.SENT),
        ("feishu", 200, {"code": 11232, "msg": "frequency limited"}, Outcome.THROTTLED),
        ("feishu", 200, {"code": 19021, "msg": "sign match fail"}, Outcome.BROKEN),
        ("feishu", 400, {"code": 9499, "msg": "Bad Request"}, Outcome.REFUSED),
        ("feishu", 404, None, Outcome.BROKEN),
    ],
)
def test_each_robots_answers(robot, status, answer, outcome):
    assert ROBOTS[robot].verdict(status, answer).outcome is outcome
    if outcome is Outcome.THROTTLED:
        assert ROBOTS[robot].verdict(status, answer).wait == (600 if robot == "dingtalk" else 60)


def test_the_pace_keeps_below_each_limit_and_off_feishus_busy_seconds():
    now = datetime(2026, 11, 27, 1, 0, 10, tzinfo=UTC)
    recent = [now - timedelta(seconds=50 - n) for n in range(18)]
    assert next_turn(wecom.RULES, recent, now) == recent[0] + timedelta(minutes=1)
    assert next_turn(wecom.RULES, recent[1:], now) == now
    burst = [now - timedelta(milliseconds=100 * n) for n in range(4)]
    assert next_turn(feishu.RULES, burst, now) == burst[-1] + timedelta(seconds=1)
    on_the_minute = datetime(2026, 11, 27, 1, 1, 0, 300000, tzinfo=UTC)
    assert next_turn(feishu.RULES, [], on_the_minute) == datetime(2026, 11, 27, 1, 1, 1, tzinfo=UTC)
    assert next_turn(feishu.RULES, [], on_the_minute + timedelta(seconds=30)).second == 31


def test_webhook_addresses_are_checked_per_kind():
    assert wecom.ROBOT.webhook_ok(f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={WECOM_KEY}")
    assert not wecom.ROBOT.webhook_ok("http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x")  # not https
    assert wecom.ROBOT.webhook_ok("http://127.0.0.1:8080/cgi-bin/webhook/send?key=x")  # a local stand-in
    assert not dingtalk.ROBOT.webhook_ok(f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={WECOM_KEY}")
    assert feishu.ROBOT.webhook_ok(f"https://open.feishu.cn/open-apis/bot/v2/hook/{FS_HOOK}")
    assert not feishu.ROBOT.webhook_ok("https://open.feishu.cn/open-apis/bot/v2/hook/")


# --- the overdue list and the monthly deadline ---------------------------------------------------------------


@pytest.fixture
async def robots(clock):  # type: ignore[no-untyped-def]
    standins = await stand_ins(clock)
    yield standins
    await standins.stop()


async def test_overdue_list_and_monthly_deadline_reach_the_groups_once(harness, db, clock, robots, caplog):
    caplog.set_level(logging.INFO)
    worker = await add_person(db, "李娜", "13820020002", [(Role.GRID_WORKER, "幸福社区")], telegram_id=701)
    await add_person(db, "张伟", "13820020001", [(Role.SECRETARY, "幸福社区")], telegram_id=702)
    await add_person(db, "林静", "15030030001", [(Role.SECRETARY, "和平社区")], telegram_id=703)
    clock.now = at(2026, 12, 4, 9, 1)  # a Friday; the logs' deadline (the 5th is a Saturday) is the 7th
    robots.add("dingtalk", DT_TOKEN, secret=DT_SECRET, keywords=("网格通",))
    robots.add("wecom", WECOM_KEY)
    await register(db, robots, "dingtalk", DT_TOKEN, DT_SECRET, community="幸福社区", now=clock.now)
    await register(db, robots, "wecom", WECOM_KEY, now=clock.now, subscribed=("overdue", "deadline"))
    async with db.session() as s:
        grid = (await s.execute(select(Grid.id).where(Grid.name == "幸福社区第一网格"))).scalar_one()
    draft = Draft(kind="problem", grid_id=grid, category="safety", description="井盖缺失")
    problem_id = await create_problem(db, worker, draft, clock.now - timedelta(days=20), ProblemConfig())
    async with db.session() as s:
        await s.execute(
            update(Problem)
            .where(Problem.id == problem_id)
            .values(due_date=(clock.now - timedelta(days=3)).date())
        )
    engine = make_engine(harness.db, harness.settings, harness.clock)
    sender = RobotSender(db, clock)
    for _ in range(2):  # a second run of the same slot queues nothing more
        await engine.run_kind("problem-items", clock.now)
    await drain(sender, clock=clock)
    clock.now = at(2026, 12, 7, 9, 1)
    for _ in range(2):
        await engine.run_kind("logs-deadline", clock.now)
    await drain(sender, clock=clock)
    await sender.close()
    for name in (("dingtalk", DT_TOKEN), ("wecom", WECOM_KEY)):
        texts = [str(body) for body in robots.robots[name].received]
        assert sum(1 for t in texts if "逾期事项 1 项" in t and f"#{problem_id}" in t and "李娜" in t) == 1
        assert sum(1 for t in texts if "纪实表报送提醒" in t and "截止 2026-12-07" in t) == 1
    wecom_texts = " ".join(str(b) for b in robots.robots[("wecom", WECOM_KEY)].received)
    dingtalk_texts = " ".join(str(b) for b in robots.robots[("dingtalk", DT_TOKEN)].received)
    assert "和平社区" in wecom_texts and "和平社区" not in dingtalk_texts  # a community's group: its own only
    logged = caplog.text
    for secret in (WECOM_KEY, DT_TOKEN, DT_SECRET):  # never logged
        assert secret not in logged
