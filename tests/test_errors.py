"""Unexpected errors: the person gets a clear reply, the log gets the update id and frames, never private data."""

from __future__ import annotations

import logging
import re

from bot.app import register_commands
from bot.logs import SafeFormatter
from domain.roles import Role
from tests.factories import add_person


async def test_error_is_logged_without_private_data_and_user_is_told(harness, db, monkeypatch, caplog):
    await add_person(db, "管理员", "13800000001", [(Role.ADMIN, None)], telegram_id=400)

    async def broken(_db):  # type: ignore[no-untyped-def]
        raise RuntimeError("duplicate key (phone)=(13812345678) for 李红")

    monkeypatch.setattr("dialogs.roster_overview.roster_overview", broken)
    user = harness.user(400)
    await user.send("/menu")
    with caplog.at_level(logging.INFO):
        callback = await user.press("👥 名册概况")
    assert "出了点问题" in user.answer(callback)["text"]
    logged = "\n".join(SafeFormatter().format(r) for r in caplog.records)  # as `gridbot run` writes them
    assert re.search(r"update \d+ failed: RuntimeError", logged) and "roster_overview.py" in logged  # where
    assert "13812345678" not in logged and "李红" not in logged


async def test_commands_are_registered_in_both_languages(harness):
    await register_commands(harness.bot)
    calls = [params for name, params in harness.telegram.calls if name == "SetMyCommands"]
    by_language = {c.get("language_code"): [cmd["command"] for cmd in c["commands"]] for c in calls}
    expected = [
        "start",
        "menu",
        "log",
        "mylogs",
        "report",
        "checkin",
        "pending",
        "digest",
        "assess",
        "callout",  # issue 8
        "export",
        "sheet",
        "meeting",
        "help",
        "cancel",
        "lang",
    ]
    assert by_language == {None: expected, "en": expected}
    zh = next(c for c in calls if c.get("language_code") is None)
    assert zh["commands"][2]["description"] == "填写网格工作纪实表"
