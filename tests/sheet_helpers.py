"""People of the prompt-sheet and meeting tests: a department, 党政办, and three communities with secretaries."""

from __future__ import annotations

from sqlalchemy import select

from domain.roles import Role
from storage.db import Database
from storage.models import Community, Meeting, MeetingAttendee, MeetingTarget, PromptSheet, PromptSheetTarget
from tests.factories import add_person
from tests.tg import Sent

SENDER, OFFICE, OTHER_DEPT = 201, 202, 203
XINGFU, HEPING, GUANGMING = 301, 302, 303  # the secretaries of 幸福社区, 和平社区, 光明社区
WORKER, CADRE, CADRE2 = 401, 402, 403  # people of 幸福社区
COMMUNITIES = ("幸福社区", "和平社区", "光明社区")


async def seed_people(db: Database) -> dict[str, int]:
    """name → person id."""
    ids = {
        "陈静": await add_person(
            db,
            "陈静",
            "13910010004",
            [(Role.DEPARTMENT_STAFF, None)],
            telegram_id=SENDER,
            department="党群工作部",
        ),
        "刘洋": await add_person(
            db,
            "刘洋",
            "13910010005",
            [(Role.DEPARTMENT_STAFF, None)],
            telegram_id=OFFICE,
            department="党政办",
        ),
        "吴平": await add_person(
            db,
            "吴平",
            "13910010008",
            [(Role.DEPARTMENT_STAFF, None)],
            telegram_id=OTHER_DEPT,
            department="平安办",
        ),
        "张伟": await add_person(
            db, "张伟", "13820020001", [(Role.SECRETARY, "幸福社区")], telegram_id=XINGFU
        ),
        "林静怡": await add_person(
            db, "林静怡", "15030030001", [(Role.SECRETARY, "和平社区")], telegram_id=HEPING
        ),
        "宋雅": await add_person(
            db, "宋雅", "18640040001", [(Role.SECRETARY, "光明社区")], telegram_id=GUANGMING
        ),
        "李娜": await add_person(
            db, "李娜", "13820020002", [(Role.GRID_WORKER, "幸福社区")], telegram_id=WORKER
        ),
        "王芳": await add_person(
            db, "王芳", "13820020003", [(Role.COMMUNITY_CADRE, "幸福社区")], telegram_id=CADRE
        ),
        "黄敏": await add_person(
            db, "黄敏", "13820020006", [(Role.WINDOW_STAFF, "幸福社区")], telegram_id=CADRE2
        ),
    }
    return ids


def forge(screen: Sent, widget: str, item: str) -> str:
    """A made-up press on a widget of the dialog this screen belongs to (aiogram-dialog: "<intent>\x1d<data>")."""
    intent = [d for r in screen.inline for _t, d in r if "\x1d" in d][0].split("\x1d")[0]
    return f"{intent}\x1d{widget}:{item}"


async def community_ids(db: Database) -> dict[str, int]:
    async with db.session() as s:
        return dict((await s.execute(select(Community.name, Community.id))).all())


async def targets(db: Database) -> list[PromptSheetTarget]:
    async with db.session() as s:
        return list((await s.scalars(select(PromptSheetTarget).order_by(PromptSheetTarget.id))).all())


async def sheets(db: Database) -> list[PromptSheet]:
    async with db.session() as s:
        return list((await s.scalars(select(PromptSheet).order_by(PromptSheet.id))).all())


async def meetings(db: Database) -> list[Meeting]:
    async with db.session() as s:
        return list((await s.scalars(select(Meeting).order_by(Meeting.id))).all())


async def meeting_targets(db: Database, meeting_id: int) -> dict[int, int]:
    async with db.session() as s:
        rows = await s.execute(
            select(MeetingTarget.community_id, MeetingTarget.people).where(
                MeetingTarget.meeting_id == meeting_id
            )
        )
        return dict(rows.all())


async def attendees(db: Database, meeting_id: int) -> set[int]:
    async with db.session() as s:
        return set(
            (
                await s.scalars(
                    select(MeetingAttendee.person_id).where(MeetingAttendee.meeting_id == meeting_id)
                )
            ).all()
        )
