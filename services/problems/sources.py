"""Where items come from (issue 18): the source's label, the 12345 order number's check, and the optional monthly
reporting quota (本月已上报 n/quota), counted in the sub-district's month."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from domain import problems as rules
from domain.hotline import clean_order_no
from domain.phones import mask_phone
from locales import tr_text
from storage.db import Database
from storage.models import Problem


def source_label(locale: str, key: str) -> str:
    """A plain label (escaped where a message shows it): problem-source-<key>, or the key as written for a
    deployment's own channel."""
    label = tr_text(locale, f"problem-source-{key}")
    return key if label == f"problem-source-{key}" else label


def resident_cell(locale: str, anonymous: bool, name: str | None, phone: str | None) -> str:
    """A workbook's resident column: 匿名, or the name and the masked phone of a report on a resident's behalf."""
    if anonymous:
        return tr_text(locale, "register-anonymous")
    return " ".join(part for part in (name or "", mask_phone(phone)) if part)


def order_number(text: str | None) -> str | None:
    """The 12345 work order number as it is kept, or None when it is not one (`domain.hotline`'s rule)."""
    return clean_order_no(text)


async def reported_this_month(db: Database, person_id: int, now: datetime, timezone: str) -> int:
    """How many items the person reported this month (the month of `now` in the sub-district's zone): one short
    count, for the quota line of their menu."""
    zone = ZoneInfo(timezone)
    today = now.astimezone(zone).date()
    first, nxt = rules.month_bounds(today.year, today.month)
    start, end = datetime.combine(first, time(), zone), datetime.combine(nxt, time(), zone)
    async with db.read_session() as session:  # a read: on SQLite it takes no write lock
        count = await session.scalar(
            select(func.count(Problem.id)).where(
                Problem.reporter_id == person_id, Problem.reported_at >= start, Problem.reported_at < end
            )
        )
    return int(count or 0)
