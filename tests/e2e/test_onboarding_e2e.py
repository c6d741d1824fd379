"""Onboarding over HTTP: /start, the request-contact reply button, 验证成功, the role's own menu, and the binding.

The three roles share one bot process: starting one costs a few seconds (aiogram's types alone take ~2 s to import).
"""

from __future__ import annotations

from domain.roles import Action
from locales import tr
from tests.e2e.harness import E2E, button_texts, new_menu

ALL_ACTIONS = {tr("zh-CN", f"action-{action.value}") for action in Action}
# name in the demo roster → (role shown in the menu, the actions DOMAIN.md gives that role and no others)
CASES = {
    "李娜": ("网格员", {"📝 填写纪实表", "📚 我的纪实表", "📣 问题上报", "📂 问题办理"}),
    "张伟": (
        "社区党委书记",
        {
            "📝 填写纪实表",
            "📚 我的纪实表",
            "📣 问题上报",
            "📂 问题办理",
            "✍️ 待我签批",
            "📤 纪实表月报",
            "📊 工作简报",
            "⭐ 考核评价",
            "🚨 应急调度",
            "📥 报表导出",
        },
    ),
    "孙丽": ("管理员", {"🚨 应急调度", "👥 名册概况", "📥 报表导出"}),
}


async def test_shared_contact_binds_the_person_and_opens_their_menu(e2e: E2E) -> None:
    for name in CASES:
        await _onboard_and_check(e2e, name)
    # Each menu showed only its own role's actions, and nobody was bound twice.
    bound = {name: (await e2e.person(name)).telegram_id for name in CASES}
    assert len(set(bound.values())) == len(CASES)


async def _onboard_and_check(e2e: E2E, name: str) -> None:
    role, actions = CASES[name]
    user = e2e.user(name)
    assert (await e2e.person(name)).telegram_id is None

    await user.send_command("start")
    welcome = await user.wait_message(lambda m: "欢迎使用网格助手" in (m.text or ""))
    assert "分享手机号" in (welcome.text or "")
    keyboard = await user.reply_keyboard()
    assert keyboard is not None and [[b["text"] for b in row] for row in keyboard] == [["📱 分享手机号"]]
    assert keyboard[0][0].get("request_contact") is True

    await user.press("📱 分享手机号")
    shared = [m for m in await user.messages() if not m.outgoing and m.contact]
    assert [m.contact["phone_number"] for m in shared] == [e2e.persona(name)["phone"]]
    assert shared[0].contact["user_id"] == user.user_id  # the user's own contact, as the button sends it

    verified = await user.wait_message(lambda m: "验证成功" in (m.text or ""))
    assert verified.text == f"✅ 验证成功，{name}，欢迎您！"
    menu = await user.wait_message(new_menu)
    assert f"👤 {name}" in (menu.text or "")
    assert f"角色：{role}" in (menu.text or "")
    assert button_texts(menu) & ALL_ACTIONS == actions
    assert {"🌐 语言 / Language", "❓ 帮助"} <= button_texts(menu)

    person = await e2e.person(name)
    assert person.telegram_id == user.user_id
    assert person.bound_at is not None and person.active
