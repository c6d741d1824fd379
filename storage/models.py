"""Tables: the organisation and its people, onboarding, the outbox, the audit trail and dialog (FSM) state."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC timestamps on both backends (SQLite stores them as naive text, so the zone is put back on read)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime stored; pass an aware datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Subdistrict(Base):
    __tablename__ = "subdistricts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class Department(Base):
    __tablename__ = "departments"
    __table_args__ = (UniqueConstraint("subdistrict_id", "name", name="uq_departments_subdistrict_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subdistrict_id: Mapped[int] = mapped_column(ForeignKey("subdistricts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))


class Community(Base):
    __tablename__ = "communities"
    __table_args__ = (UniqueConstraint("subdistrict_id", "name", name="uq_communities_subdistrict_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subdistrict_id: Mapped[int] = mapped_column(ForeignKey("subdistricts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    grids: Mapped[list[Grid]] = relationship(back_populates="community", order_by="Grid.name")


class Grid(Base):
    __tablename__ = "grids"
    __table_args__ = (UniqueConstraint("community_id", "name", name="uq_grids_community_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    households: Mapped[int | None] = mapped_column(Integer)
    population: Mapped[int | None] = mapped_column(Integer)
    community: Mapped[Community] = relationship(back_populates="grids")


class Person(Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subdistrict_id: Mapped[int | None] = mapped_column(ForeignKey("subdistricts.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(50))
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id", ondelete="SET NULL"))
    telegram_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    bound_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # False once Telegram says the person blocked the bot (403); set back when they write again.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    roles: Mapped[list[PersonRole]] = relationship(
        back_populates="person", cascade="all, delete-orphan", lazy="selectin"
    )
    grids: Mapped[list[PersonGrid]] = relationship(cascade="all, delete-orphan")
    department: Mapped[Department | None] = relationship()


class PersonRole(Base):
    __tablename__ = "person_roles"
    __table_args__ = (
        UniqueConstraint("person_id", "role", "community_id", name="uq_person_roles_person_role_community"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    person: Mapped[Person] = relationship(back_populates="roles")
    community: Mapped[Community | None] = relationship(lazy="joined")


class PersonGrid(Base):
    __tablename__ = "person_grids"
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id", ondelete="CASCADE"), primary_key=True)


class UserPref(Base):
    """Per Telegram account preferences; kept apart from people so /lang works before onboarding."""

    __tablename__ = "user_prefs"
    telegram_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    locale: Mapped[str] = mapped_column(String(10))


class Invite(Base):
    __tablename__ = "invites"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    used_by: Mapped[int | None] = mapped_column(BigInteger)


class AuditEntry(Base):
    """Who did what, when. Never holds a full phone number."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    actor_telegram_id: Mapped[int | None] = mapped_column(BigInteger)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(50))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


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


class FsmRecord(Base):
    """aiogram FSM / aiogram-dialog state, so a half-filled dialog survives a restart without Redis."""

    __tablename__ = "fsm_state"
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[str] = mapped_column(Text, default="{}")  # JSON text, as the dialog framework hands it over


# --- issue 6: calendar, attendance, reminders ---
# Imports kept in this block so that parallel branches editing the top of the file merge cleanly.
from datetime import date  # noqa: E402

from sqlalchemy import Date, Float  # noqa: E402


class CalendarDayRow(Base):
    """A day of a year the administrator loaded (`gridbot calendar load`): a holiday or a make-up working day."""

    __tablename__ = "calendar_days"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    working: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(50), default="")


class CalendarYear(Base):
    """A year loaded from a file; its days not listed in calendar_days follow the week (Mon–Fri on)."""

    __tablename__ = "calendar_years"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(200))
    loaded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CommunityPoint(Base):
    """Where a community's check-ins are expected: a point and a radius (kept apart from `communities`)."""

    __tablename__ = "community_points"
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    radius_m: Mapped[int] = mapped_column(Integer)


class AttendanceDay(Base):
    """A community day of a paired or seconded cadre: checked in, optionally with a location, optionally out."""

    __tablename__ = "attendance_days"
    __table_args__ = (UniqueConstraint("person_id", "day", name="uq_attendance_days_person_day"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date, index=True)
    checkin_at: Mapped[datetime] = mapped_column(UtcDateTime())
    checkout_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    distance_m: Mapped[int | None] = mapped_column(Integer)
    # True when the location was farther from the community's point than its radius: recorded, but marked.
    outside: Mapped[bool] = mapped_column(Boolean, default=False)


class AttendancePlan(Base):
    """A community day a paired cadre planned for next week."""

    __tablename__ = "attendance_plans"
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class MoveRequest(Base):
    """A paired cadre asks the community secretary to move a planned community day (a clash with department work)."""

    __tablename__ = "attendance_move_requests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    from_day: Mapped[date] = mapped_column(Date)
    to_day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending, approved, declined
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))


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
