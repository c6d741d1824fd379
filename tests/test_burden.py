"""The burden count for a seeded month, computed independently here from the seed, and the same number of queries
whatever the number of communities."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from domain.sheets import Burden, DepartmentBurden
from services.burden import burden_by_department, burden_counts, departments_in
from storage.models import Community, Meeting, MeetingTarget, PromptSheet, PromptSheetTarget, Subdistrict
from tests.factories import NOW
from tests.statements import executed

START, END, TODAY = date(2026, 11, 1), date(2026, 11, 30), date(2026, 12, 5)
DEPARTMENTS = ("党群工作部", "党政办", "平安办")
STATUSES = ("sent", "received", "question", "answered", "done")
MEETING_STATUSES = ("filed", "approved", "declined", "merged")


def seed_plan(
    communities: list[int], rng: random.Random, sheets: int = 60, meetings: int = 30
) -> tuple[list, list]:
    """Sheets and meetings around the month (some before, some after), as plain tuples."""
    sheet_plan = []
    for _ in range(sheets):
        issued = date(2026, 10, 25) + timedelta(days=rng.randrange(45))
        due = issued + timedelta(days=rng.randrange(1, 20))
        targets = []
        for community in rng.sample(communities, rng.randrange(1, min(4, len(communities)) + 1)):
            status = rng.choice(STATUSES)
            done_on = due + timedelta(days=rng.randrange(-3, 4)) if status == "done" else None
            targets.append((community, status, done_on))
        sheet_plan.append((issued, due, rng.choice(DEPARTMENTS), targets))
    meeting_plan = []
    for _ in range(meetings):
        day = date(2026, 10, 28) + timedelta(days=rng.randrange(40))
        people = {
            c: rng.randrange(1, 6)
            for c in rng.sample(communities, rng.randrange(1, min(3, len(communities)) + 1))
        }
        meeting_plan.append(
            (
                day,
                rng.choice(MEETING_STATUSES),
                rng.choice((30, 60, 90, 120)),
                rng.choice(DEPARTMENTS),
                people,
            )
        )
    return sheet_plan, meeting_plan


async def store(db, sender_id: int, sheet_plan: list, meeting_plan: list) -> None:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        for issued, due, department, targets in sheet_plan:
            sheet = PromptSheet(
                sender_id=sender_id,
                department=department,
                title="t",
                body="b",
                due_date=due,
                urgent=False,
                contact="c",
                issued_on=issued,
                created_at=NOW,
            )
            s.add(sheet)
            await s.flush()
            for community, status, done_on in targets:
                s.add(
                    PromptSheetTarget(
                        sheet_id=sheet.id,
                        community_id=community,
                        status=status,
                        version=1,
                        due_date=due,
                        done_on=done_on,
                        result_photos=[],
                        updated_at=NOW,
                    )
                )
        for day, status, minutes, department, people in meeting_plan:
            meeting = Meeting(
                filer_id=sender_id,
                department=department,
                subject="m",
                day=day,
                minutes=minutes,
                place=None,
                starts_at=datetime(day.year, day.month, day.day, 6, tzinfo=UTC),
                why_not_sheet="w",
                status=status,
                version=1,
                created_at=NOW,
            )
            s.add(meeting)
            await s.flush()
            for community, count in people.items():
                s.add(MeetingTarget(meeting_id=meeting.id, community_id=community, people=count))


def expected_counts(sheet_plan: list, meeting_plan: list, only: set[int] | None) -> dict[int, Burden]:
    counts: dict[int, dict[str, float]] = defaultdict(lambda: {"s": 0, "m": 0, "h": 0.0, "o": 0})
    for issued, due, _dept, targets in sheet_plan:
        for community, status, done_on in targets:
            if START <= issued <= END:
                counts[community]["s"] += 1
            late = (status == "done" and done_on > due) or (status != "done" and due < TODAY)
            if START <= due <= END and late:
                counts[community]["o"] += 1
    for day, status, minutes, _dept, people in meeting_plan:
        if status == "approved" and START <= day <= END:
            for community, count in people.items():
                counts[community]["m"] += 1
                counts[community]["h"] += count * minutes / 60
    return {
        c: Burden(int(v["s"]), int(v["m"]), round(v["h"], 2), int(v["o"]))
        for c, v in counts.items()
        if only is None or c in only
    }


def expected_departments(sheet_plan: list, meeting_plan: list) -> dict[str, DepartmentBurden]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for issued, _due, dept, _targets in sheet_plan:
        if START <= issued <= END:
            counts[dept]["sheets"] += 1
    for day, status, _minutes, dept, _people in meeting_plan:
        if START <= day <= END:
            counts[dept]["total"] += 1  # every meeting filed, whatever became of it
            counts[dept][status] += 1
    return {
        d: DepartmentBurden(v["sheets"], v["total"], v["approved"], v["declined"], v["merged"])
        for d, v in counts.items()
    }


async def make_communities(db, count: int) -> list[int]:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        sub = Subdistrict(name="城关街道")
        s.add(sub)
        await s.flush()
        rows = [Community(subdistrict_id=sub.id, name=f"社区{i}") for i in range(count)]
        s.add_all(rows)
        await s.flush()
        return [c.id for c in rows]


async def sender(db) -> int:  # type: ignore[no-untyped-def]
    from domain.roles import Role
    from tests.factories import add_person

    return await add_person(
        db, "陈静", "13910010004", [(Role.DEPARTMENT_STAFF, None)], department="党群工作部"
    )


async def test_burden_counts_match_the_seeded_month(any_db):
    communities = await make_communities(any_db, 6)
    sheet_plan, meeting_plan = seed_plan(communities, random.Random(8))
    await store(any_db, await sender(any_db), sheet_plan, meeting_plan)
    async with any_db.session() as s:
        every = await burden_counts(s, start=START, end=END, community_ids=None, today=TODAY)
        some = await burden_counts(s, start=START, end=END, community_ids=communities[:2], today=TODAY)
        departments = await burden_by_department(s, start=START, end=END)
    assert every == expected_counts(sheet_plan, meeting_plan, None)
    assert some == expected_counts(sheet_plan, meeting_plan, set(communities[:2]))
    assert departments == {
        None: expected_departments(sheet_plan, meeting_plan)
    }  # the seed ties no sub-district
    assert sum(b.prompt_sheets for b in every.values()) > 0 and sum(b.meetings for b in every.values()) > 0
    assert sum(b.sheets_overdue for b in every.values()) > 0


async def test_departments_are_counted_within_their_sub_district(db):
    """Two sub-districts may both have a 城管科: a principal leader of one sees theirs (and what is tied to none);
    a reader tied to no sub-district sees the same names added together."""
    people = await sender(db)
    async with db.session() as s:
        east, west = Subdistrict(name="东街道"), Subdistrict(name="西街道")
        s.add_all([east, west])
        await s.flush()
        for sub, department, count in (
            (east.id, "城管科", 2),
            (west.id, "城管科", 5),
            (None, "党群工作部", 1),
        ):
            for _ in range(count):
                s.add(
                    PromptSheet(
                        subdistrict_id=sub, sender_id=people, department=department, title="t", body="b",
                        due_date=END, urgent=False, contact="c", issued_on=START, created_at=NOW,
                    )
                )  # fmt: skip
        s.add(
            Meeting(
                subdistrict_id=west.id, filer_id=people, department="城管科", subject="m", day=START, minutes=60,
                place=None, starts_at=NOW, why_not_sheet="w", status="approved", version=1, created_at=NOW,
            )
        )  # fmt: skip
        east_id, west_id = east.id, west.id
    async with db.session() as s:
        found = await burden_by_department(s, start=START, end=END)
    assert departments_in(found, east_id) == {
        "城管科": DepartmentBurden(sheets=2),
        "党群工作部": DepartmentBurden(sheets=1),
    }
    assert departments_in(found, west_id)["城管科"] == DepartmentBurden(5, 1, 1, 0, 0)
    assert departments_in(found, None)["城管科"] == DepartmentBurden(7, 1, 1, 0, 0)


async def test_two_hundred_communities_take_the_same_few_queries(db):
    communities = await make_communities(db, 200)
    sheet_plan, meeting_plan = seed_plan(communities, random.Random(3), sheets=400, meetings=150)
    await store(db, await sender(db), sheet_plan, meeting_plan)
    with executed(db) as statements:
        async with db.session() as s:
            found = await burden_counts(s, start=START, end=END, community_ids=communities, today=TODAY)
    assert found == expected_counts(sheet_plan, meeting_plan, None)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 3
