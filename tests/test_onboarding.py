"""Onboarding: only the sender's own shared contact binds; everything else is refused and changes nothing."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select

from domain.roles import Role
from services.onboarding import create_invite
from storage.models import AuditEntry, OutboxMessage, Person, UserPref
from tests.factories import add_person, person_by_phone

PHONE = "13800138000"


async def test_start_asks_for_contact_with_request_contact_button(harness):
    user = harness.user(501)
    await user.send("/start")
    assert "分享手机号" in user.last().text
    keyboard = user.reply_keyboard()
    assert keyboard and keyboard[0][0]["request_contact"] is True
    assert keyboard[0][0]["text"] == "📱 分享手机号"


async def test_own_contact_binds_and_opens_role_menu(harness, db):
    await add_person(db, "李红", PHONE, [(Role.GRID_WORKER, "幸福社区")])
    user = harness.user(501)
    await user.send("/start")
    await user.send_contact("+86 138-0013-8000")
    person = await person_by_phone(db, PHONE)
    assert person.telegram_id == 501
    texts = user.telegram.texts(501)
    assert any("验证成功，李红" in t for t in texts)
    menu = user.last()
    assert "主菜单" in menu.text and "网格员" in menu.text and "幸福社区" in menu.text
    assert "📝 填写纪实表" in menu.buttons()
    assert user.reply_keyboard() is None  # the request-contact keyboard is removed


async def _refused(harness, db, user, expected: str) -> None:
    person = await person_by_phone(db, PHONE)
    assert person is None or person.telegram_id in (None, 777)
    assert expected in user.messages()[-2].text or expected in user.last().text


async def test_forwarded_contact_never_binds(harness, db):
    await add_person(db, "李红", PHONE, [(Role.GRID_WORKER, "幸福社区")])
    user = harness.user(502)
    await user.send("/start")
    await user.send_contact(PHONE, user_id=999)  # someone else's contact card
    assert (await person_by_phone(db, PHONE)).telegram_id is None
    assert any("只能分享您本人的手机号" in t for t in user.telegram.texts(502))


async def test_typed_contact_without_user_id_never_binds(harness, db):
    await add_person(db, "李红", PHONE, [(Role.GRID_WORKER, "幸福社区")])
    user = harness.user(503)
    await user.send("/start")
    await user.send_contact(PHONE, user_id=None)
    assert (await person_by_phone(db, PHONE)).telegram_id is None
    assert any("只能分享您本人的手机号" in t for t in user.telegram.texts(503))


async def test_typed_phone_number_as_text_gets_a_hint(harness, db):
    await add_person(db, "李红", PHONE, [(Role.GRID_WORKER, "幸福社区")])
    user = harness.user(504)
    await user.send("/start")
    await user.send(PHONE)
    assert (await person_by_phone(db, PHONE)).telegram_id is None
    assert "不需要手动输入号码" in user.last().text


async def test_unknown_phone_is_refused_politely_and_only_audited(harness, db):
    user = harness.user(505)
    await user.send("/start")
    await user.send_contact("13900000000")
    assert any("名册中没有找到这个手机号" in t for t in user.telegram.texts(505))
    async with db.session() as s:
        audits = (await s.execute(select(AuditEntry))).scalars().all()
        people = (await s.execute(select(func.count(Person.id)))).scalar()
        prefs = (await s.execute(select(func.count(UserPref.telegram_id)))).scalar()
    assert [a.action for a in audits] == ["bind_unknown_phone"]
    assert audits[0].detail == {"phone": "139****0000"}  # never the full number
    assert people == 0 and prefs == 0  # nothing else is stored about a stranger


async def test_second_account_is_refused_and_admin_told(harness, db):
    await add_person(db, "李红", PHONE, [(Role.GRID_WORKER, "幸福社区")], telegram_id=601)
    await add_person(db, "管理员王", "13700000001", [(Role.ADMIN, None)], telegram_id=900)
    intruder = harness.user(602)
    await intruder.send("/start")
    await intruder.send_contact(PHONE)
    assert (await person_by_phone(db, PHONE)).telegram_id == 601
    assert any("这个身份已经绑定了另一个账号" in t for t in intruder.telegram.texts(602))
    async with db.session() as s:
        queued = (await s.execute(select(OutboxMessage))).scalars().all()
    assert [m.chat_id for m in queued] == [900]
    assert "李红" in queued[0].payload["text"] and "138****8000" in queued[0].payload["text"]
    assert PHONE not in queued[0].payload["text"]
    # The same attempt again queues nothing new: the admin is told once.
    await intruder.send_contact(PHONE)
    async with db.session() as s:
        assert (await s.execute(select(func.count(OutboxMessage.id)))).scalar() == 1


async def test_invite_link_binds_once(harness, db, clock):
    await add_person(db, "赵强", PHONE, [(Role.PAIRED_CADRE, "幸福社区")], department="党政办")
    code, name = await create_invite(db, phone=PHONE, now=clock(), days=7)
    assert name == "赵强"
    user = harness.user(701)
    await user.send(f"/start {code}")
    assert (await person_by_phone(db, PHONE)).telegram_id == 701
    assert "包联干部" in user.last().text
    other = harness.user(702)
    await other.send(f"/start {code}")
    assert any("邀请链接无效或已被使用" in t for t in other.telegram.texts(702))


async def test_expired_invite_is_refused(harness, db, clock):
    await add_person(db, "赵强", PHONE, [(Role.PAIRED_CADRE, "幸福社区")], department="党政办")
    code, _ = await create_invite(db, phone=PHONE, now=clock(), days=7)
    clock.now += timedelta(days=7, seconds=1)
    user = harness.user(703)
    await user.send(f"/start {code}")
    assert (await person_by_phone(db, PHONE)).telegram_id is None
    assert any("邀请链接已过期" in t for t in user.telegram.texts(703))
    assert user.reply_keyboard()[0][0]["request_contact"] is True  # can still verify by phone


async def test_bound_account_cannot_take_a_second_identity(harness, db, clock):
    await add_person(db, "李红", PHONE, [(Role.GRID_WORKER, "幸福社区")], telegram_id=801)
    await add_person(db, "赵强", "13900139000", [(Role.GRID_WORKER, "幸福社区")])
    code, _ = await create_invite(db, phone="13900139000", now=clock(), days=7)
    user = harness.user(801)
    await user.send(f"/start {code}")
    assert (await person_by_phone(db, "13900139000")).telegram_id is None
    assert any("已绑定名册中的另一位人员" in t for t in user.telegram.texts(801))


async def test_two_accounts_racing_for_one_person_bind_only_one(any_db, clock):
    from services.onboarding import bind_by_contact

    await add_person(any_db, "李红", PHONE, [(Role.GRID_WORKER, "幸福社区")])
    results = await asyncio.gather(
        *(
            bind_by_contact(
                any_db,
                sender_id=sender,
                contact_user_id=sender,
                phone=PHONE,
                now=clock(),
                default_locale="zh-CN",
            )
            for sender in (901, 902)
        )
    )
    outcomes = sorted(r.outcome.value for r in results)
    assert outcomes == ["bound", "taken"]
    winner = next(s for s, r in zip((901, 902), results, strict=True) if r.outcome.value == "bound")
    assert (await person_by_phone(any_db, PHONE)).telegram_id == winner


async def test_names_are_escaped_in_html_messages(harness, db):
    await add_person(db, "李<红>&", PHONE, [(Role.GRID_WORKER, "幸福社区")])
    user = harness.user(950)
    await user.send("/start")
    await user.send_contact(PHONE)
    assert "验证成功，李&lt;红&gt;&amp;，欢迎您！" in user.messages()[-2].text, [
        m.text for m in user.messages()
    ]
    assert "👤 李&lt;红&gt;&amp;" in user.last().text
