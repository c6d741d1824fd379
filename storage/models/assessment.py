"""Assessment ratings 季度评议 (issue 7): the grades raters give cadres each quarter, and their history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UtcDateTime


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
