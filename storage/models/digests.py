"""Leaders' digests (issue 7): the 催办 nudges pressed under overdue items."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UtcDateTime


class DigestNudge(Base):
    """A leader pressed 催办 under an overdue item in a digest: its owner is reminded once a day, whoever presses."""

    __tablename__ = "digest_nudges"
    __table_args__ = (UniqueConstraint("problem_id", "day", name="uq_digest_nudges_problem_day"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
