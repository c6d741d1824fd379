"""A second messenger beside Telegram (issue 19, Feishu): integer ids for its string ids, and its handled events."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class MessengerId(Base):
    """A messenger's string id (a Feishu open_id, message_id…) and the integer the bot uses for it: the row's id plus
    `storage.messenger_ids.FEISHU_ID_BASE`, so services and storage stay messenger-neutral."""

    __tablename__ = "messenger_ids"
    __table_args__ = (
        UniqueConstraint("messenger", "kind", "external", name="uq_messenger_ids_messenger_kind_external"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    messenger: Mapped[str] = mapped_column(String(10))  # "feishu"
    kind: Mapped[str] = mapped_column(String(10))  # "user", "chat", "message", "file"
    external: Mapped[str] = mapped_column(String(100))


class FeishuEvent(Base):
    """A Feishu event taken in (by its `event_id`: Feishu pushes an event again when not answered within 3 s); the
    row's id is the update id the dispatcher sees."""

    __tablename__ = "feishu_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(100), unique=True)
    received_at: Mapped[int] = mapped_column(BigInteger)  # Unix seconds, by the bot's clock
