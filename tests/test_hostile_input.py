"""Hostile input the end-to-end flood (tests/e2e/test_hostile_e2e.py) found, reproduced in-process."""

from __future__ import annotations

import logging

from aiogram.types import CallbackQuery

from domain.roles import Role
from tests.conftest import BotHarness
from tests.factories import add_person


async def test_a_stranger_pressing_a_button_of_someone_elses_screen(harness: BotHarness, db, caplog) -> None:  # type: ignore[no-untyped-def]
    await add_person(db, "李娜", "13820020002", [(Role.GRID_WORKER, "幸福社区")], telegram_id=5002)
    li, stranger = harness.user(5002), harness.user(880000001)
    await li.send("/menu")
    screen = li.last_with_buttons()
    caplog.set_level(logging.INFO)
    assert screen.tg is not None
    before = len(li.messages())
    # Telegram never sends this (only 李娜 sees her chat); a forged or replayed update can.
    query = CallbackQuery(
        id="cb-forged",
        from_user=stranger.user,
        chat_instance="ci",
        message=screen.tg,
        data=screen.inline[0][0][1],
    )
    await stranger._feed(callback_query=query)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, errors  # was: InvalidKeyboardType from the onboarding screen in a per-user stack
    assert stranger.answer("cb-forged") is not None, "the press is answered"
    assert len(li.messages()) == before, "nothing is sent into 李娜's chat"
