"""The outbox: messages the bot sends on its own initiative."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UtcDateTime


class OutboxMessage(Base):
    """A message the bot sends on its own initiative, written in the transaction of the change that caused it."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "not_before"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # idempotency key
    chat_id: Mapped[int] = mapped_column(BigInteger)
    method: Mapped[str] = mapped_column(String(40), default="sendMessage")
    payload: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending, sending, sent, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    error: Mapped[str | None] = mapped_column(Text)
    # Higher goes first: emergency call-outs (issue 8) overtake queued routine notices.
    priority: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Telegram's id of the sent message, so that a later editMessageText row can refer to it by outbox key.
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    # A group robot's message (issue 20): sent by `bot.sender.robots`, never by the Telegram sender; `chat_id` then
    # holds minus the channel's id (never a person's chat), so that each robot's messages go one at a time, in order
    # (`outbox.due_heads`).
    channel_id: Mapped[int | None] = mapped_column(
        ForeignKey("group_channels.id", ondelete="CASCADE"), index=True
    )
