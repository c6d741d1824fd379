"""Webhook mode: every request must carry Telegram's secret token; the update is then handled like polling's."""

from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.app import App, make_webhook_app
from bot.sender import OutboxSender
from domain.roles import Role
from tests.factories import add_person

UPDATE = {
    "update_id": 77,
    "message": {
        "message_id": 1,
        "date": 1780000000,
        "chat": {"id": 300, "type": "private"},
        "from": {"id": 300, "is_bot": False, "first_name": "王"},
        "text": "/menu",
        "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
    },
}


async def test_webhook_refuses_requests_without_the_secret(harness, db, settings):
    await add_person(db, "王建国", "13800000001", [(Role.GRID_WORKER, "幸福社区")], telegram_id=300)
    settings = settings.model_copy(update={"webhook_path": "/tg"})
    app = App(
        settings, db, harness.bot, harness.dp, OutboxSender(harness.bot, db, harness.clock), harness.clock
    )
    web_app = make_webhook_app(app, "s3cret", handle_in_background=False)
    async with TestClient(TestServer(web_app)) as client:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
            response = await client.post("/tg", json=UPDATE, headers=headers)
            assert response.status == 401
        assert harness.telegram.chat(300) == []  # nothing was handled
        response = await client.post(
            "/tg", json=UPDATE, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
        )
        assert response.status == 200
    assert "主菜单" in harness.telegram.chat(300)[-1].text


async def test_stopping_waits_for_updates_handled_in_the_background(harness, db, settings):
    from bot.app import WEBHOOK_HANDLER, _finish_updates_in_flight

    await add_person(db, "王建国", "13800000001", [(Role.GRID_WORKER, "幸福社区")], telegram_id=300)
    settings = settings.model_copy(update={"webhook_path": "/tg"})
    app = App(
        settings, db, harness.bot, harness.dp, OutboxSender(harness.bot, db, harness.clock), harness.clock
    )
    web_app = make_webhook_app(app, "s3cret")  # handled in the background, as in production
    async with TestClient(TestServer(web_app)) as client:
        response = await client.post(
            "/tg", json=UPDATE, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
        )
        assert response.status == 200
        await _finish_updates_in_flight(web_app[WEBHOOK_HANDLER])  # what run_webhook does on SIGTERM
        assert "主菜单" in harness.telegram.chat(300)[-1].text
