"""Emergency call-outs 应急分队 (issue 8): call-outs, whom they reached and their answers, the timeline, neighbouring
communities."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UtcDateTime


class Callout(Base):
    """An emergency call-out: raised for a community, sent at once to its squad (and optionally the brigade)."""

    __tablename__ = "callouts"
    __table_args__ = (Index("ix_callouts_status_widen", "status", "widen_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(String(300))
    need: Mapped[str] = mapped_column(Text)
    brigade: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10))  # open, closed
    version: Mapped[int] = mapped_column(
        Integer, default=1
    )  # +1 when closed: every earlier button goes stale
    caller_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    caller_chat_id: Mapped[int | None] = mapped_column(BigInteger)  # where the live roll is
    raised_at: Mapped[datetime] = mapped_column(UtcDateTime())
    widen_at: Mapped[datetime] = mapped_column(
        UtcDateTime()
    )  # the widening check is due then (survives restarts)
    widen_checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())  # set once: the check ran
    widened: Mapped[bool] = mapped_column(Boolean, default=False)
    roll_seq: Mapped[int] = mapped_column(Integer, default=0)  # numbers the roll's edits (unique outbox keys)
    roll_at: Mapped[datetime | None] = mapped_column(UtcDateTime())  # when the roll was last re-rendered
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    outcome: Mapped[str | None] = mapped_column(Text)


class CalloutTarget(Base):
    """A person a call-out was sent to, and their answer (马上到, or 无法到场 with a reason)."""

    __tablename__ = "callout_targets"
    __table_args__ = (UniqueConstraint("callout_id", "person_id", name="uq_callout_targets_callout_person"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    callout_id: Mapped[int] = mapped_column(ForeignKey("callouts.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    wave: Mapped[str] = mapped_column(String(10))  # squad, brigade, neighbour
    community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime())
    answer: Mapped[str | None] = mapped_column(String(10))  # coming, cannot
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    reason: Mapped[str | None] = mapped_column(Text)


class CalloutEvent(Base):
    """The timeline: raised, sent (to whom), each answer, widened, leader told, closed with the outcome."""

    __tablename__ = "callout_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    callout_id: Mapped[int] = mapped_column(ForeignKey("callouts.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)


class CommunityNeighbour(Base):
    """A neighbouring community whose squad a widened call-out reaches (`gridbot neighbours`); one direction."""

    __tablename__ = "community_neighbours"
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    neighbour_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
