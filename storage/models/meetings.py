"""Meeting filing 会议报备 (issue 8): filed meetings, the communities they need, the attendees named."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UtcDateTime


class Meeting(Base):
    """A filed meeting that needs community cadres; 党政办 approves, declines or merges it."""

    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_day_status", "day", "status"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subdistrict_id: Mapped[int | None] = mapped_column(ForeignKey("subdistricts.id", ondelete="SET NULL"))
    filer_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    department: Mapped[str] = mapped_column(String(100), default="")
    subject: Mapped[str] = mapped_column(String(100))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime())
    day: Mapped[date] = mapped_column(Date)  # local date of starts_at
    minutes: Mapped[int] = mapped_column(Integer)
    place: Mapped[str | None] = mapped_column(String(200))  # None: online
    why_not_sheet: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))
    version: Mapped[int] = mapped_column(Integer, default=1)
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    decline_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class MeetingTarget(Base):
    """A community a meeting needs, and how many of its people."""

    __tablename__ = "meeting_targets"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    people: Mapped[int] = mapped_column(Integer)


class MeetingAttendee(Base):
    """Someone a community secretary named to attend an approved meeting."""

    __tablename__ = "meeting_attendees"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    named_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    named_at: Mapped[datetime] = mapped_column(UtcDateTime())
