"""Tables: the organisation and its people, onboarding, the outbox, the audit trail and dialog (FSM) state."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
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
    # Set by an administrator (`gridbot person deactivate`): refused by the bot, cannot bind again, until activated.
    # `active` alone also turns false when Telegram says the person blocked the bot.
    deactivated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
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
    # Higher goes first: emergency call-outs (issue 8) overtake queued routine notices.
    priority: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Telegram's id of the sent message, so that a later editMessageText row can refer to it by outbox key.
    message_id: Mapped[int | None] = mapped_column(BigInteger)


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


# --- issue 4: grid work logs 网格工作纪实表 ---


class WorkLog(Base):
    """One grid work log: a day's work of one person in one grid, signed by the community Party secretary."""

    __tablename__ = "work_logs"
    __table_args__ = (Index("ix_work_logs_community_date", "community_id", "work_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id", ondelete="CASCADE"))
    work_date: Mapped[date] = mapped_column(Date)
    deployment: Mapped[str] = mapped_column(
        String(32)
    )  # the role the person logs as (paired cadre, grid worker…)
    categories: Mapped[list] = mapped_column(JSON)  # key tasks: publicist, gatekeeper, fixer, helper, servant
    households: Mapped[int] = mapped_column(Integer)
    addresses: Mapped[str | None] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)
    # Problems found are reported through the problem flow (issue 5): problems.log_id points back here.
    # submitted → approved, or → returned → (edited) submitted …; excluded: left out of a month's submission
    status: Mapped[str] = mapped_column(String(16), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)  # +1 on every resubmission: old buttons go stale
    opinion: Mapped[str | None] = mapped_column(Text)
    signed_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    excluded_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime())
    photos: Mapped[list[WorkLogPhoto]] = relationship(
        cascade="all, delete-orphan", order_by="WorkLogPhoto.position", lazy="selectin"
    )
    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    signer: Mapped[Person | None] = relationship(foreign_keys=[signed_by])
    grid: Mapped[Grid] = relationship()
    community: Mapped[Community] = relationship()


class WorkLogPhoto(Base):
    """A photo of a log: Telegram's file id, and the copy in MEDIA_DIR that outlives Telegram's file expiry."""

    __tablename__ = "work_log_photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    log_id: Mapped[int] = mapped_column(ForeignKey("work_logs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    file_id: Mapped[str] = mapped_column(String(255))
    file_unique_id: Mapped[str] = mapped_column(String(100))
    local_path: Mapped[str | None] = mapped_column(String(500))


class WorkLogEvent(Base):
    """The history of a log: submitted, returned (with the reason), resubmitted, approved, excluded, reopened."""

    __tablename__ = "work_log_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    log_id: Mapped[int] = mapped_column(ForeignKey("work_logs.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)


class WorkLogDraft(Base):
    """A log being filled in, saved at every step, so it can be resumed after a restart or a /menu, or discarded."""

    __tablename__ = "work_log_drafts"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SignDelegate(Base):
    """Someone the administrator allowed to sign a community's logs in place of its Party secretary."""

    __tablename__ = "sign_delegates"

    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class LogMonth(Base):
    """A community's month of logs submitted to 党群工作部: the workbook, who submitted it, late or not, reopenings."""

    __tablename__ = "log_months"
    __table_args__ = (UniqueConstraint("community_id", "month"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    month: Mapped[date] = mapped_column(Date)  # the first day of the month
    status: Mapped[str] = mapped_column(String(16))  # submitted, reopened
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime())
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    log_count: Mapped[int] = mapped_column(Integer, default=0)
    excluded_count: Mapped[int] = mapped_column(Integer, default=0)
    workbook_path: Mapped[str | None] = mapped_column(String(500))
    summary: Mapped[str | None] = mapped_column(Text)
    reopened_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    reopened_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    reopen_reason: Mapped[str | None] = mapped_column(Text)


# --- issue 5: problems and suggestions ---


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


# --- issue 6: calendar, attendance, reminders ---
# Imports kept in this block so that parallel branches editing the top of the file merge cleanly.

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


# --- issue 7: leaders' digests ---


class DigestNudge(Base):
    """A leader pressed 催办 under an overdue item in a digest: its owner is reminded once a day, whoever presses."""

    __tablename__ = "digest_nudges"
    __table_args__ = (UniqueConstraint("problem_id", "day", name="uq_digest_nudges_problem_day"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UtcDateTime())


# --- issue 7: assessment ratings 季度评议 ---


class Rating(Base):
    """A rater's current grade of a cadre for a quarter: one per rater, cadre and quarter; changed in place while
    the quarter's rating window is open, every version kept in `assessment_rating_events`."""

    __tablename__ = "assessment_ratings"
    __table_args__ = (
        UniqueConstraint(
            "rater_id", "cadre_id", "year", "quarter", name="uq_assessment_ratings_rater_cadre_q"
        ),
        Index("ix_assessment_ratings_period", "year", "quarter"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rater_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    cadre_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    rater_role: Mapped[str] = mapped_column(String(32))  # leader_in_charge or secretary
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)
    grade: Mapped[str] = mapped_column(String(16))  # domain.assessment.Grade
    comment: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)  # +1 on every change
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class RatingEvent(Base):
    """Every grade given or changed: the history of a rating."""

    __tablename__ = "assessment_rating_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rating_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_ratings.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    grade: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str | None] = mapped_column(Text)


# --- issue 8: emergency call-outs 应急分队 ---


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


# --- issue 7: exports (reports as xlsx documents) ---


class ExportJob(Base):
    """An xlsx export someone asked for: built by the export worker (bot/exports_worker.py), its progress shown by
    editing one message, the document sent once. A job left `running` by a restart is claimed again after its lease.

    status: queued → running → built (file written) → sent; or failed (the person is told why)."""

    __tablename__ = "export_jobs"
    __table_args__ = (Index("ix_export_jobs_status", "status"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    locale: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(32))
    params: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    progress: Mapped[int] = mapped_column(Integer, default=0)  # percent
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    file_path: Mapped[str | None] = mapped_column(String(500))
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


# --- issue 8: work prompt sheets 工作提示单 and meeting filing 会议报备 ---


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


class Meeting(Base):
    """A filed meeting that needs community cadres; 党政办 approves, declines or merges it."""

    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_day_status", "day", "status"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subdistrict_id: Mapped[int | None] = mapped_column(ForeignKey("subdistricts.id", ondelete="SET NULL"))
    filer_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    department: Mapped[str] = mapped_column(String(100), default="")
    subject: Mapped[str] = mapped_column(String(100))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime())
    day: Mapped[date] = mapped_column(Date)  # local date of starts_at
    minutes: Mapped[int] = mapped_column(Integer)
    place: Mapped[str | None] = mapped_column(String(200))  # None: online
    why_not_sheet: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))
    version: Mapped[int] = mapped_column(Integer, default=1)
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    decline_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class MeetingTarget(Base):
    """A community a meeting needs, and how many of its people."""

    __tablename__ = "meeting_targets"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    people: Mapped[int] = mapped_column(Integer)


class MeetingAttendee(Base):
    """Someone a community secretary named to attend an approved meeting."""

    __tablename__ = "meeting_attendees"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    named_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    named_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PromptSheetDraft(Base):
    """A prompt sheet being written, saved at every step: it outlives a restart, a /menu or a /cancel."""

    __tablename__ = "prompt_sheet_drafts"
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    data: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
