"""Role menus, commands by role, /lang, stale and forged buttons, and a dialog surviving a restart."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import func, select

from domain.roles import BUILT_ACTIONS, Action, Role, actions_for
from locales import LOCALES, LOCALES_DIR, message_ids, tr
from storage.models import Community, OutboxMessage, Person, PersonRole, UserPref
from tests.factories import add_person

# role → (community, department, actions the menu must show)
ROLE_MENUS = {
    Role.GRID_WORKER: ("幸福社区", None, {"📝 填写纪实表", "📚 我的纪实表", "📣 问题上报"}),
    Role.COMMUNITY_CADRE: ("幸福社区", None, {"📝 填写纪实表", "📚 我的纪实表", "📣 问题上报"}),
    Role.SECONDED_CADRE: ("幸福社区", None, {"📝 填写纪实表", "📚 我的纪实表", "📣 问题上报", "📍 社区报到"}),
    Role.PAIRED_CADRE: (
        "幸福社区",
        "党政办",
        {"📝 填写纪实表", "📚 我的纪实表", "📣 问题上报", "📍 社区报到"},
    ),
    Role.WINDOW_STAFF: ("幸福社区", None, {"📣 问题上报"}),
    Role.SECRETARY: (
        "幸福社区",
        None,
        {
            "📝 填写纪实表",
            "📚 我的纪实表",
            "📣 问题上报",
            "✍️ 待我签批",
            "📤 纪实表月报",
            "📊 工作简报",
            "⭐ 考核评价",
            "🚨 应急调度",
        },
    ),
    Role.LEADER_IN_CHARGE: ("幸福社区", None, {"✍️ 待我签批", "📊 工作简报", "⭐ 考核评价", "🚨 应急调度"}),
    Role.PRINCIPAL_LEADER: (None, None, {"✍️ 待我签批", "📊 工作简报", "⭐ 考核评价", "🚨 应急调度"}),
    Role.DEPARTMENT_STAFF: (None, "党群工作部", {"📊 工作简报", "📋 工作提示单", "🗓 会议报备"}),
    # Issue 8: squad members answer call-outs; only secretaries, leaders and the administrator raise them.
    Role.EMERGENCY_MEMBER: ("幸福社区", None, {"📣 问题上报"}),
    Role.ENFORCEMENT_MEMBER: (None, None, {"📣 问题上报"}),
    Role.ADMIN: (None, None, {"🚨 应急调度", "👥 名册概况"}),
}
# Issue 5: everyone who reports or handles problems and suggestions also sees 📂 问题办理.
for _role, (_community, _department, _labels) in ROLE_MENUS.items():
    if _role != Role.ADMIN:
        _labels.add("📂 问题办理")
# Issue 7: leaders, department staff, secretaries and administrators export reports (domain/exports.py).
for _role in (
    Role.SECRETARY,
    Role.LEADER_IN_CHARGE,
    Role.PRINCIPAL_LEADER,
    Role.DEPARTMENT_STAFF,
    Role.ADMIN,
):
    ROLE_MENUS[_role][2].add("📥 报表导出")
ALL_ACTION_LABELS = {tr("zh-CN", f"action-{a.value}") for a in Action}


def test_every_role_has_a_menu_case():
    assert set(ROLE_MENUS) == set(Role)


@pytest.mark.parametrize("role", list(Role))
async def test_menu_shows_exactly_the_roles_actions(harness, db, role):
    community, department, expected = ROLE_MENUS[role]
    await add_person(db, "测试人", "13800000001", [(role, community)], telegram_id=100, department=department)
    user = harness.user(100)
    await user.send("/menu")
    menu = user.last()
    shown = set(menu.buttons()) & ALL_ACTION_LABELS
    assert shown == expected
    assert tr("zh-CN", f"role-{role.value}") in menu.text
    if community:
        assert community in menu.text


async def test_menu_for_several_roles_is_their_union(harness, db):
    await add_person(
        db, "多岗", "13800000002", [(Role.GRID_WORKER, "幸福社区"), (Role.ADMIN, None)], telegram_id=101
    )
    user = harness.user(101)
    await user.send("/menu")
    assert set(user.last().buttons()) & ALL_ACTION_LABELS == ROLE_MENUS[Role.GRID_WORKER][2] | {
        "🚨 应急调度",
        "👥 名册概况",
        "📥 报表导出",
    }


async def test_not_onboarded_gets_clear_reply_for_every_command(harness, db):
    await add_person(db, "李红", "13800000020", [(Role.GRID_WORKER, "幸福社区")])
    user = harness.user(102)
    for command in ("/menu", "/log", "/report", "/checkin", "/pending", "/digest"):
        await user.send(command)
        assert (
            "还未完成身份验证" in user.messages()[-1].text or "还未完成身份验证" in user.messages()[-2].text
        )
    await user.send("随便说点什么")
    assert any("还未完成身份验证" in m.text for m in user.messages()[-2:])
    async with db.session() as s:  # nothing changed: nobody bound, nothing queued, no preference stored
        assert (
            await s.execute(select(func.count(Person.id)).where(Person.telegram_id.is_not(None)))
        ).scalar() == 0
        assert (await s.execute(select(func.count(OutboxMessage.id)))).scalar() == 0
        assert (await s.execute(select(func.count(UserPref.telegram_id)))).scalar() == 0


async def test_role_without_action_is_refused_by_command(harness, db):
    await add_person(db, "窗口", "13800000003", [(Role.WINDOW_STAFF, "幸福社区")], telegram_id=103)
    user = harness.user(103)
    await user.send("/pending")
    assert user.last().text == "您的角色无权使用“✍️ 待我签批”。如有疑问请联系管理员。"
    await user.send("/log")
    assert "无权使用“📝 填写纪实表”" in user.last().text


@pytest.fixture
def assessment_not_built(monkeypatch):  # type: ignore[no-untyped-def]
    """Every action is built now; an action whose flow is not (as in a partial deployment) still answers plainly."""
    monkeypatch.setattr("dialogs.actions.BUILT_ACTIONS", BUILT_ACTIONS - {Action.ASSESS})


async def test_unbuilt_action_says_coming_soon(harness, db, assessment_not_built):
    await add_person(db, "书记", "13800000004", [(Role.SECRETARY, "幸福社区")], telegram_id=104)
    user = harness.user(104)
    await user.send("/menu")
    callback = await user.press("⭐ 考核评价")
    answer = user.answer(callback)
    assert answer["show_alert"] is True and "即将上线" in answer["text"]


async def test_admin_roster_overview_counts(harness, db):
    await add_person(db, "管理员", "13800000005", [(Role.ADMIN, None)], telegram_id=105)
    await add_person(db, "李红", "13800000006", [(Role.GRID_WORKER, "幸福社区")])
    user = harness.user(105)
    await user.send("/menu")
    await user.press("👥 名册概况")
    text = user.last().text
    assert "共 2 人，已绑定 1 人，未绑定 1 人" in text
    assert "幸福社区：1 人（已绑定 0），网格 1 个" in text
    await user.press("⬅️ 返回")
    assert "主菜单" in user.last().text


async def test_forged_action_callback_is_refused_and_changes_nothing(harness, db):
    await add_person(db, "网格员", "13800000007", [(Role.GRID_WORKER, "幸福社区")], telegram_id=106)
    user = harness.user(106)
    await user.send("/menu")
    menu = user.last()
    roster_data = next(d for _, d in menu.inline[0]).rsplit(":", 1)[0] + ":roster"
    callback = await user.press_data(roster_data, menu)
    answer = user.answer(callback)
    assert "无权使用“👥 名册概况”" in answer["text"]
    assert "名册概况" not in user.last().text


async def test_garbage_callback_is_answered_and_returns_to_menu(harness, db):
    await add_person(db, "网格员", "13800000008", [(Role.GRID_WORKER, "幸福社区")], telegram_id=107)
    user = harness.user(107)
    await user.send("/menu")
    before = len(user.messages())
    callback = await user.press_data("\x1fzz\x1fnot-a-dialog-button")
    assert "已过期" in user.answer(callback)["text"]
    assert len(user.messages()) == before + 1 and "主菜单" in user.last().text, [
        m.text for m in user.messages()
    ]


async def test_stale_button_after_restart_with_lost_stack(harness, db):
    """A button of a dialog whose intent is gone (another instance reset it) is answered, then the menu is shown."""
    await add_person(db, "网格员", "13800000009", [(Role.GRID_WORKER, "幸福社区")], telegram_id=108)
    user = harness.user(108)
    await user.send("/menu")
    old_menu = copy.deepcopy(user.last())  # as the user's screen still shows it
    await user.send("/lang")
    await user.press("English")  # resets the stack: the old menu's intent no longer exists
    callback = await user.press("📣 问题上报", old_menu)
    assert user.answer(callback)["text"] == "This screen is out of date; here is the main menu again."
    assert "Main menu" in user.last().text


async def test_button_from_someone_not_onboarded_is_refused(harness, db):
    await add_person(db, "管理员", "13800000010", [(Role.ADMIN, None)], telegram_id=109)
    admin = harness.user(109)
    await admin.send("/menu")
    stranger = harness.user(110)
    callback = await stranger.press("👥 名册概况", admin.last())
    assert "还未完成身份验证" in stranger.answer(callback)["text"]
    assert not any("名册概况" in m.text for m in stranger.messages())


async def test_dialog_survives_restart_on_default_store(harness, db):
    await add_person(db, "管理员", "13800000011", [(Role.ADMIN, None)], telegram_id=111)
    user = harness.user(111)
    await user.send("/menu")
    await user.press("👥 名册概况")
    overview = user.last()
    await harness.restart()
    user = harness.user(111)
    callback = await user.press("⬅️ 返回", overview)
    assert user.answer(callback) is not None and "已过期" not in (user.answer(callback).get("text") or "")
    assert "主菜单" in user.last().text  # the stack was restored from the database


async def test_lang_switches_every_visible_text(harness, db):
    await add_person(
        db, "李红", "13800000012", [(Role.SECRETARY, "幸福社区")], telegram_id=112, department=None
    )
    user = harness.user(112)
    await user.send("/menu")
    await user.send("/lang")
    await user.press("English")
    menu = user.last()
    assert "Main menu" in menu.text and "community Party secretary" in menu.text
    english_labels = {tr("en", f"action-{a.value}") for a in actions_for({Role.SECRETARY})}
    assert english_labels <= set(menu.buttons())
    assert not any(
        "\u4e00" <= ch <= "\u9fff" for b in menu.buttons() for ch in b if b != "🌐 语言 / Language"
    )
    await user.send("/digest")
    assert user.last().text.startswith("📊 <b>Digests</b>\nChoose a digest. Scope: 幸福社区")
    await user.send("/help")
    assert "/menu Main menu" in user.last().text and "/pending Awaiting my signature" in user.last().text
    await user.send("/lang")
    await user.press("中文")
    assert "主菜单" in user.last().text


def test_locales_are_complete_and_match():
    zh, en = message_ids("zh-CN"), message_ids("en")
    assert zh == en, f"missing in en: {sorted(zh - en)}; missing in zh-CN: {sorted(en - zh)}"
    for locale in LOCALES:
        for action in Action:
            assert f"action-{action.value}" in message_ids(locale)
        for role in Role:
            assert f"role-{role.value}" in message_ids(locale)


def test_locale_files_have_no_syntax_errors():
    """A Fluent syntax error drops the message silently (a Junk entry); the bot loads the files without source
    positions, so it is caught here, with them."""
    from fluent.syntax import FluentParser, ast

    for path in sorted(LOCALES_DIR.glob("*/*.ftl")):
        junk = [
            entry
            for entry in FluentParser().parse(path.read_text(encoding="utf-8")).body
            if isinstance(entry, ast.Junk)
        ]
        assert not junk, (
            f"{path.relative_to(LOCALES_DIR)}: {[(j.annotations[0].message, j.content[:60]) for j in junk]}"
        )


async def test_unknown_text_outside_dialog_gets_hint(harness, db):
    await add_person(db, "李红", "13800000013", [(Role.GRID_WORKER, "幸福社区")], telegram_id=113)
    user = harness.user(113)
    await user.send("你好")
    assert "没看懂这条消息" in user.last().text
    await user.send("/menu")
    await user.send("你好")
    assert "请使用消息下方的按钮" in user.messages()[-2].text
    assert "主菜单" in user.last().text  # the menu comes back below the hint
    assert sum(m.text.startswith("🏠") for m in user.messages()) == 1  # the old one was removed
    await user.send("/cancel")
    assert "已取消" in user.last().text


async def test_lang_before_onboarding_continues_onboarding_in_that_language(harness, db):
    user = harness.user(114)
    await user.send("/start")
    await user.send("/lang")
    await user.press("English")
    assert "To confirm who you are" in user.last().text
    assert user.reply_keyboard()[0][0] == {"text": "📱 Share phone number", "request_contact": True}
    await user.send_contact("13800000099")
    assert "not on the sub-district roster" in user.last().text


async def test_telegram_language_is_the_default_for_new_people(harness):
    user = harness.user(115, language="en")
    await user.send("/start")
    assert "To confirm who you are" in user.last().text


async def test_press_too_old_to_answer_is_explained_in_the_chat(harness, db, assessment_not_built):
    """After a long restart Telegram refuses answers to old presses: the explanation and the menu still come."""
    await add_person(db, "书记", "13800000015", [(Role.SECRETARY, "幸福社区")], telegram_id=116)
    user = harness.user(116)
    await user.send("/menu")
    old_menu = copy.deepcopy(user.last())
    await user.send("/lang")
    await user.press("English")
    harness.telegram.queries_too_old = True
    await user.press("📣 问题上报", old_menu)
    assert user.messages()[-2].text == "This screen is out of date; here is the main menu again."
    assert "Main menu" in user.last().text
    await user.press("⭐ Assessment")
    assert user.last().text == "“⭐ Assessment” is coming soon."


async def test_bot_stays_silent_in_groups(harness, db):
    from aiogram.types import Chat

    await add_person(db, "管理员", "13800000016", [(Role.ADMIN, None)], telegram_id=117)
    user = harness.user(117)
    user.chat = Chat(id=-1001, type="supergroup")
    for text in ("/start", "/menu", "你好"):
        await user.send(text)
    assert harness.telegram.chat(-1001) == [] and harness.telegram.chat(117) == []


async def test_lang_also_sets_this_chats_command_list(harness, db):
    await add_person(db, "李红", "13800000017", [(Role.GRID_WORKER, "幸福社区")], telegram_id=118)
    user = harness.user(118)
    await user.send("/lang")
    await user.press("English")
    calls = [p for name, p in harness.telegram.calls if name == "SetMyCommands"]
    assert calls[-1]["scope"] == {"type": "chat", "chat_id": 118}
    assert calls[-1]["commands"][2] == {"command": "log", "description": "Fill in a grid work log"}


async def test_a_refused_press_is_answered_once(harness, db, assessment_not_built):
    await add_person(db, "书记", "13800000021", [(Role.SECRETARY, "幸福社区")], telegram_id=119)
    user = harness.user(119)
    await user.send("/menu")
    callback = await user.press("⭐ 考核评价")
    answers = [p for name, p in harness.telegram.calls if name == "AnswerCallbackQuery"]
    assert [a["callback_query_id"] for a in answers].count(callback) == 1
    assert "即将上线" in user.answer(callback)["text"]


def test_a_message_without_one_of_its_variables_fails_in_tests_and_is_never_shown_raw(monkeypatch, caplog):
    """Tests run with locales.STRICT: a missing variable raises. The running bot logs it (the names, never the
    values) and renders it as nothing, not as a "{ $max }" placeholder."""
    import logging

    import locales

    with pytest.raises(locales.MissingVariable, match="wl-content-prompt .zh-CN. was rendered without max"):
        tr("zh-CN", "wl-content-prompt", min=5)
    monkeypatch.setattr(locales, "STRICT", False)
    with caplog.at_level(logging.WARNING, logger="gridbot.locales"):
        text = tr("zh-CN", "wl-content-prompt", min=5, secret="13800000001")
    assert text == "✍️ 请简要填写工作内容（5– 字）。"
    assert "wl-content-prompt (zh-CN) rendered without max" in caplog.text
    assert "13800000001" not in caplog.text


async def test_a_command_over_another_dialog_starts_fresh(harness, db):
    """/export typed while 工作简报 is open: the export opens over the main menu alone, so leaving it shows the
    menu, not the digest picker the person had left behind (issue 15)."""
    await add_person(db, "王建国", "13800000030", [(Role.PRINCIPAL_LEADER, None)], telegram_id=130)
    user = harness.user(130)
    await user.send("/digest")
    assert "工作简报" in user.last().text
    await user.send("/export")
    assert "报表导出" in user.last().text
    await user.press("⬅️ 返回")
    assert "主菜单" in user.last().text
    assert "工作简报" not in user.last().text
    await user.press("❓ 帮助")  # the menu works: nothing of the digest dialog is left under it
    await user.press("⬅️ 返回")
    assert "主菜单" in user.last().text


async def _chat_command_lists(harness, chat_id: int) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The command lists set for this chat so far (they are set in the background: let that run first)."""
    import asyncio

    for _ in range(5):
        await asyncio.sleep(0)
    return [
        [c["command"] for c in p["commands"]]
        for name, p in harness.telegram.calls
        if name == "SetMyCommands" and p.get("scope") == {"type": "chat", "chat_id": chat_id}
    ]


