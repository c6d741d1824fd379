"""The monthly register's rows for its workbook (交办登记表): the form's columns in words, then issue 18's 来源,
工单编号 and 涉及居民 (匿名 for an anonymous item, a masked phone for one on a resident's behalf)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, select

from locales import tr_text
from services.problems.config import ProblemConfig, ProblemError
from services.problems.labels import category_label, status_label
from services.problems.sources import resident_cell, source_label
from storage.db import Database
from storage.models import Community, Grid, HotlineOrder, Person, Problem, ProblemRegister


@dataclass(frozen=True)
class RegisterRow:
    number: int
    reported_at: datetime | str  # the sub-district's local time, without its offset
    community: str
    grid: str
    reporter: str
    category: str
    content: str
    advice: str
    leader: str
    due: date | str | None
    result: str
    remarks: str
    # Issue 18, after the form's own columns: where it came from, the 12345 order, the resident (匿名 when anonymous)
    source: str = ""
    order_no: str = ""
    resident: str = ""


@dataclass(frozen=True)
class RegisterSheet:
    """What the register's workbook shows: its title and signature lines and one row per item, in words."""

    title: str
    signed: str
    rows: list[RegisterRow]


async def register_sheet(db: Database, register_id: int, locale: str, config: ProblemConfig) -> RegisterSheet:
    """The register's rows for its workbook, with exactly the columns of the form (`reports.register_export`
    writes it: the services import nothing of the reports)."""
    async with db.session() as session:
        register = await session.get(ProblemRegister, register_id)
        if register is None:
            raise ProblemError("problem-not-found")
        community = await session.get(Community, register.community_id)
        reporter = Person.__table__.alias("reporter")
        leader = Person.__table__.alias("leader")
        rows = await session.execute(
            select(Problem, Grid.name, reporter.c.name, leader.c.name, HotlineOrder.order_no)
            .outerjoin(Grid, Grid.id == Problem.grid_id)
            .outerjoin(HotlineOrder, HotlineOrder.problem_id == Problem.id)
            .join(reporter, reporter.c.id == Problem.reporter_id)
            .outerjoin(leader, and_(leader.c.id == Problem.leader_id))
            .where(Problem.register_id == register_id)
            .order_by(Problem.reported_at, Problem.id)
        )
        signer = (
            (await session.execute(select(Person.name).where(Person.id == register.signed_by))).scalar()
            if register.signed_by
            else None
        )
        data = []
        for number, (p, grid, reporter_name, leader_name, order_no) in enumerate(rows.all(), start=1):
            notes = [status_label(locale, p.status)]
            if p.urgent:
                notes.append(tr_text(locale, "register-note-urgent"))
            if p.city_flag:
                notes.append(tr_text(locale, "register-note-city", note=p.city_note or ""))
            data.append(
                RegisterRow(
                    number=number,
                    reported_at=config.local(p.reported_at).replace(second=0, microsecond=0, tzinfo=None),
                    community=community.name if community else "",
                    grid=grid or "",
                    reporter=reporter_name,
                    category=category_label(locale, p.category),
                    content=f"[{tr_text(locale, f'problem-kind-{p.kind}')}] {p.description}",
                    advice=p.advice or "",
                    leader=leader_name or "",
                    due=p.due_date,
                    result=p.result or "",
                    remarks="；".join(notes),
                    source=source_label(locale, p.source),
                    order_no=order_no or "",
                    resident=resident_cell(locale, p.anonymous, p.resident_name, p.resident_phone),
                )
            )
        title = tr_text(
            locale,
            "register-xlsx-title",
            community=community.name if community else "",
            year=str(register.year),
            month=register.month,
        )
        signed = (
            tr_text(
                locale,
                "register-xlsx-signed",
                signer=signer or "",
                at=config.local(register.signed_at).strftime("%Y-%m-%d %H:%M"),
            )
            if register.signed_at
            else tr_text(locale, "register-xlsx-unsigned")
        )
        return RegisterSheet(title, signed, data)
