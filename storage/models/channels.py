"""Group robots (issue 20): WeCom / DingTalk / Feishu custom robots of a sub-district's or a community's work group,
which receive digests and alerts through the outbox (`outbox.channel_id`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UtcDateTime


class GroupChannel(Base):
    """One group robot. `community_id` set: the community's group; else the sub-district's. The webhook address
    and the secret are kept as given (the robot needs them) and shown only masked (`services.channels.masking`)."""

    __tablename__ = "group_channels"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # wecom, dingtalk, feishu
    subdistrict_id: Mapped[int] = mapped_column(ForeignKey("subdistricts.id", ondelete="CASCADE"))
    community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    webhook: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str | None] = mapped_column(String(200))
    # The message kinds it receives (services.channels.model.MESSAGE_KINDS).
    subscribed: Mapped[list] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="ok", server_default="ok")  # ok, broken
    broken_reason: Mapped[str | None] = mapped_column(Text)
    broken_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
