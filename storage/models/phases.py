"""Pilot phases (issue 17): every phase a community entered, with the day it entered it; the latest row is its
phase now. A table of changes rather than a column, so the history is kept (which phase a community was in on any
day, e.g. for last month's digest) and every change says who made it and how (the chat or a roster file)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UtcDateTime


class CommunityPhase(Base):
    __tablename__ = "community_phases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"), index=True)
    phase: Mapped[str] = mapped_column(String(20))  # domain.phases.Phase
    since: Mapped[date] = mapped_column(Date)  # the local day the community entered the phase
    set_at: Mapped[datetime] = mapped_column(UtcDateTime())
    set_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(10))  # "chat" or "roster"
