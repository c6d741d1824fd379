"""The organisation and its people: subdistricts, departments, communities, grids, people, their roles and grids,
per-account preferences and onboarding invites."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, UtcDateTime


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
    # Issue 19: the person's Feishu account when they are bound on Telegram too (telegram_id then holds the Telegram
    # id); bound on Feishu only, the Feishu id is in telegram_id, the person's primary chat (docs/messengers.md).
    feishu_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
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


class PeopleVersion(Base):
    """One row (id 1) whose number SQLite's triggers raise whenever people, roles, communities, departments or
    language preferences change, from any process (migration 0020): the bot reads it to know that who is writing
    may have changed. PostgreSQL notifies instead (migration 0002) and leaves it alone."""

    __tablename__ = "people_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger)


class Invite(Base):
    __tablename__ = "invites"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    used_by: Mapped[int | None] = mapped_column(BigInteger)
