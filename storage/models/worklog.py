"""Grid work logs 网格工作纪实表 (issue 4): logs, their photos and history, drafts, sign delegates and months
submitted."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, UtcDateTime
from storage.models.people import Community, Grid, Person


class WorkLog(Base):
    """One grid work log: a day's work of one person in one grid, signed by the community Party secretary."""

    __tablename__ = "work_logs"
    __table_args__ = (Index("ix_work_logs_community_date", "community_id", "work_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id", ondelete="CASCADE"))
    work_date: Mapped[date] = mapped_column(Date)
    deployment: Mapped[str] = mapped_column(
        String(32)
    )  # the role the person logs as (paired cadre, grid worker…)
    categories: Mapped[list] = mapped_column(JSON)  # key tasks: publicist, gatekeeper, fixer, helper, servant
    households: Mapped[int] = mapped_column(Integer)
    addresses: Mapped[str | None] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)
    # Problems found are reported through the problem flow (issue 5): problems.log_id points back here.
    # submitted → approved, or → returned → (edited) submitted …; excluded: left out of a month's submission
    status: Mapped[str] = mapped_column(String(16), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)  # +1 on every resubmission: old buttons go stale
    opinion: Mapped[str | None] = mapped_column(Text)
    signed_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    excluded_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime())
    photos: Mapped[list[WorkLogPhoto]] = relationship(
        cascade="all, delete-orphan", order_by="WorkLogPhoto.position", lazy="selectin"
    )
    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    signer: Mapped[Person | None] = relationship(foreign_keys=[signed_by])
    grid: Mapped[Grid] = relationship()
    community: Mapped[Community] = relationship()


class WorkLogPhoto(Base):
    """A photo of a log: Telegram's file id, and the copy in MEDIA_DIR that outlives Telegram's file expiry."""

    __tablename__ = "work_log_photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    log_id: Mapped[int] = mapped_column(ForeignKey("work_logs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    file_id: Mapped[str] = mapped_column(String(255))
    file_unique_id: Mapped[str] = mapped_column(String(100))
    local_path: Mapped[str | None] = mapped_column(String(500))


class WorkLogEvent(Base):
    """The history of a log: submitted, returned (with the reason), resubmitted, approved, excluded, reopened."""

    __tablename__ = "work_log_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    log_id: Mapped[int] = mapped_column(ForeignKey("work_logs.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)


class WorkLogDraft(Base):
    """A log being filled in, saved at every step, so it can be resumed after a restart or a /menu, or discarded."""

    __tablename__ = "work_log_drafts"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SignDelegate(Base):
    """Someone the administrator allowed to sign a community's logs in place of its Party secretary."""

    __tablename__ = "sign_delegates"

    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class LogMonth(Base):
    """A community's month of logs submitted to 党群工作部: the workbook, who submitted it, late or not, reopenings."""

    __tablename__ = "log_months"
    __table_args__ = (UniqueConstraint("community_id", "month"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    month: Mapped[date] = mapped_column(Date)  # the first day of the month
    status: Mapped[str] = mapped_column(String(16))  # submitted, reopened
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime())
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    log_count: Mapped[int] = mapped_column(Integer, default=0)
    excluded_count: Mapped[int] = mapped_column(Integer, default=0)
    workbook_path: Mapped[str | None] = mapped_column(String(500))
    summary: Mapped[str | None] = mapped_column(Text)
    reopened_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    reopened_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    reopen_reason: Mapped[str | None] = mapped_column(Text)
