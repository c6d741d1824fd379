"""Reminders (issue 6): mutes, and the reminder slots already run."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UtcDateTime


class ReminderMute(Base):
    """Non-urgent reminders are not sent to this person until `until`."""

    __tablename__ = "reminder_mutes"
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    until: Mapped[datetime] = mapped_column(UtcDateTime())


class ReminderRun(Base):
    """One row per reminder slot (kind and local date) that has been run: a second fire, or a second instance,
    finds it and does nothing. Written in the same transaction as the slot's outbox rows."""

    __tablename__ = "reminder_runs"
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    ran_at: Mapped[datetime] = mapped_column(UtcDateTime())
    queued: Mapped[int] = mapped_column(Integer, default=0)
