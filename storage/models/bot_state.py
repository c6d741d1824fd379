"""The running bot's own durable state: updates fetched by long polling, and dialog (FSM) state."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class InboxUpdate(Base):
    """An update fetched by long polling, recorded before Telegram is told it was received (the next getUpdates), and
    marked done once handled: a process killed meanwhile handles it at its next start (bot/inbox.py)."""

    __tablename__ = "update_inbox"
    bot_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)  # ids are per bot
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    payload: Mapped[str] = mapped_column(Text)  # the update's JSON as Telegram sent it
    received_at: Mapped[int] = mapped_column(BigInteger)  # Unix seconds, by the bot's clock
    done: Mapped[bool] = mapped_column(Boolean, default=False)


class FsmRecord(Base):
    """aiogram FSM / aiogram-dialog state, so a half-filled dialog survives a restart without Redis."""

    __tablename__ = "fsm_state"
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[str] = mapped_column(Text, default="{}")  # JSON text, as the dialog framework hands it over
