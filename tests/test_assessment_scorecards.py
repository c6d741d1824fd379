"""Scorecards against a small seeded quarter whose numbers are worked out by hand below (not by the code under
test), the ranking, the formula file, the Excel workbook read back and compared with the database, and the chat
text's length."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from domain.assessment import Component, Period, PeriodKind, load_formula
from domain.roles import Role
from reports.scorecard_text import render_scorecard
from reports.scorecard_xlsx import write_scorecards_xlsx
from services.scorecards import DEFAULT_CONFIG, compute_scorecards
from storage.models import (
    AttendanceDay,
    Community,
    Grid,
    Problem,
    ProblemEvent,
    Rating,
    WorkLog,
)
from tests.factories import NOW, add_person

Q3 = Period(PeriodKind.QUARTER, 2026, 3)  # Wed 1 Jul – Wed 30 Sep 2026: 14 weeks (Mondays 29 Jun … 28 Sep)
A, B = "幸福社区", "和平社区"


async def _ids(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    ids = {
        "p1": await add_person(db, "郑海", "13800000001", [(Role.PAIRED_CADRE, A)], department="城管办"),
        "p2": await add_person(db, "周强", "13800000002", [(Role.SECONDED_CADRE, A)], department="民政办"),
        "w1": await add_person(db, "李娜", "13800000003", [(Role.GRID_WORKER, A)]),
        "sa": await add_person(db, "张伟", "13800000004", [(Role.SECRETARY, A)]),
        "w2": await add_person(db, "何涛", "13800000005", [(Role.GRID_WORKER, B)]),
        "p3": await add_person(db, "王芳", "13800000006", [(Role.PAIRED_CADRE, B)], department="党政办"),
        "lead": await add_person(
            db, "李明华", "13800000007", [(Role.LEADER_IN_CHARGE, A), (Role.LEADER_IN_CHARGE, B)]
        ),
    }
    async with db.session() as s:
        for name in (A, B):
            community = (await s.execute(select(Community).where(Community.name == name))).scalar_one()
            grid = (await s.execute(select(Grid).where(Grid.community_id == community.id))).scalar_one()
            ids[name] = community.id
            ids[f"grid-{name}"] = grid.id
    return ids


def _log(ids, who: str, community: str, day: date, households: int, status: str = "approved") -> WorkLog:  # type: ignore[no-untyped-def]
    return WorkLog(
        person_id=ids[who],
        community_id=ids[community],
        grid_id=ids[f"grid-{community}"],
        work_date=day,
        deployment="grid_worker",
        categories=["servant"],
        households=households,
        content="走访入户，了解需求",
        status=status,
        created_at=NOW,
        submitted_at=NOW,
    )


def _problem(ids, owner: str, due: date, status: str) -> Problem:  # type: ignore[no-untyped-def]
    return Problem(
        community_id=ids[A],
        kind="problem",
        category="安全隐患",
        description="楼道堆物",
        status=status,
        reporter_id=ids[owner],
        owner_id=ids[owner],
        due_date=due,
        reported_at=NOW,
        updated_at=NOW,
    )


def _rating(ids, rater: str, cadre: str, community: str, grade: str, quarter: int = 3) -> Rating:  # type: ignore[no-untyped-def]
    return Rating(
        rater_id=ids[rater],
        cadre_id=ids[cadre],
        community_id=ids[community],
        rater_role="secretary" if rater == "sa" else "leader_in_charge",
        year=2026,
        quarter=quarter,
        grade=grade,
        version=1,
        created_at=NOW,
        updated_at=NOW,
    )


@pytest.fixture
async def seeded(any_db):  # type: ignore[no-untyped-def]
    ids = await _ids(any_db)
    july = date(2026, 7, 7)  # a Tuesday
    mondays = [date(2026, 6, 29) + timedelta(weeks=n) for n in range(14)]
    async with any_db.session() as s:
        # signed logs in Q3: p1 12 × 3 households, p2 30 × 2, w1 6 × 5, p3 24 × 1; w2 none signed
        s.add_all(_log(ids, "p1", A, july + timedelta(days=n % 60), 3) for n in range(12))
        s.add_all(_log(ids, "p2", A, july + timedelta(days=n % 80), 2) for n in range(30))
        s.add_all(_log(ids, "w1", A, july + timedelta(days=n), 5) for n in range(6))
        s.add_all(_log(ids, "p3", B, july + timedelta(days=n), 1) for n in range(24))
        # not counted: unsigned, returned, excluded, or outside the quarter
        s.add(_log(ids, "w2", B, july, 40, status="submitted"))
        s.add(_log(ids, "w2", B, july, 40, status="returned"))
        s.add(_log(ids, "w1", A, july, 40, status="excluded"))
        s.add(_log(ids, "p1", A, date(2026, 6, 30), 40))
        s.add(_log(ids, "p1", A, date(2026, 10, 1), 40))
        # problems due in Q3: p1 owns three (one resolved at 23:30 on its due day in Shanghai: on time; one at 00:30
        # the next day: late; one still open); w1 one, closed before its due date; p1's item due in Q4 not counted
        on_time = _problem(ids, "p1", date(2026, 8, 10), "resolved")
        late = _problem(ids, "p1", date(2026, 8, 10), "closed")
        still_open = _problem(ids, "p1", date(2026, 9, 1), "in_progress")
        w1_item = _problem(ids, "w1", date(2026, 9, 15), "closed")
        later = _problem(ids, "p1", date(2026, 10, 20), "resolved")
        s.add_all([on_time, late, still_open, w1_item, later])
        await s.flush()

        def event(problem: Problem, at: datetime, to: str) -> ProblemEvent:
            return ProblemEvent(problem_id=problem.id, at=at, move="resolve", to_status=to)

        s.add_all(
            [
                event(
                    on_time, datetime(2026, 8, 5, 3, 0, tzinfo=UTC), "resolved"
                ),  # resolved, then not fixed …
                event(on_time, datetime(2026, 8, 10, 15, 30, tzinfo=UTC), "resolved"),  # … 10 Aug 23:30 local
                event(late, datetime(2026, 8, 10, 16, 30, tzinfo=UTC), "resolved"),  # 11 Aug 00:30 local
                event(late, datetime(2026, 8, 9, 1, 0, tzinfo=UTC), "accepted"),
                event(late, datetime(2026, 8, 12, 1, 0, tzinfo=UTC), "closed"),
                event(w1_item, datetime(2026, 9, 14, 1, 0, tzinfo=UTC), "closed"),
                event(later, datetime(2026, 9, 1, 1, 0, tzinfo=UTC), "resolved"),
            ]
        )

        # attendance: p3 two community days every week (Wed–Thu of the first, Tue–Wed of the others): 14 of 14;
        # p1 two days in the first 7 weeks, one day in the next 3, a day in the wrong community: 7 of 14
        def day(who: str, community: str, d: date) -> AttendanceDay:
            at = datetime(d.year, d.month, d.day, 1, 0, tzinfo=UTC)
            return AttendanceDay(person_id=ids[who], community_id=ids[community], day=d, checkin_at=at)

        for n, monday in enumerate(mondays):
            days = (
                [monday + timedelta(days=2), monday + timedelta(days=3)]
                if n == 0
                else [
                    monday + timedelta(days=1),
                    monday + timedelta(days=2),
                ]
            )
            s.add_all(day("p3", B, d) for d in days)
            if n < 7:
                s.add_all(day("p1", A, d) for d in days)
            elif n < 10:
                s.add(day("p1", A, days[0]))
                if n == 9:
                    s.add(day("p1", B, days[1]))
        # ratings of Q3 (and one of Q2 that does not count)
        s.add_all(
            [
                _rating(ids, "lead", "p1", A, "excellent"),
                _rating(ids, "sa", "p1", A, "good"),
                _rating(ids, "sa", "p2", A, "fair"),
                _rating(ids, "sa", "w1", A, "good"),
                _rating(ids, "lead", "p3", B, "poor"),
                _rating(ids, "lead", "p2", A, "poor", quarter=2),
            ]
        )
    return ids


# Worked out by hand, with the weights of assessment.toml (logs 30 against 8 a month = 24 a quarter, households 20
# against the best = p2's 60, problems on time 20, attendance 15, ratings 15; points 100/80/60/40):
P1 = 100 * (30 * 12 / 24 + 20 * 36 / 60 + 20 * 1 / 3 + 15 * 7 / 14 + 15 * 0.90) / 100  # 54.67
P2 = (
    100 * (30 * 1 + 20 * 60 / 60 + 15 * 0.60) / (30 + 20 + 15)
)  # 90.77: logs capped at 1, no items, not paired
W1 = 100 * (30 * 6 / 24 + 20 * 30 / 60 + 20 * 1 / 1 + 15 * 0.80) / (30 + 20 + 20 + 15)  # 58.24
W2 = 0.0  # logs and households both 0, nothing else applies
SA = 0.0
P3 = 100 * (30 * 24 / 24 + 20 * 24 / 60 + 15 * 14 / 14 + 15 * 0.40) / (30 + 20 + 15 + 15)  # 73.75


async def _board(db, community_ids=None, **kwargs):  # type: ignore[no-untyped-def]
    async with db.session() as s:
        return await compute_scorecards(s, period=Q3, community_ids=community_ids, **kwargs)


async def test_scorecards_match_the_hand_computed_example(any_db, seeded):
    board = await _board(any_db)
    by_id = {c.person_id: c for c in board.cadres}
    for who, expected in (("p1", P1), ("p2", P2), ("w1", W1), ("w2", W2), ("sa", SA), ("p3", P3)):
        assert by_id[seeded[who]].total == pytest.approx(expected, abs=0.006), who
    p1 = by_id[seeded["p1"]]
    assert (p1.raw.logs_signed, p1.raw.households) == (12, 36)
    assert (p1.raw.problems_due, p1.raw.problems_on_time) == (3, 1)
    assert (p1.raw.attendance_weeks, p1.raw.attendance_ok_weeks) == (14, 7)
    assert p1.raw.rating_average == 90
    assert by_id[seeded["p2"]].parts[Component.ATTENDANCE] is None  # seconded: the weekly rule does not apply
    assert by_id[seeded["w1"]].raw.households == 30  # the excluded log's 40 households are not counted
    # communities: 50% the average of all cadres, 50% that of the seconded and paired cadres
    a_all, a_sec = (P1 + P2 + W1 + SA) / 4, (P1 + P2) / 2
    b_all, b_sec = (W2 + P3) / 2, P3
    [a, b] = board.communities
    assert (a.name, a.rank, b.name, b.rank) == (A, 1, B, 2)
    assert a.total == pytest.approx((a_all + a_sec) / 2, abs=0.01)
    assert b.total == pytest.approx((b_all + b_sec) / 2, abs=0.01)
    assert (a.cadres, a.secondment_count, b.cadres, b.secondment_count) == (4, 2, 2, 1)
    assert a.attendance == 0.5 and b.attendance == 1.0
    assert a.rating_average == (90 + 60) / 2 and b.rating_average == 40


async def test_ranking_within_the_subdistrict_shares_ties(any_db, seeded):
    board = await _board(any_db)
    ranks = {c.person_id: c.rank for c in board.cadres}
    assert [c.person_id for c in board.cadres][:4] == [seeded[w] for w in ("p2", "p3", "w1", "p1")]
    assert [ranks[seeded[w]] for w in ("p2", "p3", "w1", "p1", "w2", "sa")] == [1, 2, 3, 4, 5, 5]


async def test_a_leaders_scope_keeps_the_subdistrict_ranks(any_db, seeded):
    board = await _board(any_db, [seeded[B]])
    assert {c.person_id: c.rank for c in board.cadres} == {seeded["p3"]: 2, seeded["w2"]: 5}
    assert [c.name for c in board.communities] == [B] and board.communities[0].rank == 2


def _only_ratings(tmp_path: Path) -> Path:
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    # logs 30, households 20, problems 20, attendance 15 → 0; ratings keep their 15
    text = text.replace("weight = 30", "weight = 0").replace("weight = 20", "weight = 0")
    text = text.replace("weight = 15", "weight = 0", 1)
    path = tmp_path / "only-ratings.toml"
    path.write_text(text, encoding="utf-8")
    return path


async def test_the_formula_file_decides_the_weights(any_db, seeded, tmp_path):
    formula = load_formula(_only_ratings(tmp_path))
    assert [r.weight for r in formula.components] == [0, 0, 0, 0, 15]
    board = await _board(any_db, formula=formula)
    totals = {c.person_id: c.total for c in board.cadres}
    assert totals[seeded["p1"]] == 90 and totals[seeded["w1"]] == 80 and totals[seeded["p3"]] == 40
    assert totals[seeded["w2"]] == 0  # unrated: nothing applies


async def test_an_unfinished_quarter_asks_the_share_of_the_target_elapsed(any_db, seeded):
    as_of = date(2026, 8, 15)  # 46 of the quarter's 92 days: half the target, 12 logs
    board = await _board(any_db, as_of=as_of)
    p3 = next(c for c in board.cadres if c.person_id == seeded["p3"])
    assert p3.raw.logs_signed == 24 and p3.parts[Component.LOGS_SIGNED] == 1.0
    assert (
        p3.raw.attendance_weeks == 6
    )  # the weeks of 29 Jun … 3 Aug ended by 15 Aug (the 10 Aug week ends 16 Aug)
    p1 = next(c for c in board.cadres if c.person_id == seeded["p1"])
    assert p1.raw.problems_due == 2  # the item due 1 Sep is not judged yet


async def test_the_workbook_matches_the_database(any_db, seeded, tmp_path):
    board = await _board(any_db)
    path = write_scorecards_xlsx(board, tmp_path / "q3.xlsx", "zh-CN")
    book = load_workbook(path)
    assert book.sheetnames == ["干部", "社区", "记分办法"]
    cadres = book["干部"]
    header = [c.value for c in cadres[2]]
    rows = {
        r[header.index("姓名")]: dict(zip(header, r, strict=True))
        for r in cadres.iter_rows(min_row=3, values_only=True)
    }
    async with any_db.session() as s:
        signed = dict(
            (
                await s.execute(
                    select(WorkLog.person_id, func.count())
                    .where(WorkLog.status == "approved", WorkLog.work_date.between(Q3.start, Q3.end))
                    .group_by(WorkLog.person_id)
                )
            ).all()
        )
        households = dict(
            (
                await s.execute(
                    select(WorkLog.person_id, func.sum(WorkLog.households))
                    .where(WorkLog.status == "approved", WorkLog.work_date.between(Q3.start, Q3.end))
                    .group_by(WorkLog.person_id)
                )
            ).all()
        )
        ratings = dict(
            (
                await s.execute(
                    select(Rating.cadre_id, func.count())
                    .where(Rating.year == 2026, Rating.quarter == 3)
                    .group_by(Rating.cadre_id)
                )
            ).all()
        )
    names = {"p1": "郑海", "p2": "周强", "w1": "李娜", "w2": "何涛", "p3": "王芳", "sa": "张伟"}
    assert set(rows) == set(names.values())
    for who, name in names.items():
        row = rows[name]
        assert row["已签纪实表"] == signed.get(seeded[who], 0)
        assert row["走访户数"] == households.get(seeded[who], 0)
        assert row["评议次数"] == ratings.get(seeded[who], 0)
    assert rows["郑海"]["总分"] == pytest.approx(P1, abs=0.006) and rows["郑海"]["街道排名"] == 4
    assert rows["郑海"]["身份"] == "包联干部" and rows["郑海"]["出勤达标周"] == 7
    assert rows["周强"]["出勤达标周"] is None  # not a paired cadre: blank, not 0
    communities = list(book["社区"].iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[1], r[2]) for r in communities] == [(1, A, 4), (2, B, 2)]
    formula_text = "\n".join(
        str(v) for r in book["记分办法"].iter_rows(values_only=True) for v in r if v is not None
    )
    assert "已签署纪实表" in formula_text and "30" in formula_text and "对照街道最高" in formula_text


async def test_the_chat_scorecard_prints_the_formula_and_everyone_when_it_fits(any_db, seeded):
    board = await _board(any_db)
    text = render_scorecard(board, "zh-CN", "全街道")
    assert (
        "2026年第3季度记分卡" in text
        and "总分(0–100)" in text
        and "纪实表(%)（权重 30）：" in text
        and "评议得分：优秀" in text
        and "社区记分：" in text
    )
    for name in ("郑海", "周强", "李娜", "何涛", "王芳", "张伟"):
        assert name in text
    assert "1. 幸福社区" in text and "另有" not in text
    english = render_scorecard(board, "en", "")
    assert "Scorecard Q3 2026" in english and "Logs (%) (weight 30): " in english


async def test_a_big_scorecard_is_summarised_within_one_message(db):
    for n in range(400):
        await add_person(
            db,
            f"干部{n:03d}号同志",
            f"139{n:08d}",
            [(Role.PAIRED_CADRE if n % 3 else Role.GRID_WORKER, f"第{n % 60:02d}个名字相当长的示范社区")],
            department="城管办",
        )
    board = await _board(db)
    assert len(board.cadres) == 400 and len(board.communities) == 60
    text = render_scorecard(board, "zh-CN", "全街道")
    assert len(text) <= 4096
    assert "另有" in text and "干部前" in text and "后 " in text  # top and bottom, the rest counted
    assert "总分(0–100)" in text  # the formula is always printed