async def test_each_person_sees_the_commands_of_their_roles(harness, db):
    """A 网格员's menu of commands and /help hold only what a grid worker may use; a role given later brings its
    commands at the next update (issue 15)."""
    person = await add_person(db, "李红", "13800000031", [(Role.GRID_WORKER, "幸福社区")], telegram_id=131)
    user = harness.user(131)
    await user.send("/menu")
    worker = ["start", "menu", "log", "mylogs", "report", "help", "cancel", "lang"]
    assert await _chat_command_lists(harness, 131) == [worker]
    await user.send("/help")
    help_text = user.last().text
    assert (
        "/log 填写网格工作纪实表" in help_text and "/digest" not in help_text and "/export" not in help_text
    )
    assert [line.split()[0][1:] for line in help_text.splitlines() if line.startswith("/")] == worker
    await user.send("/menu")
    assert await _chat_command_lists(harness, 131) == [worker]  # unchanged: not set again

    async with db.session() as s:
        community = (await s.execute(select(Community).where(Community.name == "幸福社区"))).scalar_one()
        s.add(PersonRole(person_id=person, role=Role.SECRETARY.value, community_id=community.id))
    await user.send("/menu")
    lists = await _chat_command_lists(harness, 131)
    assert len(lists) == 2 and "pending" in lists[-1] and "digest" in lists[-1]
