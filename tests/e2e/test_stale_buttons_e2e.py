"""Old buttons over HTTP, around one restart of the bot process: a screen whose dialog was kept still works; a
screen whose dialog is gone, and a button the bot never sent, are answered "已过期" and the menu comes back."""

from __future__ import annotations

from tests.e2e.harness import E2E, button_texts

OUTDATED = "这个界面已过期，已为您回到主菜单。"


def is_menu(text: str | None) -> bool:
    return "网格助手 · 主菜单" in (text or "")


async def test_buttons_pressed_after_a_restart(e2e: E2E) -> None:
    admin, worker = e2e.user("孙丽"), e2e.user("李娜")
    await e2e.onboard("孙丽")
    await admin.press("👥 名册概况")
    overview = await admin.wait_message(lambda m: "名册概况" in (m.text or ""))
    assert "共 25 人，已绑定 1 人，未绑定 24 人" in (overview.text or "")
    worker_menu = await e2e.onboard("李娜")

    # SIGTERM: dialog stacks are written to the database on the way out… but the grid worker's gets lost.
    await e2e.bot.restart(while_stopped=lambda: e2e.forget_dialogs(worker))

    # Kept: ⬅️ 返回 on the overview opened before the restart goes back to the menu, quietly.
    await admin.press("⬅️ 返回", message_id=overview.message_id)
    back = await admin.callback_answer()
    assert back.answered, "every press is answered, or the client keeps a spinner on the button"
    assert not back.show_alert and OUTDATED not in (back.text or "")
    menu = await admin.wait_message(lambda m: is_menu(m.text))
    assert "👥 名册概况" in button_texts(menu) and "共 25 人" not in (menu.text or "")

    # Gone: the menu is still on screen with its buttons, but the dialog behind it no longer exists.
    await worker.press("📣 问题上报", message_id=worker_menu.message_id)
    stale = await worker.callback_answer()
    assert stale.answered and stale.text == OUTDATED and stale.show_alert
    fresh = await worker.wait_message(lambda m: is_menu(m.text) and m.message_id != worker_menu.message_id)
    assert "📣 问题上报" in button_texts(fresh) and "👥 名册概况" not in button_texts(fresh)

    # Forged: a modified client shows a button the bot never sent a grid worker.
    e2e.add_button(worker, fresh.message_id, "👥 名册概况", "forged:roster")
    await worker.press("👥 名册概况", message_id=fresh.message_id)
    forged = await worker.callback_answer()
    assert forged.answered and forged.text == OUTDATED
    again = await worker.wait_message(lambda m: is_menu(m.text) and m.message_id > fresh.message_id)
    assert "👥 名册概况" not in button_texts(again)
    assert not any("名册概况" in (m.text or "") for m in await worker.messages())  # nothing was opened
