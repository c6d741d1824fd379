"""Pilot phases (issue 17): an administrator sets a community's phase in the chat (stored with its date, audited,
history kept); non-administrators and forged or stale presses change nothing; PHASE_FEATURES leaves a community out
of the attendance reminders; the monthly digest compares pilot and other communities while both exist; a roster
file's 阶段 column sets a phase."""

from __future__ import annotations

import copy
import csv
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import delete, select

from domain.phases import Feature, Phase, is_active
from domain.roles import Role
from domain.roster import render_errors
from services.phases import Outcome, phases_on, set_phase
from services.roster_import import import_roster
from storage.db import Database
from storage.models import (
    AuditEntry,
    Community,
    CommunityPhase,
    OutboxMessage,
    Person,
    PersonRole,
    ReminderRun,
)
from tests.factories import NOW, add_person
from tests.reminder_helpers import at, make_engine, queued
from tests.sheet_helpers import forge

ADMIN_TG = 905
TODAY = date(2026, 11, 27)  # NOW in Asia/Shanghai


async def _rows(db: Database) -> list[tuple[str, str, date, str]]:
    async with db.session() as s:
        rows = await s.execute(
            select(Community.name, CommunityPhase.phase, CommunityPhase.since, CommunityPhase.source)
            .join(Community, Community.id == CommunityPhase.community_id)
            .order_by(CommunityPhase.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


async def _audits(db: Database) -> list[AuditEntry]:
    async with db.session() as s:
        return list(
            (await s.scalars(select(AuditEntry).where(AuditEntry.action == "community_phase_set"))).all()
        )


async def _community_id(db: Database, name: str) -> int:
    async with db.session() as s:
        return (await s.execute(select(Community.id).where(Community.name == name))).scalar_one()


async def _seed_admin(db: Database) -> None:
    await add_person(db, "管理员", "13800000905", [(Role.ADMIN, None)], telegram_id=ADMIN_TG)
    await add_person(db, "网格员甲", "13800000906", [(Role.GRID_WORKER, "幸福社区")], telegram_id=906)
    await add_person(db, "网格员乙", "13800000907", [(Role.GRID_WORKER, "和平社区")])


async def _open_phases(harness):  # type: ignore[no-untyped-def]
    user = harness.user(ADMIN_TG)
    await user.send("/menu")
    await user.press("👥 名册概况")
    await user.press("🧭 推行阶段")
    return user


# --- the dialog ---------------------------------------------------------------------------------------------------


async def test_admin_sets_a_phase_in_the_chat_stored_with_its_date_and_audited(harness, db):
    await _seed_admin(db)
    user = await _open_phases(harness)
    screen = user.last()
    assert "社区推行阶段" in screen.text
    assert "幸福社区 · 未设置" in screen.buttons() and "和平社区 · 未设置" in screen.buttons()
    await user.press("幸福社区 · 未设置")
    assert "当前阶段：未设置" in user.last().text
    await user.press("试点")
    assert "将 <b>幸福社区</b> 的阶段设为“试点”，自 2026-11-27 起？" in user.last().text
    callback = await user.press("✅ 确认设置")
    assert "已将 幸福社区 设为“试点”（自 2026-11-27 起）" in user.answer(callback)["text"]
    assert "幸福社区 · 试点" in user.last().buttons()  # back at the list, which shows it
    assert await _rows(db) == [("幸福社区", "pilot", TODAY, "chat")]
    [entry] = await _audits(db)
    assert entry.actor_telegram_id == ADMIN_TG
    assert entry.detail["phase"] == "pilot" and entry.detail["previous"] is None

    # Later it moves on: the history keeps both, and the screen shows the date it entered the new phase.
    harness.clock.now = at(2027, 3, 2, 10)
    await user.press("幸福社区 · 试点")
    assert "当前阶段：试点（自 2026-11-27 起）" in user.last().text
    await user.press("全面推行")
    await user.press("✅ 确认设置")
    assert await _rows(db) == [
        ("幸福社区", "pilot", TODAY, "chat"),
        ("幸福社区", "rollout", date(2027, 3, 2), "chat"),
    ]
    # The same phase again changes nothing and says so.
    await user.press("幸福社区 · 全面推行")
    await user.press("✅ 全面推行")  # the phase it is in is marked
    callback = await user.press("✅ 确认设置")
    assert "已处于“全面推行”，未作更改" in user.answer(callback)["text"]
    assert len(await _rows(db)) == 2 and len(await _audits(db)) == 2


@pytest.mark.parametrize("bad", ["²", "-1", "0", str(2**31), "99999"])
async def test_forged_community_press_changes_nothing(harness, db, bad):
    await _seed_admin(db)
    user = await _open_phases(harness)
    callback = await user.press_data(forge(user.last(), "community", bad))
    assert "已过期" in user.answer(callback)["text"]
    assert await _rows(db) == [] and await _audits(db) == []


async def test_forged_phase_and_stale_confirm_change_nothing(harness, db):
    await _seed_admin(db)
    user = await _open_phases(harness)
    await user.press("幸福社区 · 未设置")
    callback = await user.press_data(forge(user.last(), "phase", "leaderboard"))
    assert "已过期" in user.answer(callback)["text"]
    await user.press("幸福社区 · 未设置")
    await user.press("巩固提升")
    confirm = copy.deepcopy(user.last())  # the confirmation as the screen still shows it
    await user.press("⬅️ 返回")  # back to the phases: the confirmation is stale now
    callback = await user.press("✅ 确认设置", confirm)
    assert "已过期" in user.answer(callback)["text"]
    assert await _rows(db) == [] and await _audits(db) == []


async def test_someone_no_longer_admin_cannot_confirm(harness, db):
    await _seed_admin(db)
    user = await _open_phases(harness)
    await user.press("和平社区 · 未设置")
    await user.press("试点")
    async with db.session() as s:  # the role is taken away while the confirmation is open
        admin = await s.scalar(select(Person.id).where(Person.telegram_id == ADMIN_TG))
        await s.execute(delete(PersonRole).where(PersonRole.person_id == admin))
    callback = await user.press("✅ 确认设置")
    assert "无权" in user.answer(callback)["text"]
    assert await _rows(db) == [] and await _audits(db) == []


async def test_the_service_refuses_non_admins_and_unknown_values(any_db):
    db = any_db
    await _seed_admin(db)
    xingfu = await _community_id(db, "幸福社区")
    assert await set_phase(db, 906, xingfu, "pilot", today=TODAY, now=NOW) is Outcome.NOT_ADMIN
    assert await set_phase(db, 12345, xingfu, "pilot", today=TODAY, now=NOW) is Outcome.NOT_ADMIN
    assert await set_phase(db, ADMIN_TG, xingfu, "试点", today=TODAY, now=NOW) is Outcome.UNKNOWN
    assert await set_phase(db, ADMIN_TG, 99999, "pilot", today=TODAY, now=NOW) is Outcome.UNKNOWN
    assert await _rows(db) == [] and await _audits(db) == []
    assert await set_phase(db, ADMIN_TG, xingfu, "pilot", today=TODAY, now=NOW) is Outcome.SET
    later = date(2027, 3, 1)
    assert await set_phase(db, ADMIN_TG, xingfu, "rollout", today=later, now=NOW) is Outcome.SET
    async with db.session() as s:  # the phase on a day is the latest change by then
        assert await phases_on(s, date(2026, 11, 26)) == {}
        assert await phases_on(s, date(2027, 2, 28)) == {xingfu: (Phase.PILOT, TODAY)}
        assert await phases_on(s) == {xingfu: (Phase.ROLLOUT, later)}


# --- the setting and the attendance reminders ---------------------------------------------------------------------


def test_phase_features_default_counts_everything_and_rejects_unknown_names(settings):
    assert settings.phase_features == {}
    for phase in (None, *Phase):
        assert is_active(phase, Feature.ATTENDANCE, {})
    limited = {"attendance": ["pilot"]}
    assert is_active("pilot", Feature.ATTENDANCE, limited) and is_active(None, Feature.ATTENDANCE, limited)
    assert not is_active("rollout", Feature.ATTENDANCE, limited)
    assert is_active("rollout", Feature.DIGEST, limited)
    with pytest.raises(ValidationError):
        settings.model_validate({"phase_features": {"attendance": ["试点"]}})
    with pytest.raises(ValidationError):
        settings.model_validate({"phase_features": {"leaderboard": ["pilot"]}})


async def _cadres(db: Database) -> dict[str, int]:
    ids = {}
    for n, community in enumerate(("幸福社区", "和平社区", "光明社区")):
        ids[community] = await add_person(
            db, f"包联{n}", f"1380000091{n}", [(Role.PAIRED_CADRE, community)], telegram_id=910 + n
        )
    await add_person(db, "管理员", "13800000905", [(Role.ADMIN, None)], telegram_id=ADMIN_TG)
    return ids


async def test_attendance_reminders_skip_communities_whose_phase_is_not_active(db, settings, clock):
    ids = await _cadres(db)
    for community, phase in (("幸福社区", "pilot"), ("和平社区", "consolidation")):  # 光明社区: not set
        outcome = await set_phase(
            db, ADMIN_TG, await _community_id(db, community), phase, today=TODAY, now=NOW
        )
        assert outcome is Outcome.SET
    engine = make_engine(db, settings, clock, phase_features={"attendance": ["pilot", "rollout"]})
    await engine.run_kind("attendance-midweek", at(2026, 12, 2, 9, 0))  # a Wednesday, nobody checked in
    told = {q.person_id for q in await queued(db) if q.kind == "attendance-midweek"}
    assert told == {ids["幸福社区"], ids["光明社区"]}  # 和平社区 (巩固提升) is left out


async def test_attendance_reminders_unchanged_without_the_setting(db, settings, clock):
    ids = await _cadres(db)
    await set_phase(db, ADMIN_TG, await _community_id(db, "和平社区"), "consolidation", today=TODAY, now=NOW)
    await make_engine(db, settings, clock).run_kind("attendance-midweek", at(2026, 12, 2, 9, 0))
    told = {q.person_id for q in await queued(db) if q.kind == "attendance-midweek"}
    assert told == set(ids.values())


async def test_assessment_reminder_skips_cadres_of_communities_not_in_an_assessed_phase(db, settings, clock):
    told = {}
    for n, community in enumerate(("幸福社区", "和平社区")):
        told[community] = await add_person(
            db, f"书记{n}", f"1382003000{n}", [(Role.SECRETARY, community)], telegram_id=920 + n
        )
        await add_person(
            db, f"包联{n}", f"1382003001{n}", [(Role.PAIRED_CADRE, community)], telegram_id=930 + n
        )
    await add_person(db, "管理员", "13800000905", [(Role.ADMIN, None)], telegram_id=ADMIN_TG)
    await set_phase(db, ADMIN_TG, await _community_id(db, "和平社区"), "consolidation", today=TODAY, now=NOW)
    # Q4 2026's rating window closes Fri 15 Jan 2027; the reminder goes out 3 working days before, on 12 Jan.
    for features, expected in (
        ({}, set(told.values())),
        ({"assessment": ["pilot", "rollout"]}, {told["幸福社区"]}),
    ):
        engine = make_engine(db, settings, clock, phase_features=features)
        await engine.run_kind("assessment-unrated", at(2027, 1, 12, 9, 0))
        assert {q.person_id for q in await queued(db) if q.kind == "assessment-unrated"} == expected
        async with db.session() as s:
            await s.execute(delete(OutboxMessage))
            await s.execute(delete(ReminderRun))


async def test_scorecards_leave_out_communities_not_in_an_assessed_phase(db):
    """/assess and the scorecard export read PHASE_FEATURES too: a community whose phase the assessment does not count
    is not scored, nor are its cadres; without the setting everyone is."""
    from domain.assessment import Period, PeriodKind
    from services.scorecards import compute_scorecards

    cadres = {}
    for n, community in enumerate(("幸福社区", "和平社区")):
        cadres[community] = await add_person(
            db, f"包联{n}", f"1382004001{n}", [(Role.PAIRED_CADRE, community)], telegram_id=940 + n
        )
    await add_person(db, "管理员", "13800000905", [(Role.ADMIN, None)], telegram_id=ADMIN_TG)
    await set_phase(db, ADMIN_TG, await _community_id(db, "和平社区"), "consolidation", today=TODAY, now=NOW)
    quarter = Period(PeriodKind.QUARTER, 2026, 4)
    for features, scored in (
        (None, set(cadres.values())),
        ({"attendance": ["pilot"]}, set(cadres.values())),  # another feature's setting changes nothing here
        ({"assessment": ["pilot", "rollout"]}, {cadres["幸福社区"]}),
    ):
        async with db.session() as s:
            board = await compute_scorecards(s, period=quarter, community_ids=None, phase_features=features)
        assert {c.person_id for c in board.cadres} == scored, features
        assert ("和平社区" in {c.name for c in board.communities}) == (scored == set(cadres.values()))


# --- the monthly digest -------------------------------------------------------------------------------------------


async def _monthly(harness, db):  # type: ignore[no-untyped-def]
    from tests.test_digest import _run, _texts

    await _run(harness, "monthly", at(2026, 12, 1, 8, 31))
    return _texts(harness, 501)


async def test_monthly_digest_compares_pilot_and_other_communities(harness, db):
    from tests.test_digest import seed

    seeded = await seed(db)
    await add_person(db, "管理员", "13800000905", [(Role.ADMIN, None)], telegram_id=ADMIN_TG)
    # 幸福社区 entered the pilot in October; 和平社区 only on 1 December, after the month the digest covers.
    await set_phase(db, ADMIN_TG, seeded.ids["幸福社区"], "pilot", today=date(2026, 10, 8), now=NOW)
    await set_phase(db, ADMIN_TG, seeded.ids["和平社区"], "pilot", today=date(2026, 12, 1), now=NOW)
    text = await _monthly(harness, db)
    november = [r for r in seeded.logs if date(2026, 11, 1) <= r["date"] < date(2026, 12, 1)]
    logs = {
        name: sum(1 for r in november if r["community"] == name and r["status"] != "excluded")
        for name in ("幸福社区", "和平社区", "光明社区")
    }
    problems = {
        name: sum(
            1
            for p in seeded.problems
            if p["community"] == name and at(2026, 11, 1, 0) <= p["reported"] < at(2026, 12, 1, 0)
        )
        for name in logs
    }
    assert "试点社区与其他社区对比" in text
    assert f"试点（1 个社区）：纪实 {logs['幸福社区']} 条，问题 {problems['幸福社区']} 项；响应率 " in text
    others_logs, others_problems = (
        logs["和平社区"] + logs["光明社区"],
        problems["和平社区"] + problems["光明社区"],
    )
    assert f"其他（2 个社区）：纪实 {others_logs} 条，问题 {others_problems} 项；响应率 " in text
    for line in text.split("\n"):
        if line.startswith(("试点（", "其他（")):
            assert "满意率" in line and len(line) < 90  # one short line each, for a phone


@pytest.mark.parametrize("pilot", [(), ("幸福社区", "和平社区", "光明社区")])
async def test_monthly_digest_has_no_comparison_unless_both_exist(harness, db, pilot):
    from tests.test_digest import seed

    seeded = await seed(db)
    await add_person(db, "管理员", "13800000905", [(Role.ADMIN, None)], telegram_id=ADMIN_TG)
    for name in pilot:  # none set, or every community in the pilot
        await set_phase(db, ADMIN_TG, seeded.ids[name], "pilot", today=date(2026, 10, 1), now=NOW)
    text = await _monthly(harness, db)
    assert "月度简报" in text and "试点社区与其他社区对比" not in text
    assert "试点（" not in text and "其他（" not in text


async def test_digests_leave_out_communities_whose_phase_is_not_active_for_them(harness, db):
    from tests.test_digest import seed

    seeded = await seed(db)
    await add_person(db, "管理员", "13800000905", [(Role.ADMIN, None)], telegram_id=ADMIN_TG)
    await set_phase(db, ADMIN_TG, seeded.ids["光明社区"], "consolidation", today=date(2026, 10, 1), now=NOW)
    harness.settings = harness.settings.model_copy(
        update={"phase_features": {"digest": ["pilot", "rollout"]}}
    )
    text = await _monthly(harness, db)
    assert "范围：全街道 2 个社区" in text and "光明社区" not in text
    assert harness.telegram.texts(seeded.other_leader) == []  # 赵分管 is in charge of 光明社区 only


# --- the roster column --------------------------------------------------------------------------------------------


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


async def test_a_roster_column_sets_the_phase(db, tmp_path):
    roster = _write_csv(
        tmp_path / "名册.csv",
        [
            ["姓名", "手机号", "角色", "社区", "阶段"],
            ["张伟", "13820020001", "社区党委书记", "幸福社区", "试点"],
            ["王芳", "13820020002", "网格员", "幸福社区", ""],
            ["李强", "13820020003", "网格员", "和平社区", "全面推行"],
            ["赵敏", "13820020004", "网格员", "光明社区", ""],
        ],
    )
    result = await import_roster(db, roster, now=NOW)
    assert result.ok, render_errors(result.errors, "zh-CN")
    assert sorted(await _rows(db)) == [
        ("和平社区", "rollout", NOW.date(), "roster"),
        ("幸福社区", "pilot", NOW.date(), "roster"),
    ]
    assert len(await _audits(db)) == 2
    # Importing the same file again changes nothing.
    assert (await import_roster(db, roster, now=NOW)).ok
    assert len(await _rows(db)) == 2


async def test_a_bad_phase_cell_is_a_row_error_and_nothing_is_written(db, tmp_path):
    roster = _write_csv(
        tmp_path / "名册.csv",
        [
            ["姓名", "手机号", "角色", "社区", "阶段"],
            ["张伟", "13820020001", "社区党委书记", "幸福社区", "试验"],
            ["王芳", "13820020002", "网格员", "幸福社区", "试点"],
            ["李强", "13820020003", "网格员", "幸福社区", "巩固提升"],
        ],
    )
    result = await import_roster(db, roster, now=NOW)
    assert render_errors(result.errors, "zh-CN") == [
        "第 2 行：阶段“试验”无法识别，请填写：试点、先行试点、全面推行、全面启动、巩固提升",
        "第 4 行：幸福社区的阶段与第 3 行不一致",
    ]
    assert await _rows(db) == []
    async with db.session() as s:
        assert (await s.execute(select(Person))).first() is None
