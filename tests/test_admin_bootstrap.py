"""ADMIN_PHONES (issue 17): the first administrator of an empty database gets in by sharing their contact at /start."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import select

from bot.config import Settings
from domain.roles import Role
from services.roster_import import import_roster
from storage.db import Database
from storage.models import AuditEntry, OutboxMessage, Person, Subdistrict
from tests.factories import add_person, person_by_phone

ADMIN = "13800138000"
OTHER = "13900139000"


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    # As typed in .env: a prefix, dashes, a Chinese comma.
    monkeypatch.setenv("ADMIN_PHONES", f"+86 138-0013-8000，{OTHER}")
    monkeypatch.setenv("SUBDISTRICT_NAME", "幸福街道")
    return Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path}/gridbot.sqlite3",
        media_dir=tmp_path / "media",
    )


async def _all(db: Database, model: type[Any]) -> list[Any]:
    async with db.session() as s:
        return list((await s.scalars(select(model))).all())


def test_admin_phones_are_read_comma_separated_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_PHONES", "13800138000, 0086 139 0013 9000")
    assert Settings(_env_file=None).admin_phones == frozenset({"13800138000", "13900139000"})
    monkeypatch.setenv("ADMIN_PHONES", "")
    assert Settings(_env_file=None).admin_phones == frozenset()
    monkeypatch.delenv("ADMIN_PHONES")
    settings = Settings(_env_file=None)
    assert settings.admin_phones == frozenset() and settings.subdistrict_name == "本街道"
    monkeypatch.setenv("ADMIN_PHONES", "13800138000,12345")
    with pytest.raises(ValidationError, match="ADMIN_PHONES"):
        Settings(_env_file=None)


async def test_listed_phone_on_an_empty_database_becomes_the_first_administrator(harness, db):
    user = harness.user(601)
    await user.send("/start")
    await user.send_contact(f"+86{ADMIN}")

    person = await person_by_phone(db, ADMIN)
    assert person is not None and person.telegram_id == 601 and person.bound_at is not None
    assert [r.role for r in person.roles] == [Role.ADMIN.value]
    subdistricts = await _all(db, Subdistrict)
    assert [s.name for s in subdistricts] == ["幸福街道"] and person.subdistrict_id == subdistricts[0].id
    texts = user.telegram.texts(601)
    assert any("验证成功，U601" in t for t in texts)
    assert any("管理员名单（ADMIN_PHONES）" in t and "导入名册" in t for t in texts)
    menu = user.last()
    assert "主菜单" in menu.text and "管理员" in menu.text and "👥 名册概况" in menu.buttons()
    audit = [a for a in await _all(db, AuditEntry) if a.action == "admin_bootstrap"]
    assert len(audit) == 1 and audit[0].person_id == person.id and audit[0].actor_telegram_id == 601
    assert audit[0].detail == {"phone": "138****8000", "subdistrict": "幸福街道"}


async def test_second_listed_admin_joins_the_only_subdistrict_and_the_first_is_told(harness, db):
    await add_person(db, "孙丽", "13700137000", [(Role.ADMIN, None)], telegram_id=700)
    async with db.session() as s:
        only = (await s.scalars(select(Subdistrict))).one()
    user = harness.user(602)
    await user.send("/start")
    await user.send_contact(OTHER)

    person = await person_by_phone(db, OTHER)
    assert person is not None and person.telegram_id == 602 and person.subdistrict_id == only.id
    assert [s.name for s in await _all(db, Subdistrict)] == [only.name]  # no second sub-district
    notices = [m for m in await _all(db, OutboxMessage) if m.chat_id == 700]
    assert len(notices) == 1 and "新管理员" in notices[0].payload["text"]
    assert "139****9000" in notices[0].payload["text"] and OTHER not in notices[0].payload["text"]


async def test_phone_not_listed_is_refused_as_before(harness, db):
    user = harness.user(603)
    await user.send("/start")
    await user.send_contact("13600136000")
    assert await _all(db, Person) == [] and await _all(db, Subdistrict) == []
    assert any("名册中没有找到这个手机号" in t for t in user.telegram.texts(603))
    assert [a.action for a in await _all(db, AuditEntry)] == ["bind_unknown_phone"]


async def test_listed_phone_already_on_the_roster_is_bound_as_it_is(harness, db):
    await add_person(db, "李红", ADMIN, [(Role.GRID_WORKER, "幸福社区")])
    user = harness.user(604)
    await user.send("/start")
    await user.send_contact(ADMIN)
    person = await person_by_phone(db, ADMIN)
    assert person is not None and person.telegram_id == 604 and person.name == "李红"
    assert [r.role for r in person.roles] == [Role.GRID_WORKER.value]  # not made an administrator
    assert not any("ADMIN_PHONES" in t for t in user.telegram.texts(604))
    assert "admin_bootstrap" not in [a.action for a in await _all(db, AuditEntry)]


async def test_forwarded_contact_of_a_listed_phone_creates_nobody(harness, db):
    user = harness.user(605)
    await user.send("/start")
    await user.send_contact(ADMIN, user_id=999)
    assert await _all(db, Person) == []


async def test_an_account_already_bound_cannot_become_an_administrator_too(harness, db):
    await add_person(db, "李红", "13500135000", [(Role.GRID_WORKER, "幸福社区")], telegram_id=606)
    from services.onboarding import AdminBootstrap, bind_by_contact

    result = await bind_by_contact(
        db,
        sender_id=606,
        contact_user_id=606,
        phone=ADMIN,
        now=harness.clock(),
        default_locale="zh-CN",
        bootstrap=AdminBootstrap(frozenset({ADMIN}), "幸福街道"),
    )
    assert result.outcome.value == "account_in_use"
    assert await person_by_phone(db, ADMIN) is None


async def test_the_first_roster_import_lands_in_the_administrators_subdistrict(harness, db, tmp_path):
    user = harness.user(607)
    await user.send("/start")
    await user.send_contact(ADMIN)
    admin = await person_by_phone(db, ADMIN)
    assert admin is not None

    path = tmp_path / "名册.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["姓名", "手机号", "角色", "社区", "网格", "部门"],
                ["王芳", "13300133000", "网格员", "幸福社区", "第一网格", ""],
                ["赵强", ADMIN, "管理员", "", "", ""],
            ]
        )
    result = await import_roster(
        db, path, default_subdistrict=harness.settings.subdistrict_name, now=harness.clock()
    )
    assert result.ok, result.errors
    people = {p.phone: p for p in await _all(db, Person)}
    assert [s.name for s in await _all(db, Subdistrict)] == ["幸福街道"]
    assert people["13300133000"].subdistrict_id == admin.subdistrict_id
    assert people[ADMIN].id == admin.id and people[ADMIN].telegram_id == 607  # matched by phone, still bound
