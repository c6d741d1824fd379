"""Quarterly ratings through the real dispatcher: who sees whom (unrated first), rating and changing with history,
refusals (wrong role, other community's cadre, forged and stale buttons, a closed window, a too long comment) that
change nothing, a half-done rating surviving a restart, and the scorecard with its workbook as a document."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from domain.assessment import Period, PeriodKind, rating_quarter
from domain.roles import Role
from services import assessment as service
from storage.models import Rating, RatingEvent
from tests.factories import add_person

LEAD, SEC, PAIRED, SECONDED, WORKER, CADRE, WINDOW, OTHER_PAIRED, OTHER_SEC, PRINCIPAL = range(701, 711)
Q4 = Period(PeriodKind.QUARTER, 2026, 4)  # NOW is Fri 27 Nov 2026: Q4 is open, Q3's window closed on 15 Oct


@pytest.fixture
async def people(db):  # type: ignore[no-untyped-def]
    a, b = "幸福社区", "和平社区"
    return {
        "lead": await add_person(db, "李明华", "13910010002", [(Role.LEADER_IN_CHARGE, a)], telegram_id=LEAD),
        "sec": await add_person(db, "张伟", "13820020001", [(Role.SECRETARY, a)], telegram_id=SEC),
        "paired": await add_person(
            db, "郑海", "13820020005", [(Role.PAIRED_CADRE, a)], telegram_id=PAIRED, department="城管办"
        ),
        "seconded": await add_person(
            db, "周强", "13820020006", [(Role.SECONDED_CADRE, a)], telegram_id=SECONDED, department="民政办"
        ),
        "worker": await add_person(db, "李娜", "13820020002", [(Role.GRID_WORKER, a)], telegram_id=WORKER),
        "cadre": await add_person(db, "陈晨", "13820020003", [(Role.COMMUNITY_CADRE, a)], telegram_id=CADRE),
        "window": await add_person(db, "吴敏", "13820020004", [(Role.WINDOW_STAFF, a)], telegram_id=WINDOW),
        "other_paired": await add_person(
            db, "何涛", "15030030002", [(Role.PAIRED_CADRE, b)], telegram_id=OTHER_PAIRED, department="党政办"
        ),
        "other_sec": await add_person(
            db, "林静怡", "15030030001", [(Role.SECRETARY, b)], telegram_id=OTHER_SEC
        ),
        "principal": await add_person(
            db, "王建国", "13910010001", [(Role.PRINCIPAL_LEADER, None)], telegram_id=PRINCIPAL
        ),
    }


async def ratings(db) -> list[Rating]:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        return list((await s.scalars(select(Rating).order_by(Rating.id))).all())


async def events(db) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        return [(e.grade, e.comment) for e in (await s.scalars(select(RatingEvent).order_by(RatingEvent.id)))]


def texts(user) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(m.text for m in user.messages()[-3:])


async def test_a_leader_in_charge_rates_the_seconded_and_paired_cadres_and_may_change_it(harness, db, people):
    lead = harness.user(LEAD)
    await lead.send("/assess")
    screen = lead.last_with_buttons()
    assert "2026年第4季度评议" in screen.text and "评议截止：2027-01-15" in screen.text
    assert "未评 2 人，已评 0 人" in screen.text
    assert screen.buttons()[:2] == ["⬜ 周强 · 幸福社区 · 下沉干部", "⬜ 郑海 · 幸福社区 · 包联干部"]
    assert not any(
        "李娜" in b or "何涛" in b for b in screen.buttons()
    )  # grid workers, other communities: no
    await lead.press("⬜ 郑海 · 幸福社区 · 包联干部")
    assert "尚未评议" in lead.last().text
    await lead.press("良好")
    await lead.send("认真负责，群众满意")
    assert "已评议：郑海 良好" in texts(lead)
    [rating] = await ratings(db)
    assert (rating.rater_id, rating.cadre_id, rating.grade, rating.comment) == (
        people["lead"],
        people["paired"],
        "good",
        "认真负责，群众满意",
    )
    assert (rating.year, rating.quarter, rating.rater_role) == (2026, 4, "leader_in_charge")
    screen = lead.last_with_buttons()
    assert "未评 1 人，已评 1 人" in screen.text
    assert screen.buttons()[:2] == ["⬜ 周强 · 幸福社区 · 下沉干部", "✅ 郑海 · 良好"]  # unrated first
    await lead.press("✅ 郑海 · 良好")
    await lead.press("良好")
    await lead.send("<b>认真</b> & 负责")  # sent as HTML: shown as typed, not as markup
    assert "已修改：郑海 改为 良好" in texts(lead)
    await lead.press("✅ 郑海 · 良好")
    assert "当前评议：良好（&lt;b&gt;认真&lt;/b&gt; &amp; 负责）" in lead.last().text
    await lead.press("良好")
    await lead.send("认真负责，群众满意")
    assert "已修改：郑海 改为 良好" in texts(lead)
    await lead.press("✅ 郑海 · 良好")
    assert "当前评议：良好（认真负责，群众满意）" in lead.last().text
    await lead.press("优秀")
    await lead.press("不填写评语")
    assert "已修改：郑海 改为 优秀" in texts(lead)
    [rating] = await ratings(db)
    assert (rating.grade, rating.comment, rating.version) == ("excellent", None, 4)
    assert await events(db) == [  # the history is kept
        ("good", "认真负责，群众满意"),
        ("good", "<b>认真</b> & 负责"),
        ("good", "认真负责，群众满意"),
        ("excellent", None),
    ]


async def test_a_secretary_rates_everyone_who_works_in_the_communitys_grids(harness, db, people):
    sec = harness.user(SEC)
    await sec.send("/assess")
    buttons = sec.last_with_buttons().buttons()
    rated = [b for b in buttons if b.startswith("⬜")]
    assert rated == [
        "⬜ 周强 · 幸福社区 · 下沉干部",
        "⬜ 李娜 · 幸福社区 · 网格员",
        "⬜ 郑海 · 幸福社区 · 包联干部",
        "⬜ 陈晨 · 幸福社区 · 社区干部",
    ]  # not the window staff, not the secretary herself, not another community's cadre
    await sec.press("⬜ 李娜 · 幸福社区 · 网格员")
    await sec.press("一般")
    await sec.press("不填写评语")
    [rating] = await ratings(db)
    assert (rating.cadre_id, rating.grade, rating.rater_role) == (people["worker"], "fair", "secretary")


async def test_people_without_the_role_are_refused(harness, db, people):
    worker = harness.user(WORKER)
    await worker.send("/assess")
    assert "无权使用“⭐ 考核评价”" in worker.last().text
    principal = harness.user(PRINCIPAL)  # may view scorecards, rates nobody
    await principal.send("/assess")
    assert "您可以查看记分卡" in principal.last().text
    assert principal.last_with_buttons().buttons() == ["📊 记分卡", "⬅️ 返回"]
    assert await ratings(db) == []


async def test_a_forged_button_for_another_communitys_cadre_changes_nothing(harness, db, people):
    lead = harness.user(LEAD)
    await lead.send("/assess")
    screen = lead.last_with_buttons()
    data = {text: d for row in screen.inline for text, d in row}["⬜ 周强 · 幸福社区 · 下沉干部"]
    mine, theirs = f"{people['seconded']}.1", f"{people['other_paired']}.2"
    assert data.endswith(mine)
    forged = data.removesuffix(mine) + theirs
    answer = await lead.press_data(forged, screen)
    assert "您不能评议这位干部" in lead.answer(answer)["text"]
    # and a made-up grade on the grade screen
    await lead.press("⬜ 周强 · 幸福社区 · 下沉干部")
    grade_screen = lead.last_with_buttons()
    good = {text: d for row in grade_screen.inline for text, d in row}["良好"]
    answer = await lead.press_data(good.replace(":good", ":perfect"), grade_screen)
    assert "等次无效" in lead.answer(answer)["text"]
    assert await ratings(db) == []


async def test_the_service_refuses_a_cadre_of_another_community_and_a_wrong_role(db, people, clock):
    now = clock()
    kwargs = dict(today=now.date(), now=now, grace_days=15)
    other = await service.rate(db, people["lead"], people["other_paired"], 2, Q4, "good", None, **kwargs)
    worker = await service.rate(db, people["lead"], people["worker"], 1, Q4, "good", None, **kwargs)
    by_worker = await service.rate(db, people["worker"], people["cadre"], 1, Q4, "good", None, **kwargs)
    assert [r.outcome for r in (other, worker, by_worker)] == [service.RateOutcome.NOT_YOURS] * 3
    assert await ratings(db) == []


async def test_a_stale_screen_does_not_overwrite_a_newer_rating(harness, db, people, clock):
    lead = harness.user(LEAD)
    await lead.send("/assess")
    await lead.press("⬜ 郑海 · 幸福社区 · 包联干部")
    await lead.press("较差")
    # meanwhile the same leader rated him from another chat/screen
    now = clock()
    result = await service.rate(
        db,
        people["lead"],
        people["paired"],
        1,
        Q4,
        "excellent",
        "另一处",
        today=now.date(),
        now=now,
        grace_days=15,
    )
    assert result.outcome is service.RateOutcome.SAVED
    await lead.press("不填写评语")
    assert "刚刚在别处修改过" in texts(lead)
    [rating] = await ratings(db)
    assert (rating.grade, rating.comment, rating.version) == ("excellent", "另一处", 1)


async def test_after_the_window_closes_nothing_changes(harness, db, people, clock):
    lead = harness.user(LEAD)
    await lead.send("/assess")
    await lead.press("⬜ 郑海 · 幸福社区 · 包联干部")
    await lead.press("良好")
    clock.now = clock.now + timedelta(days=50)  # 16 Jan 2027: Q4's window closed on 15 Jan
    await lead.send("迟到的评语")
    assert "2026年第4季度的评议期已结束（截止 2027-01-15）" in texts(lead)
    assert await ratings(db) == []
    await lead.send("/assess")  # the open quarter is now Q1 2027
    assert "2027年第1季度评议" in lead.last_with_buttons().text


async def test_a_too_long_comment_or_a_photo_is_refused_and_a_shorter_one_accepted(harness, db, people):
    lead = harness.user(LEAD)
    await lead.send("/assess")
    await lead.press("⬜ 郑海 · 幸福社区 · 包联干部")
    await lead.press("良好")
    await lead.send("很" * 201)
    assert "评语太长（最多 200 字）" in texts(lead)
    await lead.send_photo("p1")
    assert "评语请发送文字" in texts(lead)
    assert await ratings(db) == []
    await lead.send("很" * 200)
    [rating] = await ratings(db)
    assert rating.comment == "很" * 200


async def test_a_half_done_rating_survives_a_restart(harness, db, people):
    lead = harness.user(LEAD)
    await lead.send("/assess")
    await lead.press("⬜ 周强 · 幸福社区 · 下沉干部")
    await lead.press("优秀")
    await harness.restart()
    lead = harness.user(LEAD)
    await lead.send("表现突出")
    assert "已评议：周强 优秀" in texts(lead)
    [rating] = await ratings(db)
    assert (rating.cadre_id, rating.grade, rating.comment) == (people["seconded"], "excellent", "表现突出")


async def test_a_secretary_views_the_scorecard_and_gets_the_workbook(harness, db, people):
    sec = harness.user(SEC)
    await sec.send("/assess")
    await sec.press("⬜ 郑海 · 幸福社区 · 包联干部")
    await sec.press("优秀")
    await sec.press("不填写评语")
    await sec.press("📊 记分卡")
    await sec.press("2026年第4季度")
    card = sec.last_with_buttons().text
    assert "2026年第4季度记分卡" in card and "（截至 2026-11-27）" in card and "记分办法" in card
    assert "郑海" in card and "何涛" not in card  # her community only
    await sec.press("📥 导出 Excel")
    [document] = harness.telegram.documents
    assert document["chat_id"] == SEC and document["filename"].endswith(".xlsx")
    book = load_workbook(BytesIO(document["content"]))
    names = [r[1] for r in book["干部"].iter_rows(min_row=3, values_only=True)]
    assert "郑海" in names and "何涛" not in names
    row = next(r for r in book["干部"].iter_rows(min_row=3, values_only=True) if r[1] == "郑海")
    assert row[10] == 1 and row[11] == 100  # one rating, excellent


async def test_the_leaders_scope(db, people):
    assert await service.scorecard_scope(db, people["principal"]) == [1, 2]
    assert await service.scorecard_scope(db, people["lead"]) == [1]
    assert await service.scorecard_scope(db, people["other_sec"]) == [2]
    assert await service.scorecard_scope(db, people["worker"]) == []


def test_rating_window_is_the_quarter_and_the_grace_days():
    assert rating_quarter(date(2026, 10, 15), 15) == Period(PeriodKind.QUARTER, 2026, 3)
    assert rating_quarter(date(2026, 10, 16), 15) == Q4
    assert rating_quarter(date(2027, 1, 15), 15) == Q4
    assert rating_quarter(date(2027, 1, 16), 15) == Period(PeriodKind.QUARTER, 2027, 1)
    assert rating_quarter(date(2026, 10, 1), 0) == Q4


async def test_raters_with_unrated_cadres_are_reminded_before_the_window_closes(db, settings, clock, people):
    from tests.reminder_helpers import make_engine, queued
    from tests.test_reminders import _walk

    now = clock()
    kwargs = dict(today=now.date(), now=now, grace_days=15)
    await service.rate(db, people["lead"], people["paired"], 1, Q4, "good", None, **kwargs)
    for cadre in ("paired", "seconded", "worker", "cadre"):  # the secretary has rated everyone
        await service.rate(db, people["sec"], people[cadre], 1, Q4, "good", None, **kwargs)
    engine = make_engine(db, settings, clock, reminders_off="assessment")
    # Q4's window closes Fri 15 Jan 2027: 3 working days before is Tue 12 Jan
    await _walk(engine, date(2027, 1, 11), date(2027, 1, 16), step_minutes=120)
    sent = [q for q in await queued(db) if q.kind == "assessment-unrated"]
    # the other community's secretary has not rated her paired cadre; the secretary of 幸福社区 is done
    assert sorted((q.person_id, q.day) for q in sent) == sorted(
        (people[who], date(2027, 1, day)) for who in ("lead", "other_sec") for day in (12, 15)
    )
    lead = next(q for q in sent if q.person_id == people["lead"])
    assert "2026年第4季度评议将于 2027-01-15 截止，您还有 1 人未评：周强" in lead.text


async def test_a_cadre_who_left_the_community_meanwhile_cannot_be_rated(harness, db, people):
    from sqlalchemy import delete

    from storage.models import PersonRole

    lead = harness.user(LEAD)
    await lead.send("/assess")
    await lead.press("⬜ 郑海 · 幸福社区 · 包联干部")
    await lead.press("良好")
    async with db.session() as s:  # the roster changes: no longer a paired cadre there
        await s.execute(delete(PersonRole).where(PersonRole.person_id == people["paired"]))
    await lead.send("认真")
    assert "您不能评议这位干部" in texts(lead)
    assert await ratings(db) == []
    await lead.send("/assess")
    assert not any("郑海" in b for b in lead.last_with_buttons().buttons())
