"""Problems and suggestions (issue 5): the items, their history, their cards in chats, the monthly registers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UtcDateTime


class Problem(Base):
    """A problem or suggestion a grid worker found or heard; its lifecycle is `domain.problems`."""

    __tablename__ = "problems"
    __table_args__ = (Index("ix_problems_open", "community_id", "status"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subdistrict_id: Mapped[int | None] = mapped_column(ForeignKey("subdistricts.id", ondelete="SET NULL"))
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(12))
    category: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column()
    longitude: Mapped[float | None] = mapped_column()
    address: Mapped[str | None] = mapped_column(String(300))
    photos: Mapped[list] = mapped_column(JSON, default=list)  # Telegram file ids
    resident_name: Mapped[str | None] = mapped_column(String(50))
    resident_phone: Mapped[str | None] = mapped_column(String(20))  # shown masked except to those handling it
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16))
    reopen_to: Mapped[str | None] = mapped_column(String(16))  # the state "not fixed" returns to
    reporter_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    escalated: Mapped[bool] = mapped_column(
        Boolean, default=False
    )  # left the community (claimed or escalated)
    city_flag: Mapped[bool] = mapped_column(Boolean, default=False)
    city_note: Mapped[str | None] = mapped_column(Text)
    advice: Mapped[str | None] = mapped_column(Text)  # 处理建议
    result: Mapped[str | None] = mapped_column(Text)  # 办理结果
    result_photos: Mapped[list] = mapped_column(JSON, default=list)
    due_date: Mapped[date | None] = mapped_column(Date)
    log_id: Mapped[int | None] = mapped_column(Integer)  # the grid work log it was reported from (issue 4)
    observed_on: Mapped[date | None] = mapped_column(Date)
    register_id: Mapped[int | None] = mapped_column(ForeignKey("problem_registers.id", ondelete="SET NULL"))
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    urgent_pushed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    urgent_rounds: Mapped[int] = mapped_column(Integer, default=0)
    urgent_acked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    urgent_acked_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    # Issue 18: where the item came from (a key of Settings.problem_sources: grid_visit 网格走访, window 窗口受理,
    # phone_visit 来电来访, hotline 12345 热线, referral 部门转办, or a deployment's own word) and whether the
    # resident asked not to be named (then resident_name / resident_phone stay empty for good).
    source: Mapped[str] = mapped_column(String(20), default="grid_visit", server_default="grid_visit")
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())


class HotlineOrder(Base):
    """A 12345 hotline work order 工单 behind an item (source "hotline"): the hotline's own number and its clocks,
    in PRC working days from the day it was received (`domain.hotline`), and when each step was recorded and by whom.
    Round 1 is the order as received; 不满意 at the call back turns it into a warning order 预警 (round 2) with a
    second handling due."""

    __tablename__ = "hotline_orders"
    problem_id: Mapped[int] = mapped_column(
        ForeignKey("problems.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    order_no: Mapped[str] = mapped_column(String(40), unique=True)
    received_on: Mapped[date] = mapped_column(Date)
    contact_due: Mapped[date] = mapped_column(Date)  # first contact with the resident
    handle_due: Mapped[date] = mapped_column(Date)  # first handling
    callback_due: Mapped[date | None] = mapped_column(Date)  # set once handled
    contacted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    contacted_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    handled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    handled_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    called_back_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    called_back_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    satisfaction: Mapped[str | None] = mapped_column(String(16))  # satisfied / basically / unsatisfied
    warning_at: Mapped[datetime | None] = mapped_column(UtcDateTime())  # 不满意: became a warning order 预警
    second_due: Mapped[date | None] = mapped_column(Date)  # the second handling's deadline
    second_handled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    second_handled_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    second_called_back_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    second_called_back_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    second_satisfaction: Mapped[str | None] = mapped_column(String(16))
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ProblemEvent(Base):
    """The item's history: every change, who made it, when, from which state to which, with a note."""

    __tablename__ = "problem_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    move: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)


class ProblemCard(Base):
    """The one card of an item in a person's chat: its first notice, sent through the outbox under the key
    `services.problems.card_key(problem_id, chat_id)` (whose row keeps Telegram's message id), edited in place on
    every later change of the item."""

    __tablename__ = "problem_cards"
    problem_id: Mapped[int] = mapped_column(
        ForeignKey("problems.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))  # whose view it shows


class ProblemRegister(Base):
    """A community's monthly register 交办登记表, submitted to 党政办 and signed by a principal leader."""

    __tablename__ = "problem_registers"
    __table_args__ = (
        UniqueConstraint("community_id", "year", "month", name="uq_problem_registers_community_month"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime())
    signed_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
