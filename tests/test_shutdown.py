"""SIGTERM: the bot's loops are asked to stop and finish the round in hand; only one that overruns is cancelled."""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

from bot.app import _stop_task, urgent_watch
from services.problems import ProblemConfig


async def test_the_urgent_watch_ends_when_asked_not_at_its_next_round(db, settings):
    stop = asyncio.Event()
    woken: list[bool] = []
    app = SimpleNamespace(db=db, sender=SimpleNamespace(wake=lambda: woken.append(True)))
    task = asyncio.create_task(urgent_watch(app, ProblemConfig.from_settings(settings), 3600, stop))  # type: ignore[arg-type]
    await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(_stop_task(task, timeout=5), 2)
    assert task.done() and not task.cancelled() and task.result() is None


async def test_a_loop_that_does_not_stop_in_time_is_cancelled_with_a_warning(caplog):
    task = asyncio.create_task(asyncio.sleep(60), name="stubborn")
    with caplog.at_level(logging.WARNING, logger="gridbot"):
        await asyncio.wait_for(_stop_task(task, timeout=0.1), 2)
    assert task.cancelled()
    assert "stubborn did not stop in 0.1 s" in caplog.text
