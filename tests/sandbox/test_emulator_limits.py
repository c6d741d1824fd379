"""Rate limits, fault injection and statistics."""

from __future__ import annotations

import asyncio

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter, TelegramServerError
from conftest import LI, TOKEN, ZHANG

from sandbox import Emulator, SandboxClient
from sandbox.limits import LimitConfig, RateLimiter


async def test_per_chat_limit_allows_a_burst_then_429(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.configure(limits={"enabled": True, "per_chat_burst": 3})
    for i in range(3):
        await bot.send_message(ZHANG, f"消息 {i}")
    with pytest.raises(TelegramRetryAfter) as info:
        await bot.send_message(ZHANG, "太快了")
    assert info.value.retry_after == 1
    assert info.value.message.endswith("Original description: Too Many Requests: retry after 1")
    assert (await bot.send_message(LI, "另一个聊天不受影响")).chat.id == LI
    await asyncio.sleep(1.05)
    assert (await bot.send_message(ZHANG, "一秒后可以")).text == "一秒后可以"
    stats = await sandbox.stats()
    assert stats["served_429"] == 1 and stats["calls"]["sendMessage"] == 6
    assert len(stats["sends"][str(ZHANG)]) == 4


async def test_limits_are_off_by_default_and_switchable(bot: Bot, sandbox: SandboxClient) -> None:
    for i in range(6):
        await bot.send_message(ZHANG, str(i))
    config = await sandbox.configure(limits={"enabled": True, "per_chat_burst": 1})
    assert config["limits"]["enabled"] and config["limits"]["per_chat_per_second"] == 1.0
    await bot.send_message(ZHANG, "一")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(ZHANG, "二")
    await sandbox.configure(limits={"enabled": False})
    await bot.send_message(ZHANG, "三")


def test_global_limit_token_bucket() -> None:
    config = LimitConfig(enabled=True, global_per_second=30, per_chat_burst=100, window="bucket")
    limiter = RateLimiter(config)
    results = [limiter.acquire(chat_id=i, now=100.0) for i in range(31)]
    assert results[:30] == [None] * 30 and results[30] == 1
    assert limiter.acquire(chat_id=99, now=100.05) is None  # 1/30 s later a slot is free again


def _strict() -> RateLimiter:
    config = LimitConfig(enabled=True, global_per_second=30)
    assert config.window == "sliding"  # the default once limits are on
    return RateLimiter(config)


def test_sliding_window_refuses_the_31st_send_in_one_second() -> None:
    limiter = _strict()
    results = [limiter.acquire(chat_id=i, now=100.0 + i * 0.01) for i in range(31)]
    assert results.count(1) == 1 and results[30] == 1 and limiter.refused == 1
    # Unlike the bucket, no slot frees 1/30 s later: the window still holds 30 sends.
    assert limiter.acquire(chat_id=99, now=100.35) == 1


def test_sliding_window_counts_sends_spread_over_the_second() -> None:
    limiter = _strict()
    assert all(limiter.acquire(chat_id=i, now=100.0 + i / 30) is None for i in range(30))  # 100.0 … 100.967
    assert limiter.acquire(chat_id=98, now=100.99) == 1  # 30 already in (99.99, 100.99]
    # retry_after: the whole seconds until the first send leaves the window (at 101.0), at least one.
    assert limiter.acquire(chat_id=98, now=100.999) == 1
    assert limiter.acquire(chat_id=99, now=101.0) is None  # the first send has left the window
    assert limiter.acquire(chat_id=97, now=101.01) == 1  # ... and only it: the window is full again
    assert limiter.acquire(chat_id=97, now=101.034) is None  # the second one (at 100.033) has left too
    assert limiter.refused == 3


def test_sliding_window_retry_after_is_the_wait_rounded_up() -> None:
    limiter = RateLimiter(LimitConfig(enabled=True, global_per_second=2, per_chat_burst=100))
    assert limiter.acquire(chat_id=1, now=10.0) is None
    assert limiter.acquire(chat_id=1, now=10.5) is None
    assert limiter.acquire(chat_id=1, now=10.2) == 1  # 0.8 s until a slot frees: 1
    limiter.config.update({"global_per_second": 1})
    assert limiter.acquire(chat_id=1, now=10.9) == 1  # the later send leaves at 11.5
    assert limiter.acquire(chat_id=1, now=11.5) is None


def test_the_per_chat_limit_is_kept_in_sliding_mode() -> None:
    limiter = _strict()
    assert [limiter.acquire(chat_id=5, now=100.0) for _ in range(4)] == [None, None, None, 1]
    assert limiter.acquire(chat_id=6, now=100.0) is None  # another chat is not affected


async def test_the_window_is_set_through_the_control_api(bot: Bot, sandbox: SandboxClient) -> None:
    config = await sandbox.configure(limits={"enabled": True, "global_per_second": 2, "per_chat_burst": 10})
    assert config["limits"]["window"] == "sliding"
    await bot.send_message(ZHANG, "一")
    await bot.send_message(LI, "二")
    with pytest.raises(TelegramRetryAfter) as info:
        await bot.send_message(ZHANG, "三")
    assert info.value.retry_after == 1
    config = await sandbox.configure(limits={"window": "bucket", "global_per_second": 30})
    assert config["limits"]["window"] == "bucket"
    with pytest.raises(Exception, match="window must be one of sliding, bucket"):
        await sandbox.configure(limits={"window": "leaky"})


async def test_faults_are_seeded_and_reproducible(
    emulator: Emulator, bot: Bot, sandbox: SandboxClient
) -> None:
    faults = {
        "enabled": True,
        "seed": 7,
        "rate_429": 0.3,
        "retry_after": 2,
        "rate_500": 0.3,
        "methods": ["sendMessage"],
    }

    async def outcomes() -> list[str]:
        await sandbox.configure(faults=faults)  # reconfiguring reseeds the RNG
        result = []
        for _ in range(20):
            try:
                await bot.send_message(ZHANG, "x")
                result.append("ok")
            except TelegramRetryAfter as exc:
                assert exc.retry_after == 2
                result.append("429")
            except TelegramServerError as exc:
                assert exc.message == "Internal Server Error"
                result.append("500")
        return result

    first = await outcomes()
    assert await outcomes() == first
    assert {"ok", "429", "500"} <= set(first)
    assert await bot.get_me()  # not in the methods list


async def test_fault_delay(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.configure(faults={"enabled": True, "delay_rate": 1.0, "delay_ms": 300})
    loop = asyncio.get_running_loop()
    started = loop.time()
    await bot.get_me()
    assert loop.time() - started >= 0.3


async def test_limits_and_faults_at_start() -> None:
    async with Emulator(
        TOKEN, personas=[{"user_id": ZHANG, "first_name": "伟"}], faults={"enabled": True, "rate_500": 1.0}
    ) as emu:
        async with SandboxClient(emu.base_url) as client:
            config = await client.request("GET", "/config")
            assert config["faults"]["rate_500"] == 1.0 and not config["limits"]["enabled"]
            with pytest.raises(Exception, match="unknown setting"):
                await client.configure(limits={"bogus": 1})
