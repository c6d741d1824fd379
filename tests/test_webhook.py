"""Webhook mode: every request must carry Telegram's secret token; an update is answered 200 only after it was
handled, and one update delivered twice (a retry, or to a second instance sharing Redis) is handled once."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.webhook import WEBHOOK_HANDLER, LocalLedger, make_webhook_app
from domain.roles import Role
from tests.conftest import REDIS_URL, BotHarness, needs_redis
from tests.factories import add_person

SECRET = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}


def update(update_id: int = 77, text: str = "/menu") -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1780000000,
            "chat": {"id": 300, "type": "private"},
            "from": {"id": 300, "is_bot": False, "first_name": "王"},
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


def web_app(harness: BotHarness, ledger=None):  # type: ignore[no-untyped-def]
    settings = harness.settings.model_copy(update={"webhook_path": "/tg"})
    return make_webhook_app(harness.dp, harness.bot, settings, "s3cret", ledger)


def menus(harness: BotHarness) -> int:
    return sum("主菜单" in (m.text or "") for m in harness.telegram.chat(300))


def held_updates(harness: BotHarness, monkeypatch: pytest.MonkeyPatch) -> asyncio.Event:
    """Updates wait for the returned event before they are handled (a slow update)."""
    release = asyncio.Event()
    feed = harness.dp.feed_raw_update

    async def slow_feed(*args, **kwargs):  # type: ignore[no-untyped-def]
        await release.wait()
        return await feed(*args, **kwargs)

    monkeypatch.setattr(harness.dp, "feed_raw_update", slow_feed)
    return release


@pytest.fixture
async def person(db) -> None:  # type: ignore[no-untyped-def]
    await add_person(db, "王建国", "13800000001", [(Role.GRID_WORKER, "幸福社区")], telegram_id=300)


async def test_webhook_refuses_requests_without_the_secret(harness, person):
    async with TestClient(TestServer(web_app(harness))) as client:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
            response = await client.post("/tg", json=update(), headers=headers)
            assert response.status == 401
        assert harness.telegram.chat(300) == []  # nothing was handled
        response = await client.post("/tg", json=update(), headers=SECRET)
        assert response.status == 200
    assert "主菜单" in harness.telegram.chat(300)[-1].text


async def test_the_answer_comes_after_the_update_was_handled(harness, person, monkeypatch):
    """A slow update: no 200 until its reply was sent; meanwhile a second delivery of it is answered 503."""
    release = held_updates(harness, monkeypatch)
    async with TestClient(TestServer(web_app(harness))) as client:
        first = asyncio.create_task(client.post("/tg", json=update(), headers=SECRET))
        await asyncio.sleep(0.05)
        assert not first.done()  # not acknowledged while being handled
        again = await client.post("/tg", json=update(), headers=SECRET)
        assert again.status == 503  # being handled: Telegram will deliver it again later
        release.set()
        assert (await first).status == 200
        assert menus(harness) == 1
        retry = await client.post("/tg", json=update(), headers=SECRET)
        assert retry.status == 200  # done: acknowledged, not handled again
    assert menus(harness) == 1


async def test_a_failed_update_is_not_acknowledged_and_is_handled_when_sent_again(
    harness, person, monkeypatch
):
    feed = harness.dp.feed_raw_update
    calls = []

    async def failing_once(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("database went away")
        return await feed(*args, **kwargs)

    monkeypatch.setattr(harness.dp, "feed_raw_update", failing_once)
    async with TestClient(TestServer(web_app(harness))) as client:
        assert (await client.post("/tg", json=update(), headers=SECRET)).status == 500
        assert menus(harness) == 0
        assert (await client.post("/tg", json=update(), headers=SECRET)).status == 200
    assert menus(harness) == 1


async def test_an_update_without_an_id_is_refused(harness, person):
    async with TestClient(TestServer(web_app(harness))) as client:
        response = await client.post("/tg", json={"message": update()["message"]}, headers=SECRET)
        assert response.status == 400
    assert harness.telegram.chat(300) == []


async def test_stopping_waits_for_updates_being_handled(harness, person, monkeypatch):
    release = held_updates(harness, monkeypatch)
    app = web_app(harness, LocalLedger())
    async with TestClient(TestServer(app)) as client:
        posted = asyncio.create_task(client.post("/tg", json=update(), headers=SECRET))
        await asyncio.sleep(0.05)
        stopping = asyncio.create_task(app[WEBHOOK_HANDLER].finish(5))  # what run_webhook does on SIGTERM
        await asyncio.sleep(0.05)
        assert not stopping.done()
        release.set()
        await stopping
        assert (await posted).status == 200
    assert menus(harness) == 1


@needs_redis
async def test_two_instances_sharing_redis_handle_an_update_once(settings, db, clock, person):
    """The same update delivered to both instances (behind one address): one reply, the other answered 200 after."""
    redis_settings = settings.model_copy(update={"redis_url": REDIS_URL, "webhook_path": "/tg"})
    one, two = BotHarness(redis_settings, db, clock), BotHarness(redis_settings, db, clock)
    two.bot, two.telegram = one.bot, one.telegram  # one Telegram, as in production
    await one.dp.storage.redis.flushdb()  # type: ignore[attr-defined]
    try:
        async with (
            TestClient(TestServer(make_webhook_app(one.dp, one.bot, redis_settings, "s3cret"))) as a,
            TestClient(TestServer(make_webhook_app(two.dp, two.bot, redis_settings, "s3cret"))) as b,
        ):
            answers = await asyncio.gather(
                a.post("/tg", json=update(91), headers=SECRET), b.post("/tg", json=update(91), headers=SECRET)
            )
            statuses = sorted(r.status for r in answers)
            assert statuses in ([200, 200], [200, 503])
            assert (await b.post("/tg", json=update(91), headers=SECRET)).status == 200
            assert (await a.post("/tg", json=update(91), headers=SECRET)).status == 200
        assert menus(one) == 1
    finally:
        await one.dp.storage.close()
        await two.dp.storage.close()


@needs_redis
async def test_a_claim_lapses_unless_renewed_and_a_renewal_never_undoes_done():
    from redis.asyncio import Redis

    from bot.webhook import CLAIM_SECONDS, Claim, RedisLedger

    redis = Redis.from_url(REDIS_URL)  # type: ignore[arg-type]
    ledger = RedisLedger(redis, 42)
    key = ledger.prefix + "5"
    try:
        await redis.delete(key)
        assert await ledger.claim(5) is Claim.NEW and await ledger.claim(5) is Claim.BUSY
        await redis.expire(key, 1)  # most of its life gone
        await ledger.renew(5)
        assert 1 < await redis.ttl(key) <= CLAIM_SECONDS
        await ledger.done(5)
        await ledger.renew(5)  # late: must not turn it back into a claim that lapses
        assert await ledger.claim(5) is Claim.DONE and await redis.ttl(key) > CLAIM_SECONDS
        await redis.delete(key)
        assert await ledger.claim(5) is Claim.NEW  # an instance that died: its claim gone, the next takes it
    finally:
        await redis.delete(key)
        await redis.aclose()
