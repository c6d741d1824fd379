"""Work prompt sheets 工作提示单 (issue 8): sheets, each community's copy, drafts being written."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UtcDateTime


class PromptSheet(Base):
    """A task a department gives communities: short, clear, with a due date; no attached documents (以文转文)."""

    __tablename__ = "prompt_sheets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subdistrict_id: Mapped[int | None] = mapped_column(ForeignKey("subdistricts.id", ondelete="SET NULL"))
    sender_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    department: Mapped[str] = mapped_column(String(100), default="")  # the sender's department when issued
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date] = mapped_column(Date)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    urgent_reason: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[str] = mapped_column(String(100))
    photo: Mapped[str | None] = mapped_column(String(255))  # one Telegram file id
    latitude: Mapped[float | None] = mapped_column()
    longitude: Mapped[float | None] = mapped_column()
    issued_on: Mapped[date] = mapped_column(Date, index=True)  # local date, for the monthly counts
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PromptSheetTarget(Base):
    """One community's copy of a sheet: its state, the secretary's result or question, the sender's answer."""

    __tablename__ = "prompt_sheet_targets"
    __table_args__ = (
        UniqueConstraint("sheet_id", "community_id", name="uq_prompt_sheet_targets_sheet_community"),
        Index("ix_prompt_sheet_targets_community_status", "community_id", "status"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("prompt_sheets.id", ondelete="CASCADE"), index=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12))
    version: Mapped[int] = mapped_column(Integer, default=1)  # +1 on every change: older buttons go stale
    due_date: Mapped[date] = mapped_column(Date)  # the sheet's, copied for grouped counts
    received_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    done_on: Mapped[date | None] = mapped_column(Date)
    done_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    result: Mapped[str | None] = mapped_column(Text)
    result_photos: Mapped[list] = mapped_column(JSON, default=list)
    question: Mapped[str | None] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PromptSheetDraft(Base):
    """A prompt sheet being written, saved at every step: it outlives a restart, a /menu or a /cancel."""

    __tablename__ = "prompt_sheet_drafts"
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    data: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
